/* json_reader.c — a strict recursive-descent JSON reader.  Strings are
 * checked as UTF-8 and \u escapes (with surrogate pairs) are decoded. */
#include <stdlib.h>
#include <string.h>

#include "capture/json_reader.h"

#define MAX_DEPTH 64

G_DEFINE_QUARK(analyze-json-error-quark, jv_error)

struct parser {
	const char *p, *start, *end;
	int depth;
	GError *error;
};

static void fail(struct parser *ps, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void fail(struct parser *ps, const char *fmt, ...)
{
	if (ps->error)
		return;
	int line = 1, col = 1;
	for (const char *c = ps->start; c < ps->p && c < ps->end; c++) {
		if (*c == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	ps->error = g_error_new(JV_ERROR, 0, "line %d, column %d: %s", line, col, msg);
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

void jv_free(struct jv *v)
{
	if (!v)
		return;
	g_free(v->string);
	if (v->items)
		g_ptr_array_free(v->items, TRUE);
	if (v->keys)
		g_ptr_array_free(v->keys, TRUE);
	g_free(v);
}

static struct jv *parse_value(struct parser *ps);

static bool literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return false;
	ps->p += n;
	return true;
}

static int hex4(struct parser *ps)
{
	if (ps->end - ps->p < 4) {
		fail(ps, "a \\u escape needs four hex digits");
		return -1;
	}
	int v = 0;
	for (int i = 0; i < 4; i++) {
		int d = g_ascii_xdigit_value(ps->p[i]);
		if (d < 0) {
			fail(ps, "a \\u escape needs four hex digits");
			return -1;
		}
		v = v * 16 + d;
	}
	ps->p += 4;
	return v;
}

static bool escape(struct parser *ps, GString *s)
{
	char c = *ps->p++;
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k = strchr(from, c);
	if (c && k) {
		g_string_append_c(s, to[k - from]);
		return true;
	}
	if (c != 'u') {
		ps->p--;
		fail(ps, "unknown escape '\\%c'", c);
		return false;
	}
	int u = hex4(ps);
	if (u < 0)
		return false;
	if (u >= 0xD800 && u <= 0xDBFF) {
		if (!literal(ps, "\\u")) {
			fail(ps, "a lone surrogate in a \\u escape");
			return false;
		}
		int lo = hex4(ps);
		if (lo < 0)
			return false;
		if (lo < 0xDC00 || lo > 0xDFFF) {
			fail(ps, "a lone surrogate in a \\u escape");
			return false;
		}
		u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
	} else if (u >= 0xDC00 && u <= 0xDFFF) {
		fail(ps, "a lone surrogate in a \\u escape");
		return false;
	}
	if (u == 0) {
		fail(ps, "a NUL character in a string");
		return false;
	}
	g_string_append_unichar(s, (gunichar)u);
	return true;
}

static char *parse_string(struct parser *ps)
{
	ps->p++; /* the opening quote */
	g_autoptr(GString) s = g_string_new(NULL);
	while (ps->p < ps->end && *ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p;
		if (c < 0x20) {
			fail(ps, "a control character in a string");
			return NULL;
		}
		if (c == '\\') {
			ps->p++;
			if (ps->p >= ps->end || !escape(ps, s))
				break;
			continue;
		}
		g_string_append_c(s, (char)c);
		ps->p++;
	}
	if (ps->error)
		return NULL;
	if (ps->p >= ps->end) {
		fail(ps, "the string does not end");
		return NULL;
	}
	ps->p++;
	if (!g_utf8_validate_len(s->str, s->len, NULL)) {
		fail(ps, "a string that is not UTF-8");
		return NULL;
	}
	return g_string_free(g_steal_pointer(&s), FALSE);
}

static bool parse_number(struct parser *ps, struct jv *v)
{
	const char *b = ps->p, *q = ps->p;
	v->negative = *q == '-';
	if (*q == '-')
		q++;
	if (q >= ps->end || !g_ascii_isdigit(*q) || (*q == '0' && q + 1 < ps->end && g_ascii_isdigit(q[1]))) {
		fail(ps, "a malformed number");
		return false;
	}
	while (q < ps->end && g_ascii_isdigit(*q))
		q++;
	v->integral = true;
	if (q < ps->end && *q == '.') {
		v->integral = false;
		if (++q >= ps->end || !g_ascii_isdigit(*q)) {
			fail(ps, "a malformed number");
			return false;
		}
		while (q < ps->end && g_ascii_isdigit(*q))
			q++;
	}
	if (q < ps->end && (*q == 'e' || *q == 'E')) {
		v->integral = false;
		q++;
		if (q < ps->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= ps->end || !g_ascii_isdigit(*q)) {
			fail(ps, "a malformed number");
			return false;
		}
		while (q < ps->end && g_ascii_isdigit(*q))
			q++;
	}
	g_autofree char *text = g_strndup(b, (gsize)(q - b));
	v->number = g_ascii_strtod(text, NULL);
	if (v->integral && !v->negative) {
		guint64 u;
		if (g_ascii_string_to_unsigned(text, 10, 0, G_MAXUINT64, &u, NULL))
			v->uint = u;
		else
			v->integral = false; /* too large to be counted exactly */
	}
	ps->p = q;
	return true;
}

static bool parse_members(struct parser *ps, struct jv *v, bool object)
{
	char close = object ? '}' : ']';
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return true;
	}
	for (;;) {
		skip_ws(ps);
		if (object) {
			if (ps->p >= ps->end || *ps->p != '"') {
				fail(ps, "expected a member name in quotes");
				return false;
			}
			char *key = parse_string(ps);
			if (!key)
				return false;
			g_ptr_array_add(v->keys, key);
			for (guint i = 0; i + 1 < v->keys->len; i++)
				if (g_ascii_strcasecmp(v->keys->pdata[i], key) == 0) {
					fail(ps, "member '%s' appears twice", key);
					g_ptr_array_add(v->items, NULL);
					return false;
				}
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				fail(ps, "expected ':' after a member name");
				g_ptr_array_add(v->items, NULL);
				return false;
			}
			ps->p++;
		}
		struct jv *item = parse_value(ps);
		g_ptr_array_add(v->items, item);
		if (!item)
			return false;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			return true;
		}
		fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
		return false;
	}
}

