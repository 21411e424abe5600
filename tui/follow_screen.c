/* follow_screen.c — the follow-stream screen (see follow.c for how the
 * stream is read): its lines in ASCII or hex, both sides or one, the save
 * and find prompts, and the keys. */
#include <string.h>

#include "analyzer/output.h"
#include "dissect/packet.h"
#include "tui/follow_stream.h"
#include "tui/savefile.h"

/* ---- the screen ---- */

static void *follow_create(struct tui_app *app)
{
	guint frame = tui_selected_frame(app);
	if (frame == G_MAXUINT) {
		tui_message(app, "no frame selected");
		return NULL;
	}
	guint tcp = tui_index_stream(app->idx, frame), udp = tui_index_udp_stream(app->idx, frame);
	if (tcp == G_MAXUINT && udp == G_MAXUINT) {
		tui_message(app, "frame %u is not in a TCP or UDP stream: nothing to follow", frame + 1);
		return NULL;
	}
	g_autoptr(GError) err = NULL;
	struct tui_reread *rr = tui_reread_open(app->idx->path, &err);
	if (!rr) {
		tui_message(app, "cannot follow the stream: %s", err->message);
		return NULL;
	}
	struct follow *fw = g_new0(struct follow, 1);
	fw->app = app;
	fw->tcp = tcp != G_MAXUINT;
	fw->stream = fw->tcp ? tcp : udp;
	fw->load.rr = rr;
	fw->load.next = fw->tcp ? g_array_index(app->idx->stream_first, guint, tcp) : 0;
	tui_follow_seq_init(&fw->load.seq);
	fw->scan.rr = tui_reread_open(app->idx->path, NULL);
	fw->scan.next = fw->load.next;
	tui_follow_seq_init(&fw->scan.seq);
	if (!fw->scan.rr)
		fw->scan.done = true;
	fw->points = g_array_new(FALSE, TRUE, sizeof(struct checkpoint));
	struct checkpoint first = {.next = fw->load.next};
	tui_follow_seq_init(&first.seq);
	g_array_append_val(fw->points, first);
	fw->data = g_byte_array_new();
	fw->runs = g_array_new(FALSE, FALSE, sizeof(struct run));
	fw->lines = g_array_new(FALSE, FALSE, sizeof(struct line));
	fw->cap = FOLLOW_CHUNK;
	fw->height = 1;
	fw->only = -1;
	fw->save_fd = -1;
	tui_editline_init(&fw->edit);
	return fw;
}

static void follow_destroy(void *self)
{
	struct follow *fw = self;
	follow_job_end(fw);
	tui_editline_free(&fw->edit);
	g_free(fw->last_find);
	g_free(fw->save_ask);
	fw->app->screen_prompt = false;
	follow_cursor_free(&fw->load);
	follow_cursor_free(&fw->scan);
	for (guint k = 0; k < fw->points->len; k++)
		tui_follow_seq_clear(&g_array_index(fw->points, struct checkpoint, k).seq);
	g_array_free(fw->points, TRUE);
	g_free(fw->side[0]);
	g_free(fw->side[1]);
	g_byte_array_free(fw->data, TRUE);
	g_array_free(fw->runs, TRUE);
	g_array_free(fw->lines, TRUE);
	g_free(fw->error);
	g_free(fw);
}

/* The text of line L (without its marker). */
static void line_text(const struct follow *fw, const struct line *l, GString *s)
{
	g_string_truncate(s, 0);
	if (l->missing) {
		g_string_append_printf(s, "[%u bytes missing from the capture]", l->missing);
		return;
	}
	const uint8_t *b = fw->data->data + l->start;
	if (!fw->hex) {
		uint32_t n = l->len;
		if (n && b[n - 1] == '\n')
			n--;
		if (n && b[n - 1] == '\r')
			n--;
		for (uint32_t i = 0; i < n; i++)
			g_string_append_c(s, b[i] >= 0x20 && b[i] < 0x7f ? (char)b[i] : '.');
		return;
	}
	g_string_append_printf(s, "%08x  ", l->off);
	for (uint32_t i = 0; i < 16; i++) {
		if (i < l->len)
			g_string_append_printf(s, "%02x ", b[i]);
		else
			g_string_append(s, "   ");
		if (i == 7)
			g_string_append_c(s, ' ');
	}
	g_string_append_c(s, ' ');
	for (uint32_t i = 0; i < l->len; i++)
		g_string_append_c(s, b[i] >= 0x20 && b[i] < 0x7f ? (char)b[i] : '.');
}

