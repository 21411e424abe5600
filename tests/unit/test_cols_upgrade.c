/* Unit tests of what HTTP hands a connection over to: WebSocket after a
 * "101 Switching Protocols", its frames built here (masked or not, 7-, 16-
 * and 64-bit lengths, several in a segment, one over several segments,
 * messages in fragments, permessage-deflate), and the tunnel a CONNECT
 * opens.  Expected texts are those tshark 4.0 shows for the same bytes. */
#include <glib.h>
#include <string.h>
#include <zlib.h>

#include "dissect/expert.h"
#include "tcp_conn_test.h"

static const uint8_t key[4] = {0x37, 0xfa, 0x21, 0x3d};

/* A frame of OPCODE (with FIN, RSV bits) carrying N bytes of PAYLOAD,
 * masked with KEY when MASK, its length in FORM bits (7, 16, 64; 0: the
 * shortest), at OUT; its length. */
static uint32_t ws_frame(uint8_t *out, uint8_t opcode, bool fin, uint8_t rsv, bool mask, int form, const void *payload,
			 uint32_t n)
{
	uint32_t at = 0;
	out[at++] = (uint8_t)((fin ? 0x80 : 0) | rsv << 4 | opcode);
	uint8_t m = mask ? 0x80 : 0;
	if (form == 0)
		form = n < 126 ? 7 : n < 65536 ? 16 : 64;
	if (form == 7) {
		out[at++] = (uint8_t)(m | n);
	} else if (form == 16) {
		out[at++] = m | 126;
		out[at++] = (uint8_t)(n >> 8), out[at++] = (uint8_t)n;
	} else {
		out[at++] = m | 127;
		for (int i = 7; i >= 0; i--)
			out[at++] = (uint8_t)((uint64_t)n >> (8 * i));
	}
	if (mask) {
		memcpy(out + at, key, 4);
		at += 4;
	}
	for (uint32_t i = 0; i < n; i++)
		out[at + i] = ((const uint8_t *)payload)[i] ^ (mask ? key[i & 3] : 0);
	return at + n;
}

/* Sends one frame; checks the segment's layers and columns. */
static void send_frame(struct tcp_conn *k, bool to_server, uint8_t opcode, bool fin, const char *text, const char *stack,
		       const char *cols)
{
	uint8_t b[512];
	uint32_t n = ws_frame(b, opcode, fin, 0, to_server, 0, text, (uint32_t)strlen(text));
	tcp_conn_send(k, to_server, b, n, n);
	g_assert_cmpstr(k->stack, ==, stack);
	g_assert_cmpstr(k->cols, ==, cols);
}

static void collect(const struct expert_item *it, void *data)
{
	GString *s = data;
	g_string_append_printf(s, "%s%s: %s", s->len ? "; " : "", it->protocol, it->summary);
}

/* The expert items of K's last segment, but TCP's. */
static const char *conn_experts(struct tcp_conn *k)
{
	static char buf[512];
	g_autoptr(GString) s = g_string_new(NULL);
	experts_fill(&k->p, collect, s);
	g_strlcpy(buf, s->str, sizeof buf);
	return buf;
}

#define REQUEST "GET /chat HTTP/1.1\r\nHost: example.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" \
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
#define ANSWER "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" \
	       "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
#define WS "raw:ip:tcp:websocket"
#define TEXT WS ":data-text-lines"

/* A connection on PORT through its handshake (EXTENSIONS: the answer's
 * Sec-WebSocket-Extensions line, or ""). */
static struct tcp_conn *upgraded(uint16_t port, const char *extensions)
{
	struct tcp_conn *k = tcp_conn_new(40001, port);
	tcp_conn_say(k, true, REQUEST "\r\n", "raw:ip:tcp:http", "HTTP|GET /chat HTTP/1.1 ");
	g_autofree char *answer = g_strdup_printf(ANSWER "%s\r\n", extensions);
	tcp_conn_say(k, false, answer, "raw:ip:tcp:http", "HTTP|HTTP/1.1 101 Switching Protocols ");
	return k;
}

