/* test_tui_follow.c — the follow-stream screen's TCP sequencing: bytes in
 * sequence order, retransmissions and overlaps given once, segments past a
 * gap held until it fills or given with the gap as missing. */
#include <string.h>

#include <glib.h>

#include "tui/follow.h"

/* What the sequencer gave: "0:abc 1:de 0:[3]" (side, bytes or a gap). */
static void collect(int dir, const uint8_t *data, uint32_t len, uint32_t missing, void *user)
{
	GString *s = user;
	if (s->len)
		g_string_append_c(s, ' ');
	if (data)
		g_string_append_printf(s, "%d:%.*s", dir, (int)len, (const char *)data);
	else
		g_string_append_printf(s, "%d:[%u]", dir, missing);
}

static void seg(struct tui_follow_seq *q, GString *out, int dir, uint32_t seq, const char *text)
{
	uint32_t n = (uint32_t)strlen(text);
	tui_follow_seq_segment(q, dir, seq, false, (const uint8_t *)text, n, n, collect, out);
}

static void test_in_order(void)
{
	struct tui_follow_seq q;
	tui_follow_seq_init(&q);
	GString *out = g_string_new(NULL);
	tui_follow_seq_segment(&q, 0, 1000, true, NULL, 0, 0, collect, out);
	tui_follow_seq_segment(&q, 1, 5000, true, NULL, 0, 0, collect, out);
	seg(&q, out, 0, 1001, "GET ");
	seg(&q, out, 0, 1005, "/\r\n");
	seg(&q, out, 1, 5001, "200");
	g_assert_cmpstr(out->str, ==, "0:GET  0:/\r\n 1:200");
	g_string_free(out, TRUE);
	tui_follow_seq_clear(&q);
}

static void test_retransmission_and_overlap(void)
{
	struct tui_follow_seq q;
	tui_follow_seq_init(&q);
	GString *out = g_string_new(NULL);
	seg(&q, out, 0, 1, "abcd");
	seg(&q, out, 0, 1, "abcd");    /* retransmitted whole */
	seg(&q, out, 0, 3, "cdefg");   /* overlaps: only "efg" is new */
	seg(&q, out, 0, 0xfffffffe, "zz"); /* far behind: old */
	g_assert_cmpstr(out->str, ==, "0:abcd 0:efg");
	g_string_free(out, TRUE);
	tui_follow_seq_clear(&q);
}

static void test_out_of_order(void)
{
	struct tui_follow_seq q;
	tui_follow_seq_init(&q);
	GString *out = g_string_new(NULL);
	seg(&q, out, 1, 1, "ab");
	seg(&q, out, 1, 5, "ef");      /* past a gap: held */
	seg(&q, out, 0, 100, "x");
	g_assert_cmpstr(out->str, ==, "1:ab 0:x");
	seg(&q, out, 1, 3, "cd");      /* fills it */
	g_assert_cmpstr(out->str, ==, "1:ab 0:x 1:cd 1:ef");
	/* a gap that never fills is given at the end */
	seg(&q, out, 1, 10, "jk");
	struct tui_follow_seq copy;
	tui_follow_seq_copy(&copy, &q);
	tui_follow_seq_flush(&q, collect, out);
	g_assert_cmpstr(out->str, ==, "1:ab 0:x 1:cd 1:ef 1:[3] 1:jk");
	GString *out2 = g_string_new(NULL);
	tui_follow_seq_flush(&copy, collect, out2);
	g_assert_cmpstr(out2->str, ==, "1:[3] 1:jk");
	g_string_free(out, TRUE);
	g_string_free(out2, TRUE);
	tui_follow_seq_clear(&q);
	tui_follow_seq_clear(&copy);
}

static void test_too_many_waiting(void)
{
	struct tui_follow_seq q;
	tui_follow_seq_init(&q);
	GString *out = g_string_new(NULL);
	seg(&q, out, 0, 1, "a");
	for (uint32_t i = 0; i <= TUI_FOLLOW_PENDING_MAX; i++)
		seg(&q, out, 0, 10 + i, "b");
	/* the earliest is given with the gap before it, and those after it */
	g_assert_true(g_str_has_prefix(out->str, "0:a 0:[8] 0:b 0:b"));
	g_string_free(out, TRUE);
	tui_follow_seq_clear(&q);
}

static void test_cut_short(void)
{
	struct tui_follow_seq q;
	tui_follow_seq_init(&q);
	GString *out = g_string_new(NULL);
	/* 2 of 5 bytes captured: the rest is missing, the next segment follows */
	tui_follow_seq_segment(&q, 0, 1, false, (const uint8_t *)"ab", 2, 5, collect, out);
	seg(&q, out, 0, 6, "f");
	g_assert_cmpstr(out->str, ==, "0:ab 0:[3] 0:f");
	g_string_free(out, TRUE);
	tui_follow_seq_clear(&q);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/follow/in-order", test_in_order);
	g_test_add_func("/follow/retransmission-overlap", test_retransmission_and_overlap);
	g_test_add_func("/follow/out-of-order", test_out_of_order);
	g_test_add_func("/follow/too-many-waiting", test_too_many_waiting);
	g_test_add_func("/follow/cut-short", test_cut_short);
	return g_test_run();
}
