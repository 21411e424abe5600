/* compile.c — the public face of the display filter: compile (lex, parse,
 * check), free, match, and the pieces of an error message. */
#include <string.h>

#include "analyzer/filter/filter_private.h"
#include "dissect/dissect.h"

static int node_depth(const struct node *n);

dfilter *dfilter_compile(const char *text, GError **error)
{
	g_return_val_if_fail(text != NULL, NULL);
	dfilter *f = g_new0(dfilter, 1);
	const char *s = text;
	while (g_ascii_isspace(*s))
		s++;
	if (!*s)
		return f; /* an empty filter keeps everything */
	GArray *toks = df_lex(text, error);
	if (toks) {
		f->root = df_parse(toks, error);
		df_tokens_free(toks);
		if (f->root && df_check(f->root, error)) {
			f->depth = node_depth(f->root);
			return f;
		}
	}
	dfilter_free(f);
	return NULL;
}

int dfilter_error_column(const GError *error)
{
	return error && error->domain == DF_ERROR ? error->code : 0;
}

char *dfilter_error_caret(const char *text, int column)
{
	GString *out = g_string_new(text);
	g_string_append_c(out, '\n');
	size_t n = strlen(text);
	if (column < 1)
		column = 1;
	if ((size_t)column > n + 1)
		column = (int)n + 1;
	/* Keep tabs so the caret lines up; a multi-byte character takes one column. */
	for (int i = 0; i < column - 1; i++) {
		unsigned char c = (unsigned char)text[i];
		if ((c & 0xc0) == 0x80)
			continue;
		g_string_append_c(out, c == '\t' ? '\t' : ' ');
	}
	g_string_append_c(out, '^');
	int len = df_token_length(text, column);
	for (int i = 1; i < len; i++)
		g_string_append_c(out, '~');
	return g_string_free(out, FALSE);
}

void dfilter_free(dfilter *f)
{
	if (!f)
		return;
	df_node_free(f->root);
	g_free(f);
}

bool dfilter_match(dfilter *f, const struct packet *p)
{
	if (!f->root)
		return true;
	bool gave_up = false;
	bool keep = df_eval(f->root, p, &gave_up);
	if (gave_up)
		f->gave_up++;
	return keep;
}

uint64_t dfilter_gave_up(const dfilter *f)
{
	return f->gave_up;
}

/* The deepest dissection a value of V needs.  (GLib's MAX evaluates the
 * larger argument twice: never hand it a recursive call.) */
static int vnode_depth(const struct vnode *v)
{
	if (!v)
		return 0;
	int d = 0;
	if (v->kind == V_FIELD)
		d = v->is_frame ? 0 : field_depth(v->proto, v->field);
	int a = vnode_depth(v->arg), m = vnode_depth(v->mask);
	d = MAX(d, a);
	return MAX(d, m);
}

static int set_depth(const GPtrArray *set)
{
	int d = 0;
	for (guint i = 0; set && i < set->len; i++) {
		int e = vnode_depth(set->pdata[i]);
		d = MAX(d, e);
	}
	return d;
}

/* The deepest dissection a test of N needs; each node is visited once. */
static int node_depth(const struct node *n)
{
	if (!n)
		return 0;
	int d = node_depth(n->l);
	for (guint i = 0; n->kids && i < n->kids->len; i++) {
		int k = node_depth(n->kids->pdata[i]);
		d = MAX(d, k);
	}
	int values[] = {vnode_depth(n->a), vnode_depth(n->b), set_depth(n->set_lo), set_depth(n->set_hi)};
	for (size_t i = 0; i < G_N_ELEMENTS(values); i++)
		d = MAX(d, values[i]);
	return d;
}

int dfilter_depth(const dfilter *f)
{
	return f->depth;
}

bool dfilter_frame_local(const dfilter *f)
{
	return f->depth == DEPTH_TRANSPORT;
}
