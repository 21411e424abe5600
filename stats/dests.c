/* dests.c — the destinations-and-ports listener. */
#include "stats/dests.h"

#include <string.h>

struct dests_state {
	GHashTable *by_addr;     /* struct dest* (key: family + address) -> itself */
	uint64_t total[2];       /* IPv4 tree, IPv6 tree */
	uint64_t seen;
	struct dest *last;       /* the destination counted last: packets come in runs */
};

static guint dest_hash(gconstpointer k)
{
	const struct dest *d = k;
	guint h = d->family;
	for (int i = 0; i < 16; i++)
		h = h * 31 + d->addr[i];
	return h;
}

static gboolean dest_equal(gconstpointer a, gconstpointer b)
{
	const struct dest *x = a, *y = b;
	return x->family == y->family && memcmp(x->addr, y->addr, 16) == 0;
}

static void dest_free(gpointer v)
{
	struct dest *d = v;
	for (int t = 0; t < DEST_NTRANSPORTS; t++) {
		if (d->t[t].ports)
			g_array_free(d->t[t].ports, TRUE);
		if (d->t[t].index)
			g_hash_table_destroy(d->t[t].index);
	}
	g_free(d);
}

dests_state *dests_new(void)
{
	dests_state *s = g_new0(dests_state, 1);
	s->by_addr = g_hash_table_new_full(dest_hash, dest_equal, NULL, dest_free);
	return s;
}

void dests_free(dests_state *s)
{
	if (!s)
		return;
	g_hash_table_destroy(s->by_addr);
	g_free(s);
}

static void count_port(struct dest_transport *t, uint16_t port, uint64_t n)
{
	t->count += n;
	if (t->last && t->last->port == port) {
		t->last->count += n;
		return;
	}
	if (!t->ports) {
		t->ports = g_array_new(FALSE, FALSE, sizeof(struct dest_port));
		t->index = g_hash_table_new(g_direct_hash, g_direct_equal);
	}
	guint pos = GPOINTER_TO_UINT(g_hash_table_lookup(t->index, GUINT_TO_POINTER(port)));
	if (pos == 0) {
		struct dest_port dp = {port, 0};
		g_array_append_val(t->ports, dp);
		pos = t->ports->len;
		g_hash_table_insert(t->index, GUINT_TO_POINTER(port), GUINT_TO_POINTER(pos));
	}
	struct dest_port *dp = &g_array_index(t->ports, struct dest_port, pos - 1);
	dp->count += n;
	t->last = dp;
}

void dests_packet(dests_state *s, const struct packet *p)
{
	if (p->ip_layer < 0)
		return;
	uint64_t headers = 0;
	int transport = DEST_NONE;
	uint16_t port = 0;
	for (int i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		if (l->flags & PKT_IN_ERROR)
			continue;
		if (l->proto == PROTO_IP || l->proto == PROTO_IPV6)
			headers++;
	}
	/* The frame's last TCP or UDP header decides, even an outer one or one
	 * quoted inside an ICMP error (whose port then names the flow in error). */
	for (int i = p->nlayers - 1; i >= 0; i--) {
		const struct layer *l = &p->layers[i];
		if (l->proto != PROTO_TCP && l->proto != PROTO_UDP)
			continue;
		transport = l->proto == PROTO_TCP ? DEST_TCP : DEST_UDP;
		if (l->flags & PKT_REASSEMBLED) { /* from a datagram's first fragment */
			port = p->dport;
			break;
		}
		if (l->off + 4 > p->frame->caplen)
			continue;
		const uint8_t *h = p->frame->data + l->off;
		port = (uint16_t)(h[2] << 8 | h[3]);
		break;
	}
	struct dest *d = s->last;
	size_t alen = p->ip_version == 4 ? 4 : 16;
	if (!d || d->family != p->ip_version || memcmp(d->addr, p->ip_dst, alen) != 0) {
		struct dest key = {.family = p->ip_version};
		memcpy(key.addr, p->ip_dst, alen);
		d = g_hash_table_lookup(s->by_addr, &key);
		if (!d) {
			d = g_new0(struct dest, 1);
			*d = key;
			d->order = s->seen++;
			g_hash_table_add(s->by_addr, d);
		}
		s->last = d;
	}
	d->count += headers;
	count_port(&d->t[transport], port, headers);
	s->total[p->ip_version == 4 ? 0 : 1] += headers;
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
	GHashTableIter it;
	gpointer k;
	g_hash_table_iter_init(&it, s->by_addr);
	while (g_hash_table_iter_next(&it, &k, NULL)) {
		struct dest *d = k;
		if (d->family != family)
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
