/* session.c — per-file dissection state. */
#include "dissect/session.h"

#include "dissect/expect.h"
#include "dissect/tcp_conv.h"

#include <glib.h>
#include <string.h>

struct dissect_session {
	struct flowtab *tcp;    /* directional flow key -> struct tcp_dir */
	struct tcp_tracker *tracker; /* TCP conversation analysis, or NULL */
	struct flowtab *udp;    /* canonical UDP pair -> stream number + 1 (with the tracker) */
	GArray *udp_times;      /* struct udp_times by stream number */
	GHashTable *frags;      /* struct ipfrag_key -> struct ipfrag */
	GHashTable *dcerpc;     /* struct ctx_key -> protocol id + 1 (1: an interface we do not name) */
	GHashTable *rpc;        /* struct ctx_key (ctx: the xid) -> struct rpc_call */
	GQueue *rpc_order;      /* struct ctx_key* (owned by rpc): its keys, oldest first */
	GHashTable *dcerpc_calls; /* struct ctx_key (ctx: the call id) -> opnum + 1 */
	GHashTable *smb2_reads; /* struct ctx_key (pipe: the message id) -> file */
	GHashTable *icmp_echo;  /* struct ctx_key (ctx: identifier, sequence) -> request frame */
	struct expect_table *media; /* (address, port) an SDP body announced -> RTP / RTCP */
	struct expect_table *tcp_expected; /* (address, port, address, 0): a TCP connection
					    * between them, any port at the second (FTP data) */
	struct expect_table *clients; /* (client, client port, server): TFTP, Kerberos, gQUIC;
				       * (address, port, address, port) of a pair: STUN */
	GHashTable *conv_data;  /* struct ctx_key (ctx: the protocol) -> struct conv_data */
	struct conv_data *proto_data[PROTO_COUNT]; /* by protocol id: what it keeps of the whole file */
	/* Connections closed by both FINs: where each direction's bytes
	 * ended, the newest CLOSED_MAX directions (a ring, made at the
	 * first close) */
	struct closed_dir *closed_ring;
	uint32_t closed_next;
	struct flowtab *closed; /* struct flow_key -> ring index + 1 */
	/* Directions no connection holds, for the next one: they are made
	 * TCP_DIR_BLOCK at a time and never handed back to the allocator
	 * (a connection opens and closes in a few frames) */
	GQueue *resets;         /* struct reset_entry, roughly by due time */
	int64_t reset_due;      /* the first one's, INT64_MAX when none */
	struct tcp_dir *free_dirs;
	GPtrArray *dir_blocks;  /* owns the directions */
	/* The same for the room a direction gathering a PDU keeps its start in
	 * (each free one holds the next's address) */
	uint8_t *free_prefixes;
	GPtrArray *prefix_blocks;
	struct shard_log *shard; /* what a sharded run checks, NULL otherwise */
};

/* What a session dissecting one shard of a file records for
 * session_shards_agree(), per bounded table. */
struct shard_table {
	uint64_t cap;            /* its bound */
	GArray *inserts;         /* uint64_t: the frame of each entry put in it */
	GArray *hits;            /* uint64_t pairs: frame an entry was put, frame that found it */
};
struct shard_log {
	bool crossed;            /* state of one address pair met a frame of another */
	uint64_t frame;          /* the frame being dissected */
	struct shard_table tables[SESSION_BOUNDED_N];
};

#define TCP_DIR_BLOCK 256

#define CLOSED_MAX 65536
struct closed_dir {
	struct flow_key key;
	uint64_t frame;   /* where it was kept (a sharded run checks the ring's reach) */
	uint32_t next_seq;
	bool used;      /* it was ever filled (its key may have been forgotten since) */
};



/* Announced endpoints kept at most: far more calls and transfers than
 * overlap in practice, a few hundred kilobytes each. */
#define EXPECT_MAX 4096

/* A DCE/RPC presentation context (or an ONC RPC transaction) on a
 * connection, ends in a fixed order. */
struct ctx_key {
	struct flow_key conn;
	uint32_t ctx;
	uint64_t pipe; /* the SMB2 file, or an SMB2 message id in smb2_reads */
};

/* What a protocol keeps of one conversation (under KEY in conv_data, or
 * by protocol id in proto_data), and how it is freed. */
struct conv_data {
	struct ctx_key key;
	void *data;
	void (*free_fn)(void *data);
	struct conv_data *next;     /* the next one of the same TCP connection */
};

static void conv_data_free(void *v)
{
	struct conv_data *d = v;
	d->free_fn(d->data);
	g_free(d);
}

/* A reset connection waiting to be forgotten (session_tcp_expire). */
struct reset_entry {
	struct flow_key key;        /* the direction that saw the RST */
	int64_t due;                /* not before this time */
};

