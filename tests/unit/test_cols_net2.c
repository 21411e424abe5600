/* Unit tests of the packet-list columns of more network and application
 * protocols (gQUIC, ESP, ...): frames built here, the expected texts
 * those tshark shows for the same bytes. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/session.h"
#include "dissect_test.h"
#include "frame_build.h"

/* IP protocol PROTO carrying the bytes of HEX. */
static const char *ip_cols(uint8_t proto, const char *hex, char *buf, size_t n)
{
	static struct built f;
	uint8_t l4[1500];
	uint32_t len = unhex(l4, hex);
	build_ip(&f, proto, len);
	memcpy(f.b + 34, l4, len);
	return cols_of(&f, buf, n);
}

/* UDP from SPORT to DPORT carrying the bytes of HEX. */
static const char *udp_cols(uint16_t sport, uint16_t dport, const char *hex, char *buf, size_t n)
{
	static struct built f;
	uint8_t d[1500];
	build_udp(&f, sport, dport, d, unhex(d, hex));
	return cols_of(&f, buf, n);
}

/* TCP from SPORT to DPORT (sequence 1, PSH ACK) carrying the bytes of HEX. */
static const char *tcp_cols(uint16_t sport, uint16_t dport, const char *hex, char *buf, size_t n)
{
	static struct built f;
	uint8_t d[1500];
	uint32_t len = unhex(d, hex);
	build_ip(&f, 6, 20 + len);
	uint8_t *t = f.b + 34;
	put16(t, sport), put16(t + 2, dport);
	put32(t + 4, 1), put32(t + 8, 1);
	t[12] = 0x50, t[13] = 0x18;
	put16(t + 14, 512);
	memcpy(t + 20, d, len);
	return cols_of(&f, buf, n);
}

/* IGMP's version by type and length as Wireshark decides it, in the
 * Protocol column, and each version's Info (texts as tshark 4.0 shows
 * the same messages). */
static void test_igmp(void)
{
	char buf[1024];
	/* an 8-byte query: no response time is v1, one is v2; 12 bytes make v3 */
	g_assert_cmpstr(ip_cols(2, "1100eeff00000000", buf, sizeof buf), ==, "IGMPv1|Membership Query");
	g_assert_cmpstr(ip_cols(2, "1164eeffef010203", buf, sizeof buf), ==,
			"IGMPv2|Membership Query, specific for group 239.1.2.3");
	g_assert_cmpstr(ip_cols(2, "1164eeff00000000", buf, sizeof buf), ==, "IGMPv2|Membership Query, general");
	g_assert_cmpstr(ip_cols(2, "1600eeffef010203", buf, sizeof buf), ==, "IGMPv2|Membership Report group 239.1.2.3");
	g_assert_cmpstr(ip_cols(2, "1700eeffef010203", buf, sizeof buf), ==, "IGMPv2|Leave Group 239.1.2.3");
	g_assert_cmpstr(ip_cols(2, "1200eeffef010203", buf, sizeof buf), ==, "IGMPv1|Membership Report");
	g_assert_cmpstr(ip_cols(2, "1164e70cef010203027d00020a0000050a000006", buf, sizeof buf), ==,
			"IGMPv3|Membership Query, specific for group 239.1.2.3, sources {10.0.0.5, 10.0.0.6}");
	g_assert_cmpstr(ip_cols(2, "1164e70c00000000027d0000", buf, sizeof buf), ==, "IGMPv3|Membership Query, general");
	g_assert_cmpstr(ip_cols(2, "2200e5dd00000000", buf, sizeof buf), ==, "IGMPv3|Membership Report - General query");
	g_assert_cmpstr(ip_cols(2,
				"2200e5dd00000006010000000101010102000000020202020500000003030303060000000404040407"
				"000000050505050100000206060606010101010202020202000002070707070303030304040404",
				buf, sizeof buf),
			==,
			"IGMPv3|Membership Report / Leave group 1.1.1.1 / Join group 2.2.2.2 for any sources / Group "
			"3.3.3.3, ALLOW_NEW_SOURCES but no source specified (?) / Group 4.4.4.4, BLOCK_OLD_SOURCES "
			"but no source specified (?) / Group 5.5.5.5, unknown record type (?) / Join group 6.6.6.6 "
			"for sources in {1.1.1.1, 2.2.2.2}");
	/* types 0-15 are version 0, named or not */
	g_assert_cmpstr(ip_cols(2, "0100eeff00000001e001020300000000000000000000", buf, sizeof buf), ==,
			"IGMPv0|Create Group Request");
	g_assert_cmpstr(ip_cols(2, "0900eeff00000001e001020300000000000000000000", buf, sizeof buf), ==,
			"IGMPv0|Unknown Type:0x09");
	/* multicast traceroute: a query is the 24-byte header alone */
	static const char mtrace[] = "1f05eeffe0010203010101010202020203030303ff000001";
	g_assert_cmpstr(ip_cols(2, mtrace, buf, sizeof buf), ==, "IGMP|Traceroute Query");
	char longer[200];
	g_snprintf(longer, sizeof longer, "%s%064d", mtrace, 0);
	g_assert_cmpstr(ip_cols(2, longer, buf, sizeof buf), ==, "IGMP|Traceroute Request");
	longer[1] = 'e';
	g_assert_cmpstr(ip_cols(2, longer, buf, sizeof buf), ==, "IGMP|Traceroute Response, 1 block");
	g_assert_cmpstr(ip_cols(2, "3300eeff00000000", buf, sizeof buf), ==, "IGMP|Unknown Type:0x33");
}

