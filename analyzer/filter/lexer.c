/* lexer.c — splits a display filter into tokens.
 *
 * Words gather everything a field name or an unquoted literal can hold
 * (letters, digits, '_', '.', ':', '-', '/'), so "10.0.0.0/8", "fe80::1",
 * "00:11:22:33:44:55" and "tcp.port" are single words; only ".." splits a
 * word, for ranges like "8000..8080".  Slices are taken whole ("[1:2]") and
 * read by the parser.  Keywords (and, eq, contains ...) are words too. */
#include <string.h>

#include "analyzer/filter/filter_private.h"

GQuark df_error_quark(void)
{
	return g_quark_from_static_string("dfilter-error");
}

void df_error(GError **err, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(err, DF_ERROR, col, "%s (column %d)", msg, col);
	g_free(msg);
}

static bool word_char(char c)
{
	return g_ascii_isalnum(c) || c == '_' || c == '.' || c == ':' || c == '-' || c == '/';
}

static const struct {
	const char *word;
	enum tok_kind kind;
} keywords[] = {
	{"and", TK_AND}, {"or", TK_OR}, {"not", TK_NOT},
	{"eq", TK_EQ}, {"ne", TK_NE}, {"all_eq", TK_ALL_EQ}, {"any_ne", TK_ANY_NE},
	{"gt", TK_GT}, {"lt", TK_LT}, {"ge", TK_GE}, {"le", TK_LE},
	{"contains", TK_CONTAINS}, {"matches", TK_MATCHES}, {"in", TK_IN},
	{"bitwise_and", TK_BITAND},
};

/* Symbols, longest first so that "===" wins over "==". */
static const struct {
	const char *sym;
	enum tok_kind kind;
} symbols[] = {
	{"===", TK_ALL_EQ}, {"!==", TK_ANY_NE},
	{"==", TK_EQ}, {"!=", TK_NE}, {"~=", TK_ANY_NE}, {">=", TK_GE}, {"<=", TK_LE},
	{"&&", TK_AND}, {"||", TK_OR}, {"..", TK_DOTDOT},
	{">", TK_GT}, {"<", TK_LT}, {"!", TK_NOT}, {"~", TK_MATCHES}, {"&", TK_BITAND},
	{"(", TK_LPAREN}, {")", TK_RPAREN}, {"{", TK_LBRACE}, {"}", TK_RBRACE}, {",", TK_COMMA},
};

const char *df_token_name(enum tok_kind kind)
{
	switch (kind) {
	case TK_EOF: return "end of filter";
	case TK_WORD: return "word";
	case TK_STRING: return "string";
	case TK_CHAR: return "character";
	case TK_SLICE: return "[";
	default: break;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(symbols); i++)
		if (symbols[i].kind == kind)
			return symbols[i].sym;
	for (size_t i = 0; i < G_N_ELEMENTS(keywords); i++)
		if (keywords[i].kind == kind)
			return keywords[i].word;
	return "?";
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = g_ascii_tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes one escape after the backslash at *S (C escapes, \xHH, \ooo);
 * advances *S.  Returns -1 for an unknown escape. */
static int unescape(const char **s)
{
	char c = *(*s)++;
	switch (c) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case 'a': return '\a';
	case 'b': return '\b';
	case 'f': return '\f';
	case 'v': return '\v';
	case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
		int v = c - '0';
		for (int k = 0; k < 2 && **s >= '0' && **s <= '7'; k++)
			v = v * 8 + *(*s)++ - '0';
		return v & 0xff;
	}
	case 'x': {
		int v = 0, k = 0;
		for (; k < 2 && hexval(**s) >= 0; k++)
			v = v * 16 + hexval(*(*s)++);
		return k ? v : -1;
	}
	case '\\': case '"': case '\'': case '?': return c;
	default: return -1;
	}
}

/* Reads a quoted string or character starting at S (the quote); RAW strings
 * (r"...") keep their backslashes.  Returns the end, or NULL with *ERR. */
