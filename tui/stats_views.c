/* stats_views.c — the statistics views' rows: Protocol Hierarchy,
 * Destinations and Ports, Conversations, Endpoints, Handshake RTT and
 * Expert Information, each built from its listener's state, and each row's
 * text and display filter (see stats.h). */
#include <stdio.h>
#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/output.h"
#include "analyzer/rtt_report.h"
#include "dissect/field.h"
#include "dissect/services.h"
#include "tui/stats.h"

const ConvType stats_conv_types[STATS_CONV_TYPES] = {CONV_TCP, CONV_UDP, CONV_IP, CONV_IPV6, CONV_ETH};
const char *const stats_rtt_sorts[STATS_RTT_SORTS] = {"stream", "network RTT", "irtt", "syn-synack", "status"};

static void add_row(struct stats *s, char *text, char *filter)
{
	struct srow r = {text, filter, NULL, 0};
	g_array_append_val(s->rows, r);
}

/* A row that shows record REF of the view. */
static void add_ref_row(struct stats *s, const void *ref, uint32_t sub)
{
	struct srow r = {NULL, NULL, ref, sub};
	g_array_append_val(s->rows, r);
}

/* Conversations and endpoints share one count (V_CONV's). */
struct counting *stats_counting_of(struct stats *s, enum view v)
{
	return &s->c[v == V_ENDPOINTS ? V_CONV : v];
}

/* ---- Protocol Hierarchy ---- */

static void phs_walk(struct stats *s, const phs_state *phs, uint32_t node, int depth, uint64_t total)
{
	for (; node != PHS_NONE; node = phs_node(phs, node)->next) {
		const struct phs_node *n = phs_node(phs, node);
		const char *abbrev = proto_get((enum proto_id)n->proto)->abbrev;
		g_autofree char *name = g_strdup_printf("%*s%s", depth * 2, "", abbrev);
		add_row(s,
			g_strdup_printf("%-40s %7.2f%% %10" G_GUINT64_FORMAT " %14" G_GUINT64_FORMAT
					" %10" G_GUINT64_FORMAT,
					name, total ? 100.0 * (double)n->frames / (double)total : 0.0, n->frames, n->bytes,
					n->end_frames),
			g_strdup(abbrev));
		phs_walk(s, phs, n->first_child, depth + 1, total);
	}
}

void stats_build_phs(struct stats *s, const phs_state *phs)
{
	s->head = g_strdup_printf("%-40s %8s %10s %14s %10s", "Protocol", "% Frames", "Frames", "Bytes", "End Frames");
	phs_walk(s, phs, phs_first(phs), 0, phs_frames(phs));
	s->phs_at = phs_frames(phs);
}

/* ---- Destinations and Ports ---- */

void stats_build_dests(struct stats *s, dests_state *d)
{
	s->head = g_strdup_printf("%-46s %9s %8s", "Destination / transport / port", "Packets", "Percent");
	for (uint8_t fam = 4; fam <= 6; fam += 2) {
		uint64_t total;
		GPtrArray *v = dests_sorted(d, fam, &total);
		s->dest_total[fam == 6] = total;
		if (v->len)
			add_row(s, g_strdup_printf("IPv%u destinations and ports: %" G_GUINT64_FORMAT " packets", fam, total),
				NULL);
		for (guint i = 0; i < v->len; i++) {
			const struct dest *x = v->pdata[i];
			add_ref_row(s, x, 0);
			for (int t = 0; t < DEST_NTRANSPORTS; t++) {
				if (!x->t[t].count)
					continue;
				add_ref_row(s, x, DEST_SUB(t, 0));
				for (guint k = 0; t != DEST_NONE && k < x->t[t].ports->len; k++)
					add_ref_row(s, x, DEST_SUB(t, k + 1));
			}
		}
		g_ptr_array_free(v, TRUE);
	}
}

