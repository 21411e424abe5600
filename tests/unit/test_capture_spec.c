/* test_capture_spec.c — 5-tuple filters: every value form, every error
 * message, and the exact BPF text (which libpcap must also compile). */
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <string.h>

#include <glib.h>

#include "capture/spec.h"

/* The BPF for SPECS (NULL-terminated), checked to compile for Ethernet and
 * Linux cooked captures. */
static char *bpf_of(const char *const *specs)
{
	GArray *fs = g_array_new(FALSE, TRUE, sizeof(struct capture_filter));
	for (; *specs; specs++) {
		struct capture_filter f;
		g_autoptr(GError) err = NULL;
		gboolean ok = spec_parse(*specs, &f, &err);
		g_assert_no_error(err);
		g_assert_true(ok);
		g_array_append_val(fs, f);
	}
	char *bpf = spec_to_bpf(fs);
	int links[] = {DLT_EN10MB, DLT_LINUX_SLL};
	for (size_t i = 0; i < G_N_ELEMENTS(links); i++) {
		pcap_t *p = pcap_open_dead(links[i], 65535);
		struct bpf_program prog;
		if (pcap_compile(p, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) != 0)
			g_error("'%s' does not compile: %s", bpf, pcap_geterr(p));
		pcap_freecode(&prog);
		pcap_close(p);
	}
	for (guint i = 0; i < fs->len; i++)
		capture_filter_clear(&g_array_index(fs, struct capture_filter, i));
	g_array_free(fs, TRUE);
	return bpf;
}

static void check_bpf1(const char *spec, const char *want)
{
	const char *specs[] = {spec, NULL};
	g_autofree char *got = bpf_of(specs);
	g_assert_cmpstr(got, ==, want);
}

static void test_value_forms(void)
{
	struct value_set v;
	g_autoptr(GError) err = NULL;
	static const uint8_t a4[16] = {10, 0, 0, 4}, a20[16] = {10, 0, 0, 20};
	static const uint8_t fd4[16] = {0xfd, [15] = 4}, fd5[16] = {0xfd, [15] = 5};
	g_assert_true(spec_parse_values("local-ip", "10.0.0.4", false, &v, &err));
	g_assert_cmpint(v.kind, ==, VALUES_LIST);
	g_assert_cmpuint(v.list->len, ==, 1);
	g_assert_cmpint(g_array_index(v.list, struct capture_addr, 0).family, ==, 4);
	g_assert_cmpmem(g_array_index(v.list, struct capture_addr, 0).b, 16, a4, 16);
	g_array_free(v.list, TRUE);

	g_assert_true(spec_parse_values("local-ip", " 10.0.0.4 - 10.0.0.20 ", false, &v, &err));
	g_assert_cmpint(v.kind, ==, VALUES_RANGE);
	g_assert_cmpmem(v.alo.b, 16, a4, 16);
	g_assert_cmpmem(v.ahi.b, 16, a20, 16);

	g_assert_true(spec_parse_values("remote-ip", "fd00::4-fd00::5", false, &v, &err));
	g_assert_cmpint(v.kind, ==, VALUES_RANGE);
	g_assert_cmpint(v.alo.family, ==, 6);
	g_assert_cmpmem(v.alo.b, 16, fd4, 16);
	g_assert_cmpmem(v.ahi.b, 16, fd5, 16);

	g_assert_true(spec_parse_values("remote-ip", "10.0.0.4;fd00::5;", false, &v, &err));
	g_assert_cmpuint(v.list->len, ==, 2);
	g_assert_cmpint(g_array_index(v.list, struct capture_addr, 0).family, ==, 4);
	g_assert_cmpint(g_array_index(v.list, struct capture_addr, 1).family, ==, 6);
	g_assert_cmpmem(g_array_index(v.list, struct capture_addr, 1).b, 16, fd5, 16);
	g_array_free(v.list, TRUE);

	g_assert_true(spec_parse_values("local-port", "1-65532", true, &v, &err));
	g_assert_cmpint(v.kind, ==, VALUES_RANGE);
	g_assert_cmpuint(v.lo, ==, 1);
	g_assert_cmpuint(v.hi, ==, 65532);

	g_assert_true(spec_parse_values("local-port", "80;443;", true, &v, &err));
	g_assert_cmpint(v.kind, ==, VALUES_LIST);
	g_assert_cmpuint(v.list->len, ==, 2);
	g_assert_cmpuint(g_array_index(v.list, uint32_t, 0), ==, 80);
	g_assert_cmpuint(g_array_index(v.list, uint32_t, 1), ==, 443);
	g_array_free(v.list, TRUE);

	g_assert_true(spec_parse_values("local-port", "0;65535", true, &v, &err));
	g_assert_cmpuint(v.list->len, ==, 2);
	g_assert_cmpuint(g_array_index(v.list, uint32_t, 1), ==, 65535);
	g_array_free(v.list, TRUE);

	g_assert_true(spec_parse_values("localIPAddress", "", false, &v, &err));
	g_assert_cmpint(v.kind, ==, VALUES_ANY);
	g_assert_true(spec_parse_values("localIPAddress", NULL, false, &v, &err));
	g_assert_cmpint(v.kind, ==, VALUES_ANY);
	g_assert_no_error(err);
}