static struct jv *parse_value(struct parser *ps)
{
	skip_ws(ps);
	if (ps->p >= ps->end) {
		fail(ps, "the text ends where a value should be");
		return NULL;
	}
	g_autoptr(jv) v = g_new0(struct jv, 1);
	char c = *ps->p;
	bool ok = true;
	if (c == '{' || c == '[') {
		if (++ps->depth > MAX_DEPTH) {
			fail(ps, "nested deeper than %d levels", MAX_DEPTH);
			return NULL;
		}
		v->type = c == '{' ? JV_OBJECT : JV_ARRAY;
		v->items = g_ptr_array_new_with_free_func((GDestroyNotify)jv_free);
		if (c == '{')
			v->keys = g_ptr_array_new_with_free_func(g_free);
		ok = parse_members(ps, v, c == '{');
		ps->depth--;
	} else if (c == '"') {
		v->type = JV_STRING;
		v->string = parse_string(ps);
		ok = v->string != NULL;
	} else if (c == '-' || g_ascii_isdigit(c)) {
		v->type = JV_NUMBER;
		ok = parse_number(ps, v);
	} else if (literal(ps, "true") || literal(ps, "false")) {
		v->type = JV_BOOL;
		v->boolean = ps->p[-1] == 'e' && ps->p[-2] == 'u';
	} else if (literal(ps, "null")) {
		v->type = JV_NULL;
	} else {
		fail(ps, "unexpected character '%c'", c);
		ok = false;
	}
	return ok ? g_steal_pointer(&v) : NULL;
}

struct jv *jv_parse(const char *text, size_t len, GError **error)
{
	struct parser ps = {text, text, text + len, 0, NULL};
	struct jv *v = parse_value(&ps);
	if (v) {
		skip_ws(&ps);
		if (ps.p < ps.end)
			fail(&ps, "text after the value");
	}
	if (ps.error) {
		jv_free(v);
		g_propagate_error(error, ps.error);
		return NULL;
	}
	return v;
}

const struct jv *jv_get(const struct jv *v, const char *key)
{
	if (!v || v->type != JV_OBJECT)
		return NULL;
	for (guint i = 0; i < v->keys->len; i++)
		if (g_ascii_strcasecmp(v->keys->pdata[i], key) == 0)
			return v->items->pdata[i];
	return NULL;
}

bool jv_get_u64(const struct jv *o, const char *key, uint64_t *out)
{
	const struct jv *v = jv_get(o, key);
	if (!v || v->type != JV_NUMBER || !v->integral || v->negative)
		return false;
	*out = v->uint;
	return true;
}

bool jv_get_i64(const struct jv *o, const char *key, int64_t *out)
{
	const struct jv *v = jv_get(o, key);
	if (!v || v->type != JV_NUMBER || !v->integral || (!v->negative && v->uint > INT64_MAX))
		return false;
	*out = v->negative ? (int64_t)v->number : (int64_t)v->uint;
	return true;
}

bool jv_get_bool(const struct jv *o, const char *key, bool *out)
{
	const struct jv *v = jv_get(o, key);
	if (!v || v->type != JV_BOOL)
		return false;
	*out = v->boolean;
	return true;
}

const char *jv_type_name(JvType t)
{
	static const char *names[] = {"null", "true or false", "a number", "a string", "an array", "an object"};
	return names[t];
}
