/* Unit tests of SIP's first-line test, the bounded table of announced
 * conversations, and SIP, SDP, RTP, RTCP and TFTP on every truncation of
 * hand-made datagrams (never a crash; a cut datagram is truncated, never
 * malformed). */
#include <glib.h>
#include <string.h>

#include "dissect/expect.h"
#include "dissect/session.h"
#include "dissect_test.h"

static bool is_sip(const char *text)
{
	struct sip_info si;
	return sip_parse((const uint8_t *)text, (uint32_t)strlen(text), &si);
}

/* The first line decides, as in Wireshark. */
static void test_sip_first_line(void)
{
	g_assert_true(is_sip("INVITE sip:bob@example.test SIP/2.0\r\n\r\n"));
	g_assert_true(is_sip("FROB x:y SIP/2.0\r\n"));  /* any token, any URI with a colon */
	g_assert_true(is_sip("SIP/2.0 200 OK\r\n\r\n"));
	g_assert_true(is_sip("SIP/2.0 100 \r\n"));
	g_assert_false(is_sip("\r\n\r\n"));             /* a keep-alive */
	g_assert_false(is_sip("INVITE sip:bob SIP/2.1\r\n"));
	g_assert_false(is_sip("INVITE bob SIP/2.0\r\n")); /* no colon in the URI */
	g_assert_false(is_sip("INVITE s: SIP/2.0\r\n"));  /* a URI shorter than 3 */
	g_assert_false(is_sip("SIP/2.0 20 OK\r\n"));
	g_assert_false(is_sip("SIP/2.0 2x0 OK\r\n"));
	g_assert_false(is_sip("SIP/2.0 200\r\n"));        /* no space after the code anywhere */
	g_assert_false(is_sip("HTTP/1.1 200 OK\r\n"));
	g_assert_false(is_sip(" INVITE sip:b SIP/2.0\r\n"));
	/* the second space is looked for past the line's end, as Wireshark
	 * does: the tokens it finds there are too long to pass */
	g_assert_false(is_sip("SIP/2.0 200\r\nVia: x\r\n"));
	g_assert_false(is_sip("INVITE sip:b\r\nSIP/2.0 x\r\n"));
	static const uint8_t nul[] = "SIP/2.0 200 O\0K\r\n";
	struct sip_info si;
	g_assert_false(sip_parse(nul, sizeof nul - 1, &si));
}

/* The header, the body and a header that runs to the end. */
static void test_sip_parse(void)
{
	static const char msg[] = "SIP/2.0 200 OK\r\nl: 4\r\nc: application/sdp\r\nCSeq: 7 INVITE\r\n\r\nv=0\r\nrest";
	struct sip_info si;
	g_assert_true(sip_parse((const uint8_t *)msg, sizeof msg - 1, &si));
	g_assert_cmpint(si.kind, ==, SIP_STATUS);
	g_assert_cmpuint(si.code, ==, 200);
	g_assert_true(si.has_length);
	g_assert_cmpuint(si.content_length, ==, 4);
	g_assert_cmpuint(si.body_len, ==, 4);
	g_assert_cmpmem(msg + si.body, 4, "v=0\r", 4);
	g_assert_cmpmem(msg + si.content_type.off, si.content_type.len, "application/sdp", 15);
	g_assert_false(si.unended);
	static const char cut[] = "SIP/2.0 200 OK\r\nCSeq: 7 INVITE\r\nVia: SIP/2.0/UDP 10.";
	g_assert_true(sip_parse((const uint8_t *)cut, sizeof cut - 1, &si));
	g_assert_true(si.unended);
}

static void key_of(struct flow_key *k, uint8_t last, uint16_t port)
{
	static const uint8_t none[16];
	uint8_t a[16] = {10, 0, 0, last};
	flow_key_set(k, 4, a, none, port, 0);
}

