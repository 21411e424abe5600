/* Unit tests of DTLS: datagrams built here between a client (10.0.0.1) and
 * a server (10.0.0.2), dissected in one session in turn; each one's
 * layers, its Protocol and Info columns as tshark 4.0 shows the same
 * bytes, fields through display filters and expert items: a handshake
 * with a cookie and a message sent in fragments, several records in a
 * datagram, the heuristic and the ports, STUN and DTLS on one 5-tuple,
 * damaged records. */
#include <glib.h>
#include <string.h>

#include "dissect/expert.h"
#include "frame_build.h"
#include "tcp_conn_test.h"

struct dtls_run {
	struct dissect_session *s;
	struct built f;
	struct frame fr;
	struct packet p;
	uint64_t number;
	uint16_t cport, sport; /* the client's port, the server's */
	char stack[512], cols[1024];
};

static struct dtls_run *run_new(uint16_t cport, uint16_t sport)
{
	struct dtls_run *r = g_new0(struct dtls_run, 1);
	r->s = dissect_session_new();
	r->cport = cport;
	r->sport = sport;
	return r;
}

static void run_free(struct dtls_run *r)
{
	dissect_session_free(r->s);
	g_free(r);
}

/* Dissects the frame built in R as the run's next one. */
static void dissect_built(struct dtls_run *r)
{
	r->fr = (struct frame){.number = ++r->number, .caplen = r->f.n, .len = r->f.n, .linktype = LINKTYPE_ETHERNET,
			       .data = r->f.b};
	conn_dissect(r->s, &r->fr, &r->p, r->stack, sizeof r->stack, r->cols, sizeof r->cols);
}

/* Dissects the N bytes at D sent by the client (FROM_CLIENT) or the server. */
static void send_bytes(struct dtls_run *r, bool from_client, const uint8_t *d, uint32_t n)
{
	build_udp(&r->f, from_client ? r->cport : r->sport, from_client ? r->sport : r->cport, d, n);
	if (!from_client) {
		uint8_t *ip = r->f.b + 14, a[4];
		memcpy(a, ip + 12, 4);
		memcpy(ip + 12, ip + 16, 4);
		memcpy(ip + 16, a, 4);
	}
	dissect_built(r);
}

/* The same for a datagram of records (a GByteArray) and checks its columns. */
static void send_check(struct dtls_run *r, bool from_client, GByteArray *g, const char *stack, const char *cols)
{
	send_bytes(r, from_client, g->data, g->len);
	g_byte_array_unref(g);
	g_assert_cmpstr(r->stack, ==, stack);
	g_assert_cmpstr(r->cols, ==, cols);
}

static bool keeps(struct dtls_run *r, const char *text)
{
	GError *err = NULL;
	g_autoptr(dfilter) f = dfilter_compile(text, &err);
	if (!f)
		g_error("'%s': %s", text, err->message);
	return dfilter_match(f, &r->p);
}

static void collect(const struct expert_item *it, void *data)
{
	GString *s = data;
	g_string_append_printf(s, "%s%s: %s", s->len ? "; " : "", it->protocol, it->summary);
}

/* The last datagram's expert items, "PROTO: summary; ...". */
static char *experts_of(struct dtls_run *r)
{
	GString *s = g_string_new(NULL);
	experts_fill(&r->p, collect, s);
	return g_string_free(s, FALSE);
}

/* ---- building records ------------------------------------------------------ */

static void add(GByteArray *g, const void *d, uint32_t n)
{
	g_byte_array_append(g, d, n);
}

static void add8(GByteArray *g, uint32_t v)
{
	uint8_t b = (uint8_t)v;
	add(g, &b, 1);
}

static void add16(GByteArray *g, uint32_t v)
{
	add8(g, v >> 8), add8(g, v);
}

static void add24(GByteArray *g, uint32_t v)
{
	add8(g, v >> 16), add16(g, v & 0xffff);
}

