/* progress.h — the text of a transfer progress line (the caller draws it). */
#ifndef ANALYZE_PROGRESS_H
#define ANALYZE_PROGRESS_H

#include <glib.h>
#include <stdint.h>

/* "1.5 MiB" into BUF (16 bytes); returns BUF.  Cannot fail. */
const char *progress_bytes(char *buf, uint64_t n);

/* One line of at most WIDTH columns: the current file NAME (NULL: none)
 * with its DONE of TOTAL bytes (0: unknown) and a bar, then all files: FILES_DONE of
 * FILES_TOTAL, ALL_DONE of ALL_TOTAL bytes, the rate over ELAPSED_S and the
 * time left.  Free with g_free. */
char *progress_line(const char *name, uint64_t done, uint64_t total, guint files_done, guint files_total,
		    uint64_t all_done, uint64_t all_total, double elapsed_s, int width);

#endif
