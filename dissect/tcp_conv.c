/* tcp_conv.c — TCP conversations as Wireshark's TCP analysis keeps them.
 *
 * Conversations are found by their address/port pair: first as the frame
 * travels, then reversed; a key keeps only its newest conversation.  Every
 * conversation gets the next stream number when first seen, whatever frame
 * starts it.  A pure SYN whose sequence number differs from the one the
 * sender's side started with opens a new conversation on the same pair (port
 * reuse); a SYN-ACK with a new sequence number moves the responder's base
 * instead.
 *
 * SYN segments (pure or with ACK) wait in their sender's side until a frame
 * from the other side acknowledges them: a frame whose acknowledgment number
 * equals the SYN's sequence number + 1 acknowledges the oldest such SYN (so a
 * SYN-ACK answering retransmitted SYNs is timed from the first one); SYNs
 * below the acknowledgment number are dropped.  The initial RTT is the time
 * from the most recent pure SYN to the first frame with ACK and without SYN.
 */
#include "dissect/tcp_conv.h"

#include <glib.h>
#include <stddef.h>
#include <string.h>

#include "dissect/flowtab.h"

/* SYN copies waiting for their acknowledgment, per side.  Further copies are
 * not kept: the oldest ones are what an acknowledgment is timed from, and
 * memory per conversation matters at a million conversations. */
#define MAX_PENDING 3
#define MAX_UNACKED 8   /* data segments remembered per side for their ACK */

struct pending_syn {
	uint64_t frame;
	int64_t ts_ns;
	uint32_t nextseq; /* sequence number + 1 */
};

/* What a side keeps in either mode: the base its sequence numbers count
 * from (tcp.stream numbering and port reuse need it) and its SYNs waiting
 * for their acknowledgment. */
struct side_base {
	bool base_set;
	uint8_t npending;       /* SYNs waiting for their acknowledgment */
	uint32_t base_seq;
};

/* A side's sequence analysis (full mode only). */
struct side {
	bool next_set, ack_set;
	uint32_t nextseq;       /* just past the highest byte (SYN/FIN count one) sent */
	int64_t nextseq_ns;     /* when nextseq last moved, */
	uint64_t nextseq_frame; /* and in which frame */
	int64_t lastack_ns;     /* when lastack was sent */
	uint32_t dupack_num;    /* duplicate ACKs sent since the acknowledgment moved, as
	                         * Wireshark counts them (UINT32_MAX: the other side
	                         * acknowledged unseen bytes since, told once), */
	uint64_t lastnondupack; /* and the frame that last moved it */
	bool max_set;
	uint32_t maxseqtobeacked; /* how far the other side may acknowledge: the
	                           * highest sent, advanced only by in-order segments */
	uint32_t lastack;       /* the last acknowledgment number sent, */
	uint16_t lastwin;       /* and window */
	bool keepalive;         /* its last segment was a keep-alive */
	bool closing;           /* it sent the connection's first FIN */
	int8_t wscale;          /* window scale its SYN offered: -1 none, -2 SYN not seen */
	bool bif_valid;         /* bytes in flight are told (not since a gap, until the
	                         * other side acknowledges again) */
	bool sent_any;          /* the sequence span of its segments not yet acknowledged: */
	uint32_t sent_low, sent_high; /* lowest sequence number, highest next one */
	bool push_last;         /* its last data segment had PSH, */
	uint32_t push_bytes;    /* and the bytes sent since the PSH flag */
	uint8_t nunacked;       /* data segments not yet acknowledged (newest last) */
};

/* The segments a conversation's sides wait to see acknowledged.  Most of the
 * time a conversation has none (every byte acknowledged, or it ended), so
 * these are lent out only while some wait, from a free list (no allocation
 * per segment), and a finished conversation keeps its own state (248 bytes,
 * 48 in the handshake mode rtt uses) but not these 536. */
struct conv_logs {
	struct conv_logs *next_free;
	struct pending_syn pending[2][MAX_PENDING]; /* per side, oldest first */
	/* full mode only (the handshake mode makes its logs without): */
	struct pending_syn unacked[2][MAX_UNACKED]; /* per side, newest last */
};

/* A conversation.  The handshake mode keeps only the fields before `seen`:
 * 48 bytes rather than 248, 50 MB less at a quarter of a million
 * conversations. */
