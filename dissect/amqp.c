/* amqp.c — the Advanced Message Queuing Protocol, TCP port 5672, in the
 * versions Wireshark tells apart: 0-9 (and 0-9-1, RabbitMQ's), 0-10 and
 * 1.0.  A connection opens with a protocol header, then frames:
 *
 *   header:  "AMQP" 0 0 9 1 (0-9-1)   "AMQP" 1 1 0 9 (0-9)
 *            "AMQP" 1 1 0 10 (0-10)   "AMQP" id 1 0 0 (1.0)
 *
 *   0-9:   +---------+------------+----------+-------------+------+
 *          | type(1) | channel(2) | size(4)  | payload     | 0xCE |
 *          +---------+------------+----------+-------------+------+
 *          type 1 method: class(2) method(2) arguments; 2 content
 *          header; 3 content body; 8 heartbeat
 *   0-10:  flags(1) type(1) size(2, the frame's) ... (12-byte header)
 *   1.0:   size(4, the frame's) doff(1) type(1) channel(2) ...
 *
 * The version is the connection's: a header naming one sets it; without
 * one, the first segment decides (one whole 0-9 frame, ending in 0xCE:
 * 0-9; a fifth byte of 0: 0-10; else 1.0).  A header naming none (the
 * 0-9-1 header while no version is known) leaves it unknown: the segment
 * shows only "AMQP (unknown version)".  Info of 0-9: each frame's method
 * ("Basic.Publish") and, for some, the exchange, queue, routing key or
 * reply text ("x=ex rk=key"), each followed by a space.
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum {
	AMQP_PORT = 5672,
	AMQP_HEADER = 8,
	AMQP_V0_9 = 1, AMQP_V0_10, AMQP_V1_0,
	AMQP_FRAME_METHOD = 1, AMQP_FRAME_HEADER = 2, AMQP_FRAME_BODY = 3, AMQP_FRAME_HEARTBEAT = 8,
	AMQP_FRAME_END = 0xce,
};

static const struct value_string amqp_frame_types[] = {
	{1, "Method"}, {2, "Content header"}, {3, "Content body"}, {8, "Heartbeat"}, {0, NULL},
};

static const struct field_def amqp_fields[] = {
	{"amqp.type", "Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, amqp_frame_types},
	{"amqp.channel", "Channel", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"amqp.length", "Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"amqp.method.class", "Class", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"amqp.method.method", "Method", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"amqp.header.class", "Class ID", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"amqp.header.body-size", "Body size", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"amqp.method.arguments.exchange", "Exchange", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"amqp.method.arguments.routing_key", "Routing-Key", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"amqp.method.arguments.queue", "Queue", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"amqp.method.arguments.virtual_host", "Virtual-Host", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"amqp.method.arguments.reply_text", "Reply-Text", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"amqp.method.arguments.reply_code", "Reply-Code", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"amqp.method.arguments.delivery_tag", "Delivery-Tag", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"amqp.method.arguments.consumer_tag", "Consumer-Tag", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"amqp.method.arguments.destination", "Destination", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"amqp.method.arguments.source", "Destination", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(amqp);

/* ---- the version ---- */

struct amqp_conv {
	uint8_t version;
};

static void *amqp_conv_new(void)
{
	return g_new0(struct amqp_conv, 1);
}

static bool amqp_is_header(const uint8_t *d, uint32_t n)
{
	return n >= 4 && memcmp(d, "AMQP", 4) == 0;
}

/* The version a protocol header names, 0 for none. */
static uint8_t amqp_header_version(const uint8_t *d, uint32_t n)
{
	if (n < AMQP_HEADER)
		return 0;
	if (d[5] == 1 && d[6] == 0 && d[7] == 0)
		return AMQP_V1_0;
	if (d[6] == 0 && d[7] == 9)
		return AMQP_V0_9;
	if (d[6] == 0 && d[7] == 10)
		return AMQP_V0_10;
	return 0;
}

/* The version the first bytes of a connection (N of them, a segment's)
 * suggest, without a header. */