/* The text (FILTER false) or the filter of a destinations row. */
static void dest_row(GString *out, const struct stats *s, const struct dest *x, uint32_t sub, bool filter)
{
	char a[64];
	addr_str(a, x->family, x->addr);
	const char *ipf = x->family == 4 ? "ip.dst" : "ipv6.dst";
	uint64_t total = s->dest_total[x->family == 6];
	if (!sub) {
		if (filter)
			g_string_printf(out, "%s == %s", ipf, a);
		else
			g_string_printf(out, "%-46s %9" G_GUINT64_FORMAT " %7.2f%%", a, x->count,
					total ? 100.0 * (double)x->count / (double)total : 0.0);
		return;
	}
	int t = (int)(sub & 0xff) - 1;
	guint k = sub >> 8;
	const struct dest_transport *tr = &x->t[t];
	const char *tn = dests_transport_name(t);
	g_autofree char *lower = g_ascii_strdown(tn, -1);
	if (!k) {
		if (filter && t == DEST_NONE)
			g_string_printf(out, "%s == %s && !tcp && !udp", ipf, a);
		else if (filter)
			g_string_printf(out, "%s == %s && %s", ipf, a, lower);
		else
			g_string_printf(out, "  %-44s %9" G_GUINT64_FORMAT " %7.2f%%", tn, tr->count,
					100.0 * (double)tr->count / (double)x->count);
		return;
	}
	const struct dest_port *pt = &g_array_index(tr->ports, struct dest_port, k - 1);
	if (filter) {
		g_string_printf(out, "%s.port == %u", lower, pt->port);
		return;
	}
	const char *svc = service_name(pt->port, t == DEST_TCP);
	g_autofree char *pn = svc ? g_strdup_printf("%u (%s)", pt->port, svc) : g_strdup_printf("%u", pt->port);
	g_string_printf(out, "    %-42s %9" G_GUINT64_FORMAT " %7.2f%%", pn, pt->count,
			100.0 * (double)pt->count / (double)tr->count);
}

/* ---- Conversations and Endpoints ---- */

