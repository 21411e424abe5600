/* findings.c — the findings listener: its state, the per-packet entry, and
 * the tables a policy reads (ports, destinations, protocols). */
#include "stats/findings.h"

#include <arpa/inet.h>
#include <string.h>

#include "dissect/services.h"
#include "stats/findings_private.h"
#include "stats/rtt.h"

#define EXPIRE_EVERY_NS (60 * G_GINT64_CONSTANT(1000000000)) /* capture time between sweeps of idle flows */

static const char *const family_names[FIND_NFAMILIES] = {
	"scans", "sweeps", "refused", "bruteforce", "cleartext", "p2p", "tunnels", "talkers",
};

void findings_config_init(struct findings_config *c)
{
	static const uint16_t login[] = {21, 22, 23, 110, 139, 143, 445, 993, 995, 1433, 3306, 3389, 5432, 5900};
	*c = (struct findings_config){
		.scan_ports = 10, .scan_hosts = 10, .scan_protocols = 8, .rpc_programs = 3, .refused = 20,
		.bruteforce = 10, .bruteforce_seconds = 30, .talkers = 5, .jump_connections = 100, .jump_factor = 10,
	};
	for (int i = 0; i < FIND_NFAMILIES; i++)
		c->enabled[i] = true;
	c->login_ports = g_array_new(FALSE, FALSE, sizeof(uint16_t));
	g_array_append_vals(c->login_ports, login, G_N_ELEMENTS(login));
}

void findings_config_clear(struct findings_config *c)
{
	if (c->login_ports)
		g_array_free(c->login_ports, TRUE);
	c->login_ports = NULL;
}

FindFamily findings_family_parse(const char *name)
{
	for (int i = 0; i < FIND_NFAMILIES; i++)
		if (strcmp(name, family_names[i]) == 0)
			return (FindFamily)i;
	return FIND_NFAMILIES;
}

const char *findings_family_name(FindFamily f)
{
	return f < FIND_NFAMILIES ? family_names[f] : "";
}

struct finding *finding_new(const char *category, const char *kind, const char *what)
{
	struct finding *f = g_new0(struct finding, 1);
	f->category = category;
	f->kind = g_strdup(kind);
	f->what = g_strdup(what);
	return f;
}

void finding_set_proto(struct finding *r, const struct find_proto *fp)
{
	r->family = fp->family;
	r->has_src = r->has_dst = fp->family != 0;
	memcpy(r->src, fp->src, 16);
	memcpy(r->dst, fp->dst, 16);
	r->frames = fp->frames;
	r->bytes = fp->bytes;
	r->first_frame = fp->first_frame;
	r->last_frame = fp->last_frame;
	r->first_ns = fp->first_ns;
	r->last_ns = fp->last_ns;
}

void finding_free(struct finding *f)
{
	if (!f)
		return;
	g_free(f->kind);
	g_free(f->what);
	g_free(f->ports);
	g_free(f->open_ports);
	g_free(f->filter);
	g_free(f);
}

bool findings_known_service(uint16_t port, bool tcp)
{
	return service_name(port, tcp) != NULL;
}

static guint mix_hash(const void *key, size_t n);

guint akey_hash(gconstpointer k)
{
	return mix_hash(k, sizeof(struct akey));
}

gboolean akey_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct akey)) == 0;
}

guint addrkey_hash(gconstpointer k)
{
	const struct addrkey *a = k;
	return mix_hash(a->addr, 16) ^ a->family;
}

gboolean addrkey_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct addrkey)) == 0;
}

/* Words of the key mixed by multiplication: the per-packet lookups are
 * most of what this listener costs. */
static guint mix_hash(const void *key, size_t n)
{
	uint64_t h = n, w;
	const uint8_t *b = key;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	/* splitmix64's finalizer: every bit of the key reaches the low bits */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	return (guint)h;
}

enum { ARENA_BLOCK = 64 * 1024 };

void *findings_alloc(findings_state *st, size_t size)
{
	size = (size + 15) & ~(size_t)15;
	g_assert(size <= ARENA_BLOCK);
	if (st->arena_used + size > ARENA_BLOCK) {
		g_ptr_array_add(st->arena, g_malloc(ARENA_BLOCK));
		st->arena_used = 0;
	}
	void *p = (char *)st->arena->pdata[st->arena->len - 1] + st->arena_used;
	st->arena_used += size;
	return memset(p, 0, size);
}

static void pairagg_free(struct pairagg *a)
{
	if (a->set)
		g_hash_table_destroy(a->set);
	g_free(a->note); /* A itself is in the arena */
}

static void scanagg_free(struct scanagg *a)
{
	g_hash_table_destroy(a->items); /* A itself is in the arena */
}

