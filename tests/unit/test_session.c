/* Unit tests of dissection across frames (a session): TCP payload split
 * into PDUs, PDUs followed across segments (shown in the segment that
 * completes them, then tcp.segments; never, when bytes of them were not
 * captured), retransmitted bytes shown once, the
 * protocol a heuristic recognised kept for the conversation, DCE/RPC calls
 * named by the interface their context was bound to, DCE/RPC responses
 * knowing their request's operation, ONC RPC replies known
 * by their call, and IP fragments shown
 * whole in the frame that completes the datagram. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/session.h"
#include "dissect_test.h"

static uint8_t tcp_flags_next = 0x18;
static uint16_t tcp_port_b = 51413;

/* Builds raw IPv4 + TCP (no options) from 10.0.0.4:PORT_A to 10.0.0.5:PORT_B
 * (or back when !FWD) with sequence number SEQ and PAYLOAD. */
static uint32_t tcp_frame(uint8_t *buf, bool fwd, uint32_t seq, const void *payload, uint32_t len)
{
	static const uint8_t a[4] = {10, 0, 0, 4}, b[4] = {10, 0, 0, 5};
	uint16_t pa = 50123, pb = tcp_port_b;
	uint32_t total = 40 + len;
	uint8_t *ip = buf, *th = buf + 20;
	memset(buf, 0, 40);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(total >> 8);
	ip[3] = (uint8_t)total;
	ip[8] = 64;
	ip[9] = 6;
	memcpy(ip + 12, fwd ? a : b, 4);
	memcpy(ip + 16, fwd ? b : a, 4);
	uint16_t sp = fwd ? pa : pb, dp = fwd ? pb : pa;
	th[0] = (uint8_t)(sp >> 8);
	th[1] = (uint8_t)sp;
	th[2] = (uint8_t)(dp >> 8);
	th[3] = (uint8_t)dp;
	th[4] = (uint8_t)(seq >> 24);
	th[5] = (uint8_t)(seq >> 16);
	th[6] = (uint8_t)(seq >> 8);
	th[7] = (uint8_t)seq;
	th[12] = 5 << 4;
	th[13] = tcp_flags_next; /* PSH ACK, unless a test asks for more */
	memcpy(buf + 40, payload, len);
	return total;
}

struct run {
	struct dissect_session *s;
	uint8_t buf[20000];
	struct frame f;
	struct packet p;
	char out[512];
	uint64_t number;
	int64_t t_ns; /* the time the next segment is sent at */
};

/* A session to dissect segments in, and its end (the ports and flags the
 * segments are sent with back to their defaults). */
static struct run *run_new(void)
{
	struct run *r = g_new0(struct run, 1);
	r->s = dissect_session_new();
	return r;
}

static void run_free(struct run *r)
{
	tcp_port_b = 51413;
	tcp_flags_next = 0x18;
	dissect_session_free(r->s);
	g_free(r);
}

/* Dissects one segment in the session; returns its layer stack. */
static const char *seg(struct run *r, bool fwd, uint32_t seq, const void *payload, uint32_t len)
{
	uint32_t n = tcp_frame(r->buf, fwd, seq, payload, len);
	r->f = (struct frame){.number = ++r->number, .ts_ns = r->t_ns, .caplen = n, .len = n,
			      .linktype = LINKTYPE_RAW, .data = r->buf};
	dissect_frame_in(&r->p, &r->f, r->s, false);
	return layer_stack(&r->p, r->out, sizeof r->out);
}

/* An HTTP response without a length: shown when its side ends the
 * connection, in the FIN's frame, as one message over the segments, the
 * segments listed before it (Wireshark's reassembly to the FIN adds them
 * before it hands the message on). */
static void test_http_to_fin(void)
{
	struct run *r = run_new();
	static const char req[] = "GET / HTTP/1.0\r\n\r\n";
	static const char head[] = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n";
	static const char body[] = "line one\nline two\n";
	tcp_port_b = 80; /* the server's side */
	g_assert_cmpstr(seg(r, true, 1000, req, sizeof req - 1), ==, "raw:ip:tcp:http");
	g_assert_cmpstr(seg(r, false, 5000, head, sizeof head - 1), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, false, 5000 + sizeof head - 1, body, sizeof body - 1), ==, "raw:ip:tcp");
	tcp_flags_next = 0x11; /* FIN ACK, no data */
	g_assert_cmpstr(seg(r, false, 5000 + sizeof head + sizeof body - 2, "", 0), ==,
			"raw:ip:tcp:tcp.segments:http:data-text-lines");
	/* a response without a length whose FIN comes with it is whole in its
	 * segment: no reassembly */
	char whole[sizeof head + sizeof body];
	memcpy(whole, head, sizeof head - 1);
	memcpy(whole + sizeof head - 1, body, sizeof body);
	tcp_flags_next = 0x19; /* FIN PSH ACK */
	g_assert_cmpstr(seg(r, false, 7000, whole, (uint32_t)strlen(whole)), ==, "raw:ip:tcp:http:data-text-lines");
	tcp_flags_next = 0x18;
	/* bytes on HTTP's port that start no message continue a body (a
	 * request was seen): binary ones as they come, text a line at a time,
	 * without a line end waiting for the next segment */
	uint32_t at = 9000;
	g_assert_cmpstr(seg(r, false, at, "\x01\x02\x03", 3), ==, "raw:ip:tcp:http:data");
	at += 3;
	g_assert_cmpstr(seg(r, false, at, "abc", 3), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, false, at + 3, "de", 2), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, false, at + 5, "f\ng", 3), ==, "raw:ip:tcp:http:data:tcp.segments");
	g_assert_cmpstr(seg(r, false, at + 8, "line\r\n", 6), ==, "raw:ip:tcp:http:data");
	run_free(r);
}

