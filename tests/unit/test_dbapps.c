/* Unit tests of database and service protocols on their usual ports (TDS,
 * ...): connections built here segment by segment, each segment's layers
 * and its Protocol and Info columns as tshark 4.0 shows the same bytes,
 * fields through display filters, messages split over segments and several
 * in one segment. */
#include <glib.h>
#include <string.h>

#include "analyzer/filter/filter.h"
#include "frame_build.h"
#include "tcp_conn_test.h"

/* Whether display filter TEXT keeps the last segment of K. */
static bool keeps(struct tcp_conn *k, const char *text)
{
	GError *err = NULL;
	g_autoptr(dfilter) f = dfilter_compile(text, &err);
	if (!f)
		g_error("'%s': %s", text, err->message);
	return dfilter_match(f, &k->p);
}

/* Sends HEX from the client (TO_SERVER) or the server and checks the
 * segment's layers and its "PROTOCOL|INFO". */
static void sends(struct tcp_conn *k, bool to_server, const char *hex, const char *stack, const char *cols)
{
	tcp_conn_send_hex(k, to_server, hex);
	g_assert_cmpstr(k->stack, ==, stack);
	g_assert_cmpstr(k->cols, ==, cols);
}

/* A TDS packet of TYPE, STATUS and number PN around BODY (N bytes) into
 * OUT; returns its length. */
static uint32_t tds_packet(uint8_t *out, uint8_t type, uint8_t status, uint8_t pn, const uint8_t *body, uint32_t n)
{
	uint32_t len = 8 + n;
	const uint8_t h[8] = {type, status, (uint8_t)(len >> 8), (uint8_t)len, 0, 0, pn, 0};
	memcpy(out, h, 8);
	if (n)
		memcpy(out + 8, body, n);
	return len;
}

/* TEXT as UTF-16LE into OUT; returns its length. */
static uint32_t utf16le(uint8_t *out, const char *text)
{
	uint32_t n = 0;
	for (; *text; text++) {
		out[n++] = (uint8_t)*text;
		out[n++] = 0;
	}
	return n;
}

#define TDS_STACK "raw:ip:tcp:tds"

/* TDS: pre-login both ways, the TLS handshake inside a pre-login packet, a
 * SQL batch with TDS 7.2's headers, two packets in one segment, one over
 * two segments, a message of two packets, a bare TLS record, a length
 * shorter than the header. */
static void test_tds(void)
{
	struct tcp_conn *k = tcp_conn_new(50000, 1433);
	/* pre-login: version and encryption options */
	sends(k, true, "1201001a0000010000000b00060100110001ff0e000fa0000000", TDS_STACK, "TDS|TDS7 pre-login message");
	g_assert_true(keeps(k, "tds.type == 18 && tds.status == 0x01 && tds.length == 26"));
	g_assert_true(keeps(k, "tds.channel == 0 && tds.packet_number == 1 && tds.window == 0"));
	sends(k, false, "0401001a0000010000000b00060100110001ff0e000fa0000000", TDS_STACK, "TDS|Response");
	g_assert_true(keeps(k, "tds.type == 4"));
	/* a ClientHello inside a pre-login packet: TLS's columns, tls in the
	 * frame but no node of the hierarchy */
	sends(k, true,
	      "1201003a00000000160301002d010000290303000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	      "000002002f0100",
	      "raw:ip:tcp:tds:tls", "TLSv1|Client Hello");
	g_assert_true(keeps(k, "tds.type == 18 && tds.length == 58 && tds.packet_number == 0"));
	g_assert_true(keeps(k, "tls.handshake.type == 1"));
	g_assert_true(k->p.layers[k->p.nlayers - 1].flags & PKT_NESTED);
	/* a SQL batch after the headers of TDS 7.2 (a transaction descriptor) */
	sends(k, true,
	      "0101002e0007010016000000120000000200000000000000000001000000730065006c0065006300740020003100",
	      TDS_STACK, "TDS|SQL batch");
	g_assert_true(keeps(k, "tds.query == \"select 1\" && tds.channel == 7"));
	sends(k, false, "0401001500000100fd1000c1000100000000000000", TDS_STACK, "TDS|Response");
	g_assert_false(keeps(k, "tds.query"));
	/* two packets in one segment: their types joined with "," */
	sends(k, true, "0101000c00000100610062000601000800000100", "raw:ip:tcp:tds:tds", "TDS|SQL batch,Attention");
	g_assert_true(keeps(k, "tds.query == \"ab\" && tds.type == 6"));
	/* a batch of 208 bytes over two segments, an Attention after it */
	uint8_t body[200], seg[300];
	for (int i = 0; i < 100; i++)
		body[2 * i] = 'x', body[2 * i + 1] = 0;
	uint32_t n = tds_packet(seg, 1, 1, 1, body, sizeof body);
	n += tds_packet(seg + n, 6, 1, 1, NULL, 0);
	tcp_conn_send(k, true, seg, 50, 50);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	g_assert_cmpstr(k->cols, ==, "TCP|50000 → 1433 [PSH, ACK] Seq=1150 Ack=0 Win=4096 Len=50 [TCP segment of a reassembled PDU]");
	tcp_conn_send(k, true, seg + 50, n - 50, n - 50);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:tds:tcp.segments:tds");
	g_assert_cmpstr(k->cols, ==, "TDS|SQL batch,Attention");
	g_assert_true(keeps(k, "tds.length == 208 && tds.query contains \"xxxx\""));
	/* a message of two packets: the first's body is data, the second
	 * completes it */
	uint8_t q[8];
	uint32_t qn = utf16le(q, "ab");
	n = tds_packet(seg, 1, 0, 1, q, qn);
	tcp_conn_send(k, true, seg, n, n);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:tds:data");
	g_assert_cmpstr(k->cols, ==, "TDS|SQL batch (Not last buffer)");
	g_assert_true(keeps(k, "tds.status == 0x00 && tds.packet_number == 1"));
	n = tds_packet(seg, 1, 1, 2, q, qn);
	tcp_conn_send(k, true, seg, n, n);
	g_assert_cmpstr(k->stack, ==, TDS_STACK);
	g_assert_cmpstr(k->cols, ==, "TDS|SQL batch");
	/* a last packet numbered 3 whose message did not start: data */
	n = tds_packet(seg, 4, 1, 3, q, qn);
	tcp_conn_send(k, true, seg, n, n);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:tds:data");
	g_assert_cmpstr(k->cols, ==, "TDS|Response");
	/* a bare TLS record: TDS adds no item, the connection stays TDS's */
	sends(k, false, "170303000568656c6c6f", "raw:ip:tcp:tds:tls", "TLSv1.2|Application Data");
	g_assert_false(keeps(k, "tds"));
	g_assert_true(keeps(k, "tls"));
	sends(k, false, "0401000800000100", TDS_STACK, "TDS|Response");
	/* a length shorter than the header: malformed, TCP's columns */
	sends(k, true, "0101000400000100", TDS_STACK,
	      "TCP|50000 → 1433 [PSH, ACK] Seq=1402 Ack=0 Win=4096 Len=8[Malformed Packet]");
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/dbapps/tds", test_tds);
	return g_test_run();
}
