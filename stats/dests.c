/* dests.c — the destinations-and-ports listener. */
#include "stats/dests.h"

#include <arpa/inet.h>
#include <string.h>

struct dests_state {
	struct dest **slots;     /* open addressing on family + address, NULL empty */
	size_t mask, count;      /* slots - 1; destinations */
	uint64_t total[2];       /* IPv4 tree, IPv6 tree */
	uint64_t seen;
	struct dest *last;       /* the destination counted last: packets come in runs */
	uint64_t frame;          /* the frame being counted: what is made now was first seen there */
};

/* Both tables probe linearly from a multiplicative hash and grow at half
 * full: the per-packet lookups are most of what this listener costs. */
static size_t dest_hash(uint8_t family, const uint8_t addr[16])
{
	uint64_t w[2];
	memcpy(w, addr, 16);
	uint64_t h = (w[0] ^ family) * 0x9e3779b97f4a7c15ull;
	h = (h ^ (h >> 29) ^ w[1]) * 0xbf58476d1ce4e5b9ull;
	return (size_t)(h ^ (h >> 32));
}

static size_t port_hash(uint16_t port)
{
	return (size_t)((port * 0x9e3779b1u) >> 16);
}

static void dest_free(struct dest *d)
{
	for (int t = 0; t < DEST_NTRANSPORTS; t++) {
		if (d->t[t].ports)
			g_array_free(d->t[t].ports, TRUE);
		g_free(d->t[t].index);
	}
	g_free(d);
}

dests_state *dests_new(void)
{
	dests_state *s = g_new0(dests_state, 1);
	s->mask = 256 - 1;
	s->slots = g_new0(struct dest *, s->mask + 1);
	return s;
}

void dests_free(dests_state *s)
{
	if (!s)
		return;
	for (size_t i = 0; i <= s->mask; i++)
		if (s->slots[i])
			dest_free(s->slots[i]);
	g_free(s->slots);
	g_free(s);
}

static struct dest **dest_slot(struct dest **slots, size_t mask, uint8_t family, const uint8_t addr[16])
{
	size_t i = dest_hash(family, addr) & mask;
	while (slots[i] && (slots[i]->family != family || memcmp(slots[i]->addr, addr, 16) != 0))
		i = (i + 1) & mask;
	return &slots[i];
}

static struct dest *dest_get(dests_state *s, uint8_t family, const uint8_t addr[16])
{
	struct dest **slot = dest_slot(s->slots, s->mask, family, addr);
	if (*slot)
		return *slot;
	if ((s->count + 1) * 2 > s->mask + 1) {
		size_t nmask = s->mask * 2 + 1;
		struct dest **ns = g_new0(struct dest *, nmask + 1);
		for (size_t i = 0; i <= s->mask; i++)
			if (s->slots[i])
				*dest_slot(ns, nmask, s->slots[i]->family, s->slots[i]->addr) = s->slots[i];
		g_free(s->slots);
		s->slots = ns;
		s->mask = nmask;
		slot = dest_slot(s->slots, s->mask, family, addr);
	}
	struct dest *d = g_new0(struct dest, 1);
	d->family = family;
	memcpy(d->addr, addr, 16);
	d->order = s->seen++;
	d->first = s->frame;
	s->count++;
	return *slot = d;
}

static uint32_t *port_slot(const struct dest_transport *t, uint32_t *index, uint32_t mask, uint16_t port)
{
	size_t i = port_hash(port) & mask;
	while (index[i] && g_array_index(t->ports, struct dest_port, index[i] - 1).port != port)
		i = (i + 1) & mask;
	return &index[i];
}

static void count_port(struct dest_transport *t, uint16_t port, uint64_t n, uint64_t frame)
{
	t->count += n;
	if (t->last && t->last->port == port) {
		t->last->count += n;
		return;
	}
	if (!t->ports) {
		t->ports = g_array_new(FALSE, FALSE, sizeof(struct dest_port));
		t->index_mask = 8 - 1;
		t->index = g_new0(uint32_t, t->index_mask + 1);
	}
	uint32_t *slot = port_slot(t, t->index, t->index_mask, port);
	if (!*slot) {
		if ((t->ports->len + 1) * 2 > t->index_mask + 1) {
			uint32_t nmask = t->index_mask * 2 + 1;
			uint32_t *ni = g_new0(uint32_t, nmask + 1);
			for (guint k = 0; k < t->ports->len; k++)
				*port_slot(t, ni, nmask, g_array_index(t->ports, struct dest_port, k).port) = k + 1;
			g_free(t->index);
			t->index = ni;
			t->index_mask = nmask;
			slot = port_slot(t, t->index, t->index_mask, port);
		}
		struct dest_port dp = {port, 0, frame};
		g_array_append_val(t->ports, dp);
		*slot = t->ports->len;
	}
	struct dest_port *dp = &g_array_index(t->ports, struct dest_port, *slot - 1);
	dp->count += n;
	t->last = dp;
}