struct tcp_conv {
	uint32_t stream;        /* (its key, as its first frame travelled, is in by_key) */
	struct side_base base[2]; /* [0]: the first frame's sender */
	bool mru_syn_set, irtt_set;
	struct conv_logs *logs; /* while a side has segments waiting, else NULL */
	int64_t mru_syn_ns;     /* time of the most recent pure SYN */
	int64_t irtt_ns;
	/* full mode only: */
	bool seen;              /* it had an own frame */
	uint8_t completeness;   /* TCP_COMPLETE_* of its own frames so far */
	uint8_t accecn;         /* ACCECN_*: how far Accurate ECN was agreed */
	int64_t first_ns, last_ns; /* times of its first and latest own (not quoted) frames */
	struct side side[2];    /* [0]: the first frame's sender */
};

#define CONV_HANDSHAKE_SIZE offsetof(struct tcp_conv, seen)
G_STATIC_ASSERT(CONV_HANDSHAKE_SIZE == 48);
#define LOGS_HANDSHAKE_SIZE offsetof(struct conv_logs, unacked)
/* Conversations are made this many at a time: no allocation (and no
 * allocator's header) each. */
#define CONV_BLOCK 1024

struct tcp_tracker {
	bool handshake;         /* the handshake mode: see tcp_tracker_new_handshake() */
	struct flowtab *by_key; /* flow_key (as the creating frame travelled) -> struct tcp_conv* */
	GPtrArray *blocks;      /* CONV_BLOCK conversations each (the mode's size), in
	                         * stream order; owns them */
	uint32_t nconvs;        /* conversations made: the next stream number */
	GPtrArray *logs;        /* every struct conv_logs made; owns them */
	struct conv_logs *free_logs; /* those no conversation holds */
};

/* One TCP header to follow, own or quoted. */
struct seg {
	struct flow_key key;
	uint32_t seq, ack;
	uint16_t flags;
	uint32_t len;
	bool quoted;
};

static inline bool seq_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

struct tcp_tracker *tcp_tracker_new(void)
{
	struct tcp_tracker *t = g_new0(struct tcp_tracker, 1);
	t->by_key = flowtab_new();
	t->blocks = g_ptr_array_new_with_free_func(g_free);
	t->logs = g_ptr_array_new_with_free_func(g_free);
	return t;
}

struct tcp_tracker *tcp_tracker_new_handshake(void)
{
	struct tcp_tracker *t = tcp_tracker_new();
	t->handshake = true;
	return t;
}

void tcp_tracker_free(struct tcp_tracker *t)
{
	if (!t)
		return;
	flowtab_free(t->by_key);
	g_ptr_array_free(t->blocks, TRUE);
	g_ptr_array_free(t->logs, TRUE);
	g_free(t);
}

uint32_t tcp_tracker_streams(const struct tcp_tracker *t)
{
	return t->nconvs;
}

static struct tcp_conv *conv_new(struct tcp_tracker *t, const struct flow_key *key)
{
	size_t size = t->handshake ? CONV_HANDSHAKE_SIZE : sizeof(struct tcp_conv);
	if (t->nconvs % CONV_BLOCK == 0)
		g_ptr_array_add(t->blocks, g_malloc0(CONV_BLOCK * size));
	char *block = t->blocks->pdata[t->nconvs / CONV_BLOCK];
	struct tcp_conv *c = (struct tcp_conv *)(void *)(block + t->nconvs % CONV_BLOCK * size);
	c->stream = t->nconvs++;
	if (!t->handshake) {
		c->side[0].wscale = c->side[1].wscale = -2; /* no SYN seen yet */
		c->side[0].bif_valid = c->side[1].bif_valid = true;
	}
	flowtab_put(t->by_key, key, c);
	return c;
}

/* The newest conversation for KEY as it travels, else for KEY reversed,
 * and in *DIR the way KEY travels in it.  A conversation is stored only
 * under the key its first frame travelled with, so a hit on KEY itself is
 * direction 0 and a hit on the reverse (which is not KEY, or the first look
 * would have found it) direction 1: conversations need not keep their key. */
static struct tcp_conv *conv_find(struct tcp_tracker *t, const struct flow_key *key, uint8_t *dir)
{
	/* the table outgrows the cache on a long capture: the second look
	 * overlaps the first, so that half the frames (those of the other
	 * direction) wait for one miss, not two in a row */
	bool reversed;
	struct tcp_conv *c = flowtab_get_either(t->by_key, key, &reversed);
	*dir = reversed;
	return c;
}