static void test_protocols(void)
{
	CaptureProto p;
	g_autoptr(GError) err = NULL;
	g_assert_true(spec_parse_protocol("protocol", "TCP", &p, &err) && p == CAPTURE_PROTO_TCP);
	g_assert_true(spec_parse_protocol("protocol", "udp", &p, &err) && p == CAPTURE_PROTO_UDP);
	g_assert_true(spec_parse_protocol("protocol", "Any", &p, &err) && p == CAPTURE_PROTO_ANY);
	g_assert_true(spec_parse_protocol("protocol", "", &p, &err) && p == CAPTURE_PROTO_ANY);
	g_assert_false(spec_parse_protocol("protocol", "ICMP", &p, &err));
	g_assert_cmpstr(err->message, ==, "protocol 'ICMP' is not a protocol (TCP, UDP or Any)");
}

static const struct {
	const char *spec, *message;
} bad_specs[] = {
	{"protocol=TCP,local-ip=1.1.1.1-255.255.255",
	 "filter 'protocol=TCP,local-ip=1.1.1.1-255.255.255': local-ip '1.1.1.1-255.255.255': '255.255.255' is not an IPv4 or IPv6 address"},
	{"local-port=70000", "filter 'local-port=70000': local-port '70000': port '70000' is out of range (0-65535)"},
	{"remote-port=80-90;443", "filter 'remote-port=80-90;443': remote-port '80-90;443': a range cannot be mixed with a list"},
	{"protocol=ICMP", "filter 'protocol=ICMP': protocol 'ICMP' is not a protocol (TCP, UDP or Any)"},
	{"local-port=90-80", "filter 'local-port=90-80': local-port '90-80': the range ends before it starts"},
	{"remote-ip=10.0.0.9-10.0.0.1", "filter 'remote-ip=10.0.0.9-10.0.0.1': remote-ip '10.0.0.9-10.0.0.1': the range ends before it starts"},
	{"local-port=http", "filter 'local-port=http': local-port 'http': 'http' is not a port number"},
	{"local-port=-5", "filter 'local-port=-5': local-port '-5': the range lacks a start"},
	{"local-ip=10.0.0.1-", "filter 'local-ip=10.0.0.1-': local-ip '10.0.0.1-': the range lacks an end"},
	{"local-port=1-2-3", "filter 'local-port=1-2-3': local-port '1-2-3': '2-3' is not a port number"},
	{"local-port=80;;443", "filter 'local-port=80;;443': local-port '80;;443': empty value in the list"},
	{"local-port=;", "filter 'local-port=;': local-port ';': empty value in the list"},
	{"local-ip=10.0.0.256", "filter 'local-ip=10.0.0.256': local-ip '10.0.0.256': '10.0.0.256' is not an IPv4 or IPv6 address"},
	{"local-ip=fe80::1%eth0", "filter 'local-ip=fe80::1%eth0': local-ip 'fe80::1%eth0': 'fe80::1%eth0' is not an IPv4 or IPv6 address"},
	{"local-ip=10.0.0.1-fd00::1", "filter 'local-ip=10.0.0.1-fd00::1': local-ip '10.0.0.1-fd00::1': the range mixes IPv4 and IPv6"},
	{"remote-ip=fd00::9-fd00::1", "filter 'remote-ip=fd00::9-fd00::1': remote-ip 'fd00::9-fd00::1': the range ends before it starts"},
	{"remote-ip=fd00:::1", "filter 'remote-ip=fd00:::1': remote-ip 'fd00:::1': 'fd00:::1' is not an IPv4 or IPv6 address"},
	{"local-ip=", "filter 'local-ip=': 'local-ip' has no value"},
	{"port=80", "filter 'port=80': unknown key 'port' (protocol, local-ip, local-port, remote-ip or remote-port)"},
	{"tcp", "filter 'tcp': 'tcp' is not key=value"},
	{"local-port=80,localPort=81", "filter 'local-port=80,localPort=81': 'local-port' is given twice"},
	{"protocol=TCP,protocol=UDP", "filter 'protocol=TCP,protocol=UDP': 'protocol' is given twice"},
	{"protocol=TCP,", "filter 'protocol=TCP,': empty item"},
	{"  ", "filter '  ' is empty"},
};

