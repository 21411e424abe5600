/* Unit tests of application protocols whose messages are framed over TCP
 * or sent one to a datagram (MQTT, ...): connections built here segment by
 * segment, each segment's layers and its Protocol and Info columns as
 * tshark 4.0 shows the same bytes, fields through display filters,
 * messages split over segments and several in one segment. */
#include <glib.h>
#include <string.h>

#include "analyzer/filter/filter.h"
#include "frame_build.h"
#include "tcp_conn_test.h"

/* The last segment's frame.protocols. */
static const char *protocols(struct tcp_conn *k)
{
	static char buf[256];
	return frame_protocols(&k->p, buf, sizeof buf);
}

/* Sends HEX from the client (TO_SERVER) or the server and checks the
 * segment's layers and columns. */
static void send_check(struct tcp_conn *k, bool to_server, const char *hex, const char *stack, const char *cols)
{
	tcp_conn_send_hex(k, to_server, hex);
	g_assert_cmpstr(k->stack, ==, stack);
	g_assert_cmpstr(k->cols, ==, cols);
}

#define MQTT_STACK "raw:ip:tcp:mqtt"

/* MQTT 3.1.1: each message type's name, ids and topics; three messages in
 * one segment; one split over two segments. */
static void test_mqtt(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 1883);
	/* CONNECT "MQTT" level 4, clean session, keep-alive 60, client "abc" */
	send_check(k, true, "100f00044d5154540402003c0003616263", MQTT_STACK, "MQTT|Connect Command");
	g_assert_true(tcp_conn_keeps(k, "mqtt.ver == 4 && mqtt.protoname == \"MQTT\" && mqtt.kalive == 60"));
	g_assert_true(tcp_conn_keeps(k, "mqtt.clientid == \"abc\" && mqtt.conflag.cleansess && mqtt.conflag.uname == 0"));
	g_assert_true(tcp_conn_keeps(k, "mqtt.msgtype == 1 && mqtt.len == 15"));
	send_check(k, false, "20020000", MQTT_STACK, "MQTT|Connect Ack");
	g_assert_true(tcp_conn_keeps(k, "mqtt.conack.val == 0 && !mqtt.connack.reason_code"));
	send_check(k, true, "820a00010005612f622f6300", MQTT_STACK, "MQTT|Subscribe Request (id=1) [a/b/c]");
	g_assert_true(tcp_conn_keeps(k, "mqtt.msgid == 1 && mqtt.topic == \"a/b/c\" && mqtt.sub.qos == 0"));
	send_check(k, false, "9003000100", MQTT_STACK, "MQTT|Subscribe Ack (id=1)");
	send_check(k, true, "300c0005746f70696368656c6c6f", MQTT_STACK, "MQTT|Publish Message [topic]");
	g_assert_true(tcp_conn_keeps(k, "mqtt.topic == \"topic\" && mqtt.msg == 68:65:6c:6c:6f && mqtt.qos == 0"));
	g_assert_false(tcp_conn_keeps(k, "mqtt.msgid"));
	send_check(k, true, "320b0005746f70696300076869", MQTT_STACK, "MQTT|Publish Message (id=7) [topic]");
	g_assert_true(tcp_conn_keeps(k, "mqtt.qos == 1 && mqtt.msgid == 7 && mqtt.msg == 68:69"));
	send_check(k, false, "40020007", MQTT_STACK, "MQTT|Publish Ack (id=7)");
	/* three messages in one segment: nested, their Info joined */
	send_check(k, true, "c000300400017478c000", "raw:ip:tcp:mqtt:mqtt:mqtt",
		   "MQTT|Ping Request, Publish Message [t], Ping Request");
	send_check(k, false, "d000", MQTT_STACK, "MQTT|Ping Response");
	/* a PUBLISH of 214 bytes (a 2-byte remaining length) over two segments,
	 * a PINGREQ after it in the second */
	uint8_t big[220];
	memcpy(big, "\x30\xd3\x01\x00\x09" "big/topic", 14);
	for (int i = 0; i < 200; i++)
		big[14 + i] = (uint8_t)i;
	big[214] = 0xc0, big[215] = 0x00;
	tcp_conn_send(k, true, big, 100, 100);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	g_assert_cmpstr(k->cols, ==, "TCP|[TCP segment of a reassembled PDU]");
	tcp_conn_send(k, true, big + 100, 116, 116);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:mqtt:tcp.segments:mqtt");
	g_assert_cmpstr(k->cols, ==, "MQTT|Publish Message [big/topic], Ping Request");
	g_assert_true(tcp_conn_keeps(k, "mqtt.len == 211 && mqtt.topic == \"big/topic\""));
	send_check(k, true, "a20900020005612f622f63", MQTT_STACK, "MQTT|Unsubscribe Request (id=2)");
	send_check(k, false, "b0020002", MQTT_STACK, "MQTT|Unsubscribe Ack (id=2)");
	send_check(k, true, "62020009", MQTT_STACK, "MQTT|Publish Release (id=9)");
	send_check(k, false, "70020009", MQTT_STACK, "MQTT|Publish Complete (id=9)");
	send_check(k, true, "e000", MQTT_STACK, "MQTT|Disconnect Req");
	/* a topic running past its message: the type, then the exception */
	send_check(k, true, "3003000961", MQTT_STACK, "MQTT|Publish Message[Malformed Packet]");
	g_assert_false(tcp_conn_keeps(k, "mqtt.topic"));
	tcp_conn_free(k);
}

