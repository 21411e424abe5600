/* cli.c — shared command-line plumbing. */
#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/filter/filter.h"
#include "analyzer/cli_progress.h"
#include "analyzer/storage_cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
	fprintf(stderr, "analyze: %s\n", msg);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "analyze: %s; try 'analyze %s --help'\n", msg, cmd);
	else
		fprintf(stderr, "analyze: %s; try 'analyze --help'\n", msg);
	return EXIT_USAGE;
}

static gboolean opt_force; /* --force: a report may replace an existing capture file */
static gboolean opt_offline; /* --offline: cached sources are read without asking the service */
static char *opt_auth;       /* --auth MODE: how URL and az:// sources sign in */
static char *opt_sas_file;   /* --sas-file FILE: their SAS, read from FILE */
static char *opt_cacert;     /* --cacert FILE: the CA bundle for URL sources */

/* The value of ENTRIES' --output, or NULL. */
static const char *output_of(const GOptionEntry *entries)
{
	for (const GOptionEntry *e = entries; e->long_name; e++)
		if (strcmp(e->long_name, "output") == 0 && e->arg == G_OPTION_ARG_FILENAME)
			return *(char **)e->arg_data;
	return NULL;
}

bool cli_output_is_input(const char *output, char **files, int n, const char **input)
{
	struct stat out;
	if (!output || strcmp(output, "-") == 0 || stat(output, &out) != 0)
		return false;
	for (int i = 0; i < n; i++) {
		struct stat in;
		int rc = strcmp(files[i], "-") == 0 ? fstat(STDIN_FILENO, &in) : stat(files[i], &in);
		if (rc == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
			*input = files[i];
			return true;
		}
	}
	return false;
}

/* A report's -o FILE never replaces one of the inputs, and replaces a
 * capture file only with --force.  Returns EXIT_OK or the usage error's
 * status (printed). */
static int output_guard(const char *cmd, const char *output, int argc, char **argv)
{
	const char *input;
	if (cli_output_is_input(output, argv + 1, argc - 1, &input))
		return cli_usage_error(cmd, "output file '%s' is the input '%s': the report would destroy the capture",
				       output, input);
	struct stat st;
	if (!opt_force && output && strcmp(output, "-") != 0 && stat(output, &st) == 0 && S_ISREG(st.st_mode) &&
	    cap_file_is_capture(output))
		return cli_usage_error(cmd, "output file '%s' is a capture file: give --force to replace it with the report%s",
				       output, strcmp(cmd, "list") == 0 ? " (-w FILE writes the frames as a capture)" : "");
	return EXIT_OK;
}

void cli_source_options(bool offline, const char *cacert)
{
	/* read where sources are fetched (storage_cli.c, storage_http.c): the
	 * first CA bundle named there, so it comes before SSL_CERT_FILE */
	if (offline)
		g_setenv("ANALYZE_OFFLINE", "1", TRUE);
	if (cacert)
		g_setenv("CURL_CA_BUNDLE", cacert, TRUE);
}

