/* expert.c — collecting a frame's expert items from its protocols. */
#include "dissect/expert.h"

#include <stdarg.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static void expert_vadd(struct experts *e, const char *anchor, enum expert_severity sev, enum expert_group group,
			const char *protocol, const char *fmt, va_list ap) G_GNUC_PRINTF(6, 0);

/* Appends N bytes of S at *P, short of END (where the summary is cut). */
static inline void put_cut(char **p, char *end, const char *s, size_t n)
{
	size_t room = (size_t)(end - *p);
	if (n > room)
		n = room;
	memcpy(*p, s, n);
	*p += n;
}

/* FMT with AP into BUF of SIZE bytes, as vsnprintf writes it, for the
 * conversions the items use most (%s, %.*s, %u, %d, %lu, %%) without the
 * cost of printf; false, AP partly read, at any other conversion. */
static bool format_simple(char *buf, size_t size, const char *fmt, va_list ap)
{
	char *p = buf, *end = buf + size - 1;
	for (const char *f = fmt; *f;) {
		const char *pct = strchr(f, '%');
		if (!pct) {
			put_cut(&p, end, f, strlen(f));
			break;
		}
		put_cut(&p, end, f, (size_t)(pct - f));
		f = pct + 1;
		char num[24];
		char *ne = num + sizeof num, *nd;
		if (f[0] == 's') {
			const char *a = va_arg(ap, const char *);
			if (!a)
				return false;
			put_cut(&p, end, a, strlen(a));
			f++;
		} else if (f[0] == '.' && f[1] == '*' && f[2] == 's') {
			int n = va_arg(ap, int);
			const char *a = va_arg(ap, const char *);
			if (n < 0 || !a)
				return false;
			put_cut(&p, end, a, strnlen(a, (size_t)n));
			f += 3;
		} else if (f[0] == 'u' || (f[0] == 'l' && f[1] == 'u')) {
			uint64_t v = f[0] == 'u' ? va_arg(ap, unsigned) : va_arg(ap, unsigned long);
			nd = ne;
			do
				*--nd = (char)('0' + v % 10);
			while (v /= 10);
			put_cut(&p, end, nd, (size_t)(ne - nd));
			f += f[0] == 'u' ? 1 : 2;
		} else if (f[0] == 'd') {
			int v = va_arg(ap, int);
			uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)(int64_t)v : (uint64_t)v;
			nd = ne;
			do
				*--nd = (char)('0' + m % 10);
			while (m /= 10);
			if (v < 0)
				*--nd = '-';
			put_cut(&p, end, nd, (size_t)(ne - nd));
			f++;
		} else if (f[0] == '%') {
			put_cut(&p, end, "%", 1);
			f++;
		} else {
			return false;
		}
	}
	*p = '\0';
	return true;
}

static void expert_vadd(struct experts *e, const char *anchor, enum expert_severity sev, enum expert_group group,
			const char *protocol, const char *fmt, va_list ap)
{
	/* Wireshark's label buffer holds no more: a longer summary is cut */
	va_list again;
	va_copy(again, ap);
	if (!format_simple(e->buf, sizeof e->buf, fmt, ap))
		g_vsnprintf(e->buf, sizeof e->buf, fmt, again);
	va_end(again);
	struct expert_item it = {(uint8_t)sev, (uint8_t)group, e->layer, protocol, anchor, e->buf};
	e->fn(&it, e->data);
}

void expert_add(struct experts *e, enum expert_severity sev, enum expert_group group, const char *protocol,
		const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	expert_vadd(e, NULL, sev, group, protocol, fmt, ap);
	va_end(ap);
}

void expert_add_at(struct experts *e, const char *anchor, enum expert_severity sev, enum expert_group group,
		   const char *protocol, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	expert_vadd(e, anchor, sev, group, protocol, fmt, ap);
	va_end(ap);
}

/* The name the items of layer IDX carry: its protocol's short name, else
 * its Protocol column's. */
static const char *layer_column_name(const struct packet *p, int idx, char *buf, size_t n)
{
	const struct protocol *d = protocol_of((enum proto_id)p->layers[idx].proto);
	if (d && d->short_name)
		return d->short_name;
	struct columns c = {.info = g_string_new(NULL)};
	if (d && d->columns)
		d->columns(&c, p, idx);
	if (!c.proto[0]) /* no columns of its own (or none written): its name */
		col_default(&c, p, idx);
	g_strlcpy(buf, c.proto, n);
	g_string_free(c.info, TRUE);
	return buf;
}

const char *pkt_exception_proto(const struct packet *p, char *buf, size_t n)
{
	if (p->exc_proto) {
		/* it ran out before it pushed a layer: its own name */
		const struct protocol *d = protocol_of((enum proto_id)p->exc_proto);
		return d && d->short_name ? d->short_name : proto_get((enum proto_id)p->exc_proto)->name;
	}
	int at;
	pkt_exception(p, &at);
	while (at >= 0 && (p->layers[at].proto == PROTO_DATA || p->layers[at].proto == PROTO_TCP_SEGMENTS))
		at--;
	return at >= 0 ? layer_column_name(p, at, buf, n) : "Frame";
}

/* The item of the frame's exception (dissect/packet.h), after every
 * protocol's own, under the exception's node (layer index nlayers). */
static void exception_expert(struct experts *e, const struct packet *p)
{
	enum pkt_exception x = pkt_exception(p, NULL);
	if (x != PKT_EXC_MALFORMED && x != PKT_EXC_UNREASSEMBLED)
		return;
	char name[64];
	const char *who = pkt_exception_proto(p, name, sizeof name);
	e->layer = p->nlayers;
	if (x == PKT_EXC_MALFORMED)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, who, "Malformed Packet (Exception occurred)");
	else
		expert_add(e, EXPERT_NOTE, EXPERT_REASSEMBLE, who,
			   "Unreassembled fragment (change preferences to enable reassembly)");
}

