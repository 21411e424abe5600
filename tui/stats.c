/* stats.c — the statistics screen, six views over the listeners of stats/:
 * Protocol Hierarchy (fed by the indexing pass), Destinations and Ports,
 * Conversations (TCP, UDP, IPv4), Endpoints, Handshake RTT and Expert
 * Information (each counted by a background pass of its own when first
 * shown, then kept).  Every row
 * knows its display filter; Enter (or f) applies it and goes back to the
 * list.  The RTT view sorts by column (o) and ends with the summary, the
 * server table and the histogram of `analyze rtt`.  This file is the
 * screen (its counts, drawing and keys); stats_views.c builds each view's
 * rows. */
#include <stdio.h>
#include <string.h>

#include "tui/stats.h"

static const char *const view_names[V_COUNT] = {"Protocol Hierarchy", "Destinations and Ports", "Conversations",
						 "Endpoints", "Handshake RTT", "Expert Info"};

static void srow_clear(gpointer data)
{
	struct srow *r = data;
	g_free(r->text);
	g_free(r->filter);
}

static void *stats_create(struct tui_app *app)
{
	struct stats *s = g_new0(struct stats, 1);
	s->app = app;
	s->rows = g_array_new(FALSE, TRUE, sizeof(struct srow));
	g_array_set_clear_func(s->rows, srow_clear);
	s->stale = true;
	s->phs_at = UINT64_MAX;
	/* where it was when last closed */
	const struct tui_stats_place *pl = &app->stats_place;
	G_STATIC_ASSERT(V_COUNT <= G_N_ELEMENTS(pl->sel));
	s->view = (enum view)(pl->view % V_COUNT);
	s->conv_type = pl->conv_type % G_N_ELEMENTS(stats_conv_types);
	s->rtt_sort = pl->rtt_sort % G_N_ELEMENTS(stats_rtt_sorts);
	for (int v = 0; v < V_COUNT; v++) {
		s->sel[v] = pl->sel[v];
		s->top[v] = pl->top[v];
	}
	s->restore = true;
	tui_editline_init(&s->find);
	tui_editline_set(&s->find, pl->find);
	if (app->filter_text) {
		s->filter = dfilter_compile(app->filter_text, NULL);
		s->filter_text = s->filter ? g_strdup(app->filter_text) : NULL;
	}
	return s;
}

/* Keeps the place of the view on show. */
static void keep_place(struct stats *s)
{
	if (s->restore) /* not shown yet: its place is still the one to restore */
		return;
	s->sel[s->view] = s->scroll.sel;
	s->top[s->view] = s->scroll.top;
}

static void counting_free(struct counting *c)
{
	tui_pass_close(&c->pass);
	g_clear_pointer(&c->dests, dests_free);
	for (size_t i = 0; i < G_N_ELEMENTS(stats_conv_types); i++)
		g_clear_pointer(&c->conv[i], conv_free);
	g_clear_pointer(&c->rtt, rtt_free);
	g_clear_pointer(&c->expert, expert_free);
	g_clear_pointer(&c->phs, phs_free);
}

static void stats_destroy(void *self)
{
	struct stats *s = self;
	keep_place(s);
	struct tui_stats_place *pl = &s->app->stats_place;
	pl->view = (int)s->view;
	pl->conv_type = s->conv_type;
	pl->rtt_sort = s->rtt_sort;
	g_strlcpy(pl->find, s->find.text->str, sizeof pl->find);
	for (int v = 0; v < V_COUNT; v++) {
		pl->sel[v] = s->sel[v];
		pl->top[v] = s->top[v];
	}
	for (int v = 0; v < V_COUNT; v++)
		counting_free(&s->c[v]);
	g_array_free(s->rows, TRUE);
	g_free(s->head);
	if (s->filter)
		dfilter_free(s->filter);
	g_free(s->filter_text);
	tui_editline_free(&s->find);
	g_free(s);
}

/* ---- counting in the background ---- */

static void on_count(const struct packet *p, void *data)
{
	struct counting *c = data;
	if (c->filter && !dfilter_match(c->filter, p))
		return;
	if (c->phs)
		phs_packet(c->phs, p);
	if (c->dests)
		dests_packet(c->dests, p);
	for (size_t i = 0; i < G_N_ELEMENTS(stats_conv_types); i++)
		if (c->conv[i])
			conv_packet(c->conv[i], p);
	if (c->rtt)
		rtt_packet(c->rtt, p);
	if (c->expert)
		expert_packet(c->expert, p);
}

