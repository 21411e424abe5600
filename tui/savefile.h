/* savefile.h — saving the selected tree line's bytes or value to a file
 * (Wireshark's Export Packet Bytes): a prompt on the top line for the
 * path, a question before an existing file is replaced, and a file that
 * is whole or not there (written under a temporary name, then renamed). */
#ifndef ANALYZE_TUI_SAVEFILE_H
#define ANALYZE_TUI_SAVEFILE_H

#include "tui/app.h"

/* Opens the prompt to save DATA (LEN bytes, copied), WHAT naming it on the
 * status line ("14 bytes of tcp.payload"). */
void tui_save_begin(struct tui_app *app, const char *what, const void *data, gsize len);
bool tui_save_prompting(const struct tui_app *app);
void tui_save_draw(struct tui_app *app, int y, int w);
void tui_save_key(struct tui_app *app, int ch);
void tui_save_free(struct tui_app *app);

/* Writes DATA to PATH through a temporary file in its directory: renamed
 * over PATH when REPLACE, else linked to it, so that a file there is never
 * replaced (false with EEXIST in ERROR's message then).  Never writes over
 * CAPTURE (the file being read).  False with ERROR set when it cannot. */
bool tui_save_write(const char *path, const void *data, gsize len, bool replace, const char *capture,
		    GError **error);

#endif
