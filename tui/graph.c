/* graph.c — the graphs screen (`v`): Wireshark's I/O graph (frames or
 * bytes per interval for the frames shown and for up to four more filters,
 * one strip each, bars of Unicode blocks) and handshake RTT over time
 * (each SYN-ACK's SYN -> SYN-ACK time against its time, braille dots).
 * ASCII when the locale is not UTF-8.  One background pass reads what both
 * need; zooming only counts again.  A cursor picks an interval; Enter goes
 * to its first frame shown (in the RTT graph: its slowest SYN-ACK). */
#include <string.h>

#include "stats/rtt.h"
#include "tui/app.h"

#define SERIES_MAX 5

/* What the pass keeps of each frame. */
struct gpoint {
	int64_t t;      /* ns since the first frame */
	uint32_t len;
	uint8_t mask;   /* 1 << series matched */
};

/* A SYN-ACK with its RTT. */
struct rpoint {
	int64_t t;      /* ns since the first frame */
	int64_t rtt;    /* ns */
	guint frame;    /* index */
};

struct graph {
	struct tui_app *app;
	bool rtt_view, bytes;
	int nseries;
	dfilter *filter[SERIES_MAX];  /* owned; [0] NULL: every frame */
	char *name[SERIES_MAX];       /* owned */
	/* the pass */
	bool running;
	struct tui_pass pass;
	rtt_state *rtt;
	GArray *pts;                  /* struct gpoint, by frame index */
	GArray *rpts;                 /* struct rpoint, by time */
	int64_t last;                 /* the last frame's t */
	/* the view */
	bool placed;                  /* the zoom was chosen (at the first pass's end) */
	int zoom;                     /* index in intervals */
	guint left, cursor;           /* the first interval shown, the one under the cursor */
	guint width;                  /* intervals shown at the last draw */
	bool prompt;                  /* the filter prompt has the keyboard */
	struct tui_editline edit;
};

static const int64_t intervals[] = {
	1000000, 2000000, 5000000, 10000000, 20000000, 50000000, 100000000, 200000000, 500000000,
	1000000000, 2000000000, 5000000000, 10000000000, 30000000000, 60000000000, 120000000000,
	300000000000, 600000000000, 1800000000000, 3600000000000,
};

static int64_t interval(const struct graph *g)
{
	return intervals[g->zoom];
}

static void format_interval(char *buf, size_t cap, int64_t ns)
{
	if (ns < 1000000000)
		g_snprintf(buf, cap, "%" G_GINT64_FORMAT " ms", ns / 1000000);
	else
		g_snprintf(buf, cap, "%" G_GINT64_FORMAT " s", ns / 1000000000);
}

static bool utf8(void)
{
	return g_get_charset(NULL);
}

/* ---- the pass ---- */

static void on_frame(const struct packet *p, void *data)
{
	struct graph *g = data;
	struct gpoint pt = {p->frame->ts_ns - p->first_ns, p->frame->len, 0};
	for (int i = 0; i < g->nseries; i++)
		if (!g->filter[i] || dfilter_match(g->filter[i], p))
			pt.mask |= (uint8_t)(1u << i);
	if (pt.mask & 1)
		rtt_packet(g->rtt, p);
	g_array_append_val(g->pts, pt);
	g->last = MAX(g->last, pt.t);
}

static int by_time(gconstpointer a, gconstpointer b)
{
	const struct rpoint *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t ? 1 : (x->frame > y->frame) - (x->frame < y->frame);
}

/* The pass ended: the SYN-ACKs' RTTs, and a zoom showing everything. */
static void finish(struct graph *g)
{
	GArray *conns = rtt_connections(g->rtt);
	for (guint i = 0; i < conns->len; i++) {
		const struct rtt_conn *c = &g_array_index(conns, struct rtt_conn, i);
		if (c->syn_to_synack == RTT_NONE || c->synack_frame == RTT_NONE || c->synack_frame < 1 ||
		    (guint64)c->synack_frame > g->pts->len)
			continue;
		guint f = (guint)(c->synack_frame - 1);
		struct rpoint r = {g_array_index(g->pts, struct gpoint, f).t, c->syn_to_synack, f};
		g_array_append_val(g->rpts, r);
	}
	g_array_sort(g->rpts, by_time);
	g_clear_pointer(&g->rtt, rtt_free);
	tui_pass_close(&g->pass);
	g->running = false;
	if (g->placed) /* a series added or dropped: the view stays */
		return;
	g->placed = true;
	g->zoom = 0;
	while (g->zoom + 1 < (int)G_N_ELEMENTS(intervals) && g->last / interval(g) + 1 > MAX(g->width, 10))
		g->zoom++;
	g->left = g->cursor = 0;
}