/* Above this much resident memory, counting a view drops what the other
 * views counted (they are counted again when shown): on a gigabyte
 * capture each count holds 30-120 MB, and all of them together would not
 * fit in the UI's 300 MB. */
#define TUI_KEEP_BYTES ((uint64_t)128 << 20)

/* Starts the pass of view V when it has none. */
static void start_counting(struct stats *s, enum view v)
{
	struct counting *c = stats_counting_of(s, v);
	if ((v == V_PHS && !s->filter) || c->running || c->done)
		return;
	if (tui_resident_bytes() > TUI_KEEP_BYTES) {
		bool dropped = false;
		for (int w = V_PHS + 1; w < V_COUNT; w++) {
			struct counting *o = &s->c[w];
			if (o != c && (o->done || o->running)) {
				counting_free(o);
				*o = (struct counting){0};
				dropped = true;
			}
		}
		if (dropped)
			tui_release_memory();
	}
	g_autoptr(GError) err = NULL;
	/* the depth `analyze rtt` reads at: its listener follows TCP itself */
	int depth = v == V_EXPERT || v == V_PHS ? LOOP_TRACKED : LOOP_TRANSPORT;
	if (s->filter)
		depth = MAX(depth, dfilter_depth(s->filter));
	if (!tui_pass_open(&c->pass, s->app->idx->path, (enum loop_depth)depth, &err)) {
		tui_message(s->app, "cannot count: %s", err->message);
		return;
	}
	if (v == V_DESTS)
		c->dests = dests_new();
	if (v == V_CONV || v == V_ENDPOINTS)
		for (size_t i = 0; i < G_N_ELEMENTS(stats_conv_types); i++)
			c->conv[i] = conv_new(stats_conv_types[i]);
	if (v == V_RTT) {
		c->rtt = rtt_new();
		rtt_file_begin(c->rtt, 0);
	}
	if (v == V_EXPERT)
		c->expert = expert_new();
	if (v == V_PHS)
		c->phs = phs_new();
	c->filter = s->filter;
	c->pass.marks = s->app->idx->marks;
	c->pass.mark_bit = TUI_MARK_USER;
	c->running = true;
}

static bool stats_step(void *self)
{
	struct stats *s = self;
	struct counting *c = stats_counting_of(s, s->view);
	if (!c->running)
		return false;
	tui_pass_step(&c->pass, 2000, on_count, c);
	if (c->pass.state == 0)
		return true;
	if (c->pass.state < 0)
		tui_message(s->app, "counted up to damage: %s", c->pass.error);
	if (c->rtt)
		rtt_file_end(c->rtt);
	tui_pass_close(&c->pass);
	c->running = false;
	c->done = true;
	s->stale = true;
	return false;
}

static void build(struct stats *s)
{
	if (s->view == V_PHS && !s->filter && s->phs_at != phs_frames(s->app->idx->phs))
		s->stale = true;
	if (!s->stale)
		return;
	s->stale = false;
	g_array_set_size(s->rows, 0);
	g_clear_pointer(&s->head, g_free);
	struct counting *c = stats_counting_of(s, s->view);
	switch (s->view) {
	case V_PHS:
		if (!s->filter)
			stats_build_phs(s, s->app->idx->phs);
		else if (c->done)
			stats_build_phs(s, c->phs);
		break;
	case V_DESTS: if (c->done) stats_build_dests(s, c->dests); break;
	case V_CONV: if (c->done) stats_build_conv(s, c->conv[s->conv_type]); break;
	case V_ENDPOINTS: if (c->done) stats_build_endpoints(s, c->conv[s->conv_type]); break;
	case V_RTT: if (c->done) stats_build_rtt(s, c->rtt); break;
	case V_EXPERT: if (c->done) stats_build_expert(s, c->expert); break;
	default: break;
	}
	tui_scroll_set_count(&s->scroll, s->rows->len);
	if (s->restore && ((s->view == V_PHS && !s->filter) || c->done)) {
		s->restore = false;
		s->scroll.top = s->top[s->view];
		tui_scroll_goto(&s->scroll, s->sel[s->view]);
	}
}

