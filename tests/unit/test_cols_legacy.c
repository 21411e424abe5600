/* Unit tests of the packet-list columns of the small and legacy protocols
 * (BOOTP/DHCP, DHCPv6, NTP, RIP, DEC DNA routing, IS-IS, PPP's control
 * protocols, AppleTalk, IPX services, Ethernet types nothing reads): frames
 * built here, the expected texts those tshark shows for the same bytes. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect_test.h"
#include "frame_build.h"

/* The columns of a frame of link type LT holding the bytes of HEX, as
 * "PROTO|INFO" in BUF. */
static const char *link_cols(uint32_t lt, const char *hex, char *buf, size_t n)
{
	uint8_t b[1600];
	uint32_t len = unhex(b, hex);
	struct packet p;
	struct frame fr;
	struct columns c = {.info = g_string_new(NULL)};
	run_frame(&p, &fr, b, len, len, lt);
	columns_fill(&c, &p);
	g_snprintf(buf, n, "%s|%s", c.proto, c.info->str);
	g_string_free(c.info, TRUE);
	return buf;
}

/* A BOOTP message OP from 02:00:00:00:00:01 (transaction 0x3903f326) in
 * UDP from port 68 or 67, with OPTS after the magic cookie, or BOOTP's
 * empty vendor area when OPTS is NULL. */
static const char *bootp_cols(uint8_t op, const char *opts, char *buf, size_t n)
{
	static struct built f;
	uint8_t m[400] = {op, 1, 6, 0, 0x39, 0x03, 0xf3, 0x26};
	memcpy(m + 28, "\x02\x00\x00\x00\x00\x01", 6);
	uint32_t len = 236 + 64;
	if (opts) {
		memcpy(m + 236, "\x63\x82\x53\x63", 4);
		len = 240 + unhex(m + 240, opts);
	}
	build_ip(&f, 17, 8 + len);
	uint8_t *u = f.b + 34;
	put16(u, op == 1 ? 68 : 67), put16(u + 2, op == 1 ? 67 : 68);
	put16(u + 4, 8 + len);
	memcpy(u + 8, m, len);
	return cols_of(&f, buf, n);
}

static void test_dhcp(void)
{
	char buf[512];
	g_assert_cmpstr(bootp_cols(1, "350101ff", buf, sizeof buf), ==, "DHCP|DHCP Discover - Transaction ID 0x3903f326");
	g_assert_cmpstr(bootp_cols(2, "350105ff", buf, sizeof buf), ==, "DHCP|DHCP ACK      - Transaction ID 0x3903f326");
	g_assert_cmpstr(bootp_cols(1, "350163ff", buf, sizeof buf), ==,
			"DHCP|DHCP Unknown Message Type (0x63) - Transaction ID 0x3903f326");
	/* no message type: BOOTP */
	g_assert_cmpstr(bootp_cols(1, NULL, buf, sizeof buf), ==,
			"BOOTP|Boot Request from 02:00:00:00:00:01 (02:00:00:00:00:01)");
	g_assert_cmpstr(bootp_cols(2, "ff", buf, sizeof buf), ==, "BOOTP|Boot Reply");
}

static void test_isis(void)
{
	char buf[512];
	g_assert_cmpstr(link_cols(LINKTYPE_C_HDLC, "0f00fefe831401001101000002111111111111002800140a", buf, sizeof buf),
			==, "ISIS HELLO|P2P HELLO, System-ID: 1111.1111.1111");
	g_assert_cmpstr(link_cols(LINKTYPE_C_HDLC, "0f00fefe831b010014010000001b04b022222222222200000000000700000318", buf,
				  sizeof buf),
			==, "ISIS LSP|L2 LSP, LSP-ID: 2222.2222.2222.00-00, Sequence: 0x00000007, Lifetime:  1200s");
	g_assert_cmpstr(link_cols(LINKTYPE_C_HDLC,
				  "0f00fefe83210100180100000021111111111111000000000000000000ffffffffffffffff", buf,
				  sizeof buf),
			==, "ISIS CSNP|L1 CSNP, Source-ID: 1111.1111.1111.00, Start LSP-ID: 0000.0000.0000.00-00, "
			    "End LSP-ID: ffff.ffff.ffff.ff-ff");
	g_assert_cmpstr(link_cols(LINKTYPE_C_HDLC, "0f00fefe831101001b01000000112222222222220a", buf, sizeof buf), ==,
			"ISIS PSNP|L2 PSNP, Source-ID: 2222.2222.2222.0a");
}

static void test_ppp(void)
{
	char buf[512];
	g_assert_cmpstr(link_cols(LINKTYPE_PPP, "ff03c02101010008010405dc", buf, sizeof buf), ==,
			"PPP LCP|Configuration Request");
	g_assert_cmpstr(link_cols(LINKTYPE_PPP, "ff0380210301000a0306c0a80001", buf, sizeof buf), ==,
			"PPP IPCP|Configuration Nak");
	g_assert_cmpstr(link_cols(LINKTYPE_PPP, "ff03c023010c0012046978696104697869610000", buf, sizeof buf), ==,
			"PPP PAP|Authenticate-Request (Peer-ID='ixia', Password='ixia')");
	g_assert_cmpstr(link_cols(LINKTYPE_PPP, "ff03c0230201000500", buf, sizeof buf), ==,
			"PPP PAP|Authenticate-Ack (Message='')");
}

/* AppleTalk over 802.3 and SNAP (08:00:07, 0x809b for DDP, 0x80f3 for
 * AARP) from 08:00:07:12:34:56. */
#define ATALK "090007ffffff080007123456"

