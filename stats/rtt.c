/* rtt.c — handshake RTT per TCP connection, on top of the TCP conversation
 * tracker (stream numbers and SYN acknowledgment times as Wireshark's). */
#include "stats/rtt.h"

#include <string.h>

#include "dissect/tcp_conv.h"

struct rtt_state {
	GArray *conns;                /* struct rtt_conn, all files */
	GArray *stream_map;           /* gint: tcp.stream -> index in conns, or -1 */
	struct tcp_tracker *tracker;  /* the current file's */
	guint file;
	guint file_first;             /* index in conns of the current file's first */
};

rtt_state *rtt_new(void)
{
	rtt_state *st = g_new0(rtt_state, 1);
	st->conns = g_array_new(FALSE, TRUE, sizeof(struct rtt_conn));
	st->stream_map = g_array_new(FALSE, FALSE, sizeof(gint));
	return st;
}

void rtt_free(rtt_state *st)
{
	if (!st)
		return;
	tcp_tracker_free(st->tracker);
	g_array_free(st->conns, TRUE);
	g_array_free(st->stream_map, TRUE);
	g_free(st);
}

void rtt_file_begin(rtt_state *st, guint file)
{
	tcp_tracker_free(st->tracker);
	st->tracker = tcp_tracker_new_handshake();
	g_array_set_size(st->stream_map, 0);
	st->file = file;
	st->file_first = st->conns->len;
}

void rtt_add_conn(rtt_state *st, const struct rtt_conn *c)
{
	g_array_append_val(st->conns, *c);
	st->file_first = st->conns->len;
}

GArray *rtt_connections(rtt_state *st)
{
	return st->conns;
}

/* The current record of STREAM, or NULL. */
static struct rtt_conn *conn_find(rtt_state *st, uint32_t stream)
{
	while (st->stream_map->len <= stream) {
		gint none = -1;
		g_array_append_val(st->stream_map, none);
	}
	gint idx = g_array_index(st->stream_map, gint, stream);
	return idx >= 0 ? &g_array_index(st->conns, struct rtt_conn, idx) : NULL;
}

/* A new record for STREAM, from P (sent by the client when SENDER_IS_CLIENT);
 * it becomes the stream's current record. */
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
	g_array_append_val(st->conns, c);
	conn_find(st, stream); /* makes room in the map */
	g_array_index(st->stream_map, gint, stream) = (gint)(st->conns->len - 1);
	return &g_array_index(st->conns, struct rtt_conn, st->conns->len - 1);
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

void rtt_packet(rtt_state *st, const struct packet *p)
{
	struct tcp_analysis a;
	if (!st->tracker || !tcp_track(st->tracker, p, &a) || a.quoted)
		return;
	uint16_t fl = p->tcp_flags;
	bool syn = fl & TH_SYN, ack = fl & TH_ACK, rst = fl & TH_RST;
	struct rtt_conn *c = conn_find(st, a.stream);
	if (!c && !syn)
		return;
	if (!c)
		c = conn_add(st, a.stream, p, !ack);
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
	for (guint i = st->file_first; i < st->conns->len; i++)
		conn_finish(&g_array_index(st->conns, struct rtt_conn, i));
	g_clear_pointer(&st->tracker, tcp_tracker_free);
	g_array_set_size(st->stream_map, 0);
	st->file_first = st->conns->len;
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
