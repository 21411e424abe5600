/* cmd_rtt.c — `analyze rtt`: TCP handshake round-trip times. */
#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/filter/filter.h"
#include "analyzer/commands.h"
#include "analyzer/partial.h"
#include "analyzer/rtt_report.h"
#include "stats/rtt.h"

struct rtt_opts {
	OutFormat format;
	int top;        /* 0 = all connections, in stream order */
	const char *output;
	GArray *results; /* struct file_result */
};

static void on_file_open(guint index, const char *path, cap_reader *r, void *data)
{
	(void)path, (void)r;
	rtt_file_begin(data, index);
}

static void on_frame(const struct packet *p, void *data)
{
	rtt_packet(data, p);
}

static void on_file_end(guint index, const struct file_result *res, void *data)
{
	(void)index, (void)res;
	rtt_file_end(data);
}

/* What ordering the slowest first needs of a row. */
struct slow_key {
	int64_t network_rtt;
	guint file;
	uint32_t stream;
	guint row;
};

/* Slowest network RTT first; connections without one after, in stream order. */
static gint cmp_slowest(gconstpointer a, gconstpointer b)
{
	const struct slow_key *x = a, *y = b;
	if (x->network_rtt != y->network_rtt)
		return x->network_rtt > y->network_rtt ? -1 : 1;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->stream < y->stream ? -1 : (x->stream > y->stream);
}

/* The rows to list (guint indexes into ST): all in order, or the TOP slowest. */
static GArray *listed(rtt_state *st, int top)
{
	guint n = rtt_count(st);
	GArray *v = g_array_sized_new(FALSE, FALSE, sizeof(guint), n);
	if (top <= 0) {
		for (guint i = 0; i < n; i++)
			g_array_append_val(v, i);
		return v;
	}
	g_autoptr(GArray) keys = g_array_sized_new(FALSE, FALSE, sizeof(struct slow_key), n);
	for (guint i = 0; i < n; i++) {
		struct rtt_conn c;
		rtt_get(st, i, &c);
		struct slow_key k = {c.network_rtt, c.file, c.stream, i};
		g_array_append_val(keys, k);
	}
	g_array_sort(keys, cmp_slowest);
	for (guint i = 0; i < keys->len && i < (guint)top; i++)
		g_array_append_val(v, g_array_index(keys, struct slow_key, i).row);
	return v;
}

/* JSON ------------------------------------------------------------------ */

static void json_frame(struct json *j, int64_t frame)
{
	if (frame == RTT_NONE)
		json_null(j);
	else
		json_int(j, frame);
}

static void json_time(struct json *j, int64_t ns)
{
	if (ns == RTT_NONE)
		json_null(j);
	else
		json_seconds(j, ns);
}

/* A status or vantage name (a plain word) as a string. */
static void json_word(struct json *j, const char *s)
{
	if (s)
		json_string_plain(j, s, strlen(s));
	else
		json_null(j);
}

/* One connection's object; its keys are literals, written unscanned, and
 * FILES holds each file's name as a JSON string, escaped once. */
static void json_conn(struct json *j, const struct rtt_conn *c, GPtrArray *files)
{
	json_begin_object(j);
	JSON_KEY(j, "file");
	json_raw(j, files->pdata[c->file], strlen(files->pdata[c->file]));
	JSON_KEY(j, "stream");
	json_int(j, c->stream);
	JSON_KEY(j, "client");
	json_addr(j, c->family, c->client);
	JSON_KEY(j, "client_port");
	json_int(j, c->client_port);
	JSON_KEY(j, "server");
	json_addr(j, c->family, c->server);
	JSON_KEY(j, "server_port");
	json_int(j, c->server_port);
	JSON_KEY(j, "syn_frame");
	json_frame(j, c->syn_frame);
	JSON_KEY(j, "synack_frame");
	json_frame(j, c->synack_frame);
	JSON_KEY(j, "ack_frame");
	json_frame(j, c->ack_frame);
	JSON_KEY(j, "rst_frame");
	json_frame(j, c->rst_frame);
	JSON_KEY(j, "syn_to_synack");
	json_time(j, c->syn_to_synack);
	JSON_KEY(j, "synack_to_ack");
	json_time(j, c->synack_to_ack);
	JSON_KEY(j, "syn_to_rst");
	json_time(j, c->syn_to_rst);
	JSON_KEY(j, "irtt");
	json_time(j, c->irtt);
	JSON_KEY(j, "syn_retransmits");
	json_int(j, c->syn_count > 0 ? c->syn_count - 1 : 0);
	JSON_KEY(j, "status");
	json_word(j, rtt_status_key(c->status));
	JSON_KEY(j, "vantage");
	json_word(j, rtt_vantage_name(c->vantage));
	JSON_KEY(j, "network_leg");
	json_word(j, c->vantage == VANTAGE_CLIENT ? "syn_to_synack" :
		     c->vantage == VANTAGE_SERVER ? "synack_to_ack" :
		     c->vantage == VANTAGE_MIDDLE ? "both" : NULL);
	JSON_KEY(j, "network_rtt");
	json_time(j, c->network_rtt);
	json_end_object(j);
}

