/* cmd_fetch.c — `analyze fetch SOURCE... [-o DIR]`: download blobs (a blob
 * URL, a container or directory listed page by page, az://ACCOUNT/CONTAINER/
 * PREFIX, any http(s) URL) in parallel, resumed, retried and verified. */
#include <curl/curl.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/cli.h"
#include "analyzer/commands.h"
#include "analyzer/storage_cli.h"
#include "capture/progress.h"
#include "capture/storage_fetch.h"

struct fetch_args {
	char *dir, *prefix, *include, *since, *cacert, *check_md5, *min_rate_text, *overwrite_text, *auth, *sas_file;
	StorageMd5Check md5;
	StorageOverwrite overwrite;
	gboolean list, flat, quiet, verbose, dry_run;
	gboolean to_stdout;  /* -o -: the one blob to standard output */
	int parallel, timeout, retries, page_size, max_time;
	gint64 since_unix;
	guint64 min_rate;
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

/* "50000", "50k" (thousands) or "2M" (millions) bytes a second. */
static gboolean parse_rate(const char *text, guint64 *out)
{
	g_autofree char *num = g_strdup(text);
	size_t n = strlen(num);
	guint64 mul = 1;
	if (n && (num[n - 1] == 'k' || num[n - 1] == 'K'))
		mul = 1000, num[n - 1] = '\0';
	else if (n && num[n - 1] == 'M')
		mul = 1000000, num[n - 1] = '\0';
	guint64 v;
	if (!g_ascii_string_to_unsigned(num, 10, 1, G_MAXUINT32, &v, NULL))
		return FALSE;
	*out = v * mul;
	return TRUE;
}

static gboolean parse_overwrite(const char *text, StorageOverwrite *out)
{
	static const char *const names[] = {[STORAGE_OVERWRITE_IF_NEWER] = "if-newer",
					    [STORAGE_OVERWRITE_NEVER] = "never", [STORAGE_OVERWRITE_ALWAYS] = "always"};
	for (guint i = 0; i < G_N_ELEMENTS(names); i++)
		if (strcmp(text, names[i]) == 0) {
			*out = (StorageOverwrite)i;
			return TRUE;
		}
	return FALSE;
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

/* Whether blob NAME may be written under a directory: no absolute path, no
 * "..", no folder of the name the sidecars' folder has. */
static gboolean safe_name(const char *name)
{
	if (!*name || name[0] == '/')
		return FALSE;
	g_auto(GStrv) parts = g_strsplit(name, "/", -1);
	for (char **p = parts; *p; p++)
		if (strcmp(*p, "..") == 0 || strcmp(*p, ".") == 0 || strcmp(*p, STORAGE_SIDECAR_DIR) == 0)
			return FALSE;
	return TRUE;
}

/* Whether NAME is refused only for a folder named as the sidecars' folder. */
static gboolean safe_name_but_sidecar(const char *name)
{
	g_auto(GStrv) parts = g_strsplit(name, "/", -1);
	for (char **p = parts; *p; p++)
		if (strcmp(*p, "..") == 0 || strcmp(*p, ".") == 0)
			return FALSE;
	return *name && name[0] != '/';
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
			if (strstr(b->name, STORAGE_SIDECAR_DIR) && safe_name_but_sidecar(b->name))
				cli_error("'%s': blob name '%s' has a folder '%s', kept for the transfers' own files; skipped",
					  s->display, b->name, STORAGE_SIDECAR_DIR);
			else
				cli_error("'%s': blob name '%s' cannot be a file name; skipped", s->display, b->name);
			ok = FALSE;
			continue;
		}
		g_autofree char *url = storage_blob_url(s, b->name);
		g_autofree char *dest = dest_for(a, b->name);
		struct storage_file *f = storage_file_new(url, dest, storage_source_creds(s));
		f->size = b->size;
		f->etag = g_strdup(b->etag);
		f->modified = b->modified;
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
	if (!*base || strcmp(base, "/") == 0 || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    strcmp(base, STORAGE_SIDECAR_DIR) == 0) {
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
			printf("%s %s\n", f->outcome == STORAGE_UNCHANGED ? "unchanged" : f->outcome == STORAGE_KEPT ? "kept" : "fetched",
			       f->dest);
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

/* A blob "dir" beside "dir/x.cap" would need "dir" to be a file and a folder:
 * the file is refused.  So is a file whose name is a folder on disk, or whose
 * folder is a file. */
static gboolean drop_conflicts(const struct fetch_args *a, GPtrArray *files)
{
	g_autoptr(GHashTable) folders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free); /* folder -> dest of a file under it */
	for (guint i = 0; i < files->len; i++) {
		const struct storage_file *f = files->pdata[i];
		char *d = g_path_get_dirname(f->dest);
		while (strlen(d) > strlen(a->dir)) {
			char *up = g_path_get_dirname(d);
			if (g_hash_table_contains(folders, d))
				g_free(d);
			else
				g_hash_table_insert(folders, d, g_strdup(f->dest));
			d = up;
		}
		g_free(d);
	}
	gboolean ok = TRUE;
	for (guint i = 0; i < files->len;) {
		struct storage_file *f = files->pdata[i];
		const char *under = g_hash_table_lookup(folders, f->dest);
		g_autofree char *parent = g_path_get_dirname(f->dest);
		if (under) {
			cli_error("'%s': '%s' would be a file and the folder of '%s'; skipped", f->display, f->dest, under);
		} else if (g_file_test(f->dest, G_FILE_TEST_IS_DIR)) {
			cli_error("'%s': '%s' is a folder; skipped", f->display, f->dest);
		} else if (g_file_test(parent, G_FILE_TEST_EXISTS) && !g_file_test(parent, G_FILE_TEST_IS_DIR)) {
			cli_error("'%s': '%s' is a file, not a folder; skipped", f->display, parent);
		} else {
			i++;
			continue;
		}
		g_ptr_array_remove_index(files, i);
		ok = FALSE;
	}
	return ok;
}

/* --dry-run: what a fetch would do, one line a file; nothing is written. */
static void print_plan(const struct fetch_args *a, GPtrArray *files, const struct storage_opts *o)
{
	for (guint i = 0; i < files->len; i++) {
		struct storage_file *f = files->pdata[i];
		gboolean cond;
		enum storage_outcome oc = storage_fetch_plan(f, o, &cond);
		if (oc == STORAGE_UNCHANGED)
			printf("unchanged %s\n", f->dest);
		else if (oc == STORAGE_KEPT)
			printf("kept %s\n", f->dest);
		else
			printf("would fetch %s to %s%s\n", f->display, f->dest, cond ? " if it changed" : "");
	}
	(void)a;
}

/* Removes PATH and everything under it (the temporary folder of -o -). */
static void remove_tree(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	if (d) {
		const char *n;
		while ((n = g_dir_read_name(d))) {
			g_autofree char *p = g_build_filename(path, n, NULL);
			if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
				remove_tree(p);
			else
				g_unlink(p);
		}
		g_dir_close(d);
	}
	g_rmdir(path);
}

/* -o -: copies the one file fetched to standard output. */
static gboolean copy_out(const char *path)
{
	FILE *in = fopen(path, "rb");
	if (!in) {
		cli_error("cannot read '%s': %s", path, g_strerror(errno));
		return FALSE;
	}
	char buf[65536];
	size_t k;
	gboolean ok = TRUE;
	while ((k = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, k, stdout) != k) {
			ok = FALSE;
			break;
		}
	fclose(in);
	if (fflush(stdout) != 0 || !ok) {
		cli_error("cannot write to standard output: %s", g_strerror(errno));
		return FALSE;
	}
	return TRUE;
}

static gboolean run_fetch(struct fetch_args *a, int n, char **sources)
{
	struct storage_opts o = {.cacert = a->cacert, .timeout_s = (guint)a->timeout,
				 .retries = a->retries, .parallel = (guint)a->parallel,
				 .page_size = (guint)a->page_size, .md5_check = a->md5,
				 .max_time_s = (guint)a->max_time, .min_rate = a->min_rate,
				 .overwrite = a->overwrite};
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
	ok = drop_conflicts(a, files) && ok;
	if (a->to_stdout && ok && files->len != 1) {
		cli_error("-o - writes one blob to standard output; the sources name %u", files->len);
		ok = FALSE;
	} else if (a->dry_run && !a->list) {
		print_plan(a, files, &o);
	} else if (files->len && (ok || !a->to_stdout)) {
		gboolean draw = !a->quiet && isatty(STDERR_FILENO);
		ok = storage_fetch(files, &o, draw ? storage_cli_progress : NULL) && ok;
		if (a->to_stdout) {
			struct storage_file *f = files->pdata[0];
			if (f->outcome == STORAGE_FAILED)
				cli_error("cannot fetch %s", f->error->message);
			else
				ok = copy_out(f->dest) && ok;
		} else {
			print_outcomes(a, files);
		}
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
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &a.dir, "write the files under DIR (default: .); -: the one blob to standard output", "DIR"},
		{"prefix", 0, 0, G_OPTION_ARG_STRING, &a.prefix, "only blobs whose name starts with PREFIX", "PREFIX"},
		{"include", 0, 0, G_OPTION_ARG_STRING, &a.include, "only blobs whose name or base name matches GLOB", "GLOB"},
		{"since", 0, 0, G_OPTION_ARG_STRING, &a.since, "only blobs modified since DATE (YYYY-MM-DD[THH:MM:SSZ])", "DATE"},
		{"list", 0, 0, G_OPTION_ARG_NONE, &a.list, "show the blobs (size, time, name); fetch nothing", NULL},
		{"flat", 0, 0, G_OPTION_ARG_NONE, &a.flat, "file names only, not the blob path, under DIR", NULL},
		{"parallel", 'j', 0, G_OPTION_ARG_INT, &a.parallel, "transfers at once (default 4)", "N"},
		{"timeout", 0, 0, G_OPTION_ARG_INT, &a.timeout, "give up on a connection or stall after SECONDS (default 30)", "SECONDS"},
		{"retries", 0, 0, G_OPTION_ARG_INT, &a.retries, "retries per file after the first attempt (default 5)", "N"},
		{"max-time", 0, 0, G_OPTION_ARG_INT, &a.max_time, "give up on a file not done after SECONDS, retries included (default: 600 plus 1 per 256 KiB)", "SECONDS"},
		{"min-rate", 0, 0, G_OPTION_ARG_STRING, &a.min_rate_text, "give up on a transfer slower than RATE bytes a second (k: thousands, M: millions) over any --timeout window", "RATE"},
		{"page-size", 0, 0, G_OPTION_ARG_INT, &a.page_size, "blobs per listing request (default: the service's)", "N"},
		{"overwrite", 0, 0, G_OPTION_ARG_STRING, &a.overwrite_text, "a file already there: if-newer: replaced by another version of the blob (default); never: kept; always: fetched again", "if-newer|never|always"},
		{"dry-run", 0, 0, G_OPTION_ARG_NONE, &a.dry_run, "say what would be fetched and what kept; transfer nothing", NULL},
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
	else if (ok && a.max_time < 0)
		code = cli_usage_error("fetch", "--max-time %d: give a number of seconds", a.max_time), ok = FALSE;
	else if (ok && a.min_rate_text && !parse_rate(a.min_rate_text, &a.min_rate))
		code = cli_usage_error("fetch", "--min-rate '%s': give bytes a second, as 50000, 50k or 2M", a.min_rate_text), ok = FALSE;
	else if (ok && a.overwrite_text && !parse_overwrite(a.overwrite_text, &a.overwrite))
		code = cli_usage_error("fetch", "--overwrite '%s': say if-newer, never or always", a.overwrite_text), ok = FALSE;
	else if (ok && a.check_md5 && !parse_md5_check(a.check_md5, &a.md5))
		code = cli_usage_error("fetch", "--check-md5 '%s': say yes, no or require", a.check_md5), ok = FALSE;
	else if (ok && a.since && !parse_since(a.since, &a.since_unix))
		code = cli_usage_error("fetch", "cannot read the date '%s'", a.since), ok = FALSE;
	else if (ok && !storage_cli_auth("fetch", a.auth, a.sas_file, a.cacert, a.verbose, &code))
		ok = FALSE;
	if (ok && a.dir && strcmp(a.dir, "-") == 0) {
		/* fetched whole and verified into a folder of our own, then copied out */
		g_autoptr(GError) err = NULL;
		g_free(a.dir);
		a.dir = g_dir_make_tmp("analyze-fetch-XXXXXX", &err);
		a.to_stdout = TRUE;
		if (!a.dir) {
			cli_error("cannot make a temporary folder: %s", err->message);
			code = EXIT_FAILED, ok = FALSE;
		}
	}
	if (ok) {
		if (!a.dir)
			a.dir = g_strdup(".");
		if (a.retries == 0)
			a.retries = -1; /* the options struct reads 0 as the default */
		curl_global_init(CURL_GLOBAL_DEFAULT);
		code = run_fetch(&a, argc - 1, argv + 1) ? EXIT_OK : EXIT_FAILED;
		curl_global_cleanup();
		if (a.to_stdout)
			remove_tree(a.dir);
	}
	g_free(a.dir);
	g_free(a.prefix);
	g_free(a.include);
	g_free(a.since);
	g_free(a.cacert);
	g_free(a.check_md5);
	g_free(a.min_rate_text);
	g_free(a.overwrite_text);
	g_free(a.auth);
	g_free(a.sas_file);
	return code;
}
