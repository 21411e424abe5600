/* filter.h — display filters in Wireshark's language: compile once, then
 * test each dissected packet.
 *
 *   g_autoptr(dfilter) f = dfilter_compile("tcp.port == 80 && !dns", &err);
 *   if (dfilter_match(f, packet)) ...
 *
 * Matching changes nothing in the compiled filter but a count (of packets
 * a regular expression gave up on) and allocates nothing except when two
 * fields are compared with each other; field values may live in storage
 * of the matching thread's own, so threads each match with a filter they
 * compiled (or were handed) for themselves. */
#ifndef ANALYZE_FILTER_H
#define ANALYZE_FILTER_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

struct packet;

typedef struct dfilter dfilter;

/* Compiles TEXT; NULL with *ERROR set.  The message is one line naming the
 * fault and ending with its column, e.g.
 *   "tcp.prot" is not a field or protocol; did you mean "tcp.port"? (column 1)
 * and dfilter_error_caret(text, column) gives the caret line to print under
 * the filter.  An empty filter (only blanks) keeps every packet. */
dfilter *dfilter_compile(const char *text, GError **error);

/* The 1-based column an error of dfilter_compile() points at, or 0. */
int dfilter_error_column(const GError *error);

/* TEXT, a newline, then a caret line marking the token at COLUMN:
 * "tcp.prot == 1\n^~~~~~~~".  Free with g_free. */
char *dfilter_error_caret(const char *text, int column);

void dfilter_free(dfilter *f);

/* How deep dissection must go for F: 0 transport, 1 application, 2 with
 * TCP conversation analysis (see field_depth). */
int dfilter_depth(const dfilter *f);

/* Whether F's answer for a frame depends only on that frame: its bytes,
 * its number, its time and the time of the frame before, its mark, and the
 * layers dissection to transport depth finds in it.  True when F needs no
 * more than transport depth: a field whose value earlier frames give
 * (tcp.stream, tcp.analysis.*, tcp.time_delta, udp.stream, the columns,
 * expert items) needs TCP conversations tracked (field_depth()).  Then the
 * frames may be shared out among threads, in runs each dissected afresh
 * from a frame where nothing of the earlier ones is being gathered (no IP
 * datagram half seen: dissect_session_holds_transport()). */
bool dfilter_frame_local(const dfilter *f);

/* Whether packet P passes filter F.  A "matches" whose regular expression
 * backtracks past a bound on one of P's values gives up on it: that value
 * does not match, and P is counted in dfilter_gave_up(). */
bool dfilter_match(dfilter *f, const struct packet *p);

/* How many packets dfilter_match() has seen a regular expression give up on. */
uint64_t dfilter_gave_up(const dfilter *f);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(dfilter, dfilter_free)

#endif