/* C's logs, lent from the free ones (or made) when it has none. */
static struct conv_logs *logs_of(struct tcp_tracker *t, struct tcp_conv *c)
{
	if (!c->logs) {
		c->logs = t->free_logs;
		if (c->logs) {
			t->free_logs = c->logs->next_free;
		} else {
			c->logs = g_malloc(t->handshake ? LOGS_HANDSHAKE_SIZE : sizeof *c->logs);
			g_ptr_array_add(t->logs, c->logs);
		}
	}
	return c->logs;
}

/* Gives C's logs back once nothing waits in them. */
static void logs_done(struct tcp_tracker *t, struct tcp_conv *c)
{
	if (!c->logs || c->base[0].npending || c->base[1].npending ||
	    (!t->handshake && (c->side[0].nunacked || c->side[1].nunacked)))
		return;
	c->logs->next_free = t->free_logs;
	t->free_logs = c->logs;
	c->logs = NULL;
}

static bool seg_from_packet(const struct packet *p, struct seg *s)
{
	if (p->flags & PKT_FRAGMENT)
		return false;
	if (pkt_has_tcp(p)) {
		flow_key_set(&s->key, p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport);
		s->seq = p->tcp_seq;
		s->ack = p->tcp_ack;
		s->flags = p->tcp_flags;
		s->len = p->tcp_len;
		s->quoted = false;
		return true;
	}
	if (p->quoted.valid) {
		flow_key_set(&s->key, p->quoted.ip_version, p->quoted.src, p->quoted.dst,
			     p->quoted.sport, p->quoted.dport);
		s->seq = p->quoted.seq;
		s->ack = p->quoted.ack;
		s->flags = p->quoted.flags;
		s->len = 0;
		s->quoted = true;
		return true;
	}
	return false;
}

/* Finds or starts the conversation of S, applying the port-reuse rules;
 * *DIR: the way S travels in it. */
static struct tcp_conv *conv_for(struct tcp_tracker *t, const struct seg *s, bool *reuse, uint8_t *dir)
{
	struct tcp_conv *c = conv_find(t, &s->key, dir);
	*reuse = false;
	if (!c) {
		*dir = 0;
		return conv_new(t, &s->key);
	}
	struct side_base *fwd = &c->base[*dir];
	bool syn = s->flags & TH_SYN, ack = s->flags & TH_ACK;
	if (syn && !ack && fwd->base_set && s->seq != fwd->base_seq) {
		*reuse = true;
		*dir = 0;
		return conv_new(t, &s->key);
	}
	if (syn && ack && fwd->base_set && s->seq != fwd->base_seq) {
		/* A responder restarting its side: look the pair up as the
		 * initiator sent it, and take the new base there. */
		struct flow_key rev;
		flow_key_reverse(&rev, &s->key);
		uint8_t rdir;
		struct tcp_conv *r = conv_find(t, &rev, &rdir);
		if (r) {
			/* found under REV itself (S travels the other way, unless
			 * S's key is its own reverse) or under S's key */
			c = r;
			*dir = rdir == 0 && memcmp(&rev, &s->key, sizeof rev) != 0 ? 1 : 0;
			c->base[*dir].base_seq = s->seq;
		}
		*reuse = true;
	}
	return c;
}

/* What a segment (with data, SYN or FIN) that is no keep-alive is when it
 * does not advance the sequence: see segment_flags(). */
static uint16_t resent_kind(const struct side *fwd, const struct side *rev, const struct seg *s, int64_t now,
			    int64_t ooo_ns)
{
	bool syn_fin = s->flags & (TH_SYN | TH_FIN);
	bool behind = fwd->next_set && seq_lt(s->seq, fwd->nextseq) && !(s->len > 1 && fwd->nextseq - 1 == s->seq);
	if (s->len > 0 && rev->ack_set && !seq_lt(rev->lastack, s->seq + s->len))
		return TA_SPURIOUS_RETRANSMISSION | TA_RETRANSMISSION;
	if (behind && rev->dupack_num >= 2 && rev->lastack == s->seq && ts_diff(now, rev->lastack_ns) < 20000000)
		return TA_FAST_RETRANSMISSION | TA_RETRANSMISSION;
	if (behind && ts_diff(now, fwd->nextseq_ns) < ooo_ns && fwd->nextseq != s->seq + s->len + (syn_fin ? 1 : 0))
		return TA_OUT_OF_ORDER;
	return behind ? TA_RETRANSMISSION : 0;
}

