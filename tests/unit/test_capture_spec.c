/* test_capture_spec.c — 5-tuple filters: every value form, every error
 * message, and the exact BPF text (which libpcap must also compile). */
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
	g_assert_true(spec_parse_values("local-ip", "10.0.0.4", false, &v, &err));
	g_assert_cmpint(v.kind, ==, VALUES_LIST);
	g_assert_cmpuint(v.list->len, ==, 1);
	g_assert_cmphex(g_array_index(v.list, uint32_t, 0), ==, 0x0a000004);
	g_array_free(v.list, TRUE);

	g_assert_true(spec_parse_values("local-ip", " 10.0.0.4 - 10.0.0.20 ", false, &v, &err));
	g_assert_cmpint(v.kind, ==, VALUES_RANGE);
	g_assert_cmphex(v.lo, ==, 0x0a000004);
	g_assert_cmphex(v.hi, ==, 0x0a000014);

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
	 "filter 'protocol=TCP,local-ip=1.1.1.1-255.255.255': local-ip '1.1.1.1-255.255.255': '255.255.255' is not an IPv4 address"},
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
	{"local-ip=10.0.0.256", "filter 'local-ip=10.0.0.256': local-ip '10.0.0.256': '10.0.0.256' is not an IPv4 address"},
	{"local-ip=fe80::1", "filter 'local-ip=fe80::1': local-ip 'fe80::1': 'fe80::1' is not an IPv4 address"},
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
		   "(((src host 10.0.0.5 or src host 10.0.0.6) and (dst port 80 or dst port 443)) or "
		   "((dst host 10.0.0.5 or dst host 10.0.0.6) and (src port 80 or src port 443)))");
	check_bpf1("protocol=TCP", "tcp");
	check_bpf1("protocol=Any", "");
	check_bpf1("localIPAddress=192.168.1.1-192.168.1.1,remotePort=8080-8080",
		   "((src host 192.168.1.1 and dst port 8080) or (dst host 192.168.1.1 and src port 8080))");
	check_bpf1("protocol=udp,remote-ip=0.0.0.0-255.255.255.255",
		   "udp and (((ip[16:4] >= 0x00000000 and ip[16:4] <= 0xffffffff)) or "
		   "((ip[12:4] >= 0x00000000 and ip[12:4] <= 0xffffffff)))");

	const char *two[] = {"protocol=TCP,local-port=22", "protocol=UDP,remote-port=53", NULL};
	g_autofree char *u = bpf_of(two);
	g_assert_cmpstr(u, ==,
			"(tcp and ((tcp src port 22) or (tcp dst port 22))) or "
			"(udp and ((udp dst port 53) or (udp src port 53)))");
	const char *open[] = {"protocol=TCP,local-port=22", "protocol=Any", NULL};
	g_autofree char *all = bpf_of(open);
	g_assert_cmpstr(all, ==, "");
	g_autofree char *none = spec_to_bpf(NULL);
	g_assert_cmpstr(none, ==, "");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/capture/spec/value-forms", test_value_forms);
	g_test_add_func("/capture/spec/protocols", test_protocols);
	g_test_add_func("/capture/spec/errors", test_errors);
	g_test_add_func("/capture/spec/bpf", test_bpf);
	return g_test_run();
}
