/* cmd_conv.c — `analyze conv` and `analyze endpoints`: Wireshark's
 * Conversations and Endpoints tables for one address type, busiest first.
 * Each file is counted on its own, as Wireshark opens one file at a time:
 * over several files every row belongs to one file (the text's `file`
 * column, JSON's "file", CSV's `file` column), relative starts are from
 * its file's first frame, and the rows of all files are ranked together. */
#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/filter/filter.h"
#include "analyzer/commands.h"
#include "analyzer/partial.h"
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

/* Starts a text row in LINE (SIZE bytes, one kept for the newline): with
 * MANY files, the row's file number first. */
static void lb_row_start(struct linebuf *l, char *line, size_t size, bool many, const struct row *row)
{
	lb_init(l, line, size - 1);
	if (many) {
		lb_right_uint(l, row->file + 1, 4);
		lb_str(l, " ");
	}
}

/* An address padded to W and, with PORTS, its port: one cell of a row. */
static void lb_endpoint(struct linebuf *l, const char *addr, int w, bool ports, unsigned port)
{
	lb_left(l, addr, w);
	lb_str(l, " ");
	if (ports) {
		lb_right_uint(l, port, 6);
		lb_str(l, " ");
	}
}

/* C's frames and bytes as the reports' columns list them: A>B, B>A, both. */
static void conv_counts(const struct conversation *c, uint64_t nums[6])
{
	nums[0] = c->frames_ab;
	nums[1] = c->bytes_ab;
	nums[2] = c->frames_ba;
	nums[3] = c->bytes_ba;
	nums[4] = c->frames_ab + c->frames_ba;
	nums[5] = c->bytes_ab + c->bytes_ba;
}

static void conv_text(FILE *fp, const struct conv_run *r)
{
	char a[64], b[64];
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
		/* built without printf: a row per conversation */
		char line[512];
		struct linebuf l;
		lb_row_start(&l, line, sizeof line, many, row);
		lb_endpoint(&l, caddr(a, &c->a), w, ports, c->a.port);
		lb_endpoint(&l, caddr(b, &c->b), w, ports, c->b.port);
		uint64_t nums[6];
		conv_counts(c, nums);
		for (int k = 0; k < 6; k++) {
			lb_right_uint(&l, nums[k], k % 2 ? 12 : 10);
			lb_str(&l, " ");
		}
		lb_right_seconds(&l, rel_start(r, row), 14);
		lb_str(&l, " ");
		lb_right_seconds(&l, ts_diff(c->last_ns, c->first_ns), 14);
		lb_put_line(&l, line, fp);
	}
	if (n > shown(n, r->top))
		fprintf(fp, "(%u more conversation%s)\n", n - (guint)r->top, n - (guint)r->top == 1 ? "" : "s");
	file_legend(fp, r);
}

static void conv_json(struct json *j, const struct conv_run *r)
{
	char buf[64];
	JSON_KEY(j, "conversations");
	json_begin_array(j);
	for (guint i = 0; i < shown(r->rows->len, r->top); i++) {
		const struct row *row = row_at(r, i);
		const struct conversation *c = row->item;
		json_begin_object(j);
		JSON_KV_STRING(j, "file", file_path(r, row->file));
		JSON_KV_STRING(j, "address_a", caddr(buf, &c->a));
		if (has_ports(r->type))
			JSON_KV_INT(j, "port_a", c->a.port);
		JSON_KV_STRING(j, "address_b", caddr(buf, &c->b));
		if (has_ports(r->type))
			JSON_KV_INT(j, "port_b", c->b.port);
		JSON_KV_INT(j, "frames_ab", (int64_t)c->frames_ab);
		JSON_KV_INT(j, "bytes_ab", (int64_t)c->bytes_ab);
		JSON_KV_INT(j, "frames_ba", (int64_t)c->frames_ba);
		JSON_KV_INT(j, "bytes_ba", (int64_t)c->bytes_ba);
		JSON_KV_INT(j, "frames", (int64_t)(c->frames_ab + c->frames_ba));
		JSON_KV_INT(j, "bytes", (int64_t)(c->bytes_ab + c->bytes_ba));
		JSON_KEY(j, "rel_start");
		json_seconds(j, rel_start(r, row));
		JSON_KEY(j, "duration");
		json_seconds(j, ts_diff(c->last_ns, c->first_ns));
		json_end_object(j);
	}
	json_end_array(j);
}

/* An address and, with PORTS, its port as CSV fields, each followed by a comma. */
static void lb_csv_endpoint(struct linebuf *l, const char *addr, bool ports, unsigned port)
{
	lb_str(l, addr);
	lb_str(l, ",");
	if (ports) {
		lb_right_uint(l, port, 0);
		lb_str(l, ",");
	}
}

