/* index.h — the packet list's index: one background pass keeps, per frame,
 * its offset in the file, a byte of trouble marks, how many layers the
 * pass found and which TCP context (conversation and relative-number
 * bases) it had: 11 bytes a frame, in blocks of 65536 frames (no slack
 * past the last block, nothing copied as it grows), so a gigabyte capture
 * of three million frames indexes in about 35 MB.  Frames are read again
 * from the file and dissected on demand for display, and come out as the
 * indexing pass (and `analyze list`) saw them: a TCP frame whose look
 * depends on earlier segments (a message completed, a protocol known from
 * the handshake) is dissected again with its conversation replayed from
 * its first frame. */
#ifndef ANALYZE_TUI_INDEX_H
#define ANALYZE_TUI_INDEX_H

#include <glib.h>
#include <stdbool.h>

#include "analyzer/list_info.h"
#include "stats/hierarchy.h"
#include "tui/pass.h"

/* Per-frame marks from the indexing pass (which tracks TCP conversations,
 * so it knows what a frame read alone cannot tell). */
enum {
	TUI_MARK_RST = 1u << 0,
	TUI_MARK_RETRANS = 1u << 1,   /* any retransmission, incl. fast and spurious */
	TUI_MARK_MALFORMED = 1u << 2, /* malformed or cut short */
	TUI_MARK_TCP_ISSUE = 1u << 3, /* dup ACK, lost segment, zero window, out of order */
	TUI_MARK_USER = 1u << 7,      /* marked by the user (m) */
};

/* What the conversation tracking gave a run of frames: for TCP the numbers
 * a list line needs (the same for a run of frames of one direction of a
 * conversation), for UDP its udp.stream. */
struct tui_tcpctx {
	uint32_t stream;            /* tcp.stream, or udp.stream (TUI_CTX_UDP) */
	uint32_t seq_base, ack_base;/* with TUI_CTX_UDP_QUOTED: seq_base is the
	                             * quoted header's udp.stream */
	int8_t win_shift;           /* -1 unknown; with TUI_CTX_UDP: the UDP layer */
	uint8_t has;                /* TUI_CTX_* */
};
enum {
	TUI_CTX_SEQ = 1,        /* seq_base known */
	TUI_CTX_ACK = 2,        /* ack_base known */
	TUI_CTX_UDP = 4,        /* not TCP: a udp.stream */
	TUI_CTX_UDP_QUOTED = 8, /* not TCP: a quoted UDP header's udp.stream */
};

/* TUI_BLOCK frames of the index: what it keeps of each, in arrays of their
 * own (no padding). */
#define TUI_BLOCK_BITS 16
#define TUI_BLOCK (1u << TUI_BLOCK_BITS)
struct tui_block {
	uint64_t base;               /* record offset of the block's first frame */
	uint32_t off[TUI_BLOCK];     /* offset - base, UINT32_MAX: in idx->far */
	uint32_t ctx_of[TUI_BLOCK];  /* index in ctxs + 1, 0 when none */
	uint8_t layers[TUI_BLOCK];   /* layers the pass found + 1; 0: the frame needs its
	                              * conversation replayed (or its text) */
	uint8_t expected[TUI_BLOCK]; /* the UDP payload an earlier frame announced
	                              * (udp_expected | udp_expected_layer << 3), 0 when none */
};

/* Frame indexes from <= i < to. */
struct tui_span {
	guint from, to;
};

struct tui_index {
	char *path;
	struct tui_pass pass;  /* the indexing pass (closed once it ended) */
	bool done;             /* the pass ended (see error) */
	char *error;           /* damage the pass met, or NULL; owned */
	guint count;           /* frames indexed */
	GPtrArray *blocks;     /* struct tui_block *: frames i of block i / TUI_BLOCK */
	GHashTable *far;       /* frame index -> uint64_t * offset: the few frames whose
	                        * offset is not within 4 GiB after their block's first */
	GByteArray *marks;     /* uint8_t: TUI_MARK_* of frame i+1 */
	guint user_marks;      /* frames with TUI_MARK_USER */
	GArray *ctxs;          /* struct tui_tcpctx */
	GArray *stream_first;  /* guint: first frame index of each tcp.stream */
	GArray *last_tcp;      /* uint32_t, while indexing: [tcp.stream*2+direction]: the
	                        * last ctx index + 1 of that direction, 0 none */
	GArray *last_udp;      /* uint32_t, while indexing: [udp.stream]: the same */
	GHashTable *tcp_flags; /* frame index -> tcp.analysis flags (TA_*) | 1 << 16 when its
	                        * SYN reuses ports, as the pass found them: a replay of one
	                        * conversation alone cannot tell the earlier ones it
	                        * shares ports with (frames not listed: none) */
	GHashTable *tunnel_udp;/* frame index -> ctx index + 1: the udp.stream of a
	                        * TCP frame's tunnel (GENEVE, VXLAN) */
	GHashTable *texts;     /* frame index -> char * "src\tdst\tproto\tinfo": lines of
	                        * non-TCP frames that depend on earlier frames */
	int64_t first_ns;      /* time of frame 1 */
	guint first_ifaces;    /* interfaces the file's first section defines */
	bool sectioned;        /* later pcapng sections define interfaces anew:
	                        * frames are read along, not gone to */
	GArray *gathering;     /* struct tui_span, by frame: the frames I before which the
	                        * pass was gathering an IP datagram (its first fragment
	                        * seen, not complete), to = G_MAXUINT up to the end */
	phs_state *phs;        /* protocol hierarchy of the frames indexed */
	guint ref_frame;       /* the time reference (Ctrl-T), G_MAXUINT: none */
	int64_t ref_ns;        /* its time */
};

