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

/* Adds frame P (dissected) to COUNTS. */
void loop_count_frame(struct loop_counts *counts, const struct packet *p);

/* Sharded reading of one file (docs/sharding.md): N threads each read the
 * whole of PATH and dissect to DEPTH only the frames whose outermost address
 * pair falls in their shard, calling FN(packet, DATAS[k]) in frame order;
 * ON_OPEN (may be NULL) gets OPEN_DATA for the first thread's reader.
 * SHARD_NOT_TRIED: nothing was read (DEPTH tracks TCP conversations, the
 * file is not a regular uncompressed one of MIN_SIZE bytes or more);
 * SHARD_GAVE_UP: the frames were read but the shards' results may differ
 * from one thread's (state crossed address pairs, a bounded table filled,
 * times ran backwards, the file was damaged): DATAS hold nothing to use;
 * SHARD_DONE: DATAS together hold what one thread over every frame would,
 * *COUNTS that thread's counts.  *WHY says why it was not done. */
enum shard_outcome { SHARD_NOT_TRIED, SHARD_GAVE_UP, SHARD_DONE };
enum shard_outcome frameloop_run_sharded(const char *path, enum loop_depth depth, unsigned n, uint64_t min_size,
					 open_fn on_open, void *open_data, frame_fn fn, void *const *datas,
					 struct loop_counts *counts, const char **why);

#endif
