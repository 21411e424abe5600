/* policy_check.c — a file's traffic against a policy (violation rows), and
 * --learn: the policy a set of known-good files satisfies. */
#include <math.h>
#include <string.h>

#include "dissect/field.h"
#include "stats/findings_private.h"
#include "stats/policy.h"

/* Names that are no protocol a policy speaks of. */
static bool policy_protocol(enum proto_id id)
{
	const char *n = proto_get(id)->abbrev;
	return id != PROTO_FRAME && id != PROTO_TCP_SEGMENTS && id != PROTO_PKT_COMMENT && !g_str_has_prefix(n, "_ws.");
}

static bool port_allowed(const GArray *v, uint16_t port)
{
	for (guint i = 0; i < v->len; i++) {
		const struct port_range *r = &g_array_index(v, struct port_range, i);
		if (port >= r->lo && port <= r->hi)
			return true;
	}
	return false;
}

static struct finding *violation(guint file, const char *category, const char *kind, const char *what)
{
	struct finding *r = finding_new(category, kind, what);
	r->file = file;
	return r;
}

static void check_protocols(const struct policy *p, findings_state *st, guint file, GPtrArray *out)
{
	for (int id = 0; p->protocols && id < PROTO_COUNT; id++) {
		const struct find_proto *fp = findings_protocol(st, (enum proto_id)id);
		const struct proto_def *d = proto_get((enum proto_id)id);
		if (!fp->frames || !policy_protocol((enum proto_id)id) || g_hash_table_contains(p->protocols, d->abbrev))
			continue;
		g_autofree char *what = g_strdup_printf("protocol %s (%s) is not allowed: %" G_GUINT64_FORMAT " frames",
							d->abbrev, d->name, fp->frames);
		struct finding *r = violation(file, "protocol", d->abbrev, what);
		finding_set_proto(r, fp);
		r->filter = g_strdup(d->abbrev);
		g_ptr_array_add(out, r);
	}
}

static void check_ports(const struct policy *p, findings_state *st, guint file, GPtrArray *out)
{
	GArray *v = findings_ports(st);
	for (guint i = 0; i < v->len; i++) {
		const struct find_usage *u = &g_array_index(v, struct find_usage, i);
		const GArray *allowed = u->tcp ? p->tcp_ports : p->udp_ports;
		if (!allowed || port_allowed(allowed, u->port))
			continue;
		const char *t = u->tcp ? "tcp" : "udp";
		char s[46];
		findings_addr_text(s, u->family, u->addr);
		g_autofree char *kind = g_strdup_printf("%s/%u", t, u->port);
		g_autofree char *what = g_strdup_printf("server port %s/%u is not allowed: %" G_GUINT64_FORMAT
							" connections to %u server%s (%s%s)", t, u->port, u->connections,
							u->servers, u->servers == 1 ? "" : "s", s, u->servers > 1 ? " ..." : "");
		struct finding *r = violation(file, "port", kind, what);
		r->family = u->family;
		r->has_src = r->has_dst = true;
		memcpy(r->src, u->client, 16);
		memcpy(r->dst, u->addr, 16);
		r->ports = g_strdup_printf("%u", u->port);
		r->hosts = u->servers;
		r->frames = u->frames;
		r->bytes = u->bytes;
		r->connections = u->connections;
		r->first_frame = u->first_frame;
		r->last_frame = u->last_frame;
		r->first_ns = u->first_ns;
		r->last_ns = u->last_ns;
		if (u->servers == 1)
			r->filter = g_strdup_printf("%s.port == %u && %s.addr == %s", t, u->port, findings_ip_name(u->family), s);
		else
			r->filter = g_strdup_printf("%s.port == %u", t, u->port);
		g_ptr_array_add(out, r);
	}
}

