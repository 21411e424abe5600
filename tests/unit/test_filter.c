/* Unit tests of the display-filter engine on real dissected frames: a table
 * of filters and the frames each keeps (every operator, literal form, slice,
 * function and the precedence of and / or / not), a table of filters that
 * must be refused with their exact message and column, the caret line, and
 * the filters the shared conformance run uses. */
#include <glib.h>
#include <string.h>

#include "analyzer/filter/filter.h"
#include "dissect_test.h"

/* S: a TCP SYN with options (Ethernet, IPv4 10.0.0.1:61541 -> 81.218.72.15:80). */
static const uint8_t syn_frame[] = {
	0xc4, 0x12, 0xf5, 0xff, 0x72, 0xe8, 0x6c, 0xf0, 0x49, 0xb2, 0xde, 0x6e, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x34, 0x13, 0x6d, 0x40, 0x00, 0x80, 0x06, 0x43, 0x6d, 0x0a, 0x00, 0x00, 0x01, 0x51, 0xda,
	0x48, 0x0f, 0xf0, 0x65, 0x00, 0x50, 0x44, 0x2d, 0xf1, 0x7d, 0x00, 0x00, 0x00, 0x00, 0x80, 0x02,
	0x20, 0x00, 0x84, 0xc5, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x08, 0x01, 0x01,
	0x04, 0x02,
};

/* D: a DNS query for example.com over UDP over IPv6 (2001:db8::1 -> 2620:fe::9). */
static const uint8_t dns6_frame[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x25, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x26, 0x20, 0x00, 0xfe, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x30, 0x39, 0x00, 0x35, 0x00, 0x25, 0x98, 0xb3,
	0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x65, 0x78, 0x61,
	0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01,
};

