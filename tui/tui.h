/* tui.h — the terminal UI (`analyze tui FILE`). */
#ifndef ANALYZE_TUI_H
#define ANALYZE_TUI_H

#include <glib.h>

/* Runs the UI on capture PATH until the user quits; standard input and
 * output must be a terminal.  Returns 0, or 1 with ERROR set when PATH is
 * not a readable capture (found before the screen is taken over). */
int tui_run(const char *path, GError **error);

#endif