/* A hash of the N bytes of K (N a multiple of 8), a word at a time. */
static guint words_hash(const void *k, size_t n)
{
	uint64_t h = 0, w;
	for (size_t i = 0; i < n; i += 8) {
		memcpy(&w, (const uint8_t *)k + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	h ^= h >> 32;
	return (guint)h;
}

G_STATIC_ASSERT(sizeof(struct ctx_key) % 8 == 0);
G_STATIC_ASSERT(sizeof(struct ipfrag_key) % 8 == 0);

static guint ctx_hash(gconstpointer k)
{
	return words_hash(k, sizeof(struct ctx_key));
}

static gboolean ctx_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct ctx_key)) == 0;
}

static guint frag_hash(gconstpointer k)
{
	return words_hash(k, sizeof(struct ipfrag_key));
}

static gboolean frag_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct ipfrag_key)) == 0;
}


struct dissect_session *dissect_session_new(void)
{
	struct dissect_session *s = g_new0(struct dissect_session, 1);
	s->tcp = flowtab_new();
	s->frags = g_hash_table_new_full(frag_hash, frag_equal, g_free, g_free);
	s->dcerpc = g_hash_table_new_full(ctx_hash, ctx_equal, g_free, NULL);
	s->rpc = g_hash_table_new_full(ctx_hash, ctx_equal, g_free, g_free);
	s->rpc_order = g_queue_new();
	s->dcerpc_calls = g_hash_table_new_full(ctx_hash, ctx_equal, g_free, NULL);
	s->smb2_reads = g_hash_table_new_full(ctx_hash, ctx_equal, g_free, g_free);
	s->icmp_echo = g_hash_table_new_full(ctx_hash, ctx_equal, g_free, g_free);
	s->media = expect_new(EXPECT_MAX);
	s->clients = expect_new(EXPECT_MAX);
	s->tcp_expected = expect_new(EXPECT_MAX);
	s->conv_data = g_hash_table_new_full(ctx_hash, ctx_equal, NULL, conv_data_free); /* keys in the values */
	s->resets = g_queue_new();
	s->reset_due = INT64_MAX;
	s->dir_blocks = g_ptr_array_new_with_free_func(g_free);
	s->prefix_blocks = g_ptr_array_new_with_free_func(g_free);
	return s;
}

void dissect_session_free(struct dissect_session *s)
{
	if (!s)
		return;
	tcp_tracker_free(s->tracker);
	flowtab_free(s->udp);
	if (s->udp_times)
		g_array_free(s->udp_times, TRUE);
	flowtab_free(s->tcp);
	g_ptr_array_free(s->dir_blocks, TRUE);
	g_ptr_array_free(s->prefix_blocks, TRUE);
	g_hash_table_destroy(s->frags);
	g_hash_table_destroy(s->dcerpc);
	g_queue_free(s->rpc_order);
	g_hash_table_destroy(s->rpc);
	g_hash_table_destroy(s->dcerpc_calls);
	g_hash_table_destroy(s->smb2_reads);
	g_hash_table_destroy(s->icmp_echo);
	g_hash_table_destroy(s->conv_data);
	for (size_t i = 0; i < G_N_ELEMENTS(s->proto_data); i++)
		if (s->proto_data[i])
			conv_data_free(s->proto_data[i]);
	expect_free(s->media);
	expect_free(s->clients);
	expect_free(s->tcp_expected);
	flowtab_free(s->closed);
	g_free(s->closed_ring);
	g_queue_free_full(s->resets, g_free);
	if (s->shard) {
		for (int t = 0; t < SESSION_BOUNDED_N; t++) {
			g_array_free(s->shard->tables[t].inserts, TRUE);
			g_array_free(s->shard->tables[t].hits, TRUE);
		}
		g_free(s->shard);
	}
	g_free(s);
}

/* A direction of all zeros, from the free ones. */
static struct tcp_dir *dir_new(struct dissect_session *s)
{
	if (!s->free_dirs) {
		struct tcp_dir *block = g_new(struct tcp_dir, TCP_DIR_BLOCK);
		g_ptr_array_add(s->dir_blocks, block);
		for (size_t i = 0; i < TCP_DIR_BLOCK; i++) {
			block[i].peer = s->free_dirs;
			s->free_dirs = &block[i];
		}
	}
	struct tcp_dir *d = s->free_dirs;
	s->free_dirs = d->peer;
	memset(d, 0, sizeof *d);
	return d;
}

uint8_t *session_tcp_prefix(struct dissect_session *s)
{
	if (!s->free_prefixes) {
		uint8_t *block = g_malloc((size_t)TCP_DIR_BLOCK * PKT_REASSEMBLED_MAX);
		g_ptr_array_add(s->prefix_blocks, block);
		for (size_t i = 0; i < TCP_DIR_BLOCK; i++) {
			uint8_t *b = block + i * PKT_REASSEMBLED_MAX;
			memcpy(b, &s->free_prefixes, sizeof b);
			s->free_prefixes = b;
		}
	}
	uint8_t *b = s->free_prefixes;
	memcpy(&s->free_prefixes, b, sizeof b);
	return b;
}

void session_tcp_idle(struct dissect_session *s, struct tcp_dir *d)
{
	if (d->gathering || !d->prefix)
		return;
	memcpy(d->prefix, &s->free_prefixes, sizeof d->prefix);
	s->free_prefixes = d->prefix;
	d->prefix = NULL;
}

