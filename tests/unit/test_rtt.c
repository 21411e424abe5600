/* Unit tests of the handshake-RTT listener's rows: a row reads back exactly
 * as it was stored whatever its values, and a row settled once its
 * handshake is done still takes what later frames can change (a
 * retransmitted SYN-ACK, a new handshake on the same stream). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "stats/rtt.h"
#include "tcp_segment.h"

#define MS 1000000LL

/* Member by member (the record has a byte of padding). */
static void assert_same(const struct rtt_conn *a, const struct rtt_conn *b)
{
	g_assert_cmpuint(a->file, ==, b->file);
	g_assert_cmpuint(a->stream, ==, b->stream);
	g_assert_cmpint(a->status, ==, b->status);
	g_assert_cmpint(a->vantage, ==, b->vantage);
	g_assert_cmpuint(a->syn_count, ==, b->syn_count);
	g_assert_cmpuint(a->synack_count, ==, b->synack_count);
	g_assert_cmpuint(a->family, ==, b->family);
	g_assert_cmpuint(a->syn_ttl, ==, b->syn_ttl);
	g_assert_cmpuint(a->synack_ttl, ==, b->synack_ttl);
	g_assert_cmpmem(a->client, sizeof a->client, b->client, sizeof b->client);
	g_assert_cmpmem(a->server, sizeof a->server, b->server, sizeof b->server);
	g_assert_cmpuint(a->client_port, ==, b->client_port);
	g_assert_cmpuint(a->server_port, ==, b->server_port);
	const int64_t x[] = {a->syn_frame, a->synack_frame, a->ack_frame, a->rst_frame, a->syn_ns, a->synack_ns,
			     a->ack_ns, a->rst_ns, a->syn_to_synack, a->synack_to_ack, a->syn_to_rst, a->irtt,
			     a->network_rtt};
	const int64_t y[] = {b->syn_frame, b->synack_frame, b->ack_frame, b->rst_frame, b->syn_ns, b->synack_ns,
			     b->ack_ns, b->rst_ns, b->syn_to_synack, b->synack_to_ack, b->syn_to_rst, b->irtt,
			     b->network_rtt};
	g_assert_cmpmem(x, sizeof x, y, sizeof y);
}

static struct rtt_conn conn_v4(void)
{
	struct rtt_conn c = {
		.file = 2, .stream = 70000, .status = RTT_ESTABLISHED, .vantage = VANTAGE_CLIENT,
		.syn_count = 1, .synack_count = 1, .family = 4, .syn_ttl = 64, .synack_ttl = 57,
		.client = {10, 0, 0, 1}, .server = {192, 0, 2, 9}, .client_port = 40000, .server_port = 443,
		.syn_frame = 12, .synack_frame = 14, .ack_frame = 15, .rst_frame = RTT_NONE,
		.syn_ns = 1700000000 * 1000000000LL, .synack_ns = 1700000000 * 1000000000LL + 30 * MS,
		.ack_ns = 1700000000 * 1000000000LL + 31 * MS, .rst_ns = 0,
		.syn_to_synack = 30 * MS, .synack_to_ack = 1 * MS, .syn_to_rst = RTT_NONE, .irtt = 31 * MS,
		.network_rtt = 30 * MS,
	};
	return c;
}

