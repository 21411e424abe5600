/* Unit tests of service protocols on their registered TCP ports (Kafka,
 * TACACS+, Oracle TNS, and the small ones: Git, rsync, AJP13, rsh):
 * connections built here segment by segment, each segment's layers and
 * its Protocol and Info columns as tshark 4.0 shows the same bytes, fields
 * through display filters, expert items, messages split over segments and
 * several in one segment. */
#include <glib.h>
#include <string.h>

#include "dissect/expert.h"
#include "tcp_conn_test.h"

/* Sends HEX from the client (TO_SERVER) or the server and checks the
 * segment's layers and its "PROTOCOL|INFO". */
static void sends(struct tcp_conn *k, bool to_server, const char *hex, const char *stack, const char *cols)
{
	tcp_conn_send_hex(k, to_server, hex);
	g_assert_cmpstr(k->stack, ==, stack);
	g_assert_cmpstr(k->cols, ==, cols);
}

/* The same for N bytes at D. */
static void sends_bytes(struct tcp_conn *k, bool to_server, const uint8_t *d, uint32_t n, const char *stack,
			const char *cols)
{
	tcp_conn_send(k, to_server, d, n, n);
	g_assert_cmpstr(k->stack, ==, stack);
	g_assert_cmpstr(k->cols, ==, cols);
}

static void add_expert(const struct expert_item *it, void *data)
{
	GString *s = data;
	g_string_append_printf(s, "%s%s/%s/%s/%s", s->len ? ";" : "", expert_severity_name(it->severity),
			       expert_group_name(it->group), it->protocol, it->summary);
}

/* The expert items of the last segment of K: "Warning/Undecoded/Kafka/...;...". */
static char *experts_of(struct tcp_conn *k)
{
	GString *s = g_string_new(NULL);
	experts_fill(&k->p, add_expert, s);
	return g_string_free(s, FALSE);
}

static void expert_is(struct tcp_conn *k, const char *want)
{
	g_autofree char *got = experts_of(k);
	g_assert_cmpstr(got, ==, want);
}

static void put16(uint8_t *d, uint32_t v)
{
	d[0] = (uint8_t)(v >> 8), d[1] = (uint8_t)v;
}

static void put32(uint8_t *d, uint32_t v)
{
	put16(d, v >> 16), put16(d + 2, v);
}

/* A Kafka request of KEY, VERSION, correlation id CORR, client id CLIENT
 * (NULL: the null string) and BODY (N bytes) into OUT; returns its length. */
static uint32_t kafka_request(uint8_t *out, int16_t key, int16_t version, int32_t corr, const char *client,
			      const uint8_t *body, uint32_t n)
{
	uint32_t cl = client ? (uint32_t)strlen(client) : 0, len = 2 + 2 + 4 + 2 + cl + n;
	put32(out, len);
	put16(out + 4, (uint16_t)key);
	put16(out + 6, (uint16_t)version);
	put32(out + 8, (uint32_t)corr);
	put16(out + 12, client ? cl : 0xffff);
	memcpy(out + 14, client ? client : "", cl);
	if (n)
		memcpy(out + 14 + cl, body, n);
	return 4 + len;
}

/* A Kafka response to correlation id CORR with N bytes of body (zeros). */
static uint32_t kafka_response(uint8_t *out, int32_t corr, uint32_t n)
{
	put32(out, 4 + n);
	put32(out + 4, (uint32_t)corr);
	memset(out + 8, 0, n);
	return 8 + n;
}

#define KAFKA_STACK "raw:ip:tcp:kafka"

/* Kafka: a request and its response matched by correlation id, responses
 * in another order than their requests, two messages in one segment (the
 * last one's Info), one over two segments, an unknown API and an
 * unsupported version, a response with no request, a Produce request
 * that wants no acknowledgement, lengths too short and negative. */
