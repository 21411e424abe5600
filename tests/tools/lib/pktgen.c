/* pktgen.c — packet crafting and capture-file writing for the test tools.
 *
 * Frames: each push appends one header and records a PgLayer (kind, offset).
 * pg_frame_finish then walks the layers twice: forwards to write every
 * "next protocol" field from the layer that follows (ethertype, VLAN inner
 * type, SLL protocol, null family, IP protocol, IPv6 next header), and
 * backwards to set lengths and checksums, innermost first, so an outer
 * checksum (ICMP) covers inner headers that are already final.
 *
 * Files: pcap (RFC draft "pcap", 24-byte header, 16-byte records) and pcapng
 * (SHB, IDB with if_tsresol, EPB), written through one large stdio buffer.
 */
#include "tests/tools/lib/pktgen.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Layer kinds recorded in PgLayer.kind. */
enum {
	PG_L_ETH,
	PG_L_VLAN,
	PG_L_SLL,
	PG_L_SLL2,
	PG_L_NULL,
	PG_L_IPV4,
	PG_L_IPV6,
	PG_L_IPV6_EXT,
	PG_L_TCP,
	PG_L_UDP,
	PG_L_ICMP,
	PG_L_ICMPV6,
	PG_L_ARP,
};

/* ------------------------------------------------------------ byte helpers */

static void put16(guint8 *p, guint16 v)
{
	p[0] = (guint8)(v >> 8);
	p[1] = (guint8)v;
}

static void put32(guint8 *p, guint32 v)
{
	p[0] = (guint8)(v >> 24);
	p[1] = (guint8)(v >> 16);
	p[2] = (guint8)(v >> 8);
	p[3] = (guint8)v;
}

static void put32le(guint8 *p, guint32 v)
{
	p[0] = (guint8)v;
	p[1] = (guint8)(v >> 8);
	p[2] = (guint8)(v >> 16);
	p[3] = (guint8)(v >> 24);
}

static guint16 get16(const guint8 *p)
{
	return (guint16)((p[0] << 8) | p[1]);
}

/* ---------------------------------------------------------------- frames */

void pg_frame_reset(PgFrame *f)
{
	f->len = 0;
	f->nlayers = 0;
	f->overflow = FALSE;
}

/* Reserve `len` bytes for a new layer of `kind`; returns them zeroed, or NULL
 * (and marks the frame) when the frame or the layer table is full. */
static guint8 *push_layer(PgFrame *f, guint8 kind, gsize len)
{
	if (f->overflow || f->len + len > sizeof f->data || f->nlayers >= PG_MAX_LAYERS) {
		f->overflow = TRUE;
		return NULL;
	}
	PgLayer *l = &f->layers[f->nlayers++];
	l->off = (guint16)f->len;
	l->kind = kind;
	l->aux8 = 0;
	l->aux16 = 0;
	guint8 *p = f->data + f->len;
	memset(p, 0, len);
	f->len += len;
	return p;
}

guint8 *pg_push_data(PgFrame *f, const void *src, gsize len)
{
	if (f->overflow || f->len + len > sizeof f->data) {
		f->overflow = TRUE;
		return NULL;
	}
	guint8 *p = f->data + f->len;
	if (src != NULL)
		memcpy(p, src, len);
	else
		memset(p, 0, len);
	f->len += len;
	return p;
}

void pg_frame_pad(PgFrame *f, gsize min_len)
{
	if (f->len < min_len)
		pg_push_data(f, NULL, min_len - f->len);
}

/* ----------------------------------------------------------- link layers */

void pg_push_eth(PgFrame *f, const guint8 dst[6], const guint8 src[6])
{
	guint8 *p = push_layer(f, PG_L_ETH, 14);
	if (p == NULL)
		return;
	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
}

