/* cmd_dests.c — `analyze dests` (alias destinations): Wireshark's
 * "Destinations and Ports": destination address -> TCP/UDP -> port, packet
 * counts and shares, sorted by count; IPv4 and IPv6 in separate trees. */
#include <arpa/inet.h>
#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/filter/filter.h"
#include "analyzer/commands.h"
#include "analyzer/partial.h"
#include "analyzer/tshark_text.h"
#include "dissect/services.h"
#include "stats/dests.h"

static void on_frame(const struct packet *p, void *data)
{
	dests_packet(data, p);
}

/* tshark's dests,tree: times run from the first file's first frame. */
struct tree_run {
	stat_tree *tree;
	bool any;
	int64_t origin_ns;
};

static void on_frame_tree(const struct packet *p, void *data)
{
	struct tree_run *t = data;
	if (!t->any) {
		t->any = true;
		t->origin_ns = p->first_ns;
	}
	dests_tree_packet(t->tree, p, t->origin_ns);
}

/* Transports of D with packets, by count (TCP, UDP, NONE on ties). */
static int transports(const struct dest *d, int out[DEST_NTRANSPORTS])
{
	int n = 0;
	for (int t = 0; t < DEST_NTRANSPORTS; t++)
		if (d->t[t].count)
			out[n++] = t;
	for (int i = 1; i < n; i++)
		for (int k = i; k > 0 && d->t[out[k]].count > d->t[out[k - 1]].count; k--) {
			int x = out[k];
			out[k] = out[k - 1];
			out[k - 1] = x;
		}
	return n;
}

static guint limit(guint n, int top)
{
	return top > 0 && n > (guint)top ? (guint)top : n;
}