static void test_kafka(void)
{
	struct tcp_conn *k = tcp_conn_new(50002, 9092);
	uint8_t m[600];
	const uint8_t null_topics[4] = {0xff, 0xff, 0xff, 0xff};
	uint32_t n = kafka_request(m, 3, 1, 1, "rdkafka", null_topics, 4);
	sends_bytes(k, true, m, n, KAFKA_STACK, "Kafka|Kafka Metadata v1 Request");
	g_assert_true(tcp_conn_keeps(k, "kafka.len == 21 && kafka.api_key == 3 && kafka.request_key == 3"));
	g_assert_true(tcp_conn_keeps(k, "kafka.api_version == 1 && kafka.request.version == 1"));
	g_assert_true(tcp_conn_keeps(k, "kafka.correlation_id == 1 && kafka.client_id == \"rdkafka\""));
	g_assert_false(tcp_conn_keeps(k, "kafka.response_key || kafka.request_frame"));
	expert_is(k, "");
	n = kafka_response(m, 1, 12);
	sends_bytes(k, false, m, n, KAFKA_STACK, "Kafka|Kafka Metadata v1 Response");
	g_assert_true(tcp_conn_keeps(k, "kafka.len == 16 && kafka.correlation_id == 1 && kafka.request_frame == 1"));
	g_assert_true(tcp_conn_keeps(k, "kafka.api_key == 3 && kafka.response_key == 3 && kafka.response.version == 1"));
	g_assert_false(tcp_conn_keeps(k, "kafka.api_version || kafka.request_key || kafka.client_id"));
	/* two requests in one segment: the last one's Info */
	const uint8_t no_topics[4] = {0}, group[3] = {0, 1, 'g'};
	n = kafka_request(m, 3, 0, 11, "c", no_topics, 4);
	n += kafka_request(m + n, 10, 0, 12, "c", group, 3);
	sends_bytes(k, true, m, n, "raw:ip:tcp:kafka:kafka", "Kafka|Kafka FindCoordinator v0 Request");
	g_assert_true(tcp_conn_keeps(k, "kafka.correlation_id == 11 && kafka.correlation_id == 12"));
	/* their responses the other way round, then 11 answered again */
	n = kafka_response(m, 12, 12);
	sends_bytes(k, false, m, n, KAFKA_STACK, "Kafka|Kafka FindCoordinator v0 Response");
	g_assert_true(tcp_conn_keeps(k, "kafka.request_frame == 3"));
	n = kafka_response(m, 11, 8);
	n += kafka_response(m + n, 1, 8);
	sends_bytes(k, false, m, n, "raw:ip:tcp:kafka:kafka", "Kafka|Kafka Metadata v1 Response");
	g_assert_true(tcp_conn_keeps(k, "kafka.response_key == 3 && kafka.response.version == 0"));
	/* a response to no request */
	n = kafka_response(m, 99, 2);
	sends_bytes(k, false, m, n, KAFKA_STACK, "Kafka|Kafka Response (Undecoded, Request Missing)");
	expert_is(k, "Warning/Undecoded/Kafka/Request missing");
	g_assert_false(tcp_conn_keeps(k, "kafka.api_key"));
	/* an API Wireshark 4.0 does not know, and a version it does not read */
	n = kafka_request(m, 48, 0, 4, "x", NULL, 0);
	sends_bytes(k, true, m, n, KAFKA_STACK, "Kafka|Kafka Unknown 48 v0 Request [Unknown API key]");
	expert_is(k, "Warning/Undecoded/Kafka/Unknown 48 API key");
	n = kafka_response(m, 4, 0);
	sends_bytes(k, false, m, n, KAFKA_STACK, "Kafka|Kafka Unknown 48 v0 Response [Unknown API key]");
	n = kafka_request(m, 3, 10, 5, "x", NULL, 0);
	sends_bytes(k, true, m, n, KAFKA_STACK, "Kafka|Kafka Metadata v10 Request [Unsupported API version]");
	expert_is(k, "Warning/Undecoded/Kafka/Unsupported Metadata version. Supports v0-9.");
	n = kafka_request(m, 27, 1, 6, "x", NULL, 0);
	sends_bytes(k, true, m, n, KAFKA_STACK, "Kafka|Kafka WriteTxnMarkers v1 Request [Unsupported API version]");
	expert_is(k, "Warning/Undecoded/Kafka/Unsupported WriteTxnMarkers version. Supports v0.");
	/* a Produce request with required acks 0 expects no response; one
	 * with acks 1 (version 3: after the transactional id) does */
	const uint8_t acks0[10] = {0, 0, 0, 0, 0x75, 0x30, 0, 0, 0, 0};
	n = kafka_request(m, 0, 0, 13, NULL, acks0, sizeof acks0);
	sends_bytes(k, true, m, n, KAFKA_STACK, "Kafka|Kafka Produce v0 Request");
	g_assert_false(tcp_conn_keeps(k, "kafka.client_id"));
	n = kafka_response(m, 13, 4);
	sends_bytes(k, false, m, n, KAFKA_STACK, "Kafka|Kafka Response (Undecoded, Request Missing)");
	const uint8_t acks1[12] = {0xff, 0xff, 0, 1, 0, 0, 0x75, 0x30, 0, 0, 0, 0};
	n = kafka_request(m, 0, 3, 14, "p", acks1, sizeof acks1);
	sends_bytes(k, true, m, n, KAFKA_STACK, "Kafka|Kafka Produce v3 Request");
	n = kafka_response(m, 14, 4);
	sends_bytes(k, false, m, n, KAFKA_STACK, "Kafka|Kafka Produce v3 Response");
	/* a Fetch request over two segments */
	uint8_t body[40] = {0};
	n = kafka_request(m, 1, 11, 20, "rdkafka", body, sizeof body);
	tcp_conn_send(k, true, m, 10, 10);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	g_assert_cmpstr(k->cols, ==, "TCP|50002 → 9092 [PSH, ACK] Seq=1158 Ack=0 Win=4096 Len=10 [TCP segment of a reassembled PDU]");
	sends_bytes(k, true, m + 10, n - 10, "raw:ip:tcp:kafka:tcp.segments", "Kafka|Kafka Fetch v11 Request");
	g_assert_true(tcp_conn_keeps(k, "kafka.len == 57 && kafka.correlation_id == 20 && kafka.client_id == \"rdkafka\""));
	/* a response over two segments finds its request too */
	n = kafka_response(m, 20, 30);
	tcp_conn_send(k, false, m, 6, 6);
	sends_bytes(k, false, m + 6, n - 6, "raw:ip:tcp:kafka:tcp.segments", "Kafka|Kafka Fetch v11 Response");
	g_assert_true(tcp_conn_keeps(k, "kafka.request_frame == 16"));
	/* a length shorter than the header: malformed, Kafka's layer */
	sends(k, true, "000000020001", KAFKA_STACK, "Kafka|[Malformed Packet]");
	expert_is(k, "Error/Malformed/Kafka/Malformed Packet (Exception occurred)");
	/* a negative length: the framing's error, TCP's columns */
	sends(k, true, "ffffffff", KAFKA_STACK,
	      "TCP|50002 → 9092 [PSH, ACK] Seq=1225 Ack=0 Win=4096 Len=4[Malformed Packet]");
	tcp_conn_free(k);
}

