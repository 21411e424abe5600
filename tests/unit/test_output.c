/* Unit tests of the report writers' value formats (analyzer/output.c): the
 * numbers, times and addresses they format without printf must read exactly
 * as printf would write them, rows are padded as %-Ns / %Ns and cut at the
 * buffer's end, and JSON strings are escaped and valid UTF-8. */
#include <arpa/inet.h>
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <math.h>
#include <string.h>

#include "analyzer/output.h"

static void test_numbers(void)
{
	static const uint64_t u[] = {0, 1, 9, 10, 99, 100, 4294967295u, 18446744073709551615u};
	for (size_t i = 0; i < G_N_ELEMENTS(u); i++) {
		char buf[24], want[24];
		g_snprintf(want, sizeof want, "%" PRIu64, u[i]);
		g_assert_cmpstr(uint_str(buf, u[i]), ==, want);
	}
	static const int64_t ns[] = {0, 1, 499, 500, 999, 1000, 1499500, 1000000000, 12345678901,
				     -1, -499, -500, -1499500, -1000000001, INT64_MAX, INT64_MIN};
	static const char *const secs[] = {
		"0.000000000", "0.000000001", "0.000000499", "0.000000500", "0.000000999", "0.000001000",
		"0.001499500", "1.000000000", "12.345678901", "-0.000000001", "-0.000000499",
		"-0.000000500", "-0.001499500", "-1.000000001", "9223372036.854775807",
		"-9223372036.854775808"};
	static const char *const ms[] = {
		"0.000", "0.000", "0.000", "0.001", "0.001", "0.001", "1.500", "1000.000",
		"12345.679", "0.000", "0.000", "-0.001", "-1.500", "-1000.000",
		"9223372036854.776", "-9223372036854.776"};
	for (size_t i = 0; i < G_N_ELEMENTS(ns); i++) {
		char buf[32];
		g_assert_cmpstr(seconds_str(buf, ns[i]), ==, secs[i]);
		g_assert_cmpstr(millis_str(buf, ns[i]), ==, ms[i]);
	}
}

/* Two decimals as printf writes them: shares of every kind, the halves
 * that printf rounds to even, and values near them. */
static void test_fixed2(void)
{
	char got[32], want[32];
	static const double halves[] = {0.125, 0.375, 0.625, 0.875, 1.005, 2.675, 12.345, 99.995, 0.005, 0.015};
	for (size_t i = 0; i < G_N_ELEMENTS(halves); i++) {
		double v = halves[i];
		for (int k = -2; k <= 2; k++) {
			double x = v;
			for (int s = 0; s < (k < 0 ? -k : k); s++)
				x = nextafter(x, k < 0 ? 0.0 : 200.0);
			snprintf(want, sizeof want, "%.2f", x);
			g_assert_cmpstr(fixed2_str(got, x), ==, want);
		}
	}
	for (uint64_t whole = 1; whole < 2000; whole += 7) {
		for (uint64_t part = 0; part <= whole; part++) {
			double v = 100.0 * (double)part / (double)whole;
			snprintf(want, sizeof want, "%.2f", v);
			g_assert_cmpstr(fixed2_str(got, v), ==, want);
		}
	}
	uint64_t seed = 42;
	for (int i = 0; i < 200000; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		uint64_t whole = (seed >> 20) % 100000000 + 1;
		uint64_t part = (seed >> 7) % (whole + 1);
		double v = 100.0 * (double)part / (double)whole;
		snprintf(want, sizeof want, "%.2f", v);
		g_assert_cmpstr(fixed2_str(got, v), ==, want);
	}
	snprintf(want, sizeof want, "%.2f", 1e20);
	g_assert_cmpstr(fixed2_str(got, 1e20), ==, want);
}

