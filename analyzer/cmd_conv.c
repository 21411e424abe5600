/* cmd_conv.c — `analyze conv` and `analyze endpoints`: Wireshark's
 * Conversations and Endpoints tables for one address type, busiest first.
 * Each file is counted on its own, as Wireshark opens one file at a time:
 * over several files every row belongs to one file (the text's `file`
 * column, JSON's "file", CSV's `file` column), relative starts are from
 * its file's first frame, and the rows of all files are ranked together. */
#include "analyzer/cli.h"
#include "analyzer/filter/filter.h"
#include "analyzer/commands.h"
#include "analyzer/tshark_text.h"
#include "stats/conv.h"

struct conv_run {
	GPtrArray *states;  /* conv_state * per file given, NULL for a file not opened */
	conv_state *cur;    /* the file being read */
	ConvType type;
	OutFormat fmt;
	int top;
	bool endpoints;
	bool tshark;             /* tshark's -z layout */
	const char *filter;      /* the -Y text, for that layout's Filter line */
	GArray *results;
	GArray *rows;       /* struct row, busiest first */
};

/* A conversation or an endpoint, and the file it was counted in. */
struct row {
	const void *item;   /* const struct conversation * or const struct endpoint * */
	guint file;         /* index of the file in the command line */
};

static void on_open(guint index, const char *path, cap_reader *rd, void *data)
{
	(void)path;
	(void)rd;
	struct conv_run *r = data;
	r->cur = conv_new(r->type);
	g_ptr_array_index(r->states, index) = r->cur;
}

static void on_frame(const struct packet *p, void *data)
{
	struct conv_run *r = data;
	conv_packet(r->cur, p);
}

static uint64_t row_frames(const struct row *w, bool endpoints)
{
	if (endpoints) {
		const struct endpoint *e = w->item;
		return e->tx_frames + e->rx_frames;
	}
	const struct conversation *c = w->item;
	return c->frames_ab + c->frames_ba;
}

static uint64_t row_bytes(const struct row *w, bool endpoints)
{
	if (endpoints) {
		const struct endpoint *e = w->item;
		return e->tx_bytes + e->rx_bytes;
	}
	const struct conversation *c = w->item;
	return c->bytes_ab + c->bytes_ba;
}

/* Busiest first: frames, then bytes, then the file, then first seen. */
static gint cmp_row(gconstpointer x, gconstpointer y, gpointer data)
{
	const struct row *a = x, *b = y;
	bool ends = *(const bool *)data;
	uint64_t fa = row_frames(a, ends), fb = row_frames(b, ends);
	if (fa != fb)
		return fa > fb ? -1 : 1;
	uint64_t ba = row_bytes(a, ends), bb = row_bytes(b, ends);
	if (ba != bb)
		return ba > bb ? -1 : 1;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	uint64_t oa = ends ? ((const struct endpoint *)a->item)->order : ((const struct conversation *)a->item)->order;
	uint64_t ob = ends ? ((const struct endpoint *)b->item)->order : ((const struct conversation *)b->item)->order;
	return oa < ob ? -1 : (oa > ob);
}

/* Every file's rows, ranked together (struct row). */
static GArray *collect_rows(const struct conv_run *r)
{
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(struct row));
	for (guint f = 0; f < r->states->len; f++) {
		conv_state *st = g_ptr_array_index(r->states, f);
		if (!st)
			continue;
		g_autoptr(GPtrArray) v = r->endpoints ? conv_endpoints(st) : conv_conversations(st);
		for (guint i = 0; i < v->len; i++) {
			struct row w = {v->pdata[i], f};
			g_array_append_val(rows, w);
		}
	}
	bool ends = r->endpoints;
	g_array_sort_with_data(rows, cmp_row, &ends);
	return rows;
}

static const struct row *row_at(const struct conv_run *r, guint i)
{
	return &g_array_index(r->rows, struct row, i);
}

/* Several files: rows name their file. */
static bool many_files(const struct conv_run *r)
{
	return r->results->len > 1;
}

static const char *file_path(const struct conv_run *r, guint file)
{
	return g_array_index(r->results, struct file_result, file).path;
}

/* A row's start relative to its file's first frame. */
static int64_t rel_start(const struct conv_run *r, const struct row *w)
{
	const struct conversation *c = w->item;
	return ts_diff(c->first_ns, conv_first_ns(g_ptr_array_index(r->states, w->file)));
}

/* After the rows of several files: which number is which file. */
static void file_legend(FILE *fp, const struct conv_run *r)
{
	if (!many_files(r))
		return;
	for (guint i = 0; i < r->results->len; i++)
		fprintf(fp, "file %u: %s\n", i + 1, file_path(r, i));
}

