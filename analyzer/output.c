/* output.c — report destinations and value formats. */
#include "analyzer/output.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

bool out_format_parse(const char *name, OutFormat *fmt)
{
	if (g_strcmp0(name, "text") == 0)
		*fmt = FORMAT_TEXT;
	else if (g_strcmp0(name, "json") == 0)
		*fmt = FORMAT_JSON;
	else if (g_strcmp0(name, "csv") == 0)
		*fmt = FORMAT_CSV;
	else
		return false;
	return true;
}

bool out_open(struct out *o, const char *path, GError **error)
{
	*o = (struct out){stdout, NULL, NULL};
	if (!path || strcmp(path, "-") == 0)
		return true;
	o->path = g_strdup(path);
	o->tmp_path = g_strdup_printf("%s.part-%d", path, (int)getpid());
	o->fp = fopen(o->tmp_path, "w");
	if (!o->fp) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot write '%s': %s",
			    path, g_strerror(e));
		g_clear_pointer(&o->path, g_free);
		g_clear_pointer(&o->tmp_path, g_free);
		return false;
	}
	return true;
}

void out_abort(struct out *o)
{
	if (o->path) {
		fclose(o->fp);
		unlink(o->tmp_path);
	}
	g_clear_pointer(&o->path, g_free);
	g_clear_pointer(&o->tmp_path, g_free);
	o->fp = NULL;
}

bool out_close(struct out *o, GError **error)
{
	bool ok = fflush(o->fp) == 0 && !ferror(o->fp);
	int e = errno;
	if (!o->path) {
		if (!ok)
			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
				    "cannot write the report: %s", g_strerror(e));
		return ok;
	}
	ok = ok && fsync(fileno(o->fp)) == 0;
	e = errno;
	ok = (fclose(o->fp) == 0) && ok;
	o->fp = NULL;
	if (ok && rename(o->tmp_path, o->path) != 0) {
		e = errno;
		ok = false;
	}
	if (!ok) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot write '%s': %s",
			    o->path, g_strerror(e));
		unlink(o->tmp_path);
	}
	g_clear_pointer(&o->path, g_free);
	g_clear_pointer(&o->tmp_path, g_free);
	return ok;
}

/* JSON ------------------------------------------------------------------ */

void json_init(struct json *j, FILE *fp)
{
	memset(j, 0, sizeof *j);
	j->fp = fp;
	j->pretty = true;
}

static void json_indent(struct json *j)
{
	if (!j->pretty)
		return;
	fputc('\n', j->fp);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->fp);
}

/* Separator and indentation before a value (or a key). */
static void json_pre(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (j->need_comma[j->depth])
			fputc(',', j->fp);
		json_indent(j);
	}
	j->need_comma[j->depth] = true;
}

static void json_open(struct json *j, char c)
{
	json_pre(j);
	fputc(c, j->fp);
	if (j->depth < JSON_MAX_DEPTH)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void json_close(struct json *j, char c)
{
	bool had = j->need_comma[j->depth];
	j->depth--;
	if (had)
		json_indent(j);
	fputc(c, j->fp);
	if (j->depth == 0)
		fputc('\n', j->fp);
}

void json_begin_object(struct json *j) { json_open(j, '{'); }

void json_begin_report(struct json *j)
{
	json_open(j, '{');
	json_kv_int(j, "version", JSON_REPORT_VERSION);
}
void json_end_object(struct json *j) { json_close(j, '}'); }
void json_begin_array(struct json *j) { json_open(j, '['); }
void json_end_array(struct json *j) { json_close(j, ']'); }

/* S as a JSON string.  JSON is UTF-8: a byte that does not belong to a
 * valid UTF-8 sequence (a file name or a capture's string in another
 * encoding) is written as U+FFFD, the replacement character, one per byte,
 * as "\ufffd", so the output is always valid and the damage is visible. */
static void json_escaped(FILE *fp, const char *s)
{
	fputc('"', fp);
	const char *c = s;
	while (*c) {
		unsigned char b = (unsigned char)*c;
		if (b >= 0x80) {
			gunichar u = g_utf8_get_char_validated(c, -1);
			if (u == (gunichar)-1 || u == (gunichar)-2) {
				fputs("\\ufffd", fp);
				c++;
			} else {
				const char *next = g_utf8_next_char(c);
				fwrite(c, 1, (size_t)(next - c), fp);
				c = next;
			}
			continue;
		}
		switch (b) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (b < 0x20)
				fprintf(fp, "\\u%04x", b);
			else
				fputc(b, fp);
		}
		c++;
	}
	fputc('"', fp);
}