static uint8_t amqp_guess(const uint8_t *d, uint32_t n)
{
	if (n >= 7 && (uint64_t)fv_get32(d + 3, true) + 8 == n && d[n - 1] == AMQP_FRAME_END)
		return AMQP_V0_9;
	return n > 4 && d[4] == 0 ? AMQP_V0_10 : AMQP_V1_0;
}

/* ---- framing ---- */

static uint32_t amqp_clamp(uint64_t n)
{
	return n > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)n;
}

static uint32_t amqp09_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (amqp_is_header(d, avail))
		return AMQP_HEADER;
	if (avail < 7)
		return PDU_NEED_MORE;
	return amqp_clamp((uint64_t)fv_get32(d + 3, true) + 8);
}

static uint32_t amqp010_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < AMQP_HEADER)
		return PDU_NEED_MORE;
	return amqp_is_header(d, avail) ? AMQP_HEADER : fv_get16(d + 2, true);
}

static uint32_t amqp10_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < AMQP_HEADER)
		return PDU_NEED_MORE;
	return amqp_is_header(d, avail) ? AMQP_HEADER : fv_get32(d, true);
}

/* Before the version is known: a header naming one is a PDU of its own,
 * one naming none takes the segment; other bytes are framed as the
 * version they suggest. */
static uint32_t amqp_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < AMQP_HEADER)
		return PDU_NEED_MORE;
	if (amqp_is_header(d, avail))
		return amqp_header_version(d, avail) ? AMQP_HEADER : avail;
	switch (amqp_guess(d, avail)) {
	case AMQP_V0_9:
		return amqp09_pdu_len(d, avail);
	case AMQP_V0_10:
		return amqp010_pdu_len(d, avail);
	default:
		return amqp10_pdu_len(d, avail);
	}
}

/* ---- dissection ---- */

static void dissect_amqp09(struct packet *p, struct cursor *c);
static void dissect_amqp010(struct packet *p, struct cursor *c);
static void dissect_amqp10(struct packet *p, struct cursor *c);

static dissector_fn amqp_version_fn(uint8_t v)
{
	return v == AMQP_V0_9 ? dissect_amqp09 : v == AMQP_V0_10 ? dissect_amqp010 : dissect_amqp10;
}

static struct amqp_conv *amqp_conv_of(struct packet *p)
{
	return p->session && p->ip_layer >= 0 ? session_conv_data(p->session, p, PROTO_AMQP, amqp_conv_new, g_free)
					      : NULL;
}

/* The connection speaks version V from now on, both ways. */
static void amqp_set_version(struct packet *p, struct amqp_conv *conv, uint8_t v)
{
	if (conv)
		conv->version = v;
	tcp_conn_follow(p, amqp_version_fn(v), false);
}

/* One frame (or header) of its version: a layer over the PDU. */
static void amqp_frame(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_AMQP, c->off);
	if (idx < 0)
		return;
	uint32_t avail = cursor_left(c), room = cursor_rleft(c);
	if (avail < room) {
		cursor_skip(c, avail);
		cursor_fail(c, room - avail);
		app_note(p, idx, c);
		return;
	}
	cursor_skip(c, room);
}

/* A header in a connection whose version is known: one naming another
 * version switches to it. */
static void amqp_header_switch(struct packet *p, struct cursor *c)
{
	const uint8_t *d = c->data + c->off;
	uint8_t v = amqp_header_version(d, cursor_left(c));
	if (amqp_is_header(d, cursor_left(c)) && v)
		amqp_set_version(p, amqp_conv_of(p), v);
}

static bool amqp09_read(const uint8_t *d, uint32_t n, GString *info, const char *want, fvalue_fn fn, void *data);

/* A 0-9 frame: its arguments running past it are malformed. */
static void dissect_amqp09(struct packet *p, struct cursor *c)
{
	amqp_header_switch(p, c);
	const uint8_t *d = c->data + c->off;
	uint32_t n = cursor_left(c), room = cursor_rleft(c);
	int before = p->nlayers;
	amqp_frame(p, c);
	if (p->nlayers > before && n >= room && !amqp09_read(d, room, NULL, NULL, NULL, NULL)) {
		c->err = CUR_MALFORMED;
		pkt_note_cursor(p, before, c);
	}
}

