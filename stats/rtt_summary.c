/* rtt_summary.c — statistics over the handshake RTT samples: quantiles, the
 * per-server table.  Karn's rule: a connection whose SYN was retransmitted
 * gives no sample, since its answer cannot be matched to one SYN for sure. */
#include "stats/rtt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dissect/flowtab.h"

int64_t rtt_quantile(const int64_t *v, guint n, double q)
{
	if (n == 0)
		return RTT_NONE;
	double pos = q * (double)(n - 1);
	guint lo = (guint)floor(pos);
	guint hi = lo + 1 < n ? lo + 1 : lo;
	double frac = pos - (double)lo;
	return v[lo] + (int64_t)llround(frac * (double)(v[hi] - v[lo]));
}

/* V's N values in ascending order: a radix sort by bytes, lowest first,
 * on the values with their sign bit flipped (so that unsigned order is
 * signed order), skipping a byte all the values share (the high bytes of
 * nanosecond RTTs).  Linear, and stable; a few values by insertion. */
void rtt_sort_i64(int64_t *v, size_t n)
{
	if (n <= 64) { /* a few: by insertion */
		for (size_t i = 1; i < n; i++) {
			int64_t x = v[i];
			size_t j = i;
			for (; j > 0 && v[j - 1] > x; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	size_t count[8][256] = {{0}};
	for (size_t i = 0; i < n; i++) {
		uint64_t k = (uint64_t)v[i] ^ (UINT64_C(1) << 63);
		for (int b = 0; b < 8; b++)
			count[b][k >> (8 * b) & 255]++;
	}
	g_autofree int64_t *tmp = NULL;
	int64_t *from = v, *to = NULL;
	for (int b = 0; b < 8; b++) {
		size_t *c = count[b];
		if (c[((uint64_t)v[0] ^ (UINT64_C(1) << 63)) >> (8 * b) & 255] == n)
			continue; /* every value has this byte */
		if (!to)
			to = tmp = g_new(int64_t, n);
		size_t at = 0;
		for (int d = 0; d < 256; d++) {
			size_t k = c[d];
			c[d] = at;
			at += k;
		}
		for (size_t i = 0; i < n; i++) {
			uint64_t k = (uint64_t)from[i] ^ (UINT64_C(1) << 63);
			to[c[k >> (8 * b) & 255]++] = from[i];
		}
		int64_t *t = from;
		from = to;
		to = t;
	}
	if (from != v)
		memcpy(v, from, n * sizeof *v);
}

bool rtt_is_sample(const struct rtt_conn *c)
{
	return c->network_rtt != RTT_NONE && c->syn_count <= 1;
}

/* A server's group while the summary is made. */
struct server_group {
	uint8_t family;
	uint8_t addr[16];
	uint16_t port;
	guint connections;
	guint samples;                /* its samples, */
	guint at;                     /* from here in the grouped samples */
};

/* In the order of family, address, port. */
static gint cmp_group(gconstpointer a, gconstpointer b)
{
	const struct server_group *x = a, *y = b;
	if (x->family != y->family)
		return x->family - y->family;
	int r = memcmp(x->addr, y->addr, 16);
	if (r)
		return r;
	return (int)x->port - (int)y->port;
}

/* Slowest first: by median, then p95, then max; servers without samples last. */
static gint cmp_server_slowest(gconstpointer a, gconstpointer b)
{
	const struct rtt_server *x = a, *y = b;
	if (x->median != y->median)
		return x->median > y->median ? -1 : 1;
	if (x->p95 != y->p95)
		return x->p95 > y->p95 ? -1 : 1;
	if (x->max != y->max)
		return x->max > y->max ? -1 : 1;
	return y->connections > x->connections ? 1 : (y->connections < x->connections ? -1 : 0);
}

/* Closes one server's group: its quantiles over its N samples V (sorted here). */
static void server_close(struct rtt_summary *s, struct rtt_server *srv, int64_t *v, guint n)
{
	rtt_sort_i64(v, n);
	srv->samples = n;
	srv->median = rtt_quantile(v, n, 0.5);
	srv->p95 = rtt_quantile(v, n, 0.95);
	srv->max = n ? v[n - 1] : RTT_NONE;
	g_array_append_val(s->servers, *srv);
}

/* A sample of the server group GROUP, in the order the connections came. */
struct group_sample {
	guint group;
	int64_t v;
};

/* The per-server table: GROUPS (struct server_group) and the samples
 * (struct group_sample) of them all. */
static void build_servers(struct rtt_summary *s, GArray *groups, GArray *samples)
{
	guint at = 0;
	for (guint i = 0; i < groups->len; i++) {
		struct server_group *g = &g_array_index(groups, struct server_group, i);
		g->at = at;
		at += g->samples;
		g->samples = 0;
	}
	g_autofree int64_t *grouped = g_new(int64_t, MAX(at, 1));
	for (guint i = 0; i < samples->len; i++) {
		const struct group_sample *e = &g_array_index(samples, struct group_sample, i);
		struct server_group *g = &g_array_index(groups, struct server_group, e->group);
		grouped[g->at + g->samples++] = e->v;
	}
	g_array_sort(groups, cmp_group);
	for (guint i = 0; i < groups->len; i++) {
		const struct server_group *g = &g_array_index(groups, struct server_group, i);
		struct rtt_server srv = {.family = g->family, .port = g->port, .connections = g->connections};
		memcpy(srv.addr, g->addr, 16);
		server_close(s, &srv, grouped + g->at, g->samples);
	}
	rtt_servers_sort(s->servers);
}

void rtt_servers_sort(GArray *servers)
{
	g_array_sort(servers, cmp_server_slowest);
}

/* Bucket upper bounds in microseconds: 1-2-5 steps from 0.1 ms to 10 s. */
static const int64_t bucket_us[RTT_HIST_BUCKETS - 1] = {100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000,
							 100000, 200000, 500000, 1000000, 2000000, 5000000, 10000000};

guint rtt_hist_bucket(int64_t ns)
{
	guint i = 0;
	while (i < G_N_ELEMENTS(bucket_us) && ns >= bucket_us[i] * 1000)
		i++;
	return i;
}

int64_t rtt_hist_bound_us(guint i)
{
	return bucket_us[i];
}

struct rtt_summary *rtt_summarize(rtt_state *st)
{
	guint rows = rtt_count(st);
	struct rtt_summary *s = g_new0(struct rtt_summary, 1);
	s->servers = g_array_new(FALSE, TRUE, sizeof(struct rtt_server));
	s->samples_ns = g_array_new(FALSE, FALSE, sizeof(int64_t));
	s->connections = rows;
	g_autoptr(GArray) groups = g_array_new(FALSE, TRUE, sizeof(struct server_group));
	g_autoptr(GArray) group_samples = g_array_new(FALSE, FALSE, sizeof(struct group_sample));
	struct flowtab *index = flowtab_new(); /* a server's address and port -> its group + 1 */
	static const uint8_t none[16];
	for (guint i = 0; i < rows; i++) {
		struct rtt_conn c;
		rtt_get(st, i, &c);
		s->by_status[c.status]++;
		if (c.syn_count > 1 && c.network_rtt != RTT_NONE)
			s->retransmitted++;
		struct flow_key k;
		flow_key_set(&k, c.family, c.server, none, c.server_port, 0);
		guint g = GPOINTER_TO_UINT(flowtab_get(index, &k));
		if (!g) {
			struct server_group n = {.family = c.family, .port = c.server_port};
			memcpy(n.addr, c.server, 16);
			g_array_append_val(groups, n);
			g = groups->len;
			flowtab_put(index, &k, GUINT_TO_POINTER(g));
		}
		struct server_group *grp = &g_array_index(groups, struct server_group, g - 1);
		grp->connections++;
		if (rtt_is_sample(&c)) {
			grp->samples++;
			struct group_sample e = {g - 1, c.network_rtt};
			g_array_append_val(group_samples, e);
			g_array_append_val(s->samples_ns, c.network_rtt);
		}
	}
	flowtab_free(index);
	rtt_sort_i64((int64_t *)(void *)s->samples_ns->data, s->samples_ns->len);
	s->samples = s->samples_ns->len;
	const int64_t *v = (const int64_t *)(void *)s->samples_ns->data;
	guint n = s->samples;
	s->min = n ? v[0] : RTT_NONE;
	s->max = n ? v[n - 1] : RTT_NONE;
	s->median = rtt_quantile(v, n, 0.5);
	s->p90 = rtt_quantile(v, n, 0.9);
	s->p99 = rtt_quantile(v, n, 0.99);
	if (n) {
		__int128 sum = 0;
		for (guint i = 0; i < n; i++)
			sum += v[i];
		s->mean = (int64_t)((sum + n / 2) / n);
	} else {
		s->mean = RTT_NONE;
	}
	build_servers(s, groups, group_samples);
	return s;
}

void rtt_summary_free(struct rtt_summary *s)
{
	if (!s)
		return;
	g_array_free(s->servers, TRUE);
	g_array_free(s->samples_ns, TRUE);
	g_free(s->histogram);
	g_free(s);
}