/* After both FINs closed a connection, its state is forgotten, but bytes
 * a side sends again (before where its bytes ended) are retransmissions:
 * shown as nothing, as while the connection was open.  New bytes past
 * that end, and a SYN reopening the ports, are read afresh. */
static void test_retransmission_after_close(void)
{
	struct run *r = run_new();
	static const char req[] = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
	static const char rsp[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
	uint32_t cs = 1000, ss = 5000, rl = sizeof req - 1, sl = sizeof rsp - 1;
	tcp_port_b = 80;
	g_assert_cmpstr(seg(r, true, cs, req, rl), ==, "raw:ip:tcp:http");
	g_assert_cmpstr(seg(r, false, ss, rsp, sl), ==, "raw:ip:tcp:http:data");
	tcp_flags_next = 0x11; /* FIN ACK */
	g_assert_cmpstr(seg(r, false, ss + sl, "", 0), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, true, cs + rl, "", 0), ==, "raw:ip:tcp");
	/* the response sent again, with and without the FIN */
	g_assert_cmpstr(seg(r, false, ss, rsp, sl), ==, "raw:ip:tcp");
	tcp_flags_next = 0x18;
	g_assert_cmpstr(seg(r, false, ss, rsp, sl), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, true, cs, req, rl), ==, "raw:ip:tcp");
	/* bytes past the end are new */
	g_assert_cmpstr(seg(r, false, ss + sl + 1, rsp, sl), ==, "raw:ip:tcp:http:data");
	/* a SYN opens the ports afresh: the same sequence numbers are new bytes */
	tcp_flags_next = 0x02;
	g_assert_cmpstr(seg(r, true, cs - 1, "", 0), ==, "raw:ip:tcp");
	tcp_flags_next = 0x18;
	g_assert_cmpstr(seg(r, true, cs, req, rl), ==, "raw:ip:tcp:http");
	run_free(r);
}

/* The state of direction FWD of the test connection, NULL when none is kept. */
static struct tcp_dir *dir_of(struct run *r, bool fwd)
{
	static const uint8_t a[4] = {10, 0, 0, 4}, b[4] = {10, 0, 0, 5};
	struct flow_key k;
	flow_key_set(&k, 4, fwd ? a : b, fwd ? b : a, fwd ? 50123 : tcp_port_b, fwd ? tcp_port_b : 50123);
	return session_tcp_dir_find(r->s, &k);
}

/* A reset connection keeps its state while segments of it come, and for
 * TCP_RESET_QUIET_NS after the last one; then it is forgotten as after two
 * FINs: bytes sent again are still shown as nothing.  A SYN after the
 * reset opens the ports again: their state is kept, however quiet. */
static void test_reset_forgotten(void)
{
	struct run *r = run_new();
	static const char req[] = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
	static const char rsp[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
	const int64_t t0 = 10000000000, q = TCP_RESET_QUIET_NS;
	uint32_t cs = 1000, ss = 5000, rl = sizeof req - 1, sl = sizeof rsp - 1;
	tcp_port_b = 80;
	r->t_ns = t0;
	g_assert_cmpstr(seg(r, true, cs, req, rl), ==, "raw:ip:tcp:http");
	g_assert_cmpstr(seg(r, false, ss, rsp, sl), ==, "raw:ip:tcp:http:data");
	tcp_flags_next = 0x14; /* RST ACK */
	g_assert_cmpstr(seg(r, true, cs + rl, "", 0), ==, "raw:ip:tcp");
	tcp_flags_next = 0x18;
	/* a segment of it within the quiet period: quiet from it on */
	r->t_ns = t0 + q - 1;
	g_assert_cmpstr(seg(r, false, ss, rsp, sl), ==, "raw:ip:tcp");
	session_tcp_expire(r->s, t0 + q);
	session_tcp_expire(r->s, t0 + 2 * q - 2);
	g_assert_nonnull(dir_of(r, true));
	g_assert_nonnull(dir_of(r, false));
	session_tcp_expire(r->s, t0 + 2 * q - 1);
	g_assert_null(dir_of(r, true));
	g_assert_null(dir_of(r, false));
	/* forgotten as after two FINs: bytes sent again show nothing */
	r->t_ns = t0 + 3 * q;
	g_assert_cmpstr(seg(r, false, ss, rsp, sl), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, true, cs, req, rl), ==, "raw:ip:tcp");
	g_assert_null(dir_of(r, true));
	/* a SYN after a reset: the ports are open again, kept however quiet */
	tcp_flags_next = 0x02;
	g_assert_cmpstr(seg(r, true, cs + 100, "", 0), ==, "raw:ip:tcp");
	tcp_flags_next = 0x12; /* SYN ACK */
	g_assert_cmpstr(seg(r, false, ss + 100, "", 0), ==, "raw:ip:tcp");
	tcp_flags_next = 0x14;
	g_assert_cmpstr(seg(r, false, ss + 101, "", 0), ==, "raw:ip:tcp");
	tcp_flags_next = 0x02;
	r->t_ns += 1000;
	g_assert_cmpstr(seg(r, true, cs + 100, "", 0), ==, "raw:ip:tcp");
	tcp_flags_next = 0x18;
	session_tcp_expire(r->s, r->t_ns + 3 * q);
	g_assert_nonnull(dir_of(r, false));
	r->t_ns += 3 * q;
	g_assert_cmpstr(seg(r, true, cs + 101, req, rl), ==, "raw:ip:tcp:http");
	run_free(r);
}

