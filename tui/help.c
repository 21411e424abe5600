/* help.c — the help screen: every key, the shared ones and each pane's. */
#include "tui/app.h"

static const struct tui_keyhelp global_help[] = {
	{"q", "quit (on this screen: back)"},
	{"?", "this help"},
	{"Tab / Shift-Tab", "next / previous pane (list, detail, bytes)"},
	{"z", "maximise the focused pane, or back"},
	{"t", "time column: relative, absolute (UTC), delta, epoch, UTC and local time (with the date)"},
	{"/", "edit the display filter (the old one selected: typing replaces it); Enter applies (empty: every frame)"},
	{"  in the filter bar", "Esc cancels the edit, Tab completes, Up/Down history, Ctrl-U erases to the start, Ctrl-W a word"},
	{"Esc", "stop a filter being applied (the list keeps what it showed)"},
	{": or Ctrl-G", "go to a frame by number"},
	{"s", "statistics: hierarchy, destinations, conversations, endpoints, handshake RTT, expert info (the view shown last)"},
	{"F", "follow the selected frame's TCP or UDP stream"},
	{"v", "graphs: I/O graph (frames or bytes per interval, up to four filters more), handshake RTT over time"},
	{"I", "capture file properties (what analyze info prints)"},
	{"C", "the columns: show or hide them, move or remove the fields added with + in the tree (kept in $XDG_CONFIG_HOME/analyze/tui.conf)"},
	{"w", "export the frames shown, the marked ones, all or a range to a pcapng or pcap file (asks before replacing one)"},
	{"Ctrl-F", "search the frames: a string, in any case, hex bytes or a filter (Tab switches)"},
	{"n / N", "search again: next / previous frame (wraps, and says so)"},
	{"mouse", "click selects a pane and a row; the wheel scrolls the list"},
	{NULL, NULL},
};

struct help {
	struct tui_app *app;
	GPtrArray *lines; /* char *, owned */
	struct tui_scroll scroll;
};

static void add(GPtrArray *lines, const char *title, const struct tui_keyhelp *k)
{
	g_ptr_array_add(lines, g_strdup(title));
	for (; k->keys; k++)
		g_ptr_array_add(lines, g_strdup_printf("  %-32s %s", k->keys, k->what));
	g_ptr_array_add(lines, g_strdup(""));
}

static void *help_create(struct tui_app *app)
{
	struct help *h = g_new0(struct help, 1);
	h->app = app;
	h->lines = g_ptr_array_new_with_free_func(g_free);
	add(h->lines, "Keys everywhere", global_help);
	add(h->lines, "Packet list", tui_list_screen.help);
	add(h->lines, "Detail tree", tui_detail_screen.help);
	add(h->lines, "Bytes", tui_bytes_screen.help);
	add(h->lines, "Statistics", tui_stats_screen.help);
	add(h->lines, "Follow stream", tui_follow_screen.help);
	add(h->lines, "Graphs", tui_graph_screen.help);
	tui_scroll_set_count(&h->scroll, h->lines->len);
	return h;
}

static void help_destroy(void *self)
{
	struct help *h = self;
	g_ptr_array_free(h->lines, TRUE);
	g_free(h);
}

static void help_draw(void *self, const struct tui_rect *r, bool focused)
{
	struct help *h = self;
	(void)focused;
	attrset(tui_attr(COL_TITLE));
	tui_put(r->y + 1, r->x, r->w, "Help (q or Esc: back; Up/Down scroll)");
	attrset(A_NORMAL);
	int body = r->h - 2;
	tui_scroll_set_height(&h->scroll, (guint)MAX(1, body));
	/* the help scrolls by its top line, not a selection */
	for (int i = 0; i < body; i++) {
		guint line = h->scroll.top + (guint)i;
		tui_put(r->y + 2 + i, r->x, r->w, line < h->lines->len ? h->lines->pdata[line] : "");
	}
}

static void help_resize(void *self, const struct tui_rect *r)
{
	struct help *h = self;
	tui_scroll_set_height(&h->scroll, (guint)MAX(1, r->h - 2));
}

static enum tui_act help_key(void *self, int ch)
{
	struct help *h = self;
	struct tui_scroll *s = &h->scroll;
	switch (ch) {
	case KEY_DOWN: case 'j':
		tui_scroll_goto(s, MIN(s->count - 1, s->top + s->height));
		break;
	case KEY_UP: case 'k':
		tui_scroll_goto(s, s->top ? s->top - 1 : 0);
		break;
	case '?': case 27:
		return TUI_ACT_CLOSE;
	default:
		return TUI_ACT_NONE;
	}
	return TUI_ACT_DONE;
}

const struct tui_screen tui_help_screen = {
	"Help", help_create, help_destroy, help_draw, help_resize, help_key, NULL, NULL,
};
