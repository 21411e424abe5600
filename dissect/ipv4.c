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
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

/* IP protocol numbers as Wireshark names them (IANA's list with its own
 * spellings); 144 to 223 but 173 are "Unassigned", a number past 224
 * "Unknown" (ip_proto_name()). */
static const struct value_string proto_vals[] = {
	{0, "IPv6 Hop-by-Hop Option"}, {1, "ICMP"}, {2, "IGMP"}, {3, "GGP"}, {4, "IPIP"}, {5, "Stream"}, {6, "TCP"},
	{7, "CBT"}, {8, "EGP"}, {9, "IGRP"}, {10, "BBN RCC"}, {11, "Network Voice"}, {12, "PUP"}, {13, "ARGUS"},
	{14, "EMCON"}, {15, "XNET"}, {16, "CHAOS"}, {17, "UDP"}, {18, "Multiplex"}, {19, "DCN Measurement"},
	{20, "Host Monitoring"}, {21, "Packet radio"}, {22, "IDP"}, {23, "Trunk-1"}, {24, "Trunk-2"},
	{25, "Leaf-1"}, {26, "Leaf-2"}, {27, "Reliable Data"}, {28, "IRT"}, {29, "ISO TP4"}, {30, "Bulk Data"},
	{31, "MFE NSP"}, {32, "Merit Internodal"}, {33, "Datagram Congestion Control Protocol"},
	{34, "3rd Party Connect"}, {35, "Inter-Domain Policy Routing Protocol"}, {36, "XTP"},
	{37, "Datagram delivery"}, {38, "Control Message"}, {39, "TP++"}, {40, "IL"}, {41, "IPv6"},
	{42, "Source demand routing"}, {43, "Routing Header for IPv6"}, {44, "Fragment Header for IPv6"},
	{45, "Inter-Domain Routing Protocol"}, {46, "Reservation Protocol"}, {47, "Generic Routing Encapsulation"},
	{48, "Dynamic source routing"}, {49, "BNA"}, {50, "Encap Security Payload"}, {51, "Authentication Header"},
	{52, "INSLP"}, {53, "SWIPE"}, {54, "NBMA ARP"}, {55, "IP Mobility"}, {56, "TLSP Kryptonet"}, {57, "SKIP"},
	{58, "ICMPv6"}, {59, "No Next Header for IPv6"}, {60, "Destination Options for IPv6"},
	{61, "any host internal protocol"}, {62, "Mobile IPv6 (old)"}, {63, "any local network"},
	{64, "SATNET EXPAK"}, {65, "Kryptolan"}, {66, "Remote Virtual Disk"}, {67, "IPPC"},
	{68, "any distributed file system"}, {69, "SATNET Monitoring"}, {70, "VISA"}, {71, "IPCV"}, {72, "CPNX"},
	{73, "CPHB"}, {74, "Wang Span"}, {75, "Packet Video"}, {76, "Backroom SATNET Mon"}, {77, "Sun ND Protocol"},
	{78, "Wideband Mon"}, {79, "Wideband Expak"}, {80, "ISO Internet Protocol"}, {81, "VMTP"},
	{82, "Secure VMTP"}, {83, "VINES"}, {84, "TTP"}, {85, "NSFNET IGP"}, {86, "Dissimilar Gateway"},
	{87, "TCF"}, {88, "EIGRP"}, {89, "OSPF IGP"}, {90, "Sprite RPC"}, {91, "Locus ARP"},
	{92, "Multicast Transport"}, {93, "AX.25 Frames"}, {94, "IP in IP"}, {95, "MICP"}, {96, "Semaphore"},
	{97, "Ether in IP"}, {98, "ENCAP"}, {99, "any private encryption scheme"}, {100, "GMTP"},
	{101, "Ipsilon Flow"}, {102, "PNNI over IP"}, {103, "PIM"}, {104, "ARIS"}, {105, "SCPS"}, {106, "QNX"},
	{107, "Active Networks"}, {108, "IPComp"}, {109, "Sitara Networks"}, {110, "Compaq Peer"},
	{111, "IPX IN IP"}, {112, "VRRP"}, {113, "PGM"}, {114, "any 0-hop protocol"}, {115, "Layer 2 Tunneling"},
	{116, "DDX"}, {117, "IATP"}, {118, "STP"}, {119, "SpectraLink"}, {120, "UTI"}, {121, "SMP"}, {122, "SM"},
	{123, "PTP"}, {124, "ISIS over IP"}, {125, "FIRE"}, {126, "CRTP"}, {127, "CRUDP"}, {128, "SSCOPMCE"},
	{129, "IPLT"}, {130, "Secure Packet"}, {131, "PIPE"}, {132, "SCTP"}, {133, "Fibre Channel"},
	{134, "RSVP E2EI"}, {135, "Mobile IPv6"}, {136, "UDPLite"}, {137, "MPLS in IP"}, {138, "MANET"},
	{139, "HIP"}, {140, "Shim6 header"}, {141, "WESP"}, {142, "ROHC"}, {143, "Ethernet"},
	{173, "AX/4000 Testframe"}, {224, "Novell NCS Heartbeat"}, {0, NULL},
};

/* Whether no protocol registers IP protocol number N. */
static bool ip_payload_unclaimed(unsigned n)
{
	return dispatch_find(&ipproto_table, n) == NULL;
}

