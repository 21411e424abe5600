/* Unit tests of TCP conversation tracking: stream numbers, which SYN a
 * SYN-ACK answers, the initial RTT, port reuse, ICMP-quoted headers. */
#include <glib.h>
#include <string.h>

#include "dissect/tcp_conv.h"
#include "tcp_segment.h"

#define MS 1000000LL

struct sim {
	struct tcp_tracker *t;
	struct frame f;
	struct packet p;
	uint64_t n;
	uint32_t len; /* payload bytes of the next segment (then 0 again) */
	uint16_t win; /* window of every segment */
};

/* Feeds one TCP segment A:AP -> B:BP (last octets of 10.0.0.x) at T_NS. */
static struct tcp_analysis seg(struct sim *s, int a, uint16_t ap, int b, uint16_t bp, uint16_t flags,
			       uint32_t seq, uint32_t ack, int64_t t_ns)
{
	tcp_segment(&s->p, &s->f, ++s->n, t_ns, a, ap, b, bp, flags, seq, ack, s->len, s->win);
	s->len = 0;
	struct tcp_analysis an;
	g_assert_true(tcp_track(s->t, &s->p, &an));
	return an;
}

/* The tests of what the handshake mode keeps run in both modes (MODE is
 * "full" or "handshake"): it must give the same answers. */
static struct tcp_tracker *tracker_new(gconstpointer mode)
{
	return strcmp(mode, "handshake") == 0 ? tcp_tracker_new_handshake() : tcp_tracker_new();
}

static void test_retransmitted_syn(gconstpointer mode)
{
	struct sim s = {.t = tracker_new(mode)};
	struct tcp_analysis a;
	a = seg(&s, 1, 1000, 2, 80, TH_SYN, 100, 0, 0);
	g_assert_cmpuint(a.stream, ==, 0);
	g_assert_false(a.has_ack);
	a = seg(&s, 1, 1000, 2, 80, TH_SYN, 100, 0, 1000 * MS);         /* same ISN: same stream */
	g_assert_cmpuint(a.stream, ==, 0);
	g_assert_false(a.port_reuse);
	a = seg(&s, 2, 80, 1, 1000, TH_SYN | TH_ACK, 500, 101, 1012 * MS);
	g_assert_cmpuint(a.stream, ==, 0);
	g_assert_cmpuint(a.dir, ==, 1);
	g_assert_true(a.has_ack);
	g_assert_cmpuint(a.acks_frame, ==, 1);                         /* timed from the first SYN */
	g_assert_cmpint(a.ack_rtt_ns, ==, 1012 * MS);
	a = seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 501, 1013 * MS);
	g_assert_true(a.has_ack);
	g_assert_cmpuint(a.acks_frame, ==, 3);                         /* the ACK acknowledges the SYN-ACK */
	g_assert_true(a.irtt_now);
	g_assert_cmpint(a.irtt_ns, ==, 13 * MS);                       /* from the most recent SYN */
	a = seg(&s, 1, 1000, 2, 80, TH_ACK | TH_PUSH, 101, 501, 1014 * MS);
	g_assert_false(a.irtt_now);
	g_assert_true(a.has_irtt);
	g_assert_cmpint(a.irtt_ns, ==, 13 * MS);
	tcp_tracker_free(s.t);
}

/* Sequence analysis flags as Wireshark sets them: a gap is a lost segment
 * for the sender, and the first acknowledgment past what was seen of the
 * other side is an "ACKed unseen segment", told once per gap. */
