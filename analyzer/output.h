/* output.h — writing reports: the output file, JSON, CSV, and the value
 * formats every report shares (addresses, times). */
#ifndef ANALYZE_OUTPUT_H
#define ANALYZE_OUTPUT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* FORMAT_JSONL (one JSON object a line) only findings and review have; out_format_parse never gives it. */
typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV, FORMAT_JSONL } OutFormat;

/* Parses "text", "json" or "csv"; false when NAME is none of them. */
bool out_format_parse(const char *name, OutFormat *fmt);

/* An output destination: standard output, or a file written under a temporary
 * name and renamed into place by out_close, so FILE never holds half a report. */
struct out {
	FILE *fp;
	char *path;     /* final name, NULL for stdout or a device */
	char *tmp_path; /* temporary name while writing */
	bool device;    /* fp is a device or pipe opened by name (/dev/null, a FIFO):
	                 * written directly, never replaced by a renamed file */
};

/* Opens PATH for writing ("-" or NULL: standard output; a name that is not a
 * regular file, such as /dev/null or a FIFO, is written directly).  False
 * with ERROR set. */
bool out_open(struct out *o, const char *path, GError **error);
/* Flushes and, for a file, renames it into place.  False with ERROR set (the
 * temporary file is removed). */
bool out_close(struct out *o, GError **error);
/* Drops a file output without creating it (used when the work failed). */
void out_abort(struct out *o);

#define JSON_MAX_DEPTH 600 /* deeper nesting is flattened: never reached by our reports */

/* A JSON writer over a FILE: tracks nesting and commas, escapes strings.
 * It formats into its own buffer and hands it to FP when the buffer fills
 * and when a document or one of its members is complete (a value at depth
 * 0 or 1): a report's rows, deeper down, cost one stdio call per 8 KiB. */
struct json {
	FILE *fp;
	int depth;
	bool need_comma[JSON_MAX_DEPTH + 1];
	bool after_key;
	bool pretty;
	size_t len;           /* bytes waiting in BUF */
	char buf[8192];
};

void json_init(struct json *j, FILE *fp);
/* Hands what waits in J's buffer to its FILE (done as said above). */
void json_flush(struct json *j);
/* The version of the reports' JSON shapes (docs/json.md): it changes only
 * when a key is removed or changes meaning, never when keys are added. */
#define JSON_REPORT_VERSION 1
/* Opens a report's top object with its first member, "version". */
void json_begin_report(struct json *j);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_key(struct json *j, const char *key);
/* json_key for KEY of N bytes known to need no escaping (no quote,
 * backslash, control or non-ASCII byte): not scanned.  JSON_KEY takes a
 * string literal. */
