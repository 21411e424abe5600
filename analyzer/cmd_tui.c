/* cmd_tui.c — `analyze tui FILE`: the terminal UI on a capture file (also
 * `analyze FILE` when standard output is a terminal). */
#include <unistd.h>

#include "analyzer/cli.h"
#include "analyzer/commands.h"
#include "tui/tui.h"

int cmd_tui(int argc, char **argv)
{
	GOptionEntry entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};
	int code;
	if (!cli_parse("tui", "FILE", "The terminal UI: packet list, detail tree, bytes, filters, statistics.", entries,
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
	if (tui_run(argv[1], &err) != 0) {
		cli_error("cannot read '%s': %s", argv[1], err->message);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}
