/* hierarchy.c — the protocol-hierarchy listener.
 *
 * Nodes live in one array and link to their parent, first child and next
 * sibling.  A frame's walk follows the same few nodes as the frame before it
 * almost always, so the child lookup is a short list walk, no hashing. */
#include "stats/hierarchy.h"

/* The child nodes found last, by parent and protocol: a lookup that hits
 * walks no list. */
#define PHS_CACHE_BITS 10
#define PHS_CACHE (1u << PHS_CACHE_BITS)
#define PHS_PATH_MAX (PKT_MAX_LAYERS + 1) /* every layer, and an exception's node */
struct phs_hit {
	uint32_t parent, node;
	uint16_t proto;
};
_Static_assert(PROTO_ID_FITS(struct phs_hit, proto), "a cached hierarchy lookup keeps a protocol id");

struct phs_state {
	GArray *nodes;      /* struct phs_node */
	uint32_t first;     /* first top-level node */
	uint64_t frames, bytes;
	uint64_t frame;     /* the frame being counted: a node made now was first met there */
	struct phs_hit cache[PHS_CACHE];
	/* the last frame's walk: its nodes by depth and their protocols; a
	 * frame that starts the same way takes those nodes without a lookup */
	uint32_t path_len;
	uint16_t path_proto[PHS_PATH_MAX];
	uint32_t path_node[PHS_PATH_MAX];
};

phs_state *phs_new(void)
{
	phs_state *s = g_new0(phs_state, 1);
	s->nodes = g_array_new(FALSE, FALSE, sizeof(struct phs_node));
	s->first = PHS_NONE;
	for (unsigned i = 0; i < PHS_CACHE; i++)
		s->cache[i].node = PHS_NONE;
	return s;
}

void phs_free(phs_state *s)
{
	if (!s)
		return;
	g_array_free(s->nodes, TRUE);
	g_free(s);
}

static struct phs_node *node_at(phs_state *s, uint32_t i)
{
	return &g_array_index(s->nodes, struct phs_node, i);
}

/* The child of PARENT (PHS_NONE: the top level) for PROTO, made when new. */
static G_GNUC_NO_INLINE uint32_t child_walk(phs_state *s, uint32_t parent, uint16_t proto)
{
	uint32_t *link = parent == PHS_NONE ? &s->first : &node_at(s, parent)->first_child;
	uint32_t i = *link, last = PHS_NONE;
	for (; i != PHS_NONE; last = i, i = node_at(s, i)->next)
		if (node_at(s, i)->proto == proto)
			return i;
	struct phs_node n = {.proto = proto, .parent = parent, .first_child = PHS_NONE, .next = PHS_NONE,
			     .first = s->frame};
	uint32_t idx = s->nodes->len;
	g_array_append_val(s->nodes, n);
	/* the array may have moved: find the link again */
	if (last == PHS_NONE) {
		if (parent == PHS_NONE)
			s->first = idx;
		else
			node_at(s, parent)->first_child = idx;
	} else {
		node_at(s, last)->next = idx;
	}
	return idx;
}

static inline uint32_t child(phs_state *s, uint32_t parent, uint16_t proto)
{
	struct phs_hit *h = &s->cache[((parent + 1) * 0x9e3779b1u + proto * 0x85ebca6bu) >> (32 - PHS_CACHE_BITS)];
	if (h->node == PHS_NONE || h->parent != parent || h->proto != proto)
		*h = (struct phs_hit){parent, child_walk(s, parent, proto), proto};
	return h->node;
}

/* Headers quoted inside an ICMP error are part of the ICMP message in
 * Wireshark's hierarchy; what they carry (a DNS query, data) is not. */
static bool quoted_header(uint16_t proto)
{
	return proto == PROTO_IP || proto == PROTO_IPV6 || proto == PROTO_TCP || proto == PROTO_UDP ||
	       proto == PROTO_ICMP || proto == PROTO_ICMPV6;
}

/* A frame's walk so far: the node it is at and how deep. */
struct phs_walk {
	uint32_t at, depth;
	bool same; /* every step so far went as the last frame's did */
};

/* The walk's next step, to the child for PROTO; returns that node. */
static inline struct phs_node *walk_step(phs_state *s, struct phs_walk *w, uint16_t proto)
{
	uint32_t d = w->depth++;
	if (w->same && d < s->path_len && s->path_proto[d] == proto) {
		w->at = s->path_node[d];
	} else {
		w->same = false;
		w->at = child(s, w->at, proto);
		s->path_proto[d] = proto;
		s->path_node[d] = w->at;
	}
	return node_at(s, w->at);
}

