/* sort.c — the packet list sorted by a column (see sort.h).  The order on
 * show is app->order (frame indexes, row by row) with its inverse
 * app->row_at; both NULL in frame order. */
#include <arpa/inet.h>
#include <math.h>
#include <string.h>

#include "analyzer/list_info.h"
#include "tui/sort.h"

struct tui_sort {
	int col;              /* TUI_COL_*, TUI_SORT_INFO, TUI_SORT_FIELD + i */
	bool desc;
	char *field;          /* the field column's name when sorting by one, owned */
	bool pending;         /* the rows on show wait for the values */
	/* the values of every frame, for col */
	GArray *keys;         /* struct tui_sort_key, by frame index */
	GStringChunk *chunk;
	bool have;            /* keys are read */
	bool running;         /* the pass reading them runs */
	struct tui_pass pass;
	struct list_line line;
	GString *text;
};

/* ---- keys ---- */

static bool whole_number(const char *text, double *out)
{
	if (!*text || g_ascii_isspace(*text))
		return false;
	char *end = NULL;
	double d = g_ascii_strtod(text, &end);
	if (end == text || *end || !isfinite(d))
		return false;
	*out = d;
	return true;
}

/* TEXT as an address: its family (4, 6, 48) and bytes in hex into HEX. */
static int address_of(const char *text, char hex[33])
{
	uint8_t b[16];
	int family = 0, n = 0;
	if (inet_pton(AF_INET, text, b) == 1)
		family = 4, n = 4;
	else if (strchr(text, ':') && inet_pton(AF_INET6, text, b) == 1)
		family = 6, n = 16;
	else if (strlen(text) == 17) {
		for (int i = 0; i < 6; i++) {
			int hi = g_ascii_xdigit_value(text[i * 3]), lo = g_ascii_xdigit_value(text[i * 3 + 1]);
			if (hi < 0 || lo < 0 || (i < 5 && text[i * 3 + 2] != ':'))
				return 0;
			b[i] = (uint8_t)(hi * 16 + lo);
		}
		family = 48, n = 6;
	}
	for (int i = 0; i < n; i++)
		g_snprintf(hex + i * 2, 3, "%02x", b[i]);
	return family;
}

void tui_sort_key_of_text(struct tui_sort_key *k, const char *text, GStringChunk *chunk)
{
	char hex[33];
	int family;
	*k = (struct tui_sort_key){0};
	if (!text || !*text) {
		k->kind = TUI_KEY_EMPTY;
	} else if (whole_number(text, &k->num)) {
		k->kind = TUI_KEY_NUMBER;
	} else if ((family = address_of(text, hex))) {
		k->kind = TUI_KEY_ADDRESS;
		k->num = family;
		k->str = g_string_chunk_insert_const(chunk, hex);
	} else {
		k->kind = TUI_KEY_TEXT;
		k->str = g_string_chunk_insert_const(chunk, text);
	}
}

int tui_sort_key_cmp(const struct tui_sort_key *a, const struct tui_sort_key *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->kind == TUI_KEY_EMPTY)
		return 0;
	if (a->num != b->num)
		return a->num < b->num ? -1 : 1;
	return a->str && b->str ? strcmp(a->str, b->str) : 0;
}

/* ---- the order on show ---- */

static struct tui_sort *get(struct tui_app *app)
{
	if (!app->sort) {
		struct tui_sort *s = g_new0(struct tui_sort, 1);
		s->col = TUI_COL_NO;
		s->line.info = g_string_new(NULL);
		s->text = g_string_new(NULL);
		app->sort = s;
	}
	return app->sort;
}

static bool frame_order(const struct tui_sort *s)
{
	return !s || (s->col == TUI_COL_NO && !s->desc);
}