static void start(struct graph *g)
{
	if (g->running)
		tui_pass_close(&g->pass);
	g_clear_pointer(&g->rtt, rtt_free);
	g_array_set_size(g->pts, 0);
	g_array_set_size(g->rpts, 0);
	g->last = 0;
	int depth = LOOP_TRACKED;
	for (int i = 0; i < g->nseries; i++)
		if (g->filter[i])
			depth = MAX(depth, dfilter_depth(g->filter[i]));
	g_autoptr(GError) err = NULL;
	if (!tui_pass_open(&g->pass, g->app->idx->path, (enum loop_depth)depth, &err)) {
		tui_message(g->app, "cannot draw the graphs: %s", err->message);
		g->running = false;
		return;
	}
	g->pass.marks = g->app->idx->marks;
	g->pass.mark_bit = TUI_MARK_USER;
	g->rtt = rtt_new();
	rtt_file_begin(g->rtt, 0);
	g->running = true;
}

static bool graph_step(void *self)
{
	struct graph *g = self;
	if (!g->running)
		return false;
	tui_pass_step(&g->pass, 2000, on_frame, g);
	if (g->pass.state == 0)
		return true;
	if (g->pass.state < 0)
		tui_message(g->app, "graphs drawn up to the damage: %s", g->pass.error);
	finish(g);
	return false;
}

/* Adds a series for filter TEXT (NULL: the frames shown); false with a
 * message when it does not compile. */
static bool add_series(struct graph *g, const char *text, const char *name)
{
	dfilter *f = NULL;
	if (text && *text) {
		g_autoptr(GError) err = NULL;
		if (!(f = dfilter_compile(text, &err))) {
			tui_message(g->app, "bad filter: %s", err->message);
			return false;
		}
	}
	g->filter[g->nseries] = f;
	g->name[g->nseries] = g_strdup(name);
	g->nseries++;
	return true;
}

static void *graph_create(struct tui_app *app)
{
	struct graph *g = g_new0(struct graph, 1);
	g->app = app;
	g->pts = g_array_new(FALSE, FALSE, sizeof(struct gpoint));
	g->rpts = g_array_new(FALSE, FALSE, sizeof(struct rpoint));
	tui_editline_init(&g->edit);
	g->width = 100;
	g_autofree char *name = app->filter_text ? g_strdup_printf("shown: %s", app->filter_text) : g_strdup("all frames");
	add_series(g, app->filter_text, name);
	start(g);
	return g;
}

static void graph_destroy(void *self)
{
	struct graph *g = self;
	if (g->running)
		tui_pass_close(&g->pass);
	g_clear_pointer(&g->rtt, rtt_free);
	for (int i = 0; i < g->nseries; i++) {
		if (g->filter[i])
			dfilter_free(g->filter[i]);
		g_free(g->name[i]);
	}
	g_array_free(g->pts, TRUE);
	g_array_free(g->rpts, TRUE);
	tui_editline_free(&g->edit);
	g->app->screen_prompt = false;
	g_free(g);
}

/* ---- drawing ---- */

/* Frames or bytes of each series in intervals LEFT .. LEFT + N - 1. */
static void count(const struct graph *g, guint left, guint n, double *out /* [SERIES_MAX][n] */)
{
	memset(out, 0, sizeof(double) * SERIES_MAX * n);
	int64_t iv = interval(g);
	for (guint i = 0; i < g->pts->len; i++) {
		const struct gpoint *p = &g_array_index(g->pts, struct gpoint, i);
		int64_t b = p->t / iv - (int64_t)left;
		if (p->t < 0 || b < 0 || b >= (int64_t)n)
			continue;
		for (int s = 0; s < g->nseries; s++)
			if (p->mask & (1u << s))
				out[s * n + (guint)b] += g->bytes ? p->len : 1;
	}
}

