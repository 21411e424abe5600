/* cmd_fetch.c — `analyze fetch SOURCE... [-o DIR]`: download blobs (a blob
 * URL, a container or directory listed page by page, az://ACCOUNT/CONTAINER/
 * PREFIX, any http(s) URL) in parallel, resumed, retried and verified. */
#include <curl/curl.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/cli.h"
#include "analyzer/commands.h"
#include "analyzer/storage_cli.h"
#include "capture/progress.h"
#include "capture/storage_fetch.h"

struct fetch_args {
	char *dir, *prefix, *include, *since, *cacert, *check_md5, *auth, *sas_file;
	StorageMd5Check md5;
	gboolean list, flat, quiet, verbose;
	int parallel, timeout, retries, page_size;
	gint64 since_unix;
};

/* "2024-05-01" or "2024-05-01T10:00:00Z" (UTC unless a zone is given). */
static gboolean parse_since(const char *text, gint64 *out)
{
	g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
	g_autoptr(GDateTime) t = g_date_time_new_from_iso8601(text, utc);
	if (!t) {
		g_autofree char *full = g_strdup_printf("%sT00:00:00", text);
		t = g_date_time_new_from_iso8601(full, utc);
	}
	if (!t)
		return FALSE;
	*out = g_date_time_to_unix(t);
	return TRUE;
}

static gboolean parse_md5_check(const char *text, StorageMd5Check *out)
{
	static const char *const names[] = {[STORAGE_MD5_CHECK] = "yes", [STORAGE_MD5_SKIP] = "no",
					    [STORAGE_MD5_REQUIRE] = "require"};
	for (guint i = 0; i < G_N_ELEMENTS(names); i++)
		if (strcmp(text, names[i]) == 0) {
			*out = (StorageMd5Check)i;
			return TRUE;
		}
	return FALSE;
}

/* Whether blob NAME may be written under a directory: no absolute path, no "..". */
static gboolean safe_name(const char *name)
{
	if (!*name || name[0] == '/')
		return FALSE;
	g_auto(GStrv) parts = g_strsplit(name, "/", -1);
	for (char **p = parts; *p; p++)
		if (strcmp(*p, "..") == 0 || strcmp(*p, ".") == 0)
			return FALSE;
	return TRUE;
}

static gboolean wanted(const struct fetch_args *a, const struct storage_blob *b)
{
	if (g_str_has_suffix(b->name, "/"))
		return FALSE;
	if (a->include) {
		g_autofree char *base = g_path_get_basename(b->name);
		if (!g_pattern_match_simple(a->include, b->name) && !g_pattern_match_simple(a->include, base))
			return FALSE;
	}
	return !a->since || b->modified >= a->since_unix;
}

static char *dest_for(const struct fetch_args *a, const char *name)
{
	g_autofree char *base = g_path_get_basename(name);
	return g_build_filename(a->dir, a->flat ? base : name, NULL);
}

static void list_line(const struct storage_blob *b)
{
	g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc(b->modified);
	g_autofree char *when = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");
	printf("%12" G_GUINT64_FORMAT "  %s  %s\n", b->size, when, b->name);
}

/* Lists source S and adds what is wanted to FILES (or prints it with --list). */
static gboolean add_listing(const struct fetch_args *a, struct storage_source *s, const struct storage_opts *o,
			    GPtrArray *files)
{
	g_autofree char *prefix = g_strconcat(s->name, a->prefix ? a->prefix : "", NULL);
	g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func((GDestroyNotify)storage_blob_free);
	g_autoptr(GError) err = NULL;
	if (!storage_list(s, prefix, o, blobs, &err)) {
		cli_error("cannot list %s", err->message);
		return FALSE;
	}
	gboolean ok = TRUE;
	for (guint i = 0; i < blobs->len; i++) {
		struct storage_blob *b = blobs->pdata[i];
		if (!wanted(a, b))
			continue;
		if (a->list) {
			list_line(b);
			continue;
		}
		if (!safe_name(b->name)) {
			cli_error("'%s': blob name '%s' cannot be a file name; skipped", s->display, b->name);
			ok = FALSE;
			continue;
		}
		g_autofree char *url = storage_blob_url(s, b->name);
		g_autofree char *dest = dest_for(a, b->name);
		struct storage_file *f = storage_file_new(url, dest, storage_source_creds(s));
		f->size = b->size;
		f->etag = g_strdup(b->etag);
		g_ptr_array_add(files, f);
	}
	return ok;
}