/* D back to the free ones (its peer link is how they are chained). */
static void dir_free(struct dissect_session *s, struct tcp_dir *d)
{
	if (!d)
		return;
	d->gathering = false;
	session_tcp_idle(s, d);
	for (struct conv_data *c = d->convs, *next; c; c = next) {
		next = c->next;
		g_hash_table_remove(s->conv_data, &c->key); /* frees it */
	}
	d->peer = s->free_dirs;
	s->free_dirs = d;
}

/* The kind an earlier frame announced for the new connection KEY: one end
 * at the address and port announced, the other at the address announced
 * with it, any port; EXPECT_NONE when none. */
static unsigned tcp_expected(struct dissect_session *s, const struct flow_key *key)
{
	struct flow_key k = *key;
	k.dport = 0;
	unsigned kind = expect_get(s->tcp_expected, &k);
	if (kind)
		return kind;
	flow_key_reverse(&k, key);
	k.dport = 0;
	return expect_get(s->tcp_expected, &k);
}

struct tcp_dir *session_tcp_dir_add(struct dissect_session *s, const struct flow_key *key, struct tcp_dir *rev)
{
	struct tcp_dir *d = dir_new(s);
	flowtab_put(s->tcp, key, d);
	if (!rev) {
		struct flow_key r;
		flow_key_reverse(&r, key);
		rev = flowtab_get(s->tcp, &r); /* D itself when KEY is its own reverse */
	}
	if (rev) {
		d->peer = rev;
		rev->peer = d;
		d->app = rev->app;
	} else if (expect_size(s->tcp_expected)) {
		d->app = tcp_conv_dissector(tcp_expected(s, key));
	}
	return d;
}

struct tcp_dir *session_tcp_dir(struct dissect_session *s, const struct flow_key *key)
{
	struct tcp_dir *d = flowtab_get(s->tcp, key);
	return d ? d : session_tcp_dir_add(s, key, NULL);
}

unsigned dissect_session_datagrams(const struct dissect_session *s)
{
	return g_hash_table_size(s->frags);
}

bool dissect_session_holds_transport(const struct dissect_session *s)
{
	return g_hash_table_size(s->frags) > 0 || flowtab_size(s->tcp) > 0 || s->closed_ring || s->closed_next ||
	       !g_queue_is_empty(s->resets);
}

struct ipfrag *session_ipfrag(struct dissect_session *s, const struct ipfrag_key *key)
{
	struct ipfrag *f = g_hash_table_lookup(s->frags, key);
	if (!f) {
		f = g_new0(struct ipfrag, 1);
		f->l4 = -1;
		g_hash_table_insert(s->frags, g_memdup2(key, sizeof *key), f);
	}
	return f;
}

static void ctx_key_of(struct ctx_key *k, const struct packet *p, uint32_t ctx)
{
	memset(k, 0, sizeof *k);
	uint8_t n = p->ip_version == 4 ? 4 : 16;
	int c = memcmp(p->ip_src, p->ip_dst, n);
	bool fwd = c < 0 || (c == 0 && p->sport <= p->dport);
	flow_key_set(&k->conn, p->ip_version, fwd ? p->ip_src : p->ip_dst, fwd ? p->ip_dst : p->ip_src,
		     fwd ? p->sport : p->dport, fwd ? p->dport : p->sport);
	k->ctx = ctx;
	k->pipe = p->smb_fid;
}

/* A 16-bit value kept under (P's connection, CTX) in T, stored plus one so
 * that 0 can be kept too. */
static void ctx_put16(GHashTable *t, const struct packet *p, uint32_t ctx, uint16_t v)
{
	struct ctx_key k;
	ctx_key_of(&k, p, ctx);
	g_hash_table_insert(t, g_memdup2(&k, sizeof k), GUINT_TO_POINTER((guint)v + 1));
}

static bool ctx_get16(GHashTable *t, const struct packet *p, uint32_t ctx, uint16_t *v)
{
	struct ctx_key k;
	ctx_key_of(&k, p, ctx);
	guint got = GPOINTER_TO_UINT(g_hash_table_lookup(t, &k));
	if (!got)
		return false;
	*v = (uint16_t)(got - 1);
	return true;
}

void session_dcerpc_bind(struct dissect_session *s, const struct packet *p, uint16_t ctx, uint16_t proto)
{
	ctx_put16(s->dcerpc, p, ctx, proto);
}

bool session_dcerpc_iface(struct dissect_session *s, const struct packet *p, uint16_t ctx, uint16_t *proto)
{
	return ctx_get16(s->dcerpc, p, ctx, proto);
}

struct tcp_dir *session_tcp_dir_find(struct dissect_session *s, const struct flow_key *key)
{
	return flowtab_get(s->tcp, key);
}

static void closed_keep(struct dissect_session *s, const struct flow_key *key, const struct tcp_dir *d);

