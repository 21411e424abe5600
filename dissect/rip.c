/* rip.c — RIP (RFC 1058, RFC 2453), UDP port 520: command(1) version(1),
 * command 1 (request) or 2 (response), version 1 or 2; anything else on the
 * port is not RIP.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def rip_fields[] = {
	{"rip.command", "Command", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"rip.version", "Version", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(rip);

void dissect_rip(struct packet *p, struct cursor *c)
{
	int cmd = cursor_peek(c, 0), ver = cursor_peek(c, 1);
	if ((cmd != 1 && cmd != 2) || (ver != 1 && ver != 2))
		return;
	pkt_push_layer(p, PROTO_RIP, c->off);
}

/* The version in the Protocol column ("RIPv1"), the command as Info. */
static void rip_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, n >= 2 && d[1] == 1 ? "RIPv1" : n >= 2 && d[1] == 2 ? "RIPv2" : "RIP");
	col_clear(c);
	if (n >= 1)
		col_append(c, "%s", d[0] == 1 ? "Request" : d[0] == 2 ? "Response" : "Unknown command");
}

static const struct handoff rip_handoff[] = {
	UDP_PORT(520, dissect_rip),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(RIP, "rip", "Routing Information Protocol");
const struct protocol proto_rip = {PROTO_RIP, .short_name = "RIP", .columns = rip_columns, .fields = &rip_table, .handoff = rip_handoff};
