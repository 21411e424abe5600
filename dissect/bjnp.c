/* bjnp.c — Canon BJNP (UDP 8611-8614; printers and scanners): id(4, "BJNP" /
 * "BJNB" ...) type(1) code(1) sequence(4) session(2) payload length(4),
 * payload.  A datagram whose first byte is not printable is not BJNP.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string bjnp_type_vals[] = {
	{0x01, "Printer Command"}, {0x02, "Scanner Command"}, {0x81, "Printer Response"},
	{0x82, "Scanner Response"}, {0, NULL},
};

static const struct value_string bjnp_code_vals[] = {
	{0x01, "Discover"}, {0x10, "Print Job Details"}, {0x11, "Request Closure"},
	{0x20, "Get Printer Status"}, {0x21, "Print"}, {0x30, "Get Printer Identity"},
	{0x32, "Scan Job Details"}, {0, NULL},
};

static const struct field_def bjnp_fields[] = {
	{"bjnp.id", "Id", FT_STRING, BASE_NONE, 0, 4, 0, NULL},
	{"bjnp.type", "Type", FT_UINT8, BASE_DEC, 4, 1, 0, bjnp_type_vals},
	{"bjnp.code", "Code", FT_UINT8, BASE_DEC, 5, 1, 0, bjnp_code_vals},
	{"bjnp.seq_no", "Sequence Number", FT_UINT32, BASE_DEC, 6, 4, 0, NULL},
	{"bjnp.session_id", "Session Id", FT_UINT16, BASE_DEC, 10, 2, 0, NULL},
	{"bjnp.payload_len", "Payload Length", FT_UINT32, BASE_DEC, 12, 4, 0, NULL},
	{"bjnp.payload", "Payload", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(bjnp);

void dissect_bjnp(struct packet *p, struct cursor *c)
{
	int first = cursor_peek(c, 0);
	if (first < 0x20 || first > 0x7e)
		return;
	int idx = pkt_push_layer(p, PROTO_BJNP, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 12);
	uint32_t len = cursor_be32(c);
	app_skip(c, len);
	app_note(p, idx, c);
}

static void bjnp_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d && fv_same(f->abbrev, "bjnp.payload") && n >= 16) {
		uint32_t len = fv_get32(d + 12, true);
		if (len > 0 && len <= n - 16)
			fv_give_ptr(fn, data, FV_BYTES, d + 16, len);
	}
}

/* BJNP: "Printer Command: Discover". */
static void bjnp_columns(struct columns *c, const struct packet *p, int idx)
{
	static const struct value_string types[] = {{0x01, "Printer Command"}, {0x02, "Scanner Command"},
						    {0x81, "Printer Response"}, {0x82, "Scanner Response"}, {0, NULL}},
					 codes[] = {{0x01, "Discover"}, {0x10, "Print Job Details"},
						    {0x11, "Request Closure"}, {0x20, "Get Printer Status"},
						    {0x21, "Print"}, {0x30, "Get Printer Identity"},
						    {0x32, "Scan Job Details"}, {0, NULL}};
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_short_name(c, p, idx);
	col_clear(c);
	if (n < 6)
		return;
	const char *t = value_name(types, d[4]), *k = value_name(codes, d[5]);
	if (t)
		col_append(c, "%s: ", t);
	else
		col_append(c, "Unknown type (%u): ", d[4]);
	if (k)
		col_append(c, "%s", k);
	else
		col_append(c, "Unknown code (%u)", d[5]);
}

static const struct handoff bjnp_handoff[] = {
	UDP_PORTS(8611, 8614, dissect_bjnp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(BJNP, "bjnp", "Canon BJNP");
const struct protocol proto_bjnp = {PROTO_BJNP, .short_name = "BJNP", .columns = bjnp_columns, .values = bjnp_field_values,
				    .fields = &bjnp_table, .handoff = bjnp_handoff};
