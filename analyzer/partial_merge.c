/* partial_merge.c — `analyze merge`: reads partial results (files, or a
 * stream of them on standard input), refuses two of the same input, and
 * prints the report as if one run had read every input, in the order of
 * their names. */
#include <string.h>

#include "analyzer/partial.h"
#include "analyzer/partial_private.h"

static const struct partial_ops *const all_ops[] = {&partial_hierarchy_ops, &partial_dests_ops,
						     &partial_expert_ops, &partial_rtt_ops,
						     &partial_conv_ops, &partial_endpoints_ops, &partial_info_ops,
						     &partial_findings_ops, &partial_review_ops};

static const struct partial_ops *ops_named(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(all_ops); i++)
		if (strcmp(all_ops[i]->report, name) == 0)
			return all_ops[i];
	return NULL;
}

/* Everything read so far. */
struct merge {
	const struct partial_ops *ops;
	char *filter;              /* the filter of the first partial (NULL: none) */
	struct partial_view view;  /* its type (conv, endpoints), the shape of the report */
	char *type;                /* VIEW.type, owned */
	char *first_from;          /* the partial that set OPS and FILTER */
	GArray *inputs;            /* struct partial_input */
	GHashTable *seen;          /* source -> the partial that named it (char *, owned) */
};


static char *get_string_or_null(const struct jv *o, const char *key, bool *ok)
{
	const struct jv *v = jv_get(o, key);
	if (v && v->type == JV_STRING)
		return g_strdup(v->string);
	if (!v || v->type != JV_NULL)
		*ok = false;
	return NULL;
}


/* One input object of a partial into IN; false with ERROR. */
static bool read_input(const struct partial_ops *ops, const struct partial_view *view, const struct jv *o,
		       struct partial_input *in, GError **error)
{
	const struct jv *src = jv_get(o, "source");
	bool ok = src && src->type == JV_STRING && o->type == JV_OBJECT;
	in->ops = ops;
	if (ok) {
		in->res.path = g_strdup(src->string);
		in->mtime = get_string_or_null(o, "mtime", &ok);
		in->etag = get_string_or_null(o, "etag", &ok);
		in->res.error = get_string_or_null(o, "error", &ok);
	}
	ok = ok && jv_get_u64(o, "size", &in->size) && jv_get_bool(o, "opened", &in->res.opened) &&
	     jv_get_bool(o, "complete", &in->res.complete) && jv_get_u64(o, "frames", &in->res.counts.frames) &&
	     jv_get_u64(o, "bytes", &in->res.counts.bytes) && jv_get_u64(o, "truncated_frames", &in->res.counts.truncated) &&
	     jv_get_u64(o, "malformed_frames", &in->res.counts.malformed);
	const struct jv *state = ok ? jv_get(o, "state") : NULL;
	if (!ok || !state) {
		g_set_error(error, JV_ERROR, 0, "an input lacks one of source, size, mtime, etag, opened, complete, "
			    "error, frames, bytes, truncated_frames, malformed_frames, state");
		return false;
	}
	if (state->type == JV_NULL)
		return true;
	in->state = ops->state_new(view);
	if (!ops->state_load(in->state, state, error)) {
		g_prefix_error(error, "input '%s': ", in->res.path);
		return false;
	}
	return true;
}

/* Adds partial DOC (from WHERE) to M; false after printing what is wrong. */
static bool add_partial(struct merge *m, const struct jv *doc, const char *where)
{
	uint64_t version;
	const struct jv *report = jv_get(doc, "report"), *filter = jv_get(doc, "filter"), *inputs = jv_get(doc, "inputs");
	const struct jv *type = jv_get(doc, "type");
	if (doc->type != JV_OBJECT || !jv_get_u64(doc, "partial", &version) || !report || report->type != JV_STRING ||
	    !filter || (filter->type != JV_STRING && filter->type != JV_NULL) || !inputs || inputs->type != JV_ARRAY ||
	    !type || (type->type != JV_STRING && type->type != JV_NULL)) {
		cli_error("'%s' is not a partial result (one written by a report's --partial)", where);
		return false;
	}
	if (version != PARTIAL_VERSION) {
		cli_error("'%s' is a partial of version %" G_GUINT64_FORMAT "; this analyze reads version %d", where,
			  version, PARTIAL_VERSION);
		return false;
	}
	const struct partial_ops *ops = ops_named(report->string);
	if (!ops) {
		cli_error("'%s' is a partial of report '%s', which merge does not know", where, report->string);
		return false;
	}
	const char *ftext = filter->type == JV_STRING ? filter->string : NULL;
	const char *ttext = type->type == JV_STRING ? type->string : NULL;
	if (ops->type_ok ? !ops->type_ok(ttext) : ttext != NULL) {
		cli_error("'%s' is a partial of '%s' with type '%s', which merge does not know", where, ops->report,
			  ttext ? ttext : "(none)");
		return false;
	}
	if (!m->ops) {
		m->ops = ops;
		m->filter = g_strdup(ftext);
		m->type = g_strdup(ttext);
		m->view.type = m->type;
		m->first_from = g_strdup(where);
	} else if (m->ops != ops) {
		cli_error("'%s' is a partial of '%s', '%s' of '%s': merge partials of one report", where, ops->report,
			  m->first_from, m->ops->report);
		return false;
	} else if (g_strcmp0(m->type, ttext) != 0) {
		cli_error("'%s' is of type '%s', '%s' of '%s': merge partials of one type", where, ttext, m->first_from,
			  m->type);
		return false;
	} else if (g_strcmp0(m->filter, ftext) != 0) {
		cli_error("'%s' was made with filter '%s', '%s' with '%s': merge partials of one filter", where,
			  ftext ? ftext : "(none)", m->first_from, m->filter ? m->filter : "(none)");
		return false;
	}
	for (guint i = 0; i < inputs->items->len; i++) {
		struct partial_input in = {0};
		g_autoptr(GError) err = NULL;
		if (!read_input(ops, &m->view, inputs->items->pdata[i], &in, &err)) {
			cli_error("'%s': %s", where, err->message);
			partial_input_clear(&in);
			return false;
		}
		const char *other = g_hash_table_lookup(m->seen, in.res.path);
		if (other) {
			cli_error("'%s' and '%s' both cover '%s': merge each input once", other, where, in.res.path);
			partial_input_clear(&in);
			return false;
		}
		g_hash_table_insert(m->seen, g_strdup(in.res.path), g_strdup(where));
		g_array_append_val(m->inputs, in);
	}
	return true;
}