/* The table of closed directions outgrows the cache on a busy capture,
 * and its keys are known ahead: a connection's after its first FIN, the
 * keys the ring forgets next at any time.  Asking for their memory early
 * lets the lookups find it there. */
static void closed_prefetch(struct dissect_session *s)
{
	for (uint32_t i = 0; i < 2; i++) {
		const struct closed_dir *c = &s->closed_ring[(s->closed_next + i) % CLOSED_MAX];
		if (c->used)
			flowtab_prefetch(s->closed, &c->key);
	}
	__builtin_prefetch(&s->closed_ring[(s->closed_next + 2) % CLOSED_MAX]);
	__builtin_prefetch(&s->closed_ring[(s->closed_next + 3) % CLOSED_MAX]);
}

/* Forgets the connection of direction KEY (D, its state): where each
 * direction's bytes ended is kept a while. */
static void tcp_forget(struct dissect_session *s, const struct flow_key *key, struct tcp_dir *d)
{
	struct flow_key rev;
	flow_key_reverse(&rev, key);
	closed_keep(s, key, d);
	if (d->peer)
		closed_keep(s, &rev, d->peer);
	if (s->closed)
		closed_prefetch(s);
	dir_free(s, flowtab_remove(s->tcp, key));
	dir_free(s, flowtab_remove(s->tcp, &rev));
}

void session_tcp_close(struct dissect_session *s, const struct flow_key *key, struct tcp_dir *d, bool reset)
{
	/* A reset connection keeps its state a while: the same ports may come
	 * back with the same sequence numbers, as one conversation. */
	if (reset) {
		d->reset = true;
		if (d->peer)
			d->peer->reset = true;
		if (d->reset_queued || (d->peer && d->peer->reset_queued))
			return;
		struct reset_entry *e = g_new(struct reset_entry, 1);
		*e = (struct reset_entry){*key, d->last_ns + TCP_RESET_QUIET_NS};
		g_queue_push_tail(s->resets, e);
		if (s->resets->length == 1)
			s->reset_due = e->due;
		d->reset_queued = true;
		return;
	}
	d->fin = true;
	if (!(d->peer && d->peer->fin)) {
		/* the other FIN comes soon: its directions are kept then */
		if (s->closed && d->peer) {
			struct flow_key rev;
			flow_key_reverse(&rev, key);
			flowtab_prefetch(s->closed, key);
			flowtab_prefetch(s->closed, &rev);
		}
		return;
	}
	tcp_forget(s, key, d);
}

void session_tcp_expire(struct dissect_session *s, int64_t now)
{
	if (now < s->reset_due)
		return;
	struct reset_entry *e;
	while ((e = g_queue_peek_head(s->resets)) && e->due <= now) {
		g_queue_pop_head(s->resets);
		struct tcp_dir *d = flowtab_get(s->tcp, &e->key);
		if (d && !d->reset)
			d->reset_queued = false; /* opened again since */
		if (!d || !d->reset) {
			g_free(e);
			continue;
		}
		int64_t last = d->last_ns;
		if (d->peer && d->peer->last_ns > last)
			last = d->peer->last_ns;
		if (now - last < TCP_RESET_QUIET_NS) {
			e->due = last + TCP_RESET_QUIET_NS; /* seen since: wait on */
			g_queue_push_tail(s->resets, e);
			continue;
		}
		tcp_forget(s, &e->key, d);
		g_free(e);
	}
	s->reset_due = e ? e->due : INT64_MAX;
}

/* Forgets what was kept of the closed direction KEY.  Its ring entry is
 * left as it is: the ring forgets a key only while the table still points
 * at that entry (closed_keep). */
static void closed_forget(struct dissect_session *s, const struct flow_key *key)
{
	if (s->closed)
		flowtab_remove(s->closed, key);
}

/* Keeps where direction KEY's bytes ended in the ring's next entry; the
 * entry it replaces forgets its key unless the key was kept again since
 * (the table then points at a newer entry), and a key kept before points
 * at the new entry from now on: one lookup for each, none to forget the
 * key first. */
static void closed_keep(struct dissect_session *s, const struct flow_key *key, const struct tcp_dir *d)
{
	if (!d->seq_known)
		return;
	if (!s->closed) {
		s->closed_ring = g_new0(struct closed_dir, CLOSED_MAX);
		s->closed = flowtab_new();
	}
	struct closed_dir *c = &s->closed_ring[s->closed_next];
	void *at = (void *)(uintptr_t)(s->closed_next + 1);
	if (c->used)
		flowtab_remove_if(s->closed, &c->key, at);
	c->key = *key;
	c->next_seq = d->next_seq;
	if (s->shard) {
		c->frame = s->shard->frame;
		session_bounded_insert(s, SESSION_BOUNDED_CLOSED, CLOSED_MAX);
	}
	c->used = true;
	flowtab_put(s->closed, &c->key, at);
	s->closed_next = (s->closed_next + 1) % CLOSED_MAX;
}

