/* semcheck.c — the semantic check: resolves names against the field
 * registry, turns each literal into a constant of the type of the field it
 * is compared with, and refuses operators a type does not support.  Every
 * refusal is one message with the column of the offending token. */
#include <errno.h>
#include <arpa/inet.h>
#include <string.h>

#include "analyzer/filter/filter_private.h"

/* ---- names ---- */

static enum ctype type_of_field(const struct field_def *f)
{
	switch ((enum ftype)f->type) {
	case FT_PROTOCOL: return CT_PROTO;
	case FT_NONE: return CT_NONE;
	case FT_BOOLEAN: return CT_BOOL;
	case FT_UINT8: case FT_UINT16: case FT_UINT24: case FT_UINT32: case FT_UINT64: return CT_UINT;
	case FT_INT32: return CT_INT;
	case FT_ETHER: return CT_ETHER;
	case FT_IPV4: return CT_IPV4;
	case FT_IPV6: return CT_IPV6;
	case FT_BYTES: case FT_GUID: return CT_BYTES; /* a GUID compares as its 16 bytes */
	case FT_STRING: return CT_STRING;
	case FT_RELTIME: return CT_RELTIME;
	case FT_ABSTIME: return CT_ABSTIME;
	case FT_FRAMENUM: return CT_FRAMENUM;
	case FT_DOUBLE: return CT_DOUBLE;
	}
	return CT_NONE;
}

/* How a type is named in messages. */
static const char *type_name(enum ctype t)
{
	switch (t) {
	case CT_UINT: return "unsigned integer";
	case CT_INT: return "signed integer";
	case CT_BOOL: return "boolean";
	case CT_FRAMENUM: return "frame number";
	case CT_DOUBLE: return "floating-point number";
	case CT_RELTIME: return "time in seconds";
	case CT_ABSTIME: return "date and time";
	case CT_IPV4: return "IPv4 address";
	case CT_IPV6: return "IPv6 address";
	case CT_ETHER: return "Ethernet address";
	case CT_BYTES: case CT_PROTO: return "byte string";
	case CT_STRING: return "string";
	case CT_NONE: return "label without a value";
	case CT_UNKNOWN: break;
	}
	return "value";
}

/* "an unsigned integer", "a string": the type with its article. */
static const char *a_type(enum ctype t)
{
	static char buf[64];
	const char *n = type_name(t);
	g_snprintf(buf, sizeof buf, "%s %s", strchr("aeiouAEIOU", n[0]) ? "an" : "a", n);
	return buf;
}

static bool is_integer(enum ctype t)
{
	return t == CT_UINT || t == CT_INT || t == CT_BOOL || t == CT_FRAMENUM;
}

static bool is_bytes(enum ctype t)
{
	return t == CT_BYTES || t == CT_STRING || t == CT_PROTO;
}

/* Edit distance between A and B (Levenshtein), capped by the row width. */
static unsigned edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (lb > 63)
		return 99;
	unsigned row[64];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned diag = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Keeps CAND as *BEST when it is nearer NAME than *BEST, or as near and
 * first by name: the suggestion does not depend on the registry's order. */
static void consider(const char *name, const char *cand, const char **best, unsigned *bestd)
{
	unsigned d = edit_distance(name, cand);
	if (d < *bestd || (d == *bestd && *best && strcmp(cand, *best) < 0)) {
		*bestd = d;
		*best = cand;
	}
}

const char *df_suggest(const char *name)
{
	const char *best = NULL;
	size_t n = strlen(name);
	unsigned limit = n < 4 ? 1 : n < 9 ? 2 : 3;
	unsigned bestd = limit + 1;
	/* no name is longer than 63: a longer word is too far from all of them
	 * (and is not compared with thousands of names letter by letter) */
	if (n > 63 + limit)
		return NULL;
	for (int id = 0; id < PROTO_COUNT; id++) {
		const struct proto_def *pd = proto_get((enum proto_id)id);
		if (!pd)
			continue;
		consider(name, pd->abbrev, &best, &bestd);
		for (size_t k = 0; k < pd->n_fields; k++)
			consider(name, pd->fields[k].abbrev, &best, &bestd);
	}
	/* the pseudo protocol frame, whether or not the registry lists it */
	consider(name, "frame", &best, &bestd);
	return best;
}

