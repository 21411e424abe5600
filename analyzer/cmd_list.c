/* cmd_list.c — `analyze list`: one line per frame as a packet list shows it
 * (number, time, source, destination, protocol, length, info), or the
 * values of chosen fields (-T fields -e FIELD ...), tab-separated with the
 * occurrences of a field joined by commas, as tshark prints them. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <time.h>

#include "analyzer/capwrite.h"
#include "analyzer/cli.h"
#include "analyzer/filter/filter.h"
#include "analyzer/commands.h"
#include "analyzer/glossary.h"
#include "analyzer/list_detail.h"
#include "analyzer/list_info.h"
#include "dissect/expert.h"
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
	const char *time_format;        /* -t: r a ad d dd e u ud */
	int64_t prev_shown_ns;          /* for -t dd: the previous frame listed */
	uint64_t limit, shown;          /* -c: 0 = all */
	bool header;                    /* -E header=y */
	char separator;                 /* -E separator: between fields */
	char quote;                     /* -E quote: 0, '"' or '\'' */
	char occurrence;                /* -E occurrence: 'f', 'l' or 'a' */
	char aggregator;                /* -E aggregator: between occurrences */
	capwrite *w;                    /* -w: the frames go to a capture file */
	cap_reader *reader;             /* the file being read, for -w */
	guint file;                     /* its index */
	GError *write_error;            /* -w failed: nothing more is written */
	struct list_line line;
	GString *buf;
};

struct value_ctx {
	GString *s;
	const struct field_def *f;
	unsigned n;
	const struct list_run *r;
	gsize last;                     /* where the last occurrence starts */
};

static bool append_value(const struct fvalue *v, void *data)
{
	struct value_ctx *c = data;
	if (c->n && c->r->occurrence == 'f')
		return false;
	if (c->n && c->r->occurrence == 'l')
		g_string_truncate(c->s, c->last);
	else if (c->n)
		g_string_append_c(c->s, c->r->aggregator);
	c->n++;
	c->last = c->s->len;
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

struct label_ctx {
	struct value_ctx *c;
	GString *t;
};

/* An expert item as `-e _ws.expert` gives it, as one more occurrence. */
static void append_expert(const struct expert_item *it, void *data)
{
	struct label_ctx *l = data;
	g_string_truncate(l->t, 0);
	expert_label(l->t, it);
	struct fvalue v = {.kind = FV_STRING, .ptr = (const uint8_t *)l->t->str, .len = (uint32_t)l->t->len};
	append_value(&v, l->c);
}

/* P's time as tshark's -t FORMAT shows it (nine decimals). */
static void time_text(GString *s, const struct packet *p, const char *format, int64_t prev_shown)
{
	char buf[64];
	const struct frame *f = p->frame;
	unsigned digits = col_time_digits(f);
	if (strcmp(format, "d") == 0 || strcmp(format, "dd") == 0) {
		col_time_text(buf, sizeof buf, ts_diff(f->ts_ns, format[1] ? prev_shown : p->prev_ns), digits);
		g_string_append(s, buf);
	} else if (strcmp(format, "e") == 0) {
		col_time_text(buf, sizeof buf, f->ts_ns, digits);
		g_string_append(s, buf);
	} else if (strcmp(format, "r") == 0) {
		col_time_text(buf, sizeof buf, ts_diff(f->ts_ns, p->first_ns), digits);
		g_string_append(s, buf);
	} else { /* a ad u ud: local or UTC time of day, with the date for *d */
		time_t t = (time_t)f->ts_sec;
		struct tm tm;
		bool ok = format[0] == 'u' ? gmtime_r(&t, &tm) != NULL : localtime_r(&t, &tm) != NULL;
		if (!ok || strftime(buf, sizeof buf, format[1] == 'd' ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm) == 0)
			g_strlcpy(buf, "?", sizeof buf);
		g_string_append(s, buf);
		char frac[16];
		g_snprintf(frac, sizeof frac, "%09u", f->ts_nsec);
		if (digits)
			g_string_append_printf(s, ".%.*s", (int)MIN(digits, 9u), frac);
	}
}

/* tshark's -t formats: what each letter means */
static const char *const time_formats[] = {"r", "a", "ad", "d", "dd", "e", "u", "ud", NULL};

static void on_frame(const struct packet *p, void *data)
{
	struct list_run *r = data;
	if (r->limit && r->shown >= r->limit)
		return;
	r->shown++;
	GString *s = r->buf;
	g_string_truncate(s, 0);
	if (r->w) {
		if (!r->write_error)
			capwrite_frame(r->w, r->file, r->reader, p->frame, &r->write_error);
		return;
	}
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
				g_string_append_c(s, r->separator);
			gsize from = s->len;
			if (!fr->field && fr->proto->id == PROTO_WS_EXPERT) {
				/* tshark gives each item's label, not the name */
				struct value_ctx c = {s, NULL, 0, r, 0};
				struct label_ctx l = {&c, g_string_new(NULL)};
				experts_fill(p, append_expert, &l);
				g_string_free(l.t, TRUE);
			} else if (!fr->field) {
				unsigned n = proto_count(p, fr->proto->id);
				if (n)
					g_string_append(s, fr->proto->abbrev);
			} else {
				struct value_ctx c = {s, fr->field, 0, r, 0};
				field_values(p, fr->proto, fr->field, append_value, &c);
			}
			if (r->quote && s->len > from) {
				g_string_insert_c(s, (gssize)from, r->quote);
				g_string_append_c(s, r->quote);
			}
		}
	} else {
		list_line_fill(&r->line, p);
		g_string_append_printf(s, "%6" G_GUINT64_FORMAT " ", p->frame->number);
		GString *t = g_string_new(NULL);
		time_text(t, p, r->time_format, r->shown == 1 ? p->frame->ts_ns : r->prev_shown_ns);
		r->prev_shown_ns = p->frame->ts_ns;
		g_string_append_printf(s, "%12s %15s → %-15s %-8s %5u %s", t->str, r->line.src, r->line.dst,
				       r->line.proto, p->frame->len, r->line.info->str);
		g_string_free(t, TRUE);
	}
	g_string_append_c(s, '\n');
	fputs(s->str, r->fp);
}