static void test_appletalk(void)
{
	char buf[512];
	g_assert_cmpstr(link_cols(LINKTYPE_ETHERNET,
				  ATALK "0022aaaa03080007809b001a000000000051ff0dfe0202211100510dfd00013d013d012a", buf,
				  sizeof buf),
			==, "NBP|Op: lookup  Count: 1");
	g_assert_cmpstr(link_cols(LINKTYPE_ETHERNET,
				  ATALK "001faaaa03080007809b0017000000000051ff0d0101010051080d005180005182", buf,
				  sizeof buf),
			==, "RTMP|Net: 81  Node Len: 8  Node: 13");
	g_assert_cmpstr(link_cols(LINKTYPE_ETHERNET,
				  ATALK "0024aaaa0300000080f30001809b060400010800071234560000513e00000000000000002ecb", buf,
				  sizeof buf),
			==, "AARP|Who has 46.203?  Tell 81.62");
	g_assert_cmpstr(link_cols(LINKTYPE_ETHERNET,
				  ATALK "0024aaaa0300000080f30001809b060400020800071234560000513e08000700000100002ecb", buf,
				  sizeof buf),
			==, "AARP|81.62 is at 08:00:07:12:34:56");
}

static void test_ipx(void)
{
	char buf[512];
	/* Ethernet II 0x8137: SAP Nearest Query, IPX RIP Response */
	g_assert_cmpstr(link_cols(LINKTYPE_ETHERNET,
				  "ffffffffffff0800071234568137ffff0022000400000000ffffffffffff04520000000108000712345640"
				  "0000030004",
				  buf, sizeof buf),
			==, "IPX SAP|Nearest Query");
	g_assert_cmpstr(link_cols(LINKTYPE_ETHERNET,
				  "ffffffffffff0800071234568137ffff0028000400000000ffffffffffff04530000000108000712345640"
				  "01000200000001000100020000",
				  buf, sizeof buf),
			==, "IPX RIP|Response");
}

static void test_ethertype(void)
{
	char buf[512];
	/* a type nothing reads: its number, and its name when it has one */
	g_assert_cmpstr(link_cols(LINKTYPE_ETHERNET, "ab0000020000aa000400fc0060070000000000000000", buf, sizeof buf), ==,
			"0x6007|DEC LAVC/SCA");
	g_assert_cmpstr(link_cols(LINKTYPE_ETHERNET, "ab0000020000aa000400fc000c0d0000000000000000", buf, sizeof buf), ==,
			"0x0c0d|Ethernet II");
	/* a reverse request is RARP's */
	g_assert_cmpstr(link_cols(LINKTYPE_ETHERNET,
				  "ffffffffffff0200000000018035000108000604000302000000000100000000020000000000010000"
				  "0000",
				  buf, sizeof buf),
			==, "RARP|Who is 02:00:00:00:00:00? Tell 02:00:00:00:00:01");
}

/* UDP from port SPORT to DPORT carrying the bytes of HEX. */
static const char *udp_cols(uint16_t sport, uint16_t dport, const char *hex, char *buf, size_t n)
{
	static struct built f;
	uint8_t d[1500];
	build_udp(&f, sport, dport, d, unhex(d, hex));
	return cols_of(&f, buf, n);
}

static void test_routing(void)
{
	char buf[512];
	g_assert_cmpstr(udp_cols(520, 520, "0201000000020000c0a80100000000000000000000000001", buf, sizeof buf), ==,
			"RIPv1|Response");
	g_assert_cmpstr(udp_cols(123, 123,
				 "1b00000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
				 "00000000",
				 buf, sizeof buf),
			==, "NTP|NTP Version 3, client");
	g_assert_cmpstr(udp_cols(123, 123,
				 "2400000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
				 "00000000",
				 buf, sizeof buf),
			==, "NTP|NTP Version 4, server");
	g_assert_cmpstr(link_cols(LINKTYPE_ETHERNET,
				  "ab0000030000aa000400fc00600322000d020000aa0004000a000300000000000000000000000000000000"
				  "0000000000000000",
				  buf, sizeof buf),
			==, "DEC DNA|Routing control, Endnode Hello message");
	g_assert_cmpstr(link_cols(LINKTYPE_ETHERNET, "ab0000030000aa000400fc0060030600810501020304", buf, sizeof buf), ==,
			"DEC DNA|Routing control, hello/test message");
}

static void test_dhcpv6(void)
{
	char buf[512];
	/* a Solicit from fe80::1 to ff02::1:2, port 546 to 547 */
	g_assert_cmpstr(link_cols(LINKTYPE_ETHERNET,
				  "33330001000202000000000186dd60000000002c1101fe800000000000000000000000000001ff0200000000"
				  "0000000000000001000202220223002c00000118c97a0001000e000100011b4fbdcaa4badb2539d900060004"
				  "00170018000800020000",
				  buf, sizeof buf),
			==, "DHCPv6|Solicit XID: 0x18c97a CID: 000100011b4fbdcaa4badb2539d9 ");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cols-legacy/dhcp", test_dhcp);
	g_test_add_func("/cols-legacy/isis", test_isis);
	g_test_add_func("/cols-legacy/ppp", test_ppp);
	g_test_add_func("/cols-legacy/appletalk", test_appletalk);
	g_test_add_func("/cols-legacy/ipx", test_ipx);
	g_test_add_func("/cols-legacy/ethertype", test_ethertype);
	g_test_add_func("/cols-legacy/routing", test_routing);
	g_test_add_func("/cols-legacy/dhcpv6", test_dhcpv6);
	return g_test_run();
}
