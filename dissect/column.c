/* column.c — the packet list's columns: the editing calls protocols write
 * through, the walk over a frame's layers that has each protocol write its
 * part, and the columns as fields (_ws.col.*) as tshark offers them. */
#include "dissect/column.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dissect/fieldval.h"
#include "dissect/protocol.h"

void col_proto(struct columns *c, const char *name)
{
	if (!c->proto_locked)
		g_strlcpy(c->proto, name, sizeof c->proto);
}

void col_lock_proto(struct columns *c)
{
	c->proto_locked = true;
}

void col_lock(struct columns *c)
{
	c->locked = true;
}

void col_addrs(struct columns *c, const char *src, const char *dst)
{
	if (src)
		g_strlcpy(c->src, src, sizeof c->src);
	if (dst)
		g_strlcpy(c->dst, dst, sizeof c->dst);
}

/* Appends FMT/AP to S, through a buffer on the stack when it fits (GLib's
 * printf to a GString allocates each time). */
static void append_va(GString *s, const char *fmt, va_list ap)
{
	char buf[256];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n >= 0 && (size_t)n < sizeof buf)
		g_string_append_len(s, buf, n);
	else if (n >= 0)
		g_string_append_vprintf(s, fmt, again);
	va_end(again);
}

void col_clear(struct columns *c)
{
	if (c->info->len > c->fence)
		g_string_truncate(c->info, c->fence);
}

void col_partial_clear(struct columns *c, const struct packet *p, const uint8_t *pdu, uint32_t n)
{
	(void)p;
	(void)pdu;
	(void)n;
	col_clear(c);
}

void col_set(struct columns *c, const char *fmt, ...)
{
	va_list ap;
	col_clear(c);
	va_start(ap, fmt);
	append_va(c->info, fmt, ap);
	va_end(ap);
}

void col_append(struct columns *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	append_va(c->info, fmt, ap);
	va_end(ap);
}

void col_append_sep(struct columns *c, const char *sep, const char *fmt, ...)
{
	va_list ap;
	if (c->info->len)
		g_string_append(c->info, sep);
	va_start(ap, fmt);
	append_va(c->info, fmt, ap);
	va_end(ap);
}

/* Puts the text of FMT/AP before Info; its length. */
static gsize prepend(struct columns *c, const char *fmt, va_list ap)
{
	g_autofree char *t = g_strdup_vprintf(fmt, ap);
	gsize n = strlen(t);
	g_string_prepend(c->info, t);
	return n;
}

void col_prepend(struct columns *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	gsize n = prepend(c, fmt, ap);
	va_end(ap);
	if (c->fence)
		c->fence += n;
}

void col_prepend_fence(struct columns *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	c->fence += prepend(c, fmt, ap);
	va_end(ap);
}

void col_fence(struct columns *c)
{
	c->fence = c->info->len;
}

void col_append_name(struct columns *c, const char *const *names, size_t count, uint32_t value)
{
	if (value < count && names[value])
		g_string_append(c->info, names[value]);
	else
		g_string_append_printf(c->info, "Unknown (%u)", value);
}

void col_set_value(struct columns *c, const struct value_string *vals, uint32_t value, const char *unknown)
{
	const char *name = value_name(vals, value);
	col_clear(c);
	if (name)
		g_string_append(c->info, name);
	else
		g_string_append_printf(c->info, unknown, value);
}

/* The filter names in capitals, made once: the names of the interfaces
 * with no descriptor of their own (DCE/RPC's, whose layer below writes the
 * columns), as Wireshark's short names of them are. */
static char upper_names[PROTO_COUNT][COL_PROTO_MAX];

static gpointer upper_build(gpointer unused)
{
	(void)unused;
	for (int id = 0; id < PROTO_COUNT; id++) {
		const char *a = proto_get((enum proto_id)id)->abbrev;
		size_t i = 0;
		for (; a[i] && i + 1 < COL_PROTO_MAX; i++)
			upper_names[id][i] = g_ascii_toupper(a[i]);
		upper_names[id][i] = 0;
	}
	return NULL;
}