/* SNMP's Info is written once its PDU is read: an element whose length runs
 * past its parent's end or the datagram's is malformed, and the Info is
 * the note alone (texts as tshark 4.0 shows the same datagrams). */
static void test_snmp(void)
{
	char buf[512];
	g_assert_cmpstr(udp_cols(40000, 161,
				 "3027020101040770726976617465a019020101020100020100300e300c06082b060102010101000500",
				 buf, sizeof buf),
			==, "SNMP|Simple Network Management Protocol");
	/* the PDU one byte shorter than its elements, which the datagram holds */
	g_assert_cmpstr(udp_cols(40000, 161,
				 "3027020101040770726976617465a018020101020100020100300e300c06082b060102010101000500",
				 buf, sizeof buf),
			==, "SNMP|[Malformed Packet]");
	/* bindings and a name running past the datagram's end */
	g_assert_cmpstr(udp_cols(40000, 161,
				 "3027020101040770726976617465a0190201010201000201003011300f060b2b060102010101000500",
				 buf, sizeof buf),
			==, "SNMP|[Malformed Packet]");
}

static void test_gquic(void)
{
	char buf[512];
	/* Q025, CID 1, PKN 1: hash, private flags, STREAM 1 carrying CHLO */
	g_assert_cmpstr(udp_cols(40000, 443,
				 "090100000000000000513032350100000000000000000000000000a001080043484c4f00000000",
				 buf, sizeof buf),
			==, "GQUIC|Client Hello, PKN: 1, CID: 1");
	/* a 2-byte packet number and no frames in the clear */
	g_assert_cmpstr(udp_cols(40000, 443,
				 "19010000000000000051303235020028292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
				 "404142434445464748494a4b4c4d4e4f",
				 buf, sizeof buf),
			==, "GQUIC|Payload (Encrypted), PKN: 2, CID: 1");
	/* CONNECTION_CLOSE whose 3-byte reason ends the packet */
	g_assert_cmpstr(udp_cols(40000, 443, "09010000000000000051303235060000000000000000000000000002190000000300627965",
				 buf, sizeof buf),
			==, "GQUIC|Connection Close, PKN: 6, CID: 1");
}

static void test_esp(void)
{
	char buf[512];
	static const char esp[] = "04888fe400000001000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
	g_assert_cmpstr(ip_cols(50, esp, buf, sizeof buf), ==, "ESP|ESP (SPI=0x04888fe4)");
	/* in UDP (NAT traversal): no four zero bytes, so ESP */
	g_assert_cmpstr(udp_cols(4500, 4500, esp, buf, sizeof buf), ==, "ESP|ESP (SPI=0x04888fe4)");
}

