/* rtt_partial.c — partial results of `analyze rtt`.
 *
 * A state keeps the connections (all of them, or with --top N the N slowest
 * of each input) and, whatever it keeps, the summary's mergeable parts:
 * counts by status, the exact minimum, maximum and sum of the network RTT
 * samples, the histogram's counts, and a quantile sketch (1% relative
 * accuracy) of the samples overall and per server.  When every input kept
 * every connection the merged report is computed from them, exactly as one
 * run computes it; otherwise the quantiles come from the sketches. */
#include <arpa/inet.h>
#include <string.h>

#include "analyzer/partial.h"
#include "analyzer/rtt_report.h"
#include "stats/rtt.h"
#include "stats/sketch.h"

struct server_part {
	uint8_t family;
	uint8_t addr[16];
	uint16_t port;
	guint connections, samples;
	int64_t max;                  /* RTT_NONE without samples */
	sketch *sk;
};

struct rtt_part {
	rtt_state *live;              /* the input being read, until its end */
	GArray *conns;                /* struct rtt_conn: every connection when EXACT, else those kept */
	bool exact;
	guint inputs;                 /* inputs merged in: the next one's index */
	guint connections, by_status[5], retransmitted;
	int64_t min, max, sum;        /* over the samples; RTT_NONE when none */
	guint histogram[RTT_HIST_BUCKETS];
	sketch *all;
	GArray *servers;              /* struct server_part */
	GHashTable *index;            /* "family/addr/port" key -> position + 1 in SERVERS */
};

static void *state_new(const struct partial_view *view)
{
	(void)view;
	struct rtt_part *p = g_new0(struct rtt_part, 1);
	p->conns = g_array_new(FALSE, TRUE, sizeof(struct rtt_conn));
	p->exact = true;
	p->min = p->max = RTT_NONE;
	p->all = sketch_new();
	p->servers = g_array_new(FALSE, TRUE, sizeof(struct server_part));
	p->index = g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, NULL);
	return p;
}

static void state_free(void *st)
{
	struct rtt_part *p = st;
	if (!p)
		return;
	rtt_free(p->live);
	g_array_free(p->conns, TRUE);
	sketch_free(p->all);
	for (guint i = 0; i < p->servers->len; i++)
		sketch_free(g_array_index(p->servers, struct server_part, i).sk);
	g_array_free(p->servers, TRUE);
	g_hash_table_destroy(p->index);
	g_free(p);
}

static struct server_part *server_get(struct rtt_part *p, uint8_t family, const uint8_t addr[16], uint16_t port)
{
	uint8_t key[19];
	key[0] = family;
	memcpy(key + 1, addr, 16);
	key[17] = (uint8_t)(port >> 8);
	key[18] = (uint8_t)port;
	g_autoptr(GBytes) k = g_bytes_new(key, sizeof key);
	guint at = GPOINTER_TO_UINT(g_hash_table_lookup(p->index, k));
	if (!at) {
		struct server_part s = {.family = family, .port = port, .max = RTT_NONE, .sk = sketch_new()};
		memcpy(s.addr, addr, 16);
		g_array_append_val(p->servers, s);
		at = p->servers->len;
		g_hash_table_insert(p->index, g_bytes_ref(k), GUINT_TO_POINTER(at));
	}
	return &g_array_index(p->servers, struct server_part, at - 1);
}

static int64_t max_of(int64_t a, int64_t b)
{
	return a == RTT_NONE ? b : b == RTT_NONE ? a : MAX(a, b);
}

static int64_t min_of(int64_t a, int64_t b)
{
	return a == RTT_NONE ? b : b == RTT_NONE ? a : MIN(a, b);
}

/* Counts connection C into the summary's parts of P. */
static void count_conn(struct rtt_part *p, const struct rtt_conn *c)
{
	p->connections++;
	p->by_status[c->status]++;
	if (c->syn_count > 1 && c->network_rtt != RTT_NONE)
		p->retransmitted++;
	struct server_part *s = server_get(p, c->family, c->server, c->server_port);
	s->connections++;
	if (!rtt_is_sample(c))
		return;
	int64_t v = c->network_rtt;
	s->samples++;
	s->max = max_of(s->max, v);
	sketch_add(s->sk, v, 1);
	sketch_add(p->all, v, 1);
	p->min = min_of(p->min, v);
	p->max = max_of(p->max, v);
	p->sum = (p->sum == RTT_NONE ? 0 : p->sum) + v;
	p->histogram[rtt_hist_bucket(v)]++;
}