void experts_fill(const struct packet *p, expert_listener fn, void *data)
{
	struct experts e = {.fn = fn, .data = data};
	for (int i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		e.layer = i;
		if (l->flags & PKT_IN_ERROR)
			continue; /* a quoted header says nothing of its own connection */
		const struct protocol *d = protocol_of((enum proto_id)l->proto);
		if (d && d->expert)
			d->expert(&e, p, i);
	}
	exception_expert(&e, p);
}

static const char *const severity_names[] = {"Comment", "Chat", "Note", "Warning", "Error"};
static const char *const severity_headings[] = {"Comments", "Chats", "Notes", "Warns", "Errors"};
static const char *const group_names[] = {"Sequence", "Malformed", "Protocol", "Response", "Request",
					  "Undecoded", "Reassemble", "Comment", "Decryption"};

const char *expert_severity_name(enum expert_severity s)
{
	return (unsigned)s < EXPERT_NSEVERITIES ? severity_names[s] : "?";
}

const char *expert_severity_heading(enum expert_severity s)
{
	return (unsigned)s < EXPERT_NSEVERITIES ? severity_headings[s] : "?";
}

const char *expert_group_name(enum expert_group g)
{
	return (unsigned)g < EXPERT_NGROUPS ? group_names[g] : "?";
}

/* Wireshark's PI_* numbers, by enum expert_severity and enum expert_group. */
static const uint32_t severity_values[] = {0x00100000, 0x00200000, 0x00400000, 0x00600000, 0x00800000};
static const uint32_t group_values[] = {0x02000000, 0x07000000, 0x09000000, 0x03000000, 0x04000000,
					0x05000000, 0x06000000, 0x0b000000, 0x0c000000};

uint32_t expert_severity_value(enum expert_severity s)
{
	return (unsigned)s < EXPERT_NSEVERITIES ? severity_values[s] : 0;
}

uint32_t expert_group_value(enum expert_group g)
{
	return (unsigned)g < EXPERT_NGROUPS ? group_values[g] : 0;
}

void expert_label(GString *s, const struct expert_item *it)
{
	g_string_append_printf(s, "Expert Info (%s/%s): %s", expert_severity_name(it->severity),
			       expert_group_name(it->group), it->summary);
}

/* ---- the _ws.expert fields ------------------------------------------------ */

static const struct value_string ws_expert_severities[] = {
	{0x00100000, "Comment"}, {0x00200000, "Chat"}, {0x00400000, "Note"},
	{0x00600000, "Warning"}, {0x00800000, "Error"}, {0, NULL},
};

static const struct value_string ws_expert_groups[] = {
	{0x01000000, "Checksum"}, {0x02000000, "Sequence"}, {0x03000000, "Response"},
	{0x04000000, "Request"}, {0x05000000, "Undecoded"}, {0x06000000, "Reassemble"},
	{0x07000000, "Malformed"}, {0x08000000, "Debug"}, {0x09000000, "Protocol"},
	{0x0a000000, "Security"}, {0x0b000000, "Comment"}, {0x0c000000, "Decryption"},
	{0x0d000000, "Assumption"}, {0x0e000000, "Deprecated"}, {0, NULL},
};

static const struct field_def ws_expert_fields[] = {
	{"_ws.expert.message", "Message", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"_ws.expert.severity", "Severity level", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, ws_expert_severities},
	{"_ws.expert.group", "Group", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, ws_expert_groups},
};
FIELD_TABLE_DEFINE(ws_expert);

/* The expert items include TCP's analysis. */
static int ws_expert_depth(G_GNUC_UNUSED const struct field_def *f)
{
	return DEPTH_TRACKED;
}

PROTOCOL_ID(WS_EXPERT, "_ws.expert", "Expert Info");
const struct protocol proto_ws_expert = {PROTO_WS_EXPERT, .short_name = "Expert", .depth = ws_expert_depth, .fields = &ws_expert_table};

struct field_walk {
	char which;            /* 'm'essage, 's'everity, 'g'roup */
	fvalue_fn fn;
	void *data;
	unsigned n;
	bool stop;
};

static void give_item(const struct expert_item *it, void *data)
{
	struct field_walk *w = data;
	if (w->stop)
		return;
	struct fvalue v = {.kind = FV_UINT};
	if (w->which == 'm') {
		v.kind = FV_STRING;
		v.ptr = (const uint8_t *)it->summary;
		v.len = (uint32_t)strlen(it->summary);
	} else {
		v.u = w->which == 's' ? expert_severity_value(it->severity) : expert_group_value(it->group);
	}
	w->n++;
	w->stop = !w->fn(&v, w->data);
}

unsigned expert_field_values(const struct packet *p, const struct field_def *f, fvalue_fn fn, void *data)
{
	const char *name = f->abbrev + strlen("_ws.expert.");
	struct field_walk w = {name[0], fn, data, 0, false};
	if (strcmp(name, "message") != 0 && strcmp(name, "severity") != 0 && strcmp(name, "group") != 0)
		return 0;
	experts_fill(p, give_item, &w);
	return w.n;
}

static void count_one(const struct expert_item *it, void *data)
{
	(void)it;
	(*(unsigned *)data)++;
}

unsigned expert_count(const struct packet *p)
{
	unsigned n = 0;
	experts_fill(p, count_one, &n);
	return n;
}
