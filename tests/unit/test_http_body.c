/* test_http_body.c — what HTTP does with a message's body: which layers it
 * hands the body to, whether they are nodes of the hierarchy, and the
 * media type Info names, on messages built here. */
#include <glib.h>
#include <string.h>
#include <zlib.h>

#include "tcp_conn_test.h"

/* The N bytes at IN gzip-compressed into OUT (CAP bytes); returns the
 * compressed length. */
static uint32_t gzip_bytes(const void *in, uint32_t n, uint8_t *out, uint32_t cap)
{
	z_stream z = {0};
	g_assert_cmpint(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), ==,
			Z_OK);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = n;
	z.next_out = out;
	z.avail_out = cap;
	g_assert_cmpint(deflate(&z, Z_FINISH), ==, Z_STREAM_END);
	uint32_t len = (uint32_t)z.total_out;
	deflateEnd(&z);
	return len;
}

/* A response whose header says TYPE and gzip, with BODY (N bytes) as its
 * body, sent whole from the server of K. */
static void send_gzipped(struct tcp_conn *k, const char *type, const uint8_t *body, uint32_t n)
{
	uint8_t msg[1024];
	int h = g_snprintf((char *)msg, sizeof msg,
			   "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: %s\r\nContent-Length: %u\r\n\r\n",
			   type, n);
	g_assert_cmpuint((uint32_t)h + n, <=, sizeof msg);
	memcpy(msg + h, body, n);
	tcp_conn_send(k, false, msg, (uint32_t)h + n, (uint32_t)h + n);
}

/* A gzip body that decodes to no byte has nothing to hand on: no media
 * layer, and so no "(text/html)" in Info; one that decodes to text goes
 * to the text's dissector, named in Info. */
static void test_gzip_empty(void)
{
	struct tcp_conn *k = tcp_conn_new(40100, 80);
	tcp_conn_say(k, true, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "raw:ip:tcp:http", "HTTP|GET / HTTP/1.1 ");
	uint8_t z[256];
	uint32_t n = gzip_bytes("", 0, z, sizeof z);
	send_gzipped(k, "text/html; charset=UTF-8", z, n);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:http");
	g_assert_cmpstr(k->cols, ==, "HTTP|HTTP/1.1 200 OK ");
	tcp_conn_say(k, true, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "raw:ip:tcp:http", "HTTP|GET / HTTP/1.1 ");
	n = gzip_bytes("<p>hi</p>\n", 10, z, sizeof z);
	send_gzipped(k, "text/html; charset=UTF-8", z, n);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:http:data-text-lines");
	g_assert_cmpstr(k->cols, ==, "HTTP|HTTP/1.1 200 OK  (text/html)");
	tcp_conn_free(k);
}

/* A response with TYPE and the text BODY, sent whole from the server of
 * K after a request. */
static void send_typed(struct tcp_conn *k, const char *type, const char *body)
{
	char msg[1024];
	tcp_conn_say(k, true, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "raw:ip:tcp:http", "HTTP|GET / HTTP/1.1 ");
	int n = g_snprintf(msg, sizeof msg, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n%s", type,
			   strlen(body), body);
	tcp_conn_send(k, false, (const uint8_t *)msg, (uint32_t)n, (uint32_t)n);
}

/* Line-based text that opens with an XML declaration is handed to XML
 * before the text shows anything: no "(text/html)" in Info, no match for
 * a filter on the text's protocol; shorter text stays text. */
static void test_text_xml(void)
{
	struct tcp_conn *k = tcp_conn_new(40101, 80);
	send_typed(k, "text/html", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a/>\n");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:http:data-text-lines:xml");
	g_assert_cmpstr(k->cols, ==, "HTTP/XML|HTTP/1.1 200 OK ");
	g_assert_false(tcp_conn_keeps(k, "data-text-lines"));
	g_assert_true(tcp_conn_keeps(k, "xml && http"));
	/* 38 bytes are too few to be XML */
	send_typed(k, "text/html", "<?xml version=\"1.0\"?><a>0123456789</a>");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:http:data-text-lines");
	g_assert_cmpstr(k->cols, ==, "HTTP|HTTP/1.1 200 OK  (text/html)");
	g_assert_true(tcp_conn_keeps(k, "data-text-lines"));
	tcp_conn_free(k);
}

/* A continuation whose last line runs to the segment's end without a
 * colon, after a header line: the reader looked past the bytes, a
 * malformed packet (its note in Info); cut by the capture, a short one. */
static void test_continuation_unended(void)
{
	struct tcp_conn *k = tcp_conn_new(40102, 80);
	tcp_conn_say(k, true, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "raw:ip:tcp:http", "HTTP|GET / HTTP/1.1 ");
	static const uint8_t cont[] = "W=\x89\x9d:s/t\r<\x1f\x00M\t%";
	tcp_conn_send(k, false, cont, sizeof cont - 1, sizeof cont - 1);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:http:_ws.malformed");
	g_assert_cmpstr(k->cols, ==, "HTTP|Continuation[Malformed Packet]");
	g_assert_true(tcp_conn_keeps(k, "_ws.malformed && http"));
	tcp_conn_send(k, false, cont, sizeof cont - 1, sizeof cont - 3);
	g_assert_cmpstr(k->cols, ==, "HTTP|Continuation[Packet size limited during capture]");
	/* ended by a line end: the bytes after the header line are data */
	tcp_conn_say(k, false, "a: b\r\nxyz\r\n", "raw:ip:tcp:http:data", "HTTP|Continuation");
	g_assert_true(k->p.layers[k->p.nlayers - 1].flags & PKT_NESTED);
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/http-body/gzip-empty", test_gzip_empty);
	g_test_add_func("/http-body/text-xml", test_text_xml);
	g_test_add_func("/http-body/continuation-unended", test_continuation_unended);
	return g_test_run();
}