static void host_free(struct host *h)
{
	if (h->minutes)
		g_array_free(h->minutes, TRUE); /* H itself is in the arena */
}

static void rtt_acc_free(struct rtt_acc *a)
{
	g_array_free(a->samples, TRUE);
	g_free(a);
}

static void tables_new(findings_state *st)
{
	st->flows[0] = flowtab_new();
	st->flows[1] = flowtab_new();
	st->tables = true;
	st->spare = g_ptr_array_new();
	st->slabs = g_ptr_array_new_with_free_func(g_free);
	st->slab_used = FLOW_SLAB;
	st->arena = g_ptr_array_new_with_free_func(g_free);
	st->arena_used = ARENA_BLOCK;
	st->scans = g_hash_table_new_full(akey_hash, akey_equal, NULL, (GDestroyNotify)scanagg_free);
	st->pairs = g_hash_table_new_full(akey_hash, akey_equal, NULL, (GDestroyNotify)pairagg_free);
	st->hosts = g_hash_table_new_full(addrkey_hash, addrkey_equal, NULL, (GDestroyNotify)host_free);
	st->ports = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	st->port_servers = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
						 (GDestroyNotify)g_hash_table_destroy);
	st->scanners = g_hash_table_new_full(akey_hash, akey_equal, g_free, NULL);
	st->rtt_servers = g_hash_table_new_full(akey_hash, akey_equal, NULL, (GDestroyNotify)rtt_acc_free);
	st->rtt_connections = 0;
	memset(st->rtt_by_status, 0, sizeof st->rtt_by_status);
}

static void tables_free(findings_state *st)
{
	if (!st->tables)
		return;
	for (int i = 0; i < 2; i++)
		flowtab_free(st->flows[i]); /* the flows are in the slabs */
	g_hash_table_destroy(st->scans);
	g_hash_table_destroy(st->pairs);
	g_hash_table_destroy(st->hosts);
	g_hash_table_destroy(st->ports);
	g_hash_table_destroy(st->port_servers);
	g_hash_table_destroy(st->scanners);
	g_hash_table_destroy(st->rtt_servers);
	if (st->rtt_out)
		g_array_free(st->rtt_out, TRUE);
	st->rtt_out = NULL;
	if (st->ports_out)
		g_array_free(st->ports_out, TRUE);
	if (st->dests_out)
		g_array_free(st->dests_out, TRUE);
	if (st->peers_out)
		g_array_free(st->peers_out, TRUE);
	st->peers_out = NULL;
	st->ports_out = st->dests_out = NULL;
	st->tables = false;
	g_ptr_array_free(st->spare, TRUE);
	g_ptr_array_free(st->slabs, TRUE);
	g_ptr_array_free(st->arena, TRUE); /* after the tables whose values are in it */
}

findings_state *findings_new(const struct findings_config *c)
{
	findings_state *st = g_new0(findings_state, 1);
	st->cfg = *c;
	st->cfg.login_ports = g_array_copy(c->login_ports);
	return st;
}

void findings_free(findings_state *st)
{
	if (!st)
		return;
	tables_free(st);
	findings_config_clear(&st->cfg);
	g_free(st);
}

void findings_file_begin(findings_state *st, guint file)
{
	tables_free(st);
	tables_new(st);
	memset(st->protos, 0, sizeof st->protos);
	st->file = file;
	st->packets = 0;
	st->last_flow = NULL;
	st->last_dest = NULL;
	memset(st->cache, 0, sizeof st->cache);
	st->any = false;
}

struct host *host_get(findings_state *st, uint8_t family, const uint8_t *addr)
{
	struct addrkey k = {.family = family};
	addr_copy(k.addr, family, addr);
	struct host *h = g_hash_table_lookup(st->hosts, &k);
	if (!h) {
		h = findings_alloc(st, sizeof *h);
		h->k = k;
		h->dest.family = family;
		memcpy(h->dest.addr, k.addr, 16);
		g_hash_table_insert(st->hosts, &h->k, h);
	}
	return h;
}

struct pairagg *pair_get(findings_state *st, PairKind kind, uint8_t family, const uint8_t *src, const uint8_t *dst,
			 uint16_t port)
{
	struct akey k = {.kind = (uint8_t)kind, .family = family, .port = port};
	if (src)
		addr_copy(k.src, family, src);
	if (dst)
		addr_copy(k.dst, family, dst);
	struct pairagg *a = g_hash_table_lookup(st->pairs, &k);
	if (!a) {
		a = findings_alloc(st, sizeof *a);
		a->k = k;
		g_hash_table_insert(st->pairs, &a->k, a);
	}
	return a;
}

void pair_frame(struct pairagg *a, const struct packet *p)
{
	a->frames++;
	a->bytes += p->frame->len;
	span_merge(&a->first_frame, &a->last_frame, &a->first_ns, &a->last_ns, p->frame->number, p->frame->number,
		   p->frame->ts_ns, p->frame->ts_ns);
}