static void test_errors(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(bad_specs); i++) {
		struct capture_filter f;
		g_autoptr(GError) err = NULL;
		g_assert_false(spec_parse(bad_specs[i].spec, &f, &err));
		g_assert_error(err, CAPTURE_ERROR, CAPTURE_ERROR_USAGE);
		g_assert_cmpstr(err->message, ==, bad_specs[i].message);
		g_assert_null(f.local_port.list);
		g_assert_null(f.local_ip.list);
	}
}

static void test_bpf(void)
{
	check_bpf1("protocol=TCP, local-ip=10.0.0.4-10.0.0.20, local-port=5201, remote-ip=10.0.0.4-10.0.0.20, remote-port=1-65532",
		   "tcp and (((ip[12:4] >= 0x0a000004 and ip[12:4] <= 0x0a000014) and tcp src port 5201 and "
		   "(ip[16:4] >= 0x0a000004 and ip[16:4] <= 0x0a000014) and tcp dst portrange 1-65532) or "
		   "((ip[16:4] >= 0x0a000004 and ip[16:4] <= 0x0a000014) and tcp dst port 5201 and "
		   "(ip[12:4] >= 0x0a000004 and ip[12:4] <= 0x0a000014) and tcp src portrange 1-65532))");
	check_bpf1("protocol=UDP,remote-port=53;", "udp and ((udp dst port 53) or (udp src port 53))");
	check_bpf1("local-ip=10.0.0.5;10.0.0.6,remote-port=80;443;",
		   "(((ip src host 10.0.0.5 or ip src host 10.0.0.6) and (dst port 80 or dst port 443)) or "
		   "((ip dst host 10.0.0.5 or ip dst host 10.0.0.6) and (src port 80 or src port 443)))");
	check_bpf1("protocol=TCP", "tcp");
	check_bpf1("protocol=Any", "ip or ip6");
	check_bpf1("localIPAddress=192.168.1.1-192.168.1.1,remotePort=8080-8080",
		   "((ip src host 192.168.1.1 and dst port 8080) or (ip dst host 192.168.1.1 and src port 8080))");
	check_bpf1("protocol=udp,remote-ip=0.0.0.0-255.255.255.255",
		   "udp and (((ip[16:4] >= 0x00000000 and ip[16:4] <= 0xffffffff)) or "
		   "((ip[12:4] >= 0x00000000 and ip[12:4] <= 0xffffffff)))");

	check_bpf1("remote-ip=fd00::5", "((ip6 dst host fd00::5) or (ip6 src host fd00::5))");
	check_bpf1("local-ip=10.0.0.4;fd00::4,remote-ip=fd00::5-fd00::6",
		   "(((ip src host 10.0.0.4 or ip6 src host fd00::4) and (ip6[24:4] == 0xfd000000 and "
		   "ip6[28:4] == 0x00000000 and ip6[32:4] == 0x00000000 and ip6[36:4] >= 0x00000005 and "
		   "ip6[36:4] <= 0x00000006)) or ((ip dst host 10.0.0.4 or ip6 dst host fd00::4) and "
		   "(ip6[8:4] == 0xfd000000 and ip6[12:4] == 0x00000000 and ip6[16:4] == 0x00000000 and "
		   "ip6[20:4] >= 0x00000005 and ip6[20:4] <= 0x00000006)))");
	check_bpf1("protocol=UDP,local-ip=fd00::5-fd00::1:0:0:6",
		   "udp and (((ip6[8:4] == 0xfd000000 and ip6[12:4] == 0x00000000 and (ip6[16:4] > 0x00000000 or "
		   "(ip6[16:4] == 0x00000000 and ip6[20:4] >= 0x00000005)) and (ip6[16:4] < 0x00010000 or "
		   "(ip6[16:4] == 0x00010000 and ip6[20:4] <= 0x00000006)))) or ((ip6[24:4] == 0xfd000000 and "
		   "ip6[28:4] == 0x00000000 and (ip6[32:4] > 0x00000000 or (ip6[32:4] == 0x00000000 and "
		   "ip6[36:4] >= 0x00000005)) and (ip6[32:4] < 0x00010000 or (ip6[32:4] == 0x00010000 and "
		   "ip6[36:4] <= 0x00000006)))))");

	const char *two[] = {"protocol=TCP,local-port=22", "protocol=UDP,remote-port=53", NULL};
	g_autofree char *u = bpf_of(two);
	g_assert_cmpstr(u, ==,
			"(tcp and ((tcp src port 22) or (tcp dst port 22))) or "
			"(udp and ((udp dst port 53) or (udp src port 53)))");
	const char *open[] = {"protocol=TCP,local-port=22", "protocol=Any", NULL};
	g_autofree char *all = bpf_of(open);
	g_assert_cmpstr(all, ==, "(tcp and ((tcp src port 22) or (tcp dst port 22))) or (ip or ip6)");
	g_autofree char *none = spec_to_bpf(NULL);
	g_assert_cmpstr(none, ==, "");

	/* --bpf: alone, or both to match */
	g_autofree char *raw = spec_capture_filter(NULL, "icmp");
	g_assert_cmpstr(raw, ==, "icmp");
	GArray *fs = g_array_new(FALSE, TRUE, sizeof(struct capture_filter));
	struct capture_filter f;
	g_assert_true(spec_parse("protocol=UDP", &f, NULL));
	g_array_append_val(fs, f);
	g_autofree char *both = spec_capture_filter(fs, "port 53 or port 5353");
	g_assert_cmpstr(both, ==, "(udp) and (port 53 or port 5353)");
	g_autofree char *tuple = spec_capture_filter(fs, "");
	g_assert_cmpstr(tuple, ==, "udp");
	g_array_free(fs, TRUE);
}

