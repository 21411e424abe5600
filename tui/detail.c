/* detail.c — the detail tree pane: the selected frame's layers, each a
 * heading that opens to one line per field (the lines `analyze list -V`
 * prints), and the subtrees inside a layer (TCP's [SEQ/ACK analysis], an
 * expert item), each opening and closing the same way.  A layer or a kind
 * of subtree stays open or closed from frame to frame, as in Wireshark.
 * The selected line's filter name goes to the status line and its bytes to
 * the bytes pane. */
#include <string.h>

#include "analyzer/list_detail.h"
#include "tui/app.h"
#include "tui/savefile.h"

struct node {
	char *text;          /* owned */
	const char *abbrev;  /* filter name (field or protocol), NULL for notes */
	char *key;           /* owned: a subtree's open/closed key, else NULL */
	int layer;           /* -1: frame or note */
	int depth;           /* 0: a layer's heading or a note; 1: a field; 2...: in a subtree */
	bool heading;        /* a layer's (or the frame's) heading */
	bool parent;         /* lines of greater depth follow: it opens and closes */
	bool quoted;
	int off, len;        /* bytes in the frame, len 0 when unknown */
	char *filter;        /* owned: a filter matching what the line shows, or NULL */
};

struct detail_pane {
	struct tui_app *app;
	GArray *nodes;            /* struct node: every line of the tree */
	GArray *shown;            /* guint: indexes of nodes visible (open layers) */
	guint frame;              /* frame the tree is of, G_MAXUINT none */
	guint generation;         /* app->tree_generation it was built at */
	bool open[PROTO_COUNT + 1]; /* per protocol (the frame: PROTO_COUNT) */
	GHashTable *sub_open;     /* char* subtree key -> itself: the subtrees open */
	struct tui_scroll scroll;
	const struct packet *p;
};

static void node_clear(gpointer data)
{
	g_free(((struct node *)data)->text);
	g_free(((struct node *)data)->key);
	g_free(((struct node *)data)->filter);
}

/* A filter matching what line L shows: `field == value` for a field's
 * value (a string quoted), the name alone for a protocol, a field that
 * is only there, or a subtree; NULL when the text would not compile. */
static char *line_filter(const struct detail_line *l)
{
	if (!l->abbrev)
		return NULL;
	GString *f = g_string_new(l->abbrev);
	if (l->field && l->value && l->value->kind != FV_NONE && strcmp(l->field->abbrev, l->abbrev) == 0) {
		g_autoptr(GString) v = g_string_new(NULL);
		list_value_text(v, l->field, l->value);
		bool quote = l->value->kind == FV_STRING || strpbrk(v->str, " ,\"\\()") != NULL;
		g_string_append(f, " == ");
		if (quote)
			g_string_append_c(f, '"');
		for (const char *c = v->str; *c; c++) {
			if (quote && (*c == '"' || *c == '\\'))
				g_string_append_c(f, '\\');
			g_string_append_c(f, *c);
		}
		if (quote)
			g_string_append_c(f, '"');
	}
	g_autoptr(GError) err = NULL;
	dfilter *compiled = dfilter_compile(f->str, &err);
	if (!compiled) {
		g_string_free(f, TRUE);
		return NULL;
	}
	dfilter_free(compiled);
	return g_string_free(f, FALSE);
}

static void *detail_create(struct tui_app *app)
{
	struct detail_pane *d = g_new0(struct detail_pane, 1);
	d->app = app;
	d->nodes = g_array_new(FALSE, TRUE, sizeof(struct node));
	g_array_set_clear_func(d->nodes, node_clear);
	d->shown = g_array_new(FALSE, FALSE, sizeof(guint));
	d->frame = G_MAXUINT;
	d->sub_open = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return d;
}

static void detail_destroy(void *self)
{
	struct detail_pane *d = self;
	g_array_free(d->nodes, TRUE);
	g_array_free(d->shown, TRUE);
	g_hash_table_destroy(d->sub_open);
	g_free(d);
}