bool session_tcp_closed_before(struct dissect_session *s, const struct flow_key *key, uint32_t end, bool syn)
{
	if (!s->closed)
		return false;
	if (syn) {
		struct flow_key rev;
		flow_key_reverse(&rev, key);
		closed_forget(s, key);
		closed_forget(s, &rev);
		return false;
	}
	uintptr_t v = (uintptr_t)flowtab_get(s->closed, key);
	if (!v)
		return false;
	uint32_t next = s->closed_ring[v - 1].next_seq;
	if (s->shard)
		session_bounded_hit(s, SESSION_BOUNDED_CLOSED, s->closed_ring[v - 1].frame);
	return (int32_t)(end - next) <= 0;
}

void session_ipfrag_forget(struct dissect_session *s, const struct ipfrag_key *key)
{
	g_hash_table_remove(s->frags, key);
}

/* A UDP conversation's first and latest frame times. */
struct udp_times {
	int64_t first_ns, last_ns;
	bool seen;
};

void dissect_session_track_tcp(struct dissect_session *s)
{
	if (!s->tracker) {
		s->tracker = tcp_tracker_new();
		s->udp = flowtab_new();
		s->udp_times = g_array_new(FALSE, TRUE, sizeof(struct udp_times));
	}
}

/* The udp.stream of a UDP pair: conversations numbered in order of first
 * appearance, either direction alike. */
static uint32_t udp_stream_of(struct dissect_session *s, uint8_t family, const uint8_t *src, const uint8_t *dst,
			      uint16_t sport, uint16_t dport)
{
	int c = memcmp(src, dst, family == 4 ? 4 : 16);
	bool fwd = c < 0 || (c == 0 && sport <= dport);
	struct flow_key k;
	flow_key_set(&k, family, fwd ? src : dst, fwd ? dst : src, fwd ? sport : dport, fwd ? dport : sport);
	uintptr_t id = (uintptr_t)flowtab_get(s->udp, &k);
	if (!id) {
		id = flowtab_size(s->udp) + 1;
		flowtab_put(s->udp, &k, (void *)id);
	}
	return (uint32_t)(id - 1);
}

/* The times of P in its UDP conversation: since the conversation's first
 * frame and since its frame before (udp.time_relative, udp.time_delta). */
static void udp_times_of(struct dissect_session *s, struct packet *p)
{
	int64_t now = p->frame->ts_ns;
	/* a stream first met quoted in an ICMP error has no own frame yet */
	if (p->udp_stream >= s->udp_times->len)
		g_array_set_size(s->udp_times, p->udp_stream + 1);
	struct udp_times *t = &g_array_index(s->udp_times, struct udp_times, p->udp_stream);
	if (!t->seen)
		*t = (struct udp_times){now, now, true};
	p->udp_time_rel_ns = now - t->first_ns;
	p->udp_time_delta_ns = now - t->last_ns;
	t->last_ns = now;
}

static void track_udp(struct dissect_session *s, struct packet *p)
{
	p->udp_stream_valid = p->udp_quoted_valid = false;
	if (pkt_has_udp(p)) {
		p->udp_stream = udp_stream_of(s, p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport);
		p->udp_stream_valid = true;
		p->udp_stream_layer = p->l4_layer;
	} else {
		/* an outer UDP header (a tunnel's): with the IP header before it */
		const uint8_t *d = p->frame->data;
		for (int i = p->nlayers - 1; i > 0 && !p->udp_stream_valid; i--) {
			const struct layer *l = &p->layers[i], *ip = &p->layers[i - 1];
			if (l->proto != PROTO_UDP || (l->flags & (PKT_IN_ERROR | PKT_REASSEMBLED)) ||
			    l->off + 4 > p->frame->caplen)
				continue;
			bool v4 = ip->proto == PROTO_IP;
			if ((!v4 && ip->proto != PROTO_IPV6) || ip->off + (v4 ? 20u : 40u) > p->frame->caplen)
				continue;
			const uint8_t *h = d + l->off, *a = d + ip->off + (v4 ? 12 : 8);
			p->udp_stream = udp_stream_of(s, v4 ? 4 : 6, a, a + (v4 ? 4 : 16), (uint16_t)(h[0] << 8 | h[1]),
						      (uint16_t)(h[2] << 8 | h[3]));
			p->udp_stream_valid = true;
			p->udp_stream_layer = (int8_t)i;
		}
	}
	if (p->udp_stream_valid)
		udp_times_of(s, p);
	/* a UDP header quoted in an ICMP error belongs to its conversation too */
	for (int i = 0; i < p->nlayers && p->quoted.ip_version; i++) {
		const struct layer *l = &p->layers[i];
		if (l->proto != PROTO_UDP || !(l->flags & PKT_IN_ERROR) || l->off + 4 > p->frame->caplen)
			continue;
		const uint8_t *h = p->frame->data + l->off;
		p->udp_quoted_stream = udp_stream_of(s, p->quoted.ip_version, p->quoted.src, p->quoted.dst,
						     (uint16_t)(h[0] << 8 | h[1]), (uint16_t)(h[2] << 8 | h[3]));
		p->udp_quoted_valid = true;
		break;
	}
}

