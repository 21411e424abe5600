/* list.c — the packet list pane: one line per frame on show (No., Time,
 * Source, Destination, Protocol, Length, Info), coloured by protocol and
 * trouble, a '*' before frames the user marked.  Only the rows in view are
 * read again from the file; their text is kept for a while, so scrolling
 * reads only the rows that come into view. */
#include "analyzer/list_info.h"
#include "analyzer/output.h"
#include <string.h>
#include <time.h>

#include "analyzer/list_detail.h"
#include "tui/app.h"
#include "tui/sort.h"

#define ROW_CACHE_MAX 4096

struct row {
	char *src, *dst, *proto, *info; /* owned; info: the whole text of an unreadable frame */
	char **custom;       /* owned: the field columns' texts, NULL-terminated (or NULL) */
	char time[48];
	guint time_prev;     /* with the 'D' format: the frame shown before it that
	                      * the time counts from (G_MAXUINT: none) */
	uint64_t number;
	uint32_t len;
	bool bad;            /* could not be read: info says why */
	enum tui_colour colour;
};

struct list_pane {
	struct tui_app *app;
	struct list_line line;
	GHashTable *rows;    /* frame index -> struct row *, the rows formatted lately */
	guint generation;    /* app->generation the rows were made at */
	GString *buf;        /* a line being drawn */
	guint hscroll;       /* characters the rows are scrolled left by (Left / Right) */
};

static void row_free(gpointer data)
{
	struct row *r = data;
	g_free(r->src);
	g_free(r->dst);
	g_free(r->proto);
	g_free(r->info);
	g_strfreev(r->custom);
	g_free(r);
}

static void *list_create(struct tui_app *app)
{
	struct list_pane *l = g_new0(struct list_pane, 1);
	l->app = app;
	l->line.info = g_string_new(NULL);
	l->rows = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, row_free);
	l->buf = g_string_new(NULL);
	return l;
}

static void list_destroy(void *self)
{
	struct list_pane *l = self;
	g_string_free(l->line.info, TRUE);
	g_hash_table_destroy(l->rows);
	g_string_free(l->buf, TRUE);
	g_free(l);
}

/* The time column of P in FORMAT, as `analyze list -t` writes it: 'r'
 * relative (to the time reference or the first frame), 'a' absolute UTC
 * (ISO 8601), 'd' delta, 'e' epoch, 'u' / 'U' UTC time of day / with the
 * date, 'l' / 'L' local time of day / with the date. */
static void time_text(char *buf, size_t cap, const struct packet *p, char format)
{
	const struct frame *f = p->frame;
	unsigned digits = col_time_digits(f);
	switch (format) {
	case 'a': utc_str(buf, f->ts_ns); return;
	case 'd': col_time_text(buf, cap, ts_diff(f->ts_ns, p->prev_ns), digits); return;
	case 'e': col_time_text(buf, cap, f->ts_ns, digits); return;
	case 'u': case 'U': case 'l': case 'L': {
		time_t t = (time_t)f->ts_sec;
		struct tm tm;
		bool ok = format == 'u' || format == 'U' ? gmtime_r(&t, &tm) != NULL : localtime_r(&t, &tm) != NULL;
		size_t n = ok ? strftime(buf, cap, format == 'U' || format == 'L' ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm) : 0;
		if (!n)
			g_strlcpy(buf, "?", cap);
		else if (digits)
			g_snprintf(buf + n, cap - n, ".%09u", f->ts_nsec), buf[n + 1 + MIN(digits, 9u)] = 0;
		return;
	}
	default: col_time_text(buf, cap, ts_diff(f->ts_ns, p->first_ns), digits);
	}
}

static int time_width(char format)
{
	switch (format) {
	case 'a': case 'U': case 'L': return 30;
	case 'e': return 20;
	case 'u': case 'l': return 18;
	default: return 12;
	}
}

static const char *time_heading(char format)
{
	switch (format) {
	case 'a': return "Time (UTC)";
	case 'd': return "Delta";
	case 'D': return "Delta shown";
	case 'e': return "Epoch";
	case 'u': case 'U': return "UTC";
	case 'l': case 'L': return "Local time";
	default: return "Time";
	}
}

/* The 'D' format (tshark's -t dd): the time since PREV, the frame shown
 * before (G_MAXUINT: none, 0 as tshark's first line), into R.  The frames
 * are read alone: only their times count. */