/* What a frame counts for: its IP headers (all, and IPv4 only), under the
 * transport and destination port of its last TCP or UDP header. */
struct frame_key {
	uint64_t headers, headers4;
	int transport;
	uint16_t port;
};

static void frame_key(const struct packet *p, struct frame_key *k)
{
	k->headers = k->headers4 = 0;
	k->transport = DEST_NONE;
	k->port = 0;
	for (int i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		if (l->flags & PKT_IN_ERROR)
			continue;
		/* a header carried inside another protocol's message and cut
		 * short, or a tunnel's inner header its tunnel cut, is not
		 * counted (Wireshark's tap never sees it) */
		if ((l->proto == PROTO_IP || l->proto == PROTO_IPV6) && !pkt_ip_unread(p, i) &&
		    !((l->flags & PKT_NESTED) && (l->flags & (PKT_TRUNCATED | PKT_MALFORMED)))) {
			k->headers++;
			k->headers4 += l->proto == PROTO_IP;
		}
	}
	/* The frame's last TCP or UDP header decides, even an outer one or one
	 * quoted inside an ICMP error (whose port then names the flow in error). */
	for (int i = p->nlayers - 1; i >= 0; i--) {
		const struct layer *l = &p->layers[i];
		if (l->proto != PROTO_TCP && l->proto != PROTO_UDP)
			continue;
		k->transport = l->proto == PROTO_TCP ? DEST_TCP : DEST_UDP;
		if (l->flags & PKT_REASSEMBLED) { /* from a datagram's first fragment */
			k->port = p->dport;
			break;
		}
		if (l->off + 4 > p->frame->caplen)
			continue;
		const uint8_t *h = p->frame->data + l->off;
		k->port = (uint16_t)(h[2] << 8 | h[3]);
		break;
	}
}

void dests_packet(dests_state *s, const struct packet *p)
{
	if (p->ip_layer < 0)
		return;
	struct frame_key k;
	frame_key(p, &k);
	s->frame = p->frame->number;
	struct dest *d = s->last;
	size_t alen = p->ip_version == 4 ? 4 : 16;
	if (!d || d->family != p->ip_version || memcmp(d->addr, p->ip_dst, alen) != 0) {
		uint8_t addr[16] = {0};
		memcpy(addr, p->ip_dst, alen);
		d = s->last = dest_get(s, p->ip_version, addr);
	}
	d->count += k.headers;
	count_port(&d->t[k.transport], k.port, k.headers, s->frame);
	s->total[p->ip_version == 4 ? 0 : 1] += k.headers;
}

static void addr_text(char buf[64], uint8_t family, const uint8_t *addr)
{
	if (!inet_ntop(family == 6 ? AF_INET6 : AF_INET, addr, buf, 64))
		g_strlcpy(buf, "?", 64);
}

void dests_tree_packet(stat_tree *t, const struct packet *p, int64_t origin_ns)
{
	if (p->ip_layer < 0)
		return;
	struct frame_key k;
	frame_key(p, &k);
	if (!k.headers4)
		return;
	/* the time as Wireshark keeps it: whole seconds and nanoseconds apart */
	int64_t rel = p->frame->ts_ns - origin_ns;
	double now = (double)(rel / 1000000000) * 1000 + (double)(rel % 1000000000) / 1000000;
	char addr[64], port[8];
	addr_text(addr, p->ip_version, p->ip_dst);
	g_snprintf(port, sizeof port, "%u", k.port);
	struct stat_node *top = stat_tree_top(t);
	struct stat_node *d = stat_tree_child(top, addr);
	struct stat_node *tr = stat_tree_child(d, dests_transport_name(k.transport));
	struct stat_node *pn = stat_tree_child(tr, port);
	for (uint64_t i = 0; i < k.headers4; i++) { /* one listener call per IPv4 header */
		stat_tree_packet(t, now);
		stat_tree_tick(t, top, 1);
		stat_tree_tick(t, d, 1);
		stat_tree_tick(t, tr, 1);
		stat_tree_tick(t, pn, 1);
	}
}

static gint cmp_port(gconstpointer a, gconstpointer b)
{
	const struct dest_port *x = a, *y = b;
	return x->count != y->count ? (x->count > y->count ? -1 : 1) : 0;
}

