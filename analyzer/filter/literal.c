/* literal.c — reading the literal forms of the filter language: integers
 * in every base, seconds, dates, hex byte strings and addresses with a
 * prefix length.  Each reader takes the whole text or fails, so a value
 * with trailing rubbish is refused rather than half-read. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer/filter/filter_private.h"

/* Parses an unsigned integer: decimal, 0x hex, 0 octal, 0b binary. */
bool df_parse_uint(const char *s, uint64_t *out)
{
	if (!*s || *s == '-' || *s == '+')
		return false;
	char *end;
	errno = 0;
	if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B') && s[2])
		*out = strtoull(s + 2, &end, 2);
	else
		*out = strtoull(s, &end, 0);
	return !*end && !errno;
}

bool df_parse_int(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	uint64_t u;
	if (!df_parse_uint(s + (neg || *s == '+'), &u) || u > (uint64_t)INT64_MAX + neg)
		return false;
	*out = neg ? (int64_t)(0 - u) : (int64_t)u;
	return true;
}

/* Seconds with up to nine decimals, exactly, into nanoseconds. */
bool df_parse_seconds(const char *s, int64_t *ns)
{
	bool neg = *s == '-';
	s += neg || *s == '+';
	if (!g_ascii_isdigit(*s) && !(*s == '.' && g_ascii_isdigit(s[1])))
		return false;
	int64_t whole = 0, frac = 0;
	for (; g_ascii_isdigit(*s); s++) {
		if (whole > INT64_MAX / 10 / 1000000000)
			return false;
		whole = whole * 10 + (*s - '0');
	}
	if (*s == '.') {
		int digits = 0;
		for (s++; g_ascii_isdigit(*s); s++, digits++)
			if (digits < 9)
				frac = frac * 10 + (*s - '0');
		for (; digits < 9; digits++)
			frac *= 10;
	}
	if (*s)
		return false;
	*ns = (whole * 1000000000 + frac) * (neg ? -1 : 1);
	return true;
}

/* "2024-01-31 10:00:00.5", with 'T' or a blank, "Jan 31, 2024 10:00:00";
 * local time unless it ends in 'Z' (UTC). */
bool df_parse_abstime(const char *s, int64_t *ns)
{
	static const char *const formats[] = {"%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%b %d, %Y %H:%M:%S",
					      "%Y-%m-%d"};
	for (size_t k = 0; k < G_N_ELEMENTS(formats); k++) {
		struct tm tm = {0};
		const char *e = strptime(s, formats[k], &tm);
		if (!e)
			continue;
		int64_t frac = 0;
		if (*e == '.') {
			int digits = 0;
			for (e++; g_ascii_isdigit(*e); e++, digits++)
				if (digits < 9)
					frac = frac * 10 + (*e - '0');
			for (; digits < 9; digits++)
				frac *= 10;
		}
		bool utc = *e == 'Z' || *e == 'z';
		if (utc)
			e++;
		if (*e)
			continue;
		tm.tm_isdst = -1;
		time_t t = utc ? timegm(&tm) : mktime(&tm);
		*ns = (int64_t)t * 1000000000 + frac;
		return true;
	}
	return false;
}

/* Hex bytes with ':', '-' or '.' between them, or run together ("aabbcc");
 * a single byte may be one or two digits. */
GByteArray *df_parse_hex_bytes(const char *s)
{
	GByteArray *b = g_byte_array_new();
	size_t n = strlen(s);
	bool has_sep = strpbrk(s, ":-.") != NULL;
	if (n == 0)
		goto bad;
	if (!has_sep) {
		if (n == 1 || n % 2)
			goto single;
		for (size_t i = 0; i < n; i += 2) {
			if (!g_ascii_isxdigit(s[i]) || !g_ascii_isxdigit(s[i + 1]))
				goto bad;
			guint8 v = (guint8)(g_ascii_xdigit_value(s[i]) * 16 + g_ascii_xdigit_value(s[i + 1]));
			g_byte_array_append(b, &v, 1);
		}
		return b;
	}
	char sep = *strpbrk(s, ":-.");
	if (sep == '.') {
		/* dotted groups of four digits: aabb.ccdd.eeff */
		gchar **groups = g_strsplit(s, ".", -1);
		bool ok = true;
		for (int i = 0; groups[i] && ok; i++) {
			ok = strlen(groups[i]) == 4;
			for (int j = 0; ok && j < 4; j += 2) {
				ok = g_ascii_isxdigit(groups[i][j]) && g_ascii_isxdigit(groups[i][j + 1]);
				guint8 v = ok ? (guint8)(g_ascii_xdigit_value(groups[i][j]) * 16 +
							 g_ascii_xdigit_value(groups[i][j + 1]))
					      : 0;
				g_byte_array_append(b, &v, 1);
			}
		}
		g_strfreev(groups);
		if (!ok)
			goto bad;
		return b;
	}
	for (const char *p = s;;) {
		int hi = g_ascii_xdigit_value(*p), lo = hi >= 0 ? g_ascii_xdigit_value(p[1]) : -1;
		guint8 v;
		if (hi < 0)
			goto bad;
		if (lo >= 0) {
			v = (guint8)(hi * 16 + lo);
			p += 2;
		} else {
			v = (guint8)hi;
			p += 1;
		}
		g_byte_array_append(b, &v, 1);
		if (!*p)
			return b;
		if (*p != sep || !p[1])
			goto bad;
		p++;
	}
single:
	if (n <= 2 && g_ascii_isxdigit(s[0]) && (n == 1 || g_ascii_isxdigit(s[1]))) {
		guint8 v = (guint8)(n == 1 ? g_ascii_xdigit_value(s[0])
					   : g_ascii_xdigit_value(s[0]) * 16 + g_ascii_xdigit_value(s[1]));
		g_byte_array_append(b, &v, 1);
		return b;
	}
bad:
	g_byte_array_free(b, TRUE);
	return NULL;
}

/* An address of FAMILY (SIZE bytes) with an optional "/bits" prefix into
 * OUT; *PREFIX is the bits, or -1 without a prefix. */
bool df_parse_addr(const char *text, int family, size_t size, uint8_t *out, int *prefix)
{
	char *s = g_strdup(text);
	char *slash = strchr(s, '/');
	int maxbits = (int)size * 8;
	*prefix = -1;
	if (slash) {
		*slash = 0;
		uint64_t bits;
		if (!df_parse_uint(slash + 1, &bits) || bits > (uint64_t)maxbits) {
			g_free(s);
			return false;
		}
		*prefix = (int)bits;
	}
	bool ok = inet_pton(family, s, out) == 1;
	g_free(s);
	return ok;
}