static void check_networks(const struct policy *p, findings_state *st, guint file, GPtrArray *out)
{
	GArray *v = findings_destinations(st);
	for (guint i = 0; p->networks && i < v->len; i++) {
		const struct find_usage *u = &g_array_index(v, struct find_usage, i);
		if (netset_contains(p->networks, u->family, u->addr))
			continue;
		char a[46];
		findings_addr_text(a, u->family, u->addr);
		g_autofree char *what = g_strdup_printf("destination %s is outside the allowed networks: %" G_GUINT64_FORMAT
							" frames", a, u->frames);
		struct finding *r = violation(file, "network", a, what);
		r->family = u->family;
		r->has_dst = true;
		memcpy(r->dst, u->addr, 16);
		r->frames = u->frames;
		r->bytes = u->bytes;
		r->connections = u->connections;
		r->first_frame = u->first_frame;
		r->last_frame = u->last_frame;
		r->first_ns = u->first_ns;
		r->last_ns = u->last_ns;
		r->filter = g_strdup_printf("%s.dst == %s", findings_ip_name(u->family), a);
		g_ptr_array_add(out, r);
	}
}

static bool in_nets(const struct netset *nets, uint8_t family, const uint8_t *addr)
{
	return netset_contains(nets, family, addr);
}

/* "outbound" when CLIENT is one of our hosts and SERVER a peer outbound does
 * not list, "inbound" when SERVER is ours and CLIENT a peer inbound does not
 * list; NULL when the connection is allowed (multicast and broadcast servers
 * are no peers). */
static const char *peer_direction(const struct policy *p, uint8_t family, const uint8_t *client,
				  const uint8_t *server)
{
	if (addr_group(family, server))
		return NULL;
	bool cl = in_nets(p->local, family, client), sl = in_nets(p->local, family, server);
	if (cl && !sl && p->outbound && !in_nets(p->outbound, family, server))
		return "outbound";
	if (!cl && sl && p->inbound && !in_nets(p->inbound, family, client))
		return "inbound";
	return NULL;
}

bool policy_peer_reported(const void *policy, uint8_t family, const uint8_t *client, const uint8_t *server)
{
	const struct policy *p = policy;
	return p->local && peer_direction(p, family, client, server) != NULL;
}

/* Connections our hosts opened to peers outbound does not list, and those
 * peers inbound does not list opened to our hosts. */
static void check_peers(const struct policy *p, findings_state *st, guint file, GPtrArray *out)
{
	if (!p->local)
		return;
	GArray *v = findings_peers(st);
	for (guint i = 0; i < v->len; i++) {
		const struct find_peer *c = &g_array_index(v, struct find_peer, i);
		const char *dir = peer_direction(p, c->family, c->client, c->server);
		if (!dir)
			continue;
		char a[46], b[46];
		findings_addr_text(a, c->family, c->client);
		findings_addr_text(b, c->family, c->server);
		g_autofree char *what = g_strdup_printf("%s peer not allowed: %s opened %" G_GUINT64_FORMAT
							" connection%s to %s", dir, a, c->connections,
							c->connections == 1 ? "" : "s", b);
		struct finding *r = violation(file, "peer", dir, what);
		r->family = c->family;
		r->has_src = r->has_dst = true;
		memcpy(r->src, c->client, 16);
		memcpy(r->dst, c->server, 16);
		r->frames = c->frames;
		r->bytes = c->bytes;
		r->connections = c->connections;
		r->first_frame = c->first_frame;
		r->last_frame = c->last_frame;
		r->first_ns = c->first_ns;
		r->last_ns = c->last_ns;
		const char *ip = findings_ip_name(c->family);
		r->filter = g_strdup_printf("%s.addr == %s && %s.addr == %s", ip, a, ip, b);
		g_ptr_array_add(out, r);
	}
}

static void rtt_row(guint file, const struct find_rtt_server *s, const char *kind, double value, double limit, GPtrArray *out)
{
	char a[46];
	findings_addr_text(a, s->family, s->addr);
	g_autofree char *what = g_strdup_printf("handshake RTT %s %.3f ms to %s port %u is above the limit of %.3f ms "
						"(%u samples)", kind, value, a, s->port, limit, s->samples);
	struct finding *r = violation(file, "rtt", kind, what);
	r->family = s->family;
	r->has_dst = true;
	memcpy(r->dst, s->addr, 16);
	r->ports = g_strdup_printf("%u", s->port);
	r->connections = s->connections;
	r->value = value;
	r->limit = limit;
	r->filter = g_strdup_printf("%s.addr == %s && tcp.port == %u && tcp.flags.syn == 1", findings_ip_name(s->family),
				    a, s->port);
	g_ptr_array_add(out, r);
}