/* A TACACS+ message of TYPE, SEQ, FLAGS, session SESSION around BODY (N
 * bytes) into OUT; returns its length. */
static uint32_t tacplus_msg(uint8_t *out, uint8_t version, uint8_t type, uint8_t seq, uint8_t flags, uint32_t session,
			    const void *body, uint32_t n)
{
	out[0] = version, out[1] = type, out[2] = seq, out[3] = flags;
	put32(out + 4, session);
	put32(out + 8, n);
	memcpy(out + 12, body, n);
	return 12 + n;
}

#define TACPLUS_STACK "raw:ip:tcp:tacplus"

/* TACACS+: requests and responses by the port, the header's fields, an
 * unencrypted START and REPLY read, an obfuscated body not, two messages
 * in one segment, one over two segments, an unknown type, a body shorter
 * than its fields. */
static void test_tacplus(void)
{
	struct tcp_conn *k = tcp_conn_new(50003, 49);
	uint8_t m[200];
	const char start[] = "\x01\x01\x01\x01\x05\x04\x09\x00" "admin" "tty0" "10.0.0.99";
	uint32_t n = tacplus_msg(m, 0xc0, 1, 1, 0, 0x1234, start, sizeof start - 1);
	sends_bytes(k, true, m, n, TACPLUS_STACK, "TACACS+|Q: Authentication");
	g_assert_true(tcp_conn_keeps(k, "tacplus.request && !tacplus.response && tacplus.type == 1 && tacplus.seqno == 1"));
	g_assert_true(tcp_conn_keeps(k, "tacplus.session_id == 4660 && tacplus.packet_len == 26 && tacplus.majvers == 192"));
	g_assert_true(tcp_conn_keeps(k, "tacplus.minvers == 0 && tacplus.flags == 0 && tacplus.flags.unencrypted == 0"));
	g_assert_false(tcp_conn_keeps(k, "tacplus.user")); /* obfuscated */
	n = tacplus_msg(m, 0xc0, 1, 1, 1, 0x1234, start, sizeof start - 1);
	sends_bytes(k, true, m, n, TACPLUS_STACK, "TACACS+|Q: Authentication");
	g_assert_true(tcp_conn_keeps(k, "tacplus.flags.unencrypted && tacplus.authen_action == 1 && tacplus.service == 1"));
	g_assert_true(tcp_conn_keeps(k, "tacplus.user == \"admin\" && tacplus.port == \"tty0\" && tacplus.remote_address == \"10.0.0.99\""));
	g_assert_true(tcp_conn_keeps(k, "tacplus.user_len == 5 && tacplus.port_len == 4 && tacplus.address_len == 9"));
	const char reply[] = "\x05\x01\x00\x0a\x00\x00" "Password: ";
	n = tacplus_msg(m, 0xc0, 1, 2, 1, 0x1234, reply, sizeof reply - 1);
	sends_bytes(k, false, m, n, TACPLUS_STACK, "TACACS+|R: Authentication");
	g_assert_true(tcp_conn_keeps(k, "tacplus.response && tacplus.body_authen_rep.status == 5"));
	g_assert_true(tcp_conn_keeps(k, "tacplus.body_authen_rep.server_msg == \"Password: \" && tacplus.body_authen_rep.server_msg_len == 10"));
	/* two messages in one segment: the last one's Info */
	n = tacplus_msg(m, 0xc0, 1, 3, 0, 0x77, "abcd", 4);
	n += tacplus_msg(m + n, 0xc0, 2, 5, 0, 0x77, "ef", 2);
	sends_bytes(k, true, m, n, "raw:ip:tcp:tacplus:tacplus", "TACACS+|Q: Authorization");
	n = tacplus_msg(m, 0xc0, 3, 2, 0, 0x77, "abcd", 4);
	sends_bytes(k, false, m, n, TACPLUS_STACK, "TACACS+|R: Accounting");
	/* over two segments */
	uint8_t z[30];
	memset(z, 'z', sizeof z);
	n = tacplus_msg(m, 0xc0, 1, 1, 0, 0x88, z, sizeof z);
	tcp_conn_send(k, true, m, 8, 8);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	sends_bytes(k, true, m + 8, n - 8, "raw:ip:tcp:tacplus:tcp.segments", "TACACS+|Q: Authentication");
	g_assert_true(tcp_conn_keeps(k, "tacplus.packet_len == 30 && tacplus.session_id == 136"));
	/* an unknown type, a minor version 1 */
	n = tacplus_msg(m, 0xc1, 9, 1, 0, 0x99, "q", 1);
	sends_bytes(k, true, m, n, TACPLUS_STACK, "TACACS+|Q: Unknown (0x09)");
	g_assert_true(tcp_conn_keeps(k, "tacplus.majvers == 193 && tacplus.minvers == 1"));
	/* unencrypted STARTs whose body ends before its fields do */
	n = tacplus_msg(m, 0xc0, 1, 1, 1, 0x1234, "\x01", 1);
	sends_bytes(k, true, m, n, TACPLUS_STACK, "TACACS+|Q: Authentication[Malformed Packet]");
	expert_is(k, "Error/Malformed/TACACS+/Malformed Packet (Exception occurred)");
	n = tacplus_msg(m, 0xc0, 1, 1, 1, 0x1234, "\x01\x01\x01\x01\x32\x04\x09\x00" "ad", 10);
	sends_bytes(k, true, m, n, TACPLUS_STACK, "TACACS+|Q: Authentication[Malformed Packet]");
	tcp_conn_free(k);
}