/* An ASCII control byte CH as C escapes it, octal when it has no letter. */
static void append_control(GString *out, uint8_t ch)
{
	static const char esc[] = "abtnvfr"; /* \a (7) .. \r (13) */
	if (ch >= 7 && ch <= 13)
		g_string_append_printf(out, "\\%c", esc[ch - 7]);
	else
		g_string_append_printf(out, "\\%03o", ch);
}

void text_append_utf8(GString *out, const uint8_t *d, uint32_t n)
{
	const uint8_t *p = d, *end = d + n;
	while (p < end) {
		uint8_t ch = *p++;
		if (ch >= 0x20 && ch < 0x7f) {
			g_string_append_c(out, (char)ch);
			continue;
		}
		if (ch < 0x80) {
			append_control(out, ch);
			continue;
		}
		/* the continuation bytes a start byte announces (five at most,
		 * as the old six-byte form allowed), and its own bits */
		int more = (ch & 0xe0) == 0xc0 ? 1 : (ch & 0xf0) == 0xe0 ? 2 : (ch & 0xf8) == 0xf0 ? 3 :
			   (ch & 0xfc) == 0xf8 ? 4 : (ch & 0xfe) == 0xfc ? 5 : -1;
		gunichar uc = 0xfffd;
		if (more > 0) {
			uc = ch & (0x7fu >> (more + 1));
			for (int i = 0; i < more; i++) {
				if (p >= end || (*p & 0xc0) != 0x80) {
					uc = 0xfffd;
					break;
				}
				uc = uc << 6 | (*p++ & 0x3fu);
			}
			if (!g_unichar_validate(uc))
				uc = 0xfffd;
		}
		if (g_unichar_isprint(uc))
			g_string_append_unichar(out, uc);
		else if (uc <= 0xffff)
			g_string_append_printf(out, "\\u%04X", (unsigned)uc);
		else
			g_string_append_printf(out, "\\U%08X", (unsigned)uc);
	}
}

void col_append_text(struct columns *c, const uint8_t *d, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		uint8_t ch = d[i];
		if (ch >= 0x20 && ch < 0x7f)
			g_string_append_c(c->info, (char)ch);
		else if (ch >= 0x80)
			g_string_append(c->info, "\xef\xbf\xbd");
		else
			append_control(c->info, ch);
	}
}

const char *proto_short_name(enum proto_id id)
{
	const struct protocol *d = protocol_of(id);
	if (d && d->short_name)
		return d->short_name;
	static GOnce once = G_ONCE_INIT;
	g_once(&once, upper_build, NULL);
	return (unsigned)id < PROTO_COUNT ? upper_names[id] : "";
}

void col_short_name(struct columns *c, const struct packet *p, int idx)
{
	col_proto(c, proto_short_name((enum proto_id)p->layers[idx].proto));
}

const uint8_t *col_begin(struct columns *c, const struct packet *p, int idx, uint32_t *n)
{
	col_short_name(c, p, idx);
	col_clear(c);
	return col_layer_bytes(p, idx, n);
}

void col_default(struct columns *c, const struct packet *p, int idx)
{
	col_short_name(c, p, idx);
	col_clear(c);
	g_string_append(c->info, proto_get((enum proto_id)p->layers[idx].proto)->name);
}

const uint8_t *col_layer_bytes(const struct packet *p, int idx, uint32_t *n)
{
	const struct layer *l = &p->layers[idx];
	const uint8_t *base = p->frame->data;
	uint32_t end = p->frame->caplen;
	if (l->flags & PKT_REASSEMBLED) {
		base = p->reasm;
		end = p->reasm_len;
	}
	*n = l->off < end ? end - l->off : 0;
	return base + (l->off < end ? l->off : end);
}