/* At most CAP entries; the oldest goes first; a key put again keeps its place. */
static void test_expect_bounded(void)
{
	enum { A = 1, B = 2, C = 3 }; /* three kinds */
	struct expect_table *t = expect_new(3);
	struct flow_key k[5];
	for (uint8_t i = 0; i < 5; i++)
		key_of(&k[i], i, (uint16_t)(4000 + i));
	expect_put(t, &k[0], A);
	expect_put(t, &k[1], B);
	expect_put(t, &k[2], C);
	expect_put(t, &k[0], B); /* replaced, still the oldest */
	g_assert_cmpuint(expect_size(t), ==, 3);
	g_assert_cmpint(expect_get(t, &k[0]), ==, B);
	expect_put(t, &k[3], A);
	g_assert_cmpuint(expect_size(t), ==, 3);
	g_assert_cmpint(expect_get(t, &k[0]), ==, EXPECT_NONE);
	g_assert_cmpint(expect_get(t, &k[1]), ==, B);
	g_assert_cmpint(expect_get(t, &k[3]), ==, A);
	for (int round = 0; round < 1000; round++)
		expect_put(t, &k[round % 5], A);
	g_assert_cmpuint(expect_size(t), ==, 3);
	expect_free(t);
}

/* The kinds are given to the protocols that register announced UDP
 * conversations, one each, and lead back to their dissectors. */
static void test_expect_kinds(void)
{
	const enum proto_id announced[] = {PROTO_RTP, PROTO_RTCP, PROTO_TFTP, PROTO_KERBEROS, PROTO_GQUIC, PROTO_STUN};
	unsigned seen = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(announced); i++) {
		unsigned k = udp_conv_kind(announced[i]);
		g_assert_cmpuint(k, >, EXPECT_NONE);
		g_assert_cmpuint(k, <, EXPECT_KINDS);
		g_assert_nonnull(udp_conv_dissector(k));
		g_assert_false(seen & (1u << k));
		seen |= 1u << k;
	}
	g_assert_cmpuint(udp_conv_kind(PROTO_DNS), ==, EXPECT_NONE);
	g_assert_null(udp_conv_dissector(EXPECT_NONE));
}

/* An Ethernet, IPv4, UDP frame from 10.0.0.S:SPORT to 10.0.0.D:DPORT
 * carrying PAYLOAD (N bytes) into BUF; returns its length. */
static uint32_t frame_of(uint8_t *buf, uint8_t s, uint16_t sport, uint8_t d, uint16_t dport, const void *payload,
			 uint32_t n)
{
	static const uint8_t head[34] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0, 0x45, 0, 0, 0, 0, 1, 0, 0, 64, 17,
					 0, 0, 10, 0, 0, 0, 10, 0, 0, 0};
	memcpy(buf, head, sizeof head);
	buf[29] = s, buf[33] = d;
	uint32_t ip_len = 20 + 8 + n;
	buf[16] = (uint8_t)(ip_len >> 8), buf[17] = (uint8_t)ip_len;
	uint8_t *u = buf + 34;
	u[0] = (uint8_t)(sport >> 8), u[1] = (uint8_t)sport, u[2] = (uint8_t)(dport >> 8), u[3] = (uint8_t)dport;
	u[4] = (uint8_t)((8 + n) >> 8), u[5] = (uint8_t)(8 + n), u[6] = u[7] = 0;
	memcpy(u + 8, payload, n);
	return 42 + n;
}

/* Dissects the frames of FRAMES (N of them, LENS long) in one session, the
 * last one cut to CAPLEN; returns its layer stack in BUF. */
static const char *run_session(uint8_t frames[][600], const uint32_t *lens, int n, uint32_t caplen, char *buf,
			       size_t cap, uint32_t *flags)
{
	struct dissect_session *s = dissect_session_new();
	struct packet p;
	struct frame f;
	memset(&p, 0, sizeof p);
	for (int i = 0; i < n; i++) {
		memset(&f, 0, sizeof f);
		f.data = frames[i];
		f.caplen = i == n - 1 ? caplen : lens[i];
		f.len = lens[i];
		f.linktype = LINKTYPE_ETHERNET;
		f.number = (uint64_t)i + 1;
		dissect_frame_in(&p, &f, s, false);
	}
	layer_stack(&p, buf, cap);
	*flags = p.flags;
	dissect_session_free(s);
	return buf;
}

