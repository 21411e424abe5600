/* cmd_tui.c — `analyze tui FILE|URL`: the terminal UI on a capture file, or
 * on a URL or az:// source fetched into the cache first (also `analyze
 * FILE` when standard output is a terminal). */
#include <unistd.h>

#include "analyzer/cli.h"
#include "analyzer/commands.h"
#include "analyzer/storage_cli.h"
#include "capture/storage.h"
#include "tui/tui.h"

int cmd_tui(int argc, char **argv)
{
	GOptionEntry entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};
	int code;
	if (!cli_parse("tui", "FILE|URL", "The terminal UI: packet list, detail tree, bytes, filters, statistics.", entries,
		       &argc, &argv, &code))
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
	if (tui_run(local, &err) != 0) {
		cli_error("cannot read '%s': %s", display, err->message);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}
