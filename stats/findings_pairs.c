/* findings_pairs.c — rows from the pair aggregates (refusals, sweeps, brute
 * force, version detection, RPC and IP protocol probing, cleartext
 * credentials, tunnels), peer-to-peer protocols and the talkers. */
#include <string.h>

#include "dissect/field.h"
#include "stats/findings_private.h"

/* Whether a scan row already names K's source (and, with DST, the host). */
static bool scanner(findings_state *st, const struct akey *k, bool dst)
{
	struct akey a = {.family = k->family};
	memcpy(a.src, k->src, 16);
	if (dst)
		memcpy(a.dst, k->dst, 16);
	return g_hash_table_contains(st->scanners, &a);
}

static struct finding *pair_row(findings_state *st, const struct pairagg *a, const char *category, const char *kind,
				const char *what, bool dst)
{
	struct finding *r = finding_new(category, kind, what);
	r->file = st->file;
	r->family = a->k.family;
	r->has_src = true;
	memcpy(r->src, a->k.src, 16);
	r->has_dst = dst;
	if (dst)
		memcpy(r->dst, a->k.dst, 16);
	r->frames = a->frames;
	r->bytes = a->bytes;
	r->connections = a->count;
	r->first_frame = a->first_frame;
	r->last_frame = a->last_frame;
	r->first_ns = a->first_ns;
	r->last_ns = a->last_ns;
	if (a->k.port)
		r->ports = g_strdup_printf("%u", a->k.port);
	return r;
}

static struct finding *version_row(findings_state *st, const struct pairagg *a, const char *s, const char *d, guint n)
{
	g_autofree char *ports = findings_set_text(a->set, 0, false);
	g_autofree char *what = g_strdup_printf("version detection (nmap -sV): %s probed the services on %u port%s of %s",
						s, n, n == 1 ? "" : "s", d);
	struct finding *r = pair_row(st, a, "scan", "version", what, true);
	r->ports = g_strdup(ports);
	g_auto(GStrv) parts = g_strsplit(ports, ",", -1);
	g_autofree char *joined = g_strjoinv(", ", parts);
	g_autofree char *rest = g_strdup_printf("tcp.port in {%s}", joined);
	r->filter = findings_filter_of(a->k.family, a->k.src, "addr", a->k.dst, "addr", rest);
	return r;
}

static struct finding *rpc_row(findings_state *st, const struct pairagg *a, const char *s, const char *d, guint n)
{
	g_autofree char *what = g_strdup_printf("RPC program probing (nmap -sR, -sV): %s called the NULL procedure of "
						"%u programs on %s port %u", s, n, d, a->k.port);
	struct finding *r = pair_row(st, a, "scan", "rpc", what, true);
	r->open_ports = findings_set_text(a->set, 0, false);
	r->filter = findings_filter_of(a->k.family, a->k.src, "addr", a->k.dst, "addr", "rpc");
	return r;
}

/* Rows of the connection-shaped aggregates. */
static struct finding *conn_row(findings_state *st, const struct pairagg *a)
{
	const struct findings_config *c = &st->cfg;
	char s[46], d[46];
	findings_addr_text(s, a->k.family, a->k.src);
	findings_addr_text(d, a->k.family, a->k.dst);
	guint n = a->set ? g_hash_table_size(a->set) : 0;
	g_autofree char *what = NULL, *rest = NULL;
	struct finding *r = NULL;
	switch (a->k.kind) {
	case PK_REFUSED:
		if (!c->enabled[FIND_REFUSED] || a->count < c->refused || scanner(st, &a->k, true))
			return NULL;
		what = g_strdup_printf("refused connections: %" G_GUINT64_FORMAT " SYNs from %s answered by RST from %s",
				       a->count, s, d);
		r = pair_row(st, a, "refused", "refused", what, true);
		r->ports = findings_set_text(a->set, 0, true);
		r->filter = findings_filter_of(a->k.family, a->k.src, "addr", a->k.dst, "addr",
					       "(tcp.flags.reset == 1 || (tcp.flags.syn == 1 && tcp.flags.ack == 0))");
		return r;
	case PK_SWEEP:
		if (!c->enabled[FIND_SWEEPS] || n < c->scan_hosts || scanner(st, &a->k, false))
			return NULL;
		what = g_strdup_printf("unanswered SYN sweep: %s sent SYNs no one answered to %u hosts", s, n);
		r = pair_row(st, a, "sweep", "syn", what, false);
		r->hosts = n;
		r->filter = findings_filter_of(a->k.family, a->k.src, "src", NULL, NULL,
					       "tcp.flags.syn == 1 && tcp.flags.ack == 0");
		return r;
	case PK_BRUTE:
		if (!c->enabled[FIND_BRUTEFORCE] || a->count < c->bruteforce)
			return NULL;
		what = g_strdup_printf("brute-force shape: %" G_GUINT64_FORMAT " short connections from %s to %s port %u",
				       a->count, s, d, a->k.port);
		r = pair_row(st, a, "bruteforce", "bruteforce", what, true);
		double span = (double)ts_diff(a->last_ns, a->first_ns) / 60e9;
		r->rate = (double)a->count / (span > 1.0 / 60 ? span : 1.0 / 60);
		rest = g_strdup_printf("tcp.dstport == %u && tcp.flags.syn == 1 && tcp.flags.ack == 0", a->k.port);
		r->filter = findings_filter_of(a->k.family, a->k.src, "src", a->k.dst, "dst", rest);
		return r;
	case PK_VERSION:
		return c->enabled[FIND_SCANS] && a->count >= 2 ? version_row(st, a, s, d, n) : NULL;
	case PK_RPC:
		return c->enabled[FIND_SCANS] && n >= c->rpc_programs ? rpc_row(st, a, s, d, n) : NULL;
	case PK_IPPROTO:
		if (!c->enabled[FIND_SCANS] || n < c->scan_protocols)
			return NULL;
		what = g_strdup_printf("IP protocol scan (nmap -sO): %s sent %u IP protocols to %s", s, n, d);
		r = pair_row(st, a, "scan", "ipproto", what, true);
		r->ports = findings_set_text(a->set, 0, true);
		r->filter = findings_filter_of(a->k.family, a->k.src, "src", a->k.dst, "dst", "!tcp && !udp");
		return r;
	default:
		return NULL;
	}
}

