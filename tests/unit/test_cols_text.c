/* Unit tests of Info texts that Wireshark builds from names and strings
 * (DNS names as UTF-8, the records whose owner or data the Info names,
 * mDNS cache flush, names too long), from Syslog's priority, DHCPv6's
 * nested options and relays, RIPng, RTCP by its look, STP's versions, and of a DNS answer gathered
 * from IP fragments: frames built here, the texts tshark 4.0 shows for the
 * same bytes. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/session.h"
#include "dissect_test.h"
#include "frame_build.h"

static const char *udp_cols(uint16_t sport, uint16_t dport, const void *data, uint32_t len, char *buf, size_t n)
{
	static struct built f;
	build_udp(&f, sport, dport, data, len);
	return cols_of(&f, buf, n);
}

static const char *utf8(const char *bytes, uint32_t n)
{
	static GString *s;
	if (!s)
		s = g_string_new(NULL);
	g_string_truncate(s, 0);
	text_append_utf8(s, (const uint8_t *)bytes, n);
	return s->str;
}

/* Raw bytes taken as UTF-8: printable characters kept, a broken or
 * impossible sequence as U+FFFD (the byte that broke it read again),
 * control characters escaped. */
static void test_text_utf8(void)
{
	g_assert_cmpstr(utf8("Luca\xe2\x80\x99s", 8), ==, "Luca\xe2\x80\x99s");
	g_assert_cmpstr(utf8("\xe5\xb0\x8f", 3), ==, "\xe5\xb0\x8f");
	g_assert_cmpstr(utf8("a\xe2\x80" "b", 4), ==, "a\xef\xbf\xbd" "b");
	g_assert_cmpstr(utf8("\xff\x80", 2), ==, "\xef\xbf\xbd\xef\xbf\xbd");
	g_assert_cmpstr(utf8("\xe2\x80", 2), ==, "\xef\xbf\xbd");
	g_assert_cmpstr(utf8("\x01\n\x7f", 3), ==, "\\001\\n\\177");
	g_assert_cmpstr(utf8("\xc2\x85", 2), ==, "\\u0085"); /* a C1 control: not printable */
	g_assert_cmpstr(utf8("\xed\xa0\x80", 3), ==, "\xef\xbf\xbd"); /* a surrogate names no character */
}

