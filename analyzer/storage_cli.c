/* storage_cli.c — the terminal side of transfers (verbose notes, the
 * progress line) and URL or az:// sources given to the reports, fetched into
 * a cache directory and reused while the blob is unchanged. */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "analyzer/storage_cli.h"
#include "capture/progress.h"
#include "capture/storage_fetch.h"
#include "capture/storage_http.h"
#include "capture/storage_token.h"
#include "analyzer/cli.h"

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

/* Whether ARG holds a SAS signature (sig=, any case). */
static bool has_sig(const char *arg)
{
	for (const char *p = arg; *p; p++)
		if (g_ascii_strncasecmp(p, "sig=", 4) == 0 && (p == arg || !g_ascii_isalnum(p[-1])))
			return true;
	return false;
}

void storage_cli_hide_secrets(int argc, char **argv)
{
	bool any = false;
	for (int i = 1; i < argc; i++)
		any = any || has_sig(argv[i]);
	if (!any)
		return;
	/* the copies the program goes on with (kept for the whole run) */
	static char **copies;
	copies = g_new0(char *, (gsize)argc + 1);
	for (int i = 0; i < argc; i++)
		copies[i] = g_strdup(argv[i]);
	/* the kernel lays the arguments out one after another: rewritten as a
	 * whole, the redacted (shorter) text is followed by zero bytes */
	bool contiguous = true;
	for (int i = 1; i < argc; i++)
		contiguous = contiguous && argv[i] == argv[i - 1] + strlen(argv[i - 1]) + 1;
	GString *block = g_string_new(NULL);
	for (int i = 0; i < argc; i++) {
		g_autofree char *r = storage_redact(copies[i]);
		g_string_append_len(block, r, (gssize)strlen(r) + 1);
	}
	size_t room = (size_t)(argv[argc - 1] + strlen(argv[argc - 1]) + 1 - argv[0]);
	if (contiguous && block->len <= room) {
		memset(argv[0], 0, room);
		memcpy(argv[0], block->str, block->len);
	} else {
		/* each signature's characters blanked where it is */
		for (int i = 1; i < argc; i++)
			for (char *p = argv[i]; *p; p++)
				if (g_ascii_strncasecmp(p, "sig=", 4) == 0)
					for (p += 4; *p && *p != '&'; p++)
						*p = 'x';
	}
	g_string_free(block, TRUE);
	for (int i = 0; i < argc; i++)
		argv[i] = copies[i];
}

bool storage_cli_auth(const char *cmd, const char *mode, const char *sas_file, const char *cacert, bool verbose,
		      int *code)
{
	StorageAuthMode m = sas_file ? STORAGE_AUTH_SAS : STORAGE_AUTH_AUTO;
	if (mode && !storage_auth_mode_parse(mode, &m)) {
		*code = cli_usage_error(cmd, "--auth '%s': say key, sas, login or auto", mode);
		return false;
	}
	g_autofree char *sas = NULL;
	if (sas_file) {
		gsize len;
		if (!g_file_get_contents(sas_file, &sas, &len, NULL)) {
			int e = access(sas_file, R_OK) == 0 ? EIO : errno;
			cli_error("cannot read '%s': %s", sas_file, g_strerror(e));
			*code = EXIT_FAILED;
			return false;
		}
		g_strstrip(sas);
		if (!has_sig(sas) || strchr(sas, '\n')) {
			cli_error("'%s' holds no SAS: one line with sig= was expected", sas_file);
			memset(sas, 0, len);
			*code = EXIT_FAILED;
			return false;
		}
	}
	storage_auth_set(m, sas);
	if (sas)
		memset(sas, 0, strlen(sas));
	storage_token_configure(cacert, verbose ? storage_cli_log : NULL, NULL);
	return true;
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
	struct storage_file *f = storage_file_new(url, dest, storage_source_creds(s));
	g_ptr_array_add(files, f);
	struct storage_opts o = {0};
	gboolean draw = isatty(STDERR_FILENO);
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

char *storage_cli_cached(const char *arg)
{
	if (!storage_is_remote(arg))
		return NULL;
	struct storage_source s;
	char *path = NULL;
	if (storage_source_parse(arg, &s, NULL) && !(s.azure && s.listing))
		path = cache_path(&s);
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