void session_track(struct dissect_session *s, struct packet *p)
{
	p->tcp_tracked = false;
	struct tcp_analysis a;
	if (s->tracker)
		track_udp(s, p);
	if (!s->tracker || !tcp_track(s->tracker, p, &a))
		return;
	p->tcp_tracked = true;
	p->tcp_stream = a.stream;
	p->tcp_has_ack = a.has_ack;
	p->tcp_acks_frame = a.acks_frame;
	p->tcp_ack_rtt_ns = a.ack_rtt_ns;
	p->tcp_has_irtt = a.has_irtt;
	p->tcp_irtt_ns = a.irtt_ns;
	p->tcp_an_flags = a.flags;
	p->tcp_dupack_num = a.dupack_num;
	p->tcp_dupack_frame = a.dupack_frame;
	p->tcp_port_reuse = a.port_reuse;
	p->tcp_acks_new = a.acks_new;
	p->tcp_win_shift = a.win_shift;
	p->tcp_data_ack = a.data_ack;
	p->tcp_data_acks_frame = a.data_acks_frame;
	p->tcp_data_ack_rtt_ns = a.data_ack_rtt_ns;
	p->tcp_has_seq_base = a.has_seq_base && !a.quoted;
	p->tcp_seq_base = a.seq_base;
	p->tcp_has_ack_base = a.has_ack_base && !a.quoted;
	p->tcp_ack_base = a.ack_base;
	p->tcp_has_rto = a.has_rto;
	p->tcp_rto_ns = a.rto_ns;
	p->tcp_rto_frame = a.rto_frame;
	p->tcp_has_bif = a.has_bif;
	p->tcp_bytes_in_flight = a.bytes_in_flight;
	p->tcp_push_bytes = a.push_bytes;
	p->tcp_time_rel_ns = a.time_rel_ns;
	p->tcp_time_delta_ns = a.time_delta_ns;
	p->tcp_completeness = a.completeness;
	p->tcp_ace = a.ace && !a.quoted;
}

/* Calls remembered at most: a flood of calls nobody answers keeps the
 * newest (some ten megabytes), as a reply comes soon after its call. */
#define RPC_CALLS_MAX 65536

bool session_rpc_call(struct dissect_session *s, const struct packet *p, uint32_t xid, const struct rpc_call *call,
		      struct rpc_call *first)
{
	struct ctx_key k;
	ctx_key_of(&k, p, xid);
	struct rpc_call *c = g_hash_table_lookup(s->rpc, &k);
	if (c)
		session_bounded_hit(s, SESSION_BOUNDED_RPC, c->frame);
	if (c && c->frame != call->frame) {
		*first = *c; /* sent again: the first is kept */
		return false;
	}
	if (c) {
		*c = *call; /* the same frame read again */
		return true;
	}
	session_bounded_insert(s, SESSION_BOUNDED_RPC, RPC_CALLS_MAX);
	if (g_queue_get_length(s->rpc_order) >= RPC_CALLS_MAX)
		g_hash_table_remove(s->rpc, g_queue_pop_head(s->rpc_order));
	struct ctx_key *key = g_memdup2(&k, sizeof k);
	g_hash_table_insert(s->rpc, key, g_memdup2(call, sizeof *call));
	g_queue_push_tail(s->rpc_order, key);
	return true;
}

bool session_rpc_reply(struct dissect_session *s, const struct packet *p, uint32_t xid, struct rpc_call *out,
		       bool record)
{
	struct ctx_key k;
	ctx_key_of(&k, p, xid);
	struct rpc_call *c = g_hash_table_lookup(s->rpc, &k);
	if (!c)
		return false;
	session_bounded_hit(s, SESSION_BOUNDED_RPC, c->frame);
	if (record && !c->reply_frame)
		c->reply_frame = p->frame->number;
	*out = *c;
	return true; /* kept: a retransmitted reply, or a reply tried twice, finds it again */
}

void session_dcerpc_request(struct dissect_session *s, const struct packet *p, uint32_t call_id, uint16_t opnum)
{
	ctx_put16(s->dcerpc_calls, p, call_id, opnum);
}

bool session_dcerpc_response(struct dissect_session *s, const struct packet *p, uint32_t call_id, uint16_t *opnum)
{
	return ctx_get16(s->dcerpc_calls, p, call_id, opnum);
}

void session_smb2_read(struct dissect_session *s, const struct packet *p, uint64_t msg_id, uint64_t fid)
{
	struct ctx_key k;
	ctx_key_of(&k, p, 0);
	k.pipe = msg_id;
	g_hash_table_insert(s->smb2_reads, g_memdup2(&k, sizeof k), g_memdup2(&fid, sizeof fid));
}

uint64_t session_smb2_read_fid(struct dissect_session *s, const struct packet *p, uint64_t msg_id)
{
	struct ctx_key k;
	ctx_key_of(&k, p, 0);
	k.pipe = msg_id;
	const uint64_t *fid = g_hash_table_lookup(s->smb2_reads, &k);
	return fid ? *fid : 0;
}