static void conv_csv(FILE *fp, const struct conv_run *r)
{
	char a[64], b[64];
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
		/* built without printf, as the text table's rows */
		char line[512];
		struct linebuf l;
		lb_init(&l, line, sizeof line - 1);
		lb_csv_endpoint(&l, caddr(a, &c->a), ports, c->a.port);
		lb_csv_endpoint(&l, caddr(b, &c->b), ports, c->b.port);
		uint64_t nums[6];
		conv_counts(c, nums);
		for (int k = 0; k < 6; k++) {
			lb_right_uint(&l, nums[k], 0);
			lb_str(&l, ",");
		}
		lb_right_seconds(&l, rel_start(r, row), 0);
		lb_str(&l, ",");
		lb_right_seconds(&l, ts_diff(c->last_ns, c->first_ns), 0);
		lb_put_line(&l, line, fp);
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
		/* built without printf: a row per endpoint */
		char line[512];
		struct linebuf l;
		lb_row_start(&l, line, sizeof line, many, row);
		lb_endpoint(&l, caddr(a, &e->addr), w, ports, e->addr.port);
		const uint64_t nums[] = {e->tx_frames + e->rx_frames, e->tx_bytes + e->rx_bytes, e->tx_frames,
					 e->tx_bytes, e->rx_frames, e->rx_bytes};
		for (int k = 0; k < 6; k++) {
			if (k)
				lb_str(&l, " ");
			lb_right_uint(&l, nums[k], k % 2 ? 12 : 10);
		}
		lb_put_line(&l, line, fp);
	}
	if (n > shown(n, r->top))
		fprintf(fp, "(%u more endpoint%s)\n", n - (guint)r->top, n - (guint)r->top == 1 ? "" : "s");
	file_legend(fp, r);
}