/* Reading ---------------------------------------------------------------- */

static void on_open(guint index, const char *path, cap_reader *r, void *st)
{
	(void)index, (void)path, (void)r;
	struct rtt_part *p = st;
	p->live = rtt_new();
	rtt_file_begin(p->live, 0);
}

static void on_frame(const struct packet *pk, void *st)
{
	rtt_packet(((struct rtt_part *)st)->live, pk);
}

static void on_end(guint index, const struct file_result *res, void *st)
{
	(void)index, (void)res;
	struct rtt_part *p = st;
	if (!p->live)
		return;
	rtt_file_end(p->live);
	for (guint i = 0; i < rtt_count(p->live); i++) {
		struct rtt_conn c;
		rtt_get(p->live, i, &c);
		g_array_append_val(p->conns, c);
		count_conn(p, &c);
	}
	g_clear_pointer(&p->live, rtt_free);
	p->inputs = 1;
}

/* Merging ---------------------------------------------------------------- */

static void state_merge(void *dst, void *src)
{
	struct rtt_part *d = dst, *s = src;
	for (guint i = 0; i < s->conns->len; i++) {
		struct rtt_conn c = g_array_index(s->conns, struct rtt_conn, i);
		c.file += d->inputs;
		g_array_append_val(d->conns, c);
	}
	d->exact = d->exact && s->exact;
	d->inputs += MAX(s->inputs, 1);
	d->connections += s->connections;
	for (int i = 0; i < 5; i++)
		d->by_status[i] += s->by_status[i];
	d->retransmitted += s->retransmitted;
	d->min = min_of(d->min, s->min);
	d->max = max_of(d->max, s->max);
	if (s->sum != RTT_NONE)
		d->sum = (d->sum == RTT_NONE ? 0 : d->sum) + s->sum;
	for (guint i = 0; i < RTT_HIST_BUCKETS; i++)
		d->histogram[i] += s->histogram[i];
	sketch_merge(d->all, s->all);
	for (guint i = 0; i < s->servers->len; i++) {
		const struct server_part *from = &g_array_index(s->servers, struct server_part, i);
		struct server_part *to = server_get(d, from->family, from->addr, from->port);
		to->connections += from->connections;
		to->samples += from->samples;
		to->max = max_of(to->max, from->max);
		sketch_merge(to->sk, from->sk);
	}
}

/* The report ------------------------------------------------------------- */

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v == INT64_MIN ? RTT_NONE : MAX(lo, MIN(hi, v));
}

/* The summary from the sketches: counts, minimum, maximum and mean exact. */
static struct rtt_summary *sketch_summary(const struct rtt_part *p)
{
	struct rtt_summary *s = g_new0(struct rtt_summary, 1);
	s->servers = g_array_new(FALSE, TRUE, sizeof(struct rtt_server));
	s->samples_ns = g_array_new(FALSE, FALSE, sizeof(int64_t));
	s->histogram = g_memdup2(p->histogram, sizeof p->histogram);
	s->connections = p->connections;
	memcpy(s->by_status, p->by_status, sizeof s->by_status);
	s->retransmitted = p->retransmitted;
	s->samples = (guint)sketch_count(p->all);
	s->min = s->samples ? p->min : RTT_NONE;
	s->max = s->samples ? p->max : RTT_NONE;
	s->median = clamp(sketch_quantile(p->all, 0.5), p->min, p->max);
	s->p90 = clamp(sketch_quantile(p->all, 0.9), p->min, p->max);
	s->p99 = clamp(sketch_quantile(p->all, 0.99), p->min, p->max);
	s->mean = s->samples ? (p->sum + (int64_t)s->samples / 2) / (int64_t)s->samples : RTT_NONE;
	for (guint i = 0; i < p->servers->len; i++) {
		const struct server_part *sp = &g_array_index(p->servers, struct server_part, i);
		struct rtt_server v = {.family = sp->family, .port = sp->port, .connections = sp->connections,
				       .samples = sp->samples, .max = sp->max};
		memcpy(v.addr, sp->addr, 16);
		v.median = clamp(sketch_quantile(sp->sk, 0.5), 0, sp->max);
		v.p95 = clamp(sketch_quantile(sp->sk, 0.95), 0, sp->max);
		g_array_append_val(s->servers, v);
	}
	rtt_servers_sort(s->servers);
	return s;
}

