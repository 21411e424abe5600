/* tui.c — the terminal UI's one event loop: it reads a key (or waits a
 * moment), lets the focused screen handle it, steps the background passes
 * (indexing, a filter being applied) for a few milliseconds, and draws.
 * Only this loop draws; the SIGWINCH handler only sets a flag.  ncurses
 * draws into its buffer and writes the changes at once on doupdate(). */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tui/app.h"
#include "tui/export.h"
#include "tui/filterbar.h"
#include "tui/savefile.h"
#include "tui/search.h"
#include "tui/sort.h"
#include "tui/tui.h"

static volatile sig_atomic_t resized; /* set by SIGWINCH */
static volatile sig_atomic_t quit_signal; /* SIGTERM, SIGHUP or SIGINT received */

static void on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

static void on_quit(int sig)
{
	quit_signal = sig;
}

static const struct tui_screen *const panes[PANE_COUNT] = {
	&tui_list_screen, &tui_detail_screen, &tui_bytes_screen,
};

guint tui_selected_frame(const struct tui_app *app)
{
	if (app->list.count == 0)
		return G_MAXUINT;
	return tui_row_frame(app, app->list.sel);
}

void tui_message(struct tui_app *app, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_free(app->message);
	app->message = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

void tui_columns_changed(struct tui_app *app)
{
	app->generation++;
	tui_sort_columns_changed(app);
	g_autofree char *err = NULL;
	if (!tui_columns_save(&app->columns, &err))
		tui_message(app, "columns not kept: %s", err);
}

/* Where each pane goes on a screen of ROWS x COLS: the filter bar on top,
 * the status line at the bottom, the panes between (list 1/2, tree 3/10,
 * bytes the rest), or the focused one alone when maximised. */
static void layout(const struct tui_app *app, int rows, int cols, struct tui_rect out[PANE_COUNT])
{
	int top = 1, h = MAX(3, rows - 2);
	memset(out, 0, sizeof(struct tui_rect) * PANE_COUNT);
	if (app->maximised) {
		out[app->focus] = (struct tui_rect){top, 0, h, cols};
		return;
	}
	int hl = MAX(2, h / 2), hd = MAX(1, (h * 3) / 10), hb = MAX(1, h - hl - hd - 2);
	out[PANE_LIST] = (struct tui_rect){top, 0, hl, cols};
	out[PANE_DETAIL] = (struct tui_rect){top + hl + 1, 0, hd, cols};
	out[PANE_BYTES] = (struct tui_rect){top + hl + hd + 2, 0, hb, cols};
}

static void draw_status(struct tui_app *app, int y, int w)
{
	char right[160];
	guint n = tui_index_count(app->idx);
	double searched, sorted;
	if (tui_search_running(app, &searched))
		g_snprintf(right, sizeof right, " searching %d%% (Esc stops) ", (int)(searched * 100));
	else if (app->running)
		g_snprintf(right, sizeof right, " applying filter %d%% (Esc stops) ",
			   (int)(tui_filter_run_progress(app->running) * 100));
	else if (tui_sort_running(app, &sorted) && app->idx->done)
		g_snprintf(right, sizeof right, " sorting %d%% (Esc stops) ", (int)(sorted * 100));
	else if (!app->idx->done)
		g_snprintf(right, sizeof right, " Indexing: %u frames, %d%% ", n, (int)(tui_index_progress(app->idx) * 100));
	else if (app->rows)
		g_snprintf(right, sizeof right, " Displayed: %u of %u frames ", app->rows->len, n);
	else
		g_snprintf(right, sizeof right, " Frames: %u ", n);
	const char *left = app->message;
	g_autofree char *tmp = NULL;
	if (app->menu_filter)
		left = tmp = g_strdup_printf("%s %s: Enter selected  n not selected  & ...and selected  | ...or selected  "
					     "! ...and not selected  o ...or not selected  Esc cancels",
					     app->menu_apply ? "apply" : "prepare", app->menu_filter);
	else if (app->editing && app->message) /* completion's candidates */
		left = app->message;
	else if (app->editing)
		left = app->filter_error ? app->filter_error
					 : "filter is good: Enter applies (empty: every frame), Esc cancels, Ctrl-U erases";
	else if (tui_search_prompting(app) && !left)
		left = "Tab: string, any case, hex bytes, filter  Enter: search  Esc: cancel  n / N: next / previous";
	else if (!left && app->focus == PANE_DETAIL && app->field_name)
		left = tmp = g_strdup_printf("field: %s", app->field_name);
	else if (!left && app->idx->error)
		left = tmp = g_strdup_printf("capture damaged: %s", app->idx->error);
	else if (!left)
		left = "? help  / filter  : go to  Tab pane  z maximise  s statistics  F follow  q quit";
	int rw = (int)strlen(right);
	attrset(app->editing && app->filter_error ? tui_attr(COL_ERR) : tui_attr(COL_TITLE));
	tui_put(y, 0, MAX(0, w - rw), left);
	attrset(tui_attr(COL_TITLE));
	if (w > rw)
		tui_put(y, w - rw, rw, right);
	attrset(A_NORMAL);
}

static void draw(struct tui_app *app)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	erase();
	if (app->overlay) {
		struct tui_rect r = {1, 0, rows - 2, cols};
		app->overlay_screen->draw(app->overlay, &r, true);
	} else {
		struct tui_rect rects[PANE_COUNT];
		layout(app, rows, cols, rects);
		for (int i = 0; i < PANE_COUNT; i++) {
			if (rects[i].h <= 0)
				continue;
			panes[i]->draw(app->pane[i], &rects[i], i == app->focus);
			if (!app->maximised && i > 0) {
				/* the pane with the keys: another colour and says so */
				bool f = i == app->focus;
				attrset(f ? tui_attr(COL_OK) | A_REVERSE | A_BOLD : tui_attr(COL_TITLE));
				tui_put(rects[i].y - 1, 0, cols,
					i == PANE_DETAIL ? (f ? "- Detail -  (the keys go here)" : "- Detail -")
							 : (f ? "- Bytes -  (the keys go here)" : "- Bytes -"));
				attrset(A_NORMAL);
			}
		}
	}
	draw_status(app, rows - 1, cols);
	bool searching = tui_search_prompting(app), exporting = tui_export_prompting(app) || tui_save_prompting(app);
	if (tui_save_prompting(app))
		tui_save_draw(app, 0, cols);
	else if (exporting)
		tui_export_draw(app, 0, cols);
	else if (app->go_prompt)
		tui_goto_draw(app, 0, cols);
	else if (searching)
		tui_search_draw(app, 0, cols);
	else
		tui_filterbar_draw(app, 0, cols);
	curs_set(app->editing || app->go_prompt || searching || exporting || app->screen_prompt ? 1 : 0);
	if (app->go_prompt && !exporting)
		move(0, 13 + (int)app->go_edit.cursor);
	else if (app->screen_prompt)
		move(app->prompt_y, app->prompt_x);
	wnoutrefresh(stdscr);
	doupdate();
}

