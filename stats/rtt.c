/* rtt.c — handshake RTT per TCP connection, on top of the TCP conversation
 * tracker (stream numbers and SYN acknowledgment times as Wireshark's). */
#include "stats/rtt.h"

#include <stddef.h>
#include <string.h>

#include "dissect/tcp_conv.h"

/* Rows are kept in two forms.  A connection that later frames can still
 * change is live: a whole struct rtt_conn in a pool.  Once no later frame
 * can change its row (see settle_if_done()), or at the end of its file, the
 * row is finished and encoded into a few dozen bytes (rows_put()), and its
 * place in the pool is reused: at a quarter of a million connections the
 * rows take about a third of the memory whole records would. */
#define ROW_LIVE (UINT64_C(1) << 63) /* a row's place: in the pool, not encoded */
#define BLOCK_BITS 20                /* encoded rows are stored in blocks of 1 MiB */
#define BLOCK_SIZE ((size_t)1 << BLOCK_BITS)
#define ROW_MAX 256                  /* more than the longest encoded row */

struct rtt_state {
	GArray *rows;                 /* uint64_t per row, in the order they were made: where the
	                               * encoded row starts (block << BLOCK_BITS | offset), or
	                               * ROW_LIVE | its index in LIVE */
	GPtrArray *blocks;            /* BLOCK_SIZE bytes each; owns them */
	size_t used;                  /* bytes used in the last block */
	bool t0_set;
	int64_t t0;                   /* the first time encoded: what the others are told from */
	GArray *live;                 /* struct rtt_conn: the rows not settled yet */
	GArray *live_free;            /* guint: places in LIVE free for reuse */
	GArray *decoded;              /* rtt_connections()'s copy, or NULL */
	GArray *stream_map;           /* gint: tcp.stream -> its newest row, or -1 */
	struct tcp_tracker *tracker;  /* the current file's */
	guint file;
	guint file_first;             /* the current file's first row */
};

rtt_state *rtt_new(void)
{
	rtt_state *st = g_new0(rtt_state, 1);
	st->rows = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	st->blocks = g_ptr_array_new_with_free_func(g_free);
	st->live = g_array_new(FALSE, TRUE, sizeof(struct rtt_conn));
	st->live_free = g_array_new(FALSE, FALSE, sizeof(guint));
	st->stream_map = g_array_new(FALSE, FALSE, sizeof(gint));
	return st;
}

void rtt_free(rtt_state *st)
{
	if (!st)
		return;
	tcp_tracker_free(st->tracker);
	g_array_free(st->rows, TRUE);
	g_ptr_array_free(st->blocks, TRUE);
	g_array_free(st->live, TRUE);
	g_array_free(st->live_free, TRUE);
	if (st->decoded)
		g_array_free(st->decoded, TRUE);
	g_array_free(st->stream_map, TRUE);
	g_free(st);
}

/* Encoding --------------------------------------------------------------- */

/* The 64-bit members of a row, in the order they are encoded: each is told
 * from what the ones before it predict (predict()), so that most take one
 * to four bytes. */
enum {
	F_SYN, F_SYNACK, F_ACK, F_RST,  /* frames */
	T_SYN, T_SYNACK, T_ACK, T_RST,  /* their times */
	D_SYN_SYNACK, D_SYNACK_ACK, D_SYN_RST, D_IRTT, D_NETWORK,
	NFIELDS
};

/* ... and laid out in that order in struct rtt_conn, so that a row's members
 * are copied in and out in one piece. */
G_STATIC_ASSERT(offsetof(struct rtt_conn, network_rtt) - offsetof(struct rtt_conn, syn_frame) ==
		(NFIELDS - 1) * sizeof(int64_t));

static uint8_t *put_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

static uint64_t get_varint(const uint8_t **pp)
{
	const uint8_t *p = *pp;
	if (*p < 0x80) { /* one byte: most */
		*pp = p + 1;
		return *p;
	}
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		uint8_t b = *p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
	}
	*pp = p;
	return v;
}

static inline int64_t wrap_sub(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a - (uint64_t)b);
}