/* Turns literal word V into a field when its text names one. */
static void resolve_name(struct vnode *v)
{
	if (v->kind != V_LITERAL || v->lit != L_WORD)
		return;
	const struct proto_def *pd = NULL;
	const struct field_def *fd = field_lookup(v->text, &pd);
	if (fd) {
		v->field = fd;
		v->proto = pd;
		v->type = type_of_field(fd);
		field_plan_init(&v->plan, pd, fd);
	} else if ((pd = proto_lookup(v->text))) {
		v->proto = pd;
		v->type = CT_PROTO;
	} else if (strcmp(v->text, "frame") == 0) {
		v->type = CT_PROTO;
	} else {
		return;
	}
	v->is_frame = strcmp(v->text, "frame") == 0;
	v->kind = V_FIELD;
	v->name = v->text;
	v->text = NULL;
}

/* The error for a word that names nothing. */
static bool unknown_name(const struct vnode *v, GError **err)
{
	const char *s = df_suggest(v->text), *why = field_not_extracted(v->text);
	if (why)
		df_error(err, v->col, "\"%s\" is a Wireshark field that analyze does not extract (%s)", v->text, why);
	else if (s)
		df_error(err, v->col, "\"%s\" is not a field or protocol; did you mean \"%s\"?", v->text, s);
	else
		df_error(err, v->col, "\"%s\" is not a field or protocol", v->text);
	return false;
}

/* How a value is named in messages: its field name or what it computes. */
static const char *value_label(const struct vnode *v)
{
	switch (v->kind) {
	case V_FIELD: return v->name;
	case V_SLICE: return "the slice";
	case V_FUNC: return v->name;
	case V_BITAND: return "the bitwise and";
	case V_LITERAL: break;
	}
	return v->text;
}

/* ---- literals ---- */

/* An address constant for literal V. */
static bool addr_const(struct vnode *v, int family, size_t size)
{
	uint8_t buf[16];
	int prefix;
	if (!df_parse_addr(v->text, family, size, buf, &prefix))
		return false;
	v->owned = g_memdup2(buf, size);
	v->c = (struct dval){.cls = VC_BYTES, .ptr = v->owned, .len = size, .prefix = prefix};
	return true;
}

static uint64_t max_of(const struct field_def *fd)
{
	if (!fd)
		return UINT64_MAX;
	switch (fd->type) {
	case FT_UINT8: return 0xff;
	case FT_UINT16: return 0xffff;
	case FT_UINT24: return 0xffffff;
	case FT_UINT32: return 0xffffffff;
	default: return UINT64_MAX;
	}
}

