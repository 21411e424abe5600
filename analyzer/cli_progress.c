/* cli_progress.c — the progress line while a report reads its files (see
 * cli_progress.h); its text is capture/progress.c's, as for transfers. */
#include "analyzer/cli_progress.h"

#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "capture/progress.h"

/* The run must last this long before the line appears, and it is redrawn
 * no more often than this (microseconds). */
#define SHOW_AFTER_US (G_USEC_PER_SEC)
#define REDRAW_US (G_USEC_PER_SEC / 5)

struct cli_progress {
	guint n_files;
	guint index;          /* the file being read, from 0 */
	char *name;           /* its name, as given */
	int64_t run_start;    /* monotonic, microseconds */
	int64_t file_start;
	int64_t last_draw;
	bool drawn;           /* the line is on the screen */
};

struct cli_progress *cli_progress_new(guint n_files)
{
	if (!isatty(STDERR_FILENO))
		return NULL;
	struct cli_progress *p = g_new0(struct cli_progress, 1);
	p->n_files = n_files;
	p->run_start = p->file_start = g_get_monotonic_time();
	return p;
}

void cli_progress_file(struct cli_progress *p, guint index, const char *name)
{
	if (p == NULL)
		return;
	g_free(p->name);
	p->name = g_strdup(strcmp(name, "-") == 0 ? "standard input" : name);
	p->index = index;
	p->file_start = g_get_monotonic_time();
}

/* Columns of the terminal on standard error, less one (a line as wide as
 * the terminal would wrap). */
static int line_width(void)
{
	struct winsize ws;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col - 1;
	return 79;
}

/* Writes S to standard error at once. */
static void put(const char *s)
{
	size_t len = strlen(s);
	while (len > 0) {
		ssize_t n = write(STDERR_FILENO, s, len);
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

void cli_progress_update(uint64_t done, uint64_t total, void *data)
{
	struct cli_progress *p = data;
	int64_t now = g_get_monotonic_time();
	if (now - p->run_start < SHOW_AFTER_US || (p->drawn && now - p->last_draw < REDRAW_US))
		return;
	double secs = (double)(now - p->file_start) / G_USEC_PER_SEC;
	g_autofree char *line = progress_line(p->name, done, total, p->index, p->n_files, done, total,
					      secs, line_width());
	g_autofree char *out = g_strconcat("\r", line, "\033[K", NULL);
	put(out);
	p->drawn = true;
	p->last_draw = now;
}

void cli_progress_clear(struct cli_progress *p)
{
	if (p == NULL || !p->drawn)
		return;
	put("\r\033[K");
	p->drawn = false;
}

void cli_progress_free(struct cli_progress *p)
{
	if (p == NULL)
		return;
	cli_progress_clear(p);
	g_free(p->name);
	g_free(p);
}
