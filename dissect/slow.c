/* slow.c — IEEE 802.3 Slow Protocols, ethertype 0x8809: one subtype byte
 * names the protocol that follows (1 LACP, 2 Marker, 3 OAM, 10 OSSP).
 *
 *   +---------+------------------------------+
 *   | subtype | the subtype's PDU ...        |
 *   +---------+------------------------------+
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def slow_fields[] = {
	{"slow.subtype", "Slow Protocols subtype", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(slow);


/* LACP (subtype 1) read here; other subtypes' PDUs are data. */
static void dissect_slow(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_SLOW, c->off);
	if (idx < 0)
		return;
	uint8_t subtype = cursor_u8(c);
	if (!cursor_ok(c)) {
		/* no subtype: Wireshark named the protocol, then stopped before its item */
		p->layers[idx].flags |= PKT_NESTED | PKT_NAMES_PROTO | PKT_NO_ITEM;
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (subtype == 1)
		dissect_lacp(p, c);
	else if (cursor_left(c) > 0)
		dissect_data(p, c);
}

/* "Slow Protocols", Info the subtype a protocol above does not replace. */
static void slow_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "Slow Protocols");
	if (d && n >= 1)
		col_set(c, "Subtype = %u", d[0]);
}

/* Wireshark's registration: ethertype 0x8809. */
static const struct handoff slow_handoff[] = {
	ETHERTYPE(0x8809, dissect_slow),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(SLOW, "slow", "Slow Protocols");
const struct protocol proto_slow = {PROTO_SLOW, .short_name = "802.3 Slow protocols", .fields = &slow_table,
				    .columns = slow_columns, .handoff = slow_handoff};
