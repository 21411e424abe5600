/* Unit tests of the bounded cursor: reads, bounds, truncated vs malformed,
 * sub-windows and limits. */
#include <glib.h>

#include "dissect/cursor.h"

static const uint8_t bytes[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};

static void test_reads(void)
{
	struct cursor c = cursor_init(bytes, 8, 8);
	g_assert_cmpuint(cursor_u8(&c), ==, 0x01);
	g_assert_cmpuint(cursor_be16(&c), ==, 0x0203);
	g_assert_cmpuint(cursor_le16(&c), ==, 0x0504);
	g_assert_cmpuint(cursor_left(&c), ==, 3);
	g_assert_cmpint(cursor_peek(&c, 2), ==, 0x08);
	g_assert_cmpint(cursor_peek(&c, 3), ==, -1);
	g_assert_true(cursor_ok(&c));
	struct cursor d = cursor_init(bytes, 8, 8);
	g_assert_cmpuint(cursor_be32(&d), ==, 0x01020304);
	g_assert_cmpuint(cursor_le32(&d), ==, 0x08070605);
	g_assert_cmpuint(cursor_left(&d), ==, 0);
}

static void test_truncated_vs_malformed(void)
{
	/* 6 bytes captured of 8 on the wire: reading past 6 is truncation. */
	struct cursor c = cursor_init(bytes, 6, 8);
	cursor_skip(&c, 4);
	g_assert_cmpuint(cursor_be32(&c), ==, 0);
	g_assert_cmpint(c.err, ==, CUR_TRUNCATED);
	/* Sticky: later reads return zero and keep the first reason. */
	g_assert_cmpuint(cursor_u8(&c), ==, 0);
	g_assert_cmpint(c.err, ==, CUR_TRUNCATED);

	/* Everything captured, but a read past the declared length is malformed. */
	struct cursor m = cursor_init(bytes, 8, 8);
	cursor_skip(&m, 6);
	g_assert_null(cursor_take(&m, 4));
	g_assert_cmpint(m.err, ==, CUR_MALFORMED);
}

static void test_sub_windows(void)
{
	struct cursor c = cursor_init(bytes, 8, 8);
	cursor_skip(&c, 1);
	struct cursor s = cursor_sub(&c, 3);
	g_assert_true(cursor_ok(&c));
	g_assert_cmpuint(c.off, ==, 4);
	g_assert_cmpuint(cursor_be16(&s), ==, 0x0203);
	g_assert_cmpuint(cursor_u8(&s), ==, 0x04);
	g_assert_cmpuint(cursor_u8(&s), ==, 0);
	g_assert_cmpint(s.err, ==, CUR_MALFORMED);
	g_assert_true(cursor_ok(&c)); /* the child's failure is its own */

	/* A child declared longer than its parent: clipped, parent malformed. */
	struct cursor p = cursor_init(bytes, 8, 8);
	cursor_skip(&p, 4);
	struct cursor big = cursor_sub(&p, 10);
	g_assert_cmpint(p.err, ==, CUR_MALFORMED);
	g_assert_cmpuint(big.rend, ==, 8);
	g_assert_cmpuint(cursor_be32(&big), ==, 0x05060708);

	/* A child of a truncated frame: captured end clipped, declared end kept. */
	struct cursor t = cursor_init(bytes, 5, 8);
	struct cursor tc = cursor_sub(&t, 8);
	g_assert_true(cursor_ok(&t));
	g_assert_cmpuint(tc.end, ==, 5);
	g_assert_cmpuint(tc.rend, ==, 8);
	cursor_skip(&tc, 4);
	cursor_be16(&tc);
	g_assert_cmpint(tc.err, ==, CUR_TRUNCATED);
}

static void test_limit(void)
{
	struct cursor c = cursor_init(bytes, 8, 8);
	g_assert_true(cursor_limit(&c, 5));
	g_assert_cmpuint(c.end, ==, 5);
	g_assert_cmpuint(cursor_rleft(&c), ==, 5);
	cursor_skip(&c, 5);
	cursor_u8(&c);
	g_assert_cmpint(c.err, ==, CUR_MALFORMED); /* padding after the limit is not ours */

	struct cursor d = cursor_init(bytes, 8, 8);
	g_assert_false(cursor_limit(&d, 9));
	g_assert_cmpint(d.err, ==, CUR_MALFORMED);
}

static void test_every_length(void)
{
	/* Reading a 4-byte value from every possible window never overruns. */
	for (uint32_t cap = 0; cap <= 8; cap++)
		for (uint32_t off = 0; off <= 8; off++) {
			struct cursor c = cursor_init(bytes, cap, 8);
			cursor_skip(&c, off);
			uint32_t v = cursor_be32(&c);
			if (off + 4 <= cap)
				g_assert_true(cursor_ok(&c));
			else
				g_assert_cmpuint(v, ==, 0);
		}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cursor/reads", test_reads);
	g_test_add_func("/cursor/truncated-vs-malformed", test_truncated_vs_malformed);
	g_test_add_func("/cursor/sub-windows", test_sub_windows);
	g_test_add_func("/cursor/limit", test_limit);
	g_test_add_func("/cursor/every-length", test_every_length);
	return g_test_run();
}
