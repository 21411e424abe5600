/* findings_flow.c — the flow table of the findings listener: one record per
 * TCP or UDP flow while it lives, folded into the aggregates (scans, brute
 * force, refusals, ports, talkers) when it goes idle or the file ends. */
#include <string.h>

#include "stats/findings_private.h"
#include "stats/rtt.h"

#define IDLE_NS (300 * G_GINT64_CONSTANT(1000000000)) /* a flow this quiet is over */

static const uint16_t FL = TH_FIN | TH_SYN | TH_RST | TH_PUSH | TH_ACK | TH_URG; /* the classic six */

static guint addrlen(uint8_t family)
{
	return family == 6 ? 16 : 4;
}

/* The UDP or TCP flow an ICMP error of P quotes, as its key (A the quoted
 * sender), and the ICMP type and code.  False when P quotes none. */
static bool quoted_flow(const struct packet *p, struct fkey *k, uint8_t *type, uint8_t *code)
{
	const uint8_t *d = p->frame->data;
	uint32_t cap = p->frame->caplen;
	int icmp = -1;
	for (int i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		if (l->proto == PROTO_ICMP || l->proto == PROTO_ICMPV6) {
			icmp = i;
			continue;
		}
		if (icmp < 0 || !(l->flags & PKT_IN_ERROR) || (l->flags & PKT_REASSEMBLED))
			continue;
		if (l->proto != PROTO_IP && l->proto != PROTO_IPV6)
			continue;
		const struct layer *ic = &p->layers[icmp];
		if (ic->off + 2 > cap || i + 1 >= p->nlayers)
			return false;
		*type = d[ic->off];
		*code = d[ic->off + 1];
		const struct layer *t = &p->layers[i + 1];
		if ((t->proto != PROTO_UDP && t->proto != PROTO_TCP) || t->off + 4 > cap)
			return false;
		memset(k, 0, sizeof *k);
		k->proto = t->proto == PROTO_UDP ? 17 : 6;
		if (l->proto == PROTO_IP) {
			if (l->off + 20 > cap)
				return false;
			k->family = 4;
			memcpy(k->a, d + l->off + 12, 4);
			memcpy(k->b, d + l->off + 16, 4);
		} else {
			if (l->off + 40 > cap)
				return false;
			k->family = 6;
			memcpy(k->a, d + l->off + 8, 16);
			memcpy(k->b, d + l->off + 24, 16);
		}
		k->aport = (uint16_t)(d[t->off] << 8 | d[t->off + 1]);
		k->bport = (uint16_t)(d[t->off + 2] << 8 | d[t->off + 3]);
		return true;
	}
	return false;
}

/* An ICMP error about a flow: "unreachable" marks it (port unreachable for
 * UDP, any destination unreachable for TCP). */
static void icmp_error(findings_state *st, const struct packet *p)
{
	struct fkey k;
	uint8_t type, code;
	if (!quoted_flow(p, &k, &type, &code))
		return;
	bool unreach = (k.family == 4 && type == 3) || (k.family == 6 && type == 1);
	if (!unreach)
		return;
	struct fkey ck;
	fkey_canonical(&ck, &k);
	struct flow *f = flow_get(st, &ck);
	if (f) {
		f->unreachable = true;
		f->bpkts++;
		f->bbytes += p->frame->len;
		f->last_frame = p->frame->number;
		f->last_ns = p->frame->ts_ns;
	}
}

/* Whether the first bytes a client sends look like one of the probes a
 * service-detection scanner sends to learn what answers (an HTTP/1.0
 * request line with no header, OPTIONS or HELP, bare line ends, a TLS or
 * SSLv2 hello to a plain service is not counted). */
static bool service_probe(const uint8_t *b, uint32_t n)
{
	static const char *const probes[] = {
		"GET / HTTP/1.0\r\n\r\n", "OPTIONS / HTTP/1.0\r\n\r\n", "OPTIONS / RTSP/1.0\r\n\r\n",
		"HELP\r\n", "\r\n\r\n", "HEAD / HTTP/1.0\r\n\r\n",
	};
	for (guint i = 0; i < G_N_ELEMENTS(probes); i++) {
		size_t len = strlen(probes[i]);
		if (n == len && memcmp(b, probes[i], len) == 0)
			return true;
	}
	return false;
}

