/* arp.c — Address Resolution Protocol (RFC 826).
 *
 *   0       2       4    5    6       8
 *   +-------+-------+----+----+-------+------------------------------------+
 *   | htype | ptype |hlen|plen|opcode | sender hw, sender proto,           |
 *   |       |       |    |    |       | target hw, target proto addresses  |
 *   +-------+-------+----+----+-------+------------------------------------+
 */
#include <arpa/inet.h>
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

static const struct value_string opcode_vals[] = {
	{1, "request"}, {2, "reply"}, {3, "reverse request"}, {4, "reverse reply"}, {0, NULL},
};

static const struct field_def arp_fields[] = {
	{"arp.hw.type", "Hardware type", FT_UINT16, BASE_DEC, 0, 2, 0, NULL},
	{"arp.proto.type", "Protocol type", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"arp.hw.size", "Hardware size", FT_UINT8, BASE_DEC, 4, 1, 0, NULL},
	{"arp.proto.size", "Protocol size", FT_UINT8, BASE_DEC, 5, 1, 0, NULL},
	{"arp.opcode", "Opcode", FT_UINT16, BASE_DEC, 6, 2, 0, opcode_vals},
	{"arp.src.hw_mac", "Sender MAC address", FT_ETHER, BASE_NONE, 8, 6, 0, NULL},
	{"arp.src.proto_ipv4", "Sender IP address", FT_IPV4, BASE_NONE, 14, 4, 0, NULL},
	{"arp.dst.hw_mac", "Target MAC address", FT_ETHER, BASE_NONE, 18, 6, 0, NULL},
	{"arp.dst.proto_ipv4", "Target IP address", FT_IPV4, BASE_NONE, 24, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(arp);

/* Wireshark's duplicate address detection: the MAC address each IPv4
 * address was last bound to by an Ethernet ARP request or reply (and the
 * frame), the sender's always, the target's in a reply; a binding to
 * another MAC address in a later frame is a duplicate use of the address
 * (the table keeps the first binding).  Addresses 0.0.0.0 and multicast,
 * broadcast or all-zero MAC addresses bind nothing.  The table holds at
 * most ARP_BINDINGS_MAX addresses, so memory stays flat. */
#define ARP_BINDINGS_MAX 65536
struct arp_binding {
	uint8_t mac[6];
	uint64_t frame;
};

static void *arp_table_new(void)
{
	return g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
}

static void arp_table_free(void *t)
{
	g_hash_table_destroy(t);
}

static bool arp_bindable(const uint8_t *mac, const uint8_t *ip)
{
	static const uint8_t zero[6];
	return !(mac[0] & 1) && memcmp(mac, zero, 6) != 0 && memcmp(ip, zero, 4) != 0;
}

/* MAC binds IP in P's frame: a duplicate is noted in P (true). */
static bool arp_bind(struct packet *p, GHashTable *t, const uint8_t *mac, const uint8_t *ip)
{
	uint32_t key = (uint32_t)ip[0] << 24 | (uint32_t)ip[1] << 16 | (uint32_t)ip[2] << 8 | ip[3];
	struct arp_binding *b = g_hash_table_lookup(t, GUINT_TO_POINTER(key));
	if (!b) {
		if (g_hash_table_size(t) >= ARP_BINDINGS_MAX)
			return false;
		b = g_new(struct arp_binding, 1);
		memcpy(b->mac, mac, 6);
		b->frame = p->frame->number;
		g_hash_table_insert(t, GUINT_TO_POINTER(key), b);
	} else if (p->frame->number > b->frame) {
		if (memcmp(b->mac, mac, 6) == 0)
			b->frame = p->frame->number;
		else if (p->arp_ndup < G_N_ELEMENTS(p->arp_dup))
			return memcpy(p->arp_dup[p->arp_ndup++], ip, 4) != NULL;
	}
	return false;
}

/* The bindings of an Ethernet/IPv4 request or reply at D (N bytes).  The
 * Info column tells of a duplicate only when the last address looked at
 * (the target's in a reply) was one. */
static void arp_track(struct packet *p, const uint8_t *d, uint32_t n)
{
	if (!p->session || (p->flags & PKT_IN_ERROR) || n < 28)
		return;
	unsigned htype = (unsigned)d[0] << 8 | d[1], ptype = (unsigned)d[2] << 8 | d[3];
	unsigned opcode = (unsigned)d[6] << 8 | d[7];
	if ((htype != 1 && htype != 6) || d[4] != 6 || ptype != 0x0800 || d[5] != 4 || (opcode != 1 && opcode != 2))
		return;
	GHashTable *t = session_proto_data(p->session, PROTO_ARP, arp_table_new, arp_table_free);
	if (arp_bindable(d + 8, d + 14))
		p->arp_dup_info = arp_bind(p, t, d + 8, d + 14);
	/* a request's target addresses mean nothing; an address already found
	 * duplicate in this frame is not reported twice */
	if (opcode == 2 && arp_bindable(d + 18, d + 24) &&
	    !(p->arp_ndup && memcmp(p->arp_dup[p->arp_ndup - 1], d + 24, 4) == 0))
		p->arp_dup_info = arp_bind(p, t, d + 18, d + 24);
}

void dissect_arp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_ARP, c->off);
	if (idx < 0)
		return;
	uint32_t start = c->off;
	cursor_skip(c, 4);
	uint8_t hlen = cursor_u8(c), plen = cursor_u8(c);
	cursor_skip(c, 2);
	cursor_skip(c, 2u * hlen + 2u * plen);
	if (cursor_ok(c))
		arp_track(p, c->data + start, c->off - start);
	pkt_note_cursor(p, idx, c);
}

