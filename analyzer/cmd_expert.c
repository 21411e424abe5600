/* cmd_expert.c — `analyze expert`: Wireshark's Expert Information, the items
 * the dissectors noticed (connections opened, reset and closed, TCP
 * analysis, request and response lines, malformed frames), counted by
 * severity, group, protocol and summary.  Text is what `tshark -q -z expert`
 * prints; JSON and CSV have one row per item. */
#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/commands.h"
#include "analyzer/filter/filter.h"
#include "analyzer/partial.h"
#include "stats/expert.h"

/* tshark's order: the gravest first */
static const enum expert_severity order[] = {EXPERT_ERROR, EXPERT_WARN, EXPERT_NOTE, EXPERT_CHAT, EXPERT_COMMENT};

struct expert_run {
	expert_state *st;
	OutFormat fmt;
	GArray *results;
};

static void on_frame(const struct packet *p, void *data)
{
	expert_packet(data, p);
}

static void report_text(FILE *fp, const struct expert_run *r)
{
	for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
		uint64_t total;
		const GArray *rows = expert_rows(r->st, order[i], &total);
		if (!rows->len)
			continue;
		fprintf(fp, "\n%s (%" G_GUINT64_FORMAT ")\n=============\n", expert_severity_heading(order[i]), total);
		fprintf(fp, "   Frequency      Group           Protocol  Summary\n");
		for (guint k = 0; k < rows->len; k++) {
			const struct expert_row *row = &g_array_index(rows, struct expert_row, k);
			fprintf(fp, "%12" G_GUINT64_FORMAT " %10s %18s  %s\n", row->count,
				expert_group_name((enum expert_group)row->group), row->protocol, row->summary);
		}
	}
	cli_text_file_notes(fp, r->results);
}

static void report_json(FILE *fp, const struct expert_run *r)
{
	struct json j;
	json_init(&j, fp);
	json_begin_report(&j);
	json_key(&j, "items");
	json_begin_array(&j);
	for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
		uint64_t total;
		const GArray *rows = expert_rows(r->st, order[i], &total);
		for (guint k = 0; k < rows->len; k++) {
			const struct expert_row *row = &g_array_index(rows, struct expert_row, k);
			json_begin_object(&j);
			json_kv_string(&j, "severity", expert_severity_name((enum expert_severity)row->severity));
			json_kv_string(&j, "group", expert_group_name((enum expert_group)row->group));
			json_kv_string(&j, "protocol", row->protocol);
			json_kv_string(&j, "summary", row->summary);
			json_key(&j, "count");
			json_uint(&j, row->count);
			json_end_object(&j);
		}
	}
	json_end_array(&j);
	cli_json_files(&j, r->results);
	json_end_object(&j); /* ends with its line end */
}

static void report_csv(FILE *fp, const struct expert_run *r)
{
	fputs("severity,group,protocol,summary,count\n", fp);
	for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
		uint64_t total;
		const GArray *rows = expert_rows(r->st, order[i], &total);
		for (guint k = 0; k < rows->len; k++) {
			const struct expert_row *row = &g_array_index(rows, struct expert_row, k);
			fprintf(fp, "%s,%s,", expert_severity_name((enum expert_severity)row->severity),
				expert_group_name((enum expert_group)row->group));
			csv_field(fp, row->protocol);
			fputc(',', fp);
			csv_field(fp, row->summary);
			fprintf(fp, ",%" G_GUINT64_FORMAT "\n", row->count);
		}
	}
}

static void report(FILE *fp, void *data)
{
	const struct expert_run *r = data;
	if (r->fmt == FORMAT_JSON)
		report_json(fp, r);
	else if (r->fmt == FORMAT_CSV)
		report_csv(fp, r);
	else
		report_text(fp, r);
}

/* Partial results ------------------------------------------------------- */

static void *state_new(const struct partial_view *view)
{
	(void)view;
	return expert_new();
}

static void state_free(void *st)
{
	expert_free(st);
}

/* Every severity's rows, least grave first (each severity's rows are a list
 * of their own: the order between severities does not matter). */
static void state_merge(void *dst, void *src)
{
	for (int sev = 0; sev < EXPERT_NSEVERITIES; sev++) {
		uint64_t total;
		const GArray *rows = expert_rows(src, (enum expert_severity)sev, &total);
		for (guint k = 0; k < rows->len; k++) {
			const struct expert_row *row = &g_array_index(rows, struct expert_row, k);
			expert_state_add(dst, row->severity, row->group, row->protocol, row->summary, row->count);
		}
	}
}

static void state_write(struct json *j, void *st, const struct partial_view *view)
{
	(void)view;
	json_begin_object(j);
	json_key(j, "items");
	json_begin_array(j);
	for (int sev = 0; sev < EXPERT_NSEVERITIES; sev++) {
		uint64_t total;
		const GArray *rows = expert_rows(st, (enum expert_severity)sev, &total);
		for (guint k = 0; k < rows->len; k++) {
			const struct expert_row *row = &g_array_index(rows, struct expert_row, k);
			json_begin_object(j);
			json_kv_string(j, "severity", expert_severity_name((enum expert_severity)row->severity));
			json_kv_string(j, "group", expert_group_name((enum expert_group)row->group));
			json_kv_string(j, "protocol", row->protocol);
			json_kv_string(j, "summary", row->summary);
			json_key(j, "count");
			json_uint(j, row->count);
			json_end_object(j);
		}
	}
	json_end_array(j);
	json_end_object(j);
}