void json_key(struct json *j, const char *key)
{
	json_pre(j);
	json_escaped(j->fp, key);
	fputs(j->pretty ? ": " : ":", j->fp);
	j->after_key = true;
}

void json_string(struct json *j, const char *s)
{
	json_pre(j);
	if (s)
		json_escaped(j->fp, s);
	else
		fputs("null", j->fp);
}

void json_int(struct json *j, int64_t v)
{
	json_pre(j);
	fprintf(j->fp, "%" PRId64, v);
}

void json_uint(struct json *j, uint64_t v)
{
	json_pre(j);
	fprintf(j->fp, "%" PRIu64, v);
}

void json_number(struct json *j, double v, int decimals)
{
	json_pre(j);
	fprintf(j->fp, "%.*f", decimals, v);
}

void json_bool(struct json *j, bool v)
{
	json_pre(j);
	fputs(v ? "true" : "false", j->fp);
}

void json_null(struct json *j)
{
	json_pre(j);
	fputs("null", j->fp);
}

void json_seconds(struct json *j, int64_t ns)
{
	char buf[32];
	json_pre(j);
	fputs(seconds_str(buf, ns), j->fp);
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_int(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_int(j, v);
}

/* CSV and value formats ------------------------------------------------- */

void csv_field(FILE *fp, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

const char *addr_str(char *buf, uint8_t family, const uint8_t *addr)
{
	if (!inet_ntop(family == 6 ? AF_INET6 : AF_INET, addr, buf, 46))
		g_strlcpy(buf, "?", 46);
	return buf;
}

const char *addr_port_str(char *buf, uint8_t family, const uint8_t *addr, uint16_t port)
{
	char a[46];
	addr_str(a, family, addr);
	g_snprintf(buf, 56, family == 6 ? "[%s]:%u" : "%s:%u", a, port);
	return buf;
}

const char *seconds_str(char *buf, int64_t ns)
{
	const char *sign = ns < 0 ? "-" : "";
	uint64_t v = ns < 0 ? (uint64_t)-(ns + 1) + 1 : (uint64_t)ns;
	g_snprintf(buf, 32, "%s%" PRIu64 ".%09" PRIu64, sign, v / 1000000000u, v % 1000000000u);
	return buf;
}

const char *millis_str(char *buf, int64_t ns)
{
	/* round the magnitude to the microsecond, in unsigned arithmetic so
	 * that no value can overflow */
	uint64_t mag = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
	uint64_t v = mag / 1000u + (mag % 1000u >= 500u);
	g_snprintf(buf, 32, "%s%" PRIu64 ".%03" PRIu64, ns < 0 && v ? "-" : "", v / 1000u, v % 1000u);
	return buf;
}

/* NS as a broken-down time (UTC or local) and its nanoseconds; false when
 * the system cannot represent it. */
static bool split_time(int64_t ns, bool local, struct tm *tm, int64_t *frac)
{
	int64_t sec = ns / 1000000000;
	*frac = ns % 1000000000;
	if (*frac < 0) {
		sec--;
		*frac += 1000000000;
	}
	time_t t = (time_t)sec;
	return local ? localtime_r(&t, tm) != NULL : gmtime_r(&t, tm) != NULL;
}

const char *utc_str(char *buf, int64_t ns)
{
	struct tm tm;
	int64_t frac;
	if (!split_time(ns, false, &tm, &frac)) {
		g_strlcpy(buf, "?", 48);
		return buf;
	}
	char date[32];
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	g_snprintf(buf, 48, "%s.%09" PRId64 "Z", date, frac);
	return buf;
}

const char *abstime_str(char *buf, int64_t ns)
{
	struct tm tm;
	int64_t frac;
	if (!split_time(ns, true, &tm, &frac)) {
		g_strlcpy(buf, "?", 64);
		return buf;
	}
	char date[40], zone[16];
	strftime(date, sizeof date, "%b %e, %Y %H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%Z", &tm);
	g_snprintf(buf, 64, "%s.%09" PRId64 " %s", date, frac, zone);
	return buf;
}