guint tui_rows_lower_bound(const GArray *rows, guint frame)
{
	guint lo = 0, hi = rows->len;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (g_array_index(rows, guint, mid) < frame)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

guint tui_row_of(const struct tui_app *app, guint frame)
{
	if (app->row_at)
		return frame < app->row_at->len ? g_array_index(app->row_at, guint, frame) : G_MAXUINT;
	if (!app->rows)
		return frame < app->list.count ? frame : G_MAXUINT;
	guint at = tui_rows_lower_bound(app->rows, frame);
	return at < app->rows->len && g_array_index(app->rows, guint, at) == frame ? at : G_MAXUINT;
}

guint tui_frame_before(const struct tui_app *app, guint row)
{
	if (!app->order)
		return row ? tui_row_frame(app, row - 1) : G_MAXUINT;
	guint f = tui_row_frame(app, row);
	if (!app->rows)
		return f ? f - 1 : G_MAXUINT;
	guint at = tui_rows_lower_bound(app->rows, f);
	return at ? g_array_index(app->rows, guint, at - 1) : G_MAXUINT;
}

static void drop_order(struct tui_app *app)
{
	g_clear_pointer(&app->order, g_array_unref);
	g_clear_pointer(&app->row_at, g_array_unref);
}

struct cmp_ctx {
	const struct tui_sort_key *keys;
	guint nkeys;
	bool desc;
};

static int by_key(gconstpointer pa, gconstpointer pb, gpointer data)
{
	const struct cmp_ctx *c = data;
	guint a = *(const guint *)pa, b = *(const guint *)pb;
	static const struct tui_sort_key none = {0};
	int r = tui_sort_key_cmp(a < c->nkeys ? &c->keys[a] : &none, b < c->nkeys ? &c->keys[b] : &none);
	if (c->desc)
		r = -r;
	/* equal values keep frame order: stable whichever the direction */
	return r ? r : (a > b) - (a < b);
}

/* Sorts the frames on show by the values read, selecting frame KEEP (or
 * the first row when it is not on show). */
static void resort(struct tui_app *app, guint keep)
{
	struct tui_sort *s = app->sort;
	drop_order(app);
	s->pending = false;
	guint total = tui_index_count(app->idx);
	if (!frame_order(s)) {
		guint n = app->rows ? app->rows->len : total;
		GArray *order = g_array_sized_new(FALSE, FALSE, sizeof(guint), n);
		for (guint i = 0; i < n; i++) {
			guint f = app->rows ? g_array_index(app->rows, guint, i) : i;
			g_array_append_val(order, f);
		}
		if (s->col == TUI_COL_NO) {
			for (guint i = 0; i < n / 2; i++) {
				guint t = g_array_index(order, guint, i);
				g_array_index(order, guint, i) = g_array_index(order, guint, n - 1 - i);
				g_array_index(order, guint, n - 1 - i) = t;
			}
		} else {
			struct cmp_ctx c = {(const struct tui_sort_key *)(void *)s->keys->data, s->keys->len, s->desc};
			GArray *shown = NULL;
			char tf = app->time_format;
			if (s->col == TUI_COL_TIME && (tf == 'd' || tf == 'D')) {
				/* the time since the frame before (d) or the one shown
				 * before (dd): from the times */
				shown = g_array_sized_new(FALSE, TRUE, sizeof(struct tui_sort_key), s->keys->len);
				g_array_set_size(shown, s->keys->len);
				struct tui_sort_key *k = (struct tui_sort_key *)(void *)shown->data;
				guint prev = G_MAXUINT, m = tf == 'd' ? c.nkeys : n;
				for (guint i = 0; i < m; i++) {
					guint f = tf == 'd' ? i : g_array_index(order, guint, i);
					if (f >= c.nkeys)
						continue;
					k[f] = c.keys[f];
					k[f].num = prev == G_MAXUINT ? 0 : c.keys[f].num - c.keys[prev].num;
					prev = f;
				}
				c.keys = k;
			}
			g_array_sort_with_data(order, by_key, &c);
			if (shown)
				g_array_unref(shown);
		}
		GArray *row_at = g_array_sized_new(FALSE, FALSE, sizeof(guint), total);
		g_array_set_size(row_at, total);
		memset(row_at->data, 0xff, sizeof(guint) * total);
		for (guint i = 0; i < n; i++)
			g_array_index(row_at, guint, g_array_index(order, guint, i)) = i;
		app->order = order;
		app->row_at = row_at;
	}
	guint row = keep == G_MAXUINT ? G_MAXUINT : tui_row_of(app, keep);
	tui_scroll_goto(&app->list, row == G_MAXUINT ? 0 : row);
}

/* ---- reading the values ---- */

/* A field column's index (TUI_SORT_FIELD + i) by its name, -1 when gone. */
static int field_col(const struct tui_app *app, const char *abbrev)
{
	const GArray *cols = app->columns.fields;
	for (guint i = 0; abbrev && i < cols->len; i++)
		if (strcmp(g_array_index(cols, struct tui_column, i).abbrev, abbrev) == 0)
			return TUI_SORT_FIELD + (int)i;
	return -1;
}

static void on_frame(const struct packet *p, void *data)
{
	struct tui_app *app = data;
	struct tui_sort *s = app->sort;
	struct tui_sort_key k = {0, NULL, TUI_KEY_NUMBER};
	const struct frame *f = p->frame;
	if (s->col == TUI_COL_TIME) {
		/* nanoseconds: whole numbers, exact below 2^53 (104 days), so
		 * equal times and equal differences compare equal */
		k.num = (double)(f->ts_ns - p->first_ns);
	} else if (s->col == TUI_COL_LEN) {
		k.num = f->len;
	} else if (s->col >= TUI_SORT_FIELD) {
		int c = field_col(app, s->field);
		g_string_truncate(s->text, 0);
		if (c >= 0)
			tui_column_text(s->text, &g_array_index(app->columns.fields, struct tui_column, c - TUI_SORT_FIELD), p);
		tui_sort_key_of_text(&k, s->text->str, s->chunk);
	} else {
		list_line_fill(&s->line, p);
		const char *t = s->col == TUI_COL_SRC ? s->line.src
			: s->col == TUI_COL_DST ? s->line.dst
			: s->col == TUI_COL_PROTO ? s->line.proto : s->line.info->str;
		tui_sort_key_of_text(&k, t, s->chunk);
	}
	guint i = (guint)(f->number - 1);
	if (i >= s->keys->len)
		g_array_set_size(s->keys, i + 1);
	g_array_index(s->keys, struct tui_sort_key, i) = k;
}

static void clear_keys(struct tui_sort *s)
{
	if (s->running)
		tui_pass_close(&s->pass);
	s->running = false;
	s->have = false;
	g_clear_pointer(&s->keys, g_array_unref);
	g_clear_pointer(&s->chunk, g_string_chunk_free);
}

/* Starts reading the values of the column sorted by (none needed for No.). */
static void start(struct tui_app *app)
{
	struct tui_sort *s = app->sort;
	clear_keys(s);
	s->pending = true;
	if (s->col == TUI_COL_NO) {
		s->have = true;
		return;
	}
	g_autoptr(GError) err = NULL;
	enum loop_depth depth = s->col == TUI_COL_TIME || s->col == TUI_COL_LEN ? LOOP_TRANSPORT : LOOP_TRACKED;
	if (!tui_pass_open(&s->pass, app->idx->path, depth, &err)) {
		tui_message(app, "cannot sort: %s", err->message);
		s->col = TUI_COL_NO, s->desc = false;
		s->have = true;
		return;
	}
	s->pass.marks = app->idx->marks;
	s->pass.mark_bit = TUI_MARK_USER;
	s->keys = g_array_sized_new(FALSE, TRUE, sizeof(struct tui_sort_key), tui_index_count(app->idx));
	s->chunk = g_string_chunk_new(1 << 16);
	s->running = true;
}

static const char *col_name(const struct tui_app *app, int col)
{
	if (col < TUI_COL_FIXED)
		return tui_col_names[col];
	if (col == TUI_SORT_INFO)
		return "Info";
	return g_array_index(app->columns.fields, struct tui_column, col - TUI_SORT_FIELD).abbrev;
}

static void say(struct tui_app *app)
{
	struct tui_sort *s = app->sort;
	if (frame_order(s))
		tui_message(app, "frame order");
	else
		tui_message(app, "sorted by %s, %s", col_name(app, s->col), s->desc ? "descending" : "ascending");
}

bool tui_sort_step(struct tui_app *app, guint n)
{
	struct tui_sort *s = app->sort;
	if (!s || !s->pending)
		return false;
	if (s->running) {
		tui_pass_step(&s->pass, n, on_frame, app);
		if (s->pass.state == 0)
			return true;
		if (s->pass.state < 0)
			tui_message(app, "sort read the frames only up to the damage: %s", s->pass.error);
		tui_pass_close(&s->pass);
		s->running = false;
		s->have = true;
	}
	/* the order covers every frame: it waits for the index to end */
	if (!app->idx->done)
		return true;
	resort(app, tui_selected_frame(app));
	if (s->pass.state >= 0)
		say(app);
	return false;
}

/* The columns in their order on screen: No. ... Length, the fields, Info. */
static int columns_shown(const struct tui_app *app, int out[])
{
	int n = 0;
	for (int k = 0; k < TUI_COL_FIXED; k++)
		if (!(app->columns.hidden & (1u << k)))
			out[n++] = k;
	for (guint i = 0; i < app->columns.fields->len; i++)
		out[n++] = TUI_SORT_FIELD + (int)i;
	out[n++] = TUI_SORT_INFO;
	return n;
}

/* Sorts by COL, descending or not. */
static void sort_by(struct tui_app *app, int col, bool desc)
{
	struct tui_sort *s = get(app);
	bool same_values = s->have && !s->running && s->col == col;
	s->col = col;
	s->desc = desc;
	g_free(s->field);
	s->field = col >= TUI_SORT_FIELD ? g_strdup(col_name(app, col)) : NULL;
	if (same_values)
		s->pending = true;
	else
		start(app);
}

bool tui_sort_key(struct tui_app *app, int ch)
{
	struct tui_sort *s = get(app);
	int cols[TUI_COL_FIXED + 2 + 64], n;
	if ((guint)app->columns.fields->len > 64)
		return false;
	n = columns_shown(app, cols);
	switch (ch) {
	case '<': case '>': {
		int at = 0;
		while (at < n && cols[at] != s->col)
			at++;
		if (at == n) /* the column sorted by is hidden: from the start */
			at = ch == '>' ? n - 1 : 0;
		at = ch == '>' ? (at + 1) % n : (at + n - 1) % n;
		sort_by(app, cols[at], false);
		break;
	}
	case 'o': sort_by(app, s->col, !s->desc); break;
	case 'O': sort_by(app, TUI_COL_NO, false); break;
	default: return false;
	}
	if (s->pending && !app->idx->done)
		tui_message(app, "sorting by %s once indexing ends", col_name(app, s->col));
	return true;
}

void tui_sort_rows_changed(struct tui_app *app)
{
	struct tui_sort *s = app->sort;
	drop_order(app);
	if (!s || frame_order(s))
		return;
	s->pending = true;
	if (s->have && app->idx->done)
		resort(app, G_MAXUINT);
}

void tui_sort_columns_changed(struct tui_app *app)
{
	struct tui_sort *s = app->sort;
	if (!s || s->col < TUI_SORT_FIELD)
		return;
	int c = field_col(app, s->field);
	if (c >= 0) {
		s->col = c;
		return;
	}
	clear_keys(s);
	s->col = TUI_COL_NO, s->desc = false;
	s->have = true;
	resort(app, tui_selected_frame(app));
	tui_message(app, "the column sorted by is gone: frame order");
}

void tui_sort_time_changed(struct tui_app *app)
{
	struct tui_sort *s = app->sort;
	if (s && s->col == TUI_COL_TIME && s->have && !s->pending && app->idx->done)
		resort(app, tui_selected_frame(app));
}

bool tui_sort_running(const struct tui_app *app, double *progress)
{
	const struct tui_sort *s = app->sort;
	if (!s || !s->pending)
		return false;
	*progress = s->running ? tui_pass_progress(&s->pass) : 1.0;
	return true;
}

void tui_sort_cancel(struct tui_app *app)
{
	struct tui_sort *s = app->sort;
	if (!s || !s->pending)
		return;
	clear_keys(s);
	s->col = TUI_COL_NO, s->desc = false;
	s->have = true;
	resort(app, tui_selected_frame(app));
}

void tui_sort_free(struct tui_app *app)
{
	struct tui_sort *s = app->sort;
	drop_order(app);
	if (!s)
		return;
	clear_keys(s);
	g_free(s->field);
	g_string_free(s->line.info, TRUE);
	g_string_free(s->text, TRUE);
	g_free(s);
	app->sort = NULL;
}

bool tui_sort_column(const struct tui_app *app, int *col, bool *descending)
{
	const struct tui_sort *s = app->sort;
	if (frame_order(s))
		return false;
	*col = s->col;
	*descending = s->desc;
	return true;
}
