/* export.c — exporting frames to a capture file (Wireshark's Export
 * Specified Packets): the frames shown, the marked ones, every frame or a
 * range of frame numbers, as pcapng or pcap (by the file name's ending).
 * The program itself writes the file, run in the background as
 * `analyze list -q -Y FILTER -w FILE -F FORMAT CAPTURE`, so the file is
 * what `list -w` writes (its frames byte for byte, the file never left
 * half-written under its name) and the keys keep working meanwhile. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <unistd.h>

#include "tui/export.h"
#include "tui/savefile.h"

enum stage { EX_MENU = 1, EX_RANGE, EX_FILE, EX_ASK, EX_RUNNING };

struct tui_export {
	enum stage stage;
	char which;              /* 'd' shown, 'm' marked, 'a' all, 'r' range */
	struct tui_editline edit;
	char *filter;            /* what selects the frames, owned, NULL: every frame */
	guint frames;            /* how many frames that is */
	char *file;              /* owned */
	char *tmp;               /* the temporary file written, renamed or linked to file at the end, owned */
	bool replace;            /* a file there may be replaced (the user said y) */
	GPid pid;
	int err;                 /* the child's standard error, -1 when none */
	GString *errtext;
};

static void stop(struct tui_app *app)
{
	struct tui_export *x = app->export;
	if (!x)
		return;
	if (x->pid) {
		kill(x->pid, SIGTERM);
		waitpid(x->pid, NULL, 0);
		/* what the writer had under way: `list -w FILE` writes FILE.part-PID
		 * and renames it at the end */
		if (x->tmp) {
			g_autofree char *part = g_strdup_printf("%s.part-%ld", x->tmp, (long)x->pid);
			unlink(part);
		}
		g_spawn_close_pid(x->pid);
	}
	if (x->err >= 0)
		close(x->err);
	tui_editline_free(&x->edit);
	g_free(x->filter);
	g_free(x->file);
	if (x->tmp)
		unlink(x->tmp);
	g_free(x->tmp);
	g_string_free(x->errtext, TRUE);
	g_free(x);
	app->export = NULL;
}

void tui_export_free(struct tui_app *app)
{
	stop(app);
}

/* How many marked frames, and their filter (frame.number in {...}). */
static guint marked(struct tui_app *app, char **filter)
{
	GString *f = g_string_new("frame.number in {");
	guint n = 0;
	for (guint i = 0; i < tui_index_count(app->idx); i++)
		if (tui_index_marks(app->idx, i) & TUI_MARK_USER)
			g_string_append_printf(f, "%s%u", n++ ? ", " : "", i + 1);
	g_string_append_c(f, '}');
	*filter = n ? g_string_free(f, FALSE) : (g_string_free(f, TRUE), NULL);
	return n;
}

void tui_export_begin(struct tui_app *app)
{
	if (app->export && app->export->stage == EX_RUNNING) {
		tui_message(app, "an export is being written");
		return;
	}
	stop(app);
	if (!app->idx->done) {
		tui_message(app, "export when indexing has ended");
		return;
	}
	struct tui_export *x = g_new0(struct tui_export, 1);
	x->stage = EX_MENU;
	x->err = -1;
	x->errtext = g_string_new(NULL);
	tui_editline_init(&x->edit);
	app->export = x;
}

bool tui_export_prompting(const struct tui_app *app)
{
	return app->export && app->export->stage != EX_RUNNING;
}