/* One cell of a bar EIGHTHS high (of the cell's 8) in blocks, or ASCII. */
static const char *bar_cell(int eighths)
{
	static const char *const blocks[] = {" ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"};
	static const char *const ascii[] = {" ", ".", ".", "-", "-", "=", "=", "#", "#"};
	eighths = CLAMP(eighths, 0, 8);
	return utf8() ? blocks[eighths] : ascii[eighths];
}

/* Keeps the cursor on screen, W intervals wide. */
static void follow_cursor(struct graph *g, guint w)
{
	g->width = w;
	if (g->cursor < g->left)
		g->left = g->cursor;
	if (g->cursor >= g->left + w)
		g->left = g->cursor - w + 1;
}

static guint last_interval(const struct graph *g)
{
	return (guint)(g->last / interval(g));
}

static void draw_axis(const struct graph *g, int y, int x, guint w)
{
	char label[32];
	GString *s = g_string_new(NULL);
	for (guint c = 0; c < w; c++) {
		if (c % 20 == 0 && c + 10 < w) {
			double t = (double)(g->left + c) * (double)interval(g) / 1e9;
			g_snprintf(label, sizeof label, "|%.3g", t);
			g_string_append(s, label);
			c += (guint)strlen(label) - 1;
		} else {
			g_string_append_c(s, ' ');
		}
	}
	tui_put(y, x, (int)w, s->str);
	g_string_free(s, TRUE);
}

static void draw_io(struct graph *g, const struct tui_rect *r, int top, int h, guint w, int x0)
{
	double *v = g_new(double, SERIES_MAX * w);
	count(g, g->left, w, v);
	int strip = MAX(2, h / MAX(1, g->nseries));
	for (int s = 0; s < g->nseries; s++) {
		int y = top + s * strip;
		double max = 0;
		for (guint c = 0; c < w; c++)
			max = MAX(max, v[s * w + c]);
		g_autofree char *head = g_strdup_printf("[%d] %s  (max %.0f %s)", s + 1, g->name[s], max, g->bytes ? "bytes" : "frames");
		attrset(tui_attr(COL_TITLE));
		tui_put(y, r->x, r->w, head);
		attrset(A_NORMAL);
		int rows = strip - 1;
		for (int row = 0; row < rows && y + 1 + row < top + h; row++) {
			move(y + 1 + row, x0);
			for (guint c = 0; c < w; c++) {
				int e = max > 0 ? (int)(v[s * w + c] / max * rows * 8 + 0.5) : 0;
				if (v[s * w + c] > 0 && e == 0)
					e = 1;
				int from_bottom = rows - 1 - row;
				attrset(g->left + c == g->cursor ? A_REVERSE : tui_attr((enum tui_colour)(COL_TCP + s)));
				addstr(bar_cell(e - from_bottom * 8));
			}
			attrset(A_NORMAL);
		}
	}
	g_free(v);
}