static void dissect_amqp010(struct packet *p, struct cursor *c)
{
	amqp_header_switch(p, c);
	amqp_frame(p, c);
}

static void dissect_amqp10(struct packet *p, struct cursor *c)
{
	amqp_header_switch(p, c);
	amqp_frame(p, c);
}

/* The port's dissector, while the connection's version is not known. */
static void dissect_amqp(struct packet *p, struct cursor *c)
{
	struct amqp_conv *conv = amqp_conv_of(p);
	const uint8_t *d = c->data + c->off;
	uint32_t n = cursor_left(c);
	uint8_t v = conv ? conv->version : 0;
	if (!v && amqp_is_header(d, n))
		v = amqp_header_version(d, n);
	if (!v && !amqp_is_header(d, n) && n >= AMQP_HEADER)
		v = amqp_guess(d, n);
	if (!v) {
		/* no version: the columns say so, the tree has nothing */
		int idx = pkt_push_layer(p, PROTO_AMQP, c->off);
		if (idx >= 0)
			p->layers[idx].flags |= PKT_NESTED | PKT_NAMES_PROTO | PKT_NO_ITEM | PKT_TREE_ONLY;
		p->flags |= PKT_PDU_STOP;
		cursor_skip(c, cursor_rleft(c));
		return;
	}
	if (!conv || conv->version != v)
		amqp_set_version(p, conv, v);
	amqp_version_fn(v)(p, c);
}

/* ---- 0-9 methods ---- */

struct amqp_method {
	uint16_t cls, method;
	const char *args; /* its first arguments, a letter each: s a short
	                   * string the Info shows (named by LABELS in turn),
	                   * S the consumer tag, t the ticket, r the reply
	                   * code, d the delivery tag, b a byte of bits */
	const char *labels;
};

/* The methods whose Info names an argument (or that have a delivery tag),
 * with the arguments before it. */
static const struct amqp_method amqp09_methods[] = {
	{10, 40, "s", "vhost"},
	{10, 50, "rs", "reply"},
	{20, 40, "rs", "reply"},
	{40, 10, "ts", "x"},
	{40, 20, "ts", "x"},
	{40, 30, "tsss", "dx sx bk"},
	{40, 40, "tsss", "dx sx bk"},
	{50, 10, "ts", "q"},
	{50, 11, "s", "q"},
	{50, 20, "tsss", "q x bk"},
	{50, 30, "ts", "q"},
	{50, 40, "ts", "q"},
	{50, 50, "tsss", "q x rk"},
	{60, 20, "ts", "q"},
	{60, 40, "tss", "x rk"},
	{60, 50, "r", ""},
	{60, 60, "Sdbss", "x rk"},
	{60, 70, "ts", "q"},
	{60, 71, "dbss", "x rk"},
	{60, 80, "d", ""},
	{60, 90, "d", ""},
	{60, 120, "d", ""},
	{70, 70, "r", ""},
	{70, 80, "Sd", ""},
	{70, 90, "d", ""},
	{70, 100, "d", ""},
	{80, 50, "r", ""},
	{80, 60, "Sd", ""},
};

