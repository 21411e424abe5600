/* savefile.c — saving a tree line's bytes or value to a file (see
 * savefile.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tui/savefile.h"

struct tui_save {
	struct tui_editline edit;
	GByteArray *data;
	char *what;      /* owned */
	char *confirm;   /* the path that exists, awaiting y / n, owned */
};

static GQuark save_quark(void)
{
	return g_quark_from_static_string("tui-save");
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The process a temporary file NAME beside BASE belongs to: NAME is
 * "BASE.part-PID" (a save or export of process PID), maybe followed by
 * ".part-CHILD" (what the export's writer had under way).  0 when NAME is
 * no such file. */
static long part_owner(const char *name, const char *base)
{
	size_t bl = strlen(base);
	if (strncmp(name, base, bl) != 0 || strncmp(name + bl, ".part-", 6) != 0)
		return 0;
	const char *at = name + bl + 6;
	char *end;
	errno = 0;
	long pid = strtol(at, &end, 10);
	if (end == at || errno || pid <= 0 || (*end && strncmp(end, ".part-", 6) != 0))
		return 0;
	if (*end) {
		const char *c = end + 6;
		if (!*c || strspn(c, "0123456789") != strlen(c))
			return 0;
	}
	return pid;
}

void tui_save_sweep(const char *path)
{
	g_autofree char *dir = g_path_get_dirname(path);
	g_autofree char *base = g_path_get_basename(path);
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		return;
	const char *name;
	while ((name = g_dir_read_name(d))) {
		long pid = part_owner(name, base);
		/* only a dead process's: a live one may be writing it */
		if (pid && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
			g_autofree char *full = g_build_filename(dir, name, NULL);
			g_unlink(full);
		}
	}
	g_dir_close(d);
}

int tui_save_open(const char *path, const char *capture, char **tmp, GError **error)
{
	*tmp = NULL;
	if (same_file(path, capture)) {
		g_set_error(error, save_quark(), 0, "'%s' is the capture being read", path);
		return -1;
	}
	tui_save_sweep(path);
	char *name = g_strdup_printf("%s.part-%ld", path, (long)getpid());
	int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		int e = errno;
		if (e == EEXIST)
			g_set_error(error, save_quark(), e, "cannot write '%s': it is being written already", path);
		else
			g_set_error(error, save_quark(), e, "cannot write '%s': %s", path, g_strerror(e));
		g_free(name);
		return -1;
	}
	*tmp = name;
	return fd;
}

bool tui_save_finish(const char *tmp, const char *path, bool replace, int err, GError **error)
{
	/* replace: rename over it; else a link, which fails on a file there
	 * (where links cannot be made: renamed when nothing is there) */
	if (!err && replace && rename(tmp, path) != 0)
		err = errno;
	if (!err && !replace && link(tmp, path) != 0) {
		err = errno;
		if (err != EEXIST && g_access(path, F_OK) != 0 && errno == ENOENT)
			err = rename(tmp, path) == 0 ? 0 : errno;
		else if (err != EEXIST && g_access(path, F_OK) == 0)
			err = EEXIST;
	}
	if (err || !replace)
		g_unlink(tmp);
	if (err) {
		g_set_error(error, save_quark(), err, "cannot write '%s': %s", path,
			    err == EEXIST ? "it exists" : g_strerror(err));
		return false;
	}
	return true;
}

bool tui_save_write(const char *path, const void *data, gsize len, bool replace, const char *capture,
		    GError **error)
{
	g_autofree char *tmp = NULL;
	int fd = tui_save_open(path, capture, &tmp, error);
	if (fd < 0)
		return false;
	const uint8_t *p = data;
	gsize done = 0;
	int err = 0;
	while (done < len && !err) {
		ssize_t n = write(fd, p + done, len - done);
		if (n > 0)
			done += (gsize)n;
		else if (n < 0 && errno == EINTR)
			continue;
		else
			err = n < 0 ? errno : ENOSPC;
	}
	if (!err && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	return tui_save_finish(tmp, path, replace, err, error);
}

bool tui_save_exists(const char *path, const char *capture)
{
	return g_access(path, F_OK) == 0 && !same_file(path, capture);
}

int tui_save_ask_draw(int y, int x, int w, const char *path)
{
	attrset(tui_attr(COL_TITLE));
	g_autofree char *label = g_strdup_printf("'%s' exists: y replaces it, n or Esc keeps it ", path);
	tui_put(y, x, w, label);
	int at = x + MIN(w - 1, (int)strlen(label));
	move(y, at);
	attrset(A_NORMAL);
	return at;
}

bool tui_save_answer(struct tui_app *app, const char *path, int ch)
{
	if (ch == 'y' || ch == 'Y')
		return true;
	tui_message(app, "'%s' kept: not saved", path);
	return false;
}

void tui_save_free(struct tui_app *app)
{
	struct tui_save *s = app->save;
	if (!s)
		return;
	tui_editline_free(&s->edit);
	g_byte_array_free(s->data, TRUE);
	g_free(s->what);
	g_free(s->confirm);
	g_free(s);
	app->save = NULL;
}

void tui_save_begin(struct tui_app *app, const char *what, const void *data, gsize len)
{
	tui_save_free(app);
	struct tui_save *s = g_new0(struct tui_save, 1);
	tui_editline_init(&s->edit);
	s->data = g_byte_array_sized_new((guint)len);
	g_byte_array_append(s->data, data, (guint)len);
	s->what = g_strdup(what);
	app->save = s;
}

bool tui_save_prompting(const struct tui_app *app)
{
	return app->save != NULL;
}

void tui_save_draw(struct tui_app *app, int y, int w)
{
	struct tui_save *s = app->save;
	if (s->confirm) {
		tui_save_ask_draw(y, 0, w, s->confirm);
		return;
	}
	attrset(tui_attr(COL_TITLE));
	g_autofree char *label = g_strdup_printf("Save %s to: ", s->what);
	g_autofree char *text = g_strdup_printf("%s%s", label, s->edit.text->str);
	tui_put(y, 0, w, text);
	move(y, MIN(w - 1, (int)strlen(label) + (int)s->edit.cursor));
	attrset(A_NORMAL);
}

/* Writes the bytes to PATH (REPLACE: over a file there); true when done
 * or failed for good, false when PATH exists and the user must say. */
static bool write_to(struct tui_app *app, const char *path, bool replace)
{
	struct tui_save *s = app->save;
	g_autoptr(GError) err = NULL;
	if (tui_save_write(path, s->data->data, s->data->len, replace, app->idx->path, &err)) {
		tui_message(app, "saved %s to '%s'", s->what, path);
		return true;
	}
	if (err->code == EEXIST && !replace)
		return false;
	tui_message(app, "%s: not saved", err->message);
	return true;
}

void tui_save_key(struct tui_app *app, int ch)
{
	struct tui_save *s = app->save;
	if (s->confirm) {
		if (tui_save_answer(app, s->confirm, ch))
			write_to(app, s->confirm, true);
		tui_save_free(app);
		return;
	}
	if (ch == 27) {
		tui_message(app, "not saved");
		tui_save_free(app);
		return;
	}
	if (ch != '\n' && ch != '\r' && ch != KEY_ENTER) {
		tui_editline_key(&s->edit, ch);
		return;
	}
	g_autofree char *path = g_strdup(s->edit.text->str);
	g_strstrip(path);
	if (!*path) {
		tui_message(app, "no file name: not saved");
		tui_save_free(app);
		return;
	}
	if (write_to(app, path, false))
		tui_save_free(app);
	else
		s->confirm = g_steal_pointer(&path);
}
