/* policy.c — reading a review policy and checking a file against it. */
#include "stats/policy.h"

#include <arpa/inet.h>
#include <math.h>
#include <string.h>

#include "dissect/field.h"

#define POLICY_ERROR g_quark_from_static_string("analyze-policy")

static const char *const known[][12] = {
	{"protocols", "allowed"},
	{"ports", "tcp", "udp"},
	{"networks", "destinations"},
	{"peers", "local", "outbound", "inbound"},
	{"rtt", "median_max_ms", "p95_max_ms", "refused_max_percent", "unanswered_max_percent"},
	{"findings", "enabled", "scan_ports", "scan_hosts", "scan_protocols", "rpc_programs", "refused",
	 "bruteforce", "bruteforce_seconds", "login_ports", "talkers", "jump_connections"},
};

void policy_clear(struct policy *p)
{
	if (p->protocols)
		g_hash_table_destroy(p->protocols);
	if (p->tcp_ports)
		g_array_free(p->tcp_ports, TRUE);
	if (p->udp_ports)
		g_array_free(p->udp_ports, TRUE);
	netset_free(p->networks);
	netset_free(p->local);
	netset_free(p->outbound);
	netset_free(p->inbound);
	findings_config_clear(&p->findings);
	memset(p, 0, sizeof *p);
}

bool policy_cidr_parse(const char *text, struct cidr *out)
{
	g_autofree char *t = g_strstrip(g_strdup(text));
	char *slash = strchr(t, '/');
	guint64 bits = 0;
	if (slash)
		*slash = '\0';
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, t, out->addr) == 1)
		out->family = 4;
	else if (inet_pton(AF_INET6, t, out->addr) == 1)
		out->family = 6;
	else
		return false;
	guint max = out->family == 4 ? 32 : 128;
	if (slash && !g_ascii_string_to_unsigned(slash + 1, 10, 0, max, &bits, NULL))
		return false;
	out->bits = slash ? (uint8_t)bits : (uint8_t)max;
	return true;
}

bool policy_cidr_contains(const struct cidr *c, uint8_t family, const uint8_t *addr)
{
	if (c->family != family)
		return false;
	guint full = c->bits / 8, rest = c->bits % 8;
	if (memcmp(c->addr, addr, full) != 0)
		return false;
	if (!rest)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (c->addr[full] & mask) == (addr[full] & mask);
}

/* C's address with the bits past its prefix cleared, into OUT. */
static void cidr_masked(struct cidr *out, const struct cidr *c, uint8_t bits, const uint8_t *addr)
{
	memset(out, 0, sizeof *out);
	out->family = c->family;
	out->bits = bits;
	guint full = bits / 8, rest = bits % 8;
	memcpy(out->addr, addr, full);
	if (rest)
		out->addr[full] = (uint8_t)(addr[full] & (0xff << (8 - rest)));
}

static guint cidr_hash(gconstpointer k)
{
	const uint8_t *b = k;
	guint h = 2166136261u;
	for (size_t i = 0; i < sizeof(struct cidr); i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static gboolean cidr_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct cidr)) == 0;
}

struct netset *netset_new(const GArray *cidrs)
{
	struct netset *n = g_new0(struct netset, 1);
	n->cidrs = g_array_copy((GArray *)cidrs);
	n->masked = g_hash_table_new_full(cidr_hash, cidr_equal, g_free, NULL);
	for (guint i = 0; i < cidrs->len; i++) {
		const struct cidr *c = &g_array_index(cidrs, struct cidr, i);
		struct cidr *m = g_new(struct cidr, 1);
		cidr_masked(m, c, c->bits, c->addr);
		g_hash_table_add(n->masked, m);
		n->lens[c->family == 6][c->bits] = true;
	}
	return n;
}

void netset_free(struct netset *n)
{
	if (!n)
		return;
	g_array_free(n->cidrs, TRUE);
	g_hash_table_destroy(n->masked);
	g_free(n);
}

bool netset_contains(const struct netset *n, uint8_t family, const uint8_t *addr)
{
	if (!n)
		return false;
	struct cidr probe = {.family = family};
	guint max = family == 6 ? 128 : 32;
	for (guint bits = 0; bits <= max; bits++) {
		if (!n->lens[family == 6][bits])
			continue;
		struct cidr m;
		probe.bits = (uint8_t)bits;
		cidr_masked(&m, &probe, (uint8_t)bits, addr);
		if (g_hash_table_contains(n->masked, &m))
			return true;
	}
	return false;
}

