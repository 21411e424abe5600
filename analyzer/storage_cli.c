/* storage_cli.c — the terminal side of transfers (verbose notes, the
 * progress line) and URL or az:// sources given to the reports, fetched into
 * a cache directory and reused while the blob is unchanged. */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "analyzer/storage_cli.h"
#include "capture/progress.h"
#include "capture/storage_fetch.h"
#include "capture/storage_http.h"

void storage_cli_log(const char *line, void *data)
{
	(void)data;
	fflush(stdout);
	fprintf(stderr, "analyze: %s\n", line);
}

static int term_width(void)
{
	struct winsize ws;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col - 1;
	return 79;
}

void storage_cli_progress(GPtrArray *files, gboolean finished, gint64 elapsed_us, void *data)
{
	(void)data;
	guint done = 0;
	uint64_t all = 0, all_total = 0;
	const struct storage_file *cur = NULL;
	for (guint i = 0; i < files->len; i++) {
		const struct storage_file *f = files->pdata[i];
		done += f->outcome != STORAGE_PENDING;
		all += f->done;
		all_total += f->total;
		if (f->active && !cur)
			cur = f;
	}
	int w = term_width();
	if (finished) {
		fprintf(stderr, "\r%*s\r", w, "");
		return;
	}
	g_autofree char *line = progress_line(cur ? cur->dest : NULL, cur ? cur->done : 0, cur ? cur->total : 0, done,
					      files->len, all, all_total, (double)elapsed_us / 1e6, w);
	fprintf(stderr, "\r%-*s", w, line);
	fflush(stderr);
}

char *storage_cli_cache_dir(void)
{
	const char *dir = g_getenv("ANALYZE_CACHE_DIR");
	if (dir && *dir)
		return g_strdup(dir);
	return g_build_filename(g_get_user_cache_dir(), "analyze", NULL);
}

/* The cache path for source S: a directory named after a hash of the URL
 * without its query (no secret in a file name), then the blob's base name. */
static char *cache_path(const struct storage_source *s)
{
	g_autofree char *key = g_strconcat(s->base, s->path, NULL);
	g_autofree char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key, -1);
	hash[16] = '\0';
	g_autofree char *decoded = g_uri_unescape_string(s->path, NULL);
	g_autofree char *base = g_path_get_basename(decoded ? decoded : s->path);
	if (!*base || strcmp(base, "/") == 0 || strcmp(base, "..") == 0 || strcmp(base, ".") == 0) {
		g_free(base);
		base = g_strdup("capture");
	}
	g_autofree char *dir = storage_cli_cache_dir();
	return g_build_filename(dir, hash, base, NULL);
}

/* On a terminal, the notes a person waiting wants to read: a retry (what
 * failed, when the next try is) and a download started again, each on a
 * line of its own above the progress line.  The other notes stay quiet. */
static void note_retries(const char *line, void *data)
{
	(void)data;
	if (!strstr(line, ", retrying in ") && !strstr(line, "starting again"))
		return;
	fprintf(stderr, "\r\033[Kanalyze: %s\n", line);
	fflush(stderr);
}

static char *fetch_one(const struct storage_source *s, GError **error)
{
	if (s->azure && s->listing) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_USAGE,
			    "'%s' is a container or directory, not one capture; use 'analyze fetch'", s->display);
		return NULL;
	}
	g_autofree char *url = storage_source_url(s);
	g_autofree char *dest = cache_path(s);
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func((GDestroyNotify)storage_file_free);
	struct storage_file *f = storage_file_new(url, dest, s->creds.key ? &s->creds : NULL);
	g_ptr_array_add(files, f);
	struct storage_opts o = {0};
	gboolean draw = isatty(STDERR_FILENO);
	if (draw)
		o.log = note_retries;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	storage_fetch(files, &o, draw ? storage_cli_progress : NULL);
	curl_global_cleanup();
	if (f->outcome == STORAGE_FAILED) {
		g_propagate_error(error, g_steal_pointer(&f->error));
		return NULL;
	}
	return g_steal_pointer(&dest);
}

char *storage_cli_local(const char *arg, char **display, GError **error)
{
	if (!storage_is_remote(arg)) {
		*display = g_strdup(arg);
		return g_strdup(arg);
	}
	struct storage_source s;
	gboolean ok = storage_source_parse(arg, &s, error);
	*display = g_strdup(s.display);
	if (!ok)
		g_prefix_error(error, "'%s': ", s.display);
	char *path = ok ? fetch_one(&s, error) : NULL;
	storage_source_clear(&s);
	return path;
}

bool storage_cli_expand(const char *arg, gint64 since, GPtrArray *out, GError **error)
{
	if (!storage_is_remote(arg)) {
		g_ptr_array_add(out, g_strdup(arg));
		return true;
	}
	struct storage_source s;
	if (!storage_source_parse(arg, &s, error)) {
		g_prefix_error(error, "'%s': ", s.display);
		storage_source_clear(&s);
		return false;
	}
	if (!s.azure || !s.listing) {
		g_ptr_array_add(out, g_strdup(arg));
		storage_source_clear(&s);
		return true;
	}
	struct storage_opts o = {0};
	g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func((GDestroyNotify)storage_blob_free);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	bool ok = storage_list(&s, s.name, &o, blobs, error);
	curl_global_cleanup();
	if (!ok)
		g_prefix_error(error, "cannot list '%s': ", s.display);
	for (guint i = 0; ok && i < blobs->len; i++) {
		const struct storage_blob *b = blobs->pdata[i];
		if (g_str_has_suffix(b->name, "/") || (since && b->modified < since))
			continue;
		if (g_str_has_prefix(arg, "az://"))
			g_ptr_array_add(out, g_strdup_printf("az://%s/%s/%s", s.account, s.container, b->name));
		else
			g_ptr_array_add(out, storage_blob_url(&s, b->name));
	}
	storage_source_clear(&s);
	return ok;
}