/* Applies TEXT or puts it in the filter bar. */
static void use_filter(struct tui_app *app, const char *text, bool apply)
{
	if (apply) {
		tui_editline_set(&app->filter_edit, text);
		tui_editline_remember(&app->filter_edit, text);
		tui_filter_apply(app, text);
	} else {
		tui_filterbar_begin(app);
		tui_filterbar_prepare(app, text);
	}
}

void tui_field_filter(struct tui_app *app, const char *text, bool apply, bool menu)
{
	if (!menu) {
		use_filter(app, text, apply);
		return;
	}
	g_free(app->menu_filter);
	app->menu_filter = g_strdup(text);
	app->menu_apply = apply;
}

/* A key of the and/or/not menu. */
static void menu_key(struct tui_app *app, int ch)
{
	g_autofree char *f = g_steal_pointer(&app->menu_filter);
	const char *cur = app->running ? app->running->text : app->filter_text;
	g_autofree char *text = NULL;
	switch (ch) {
	case '\n': case '\r': case KEY_ENTER: case 's': text = g_strdup(f); break;
	case 'n': text = g_strdup_printf("!(%s)", f); break;
	case '&': case '|': case '!': case 'o':
		if (!cur)
			text = ch == '!' || ch == 'o' ? g_strdup_printf("!(%s)", f) : g_strdup(f);
		else
			text = g_strdup_printf("(%s) %s %s%s%s", cur, ch == '&' || ch == '!' ? "&&" : "||",
					       ch == '!' || ch == 'o' ? "!(" : "", f, ch == '!' || ch == 'o' ? ")" : "");
		break;
	default:
		tui_message(app, "filter menu closed");
		return;
	}
	use_filter(app, text, app->menu_apply);
}

static void open_overlay(struct tui_app *app, const struct tui_screen *s)
{
	if (app->overlay)
		app->overlay_screen->destroy(app->overlay);
	app->overlay_screen = s;
	app->overlay = s->create(app);
	if (!app->overlay) /* it said why on the status line */
		app->overlay_screen = NULL;
}

static void close_overlay(struct tui_app *app)
{
	if (!app->overlay)
		return;
	app->overlay_screen->destroy(app->overlay);
	app->overlay = NULL;
	app->overlay_screen = NULL;
}

