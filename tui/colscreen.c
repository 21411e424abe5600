/* colscreen.c — the Columns screen (C): the packet list's columns in their
 * order, the fixed ones shown or hidden, the field columns moved or
 * removed; every change is kept in the configuration file at once. */
#include <string.h>

#include "tui/app.h"

struct colscreen {
	struct tui_app *app;
	struct tui_scroll scroll; /* over TUI_COL_FIXED fixed lines, then the fields */
};

static void *cols_create(struct tui_app *app)
{
	struct colscreen *c = g_new0(struct colscreen, 1);
	c->app = app;
	tui_scroll_set_count(&c->scroll, TUI_COL_FIXED + app->columns.fields->len);
	return c;
}

static void cols_destroy(void *self)
{
	g_free(self);
}

static void cols_draw(void *self, const struct tui_rect *r, bool focused)
{
	struct colscreen *c = self;
	const struct tui_columns *cols = &c->app->columns;
	(void)focused;
	tui_scroll_set_count(&c->scroll, TUI_COL_FIXED + cols->fields->len);
	tui_scroll_set_height(&c->scroll, (guint)MAX(1, r->h - 2));
	attrset(tui_attr(COL_TITLE));
	tui_put(r->y, r->x, r->w, "Columns  Space: show or hide  J / K: move a field down / up  d: remove a field  q: back");
	attrset(A_NORMAL);
	GString *s = g_string_new(NULL);
	for (int i = 0; i < r->h - 2; i++) {
		guint at = c->scroll.top + (guint)i;
		g_string_truncate(s, 0);
		if (at < TUI_COL_FIXED)
			g_string_printf(s, "[%c] %s", cols->hidden & (1u << at) ? ' ' : 'x', tui_col_names[at]);
		else if (at < TUI_COL_FIXED + cols->fields->len)
			g_string_printf(s, "[x] %s (field)",
					g_array_index(cols->fields, struct tui_column, at - TUI_COL_FIXED).abbrev);
		else if (at == TUI_COL_FIXED + cols->fields->len)
			g_string_assign(s, "[x] Info");
		attrset(at == c->scroll.sel ? A_REVERSE : A_NORMAL);
		tui_put(r->y + 1 + i, r->x, r->w, s->str);
	}
	attrset(tui_attr(COL_TITLE));
	tui_put(r->y + r->h - 1, r->x, r->w,
		cols->path ? cols->path : "");
	attrset(A_NORMAL);
	g_string_free(s, TRUE);
}

static void cols_resize(void *self, const struct tui_rect *r)
{
	struct colscreen *c = self;
	tui_scroll_set_height(&c->scroll, (guint)MAX(1, r->h - 2));
}

static enum tui_act cols_key(void *self, int ch)
{
	struct colscreen *c = self;
	struct tui_app *app = c->app;
	struct tui_columns *cols = &app->columns;
	guint sel = c->scroll.sel, nf = cols->fields->len;
	switch (ch) {
	case KEY_DOWN: case 'j': tui_scroll_move(&c->scroll, 1); return TUI_ACT_DONE;
	case KEY_UP: case 'k': tui_scroll_move(&c->scroll, -1); return TUI_ACT_DONE;
	case ' ':
		if (sel >= TUI_COL_FIXED) {
			tui_message(app, "a field column is removed with d");
			return TUI_ACT_DONE;
		}
		cols->hidden ^= 1u << sel;
		tui_message(app, "column %s %s", tui_col_names[sel], cols->hidden & (1u << sel) ? "hidden" : "shown");
		break;
	case 'd': case KEY_DC:
		if (sel < TUI_COL_FIXED || sel >= TUI_COL_FIXED + nf) {
			tui_message(app, "a fixed column is hidden with Space, not removed");
			return TUI_ACT_DONE;
		}
		tui_message(app, "column %s removed",
			    g_array_index(cols->fields, struct tui_column, sel - TUI_COL_FIXED).abbrev);
		g_array_remove_index(cols->fields, sel - TUI_COL_FIXED);
		tui_scroll_set_count(&c->scroll, TUI_COL_FIXED + cols->fields->len);
		break;
	case 'J': case 'K': {
		guint i = sel - TUI_COL_FIXED, j = ch == 'J' ? i + 1 : i - 1;
		if (sel < TUI_COL_FIXED || i >= nf || j >= nf)
			return TUI_ACT_DONE; /* only field columns move, among themselves */
		struct tui_column t = g_array_index(cols->fields, struct tui_column, i);
		g_array_index(cols->fields, struct tui_column, i) = g_array_index(cols->fields, struct tui_column, j);
		g_array_index(cols->fields, struct tui_column, j) = t;
		tui_scroll_goto(&c->scroll, TUI_COL_FIXED + j);
		break;
	}
	case 'q':
		return TUI_ACT_CLOSE;
	default:
		return TUI_ACT_NONE;
	}
	tui_columns_changed(app);
	return TUI_ACT_DONE;
}

static const struct tui_keyhelp cols_help[] = {
	{"Space", "show or hide the fixed column (Info is always shown)"},
	{"J / K", "move the field column down / up"},
	{"d Delete", "remove the field column (add one with + on a line of the detail tree)"},
	{"Down j / Up k", "move"},
	{"q / Esc", "back to the list"},
	{NULL, NULL},
};

const struct tui_screen tui_columns_screen = {
	"Columns", cols_create, cols_destroy, cols_draw, cols_resize, cols_key, cols_help, NULL,
};