static bool check_keys(GKeyFile *kf, GError **error)
{
	g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
	for (char **g = groups; *g; g++) {
		const char *const *row = NULL;
		for (guint i = 0; i < G_N_ELEMENTS(known); i++)
			if (strcmp(known[i][0], *g) == 0)
				row = known[i];
		if (!row) {
			g_set_error(error, POLICY_ERROR, 1, "unknown group [%s]", *g);
			return false;
		}
		g_auto(GStrv) keys = g_key_file_get_keys(kf, *g, NULL, NULL);
		for (char **k = keys; k && *k; k++) {
			bool ok = false;
			for (guint i = 1; i < 12 && row[i]; i++)
				ok = ok || strcmp(row[i], *k) == 0;
			if (!ok) {
				g_set_error(error, POLICY_ERROR, 1, "unknown key '%s' in [%s]", *k, *g);
				return false;
			}
		}
	}
	return true;
}

static GArray *ports_parse(GKeyFile *kf, const char *key, GError **error)
{
	if (!g_key_file_has_key(kf, "ports", key, NULL))
		return NULL;
	g_auto(GStrv) list = g_key_file_get_string_list(kf, "ports", key, NULL, NULL);
	GArray *v = g_array_new(FALSE, FALSE, sizeof(struct port_range));
	for (char **s = list; s && *s; s++) {
		g_autofree char *t = g_strstrip(g_strdup(*s));
		if (!*t)
			continue;
		char *dash = strchr(t, '-');
		if (dash)
			*dash = '\0';
		guint64 lo, hi;
		if (!g_ascii_string_to_unsigned(t, 10, 0, 65535, &lo, NULL) ||
		    !g_ascii_string_to_unsigned(dash ? dash + 1 : t, 10, lo, 65535, &hi, NULL)) {
			g_set_error(error, POLICY_ERROR, 1, "[ports] %s: '%s' is no port or range", key, *s);
			g_array_free(v, TRUE);
			return NULL;
		}
		struct port_range r = {(uint16_t)lo, (uint16_t)hi};
		g_array_append_val(v, r);
	}
	return v;
}

static double number(GKeyFile *kf, const char *group, const char *key, double dflt, GError **error)
{
	if (!g_key_file_has_key(kf, group, key, NULL))
		return dflt;
	g_autofree char *s = g_strstrip(g_key_file_get_string(kf, group, key, NULL));
	char *end = NULL;
	double v = g_ascii_strtod(s, &end);
	if (!*s || *end || v < 0 || !isfinite(v))
		g_set_error(error, POLICY_ERROR, 1, "[%s] %s: '%s' is no number", group, key, s);
	return v;
}

static bool findings_parse(GKeyFile *kf, struct findings_config *c, GError **error)
{
	if (g_key_file_has_key(kf, "findings", "enabled", NULL)) {
		g_auto(GStrv) list = g_key_file_get_string_list(kf, "findings", "enabled", NULL, NULL);
		for (int i = 0; i < FIND_NFAMILIES; i++)
			c->enabled[i] = false;
		for (char **s = list; s && *s; s++) {
			g_autofree char *t = g_strstrip(g_strdup(*s));
			if (!*t)
				continue;
			FindFamily f = findings_family_parse(t);
			if (f == FIND_NFAMILIES) {
				g_set_error(error, POLICY_ERROR, 1, "[findings] enabled: unknown finding '%s'", t);
				return false;
			}
			c->enabled[f] = true;
		}
	}
	struct {
		const char *key;
		guint *v;
	} nums[] = {
		{"scan_ports", &c->scan_ports}, {"scan_hosts", &c->scan_hosts}, {"scan_protocols", &c->scan_protocols},
		{"rpc_programs", &c->rpc_programs}, {"refused", &c->refused}, {"bruteforce", &c->bruteforce},
		{"bruteforce_seconds", &c->bruteforce_seconds}, {"talkers", &c->talkers},
		{"jump_connections", &c->jump_connections},
	};
	for (guint i = 0; i < G_N_ELEMENTS(nums); i++) {
		double v = number(kf, "findings", nums[i].key, *nums[i].v, error);
		if (error && *error)
			return false;
		if (v < 1 || v > 1e9) {
			g_set_error(error, POLICY_ERROR, 1, "[findings] %s: must be 1 or more", nums[i].key);
			return false;
		}
		*nums[i].v = (guint)v;
	}
	if (g_key_file_has_key(kf, "findings", "login_ports", NULL)) {
		g_auto(GStrv) list = g_key_file_get_string_list(kf, "findings", "login_ports", NULL, NULL);
		g_array_set_size(c->login_ports, 0);
		for (char **s = list; s && *s; s++) {
			guint64 port;
			g_autofree char *t = g_strstrip(g_strdup(*s));
			if (!g_ascii_string_to_unsigned(t, 10, 1, 65535, &port, NULL)) {
				g_set_error(error, POLICY_ERROR, 1, "[findings] login_ports: '%s' is no port", t);
				return false;
			}
			uint16_t p16 = (uint16_t)port;
			g_array_append_val(c->login_ports, p16);
		}
	}
	return true;
}