bool cli_parse(const char *cmd, const char *params, const char *summary, GOptionEntry *entries,
	       int *argc, char ***argv, int *exit_code)
{
	g_autofree char *prg = g_strdup_printf("analyze %s", cmd);
	g_set_prgname(prg);
	g_autoptr(GOptionContext) ctx = g_option_context_new(params);
	g_option_context_set_summary(ctx, summary);
	g_option_context_add_main_entries(ctx, entries, NULL);
	bool has_output = false;
	for (const GOptionEntry *e = entries; e->long_name; e++)
		has_output = has_output || strcmp(e->long_name, "output") == 0;
	GOptionEntry common[] = {
		{"force", 0, 0, G_OPTION_ARG_NONE, &opt_force, "let -o replace an existing capture file", NULL},
		{"offline", 0, 0, G_OPTION_ARG_NONE, &opt_offline, "read a cached URL or az:// source without asking whether it changed", NULL},
		{"cacert", 0, 0, G_OPTION_ARG_FILENAME, &opt_cacert, "trust the CA certificates in FILE for https sources", "FILE"},
		{"auth", 0, 0, G_OPTION_ARG_STRING, &opt_auth, "how URL and az:// sources sign in: key, sas, login or auto", "MODE"},
		{"sas-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_sas_file, "read the SAS of URL and az:// sources from FILE", "FILE"},
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	if (has_output && strcmp(cmd, "fetch") != 0) {
		/* merge reads local partials only: no source options */
		if (strcmp(cmd, "merge") == 0)
			common[1] = common[G_N_ELEMENTS(common) - 1];
		g_option_context_add_main_entries(ctx, common, NULL);
	}
	g_option_context_set_help_enabled(ctx, TRUE);
	g_autofree char *desc = cli_alias_help(entries, strstr(params, "FILE") != NULL);
	if (desc)
		g_option_context_set_description(ctx, desc);
	/* the split vector and the option names it made live as long as the run */
	static GPtrArray *keep;
	if (!keep)
		keep = g_ptr_array_new_with_free_func(g_free);
	char **split = cli_normalize_args(entries, argc, *argv, keep);
	g_ptr_array_add(keep, split);
	*argv = split;
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		char *m = err->message;
		if (m[0])
			m[0] = g_ascii_tolower(m[0]);
		*exit_code = cli_usage_error(cmd, "%s", m);
		return false;
	}
	cli_source_options(opt_offline, opt_cacert);
	if ((opt_auth || opt_sas_file) && !storage_cli_auth(cmd, opt_auth, opt_sas_file, opt_cacert, false, exit_code))
		return false;
	*exit_code = has_output && strcmp(cmd, "fetch") != 0 ? output_guard(cmd, output_of(entries), *argc, *argv) : EXIT_OK;
	return *exit_code == EXIT_OK;
}

/* "no frames", "its first frame", "its first 12 frames" into BUF (48 bytes). */
static const char *first_frames(char *buf, uint64_t n)
{
	if (n == 0)
		return "no frames";
	if (n == 1)
		return "its first frame";
	g_snprintf(buf, 48, "its first %" G_GUINT64_FORMAT " frames", n);
	return buf;
}

static void file_warnings(const struct file_result *res)
{
	const struct loop_counts *c = &res->counts;
	if (c->undissected) {
		const char *name = linktype_short_name(c->first_undissected_linktype);
		cli_error("'%s': link type %u%s%s%s is not dissected: %" G_GUINT64_FORMAT
			  " of %" G_GUINT64_FORMAT " frames are counted but not analyzed",
			  res->path, c->first_undissected_linktype, name ? " (" : "", name ? name : "",
			  name ? ")" : "", c->undissected, c->frames);
	}
	if (res->gave_up)
		cli_error("'%s': a regular expression of the filter backtracked too long on %" G_GUINT64_FORMAT
			  " of %" G_GUINT64_FORMAT " frames: they are counted as not matching it",
			  res->path, res->gave_up, c->frames);
}

struct open_ctx {
	const struct run_hooks *hooks;
	void *data;
	guint index;
	const char *path;
	struct cli_progress *progress; /* NULL: no progress line */
};

/* Hands the listener only the frames the display filter keeps. */
static void filtered_frame(const struct packet *p, void *data)
{
	struct open_ctx *ctx = data;
	if (dfilter_match(ctx->hooks->filter, p))
		ctx->hooks->frame(p, ctx->data);
}

bool cli_filter(const char *cmd, const char *text, struct dfilter **out, int *exit_code)
{
	*out = NULL;
	if (!text)
		return true;
	g_autoptr(GError) err = NULL;
	*out = dfilter_compile(text, &err);
	if (*out)
		return true;
	cli_error("bad filter: %s", err->message);
	int col = dfilter_error_column(err);
	if (col > 0) {
		g_autofree char *caret = dfilter_error_caret(text, col);
		fprintf(stderr, "%s\n", caret);
	}
	(void)cmd;
	*exit_code = EXIT_USAGE;
	return false;
}

static void on_open(cap_reader *r, void *data)
{
	struct open_ctx *ctx = data;
	if (ctx->progress)
		cap_reader_set_progress(r, cli_progress_update, ctx->progress);
	if (ctx->hooks->file_open)
		ctx->hooks->file_open(ctx->index, ctx->path, r, ctx->data);
}

unsigned cli_shard_threads(void)
{
	const char *env = g_getenv("ANALYZE_THREADS");
	if (env && *env) {
		guint64 n = g_ascii_strtoull(env, NULL, 10);
		return n >= 1 && n <= 64 ? (unsigned)n : 1;
	}
	if (g_getenv("ANALYZE_SHARD_TEST"))
		return 2;
	/* one thread unless asked: two threads cost about half more CPU for a
	 * few percent of wall time at best (docs/sharding.md) */
	return 1;
}

/* Tries the file at PATH on several threads (docs/sharding.md): true when
 * that gave DATA its frames and RES its counts; false when the file is to
 * be read on one thread (nothing of DATA changed).  ANALYZE_SHARD_TEST
 * (the tests' hook) shards any file, however small, and says on standard
 * error how it went. */
static bool run_sharded(const char *path, const struct run_hooks *hooks, void *data, struct open_ctx *ctx,
			struct file_result *res)
{
	bool test = g_getenv("ANALYZE_SHARD_TEST") != NULL;
	unsigned n = cli_shard_threads();
	if (!hooks->shard || hooks->filter || n < 2)
		return false;
	void **states = g_new(void *, n);
	for (unsigned k = 0; k < n; k++)
		states[k] = hooks->shard->state_new();
	const char *why;
	enum shard_outcome out = frameloop_run_sharded(path, hooks->depth, n, test ? 0 : SHARD_MIN_SIZE, on_open, ctx,
						       hooks->frame, states, &res->counts, &why);
	if (out == SHARD_DONE)
		hooks->shard->merge(data, states, n);
	for (unsigned k = 0; k < n; k++)
		hooks->shard->state_free(states[k]);
	g_free(states);
	if (test)
		fprintf(stderr, out == SHARD_DONE ? "analyze: sharded: %u threads\n" : out == SHARD_GAVE_UP ?
			"analyze: sharded: %u threads gave up: %s\n" : "analyze: sharded: %u threads not tried: %s\n",
			n, why);
	if (out != SHARD_DONE)
		return false;
	res->opened = res->complete = true;
	return true;
}

/* Runs one file; fills RES and says what went wrong on standard error.
 * SHARD: it may be read on several threads. */
static void run_one(const char *path, guint index, const struct run_hooks *hooks, void *data,
		    struct cli_progress *progress, struct file_result *res, bool shard)
{
	g_autoptr(GError) err = NULL;
	/* a URL or az:// source is read from its copy in the cache */
	g_autofree char *display = NULL;
	g_autofree char *local = storage_cli_local(path, &display, &err);
	res->path = g_steal_pointer(&display);
	if (!local) {
		res->error = g_strdup(err->message);
		cli_error("cannot fetch %s", res->error);
		return;
	}
	struct open_ctx ctx = {hooks, data, index, res->path, progress};
	path = local;
	cli_progress_file(progress, index, res->path);
	uint64_t gave_up = hooks->filter ? dfilter_gave_up(hooks->filter) : 0;
	if (shard && run_sharded(path, hooks, data, &ctx, res)) {
		/* read on several threads */
	} else if (hooks->filter)
		res->complete = frameloop_run(path, MAX(hooks->depth, (enum loop_depth)dfilter_depth(hooks->filter)), on_open, &ctx,
					  filtered_frame, &ctx, &res->counts, &res->opened, &err);
	else
		res->complete = frameloop_run(path, hooks->depth, on_open, &ctx,
					  hooks->frame, data, &res->counts, &res->opened, &err);
	cli_progress_clear(progress);
	if (hooks->filter)
		res->gave_up = dfilter_gave_up(hooks->filter) - gave_up;
	if (!res->complete) {
		res->error = g_strdup(err ? err->message : "unknown error");
		char buf[48];
		if (res->opened)
			cli_error("'%s' is damaged: %s; the report covers %s", res->path, res->error,
				  first_frames(buf, res->counts.frames));
		else
			cli_error("cannot read '%s': %s", res->path, res->error);
	}
	file_warnings(res);
}

GArray *cli_run_files(char **files, int n, const struct run_hooks *hooks, void *data, bool *failed)
{
	GArray *results = g_array_new(FALSE, TRUE, sizeof(struct file_result));
	*failed = false;
	struct cli_progress *progress = hooks->quiet ? NULL : cli_progress_new((guint)n);
	for (int i = 0; i < n; i++) {
		struct file_result res = {0};
		run_one(files[i], (guint)i, hooks, data, progress, &res, n == 1);
		if (!res.complete)
			*failed = true;
		if (hooks->file_end)
			hooks->file_end((guint)i, &res, data);
		g_array_append_val(results, res);
	}
	cli_progress_free(progress);
	return results;
}

void cli_results_free(GArray *results)
{
	if (!results)
		return;
	for (guint i = 0; i < results->len; i++) {
		struct file_result *r = &g_array_index(results, struct file_result, i);
		g_free(r->path);
		g_free(r->error);
	}
	g_array_free(results, TRUE);
}

void cli_json_files(struct json *j, GArray *results)
{
	json_key(j, "files");
	json_begin_array(j);
	for (guint i = 0; i < results->len; i++) {
		const struct file_result *r = &g_array_index(results, struct file_result, i);
		json_begin_object(j);
		json_kv_string(j, "file", r->path);
		json_kv_string(j, "path", r->path); /* the name before "file"; kept for scripts */
		json_key(j, "frames");
		json_uint(j, r->counts.frames);
		json_key(j, "complete");
		json_bool(j, r->complete);
		if (r->error)
			json_kv_string(j, "error", r->error);
		json_key(j, "truncated_frames");
		json_uint(j, r->counts.truncated);
		json_key(j, "malformed_frames");
		json_uint(j, r->counts.malformed);
		json_end_object(j);
	}
	json_end_array(j);
}

void cli_text_file_notes(FILE *fp, GArray *results)
{
	for (guint i = 0; i < results->len; i++) {
		const struct file_result *r = &g_array_index(results, struct file_result, i);
		if (r->complete)
			continue;
		char buf[48];
		if (r->opened)
			fprintf(fp, "note: '%s' is damaged (%s): the report covers %s\n", r->path,
				r->error, first_frames(buf, r->counts.frames));
		else
			fprintf(fp, "note: '%s' could not be read (%s)\n", r->path, r->error);
	}
}

void cli_write_report(GArray *results, const char *output, void (*write)(FILE *fp, void *data),
		      void *data, bool *failed)
{
	bool any = false;
	for (guint i = 0; i < results->len; i++)
		any = any || g_array_index(results, struct file_result, i).opened;
	if (!any)
		return;
	struct out out;
	g_autoptr(GError) err = NULL;
	if (out_open(&out, output, &err)) {
		write(out.fp, data);
		out_close(&out, &err);
	}
	if (err) {
		cli_error("%s", err->message);
		*failed = true;
	}
}