/* H: an HTTP HEAD request for cache.pack.google.com (IPv4 10.0.0.1:61222 -> 173.194.113.97:80). */
static const uint8_t http_head[] = {
	0x30, 0x46, 0x9a, 0x23, 0xfb, 0xfa, 0x6c, 0xf0, 0x49, 0xb2, 0xde, 0x6e, 0x08, 0x00, 0x45, 0x00,
	0x01, 0x6c, 0x2b, 0x29, 0x40, 0x00, 0x80, 0x06, 0xa5, 0x3e, 0x0a, 0x00, 0x00, 0x01, 0xad, 0xc2,
	0x71, 0x61, 0xef, 0x26, 0x00, 0x50, 0x85, 0x0b, 0xee, 0x8c, 0x05, 0x7b, 0x5f, 0x27, 0x50, 0x18,
	0x41, 0x14, 0xf2, 0x75, 0x00, 0x00, 0x48, 0x45, 0x41, 0x44, 0x20, 0x2f, 0x63, 0x72, 0x78, 0x2f,
	0x62, 0x6c, 0x6f, 0x62, 0x73, 0x2f, 0x51, 0x77, 0x41, 0x41, 0x41, 0x48, 0x46, 0x33, 0x49, 0x6e,
	0x62, 0x6d, 0x4b, 0x2d, 0x77, 0x46, 0x49, 0x65, 0x6d, 0x61, 0x59, 0x33, 0x49, 0x33, 0x42, 0x43,
	0x4e, 0x39, 0x5f, 0x31, 0x64, 0x6b, 0x68, 0x45, 0x56, 0x61, 0x43, 0x64, 0x67, 0x4d, 0x32, 0x32,
	0x32, 0x76, 0x75, 0x48, 0x6a, 0x6b, 0x78, 0x4b, 0x36, 0x4e, 0x42, 0x7a, 0x42, 0x5f, 0x30, 0x67,
	0x4c, 0x5f, 0x5a, 0x58, 0x30, 0x76, 0x69, 0x4c, 0x47, 0x6b, 0x32, 0x4f, 0x6a, 0x39, 0x52, 0x54,
	0x65, 0x6e, 0x6f, 0x51, 0x56, 0x71, 0x46, 0x74, 0x34, 0x74, 0x31, 0x61, 0x52, 0x58, 0x31, 0x55,
	0x42, 0x5a, 0x46, 0x6f, 0x68, 0x6d, 0x2d, 0x35, 0x50, 0x35, 0x33, 0x70, 0x5a, 0x76, 0x67, 0x70,
	0x6b, 0x30, 0x4d, 0x68, 0x55, 0x41, 0x41, 0x4d, 0x5a, 0x53, 0x6d, 0x75, 0x55, 0x4d, 0x69, 0x61,
	0x7a, 0x6d, 0x50, 0x37, 0x51, 0x55, 0x68, 0x64, 0x77, 0x32, 0x47, 0x4f, 0x76, 0x79, 0x66, 0x65,
	0x6f, 0x76, 0x6f, 0x49, 0x4a, 0x70, 0x53, 0x51, 0x2f, 0x65, 0x78, 0x74, 0x65, 0x6e, 0x73, 0x69,
	0x6f, 0x6e, 0x5f, 0x31, 0x5f, 0x34, 0x5f, 0x36, 0x5f, 0x37, 0x30, 0x33, 0x2e, 0x63, 0x72, 0x78,
	0x20, 0x48, 0x54, 0x54, 0x50, 0x2f, 0x31, 0x2e, 0x31, 0x0d, 0x0a, 0x43, 0x6f, 0x6e, 0x6e, 0x65,
	0x63, 0x74, 0x69, 0x6f, 0x6e, 0x3a, 0x20, 0x4b, 0x65, 0x65, 0x70, 0x2d, 0x41, 0x6c, 0x69, 0x76,
	0x65, 0x0d, 0x0a, 0x41, 0x63, 0x63, 0x65, 0x70, 0x74, 0x3a, 0x20, 0x2a, 0x2f, 0x2a, 0x0d, 0x0a,
	0x41, 0x63, 0x63, 0x65, 0x70, 0x74, 0x2d, 0x45, 0x6e, 0x63, 0x6f, 0x64, 0x69, 0x6e, 0x67, 0x3a,
	0x20, 0x69, 0x64, 0x65, 0x6e, 0x74, 0x69, 0x74, 0x79, 0x0d, 0x0a, 0x55, 0x73, 0x65, 0x72, 0x2d,
	0x41, 0x67, 0x65, 0x6e, 0x74, 0x3a, 0x20, 0x4d, 0x69, 0x63, 0x72, 0x6f, 0x73, 0x6f, 0x66, 0x74,
	0x20, 0x42, 0x49, 0x54, 0x53, 0x2f, 0x37, 0x2e, 0x35, 0x0d, 0x0a, 0x48, 0x6f, 0x73, 0x74, 0x3a,
	0x20, 0x63, 0x61, 0x63, 0x68, 0x65, 0x2e, 0x70, 0x61, 0x63, 0x6b, 0x2e, 0x67, 0x6f, 0x6f, 0x67,
	0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x0d, 0x0a, 0x0d, 0x0a,
};

/* A: an ARP request, who has 192.168.1.1, tell 192.168.1.10 (00:11:22:33:44:55). */
static const uint8_t arp_frame[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x08, 0x06, 0x00, 0x01,
	0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0xc0, 0xa8, 0x01, 0x0a,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0xa8, 0x01, 0x01,
};

#define BASE_NS INT64_C(1700000000000000000) /* 2023-11-14 22:13:20 UTC */

/* The four frames, numbered 1..4, at 0, 0.5, 1.75 and 2 seconds. */
static const struct {
	char letter;
	const uint8_t *data;
	uint32_t len;
	uint32_t linktype;
	int64_t at_ns;
} frames[] = {
	{'S', syn_frame, sizeof syn_frame, LINKTYPE_ETHERNET, 0},
	{'D', dns6_frame, sizeof dns6_frame, LINKTYPE_IPV6, 500000000},
	{'H', http_head, sizeof http_head, LINKTYPE_ETHERNET, 1750000000},
	{'A', arp_frame, sizeof arp_frame, LINKTYPE_ETHERNET, 2000000000},
};

