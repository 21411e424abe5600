/* rtt_summary.c — statistics over the handshake RTT samples: quantiles, the
 * per-server table.  Karn's rule: a connection whose SYN was retransmitted
 * gives no sample, since its answer cannot be matched to one SYN for sure. */
#include "stats/rtt.h"

#include <math.h>
#include <string.h>

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

static gint cmp_i64(gconstpointer a, gconstpointer b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

bool rtt_is_sample(const struct rtt_conn *c)
{
	return c->network_rtt != RTT_NONE && c->syn_count <= 1;
}

/* What the per-server table needs of a connection. */
struct server_row {
	uint8_t family;
	uint8_t addr[16];
	uint16_t port;
	int64_t sample;               /* its network RTT sample, or RTT_NONE */
};

static int server_cmp(const struct server_row *a, const struct server_row *b)
{
	if (a->family != b->family)
		return a->family - b->family;
	int r = memcmp(a->addr, b->addr, 16);
	if (r)
		return r;
	return (int)a->port - (int)b->port;
}

static gint cmp_server_row(gconstpointer a, gconstpointer b)
{
	return server_cmp(a, b);
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

/* Closes one server's group: its quantiles over SAMPLES. */
static void server_close(struct rtt_summary *s, struct rtt_server *srv, GArray *samples)
{
	g_array_sort(samples, cmp_i64);
	srv->samples = samples->len;
	const int64_t *v = (const int64_t *)(void *)samples->data;
	srv->median = rtt_quantile(v, samples->len, 0.5);
	srv->p95 = rtt_quantile(v, samples->len, 0.95);
	srv->max = samples->len ? v[samples->len - 1] : RTT_NONE;
	g_array_append_val(s->servers, *srv);
	g_array_set_size(samples, 0);
}

/* The per-server table from ROWS (struct server_row), which it sorts. */
static void build_servers(struct rtt_summary *s, GArray *rows)
{
	g_array_sort(rows, cmp_server_row);
	g_autoptr(GArray) samples = g_array_new(FALSE, FALSE, sizeof(int64_t));
	struct rtt_server srv = {0};
	const struct server_row *prev = NULL;
	for (guint i = 0; i < rows->len; i++) {
		const struct server_row *c = &g_array_index(rows, struct server_row, i);
		if (prev && server_cmp(prev, c) != 0)
			server_close(s, &srv, samples);
		if (!prev || server_cmp(prev, c) != 0) {
			srv = (struct rtt_server){.family = c->family, .port = c->port};
			memcpy(srv.addr, c->addr, 16);
		}
		srv.connections++;
		if (c->sample != RTT_NONE)
			g_array_append_val(samples, c->sample);
		prev = c;
	}
	if (prev)
		server_close(s, &srv, samples);
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
	g_autoptr(GArray) by_server = g_array_sized_new(FALSE, FALSE, sizeof(struct server_row), rows);
	for (guint i = 0; i < rows; i++) {
		struct rtt_conn c;
		rtt_get(st, i, &c);
		s->by_status[c.status]++;
		if (c.syn_count > 1 && c.network_rtt != RTT_NONE)
			s->retransmitted++;
		struct server_row r = {.family = c.family, .port = c.server_port,
				       .sample = rtt_is_sample(&c) ? c.network_rtt : RTT_NONE};
		memcpy(r.addr, c.server, 16);
		g_array_append_val(by_server, r);
		if (r.sample != RTT_NONE)
			g_array_append_val(s->samples_ns, c.network_rtt);
	}
	g_array_sort(s->samples_ns, cmp_i64);
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
	build_servers(s, by_server);
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
