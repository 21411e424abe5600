/* search.c — the search prompt (Ctrl-F) and the search it starts: one pass
 * over the file in the background, as a filter is applied, that stops at
 * the first frame on show after the selected one that has the string or
 * bytes (or matches the filter), and remembers the first one before it in
 * case the search must wrap.  Searching back reads up to the selected
 * frame, or to the end when it must wrap.  n / N search again. */
#include <string.h>

#include "tui/search.h"

static const char *const mode_names[TUI_SEARCH_MODES] = {"string", "string, any case", "hex bytes", "filter"};

struct tui_search {
	bool prompt;                 /* the prompt has the keyboard */
	enum tui_search_mode mode;   /* the prompt's */
	struct tui_editline edit;
	enum tui_search_mode last_mode;
	char *last_text;             /* what was searched last, owned, NULL: nothing */
	/* the search running */
	bool running;
	int dir;                     /* 1 forward, -1 back */
	struct tui_pass pass;
	dfilter *filter;             /* owned, in filter mode */
	GByteArray *needle;          /* the bytes looked for */
	guint start;                 /* the frame index searched from */
	guint start_row;             /* its row */
	bool in_order;               /* rows follow frame order (the list is not sorted):
	                              * the first match after the start is the next */
	guint hit, wrap;             /* the match, and the one past the end or start
	                              * (G_MAXUINT none) */
	guint hit_row, wrap_row;     /* their rows */
	guint select;                /* a match to select once indexed, G_MAXUINT none */
	bool wrapped;
};

static struct tui_search *get(struct tui_app *app)
{
	if (!app->search) {
		struct tui_search *s = g_new0(struct tui_search, 1);
		tui_editline_init(&s->edit);
		s->select = G_MAXUINT;
		app->search = s;
	}
	return app->search;
}

bool tui_search_parse_hex(const char *text, GByteArray *out, GError **error)
{
	g_byte_array_set_size(out, 0);
	for (const char *at = text; *at;) {
		if (*at == ' ' || *at == ':' || *at == '-' || *at == '\t') {
			at++;
			continue;
		}
		int hi = g_ascii_xdigit_value(at[0]), lo = at[1] ? g_ascii_xdigit_value(at[1]) : -1;
		if (hi < 0 || lo < 0) {
			g_set_error(error, g_quark_from_static_string("tui-search"), 0, "'%s' is not hex bytes (like 'de ad be ef')",
				    text);
			return false;
		}
		uint8_t b = (uint8_t)(hi * 16 + lo);
		g_byte_array_append(out, &b, 1);
		at += 2;
	}
	if (out->len == 0) {
		g_set_error(error, g_quark_from_static_string("tui-search"), 0, "no bytes to search for");
		return false;
	}
	return true;
}

bool tui_search_bytes(const uint8_t *hay, size_t h, const uint8_t *needle, size_t n, bool nocase)
{
	if (n == 0 || n > h)
		return false;
	if (!nocase)
		return memmem(hay, h, needle, n) != NULL;
	uint8_t first = (uint8_t)g_ascii_tolower(needle[0]);
	for (size_t i = 0; i + n <= h; i++) {
		if ((uint8_t)g_ascii_tolower(hay[i]) != first)
			continue;
		size_t k = 1;
		while (k < n && g_ascii_tolower(hay[i + k]) == g_ascii_tolower(needle[k]))
			k++;
		if (k == n)
			return true;
	}
	return false;
}

void tui_search_cancel(struct tui_app *app)
{
	struct tui_search *s = app->search;
	if (!s || !s->running)
		return;
	tui_pass_close(&s->pass);
	g_clear_pointer(&s->filter, dfilter_free);
	if (s->needle)
		g_byte_array_free(s->needle, TRUE);
	s->needle = NULL;
	s->running = false;
}

void tui_search_free(struct tui_app *app)
{
	struct tui_search *s = app->search;
	if (!s)
		return;
	tui_search_cancel(app);
	tui_editline_free(&s->edit);
	g_free(s->last_text);
	g_free(s);
	app->search = NULL;
}

