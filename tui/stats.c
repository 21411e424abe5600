/* stats.c — the statistics screen, five views over the listeners of stats/:
 * Protocol Hierarchy (fed by the indexing pass), Destinations and Ports,
 * Conversations (TCP, UDP, IPv4), Endpoints and Handshake RTT (each counted
 * by a background pass of its own when first shown, then kept).  Every row
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
#include "stats/hierarchy.h"
#include "stats/rtt.h"
#include "tui/app.h"

enum view { V_PHS, V_DESTS, V_CONV, V_ENDPOINTS, V_RTT, V_COUNT };
static const char *const view_names[V_COUNT] = {"Protocol Hierarchy", "Destinations and Ports", "Conversations",
						 "Endpoints", "Handshake RTT"};
static const ConvType conv_types[] = {CONV_TCP, CONV_UDP, CONV_IP};
static const char *const rtt_sorts[] = {"stream", "network RTT", "irtt", "syn-synack", "status"};

struct srow {
	char *text;   /* owned */
	char *filter; /* owned, NULL: the row has none */
};

/* A background pass feeding one listener. */
struct counting {
	struct tui_pass pass;
	bool running, done;
	dests_state *dests;
	conv_state *conv[G_N_ELEMENTS(conv_types)];
	rtt_state *rtt;
};

struct stats {
	struct tui_app *app;
	enum view view;
	guint conv_type;        /* index in conv_types */
	guint rtt_sort;         /* index in rtt_sorts */
	GArray *rows;           /* struct srow */
	char *head;             /* column heading, owned */
	bool stale;             /* rows must be built again */
	uint64_t phs_at;        /* frames counted when the hierarchy rows were built */
	struct counting c[V_COUNT];
	struct tui_scroll scroll;
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
	return s;
}

static void counting_free(struct counting *c)
{
	tui_pass_close(&c->pass);
	g_clear_pointer(&c->dests, dests_free);
	for (size_t i = 0; i < G_N_ELEMENTS(conv_types); i++)
		g_clear_pointer(&c->conv[i], conv_free);
	g_clear_pointer(&c->rtt, rtt_free);
}

static void stats_destroy(void *self)
{
	struct stats *s = self;
	for (int v = 0; v < V_COUNT; v++)
		counting_free(&s->c[v]);
	g_array_free(s->rows, TRUE);
	g_free(s->head);
	g_free(s);
}

static void add_row(struct stats *s, char *text, char *filter)
{
	struct srow r = {text, filter};
	g_array_append_val(s->rows, r);
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

static void build_phs(struct stats *s)
{
	const phs_state *phs = s->app->idx->phs;
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
		if (v->len)
			add_row(s, g_strdup_printf("IPv%u destinations and ports: %" G_GUINT64_FORMAT " packets", fam, total),
				NULL);
		const char *ipf = fam == 4 ? "ip.dst" : "ipv6.dst";
		for (guint i = 0; i < v->len; i++) {
			const struct dest *x = v->pdata[i];
			char a[64];
			addr_str(a, fam, x->addr);
			add_row(s, g_strdup_printf("%-46s %9" G_GUINT64_FORMAT " %7.2f%%", a, x->count,
						   total ? 100.0 * (double)x->count / (double)total : 0.0),
				g_strdup_printf("%s == %s", ipf, a));
			for (int t = 0; t < DEST_NTRANSPORTS; t++) {
				const struct dest_transport *tr = &x->t[t];
				if (!tr->count)
					continue;
				const char *tn = dests_transport_name(t);
				g_autofree char *lower = g_ascii_strdown(tn, -1);
				add_row(s, g_strdup_printf("  %-44s %9" G_GUINT64_FORMAT " %7.2f%%", tn, tr->count,
							   100.0 * (double)tr->count / (double)x->count),
					t == DEST_NONE ? g_strdup_printf("%s == %s && !tcp && !udp", ipf, a) :
					g_strdup_printf("%s == %s && %s", ipf, a, lower));
				for (guint k = 0; t != DEST_NONE && k < tr->ports->len; k++) {
					const struct dest_port *pt = &g_array_index(tr->ports, struct dest_port, k);
					const char *svc = service_name(pt->port, t == DEST_TCP);
					g_autofree char *pn = svc ? g_strdup_printf("%u (%s)", pt->port, svc) :
								    g_strdup_printf("%u", pt->port);
					add_row(s, g_strdup_printf("    %-42s %9" G_GUINT64_FORMAT " %7.2f%%", pn, pt->count,
								   100.0 * (double)pt->count / (double)tr->count),
						g_strdup_printf("%s.port == %u", lower, pt->port));
				}
			}
		}
		g_ptr_array_free(v, TRUE);
	}
}

