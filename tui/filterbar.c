/* filterbar.c — the filter bar: a display filter edited on the top line,
 * compiled as it is typed (green when good, red with the fault marked and
 * the message on the status line), names completed with Tab, earlier
 * filters recalled with up/down; Enter applies it in a background pass the
 * event loop steps, Esc there clears it.  Also the go-to-frame prompt. */
#include <string.h>

#include "tui/filterbar.h"
#include "tui/sort.h"

/* Compiles the text being typed to tell whether it is good. */
static void validate(struct tui_app *app)
{
	g_clear_pointer(&app->filter_error, g_free);
	app->filter_error_col = 0;
	g_autoptr(GError) err = NULL;
	g_autoptr(dfilter) f = dfilter_compile(app->filter_edit.text->str, &err);
	if (!f) {
		app->filter_error = g_strdup(err->message);
		app->filter_error_col = dfilter_error_column(err);
	}
}

void tui_filterbar_begin(struct tui_app *app)
{
	app->editing = true;
	/* the filter on show (or being applied), selected: typing replaces it */
	tui_editline_set_selected(&app->filter_edit, app->running ? app->running->text : app->filter_text);
	validate(app);
}

void tui_filterbar_prepare(struct tui_app *app, const char *text)
{
	app->editing = true;
	tui_editline_set(&app->filter_edit, text);
	validate(app);
}

/* How many characters from COL (1-based) the fault marks: the caret line's
 * length past the caret. */
static int fault_len(const char *text, int col)
{
	g_autofree char *caret = dfilter_error_caret(text, col);
	const char *nl = strchr(caret, '\n');
	const char *line = nl ? nl + 1 : caret;
	int n = (int)strlen(line) - (col - 1);
	return n > 0 ? n : 1;
}

void tui_filterbar_draw(struct tui_app *app, int y, int w)
{
	const char *label = "Filter: ";
	int lw = (int)strlen(label);
	attrset(tui_attr(COL_TITLE));
	tui_put(y, 0, lw, label);
	/* while a filter is being applied, the bar shows it, not the one before */
	const char *shown = app->running ? app->running->text : app->filter_text;
	const char *text = app->editing ? app->filter_edit.text->str : (shown ? shown : "");
	attr_t a = A_NORMAL;
	if (app->editing && app->filter_edit.text->len)
		a = app->filter_error ? tui_attr(COL_ERR) : tui_attr(COL_OK);
	if (app->editing && app->filter_edit.selected)
		a |= A_REVERSE;
	attrset(a);
	if (app->editing && app->filter_edit.selected) {
		int tl = MIN((int)strlen(text), w - lw);
		tui_put(y, lw, tl, text);
		attrset(a & ~A_REVERSE);
		tui_put(y, lw + tl, w - lw - tl, "");
		attrset(a);
	} else {
		tui_put(y, lw, w - lw, text);
	}
	if (app->editing && app->filter_error && app->filter_error_col > 0) {
		int col = app->filter_error_col;
		int n = fault_len(text, col);
		int len = (int)strlen(text);
		attrset(a | A_UNDERLINE | A_REVERSE);
		if (col - 1 < len)
			mvaddnstr(y, lw + col - 1, text + col - 1, MIN(n, len - (col - 1)));
		else
			mvaddch(y, lw + MIN(len, w - lw - 1), ' ');
	}
	attrset(A_NORMAL);
	if (app->editing)
		move(y, lw + (int)app->filter_edit.cursor);
}

/* Starts applying TEXT (a compiled filter F) in the background. */
static void start_run(struct tui_app *app, const char *text, dfilter *f)
{
	tui_filter_cancel(app);
	g_autoptr(GError) err = NULL;
	app->running = tui_filter_run_new(app->idx, text, f, tui_filter_split(app->idx, f), &err);
	if (!app->running)
		tui_message(app, "cannot apply the filter: %s", err->message);
}

void tui_filter_cancel(struct tui_app *app)
{
	g_clear_pointer(&app->running, tui_filter_run_free);
}

/* Shows ROWS (NULL: every frame) for filter TEXT, keeping the selected frame
 * or the nearest after it. */
static void show_rows(struct tui_app *app, GArray *rows, const char *text)
{
	guint was = tui_selected_frame(app);
	if (app->rows)
		g_array_free(app->rows, TRUE);
	app->rows = rows;
	g_free(app->filter_text);
	app->filter_text = text && *text ? g_strdup(text) : NULL;
	guint count = rows ? rows->len : tui_index_count(app->idx);
	tui_scroll_set_count(&app->list, count);
	tui_sort_rows_changed(app);
	guint keep = was;
	if (was != G_MAXUINT && rows) {
		guint at = tui_rows_lower_bound(rows, was);
		keep = at < rows->len ? g_array_index(rows, guint, at) : G_MAXUINT;
	}
	guint row = keep == G_MAXUINT ? G_MAXUINT : tui_row_of(app, keep);
	tui_scroll_goto(&app->list, row == G_MAXUINT ? 0 : row);
}