/* Each class's methods by id (names as "Class.Method"); NULL ends. */
static const char *const amqp09_connection[] = {
	[10] = "Start", [11] = "Start-Ok", [20] = "Secure", [21] = "Secure-Ok", [30] = "Tune",
	[31] = "Tune-Ok", [40] = "Open", [41] = "Open-Ok", [42] = "Redirect", [50] = "Close",
	[51] = "Close-Ok", [60] = "Blocked", [61] = "Unblocked",
};
static const char *const amqp09_channel[] = {
	[10] = "Open", [11] = "Open-Ok", [20] = "Flow", [21] = "Flow-Ok", [40] = "Close",
	[41] = "Close-Ok", [50] = "Resume", [60] = "Ping", [70] = "Pong", [80] = "Ok",
};
static const char *const amqp09_access[] = {[10] = "Request", [11] = "Request-Ok"};
static const char *const amqp09_exchange[] = {
	[10] = "Declare", [11] = "Declare-Ok", [20] = "Delete", [21] = "Delete-Ok",
	[30] = "Bind", [31] = "Bind-Ok", [40] = "Unbind", [41] = "Unbind-Ok",
};
static const char *const amqp09_queue[] = {
	[10] = "Declare", [11] = "Declare-Ok", [20] = "Bind", [21] = "Bind-Ok", [30] = "Purge",
	[31] = "Purge-Ok", [40] = "Delete", [41] = "Delete-Ok", [50] = "Unbind", [51] = "Unbind-Ok",
};
static const char *const amqp09_basic[] = {
	[10] = "Qos", [11] = "Qos-Ok", [20] = "Consume", [21] = "Consume-Ok", [30] = "Cancel",
	[31] = "Cancel-Ok", [40] = "Publish", [50] = "Return", [60] = "Deliver", [70] = "Get",
	[71] = "Get-Ok", [72] = "Get-Empty", [80] = "Ack", [90] = "Reject", [100] = "Recover-Async",
	[110] = "Recover", [111] = "Recover-Ok", [120] = "Nack",
};
static const char *const amqp09_file[] = {
	[10] = "Qos", [11] = "Qos-Ok", [20] = "Consume", [21] = "Consume-Ok", [30] = "Cancel",
	[31] = "Cancel-Ok", [40] = "Open", [41] = "Open-Ok", [50] = "Stage", [60] = "Publish",
	[70] = "Return", [80] = "Deliver", [90] = "Ack", [100] = "Reject",
};
static const char *const amqp09_stream[] = {
	[10] = "Qos", [11] = "Qos-Ok", [20] = "Consume", [21] = "Consume-Ok", [30] = "Cancel",
	[31] = "Cancel-Ok", [40] = "Publish", [50] = "Return", [60] = "Deliver",
};
static const char *const amqp09_confirm[] = {[10] = "Select", [11] = "Select-Ok"};
static const char *const amqp09_tx[] = {
	[10] = "Select", [11] = "Select-Ok", [20] = "Commit", [21] = "Commit-Ok", [30] = "Rollback",
	[31] = "Rollback-Ok",
};
static const char *const amqp09_dtx[] = {[10] = "Select", [11] = "Select-Ok", [20] = "Start", [21] = "Start-Ok"};
static const char *const amqp09_tunnel[] = {[10] = "Request"};

static const struct {
	uint16_t cls;
	const char *name;
	const char *const *methods;
	size_t n;
	bool unknown_named; /* an unknown method shows "Class.Unknown (N)" */
} amqp09_classes[] = {
	{10, "Connection", amqp09_connection, G_N_ELEMENTS(amqp09_connection), true},
	{20, "Channel", amqp09_channel, G_N_ELEMENTS(amqp09_channel), true},
	{30, "Access", amqp09_access, G_N_ELEMENTS(amqp09_access), false},
	{40, "Exchange", amqp09_exchange, G_N_ELEMENTS(amqp09_exchange), true},
	{50, "Queue", amqp09_queue, G_N_ELEMENTS(amqp09_queue), true},
	{60, "Basic", amqp09_basic, G_N_ELEMENTS(amqp09_basic), true},
	{70, "File", amqp09_file, G_N_ELEMENTS(amqp09_file), true},
	{80, "Stream", amqp09_stream, G_N_ELEMENTS(amqp09_stream), true},
	{85, "Confirm", amqp09_confirm, G_N_ELEMENTS(amqp09_confirm), false},
	{90, "Tx", amqp09_tx, G_N_ELEMENTS(amqp09_tx), true},
	{100, "Dtx", amqp09_dtx, G_N_ELEMENTS(amqp09_dtx), true},
	{110, "Tunnel", amqp09_tunnel, G_N_ELEMENTS(amqp09_tunnel), false},
};

/* Reading a 0-9 method's arguments: each short string and number in turn;
 * a read past the frame stops it (Wireshark's exception). */