static void test_frames(void)
{
	struct tcp_conn *k = upgraded(80, "");
	send_frame(k, true, 1, true, "Hello", TEXT, "WebSocket|WebSocket Text [FIN] [MASKED]");
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.text == \"Hello\" && websocket.masking_key == 37:fa:21:3d"));
	g_assert_true(tcp_conn_keeps(k, "websocket.fin && websocket.mask && websocket.opcode == 1 && websocket.rsv == 0"));
	g_assert_true(tcp_conn_keeps(k, "websocket.payload_length == 5 && websocket.payload && websocket.masked_payload"));
	g_assert_false(tcp_conn_keeps(k, "websocket.payload_length_ext_16 || websocket.pmc || http"));
	send_frame(k, false, 1, true, "Hello", TEXT, "WebSocket|WebSocket Text [FIN] ");
	g_assert_false(tcp_conn_keeps(k, "websocket.masking_key || websocket.masked_payload"));
	send_frame(k, false, 2, true, "\x01\x02\x03", WS ":data", "WebSocket|WebSocket Binary [FIN] ");
	g_assert_false(tcp_conn_keeps(k, "websocket.payload.text"));
	send_frame(k, true, 9, true, "hb", WS, "WebSocket|WebSocket Ping [FIN] [MASKED]");
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.ping == 68:62 && !websocket.payload.pong"));
	send_frame(k, false, 10, true, "hb", WS, "WebSocket|WebSocket Pong [FIN] ");
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.pong == 68:62"));
	/* a JSON text is line-based text all the same */
	send_frame(k, true, 1, true, "{\"n\":1}", TEXT, "WebSocket|WebSocket Text [FIN] [MASKED]");
	/* close frames: a code and a reason, a code alone, nothing */
	send_frame(k, true, 8, true, "\x03\xe8" "bye", WS, "WebSocket|WebSocket Connection Close [FIN] [MASKED]");
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.close.status_code == 1000 && "
				      "websocket.payload.close.reason == \"bye\" && websocket.payload.close"));
	send_frame(k, false, 8, true, "\x03\xe9", WS, "WebSocket|WebSocket Connection Close [FIN] ");
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.close.status_code == 1001"));
	g_assert_false(tcp_conn_keeps(k, "websocket.payload.close.reason"));
	send_frame(k, false, 8, true, "", WS, "WebSocket|WebSocket Connection Close [FIN] ");
	g_assert_false(tcp_conn_keeps(k, "websocket.payload || websocket.payload.close"));
	/* an opcode RFC 6455 reserves; RSV bits set */
	send_frame(k, false, 3, true, "abc", WS, "WebSocket|WebSocket Unknown Opcode [FIN] ");
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.unknown == 61:62:63"));
	g_assert_cmpstr(conn_experts(k), ==, "WebSocket: Dissector for Websocket Opcode (3) code not implemented, "
			"Contact Wireshark developers if you want this supported");
	uint8_t b[600];
	uint32_t n = ws_frame(b, 1, true, 4, false, 0, "r", 1);
	tcp_conn_send(k, false, b, n, n);
	g_assert_cmpstr(k->cols, ==, "WebSocket|WebSocket Text [FIN] ");
	g_assert_true(tcp_conn_keeps(k, "websocket.rsv == 4 && websocket.payload.text == \"r\""));
	tcp_conn_free(k);
}