/* Rows of every shape, values at the ends of their ranges among them. */
static void test_rows_read_back(void)
{
	g_autoptr(rtt_state) st = rtt_new();
	GArray *in = g_array_new(FALSE, TRUE, sizeof(struct rtt_conn));
	struct rtt_conn c = conn_v4();
	g_array_append_val(in, c);
	/* IPv6, frames past 2^32, times before 1970, legs that contradict the times */
	c.family = 6;
	memcpy(c.client, (uint8_t[16]){0x20, 0x01, 0x0d, 0xb8, [15] = 1}, 16);
	memcpy(c.server, (uint8_t[16]){0xfe, 0x80, [14] = 0xab, [15] = 0xcd}, 16);
	c.syn_frame = (int64_t)1 << 40;
	c.synack_frame = 3;
	c.ack_frame = INT64_MAX;
	c.rst_frame = 1;
	c.syn_ns = -5 * MS;
	c.synack_ns = INT64_MAX;
	c.rst_ns = INT64_MIN + 1;
	c.syn_to_synack = -1;
	c.network_rtt = INT64_MAX;
	c.vantage = VANTAGE_MIDDLE;
	c.status = RTT_MID_HANDSHAKE;
	c.syn_count = UINT32_MAX;
	c.synack_count = 0;
	c.file = G_MAXUINT;
	c.stream = UINT32_MAX;
	g_array_append_val(in, c);
	/* nothing seen but a SYN */
	c = conn_v4();
	c.status = RTT_NO_ANSWER;
	c.vantage = VANTAGE_UNKNOWN;
	c.synack_frame = c.ack_frame = RTT_NONE;
	c.synack_ns = c.ack_ns = 0;
	c.syn_to_synack = c.synack_to_ack = c.irtt = c.network_rtt = RTT_NONE;
	g_array_append_val(in, c);
	/* every 64-bit member absent */
	c = conn_v4();
	c.syn_frame = c.synack_frame = c.ack_frame = c.rst_frame = RTT_NONE;
	c.syn_ns = c.synack_ns = c.ack_ns = c.rst_ns = RTT_NONE;
	c.syn_to_synack = c.synack_to_ack = c.syn_to_rst = c.irtt = c.network_rtt = RTT_NONE;
	g_array_append_val(in, c);
	/* enough rows to fill more than one block */
	for (guint i = 0; i < 40000; i++) {
		c = conn_v4();
		c.stream = i;
		c.syn_frame = 3 * i + 1;
		c.synack_frame = 3 * i + 2;
		c.ack_frame = 3 * i + 3;
		c.vantage = (RttVantage)(i % 4);
		c.network_rtt = (int64_t)i * 7919;
		g_array_append_val(in, c);
	}
	for (guint i = 0; i < in->len; i++)
		rtt_add_conn(st, &g_array_index(in, struct rtt_conn, i));
	g_assert_cmpuint(rtt_count(st), ==, in->len);
	for (guint i = 0; i < in->len; i++) {
		struct rtt_conn out;
		rtt_get(st, i, &out);
		assert_same(&out, &g_array_index(in, struct rtt_conn, i));
	}
	GArray *all = rtt_connections(st);
	g_assert_cmpuint(all->len, ==, in->len);
	assert_same(&g_array_index(all, struct rtt_conn, 1), &g_array_index(in, struct rtt_conn, 1));
	g_array_free(in, TRUE);
}

struct feed {
	rtt_state *st;
	struct frame f;
	struct packet p;
	uint64_t n;
};

/* Feeds one TCP segment 10.0.0.A:AP -> 10.0.0.B:BP at T_NS. */
static void seg(struct feed *s, int a, uint16_t ap, int b, uint16_t bp, uint16_t flags, uint32_t seq, uint32_t ack,
		int64_t t_ns)
{
	tcp_segment(&s->p, &s->f, ++s->n, t_ns, a, ap, b, bp, flags, seq, ack, 0, 1000);
	rtt_packet(s->st, &s->p);
}

/* After its handshake a row takes no more from data, but a SYN-ACK sent
 * again is counted, and the client's SYN again (same ISN, same stream) is a
 * connection of its own sharing the stream's initial RTT. */
