/* cli.c — shared command-line plumbing. */
#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/filter/filter.h"
#include "analyzer/storage_cli.h"

#include <stdarg.h>
#include <stdio.h>

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

bool cli_parse(const char *cmd, const char *params, const char *summary, GOptionEntry *entries,
	       int *argc, char ***argv, int *exit_code)
{
	g_autofree char *prg = g_strdup_printf("analyze %s", cmd);
	g_set_prgname(prg);
	g_autoptr(GOptionContext) ctx = g_option_context_new(params);
	g_option_context_set_summary(ctx, summary);
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_help_enabled(ctx, TRUE);
	g_autoptr(GError) err = NULL;
	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		char *m = err->message;
		if (m[0])
			m[0] = g_ascii_tolower(m[0]);
		*exit_code = cli_usage_error(cmd, "%s", m);
		return false;
	}
	*exit_code = EXIT_OK;
	return true;
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
	ctx->hooks->file_open(ctx->index, ctx->path, r, ctx->data);
}

/* Runs one file; fills RES and says what went wrong on standard error. */
static void run_one(const char *path, guint index, const struct run_hooks *hooks, void *data,
		    struct file_result *res)
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
	struct open_ctx ctx = {hooks, data, index, res->path};
	path = local;
	uint64_t gave_up = hooks->filter ? dfilter_gave_up(hooks->filter) : 0;
	if (hooks->filter)
		res->complete = frameloop_run(path, MAX(hooks->depth, (enum loop_depth)dfilter_depth(hooks->filter)), hooks->file_open ? on_open : NULL, &ctx,
					  filtered_frame, &ctx, &res->counts, &res->opened, &err);
	else
		res->complete = frameloop_run(path, hooks->depth, hooks->file_open ? on_open : NULL, &ctx,
					  hooks->frame, data, &res->counts, &res->opened, &err);
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
	for (int i = 0; i < n; i++) {
		struct file_result res = {0};
		run_one(files[i], (guint)i, hooks, data, &res);
		if (!res.complete)
			*failed = true;
		if (hooks->file_end)
			hooks->file_end((guint)i, &res, data);
		g_array_append_val(results, res);
	}
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
		json_kv_string(j, "path", r->path);
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