/* A TLS connection whose version is not known yet meets bytes that read
 * as an SSLv2 record holding a server's message: from then on the
 * connection is SSLv2 both ways, its records framed by SSLv2 headers, so a
 * TLS record waits for the thousands of bytes its first two bytes claim. */
static void test_ssl2_connection(void)
{
	struct run *r = run_new();
	static const uint8_t server[] = {0x80, 0x06, 0x04, 'a', 'b', 'c', 'd', 'e'};
	static const uint8_t next[] = {0x80, 0x03, 0x05, 'x', 'y'};
	static const uint8_t record[] = {0x17, 0x03, 0x03, 0x00, 0x02, 'h', 'i'};
	tcp_port_b = 443;
	g_assert_cmpstr(seg(r, false, 5000, server, sizeof server), ==, "raw:ip:tcp:tls");
	/* the client's TLS record: 0x1703 bytes and its header, as SSLv2 sees
	 * it; it starts here (TLS is named) and goes on in later segments */
	struct columns c = {.info = g_string_new(NULL)};
	g_assert_cmpstr(seg(r, true, 1000, record, sizeof record), ==, "raw:ip:tcp:tls");
	columns_fill(&c, &r->p);
	g_assert_cmpstr(c.info->str, ==, "[TCP segment of a reassembled PDU]");
	g_assert_cmpstr(seg(r, true, 1000 + sizeof record, record, sizeof record), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, false, 5000 + sizeof server, next, sizeof next), ==, "raw:ip:tcp:tls");
	columns_fill(&c, &r->p);
	g_assert_cmpstr(c.proto, ==, "SSLv2");
	g_assert_cmpstr(c.info->str, ==, "Encrypted Data");
	g_string_free(c.info, TRUE);
	run_free(r);
}

/* A TLS record whose header a segment's end cuts after its first byte:
 * the next segment is joined to it whole, and the records it completes
 * and holds make one layer with the reassembled segments; a record running
 * past it is gathered on, shown where it ends. */
static void test_tls_header_cut(void)
{
	struct run *r = run_new();
	uint8_t a[11], b[40], c[20];
	static const uint8_t rec[5] = {0x17, 0x03, 0x03, 0x00, 0x05};
	/* record 1 (10 bytes) and the first byte of record 2 */
	memcpy(a, rec, 5), memset(a + 5, 0xaa, 5), a[10] = 0x17;
	/* the rest of record 2 (9 bytes), record 3 (10), and 21 bytes of record 4 (30) */
	memcpy(b, rec + 1, 4), memset(b + 4, 0xbb, 5);
	memcpy(b + 9, rec, 5), memset(b + 14, 0xcc, 5);
	memcpy(b + 19, rec, 5), b[19 + 4] = 25, memset(b + 24, 0xdd, 16);
	memset(c, 0xdd, 9); /* the end of record 4 */
	tcp_port_b = 443;
	g_assert_cmpstr(seg(r, false, 5000, a, sizeof a), ==, "raw:ip:tcp:tls");
	g_assert_cmpstr(seg(r, false, 5000 + sizeof a, b, sizeof b), ==, "raw:ip:tcp:tls:tcp.segments");
	g_assert_cmpstr(seg(r, false, 5000 + sizeof a + sizeof b, c, 9), ==, "raw:ip:tcp:tls:tcp.segments");
	run_free(r);
}

/* A response whose header goes on past the first bytes of a message that
 * are kept (a long cookie): its body is typed by the media type noted as
 * the segments passed, whether the header spans segments or not. */
static void test_http_long_header(void)
{
	struct run *r = run_new();
	GString *m = g_string_new("HTTP/1.1 200 OK\r\nSet-Cookie: a=");
	for (int i = 0; i < 700; i++)
		g_string_append_c(m, 'x');
	g_string_append(m, "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 6\r\n\r\nhello\n");
	tcp_port_b = 80;
	g_assert_cmpstr(seg(r, true, 1000, "GET / HTTP/1.1\r\n\r\n", 18), ==, "raw:ip:tcp:http");
	/* the header spans two segments */
	g_assert_cmpstr(seg(r, false, 5000, m->str, 400), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, false, 5400, m->str + 400, (uint32_t)m->len - 400), ==,
			"raw:ip:tcp:http:data-text-lines:tcp.segments");
	/* the header whole in the first segment, the chunked JSON body after */
	g_string_truncate(m, 0);
	g_string_append(m, "HTTP/1.1 200 OK\r\nSet-Cookie: a=");
	for (int i = 0; i < 700; i++)
		g_string_append_c(m, 'x');
	g_string_append(m, "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
	uint32_t hdr = (uint32_t)m->len;
	g_string_append(m, "b\r\n{\"a\": true}\r\n0\r\n\r\n");
	uint32_t at = 5000 + (uint32_t)strlen("HTTP/1.1 200 OK\r\nSet-Cookie: a=") + 700 +
	     (uint32_t)strlen("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 6\r\n\r\nhello\n");
	/* (past the first response) */
	g_assert_cmpstr(seg(r, true, 1018, "GET / HTTP/1.1\r\n\r\n", 18), ==, "raw:ip:tcp:http");
	g_assert_cmpstr(seg(r, false, at, m->str, hdr), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, false, at + hdr, m->str + hdr, (uint32_t)m->len - hdr), ==,
			"raw:ip:tcp:http:json:tcp.segments");
	g_string_free(m, TRUE);
	run_free(r);
}

