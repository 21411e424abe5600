/* filterrun.h — a display filter applied to the indexed frames in the
 * background (see filterrun.c).  No terminal: the unit tests drive it. */
#ifndef ANALYZE_TUI_FILTERRUN_H
#define ANALYZE_TUI_FILTERRUN_H

#include <glib.h>
#include <stdbool.h>

#include "analyzer/filter/filter.h"
#include "tui/index.h"
#include "tui/pass.h"

/* Frames too few to be worth a second thread: they take a few
 * milliseconds on one. */
#define TUI_SPLIT_MIN_FRAMES 65536u

struct tui_filter_part;

/* The filter applied in the background. */
struct tui_filter_run {
	struct tui_pass pass;         /* the frames from the first on (to the part's) */
	dfilter *filter;              /* owned */
	char *text;                   /* owned */
	GArray *rows;                 /* guint: frame indexes it kept so far */
	struct tui_filter_part *part; /* the frames from part_from on, dissected on a
	                               * thread of their own, or NULL */
	guint part_from;              /* where the part starts (G_MAXUINT: none was) */
	guint total;                  /* frames indexed when it began */
	bool joined;                  /* the part's matches were taken */
};

/* Where a run of filter F over the frames of IDX may be split between two
 * threads: a frame near the middle (tui_index_split_point) when F depends
 * on each frame alone (dfilter_frame_local), the index is complete, the
 * file has at least TUI_SPLIT_MIN_FRAMES frames and the process two CPUs
 * (and ANALYZE_NO_THREADS is not set); else G_MAXUINT. */
guint tui_filter_split(const struct tui_index *idx, const dfilter *f);

/* Starts applying filter F (owned from now on, freed on failure too), of
 * text TEXT, to the frames of IDX (which must outlive the run): frames
 * before SPLIT in steps of tui_filter_run_step, those from SPLIT on at once
 * on a thread of its own (SPLIT G_MAXUINT: all in steps, as when F is not
 * frame-local, SPLIT not below tui_index_count, or the index incomplete,
 * damaged or of a file whose frames are not gone to).  NULL with ERROR
 * set when the file cannot be read.  Whatever SPLIT, the frames kept are
 * those one pass from the start keeps: where the first part ends still
 * gathering something the frames after may complete, the part's matches
 * are dropped and the steps go on to the end. */
struct tui_filter_run *tui_filter_run_new(const struct tui_index *idx, const char *text, dfilter *f, guint split,
					  GError **error);

/* Runs up to N frames; once the first part is done, waits up to 20 ms for
 * the second.  Returns true while the run goes on.  At its end, rows holds
 * the frames kept in order, and pass.state says whether the file was read
 * to its end (1) or damaged (-1, pass.error says how). */
bool tui_filter_run_step(struct tui_filter_run *run, guint n);

/* How far the run has come, 0..1. */
double tui_filter_run_progress(const struct tui_filter_run *run);

/* Stops the run (and its thread) and frees it; NULL is fine. */
void tui_filter_run_free(struct tui_filter_run *run);

#endif