/* Appends to G a record of content type CT, VERSION, EPOCH and SEQ whose
 * length field says LEN (the body's own length when LEN is -1) over the
 * N bytes at BODY. */
static void record_len(GByteArray *g, uint8_t ct, uint16_t version, uint16_t epoch, uint64_t seq, const void *body,
		       uint32_t n, int64_t len)
{
	add8(g, ct);
	add16(g, version);
	add16(g, epoch);
	add16(g, (uint32_t)(seq >> 32));
	add16(g, (uint32_t)(seq >> 16) & 0xffff);
	add16(g, (uint32_t)seq & 0xffff);
	add16(g, len < 0 ? n : (uint32_t)len);
	add(g, body, n);
}

static void record(GByteArray *g, uint8_t ct, uint16_t version, uint16_t epoch, uint64_t seq, GByteArray *body)
{
	record_len(g, ct, version, epoch, seq, body->data, body->len, -1);
	g_byte_array_unref(body);
}

/* A handshake message of TYPE, LENGTH bytes long, with MSG_SEQ: the
 * fragment of its body at OFF holding the N bytes at BODY. */
static GByteArray *hs_frag(uint8_t type, uint32_t length, uint16_t msg_seq, uint32_t off, const void *body, uint32_t n)
{
	GByteArray *g = g_byte_array_new();
	add8(g, type);
	add24(g, length);
	add16(g, msg_seq);
	add24(g, off);
	add24(g, n);
	add(g, body, n);
	return g;
}

static GByteArray *hs(uint8_t type, uint16_t msg_seq, GByteArray *body)
{
	GByteArray *g = hs_frag(type, body->len, msg_seq, 0, body->data, body->len);
	g_byte_array_unref(body);
	return g;
}

/* A ClientHello body offering two suites, with COOKIE (N bytes) and a
 * server_name extension naming "example.org". */
static GByteArray *client_hello(const uint8_t *cookie, uint8_t n)
{
	static const char name[] = "example.org";
	GByteArray *g = g_byte_array_new();
	uint8_t random[32];
	memset(random, 0x52, sizeof random);
	add16(g, 0xfefd);
	add(g, random, 32);
	add8(g, 0); /* session id */
	add8(g, n);
	add(g, cookie, n);
	add16(g, 4), add16(g, 0xc02b), add16(g, 0xc02f);
	add8(g, 1), add8(g, 0);
	uint32_t nl = (uint32_t)strlen(name);
	add16(g, 4 + 2 + 3 + nl);            /* extensions */
	add16(g, 0), add16(g, 2 + 3 + nl);   /* server_name */
	add16(g, 3 + nl), add8(g, 0), add16(g, nl);
	add(g, name, nl);
	return g;
}

static GByteArray *server_hello(void)
{
	GByteArray *g = g_byte_array_new();
	uint8_t random[32];
	memset(random, 0x53, sizeof random);
	add16(g, 0xfefd);
	add(g, random, 32);
	add8(g, 0);
	add16(g, 0xc02b);
	add8(g, 0);
	return g;
}

static GByteArray *bytes(const void *d, uint32_t n)
{
	GByteArray *g = g_byte_array_new();
	add(g, d, n);
	return g;
}

#define DTLS "eth:ip:udp:dtls"
#define CLIENT true
#define SERVER false

/* A DTLS 1.2 handshake as OpenSSL makes it: the version the conversation
 * learns (none from a ClientHello, DTLS 1.0 from the HelloVerifyRequest's
 * record, DTLS 1.2 from the ServerHello), the cookie, a Certificate in two
 * fragments, the flights after the change of cipher spec. */
