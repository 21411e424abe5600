/* conv.c — conversations and endpoints. */
#include "stats/conv.h"

#include <string.h>

struct conv_state {
	ConvType type;
	GHashTable *convs;       /* key: struct conv_key (canonical pair) -> struct conversation */
	GHashTable *ends;        /* key: struct conv_addr -> struct endpoint */
	int64_t first_ns;        /* the first frame counted */
	int64_t origin_ns;       /* the first frame of its file */
	bool any;
	uint64_t seen;
};

/* Both ends, lower first, so either direction finds the same record. */
struct conv_key {
	struct conv_addr lo, hi;
	uint32_t stream;         /* tcp.stream + 1 when TCP is tracked, else 0: port reuse apart */
};

static const char *const type_names[] = {"eth", "ip", "ipv6", "tcp", "udp"};

bool conv_type_parse(const char *name, ConvType *type)
{
	for (int i = 0; i < 5; i++)
		if (strcmp(name, type_names[i]) == 0) {
			*type = (ConvType)i;
			return true;
		}
	return false;
}

const char *conv_type_name(ConvType type)
{
	return type_names[type];
}

static guint bytes_hash(const void *v, size_t n)
{
	const uint8_t *b = v;
	guint h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static guint key_hash(gconstpointer k) { return bytes_hash(k, sizeof(struct conv_key)); }
static gboolean key_equal(gconstpointer a, gconstpointer b) { return memcmp(a, b, sizeof(struct conv_key)) == 0; }
static guint addr_hash(gconstpointer k) { return bytes_hash(k, sizeof(struct conv_addr)); }
static gboolean addr_equal(gconstpointer a, gconstpointer b) { return memcmp(a, b, sizeof(struct conv_addr)) == 0; }

conv_state *conv_new(ConvType type)
{
	conv_state *s = g_new0(conv_state, 1);
	s->type = type;
	s->convs = g_hash_table_new_full(key_hash, key_equal, g_free, g_free);
	s->ends = g_hash_table_new_full(addr_hash, addr_equal, NULL, g_free);
	return s;
}

void conv_free(conv_state *s)
{
	if (!s)
		return;
	g_hash_table_destroy(s->convs);
	g_hash_table_destroy(s->ends);
	g_free(s);
}

static void count_end(conv_state *s, const struct conv_addr *a, uint64_t len, bool tx)
{
	struct endpoint *e = g_hash_table_lookup(s->ends, a);
	if (!e) {
		e = g_new0(struct endpoint, 1);
		e->addr = *a;
		e->order = s->seen++;
		g_hash_table_insert(s->ends, &e->addr, e);
	}
	if (tx) {
		e->tx_frames++;
		e->tx_bytes += len;
	} else {
		e->rx_frames++;
		e->rx_bytes += len;
	}
}

static void count(conv_state *s, const struct packet *p, const struct conv_addr *src, const struct conv_addr *dst,
		  uint32_t stream)
{
	uint64_t len = p->frame->len;
	int64_t t = p->frame->ts_ns;
	bool forward = memcmp(src, dst, sizeof *src) <= 0;
	struct conv_key key;
	memset(&key, 0, sizeof key);
	key.lo = forward ? *src : *dst;
	key.hi = forward ? *dst : *src;
	key.stream = stream;
	struct conversation *c = g_hash_table_lookup(s->convs, &key);
	if (!c) {
		c = g_new0(struct conversation, 1);
		c->a = *src;
		c->b = *dst;
		c->first_ns = c->last_ns = t;
		c->order = s->seen++;
		g_hash_table_insert(s->convs, g_memdup2(&key, sizeof key), c);
	}
	if (t > c->last_ns)
		c->last_ns = t;
	else if (t < c->first_ns)
		c->first_ns = t;
	if (memcmp(src, &c->a, sizeof *src) == 0) {
		c->frames_ab++;
		c->bytes_ab += len;
	} else {
		c->frames_ba++;
		c->bytes_ba += len;
	}
	count_end(s, src, len, true);
	count_end(s, dst, len, false);
}

static void set_ip(struct conv_addr *a, uint8_t kind, const uint8_t *b)
{
	memset(a, 0, sizeof *a);
	a->kind = kind;
	memcpy(a->bytes, b, kind == 4 ? 4 : 16);
}

/* Whether IP header I is one Wireshark's listener sees: its dissector
 * stops before telling it of a wrong version, a header length under 20, a
 * header cut short or a total length shorter than the header. */
static bool ip_header_ok(const struct packet *p, int i)
{
	if (pkt_ip_unread(p, i))
		return false;
	const struct layer *l = &p->layers[i];
	const uint8_t *h = p->frame->data + l->off;
	uint32_t caplen = p->frame->caplen;
	if (l->proto == PROTO_IPV6)
		return l->off + 40 <= caplen && h[0] >> 4 == 6;
	if (l->off + 20 > caplen)
		return false;
	uint32_t hl = (h[0] & 0x0fu) * 4, total = (uint32_t)(h[2] << 8 | h[3]);
	return h[0] >> 4 == 4 && hl >= 20 && l->off + hl <= caplen && (total == 0 || total >= hl);
}

/* Whether IPv6 header I is a fragment this frame does not complete: Wireshark
 * tells its listener of an IPv6 fragment only with the whole datagram (IPv4
 * fragments, each as it comes). */
static bool ipv6_fragment_pending(const struct packet *p, int i)
{
	if (!(p->flags & PKT_FRAGMENT) || p->layers[i].proto != PROTO_IPV6 || i != p->ip_layer)
		return false;
	for (int j = i + 1; j < p->nlayers; j++)
		if (p->layers[j].flags & PKT_REASSEMBLED)
			return false;
	return true;
}

/* The same for a TCP or UDP header inside IP header IPL: whole within the
 * datagram as captured, a TCP header length of at least 20, a UDP length
 * of 0 (unknown) or at least 8. */
static bool transport_header_ok(const struct packet *p, const struct layer *l, const struct layer *ipl)
{
	const uint8_t *h = p->frame->data + l->off;
	uint32_t end = ipl->off + ipl->len;
	if (l->proto == PROTO_UDP) {
		if (l->off + 8 > end)
			return false;
		uint32_t len = (uint32_t)(h[4] << 8 | h[5]);
		return len == 0 || len >= 8;
	}
	if (l->off + 20 > end)
		return false;
	uint32_t hl = (uint32_t)(h[12] >> 4) * 4;
	return hl >= 20 && l->off + hl <= end;
}

void conv_packet(conv_state *s, const struct packet *p)
{
	if (!s->any) {
		s->any = true;
		s->first_ns = p->frame->ts_ns;
		s->origin_ns = p->first_ns;
	}
	const uint8_t *d = p->frame->data;
	uint32_t caplen = p->frame->caplen;
	int ip = -1; /* the IP header enclosing the transport header met next */
	for (int i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		if (l->flags & PKT_IN_ERROR)
			continue;
		struct conv_addr src, dst;
		switch (l->proto) {
		case PROTO_ETH:
			if (s->type != CONV_ETH || l->off + 12 > caplen)
				break;
			memset(&src, 0, sizeof src);
			memset(&dst, 0, sizeof dst);
			memcpy(dst.bytes, d + l->off, 6);
			memcpy(src.bytes, d + l->off + 6, 6);
			count(s, p, &src, &dst, 0);
			break;
		case PROTO_IP:
		case PROTO_IPV6: {
			bool v4 = l->proto == PROTO_IP;
			if (!ip_header_ok(p, i) || ipv6_fragment_pending(p, i))
				break;
			ip = i;
			if (s->type != (v4 ? CONV_IP : CONV_IPV6))
				break;
			set_ip(&src, v4 ? 4 : 6, d + l->off + (v4 ? 12 : 8));
			set_ip(&dst, v4 ? 4 : 6, d + l->off + (v4 ? 16 : 24));
			count(s, p, &src, &dst, 0);
			break;
		}
		case PROTO_TCP:
		case PROTO_UDP: {
			bool whole = l->flags & PKT_REASSEMBLED; /* ports from the first fragment */
			if (s->type != (l->proto == PROTO_TCP ? CONV_TCP : CONV_UDP) || ip < 0 ||
			    (!whole && !transport_header_ok(p, l, &p->layers[ip])))
				break;
			const struct layer *h = &p->layers[ip];
			bool v4 = h->proto == PROTO_IP;
			set_ip(&src, v4 ? 4 : 6, d + h->off + (v4 ? 12 : 8));
			set_ip(&dst, v4 ? 4 : 6, d + h->off + (v4 ? 16 : 24));
			src.port = whole ? p->sport : (uint16_t)(d[l->off] << 8 | d[l->off + 1]);
			dst.port = whole ? p->dport : (uint16_t)(d[l->off + 2] << 8 | d[l->off + 3]);
			count(s, p, &src, &dst, l->proto == PROTO_TCP && p->tcp_tracked ? p->tcp_stream + 1 : 0);
			break;
		}
		default:
			break;
		}
	}
}

int64_t conv_first_ns(const conv_state *s)
{
	return s->first_ns;
}

int64_t conv_origin_ns(const conv_state *s)
{
	return s->origin_ns;
}

static gint cmp_conv(gconstpointer x, gconstpointer y)
{
	const struct conversation *a = *(const struct conversation *const *)x;
	const struct conversation *b = *(const struct conversation *const *)y;
	uint64_t fa = a->frames_ab + a->frames_ba, fb = b->frames_ab + b->frames_ba;
	if (fa != fb)
		return fa > fb ? -1 : 1;
	uint64_t ba = a->bytes_ab + a->bytes_ba, bb = b->bytes_ab + b->bytes_ba;
	if (ba != bb)
		return ba > bb ? -1 : 1;
	return a->order < b->order ? -1 : (a->order > b->order);
}

static gint cmp_end(gconstpointer x, gconstpointer y)
{
	const struct endpoint *a = *(const struct endpoint *const *)x;
	const struct endpoint *b = *(const struct endpoint *const *)y;
	uint64_t fa = a->tx_frames + a->rx_frames, fb = b->tx_frames + b->rx_frames;
	if (fa != fb)
		return fa > fb ? -1 : 1;
	uint64_t ba = a->tx_bytes + a->rx_bytes, bb = b->tx_bytes + b->rx_bytes;
	if (ba != bb)
		return ba > bb ? -1 : 1;
	return a->order < b->order ? -1 : (a->order > b->order);
}

/* Total frames only, then first seen: the order of tshark's tables. */
static gint cmp_conv_frames(gconstpointer x, gconstpointer y)
{
	const struct conversation *a = *(const struct conversation *const *)x;
	const struct conversation *b = *(const struct conversation *const *)y;
	uint64_t fa = a->frames_ab + a->frames_ba, fb = b->frames_ab + b->frames_ba;
	if (fa != fb)
		return fa > fb ? -1 : 1;
	return a->order < b->order ? -1 : (a->order > b->order);
}

static gint cmp_end_frames(gconstpointer x, gconstpointer y)
{
	const struct endpoint *a = *(const struct endpoint *const *)x;
	const struct endpoint *b = *(const struct endpoint *const *)y;
	uint64_t fa = a->tx_frames + a->rx_frames, fb = b->tx_frames + b->rx_frames;
	if (fa != fb)
		return fa > fb ? -1 : 1;
	return a->order < b->order ? -1 : (a->order > b->order);
}

static GPtrArray *values_sorted(GHashTable *t, GCompareFunc cmp)
{
	GPtrArray *v = g_ptr_array_new();
	GHashTableIter it;
	gpointer val;
	g_hash_table_iter_init(&it, t);
	while (g_hash_table_iter_next(&it, NULL, &val))
		g_ptr_array_add(v, val);
	g_ptr_array_sort(v, cmp);
	return v;
}

GPtrArray *conv_conversations(conv_state *s)
{
	return values_sorted(s->convs, cmp_conv);
}

GPtrArray *conv_endpoints(conv_state *s)
{
	return values_sorted(s->ends, cmp_end);
}

GPtrArray *conv_conversations_by_frames(conv_state *s)
{
	return values_sorted(s->convs, cmp_conv_frames);
}

GPtrArray *conv_endpoints_by_frames(conv_state *s)
{
	return values_sorted(s->ends, cmp_end_frames);
}

void conv_add_conversation(conv_state *s, const struct conversation *c)
{
	struct conv_key key;
	memset(&key, 0, sizeof key);
	bool forward = memcmp(&c->a, &c->b, sizeof c->a) <= 0;
	key.lo = forward ? c->a : c->b;
	key.hi = forward ? c->b : c->a;
	key.stream = (uint32_t)c->order + 1; /* apart from every other: no frame is counted after */
	struct conversation *copy = g_memdup2(c, sizeof *c);
	g_hash_table_replace(s->convs, g_memdup2(&key, sizeof key), copy);
	s->seen = MAX(s->seen, c->order + 1);
}

void conv_add_endpoint(conv_state *s, const struct endpoint *e)
{
	struct endpoint *copy = g_memdup2(e, sizeof *e);
	g_hash_table_replace(s->ends, &copy->addr, copy);
	s->seen = MAX(s->seen, e->order + 1);
}

bool conv_times(const conv_state *s, int64_t *first_ns, int64_t *origin_ns)
{
	*first_ns = s->first_ns;
	*origin_ns = s->origin_ns;
	return s->any;
}

void conv_set_times(conv_state *s, bool any, int64_t first_ns, int64_t origin_ns)
{
	s->any = any;
	s->first_ns = first_ns;
	s->origin_ns = origin_ns;
}

ConvType conv_type(const conv_state *s)
{
	return s->type;
}