const uint8_t *col_layer_given(const struct packet *p, int idx, uint32_t *n)
{
	const uint8_t *b = col_layer_bytes(p, idx, n);
	if (!(p->layers[idx].flags & PKT_REASSEMBLED) && *n > p->layers[idx].len)
		*n = p->layers[idx].len;
	return b;
}

const char *col_value_name(const char *abbrev, uint64_t value)
{
	const struct field_def *f = field_lookup(abbrev, NULL);
	return f && value <= UINT32_MAX ? value_name(f->vals, (uint32_t)value) : NULL;
}

/* Whether layer IDX writes to the columns: not data, not a marker of
 * reassembly or of a malformed or short frame, not quoted in an ICMP error
 * (whose columns Wireshark keeps read-only) nor nested in another's tree. */
static bool writes_columns(const struct packet *p, int idx)
{
	const struct layer *l = &p->layers[idx];
	return l->proto != PROTO_DATA && l->proto != PROTO_TCP_SEGMENTS && l->proto != PROTO_WS_MALFORMED &&
	       l->proto != PROTO_WS_SHORT && !(l->flags & PKT_IN_ERROR) &&
	       (l->flags & (PKT_NESTED | PKT_NAMES_PROTO)) != PKT_NESTED;
}

int col_top_layer(const struct packet *p)
{
	for (int i = p->nlayers - 1; i >= 0; i--)
		if (writes_columns(p, i))
			return i;
	return -1;
}

bool col_follows_same(const struct packet *p, int idx)
{
	for (int i = idx - 1; i >= 0; i--)
		if (writes_columns(p, i))
			return p->layers[i].proto == p->layers[idx].proto;
	return false;
}

/* Where dissection stopped on an exception (pkt_exception()), Wireshark
 * appends its note to the Info, with no separator. */
void col_exception(struct columns *c, const struct packet *p)
{
	static const char *const notes[] = {
		[PKT_EXC_SHORT] = "[Packet size limited during capture]",
		[PKT_EXC_MALFORMED] = "[Malformed Packet]",
		[PKT_EXC_UNREASSEMBLED] = "[BoundErrorUnreassembled Packet]",
	};
	enum pkt_exception x = pkt_exception(p, NULL);
	if (x != PKT_EXC_NONE) {
		g_string_append(c->info, notes[x]);
		return;
	}
	/* a malformed node a dissector pushed itself (its reader looked past
	 * the bytes of a PDU gathered from segments, which keeps its layers
	 * and not their flags) says so too; the one TCP's reassembly pushes
	 * has its own note */
	for (int i = 0; i < p->nlayers && !p->tcp_reasm_overlap; i++)
		if (p->layers[i].proto == PROTO_WS_MALFORMED && !(p->layers[i].flags & PKT_IN_ERROR)) {
			g_string_append(c->info, notes[PKT_EXC_MALFORMED]);
			return;
		}
}

void columns_fill(struct columns *c, const struct packet *p)
{
	g_string_truncate(c->info, 0);
	c->fence = 0;
	c->proto_locked = c->locked = false;
	c->src[0] = c->dst[0] = c->proto[0] = 0;
	col_fill_layers(c, p, 0);
	if (!c->proto[0])
		g_strlcpy(c->proto, p->nlayers ? "DATA" : "UNKNOWN", sizeof c->proto);
	if (!c->locked)
		col_exception(c, p);
}

void col_fill_layers(struct columns *c, const struct packet *p, int from)
{
	for (int i = from; i < p->nlayers; i++) {
		if (!writes_columns(p, i))
			continue;
		const struct protocol *d = protocol_of((enum proto_id)p->layers[i].proto);
		/* after col_lock(), a layer writes only the addresses */
		g_autofree char *info = c->locked ? g_strdup(c->info->str) : NULL;
		char proto[sizeof c->proto];
		if (info)
			memcpy(proto, c->proto, sizeof proto);
		if (d && d->columns)
			d->columns(c, p, i);
		else
			col_default(c, p, i);
		if (info) {
			g_string_assign(c->info, info);
			memcpy(c->proto, proto, sizeof proto);
		}
	}
}