/* The hardware address of HLEN bytes at B as Wireshark writes it: an
 * Ethernet (or IEEE 802) MAC with colons, any other as plain hex. */
static void arp_hw_text(char *buf, size_t n, unsigned htype, const uint8_t *b, unsigned hlen)
{
	if ((htype == 1 || htype == 6) && hlen == 6) {
		g_snprintf(buf, n, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
		return;
	}
	size_t at = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < hlen && at + 3 <= n; i++, at += 2)
		g_snprintf(buf + at, n - at, "%02x", b[i]);
}

/* The Protocol column names the ARP variant the operation belongs to. */
static const char *arp_variant(unsigned opcode)
{
	if (opcode == 3 || opcode == 4)
		return "RARP";
	if (opcode >= 5 && opcode <= 7)
		return "DRARP";
	if (opcode == 8 || opcode == 9)
		return "Inverse ARP";
	if (opcode >= 10 && opcode <= 21)
		return "MARS";
	return opcode == 23 ? "MAPOS" : "ARP";
}

/* "Who has 10.0.0.1? Tell 10.0.0.2", "10.0.0.1 is at 52:54:00:..", read
 * from the header (hardware and protocol types and lengths, operation,
 * sender and target addresses); an operation code no ARP variant defines
 * (0, above 25) is named as such. */
static void arp_columns(struct columns *c, const struct packet *p, int idx)
{
	col_proto(c, "ARP");
	col_clear(c);
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (n < 8)
		return;
	unsigned htype = (unsigned)d[0] << 8 | d[1], ptype = (unsigned)d[2] << 8 | d[3];
	unsigned hlen = d[4], plen = d[5], opcode = (unsigned)d[6] << 8 | d[7];
	col_proto(c, arp_variant(opcode));
	if (opcode == 0 || opcode > 25) {
		col_set(c, "Unknown ARP opcode 0x%04x", opcode);
		return;
	}
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN], hw[2 * 255 + 1];
	const uint8_t *sha = d + 8, *spa = sha + hlen, *tpa = spa + plen + hlen;
	if (ptype != 0x0800 || plen != 4 || n < 8 + 2 * hlen + 2 * plen || !inet_ntop(AF_INET, spa, a, sizeof a) ||
	    !inet_ntop(AF_INET, tpa, b, sizeof b)) {
		col_clear(c);
		return;
	}
	const uint8_t *tha = spa + plen;
	char hw2[2 * 255 + 1];
	static const uint8_t zero[6];
	bool gratuitous = memcmp(spa, tpa, 4) == 0, tha_zero = hlen >= 6 && memcmp(tha, zero, 6) == 0;
	if (opcode == 1 && gratuitous && tha_zero) {
		col_set(c, "ARP Announcement for %s", b);
	} else if (opcode == 1 && gratuitous) {
		col_set(c, "Gratuitous ARP for %s (Request)", b);
	} else if (opcode == 1 && tha_zero && memcmp(spa, zero, 4) == 0) {
		col_set(c, "Who has %s? (ARP Probe)", b);
	} else if (opcode == 1) {
		col_set(c, "Who has %s? Tell %s", b, a);
	} else if (opcode == 2 && gratuitous) {
		col_set(c, "Gratuitous ARP for %s (Reply)", a);
	} else if (opcode == 2) {
		arp_hw_text(hw, sizeof hw, htype, sha, hlen);
		col_set(c, "%s is at %s", a, hw);
	} else if (opcode == 3) { /* reverse: by hardware address */
		arp_hw_text(hw, sizeof hw, htype, tha, hlen);
		arp_hw_text(hw2, sizeof hw2, htype, sha, hlen);
		col_set(c, "Who is %s? Tell %s", hw, hw2);
	} else if (opcode == 4) {
		arp_hw_text(hw, sizeof hw, htype, tha, hlen);
		col_set(c, "%s is at %s", hw, b);
	} else {
		col_clear(c);
	}
	if (p->arp_dup_info && inet_ntop(AF_INET, p->arp_dup[p->arp_ndup - 1], a, sizeof a))
		col_append(c, " (duplicate use of %s detected!)", a);
}

/* One item for each address bound anew to another MAC address. */
static void arp_expert(struct experts *e, const struct packet *p, G_GNUC_UNUSED int idx)
{
	char a[INET_ADDRSTRLEN];
	for (unsigned i = 0; i < p->arp_ndup; i++)
		if (inet_ntop(AF_INET, p->arp_dup[i], a, sizeof a))
			expert_add(e, EXPERT_WARN, EXPERT_SEQUENCE, "ARP/RARP", "Duplicate IP address configured (%s)", a);
}

static const struct handoff arp_handoff[] = {
	ETHERTYPE(0x0806, dissect_arp),
	ETHERTYPE(0x8035, dissect_arp), /* RARP */
	HANDOFF_LIST_END,
};
PROTOCOL_ID(ARP, "arp", "Address Resolution Protocol");
const struct protocol proto_arp = {PROTO_ARP, .short_name = "ARP/RARP", .transport = true, .columns = arp_columns, .expert = arp_expert, .fields = &arp_table,
                                   .handoff = arp_handoff};