static void time_since_shown(struct list_pane *l, struct row *r, guint frame, guint prev)
{
	struct tui_app *app = l->app;
	const struct packet *p = tui_reread_alone(app->list_rr, app->idx, frame, NULL);
	if (!p)
		return;
	int64_t at = p->frame->ts_ns, before = at;
	unsigned digits = col_time_digits(p->frame);
	if (prev != G_MAXUINT && (p = tui_reread_alone(app->list_rr, app->idx, prev, NULL)))
		before = p->frame->ts_ns;
	col_time_text(r->time, sizeof r->time, ts_diff(at, before), digits);
	r->time_prev = prev;
}

/* The field columns' texts for P. */
static char **custom_texts(const struct tui_app *app, const struct packet *p)
{
	const GArray *cols = app->columns.fields;
	if (!cols->len)
		return NULL;
	char **out = g_new0(char *, cols->len + 1);
	for (guint i = 0; i < cols->len; i++) {
		const struct tui_column *c = &g_array_index(cols, struct tui_column, i);
		GString *s = g_string_new(NULL);
		tui_column_text(s, c, p);
		out[i] = g_string_free(s, FALSE);
	}
	return out;
}

/* The row of frame index FRAME, formatted when not kept; PREV is the
 * frame shown on the row before (G_MAXUINT: none). */
static const struct row *row_of(struct list_pane *l, guint frame, guint prev)
{
	struct tui_app *app = l->app;
	if (l->generation != app->generation || g_hash_table_size(l->rows) > ROW_CACHE_MAX) {
		g_hash_table_remove_all(l->rows);
		l->generation = app->generation;
	}
	struct row *r = g_hash_table_lookup(l->rows, GUINT_TO_POINTER(frame));
	if (r) {
		/* the frames shown change under a filter, and with them what
		 * the time since the one shown before counts from */
		if (l->app->time_format == 'D' && !r->bad && r->time_prev != prev)
			time_since_shown(l, r, frame, prev);
		return r;
	}
	r = g_new0(struct row, 1);
	g_autoptr(GError) err = NULL;
	const struct packet *p = tui_reread_line(app->list_rr, app->idx, frame, &l->line, &err);
	if (!p) {
		r->info = g_strdup_printf("%7u  (cannot read: %s)", frame + 1, err->message);
		r->bad = true;
		r->colour = COL_BAD;
	} else {
		if (app->time_format == 'r' && frame == app->idx->ref_frame)
			g_strlcpy(r->time, "*REF*", sizeof r->time);
		else
			time_text(r->time, sizeof r->time, p, app->time_format);
		r->number = p->frame->number;
		r->len = p->frame->len;
		r->src = g_strdup(l->line.src);
		r->dst = g_strdup(l->line.dst);
		r->proto = g_strdup(l->line.proto);
		r->info = g_strdup(l->line.info->str);
		r->colour = tui_row_colour(p, tui_index_marks(app->idx, frame));
		r->custom = custom_texts(app, p);
	}
	if (p && app->time_format == 'D')
		time_since_shown(l, r, frame, prev);
	g_hash_table_insert(l->rows, GUINT_TO_POINTER(frame), r);
	return r;
}

/* The columns' widths on a pane W wide.  No., Time, Protocol and Length
 * keep theirs; Source and Destination give way (down to ADDR_MIN) so that
 * Info keeps at least INFO_MIN characters, as Wireshark shrinks them. */
struct cols {
	int no, time, addr, proto, len; /* 0: hidden */
};

/* A field column's width: its name's, from 8 to 24. */
static int custom_width(const struct tui_column *col)
{
	return CLAMP((int)strlen(col->abbrev), 8, 24);
}
#define ADDR_MIN 7
#define ADDR_MAX 20
#define INFO_MIN 20