static void test_lengths(void)
{
	struct tcp_conn *k = upgraded(80, "");
	uint8_t b[1200], x[400];
	memset(x, 'x', sizeof x);
	uint32_t n = ws_frame(b, 1, true, 0, false, 0, x, 200);
	tcp_conn_send(k, false, b, n, n);
	g_assert_cmpstr(k->stack, ==, TEXT);
	g_assert_true(tcp_conn_keeps(k, "websocket.payload_length == 126 && websocket.payload_length_ext_16 == 200"));
	n = ws_frame(b, 2, true, 0, false, 64, x, 300);
	tcp_conn_send(k, false, b, n, n);
	g_assert_cmpstr(k->stack, ==, WS ":data");
	g_assert_true(tcp_conn_keeps(k, "websocket.payload_length == 127 && websocket.payload_length_ext_64 == 300"));
	/* a 16-bit form for 5 bytes */
	n = ws_frame(b, 1, true, 0, true, 16, "xxxxx", 5);
	tcp_conn_send(k, true, b, n, n);
	g_assert_true(tcp_conn_keeps(k, "websocket.payload_length_ext_16 == 5 && websocket.payload.text == \"xxxxx\""));
	/* three frames in a segment: the last one's Info */
	n = ws_frame(b, 1, true, 0, false, 0, "one", 3);
	n += ws_frame(b + n, 1, true, 0, false, 0, "two", 3);
	n += ws_frame(b + n, 9, true, 0, false, 0, "", 0);
	tcp_conn_send(k, false, b, n, n);
	g_assert_cmpstr(k->stack, ==, TEXT ":websocket:data-text-lines:websocket");
	g_assert_cmpstr(k->cols, ==, "WebSocket|WebSocket Ping [FIN] ");
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.text == \"two\""));
	/* a frame over two segments, shown in the second */
	static const char lines[] = "line1\nline2\nline3 goes on and on and on and on and on and on";
	n = ws_frame(b, 1, true, 0, true, 0, lines, sizeof lines - 1);
	tcp_conn_send(k, true, b, 20, 20);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	g_assert_true(g_str_has_suffix(k->cols, " [TCP segment of a reassembled PDU]"));
	tcp_conn_send(k, true, b + 20, n - 20, n - 20);
	g_assert_cmpstr(k->stack, ==, TEXT ":tcp.segments");
	g_assert_cmpstr(k->cols, ==, "WebSocket|WebSocket Text [FIN] [MASKED]");
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.text contains \"line3 goes on\""));
	/* a frame completed from segments, then a whole one: TCP fences the
	 * first one's Info */
	n = ws_frame(b, 1, true, 0, true, 0, "x", 1);
	tcp_conn_send(k, true, b, 3, 3);
	n += ws_frame(b + n, 2, true, 0, true, 0, "yy", 2);
	tcp_conn_send(k, true, b + 3, n - 3, n - 3);
	g_assert_cmpstr(k->stack, ==, TEXT ":tcp.segments:websocket:data");
	g_assert_cmpstr(k->cols, ==, "WebSocket|WebSocket Text [FIN] [MASKED]WebSocket Binary [FIN] [MASKED]");
	/* a header cut after its first byte */
	n = ws_frame(b, 2, true, 0, false, 0, x, 130);
	tcp_conn_send(k, false, b, 1, 1);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	tcp_conn_send(k, false, b + 1, n - 1, n - 1);
	g_assert_cmpstr(k->stack, ==, WS ":data:tcp.segments");
	g_assert_cmpstr(k->cols, ==, "WebSocket|WebSocket Binary [FIN] ");
	g_assert_true(tcp_conn_keeps(k, "websocket.payload_length_ext_16 == 130"));
	/* a payload the capture cut: the exception at its first byte */
	n = ws_frame(b, 1, true, 0, true, 0, x, 100);
	tcp_conn_send(k, true, b, n, 30);
	g_assert_cmpstr(k->stack, ==, WS);
	g_assert_cmpstr(k->cols, ==, "WebSocket|WebSocket Text [FIN] [MASKED][Packet size limited during capture]");
	g_assert_true(tcp_conn_keeps(k, "websocket.masked_payload && websocket.masking_key == 37:fa:21:3d"));
	g_assert_false(tcp_conn_keeps(k, "websocket.payload || websocket.payload.text"));
	n = ws_frame(b, 8, true, 0, false, 0, "\x03\xe8" "a long reason", 15);
	tcp_conn_send(k, false, b, n, 6);
	g_assert_cmpstr(k->cols, ==, "WebSocket|WebSocket Connection Close [FIN] [Packet size limited during capture]");
	g_assert_false(tcp_conn_keeps(k, "websocket.payload.close.status_code"));
	tcp_conn_free(k);
}

