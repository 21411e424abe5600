/* Unit tests of the packet list's columns: the editing calls (fence,
 * prepend, separators), the walk over a frame's layers, and the columns as
 * _ws.col.* fields. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
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

static void test_editing(void)
{
	struct columns c = {.info = g_string_new(NULL)};
	col_set(&c, "a → b Len=%d", 4);
	col_append(&c, " x");
	g_assert_cmpstr(c.info->str, ==, "a → b Len=4 x");
	col_set(&c, "Client Hello");                /* no fence: all replaced */
	g_assert_cmpstr(c.info->str, ==, "Client Hello");
	col_prepend_fence(&c, "[TCP Retransmission] ");
	g_assert_cmpstr(c.info->str, ==, "[TCP Retransmission] Client Hello");
	col_set(&c, "Server Hello");                /* after the fence only */
	g_assert_cmpstr(c.info->str, ==, "[TCP Retransmission] Server Hello");
	col_append_sep(&c, ", ", "Done");
	g_assert_cmpstr(c.info->str, ==, "[TCP Retransmission] Server Hello, Done");
	col_prepend(&c, "A ");                      /* before all; the fence moves along */
	col_clear(&c);
	g_assert_cmpstr(c.info->str, ==, "A [TCP Retransmission] ");
	col_fence(&c);
	col_append_sep(&c, " ", "[TCP segment of a reassembled PDU]");
	col_clear(&c);
	g_assert_cmpstr(c.info->str, ==, "A [TCP Retransmission] ");
	g_string_truncate(c.info, 0);
	c.fence = 0;
	col_append_sep(&c, ", ", "first");          /* no separator on an empty column */
	g_assert_cmpstr(c.info->str, ==, "first");
	g_string_free(c.info, TRUE);
}

/* The text of column field NAME in P. */
static const char *col_field(const struct packet *p, const char *name, char *buf, size_t n)
{
	const struct proto_def *proto;
	const struct field_def *f = field_lookup(name, &proto);
	g_assert_nonnull(f);
	GString *s = g_string_new(NULL);
	g_assert_cmpuint(field_values(p, proto, f, first_text, s), ==, 1);
	g_strlcpy(buf, s->str, n);
	g_string_free(s, TRUE);
	return buf;
}

static void test_layers_bottom_up(void)
{
	struct packet p;
	struct frame f;
	struct columns c = {.info = g_string_new(NULL)};
	run_frame(&p, &f, syn_frame, sizeof syn_frame, sizeof syn_frame, LINKTYPE_ETHERNET);
	columns_fill(&c, &p);
	g_assert_cmpstr(c.proto, ==, "TCP");
	g_assert_cmpstr(c.src, ==, "10.0.0.1");      /* IP's addresses over Ethernet's */
	g_assert_cmpstr(c.dst, ==, "81.218.72.15");
	/* not followed: absolute numbers, the window as sent */
	g_assert_cmpstr(c.info->str, ==, "61541 → 80 [SYN] Seq=1143861629 Win=8192 Len=0 MSS=1460 WS=256 SACK_PERM");
	/* the Ethernet header alone: its addresses */
	run_frame(&p, &f, syn_frame, 14, sizeof syn_frame, LINKTYPE_ETHERNET);
	columns_fill(&c, &p);
	g_assert_cmpstr(c.src, ==, "6c:f0:49:b2:de:6e");
	g_assert_cmpstr(c.dst, ==, "c4:12:f5:ff:72:e8");
	run_frame(&p, &f, dns6_frame, sizeof dns6_frame, sizeof dns6_frame, LINKTYPE_IPV6);
	columns_fill(&c, &p);
	g_assert_cmpstr(c.proto, ==, "DNS");
	g_assert_cmpstr(c.src, ==, "2001:db8::1");
	g_assert_cmpstr(c.dst, ==, "2620:fe::9");
	g_assert_cmpstr(c.info->str, ==, "Standard query 0x1234 A example.com");
	g_string_free(c.info, TRUE);
}

/* Raw IPv4 + UDP from 10.0.0.4:40000 to 10.0.0.5:9 declaring length ULEN,
 * with 4 bytes of payload, in BUF; the frame's length. */