/* Bytes a server sends before the sequence number its SYN-ACK set are old:
 * shown as nothing, even when nothing else was kept of the connection. */
static void test_before_syn_ack(void)
{
	struct run *r = run_new();
	static const char rsp[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
	tcp_port_b = 80;
	tcp_flags_next = 0x12; /* SYN ACK */
	g_assert_cmpstr(seg(r, false, 5000, "", 0), ==, "raw:ip:tcp");
	tcp_flags_next = 0x18;
	g_assert_cmpstr(seg(r, false, 3000, rsp, sizeof rsp - 1), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, false, 5001, rsp, sizeof rsp - 1), ==, "raw:ip:tcp:http:data");
	run_free(r);
}

/* On HTTP's port, before any request of the conversation: binary bytes
 * and text that is no header line are not HTTP (and no data either, also
 * when gathered over segments);
 * header lines are, up to a last line the bytes end inside (malformed). */
static void test_http_before_request(void)
{
	struct run *r = run_new();
	tcp_port_b = 8080;
	g_assert_cmpstr(seg(r, true, 100, "\x01\x02\r\n", 4), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, true, 104, "hello\r\n", 7), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, true, 111, ":\x01\x02\rxy", 6), ==, "raw:ip:tcp:http:_ws.malformed");
	/* text without a line end is gathered up to one, then is no more
	 * HTTP than it would be whole: nothing but the segments */
	g_assert_cmpstr(seg(r, true, 117, "'ab", 3), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, true, 120, "c\r\n", 3), ==, "raw:ip:tcp:tcp.segments");
	g_assert_cmpstr(seg(r, true, 123, "a: b\r\n\r\nrest", 10), ==, "raw:ip:tcp:http:data");
	/* a request: from then on, the server's bytes continue its body */
	g_assert_cmpstr(seg(r, true, 133, "GET / HTTP/1.1\r\n\r\n", 18), ==, "raw:ip:tcp:http");
	g_assert_cmpstr(seg(r, false, 500, "\x01\x02", 2), ==, "raw:ip:tcp:http:data");
	run_free(r);
}

static void bt_handshake(uint8_t out[68])
{
	out[0] = 19;
	memcpy(out + 1, "BitTorrent protocol", 19);
	memset(out + 20, 0, 8);
	memset(out + 28, 0xab, 20);  /* info hash */
	memcpy(out + 48, "-XX0001-abcdefghijkl", 20);
}

static void test_bittorrent_stream(void)
{
	struct run *r = run_new();
	uint8_t hs[68];
	bt_handshake(hs);
	uint32_t cs = 1000, ss = 5000;

	/* the heuristic finds the handshake on ports nothing is bound to */
	g_assert_cmpstr(seg(r, true, cs, hs, 68), ==, "raw:ip:tcp:bittorrent");
	cs += 68;
	g_assert_cmpstr(seg(r, false, ss, hs, 68), ==, "raw:ip:tcp:bittorrent");
	ss += 68;

	/* three messages in one segment: one layer each, nested */
	static const uint8_t three[] = {0, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 0, 5, 4, 0, 0, 0, 7};
	g_assert_cmpstr(seg(r, true, cs, three, sizeof three), ==,
			"raw:ip:tcp:bittorrent:bittorrent:bittorrent");
	cs += sizeof three;

	/* a piece of 1000 bytes of data over three segments, then a have */
	uint8_t piece[4 + 9 + 1000 + 9];
	uint32_t plen = 9 + 1000;
	piece[0] = (uint8_t)(plen >> 24);
	piece[1] = (uint8_t)(plen >> 16);
	piece[2] = (uint8_t)(plen >> 8);
	piece[3] = (uint8_t)plen;
	piece[4] = 7;
	memset(piece + 5, 0, 8);
	memset(piece + 13, 0x5a, 1000);
	static const uint8_t have[] = {0, 0, 0, 5, 4, 0, 0, 0, 9};
	memcpy(piece + 1013, have, 9);
	g_assert_cmpstr(seg(r, false, ss, piece, 400), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, false, ss + 400, piece + 400, 400), ==, "raw:ip:tcp");
	/* a retransmission of the middle segment shows nothing */
	g_assert_cmpstr(seg(r, false, ss + 400, piece + 400, 400), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, false, ss + 800, piece + 800, sizeof piece - 800), ==,
			"raw:ip:tcp:bittorrent:tcp.segments:bittorrent");
	g_assert_true(r->p.layers[3].flags & PKT_REASSEMBLED);
	g_assert_false(r->p.layers[5].flags & PKT_REASSEMBLED);
	ss += sizeof piece;

	/* the same piece with bytes 400..799 never captured: the segments up
	 * to its end still belong to it, but it never completes; the have
	 * that follows it in the last segment shows */
	g_assert_cmpstr(seg(r, false, ss, piece, 400), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, false, ss + 800, piece + 800, 100), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, false, ss + 900, piece + 900, sizeof piece - 900), ==,
			"raw:ip:tcp:bittorrent");
	g_assert_cmpuint(r->p.layers[3].off, ==, 40 + 1013 - 900);
	ss += sizeof piece;
	/* bytes lost past a PDU's end: what comes after starts afresh */
	g_assert_cmpstr(seg(r, false, ss, piece, 400), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, false, ss + 1013, have, 9), ==, "raw:ip:tcp:bittorrent");
	ss += 1013 + 9;
	/* a keep-alive (the last byte again) shows as data... */
	static const uint8_t garbage[1] = {0};
	g_assert_cmpstr(seg(r, false, ss - 1, garbage, 1), ==, "raw:ip:tcp:data");
	/* ...but when that byte ended a PDU gathered over segments, the
	 * reassembly refuses it: a malformed node and no data */
	g_assert_cmpstr(seg(r, false, ss, piece, 500), ==, "raw:ip:tcp");
	g_assert_cmpstr(seg(r, false, ss + 500, piece + 500, 513), ==, "raw:ip:tcp:bittorrent:tcp.segments");
	ss += 1013;
	g_assert_cmpstr(seg(r, false, ss - 1, garbage, 1), ==, "raw:ip:tcp:_ws.malformed");

	/* the conversation stays BitTorrent: a lone keep-alive later */
	static const uint8_t keepalive[] = {0, 0, 0, 0};
	g_assert_cmpstr(seg(r, true, cs, keepalive, 4), ==, "raw:ip:tcp:bittorrent");

	/* without a session each segment stands alone */
	uint32_t n = tcp_frame(r->buf, true, cs + 4, keepalive, 4);
	struct frame f = {.number = 99, .caplen = n, .len = n, .linktype = LINKTYPE_RAW, .data = r->buf};
	struct packet p;
	dissect_frame(&p, &f);
	g_assert_cmpstr(layer_stack(&p, r->out, sizeof r->out), ==, "raw:ip:tcp:data");
	run_free(r);
}

