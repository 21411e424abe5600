/* handoff.c — the dispatch tables (link types, ethertypes, IP protocol
 * numbers, ports), the heuristic lists, the TCP framings and the UDP
 * conversation dissectors, built once from the descriptors' .handoff and
 * .framing lists (protocols.c), as Wireshark's handoff registrations fill
 * its dissector tables.  No protocol is named here. */
#include <glib.h>
#include <stdlib.h>

#include "dissect/expect.h"
#include "dissect/protocol.h"

struct dispatch_table linktype_table = {"link type", NULL, 0, NULL};
struct dispatch_table ethertype_table = {"ethertype", NULL, 0, NULL};
struct dispatch_table ipproto_table = {"ip.proto", NULL, 0, NULL};
struct dispatch_table udp_port_table = {"udp.port", NULL, 0, NULL};
struct dispatch_table tcp_port_table = {"tcp.port", NULL, 0, NULL};
struct heur_list tcp_heur_list = {"tcp", NULL, 0};
struct heur_list udp_heur_list = {"udp", NULL, 0};

/* The engine's own: a pcapng custom block is only bytes. */
static const struct handoff engine_handoff[] = {
	LINKTYPE(LINKTYPE_PCAPNG_CUSTOM, dissect_data),
	HANDOFF_LIST_END,
};

static const struct pdu_framing *framings; /* every descriptor's, ending with {NULL} */
/* The framings by their dissector, open-addressed (a power of two, at least
 * twice as many slots as framings): a TCP segment finds its protocol's in a
 * probe or two, whatever order the descriptors are listed in. */
static const struct pdu_framing **framing_slots;
static size_t framing_mask;
static dissector_fn conv_fns[EXPECT_KINDS]; /* by conversation kind */
static enum proto_id conv_protos[EXPECT_KINDS]; /* the protocol of each kind */
static unsigned conv_count = 1;               /* kinds given (0 is none) */
static dissector_fn tcp_conv_fns[EXPECT_KINDS]; /* the same for TCP connections */
static enum proto_id tcp_conv_protos[EXPECT_KINDS];
static unsigned tcp_conv_count = 1;

/* One registration while the tables are built: its key (or rank), the
 * order it was listed in (the first listed wins a key claimed twice),
 * its dissector. */
struct reg {
	uint32_t key;
	uint32_t seq;
	dissector_fn fn;
	bool tunnel;
};