/* -E OPTION=VALUE, as tshark takes them with -T fields.  False with a usage
 * error printed (*CODE set). */
static bool field_option(struct list_run *r, const char *opt, int *code)
{
	const char *eq = strchr(opt, '=');
	g_autofree char *key = eq ? g_strndup(opt, (gsize)(eq - opt)) : g_strdup(opt);
	const char *v = eq ? eq + 1 : "";
	if (strcmp(key, "header") == 0 && (strcmp(v, "y") == 0 || strcmp(v, "n") == 0)) {
		r->header = v[0] == 'y';
	} else if ((strcmp(key, "separator") == 0 || strcmp(key, "aggregator") == 0) &&
		   (strcmp(v, "/t") == 0 || strcmp(v, "/s") == 0 || strlen(v) == 1)) {
		char c = strcmp(v, "/t") == 0 ? '\t' : strcmp(v, "/s") == 0 ? ' ' : v[0];
		*(key[0] == 's' ? &r->separator : &r->aggregator) = c;
	} else if (strcmp(key, "quote") == 0 && strlen(v) == 1 && strchr("dsn", v[0])) {
		r->quote = v[0] == 'd' ? '"' : v[0] == 's' ? '\'' : 0;
	} else if (strcmp(key, "occurrence") == 0 && strlen(v) == 1 && strchr("fla", v[0])) {
		r->occurrence = v[0];
	} else {
		*code = cli_usage_error("list", "-E '%s': not one of header=y|n, separator=/t|/s|C, "
					"aggregator=,|/s|C, quote=d|s|n, occurrence=f|l|a", opt);
		return false;
	}
	return true;
}

/* Checks the options against one another and the fields named; false with
 * a usage error printed (*CODE set). */