void pg_push_vlan(PgFrame *f, guint16 tpid, guint8 pcp, guint16 vid)
{
	guint8 *p = push_layer(f, PG_L_VLAN, 4);
	if (p == NULL)
		return;
	f->layers[f->nlayers - 1].aux16 = tpid;
	put16(p, (guint16)(((guint16)(pcp & 7) << 13) | (vid & 0x0fff)));
}

void pg_push_sll(PgFrame *f, guint8 pkttype, const guint8 src[6])
{
	guint8 *p = push_layer(f, PG_L_SLL, 16);
	if (p == NULL)
		return;
	put16(p, pkttype);
	put16(p + 2, 1);             /* ARPHRD_ETHER */
	put16(p + 4, 6);             /* address length */
	memcpy(p + 6, src, 6);       /* 8-byte field, 2 bytes stay zero */
}

void pg_push_sll2(PgFrame *f, guint8 pkttype, guint32 ifindex, const guint8 src[6])
{
	guint8 *p = push_layer(f, PG_L_SLL2, 20);
	if (p == NULL)
		return;
	put32(p + 4, ifindex);       /* protocol (0) and reserved (2) set later */
	put16(p + 8, 1);             /* ARPHRD_ETHER */
	p[10] = pkttype;
	p[11] = 6;
	memcpy(p + 12, src, 6);
}

void pg_push_null(PgFrame *f, guint32 af6)
{
	if (push_layer(f, PG_L_NULL, 4) == NULL)
		return;
	f->layers[f->nlayers - 1].aux16 = (guint16)(af6 != 0 ? af6 : 30);
}

void pg_push_link(PgFrame *f, const PgLink *l, gboolean from_a)
{
	const guint8 *src = from_a ? l->mac_a : l->mac_b;
	const guint8 *dst = from_a ? l->mac_b : l->mac_a;
	guint8 pkttype = from_a ? l->pkttype_a : l->pkttype_b;

	switch (l->linktype) {
	case PG_LINKTYPE_ETHERNET:
		pg_push_eth(f, dst, src);
		for (guint i = 0; i < l->nvlan && i < 2; i++)
			pg_push_vlan(f, l->vlan_tpid[i], 0, l->vlan_vid[i]);
		break;
	case PG_LINKTYPE_LINUX_SLL:
		pg_push_sll(f, pkttype, src);
		break;
	case PG_LINKTYPE_LINUX_SLL2:
		pg_push_sll2(f, pkttype, l->ifindex, src);
		break;
	case PG_LINKTYPE_NULL:
		pg_push_null(f, l->null_af6);
		break;
	default:                     /* raw IP: no link header */
		break;
	}
}

/* ---------------------------------------------------------------- IP */

void pg_push_ipv4(PgFrame *f, const PgIPv4 *ip)
{
	guint optlen = MIN(ip->opts_len, 40u);
	guint hlen = 20 + ((optlen + 3) & ~3u);
	guint8 *p = push_layer(f, PG_L_IPV4, hlen);
	if (p == NULL)
		return;
	p[0] = (guint8)(0x40 | (hlen / 4));
	p[1] = ip->tos;
	put16(p + 4, ip->id);
	guint16 frag = (guint16)((ip->frag_off / 8) & 0x1fff);
	if (ip->df)
		frag |= 0x4000;
	if (ip->mf)
		frag |= 0x2000;
	put16(p + 6, frag);
	p[8] = ip->ttl;
	p[9] = ip->proto;
	put32(p + 12, ip->src);
	put32(p + 16, ip->dst);
	if (optlen > 0)
		memcpy(p + 20, ip->opts, optlen); /* the rest stays 0 = EOL */
}

void pg_push_ipv6(PgFrame *f, const PgIPv6 *ip)
{
	guint8 *p = push_layer(f, PG_L_IPV6, 40);
	if (p == NULL)
		return;
	put32(p, 0x60000000u | ((guint32)ip->tclass << 20) | (ip->flow & 0xfffff));
	p[6] = ip->next;
	p[7] = ip->hlim;
	memcpy(p + 8, ip->src, 16);
	memcpy(p + 24, ip->dst, 16);
}