/* The end of the JSON value that starts at TEXT[AT] (an object or array),
 * strings skipped; LEN when it never ends. */
static size_t value_end(const char *text, size_t len, size_t at)
{
	int depth = 0;
	bool str = false;
	for (size_t i = at; i < len; i++) {
		char c = text[i];
		if (str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				str = false;
		} else if (c == '"') {
			str = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if ((c == '}' || c == ']') && --depth == 0) {
			return i + 1;
		}
	}
	return len;
}

/* Reads NAME ("-": standard input, any number of partials one after the
 * other) into M; false after printing what is wrong. */
static bool read_source(struct merge *m, const char *name)
{
	g_autofree char *text = NULL;
	gsize len = 0;
	g_autoptr(GError) err = NULL;
	bool in = strcmp(name, "-") == 0;
	if (in) {
		g_autoptr(GIOChannel) ch = g_io_channel_unix_new(0);
		g_io_channel_set_encoding(ch, NULL, NULL);
		if (g_io_channel_read_to_end(ch, &text, &len, &err) != G_IO_STATUS_NORMAL) {
			cli_error("cannot read standard input: %s", err ? err->message : "read error");
			return false;
		}
	} else if (!g_file_get_contents(name, &text, &len, &err)) {
		cli_error("cannot read '%s': %s", name, err->message);
		return false;
	}
	size_t at = 0;
	guint count = 0;
	for (;;) {
		while (at < len && g_ascii_isspace(text[at]))
			at++;
		if (at >= len)
			break;
		count++;
		g_autofree char *where = in ? g_strdup_printf("standard input, partial %u", count) : g_strdup(name);
		size_t end = value_end(text, len, at);
		g_autoptr(jv) doc = jv_parse(text + at, end - at, &err);
		if (!doc) {
			cli_error("'%s' is not a partial result: %s", where, err->message);
			return false;
		}
		if (!add_partial(m, doc, where))
			return false;
		at = end;
	}
	if (!count) {
		cli_error("'%s' holds no partial result", in ? "standard input" : name);
		return false;
	}
	return true;
}

static gint by_source(gconstpointer a, gconstpointer b)
{
	const struct partial_input *x = a, *y = b;
	return strcmp(x->res.path, y->res.path);
}

int cmd_merge(int argc, char **argv)
{
	g_autofree char *format = NULL, *output = NULL;
	int top = 0;
	GOptionEntry entries[] = {
		{"format", 'T', 0, G_OPTION_ARG_STRING, &format, "text (default), json, csv, jsonl (findings, review) "
		 "or partial", "FORMAT"},
		{"top", 0, 0, G_OPTION_ARG_INT, &top, "only the N first rows of each list (dests)", "N"},
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write the report to FILE", "FILE"},
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse("merge", "PARTIAL...", "Merge partial results (a report's --partial, one per machine or "
		       "share) into the report one run over all their inputs prints; '-' reads partials from "
		       "standard input.", entries, &argc, &argv, &code))
		return code;
	struct partial_view view = {FORMAT_TEXT, top, NULL, NULL};
	bool partial = format && strcmp(format, "partial") == 0;
	bool jsonl = format && strcmp(format, "jsonl") == 0;
	if (jsonl)
		view.fmt = FORMAT_JSONL;
	else if (format && !partial && !out_format_parse(format, &view.fmt))
		return cli_usage_error("merge", "unknown format '%s' (text, json, csv, jsonl or partial)", format);
	if (top < 0)
		return cli_usage_error("merge", "--top needs a positive number, not %d", top);
	if (argc < 2)
		return cli_usage_error("merge", "no partial result given");
	struct merge m = {NULL, NULL, {FORMAT_TEXT, 0, NULL, NULL}, NULL, NULL,
			  g_array_new(FALSE, TRUE, sizeof(struct partial_input)),
			  g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free)};
	bool ok = true;
	for (int i = 1; ok && i < argc; i++)
		ok = read_source(&m, argv[i]);
	if (ok && jsonl && !m.ops->jsonl) {
		code = cli_usage_error("merge", "jsonl is a format of findings and review, not of %s", m.ops->report);
	} else if (ok) {
		g_array_sort(m.inputs, by_source);
		view.type = m.type;
		bool failed = false;
		for (guint i = 0; i < m.inputs->len; i++)
			failed = failed || !g_array_index(m.inputs, struct partial_input, i).res.complete;
		code = partial_finish(m.ops, m.filter, (struct partial_input *)(void *)m.inputs->data, m.inputs->len,
				      partial, &view, output, failed);
	}
	for (guint i = 0; i < m.inputs->len; i++)
		partial_input_clear(&g_array_index(m.inputs, struct partial_input, i));
	g_array_free(m.inputs, TRUE);
	g_hash_table_destroy(m.seen);
	g_free(m.filter);
	g_free(m.type);
	g_free(m.first_from);
	return ok ? code : EXIT_FAILED;
}