static bool list_setup(struct list_run *r, const char *type, const char *tformat, int count, char **fields,
		       char **eopts, const char *wfile, const char *wformat, int *code)
{
	if (type && strcmp(type, "fields") == 0)
		r->fields = true;
	else if (type && strcmp(type, "json") == 0)
		r->json = true;
	else if (type && strcmp(type, "text") != 0)
		return *code = cli_usage_error("list", "unknown output type '%s' (text, fields or json)", type), false;
	if (tformat && !g_strv_contains(time_formats, tformat))
		return *code = cli_usage_error("list", "unknown time format '%s' (r, a, ad, d, dd, e, u or ud)", tformat),
		       false;
	r->time_format = tformat ? tformat : "r";
	if (count < 0)
		return *code = cli_usage_error("list", "--count needs a positive number, not %d", count), false;
	r->limit = (uint64_t)count;
	if (r->fields && (!fields || !fields[0]))
		return *code = cli_usage_error("list", "-T fields needs at least one -e FIELD"), false;
	if (!r->fields && fields && fields[0])
		return *code = cli_usage_error("list", "-e FIELD goes with -T fields"), false;
	for (int i = 0; eopts && eopts[i]; i++)
		if (!field_option(r, eopts[i], code))
			return false;
	if (eopts && eopts[0] && !r->fields)
		return *code = cli_usage_error("list", "-E goes with -T fields"), false;
	CapWriteFormat wf = CAPWRITE_PCAPNG;
	if (wformat && !capwrite_format_parse(wformat, &wf))
		return *code = cli_usage_error("list", "unknown capture file format '%s' (pcapng or pcap)", wformat), false;
	if (wformat && !wfile)
		return *code = cli_usage_error("list", "-F FORMAT goes with -w FILE"), false;
	for (int i = 0; fields && fields[i]; i++) {
		struct field_ref fr = {0};
		fr.field = field_lookup(fields[i], &fr.proto);
		if (!fr.field && !(fr.proto = proto_lookup(fields[i]))) {
			const char *why = field_not_extracted(fields[i]);
			if (why)
				*code = cli_usage_error("list", "'%s' is a Wireshark field that analyze does not extract (%s)",
							fields[i], why);
			else
				*code = cli_usage_error("list", "'%s' is not a field or protocol", fields[i]);
			return false;
		}
		g_array_append_val(r->refs, fr);
	}
	return true;
}

static void on_file_open(guint index, const char *path, cap_reader *rd, void *data)
{
	struct list_run *r = data;
	(void)path;
	r->reader = rd;
	r->file = index;
}

static void list_run_clear(struct list_run *r)
{
	g_clear_pointer(&r->refs, g_array_unref);
	if (r->buf)
		g_string_free(r->buf, TRUE);
	if (r->line.info)
		g_string_free(r->line.info, TRUE);
	g_clear_error(&r->write_error);
	capwrite_abort(g_steal_pointer(&r->w));
}

/* The header line of -T fields -E header=y: the fields' names. */
static void fields_header(struct list_run *r, char **fields)
{
	for (int i = 0; fields[i]; i++)
		fprintf(r->fp, "%s%s", i ? (char[]){r->separator, 0} : "", fields[i]);
	fputc('\n', r->fp);
}

/* Ends the -w file (with what was kept up to any damage of the input);
 * false when it could not be written whole (said). */
static bool write_end(struct list_run *r)
{
	g_autoptr(GError) err = NULL;
	if (r->write_error) {
		cli_error("%s", r->write_error->message);
		capwrite_abort(g_steal_pointer(&r->w));
		return false;
	}
	uint64_t skipped;
	capwrite_frames(r->w, &skipped);
	if (skipped)
		cli_error("%" G_GUINT64_FORMAT " record%s that %s no packet (pcapng custom blocks, Network Monitor events) "
			  "not written", skipped, skipped == 1 ? "" : "s", skipped == 1 ? "is" : "are");
	if (!capwrite_close(g_steal_pointer(&r->w), &err)) {
		cli_error("%s", err->message);
		return false;
	}
	return true;
}

/* `list -G [fields|protocols]`: ARGV's words after the options name the
 * report (fields when none). */
