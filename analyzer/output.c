/* output.c — report destinations and value formats. */
#include "analyzer/output.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Reports write through stdio with the unlocked calls (a report has one
 * writer) and format numbers themselves: printf's parsing costs more than
 * the writing on reports of hundreds of thousands of rows. */
static inline void put(FILE *fp, const char *s, size_t n) { fwrite_unlocked(s, 1, n, fp); }
static inline void puts_(FILE *fp, const char *s) { fputs_unlocked(s, fp); }
static inline void putc_(FILE *fp, char c) { fputc_unlocked(c, fp); }

/* The two-digit numbers 00..99, for writing decimals two digits a step. */
static const char digits2[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* V in decimal, written backwards ending at END; returns its first digit. */
static inline char *u64_back(char *end, uint64_t v)
{
	while (v >= 100) {
		unsigned d = (unsigned)(v % 100);
		v /= 100;
		end -= 2;
		memcpy(end, digits2 + 2 * d, 2);
	}
	if (v >= 10) {
		end -= 2;
		memcpy(end, digits2 + 2 * v, 2);
	} else {
		*--end = (char)('0' + v);
	}
	return end;
}

/* V in decimal with exactly WIDTH digits (leading zeros), backwards from END. */
static inline char *u64_back_width(char *end, uint64_t v, int width)
{
	for (; width >= 2; width -= 2) {
		unsigned d = (unsigned)(v % 100);
		v /= 100;
		end -= 2;
		memcpy(end, digits2 + 2 * d, 2);
	}
	if (width)
		*--end = (char)('0' + v % 10);
	return end;
}

static const uint64_t pow10_u64[20] = {
	1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
	10000000000u, 100000000000u, 1000000000000u, 10000000000000u, 100000000000000u,
	1000000000000000u, 10000000000000000u, 100000000000000000u, 1000000000000000000u,
	10000000000000000000u,
};

/* How many decimal digits V has: from its bit length (times log10(2),
 * 1233/4096, is the digit count or one short), then one comparison.  V|1
 * counts 0 as one digit and changes no other count (every power of ten
 * above 1 is even). */
static inline size_t u64_len(uint64_t v)
{
	uint64_t w = v | 1;
	unsigned t = (unsigned)(64 - __builtin_clzll(w)) * 1233u >> 12;
	return t + (w >= pow10_u64[t]);
}

/* NS nanoseconds as seconds with 9 decimals, backwards ending at END (32
 * bytes are room for any value); returns its start. */
static inline char *seconds_back(char *end, int64_t ns)
{
	uint64_t v = ns < 0 ? (uint64_t)-(ns + 1) + 1 : (uint64_t)ns;
	char *p = u64_back_width(end, v % 1000000000u, 9);
	*--p = '.';
	p = u64_back(p, v / 1000000000u);
	if (ns < 0)
		*--p = '-';
	return p;
}

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
	*o = (struct out){stdout, NULL, NULL, false};
	if (!path || strcmp(path, "-") == 0)
		return true;
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		/* a device or a FIFO: renaming a file onto it would replace it */
		o->fp = fopen(path, "w");
		if (!o->fp) {
			int e = errno;
			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot write '%s': %s",
				    path, g_strerror(e));
			return false;
		}
		o->device = true;
		return true;
	}
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
	if (o->device)
		fclose(o->fp);
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
	if (o->device) {
		ok = fclose(o->fp) == 0 && ok;
		o->fp = NULL;
		o->device = false;
	}
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
	j->fp = fp;
	j->depth = 0;
	memset(j->need_comma, 0, sizeof j->need_comma);
	j->after_key = false;
	j->pretty = true;
	j->len = 0;
}

void json_flush(struct json *j)
{
	if (j->len)
		put(j->fp, j->buf, j->len);
	j->len = 0;
}

