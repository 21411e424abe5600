/* search.h — finding a frame: a string in its bytes (as typed or in any
 * case), hex bytes, or a display filter it matches, from the selected frame
 * on (or back), among the frames on show, wrapping at the end.  The search
 * is a background pass the event loop steps; Esc stops it. */
#ifndef ANALYZE_TUI_SEARCH_H
#define ANALYZE_TUI_SEARCH_H

#include "tui/app.h"

enum tui_search_mode {
	TUI_SEARCH_STRING,   /* bytes as typed */
	TUI_SEARCH_NOCASE,   /* ASCII letters in any case */
	TUI_SEARCH_HEX,      /* "de ad be ef", "deadbeef", "de:ad:be:ef" */
	TUI_SEARCH_FILTER,   /* the next frame a display filter matches */
	TUI_SEARCH_MODES
};

/* Parses hex bytes TEXT into OUT (pairs of digits, blanks, ':' or '-'
 * between pairs).  False with ERROR set when it is not hex bytes. */
bool tui_search_parse_hex(const char *text, GByteArray *out, GError **error);
/* Whether NEEDLE (N bytes) is in HAY (H bytes); ASCII case ignored when
 * NOCASE.  An empty needle is not found. */
bool tui_search_bytes(const uint8_t *hay, size_t h, const uint8_t *needle, size_t n, bool nocase);

/* Opens the search prompt. */
void tui_search_begin(struct tui_app *app);
/* Whether the prompt has the keyboard. */
bool tui_search_prompting(const struct tui_app *app);
void tui_search_draw(struct tui_app *app, int y, int w);
enum tui_act tui_search_key(struct tui_app *app, int ch);
/* Searches again for what was last searched, forward (DIR 1) or back. */
void tui_search_again(struct tui_app *app, int dir);
/* Runs the search a while; true while it goes on. */
bool tui_search_step(struct tui_app *app, guint n);
/* Whether a search runs, and how far it came (0..1). */
bool tui_search_running(const struct tui_app *app, double *progress);
/* Stops a search; safe when none runs. */
void tui_search_cancel(struct tui_app *app);
void tui_search_free(struct tui_app *app);

#endif