/* A member's value, 0 when absent (as a prediction uses it). */
static inline int64_t val(const int64_t *v, int i)
{
	return v[i] == RTT_NONE ? 0 : v[i];
}

static inline bool has(const int64_t *v, int i)
{
	return v[i] != RTT_NONE;
}

/* What member I is expected to be from the members before it (V) and the
 * row's vantage: a frame the frame before it, a time the time before it
 * (the first from T0), a leg the difference of its frames' times, the
 * network RTT the legs the vantage point names.  A wrong guess costs bytes,
 * never exactness.  Encoding and decoding go through the members in order,
 * calling predict() and then passed() for each. */
struct predictor {
	int64_t frame;                /* the last frame present */
	int64_t time;                 /* the last time whose frame is present, first T0 */
};

static inline __attribute__((always_inline)) int64_t predict(const struct predictor *pr, const int64_t *v, int i, RttVantage vantage)
{
	switch (i) {
	case F_SYN: case F_SYNACK: case F_ACK: case F_RST:
		return pr->frame;
	case T_SYN: case T_SYNACK: case T_ACK: case T_RST:
		return has(v, i - T_SYN) ? pr->time : 0;
	case D_SYN_SYNACK:
		return has(v, F_SYN) && has(v, F_SYNACK) ? wrap_sub(val(v, T_SYNACK), val(v, T_SYN)) : 0;
	case D_SYNACK_ACK:
		return has(v, F_SYNACK) && has(v, F_ACK) ? wrap_sub(val(v, T_ACK), val(v, T_SYNACK)) : 0;
	case D_SYN_RST:
		return has(v, F_SYN) && has(v, F_RST) ? wrap_sub(val(v, T_RST), val(v, T_SYN)) : 0;
	case D_IRTT:
		return has(v, F_SYN) && has(v, F_ACK) ? wrap_sub(val(v, T_ACK), val(v, T_SYN)) : 0;
	default: /* D_NETWORK */
		return vantage == VANTAGE_CLIENT ? val(v, D_SYN_SYNACK) :
		       vantage == VANTAGE_SERVER ? val(v, D_SYNACK_ACK) :
		       vantage == VANTAGE_MIDDLE ? (int64_t)((uint64_t)val(v, D_SYN_SYNACK) + (uint64_t)val(v, D_SYNACK_ACK)) :
		       0;
	}
}

/* Member I (in V) is known: what it tells the predictions after it. */
static inline __attribute__((always_inline)) void passed(struct predictor *pr, const int64_t *v, int i)
{
	if (i <= F_RST && has(v, i))
		pr->frame = v[i];
	else if (i >= T_SYN && i <= T_RST && has(v, i - T_SYN))
		pr->time = val(v, i);
}

/* C encoded at P (ROW_MAX bytes are enough); returns the end. */
static uint8_t *row_encode(uint8_t *p, const struct rtt_conn *c, int64_t t0)
{
	p = put_varint(p, c->file);
	p = put_varint(p, c->stream);
	*p++ = c->family;
	*p++ = (uint8_t)(c->status << 4 | c->vantage);
	p = put_varint(p, c->syn_count);
	p = put_varint(p, c->synack_count);
	*p++ = c->syn_ttl;
	*p++ = c->synack_ttl;
	memcpy(p, &c->client_port, 2);
	memcpy(p + 2, &c->server_port, 2);
	p += 4;
	size_t n = c->family == 4 ? 4 : 16;
	memcpy(p, c->client, n);
	memcpy(p + n, c->server, n);
	p += 2 * n;
	int64_t v[NFIELDS];
	unsigned mask = 0;
	memcpy(v, &c->syn_frame, sizeof v);
	for (int i = 0; i < NFIELDS; i++)
		mask |= (v[i] != RTT_NONE) << i;
	*p++ = (uint8_t)mask;
	*p++ = (uint8_t)(mask >> 8);
	struct predictor pr = {0, t0};
#pragma GCC unroll 16
	for (int i = 0; i < NFIELDS; i++) {
		if (has(v, i)) {
			int64_t d = wrap_sub(v[i], predict(&pr, v, i, c->vantage));
			p = put_varint(p, (uint64_t)d << 1 ^ (uint64_t)(d >> 63)); /* zigzag: small either side of 0 */
		}
		passed(&pr, v, i);
	}
	return p;
}