struct text_kind {
	const char *key, *name, *filter;
};

static const struct text_kind clear_kinds[] = {
	[PK_TELNET] = {"telnet", "telnet session (everything typed, passwords too, in the clear)", "tcp.port == 23"},
	[PK_FTP] = {"ftp", "FTP USER/PASS in the clear", "tcp.dstport == 21 && (tcp contains \"USER \" || tcp contains \"PASS \")"},
	[PK_POP] = {"pop3", "POP3 USER/PASS in the clear", "tcp.dstport == 110 && (tcp contains \"USER \" || tcp contains \"PASS \")"},
	[PK_IMAP] = {"imap", "IMAP LOGIN in the clear", "tcp.dstport == 143 && tcp contains \"LOGIN \""},
	[PK_HTTP_BASIC] = {"http-basic", "HTTP Basic authorization (user and password, base64)", "http.authorization"},
	[PK_SNMP] = {"snmp", "SNMP community in the clear", "snmp.community"},
	[PK_6IN4] = {"6in4", "6in4 tunnel (IPv6 in IPv4, protocol 41)", "ip.proto == 41"},
	[PK_TEREDO] = {"teredo", "Teredo tunnel (IPv6 in UDP)", "udp && ipv6"},
	[PK_GRE] = {"gre", "GRE tunnel", "gre"},
	[PK_VXLAN] = {"vxlan", "VXLAN tunnel", "vxlan"},
};

static struct finding *text_row(findings_state *st, const struct pairagg *a)
{
	bool tunnel = a->k.kind >= PK_6IN4 && a->k.kind <= PK_VXLAN;
	bool clear = a->k.kind >= PK_TELNET && a->k.kind <= PK_SNMP;
	if ((!tunnel && !clear) || (tunnel && !st->cfg.enabled[FIND_TUNNELS]) || (clear && !st->cfg.enabled[FIND_CLEARTEXT]))
		return NULL;
	const struct text_kind *tk = &clear_kinds[a->k.kind];
	char s[46], d[46];
	findings_addr_text(s, a->k.family, a->k.src);
	findings_addr_text(d, a->k.family, a->k.dst);
	g_autofree char *what = NULL;
	if (a->note)
		what = g_strdup_printf("%s: %s to %s, %s '%s'", tk->name, s, d, a->k.kind == PK_SNMP ? "community" : "user",
				       a->note);
	else
		what = g_strdup_printf("%s: %s to %s", tk->name, s, d);
	struct finding *r = pair_row(st, a, tunnel ? "tunnel" : "cleartext", tk->key, what, true);
	r->connections = 0;
	r->filter = findings_filter_of(a->k.family, a->k.src, tunnel ? "addr" : "src", a->k.dst,
				       tunnel ? "addr" : "dst", tk->filter);
	return r;
}

void findings_report_pairs(findings_state *st, GPtrArray *out)
{
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, st->pairs);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		if (((struct pairagg *)v)->k.kind == PK_PEER)
			continue; /* one a pair of hosts, for a policy's peers: never a row */
		struct finding *r = conn_row(st, v);
		if (!r)
			r = text_row(st, v);
		if (r)
			g_ptr_array_add(out, r);
	}
	static const enum proto_id p2p[] = {PROTO_BITTORRENT, PROTO_BT_DHT, PROTO_BT_UTP};
	for (guint i = 0; st->cfg.enabled[FIND_P2P] && i < G_N_ELEMENTS(p2p); i++) {
		const struct find_proto *fp = &st->protos[p2p[i]];
		if (!fp->frames)
			continue;
		const char *name = proto_get(p2p[i])->abbrev;
		g_autofree char *what = g_strdup_printf("peer-to-peer: %s (%s), %" G_GUINT64_FORMAT " frames", proto_get(p2p[i])->name,
							name, fp->frames);
		struct finding *r = finding_new("p2p", name, what);
		r->file = st->file;
		finding_set_proto(r, fp);
		r->filter = g_strdup(name);
		g_ptr_array_add(out, r);
	}
}