static void share_row(guint file, const char *kind, guint n, guint total, double limit, const char *filter,
		      GPtrArray *out)
{
	double pct = total ? 100.0 * n / total : 0;
	if (limit < 0 || pct <= limit)
		return;
	g_autofree char *what = g_strdup_printf("%s connections: %u of %u (%.1f%%), above the limit of %.1f%%", kind, n,
						total, pct, limit);
	struct finding *r = violation(file, "rtt", kind, what);
	r->connections = n;
	r->value = pct;
	r->limit = limit;
	r->filter = g_strdup(filter);
	g_ptr_array_add(out, r);
}

bool policy_limits_rtt(const struct policy *p)
{
	return p->median_ms >= 0 || p->p95_ms >= 0 || p->refused_pct >= 0 || p->unanswered_pct >= 0;
}

static void check_rtt(const struct policy *p, findings_state *st, guint file, GPtrArray *out)
{
	if (!policy_limits_rtt(p))
		return;
	guint conns, by_status[5];
	GArray *servers = findings_rtt(st, &conns, by_status);
	for (guint i = 0; i < servers->len; i++) {
		const struct find_rtt_server *sv = &g_array_index(servers, struct find_rtt_server, i);
		if (sv->median == RTT_NONE)
			continue;
		double med = sv->median / 1e6, p95 = sv->p95 / 1e6;
		if (p->median_ms >= 0 && med > p->median_ms)
			rtt_row(file, sv, "median", med, p->median_ms, out);
		if (p->p95_ms >= 0 && p95 > p->p95_ms)
			rtt_row(file, sv, "p95", p95, p->p95_ms, out);
	}
	share_row(file, "refused", by_status[RTT_REFUSED], conns, p->refused_pct,
		  "tcp.flags.reset == 1 && tcp.seq == 1", out);
	share_row(file, "unanswered", by_status[RTT_NO_ANSWER], conns, p->unanswered_pct,
		  "tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.analysis.retransmission", out);
}

void policy_check(const struct policy *p, findings_state *st, guint file, GPtrArray *out)
{
	check_protocols(p, st, file, out);
	check_ports(p, st, file, out);
	check_networks(p, st, file, out);
	check_peers(p, st, file, out);
	check_rtt(p, st, file, out);
}

/* --learn ------------------------------------------------------------- */

struct policy_learner {
	GHashTable *protocols;   /* char * name -> uint64 frames (g_memdup2) */
	GHashTable *ports[2];    /* udp, tcp: port + 1 -> connections */
	GHashTable *nets;        /* char * network -> frames */
	GHashTable *peers[2];    /* outbound, inbound: char * network -> connections */
	struct netset *local;    /* the private networks, our hosts when learning */
	double median_ms, p95_ms, refused_pct, unanswered_pct;
	bool fired[FIND_NFAMILIES];
};

/* What --learn takes for our hosts: the private networks. */
static const char *const local_nets[] = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
					 "169.254.0.0/16", "fc00::/7", "fe80::/10"};

policy_learner *policy_learner_new(void)
{
	policy_learner *l = g_new0(policy_learner, 1);
	l->protocols = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	l->ports[0] = g_hash_table_new(g_direct_hash, g_direct_equal);
	l->ports[1] = g_hash_table_new(g_direct_hash, g_direct_equal);
	l->nets = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (int i = 0; i < 2; i++)
		l->peers[i] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GArray) v = g_array_new(FALSE, FALSE, sizeof(struct cidr)); /* struct cidr */
	for (guint i = 0; i < G_N_ELEMENTS(local_nets); i++) {
		struct cidr c;
		policy_cidr_parse(local_nets[i], &c);
		g_array_append_val(v, c);
	}
	l->local = netset_new(v);
	return l;
}

void policy_learner_free(policy_learner *l)
{
	if (!l)
		return;
	g_hash_table_destroy(l->protocols);
	g_hash_table_destroy(l->ports[0]);
	g_hash_table_destroy(l->ports[1]);
	g_hash_table_destroy(l->nets);
	g_hash_table_destroy(l->peers[0]);
	g_hash_table_destroy(l->peers[1]);
	netset_free(l->local);
	g_free(l);
}