void tui_export_draw(struct tui_app *app, int y, int w)
{
	struct tui_export *x = app->export;
	g_autofree char *text = NULL;
	if (x->stage == EX_ASK) {
		tui_save_ask_draw(y, 0, w, x->file);
		return;
	}
	attrset(tui_attr(COL_TITLE));
	if (x->stage == EX_MENU) {
		guint shown = app->rows ? app->rows->len : tui_index_count(app->idx);
		g_autofree char *f = NULL;
		guint m = marked(app, &f);
		text = g_strdup_printf("Export: d the frames shown (%u)  m marked (%u)  a all (%u)  r a range  Esc cancels",
				       shown, m, tui_index_count(app->idx));
		tui_put(y, 0, w, text);
	} else {
		const char *label = x->stage == EX_RANGE ? "Export frames (FIRST-LAST): " : "Export to (.pcapng or .pcap): ";
		text = g_strdup_printf("%s%s", label, x->edit.text->str);
		tui_put(y, 0, w, text);
		move(y, MIN(w - 1, (int)strlen(label) + (int)x->edit.cursor));
	}
	attrset(A_NORMAL);
}

/* In the writer, before it runs: it ends when the UI does (killed, so
 * nothing could stop it), leaving only temporary files, which the next
 * save or export to that name removes (tui_save_sweep). */
static void child_setup(gpointer data)
{
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != (pid_t)GPOINTER_TO_INT(data))
		_exit(1); /* the UI was already gone */
#else
	(void)data;
#endif
}

/* Starts `analyze list -q [-Y FILTER] -w TMP -F FORMAT CAPTURE`, TMP a
 * temporary file beside FILE, put in place when it ends well. */
static void run(struct tui_app *app)
{
	struct tui_export *x = app->export;
	const char *path = app->idx->path;
	g_autoptr(GError) terr = NULL;
	int fd = tui_save_open(x->file, path, &x->tmp, &terr);
	if (fd < 0) {
		tui_message(app, "%s: not exported", terr->message);
		stop(app);
		return;
	}
	close(fd);
	g_autofree char *cpath = g_str_has_prefix(path, "/proc/self/")
				 ? g_strdup_printf("/proc/%ld/%s", (long)getpid(), path + strlen("/proc/self/"))
				 : g_strdup(path);
	const char *format = g_str_has_suffix(x->file, ".pcap") || g_str_has_suffix(x->file, ".cap") ? "pcap" : "pcapng";
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, "/proc/self/exe");
	g_ptr_array_add(argv, "list");
	g_ptr_array_add(argv, "-q");
	if (x->filter) {
		g_ptr_array_add(argv, "-Y");
		g_ptr_array_add(argv, x->filter);
	}
	g_ptr_array_add(argv, "-w");
	g_ptr_array_add(argv, x->tmp);
	g_ptr_array_add(argv, "-F");
	g_ptr_array_add(argv, (gpointer)format);
	g_ptr_array_add(argv, "--");
	g_ptr_array_add(argv, cpath);
	g_ptr_array_add(argv, NULL);
	g_autoptr(GError) err = NULL;
	bool ok = g_spawn_async_with_pipes(NULL, (char **)argv->pdata, NULL,
					   G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, child_setup,
					   GINT_TO_POINTER((int)getpid()), &x->pid,
					   NULL, NULL, &x->err, &err);
	g_ptr_array_free(argv, TRUE);
	if (!ok) {
		tui_message(app, "cannot export: %s", err->message);
		stop(app);
		return;
	}
	fcntl(x->err, F_SETFL, fcntl(x->err, F_GETFL) | O_NONBLOCK);
	x->stage = EX_RUNNING;
	tui_message(app, "writing %u frames to '%s'", x->frames, x->file);
}

/* The range FIRST-LAST typed: its filter; false with a message when bad. */
static bool take_range(struct tui_app *app, const char *text)
{
	struct tui_export *x = app->export;
	g_auto(GStrv) v = g_strsplit(text, "-", 2);
	guint64 a = 0, b = 0, n = tui_index_count(app->idx);
	if (!v[0] || !v[1] || !g_ascii_string_to_unsigned(g_strstrip(v[0]), 10, 1, n, &a, NULL) ||
	    !g_ascii_string_to_unsigned(g_strstrip(v[1]), 10, a, n, &b, NULL)) {
		tui_message(app, "not a range of frames 1-%" G_GUINT64_FORMAT ": '%s'", n, text);
		return false;
	}
	x->filter = g_strdup_printf("frame.number >= %" G_GUINT64_FORMAT " && frame.number <= %" G_GUINT64_FORMAT, a, b);
	x->frames = (guint)(b - a + 1);
	return true;
}

