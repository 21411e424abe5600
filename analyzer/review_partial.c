/* review_partial.c — `findings` and `review` as partial results (--partial,
 * -j N, --shard K/N, and `analyze merge`).
 *
 * Findings are worked out file by file (frame numbers are the file's own),
 * so the state of one input is its rows, whole: every counter, frame range,
 * time span and set of ports or targets as the file's report has it.
 * Merging appends the rows of each input in the order of the inputs' names,
 * each naming its input: the report one run over the same inputs prints. */
#include <arpa/inet.h>
#include <string.h>

#include "analyzer/findings_out.h"
#include "analyzer/partial.h"
#include "analyzer/review_run.h"

/* The rows of one input, or of the inputs merged so far. */
struct rows_state {
	const struct review_opts *o; /* while reading; NULL in merge */
	findings_state *st;          /* the listener of the input being read */
	bool begun;
	GPtrArray *rows;             /* struct finding * */
	guint inputs;                /* inputs merged in (the next row's file index) */
};

static void *state_new(const struct partial_view *view)
{
	struct rows_state *s = g_new0(struct rows_state, 1);
	s->o = view->ctx;
	s->rows = g_ptr_array_new_with_free_func((GDestroyNotify)finding_free);
	return s;
}

static void state_free(void *data)
{
	struct rows_state *s = data;
	if (s->st)
		findings_free(s->st);
	g_ptr_array_free(s->rows, TRUE);
	g_free(s);
}

static void on_open(guint index, const char *path, cap_reader *r, void *data)
{
	(void)index;
	(void)path;
	(void)r;
	struct rows_state *s = data;
	const struct review_opts *o = s->o;
	s->st = findings_new(o->config);
	findings_track_peers(s->st, o->policy && o->policy->local);
	if (o->policy)
		findings_peer_filter(s->st, policy_peer_reported, o->policy);
	findings_track_rtt(s->st, o->policy && policy_limits_rtt(o->policy));
	findings_file_begin(s->st, 0);
	s->begun = true;
}

static void on_frame(const struct packet *p, void *data)
{
	struct rows_state *s = data;
	findings_packet(s->st, p);
}

static void on_end(guint index, const struct file_result *res, void *data)
{
	(void)index;
	(void)res;
	struct rows_state *s = data;
	if (!s->begun)
		return;
	s->begun = false;
	findings_file_end(s->st, s->rows);
	if (s->o->policy) {
		policy_check(s->o->policy, s->st, 0, s->rows);
		findings_sort(s->rows);
	}
	findings_free(s->st); /* the rows are all that is kept: the next input's listener starts afresh */
	s->st = NULL;
	s->inputs = 1;
}

/* SRC's rows move to DST, as the next input's. */
static void state_merge(void *dst_data, void *src_data)
{
	struct rows_state *dst = dst_data, *src = src_data;
	for (guint i = 0; i < src->rows->len; i++) {
		struct finding *f = src->rows->pdata[i];
		f->file = dst->inputs;
		g_ptr_array_add(dst->rows, f);
		src->rows->pdata[i] = NULL;
	}
	dst->inputs++;
}

static void kv_opt_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	s ? json_string(j, s) : json_null(j);
}

static void kv_addr(struct json *j, const char *key, bool has, uint8_t family, const uint8_t *addr)
{
	char buf[46];
	kv_opt_string(j, key, has ? findings_addr_text(buf, family, addr) : NULL);
}

/* The rows, every field as the report has it (times in ns, numbers exact). */
static void state_write(struct json *j, void *data, const struct partial_view *view)
{
	(void)view;
	struct rows_state *s = data;
	json_begin_array(j);
	for (guint i = 0; i < s->rows->len; i++) {
		const struct finding *f = s->rows->pdata[i];
		json_begin_object(j);
		json_kv_string(j, "category", f->category);
		json_kv_string(j, "kind", f->kind);
		json_kv_string(j, "what", f->what);
		json_key(j, "info");
		json_bool(j, f->info);
		json_kv_int(j, "family", f->family);
		kv_addr(j, "source", f->has_src, f->family, f->src);
		kv_addr(j, "destination", f->has_dst, f->family, f->dst);
		json_kv_int(j, "hosts", f->hosts);
		kv_opt_string(j, "ports", f->ports);
		kv_opt_string(j, "open", f->open_ports);
		json_kv_int(j, "closed", f->closed);
		json_kv_int(j, "frames", (int64_t)f->frames);
		json_kv_int(j, "bytes", (int64_t)f->bytes);
		json_kv_int(j, "connections", (int64_t)f->connections);
		json_kv_int(j, "first_frame", (int64_t)f->first_frame);
		json_kv_int(j, "last_frame", (int64_t)f->last_frame);
		json_kv_int(j, "first_ns", f->first_ns);
		json_kv_int(j, "last_ns", f->last_ns);
		json_key(j, "rate");
		json_double(j, f->rate);
		json_key(j, "value");
		json_double(j, f->value);
		json_key(j, "limit");
		json_double(j, f->limit);
		kv_opt_string(j, "filter", f->filter);
		json_end_object(j);
	}
	json_end_array(j);
}


static bool get_uint(const struct jv *o, const char *key, guint *out)
{
	uint64_t v;
	if (!jv_get_u64(o, key, &v) || v > G_MAXUINT)
		return false;
	*out = (guint)v;
	return true;
}


static bool get_double(const struct jv *o, const char *key, double *out)
{
	const struct jv *v = jv_get(o, key);
	if (!v || v->type != JV_NUMBER)
		return false;
	*out = v->number;
	return true;
}