void pair_flow(struct pairagg *a, const struct flow *f)
{
	a->count++;
	a->frames += f->apkts + f->bpkts;
	a->bytes += f->abytes + f->bbytes;
	span_merge(&a->first_frame, &a->last_frame, &a->first_ns, &a->last_ns, f->first_frame, f->last_frame,
		   f->first_ns, f->last_ns);
}

/* Frames, bytes and the first pair of every protocol of P (each counted
 * once per frame). */
static void protos_packet(findings_state *st, const struct packet *p)
{
	uint64_t seen[(PROTO_COUNT + 63) / 64] = {0};
	for (int i = 0; i < p->nlayers; i++) {
		unsigned id = p->layers[i].proto;
		if (seen[id / 64] & (1ull << (id % 64)))
			continue;
		seen[id / 64] |= 1ull << (id % 64);
		struct find_proto *fp = &st->protos[id];
		if (!fp->frames) {
			fp->first_frame = p->frame->number;
			fp->first_ns = p->frame->ts_ns;
			if (p->ip_layer >= 0) {
				fp->family = p->ip_version;
				addr_copy(fp->src, p->ip_version, p->ip_src);
				addr_copy(fp->dst, p->ip_version, p->ip_dst);
			}
		}
		fp->frames++;
		fp->bytes += p->frame->len;
		fp->last_frame = p->frame->number;
		fp->last_ns = p->frame->ts_ns;
	}
}

/* The IP protocols other than TCP and UDP one host sends another (an IP
 * protocol scan tries many). */
static void ipproto_packet(findings_state *st, const struct packet *p)
{
	if (p->ip_proto == 6 || p->ip_proto == 17 || addr_group(p->ip_version, p->ip_dst))
		return;
	struct pairagg *a = pair_get(st, PK_IPPROTO, p->ip_version, p->ip_src, p->ip_dst, 0);
	if (!a->set)
		a->set = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_hash_table_add(a->set, GUINT_TO_POINTER((guint)p->ip_proto + 1));
	pair_frame(a, p);
}

struct find_usage *findings_dest(findings_state *st, uint8_t family, const uint8_t *addr)
{
	return &host_get(st, family, addr)->dest;
}

/* A packet of no TCP or UDP flow (ICMP, other IP protocols) to its
 * destination; flows count theirs when they close. */
static void dest_packet(findings_state *st, const struct packet *p)
{
	struct find_usage *u = st->last_dest;
	if (!u || u->family != p->ip_version || memcmp(u->addr, p->ip_dst, p->ip_version == 6 ? 16 : 4) != 0)
		u = st->last_dest = findings_dest(st, p->ip_version, p->ip_dst);
	u->frames++;
	u->bytes += p->frame->len;
	span_merge(&u->first_frame, &u->last_frame, &u->first_ns, &u->last_ns, p->frame->number, p->frame->number,
		   p->frame->ts_ns, p->frame->ts_ns);
}

void findings_packet(findings_state *st, const struct packet *p)
{
	if (!st->any) {
		st->any = true;
		st->first_ns = p->frame->ts_ns;
	}
	st->last_ns = p->frame->ts_ns;
	protos_packet(st, p);
	if (p->ip_layer >= 0) {
		bool flow = (pkt_has_tcp(p) || pkt_has_udp(p)) && !(p->layers[p->l4_layer].flags & PKT_IN_ERROR);
		if (!flow)
			dest_packet(st, p);
		if (!(p->flags & PKT_IN_ERROR))
			ipproto_packet(st, p);
		flows_packet(st, p);
		cleartext_packet(st, p);
		tunnel_packet(st, p);
	}
	/* idle flows are folded in once a minute of capture time */
	if (++st->packets == 1)
		st->expired_ns = p->frame->ts_ns;
	else if (ts_diff(p->frame->ts_ns, st->expired_ns) > EXPIRE_EVERY_NS || ts_diff(p->frame->ts_ns, st->expired_ns) < 0) {
		flows_expire(st, p->frame->ts_ns, false);
		st->expired_ns = p->frame->ts_ns;
	}
}

static gint usage_cmp(gconstpointer a, gconstpointer b)
{
	const struct find_usage *x = a, *y = b;
	if (x->tcp != y->tcp)
		return x->tcp ? -1 : 1;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	return memcmp(x->addr, y->addr, 16);
}

static GArray *usage_array(GHashTable *t)
{
	GArray *v = g_array_new(FALSE, FALSE, sizeof(struct find_usage));
	GHashTableIter it;
	gpointer k, val;
	g_hash_table_iter_init(&it, t);
	while (g_hash_table_iter_next(&it, &k, &val))
		g_array_append_vals(v, val, 1);
	g_array_sort(v, usage_cmp);
	return v;
}

