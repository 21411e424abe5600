/* Unit tests of TCP's and TLS's part in the packet list, on segments
 * generated here and followed by a session (and of the fields Wireshark
 * adds to every segment: tcp.completeness, tcp.flags.str with Accurate
 * ECN's counter, tcp.payload, tcp.reset_cause): the analysis flags before the
 * Info as Wireshark words and orders them, the segments of a message
 * gathered over several ("[TCP segment of a reassembled PDU]", with what
 * the message's protocol shows of its start), and TLS: the connection's
 * version in the Protocol column, every record and handshake message. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/expert.h"
#include "dissect/fieldval.h"
#include "dissect/session.h"
#include "dissect_test.h"

struct conn {
	struct dissect_session *s;
	uint16_t client_port, server_port;
	uint8_t buf[4096];
	uint32_t cseq, sseq; /* the next sequence number of each side, for the TLS tests */
	struct frame f;
	struct packet p;
	uint64_t number;
	int64_t ns;
	struct columns c;
};

static struct conn *conn_new(uint16_t server_port)
{
	struct conn *k = g_new0(struct conn, 1);
	k->s = dissect_session_new();
	dissect_session_track_tcp(k->s);
	k->client_port = 50123;
	k->server_port = server_port;
	k->c.info = g_string_new(NULL);
	return k;
}

static void conn_free(struct conn *k)
{
	dissect_session_free(k->s);
	g_string_free(k->c.info, TRUE);
	g_free(k);
}

/* One segment of raw IPv4 + TCP (no options) from the client (TO_SERVER)
 * or back, 1 ms after the last; returns "PROTOCOL|Info". */
static const char *segment(struct conn *k, bool to_server, uint16_t flags, uint32_t seq, uint32_t ack, uint16_t win,
			   const void *payload, uint32_t len)
{
	static const uint8_t a[4] = {10, 0, 0, 4}, b[4] = {10, 0, 0, 5};
	uint8_t *ip = k->buf, *th = k->buf + 20;
	uint32_t total = 40 + len;
	uint16_t sp = to_server ? k->client_port : k->server_port, dp = to_server ? k->server_port : k->client_port;
	memset(k->buf, 0, 40);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(total >> 8);
	ip[3] = (uint8_t)total;
	ip[8] = 64;
	ip[9] = 6;
	memcpy(ip + 12, to_server ? a : b, 4);
	memcpy(ip + 16, to_server ? b : a, 4);
	const uint8_t fields[] = {(uint8_t)(sp >> 8), (uint8_t)sp, (uint8_t)(dp >> 8), (uint8_t)dp,
				  (uint8_t)(seq >> 24), (uint8_t)(seq >> 16), (uint8_t)(seq >> 8), (uint8_t)seq,
				  (uint8_t)(ack >> 24), (uint8_t)(ack >> 16), (uint8_t)(ack >> 8), (uint8_t)ack,
				  (uint8_t)(5 << 4 | flags >> 8), (uint8_t)flags, (uint8_t)(win >> 8), (uint8_t)win};
	memcpy(th, fields, sizeof fields);
	if (len)
		memcpy(k->buf + 40, payload, len);
	k->ns += 1000000;
	k->f = (struct frame){.number = ++k->number, .ts_ns = k->ns, .caplen = total, .len = total,
			      .linktype = LINKTYPE_RAW, .data = k->buf};
	dissect_frame_in(&k->p, &k->f, k->s, false);
	columns_fill(&k->c, &k->p);
	static char out[600];
	g_snprintf(out, sizeof out, "%s|%s", k->c.proto, k->c.info->str);
	return out;
}

#define SYN 0x02
#define ACK 0x10
#define PSH_ACK 0x18
#define SYN_ACK 0x12

static void handshake(struct conn *k)
{
	segment(k, true, SYN, 100, 0, 1000, NULL, 0);
	segment(k, false, SYN_ACK, 500, 101, 1000, NULL, 0);
	segment(k, true, ACK, 101, 501, 1000, NULL, 0);
}

