/* sort.h — the packet list sorted by a column (Wireshark's click on a
 * heading): `<` / `>` choose the column, `o` reverses, `O` goes back to
 * frame order.  The column's value of every frame is read by a background
 * pass (the UI stays usable and shows its progress), kept while that column
 * stays the one sorted by, and the frames on show are sorted by it, stably
 * (equal values keep frame order).  Numbers compare as numbers, addresses
 * as addresses, other text as text. */
#ifndef ANALYZE_TUI_SORT_H
#define ANALYZE_TUI_SORT_H

#include <glib.h>
#include <stdbool.h>

#include "tui/app.h"

/* One frame's value of the column sorted by.  Empty values sort first,
 * then numbers, then addresses (IPv4, IPv6, Ethernet, each by its bytes),
 * then other text (byte by byte). */
enum tui_key_kind { TUI_KEY_EMPTY, TUI_KEY_NUMBER, TUI_KEY_ADDRESS, TUI_KEY_TEXT };
struct tui_sort_key {
	double num;        /* the number; for an address its family (4, 6, 48) */
	const char *str;   /* text, or an address's bytes in hex (same length
	                    * within a family); NULL for a number */
	uint8_t kind;      /* enum tui_key_kind */
};

/* The key of a column's TEXT: a number when the whole text is one (decimal,
 * 0x hex), an address when it is an IPv4, IPv6 or Ethernet address, else
 * text.  Strings are kept in CHUNK. */
void tui_sort_key_of_text(struct tui_sort_key *k, const char *text, GStringChunk *chunk);
/* <0, 0, >0 as A sorts before, with or after B. */
int tui_sort_key_cmp(const struct tui_sort_key *a, const struct tui_sort_key *b);

/* The sort keys (<, >, o, O); false when CH is not one. */
bool tui_sort_key(struct tui_app *app, int ch);
/* Steps the pass reading the values (N frames); true while it goes on. */
bool tui_sort_step(struct tui_app *app, guint n);
/* The frames on show changed (a filter): sorts them again (at once when the
 * values are read, else when the pass ends). */
void tui_sort_rows_changed(struct tui_app *app);
/* The field columns changed: a sort by a field column that went away
 * goes back to frame order. */
void tui_sort_columns_changed(struct tui_app *app);
/* The time format changed: a sort by Time sorts again (the time since the
 * frame before, or the one shown before, orders otherwise). */
void tui_sort_time_changed(struct tui_app *app);
/* True while the values are read; *PROGRESS 0..1. */
bool tui_sort_running(const struct tui_app *app, double *progress);
/* Stops reading the values: the list goes back to frame order. */
void tui_sort_cancel(struct tui_app *app);
void tui_sort_free(struct tui_app *app);
/* The column sorted by (TUI_COL_*, TUI_SORT_INFO or TUI_SORT_FIELD + i) and
 * whether it is descending; false when the list is in frame order. */
bool tui_sort_column(const struct tui_app *app, int *col, bool *descending);
enum { TUI_SORT_INFO = TUI_COL_FIXED, TUI_SORT_FIELD };

#endif