static void render(FILE *fp, void *st, GArray *results, const struct partial_view *view)
{
	struct rtt_part *p = st;
	if (p->exact) { /* every connection is here: what one run computes */
		g_autoptr(rtt_state) all = rtt_new();
		for (guint i = 0; i < p->conns->len; i++)
			rtt_add_conn(all, &g_array_index(p->conns, struct rtt_conn, i));
		g_autoptr(rtt_summary) s = rtt_summarize(all);
		rtt_report_write(fp, all, s, results, view->fmt, view->top);
		return;
	}
	g_autoptr(rtt_summary) s = sketch_summary(p);
	/* only the slowest rows were kept: list them, slowest first */
	int top = view->top > 0 ? MIN(view->top, (int)p->conns->len) : (int)p->conns->len;
	g_autoptr(rtt_state) kept = rtt_new();
	for (guint i = 0; i < p->conns->len; i++)
		rtt_add_conn(kept, &g_array_index(p->conns, struct rtt_conn, i));
	rtt_report_write(fp, kept, s, results, view->fmt, MAX(top, 1));
}

/* Writing ---------------------------------------------------------------- */

static void json_ns(struct json *j, int64_t v)
{
	if (v == RTT_NONE)
		json_null(j);
	else
		json_int(j, v);
}

/* One connection as an array (see docs/json.md). */
static void write_conn(struct json *j, const struct rtt_conn *c)
{
	char buf[64];
	json_begin_array(j);
	json_uint(j, c->stream);
	json_string(j, addr_str(buf, c->family, c->client));
	json_uint(j, c->client_port);
	json_string(j, addr_str(buf, c->family, c->server));
	json_uint(j, c->server_port);
	const int64_t v[] = {c->syn_frame, c->synack_frame, c->ack_frame, c->rst_frame, c->syn_ns, c->synack_ns,
			     c->ack_ns, c->rst_ns, c->syn_to_synack, c->synack_to_ack, c->syn_to_rst, c->irtt};
	for (size_t i = 0; i < G_N_ELEMENTS(v); i++)
		json_ns(j, v[i]);
	json_uint(j, c->syn_count);
	json_uint(j, c->synack_count);
	json_uint(j, c->syn_ttl);
	json_uint(j, c->synack_ttl);
	json_uint(j, c->status);
	json_uint(j, c->vantage);
	json_ns(j, c->network_rtt);
	json_end_array(j);
}

static void write_sketch(struct json *j, const sketch *s)
{
	json_begin_array(j);
	json_uint(j, sketch_zeros(s));
	const GArray *bins = sketch_bins(s);
	for (guint i = 0; i < bins->len; i++) {
		const struct sketch_bin *b = &g_array_index(bins, struct sketch_bin, i);
		json_int(j, b->index);
		json_uint(j, b->count);
	}
	json_end_array(j);
}

static gint cmp_slowest(gconstpointer a, gconstpointer b)
{
	const struct rtt_conn *x = *(const struct rtt_conn *const *)a, *y = *(const struct rtt_conn *const *)b;
	if (x->network_rtt != y->network_rtt)
		return x->network_rtt > y->network_rtt ? -1 : 1;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->stream < y->stream ? -1 : (x->stream > y->stream);
}

static void write_rows(struct json *j, const struct rtt_part *p, int top)
{
	g_autoptr(GPtrArray) v = g_ptr_array_new();
	for (guint i = 0; i < p->conns->len; i++)
		g_ptr_array_add(v, &g_array_index(p->conns, struct rtt_conn, i));
	if (top > 0 && v->len > (guint)top) {
		g_ptr_array_sort(v, cmp_slowest);
		g_ptr_array_set_size(v, top);
	}
	json_key(j, "all_rows");
	json_bool(j, p->exact && v->len == p->conns->len);
	json_key(j, "rows");
	json_begin_array(j);
	for (guint i = 0; i < v->len; i++)
		write_conn(j, v->pdata[i]);
	json_end_array(j);
}