static void json_summary(struct json *j, const struct rtt_summary *s)
{
	char buf[64];
	json_key(j, "summary");
	json_begin_object(j);
	json_kv_int(j, "connections", s->connections);
	for (int i = 0; i < 5; i++)
		json_kv_int(j, rtt_status_key((RttStatus)i), s->by_status[i]);
	json_kv_int(j, "samples", s->samples);
	json_kv_int(j, "excluded_syn_retransmits", s->retransmitted);
	json_key(j, "min");
	json_time(j, s->min);
	json_key(j, "median");
	json_time(j, s->median);
	json_key(j, "p90");
	json_time(j, s->p90);
	json_key(j, "p99");
	json_time(j, s->p99);
	json_key(j, "max");
	json_time(j, s->max);
	json_key(j, "mean");
	json_time(j, s->mean);
	json_key(j, "servers");
	json_begin_array(j);
	for (guint i = 0; i < s->servers->len; i++) {
		const struct rtt_server *v = &g_array_index(s->servers, struct rtt_server, i);
		json_begin_object(j);
		json_kv_string(j, "server", addr_str(buf, v->family, v->addr));
		json_kv_int(j, "server_port", v->port);
		json_kv_int(j, "connections", v->connections);
		json_kv_int(j, "samples", v->samples);
		json_key(j, "median");
	json_time(j, v->median);
		json_key(j, "p95");
	json_time(j, v->p95);
		json_key(j, "max");
	json_time(j, v->max);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

static void report_json(FILE *fp, rtt_state *st, GArray *list, const struct rtt_summary *s, const struct rtt_opts *o)
{
	struct json j;
	json_init(&j, fp);
	json_begin_report(&j);
	json_key(&j, "connections");
	json_begin_array(&j);
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < o->results->len; i++)
		g_ptr_array_add(files, json_string_text(g_array_index(o->results, struct file_result, i).path));
	for (guint i = 0; i < list->len; i++) {
		struct rtt_conn c;
		rtt_get(st, g_array_index(list, guint, i), &c);
		json_conn(&j, &c, files);
	}
	json_end_array(&j);
	json_summary(&j, s);
	cli_json_files(&j, o->results);
	json_end_object(&j);
}

/* CSV ------------------------------------------------------------------- */

/* The fields below are formatted in place in the row (a width of 0: no padding). */
static void csv_time(struct linebuf *l, int64_t ns)
{
	lb_str(l, ",");
	if (ns != RTT_NONE)
		lb_right_seconds(l, ns, 0);
}

static void csv_frame(struct linebuf *l, int64_t frame)
{
	lb_str(l, ",");
	if (frame != RTT_NONE) {
		if (frame < 0)
			lb_str(l, "-");
		lb_right_uint(l, frame < 0 ? (uint64_t)0 - (uint64_t)frame : (uint64_t)frame, 0);
	}
}

static void csv_uint(struct linebuf *l, uint64_t v)
{
	lb_str(l, ",");
	lb_right_uint(l, v, 0);
}

static void report_csv(FILE *fp, rtt_state *st, GArray *list, const struct rtt_opts *o)
{
	fputs("file,stream,client,client_port,server,server_port,syn_frame,synack_frame,ack_frame,"
	      "rst_frame,syn_to_synack,synack_to_ack,syn_to_rst,irtt,syn_retransmits,status,vantage,network_rtt\n", fp);
	/* each file's field as CSV writes it, made once */
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < o->results->len; i++) {
		char *field = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&field, &len);
		csv_field(mem, g_array_index(o->results, struct file_result, i).path);
		fclose(mem);
		g_ptr_array_add(files, field);
	}
	for (guint i = 0; i < list->len; i++) {
		struct rtt_conn c;
		rtt_get(st, g_array_index(list, guint, i), &c);
		char line[1024], a[64];
		struct linebuf l;
		lb_init(&l, line, sizeof line);
		fputs_unlocked(files->pdata[c.file], fp);
		csv_uint(&l, c.stream);
		lb_str(&l, ",");
		lb_str(&l, addr_str(a, c.family, c.client));
		csv_uint(&l, c.client_port);
		lb_str(&l, ",");
		lb_str(&l, addr_str(a, c.family, c.server));
		csv_uint(&l, c.server_port);
		csv_frame(&l, c.syn_frame);
		csv_frame(&l, c.synack_frame);
		csv_frame(&l, c.ack_frame);
		csv_frame(&l, c.rst_frame);
		csv_time(&l, c.syn_to_synack);
		csv_time(&l, c.synack_to_ack);
		csv_time(&l, c.syn_to_rst);
		csv_time(&l, c.irtt);
		csv_uint(&l, c.syn_count > 0 ? c.syn_count - 1 : 0);
		lb_str(&l, ",");
		lb_str(&l, rtt_status_key(c.status));
		lb_str(&l, ",");
		lb_str(&l, rtt_vantage_name(c.vantage));
		csv_time(&l, c.network_rtt);
		lb_str(&l, "\n");
		fwrite_unlocked(line, 1, (size_t)(l.p - line), fp);
	}
}