/* MQTT 5.0: the version its CONNECT named makes the connection's messages
 * carry properties; a topic alias stands for the topic an earlier PUBLISH
 * gave it.  Without the CONNECT the same bytes read as 3.1.1's. */
static void test_mqtt5(void)
{
	struct tcp_conn *k = tcp_conn_new(40001, 1883);
	/* CONNECT level 5, session expiry interval 10, client "c5" */
	send_check(k, true, "101400044d5154540502003c05110000000a00026335", MQTT_STACK, "MQTT|Connect Command");
	g_assert_true(tcp_conn_keeps(k, "mqtt.ver == 5 && mqtt.property_len == 5 && mqtt.property_id == 0x11"));
	g_assert_true(tcp_conn_keeps(k, "mqtt.clientid == \"c5\""));
	/* CONNACK with a topic alias maximum of 10 */
	send_check(k, false, "200600000322000a", MQTT_STACK, "MQTT|Connect Ack");
	g_assert_true(tcp_conn_keeps(k, "mqtt.connack.reason_code == 0 && mqtt.property_id == 0x22 && !mqtt.conack.val"));
	/* SUBSCRIBE id 2, a subscription identifier, "x/y" with options 1 */
	send_check(k, true, "820b0002020b010003782f7901", MQTT_STACK, "MQTT|Subscribe Request (id=2) [x/y]");
	g_assert_true(tcp_conn_keeps(k, "mqtt.subscription_options == 1 && !mqtt.sub.qos"));
	/* PUBLISH "x/y" giving it alias 1, then one naming only the alias */
	send_check(k, true, "320f0003782f7900030323000164617461", MQTT_STACK, "MQTT|Publish Message (id=3) [x/y]");
	g_assert_true(tcp_conn_keeps(k, "mqtt.property.topic_alias == 1 && mqtt.msg == \"data\""));
	send_check(k, true, "300a0000032300016d6f7265", MQTT_STACK, "MQTT|Publish Message [x/y]");
	g_assert_true(tcp_conn_keeps(k, "mqtt.topic == \"x/y\" && mqtt.topic_len == 0 && mqtt.msg == \"more\""));
	send_check(k, false, "e00100", MQTT_STACK, "MQTT|Disconnect Req");
	g_assert_true(tcp_conn_keeps(k, "mqtt.disconnect.reason_code == 0"));
	tcp_conn_free(k);

	/* no CONNECT seen: a SUBSCRIBE is read without properties */
	k = tcp_conn_new(40002, 1883);
	send_check(k, true, "820c0004000171000003722f7301", MQTT_STACK, "MQTT|Subscribe Request (id=4) [q] [r/s]");
	tcp_conn_free(k);
}

#define PG_STACK "raw:ip:tcp:pgsql"

/* PostgreSQL: the SSL request and its answer, the startup message, each
 * side's messages (their type letters after ">" or "<"), several in one
 * segment, one over two segments, a length below the shortest message. */