static void state_write(struct json *j, void *st, const struct partial_view *view)
{
	struct rtt_part *p = st;
	char buf[64];
	json_begin_object(j);
	json_kv_int(j, "connections", p->connections);
	json_key(j, "by_status");
	json_begin_array(j);
	for (int i = 0; i < 5; i++)
		json_uint(j, p->by_status[i]);
	json_end_array(j);
	json_kv_int(j, "excluded_syn_retransmits", p->retransmitted);
	json_key(j, "min");
	json_ns(j, p->min);
	json_key(j, "max");
	json_ns(j, p->max);
	json_key(j, "sum");
	json_ns(j, p->sum);
	json_key(j, "histogram");
	json_begin_array(j);
	for (guint i = 0; i < RTT_HIST_BUCKETS; i++)
		json_uint(j, p->histogram[i]);
	json_end_array(j);
	json_key(j, "sketch");
	write_sketch(j, p->all);
	json_key(j, "servers");
	json_begin_array(j);
	for (guint i = 0; i < p->servers->len; i++) {
		const struct server_part *s = &g_array_index(p->servers, struct server_part, i);
		json_begin_object(j);
		json_kv_string(j, "server", addr_str(buf, s->family, s->addr));
		json_kv_int(j, "server_port", s->port);
		json_kv_int(j, "connections", s->connections);
		json_kv_int(j, "samples", s->samples);
		json_key(j, "max");
		json_ns(j, s->max);
		json_key(j, "sketch");
		write_sketch(j, s->sk);
		json_end_object(j);
	}
	json_end_array(j);
	write_rows(j, p, view->top);
	json_end_object(j);
}

/* Reading back ----------------------------------------------------------- */

/* V as a time or frame: an integer, or null for RTT_NONE. */
static bool get_ns(const struct jv *v, int64_t *out)
{
	if (v && v->type == JV_NULL) {
		*out = RTT_NONE;
		return true;
	}
	if (!v || v->type != JV_NUMBER || !v->integral)
		return false;
	*out = v->negative ? (int64_t)v->number : (int64_t)v->uint;
	return v->negative || v->uint <= INT64_MAX;
}

static bool get_count(const struct jv *v, guint *out)
{
	if (!v || v->type != JV_NUMBER || !v->integral || v->negative || v->uint > G_MAXUINT)
		return false;
	*out = (guint)v->uint;
	return true;
}

static bool get_addr(const struct jv *v, uint8_t *family, uint8_t addr[16])
{
	memset(addr, 0, 16);
	if (!v || v->type != JV_STRING)
		return false;
	if (inet_pton(AF_INET, v->string, addr) == 1)
		*family = 4;
	else if (inet_pton(AF_INET6, v->string, addr) == 1)
		*family = 6;
	else
		return false;
	return true;
}

static bool read_conn(const struct jv *a, struct rtt_conn *c)
{
	if (a->type != JV_ARRAY || a->items->len != 24)
		return false;
	const struct jv *const *f = (const struct jv *const *)a->items->pdata;
	guint u[9];
	uint8_t fam2;
	uint8_t server[16];
	if (!get_count(f[0], &u[0]) || !get_addr(f[1], &c->family, c->client) || !get_count(f[2], &u[1]) ||
	    !get_addr(f[3], &fam2, server) || fam2 != c->family || !get_count(f[4], &u[2]))
		return false;
	memcpy(c->server, server, 16);
	int64_t *t[] = {&c->syn_frame, &c->synack_frame, &c->ack_frame, &c->rst_frame, &c->syn_ns, &c->synack_ns,
			&c->ack_ns, &c->rst_ns, &c->syn_to_synack, &c->synack_to_ack, &c->syn_to_rst, &c->irtt};
	for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
		if (!get_ns(f[5 + i], t[i]))
			return false;
	for (int i = 0; i < 6; i++)
		if (!get_count(f[17 + i], &u[3 + i]))
			return false;
	if (u[1] > 65535 || u[2] > 65535 || u[5] > 255 || u[6] > 255 || u[7] > RTT_MID_HANDSHAKE ||
	    u[8] > VANTAGE_MIDDLE || !get_ns(f[23], &c->network_rtt))
		return false;
	c->stream = u[0];
	c->client_port = (uint16_t)u[1];
	c->server_port = (uint16_t)u[2];
	c->syn_count = u[3];
	c->synack_count = u[4];
	c->syn_ttl = (uint8_t)u[5];
	c->synack_ttl = (uint8_t)u[6];
	c->status = (RttStatus)u[7];
	c->vantage = (RttVantage)u[8];
	return true;
}

