/* mpls.c — MPLS (RFC 3032), ethertypes 0x8847/0x8848 and PPP 0x0281: label
 * stack entries, each its own `mpls` layer as Wireshark nests them, until
 * the bottom-of-stack bit:
 *
 *   0                   1                   2                   3
 *   +---------------------------------------+-----+-+---------------+
 *   |                label (20)             | TC  |S|   TTL (8)     |
 *   +---------------------------------------+-----+-+---------------+
 *
 * What follows the bottom of the stack is told by its first nibble, as
 * Wireshark's default does: 4 IPv4, 6 IPv6, 1 the pseudowire associated
 * channel (RFC 4385: `pwach`, a 4-byte header), 0 Ethernet over MPLS
 * (`pweth`, RFC 4448) with or without a 4-byte control word; anything else
 * is data.  A stack that never ends is malformed.
 *
 * Whether an Ethernet pseudowire carries a control word, Wireshark guesses
 * from the manufacturers of the two addresses; without that table, here
 * the control word is assumed when the type field after it names a
 * protocol and the one without it does not.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def mpls_fields[] = {
	{"mpls.label", "MPLS Label", FT_UINT32, BASE_DEC, 0, 4, 0xfffff000, NULL},
	{"mpls.exp", "MPLS Experimental Bits", FT_UINT8, BASE_DEC, 2, 1, 0x0e, NULL},
	{"mpls.bottom", "MPLS Bottom Of Label Stack", FT_UINT8, BASE_DEC, 2, 1, 0x01, NULL},
	{"mpls.ttl", "MPLS TTL", FT_UINT8, BASE_DEC, 3, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(mpls);

/* Whether the type field HI LO names a protocol dissected here. */
static bool common_ethertype(int hi, int lo)
{
	return hi >= 0 && lo >= 0 && dispatch_find(&ethertype_table, (uint32_t)(hi << 8 | lo)) != NULL;
}

/* Ethernet over MPLS: a control word first when the guess above says so. */
static void dissect_pweth(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_PWETH, c->off);
	if (idx < 0)
		return;
	bool cw = !common_ethertype(cursor_peek(c, 12), cursor_peek(c, 13)) &&
		  common_ethertype(cursor_peek(c, 16), cursor_peek(c, 17));
	if (cw)
		cursor_skip(c, 4);
	if (cursor_rleft(c) > 0)
		dissect_eth(p, c);
}

static void dissect_pwach(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_PWACH, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 4);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (cursor_rleft(c) > 0)
		dissect_data(p, c);
}

void dissect_mpls(struct packet *p, struct cursor *c)
{
	for (;;) {
		if (cursor_rleft(c) == 0 && p->nlayers && p->layers[p->nlayers - 1].proto == PROTO_MPLS) {
			/* the stack never reached its bottom */
			pkt_mark(p, p->nlayers - 1, cursor_left(c) < cursor_rleft(c) ? PKT_TRUNCATED : PKT_MALFORMED);
			return;
		}
		int idx = pkt_push_layer(p, PROTO_MPLS, c->off);
		if (idx < 0)
			return;
		uint32_t entry = cursor_be32(c);
		if (!cursor_ok(c)) {
			pkt_note_cursor(p, idx, c);
			return;
		}
		if (entry & 0x100)
			break;
	}
	int first = cursor_peek(c, 0);
	if (first < 0) {
		if (cursor_rleft(c) > 0)
			pkt_mark(p, p->nlayers - 1, PKT_TRUNCATED); /* the payload's version is cut off */
		return;
	}
	switch (first >> 4) {
	case 4: dissect_ipv4(p, c); break;
	case 6: dissect_ipv6(p, c); break;
	case 1: dissect_pwach(p, c); break;
	case 0: dissect_pweth(p, c); break;
	default: dissect_data(p, c); break;
	}
}

/* "MPLS Label Switched Packet" until a layer it carries writes its own. */
static void mpls_columns(struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
	col_proto(c, "MPLS");
	col_set(c, "MPLS Label Switched Packet");
}

/* The pseudowire layers write nothing of their own. */
static void pw_columns(G_GNUC_UNUSED struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
}

/* Wireshark's registration: ethertypes 0x8847 and 0x8848 (PPP's 0x0281 is
 * ppp.c's own switch). */
static const struct handoff mpls_handoff[] = {
	ETHERTYPE(0x8847, dissect_mpls),
	ETHERTYPE(0x8848, dissect_mpls),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(MPLS, "mpls", "MultiProtocol Label Switching Header");
const struct protocol proto_mpls = {PROTO_MPLS, .short_name = "MPLS", .transport = true, .fields = &mpls_table, .columns = mpls_columns,
				    .handoff = mpls_handoff};
PROTOCOL_ID(PWETH, "pweth", "PW Ethernet");
const struct protocol proto_pweth = {PROTO_PWETH, .short_name = "PW Ethernet", .transport = true, .columns = pw_columns};
PROTOCOL_ID(PWACH, "pwach", "PW Associated Channel Header");
const struct protocol proto_pwach = {PROTO_PWACH, .short_name = "PW Associated Channel", .transport = true, .columns = pw_columns};
