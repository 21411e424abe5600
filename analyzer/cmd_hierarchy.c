/* cmd_hierarchy.c — `analyze hierarchy` (alias phs): Wireshark's Protocol
 * Hierarchy Statistics.  Text is an indented tree with counts and shares;
 * --tshark prints the layout of `tshark -q -z io,phs` for scripts that read
 * it; JSON nests; CSV has one row per protocol path. */
#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/filter/filter.h"
#include "analyzer/commands.h"
#include "analyzer/partial.h"
#include "dissect/field.h"
#include "stats/hierarchy.h"

static void on_frame(const struct packet *p, void *data)
{
	phs_packet(data, p);
}

static const char *proto_abbrev(uint16_t proto)
{
	return proto_get((enum proto_id)proto)->abbrev;
}

static double share(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* Text ------------------------------------------------------------------ */

static void text_nodes(FILE *fp, const phs_state *s, uint32_t i, int depth)
{
	for (; i != PHS_NONE; i = phs_node(s, i)->next) {
		const struct phs_node *n = phs_node(s, i);
		int pad = 2 * depth;
		char name[128];
		g_snprintf(name, sizeof name, "%*s%s", pad, "", proto_abbrev(n->proto));
		fprintf(fp, "%-36s %10" G_GUINT64_FORMAT " %7.2f%% %13" G_GUINT64_FORMAT " %7.2f%% %10"
			G_GUINT64_FORMAT " %13" G_GUINT64_FORMAT "\n", name, n->frames,
			share(n->frames, phs_frames(s)), n->bytes, share(n->bytes, phs_bytes(s)),
			n->end_frames, n->end_bytes);
		text_nodes(fp, s, n->first_child, depth + 1);
	}
}

static void report_text(FILE *fp, const phs_state *s, GArray *results)
{
	fprintf(fp, "%-36s %10s %8s %13s %8s %10s %13s\n", "Protocol", "Frames", "% Frames", "Bytes",
		"% Bytes", "End frames", "End bytes");
	text_nodes(fp, s, phs_first(s), 0);
	fprintf(fp, "%-36s %10" G_GUINT64_FORMAT " %7.2f%% %13" G_GUINT64_FORMAT " %7.2f%%\n", "total",
		phs_frames(s), phs_frames(s) ? 100.0 : 0.0, phs_bytes(s), phs_bytes(s) ? 100.0 : 0.0);
	cli_text_file_notes(fp, results);
}

/* tshark's io,phs layout: 2 spaces per level, "..." past 16 levels, the name
 * padded to 40 columns. */
static void tshark_nodes(FILE *fp, const phs_state *s, uint32_t i, int depth)
{
	for (; i != PHS_NONE; i = phs_node(s, i)->next) {
		const struct phs_node *n = phs_node(s, i);
		GString *line = g_string_new(NULL);
		for (int k = 0; k < depth; k++) {
			if (k > 15) {
				g_string_append(line, "...");
				break;
			}
			g_string_append(line, "  ");
		}
		g_string_append(line, proto_abbrev(n->proto));
		fprintf(fp, "%-40s frames:%" G_GUINT64_FORMAT " bytes:%" G_GUINT64_FORMAT "\n", line->str,
			n->frames, n->bytes);
		g_string_free(line, TRUE);
		tshark_nodes(fp, s, n->first_child, depth + 1);
	}
}

static void report_tshark(FILE *fp, const phs_state *s, const char *filter)
{
	static const char rule[] = "===================================================================";
	fprintf(fp, "\n%s\nProtocol Hierarchy Statistics\nFilter: %s\n\n", rule, filter ? filter : "");
	tshark_nodes(fp, s, phs_first(s), 0);
	fprintf(fp, "%s\n", rule);
}

/* JSON ------------------------------------------------------------------ */

static void json_nodes(struct json *j, const phs_state *s, uint32_t i)
{
	json_begin_array(j);
	for (; i != PHS_NONE; i = phs_node(s, i)->next) {
		const struct phs_node *n = phs_node(s, i);
		json_begin_object(j);
		json_kv_string(j, "name", proto_abbrev(n->proto));
		json_kv_int(j, "frames", (int64_t)n->frames);
		json_kv_int(j, "bytes", (int64_t)n->bytes);
		json_kv_int(j, "end_frames", (int64_t)n->end_frames);
		json_kv_int(j, "end_bytes", (int64_t)n->end_bytes);
		json_key(j, "children");
		json_nodes(j, s, n->first_child);
		json_end_object(j);
	}
	json_end_array(j);
}

static void report_json(FILE *fp, const phs_state *s, GArray *results)
{
	struct json j;
	json_init(&j, fp);
	json_begin_report(&j);
	json_kv_int(&j, "frames", (int64_t)phs_frames(s));
	json_kv_int(&j, "bytes", (int64_t)phs_bytes(s));
	json_key(&j, "protocols");
	json_nodes(&j, s, phs_first(s));
	cli_json_files(&j, results);
	json_end_object(&j);
}

/* CSV ------------------------------------------------------------------- */

static void csv_nodes(FILE *fp, const phs_state *s, uint32_t i, GString *path)
{
	for (; i != PHS_NONE; i = phs_node(s, i)->next) {
		const struct phs_node *n = phs_node(s, i);
		gsize keep = path->len;
		if (path->len)
			g_string_append_c(path, '/');
		g_string_append(path, proto_abbrev(n->proto));
		fprintf(fp, "%s,%s,%" G_GUINT64_FORMAT ",%.4f,%" G_GUINT64_FORMAT ",%.4f,%" G_GUINT64_FORMAT
			",%" G_GUINT64_FORMAT "\n", path->str, proto_abbrev(n->proto), n->frames,
			share(n->frames, phs_frames(s)), n->bytes, share(n->bytes, phs_bytes(s)),
			n->end_frames, n->end_bytes);
		csv_nodes(fp, s, n->first_child, path);
		g_string_truncate(path, keep);
	}
}

static void report_csv(FILE *fp, const phs_state *s)
{
	fputs("path,protocol,frames,frames_pct,bytes,bytes_pct,end_frames,end_bytes\n", fp);
	GString *path = g_string_new(NULL);
	csv_nodes(fp, s, phs_first(s), path);
	g_string_free(path, TRUE);
}

struct phs_run {
	phs_state *st;
	int fmt;          /* OutFormat, or -1 for tshark's layout */
	const char *filter;
	GArray *results;
};

static void report(FILE *fp, void *data)
{
	struct phs_run *r = data;
	if (r->fmt < 0)
		report_tshark(fp, r->st, r->filter);
	else if (r->fmt == FORMAT_JSON)
		report_json(fp, r->st, r->results);
	else if (r->fmt == FORMAT_CSV)
		report_csv(fp, r->st);
	else
		report_text(fp, r->st, r->results);
}

/* Partial results ------------------------------------------------------- */

static void *state_new(const struct partial_view *view)
{
	(void)view;
	return phs_new();
}

static void state_free(void *st)
{
	phs_free(st);
}

static void merge_nodes(phs_state *dst, uint32_t parent, const phs_state *src, uint32_t i)
{
	for (; i != PHS_NONE; i = phs_node(src, i)->next) {
		const struct phs_node *n = phs_node(src, i);
		uint32_t at = phs_add(dst, parent, n->proto, n);
		merge_nodes(dst, at, src, n->first_child);
	}
}

static void state_merge(void *dst, void *src)
{
	merge_nodes(dst, PHS_NONE, src, phs_first(src));
	phs_add_totals(dst, phs_frames(src), phs_bytes(src));
}

/* The nodes flat, in the order made (a tree this deep nests past what a
 * JSON reader takes): [parent index or -1, name, frames, bytes, end frames,
 * end bytes]. */
static void state_write(struct json *j, void *st, const struct partial_view *view)
{
	(void)view;
	json_begin_object(j);
	json_kv_int(j, "frames", (int64_t)phs_frames(st));
	json_kv_int(j, "bytes", (int64_t)phs_bytes(st));
	json_key(j, "nodes");
	json_begin_array(j);
	for (uint32_t i = 0; i < phs_count(st); i++) {
		const struct phs_node *n = phs_node(st, i);
		json_begin_array(j);
		json_int(j, n->parent == PHS_NONE ? -1 : (int64_t)n->parent);
		json_string(j, proto_abbrev(n->proto));
		json_uint(j, n->frames);
		json_uint(j, n->bytes);
		json_uint(j, n->end_frames);
		json_uint(j, n->end_bytes);
		json_end_array(j);
	}
	json_end_array(j);
	json_end_object(j);
}

static bool count_of(const struct jv *v, uint64_t *out)
{
	if (!v || v->type != JV_NUMBER || !v->integral || v->negative)
		return false;
	*out = v->uint;
	return true;
}

/* Node I of the list: its parent's index in DST (from MAP) and its counts. */
static bool load_node(const struct jv *o, guint i, const GArray *map, uint32_t *parent, uint16_t *proto,
		      struct phs_node *n)
{
	if (o->type != JV_ARRAY || o->items->len != 6)
		return false;
	const struct jv *const *f = (const struct jv *const *)o->items->pdata;
	const struct proto_def *p = f[1]->type == JV_STRING ? proto_lookup(f[1]->string) : NULL;
	if (!p || f[0]->type != JV_NUMBER || !f[0]->integral || !count_of(f[2], &n->frames) ||
	    !count_of(f[3], &n->bytes) || !count_of(f[4], &n->end_frames) || !count_of(f[5], &n->end_bytes))
		return false;
	*proto = (uint16_t)p->id;
	if (f[0]->negative) {
		*parent = PHS_NONE;
		return f[0]->number == -1;
	}
	if (f[0]->uint >= i) /* a parent comes before its children */
		return false;
	*parent = g_array_index(map, uint32_t, f[0]->uint);
	return true;
}

static bool state_load(void *dst, const struct jv *v, GError **error)
{
	uint64_t frames, bytes;
	const struct jv *nodes = jv_get(v, "nodes");
	if (!count_of(jv_get(v, "frames"), &frames) || !count_of(jv_get(v, "bytes"), &bytes) || !nodes ||
	    nodes->type != JV_ARRAY) {
		g_set_error(error, JV_ERROR, 0, "the state lacks frames, bytes or nodes");
		return false;
	}
	phs_add_totals(dst, frames, bytes);
	g_autoptr(GArray) map = g_array_new(FALSE, FALSE, sizeof(uint32_t)); /* index in V -> index in DST */
	for (guint i = 0; i < nodes->items->len; i++) {
		uint32_t parent, at;
		uint16_t proto;
		struct phs_node n = {0};
		if (!load_node(nodes->items->pdata[i], i, map, &parent, &proto, &n)) {
			g_set_error(error, JV_ERROR, 0, "node %u is not [parent before it or -1, known protocol, "
				    "frames, bytes, end frames, end bytes]", i);
			return false;
		}
		at = phs_add(dst, parent, proto, &n);
		g_array_append_val(map, at);
	}
	return true;
}

static void render(FILE *fp, void *st, GArray *results, const struct partial_view *view)
{
	struct phs_run run = {st, (int)view->fmt, NULL, results};
	report(fp, &run);
}

/* Sharded runs -------------------------------------------------------- */

static void *shard_new(void)
{
	return phs_new();
}

static void shard_merge(void *data, void *const *states, unsigned n)
{
	phs_merge_shards(data, (phs_state *const *)states, n);
}

static const struct shard_ops shard_ops = {shard_new, state_free, shard_merge};

const struct partial_ops partial_hierarchy_ops = {
	"hierarchy", LOOP_APPLICATION, state_new, state_free, on_frame,
	NULL, NULL, state_merge, state_write, state_load, render, NULL, NULL, false,
};

int cmd_hierarchy(int argc, char **argv)
{
	g_autofree char *format = NULL, *output = NULL;
	gboolean tshark = FALSE;
	g_autofree char *filter_text = NULL;
	g_autoptr(dfilter) filter = NULL;
	gboolean quiet = FALSE, partial = FALSE;
	struct partial_request req = {false, 1, NULL, 0};
	g_autofree char *shard = NULL;
	GOptionEntry entries[] = {
		{"filter", 'Y', 0, G_OPTION_ARG_STRING, &filter_text, "only the frames this display filter keeps", "FILTER"},
		{"format", 'T', 0, G_OPTION_ARG_STRING, &format, "text (default), json, csv or partial", "FORMAT"},
		{"tshark", 0, 0, G_OPTION_ARG_NONE, &tshark, "print exactly what 'tshark -q -z io,phs' prints (with -Y F: io,phs,F)", NULL},
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write the report to FILE", "FILE"},
		CLI_OPTION_QUIET(quiet),
		PARTIAL_OPTIONS(partial, req, shard),
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse("hierarchy", "FILE...", "Protocol hierarchy: for every protocol path, the frames and "
		       "bytes that carried it and the frames that ended there.  ANALYZE_THREADS=2 dissects one "
		       "regular file of 32 MiB or more, unfiltered, on two threads, with the same output.", entries, &argc, &argv, &code))
		return code;
	OutFormat fmt = FORMAT_TEXT;
	req.shard = shard;
	req.partial = partial || (format && strcmp(format, "partial") == 0);
	if (format && strcmp(format, "partial") != 0 && !out_format_parse(format, &fmt))
		return cli_usage_error("hierarchy", "unknown format '%s' (text, json, csv or partial)", format);
	if (tshark && format)
		return cli_usage_error("hierarchy", "--tshark and --format cannot go together");
	if (argc < 2)
		return cli_usage_error("hierarchy", "no capture file given");
	if (partial_wanted(&req)) {
		if (tshark)
			return cli_usage_error("hierarchy", "--tshark cannot go with --partial, -j or --shard");
		if (!cli_filter("hierarchy", filter_text, &filter, &code))
			return code;
		struct partial_view view = {fmt, 0, NULL, NULL};
		return partial_run(&partial_hierarchy_ops, argv + 1, argc - 1, filter_text, quiet, &req, &view, output);
	}

	g_autoptr(phs_state) st = phs_new();
	if (!cli_filter("hierarchy", filter_text, &filter, &code))
		return code;
	struct run_hooks hooks = {NULL, on_frame, NULL, LOOP_APPLICATION, NULL, quiet, &shard_ops};
	hooks.filter = filter;
	bool failed;
	struct phs_run run = {st, tshark ? -1 : (int)fmt, filter_text, NULL};
	run.results = cli_run_files(argv + 1, argc - 1, &hooks, st, &failed);
	cli_write_report(run.results, output, report, &run, &failed);
	cli_results_free(run.results);
	return failed ? EXIT_FAILED : EXIT_OK;
}