static void test_pgsql(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 5432);
	send_check(k, true, "0000000804d2162f", PG_STACK, "PGSQL|>");
	g_assert_true(tcp_conn_keeps(k, "pgsql.type == \"SSL request\" && pgsql.length == 8 && pgsql.frontend == 1"));
	/* the answer: named in the columns, in no list of protocols */
	send_check(k, false, "4e", PG_STACK, "PGSQL|<");
	g_assert_cmpstr(protocols(k), ==, "raw:ip:tcp");
	g_assert_false(tcp_conn_keeps(k, "pgsql"));
	send_check(k, true, "00000023000300007573657200706f7374677265730064617461626173650064620000", PG_STACK,
		   "PGSQL|>");
	g_assert_true(tcp_conn_keeps(k, "pgsql.type == \"Startup message\" && pgsql.version_major == 3"));
	g_assert_true(tcp_conn_keeps(k, "pgsql.parameter_name == \"database\" && pgsql.parameter_value == \"db\""));
	send_check(k, false, "520000000c0000000573616c74", PG_STACK, "PGSQL|<R");
	g_assert_true(tcp_conn_keeps(k, "pgsql.authtype == 5 && pgsql.salt == 73:61:6c:74 && pgsql.frontend == 0"));
	send_check(k, true, "700000000e6d643561626364656600", PG_STACK, "PGSQL|>p");
	g_assert_true(tcp_conn_keeps(k, "pgsql.password == \"md5abcdef\""));
	send_check(k, false,
		   "5200000008000000005300000019636c69656e745f656e636f64696e670055544638004b0000000c000004d2"
		   "0000162e5a0000000549",
		   "raw:ip:tcp:pgsql:pgsql:pgsql:pgsql", "PGSQL|<R/S/K/Z");
	g_assert_true(tcp_conn_keeps(k, "pgsql.pid == 1234 && pgsql.key == 5678 && pgsql.status == 73"));
	g_assert_true(tcp_conn_keeps(k, "pgsql.type == \"Backend key data\" && pgsql.parameter_value == \"UTF8\""));
	send_check(k, true, "510000000e73656c65637420313b00", PG_STACK, "PGSQL|>Q");
	g_assert_true(tcp_conn_keeps(k, "pgsql.query == \"select 1;\" && pgsql.type == \"Simple query\""));
	send_check(k, false,
		   "540000002100013f636f6c756d6e3f00000000000000000000170004ffffffff0000440000000b0001000000"
		   "0131430000000d53454c4543542031005a0000000549",
		   "raw:ip:tcp:pgsql:pgsql:pgsql:pgsql", "PGSQL|<T/D/C/Z");
	g_assert_true(tcp_conn_keeps(k, "pgsql.tag == \"SELECT 1\""));
	/* a query of 314 bytes over two segments */
	uint8_t q[320] = {'Q', 0, 0, 0x01, 0x39};
	memcpy(q + 5, "select ", 7);
	memset(q + 12, 'x', 300);
	q[312] = ';', q[313] = 0;
	tcp_conn_send(k, true, q, 100, 100);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	g_assert_cmpstr(k->cols, ==, "TCP|> [TCP segment of a reassembled PDU]");
	tcp_conn_send(k, true, q + 100, 214, 214);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:pgsql:tcp.segments");
	g_assert_cmpstr(k->cols, ==, "PGSQL|>Q");
	g_assert_true(tcp_conn_keeps(k, "pgsql.length == 313"));
	send_check(k, false, "4500000021534552524f5200433432363031004d73796e746178206572726f7200005a0000000549",
		   "raw:ip:tcp:pgsql:pgsql", "PGSQL|<E/Z");
	g_assert_true(tcp_conn_keeps(k, "pgsql.severity == \"ERROR\" && pgsql.code == \"42601\""));
	g_assert_true(tcp_conn_keeps(k, "pgsql.message == \"syntax error\""));
	/* a message type of 0 in the middle: only its separator */
	send_check(k, true, "5100000006610000000009000300000051000000066200", "raw:ip:tcp:pgsql:pgsql:pgsql",
		   "PGSQL|>Q//Q");
	/* a length below the shortest message: malformed in TCP, no node */
	send_check(k, false, "5a0000000249", PG_STACK, "PGSQL|<[Malformed Packet]");
	g_assert_cmpstr(protocols(k), ==, "raw:ip:tcp:pgsql");
	g_assert_false(tcp_conn_keeps(k, "pgsql"));
	tcp_conn_free(k);
}