static void draw_rtt(struct graph *g, int top, int h, guint w, int x0)
{
	int64_t iv = interval(g), max = 0;
	for (guint i = 0; i < g->rpts->len; i++)
		max = MAX(max, g_array_index(g->rpts, struct rpoint, i).rtt);
	g_autofree char *head = g_strdup_printf("SYN -> SYN-ACK (ms) of %u handshakes, max %.3f ms", g->rpts->len, max / 1e6);
	attrset(tui_attr(COL_TITLE));
	tui_put(top, 0, (int)w + x0, head);
	attrset(A_NORMAL);
	int rows = h - 1;
	if (rows < 1)
		return;
	/* braille: 2 x 4 dots a cell */
	guint8 *dots = g_new0(guint8, (gsize)rows * w);
	static const guint8 bit[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
	for (guint i = 0; i < g->rpts->len; i++) {
		const struct rpoint *p = &g_array_index(g->rpts, struct rpoint, i);
		int64_t b = p->t / iv - (int64_t)g->left;
		if (p->t < 0 || b < 0 || b >= (int64_t)w) /* before the first frame: not drawn */
			continue;
		int dx = (int)((p->t % iv) * 2 / iv);
		int dy = max > 0 ? (int)((double)p->rtt / (double)max * (rows * 4 - 1) + 0.5) : 0;
		int row = rows - 1 - dy / 4, sub = 3 - dy % 4;
		dots[(gsize)row * w + (guint)b] |= bit[dx][sub];
	}
	for (int row = 0; row < rows; row++) {
		move(top + 1 + row, x0);
		for (guint c = 0; c < w; c++) {
			guint8 d = dots[(gsize)row * w + c];
			char cell[8] = " ";
			if (d && utf8())
				cell[g_unichar_to_utf8(0x2800 + d, cell)] = 0;
			else if (d)
				cell[0] = '*';
			attrset(g->left + c == g->cursor ? A_REVERSE : tui_attr(COL_TCP));
			addstr(cell);
		}
	}
	attrset(A_NORMAL);
	g_free(dots);
}

static void graph_draw(void *self, const struct tui_rect *r, bool focused)
{
	struct graph *g = self;
	(void)focused;
	char iv[32];
	format_interval(iv, sizeof iv, interval(g));
	g_autofree char *title = g->rtt_view
		? g_strdup_printf("Handshake RTT over time, %s a column  (Tab: I/O graph  + / -: zoom  Left/Right: cursor  Enter: go to  q: back)", iv)
		: g_strdup_printf("I/O graph: %s per %s  (Tab: RTT  b: frames/bytes  + / -: zoom  f: add a filter  d: drop one  Enter: go to  q: back)",
				  g->bytes ? "bytes" : "frames", iv);
	attrset(tui_attr(COL_TITLE) | A_BOLD);
	tui_put(r->y, r->x, r->w, title);
	attrset(A_NORMAL);
	if (g->running) {
		g_autofree char *t = g_strdup_printf("reading the frames: %d%%", (int)(tui_pass_progress(&g->pass) * 100));
		tui_put(r->y + 1, r->x, r->w, t);
		return;
	}
	int x0 = r->x + 1;
	guint w = (guint)MAX(1, r->w - 2);
	follow_cursor(g, w);
	int top = r->y + 1, h = MAX(2, r->h - 4);
	if (g->rtt_view)
		draw_rtt(g, top, h, w, x0);
	else
		draw_io(g, r, top, h, w, x0);
	draw_axis(g, top + h, x0, w);
	/* the cursor's interval and what is in it */
	int64_t ivn = interval(g);
	GString *s = g_string_new(NULL);
	g_string_printf(s, "cursor %.3f - %.3f s:", (double)g->cursor * (double)ivn / 1e9,
			(double)(g->cursor + 1) * (double)ivn / 1e9);
	if (g->rtt_view) {
		guint n = 0;
		int64_t worst = 0;
		for (guint i = 0; i < g->rpts->len; i++) {
			const struct rpoint *p = &g_array_index(g->rpts, struct rpoint, i);
			if (p->t >= 0 && (guint64)(p->t / ivn) == g->cursor)
				n++, worst = MAX(worst, p->rtt);
		}
		g_string_append_printf(s, " %u handshake%s", n, n == 1 ? "" : "s");
		if (n)
			g_string_append_printf(s, ", slowest %.3f ms", worst / 1e6);
	} else {
		double v[SERIES_MAX];
		count(g, g->cursor, 1, v);
		for (int i = 0; i < g->nseries; i++)
			g_string_append_printf(s, "  [%d] %.0f", i + 1, v[i]);
	}
	tui_put(top + h + 1, r->x, r->w, s->str);
	g_string_free(s, TRUE);
	if (g->prompt) {
		g_autofree char *t = g_strdup_printf("Filter for series %d: %s", g->nseries + 1, g->edit.text->str);
		attrset(tui_attr(COL_TITLE));
		tui_put(r->y + r->h - 1, r->x, r->w, t);
		attrset(A_NORMAL);
		g->app->prompt_y = r->y + r->h - 1;
		g->app->prompt_x = r->x + (int)strlen("Filter for series N: ") + (int)g->edit.cursor;
	}
}

static void graph_resize(void *self, const struct tui_rect *r)
{
	(void)self, (void)r;
}

/* ---- keys ---- */

/* Enter: the first frame shown in the cursor's interval, or the slowest
 * SYN-ACK in it; selected in the list. */
static enum tui_act go(struct graph *g)
{
	struct tui_app *app = g->app;
	int64_t iv = interval(g);
	guint frame = G_MAXUINT;
	if (g->rtt_view) {
		int64_t worst = -1;
		for (guint i = 0; i < g->rpts->len; i++) {
			const struct rpoint *p = &g_array_index(g->rpts, struct rpoint, i);
			if (p->t >= 0 && (guint64)(p->t / iv) == g->cursor && p->rtt > worst)
				worst = p->rtt, frame = p->frame;
		}
	} else {
		for (guint i = 0; i < g->pts->len && frame == G_MAXUINT; i++) {
			const struct gpoint *p = &g_array_index(g->pts, struct gpoint, i);
			if ((p->mask & 1) && p->t >= 0 && (guint64)(p->t / iv) == g->cursor)
				frame = i;
		}
	}
	if (frame == G_MAXUINT) {
		tui_message(app, g->rtt_view ? "no handshake in this interval" : "no frame in this interval");
		return TUI_ACT_DONE;
	}
	guint row = frame < tui_index_count(app->idx) ? tui_row_of(app, frame) : G_MAXUINT;
	if (row == G_MAXUINT) {
		tui_message(app, "frame %u is not among the frames shown", frame + 1);
		return TUI_ACT_DONE;
	}
	tui_scroll_goto(&app->list, row);
	tui_message(app, "frame %u", frame + 1);
	return TUI_ACT_CLOSE;
}

static enum tui_act prompt_key(struct graph *g, int ch)
{
	if (ch == 27) {
		g->prompt = false;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		const char *text = g->edit.text->str;
		if (*text && add_series(g, text, text)) {
			g->prompt = false;
			start(g);
		}
	} else {
		tui_editline_key(&g->edit, ch);
	}
	g->app->screen_prompt = g->prompt;
	return TUI_ACT_DONE;
}

static enum tui_act graph_key(void *self, int ch)
{
	struct graph *g = self;
	if (g->prompt)
		return prompt_key(g, ch);
	int64_t at = (int64_t)g->cursor * interval(g);
	switch (ch) {
	case '\t': g->rtt_view = !g->rtt_view; break;
	case 'b': g->bytes = !g->bytes; break;
	case '+': case '-':
		if (ch == '+' && g->zoom > 0)
			g->zoom--;
		else if (ch == '-' && g->zoom + 1 < (int)G_N_ELEMENTS(intervals))
			g->zoom++;
		g->cursor = (guint)(at / interval(g));
		g->left = g->cursor > g->width / 2 ? g->cursor - g->width / 2 : 0;
		break;
	case KEY_RIGHT: case 'l': if (g->cursor < last_interval(g)) g->cursor++; break;
	case KEY_LEFT: case 'h': if (g->cursor > 0) g->cursor--; break;
	case KEY_HOME: case 'g': g->cursor = 0; break;
	case KEY_END: case 'G': g->cursor = last_interval(g); break;
	case '\n': case '\r': case KEY_ENTER: return g->running ? TUI_ACT_DONE : go(g);
	case 'f':
		if (g->nseries >= SERIES_MAX) {
			tui_message(g->app, "four filters at most: d drops the last");
			break;
		}
		g->prompt = true;
		g->app->screen_prompt = true;
		tui_editline_clear(&g->edit);
		break;
	case 'd':
		if (g->nseries > 1) {
			g->nseries--;
			if (g->filter[g->nseries])
				dfilter_free(g->filter[g->nseries]);
			g_clear_pointer(&g->name[g->nseries], g_free);
			start(g);
		}
		break;
	default: return TUI_ACT_NONE;
	}
	return TUI_ACT_DONE;
}

static const struct tui_keyhelp graph_help[] = {
	{"Tab", "I/O graph / handshake RTT over time"},
	{"b", "I/O graph: frames or bytes per interval"},
	{"+ / -", "zoom in / out (a shorter / longer interval a column)"},
	{"Left h / Right l, g G", "move the cursor one interval, to the first / last"},
	{"Enter", "go to the interval's first frame shown (RTT: its slowest SYN-ACK)"},
	{"f / d", "add a filter as another series (at most four) / drop the last"},
	{NULL, NULL},
};

const struct tui_screen tui_graph_screen = {
	"Graphs", graph_create, graph_destroy, graph_draw, graph_resize, graph_key, graph_help, graph_step,
};