/* ---- Conversations and Endpoints ---- */

/* The filter of address A in a conversation or endpoint of TYPE. */
static void addr_filter(GString *f, const struct conv_addr *a, ConvType type)
{
	char buf[64];
	addr_str(buf, a->kind, a->bytes);
	if (f->len)
		g_string_append(f, " && ");
	g_string_append_printf(f, "%s == %s", a->kind == 6 ? "ipv6.addr" : "ip.addr", buf);
	if (type == CONV_TCP || type == CONV_UDP)
		g_string_append_printf(f, " && %s.port == %u", type == CONV_TCP ? "tcp" : "udp", a->port);
}

static const char *addr_text(char *buf, const struct conv_addr *a, ConvType type)
{
	char ab[64];
	addr_str(ab, a->kind, a->bytes);
	if (type == CONV_TCP || type == CONV_UDP)
		g_snprintf(buf, 80, a->kind == 6 ? "[%s]:%u" : "%s:%u", ab, a->port);
	else
		g_strlcpy(buf, ab, 80);
	return buf;
}

static void build_conv(struct stats *s, conv_state *cs, ConvType type)
{
	s->head = g_strdup_printf("%-30s %-30s %9s %12s %9s %12s %9s %12s %11s %10s", "Address A", "Address B",
				  "Frames", "Bytes", "A->B", "Bytes A->B", "B->A", "Bytes B->A", "Rel Start", "Duration");
	GPtrArray *v = conv_conversations(cs);
	int64_t first = conv_first_ns(cs);
	for (guint i = 0; i < v->len; i++) {
		const struct conversation *c = v->pdata[i];
		char a[80], b[80], t1[32], t2[32];
		seconds_str(t1, c->first_ns - first);
		seconds_str(t2, c->last_ns - c->first_ns);
		GString *f = g_string_new(NULL);
		addr_filter(f, &c->a, type);
		addr_filter(f, &c->b, type);
		add_row(s,
			g_strdup_printf("%-30s %-30s %9" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT
					" %12" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %11s %10s",
					addr_text(a, &c->a, type), addr_text(b, &c->b, type), c->frames_ab + c->frames_ba,
					c->bytes_ab + c->bytes_ba, c->frames_ab, c->bytes_ab, c->frames_ba, c->bytes_ba, t1,
					t2),
			g_string_free(f, FALSE));
	}
	g_ptr_array_free(v, TRUE);
}

