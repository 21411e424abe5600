/* Unit tests of review policies: networks (CIDR) parsed and matched, a
 * policy file read whole, and each kind of mistake refused with a message
 * naming the group and key. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "stats/policy.h"

static void test_cidr(void)
{
	struct cidr c;
	uint8_t a[16] = {10, 1, 2, 3};
	g_assert_true(policy_cidr_parse("10.0.0.0/8", &c));
	g_assert_cmpuint(c.family, ==, 4);
	g_assert_cmpuint(c.bits, ==, 8);
	g_assert_true(policy_cidr_contains(&c, 4, a));
	a[0] = 11;
	g_assert_false(policy_cidr_contains(&c, 4, a));
	g_assert_true(policy_cidr_parse(" 192.168.1.77 ", &c));
	g_assert_cmpuint(c.bits, ==, 32);
	g_assert_true(policy_cidr_parse("172.16.0.0/12", &c));
	uint8_t b[16] = {172, 31, 255, 1}, d[16] = {172, 32, 0, 1};
	g_assert_true(policy_cidr_contains(&c, 4, b));
	g_assert_false(policy_cidr_contains(&c, 4, d));
	g_assert_true(policy_cidr_parse("fd00::/8", &c));
	uint8_t v6[16] = {0xfd, 0x12};
	g_assert_true(policy_cidr_contains(&c, 6, v6));
	g_assert_false(policy_cidr_contains(&c, 4, v6));
	g_assert_true(policy_cidr_parse("::/0", &c));
	g_assert_true(policy_cidr_contains(&c, 6, v6));
	g_assert_false(policy_cidr_parse("10.0.0.0/33", &c));
	g_assert_false(policy_cidr_parse("10.0.0/8", &c));
	g_assert_false(policy_cidr_parse("fd00::/129", &c));
	g_assert_false(policy_cidr_parse("host.example", &c));
	g_assert_false(policy_cidr_parse("10.0.0.0/x", &c));
}

/* Writes TEXT to a temporary policy file; returns its path. */
static char *policy_file(const char *text)
{
	char *path = NULL;
	int fd = g_file_open_tmp("policy-XXXXXX", &path, NULL);
	g_assert_cmpint(fd, >=, 0);
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	close(fd);
	return path;
}

static void test_load(void)
{
	g_autofree char *path = policy_file("# comment\n[protocols]\nallowed=eth;ip;tcp;dns\n"
					    "[ports]\ntcp=22;8000-8100\nudp=\n"
					    "[networks]\ndestinations=10.0.0.0/8;fd00::/8\n"
					    "[peers]\nlocal=10.0.0.0/8\noutbound=192.0.2.0/24\n"
					    "[rtt]\nmedian_max_ms=50\np95_max_ms=200.5\n"
					    "[findings]\nenabled=scans;cleartext\nscan_ports=20\nlogin_ports=22;2222\n");
	struct policy p;
	g_autoptr(GError) err = NULL;
	g_assert_true(policy_load(path, &p, &err));
	g_assert_no_error(err);
	g_assert_cmpuint(g_hash_table_size(p.protocols), ==, 4);
	g_assert_true(g_hash_table_contains(p.protocols, "dns"));
	g_assert_cmpuint(p.tcp_ports->len, ==, 2);
	g_assert_cmpuint(g_array_index(p.tcp_ports, struct port_range, 1).lo, ==, 8000);
	g_assert_cmpuint(g_array_index(p.tcp_ports, struct port_range, 1).hi, ==, 8100);
	g_assert_nonnull(p.udp_ports);
	g_assert_cmpuint(p.udp_ports->len, ==, 0); /* given and empty: no UDP server allowed */
	g_assert_cmpuint(p.networks->cidrs->len, ==, 2);
	g_assert_cmpuint(p.local->cidrs->len, ==, 1);
	uint8_t in[16] = {10, 200, 1, 1}, out4[16] = {11, 0, 0, 1}, in6[16] = {0xfd, 0, 1};
	g_assert_true(netset_contains(p.networks, 4, in));
	g_assert_false(netset_contains(p.networks, 4, out4));
	g_assert_true(netset_contains(p.networks, 6, in6));
	g_assert_false(netset_contains(p.networks, 4, in6));
	g_assert_null(p.inbound);
	g_assert_cmpfloat(p.median_ms, ==, 50);
	g_assert_cmpfloat(p.p95_ms, ==, 200.5);
	g_assert_cmpfloat(p.refused_pct, <, 0);
	g_assert_true(p.findings.enabled[FIND_SCANS]);
	g_assert_true(p.findings.enabled[FIND_CLEARTEXT]);
	g_assert_false(p.findings.enabled[FIND_P2P]);
	g_assert_cmpuint(p.findings.scan_ports, ==, 20);
	g_assert_cmpuint(p.findings.scan_hosts, ==, 10);
	g_assert_cmpuint(p.findings.login_ports->len, ==, 2);
	policy_clear(&p);
	g_unlink(path);
}