/* Where a value's bytes sit in the frame: inside the frame's data, or at a
 * fixed place in its layer; the whole layer otherwise. */
static void node_bytes(const struct packet *p, const struct detail_line *l, struct node *n)
{
	const struct frame *f = p->frame;
	const struct layer *ly = l->layer >= 0 ? &p->layers[l->layer] : NULL;
	bool in_frame = !ly || !(ly->flags & PKT_REASSEMBLED);
	if (l->value && l->value->ptr && l->value->ptr >= f->data && l->value->ptr < f->data + f->caplen &&
	    l->value->len) {
		n->off = (int)(l->value->ptr - f->data);
		n->len = (int)MIN(l->value->len, f->caplen - (uint32_t)n->off);
	} else if (ly && in_frame && l->field && l->field->offset != FIELD_VAR && l->field->size &&
		   ly->off + l->field->offset + l->field->size <= f->caplen) {
		n->off = (int)(ly->off + l->field->offset);
		n->len = l->field->size;
	} else if (ly && in_frame) {
		n->off = (int)ly->off;
		n->len = (int)MIN(ly->len, f->caplen - MIN(ly->off, f->caplen));
	} else if (!ly && l->field == NULL && l->layer < 0 && n->heading) {
		n->off = 0;
		n->len = (int)f->caplen;
	}
}

static void add_line(const struct detail_line *l, void *data)
{
	struct detail_pane *d = data;
	struct node n = {0};
	n.text = g_strdup(l->text);
	n.layer = l->layer;
	n.depth = l->depth;
	n.quoted = l->quoted;
	n.heading = l->depth == 0;
	n.abbrev = l->abbrev;
	n.filter = line_filter(l);
	node_bytes(d->p, l, &n);
	g_array_append_val(d->nodes, n);
}

/* Marks the lines that have lines inside them, and names the subtrees
 * among them: a kind of subtree (its protocol and what it shows, "tcp
 * _ws.expert" for every TCP expert item) opens and closes as one. */
static void mark_parents(struct detail_pane *d)
{
	for (guint i = 0; i < d->nodes->len; i++) {
		struct node *n = &g_array_index(d->nodes, struct node, i);
		n->parent = i + 1 < d->nodes->len && g_array_index(d->nodes, struct node, i + 1).depth > n->depth;
		if (!n->parent || n->heading)
			continue;
		const char *proto = n->layer >= 0 ? proto_get((enum proto_id)d->p->layers[n->layer].proto)->abbrev : "frame";
		n->key = g_strdup_printf("%s %s", proto, n->abbrev ? n->abbrev : n->text);
	}
}

/* The open/closed key of a layer's heading N. */
static guint proto_key(const struct detail_pane *d, const struct node *n)
{
	return n->layer >= 0 ? d->p->layers[n->layer].proto : PROTO_COUNT;
}

static bool node_open(const struct detail_pane *d, const struct node *n)
{
	if (n->heading)
		return d->open[proto_key(d, n)];
	return n->key && g_hash_table_contains(d->sub_open, n->key);
}

/* The visible lines: those inside no closed line. */
static void rebuild_shown(struct detail_pane *d)
{
	g_array_set_size(d->shown, 0);
	int closed_at = -1; /* depth of the closed line being skipped, -1: none */
	for (guint i = 0; i < d->nodes->len; i++) {
		const struct node *n = &g_array_index(d->nodes, struct node, i);
		if (closed_at >= 0 && n->depth > closed_at)
			continue;
		closed_at = -1;
		g_array_append_val(d->shown, i);
		if ((n->heading || n->parent) && !node_open(d, n))
			closed_at = n->depth;
	}
	tui_scroll_set_count(&d->scroll, d->shown->len);
}

static const struct node *selected_node(const struct detail_pane *d)
{
	if (d->shown->len == 0)
		return NULL;
	return &g_array_index(d->nodes, struct node, g_array_index(d->shown, guint, d->scroll.sel));
}

