/* cmd_upload.c — `analyze upload FILE DEST`: one capture into blob storage
 * (az://ACCOUNT/CONTAINER/NAME with Shared Key from the environment, or a
 * blob URL with a SAS). */
#include <curl/curl.h>
#include <stdio.h>
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

int cmd_upload(int argc, char **argv)
{
	g_autofree char *cacert = NULL, *auth = NULL, *sas_file = NULL;
	gboolean quiet = FALSE, verbose = FALSE;
	int parallel = 4, timeout = 30, retries = 5;
	GOptionEntry entries[] = {
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
	if (!cli_parse("upload", "FILE DEST", "Upload a capture to blob storage. DEST is az://ACCOUNT/CONTAINER/NAME "
		       "(Shared Key from AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT and "
		       "AZURE_STORAGE_KEY, a SAS from AZURE_STORAGE_SAS_TOKEN, else a Microsoft Entra ID sign-in) "
		       "or a blob URL with a SAS; a DEST ending in '/' takes the file's name.",
		       entries, &argc, &argv, &code))
		return code;
	if (argc != 3)
		return cli_usage_error("upload", "give one FILE and one DEST");
	if (parallel < 1 || parallel > 64 || timeout < 1 || retries < 0)
		return cli_usage_error("upload", "--parallel, --timeout or --retries out of range");
	if (!storage_cli_auth("upload", auth, sas_file, cacert, verbose, &code))
		return code;
	struct storage_upload_opts uo = {.net = {.cacert = cacert, .timeout_s = (guint)timeout,
						 .retries = retries ? retries : -1, .parallel = (guint)parallel}};
	if (verbose)
		uo.net.log = storage_cli_log;
	g_autoptr(GError) err = NULL;
	g_autofree char *where = storage_upload_target(argv[1], argv[2], &err);
	if (!where) {
		cli_error("cannot upload '%s': %s", argv[1], err->message);
		return EXIT_FAILED;
	}
	if (!quiet && isatty(STDERR_FILENO))
		uo.progress = upload_progress, uo.net.data = argv[1];
	curl_global_init(CURL_GLOBAL_DEFAULT);
	gboolean ok = storage_upload_file(argv[1], argv[2], &uo, &err);
	curl_global_cleanup();
	if (uo.progress)
		fprintf(stderr, "\r%*s\r", 79, "");
	if (!ok && g_error_matches(err, STORAGE_ERROR, STORAGE_ERROR_IO)) {
		cli_error("%s", err->message); /* names the file already */
		return EXIT_FAILED;
	}
	if (!ok) {
		cli_error("cannot upload '%s': %s", argv[1], err->message);
		return EXIT_FAILED;
	}
	if (!quiet)
		printf("uploaded %s to %s\n", argv[1], where);
	return EXIT_OK;
}