static struct packet packets[G_N_ELEMENTS(frames)];
static struct frame frame_recs[G_N_ELEMENTS(frames)];

static void dissect_all(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(frames); i++) {
		struct frame *f = &frame_recs[i];
		*f = (struct frame){.number = i + 1, .caplen = frames[i].len, .len = frames[i].len,
				    .linktype = frames[i].linktype, .data = frames[i].data,
				    .ts_ns = BASE_NS + frames[i].at_ns};
		f->ts_sec = f->ts_ns / 1000000000;
		f->ts_nsec = (uint32_t)(f->ts_ns % 1000000000);
		dissect_frame(&packets[i], f);
		packets[i].first_ns = BASE_NS;
		packets[i].prev_ns = BASE_NS + (i ? frames[i - 1].at_ns : 0);
	}
}

/* Filter -> the letters of the frames it keeps. */
static const struct {
	const char *filter;
	const char *keeps;
} matches[] = {
	/* presence of protocols and fields */
	{"tcp", "SH"}, {"dns", "D"}, {"ip", "SH"}, {"ipv6", "D"}, {"arp", "A"}, {"eth", "SHA"},
	{"frame", "SDHA"}, {"http.request", "H"}, {"tcp.flags.syn", "SH"}, {"tcp.len", "SH"}, {"udp && !dns", ""},
	{"", "SDHA"}, {"   ", "SDHA"},
	/* == and its spellings, several occurrences */
	{"tcp.port == 80", "SH"}, {"tcp.port eq 80", "SH"}, {"tcp.port==80", "SH"},
	{"tcp.port != 80", ""}, {"tcp.port != 61541", "H"}, {"tcp.port ne 61541", "H"},
	{"!(tcp.port == 80)", "DA"}, {"tcp.port === 80", ""}, {"tcp.srcport === 61541", "S"},
	{"tcp.srcport all_eq 61541", "S"}, {"tcp.port !== 80", "SH"}, {"tcp.port any_ne 80", "SH"},
	{"tcp.port ~= 80", "SH"}, {"ip.addr != 10.0.0.1", ""}, {"ip.dst != 81.218.72.15", "H"},
	/* ordering */
	{"tcp.dstport > 79", "SH"}, {"tcp.dstport gt 80", ""}, {"tcp.srcport < 61500", "H"},
	{"tcp.srcport lt 61500", "H"}, {"tcp.srcport >= 61541", "S"}, {"tcp.srcport ge 61541", "S"},
	{"tcp.srcport <= 61222", "H"}, {"tcp.srcport le 61221", ""},
	{"80 == tcp.dstport", "SH"}, {"61300 < tcp.srcport", "S"},
	/* integers in every base, characters */
	{"ip.ttl == 128", "SH"}, {"ip.ttl == 0x80", "SH"}, {"ip.ttl == 0200", "SH"},
	{"ip.ttl == 0b10000000", "SH"}, {"ip.ttl == '\\x80'", "SH"}, {"ip.proto == '\\006'", "SH"},
	{"eth.type == 0x0806", "A"}, {"udp.length > 30", "D"}, {"dns.id == 0x1234", "D"},
	{"frame.len == 66", "S"}, {"frame.len > 1000", ""}, {"frame.number == 3", "H"},
	{"frame.number <= 2", "SD"}, {"frame.cap_len == 42", "A"},
	/* value names */
	{"arp.opcode == request", "A"}, {"arp.opcode == 2", ""}, {"dns.qry.type == A", "D"},
	/* booleans */
	{"tcp.flags.syn == 1", "S"}, {"tcp.flags.syn == True", "S"}, {"tcp.flags.ack == False", "S"},
	{"tcp.flags.syn == 1 && tcp.flags.ack == 1", ""}, {"tcp.flags.ack == 1", "H"},
	{"dns.flags.response == 0", "D"},
	/* addresses */
	{"ip.addr == 10.0.0.1", "SH"}, {"ip.src == 10.0.0.0/8", "SH"}, {"ip.dst == 173.194.0.0/16", "H"},
	{"ip.addr == 81.218.72.15", "S"}, {"ip.dst > 100.0.0.0", "H"}, {"ip.addr == 192.168.0.0/16", ""},
	{"arp.src.proto_ipv4 == 192.168.1.10", "A"}, {"arp.dst.proto_ipv4 == 192.168.1.0/24", "A"},
	{"ipv6.addr == 2001:db8::1", "D"}, {"ipv6.dst == 2620:fe::/32", "D"}, {"ipv6.addr == ::1", ""},
	{"eth.src == 6c:f0:49:b2:de:6e", "SH"}, {"eth.src == 6c-f0-49-b2-de-6e", "SH"},
	{"eth.src == 6cf0.49b2.de6e", "SH"}, {"eth.addr == ff:ff:ff:ff:ff:ff", "A"},
	{"eth.dst == c4:12:f5:ff:72:e8", "S"}, {"arp.src.hw_mac == 00:11:22:33:44:55", "A"},
	/* slices and byte strings */
	{"eth.src[0:3] == 6c:f0:49", "SH"}, {"eth.src[0:3] == 6c-f0-49", "SH"}, {"eth.src[0:3] == 6cf049", "SH"},
	{"eth.src[1-2] == f0:49", "SH"}, {"eth.src[-1] == 6e", "SH"}, {"eth.src[-2:] == de:6e", "SH"},
	{"eth.src[:2] == 6c:f0", "SH"}, {"eth.src[3:] == b2:de:6e", "SH"}, {"eth.src[0:1,4-5] == 6c:de:6e", "SH"},
	{"frame[0] == ff", "A"}, {"frame[12:2] == 08:06", "A"}, {"ip[9] == 06", "SH"}, {"tcp[13] == 02", "S"},
	{"tcp[0:2] == f0:65", "S"}, {"frame[-2:] == 01:01", "A"}, {"frame[100:2] == 00:00", ""},
	{"http.host[0:5] == \"cache\"", "H"},
	/* strings, escapes, contains, matches */
	{"http.request.method == \"HEAD\"", "H"}, {"http.request.method == HEAD", "H"},
	{"http.request.method == r\"HEAD\"", "H"}, {"http.host == \"cache\\x2epack.google.com\"", "H"},
	{"http.host == \"cache.pack.google.com\"", "H"}, {"http.host contains \"google\"", "H"},
	{"dns.qry.name == \"example.com\"", "D"}, {"dns.qry.name contains \"ample\"", "D"},
	{"tcp contains \"HEAD\"", "H"}, {"frame contains 48:45:41:44", "H"}, {"http contains \"BITS\"", "H"},
	{"http.host matches \"GOOGLE\\\\.com$\"", "H"}, {"http.host ~ \"^cache\"", "H"},
	{"http.request.method matches \"(?-i)head\"", ""}, {"frame matches \"bits/7\\\\.5\"", "H"},
	/* sets */
	{"tcp.port in {80, 443, 8080}", "SH"}, {"tcp.port in {443, 8080}", ""}, {"tcp.srcport in {61000..61300}", "H"},
	{"tcp.srcport in {1..10, 61541}", "S"}, {"ip.ttl in {64, 128}", "SH"}, {"ip.src in {10.0.0.0/8}", "SH"},
	/* bitwise and */
	{"tcp.flags & 0x02", "S"}, {"tcp.flags & 0x10", "H"}, {"tcp.flags & 0x04", ""},
	{"tcp.flags & 0x12 == 0x10", "H"}, {"tcp.flags bitwise_and 0x08", "H"}, {"!(tcp.flags & 0x02)", "DHA"},
	/* functions */
	{"len(http.host) == 21", "H"}, {"count(ip.addr) == 2", "SH"}, {"count(tcp.port) > 1", "SH"},
	{"upper(http.request.method) == \"HEAD\"", "H"}, {"lower(http.host) contains \"google\"", "H"},
	{"lower(http.request.method) == \"head\"", "H"}, {"len(eth.src) == 6", "SHA"}, {"count(ipv6.addr) == 2", "D"},
	{"count(tcp) == 1", "SH"}, {"count(frame) == 1", "SDHA"}, {"count(dns.qry.name) == 1", "D"},
	/* precedence: not, then and, then or; parentheses */
	{"tcp or udp and dns", "SDH"}, {"(tcp or udp) and dns", "D"}, {"not tcp and ip", ""},
	{"not (tcp and ip)", "DA"}, {"!tcp || arp", "DA"}, {"arp || ip && tcp.flags.syn == 1", "SA"},
	{"arp or ip and not tcp", "A"}, {"dns and udp or arp", "DA"}, {"not not tcp", "SH"},
	{"tcp && (tcp.srcport == 61222 || ipv6)", "H"},
	/* times */
	{"frame.time_relative > 1.5", "HA"}, {"frame.time_relative == 0.5", "D"}, {"frame.time_delta == 0.25", "A"},
	{"frame.time_delta < 0.3", "SA"}, {"frame.time_epoch > 1700000001.5", "HA"},
	{"frame.time >= \"2023-11-14 22:13:21Z\"", "HA"}, {"frame.time < \"2023-11-14T22:13:20.6Z\"", "SD"},
	/* two fields */
	{"tcp.srcport > tcp.dstport", "SH"}, {"ip.src == ip.dst", ""}, {"ipv6.src != ipv6.dst", "D"},
};

