/* stats.c — the statistics screen, six views over the listeners of stats/:
 * Protocol Hierarchy (fed by the indexing pass), Destinations and Ports,
 * Conversations (TCP, UDP, IPv4), Endpoints, Handshake RTT and Expert
 * Information (each counted by a background pass of its own when first
 * shown, then kept).  Every row
 * knows its display filter; Enter (or f) applies it and goes back to the
 * list.  The RTT view sorts by column (o) and ends with the summary, the
 * server table and the histogram of `analyze rtt`. */
#include <stdio.h>
#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/output.h"
#include "analyzer/rtt_report.h"
#include "dissect/field.h"
#include "dissect/services.h"
#include "stats/conv.h"
#include "stats/dests.h"
#include "stats/expert.h"
#include "stats/hierarchy.h"
#include "stats/rtt.h"
#include "tui/app.h"

enum view { V_PHS, V_DESTS, V_CONV, V_ENDPOINTS, V_RTT, V_EXPERT, V_COUNT };
static const char *const view_names[V_COUNT] = {"Protocol Hierarchy", "Destinations and Ports", "Conversations",
						 "Endpoints", "Handshake RTT", "Expert Info"};
static const ConvType conv_types[] = {CONV_TCP, CONV_UDP, CONV_IP, CONV_IPV6, CONV_ETH};
static const char *const rtt_sorts[] = {"stream", "network RTT", "irtt", "syn-synack", "status"};

/* A row: its text, or (in the views that may have hundreds of thousands of
 * rows) the record it shows, formatted only when in view. */
struct srow {
	char *text;       /* owned; NULL: made from ref when drawn */
	char *filter;     /* owned; NULL: made from ref, or the row has none */
	const void *ref;  /* the view's record: a struct dest, conversation,
	                   * endpoint or rtt_conn; NULL for a text row */
	uint32_t sub;     /* destinations: 0 the address, else the transport
	                   * + 1 and the port's index + 1 (DEST_SUB) */
};
#define DEST_SUB(t, k) (((uint32_t)(t) + 1) | ((uint32_t)(k) << 8))

/* A background pass feeding one listener. */
struct counting {
	struct tui_pass pass;
	bool running, done;
	dests_state *dests;
	conv_state *conv[G_N_ELEMENTS(conv_types)];
	rtt_state *rtt;
	expert_state *expert;
	phs_state *phs;        /* the hierarchy of the frames a filter keeps */
	dfilter *filter;       /* borrowed from the screen: the frames counted, or NULL */
};

struct stats {
	struct tui_app *app;
	enum view view;
	guint conv_type;        /* index in conv_types */
	guint rtt_sort;         /* index in rtt_sorts */
	GArray *rows;           /* struct srow */
	uint64_t dest_total[2]; /* destinations: IPv4 and IPv6 packets */
	char *head;             /* column heading, owned */
	bool stale;             /* rows must be built again */
	uint64_t phs_at;        /* frames counted when the hierarchy rows were built */
	struct counting c[V_COUNT];
	struct tui_scroll scroll;
	guint sel[V_COUNT], top[V_COUNT]; /* each view's place when last left */
	bool restore;           /* put the view at its place once its rows are built */
	dfilter *filter;        /* the filter applied when the screen opened, owned, or
	                         * NULL: the views count the frames it keeps, as
	                         * Wireshark's "limit to display filter" */
	char *filter_text;      /* its text, owned */
	bool finding;           /* the find prompt (/) has the keys */
	struct tui_editline find; /* what to find in the rows' text */
};

static void srow_clear(gpointer data)
{
	struct srow *r = data;
	g_free(r->text);
	g_free(r->filter);
}

static void *stats_create(struct tui_app *app)
{
	struct stats *s = g_new0(struct stats, 1);
	s->app = app;
	s->rows = g_array_new(FALSE, TRUE, sizeof(struct srow));
	g_array_set_clear_func(s->rows, srow_clear);
	s->stale = true;
	s->phs_at = UINT64_MAX;
	/* where it was when last closed */
	const struct tui_stats_place *pl = &app->stats_place;
	G_STATIC_ASSERT(V_COUNT <= G_N_ELEMENTS(pl->sel));
	s->view = (enum view)(pl->view % V_COUNT);
	s->conv_type = pl->conv_type % G_N_ELEMENTS(conv_types);
	s->rtt_sort = pl->rtt_sort % G_N_ELEMENTS(rtt_sorts);
	for (int v = 0; v < V_COUNT; v++) {
		s->sel[v] = pl->sel[v];
		s->top[v] = pl->top[v];
	}
	s->restore = true;
	tui_editline_init(&s->find);
	tui_editline_set(&s->find, pl->find);
	if (app->filter_text) {
		s->filter = dfilter_compile(app->filter_text, NULL);
		s->filter_text = s->filter ? g_strdup(app->filter_text) : NULL;
	}
	return s;
}

