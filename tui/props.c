/* props.c — the capture file properties screen (Wireshark's Capture File
 * Properties): what `analyze info` prints for the file, read from the
 * program itself run as `analyze info FILE` in the background, so the
 * screen says exactly what the command says and the keys keep working
 * while a big file is read through. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>

#include "tui/app.h"

struct props {
	struct tui_app *app;
	GPid pid;            /* the `analyze info` process, 0 once reaped */
	int out;             /* its standard output and error, -1 once read */
	GString *text;       /* what it wrote so far */
	GPtrArray *lines;    /* char *: text split, owned */
	int status;          /* its exit status once ended, -1 before */
	struct tui_scroll scroll;
};

/* The path a child process can open: /proc/self/fd/N (a decompressed
 * capture) is this process's, so /proc/PID/fd/N. */
static char *child_path(const char *path)
{
	if (g_str_has_prefix(path, "/proc/self/"))
		return g_strdup_printf("/proc/%ld/%s", (long)getpid(), path + strlen("/proc/self/"));
	return g_strdup(path);
}

static void *props_create(struct tui_app *app)
{
	g_autofree char *path = child_path(app->idx->path);
	const char *argv[] = {"/proc/self/exe", "info", "-q", "--", path, NULL};
	g_autoptr(GError) err = NULL;
	GPid pid = 0;
	int fds[2];
	if (!g_unix_open_pipe(fds, FD_CLOEXEC, &err)) {
		tui_message(app, "cannot read the file's properties: %s", err->message);
		return NULL;
	}
	/* standard output and error into one pipe: a message is part of the answer */
	bool ok = g_spawn_async_with_pipes_and_fds(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, -1, fds[1],
						   fds[1], NULL, NULL, 0, &pid, NULL, NULL, NULL, &err);
	close(fds[1]);
	int out = fds[0];
	if (!ok) {
		close(out);
		tui_message(app, "cannot read the file's properties: %s", err->message);
		return NULL;
	}
	fcntl(out, F_SETFL, fcntl(out, F_GETFL) | O_NONBLOCK);
	struct props *p = g_new0(struct props, 1);
	p->app = app;
	p->pid = pid;
	p->out = out;
	p->status = -1;
	p->text = g_string_new(NULL);
	p->lines = g_ptr_array_new_with_free_func(g_free);
	return p;
}

static void props_destroy(void *self)
{
	struct props *p = self;
	if (p->out >= 0)
		close(p->out);
	if (p->pid) {
		kill(p->pid, SIGTERM);
		waitpid(p->pid, NULL, 0);
		g_spawn_close_pid(p->pid);
	}
	g_string_free(p->text, TRUE);
	g_ptr_array_free(p->lines, TRUE);
	g_free(p);
}

/* Reads what the process wrote; reaps it at the end. */
static bool props_step(void *self)
{
	struct props *p = self;
	if (p->out < 0)
		return false;
	char buf[4096];
	ssize_t n;
	while ((n = read(p->out, buf, sizeof buf)) > 0)
		g_string_append_len(p->text, buf, n);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return false; /* more to come: looked at again on the next turn */
	close(p->out);
	p->out = -1;
	int st = 0;
	if (p->pid && waitpid(p->pid, &st, 0) == p->pid) {
		p->status = WIFEXITED(st) ? WEXITSTATUS(st) : 1;
		g_spawn_close_pid(p->pid);
		p->pid = 0;
	}
	g_auto(GStrv) v = g_strsplit(p->text->str, "\n", -1);
	for (guint i = 0; v[i]; i++)
		if (v[i + 1] || *v[i])
			g_ptr_array_add(p->lines, g_strdup(v[i]));
	tui_scroll_set_count(&p->scroll, p->lines->len);
	return false;
}

static void props_draw(void *self, const struct tui_rect *r, bool focused)
{
	struct props *p = self;
	(void)focused;
	attrset(tui_attr(COL_TITLE));
	tui_put(r->y, r->x, r->w, "Capture File Properties (analyze info)   j k: scroll  q: back");
	attrset(A_NORMAL);
	int body = r->h - 1;
	tui_scroll_set_height(&p->scroll, (guint)MAX(1, body));
	for (int i = 0; i < body; i++) {
		guint at = p->scroll.top + (guint)i;
		const char *text = "";
		if (p->out >= 0 && i == 0)
			text = "reading the file...";
		else if (at < p->lines->len)
			text = p->lines->pdata[at];
		else if (at == p->lines->len && p->status > 0)
			text = "(analyze info failed: the lines above say why)";
		tui_put(r->y + 1 + i, r->x, r->w, text);
	}
}

static void props_resize(void *self, const struct tui_rect *r)
{
	struct props *p = self;
	tui_scroll_set_height(&p->scroll, (guint)MAX(1, r->h - 1));
}

static enum tui_act props_key(void *self, int ch)
{
	struct props *p = self;
	switch (ch) {
	case KEY_DOWN: case 'j': /* the view moves, not a selection */
		if (p->scroll.top + p->scroll.height < p->scroll.count)
			tui_scroll_goto(&p->scroll, p->scroll.top + p->scroll.height);
		break;
	case KEY_UP: case 'k': tui_scroll_goto(&p->scroll, p->scroll.top ? p->scroll.top - 1 : 0); break;
	case 'q': case 27: return TUI_ACT_CLOSE;
	default: return TUI_ACT_NONE;
	}
	return TUI_ACT_DONE;
}

static const struct tui_keyhelp props_help[] = {
	{"Down j / Up k", "scroll"},
	{"q / Esc", "back to the list"},
	{NULL, NULL},
};

const struct tui_screen tui_props_screen = {
	"Capture file properties", props_create, props_destroy, props_draw, props_resize, props_key, props_help,
	props_step,
};
