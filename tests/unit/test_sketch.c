/* test_sketch.c — the quantile sketch: every quantile within the stated
 * relative error of the exact one, over sets of log-normal, bimodal and
 * constant values; merging sketches of random splits (fixed seeds) gives
 * the same buckets in any grouping and order. */
#include <math.h>

#include <glib.h>

#include "stats/rtt.h"
#include "stats/sketch.h"

static gint cmp_i64(gconstpointer a, gconstpointer b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* N values of shape KIND (0 log-normal around 20 ms, 1 bimodal 0.3 ms and
 * 80 ms, 2 one value, 3 wide: 1 µs to 10 s) from RNG. */
static GArray *values(GRand *rng, guint n, int kind)
{
	GArray *v = g_array_new(FALSE, FALSE, sizeof(int64_t));
	for (guint i = 0; i < n; i++) {
		double u1 = g_rand_double_range(rng, 1e-12, 1), u2 = g_rand_double(rng);
		double z = sqrt(-2 * log(u1)) * cos(2 * G_PI * u2);
		double ns = kind == 0 ? 20e6 * exp(0.6 * z)
			    : kind == 1 ? (g_rand_boolean(rng) ? 0.3e6 : 80e6) * exp(0.1 * z)
			    : kind == 2 ? 12345678
				      : pow(10, g_rand_double_range(rng, 3, 10));
		int64_t x = (int64_t)ns;
		g_array_append_val(v, x);
	}
	return v;
}

static void assert_within(int64_t est, int64_t exact)
{
	double err = fabs((double)est - (double)exact);
	if (err > SKETCH_ALPHA * (double)exact + 1)
		g_error("estimate %" G_GINT64_FORMAT " is %.4f%% off %" G_GINT64_FORMAT, est,
			100 * err / (double)exact, exact);
}

static void assert_same_bins(const sketch *a, const sketch *b)
{
	g_assert_cmpuint(sketch_count(a), ==, sketch_count(b));
	g_assert_cmpuint(sketch_zeros(a), ==, sketch_zeros(b));
	const GArray *x = sketch_bins(a), *y = sketch_bins(b);
	g_assert_cmpuint(x->len, ==, y->len);
	for (guint i = 0; i < x->len; i++) {
		g_assert_cmpint(g_array_index(x, struct sketch_bin, i).index, ==, g_array_index(y, struct sketch_bin, i).index);
		g_assert_cmpuint(g_array_index(x, struct sketch_bin, i).count, ==, g_array_index(y, struct sketch_bin, i).count);
	}
}

static void test_bound(void)
{
	static const double qs[] = {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};
	for (guint32 seed = 1; seed <= 8; seed++)
		for (int kind = 0; kind < 4; kind++) {
			g_autoptr(GRand) rng = g_rand_new_with_seed(seed);
			guint n = 1 + g_rand_int_range(rng, 0, 5000);
			g_autoptr(GArray) v = values(rng, n, kind);
			g_autoptr(sketch) s = sketch_new();
			for (guint i = 0; i < n; i++)
				sketch_add(s, g_array_index(v, int64_t, i), 1);
			g_array_sort(v, cmp_i64);
			for (size_t k = 0; k < G_N_ELEMENTS(qs); k++)
				assert_within(sketch_quantile(s, qs[k]),
					      rtt_quantile((const int64_t *)(void *)v->data, n, qs[k]));
		}
}

/* The values split at random into up to 6 parts, one sketch each; merged
 * left to right, right to left and in a shuffled order: the same buckets as
 * one sketch of all, and so the same quantiles. */
static void test_merge_splits(void)
{
	for (guint32 seed = 1; seed <= 20; seed++) {
		g_autoptr(GRand) rng = g_rand_new_with_seed(seed);
		guint n = g_rand_int_range(rng, 0, 3000), parts = g_rand_int_range(rng, 1, 7);
		g_autoptr(GArray) v = values(rng, n, seed % 4);
		g_autoptr(sketch) all = sketch_new();
		sketch *part[6];
		for (guint p = 0; p < parts; p++)
			part[p] = sketch_new();
		for (guint i = 0; i < n; i++) {
			int64_t x = g_array_index(v, int64_t, i);
			sketch_add(all, x, 1);
			sketch_add(part[g_rand_int_range(rng, 0, parts)], x, 1);
		}
		g_autoptr(sketch) left = sketch_new(), right = sketch_new(), shuffled = sketch_new();
		for (guint p = 0; p < parts; p++)
			sketch_merge(left, part[p]);
		for (guint p = parts; p-- > 0;) { /* a (b (c d)): each merged into the rest */
			g_autoptr(sketch) acc = sketch_new();
			sketch_merge(acc, part[p]);
			sketch_merge(acc, right);
			sketch_free(right);
			right = g_steal_pointer(&acc);
		}
		guint order[6];
		for (guint p = 0; p < parts; p++)
			order[p] = p;
		for (guint p = parts; p > 1; p--) {
			guint k = g_rand_int_range(rng, 0, p), t = order[p - 1];
			order[p - 1] = order[k];
			order[k] = t;
		}
		for (guint p = 0; p < parts; p++)
			sketch_merge(shuffled, part[order[p]]);
		assert_same_bins(all, left);
		assert_same_bins(all, right);
		assert_same_bins(all, shuffled);
		g_assert_cmpint(sketch_quantile(all, 0.5), ==, sketch_quantile(shuffled, 0.5));
		for (guint p = 0; p < parts; p++)
			sketch_free(part[p]);
	}
}

static void test_edges(void)
{
	g_autoptr(sketch) s = sketch_new();
	g_assert_cmpint(sketch_quantile(s, 0.5), ==, INT64_MIN);
	sketch_add(s, 0, 3);
	sketch_add(s, -5, 1);
	g_assert_cmpuint(sketch_zeros(s), ==, 4);
	g_assert_cmpint(sketch_quantile(s, 1), ==, 0);
	sketch_add(s, 1000000, 1); /* 1 ms */
	assert_within(sketch_quantile(s, 1), 1000000);
	g_assert_cmpint(sketch_quantile(s, 0.5), ==, 0);
	g_assert_cmpuint(sketch_count(s), ==, 5);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/sketch/bound", test_bound);
	g_test_add_func("/sketch/merge-splits", test_merge_splits);
	g_test_add_func("/sketch/edges", test_edges);
	return g_test_run();
}