static void test_addresses(void)
{
	char buf[64];
	const uint8_t v4[4] = {10, 0, 255, 7}, zero[4] = {0, 0, 0, 0};
	g_assert_cmpstr(addr_str(buf, 4, v4), ==, "10.0.255.7");
	g_assert_cmpstr(addr_str(buf, 4, zero), ==, "0.0.0.0");
	g_assert_cmpstr(addr_port_str(buf, 4, v4, 65535), ==, "10.0.255.7:65535");
	g_assert_cmpstr(addr_port_str(buf, 4, zero, 0), ==, "0.0.0.0:0");
	/* every byte value in every place, as inet_ntop() writes it */
	for (unsigned v = 0; v < 256; v++) {
		const uint8_t a[4] = {(uint8_t)v, (uint8_t)(255 - v), (uint8_t)(v * 7), (uint8_t)(v / 3)};
		char want[INET_ADDRSTRLEN];
		g_assert_nonnull(inet_ntop(AF_INET, a, want, sizeof want));
		g_assert_cmpstr(addr_str(buf, 4, a), ==, want);
	}
	uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8};
	v6[15] = 1;
	g_assert_cmpstr(addr_port_str(buf, 6, v6, 443), ==, "[2001:db8::1]:443");
	uint8_t full[16];
	memset(full, 0xab, sizeof full);
	g_assert_cmpstr(addr_port_str(buf, 6, full, 65535), ==,
			"[abab:abab:abab:abab:abab:abab:abab:abab]:65535");
	/* IPv6 as inet_ntop() writes it: every pattern of zero groups, with
	 * groups of every hex width, ::ffff:0:0/96 and ::/96 among them */
	static const unsigned values[] = {1, 0xf, 0x10, 0xab, 0x100, 0xfff, 0x1000, 0xffff};
	for (unsigned zeros = 0; zeros < 256; zeros++) {
		for (size_t k = 0; k < G_N_ELEMENTS(values); k++) {
			uint8_t a[16];
			for (int i = 0; i < 8; i++) {
				unsigned w = zeros >> i & 1 ? 0 : values[(k + (size_t)i) % G_N_ELEMENTS(values)];
				a[2 * i] = (uint8_t)(w >> 8);
				a[2 * i + 1] = (uint8_t)w;
			}
			for (int mapped = 0; mapped < 2; mapped++) {
				if (mapped)
					a[10] = a[11] = 0xff;
				char want[INET6_ADDRSTRLEN];
				g_assert_nonnull(inet_ntop(AF_INET6, a, want, sizeof want));
				g_assert_cmpstr(addr_str(buf, 6, a), ==, want);
			}
		}
	}
}

static void test_rows(void)
{
	char buf[64], want[64];
	struct linebuf l;
	lb_init(&l, buf, sizeof buf);
	lb_right(&l, "42", 6);
	lb_str(&l, "|");
	lb_left(&l, "ab", 5);
	lb_str(&l, "|");
	lb_left(&l, "longer than five", 5);
	lb_right(&l, "x", 0);
	g_snprintf(want, sizeof want, "%6s|%-5s|%-5s%s", "42", "ab", "longer than five", "x");
	g_assert_cmpstr(buf, ==, want);
	/* numbers right-aligned as their strings are */
	static const uint64_t u[] = {0, 7, 42, 99, 100, 12345, 1234567, UINT64_MAX};
	static const int64_t t[] = {0, 499, 500, 1499500, -1499500, 123456789012, INT64_MIN, INT64_MAX};
	for (size_t i = 0; i < G_N_ELEMENTS(u); i++) {
		char s1[32], s2[32];
		lb_init(&l, buf, sizeof buf);
		lb_right_uint(&l, u[i], 7);
		lb_str(&l, "|");
		lb_right_millis(&l, t[i], 11);
		g_assert_cmpuint(lb_len(&l, buf), ==, strlen(buf));
		g_snprintf(want, sizeof want, "%7s|%11s", uint_str(s1, u[i]), millis_str(s2, t[i]));
		g_assert_cmpstr(buf, ==, want);
	}
	/* cut at the end of a small buffer, always terminated */
	char small[8];
	lb_init(&l, small, sizeof small);
	lb_right(&l, "abc", 5);
	lb_left(&l, "defgh", 6);
	g_assert_cmpstr(small, ==, "  abcde");
	lb_str(&l, "more");
	g_assert_cmpstr(small, ==, "  abcde");
}

