/* ipoib.c — IP over InfiniBand (RFC 4391) as captured on Linux
 * (LINKTYPE_IPOIB): a 40-byte link-address pseudo-header, then the 4-byte
 * IPoIB encapsulation header, then the packet.
 *
 *   0                         40         42         44
 *   +-------------------------+----------+----------+-----------
 *   | link addresses (40)     | type     | reserved | payload ...   type is an ethertype
 *   +-------------------------+----------+----------+-----------
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def ipoib_fields[] = {
	{"ipoib.type", "Type", FT_UINT16, BASE_HEX, 40, 2, 0, NULL},
	{"ipoib.reserved", "Reserved", FT_UINT16, BASE_HEX, 42, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(ipoib);

void dissect_ipoib(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_IPOIB, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 40);
	uint16_t type = cursor_be16(c);
	cursor_skip(c, 2);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	dispatch(&ethertype_table, type, p, c);
}

static const struct handoff ipoib_handoff[] = {
	LINKTYPE(LINKTYPE_IPOIB, dissect_ipoib),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(IPOIB, "ipoib", "IP over Infiniband");
const struct protocol proto_ipoib = {PROTO_IPOIB, .short_name = "IPoIB", .fields = &ipoib_table, .handoff = ipoib_handoff};
