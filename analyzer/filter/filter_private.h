/* filter_private.h — what the display-filter stages share: tokens, the
 * syntax tree (tests and values), constants and values met while matching. */
#ifndef ANALYZE_FILTER_PRIVATE_H
#define ANALYZE_FILTER_PRIVATE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "analyzer/filter/filter.h"
#include "dissect/field.h"
#include "dissect/fieldval.h"

#define DF_ERROR (df_error_quark())
GQuark df_error_quark(void);

/* Sets *ERR to the message, " (column COL)" appended; the error code is COL. */
void df_error(GError **err, int col, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* ---- tokens (lexer.c) ---- */

enum tok_kind {
	TK_EOF, TK_WORD, TK_STRING, TK_CHAR, TK_SLICE,
	TK_LPAREN, TK_RPAREN, TK_LBRACE, TK_RBRACE, TK_COMMA, TK_DOTDOT,
	/* comparisons, in the order of enum cmp_op */
	TK_EQ, TK_NE, TK_ALL_EQ, TK_ANY_NE, TK_GT, TK_LT, TK_GE, TK_LE,
	TK_CONTAINS, TK_MATCHES, TK_IN, TK_BITAND,
	TK_AND, TK_OR, TK_NOT,
};

struct token {
	enum tok_kind kind;
	int col;      /* 1-based column of the first character */
	int len;      /* characters in the filter text */
	char *text;   /* WORD: the word; STRING/CHAR: decoded bytes; SLICE: inside the brackets */
	size_t tlen;  /* bytes in text (a decoded string may hold NULs) */
};

/* Splits TEXT into tokens (ending with TK_EOF); NULL with *ERR on a bad character
 * or an unterminated string.  Free with df_tokens_free. */
GArray *df_lex(const char *text, GError **err);
void df_tokens_free(GArray *toks);
/* How the token at COL (1-based) is spelt: its length in characters, at least 1. */
int df_token_length(const char *text, int col);
/* The token's spelling for messages ("==", "and", "end of filter"). */
const char *df_token_name(enum tok_kind kind);

/* ---- the tree (parser.c) ---- */

enum cmp_op { OP_EQ, OP_NE, OP_ALL_EQ, OP_ANY_NE, OP_GT, OP_LT, OP_GE, OP_LE };

/* What a value is, decided by the semantic check. */
enum ctype {
	CT_UNKNOWN, CT_NONE, CT_PROTO, CT_UINT, CT_INT, CT_BOOL, CT_FRAMENUM, CT_DOUBLE,
	CT_RELTIME, CT_ABSTIME, CT_IPV4, CT_IPV6, CT_ETHER, CT_BYTES, CT_STRING,
};

/* One value while matching, or a constant.  Integers: u (UINT) or i (INT);
 * DOUBLE: d; TIME: i nanoseconds; BYTES (also strings and addresses): ptr/len,
 * with prefix = the significant bits of an address constant (-1: all). */
enum vclass { VC_UINT, VC_INT, VC_DOUBLE, VC_TIME, VC_BYTES };

struct dval {
	uint8_t cls;
	uint64_t u;
	int64_t i;
	double d;
	const uint8_t *ptr;
	size_t len;
	int prefix;
};

enum val_kind { V_FIELD, V_LITERAL, V_SLICE, V_FUNC, V_BITAND };
enum lit_kind { L_WORD, L_STRING, L_CHAR };
enum func_id { F_LEN, F_COUNT, F_UPPER, F_LOWER };
/* A slice range: [a:b] a and a length, [a-b] a to b inclusive, [a:] a to the end. */
enum srange_kind { SR_LEN, SR_END, SR_TOEND };

struct srange {
	enum srange_kind kind;
	int64_t a, b;
};

/* How deep a filter may nest: parentheses, "not", function calls, slices
 * and "&" each add a level.  Every stage walks the tree recursively, so the
 * parser refuses deeper trees; "and" and "or" chains are flat. */
#define DF_MAX_NESTING 256

struct vnode {
	enum val_kind kind;
	int col, len;             /* where it is written */
	int depth;                /* slices, calls and "&" from here down (0: a field or constant) */
	enum ctype type;          /* after the semantic check */
	/* V_FIELD */
	char *name;
	const struct proto_def *proto;
	const struct field_def *field;   /* NULL: the protocol itself */
	struct field_plan plan;          /* how the field's values are read */
	bool is_frame;                   /* the pseudo protocol `frame` as bytes */
	/* V_LITERAL */
	enum lit_kind lit;
	char *text;
	size_t tlen;
	struct dval c;                   /* the constant, once typed */
	uint8_t *owned;                  /* bytes c.ptr points at */
	/* V_SLICE, V_FUNC, V_BITAND */
	struct vnode *arg;
	struct srange *ranges;
	int nranges;
	enum func_id func;
	struct vnode *mask;              /* V_BITAND: the right operand */
};

enum node_kind { N_AND, N_OR, N_NOT, N_TEST, N_CMP, N_IN, N_CONTAINS, N_MATCHES, N_TRUE };

struct node {
	enum node_kind kind;
	int col;                  /* of the operator (N_AND, N_OR: the first one) */
	GPtrArray *kids;          /* N_AND, N_OR: struct node *, owned, two or more */
	struct node *l;           /* N_NOT: the negated test */
	enum cmp_op op;           /* N_CMP */
	struct vnode *a, *b;      /* N_TEST: a; N_CMP, N_CONTAINS, N_MATCHES: a OP b; N_IN: a */
	GPtrArray *set_lo, *set_hi; /* N_IN: struct vnode *, hi NULL for a single value */
	GRegex *re;               /* N_MATCHES */
};

/* The backtracking steps one regular-expression match may take (PCRE2's
 * match limit; its own default is 10 000 000, some 50 ms of a stuck match
 * per value).  Matches that reach it give up and count as not matching. */
#define DF_REGEX_MATCH_LIMIT 100000u

/* Parses the tokens TOKS into a tree; NULL with *ERR. */
struct node *df_parse(GArray *toks, GError **err);
void df_node_free(struct node *n);
void df_vnode_free(struct vnode *v);

/* ---- semantic check (semcheck.c) ---- */

/* Resolves names, types the constants and checks each operator against the
 * types of its operands; false with *ERR. */
bool df_check(struct node *n, GError **err);
/* Closest registered name to NAME (of several as close, the first by name),
 * or NULL. */
const char *df_suggest(const char *name);

/* ---- literal forms (literal.c); each takes the whole text or fails ---- */

/* Decimal, 0x hex, 0 octal, 0b binary; no sign. */
bool df_parse_uint(const char *s, uint64_t *out);
bool df_parse_int(const char *s, int64_t *out);
/* Seconds with up to nine decimals, exactly, into nanoseconds. */
bool df_parse_seconds(const char *s, int64_t *ns);
/* A date and time into nanoseconds since the epoch. */
bool df_parse_abstime(const char *s, int64_t *ns);
/* Hex bytes: "aa:bb:cc", "aa-bb", "aabb.ccdd", "aabbcc", "a"; NULL when not. */
GByteArray *df_parse_hex_bytes(const char *s);
bool df_parse_addr(const char *text, int family, size_t size, uint8_t *out, int *prefix);

/* ---- matching (eval.c) ---- */

/* Whether P passes N; *GAVE_UP is set when a regular expression gave up
 * (reached DF_REGEX_MATCH_LIMIT) on one of the packet's values. */
bool df_eval(const struct node *n, const struct packet *p, bool *gave_up);

struct dfilter {
	struct node *root;   /* NULL: keeps every packet */
	int depth;           /* dfilter_depth(), found once */
	uint64_t gave_up;    /* packets on which a regular expression gave up */
};

#endif