static void row_decode(const uint8_t *p, struct rtt_conn *c, int64_t t0)
{
	memset(c, 0, offsetof(struct rtt_conn, syn_frame));
	c->file = (guint)get_varint(&p);
	c->stream = (uint32_t)get_varint(&p);
	c->family = *p++;
	c->status = (RttStatus)(*p >> 4);
	c->vantage = (RttVantage)(*p++ & 15);
	c->syn_count = (uint32_t)get_varint(&p);
	c->synack_count = (uint32_t)get_varint(&p);
	c->syn_ttl = *p++;
	c->synack_ttl = *p++;
	memcpy(&c->client_port, p, 2);
	memcpy(&c->server_port, p + 2, 2);
	p += 4;
	size_t n = c->family == 4 ? 4 : 16;
	memcpy(c->client, p, n);
	memcpy(c->server, p + n, n);
	p += 2 * n;
	unsigned mask = p[0] | (unsigned)p[1] << 8;
	p += 2;
	int64_t v[NFIELDS];
	struct predictor pr = {0, t0};
	/* unrolled, each member's prediction is straight-line code */
#pragma GCC unroll 16
	for (int i = 0; i < NFIELDS; i++) {
		v[i] = RTT_NONE;
		if (mask >> i & 1) {
			uint64_t z = get_varint(&p);
			int64_t d = (int64_t)(z >> 1 ^ -(z & 1));
			v[i] = (int64_t)((uint64_t)predict(&pr, v, i, c->vantage) + (uint64_t)d);
		}
		passed(&pr, v, i);
	}
	memcpy(&c->syn_frame, v, sizeof v);
}

/* Stores C encoded as row I (a new encoding when the row had one). */
static void rows_put(rtt_state *st, guint i, const struct rtt_conn *c)
{
	if (!st->t0_set) {
		st->t0_set = true;
		st->t0 = c->syn_frame != RTT_NONE ? c->syn_ns : c->synack_frame != RTT_NONE ? c->synack_ns : 0;
	}
	if (!st->blocks->len || st->used + ROW_MAX > BLOCK_SIZE) {
		g_ptr_array_add(st->blocks, g_malloc(BLOCK_SIZE));
		st->used = 0;
	}
	uint8_t *start = (uint8_t *)st->blocks->pdata[st->blocks->len - 1] + st->used;
	uint8_t *end = row_encode(start, c, st->t0);
	g_array_index(st->rows, uint64_t, i) = (uint64_t)(st->blocks->len - 1) << BLOCK_BITS | st->used;
	st->used += (size_t)(end - start);
	g_clear_pointer(&st->decoded, g_array_unref);
}

static inline bool row_live(const rtt_state *st, guint i)
{
	return g_array_index(st->rows, uint64_t, i) & ROW_LIVE;
}

static inline struct rtt_conn *live_conn(rtt_state *st, guint i)
{
	guint at = (guint)(g_array_index(st->rows, uint64_t, i) & ~ROW_LIVE);
	return &g_array_index(st->live, struct rtt_conn, at);
}

guint rtt_count(const rtt_state *st)
{
	return st->rows->len;
}

void rtt_get(const rtt_state *st, guint i, struct rtt_conn *c)
{
	uint64_t at = g_array_index(st->rows, uint64_t, i);
	if (at & ROW_LIVE) {
		*c = g_array_index(st->live, struct rtt_conn, (guint)(at & ~ROW_LIVE));
		return;
	}
	row_decode((const uint8_t *)st->blocks->pdata[at >> BLOCK_BITS] + (at & (BLOCK_SIZE - 1)), c, st->t0);
}