static int reg_cmp(const void *a, const void *b)
{
	const struct reg *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts the registrations in R and keeps the first of each key. */
static size_t regs_sorted(GArray *r, bool dedupe)
{
	qsort(r->data, r->len, sizeof(struct reg), reg_cmp);
	size_t n = 0;
	for (size_t i = 0; i < r->len; i++) {
		struct reg *e = &g_array_index(r, struct reg, i);
		if (dedupe && n > 0 && g_array_index(r, struct reg, n - 1).key == e->key)
			continue;
		g_array_index(r, struct reg, n++) = *e;
	}
	return n;
}

static void table_from(struct dispatch_table *t, GArray *r)
{
	size_t n = regs_sorted(r, true);
	struct dispatch_entry *e = g_new0(struct dispatch_entry, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		const struct reg *x = &g_array_index(r, struct reg, i);
		e[i] = (struct dispatch_entry){x->key, x->fn, x->tunnel};
	}
	t->entries = e;
	t->n = n;
	/* every frame looks up a few keys: those of 16 bits straight from an index */
	if (n < UINT16_MAX) {
		uint16_t *d = g_new0(uint16_t, 65536);
		for (size_t i = 0; i < n; i++)
			if (e[i].key < 65536)
				d[e[i].key] = (uint16_t)(i + 1);
		t->direct = d;
	}
}

static void heur_from(struct heur_list *h, GArray *r)
{
	size_t n = regs_sorted(r, false);
	dissector_fn *f = g_new0(dissector_fn, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		f[i] = g_array_index(r, struct reg, i).fn;
	h->fns = f;
	h->n = n;
}

/* FN's first slot in framing_slots. */
static size_t framing_hash(dissector_fn fn)
{
	uint64_t h = (uint64_t)(uintptr_t)fn * UINT64_C(0x9e3779b97f4a7c15); /* Fibonacci hashing */
	return (size_t)(h >> 40) & framing_mask;
}

/* Fills framing_slots from framings; the first listed of a dissector's
 * framings wins. */
static void framing_index(void)
{
	size_t n = 0, size = 16;
	while (framings[n].fn)
		n++;
	while (size < 2 * n)
		size *= 2;
	framing_slots = g_new0(const struct pdu_framing *, size);
	framing_mask = size - 1;
	for (size_t i = 0; i < n; i++) {
		size_t k = framing_hash(framings[i].fn);
		while (framing_slots[k] && framing_slots[k]->fn != framings[i].fn)
			k = (k + 1) & framing_mask;
		if (!framing_slots[k])
			framing_slots[k] = &framings[i];
	}
}

static void add_list(GArray *regs[], const struct handoff *l, uint32_t *seq)
{
	for (; l && l->kind != HANDOFF_END; l++) {
		if (l->kind == HANDOFF_UDP_CONV) {
			/* a kind per protocol, in the order they are listed; more
			 * than fit in the kinds' bits is a defect every test sees */
			g_assert(conv_count < EXPECT_KINDS);
			conv_protos[conv_count] = (enum proto_id)l->lo;
			conv_fns[conv_count++] = l->fn;
			continue;
		}
		if (l->kind == HANDOFF_TCP_CONV) {
			g_assert(tcp_conv_count < EXPECT_KINDS);
			tcp_conv_protos[tcp_conv_count] = (enum proto_id)l->lo;
			tcp_conv_fns[tcp_conv_count++] = l->fn;
			continue;
		}
		if (l->kind > HANDOFF_UDP_CONV)
			continue;
		bool heur = l->kind == HANDOFF_UDP_HEUR || l->kind == HANDOFF_TCP_HEUR;
		uint32_t hi = heur || l->hi < l->lo ? l->lo : l->hi;
		for (uint64_t k = l->lo; k <= hi; k++) {
			struct reg r = {(uint32_t)k, (*seq)++, l->fn, (l->flags & HANDOFF_TUNNEL) != 0};
			g_array_append_val(regs[l->kind], r);
		}
	}
}

static gpointer build(gpointer unused)
{
	(void)unused;
	GArray *regs[HANDOFF_UDP_CONV] = {0};
	for (size_t i = 0; i < G_N_ELEMENTS(regs); i++)
		regs[i] = g_array_new(FALSE, FALSE, sizeof(struct reg));
	GArray *fr = g_array_new(TRUE, TRUE, sizeof(struct pdu_framing)); /* zero-terminated */
	uint32_t seq = 0;
	add_list(regs, engine_handoff, &seq);
	const struct protocol *d;
	for (size_t i = 0; (d = protocol_nth(i)); i++) {
		add_list(regs, d->handoff, &seq);
		for (const struct pdu_framing *f = d->framing; f && f->fn; f++)
			g_array_append_val(fr, *f);
	}
	table_from(&linktype_table, regs[HANDOFF_LINKTYPE]);
	table_from(&ethertype_table, regs[HANDOFF_ETHERTYPE]);
	table_from(&ipproto_table, regs[HANDOFF_IP_PROTO]);
	table_from(&udp_port_table, regs[HANDOFF_UDP_PORT]);
	table_from(&tcp_port_table, regs[HANDOFF_TCP_PORT]);
	heur_from(&udp_heur_list, regs[HANDOFF_UDP_HEUR]);
	heur_from(&tcp_heur_list, regs[HANDOFF_TCP_HEUR]);
	framings = (const struct pdu_framing *)(void *)g_array_free(fr, FALSE);
	framing_index();
	for (size_t i = 0; i < G_N_ELEMENTS(regs); i++)
		if (regs[i])
			g_array_free(regs[i], TRUE);
	return NULL;
}

int handoff_built;

void handoff_build(void)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, build, NULL);
	__atomic_store_n(&handoff_built, 1, __ATOMIC_RELEASE);
}

const struct pdu_framing *pdu_framing_of(dissector_fn fn)
{
	handoff_init();
	if (!fn)
		return NULL;
	for (size_t k = framing_hash(fn);; k = (k + 1) & framing_mask)
		if (!framing_slots[k] || framing_slots[k]->fn == fn)
			return framing_slots[k];
}

unsigned udp_conv_kind(enum proto_id proto)
{
	handoff_init();
	for (unsigned k = 1; k < conv_count; k++)
		if (conv_protos[k] == proto)
			return k;
	return EXPECT_NONE;
}

dissector_fn udp_conv_dissector(unsigned kind)
{
	handoff_init();
	return kind < G_N_ELEMENTS(conv_fns) ? conv_fns[kind] : NULL;
}

unsigned tcp_conv_kind(enum proto_id proto)
{
	handoff_init();
	for (unsigned k = 1; k < tcp_conv_count; k++)
		if (tcp_conv_protos[k] == proto)
			return k;
	return EXPECT_NONE;
}

dissector_fn tcp_conv_dissector(unsigned kind)
{
	handoff_init();
	return kind < G_N_ELEMENTS(tcp_conv_fns) ? tcp_conv_fns[kind] : NULL;
}