/* A mouse click selects a row of the list; the wheel scrolls it. */
static void mouse(struct tui_app *app)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || app->overlay)
		return;
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	struct tui_rect rects[PANE_COUNT];
	layout(app, rows, cols, rects);
	if (ev.bstate & BUTTON4_PRESSED) {
		tui_scroll_move(&app->list, -3);
	} else if (ev.bstate & (BUTTON5_PRESSED)) {
		tui_scroll_move(&app->list, 3);
	} else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
		for (int i = 0; i < PANE_COUNT; i++)
			if (rects[i].h > 0 && ev.y >= rects[i].y && ev.y < rects[i].y + rects[i].h)
				app->focus = i;
		const struct tui_rect *l = &rects[PANE_LIST];
		if (app->focus == PANE_LIST && ev.y > l->y && ev.y < l->y + l->h) {
			guint row = app->list.top + (guint)(ev.y - l->y - 1);
			if (row < app->list.count)
				tui_scroll_goto(&app->list, row);
		}
	}
}

/* `t`: the next time format, tshark's -t ones in turn. */
static void cycle_time(struct tui_app *app)
{
	static const struct {
		char code;
		const char *what;
	} formats[] = {
		{'r', "seconds since the first frame (or the time reference)"},
		{'a', "absolute (UTC)"},
		{'d', "since the previous frame"},
		{'D', "since the previous frame shown (-t dd)"},
		{'e', "seconds since the epoch (-t e)"},
		{'u', "UTC time of day (-t u)"},
		{'U', "UTC date and time (-t ud)"},
		{'l', "local time of day (-t a)"},
		{'L', "local date and time (-t ad)"},
	};
	size_t i = 0;
	while (i < G_N_ELEMENTS(formats) && formats[i].code != app->time_format)
		i++;
	i = (i + 1) % G_N_ELEMENTS(formats);
	app->time_format = formats[i].code;
	app->generation++;
	tui_sort_time_changed(app);
	tui_message(app, "time: %s", formats[i].what);
}

/* Keys every screen shares; false when KEY is not one.  *QUIT is set when
 * the user quits. */
static bool global_key(struct tui_app *app, int ch, bool *quit)
{
	switch (ch) {
	case 'q': case 'Q':
		if (app->overlay)
			close_overlay(app);
		else
			*quit = true;
		return true;
	case '?': open_overlay(app, &tui_help_screen); return true;
	case 's': open_overlay(app, &tui_stats_screen); return true;
	case 'I': open_overlay(app, &tui_props_screen); return true;
	case 'v': open_overlay(app, &tui_graph_screen); return true;
	case 'C': open_overlay(app, &tui_columns_screen); return true;
	case 'w': close_overlay(app); tui_export_begin(app); return true;
	case 'F':
		if (!app->overlay)
			open_overlay(app, &tui_follow_screen);
		return true;
	case '/': close_overlay(app); tui_filterbar_begin(app); return true;
	case ':': case 7: close_overlay(app); tui_goto_begin(app); return true;
	case '\t': app->focus = (app->focus + 1) % PANE_COUNT; return true;
	case KEY_BTAB: app->focus = (app->focus + PANE_COUNT - 1) % PANE_COUNT; return true;
	case 'z': app->maximised = !app->maximised; return true;
	case 't':
		cycle_time(app);
		return true;
	case 6: /* Ctrl-F */
		close_overlay(app);
		tui_search_begin(app);
		return true;
	case 'n': case 'N':
		if (!app->overlay)
			tui_search_again(app, ch == 'n' ? 1 : -1);
		return true;
	case 27:
		if (tui_search_running(app, &(double){0})) {
			tui_search_cancel(app);
			tui_message(app, "search stopped");
		} else if (app->running) {
			tui_filter_cancel(app);
			tui_message(app, "filter stopped");
		} else if (tui_sort_running(app, &(double){0})) {
			tui_sort_cancel(app);
			tui_message(app, "sort stopped: frame order");
		}
		return true;
	case KEY_MOUSE: mouse(app); return true;
	default: return false;
	}
}

