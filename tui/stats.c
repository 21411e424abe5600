/* stats.c — the statistics screen: the protocol hierarchy of the frames
 * indexed so far (stats/hierarchy.c, fed by the indexing pass), one row per
 * protocol path.  Enter (or f) on a row applies that protocol as the
 * display filter. */
#include "dissect/field.h"
#include "stats/hierarchy.h"
#include "tui/app.h"

struct row {
	uint32_t node;
	int depth;
};

struct stats {
	struct tui_app *app;
	GArray *rows;           /* struct row, the tree in order */
	uint64_t built_at;      /* frames counted when rows were built */
	struct tui_scroll scroll;
};

static void *stats_create(struct tui_app *app)
{
	struct stats *s = g_new0(struct stats, 1);
	s->app = app;
	s->rows = g_array_new(FALSE, FALSE, sizeof(struct row));
	s->built_at = UINT64_MAX;
	return s;
}

static void stats_destroy(void *self)
{
	struct stats *s = self;
	g_array_free(s->rows, TRUE);
	g_free(s);
}

static void walk(struct stats *s, const phs_state *phs, uint32_t node, int depth)
{
	for (; node != PHS_NONE; node = phs_node(phs, node)->next) {
		struct row r = {node, depth};
		g_array_append_val(s->rows, r);
		walk(s, phs, phs_node(phs, node)->first_child, depth + 1);
	}
}

/* Rebuilds the rows when more frames were counted. */
static void load_rows(struct stats *s)
{
	const phs_state *phs = s->app->idx->phs;
	if (phs_frames(phs) == s->built_at)
		return;
	s->built_at = phs_frames(phs);
	g_array_set_size(s->rows, 0);
	walk(s, phs, phs_first(phs), 0);
	tui_scroll_set_count(&s->scroll, s->rows->len);
}

static void stats_draw(void *self, const struct tui_rect *r, bool focused)
{
	struct stats *s = self;
	const phs_state *phs = s->app->idx->phs;
	(void)focused;
	load_rows(s);
	attrset(tui_attr(COL_TITLE));
	g_autofree char *title = g_strdup_printf("Protocol Hierarchy%s  (Enter: filter on the protocol; q: back)",
						 s->app->idx->done ? "" : " (so far: still indexing)");
	tui_put(r->y + 1, r->x, r->w, title);
	char head[160];
	g_snprintf(head, sizeof head, "%-40s %8s %10s %14s %10s", "Protocol", "% Frames", "Frames", "Bytes", "End Frames");
	tui_put(r->y + 2, r->x, r->w, head);
	attrset(A_NORMAL);
	int body = r->h - 3;
	tui_scroll_set_height(&s->scroll, (guint)MAX(1, body));
	uint64_t total = phs_frames(phs);
	for (int i = 0; i < body; i++) {
		guint at = s->scroll.top + (guint)i;
		if (at >= s->rows->len) {
			tui_put(r->y + 3 + i, r->x, r->w, "");
			continue;
		}
		const struct row *row = &g_array_index(s->rows, struct row, at);
		const struct phs_node *n = phs_node(phs, row->node);
		g_autofree char *name = g_strdup_printf("%*s%s", row->depth * 2, "",
							proto_get((enum proto_id)n->proto)->abbrev);
		char line[200];
		g_snprintf(line, sizeof line, "%-40s %7.2f%% %10" G_GUINT64_FORMAT " %14" G_GUINT64_FORMAT
			   " %10" G_GUINT64_FORMAT, name, total ? 100.0 * (double)n->frames / (double)total : 0.0,
			   n->frames, n->bytes, n->end_frames);
		attrset(at == s->scroll.sel ? A_REVERSE | A_BOLD : A_NORMAL);
		tui_put(r->y + 3 + i, r->x, r->w, line);
		attrset(A_NORMAL);
	}
}

static void stats_resize(void *self, const struct tui_rect *r)
{
	struct stats *s = self;
	tui_scroll_set_height(&s->scroll, (guint)MAX(1, r->h - 3));
}

static enum tui_act stats_key(void *self, int ch)
{
	struct stats *s = self;
	load_rows(s);
	switch (ch) {
	case KEY_DOWN: case 'j': tui_scroll_move(&s->scroll, 1); break;
	case KEY_UP: case 'k': tui_scroll_move(&s->scroll, -1); break;
	case KEY_NPAGE: tui_scroll_page(&s->scroll, 1); break;
	case KEY_PPAGE: tui_scroll_page(&s->scroll, -1); break;
	case KEY_HOME: case 'g': tui_scroll_goto(&s->scroll, 0); break;
	case KEY_END: case 'G': tui_scroll_goto(&s->scroll, s->rows->len ? s->rows->len - 1 : 0); break;
	case '\n': case '\r': case KEY_ENTER: case 'f': {
		if (s->rows->len == 0)
			return TUI_ACT_DONE;
		const struct row *row = &g_array_index(s->rows, struct row, s->scroll.sel);
		const struct phs_node *n = phs_node(s->app->idx->phs, row->node);
		g_free(s->app->request);
		s->app->request = g_strdup(proto_get((enum proto_id)n->proto)->abbrev);
		return TUI_ACT_FILTER;
	}
	default: return TUI_ACT_NONE;
	}
	return TUI_ACT_DONE;
}

static const struct tui_keyhelp stats_help[] = {
	{"Down j / Up k, PgDn PgUp, g G", "move between rows"},
	{"Enter f", "apply the row's filter (its protocol) and go back to the list"},
	{NULL, NULL},
};

const struct tui_screen tui_stats_screen = {
	"Statistics", stats_create, stats_destroy, stats_draw, stats_resize, stats_key, stats_help,
};
