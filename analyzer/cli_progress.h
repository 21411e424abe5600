/* cli_progress.h — the progress line a report shows on standard error
 * while it reads its files (the same line as a transfer's: the file, a
 * bar, bytes read of its size, rate, time left), redrawn in place and
 * erased when the file is read.  Only on a terminal, and only once the run
 * has lasted a second. */
#ifndef ANALYZE_CLI_PROGRESS_H
#define ANALYZE_CLI_PROGRESS_H

#include <glib.h>
#include <stdint.h>

struct cli_progress;

/* A progress line for a run over N_FILES files, drawn on standard error
 * when it is a terminal; NULL (no line at all) when it is not.  Free with
 * cli_progress_free. */
struct cli_progress *cli_progress_new(guint n_files);

/* From now on the line is about file INDEX (from 0), NAME as given ("-":
 * standard input).  P may be NULL. */
void cli_progress_file(struct cli_progress *p, guint index, const char *name);

/* A cap_progress_fn: DONE bytes of TOTAL (0: unknown) of the current file
 * read; DATA is the struct cli_progress.  Redraws at most five times a
 * second, and not before the run has lasted a second. */
void cli_progress_update(uint64_t done, uint64_t total, void *data);

/* Erases the line when it is drawn (before a message or the report).
 * P may be NULL. */
void cli_progress_clear(struct cli_progress *p);

/* Erases and frees; P may be NULL. */
void cli_progress_free(struct cli_progress *p);

#endif
