/* review_run.c — one pass over each source for `findings` and `review`. */
#include "analyzer/review_run.h"

#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/filter/filter.h"
#include "analyzer/findings_out.h"
#include "analyzer/storage_cli.h"

struct run {
	const struct review_opts *o;
	findings_state *st;
	policy_learner *learner;
	GPtrArray *rows;          /* struct finding * */
	bool begun;
	FindFormat fmt;
	GArray *results;
};

static void on_open(guint index, const char *path, cap_reader *r, void *data)
{
	(void)path;
	(void)r;
	struct run *run = data;
	findings_file_begin(run->st, index);
	run->begun = true;
}

static void on_frame(const struct packet *p, void *data)
{
	struct run *run = data;
	findings_packet(run->st, p);
}

static void on_end(guint index, const struct file_result *res, void *data)
{
	(void)res;
	struct run *run = data;
	if (!run->begun)
		return;
	run->begun = false;
	g_autoptr(GPtrArray) rows = g_ptr_array_new(); /* struct finding *, moved to run->rows */
	findings_file_end(run->st, rows);
	if (run->learner)
		policy_learn_file(run->learner, run->st, rows);
	if (run->o->policy) {
		policy_check(run->o->policy, run->st, index, rows);
		findings_sort(rows);
	}
	for (guint i = 0; i < rows->len; i++)
		g_ptr_array_add(run->rows, rows->pdata[i]);
}

static void report(FILE *fp, void *data)
{
	struct run *run = data;
	if (run->learner) {
		g_autofree char *text = policy_learn_text(run->learner);
		fputs(text, fp);
		return;
	}
	findings_write(fp, run->fmt, run->o->cmd, run->rows, run->results, run->o->info);
}

static gboolean parse_since(const char *text, gint64 *out)
{
	g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
	g_autoptr(GDateTime) t = g_date_time_new_from_iso8601(text, utc);
	if (!t) {
		g_autofree char *full = g_strdup_printf("%sT00:00:00", text);
		t = g_date_time_new_from_iso8601(full, utc);
	}
	if (t)
		*out = g_date_time_to_unix(t);
	return t != NULL;
}

/* Nothing new since the date given: an empty report (a scheduled run that
 * found no new capture did its work). */
static int empty_report(const struct review_opts *o, FindFormat fmt)
{
	struct out out;
	g_autoptr(GError) err = NULL;
	g_autoptr(GPtrArray) rows = g_ptr_array_new();
	g_autoptr(GArray) results = g_array_new(FALSE, TRUE, sizeof(struct file_result));
	if (out_open(&out, o->output, &err)) {
		findings_write(out.fp, fmt, o->cmd, rows, results, o->info);
		out_close(&out, &err);
	}
	if (err) {
		cli_error("%s", err->message);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

/* --partial, -j N or --shard K/N: each source into its own rows, through
 * the partial machinery (partial.h). */
static int run_partial(const struct review_opts *o, FindFormat fmt, gint64 since, int argc, char **argv)
{
	static const OutFormat formats[] = {[FOUT_TEXT] = FORMAT_TEXT, [FOUT_JSON] = FORMAT_JSON,
					    [FOUT_CSV] = FORMAT_CSV, [FOUT_JSONL] = FORMAT_JSONL};
	if (o->learn)
		return cli_usage_error(o->cmd, "--learn cannot go with --partial, -j or --shard");
	struct partial_request req = *o->req;
	req.since = since;
	g_autofree char *type = partial_findings_type(o, o->policy_digest);
	struct partial_view view = {formats[fmt], 0, type, o};
	return partial_run(o->policy ? &partial_review_ops : &partial_findings_ops, argv, argc, o->filter, o->quiet,
			   &req, &view, o->output);
}

int review_run(const struct review_opts *o, int argc, char **argv)
{
	struct run run = {.o = o};
	bool partial = o->format && strcmp(o->format, "partial") == 0;
	if (o->format && !partial && !findings_format_parse(o->format, &run.fmt))
		return cli_usage_error(o->cmd, "unknown format '%s' (text, json, jsonl, csv or partial)", o->format);
	gint64 since = 0;
	if (o->since && !parse_since(o->since, &since))
		return cli_usage_error(o->cmd, "cannot read the date '%s'", o->since);
	if (argc < 1)
		return cli_usage_error(o->cmd, "no capture file given");
	int code;
	g_autoptr(dfilter) filter = NULL;
	if (!cli_filter(o->cmd, o->filter, &filter, &code))
		return code;
	if (partial || partial_wanted(o->req)) {
		struct review_opts po = *o;
		struct partial_request req = *o->req;
		req.partial = req.partial || partial;
		po.req = &req;
		return run_partial(&po, run.fmt, since, argc, argv);
	}
	g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func(g_free); /* char * */
	bool failed = false;
	for (int i = 0; i < argc; i++) {
		g_autoptr(GError) err = NULL;
		if (!storage_cli_expand(argv[i], since, sources, &err)) {
			cli_error("%s", err->message);
			failed = true;
		}
	}
	if (!sources->len && !failed && since && !o->learn)
		return empty_report(o, run.fmt);
	if (!sources->len) {
		if (!failed)
			cli_error("no capture under the sources given");
		return EXIT_FAILED;
	}
	g_autoptr(findings_state) st = findings_new(o->config);
	run.st = st;
	findings_track_peers(st, o->learn || (o->policy && o->policy->local));
	if (o->policy) /* --learn keeps every pair */
		findings_peer_filter(st, policy_peer_reported, o->policy);
	findings_track_rtt(st, o->learn || (o->policy && policy_limits_rtt(o->policy)));
	run.rows = g_ptr_array_new_with_free_func((GDestroyNotify)finding_free);
	g_autoptr(policy_learner) learner = o->learn ? policy_learner_new() : NULL;
	run.learner = learner;
	struct run_hooks hooks = {on_open, on_frame, on_end, LOOP_APPLICATION, filter, o->quiet, NULL};
	run.results = cli_run_files((char **)sources->pdata, (int)sources->len, &hooks, &run, &failed);
	cli_write_report(run.results, o->output, report, &run, &failed);
	guint unexpected = findings_unexpected(run.rows);
	cli_results_free(run.results);
	g_ptr_array_free(run.rows, TRUE);
	if (failed)
		return EXIT_FAILED;
	return unexpected && !o->learn ? EXIT_UNEXPECTED : EXIT_OK;
}
