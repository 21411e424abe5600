/* Unit tests of X11 (dissect/x11.c) on segments built here: the messages of
 * a segment as nested layers, the connection's byte order and request
 * numbering across frames, replies named by their request, BIG-REQUESTS,
 * bogus lengths, captures cut short and messages over two segments. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/field.h"
#include "dissect/fieldval.h"
#include "dissect/session.h"
#include "tcp_conn_test.h"

/* One X11 connection: client 10.0.0.1:40000, server 10.0.0.2:6000. */
static struct tcp_conn *conn_new(void)
{
	return tcp_conn_new(40000, 6000);
}

static void send_all(struct tcp_conn *k, bool to_server, const uint8_t *payload, uint32_t len)
{
	tcp_conn_send(k, to_server, payload, len, len);
}

/* A 32-byte reply (type 1) to request SEQ, little-endian. */
static void reply32(uint8_t *b, uint16_t seq)
{
	memset(b, 0, 32);
	b[0] = 1;
	b[2] = (uint8_t)seq, b[3] = (uint8_t)(seq >> 8);
}

/* The connection request sets the byte order and numbers the requests
 * from it; replies name their requests; events and errors by name. */
static void test_x11_connection(void)
{
	struct tcp_conn *k = conn_new();
	static const uint8_t creq[12] = {'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	send_all(k, true, creq, sizeof creq);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:x11");
	g_assert_cmpstr(k->cols, ==, "X11|Initial connection request");
	uint8_t crep[8] = {0, 0, 11, 0, 0, 0, 0, 0}; /* refused, no reason given */
	send_all(k, false, crep, sizeof crep);
	g_assert_cmpstr(k->cols, ==, "X11|Initial connection reply");

	/* GetInputFocus (1 word), CreatePixmap (4 words), GetProperty (6) */
	uint8_t reqs[44] = {43, 0, 1, 0, 53, 24, 4, 0};
	reqs[20] = 20, reqs[22] = 6;
	send_all(k, true, reqs, sizeof reqs);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:x11:x11:x11");
	g_assert_cmpstr(k->cols, ==, "X11|Requests: GetInputFocus, CreatePixmap, GetProperty");

	/* requests 1 and 3 expect replies; an event and an error between */
	uint8_t srv[128];
	reply32(srv, 1);
	memset(srv + 32, 0, 32);
	srv[32] = 0x80 | 6; /* MotionNotify sent by SendEvent */
	memset(srv + 64, 0, 32);
	srv[65] = 3; /* BadWindow */
	reply32(srv + 96, 3);
	srv[100] = 0; /* no extra length */
	send_all(k, false, srv, sizeof srv);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:x11:x11:x11:x11");
	g_assert_cmpstr(k->cols, ==, "X11|Reply: GetInputFocus, Sent-MotionNotify, BadWindow, GetProperty");

	uint8_t ev[32] = {0};
	ev[0] = 99; /* no such event */
	send_all(k, false, ev, sizeof ev);
	g_assert_cmpstr(k->cols, ==, "X11|Event: <Unknown eventcode 99>");
	uint8_t err[32] = {0};
	err[1] = 200;
	send_all(k, false, err, sizeof err);
	g_assert_cmpstr(k->cols, ==, "X11|Error: <Unknown errorcode 200>");
	tcp_conn_free(k);
}

/* Without the connection request, the first reply's sequence number
 * starts the count: the replies after it name their requests. */
static void test_x11_resync(void)
{
	struct tcp_conn *k = conn_new();
	uint8_t rep[32];
	reply32(rep, 16000);
	send_all(k, false, rep, sizeof rep);
	g_assert_cmpstr(k->cols, ==, "X11|Reply: to unknown request");
	uint8_t tc[16] = {40, 0, 4, 0}; /* TranslateCoordinates */
	send_all(k, true, tc, sizeof tc);
	g_assert_cmpstr(k->cols, ==, "X11|Requests: TranslateCoordinates");
	reply32(rep, 16001);
	send_all(k, false, rep, sizeof rep);
	g_assert_cmpstr(k->cols, ==, "X11|Reply: TranslateCoordinates");
	/* a reply with extra length: 32 + 4 * 2 bytes, then an event */
	uint8_t two[72] = {0};
	reply32(two, 16001);
	two[4] = 2;
	two[40] = 2; /* KeyPress */
	send_all(k, false, two, sizeof two);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:x11:x11");
	g_assert_cmpstr(k->cols, ==, "X11|Reply: TranslateCoordinates, KeyPress");
	tcp_conn_free(k);
}

/* The byte order is guessed from how the request lengths chain: a
 * CreatePixmap of 4 words big-endian, then an unknown opcode. */
static void test_x11_byte_order(void)
{
	struct tcp_conn *k = conn_new();
	uint8_t be[24] = {53, 24, 0, 4};
	be[16] = 200, be[19] = 2;
	send_all(k, true, be, sizeof be);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:x11:x11");
	g_assert_cmpstr(k->cols, ==, "X11|Requests: CreatePixmap, <Unknown opcode 200>");
	tcp_conn_free(k);
}

/* A length of 0 announces a BIG-REQUESTS length; 0 there too is bogus:
 * the layer is shown, and TCP's Info stays. */
static void test_x11_big_and_bogus(void)
{
	struct tcp_conn *k = conn_new();
	uint8_t big[16] = {43, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 43, 0, 1, 0};
	send_all(k, true, big, sizeof big);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:x11:x11");
	g_assert_cmpstr(k->cols, ==, "X11|Requests: GetInputFocus, GetInputFocus");
	uint8_t zero[16] = {0};
	send_all(k, true, zero, sizeof zero);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:x11");
	g_assert_true(g_str_has_prefix(k->cols, "X11|40000 → 6000 [PSH, ACK]"));
	g_assert_false(k->p.flags & (PKT_TRUNCATED | PKT_MALFORMED));
	tcp_conn_free(k);
}

/* A capture cut short: the messages it has whole are shown, dissection
 * stops at the first it cut (a short frame); when that is the first, X11
 * only names itself in the Protocol column. */
static void test_x11_cut_short(void)
{
	struct tcp_conn *k = conn_new();
	uint8_t reqs[200] = {53, 24, 4, 0, [16] = 60, 0, 2, 0, [24] = 72, 2, 40, 0};
	tcp_conn_send(k, true, reqs, sizeof reqs, 40);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:x11:x11");
	g_assert_cmpstr(k->cols, ==, "X11|Requests: CreatePixmap, FreeGC[Packet size limited during capture]");
	g_assert_true(k->p.flags & PKT_TRUNCATED);
	/* the next segment starts afresh: its first request runs past the
	 * bytes captured */
	uint8_t next[200] = {72, 2, 40, 0};
	tcp_conn_send(k, true, next, sizeof next, 40);
	g_assert_cmpint(layer_index(&k->p, PROTO_X11, 0), ==, 3);
	g_assert_true(k->p.layers[3].flags & PKT_NESTED);
	g_assert_true(g_str_has_prefix(k->cols, "X11|40000 → 6000 [PSH, ACK]"));
	g_assert_true(g_str_has_suffix(k->cols, "[Packet size limited during capture]"));
	tcp_conn_free(k);
}

/* In a complete capture a message that runs into the next segment is
 * shown in the one that completes it, followed by what comes after. */
static void test_x11_over_segments(void)
{
	struct tcp_conn *k = conn_new();
	uint8_t put[44] = {72, 2, 10, 0, [40] = 43, 0, 1, 0}; /* PutImage of 10 words, GetInputFocus */
	send_all(k, true, put, 24);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	g_assert_cmpint(k->p.tcp_seg, ==, TCP_SEG_PART);
	send_all(k, true, put + 24, 20);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:x11:tcp.segments:x11");
	g_assert_cmpstr(k->cols, ==, "X11|Requests: PutImageRequests: GetInputFocus");
	/* requests are numbered from 1 when the connection request was not
	 * seen: the one held is counted too */
	uint8_t rep[32];
	reply32(rep, 2);
	send_all(k, false, rep, sizeof rep);
	g_assert_cmpstr(k->cols, ==, "X11|Reply: GetInputFocus");
	uint8_t q[8] = {43, 0, 1, 0, 43, 0, 1, 0};
	send_all(k, true, q, 4);
	reply32(rep, 3);
	send_all(k, false, rep, 20);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	send_all(k, false, rep + 20, 12);
	g_assert_cmpstr(k->cols, ==, "X11|Reply: GetInputFocus");
	tcp_conn_free(k);
}

/* A segment of more messages than the layer stack holds: every one is
 * named, none is a fault. */
static void test_x11_many(void)
{
	struct tcp_conn *k = conn_new();
	uint8_t noop[600];
	for (int i = 0; i < 150; i++) {
		noop[4 * i] = 127;
		noop[4 * i + 1] = 0;
		noop[4 * i + 2] = 1;
		noop[4 * i + 3] = 0;
	}
	send_all(k, true, noop, sizeof noop);
	g_assert_false(k->p.flags & (PKT_MALFORMED | PKT_TRUNCATED));
	g_autoptr(GString) want = g_string_new("X11|Requests: NoOperation");
	for (int i = 1; i < 150; i++)
		g_string_append(want, ", NoOperation");
	g_assert_cmpstr(k->cols, ==, want->str);
	tcp_conn_free(k);
}

/* Every cut of a segment of several messages dissects without fault. */
static void test_x11_every_cut(void)
{
	uint8_t reqs[60] = {53, 24, 4, 0, [16] = 'B', 0, 0, 11, [28] = 0, 0, 0, 0, 9, 9, 9, 9};
	for (uint32_t cap = 0; cap <= sizeof reqs; cap++) {
		struct tcp_conn *k = conn_new();
		tcp_conn_send(k, true, reqs, sizeof reqs, cap);
		tcp_conn_send(k, false, reqs, sizeof reqs, cap);
		tcp_conn_free(k);
	}
}

/* The values of field ABBREV in the last frame of K, as "a,b,c". */
static bool add_value(const struct fvalue *v, void *data)
{
	GString *s = data;
	g_string_append_printf(s, "%s%" G_GUINT64_FORMAT, s->len ? "," : "", v->u);
	return true;
}

static const char *values_of(struct tcp_conn *k, const char *abbrev, char *buf, size_t n)
{
	const struct proto_def *proto;
	const struct field_def *f = field_lookup(abbrev, &proto);
	g_assert_nonnull(f);
	g_autoptr(GString) s = g_string_new(NULL);
	field_values(&k->p, proto, f, add_value, s);
	g_strlcpy(buf, s->str, n);
	return buf;
}

/* The fields every message gives whatever the byte order: a request's
 * opcode (none for the connection request), a reply, an event's code and
 * an error's. */
static void test_x11_fields(void)
{
	char buf[128];
	struct tcp_conn *k = conn_new();
	static const uint8_t creq[12] = {'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	send_all(k, true, creq, sizeof creq);
	g_assert_cmpstr(values_of(k, "x11.opcode", buf, sizeof buf), ==, "");
	uint8_t reqs[44] = {43, 0, 1, 0, 53, 24, 4, 0};
	reqs[20] = 20, reqs[22] = 6;
	send_all(k, true, reqs, sizeof reqs);
	g_assert_cmpstr(values_of(k, "x11.opcode", buf, sizeof buf), ==, "43,53,20");
	uint8_t srv[96];
	reply32(srv, 1);
	memset(srv + 32, 0, 64);
	srv[32] = 0x80 | 6;
	srv[64] = 0, srv[65] = 3;
	send_all(k, false, srv, sizeof srv);
	g_assert_cmpstr(values_of(k, "x11.reply", buf, sizeof buf), ==, "1");
	g_assert_cmpstr(values_of(k, "x11.eventcode", buf, sizeof buf), ==, "6");
	g_assert_cmpstr(values_of(k, "x11.errorcode", buf, sizeof buf), ==, "3");
	g_assert_cmpstr(values_of(k, "x11.opcode", buf, sizeof buf), ==, "");
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/x11/connection", test_x11_connection);
	g_test_add_func("/x11/fields", test_x11_fields);
	g_test_add_func("/x11/resync", test_x11_resync);
	g_test_add_func("/x11/byte_order", test_x11_byte_order);
	g_test_add_func("/x11/big_and_bogus", test_x11_big_and_bogus);
	g_test_add_func("/x11/cut_short", test_x11_cut_short);
	g_test_add_func("/x11/over_segments", test_x11_over_segments);
	g_test_add_func("/x11/many", test_x11_many);
	g_test_add_func("/x11/every_cut", test_x11_every_cut);
	return g_test_run();
}