static inline void jput(struct json *j, const char *s, size_t n)
{
	if (n > sizeof j->buf - j->len) {
		json_flush(j);
		if (n > sizeof j->buf) {
			put(j->fp, s, n);
			return;
		}
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
}

static inline void jputc(struct json *j, char c)
{
	if (j->len == sizeof j->buf)
		json_flush(j);
	j->buf[j->len++] = c;
}

static inline void jputs(struct json *j, const char *s)
{
	jput(j, s, strlen(s));
}

/* A value outside any object or array is complete: hand it over. */
static inline void json_value_done(struct json *j)
{
	if (j->depth == 0)
		json_flush(j);
}

/* Room for N more bytes (N no more than the buffer holds): flushes first
 * when they would not fit; returns where they go. */
static inline char *jroom(struct json *j, size_t n)
{
	if (n > sizeof j->buf - j->len)
		json_flush(j);
	return j->buf + j->len;
}

/* A line end and the indentation of the first seven depths, stored in one
 * piece. */
static const char nl_spaces[16] = {'\n', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
				   ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};

/* A line end and the indentation of the current depth. */
static void json_indent(struct json *j)
{
	if (!j->pretty)
		return;
	size_t n = 1 + 2 * (size_t)j->depth; /* at most 1201: fits */
	char *p = jroom(j, MAX(n, sizeof nl_spaces));
	if (n <= sizeof nl_spaces) {
		memcpy(p, nl_spaces, sizeof nl_spaces);
	} else {
		*p = '\n';
		memset(p + 1, ' ', n - 1);
	}
	j->len += n;
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
			jputc(j, ',');
		json_indent(j);
	}
	j->need_comma[j->depth] = true;
}

static void json_open(struct json *j, char c)
{
	json_pre(j);
	jputc(j, c);
	if (j->depth < JSON_MAX_DEPTH)
		j->depth++;
	j->need_comma[j->depth] = false;
	if (j->depth == 1) /* a document's start: in order with messages written before its values */
		json_flush(j);
}

