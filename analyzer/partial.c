/* partial.c — running a report source by source into partial results,
 * writing them, and merging them in memory (-j N).  Reading partials back
 * and `analyze merge` are in partial_merge.c. */
#include <string.h>
#include <sys/stat.h>

#include "analyzer/filter/filter.h"
#include "analyzer/partial.h"
#include "analyzer/partial_private.h"
#include "analyzer/storage_cli.h"
#include "capture/storage_fetch.h"

bool partial_wanted(const struct partial_request *req)
{
	return req->partial || req->jobs != 1 || req->shard;
}

bool partial_shard_parse(const char *text, guint *k, guint *n)
{
	const char *slash = text ? strchr(text, '/') : NULL;
	if (!slash || slash == text || !slash[1])
		return false;
	g_autofree char *ks = g_strndup(text, (gsize)(slash - text));
	guint64 kv, nv;
	if (!g_ascii_string_to_unsigned(ks, 10, 0, G_MAXUINT32 - 1, &kv, NULL) ||
	    !g_ascii_string_to_unsigned(slash + 1, 10, 1, G_MAXUINT32, &nv, NULL) || kv >= nv)
		return false;
	*k = (guint)kv;
	*n = (guint)nv;
	return true;
}

guint partial_shard_of(const char *name, guint n)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a, 64 bits */
	for (const char *c = name; *c && *c != '?'; c++) {
		h ^= (uint8_t)*c;
		h *= 0x100000001b3ull;
	}
	return (guint)(h % n);
}

void partial_input_clear(struct partial_input *in)
{
	g_free(in->res.path);
	g_free(in->res.error);
	g_free(in->mtime);
	g_free(in->etag);
	if (in->state && in->ops)
		in->ops->state_free(in->state);
	memset(in, 0, sizeof *in);
}

/* The sources FILES stand for, az:// prefixes and container URLs listed
 * (only their blobs modified since SINCE, Unix time, when not 0),
 * then only the share SHARD asks for (NULL: all).  NULL after printing
 * what failed; *CODE the exit status. */
static GPtrArray *sources(const char *cmd, char **files, int n, const char *shard, gint64 since, int *code)
{
	guint k = 0, of = 1;
	if (shard && !partial_shard_parse(shard, &k, &of)) {
		*code = cli_usage_error(cmd, "bad --shard '%s': give K/N with 0 <= K < N", shard);
		return NULL;
	}
	g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func(g_free);
	for (int i = 0; i < n; i++) {
		g_autoptr(GError) err = NULL;
		if (!storage_cli_expand(files[i], since, all, &err)) {
			cli_error("%s", err->message);
			*code = EXIT_FAILED;
			return NULL;
		}
	}
	GPtrArray *kept = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < all->len; i++)
		if (partial_shard_of(all->pdata[i], of) == k)
			g_ptr_array_add(kept, g_strdup(all->pdata[i]));
	return kept;
}

struct job {
	const struct partial_ops *ops;
	const struct partial_view *view;
	GPtrArray *names;          /* char *, the sources */
	struct partial_input *inputs; /* one per name */
	const char *filter_text;
	bool quiet;
	gint next;                 /* the next source to read (atomic) */
};