/* A JSON writer J over a memory stream that fills *OUT (freed with free()) when closed. */
static FILE *json_to_memory(struct json *j, char **out)
{
	static size_t len; /* the stream writes it when it closes: one stream at a time */
	*out = NULL;
	FILE *fp = open_memstream(out, &len);
	json_init(j, fp);
	return fp;
}

static char *json_of(const char *s)
{
	char *out;
	struct json j;
	FILE *fp = json_to_memory(&j, &out);
	json_begin_array(&j);
	json_string(&j, s);
	json_int(&j, INT64_MIN);
	json_uint(&j, UINT64_MAX);
	json_seconds(&j, -1500);
	json_end_array(&j);
	fclose(fp);
	return out;
}

static void test_json(void)
{
	char *got = json_of("a\"b\\c\n\r\t\x01\x1f\x7f caf\xc3\xa9 \xff end");
	g_assert_cmpstr(got, ==,
			"[\n  \"a\\\"b\\\\c\\n\\r\\t\\u0001\\u001f\x7f caf\xc3\xa9 \\ufffd end\",\n"
			"  -9223372036854775808,\n  18446744073709551615,\n  -0.000001500\n]\n");
	g_free(got);
	/* deep nesting: the indentation is two spaces a level, past one piece of spaces */
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	struct json j;
	json_init(&j, fp);
	for (int i = 0; i < 40; i++)
		json_begin_array(&j);
	json_null(&j);
	for (int i = 0; i < 40; i++)
		json_end_array(&j);
	fclose(fp);
	GString *want = g_string_new(NULL);
	for (int i = 0; i < 40; i++)
		g_string_append_printf(want, "%*s[\n", 2 * i, "");
	g_string_append_printf(want, "%*snull\n", 80, "");
	for (int i = 39; i >= 0; i--)
		g_string_append_printf(want, "%*s]\n", 2 * i, "");
	g_assert_cmpstr(out, ==, want->str);
	g_string_free(want, TRUE);
	free(out);
	/* keys: scanned (escaped when needed) or written as they are (JSON_KEY),
	 * at the top and nested, each after its separator */
	out = NULL;
	fp = open_memstream(&out, &len);
	json_init(&j, fp);
	json_begin_object(&j);
	JSON_KEY(&j, "a");
	json_int(&j, 1);
	json_key(&j, "b\"c");
	json_begin_object(&j);
	JSON_KEY(&j, "d_e");
	json_null(&j);
	json_key(&j, "f");
	json_seconds(&j, 1);
	json_end_object(&j);
	json_end_object(&j);
	fclose(fp);
	g_assert_cmpstr(out, ==, "{\n  \"a\": 1,\n  \"b\\\"c\": {\n    \"d_e\": null,\n"
				 "    \"f\": 0.000000001\n  }\n}\n");
	free(out);
}

/* Values given already formatted: a plain string (not scanned), a string
 * escaped once (json_string_text) and handed over as it is, an address
 * formatted in place.  What waits in the writer's buffer reaches its FILE
 * when a document's member is complete, not at each deeper object's end. */