/* The ONC RPC call at the start of a client's payload B (N bytes): its
 * program, when it is a NULL procedure call. */
static bool rpc_null_call(const uint8_t *b, uint32_t n, bool tcp, uint32_t *prog)
{
	if (tcp) {
		if (n < 4)
			return false;
		b += 4;
		n -= 4;
	}
	if (n < 24)
		return false;
	uint32_t w[6];
	for (int i = 0; i < 6; i++)
		w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 | (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
	if (w[1] != 0 || w[2] != 2 || w[5] != 0)
		return false;
	*prog = w[3];
	return true;
}

/* The payload of P's transport layer within the frame, or NULL. */
static const uint8_t *payload(const struct packet *p, uint32_t *n)
{
	const struct layer *l = &p->layers[p->l4_layer];
	uint32_t hdr = pkt_has_tcp(p) ? p->tcp_hdr_len : 8;
	uint32_t off = l->off + hdr;
	if ((l->flags & PKT_REASSEMBLED) || off >= p->frame->caplen)
		return NULL;
	*n = p->frame->caplen - off;
	if (pkt_has_tcp(p) && *n > p->tcp_len)
		*n = p->tcp_len;
	return p->frame->data + off;
}

static struct flow *flow_lookup(findings_state *st, const struct packet *p, bool *from_a);
static void flow_end(findings_state *st, struct flow *f);

/* Whether F is the flow of P, and which way P goes. */
static bool flow_is(const struct flow *f, const struct packet *p, bool *from_a)
{
	guint n = addrlen(p->ip_version);
	const struct fkey *k = &f->k;
	if (k->family != p->ip_version || k->proto != (pkt_has_tcp(p) ? 6 : 17))
		return false;
	if (k->aport == p->sport && k->bport == p->dport && memcmp(k->a, p->ip_src, n) == 0 &&
	    memcmp(k->b, p->ip_dst, n) == 0) {
		*from_a = true;
		return true;
	}
	if (k->aport == p->dport && k->bport == p->sport && memcmp(k->a, p->ip_dst, n) == 0 &&
	    memcmp(k->b, p->ip_src, n) == 0) {
		*from_a = false;
		return true;
	}
	return false;
}

/* The same hash for both directions of a flow; its top bits choose the
 * cache's slot (cache_slot). */
static uint32_t cache_hash(uint8_t family, const uint8_t *a, const uint8_t *b, uint16_t ap, uint16_t bp)
{
	guint n = addrlen(family);
	uint32_t x, y;
	memcpy(&x, a + n - 4, 4);
	memcpy(&y, b + n - 4, 4);
	return ((x + y) ^ ((uint32_t)ap + bp) * 0x9e3779b1u) * 0x85ebca6bu;
}

static guint cache_slot(uint32_t h)
{
	return (h >> 20) & (G_N_ELEMENTS(((findings_state *)0)->cache) - 1);
}

static struct flow *flow_find(findings_state *st, const struct packet *p, bool *from_a)
{
	if (st->last_flow && flow_is(st->last_flow, p, from_a))
		return st->last_flow;
	uint32_t h = cache_hash(p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport);
	guint slot = cache_slot(h);
	/* the hash first: with many flows alive, reading a cached flow of
	 * another hash would cost a cache miss for nothing */
	if (st->cache[slot] && st->cache_hash[slot] == h && flow_is(st->cache[slot], p, from_a))
		return st->cache[slot];
	struct flow *f = flow_lookup(st, p, from_a);
	st->cache[slot] = f;
	st->cache_hash[slot] = h;
	return f;
}

static struct flow *flow_lookup(findings_state *st, const struct packet *p, bool *from_a)
{
	struct fkey k = {0};
	guint n = addrlen(p->ip_version);
	k.family = p->ip_version;
	k.proto = pkt_has_tcp(p) ? 6 : 17;
	memcpy(k.a, p->ip_src, n);
	memcpy(k.b, p->ip_dst, n);
	k.aport = p->sport;
	k.bport = p->dport;
	struct fkey ck;
	fkey_canonical(&ck, &k);
	struct flow *f = flow_get(st, &ck);
	if (f) {
		*from_a = f->k.aport == k.aport && memcmp(f->k.a, k.a, 16) == 0;
		return f;
	}
	struct fkey r = k;
	memcpy(r.a, k.b, 16);
	memcpy(r.b, k.a, 16);
	r.aport = k.bport;
	r.bport = k.aport;
	if (st->spare->len) {
		f = g_ptr_array_steal_index_fast(st->spare, st->spare->len - 1);
	} else {
		if (st->slab_used == FLOW_SLAB) {
			g_ptr_array_add(st->slabs, g_new(struct flow, FLOW_SLAB));
			st->slab_used = 0;
		}
		f = (struct flow *)st->slabs->pdata[st->slabs->len - 1] + st->slab_used++;
	}
	memset(f, 0, sizeof *f);
	f->ck = ck;
	/* a first SYN-ACK comes from the responder; so does a first UDP datagram
	 * from a well-known service port to an unknown high one (the request
	 * was not captured) */
	bool reverse = k.proto == 6 ? (p->tcp_flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK)
				    : k.aport < 1024 && k.bport >= 1024 && findings_known_service(k.aport, false) &&
					      !findings_known_service(k.bport, false);
	f->k = reverse ? r : k;
	f->first_flags = reverse ? 0xffff : (uint16_t)(k.proto == 6 ? (p->tcp_flags & FL) : 0);
	f->first_frame = p->frame->number;
	f->first_ns = p->frame->ts_ns;
	struct flow_key fk;
	flow_key_set(&fk, ck.family, ck.a, ck.b, ck.aport, ck.bport);
	flowtab_put(st->flows[ck.proto == 6], &fk, f);
	*from_a = !reverse;
	return f;
}

/* The handshake's times and TTLs, for the RTT a policy limits. */
static void handshake(struct flow *f, const struct packet *p, bool from_a, uint16_t fl)
{
	if (from_a && fl == TH_SYN) {
		if (!f->has_syn) {
			f->has_syn = true;
			f->syn_ns = p->frame->ts_ns;
			f->syn_ttl = p->ip_ttl;
		}
		f->syn_count++;
	} else if (!from_a && (fl & (TH_SYN | TH_ACK | TH_RST)) == (TH_SYN | TH_ACK) && !f->has_synack) {
		f->has_synack = true;
		f->synack_ns = p->frame->ts_ns;
		f->synack_ttl = p->ip_ttl;
	} else if (from_a && f->has_synack && !f->has_hack && (fl & TH_ACK) && !(fl & (TH_SYN | TH_RST))) {
		f->has_hack = true;
		f->hack_ns = p->frame->ts_ns;
	}
}

static void tcp_update(struct flow *f, const struct packet *p, bool from_a, const uint8_t *pl, uint32_t n)
{
	uint16_t fl = p->tcp_flags & FL;
	handshake(f, p, from_a, fl);
	if (from_a) {
		if (f->first_flags == 0xffff)
			f->first_flags = fl;
		if (fl == TH_SYN && f->apkts == 0)
			f->raw_syn = p->tcp_window <= 4096 && p->tcp_opts == TCPOPT_SEEN_MSS;
		if (f->synack && (fl & TH_RST) && !f->a_ack_after_synack)
			f->a_rst_after_synack = true;
		else if (f->synack && fl == TH_ACK)
			f->a_ack_after_synack = true;
		if (n && !f->apayload && pl) {
			f->probe_payload = service_probe(pl, n);
			f->rpc_null = rpc_null_call(pl, n, true, &f->rpc_prog);
		}
		f->aflags |= fl;
	} else {
		if ((fl & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK))
			f->synack = true;
		f->bflags |= fl;
	}
}

void flows_packet(findings_state *st, const struct packet *p)
{
	if (p->ip_layer < 0)
		return;
	if (p->l4_layer < 0 || (p->layers[p->l4_layer].flags & PKT_IN_ERROR)) {
		if (p->flags & PKT_IN_ERROR)
			icmp_error(st, p);
		return;
	}
	if (!pkt_has_tcp(p) && !pkt_has_udp(p))
		return;
	bool from_a;
	struct flow *f = flow_find(st, p, &from_a);
	if (pkt_has_tcp(p) && (p->tcp_flags & FL) == TH_SYN && f->has_synack && ((f->aflags | f->bflags) & (TH_FIN | TH_RST))) {
		/* a new connection on the ports of one that ended: a flow of its own */
		flow_end(st, f);
		f = flow_find(st, p, &from_a);
	}
	st->last_flow = f;
	uint32_t n = 0;
	const uint8_t *pl = payload(p, &n);
	uint32_t plen = pkt_has_tcp(p) ? p->tcp_len : n;
	if (pkt_has_tcp(p))
		tcp_update(f, p, from_a, pl, pl ? n : 0);
	else if (from_a && plen && !f->apayload && pl) {
		f->rpc_null = rpc_null_call(pl, n, false, &f->rpc_prog);
		f->probe_payload = false;
	}
	int dir = from_a ? 0 : 1;
	if (!f->to_first[dir]) {
		f->to_first[dir] = p->frame->number;
		f->to_first_ns[dir] = p->frame->ts_ns;
	}
	f->to_last[dir] = p->frame->number;
	f->to_last_ns[dir] = p->frame->ts_ns;
	if (from_a) {
		f->apkts++;
		f->abytes += p->frame->len;
		f->apayload += plen;
	} else {
		f->bpkts++;
		f->bbytes += p->frame->len;
		f->bpayload += plen;
	}
	f->last_frame = p->frame->number;
	f->last_ns = p->frame->ts_ns;
}

struct flow *flow_get(findings_state *st, const struct fkey *ck)
{
	struct flow_key fk;
	flow_key_set(&fk, ck->family, ck->a, ck->b, ck->aport, ck->bport);
	return flowtab_get(st->flows[ck->proto == 6], &fk);
}

void fkey_canonical(struct fkey *out, const struct fkey *k)
{
	int c = memcmp(k->a, k->b, 16);
	if (c < 0 || (c == 0 && k->aport <= k->bport)) {
		*out = *k;
		return;
	}
	*out = *k;
	memcpy(out->a, k->b, 16);
	memcpy(out->b, k->a, 16);
	out->aport = k->bport;
	out->bport = k->aport;
}

bool addr_group(uint8_t family, const uint8_t *a)
{
	if (family == 6)
		return a[0] == 0xff;
	return a[0] >= 224 || (a[3] == 255) || (a[0] == 0 && a[1] == 0 && a[2] == 0 && a[3] == 0);
}

/* The kind of scan probe flow F is, and how its port answered; SK_NKINDS
 * when F is no probe (it carried data, or looks like ordinary traffic). */
static ScanKind tcp_probe(const struct flow *f, int *state)
{
	if (f->apayload || f->bpayload || f->first_flags == 0xffff)
		return SK_NKINDS;
	bool rst = f->bflags & TH_RST;
	if (f->first_flags == TH_SYN) {
		*state = f->synack ? PS_OPEN : rst ? PS_CLOSED : PS_NOANSWER;
		bool raw = (f->synack && f->a_rst_after_synack && !f->a_ack_after_synack) ||
			   (!f->a_ack_after_synack && f->raw_syn);
		return raw ? SK_SYN : SK_CONNECT;
	}
	if (f->apkts > 3 || f->bpkts > 3 || (f->bflags & ~TH_RST & ~TH_ACK))
		return SK_NKINDS;
	*state = rst ? PS_CLOSED : PS_NOANSWER;
	switch (f->first_flags) {
	case 0:
		return SK_NULL;
	case TH_FIN:
		return SK_FIN;
	case TH_FIN | TH_PUSH | TH_URG:
		return SK_XMAS;
	case TH_ACK:
		return f->bpkts && !rst ? SK_NKINDS : SK_ACK;
	case TH_FIN | TH_ACK:
		return f->bpkts && !rst ? SK_NKINDS : SK_MAIMON;
	default:
		return SK_NKINDS;
	}
}

static ScanKind udp_probe(const struct flow *f, int *state)
{
	if (!f->apkts || f->apkts > 3 || f->apayload > 1400 * 3)
		return SK_NKINDS;
	*state = f->unreachable ? PS_CLOSED : f->bpayload ? PS_OPEN : PS_NOANSWER;
	return SK_UDP;
}

static bool login_port(const findings_state *st, uint16_t port)
{
	for (guint i = 0; i < st->cfg.login_ports->len; i++)
		if (g_array_index(st->cfg.login_ports, uint16_t, i) == port)
			return true;
	return false;
}

static void set_add(struct pairagg *a, guint x)
{
	if (!a->set)
		a->set = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_hash_table_add(a->set, GUINT_TO_POINTER(x + 1));
}

/* Connections: refused, unanswered, brute-force shaped, version probes, RPC
 * program probes. */
static void tcp_close(findings_state *st, const struct flow *f)
{
	const struct fkey *k = &f->k;
	bool syn = f->first_flags == TH_SYN;
	bool established = f->synack && f->a_ack_after_synack;
	if (syn && !f->synack && (f->bflags & TH_RST)) {
		struct pairagg *a = pair_get(st, PK_REFUSED, k->family, k->a, k->b, 0);
		pair_flow(a, f);
		set_add(a, k->bport);
	}
	if (syn && !f->bpkts && !addr_group(k->family, k->b)) {
		struct pairagg *a = pair_get(st, PK_SWEEP, k->family, k->a, NULL, 0);
		pair_flow(a, f);
		struct addrkey ak = {.family = k->family};
		memcpy(ak.addr, k->b, 16);
		set_add(a, addrkey_hash(&ak));
	}
	if (established && syn && login_port(st, k->bport) &&
	    ts_diff(f->last_ns, f->first_ns) <= (int64_t)st->cfg.bruteforce_seconds * 1000000000) {
		struct pairagg *a = pair_get(st, PK_BRUTE, k->family, k->a, k->b, k->bport);
		pair_flow(a, f);
	}
	if (established && ((!f->apayload && f->bpayload && (f->aflags & (TH_FIN | TH_RST))) || f->probe_payload)) {
		struct pairagg *a = pair_get(st, PK_VERSION, k->family, k->a, k->b, 0);
		pair_flow(a, f);
		set_add(a, k->bport);
	}
}

/* The server's port of F, as far as the capture tells: the one the first
 * SYN went to, else the responder's (unless only the initiator's port is a
 * known service). */
static void port_used(findings_state *st, const struct flow *f)
{
	const struct fkey *k = &f->k;
	bool tcp = k->proto == 6;
	bool answered = tcp ? f->synack || f->bpayload || (f->first_flags != TH_SYN && f->bpkts)
			    : f->bpayload > 0;
	if (!answered)
		return;
	uint16_t port = k->bport;
	const uint8_t *server = k->b, *client = k->a;
	if (!(tcp && (f->first_flags & TH_SYN)) && findings_known_service(k->aport, tcp) &&
	    !findings_known_service(k->bport, tcp)) {
		port = k->aport;
		server = k->a;
		client = k->b;
	}
	guint key = ((guint)tcp << 16 | port) + 1;
	struct find_usage *u = g_hash_table_lookup(st->ports, GUINT_TO_POINTER(key));
	if (!u) {
		u = g_new0(struct find_usage, 1);
		u->family = k->family;
		memcpy(u->addr, server, 16);
		memcpy(u->client, client, 16);
		u->port = port;
		u->tcp = tcp;
		g_hash_table_insert(st->ports, GUINT_TO_POINTER(key), u);
		g_hash_table_insert(st->port_servers, GUINT_TO_POINTER(key),
				    g_hash_table_new_full(addrkey_hash, addrkey_equal, g_free, NULL));
	}
	if (!u->first_frame || f->first_frame < u->first_frame) {
		/* the example shown is the first connection's: the same whatever order flows close in */
		memcpy(u->addr, server, 16);
		memcpy(u->client, client, 16);
	}
	u->frames += f->apkts + f->bpkts;
	u->bytes += f->abytes + f->bbytes;
	u->connections++;
	span_merge(&u->first_frame, &u->last_frame, &u->first_ns, &u->last_ns, f->first_frame, f->last_frame,
		   f->first_ns, f->last_ns);
	GHashTable *servers = g_hash_table_lookup(st->port_servers, GUINT_TO_POINTER(key));
	struct addrkey ak = {.family = k->family};
	memcpy(ak.addr, server, 16);
	if (!g_hash_table_contains(servers, &ak))
		g_hash_table_add(servers, g_memdup2(&ak, sizeof ak));
	u->servers = g_hash_table_size(servers);
}

/* The frames F carried to each end, into the destinations table. */
static void dests_of_flow(const struct flow *f, struct host *a, struct host *b)
{
	for (int dir = 0; dir < 2; dir++) {
		if (!f->to_first[dir])
			continue;
		struct find_usage *u = &(dir ? a : b)->dest;
		u->frames += dir ? f->bpkts : f->apkts;
		u->bytes += dir ? f->bbytes : f->abytes;
		span_merge(&u->first_frame, &u->last_frame, &u->first_ns, &u->last_ns, f->to_first[dir],
			   f->to_last[dir], f->to_first_ns[dir], f->to_last_ns[dir]);
	}
}

/* The connection F's initiator opened, in the minute it began. */
static void opened(findings_state *st, struct host *h, const struct flow *f)
{
	h->conns_out++;
	int64_t m = ts_diff(f->first_ns, st->first_ns) / G_GINT64_CONSTANT(60000000000);
	if (m < 0 || m >= 100000)
		return;
	if (!h->minutes)
		h->minutes = g_array_new(FALSE, TRUE, sizeof(uint32_t));
	if (h->minutes->len <= (guint)m)
		g_array_set_size(h->minutes, (guint)m + 1);
	g_array_index(h->minutes, uint32_t, m)++;
}

/* F's handshake into the RTT tables: its status, and a sample for its
 * server when it was established without a retransmitted SYN. */
static void rtt_close(findings_state *st, const struct flow *f)
{
	if (!f->has_syn && !f->has_synack)
		return;
	RttStatus status = !f->has_syn ? RTT_MID_HANDSHAKE
			 : f->has_synack ? (f->has_hack ? RTT_ESTABLISHED : RTT_INCOMPLETE)
			 : (f->bflags & TH_RST) ? RTT_REFUSED : RTT_NO_ANSWER;
	st->rtt_connections++;
	st->rtt_by_status[status]++;
	struct akey k = {.family = f->k.family, .port = f->k.bport};
	memcpy(k.src, f->k.b, 16);
	struct rtt_acc *a = g_hash_table_lookup(st->rtt_servers, &k);
	if (!a) {
		a = g_new0(struct rtt_acc, 1);
		a->k = k;
		a->samples = g_array_new(FALSE, FALSE, sizeof(int64_t));
		g_hash_table_insert(st->rtt_servers, &a->k, a);
	}
	a->connections++;
	if (status != RTT_ESTABLISHED || f->syn_count > 1)
		return;
	int64_t leg1 = ts_diff(f->synack_ns, f->syn_ns), leg2 = ts_diff(f->hack_ns, f->synack_ns);
	RttVantage v = rtt_vantage(leg1, leg2, f->syn_ttl, f->synack_ttl);
	if (v == VANTAGE_UNKNOWN)
		return;
	int64_t rtt = v == VANTAGE_CLIENT ? leg1 : v == VANTAGE_SERVER ? leg2 : leg1 + leg2;
	g_array_append_val(a->samples, rtt);
}

static void flow_close(findings_state *st, const struct flow *f)
{
	if (st->track_rtt && f->k.proto == 6)
		rtt_close(st, f);
	const struct fkey *k = &f->k;
	struct host *a = host_get(st, k->family, k->a), *b = host_get(st, k->family, k->b);
	dests_of_flow(f, a, b);
	opened(st, a, f);
	b->conns_in++;
	a->tx_bytes += f->abytes;
	a->rx_bytes += f->bbytes;
	a->tx_frames += f->apkts;
	a->rx_frames += f->bpkts;
	b->tx_bytes += f->bbytes;
	b->rx_bytes += f->abytes;
	b->tx_frames += f->bpkts;
	b->rx_frames += f->apkts;
	span_merge(&a->first_frame, &a->last_frame, &a->first_ns, &a->last_ns, f->first_frame, f->last_frame,
		   f->first_ns, f->last_ns);
	span_merge(&b->first_frame, &b->last_frame, &b->first_ns, &b->last_ns, f->first_frame, f->last_frame,
		   f->first_ns, f->last_ns);
	port_used(st, f);
	if (st->track_peers && (!st->peer_keep || st->peer_keep(st->peer_ctx, k->family, k->a, k->b)))
		pair_flow(pair_get(st, PK_PEER, k->family, k->a, k->b, 0), f);
	if (f->rpc_null) {
		struct pairagg *r = pair_get(st, PK_RPC, k->family, k->a, k->b, k->bport);
		pair_flow(r, f);
		set_add(r, f->rpc_prog);
	}
	if (k->proto == 6)
		tcp_close(st, f);
	if (addr_group(k->family, k->b) || f->rpc_null)
		return;
	int state = PS_NOANSWER;
	ScanKind kind = k->proto == 6 ? tcp_probe(f, &state) : udp_probe(f, &state);
	if (kind == SK_NKINDS)
		return;
	scan_add(st, f, kind, state, false);
	scan_add(st, f, kind, state, true);
}

/* Closes F and takes it out of the table and the cache. */
static void flow_end(findings_state *st, struct flow *f)
{
	flow_close(st, f);
	struct flow_key fk;
	flow_key_set(&fk, f->ck.family, f->ck.a, f->ck.b, f->ck.aport, f->ck.bport);
	flowtab_remove(st->flows[f->ck.proto == 6], &fk);
	guint slot = cache_slot(cache_hash(f->k.family, f->k.a, f->k.b, f->k.aport, f->k.bport));
	if (st->cache[slot] == f)
		st->cache[slot] = NULL;
	if (st->last_flow == f)
		st->last_flow = NULL;
	g_ptr_array_add(st->spare, f);
}

struct expiry {
	GPtrArray *idle;            /* struct flow *, borrowed */
	int64_t now_ns;
	bool all;
};

static void collect_idle(void *value, void *data)
{
	struct flow *f = value;
	struct expiry *e = data;
	if (e->all || ts_diff(e->now_ns, f->last_ns) >= IDLE_NS)
		g_ptr_array_add(e->idle, f);
}

void flows_expire(findings_state *st, int64_t now_ns, bool all)
{
	st->last_flow = NULL;
	for (int t = 0; t < 2; t++) {
		struct expiry e = {g_ptr_array_new(), now_ns, all};
		flowtab_foreach(st->flows[t], collect_idle, &e);
		for (guint i = 0; i < e.idle->len; i++) {
			if (all)
				flow_close(st, e.idle->pdata[i]); /* the table goes whole below */
			else
				flow_end(st, e.idle->pdata[i]);
		}
		g_ptr_array_free(e.idle, TRUE);
	}
	if (all) { /* every flow closed: empty tables, the records' blocks freed */
		for (int t = 0; t < 2; t++) {
			flowtab_free(st->flows[t]);
			st->flows[t] = flowtab_new();
		}
		memset(st->cache, 0, sizeof st->cache);
		g_ptr_array_set_size(st->spare, 0);
		g_ptr_array_set_size(st->slabs, 0);
		st->slab_used = FLOW_SLAB;
	}
}
