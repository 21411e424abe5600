/* Unit tests of the flow table: put, get, remove (backward-shift deletion
 * keeps every other entry findable), growth, and visiting every entry;
 * removal only while a key holds a given value; a lookup that falls back
 * on the reversed key, for IPv4 and IPv6 keys. */
#include <glib.h>

#include "dissect/flowtab.h"

static void key_of(struct flow_key *k, uint32_t i)
{
	uint8_t src[4] = {10, 0, (uint8_t)(i >> 8), (uint8_t)i}, dst[4] = {192, 0, 2, (uint8_t)(i % 7)};
	flow_key_set(k, 4, src, dst, (uint16_t)(40000 + i % 5000), 443);
}

static void count_value(void *value, void *data)
{
	(void)value;
	(*(unsigned *)data)++;
}

static void test_put_get_remove(void)
{
	enum { N = 20000 };
	struct flowtab *t = flowtab_new();
	static uint32_t values[N];
	struct flow_key k;
	for (uint32_t i = 0; i < N; i++) {
		values[i] = i;
		key_of(&k, i);
		flowtab_put(t, &k, &values[i]);
	}
	g_assert_cmpuint(flowtab_size(t), ==, N);
	/* remove every third entry, in an order unrelated to insertion */
	for (uint32_t i = 0; i < N; i++) {
		uint32_t j = (i * 7919u) % N;
		if (j % 3 == 0) {
			key_of(&k, j);
			g_assert_true(flowtab_remove(t, &k) == &values[j]);
			g_assert_null(flowtab_remove(t, &k));
		}
	}
	for (uint32_t i = 0; i < N; i++) {
		key_of(&k, i);
		void *v = flowtab_get(t, &k);
		if (i % 3 == 0)
			g_assert_null(v);
		else
			g_assert_true(v == &values[i]);
	}
	unsigned seen = 0;
	flowtab_foreach(t, count_value, &seen);
	g_assert_cmpuint(seen, ==, flowtab_size(t));
	g_assert_cmpuint(seen, ==, N - (N + 2) / 3);
	/* removed keys can come back */
	key_of(&k, 3);
	flowtab_put(t, &k, &values[3]);
	g_assert_true(flowtab_get(t, &k) == &values[3]);
	flowtab_free(t);
}

/* flowtab_remove_if removes a key only while it holds the value given:
 * a key stored again since keeps its new value. */
static void test_remove_if(void)
{
	struct flowtab *t = flowtab_new();
	int a, b;
	struct flow_key k, other;
	key_of(&k, 1);
	key_of(&other, 2);
	flowtab_put(t, &k, &a);
	flowtab_put(t, &other, &a);
	flowtab_put(t, &k, &b);
	g_assert_null(flowtab_remove_if(t, &k, &a));
	g_assert_true(flowtab_get(t, &k) == &b);
	g_assert_cmpuint(flowtab_size(t), ==, 2);
	g_assert_true(flowtab_remove_if(t, &k, &b) == &b);
	g_assert_null(flowtab_get(t, &k));
	g_assert_null(flowtab_remove_if(t, &k, &b));
	/* a NULL value removes whatever the key holds */
	g_assert_true(flowtab_remove_if(t, &other, NULL) == &a);
	g_assert_cmpuint(flowtab_size(t), ==, 0);
	flowtab_free(t);
}

/* flowtab_get_either: the key's own value first, else its reverse's, and
 * says which; the same for IPv6 keys, and for a key that is its own
 * reverse. */
static void test_get_either(void)
{
	struct flowtab *t = flowtab_new();
	int fwd, back, six, self;
	bool reversed = true;
	struct flow_key k, rev;
	key_of(&k, 5);
	flow_key_reverse(&rev, &k);
	g_assert_null(flowtab_get_either(t, &k, &reversed));
	flowtab_put(t, &rev, &back);
	g_assert_true(flowtab_get_either(t, &k, &reversed) == &back);
	g_assert_true(reversed);
	g_assert_true(flowtab_get_either(t, &rev, &reversed) == &back);
	g_assert_false(reversed);
	flowtab_put(t, &k, &fwd); /* the key's own entry wins */
	g_assert_true(flowtab_get_either(t, &k, &reversed) == &fwd);
	g_assert_false(reversed);

	uint8_t a6[16] = {0xfd, 0, [15] = 1}, b6[16] = {0xfd, 0, [15] = 2};
	struct flow_key k6, r6;
	flow_key_set(&k6, 6, a6, b6, 50000, 80);
	flow_key_set(&r6, 6, b6, a6, 80, 50000);
	flowtab_put(t, &r6, &six);
	g_assert_true(flowtab_get_either(t, &k6, &reversed) == &six);
	g_assert_true(reversed);
	g_assert_null(flowtab_get(t, &k6));

	struct flow_key s;
	flow_key_set(&s, 4, a6, a6, 7, 7);
	flowtab_put(t, &s, &self);
	g_assert_true(flowtab_get_either(t, &s, &reversed) == &self);
	g_assert_false(reversed);
	flowtab_free(t);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/flowtab/put-get-remove", test_put_get_remove);
	g_test_add_func("/flowtab/remove-if", test_remove_if);
	g_test_add_func("/flowtab/get-either", test_get_either);
	return g_test_run();
}