/* A TNS packet of TYPE around BODY (N bytes) into OUT, its length in the
 * first 2 bytes or (WIDE) 4; returns its length. */
static uint32_t tns_packet(uint8_t *out, uint8_t type, const void *body, uint32_t n, bool wide)
{
	memset(out, 0, 8);
	if (wide)
		put32(out, 8 + n);
	else
		put16(out, 8 + n);
	out[4] = type;
	memcpy(out + 8, body, n);
	return 8 + n;
}

#define TNS_STACK "raw:ip:tcp:tns"

/* TNS: a Connect with its connect data, an Accept, a Refuse, a Redirect,
 * Data packets named by their function (the Secure Network Services by
 * their magic number, an unknown one), two packets in one segment, one
 * over two segments, a 32-bit length, an unknown type, a type that is no
 * TNS, bodies too short for their fields. */
static void test_tns(void)
{
	struct tcp_conn *k = tcp_conn_new(50004, 1521);
	uint8_t m[300], body[200] = {0};
	const char cd[] = "(DESCRIPTION=(CONNECT_DATA=(SID=orcl)))";
	const uint8_t head[26] = {0x01, 0x3a, 0x01, 0x2c, 0, 0, 0x08, 0, 0x7f, 0xff, 0x7f, 0x08, 0, 0, 0, 1,
				  0, sizeof cd - 1, 0, 34, 0, 0, 0, 0, 0x41, 0x41};
	memcpy(body, head, sizeof head);
	memcpy(body + 26, cd, sizeof cd - 1);
	uint32_t n = tns_packet(m, 1, body, 26 + sizeof cd - 1, false);
	sends_bytes(k, true, m, n, TNS_STACK, "TNS|Request, Connect (1)");
	g_assert_true(tcp_conn_keeps(k, "tns.request && !tns.response && tns.type == 1 && tns.length == 73"));
	g_assert_true(tcp_conn_keeps(k, "tns.version == 314 && tns.compat_version == 300 && tns.sdu_size == 2048"));
	g_assert_true(tcp_conn_keeps(k, "tns.connect_data_length == 39 && tns.connect_data_offset == 34"));
	g_assert_true(tcp_conn_keeps(k, "tns.connect_data == \"(DESCRIPTION=(CONNECT_DATA=(SID=orcl)))\""));
	const uint8_t accept[16] = {0x01, 0x3a, 0, 0, 0x08, 0, 0x7f, 0xff, 0, 1, 0, 0, 0, 0, 0, 0};
	n = tns_packet(m, 2, accept, sizeof accept, false);
	sends_bytes(k, false, m, n, TNS_STACK, "TNS|Response, Accept (2)");
	g_assert_true(tcp_conn_keeps(k, "tns.response && tns.version == 314 && tns.accept_data_length == 0"));
	n = tns_packet(m, 4, "\x01\x02\x00\x04(ER)", 8, false);
	sends_bytes(k, false, m, n, TNS_STACK, "TNS|Response, Refuse (4)");
	g_assert_true(tcp_conn_keeps(k, "tns.refuse_reason_user == 1 && tns.refuse_reason_system == 2 && tns.refuse_data == \"(ER)\""));
	n = tns_packet(m, 5, "\x00\x04(A=)", 6, false);
	sends_bytes(k, false, m, n, TNS_STACK, "TNS|Response, Redirect (5)");
	g_assert_true(tcp_conn_keeps(k, "tns.redirect_data_length == 4 && tns.redirect_data == \"(A=)\""));
	/* Data: the function after the flags; its body data, but a Set
	 * Protocol's */
	n = tns_packet(m, 6, "\x00\x00\x01\x06\x05\x00x86\x00", 10, false);
	sends_bytes(k, true, m, n, TNS_STACK, "TNS|Request, Data (6), Set Protocol");
	g_assert_true(tcp_conn_keeps(k, "tns.data_flag == 0 && tns.data_id == 1"));
	n = tns_packet(m, 6, "\x00\x00\x03\x5e\x00\x00", 6, false);
	sends_bytes(k, true, m, n, TNS_STACK ":data", "TNS|Request, Data (6), User OCI Functions");
	n = tns_packet(m, 6, "\x00\x00\xde\xad\xbe\xef\x00\x10", 8, false);
	sends_bytes(k, true, m, n, TNS_STACK, "TNS|Request, Data (6), Secure Network Services");
	g_assert_false(tcp_conn_keeps(k, "tns.data_id"));
	n = tns_packet(m, 6, "\x00\x00\x71\x71", 4, false);
	sends_bytes(k, true, m, n, TNS_STACK ":data", "TNS|Request, Data (6), unknown");
	g_assert_false(tcp_conn_keeps(k, "tns.data_id"));
	n = tns_packet(m, 6, "\x00\x40", 2, false);
	sends_bytes(k, true, m, n, TNS_STACK, "TNS|Request, Data (6)");
	g_assert_true(tcp_conn_keeps(k, "tns.data_flag == 0x0040 && tns.data_flag.eof"));
	/* two in one segment: the last one's Info; one over two segments */
	n = tns_packet(m, 6, "\x00\x00\x01", 3, false);
	n += tns_packet(m + n, 12, "\x01\x00\x02", 3, false);
	sends_bytes(k, true, m, n, "raw:ip:tcp:tns:tns", "TNS|Request, Marker (12)");
	g_assert_true(tcp_conn_keeps(k, "tns.marker.type == 1"));
	memset(body, 'q', 40);
	body[0] = body[1] = 0;
	n = tns_packet(m, 6, body, 40, false);
	tcp_conn_send(k, true, m, 4, 4);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	sends_bytes(k, true, m + 4, n - 4, "raw:ip:tcp:tns:data:tcp.segments", "TNS|Request, Data (6), unknown");
	/* a length of 32 bits (the first 16 are 0) */
	n = tns_packet(m, 6, "\x00\x00\x09\x00\x00", 5, true);
	sends_bytes(k, false, m, n, TNS_STACK ":data", "TNS|Response, Data (6), Function Complete");
	g_assert_true(tcp_conn_keeps(k, "tns.length == 13 && !tns.packet_checksum"));
	/* a type it does not name, one outside 1-19 (no TNS) */
	n = tns_packet(m, 8, "\x00\x00\x00\x00", 4, false);
	sends_bytes(k, true, m, n, TNS_STACK ":data", "TNS|Request, Unknown (8)");
	n = tns_packet(m, 20, "zz", 2, false);
	tcp_conn_send(k, true, m, n, n);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:data");
	/* bodies ending before their fields */
	n = tns_packet(m, 2, accept, 14, false);
	sends_bytes(k, false, m, n, TNS_STACK, "TNS|Response, Accept (2)[Malformed Packet]");
	expert_is(k, "Error/Malformed/TNS/Malformed Packet (Exception occurred)");
	n = tns_packet(m, 9, "", 0, false);
	sends_bytes(k, true, m, n, TNS_STACK, "TNS|Request, Abort (9)[Malformed Packet]");
	/* a start of fewer than 4 bytes: the framing's error, TCP's columns */
	tcp_conn_send(k, true, (const uint8_t *)"\x00\x08", 2, 2);
	g_assert_cmpstr(k->cols, ==, "TCP|50004 → 1521 [PSH, ACK] Seq=1243 Ack=0 Win=4096 Len=2[Malformed Packet]");
	tcp_conn_free(k);
}

