/* index.h — the packet list's index: one background pass keeps each frame's
 * offset in the file and a byte of trouble marks (a few bytes a frame, so a
 * gigabyte capture indexes in tens of megabytes); frames are read again from
 * the file and dissected on demand for display. */
#ifndef ANALYZE_TUI_INDEX_H
#define ANALYZE_TUI_INDEX_H

#include <glib.h>
#include <stdbool.h>

#include "stats/hierarchy.h"
#include "tui/pass.h"

/* Per-frame marks from the indexing pass (which tracks TCP conversations,
 * so it knows what a frame read alone cannot tell). */
enum {
	TUI_MARK_RST = 1u << 0,
	TUI_MARK_RETRANS = 1u << 1,   /* any retransmission, incl. fast and spurious */
	TUI_MARK_MALFORMED = 1u << 2, /* malformed or cut short */
	TUI_MARK_TCP_ISSUE = 1u << 3, /* dup ACK, lost segment, zero window, out of order */
};

struct tui_index {
	char *path;
	struct tui_pass pass;  /* the indexing pass (closed once it ended) */
	bool done;             /* the pass ended (see error) */
	char *error;           /* damage the pass met, or NULL; owned */
	GArray *offsets;       /* uint64_t: record offset of frame i+1 */
	GByteArray *marks;     /* uint8_t: TUI_MARK_* of frame i+1 */
	int64_t first_ns;      /* time of frame 1 */
	phs_state *phs;        /* protocol hierarchy of the frames indexed */
};

/* Opens PATH and starts indexing it.  NULL with ERROR set when it is not a
 * readable capture. */
struct tui_index *tui_index_open(const char *path, GError **error);
void tui_index_free(struct tui_index *idx);

/* Indexes up to N more frames; returns true while frames remain. */
bool tui_index_step(struct tui_index *idx, guint n);
/* Frames indexed so far. */
static inline guint tui_index_count(const struct tui_index *idx)
{
	return idx->offsets->len;
}
static inline uint8_t tui_index_marks(const struct tui_index *idx, guint i)
{
	return idx->marks->data[i];
}
double tui_index_progress(const struct tui_index *idx);

/* Reads frames again: a reader of its own, so what it returns stays valid
 * while other parts of the UI read other frames. */
struct tui_reread {
	cap_reader *r;
	struct frame f;
	struct packet *p;
	guint cached;          /* index of the frame in p, G_MAXUINT when none */
};

struct tui_reread *tui_reread_open(const char *path, GError **error);
void tui_reread_free(struct tui_reread *rr);
/* Frame I (0-based, below tui_index_count) dissected alone (no state from
 * earlier frames: reassembled messages and TCP analysis are not there).
 * The packet stays valid until the next call on RR.  NULL with ERROR set
 * when the file cannot be read there any more. */
const struct packet *tui_reread_get(struct tui_reread *rr, const struct tui_index *idx, guint i, GError **error);

#endif