/* Keeps the place of the view on show. */
static void keep_place(struct stats *s)
{
	if (s->restore) /* not shown yet: its place is still the one to restore */
		return;
	s->sel[s->view] = s->scroll.sel;
	s->top[s->view] = s->scroll.top;
}

static void counting_free(struct counting *c)
{
	tui_pass_close(&c->pass);
	g_clear_pointer(&c->dests, dests_free);
	for (size_t i = 0; i < G_N_ELEMENTS(conv_types); i++)
		g_clear_pointer(&c->conv[i], conv_free);
	g_clear_pointer(&c->rtt, rtt_free);
	g_clear_pointer(&c->expert, expert_free);
	g_clear_pointer(&c->phs, phs_free);
}

static void stats_destroy(void *self)
{
	struct stats *s = self;
	keep_place(s);
	struct tui_stats_place *pl = &s->app->stats_place;
	pl->view = (int)s->view;
	pl->conv_type = s->conv_type;
	pl->rtt_sort = s->rtt_sort;
	g_strlcpy(pl->find, s->find.text->str, sizeof pl->find);
	for (int v = 0; v < V_COUNT; v++) {
		pl->sel[v] = s->sel[v];
		pl->top[v] = s->top[v];
	}
	for (int v = 0; v < V_COUNT; v++)
		counting_free(&s->c[v]);
	g_array_free(s->rows, TRUE);
	g_free(s->head);
	if (s->filter)
		dfilter_free(s->filter);
	g_free(s->filter_text);
	tui_editline_free(&s->find);
	g_free(s);
}

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
static struct counting *counting_of(struct stats *s, enum view v)
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

static void build_phs(struct stats *s, const phs_state *phs)
{
	s->head = g_strdup_printf("%-40s %8s %10s %14s %10s", "Protocol", "% Frames", "Frames", "Bytes", "End Frames");
	phs_walk(s, phs, phs_first(phs), 0, phs_frames(phs));
	s->phs_at = phs_frames(phs);
}

/* ---- Destinations and Ports ---- */

static void build_dests(struct stats *s, dests_state *d)
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

static void build_conv(struct stats *s, conv_state *cs)
{
	s->head = g_strdup_printf(conv_head, "Address A", "Address B", "Frames", "Bytes", "A->B", "Bytes A->B",
				  "B->A", "Bytes B->A", "Rel Start", "Duration");
	GPtrArray *v = conv_conversations(cs);
	for (guint i = 0; i < v->len; i++)
		add_ref_row(s, v->pdata[i], 0);
	g_ptr_array_free(v, TRUE);
}

static void build_endpoints(struct stats *s, conv_state *cs)
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

