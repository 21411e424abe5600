/* expect.c — a flow table of announced endpoints with first-in, first-out
 * eviction: the keys also sit in a ring in the order they were added. */
#include "dissect/expect.h"

#include <glib.h>

struct expect_table {
	struct flowtab *tab;     /* key -> kind (never EXPECT_NONE) */
	struct flow_key *ring;   /* the keys in the order they came, CAP of them */
	size_t cap, head, count; /* head: the oldest key's place in ring */
};

struct expect_table *expect_new(size_t cap)
{
	struct expect_table *t = g_new0(struct expect_table, 1);
	t->tab = flowtab_new();
	t->cap = cap ? cap : 1;
	t->ring = g_new(struct flow_key, t->cap);
	return t;
}

void expect_free(struct expect_table *t)
{
	if (!t)
		return;
	flowtab_free(t->tab);
	g_free(t->ring);
	g_free(t);
}

void expect_put(struct expect_table *t, const struct flow_key *key, unsigned kind)
{
	if (kind == EXPECT_NONE)
		return;
	void *value = (void *)(uintptr_t)kind;
	if (flowtab_get(t->tab, key)) {
		flowtab_put(t->tab, key, value);
		return;
	}
	if (t->count == t->cap) {
		flowtab_remove(t->tab, &t->ring[t->head]);
		t->head = (t->head + 1) % t->cap;
		t->count--;
	}
	t->ring[(t->head + t->count) % t->cap] = *key;
	t->count++;
	flowtab_put(t->tab, key, value);
}

unsigned expect_get(const struct expect_table *t, const struct flow_key *key)
{
	return (unsigned)(uintptr_t)flowtab_get(t->tab, key);
}

size_t expect_size(const struct expect_table *t)
{
	return t->count;
}