static void test_handshake(void)
{
	struct dtls_run *r = run_new(40000, 4433);
	static const uint8_t cookie[4] = {0xa1, 0xb2, 0xc3, 0xd4};
	GByteArray *g = g_byte_array_new();
	record(g, 22, 0xfeff, 0, 0, hs(1, 0, client_hello(NULL, 0)));
	send_check(r, CLIENT, g, DTLS, "DTLS|Client Hello");
	g_assert_true(keeps(r, "dtls.record.content_type == 22 && dtls.record.version == 0xfeff && dtls.record.epoch == 0"));
	g_assert_true(keeps(r, "dtls.handshake.type == 1 && dtls.handshake.message_seq == 0 && dtls.handshake.cookie_length == 0"));
	g_assert_true(keeps(r, "dtls.handshake.extensions_server_name == \"example.org\" && !dtls.handshake.cookie"));
	g_assert_true(keeps(r, "dtls.handshake.ciphersuite == 0xc02f && dtls.handshake.version == 0xfefd"));
	g_assert_true(keeps(r, "dtls && !tls && dtls.record.length == 78 && dtls.handshake.fragment_length == 66"));

	g = g_byte_array_new();
	GByteArray *hvr = bytes("\xfe\xff\x04", 3);
	add(hvr, cookie, 4);
	record(g, 22, 0xfeff, 0, 0, hs(3, 0, hvr));
	send_check(r, SERVER, g, DTLS, "DTLSv1.0|Hello Verify Request");
	g_assert_true(keeps(r, "dtls.handshake.cookie == a1:b2:c3:d4 && dtls.handshake.version == 0xfeff"));

	g = g_byte_array_new();
	record(g, 22, 0xfeff, 0, 1, hs(1, 1, client_hello(cookie, 4)));
	send_check(r, CLIENT, g, DTLS, "DTLSv1.0|Client Hello");
	g_assert_true(keeps(r, "dtls.handshake.cookie_length == 4 && dtls.handshake.cookie == a1:b2:c3:d4"));
	g_assert_true(keeps(r, "dtls.handshake.extensions_server_name == \"example.org\" && dtls.record.sequence_number == 1"));

	/* the ServerHello's record names the version known before it; the
	 * Certificate's the one it chose */
	uint8_t cert[100];
	memset(cert, 0x43, sizeof cert);
	g = g_byte_array_new();
	record(g, 22, 0xfefd, 0, 1, hs(2, 1, server_hello()));
	record(g, 22, 0xfefd, 0, 2, hs_frag(11, 100, 2, 0, cert, 40));
	send_check(r, SERVER, g, DTLS, "DTLSv1.2|Server Hello, Certificate (Fragment)");
	g_assert_true(keeps(r, "dtls.handshake.ciphersuite == 0xc02b && dtls.handshake.type == 11"));
	g_assert_true(keeps(r, "dtls.handshake.length == 100 && dtls.handshake.fragment_length == 40"));
	g = g_byte_array_new();
	record(g, 22, 0xfefd, 0, 3, hs_frag(11, 100, 2, 40, cert, 60));
	record(g, 22, 0xfefd, 0, 4, hs(14, 3, g_byte_array_new()));
	send_check(r, SERVER, g, DTLS, "DTLSv1.2|Certificate (Reassembled), Server Hello Done");
	g_assert_true(keeps(r, "dtls.handshake.fragment_offset == 40 && dtls.handshake.type == 14"));
	g_assert_true(keeps(r, "dtls.record.sequence_number == 4 && !(dtls.record.sequence_number == 5)"));

	/* three records; the Finished, encrypted, shows no handshake type */
	uint8_t fin[40];
	for (unsigned i = 0; i < sizeof fin; i++)
		fin[i] = (uint8_t)(0x9a + 7 * i);
	g = g_byte_array_new();
	record(g, 22, 0xfefd, 0, 2, hs(16, 2, bytes("\x20kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", 33)));
	record(g, 20, 0xfefd, 0, 3, bytes("\x01", 1));
	record(g, 22, 0xfefd, 1, 0, bytes(fin, sizeof fin));
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Client Key Exchange, Change Cipher Spec, Encrypted Handshake Message");
	g_assert_true(keeps(r, "dtls.record.epoch == 1 && dtls.record.content_type == 20"));
	g_assert_true(keeps(r, "!(dtls.handshake.type == 20) && dtls.handshake.type == 16"));

	g = g_byte_array_new();
	record(g, 23, 0xfefd, 1, 1, bytes("0123456789abcdef0123456789", 26));
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Application Data");
	g_assert_true(keeps(r, "dtls.app_data == 30:31:32:33:34:35:36:37:38:39:61:62:63:64:65:66:30:31:32:33:34:35:36:37:38:39"));

	/* an alert is named when its level and description both are */
	g = g_byte_array_new();
	record(g, 21, 0xfefd, 1, 2, bytes("\x5e\x77yyyyyyyyyyyyyyyyyyyyyyyy", 26));
	send_check(r, SERVER, g, DTLS, "DTLSv1.2|Encrypted Alert");
	g_assert_false(keeps(r, "dtls.alert_message.level"));
	g = g_byte_array_new();
	record(g, 21, 0xfefd, 1, 3, bytes("\x02\x28", 2));
	send_check(r, SERVER, g, DTLS, "DTLSv1.2|Alert (Level: Fatal, Description: Handshake Failure)");
	g_assert_true(keeps(r, "dtls.alert_message.level == 2 && dtls.alert_message.desc == 40"));
	run_free(r);
}

