/* parser.c — builds the syntax tree from the tokens, by recursive descent.
 *
 * Precedence, from loosest to tightest: "or" / "||", "and" / "&&",
 * "not" / "!", then one relation (a comparison, "contains", "matches",
 * "in {...}", or a value alone, which tests presence), whose values may use
 * the bitwise "&".  A chain of "and" (or of "or") becomes one node with
 * every operand, so a long chain is no deeper than a short one; parentheses
 * group tests.  Words stay unresolved here: the semantic check decides
 * whether a word names a field or is a literal.  Nesting is bounded
 * (DF_MAX_NESTING), so no later stage recurses without end. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/filter/filter_private.h"

struct parser {
	GArray *toks;
	guint pos;
	GError **err;
	int depth;   /* parentheses, "not" and calls open around the position */
};

static bool too_deep(struct parser *ps, int col)
{
	df_error(ps->err, col, "filter nests deeper than %d levels", DF_MAX_NESTING);
	return false;
}

/* Opens one more level of recursion at COL; false (with *ERR) past the limit. */
static bool enter(struct parser *ps, int col)
{
	if (ps->depth >= DF_MAX_NESTING)
		return too_deep(ps, col);
	ps->depth++;
	return true;
}

/* Sets the depth of V, which wraps its operands (a field or constant is
 * 0); false (with *ERR) past the limit. */
static bool set_depth(struct parser *ps, struct vnode *v)
{
	int a = v->arg ? v->arg->depth : 0, m = v->mask ? v->mask->depth : 0;
	v->depth = 1 + MAX(a, m);
	return v->depth <= DF_MAX_NESTING || too_deep(ps, v->col);
}

static struct token *peek(struct parser *ps)
{
	return &g_array_index(ps->toks, struct token, ps->pos);
}

static struct token *next(struct parser *ps)
{
	struct token *t = peek(ps);
	if (t->kind != TK_EOF)
		ps->pos++;
	return t;
}

/* How a token is named in a message. */
static char *describe(const struct token *t)
{
	switch (t->kind) {
	case TK_EOF: return g_strdup("the end of the filter");
	case TK_WORD: return g_strdup_printf("\"%s\"", t->text);
	case TK_STRING: return g_strdup("a string");
	case TK_CHAR: return g_strdup("a character constant");
	case TK_SLICE: return g_strdup("\"[\"");
	default: return g_strdup_printf("\"%s\"", df_token_name(t->kind));
	}
}

/* "unexpected X; expected WHAT" at token T. */
static void *unexpected(struct parser *ps, const struct token *t, const char *what)
{
	char *d = describe(t);
	if (t->kind == TK_EOF)
		df_error(ps->err, t->col, "unexpected end of filter; expected %s", what);
	else
		df_error(ps->err, t->col, "unexpected %s; expected %s", d, what);
	g_free(d);
	return NULL;
}

void df_vnode_free(struct vnode *v)
{
	if (!v)
		return;
	g_free(v->name);
	g_free(v->text);
	g_free(v->owned);
	g_free(v->ranges);
	df_vnode_free(v->arg);
	df_vnode_free(v->mask);
	g_free(v);
}

void df_node_free(struct node *n)
{
	if (!n)
		return;
	if (n->kids)
		g_ptr_array_free(n->kids, TRUE);
	df_node_free(n->l);
	df_vnode_free(n->a);
	df_vnode_free(n->b);
	if (n->set_lo)
		g_ptr_array_free(n->set_lo, TRUE);
	if (n->set_hi)
		g_ptr_array_free(n->set_hi, TRUE);
	if (n->re)
		g_regex_unref(n->re);
	g_free(n);
}

static struct node *new_node(enum node_kind kind, int col)
{
	struct node *n = g_new0(struct node, 1);
	n->kind = kind;
	n->col = col;
	return n;
}

/* Reads a signed decimal or 0x number at *S; false when there is none. */
static bool slice_number(const char **s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(*s, &end, 0);
	if (end == *s || errno)
		return false;
	*s = end;
	*out = v;
	return true;
}

