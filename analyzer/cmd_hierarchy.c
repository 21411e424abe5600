/* cmd_hierarchy.c — `analyze hierarchy` (alias phs): Wireshark's Protocol
 * Hierarchy Statistics.  Text is an indented tree with counts and shares;
 * --tshark prints the layout of `tshark -q -z io,phs` for scripts that read
 * it; JSON nests; CSV has one row per protocol path. */
#include "analyzer/cli.h"
#include "analyzer/filter/filter.h"
#include "analyzer/commands.h"
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

int cmd_hierarchy(int argc, char **argv)
{
	g_autofree char *format = NULL, *output = NULL;
	gboolean tshark = FALSE;
	g_autofree char *filter_text = NULL;
	g_autoptr(dfilter) filter = NULL;
	gboolean quiet = FALSE;
	GOptionEntry entries[] = {
		{"filter", 'Y', 0, G_OPTION_ARG_STRING, &filter_text, "only the frames this display filter keeps", "FILTER"},
		{"format", 'T', 0, G_OPTION_ARG_STRING, &format, "text (default), json or csv", "FORMAT"},
		{"tshark", 0, 0, G_OPTION_ARG_NONE, &tshark, "print exactly what 'tshark -q -z io,phs' prints (with -Y F: io,phs,F)", NULL},
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write the report to FILE", "FILE"},
		CLI_OPTION_QUIET(quiet),
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse("hierarchy", "FILE...", "Protocol hierarchy: for every protocol path, the frames and "
		       "bytes that carried it and the frames that ended there.", entries, &argc, &argv, &code))
		return code;
	OutFormat fmt = FORMAT_TEXT;
	if (format && !out_format_parse(format, &fmt))
		return cli_usage_error("hierarchy", "unknown format '%s' (text, json or csv)", format);
	if (tshark && format)
		return cli_usage_error("hierarchy", "--tshark and --format cannot go together");
	if (argc < 2)
		return cli_usage_error("hierarchy", "no capture file given");

	g_autoptr(phs_state) st = phs_new();
	if (!cli_filter("hierarchy", filter_text, &filter, &code))
		return code;
	struct run_hooks hooks = {NULL, on_frame, NULL, LOOP_APPLICATION, NULL, quiet};
	hooks.filter = filter;
	bool failed;
	struct phs_run run = {st, tshark ? -1 : (int)fmt, filter_text, NULL};
	run.results = cli_run_files(argv + 1, argc - 1, &hooks, st, &failed);
	cli_write_report(run.results, output, report, &run, &failed);
	cli_results_free(run.results);
	return failed ? EXIT_FAILED : EXIT_OK;
}