/* Makes literal V a constant of type T (for field FD, which may be NULL). */
static bool convert(struct vnode *v, enum ctype t, const struct field_def *fd, GError **err)
{
	const char *s = v->text;
	v->type = t;
	v->c.prefix = -1;
	if (v->lit == L_CHAR && (is_integer(t) || t == CT_DOUBLE)) {
		v->c.cls = VC_UINT;
		v->c.u = (uint8_t)s[0];
		v->c.d = (double)v->c.u;
		return true;
	}
	switch (t) {
	case CT_UINT: case CT_FRAMENUM: case CT_BOOL: {
		uint64_t u = 0;
		bool ok = df_parse_uint(s, &u);
		if (!ok && t == CT_BOOL && (g_ascii_strcasecmp(s, "true") == 0 || g_ascii_strcasecmp(s, "false") == 0)) {
			u = g_ascii_strcasecmp(s, "true") == 0;
			ok = true;
		}
		if (!ok && fd && fd->vals) {
			for (const struct value_string *vs = fd->vals; vs->name && !ok; vs++)
				if (g_ascii_strcasecmp(vs->name, s) == 0) {
					u = vs->value;
					ok = true;
				}
		}
		if (!ok)
			break;
		if (t == CT_BOOL)
			u = u != 0;
		if (u > max_of(fd)) {
			df_error(err, v->col, "%s is too large for %s (at most %" G_GUINT64_FORMAT ")", s, fd->abbrev,
				 max_of(fd));
			return false;
		}
		v->c.cls = VC_UINT;
		v->c.u = u;
		return true;
	}
	case CT_INT:
		if (!df_parse_int(s, &v->c.i))
			break;
		v->c.cls = VC_INT;
		return true;
	case CT_DOUBLE: {
		char *end;
		v->c.d = g_ascii_strtod(s, &end);
		if (!*s || *end)
			break;
		v->c.cls = VC_DOUBLE;
		return true;
	}
	case CT_RELTIME:
		if (!df_parse_seconds(s, &v->c.i))
			break;
		v->c.cls = VC_TIME;
		return true;
	case CT_ABSTIME:
		if (!df_parse_abstime(s, &v->c.i))
			break;
		v->c.cls = VC_TIME;
		return true;
	case CT_IPV4:
		if (!addr_const(v, AF_INET, 4))
			break;
		return true;
	case CT_IPV6:
		if (!addr_const(v, AF_INET6, 16))
			break;
		return true;
	case CT_ETHER: {
		GByteArray *b = df_parse_hex_bytes(s);
		if (!b || b->len != 6) {
			if (b)
				g_byte_array_free(b, TRUE);
			break;
		}
		v->c = (struct dval){.cls = VC_BYTES, .len = 6, .prefix = -1};
		v->c.ptr = v->owned = g_byte_array_free(b, FALSE);
		return true;
	}
	case CT_BYTES: case CT_PROTO: case CT_STRING: {
		if (v->lit != L_WORD || t == CT_STRING) {
			/* quoted text, a character, or a word compared with a string */
			v->c = (struct dval){.cls = VC_BYTES, .ptr = (const uint8_t *)v->text, .len = v->tlen, .prefix = -1};
			return true;
		}
		GByteArray *b = df_parse_hex_bytes(s);
		if (!b) {
			/* an integer for a single byte, as in frame[0] == 0x02 */
			char *end;
			errno = 0;
			unsigned long long n = g_ascii_strtoull(s, &end, 0);
			if (errno || *end || end == s || n > 0xff)
				break;
			b = g_byte_array_new();
			uint8_t byte = (uint8_t)n;
			g_byte_array_append(b, &byte, 1);
		}
		v->c = (struct dval){.cls = VC_BYTES, .len = b->len, .prefix = -1};
		v->c.ptr = v->owned = g_byte_array_free(b, FALSE);
		return true;
	}
	case CT_NONE: case CT_UNKNOWN:
		break;
	}
	/* A word that looks like a misspelt field says so rather than "not a value". */
	if (v->lit == L_WORD && g_ascii_isalpha(s[0]) && strchr(s, '.') && df_suggest(s))
		return unknown_name(v, err);
	if (t == CT_NONE || t == CT_UNKNOWN)
		df_error(err, v->col, "\"%s\" cannot be compared with a field without a value", s);
	else
		df_error(err, v->col, "\"%s\" is not a valid %s", s, type_name(t));
	return false;
}

/* ---- values and tests ---- */

static bool sliceable(enum ctype t)
{
	return is_bytes(t) || t == CT_ETHER || t == CT_IPV4 || t == CT_IPV6;
}

/* Resolves V and its operands; a literal that names nothing stays a literal
 * (CT_UNKNOWN) for its comparison to type. */