static void test_bittorrent(void)
{
	char buf[1024];
	g_assert_cmpstr(tcp_cols(6881, 40000,
				 "13426974546f7272656e742070726f746f636f6c0000000000000000000102030405060708090a0b0c0d"
				 "0e0f101112131415161718191a1b1c1d1e1f2021222324252627",
				 buf, sizeof buf),
			==, "BitTorrent|Handshake  ");
	/* interested, have, request, piece, bitfield, keep-alive in one segment */
	g_assert_cmpstr(tcp_cols(6881, 40000,
				 "000000010200000005040000001f0000000d06000000010000400000004000000000"
				 "0d070000000200008000616263640000000305fffe00000000",
				 buf, sizeof buf),
			==, "BitTorrent|Interested  Have, Piece (Idx:0x1f)  "
			    "Request, Piece (Idx:0x1,Begin:0x4000,Len:0x4000)  Piece, Idx:0x2,Begin:0x8000,Len:0x4  "
			    "Bitfield, Len:0x2  BitTorrent   ");
	g_assert_cmpstr(tcp_cols(6881, 40000, "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", buf, sizeof buf),
			==, "BitTorrent|Continuation data  ");
}

/* An ICMP message of HEX from 10.0.0.1 (FORWARD) or back, with TTL, as
 * frame NUMBER of a file whose state S keeps: "PROTO|INFO" in BUF. */
static const char *icmp_in(struct dissect_session *s, uint64_t number, bool forward, uint8_t ttl, const char *hex,
			   char *buf, size_t n)
{
	static struct built f;
	uint8_t m[200];
	uint32_t len = unhex(m, hex);
	build_ip(&f, 1, len);
	f.b[14 + 8] = ttl;
	if (!forward)
		put32(f.b + 26, 0x0a000002), put32(f.b + 30, 0x0a000001);
	memcpy(f.b + 34, m, len);
	struct packet p;
	struct frame fr = {.number = number, .caplen = f.n, .len = f.n, .linktype = LINKTYPE_ETHERNET, .data = f.b};
	struct columns c = {.info = g_string_new(NULL)};
	dissect_frame_in(&p, &fr, s, false);
	columns_fill(&c, &p);
	g_snprintf(buf, n, "%s|%s", c.proto, c.info->str);
	g_string_free(c.info, TRUE);
	return buf;
}

static void test_icmp(void)
{
	char buf[512];
	struct dissect_session *s = dissect_session_new();
	g_assert_cmpstr(icmp_in(s, 1, true, 64, "08005435123400016162636465666768", buf, sizeof buf), ==,
			"ICMP|Echo (ping) request  id=0x1234, seq=1/256, ttl=64");
	g_assert_cmpstr(icmp_in(s, 2, false, 63, "00005c35123400016162636465666768", buf, sizeof buf), ==,
			"ICMP|Echo (ping) reply    id=0x1234, seq=1/256, ttl=63 (request in 1)");
	/* a bad checksum: no pairing */
	g_assert_cmpstr(icmp_in(s, 3, true, 64, "08000000123400026162636465666768", buf, sizeof buf), ==,
			"ICMP|Echo (ping) request  id=0x1234, seq=2/512, ttl=64");
	g_assert_cmpstr(icmp_in(s, 4, false, 63, "00005c34123400026162636465666768", buf, sizeof buf), ==,
			"ICMP|Echo (ping) reply    id=0x1234, seq=2/512, ttl=63");
	g_assert_cmpstr(icmp_in(s, 5, false, 64,
				"03030000000000004500001e00014000401126cc0a0000010a0000029c400035000a0000", buf,
				sizeof buf),
			==, "ICMP|Destination unreachable (Port unreachable)");
	dissect_session_free(s);
}

/* Ethernet carrying the IPv4 bytes of HEX. */
static const char *eth_ip_cols(const char *hex, char *buf, size_t n)
{
	static struct built f;
	static const uint8_t eth[14] = {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00};
	memcpy(f.b, eth, sizeof eth);
	f.n = 14 + unhex(f.b + 14, hex);
	return cols_of(&f, buf, n);
}

