/* editline.h — a one-line editor for the filter bar and the go-to prompt:
 * the text and cursor, history recalled with up/down, and completion of
 * protocol and field names.  No drawing, so the unit tests can drive it. */
#ifndef ANALYZE_TUI_EDITLINE_H
#define ANALYZE_TUI_EDITLINE_H

#include <glib.h>
#include <stdbool.h>

struct tui_editline {
	GString *text;     /* owned */
	gsize cursor;      /* byte offset in text (the text is ASCII as typed) */
	GPtrArray *history;/* char *, oldest first, owned */
	guint hist_pos;    /* history->len while editing a new line */
	char *draft;       /* what was typed before recalling history, owned */
	bool selected;     /* the whole text is selected: a character typed
	                    * replaces it, Backspace or Delete erases it */
};

void tui_editline_init(struct tui_editline *e);
void tui_editline_clear(struct tui_editline *e);
/* Frees the text, the history and the draft. */
void tui_editline_free(struct tui_editline *e);
void tui_editline_set(struct tui_editline *e, const char *text);
/* Sets TEXT with the cursor at its end, all of it selected (when not empty). */
void tui_editline_set_selected(struct tui_editline *e, const char *text);

/* Applies an editing key (printable character, KEY_BACKSPACE/127/8,
 * KEY_DC, KEY_LEFT, KEY_RIGHT, KEY_HOME/1, KEY_END/5, 21 (^U: erase
 * to start), 23 (^W: erase the word before)).  On a selected text, a
 * character replaces it, Backspace and Delete erase it, the other keys
 * only end the selection (and do what they do).  Returns true when KEY
 * was one of them. */
bool tui_editline_key(struct tui_editline *e, int key);

/* Adds TEXT to the history (not when empty or the same as the last). */
void tui_editline_remember(struct tui_editline *e, const char *text);
/* Older (DIR < 0) or newer entry of the history into the text. */
void tui_editline_history(struct tui_editline *e, int dir);

/* Completes the protocol or field name that ends at the cursor: to the
 * longest prefix all candidates share.  Returns the candidates (char *
 * borrowed from the field tables, sorted; free the array only), empty when
 * nothing matches. */
GPtrArray *tui_editline_complete(struct tui_editline *e);

#endif