void session_expect_media(struct dissect_session *s, uint8_t family, const uint8_t *addr, uint16_t port,
			  enum proto_id proto)
{
	static const uint8_t none[16];
	struct flow_key k;
	flow_key_set(&k, family, addr, none, port, 0);
	/* the media's address need not be either of the signalling's */
	session_cross_pair(s);
	expect_put(s->media, &k, udp_conv_kind(proto));
}

void session_expect_tcp(struct dissect_session *s, const struct packet *p, const uint8_t *addr_a, uint16_t port_a,
			const uint8_t *addr_b, enum proto_id proto)
{
	size_t alen = p->ip_version == 6 ? 16 : 4;
	bool same = (!memcmp(addr_a, p->ip_src, alen) && !memcmp(addr_b, p->ip_dst, alen)) ||
		    (!memcmp(addr_a, p->ip_dst, alen) && !memcmp(addr_b, p->ip_src, alen));
	if (!same)
		session_cross_pair(s); /* an address not the announcing frame's */
	struct flow_key k;
	flow_key_set(&k, p->ip_version, addr_a, addr_b, port_a, 0);
	if (!expect_get(s->tcp_expected, &k))
		session_bounded_insert(s, SESSION_BOUNDED_CLIENTS, EXPECT_MAX);
	expect_put(s->tcp_expected, &k, tcp_conv_kind(proto));
}

void session_expect_client(struct dissect_session *s, const struct packet *p, enum proto_id proto)
{
	struct flow_key k;
	flow_key_set(&k, p->ip_version, p->ip_src, p->ip_dst, p->sport, 0);
	if (!expect_get(s->clients, &k))
		session_bounded_insert(s, SESSION_BOUNDED_CLIENTS, EXPECT_MAX);
	expect_put(s->clients, &k, udp_conv_kind(proto));
}

void session_expect_pair(struct dissect_session *s, const struct packet *p, enum proto_id proto)
{
	struct flow_key k;
	flow_key_set(&k, p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport ? p->dport : 1);
	if (!expect_get(s->clients, &k))
		session_bounded_insert(s, SESSION_BOUNDED_CLIENTS, EXPECT_MAX);
	expect_put(s->clients, &k, udp_conv_kind(proto));
}

unsigned session_udp_expected_at(struct dissect_session *s, uint8_t family, const uint8_t *src,
					 const uint8_t *dst, uint16_t sport, uint16_t dport)
{
	static const uint8_t none[16];
	struct flow_key k;
	if (expect_size(s->clients) && sport && dport) {
		/* a pair of ports, either way */
		flow_key_set(&k, family, src, dst, sport, dport);
		unsigned kind = expect_get(s->clients, &k);
		if (kind)
			return kind;
		flow_key_set(&k, family, dst, src, dport, sport);
		kind = expect_get(s->clients, &k);
		if (kind)
			return kind;
	}
	if (expect_size(s->clients)) {
		/* from the client, or to it from the server's new port */
		flow_key_set(&k, family, src, dst, sport, 0);
		unsigned kind = expect_get(s->clients, &k);
		if (kind)
			return kind;
		flow_key_set(&k, family, dst, src, dport, 0);
		kind = expect_get(s->clients, &k);
		if (kind)
			return kind;
	}
	if (!expect_size(s->media))
		return EXPECT_NONE;
	flow_key_set(&k, family, src, none, sport, 0);
	unsigned kind = expect_get(s->media, &k);
	if (kind)
		return kind;
	flow_key_set(&k, family, dst, none, dport, 0);
	return expect_get(s->media, &k);
}

unsigned session_udp_expected(struct dissect_session *s, const struct packet *p)
{
	return session_udp_expected_at(s, p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport);
}

/* The key of an echo between P's two addresses, in either direction. */
static void echo_key_of(struct ctx_key *k, const struct packet *p, uint32_t id_seq)
{
	memset(k, 0, sizeof *k);
	uint8_t n = p->ip_version == 4 ? 4 : 16;
	bool fwd = memcmp(p->ip_src, p->ip_dst, n) <= 0;
	flow_key_set(&k->conn, p->ip_version, fwd ? p->ip_src : p->ip_dst, fwd ? p->ip_dst : p->ip_src, 0, 0);
	k->ctx = id_seq;
}

void session_icmp_request(struct dissect_session *s, const struct packet *p, uint32_t id_seq)
{
	struct ctx_key k;
	echo_key_of(&k, p, id_seq);
	uint64_t *frame = g_new(uint64_t, 1);
	*frame = p->frame->number;
	g_hash_table_insert(s->icmp_echo, g_memdup2(&k, sizeof k), frame);
}

uint64_t session_icmp_reply(struct dissect_session *s, const struct packet *p, uint32_t id_seq)
{
	struct ctx_key k;
	echo_key_of(&k, p, id_seq);
	const uint64_t *frame = g_hash_table_lookup(s->icmp_echo, &k);
	return frame ? *frame : 0;
}

