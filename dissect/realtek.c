/* realtek.c — Realtek layer-2 protocols (ethertype 0x8899): the first byte
 * names the protocol: 0x01 RRCP (rrcp.c), 0x02 REP (rep.c), 0x03 or 0x23
 * RLDP (rldp.c); other bytes are shown as an unknown packet.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def realtek_fields[] = {
	{"realtek.packet", "Unknown packet", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(realtek);

void dissect_realtek(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_REALTEK, c->off) < 0)
		return;
	switch (cursor_peek(c, 0)) {
	case 0x01:
		pkt_push_layer(p, PROTO_RRCP, c->off);
		break;
	case 0x02:
		pkt_push_layer(p, PROTO_REP, c->off);
		break;
	case 0x03:
	case 0x23:
		pkt_push_layer(p, PROTO_RLDP, c->off);
		break;
	default:
		break;
	}
}

static void realtek_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				 const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d && fv_same(f->abbrev, "realtek.packet") && n > 0 && d[0] != 1 && d[0] != 2 && d[0] != 3 && d[0] != 0x23)
		fv_give_ptr(fn, data, FV_BYTES, d, n);
}

/* Realtek's protocols without a message of their own show no summary. */
static void realtek_columns(struct columns *c, const struct packet *p, int idx)
{
	col_short_name(c, p, idx);
	col_clear(c);
}

static const struct handoff realtek_handoff[] = {
	ETHERTYPE(0x8899, dissect_realtek),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(REALTEK, "realtek", "Realtek Layer 2 Protocols");
const struct protocol proto_realtek = {PROTO_REALTEK, .short_name = "Realtek", .columns = realtek_columns, .values = realtek_field_values,
				       .fields = &realtek_table, .handoff = realtek_handoff};