struct amqp_args {
	struct field_reader r;
	const char *want;
	fvalue_fn fn;
	void *data;
};

/* A short string; *S and *N are its bytes. */
static bool amqp_shortstr(struct amqp_args *a, const uint8_t **s, uint32_t *n)
{
	const uint8_t *len = field_take(&a->r, 1);
	if (!len)
		return false;
	*n = len[0];
	*s = field_take(&a->r, *n);
	return *s != NULL;
}

/* The Info of method CLS.M whose arguments are at A (into INFO, NULL: no
 * Info wanted); false when they run past the frame. */
static bool amqp09_method_info(struct amqp_args *a, uint16_t cls, uint16_t m, GString *info)
{
	const struct amqp_method *am = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(amqp09_methods); i++)
		if (amqp09_methods[i].cls == cls && amqp09_methods[i].method == m)
			am = &amqp09_methods[i];
	if (!am)
		return true;
	const char *label = am->labels;
	static const char *const arg_fields[][2] = {
		/* the field each shown argument is, by label */
		{"vhost", "amqp.method.arguments.virtual_host"}, {"reply", "amqp.method.arguments.reply_text"},
		{"x", "amqp.method.arguments.exchange"},         {"q", "amqp.method.arguments.queue"},
		{"rk", "amqp.method.arguments.routing_key"},     {"bk", "amqp.method.arguments.routing_key"},
		{"dx", "amqp.method.arguments.destination"},     {"sx", "amqp.method.arguments.source"},
	};
	for (const char *k = am->args; *k; k++) {
		const uint8_t *s;
		uint32_t n;
		if (*k == 't' || *k == 'r' || *k == 'd' || *k == 'b') {
			uint32_t size = *k == 'd' ? 8 : *k == 'b' ? 1 : 2;
			const uint8_t *v = field_take(&a->r, size);
			if (!v)
				return false;
			if (a->want && *k == 'r' && fv_same(a->want, "amqp.method.arguments.reply_code"))
				fv_give_uint(a->fn, a->data, fv_get16(v, true));
			if (a->want && *k == 'd' && fv_same(a->want, "amqp.method.arguments.delivery_tag"))
				fv_give_uint(a->fn, a->data, (uint64_t)fv_get32(v, true) << 32 | fv_get32(v + 4, true));
			continue;
		}
		if (!amqp_shortstr(a, &s, &n))
			return false;
		if (*k == 'S') {
			if (a->want && fv_same(a->want, "amqp.method.arguments.consumer_tag"))
				fv_give_ptr(a->fn, a->data, FV_STRING, s, n);
			continue;
		}
		uint32_t ln = 0;
		while (label[ln] && label[ln] != ' ')
			ln++;
		if (info)
			g_string_append_printf(info, "%.*s=%.*s ", (int)ln, label, (int)n, (const char *)s);
		for (size_t i = 0; a->want && i < G_N_ELEMENTS(arg_fields); i++)
			if (strlen(arg_fields[i][0]) == ln && memcmp(arg_fields[i][0], label, ln) == 0 &&
			    fv_same(a->want, arg_fields[i][1]))
				fv_give_ptr(a->fn, a->data, FV_STRING, s, n);
		label += ln + (label[ln] == ' ');
	}
	return true;
}

/* One 0-9 frame's Info (into INFO, NULL: none wanted) and fields; false
 * when the frame is cut short where Wireshark reads it. */