static void test_dns_names(void)
{
	char buf[1024];
	/* an LLMNR question whose name is UTF-8 */
	static const char llmnr[] = "\xf6\x04\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x06\xe5\xb0\x8f\xe4\xbd\x9b\x00\x00\xff\x00\x01";
	g_assert_cmpstr(udp_cols(50000, 5355, llmnr, sizeof llmnr - 1, buf, sizeof buf), ==,
			"LLMNR|Standard query 0xf604 ANY \xe5\xb0\x8f\xe4\xbd\x9b");
	/* mDNS answers with the cache-flush bit: said after the type */
	static const char flush[] = "\x00\x00\x84\x00\x00\x00\x00\x02\x00\x00\x00\x00"
				    "\x04host\x05local\x00\x00\x01\x80\x01\x00\x00\x00\x78\x00\x04\xc0\xa8\x02\x01"
				    "\xc0\x0c\x00\x2f\x80\x01\x00\x00\x00\x78\x00\x08\xc0\x0c\x00\x04\x40\x00\x00\x08";
	g_assert_cmpstr(udp_cols(5353, 5353, flush, sizeof flush - 1, buf, sizeof buf), ==,
			"MDNS|Standard query response 0x0000 A, cache flush 192.168.2.1 NSEC, cache flush host.local");
	/* a NULL record: the record's own name; HINFO: its two strings; a
	 * record with no data: nothing after its type */
	static const char null[] = "\x12\xb0\x84\x00\x00\x00\x00\x03\x00\x00\x00\x00"
				   "\x01x\x03sea\x00\x00\x0a\x00\x01\x00\x00\x00\x00\x00\x02\xab\xcd"
				   "\xc0\x0c\x00\x0d\x00\x01\x00\x00\x00\x00\x00\x08\x03" "cpu\x03" "os1"
				   "\xc0\x0c\x00\x05\x00\x01\x00\x00\x00\x00\x00\x00";
	g_assert_cmpstr(udp_cols(53, 40000, null, sizeof null - 1, buf, sizeof buf), ==,
			"DNS|Standard query response 0x12b0 NULL x.sea HINFO cpu os1 CNAME");
	/* a name of 254 bytes or more with its dots: too long */
	uint8_t m[400] = {0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0};
	uint32_t at = 12;
	for (int i = 0; i < 4; i++) {
		m[at++] = 63;
		memset(m + at, 'a', 63);
		at += 63;
	}
	m[at++] = 0;
	m[at++] = 0, m[at++] = 1, m[at++] = 0, m[at++] = 1;
	g_assert_cmpstr(udp_cols(40000, 53, m, at, buf, sizeof buf), ==, "DNS|Standard query 0x0001 A <Name too long>");
	/* 253 bytes: shown (62 + 63 * 3 + 3 dots = 254 is too long, 61 fits) */
	m[12] = 61;
	memmove(m + 12 + 62, m + 12 + 64, at - (12 + 64));
	at -= 2;
	g_assert_cmpstr(udp_cols(40000, 53, m, at, buf, sizeof buf) + strlen("DNS|Standard query 0x0001 A "), ==,
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
}

static void test_syslog(void)
{
	char buf[512];
	static const char cisco[] = "<189>30: *Sep 22 13:34:49.195: %SYS-5-CONFIG_I: Configured\n";
	g_assert_cmpstr(udp_cols(50000, 514, cisco, sizeof cisco - 1, buf, sizeof buf), ==,
			"Syslog|LOCAL7.NOTICE: 30: *Sep 22 13:34:49.195: %SYS-5-CONFIG_I: Configured\\n");
	static const char user[] = "<14>hello";
	g_assert_cmpstr(udp_cols(50000, 514, user, sizeof user - 1, buf, sizeof buf), ==, "Syslog|USER.INFO: hello");
	/* no priority: the message alone; a priority past the facilities' names */
	g_assert_cmpstr(udp_cols(50000, 514, "plain", 5, buf, sizeof buf), ==, "Syslog|plain");
	g_assert_cmpstr(udp_cols(50000, 514, "<999>x", 6, buf, sizeof buf), ==, "Syslog|UNKNOWN.DEBUG: x");
}

static void test_dhcpv6(void)
{
	char buf[512];
	uint8_t m[256];
	/* a Reply: an IA_NA holding an IA address, then the client's DUID */
	uint32_t n = unhex(m, "072ffdd1"
			      "0003002800000001000000000000000000050018"
			      "2a000001000102003" "8e6b22ec440acdf0000012c00000258"
			      "0001000a00030001000102030405");
	g_assert_cmpstr(udp_cols(547, 546, m, n, buf, sizeof buf), ==,
			"DHCPv6|Reply XID: 0x2ffdd1 IAA: 2a00:1:1:200:38e6:b22e:c440:acdf CID: 00030001000102030405 ");
	/* a relayed Solicit: the link address, then the inner message */
	n = unhex(m, "0c00200108a8100600030225" "84fffedb2380" "fe800000000000000000000000000001"
		     "00090012" "0178244b" "0001000a00030001b827ebb80000");
	g_assert_cmpstr(udp_cols(547, 547, m, n, buf, sizeof buf), ==,
			"DHCPv6|Relay-forw L: 2001:8a8:1006:3:225:84ff:fedb:2380 Solicit XID: 0x78244b "
			"CID: 00030001b827ebb80000 ");
	/* an option running past the message: nothing after it is read */
	n = unhex(m, "0b0732c0" "00030040" "00000001");
	g_assert_cmpstr(udp_cols(546, 547, m, n, buf, sizeof buf), ==, "DHCPv6|Information-request XID: 0x0732c0 ");
}

/* RIPng: whatever its command and version; an entry cut short by the
 * datagram's end is malformed. */
static void test_ripng(void)
{
	char buf[512];
	uint8_t m[64];
	uint32_t n = unhex(m, "02010000" "fe800000000000000000000000000000" "0000" "40" "01");
	g_assert_cmpstr(udp_cols(521, 521, m, n, buf, sizeof buf), ==, "RIPng| Command Response, Version 1");
	n = unhex(m, "dc4c0000" "0102030405060708090a0b0c0d0e0f10" "0000" "40" "01" "0102");
	g_assert_cmpstr(udp_cols(40000, 521, m, n, buf, sizeof buf), ==,
			"RIPng| Command Unknown (220), Version 76[Malformed Packet]");
}

/* RTCP found on a port no protocol claims: a receiver report; what follows
 * it that is no RTCP packet (SRTCP's encrypted part) is not read.  A
 * datagram whose length is no multiple of 4 is not RTCP. */
static void test_rtcp_heur(void)
{
	char buf[512];
	uint8_t m[64];
	uint32_t n = unhex(m, "81c90007" "11223344" "55667788" "00000000" "00000000" "00000000" "00000000" "00000000"
			      "a1b2c3d4" "e5f60708");
	g_assert_cmpstr(udp_cols(43068, 61156, m, n, buf, sizeof buf), ==, "RTCP|Receiver Report   ");
	g_assert_cmpstr(udp_cols(43068, 61156, m, n - 1, buf, sizeof buf), ==, "UDP|43068 \u2192 61156 Len=39");
}

/* Ethernet 802.3 with LLC, carrying the bytes of HEX. */
static const char *llc_cols(const char *hex, char *buf, size_t n)
{
	static struct built f;
	static const uint8_t eth[12] = {0x01, 0x80, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	memcpy(f.b, eth, sizeof eth);
	uint32_t len = unhex(f.b + 14, hex);
	put16(f.b + 12, len);
	f.n = 14 + len;
	return cols_of(&f, buf, n);
}

static void test_stp(void)
{
	char buf[512];
	/* flags, root and bridge 32768/1/00:19:06:ea:b8:80, cost 0, port
	 * 0x800c, the four times, version 1 length */
	static const char body[] = "7c" "8001001906eab880" "00000000" "8001001906eab880" "800c" "0000140002000f00" "00";
	char hex[256];
	/* version 2 RST, version 3 MST, version 4 SPT: the column is STP */
	g_snprintf(hex, sizeof hex, "424203" "0000%02x%02x%s", 2, 2, body);
	g_assert_cmpstr(llc_cols(hex, buf, sizeof buf), ==,
			"STP|RST. Root = 32768/1/00:19:06:ea:b8:80  Cost = 0  Port = 0x800c");
	g_snprintf(hex, sizeof hex, "424203" "0000%02x%02x%s" "0000", 4, 2, body);
	g_assert_cmpstr(llc_cols(hex, buf, sizeof buf), ==,
			"STP|SPT. Root = 32768/1/00:19:06:ea:b8:80  Cost = 0  Port = 0x800c");
	g_snprintf(hex, sizeof hex, "424203" "0000%02x%02x", 0, 0x55);
	g_assert_cmpstr(llc_cols(hex, buf, sizeof buf), ==, "STP|Unknown BPDU type (85)");
	/* Cisco's PVST+ over SNAP */
	g_snprintf(hex, sizeof hex, "aaaa03" "00000c010b" "0000%02x%02x%s", 2, 2, body);
	g_assert_cmpstr(llc_cols(hex, buf, sizeof buf), ==,
			"STP|RST. Root = 32768/1/00:19:06:ea:b8:80  Cost = 0  Port = 0x800c");
}

/* IPv4 fragment NUMBER of ID 7 at byte OFFSET (8-byte units), MORE to come,
 * carrying the N bytes at D. */
static const char *frag_cols(struct dissect_session *s, uint64_t number, uint32_t offset, bool more, const uint8_t *d,
			     uint32_t n, char *buf, size_t bn)
{
	static struct built f;
	build_ip(&f, 17, n);
	f.b[14 + 4] = 0, f.b[14 + 5] = 7;
	put16(f.b + 14 + 6, (more ? 0x2000u : 0) | offset / 8);
	memcpy(f.b + 34, d, n);
	struct packet p;
	struct frame fr = {.number = number, .caplen = f.n, .len = f.n, .linktype = LINKTYPE_ETHERNET, .data = f.b};
	struct columns c = {.info = g_string_new(NULL)};
	dissect_frame_in(&p, &fr, s, false);
	columns_fill(&c, &p);
	g_snprintf(buf, bn, "%s|%s", c.proto, c.info->str);
	g_string_free(c.info, TRUE);
	return buf;
}

/* A DNS answer in two IP fragments, the second first: the Info names the
 * records the second fragment holds too. */
static void test_fragmented_answer(void)
{
	uint8_t dgram[200];
	uint8_t *u = dgram;
	put16(u, 53), put16(u + 2, 40000), put16(u + 6, 0);
	uint8_t *m = u + 8;
	uint32_t n = unhex(m, "d43f8400000100030000000003777777076578616d706c6503636f6d0000010001");
	for (int i = 0; i < 3; i++)
		n += unhex(m + n, "c00c000100010000003c0004c0000201");
	m[n - 1] = 7;
	put16(u + 4, 8 + n);
	uint32_t total = 8 + n, cut = 48;
	char buf[512];
	struct dissect_session *s = dissect_session_new();
	g_assert_cmpstr(frag_cols(s, 1, cut, false, dgram + cut, total - cut, buf, sizeof buf), ==,
			"IPv4|Fragmented IP protocol (proto=UDP 17, off=48, ID=0007)");
	g_assert_cmpstr(frag_cols(s, 2, 0, true, dgram, cut, buf, sizeof buf), ==,
			"DNS|Standard query response 0xd43f A www.example.com A 192.0.2.1 A 192.0.2.1 A 192.0.2.7");
	dissect_session_free(s);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cols-text/utf8", test_text_utf8);
	g_test_add_func("/cols-text/dns-names", test_dns_names);
	g_test_add_func("/cols-text/syslog", test_syslog);
	g_test_add_func("/cols-text/dhcpv6", test_dhcpv6);
	g_test_add_func("/cols-text/ripng", test_ripng);
	g_test_add_func("/cols-text/rtcp-heuristic", test_rtcp_heur);
	g_test_add_func("/cols-text/stp", test_stp);
	g_test_add_func("/cols-text/fragmented-answer", test_fragmented_answer);
	return g_test_run();
}