static void test_analysis_flags(void)
{
	struct sim s = {.t = tcp_tracker_new(), .win = 1000};
	struct tcp_analysis a;
	seg(&s, 1, 1000, 2, 80, TH_SYN, 100, 0, 0);
	seg(&s, 2, 80, 1, 1000, TH_SYN | TH_ACK, 500, 101, 1 * MS);
	seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 501, 2 * MS);
	s.len = 100;
	a = seg(&s, 2, 80, 1, 1000, TH_ACK, 501, 101, 3 * MS);           /* 501..600 */
	g_assert_cmpuint(a.flags, ==, 0);
	a = seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 601, 4 * MS);
	g_assert_cmpuint(a.flags, ==, 0);
	g_assert_true(a.data_ack);
	g_assert_cmpuint(a.data_acks_frame, ==, 4);
	/* 601..700 is not captured; 701..800 comes */
	s.len = 100;
	a = seg(&s, 2, 80, 1, 1000, TH_ACK, 701, 101, 5 * MS);
	g_assert_cmpuint(a.flags, ==, TA_LOST_SEGMENT);
	a = seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 801, 6 * MS);          /* acks the unseen bytes */
	g_assert_cmpuint(a.flags, ==, TA_ACK_LOST_SEGMENT);
	a = seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 801, 7 * MS);          /* told once: a duplicate now */
	g_assert_cmpuint(a.flags, ==, TA_DUP_ACK);
	s.len = 100;
	a = seg(&s, 2, 80, 1, 1000, TH_ACK, 601, 101, 8 * MS);          /* the lost bytes, acknowledged already */
	g_assert_cmpuint(a.flags, ==, TA_SPURIOUS_RETRANSMISSION | TA_RETRANSMISSION);
	s.len = 100;
	seg(&s, 2, 80, 1, 1000, TH_ACK, 801, 101, 9 * MS);              /* 801..900 */
	s.len = 100;
	a = seg(&s, 2, 80, 1, 1000, TH_ACK, 801, 101, 300 * MS);        /* sent again, unacknowledged */
	g_assert_cmpuint(a.flags, ==, TA_RETRANSMISSION);
	s.len = 100;
	a = seg(&s, 2, 80, 1, 1000, TH_ACK, 1001, 101, 301 * MS);       /* 901..1000 still on its way */
	g_assert_cmpuint(a.flags, ==, TA_LOST_SEGMENT);
	s.len = 100;
	a = seg(&s, 2, 80, 1, 1000, TH_ACK, 901, 101, 302 * MS);        /* within the initial RTT */
	g_assert_cmpuint(a.flags, ==, TA_OUT_OF_ORDER);
	/* two duplicate ACKs ask for 1101, which comes at once: fast */
	a = seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 1101, 303 * MS);
	a = seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 1101, 304 * MS);
	g_assert_cmpuint(a.flags, ==, TA_DUP_ACK);
	a = seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 1101, 305 * MS);
	g_assert_cmpuint(a.flags, ==, TA_DUP_ACK);
	s.len = 100;
	seg(&s, 2, 80, 1, 1000, TH_ACK, 1201, 101, 306 * MS);             /* 1101..1200 lost */
	s.len = 100;
	a = seg(&s, 2, 80, 1, 1000, TH_ACK, 1101, 101, 310 * MS);
	g_assert_cmpuint(a.flags, ==, TA_FAST_RETRANSMISSION | TA_RETRANSMISSION);
	tcp_tracker_free(s.t);
}

/* Window full: data that reaches exactly the end of the window the
 * receiver last offered (both SYNs seen, scale 0); then the receiver's
 * zero window.  The same exchange gives these flags in tshark. */
static void test_window_full(void)
{
	struct sim s = {.t = tcp_tracker_new(), .win = 2000};
	struct tcp_analysis a;
	seg(&s, 1, 1000, 2, 80, TH_SYN, 100, 0, 0);                    /* no window scaling offered */
	s.win = 1000;
	seg(&s, 2, 80, 1, 1000, TH_SYN | TH_ACK, 500, 101, 1 * MS);
	s.win = 2000;
	seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 501, 2 * MS);
	s.len = 600;
	a = seg(&s, 1, 1000, 2, 80, TH_ACK | TH_PUSH, 101, 501, 3 * MS);
	g_assert_cmpuint(a.flags, ==, 0);
	s.len = 400;
	a = seg(&s, 1, 1000, 2, 80, TH_ACK | TH_PUSH, 701, 501, 4 * MS);  /* 101 + 1000 */
	g_assert_cmpuint(a.flags, ==, TA_WINDOW_FULL);
	s.win = 0;
	a = seg(&s, 2, 80, 1, 1000, TH_ACK, 501, 1101, 5 * MS);
	g_assert_cmpuint(a.flags, ==, TA_ZERO_WINDOW);
	tcp_tracker_free(s.t);
}