static void test_ipv4(void)
{
	char buf[512];
	/* a fragment from 1480 bytes on, ID 1234 */
	g_assert_cmpstr(eth_ip_cols("4500003c04d200b9401161240a0000010a000002000102030405060708090a0b0c0d0e0f1011121314"
				    "15161718191a1b1c1d1e1f2021222324252627",
				    buf, sizeof buf),
			==, "IPv4|Fragmented IP protocol (proto=UDP 17, off=1480, ID=04d2)");
	/* a first fragment, held back for the rest */
	g_assert_cmpstr(eth_ip_cols("45000080432120004011034a0a0000010a00000213881389006c0000000000000000000000000000000000"
				    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000"
				    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000"
				    "000000",
				    buf, sizeof buf),
			==, "IPv4|Fragmented IP protocol (proto=UDP 17, off=0, ID=4321)");
	g_assert_cmpstr(eth_ip_cols("5500001c00014000401126ce0a0000010a0000020001000200080000", buf, sizeof buf), ==,
			"IPv4|Bogus IPv4 version (5, must be 4)");
}

static void test_rx(void)
{
	char buf[512];
	g_assert_cmpstr(udp_cols(7001, 7000,
				 "12345678000001000000012200000000000000050200000000000001002000000000000100000000"
				 "000000040800",
				 buf, sizeof buf),
			==, "RX|ACK Delay  Seq: 0  Call: 290  Source Port: 7001  Destination Port: 7000  ");
	g_assert_cmpstr(udp_cols(7001, 7000, "1234567800000100000000070000000300000005040000000000000100000001", buf,
				 sizeof buf),
			==, "RX|ABORT  Seq: 3  Call: 7  Source Port: 7001  Destination Port: 7000  ");
}

/* Ethernet carrying the ARP bytes of HEX. */
static const char *arp_cols(const char *hex, char *buf, size_t n)
{
	static struct built f;
	static const uint8_t eth[14] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 1, 0x08, 0x06};
	memcpy(f.b, eth, sizeof eth);
	f.n = 14 + unhex(f.b + 14, hex);
	return cols_of(&f, buf, n);
}

static void test_arp(void)
{
	char buf[512];
	/* an InfiniBand reply: 20-byte hardware addresses as plain hex */
	g_assert_cmpstr(arp_cols("0020080014040002808182838485868788898a8b8c8d8e8f90919293c0a8381800000000000000000000"
				 "00000000000000000000c0a8380a",
				 buf, sizeof buf),
			==, "ARP|192.168.56.24 is at 808182838485868788898a8b8c8d8e8f90919293");
	g_assert_cmpstr(arp_cols("000108000604006c0000000000000a0000010000000000000a000002", buf, sizeof buf), ==,
			"ARP|Unknown ARP opcode 0x006c");
}

/* A payload no protocol takes is named by its IP protocol number, with
 * Wireshark's name for it (Unassigned, Unknown past its list); a fragment
 * names it the same way. */
static void test_ipv4_unclaimed(void)
{
	char buf[256];
	struct built f;
	static const struct {
		uint8_t proto;
		const char *cols;
	} cases[] = {
		{118, "IPv4|STP (118)"}, {37, "IPv4|Datagram delivery (37)"},
		{170, "IPv4|Unassigned (170)"}, {253, "IPv4|Unknown (253)"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		build_ip(&f, cases[i].proto, 8);
		memset(f.b + 34, 0xab, 8);
		g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, cases[i].cols);
	}
	build_ip(&f, 120, 8);
	f.b[14 + 6] = 0x20; /* more fragments, offset 0 */
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "IPv4|Fragmented IP protocol (proto=UTI 120, off=0, ID=0001)");
}

/* Ethernet and IPv6 (fe80::1 -> ff02::1:ff00:2, hop limit 255) carrying
 * the ICMPv6 bytes of HEX. */