/* Tells the app about the selected line: its filter name and bytes. */
static void publish(struct detail_pane *d)
{
	struct tui_app *app = d->app;
	const struct node *n = selected_node(d);
	g_clear_pointer(&app->field_name, g_free);
	app->field_off = app->field_len = -1;
	if (!n)
		return;
	app->field_name = n->abbrev ? g_strdup(n->abbrev) : NULL;
	if (n->len > 0) {
		app->field_off = n->off;
		app->field_len = n->len;
	}
}

/* Builds the tree of the selected frame when the selection moved. */
static void load_tree(struct detail_pane *d)
{
	struct tui_app *app = d->app;
	guint frame = tui_selected_frame(app);
	if (frame == d->frame && d->generation == app->tree_generation)
		return;
	bool same = frame == d->frame;
	guint sel = d->scroll.sel, top = d->scroll.top;
	d->frame = frame;
	d->generation = app->tree_generation;
	g_array_set_size(d->nodes, 0);
	d->p = NULL;
	if (frame != G_MAXUINT) {
		g_autoptr(GError) err = NULL;
		d->p = tui_reread_get(app->detail_rr, app->idx, frame, &err);
		if (d->p) {
			list_detail_walk(d->p, add_line, d);
			mark_parents(d);
		}
		else
			tui_message(app, "cannot read frame %u: %s", frame + 1, err->message);
	}
	d->scroll.sel = d->scroll.top = 0;
	rebuild_shown(d);
	if (same) { /* the same frame built anew: the same place in it */
		d->scroll.top = top;
		tui_scroll_goto(&d->scroll, sel);
	}
	publish(d);
}

static void detail_draw(void *self, const struct tui_rect *r, bool focused)
{
	struct detail_pane *d = self;
	load_tree(d);
	tui_scroll_set_height(&d->scroll, (guint)MAX(1, r->h));
	GString *s = g_string_new(NULL);
	for (int i = 0; i < r->h; i++) {
		guint row = d->scroll.top + (guint)i;
		g_string_truncate(s, 0);
		attr_t a = A_NORMAL;
		if (row < d->shown->len) {
			const struct node *n = &g_array_index(d->nodes, struct node, g_array_index(d->shown, guint, row));
			if (n->quoted)
				g_string_append(s, "    ");
			const char *mark = node_open(d, n) ? "v " : "> ";
			if (n->heading)
				g_string_append(s, n->abbrev ? mark : "  ");
			else
				g_string_append_printf(s, "%*s%s", 4 * n->depth - 2, "", n->parent ? mark : "  ");
			g_string_append(s, n->text);
			if (n->heading)
				a = A_BOLD;
			if (row == d->scroll.sel)
				a = focused ? A_REVERSE | A_BOLD : A_REVERSE;
		}
		attrset(a);
		tui_put(r->y + i, r->x, r->w, s->str);
		attrset(A_NORMAL);
	}
	g_string_free(s, TRUE);
}

static void detail_resize(void *self, const struct tui_rect *r)
{
	struct detail_pane *d = self;
	tui_scroll_set_height(&d->scroll, (guint)MAX(1, r->h));
}

/* Opens or closes the selected line when it has lines inside (SET: 1
 * open, 0 close, -1 toggle); on any other line, or closing a closed one,
 * goes to the line it sits in and closes that. */
static void set_open(struct detail_pane *d, int set)
{
	const struct node *n = selected_node(d);
	if (!n || (n->heading && !n->abbrev))
		return;
	bool can = n->heading || n->parent;
	if (!can || (set == 0 && !node_open(d, n))) {
		if (set == 1 || n->depth == 0)
			return;
		/* up to the line this one sits in */
		int depth = n->depth;
		while (d->scroll.sel > 0 && selected_node(d)->depth >= depth)
			d->scroll.sel--;
		n = selected_node(d);
		set = 0;
	}
	bool open = set < 0 ? !node_open(d, n) : set == 1;
	if (n->heading)
		d->open[proto_key(d, n)] = open;
	else if (open)
		g_hash_table_add(d->sub_open, g_strdup(n->key));
	else
		g_hash_table_remove(d->sub_open, n->key);
	/* keep the selection on the same node */
	guint node = g_array_index(d->shown, guint, d->scroll.sel);
	rebuild_shown(d);
	for (guint i = 0; i < d->shown->len; i++)
		if (g_array_index(d->shown, guint, i) == node)
			tui_scroll_goto(&d->scroll, i);
}

