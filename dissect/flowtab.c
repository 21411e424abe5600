/* flowtab.c — open addressing with linear probing; grows at half full.
 *
 * Keys of family 4 (most traffic) live in a table of their own as their 12
 * meaningful bytes (addresses and ports), 24 bytes a slot with the value,
 * other keys whole (48 bytes a slot): half the memory and half the cache
 * lines per lookup for IPv4 flows, compared as three words. */
#include "dissect/flowtab.h"

#include <glib.h>
#include <string.h>

struct key4 {
	uint32_t src, dst;  /* as the bytes lie in memory */
	uint16_t sport, dport;
};

struct slot4 {
	struct key4 key;
	void *value; /* NULL = empty slot */
};

struct slot6 {
	struct flow_key key;
	void *value;
};

struct table {
	void *slots;  /* struct slot4 (IPv4 keys) or struct slot6 (the others) */
	size_t mask;  /* capacity - 1, capacity a power of two */
	size_t count;
};

struct flowtab {
	struct table t4, t6;
};

/* The final mix of a 64-bit hash, so that its low bits are usable. */
static inline uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

static inline uint64_t hash4(const struct key4 *k)
{
	uint64_t a = (uint64_t)k->src << 32 | k->dst, b = (uint64_t)k->sport << 16 | k->dport;
	return mix(a ^ (b + 1) * 0x9e3779b97f4a7c15ull);
}

static inline uint64_t hash6(const struct flow_key *k)
{
	uint64_t w[sizeof *k / 8], h = 0;
	G_STATIC_ASSERT(sizeof *k % 8 == 0);
	memcpy(w, k, sizeof w);
	for (size_t i = 0; i < G_N_ELEMENTS(w); i++)
		h = (h ^ w[i]) * 0x9e3779b97f4a7c15ull + i;
	return mix(h);
}

static inline bool eq4(const struct key4 *a, const struct key4 *b)
{
	return a->src == b->src && a->dst == b->dst && a->sport == b->sport && a->dport == b->dport;
}

/* The operations below work on either table: NARROW (a constant where they
 * are inlined) says which.  KEY is a struct key4 or a struct flow_key. */

static inline __attribute__((always_inline)) void **value_at(const struct table *t, size_t i, bool narrow)
{
	return narrow ? &((struct slot4 *)t->slots)[i].value : &((struct slot6 *)t->slots)[i].value;
}

static inline __attribute__((always_inline)) const void *key_at(const struct table *t, size_t i, bool narrow)
{
	return narrow ? (const void *)&((struct slot4 *)t->slots)[i].key : (const void *)&((struct slot6 *)t->slots)[i].key;
}

static inline __attribute__((always_inline)) size_t home(const void *key, size_t mask, bool narrow)
{
	return (size_t)(narrow ? hash4(key) : hash6(key)) & mask;
}

/* The slot holding KEY, or the empty slot where it would go. */
static inline __attribute__((always_inline)) size_t find(const struct table *t, const void *key, bool narrow)
{
	size_t i = home(key, t->mask, narrow);
	for (;; i = (i + 1) & t->mask) {
		if (!*value_at(t, i, narrow))
			return i;
		if (narrow ? eq4(key_at(t, i, true), key) : memcmp(key_at(t, i, false), key, sizeof(struct flow_key)) == 0)
			return i;
	}
}

static inline __attribute__((always_inline)) size_t slot_size(bool narrow)
{
	return narrow ? sizeof(struct slot4) : sizeof(struct slot6);
}

static inline __attribute__((always_inline)) void *slot_ptr(const struct table *t, size_t i, bool narrow)
{
	return (char *)t->slots + i * slot_size(narrow);
}

/* N bytes of zeros, written at once: fresh pages of calloc's would map the
 * shared page of zeros at the first probe and be copied at the first
 * write, a second fault that flushes the address translations of every
 * CPU the process runs on (a sharded run's other threads). */
static void *zeroed(size_t n)
{
	void *p = g_malloc(n);
	memset(p, 0, n);
	return p;
}

static void table_init(struct table *t, bool narrow)
{
	t->mask = 1024 - 1;
	t->slots = zeroed((t->mask + 1) * slot_size(narrow));
	t->count = 0;
}

static inline __attribute__((always_inline)) void grow(struct table *t, bool narrow)
{
	struct table n = {zeroed((t->mask + 1) * 2 * slot_size(narrow)), t->mask * 2 + 1, t->count};
	for (size_t i = 0; i <= t->mask; i++)
		if (*value_at(t, i, narrow))
			memcpy(slot_ptr(&n, find(&n, key_at(t, i, narrow), narrow), narrow), slot_ptr(t, i, narrow),
			       slot_size(narrow));
	g_free(t->slots);
	*t = n;
}

static inline __attribute__((always_inline)) void put(struct table *t, const void *key, void *value, bool narrow)
{
	size_t i = find(t, key, narrow);
	if (!*value_at(t, i, narrow)) {
		if ((t->count + 1) * 2 > t->mask + 1) {
			grow(t, narrow);
			i = find(t, key, narrow);
		}
		t->count++;
		memcpy(slot_ptr(t, i, narrow), key, narrow ? sizeof(struct key4) : sizeof(struct flow_key));
	}
	*value_at(t, i, narrow) = value;
}