/* A DCE/RPC connection-oriented header (little-endian data representation). */
static uint32_t dcerpc_header(uint8_t *b, uint8_t ptype, uint16_t frag_len, uint32_t call_id)
{
	memset(b, 0, 16);
	b[0] = 5;
	b[2] = ptype;
	b[3] = 0x03; /* first and last fragment */
	b[4] = 0x10; /* little-endian integers, ASCII, IEEE floats */
	b[8] = (uint8_t)frag_len;
	b[9] = (uint8_t)(frag_len >> 8);
	b[12] = (uint8_t)call_id;
	return 16;
}

static void test_dcerpc_interfaces(void)
{
	struct run *r = run_new();
	/* BIND: one presentation context (0) for the endpoint mapper,
	 * e1af8308-5d1f-11c9-91a4-08002b14a0fa version 3 */
	uint8_t bind[72];
	dcerpc_header(bind, 11, sizeof bind, 1);
	memset(bind + 16, 0, sizeof bind - 16);
	bind[16] = 0xb8, bind[17] = 0x10; /* max xmit */
	bind[18] = 0xb8, bind[19] = 0x10; /* max recv */
	bind[24] = 1;                     /* one context item */
	bind[28] = 0, bind[29] = 0;       /* context id 0 */
	bind[30] = 1;                     /* one transfer syntax */
	static const uint8_t epm[16] = {0x08, 0x83, 0xaf, 0xe1, 0x1f, 0x5d, 0xc9, 0x11,
					0x91, 0xa4, 0x08, 0x00, 0x2b, 0x14, 0xa0, 0xfa};
	memcpy(bind + 32, epm, 16);
	bind[48] = 3;                     /* version 3.0 */
	memset(bind + 52, 0x11, 20);      /* transfer syntax: not looked at */
	g_assert_cmpstr(seg(r, true, 100, bind, sizeof bind), ==, "raw:ip:tcp:dcerpc");

	/* a request on context 0 names the interface, and its response
	 * learns its operation (opnum 3) from it */
	uint8_t req[32];
	dcerpc_header(req, 0, sizeof req, 2);
	memset(req + 16, 0, 16);
	req[22] = 3;
	g_assert_cmpstr(seg(r, true, 100 + sizeof bind, req, sizeof req), ==, "raw:ip:tcp:dcerpc:epm");
	uint8_t resp[32];
	dcerpc_header(resp, 2, sizeof resp, 2);
	memset(resp + 16, 0, 16);
	g_assert_cmpstr(seg(r, false, 900, resp, sizeof resp), ==, "raw:ip:tcp:dcerpc:epm");
	g_assert_true(r->p.dcerpc_answered);
	g_assert_cmpuint(r->p.dcerpc_opnum, ==, 3);
	/* on context 1, never bound, neither the interface nor the call is
	 * known: its response (call 4) has no operation */
	req[20] = 1;
	req[12] = 4;
	g_assert_cmpstr(seg(r, true, 100 + sizeof bind + sizeof req, req, sizeof req), ==, "raw:ip:tcp:dcerpc");
	resp[12] = 4;
	resp[20] = 1;
	g_assert_cmpstr(seg(r, false, 900 + sizeof resp, resp, sizeof resp), ==, "raw:ip:tcp:dcerpc");
	g_assert_false(r->p.dcerpc_answered);
	run_free(r);
}

/* Raw IPv4 + UDP from 10.0.0.4:800 to 10.0.0.5:1048 (FWD) or back. */
static uint32_t udp_frame(uint8_t *buf, bool fwd, const uint8_t *payload, uint32_t len)
{
	memset(buf, 0, 28);
	uint32_t total = 28 + len;
	buf[0] = 0x45;
	buf[2] = (uint8_t)(total >> 8);
	buf[3] = (uint8_t)total;
	buf[8] = 64;
	buf[9] = 17;
	buf[12] = 10, buf[15] = fwd ? 4 : 5;
	buf[16] = 10, buf[19] = fwd ? 5 : 4;
	uint16_t a = fwd ? 800 : 1048, b = fwd ? 1048 : 800;
	buf[20] = (uint8_t)(a >> 8), buf[21] = (uint8_t)a;
	buf[22] = (uint8_t)(b >> 8), buf[23] = (uint8_t)b;
	buf[24] = (uint8_t)((8 + len) >> 8), buf[25] = (uint8_t)(8 + len);
	memcpy(buf + 28, payload, len);
	return total;
}