enum tui_act tui_export_key(struct tui_app *app, int ch)
{
	struct tui_export *x = app->export;
	if (x->stage == EX_ASK) {
		if (!tui_save_answer(app, x->file, ch)) {
			stop(app);
			return TUI_ACT_DONE;
		}
		x->replace = true;
		run(app);
		return TUI_ACT_DONE;
	}
	if (ch == 27) {
		tui_message(app, "export cancelled");
		stop(app);
		return TUI_ACT_DONE;
	}
	if (x->stage == EX_MENU) {
		x->which = (char)ch;
		switch (ch) {
		case 'd':
			x->frames = app->rows ? app->rows->len : tui_index_count(app->idx);
			x->filter = g_strdup(app->rows ? app->filter_text : NULL);
			break;
		case 'm':
			x->frames = marked(app, &x->filter);
			if (!x->frames) {
				tui_message(app, "no frame is marked (m marks one)");
				stop(app);
				return TUI_ACT_DONE;
			}
			break;
		case 'a': x->frames = tui_index_count(app->idx); break;
		case 'r': x->stage = EX_RANGE; return TUI_ACT_DONE;
		default: return TUI_ACT_DONE;
		}
		x->stage = EX_FILE;
		return TUI_ACT_DONE;
	}
	if (ch != '\n' && ch != '\r' && ch != KEY_ENTER) {
		tui_editline_key(&x->edit, ch);
		return TUI_ACT_DONE;
	}
	g_autofree char *text = g_strstrip(g_strdup(x->edit.text->str));
	tui_editline_clear(&x->edit);
	if (x->stage == EX_RANGE) {
		if (take_range(app, text))
			x->stage = EX_FILE;
		return TUI_ACT_DONE;
	}
	if (!*text) {
		tui_message(app, "no file name given");
		return TUI_ACT_DONE;
	}
	x->file = g_steal_pointer(&text);
	if (tui_save_exists(x->file, app->idx->path))
		x->stage = EX_ASK; /* asked before it is replaced */
	else
		run(app);
	return TUI_ACT_DONE;
}

bool tui_export_step(struct tui_app *app)
{
	struct tui_export *x = app->export;
	if (!x || x->stage != EX_RUNNING)
		return false;
	char buf[1024];
	ssize_t n;
	while (x->err >= 0 && (n = read(x->err, buf, sizeof buf)) > 0)
		g_string_append_len(x->errtext, buf, n);
	int st = 0;
	pid_t r = waitpid(x->pid, &st, WNOHANG);
	if (r == 0 || (r < 0 && errno == EINTR))
		return false; /* looked at again on the loop's next turn */
	g_spawn_close_pid(x->pid);
	x->pid = 0;
	fcntl(x->err, F_SETFL, fcntl(x->err, F_GETFL) & ~O_NONBLOCK);
	while (x->err >= 0 && (n = read(x->err, buf, sizeof buf)) > 0)
		g_string_append_len(x->errtext, buf, n);
	g_autoptr(GError) perr = NULL;
	if (r > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		if (tui_save_finish(x->tmp, x->file, x->replace, 0, &perr))
			tui_message(app, "exported %u frames to '%s'", x->frames, x->file);
		else
			tui_message(app, "export failed: %s", perr->message);
		g_clear_pointer(&x->tmp, g_free); /* removed or in place */
	} else {
		g_strstrip(x->errtext->str);
		const char *nl = strchr(x->errtext->str, '\n');
		tui_message(app, "export failed: %.*s", nl ? (int)(nl - x->errtext->str) : (int)strlen(x->errtext->str),
			    x->errtext->str);
	}
	stop(app);
	return false;
}