GArray *rtt_connections(rtt_state *st)
{
	if (!st->decoded) {
		st->decoded = g_array_sized_new(FALSE, FALSE, sizeof(struct rtt_conn), st->rows->len);
		g_array_set_size(st->decoded, st->rows->len);
		for (guint i = 0; i < st->rows->len; i++)
			rtt_get(st, i, &g_array_index(st->decoded, struct rtt_conn, i));
	}
	return st->decoded;
}

/* Rows ------------------------------------------------------------------- */

void rtt_file_begin(rtt_state *st, guint file)
{
	tcp_tracker_free(st->tracker);
	st->tracker = tcp_tracker_new_handshake();
	g_array_set_size(st->stream_map, 0);
	st->file = file;
	st->file_first = st->rows->len;
}

void rtt_add_conn(rtt_state *st, const struct rtt_conn *c)
{
	g_array_set_size(st->rows, st->rows->len + 1);
	rows_put(st, st->rows->len - 1, c);
	st->file_first = st->rows->len;
}

static void conn_finish(struct rtt_conn *c);

/* Row I, live, will not change any more: finished and encoded, its place in
 * the pool freed. */
static void settle(rtt_state *st, guint i)
{
	guint at = (guint)(g_array_index(st->rows, uint64_t, i) & ~ROW_LIVE);
	struct rtt_conn *c = &g_array_index(st->live, struct rtt_conn, at);
	conn_finish(c);
	rows_put(st, i, c);
	g_array_append_val(st->live_free, at);
}

/* The newest row of STREAM, or -1. */
static gint stream_row(rtt_state *st, uint32_t stream)
{
	while (st->stream_map->len <= stream) {
		gint none = -1;
		g_array_append_val(st->stream_map, none);
	}
	return g_array_index(st->stream_map, gint, stream);
}

/* A new live row for STREAM, from P (sent by the client when
 * SENDER_IS_CLIENT); it becomes the stream's newest row, and the row it
 * replaces there, which no later frame can reach, is settled. */
static struct rtt_conn *conn_add(rtt_state *st, uint32_t stream, const struct packet *p,
				 bool sender_is_client)
{
	struct rtt_conn c = {
		.file = st->file, .stream = stream, .family = p->ip_version,
		.syn_frame = RTT_NONE, .synack_frame = RTT_NONE, .ack_frame = RTT_NONE,
		.rst_frame = RTT_NONE, .syn_to_synack = RTT_NONE, .synack_to_ack = RTT_NONE,
		.irtt = RTT_NONE, .network_rtt = RTT_NONE, .syn_to_rst = RTT_NONE,
	};
	size_t n = p->ip_version == 4 ? 4 : 16;
	memcpy(c.client, sender_is_client ? p->ip_src : p->ip_dst, n);
	memcpy(c.server, sender_is_client ? p->ip_dst : p->ip_src, n);
	c.client_port = sender_is_client ? p->sport : p->dport;
	c.server_port = sender_is_client ? p->dport : p->sport;
	gint old = stream_row(st, stream);
	if (old >= 0 && row_live(st, (guint)old))
		settle(st, (guint)old);
	guint at;
	if (st->live_free->len) {
		at = g_array_index(st->live_free, guint, st->live_free->len - 1);
		g_array_set_size(st->live_free, st->live_free->len - 1);
		g_array_index(st->live, struct rtt_conn, at) = c;
	} else {
		at = st->live->len;
		g_array_append_val(st->live, c);
	}
	uint64_t loc = ROW_LIVE | at;
	g_array_append_val(st->rows, loc);
	g_clear_pointer(&st->decoded, g_array_unref);
	g_array_index(st->stream_map, gint, stream) = (gint)(st->rows->len - 1);
	return &g_array_index(st->live, struct rtt_conn, at);
}

static bool from_client(const struct rtt_conn *c, const struct packet *p)
{
	size_t n = c->family == 4 ? 4 : 16;
	return p->sport == c->client_port && memcmp(p->ip_src, c->client, n) == 0;
}

static void on_syn(struct rtt_conn *c, const struct packet *p)
{
	c->syn_count++;
	if (c->syn_frame == RTT_NONE) {
		c->syn_frame = (int64_t)p->frame->number;
		c->syn_ns = p->frame->ts_ns;
		c->syn_ttl = p->ip_ttl;
	}
}