/* ---- what the filters keep, run on frames --------------------------------- */

/* Frames of a host 10.0.0.4 and fd00::4 ("local") talking to 10.0.0.5,
 * 10.0.0.6, fd00::5 and fd00::6: ARP (which no filter may keep), ICMP, TCP
 * and UDP over IPv4, and over IPv6 a neighbour solicitation to a multicast
 * address, ICMPv6, TCP and UDP. */
enum {
	F_ARP_REQ, F_ARP_REP, F_ICMP, F_HTTP_OUT, F_HTTP_IN, F_DNS_IN, F_IPERF_IN,
	F6_NS, F6_ICMP, F6_HTTP_OUT, F6_DNS_IN, N_FRAMES
};

struct frame_buf {
	uint8_t b[128];
	size_t len;
};

static void put(struct frame_buf *f, const void *data, size_t n)
{
	memcpy(f->b + f->len, data, n);
	f->len += n;
}

static void put_eth(struct frame_buf *f, uint16_t type)
{
	static const uint8_t macs[12] = {2, 0, 0, 0, 0, 5, 2, 0, 0, 0, 0, 4};
	f->len = 0;
	put(f, macs, sizeof macs);
	uint8_t t[2] = {(uint8_t)(type >> 8), (uint8_t)type};
	put(f, t, 2);
}