static void test_fragments(void)
{
	struct tcp_conn *k = upgraded(80, "");
	send_frame(k, true, 1, false, "Hel", WS, "WebSocket|WebSocket Text[FRAGMENT]  [MASKED]");
	g_assert_false(tcp_conn_keeps(k, "websocket.payload.text || websocket.fin == 1"));
	/* a control frame between fragments */
	send_frame(k, false, 9, true, "", WS, "WebSocket|WebSocket Ping [FIN] ");
	send_frame(k, true, 0, false, "lo ", WS ":websocket.payload.continue",
		   "WebSocket|WebSocket Continuation[FRAGMENT]  [MASKED]");
	send_frame(k, true, 0, true, "world", WS ":websocket.fragments:data-text-lines",
		   "WebSocket|WebSocket Continuation [FIN] [MASKED]");
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.text == \"Hello world\" && websocket.fragment.count == 3"));
	g_assert_true(tcp_conn_keeps(k, "websocket.reassembled.length == 11 && websocket.fragments"));
	/* both directions at once; a binary message */
	send_frame(k, true, 1, false, "ab", WS, "WebSocket|WebSocket Text[FRAGMENT]  [MASKED]");
	send_frame(k, false, 2, false, "cd", WS, "WebSocket|WebSocket Binary[FRAGMENT]  ");
	send_frame(k, true, 0, true, "ef", WS ":websocket.fragments:data-text-lines",
		   "WebSocket|WebSocket Continuation [FIN] [MASKED]");
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.text == \"abef\" && websocket.fragment.count == 2"));
	send_frame(k, false, 0, true, "gh", WS ":websocket.fragments:data", "WebSocket|WebSocket Continuation [FIN] ");
	g_assert_false(tcp_conn_keeps(k, "websocket.payload.text"));
	/* a last fragment whose first was not seen: read as the last message
	 * begun that way was, without reassembly */
	send_frame(k, false, 0, true, "zz", WS ":data", "WebSocket|WebSocket Continuation [FIN] ");
	g_assert_false(tcp_conn_keeps(k, "websocket.fragments"));
	tcp_conn_free(k);
}

/* The N bytes at D compressed as permessage-deflate sends them (one raw
 * deflate stream Z, each message flushed, its last 4 bytes left off) into
 * OUT; their length. */
static uint32_t deflated(z_stream *z, const char *d, uint8_t *out, uint32_t cap)
{
	z->next_in = (Bytef *)(uintptr_t)d;
	z->avail_in = (uInt)strlen(d);
	z->next_out = out;
	z->avail_out = cap;
	g_assert_cmpint(deflate(z, Z_SYNC_FLUSH), ==, Z_OK);
	uint32_t n = cap - z->avail_out;
	g_assert_cmpmem(out + n - 4, 4, "\x00\x00\xff\xff", 4);
	return n - 4;
}

