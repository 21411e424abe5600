/* tcp_conv.h — TCP conversation tracking across frames: Wireshark's
 * tcp.stream numbering, the acknowledgment of SYN segments
 * (tcp.analysis.acks_frame / ack_rtt) and the initial RTT
 * (tcp.analysis.initial_rtt), computed in one pass in frame order. */
#ifndef ANALYZE_TCP_CONV_H
#define ANALYZE_TCP_CONV_H

#include <stdbool.h>
#include <stdint.h>

#include "dissect/packet.h"

/* tcp.analysis flags. */
enum {
	TA_RETRANSMISSION = 1u << 0, TA_LOST_SEGMENT = 1u << 1, TA_DUP_ACK = 1u << 2,
	TA_ZERO_WINDOW = 1u << 3, TA_KEEP_ALIVE = 1u << 4, TA_WINDOW_UPDATE = 1u << 5,
	TA_KEEP_ALIVE_ACK = 1u << 6, TA_WINDOW_FULL = 1u << 7, TA_ACK_LOST_SEGMENT = 1u << 8,
	TA_OUT_OF_ORDER = 1u << 9, TA_SPURIOUS_RETRANSMISSION = 1u << 10, TA_FAST_RETRANSMISSION = 1u << 11,
	/* a FIN that starts closing the connection (the other side sent none
	 * yet), or one that answers the other side's */
	TA_FIN_ACTIVE = 1u << 12, TA_FIN_PASSIVE = 1u << 13,
	TA_ANALYSIS = (1u << 12) - 1, /* the tcp.analysis flags among these */
};

/* What tracking says about one frame's TCP header. */
/* The parts of a conversation seen (tcp.completeness's bits). */
enum {
	TCP_COMPLETE_SYN = 1, TCP_COMPLETE_SYNACK = 2, TCP_COMPLETE_ACK = 4, TCP_COMPLETE_DATA = 8,
	TCP_COMPLETE_FIN = 16, TCP_COMPLETE_RST = 32,
};

struct tcp_analysis {
	uint32_t stream;      /* tcp.stream */
	uint8_t dir;          /* 0: sent the way the conversation's first frame was; 1: the reverse */
	bool quoted;          /* the header was quoted in an ICMP error (no sequence analysis) */
	bool port_reuse;      /* this SYN started a new conversation on a used address/port pair */
	bool has_ack;         /* this frame acknowledges a SYN segment exactly: */
	uint64_t acks_frame;  /*   the frame it acknowledges */
	int64_t ack_rtt_ns;   /*   and the time since that frame */
	uint16_t flags;       /* TA_*: Wireshark's tcp.analysis flags for this segment */
	uint32_t dupack_num;  /* with TA_DUP_ACK: its place among the duplicates in a row, */
	uint64_t dupack_frame; /* and the frame before them (tcp.analysis.duplicate_ack_frame) */
	bool acks_new;        /* acknowledges bytes this side had not acknowledged yet */
	int8_t win_shift;     /* the window's scale shift, -1 when not known */
	bool data_ack;        /* this frame acknowledges a data segment exactly: */
	uint64_t data_acks_frame; /* that segment's frame */
	int64_t data_ack_rtt_ns;  /* and the time since it */
	bool has_seq_base, has_ack_base; /* what sequence numbers count from, each way, */
	uint32_t seq_base, ack_base;      /* as Wireshark's relative numbers do */
	bool has_rto;         /* a plain retransmission: the time since its side's */
	int64_t rto_ns;       /*   sequence last moved forward, */
	uint64_t rto_frame;   /*   in that frame (tcp.analysis.rto, rto_frame) */
	bool has_bif;         /* data: the bytes sent and not yet acknowledged */
	uint32_t bytes_in_flight; /*   (tcp.analysis.bytes_in_flight), and those */
	uint32_t push_bytes;  /*   since the last PSH flag (tcp.analysis.push_bytes_sent) */
	int64_t time_rel_ns;  /* since the conversation's first frame (tcp.time_relative) */
	int64_t time_delta_ns; /* since its frame before this one (tcp.time_delta) */
	uint8_t completeness; /* TCP_COMPLETE_* of the conversation before it (tcp.completeness) */
	bool ace;             /* AE, CWR and ECE are the ACE counter (Accurate ECN agreed) */
	bool has_irtt;        /* the conversation's initial RTT is known (now or earlier) */
	bool irtt_now;        /* ... and this frame is the one that set it */
	int64_t irtt_ns;
};

struct tcp_tracker;

/* A tracker for one capture file; cannot fail. */
struct tcp_tracker *tcp_tracker_new(void);
/* A tracker in the handshake mode, for callers that read only the stream
 * number, the SYN acknowledgments (has_ack, acks_frame, ack_rtt_ns), the
 * initial RTT and the sequence bases: it gives them exactly as
 * tcp_tracker_new()'s does, keeps about half the state per conversation and
 * leaves the rest of struct tcp_analysis (flags, data acknowledgments,
 * bytes in flight, tcp.time_relative/delta ...) zero. */
struct tcp_tracker *tcp_tracker_new_handshake(void);
void tcp_tracker_free(struct tcp_tracker *t);

/* Follows P's TCP header (its own, or one quoted whole in an ICMP error)
 * through its conversation and fills *A.  Returns false when P has no TCP
 * header to follow (no TCP, a fragment, a cut-short quote).  Frames must come
 * in capture order. */
bool tcp_track(struct tcp_tracker *t, const struct packet *p, struct tcp_analysis *a);

/* Number of conversations (tcp.stream values) so far. */
uint32_t tcp_tracker_streams(const struct tcp_tracker *t);

#endif