/* A string (owned copy into *OUT) or, when NULLABLE, null. */
static bool get_text(const struct jv *o, const char *key, bool nullable, char **out)
{
	const struct jv *v = jv_get(o, key);
	if (v && v->type == JV_STRING) {
		*out = g_strdup(v->string);
		return true;
	}
	return nullable && v && v->type == JV_NULL;
}

/* An address of FAMILY, or null (*HAS false). */
static bool get_addr(const struct jv *o, const char *key, uint8_t family, bool *has, uint8_t addr[16])
{
	g_autofree char *text = NULL;
	if (!get_text(o, key, true, &text))
		return false;
	*has = text != NULL;
	memset(addr, 0, 16);
	return !text || ((family == 4 || family == 6) && inet_pton(family == 6 ? AF_INET6 : AF_INET, text, addr) == 1);
}

static bool load_row(const struct jv *o, struct finding *f)
{
	g_autofree char *category = NULL;
	bool info = false;
	guint family = 0;
	bool ok = o->type == JV_OBJECT && get_text(o, "category", false, &category) &&
		  get_text(o, "kind", false, &f->kind) && get_text(o, "what", false, &f->what) &&
		  jv_get_bool(o, "info", &info) && get_uint(o, "family", &family) && family <= 6 &&
		  get_addr(o, "source", (uint8_t)family, &f->has_src, f->src) &&
		  get_addr(o, "destination", (uint8_t)family, &f->has_dst, f->dst) && get_uint(o, "hosts", &f->hosts) &&
		  get_text(o, "ports", true, &f->ports) && get_text(o, "open", true, &f->open_ports) &&
		  get_uint(o, "closed", &f->closed) && jv_get_u64(o, "frames", &f->frames) &&
		  jv_get_u64(o, "bytes", &f->bytes) && jv_get_u64(o, "connections", &f->connections) &&
		  jv_get_u64(o, "first_frame", &f->first_frame) && jv_get_u64(o, "last_frame", &f->last_frame) &&
		  jv_get_i64(o, "first_ns", &f->first_ns) && jv_get_i64(o, "last_ns", &f->last_ns) &&
		  get_double(o, "rate", &f->rate) && get_double(o, "value", &f->value) &&
		  get_double(o, "limit", &f->limit) && get_text(o, "filter", true, &f->filter);
	if (category)
		f->category = g_intern_string(category);
	f->family = (uint8_t)family;
	f->info = info;
	return ok;
}

static bool state_load(void *data, const struct jv *v, GError **error)
{
	struct rows_state *s = data;
	if (v->type != JV_ARRAY) {
		g_set_error(error, JV_ERROR, 0, "the state is not a list of rows");
		return false;
	}
	for (guint i = 0; i < v->items->len; i++) {
		struct finding *f = g_new0(struct finding, 1);
		if (!load_row(v->items->pdata[i], f)) {
			finding_free(f);
			g_set_error(error, JV_ERROR, 0, "row %u lacks one of category, kind, what, info, family, source, "
				    "destination, hosts, ports, open, closed, frames, bytes, connections, first_frame, "
				    "last_frame, first_ns, last_ns, rate, value, limit, filter", i + 1);
			return false;
		}
		g_ptr_array_add(s->rows, f);
	}
	s->inputs = 1;
	return true;
}

static const char *const NO_INFO = "; no-info", *const INFO = "; info";

char *partial_findings_type(const struct review_opts *o, const char *policy_digest)
{
	if (policy_digest)
		return g_strdup_printf("policy %s%s", policy_digest, o->info ? INFO : "");
	GString *t = g_string_new(NULL);
	for (int i = 0; i < FIND_NFAMILIES; i++)
		if (o->config->enabled[i])
			g_string_append_printf(t, "%s%s", t->len ? "," : "", findings_family_name((FindFamily)i));
	if (!t->len)
		g_string_append(t, "none");
	if (!o->info)
		g_string_append(t, NO_INFO);
	return g_string_free(t, FALSE);
}

static bool findings_type_ok(const char *type)
{
	return type && strncmp(type, "policy ", 7) != 0;
}

static bool review_type_ok(const char *type)
{
	return type && strncmp(type, "policy ", 7) == 0;
}

static void render(FILE *fp, const char *title, void *data, GArray *results, const struct partial_view *view,
		   bool info)
{
	struct rows_state *s = data;
	static const FindFormat formats[] = {[FORMAT_TEXT] = FOUT_TEXT, [FORMAT_JSON] = FOUT_JSON,
					     [FORMAT_CSV] = FOUT_CSV, [FORMAT_JSONL] = FOUT_JSONL};
	const struct review_opts *o = view->ctx;
	findings_write(fp, formats[view->fmt], title, s->rows, results, o ? o->info : info);
}

static void render_findings(FILE *fp, void *st, GArray *results, const struct partial_view *view)
{
	render(fp, "findings", st, results, view, !g_str_has_suffix(view->type, NO_INFO));
}

static void render_review(FILE *fp, void *st, GArray *results, const struct partial_view *view)
{
	render(fp, "review", st, results, view, g_str_has_suffix(view->type, INFO));
}

static int verdict(void *data)
{
	struct rows_state *s = data;
	return findings_unexpected(s->rows) ? EXIT_UNEXPECTED : EXIT_OK;
}

const struct partial_ops partial_findings_ops = {
	"findings", LOOP_APPLICATION, state_new, state_free, on_frame, on_open, on_end, state_merge,
	state_write, state_load, render_findings, findings_type_ok, verdict, true,
};

const struct partial_ops partial_review_ops = {
	"review", LOOP_APPLICATION, state_new, state_free, on_frame, on_open, on_end, state_merge,
	state_write, state_load, render_review, review_type_ok, verdict, true,
};