void pg_push_ipv6_opts(PgFrame *f, guint8 type, const guint8 *opts, guint opts_len)
{
	guint total = (2 + opts_len + 7) & ~7u;
	guint8 *p = push_layer(f, PG_L_IPV6_EXT, total);
	if (p == NULL)
		return;
	f->layers[f->nlayers - 1].aux8 = type;
	p[1] = (guint8)(total / 8 - 1);
	if (opts_len > 0)
		memcpy(p + 2, opts, opts_len);
	guint pad = total - 2 - opts_len;
	if (pad == 1) {
		p[2 + opts_len] = 0;             /* Pad1 */
	} else if (pad >= 2) {
		p[2 + opts_len] = 1;             /* PadN, zero-filled */
		p[3 + opts_len] = (guint8)(pad - 2);
	}
}

void pg_push_ipv6_routing(PgFrame *f, guint8 rtype, guint8 segleft,
			  const guint8 *data, guint data_len)
{
	guint total = (4 + data_len + 7) & ~7u;
	guint8 *p = push_layer(f, PG_L_IPV6_EXT, total);
	if (p == NULL)
		return;
	f->layers[f->nlayers - 1].aux8 = PG_IPPROTO_ROUTING;
	p[1] = (guint8)(total / 8 - 1);
	p[2] = rtype;
	p[3] = segleft;
	if (data_len > 0)
		memcpy(p + 4, data, data_len);
}

void pg_push_ipv6_frag(PgFrame *f, guint16 offset, gboolean more, guint32 ident)
{
	guint8 *p = push_layer(f, PG_L_IPV6_EXT, 8);
	if (p == NULL)
		return;
	f->layers[f->nlayers - 1].aux8 = PG_IPPROTO_FRAGMENT;
	put16(p + 2, (guint16)((offset & 0xfff8) | (more ? 1 : 0)));
	put32(p + 4, ident);
}

/* Option bytes of an IPv4 header that go into a non-first fragment: only
 * options with the "copied" bit (RFC 791).  Returns their length. */
static guint copied_ipv4_options(const guint8 *opt, guint len, guint8 out[40])
{
	guint n = 0;
	for (guint i = 0; i < len;) {
		guint8 type = opt[i];
		if (type == 0)                   /* end of list */
			break;
		if (type == 1) {                 /* NOP */
			i++;
			continue;
		}
		if (i + 1 >= len || opt[i + 1] < 2 || i + opt[i + 1] > len)
			break;                   /* malformed: stop copying */
		if (type & 0x80) {
			memcpy(out + n, opt + i, opt[i + 1]);
			n += opt[i + 1];
		}
		i += opt[i + 1];
	}
	return n;
}