static uint32_t udp_frame(uint8_t *buf, uint16_t ulen)
{
	const uint8_t h[32] = {0x45, 0, 0, 32, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 4, 10, 0, 0, 5,
			       0x9c, 0x40, 0, 9, (uint8_t)(ulen >> 8), (uint8_t)ulen, 0, 0, 'a', 'b', 'c', 'd'};
	memcpy(buf, h, sizeof h);
	return sizeof h;
}

static void test_udp(void)
{
	struct packet p;
	struct frame f;
	uint8_t buf[32];
	struct columns c = {.info = g_string_new(NULL)};
	static const struct {
		uint16_t ulen;
		const char *info;
	} cases[] = {
		{12, "40000 → 9 Len=4"},
		{100, "40000 → 9 [BAD UDP LENGTH 100 > IP PAYLOAD LENGTH] Len=92"},
		{4, "40000 → 9 [BAD UDP LENGTH 4 < 8]"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		uint32_t n = udp_frame(buf, cases[i].ulen);
		run_frame(&p, &f, buf, n, n, LINKTYPE_RAW);
		columns_fill(&c, &p);
		g_assert_cmpstr(c.proto, ==, "UDP");
		g_assert_cmpstr(c.info->str, ==, cases[i].info);
	}
	g_string_free(c.info, TRUE);
}

static void test_fields(void)
{
	struct packet p;
	struct frame f;
	char buf[128];
	run_frame(&p, &f, dns6_frame, sizeof dns6_frame, sizeof dns6_frame, LINKTYPE_IPV6);
	f.number = 7;
	f.ts_ns = 1500000000;
	f.ts_digits = 6;
	p.first_ns = 250000000;
	g_assert_cmpstr(col_field(&p, "_ws.col.No.", buf, sizeof buf), ==, "7");
	g_assert_cmpstr(col_field(&p, "_ws.col.Time", buf, sizeof buf), ==, "1.250000");
	g_assert_cmpstr(col_field(&p, "_ws.col.Source", buf, sizeof buf), ==, "2001:db8::1");
	g_assert_cmpstr(col_field(&p, "_ws.col.Destination", buf, sizeof buf), ==, "2620:fe::9");
	g_assert_cmpstr(col_field(&p, "_ws.col.Protocol", buf, sizeof buf), ==, "DNS");
	g_assert_cmpstr(col_field(&p, "_ws.col.Length", buf, sizeof buf), ==, "77");
	g_assert_cmpstr(col_field(&p, "_ws.col.Info", buf, sizeof buf), ==, "Standard query 0x1234 A example.com");
	/* another frame in the same packet: the columns are worked out again */
	run_frame(&p, &f, syn_frame, sizeof syn_frame, sizeof syn_frame, LINKTYPE_ETHERNET);
	g_assert_cmpstr(col_field(&p, "_ws.col.Protocol", buf, sizeof buf), ==, "TCP");
}

static void test_follows_same(void)
{
	struct frame f = {.number = 1};
	struct packet p = {.frame = &f, .nlayers = 6};
	const uint16_t protos[] = {PROTO_ETH, PROTO_IP, PROTO_TCP, PROTO_LDAP, PROTO_DATA, PROTO_LDAP};
	for (int i = 0; i < 6; i++)
		p.layers[i].proto = protos[i];
	g_assert_false(col_follows_same(&p, 3));
	g_assert_true(col_follows_same(&p, 5));    /* data between them writes nothing */
	p.layers[4].proto = PROTO_TCP;
	g_assert_false(col_follows_same(&p, 5));
}

static void test_time_text(void)
{
	char buf[48];
	col_time_text(buf, sizeof buf, 1234567891, 6);
	g_assert_cmpstr(buf, ==, "1.234567");        /* cut, not rounded */
	col_time_text(buf, sizeof buf, 1234567891, 9);
	g_assert_cmpstr(buf, ==, "1.234567891");
	col_time_text(buf, sizeof buf, -1500000, 6);
	g_assert_cmpstr(buf, ==, "-0.001500");
	col_time_text(buf, sizeof buf, 2500000000, 0);
	g_assert_cmpstr(buf, ==, "2");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/columns/editing", test_editing);
	g_test_add_func("/columns/layers-bottom-up", test_layers_bottom_up);
	g_test_add_func("/columns/udp", test_udp);
	g_test_add_func("/columns/fields", test_fields);
	g_test_add_func("/columns/follows-same", test_follows_same);
	g_test_add_func("/columns/time-text", test_time_text);
	return g_test_run();
}
