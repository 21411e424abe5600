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

/* The steps of tui_save_write for a file written bit by bit: refuses
 * CAPTURE, opens a temporary file beside PATH, "PATH.part-PID" with this
 * process's id (its name in *TMP, owned), after removing what dead
 * processes left there (tui_save_sweep), and returns its descriptor; -1
 * with ERROR set when it cannot. */
int tui_save_open(const char *path, const char *capture, char **tmp, GError **error);
/* Puts TMP (written and closed) in place as PATH: renamed over it when
 * REPLACE, else linked, failing with EEXIST on a file there.  ERR: the
 * errno of a failed write before, when TMP is only removed.  TMP is never
 * left behind. */
bool tui_save_finish(const char *tmp, const char *path, bool replace, int err, GError **error);
/* Removes the temporary files beside PATH that processes no longer
 * running left ("PATH.part-PID", and "PATH.part-PID.part-N" of the export's
 * writer): a save or export killed before it could clean up.  A live
 * process's are left alone. */
void tui_save_sweep(const char *path);
/* Whether a file is at PATH that a save would replace (asked first). */
bool tui_save_exists(const char *path, const char *capture);
/* The question before replacing PATH, drawn on line Y from column X, W
 * wide (returns the cursor's column); the answer to it, key CH: true to
 * replace, else false with PATH kept said on the status line. */
int tui_save_ask_draw(int y, int x, int w, const char *path);
bool tui_save_answer(struct tui_app *app, const char *path, int ch);

#endif