/* UDP from 10.0.0.FROM:SPORT to 10.0.0.TO:DPORT, dissected in session S. */
static const char *udp_from(struct dissect_session *s, uint8_t from, uint16_t sport, uint8_t to, uint16_t dport,
			    const uint8_t *payload, uint32_t len, char *out, size_t outlen)
{
	static uint8_t buf[256];
	static uint64_t number;
	uint32_t n = udp_frame(buf, true, payload, len);
	buf[15] = from;
	buf[19] = to;
	buf[20] = (uint8_t)(sport >> 8), buf[21] = (uint8_t)sport;
	buf[22] = (uint8_t)(dport >> 8), buf[23] = (uint8_t)dport;
	struct frame f = {.number = ++number, .caplen = n, .len = n, .linktype = LINKTYPE_RAW, .data = buf};
	struct packet p;
	dissect_frame_in(&p, &f, s, false);
	return layer_stack(&p, out, outlen);
}

/* A Kerberos request to port 88 makes what its client then sends that
 * server on any port Kerberos (krb524 hands over a bare Ticket on 4444);
 * the same bytes to another host stay data. */
static void test_kerberos_client(void)
{
	static const uint8_t as_req[] = {0x6a, 0x0c, 0x30, 0x0a, 0xa1, 0x03, 0x02, 0x01, 0x05,
					 0xa2, 0x03, 0x02, 0x01, 0x0a};
	static const uint8_t ticket[] = {0x61, 0x0c, 0x30, 0x0a, 0xa0, 0x03, 0x02, 0x01, 0x05,
					 0xa1, 0x03, 0x1b, 0x01, 'X'};
	struct dissect_session *s = dissect_session_new();
	char out[128];
	g_assert_cmpstr(udp_from(s, 4, 1799, 5, 4444, ticket, sizeof ticket, out, sizeof out), ==, "raw:ip:udp:data");
	g_assert_cmpstr(udp_from(s, 4, 1799, 5, 88, as_req, sizeof as_req, out, sizeof out), ==, "raw:ip:udp:kerberos");
	g_assert_cmpstr(udp_from(s, 4, 1799, 5, 4444, ticket, sizeof ticket, out, sizeof out), ==, "raw:ip:udp:kerberos");
	g_assert_cmpstr(udp_from(s, 4, 1799, 6, 4444, ticket, sizeof ticket, out, sizeof out), ==, "raw:ip:udp:data");
	g_assert_cmpstr(udp_from(s, 4, 1800, 5, 4444, ticket, sizeof ticket, out, sizeof out), ==, "raw:ip:udp:data");
	/* the same, quoted by an ICMP error from the server: the quote ends
	 * the datagram early, which is no fault */
	uint8_t buf[128] = {0};
	static const uint8_t icmp[] = {0x45, 0, 0, 0, 0, 0, 0, 0, 64, 1, 0, 0, 10, 0, 0, 5, 10, 0, 0, 4,
				       3, 3, 0, 0, 0, 0, 0, 0,
				       0x45, 0, 0, 128, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 4, 10, 0, 0, 5,
				       1799 >> 8, 1799 & 0xff, 4444 >> 8, 4444 & 0xff, 0, 108, 0, 0};
	memcpy(buf, icmp, sizeof icmp);
	memcpy(buf + sizeof icmp, ticket, sizeof ticket);
	uint32_t n = (uint32_t)(sizeof icmp + sizeof ticket);
	buf[3] = (uint8_t)n;
	struct frame f = {.number = 50, .caplen = n, .len = n, .linktype = LINKTYPE_RAW, .data = buf};
	struct packet p;
	dissect_frame_in(&p, &f, s, false);
	g_assert_cmpstr(layer_stack(&p, out, sizeof out), ==, "raw:ip:icmp:ip:udp:kerberos");
	g_assert_cmpuint(p.flags & (PKT_TRUNCATED | PKT_MALFORMED), ==, 0);
	dissect_session_free(s);
}

/* gQUIC on port 443: a packet that names no version is gQUIC only in a
 * connection whose client named one. */
static void test_gquic_connection(void)
{
	static const uint8_t hello[] = {0x09, 1, 2, 3, 4, 5, 6, 7, 8, 'Q', '0', '4', '3', 1, 0xaa, 0xbb};
	static const uint8_t plain[] = {0x00, 2, 0xcc, 0xdd, 0xee};
	struct dissect_session *s = dissect_session_new();
	char out[128];
	g_assert_cmpstr(udp_from(s, 5, 443, 4, 50000, plain, sizeof plain, out, sizeof out), ==, "raw:ip:udp:data");
	g_assert_cmpstr(udp_from(s, 4, 50000, 5, 443, hello, sizeof hello, out, sizeof out), ==, "raw:ip:udp:gquic");
	g_assert_cmpstr(udp_from(s, 5, 443, 4, 50000, plain, sizeof plain, out, sizeof out), ==, "raw:ip:udp:gquic");
	g_assert_cmpstr(udp_from(s, 4, 50000, 5, 443, plain, sizeof plain, out, sizeof out), ==, "raw:ip:udp:gquic");
	/* another client port of the same host: no version named there */
	g_assert_cmpstr(udp_from(s, 4, 50001, 5, 443, plain, sizeof plain, out, sizeof out), ==, "raw:ip:udp:data");
	dissect_session_free(s);
}

