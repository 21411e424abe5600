/* Unit tests of the dissectors on real-world bytes: the layer stack and key
 * fields, every truncation length (never a crash, truncated not malformed),
 * and lengths that contradict each other (malformed). */
#include <glib.h>
#include <string.h>

#include "dissect_test.h"

/* A TCP SYN with MSS, window scale and SACK-permitted (Ethernet, IPv4). */
static const uint8_t syn_frame[] = {
	0xc4, 0x12, 0xf5, 0xff, 0x72, 0xe8, 0x6c, 0xf0, 0x49, 0xb2, 0xde, 0x6e, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x34, 0x13, 0x6d, 0x40, 0x00, 0x80, 0x06, 0x43, 0x6d, 0x0a, 0x00, 0x00, 0x01, 0x51, 0xda,
	0x48, 0x0f, 0xf0, 0x65, 0x00, 0x50, 0x44, 0x2d, 0xf1, 0x7d, 0x00, 0x00, 0x00, 0x00, 0x80, 0x02,
	0x20, 0x00, 0x84, 0xc5, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x08, 0x01, 0x01,
	0x04, 0x02,
};

/* A DNS query over UDP over IPv6 (LINKTYPE_IPV6). */
static const uint8_t dns6_frame[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x25, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x26, 0x20, 0x00, 0xfe, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x30, 0x39, 0x00, 0x35, 0x00, 0x25, 0x98, 0xb3,
	0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x65, 0x78, 0x61,
	0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01,
};

static void test_tcp_syn(void)
{
	struct packet p;
	struct frame f;
	char buf[128];
	run_frame(&p, &f, syn_frame, sizeof syn_frame, sizeof syn_frame, LINKTYPE_ETHERNET);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:tcp");
	g_assert_cmpuint(p.flags, ==, 0);
	g_assert_cmpuint(p.ip_version, ==, 4);
	g_assert_cmpuint(p.ip_ttl, ==, 128);
	g_assert_cmpmem(p.ip_src, 4, "\x0a\x00\x00\x01", 4);
	g_assert_cmpmem(p.ip_dst, 4, "\x51\xda\x48\x0f", 4);
	g_assert_cmpuint(p.sport, ==, 61541);
	g_assert_cmpuint(p.dport, ==, 80);
	g_assert_cmpuint(p.tcp_seq, ==, 1143861629u);
	g_assert_cmpuint(p.tcp_flags, ==, TH_SYN);
	g_assert_cmpuint(p.tcp_hdr_len, ==, 32);
	g_assert_cmpuint(p.tcp_len, ==, 0);
	g_assert_cmpuint(p.tcp_mss, ==, 1460);
	g_assert_cmpuint(p.tcp_wscale, ==, 8);
	g_assert_cmpuint(p.tcp_opts, ==, TCPOPT_SEEN_MSS | TCPOPT_SEEN_WS | TCPOPT_SEEN_SACK_PERM);
	/* Fixed-place fields read through the table. */
	const struct field_def *fd = field_lookup("tcp.dstport", NULL);
	uint64_t v;
	g_assert_true(field_read_uint(&p, &p.layers[2], fd, &v));
	g_assert_cmpuint(v, ==, 80);
	g_assert_true(field_read_uint(&p, &p.layers[1], field_lookup("ip.flags.df", NULL), &v));
	g_assert_cmpuint(v, ==, 1);
	g_assert_true(field_read_uint(&p, &p.layers[2], field_lookup("tcp.flags.syn", NULL), &v));
	g_assert_cmpuint(v, ==, 1);
	g_assert_cmpuint(proto_field(&p, PROTO_IP, "ip.len"), ==, 52);
	/* a total length of 0 (segmentation offloaded): the frame's length */
	uint8_t *tso = patched_copy(syn_frame, sizeof syn_frame, 17, 0);
	run_frame(&p, &f, tso, sizeof syn_frame, sizeof syn_frame, LINKTYPE_ETHERNET);
	g_assert_cmpuint(proto_field(&p, PROTO_IP, "ip.len"), ==, sizeof syn_frame - 14);
	g_free(tso);
}

