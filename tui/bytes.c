/* bytes.c — the bytes pane: the selected frame in hex and ASCII, 16 bytes a
 * line (8 or 4 on a narrow pane, so every line shows whole what its offset
 * says), the bytes of the tree's selected line highlighted (its layer's
 * when the field has no place of its own). */
#include "tui/app.h"

struct bytes_pane {
	struct tui_app *app;
	struct tui_scroll scroll; /* over lines of `per` bytes */
	guint per;                /* bytes a line */
	guint frame;
	int field_off;            /* highlight the view last scrolled to */
};

static void *bytes_create(struct tui_app *app)
{
	struct bytes_pane *b = g_new0(struct bytes_pane, 1);
	b->app = app;
	b->frame = G_MAXUINT;
	b->field_off = -1;
	return b;
}

static void bytes_destroy(void *self)
{
	g_free(self);
}

/* The frame the detail pane read, or NULL. */
static const struct frame *current(const struct bytes_pane *b)
{
	const struct tui_app *app = b->app;
	guint frame = tui_selected_frame(app);
	if (frame == G_MAXUINT || app->detail_rr->cached != frame)
		return NULL;
	return &app->detail_rr->f;
}

/* Bytes a line on a pane W wide: offset (6), hex (3 a byte, one more
 * blank after each 8), two blanks, ASCII (1 a byte). */
static guint per_line(int w)
{
	if (w >= 6 + 16 * 3 + 1 + 2 + 16)
		return 16;
	return w >= 6 + 8 * 3 + 2 + 8 ? 8 : 4;
}

static void bytes_draw(void *self, const struct tui_rect *r, bool focused)
{
	struct bytes_pane *b = self;
	struct tui_app *app = b->app;
	const struct frame *f = current(b);
	(void)focused;
	guint per = per_line(r->w);
	guint frame = tui_selected_frame(app);
	if (frame != b->frame) {
		b->frame = frame;
		b->scroll.sel = b->scroll.top = 0;
	} else if (per != b->per && b->per) { /* the same first byte in view */
		b->scroll.sel = b->scroll.top = b->scroll.top * b->per / per;
	}
	b->per = per;
	guint lines = f ? (f->caplen + per - 1) / per : 0;
	tui_scroll_set_count(&b->scroll, lines);
	tui_scroll_set_height(&b->scroll, (guint)MAX(1, r->h));
	/* bring the highlighted bytes into view when the tree selection moved */
	if (app->field_off != b->field_off) {
		b->field_off = app->field_off;
		if (app->field_off >= 0)
			tui_scroll_goto(&b->scroll, (guint)app->field_off / per);
	}
	int lo = app->field_off, hi = app->field_off + app->field_len;
	char cell[8];
	for (int i = 0; i < r->h; i++) {
		guint line = b->scroll.top + (guint)i;
		int y = r->y + i;
		tui_put(y, r->x, r->w, "");
		if (!f || line >= lines)
			continue;
		g_snprintf(cell, sizeof cell, "%04x  ", line * per);
		mvaddnstr(y, r->x, cell, MIN(r->w, 6));
		int hex_w = (int)per * 3 + (per > 8);
		for (int k = 0; k < (int)per; k++) {
			int at = (int)(line * per) + k;
			int x = r->x + 6 + k * 3 + (k >= 8);
			int ax = r->x + 6 + hex_w + 2 + k;
			if ((guint)at >= f->caplen || ax >= r->x + r->w)
				break;
			bool hl = at >= lo && at < hi && lo >= 0;
			uint8_t c = f->data[at];
			attrset(hl ? tui_attr(COL_HIGHLIGHT) | A_BOLD : A_NORMAL);
			g_snprintf(cell, sizeof cell, "%02x", c);
			mvaddnstr(y, x, cell, 2);
			mvaddch(y, ax, c >= 0x20 && c < 0x7f ? c : '.');
			attrset(A_NORMAL);
		}
	}
}

static void bytes_resize(void *self, const struct tui_rect *r)
{
	struct bytes_pane *b = self;
	tui_scroll_set_height(&b->scroll, (guint)MAX(1, r->h));
}

static enum tui_act bytes_key(void *self, int ch)
{
	struct bytes_pane *b = self;
	switch (ch) {
	case KEY_DOWN: case 'j': tui_scroll_move(&b->scroll, 1); break;
	case KEY_UP: case 'k': tui_scroll_move(&b->scroll, -1); break;
	case KEY_NPAGE: tui_scroll_page(&b->scroll, 1); break;
	case KEY_PPAGE: tui_scroll_page(&b->scroll, -1); break;
	case KEY_HOME: case 'g': tui_scroll_goto(&b->scroll, 0); break;
	case KEY_END: case 'G': tui_scroll_goto(&b->scroll, b->scroll.count ? b->scroll.count - 1 : 0); break;
	default: return TUI_ACT_NONE;
	}
	return TUI_ACT_DONE;
}

static const struct tui_keyhelp bytes_help[] = {
	{"Down j / Up k, PgDn PgUp, g G", "scroll the bytes"},
	{NULL, NULL},
};

const struct tui_screen tui_bytes_screen = {
	"Bytes", bytes_create, bytes_destroy, bytes_draw, bytes_resize, bytes_key, bytes_help, NULL,
};