static void build_endpoints(struct stats *s, conv_state *cs, ConvType type)
{
	s->head = g_strdup_printf("%-30s %9s %12s %9s %12s %9s %12s", "Address", "Frames", "Bytes", "Tx Frames",
				  "Tx Bytes", "Rx Frames", "Rx Bytes");
	GPtrArray *v = conv_endpoints(cs);
	for (guint i = 0; i < v->len; i++) {
		const struct endpoint *e = v->pdata[i];
		char a[80];
		GString *f = g_string_new(NULL);
		addr_filter(f, &e->addr, type);
		add_row(s,
			g_strdup_printf("%-30s %9" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT
					" %12" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT,
					addr_text(a, &e->addr, type), e->tx_frames + e->rx_frames, e->tx_bytes + e->rx_bytes,
					e->tx_frames, e->tx_bytes, e->rx_frames, e->rx_bytes),
			g_string_free(f, FALSE));
	}
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
	GPtrArray *list = g_ptr_array_new();
	for (guint i = 0; i < conns->len; i++)
		g_ptr_array_add(list, &g_array_index(conns, struct rtt_conn, i));
	sort_by = s->rtt_sort;
	g_ptr_array_sort(list, rtt_cmp);
	g_autoptr(rtt_summary) sum = rtt_summarize(st);
	GArray *results = g_array_new(FALSE, TRUE, sizeof(struct file_result));
	struct file_result res = {.path = s->app->idx->path, .opened = true, .complete = true};
	g_array_append_val(results, res);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	rtt_report_text(fp, list, sum, results, 0);
	fclose(fp);
	/* the report: a heading, a line per connection in LIST's order, then the
	 * summary, the servers and the histogram */
	g_auto(GStrv) lines = g_strsplit(buf, "\n", -1);
	free(buf);
	guint n = g_strv_length(lines), first = list->len ? 1 : 0;
	s->head = g_strdup(list->len && n ? lines[0] : "");
	for (guint i = first; i < n; i++) {
		if (i + 1 == n && !*lines[i])
			break;
		guint k = i - first;
		char *filter = list->len && k < list->len ?
				       g_strdup_printf("tcp.stream == %u", ((struct rtt_conn *)list->pdata[k])->stream) :
				       NULL;
		add_row(s, g_strdup(lines[i]), filter);
	}
	g_array_free(results, TRUE);
	g_ptr_array_free(list, TRUE);
}

/* ---- counting in the background ---- */

static void on_count(const struct packet *p, void *data)
{
	struct counting *c = data;
	if (c->dests)
		dests_packet(c->dests, p);
	for (size_t i = 0; i < G_N_ELEMENTS(conv_types); i++)
		if (c->conv[i])
			conv_packet(c->conv[i], p);
	if (c->rtt)
		rtt_packet(c->rtt, p);
}

