/* ipv4.c — Internet Protocol version 4 (RFC 791).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-------+-------+---------------+-------------------------------+
 *   |Version|  IHL  |  DSCP   | ECN |          Total Length         |
 *   +-------+-------+---------------+-----+-------------------------+
 *   |         Identification        |Flags|     Fragment Offset     |
 *   +---------------+---------------+-----+-------------------------+
 *   |  Time to Live |    Protocol   |         Header Checksum       |
 *   +---------------+---------------+-------------------------------+
 *   |                       Source Address                          |
 *   +---------------------------------------------------------------+
 *   |                    Destination Address                        |
 *   +---------------------------------------------------------------+
 *   |                    Options (IHL > 5)                          |
 *   +---------------------------------------------------------------+
 *
 * The total length bounds the datagram: bytes after it (Ethernet padding)
 * are not ours.  A total length of zero is what TCP segmentation offload
 * leaves in captures taken on the sender: the datagram is then the rest of
 * the frame.  Fragments are marked and their payload shown as data: a
 * first fragment would wait for reassembly, so only a first fragment cut
 * short by the capture (or quoted in an ICMP error) shows its transport
 * header.
 */
#include <arpa/inet.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string proto_vals[] = {
	{0, "IPv6 Hop-by-Hop Option"}, {1, "ICMP"}, {2, "IGMP"}, {4, "IPIP"}, {6, "TCP"},
	{17, "UDP"}, {41, "IPv6"}, {47, "GRE"}, {50, "ESP"}, {51, "AH"}, {58, "ICMPv6"},
	{89, "OSPF IGP"}, {103, "PIM"}, {112, "VRRP"}, {132, "SCTP"}, {0, NULL},
};