/* The name of IP protocol number N in the Info column. */
static const char *ip_proto_name(unsigned n)
{
	const char *name = value_name(proto_vals, n);
	if (name)
		return name;
	return n >= 144 && n <= 223 ? "Unassigned" : "Unknown";
}

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
	{"ip.checksum.status", "Header checksum status", FT_UINT8, BASE_NONE, FIELD_VAR, 1, 0, checksum_status_vals},
	{"ip.src", "Source Address", FT_IPV4, BASE_NONE, 12, 4, 0, NULL},
	{"ip.dst", "Destination Address", FT_IPV4, BASE_NONE, 16, 4, 0, NULL},
	{"ip.addr", "Source or Destination Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"ip.src_host", "Source Host", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ip.dst_host", "Destination Host", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ip.host", "Source or Destination Host", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
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

/* The header's fields when all 20 bytes are there (B), as the reads of
 * ipv4_read_header() give them and with the cursor where they leave it. */
static bool ipv4_whole_header(struct cursor *c, const uint8_t *b, struct ip4_hdr *h)
{
	h->hl = (uint8_t)((b[0] & 0x0f) * 4);
	if ((b[0] >> 4) != 4 || h->hl < 20) {
		c->off += 1;
		return false;
	}
	h->total = bytes_be16(b + 2);
	h->id = bytes_be16(b + 4);
	h->frag = bytes_be16(b + 6);
	h->ttl = b[8];
	h->proto = b[9];
	h->src = b + 12;
	h->dst = b + 16;
	c->off += 20;
	cursor_skip(c, h->hl - 20u);
	return cursor_ok(c);
}

static bool ipv4_read_header(struct cursor *c, struct ip4_hdr *h)
{
	const uint8_t *whole = cursor_peek_all(c, 20);
	if (whole)
		return ipv4_whole_header(c, whole, h);
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
	/* an empty payload is handed to no protocol, and named by none */
	if (cursor_rleft(c) > 0 || c->err != CUR_OK)
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
	col_clear(c); /* Info says nothing unless a case below or a protocol above writes it */
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
		col_set(c, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)", ip_proto_name(d[9]), d[9],
			(frag & 0x1fff) * 8, (unsigned)d[4] << 8 | d[5]);
	} else if (n >= 20 && idx + 1 < p->nlayers && p->layers[idx + 1].proto == PROTO_DATA &&
		   ip_payload_unclaimed(d[9])) {
		/* a payload no protocol takes */
		col_set(c, "%s (%u)", ip_proto_name(d[9]), d[9]);
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
	} else if (fv_same(a, "ip.checksum.status")) {
		/* never verified, as in Wireshark by default */
		if (have >= 12)
			fv_give_uint(fn, data, CHECKSUM_UNVERIFIED);
	} else if (fv_same(a, "ip.src_host") || fv_same(a, "ip.dst_host")) {
		uint32_t at = a[3] == 's' ? 12 : 16;
		if (have >= at + 4)
			fv_give_host(fn, data, AF_INET, h + at);
	}
}

/* ip.addr: the source, then the destination. */
static const struct field_pair ip_pairs[] = {
	{"ip.addr", "ip.src", "ip.dst"},
	{"ip.host", "ip.src_host", "ip.dst_host"},
	{NULL, NULL, NULL},
};

static const char *const ip_hidden[] = {"ip.src_host", "ip.dst_host", NULL};

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
bool ip_tcp_option_problem(const uint8_t *d, uint32_t n, bool (*named)(uint8_t kind), char *buf, size_t size)
{
	for (uint32_t at = 0; at < n;) {
		uint8_t kind = d[at];
		if (kind == 0)
			return false;
		if (kind == 1) {
			at++;
			continue;
		}
		uint32_t left = n - at - 1; /* after the kind */
		uint8_t len = left ? d[at + 1] : 0;
		const char *what = !left ? "length byte past end of options" : len < 2 ? "with too-short option length" :
				   (uint32_t)len - 2 > left - 1 ? "option length" : NULL;
		if (!what) {
			at += len;
			continue;
		}
		if (named(kind))
			return false;
		if (!left)
			g_snprintf(buf, size, "Unknown (0x%02x) (%s)", kind, what);
		else if (len < 2)
			g_snprintf(buf, size, "Unknown (0x%02x) (%s = %u byte%s)", kind, what, len, len == 1 ? "" : "s");
		else
			g_snprintf(buf, size, "Unknown (0x%02x) (%s = %u bytes says option goes past end of options)", kind,
				   what, len);
		return true;
	}
	return false;
}

/* The IPv4 options Wireshark reads (RFC 791 and later, IANA's list). */
static bool ipv4_option_named(uint8_t kind)
{
	static const uint8_t known[] = {0, 1, 7, 25, 68, 82, 130, 131, 133, 134, 136, 137, 148, 149};
	return memchr(known, kind, sizeof known) != NULL;
}

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
	char what[128];
	if (hl > 20 && ip_tcp_option_problem(d + 20, MIN(hl, n) - 20, ipv4_option_named, what, sizeof what))
		expert_add(e, EXPERT_WARN, EXPERT_PROTOCOL, "IPv4", "%s", what);
}

PROTOCOL_ID(IP, "ip", "Internet Protocol Version 4");
const struct protocol proto_ip = {PROTO_IP, .short_name = "IPv4", .pairs = ip_pairs, .transport = true, .columns = ip_columns,
                                  .expert = ip_expert, .values = ip_field_values, .fields = &ip_table, .hidden = ip_hidden,
                                  .handoff = ip_handoff};