static void test_matches(void)
{
	dissect_all();
	int failures = 0;
	for (size_t k = 0; k < G_N_ELEMENTS(matches); k++) {
		GError *err = NULL;
		g_autoptr(dfilter) f = dfilter_compile(matches[k].filter, &err);
		if (!f) {
			g_printerr("'%s': %s\n", matches[k].filter, err->message);
			g_error_free(err);
			failures++;
			continue;
		}
		char got[8] = {0};
		size_t n = 0;
		for (size_t i = 0; i < G_N_ELEMENTS(frames); i++)
			if (dfilter_match(f, &packets[i]))
				got[n++] = frames[i].letter;
		if (strcmp(got, matches[k].keeps) != 0) {
			g_printerr("'%s': keeps \"%s\", expected \"%s\"\n", matches[k].filter, got, matches[k].keeps);
			failures++;
		}
	}
	g_assert_cmpint(failures, ==, 0);
}

/* Filter -> the message (NULL: only the column is checked) and the column. */
static const struct {
	const char *filter;
	const char *message;
	int column;
} errors[] = {
	{"tcp.prot == 1", "\"tcp.prot\" is not a field or protocol; did you mean \"tcp.port\"? (column 1)", 1},
	{"dns.qry.nam contains \"x\"", "\"dns.qry.nam\" is not a field or protocol; did you mean \"dns.qry.name\"? (column 1)", 1},
	/* quic.dcid and quic.dcil are as near: the first by name */
	{"quic.dcix", "\"quic.dcix\" is not a field or protocol; did you mean \"quic.dcid\"? (column 1)", 1},
	{"tcp.srcport == tcp.dstprot", "\"tcp.dstprot\" is not a field or protocol; did you mean \"tcp.dstport\"? (column 16)", 16},
	{"tcp && ssh.encrypted_packet", "\"ssh.encrypted_packet\" is a Wireshark field that analyze does not extract (what Wireshark shows depends on the cipher the session negotiated) (column 8)", 8},
	{"xyzzy", "\"xyzzy\" is not a field or protocol (column 1)", 1},
	{"tcp.port in {80 443}", "unexpected \"443\"; expected \",\" or \"}\" closing the \"{\" at column 13 (column 17)", 17},
	{"ip.addr == 300.1.1.1", "\"300.1.1.1\" is not a valid IPv4 address (column 12)", 12},
	{"ip.addr == 10.0.0.0/33", "\"10.0.0.0/33\" is not a valid IPv4 address (column 12)", 12},
	{"ipv6.addr == 1::2::3", "\"1::2::3\" is not a valid IPv6 address (column 14)", 14},
	{"eth.src == 00:11:22", "\"00:11:22\" is not a valid Ethernet address (column 12)", 12},
	{"tcp.port == \"x\"", "\"x\" is not a valid unsigned integer (column 13)", 13},
	{"tcp.port == -1", "\"-1\" is not a valid unsigned integer (column 13)", 13},
	{"tcp.port == 70000", "70000 is too large for tcp.port (at most 65535) (column 13)", 13},
	{"ip.ttl == 300", "300 is too large for ip.ttl (at most 255) (column 11)", 11},
	{"frame.time_relative > abc", "\"abc\" is not a valid time in seconds (column 23)", 23},
	{"frame[0] == zz", "\"zz\" is not a valid byte string (column 13)", 13},
	{"tcp.port contains 80", "\"contains\" cannot be used with tcp.port: it is an unsigned integer (column 10)", 10},
	{"tcp.port matches \"x\"", "\"matches\" cannot be used with tcp.port: it is an unsigned integer (column 10)", 10},
	{"http.host matches google", "\"matches\" takes a quoted regular expression (column 19)", 19},
	{"http.host matches \"(\"", NULL, 19},
	{"ip.src & 0xff", "\"&\" cannot be used with ip.src: it is an IPv4 address (column 8)", 8},
	{"tcp.port[0:1] == 00", "tcp.port cannot be sliced: it is an unsigned integer (column 9)", 9},
	{"frame[0:x] == 00", "\"[0:x]\" is not a valid slice (column 6)", 6},
	{"len(tcp.port) == 2", "len() cannot be used with tcp.port: it is an unsigned integer (column 5)", 5},
	{"upper(tcp.port) == 2", "upper() takes a string; tcp.port is an unsigned integer (column 7)", 7},
	{"foo(tcp.port)", "\"foo\" is not a function (column 1)", 1},
	{"len(http.host)", "len() gives a value, not a test; compare it with something (column 1)", 1},
	{"ip.src == eth.src", "ip.src (an IPv4 address) and eth.src (an Ethernet address) cannot be compared with \"==\" (column 8)", 8},
	{"80 == 80", "a constant cannot be compared with a constant (column 1)", 1},
	{"\"abc\"", "a constant is not a test (column 1)", 1},
	{"tcp.port in {80, tcp.port}", "a set holds constants only (column 18)", 18},
	{"tcp.port ==", "unexpected end of filter; expected a field or a value (column 12)", 12},
	{"tcp.port == 80 )", "unexpected \")\"; expected \"and\", \"or\" or the end of the filter (column 16)", 16},
	{"tcp udp", "unexpected \"udp\"; expected \"and\", \"or\" or the end of the filter (column 5)", 5},
	{"(tcp", "unexpected end of filter; expected \")\" closing the \"(\" at column 1 (column 5)", 5},
	{"tcp.port in {80, 443", "unexpected end of filter; expected \",\" or \"}\" closing the \"{\" at column 13 (column 21)", 21},
	{"tcp.port in 80", "unexpected \"80\"; expected \"{\" after \"in\" (column 13)", 13},
	{"== 80", "unexpected \"==\"; expected a field or a value (column 1)", 1},
	{"tcp and", "unexpected end of filter; expected a field or a value (column 8)", 8},
	{"http.host == \"abc", "missing closing quote (column 14)", 14},
	{"http.host == \"a\\qb\"", "unknown escape \"\\q\" (column 16)", 16},
	{"tcp.port == 'ab'", "'ab' is not a valid character constant (column 13)", 13},
	{"tcp.port == 80 @", "unexpected character \"@\" (column 16)", 16},
	{"frame[0", "missing \"]\" after the slice (column 6)", 6},
};

