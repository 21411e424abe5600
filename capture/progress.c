/* progress.c — a transfer progress line: the file under way (name, bar,
 * bytes) then the whole run (files, bytes, rate, time left). */
#include <string.h>

#include "capture/progress.h"

const char *progress_bytes(char *buf, uint64_t n)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	double v = (double)n;
	guint u = 0;
	while (v >= 1024 && u + 1 < G_N_ELEMENTS(units)) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		g_snprintf(buf, 16, "%" G_GUINT64_FORMAT " B", n);
	else
		g_snprintf(buf, 16, "%.1f %s", v, units[u]);
	return buf;
}

static void eta(char *buf, double secs)
{
	if (secs < 0 || secs > 359999) {
		g_strlcpy(buf, "--:--", 16);
		return;
	}
	guint s = (guint)(secs + 0.5);
	if (s >= 3600)
		g_snprintf(buf, 16, "%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
	else
		g_snprintf(buf, 16, "%02u:%02u", s / 60, s % 60);
}

char *progress_line(const char *name, uint64_t done, uint64_t total, guint files_done, guint files_total,
		    uint64_t all_done, uint64_t all_total, double elapsed_s, int width)
{
	char a[16], b[16], r[16], e[16];
	double rate = elapsed_s > 0 ? (double)all_done / elapsed_s : 0;
	eta(e, rate > 0 && all_total >= all_done ? (double)(all_total - all_done) / rate : -1);
	g_autofree char *tail = g_strdup_printf(" | %u/%u files %s/%s %s/s ETA %s", files_done, files_total,
						progress_bytes(a, all_done), all_total ? progress_bytes(b, all_total) : "?",
						progress_bytes(r, (uint64_t)rate), e);
	if (!name)
		return g_strdup(tail + 3);
	char pct[8] = "  ?%";
	char bar[12] = "[         ]";
	if (total) {
		guint p = (guint)(done * 100 / total);
		g_snprintf(pct, sizeof pct, "%3u%%", MIN(p, 100u));
		for (guint i = 0; i < 9; i++)
			bar[1 + i] = i < p * 9 / 100 ? '#' : ' ';
	}
	int room = width - (int)strlen(tail) - 16;
	if (room < 8)
		room = 8;
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	size_t bl = strlen(base);
	g_autofree char *shown = bl > (size_t)room ? g_strdup_printf("...%s", base + bl - (size_t)(room - 3))
						   : g_strdup(base);
	g_autofree char *line = g_strdup_printf("%s %s %s%s", shown, bar, pct, tail);
	if ((int)strlen(line) > width && width > 0)
		line[width] = '\0';
	return g_steal_pointer(&line);
}
