/* cmd_list.c — `analyze list`: one line per frame as a packet list shows it
 * (number, time, source, destination, protocol, length, info), or the
 * values of chosen fields (-T fields -e FIELD ...), tab-separated with the
 * occurrences of a field joined by commas, as tshark prints them. */
#include <string.h>
#include <unistd.h>

#include "analyzer/cli.h"
#include "analyzer/filter/filter.h"
#include "analyzer/commands.h"
#include "analyzer/list_detail.h"
#include "analyzer/list_info.h"
#include "dissect/fieldval.h"

struct field_ref {
	const struct proto_def *proto;
	const struct field_def *field;  /* NULL: the protocol itself */
};

struct list_run {
	FILE *fp;
	bool fields;                    /* -T fields */
	bool json;                      /* -T json */
	bool detail;                    /* -V */
	bool quiet;                     /* -q: no frame lines (text) */
	struct json j;
	GArray *refs;                   /* struct field_ref, for -T fields */
	char time_format;               /* r a d e */
	uint64_t limit, shown;          /* -c: 0 = all */
	struct list_line line;
	GString *buf;
};

struct value_ctx {
	GString *s;
	const struct field_def *f;
	unsigned n;
};

static bool append_value(const struct fvalue *v, void *data)
{
	struct value_ctx *c = data;
	if (c->n++)
		g_string_append_c(c->s, ',');
	if (v->kind == FV_NONE) {
		g_string_append_c(c->s, '1'); /* a field that is only there, as tshark shows it */
		return true;
	}
	gsize from = c->s->len;
	list_value_text(c->s, c->f, v);
	if (v->kind != FV_STRING)
		return true;
	/* a tab, CR or LF inside a string would break the line or the
	 * columns: written as \t, \r, \n, and backspace and form feed as
	 * \b, \f, as tshark does (other bytes as they are) */
	for (gsize i = from; i < c->s->len; i++) {
		char ch = c->s->str[i];
		char e = ch == '\t' ? 't' : ch == '\r' ? 'r' : ch == '\n' ? 'n' : ch == '\b' ? 'b' : ch == '\f' ? 'f' : 0;
		if (e) {
			c->s->str[i] = '\\';
			g_string_insert_c(c->s, (gssize)++i, e);
		}
	}
	return true;
}

static void time_text(GString *s, const struct packet *p, char format)
{
	char buf[64];
	switch (format) {
	case 'a':
		g_string_append(s, utc_str(buf, p->frame->ts_ns));
		break;
	case 'd':
		g_string_append(s, seconds_str(buf, ts_diff(p->frame->ts_ns, p->prev_ns)));
		break;
	case 'e':
		g_string_append_printf(s, "%" G_GINT64_FORMAT ".%09u", p->frame->ts_sec, p->frame->ts_nsec);
		break;
	default:
		g_string_append(s, seconds_str(buf, ts_diff(p->frame->ts_ns, p->first_ns)));
	}
}

static void on_frame(const struct packet *p, void *data)
{
	struct list_run *r = data;
	if (r->limit && r->shown >= r->limit)
		return;
	r->shown++;
	GString *s = r->buf;
	g_string_truncate(s, 0);
	if (r->json) {
		list_detail_json(&r->j, p);
		return;
	}
	if (r->detail && !r->fields) {
		list_detail_text(r->fp, p);
		return;
	}
	if (r->quiet && !r->fields)
		return;
	if (r->fields) {
		for (guint i = 0; i < r->refs->len; i++) {
			const struct field_ref *fr = &g_array_index(r->refs, struct field_ref, i);
			if (i)
				g_string_append_c(s, '\t');
			if (!fr->field) {
				unsigned n = proto_count(p, fr->proto->id);
				if (n)
					g_string_append(s, fr->proto->abbrev);
				continue;
			}
			struct value_ctx c = {s, fr->field, 0};
			field_values(p, fr->proto, fr->field, append_value, &c);
		}
	} else {
		list_line_fill(&r->line, p);
		g_string_append_printf(s, "%6" G_GUINT64_FORMAT " ", p->frame->number);
		GString *t = g_string_new(NULL);
		time_text(t, p, r->time_format);
		g_string_append_printf(s, "%12s %15s → %-15s %-8s %5u %s", t->str, r->line.src, r->line.dst,
				       r->line.proto, p->frame->len, r->line.info->str);
		g_string_free(t, TRUE);
	}
	g_string_append_c(s, '\n');
	fputs(s->str, r->fp);
}