static const char *icmpv6_cols(const char *hex, char *buf, size_t n)
{
	struct built f;
	memset(f.b, 0, sizeof f.b);
	uint32_t len = unhex(f.b + 54, hex);
	unhex(f.b, "3333ff00000202000000000186dd6000000000003aff"
		   "fe800000000000000000000000000001ff0200000000000000000001ff000002");
	put16(f.b + 18, len);
	f.n = 54 + len;
	return cols_of(&f, buf, n);
}

/* Neighbor Discovery: a solicitation's target and the source's link-layer
 * address, an advertisement's target, flags and the target's link-layer
 * address; a router solicitation's source. */
static void test_icmpv6_nd(void)
{
	char buf[256];
	g_assert_cmpstr(icmpv6_cols("87000000" "00000000" "20010db8000000000000000000000002" "0101020000000001", buf,
				    sizeof buf),
			==, "ICMPv6|Neighbor Solicitation for 2001:db8::2 from 02:00:00:00:00:01");
	g_assert_cmpstr(icmpv6_cols("88000000" "60000000" "20010db8000000000000000000000002" "0201020000000002", buf,
				    sizeof buf),
			==, "ICMPv6|Neighbor Advertisement 2001:db8::2 (sol, ovr) is at 02:00:00:00:00:02");
	g_assert_cmpstr(icmpv6_cols("88000000" "00000000" "20010db8000000000000000000000002", buf, sizeof buf), ==,
			"ICMPv6|Neighbor Advertisement 2001:db8::2 (none)");
	g_assert_cmpstr(icmpv6_cols("85000000" "00000000" "0101020000000003", buf, sizeof buf), ==,
			"ICMPv6|Router Solicitation from 02:00:00:00:00:03");
	/* an option of length 0 ends the reading */
	g_assert_cmpstr(icmpv6_cols("85000000" "00000000" "01000200000000030101020000000003", buf, sizeof buf), ==,
			"ICMPv6|Router Solicitation");
}

/* EIGRP names its opcode (a Hello with an acknowledgment number is an
 * acknowledgment); LAT its message type; NBDS its message type when
 * nothing it carries writes Info. */
static void test_opcode_names(void)
{
	char buf[256];
	struct built f;
	build_ip(&f, 88, 20);
	unhex(f.b + 34, "0205000000000000000000000000000000000001");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "EIGRP|Hello");
	f.b[34 + 15] = 7;
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "EIGRP|Hello (Ack)");
	f.b[34 + 1] = 0x2a;
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "EIGRP|Unknown OpCode (0x002a)");

	memset(f.b, 0, sizeof f.b);
	f.n = unhex(f.b, "09002b00000f0800" "2b0000016004" "2808050505016200");
	f.n = 60;
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "LAT|Service announcement");

	uint8_t m[16];
	uint32_t n = unhex(m, "1302000a0a0000010000008a82");
	build_udp(&f, 138, 138, m, n);
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "NBDS|Datagram error");
}

/* NetBIOS names in Info: NBIPX's name packets and NetBIOS Frames' Name
 * Query name the 16-byte name (bytes that are no characters as <xx>, the
 * suffix last); other commands are named alone. */
static void test_netbios_names(void)
{
	char buf[256];
	struct built f;
	memset(f.b, 0, sizeof f.b);
	/* IPX (socket 0x0455) carrying NBIPX: route, name type 0, Find name */
	f.n = unhex(f.b, "ffffffffffff02000000000181370000"   /* Ethernet, IPX checksum */
			 "0050" "0004" "00000000ffffffffffff0455" "000000010200000000010455"
			 "0000000000000000000000000000000000000000000000000000000000000000"
			 "0001" "01025f5f4d5342524f5753455f5f0201");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "NBIPX|Find name <01><02>__MSBROWSE__<02><01>");
	/* 802.3, LLC SAP 0xf0, NetBIOS Frames: a Name Query, then a Datagram */
	memset(f.b, 0, sizeof f.b);
	f.n = unhex(f.b, "03000000000102000000000200" "2f" "f0f003"
			 "2c00ffef0a00000000000000" "5553455237202020202020202020202020"
			 "4141414141414141414141414141412000");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "NetBIOS|Name Query for USER7<20>");
	f.b[17 + 4] = 0x08;
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "NetBIOS|Datagram");
}