static bool check_value(struct vnode *v, GError **err)
{
	switch (v->kind) {
	case V_LITERAL:
		resolve_name(v);
		return true;
	case V_FIELD:
		return true;
	case V_SLICE:
		if (!check_value(v->arg, err))
			return false;
		if (v->arg->kind == V_LITERAL)
			return v->arg->lit == L_WORD ? unknown_name(v->arg, err)
						     : (df_error(err, v->col, "only fields can be sliced"), false);
		if (!sliceable(v->arg->type)) {
			df_error(err, v->col, "%s cannot be sliced: it is %s", value_label(v->arg),
				 a_type(v->arg->type));
			return false;
		}
		v->type = v->arg->type == CT_STRING ? CT_STRING : CT_BYTES;
		return true;
	case V_FUNC:
		if (!check_value(v->arg, err))
			return false;
		if (v->arg->kind == V_LITERAL) {
			if (v->arg->lit == L_WORD)
				return unknown_name(v->arg, err);
			df_error(err, v->arg->col, "%s() takes a field, not a constant", v->name);
			return false;
		}
		switch (v->func) {
		case F_COUNT:
			if (v->arg->kind != V_FIELD) {
				df_error(err, v->arg->col, "count() takes a field");
				return false;
			}
			v->type = CT_UINT;
			return true;
		case F_LEN:
			if (!sliceable(v->arg->type)) {
				df_error(err, v->arg->col, "len() cannot be used with %s: it is %s", value_label(v->arg),
					 a_type(v->arg->type));
				return false;
			}
			v->type = CT_UINT;
			return true;
		case F_UPPER: case F_LOWER:
			if (v->arg->type != CT_STRING) {
				df_error(err, v->arg->col, "%s() takes a string; %s is %s", v->name, value_label(v->arg),
					 a_type(v->arg->type));
				return false;
			}
			v->type = CT_STRING;
			return true;
		}
		return false;
	case V_BITAND:
		if (!check_value(v->arg, err) || !check_value(v->mask, err))
			return false;
		if (v->arg->kind == V_LITERAL)
			return v->arg->lit == L_WORD ? unknown_name(v->arg, err)
						     : (df_error(err, v->arg->col, "\"&\" needs a field on its left"), false);
		if (!is_integer(v->arg->type)) {
			df_error(err, v->col, "\"&\" cannot be used with %s: it is %s", value_label(v->arg),
				 a_type(v->arg->type));
			return false;
		}
		if (v->mask->kind == V_LITERAL) {
			if (!convert(v->mask, CT_UINT, NULL, err))
				return false;
		} else if (!is_integer(v->mask->type)) {
			df_error(err, v->mask->col, "\"&\" cannot be used with %s: it is %s", value_label(v->mask),
				 a_type(v->mask->type));
			return false;
		}
		v->type = CT_UINT;
		return true;
	}
	return false;
}

/* Whether values of types A and B can be compared. */
static bool comparable(enum ctype a, enum ctype b)
{
	if (a == b)
		return a != CT_NONE;
	if ((is_integer(a) || a == CT_DOUBLE) && (is_integer(b) || b == CT_DOUBLE))
		return true;
	return is_bytes(a) && is_bytes(b);
}

/* The field a typed value reads, for value names and range checks. */
static const struct field_def *field_of(const struct vnode *v)
{
	return v->kind == V_FIELD ? v->field : NULL;
}

/* Types the pair A OP B (OPNAME for messages): one side gives the type, a
 * literal on the other side takes it. */
static bool check_pair(struct vnode *a, struct vnode *b, const char *opname, int opcol, GError **err)
{
	if (!check_value(a, err) || !check_value(b, err))
		return false;
	if (a->kind == V_LITERAL && b->kind == V_LITERAL) {
		/* the word that looks like a name is the likely typo */
		if (a->lit == L_WORD && g_ascii_isalpha(a->text[0]))
			return unknown_name(a, err);
		if (b->lit == L_WORD && g_ascii_isalpha(b->text[0]))
			return unknown_name(b, err);
		df_error(err, a->col, "a constant cannot be compared with a constant");
		return false;
	}
	if (a->kind == V_LITERAL)
		return convert(a, b->type, field_of(b), err);
	if (b->kind == V_LITERAL)
		return convert(b, a->type, field_of(a), err);
	if (!comparable(a->type, b->type)) {
		char *ta = g_strdup(a_type(a->type));
		df_error(err, opcol, "%s (%s) and %s (%s) cannot be compared with \"%s\"", value_label(a), ta,
			 value_label(b), a_type(b->type), opname);
		g_free(ta);
		return false;
	}
	return true;
}

/* Compiles the expression of "matches" N with a bound on its backtracking:
 * a match that reaches it gives up (see df_eval) rather than running for
 * hours over a capture.  PCRE2 reads the bound from the pattern's start. */