static gint by_tx(gconstpointer a, gconstpointer b)
{
	const struct host *x = *(struct host *const *)a, *y = *(struct host *const *)b;
	return x->tx_bytes != y->tx_bytes ? (x->tx_bytes > y->tx_bytes ? -1 : 1) : memcmp(&x->k, &y->k, sizeof x->k);
}

static gint by_rx(gconstpointer a, gconstpointer b)
{
	const struct host *x = *(struct host *const *)a, *y = *(struct host *const *)b;
	return x->rx_bytes != y->rx_bytes ? (x->rx_bytes > y->rx_bytes ? -1 : 1) : memcmp(&x->k, &y->k, sizeof x->k);
}

static struct finding *host_row(findings_state *st, const struct host *h, const char *kind, const char *what)
{
	struct finding *r = finding_new("talker", kind, what);
	r->file = st->file;
	r->family = h->k.family;
	r->has_src = true;
	memcpy(r->src, h->k.addr, 16);
	r->first_frame = h->first_frame;
	r->last_frame = h->last_frame;
	r->first_ns = h->first_ns;
	r->last_ns = h->last_ns;
	r->filter = findings_filter_of(h->k.family, h->k.addr, "addr", NULL, NULL, NULL);
	return r;
}

/* A minute in which H opened at least jump_connections connections and
 * jump_factor times its mean over the file's minutes. */
static void jump_row(findings_state *st, const struct host *h, guint minutes, GPtrArray *out)
{
	if (!h->minutes || minutes < 2)
		return;
	double mean = (double)h->conns_out / minutes;
	for (guint m = 0; m < h->minutes->len; m++) {
		uint32_t n = g_array_index(h->minutes, uint32_t, m);
		if (n < st->cfg.jump_connections || n < st->cfg.jump_factor * mean)
			continue;
		char a[46];
		g_autofree char *what = g_strdup_printf("connection jump: %s opened %u connections in minute %u of the "
							"capture, %.0f times its mean of %.1f a minute",
							findings_addr_text(a, h->k.family, h->k.addr), n, m + 1, n / mean, mean);
		struct finding *r = host_row(st, h, "jump", what);
		r->connections = n;
		/* the SYNs of that minute (counted from the file's first frame) */
		r->first_frame = r->last_frame = 0;
		g_free(r->filter);
		g_autofree char *rest = g_strdup_printf("tcp.flags.syn == 1 && tcp.flags.ack == 0 && frame.time_relative >= %u "
							"&& frame.time_relative < %u", 60 * m, 60 * (m + 1));
		r->filter = findings_filter_of(h->k.family, h->k.addr, "src", NULL, NULL, rest);
		g_ptr_array_add(out, r);
		return;
	}
}

void findings_report_talkers(findings_state *st, GPtrArray *out)
{
	if (!st->cfg.enabled[FIND_TALKERS])
		return;
	g_autoptr(GPtrArray) v = g_ptr_array_new(); /* struct host *, borrowed */
	GHashTableIter it;
	gpointer k, val;
	g_hash_table_iter_init(&it, st->hosts);
	while (g_hash_table_iter_next(&it, &k, &val))
		g_ptr_array_add(v, val);
	guint minutes = (guint)(ts_diff(st->last_ns, st->first_ns) / G_GINT64_CONSTANT(60000000000)) + 1;
	for (guint i = 0; i < v->len; i++)
		jump_row(st, v->pdata[i], minutes, out);
	for (int dir = 0; dir < 2; dir++) {
		g_ptr_array_sort(v, dir ? by_rx : by_tx);
		for (guint i = 0; i < v->len && i < st->cfg.talkers; i++) {
			const struct host *h = v->pdata[i];
			uint64_t bytes = dir ? h->rx_bytes : h->tx_bytes;
			if (!bytes)
				break;
			char a[46];
			g_autofree char *what = g_strdup_printf(
				"%s talker #%u: %s, %" G_GUINT64_FORMAT " bytes %s, %" G_GUINT64_FORMAT " connections %s",
				dir ? "destination" : "source", i + 1, findings_addr_text(a, h->k.family, h->k.addr), bytes,
				dir ? "received" : "sent", dir ? h->conns_in : h->conns_out, dir ? "accepted" : "opened");
			struct finding *r = host_row(st, h, dir ? "destination" : "source", what);
			r->info = true;
			r->bytes = bytes;
			r->frames = dir ? h->rx_frames : h->tx_frames;
			r->connections = dir ? h->conns_in : h->conns_out;
			g_ptr_array_add(out, r);
		}
	}
}