static void test_errors(void)
{
	int failures = 0;
	for (size_t k = 0; k < G_N_ELEMENTS(errors); k++) {
		GError *err = NULL;
		dfilter *f = dfilter_compile(errors[k].filter, &err);
		if (f) {
			g_printerr("'%s': compiled\n", errors[k].filter);
			dfilter_free(f);
			failures++;
			continue;
		}
		if ((errors[k].message && strcmp(err->message, errors[k].message) != 0) ||
		    dfilter_error_column(err) != errors[k].column || strchr(err->message, '\n')) {
			g_printerr("'%s': \"%s\" at %d\n", errors[k].filter, err->message, dfilter_error_column(err));
			failures++;
		}
		g_error_free(err);
	}
	g_assert_cmpint(failures, ==, 0);
}

static void test_caret(void)
{
	g_autofree char *a = dfilter_error_caret("tcp.prot == 1", 1);
	g_assert_cmpstr(a, ==, "tcp.prot == 1\n^~~~~~~~");
	g_autofree char *b = dfilter_error_caret("ip.addr == 300.1.1.1", 12);
	g_assert_cmpstr(b, ==, "ip.addr == 300.1.1.1\n           ^~~~~~~~~");
	g_autofree char *c = dfilter_error_caret("tcp.port ==", 12);
	g_assert_cmpstr(c, ==, "tcp.port ==\n           ^");
	g_autofree char *d = dfilter_error_caret("tcp\tand x == \"ab\"", 14);
	g_assert_cmpstr(d, ==, "tcp\tand x == \"ab\"\n   \t         ^~~~");
	g_assert_cmpint(dfilter_error_column(NULL), ==, 0);
}

