/* findings_report.c — the rows of a file's findings, from the aggregates
 * its flows and packets were folded into. */
#include <string.h>

#include "stats/findings_private.h"

struct kind_info {
	const char *key;     /* the row's kind */
	const char *name;    /* for people */
	const char *probe;   /* the probes' filter, after the addresses */
};

static const struct kind_info scan_kinds[SK_NKINDS] = {
	[SK_SYN] = {"syn", "SYN scan (nmap -sS)", "tcp.flags.syn == 1 && tcp.flags.ack == 0"},
	[SK_CONNECT] = {"connect", "connect scan (nmap -sT)", "tcp.flags.syn == 1 && tcp.flags.ack == 0"},
	[SK_FIN] = {"fin", "FIN scan (nmap -sF)", "tcp.flags == 0x001"},
	[SK_NULL] = {"null", "NULL scan (nmap -sN)", "tcp.flags == 0x000"},
	[SK_XMAS] = {"xmas", "Xmas scan (nmap -sX)", "tcp.flags == 0x029"},
	[SK_ACK] = {"ack", "ACK or window scan (nmap -sA, -sW: the same probes)", "tcp.flags == 0x010 && tcp.len == 0"},
	[SK_MAIMON] = {"maimon", "Maimon scan (nmap -sM)", "tcp.flags == 0x011"},
	[SK_UDP] = {"udp", "UDP scan (nmap -sU)", "udp"},
};

static void addr_filter(GString *s, const char *field, uint8_t family, const uint8_t *a)
{
	char buf[46];
	g_string_append_printf(s, "%s.%s == %s", findings_ip_name(family), field, findings_addr_text(buf, family, a));
}

/* "ip.src == S && ip.dst == D" (either may be absent) and " && REST". */
char *findings_filter_of(uint8_t family, const uint8_t *src, const char *sf, const uint8_t *dst, const char *df,
		       const char *rest)
{
	GString *s = g_string_new(NULL);
	if (src)
		addr_filter(s, sf, family, src);
	if (dst) {
		if (s->len)
			g_string_append(s, " && ");
		addr_filter(s, df, family, dst);
	}
	if (rest && *rest)
		g_string_append_printf(s, "%s%s", s->len ? " && " : "", rest);
	return g_string_free(s, FALSE);
}

static gint uint_cmp(gconstpointer a, gconstpointer b)
{
	guint x = *(const guint *)a, y = *(const guint *)b;
	return x < y ? -1 : x > y;
}

/* The values of SET (stored + 1) of which WANT (state + 1, or 0 any) holds,
 * as "20-25,53,80" (ports, RANGES true) or "100000,100003". */
char *findings_set_text(GHashTable *set, guint want, bool ranges)
{
	g_autoptr(GArray) v = g_array_new(FALSE, FALSE, sizeof(guint));
	GHashTableIter it;
	gpointer k, val;
	g_hash_table_iter_init(&it, set);
	while (g_hash_table_iter_next(&it, &k, &val))
		if (!want || GPOINTER_TO_UINT(val) == want) {
			guint x = GPOINTER_TO_UINT(k) - 1;
			g_array_append_val(v, x);
		}
	if (!v->len)
		return NULL;
	g_array_sort(v, uint_cmp);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < v->len;) {
		guint a = g_array_index(v, guint, i), j = i;
		while (ranges && j + 1 < v->len && g_array_index(v, guint, j + 1) == g_array_index(v, guint, j) + 1)
			j++;
		if (s->len)
			g_string_append_c(s, ',');
		if (j > i + 1)
			g_string_append_printf(s, "%u-%u", a, g_array_index(v, guint, j));
		else if (j == i + 1)
			g_string_append_printf(s, "%u,%u", a, g_array_index(v, guint, j));
		else
			g_string_append_printf(s, "%u", a);
		i = j + 1;
	}
	return g_string_free(s, FALSE);
}

static guint count_state(GHashTable *set, int state)
{
	guint n = 0;
	GHashTableIter it;
	gpointer k, val;
	g_hash_table_iter_init(&it, set);
	while (g_hash_table_iter_next(&it, &k, &val))
		n += GPOINTER_TO_UINT(val) == (guint)state + 1;
	return n;
}

void scan_add(findings_state *st, const struct flow *f, ScanKind kind, int state, bool horizontal)
{
	struct akey k = {.kind = (uint8_t)kind, .family = f->k.family, .horizontal = horizontal};
	memcpy(k.src, f->k.a, 16);
	guint item;
	if (horizontal) {
		k.port = f->k.bport;
		struct addrkey ak = {.family = f->k.family};
		memcpy(ak.addr, f->k.b, 16);
		item = addrkey_hash(&ak) | 1u;
	} else {
		memcpy(k.dst, f->k.b, 16);
		item = f->k.bport;
	}
	struct scanagg *a = g_hash_table_lookup(st->scans, &k);
	if (!a) {
		a = findings_alloc(st, sizeof *a);
		a->k = k;
		a->items = g_hash_table_new(g_direct_hash, g_direct_equal);
		g_hash_table_insert(st->scans, &a->k, a);
	}
	gpointer old = g_hash_table_lookup(a->items, GUINT_TO_POINTER(item + 1));
	if (!old || GPOINTER_TO_UINT(old) > (guint)state + 1)
		g_hash_table_insert(a->items, GUINT_TO_POINTER(item + 1), GUINT_TO_POINTER((guint)state + 1));
	a->flows++;
	a->frames += f->apkts + f->bpkts;
	a->bytes += f->abytes + f->bbytes;
	span_merge(&a->first_frame, &a->last_frame, &a->first_ns, &a->last_ns, f->first_frame, f->last_frame,
		   f->first_ns, f->last_ns);
}

