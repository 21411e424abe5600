/* vlan.c — IEEE 802.1Q VLAN tags and 802.1ad service tags (stacked Q-in-Q).
 *
 *   0       2       4
 *   +-------+-------+---------
 *   |  TCI  | type  | payload ...      TCI = PCP(3) DEI(1) VID(12)
 *   +-------+-------+---------
 *
 * The tag follows the Ethernet addresses; its own type field says what is
 * next (another tag, IPv4, IPv6 ...).  Tag protocol 0x88a8 is an 802.1ad
 * service tag, shown as its own protocol.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string pri_vals[] = {
	{0, "Best Effort (default)"}, {1, "Background"}, {2, "Excellent Effort"},
	{3, "Critical Applications"}, {4, "Video, < 100ms latency and jitter"},
	{5, "Voice, < 10ms latency and jitter"}, {6, "Internetwork Control"},
	{7, "Network Control"}, {0, NULL},
};

static const struct field_def vlan_fields[] = {
	{"vlan.priority", "Priority", FT_UINT16, BASE_DEC, 0, 2, 0xe000, pri_vals},
	{"vlan.dei", "DEI", FT_UINT16, BASE_DEC, 0, 2, 0x1000, NULL},
	{"vlan.id", "ID", FT_UINT16, BASE_DEC, 0, 2, 0x0fff, NULL},
	{"vlan.etype", "Type", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"vlan.len", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(vlan);

static const struct field_def ieee8021ad_fields[] = {
	{"ieee8021ad.priority", "Priority", FT_UINT16, BASE_DEC, 0, 2, 0xe000, pri_vals},
	{"ieee8021ad.dei", "DEI", FT_UINT16, BASE_DEC, 0, 2, 0x1000, NULL},
	{"ieee8021ad.id", "ID", FT_UINT16, BASE_DEC, 0, 2, 0x0fff, NULL},
};
FIELD_TABLE_DEFINE(ieee8021ad);

/* The tag protocol identifier that introduced this tag is two bytes back. */
static bool is_service_tag(const struct cursor *c)
{
	return c->off >= 2 && c->data[c->off - 2] == 0x88 && c->data[c->off - 1] == 0xa8;
}

void dissect_vlan(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, is_service_tag(c) ? PROTO_IEEE8021AD : PROTO_VLAN, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 2);
	dissect_type_or_length(p, idx, c);
}

/* 802.1Q: the word after the tag is a length up to 1500, else a type. */
static unsigned vlan_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 4)
		return 0;
	uint32_t v = fv_get16(d + 2, true);
	if (fv_same(a, v <= 1500 ? "vlan.len" : "vlan.etype"))
		return fv_give_uint(fn, data, v);
	return 0;
}

static void vlan_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		vlan_values(d, n, f->abbrev, fn, data);
}

/* frame.protocols: "ethertype" after a tag that hands on by a type. */
static const char *vlan_protocols_after(const struct packet *p, int idx)
{
	return ethertype_after(p, &p->layers[idx], 2);
}

static const struct handoff vlan_handoff[] = {
	ETHERTYPE(0x8100, dissect_vlan),
	ETHERTYPE(0x9100, dissect_vlan), /* QinQ before 802.1ad */
	HANDOFF_LIST_END,
};
PROTOCOL_ID(VLAN, "vlan", "802.1Q Virtual LAN");
const struct protocol proto_vlan = {PROTO_VLAN, .short_name = "VLAN", .protocols_after = vlan_protocols_after, .transport = true, .values = vlan_field_values, .fields = &vlan_table,
                                    .handoff = vlan_handoff};

static const struct handoff ieee8021ad_handoff[] = {
	ETHERTYPE(0x88a8, dissect_vlan),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(IEEE8021AD, "ieee8021ad", "IEEE 802.1ad");
const struct protocol proto_ieee8021ad = {PROTO_IEEE8021AD, .short_name = "IEEE 802.1AD", .protocols_after = vlan_protocols_after, .transport = true, .fields = &ieee8021ad_table,
                                          .handoff = ieee8021ad_handoff};