static int severity_of(const char *name)
{
	for (int i = 0; i < EXPERT_NSEVERITIES; i++)
		if (strcmp(expert_severity_name((enum expert_severity)i), name) == 0)
			return i;
	return -1;
}

static int group_of(const char *name)
{
	for (int i = 0; i < EXPERT_NGROUPS; i++)
		if (strcmp(expert_group_name((enum expert_group)i), name) == 0)
			return i;
	return -1;
}

static const char *string_of(const struct jv *o, const char *key)
{
	const struct jv *v = jv_get(o, key);
	return v && v->type == JV_STRING ? v->string : NULL;
}

static bool state_load(void *dst, const struct jv *v, GError **error)
{
	const struct jv *items = jv_get(v, "items");
	for (guint i = 0; items && items->type == JV_ARRAY && i < items->items->len; i++) {
		const struct jv *o = items->items->pdata[i];
		const char *sev = string_of(o, "severity"), *group = string_of(o, "group");
		const char *proto = string_of(o, "protocol"), *summary = string_of(o, "summary");
		const struct jv *count = jv_get(o, "count");
		int sv = sev ? severity_of(sev) : -1, gv = group ? group_of(group) : -1;
		if (sv < 0 || gv < 0 || !proto || !summary || !count || count->type != JV_NUMBER || !count->integral ||
		    count->negative) {
			g_set_error(error, JV_ERROR, 0, "expert item %u lacks a known severity, group, protocol, summary "
				    "or count", i + 1);
			return false;
		}
		expert_state_add(dst, (uint8_t)sv, (uint8_t)gv, proto, summary, count->uint);
	}
	if (!items || items->type != JV_ARRAY) {
		g_set_error(error, JV_ERROR, 0, "the state lacks its items");
		return false;
	}
	return true;
}

static void render(FILE *fp, void *st, GArray *results, const struct partial_view *view)
{
	struct expert_run r = {st, view->fmt, results};
	report(fp, &r);
}

const struct partial_ops partial_expert_ops = {
	"expert", LOOP_TRACKED, state_new, state_free, on_frame,
	NULL, NULL, state_merge, state_write, state_load, render, NULL, NULL, false,
};

int cmd_expert(int argc, char **argv)
{
	g_autofree char *format = NULL, *output = NULL, *filter_text = NULL;
	gboolean tshark = FALSE, quiet = FALSE, partial = FALSE;
	struct partial_request req = {false, 1, NULL, 0};
	g_autofree char *shard = NULL;
	g_autoptr(dfilter) filter = NULL;
	GOptionEntry entries[] = {
		{"filter", 'Y', 0, G_OPTION_ARG_STRING, &filter_text, "only the frames this display filter keeps", "FILTER"},
		{"format", 'T', 0, G_OPTION_ARG_STRING, &format, "text (default: tshark's layout), json, csv or partial",
		 "FORMAT"},
		{"tshark", 0, 0, G_OPTION_ARG_NONE, &tshark, "tshark's layout (the text format)", NULL},
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write the report to FILE", "FILE"},
		CLI_OPTION_QUIET(quiet),
		PARTIAL_OPTIONS(partial, req, shard),
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse("expert", "FILE...", "Expert Information: what the dissectors noticed, by severity, group, "
		       "protocol and summary, as 'tshark -q -z expert' prints it.", entries, &argc, &argv, &code))
		return code;
	struct expert_run r = {.fmt = FORMAT_TEXT};
	req.shard = shard;
	req.partial = partial || (format && strcmp(format, "partial") == 0);
	if (format && strcmp(format, "partial") != 0 && !out_format_parse(format, &r.fmt))
		return cli_usage_error("expert", "unknown format '%s' (text, json, csv or partial)", format);
	if (tshark && (r.fmt != FORMAT_TEXT || req.partial))
		return cli_usage_error("expert", "--tshark is a text layout; it does not go with --format %s", format);
	if (argc < 2)
		return cli_usage_error("expert", "no capture file given");
	if (!cli_filter("expert", filter_text, &filter, &code))
		return code;
	if (partial_wanted(&req)) {
		struct partial_view view = {r.fmt, 0, NULL, NULL};
		return partial_run(&partial_expert_ops, argv + 1, argc - 1, filter_text, quiet, &req, &view, output);
	}
	g_autoptr(expert_state) st = expert_new();
	r.st = st;
	struct run_hooks hooks = {NULL, on_frame, NULL, LOOP_TRACKED, NULL, quiet, NULL};
	hooks.filter = filter;
	bool failed;
	r.results = cli_run_files(argv + 1, argc - 1, &hooks, st, &failed);
	cli_write_report(r.results, output, report, &r, &failed);
	cli_results_free(r.results);
	return failed ? EXIT_FAILED : EXIT_OK;
}
