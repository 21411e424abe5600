/* flowtab.c — open addressing with linear probing; grows at half full. */
#include "dissect/flowtab.h"

#include <glib.h>
#include <string.h>

struct slot {
	struct flow_key key;
	void *value; /* NULL = empty slot */
};

struct flowtab {
	struct slot *slots;
	size_t mask;  /* capacity - 1, capacity a power of two */
	size_t count;
};

static uint64_t flow_hash(const struct flow_key *k)
{
	/* FNV-1a over the key, then a final mix so low bits are usable. */
	const uint8_t *b = (const uint8_t *)k;
	uint64_t h = 0xcbf29ce484222325ull;
	size_t n = k->family == 4 ? 4 : 16;
	for (size_t i = 0; i < n; i++)
		h = (h ^ k->src[i]) * 0x100000001b3ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ k->dst[i]) * 0x100000001b3ull;
	h = (h ^ ((uint64_t)k->sport << 16 | k->dport)) * 0x100000001b3ull;
	h ^= b[offsetof(struct flow_key, family)];
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

struct flowtab *flowtab_new(void)
{
	struct flowtab *t = g_new0(struct flowtab, 1);
	t->mask = 1024 - 1;
	t->slots = g_new0(struct slot, t->mask + 1);
	return t;
}

void flowtab_free(struct flowtab *t)
{
	if (!t)
		return;
	g_free(t->slots);
	g_free(t);
}

static struct slot *find_slot(struct slot *slots, size_t mask, const struct flow_key *key)
{
	size_t i = flow_hash(key) & mask;
	while (slots[i].value && memcmp(&slots[i].key, key, sizeof *key) != 0)
		i = (i + 1) & mask;
	return &slots[i];
}

static void grow(struct flowtab *t)
{
	size_t nmask = t->mask * 2 + 1;
	struct slot *ns = g_new0(struct slot, nmask + 1);
	for (size_t i = 0; i <= t->mask; i++)
		if (t->slots[i].value)
			*find_slot(ns, nmask, &t->slots[i].key) = t->slots[i];
	g_free(t->slots);
	t->slots = ns;
	t->mask = nmask;
}

void *flowtab_get(const struct flowtab *t, const struct flow_key *key)
{
	return find_slot(t->slots, t->mask, key)->value;
}

void flowtab_put(struct flowtab *t, const struct flow_key *key, void *value)
{
	g_assert(value != NULL);
	struct slot *s = find_slot(t->slots, t->mask, key);
	if (!s->value) {
		if ((t->count + 1) * 2 > t->mask + 1) {
			grow(t);
			s = find_slot(t->slots, t->mask, key);
		}
		t->count++;
		s->key = *key;
	}
	s->value = value;
}

void *flowtab_remove(struct flowtab *t, const struct flow_key *key)
{
	struct slot *s = find_slot(t->slots, t->mask, key);
	if (!s->value)
		return NULL;
	void *value = s->value;
	/* Backward-shift deletion: later entries of the same probe run move up
	 * into the hole unless their home slot lies after it. */
	size_t hole = (size_t)(s - t->slots), j = hole;
	for (;;) {
		j = (j + 1) & t->mask;
		if (!t->slots[j].value)
			break;
		size_t home = flow_hash(&t->slots[j].key) & t->mask;
		bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
		if (stays)
			continue;
		t->slots[hole] = t->slots[j];
		hole = j;
	}
	t->slots[hole].value = NULL;
	t->count--;
	return value;
}

void flowtab_foreach(const struct flowtab *t, void (*fn)(void *value, void *data), void *data)
{
	for (size_t i = 0; i <= t->mask; i++)
		if (t->slots[i].value)
			fn(t->slots[i].value, data);
}

size_t flowtab_size(const struct flowtab *t)
{
	return t->count;
}

void flow_key_set(struct flow_key *key, uint8_t family, const uint8_t *src, const uint8_t *dst,
		  uint16_t sport, uint16_t dport)
{
	memset(key, 0, sizeof *key);
	size_t n = family == 4 ? 4 : 16;
	memcpy(key->src, src, n);
	memcpy(key->dst, dst, n);
	key->sport = sport;
	key->dport = dport;
	key->family = family;
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