/* The flags an acknowledgment earns (segment S of FWD, REV the other
 * side; WAS_KEEPALIVE: the other side's last segment was a keep-alive):
 *   ACKed unseen segment: past what the other side was seen to send in
 *     order, told when that limit moves up to all it sent, else once until
 *     the other side's acknowledgment moves (its duplicate count keeps the
 *     mark, as Wireshark's does);
 *   window update, keep-alive ACK, duplicate ACK: no data, the sequence
 *     number this side was to send next, the same acknowledgment and a
 *     window not zero (another one, or the same); a duplicate's place in its run ("[TCP Dup ACK 12#2]")
 *     and the frame that last moved the acknowledgment. */
static void ack_flags(struct side *fwd, struct side *rev, const struct seg *s, const struct packet *p,
		      bool was_keepalive, struct tcp_analysis *a)
{
	bool ack = s->flags & TH_ACK, control = s->flags & (TH_SYN | TH_FIN | TH_RST);
	uint16_t win = p->tcp_window;
	if (ack && rev->max_set && seq_lt(rev->maxseqtobeacked, s->ack)) {
		if (seq_lt(rev->maxseqtobeacked, rev->nextseq)) {
			rev->maxseqtobeacked = rev->nextseq;
			a->flags |= TA_ACK_LOST_SEGMENT;
		} else {
			if (rev->dupack_num == 0)
				a->flags |= TA_ACK_LOST_SEGMENT;
			rev->dupack_num = UINT32_MAX;
		}
	}
	/* the same sequence and acknowledgment as this side's last, no data */
	if (ack && s->len == 0 && !control && fwd->ack_set && s->ack == fwd->lastack && fwd->next_set &&
	    s->seq == fwd->nextseq && win != 0) {
		if (win != fwd->lastwin)
			a->flags |= TA_WINDOW_UPDATE;
		else if (was_keepalive)
			a->flags |= TA_KEEP_ALIVE_ACK;
		else
			a->flags |= TA_DUP_ACK;
	}
	if (a->flags & TA_DUP_ACK) {
		fwd->dupack_num = fwd->dupack_num == UINT32_MAX ? 1 : fwd->dupack_num + 1;
		a->dupack_num = fwd->dupack_num;
		a->dupack_frame = fwd->lastnondupack;
	}
	if (!fwd->ack_set || s->ack != fwd->lastack) {
		fwd->dupack_num = 0;
		fwd->lastnondupack = p->frame->number;
	}
}

/* Bytes in flight as Wireshark counts them by default: the span from the
 * lowest to the highest sequence number of this side's segments the other
 * side has not acknowledged (a partly acknowledged one counting from the
 * acknowledgment), told for a data segment, not after a gap until the
 * other side acknowledges again; and the bytes sent since the last PSH
 * flag. */
static void flight(struct side *fwd, struct side *rev, const struct seg *s, uint32_t seglen, struct tcp_analysis *a)
{
	if (s->flags & TH_ACK)
		rev->bif_valid = true;
	if (a->flags & TA_LOST_SEGMENT)
		fwd->bif_valid = false;
	if (seglen > 0) {
		uint32_t end = s->seq + seglen;
		if (!fwd->sent_any || seq_lt(s->seq, fwd->sent_low))
			fwd->sent_low = s->seq;
		if (!fwd->sent_any || seq_lt(fwd->sent_high, end))
			fwd->sent_high = end;
		fwd->sent_any = true;
	}
	if ((s->flags & TH_ACK) && rev->sent_any) {
		if (!seq_lt(s->ack, rev->sent_high))
			rev->sent_any = false;
		else if (seq_lt(rev->sent_low, s->ack))
			rev->sent_low = s->ack;
	}
	if (s->len == 0 || !fwd->sent_any || !fwd->bif_valid)
		return;
	uint32_t in_flight = fwd->sent_high - fwd->sent_low;
	if (in_flight > 0 && in_flight < 2000000000u) {
		a->has_bif = true;
		a->bytes_in_flight = in_flight - ((s->flags & (TH_SYN | TH_FIN)) ? 1 : 0);
	}
	bool push = s->flags & TH_PUSH;
	fwd->push_bytes = push != fwd->push_last && !push ? s->len :
			  push && fwd->push_last ? s->len : fwd->push_bytes + s->len;
	fwd->push_last = push;
	a->push_bytes = fwd->push_bytes;
}