static void test_deflate(void)
{
	struct tcp_conn *k = upgraded(80, "Sec-WebSocket-Extensions: permessage-deflate\r\n");
	z_stream server = {0}, client = {0};
	g_assert_cmpint(deflateInit2(&server, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), ==, Z_OK);
	g_assert_cmpint(deflateInit2(&client, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), ==, Z_OK);
	uint8_t c[256], b[300];
	uint32_t m = deflated(&server, "hello hello hello", c, sizeof c);
	uint32_t n = ws_frame(b, 1, true, 4, false, 0, c, m);
	tcp_conn_send(k, false, b, n, n);
	g_assert_cmpstr(k->stack, ==, TEXT);
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.text == \"hello hello hello\" && websocket.pmc"));
	/* the same stream goes on */
	m = deflated(&server, "hello hello hello again", c, sizeof c);
	n = ws_frame(b, 1, true, 4, false, 0, c, m);
	tcp_conn_send(k, false, b, n, n);
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.text == \"hello hello hello again\""));
	m = deflated(&client, "client says hi", c, sizeof c);
	n = ws_frame(b, 1, true, 4, true, 0, c, m);
	tcp_conn_send(k, true, b, n, n);
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.text == \"client says hi\""));
	/* bytes that do not inflate; a frame not compressed */
	n = ws_frame(b, 1, true, 4, false, 0, "\xff\xfe\xfd", 3);
	tcp_conn_send(k, false, b, n, n);
	g_assert_cmpstr(k->stack, ==, WS);
	g_assert_cmpstr(conn_experts(k), ==, "WebSocket: Decompression failed");
	g_assert_false(tcp_conn_keeps(k, "websocket.payload.text"));
	send_frame(k, false, 1, true, "plain", TEXT, "WebSocket|WebSocket Text [FIN] ");
	g_assert_true(tcp_conn_keeps(k, "websocket.payload.text == \"plain\" && websocket.pmc == 0"));
	deflateEnd(&server);
	deflateEnd(&client);
	tcp_conn_free(k);
}

static void test_upgrade(void)
{
	/* the answer and a first frame in one segment */
	struct tcp_conn *k = tcp_conn_new(40002, 8080);
	tcp_conn_say(k, true, REQUEST "\r\n", "raw:ip:tcp:http", "HTTP|GET /chat HTTP/1.1 ");
	uint8_t b[512];
	uint32_t n = (uint32_t)strlen(ANSWER "\r\n");
	memcpy(b, ANSWER "\r\n", n);
	n += ws_frame(b + n, 2, true, 0, false, 0, "\x20\x02\x00\x00", 4);
	tcp_conn_send(k, false, b, n, n);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:http:websocket:data");
	g_assert_cmpstr(k->cols, ==, "WebSocket|HTTP/1.1 101 Switching Protocols WebSocket Binary [FIN] ");
	tcp_conn_free(k);
	/* an upgrade asked, refused */
	k = tcp_conn_new(40003, 80);
	tcp_conn_say(k, true, REQUEST "\r\n", "raw:ip:tcp:http", "HTTP|GET /chat HTTP/1.1 ");
	tcp_conn_say(k, false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "raw:ip:tcp:http", "HTTP|HTTP/1.1 200 OK ");
	n = ws_frame(b, 1, true, 0, true, 0, "Hello", 5);
	tcp_conn_send(k, true, b, n, n);
	g_assert_cmpstr(k->cols, ==, "HTTP|Continuation");
	tcp_conn_free(k);
	/* 101 without "Upgrade: websocket" */
	k = tcp_conn_new(40004, 80);
	tcp_conn_say(k, true, REQUEST "\r\n", "raw:ip:tcp:http", "HTTP|GET /chat HTTP/1.1 ");
	tcp_conn_say(k, false, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n", "raw:ip:tcp:http",
		     "HTTP|HTTP/1.1 101 Switching Protocols ");
	n = ws_frame(b, 1, true, 0, false, 0, "Hello", 5);
	tcp_conn_send(k, false, b, n, n);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:http:data");
	tcp_conn_free(k);
	/* HTTP found by its heuristic, on another port; an answer's upgrade
	 * alone is enough */
	k = tcp_conn_new(40005, 9000);
	tcp_conn_say(k, true, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "raw:ip:tcp:http", "HTTP|GET / HTTP/1.1 ");
	tcp_conn_say(k, false, ANSWER "\r\n", "raw:ip:tcp:http", "HTTP|HTTP/1.1 101 Switching Protocols ");
	send_frame(k, true, 1, true, "Hello", TEXT, "WebSocket|WebSocket Text [FIN] [MASKED]");
	tcp_conn_free(k);
}