gboolean pg_ipv4_fragment(const PgFrame *whole, guint ip_layer, PgFrame *out,
			  gsize start, gsize len)
{
	if (ip_layer >= whole->nlayers || whole->layers[ip_layer].kind != PG_L_IPV4)
		return FALSE;
	gsize ip = whole->layers[ip_layer].off;
	const guint8 *h = whole->data + ip;
	gsize hlen = (gsize)(h[0] & 0x0f) * 4;
	gsize paylen = whole->len - ip - hlen;
	if (start + len > paylen || (start + len < paylen && (len % 8 != 0)) || start % 8 != 0)
		return FALSE;

	pg_frame_reset(out);
	memcpy(out->data, whole->data, ip + 20);     /* link headers + fixed IPv4 */
	guint8 opts[40];
	gsize optlen = hlen - 20;
	if (start == 0) {
		memcpy(opts, h + 20, optlen);
	} else {
		guint n = copied_ipv4_options(h + 20, (guint)optlen, opts);
		optlen = (n + 3) & ~3u;
		memset(opts + n, 0, optlen - n);      /* EOL padding */
	}
	memcpy(out->data + ip + 20, opts, optlen);
	gsize nhlen = 20 + optlen;
	memcpy(out->data + ip + nhlen, h + hlen + start, len);
	out->len = ip + nhlen + len;
	memcpy(out->layers, whole->layers, sizeof(PgLayer) * (ip_layer + 1));
	out->nlayers = ip_layer + 1;

	guint8 *o = out->data + ip;
	guint16 frag = get16(h + 6);
	gboolean more = (frag & 0x2000) != 0 || start + len < paylen;
	guint16 off = (guint16)((frag & 0x1fff) + start / 8);
	o[0] = (guint8)(0x40 | (nhlen / 4));
	put16(o + 2, (guint16)(nhlen + len));
	put16(o + 6, (guint16)((frag & 0x4000) | (more ? 0x2000 : 0) | (off & 0x1fff)));
	put16(o + 10, 0);
	put16(o + 10, (guint16)~pg_csum_fold(pg_csum_partial(o, nhlen)));
	return TRUE;
}

/* ---------------------------------------------------------- transport */

guint pg_tcp_options(const PgTcpOpts *o, guint8 out[40])
{
	guint n = 0;
	if (o->mss != 0) {
		out[n++] = 2;
		out[n++] = 4;
		put16(out + n, o->mss);
		n += 2;
	}
	if (o->sack_perm && o->ts) {
		out[n++] = 4;                    /* SACK permitted, then TS */
		out[n++] = 2;
	} else if (o->sack_perm || o->ts) {
		out[n++] = 1;
		out[n++] = 1;
		if (o->sack_perm) {
			out[n++] = 4;
			out[n++] = 2;
		}
	}
	if (o->ts) {
		out[n++] = 8;
		out[n++] = 10;
		put32(out + n, o->tsval);
		put32(out + n + 4, o->tsecr);
		n += 8;
	}
	if (o->wscale >= 0) {
		out[n++] = 1;
		out[n++] = 3;
		out[n++] = 3;
		out[n++] = (guint8)o->wscale;
	}
	guint nsack = MIN(o->nsack, 4u);
	while (nsack > 0 && n + 4 + 8 * nsack > 40)
		nsack--;
	if (nsack > 0) {
		out[n++] = 1;
		out[n++] = 1;
		out[n++] = 5;
		out[n++] = (guint8)(2 + 8 * nsack);
		for (guint i = 0; i < nsack; i++) {
			put32(out + n, o->sack[i][0]);
			put32(out + n + 4, o->sack[i][1]);
			n += 8;
		}
	}
	return n;
}

void pg_push_tcp(PgFrame *f, const PgTcp *t)
{
	guint optlen = MIN(t->opts_len, 40u) & ~3u;
	guint8 *p = push_layer(f, PG_L_TCP, 20 + optlen);
	if (p == NULL)
		return;
	put16(p, t->sport);
	put16(p + 2, t->dport);
	put32(p + 4, t->seq);
	put32(p + 8, t->ack);
	p[12] = (guint8)(((20 + optlen) / 4) << 4);
	p[13] = t->flags;
	put16(p + 14, t->window);
	put16(p + 18, t->urg);
	if (optlen > 0)
		memcpy(p + 20, t->opts, optlen);
}

void pg_push_udp(PgFrame *f, guint16 sport, guint16 dport)
{
	guint8 *p = push_layer(f, PG_L_UDP, 8);
	if (p == NULL)
		return;
	put16(p, sport);
	put16(p + 2, dport);
}

void pg_push_icmp(PgFrame *f, guint8 type, guint8 code, guint32 rest)
{
	guint8 *p = push_layer(f, PG_L_ICMP, 8);
	if (p == NULL)
		return;
	p[0] = type;
	p[1] = code;
	put32(p + 4, rest);
}