/* STUN: found by its cookie on any ports, which then carry TURN's
 * ChannelData as STUN too; on 3478, RFC 3489's STUN without the cookie is
 * classicstun, and a DATA attribute's value is data inside the message. */
static void test_stun(void)
{
	static const uint8_t binding[] = {0x00, 0x01, 0x00, 0x08, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
					  0x80, 0x22, 0x00, 0x03, 'a', 'b', 'c', 0x00};
	static const uint8_t channel[] = {0x40, 0x01, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o', 0, 0, 0};
	static const uint8_t classic[] = {0x01, 0x15, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
					  0x00, 0x13, 0x00, 0x04, 'd', 'a', 't', 'a'};
	struct dissect_session *s = dissect_session_new();
	char out[128];
	g_assert_cmpstr(udp_from(s, 4, 50016, 5, 3479, channel, sizeof channel, out, sizeof out), ==, "raw:ip:udp:data");
	g_assert_cmpstr(udp_from(s, 5, 3479, 4, 50016, binding, sizeof binding, out, sizeof out), ==, "raw:ip:udp:stun");
	g_assert_cmpstr(udp_from(s, 4, 50016, 5, 3479, channel, sizeof channel, out, sizeof out), ==,
			"raw:ip:udp:stun:data");
	g_assert_cmpstr(udp_from(s, 4, 50017, 5, 3479, channel, sizeof channel, out, sizeof out), ==, "raw:ip:udp:data");
	/* a length that is not the datagram's: not STUN */
	g_assert_cmpstr(udp_from(s, 5, 3470, 4, 50016, binding, sizeof binding - 4, out, sizeof out), ==, "raw:ip:udp:data");
	uint8_t buf[64];
	uint32_t n = udp_frame(buf, true, classic, sizeof classic);
	buf[22] = 3478 >> 8, buf[23] = 3478 & 0xff;
	struct frame f = {.number = 1, .caplen = n, .len = n, .linktype = LINKTYPE_RAW, .data = buf};
	struct packet p;
	dissect_frame_in(&p, &f, s, false);
	g_assert_cmpstr(layer_stack(&p, out, sizeof out), ==, "raw:ip:udp:classicstun:data");
	g_assert_true(p.layers[p.nlayers - 1].flags & PKT_NESTED);
	/* ChannelData on 3478: STUN's layer with a length, no message type */
	n = udp_frame(buf, true, channel, sizeof channel);
	buf[22] = 3478 >> 8, buf[23] = 3478 & 0xff;
	f = (struct frame){.number = 2, .caplen = n, .len = n, .linktype = LINKTYPE_RAW, .data = buf};
	dissect_frame(&p, &f);
	g_assert_cmpstr(layer_stack(&p, out, sizeof out), ==, "raw:ip:udp:stun:data");
	int stun = layer_index(&p, PROTO_STUN, 0);
	g_assert_cmpuint(layer_field(&p, stun, "stun.length"), ==, 5);
	g_assert_cmpuint(layer_value_count(&p, stun, "stun.type"), ==, 0);
	g_assert_cmpuint(layer_value_count(&p, stun, "stun.id"), ==, 0);
	dissect_session_free(s);
}

/* An ICMP port unreachable quoting a UDP header whose datagram held more
 * than the quote does: no payload byte quoted, no data shown. */
static void test_icmp_quote_ends(void)
{
	uint8_t buf[80] = {0};
	static const uint8_t outer[] = {0x45, 0, 0, 56, 0, 0, 0, 0, 64, 1, 0, 0, 10, 0, 0, 1, 10, 0, 0, 4,
					3, 3, 0, 0, 0, 0, 0, 0};
	static const uint8_t quoted[] = {0x45, 0, 0, 40, 0, 0, 0, 0, 1, 17, 0, 0, 10, 0, 0, 4, 10, 0, 0, 1,
					 0xa5, 0x4b, 0x82, 0xa1, 0, 20, 0, 0};
	memcpy(buf, outer, sizeof outer);
	memcpy(buf + sizeof outer, quoted, sizeof quoted);
	char out[128];
	struct packet p;
	struct frame f = {.number = 1, .caplen = 56, .len = 56, .linktype = LINKTYPE_RAW, .data = buf};
	dissect_frame(&p, &f);
	g_assert_cmpstr(layer_stack(&p, out, sizeof out), ==, "raw:ip:icmp:ip:udp");
	/* four bytes of the payload quoted: they show */
	buf[3] = 60;
	f.caplen = f.len = 60;
	dissect_frame(&p, &f);
	g_assert_cmpstr(layer_stack(&p, out, sizeof out), ==, "raw:ip:icmp:ip:udp:data");
}

/* An ONC RPC call to mountd on a port nothing is bound to, and its reply:
 * the reply is known by the call it answers. */
static void test_rpc_reply(void)
{
	static const uint8_t call[] = {
		0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0, 0, 0, 0, 2,   /* xid, CALL, RPC version 2 */
		0, 1, 0x86, 0xa5, 0, 0, 0, 3, 0, 0, 0, 0,         /* mount (100005), v3, NULL */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* credentials and verifier: none */
	};
	static const uint8_t reply[] = {
		0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1, 0, 0, 0, 0,   /* xid, REPLY, accepted */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,               /* verifier: none; success */
	};
	struct dissect_session *s = dissect_session_new();
	uint8_t buf[128];
	char out[256];
	struct packet p;
	uint32_t n = udp_frame(buf, false, reply, sizeof reply);
	struct frame f = {.number = 1, .caplen = n, .len = n, .linktype = LINKTYPE_RAW, .data = buf};
	/* a reply whose call was not seen is not recognised */
	dissect_frame_in(&p, &f, s, false);
	g_assert_cmpstr(layer_stack(&p, out, sizeof out), ==, "raw:ip:udp:data");
	/* NULL: the program is named (hierarchy, filters), but not among the
	 * frame's protocols, as nothing after the header is its */
	n = udp_frame(buf, true, call, sizeof call);
	f = (struct frame){.number = 2, .caplen = n, .len = n, .linktype = LINKTYPE_RAW, .data = buf};
	dissect_frame_in(&p, &f, s, false);
	g_assert_cmpstr(layer_stack(&p, out, sizeof out), ==, "raw:ip:udp:rpc:mount");
	g_assert_cmpstr(frame_protocols(&p, out, sizeof out), ==, "raw:ip:udp:rpc");
	n = udp_frame(buf, false, reply, sizeof reply);
	f = (struct frame){.number = 3, .caplen = n, .len = n, .linktype = LINKTYPE_RAW, .data = buf};
	dissect_frame_in(&p, &f, s, false);
	g_assert_cmpstr(layer_stack(&p, out, sizeof out), ==, "raw:ip:udp:rpc:mount");
	g_assert_cmpstr(frame_protocols(&p, out, sizeof out), ==, "raw:ip:udp:rpc");
	dissect_session_free(s);
}

/* An IPv4 datagram in two fragments, the last one first. */
static uint32_t udp_fragment(uint8_t *buf, uint16_t offset8, bool more, const uint8_t *payload, uint32_t len)
{
	memset(buf, 0, 20);
	uint32_t total = 20 + len;
	buf[0] = 0x45;
	buf[2] = (uint8_t)(total >> 8);
	buf[3] = (uint8_t)total;
	buf[4] = 0x12;
	buf[5] = 0x34;
	uint16_t fo = (uint16_t)(offset8 | (more ? 0x2000 : 0));
	buf[6] = (uint8_t)(fo >> 8);
	buf[7] = (uint8_t)fo;
	buf[8] = 64;
	buf[9] = 17;
	buf[12] = 10, buf[15] = 4;
	buf[16] = 10, buf[19] = 5;
	memcpy(buf + 20, payload, len);
	return total;
}

static void test_ip_fragments(void)
{
	struct dissect_session *s = dissect_session_new();
	uint8_t datagram[8 + 1992], buf[2100];
	memset(datagram, 0x11, sizeof datagram);
	datagram[0] = 0x30, datagram[1] = 0x39;         /* source port 12345 */
	datagram[2] = 0x00, datagram[3] = 0x09;         /* destination port 9 (discard) */
	datagram[4] = (uint8_t)(sizeof datagram >> 8);
	datagram[5] = (uint8_t)sizeof datagram;
	struct packet p;
	char out[256];
	uint32_t n = udp_fragment(buf, 1000 / 8, false, datagram + 1000, 1000);
	struct frame f = {.number = 1, .caplen = n, .len = n, .linktype = LINKTYPE_RAW, .data = buf};
	dissect_frame_in(&p, &f, s, false);
	g_assert_cmpstr(layer_stack(&p, out, sizeof out), ==, "raw:ip:data");
	n = udp_fragment(buf, 0, true, datagram, 1000);
	f = (struct frame){.number = 2, .caplen = n, .len = n, .linktype = LINKTYPE_RAW, .data = buf};
	dissect_frame_in(&p, &f, s, false);
	/* the first fragment completes the datagram: its layers, ports kept */
	g_assert_cmpstr(layer_stack(&p, out, sizeof out), ==, "raw:ip:udp:data");
	g_assert_cmpuint(p.dport, ==, 9);
	g_assert_true(p.layers[2].flags & PKT_REASSEMBLED);
	/* a duplicate after completion is data again */
	dissect_frame_in(&p, &f, s, false);
	g_assert_cmpstr(layer_stack(&p, out, sizeof out), ==, "raw:ip:data");
	dissect_session_free(s);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/session/bittorrent-stream", test_bittorrent_stream);
	g_test_add_func("/session/http-to-fin", test_http_to_fin);
	g_test_add_func("/session/http-before-request", test_http_before_request);
	g_test_add_func("/session/ssl2-connection", test_ssl2_connection);
	g_test_add_func("/session/tls-header-cut", test_tls_header_cut);
	g_test_add_func("/session/http-long-header", test_http_long_header);
	g_test_add_func("/session/before-syn-ack", test_before_syn_ack);
	g_test_add_func("/session/retransmission-after-close", test_retransmission_after_close);
	g_test_add_func("/session/reset-forgotten", test_reset_forgotten);
	g_test_add_func("/session/kerberos-client", test_kerberos_client);
	g_test_add_func("/session/gquic-connection", test_gquic_connection);
	g_test_add_func("/session/stun", test_stun);
	g_test_add_func("/session/icmp-quote-ends", test_icmp_quote_ends);
	g_test_add_func("/session/ip-fragments", test_ip_fragments);
	g_test_add_func("/session/dcerpc-interfaces", test_dcerpc_interfaces);
	g_test_add_func("/session/rpc-reply", test_rpc_reply);
	return g_test_run();
}