static void test_udp_ipv6(void)
{
	struct packet p;
	struct frame f;
	char buf[128];
	run_frame(&p, &f, dns6_frame, sizeof dns6_frame, sizeof dns6_frame, LINKTYPE_IPV6);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "ipv6:udp:dns");
	g_assert_cmpuint(p.ip_version, ==, 6);
	g_assert_cmpuint(p.ip_proto, ==, 17);
	g_assert_cmpuint(p.sport, ==, 12345);
	g_assert_cmpuint(p.dport, ==, 53);
	g_assert_cmpuint(p.flags, ==, 0);
	/* The same packet as LINKTYPE_RAW gets a raw layer first. */
	run_frame(&p, &f, dns6_frame, sizeof dns6_frame, sizeof dns6_frame, LINKTYPE_RAW);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "raw:ipv6:udp:dns");
}

/* Every capture length of the SYN: no crash, never malformed, truncated
 * exactly when a header is cut, and TCP fields only when all of it is there. */
static void test_every_truncation(void)
{
	for (uint32_t cap = 0; cap <= sizeof syn_frame; cap++) {
		uint8_t *copy = cut_copy(syn_frame, cap);
		struct packet p;
		struct frame f;
		run_frame(&p, &f, copy, cap, sizeof syn_frame, LINKTYPE_ETHERNET);
		g_assert_false(p.flags & PKT_MALFORMED);
		if (cap < sizeof syn_frame)
			g_assert_true(p.flags & PKT_TRUNCATED);
		else
			g_assert_false(p.flags & PKT_TRUNCATED);
		g_assert_cmpint(pkt_has_tcp(&p), ==, cap == sizeof syn_frame);
		g_free(copy);
	}
}

static void test_malformed(void)
{
	uint8_t b[sizeof syn_frame];
	struct packet p;
	struct frame f;
	/* IPv4 header length below 20 */
	memcpy(b, syn_frame, sizeof b);
	b[14] = 0x44;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_true(p.flags & PKT_MALFORMED);
	g_assert_false(pkt_has_tcp(&p));
	/* IPv4 total length shorter than its header */
	memcpy(b, syn_frame, sizeof b);
	b[16] = 0, b[17] = 10;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_true(p.flags & PKT_MALFORMED);
	/* TCP data offset of 4 (16 bytes) */
	memcpy(b, syn_frame, sizeof b);
	b[46] = 0x40;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_true(p.flags & PKT_MALFORMED);
	g_assert_false(pkt_has_tcp(&p));
	/* A TCP option whose length runs past the header */
	memcpy(b, syn_frame, sizeof b);
	b[55] = 40;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_true(p.flags & PKT_MALFORMED);
	/* IPv4 total length beyond the frame: malformed, but the TCP header is read */
	memcpy(b, syn_frame, sizeof b);
	b[17] = 0x80;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_true(p.flags & PKT_MALFORMED);
	g_assert_true(pkt_has_tcp(&p));
}

static void test_ethernet_padding(void)
{
	/* The SYN padded to 80 bytes: the padding is not TCP payload. */
	uint8_t b[80] = {0};
	memcpy(b, syn_frame, sizeof syn_frame);
	struct packet p;
	struct frame f;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_cmpuint(p.flags, ==, 0);
	g_assert_cmpuint(p.tcp_len, ==, 0);
	g_assert_cmpuint(p.nlayers, ==, 3);
}

static void test_unknown_linktype(void)
{
	struct packet p;
	struct frame f;
	run_frame(&p, &f, syn_frame, sizeof syn_frame, sizeof syn_frame, 163);
	g_assert_true(p.flags & PKT_UNDISSECTED);
	g_assert_cmpuint(p.nlayers, ==, 0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/dissect/tcp-syn", test_tcp_syn);
	g_test_add_func("/dissect/udp-ipv6", test_udp_ipv6);
	g_test_add_func("/dissect/every-truncation", test_every_truncation);
	g_test_add_func("/dissect/malformed", test_malformed);
	g_test_add_func("/dissect/ethernet-padding", test_ethernet_padding);
	g_test_add_func("/dissect/unknown-linktype", test_unknown_linktype);
	return g_test_run();
}