void pg_push_icmpv6(PgFrame *f, guint8 type, guint8 code, guint32 rest)
{
	guint8 *p = push_layer(f, PG_L_ICMPV6, 8);
	if (p == NULL)
		return;
	p[0] = type;
	p[1] = code;
	put32(p + 4, rest);
}

void pg_push_arp(PgFrame *f, guint16 op, const guint8 sha[6], guint32 spa,
		 const guint8 tha[6], guint32 tpa)
{
	guint8 *p = push_layer(f, PG_L_ARP, 28);
	if (p == NULL)
		return;
	put16(p, 1);                     /* hardware: Ethernet */
	put16(p + 2, PG_ETH_IPV4);
	p[4] = 6;
	p[5] = 4;
	put16(p + 6, op);
	memcpy(p + 8, sha, 6);
	put32(p + 14, spa);
	memcpy(p + 18, tha, 6);
	put32(p + 24, tpa);
}

/* ------------------------------------------------------------- checksums */

guint16 pg_csum_fold(guint64 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (guint16)sum;
}

guint32 pg_csum_partial(const guint8 *p, gsize len)
{
	/* Sum native-order 32-bit words (RFC 1071: the one's-complement sum is
	 * byte-order independent up to a final swap), 8 bytes per step. */
	guint64 sum = 0;
	while (len >= 8) {
		guint32 a, b;
		memcpy(&a, p, 4);
		memcpy(&b, p + 4, 4);
		sum += (guint64)a + b;
		p += 8;
		len -= 8;
	}
	if (len >= 4) {
		guint32 a;
		memcpy(&a, p, 4);
		sum += a;
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		guint16 a;
		memcpy(&a, p, 2);
		sum += a;
		p += 2;
		len -= 2;
	}
	if (len == 1) {
		guint8 last[2] = { p[0], 0 };
		guint16 a;
		memcpy(&a, last, 2);
		sum += a;
	}
	return GUINT16_FROM_BE(pg_csum_fold(sum));
}

/* The IPv4/IPv6 layer that carries layer `i` (the nearest one before it). */
static const PgLayer *enclosing_ip(const PgFrame *f, guint i)
{
	while (i-- > 0)
		if (f->layers[i].kind == PG_L_IPV4 || f->layers[i].kind == PG_L_IPV6)
			return &f->layers[i];
	return NULL;
}

/* Checksum of an upper-layer message at `off` (to the frame end), with the
 * pseudo-header of `ip` if given (TCP, UDP, ICMPv6). */
static guint16 l4_checksum(const PgFrame *f, const PgLayer *ip, gsize off, guint8 proto)
{
	gsize len = f->len - off;
	guint64 sum = pg_csum_partial(f->data + off, len);
	if (ip != NULL) {
		const guint8 *h = f->data + ip->off;
		if (ip->kind == PG_L_IPV4)
			sum += pg_csum_partial(h + 12, 8);
		else
			sum += pg_csum_partial(h + 8, 32);
		sum += proto + (len & 0xffff) + (len >> 16);
	}
	return (guint16)~pg_csum_fold(sum);
}

/* ----------------------------------------------------------- finishing */

/* The value a layer of kind `next` needs in the type field of the layer
 * before it; `family` is 0 for ethertypes, 1 for IP protocols, 2 for the
 * BSD null family.  Returns -1 when `next` has no such value. */
