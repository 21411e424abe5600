/* ipv6.c — Internet Protocol version 6 (RFC 8200) and its extension headers.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-------+---------------+---------------------------------------+
 *   |Version| Traffic Class |           Flow Label                  |
 *   +-------+---------------+-------+---------------+---------------+
 *   |         Payload Length        |  Next Header  |   Hop Limit   |
 *   +-------------------------------+---------------+---------------+
 *   |                     Source Address (16)                       |
 *   +---------------------------------------------------------------+
 *   |                  Destination Address (16)                     |
 *   +---------------------------------------------------------------+
 *
 * Extension headers (hop-by-hop 0, routing 43, fragment 44, destination
 * options 60, mobility 135, HIP 139, shim6 140: next header + length in
 * 8-byte units beyond the first 8; AH 51: length in 4-byte units beyond the
 * first 8) are walked to find the upper-layer protocol.  A payload length of
 * zero with a hop-by-hop header is a jumbogram (RFC 2675): the datagram is the
 * rest of the frame.  A fragment header with a non-zero offset marks a later
 * fragment: its payload is shown as data.
 */
#include <arpa/inet.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def ipv6_fields[] = {
	{"ipv6.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0xf0, NULL},
	{"ipv6.tclass", "Traffic Class", FT_UINT32, BASE_HEX, 0, 4, 0x0ff00000, NULL},
	{"ipv6.flow", "Flow Label", FT_UINT24, BASE_HEX, 1, 3, 0x0fffff, NULL},
	{"ipv6.plen", "Payload Length", FT_UINT16, BASE_DEC, 4, 2, 0, NULL},
	{"ipv6.nxt", "Next Header", FT_UINT8, BASE_DEC, 6, 1, 0, NULL},
	{"ipv6.hlim", "Hop Limit", FT_UINT8, BASE_DEC, 7, 1, 0, NULL},
	{"ipv6.src", "Source Address", FT_IPV6, BASE_NONE, 8, 16, 0, NULL},
	{"ipv6.dst", "Destination Address", FT_IPV6, BASE_NONE, 24, 16, 0, NULL},
	{"ipv6.addr", "Source or Destination Address", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"ipv6.src_host", "Source Host", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ipv6.dst_host", "Destination Host", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ipv6.host", "Source or Destination Host", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ipv6.hopopts", "IPv6 Hop-by-Hop Option", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ipv6.routing", "Routing Header for IPv6", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ipv6.fraghdr", "Fragment Header for IPv6", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ipv6.dstopts", "Destination Options for IPv6", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ipv6.fraghdr.offset", "Offset", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0xfff8, NULL},
	{"ipv6.fraghdr.more", "More Fragments", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 2, 0x0001, NULL},
	{"ipv6.fraghdr.ident", "Identification", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(ipv6);

enum { NH_HOP = 0, NH_ROUTING = 43, NH_FRAGMENT = 44, NH_AH = 51, NH_NONE = 59,
       NH_DSTOPTS = 60, NH_MOBILITY = 135, NH_HIP = 139, NH_SHIM6 = 140 };

/* Walks the extension headers from C's position.  Returns the upper-layer
 * protocol number; *FI describes the fragment header crossed (family 0 when
 * there is none, or an atomic one).  On a cut-short header C is failed. */
static uint8_t ipv6_walk_ext(struct cursor *c, uint8_t nxt, struct ip_frag_info *fi)
{
	fi->family = 0;
	for (int n = 0; n < 32 && cursor_ok(c); n++) {
		uint32_t len;
		switch (nxt) {
		case NH_HOP: case NH_ROUTING: case NH_DSTOPTS:
		case NH_MOBILITY: case NH_HIP: case NH_SHIM6:
			nxt = cursor_u8(c);
			len = ((uint32_t)cursor_u8(c) + 1) * 8;
			cursor_skip(c, len - 2);
			break;
		case NH_AH:
			nxt = cursor_u8(c);
			len = ((uint32_t)cursor_u8(c) + 2) * 4;
			cursor_skip(c, len - 2);
			break;
		case NH_FRAGMENT: {
			nxt = cursor_u8(c);
			cursor_skip(c, 1);
			uint16_t offlg = cursor_be16(c);
			uint32_t id = cursor_be32(c);
			if (offlg & 0xfff9) { /* not an atomic fragment */
				fi->family = 6;
				fi->offset = offlg & 0xfff8u;
				fi->more = offlg & 1;
				fi->id = id;
			}
			break;
		}
		default:
			return nxt;
		}
	}
	return nxt;
}

static void ipv6_set_key(struct packet *p, int idx, const uint8_t *addrs, uint8_t hlim)
{
	if (p->flags & PKT_IN_ERROR) {
		p->quoted.ip_version = 6;
		memcpy(p->quoted.src, addrs, 16);
		memcpy(p->quoted.dst, addrs + 16, 16);
		return;
	}
	p->ip_layer = (int8_t)idx;
	p->ip_version = 6;
	p->ip_ttl = hlim;
	memcpy(p->ip_src, addrs, 16);
	memcpy(p->ip_dst, addrs + 16, 16);
	p->l4_layer = -1;
}

void dissect_ipv6(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_IPV6, c->off);
	if (idx < 0)
		return;
	uint32_t start = c->off;
	uint8_t version = (uint8_t)(cursor_peek(c, 0) >> 4);
	cursor_skip(c, 4);
	uint16_t plen = cursor_be16(c);
	uint8_t nxt = cursor_u8(c);
	uint8_t hlim = cursor_u8(c);
	const uint8_t *addrs = cursor_take(c, 32);
	if (cursor_ok(c) && version != 6)
		c->err = CUR_MALFORMED;
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (plen == 0 && nxt == NH_HOP) {
		/* jumbogram: the datagram is the rest of the frame */
	} else if (40u + plen <= c->rend - start) {
		c->off = start;
		cursor_limit(c, 40u + plen);
		c->off = start + 40;
	} else if (p->flags & PKT_IN_ERROR) {
		c->rend = start + 40 + plen;
	} else {
		p->layers[idx].flags |= PKT_BAD_FIELD; /* longer than the frame: said, go on */
	}
	p->layers[idx].len = c->end > start ? c->end - start : 0;
	ipv6_set_key(p, idx, addrs, hlim);

	struct ip_frag_info fi;
	uint8_t proto = ipv6_walk_ext(c, nxt, &fi);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (!(p->flags & PKT_IN_ERROR))
		p->ip_proto = proto;
	if (fi.family && (fi.offset || (start + 40u + plen <= c->end && !(p->flags & PKT_IN_ERROR)))) {
		/* a later fragment, or a first one held for reassembly (all there) */
		p->flags |= PKT_FRAGMENT;
		fi.proto = proto;
		fi.src = addrs;
		fi.dst = addrs + 16;
		ip_fragment(p, c, &fi);
		return;
	}
	if (fi.family)
		p->flags |= PKT_FRAGMENT;
	if (proto != NH_NONE)
		dispatch(&ipproto_table, proto, p, c);
}

/* The header's addresses in the Source and Destination columns. */
static void ipv6_columns(struct columns *c, const struct packet *p, int idx)
{
	col_default(c, p, idx);
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	if (n >= 40 && inet_ntop(AF_INET6, d + 8, a, sizeof a) && inet_ntop(AF_INET6, d + 24, b, sizeof b))
		col_addrs(c, a, b);
}

/* IPv6's extension headers (RFC 8200 4.x), walked from the fixed header:
 * each one present, and the fragment header's fields.  The offset is in
 * 8-byte units, as the header carries it. */
static unsigned ipv6_ext_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 40)
		return 0;
	unsigned given = 0;
	uint8_t nxt = d[6];
	uint32_t off = 40;
	for (int k = 0; k < 32 && off + 2 <= n; k++) {
		const char *name;
		uint32_t len = ((uint32_t)d[off + 1] + 1) * 8;
		switch (nxt) {
		case 0: name = "ipv6.hopopts"; break;
		case 43: name = "ipv6.routing"; break;
		case 60: name = "ipv6.dstopts"; break;
		case 44: name = "ipv6.fraghdr"; len = 8; break;
		case 51: name = NULL; len = ((uint32_t)d[off + 1] + 2) * 4; break;
		default: return given;
		}
		if (name && fv_same(a, name))
			given += fv_give_ptr(fn, data, FV_NONE, NULL, 0);
		if (nxt == 44 && off + 8 <= n && strncmp(a, "ipv6.fraghdr.", 13) == 0) {
			uint32_t offlg = fv_get16(d + off + 2, true);
			if (fv_same(a, "ipv6.fraghdr.offset"))
				given += fv_give_uint(fn, data, offlg >> 3);
			else if (fv_same(a, "ipv6.fraghdr.more"))
				given += fv_give_uint(fn, data, offlg & 1);
			else if (fv_same(a, "ipv6.fraghdr.ident"))
				given += fv_give_uint(fn, data, fv_get32(d + off + 4, true));
		}
		nxt = d[off];
		off += len;
	}
	return given;
}