/* Lengths of 2^31 or more: the next segment starts afresh, as Wireshark's
 * sequence comparisons place it outside the message; a query string
 * without its NUL is malformed; after the answer 'S', TLS. */
static void test_pgsql_edges(void)
{
	struct tcp_conn *k = tcp_conn_new(40001, 5432);
	send_check(k, true, "8b90b68f3800112233", "raw:ip:tcp", "TCP|> [TCP segment of a reassembled PDU]");
	send_check(k, true, "44c44e434900112233", "raw:ip:tcp", "TCP|> [TCP segment of a reassembled PDU]");
	/* under 2^31: what follows is part of it */
	send_check(k, false, "87685dc95500112233", "raw:ip:tcp", "TCP|< [TCP segment of a reassembled PDU]");
	tcp_conn_send_hex(k, false, "5a0000000549");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	g_assert_true(g_str_has_suffix(k->cols, "Len=6 [TCP segment of a reassembled PDU]"));
	tcp_conn_free(k);

	k = tcp_conn_new(40002, 5432);
	send_check(k, true, "51000000066162", PG_STACK, "PGSQL|>Q[Malformed Packet]");
	g_assert_false(tcp_conn_keeps(k, "pgsql.query"));
	tcp_conn_free(k);

	k = tcp_conn_new(40003, 5432);
	send_check(k, true, "0000000804d2162f", PG_STACK, "PGSQL|>");
	send_check(k, false, "53", PG_STACK, "PGSQL|<");
	g_assert_cmpstr(protocols(k), ==, "raw:ip:tcp");
	tcp_conn_send_hex(k, true, "160301002d010000290303000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d"
				   "1e1f000002002f0100");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:tls");
	g_assert_cmpstr(k->cols, ==, "TLSv1|Client Hello");
	tcp_conn_free(k);
}

/* A CoAP conversation over UDP, 10.0.0.1:40000 and 10.0.0.2:5683, each
 * datagram dissected in one session. */
struct coap_conv {
	struct dissect_session *s;
	struct built b;
	struct frame f;
	struct packet p;
	uint64_t number;
	char cols[512];
};

/* Sends HEX from the client (TO_SERVER) or the server; returns its
 * "PROTOCOL|INFO". */
static const char *coap_send(struct coap_conv *k, bool to_server, const char *hex)
{
	uint8_t d[1500];
	build_udp(&k->b, to_server ? 40000 : 5683, to_server ? 5683 : 40000, d, unhex(d, hex));
	if (!to_server) {
		uint8_t a[4];
		memcpy(a, k->b.b + 26, 4);
		memcpy(k->b.b + 26, k->b.b + 30, 4);
		memcpy(k->b.b + 30, a, 4);
	}
	k->f = (struct frame){.number = ++k->number, .caplen = k->b.n, .len = k->b.n,
			      .linktype = LINKTYPE_ETHERNET, .data = k->b.b};
	dissect_frame_in(&k->p, &k->f, k->s, false);
	struct columns c = {.info = g_string_new(NULL)};
	columns_fill(&c, &k->p);
	g_snprintf(k->cols, sizeof k->cols, "%s|%s", c.proto, c.info->str);
	g_string_free(c.info, TRUE);
	return k->cols;
}

static bool coap_keeps(struct coap_conv *k, const char *text)
{
	GError *err = NULL;
	g_autoptr(dfilter) f = dfilter_compile(text, &err);
	if (!f)
		g_error("'%s': %s", text, err->message);
	return dfilter_match(f, &k->p);
}

/* CoAP: type, message id, code, token, block and URI; a response names its
 * request's URI by the token; the payload by its Content-Format; options
 * that do not fit, a token or header cut short. */