static gint next_type(const PgLayer *next, const PgLayer *cur, int family)
{
	switch (next->kind) {
	case PG_L_IPV4:
		return family == 0 ? PG_ETH_IPV4 : family == 1 ? 4 : 2;
	case PG_L_IPV6:
		return family == 0 ? PG_ETH_IPV6 : family == 1 ? 41 : cur->aux16;
	case PG_L_ARP:
		return family == 0 ? PG_ETH_ARP : -1;
	case PG_L_VLAN:
		return family == 0 ? next->aux16 : -1;
	case PG_L_IPV6_EXT:
		return family == 1 ? next->aux8 : -1;
	case PG_L_TCP:
		return family == 1 ? PG_IPPROTO_TCP : -1;
	case PG_L_UDP:
		return family == 1 ? PG_IPPROTO_UDP : -1;
	case PG_L_ICMP:
		return family == 1 ? PG_IPPROTO_ICMP : -1;
	case PG_L_ICMPV6:
		return family == 1 ? PG_IPPROTO_ICMPV6 : -1;
	default:
		return -1;
	}
}

/* Write layer `i`'s "next protocol" field from layer i + 1. */
static void set_next_field(PgFrame *f, guint i)
{
	const PgLayer *cur = &f->layers[i];
	const PgLayer *next = &f->layers[i + 1];
	guint8 *p = f->data + cur->off;
	gint v;

	switch (cur->kind) {
	case PG_L_ETH:
		if ((v = next_type(next, cur, 0)) >= 0)
			put16(p + 12, (guint16)v);
		break;
	case PG_L_VLAN:
		if ((v = next_type(next, cur, 0)) >= 0)
			put16(p + 2, (guint16)v);
		break;
	case PG_L_SLL:
		if ((v = next_type(next, cur, 0)) >= 0)
			put16(p + 14, (guint16)v);
		break;
	case PG_L_SLL2:
		if ((v = next_type(next, cur, 0)) >= 0)
			put16(p, (guint16)v);
		break;
	case PG_L_NULL:
		if ((v = next_type(next, cur, 2)) >= 0)
			put32le(p, (guint32)v);
		break;
	case PG_L_IPV4:
		if ((v = next_type(next, cur, 1)) >= 0)
			p[9] = (guint8)v;
		break;
	case PG_L_IPV6:
		if ((v = next_type(next, cur, 1)) >= 0)
			p[6] = (guint8)v;
		break;
	case PG_L_IPV6_EXT:
		if ((v = next_type(next, cur, 1)) >= 0)
			p[0] = (guint8)v;
		break;
	default:
		break;
	}
}

/* Set layer `i`'s length and checksum fields (everything after it is final). */
static void fix_layer(PgFrame *f, guint i)
{
	const PgLayer *l = &f->layers[i];
	guint8 *p = f->data + l->off;
	gsize rest = f->len - l->off;

	switch (l->kind) {
	case PG_L_IPV4:
		put16(p + 2, (guint16)rest);
		put16(p + 10, 0);
		put16(p + 10, (guint16)~pg_csum_fold(pg_csum_partial(p, (gsize)(p[0] & 0x0f) * 4)));
		break;
	case PG_L_IPV6:
		put16(p + 4, (guint16)(rest - 40));
		break;
	case PG_L_TCP:
		put16(p + 16, 0);
		put16(p + 16, l4_checksum(f, enclosing_ip(f, i), l->off, PG_IPPROTO_TCP));
		break;
	case PG_L_UDP: {
		put16(p + 4, (guint16)rest);
		put16(p + 6, 0);
		guint16 c = l4_checksum(f, enclosing_ip(f, i), l->off, PG_IPPROTO_UDP);
		put16(p + 6, c == 0 ? 0xffff : c);
		break;
	}
	case PG_L_ICMP:
		put16(p + 2, 0);
		put16(p + 2, l4_checksum(f, NULL, l->off, 0));
		break;
	case PG_L_ICMPV6:
		put16(p + 2, 0);
		put16(p + 2, l4_checksum(f, enclosing_ip(f, i), l->off, PG_IPPROTO_ICMPV6));
		break;
	default:
		break;
	}
}

gboolean pg_frame_finish(PgFrame *f)
{
	if (f->overflow)
		return FALSE;
	for (guint i = 0; i + 1 < f->nlayers; i++)
		set_next_field(f, i);
	for (guint i = f->nlayers; i-- > 0;)
		fix_layer(f, i);
	return TRUE;
}