static void add(GHashTable *t, gpointer key, uint64_t n, bool dup)
{
	guint old = GPOINTER_TO_UINT(g_hash_table_lookup(t, key));
	uint64_t sum = old + n;
	guint v = sum > G_MAXUINT ? G_MAXUINT : (guint)sum;
	if (dup && !old)
		key = g_strdup(key);
	else if (dup)
		return (void)g_hash_table_insert(t, g_strdup(key), GUINT_TO_POINTER(v));
	g_hash_table_insert(t, key, GUINT_TO_POINTER(v));
}

/* A destination's network as the policy writes it: the /24 of an IPv4
 * address, the /64 of an IPv6 one, multicast and broadcast as they are. */
static char *network_of(uint8_t family, const uint8_t *addr)
{
	uint8_t a[16] = {0};
	char buf[46];
	if (family == 4 && addr_group(4, addr))
		return g_strdup_printf("%s/32", findings_addr_text(buf, 4, addr));
	if (family == 6 && addr[0] == 0xff)
		return g_strdup_printf("%s/128", findings_addr_text(buf, 6, addr));
	memcpy(a, addr, family == 4 ? 3 : 8);
	return g_strdup_printf("%s/%u", findings_addr_text(buf, family, a), family == 4 ? 24 : 64);
}

static FindFamily family_of(const char *category)
{
	static const char *const cats[FIND_NFAMILIES] = {"scan", "sweep", "refused", "bruteforce",
							 "cleartext", "p2p", "tunnel", "talker"};
	for (int i = 0; i < FIND_NFAMILIES; i++)
		if (strcmp(cats[i], category) == 0)
			return (FindFamily)i;
	return FIND_NFAMILIES;
}

void policy_learn_file(policy_learner *l, findings_state *st, GPtrArray *rows)
{
	for (int id = 0; id < PROTO_COUNT; id++) {
		const struct find_proto *fp = findings_protocol(st, (enum proto_id)id);
		if (fp->frames && policy_protocol((enum proto_id)id))
			add(l->protocols, (gpointer)proto_get((enum proto_id)id)->abbrev, fp->frames, true);
	}
	GArray *v = findings_ports(st);
	for (guint i = 0; i < v->len; i++) {
		const struct find_usage *u = &g_array_index(v, struct find_usage, i);
		add(l->ports[u->tcp], GUINT_TO_POINTER((guint)u->port + 1), u->connections, false);
	}
	v = findings_destinations(st);
	for (guint i = 0; i < v->len; i++) {
		const struct find_usage *u = &g_array_index(v, struct find_usage, i);
		g_autofree char *net = network_of(u->family, u->addr);
		add(l->nets, net, u->frames, true);
	}
	v = findings_peers(st);
	for (guint i = 0; i < v->len; i++) {
		const struct find_peer *c = &g_array_index(v, struct find_peer, i);
		bool cl = in_nets(l->local, c->family, c->client), sl = in_nets(l->local, c->family, c->server);
		if (cl == sl || addr_group(c->family, c->server))
			continue;
		g_autofree char *net = network_of(c->family, cl ? c->server : c->client);
		add(l->peers[cl ? 0 : 1], net, c->connections, true);
	}
	guint conns, by_status[5];
	GArray *servers = findings_rtt(st, &conns, by_status);
	for (guint i = 0; i < servers->len; i++) {
		const struct find_rtt_server *sv = &g_array_index(servers, struct find_rtt_server, i);
		if (sv->median == RTT_NONE)
			continue;
		l->median_ms = MAX(l->median_ms, sv->median / 1e6);
		l->p95_ms = MAX(l->p95_ms, sv->p95 / 1e6);
	}
	if (conns) {
		l->refused_pct = MAX(l->refused_pct, 100.0 * by_status[RTT_REFUSED] / conns);
		l->unanswered_pct = MAX(l->unanswered_pct, 100.0 * by_status[RTT_NO_ANSWER] / conns);
	}
	for (guint i = 0; i < rows->len; i++) {
		const struct finding *f = rows->pdata[i];
		FindFamily fam = family_of(f->category);
		if (!f->info && fam < FIND_NFAMILIES)
			l->fired[fam] = true;
	}
}

static gint str_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static gint net_cmp(gconstpointer a, gconstpointer b)
{
	struct cidr x, y;
	policy_cidr_parse(*(char *const *)a, &x);
	policy_cidr_parse(*(char *const *)b, &y);
	if (x.family != y.family)
		return x.family < y.family ? -1 : 1;
	int c = memcmp(x.addr, y.addr, 16);
	return c ? c : (x.bits > y.bits) - (x.bits < y.bits);
}