/* Sends TEXT (N bytes, NULs allowed) as sends_bytes() does. */
static void says(struct tcp_conn *k, bool to_server, const char *text, uint32_t n, const char *stack, const char *cols)
{
	sends_bytes(k, to_server, (const uint8_t *)text, n, stack, cols);
}
#define SAYS(k, to_server, lit, stack, cols) says(k, to_server, lit, sizeof lit - 1, stack, cols)

#define GIT_STACK "raw:ip:tcp:git"

/* Git: a request, an advertisement of two pkt-lines and a flush (nested
 * layers), the special lengths, side-band channels, a data line of no
 * data (malformed), one over two segments, a length of no hex digits. */
static void test_git(void)
{
	struct tcp_conn *k = tcp_conn_new(50007, 9418);
	SAYS(k, true, "0032git-upload-pack /project.git\0host=example.com\0", GIT_STACK, "Git|Git Smart Protocol");
	g_assert_true(tcp_conn_keeps(k, "git.length == 0x32 && git.data[0:4] == \"git-\" && !git.packet_type"));
	SAYS(k, false, "000fabc HEAD\0x\n0015abc refs/heads/m\n0000", GIT_STACK ":git:git", "Git|Git Smart Protocol");
	g_assert_true(tcp_conn_keeps(k, "git.length == 0x0f && git.length == 0x15 && git.packet_type == 0"));
	SAYS(k, true, "0001", GIT_STACK, "Git|Git Smart Protocol");
	g_assert_true(tcp_conn_keeps(k, "git.packet_type == 1 && !git.length"));
	SAYS(k, true, "0002", GIT_STACK, "Git|Git Smart Protocol");
	SAYS(k, true, "0003", GIT_STACK, "Git|Git Smart Protocol");
	expert_is(k, "Error/Protocol/Git/unrecognized special pkt-len value");
	SAYS(k, false, "0009\001abcd", GIT_STACK, "Git|Git Smart Protocol");
	g_assert_true(tcp_conn_keeps(k, "git.sideband_control_code == 1 && git.data == \"abcd\""));
	SAYS(k, false, "0006\004a", GIT_STACK, "Git|Git Smart Protocol");
	g_assert_false(tcp_conn_keeps(k, "git.sideband_control_code"));
	SAYS(k, true, "0004", GIT_STACK, "Git|Git Smart Protocol[Malformed Packet]");
	tcp_conn_send(k, true, (const uint8_t *)"0008d", 5, 5);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	SAYS(k, true, "one", GIT_STACK ":tcp.segments", "Git|Git Smart Protocol");
	g_assert_true(tcp_conn_keeps(k, "git.data == \"done\""));
	/* no hex digits: held for a length that never comes, as in Wireshark */
	tcp_conn_send(k, false, (const uint8_t *)"zzzz", 4, 4);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	tcp_conn_free(k);
}