static bool amqp09_read(const uint8_t *d, uint32_t n, GString *info, const char *want, fvalue_fn fn, void *data)
{
	if (amqp_is_header(d, n)) {
		if (info && n >= AMQP_HEADER)
			g_string_append_printf(info, "Protocol-Header %u-%u-%u", d[5], d[6], d[7]);
		return n >= AMQP_HEADER;
	}
	if (n < 7)
		return false;
	uint32_t len = fv_get32(d + 3, true);
	const struct fv_named_uint head[] = {
		{"amqp.type", d[0], true}, {"amqp.channel", fv_get16(d + 1, true), true}, {"amqp.length", len, true},
	};
	if (want)
		fv_give_named(fn, data, want, head, G_N_ELEMENTS(head));
	uint32_t end = (uint64_t)len + 8 < n ? len + 8 : n;
	switch (d[0]) {
	case AMQP_FRAME_METHOD: {
		if (end < 9)
			return false;
		uint16_t cls = (uint16_t)fv_get16(d + 7, true), m = end >= 11 ? (uint16_t)fv_get16(d + 9, true) : 0;
		if (want && fv_same(want, "amqp.method.class"))
			fv_give_uint(fn, data, cls);
		for (size_t i = 0; i < G_N_ELEMENTS(amqp09_classes); i++) {
			if (amqp09_classes[i].cls != cls)
				continue;
			if (end < 11)
				return false;
			if (want && fv_same(want, "amqp.method.method"))
				fv_give_uint(fn, data, m);
			const char *name = m < amqp09_classes[i].n ? amqp09_classes[i].methods[m] : NULL;
			if (!name && !amqp09_classes[i].unknown_named)
				return true;
			if (info && name)
				g_string_append_printf(info, "%s.%s ", amqp09_classes[i].name, name);
			else if (info)
				g_string_append_printf(info, "%s.Unknown (%u) ", amqp09_classes[i].name, m);
			struct amqp_args a = {.r = {.d = d, .n = n, .end = end, .at = 11}, .want = want, .fn = fn,
					      .data = data};
			return amqp09_method_info(&a, cls, m, info);
		}
		return true;
	}
	case AMQP_FRAME_HEADER:
		if (end < 19)
			return false;
		if (want) {
			const struct fv_named_uint h[] = {
				{"amqp.header.class", fv_get16(d + 7, true), true},
				{"amqp.header.body-size", (uint64_t)fv_get32(d + 11, true) << 32 | fv_get32(d + 15, true), true},
			};
			fv_give_named(fn, data, want, h, G_N_ELEMENTS(h));
		}
		if (info) {
			g_string_append(info, "Content-Header ");
			/* the basic, file and stream classes open their properties
			 * with the content type, when the first flag says it is there */
			uint32_t cls = fv_get16(d + 7, true);
			if ((cls == 60 || cls == 70 || cls == 80) && end >= 22 && (d[19] & 0x80) && 22u + d[21] <= end) {
				g_string_append(info, "type=");
				text_append_utf8(info, d + 22, d[21]);
				g_string_append_c(info, ' ');
			}
		}
		return true;
	case AMQP_FRAME_BODY:
		if (info)
			g_string_append(info, "Content-Body ");
		return true;
	case AMQP_FRAME_HEARTBEAT:
		if (info)
			g_string_append(info, "Heartbeat ");
		return true;
	default:
		return true;
	}
}

/* ---- 1.0 performatives ---- */

static const char *const amqp10_performatives[] = {
	"open", "begin", "attach", "flow", "transfer", "disposition", "detach", "end", "close",
};
static const char *const amqp10_sasl[] = {
	"sasl.mechanisms", "sasl.init", "sasl.challenge", "sasl.response", "sasl.outcome",
};

/* A 1.0 frame's Info: the header's version, or the performative its body
 * starts with (a described list of a small code). */
static void amqp10_info(const uint8_t *d, uint32_t n, GString *info)
{
	if (amqp_is_header(d, n)) {
		if (n >= AMQP_HEADER)
			g_string_append_printf(info, "Protocol-Header %u-%u-%u ", d[5], d[6], d[7]);
		return;
	}
	if (n < 8)
		return;
	uint32_t at = (uint32_t)d[4] * 4;
	if (at + 3 > n || d[at] != 0x00 || d[at + 1] != 0x53)
		return;
	uint8_t code = d[at + 2];
	if (code >= 0x10 && code < 0x10 + G_N_ELEMENTS(amqp10_performatives))
		g_string_append_printf(info, "%s ", amqp10_performatives[code - 0x10]);
	else if (code >= 0x40 && code < 0x40 + G_N_ELEMENTS(amqp10_sasl))
		g_string_append_printf(info, "%s ", amqp10_sasl[code - 0x40]);
}