/* ---------------------------------------------------------------- files */

#define PG_MAX_IFACES 16

struct PgWriter {
	FILE *fp;
	char *path;                  /* for error messages */
	gboolean pcapng;
	gboolean nsec;               /* pcap: nanosecond timestamps */
	gboolean big_endian;         /* headers written big-endian */
	guint nif;                   /* pcapng interfaces defined */
	guint8 tsresol[PG_MAX_IFACES]; /* pcapng: 10^-n s per tick */
	guint64 frames;
	guint64 bytes;
	int err;                     /* first errno from a failed write, 0 if none */
	char *buf;                   /* stdio buffer (setvbuf) */
};

#define PG_WRITE_BUF (1 << 20)

/* File-header byte order helpers. */
static void wput16(const PgWriter *w, guint8 *p, guint16 v)
{
	if (w->big_endian) {
		put16(p, v);
	} else {
		p[0] = (guint8)v;
		p[1] = (guint8)(v >> 8);
	}
}

static void wput32(const PgWriter *w, guint8 *p, guint32 v)
{
	if (w->big_endian)
		put32(p, v);
	else
		put32le(p, v);
}

static void wput(PgWriter *w, const void *p, gsize len)
{
	if (w->err != 0 || len == 0)
		return;
	if (fwrite_unlocked(p, 1, len, w->fp) != len)
		w->err = errno != 0 ? errno : EIO;
	w->bytes += len;
}

static PgWriter *writer_new(const char *path, GError **error)
{
	FILE *fp = fopen(path, "wb");
	if (fp == NULL) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
			    "cannot create '%s': %s", path, g_strerror(e));
		return NULL;
	}
	PgWriter *w = g_new0(PgWriter, 1);
	w->fp = fp;
	w->path = g_strdup(path);
	w->buf = g_malloc(PG_WRITE_BUF);
	setvbuf(fp, w->buf, _IOFBF, PG_WRITE_BUF);
	return w;
}

PgWriter *pg_writer_open_pcap(const char *path, guint32 linktype, guint32 snaplen,
			      guint flags, GError **error)
{
	PgWriter *w = writer_new(path, error);
	if (w == NULL)
		return NULL;
	w->nsec = (flags & PG_PCAP_NSEC) != 0;
	w->big_endian = (flags & PG_PCAP_BIG_ENDIAN) != 0;
	guint8 h[24] = { 0 };
	wput32(w, h, w->nsec ? 0xa1b23c4du : 0xa1b2c3d4u);
	wput16(w, h + 4, 2);
	wput16(w, h + 6, 4);
	wput32(w, h + 16, snaplen);   /* thiszone and sigfigs stay 0 */
	wput32(w, h + 20, linktype);
	wput(w, h, sizeof h);
	return w;
}

/* Write one pcapng option (code, length, value padded to 4). */
static void put_option(PgWriter *w, guint16 code, const void *val, guint16 len)
{
	guint8 h[4];
	static const guint8 zeros[4] = { 0 };
	wput16(w, h, code);
	wput16(w, h + 2, len);
	wput(w, h, 4);
	wput(w, val, len);
	wput(w, zeros, (4 - len % 4) % 4);
}

static guint32 option_size(gsize len)
{
	return 4 + (guint32)((len + 3) & ~(gsize)3);
}

PgWriter *pg_writer_open_pcapng(const char *path, const char *appl, GError **error)
{
	PgWriter *w = writer_new(path, error);
	if (w == NULL)
		return NULL;
	w->pcapng = TRUE;
	gsize alen = appl != NULL ? MIN(strlen(appl), 1024u) : 0;
	guint32 total = 28 + (alen > 0 ? option_size(alen) + 4 : 0);
	guint8 h[24];
	wput32(w, h, 0x0a0d0d0au);
	wput32(w, h + 4, total);
	wput32(w, h + 8, 0x1a2b3c4du);
	wput16(w, h + 12, 1);
	wput16(w, h + 14, 0);
	memset(h + 16, 0xff, 8);         /* section length: unknown */
	wput(w, h, sizeof h);
	if (alen > 0) {
		put_option(w, 4, appl, (guint16)alen); /* shb_userappl */
		put_option(w, 0, NULL, 0);             /* opt_endofopt */
	}
	wput32(w, h, total);
	wput(w, h, 4);
	return w;
}