/* The fields of a ClientHello's parts and extensions, as TLS reads them:
 * its session id, compression methods, supported groups, the SRTP
 * profiles of use_srtp (DTLS-SRTP, RFC 5764) and ALPN's protocols. */
static void test_hello_fields(void)
{
	struct dtls_run *r = run_new(40000, 4433);
	static const uint8_t ext[] = {
		0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x1d, 0x00, 0x17,             /* supported_groups */
		0x00, 0x0e, 0x00, 0x07, 0x00, 0x04, 0x00, 0x01, 0x00, 0x07, 0x00,       /* use_srtp */
		0x00, 0x10, 0x00, 0x0c, 0x00, 0x0a, 0x02, 'h', '2', 0x06, 'w', 'e', 'b', 'r', 't', 'c', /* ALPN */
	};
	GByteArray *body = g_byte_array_new();
	uint8_t random[32];
	memset(random, 0x11, sizeof random);
	add16(body, 0xfefd);
	add(body, random, 32);
	add8(body, 2), add16(body, 0xabcd); /* session id */
	add8(body, 0);                        /* cookie */
	add16(body, 2), add16(body, 0xc02b);
	add8(body, 1), add8(body, 0);
	add16(body, sizeof ext);
	add(body, ext, sizeof ext);
	GByteArray *g = g_byte_array_new();
	record(g, 22, 0xfeff, 0, 0, hs(1, 0, body));
	send_check(r, CLIENT, g, DTLS, "DTLS|Client Hello");
	g_assert_true(keeps(r, "dtls.handshake.session_id_length == 2 && dtls.handshake.session_id == ab:cd"));
	g_assert_true(keeps(r, "dtls.handshake.cipher_suites_length == 2 && dtls.handshake.comp_methods_length == 1"));
	g_assert_true(keeps(r, "dtls.handshake.comp_method == 0 && dtls.handshake.extensions_length == 37"));
	g_assert_true(keeps(r, "dtls.handshake.extension.type == 14 && dtls.handshake.extension.len == 7"));
	g_assert_true(keeps(r, "dtls.handshake.extensions_supported_group == 0x0017 && dtls.use_srtp.protection_profile == 0x0007"));
	g_assert_true(keeps(r, "dtls.handshake.extensions_alpn_str == \"webrtc\" && dtls.handshake.random[0] == 0x11"));
	g_assert_false(keeps(r, "dtls.handshake.extension.type == 0 || dtls.use_srtp.protection_profile == 0x0002"));
	run_free(r);
}

/* The heuristic takes a datagram whose records end where it ends, of a
 * known content type and DTLS version; the ports Wireshark gives DTLS
 * take any bytes.  DTLS 1.3's unified header is not a record. */