static inline void json_key_plain(struct json *j, const char *key, size_t n);
/* json_key_plain where its inline way below does not apply. */
void json_key_plain_slow(struct json *j, const char *key, size_t n);
#define JSON_KEY(j, lit) json_key_plain((j), "" lit, sizeof(lit) - 1)
/* "key": value for a key given as such a literal. */
#define JSON_KV_INT(j, lit, v) (JSON_KEY((j), lit), json_int((j), (v)))
#define JSON_KV_STRING(j, lit, s) (JSON_KEY((j), lit), json_string((j), (s)))
void json_string(struct json *j, const char *s);
void json_int(struct json *j, int64_t v);
/* S, N bytes known to need no escaping (as json_key_plain's key), as a string. */
void json_string_plain(struct json *j, const char *s, size_t n);
/* TEXT, N bytes that are already a JSON value (e.g. a string escaped once for many rows). */
void json_raw(struct json *j, const char *text, size_t n);
/* S as a JSON string, in a new string (free with g_free). */
char *json_string_text(const char *s);
/* An address's text (addr_str) as a string, formatted in place. */
void json_addr(struct json *j, uint8_t family, const uint8_t *addr);
void json_uint(struct json *j, uint64_t v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* V with DECIMALS digits after the point (a finite number). */
void json_number(struct json *j, double v, int decimals);
/* V in the fewest digits that read back as V (a partial's exact value); null when not finite. */
void json_double(struct json *j, double v);
/* A time span or instant in nanoseconds, written as seconds with 9 decimals. */
void json_seconds(struct json *j, int64_t ns);
/* Convenience: "key": value. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, int64_t v);

/* A report writes a key per value: the common case, a member of an object
 * at depth 1 to 7 of a pretty document with room in the buffer, is built in
 * place here (separator, line end and indentation in one 16-byte store),
 * the rest goes through json_key_plain_slow. */
static inline void json_key_plain(struct json *j, const char *key, size_t n)
{
	if (j->pretty && !j->after_key && j->depth > 0 && j->depth <= 7 && n + 24 <= sizeof j->buf - j->len) {
		char *p = j->buf + j->len;
		*p = ',';
		p += j->need_comma[j->depth];
		memcpy(p, "\n               ", 16); /* the line end and 15 spaces; the rest is written over */
		p += 1 + 2 * (size_t)j->depth;
		j->need_comma[j->depth] = true;
		*p = '"';
		memcpy(p + 1, key, n);
		p += n + 1;
		memcpy(p, "\": ", 3);
		j->len = (size_t)(p + 3 - j->buf);
		j->after_key = true;
		return;
	}
	json_key_plain_slow(j, key, n);
}

/* Writes S as one CSV field (quoted when it holds a comma, quote or newline). */
void csv_field(FILE *fp, const char *s);

/* V with two decimals, exactly as printf's "%.2f" writes it, into BUF (32
 * bytes); returns BUF.  Without printf for 0 <= V < 1e15 (percentages). */
const char *fixed2_str(char *buf, double v);

/* V in decimal into BUF (at least 21 bytes); returns BUF. */
const char *uint_str(char *buf, uint64_t v);

/* A table row built left to right in a caller's buffer, without printf: what
 * reports of hundreds of thousands of rows use.  The row is cut where the
 * buffer ends and is always terminated. */
struct linebuf {
	char *p, *end; /* end: the last byte, kept for the terminating NUL */
};
void lb_init(struct linebuf *l, char *buf, size_t size);
/* N spaces; N bytes at S.  Inline: a row is built of dozens of short pieces,
 * and a constant piece (" ") then costs a store. */
static inline void lb_fill(struct linebuf *l, size_t n)
{
	size_t room = (size_t)(l->end - l->p);
	if (n > room)
		n = room;
	for (size_t i = 0; i < n; i++)
		l->p[i] = ' ';
	l->p += n;
	*l->p = '\0';
}
static inline void lb_copy(struct linebuf *l, const char *s, size_t n)
{
	size_t room = (size_t)(l->end - l->p);
	if (n > room)
		n = room;
	memcpy(l->p, s, n);
	l->p += n;
	*l->p = '\0';
}
static inline void lb_str(struct linebuf *l, const char *s) /* S as it is */
{
	lb_copy(l, s, strlen(s));
}
void lb_left(struct linebuf *l, const char *s, int width);  /* printf's %-WIDTHs */
void lb_right(struct linebuf *l, const char *s, int width); /* printf's %WIDTHs */
void lb_right_uint(struct linebuf *l, uint64_t v, int width); /* V as uint_str, right-aligned */
void lb_right_millis(struct linebuf *l, int64_t ns, int width); /* NS as millis_str, right-aligned */
void lb_right_seconds(struct linebuf *l, int64_t ns, int width); /* NS as seconds_str, right-aligned */
/* addr_port_str's text, left-aligned (%-WIDTHs), formatted in place. */
void lb_left_addr_port(struct linebuf *l, uint8_t family, const uint8_t *addr, uint16_t port, int width);
/* Bytes written so far into BUF, the buffer L was started on. */
size_t lb_len(const struct linebuf *l, const char *buf);
/* Writes BUF, the buffer L was started on, to FP with a newline: L was
 * started with one byte of BUF spare (lb_init(&l, buf, sizeof buf - 1)). */
void lb_put_line(const struct linebuf *l, char *buf, FILE *fp);

/* Formats an address of FAMILY (4 or 6) into BUF (at least 46 bytes). */
const char *addr_str(char *buf, uint8_t family, const uint8_t *addr);
/* "[2001:db8::1]:443" or "10.0.0.1:443" into BUF (at least 56 bytes). */
const char *addr_port_str(char *buf, uint8_t family, const uint8_t *addr, uint16_t port);
/* NS nanoseconds as seconds with 9 decimals ("0.012345000") into BUF (32 bytes). */
const char *seconds_str(char *buf, int64_t ns);
/* NS as milliseconds with 3 decimals ("12.345") into BUF (32 bytes). */
const char *millis_str(char *buf, int64_t ns);
/* An absolute time as ISO 8601 UTC with 9 decimals into BUF (48 bytes). */
const char *utc_str(char *buf, int64_t ns);
/* NS as Wireshark shows an absolute time, in local time: "Sep  5, 2016
 * 07:03:06.592676300 UTC" (BUF of 64 bytes). */
const char *abstime_str(char *buf, int64_t ns);

#endif