/* ---- columns and fields ---- */

/* The version of the frame or header D (N bytes): a header's own (0-9 for
 * one naming none); a first byte of 0 a 1.0 frame's size; a 0-9 frame's
 * type (1, 2, 3, 8) or end marker; else 0-10. */
static uint8_t amqp_layer_version(const uint8_t *d, uint32_t n)
{
	if (amqp_is_header(d, n)) {
		uint8_t v = amqp_header_version(d, n);
		return v ? v : AMQP_V0_9;
	}
	if (d[0] == 0)
		return AMQP_V1_0;
	if (d[0] == AMQP_FRAME_METHOD || d[0] == AMQP_FRAME_HEADER || d[0] == AMQP_FRAME_BODY ||
	    d[0] == AMQP_FRAME_HEARTBEAT)
		return AMQP_V0_9;
	if (n >= 7) {
		uint64_t end = (uint64_t)fv_get32(d + 3, true) + 7;
		if (end < n && d[end] == AMQP_FRAME_END)
			return AMQP_V0_9;
	}
	return AMQP_V0_10;
}

static void amqp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "AMQP");
	const struct layer *l = &p->layers[idx];
	if (!col_follows_same(p, idx))
		col_clear(c);
	if (l->flags & PKT_NO_ITEM) {
		col_append(c, "AMQP (unknown version)");
		return;
	}
	if (!d || n == 0)
		return;
	g_autoptr(GString) info = g_string_new(NULL);
	switch (amqp_layer_version(d, n)) {
	case AMQP_V1_0:
		amqp10_info(d, n, info);
		break;
	case AMQP_V0_10:
		if (amqp_is_header(d, n) && n >= AMQP_HEADER)
			g_string_append_printf(info, "Protocol-Header %u-%u ", d[6], d[7]);
		break;
	default:
		amqp09_read(d, n, info, NULL, NULL, NULL);
		break;
	}
	col_append(c, "%s", info->str);
}

/* The frame header's fields of 1.0 (size, doff, type, channel) and 0-10
 * (flags, type, size, ..., channel). */
static void amqp_other_header(const uint8_t *d, uint32_t n, uint8_t v, const char *want, fvalue_fn fn, void *data)
{
	if (amqp_is_header(d, n) || n < AMQP_HEADER)
		return;
	bool v10 = v == AMQP_V1_0;
	const struct fv_named_uint h[] = {
		{"amqp.type", v10 ? d[5] : d[1], true},
		{"amqp.channel", fv_get16(d + 6, true), true},
		{"amqp.length", v10 ? fv_get32(d, true) : fv_get16(d + 2, true), true},
	};
	fv_give_named(fn, data, want, h, G_N_ELEMENTS(h));
}

static void amqp_values(G_GNUC_UNUSED const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n == 0 || (l->flags & PKT_NO_ITEM))
		return;
	uint8_t v = amqp_layer_version(d, n);
	if (v == AMQP_V0_9)
		amqp09_read(d, n, NULL, f->abbrev, fn, data);
	else
		amqp_other_header(d, n, v, f->abbrev, fn, data);
}

/* Wireshark's registration: TCP port 5672; each version's frames framed
 * by its own length. */
static const struct handoff amqp_handoff[] = {
	TCP_PORT(AMQP_PORT, dissect_amqp),
	HANDOFF_LIST_END,
};
static const struct pdu_framing amqp_framing[] = {
	{dissect_amqp, amqp_pdu_len, NULL, false, NULL, false},
	{dissect_amqp09, amqp09_pdu_len, NULL, false, NULL, false},
	{dissect_amqp010, amqp010_pdu_len, NULL, false, NULL, false},
	{dissect_amqp10, amqp10_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(AMQP, "amqp", "Advanced Message Queuing Protocol");
const struct protocol proto_amqp = {PROTO_AMQP, .short_name = "AMQP", .fields = &amqp_table, .columns = amqp_columns,
				    .partial = col_partial_clear, .values = amqp_values, .handoff = amqp_handoff, .framing = amqp_framing};