static bool read_sketch(const struct jv *a, sketch *s)
{
	if (!a || a->type != JV_ARRAY || a->items->len % 2 != 1)
		return false;
	const struct jv *const *f = (const struct jv *const *)a->items->pdata;
	int64_t zeros;
	if (!get_ns(f[0], &zeros) || zeros < 0)
		return false;
	sketch_add_zeros(s, (uint64_t)zeros);
	for (guint i = 1; i < a->items->len; i += 2) {
		int64_t index, count;
		if (!get_ns(f[i], &index) || !get_ns(f[i + 1], &count) || index < INT32_MIN || index > INT32_MAX ||
		    count < 0)
			return false;
		sketch_add_bin(s, (int32_t)index, (uint64_t)count);
	}
	return true;
}

static bool read_servers(struct rtt_part *p, const struct jv *list)
{
	for (guint i = 0; list && list->type == JV_ARRAY && i < list->items->len; i++) {
		const struct jv *o = list->items->pdata[i];
		uint8_t family, addr[16];
		guint port, conns, samples;
		int64_t max;
		if (!get_addr(jv_get(o, "server"), &family, addr) || !get_count(jv_get(o, "server_port"), &port) ||
		    port > 65535 || !get_count(jv_get(o, "connections"), &conns) ||
		    !get_count(jv_get(o, "samples"), &samples) || !get_ns(jv_get(o, "max"), &max))
			return false;
		struct server_part *s = server_get(p, family, addr, (uint16_t)port);
		s->connections += conns;
		s->samples += samples;
		s->max = max_of(s->max, max);
		if (!read_sketch(jv_get(o, "sketch"), s->sk))
			return false;
	}
	return list && list->type == JV_ARRAY;
}

static bool state_load(void *dst, const struct jv *v, GError **error)
{
	struct rtt_part *p = dst;
	const struct jv *by = jv_get(v, "by_status"), *hist = jv_get(v, "histogram"), *rows = jv_get(v, "rows");
	const struct jv *all = jv_get(v, "all_rows");
	bool ok = get_count(jv_get(v, "connections"), &p->connections) &&
		  get_count(jv_get(v, "excluded_syn_retransmits"), &p->retransmitted) &&
		  get_ns(jv_get(v, "min"), &p->min) && get_ns(jv_get(v, "max"), &p->max) &&
		  get_ns(jv_get(v, "sum"), &p->sum) && by && by->type == JV_ARRAY && by->items->len == 5 && hist &&
		  hist->type == JV_ARRAY && hist->items->len == RTT_HIST_BUCKETS && all && all->type == JV_BOOL &&
		  rows && rows->type == JV_ARRAY && read_sketch(jv_get(v, "sketch"), p->all) &&
		  read_servers(p, jv_get(v, "servers"));
	for (int i = 0; ok && i < 5; i++)
		ok = get_count(by->items->pdata[i], &p->by_status[i]);
	for (guint i = 0; ok && i < RTT_HIST_BUCKETS; i++)
		ok = get_count(hist->items->pdata[i], &p->histogram[i]);
	for (guint i = 0; ok && i < rows->items->len; i++) {
		struct rtt_conn c = {0};
		ok = read_conn(rows->items->pdata[i], &c);
		if (ok)
			g_array_append_val(p->conns, c);
	}
	if (!ok) {
		g_set_error(error, JV_ERROR, 0, "the state is not rtt's (see docs/json.md)");
		return false;
	}
	p->exact = all->boolean;
	p->inputs = 1;
	return true;
}

const struct partial_ops partial_rtt_ops = {
	"rtt", LOOP_TRANSPORT, state_new, state_free, on_frame,
	on_open, on_end, state_merge, state_write, state_load, render, NULL, NULL, false,
};
