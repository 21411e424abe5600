/* follow.h — following a TCP or UDP stream: the payload of both sides in
 * frame order, TCP's put in sequence order without retransmitted bytes.
 * The sequencing is apart from the screen, so the unit tests can drive it. */
#ifndef ANALYZE_TUI_FOLLOW_H
#define ANALYZE_TUI_FOLLOW_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* Out-of-order segments kept waiting for the bytes before them; past this
 * many, the earliest is taken as it is and the bytes before it as missing. */
#define TUI_FOLLOW_PENDING_MAX 32

/* Receives bytes of side DIR (0: the side that sent first, 1: the other)
 * in order: LEN bytes of DATA, or (DATA NULL) MISSING bytes the capture
 * does not have. */
typedef void (*tui_follow_out)(int dir, const uint8_t *data, uint32_t len, uint32_t missing, void *user);

/* One TCP connection's two byte streams being put in order. */
struct tui_follow_seq {
	bool started[2];   /* next[] known */
	uint32_t next[2];  /* the sequence number expected next, per side */
	GArray *pending;   /* struct tui_follow_pending: segments past next[] */
};

void tui_follow_seq_init(struct tui_follow_seq *s);
void tui_follow_seq_clear(struct tui_follow_seq *s);
/* A copy of S (pending segments included); cannot fail. */
void tui_follow_seq_copy(struct tui_follow_seq *to, const struct tui_follow_seq *s);

/* A segment of side DIR: sequence number SEQ (of the SYN when SYN), LEN
 * captured payload bytes of DATA out of WIRE_LEN the header declares.
 * Gives OUT the bytes that are now in order: none of a retransmission,
 * the new part of an overlap, nothing yet of a segment past a gap (kept
 * until the gap fills, or given with the gap as missing when too many
 * wait).  Cannot fail. */
void tui_follow_seq_segment(struct tui_follow_seq *s, int dir, uint32_t seq, bool syn, const uint8_t *data,
			    uint32_t len, uint32_t wire_len, tui_follow_out out, void *user);
/* The end of the stream: gives OUT what still waits, gaps as missing. */
void tui_follow_seq_flush(struct tui_follow_seq *s, tui_follow_out out, void *user);

#endif