#define RSYNC_STACK "raw:ip:tcp:rsync"

/* rsync: the greetings, a query for a module, its commands and the data
 * after; a module list asked for with an empty query. */
static void test_rsync(void)
{
	struct tcp_conn *k = tcp_conn_new(50008, 873);
	SAYS(k, false, "@RSYNCD: 31.0\n", RSYNC_STACK, "RSYNC|Server Initialisation (Version 31.0)");
	g_assert_true(tcp_conn_keeps(k, "rsync.hdr_magic == \"@RSYNCD:\" && rsync.hdr_version == \"31.0\\n\""));
	SAYS(k, true, "@RSYNCD: 30.0\n", RSYNC_STACK, "RSYNC|Client Initialisation (Version 30.0)");
	SAYS(k, true, "module\n", RSYNC_STACK, "RSYNC|Client Query");
	g_assert_true(tcp_conn_keeps(k, "rsync.query == \"module\\n\""));
	SAYS(k, false, "@RSYNCD: OK\n", RSYNC_STACK, "RSYNC|Data");
	g_assert_true(tcp_conn_keeps(k, "rsync.data == 40:52:53:59:4e:43:44:3a:20:4f:4b:0a"));
	SAYS(k, true, "--server\n--sender\n\n", RSYNC_STACK, "RSYNC|Client Command");
	g_assert_true(tcp_conn_keeps(k, "rsync.command contains \"--sender\""));
	tcp_conn_free(k);
	k = tcp_conn_new(50009, 873);
	SAYS(k, false, "@RSYNCD: 31.0\n", RSYNC_STACK, "RSYNC|Server Initialisation (Version 31.0)");
	SAYS(k, false, "Welcome\n", RSYNC_STACK, "RSYNC|Server MOTD");
	g_assert_true(tcp_conn_keeps(k, "rsync.motd == \"Welcome\\n\""));
	SAYS(k, true, "@RSYNCD: 31.0\n", RSYNC_STACK, "RSYNC|Client Initialisation (Version 31.0)");
	SAYS(k, true, "\n", RSYNC_STACK, "RSYNC|Client Query");
	SAYS(k, false, "pub\tfiles\n", RSYNC_STACK, "RSYNC|Module list");
	g_assert_true(tcp_conn_keeps(k, "rsync.module_list == \"pub\\tfiles\\n\""));
	SAYS(k, false, "src\n@RSYNCD: EXIT\n", RSYNC_STACK, "RSYNC|Final module list");
	SAYS(k, false, "bye", RSYNC_STACK, "RSYNC|Data");
	tcp_conn_free(k);
	/* a greeting too short for a version: malformed, and the side still
	 * waits for its greeting */
	k = tcp_conn_new(50010, 873);
	SAYS(k, true, "@RSYNCD: ", RSYNC_STACK, "RSYNC|[Malformed Packet]");
	SAYS(k, true, "@RSYNCD: 31.0\n", RSYNC_STACK, "RSYNC|Client Initialisation (Version 31.0)");
	tcp_conn_free(k);
}

