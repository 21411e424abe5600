/* Unit tests of what bounds the display-filter engine's work: the nesting
 * limit (parentheses, "not", calls, slices, "&"), chains of "and" and "or"
 * of 10 000 tokens, which compile in one pass over their tokens, the
 * regular expressions of "matches" that give up instead of backtracking for
 * hours, "&" between fields, slices whose bounds would overflow, and long
 * unknown words.
 *
 * The tests of size run in a subprocess bounded at 60 seconds: a compile
 * that is linear takes milliseconds, one that doubles its work per level
 * (as a past one did) would not end in years.  No timing is asserted. */
#include <glib.h>
#include <string.h>

#include "analyzer/filter/filter.h"
#include "dissect_test.h"

#define BOUND_USEC (60 * G_USEC_PER_SEC)

/* COUNT copies of UNIT, then TAIL, in a new string. */
static char *repeat(const char *unit, int count, const char *tail)
{
	GString *s = g_string_new(NULL);
	for (int i = 0; i < count; i++)
		g_string_append(s, unit);
	g_string_append(s, tail);
	return g_string_free(s, FALSE);
}

/* Compiles TEXT, which must fail with MESSAGE at COLUMN. */
static void assert_refused(const char *text, const char *message, int column)
{
	g_autoptr(GError) err = NULL;
	dfilter *f = dfilter_compile(text, &err);
	g_assert_null(f);
	g_assert_nonnull(err);
	g_assert_cmpstr(err->message, ==, message);
	g_assert_cmpint(dfilter_error_column(err), ==, column);
}

static void assert_compiles(const char *text)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(dfilter) f = dfilter_compile(text, &err);
	g_assert_no_error(err);
	g_assert_nonnull(f);
}

/* One level more than the limit is refused at the token opening it; the
 * limit itself compiles.  Each construct is tried at 257 and 10 000. */
static void test_nesting(void)
{
	static const struct {
		const char *open, *leaf, *close, *tail;
	} kinds[] = {
		{"!", "tcp", "", ""},
		{"not ", "tcp", "", ""},
		{"(", "tcp", ")", ""},
		{"upper(", "http.host", ")", " == \"A\""},
	};
	const char *msg = "filter nests deeper than 256 levels (column %d)";
	for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
		int counts[] = {256, 257, 10000};
		for (size_t c = 0; c < G_N_ELEMENTS(counts); c++) {
			g_autofree char *closes = repeat(kinds[k].close, counts[c], kinds[k].tail);
			g_autofree char *leaf = g_strconcat(kinds[k].leaf, closes, NULL);
			g_autofree char *text = repeat(kinds[k].open, counts[c], leaf);
			int col = 256 * (int)strlen(kinds[k].open) + 1;
			g_autofree char *want = g_strdup_printf(msg, col);
			if (counts[c] == 256)
				assert_compiles(text);
			else
				assert_refused(text, want, col);
		}
	}
	/* a value wrapped in 256 slices, or "&" 256 times, is the limit */
	g_autofree char *slices = repeat("[0:]", 256, "");
	g_autofree char *sliced = g_strconcat("frame", slices, NULL);
	assert_compiles(sliced);
	g_autofree char *more = g_strconcat(sliced, "[1:]", NULL);
	assert_refused(more, "filter nests deeper than 256 levels (column 1030)", 1030);
	g_autofree char *ands = repeat(" & 1", 257, "");
	g_autofree char *masked = g_strconcat("tcp.flags", ands, NULL);
	/* "tcp.flags" then " & 1" each: the 257th "&" is at 10 + 4 * 256 + 1 */
	assert_refused(masked, "filter nests deeper than 256 levels (column 1035)", 1035);
}

/* Chains of 10 000 tokens compile and match; the old compile doubled its
 * work with every operator after an application field. */