/* ---- the columns as fields ----------------------------------------------- */

static const struct field_def ws_col_fields[] = {
	{"_ws.col.No.", "No.", FT_STRING, BASE_UTF8, FIELD_VAR, 0, 0, NULL},
	{"_ws.col.Time", "Time", FT_STRING, BASE_UTF8, FIELD_VAR, 0, 0, NULL},
	{"_ws.col.Source", "Source", FT_STRING, BASE_UTF8, FIELD_VAR, 0, 0, NULL},
	{"_ws.col.Destination", "Destination", FT_STRING, BASE_UTF8, FIELD_VAR, 0, 0, NULL},
	{"_ws.col.Protocol", "Protocol", FT_STRING, BASE_UTF8, FIELD_VAR, 0, 0, NULL},
	{"_ws.col.Length", "Length", FT_STRING, BASE_UTF8, FIELD_VAR, 0, 0, NULL},
	{"_ws.col.Info", "Info", FT_STRING, BASE_UTF8, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(ws_col);

void col_time_text(char *buf, size_t n, int64_t ns, unsigned digits)
{
	static const uint32_t div[] = {1000000000, 100000000, 10000000, 1000000, 100000, 10000, 1000, 100, 10, 1};
	if (digits > 9)
		digits = 9;
	uint64_t mag = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
	uint64_t frac = (mag % 1000000000u) / div[digits];
	if (digits)
		g_snprintf(buf, n, "%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT, ns < 0 ? "-" : "", mag / 1000000000u,
			   (int)digits, frac);
	else
		g_snprintf(buf, n, "%s%" G_GUINT64_FORMAT, ns < 0 ? "-" : "", mag / 1000000000u);
}

/* The columns of the packet dissected last, kept for its other fields. */
static __thread struct {
	const struct packet *p;
	uint32_t serial;
	struct columns c;
} cache;

static const struct columns *cached_columns(const struct packet *p)
{
	if (!cache.c.info)
		cache.c.info = g_string_new(NULL);
	if (cache.p != p || cache.serial != p->serial) {
		columns_fill(&cache.c, p);
		cache.p = p;
		cache.serial = p->serial;
	}
	return &cache.c;
}

unsigned col_field_values(const struct packet *p, const struct field_def *f, fvalue_fn fn, void *data)
{
	static __thread char buf[48];
	const char *abbrev = f->abbrev + strlen("_ws.col.");
	const char *text = buf;
	if (strcmp(abbrev, "No.") == 0) {
		g_snprintf(buf, sizeof buf, "%" G_GUINT64_FORMAT, p->frame->number);
	} else if (strcmp(abbrev, "Length") == 0) {
		g_snprintf(buf, sizeof buf, "%u", p->frame->len);
	} else if (strcmp(abbrev, "Time") == 0) {
		col_time_text(buf, sizeof buf, ts_diff(p->frame->ts_ns, p->first_ns), col_time_digits(p->frame));
	} else {
		const struct columns *c = cached_columns(p);
		text = strcmp(abbrev, "Source") == 0 ? c->src : strcmp(abbrev, "Destination") == 0 ? c->dst :
		       strcmp(abbrev, "Protocol") == 0 ? c->proto : c->info->str;
	}
	struct fvalue v = {.kind = FV_STRING, .ptr = (const uint8_t *)text, .len = (uint32_t)strlen(text)};
	fn(&v, data);
	return 1;
}

/* The columns show TCP's analysis (relative numbers, its flags). */
static int ws_col_depth(G_GNUC_UNUSED const struct field_def *f)
{
	return DEPTH_TRACKED;
}

PROTOCOL_ID(WS_COL, "_ws.col", "Packet list columns");
const struct protocol proto_ws_col = {PROTO_WS_COL, .short_name = "Packet list columns", .depth = ws_col_depth, .fields = &ws_col_table};