void rtt_report_write(FILE *fp, rtt_state *st, const struct rtt_summary *s, GArray *results, OutFormat fmt, int top)
{
	struct rtt_opts o = {.format = fmt, .top = top, .results = results};
	g_autoptr(GArray) list = listed(st, top);
	switch (fmt) {
	case FORMAT_JSON:
		report_json(fp, st, list, s, &o);
		break;
	case FORMAT_CSV:
		report_csv(fp, st, list, &o);
		break;
	case FORMAT_TEXT:
	case FORMAT_JSONL: /* not rtt's: merge refuses it before */
		rtt_report_text(fp, st, list, s, results, top);
		break;
	}
}

static bool write_report(rtt_state *st, const struct rtt_opts *o, GError **error)
{
	struct out out;
	if (!out_open(&out, o->output, error))
		return false;
	g_autoptr(rtt_summary) s = rtt_summarize(st);
	rtt_report_write(out.fp, st, s, o->results, o->format, o->top);
	return out_close(&out, error);
}

int cmd_rtt(int argc, char **argv)
{
	g_autofree char *format = NULL, *output = NULL;
	int top = 0;
	g_autofree char *filter_text = NULL;
	g_autoptr(dfilter) filter = NULL;
	gboolean quiet = FALSE, partial = FALSE;
	struct partial_request req = {false, 1, NULL, 0};
	g_autofree char *shard = NULL;
	GOptionEntry entries[] = {
		{"filter", 'Y', 0, G_OPTION_ARG_STRING, &filter_text, "only the frames this display filter keeps", "FILTER"},
		{"format", 'T', 0, G_OPTION_ARG_STRING, &format, "text (default), json, csv or partial", "FORMAT"},
		{"top", 0, 0, G_OPTION_ARG_INT, &top, "list only the N slowest connections (and servers)", "N"},
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write the report to FILE", "FILE"},
		CLI_OPTION_QUIET(quiet),
		PARTIAL_OPTIONS(partial, req, shard),
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse("rtt", "FILE...", "TCP handshake round-trip times: SYN to SYN-ACK, SYN-ACK to ACK, "
		       "initial RTT per connection, and the network RTT seen from the capture point.",
		       entries, &argc, &argv, &code))
		return code;
	struct rtt_opts o = {.format = FORMAT_TEXT, .top = top, .output = output};
	req.shard = shard;
	req.partial = partial || (format && strcmp(format, "partial") == 0);
	if (format && strcmp(format, "partial") != 0 && !out_format_parse(format, &o.format))
		return cli_usage_error("rtt", "unknown format '%s' (text, json, csv or partial)", format);
	if (top < 0)
		return cli_usage_error("rtt", "--top needs a positive number, not %d", top);
	if (argc < 2)
		return cli_usage_error("rtt", "no capture file given");

	if (!cli_filter("rtt", filter_text, &filter, &code))
		return code;
	if (partial_wanted(&req)) {
		struct partial_view view = {o.format, top, NULL, NULL};
		return partial_run(&partial_rtt_ops, argv + 1, argc - 1, filter_text, quiet, &req, &view, output);
	}
	g_autoptr(rtt_state) st = rtt_new();
	struct run_hooks hooks = {on_file_open, on_frame, on_file_end, LOOP_TRANSPORT, NULL, quiet, NULL};
	hooks.filter = filter;
	bool failed;
	o.results = cli_run_files(argv + 1, argc - 1, &hooks, st, &failed);
	g_autoptr(GError) err = NULL;
	bool any = false;
	for (guint i = 0; i < o.results->len; i++)
		any = any || g_array_index(o.results, struct file_result, i).opened;
	if (any && !write_report(st, &o, &err)) {
		cli_error("%s", err->message);
		failed = true;
	}
	cli_results_free(o.results);
	return failed ? EXIT_FAILED : EXIT_OK;
}
