/* cmd_upload.c — `analyze upload FILE... DEST`: captures into blob storage
 * (az://ACCOUNT/CONTAINER/NAME with Shared Key from the environment, or a
 * blob URL with a SAS); several files or, with --recursive, folders into a
 * DEST folder. */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/cli.h"
#include "analyzer/commands.h"
#include "analyzer/storage_cli.h"
#include "capture/progress.h"
#include "capture/storage_upload.h"

/* The progress line on a terminal: bytes sent of the file, rate, time left. */
static void upload_progress(uint64_t sent, uint64_t total, gint64 elapsed_us, void *data)
{
	g_autofree char *line = progress_line(data, sent, total, sent == total, 1, sent, total,
					      (double)elapsed_us / 1e6, 79);
	fprintf(stderr, "\r%-79s", line);
	fflush(stderr);
}

/* DEST with SUB (a relative folder, '/'-separated, ending in '/') after its
 * path and before its query (a SAS). */
static char *dest_under(const char *dest, const char *sub)
{
	const char *q = strchr(dest, '?');
	g_autofree char *path = q ? g_strndup(dest, (gsize)(q - dest)) : g_strdup(dest);
	return g_strdup_printf("%s%s%s%s", path, g_str_has_suffix(path, "/") ? "" : "/", sub, q ? q : "");
}

/* One file to upload: its path and the DEST it goes to. */
struct up_item {
	char *path;
	char *dest;
};

static void up_item_free(struct up_item *u)
{
	g_free(u->path);
	g_free(u->dest);
	g_free(u);
}

/* Adds every file under DIR (hidden names and the sidecars' folder left out),
 * sorted, each to DEST/SUB/ (SUB: DIR's base name, then the path under it). */
static gboolean add_tree(const char *dir, const char *dest, const char *sub, GPtrArray *items)
{
	g_autoptr(GError) err = NULL;
	GDir *d = g_dir_open(dir, 0, &err);
	if (!d) {
		cli_error("cannot read '%s': %s", dir, err->message);
		return FALSE;
	}
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free); /* char * */
	const char *n;
	while ((n = g_dir_read_name(d)))
		if (n[0] != '.')
			g_ptr_array_add(names, g_strdup(n));
	g_dir_close(d);
	g_ptr_array_sort(names, (GCompareFunc)(void *)g_strcmp0);
	gboolean ok = TRUE;
	for (guint i = 0; i < names->len; i++) {
		const char *name = *(const char **)&names->pdata[i];
		g_autofree char *p = g_build_filename(dir, name, NULL);
		g_autofree char *s = g_strconcat(sub, name, "/", NULL);
		if (g_file_test(p, G_FILE_TEST_IS_DIR)) {
			ok = add_tree(p, dest, s, items) && ok;
		} else if (g_file_test(p, G_FILE_TEST_IS_REGULAR)) {
			struct up_item *u = g_new0(struct up_item, 1);
			u->path = g_steal_pointer(&p);
			u->dest = dest_under(dest, sub);
			g_ptr_array_add(items, u);
		}
	}
	return ok;
}

/* The files of ARGS (N of them) and where each goes; false when one is a
 * folder without RECURSIVE or cannot be read (said). */
static gboolean collect(char **args, int n, const char *dest, gboolean recursive, GPtrArray *items)
{
	gboolean ok = TRUE;
	for (int i = 0; i < n; i++) {
		if (g_file_test(args[i], G_FILE_TEST_IS_DIR)) {
			if (!recursive) {
				cli_error("'%s' is a folder: give --recursive to upload what it holds", args[i]);
				ok = FALSE;
				continue;
			}
			g_autofree char *trimmed = g_strdup(args[i]);
			while (strlen(trimmed) > 1 && g_str_has_suffix(trimmed, "/"))
				trimmed[strlen(trimmed) - 1] = '\0';
			g_autofree char *base = g_path_get_basename(trimmed);
			g_autofree char *sub = strcmp(base, ".") == 0 || strcmp(base, "/") == 0 ? g_strdup("")
												      : g_strconcat(base, "/", NULL);
			ok = add_tree(trimmed, dest, sub, items) && ok;
			continue;
		}
		struct up_item *u = g_new0(struct up_item, 1);
		u->path = g_strdup(args[i]);
		u->dest = g_strdup(dest);
		g_ptr_array_add(items, u);
	}
	return ok;
}