/* An AJP13 string TEXT (NULL: the null string) at OUT; returns its length. */
static uint32_t ajp13_str(uint8_t *out, const char *text)
{
	if (!text) {
		put16(out, 0xffff);
		return 2;
	}
	uint32_t n = (uint32_t)strlen(text);
	put16(out, n);
	memcpy(out + 2, text, n + 1);
	return n + 3;
}

/* An AJP13 packet of MAGIC around BODY (N bytes) into OUT; returns its length. */
static uint32_t ajp13_packet(uint8_t *out, uint16_t magic, const uint8_t *body, uint32_t n)
{
	put16(out, magic);
	put16(out + 2, n);
	memcpy(out + 4, body, n);
	return 4 + n;
}

#define AJP13_STACK "raw:ip:tcp:ajp13"

/* AJP13: a POST forwarded with its Content-Length, its body packets (no
 * code: told by what the connection still expects), the container asking
 * for more, headers, the end; CPING and CPONG, an unknown method and
 * message code, a packet of neither magic, a forward request with nothing
 * after its length (malformed). */
static void test_ajp13(void)
{
	struct tcp_conn *k = tcp_conn_new(50012, 8009);
	uint8_t b[300], m[320];
	uint32_t n = 0;
	b[n++] = 2, b[n++] = 4;
	n += ajp13_str(b + n, "HTTP/1.1");
	n += ajp13_str(b + n, "/post.jsp");
	n += ajp13_str(b + n, "10.0.0.1");
	n += ajp13_str(b + n, NULL);
	n += ajp13_str(b + n, "srv");
	put16(b + n, 80), b[n + 2] = 0, put16(b + n + 3, 2), n += 5;
	b[n++] = 0xa0, b[n++] = 0x08;
	n += ajp13_str(b + n, "10");
	b[n++] = 0xa0, b[n++] = 0x0b;
	n += ajp13_str(b + n, "example.org");
	b[n++] = 0xff;
	uint32_t len = ajp13_packet(m, 0x1234, b, n);
	sends_bytes(k, true, m, len, AJP13_STACK, "AJP13|0:REQ:POST /post.jsp HTTP/1.1");
	g_assert_true(tcp_conn_keeps(k, "ajp13.magic == 12:34 && ajp13.code == 2 && ajp13.method == 4 && ajp13.port == 80"));
	g_assert_true(tcp_conn_keeps(k, "ajp13.uri == \"/post.jsp\" && ajp13.raddr == \"10.0.0.1\" && ajp13.srv == \"srv\""));
	g_assert_true(tcp_conn_keeps(k, "ajp13.content_length == \"10\" && ajp13.host == \"example.org\" && ajp13.nhdr == 2"));
	/* the body the Content-Length announced, then a GET BODY CHUNK */
	memcpy(b, "\x00\x06" "abcdef", 8);
	len = ajp13_packet(m, 0x1234, b, 8);
	sends_bytes(k, true, m, len, AJP13_STACK, "AJP13|0:REQ:Body");
	g_assert_true(tcp_conn_keeps(k, "ajp13.data == \"abcdef\" && !ajp13.code"));
	len = ajp13_packet(m, 0x4142, (const uint8_t *)"\x06\x00\x04", 3);
	sends_bytes(k, false, m, len, AJP13_STACK, "AJP13|0:RSP:GET BODY CHUNK");
	g_assert_true(tcp_conn_keeps(k, "ajp13.rlen == 4"));
	len = ajp13_packet(m, 0x1234, (const uint8_t *)"\x00\x04" "ghij", 6);
	sends_bytes(k, true, m, len, AJP13_STACK, "AJP13|0:REQ:Body");
	/* headers, one of its own name */
	n = 0;
	b[n++] = 4, put16(b + n, 404), n += 2;
	n += ajp13_str(b + n, "Not Found");
	put16(b + n, 1), n += 2;
	n += ajp13_str(b + n, "X-A");
	n += ajp13_str(b + n, "b");
	len = ajp13_packet(m, 0x4142, b, n);
	sends_bytes(k, false, m, len, AJP13_STACK, "AJP13|0:RSP:SEND HEADERS:404 Not Found");
	g_assert_true(tcp_conn_keeps(k, "ajp13.rstatus == 404 && ajp13.rmsg == \"Not Found\" && ajp13.unknown_header == \"X-A: b\""));
	/* the body all sent: a packet with nothing after its length is a
	 * forward request again, and too short for one */
	len = ajp13_packet(m, 0x1234, b, 0);
	sends_bytes(k, true, m, len, AJP13_STACK, "AJP13|0:REQ:[Malformed Packet]");
	len = ajp13_packet(m, 0x4142, (const uint8_t *)"\x05\x01", 2);
	sends_bytes(k, false, m, len, AJP13_STACK, "AJP13|0:RSP:END RESPONSE");
	g_assert_true(tcp_conn_keeps(k, "ajp13.reusep == 1"));
	/* CPING and CPONG in one segment each; codes and methods unknown */
	len = ajp13_packet(m, 0x1234, (const uint8_t *)"\x0a", 1);
	sends_bytes(k, true, m, len, AJP13_STACK, "AJP13|0:REQ:CPING");
	len = ajp13_packet(m, 0x4142, (const uint8_t *)"\x09", 1);
	len += ajp13_packet(m + len, 0x4142, (const uint8_t *)"\x0b", 1);
	sends_bytes(k, false, m, len, AJP13_STACK ":ajp13", "AJP13|0:RSP:Unknown message code 11[Malformed Packet]");
	n = 0;
	b[n++] = 2, b[n++] = 22;
	n += ajp13_str(b + n, "V");
	n += ajp13_str(b + n, "/");
	n += ajp13_str(b + n, NULL);
	n += ajp13_str(b + n, NULL);
	n += ajp13_str(b + n, "h");
	put16(b + n, 80), b[n + 2] = 0, put16(b + n + 3, 0), n += 5;
	b[n++] = 0xff;
	len = ajp13_packet(m, 0x1234, b, n);
	sends_bytes(k, true, m, len, AJP13_STACK, "AJP13|0:REQ:Unknown method 22 / V");
	len = ajp13_packet(m, 0x5a5a, (const uint8_t *)"zz", 2);
	sends_bytes(k, true, m, len, AJP13_STACK, "AJP13|AJP13 Error?");
	tcp_conn_free(k);
}