guint pg_writer_add_interface(PgWriter *w, guint32 linktype, guint32 snaplen,
			      guint8 tsresol, const char *name)
{
	if (!w->pcapng || w->nif >= PG_MAX_IFACES)
		return 0;
	gsize nlen = name != NULL ? MIN(strlen(name), 256u) : 0;
	guint32 total = 20 + option_size(1) + 4 + (nlen > 0 ? option_size(nlen) : 0);
	guint8 h[16];
	wput32(w, h, 1);
	wput32(w, h + 4, total);
	wput16(w, h + 8, (guint16)linktype);
	wput16(w, h + 10, 0);
	wput32(w, h + 12, snaplen);
	wput(w, h, sizeof h);
	if (nlen > 0)
		put_option(w, 2, name, (guint16)nlen); /* if_name */
	put_option(w, 9, &tsresol, 1);                 /* if_tsresol */
	put_option(w, 0, NULL, 0);
	wput32(w, h, total);
	wput(w, h, 4);
	w->tsresol[w->nif] = MIN(tsresol, 9);
	return w->nif++;
}

gboolean pg_writer_write(PgWriter *w, guint iface, guint64 ts_ns,
			 const guint8 *data, guint32 caplen, guint32 wirelen)
{
	guint8 h[28];
	if (!w->pcapng) {
		guint64 frac = ts_ns % PG_NS_PER_SEC;
		wput32(w, h, (guint32)(ts_ns / PG_NS_PER_SEC));
		wput32(w, h + 4, (guint32)(w->nsec ? frac : frac / 1000));
		wput32(w, h + 8, caplen);
		wput32(w, h + 12, wirelen);
		wput(w, h, 16);
		wput(w, data, caplen);
	} else {
		if (iface >= w->nif) {
			if (w->err == 0)
				w->err = EINVAL;
			return FALSE;
		}
		guint64 div = 1;
		for (guint i = w->tsresol[iface]; i < 9; i++)
			div *= 10;
		guint64 ts = ts_ns / div;
		guint32 padded = (caplen + 3) & ~3u;
		guint32 total = 32 + padded;
		static const guint8 zeros[4] = { 0 };
		wput32(w, h, 6);
		wput32(w, h + 4, total);
		wput32(w, h + 8, iface);
		wput32(w, h + 12, (guint32)(ts >> 32));
		wput32(w, h + 16, (guint32)ts);
		wput32(w, h + 20, caplen);
		wput32(w, h + 24, wirelen);
		wput(w, h, 28);
		wput(w, data, caplen);
		wput(w, zeros, padded - caplen);
		wput32(w, h, total);
		wput(w, h, 4);
	}
	w->frames++;
	return w->err == 0;
}

guint64 pg_writer_frames(const PgWriter *w)
{
	return w->frames;
}

guint64 pg_writer_bytes(const PgWriter *w)
{
	return w->bytes;
}

gboolean pg_writer_close(PgWriter *w, GError **error)
{
	if (w == NULL)
		return TRUE;
	if (fclose(w->fp) != 0 && w->err == 0)
		w->err = errno != 0 ? errno : EIO;
	gboolean ok = w->err == 0;
	if (!ok)
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(w->err),
			    "cannot write '%s': %s", w->path, g_strerror(w->err));
	g_free(w->path);
	g_free(w->buf);
	g_free(w);
	return ok;
}