static void test_finding(void)
{
	struct dtls_run *r = run_new(41000, 42000);
	GByteArray *g = g_byte_array_new();
	record(g, 23, 0xfefd, 1, 1, bytes("xxxxxxxxxxxxxxxxxxxx", 20));
	add8(g, 0x17); /* a byte after the last record */
	send_check(r, CLIENT, g, "eth:ip:udp:data", "UDP|41000 → 42000 Len=34");
	g = g_byte_array_new();
	record(g, 23, 0xfefc, 1, 1, bytes("xxxxxxxxxxxxxxxxxxxx", 20)); /* no record version of DTLS */
	send_check(r, CLIENT, g, "eth:ip:udp:data", "UDP|41000 → 42000 Len=33");
	g = g_byte_array_new();
	add(g, "\x2c\x00\x01\x00\x14", 5); /* DTLS 1.3: unified header, sequence number, length */
	add(g, "zzzzzzzzzzzzzzzzzzzz", 20);
	send_check(r, CLIENT, g, "eth:ip:udp:data", "UDP|41000 → 42000 Len=25");
	/* OpenSSL's old version and a connection id's record */
	g = g_byte_array_new();
	record(g, 25, 0x0100, 1, 1, bytes("xxxxxxxxxxxxxxxxxxxx", 20));
	send_check(r, CLIENT, g, DTLS, "DTLS 1.0 (OpenSSL pre 0.9.8f)|Connection ID");
	g_assert_true(keeps(r, "dtls.record.special_type == 25 && !dtls.record.content_type"));
	run_free(r);

	/* CoAP's port: bytes of no record are continuation data */
	r = run_new(41006, 5684);
	send_bytes(r, CLIENT, (const uint8_t *)"\x30" "abcdefghijklmnop", 17);
	g_assert_cmpstr(r->cols, ==, "DTLS|Continuation Data");
	g = g_byte_array_new();
	record(g, 23, 0xfefd, 1, 1, bytes("xxxxxxxxxxxxxxxxxxxx", 20));
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Application Data");
	/* the version known, any record is read: one of no content type is skipped */
	g = g_byte_array_new();
	record(g, 0x30, 0xfd00, 1, 1, bytes("abc", 3));
	record(g, 23, 0xfefd, 1, 2, bytes("abc", 3));
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Continuation Data, Application Data");
	run_free(r);
}

/* STUN, DTLS and SRTP on one 5-tuple (WebRTC): STUN found by its cookie,
 * each DTLS datagram by the heuristic, SRTP (a first byte 128 to 191)
 * left as data. */
static void test_webrtc(void)
{
	struct dtls_run *r = run_new(5000, 6000);
	uint8_t stun[20] = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42};
	send_bytes(r, CLIENT, stun, sizeof stun);
	g_assert_cmpstr(r->cols, ==, "STUN|Binding Request");
	GByteArray *g = g_byte_array_new();
	record(g, 22, 0xfeff, 0, 0, hs(1, 0, client_hello(NULL, 0)));
	send_check(r, CLIENT, g, DTLS, "DTLS|Client Hello");
	send_bytes(r, CLIENT, stun, sizeof stun);
	g_assert_cmpstr(r->stack, ==, "eth:ip:udp:stun");
	g = g_byte_array_new();
	record(g, 23, 0xfefd, 1, 1, bytes("xxxxxxxxxxxxxxxxxxxx", 20));
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Application Data");
	send_bytes(r, CLIENT, (const uint8_t *)"\x80\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x01\x01\x02\x03\x04", 16);
	g_assert_cmpstr(r->stack, ==, "eth:ip:udp:data");
	run_free(r);
}

/* A conversation keeps the fragments of 4096 messages at most: those of
 * later messages stay fragments. */