/* Empties slot HOLE (which holds an entry): backward-shift deletion, later
 * entries of the same probe run move up into the hole unless their home
 * slot lies after it. */
static inline __attribute__((always_inline)) void erase(struct table *t, size_t hole, bool narrow)
{
	for (size_t j = hole;;) {
		j = (j + 1) & t->mask;
		if (!*value_at(t, j, narrow))
			break;
		size_t h = home(key_at(t, j, narrow), t->mask, narrow);
		bool stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
		if (stays)
			continue;
		memcpy(slot_ptr(t, hole, narrow), slot_ptr(t, j, narrow), slot_size(narrow));
		hole = j;
	}
	*value_at(t, hole, narrow) = NULL;
	t->count--;
}

/* Removes KEY when it holds WANT (any value when WANT is NULL); returns
 * the value it held, or NULL. */
static inline __attribute__((always_inline)) void *take(struct table *t, const void *key, const void *want,
							 bool narrow)
{
	size_t i = find(t, key, narrow);
	void *value = *value_at(t, i, narrow);
	if (!value || (want && value != want))
		return NULL;
	erase(t, i, narrow);
	return value;
}

static inline void narrow_key(struct key4 *n, const struct flow_key *k)
{
	memcpy(&n->src, k->src, 4);
	memcpy(&n->dst, k->dst, 4);
	n->sport = k->sport;
	n->dport = k->dport;
}

struct flowtab *flowtab_new(void)
{
	struct flowtab *t = g_new0(struct flowtab, 1);
	table_init(&t->t4, true);
	table_init(&t->t6, false);
	return t;
}

void flowtab_free(struct flowtab *t)
{
	if (!t)
		return;
	g_free(t->t4.slots);
	g_free(t->t6.slots);
	g_free(t);
}

void *flowtab_get(const struct flowtab *t, const struct flow_key *key)
{
	if (key->family == 4) {
		struct key4 k;
		narrow_key(&k, key);
		return *value_at(&t->t4, find(&t->t4, &k, true), true);
	}
	return *value_at(&t->t6, find(&t->t6, key, false), false);
}

/* Asks for the cache lines of KEY's home slot (a slot may straddle two),
 * to be written soon. */
static inline __attribute__((always_inline)) void prefetch_home(const struct table *t, const void *key, bool narrow)
{
	const char *slot = slot_ptr(t, home(key, t->mask, narrow), narrow);
	__builtin_prefetch(slot, 1);
	__builtin_prefetch(slot + slot_size(narrow) - 1, 1);
}

void flowtab_prefetch(const struct flowtab *t, const struct flow_key *key)
{
	if (key->family == 4) {
		struct key4 k;
		narrow_key(&k, key);
		prefetch_home(&t->t4, &k, true);
	} else {
		prefetch_home(&t->t6, key, false);
	}
}

void *flowtab_get_either(const struct flowtab *t, const struct flow_key *key, bool *reversed)
{
	void *v;
	if (key->family == 4) {
		struct key4 k, r;
		narrow_key(&k, key);
		r = (struct key4){k.dst, k.src, k.dport, k.sport};
		prefetch_home(&t->t4, &r, true);
		v = *value_at(&t->t4, find(&t->t4, &k, true), true);
		*reversed = !v;
		return v ? v : *value_at(&t->t4, find(&t->t4, &r, true), true);
	}
	struct flow_key r;
	flow_key_reverse(&r, key);
	prefetch_home(&t->t6, &r, false);
	v = *value_at(&t->t6, find(&t->t6, key, false), false);
	*reversed = !v;
	return v ? v : *value_at(&t->t6, find(&t->t6, &r, false), false);
}

void flowtab_put(struct flowtab *t, const struct flow_key *key, void *value)
{
	g_assert(value != NULL);
	if (key->family == 4) {
		struct key4 k;
		narrow_key(&k, key);
		put(&t->t4, &k, value, true);
	} else {
		put(&t->t6, key, value, false);
	}
}

void *flowtab_remove(struct flowtab *t, const struct flow_key *key)
{
	return flowtab_remove_if(t, key, NULL);
}

void *flowtab_remove_if(struct flowtab *t, const struct flow_key *key, const void *value)
{
	if (key->family == 4) {
		struct key4 k;
		narrow_key(&k, key);
		return take(&t->t4, &k, value, true);
	}
	return take(&t->t6, key, value, false);
}

void flowtab_foreach(const struct flowtab *t, void (*fn)(void *value, void *data), void *data)
{
	for (size_t i = 0; i <= t->t4.mask; i++)
		if (*value_at(&t->t4, i, true))
			fn(*value_at(&t->t4, i, true), data);
	for (size_t i = 0; i <= t->t6.mask; i++)
		if (*value_at(&t->t6, i, false))
			fn(*value_at(&t->t6, i, false), data);
}

size_t flowtab_size(const struct flowtab *t)
{
	return t->t4.count + t->t6.count;
}

void flow_key_reverse(struct flow_key *out, const struct flow_key *key)
{
	memset(out, 0, sizeof *out);
	memcpy(out->src, key->dst, 16);
	memcpy(out->dst, key->src, 16);
	out->sport = key->dport;
	out->dport = key->sport;
	out->family = key->family;
}
