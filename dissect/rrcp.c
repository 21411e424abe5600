/* rrcp.c — Realtek Remote Control Protocol (after Realtek's 0x01):
 * protocol(1) opcode(1, top bit "reply") authkey(2) ...
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct value_string rrcp_opcode_vals[] = {
	{0, "Hello"}, {1, "Get"}, {2, "Set"}, {0, NULL},
};

static const struct field_def rrcp_fields[] = {
	{"rrcp.protocol", "Protocol", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"rrcp.reply", "Reply", FT_BOOLEAN, BASE_NONE, 1, 1, 0x80, NULL},
	{"rrcp.opcode", "Opcode", FT_UINT8, BASE_HEX, 1, 1, 0x7f, rrcp_opcode_vals},
	{"rrcp.authkey", "Authentication key", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(rrcp);

/* "Get Request", "Hello Reply". */
static void rrcp_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const ops[] = {"Hello", "Get", "Set"};
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_short_name(c, p, idx);
	col_clear(c);
	if (n < 2)
		return;
	col_append_name(c, ops, 3, d[1] & 0x7f);
	col_append(c, "%s", d[1] & 0x80 ? " Reply" : " Request");
}

PROTOCOL_ID(RRCP, "rrcp", "Realtek Remote Control Protocol");
const struct protocol proto_rrcp = {PROTO_RRCP, .short_name = "RRCP", .columns = rrcp_columns, .fields = &rrcp_table};