static void stats_draw(void *self, const struct tui_rect *r, bool focused)
{
	struct stats *s = self;
	(void)focused;
	start_counting(s, s->view);
	build(s);
	attrset(tui_attr(COL_TITLE));
	GString *tabs = g_string_new(NULL);
	for (int v = 0; v < V_COUNT; v++)
		g_string_append_printf(tabs, v == (int)s->view ? "[%d %s] " : " %d %s  ", v + 1, view_names[v]);
	tui_put(r->y, r->x, r->w, tabs->str);
	g_string_free(tabs, TRUE);
	GString *t = g_string_new(view_names[s->view]);
	if (s->filter_text)
		g_string_append_printf(t, " of the frames shown (%s)", s->filter_text);
	if (s->view == V_CONV || s->view == V_ENDPOINTS)
		g_string_append_printf(t, ": %s (T: TCP, UDP, IPv4, IPv6, Ethernet)", conv_type_name(stats_conv_types[s->conv_type]));
	if (s->view == V_CONV)
		g_string_append(t, "  Enter: A<->B  >: A->B  <: B->A");
	if (s->view == V_RTT)
		g_string_append_printf(t, ", sorted by %s (o: sort)", stats_rtt_sorts[s->rtt_sort]);
	if (s->view == V_PHS && !s->app->idx->done && !s->filter)
		g_string_append(t, " (so far: still indexing)");

	g_string_append(t, "   Enter: filter on the row; 1-6 Left Right: view; q: back");
	tui_put(r->y + 1, r->x, r->w, t->str);
	g_string_free(t, TRUE);
	tui_put(r->y + 2, r->x, r->w, s->head ? s->head : "");
	attrset(A_NORMAL);
	int body = r->h - 3;
	tui_scroll_set_height(&s->scroll, (guint)MAX(1, body));
	struct counting *c = stats_counting_of(s, s->view);
	GString *line = g_string_new(NULL);
	for (int i = 0; i < body; i++) {
		guint at = s->scroll.top + (guint)i;
		const char *text = "";
		g_autofree char *wait = NULL;
		if (c->running && i == 0)
			text = wait = g_strdup_printf("counting... %d%% (the list stays usable: q goes back)",
						      (int)(tui_pass_progress(&c->pass) * 100));
		else if (at < s->rows->len)
			text = stats_row_text(s, &g_array_index(s->rows, struct srow, at), line);
		attrset(at == s->scroll.sel && at < s->rows->len ? A_REVERSE | A_BOLD : A_NORMAL);
		tui_put(r->y + 3 + i, r->x, r->w, text);
		attrset(A_NORMAL);
	}
	g_string_free(line, TRUE);
	if (s->finding) {
		g_autofree char *p = g_strdup_printf("Find in the rows: %s", s->find.text->str);
		attrset(tui_attr(COL_TITLE));
		tui_put(r->y + r->h - 1, r->x, r->w, p);
		attrset(A_NORMAL);
	}
}

/* Selects the next row (after the selected one, wrapping) whose text has
 * the find text in it, in any case; false when none has. */
static bool find_next(struct stats *s)
{
	const char *needle = s->find.text->str;
	guint n = s->rows->len;
	if (!*needle || !n)
		return false;
	g_autofree char *want = g_utf8_casefold(needle, -1);
	GString *line = g_string_new(NULL);
	bool found = false;
	for (guint k = 1; k <= n && !found; k++) {
		guint at = (s->scroll.sel + k) % n;
		g_autofree char *text = g_utf8_casefold(stats_row_text(s, &g_array_index(s->rows, struct srow, at), line), -1);
		if (strstr(text, want)) {
			tui_scroll_goto(&s->scroll, at);
			found = true;
		}
	}
	g_string_free(line, TRUE);
	return found;
}

/* A key while the find prompt is open. */
static enum tui_act find_key(struct stats *s, int ch)
{
	if (ch == 27) {
		s->finding = false;
		return TUI_ACT_DONE;
	}
	if (ch != '\n' && ch != '\r' && ch != KEY_ENTER) {
		tui_editline_key(&s->find, ch);
		return TUI_ACT_DONE;
	}
	s->finding = false;
	s->restore = false;
	if (!find_next(s))
		tui_message(s->app, "no row has '%s'", s->find.text->str);
	return TUI_ACT_DONE;
}

static void stats_resize(void *self, const struct tui_rect *r)
{
	struct stats *s = self;
	tui_scroll_set_height(&s->scroll, (guint)MAX(1, r->h - 3));
}

static void set_view(struct stats *s, int v)
{
	keep_place(s);
	s->view = (enum view)((v + V_COUNT) % V_COUNT);
	s->stale = true;
	s->scroll.sel = s->scroll.top = 0;
	s->restore = true;
}

