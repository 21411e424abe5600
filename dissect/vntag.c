/* vntag.c — VN-Tag (Cisco's virtual network tag, the basis of IEEE 802.1Qbh),
 * Ethernet type 0x8926: a 4-byte tag before the next type, like a VLAN tag.
 *
 *   0               1               2               3
 *   +-+-+-----------------------------+-+-+---+-----------------------+
 *   |d|p|  destination vif (14 bits)   |l|r|ver|  source vif (12 bits) |
 *   +-+-+-----------------------------+-+-+---+-----------------------+
 *   | type (2)                        |  payload ...
 *   +---------------------------------+
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def vntag_fields[] = {
	{"vntag.dir", "Direction", FT_BOOLEAN, BASE_NONE, 0, 4, 0x80000000, NULL},
	{"vntag.ptr", "Pointer", FT_BOOLEAN, BASE_NONE, 0, 4, 0x40000000, NULL},
	{"vntag.dst", "Destination", FT_UINT32, BASE_DEC, 0, 4, 0x3fff0000, NULL},
	{"vntag.looped", "Looped", FT_BOOLEAN, BASE_NONE, 0, 4, 0x8000, NULL},
	{"vntag.r", "Reserved", FT_UINT32, BASE_DEC, 0, 4, 0x4000, NULL},
	{"vntag.version", "Version", FT_UINT32, BASE_DEC, 0, 4, 0x3000, NULL},
	{"vntag.src", "Source", FT_UINT32, BASE_DEC, 0, 4, 0xfff, NULL},
	{"vntag.etype", "Type", FT_UINT16, BASE_HEX, 4, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(vntag);

static void dissect_vntag(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_VNTAG, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 4);
	dissect_type_or_length(p, idx, c);
}

/* VN-Tag adds nothing to the columns: the layers it carries write them. */
static void vntag_columns(G_GNUC_UNUSED struct columns *c, G_GNUC_UNUSED const struct packet *p,
			  G_GNUC_UNUSED int idx)
{
}

/* frame.protocols: "ethertype" after a tag that hands on by a type, as
 * after a VLAN tag. */
static const char *vntag_protocols_after(const struct packet *p, int idx)
{
	return ethertype_after(p, &p->layers[idx], 4);
}

/* Wireshark's registration: ethertype 0x8926. */
static const struct handoff vntag_handoff[] = {
	ETHERTYPE(0x8926, dissect_vntag),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(VNTAG, "vntag", "VN-Tag");
const struct protocol proto_vntag = {PROTO_VNTAG, .short_name = "VNTAG", .protocols_after = vntag_protocols_after, .transport = true,
				     .fields = &vntag_table, .columns = vntag_columns, .handoff = vntag_handoff};