static void chains(void)
{
	static const uint8_t syn[] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0x08, 0x00, 0x45, 0x00,
		0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,
		0x00, 0x02, 0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02,
		0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	};
	struct packet p;
	struct frame f;
	run_ether(&p, &f, syn, sizeof syn, sizeof syn);
	static const struct {
		const char *first, *unit;
		bool keeps;
	} cases[] = {
		{"http", " && tcp", false},       /* 10 001 tokens, the application field first */
		{"tcp", " && tcp", true},
		{"udp", " or udp", false},
		{"udp", " || tcp", true},
		{"tcp.port == 1", " or tcp.port == 1", false}, /* 15 000 tokens */
	};
	for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
		g_autofree char *tail = repeat(cases[k].unit, 5000, "");
		g_autofree char *text = g_strconcat(cases[k].first, tail, NULL);
		g_autoptr(GError) err = NULL;
		g_autoptr(dfilter) flt = dfilter_compile(text, &err);
		g_assert_no_error(err);
		g_assert_true(dfilter_match(flt, &p) == cases[k].keeps);
	}
	/* 10 000 "!" or "(" are refused at once, however long the filter */
	g_autofree char *nots = repeat("!", 10000, "http");
	assert_refused(nots, "filter nests deeper than 256 levels (column 257)", 257);
	g_autofree char *closes = repeat(")", 10000, "");
	g_autofree char *leaf = g_strconcat("http", closes, NULL);
	g_autofree char *parens = repeat("(", 10000, leaf);
	assert_refused(parens, "filter nests deeper than 256 levels (column 257)", 257);
}

static void test_chains(void)
{
	if (g_test_subprocess()) {
		chains();
		return;
	}
	g_test_trap_subprocess(NULL, BOUND_USEC, 0);
	g_test_trap_assert_passed();
}

/* A UDP datagram (10.0.0.1:5000 -> 10.0.0.2:5001) carrying PAYLOAD. */
static void udp_packet(struct packet *p, struct frame *f, uint8_t *buf, const char *payload, size_t n)
{
	static const uint8_t head[] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0x08, 0x00, 0x45, 0x00,
		0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,
		0x00, 0x02, 0x13, 0x88, 0x13, 0x89, 0x00, 0x00, 0x00, 0x00,
	};
	memcpy(buf, head, sizeof head);
	memcpy(buf + sizeof head, payload, n);
	buf[16] = (uint8_t)((28 + n) >> 8);
	buf[17] = (uint8_t)(28 + n);
	buf[38] = (uint8_t)((8 + n) >> 8);
	buf[39] = (uint8_t)(8 + n);
	run_ether(p, f, buf, (uint32_t)(sizeof head + n), (uint32_t)(sizeof head + n));
}

/* A match whose backtracking never ends gives up: the value does not match,
 * the packet is counted, and other tests of the filter still decide. */
static void test_regex_gives_up(void)
{
	char payload[1401];
	memset(payload, 'a', 1400);
	payload[1400] = '!';
	static uint8_t buf[1500];
	struct packet p;
	struct frame f;
	udp_packet(&p, &f, buf, payload, sizeof payload);
	g_autoptr(GError) err = NULL;
	g_autoptr(dfilter) stuck = dfilter_compile("udp matches \"(a|aa)+$\"", &err);
	g_assert_no_error(err);
	g_assert_false(dfilter_match(stuck, &p));
	g_assert_false(dfilter_match(stuck, &p));
	g_assert_cmpuint(dfilter_gave_up(stuck), ==, 2);
	g_autoptr(dfilter) either = dfilter_compile("udp matches \"(a|aa)+$\" or udp.port == 5001", &err);
	g_assert_no_error(err);
	g_assert_true(dfilter_match(either, &p));
	g_assert_cmpuint(dfilter_gave_up(either), ==, 1);
	/* a pattern that needs little backtracking matches as before */
	g_autoptr(dfilter) plain = dfilter_compile("data matches \"^a{1400}!$\"", &err);
	g_assert_no_error(err);
	g_assert_true(dfilter_match(plain, &p));
	g_assert_cmpuint(dfilter_gave_up(plain), ==, 0);
	/* the message of a bad expression speaks of the expression as written */
	dfilter *bad = dfilter_compile("udp matches \"(a\"", &err);
	g_assert_null(bad);
	g_assert_true(g_str_has_prefix(err->message, "invalid regular expression: "));
	g_assert_null(strstr(err->message, "LIMIT"));
	g_assert_cmpint(dfilter_error_column(err), ==, 13);
}