static gint uint_key_cmp(gconstpointer a, gconstpointer b)
{
	guint x = GPOINTER_TO_UINT(*(gconstpointer const *)a), y = GPOINTER_TO_UINT(*(gconstpointer const *)b);
	return (x > y) - (x < y);
}

/* KEY=item;item;... with a comment line per item "# item: N what". */
static void list_out(GString *s, const char *key, GHashTable *t, GCompareFunc cmp, bool ports, const char *what)
{
	g_autofree gpointer *keys = (gpointer *)g_hash_table_get_keys_as_array(t, NULL);
	guint n = g_hash_table_size(t);
	qsort(keys, n, sizeof *keys, (int (*)(const void *, const void *))cmp);
	GString *line = g_string_new(NULL);
	for (guint i = 0; i < n; i++) {
		guint count = GPOINTER_TO_UINT(g_hash_table_lookup(t, keys[i]));
		g_autofree char *item = ports ? g_strdup_printf("%u", GPOINTER_TO_UINT(keys[i]) - 1) : g_strdup(keys[i]);
		g_string_append_printf(s, "#   %s: %u %s\n", item, count, what);
		g_string_append_printf(line, "%s%s", i ? ";" : "", item);
	}
	g_string_append_printf(s, "%s=%s\n", key, line->str);
	g_string_free(line, TRUE);
}

/* A limit with room: twice what was seen, rounded up (at least MIN). */
static double room(double seen, double min)
{
	double v = ceil(seen * 2);
	return v < min ? min : v;
}

char *policy_learn_text(policy_learner *l)
{
	GString *s = g_string_new("# analyze review policy, learnt from captures taken as known-good.\n"
				  "# Trim what should not be there; each list's comments say what was seen.\n\n"
				  "[protocols]\n# protocol names as the hierarchy shows them, with their frames\n");
	list_out(s, "allowed", l->protocols, str_cmp, false, "frames");
	g_string_append(s, "\n[ports]\n# server ports that answered, with their connections\n");
	list_out(s, "tcp", l->ports[1], uint_key_cmp, true, "connections");
	list_out(s, "udp", l->ports[0], uint_key_cmp, true, "flows");
	g_string_append(s, "\n[networks]\n# destinations, IPv4 by /24 and IPv6 by /64, with their frames\n");
	list_out(s, "destinations", l->nets, net_cmp, false, "frames");
	g_string_append(s, "\n[peers]\n# our hosts: the private networks\nlocal=");
	for (guint i = 0; i < G_N_ELEMENTS(local_nets); i++)
		g_string_append_printf(s, "%s%s", i ? ";" : "", local_nets[i]);
	g_string_append(s, "\n# outside networks our hosts opened connections to, with their connections\n");
	list_out(s, "outbound", l->peers[0], net_cmp, false, "connections");
	g_string_append(s, "# outside networks that opened connections to our hosts\n");
	list_out(s, "inbound", l->peers[1], net_cmp, false, "connections");
	g_string_append_printf(s, "\n[rtt]\n# handshake RTT per server: the worst median seen was %.3f ms, the worst "
			       "p95 %.3f ms;\n# refused connections %.1f%%, unanswered %.1f%%. Limits leave room.\n",
			       l->median_ms, l->p95_ms, l->refused_pct, l->unanswered_pct);
	g_string_append_printf(s, "median_max_ms=%.0f\np95_max_ms=%.0f\nrefused_max_percent=%.0f\n"
			       "unanswered_max_percent=%.0f\n", room(l->median_ms, 1), room(l->p95_ms, 1),
			       room(l->refused_pct, 5), room(l->unanswered_pct, 5));
	g_string_append(s, "\n[findings]\n");
	GString *on = g_string_new(NULL);
	for (int i = 0; i < FIND_NFAMILIES; i++) {
		if (l->fired[i])
			g_string_append_printf(s, "# %s: off, the captures have some\n", findings_family_name((FindFamily)i));
		else
			g_string_append_printf(on, "%s%s", on->len ? ";" : "", findings_family_name((FindFamily)i));
	}
	g_string_append_printf(s, "enabled=%s\n", on->str);
	g_string_free(on, TRUE);
	return g_string_free(s, FALSE);
}