static void test_analysis_flags(void)
{
	struct conn *k = conn_new(5201);
	uint8_t data[300] = {0};
	handshake(k);
	g_assert_cmpstr(segment(k, true, PSH_ACK, 101, 501, 1000, data, 100), ==,
			"TCP|50123 → 5201 [PSH, ACK] Seq=1 Ack=1 Win=1000 Len=100");
	/* the next 100 bytes lost: the segment after them */
	g_assert_cmpstr(segment(k, true, PSH_ACK, 301, 501, 1000, data, 100), ==,
			"TCP|[TCP Previous segment not captured] 50123 → 5201 [PSH, ACK] Seq=201 Ack=1 Win=1000 Len=100");
	/* the receiver acknowledges the first 100 bytes (frame 6), then again twice */
	segment(k, false, ACK, 501, 201, 1000, NULL, 0);
	g_assert_cmpstr(segment(k, false, ACK, 501, 201, 1000, NULL, 0), ==,
			"TCP|[TCP Dup ACK 6#1] 5201 → 50123 [ACK] Seq=1 Ack=101 Win=1000 Len=0");
	g_assert_cmpstr(segment(k, false, ACK, 501, 201, 1000, NULL, 0), ==,
			"TCP|[TCP Dup ACK 6#2] 5201 → 50123 [ACK] Seq=1 Ack=101 Win=1000 Len=0");
	/* a new window with the same acknowledgment */
	g_assert_cmpstr(segment(k, false, ACK, 501, 201, 2000, NULL, 0), ==,
			"TCP|[TCP Window Update] 5201 → 50123 [ACK] Seq=1 Ack=101 Win=2000 Len=0");
	/* the lost bytes sent again long after: a retransmission */
	k->ns += 1000000000;
	g_assert_cmpstr(segment(k, true, PSH_ACK, 201, 501, 1000, data, 100), ==,
			"TCP|[TCP Retransmission] 50123 → 5201 [PSH, ACK] Seq=101 Ack=1 Win=1000 Len=100");
	/* an acknowledgment of bytes never seen, right after a gap: both, the
	 * later-put first */
	g_assert_cmpstr(segment(k, false, PSH_ACK, 801, 1401, 2000, data, 10), ==,
			"TCP|[TCP ACKed unseen segment] [TCP Previous segment not captured] "
			"5201 → 50123 [PSH, ACK] Seq=301 Ack=1301 Win=2000 Len=10");
	conn_free(k);
}

/* A DNS message over TCP (its 2-byte length first) in three segments: the
 * first two are segments of it, the last shows it. */
static void test_known_length_message(void)
{
	struct conn *k = conn_new(53);
	uint8_t msg[2 + 12 + 17] = {0, 29, 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
				    7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1};
	handshake(k);
	g_assert_cmpstr(segment(k, true, PSH_ACK, 101, 501, 1000, msg, 10), ==,
			"TCP|50123 → 53 [PSH, ACK] Seq=1 Ack=1 Win=1000 Len=10 [TCP segment of a reassembled PDU]");
	g_assert_cmpstr(segment(k, true, PSH_ACK, 111, 501, 1000, msg + 10, 10), ==,
			"TCP|50123 → 53 [PSH, ACK] Seq=11 Ack=1 Win=1000 Len=10 [TCP segment of a reassembled PDU]");
	/* (what DNS shows of it is DNS's own: only its start is checked here) */
	g_assert_true(g_str_has_prefix(segment(k, true, PSH_ACK, 121, 501, 1000, msg + 20, sizeof msg - 20),
				       "DNS|Standard query 0x1234"));
	conn_free(k);
}

/* An HTTP response in chunks over three segments: Wireshark reads its start
 * again with each segment while its end is not known, so each shows its
 * first line; the last shows the message. */
