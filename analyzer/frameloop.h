/* frameloop.h — the pipeline's spine: read a capture, dissect each frame,
 * hand the packet record to the caller. */
#ifndef ANALYZE_FRAMELOOP_H
#define ANALYZE_FRAMELOOP_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "analyzer/reader.h"
#include "dissect/packet.h"

/* What one pass over a file saw. */
struct loop_counts {
	uint64_t frames;
	uint64_t bytes;        /* wire bytes */
	uint64_t truncated;    /* frames with a header cut short by the capture */
	uint64_t malformed;    /* frames whose length fields disagree */
	uint64_t undissected;  /* frames of a link type we do not dissect */
	uint32_t first_undissected_linktype;
};

/* Called for every frame, in order. */
typedef void (*frame_fn)(const struct packet *p, void *data);
/* Called once the reader is open, before the first frame. */
typedef void (*open_fn)(cap_reader *r, void *data);

/* How much dissection a listener needs. */
enum loop_depth {
	LOOP_TRANSPORT,   /* links, IP (fragments followed), transport, tunnels */
	LOOP_APPLICATION, /* also application PDUs followed across TCP segments */
	LOOP_TRACKED,     /* also TCP conversations numbered and analysed (tcp.stream ...) */
};

/* Reads PATH, dissects every frame to DEPTH and calls FN(packet, DATA).  Returns true
 * when the whole file was read.  Returns false with ERROR set when the file
 * cannot be read at all (*OPENED false, *COUNTS zero) or is damaged part-way
 * (*OPENED true): frames before the damage were delivered, and the message
 * says what is wrong and where.  ON_OPEN (may be NULL) gets OPEN_DATA. */
bool frameloop_run(const char *path, enum loop_depth depth, open_fn on_open, void *open_data, frame_fn fn,
		   void *data, struct loop_counts *counts, bool *opened, GError **error);

#endif