/* The local name of a single blob or plain URL. */
static char *single_dest(const struct fetch_args *a, const struct storage_source *s)
{
	g_autofree char *decoded = g_uri_unescape_string(s->path, NULL);
	const char *name = s->azure && s->name ? s->name : decoded ? decoded : s->path;
	g_autofree char *base = g_path_get_basename(name);
	if (!*base || strcmp(base, "/") == 0 || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		g_free(base);
		base = g_strdup("index");
	}
	return g_build_filename(a->dir, base, NULL);
}

static void print_outcomes(const struct fetch_args *a, GPtrArray *files)
{
	for (guint i = 0; i < files->len; i++) {
		struct storage_file *f = files->pdata[i];
		if (f->outcome == STORAGE_FAILED)
			cli_error("cannot fetch %s", f->error->message);
		else if (!a->quiet)
			printf("%s %s\n", f->outcome == STORAGE_UNCHANGED ? "unchanged" : "fetched", f->dest);
	}
}

/* Two blobs for one local name (--flat, or a source given twice) would write
 * the same part file at once: the first keeps the name, the others fail. */
static gboolean drop_duplicates(GPtrArray *files)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal); /* dest, borrowed */
	gboolean ok = TRUE;
	for (guint i = 0; i < files->len;) {
		struct storage_file *f = files->pdata[i];
		if (g_hash_table_add(seen, f->dest)) {
			i++;
			continue;
		}
		cli_error("'%s' would also be written to '%s'; skipped", f->display, f->dest);
		g_ptr_array_remove_index(files, i);
		ok = FALSE;
	}
	return ok;
}

static gboolean run_fetch(struct fetch_args *a, int n, char **sources)
{
	struct storage_opts o = {.cacert = a->cacert, .timeout_s = (guint)a->timeout,
				 .retries = a->retries, .parallel = (guint)a->parallel,
				 .page_size = (guint)a->page_size, .md5_check = a->md5};
	if (a->verbose)
		o.log = storage_cli_log;
	g_autoptr(GPtrArray) srcs = g_ptr_array_new(); /* struct storage_source *, freed below */
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func((GDestroyNotify)storage_file_free);
	gboolean ok = TRUE;
	for (int i = 0; i < n; i++) {
		struct storage_source *s = g_new0(struct storage_source, 1);
		g_ptr_array_add(srcs, s);
		g_autoptr(GError) err = NULL;
		if (!storage_source_parse(sources[i], s, &err)) {
			cli_error("'%s': %s", s->display, err->message);
			ok = FALSE;
		} else if (!s->azure && (a->list || a->prefix)) {
			cli_error("'%s': not a blob container: --list and --prefix need a container or directory "
				  "URL with a SAS, or az://", s->display);
			ok = FALSE;
		} else if (s->azure && (s->listing || a->prefix || a->list)) {
			ok = add_listing(a, s, &o, files) && ok;
		} else {
			g_autofree char *url = storage_source_url(s);
			g_autofree char *dest = single_dest(a, s);
			g_ptr_array_add(files, storage_file_new(url, dest, storage_source_creds(s)));
		}
	}
	ok = drop_duplicates(files) && ok;
	if (files->len) {
		gboolean draw = !a->quiet && isatty(STDERR_FILENO);
		ok = storage_fetch(files, &o, draw ? storage_cli_progress : NULL) && ok;
		print_outcomes(a, files);
	}
	for (guint i = 0; i < srcs->len; i++) {
		storage_source_clear(srcs->pdata[i]);
		g_free(srcs->pdata[i]);
	}
	return ok;
}