/* Every filter of the shared conformance list compiles. */
static const char *const shared_filters[] = {
	"tcp.port == 111", "tcp.flags.syn == 1", "tcp.flags.syn == 1 && tcp.flags.ack == 1",
	"tcp.flags.syn == 1 and tcp.flags.ack == 0", "ip.addr == 10.0.0.0/8",
	"ip.src == 192.168.0.0/16 || ip.dst == 192.168.0.0/16", "udp && !dns", "tcp.dstport >= 1024 and tcp.len > 0",
	"dns.qry.name contains \"google\"", "http.request.method == \"GET\"", "http.request", "tls.handshake.type == 1",
	"ip.ttl < 64", "frame.len > 1000", "eth.type == 0x86dd", "icmp or icmpv6", "tcp.port in {80, 443, 8080}",
	"ipv6.addr", "arp.opcode == 2", "!(ip.addr == 192.168.1.1)", "tcp.flags & 0x04", "udp.length > 100",
	"frame.number <= 20", "ssh", "dns.flags.response == 1", "ip.proto == 17", "tcp.srcport == 443 || udp.srcport == 53",
	"vlan",
};

static void test_shared_filters(void)
{
	for (size_t k = 0; k < G_N_ELEMENTS(shared_filters); k++) {
		GError *err = NULL;
		dfilter *f = dfilter_compile(shared_filters[k], &err);
		if (!f)
			g_printerr("'%s': %s\n", shared_filters[k], err->message);
		g_assert_no_error(err);
		dfilter_free(f);
	}
}