/* The filter of address A in a conversation or endpoint of TYPE. */
/* An address of a conversation or endpoint: MAC, IPv4 or IPv6. */
static const char *conv_addr_str(char *buf, const struct conv_addr *a)
{
	if (a->kind == 0) {
		const uint8_t *m = a->bytes;
		g_snprintf(buf, 46, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
		return buf;
	}
	return addr_str(buf, a->kind, a->bytes);
}

/* ROLE: "addr" either end, "src" / "dst" the sending / receiving one. */
static void addr_role_filter(GString *f, const struct conv_addr *a, ConvType type, const char *role)
{
	char buf[64];
	conv_addr_str(buf, a);
	if (f->len)
		g_string_append(f, " && ");
	g_string_append_printf(f, "%s.%s == %s", a->kind == 6 ? "ipv6" : a->kind == 0 ? "eth" : "ip", role, buf);
	if (type == CONV_TCP || type == CONV_UDP)
		g_string_append_printf(f, " && %s.%sport == %u", type == CONV_TCP ? "tcp" : "udp",
				       strcmp(role, "addr") == 0 ? "" : role, a->port);
}

static void addr_filter(GString *f, const struct conv_addr *a, ConvType type)
{
	addr_role_filter(f, a, type, "addr");
}

static const char *addr_text(char *buf, const struct conv_addr *a, ConvType type)
{
	char ab[64];
	conv_addr_str(ab, a);
	if (type == CONV_TCP || type == CONV_UDP)
		g_snprintf(buf, 80, a->kind == 6 ? "[%s]:%u" : "%s:%u", ab, a->port);
	else
		g_strlcpy(buf, ab, 80);
	return buf;
}

static const char *const conv_head =
	"%-30s %-30s %9s %12s %9s %12s %9s %12s %11s %10s";
static const char *const ends_head = "%-30s %9s %12s %9s %12s %9s %12s";

static void conv_text(GString *out, const struct conversation *c, ConvType type, int64_t first)
{
	char a[80], b[80], t1[32], t2[32];
	seconds_str(t1, c->first_ns - first);
	seconds_str(t2, c->last_ns - c->first_ns);
	g_string_printf(out,
			"%-30s %-30s %9" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT
			" %12" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %11s %10s",
			addr_text(a, &c->a, type), addr_text(b, &c->b, type), c->frames_ab + c->frames_ba,
			c->bytes_ab + c->bytes_ba, c->frames_ab, c->bytes_ab, c->frames_ba, c->bytes_ba, t1, t2);
}

static void endpoint_text(GString *out, const struct endpoint *e, ConvType type)
{
	char a[80];
	g_string_printf(out,
			"%-30s %9" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT
			" %12" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT,
			addr_text(a, &e->addr, type), e->tx_frames + e->rx_frames, e->tx_bytes + e->rx_bytes,
			e->tx_frames, e->tx_bytes, e->rx_frames, e->rx_bytes);
}

void stats_build_conv(struct stats *s, conv_state *cs)
{
	s->head = g_strdup_printf(conv_head, "Address A", "Address B", "Frames", "Bytes", "A->B", "Bytes A->B",
				  "B->A", "Bytes B->A", "Rel Start", "Duration");
	GPtrArray *v = conv_conversations(cs);
	for (guint i = 0; i < v->len; i++)
		add_ref_row(s, v->pdata[i], 0);
	g_ptr_array_free(v, TRUE);
}

void stats_build_endpoints(struct stats *s, conv_state *cs)
{
	s->head = g_strdup_printf(ends_head, "Address", "Frames", "Bytes", "Tx Frames", "Tx Bytes", "Rx Frames",
				  "Rx Bytes");
	GPtrArray *v = conv_endpoints(cs);
	for (guint i = 0; i < v->len; i++)
		add_ref_row(s, v->pdata[i], 0);
	g_ptr_array_free(v, TRUE);
}

/* ---- Handshake RTT ---- */

static int64_t rtt_key(const struct rtt_conn *c, guint sort)
{
	switch (sort) {
	case 1: return c->network_rtt;
	case 2: return c->irtt;
	case 3: return c->syn_to_synack;
	case 4: return c->status;
	default: return c->stream;
	}
}

static guint sort_by;

static int rtt_cmp(gconstpointer a, gconstpointer b)
{
	const struct rtt_conn *x = *(const struct rtt_conn *const *)a, *y = *(const struct rtt_conn *const *)b;
	int64_t kx = rtt_key(x, sort_by), ky = rtt_key(y, sort_by);
	/* times: slowest first, the unknown last; stream and status: ascending */
	if (sort_by == 1 || sort_by == 2 || sort_by == 3) {
		if (kx != ky)
			return kx == RTT_NONE ? 1 : ky == RTT_NONE ? -1 : kx > ky ? -1 : 1;
	} else if (kx != ky) {
		return kx < ky ? -1 : 1;
	}
	return x->stream < y->stream ? -1 : x->stream > y->stream;
}

void stats_build_rtt(struct stats *s, rtt_state *st)
{
	GArray *conns = rtt_connections(st);
	GPtrArray *list = g_ptr_array_sized_new(conns->len);
	for (guint i = 0; i < conns->len; i++)
		g_ptr_array_add(list, &g_array_index(conns, struct rtt_conn, i));
	sort_by = s->rtt_sort;
	g_ptr_array_sort(list, rtt_cmp);
	g_autoptr(rtt_summary) sum = rtt_summarize(st);
	/* a heading, a row per connection in the sorted order (formatted when in
	 * view), then the summary, the servers and the histogram of the report */
	char head[RTT_REPORT_LINE];
	rtt_report_heading(head, sizeof head);
	s->head = g_strdup(sum->connections ? head : "");
	if (!sum->connections)
		add_row(s, g_strdup("no TCP handshakes found"), NULL);
	for (guint i = 0; i < list->len; i++)
		add_ref_row(s, list->pdata[i], 0);
	g_ptr_array_free(list, TRUE);
	GArray *results = g_array_new(FALSE, TRUE, sizeof(struct file_result));
	struct file_result res = {.path = s->app->idx->path, .opened = true, .complete = true};
	g_array_append_val(results, res);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	rtt_report_tail(fp, sum, results, 0);
	fclose(fp);
	g_auto(GStrv) lines = g_strsplit(buf, "\n", -1);
	free(buf);
	guint n = g_strv_length(lines);
	for (guint i = 0; i < n; i++) {
		if (i + 1 == n && !*lines[i])
			break;
		add_row(s, g_strdup(lines[i]), NULL);
	}
	g_array_free(results, TRUE);
}

/* ---- Expert Information ---- */

/* As `analyze expert` (and tshark) list them: the gravest first, each
 * severity's items in the order they first appeared, each row filtering
 * on its message. */
void stats_build_expert(struct stats *s, const expert_state *st)
{
	static const enum expert_severity order[] = {EXPERT_ERROR, EXPERT_WARN, EXPERT_NOTE, EXPERT_CHAT,
						     EXPERT_COMMENT};
	s->head = g_strdup_printf("%-8s %-12s %-10s %9s  %s", "Severity", "Group", "Protocol", "Count", "Summary");
	for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
		uint64_t total;
		const GArray *rows = expert_rows(st, order[i], &total);
		for (guint k = 0; k < rows->len; k++) {
			const struct expert_row *row = &g_array_index(rows, struct expert_row, k);
			GString *f = g_string_new("_ws.expert.message == \"");
			for (const char *c = row->summary; *c; c++) {
				if (*c == '"' || *c == '\\')
					g_string_append_c(f, '\\');
				g_string_append_c(f, *c);
			}
			g_string_append_c(f, '"');
			add_row(s,
				g_strdup_printf("%-8s %-12s %-10s %9" G_GUINT64_FORMAT "  %s",
						expert_severity_name((enum expert_severity)row->severity),
						expert_group_name((enum expert_group)row->group), row->protocol, row->count,
						row->summary),
				g_string_free(f, FALSE));
		}
	}
	if (s->rows->len == 0)
		add_row(s, g_strdup("(no expert information)"), NULL);
}