/* Opens (OPEN) or closes every layer and every subtree of the tree. */
static void set_all(struct detail_pane *d, bool open)
{
	for (guint i = 0; i <= PROTO_COUNT; i++)
		d->open[i] = open;
	if (!open)
		g_hash_table_remove_all(d->sub_open);
	for (guint i = 0; open && i < d->nodes->len; i++) {
		const struct node *n = &g_array_index(d->nodes, struct node, i);
		if (n->key)
			g_hash_table_add(d->sub_open, g_strdup(n->key));
	}
	d->scroll.sel = 0;
	rebuild_shown(d);
}

/* Puts TEXT (N bytes) in the terminal's clipboard through the OSC 52
 * escape, which xterm, tmux (set-clipboard on), kitty, iTerm2, Windows
 * Terminal and others take, also over SSH; WHAT names it on the status
 * line.  Terminals take some 100 kB at most: longer is cut. */
static void clipboard(struct tui_app *app, const char *what, const char *text, size_t n)
{
	enum { CLIP_MAX = 74 * 1024 };
	bool cut = n > CLIP_MAX;
	g_autofree char *b64 = g_base64_encode((const guchar *)text, cut ? CLIP_MAX : n);
	printf("\033]52;c;%s\a", b64);
	fflush(stdout);
	tui_message(app, "copied %s to the clipboard%s", what, cut ? " (cut to its first 75776 bytes)" : "");
}

/* The selected line's value: what follows its name, or the line. */
static const char *line_value(const struct node *n)
{
	const char *colon = n->heading ? NULL : strstr(n->text, ": ");
	return colon ? colon + 2 : n->text;
}

/* The selected line's bytes in the frame (*LEN of them), or NULL with a
 * message when it has none. */
static const uint8_t *line_bytes(struct detail_pane *d, const struct node *n, uint32_t *len)
{
	const struct frame *f = d->p ? d->p->frame : NULL;
	if (!f || n->len <= 0 || n->off < 0 || (uint32_t)n->off >= f->caplen) {
		tui_message(d->app, "no bytes for this line");
		return NULL;
	}
	*len = MIN((uint32_t)n->len, f->caplen - (uint32_t)n->off);
	return f->data + n->off;
}

/* y: the selected line's value (what follows its name, or the line);
 * Y: its bytes as hex, as Wireshark's Copy Value and Copy Bytes as Hex. */
static void copy_line(struct detail_pane *d, bool bytes)
{
	const struct node *n = selected_node(d);
	if (!n)
		return;
	const char *name = n->abbrev ? n->abbrev : "the line";
	if (!bytes) {
		const char *v = line_value(n);
		g_autofree char *what = g_strdup_printf("the value of %s ('%s')", name, v);
		clipboard(d->app, what, v, strlen(v));
		return;
	}
	uint32_t len;
	const uint8_t *b = line_bytes(d, n, &len);
	if (!b)
		return;
	GString *hex = g_string_sized_new(2 * len);
	for (uint32_t i = 0; i < len; i++)
		g_string_append_printf(hex, "%02x", b[i]);
	g_autofree char *what = g_strdup_printf("%u bytes of %s as hex", len, name);
	clipboard(d->app, what, hex->str, hex->len);
	g_string_free(hex, TRUE);
}

/* x: the selected line's bytes to a file, as they are in the frame
 * (Wireshark's Export Packet Bytes); X: its value, and a newline. */