static const struct field_def ip_fields[] = {
	{"ip.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0xf0, NULL},
	{"ip.hdr_len", "Header Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0x0f, NULL},
	{"ip.dsfield", "Differentiated Services Field", FT_UINT8, BASE_HEX, 1, 1, 0, NULL},
	{"ip.dsfield.dscp", "Differentiated Services Codepoint", FT_UINT8, BASE_DEC, 1, 1, 0xfc, NULL},
	{"ip.dsfield.ecn", "Explicit Congestion Notification", FT_UINT8, BASE_DEC, 1, 1, 0x03, NULL},
	{"ip.len", "Total Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ip.id", "Identification", FT_UINT16, BASE_HEX, 4, 2, 0, NULL},
	{"ip.flags", "Flags", FT_UINT8, BASE_HEX, 6, 1, 0xe0, NULL},
	{"ip.flags.rb", "Reserved bit", FT_BOOLEAN, BASE_NONE, 6, 1, 0x80, NULL},
	{"ip.flags.df", "Don't fragment", FT_BOOLEAN, BASE_NONE, 6, 1, 0x40, NULL},
	{"ip.flags.mf", "More fragments", FT_BOOLEAN, BASE_NONE, 6, 1, 0x20, NULL},
	{"ip.frag_offset", "Fragment Offset", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0x1fff, NULL},
	{"ip.ttl", "Time to Live", FT_UINT8, BASE_DEC, 8, 1, 0, NULL},
	{"ip.proto", "Protocol", FT_UINT8, BASE_DEC, 9, 1, 0, proto_vals},
	{"ip.checksum", "Header Checksum", FT_UINT16, BASE_HEX, 10, 2, 0, NULL},
	{"ip.src", "Source Address", FT_IPV4, BASE_NONE, 12, 4, 0, NULL},
	{"ip.dst", "Destination Address", FT_IPV4, BASE_NONE, 16, 4, 0, NULL},
	{"ip.addr", "Source or Destination Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"ip.opt.type", "Option Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(ip);

/* The fixed 20-byte header: the values the rest of the dissection needs. */
struct ip4_hdr {
	uint8_t hl;
	uint16_t total;
	uint16_t id, frag;
	uint8_t ttl, proto;
	const uint8_t *src, *dst;
};

static bool ipv4_read_header(struct cursor *c, struct ip4_hdr *h)
{
	uint8_t vhl = cursor_u8(c);
	h->hl = (uint8_t)((vhl & 0x0f) * 4);
	if (cursor_ok(c) && ((vhl >> 4) != 4 || h->hl < 20))
		return false; /* a bogus header, not missing bytes */
	cursor_skip(c, 1);
	h->total = cursor_be16(c);
	h->id = cursor_be16(c);
	h->frag = cursor_be16(c);
	h->ttl = cursor_u8(c);
	h->proto = cursor_u8(c);
	cursor_skip(c, 2);
	h->src = cursor_take(c, 4);
	h->dst = cursor_take(c, 4);
	cursor_skip(c, h->hl - 20u);
	return cursor_ok(c);
}

static void ipv4_set_key(struct packet *p, int idx, const struct ip4_hdr *h)
{
	if (p->flags & PKT_IN_ERROR) {
		p->quoted.ip_version = 4;
		memcpy(p->quoted.src, h->src, 4);
		memcpy(p->quoted.dst, h->dst, 4);
		return;
	}
	p->ip_layer = (int8_t)idx;
	p->ip_version = 4;
	p->ip_proto = h->proto;
	p->ip_ttl = h->ttl;
	memcpy(p->ip_src, h->src, 4);
	memcpy(p->ip_dst, h->dst, 4);
	p->l4_layer = -1;
}

void dissect_ipv4(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_IP, c->off);
	if (idx < 0)
		return;
	uint32_t start = c->off;
	struct ip4_hdr h;
	/* a bogus version, header length or total length is said (its Info, an
	 * expert error) and ends the dissection: no exception */
	if (!ipv4_read_header(c, &h)) {
		if (cursor_ok(c))
			p->layers[idx].flags |= PKT_BAD_FIELD;
		pkt_note_cursor(p, idx, c);
		return;
	}
	uint32_t declared = h.total ? h.total : c->rend - start;
	if (declared < h.hl) {
		p->layers[idx].flags |= PKT_BAD_FIELD;
		return;
	}
	/* A first fragment is only held back for reassembly when it is all there. */
	bool whole = (uint64_t)start + declared <= c->end;
	/* Bound the datagram by its total length (from its first byte). */
	c->off = start;
	if (declared <= cursor_rleft(c))
		cursor_limit(c, declared);
	else if (p->flags & PKT_IN_ERROR)
		c->rend = start + declared; /* an ICMP error quotes only the start */
	else
		p->layers[idx].flags |= PKT_BAD_FIELD; /* longer than the frame: say so, go on */
	c->off = start + h.hl;
	p->layers[idx].len = c->end > start ? c->end - start : 0;
	ipv4_set_key(p, idx, &h);

	if (h.frag & 0x3fff)
		p->flags |= PKT_FRAGMENT; /* part of a fragmented datagram */
	if ((h.frag & 0x1fff) || ((h.frag & 0x2000) && whole && !(p->flags & PKT_IN_ERROR))) {
		struct ip_frag_info fi = {4, h.proto, (h.frag & 0x2000) != 0, (h.frag & 0x1fffu) * 8u, h.id,
					  h.src, h.dst};
		ip_fragment(p, c, &fi);
		return;
	}
	dispatch(&ipproto_table, h.proto, p, c);
}

/* The header's addresses in the Source and Destination columns; a header
 * that is no IPv4 one, or a fragment whose datagram is not complete here
 * (the layers above write over it when it is), says so in the Info:
 * "Fragmented IP protocol (proto=UDP 17, off=1480, ID=04d2)". */
static void ip_columns(struct columns *c, const struct packet *p, int idx)
{
	col_default(c, p, idx);
	col_proto(c, "IPv4");
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (n >= 1 && d[0] >> 4 != 4) {
		col_set(c, "Bogus IPv4 version (%u, must be 4)", d[0] >> 4);
		return;
	}
	if (n >= 1 && (d[0] & 0x0f) < 5) {
		col_set(c, "Bogus IP header length (%u, must be at least 20)", (d[0] & 0x0fu) * 4);
		return;
	}
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	if (n >= 20 && inet_ntop(AF_INET, d + 12, a, sizeof a) && inet_ntop(AF_INET, d + 16, b, sizeof b))
		col_addrs(c, a, b);
	unsigned frag = n >= 20 ? (unsigned)d[6] << 8 | d[7] : 0;
	if (frag & 0x3fff) {
		const char *name = value_name(proto_vals, d[9]);
		col_set(c, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)", name ? name : "Unassigned", d[9],
			(frag & 0x1fff) * 8, (unsigned)d[4] << 8 | d[5]);
	}
}

/* IPv4 options (RFC 791): each one's type, to the end of the header or an
 * End of Option List (type 0, shown too). */
static unsigned ipv4_option_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (!fv_same(a, "ip.opt.type") || n < 20)
		return 0;
	uint32_t end = (uint32_t)(d[0] & 0x0f) * 4, at = 20;
	if (end > n)
		end = n;
	unsigned given = 0;
	while (at < end) {
		uint8_t type = d[at];
		given += fv_give_uint(fn, data, type);
		if (type == 0)
			break;
		if (type == 1) {
			at++;
			continue;
		}
		if (at + 1 >= end || d[at + 1] < 2)
			break;
		at += d[at + 1];
	}
	return given;
}

static void ip_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			    const struct field_def *f, fvalue_fn fn, void *data)
{
	const char *a = f->abbrev;
	uint32_t cap;
	const uint8_t *h = fv_layer_base(p, l, &cap) + l->off;
	uint32_t have = l->off < cap ? cap - l->off : 0;
	if (fv_same(a, "ip.hdr_len")) {
		if (have >= 1)
			fv_give_uint(fn, data, (uint64_t)(h[0] & 0x0f) * 4);
	} else if (fv_same(a, "ip.frag_offset")) {
		if (have >= 8)
			fv_give_uint(fn, data, (uint64_t)(((h[6] & 0x1f) << 8) | h[7]) * 8);
	} else if (d && fv_same(a, "ip.len")) {
		/* 0 when the sender offloaded segmentation: the length the
		 * frame gives, as Wireshark presumes */
		if (n >= 4) {
			uint32_t len = fv_get16(d + 2, true);
			fv_give_uint(fn, data, len ? len : l->off < p->frame->len ? p->frame->len - l->off : 0);
		}
	} else if (d && fv_same(a, "ip.opt.type")) {
		ipv4_option_values(d, n, a, fn, data);
	}
}