/* A DNS name's bytes that are no characters: \a to \r by their letters,
 * other control bytes in octal. */
static void test_dns_name_escapes(void)
{
	char buf[256];
	struct built f;
	uint8_t m[64];
	uint32_t n = unhex(m, "123401000001000000000000" "03610d62" "0101" "00" "0010" "0001");
	build_udp(&f, 40000, 53, m, n);
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "DNS|Standard query 0x1234 TXT a\\rb.\\001");
}

/* GRE names what it carries when nothing after it writes Info: a PPTP
 * acknowledgment (enhanced GRE, no payload), a type it has no name for. */
static void test_gre(void)
{
	char buf[256];
	struct built f;
	build_ip(&f, 47, 12);
	unhex(f.b + 34, "2081880b0000400100000007"); /* K, A, version 1: call 0x4001, ack 7 */
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "GRE|Encapsulated PPP");
	build_ip(&f, 47, 4);
	unhex(f.b + 34, "00001234");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "GRE|Encapsulated 0x1234 (unknown)");
}

/* A PPTP control message on TCP port 1723: its type names it. */
static void test_pptp(void)
{
	char buf[256];
	struct built f;
	static const char *const types[][2] = {
		{"0001", "PPTP|Start-Control-Connection-Request"}, {"0008", "PPTP|Outgoing-Call-Reply"},
		{"000f", "PPTP|Set-Link-Info"}, {"0063", "PPTP|Unknown control type (99)"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
		build_ip(&f, 6, 20 + 16);
		uint8_t *t = f.b + 34;
		put16(t, 40000), put16(t + 2, 1723), put32(t + 4, 1), put32(t + 8, 1);
		t[12] = 0x50, t[13] = 0x18, put16(t + 14, 1024);
		unhex(t + 20, "001000011a2b3c4d");
		unhex(t + 28, types[i][0]);
		g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, types[i][1]);
	}
}

/* CDP over 802.3 and SNAP: the device and the port, each followed by two
 * spaces; a string stops at a NUL. */
static void test_cdp(void)
{
	char buf[256];
	struct built f;
	memset(f.b, 0, sizeof f.b);
	f.n = unhex(f.b, "01000ccccccc00000000000100"
			 "26" /* 802.3 length */
			 "aaaa0300000c2000"
			 "02b40000"
			 "000100065231"         /* Device ID "R1" */
			 "0006000a436973636f00"   /* Platform */
			 "0003000a4661302f3000"); /* Port ID "Fa0/0" and a NUL */
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "CDP|Device ID: R1  Port ID: Fa0/0  ");
}

/* Services a scanner probes on their well-known ports (echo, daytime,
 * chargen, time): request or response by the service's port. */
static void test_small_services(void)
{
	char buf[512];
	g_assert_cmpstr(udp_cols(40000, 7, "0d0a0d0a", buf, sizeof buf), ==, "ECHO|Request");
	g_assert_cmpstr(udp_cols(7, 40000, "0d0a0d0a", buf, sizeof buf), ==, "ECHO|Response");
	g_assert_cmpstr(tcp_cols(40001, 7, "68656c6c6f", buf, sizeof buf), ==, "ECHO|Request");
	g_assert_cmpstr(udp_cols(40000, 13, "0a", buf, sizeof buf), ==, "DAYTIME|DAYTIME Request");
	g_assert_cmpstr(tcp_cols(13, 40002, "4d6f6e204465632020372031363a30303a303020323032360d0a", buf, sizeof buf), ==,
			"DAYTIME|DAYTIME Response");
	g_assert_cmpstr(udp_cols(19, 40000, "2122232425262728292a2b2c2d2e2f30313233", buf, sizeof buf), ==,
			"Chargen|Chargen");
	g_assert_cmpstr(udp_cols(37, 40000, "e9a1b2c3", buf, sizeof buf), ==, "TIME|TIME Response");
	/* a response too short for its time */
	g_assert_cmpstr(udp_cols(37, 40000, "e9a1", buf, sizeof buf), ==, "TIME|TIME Response[Malformed Packet]");
	/* an empty datagram reaches no service */
	g_assert_cmpstr(udp_cols(40000, 37, "", buf, sizeof buf), ==, "UDP|40000 → 37 Len=0");
}