static void save_line(struct detail_pane *d, bool bytes)
{
	const struct node *n = selected_node(d);
	if (!n)
		return;
	const char *name = n->abbrev ? n->abbrev : "the line";
	if (!bytes) {
		g_autofree char *v = g_strdup_printf("%s\n", line_value(n));
		g_autofree char *what = g_strdup_printf("the value of %s", name);
		tui_save_begin(d->app, what, v, strlen(v));
		return;
	}
	uint32_t len;
	const uint8_t *b = line_bytes(d, n, &len);
	if (!b)
		return;
	g_autofree char *what = g_strdup_printf("%u bytes of %s", len, name);
	tui_save_begin(d->app, what, b, len);
}

static enum tui_act detail_key(void *self, int ch)
{
	struct detail_pane *d = self;
	load_tree(d);
	switch (ch) {
	case KEY_DOWN: case 'j': tui_scroll_move(&d->scroll, 1); break;
	case KEY_UP: case 'k': tui_scroll_move(&d->scroll, -1); break;
	case KEY_NPAGE: tui_scroll_page(&d->scroll, 1); break;
	case KEY_PPAGE: tui_scroll_page(&d->scroll, -1); break;
	case KEY_HOME: case 'g': tui_scroll_goto(&d->scroll, 0); break;
	case KEY_END: case 'G': tui_scroll_goto(&d->scroll, d->shown->len ? d->shown->len - 1 : 0); break;
	case '\n': case '\r': case KEY_ENTER: case ' ': set_open(d, -1); break;
	case KEY_RIGHT: case 'l': set_open(d, 1); break;
	case KEY_LEFT: case 'h': set_open(d, 0); break;
	case 'e': case 'c': set_all(d, ch == 'e'); break;
	case 'y': case 'Y': copy_line(d, ch == 'Y'); return TUI_ACT_DONE;
	case 'x': case 'X': save_line(d, ch == 'x'); return TUI_ACT_DONE;
	case '+': { /* Apply as Column */
		const struct node *n = selected_node(d);
		if (!n || !n->abbrev || !tui_columns_add(&d->app->columns, n->abbrev)) {
			tui_message(d->app, n && n->abbrev ? "%s: a column already, or no field a column can show" : "no field on this line",
				    n ? n->abbrev : NULL);
			return TUI_ACT_DONE;
		}
		tui_message(d->app, "column %s added (C: the columns)", n->abbrev);
		tui_columns_changed(d->app);
		return TUI_ACT_DONE;
	}
	case 'a': case 'p': case 'A': case 'P': {
		const struct node *n = selected_node(d);
		if (!n || !n->filter) {
			tui_message(d->app, "no filter for this line");
			return TUI_ACT_DONE;
		}
		tui_field_filter(d->app, n->filter, ch == 'a' || ch == 'A', ch == 'A' || ch == 'P');
		return TUI_ACT_DONE;
	}
	default: return TUI_ACT_NONE;
	}
	publish(d);
	return TUI_ACT_DONE;
}

static const struct tui_keyhelp detail_help[] = {
	{"Enter Space", "open or close the layer or subtree"},
	{"Right l / Left h", "open / close it (Left on a field: to the line it sits in)"},
	{"e / c", "open / close every layer and subtree"},
	{"+", "show the line's field as a column of the list (Wireshark's Apply as Column)"},
	{"y / Y", "copy the line's value / its bytes as hex to the clipboard (the OSC 52 escape)"},
	{"x / X", "save the line's bytes / its value to a file (asks before replacing one)"},
	{"a / p", "apply / prepare (in the filter bar) a filter on the line's field and value"},
	{"A / P", "the same, and a menu: n not, & ...and, | ...or, ! ...and not, o ...or not"},
	{"Down j / Up k, PgDn PgUp, g G", "move in the tree"},
	{NULL, NULL},
};

const struct tui_screen tui_detail_screen = {
	"Detail", detail_create, detail_destroy, detail_draw, detail_resize, detail_key, detail_help, NULL,
};