/* Reads source I of JOB into its own state, with FILTER (this thread's). */
static void read_one(struct job *job, guint i, struct dfilter *filter)
{
	struct partial_input *in = &job->inputs[i];
	const char *name = job->names->pdata[i];
	in->ops = job->ops;
	in->state = job->ops->state_new(job->view);
	struct run_hooks hooks = {job->ops->file_open, job->ops->frame, job->ops->file_end, job->ops->depth, filter,
				  job->quiet, NULL};
	bool failed;
	char *one[] = {(char *)name};
	GArray *res = cli_run_files(one, 1, &hooks, in->state, &failed); /* fetches a blob to the cache */
	in->res = g_array_index(res, struct file_result, 0);
	g_array_set_size(res, 0); /* the strings now belong to IN */
	cli_results_free(res);
	/* what was read: the file, or the copy of a blob with the ETag it was fetched as beside it */
	g_autofree char *cached = storage_cli_cached(name);
	const char *local = cached ? cached : name;
	if (cached && in->res.opened) {
		g_autofree char *side = storage_sidecar(cached, "etag");
		g_autofree char *text = NULL;
		if (g_file_get_contents(side, &text, NULL, NULL) && *text && *text != '\n')
			in->etag = g_strndup(text, strcspn(text, "\n"));
	}
	struct stat sb;
	if (in->res.opened && stat(local, &sb) == 0) {
		in->size = (uint64_t)sb.st_size;
		char buf[48];
		in->mtime = g_strdup(utc_str(buf, (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec));
	}
}

static gpointer worker(gpointer data)
{
	struct job *job = data;
	g_autoptr(dfilter) filter = job->filter_text ? dfilter_compile(job->filter_text, NULL) : NULL;
	for (;;) {
		guint i = (guint)g_atomic_int_add(&job->next, 1);
		if (i >= job->names->len)
			break;
		read_one(job, i, filter);
	}
	return NULL;
}

static void read_all(struct job *job, int jobs)
{
	guint threads = (guint)MAX(1, MIN(jobs, (int)job->names->len));
	if (threads == 1) {
		worker(job);
		return;
	}
	GThread **t = g_new(GThread *, threads);
	for (guint i = 0; i < threads; i++)
		t[i] = g_thread_new("reader", worker, job);
	for (guint i = 0; i < threads; i++)
		g_thread_join(t[i]);
	g_free(t);
}

void partial_write(FILE *fp, const struct partial_ops *ops, const char *filter_text, struct partial_input *inputs,
		   guint n, const struct partial_view *view)
{
	struct json j;
	json_init(&j, fp);
	j.pretty = false; /* one line a partial: a stream of them is one a line */
	json_begin_report(&j);
	json_kv_int(&j, "partial", PARTIAL_VERSION);
	json_kv_string(&j, "report", ops->report);
	json_key(&j, "filter");
	if (filter_text)
		json_string(&j, filter_text);
	else
		json_null(&j);
	json_key(&j, "type");
	if (view->type)
		json_string(&j, view->type);
	else
		json_null(&j);
	json_key(&j, "inputs");
	json_begin_array(&j);
	for (guint i = 0; i < n; i++) {
		const struct partial_input *in = &inputs[i];
		json_begin_object(&j);
		json_kv_string(&j, "source", in->res.path);
		json_key(&j, "size");
		json_uint(&j, in->size);
		json_key(&j, "mtime");
		in->mtime ? json_string(&j, in->mtime) : json_null(&j);
		json_key(&j, "etag");
		in->etag ? json_string(&j, in->etag) : json_null(&j);
		json_key(&j, "opened");
		json_bool(&j, in->res.opened);
		json_key(&j, "complete");
		json_bool(&j, in->res.complete);
		json_key(&j, "error");
		in->res.error ? json_string(&j, in->res.error) : json_null(&j);
		json_key(&j, "frames");
		json_uint(&j, in->res.counts.frames);
		json_key(&j, "bytes");
		json_uint(&j, in->res.counts.bytes);
		json_key(&j, "truncated_frames");
		json_uint(&j, in->res.counts.truncated);
		json_key(&j, "malformed_frames");
		json_uint(&j, in->res.counts.malformed);
		json_key(&j, "state");
		if (in->state && in->res.opened)
			ops->state_write(&j, in->state, view);
		else
			json_null(&j);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
}

struct write_ctx {
	const struct partial_ops *ops;
	const char *filter_text;
	struct partial_input *inputs;
	guint n;
	void *merged;              /* the report's state, or NULL for the partial */
	GArray *results;
	const struct partial_view *view;
};

static void write_out(FILE *fp, void *data)
{
	struct write_ctx *w = data;
	if (w->merged)
		w->ops->render(fp, w->merged, w->results, w->view);
	else
		partial_write(fp, w->ops, w->filter_text, w->inputs, w->n, w->view);
}

int partial_finish(const struct partial_ops *ops, const char *filter_text, struct partial_input *inputs, guint n,
		   bool partial, const struct partial_view *view, const char *output, bool failed)
{
	GArray *results = g_array_new(FALSE, TRUE, sizeof(struct file_result));
	void *merged = partial ? NULL : ops->state_new(view);
	/* states of inputs not read: empty ones, alive as long as MERGED */
	g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func(ops->state_free);
	for (guint i = 0; i < n; i++) {
		struct file_result r = inputs[i].res; /* borrowed: freed with INPUTS */
		g_array_append_val(results, r);
		if (merged && inputs[i].state) {
			ops->state_merge(merged, inputs[i].state);
		} else if (merged) { /* an input not read still counts: the states index the inputs */
			g_ptr_array_add(none, ops->state_new(view));
			ops->state_merge(merged, none->pdata[none->len - 1]);
		}
	}
	struct write_ctx w = {ops, filter_text, inputs, n, merged, results, view};
	int code = merged && ops->verdict ? ops->verdict(merged) : EXIT_OK;
	if (partial) { /* written even when no input opened, or none was given: it says so */
		struct out out;
		g_autoptr(GError) err = NULL;
		if (out_open(&out, output, &err)) {
			write_out(out.fp, &w);
			out_close(&out, &err);
		}
		if (err) {
			cli_error("%s", err->message);
			failed = true;
		}
	} else {
		cli_write_report(results, output, write_out, &w, &failed);
	}
	g_array_free(results, TRUE);
	if (merged)
		ops->state_free(merged);
	g_ptr_array_set_size(none, 0);
	if (failed)
		return EXIT_FAILED;
	return code;
}

int partial_run(const struct partial_ops *ops, char **files, int n, const char *filter_text, bool quiet,
		const struct partial_request *req, const struct partial_view *view, const char *output)
{
	int code = EXIT_OK;
	if (req->jobs < 1)
		return cli_usage_error(ops->report, "-j needs a positive number, not %d", req->jobs);
	g_autoptr(GPtrArray) names = sources(ops->report, files, n, req->shard, req->since, &code);
	if (!names)
		return code;
	struct job job = {ops, view, names, g_new0(struct partial_input, MAX(names->len, 1)), filter_text,
			  quiet || req->jobs > 1, 0};
	read_all(&job, req->jobs);
	bool failed = false;
	for (guint i = 0; i < names->len; i++)
		failed = failed || !job.inputs[i].res.complete;
	code = partial_finish(ops, filter_text, job.inputs, names->len, req->partial, view, output, failed);
	for (guint i = 0; i < names->len; i++)
		partial_input_clear(&job.inputs[i]);
	g_free(job.inputs);
	return code;
}
