/* pass.h — one pass over a capture file in steps: the frame loop of
 * analyzer/frameloop.c cut into slices, so the terminal UI's event loop can
 * index, filter and count in the background while it keeps answering keys. */
#ifndef ANALYZE_TUI_PASS_H
#define ANALYZE_TUI_PASS_H

#include <glib.h>
#include <stdbool.h>

#include "analyzer/frameloop.h"

struct tui_pass {
	cap_reader *r;                   /* owned; NULL once closed */
	struct dissect_session *session; /* owned: state across frames */
	bool transport_only;
	struct frame f;
	struct packet *p;                /* owned, reused frame after frame */
	int64_t first_ns, prev_ns;
	uint64_t frames;                 /* frames delivered so far */
	uint64_t file_size;              /* 0 when unknown */
	int state;                       /* 0 running, 1 read to the end, -1 damaged */
	char *error;                     /* what went wrong when state is -1, owned */
	const GByteArray *marks;         /* uint8_t per frame from marks_from on, borrowed,
	                                  * or NULL: frames with mark_bit set get FRAME_MARKED */
	uint64_t marks_from;
	uint8_t mark_bit;
	uint64_t limit;                  /* the pass ends (state 1) once it delivered this
	                                  * many frames (counting from the file's first);
	                                  * 0: at the end of the file */
};

/* Opens PATH for a pass dissecting to DEPTH.  False with ERROR set when the
 * file cannot be read at all. */
bool tui_pass_open(struct tui_pass *ps, const char *path, enum loop_depth depth, GError **error);

/* Makes PS, opened and not yet stepped, start at the frame of index FROM
 * (above 0), at OFFSET in the file, as a pass from the start would reach it
 * (its number, its time since frame 1, FIRST_NS, and since the frame before)
 * but with a session of its own.  False with ERROR set when the file cannot
 * be read there. */
bool tui_pass_start_at(struct tui_pass *ps, guint from, uint64_t prev_offset, int64_t first_ns, GError **error);

/* Reads and dissects up to N frames, giving each to FN(packet, DATA).
 * Returns how many were read; ps->state tells whether the pass ended.
 * Cannot fail otherwise: damage ends the pass with ps->error set. */
guint tui_pass_step(struct tui_pass *ps, guint n, frame_fn fn, void *data);

/* How far the pass has come, 0..1 (by bytes). */
double tui_pass_progress(const struct tui_pass *ps);

/* Frees what the pass holds (and gives the freed pages back to the system,
 * see tui_release_memory); safe to call twice. */
void tui_pass_close(struct tui_pass *ps);

/* Gives the heap's free pages back to the system (glibc), so that what the
 * process holds follows what the UI keeps, not the peak of a pass. */
void tui_release_memory(void);

/* The process's resident memory in bytes, 0 when unknown (not Linux). */
uint64_t tui_resident_bytes(void);

#endif