static void json_close(struct json *j, char c)
{
	bool had = j->need_comma[j->depth];
	j->depth--;
	if (had)
		json_indent(j);
	jputc(j, c);
	if (j->depth == 0)
		jputc(j, '\n');
	if (j->depth <= 1) /* a document, or one of its members: in order with what follows */
		json_flush(j);
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
/* Bytes a JSON string cannot hold as they are (or that end it): controls,
 * the quote, the backslash, and every byte of a UTF-8 sequence (checked). */
static const bool json_special[256] = {
	[0 ... 0x1f] = true, ['"'] = true, ['\\'] = true, [0x80 ... 0xff] = true,
};

static void json_escaped(struct json *j, const char *s)
{
	const char *c = s;
	while (!json_special[(unsigned char)*c])
		c++;
	size_t plain = (size_t)(c - s);
	if (!*c && plain + 2 <= sizeof j->buf) { /* nothing to escape: the common case */
		char *p = jroom(j, plain + 2);
		*p = '"';
		memcpy(p + 1, s, plain);
		p[plain + 1] = '"';
		j->len += plain + 2;
		return;
	}
	jputc(j, '"');
	c = s;
	while (*c) {
		/* the longest run of bytes written as they are */
		const char *run = c;
		while (!json_special[(unsigned char)*c])
			c++;
		if (c > run)
			jput(j, run, (size_t)(c - run));
		if (!*c)
			break;
		unsigned char b = (unsigned char)*c;
		if (b >= 0x80) {
			gunichar u = g_utf8_get_char_validated(c, -1);
			if (u == (gunichar)-1 || u == (gunichar)-2) {
				jputs(j, "\\ufffd");
				c++;
			} else {
				const char *next = g_utf8_next_char(c);
				jput(j, c, (size_t)(next - c));
				c = next;
			}
			continue;
		}
		switch (b) {
		case '"': jputs(j, "\\\""); break;
		case '\\': jputs(j, "\\\\"); break;
		case '\n': jputs(j, "\\n"); break;
		case '\r': jputs(j, "\\r"); break;
		case '\t': jputs(j, "\\t"); break;
		default: {
			static const char hex[] = "0123456789abcdef";
			char e[6] = {'\\', 'u', '0', '0', hex[b >> 4], hex[b & 15]};
			jput(j, e, sizeof e);
		}
		}
		c++;
	}
	jputc(j, '"');
}

/* KEY, N plain characters, where a key belongs: separator, indentation,
 * the key and ": " in one piece.  False (nothing written) when it does
 * not fit the buffer or a key was just written. */
static inline bool json_key_fast(struct json *j, const char *key, size_t n)
{
	size_t indent = j->pretty ? 1 + 2 * (size_t)j->depth : 0;
	size_t room = n + MAX(indent, sizeof nl_spaces) + 6;
	if (!j->after_key && room <= sizeof j->buf) {
		char *p = jroom(j, room);
		if (j->depth > 0) {
			if (j->need_comma[j->depth])
				*p++ = ',';
			if (indent <= sizeof nl_spaces) {
				memcpy(p, nl_spaces, sizeof nl_spaces); /* one store; the rest is written over */
				p += indent;
			} else if (indent) {
				*p = '\n';
				memset(p + 1, ' ', indent - 1);
				p += indent;
			}
		}
		j->need_comma[j->depth] = true;
		*p++ = '"';
		memcpy(p, key, n);
		p += n;
		*p++ = '"';
		*p++ = ':';
		if (j->pretty)
			*p++ = ' ';
		j->len = (size_t)(p - j->buf);
		j->after_key = true;
		return true;
	}
	return false;
}

void json_key_plain_slow(struct json *j, const char *key, size_t n)
{
	if (!json_key_fast(j, key, n))
		json_key(j, key);
}

void json_key(struct json *j, const char *key)
{
	size_t n = 0;
	while (!json_special[(unsigned char)key[n]])
		n++;
	if (!key[n] && json_key_fast(j, key, n))
		return;
	json_pre(j);
	json_escaped(j, key);
	jput(j, ": ", j->pretty ? 2 : 1);
	j->after_key = true;
}

void json_string_plain(struct json *j, const char *s, size_t n)
{
	json_pre(j);
	if (n + 2 > sizeof j->buf) {
		json_escaped(j, s);
	} else {
		char *p = jroom(j, n + 2);
		*p = '"';
		memcpy(p + 1, s, n);
		p[n + 1] = '"';
		j->len += n + 2;
	}
	json_value_done(j);
}

void json_raw(struct json *j, const char *text, size_t n)
{
	json_pre(j);
	jput(j, text, n);
	json_value_done(j);
}

char *json_string_text(const char *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		g_error("out of memory");
	struct json *j = g_new(struct json, 1);
	json_init(j, mem);
	json_string(j, s); /* a value outside any object: handed over whole */
	g_free(j);
	fclose(mem);
	return text;
}

void json_string(struct json *j, const char *s)
{
	json_pre(j);
	if (s)
		json_escaped(j, s);
	else
		jput(j, "null", 4);
	json_value_done(j);
}

/* V in decimal, after a minus sign when NEG, formatted in place in J's
 * buffer: its length is known first, so no copy. */
static inline void jput_u64(struct json *j, uint64_t v, bool neg)
{
	size_t n = u64_len(v) + neg;
	char *p = jroom(j, n);
	u64_back(p + n, v);
	if (neg)
		*p = '-';
	j->len += n;
}

void json_int(struct json *j, int64_t v)
{
	json_pre(j);
	jput_u64(j, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, v < 0);
	json_value_done(j);
}

void json_uint(struct json *j, uint64_t v)
{
	json_pre(j);
	jput_u64(j, v, false);
	json_value_done(j);
}

void json_number(struct json *j, double v, int decimals)
{
	char buf[400];
	int n = snprintf(buf, sizeof buf, "%.*f", decimals, v);
	json_pre(j);
	if (n >= 0 && (size_t)n < sizeof buf) {
		jput(j, buf, (size_t)n);
	} else { /* longer than any number a report writes: through stdio as before */
		json_flush(j);
		fprintf(j->fp, "%.*f", decimals, v);
	}
	json_value_done(j);
}

void json_double(struct json *j, double v)
{
	char buf[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	json_pre(j);
	jputs(j, isfinite(v) ? buf : "null");
	json_value_done(j);
}

void json_bool(struct json *j, bool v)
{
	json_pre(j);
	jputs(j, v ? "true" : "false");
	json_value_done(j);
}

void json_null(struct json *j)
{
	json_pre(j);
	jput(j, "null", 4);
	json_value_done(j);
}

void json_seconds(struct json *j, int64_t ns)
{
	/* seconds_back's length: the whole seconds, the point, 9 decimals, the sign */
	uint64_t v = ns < 0 ? (uint64_t)-(ns + 1) + 1 : (uint64_t)ns;
	size_t n = u64_len(v / 1000000000u) + 10 + (ns < 0);
	json_pre(j);
	char *p = jroom(j, n);
	seconds_back(p + n, ns);
	j->len += n;
	json_value_done(j);
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
		puts_(fp, s);
		return;
	}
	putc_(fp, '"');
	for (; *s; s++) {
		if (*s == '"')
			putc_(fp, '"');
		putc_(fp, *s);
	}
	putc_(fp, '"');
}

const char *uint_str(char *buf, uint64_t v)
{
	char tmp[24];
	char *end = tmp + sizeof tmp;
	char *d = u64_back(end, v);
	memcpy(buf, d, (size_t)(end - d));
	buf[end - d] = '\0';
	return buf;
}

void lb_init(struct linebuf *l, char *buf, size_t size)
{
	l->p = buf;
	l->end = buf + size - 1;
	*l->p = '\0';
}

void lb_left(struct linebuf *l, const char *s, int width)
{
	size_t n = strlen(s);
	lb_copy(l, s, n);
	if (width > 0 && n < (size_t)width)
		lb_fill(l, (size_t)width - n);
}

static void lb_right_n(struct linebuf *l, const char *s, size_t n, int width)
{
	if (width > 0 && n < (size_t)width)
		lb_fill(l, (size_t)width - n);
	lb_copy(l, s, n);
}

void lb_right(struct linebuf *l, const char *s, int width)
{
	lb_right_n(l, s, strlen(s), width);
}

/* Spaces up to WIDTH for a value of N bytes, then room for those N bytes,
 * which the caller formats in place: returns where they go, or NULL
 * (nothing written) when the row has no room for them all. */
static inline char *lb_right_room(struct linebuf *l, size_t n, int width)
{
	size_t pad = width > 0 && n < (size_t)width ? (size_t)width - n : 0;
	size_t room = (size_t)(l->end - l->p);
	if (pad + n > room)
		return NULL;
	if (pad <= 16 && room >= 16)
		memcpy(l->p, "                ", 16); /* one store; what follows the padding is written over */
	else
		memset(l->p, ' ', pad);
	char *p = l->p + pad;
	l->p = p + n;
	*l->p = '\0';
	return p;
}

/* A number of N characters that BACK writes backwards ending at its first
 * argument, right-aligned in WIDTH: in place when the line has room, else
 * through a buffer of its own. */
static void lb_right_back(struct linebuf *l, size_t n, int width,
			  char *(*back)(char *end, uint64_t v), uint64_t v)
{
	char *p = lb_right_room(l, n, width);
	if (p) {
		back(p + n, v);
		return;
	}
	char tmp[32];
	char *end = tmp + sizeof tmp;
	char *d = back(end, v);
	lb_right_n(l, d, (size_t)(end - d), width);
}

static char *uint_back(char *end, uint64_t v)
{
	return u64_back(end, v);
}

static char *ns_seconds_back(char *end, uint64_t ns)
{
	return seconds_back(end, (int64_t)ns);
}

void lb_right_uint(struct linebuf *l, uint64_t v, int width)
{
	lb_right_back(l, u64_len(v), width, uint_back, v);
}

void lb_right_seconds(struct linebuf *l, int64_t ns, int width)
{
	/* seconds_back's length: the whole seconds, the point, 9 decimals, the sign */
	uint64_t v = ns < 0 ? (uint64_t)-(ns + 1) + 1 : (uint64_t)ns;
	lb_right_back(l, u64_len(v / 1000000000u) + 10 + (ns < 0), width, ns_seconds_back,
		      (uint64_t)ns);
}

/* NS as millis_str writes it, backwards ending at END; returns its start. */
static char *millis_back(char *end, uint64_t bits)
{
	int64_t ns = (int64_t)bits;
	uint64_t mag = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
	uint64_t v = mag / 1000u + (mag % 1000u >= 500u);
	char *p = u64_back_width(end, v % 1000u, 3);
	*--p = '.';
	p = u64_back(p, v / 1000u);
	if (ns < 0 && v)
		*--p = '-';
	return p;
}

void lb_right_millis(struct linebuf *l, int64_t ns, int width)
{
	/* millis_back's length: the whole milliseconds, the point, 3 decimals, a sign unless 0 */
	uint64_t mag = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
	uint64_t v = mag / 1000u + (mag % 1000u >= 500u);
	lb_right_back(l, u64_len(v / 1000u) + 4 + (ns < 0 && v), width, millis_back, (uint64_t)ns);
}

size_t lb_len(const struct linebuf *l, const char *buf)
{
	return (size_t)(l->p - buf);
}

void lb_put_line(const struct linebuf *l, char *buf, FILE *fp)
{
	size_t n = lb_len(l, buf);
	buf[n] = '\n';
	fwrite_unlocked(buf, 1, n + 1, fp);
}

const char *fixed2_str(char *buf, double v)
{
	/* V * 100 is exact in the x87's 64-bit mantissa (53 + 7 bits), so the
	 * rounding to two decimals is decided on V's exact value, half to
	 * even, as printf decides it */
	if (!(v >= 0 && v < 1e15)) {
		snprintf(buf, 32, "%.2f", v);
		return buf;
	}
	long double x = (long double)v * 100.0L;
	long double fl = floorl(x);
	long double fr = x - fl;
	uint64_t k = (uint64_t)fl;
	if (fr > 0.5L || (fr == 0.5L && (k & 1)))
		k++;
	char tmp[32];
	char *end = tmp + sizeof tmp;
	char *p = u64_back_width(end, k % 100, 2);
	*--p = '.';
	p = u64_back(p, k / 100);
	memcpy(buf, p, (size_t)(end - p));
	buf[end - p] = '\0';
	return buf;
}

/* A dotted IPv4 address at P, terminated; returns the end (the NUL).  Each
 * byte's digits are built backwards in a 4-byte word and stored at once. */
static char *ipv4_text(char *p, const uint8_t *addr)
{
	for (int i = 0; i < 4; i++) {
		unsigned v = addr[i];
		char d[4] = {0};
		size_t n;
		if (v >= 100) {
			d[0] = (char)('0' + v / 100);
			memcpy(d + 1, digits2 + 2 * (v % 100), 2);
			n = 3;
		} else if (v >= 10) {
			memcpy(d, digits2 + 2 * v, 2);
			n = 2;
		} else {
			d[0] = (char)('0' + v);
			n = 1;
		}
		d[n] = '.';
		memcpy(p, d, 4); /* the byte after the dot is written over next */
		p += n + 1;
	}
	p[-1] = '\0';
	return p - 1;
}

/* An IPv6 address as the C library's inet_ntop() writes it (a report
 * prints hundreds of thousands; the library's costs thousands of
 * instructions each): 16-bit groups in lowercase hex, the first longest run
 * of two or more zero groups as "::", an IPv4-mapped or -compatible address
 * ending in dotted IPv4. */
static void ipv6_text(char *p, const uint8_t *addr)
{
	static const char hex[] = "0123456789abcdef";
	unsigned w[8];
	int best = -1, best_len = 0, cur = -1;
	for (int i = 0; i < 8; i++) {
		w[i] = (unsigned)addr[2 * i] << 8 | addr[2 * i + 1];
		if (w[i] == 0) {
			if (cur < 0)
				cur = i;
			if (i - cur + 1 > best_len) {
				best = cur;
				best_len = i - cur + 1;
			}
		} else {
			cur = -1;
		}
	}
	if (best_len < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*p++ = ':';
			continue;
		}
		if (i)
			*p++ = ':';
		if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
			ipv4_text(p, addr + 12);
			return;
		}
		bool lead = true;
		for (int shift = 12; shift >= 0; shift -= 4) {
			unsigned d = w[i] >> shift & 15;
			if (lead && d == 0 && shift)
				continue;
			lead = false;
			*p++ = hex[d];
		}
	}
	if (best >= 0 && best + best_len == 8)
		*p++ = ':';
	*p = '\0';
}