static void build_rtt(struct stats *s, rtt_state *st)
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
static void build_expert(struct stats *s, const expert_state *st)
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
static const char *row_text(struct stats *s, const struct srow *row, GString *out)
{
	if (row->text || !row->ref)
		return row->text ? row->text : "";
	struct counting *c = counting_of(s, s->view);
	ConvType type = conv_types[s->conv_type];
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
static char *row_filter(struct stats *s, const struct srow *row)
{
	if (row->filter || !row->ref)
		return g_strdup(row->filter);
	ConvType type = conv_types[s->conv_type];
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

/* ---- counting in the background ---- */

static void on_count(const struct packet *p, void *data)
{
	struct counting *c = data;
	if (c->filter && !dfilter_match(c->filter, p))
		return;
	if (c->phs)
		phs_packet(c->phs, p);
	if (c->dests)
		dests_packet(c->dests, p);
	for (size_t i = 0; i < G_N_ELEMENTS(conv_types); i++)
		if (c->conv[i])
			conv_packet(c->conv[i], p);
	if (c->rtt)
		rtt_packet(c->rtt, p);
	if (c->expert)
		expert_packet(c->expert, p);
}

/* Above this much resident memory, counting a view drops what the other
 * views counted (they are counted again when shown): on a gigabyte
 * capture each count holds 30-120 MB, and all of them together would not
 * fit in the UI's 300 MB. */
#define TUI_KEEP_BYTES ((uint64_t)128 << 20)

/* Starts the pass of view V when it has none. */
static void start_counting(struct stats *s, enum view v)
{
	struct counting *c = counting_of(s, v);
	if ((v == V_PHS && !s->filter) || c->running || c->done)
		return;
	if (tui_resident_bytes() > TUI_KEEP_BYTES) {
		bool dropped = false;
		for (int w = V_PHS + 1; w < V_COUNT; w++) {
			struct counting *o = &s->c[w];
			if (o != c && (o->done || o->running)) {
				counting_free(o);
				*o = (struct counting){0};
				dropped = true;
			}
		}
		if (dropped)
			tui_release_memory();
	}
	g_autoptr(GError) err = NULL;
	/* the depth `analyze rtt` reads at: its listener follows TCP itself */
	int depth = v == V_EXPERT || v == V_PHS ? LOOP_TRACKED : LOOP_TRANSPORT;
	if (s->filter)
		depth = MAX(depth, dfilter_depth(s->filter));
	if (!tui_pass_open(&c->pass, s->app->idx->path, (enum loop_depth)depth, &err)) {
		tui_message(s->app, "cannot count: %s", err->message);
		return;
	}
	if (v == V_DESTS)
		c->dests = dests_new();
	if (v == V_CONV || v == V_ENDPOINTS)
		for (size_t i = 0; i < G_N_ELEMENTS(conv_types); i++)
			c->conv[i] = conv_new(conv_types[i]);
	if (v == V_RTT) {
		c->rtt = rtt_new();
		rtt_file_begin(c->rtt, 0);
	}
	if (v == V_EXPERT)
		c->expert = expert_new();
	if (v == V_PHS)
		c->phs = phs_new();
	c->filter = s->filter;
	c->pass.marks = s->app->idx->marks;
	c->pass.mark_bit = TUI_MARK_USER;
	c->running = true;
}

static bool stats_step(void *self)
{
	struct stats *s = self;
	struct counting *c = counting_of(s, s->view);
	if (!c->running)
		return false;
	tui_pass_step(&c->pass, 2000, on_count, c);
	if (c->pass.state == 0)
		return true;
	if (c->pass.state < 0)
		tui_message(s->app, "counted up to damage: %s", c->pass.error);
	if (c->rtt)
		rtt_file_end(c->rtt);
	tui_pass_close(&c->pass);
	c->running = false;
	c->done = true;
	s->stale = true;
	return false;
}

static void build(struct stats *s)
{
	if (s->view == V_PHS && !s->filter && s->phs_at != phs_frames(s->app->idx->phs))
		s->stale = true;
	if (!s->stale)
		return;
	s->stale = false;
	g_array_set_size(s->rows, 0);
	g_clear_pointer(&s->head, g_free);
	struct counting *c = counting_of(s, s->view);
	switch (s->view) {
	case V_PHS:
		if (!s->filter)
			build_phs(s, s->app->idx->phs);
		else if (c->done)
			build_phs(s, c->phs);
		break;
	case V_DESTS: if (c->done) build_dests(s, c->dests); break;
	case V_CONV: if (c->done) build_conv(s, c->conv[s->conv_type]); break;
	case V_ENDPOINTS: if (c->done) build_endpoints(s, c->conv[s->conv_type]); break;
	case V_RTT: if (c->done) build_rtt(s, c->rtt); break;
	case V_EXPERT: if (c->done) build_expert(s, c->expert); break;
	default: break;
	}
	tui_scroll_set_count(&s->scroll, s->rows->len);
	if (s->restore && ((s->view == V_PHS && !s->filter) || c->done)) {
		s->restore = false;
		s->scroll.top = s->top[s->view];
		tui_scroll_goto(&s->scroll, s->sel[s->view]);
	}
}

static void stats_draw(void *self, const struct tui_rect *r, bool focused)
{
	struct stats *s = self;
	(void)focused;
	start_counting(s, s->view);
	build(s);
	attrset(tui_attr(COL_TITLE));
	GString *tabs = g_string_new(NULL);
	for (int v = 0; v < V_COUNT; v++)
		g_string_append_printf(tabs, v == (int)s->view ? "[%d %s] " : " %d %s  ", v + 1, view_names[v]);
	tui_put(r->y, r->x, r->w, tabs->str);
	g_string_free(tabs, TRUE);
	GString *t = g_string_new(view_names[s->view]);
	if (s->filter_text)
		g_string_append_printf(t, " of the frames shown (%s)", s->filter_text);
	if (s->view == V_CONV || s->view == V_ENDPOINTS)
		g_string_append_printf(t, ": %s (T: TCP, UDP, IPv4, IPv6, Ethernet)", conv_type_name(conv_types[s->conv_type]));
	if (s->view == V_CONV)
		g_string_append(t, "  Enter: A<->B  >: A->B  <: B->A");
	if (s->view == V_RTT)
		g_string_append_printf(t, ", sorted by %s (o: sort)", rtt_sorts[s->rtt_sort]);
	if (s->view == V_PHS && !s->app->idx->done && !s->filter)
		g_string_append(t, " (so far: still indexing)");

	g_string_append(t, "   Enter: filter on the row; 1-6 Left Right: view; q: back");
	tui_put(r->y + 1, r->x, r->w, t->str);
	g_string_free(t, TRUE);
	tui_put(r->y + 2, r->x, r->w, s->head ? s->head : "");
	attrset(A_NORMAL);
	int body = r->h - 3;
	tui_scroll_set_height(&s->scroll, (guint)MAX(1, body));
	struct counting *c = counting_of(s, s->view);
	GString *line = g_string_new(NULL);
	for (int i = 0; i < body; i++) {
		guint at = s->scroll.top + (guint)i;
		const char *text = "";
		g_autofree char *wait = NULL;
		if (c->running && i == 0)
			text = wait = g_strdup_printf("counting... %d%% (the list stays usable: q goes back)",
						      (int)(tui_pass_progress(&c->pass) * 100));
		else if (at < s->rows->len)
			text = row_text(s, &g_array_index(s->rows, struct srow, at), line);
		attrset(at == s->scroll.sel && at < s->rows->len ? A_REVERSE | A_BOLD : A_NORMAL);
		tui_put(r->y + 3 + i, r->x, r->w, text);
		attrset(A_NORMAL);
	}
	g_string_free(line, TRUE);
	if (s->finding) {
		g_autofree char *p = g_strdup_printf("Find in the rows: %s", s->find.text->str);
		attrset(tui_attr(COL_TITLE));
		tui_put(r->y + r->h - 1, r->x, r->w, p);
		attrset(A_NORMAL);
	}
}

/* Selects the next row (after the selected one, wrapping) whose text has
 * the find text in it, in any case; false when none has. */
static bool find_next(struct stats *s)
{
	const char *needle = s->find.text->str;
	guint n = s->rows->len;
	if (!*needle || !n)
		return false;
	g_autofree char *want = g_utf8_casefold(needle, -1);
	GString *line = g_string_new(NULL);
	bool found = false;
	for (guint k = 1; k <= n && !found; k++) {
		guint at = (s->scroll.sel + k) % n;
		g_autofree char *text = g_utf8_casefold(row_text(s, &g_array_index(s->rows, struct srow, at), line), -1);
		if (strstr(text, want)) {
			tui_scroll_goto(&s->scroll, at);
			found = true;
		}
	}
	g_string_free(line, TRUE);
	return found;
}

/* A key while the find prompt is open. */
static enum tui_act find_key(struct stats *s, int ch)
{
	if (ch == 27) {
		s->finding = false;
		return TUI_ACT_DONE;
	}
	if (ch != '\n' && ch != '\r' && ch != KEY_ENTER) {
		tui_editline_key(&s->find, ch);
		return TUI_ACT_DONE;
	}
	s->finding = false;
	s->restore = false;
	if (!find_next(s))
		tui_message(s->app, "no row has '%s'", s->find.text->str);
	return TUI_ACT_DONE;
}

static void stats_resize(void *self, const struct tui_rect *r)
{
	struct stats *s = self;
	tui_scroll_set_height(&s->scroll, (guint)MAX(1, r->h - 3));
}

static void set_view(struct stats *s, int v)
{
	keep_place(s);
	s->view = (enum view)((v + V_COUNT) % V_COUNT);
	s->stale = true;
	s->scroll.sel = s->scroll.top = 0;
	s->restore = true;
}

static enum tui_act stats_key(void *self, int ch)
{
	struct stats *s = self;
	build(s);
	if (s->finding)
		return find_key(s, ch);
	if (ch == '/') {
		s->finding = true;
		tui_editline_set_selected(&s->find, s->find.text->str);
		return TUI_ACT_DONE;
	}
	if (ch == 'n' && s->find.text->len) {
		s->restore = false;
		if (!find_next(s))
			tui_message(s->app, "no row has '%s'", s->find.text->str);
		return TUI_ACT_DONE;
	}
	switch (ch) { /* a move before the rows came: the view stays where it is moved */
	case KEY_DOWN: case 'j': case KEY_UP: case 'k': case KEY_NPAGE: case ' ': case KEY_PPAGE: case 'b':
	case KEY_HOME: case 'g': case KEY_END: case 'G': s->restore = false; break;
	default: break;
	}
	switch (ch) {
	case KEY_DOWN: case 'j': tui_scroll_move(&s->scroll, 1); break;
	case KEY_UP: case 'k': tui_scroll_move(&s->scroll, -1); break;
	case KEY_NPAGE: case ' ': tui_scroll_page(&s->scroll, 1); break;
	case KEY_PPAGE: case 'b': tui_scroll_page(&s->scroll, -1); break;
	case KEY_HOME: case 'g': tui_scroll_goto(&s->scroll, 0); break;
	case KEY_END: case 'G': tui_scroll_goto(&s->scroll, s->rows->len ? s->rows->len - 1 : 0); break;
	case '1': case '2': case '3': case '4': case '5': case '6': set_view(s, ch - '1'); break;
	case KEY_RIGHT: case 'l': case 's': set_view(s, (int)s->view + 1); break;
	case KEY_LEFT: case 'h': set_view(s, (int)s->view - 1); break;
	case 'T':
		s->conv_type = (s->conv_type + 1) % G_N_ELEMENTS(conv_types);
		s->stale = true;
		s->scroll.sel = s->scroll.top = 0;
		break;
	case 'o':
		s->rtt_sort = (s->rtt_sort + 1) % G_N_ELEMENTS(rtt_sorts);
		s->stale = true;
		s->scroll.sel = s->scroll.top = 0;
		break;
	case '>': case '<': { /* a conversation one way: A to B, B to A */
		if (s->view != V_CONV || s->scroll.sel >= s->rows->len)
			return TUI_ACT_DONE;
		const struct srow *row = &g_array_index(s->rows, struct srow, s->scroll.sel);
		const struct conversation *cv = row->ref;
		if (!cv)
			return TUI_ACT_DONE;
		ConvType type = conv_types[s->conv_type];
		GString *f = g_string_new(NULL);
		addr_role_filter(f, ch == '>' ? &cv->a : &cv->b, type, "src");
		addr_role_filter(f, ch == '>' ? &cv->b : &cv->a, type, "dst");
		g_free(s->app->request);
		s->app->request = g_string_free(f, FALSE);
		return TUI_ACT_FILTER;
	}
	case '\n': case '\r': case KEY_ENTER: case 'f': {
		if (s->scroll.sel >= s->rows->len)
			return TUI_ACT_DONE;
		char *filter = row_filter(s, &g_array_index(s->rows, struct srow, s->scroll.sel));
		if (!filter) {
			tui_message(s->app, "no filter for this row");
			return TUI_ACT_DONE;
		}
		g_free(s->app->request);
		s->app->request = filter;
		return TUI_ACT_FILTER;
	}
	default: return TUI_ACT_NONE;
	}
	return TUI_ACT_DONE;
}

static const struct tui_keyhelp stats_help[] = {
	{"1 2 3 4 5 6, Left h / Right l s", "Protocol Hierarchy, Destinations and Ports, Conversations, Endpoints, "
					    "Handshake RTT, Expert Info"},
	{"T", "conversations and endpoints of TCP, UDP, IPv4, IPv6 or Ethernet"},
	{"/ n", "find a text in the rows (any case) / the next row with it"},
	{"> / <", "conversations: filter on one way only, A to B / B to A (Enter: both ways)"},
	{"o", "RTT: sort by stream, network RTT, irtt, syn-synack or status"},
	{"Down j / Up k, PgDn PgUp, g G", "move between rows"},
	{"Enter f", "apply the row's filter (protocol, address, port, conversation, tcp.stream, expert message) "
		    "and go back"},
	{NULL, NULL},
};

const struct tui_screen tui_stats_screen = {
	"Statistics", stats_create, stats_destroy, stats_draw, stats_resize, stats_key, stats_help, stats_step,
};