/* Reads the inside of a slice ("1:2", "-3:", "1-2", ":4", "0,2-3") into V. */
static bool parse_slice(struct parser *ps, const struct token *t, struct vnode *v)
{
	gchar **parts = g_strsplit(t->text, ",", -1);
	bool ok = parts[0] != NULL;
	for (int k = 0; ok && parts[k]; k++) {
		const char *s = parts[k];
		struct srange r = {SR_LEN, 0, 1};
		while (g_ascii_isspace(*s))
			s++;
		if (*s == ':') {
			s++;
			r.a = 0;
			ok = slice_number(&s, &r.b) && r.b >= 0;
		} else if (!slice_number(&s, &r.a)) {
			ok = false;
		} else if (*s == ':') {
			s++;
			while (g_ascii_isspace(*s))
				s++;
			if (!*s)
				r.kind = SR_TOEND;
			else
				ok = slice_number(&s, &r.b) && r.b >= 0;
		} else if (*s == '-') {
			s++;
			r.kind = SR_END;
			ok = slice_number(&s, &r.b);
		}
		while (ok && g_ascii_isspace(*s))
			s++;
		if (ok && *s)
			ok = false;
		if (ok) {
			v->ranges = g_renew(struct srange, v->ranges, v->nranges + 1);
			v->ranges[v->nranges++] = r;
		}
	}
	g_strfreev(parts);
	if (!ok)
		df_error(ps->err, t->col, "\"[%s]\" is not a valid slice", t->text);
	return ok;
}

static struct vnode *parse_value(struct parser *ps);

/* Wraps V in the slices that follow it. */
static struct vnode *parse_slices(struct parser *ps, struct vnode *v)
{
	while (v && peek(ps)->kind == TK_SLICE) {
		struct token *t = next(ps);
		struct vnode *s = g_new0(struct vnode, 1);
		s->kind = V_SLICE;
		s->col = t->col;
		s->len = t->len;
		s->arg = v;
		v = s;
		if (!set_depth(ps, s) || !parse_slice(ps, t, s)) {
			df_vnode_free(v);
			return NULL;
		}
	}
	return v;
}

static const char *const func_names[] = {"len", "count", "upper", "lower"};

/* A field, a literal or a function call, with its slices. */
static struct vnode *parse_term(struct parser *ps)
{
	struct token *t = peek(ps);
	struct vnode *v;
	if (t->kind == TK_WORD && ps->pos + 1 < ps->toks->len &&
	    g_array_index(ps->toks, struct token, ps->pos + 1).kind == TK_LPAREN) {
		/* a function call: NAME ( value ) */
		next(ps);
		int f = -1;
		for (int k = 0; k < (int)G_N_ELEMENTS(func_names); k++)
			if (strcmp(t->text, func_names[k]) == 0)
				f = k;
		if (f < 0) {
			df_error(ps->err, t->col, "\"%s\" is not a function", t->text);
			return NULL;
		}
		struct token *open = next(ps);
		if (!enter(ps, t->col))
			return NULL;
		v = g_new0(struct vnode, 1);
		v->kind = V_FUNC;
		v->func = (enum func_id)f;
		v->col = t->col;
		v->len = t->len;
		v->name = g_strdup(t->text);
		v->arg = parse_value(ps);
		ps->depth--;
		if (!v->arg || !set_depth(ps, v)) {
			df_vnode_free(v);
			return NULL;
		}
		if (peek(ps)->kind != TK_RPAREN) {
			char *what = g_strdup_printf("\")\" closing the \"(\" at column %d", open->col);
			unexpected(ps, peek(ps), what);
			g_free(what);
			df_vnode_free(v);
			return NULL;
		}
		next(ps);
		return parse_slices(ps, v);
	}
	if (t->kind != TK_WORD && t->kind != TK_STRING && t->kind != TK_CHAR)
		return unexpected(ps, t, "a field or a value");
	next(ps);
	v = g_new0(struct vnode, 1);
	v->kind = V_LITERAL;
	v->col = t->col;
	v->len = t->len;
	v->lit = t->kind == TK_WORD ? L_WORD : t->kind == TK_STRING ? L_STRING : L_CHAR;
	v->text = g_memdup2(t->text, t->tlen + 1);
	v->tlen = t->tlen;
	return parse_slices(ps, v);
}

/* term { & term } */
static struct vnode *parse_value(struct parser *ps)
{
	struct vnode *v = parse_term(ps);
	while (v && peek(ps)->kind == TK_BITAND) {
		struct token *op = next(ps);
		struct vnode *b = g_new0(struct vnode, 1);
		b->kind = V_BITAND;
		b->col = op->col;
		b->len = op->len;
		b->arg = v;
		v = b;
		if (!(b->mask = parse_term(ps)) || !set_depth(ps, b)) {
			df_vnode_free(v);
			return NULL;
		}
	}
	return v;
}