static void test_fragment_bound(void)
{
	struct dtls_run *r = run_new(40000, 4433);
	for (uint32_t seq = 0; seq < 4096; seq++) {
		GByteArray *g = g_byte_array_new();
		record(g, 22, 0xfefd, 0, seq, hs_frag(11, 20, (uint16_t)seq, 0, "wwwwwwwwww", 10));
		send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Certificate (Fragment)");
	}
	GByteArray *g = g_byte_array_new();
	record(g, 22, 0xfefd, 0, 1, hs_frag(11, 20, 4095, 10, "wwwwwwwwww", 10));
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Certificate (Reassembled)");
	g = g_byte_array_new();
	record(g, 22, 0xfefd, 0, 2, hs_frag(11, 20, 4096, 0, "wwwwwwwwww", 10));
	record(g, 22, 0xfefd, 0, 3, hs_frag(11, 20, 4096, 10, "wwwwwwwwww", 10));
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Certificate (Fragment), Certificate (Fragment)");
	run_free(r);
}

/* An ICMP error quoting a datagram of the client's (IPv4 and UDP headers,
 * then the first N bytes of the N_ALL its UDP header declares, at D). */
static void quote(struct dtls_run *r, const uint8_t *d, uint32_t n, uint32_t n_all)
{
	uint8_t q[200] = {3, 3, 0, 0, 0, 0, 0, 0, 0x45};
	g_assert_cmpuint(36 + n, <=, sizeof q);
	put16(q + 10, 28 + n_all);
	q[16] = 64, q[17] = 17;
	put32(q + 20, 0x0a000001), put32(q + 24, 0x0a000002);
	put16(q + 28, r->cport), put16(q + 30, r->sport), put16(q + 32, 8 + n_all);
	memcpy(q + 36, d, n);
	build_ip(&r->f, 1, 36 + n);
	memcpy(r->f.b + 34, q, 36 + n);
	dissect_built(r);
}

/* A datagram an ICMP error quotes is DTLS when the quote holds its records
 * whole: the heuristic reads what the quote holds. */