/* An INVITE's SDP announces 10.0.0.4:4000; RTP and a compound RTCP packet
 * follow, then a TFTP request and its data: every frame at every cut. */
static void test_sessions(void)
{
	static const char invite[] = "INVITE sip:bob@example.test SIP/2.0\r\nCSeq: 1 INVITE\r\n"
				     "Content-Type: application/sdp\r\nContent-Length: 50\r\n\r\n"
				     "v=0\r\nc=IN IP4 10.0.0.4\r\nm=audio 4000 RTP/AVP 0 8\r\n";
	static const uint8_t rtp[] = {0x80, 0x80, 0, 5, 0, 0, 0, 160, 1, 2, 3, 4, 0xd5, 0xd5, 0xd5, 0xd5};
	static const uint8_t rtcp[] = {0x80, 201, 0, 1, 1, 2, 3, 4, 0x81, 203, 0, 1, 1, 2, 3, 4};
	static const uint8_t rrq[] = {0, 1, 'f', 0, 'o', 'c', 't', 'e', 't', 0};
	static const uint8_t data[] = {0, 3, 0, 1, 'x', 'y'};
	static uint8_t frames[5][600];
	uint32_t lens[5];
	lens[0] = frame_of(frames[0], 9, 5060, 5, 5060, invite, sizeof invite - 1);
	lens[1] = frame_of(frames[1], 4, 4000, 9, 30000, rtp, sizeof rtp);
	lens[2] = frame_of(frames[2], 9, 30001, 4, 4001, rtcp, sizeof rtcp);
	lens[3] = frame_of(frames[3], 7, 2070, 5, 69, rrq, sizeof rrq);
	lens[4] = frame_of(frames[4], 5, 3500, 7, 2070, data, sizeof data);
	char buf[256];
	uint32_t flags;
	g_assert_cmpstr(run_session(frames, lens, 1, lens[0], buf, sizeof buf, &flags), ==, "eth:ip:udp:sip:sdp");
	g_assert_cmpstr(run_session(frames, lens, 2, lens[1], buf, sizeof buf, &flags), ==, "eth:ip:udp:rtp");
	g_assert_cmpstr(run_session(frames + 1, lens + 1, 1, lens[1], buf, sizeof buf, &flags), ==,
			"eth:ip:udp:data");
	uint8_t order[3][600];
	uint32_t olens[3] = {lens[0], lens[1], lens[2]};
	memcpy(order, frames, sizeof order);
	g_assert_cmpstr(run_session(order, olens, 3, olens[2], buf, sizeof buf, &flags), ==,
			"eth:ip:udp:rtcp:rtcp");
	g_assert_cmpstr(run_session(frames + 3, lens + 3, 2, lens[4], buf, sizeof buf, &flags), ==,
			"eth:ip:udp:tftp:data");
	/* every cut of every frame: truncated, never malformed, never a crash */
	for (int i = 0; i < 5; i++) {
		for (uint32_t cap = 0; cap < lens[i]; cap++) {
			uint8_t (*start)[600] = i < 3 ? frames : frames + 3;
			int n = i < 3 ? i + 1 : i - 2;
			const uint32_t *l = i < 3 ? lens : lens + 3;
			run_session(start, l, n, cap, buf, sizeof buf, &flags);
			g_assert_false(flags & PKT_MALFORMED);
		}
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/voip/sip-first-line", test_sip_first_line);
	g_test_add_func("/voip/sip-parse", test_sip_parse);
	g_test_add_func("/voip/expect-bounded", test_expect_bounded);
	g_test_add_func("/voip/expect-kinds", test_expect_kinds);
	g_test_add_func("/voip/sessions", test_sessions);
	return g_test_run();
}