void *session_proto_data(struct dissect_session *s, enum proto_id proto, void *(*make)(void),
			 void (*free_fn)(void *data))
{
	struct conv_data **d = &s->proto_data[proto];
	if (!*d) {
		*d = g_new0(struct conv_data, 1);
		(*d)->data = make();
		(*d)->free_fn = free_fn;
	}
	return (*d)->data;
}

void *session_conv_data(struct dissect_session *s, const struct packet *p, enum proto_id proto,
			void *(*make)(void), void (*free_fn)(void *data))
{
	struct ctx_key k;
	ctx_key_of(&k, p, proto);
	struct conv_data *d = g_hash_table_lookup(s->conv_data, &k);
	if (!d) {
		d = g_new(struct conv_data, 1);
		*d = (struct conv_data){k, make(), free_fn, NULL};
		g_hash_table_insert(s->conv_data, &d->key, d);
		/* a TCP connection's goes with the connection's state */
		struct tcp_dir *t = NULL;
		if (pkt_has_tcp(p) && !(p->flags & (PKT_IN_ERROR | PKT_FRAGMENT))) {
			struct flow_key fk;
			flow_key_set(&fk, p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport);
			t = flowtab_get(s->tcp, &fk);
		}
		if (t) {
			d->next = t->convs;
			t->convs = d;
		}
	}
	return d->data;
}

/* Sharded dissection ---------------------------------------------------- */

void session_shard_start(struct dissect_session *s)
{
	if (s->shard)
		return;
	s->shard = g_new0(struct shard_log, 1);
	for (int t = 0; t < SESSION_BOUNDED_N; t++) {
		s->shard->tables[t].inserts = g_array_new(FALSE, FALSE, sizeof(uint64_t));
		s->shard->tables[t].hits = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	}
}

void session_shard_frame(struct dissect_session *s, uint64_t number)
{
	s->shard->frame = number;
}

void session_cross_pair(struct dissect_session *s)
{
	if (s && s->shard)
		s->shard->crossed = true;
}

bool session_shard_crossed(const struct dissect_session *s)
{
	return s->shard->crossed;
}

void session_bounded_insert(struct dissect_session *s, enum session_bounded table, uint64_t cap)
{
	if (s && s->shard) {
		struct shard_table *t = &s->shard->tables[table];
		t->cap = cap;
		g_array_append_val(t->inserts, s->shard->frame);
	}
}

void session_bounded_hit(struct dissect_session *s, enum session_bounded table, uint64_t kept)
{
	if (s && s->shard) {
		uint64_t hit[2] = {kept, s->shard->frame};
		g_array_append_vals(s->shard->tables[table].hits, hit, 2);
	}
}

/* How many of the sorted frame numbers V lie in FROM .. TO. */
static uint64_t frames_within(const GArray *v, uint64_t from, uint64_t to)
{
	guint lo = 0, hi = v->len;
	while (lo < hi) { /* the first >= FROM */
		guint mid = lo + (hi - lo) / 2;
		if (g_array_index(v, uint64_t, mid) < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	guint first = lo;
	hi = v->len;
	while (lo < hi) { /* the first > TO */
		guint mid = lo + (hi - lo) / 2;
		if (g_array_index(v, uint64_t, mid) <= to)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - first;
}

/* Whether table T of the N shards forgot nothing that one session would
 * have: a table that is never full forgets nothing; else every entry a
 * shard found again must have been found by one session too, that is fewer
 * than the bound put in it (by any shard) from the entry's frame to the
 * finding one.  A shard forgets only after its own entries filled the
 * table, so it never misses what one session finds. */
static bool table_agrees(struct dissect_session *const *shards, unsigned n, int t)
{
	uint64_t inserts = 0, cap = 0;
	for (unsigned i = 0; i < n; i++) {
		inserts += shards[i]->shard->tables[t].inserts->len;
		cap = MAX(cap, shards[i]->shard->tables[t].cap);
	}
	if (inserts < cap || !inserts)
		return true;
	if (t == SESSION_BOUNDED_CLIENTS) /* its finds are not recorded */
		return false;
	for (unsigned i = 0; i < n; i++) {
		const GArray *hits = shards[i]->shard->tables[t].hits;
		for (guint h = 0; h + 1 < hits->len; h += 2) {
			uint64_t kept = g_array_index(hits, uint64_t, h), found = g_array_index(hits, uint64_t, h + 1);
			uint64_t between = 0; /* the entry itself included */
			for (unsigned k = 0; k < n; k++)
				between += frames_within(shards[k]->shard->tables[t].inserts, kept, found);
			if (between >= cap)
				return false;
		}
	}
	return true;
}

bool session_shards_agree(struct dissect_session *const *shards, unsigned n, const char **why)
{
	for (unsigned i = 0; i < n; i++)
		if (shards[i]->shard->crossed) {
			*why = "state of one address pair is read by frames of another";
			return false;
		}
	for (int t = 0; t < SESSION_BOUNDED_N; t++)
		if (!table_agrees(shards, n, t)) {
			*why = "a bounded table would have forgotten entries";
			return false;
		}
	return true;
}