static void test_json_preformatted(void)
{
	char *out;
	struct json j;
	FILE *fp = json_to_memory(&j, &out);
	char *name = json_string_text("a \"b\"\n");
	g_assert_cmpstr(name, ==, "\"a \\\"b\\\"\\n\"");
	static const uint8_t v4[16] = {10, 0, 0, 255};
	static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	json_begin_array(&j);
	long at = ftell(fp);
	json_begin_object(&j);
	json_begin_object(&j);
	JSON_KEY(&j, "file");
	json_raw(&j, name, strlen(name));
	JSON_KEY(&j, "status");
	json_string_plain(&j, "established", 11);
	JSON_KEY(&j, "client");
	json_addr(&j, 4, v4);
	JSON_KEY(&j, "server");
	json_addr(&j, 6, v6);
	json_end_object(&j);
	g_assert_cmpint(ftell(fp), ==, at); /* a member of a member: still in the buffer */
	json_end_object(&j);
	g_assert_cmpint(ftell(fp), >, at); /* a document's member: handed over */
	json_end_array(&j);
	fclose(fp);
	g_assert_cmpstr(out, ==,
			"[\n  {\n    {\n      \"file\": \"a \\\"b\\\"\\n\",\n      \"status\": \"established\",\n"
			"      \"client\": \"10.0.0.255\",\n      \"server\": \"2001:db8::1\"\n    }\n  }\n]\n");
	free(out);
	g_free(name);
}

/* Numbers are formatted in place after their length is counted: every
 * digit count's first and last value, either sign, read as printf writes
 * them; the keys written inline (depths 1 to 7) and the others (deeper, or
 * where the buffer fills) read alike. */
static void test_json_lengths(void)
{
	char *out;
	struct json j;
	FILE *fp = json_to_memory(&j, &out);
	json_begin_array(&j);
	GString *want = g_string_new("[");
	const char *sep = "\n";
	for (uint64_t p = 1, k = 0; k < 20; k++, p *= 10) {
		uint64_t v[] = {p - 1, p};
		for (int i = 0; i < 2; i++) {
			json_uint(&j, v[i]);
			g_string_append_printf(want, "%s  %" PRIu64, sep, v[i]);
			sep = ",\n";
			if (v[i] <= (uint64_t)INT64_MAX) {
				json_int(&j, -(int64_t)v[i]);
				g_string_append_printf(want, ",\n  %" PRId64, -(int64_t)v[i]);
				json_seconds(&j, (int64_t)v[i]);
				g_string_append_printf(want, ",\n  %" PRIu64 ".%09" PRIu64, v[i] / 1000000000u,
						       v[i] % 1000000000u);
				json_seconds(&j, -(int64_t)v[i]);
				g_string_append_printf(want, ",\n  %s%" PRIu64 ".%09" PRIu64, v[i] ? "-" : "",
						       v[i] / 1000000000u, v[i] % 1000000000u);
			}
		}
	}
	json_end_array(&j);
	g_string_append(want, "\n]\n");
	fclose(fp);
	g_assert_cmpstr(out, ==, want->str);
	free(out);
	g_string_truncate(want, 0);

	/* objects nested 10 deep, each with keys until the buffer has filled more than once */
	fp = json_to_memory(&j, &out);
	for (int d = 0; d < 10; d++) {
		if (d) {
			JSON_KEY(&j, "inner");
			g_string_append_printf(want, ",\n%*s\"inner\": ", 2 * d, "");
		}
		json_begin_object(&j);
		g_string_append(want, "{");
		for (int k = 0; k < 300; k++) {
			JSON_KEY(&j, "key_of_some_length");
			json_int(&j, k);
			g_string_append_printf(want, "%s\n%*s\"key_of_some_length\": %d", k ? "," : "",
					       2 * (d + 1), "", k);
		}
	}
	for (int d = 9; d >= 0; d--) {
		json_end_object(&j);
		g_string_append_printf(want, "\n%*s}%s", 2 * d, "", d ? "" : "\n");
	}
	fclose(fp);
	g_assert_cmpstr(out, ==, want->str);
	free(out);
	g_string_free(want, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/output/numbers", test_numbers);
	g_test_add_func("/output/fixed2", test_fixed2);
	g_test_add_func("/output/addresses", test_addresses);
	g_test_add_func("/output/rows", test_rows);
	g_test_add_func("/output/json", test_json);
	g_test_add_func("/output/json-lengths", test_json_lengths);
	g_test_add_func("/output/json-preformatted", test_json_preformatted);
	return g_test_run();
}
