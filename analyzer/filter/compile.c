/* compile.c — the public face of the display filter: compile (lex, parse,
 * check), free, match, and the pieces of an error message. */
#include <string.h>

#include "analyzer/filter/filter_private.h"
#include "dissect/dissect.h"

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
		if (f->root && df_check(f->root, error))
			return f;
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

bool dfilter_match(const dfilter *f, const struct packet *p)
{
	return !f->root || df_eval(f->root, p);
}

static int vnode_depth(const struct vnode *v)
{
	if (!v)
		return 0;
	int d = 0;
	if (v->kind == V_FIELD)
		d = v->is_frame ? 0 : field_depth(v->proto, v->field);
	int a = vnode_depth(v->arg), m = vnode_depth(v->mask);
	return MAX(d, MAX(a, m));
}

static int node_depth(const struct node *n)
{
	if (!n)
		return 0;
	int d = MAX(node_depth(n->l), node_depth(n->r));
	d = MAX(d, MAX(vnode_depth(n->a), vnode_depth(n->b)));
	for (guint i = 0; n->set_lo && i < n->set_lo->len; i++)
		d = MAX(d, vnode_depth(n->set_lo->pdata[i]));
	for (guint i = 0; n->set_hi && i < n->set_hi->len; i++)
		d = MAX(d, vnode_depth(n->set_hi->pdata[i]));
	return d;
}

int dfilter_depth(const dfilter *f)
{
	return node_depth(f->root);
}