/* XDMCP and SRVLOC by their opcodes; bodies cut short are malformed. */
static void test_xdmcp_srvloc(void)
{
	char buf[512];
	g_assert_cmpstr(udp_cols(40000, 177, "00010002000100", buf, sizeof buf), ==, "XDMCP|Query");
	g_assert_cmpstr(udp_cols(177, 40000, "0001000400080000000000000000", buf, sizeof buf), ==, "XDMCP|Forward_query");
	g_assert_cmpstr(udp_cols(177, 40000, "000100080006000000070000", buf, sizeof buf), ==, "XDMCP|Accept [Malformed Packet]");
	g_assert_cmpstr(udp_cols(177, 40000, "00010063", buf, sizeof buf), ==, "XDMCP|Unknown (0x0063)[Malformed Packet]");
	/* version 2 is not XDMCP */
	g_assert_cmpstr(udp_cols(40000, 177, "00020002000100", buf, sizeof buf), ==, "UDP|40000 → 177 Len=7");
	g_assert_cmpstr(udp_cols(40000, 427, "0201000036200000000000010002656e000000000007736572766963650000000000", buf,
				 sizeof buf),
			==, "SRVLOC|Service Request, V2 XID - 1");
	g_assert_cmpstr(udp_cols(40000, 427, "0106003500000065e000100000000000000000000000000000", buf, sizeof buf), ==,
			"SRVLOC|Attribute Request, V1 Transaction ID - 4096");
	g_assert_cmpstr(udp_cols(427, 40000,
				 "02080000300000000000000100026e65000000000001000b736572766963653a612f62000744454641554c54"
				 "0000000000",
				 buf, sizeof buf),
			==, "SRVLOC|DA Advertisement, V2 XID - 1");
	/* the naming authority 0xffff (all) has no string; the scope is cut */
	g_assert_cmpstr(udp_cols(40000, 427, "0209000030000000000000010002656e0000ffff000744454641554c54", buf, sizeof buf),
			==, "SRVLOC|Service Type Request, V2 XID - 1");
	g_assert_cmpstr(udp_cols(40000, 427, "0209000030000000000000010002656e0000ffff0007444546", buf, sizeof buf), ==,
			"SRVLOC|Service Type Request, V2 XID - 1[Malformed Packet]");
	g_assert_cmpstr(udp_cols(427, 40000, "020200002e000000000000010002656e0000000100", buf, sizeof buf), ==,
			"SRVLOC|Service Reply, V2 XID - 1[Malformed Packet]");
	g_assert_cmpstr(udp_cols(40000, 427, "0108", buf, sizeof buf), ==, "SRVLOC|DA Advertisement[Malformed Packet]");
}

/* BFD control packets: version 1's state and flags (without M), version
 * 0's flags, the 24-byte header cut short. */
static void test_bfd(void)
{
	char buf[512];
	g_assert_cmpstr(udp_cols(49152, 3784, "20c10318000000010000000000000000000f4240000f424000000000", buf, sizeof buf),
			==, "BFD Control|Diag: No Diagnostic, State: Up, Flags: 0x00");
	g_assert_cmpstr(udp_cols(49152, 3784, "00ff0318000000010000000000000000000f4240000f424000000000", buf, sizeof buf),
			==, "BFD Control|Diag: No Diagnostic, Flags: 0xff");
	g_assert_cmpstr(udp_cols(49152, 3784,
				 "2bc4031c000000010000000000000000000f4240000f424000000000010601616263", buf, sizeof buf),
			==, "BFD Control|Diag: Unknown, State: Up, Flags: 0x04");
	g_assert_cmpstr(udp_cols(49152, 4784, "3f40031800000001000000000000000000000000000000000000", buf, sizeof buf), ==,
			"BFD Control|Diag: Unknown, State: Down, Flags: 0x00");
	g_assert_cmpstr(udp_cols(49152, 3784, "2748031800000001", buf, sizeof buf), ==, "BFD Control|[Malformed Packet]");
}