/* Uploads one file; says what happened. */
static gboolean upload_one(const struct up_item *u, struct storage_upload_opts *uo, gboolean quiet)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *where = storage_upload_target(u->path, u->dest, &err);
	if (!where) {
		cli_error("cannot upload '%s': %s", u->path, err->message);
		return FALSE;
	}
	if (uo->progress)
		uo->net.data = u->path;
	gboolean ok = storage_upload_file(u->path, u->dest, uo, &err);
	if (uo->progress)
		fprintf(stderr, "\r%*s\r", 79, "");
	if (!ok && g_error_matches(err, STORAGE_ERROR, STORAGE_ERROR_IO))
		cli_error("%s", err->message); /* names the file already */
	else if (!ok)
		cli_error("cannot upload '%s': %s", u->path, err->message);
	else if (!quiet)
		printf("uploaded %s to %s\n", u->path, where);
	fflush(stdout);
	return ok;
}

int cmd_upload(int argc, char **argv)
{
	g_autofree char *cacert = NULL, *auth = NULL, *sas_file = NULL;
	gboolean quiet = FALSE, verbose = FALSE, recursive = FALSE;
	int parallel = 4, timeout = 30, retries = 5;
	GOptionEntry entries[] = {
		{"recursive", 0, 0, G_OPTION_ARG_NONE, &recursive, "upload the files under each FILE that is a folder, its name and paths kept", NULL},
		{"parallel", 'j', 0, G_OPTION_ARG_INT, &parallel, "blocks sent at once (default 4)", "N"},
		{"timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "give up on a connection or stall after SECONDS (default 30)", "SECONDS"},
		{"retries", 0, 0, G_OPTION_ARG_INT, &retries, "retries per request after the first attempt (default 5)", "N"},
		{"cacert", 0, 0, G_OPTION_ARG_FILENAME, &cacert, "trust the CA certificates in FILE for https", "FILE"},
		{"auth", 0, 0, G_OPTION_ARG_STRING, &auth, "authorize with the account key, a SAS, a Microsoft Entra ID sign-in, or the first there is (default: auto)", "key|sas|login|auto"},
		{"sas-file", 0, 0, G_OPTION_ARG_FILENAME, &sas_file, "read the SAS from FILE, not from the command line", "FILE"},
		{"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "print nothing but errors", NULL},
		{"verbose", 'V', 0, G_OPTION_ARG_NONE, &verbose, "say each request and retry on standard error", NULL},
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse("upload", "FILE... DEST", "Upload captures to blob storage. DEST is az://ACCOUNT/CONTAINER/NAME "
		       "(Shared Key from AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT and "
		       "AZURE_STORAGE_KEY, a SAS from AZURE_STORAGE_SAS_TOKEN, else a Microsoft Entra ID sign-in) "
		       "or a blob URL with a SAS; a DEST ending in '/' takes the file's name. "
		       "Several files, or a folder with --recursive, need a DEST ending in '/' or a container.",
		       entries, &argc, &argv, &code))
		return code;
	if (argc < 3)
		return cli_usage_error("upload", "give one FILE and one DEST");
	if (parallel < 1 || parallel > 64 || timeout < 1 || retries < 0)
		return cli_usage_error("upload", "--parallel, --timeout or --retries out of range");
	if (!storage_cli_auth("upload", auth, sas_file, cacert, verbose, &code))
		return code;
	const char *dest = argv[argc - 1];
	struct storage_upload_opts uo = {.net = {.cacert = cacert, .timeout_s = (guint)timeout,
						 .retries = retries ? retries : -1, .parallel = (guint)parallel}};
	if (verbose)
		uo.net.log = storage_cli_log;
	if (!quiet && isatty(STDERR_FILENO))
		uo.progress = upload_progress;
	g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func((GDestroyNotify)up_item_free);
	gboolean ok = collect(argv + 1, argc - 2, dest, recursive, items);
	if (ok && items->len > 1) {
		/* several files into one blob would leave only the last */
		g_autoptr(GError) err = NULL;
		g_autofree char *one = storage_upload_target("x", dest, &err);
		g_autofree char *two = storage_upload_target("y", dest, NULL);
		if (one && two && strcmp(one, two) == 0) {
			return cli_usage_error("upload", "%u files for the one blob '%s': give a DEST ending in '/' or a container",
					       items->len, one);
		}
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	for (guint i = 0; i < items->len; i++)
		ok = upload_one(items->pdata[i], &uo, quiet) && ok;
	curl_global_cleanup();
	return ok ? EXIT_OK : EXIT_FAILED;
}