static struct finding *row(findings_state *st, const char *category, const char *kind, const char *what,
			   uint8_t family, const uint8_t *src, const uint8_t *dst)
{
	struct finding *r = finding_new(category, kind, what);
	r->file = st->file;
	r->family = family;
	if (src) {
		r->has_src = true;
		memcpy(r->src, src, 16);
	}
	if (dst) {
		r->has_dst = true;
		memcpy(r->dst, dst, 16);
	}
	return r;
}

static void row_span(struct finding *r, uint64_t frames, uint64_t bytes, uint64_t conns, uint64_t ff, uint64_t lf,
		     int64_t fns, int64_t lns)
{
	r->frames = frames;
	r->bytes = bytes;
	r->connections = conns;
	r->first_frame = ff;
	r->last_frame = lf;
	r->first_ns = fns;
	r->last_ns = lns;
}

/* One scan aggregate: a row when it is wide enough and mostly unanswered. */
static void scan_row(findings_state *st, const struct scanagg *a, GPtrArray *out, GHashTable *scanners)
{
	guint n = g_hash_table_size(a->items);
	guint open = count_state(a->items, PS_OPEN), closed = count_state(a->items, PS_CLOSED);
	bool connectish = a->k.kind == SK_SYN || a->k.kind == SK_CONNECT || a->k.kind == SK_UDP;
	if (n < (a->k.horizontal ? st->cfg.scan_hosts : st->cfg.scan_ports) || (connectish && open * 2 > n))
		return;
	/* SYNs to many hosts that no one answered: an unanswered sweep, not a scan */
	if (a->k.horizontal && (a->k.kind == SK_SYN || a->k.kind == SK_CONNECT) && !open && !closed)
		return;
	/* UDP: datagrams no one answers are common; a scan draws port
	 * unreachables, or is quick */
	bool quick = ts_diff(a->last_ns, a->first_ns) <= 60 * G_GINT64_CONSTANT(1000000000);
	if (a->k.kind == SK_UDP && closed * 4 < n && !(quick && !a->k.horizontal))
		return;
	const struct kind_info *ki = &scan_kinds[a->k.kind];
	char sbuf[46], dbuf[46];
	findings_addr_text(sbuf, a->k.family, a->k.src);
	g_autofree char *what = NULL;
	struct finding *r;
	if (a->k.horizontal) {
		what = g_strdup_printf("%s: %s probed port %u of %u hosts", ki->name, sbuf, a->k.port, n);
		r = row(st, "scan", ki->key, what, a->k.family, a->k.src, NULL);
		r->hosts = n;
		r->ports = g_strdup_printf("%u", a->k.port);
		g_autofree char *rest = g_strdup_printf("%s.dstport == %u && %s", a->k.kind == SK_UDP ? "udp" : "tcp",
							a->k.port, ki->probe);
		r->filter = findings_filter_of(a->k.family, a->k.src, "src", NULL, NULL, rest);
	} else {
		findings_addr_text(dbuf, a->k.family, a->k.dst);
		what = g_strdup_printf("%s: %s probed %u ports of %s", ki->name, sbuf, n, dbuf);
		r = row(st, "scan", ki->key, what, a->k.family, a->k.src, a->k.dst);
		r->hosts = 1;
		r->ports = findings_set_text(a->items, 0, true);
		r->filter = findings_filter_of(a->k.family, a->k.src, "src", a->k.dst, "dst", ki->probe);
	}
	if (!a->k.horizontal)
		r->open_ports = findings_set_text(a->items, PS_OPEN + 1, true);
	else
		r->hosts = n;
	r->closed = closed;
	row_span(r, a->frames, a->bytes, a->flows, a->first_frame, a->last_frame, a->first_ns, a->last_ns);
	g_ptr_array_add(out, r);
	/* the refusals and sweeps this scan explains are not reported again */
	struct akey *k = g_new0(struct akey, 1);
	k->family = a->k.family;
	memcpy(k->src, a->k.src, 16);
	if (!a->k.horizontal)
		memcpy(k->dst, a->k.dst, 16);
	g_hash_table_add(scanners, k);
}

static gint row_cmp(gconstpointer a, gconstpointer b)
{
	const struct finding *x = *(struct finding *const *)a, *y = *(struct finding *const *)b;
	if (x->info != y->info)
		return x->info ? 1 : -1;
	if (x->info)
		return 0; /* talkers stay in rank order (the sort is stable) */
	if ((x->first_frame == 0) != (y->first_frame == 0))
		return x->first_frame == 0 ? 1 : -1; /* rows of no frame (RTT limits) after the others */
	if (x->first_frame != y->first_frame)
		return x->first_frame < y->first_frame ? -1 : 1;
	return strcmp(x->kind, y->kind);
}

void findings_report_scans(findings_state *st, GPtrArray *out)
{
	if (!st->cfg.enabled[FIND_SCANS])
		return;
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, st->scans);
	while (g_hash_table_iter_next(&it, &k, &v))
		scan_row(st, v, out, st->scanners);
}

void findings_sort(GPtrArray *rows)
{
	g_ptr_array_sort(rows, row_cmp);
}