/* How deep a filter makes the frames be dissected: the deepest field or
 * protocol it names, wherever it stands (negated, in a set, sliced, in a
 * function, on either side, behind "or" and "and"). */
static void test_depth(void)
{
	static const struct {
		const char *filter;
		int depth; /* 0 transport, 1 application, 2 TCP conversations followed */
	} depths[] = {
		{"", 0}, {"tcp.port == 111", 0}, {"tcp.port == 111 || udp.port == 53", 0}, {"ip.addr == 10.0.0.0/8", 0},
		{"eth.type == 0x86dd", 0}, {"frame.len > 1000", 0}, {"frame.number <= 20", 0}, {"tcp", 0},
		{"tcp.flags & 0x04", 0}, {"tcp.srcport > tcp.dstport", 0}, {"tcp.seq_raw == 1", 0}, {"vxlan", 0},
		{"icmp", 0}, {"count(ip.addr) == 2", 0}, {"tcp[13] == 02", 0}, {"tcp.port in {80, 443}", 0},
		{"udp && !dns", 1}, {"tcp.port == 80 && http.request", 1}, {"frame.protocols contains \"dns\"", 1},
		{"http", 1}, {"len(http.host) > 3", 1}, {"!(tls.handshake.type == 1)", 1}, {"tcp.port == 53 or dns", 1},
		{"tcp.stream == 3", 2}, {"tcp.analysis.retransmission", 2}, {"tcp.seq == 1", 2}, {"udp.stream == 0", 2},
		{"tcp.port == 80 && !tcp.analysis.flags", 2}, {"http || tcp.time_delta > 1", 2},
		{"_ws.col.Info contains \"SYN\"", 2}, {"tcp.window_size > tcp.window_size_value", 2},
		{"tcp.nxtseq in {1..10}", 2}, {"upper(_ws.col.Protocol) == \"TCP\"", 2},
	};
	for (size_t k = 0; k < G_N_ELEMENTS(depths); k++) {
		GError *err = NULL;
		g_autoptr(dfilter) f = dfilter_compile(depths[k].filter, &err);
		g_assert_no_error(err);
		if (dfilter_depth(f) != depths[k].depth)
			g_error("'%s': depth %d, expected %d", depths[k].filter, dfilter_depth(f), depths[k].depth);
	}
}

