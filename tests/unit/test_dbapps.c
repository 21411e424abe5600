/* Unit tests of database and service protocols on their usual ports (TDS,
 * Memcache, AMQP, MongoDB's port, OpenVPN): connections built here segment by segment, each segment's layers
 * and its Protocol and Info columns as tshark 4.0 shows the same bytes,
 * fields through display filters, messages split over segments and several
 * in one segment. */
#include <glib.h>
#include <string.h>

#include "analyzer/filter/filter.h"
#include "frame_build.h"
#include "tcp_conn_test.h"

/* Whether display filter TEXT keeps P. */
static bool matches(const struct packet *p, const char *text)
{
	GError *err = NULL;
	g_autoptr(dfilter) f = dfilter_compile(text, &err);
	if (!f)
		g_error("'%s': %s", text, err->message);
	return dfilter_match(f, p);
}

/* Whether display filter TEXT keeps the last segment of K. */
static bool keeps(struct tcp_conn *k, const char *text)
{
	return matches(&k->p, text);
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

/* TEXT as hex into OUT (room for N digits). */
static const char *hex_of(const char *text, char *out, size_t n)
{
	size_t k = 0;
	for (; *text && k + 2 < n; text++, k += 2)
		g_snprintf(out + k, 3, "%02x", (uint8_t)*text);
	out[k] = 0;
	return out;
}

/* Sends TEXT as SENDS does. */
static void sends_text(struct tcp_conn *k, bool to_server, const char *text, const char *stack, const char *cols)
{
	char hex[2 * TCP_CONN_MAX_PAYLOAD + 1];
	sends(k, to_server, hex_of(text, hex, sizeof hex), stack, cols);
}

#define MC_STACK "raw:ip:tcp:memcache"

/* Memcache over TCP, text: each command's line as the Info; a data block
 * read by the size its line gives; a line split over two segments; a data
 * block running into the next segment; several messages in a segment
 * read as the first. */
static void test_memcache_text(void)
{
	struct tcp_conn *k = tcp_conn_new(50002, 11211);
	sends_text(k, true, "get foo\r\n", MC_STACK, "MEMCACHE|get foo ");
	g_assert_true(keeps(k, "memcache.command == \"get\" && memcache.key == \"foo\""));
	sends_text(k, false, "VALUE foo 5 3\r\nbar\r\nEND\r\n", MC_STACK, "MEMCACHE|VALUE foo 5 3 ");
	g_assert_true(keeps(k, "memcache.key == \"foo\" && memcache.flags == 5 && memcache.value.length == 3"));
	g_assert_true(keeps(k, "memcache.value == \"bar\""));
	sends_text(k, true, "set foo 1 60 3 noreply\r\nbar\r\n", MC_STACK, "MEMCACHE|set foo 1 60 3 noreply ");
	g_assert_true(keeps(k, "memcache.expiration == 60 && memcache.noreply == \"noreply\" && memcache.value == \"bar\""));
	sends_text(k, false, "STORED\r\n", MC_STACK, "MEMCACHE|STORED ");
	g_assert_true(keeps(k, "memcache.response == \"STORED\""));
	sends_text(k, true, "gets a b\r\n", MC_STACK, "MEMCACHE|gets a b ");
	g_assert_true(keeps(k, "memcache.key == \"a\" && memcache.key == \"b\""));
	/* a VALUE line with a CAS word: Wireshark stops before the block */
	sends_text(k, false, "VALUE a 0 1 99\r\nx\r\nEND\r\n", MC_STACK, "MEMCACHE|VALUE a 0 1 99 ");
	g_assert_true(keeps(k, "memcache.cas == 99 && !memcache.value"));
	sends_text(k, true, "incr n 5\r\n", MC_STACK, "MEMCACHE|incr n 5 ");
	g_assert_true(keeps(k, "memcache.key == \"n\" && memcache.value == \"5\""));
	sends_text(k, false, "6\r\n", MC_STACK, "MEMCACHE|MEMCACHE Continuation");
	sends_text(k, true, "stats items\r\n", MC_STACK, "MEMCACHE|stats items ");
	g_assert_true(keeps(k, "memcache.subcommand == \"items\""));
	sends_text(k, false, "STAT items:1:number 5\r\nSTAT pid 7\r\nEND\r\n", MC_STACK,
		   "MEMCACHE|STAT items:1:number 5 ");
	g_assert_true(keeps(k, "memcache.name == \"number\" && memcache.name_value == \"7\""));
	sends_text(k, false, "VERSION 1.6.9\r\n", MC_STACK, "MEMCACHE|VERSION 1.6.9 ");
	g_assert_true(keeps(k, "memcache.version == \"1.6.9\""));
	/* two commands in one segment: the first's line, its fields only */
	sends_text(k, true, "get foo\r\nget bar\r\n", MC_STACK, "MEMCACHE|get foo ");
	g_assert_false(keeps(k, "memcache.key == \"bar\""));
	/* a line over two segments */
	sends_text(k, true, "get fo", "raw:ip:tcp",
		   "TCP|50002 → 11211 [PSH, ACK] Seq=1089 Ack=0 Win=4096 Len=6 [TCP segment of a reassembled PDU]");
	sends_text(k, true, "o\r\n", "raw:ip:tcp:memcache:tcp.segments", "MEMCACHE|get foo ");
	/* a data block running into the next segment, a command after it */
	sends_text(k, true, "set k 0 0 10\r\n01234", "raw:ip:tcp",
		   "TCP|50002 → 11211 [PSH, ACK] Seq=1098 Ack=0 Win=4096 Len=19 [TCP segment of a reassembled PDU]");
	sends_text(k, true, "56789\r\nget k\r\n", "raw:ip:tcp:memcache:tcp.segments:memcache",
		   "MEMCACHE|set k 0 0 10 get k ");
	g_assert_true(keeps(k, "memcache.value == \"0123456789\" && memcache.command == \"get\""));
	/* no word Wireshark knows; a storage command whose size is no number:
	 * nothing shown */
	sends_text(k, true, "verbosity 1\r\n", MC_STACK, "MEMCACHE|MEMCACHE Continuation");
	sends_text(k, true, "set k 0 0 x\r\nab\r\n", "raw:ip:tcp",
		   "TCP|50002 → 11211 [PSH, ACK] Seq=1144 Ack=0 Win=4096 Len=17");
	tcp_conn_free(k);
}

/* Memcache over TCP, binary: the opcode and magic as the Info, an error
 * status after them, the header's fields, two messages in a segment (the
 * Info the last one's). */
static void test_memcache_binary(void)
{
	struct tcp_conn *k = tcp_conn_new(50004, 11211);
	sends(k, true, "800000030000000000000003000012340000000000000000666f6f", MC_STACK, "MEMCACHE|Get Request");
	g_assert_true(keeps(k, "memcache.magic == 128 && memcache.opcode == 0 && memcache.key.length == 3"));
	g_assert_true(keeps(k, "memcache.key == \"foo\" && memcache.opaque == 4660 && memcache.reserved == 0"));
	sends(k, false, "810000000400000000000007000012340000000000000001deadbeef626172", MC_STACK,
	      "MEMCACHE|Get Response");
	g_assert_true(keeps(k, "memcache.extras.flags == 0xdeadbeef && memcache.value == \"bar\" && memcache.cas == 1"));
	g_assert_true(keeps(k, "memcache.status == 0 && memcache.value.length == 3 && memcache.total_body_length == 7"));
	sends(k, false, "8100000000000001000000090000123400000000000000004e6f7420666f756e64", MC_STACK,
	      "MEMCACHE|Get Response (Key not found)");
	g_assert_true(keeps(k, "memcache.status == 1 && memcache.value == \"Not found\""));
	/* a set with flags and expiration; an increment's 64-bit answer */
	sends(k, true, "80010003080000000000000e0000000100000000000000000000000a0000003c666f6f626172", MC_STACK,
	      "MEMCACHE|Set Request");
	g_assert_true(keeps(k, "memcache.extras.flags == 0x0a && memcache.extras.expiration == 60"));
	sends(k, false, "81050000000000000000000800000001000000000000000000000000000000ff", MC_STACK,
	      "MEMCACHE|Increment Response");
	g_assert_true(keeps(k, "memcache.extras.response == 255"));
	sends(k, true, "800000030000000000000003000012340000000000000000666f6f800a00000000000000000000000000000000000000000000",
	      "raw:ip:tcp:memcache:memcache", "MEMCACHE|No-op Request");
	tcp_conn_free(k);
}

/* Memcache over UDP: a datagram is one message; the frame header of the
 * protocol's UDP form is no command Wireshark 4.0 knows. */
static void test_memcache_udp(void)
{
	static const struct {
		const char *hex, *cols;
	} cases[] = {
		{"676574206b0d0a", "MEMCACHE|get k "},
		{"0001000000010000676574206b0d0a", "MEMCACHE|MEMCACHE Continuation"},
		{"736574206b2030203020350d0a6162", "MEMCACHE|set k 0 0 5 "},
		{"8000", "MEMCACHE|Get Request[Malformed Packet]"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct built f;
		uint8_t d[64];
		char cols[256], stack[128];
		build_udp(&f, 50005, 11211, d, unhex(d, cases[i].hex));
		g_assert_cmpstr(cols_of(&f, cols, sizeof cols), ==, cases[i].cols);
		struct packet p;
		struct frame fr;
		run_frame(&p, &fr, f.b, f.n, f.n, LINKTYPE_ETHERNET);
		g_assert_cmpstr(layer_stack(&p, stack, sizeof stack), ==, "eth:ip:udp:memcache");
	}
}

#define AMQP_STACK "raw:ip:tcp:amqp"

/* AMQP 0-9-1 (RabbitMQ): the protocol header, which names no version
 * Wireshark knows (the segment only says so), then frames, the first of
 * which decides 0-9: each method's name and the exchange, queue, routing
 * key or reply text it names; several frames in one segment joined; one
 * over two segments; arguments running past their frame. */
static void test_amqp(void)
{
	struct tcp_conn *k = tcp_conn_new(50006, 5672);
	sends(k, true, "414d515000000901", AMQP_STACK, "AMQP|AMQP (unknown version)");
	g_assert_false(keeps(k, "amqp"));
	char protocols[256];
	g_assert_cmpstr(frame_protocols(&k->p, protocols, sizeof protocols), ==, "raw:ip:tcp");
	sends(k, false,
	      "01000000000025000a000a0009000000000000000e504c41494e20414d51504c41494e00000005656e5f5553ce",
	      AMQP_STACK, "AMQP|Connection.Start ");
	g_assert_true(keeps(k, "amqp.type == 1 && amqp.channel == 0 && amqp.length == 37"));
	g_assert_true(keeps(k, "amqp.method.class == 10 && amqp.method.method == 10"));
	sends(k, true,
	      "01000000000024000a000b0000000005504c41494e0000000c00677565737400677565737405656e5f5553ce",
	      AMQP_STACK, "AMQP|Connection.Start-Ok ");
	sends(k, false,
	      "0100000000000c000a001e07ff00020000003cce",
	      AMQP_STACK, "AMQP|Connection.Tune ");
	sends(k, true,
	      "0100000000000c000a001f07ff00020000003cce01000000000008000a0028012f0000ce",
	      "raw:ip:tcp:amqp:amqp", "AMQP|Connection.Tune-Ok Connection.Open vhost=/ ");
	g_assert_true(keeps(k, "amqp.method.arguments.virtual_host == \"/\" && amqp.method.method == 31"));
	sends(k, false,
	      "01000000000005000a002900ce",
	      AMQP_STACK, "AMQP|Connection.Open-Ok ");
	sends(k, true,
	      "010001000000050014000a00ce",
	      AMQP_STACK, "AMQP|Channel.Open ");
	sends(k, false,
	      "010001000000080014000b00000000ce",
	      AMQP_STACK, "AMQP|Channel.Open-Ok ");
	sends(k, true,
	      "0100010000000d003c0028000002657802726b00ce0200010000000e003c000000000000000000050000ce0300010000000568656c6c6fce",
	      "raw:ip:tcp:amqp:amqp:amqp", "AMQP|Basic.Publish x=ex rk=rk Content-Header Content-Body ");
	g_assert_true(keeps(k, "amqp.method.arguments.exchange == \"ex\" && amqp.method.arguments.routing_key == \"rk\""));
	g_assert_true(keeps(k, "amqp.header.body-size == 5 && amqp.type == 3 && amqp.channel == 1"));
	/* a content header whose first property, the content type, is there */
	sends(k, true, "0200010000001f003c00000000000000000005800010" "6170706c69636174696f6e2f6a736f6e" "ce",
	      AMQP_STACK, "AMQP|Content-Header type=application/json ");
	sends(k, false,
	      "01000100000018003c003c046374616700000000000000010002657802726bce",
	      AMQP_STACK, "AMQP|Basic.Deliver x=ex rk=rk ");
	g_assert_true(keeps(k, "amqp.method.arguments.delivery_tag == 1 && amqp.method.arguments.consumer_tag == \"ctag\""));
	sends(k, false,
	      "08000000000000ce",
	      AMQP_STACK, "AMQP|Heartbeat ");
	sends(k, true,
	      "0100010000000d0032000a000001710000000000ce",
	      AMQP_STACK, "AMQP|Queue.Declare q=q ");
	g_assert_true(keeps(k, "amqp.method.arguments.queue == \"q\""));
	/* a Basic.Publish of 118 bytes over two segments */
	uint8_t pub[118] = {1, 0, 1, 0, 0, 0, 110, 0, 60, 0, 40, 0, 0, 100};
	memset(pub + 14, 'x', 100);
	memcpy(pub + 114, "\x01y\x00\xce", 4);
	tcp_conn_send(k, true, pub, 50, 50);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	g_assert_cmpstr(k->cols, ==, "TCP|[TCP segment of a reassembled PDU]");
	tcp_conn_send(k, true, pub + 50, 68, 68);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:amqp:tcp.segments");
	g_assert_true(g_str_has_prefix(k->cols, "AMQP|Basic.Publish x=xxxx"));
	g_assert_true(g_str_has_suffix(k->cols, "xxxx rk=y "));
	g_assert_true(keeps(k, "amqp.length == 110 && amqp.method.arguments.routing_key == \"y\""));
	sends(k, true,
	      "0100000000000e000a003200c80362796500000000ce",
	      AMQP_STACK, "AMQP|Connection.Close reply=bye ");
	g_assert_true(keeps(k, "amqp.method.arguments.reply_code == 200 && amqp.method.arguments.reply_text == \"bye\""));
	sends(k, true,
	      "0100010000000d003c0050000000000000000700ce",
	      AMQP_STACK, "AMQP|Basic.Ack ");
	g_assert_true(keeps(k, "amqp.method.arguments.delivery_tag == 7"));
	sends(k, true,
	      "0100010000000400630001ce",
	      AMQP_STACK, "AMQP|");
	g_assert_true(keeps(k, "amqp.method.class == 99 && !amqp.method.method"));
	sends(k, true,
	      "01000100000004003c0063ce",
	      AMQP_STACK, "AMQP|Basic.Unknown (99) ");
	/* an exchange name running past its frame: malformed */
	sends(k, true, "01000100000009003c00280000c86162ce", AMQP_STACK, "AMQP|Basic.Publish [Malformed Packet]");
	tcp_conn_free(k);
}

/* AMQP 1.0 (the header names it) and 0-10: the header, 1.0's
 * performatives. */
static void test_amqp_versions(void)
{
	struct tcp_conn *k = tcp_conn_new(50008, 5672);
	sends(k, true, "414d515000010000", AMQP_STACK, "AMQP|Protocol-Header 1-0-0 ");
	sends(k, false, "414d515000010000", AMQP_STACK, "AMQP|Protocol-Header 1-0-0 ");
	sends(k, true, "0000000c0200000000531045", AMQP_STACK, "AMQP|open ");
	g_assert_true(keeps(k, "amqp.length == 12 && amqp.type == 0 && amqp.channel == 0"));
	sends(k, true, "0000000c0200000000531145", AMQP_STACK, "AMQP|begin ");
	tcp_conn_free(k);
	k = tcp_conn_new(50009, 5672);
	sends(k, true, "414d51500101000a", AMQP_STACK, "AMQP|Protocol-Header 0-10 ");
	tcp_conn_free(k);
}


/* MongoDB's port: Wireshark 4.0 gives TCP 27017 to TLS alone (its Mongo
 * dissector is reached only inside TLS there), so an OP_QUERY in clear
 * is TLS continuation data. */
static void test_mongo_port(void)
{
	struct tcp_conn *k = tcp_conn_new(50001, 27017);
	sends(k, true,
	      "3200000001000000000000d4070000000000007465737424636d640000000000ffffffff0c0000001061000100000000",
	      "raw:ip:tcp:tls", "SSL|Continuation Data");
	tcp_conn_free(k);
}

/* A UDP conversation 10.0.0.1:CPORT <-> 10.0.0.2:SPORT dissected in one
 * session, datagram by datagram. */
struct udp_conv {
	struct dissect_session *s;
	uint16_t cport, sport;
	struct built b;
	struct frame f;
	struct packet p;
	uint64_t number;
	char cols[1024], stack[256];
};

/* Sends HEX from the client (TO_SERVER) or the server; returns its
 * "PROTOCOL|INFO" (and fills the layer stack). */
static const char *udp_send(struct udp_conv *k, bool to_server, const char *hex)
{
	uint8_t d[1500];
	build_udp(&k->b, to_server ? k->cport : k->sport, to_server ? k->sport : k->cport, d, unhex(d, hex));
	if (!to_server) {
		put32(k->b.b + 26, 0x0a000002);
		put32(k->b.b + 30, 0x0a000001);
	}
	k->f = (struct frame){.number = ++k->number, .caplen = k->b.n, .len = k->b.n,
			      .linktype = LINKTYPE_ETHERNET, .data = k->b.b};
	conn_dissect(k->s, &k->f, &k->p, k->stack, sizeof k->stack, k->cols, sizeof k->cols);
	return k->cols;
}

static bool udp_keeps(struct udp_conv *k, const char *text)
{
	return matches(&k->p, text);
}

/* OpenVPN over UDP: each opcode's name, the header's fields (tls-auth's
 * HMAC found as Wireshark guesses it), a ClientHello whole in a control
 * packet handed to TLS, a TLS record over two control packets (nothing of
 * it shown; the record after it is TLS's), a packet too short for its
 * header. */
static void test_openvpn_udp(void)
{
	struct udp_conv *k = g_new0(struct udp_conv, 1);
	k->s = dissect_session_new();
	k->cport = 50011, k->sport = 1194;
	g_assert_cmpstr(udp_send(k, true, "3811223344556677880000000000"), ==,
			"OpenVPN|MessageType: P_CONTROL_HARD_RESET_CLIENT_V2");
	g_assert_cmpstr(k->stack, ==, "eth:ip:udp:openvpn");
	g_assert_true(udp_keeps(k, "openvpn.opcode == 7 && openvpn.keyid == 0 && openvpn.mpid == 0"));
	g_assert_true(udp_keeps(k, "openvpn.sessionid == 1234605616436508552 && openvpn.mpidarraylength == 0"));
	g_assert_false(udp_keeps(k, "openvpn.hmac"));
	g_assert_cmpstr(udp_send(k, false, "4099aabbccddeeff000100000000112233445566778800000000"), ==,
			"OpenVPN|MessageType: P_CONTROL_HARD_RESET_SERVER_V2");
	g_assert_true(udp_keeps(k, "openvpn.mpidarrayelement == 0 && openvpn.rsessionid == 1234605616436508552"));
	g_assert_cmpstr(udp_send(k, true, "281122334455667788010000000099aabbccddeeff00"), ==,
			"OpenVPN|MessageType: P_ACK_V1");
	g_assert_false(udp_keeps(k, "openvpn.mpid"));
	g_assert_cmpstr(udp_send(k, true,
				 "2011223344556677880000000001160301002d010000290303000000000000000000000000000000000000"
				 "0000000000000000000000000000000002002f0100"),
			==, "TLSv1|Client Hello");
	g_assert_cmpstr(k->stack, ==, "eth:ip:udp:openvpn:tls");
	g_assert_true(udp_keeps(k, "openvpn.mpid == 1 && tls.handshake.type == 1"));
	g_assert_cmpstr(udp_send(k, true, "48000001a99e798c47ecbdaa93c294ca8fd3a73f6ff3c759"), ==,
			"OpenVPN|MessageType: P_DATA_V2");
	g_assert_true(udp_keeps(k, "openvpn.peerid == 1 && openvpn.data"));
	g_assert_cmpstr(udp_send(k, true, "31dcbf4bd1a76d32032192b6e841c8dad4e3b3faed"), ==,
			"OpenVPN|MessageType: P_DATA_V1");
	g_assert_true(udp_keeps(k, "openvpn.keyid == 1 && !openvpn.sessionid"));
	/* a record of 132 bytes in two control packets, then one whole */
	g_assert_cmpstr(udp_send(k, true,
				 "2011223344556677880000000001160301007f0100007b030300000000000000000000000000000000000000"
				 "00000000000000000000000000000002002f01000050ff01004c000000000000000000000000000000000000"
				 "0000000000000000000000000000000000000000000000000000"),
			==, "OpenVPN|MessageType: P_CONTROL_V1");
	g_assert_cmpstr(k->stack, ==, "eth:ip:udp:openvpn");
	udp_send(k, true, "20112233445566778800000000020000000000000000000000000000000000000000000000000000000000000000");
	g_assert_cmpstr(udp_send(k, true, "201122334455667788000000000317030300026869"), ==,
			"TLSv1.2|Application Data");
	/* tls-auth: an HMAC, a replay id and time before the ack count */
	g_assert_cmpstr(udp_send(k, true,
				 "3811223344556677880102030405060708090a0b0c0d0e0f1011121314000000015f0000000000000000"),
			==, "OpenVPN|MessageType: P_CONTROL_HARD_RESET_CLIENT_V2");
	g_assert_true(udp_keeps(k, "openvpn.hmac == 01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13:14"));
	g_assert_true(udp_keeps(k, "openvpn.pid == 1 && openvpn.mpid == 0"));
	g_assert_cmpstr(udp_send(k, true, "ff"), ==, "OpenVPN|MessageType: Unknown Messagetype[Malformed Packet]");
	dissect_session_free(k->s);
	g_free(k);
}

/* OpenVPN over TCP: the length before each packet; an ack and a control
 * packet in one segment (the Info the last one's, TLS's); a packet over two
 * segments. */
static void test_openvpn_tcp(void)
{
	struct tcp_conn *k = tcp_conn_new(50014, 1194);
	sends(k, true, "000e3811223344556677880000000000", "raw:ip:tcp:openvpn",
	      "OpenVPN|MessageType: P_CONTROL_HARD_RESET_CLIENT_V2");
	g_assert_true(keeps(k, "openvpn.plen == 14 && openvpn.opcode == 7"));
	sends(k, true,
	      "0016281122334455667788010000000099aabbccddeeff0000402011223344556677880000000001160301002d01000029"
	      "03030000000000000000000000000000000000000000000000000000000000000000000002002f0100",
	      "raw:ip:tcp:openvpn:openvpn:tls", "TLSv1|Client Hello");
	tcp_conn_send_hex(k, true, "0018480000");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	sends(k, true, "01a99e798c47ecbdaa93c294ca8fd3a73f6ff3c759", "raw:ip:tcp:openvpn:tcp.segments",
	      "OpenVPN|MessageType: P_DATA_V2");
	g_assert_true(keeps(k, "openvpn.plen == 24 && openvpn.peerid == 1"));
	tcp_conn_free(k);
}
int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/dbapps/tds", test_tds);
	g_test_add_func("/dbapps/memcache-text", test_memcache_text);
	g_test_add_func("/dbapps/memcache-binary", test_memcache_binary);
	g_test_add_func("/dbapps/memcache-udp", test_memcache_udp);
	g_test_add_func("/dbapps/amqp", test_amqp);
	g_test_add_func("/dbapps/amqp-versions", test_amqp_versions);
	g_test_add_func("/dbapps/mongo-port", test_mongo_port);
	g_test_add_func("/dbapps/openvpn-udp", test_openvpn_udp);
	g_test_add_func("/dbapps/openvpn-tcp", test_openvpn_tcp);
	return g_test_run();
}