void tui_filter_apply(struct tui_app *app, const char *text)
{
	if (!text || !*text) {
		tui_filter_cancel(app);
		show_rows(app, NULL, NULL);
		return;
	}
	g_autoptr(GError) err = NULL;
	dfilter *f = dfilter_compile(text, &err);
	if (!f) {
		tui_message(app, "bad filter: %s", err->message);
		return;
	}
	start_run(app, text, f);
}

bool tui_filter_step(struct tui_app *app, guint n)
{
	struct tui_filter_run *run = app->running;
	if (!run)
		return false;
	if (tui_filter_run_step(run, n))
		return true;
	if (run->pass.state < 0)
		tui_message(app, "filter stopped early: %s", run->pass.error);
	else
		tui_message(app, "%u frames match '%s'", run->rows->len, run->text);
	GArray *rows = g_steal_pointer(&run->rows);
	g_autofree char *text = g_steal_pointer(&run->text);
	tui_filter_cancel(app);
	show_rows(app, rows, text);
	return false;
}

enum tui_act tui_filterbar_key(struct tui_app *app, int ch)
{
	struct tui_editline *e = &app->filter_edit;
	switch (ch) {
	case 27: /* Esc: leave the bar; the filter applied stays */
		app->editing = false;
		tui_editline_clear(e);
		tui_message(app, "%s", app->filter_text || app->running ? "edit cancelled: the filter stays (an empty filter shows every frame)"
							     : "edit cancelled");
		return TUI_ACT_DONE;
	case '\n': case '\r': case KEY_ENTER:
		if (app->filter_error) {
			tui_message(app, "bad filter: %s", app->filter_error);
			return TUI_ACT_DONE;
		}
		app->editing = false;
		tui_editline_remember(e, e->text->str);
		if (!e->text->len && (app->filter_text || app->running))
			tui_message(app, "filter cleared");
		tui_filter_apply(app, e->text->str);
		return TUI_ACT_DONE;
	case KEY_UP: case KEY_DOWN:
		tui_editline_history(e, ch == KEY_UP ? -1 : 1);
		break;
	case '\t': {
		GPtrArray *c = tui_editline_complete(e);
		if (c->len > 1) {
			GString *s = g_string_new(NULL);
			for (guint i = 0; i < c->len && s->len < 200; i++)
				g_string_append_printf(s, "%s%s", i ? " " : "", (const char *)c->pdata[i]);
			tui_message(app, "%s", s->str);
			g_string_free(s, TRUE);
		} else if (c->len == 0) {
			tui_message(app, "no field or protocol starts so");
		}
		g_ptr_array_free(c, TRUE);
		break;
	}
	default:
		if (!tui_editline_key(e, ch))
			return TUI_ACT_DONE;
	}
	validate(app);
	return TUI_ACT_DONE;
}

/* ---- go to frame ---- */

void tui_goto_begin(struct tui_app *app)
{
	app->go_prompt = true;
	tui_editline_clear(&app->go_edit);
}

void tui_goto_draw(struct tui_app *app, int y, int w)
{
	attrset(tui_attr(COL_TITLE));
	tui_put(y, 0, w, "");
	mvaddstr(y, 0, "Go to frame: ");
	addstr(app->go_edit.text->str);
	attrset(A_NORMAL);
}

enum tui_act tui_goto_key(struct tui_app *app, int ch)
{
	struct tui_editline *e = &app->go_edit;
	if (ch == 27) {
		app->go_prompt = false;
		return TUI_ACT_DONE;
	}
	if (ch != '\n' && ch != '\r' && ch != KEY_ENTER) {
		if ((ch >= '0' && ch <= '9') || ch < 32 || ch > 126)
			tui_editline_key(e, ch);
		return TUI_ACT_DONE;
	}
	app->go_prompt = false;
	guint64 n = 0;
	if (!g_ascii_string_to_unsigned(e->text->str, 10, 1, G_MAXUINT32, &n, NULL)) {
		tui_message(app, "not a frame number: '%s'", e->text->str);
		return TUI_ACT_DONE;
	}
	if (n > tui_index_count(app->idx)) {
		if (app->idx->done)
			tui_message(app, "no frame %" G_GUINT64_FORMAT ": the capture has %u frames", n,
				    tui_index_count(app->idx));
		else
			tui_message(app, "no frame %" G_GUINT64_FORMAT " (%u so far)", n, tui_index_count(app->idx));
		return TUI_ACT_DONE;
	}
	guint frame = (guint)(n - 1), row = tui_row_of(app, frame);
	if (row == G_MAXUINT) {
		tui_message(app, "frame %u is not among the frames shown", frame + 1);
		return TUI_ACT_DONE;
	}
	tui_scroll_goto(&app->list, row);
	return TUI_ACT_SELECT;
}