static void test_stream_numbers(gconstpointer mode)
{
	struct sim s = {.t = tracker_new(mode)};
	/* A conversation first seen mid-way still takes a number. */
	g_assert_cmpuint(seg(&s, 3, 2000, 4, 443, TH_ACK, 7, 9, 0).stream, ==, 0);
	g_assert_cmpuint(seg(&s, 1, 1000, 2, 80, TH_SYN, 100, 0, 1).stream, ==, 1);
	g_assert_cmpuint(seg(&s, 4, 443, 3, 2000, TH_ACK, 9, 8, 2).stream, ==, 0);
	/* FIN-closed, then a new SYN with another ISN on the same pair: port reuse. */
	seg(&s, 2, 80, 1, 1000, TH_SYN | TH_ACK, 500, 101, 3);
	seg(&s, 1, 1000, 2, 80, TH_ACK | TH_FIN, 101, 501, 4);
	seg(&s, 2, 80, 1, 1000, TH_ACK | TH_FIN, 501, 102, 5);
	struct tcp_analysis a = seg(&s, 1, 1000, 2, 80, TH_SYN, 9000, 0, 6);
	g_assert_cmpuint(a.stream, ==, 2);
	g_assert_true(a.port_reuse);
	a = seg(&s, 2, 80, 1, 1000, TH_SYN | TH_ACK, 7000, 9001, 6 + 5 * MS);
	g_assert_cmpuint(a.stream, ==, 2);
	g_assert_cmpuint(a.acks_frame, ==, 7);
	g_assert_cmpuint(tcp_tracker_streams(s.t), ==, 3);
	tcp_tracker_free(s.t);
}

/* A segment whose key is its own reverse (the same address and port at
 * both ends) travels direction 0 of its conversation, both ways; a SYN-ACK
 * with a new sequence number restarts the side it was sent on. */
static void test_self_connection(gconstpointer mode)
{
	struct sim s = {.t = tracker_new(mode)};
	struct tcp_analysis a = seg(&s, 1, 1000, 1, 1000, TH_SYN, 100, 0, 0);
	g_assert_cmpuint(a.stream, ==, 0);
	g_assert_cmpuint(a.dir, ==, 0);
	a = seg(&s, 1, 1000, 1, 1000, TH_SYN | TH_ACK, 100, 101, 1 * MS);
	g_assert_cmpuint(a.dir, ==, 0);
	g_assert_false(a.has_ack); /* its own side's SYN: not the other side's */
	a = seg(&s, 1, 1000, 1, 1000, TH_SYN | TH_ACK, 700, 101, 2 * MS);
	g_assert_cmpuint(a.stream, ==, 0);
	g_assert_cmpuint(a.dir, ==, 0);
	g_assert_true(a.port_reuse);
	g_assert_cmpuint(a.seq_base, ==, 700);
	/* the reverse of a pair seen once is the same conversation, direction 1 */
	seg(&s, 3, 2000, 4, 80, TH_SYN, 5, 0, 3 * MS);
	a = seg(&s, 4, 80, 3, 2000, TH_SYN | TH_ACK, 50, 6, 4 * MS);
	g_assert_cmpuint(a.stream, ==, 1);
	g_assert_cmpuint(a.dir, ==, 1);
	g_assert_cmpuint(a.seq_base, ==, 50);
	g_assert_cmpuint(a.ack_base, ==, 5);
	g_assert_cmpuint(tcp_tracker_streams(s.t), ==, 2);
	tcp_tracker_free(s.t);
}

static void test_refused(gconstpointer mode)
{
	struct sim s = {.t = tracker_new(mode)};
	seg(&s, 1, 1000, 2, 81, TH_SYN, 100, 0, 0);
	struct tcp_analysis a = seg(&s, 2, 81, 1, 1000, TH_RST | TH_ACK, 0, 101, 2 * MS);
	/* The RST acknowledges the SYN; as the first ACK it also sets the iRTT. */
	g_assert_true(a.has_ack);
	g_assert_cmpuint(a.acks_frame, ==, 1);
	g_assert_true(a.irtt_now);
	g_assert_cmpint(a.irtt_ns, ==, 2 * MS);
	tcp_tracker_free(s.t);
}