static void put_arp(struct frame_buf *f, uint16_t op, uint8_t sender, uint8_t target)
{
	put_eth(f, 0x0806);
	uint8_t a[28] = {0, 1, 8, 0, 6, 4, 0, (uint8_t)op, 2, 0, 0, 0, 0, sender, 10, 0, 0, sender,
			 0, 0, 0, 0, 0, 0, 10, 0, 0, target};
	put(f, a, sizeof a);
}

/* IPv4 from 10.0.0.SRC to 10.0.0.DST with protocol PROTO; for TCP and UDP,
 * ports SPORT and DPORT. */
static void put_ip4(struct frame_buf *f, uint8_t proto, uint8_t src, uint8_t dst, uint16_t sport, uint16_t dport)
{
	put_eth(f, 0x0800);
	uint8_t ip[20] = {0x45, 0, 0, 48, 0, 1, 0x40, 0, 64, proto, 0, 0, 10, 0, 0, src, 10, 0, 0, dst};
	put(f, ip, sizeof ip);
	uint8_t l4[28] = {(uint8_t)(sport >> 8), (uint8_t)sport, (uint8_t)(dport >> 8), (uint8_t)dport};
	if (proto == 6)
		l4[12] = 0x50;
	put(f, l4, sizeof l4);
}

/* IPv6 from SRC to DST with next header NH; for TCP and UDP, ports SPORT
 * and DPORT. */
static void put_ip6(struct frame_buf *f, uint8_t nh, const uint8_t *src, const uint8_t *dst, uint16_t sport,
		    uint16_t dport)
{
	put_eth(f, 0x86dd);
	uint8_t h[8] = {0x60, 0, 0, 0, 0, 28, nh, 64};
	put(f, h, sizeof h);
	put(f, src, 16);
	put(f, dst, 16);
	uint8_t l4[28] = {(uint8_t)(sport >> 8), (uint8_t)sport, (uint8_t)(dport >> 8), (uint8_t)dport};
	if (nh == 6)
		l4[12] = 0x50;
	put(f, l4, sizeof l4);
}

static void make_frames(struct frame_buf *f)
{
	static const uint8_t h4[16] = {0xfd, [15] = 4}, h5[16] = {0xfd, [15] = 5}, h6[16] = {0xfd, [15] = 6};
	static const uint8_t sol5[16] = {0xff, 2, [11] = 1, 0xff, 0, 0, 5};
	put_ip6(&f[F6_NS], 58, h4, sol5, 0x8700, 0);
	put_ip6(&f[F6_ICMP], 58, h4, h5, 0x8000, 0);
	put_ip6(&f[F6_HTTP_OUT], 6, h4, h6, 40000, 8080);
	put_ip6(&f[F6_DNS_IN], 17, h5, h4, 5353, 53);
	put_arp(&f[F_ARP_REQ], 1, 4, 5);
	put_arp(&f[F_ARP_REP], 2, 5, 4);
	put_ip4(&f[F_ICMP], 1, 4, 5, 0x0800, 0);
	put_ip4(&f[F_HTTP_OUT], 6, 4, 6, 40000, 8080);
	put_ip4(&f[F_HTTP_IN], 6, 6, 4, 8080, 40000);
	put_ip4(&f[F_DNS_IN], 17, 5, 4, 5353, 53);
	put_ip4(&f[F_IPERF_IN], 6, 5, 4, 50000, 5201);
}

