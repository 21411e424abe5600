/* scroll.c — keeping a selection visible in a window of rows. */
#include "tui/scroll.h"

static void keep_visible(struct tui_scroll *s)
{
	if (s->height == 0)
		s->height = 1;
	if (s->count == 0) {
		s->sel = s->top = 0;
		return;
	}
	if (s->sel >= s->count)
		s->sel = s->count - 1;
	if (s->sel < s->top)
		s->top = s->sel;
	if (s->sel >= s->top + s->height)
		s->top = s->sel - s->height + 1;
	/* no empty space below the last row when the list is long enough */
	if (s->count >= s->height && s->top > s->count - s->height)
		s->top = s->count - s->height;
	if (s->count < s->height)
		s->top = 0;
}

void tui_scroll_set_count(struct tui_scroll *s, guint count)
{
	s->count = count;
	keep_visible(s);
}

void tui_scroll_set_height(struct tui_scroll *s, guint height)
{
	s->height = height;
	keep_visible(s);
}

void tui_scroll_move(struct tui_scroll *s, long delta)
{
	if (delta < 0)
		s->sel = (guint)-delta > s->sel ? 0 : s->sel - (guint)-delta;
	else if (s->count)
		s->sel = (guint)delta >= s->count - s->sel ? s->count - 1 : s->sel + (guint)delta;
	keep_visible(s);
}

void tui_scroll_page(struct tui_scroll *s, int dir)
{
	guint h = s->height ? s->height : 1;
	if (dir > 0) {
		tui_scroll_move(s, (long)h);
		if (s->count > h && s->top + h <= s->sel)
			s->top = s->sel - h + 1;
	} else {
		tui_scroll_move(s, -(long)h);
	}
	keep_visible(s);
}

void tui_scroll_goto(struct tui_scroll *s, guint row)
{
	s->sel = row;
	keep_visible(s);
}