/* Wireshark's per-segment analysis flags, from what each side sent before:
 *   zero window: a window of 0 outside SYN, FIN and RST segments;
 *   keep-alive: at most one byte, one before the next expected sequence;
 *   lost segment: a sequence number past the next expected one;
 *   data (or SYN/FIN) starting before the next expected sequence number
 *     (no keep-alive, and not one byte short of it with more than one byte),
 *     in this order: spurious retransmission (all of it acknowledged
 *     already), fast retransmission (at the sequence two or more duplicate
 *     ACKs asked for, within 20 ms of the last), out of order (within the
 *     initial RTT, or 3 ms, of the highest segment, and not ending where
 *     it does), else a retransmission; spurious and fast ones are
 *     retransmissions too;
 *   window update: no data, same acknowledgment, another window;
 *   keep-alive ACK: the answer to the other side's keep-alive;
 *   window full: data reaching exactly the end of the receiver's window;
 *   duplicate ACK: no data, same acknowledgment and (non-zero) window;
 *   ACKed unseen segment: an acknowledgment past what the other side was
 *     seen to send in order (then that limit moves to all it sent). */
static void segment_flags(struct tcp_tracker *t, struct tcp_conv *c, uint8_t dir, const struct seg *s,
			  const struct packet *p, int64_t ooo_ns, struct tcp_analysis *a)
{
	struct side *fwd = &c->side[dir], *rev = &c->side[!dir];
	/* window scaling (RFC 7323) applies unless the other side's SYN is known
	 * not to have offered it, as Wireshark assumes */
	if (s->flags & TH_SYN)
		fwd->wscale = (p->tcp_opts & TCPOPT_SEEN_WS) ? (int8_t)(p->tcp_wscale > 14 ? 14 : p->tcp_wscale) : -1;
	a->win_shift = !(s->flags & TH_SYN) && fwd->wscale >= 0 && rev->wscale != -1 ? fwd->wscale : -1;
	bool syn = s->flags & TH_SYN, fin = s->flags & TH_FIN, rst = s->flags & TH_RST;
	bool ack = s->flags & TH_ACK, control = syn || fin || rst;
	uint32_t seglen = s->len + (syn ? 1 : 0) + (fin ? 1 : 0);
	uint16_t win = p->tcp_window;
	if (win == 0 && !control)
		a->flags |= TA_ZERO_WINDOW;
	if (fin && !s->quoted) {
		a->flags |= rev->closing ? TA_FIN_PASSIVE : TA_FIN_ACTIVE;
		fwd->closing = fwd->closing || !rev->closing;
	}
	bool was_keepalive = rev->keepalive;
	if (s->len == 0)
		rev->keepalive = false;
	fwd->keepalive = false;
	if (fwd->next_set && !control && s->len <= 1 && s->seq == fwd->nextseq - 1) {
		a->flags |= TA_KEEP_ALIVE;
		fwd->keepalive = true;
	}
	else if (fwd->next_set && !rst && seq_lt(fwd->nextseq, s->seq))
		a->flags |= TA_LOST_SEGMENT;
	else if (seglen > 0 && !rst)
		a->flags |= resent_kind(fwd, rev, s, p->frame->ts_ns, ooo_ns);
	if ((a->flags & (TA_RETRANSMISSION | TA_FAST_RETRANSMISSION | TA_SPURIOUS_RETRANSMISSION)) == TA_RETRANSMISSION &&
	    fwd->next_set) {
		/* a plain retransmission's timeout: since the oldest segment
		 * still waiting for its acknowledgment (likely the one sent
		 * again), else since the sequence last moved */
		const struct pending_syn *oldest = fwd->nunacked ? &c->logs->unacked[dir][0] : NULL;
		a->has_rto = true;
		a->rto_ns = ts_diff(p->frame->ts_ns, oldest ? oldest->ts_ns : fwd->nextseq_ns);
		a->rto_frame = oldest ? oldest->frame : fwd->nextseq_frame;
		a->has_rto = a->rto_ns != 0;
	}
	/* window full: this data fills what the receiver last allowed */
	if (s->len > 0 && !control && rev->ack_set && rev->wscale != -2 && fwd->wscale != -2) {
		/* only with both SYNs seen: the receiver's scale is known */
		int shift = rev->wscale >= 0 && fwd->wscale >= 0 ? rev->wscale : 0;
		uint32_t limit = rev->lastack + ((uint32_t)rev->lastwin << shift);
		if (s->seq + s->len == limit)
			a->flags |= TA_WINDOW_FULL;
	}
	ack_flags(fwd, rev, s, p, was_keepalive, a);
	/* the acknowledgment of the other side's data segments: the one it
	 * ends exactly, and every one before it is done with */
	if (ack) {
		uint8_t keep = 0;
		struct pending_syn *list = rev->nunacked ? c->logs->unacked[!dir] : NULL;
		for (uint8_t i = 0; i < rev->nunacked; i++) {
			struct pending_syn *e = &list[i];
			if (e->nextseq == s->ack && !a->data_ack) {
				a->data_ack = true;
				a->data_acks_frame = e->frame;
				a->data_ack_rtt_ns = ts_diff(p->frame->ts_ns, e->ts_ns);
			} else if (seq_lt(s->ack, e->nextseq)) {
				list[keep++] = *e;
			}
		}
		rev->nunacked = keep;
	}
	uint32_t end = s->seq + seglen;
	if ((s->len > 0 || fin) && !syn && !(a->flags & (TA_RETRANSMISSION | TA_KEEP_ALIVE))) {
		struct pending_syn *list = logs_of(t, c)->unacked[dir];
		if (fwd->nunacked == MAX_UNACKED) {
			memmove(list, list + 1, (MAX_UNACKED - 1) * sizeof list[0]);
			fwd->nunacked--;
		}
		list[fwd->nunacked++] = (struct pending_syn){p->frame->number, p->frame->ts_ns, end};
	}
	if (!fwd->next_set || seq_lt(fwd->nextseq, end)) {
		fwd->nextseq = end;
		fwd->nextseq_ns = p->frame->ts_ns;
		fwd->nextseq_frame = p->frame->number;
		fwd->next_set = true;
	}
	flight(fwd, rev, s, seglen, a);
	if (!fwd->max_set || s->seq == fwd->maxseqtobeacked) {
		fwd->maxseqtobeacked = fwd->nextseq;
		fwd->max_set = true;
	}
	a->acks_new = ack && (!fwd->ack_set || seq_lt(fwd->lastack, s->ack));
	if (ack) {
		fwd->lastack = s->ack;
		fwd->lastack_ns = p->frame->ts_ns;
		fwd->lastwin = win;
		fwd->ack_set = true;
	}
}