/* The line under the text: where reading is, what lies beyond. */
static void footer(const struct follow *fw, GString *s)
{
	g_string_truncate(s, 0);
	uint64_t from = fw->win_bytes, to = fw->load.bytes;
	if (fw->error)
		g_string_printf(s, "cannot read on: %s", fw->error);
	else if (fw->load.done && from == 0)
		g_string_printf(s, "end of stream: %" G_GUINT64_FORMAT " bytes", to);
	else if (fw->load.done)
		g_string_printf(s, "end of stream: %" G_GUINT64_FORMAT " bytes (bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
				" held; g: the start)", to, from, to);
	else if (fw->want_end)
		g_string_printf(s, "counting the stream to go to its end: %" G_GUINT64_FORMAT " bytes so far",
				fw->scan.bytes);
	else if (fw->data->len < fw->cap)
		g_string_printf(s, "reading the stream: frame %u, %" G_GUINT64_FORMAT " bytes", fw->load.next + 1, to);
	else if (fw->scan.done)
		g_string_printf(s, "bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
				": scroll on to read on, G: the end", from, to, fw->scan.bytes);
	else
		g_string_printf(s, "bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT ", more follow: scroll on to read on",
				from, to);
}

static void follow_draw(void *self, const struct tui_rect *r, bool focused)
{
	struct follow *fw = self;
	(void)focused;
	GString *s = g_string_new(NULL);
	attrset(tui_attr(COL_TITLE));
	g_string_printf(s, "Follow %s stream %u (%s.stream == %u)  [%s]  x: %s  d: sides [%s]  f: filter  q: back  %s%" G_GUINT64_FORMAT
			" bytes", fw->tcp ? "TCP" : "UDP", fw->stream, fw->tcp ? "tcp" : "udp", fw->stream,
			fw->hex ? "hex" : "ASCII", fw->hex ? "ASCII" : "hex",
			fw->only < 0 ? "both" : fw->only == 0 ? "> only" : "< only", fw->scan.done ? "" : "counting: ",
			fw->scan.bytes);
	tui_put(r->y, r->x, r->w, s->str);
	for (int d = 0; d < 2; d++) {
		attrset(tui_attr(d ? COL_SIDE_B : COL_SIDE_A));
		g_string_printf(s, "%c %s: %" G_GUINT64_FORMAT " bytes%s", d ? '<' : '>', fw->side[d] ? fw->side[d] : "?",
				fw->scan.side_bytes[d], fw->scan.done ? "" : " so far");
		tui_put(r->y + 1 + d, r->x, r->w, s->str);
	}
	attrset(A_NORMAL);
	int body = r->h - 4;
	fw->height = (guint)MAX(1, body);
	if (fw->top + fw->height > fw->lines->len)
		fw->top = fw->lines->len > fw->height ? fw->lines->len - fw->height : 0;
	for (int i = 0; i < body; i++) {
		guint at = fw->top + (guint)i;
		int y = r->y + 3 + i;
		if (at >= fw->lines->len) {
			tui_put(y, r->x, r->w, "");
			continue;
		}
		const struct line *l = &g_array_index(fw->lines, struct line, at);
		line_text(fw, l, s);
		attrset(tui_attr(l->dir ? COL_SIDE_B : COL_SIDE_A));
		tui_put(y, r->x, 2, l->dir ? "< " : "> ");
		tui_put(y, r->x + 2, r->w - 2, s->str);
	}
	footer(fw, s);
	const char *label = fw->prompt == 'w' ? (fw->only < 0 ? "Save the stream's bytes to: "
						: fw->only ? "Save the '<' side's bytes to: " : "Save the '>' side's bytes to: ")
				 : "Find in the stream (any case): ";
	if (fw->save_ask)
		g_string_truncate(s, 0); /* the question is drawn below */
	else if (fw->prompt)
		g_string_printf(s, "%s%s", label, fw->edit.text->str);
	else if (fw->job == 'w')
		g_string_printf(s, "saving the stream to '%s': %" G_GUINT64_FORMAT " bytes", fw->save_path, fw->saved);
	else if (fw->job == '/')
		g_string_printf(s, "finding '%s': byte %" G_GUINT64_FORMAT "%s", fw->find_text, fw->jc.bytes,
				fw->find_wrapped ? " (wrapped to the start)" : "");
	attrset(tui_attr(COL_TITLE));
	tui_put(r->y + r->h - 1, r->x, r->w, s->str);
	attrset(A_NORMAL);
	fw->app->screen_prompt = fw->prompt != 0 || fw->save_ask;
	fw->app->prompt_y = r->y + r->h - 1;
	fw->app->prompt_x = r->x + MIN(r->w - 1, (int)strlen(label) + (int)fw->edit.cursor);
	if (fw->save_ask)
		fw->app->prompt_x = tui_save_ask_draw(r->y + r->h - 1, r->x, r->w, fw->save_ask);
	g_string_free(s, TRUE);
}

static void follow_resize(void *self, const struct tui_rect *r)
{
	struct follow *fw = self;
	fw->height = (guint)MAX(1, r->h - 4);
}