#define BIT(n) (1u << (n))
#define IP4 (BIT(F_ICMP) | BIT(F_HTTP_OUT) | BIT(F_HTTP_IN) | BIT(F_DNS_IN) | BIT(F_IPERF_IN))
#define IP6 (BIT(F6_NS) | BIT(F6_ICMP) | BIT(F6_HTTP_OUT) | BIT(F6_DNS_IN))
static const struct {
	const char *spec;
	unsigned keeps; /* BIT(frame) for every frame the filter keeps */
} kept[] = {
	{"protocol=Any", IP4 | IP6},
	{"protocol=TCP", BIT(F_HTTP_OUT) | BIT(F_HTTP_IN) | BIT(F_IPERF_IN) | BIT(F6_HTTP_OUT)},
	{"protocol=UDP", BIT(F_DNS_IN) | BIT(F6_DNS_IN)},
	{"local-ip=10.0.0.4", IP4},
	{"remote-ip=10.0.0.5", BIT(F_ICMP) | BIT(F_DNS_IN) | BIT(F_IPERF_IN)},
	{"remote-ip=10.0.0.5;10.0.0.6;", IP4},
	{"remote-ip=10.0.0.6-10.0.0.6", BIT(F_HTTP_OUT) | BIT(F_HTTP_IN)},
	{"remote-ip=10.0.0.5-10.0.0.6", IP4},
	{"local-ip=10.0.0.9", 0},
	{"local-port=53", BIT(F_DNS_IN) | BIT(F6_DNS_IN)},
	{"remote-port=8080;5353", BIT(F_HTTP_OUT) | BIT(F_HTTP_IN) | BIT(F_DNS_IN) | BIT(F6_HTTP_OUT) | BIT(F6_DNS_IN)},
	{"local-port=5201-5202", BIT(F_IPERF_IN)},
	{"protocol=TCP,remote-ip=10.0.0.6,remote-port=8080", BIT(F_HTTP_OUT) | BIT(F_HTTP_IN)},
	{"protocol=UDP,remote-ip=10.0.0.6", 0},
	{"local-ip=fd00::4", IP6},
	{"remote-ip=fd00::5", BIT(F6_ICMP) | BIT(F6_DNS_IN)},
	{"remote-ip=fd00::5-fd00::6", BIT(F6_ICMP) | BIT(F6_HTTP_OUT) | BIT(F6_DNS_IN)},
	{"remote-ip=fd00::6;fd00::9;", BIT(F6_HTTP_OUT)},
	{"remote-ip=10.0.0.5;fd00::5", BIT(F_ICMP) | BIT(F_DNS_IN) | BIT(F_IPERF_IN) | BIT(F6_ICMP) | BIT(F6_DNS_IN)},
	{"local-ip=10.0.0.4;fd00::4,remote-ip=fd00::5-fd00::6", BIT(F6_ICMP) | BIT(F6_HTTP_OUT) | BIT(F6_DNS_IN)},
	{"protocol=UDP,local-ip=fd00::4,local-port=53", BIT(F6_DNS_IN)},
	{"remote-ip=ff02::-ff02::ffff:ffff:ffff:ffff", BIT(F6_NS)},
	{"remote-ip=fd00::1:0:0:0-fd00::ffff:0:0:0", 0},
};

static void test_kept(void)
{
	struct frame_buf frames[N_FRAMES];
	make_frames(frames);
	for (size_t i = 0; i < G_N_ELEMENTS(kept); i++) {
		const char *specs[] = {kept[i].spec, NULL};
		g_autofree char *bpf = bpf_of(specs);
		pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
		struct bpf_program prog;
		g_assert_cmpint(pcap_compile(p, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN), ==, 0);
		unsigned got = 0;
		for (unsigned n = 0; n < N_FRAMES; n++) {
			struct pcap_pkthdr h = {.caplen = (bpf_u_int32)frames[n].len, .len = (bpf_u_int32)frames[n].len};
			if (pcap_offline_filter(&prog, &h, frames[n].b))
				got |= BIT(n);
		}
		if (got != kept[i].keeps)
			g_error("'%s' (%s) keeps frames 0x%x, not 0x%x", kept[i].spec, bpf, got, kept[i].keeps);
		pcap_freecode(&prog);
		pcap_close(p);
	}
}