static void end_json(struct json *j, const struct conv_run *r)
{
	char buf[64];
	JSON_KEY(j, "endpoints");
	json_begin_array(j);
	for (guint i = 0; i < shown(r->rows->len, r->top); i++) {
		const struct row *row = row_at(r, i);
		const struct endpoint *e = row->item;
		json_begin_object(j);
		JSON_KV_STRING(j, "file", file_path(r, row->file));
		JSON_KV_STRING(j, "address", caddr(buf, &e->addr));
		if (has_ports(r->type))
			JSON_KV_INT(j, "port", e->addr.port);
		JSON_KV_INT(j, "frames", (int64_t)(e->tx_frames + e->rx_frames));
		JSON_KV_INT(j, "bytes", (int64_t)(e->tx_bytes + e->rx_bytes));
		JSON_KV_INT(j, "tx_frames", (int64_t)e->tx_frames);
		JSON_KV_INT(j, "tx_bytes", (int64_t)e->tx_bytes);
		JSON_KV_INT(j, "rx_frames", (int64_t)e->rx_frames);
		JSON_KV_INT(j, "rx_bytes", (int64_t)e->rx_bytes);
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
		JSON_KV_STRING(&j, "type", conv_type_name(r->type));
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

/* Partial results: each input's conversations and endpoints as they are
 * (every file is counted on its own already); a merge lists the inputs'
 * states side by side, as one run over several files does. */
struct conv_part {
	conv_state *st;          /* this input's */
	GPtrArray *list;         /* conv_state *, the inputs merged in, borrowed */
	ConvType type;
};

static void *state_new(const struct partial_view *view)
{
	struct conv_part *p = g_new0(struct conv_part, 1);
	p->type = CONV_IP;
	if (view->type)
		conv_type_parse(view->type, &p->type);
	p->st = conv_new(p->type);
	p->list = g_ptr_array_new();
	return p;
}

static void state_free(void *st)
{
	struct conv_part *p = st;
	conv_free(p->st);
	g_ptr_array_unref(p->list);
	g_free(p);
}

static void part_frame(const struct packet *pk, void *st)
{
	conv_packet(((struct conv_part *)st)->st, pk);
}

static void state_merge(void *dst, void *src)
{
	g_ptr_array_add(((struct conv_part *)dst)->list, ((struct conv_part *)src)->st);
}

/* An address as [kind, its 16 bytes in hex, port]. */
static void write_addr(struct json *j, const struct conv_addr *a)
{
	char hex[33];
	for (int i = 0; i < 16; i++)
		g_snprintf(hex + 2 * i, 3, "%02x", a->bytes[i]);
	json_begin_array(j);
	json_uint(j, a->kind);
	json_string(j, hex);
	json_uint(j, a->port);
	json_end_array(j);
}

static void state_write(struct json *j, void *st, const struct partial_view *view)
{
	(void)view;
	struct conv_part *p = st;
	int64_t first, origin;
	bool any = conv_times(p->st, &first, &origin);
	json_begin_object(j);
	JSON_KEY(j, "first_ns");
	any ? json_int(j, first) : json_null(j);
	JSON_KEY(j, "origin_ns");
	any ? json_int(j, origin) : json_null(j);
	JSON_KEY(j, "conversations");
	json_begin_array(j);
	g_autoptr(GPtrArray) cv = conv_conversations(p->st);
	for (guint i = 0; i < cv->len; i++) {
		const struct conversation *c = cv->pdata[i];
		json_begin_array(j);
		write_addr(j, &c->a);
		write_addr(j, &c->b);
		const uint64_t n[] = {c->frames_ab, c->bytes_ab, c->frames_ba, c->bytes_ba};
		for (size_t k = 0; k < G_N_ELEMENTS(n); k++)
			json_uint(j, n[k]);
		json_int(j, c->first_ns);
		json_int(j, c->last_ns);
		json_uint(j, c->order);
		json_end_array(j);
	}
	json_end_array(j);
	JSON_KEY(j, "endpoints");
	json_begin_array(j);
	g_autoptr(GPtrArray) ev = conv_endpoints(p->st);
	for (guint i = 0; i < ev->len; i++) {
		const struct endpoint *e = ev->pdata[i];
		json_begin_array(j);
		write_addr(j, &e->addr);
		const uint64_t n[] = {e->tx_frames, e->tx_bytes, e->rx_frames, e->rx_bytes, e->order};
		for (size_t k = 0; k < G_N_ELEMENTS(n); k++)
			json_uint(j, n[k]);
		json_end_array(j);
	}
	json_end_array(j);
	json_end_object(j);
}

static bool get_u64(const struct jv *v, uint64_t *out)
{
	if (!v || v->type != JV_NUMBER || !v->integral || v->negative)
		return false;
	*out = v->uint;
	return true;
}

static bool get_i64(const struct jv *v, int64_t *out)
{
	if (!v || v->type != JV_NUMBER || !v->integral)
		return false;
	*out = v->negative ? (int64_t)v->number : (int64_t)v->uint;
	return true;
}

static bool read_addr(const struct jv *v, struct conv_addr *a)
{
	memset(a, 0, sizeof *a);
	if (!v || v->type != JV_ARRAY || v->items->len != 3)
		return false;
	const struct jv *const *f = (const struct jv *const *)v->items->pdata;
	uint64_t kind, port;
	if (!get_u64(f[0], &kind) || (kind != 0 && kind != 4 && kind != 6) || f[1]->type != JV_STRING ||
	    strlen(f[1]->string) != 32 || !get_u64(f[2], &port) || port > 65535)
		return false;
	for (int i = 0; i < 16; i++) {
		int hi = g_ascii_xdigit_value(f[1]->string[2 * i]), lo = g_ascii_xdigit_value(f[1]->string[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		a->bytes[i] = (uint8_t)(hi << 4 | lo);
	}
	a->kind = (uint8_t)kind;
	a->port = (uint16_t)port;
	return true;
}

static bool read_conv(const struct jv *v, struct conversation *c)
{
	if (v->type != JV_ARRAY || v->items->len != 9)
		return false;
	const struct jv *const *f = (const struct jv *const *)v->items->pdata;
	return read_addr(f[0], &c->a) && read_addr(f[1], &c->b) && get_u64(f[2], &c->frames_ab) &&
	       get_u64(f[3], &c->bytes_ab) && get_u64(f[4], &c->frames_ba) && get_u64(f[5], &c->bytes_ba) &&
	       get_i64(f[6], &c->first_ns) && get_i64(f[7], &c->last_ns) && get_u64(f[8], &c->order);
}

static bool read_end(const struct jv *v, struct endpoint *e)
{
	if (v->type != JV_ARRAY || v->items->len != 6)
		return false;
	const struct jv *const *f = (const struct jv *const *)v->items->pdata;
	return read_addr(f[0], &e->addr) && get_u64(f[1], &e->tx_frames) && get_u64(f[2], &e->tx_bytes) &&
	       get_u64(f[3], &e->rx_frames) && get_u64(f[4], &e->rx_bytes) && get_u64(f[5], &e->order);
}

static bool state_load(void *dst, const struct jv *v, GError **error)
{
	struct conv_part *p = dst;
	const struct jv *first = jv_get(v, "first_ns"), *origin = jv_get(v, "origin_ns");
	const struct jv *cv = jv_get(v, "conversations"), *ev = jv_get(v, "endpoints");
	int64_t f = 0, o = 0;
	bool any = first && first->type != JV_NULL;
	bool ok = first && origin && cv && cv->type == JV_ARRAY && ev && ev->type == JV_ARRAY &&
		  (!any || (get_i64(first, &f) && get_i64(origin, &o)));
	for (guint i = 0; ok && i < cv->items->len; i++) {
		struct conversation c;
		ok = read_conv(cv->items->pdata[i], &c);
		if (ok)
			conv_add_conversation(p->st, &c);
	}
	for (guint i = 0; ok && i < ev->items->len; i++) {
		struct endpoint e;
		ok = read_end(ev->items->pdata[i], &e);
		if (ok)
			conv_add_endpoint(p->st, &e);
	}
	if (!ok) {
		g_set_error(error, JV_ERROR, 0, "the state is not a conversations table (see docs/json.md)");
		return false;
	}
	conv_set_times(p->st, any, f, o);
	return true;
}

static void render_as(FILE *fp, void *st, GArray *results, const struct partial_view *view, bool endpoints)
{
	struct conv_part *p = st;
	struct conv_run r = {.states = p->list, .type = p->type, .fmt = view->fmt, .top = view->top,
			     .endpoints = endpoints, .results = results};
	report(fp, &r);
}

static void render_conv(FILE *fp, void *st, GArray *results, const struct partial_view *view)
{
	render_as(fp, st, results, view, false);
}

static void render_endpoints(FILE *fp, void *st, GArray *results, const struct partial_view *view)
{
	render_as(fp, st, results, view, true);
}

/* A type conv and endpoints have (eth, ip, tcp ...). */
static bool type_ok(const char *type)
{
	ConvType ct;
	return type && conv_type_parse(type, &ct);
}

const struct partial_ops partial_conv_ops = {
	"conv", LOOP_TRANSPORT, state_new, state_free, part_frame,
	NULL, NULL, state_merge, state_write, state_load, render_conv, type_ok, NULL, false,
};

const struct partial_ops partial_endpoints_ops = {
	"endpoints", LOOP_TRANSPORT, state_new, state_free, part_frame,
	NULL, NULL, state_merge, state_write, state_load, render_endpoints, type_ok, NULL, false,
};

static int run(const char *cmd, bool endpoints, int argc, char **argv)
{
	g_autofree char *format = NULL, *output = NULL, *type = NULL;
	int top = 0;
	gboolean tshark = FALSE;
	g_autofree char *filter_text = NULL;
	g_autoptr(dfilter) filter = NULL;
	gboolean quiet = FALSE, partial = FALSE;
	struct partial_request req = {false, 1, NULL, 0};
	g_autofree char *shard = NULL;
	GOptionEntry entries[] = {
		{"filter", 'Y', 0, G_OPTION_ARG_STRING, &filter_text, "only the frames this display filter keeps", "FILTER"},
		{"type", 0, 0, G_OPTION_ARG_STRING, &type, "eth, ip (default), ipv6, tcp or udp", "TYPE"},
		{"format", 'T', 0, G_OPTION_ARG_STRING, &format, "text (default), json, csv or partial", "FORMAT"},
		{"top", 0, 0, G_OPTION_ARG_INT, &top, "only the N busiest", "N"},
		{"tshark", 0, 0, G_OPTION_ARG_NONE, &tshark, endpoints ?
		 "print exactly what 'tshark -n -q -z endpoints,TYPE' prints (with -Y F: endpoints,TYPE,F)" :
		 "print exactly what 'tshark -n -q -z conv,TYPE' prints (with -Y F: conv,TYPE,F)", NULL},
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write the report to FILE", "FILE"},
		CLI_OPTION_QUIET(quiet),
		PARTIAL_OPTIONS(partial, req, shard),
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
	req.shard = shard;
	req.partial = partial || (format && strcmp(format, "partial") == 0);
	if (format && strcmp(format, "partial") != 0 && !out_format_parse(format, &r.fmt))
		return cli_usage_error(cmd, "unknown format '%s' (text, json, csv or partial)", format);
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
	if (partial_wanted(&req)) {
		if (tshark)
			return cli_usage_error(cmd, "--tshark cannot go with --partial, -j or --shard");
		struct partial_view view = {r.fmt, top, conv_type_name(r.type), NULL};
		return partial_run(endpoints ? &partial_endpoints_ops : &partial_conv_ops, argv + 1, argc - 1, filter_text,
				   quiet, &req, &view, output);
	}
	g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func((GDestroyNotify)conv_free);
	g_ptr_array_set_size(states, argc - 1);
	r.states = states;
	/* tshark tells connections on reused ports apart by tcp.stream */
	enum loop_depth depth = tshark && r.type == CONV_TCP ? LOOP_TRACKED : LOOP_TRANSPORT;
	struct run_hooks hooks = {on_open, on_frame, NULL, depth, NULL, quiet, NULL};
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