static double share(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* Text ------------------------------------------------------------------ */

/* INDENT, LABEL left-aligned in WIDTH, COUNT in 10, PCT as "%7.2f%%":
 * built without printf (a row per destination and port). */
static void text_row(FILE *fp, const char *indent, const char *label, int width, uint64_t count, double pct)
{
	char line[256], b[32];
	struct linebuf l;
	lb_init(&l, line, sizeof line - 1);
	lb_str(&l, indent);
	lb_left(&l, label, width);
	lb_str(&l, " ");
	lb_right_uint(&l, count, 10);
	lb_str(&l, " ");
	lb_right(&l, fixed2_str(b, pct), 7);
	lb_str(&l, "%");
	lb_put_line(&l, line, fp);
}

static void text_tree(FILE *fp, const char *title, GPtrArray *v, uint64_t total, int top)
{
	char buf[64];
	fprintf(fp, "%s destinations and ports: %" G_GUINT64_FORMAT " packets\n", title, total);
	if (!v->len) {
		fputs("  (none)\n", fp);
		return;
	}
	fprintf(fp, "%-44s %10s %8s\n", "Destination / transport / port", "Packets", "Percent");
	for (guint i = 0; i < limit(v->len, top); i++) {
		const struct dest *d = v->pdata[i];
		text_row(fp, "", addr_str(buf, d->family, d->addr), 44, d->count, share(d->count, total));
		int ts[DEST_NTRANSPORTS], nt = transports(d, ts);
		for (int k = 0; k < nt; k++) {
			const struct dest_transport *t = &d->t[ts[k]];
			text_row(fp, "  ", dests_transport_name(ts[k]), 42, t->count, share(t->count, d->count));
			for (guint j = 0; j < limit(t->ports->len, top); j++) {
				const struct dest_port *dp = &g_array_index(t->ports, struct dest_port, j);
				const char *svc = ts[k] == DEST_NONE ? NULL : service_name(dp->port, ts[k] == DEST_TCP);
				char label[64], num[24];
				struct linebuf lb;
				lb_init(&lb, label, sizeof label);
				lb_str(&lb, uint_str(num, dp->port));
				if (svc) {
					lb_str(&lb, " (");
					lb_str(&lb, svc);
					lb_str(&lb, ")");
				}
				text_row(fp, "    ", label, 40, dp->count, share(dp->count, t->count));
			}
			if (t->ports->len > limit(t->ports->len, top))
				fprintf(fp, "    (%u more port%s)\n", t->ports->len - (guint)top,
					t->ports->len - (guint)top == 1 ? "" : "s");
		}
	}
	if (v->len > limit(v->len, top))
		fprintf(fp, "(%u more destination%s)\n", v->len - (guint)top, v->len - (guint)top == 1 ? "" : "s");
}

/* JSON ------------------------------------------------------------------ */

static void json_tree(struct json *j, GPtrArray *v, uint64_t total, int top)
{
	char buf[64];
	JSON_KV_INT(j, "total", (int64_t)total);
	JSON_KEY(j, "destinations");
	json_begin_array(j);
	for (guint i = 0; i < limit(v->len, top); i++) {
		const struct dest *d = v->pdata[i];
		json_begin_object(j);
		JSON_KV_STRING(j, "address", addr_str(buf, d->family, d->addr));
		JSON_KV_INT(j, "count", (int64_t)d->count);
		JSON_KEY(j, "protocols");
		json_begin_array(j);
		int ts[DEST_NTRANSPORTS], nt = transports(d, ts);
		for (int k = 0; k < nt; k++) {
			const struct dest_transport *t = &d->t[ts[k]];
			json_begin_object(j);
			JSON_KV_STRING(j, "name", dests_transport_name(ts[k]));
			JSON_KV_INT(j, "count", (int64_t)t->count);
			JSON_KEY(j, "ports");
			json_begin_array(j);
			for (guint n = 0; n < limit(t->ports->len, top); n++) {
				const struct dest_port *dp = &g_array_index(t->ports, struct dest_port, n);
				json_begin_object(j);
				JSON_KV_INT(j, "port", dp->port);
				JSON_KV_INT(j, "count", (int64_t)dp->count);
				const char *svc = ts[k] == DEST_NONE ? NULL : service_name(dp->port, ts[k] == DEST_TCP);
				if (svc)
					JSON_KV_STRING(j, "service", svc);
				json_end_object(j);
			}
			json_end_array(j);
			json_end_object(j);
		}
		json_end_array(j);
		json_end_object(j);
	}
	json_end_array(j);
}

/* CSV: one row per destination, transport and port. */
static void csv_tree(FILE *fp, GPtrArray *v, int top)
{
	char buf[64];
	for (guint i = 0; i < limit(v->len, top); i++) {
		const struct dest *d = v->pdata[i];
		int ts[DEST_NTRANSPORTS], nt = transports(d, ts);
		for (int k = 0; k < nt; k++) {
			const struct dest_transport *t = &d->t[ts[k]];
			for (guint n = 0; n < limit(t->ports->len, top); n++) {
				const struct dest_port *dp = &g_array_index(t->ports, struct dest_port, n);
				const char *svc = ts[k] == DEST_NONE ? NULL : service_name(dp->port, ts[k] == DEST_TCP);
				fprintf(fp, "%s,%" G_GUINT64_FORMAT ",%s,%" G_GUINT64_FORMAT ",%u,%s,%" G_GUINT64_FORMAT "\n",
					addr_str(buf, d->family, d->addr), d->count, dests_transport_name(ts[k]),
					t->count, dp->port, svc ? svc : "", dp->count);
			}
		}
	}
}

struct dests_run {
	dests_state *st;
	stat_tree *tree;         /* tshark's layout, else NULL */
	OutFormat fmt;
	int top;
	GArray *results;
};

static void report(FILE *fp, void *data)
{
	struct dests_run *r = data;
	if (r->tree) {
		tshark_dests(fp, r->tree);
		return;
	}
	dests_state *st = r->st;
	OutFormat fmt = r->fmt;
	int top = r->top;
	GArray *results = r->results;
	uint64_t total4, total6;
	g_autoptr(GPtrArray) v4 = dests_sorted(st, 4, &total4);
	g_autoptr(GPtrArray) v6 = dests_sorted(st, 6, &total6);
	if (fmt == FORMAT_JSON) {
		struct json j;
		json_init(&j, fp);
		json_begin_report(&j);
		json_tree(&j, v4, total4, top);
		JSON_KEY(&j, "ipv6");
		json_begin_object(&j);
		json_tree(&j, v6, total6, top);
		json_end_object(&j);
		cli_json_files(&j, results);
		json_end_object(&j);
	} else if (fmt == FORMAT_CSV) {
		fputs("address,address_packets,transport,transport_packets,port,service,packets\n", fp);
		csv_tree(fp, v4, top);
		csv_tree(fp, v6, top);
	} else {
		text_tree(fp, "IPv4", v4, total4, top);
		if (v6->len) {
			fputc('\n', fp);
			text_tree(fp, "IPv6", v6, total6, top);
		}
		cli_text_file_notes(fp, results);
	}
}

/* Partial results ------------------------------------------------------- */

static void *state_new(const struct partial_view *view)
{
	(void)view;
	return dests_new();
}

static void state_free(void *st)
{
	dests_free(st);
}

static void state_merge(void *dst, void *src)
{
	g_autoptr(GPtrArray) v = dests_in_order(src);
	for (guint i = 0; i < v->len; i++) {
		const struct dest *d = v->pdata[i];
		struct dest *to = dests_add_dest(dst, d->family, d->addr);
		for (int t = 0; t < DEST_NTRANSPORTS; t++)
			for (guint k = 0; d->t[t].ports && k < d->t[t].ports->len; k++) {
				const struct dest_port *dp = &g_array_index(d->t[t].ports, struct dest_port, k);
				dests_add_port(dst, to, t, dp->port, dp->count);
			}
	}
}

/* Every destination in the order first seen, each transport's ports in
 * the order first seen (not sorted: the merge keeps that order). */
static void state_write(struct json *j, void *st, const struct partial_view *view)
{
	(void)view;
	g_autoptr(GPtrArray) v = dests_in_order(st);
	json_begin_object(j);
	JSON_KEY(j, "destinations");
	json_begin_array(j);
	for (guint i = 0; i < v->len; i++) {
		const struct dest *d = v->pdata[i];
		char buf[64];
		json_begin_object(j);
		JSON_KV_STRING(j, "address", addr_str(buf, d->family, d->addr));
		for (int t = 0; t < DEST_NTRANSPORTS; t++) {
			json_key(j, dests_transport_name(t));
			json_begin_array(j);
			for (guint k = 0; d->t[t].ports && k < d->t[t].ports->len; k++) {
				const struct dest_port *dp = &g_array_index(d->t[t].ports, struct dest_port, k);
				json_begin_array(j);
				json_uint(j, dp->port);
				json_uint(j, dp->count);
				json_end_array(j);
			}
			json_end_array(j);
		}
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

static bool load_ports(dests_state *dst, struct dest *d, int t, const struct jv *list)
{
	if (!list || list->type != JV_ARRAY)
		return false;
	for (guint k = 0; k < list->items->len; k++) {
		const struct jv *pair = list->items->pdata[k];
		if (pair->type != JV_ARRAY || pair->items->len != 2)
			return false;
		const struct jv *port = pair->items->pdata[0], *count = pair->items->pdata[1];
		if (port->type != JV_NUMBER || !port->integral || port->negative || port->uint > 65535 ||
		    count->type != JV_NUMBER || !count->integral || count->negative)
			return false;
		dests_add_port(dst, d, t, (uint16_t)port->uint, count->uint);
	}
	return true;
}

static bool state_load(void *dst, const struct jv *v, GError **error)
{
	const struct jv *list = jv_get(v, "destinations");
	if (!list || list->type != JV_ARRAY) {
		g_set_error(error, JV_ERROR, 0, "the state lacks its destinations");
		return false;
	}
	for (guint i = 0; i < list->items->len; i++) {
		const struct jv *o = list->items->pdata[i];
		const struct jv *a = jv_get(o, "address");
		uint8_t addr[16] = {0};
		uint8_t family = 0;
		if (a && a->type == JV_STRING)
			family = inet_pton(AF_INET, a->string, addr) == 1 ? 4 : inet_pton(AF_INET6, a->string, addr) == 1 ? 6 : 0;
		bool ok = family != 0;
		struct dest *d = ok ? dests_add_dest(dst, family, addr) : NULL;
		for (int t = 0; ok && t < DEST_NTRANSPORTS; t++)
			ok = load_ports(dst, d, t, jv_get(o, dests_transport_name(t)));
		if (!ok) {
			g_set_error(error, JV_ERROR, 0, "destination %u lacks an address or its TCP, UDP and NONE "
				    "lists of [port, count]", i + 1);
			return false;
		}
	}
	return true;
}

static void render(FILE *fp, void *st, GArray *results, const struct partial_view *view)
{
	struct dests_run run = {st, NULL, view->fmt, view->top, results};
	report(fp, &run);
}

/* Sharded runs -------------------------------------------------------- */

static void *shard_new(void)
{
	return dests_new();
}

static void shard_merge(void *data, void *const *states, unsigned n)
{
	dests_merge_shards(data, (dests_state *const *)states, n);
}

static const struct shard_ops shard_ops = {shard_new, state_free, shard_merge};

const struct partial_ops partial_dests_ops = {
	"dests", LOOP_TRANSPORT, state_new, state_free, on_frame,
	NULL, NULL, state_merge, state_write, state_load, render, NULL, NULL, false,
};

int cmd_dests(int argc, char **argv)
{
	g_autofree char *format = NULL, *output = NULL;
	int top = 0;
	gboolean tshark = FALSE;
	g_autofree char *filter_text = NULL;
	g_autoptr(dfilter) filter = NULL;
	gboolean quiet = FALSE, partial = FALSE;
	struct partial_request req = {false, 1, NULL, 0};
	g_autofree char *shard = NULL;
	GOptionEntry entries[] = {
		{"filter", 'Y', 0, G_OPTION_ARG_STRING, &filter_text, "only the frames this display filter keeps", "FILTER"},
		{"format", 'T', 0, G_OPTION_ARG_STRING, &format, "text (default), json, csv or partial", "FORMAT"},
		{"top", 0, 0, G_OPTION_ARG_INT, &top, "only the N busiest destinations, transports' N busiest ports", "N"},
		{"tshark", 0, 0, G_OPTION_ARG_NONE, &tshark,
		 "print exactly what 'tshark -q -z dests,tree' prints (with -Y F: dests,tree,F)", NULL},
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write the report to FILE", "FILE"},
		CLI_OPTION_QUIET(quiet),
		PARTIAL_OPTIONS(partial, req, shard),
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse("dests", "FILE...", "Destinations and ports: packets per destination address, "
		       "transport and destination port, busiest first.  ANALYZE_THREADS=2 dissects one "
		       "regular file of 32 MiB or more, unfiltered, on two threads, with the same output.", entries, &argc, &argv, &code))
		return code;
	OutFormat fmt = FORMAT_TEXT;
	req.shard = shard;
	req.partial = partial || (format && strcmp(format, "partial") == 0);
	if (format && strcmp(format, "partial") != 0 && !out_format_parse(format, &fmt))
		return cli_usage_error("dests", "unknown format '%s' (text, json, csv or partial)", format);
	if (top < 0)
		return cli_usage_error("dests", "--top needs a positive number, not %d", top);
	if (tshark && format)
		return cli_usage_error("dests", "--tshark and --format cannot go together");
	if (tshark && top)
		return cli_usage_error("dests", "--tshark and --top cannot go together");
	if (argc < 2)
		return cli_usage_error("dests", "no capture file given");

	if (partial_wanted(&req)) {
		if (tshark)
			return cli_usage_error("dests", "--tshark cannot go with --partial, -j or --shard");
		if (!cli_filter("dests", filter_text, &filter, &code))
			return code;
		struct partial_view view = {fmt, top, NULL, NULL};
		return partial_run(&partial_dests_ops, argv + 1, argc - 1, filter_text, quiet, &req, &view, output);
	}
	g_autoptr(dests_state) st = dests_new();
	g_autoptr(stat_tree) tree = tshark ? stat_tree_new("Destinations and Ports") : NULL;
	struct tree_run tr = {tree, false, 0};
	if (!cli_filter("dests", filter_text, &filter, &code))
		return code;
	/* tshark's tree keeps times of the frames in order: one thread */
	struct run_hooks hooks = {NULL, tshark ? on_frame_tree : on_frame, NULL, LOOP_TRANSPORT, NULL, quiet,
				  tshark ? NULL : &shard_ops};
	hooks.filter = filter;
	bool failed;
	struct dests_run run = {st, tree, fmt, top, NULL};
	run.results = cli_run_files(argv + 1, argc - 1, &hooks, tshark ? (void *)&tr : (void *)st, &failed);
	cli_write_report(run.results, output, report, &run, &failed);
	cli_results_free(run.results);
	return failed ? EXIT_FAILED : EXIT_OK;
}