static void test_message_read_again(void)
{
	struct conn *k = conn_new(80);
	static const char head[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n";
	static const char more[] = "6\r\n world\r\n";
	static const char end[] = "0\r\n\r\n";
	handshake(k);
	segment(k, true, PSH_ACK, 101, 501, 1000, "GET / HTTP/1.1\r\n\r\n", 18);
	g_assert_cmpstr(segment(k, false, PSH_ACK, 501, 119, 1000, head, sizeof head - 1), ==,
			"TCP|HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]");
	g_assert_cmpstr(segment(k, false, PSH_ACK, 501 + sizeof head - 1, 119, 1000, more, sizeof more - 1), ==,
			"TCP|HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]");
	const char *last = segment(k, false, PSH_ACK, 501 + sizeof head - 1 + sizeof more - 1, 119, 1000, end,
				   sizeof end - 1);
	g_assert_true(g_str_has_prefix(last, "HTTP|HTTP/1.1 200 OK"));
	conn_free(k);
}

/* NBSS on TCP 445: a message's type as its Info, also in the segment that
 * only starts it; where TCP hands a segment afresh, fewer than 4 bytes or
 * bytes no header starts are the rest of a message ("NBSS Continuation
 * Message"), while a header cut by the segment's end after a whole message
 * waits for the next segment. */
static void test_nbss_continuation(void)
{
	struct conn *k = conn_new(445);
	uint8_t msg[80] = {0x00, 0x00, 0x00, 0x4c, 0xfe, 'S', 'M', 'B'};
	const uint8_t keepalive[] = {0x85, 0, 0, 0, 0x00, 0x00};
	handshake(k);
	g_assert_cmpstr(segment(k, true, PSH_ACK, 101, 501, 1000, msg, 40), ==,
			"TCP|Session message [TCP segment of a reassembled PDU]");
	segment(k, true, PSH_ACK, 141, 501, 1000, msg + 40, 40);
	/* one byte, then three: each the rest of something */
	g_assert_cmpstr(segment(k, true, PSH_ACK, 181, 501, 1000, "\x01", 1), ==, "NBSS|NBSS Continuation Message");
	g_assert_cmpstr(segment(k, true, PSH_ACK, 182, 501, 1000, "\0\0\0", 3), ==, "NBSS|NBSS Continuation Message");
	/* a session message of length 0 is no header either */
	g_assert_cmpstr(segment(k, true, PSH_ACK, 185, 501, 1000, "\0\0\0\0", 4), ==,
			"NBSS|NBSS Continuation Message");
	/* a keep-alive and two bytes of the next header: those wait, and with
	 * the next two make a header, read again there */
	g_assert_cmpstr(segment(k, true, PSH_ACK, 189, 501, 1000, keepalive, sizeof keepalive), ==,
			"NBSS|Session keep-alive");
	g_assert_cmpstr(segment(k, true, PSH_ACK, 195, 501, 1000, msg + 2, 2), ==,
			"TCP|Session message [TCP segment of a reassembled PDU]");
	conn_free(k);
}

/* ---- TLS ---------------------------------------------------------------- */

/* Appends a record of type CT and version VER holding BODY (N bytes) to OUT
 * at *AT. */
static void record(uint8_t *out, uint32_t *at, uint8_t ct, uint16_t ver, const uint8_t *body, uint32_t n)
{
	const uint8_t h[5] = {ct, (uint8_t)(ver >> 8), (uint8_t)ver, (uint8_t)(n >> 8), (uint8_t)n};
	memcpy(out + *at, h, 5);
	memcpy(out + *at + 5, body, n);
	*at += 5 + n;
}

/* A handshake message of TYPE holding BODY (N bytes), in OUT; its length. */
static uint32_t message(uint8_t *out, uint8_t type, const uint8_t *body, uint32_t n)
{
	const uint8_t h[4] = {type, (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n};
	memcpy(out, h, 4);
	memcpy(out + 4, body, n);
	return 4 + n;
}

/* A ServerHello body choosing TLS 1.2, or by supported_versions VERSION. */
static uint32_t server_hello_as(uint8_t *out, bool tls13, uint16_t version)
{
	uint8_t b[80] = {0x03, 0x03};
	for (int i = 0; i < 32; i++)
		b[2 + i] = (uint8_t)i;
	uint32_t n = 34;
	b[n++] = 0;                       /* no session id */
	b[n++] = tls13 ? 0x13 : 0xc0;     /* cipher suite */
	b[n++] = tls13 ? 0x01 : 0x2f;
	b[n++] = 0;                       /* no compression */
	const uint8_t ext13[] = {0, 6, 0x00, 0x2b, 0, 2, (uint8_t)(version >> 8), (uint8_t)version}, ext12[] = {0, 0};
	memcpy(b + n, tls13 ? ext13 : ext12, tls13 ? sizeof ext13 : sizeof ext12);
	n += tls13 ? sizeof ext13 : sizeof ext12;
	return message(out, 2, b, n);
}

/* A ServerHello body choosing TLS 1.2, or TLS 1.3 by supported_versions. */
static uint32_t server_hello(uint8_t *out, bool tls13)
{
	return server_hello_as(out, tls13, 0x0304);
}

static const char *client(struct conn *k, const uint8_t *b, uint32_t n)
{
	const char *r = segment(k, true, PSH_ACK, k->cseq, k->sseq, 1000, b, n);
	k->cseq += n;
	return r;
}

static const char *server(struct conn *k, const uint8_t *b, uint32_t n)
{
	const char *r = segment(k, false, PSH_ACK, k->sseq, k->cseq, 1000, b, n);
	k->sseq += n;
	return r;
}

/* A ClientHello, the record version TLS 1.0 as clients send it. */
static uint32_t client_hello(uint8_t *out)
{
	uint8_t body[43] = {0x03, 0x03}, m[64];
	body[35] = 0;
	const uint8_t tail[] = {0, 2, 0x13, 0x01, 1, 0, 0, 0};
	memcpy(body + 35, tail, sizeof tail);
	uint32_t at = 0;
	record(out, &at, 22, 0x0301, m, message(m, 1, body, sizeof body));
	return at;
}

/* A connection to TLS's port, its handshake done, no byte sent yet. */
static struct conn *tls_conn_new(void)
{
	struct conn *k = conn_new(443);
	handshake(k);
	k->cseq = 101;
	k->sseq = 501;
	return k;
}

/* A ServerHello's supported_versions settles TLS 1.3: 0x0304, a draft
 * (0x7fNN), Facebook's fizz drafts (0xfb17, 0xfb1a); a version Wireshark
 * does not know there leaves the body's, TLS 1.2. */
static void test_tls13(void)
{
	static const struct {
		uint16_t version;
		const char *name;
	} chosen[] = {{0x0304, "TLSv1.3"}, {0x7f1c, "TLSv1.3"}, {0xfb17, "TLSv1.3"}, {0xfb1a, "TLSv1.3"},
		      {0xfb1b, "TLSv1.2"}};
	for (size_t i = 0; i < G_N_ELEMENTS(chosen); i++) {
		struct conn *k = tls_conn_new();
		uint8_t out[600], m[100], data[60];
		char want[128];
		for (int j = 0; j < 60; j++)
			data[j] = (uint8_t)(j + 1);
		/* before the ServerHello, a ClientHello's record version */
		g_assert_cmpstr(client(k, out, client_hello(out)), ==, "TLSv1|Client Hello");
		uint32_t at = 0;
		record(out, &at, 22, 0x0303, m, server_hello_as(m, true, chosen[i].version));
		record(out, &at, 20, 0x0303, (const uint8_t *)"\1", 1);
		record(out, &at, 23, 0x0303, data, 40);
		g_snprintf(want, sizeof want, "%s|Server Hello, Change Cipher Spec, Application Data", chosen[i].name);
		g_assert_cmpstr(server(k, out, at), ==, want);
		at = 0;
		record(out, &at, 23, 0x0303, data, 50);
		g_snprintf(want, sizeof want, "%s|Application Data", chosen[i].name);
		g_assert_cmpstr(client(k, out, at), ==, want);
		conn_free(k);
	}
}

/* The names Wireshark 4.0 gives handshake messages 21 and 67 (TLS's and
 * DTLS's one table); 254 is no message it knows: encrypted. */
static void test_tls_message_names(void)
{
	struct conn *k = tls_conn_new();
	uint8_t out[100], m[40];
	client(k, out, client_hello(out));
	uint32_t at = 0;
	record(out, &at, 22, 0x0303, m, message(m, 21, (const uint8_t *)"\0\0\0", 3));
	g_assert_cmpstr(server(k, out, at), ==, "TLSv1.2|Client Certificate URL");
	at = 0;
	record(out, &at, 22, 0x0303, m, message(m, 67, (const uint8_t *)"\1a\0", 3));
	g_assert_cmpstr(server(k, out, at), ==, "TLSv1.2|Encrypted Extensions");
	at = 0;
	record(out, &at, 22, 0x0303, m, message(m, 254, (const uint8_t *)"abcd", 4));
	g_assert_cmpstr(server(k, out, at), ==, "TLSv1.2|Encrypted Handshake Message");
	conn_free(k);
}

static void test_tls12(void)
{
	struct conn *k = tls_conn_new();
	uint8_t out[1000], m[100], data[600] = {0};
	for (int i = 0; i < 600; i++)
		data[i] = (uint8_t)(i % 200);
	client(k, out, client_hello(out));
	/* one message a record */
	uint32_t at = 0;
	record(out, &at, 22, 0x0303, m, server_hello(m, false));
	record(out, &at, 22, 0x0303, m, message(m, 11, data, 20));
	record(out, &at, 22, 0x0303, m, message(m, 14, data, 0));
	g_assert_cmpstr(server(k, out, at), ==, "TLSv1.2|Server Hello, Certificate, Server Hello Done");
	/* after the change of cipher spec, a handshake record is encrypted */
	at = 0;
	record(out, &at, 22, 0x0303, m, message(m, 16, data, 10));
	record(out, &at, 20, 0x0303, (const uint8_t *)"\1", 1);
	record(out, &at, 22, 0x0303, data + 7, 40);
	g_assert_cmpstr(client(k, out, at), ==,
			"TLSv1.2|Client Key Exchange, Change Cipher Spec, Encrypted Handshake Message");
	/* a record over two segments: the first is a segment of it */
	at = 0;
	record(out, &at, 23, 0x0303, data, 600);
	g_assert_cmpstr(server(k, out, 300), ==, "TCP|[TCP segment of a reassembled PDU]");
	g_assert_cmpstr(server(k, out + 300, at - 300), ==, "TLSv1.2|Application Data");
	/* bytes after a gap start no record: ignored on a TLS 1.2 connection */
	uint32_t seen = k->sseq;
	k->sseq += 100;
	memset(out, 0x99, 60);
	g_assert_cmpstr(server(k, out, 60), ==, "TLSv1.2|[TCP Previous segment not captured] , Ignored Unknown Record");
	/* nor bytes whose first four are printable, which TLS refuses: data */
	memcpy(out, "a+b c", 5);
	g_assert_cmpstr(server(k, out, 60), ==, "TCP|443 → 50123 [PSH, ACK] Seq=853 Ack=123 Win=1000 Len=60");
	g_assert_cmpint(k->p.layers[k->p.nlayers - 1].proto, ==, PROTO_DATA);
	/* but such bytes after a whole record are that layer's */
	at = 0;
	record(out, &at, 23, 0x0303, data, 20);
	memcpy(out + at, "abcdef", 6);
	g_assert_cmpstr(server(k, out, at + 6), ==, "TLSv1.2|Application Data, Ignored Unknown Record");
	/* a plain alert (acknowledging what was seen) */
	at = 0;
	record(out, &at, 21, 0x0303, (const uint8_t *)"\2\50", 2);
	g_assert_cmpstr(segment(k, true, PSH_ACK, k->cseq, seen, 1000, out, at), ==,
			"TLSv1.2|Alert (Level: Fatal, Description: Handshake Failure)");
	conn_free(k);
}

/* A handshake record over two segments, longer than the bytes kept of its
 * start: the messages whose headers lie in the last segment are named from
 * there; one whose header lies in neither is not. */
static void test_tls12_long_record(void)
{
	struct conn *k = tls_conn_new();
	uint8_t out[3200], body[3100], data[2600] = {0};
	client(k, out, client_hello(out));
	uint32_t n = server_hello(body, false);
	n += message(body + n, 11, data, 700);
	n += message(body + n, 12, data, 10);
	n += message(body + n, 14, data, 0);
	uint32_t at = 0;
	record(out, &at, 22, 0x0303, body, n);
	g_assert_cmpstr(server(k, out, 300), ==, "TCP|[TCP segment of a reassembled PDU]");
	g_assert_cmpstr(server(k, out + 300, at - 300), ==,
			"TLSv1.2|Server Hello, Certificate, Server Key Exchange, Server Hello Done");
	/* the same with a Certificate Status whose header no segment kept */
	n = server_hello(body, false);
	n += message(body + n, 11, data, 2600);
	n += message(body + n, 22, data, 300);
	n += message(body + n, 14, data, 0);
	at = 0;
	record(out, &at, 22, 0x0303, body, n);
	server(k, out, 300);
	server(k, out + 300, at - 400);
	g_assert_cmpstr(server(k, out + at - 100, 100), ==, "TLSv1.2|Server Hello, Certificate");
	conn_free(k);
}

/* A record gathered from its first byte at the end of one segment: the
 * segment that completes it also starts the next record, which is named
 * only in the segment that completes that one, as Wireshark names it. */
static void test_tls12_record_after_gathered(void)
{
	struct conn *k = tls_conn_new();
	uint8_t out[2200], body[200], data[1041] = {0};
	client(k, out, client_hello(out));
	uint32_t at = 0, n = server_hello(body, false);
	record(out, &at, 22, 0x0303, body, n);
	server(k, out, at);
	at = 0;
	record(out, &at, 23, 0x0303, data, sizeof data);
	record(out, &at, 23, 0x0303, data, sizeof data);
	g_assert_cmpuint(at, ==, 2092);
	g_assert_cmpstr(server(k, out, 1), ==, "TCP|[TCP segment of a reassembled PDU]");
	g_assert_cmpstr(server(k, out + 1, 1440), ==, "TLSv1.2|Application Data");
	g_assert_cmpstr(server(k, out + 1441, at - 1441), ==, "TLSv1.2|Application Data");
	conn_free(k);
}

/* After lost segments, records are framed as Wireshark frames them: on a
 * TLS 1.2 connection a known content type gives a record's length whatever
 * its version bytes; on TLS 1.3 a record needs a record version of SSL 3.0
 * to TLS 1.2, and bytes that look like an SSLv2 record are one; on both,
 * fewer than 5 bytes wait for the next segment. */
static void test_tls_after_gap(void)
{
	uint8_t out[600], m[100], body[200];
	for (int i = 0; i < 200; i++)
		body[i] = (uint8_t)(0xa0 + i % 7); /* no printable byte */
	for (int tls13 = 0; tls13 <= 1; tls13++) {
		struct conn *k = tls_conn_new();
		client(k, out, client_hello(out));
		uint32_t at = 0;
		record(out, &at, 22, 0x0303, m, server_hello(m, tls13));
		server(k, out, at);
		const char *v = tls13 ? "TLSv1.3|" : "TLSv1.2|";
		/* a heartbeat header with a bogus version, 64 bytes announced */
		memcpy(out, "\x18\x05\x00\x00\x40", 5);
		memcpy(out + 5, body, 20);
		k->sseq += 1000;
		uint32_t rec_start = k->sseq;
		const char *r = server(k, out, 25);
		if (tls13) {
			g_assert_cmpstr(r, ==, "TLSv1.3|[TCP Previous segment not captured] , Continuation Data");
		} else {
			g_assert_cmpstr(r, ==, "TCP|[TCP Previous segment not captured] [TCP segment of a reassembled PDU]");
			/* bytes lost inside that record: the next segment is still its */
			k->sseq += 10;
			r = server(k, body, 10);
			g_assert_true(g_str_has_suffix(r, "Len=10 [TCP segment of a reassembled PDU]"));
			g_assert_cmpuint(k->sseq, <, rec_start + 69);
			k->sseq = rec_start + 69;
		}
		/* one byte, then 20 more: joined, no record starts there */
		k->sseq += 1000;
		g_assert_cmpstr(server(k, (const uint8_t *)"\xfe", 1), ==,
				"TCP|[TCP Previous segment not captured] [TCP segment of a reassembled PDU]");
		g_assert_true(g_str_has_prefix(server(k, body, 20), v));
		g_assert_true(g_str_has_suffix(k->c.info->str, tls13 ? "Continuation Data" : "Ignored Unknown Record"));
		/* one byte of a header, then its rest and a record's start: read
		 * again, still running on */
		k->sseq += 1000;
		server(k, (const uint8_t *)"\x17", 1);
		memcpy(out, "\x03\x03\x00\x40", 4);
		memcpy(out + 4, body, 10);
		g_assert_cmpstr(server(k, out, 14), ==, "TCP|[TCP segment of a reassembled PDU]");
		g_assert_cmpint(k->p.layers[k->p.nlayers - 1].proto, ==, PROTO_TLS);
		/* an SSLv2-like header (type 0) announcing 0x5f4d bytes */
		memcpy(out, "\xdf\x4d\x00\x90", 4);
		memcpy(out + 4, body, 100);
		k->sseq += 1000;
		r = server(k, out, 104);
		if (tls13)
			g_assert_cmpstr(r, ==, "TCP|[TCP Previous segment not captured] [TCP segment of a reassembled PDU]");
		else
			g_assert_cmpstr(r, ==, "TLSv1.2|[TCP Previous segment not captured] , Ignored Unknown Record");
		conn_free(k);
	}
}

/* A connection whose version is not known (no handshake seen): bytes that
 * look like an SSLv2 record (top bit set, a clear message type third) are
 * one, framed by their two-byte header: one running past its segment is
 * gathered, a whole one is read with what follows it in the same layer. */
static void test_tls_version_unknown(void)
{
	struct conn *k = tls_conn_new();
	uint8_t out[200] = {0xb6, 0x01, 0x00};
	g_assert_cmpstr(server(k, out, 100), ==, "TCP|[TCP segment of a reassembled PDU]");
	conn_free(k);
	k = tls_conn_new();
	const uint8_t rec2[] = {0x80, 0x00, 0x00, 0x90, 0x05, 0x64, 0x95, 0x69};
	memcpy(out, rec2, sizeof rec2);
	g_assert_cmpstr(server(k, out, 100), ==, "SSLv2|Encrypted Data, Continuation Data");
	g_assert_cmpint(k->p.layers[k->p.nlayers - 1].proto, ==, PROTO_TLS); /* one layer of it, after TCP */
	g_assert_cmpint(k->p.layers[k->p.nlayers - 2].proto, ==, PROTO_TCP);
	conn_free(k);
	/* an SSLv2 server message (type 4) makes the connection SSLv2: the
	 * bytes after it are a record by their SSLv2 header (3 bytes, 0x348c
	 * long), which the next segment goes on with */
	k = tls_conn_new();
	memset(out, 0x11, sizeof out);
	const uint8_t hello2[] = {0x80, 0x30, 0x04}, next[] = {0x74, 0x8c, 0x8e};
	memcpy(out, hello2, sizeof hello2);
	memcpy(out + 0x32, next, sizeof next);
	g_assert_cmpstr(server(k, out, 150), ==, "SSLv2|Encrypted Data");
	g_assert_cmpstr(server(k, out, 100), ==,
			"TCP|443 → 50123 [PSH, ACK] Seq=151 Ack=1 Win=1000 Len=100 [TCP segment of a reassembled PDU]");
	conn_free(k);
}

static void note_expert(const struct expert_item *it, void *data)
{
	g_string_append_printf(data, "%u/%u %s: %s;", it->severity, it->group, it->protocol, it->summary);
}

/* IPv6 with a payload length of 0 and TCP next (TCP segmentation offload):
 * TCP is entered with no byte and fails at once, so the frame names tcp
 * but shows IPv6 in the Protocol column, "[Malformed Packet]" as its Info,
 * no TCP field, and TCP's Error item for the exception. */
static void test_ipv6_empty_tcp(void)
{
	static const uint8_t frame[] = {
		0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x86, 0xdd,
		0x60, 0, 0, 0, 0x00, 0x00, 6, 64,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x04,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05,
		/* the segment, past the payload IPv6 declares */
		0xc2, 0x60, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0x20, 0x00, 0, 0, 0, 0,
	};
	struct packet p;
	struct frame f;
	run_frame(&p, &f, frame, sizeof frame, sizeof frame, LINKTYPE_ETHERNET);
	g_assert_true(p.flags & PKT_MALFORMED);
	g_assert_cmpint(p.nlayers, ==, 3);
	g_assert_cmpint(p.layers[2].proto, ==, PROTO_TCP);
	g_assert_true(p.layers[2].flags & PKT_NESTED);
	struct columns c = {.info = g_string_new(NULL)};
	columns_fill(&c, &p);
	g_assert_cmpstr(c.proto, ==, "IPv6");
	g_assert_cmpstr(c.info->str, ==, "[Malformed Packet]");
	g_string_truncate(c.info, 0);
	experts_fill(&p, note_expert, c.info);
	g_assert_true(strstr(c.info->str, "4/1 TCP: Malformed Packet (Exception occurred);") != NULL);
	g_string_free(c.info, TRUE);
}

/* Field F of the last segment as text ("" when it has none). */
static const char *field_text(struct conn *k, const char *f)
{
	static char buf[256];
	struct fvalue v;
	if (!pkt_field_first(&k->p, f, &v))
		return "";
	if (v.kind == FV_UINT)
		g_snprintf(buf, sizeof buf, "%" G_GUINT64_FORMAT, v.u);
	else
		g_snprintf(buf, sizeof buf, "%.*s", (int)v.len, (const char *)v.ptr);
	return buf;
}

/* tcp.completeness: what the conversation showed before the segment, a
 * pure ACK counting as ACK, data, FIN and RST. */
static void test_completeness(void)
{
	struct conn *k = conn_new(80);
	static const struct {
		bool to_server;
		uint16_t flags;
		uint32_t seq, ack, len;
		const char *want, *str;
	} segs[] = {
		{true, SYN, 100, 0, 0, "0", "··········S·"},
		{false, SYN | ACK, 500, 101, 0, "1", "·······A··S·"},
		{true, ACK, 101, 501, 0, "3", "·······A····"},
		{true, PSH_ACK, 101, 501, 4, "7", "·······AP···"},
		{false, ACK | 0x01, 501, 105, 0, "15", "·······A···F"},
		{true, 0x04, 105, 0, 0, "31", "·········R··"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(segs); i++) {
		segment(k, segs[i].to_server, segs[i].flags, segs[i].seq, segs[i].ack, 1000, "abcd", segs[i].len);
		g_assert_cmpstr(field_text(k, "tcp.completeness"), ==, segs[i].want);
		g_assert_cmpstr(field_text(k, "tcp.flags.str"), ==, segs[i].str);
	}
	conn_free(k);
	/* joined after its start: the first segment counts nothing, not even
	 * its data */
	k = conn_new(80);
	segment(k, true, PSH_ACK, 100, 500, 1000, "abcd", 4);
	g_assert_cmpstr(field_text(k, "tcp.completeness"), ==, "0");
	segment(k, false, ACK, 500, 104, 1000, NULL, 0);
	g_assert_cmpstr(field_text(k, "tcp.completeness"), ==, "0");
	segment(k, true, PSH_ACK, 104, 500, 1000, "abcd", 4);
	g_assert_cmpstr(field_text(k, "tcp.completeness"), ==, "4");
	segment(k, true, PSH_ACK, 108, 500, 1000, "abcd", 4);
	g_assert_cmpstr(field_text(k, "tcp.completeness"), ==, "12");
	conn_free(k);
}

/* Accurate ECN agreed (a SYN with AE, CWR and ECE, a SYN-ACK answering
 * with CWR): from then on the three bits are the ACE counter. */
static void test_accecn(void)
{
	struct conn *k = conn_new(80);
	segment(k, true, SYN | 0x1c0, 100, 0, 1000, NULL, 0);
	g_assert_cmpstr(field_text(k, "tcp.flags.str"), ==, "···ACE····S·");
	g_assert_cmpstr(field_text(k, "tcp.flags.ae"), ==, "1");
	g_assert_cmpstr(field_text(k, "tcp.flags.ace"), ==, "");
	segment(k, false, SYN | ACK | 0x80, 500, 101, 1000, NULL, 0);
	g_assert_cmpstr(field_text(k, "tcp.flags.str"), ==, "····C··A··S·");
	segment(k, true, ACK | 0x80, 101, 501, 1000, NULL, 0);
	g_assert_cmpstr(field_text(k, "tcp.flags.str"), ==, "···-2-·A····");
	g_assert_cmpstr(field_text(k, "tcp.flags.ace"), ==, "2");
	g_assert_cmpstr(field_text(k, "tcp.flags.ae"), ==, "");
	g_assert_cmpstr(field_text(k, "tcp.flags.cwr"), ==, "");
	segment(k, true, PSH_ACK | 0x140, 101, 501, 1000, "x", 1);
	g_assert_cmpstr(field_text(k, "tcp.flags.str"), ==, "···-5-·AP···");
	conn_free(k);
	/* a classic ECN answer (ECE alone) agrees to no counter */
	k = conn_new(80);
	segment(k, true, SYN | 0x1c0, 100, 0, 1000, NULL, 0);
	segment(k, false, SYN | ACK | 0x40, 500, 101, 1000, NULL, 0);
	segment(k, true, ACK | 0x80, 101, 501, 1000, NULL, 0);
	g_assert_cmpstr(field_text(k, "tcp.flags.str"), ==, "····C··A····");
	g_assert_cmpstr(field_text(k, "tcp.flags.cwr"), ==, "1");
	conn_free(k);
}

/* tcp.payload: the segment's bytes; a reset's are its reset cause. */
static void test_payload(void)
{
	struct conn *k = conn_new(4000);
	segment(k, true, PSH_ACK, 100, 500, 1000, "hello", 5);
	struct fvalue v;
	g_assert_true(pkt_field_first(&k->p, "tcp.payload", &v));
	g_assert_cmpuint(v.kind, ==, FV_BYTES);
	g_assert_cmpmem(v.ptr, v.len, "hello", 5);
	g_assert_cmpstr(field_text(k, "tcp.reset_cause"), ==, "");
	segment(k, false, 0x04 | ACK, 500, 105, 0, "gone", 4);
	g_assert_false(pkt_field_first(&k->p, "tcp.payload", &v));
	g_assert_cmpstr(field_text(k, "tcp.reset_cause"), ==, "gone");
	segment(k, true, ACK, 105, 500, 1000, NULL, 0);
	g_assert_false(pkt_field_first(&k->p, "tcp.payload", &v));
	g_assert_cmpstr(field_text(k, "tcp.checksum.status"), ==, "2");
	conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tcp-columns/analysis-flags", test_analysis_flags);
	g_test_add_func("/tcp-columns/known-length-message", test_known_length_message);
	g_test_add_func("/tcp-columns/message-read-again", test_message_read_again);
	g_test_add_func("/tcp-columns/nbss-continuation", test_nbss_continuation);
	g_test_add_func("/tcp-columns/tls13", test_tls13);
	g_test_add_func("/tcp-columns/tls12", test_tls12);
	g_test_add_func("/tcp-columns/tls-message-names", test_tls_message_names);
	g_test_add_func("/tcp-columns/tls12-long-record", test_tls12_long_record);
	g_test_add_func("/tcp-columns/tls12-record-after-gathered", test_tls12_record_after_gathered);
	g_test_add_func("/tcp-columns/tls-after-gap", test_tls_after_gap);
	g_test_add_func("/tcp-columns/tls-version-unknown", test_tls_version_unknown);
	g_test_add_func("/tcp-columns/ipv6-empty-tcp", test_ipv6_empty_tcp);
	g_test_add_func("/tcp-columns/completeness", test_completeness);
	g_test_add_func("/tcp-columns/accecn", test_accecn);
	g_test_add_func("/tcp-columns/payload", test_payload);
	return g_test_run();
}