int cmd_list(int argc, char **argv)
{
	g_autofree char *type = NULL, *output = NULL, *tformat = NULL;
	g_auto(GStrv) fields = NULL;
	int count = 0;
	gboolean detail = FALSE;
	g_autofree char *filter_text = NULL;
	g_autoptr(dfilter) filter = NULL;
	gboolean quiet = FALSE;
	GOptionEntry entries[] = {
		{"filter", 'Y', 0, G_OPTION_ARG_STRING, &filter_text, "only the frames this display filter keeps", "FILTER"},
		{"verbose", 'V', 0, G_OPTION_ARG_NONE, &detail, "every field of each frame, as a tree", NULL},
		{"count", 'c', 0, G_OPTION_ARG_INT, &count, "list only the first N frames", "N"},
		{"type", 'T', 0, G_OPTION_ARG_STRING, &type, "text (default), fields or json", "TYPE"},
		{"field", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &fields, "a field to print with -T fields (repeatable)", "FIELD"},
		{"time", 't', 0, G_OPTION_ARG_STRING, &tformat, "time column: r relative (default), a absolute, d delta, e epoch", "FORMAT"},
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write the list to FILE", "FILE"},
		{"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
		 "no progress line; with the default text, no frame lines either (as tshark -q)", NULL},
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse("list", "FILE...", "The frames of a capture, one line each, or the values of chosen fields.",
		       entries, &argc, &argv, &code))
		return code;
	struct list_run r = {.time_format = 'r'};
	if (type && strcmp(type, "fields") == 0)
		r.fields = true;
	else if (type && strcmp(type, "json") == 0)
		r.json = true;
	else if (type && strcmp(type, "text") != 0)
		return cli_usage_error("list", "unknown output type '%s' (text, fields or json)", type);
	r.detail = detail;
	if (tformat && (strlen(tformat) != 1 || !strchr("rade", tformat[0])))
		return cli_usage_error("list", "unknown time format '%s' (r, a, d or e)", tformat);
	if (tformat)
		r.time_format = tformat[0];
	if (count < 0)
		return cli_usage_error("list", "--count needs a positive number, not %d", count);
	r.limit = (uint64_t)count;
	if (r.fields && (!fields || !fields[0]))
		return cli_usage_error("list", "-T fields needs at least one -e FIELD");
	if (!r.fields && fields && fields[0])
		return cli_usage_error("list", "-e FIELD goes with -T fields");
	r.refs = g_array_new(FALSE, TRUE, sizeof(struct field_ref));
	for (int i = 0; fields && fields[i]; i++) {
		struct field_ref fr = {0};
		fr.field = field_lookup(fields[i], &fr.proto);
		if (!fr.field) {
			fr.proto = proto_lookup(fields[i]);
			if (!fr.proto) {
				g_array_free(r.refs, TRUE);
				const char *why = field_not_extracted(fields[i]);
				if (why)
					return cli_usage_error("list", "'%s' is a Wireshark field that analyze does not extract (%s)",
							       fields[i], why);
				return cli_usage_error("list", "'%s' is not a field or protocol", fields[i]);
			}
		}
		g_array_append_val(r.refs, fr);
	}
	if (argc < 2) {
		g_array_free(r.refs, TRUE);
		return cli_usage_error("list", "no capture file given");
	}
	if (!cli_filter("list", filter_text, &filter, &code)) {
		g_array_free(r.refs, TRUE);
		return code;
	}
	struct out out;
	g_autoptr(GError) err = NULL;
	if (!out_open(&out, output, &err)) {
		cli_error("%s", err->message);
		g_array_free(r.refs, TRUE);
		return EXIT_FAILED;
	}
	r.fp = out.fp;
	if (r.json) {
		json_init(&r.j, r.fp);
		json_begin_array(&r.j);
	}
	r.buf = g_string_new(NULL);
	r.line.info = g_string_new(NULL);
	r.quiet = quiet;
	/* frames listed on the terminal and a progress line would mix */
	bool on_terminal = (!output || strcmp(output, "-") == 0) && isatty(STDOUT_FILENO) &&
			   (r.fields || r.json || r.detail || !r.quiet);
	struct run_hooks hooks = {NULL, on_frame, NULL, LOOP_APPLICATION, NULL, quiet || on_terminal};
	hooks.filter = filter;
	if (r.fields) {
		/* only as deep as the fields need (the filter's needs are added) */
		int depth = LOOP_TRANSPORT;
		for (guint i = 0; i < r.refs->len; i++) {
			const struct field_ref *fr = &g_array_index(r.refs, struct field_ref, i);
			depth = MAX(depth, field_depth(fr->proto, fr->field));
		}
		hooks.depth = (enum loop_depth)depth;
	} else {
		hooks.depth = LOOP_TRACKED; /* every field, relative sequence numbers */
	}
	bool failed;
	GArray *results = cli_run_files(argv + 1, argc - 1, &hooks, &r, &failed);
	if (r.json)
		json_end_array(&r.j);
	if (!out_close(&out, &err)) {
		cli_error("%s", err->message);
		failed = true;
	}
	cli_results_free(results);
	g_string_free(r.buf, TRUE);
	g_string_free(r.line.info, TRUE);
	g_array_free(r.refs, TRUE);
	return failed ? EXIT_FAILED : EXIT_OK;
}