static void test_quoted(gconstpointer mode)
{
	struct sim s = {.t = tracker_new(mode)};
	seg(&s, 1, 1000, 2, 80, TH_SYN, 100, 0, 0);
	/* An ICMP error quoting that SYN joins its stream, without analysis. */
	memset(&s.p, 0, sizeof s.p);
	s.f = (struct frame){.number = ++s.n, .ts_ns = MS};
	s.p.frame = &s.f;
	s.p.l4_layer = -1;
	s.p.quoted.valid = true;
	s.p.quoted.ip_version = 4;
	memcpy(s.p.quoted.src, (uint8_t[]){10, 0, 0, 1}, 4);
	memcpy(s.p.quoted.dst, (uint8_t[]){10, 0, 0, 2}, 4);
	s.p.quoted.sport = 1000;
	s.p.quoted.dport = 80;
	s.p.quoted.flags = TH_SYN;
	s.p.quoted.seq = 100;
	struct tcp_analysis a;
	g_assert_true(tcp_track(s.t, &s.p, &a));
	g_assert_true(a.quoted);
	g_assert_cmpuint(a.stream, ==, 0);
	g_assert_false(a.has_ack);
	/* A quote cut short of a whole TCP header is not followed. */
	s.p.quoted.valid = false;
	g_assert_false(tcp_track(s.t, &s.p, &a));
	tcp_tracker_free(s.t);
}

/* A plain retransmission's RTO counts from the oldest segment still
 * unacknowledged (else from the frame that last moved the sequence); the
 * times in the stream count own frames only. */
static void test_rto_and_times(void)
{
	struct sim s = {.t = tcp_tracker_new(), .win = 1000};
	struct tcp_analysis a;
	a = seg(&s, 1, 1000, 2, 80, TH_SYN, 100, 0, 0);
	g_assert_cmpint(a.time_rel_ns, ==, 0);
	g_assert_cmpint(a.time_delta_ns, ==, 0);
	a = seg(&s, 1, 1000, 2, 80, TH_SYN, 100, 0, 1000 * MS);          /* 2: SYN again */
	g_assert_true(a.flags & TA_RETRANSMISSION);
	g_assert_true(a.has_rto);
	g_assert_cmpuint(a.rto_frame, ==, 1);
	g_assert_cmpint(a.rto_ns, ==, 1000 * MS);
	seg(&s, 2, 80, 1, 1000, TH_SYN | TH_ACK, 500, 101, 1010 * MS);     /* 3 */
	seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 501, 1011 * MS);              /* 4 */
	s.len = 100;
	a = seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 501, 1020 * MS);          /* 5: data */
	g_assert_false(a.has_rto);
	s.len = 100;
	seg(&s, 1, 1000, 2, 80, TH_ACK, 201, 501, 1021 * MS);              /* 6: data */
	s.len = 100;
	a = seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 501, 1300 * MS);          /* 7: frame 5 again */
	g_assert_cmpuint(a.flags & (TA_RETRANSMISSION | TA_FAST_RETRANSMISSION), ==, TA_RETRANSMISSION);
	g_assert_true(a.has_rto);
	g_assert_cmpuint(a.rto_frame, ==, 5);
	g_assert_cmpint(a.rto_ns, ==, 280 * MS);
	g_assert_cmpint(a.time_rel_ns, ==, 1300 * MS);
	g_assert_cmpint(a.time_delta_ns, ==, 279 * MS);
	/* an ICMP error quoting a header moves neither time */
	memset(&s.p, 0, sizeof s.p);
	s.f = (struct frame){.number = ++s.n, .ts_ns = 1400 * MS};
	s.p.frame = &s.f;
	s.p.l4_layer = -1;
	s.p.quoted = (__typeof__(s.p.quoted)){.valid = true, .ip_version = 4, .sport = 1000, .dport = 80,
					      .flags = TH_ACK, .seq = 101};
	memcpy(s.p.quoted.src, (uint8_t[]){10, 0, 0, 1}, 4);
	memcpy(s.p.quoted.dst, (uint8_t[]){10, 0, 0, 2}, 4);
	g_assert_true(tcp_track(s.t, &s.p, &a));
	g_assert_false(a.has_rto);
	a = seg(&s, 2, 80, 1, 1000, TH_ACK, 501, 301, 1500 * MS);          /* 9 */
	g_assert_false(a.has_rto);
	g_assert_cmpint(a.time_rel_ns, ==, 1500 * MS);
	g_assert_cmpint(a.time_delta_ns, ==, 200 * MS);
	tcp_tracker_free(s.t);
}

/* Bytes in flight: the span of a side's unacknowledged segments, told
 * for data; bytes since the last PSH flag. */