void phs_packet(phs_state *s, const struct packet *p)
{
	uint64_t len = p->frame->len;
	s->frame = p->frame->number;
	s->frames++;
	s->bytes += len;
	struct phs_walk w = {PHS_NONE, 0, true};
	struct phs_node *n = NULL;
	const struct layer *l = p->layers, *end = l + p->nlayers;
	for (; l < end; l++) {
		if ((l->flags & (PKT_IN_ERROR | PKT_NESTED)) && ((l->flags & PKT_NESTED) || quoted_header(l->proto)))
			continue;
		n = walk_step(s, &w, l->proto);
		n->frames++;
		n->bytes += len;
	}
	/* Wireshark marks the point where dissection stopped on bad bytes with a
	 * pseudo-protocol under the last layer. */
	if (p->flags & (PKT_MALFORMED | PKT_TRUNCATED)) {
		static const uint16_t nodes[] = {
			[PKT_EXC_NONE] = PROTO_COUNT, [PKT_EXC_SHORT] = PROTO_WS_SHORT,
			[PKT_EXC_MALFORMED] = PROTO_WS_MALFORMED, [PKT_EXC_UNREASSEMBLED] = PROTO_WS_UNREASSEMBLED,
		};
		uint16_t bad = nodes[pkt_exception(p, NULL)];
		if (bad != PROTO_COUNT) {
			n = walk_step(s, &w, bad);
			n->frames++;
			n->bytes += len;
		}
	}
	s->path_len = w.depth;
	if (n) {
		n->end_frames++;
		n->end_bytes += len;
	}
}

uint64_t phs_frames(const phs_state *s)
{
	return s->frames;
}

uint64_t phs_bytes(const phs_state *s)
{
	return s->bytes;
}

const struct phs_node *phs_node(const phs_state *s, uint32_t idx)
{
	return &g_array_index(s->nodes, struct phs_node, idx);
}

uint32_t phs_first(const phs_state *s)
{
	return s->first;
}

uint32_t phs_add(phs_state *s, uint32_t parent, uint16_t proto, const struct phs_node *counts)
{
	s->frame = counts->first;
	uint32_t at = child(s, parent, proto);
	struct phs_node *n = node_at(s, at);
	n->frames += counts->frames;
	n->bytes += counts->bytes;
	n->end_frames += counts->end_frames;
	n->end_bytes += counts->end_bytes;
	return at;
}

void phs_add_totals(phs_state *s, uint64_t frames, uint64_t bytes)
{
	s->frames += frames;
	s->bytes += bytes;
}

uint32_t phs_count(const phs_state *s)
{
	return s->nodes->len;
}

/* A node of one shard's tree, for phs_merge_shards(). */
struct shard_node {
	uint64_t first;
	unsigned part;
	uint32_t idx;
};

static gint cmp_shard_node(gconstpointer a, gconstpointer b)
{
	const struct shard_node *x = a, *y = b;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

void phs_merge_shards(phs_state *dst, phs_state *const *parts, unsigned n)
{
	/* A frame makes nodes along one path, parent first, and belongs to one
	 * shard: sorted by the frame that made them (then as each shard made
	 * them), the nodes come as one pass would have made them. */
	GArray *all = g_array_new(FALSE, FALSE, sizeof(struct shard_node));
	uint32_t **map = g_new(uint32_t *, n);
	for (unsigned k = 0; k < n; k++) {
		map[k] = g_new(uint32_t, parts[k]->nodes->len + 1);
		for (uint32_t i = 0; i < parts[k]->nodes->len; i++) {
			struct shard_node e = {node_at(parts[k], i)->first, k, i};
			g_array_append_val(all, e);
		}
		phs_add_totals(dst, parts[k]->frames, parts[k]->bytes);
	}
	g_array_sort(all, cmp_shard_node);
	for (guint i = 0; i < all->len; i++) {
		const struct shard_node *e = &g_array_index(all, struct shard_node, i);
		const struct phs_node *from = node_at(parts[e->part], e->idx);
		uint32_t parent = from->parent == PHS_NONE ? PHS_NONE : map[e->part][from->parent];
		map[e->part][e->idx] = phs_add(dst, parent, from->proto, from);
	}
	for (unsigned k = 0; k < n; k++)
		g_free(map[k]);
	g_free(map);
	g_array_free(all, TRUE);
}