static void ipv6_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (fv_same(f->abbrev, "ipv6.src_host") || fv_same(f->abbrev, "ipv6.dst_host")) {
		uint32_t at = f->abbrev[5] == 's' ? 8 : 24;
		if (d && n >= at + 16)
			fv_give_host(fn, data, AF_INET6, d + at);
		return;
	}
	if (d && strncmp(f->abbrev, "ipv6.", 5) == 0 && !fv_same(f->abbrev, "ipv6.addr"))
		ipv6_ext_values(d, n, f->abbrev, fn, data);
}

/* A payload length of zero that is no jumbogram: Wireshark's chat on TCP
 * segmentation offload (the capture saw the segment before the card cut it). */
static void ipv6_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (d && n >= 40 && fv_get16(d + 4, true) == 0 && d[6] != NH_HOP)
		expert_add_at(e, "ipv6.plen", EXPERT_CHAT, EXPERT_PROTOCOL, "IPv6",
			      "IPv6 payload length equals 0 (maybe because of \"TCP segmentation offload\" (TSO))");
}

/* ipv6.addr: the source, then the destination. */
static const struct field_pair ipv6_pairs[] = {
	{"ipv6.addr", "ipv6.src", "ipv6.dst"},
	{"ipv6.host", "ipv6.src_host", "ipv6.dst_host"},
	{NULL, NULL, NULL},
};

static const char *const ipv6_hidden[] = {"ipv6.src_host", "ipv6.dst_host", NULL};

static const struct handoff ipv6_handoff[] = {
	ETHERTYPE(0x86dd, dissect_ipv6),
	IP_PROTO(41, dissect_ipv6), /* IPv6 in IP */
	HANDOFF_LIST_END,
};
PROTOCOL_ID(IPV6, "ipv6", "Internet Protocol Version 6");
const struct protocol proto_ipv6 = {PROTO_IPV6, .short_name = "IPv6", .pairs = ipv6_pairs, .transport = true,
                                    .columns = ipv6_columns, .expert = ipv6_expert,
                                    .values = ipv6_field_values, .shows = PROTO_IP, .hidden = ipv6_hidden,
                                    .shows_only = "ip.version", .fields = &ipv6_table,
                                    .handoff = ipv6_handoff};