/* GROUP's KEY, a list of networks, into *OUT (left NULL when absent). */
static bool cidrs_parse(GKeyFile *kf, const char *group, const char *key, struct netset **out, GError **error)
{
	if (!g_key_file_has_key(kf, group, key, NULL))
		return true;
	g_auto(GStrv) list = g_key_file_get_string_list(kf, group, key, NULL, NULL);
	g_autoptr(GArray) v = g_array_new(FALSE, FALSE, sizeof(struct cidr)); /* struct cidr */
	for (char **s = list; s && *s; s++) {
		struct cidr c;
		if (!*g_strstrip(*s))
			continue;
		if (!policy_cidr_parse(*s, &c)) {
			g_set_error(error, POLICY_ERROR, 1, "[%s] %s: '%s' is no network", group, key, *s);
			return false;
		}
		g_array_append_val(v, c);
	}
	*out = netset_new(v);
	return true;
}

static bool load(GKeyFile *kf, struct policy *p, GError **error)
{
	if (!check_keys(kf, error))
		return false;
	if (g_key_file_has_key(kf, "protocols", "allowed", NULL)) {
		g_auto(GStrv) list = g_key_file_get_string_list(kf, "protocols", "allowed", NULL, NULL);
		p->protocols = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		for (char **s = list; s && *s; s++) {
			g_autofree char *t = g_strstrip(g_strdup(*s));
			if (!*t)
				continue;
			if (!proto_lookup(t)) {
				g_set_error(error, POLICY_ERROR, 1, "[protocols] allowed: unknown protocol '%s'", t);
				return false;
			}
			g_hash_table_add(p->protocols, g_steal_pointer(&t));
		}
	}
	p->tcp_ports = ports_parse(kf, "tcp", error);
	if (!*error)
		p->udp_ports = ports_parse(kf, "udp", error);
	if (*error)
		return false;
	if (!cidrs_parse(kf, "networks", "destinations", &p->networks, error) ||
	    !cidrs_parse(kf, "peers", "local", &p->local, error) ||
	    !cidrs_parse(kf, "peers", "outbound", &p->outbound, error) ||
	    !cidrs_parse(kf, "peers", "inbound", &p->inbound, error))
		return false;
	p->median_ms = number(kf, "rtt", "median_max_ms", -1, error);
	p->p95_ms = number(kf, "rtt", "p95_max_ms", -1, error);
	p->refused_pct = number(kf, "rtt", "refused_max_percent", -1, error);
	p->unanswered_pct = number(kf, "rtt", "unanswered_max_percent", -1, error);
	return !*error && findings_parse(kf, &p->findings, error);
}

bool policy_load(const char *path, struct policy *p, GError **error)
{
	memset(p, 0, sizeof *p);
	findings_config_init(&p->findings);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) err = NULL;
	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &err) || !load(kf, p, &err)) {
		if (err->domain == G_FILE_ERROR)
			g_set_error(error, POLICY_ERROR, 1, "cannot read policy '%s': %s", path, err->message);
		else
			g_set_error(error, POLICY_ERROR, 1, "policy '%s': %s", path, err->message);
		policy_clear(p);
		return false;
	}
	return true;
}