static const char *caddr(char *buf, const struct conv_addr *a)
{
	if (a->kind == 0) {
		const uint8_t *m = a->bytes;
		g_snprintf(buf, 64, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
		return buf;
	}
	return addr_str(buf, a->kind, a->bytes);
}

static bool has_ports(ConvType t)
{
	return t == CONV_TCP || t == CONV_UDP;
}

static guint shown(guint n, int top)
{
	return top > 0 && n > (guint)top ? (guint)top : n;
}

static const char *type_title(ConvType t)
{
	static const char *const titles[] = {"Ethernet", "IPv4", "IPv6", "TCP", "UDP"};
	return titles[t];
}

/* Conversations --------------------------------------------------------- */

static void conv_text(FILE *fp, const struct conv_run *r)
{
	char a[64], b[64], t0[32], dur[32];
	bool ports = has_ports(r->type), many = many_files(r);
	int w = r->type == CONV_IPV6 ? 39 : r->type == CONV_ETH ? 17 : 15;
	guint n = r->rows->len;
	fprintf(fp, "%s conversations: %u\n", type_title(r->type), n);
	fprintf(fp, "%s%-*s %s%-*s %s%10s %12s %10s %12s %10s %12s %14s %14s\n", many ? "file " : "", w,
		"Address A", ports ? "Port A " : "", w, "Address B", ports ? "Port B " : "", "Frames A>B",
		"Bytes A>B", "Frames B>A", "Bytes B>A", "Frames", "Bytes", "Rel start", "Duration");
	for (guint i = 0; i < shown(n, r->top); i++) {
		const struct row *row = row_at(r, i);
		const struct conversation *c = row->item;
		if (many)
			fprintf(fp, "%4u ", row->file + 1);
		fprintf(fp, "%-*s ", w, caddr(a, &c->a));
		if (ports)
			fprintf(fp, "%6u ", c->a.port);
		fprintf(fp, "%-*s ", w, caddr(b, &c->b));
		if (ports)
			fprintf(fp, "%6u ", c->b.port);
		fprintf(fp, "%10" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %10" G_GUINT64_FORMAT " %12"
			G_GUINT64_FORMAT " %10" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %14s %14s\n",
			c->frames_ab, c->bytes_ab, c->frames_ba, c->bytes_ba, c->frames_ab + c->frames_ba,
			c->bytes_ab + c->bytes_ba, seconds_str(t0, rel_start(r, row)),
			seconds_str(dur, ts_diff(c->last_ns, c->first_ns)));
	}
	if (n > shown(n, r->top))
		fprintf(fp, "(%u more conversation%s)\n", n - (guint)r->top, n - (guint)r->top == 1 ? "" : "s");
	file_legend(fp, r);
}

static void conv_json(struct json *j, const struct conv_run *r)
{
	char buf[64];
	json_key(j, "conversations");
	json_begin_array(j);
	for (guint i = 0; i < shown(r->rows->len, r->top); i++) {
		const struct row *row = row_at(r, i);
		const struct conversation *c = row->item;
		json_begin_object(j);
		json_kv_string(j, "file", file_path(r, row->file));
		json_kv_string(j, "address_a", caddr(buf, &c->a));
		if (has_ports(r->type))
			json_kv_int(j, "port_a", c->a.port);
		json_kv_string(j, "address_b", caddr(buf, &c->b));
		if (has_ports(r->type))
			json_kv_int(j, "port_b", c->b.port);
		json_kv_int(j, "frames_ab", (int64_t)c->frames_ab);
		json_kv_int(j, "bytes_ab", (int64_t)c->bytes_ab);
		json_kv_int(j, "frames_ba", (int64_t)c->frames_ba);
		json_kv_int(j, "bytes_ba", (int64_t)c->bytes_ba);
		json_kv_int(j, "frames", (int64_t)(c->frames_ab + c->frames_ba));
		json_kv_int(j, "bytes", (int64_t)(c->bytes_ab + c->bytes_ba));
		json_key(j, "rel_start");
		json_seconds(j, rel_start(r, row));
		json_key(j, "duration");
		json_seconds(j, ts_diff(c->last_ns, c->first_ns));
		json_end_object(j);
	}
	json_end_array(j);
}

static void conv_csv(FILE *fp, const struct conv_run *r)
{
	char a[64], b[64], t0[32], dur[32];
	bool ports = has_ports(r->type), many = many_files(r);
	fprintf(fp, "%saddress_a,%saddress_b,%sframes_ab,bytes_ab,frames_ba,bytes_ba,frames,bytes,rel_start,duration\n",
		many ? "file," : "", ports ? "port_a," : "", ports ? "port_b," : "");
	for (guint i = 0; i < shown(r->rows->len, r->top); i++) {
		const struct row *row = row_at(r, i);
		const struct conversation *c = row->item;
		if (many) {
			csv_field(fp, file_path(r, row->file));
			fputc(',', fp);
		}
		fprintf(fp, "%s,", caddr(a, &c->a));
		if (ports)
			fprintf(fp, "%u,", c->a.port);
		fprintf(fp, "%s,", caddr(b, &c->b));
		if (ports)
			fprintf(fp, "%u,", c->b.port);
		fprintf(fp, "%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
			",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%s,%s\n", c->frames_ab, c->bytes_ab,
			c->frames_ba, c->bytes_ba, c->frames_ab + c->frames_ba, c->bytes_ab + c->bytes_ba,
			seconds_str(t0, rel_start(r, row)), seconds_str(dur, ts_diff(c->last_ns, c->first_ns)));
	}
}

/* Endpoints ------------------------------------------------------------- */

static void end_text(FILE *fp, const struct conv_run *r)
{
	char a[64];
	bool ports = has_ports(r->type), many = many_files(r);
	int w = r->type == CONV_IPV6 ? 39 : r->type == CONV_ETH ? 17 : 15;
	guint n = r->rows->len;
	fprintf(fp, "%s endpoints: %u\n", type_title(r->type), n);
	fprintf(fp, "%s%-*s %s%10s %12s %10s %12s %10s %12s\n", many ? "file " : "", w, "Address",
		ports ? "  Port " : "", "Frames", "Bytes", "Tx frames", "Tx bytes", "Rx frames", "Rx bytes");
	for (guint i = 0; i < shown(n, r->top); i++) {
		const struct row *row = row_at(r, i);
		const struct endpoint *e = row->item;
		if (many)
			fprintf(fp, "%4u ", row->file + 1);
		fprintf(fp, "%-*s ", w, caddr(a, &e->addr));
		if (ports)
			fprintf(fp, "%6u ", e->addr.port);
		fprintf(fp, "%10" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %10" G_GUINT64_FORMAT " %12"
			G_GUINT64_FORMAT " %10" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT "\n",
			e->tx_frames + e->rx_frames, e->tx_bytes + e->rx_bytes, e->tx_frames, e->tx_bytes,
			e->rx_frames, e->rx_bytes);
	}
	if (n > shown(n, r->top))
		fprintf(fp, "(%u more endpoint%s)\n", n - (guint)r->top, n - (guint)r->top == 1 ? "" : "s");
	file_legend(fp, r);
}

static void end_json(struct json *j, const struct conv_run *r)
{
	char buf[64];
	json_key(j, "endpoints");
	json_begin_array(j);
	for (guint i = 0; i < shown(r->rows->len, r->top); i++) {
		const struct row *row = row_at(r, i);
		const struct endpoint *e = row->item;
		json_begin_object(j);
		json_kv_string(j, "file", file_path(r, row->file));
		json_kv_string(j, "address", caddr(buf, &e->addr));
		if (has_ports(r->type))
			json_kv_int(j, "port", e->addr.port);
		json_kv_int(j, "frames", (int64_t)(e->tx_frames + e->rx_frames));
		json_kv_int(j, "bytes", (int64_t)(e->tx_bytes + e->rx_bytes));
		json_kv_int(j, "tx_frames", (int64_t)e->tx_frames);
		json_kv_int(j, "tx_bytes", (int64_t)e->tx_bytes);
		json_kv_int(j, "rx_frames", (int64_t)e->rx_frames);
		json_kv_int(j, "rx_bytes", (int64_t)e->rx_bytes);
		json_end_object(j);
	}
	json_end_array(j);
}

static void end_csv(FILE *fp, const struct conv_run *r)
{
	char a[64];
	bool ports = has_ports(r->type), many = many_files(r);
	fprintf(fp, "%saddress,%sframes,bytes,tx_frames,tx_bytes,rx_frames,rx_bytes\n", many ? "file," : "",
		ports ? "port," : "");
	for (guint i = 0; i < shown(r->rows->len, r->top); i++) {
		const struct row *row = row_at(r, i);
		const struct endpoint *e = row->item;
		if (many) {
			csv_field(fp, file_path(r, row->file));
			fputc(',', fp);
		}
		fprintf(fp, "%s,", caddr(a, &e->addr));
		if (ports)
			fprintf(fp, "%u,", e->addr.port);
		fprintf(fp, "%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
			",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n", e->tx_frames + e->rx_frames,
			e->tx_bytes + e->rx_bytes, e->tx_frames, e->tx_bytes, e->rx_frames, e->rx_bytes);
	}
}

static void report(FILE *fp, void *data)
{
	struct conv_run *r = data;
	if (r->tshark) {
		/* one table per file, as tshark prints one per file it reads */
		for (guint f = 0; f < r->states->len; f++) {
			conv_state *st = g_ptr_array_index(r->states, f);
			if (!st)
				continue;
			g_autoptr(GPtrArray) v = r->endpoints ? conv_endpoints_by_frames(st) : conv_conversations_by_frames(st);
			if (r->endpoints)
				tshark_endpoints(fp, v, r->type, r->filter);
			else
				tshark_conv(fp, v, r->type, r->filter, conv_origin_ns(st));
		}
		return;
	}
	r->rows = collect_rows(r);
	if (r->fmt == FORMAT_JSON) {
		struct json j;
		json_init(&j, fp);
		json_begin_report(&j);
		json_kv_string(&j, "type", conv_type_name(r->type));
		if (r->endpoints)
			end_json(&j, r);
		else
			conv_json(&j, r);
		cli_json_files(&j, r->results);
		json_end_object(&j);
	} else if (r->fmt == FORMAT_CSV) {
		(r->endpoints ? end_csv : conv_csv)(fp, r);
	} else {
		(r->endpoints ? end_text : conv_text)(fp, r);
		cli_text_file_notes(fp, r->results);
	}
	g_clear_pointer(&r->rows, g_array_unref);
}

static int run(const char *cmd, bool endpoints, int argc, char **argv)
{
	g_autofree char *format = NULL, *output = NULL, *type = NULL;
	int top = 0;
	gboolean tshark = FALSE;
	g_autofree char *filter_text = NULL;
	g_autoptr(dfilter) filter = NULL;
	gboolean quiet = FALSE;
	GOptionEntry entries[] = {
		{"filter", 'Y', 0, G_OPTION_ARG_STRING, &filter_text, "only the frames this display filter keeps", "FILTER"},
		{"type", 0, 0, G_OPTION_ARG_STRING, &type, "eth, ip (default), ipv6, tcp or udp", "TYPE"},
		{"format", 'T', 0, G_OPTION_ARG_STRING, &format, "text (default), json or csv", "FORMAT"},
		{"top", 0, 0, G_OPTION_ARG_INT, &top, "only the N busiest", "N"},
		{"tshark", 0, 0, G_OPTION_ARG_NONE, &tshark, endpoints ?
		 "print exactly what 'tshark -n -q -z endpoints,TYPE' prints (with -Y F: endpoints,TYPE,F)" :
		 "print exactly what 'tshark -n -q -z conv,TYPE' prints (with -Y F: conv,TYPE,F)", NULL},
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write the report to FILE", "FILE"},
		CLI_OPTION_QUIET(quiet),
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse(cmd, "FILE...", endpoints ?
		       "Endpoints: frames and bytes each address (and port) sent and received, busiest first." :
		       "Conversations: frames and bytes each way between two addresses (and ports), "
		       "relative start and duration, busiest first.", entries, &argc, &argv, &code))
		return code;
	struct conv_run r = {.type = CONV_IP, .fmt = FORMAT_TEXT, .top = top, .endpoints = endpoints,
			     .tshark = tshark, .filter = filter_text};
	if (type && !conv_type_parse(type, &r.type))
		return cli_usage_error(cmd, "unknown type '%s' (eth, ip, ipv6, tcp or udp)", type);
	if (format && !out_format_parse(format, &r.fmt))
		return cli_usage_error(cmd, "unknown format '%s' (text, json or csv)", format);
	if (top < 0)
		return cli_usage_error(cmd, "--top needs a positive number, not %d", top);
	if (tshark && format)
		return cli_usage_error(cmd, "--tshark and --format cannot go together");
	if (tshark && top)
		return cli_usage_error(cmd, "--tshark and --top cannot go together");
	if (argc < 2)
		return cli_usage_error(cmd, "no capture file given");
	if (!cli_filter(cmd, filter_text, &filter, &code))
		return code;
	g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func((GDestroyNotify)conv_free);
	g_ptr_array_set_size(states, argc - 1);
	r.states = states;
	/* tshark tells connections on reused ports apart by tcp.stream */
	enum loop_depth depth = tshark && r.type == CONV_TCP ? LOOP_TRACKED : LOOP_TRANSPORT;
	struct run_hooks hooks = {on_open, on_frame, NULL, depth, NULL, quiet};
	hooks.filter = filter;
	bool failed;
	r.results = cli_run_files(argv + 1, argc - 1, &hooks, &r, &failed);
	cli_write_report(r.results, output, report, &r, &failed);
	cli_results_free(r.results);
	return failed ? EXIT_FAILED : EXIT_OK;
}

int cmd_conv(int argc, char **argv)
{
	return run("conv", false, argc, argv);
}

int cmd_endpoints(int argc, char **argv)
{
	return run("endpoints", true, argc, argv);
}