/* Handles one key; returns false when the user quits. */
static bool handle_key(struct tui_app *app, int ch)
{
	g_clear_pointer(&app->message, g_free);
	if (app->menu_filter)
		return menu_key(app, ch), true;
	if (app->editing)
		return tui_filterbar_key(app, ch), true;
	if (app->go_prompt)
		return tui_goto_key(app, ch), true;
	if (tui_export_prompting(app))
		return tui_export_key(app, ch), true;
	if (tui_save_prompting(app))
		return tui_save_key(app, ch), true;
	if (tui_search_prompting(app))
		return tui_search_key(app, ch), true;
	enum tui_act act = TUI_ACT_NONE;
	if (app->overlay) {
		act = app->overlay_screen->key(app->overlay, ch);
		if (act == TUI_ACT_CLOSE || (act == TUI_ACT_NONE && ch == 27)) {
			close_overlay(app);
			return true;
		}
		if (act == TUI_ACT_FILTER) {
			close_overlay(app);
			tui_editline_set(&app->filter_edit, app->request);
			tui_editline_remember(&app->filter_edit, app->request);
			tui_filter_apply(app, app->request);
			return true;
		}
	} else {
		act = panes[app->focus]->key(app->pane[app->focus], ch);
		if (act == TUI_ACT_FILTER) {
			use_filter(app, app->request, true);
			return true;
		}
	}
	if (act != TUI_ACT_NONE)
		return true;
	bool quit = false;
	global_key(app, ch, &quit);
	return !quit;
}

/* Steps the background passes for about 30 ms; true while work remains. */
static bool background(struct tui_app *app)
{
	gint64 until = g_get_monotonic_time() + 30000;
	bool busy;
	do {
		busy = false;
		if (!app->idx->done)
			busy |= tui_index_step(app->idx, 2000);
		if (app->running)
			busy |= tui_filter_step(app, 2000);
		busy |= tui_search_step(app, 2000);
		busy |= tui_sort_step(app, 2000);
		busy |= tui_export_step(app);
		if (app->overlay && app->overlay_screen->step)
			busy |= app->overlay_screen->step(app->overlay);
	} while (busy && g_get_monotonic_time() < until);
	if (!app->rows)
		tui_scroll_set_count(&app->list, tui_index_count(app->idx));
	return busy;
}

static void apply_resize(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}

static void app_free(struct tui_app *app)
{
	close_overlay(app);
	tui_filter_cancel(app);
	tui_search_free(app);
	tui_export_free(app);
	tui_save_free(app);
	tui_sort_free(app);
	for (int i = 0; i < PANE_COUNT; i++)
		if (app->pane[i])
			panes[i]->destroy(app->pane[i]);
	tui_index_free(app->idx);
	tui_reread_free(app->list_rr);
	tui_reread_free(app->detail_rr);
	if (app->rows)
		g_array_free(app->rows, TRUE);
	tui_editline_free(&app->filter_edit);
	tui_columns_free(&app->columns);
	tui_editline_free(&app->go_edit);
	g_free(app->filter_text);
	g_free(app->filter_error);
	g_free(app->message);
	g_free(app->field_name);
	g_free(app->request);
	g_free(app->menu_filter);
}

static void loop(struct tui_app *app)
{
	bool busy = true;
	for (;;) {
		if (quit_signal)
			break;
		if (resized) {
			resized = 0;
			apply_resize();
		}
		busy = background(app);
		draw(app);
		/* while work remains, only look for a key; else wait for one */
		timeout(busy ? 0 : 250);
		int ch = getch();
		if (ch == ERR)
			continue;
		if (ch == KEY_RESIZE)
			continue;
		if (!handle_key(app, ch))
			break;
	}
}

int tui_run(const char *path, GError **error)
{
	struct tui_app app = {0};
	app.idx = tui_index_open(path, error);
	if (!app.idx)
		return 1;
	app.list_rr = tui_reread_open(path, error);
	app.detail_rr = app.list_rr ? tui_reread_open(path, error) : NULL;
	if (!app.detail_rr) {
		app_free(&app);
		return 1;
	}
	tui_editline_init(&app.filter_edit);
	tui_editline_init(&app.go_edit);
	app.field_off = app.field_len = -1;
	app.time_format = 'r';
	g_autofree char *col_warning = NULL;
	tui_columns_load(&app.columns, &col_warning);
	if (col_warning)
		tui_message(&app, "%s", col_warning);
	/* the first screenful at once; the rest in the loop */
	tui_index_step(app.idx, 200);
	tui_scroll_set_count(&app.list, tui_index_count(app.idx));

	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	app.colour = has_colors() && !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
	tui_theme_init(app.colour);
	struct sigaction sa = {0};
	sa.sa_handler = on_winch;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, NULL);
	for (int i = 0; i < PANE_COUNT; i++)
		app.pane[i] = panes[i]->create(&app);
	/* killed (or the terminal gone): the loop ends, what is under way is
	 * stopped and its temporary files removed, then the signal ends the
	 * process as it would have */
	sa.sa_handler = on_quit;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	loop(&app);
	endwin();
	app_free(&app);
	if (quit_signal) {
		signal(quit_signal, SIG_DFL);
		raise(quit_signal);
	}
	return 0;
}