/* 128-bit A plus (or minus) 2^(8 * (15 - BYTE)), wrapping. */
static void step(uint8_t *a, int byte, bool up)
{
	for (int i = byte; i >= 0; i--) {
		uint8_t was = a[i];
		a[i] = (uint8_t)(up ? was + 1 : was - 1);
		if (up ? was != 0xff : was != 0)
			break;
	}
}

/* An IPv6 range is compared 32 bits at a time: its BPF must keep exactly
 * the addresses between its ends, around every word boundary of both ends
 * and at random between them. */
static void test_range6(void)
{
	static const char *const ranges[][2] = {
		{"fd00::4", "fd00::20"},
		{"fd00::ffff:fffe", "fd00::1:0:1"},
		{"fd00::1:ffff:ffff:ffff", "fd00:0:0:1::2"},
		{"fd00::", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
		{"::", "::ffff"},
		{"2001:db8::ffff:ffff:0:0", "2001:db8:0:1::"},
		{"2001:db8:1:2:3:4:5:6", "2001:db9:0:0:0:0:0:7"},
		{"::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"},
	};
	GRand *rnd = g_rand_new_with_seed(18);
	for (size_t r = 0; r < G_N_ELEMENTS(ranges); r++) {
		g_autofree char *spec = g_strdup_printf("remote-ip=%s-%s", ranges[r][0], ranges[r][1]);
		const char *specs[] = {spec, NULL};
		g_autofree char *bpf = bpf_of(specs);
		pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
		struct bpf_program prog;
		g_assert_cmpint(pcap_compile(p, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN), ==, 0);
		uint8_t lo[16], hi[16];
		g_assert_cmpint(inet_pton(AF_INET6, ranges[r][0], lo), ==, 1);
		g_assert_cmpint(inet_pton(AF_INET6, ranges[r][1], hi), ==, 1);
		for (int n = 0; n < 64 + 200; n++) {
			uint8_t a[16];
			if (n < 64) { /* an end, one step up or down at each byte */
				memcpy(a, n & 32 ? hi : lo, 16);
				step(a, (n >> 1) & 15, n & 1);
			} else { /* lo's first bytes, then random ones */
				memcpy(a, n & 1 ? hi : lo, 16);
				for (int i = g_rand_int_range(rnd, 0, 16); i < 16; i++)
					a[i] = (uint8_t)g_rand_int_range(rnd, 0, 256);
			}
			struct frame_buf f;
			put_ip6(&f, 17, a, a, 1, 2);
			struct pcap_pkthdr h = {.caplen = (bpf_u_int32)f.len, .len = (bpf_u_int32)f.len};
			bool want = memcmp(lo, a, 16) <= 0 && memcmp(a, hi, 16) <= 0;
			bool got = pcap_offline_filter(&prog, &h, f.b) != 0;
			if (got != want) {
				char text[INET6_ADDRSTRLEN];
				inet_ntop(AF_INET6, a, text, sizeof text);
				g_error("'%s' %s %s", spec, got ? "keeps" : "drops", text);
			}
		}
		pcap_freecode(&prog);
		pcap_close(p);
	}
	g_rand_free(rnd);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/capture/spec/value-forms", test_value_forms);
	g_test_add_func("/capture/spec/protocols", test_protocols);
	g_test_add_func("/capture/spec/errors", test_errors);
	g_test_add_func("/capture/spec/bpf", test_bpf);
	g_test_add_func("/capture/spec/kept", test_kept);
	g_test_add_func("/capture/spec/range6", test_range6);
	return g_test_run();
}