static void test_bytes_in_flight(void)
{
	struct sim s = {.t = tcp_tracker_new(), .win = 1000};
	struct tcp_analysis a;
	seg(&s, 1, 1000, 2, 80, TH_SYN, 100, 0, 0);
	seg(&s, 2, 80, 1, 1000, TH_SYN | TH_ACK, 500, 101, MS);
	a = seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 501, 2 * MS);
	g_assert_false(a.has_bif);                                      /* no data */
	s.len = 100;
	a = seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 501, 3 * MS);
	g_assert_true(a.has_bif);
	g_assert_cmpuint(a.bytes_in_flight, ==, 100);
	g_assert_cmpuint(a.push_bytes, ==, 100);
	s.len = 50;
	a = seg(&s, 1, 1000, 2, 80, TH_ACK | TH_PUSH, 201, 501, 4 * MS);
	g_assert_cmpuint(a.bytes_in_flight, ==, 150);
	g_assert_cmpuint(a.push_bytes, ==, 150);                        /* the PSH ends the run */
	seg(&s, 2, 80, 1, 1000, TH_ACK, 501, 151, 5 * MS);              /* half of the first acknowledged */
	s.len = 10;
	a = seg(&s, 1, 1000, 2, 80, TH_ACK, 251, 501, 6 * MS);
	g_assert_cmpuint(a.bytes_in_flight, ==, 110);                   /* 151 to 261 */
	g_assert_cmpuint(a.push_bytes, ==, 10);                         /* a new run */
	seg(&s, 2, 80, 1, 1000, TH_ACK, 501, 261, 7 * MS);              /* all acknowledged */
	s.len = 20;
	a = seg(&s, 1, 1000, 2, 80, TH_ACK | TH_FIN, 261, 501, 8 * MS);
	g_assert_cmpuint(a.bytes_in_flight, ==, 20);                    /* the FIN's sequence not counted */
	tcp_tracker_free(s.t);
}

/* The handshake mode, fed the same frames as the full one (handshakes with
 * retransmitted and more SYNs than are remembered, a responder restarting
 * its side, port reuse, data, an ICMP quote, a refusal), tells the same
 * streams, directions, SYN acknowledgments, initial RTTs and sequence
 * bases, and nothing of the segment analysis. */