#define RSH_STACK "raw:ip:tcp:rsh"

/* rsh: the client's strings in one segment or one a segment, the server
 * user named in the Info once known, data both ways; a command that does
 * not look like one ends the session's start. */
static void test_rsh(void)
{
	struct tcp_conn *k = tcp_conn_new(1023, 514);
	SAYS(k, true, "1022\0", RSH_STACK, "RSH|Session Establishment");
	g_assert_true(tcp_conn_keeps(k, "rsh.stderr_port == \"1022\""));
	SAYS(k, true, "root\0alice\0ls -l\0", RSH_STACK, "RSH|Session Establishment");
	g_assert_true(tcp_conn_keeps(k, "rsh.client_username == \"root\" && rsh.server_username == \"alice\""));
	g_assert_true(tcp_conn_keeps(k, "rsh.command == \"ls -l\""));
	SAYS(k, false, "\0", RSH_STACK, "RSH|Server username:alice Server -> Client Data");
	g_assert_true(tcp_conn_keeps(k, "rsh.server_client_data == 00"));
	SAYS(k, true, "input\n", RSH_STACK, "RSH|Server username:alice Client -> Server data");
	g_assert_true(tcp_conn_keeps(k, "rsh.client_server_data == \"input\\n\""));
	tcp_conn_free(k);
	k = tcp_conn_new(1020, 514);
	SAYS(k, true, "10\0", RSH_STACK, "RSH|Session Establishment");
	SAYS(k, true, "root\0", RSH_STACK, "RSH|Session Establishment");
	SAYS(k, true, "bob\0", RSH_STACK, "RSH|Session Establishment");
	SAYS(k, true, "x\001y\0", RSH_STACK, "RSH|Server username:bob Client -> Server data");
	g_assert_false(tcp_conn_keeps(k, "rsh.command"));
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/services/kafka", test_kafka);
	g_test_add_func("/services/tacplus", test_tacplus);
	g_test_add_func("/services/tns", test_tns);
	g_test_add_func("/services/git", test_git);
	g_test_add_func("/services/rsync", test_rsync);
	g_test_add_func("/services/ajp13", test_ajp13);
	g_test_add_func("/services/rsh", test_rsh);
	return g_test_run();
}