static void test_empty(void)
{
	g_autofree char *path = policy_file("# allows everything\n");
	struct policy p;
	g_assert_true(policy_load(path, &p, NULL));
	g_assert_null(p.protocols);
	g_assert_null(p.tcp_ports);
	g_assert_null(p.networks);
	g_assert_cmpfloat(p.median_ms, <, 0);
	for (int i = 0; i < FIND_NFAMILIES; i++)
		g_assert_true(p.findings.enabled[i]);
	policy_clear(&p);
	g_unlink(path);
}

static void test_errors(void)
{
	static const struct {
		const char *text, *message;
	} cases[] = {
		{"[protocol]\nallowed=eth\n", "unknown group [protocol]"},
		{"[protocols]\nallow=eth\n", "unknown key 'allow' in [protocols]"},
		{"[protocols]\nallowed=eth;bitorrent\n", "[protocols] allowed: unknown protocol 'bitorrent'"},
		{"[ports]\ntcp=22;70000\n", "[ports] tcp: '70000' is no port or range"},
		{"[ports]\nudp=200-100\n", "[ports] udp: '200-100' is no port or range"},
		{"[networks]\ndestinations=10.0.0.0/40\n", "[networks] destinations: '10.0.0.0/40' is no network"},
		{"[peers]\nlocal=lan\n", "[peers] local: 'lan' is no network"},
		{"[rtt]\nmedian_max_ms=fast\n", "[rtt] median_max_ms: 'fast' is no number"},
		{"[rtt]\np95_max_ms=-1\n", "[rtt] p95_max_ms: '-1' is no number"},
		{"[findings]\nenabled=scans;portscan\n", "[findings] enabled: unknown finding 'portscan'"},
		{"[findings]\nscan_ports=0\n", "[findings] scan_ports: must be 1 or more"},
		{"[findings]\nlogin_ports=22;ssh\n", "[findings] login_ports: 'ssh' is no port"},
		{"not a key file\n", NULL},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *path = policy_file(cases[i].text);
		struct policy p;
		g_autoptr(GError) err = NULL;
		g_assert_false(policy_load(path, &p, &err));
		g_assert_nonnull(err);
		g_autofree char *prefix = g_strdup_printf("policy '%s': ", path);
		g_assert_true(g_str_has_prefix(err->message, prefix));
		if (cases[i].message)
			g_assert_cmpstr(err->message + strlen(prefix), ==, cases[i].message);
		g_unlink(path);
	}
	struct policy p;
	g_autoptr(GError) err = NULL;
	g_assert_false(policy_load("/nonexistent/policy", &p, &err));
	g_assert_true(g_str_has_prefix(err->message, "cannot read policy '/nonexistent/policy': "));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/policy/cidr", test_cidr);
	g_test_add_func("/policy/load", test_load);
	g_test_add_func("/policy/empty", test_empty);
	g_test_add_func("/policy/errors", test_errors);
	return g_test_run();
}
