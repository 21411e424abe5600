/* list.c — the packet list pane: one line per frame on show (No., Time,
 * Source, Destination, Protocol, Length, Info), coloured by protocol and
 * trouble.  Only the rows in view are read again from the file. */
#include "analyzer/list_info.h"
#include "analyzer/output.h"
#include "tui/app.h"

struct list_pane {
	struct tui_app *app;
	struct list_line line;
	GString *buf;
};

static void *list_create(struct tui_app *app)
{
	struct list_pane *l = g_new0(struct list_pane, 1);
	l->app = app;
	l->line.info = g_string_new(NULL);
	l->buf = g_string_new(NULL);
	return l;
}

static void list_destroy(void *self)
{
	struct list_pane *l = self;
	g_string_free(l->line.info, TRUE);
	g_string_free(l->buf, TRUE);
	g_free(l);
}

/* Formats frame row text into l->buf; false when it could not be read. */
static bool row_text(struct list_pane *l, guint frame, const struct packet **out)
{
	struct tui_app *app = l->app;
	g_autoptr(GError) err = NULL;
	const struct packet *p = tui_reread_get(app->list_rr, app->idx, frame, &err);
	g_string_truncate(l->buf, 0);
	*out = p;
	if (!p) {
		g_string_printf(l->buf, "%7u  (cannot read: %s)", frame + 1, err->message);
		return false;
	}
	char t[64];
	list_line_fill(&l->line, p);
	seconds_str(t, ts_diff(p->frame->ts_ns, p->first_ns));
	g_string_printf(l->buf, "%7" G_GUINT64_FORMAT " %12s %-20s %-20s %-8s %6u %s", p->frame->number, t,
			l->line.src, l->line.dst, l->line.proto, p->frame->len, l->line.info->str);
	return true;
}

static void list_draw(void *self, const struct tui_rect *r, bool focused)
{
	struct list_pane *l = self;
	struct tui_app *app = l->app;
	attrset(tui_attr(COL_TITLE));
	char head[128];
	g_snprintf(head, sizeof head, "%7s %12s %-20s %-20s %-8s %6s %s", "No.", "Time", "Source", "Destination",
		   "Protocol", "Length", "Info");
	tui_put(r->y, r->x, r->w, head);
	attrset(A_NORMAL);
	tui_scroll_set_height(&app->list, (guint)MAX(1, r->h - 1));
	for (int i = 0; i < r->h - 1; i++) {
		guint row = app->list.top + (guint)i;
		int y = r->y + 1 + i;
		if (row >= app->list.count) {
			tui_put(y, r->x, r->w, row == 0 && i == 0 ? (app->rows ? "  (no frame matches)" : "") : "");
			continue;
		}
		guint frame = tui_row_frame(app, row);
		const struct packet *p;
		attr_t a = A_NORMAL;
		if (row_text(l, frame, &p))
			a = tui_attr(tui_row_colour(p, tui_index_marks(app->idx, frame)));
		else
			a = tui_attr(COL_BAD);
		if (row == app->list.sel)
			a = focused ? A_REVERSE | A_BOLD : A_REVERSE;
		attrset(a);
		tui_put(y, r->x, r->w, l->buf->str);
		attrset(A_NORMAL);
	}
}

static void list_resize(void *self, const struct tui_rect *r)
{
	struct list_pane *l = self;
	tui_scroll_set_height(&l->app->list, (guint)MAX(1, r->h - 1));
}

static enum tui_act list_key(void *self, int ch)
{
	struct list_pane *l = self;
	struct tui_scroll *s = &l->app->list;
	guint before = s->sel;
	switch (ch) {
	case KEY_DOWN: case 'j': tui_scroll_move(s, 1); break;
	case KEY_UP: case 'k': tui_scroll_move(s, -1); break;
	case KEY_NPAGE: case ' ': tui_scroll_page(s, 1); break;
	case KEY_PPAGE: case 'b': tui_scroll_page(s, -1); break;
	case KEY_HOME: case 'g': tui_scroll_goto(s, 0); break;
	case KEY_END: case 'G': tui_scroll_goto(s, s->count ? s->count - 1 : 0); break;
	default: return TUI_ACT_NONE;
	}
	return s->sel != before ? TUI_ACT_SELECT : TUI_ACT_DONE;
}

static const struct tui_keyhelp list_help[] = {
	{"Down j / Up k", "next / previous frame"},
	{"PgDn Space / PgUp b", "one page down / up"},
	{"Home g / End G", "first / last frame"},
	{NULL, NULL},
};

const struct tui_screen tui_list_screen = {
	"Packet list", list_create, list_destroy, list_draw, list_resize, list_key, list_help,
};