static bool compile_regex(struct node *n, GError **err)
{
	const GRegexCompileFlags flags = G_REGEX_CASELESS | G_REGEX_RAW | G_REGEX_OPTIMIZE;
	g_autofree char *bounded = g_strdup_printf("(*LIMIT_MATCH=%u)%s", DF_REGEX_MATCH_LIMIT, n->b->text);
	n->re = g_regex_new(bounded, flags, 0, NULL);
	if (n->re)
		return true;
	/* the message about the expression as written */
	GError *re_err = NULL;
	GRegex *re = g_regex_new(n->b->text, flags, 0, &re_err);
	if (re) {
		g_regex_unref(re);
		df_error(err, n->b->col, "invalid regular expression");
		return false;
	}
	df_error(err, n->b->col, "invalid regular expression: %s", re_err->message);
	g_error_free(re_err);
	return false;
}

static bool check_node(struct node *n, GError **err)
{
	static const char *const opnames[] = {"==", "!=", "===", "!==", ">", "<", ">=", "<="};
	switch (n->kind) {
	case N_AND: case N_OR:
		for (guint k = 0; k < n->kids->len; k++)
			if (!check_node(n->kids->pdata[k], err))
				return false;
		return true;
	case N_NOT:
		return check_node(n->l, err);
	case N_TRUE:
		return true;
	case N_TEST:
		if (!check_value(n->a, err))
			return false;
		if (n->a->kind == V_LITERAL) {
			if (n->a->lit == L_WORD)
				return unknown_name(n->a, err);
			df_error(err, n->a->col, "a constant is not a test");
			return false;
		}
		if (n->a->kind == V_FUNC) {
			df_error(err, n->a->col, "%s() gives a value, not a test; compare it with something",
				 n->a->name);
			return false;
		}
		return true;
	case N_CMP:
		if (!check_pair(n->a, n->b, opnames[n->op], n->col, err))
			return false;
		if (n->a->type == CT_NONE) {
			df_error(err, n->col, "%s has no value to compare", value_label(n->a));
			return false;
		}
		return true;
	case N_CONTAINS: case N_MATCHES: {
		const char *opname = n->kind == N_CONTAINS ? "contains" : "matches";
		if (!check_value(n->a, err))
			return false;
		if (n->a->kind == V_LITERAL) {
			if (n->a->lit == L_WORD)
				return unknown_name(n->a, err);
			df_error(err, n->a->col, "\"%s\" needs a field on its left", opname);
			return false;
		}
		if (!is_bytes(n->a->type)) {
			df_error(err, n->col, "\"%s\" cannot be used with %s: it is %s", opname, value_label(n->a),
				 a_type(n->a->type));
			return false;
		}
		if (n->kind == N_CONTAINS)
			return check_pair(n->a, n->b, opname, n->col, err);
		if (n->b->kind != V_LITERAL || n->b->lit != L_STRING) {
			df_error(err, n->b->col, "\"matches\" takes a quoted regular expression");
			return false;
		}
		return compile_regex(n, err);
	}
	case N_IN:
		if (!check_value(n->a, err))
			return false;
		if (n->a->kind == V_LITERAL)
			return n->a->lit == L_WORD ? unknown_name(n->a, err)
						   : (df_error(err, n->a->col, "\"in\" needs a field on its left"), false);
		for (guint k = 0; k < n->set_lo->len; k++) {
			struct vnode *lo = n->set_lo->pdata[k], *hi = n->set_hi->pdata[k];
			resolve_name(lo);
			if (hi)
				resolve_name(hi);
			if (lo->kind != V_LITERAL || (hi && hi->kind != V_LITERAL)) {
				df_error(err, lo->col, "a set holds constants only");
				return false;
			}
			if (!convert(lo, n->a->type, field_of(n->a), err) ||
			    (hi && !convert(hi, n->a->type, field_of(n->a), err)))
				return false;
		}
		if (n->a->type == CT_NONE) {
			df_error(err, n->col, "%s has no value to compare", value_label(n->a));
			return false;
		}
		return true;
	}
	return false;
}

bool df_check(struct node *n, GError **err)
{
	return check_node(n, err);
}
