/* Unit tests of what tshark's -z layouts print beyond the samples: byte
 * counts in Wireshark's size format at every unit boundary, and the counter
 * tree's burst (the most ticks within 100 ms, counted in 5 ms buckets) for
 * ticks in order, out of order, and too old to enter the window. */
#include <glib.h>

#include "analyzer/tshark_text.h"
#include "stats/stattree.h"

static void test_size(void)
{
	static const struct {
		uint64_t bytes;
		const char *text;
	} cases[] = {
		{0, "0 bytes"},
		{5816, "5816 bytes"},
		{9999, "9999 bytes"},
		{10000, "10 kB"},
		{137453, "137 kB"},
		{9999999, "9999 kB"},
		{10000000, "10 MB"},
		{9999999999ull, "9999 MB"},
		{10000000000ull, "10 GB"},
		{10000000000000ull, "10 TB"},
		{123456789012345678ull, "123456 TB"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char buf[32];
		g_assert_cmpstr(tshark_size(buf, cases[i].bytes), ==, cases[i].text);
	}
}

/* Ticks NODE once at each of TIMES (milliseconds). */
static void tick_at(stat_tree *t, struct stat_node *node, const double *times, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		stat_tree_packet(t, times[i]);
		stat_tree_tick(t, node, 1);
	}
}

static void test_burst_in_order(void)
{
	g_autoptr(stat_tree) t = stat_tree_new("top");
	struct stat_node *n = stat_tree_child(stat_tree_top(t), "a");
	double times[30];
	for (int i = 0; i < 30; i++)
		times[i] = 1000.0 + 10.0 * i; /* one every 10 ms: ten in any 100 ms */
	tick_at(t, n, times, 30);
	g_assert_cmpuint(n->count, ==, 30);
	g_assert_cmpuint(n->max_burst, ==, 10);
	g_assert_cmpfloat(n->burst_ms, ==, 1000.0);
	g_assert_cmpfloat(stat_tree_elapsed(t), ==, 290.0);
	/* a closer group later beats it, and starts the burst where it starts */
	double close[12] = {2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011};
	tick_at(t, n, close, 12);
	g_assert_cmpuint(n->max_burst, ==, 12);
	g_assert_cmpfloat(n->burst_ms, ==, 2000.0);
}

static void test_burst_first_window(void)
{
	/* the window starts with an empty bucket at time 0: ticks within the
	 * first 100 ms have their burst start at 0 */
	g_autoptr(stat_tree) t = stat_tree_new("top");
	struct stat_node *n = stat_tree_child(stat_tree_top(t), "a");
	double times[] = {0.02, 36.0, 50.0};
	tick_at(t, n, times, G_N_ELEMENTS(times));
	g_assert_cmpuint(n->max_burst, ==, 3);
	g_assert_cmpfloat(n->burst_ms, ==, 0.0);
}

static void test_burst_out_of_order(void)
{
	g_autoptr(stat_tree) t = stat_tree_new("top");
	struct stat_node *n = stat_tree_child(stat_tree_top(t), "a");
	/* 500, then 480 (older, within the window), 481 (same bucket, earlier
	 * start kept), then 300 (too old for the window: counted, no burst) */
	double times[] = {500.0, 480.0, 481.0, 300.0};
	tick_at(t, n, times, G_N_ELEMENTS(times));
	g_assert_cmpuint(n->count, ==, 4);
	g_assert_cmpuint(n->max_burst, ==, 3);
	g_assert_cmpfloat(n->burst_ms, ==, 480.0);
	g_assert_cmpuint(n->in_window, ==, 3);
	/* the elapsed time is the last call's, not the largest */
	g_assert_cmpfloat(stat_tree_elapsed(t), ==, -200.0);
}

static void test_sorted(void)
{
	g_autoptr(stat_tree) t = stat_tree_new("top");
	struct stat_node *top = stat_tree_top(t);
	const char *names[] = {"8080", "10000", "443", "8080", "80"};
	stat_tree_packet(t, 0);
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		stat_tree_tick(t, stat_tree_child(top, names[i]), 1);
	g_autoptr(GPtrArray) v = stat_node_sorted(top);
	/* by count, then by name as text, both descending */
	const char *want[] = {"8080", "80", "443", "10000"};
	g_assert_cmpuint(v->len, ==, G_N_ELEMENTS(want));
	for (guint i = 0; i < v->len; i++)
		g_assert_cmpstr(((struct stat_node *)v->pdata[i])->name, ==, want[i]);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tshark-text/size", test_size);
	g_test_add_func("/tshark-text/burst-in-order", test_burst_in_order);
	g_test_add_func("/tshark-text/burst-first-window", test_burst_first_window);
	g_test_add_func("/tshark-text/burst-out-of-order", test_burst_out_of_order);
	g_test_add_func("/tshark-text/sorted", test_sorted);
	return g_test_run();
}