/* The text of ROW (in OUT when it is made from its record). */
const char *stats_row_text(struct stats *s, const struct srow *row, GString *out)
{
	if (row->text || !row->ref)
		return row->text ? row->text : "";
	struct counting *c = stats_counting_of(s, s->view);
	ConvType type = stats_conv_types[s->conv_type];
	char line[RTT_REPORT_LINE];
	switch (s->view) {
	case V_DESTS: dest_row(out, s, row->ref, row->sub, false); break;
	case V_CONV: conv_text(out, row->ref, type, conv_first_ns(c->conv[s->conv_type])); break;
	case V_ENDPOINTS: endpoint_text(out, row->ref, type); break;
	case V_RTT:
		rtt_report_line(line, sizeof line, row->ref);
		g_string_assign(out, line);
		break;
	default: g_string_truncate(out, 0); break;
	}
	return out->str;
}

/* The filter of ROW, NULL when it has none; owned by the caller. */
char *stats_row_filter(struct stats *s, const struct srow *row)
{
	if (row->filter || !row->ref)
		return g_strdup(row->filter);
	ConvType type = stats_conv_types[s->conv_type];
	GString *f = g_string_new(NULL);
	switch (s->view) {
	case V_DESTS: dest_row(f, s, row->ref, row->sub, true); break;
	case V_CONV: {
		const struct conversation *c = row->ref;
		addr_filter(f, &c->a, type);
		addr_filter(f, &c->b, type);
		break;
	}
	case V_ENDPOINTS: addr_filter(f, &((const struct endpoint *)row->ref)->addr, type); break;
	case V_RTT: g_string_printf(f, "tcp.stream == %u", ((const struct rtt_conn *)row->ref)->stream); break;
	default: break;
	}
	return g_string_free(f, f->len == 0);
}

char *stats_oneway_filter(const struct stats *s, const struct conversation *cv, bool a_to_b)
{
	ConvType type = stats_conv_types[s->conv_type];
	GString *f = g_string_new(NULL);
	addr_role_filter(f, a_to_b ? &cv->a : &cv->b, type, "src");
	addr_role_filter(f, a_to_b ? &cv->b : &cv->a, type, "dst");
	return g_string_free(f, FALSE);
}