static void test_coap(void)
{
	struct coap_conv *k = g_new0(struct coap_conv, 1);
	k->s = dissect_session_new();
	char stack[256];
	/* CON GET, token ab, Uri-Path "sensors" "temp" */
	g_assert_cmpstr(coap_send(k, true, "41011234abb773656e736f72730474656d70"), ==,
			"CoAP|CON, MID:4660, GET, TKN:ab, /sensors/temp");
	g_assert_cmpstr(layer_stack(&k->p, stack, sizeof stack), ==, "eth:ip:udp:coap");
	g_assert_true(coap_keeps(k, "coap.type == 0 && coap.code == 1 && coap.mid == 4660 && coap.token == ab"));
	g_assert_true(coap_keeps(k, "coap.opt.uri_path == \"temp\" && coap.token_len == 1 && coap.version == 1"));
	/* its response: text/plain, the request's URI */
	g_assert_cmpstr(coap_send(k, false, "61451234abc0ff32322e35"), ==,
			"CoAP|ACK, MID:4660, 2.05 Content (text/plain), TKN:ab, /sensors/temp");
	g_assert_cmpstr(layer_stack(&k->p, stack, sizeof stack), ==, "eth:ip:udp:coap:data-text-lines");
	g_assert_true(coap_keeps(k, "coap.opt.ctype == \"text/plain; charset=utf-8\""));
	/* JSON, by token (another message id) */
	g_assert_cmpstr(coap_send(k, false, "51450099abc132ff7b7d"), ==,
			"CoAP/JSON|NON, MID:153, 2.05 Content, JavaScript Object Notation (application/json), "
			"TKN:ab, /sensors/temp");
	/* no Content-Format: data; a token no request sent */
	g_assert_cmpstr(coap_send(k, false, "61450010eeff7878"), ==, "CoAP|ACK, MID:16, 2.05 Content, TKN:ee");
	g_assert_cmpstr(layer_stack(&k->p, stack, sizeof stack), ==, "eth:ip:udp:coap:data");
	/* NON POST, two-byte token, path and query; host, port; IPv6 host */
	g_assert_cmpstr(coap_send(k, true, "520200010102b16143783d31"), ==, "CoAP|NON, MID:1, POST, TKN:01 02, /a?x=1");
	g_assert_cmpstr(coap_send(k, true, "42010010abcd396c6f63616c686f737442163343666f6f4178"), ==,
			"CoAP|CON, MID:16, GET, TKN:ab cd, coap://localhost:5683/foo?x");
	g_assert_true(coap_keeps(k, "coap.opt.uri_host == \"localhost\" && coap.opt.uri_port == 5683"));
	g_assert_cmpstr(coap_send(k, true, "410100150139666538303a3a313a32"), ==,
			"CoAP|CON, MID:21, GET, TKN:01, coap://[fe80::1:2]");
	g_assert_cmpstr(coap_send(k, false, "70000001"), ==, "CoAP|RST, MID:1, Empty Message");
	g_assert_cmpstr(coap_send(k, false, "60840007"), ==, "CoAP|ACK, MID:7, 4.04 Not Found");
	g_assert_cmpstr(coap_send(k, true, "41ff001201"), ==, "CoAP|CON, MID:18, Unknown 255, TKN:01");
	/* Block2 number 2 (an extended delta), an empty Uri-Path */
	g_assert_cmpstr(coap_send(k, true, "4101001701d10a22"), ==, "CoAP|CON, MID:23, GET, TKN:01, Block #2");
	g_assert_true(coap_keeps(k, "coap.opt.block_number == 2"));
	g_assert_cmpstr(coap_send(k, true, "4101001601b0"), ==, "CoAP|CON, MID:22, GET, TKN:01, /");
	/* options that do not fit: no token, no URI, no exception */
	g_assert_cmpstr(coap_send(k, true, "41010002aab96162"), ==, "CoAP|CON, MID:2, GET");
	g_assert_cmpstr(coap_send(k, true, "4101001801f0"), ==, "CoAP|CON, MID:24, GET");
	/* a token or header cut short: malformed */
	g_assert_cmpstr(coap_send(k, true, "49010001"), ==, "CoAP|CON, MID:1, GET[Malformed Packet]");
	g_assert_cmpstr(coap_send(k, true, "41"), ==, "CoAP|[Malformed Packet]");
	dissect_session_free(k->s);
	g_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/appmsgs/mqtt", test_mqtt);
	g_test_add_func("/appmsgs/mqtt5", test_mqtt5);
	g_test_add_func("/appmsgs/pgsql", test_pgsql);
	g_test_add_func("/appmsgs/pgsql-edges", test_pgsql_edges);
	g_test_add_func("/appmsgs/coap", test_coap);
	return g_test_run();
}