/* { a, b..c, d } or { a b..c d } */
static bool parse_set(struct parser *ps, struct node *n)
{
	struct token *open = next(ps);
	if (open->kind != TK_LBRACE) {
		unexpected(ps, open, "\"{\" after \"in\"");
		return false;
	}
	n->set_lo = g_ptr_array_new_with_free_func((GDestroyNotify)df_vnode_free);
	n->set_hi = g_ptr_array_new_with_free_func((GDestroyNotify)df_vnode_free);
	for (;;) {
		struct vnode *lo = parse_term(ps), *hi = NULL;
		if (!lo)
			return false;
		g_ptr_array_add(n->set_lo, lo);
		if (peek(ps)->kind == TK_DOTDOT) {
			next(ps);
			hi = parse_term(ps);
			if (!hi) {
				g_ptr_array_add(n->set_hi, NULL);
				return false;
			}
		}
		g_ptr_array_add(n->set_hi, hi);
		/* elements are separated by commas, as Wireshark 4.0 requires */
		if (peek(ps)->kind == TK_COMMA) {
			next(ps);
			continue;
		}
		if (peek(ps)->kind == TK_RBRACE) {
			next(ps);
			return true;
		}
		char *what = g_strdup_printf("\",\" or \"}\" closing the \"{\" at column %d", open->col);
		unexpected(ps, peek(ps), what);
		g_free(what);
		return false;
	}
}

static struct node *parse_or(struct parser *ps);

static struct node *parse_relation(struct parser *ps)
{
	struct token *t = peek(ps);
	if (t->kind == TK_LPAREN) {
		next(ps);
		if (!enter(ps, t->col))
			return NULL;
		struct node *n = parse_or(ps);
		ps->depth--;
		if (n && peek(ps)->kind != TK_RPAREN) {
			char *what = g_strdup_printf("\")\" closing the \"(\" at column %d", t->col);
			unexpected(ps, peek(ps), what);
			g_free(what);
			df_node_free(n);
			return NULL;
		}
		next(ps);
		return n;
	}
	struct vnode *a = parse_value(ps);
	if (!a)
		return NULL;
	struct token *op = peek(ps);
	struct node *n;
	switch (op->kind) {
	case TK_EQ: case TK_NE: case TK_ALL_EQ: case TK_ANY_NE:
	case TK_GT: case TK_LT: case TK_GE: case TK_LE:
		n = new_node(N_CMP, op->col);
		n->op = (enum cmp_op)(op->kind - TK_EQ);
		break;
	case TK_CONTAINS:
		n = new_node(N_CONTAINS, op->col);
		break;
	case TK_MATCHES:
		n = new_node(N_MATCHES, op->col);
		break;
	case TK_IN:
		n = new_node(N_IN, op->col);
		n->a = a;
		next(ps);
		if (!parse_set(ps, n)) {
			df_node_free(n);
			return NULL;
		}
		return n;
	default:
		n = new_node(N_TEST, a->col);
		n->a = a;
		return n;
	}
	next(ps);
	n->a = a;
	if (!(n->b = parse_value(ps))) {
		df_node_free(n);
		return NULL;
	}
	return n;
}

static struct node *parse_not(struct parser *ps)
{
	if (peek(ps)->kind == TK_NOT) {
		struct token *t = next(ps);
		if (!enter(ps, t->col))
			return NULL;
		struct node *inner = parse_not(ps);
		ps->depth--;
		if (!inner)
			return NULL;
		struct node *n = new_node(N_NOT, t->col);
		n->l = inner;
		return n;
	}
	return parse_relation(ps);
}

typedef struct node *(*parse_fn)(struct parser *ps);

/* OPERAND { OP OPERAND }: a single operand, or one KIND node holding them all. */
static struct node *parse_chain(struct parser *ps, enum tok_kind op, enum node_kind kind, parse_fn operand)
{
	struct node *first = operand(ps);
	if (!first || peek(ps)->kind != op)
		return first;
	struct node *n = new_node(kind, peek(ps)->col);
	n->kids = g_ptr_array_new_with_free_func((GDestroyNotify)df_node_free);
	g_ptr_array_add(n->kids, first);
	while (peek(ps)->kind == op) {
		next(ps);
		struct node *r = operand(ps);
		if (!r) {
			df_node_free(n);
			return NULL;
		}
		g_ptr_array_add(n->kids, r);
	}
	return n;
}

static struct node *parse_and(struct parser *ps)
{
	return parse_chain(ps, TK_AND, N_AND, parse_not);
}

static struct node *parse_or(struct parser *ps)
{
	return parse_chain(ps, TK_OR, N_OR, parse_and);
}

struct node *df_parse(GArray *toks, GError **err)
{
	struct parser ps = {toks, 0, err, 0};
	struct node *n = parse_or(&ps);
	if (n && peek(&ps)->kind != TK_EOF) {
		unexpected(&ps, peek(&ps), "\"and\", \"or\" or the end of the filter");
		df_node_free(n);
		return NULL;
	}
	return n;
}