static void col_widths(const struct tui_app *app, int w, struct cols *c)
{
	int digits = 1;
	for (guint n = tui_index_count(app->idx); n >= 10; n /= 10)
		digits++;
	c->no = MAX(5, digits);
	c->time = time_width(app->time_format);
	c->proto = w >= 110 ? 10 : 8;
	c->len = 6;
	unsigned hidden = app->columns.hidden;
	if (hidden & (1u << TUI_COL_NO))
		c->no = 0;
	if (hidden & (1u << TUI_COL_TIME))
		c->time = 0;
	if (hidden & (1u << TUI_COL_PROTO))
		c->proto = 0;
	if (hidden & (1u << TUI_COL_LEN))
		c->len = 0;
	/* the mark, one blank after each column shown but Info */
	int fixed = 1 + (c->no ? c->no + 1 : 0) + (c->time ? c->time + 1 : 0) + (c->proto ? c->proto + 1 : 0) +
		    (c->len ? c->len + 1 : 0);
	for (guint i = 0; i < app->columns.fields->len; i++)
		fixed += custom_width(&g_array_index(app->columns.fields, struct tui_column, i)) + 1;
	int naddr = !(hidden & (1u << TUI_COL_SRC)) + !(hidden & (1u << TUI_COL_DST));
	c->addr = naddr ? CLAMP((w - fixed - naddr - INFO_MIN) / naddr, ADDR_MIN, ADDR_MAX) : 0;
}


/* Appends TEXT in W columns: padded with blanks (on the left when RIGHT),
 * or cut with an ellipsis in the middle (MIDDLE, for addresses: both ends
 * tell) or at the end. */
static void put_col(GString *out, const char *text, int w, bool right, bool middle)
{
	static int utf8 = -1;
	if (utf8 < 0)
		utf8 = g_get_charset(NULL);
	bool valid = g_utf8_validate(text, -1, NULL);
	long n = valid ? g_utf8_strlen(text, -1) : (long)strlen(text);
	if (n <= w) {
		if (right)
			g_string_append_printf(out, "%*s", (int)(w - n), "");
		g_string_append(out, text);
		if (!right)
			g_string_append_printf(out, "%*s", (int)(w - n), "");
		return;
	}
	const char *dots = utf8 ? "\u2026" : "~";
	long keep = w - 1, head = middle ? (keep + 1) / 2 : keep, tail = keep - head;
	if (w <= 0)
		return;
	if (!valid) {
		g_string_append_len(out, text, head);
		g_string_append(out, dots);
		g_string_append(out, text + n - tail);
		return;
	}
	const char *h_end = g_utf8_offset_to_pointer(text, head);
	g_string_append_len(out, text, h_end - text);
	g_string_append(out, dots);
	g_string_append(out, g_utf8_offset_to_pointer(text, n - tail));
}

/* A column's TEXT in W columns and the blank after it; nothing when the
 * column is hidden (W 0). */
static void put_shown(GString *s, const char *text, int w, bool right, bool middle)
{
	if (!w)
		return;
	put_col(s, text, w, right, middle);
	g_string_append_c(s, ' ');
}

/* A heading NAME in W columns, with the sort's arrow when the list is
 * sorted by column COL (its name cut short for it); BUF holds it. */
static const char *heading_of(char *buf, size_t cap, const struct tui_app *app, int col, const char *name, int w)
{
	int sorted;
	bool desc;
	if (!tui_sort_column(app, &sorted, &desc) || sorted != col)
		return name;
	const char *arrow = g_get_charset(NULL) ? (desc ? "\u25bc" : "\u25b2") : (desc ? "v" : "^");
	g_snprintf(buf, cap, "%.*s %s", MIN((int)strlen(name), MAX(0, w - 2)), name, arrow);
	return buf;
}

/* The columns' texts (TEXT[TUI_COL_*], then the field columns' CUSTOM, then
 * INFO) in the widths C: a row, or the heading. */