/* What frame I's relative time counts from: the time reference when I is
 * at or after it, else the first frame (as Wireshark, with one reference). */
static inline int64_t tui_index_first_ns(const struct tui_index *idx, guint i)
{
	return idx->ref_frame != G_MAXUINT && i >= idx->ref_frame ? idx->ref_ns : idx->first_ns;
}

/* Opens PATH and starts indexing it.  NULL with ERROR set when it is not a
 * readable capture. */
struct tui_index *tui_index_open(const char *path, GError **error);
void tui_index_free(struct tui_index *idx);

/* Indexes up to N more frames; returns true while frames remain. */
bool tui_index_step(struct tui_index *idx, guint n);
/* Frames indexed so far. */
static inline guint tui_index_count(const struct tui_index *idx)
{
	return idx->count;
}
/* The block holding frame I (below tui_index_count), and I's place in it. */
static inline struct tui_block *tui_index_block(const struct tui_index *idx, guint i)
{
	return idx->blocks->pdata[i >> TUI_BLOCK_BITS];
}
#define TUI_IN_BLOCK(i) ((i) & (TUI_BLOCK - 1))
/* The record offset of frame I in the file. */
uint64_t tui_index_offset(const struct tui_index *idx, guint i);
static inline uint8_t tui_index_marks(const struct tui_index *idx, guint i)
{
	return idx->marks->data[i];
}
/* tcp.stream of frame I, or G_MAXUINT when it is not a tracked TCP frame. */
guint tui_index_stream(const struct tui_index *idx, guint i);
/* udp.stream of frame I (its own, or its tunnel's for a TCP frame inside
 * GENEVE or VXLAN), or G_MAXUINT when it has none. */
guint tui_index_udp_stream(const struct tui_index *idx, guint i);
double tui_index_progress(const struct tui_index *idx);

/* The frame index nearest WANT, between LO and HI (inclusive), before which
 * the indexing pass held no IP datagram half gathered: a pass started
 * afresh there finds the same layers in the frames after it as one from
 * the start.  G_MAXUINT when there is none, or the index cannot tell (it
 * is not complete, or the file is damaged or has pcapng sections that
 * define interfaces anew, where frames are not gone to). */
guint tui_index_split_point(const struct tui_index *idx, guint want, guint lo, guint hi);

/* Reads frames again: a reader of its own, so what it returns stays valid
 * while other parts of the UI read other frames. */
struct tui_reread {
	cap_reader *r;
	struct frame f;
	struct packet *p;
	guint cached;          /* index of the frame in p, G_MAXUINT when none */
	bool cached_exact;     /* p holds the replayed dissection */
	/* the conversation being replayed */
	struct dissect_session *session;
	guint stream;          /* its tcp.stream, G_MAXUINT when none */
	guint next;            /* the next frame index to replay */
	uint64_t replayed;     /* frames dissected by replays (for the tests) */
	bool along;            /* frames are read on from the start, not gone to */
	guint along_next;      /* the frame index read along next */
};

struct tui_reread *tui_reread_open(const char *path, GError **error);
void tui_reread_free(struct tui_reread *rr);

/* Frame I (0-based, below tui_index_count) dissected as the indexing pass
 * dissected it: a TCP frame with its conversation replayed (tcp.stream,
 * tcp.analysis, reassembled messages), any other frame on its own.  The
 * packet stays valid until the next call on RR.  NULL with ERROR set when
 * the file cannot be read there any more. */
const struct packet *tui_reread_get(struct tui_reread *rr, const struct tui_index *idx, guint i, GError **error);

/* Frame I dissected on its own, no conversation replayed: its layers,
 * addresses, ports, raw sequence numbers and payload, which is what
 * following a stream needs, at the cost of one frame whatever frame was
 * read before.  Valid until the next call on RR; NULL with ERROR set when
 * the file cannot be read there any more. */
const struct packet *tui_reread_alone(struct tui_reread *rr, const struct tui_index *idx, guint i, GError **error);

/* The summary line of frame I, the same as `analyze list` prints (L->info
 * must be allocated).  Returns the frame's packet (valid until the next
 * call on RR; for the colour and time) or NULL with ERROR set. */
const struct packet *tui_reread_line(struct tui_reread *rr, const struct tui_index *idx, guint i,
				     struct list_line *l, GError **error);

#endif