static void on_synack(struct rtt_conn *c, const struct packet *p, const struct tcp_analysis *a)
{
	c->synack_count++;
	if (c->synack_frame != RTT_NONE)
		return;
	c->synack_frame = (int64_t)p->frame->number;
	c->synack_ns = p->frame->ts_ns;
	c->synack_ttl = p->ip_ttl;
	if (a->has_ack) {
		c->syn_to_synack = a->ack_rtt_ns;
		c->syn_frame = (int64_t)a->acks_frame;
		c->syn_ns = (int64_t)((uint64_t)p->frame->ts_ns - (uint64_t)a->ack_rtt_ns);
	}
}

/* Settles row I (live, C) when no later frame can change it: its SYN-ACK
 * and handshake ACK are seen and its stream's initial RTT is known.  Later
 * frames of the stream then change nothing but the count of SYN-ACKs; a
 * client's SYN starts a new row. */
static void settle_if_done(rtt_state *st, guint i, const struct rtt_conn *c, const struct tcp_analysis *a)
{
	if (c->synack_frame != RTT_NONE && c->ack_frame != RTT_NONE && a->has_irtt)
		settle(st, i);
}

/* A SYN (P, SYN and ACK flags as given) on a stream whose newest row I is
 * settled: a retransmitted SYN-ACK is counted, a client's SYN is a new
 * handshake (returns its live row); NULL when P needs nothing more. */
static struct rtt_conn *syn_after_settled(rtt_state *st, guint i, const struct packet *p, uint32_t stream, bool ack)
{
	struct rtt_conn done;
	rtt_get(st, i, &done);
	bool client = from_client(&done, p);
	if (!ack && client) {
		struct rtt_conn *c = conn_add(st, stream, p, true);
		c->irtt = done.irtt;
		return c;
	}
	if (ack && !client) {
		done.synack_count++;
		rows_put(st, i, &done);
	}
	return NULL;
}

void rtt_packet(rtt_state *st, const struct packet *p)
{
	struct tcp_analysis a;
	if (!st->tracker || !tcp_track(st->tracker, p, &a) || a.quoted)
		return;
	uint16_t fl = p->tcp_flags;
	bool syn = fl & TH_SYN, ack = fl & TH_ACK, rst = fl & TH_RST;
	gint row = stream_row(st, a.stream);
	struct rtt_conn *c;
	if (row < 0) {
		if (!syn)
			return;
		c = conn_add(st, a.stream, p, !ack);
	} else if (!row_live(st, (guint)row)) {
		if (!syn || !(c = syn_after_settled(st, (guint)row, p, a.stream, ack)))
			return;
	} else {
		c = live_conn(st, (guint)row);
	}
	bool client = from_client(c, p);
	if (syn && !ack && client && (c->synack_frame != RTT_NONE || c->rst_frame != RTT_NONE)) {
		/* A new handshake on a stream whose last one was answered (the
		 * same ISN again, so the same tcp.stream): a connection of its own,
		 * sharing the stream's initial RTT. */
		int64_t irtt = c->irtt;
		c = conn_add(st, a.stream, p, true);
		c->irtt = irtt;
	}
	if (syn && !ack && client)
		on_syn(c, p);
	else if (syn && ack && !client)
		on_synack(c, p, &a);
	else if (rst && !client && c->synack_frame == RTT_NONE && c->rst_frame == RTT_NONE) {
		c->rst_frame = (int64_t)p->frame->number;
		c->rst_ns = p->frame->ts_ns;
	} else if (ack && !syn && !rst && client && c->synack_frame != RTT_NONE &&
		   c->ack_frame == RTT_NONE) {
		c->ack_frame = (int64_t)p->frame->number;
		c->ack_ns = p->frame->ts_ns;
	}
	if (a.irtt_now)
		c->irtt = a.irtt_ns;
	settle_if_done(st, (guint)g_array_index(st->stream_map, gint, a.stream), c, &a);
}