static void line_of(GString *s, const struct tui_app *app, const struct cols *c, const char *const text[],
		    char *const *custom, bool heading, const char *info)
{
	unsigned hidden = app->columns.hidden;
	const char *t[TUI_COL_FIXED];
	char buf[TUI_COL_FIXED + 2][64];
	int w[TUI_COL_FIXED] = {c->no, c->time, hidden & (1u << TUI_COL_SRC) ? 0 : c->addr,
				hidden & (1u << TUI_COL_DST) ? 0 : c->addr, c->proto, c->len};
	for (int k = 0; k < TUI_COL_FIXED; k++)
		t[k] = heading ? heading_of(buf[k], sizeof buf[k], app, k, text[k], w[k]) : text[k];
	put_shown(s, t[TUI_COL_NO], w[TUI_COL_NO], true, false);
	put_shown(s, t[TUI_COL_TIME], w[TUI_COL_TIME], true, false);
	put_shown(s, t[TUI_COL_SRC], w[TUI_COL_SRC], false, !heading);
	put_shown(s, t[TUI_COL_DST], w[TUI_COL_DST], false, !heading);
	put_shown(s, t[TUI_COL_PROTO], w[TUI_COL_PROTO], false, false);
	put_shown(s, t[TUI_COL_LEN], w[TUI_COL_LEN], true, false);
	const GArray *cols = app->columns.fields;
	for (guint i = 0; i < cols->len; i++) {
		const struct tui_column *col = &g_array_index(cols, struct tui_column, i);
		int cw = custom_width(col);
		const char *h = heading ? heading_of(buf[TUI_COL_FIXED], sizeof buf[0], app, TUI_SORT_FIELD + (int)i,
						     col->abbrev, cw) : NULL;
		put_shown(s, heading ? h : custom ? custom[i] : "", cw, false, false);
	}
	g_string_append(s, heading ? heading_of(buf[TUI_COL_FIXED + 1], sizeof buf[0], app, TUI_SORT_INFO, info, 64) : info);
}

/* The text of row R (without its mark column) in the widths C. */
static void row_line(GString *s, const struct tui_app *app, const struct row *r, const struct cols *c)
{
	g_string_truncate(s, 0);
	if (r->bad) {
		g_string_append(s, r->info);
		return;
	}
	char num[32], len[16];
	g_snprintf(num, sizeof num, "%" G_GUINT64_FORMAT, r->number);
	g_snprintf(len, sizeof len, "%u", r->len);
	const char *text[TUI_COL_FIXED] = {num, r->time, r->src, r->dst, r->proto, len};
	line_of(s, app, c, text, r->custom, false, r->info);
}

/* TEXT without its first N characters ("" when it is shorter). */
static const char *shifted(const char *text, guint n)
{
	if (!n)
		return text;
	if (!g_utf8_validate(text, -1, NULL))
		return strlen(text) > n ? text + n : "";
	return (guint)g_utf8_strlen(text, -1) > n ? g_utf8_offset_to_pointer(text, n) : "";
}

static void list_draw(void *self, const struct tui_rect *r, bool focused)
{
	struct list_pane *l = self;
	struct tui_app *app = l->app;
	struct cols c;
	col_widths(app, r->w, &c);
	GString *s = l->buf;
	/* with the keys: '>' before the heading, in another colour */
	g_string_assign(s, focused ? ">" : " ");
	const char *names[TUI_COL_FIXED];
	memcpy(names, tui_col_names, sizeof names);
	names[TUI_COL_TIME] = time_heading(app->time_format);
	line_of(s, app, &c, names, NULL, true, "Info");
	attrset(focused ? tui_attr(COL_OK) | A_REVERSE | A_BOLD : tui_attr(COL_TITLE));
	tui_put(r->y, r->x, 1, s->str);
	tui_put(r->y, r->x + 1, r->w - 1, shifted(s->str + 1, l->hscroll));
	attrset(A_NORMAL);
	tui_scroll_set_height(&app->list, (guint)MAX(1, r->h - 1));
	for (int i = 0; i < r->h - 1; i++) {
		guint at = app->list.top + (guint)i;
		int y = r->y + 1 + i;
		if (at >= app->list.count) {
			tui_put(y, r->x, r->w, at == 0 && i == 0 ? (app->rows ? "  (no frame matches)" : "") : "");
			continue;
		}
		guint frame = tui_row_frame(app, at);
		const struct row *row = row_of(l, frame, tui_frame_before(app, at));
		attr_t a = tui_attr(row->colour);
		if (at == app->list.sel)
			a = focused ? A_REVERSE | A_BOLD : A_REVERSE;
		attrset(a);
		bool marked = tui_index_marks(app->idx, frame) & TUI_MARK_USER;
		tui_put(y, r->x, 1, marked ? "*" : " ");
		row_line(s, app, row, &c);
		tui_put(y, r->x + 1, r->w - 1, shifted(s->str, l->hscroll));
		attrset(A_NORMAL);
	}
}

static void list_resize(void *self, const struct tui_rect *r)
{
	struct list_pane *l = self;
	tui_scroll_set_height(&l->app->list, (guint)MAX(1, r->h - 1));
}