static void test_settled_row_changes(void)
{
	struct feed s = {.st = rtt_new()};
	rtt_file_begin(s.st, 0);
	seg(&s, 1, 1000, 2, 80, TH_SYN, 100, 0, 0);
	seg(&s, 2, 80, 1, 1000, TH_SYN | TH_ACK, 500, 101, 10 * MS);
	seg(&s, 1, 1000, 2, 80, TH_ACK, 101, 501, 11 * MS);
	seg(&s, 1, 1000, 2, 80, TH_ACK | TH_PUSH, 101, 501, 12 * MS);
	seg(&s, 2, 80, 1, 1000, TH_SYN | TH_ACK, 500, 101, 13 * MS);  /* the SYN-ACK again */
	seg(&s, 2, 80, 1, 1000, TH_ACK, 501, 101, 14 * MS);
	seg(&s, 1, 1000, 2, 80, TH_SYN, 100, 0, 20 * MS);              /* a new handshake, same ISN */
	seg(&s, 2, 80, 1, 1000, TH_RST | TH_ACK, 0, 101, 21 * MS);
	seg(&s, 3, 2000, 2, 80, TH_SYN, 7, 0, 30 * MS);                /* another stream, unanswered */
	rtt_file_end(s.st);
	g_assert_cmpuint(rtt_count(s.st), ==, 3);
	struct rtt_conn c;
	rtt_get(s.st, 0, &c);
	g_assert_cmpuint(c.stream, ==, 0);
	g_assert_cmpint(c.status, ==, RTT_ESTABLISHED);
	g_assert_cmpint(c.syn_frame, ==, 1);
	g_assert_cmpint(c.synack_frame, ==, 2);
	g_assert_cmpint(c.ack_frame, ==, 3);
	g_assert_cmpuint(c.syn_count, ==, 1);
	g_assert_cmpuint(c.synack_count, ==, 2);
	g_assert_cmpint(c.syn_to_synack, ==, 10 * MS);
	g_assert_cmpint(c.synack_to_ack, ==, 1 * MS);
	g_assert_cmpint(c.irtt, ==, 11 * MS);
	rtt_get(s.st, 1, &c);
	g_assert_cmpuint(c.stream, ==, 0);
	g_assert_cmpint(c.status, ==, RTT_REFUSED);
	g_assert_cmpint(c.syn_frame, ==, 7);
	g_assert_cmpint(c.rst_frame, ==, 8);
	g_assert_cmpint(c.syn_to_rst, ==, 1 * MS);
	g_assert_cmpint(c.irtt, ==, 11 * MS);
	rtt_get(s.st, 2, &c);
	g_assert_cmpuint(c.stream, ==, 1);
	g_assert_cmpint(c.status, ==, RTT_NO_ANSWER);
	rtt_free(s.st);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* rtt_sort_i64 orders as a comparison sort does: sizes either side of its
 * insertion-sort bound, both signs and both ends of the range, values that
 * share their high bytes (skipped passes) or all of them, and equal ones. */
static void test_sort_i64(void)
{
	static const size_t sizes[] = {0, 1, 2, 63, 64, 65, 1000, 70000};
	GRand *r = g_rand_new_with_seed(7);
	for (guint s = 0; s < G_N_ELEMENTS(sizes); s++) {
		for (int kind = 0; kind < 4; kind++) {
			size_t n = sizes[s];
			int64_t *v = g_new(int64_t, MAX(n, 1)), *want = g_new(int64_t, MAX(n, 1));
			for (size_t i = 0; i < n; i++) {
				uint64_t x = (uint64_t)g_rand_int(r) << 32 | g_rand_int(r);
				switch (kind) {
				case 0: v[i] = (int64_t)x; break;                             /* anything */
				case 1: v[i] = (int64_t)(x % 20000000000u); break;            /* ns RTTs: high bytes 0 */
				case 2: v[i] = (int64_t)(x % 7) - 3; break;                   /* many equal, both signs */
				default: v[i] = i % 3 ? INT64_MIN + (int64_t)(x % 3) : INT64_MAX - (int64_t)(x % 3);
				}
			}
			memcpy(want, v, n * sizeof *v);
			qsort(want, n, sizeof *want, cmp_i64);
			rtt_sort_i64(v, n);
			for (size_t i = 0; i < n; i++)
				g_assert_cmpint(v[i], ==, want[i]);
			g_free(v);
			g_free(want);
		}
	}
	g_rand_free(r);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/rtt/rows-read-back", test_rows_read_back);
	g_test_add_func("/rtt/settled-row-changes", test_settled_row_changes);
	g_test_add_func("/rtt/sort-i64", test_sort_i64);
	return g_test_run();
}
