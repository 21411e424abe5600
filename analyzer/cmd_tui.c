/* cmd_tui.c — `analyze tui FILE|URL`: the terminal UI on a capture file, or
 * on a URL or az:// source fetched into the cache first (also `analyze
 * FILE` when standard output is a terminal). */
#include <errno.h>
#include <unistd.h>

#include "analyzer/cli.h"
#include "analyzer/cli_progress.h"
#include "analyzer/commands.h"
#include "analyzer/storage_cli.h"
#include "capture/storage.h"
#include "tui/tui.h"

/* The terminal UI reads frames again at their offsets, which a compressed
 * file cannot give: a gzip or zstd capture is decompressed into a
 * temporary file first (under $TMPDIR, default /tmp), with the progress
 * line on standard error.  The file is removed at once and read through
 * /proc/self/fd, so nothing is left behind however the program ends
 * (where /proc is missing, it is removed when the UI ends).  A file damaged
 * part-way gives the UI the frames before the damage, with a message.
 * Returns the path to read and sets *FD (to close) and *REMOVE (a name to
 * remove at the end, or NULL); NULL with the message printed on failure. */
static char *decompressed(const char *local, const char *display, int *fd, char **remove)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *name = NULL;
	*remove = NULL;
	*fd = g_file_open_tmp("analyze-XXXXXX.pcap", &name, &err);
	if (*fd < 0) {
		cli_error("cannot decompress '%s' for the terminal UI: %s", display, err->message);
		return NULL;
	}
	char *path = g_strdup_printf("/proc/self/fd/%d", *fd);
	if (access(path, R_OK) == 0 && unlink(name) == 0) {
		g_free(g_steal_pointer(&name));
	} else {
		g_free(path);
		path = g_strdup(name);
		*remove = g_steal_pointer(&name);
	}
	struct cli_progress *progress = cli_progress_new(1);
	cli_progress_file(progress, 0, display);
	uint64_t written = 0;
	bool ok = cap_decompress_file(local, *fd, cli_progress_update, progress, &written, &err);
	cli_progress_free(progress);
	if (ok)
		return path;
	bool damaged = err->code == CAP_READER_ERROR_TRUNCATED || err->code == CAP_READER_ERROR_CORRUPT;
	if (damaged && written > 0) {
		cli_error("'%s' is damaged: %s; the terminal UI shows what comes before", display, err->message);
		return path;
	}
	cli_error("cannot read '%s': %s", display, err->message);
	g_free(path);
	return NULL;
}

int cmd_tui(int argc, char **argv)
{
	gboolean offline = FALSE;
	g_autofree char *cacert = NULL, *auth = NULL, *sas_file = NULL;
	GOptionEntry entries[] = {
		{"offline", 0, 0, G_OPTION_ARG_NONE, &offline, "read a cached URL or az:// source without asking whether it changed", NULL},
		{"cacert", 0, 0, G_OPTION_ARG_FILENAME, &cacert, "trust the CA certificates in FILE for an https source", "FILE"},
		{"auth", 0, 0, G_OPTION_ARG_STRING, &auth, "how a URL or az:// source signs in: key, sas, login or auto", "MODE"},
		{"sas-file", 0, 0, G_OPTION_ARG_FILENAME, &sas_file, "read the SAS of a URL or az:// source from FILE", "FILE"},
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse("tui", "FILE|URL", "The terminal UI: packet list, detail tree, bytes, filters, statistics.", entries,
		       &argc, &argv, &code))
		return code;
	cli_source_options(offline, cacert);
	if ((auth || sas_file) && !storage_cli_auth("tui", auth, sas_file, cacert, false, &code))
		return code;
	if (argc < 2)
		return cli_usage_error("tui", "no capture file given");
	if (argc > 2)
		return cli_usage_error("tui", "one capture file at a time");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("the terminal UI needs a terminal (for reports, try 'analyze list')");
		return EXIT_FAILED;
	}
	g_autoptr(GError) err = NULL;
	/* a URL or az:// source is fetched into the cache first (or found
	 * there unchanged), with the progress line on standard error */
	bool remote = storage_is_remote(argv[1]);
	if (remote)
		fprintf(stderr, "analyze: fetching the capture before the terminal UI opens\n");
	g_autofree char *display = NULL;
	g_autofree char *local = storage_cli_local(argv[1], &display, &err);
	if (!local) {
		cli_error("cannot fetch %s", err->message);
		return EXIT_FAILED;
	}
	int fd = -1;
	g_autofree char *remove = NULL, *plain = NULL;
	if (cap_file_compression(local) != CAP_COMPRESSION_NONE) {
		plain = decompressed(local, display, &fd, &remove);
		if (!plain) {
			if (fd >= 0)
				close(fd);
			if (remove)
				unlink(remove);
			return EXIT_FAILED;
		}
	}
	int rc = tui_run(plain ? plain : local, &err);
	if (fd >= 0)
		close(fd);
	if (remove)
		unlink(remove);
	if (rc != 0) {
		cli_error("cannot read '%s': %s", display, err->message);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}