static void scroll_by(struct follow *fw, long delta)
{
	long top = (long)fw->top + delta;
	if (top < 0 && fw->win > 0) {
		/* before the window: read it from the checkpoint before */
		uint64_t at = follow_line_abs(fw, fw->top);
		follow_load_window(fw, fw->win - 1, (WINDOW_CHUNKS - 1) * FOLLOW_CHUNK, true);
		follow_place(fw, at);
		top = (long)fw->top + delta;
	}
	long last = (long)fw->lines->len - (long)fw->height;
	fw->top = (guint)MAX(0, MIN(top, MAX(0, last)));
}

static enum tui_act follow_key(void *self, int ch)
{
	struct follow *fw = self;
	if (fw->save_ask) {
		follow_save_answer(fw, ch);
		return TUI_ACT_DONE;
	}
	if (fw->prompt) {
		if (ch == 27) {
			fw->prompt = 0;
		} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			g_autofree char *text = g_strdup(fw->edit.text->str);
			fw->save_replace = false; /* asked first when a file is there */
			follow_job_begin(fw, text);
			fw->prompt = 0;
		} else {
			tui_editline_key(&fw->edit, ch);
		}
		return TUI_ACT_DONE;
	}
	switch (ch) {
	case 'w': case '/':
		if (fw->job) {
			tui_message(fw->app, "the stream is being %s", fw->job == 'w' ? "saved" : "searched");
			break;
		}
		fw->prompt = (char)ch;
		fw->last_found = 0;
		tui_editline_set_selected(&fw->edit, ch == '/' && fw->last_find ? fw->last_find : "");
		break;
	case 'n':
		if (!fw->last_find || fw->job)
			return TUI_ACT_NONE;
		fw->prompt = 'n';
		{
			g_autofree char *again = g_strdup(fw->last_find);
			follow_job_begin(fw, again);
		}
		fw->prompt = 0;
		break;
	case KEY_DOWN: case 'j': scroll_by(fw, 1); break;
	case KEY_UP: case 'k': scroll_by(fw, -1); break;
	case KEY_NPAGE: case ' ': scroll_by(fw, (long)fw->height); break;
	case KEY_PPAGE: case 'b': scroll_by(fw, -(long)fw->height); break;
	case KEY_HOME: case 'g':
		fw->want_end = false;
		if (fw->win > 0)
			follow_load_window(fw, 0, FOLLOW_CHUNK, true);
		fw->top = 0;
		break;
	case KEY_END: case 'G':
		if (fw->load.done || fw->scan.done)
			follow_go_end(fw);
		else
			fw->want_end = true;
		break;
	case 'x': case 'd': {
		/* keep the first byte in view in view */
		uint32_t at = fw->top < fw->lines->len ? g_array_index(fw->lines, struct line, fw->top).start : 0;
		if (ch == 'd') /* both sides, the first one only, the other only */
			fw->only = fw->only == -1 ? 0 : fw->only == 0 ? 1 : -1;
		else
			fw->hex = !fw->hex;
		follow_relayout(fw);
		fw->top = 0;
		while (fw->top + 1 < fw->lines->len && g_array_index(fw->lines, struct line, fw->top + 1).start <= at)
			fw->top++;
		break;
	}
	case 'f':
		g_free(fw->app->request);
		fw->app->request = g_strdup_printf("%s.stream == %u", fw->tcp ? "tcp" : "udp", fw->stream);
		return TUI_ACT_FILTER;
	case 27:
		if (fw->job) { /* Esc stops a save or find first */
			tui_message(fw->app, fw->job == 'w' ? "not saved: stopped" : "search stopped");
			follow_job_end(fw);
			break;
		}
		return TUI_ACT_CLOSE;
	case 'q':
		return TUI_ACT_CLOSE;
	default:
		return TUI_ACT_NONE;
	}
	return TUI_ACT_DONE;
}

static const struct tui_keyhelp follow_help[] = {
	{"x", "hex dump or ASCII ('.' for what is not printable)"},
	{"d", "both sides, the side that sent first ('>') only, the other ('<') only"},
	{"Down j / Up k, PgDn PgUp", "scroll (reads on near the end, or back before the start, of what is held)"},
	{"g / G", "the start / the end of the stream (at once, whatever its size)"},
	{"f", "apply the stream's filter (tcp.stream == N) to the list"},
	{"w", "save the bytes of the sides shown to a file (raw, as sent; asks before replacing one; Esc stops)"},
	{"/ , n", "find a text in the sides shown (any case), from the top line on, wrapping; n: again"},
	{"q / Esc", "back to the list"},
	{NULL, NULL},
};

const struct tui_screen tui_follow_screen = {
	"Follow stream", follow_create, follow_destroy, follow_draw, follow_resize, follow_key, follow_help, follow_step,
};