/* Sequence analysis of an own (not quoted) header: bases, pending SYNs and
 * their acknowledgment. */
static void conv_analyse(struct tcp_tracker *t, struct tcp_conv *c, uint8_t dir, const struct seg *s,
			 const struct packet *p, struct tcp_analysis *a)
{
	struct side_base *fwd = &c->base[dir], *rev = &c->base[!dir];
	bool syn = s->flags & TH_SYN;
	if (!fwd->base_set) {
		fwd->base_seq = syn ? s->seq : s->seq - 1;
		fwd->base_set = true;
	}
	if (!rev->base_set && (s->flags & TH_ACK)) {
		rev->base_seq = s->ack - 1;
		rev->base_set = true;
	}
	/* Acknowledgments of the other side's SYNs: the oldest exact match wins. */
	uint8_t keep = 0;
	struct pending_syn *waiting = rev->npending ? c->logs->pending[!dir] : NULL;
	for (uint8_t i = 0; i < rev->npending; i++) {
		struct pending_syn *e = &waiting[i];
		if (e->nextseq == s->ack) {
			if (!a->has_ack) {
				a->has_ack = true;
				a->acks_frame = e->frame;
				a->ack_rtt_ns = ts_diff(p->frame->ts_ns, e->ts_ns);
			}
		} else if (seq_lt(s->ack, e->nextseq)) {
			waiting[keep++] = *e;
		}
	}
	rev->npending = keep;
	if (syn && fwd->npending < MAX_PENDING)
		logs_of(t, c)->pending[dir][fwd->npending++] = (struct pending_syn){
			p->frame->number, p->frame->ts_ns, s->seq + s->len + 1};
	/* A zero time is not shown as an RTT. */
	if (a->has_ack && a->ack_rtt_ns == 0)
		a->has_ack = false;
	/* out of order: within the initial RTT (3 ms until it is known) */
	if (!t->handshake)
		segment_flags(t, c, dir, s, p, c->irtt_set ? c->irtt_ns : 3000000, a);
	logs_done(t, c);
}

