/* test_tui_sort.c — the packet list's sort keys: numbers compare as
 * numbers, addresses as addresses (IPv4, IPv6, Ethernet, by their bytes),
 * other text byte by byte; empty values first, then numbers, addresses,
 * text. */
#include <glib.h>

#include "tui/sort.h"

/* Sorts TEXTS (NULL-terminated) by their keys, stably, into one string. */
static char *sorted(const char *const *texts)
{
	GStringChunk *chunk = g_string_chunk_new(256);
	GArray *keys = g_array_new(FALSE, FALSE, sizeof(struct tui_sort_key));
	guint n = 0;
	for (; texts[n]; n++) {
		struct tui_sort_key k;
		tui_sort_key_of_text(&k, texts[n], chunk);
		g_array_append_val(keys, k);
	}
	/* insertion sort: stable, what the list's sort must give */
	guint order[32];
	for (guint i = 0; i < n; i++) {
		guint j = i;
		while (j > 0 && tui_sort_key_cmp(&g_array_index(keys, struct tui_sort_key, order[j - 1]),
						 &g_array_index(keys, struct tui_sort_key, i)) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < n; i++)
		g_string_append_printf(s, "%s%s", i ? "|" : "", texts[order[i]]);
	g_array_free(keys, TRUE);
	g_string_chunk_free(chunk);
	return g_string_free(s, FALSE);
}

static void check(const char *const *texts, const char *want)
{
	g_autofree char *got = sorted(texts);
	g_assert_cmpstr(got, ==, want);
}

static void test_numbers(void)
{
	const char *t[] = {"100", "9", "1514", "0x10", "-3", "2.5", "60", NULL};
	check(t, "-3|2.5|9|0x10|60|100|1514");
}

static void test_addresses(void)
{
	const char *t[] = {"192.0.2.10", "10.0.0.4", "fe80::1", "2001:db8::2", "10.0.0.10", "ff:ff:ff:ff:ff:ff",
			   "00:1b:21:0a:0b:0c", "2001:db8::10", NULL};
	check(t, "10.0.0.4|10.0.0.10|192.0.2.10|2001:db8::2|2001:db8::10|fe80::1|00:1b:21:0a:0b:0c|ff:ff:ff:ff:ff:ff");
}

static void test_kinds(void)
{
	/* empty first, then numbers, addresses and text; equal values keep
	 * their order (the two "TCP") */
	const char *t[] = {"TCP", "Broadcast", "", "10.0.0.1", "42", "DNS", "TCP", "1.2.3", "nan", NULL};
	check(t, "|42|10.0.0.1|1.2.3|Broadcast|DNS|TCP|TCP|nan");
	struct tui_sort_key a, b;
	GStringChunk *chunk = g_string_chunk_new(64);
	tui_sort_key_of_text(&a, "TCP", chunk);
	tui_sort_key_of_text(&b, "TCP", chunk);
	g_assert_cmpint(tui_sort_key_cmp(&a, &b), ==, 0);
	tui_sort_key_of_text(&a, " 7", chunk);
	g_assert_cmpint(a.kind, ==, TUI_KEY_TEXT);
	tui_sort_key_of_text(&a, "1e400", chunk);
	g_assert_cmpint(a.kind, ==, TUI_KEY_TEXT);
	g_string_chunk_free(chunk);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tui/sort/numbers", test_numbers);
	g_test_add_func("/tui/sort/addresses", test_addresses);
	g_test_add_func("/tui/sort/kinds", test_kinds);
	return g_test_run();
}