/* Whether a filter's answer for a frame depends on that frame alone (the
 * terminal UI may then share the frames out among threads): every field it
 * names is read from the frame to transport depth; a field earlier frames
 * give (stream numbers, TCP analysis and times, columns, expert items) or
 * an application's field says no, wherever it stands. */
static void test_frame_local(void)
{
	static const struct {
		const char *filter;
		bool local;
	} cases[] = {
		{"", true}, {"tcp.port == 111", true}, {"ip.flags.mf == 1", true}, {"ip.frag_offset > 0", true},
		{"icmp", true}, {"arp.opcode == 2", true}, {"vlan.id == 10", true}, {"ipv6.nxt == 44", true},
		{"frame.number > 5", true}, {"frame.time_delta > 0.5", true}, {"frame.time_relative > 1", true},
		{"frame.marked", true}, {"frame.md5_hash == \"x\"", true}, {"tcp.srcport > tcp.dstport", true},
		{"count(ip.addr) == 2", true}, {"tcp[13] == 02", true}, {"vxlan && ip.ttl < 5", true},
		{"tcp.stream == 1", false}, {"udp.stream == 0", false}, {"tcp.analysis.retransmission", false},
		{"tcp.analysis.flags", false}, {"tcp.time_delta > 0.1", false}, {"tcp.time_relative > 1", false},
		{"tcp.seq == 1", false}, {"tcp.nxtseq > 1", false}, {"tcp.window_size > 100", false},
		{"_ws.col.Info contains \"SYN\"", false}, {"_ws.expert.severity", false}, {"frame.protocols contains \"tcp\"", false},
		{"tcp.port == 111 && !tcp.analysis.flags", false}, {"tcp.port == 111 || http", false},
		{"!(tcp.stream in {1, 2})", false}, {"len(dns.qry.name) > 3", false}, {"tcp.port == 111 && tcp.len > 0", true},
	};
	for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
		GError *err = NULL;
		g_autoptr(dfilter) f = dfilter_compile(cases[k].filter, &err);
		g_assert_no_error(err);
		if (dfilter_frame_local(f) != cases[k].local)
			g_error("'%s': frame-local %d, expected %d", cases[k].filter, dfilter_frame_local(f), cases[k].local);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/filter/matches", test_matches);
	g_test_add_func("/filter/errors", test_errors);
	g_test_add_func("/filter/caret", test_caret);
	g_test_add_func("/filter/shared", test_shared_filters);
	g_test_add_func("/filter/depth", test_depth);
	g_test_add_func("/filter/frame-local", test_frame_local);
	return g_test_run();
}
