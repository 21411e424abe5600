/* jsonschema.c — checks a report's JSON against the schema docs/json.md
 * writes down, so the document and the program cannot drift apart.
 *
 *   jsonschema DOC NAME [FILE]     (FILE or standard input)
 *
 * The text must be one strict JSON value (RFC 8259: valid UTF-8, escapes
 * and numbers as the grammar says, nothing after the value).  Objects may
 * repeat a key (`list -T json` does, as tshark does).  Exit 0 when the value
 * matches schema NAME, 1 with one line per fault when not, 2 on a usage or
 * schema error.
 *
 * The schemas are the fenced blocks of DOC opened with "```json schema=NAME".
 * Each is a JSON value read as:
 *   "T|T|..."   a value of one of these kinds: string, integer, count (an
 *               integer >= 0), number, seconds (a number with nine decimals),
 *               boolean, null, any, 'text' (that exact string), #NAME (the
 *               schema of that name)
 *   a number    exactly that number
 *   [S]         an array whose every element matches S
 *   {"k": S, "k?": S, "*": S}
 *               an object with every key k, perhaps k? (optional), and no
 *               other keys unless "*" gives their schema.  When the schema's
 *               first key is "version", the value's first key must be too. */
#include <glib.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum kind { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT };

struct node {
	enum kind kind;
	char *text;        /* J_NUMBER: as written; J_STRING: decoded; J_BOOL: "true"/"false" */
	GPtrArray *items;  /* J_ARRAY, J_OBJECT: struct node * */
	GPtrArray *keys;   /* J_OBJECT: char *, one per item */
};

static void node_free(gpointer p)
{
	struct node *n = p;
	if (!n)
		return;
	g_free(n->text);
	if (n->items)
		g_ptr_array_free(n->items, TRUE);
	if (n->keys)
		g_ptr_array_free(n->keys, TRUE);
	g_free(n);
}

/* Parser ------------------------------------------------------------------ */

struct parser {
	const char *s, *end;
	const char *start;
	char *error;       /* the first fault, with its offset */
	int depth;
};

static void fail(struct parser *ps, const char *what)
{
	if (!ps->error)
		ps->error = g_strdup_printf("byte %td: %s", ps->s - ps->start, what);
}

static void skip_ws(struct parser *ps)
{
	while (ps->s < ps->end && (*ps->s == ' ' || *ps->s == '\t' || *ps->s == '\n' || *ps->s == '\r'))
		ps->s++;
}

static bool literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(ps->end - ps->s) < n || memcmp(ps->s, word, n) != 0)
		return false;
	ps->s += n;
	return true;
}