/* Starts the pass of view V when it has none. */
static void start_counting(struct stats *s, enum view v)
{
	struct counting *c = &s->c[v];
	if (v == V_PHS || c->running || c->done)
		return;
	g_autoptr(GError) err = NULL;
	if (!tui_pass_open(&c->pass, s->app->idx->path, v == V_RTT ? LOOP_TRACKED : LOOP_TRANSPORT, &err)) {
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
	c->running = true;
}

static bool stats_step(void *self)
{
	struct stats *s = self;
	struct counting *c = &s->c[s->view];
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
	if (s->view == V_PHS && s->phs_at != phs_frames(s->app->idx->phs))
		s->stale = true;
	if (!s->stale)
		return;
	s->stale = false;
	g_array_set_size(s->rows, 0);
	g_clear_pointer(&s->head, g_free);
	struct counting *c = &s->c[s->view];
	switch (s->view) {
	case V_PHS: build_phs(s); break;
	case V_DESTS: if (c->done) build_dests(s, c->dests); break;
	case V_CONV: if (c->done) build_conv(s, c->conv[s->conv_type], conv_types[s->conv_type]); break;
	case V_ENDPOINTS: if (c->done) build_endpoints(s, c->conv[s->conv_type], conv_types[s->conv_type]); break;
	case V_RTT: if (c->done) build_rtt(s, c->rtt); break;
	default: break;
	}
	tui_scroll_set_count(&s->scroll, s->rows->len);
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
	if (s->view == V_CONV || s->view == V_ENDPOINTS)
		g_string_append_printf(t, ": %s (T: TCP, UDP, IPv4)", conv_type_name(conv_types[s->conv_type]));
	if (s->view == V_RTT)
		g_string_append_printf(t, ", sorted by %s (o: sort)", rtt_sorts[s->rtt_sort]);
	if (s->view == V_PHS && !s->app->idx->done)
		g_string_append(t, " (so far: still indexing)");
	g_string_append(t, "   Enter: filter on the row; 1-5 Left Right: view; q: back");
	tui_put(r->y + 1, r->x, r->w, t->str);
	g_string_free(t, TRUE);
	tui_put(r->y + 2, r->x, r->w, s->head ? s->head : "");
	attrset(A_NORMAL);
	int body = r->h - 3;
	tui_scroll_set_height(&s->scroll, (guint)MAX(1, body));
	struct counting *c = &s->c[s->view];
	for (int i = 0; i < body; i++) {
		guint at = s->scroll.top + (guint)i;
		const char *text = "";
		g_autofree char *wait = NULL;
		if (c->running && i == 0)
			text = wait = g_strdup_printf("counting... %d%% (the list stays usable: q goes back)",
						      (int)(tui_pass_progress(&c->pass) * 100));
		else if (at < s->rows->len)
			text = g_array_index(s->rows, struct srow, at).text;
		attrset(at == s->scroll.sel && at < s->rows->len ? A_REVERSE | A_BOLD : A_NORMAL);
		tui_put(r->y + 3 + i, r->x, r->w, text);
		attrset(A_NORMAL);
	}
}

static void stats_resize(void *self, const struct tui_rect *r)
{
	struct stats *s = self;
	tui_scroll_set_height(&s->scroll, (guint)MAX(1, r->h - 3));
}

static void set_view(struct stats *s, int v)
{
	s->view = (enum view)((v + V_COUNT) % V_COUNT);
	s->stale = true;
	s->scroll.sel = s->scroll.top = 0;
}

static enum tui_act stats_key(void *self, int ch)
{
	struct stats *s = self;
	build(s);
	switch (ch) {
	case KEY_DOWN: case 'j': tui_scroll_move(&s->scroll, 1); break;
	case KEY_UP: case 'k': tui_scroll_move(&s->scroll, -1); break;
	case KEY_NPAGE: case ' ': tui_scroll_page(&s->scroll, 1); break;
	case KEY_PPAGE: case 'b': tui_scroll_page(&s->scroll, -1); break;
	case KEY_HOME: case 'g': tui_scroll_goto(&s->scroll, 0); break;
	case KEY_END: case 'G': tui_scroll_goto(&s->scroll, s->rows->len ? s->rows->len - 1 : 0); break;
	case '1': case '2': case '3': case '4': case '5': set_view(s, ch - '1'); break;
	case KEY_RIGHT: case 'l': case 's': set_view(s, (int)s->view + 1); break;
	case KEY_LEFT: case 'h': set_view(s, (int)s->view - 1); break;
	case 'T':
		s->conv_type = (s->conv_type + 1) % G_N_ELEMENTS(conv_types);
		s->stale = true;
		break;
	case 'o':
		s->rtt_sort = (s->rtt_sort + 1) % G_N_ELEMENTS(rtt_sorts);
		s->stale = true;
		break;
	case '\n': case '\r': case KEY_ENTER: case 'f': {
		if (s->scroll.sel >= s->rows->len)
			return TUI_ACT_DONE;
		const struct srow *row = &g_array_index(s->rows, struct srow, s->scroll.sel);
		if (!row->filter) {
			tui_message(s->app, "no filter for this row");
			return TUI_ACT_DONE;
		}
		g_free(s->app->request);
		s->app->request = g_strdup(row->filter);
		return TUI_ACT_FILTER;
	}
	default: return TUI_ACT_NONE;
	}
	return TUI_ACT_DONE;
}

static const struct tui_keyhelp stats_help[] = {
	{"1 2 3 4 5, Left h / Right l s", "Protocol Hierarchy, Destinations and Ports, Conversations, Endpoints, "
					  "Handshake RTT"},
	{"T", "conversations and endpoints of TCP, UDP or IPv4"},
	{"o", "RTT: sort by stream, network RTT, irtt, syn-synack or status"},
	{"Down j / Up k, PgDn PgUp, g G", "move between rows"},
	{"Enter f", "apply the row's filter (protocol, address, port, conversation, tcp.stream) and go back"},
	{NULL, NULL},
};

const struct tui_screen tui_stats_screen = {
	"Statistics", stats_create, stats_destroy, stats_draw, stats_resize, stats_key, stats_help, stats_step,
};