/* ip.addr: the source, then the destination. */
static const struct field_pair ip_pairs[] = {
	{"ip.addr", "ip.src", "ip.dst"},
	{NULL, NULL, NULL},
};

static const struct handoff ip_handoff[] = {
	ETHERTYPE(0x0800, dissect_ipv4),
	IP_PROTO(4, dissect_ipv4), /* IP in IP */
	HANDOFF_LIST_END,
};
/* The TTL a packet to the Local Network Control Block (224.0.0.0/24) must
 * carry, as Wireshark checks it: 1, but 255 for VRRP, GLBP and mDNS, and
 * any for LLMNR; 0: any. */
static unsigned lncb_ttl(const uint8_t *dst)
{
	switch (dst[3]) {
	case 18: case 102: case 251: return 255;
	case 252: return 0;
	default: return 1;
	}
}

/* Wireshark's items on an IPv4 header: a version or header length that is
 * no IPv4 one, a total length past the frame's end, and a TTL that cannot
 * be right (to the Local Network Control Block) or is low (unicast). */
static void ip_expert(struct experts *e, const struct packet *p, int idx)
{
	const struct layer *l = &p->layers[idx];
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (!d || n < 1)
		return;
	if (d[0] >> 4 != 4) {
		expert_add_at(e, "ip.version", EXPERT_ERROR, EXPERT_PROTOCOL, "IPv4", "Bogus IPv4 version");
		return;
	}
	unsigned hl = (d[0] & 15u) * 4;
	if (hl < 20) {
		expert_add_at(e, "ip.hdr_len", EXPERT_ERROR, EXPERT_PROTOCOL, "IPv4",
			      "Bogus IP header length (%u, must be at least 20)", hl);
		return;
	}
	if (n < 20)
		return;
	uint32_t total = fv_get16(d + 2, true);
	uint32_t reported = p->frame->len > l->off ? p->frame->len - l->off : 0;
	bool outer = true;
	for (int i = 0; i < idx; i++)
		outer = outer && p->layers[i].proto != PROTO_IP && p->layers[i].proto != PROTO_IPV6;
	if (outer && total > reported)
		expert_add_at(e, "ip.len", EXPERT_ERROR, EXPERT_PROTOCOL, "IPv4",
			      "IPv4 total length exceeds packet length (%u bytes)", reported);
	const uint8_t *dst = d + 16;
	unsigned ttl = d[8], proto = d[9];
	if (dst[0] == 224 && dst[1] == 0 && dst[2] == 0) {
		unsigned want = lncb_ttl(dst);
		if (want && ttl != want)
			expert_add_at(e, "ip.ttl", EXPERT_NOTE, EXPERT_SEQUENCE, "IPv4",
				      "\"Time To Live\" != %u for a packet sent to the Local Network Control Block "
				      "(see RFC 3171)", want);
	} else if ((dst[0] & 0xf0) != 0xe0 && ttl < 5 && proto != 103 && proto != 89) {
		expert_add_at(e, "ip.ttl", EXPERT_NOTE, EXPERT_SEQUENCE, "IPv4", "\"Time To Live\" only %u", ttl);
	}
}

PROTOCOL_ID(IP, "ip", "Internet Protocol Version 4");
const struct protocol proto_ip = {PROTO_IP, .short_name = "IPv4", .pairs = ip_pairs, .transport = true, .columns = ip_columns,
                                  .expert = ip_expert, .values = ip_field_values, .fields = &ip_table,
                                  .handoff = ip_handoff};