static const char *lex_quoted(const char *text, const char *s, bool raw, struct token *t, GError **err)
{
	char q = *s++;
	GString *out = g_string_new(NULL);
	while (*s && *s != q) {
		if (*s == '\\' && !raw) {
			const char *at = s++;
			if (!*s)
				break;
			int c = unescape(&s);
			if (c < 0) {
				df_error(err, (int)(at - text) + 1, "unknown escape \"\\%c\"", *(at + 1));
				g_string_free(out, TRUE);
				return NULL;
			}
			g_string_append_c(out, (char)c);
		} else if (*s == '\\' && raw && s[1] == q) {
			g_string_append_c(out, '\\');
			g_string_append_c(out, q);
			s += 2;
		} else {
			g_string_append_c(out, *s++);
		}
	}
	if (*s != q) {
		df_error(err, t->col, q == '"' ? "missing closing quote" : "missing closing \"'\"");
		g_string_free(out, TRUE);
		return NULL;
	}
	t->tlen = out->len;
	t->text = g_string_free(out, FALSE);
	return s + 1;
}

/* Reads the token starting at S into T; returns the end, or NULL with *ERR. */
static const char *lex_one(const char *text, const char *s, struct token *t, GError **err)
{
	t->col = (int)(s - text) + 1;
	if (!*s) {
		t->kind = TK_EOF;
		return s;
	}
	if (*s == '"' || (*s == 'r' && s[1] == '"') || (*s == 'R' && s[1] == '"')) {
		bool raw = *s != '"';
		t->kind = TK_STRING;
		return lex_quoted(text, s + raw, raw, t, err);
	}
	if (*s == '\'') {
		t->kind = TK_CHAR;
		const char *e = lex_quoted(text, s, false, t, err);
		if (e && t->tlen != 1) {
			df_error(err, t->col, "%.*s is not a valid character constant", (int)(e - s), s);
			return NULL;
		}
		return e;
	}
	if (*s == '[') {
		const char *e = strchr(s, ']');
		if (!e) {
			df_error(err, t->col, "missing \"]\" after the slice");
			return NULL;
		}
		t->kind = TK_SLICE;
		t->text = g_strndup(s + 1, (size_t)(e - s - 1));
		t->tlen = strlen(t->text);
		return e + 1;
	}
	if (word_char(*s) && !(s[0] == '.' && s[1] == '.')) {
		const char *e = s;
		while (word_char(*e) && !(e[0] == '.' && e[1] == '.'))
			e++;
		t->kind = TK_WORD;
		t->text = g_strndup(s, (size_t)(e - s));
		t->tlen = (size_t)(e - s);
		for (size_t i = 0; i < G_N_ELEMENTS(keywords); i++)
			if (strcmp(t->text, keywords[i].word) == 0)
				t->kind = keywords[i].kind;
		return e;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(symbols); i++) {
		size_t n = strlen(symbols[i].sym);
		if (strncmp(s, symbols[i].sym, n) == 0) {
			t->kind = symbols[i].kind;
			return s + n;
		}
	}
	if ((unsigned char)*s < 0x80 && g_ascii_isprint(*s))
		df_error(err, t->col, "unexpected character \"%c\"", *s);
	else
		df_error(err, t->col, "unexpected character 0x%02x", (unsigned char)*s);
	return NULL;
}

GArray *df_lex(const char *text, GError **err)
{
	GArray *toks = g_array_new(FALSE, TRUE, sizeof(struct token));
	const char *s = text;
	for (;;) {
		while (g_ascii_isspace(*s))
			s++;
		struct token t = {0};
		const char *e = lex_one(text, s, &t, err);
		if (!e) {
			g_free(t.text);
			df_tokens_free(toks);
			return NULL;
		}
		t.len = (int)(e - s);
		g_array_append_val(toks, t);
		if (t.kind == TK_EOF)
			return toks;
		s = e;
	}
}

void df_tokens_free(GArray *toks)
{
	if (!toks)
		return;
	for (guint i = 0; i < toks->len; i++)
		g_free(g_array_index(toks, struct token, i).text);
	g_array_free(toks, TRUE);
}

int df_token_length(const char *text, int col)
{
	size_t n = strlen(text);
	if (col < 1 || (size_t)col > n)
		return 1;
	struct token t = {0};
	const char *e = lex_one(text, text + col - 1, &t, NULL);
	g_free(t.text);
	if (!e || e == text + col - 1)
		return 1;
	return (int)(e - (text + col - 1));
}