/* Starts searching for TEXT in MODE from the selected frame in DIR. */
static bool start(struct tui_app *app, enum tui_search_mode mode, const char *text, int dir)
{
	struct tui_search *s = get(app);
	tui_search_cancel(app);
	g_autoptr(GError) err = NULL;
	g_autoptr(GByteArray) needle = g_byte_array_new();
	dfilter *f = NULL;
	if (mode == TUI_SEARCH_FILTER) {
		f = dfilter_compile(text, &err);
		if (!f) {
			tui_message(app, "bad filter: %s", err->message);
			return false;
		}
	} else if (mode == TUI_SEARCH_HEX) {
		if (!tui_search_parse_hex(text, needle, &err)) {
			tui_message(app, "%s", err->message);
			return false;
		}
	} else if (!*text) {
		tui_message(app, "nothing to search for");
		return false;
	} else {
		g_byte_array_append(needle, (const guint8 *)text, (guint)strlen(text));
	}
	guint from = tui_selected_frame(app);
	if (from == G_MAXUINT) {
		g_clear_pointer(&f, dfilter_free);
		tui_message(app, "no frame to search");
		return false;
	}
	if (!tui_pass_open(&s->pass, app->idx->path, f ? (enum loop_depth)dfilter_depth(f) : LOOP_TRANSPORT, &err)) {
		g_clear_pointer(&f, dfilter_free);
		tui_message(app, "cannot search: %s", err->message);
		return false;
	}
	s->pass.marks = app->idx->marks;
	s->pass.mark_bit = TUI_MARK_USER;
	s->filter = f;
	s->needle = g_steal_pointer(&needle);
	s->running = true;
	s->dir = dir;
	s->start = from;
	s->start_row = tui_row_of(app, from);
	s->in_order = app->order == NULL;
	s->hit = s->wrap = s->select = G_MAXUINT;
	s->hit_row = s->wrap_row = G_MAXUINT;
	s->wrapped = false;
	if (text != s->last_text) {
		g_free(s->last_text);
		s->last_text = g_strdup(text);
	}
	s->last_mode = mode;
	return true;
}

static bool matches(const struct tui_search *s, const struct packet *p)
{
	if (s->filter)
		return dfilter_match(s->filter, p);
	return tui_search_bytes(p->frame->data, p->frame->caplen, s->needle->data, s->needle->len,
				s->last_mode == TUI_SEARCH_NOCASE);
}

/* Each frame of the pass: a match on show is the hit or the wrap.  They
 * are chosen by row, so that in a sorted list the next match is the next
 * one down the list (up, searching back), as the list shows them. */
static void on_frame(const struct packet *p, void *data)
{
	struct tui_app *app = data;
	struct tui_search *s = app->search;
	guint i = (guint)(p->frame->number - 1);
	if (s->in_order && s->hit != G_MAXUINT && s->dir > 0)
		return;
	if (!matches(s, p))
		return;
	guint r = i < tui_index_count(app->idx) ? tui_row_of(app, i) : G_MAXUINT;
	if (r == G_MAXUINT && (app->rows || app->order))
		return; /* not on show */
	if (r == G_MAXUINT)
		r = i; /* every frame is on show, in frame order: indexed soon */
	if (s->dir > 0) {
		if (r > s->start_row) {
			if (s->hit_row == G_MAXUINT || r < s->hit_row)
				s->hit = i, s->hit_row = r;
		} else if (s->wrap_row == G_MAXUINT || r < s->wrap_row) {
			s->wrap = i, s->wrap_row = r;
		}
	} else {
		if (r < s->start_row) {
			if (s->hit_row == G_MAXUINT || r > s->hit_row)
				s->hit = i, s->hit_row = r;
		} else if (s->wrap_row == G_MAXUINT || r > s->wrap_row) {
			s->wrap = i, s->wrap_row = r;
		}
	}
}

/* The search ended: select what it found, or say it found nothing. */
static void finish(struct tui_app *app)
{
	struct tui_search *s = app->search;
	guint f = s->hit != G_MAXUINT ? s->hit : s->wrap;
	s->wrapped = s->hit == G_MAXUINT;
	const char *what = mode_names[s->last_mode];
	if (s->pass.state < 0 && f == G_MAXUINT)
		tui_message(app, "search stopped early: %s", s->pass.error);
	else if (f == G_MAXUINT)
		tui_message(app, "not found: %s '%s'%s", what, s->last_text, app->rows ? " (in the frames shown)" : "");
	tui_search_cancel(app);
	s->select = f;
}

