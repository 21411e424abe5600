/* sll.c — Linux "cooked" capture headers, version 1 (LINKTYPE_LINUX_SLL) and
 * version 2 (LINKTYPE_LINUX_SLL2), written by captures on "any".
 *
 * SLL (16 bytes):                      SLL2 (20 bytes):
 *   0  packet type     2                 0  protocol        2
 *   2  ARPHRD type     2                 2  reserved        2
 *   4  address length  2                 4  interface index 4
 *   6  address         8                 8  ARPHRD type     2
 *  14  protocol        2                10  packet type     1
 *                                       11  address length  1
 *                                       12  address         8
 *
 * The protocol is an ethertype, except for a few Linux pseudo-values
 * (0x0004: the payload starts with an 802.2 LLC header).
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string pkttype_vals[] = {
	{0, "Unicast to us"}, {1, "Broadcast"}, {2, "Multicast"},
	{3, "Unicast to another host"}, {4, "Sent by us"}, {0, NULL},
};

static const struct field_def sll_fields[] = {
	{"sll.pkttype", "Packet type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, pkttype_vals},
	{"sll.hatype", "Link-layer address type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"sll.halen", "Link-layer address length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"sll.src.eth", "Source", FT_ETHER, BASE_NONE, FIELD_VAR, 6, 0, NULL},
	{"sll.etype", "Protocol", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"sll.ifindex", "Interface index", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(sll);

#define SLL_LLC 0x0004 /* Linux ETH_P_802_2: an LLC header follows */

static void sll_payload(struct packet *p, int idx, struct cursor *c, uint16_t proto)
{
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (proto == SLL_LLC)
		dissect_llc(p, c);
	else if (proto > 1500)
		dispatch(&ethertype_table, proto, p, c);
	else
		dissect_data(p, c);
}

void dissect_sll(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_SLL, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 14);
	uint16_t proto = cursor_be16(c);
	sll_payload(p, idx, c, proto);
}

void dissect_sll2(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_SLL, c->off);
	if (idx < 0)
		return;
	uint16_t proto = cursor_be16(c);
	cursor_skip(c, 18);
	sll_payload(p, idx, c, proto);
}

/* SLL: pkttype(2) hatype(2) halen(2) address(8) protocol(2).
 * SLL2: protocol(2) reserved(2) ifindex(4) hatype(2) pkttype(1) halen(1)
 * address(8). */
static unsigned sll_values(bool v2, const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < (v2 ? 20u : 16u))
		return 0;
	uint32_t hatype = v2 ? fv_get16(d + 8, true) : fv_get16(d + 2, true);
	uint32_t halen = v2 ? d[11] : fv_get16(d + 4, true);
	if (fv_same(a, "sll.pkttype"))
		return fv_give_uint(fn, data, v2 ? d[10] : fv_get16(d, true));
	if (fv_same(a, "sll.hatype"))
		return fv_give_uint(fn, data, hatype);
	if (fv_same(a, "sll.halen"))
		return fv_give_uint(fn, data, halen);
	if (fv_same(a, "sll.etype"))
		return fv_give_uint(fn, data, v2 ? fv_get16(d, true) : fv_get16(d + 14, true));
	if (fv_same(a, "sll.ifindex"))
		return v2 ? fv_give_uint(fn, data, fv_get32(d + 4, true)) : 0;
	/* an Ethernet-like source address (Ethernet, loopback, IEEE 802) */
	if (fv_same(a, "sll.src.eth") && halen == 6 && (hatype == 1 || hatype == 772 || hatype == 6))
		return fv_give_ptr(fn, data, FV_ETHER, d + (v2 ? 12 : 6), 6);
	return 0;
}

static void sll_field_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			     uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		sll_values(p->frame->linktype == LINKTYPE_LINUX_SLL2, d, n, f->abbrev, fn, data);
}

/* frame.protocols: "ethertype" after a cooked header whose protocol is a type. */
static const char *sll_protocols_after(const struct packet *p, int idx)
{
	return ethertype_after(p, &p->layers[idx], p->frame->linktype == LINKTYPE_LINUX_SLL2 ? 0 : 14);
}

static const struct handoff sll_handoff[] = {
	LINKTYPE(LINKTYPE_LINUX_SLL, dissect_sll),
	LINKTYPE(LINKTYPE_LINUX_SLL2, dissect_sll2),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(SLL, "sll", "Linux cooked capture");
const struct protocol proto_sll = {PROTO_SLL, .short_name = "SLL", .protocols_after = sll_protocols_after, .transport = true,
                                   .expert = ethertype_trailer_expert, .values = sll_field_values,
                                   .fields = &sll_table, .handoff = sll_handoff};