/* TTLs that senders start with: a packet still carrying one was captured on
 * the host that sent it (or on its own link). */
static bool ttl_is_initial(uint8_t ttl)
{
	return ttl == 64 || ttl == 128 || ttl == 255 || ttl == 32;
}

/* Where the capture was taken, for an established connection.  A packet
 * still carrying its sender's initial TTL was captured next to that sender,
 * so when exactly one of SYN and SYN-ACK does, that decides.  Otherwise the
 * legs decide: an end host answers in microseconds, so next to the client
 * the SYN-ACK -> ACK leg is tiny, next to the server the SYN -> SYN-ACK leg
 * is, and on the path both are a real share of the round trip. */
RttVantage rtt_vantage(int64_t syn_to_synack, int64_t synack_to_ack, uint8_t syn_ttl, uint8_t synack_ttl)
{
	int64_t sum;
	if (syn_to_synack < 0 || synack_to_ack < 0 || __builtin_add_overflow(syn_to_synack, synack_to_ack, &sum))
		return VANTAGE_UNKNOWN; /* frames out of time order: no leg is a network time */
	bool syn_init = ttl_is_initial(syn_ttl), synack_init = ttl_is_initial(synack_ttl);
	if (syn_init != synack_init)
		return syn_init ? VANTAGE_CLIENT : VANTAGE_SERVER;
	int64_t small = MIN(syn_to_synack, synack_to_ack);
	int64_t big = MAX(syn_to_synack, synack_to_ack);
	if (small > 0 && small >= big / 10)
		return VANTAGE_MIDDLE;
	return syn_to_synack >= synack_to_ack ? VANTAGE_CLIENT : VANTAGE_SERVER;
}

static RttVantage vantage_of(const struct rtt_conn *c)
{
	return rtt_vantage(c->syn_to_synack, c->synack_to_ack, c->syn_ttl, c->synack_ttl);
}

static void conn_finish(struct rtt_conn *c)
{
	bool syn = c->syn_frame != RTT_NONE, synack = c->synack_frame != RTT_NONE;
	if (synack && c->ack_frame != RTT_NONE)
		c->synack_to_ack = ts_diff(c->ack_ns, c->synack_ns);
	if (!syn && synack)
		c->status = RTT_MID_HANDSHAKE;
	else if (synack)
		c->status = c->ack_frame != RTT_NONE ? RTT_ESTABLISHED : RTT_INCOMPLETE;
	else if (c->rst_frame != RTT_NONE && syn) {
		c->status = RTT_REFUSED;
		c->syn_to_rst = ts_diff(c->rst_ns, c->syn_ns);
	}
	else
		c->status = RTT_NO_ANSWER;
	if (c->status != RTT_ESTABLISHED || c->syn_to_synack == RTT_NONE || c->synack_to_ack == RTT_NONE)
		return;
	c->vantage = vantage_of(c);
	if (c->vantage != VANTAGE_UNKNOWN)
		c->network_rtt = c->vantage == VANTAGE_CLIENT ? c->syn_to_synack :
				 c->vantage == VANTAGE_SERVER ? c->synack_to_ack :
				 c->syn_to_synack + c->synack_to_ack;
}

void rtt_file_end(rtt_state *st)
{
	for (guint i = st->file_first; i < st->rows->len; i++)
		if (row_live(st, i))
			settle(st, i);
	g_array_set_size(st->live, 0);
	g_array_set_size(st->live_free, 0);
	g_clear_pointer(&st->tracker, tcp_tracker_free);
	g_array_set_size(st->stream_map, 0);
	st->file_first = st->rows->len;
}
const char *rtt_status_name(RttStatus s)
{
	static const char *const names[] = {"established", "incomplete", "refused", "no answer",
					    "mid-handshake"};
	return names[s];
}

const char *rtt_status_key(RttStatus s)
{
	static const char *const keys[] = {"established", "incomplete", "refused", "no_answer",
					   "mid_handshake"};
	return keys[s];
}

const char *rtt_vantage_name(RttVantage v)
{
	static const char *const names[] = {"unknown", "client", "server", "middle"};
	return names[v];
}