/* Selects the match once the index has come that far. */
static bool select_match(struct tui_app *app)
{
	struct tui_search *s = app->search;
	if (s->select == G_MAXUINT)
		return false;
	if (s->select >= tui_index_count(app->idx) && !app->idx->done)
		return true; /* the index comes there soon */
	guint f = s->select;
	s->select = G_MAXUINT;
	guint row = f < tui_index_count(app->idx) ? tui_row_of(app, f) : G_MAXUINT;
	if (row == G_MAXUINT || row >= app->list.count) {
		tui_message(app, "frame %u is no longer shown", f + 1);
		return false;
	}
	tui_scroll_goto(&app->list, row);
	tui_message(app, "found %s '%s' in frame %u%s", mode_names[s->last_mode], s->last_text, f + 1,
		    !s->wrapped ? "" : s->dir > 0 ? " (search wrapped to the start)" : " (search wrapped to the end)");
	return false;
}

bool tui_search_step(struct tui_app *app, guint n)
{
	struct tui_search *s = app->search;
	if (!s)
		return false;
	if (!s->running)
		return select_match(app);
	tui_pass_step(&s->pass, n, on_frame, app);
	/* in frame order the search stops at the first match after the start
	 * (back: at the start, past the last match before it); in a sorted
	 * list any frame may be the next row, so it reads on to the end */
	bool found = !s->in_order ? false
		     : s->dir > 0 ? s->hit != G_MAXUINT
				  : s->hit != G_MAXUINT && s->pass.frames >= (uint64_t)s->start + 1;
	if (!found && s->pass.state == 0)
		return true;
	finish(app);
	return select_match(app);
}

bool tui_search_running(const struct tui_app *app, double *progress)
{
	const struct tui_search *s = app->search;
	if (!s || !s->running)
		return false;
	*progress = tui_pass_progress(&s->pass);
	return true;
}

void tui_search_again(struct tui_app *app, int dir)
{
	struct tui_search *s = get(app);
	if (!s->last_text) {
		tui_message(app, "nothing searched yet: Ctrl-F searches");
		return;
	}
	start(app, s->last_mode, s->last_text, dir);
}

/* ---- the prompt ---- */

void tui_search_begin(struct tui_app *app)
{
	struct tui_search *s = get(app);
	s->prompt = true;
	tui_editline_set_selected(&s->edit, s->last_text && s->last_mode == s->mode ? s->last_text : "");
}

bool tui_search_prompting(const struct tui_app *app)
{
	const struct tui_search *s = app->search;
	return s && s->prompt;
}

void tui_search_draw(struct tui_app *app, int y, int w)
{
	struct tui_search *s = get(app);
	g_autofree char *label = g_strdup_printf("Search %s: ", mode_names[s->mode]);
	int lw = (int)strlen(label);
	attrset(tui_attr(COL_TITLE));
	tui_put(y, 0, MIN(lw, w), label);
	attrset(s->edit.selected ? A_REVERSE : A_NORMAL);
	tui_put(y, lw, w - lw, s->edit.text->str);
	attrset(A_NORMAL);
	if (s->edit.selected)
		tui_put(y, MIN(w, lw + (int)s->edit.text->len), MAX(0, w - lw - (int)s->edit.text->len), "");
	move(y, MIN(w - 1, lw + (int)s->edit.cursor));
}

enum tui_act tui_search_key(struct tui_app *app, int ch)
{
	struct tui_search *s = get(app);
	switch (ch) {
	case 27:
		s->prompt = false;
		return TUI_ACT_DONE;
	case '\t':
		s->mode = (s->mode + 1) % TUI_SEARCH_MODES;
		return TUI_ACT_DONE;
	case KEY_BTAB:
		s->mode = (s->mode + TUI_SEARCH_MODES - 1) % TUI_SEARCH_MODES;
		return TUI_ACT_DONE;
	case KEY_UP: case KEY_DOWN:
		tui_editline_history(&s->edit, ch == KEY_UP ? -1 : 1);
		return TUI_ACT_DONE;
	case '\n': case '\r': case KEY_ENTER: {
		g_autofree char *text = g_strdup(s->edit.text->str);
		tui_editline_remember(&s->edit, text);
		if (start(app, s->mode, text, 1))
			s->prompt = false;
		return TUI_ACT_DONE;
	}
	default:
		tui_editline_key(&s->edit, ch);
		return TUI_ACT_DONE;
	}
}