int cmd_fetch(int argc, char **argv)
{
	struct fetch_args a = {.parallel = 4, .timeout = 30, .retries = 5};
	GOptionEntry entries[] = {
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &a.dir, "write the files under DIR (default: .)", "DIR"},
		{"prefix", 0, 0, G_OPTION_ARG_STRING, &a.prefix, "only blobs whose name starts with PREFIX", "PREFIX"},
		{"include", 0, 0, G_OPTION_ARG_STRING, &a.include, "only blobs whose name or base name matches GLOB", "GLOB"},
		{"since", 0, 0, G_OPTION_ARG_STRING, &a.since, "only blobs modified since DATE (YYYY-MM-DD[THH:MM:SSZ])", "DATE"},
		{"list", 0, 0, G_OPTION_ARG_NONE, &a.list, "show the blobs (size, time, name); fetch nothing", NULL},
		{"flat", 0, 0, G_OPTION_ARG_NONE, &a.flat, "file names only, not the blob path, under DIR", NULL},
		{"parallel", 'j', 0, G_OPTION_ARG_INT, &a.parallel, "transfers at once (default 4)", "N"},
		{"timeout", 0, 0, G_OPTION_ARG_INT, &a.timeout, "give up on a connection or stall after SECONDS (default 30)", "SECONDS"},
		{"retries", 0, 0, G_OPTION_ARG_INT, &a.retries, "retries per file after the first attempt (default 5)", "N"},
		{"page-size", 0, 0, G_OPTION_ARG_INT, &a.page_size, "blobs per listing request (default: the service's)", "N"},
		{"check-md5", 0, 0, G_OPTION_ARG_STRING, &a.check_md5, "yes: verify the MD5 the service has (default); require: and fail a blob without one; no: skip the check", "yes|no|require"},
		{"cacert", 0, 0, G_OPTION_ARG_FILENAME, &a.cacert, "trust the CA certificates in FILE for https", "FILE"},
		{"auth", 0, 0, G_OPTION_ARG_STRING, &a.auth, "authorize with the account key, a SAS, a Microsoft Entra ID sign-in, or the first there is (default: auto)", "key|sas|login|auto"},
		{"sas-file", 0, 0, G_OPTION_ARG_FILENAME, &a.sas_file, "read the SAS from FILE, not from the command line", "FILE"},
		{"quiet", 'q', 0, G_OPTION_ARG_NONE, &a.quiet, "no progress, no per-file lines; errors only", NULL},
		{"verbose", 'V', 0, G_OPTION_ARG_NONE, &a.verbose, "say each request, retry and check on standard error", NULL},
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	gboolean ok = cli_parse("fetch", "SOURCE...", "Download captures from blob storage or any http(s) URL. "
				"SOURCE is a blob, container or directory URL (with a SAS), az://ACCOUNT/CONTAINER/PREFIX "
				"(Shared Key from AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT and "
				"AZURE_STORAGE_KEY, a SAS from AZURE_STORAGE_SAS_TOKEN, else a Microsoft Entra ID sign-in: "
				"service principal, managed identity or 'az login'), or any http(s) URL.", entries, &argc, &argv, &code);
	if (ok && argc < 2)
		code = cli_usage_error("fetch", "no source given"), ok = FALSE;
	else if (ok && (a.parallel < 1 || a.parallel > 64))
		code = cli_usage_error("fetch", "--parallel must be 1 to 64"), ok = FALSE;
	else if (ok && (a.timeout < 1 || a.retries < 0 || a.page_size < 0 || a.page_size > 5000))
		code = cli_usage_error("fetch", "--timeout, --retries or --page-size out of range"), ok = FALSE;
	else if (ok && a.check_md5 && !parse_md5_check(a.check_md5, &a.md5))
		code = cli_usage_error("fetch", "--check-md5 '%s': say yes, no or require", a.check_md5), ok = FALSE;
	else if (ok && a.since && !parse_since(a.since, &a.since_unix))
		code = cli_usage_error("fetch", "cannot read the date '%s'", a.since), ok = FALSE;
	else if (ok && !storage_cli_auth("fetch", a.auth, a.sas_file, a.cacert, a.verbose, &code))
		ok = FALSE;
	if (ok) {
		if (!a.dir)
			a.dir = g_strdup(".");
		if (a.retries == 0)
			a.retries = -1; /* the options struct reads 0 as the default */
		curl_global_init(CURL_GLOBAL_DEFAULT);
		code = run_fetch(&a, argc - 1, argv + 1) ? EXIT_OK : EXIT_FAILED;
		curl_global_cleanup();
	}
	g_free(a.dir);
	g_free(a.prefix);
	g_free(a.include);
	g_free(a.since);
	g_free(a.cacert);
	g_free(a.check_md5);
	g_free(a.auth);
	g_free(a.sas_file);
	return code;
}