static int hex4(const char *p)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		int d = g_ascii_xdigit_value(p[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* A \uXXXX escape (and its low surrogate) at ps->s, after the backslash-u. */
static bool unicode_escape(struct parser *ps, GString *out)
{
	if (ps->end - ps->s < 4 || hex4(ps->s) < 0) {
		fail(ps, "bad \\u escape");
		return false;
	}
	gunichar c = (gunichar)hex4(ps->s);
	ps->s += 4;
	if (c >= 0xdc00 && c <= 0xdfff) {
		fail(ps, "a low surrogate without a high one");
		return false;
	}
	if (c >= 0xd800 && c <= 0xdbff) {
		if (ps->end - ps->s < 6 || ps->s[0] != '\\' || ps->s[1] != 'u' || hex4(ps->s + 2) < 0xdc00 ||
		    hex4(ps->s + 2) > 0xdfff) {
			fail(ps, "a high surrogate without a low one");
			return false;
		}
		c = 0x10000 + ((c - 0xd800) << 10) + ((gunichar)hex4(ps->s + 2) - 0xdc00);
		ps->s += 6;
	}
	g_string_append_unichar(out, c);
	return true;
}

static char *parse_string(struct parser *ps)
{
	ps->s++; /* the opening quote */
	GString *out = g_string_new(NULL);
	while (ps->s < ps->end && *ps->s != '"') {
		unsigned char c = (unsigned char)*ps->s;
		if (c < 0x20) {
			fail(ps, "a control character in a string");
			break;
		}
		if (c >= 0x80) {
			const char *next;
			if (!g_utf8_validate(ps->s, MIN(ps->end - ps->s, 4), &next) && next == ps->s) {
				fail(ps, "a string that is not UTF-8");
				break;
			}
			const char *after = g_utf8_next_char(ps->s);
			g_string_append_len(out, ps->s, after - ps->s);
			ps->s = after;
			continue;
		}
		ps->s++;
		if (c != '\\') {
			g_string_append_c(out, (char)c);
			continue;
		}
		if (ps->s >= ps->end) {
			fail(ps, "a string cut short");
			break;
		}
		char e = *ps->s++;
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			static const char decoded[] = "\"\\/\b\f\n\r\t";
			g_string_append_c(out, decoded[simple - "\"\\/bfnrt"]);
		} else if (e != 'u' || !unicode_escape(ps, out)) {
			fail(ps, "a bad escape in a string");
			break;
		}
	}
	if (!ps->error && ps->s >= ps->end)
		fail(ps, "a string that does not end");
	ps->s++;
	if (ps->error) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

/* A number as RFC 8259's grammar writes one: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static char *parse_number(struct parser *ps)
{
	const char *b = ps->s, *p = ps->s;
	if (p < ps->end && *p == '-')
		p++;
	if (p < ps->end && *p == '0')
		p++;
	else if (p < ps->end && *p >= '1' && *p <= '9')
		while (p < ps->end && g_ascii_isdigit(*p))
			p++;
	else
		goto bad;
	if (p < ps->end && *p == '.') {
		if (++p >= ps->end || !g_ascii_isdigit(*p))
			goto bad;
		while (p < ps->end && g_ascii_isdigit(*p))
			p++;
	}
	if (p < ps->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < ps->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= ps->end || !g_ascii_isdigit(*p))
			goto bad;
		while (p < ps->end && g_ascii_isdigit(*p))
			p++;
	}
	ps->s = p;
	return g_strndup(b, (gsize)(p - b));
bad:
	fail(ps, "a bad number");
	return NULL;
}

static struct node *parse_value(struct parser *ps);

/* An array or object at ps->s, ending with CLOSE; keys when OBJECT. */
static struct node *parse_container(struct parser *ps, bool object)
{
	struct node *n = g_new0(struct node, 1);
	n->kind = object ? J_OBJECT : J_ARRAY;
	n->items = g_ptr_array_new_with_free_func(node_free);
	if (object)
		n->keys = g_ptr_array_new_with_free_func(g_free);
	char close = object ? '}' : ']';
	if (++ps->depth > 1000)
		fail(ps, "nested too deep");
	ps->s++;
	skip_ws(ps);
	if (ps->s < ps->end && *ps->s == close) {
		ps->s++;
		ps->depth--;
		return n;
	}
	while (!ps->error) {
		skip_ws(ps);
		if (object) {
			if (ps->s >= ps->end || *ps->s != '"') {
				fail(ps, "a key expected");
				break;
			}
			char *k = parse_string(ps);
			if (!k)
				break;
			g_ptr_array_add(n->keys, k);
			skip_ws(ps);
			if (ps->s >= ps->end || *ps->s != ':') {
				fail(ps, "':' expected");
				break;
			}
			ps->s++;
		}
		struct node *v = parse_value(ps);
		if (!v)
			break;
		g_ptr_array_add(n->items, v);
		skip_ws(ps);
		if (ps->s < ps->end && *ps->s == ',') {
			ps->s++;
			continue;
		}
		if (ps->s < ps->end && *ps->s == close) {
			ps->s++;
			break;
		}
		fail(ps, object ? "',' or '}' expected" : "',' or ']' expected");
	}
	ps->depth--;
	return n;
}

static struct node *parse_value(struct parser *ps)
{
	skip_ws(ps);
	if (ps->s >= ps->end) {
		fail(ps, "a value expected");
		return NULL;
	}
	struct node *n = NULL;
	char c = *ps->s;
	if (c == '{' || c == '[') {
		n = parse_container(ps, c == '{');
	} else if (c == '"') {
		char *s = parse_string(ps);
		if (s) {
			n = g_new0(struct node, 1);
			n->kind = J_STRING;
			n->text = s;
		}
	} else if (c == '-' || g_ascii_isdigit(c)) {
		char *s = parse_number(ps);
		if (s) {
			n = g_new0(struct node, 1);
			n->kind = J_NUMBER;
			n->text = s;
		}
	} else if (literal(ps, "true") || literal(ps, "false")) {
		n = g_new0(struct node, 1);
		n->kind = J_BOOL;
		n->text = g_strdup(c == 't' ? "true" : "false");
	} else if (literal(ps, "null")) {
		n = g_new0(struct node, 1);
		n->kind = J_NULL;
	} else {
		fail(ps, "a value expected");
	}
	return n;
}

/* Parses TEXT as one JSON value; NULL with *ERROR set when it is not. */
static struct node *parse_json(const char *text, gsize len, char **error)
{
	struct parser ps = {text, text + len, text, NULL, 0};
	struct node *n = parse_value(&ps);
	skip_ws(&ps);
	if (!ps.error && ps.s != ps.end)
		fail(&ps, "text after the value");
	if (ps.error) {
		node_free(n);
		*error = ps.error;
		return NULL;
	}
	return n;
}

/* Checker ----------------------------------------------------------------- */

struct checker {
	GHashTable *schemas; /* char *name -> struct node * */
	int faults;
	int quiet;           /* > 0: trying an alternative, faults are not printed */
	const char *file;
};

static void fault(struct checker *ck, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void fault(struct checker *ck, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (ck->faults++ < 20 && !ck->quiet)
		printf("%s: %s: %s\n", ck->file, path, msg);
}

static const char *kind_name(enum kind k)
{
	static const char *const names[] = {"null", "a boolean", "a number", "a string", "an array", "an object"};
	return names[k];
}

static bool check(struct checker *ck, const struct node *v, const struct node *schema, const char *path);

static bool is_integer(const struct node *v)
{
	return v->kind == J_NUMBER && !strpbrk(v->text, ".eE");
}

/* One alternative of a type expression. */
static bool check_word(struct checker *ck, const struct node *v, const char *w, const char *path)
{
	size_t n = strlen(w);
	if (w[0] == '#') {
		const struct node *s = g_hash_table_lookup(ck->schemas, w + 1);
		if (!s) {
			fprintf(stderr, "jsonschema: no schema named '%s'\n", w + 1);
			exit(2);
		}
		/* an alternative that does not fit is no fault yet */
		int before = ck->faults;
		ck->quiet++;
		bool ok = check(ck, v, s, path);
		ck->quiet--;
		ck->faults = before;
		return ok;
	}
	if (w[0] == '\'' && n >= 2 && w[n - 1] == '\'')
		return v->kind == J_STRING && strlen(v->text) == n - 2 && strncmp(v->text, w + 1, n - 2) == 0;
	if (strcmp(w, "any") == 0)
		return true;
	if (strcmp(w, "string") == 0)
		return v->kind == J_STRING;
	if (strcmp(w, "boolean") == 0)
		return v->kind == J_BOOL;
	if (strcmp(w, "null") == 0)
		return v->kind == J_NULL;
	if (strcmp(w, "number") == 0)
		return v->kind == J_NUMBER;
	if (strcmp(w, "integer") == 0)
		return is_integer(v);
	if (strcmp(w, "count") == 0)
		return is_integer(v) && v->text[0] != '-';
	if (strcmp(w, "seconds") == 0) {
		const char *dot = v->kind == J_NUMBER ? strchr(v->text, '.') : NULL;
		return dot && strlen(dot + 1) == 9 && !strpbrk(v->text, "eE");
	}
	fprintf(stderr, "jsonschema: unknown kind '%s' in a schema\n", w);
	exit(2);
}

static bool check_words(struct checker *ck, const struct node *v, const char *expr, const char *path)
{
	g_auto(GStrv) words = g_strsplit(expr, "|", -1);
	for (int i = 0; words[i]; i++)
		if (check_word(ck, v, words[i], path))
			return true;
	/* a single reference says what is wrong inside it */
	if (!strchr(expr, '|') && expr[0] == '#')
		return check(ck, v, g_hash_table_lookup(ck->schemas, expr + 1), path);
	fault(ck, path, "%s where %s was expected", kind_name(v->kind), expr);
	return false;
}

static const struct node *member_schema(const struct node *schema, const char *key, bool *found_optional)
{
	for (guint i = 0; i < schema->keys->len; i++) {
		const char *k = schema->keys->pdata[i];
		size_t n = strlen(k);
		if (strcmp(k, key) == 0) {
			*found_optional = false;
			return schema->items->pdata[i];
		}
		if (n > 1 && k[n - 1] == '?' && strlen(key) == n - 1 && strncmp(k, key, n - 1) == 0) {
			*found_optional = true;
			return schema->items->pdata[i];
		}
	}
	return NULL;
}

static bool has_key(const struct node *v, const char *key)
{
	for (guint i = 0; i < v->keys->len; i++)
		if (strcmp(v->keys->pdata[i], key) == 0)
			return true;
	return false;
}

static bool check_object(struct checker *ck, const struct node *v, const struct node *schema, const char *path)
{
	bool ok = true;
	bool opt;
	if (schema->keys->len && strcmp(schema->keys->pdata[0], "version") == 0 &&
	    (v->keys->len == 0 || strcmp(v->keys->pdata[0], "version") != 0)) {
		fault(ck, path, "\"version\" is not the first key");
		ok = false;
	}
	const struct node *rest = member_schema(schema, "*", &opt);
	for (guint i = 0; i < v->keys->len; i++) {
		const char *k = v->keys->pdata[i];
		const struct node *s = member_schema(schema, k, &opt);
		g_autofree char *sub = g_strdup_printf("%s.%s", path, k);
		if (!s && !rest) {
			fault(ck, path, "key \"%s\" is not in the schema", k);
			ok = false;
			continue;
		}
		ok = check(ck, v->items->pdata[i], s ? s : rest, sub) && ok;
	}
	for (guint i = 0; i < schema->keys->len; i++) {
		const char *k = schema->keys->pdata[i];
		size_t n = strlen(k);
		if (strcmp(k, "*") == 0 || (n > 1 && k[n - 1] == '?'))
			continue;
		if (!has_key(v, k)) {
			fault(ck, path, "key \"%s\" is missing", k);
			ok = false;
		}
	}
	return ok;
}

static bool check(struct checker *ck, const struct node *v, const struct node *schema, const char *path)
{
	switch (schema->kind) {
	case J_STRING:
		return check_words(ck, v, schema->text, path);
	case J_NUMBER:
		if (v->kind == J_NUMBER && strcmp(v->text, schema->text) == 0)
			return true;
		fault(ck, path, "%s where %s was expected", v->kind == J_NUMBER ? v->text : kind_name(v->kind),
		      schema->text);
		return false;
	case J_ARRAY: {
		if (v->kind != J_ARRAY) {
			fault(ck, path, "%s where an array was expected", kind_name(v->kind));
			return false;
		}
		bool ok = true;
		for (guint i = 0; i < v->items->len; i++) {
			g_autofree char *sub = g_strdup_printf("%s[%u]", path, i);
			ok = check(ck, v->items->pdata[i], schema->items->pdata[0], sub) && ok;
		}
		return ok;
	}
	case J_OBJECT:
		if (v->kind != J_OBJECT) {
			fault(ck, path, "%s where an object was expected", kind_name(v->kind));
			return false;
		}
		return check_object(ck, v, schema, path);
	default:
		fprintf(stderr, "jsonschema: a schema may not be %s\n", kind_name(schema->kind));
		exit(2);
	}
}

/* The "```json schema=NAME" blocks of DOC into SCHEMAS. */
static bool load_schemas(const char *doc, GHashTable *schemas)
{
	g_autofree char *text = NULL;
	g_autoptr(GError) err = NULL;
	if (!g_file_get_contents(doc, &text, NULL, &err)) {
		fprintf(stderr, "jsonschema: %s\n", err->message);
		return false;
	}
	const char *p = text, *open = "```json schema=";
	while ((p = strstr(p, open))) {
		p += strlen(open);
		const char *eol = strchr(p, '\n');
		const char *end = eol ? strstr(eol, "\n```") : NULL;
		if (!end) {
			fprintf(stderr, "jsonschema: %s: a schema block that does not end\n", doc);
			return false;
		}
		g_autofree char *name = g_strstrip(g_strndup(p, (gsize)(eol - p)));
		char *error = NULL;
		struct node *s = parse_json(eol, (gsize)(end - eol), &error);
		if (!s) {
			fprintf(stderr, "jsonschema: %s: schema '%s': %s\n", doc, name, error);
			g_free(error);
			return false;
		}
		if (g_hash_table_contains(schemas, name)) {
			fprintf(stderr, "jsonschema: %s: two schemas named '%s'\n", doc, name);
			node_free(s);
			return false;
		}
		g_hash_table_insert(schemas, g_steal_pointer(&name), s);
		p = end;
	}
	return true;
}

static char *read_input(const char *file, gsize *len)
{
	if (file) {
		char *text = NULL;
		g_autoptr(GError) err = NULL;
		if (!g_file_get_contents(file, &text, len, &err))
			fprintf(stderr, "jsonschema: %s\n", err->message);
		return text;
	}
	GString *s = g_string_new(NULL);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
		g_string_append_len(s, buf, (gssize)n);
	*len = s->len;
	return g_string_free(s, FALSE);
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: jsonschema DOC NAME [FILE]\n");
		return 2;
	}
	g_autoptr(GHashTable) schemas = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, node_free);
	if (!load_schemas(argv[1], schemas))
		return 2;
	const struct node *schema = g_hash_table_lookup(schemas, argv[2]);
	if (!schema) {
		fprintf(stderr, "jsonschema: %s has no schema named '%s'\n", argv[1], argv[2]);
		return 2;
	}
	gsize len = 0;
	g_autofree char *text = read_input(argc == 4 ? argv[3] : NULL, &len);
	if (!text)
		return 2;
	struct checker ck = {schemas, 0, 0, argc == 4 ? argv[3] : "(standard input)"};
	char *error = NULL;
	struct node *v = parse_json(text, len, &error);
	if (!v) {
		printf("%s: not JSON: %s\n", ck.file, error);
		g_free(error);
		return 1;
	}
	check(&ck, v, schema, "$");
	node_free(v);
	if (ck.faults > 20)
		printf("%s: ... %d faults in all\n", ck.file, ck.faults);
	return ck.faults ? 1 : 0;
}