static gint cmp_dest(gconstpointer a, gconstpointer b)
{
	const struct dest *x = *(const struct dest *const *)a, *y = *(const struct dest *const *)b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->order < y->order ? -1 : (x->order > y->order);
}

GPtrArray *dests_sorted(dests_state *s, uint8_t family, uint64_t *total)
{
	GPtrArray *v = g_ptr_array_new();
	for (size_t i = 0; i <= s->mask; i++) {
		struct dest *d = s->slots[i];
		if (!d || d->family != family)
			continue;
		for (int t = 0; t < DEST_NTRANSPORTS; t++)
			if (d->t[t].ports) { /* g_array_sort is stable: first seen stays first on ties */
				g_array_sort(d->t[t].ports, cmp_port);
				d->t[t].last = NULL;
			}
		g_ptr_array_add(v, d);
	}
	g_ptr_array_sort(v, cmp_dest);
	*total = s->total[family == 4 ? 0 : 1];
	return v;
}

const char *dests_transport_name(int t)
{
	static const char *const names[] = {"TCP", "UDP", "NONE"};
	return names[t];
}

static gint cmp_order(gconstpointer a, gconstpointer b)
{
	const struct dest *x = *(const struct dest *const *)a, *y = *(const struct dest *const *)b;
	return x->order < y->order ? -1 : (x->order > y->order);
}

GPtrArray *dests_in_order(const dests_state *s)
{
	GPtrArray *v = g_ptr_array_new();
	for (size_t i = 0; i <= s->mask; i++)
		if (s->slots[i])
			g_ptr_array_add(v, s->slots[i]);
	g_ptr_array_sort(v, cmp_order);
	return v;
}

struct dest *dests_add_dest(dests_state *s, uint8_t family, const uint8_t addr[16])
{
	s->last = NULL;
	return dest_get(s, family, addr);
}

void dests_add_port(dests_state *s, struct dest *d, int transport, uint16_t port, uint64_t n)
{
	d->count += n;
	count_port(&d->t[transport], port, n, s->frame);
	s->total[d->family == 4 ? 0 : 1] += n;
}

static gint cmp_first(gconstpointer a, gconstpointer b)
{
	const struct dest *x = *(const struct dest *const *)a, *y = *(const struct dest *const *)b;
	return x->first < y->first ? -1 : (x->first > y->first);
}

/* Adds to TO the ports of transport T of the N destinations FROM (NULL
 * where a shard has none), in order of the frame that first counted each:
 * every list is in that order already, so they are merged as they are. */
static void merge_ports(dests_state *dst, struct dest *to, int t, struct dest *const *from, unsigned n)
{
	guint at[64] = {0};
	for (;;) {
		const struct dest_port *next = NULL;
		unsigned from_k = 0;
		for (unsigned k = 0; k < n; k++) {
			const GArray *ports = from[k] ? from[k]->t[t].ports : NULL;
			if (!ports || at[k] >= ports->len)
				continue;
			const struct dest_port *dp = &g_array_index(ports, struct dest_port, at[k]);
			if (!next || dp->first < next->first) {
				next = dp;
				from_k = k;
			}
		}
		if (!next)
			return;
		at[from_k]++;
		dst->frame = next->first;
		dests_add_port(dst, to, t, next->port, next->count);
	}
}

void dests_merge_shards(dests_state *dst, dests_state *const *parts, unsigned n)
{
	/* A frame counts one port of one destination and belongs to one shard;
	 * the frame that made a destination made its first port.  Destinations
	 * made in order of the frame that first counted them, and each one's
	 * ports in that order too, come as one pass would have made them. */
	g_assert(n <= 64);
	GPtrArray *all = g_ptr_array_new();
	for (unsigned k = 0; k < n; k++)
		for (size_t i = 0; i <= parts[k]->mask; i++)
			if (parts[k]->slots[i])
				g_ptr_array_add(all, parts[k]->slots[i]);
	g_ptr_array_sort(all, cmp_first); /* no two of one address share a frame */
	for (guint i = 0; i < all->len; i++) {
		const struct dest *d = all->pdata[i];
		size_t before = dst->count;
		dst->frame = d->first;
		struct dest *to = dest_get(dst, d->family, d->addr);
		if (dst->count == before)
			continue; /* its ports were added with its first shard's */
		struct dest *from[64];
		for (unsigned k = 0; k < n; k++)
			from[k] = *dest_slot(parts[k]->slots, parts[k]->mask, d->family, d->addr);
		for (int t = 0; t < DEST_NTRANSPORTS; t++)
			merge_ports(dst, to, t, from, n);
	}
	dst->last = NULL;
	g_ptr_array_free(all, TRUE);
}