/* The next row (DIR 1) or previous (-1) whose frame the user marked. */
static bool goto_mark(struct tui_app *app, int dir)
{
	struct tui_scroll *s = &app->list;
	for (guint at = s->sel; s->count && (dir > 0 ? at + 1 < s->count : at > 0);) {
		at = dir > 0 ? at + 1 : at - 1;
		if (tui_index_marks(app->idx, tui_row_frame(app, at)) & TUI_MARK_USER) {
			tui_scroll_goto(s, at);
			return true;
		}
	}
	tui_message(app, "no marked frame %s", dir > 0 ? "further down" : "further up");
	return false;
}

static enum tui_act list_key(void *self, int ch)
{
	struct list_pane *l = self;
	struct tui_app *app = l->app;
	struct tui_scroll *s = &app->list;
	guint before = s->sel;
	switch (ch) {
	case KEY_DOWN: case 'j': tui_scroll_move(s, 1); break;
	case KEY_UP: case 'k': tui_scroll_move(s, -1); break;
	case KEY_NPAGE: case ' ': tui_scroll_page(s, 1); break;
	case KEY_PPAGE: case 'b': tui_scroll_page(s, -1); break;
	case KEY_HOME: case 'g': tui_scroll_goto(s, 0); break;
	case KEY_END: case 'G': tui_scroll_goto(s, s->count ? s->count - 1 : 0); break;
	case KEY_RIGHT: case 'l': l->hscroll += 8; return TUI_ACT_DONE;
	case KEY_LEFT: case 'h': l->hscroll = l->hscroll > 8 ? l->hscroll - 8 : 0; return TUI_ACT_DONE;
	case 'm': {
		guint f = tui_selected_frame(app);
		if (f == G_MAXUINT)
			return TUI_ACT_DONE;
		app->idx->marks->data[f] ^= TUI_MARK_USER;
		if (app->idx->marks->data[f] & TUI_MARK_USER)
			app->idx->user_marks++;
		else
			app->idx->user_marks--;
		/* the tree shows frame.marked: read the frame again */
		app->detail_rr->cached = G_MAXUINT;
		app->tree_generation++;
		tui_message(app, "frame %u %s", f + 1, app->idx->marks->data[f] & TUI_MARK_USER ? "marked" : "unmarked");
		return TUI_ACT_DONE;
	}
	case 20: { /* Ctrl-T: the time reference, or none */
		guint f = tui_selected_frame(app);
		g_autoptr(GError) err = NULL;
		const struct packet *p = f == G_MAXUINT ? NULL : tui_reread_alone(app->list_rr, app->idx, f, &err);
		if (!p)
			return TUI_ACT_DONE;
		struct tui_index *idx = app->idx;
		idx->ref_frame = idx->ref_frame == f ? G_MAXUINT : f;
		idx->ref_ns = p->frame->ts_ns;
		/* every time shown changes: lines, the tree */
		app->list_rr->cached = app->detail_rr->cached = G_MAXUINT;
		app->generation++;
		app->tree_generation++;
		if (idx->ref_frame == G_MAXUINT)
			tui_message(app, "no time reference: times since the first frame");
		else
			tui_message(app, "frame %u is the time reference (*REF*): later times count from it", f + 1);
		return TUI_ACT_DONE;
	}
	case '<': case '>': case 'o': case 'O':
		tui_sort_key(app, ch);
		return s->sel != before ? TUI_ACT_SELECT : TUI_ACT_DONE;
	case '\'': goto_mark(app, 1); break;
	case '"': goto_mark(app, -1); break;
	default: return TUI_ACT_NONE;
	}
	return s->sel != before ? TUI_ACT_SELECT : TUI_ACT_DONE;
}

static const struct tui_keyhelp list_help[] = {
	{"Down j / Up k", "next / previous frame"},
	{"PgDn Space / PgUp b", "one page down / up"},
	{"Home g / End G", "first / last frame"},
	{"Right l / Left h", "scroll the rows 8 columns left / back"},
	{"m", "mark or unmark the frame (marked frames show '*')"},
	{"' / \"", "next / previous marked frame"},
	{"Ctrl-T", "make the frame the time reference (*REF*), or no longer"},
	{"> / <", "sort by the next / previous column, ascending (the heading shows an arrow)"},
	{"o / O", "reverse the sort (ascending, descending) / back to frame order"},
	{NULL, NULL},
};

const struct tui_screen tui_list_screen = {
	"Packet list", list_create, list_destroy, list_draw, list_resize, list_key, list_help, NULL,
};