/* How Accurate ECN (RFC 9768) stands in a conversation: asked for by a SYN
 * with AE, CWR and ECE set, agreed by a SYN-ACK whose three bits say
 * AccECN (the ACE values 2, 3, 4 and 6).  Once agreed, the three bits of
 * a later segment are one counter, ACE. */
enum { ACCECN_ASKED = 1, ACCECN_AGREED = 2 };

/* The conversation's completeness as Wireshark shows it on segment S: the
 * parts seen before it (tcp.completeness), then S's own added.  Counting
 * starts at a SYN or at a conversation's second frame; a pure
 * acknowledgment is what counts as ACK.  Also whether S's flags carry
 * the ACE counter. */
static void conv_completeness(struct tcp_conv *c, const struct seg *s, struct tcp_analysis *a)
{
	bool syn = s->flags & TH_SYN, ack = s->flags & TH_ACK;
	unsigned ecn = s->flags & (TH_AE | TH_CWR | TH_ECE);
	a->completeness = c->completeness;
	if (syn && !ack)
		c->accecn = ecn == (TH_AE | TH_CWR | TH_ECE) ? ACCECN_ASKED : 0;
	else if (syn && c->accecn == ACCECN_ASKED)
		c->accecn = ecn == TH_CWR || ecn == (TH_CWR | TH_ECE) || ecn == TH_AE || ecn == (TH_AE | TH_CWR) ?
				    ACCECN_AGREED : 0;
	a->ace = !syn && ack && c->accecn == ACCECN_AGREED;
	if (!c->seen && !syn)
		return;
	uint8_t seen = 0;
	if (syn)
		seen |= ack ? TCP_COMPLETE_SYNACK : TCP_COMPLETE_SYN;
	else if (ack && s->len == 0)
		seen |= TCP_COMPLETE_ACK;
	if (s->len > 0)
		seen |= TCP_COMPLETE_DATA;
	if (s->flags & TH_FIN)
		seen |= TCP_COMPLETE_FIN;
	if (s->flags & TH_RST)
		seen |= TCP_COMPLETE_RST;
	c->completeness |= seen;
}

bool tcp_track(struct tcp_tracker *t, const struct packet *p, struct tcp_analysis *a)
{
	struct seg s;
	if (!seg_from_packet(p, &s))
		return false;
	memset(a, 0, sizeof *a);
	bool reuse;
	uint8_t dir;
	struct tcp_conv *c = conv_for(t, &s, &reuse, &dir);
	a->stream = c->stream;
	a->dir = dir;
	a->quoted = s.quoted;
	a->port_reuse = reuse;
	int64_t now = p->frame->ts_ns;
	if (!s.quoted) {
		conv_analyse(t, c, dir, &s, p, a);
	}
	if (!t->handshake)
		a->completeness = c->completeness; /* a quoted header changes nothing */
	if (!s.quoted && !t->handshake) {
		conv_completeness(c, &s, a);
		if (!c->seen)
			c->first_ns = c->last_ns = now;
		c->seen = true;
		a->time_rel_ns = ts_diff(now, c->first_ns);
		a->time_delta_ns = ts_diff(now, c->last_ns);
		c->last_ns = now;
	}

	bool syn = s.flags & TH_SYN, ack = s.flags & TH_ACK;
	if (syn && !ack) {
		c->mru_syn_ns = now;
		c->mru_syn_set = true;
	}
	if (ack && !syn && c->mru_syn_set && !c->irtt_set && now != c->mru_syn_ns) {
		c->irtt_ns = ts_diff(now, c->mru_syn_ns);
		c->irtt_set = true;
		a->irtt_now = true;
	}
	a->has_irtt = c->irtt_set;
	a->irtt_ns = c->irtt_ns;
	a->has_seq_base = c->base[dir].base_set;
	a->seq_base = c->base[dir].base_seq;
	a->has_ack_base = c->base[!dir].base_set;
	a->ack_base = c->base[!dir].base_seq;
	return true;
}