const char *addr_str(char *buf, uint8_t family, const uint8_t *addr)
{
	if (family == 6)
		ipv6_text(buf, addr);
	else
		ipv4_text(buf, addr);
	return buf;
}

void json_addr(struct json *j, uint8_t family, const uint8_t *addr)
{
	json_pre(j);
	char *p = jroom(j, 48); /* the longest IPv6 text is 45 bytes */
	*p = '"';
	addr_str(p + 1, family, addr);
	size_t n = strlen(p + 1);
	p[n + 1] = '"';
	j->len += n + 2;
	json_value_done(j);
}

/* addr_port_str's text at BUF; returns its end (the NUL). */
static char *addr_port_text(char *buf, uint8_t family, const uint8_t *addr, uint16_t port)
{
	char *p = buf;
	if (family == 6)
		*p++ = '[';
	addr_str(p, family, addr);
	p += strlen(p);
	if (family == 6)
		*p++ = ']';
	*p++ = ':';
	char tmp[8];
	char *end = tmp + sizeof tmp;
	char *d = u64_back(end, port);
	memcpy(p, d, (size_t)(end - d));
	p[end - d] = '\0';
	return p + (end - d);
}

const char *addr_port_str(char *buf, uint8_t family, const uint8_t *addr, uint16_t port)
{
	addr_port_text(buf, family, addr, port);
	return buf;
}

void lb_left_addr_port(struct linebuf *l, uint8_t family, const uint8_t *addr, uint16_t port, int width)
{
	if ((size_t)(l->end - l->p) >= 56) { /* formatted in place */
		char *start = l->p;
		l->p = addr_port_text(start, family, addr, port);
		size_t n = (size_t)(l->p - start);
		if (width > 0 && n < (size_t)width)
			lb_fill(l, (size_t)width - n);
		return;
	}
	char a[56];
	lb_left(l, addr_port_str(a, family, addr, port), width);
}

const char *seconds_str(char *buf, int64_t ns)
{
	char tmp[32];
	char *end = tmp + sizeof tmp;
	char *d = seconds_back(end, ns);
	memcpy(buf, d, (size_t)(end - d));
	buf[end - d] = '\0';
	return buf;
}

const char *millis_str(char *buf, int64_t ns)
{
	/* the magnitude rounded to the microsecond, in unsigned arithmetic so
	 * that no value can overflow (millis_back) */
	char tmp[32];
	char *end = tmp + sizeof tmp;
	char *d = millis_back(end, (uint64_t)ns);
	memcpy(buf, d, (size_t)(end - d));
	buf[end - d] = '\0';
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