/* "&" between fields pairs at most 1 024 of their values: a chain of them
 * ends.  (The frame has two ports: 2^64 pairs without the bound.) */
static void bitand_chain(void)
{
	static uint8_t buf[64];
	struct packet p;
	struct frame f;
	udp_packet(&p, &f, buf, "x", 1);
	g_autofree char *chain = repeat(" & udp.port", 64, " == 5000");
	g_autofree char *text = g_strconcat("udp.port", chain, NULL);
	g_autoptr(GError) err = NULL;
	g_autoptr(dfilter) flt = dfilter_compile(text, &err);
	g_assert_no_error(err);
	g_assert_true(dfilter_match(flt, &p)); /* 5000 & 5000 & ... */
	g_autoptr(dfilter) two = dfilter_compile("udp.port & udp.port == 5000", &err);
	g_assert_no_error(err);
	g_assert_true(dfilter_match(two, &p));
	g_autoptr(dfilter) none = dfilter_compile("udp.port & udp.port == 1", &err);
	g_assert_no_error(err);
	g_assert_false(dfilter_match(none, &p));
}

static void test_bitand_chain(void)
{
	if (g_test_subprocess()) {
		bitand_chain();
		return;
	}
	g_test_trap_subprocess(NULL, BOUND_USEC, 0);
	g_test_trap_assert_passed();
}

/* Slice bounds near INT64_MAX are outside the value, not an overflow. */
static void test_slice_bounds(void)
{
	static uint8_t buf[64];
	struct packet p;
	struct frame f;
	udp_packet(&p, &f, buf, "abcd", 4);
	static const struct {
		const char *filter;
		bool keeps;
	} cases[] = {
		{"frame[9223372036854775807:9223372036854775807] == 00", false},
		{"frame[1:9223372036854775807] == 00", false},
		{"frame[-9223372036854775807:2] == 00", false},
		{"frame[0-9223372036854775807] == 00", false},
		{"frame[-1-9223372036854775807] == 00", false},
		{"data[1:2] == 62:63", true},
		{"data[-2-3] == 63:64", true},
		{"data[3:] == 64", true},
	};
	for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
		g_autoptr(GError) err = NULL;
		g_autoptr(dfilter) flt = dfilter_compile(cases[k].filter, &err);
		g_assert_no_error(err);
		if (dfilter_match(flt, &p) != cases[k].keeps)
			g_error("'%s' does not %s the frame", cases[k].filter, cases[k].keeps ? "keep" : "drop");
	}
}

/* An unknown word of 100 000 letters is named without a suggestion, and
 * without comparing it letter by letter with every field name. */
static void long_word(void)
{
	g_autofree char *word = repeat("tcpport", 100000 / 7, "");
	g_autofree char *want = g_strdup_printf("\"%s\" is not a field or protocol (column 1)", word);
	assert_refused(word, want, 1);
}

static void test_long_word(void)
{
	if (g_test_subprocess()) {
		long_word();
		return;
	}
	g_test_trap_subprocess(NULL, BOUND_USEC, 0);
	g_test_trap_assert_passed();
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/filter-limits/nesting", test_nesting);
	g_test_add_func("/filter-limits/chains", test_chains);
	g_test_add_func("/filter-limits/regex-gives-up", test_regex_gives_up);
	g_test_add_func("/filter-limits/bitand-chain", test_bitand_chain);
	g_test_add_func("/filter-limits/slice-bounds", test_slice_bounds);
	g_test_add_func("/filter-limits/long-word", test_long_word);
	return g_test_run();
}