static int list_glossary(int argc, char **argv)
{
	enum glossary_report report = GLOSSARY_FIELDS;
	if (argc > 2)
		return cli_usage_error("list", "-G takes one report name (fields or protocols), not a capture file");
	if (argc == 2 && !glossary_report_parse(argv[1], &report))
		return cli_usage_error("list", "unknown -G report '%s' (fields or protocols)", argv[1]);
	glossary_write(stdout, report);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write the glossary: %s", g_strerror(errno));
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

int cmd_list(int argc, char **argv)
{
	g_autofree char *type = NULL, *output = NULL, *tformat = NULL, *wfile = NULL, *wformat = NULL;
	g_auto(GStrv) fields = NULL;
	g_auto(GStrv) eopts = NULL;
	int count = 0;
	gboolean detail = FALSE, glossary = FALSE;
	g_autofree char *filter_text = NULL;
	g_autoptr(dfilter) filter = NULL;
	gboolean quiet = FALSE;
	GOptionEntry entries[] = {
		{"filter", 'Y', 0, G_OPTION_ARG_STRING, &filter_text, "only the frames this display filter keeps", "FILTER"},
		{"verbose", 'V', 0, G_OPTION_ARG_NONE, &detail, "every field of each frame, as a tree", NULL},
		{"count", 'c', 0, G_OPTION_ARG_INT, &count, "list only the first N frames", "N"},
		{"type", 'T', 0, G_OPTION_ARG_STRING, &type, "text (default), fields or json", "TYPE"},
		{"field", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &fields, "a field to print with -T fields (repeatable)", "FIELD"},
		{"fields-option", 'E', 0, G_OPTION_ARG_STRING_ARRAY, &eopts,
		 "with -T fields: header=y|n, separator=/t|/s|C, aggregator=,|/s|C, quote=d|s|n, occurrence=f|l|a", "OPT=V"},
		{"time", 't', 0, G_OPTION_ARG_STRING, &tformat,
		 "time column as tshark's -t: r relative (default), a/ad local time (with date), u/ud UTC, d/dd delta to the "
		 "previous frame (listed), e epoch", "FORMAT"},
		{"write", 'w', 0, G_OPTION_ARG_FILENAME, &wfile, "write the frames kept to a capture FILE ('-': standard output) "
		 "instead of listing them", "FILE"},
		{"file-format", 'F', 0, G_OPTION_ARG_STRING, &wformat, "the format -w writes: pcapng (default) or pcap", "FORMAT"},
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write the list to FILE", "FILE"},
		{"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
		 "no progress line; with the default text, no frame lines either (as tshark -q)", NULL},
		{"glossary", 'G', 0, G_OPTION_ARG_NONE, &glossary,
		 "print the protocols and fields known, as 'tshark -G': -G [fields|protocols], no FILE", NULL},
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse("list", "FILE...", "The frames of a capture, one line each, or the values of chosen fields.",
		       entries, &argc, &argv, &code))
		return code;
	if (glossary)
		return list_glossary(argc, argv);
	struct list_run r = {.separator = '\t', .occurrence = 'a', .aggregator = ','};
	r.refs = g_array_new(FALSE, TRUE, sizeof(struct field_ref));
	r.detail = detail;
	const char *input;
	if (!list_setup(&r, type, tformat, count, fields, eopts, wfile, wformat, &code) ||
	    (argc < 2 && (code = cli_usage_error("list", "no capture file given"))) ||
	    (wfile && cli_output_is_input(wfile, argv + 1, argc - 1, &input) &&
	     (code = cli_usage_error("list", "-w '%s' is the input '%s': writing it would destroy the capture", wfile,
				     input))) ||
	    !cli_filter("list", filter_text, &filter, &code)) {
		list_run_clear(&r);
		return code;
	}
	CapWriteFormat wf = CAPWRITE_PCAPNG;
	if (wformat)
		capwrite_format_parse(wformat, &wf);
	struct out out = {stdout, NULL, NULL, false};
	g_autoptr(GError) err = NULL;
	if (wfile ? !(r.w = capwrite_open(wfile, wf, &err)) : !out_open(&out, output, &err)) {
		cli_error("%s", err->message);
		list_run_clear(&r);
		return EXIT_FAILED;
	}
	r.fp = out.fp;
	if (r.json) {
		json_init(&r.j, r.fp);
		json_begin_array(&r.j);
	}
	if (r.fields && r.header)
		fields_header(&r, fields);
	r.buf = g_string_new(NULL);
	r.line.info = g_string_new(NULL);
	r.quiet = quiet;
	/* frames listed on the terminal and a progress line would mix */
	bool on_terminal = !r.w && (!output || strcmp(output, "-") == 0) && isatty(STDOUT_FILENO) &&
			   (r.fields || r.json || r.detail || !r.quiet);
	struct run_hooks hooks = {on_file_open, on_frame, NULL, LOOP_APPLICATION, NULL, quiet || on_terminal, NULL};
	hooks.filter = filter;
	if (r.fields) {
		/* only as deep as the fields need (the filter's needs are added) */
		int depth = LOOP_TRANSPORT;
		for (guint i = 0; i < r.refs->len; i++) {
			const struct field_ref *fr = &g_array_index(r.refs, struct field_ref, i);
			depth = MAX(depth, field_depth(fr->proto, fr->field));
		}
		hooks.depth = (enum loop_depth)depth;
	} else if (!r.w) {
		hooks.depth = LOOP_TRACKED; /* every field, relative sequence numbers */
	}
	bool failed;
	GArray *results = cli_run_files(argv + 1, argc - 1, &hooks, &r, &failed);
	if (r.json)
		json_end_array(&r.j);
	bool writing = r.w != NULL;
	if (writing && !write_end(&r))
		failed = true;
	if (!writing && !out_close(&out, &err)) {
		cli_error("%s", err->message);
		failed = true;
	}
	cli_results_free(results);
	list_run_clear(&r);
	return failed ? EXIT_FAILED : EXIT_OK;
}
