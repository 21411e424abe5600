/* Unit tests of the flow table: put, get, remove (backward-shift deletion
 * keeps every other entry findable), growth, and visiting every entry. */
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

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/flowtab/put-get-remove", test_put_get_remove);
	return g_test_run();
}