static enum tui_act stats_key(void *self, int ch)
{
	struct stats *s = self;
	build(s);
	if (s->finding)
		return find_key(s, ch);
	if (ch == '/') {
		s->finding = true;
		tui_editline_set_selected(&s->find, s->find.text->str);
		return TUI_ACT_DONE;
	}
	if (ch == 'n' && s->find.text->len) {
		s->restore = false;
		if (!find_next(s))
			tui_message(s->app, "no row has '%s'", s->find.text->str);
		return TUI_ACT_DONE;
	}
	switch (ch) { /* a move before the rows came: the view stays where it is moved */
	case KEY_DOWN: case 'j': case KEY_UP: case 'k': case KEY_NPAGE: case ' ': case KEY_PPAGE: case 'b':
	case KEY_HOME: case 'g': case KEY_END: case 'G': s->restore = false; break;
	default: break;
	}
	switch (ch) {
	case KEY_DOWN: case 'j': tui_scroll_move(&s->scroll, 1); break;
	case KEY_UP: case 'k': tui_scroll_move(&s->scroll, -1); break;
	case KEY_NPAGE: case ' ': tui_scroll_page(&s->scroll, 1); break;
	case KEY_PPAGE: case 'b': tui_scroll_page(&s->scroll, -1); break;
	case KEY_HOME: case 'g': tui_scroll_goto(&s->scroll, 0); break;
	case KEY_END: case 'G': tui_scroll_goto(&s->scroll, s->rows->len ? s->rows->len - 1 : 0); break;
	case '1': case '2': case '3': case '4': case '5': case '6': set_view(s, ch - '1'); break;
	case KEY_RIGHT: case 'l': case 's': set_view(s, (int)s->view + 1); break;
	case KEY_LEFT: case 'h': set_view(s, (int)s->view - 1); break;
	case 'T':
		s->conv_type = (s->conv_type + 1) % G_N_ELEMENTS(stats_conv_types);
		s->stale = true;
		s->scroll.sel = s->scroll.top = 0;
		break;
	case 'o':
		s->rtt_sort = (s->rtt_sort + 1) % G_N_ELEMENTS(stats_rtt_sorts);
		s->stale = true;
		s->scroll.sel = s->scroll.top = 0;
		break;
	case '>': case '<': { /* a conversation one way: A to B, B to A */
		if (s->view != V_CONV || s->scroll.sel >= s->rows->len)
			return TUI_ACT_DONE;
		const struct srow *row = &g_array_index(s->rows, struct srow, s->scroll.sel);
		const struct conversation *cv = row->ref;
		if (!cv)
			return TUI_ACT_DONE;
		g_free(s->app->request);
		s->app->request = stats_oneway_filter(s, cv, ch == '>');
		return TUI_ACT_FILTER;
	}
	case '\n': case '\r': case KEY_ENTER: case 'f': {
		if (s->scroll.sel >= s->rows->len)
			return TUI_ACT_DONE;
		char *filter = stats_row_filter(s, &g_array_index(s->rows, struct srow, s->scroll.sel));
		if (!filter) {
			tui_message(s->app, "no filter for this row");
			return TUI_ACT_DONE;
		}
		g_free(s->app->request);
		s->app->request = filter;
		return TUI_ACT_FILTER;
	}
	default: return TUI_ACT_NONE;
	}
	return TUI_ACT_DONE;
}

static const struct tui_keyhelp stats_help[] = {
	{"1 2 3 4 5 6, Left h / Right l s", "Protocol Hierarchy, Destinations and Ports, Conversations, Endpoints, "
					    "Handshake RTT, Expert Info"},
	{"T", "conversations and endpoints of TCP, UDP, IPv4, IPv6 or Ethernet"},
	{"/ n", "find a text in the rows (any case) / the next row with it"},
	{"> / <", "conversations: filter on one way only, A to B / B to A (Enter: both ways)"},
	{"o", "RTT: sort by stream, network RTT, irtt, syn-synack or status"},
	{"Down j / Up k, PgDn PgUp, g G", "move between rows"},
	{"Enter f", "apply the row's filter (protocol, address, port, conversation, tcp.stream, expert message) "
		    "and go back"},
	{NULL, NULL},
};

const struct tui_screen tui_stats_screen = {
	"Statistics", stats_create, stats_destroy, stats_draw, stats_resize, stats_key, stats_help, stats_step,
};