static void test_handshake_mode(void)
{
	struct sim full = {.t = tcp_tracker_new(), .win = 1000};
	struct sim hs = {.t = tcp_tracker_new_handshake(), .win = 1000};
	static const struct {
		int a; uint16_t ap; int b; uint16_t bp; uint16_t flags; uint32_t seq, ack, len; int64_t t;
	} segs[] = {
		{1, 1000, 2, 80, TH_SYN, 100, 0, 0, 0},
		{1, 1000, 2, 80, TH_SYN, 100, 0, 0, 1 * MS},
		{1, 1000, 2, 80, TH_SYN, 100, 0, 0, 3 * MS},
		{1, 1000, 2, 80, TH_SYN, 100, 0, 0, 7 * MS},             /* a fourth copy: not kept */
		{2, 80, 1, 1000, TH_SYN | TH_ACK, 500, 101, 0, 9 * MS},
		{1, 1000, 2, 80, TH_ACK, 101, 501, 0, 10 * MS},
		{1, 1000, 2, 80, TH_ACK | TH_PUSH, 101, 501, 100, 11 * MS},
		{2, 80, 1, 1000, TH_ACK, 501, 201, 0, 12 * MS},
		{3, 2000, 4, 443, TH_ACK, 7, 9, 10, 13 * MS},            /* first seen mid-way */
		{4, 443, 3, 2000, TH_ACK, 9, 17, 0, 14 * MS},
		{5, 3000, 6, 22, TH_SYN, 40, 0, 0, 15 * MS},
		{6, 22, 5, 3000, TH_SYN | TH_ACK, 900, 41, 0, 16 * MS},
		{6, 22, 5, 3000, TH_SYN | TH_ACK, 1900, 41, 0, 17 * MS}, /* the responder restarts */
		{5, 3000, 6, 22, TH_ACK, 41, 1901, 0, 18 * MS},
		{1, 1000, 2, 80, TH_FIN | TH_ACK, 201, 501, 0, 19 * MS},
		{2, 80, 1, 1000, TH_FIN | TH_ACK, 501, 202, 0, 20 * MS},
		{1, 1000, 2, 80, TH_SYN, 7000, 0, 0, 21 * MS},           /* port reuse */
		{2, 80, 1, 1000, TH_SYN | TH_ACK, 300, 7001, 0, 24 * MS},
		{1, 1000, 2, 80, TH_ACK, 7001, 301, 0, 25 * MS},
		{7, 4000, 8, 81, TH_SYN, 1, 0, 0, 26 * MS},
		{8, 81, 7, 4000, TH_RST | TH_ACK, 0, 2, 0, 27 * MS},    /* refused */
		{9, 5000, 10, 82, TH_SYN, 1, 0, 0, 28 * MS},             /* never answered */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(segs); i++) {
		full.len = hs.len = segs[i].len;
		struct tcp_analysis f = seg(&full, segs[i].a, segs[i].ap, segs[i].b, segs[i].bp, segs[i].flags,
					    segs[i].seq, segs[i].ack, segs[i].t);
		struct tcp_analysis h = seg(&hs, segs[i].a, segs[i].ap, segs[i].b, segs[i].bp, segs[i].flags,
					    segs[i].seq, segs[i].ack, segs[i].t);
		g_assert_cmpuint(h.stream, ==, f.stream);
		g_assert_cmpuint(h.dir, ==, f.dir);
		g_assert_cmpint(h.port_reuse, ==, f.port_reuse);
		g_assert_cmpint(h.has_ack, ==, f.has_ack);
		g_assert_cmpuint(h.acks_frame, ==, f.acks_frame);
		g_assert_cmpint(h.ack_rtt_ns, ==, f.ack_rtt_ns);
		g_assert_cmpint(h.has_irtt, ==, f.has_irtt);
		g_assert_cmpint(h.irtt_now, ==, f.irtt_now);
		g_assert_cmpint(h.irtt_ns, ==, f.irtt_ns);
		g_assert_cmpint(h.has_seq_base, ==, f.has_seq_base);
		g_assert_cmpuint(h.seq_base, ==, f.seq_base);
		g_assert_cmpint(h.has_ack_base, ==, f.has_ack_base);
		g_assert_cmpuint(h.ack_base, ==, f.ack_base);
		g_assert_cmpuint(h.flags, ==, 0);
		g_assert_false(h.data_ack);
		g_assert_false(h.has_bif);
		g_assert_cmpint(h.time_rel_ns, ==, 0);
		if (i == 12) /* the restarting responder's SYN-ACK, found by the initiator's key */
			g_assert_cmpuint(h.dir, ==, 1);
		/* the frames that answer SYNs, as they were sent */
		if (i == 4 || i == 11 || i == 12 || i == 17 || i == 20) {
			static const uint64_t acked[] = {[4] = 1, [11] = 11, [12] = 0, [17] = 17, [20] = 20};
			g_assert_cmpint(h.has_ack, ==, acked[i] != 0);
			g_assert_cmpuint(h.acks_frame, ==, acked[i]);
		}
	}
	g_assert_cmpuint(tcp_tracker_streams(hs.t), ==, 6);
	g_assert_cmpuint(tcp_tracker_streams(full.t), ==, 6);
	tcp_tracker_free(full.t);
	tcp_tracker_free(hs.t);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_data_func("/tcp-conv/retransmitted-syn/full", "full", test_retransmitted_syn);
	g_test_add_data_func("/tcp-conv/stream-numbers/full", "full", test_stream_numbers);
	g_test_add_data_func("/tcp-conv/refused/full", "full", test_refused);
	g_test_add_data_func("/tcp-conv/self-connection/full", "full", test_self_connection);
	g_test_add_data_func("/tcp-conv/quoted/full", "full", test_quoted);
	g_test_add_data_func("/tcp-conv/retransmitted-syn/handshake", "handshake", test_retransmitted_syn);
	g_test_add_data_func("/tcp-conv/stream-numbers/handshake", "handshake", test_stream_numbers);
	g_test_add_data_func("/tcp-conv/refused/handshake", "handshake", test_refused);
	g_test_add_data_func("/tcp-conv/self-connection/handshake", "handshake", test_self_connection);
	g_test_add_data_func("/tcp-conv/quoted/handshake", "handshake", test_quoted);
	g_test_add_func("/tcp-conv/handshake-mode", test_handshake_mode);
	g_test_add_func("/tcp-conv/analysis-flags", test_analysis_flags);
	g_test_add_func("/tcp-conv/window-full", test_window_full);
	g_test_add_func("/tcp-conv/rto-and-times", test_rto_and_times);
	g_test_add_func("/tcp-conv/bytes-in-flight", test_bytes_in_flight);
	return g_test_run();
}
