/* scroll.h — the scrolling model of a list pane: how many rows, which is
 * selected, which is at the top, how many fit.  No drawing, so the unit
 * tests can drive it. */
#ifndef ANALYZE_TUI_SCROLL_H
#define ANALYZE_TUI_SCROLL_H

#include <glib.h>

struct tui_scroll {
	guint count;   /* rows */
	guint sel;     /* selected row (0 when count is 0) */
	guint top;     /* first row shown */
	guint height;  /* rows that fit (at least 1) */
};

/* Sets the number of rows (the list grows while indexing); keeps the
 * selection inside and visible.  Cannot fail. */
void tui_scroll_set_count(struct tui_scroll *s, guint count);
/* Sets the rows that fit; keeps the selection visible. */
void tui_scroll_set_height(struct tui_scroll *s, guint height);
/* Moves the selection by DELTA rows (negative: up), stopping at the ends. */
void tui_scroll_move(struct tui_scroll *s, long delta);
/* One page down (DIR > 0) or up; the view moves with the selection. */
void tui_scroll_page(struct tui_scroll *s, int dir);
/* Selects ROW (clamped to the last row). */
void tui_scroll_goto(struct tui_scroll *s, guint row);

#endif