static void test_quoted(void)
{
	struct dtls_run *r = run_new(40000, 4433);
	GByteArray *g = g_byte_array_new();
	record(g, 23, 0xfefd, 1, 1, bytes("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 40));
	quote(r, g->data, g->len, g->len);
	g_assert_cmpstr(r->stack, ==, "eth:ip:icmp:ip:udp:dtls");
	quote(r, g->data, 32, g->len);
	g_assert_cmpstr(r->stack, ==, "eth:ip:icmp:ip:udp:data");
	g_assert_cmpstr(r->cols, ==, "ICMP|Destination unreachable (Port unreachable)");
	g_byte_array_unref(g);
	run_free(r);
}

/* Sends bytes [OFF, OFF + N) of the client's UDP datagram U (its header
 * first) as an IPv4 fragment, MORE when more follow. */
static void ip_fragment_of(struct dtls_run *r, const uint8_t *u, uint32_t off, uint32_t n, bool more)
{
	build_ip(&r->f, 17, n);
	uint8_t *ip = r->f.b + 14;
	put16(ip + 4, 7);
	put16(ip + 6, (more ? 0x2000 : 0) | off / 8);
	memcpy(ip + 20, u + off, n);
	dissect_built(r);
}

/* A datagram sent in IP fragments is DTLS in the frame that completes it,
 * its Info read from the datagram's kept start. */
static void test_ip_fragments(void)
{
	struct dtls_run *r = run_new(40000, 4433);
	uint8_t body[1600], u[8 + 1613];
	memset(body, 0x7a, sizeof body);
	GByteArray *g = g_byte_array_new();
	record(g, 23, 0xfefd, 1, 1, bytes(body, sizeof body));
	put16(u, r->cport), put16(u + 2, r->sport), put16(u + 4, 8 + g->len), put16(u + 6, 0);
	memcpy(u + 8, g->data, g->len);
	ip_fragment_of(r, u, 0, 1480, true);
	g_assert_cmpstr(r->cols, ==, "IPv4|Fragmented IP protocol (proto=UDP 17, off=0, ID=0007)");
	ip_fragment_of(r, u, 1480, 8 + g->len - 1480, false);
	g_assert_cmpstr(r->stack, ==, "eth:ip:udp:dtls");
	g_assert_cmpstr(r->cols, ==, "DTLSv1.2|Application Data");
	g_assert_true(keeps(r, "dtls.record.length == 1600"));
	g_byte_array_unref(g);
	run_free(r);
}

/* Fragments Wireshark warns of, and records that run past the datagram. */
static void test_damaged(void)
{
	struct dtls_run *r = run_new(40000, 853);
	send_bytes(r, CLIENT, (const uint8_t *)"\x17\xfe\xfd\x00\x01", 5);
	g_assert_cmpstr(r->cols, ==, "DTLS|[Malformed Packet]");
	GByteArray *g = g_byte_array_new();
	record_len(g, 23, 0xfefd, 1, 1, "abc", 3, 40);
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Application Data[Malformed Packet]");
	g = g_byte_array_new();
	record(g, 23, 0xfefd, 1, 1, bytes("abc", 3));
	record_len(g, 20, 0xfefd, 1, 2, "", 0, 0);
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Application Data[Malformed Packet]");
	g_autofree char *e = experts_of(r);
	g_assert_cmpstr(e, ==, "DTLS: Malformed Packet (Exception occurred)");

	/* a fragment longer than its message reads as encrypted */
	g = g_byte_array_new();
	GByteArray *m = hs_frag(11, 20, 8, 0, "zzzzzzzzzz", 10);
	m->data[11] = 30; /* fragment length */
	record(g, 22, 0xfefd, 0, 5, m);
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Encrypted Handshake Message");
	g = g_byte_array_new();
	record(g, 22, 0xfefd, 0, 6, hs_frag(11, 20, 9, 15, "zzzzzzzzzz", 10));
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Certificate");
	g_autofree char *past = experts_of(r);
	g_assert_cmpstr(past, ==, "DTLS: Fragment runs past the end of the message");
	g = g_byte_array_new();
	record(g, 22, 0xfefd, 0, 7, hs_frag(11, 20, 10, 5, "", 0));
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Certificate");
	g_autofree char *zero = experts_of(r);
	g_assert_cmpstr(zero, ==, "DTLS: Zero-length fragment length for fragmented message");
	/* a second fragment that gives another length still completes the first's */
	g = g_byte_array_new();
	record(g, 22, 0xfefd, 0, 7, hs_frag(11, 20, 11, 0, "wwwwwwwwww", 10));
	record(g, 22, 0xfefd, 0, 8, hs_frag(11, 21, 11, 10, "wwwwwwwwww", 10));
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Certificate (Fragment), Certificate (Reassembled)");
	g_autofree char *diff = experts_of(r);
	g_assert_cmpstr(diff, ==, "DTLS: Message length differs from value in earlier fragment");
	/* a message of no type Wireshark knows ends the record's messages */
	g = g_byte_array_new();
	GByteArray *two = hs(16, 1, bytes("kkkkk", 5));
	GByteArray *bad = hs(99, 2, bytes("kkk", 3));
	g_byte_array_append(two, bad->data, bad->len);
	g_byte_array_unref(bad);
	record(g, 22, 0xfefd, 0, 9, two);
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Client Key Exchange");
	/* a heartbeat */
	g = g_byte_array_new();
	record(g, 24, 0xfefd, 1, 1, bytes("\x01\x00\x03" "abcpppppppppppppppp", 22));
	send_check(r, CLIENT, g, DTLS, "DTLSv1.2|Heartbeat Request");
	g_assert_true(keeps(r, "dtls.heartbeat_message.type == 1"));
	run_free(r);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/dtls/handshake", test_handshake);
	g_test_add_func("/dtls/hello-fields", test_hello_fields);
	g_test_add_func("/dtls/finding", test_finding);
	g_test_add_func("/dtls/webrtc", test_webrtc);
	g_test_add_func("/dtls/damaged", test_damaged);
	g_test_add_func("/dtls/fragment-bound", test_fragment_bound);
	g_test_add_func("/dtls/quoted", test_quoted);
	g_test_add_func("/dtls/ip-fragments", test_ip_fragments);
	return g_test_run();
}