GArray *findings_ports(findings_state *st)
{
	if (!st->ports_out)
		st->ports_out = usage_array(st->ports);
	return st->ports_out;
}

GArray *findings_destinations(findings_state *st)
{
	if (st->dests_out)
		return st->dests_out;
	st->dests_out = g_array_new(FALSE, FALSE, sizeof(struct find_usage));
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, st->hosts);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct host *h = v;
		if (h->dest.frames) {
			h->dest.connections = h->conns_in;
			g_array_append_val(st->dests_out, h->dest);
		}
	}
	g_array_sort(st->dests_out, usage_cmp);
	return st->dests_out;
}

void findings_track_rtt(findings_state *st, bool on)
{
	st->track_rtt = on;
}

static gint rtt_server_cmp(gconstpointer a, gconstpointer b)
{
	const struct find_rtt_server *x = a, *y = b;
	if (x->family != y->family)
		return x->family - y->family;
	int c = memcmp(x->addr, y->addr, 16);
	return c ? c : (int)x->port - (int)y->port;
}

GArray *findings_rtt(findings_state *st, guint *connections, guint by_status[5])
{
	*connections = st->rtt_connections;
	memcpy(by_status, st->rtt_by_status, sizeof st->rtt_by_status);
	if (st->rtt_out)
		return st->rtt_out;
	st->rtt_out = g_array_new(FALSE, FALSE, sizeof(struct find_rtt_server));
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, st->rtt_servers);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct rtt_acc *a = v;
		rtt_sort_i64((int64_t *)(void *)a->samples->data, a->samples->len);
		const int64_t *s = (const int64_t *)(void *)a->samples->data;
		struct find_rtt_server r = {.family = a->k.family, .port = a->k.port, .connections = a->connections,
					    .samples = a->samples->len,
					    .median = rtt_quantile(s, a->samples->len, 0.5),
					    .p95 = rtt_quantile(s, a->samples->len, 0.95)};
		memcpy(r.addr, a->k.src, 16);
		g_array_append_val(st->rtt_out, r);
	}
	g_array_sort(st->rtt_out, rtt_server_cmp);
	return st->rtt_out;
}

void findings_track_peers(findings_state *st, bool on)
{
	st->track_peers = on;
}

void findings_peer_filter(findings_state *st, find_peer_keep keep, const void *ctx)
{
	st->peer_keep = keep;
	st->peer_ctx = ctx;
}

GArray *findings_peers(findings_state *st)
{
	if (st->peers_out)
		return st->peers_out;
	st->peers_out = g_array_new(FALSE, FALSE, sizeof(struct find_peer));
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, st->pairs);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		const struct pairagg *a = v;
		if (a->k.kind != PK_PEER)
			continue;
		struct find_peer fp = {.family = a->k.family, .connections = a->count, .frames = a->frames,
				       .bytes = a->bytes, .first_frame = a->first_frame, .last_frame = a->last_frame,
				       .first_ns = a->first_ns, .last_ns = a->last_ns};
		memcpy(fp.client, a->k.src, 16);
		memcpy(fp.server, a->k.dst, 16);
		g_array_append_val(st->peers_out, fp);
	}
	return st->peers_out;
}

const struct find_proto *findings_protocol(findings_state *st, enum proto_id id)
{
	return &st->protos[id];
}

void findings_file_end(findings_state *st, GPtrArray *out)
{
	flows_expire(st, 0, true);
	g_autoptr(GPtrArray) rows = g_ptr_array_new(); /* struct finding *, moved to OUT */
	findings_report_scans(st, rows);
	findings_report_pairs(st, rows);
	findings_report_talkers(st, rows);
	findings_sort(rows);
	for (guint i = 0; i < rows->len; i++)
		g_ptr_array_add(out, rows->pdata[i]);
}

bool findings_addr_internal(uint8_t family, const uint8_t *a)
{
	if (family == 6)
		return a[0] == 0xff || (a[0] & 0xfe) == 0xfc || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||
		       (memcmp(a, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 15) == 0 && a[15] <= 1);
	return a[0] == 10 || a[0] == 127 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168) ||
	       (a[0] == 169 && a[1] == 254) || (a[0] == 100 && (a[1] & 0xc0) == 64) || addr_group(4, a);
}

const char *findings_ip_name(uint8_t family)
{
	return family == 6 ? "ipv6" : "ip";
}

const char *findings_addr_text(char *buf, uint8_t family, const uint8_t *addr)
{
	if (!inet_ntop(family == 6 ? AF_INET6 : AF_INET, addr, buf, 46))
		g_strlcpy(buf, "?", 46);
	return buf;
}