/* A TLS ClientHello record (TLS 1.2, one cipher suite, no extensions). */
static uint32_t client_hello(uint8_t *b)
{
	static const uint8_t head[] = {0x16, 3, 1, 0, 45, 1, 0, 0, 41, 3, 3};
	memcpy(b, head, sizeof head);
	memset(b + 11, 0x11, 32);
	static const uint8_t tail[] = {0, 0, 2, 0, 0x2f, 1, 0};
	memcpy(b + 43, tail, sizeof tail);
	return 50;
}

static void test_connect(void)
{
	/* through a proxy on 3128 to port 443: TLS both ways after the 200 */
	struct tcp_conn *k = tcp_conn_new(40031, 3128);
	tcp_conn_say(k, true, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", "raw:ip:tcp:http",
		     "HTTP|CONNECT example.com:443 HTTP/1.1 ");
	tcp_conn_say(k, false, "HTTP/1.1 200 Connection established\r\n\r\n", "raw:ip:tcp:http",
		     "HTTP|HTTP/1.1 200 Connection established ");
	uint8_t b[64];
	uint32_t n = client_hello(b);
	tcp_conn_send(k, true, b, n, n);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:tls");
	g_assert_cmpstr(k->cols, ==, "TLSv1|Client Hello");
	tcp_conn_free(k);
	/* refused (a body of its own), asked again, accepted */
	k = tcp_conn_new(40033, 8080);
	tcp_conn_say(k, true, "CONNECT example.com:443 HTTP/1.1\r\n\r\n", "raw:ip:tcp:http",
		     "HTTP|CONNECT example.com:443 HTTP/1.1 ");
	tcp_conn_say(k, false, "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 5\r\n\r\nnope!",
		     "raw:ip:tcp:http:data", "HTTP|HTTP/1.1 407 Proxy Authentication Required ");
	tcp_conn_send(k, true, b, n, n);
	g_assert_cmpstr(k->cols, ==, "HTTP|Continuation");
	tcp_conn_say(k, true, "CONNECT example.com:443 HTTP/1.1\r\n\r\n", "raw:ip:tcp:http",
		     "HTTP|CONNECT example.com:443 HTTP/1.1 ");
	tcp_conn_say(k, false, "HTTP/1.1 200 OK\r\n\r\n", "raw:ip:tcp:http", "HTTP|HTTP/1.1 200 OK ");
	tcp_conn_send(k, true, b, n, n);
	g_assert_cmpstr(k->cols, ==, "TLSv1|Client Hello");
	tcp_conn_free(k);
	/* a port no dissector reads: data */
	k = tcp_conn_new(40034, 3128);
	tcp_conn_say(k, true, "CONNECT [2001:db8::1]:4999 HTTP/1.1\r\n\r\n", "raw:ip:tcp:http",
		     "HTTP|CONNECT [2001:db8::1]:4999 HTTP/1.1 ");
	tcp_conn_say(k, false, "HTTP/1.1 200 OK\r\n\r\n", "raw:ip:tcp:http", "HTTP|HTTP/1.1 200 OK ");
	tcp_conn_say(k, true, "hello\r\n", "raw:ip:tcp:data", "TCP|40034 → 3128 [PSH, ACK] Seq=1039 Ack=0 Win=4096 Len=7");
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cols-upgrade/frames", test_frames);
	g_test_add_func("/cols-upgrade/lengths", test_lengths);
	g_test_add_func("/cols-upgrade/fragments", test_fragments);
	g_test_add_func("/cols-upgrade/deflate", test_deflate);
	g_test_add_func("/cols-upgrade/upgrade", test_upgrade);
	g_test_add_func("/cols-upgrade/connect", test_connect);
	return g_test_run();
}