/* UDP 5351: NAT-PMP (version 0) and PCP (1 and 2); a MAP names its ports
 * and protocol when read whole. */
static void test_portcontrol(void)
{
	char buf[512];
	g_assert_cmpstr(udp_cols(40000, 5351, "0000", buf, sizeof buf), ==, "NAT-PMP|External Address Request");
	g_assert_cmpstr(udp_cols(5351, 40000, "00810000000000640000000004d204d200000e10", buf, sizeof buf), ==,
			"NAT-PMP|Map UDP Response");
	g_assert_cmpstr(udp_cols(40000, 5351, "0007", buf, sizeof buf), ==, "NAT-PMP|Unknown opcode: 7");
	g_assert_cmpstr(udp_cols(40000, 5351, "0307", buf, sizeof buf), ==, "UDP|40000 → 5351 Len=2");
	static const char map_v2[] = "0201000000000e1000000000000000000000ffff0a000001000102030405060708090a0b"
				     "%02x0000001f90005000000000000000000000ffff00000000";
	static const struct {
		unsigned proto;
		const char *want;
	} maps[] = {
		{6, "PCP v2|Map Request: 8080 -> 80 [TCP]"},
		{0, "PCP v2|Map Request: 8080 -> 80 [All Protocols]"},
		{58, "PCP v2|Map Request: 8080 -> 80 [Unknown Protocol 58]"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(maps); i++) {
		char hex[256];
		g_snprintf(hex, sizeof hex, map_v2, maps[i].proto);
		g_assert_cmpstr(udp_cols(40000, 5351, hex, buf, sizeof buf), ==, maps[i].want);
	}
	/* an option's header cut short: malformed, and no ports */
	g_assert_cmpstr(udp_cols(40000, 5351,
				 "0201000000000e10000000000000000000000000ffff0a000001000102030405060708090a0b11000000"
				 "1f90000000000000000000000000ffff00000000",
				 buf, sizeof buf),
			==, "PCP v2|Map Request[Malformed Packet]");
	/* a description option */
	g_assert_cmpstr(udp_cols(40000, 5351, "0200000000000e10000000000000000000000000ffff0a0000018000000461626364", buf,
				 sizeof buf),
			==, "PCP v2|Announce Request");
	g_assert_cmpstr(udp_cols(40000, 5351, "0101000000000e10", buf, sizeof buf), ==, "PCP v1|Map Request[Malformed Packet]");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cols-net2/gquic", test_gquic);
	g_test_add_func("/cols-net2/igmp", test_igmp);
	g_test_add_func("/cols-net2/snmp", test_snmp);
	g_test_add_func("/cols-net2/esp", test_esp);
	g_test_add_func("/cols-net2/bittorrent", test_bittorrent);
	g_test_add_func("/cols-net2/icmp", test_icmp);
	g_test_add_func("/cols-net2/ipv4", test_ipv4);
	g_test_add_func("/cols-net2/rx", test_rx);
	g_test_add_func("/cols-net2/arp", test_arp);
	g_test_add_func("/cols-net2/ipv4-unclaimed", test_ipv4_unclaimed);
	g_test_add_func("/cols-net2/icmpv6-nd", test_icmpv6_nd);
	g_test_add_func("/cols-net2/opcode-names", test_opcode_names);
	g_test_add_func("/cols-net2/netbios-names", test_netbios_names);
	g_test_add_func("/cols-net2/dns-name-escapes", test_dns_name_escapes);
	g_test_add_func("/cols-net2/gre", test_gre);
	g_test_add_func("/cols-net2/pptp", test_pptp);
	g_test_add_func("/cols-net2/cdp", test_cdp);
	g_test_add_func("/cols-net2/small-services", test_small_services);
	g_test_add_func("/cols-net2/xdmcp-srvloc", test_xdmcp_srvloc);
	g_test_add_func("/cols-net2/bfd", test_bfd);
	g_test_add_func("/cols-net2/portcontrol", test_portcontrol);
	return g_test_run();
}
