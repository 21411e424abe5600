/* ajp13.c — the Apache JServ Protocol 1.3 (AJPv13), TCP port 8009: packets
 * from the web server start 0x1234, those from the servlet container "AB":
 *
 *   +------------+-----------+------------------------------------+
 *   | magic(2)   | length(2) | code(1) and its fields (length)    |
 *   +------------+-----------+------------------------------------+
 *
 * Strings are a 2-byte length (0xFFFF: null), the bytes and a NUL.  A
 * forward request names a method, protocol, URI, addresses and headers; a
 * response sends headers, body chunks, asks for more of the request's body
 * (GET BODY CHUNK) or ends.  After a request with a Content-Length, or a
 * GET BODY CHUNK, the web server's next packet is body, which has no code:
 * as Wireshark does, the connection keeps how much body it still expects.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum {
	AJP13_HEADER = 4, AJP13_REQ = 0x1234, AJP13_RSP = 0x4142, AJP13_FORWARD = 2, AJP13_SEND_BODY = 3,
	AJP13_SEND_HEADERS = 4, AJP13_END = 5, AJP13_GET_BODY = 6, AJP13_CPING = 10, AJP13_NOTE = 5,
	AJP13_SHOW_MAX = 240,
};

static const struct value_string ajp13_codes[] = {
	{2, "FORWARD REQUEST"}, {3, "SEND BODY CHUNK"}, {4, "SEND HEADERS"}, {5, "END RESPONSE"},
	{6, "GET BODY CHUNK"}, {7, "SHUTDOWN"}, {9, "CPONG"}, {10, "CPING"}, {0, NULL},
};

static const struct value_string ajp13_methods[] = {
	{1, "OPTIONS"}, {2, "GET"}, {3, "HEAD"}, {4, "POST"}, {5, "PUT"}, {6, "DELETE"}, {7, "TRACE"},
	{8, "PROPFIND"}, {9, "PROPPATCH"}, {10, "MKCOL"}, {11, "COPY"}, {12, "MOVE"}, {13, "LOCK"},
	{14, "UNLOCK"}, {15, "ACL"}, {16, "REPORT"}, {17, "VERSION-CONTROL"}, {18, "CHECKIN"},
	{19, "CHECKOUT"}, {20, "UNCHECKOUT"}, {21, "SEARCH"}, {0, NULL},
};

/* The headers sent as a code 0xA0nn, by nn (0: a name of its own). */
static const char *const ajp13_req_headers[] = {
	"ajp13.unknown_header", "ajp13.accept", "ajp13.accept_charset", "ajp13.accept_encoding",
	"ajp13.accept_language", "ajp13.authorization", "ajp13.connection", "ajp13.content_type",
	"ajp13.content_length", "ajp13.cookie", "ajp13.cookie2", "ajp13.host", "ajp13.pragma",
	"ajp13.referer", "ajp13.user_agent",
};
static const char *const ajp13_rsp_headers[] = {
	"ajp13.unknown_header", "ajp13.content_type", "ajp13.content_language", "ajp13.content_length",
	"ajp13.date", "ajp13.last_modified", "ajp13.location", "ajp13.set_cookie", "ajp13.set_cookie2",
	"ajp13.servlet_engine", "ajp13.status", "ajp13.www_authenticate",
};
#define N_REQ_HEADERS (sizeof ajp13_req_headers / sizeof ajp13_req_headers[0])
#define N_RSP_HEADERS (sizeof ajp13_rsp_headers / sizeof ajp13_rsp_headers[0])

static const struct field_def ajp13_fields[] = {
	{"ajp13.magic", "Magic", FT_BYTES, BASE_NONE, 0, 2, 0, NULL},
	{"ajp13.len", "Length", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"ajp13.code", "Code", FT_UINT32, BASE_DEC, FIELD_VAR, 1, 0, ajp13_codes},
	{"ajp13.method", "Method", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, ajp13_methods},
	{"ajp13.ver", "Version", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.uri", "URI", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.raddr", "RADDR", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.rhost", "RHOST", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.srv", "SRV", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.port", "PORT", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ajp13.sslp", "SSLP", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0, NULL},
	{"ajp13.nhdr", "NHDR", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ajp13.unknown_header", "unknown_header", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.accept", "Accept", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.accept_charset", "Accept-Charset", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.accept_encoding", "Accept-Encoding", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.accept_language", "Accept-Language", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.authorization", "Authorization", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.connection", "Connection", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.content_type", "Content-Type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.content_language", "Content-Language", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.content_length", "Content-Length", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.cookie", "Cookie", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.cookie2", "Cookie2", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.date", "Date", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.host", "Host", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.last_modified", "Last-Modified", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.location", "Location", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.pragma", "Pragma", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.referer", "Referer", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.servlet_engine", "Servlet-Engine", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.set_cookie", "Set-Cookie", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.set_cookie2", "Set-Cookie2", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.status", "Status", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.user_agent", "User-Agent", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.www_authenticate", "WWW-Authenticate", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.rlen", "RLEN", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ajp13.reusep", "REUSEP", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"ajp13.rstatus", "RSTATUS", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ajp13.rmsg", "RSMSG", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ajp13.data", "Data", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(ajp13);

static uint32_t ajp13_pdu_len(const uint8_t *d, uint32_t avail)
{
	return avail < AJP13_HEADER ? PDU_NEED_MORE : AJP13_HEADER + fv_get16(d + 2, true);
}

/* A walk over a packet's fields: R the bytes (the packet's), WANT the
 * field asked for; INFO, when not NULL, gets the Info's text after "N:REQ:"
 * or "N:RSP:".  It stops (the cursor failed) where the packet ends too
 * soon. */
struct ajp13_walk {
	struct cursor c;
	const char *want;
	fvalue_fn fn;
	void *data;
	struct columns *info;
	uint32_t content_length; /* a forward request's Content-Length, or a GET BODY CHUNK's */
	bool has_length;
};

static uint32_t walk_num(struct ajp13_walk *w, const char *name, uint32_t size)
{
	if (!cursor_need(&w->c, size))
		return 0;
	const uint8_t *d = w->c.data + w->c.off;
	uint32_t v = size == 1 ? d[0] : fv_get16(d, true);
	if (w->want && name && fv_same(w->want, name))
		fv_give_uint(w->fn, w->data, v);
	cursor_skip(&w->c, size);
	return v;
}

/* A string: its length, its bytes and the NUL after them; *S, *N the
 * bytes (a null string: none). */
static bool walk_str(struct ajp13_walk *w, const char *name, const uint8_t **s, uint32_t *n)
{
	if (!cursor_need(&w->c, 2))
		return false;
	uint32_t len = fv_get16(w->c.data + w->c.off, true);
	cursor_skip(&w->c, 2);
	*s = w->c.data + w->c.off;
	*n = len == 0xffff ? 0 : len;
	if (w->want && name && fv_same(w->want, name) && cursor_left(&w->c) >= *n)
		fv_give_ptr(w->fn, w->data, FV_STRING, *s, *n);
	if (len == 0xffff)
		return true; /* a null string: its length only */
	if (!cursor_skip(&w->c, len))
		return false;
	if (cursor_rleft(&w->c) > 0)
		cursor_skip(&w->c, 1);
	else
		w->c.off++; /* a NUL past the end is not read: what follows fails */
	return cursor_ok(&w->c);
}

static void info_text(struct ajp13_walk *w, const char *before, const uint8_t *s, uint32_t n)
{
	if (!w->info)
		return;
	col_append(w->info, "%s", before);
	col_append_text(w->info, s, n < AJP13_SHOW_MAX ? n : AJP13_SHOW_MAX);
}

static void walk_headers(struct ajp13_walk *w, uint32_t count, const char *const *names, size_t nnames)
{
	for (uint32_t i = 0; i < count && cursor_ok(&w->c); i++) {
		const uint8_t *s;
		uint32_t n;
		if (!cursor_need(&w->c, 1))
			return;
		uint8_t code = w->c.data[w->c.off];
		uint32_t id = code, hn = 0;
		const uint8_t *h = NULL;
		if (code == 0xa0) {
			cursor_skip(&w->c, 1);
			id = walk_num(w, NULL, 1);
		} else if (!walk_str(w, NULL, &h, &hn)) {
			return;
		}
		const char *name = names[id < nnames ? id : 0];
		if (!walk_str(w, h ? NULL : name, &s, &n))
			return;
		if (h && w->want && fv_same(w->want, name)) {
			/* a header of its own name: "name: value" */
			g_autofree char *t = g_strdup_printf("%.*s: %.*s", (int)hn, (const char *)h, (int)n, (const char *)s);
			fv_give_ptr(w->fn, w->data, FV_STRING, (const uint8_t *)t, (uint32_t)strlen(t));
		}
		if (fv_same(name, "ajp13.content_length") && names == ajp13_req_headers && cursor_ok(&w->c)) {
			char buf[16];
			g_snprintf(buf, sizeof buf, "%.*s", (int)(n < 15 ? n : 15), (const char *)s);
			guint64 v;
			w->has_length = g_ascii_string_to_unsigned(buf, 10, 0, UINT32_MAX, &v, NULL);
			w->content_length = w->has_length ? (uint32_t)v : 0;
		}
	}
}

static void walk_forward(struct ajp13_walk *w)
{
	const uint8_t *s, *uri = NULL, *ver = NULL;
	uint32_t n, uri_len = 0, ver_len = 0;
	uint32_t method = walk_num(w, "ajp13.method", 1);
	if (!cursor_ok(&w->c))
		return;
	if (w->info) {
		const char *name = value_name(ajp13_methods, method);
		if (name)
			col_append(w->info, "%s", name);
		else
			col_append(w->info, "Unknown method %u", method);
	}
	if (walk_str(w, "ajp13.ver", &ver, &ver_len) && walk_str(w, "ajp13.uri", &uri, &uri_len) && cursor_ok(&w->c)) {
		info_text(w, " ", uri, uri_len);
		info_text(w, " ", ver, ver_len);
	}
	if (!cursor_ok(&w->c) || !walk_str(w, "ajp13.raddr", &s, &n) || !walk_str(w, "ajp13.rhost", &s, &n) ||
	    !walk_str(w, "ajp13.srv", &s, &n))
		return;
	walk_num(w, "ajp13.port", 2);
	walk_num(w, "ajp13.sslp", 1);
	uint32_t count = walk_num(w, "ajp13.nhdr", 2);
	if (cursor_ok(&w->c))
		walk_headers(w, count, ajp13_req_headers, N_REQ_HEADERS);
}

static void walk_response(struct ajp13_walk *w, uint8_t code)
{
	const uint8_t *s;
	uint32_t n;
	switch (code) {
	case AJP13_END:
		walk_num(w, "ajp13.reusep", 1);
		break;
	case AJP13_SEND_HEADERS: {
		uint32_t status = walk_num(w, "ajp13.rstatus", 2);
		if (cursor_ok(&w->c) && w->info)
			col_append(w->info, ":%u", status);
		if (!walk_str(w, "ajp13.rmsg", &s, &n))
			break;
		if (cursor_ok(&w->c))
			info_text(w, " ", s, n);
		uint32_t count = walk_num(w, "ajp13.nhdr", 2);
		if (cursor_ok(&w->c))
			walk_headers(w, count, ajp13_rsp_headers, N_RSP_HEADERS);
		break;
	}
	case AJP13_GET_BODY:
		w->content_length = walk_num(w, "ajp13.rlen", 2);
		w->has_length = cursor_ok(&w->c);
		break;
	case 9: /* CPONG */
		break;
	default: /* the data after 2 bytes: a packet ending before them is malformed */
		if (!cursor_need(&w->c, 2))
			break;
		if (w->want && fv_same(w->want, "ajp13.data"))
			fv_give_ptr(w->fn, w->data, FV_STRING, w->c.data + w->c.off + 2, cursor_left(&w->c) - 2);
		break;
	}
}

/* A request body: its length (0: the body's end), then the data.  *USED
 * the body's bytes, 0 for its end. */
static void walk_body(struct ajp13_walk *w, uint32_t packet_len, uint32_t *used)
{
	*used = 0;
	if (packet_len == 0)
		return;
	uint32_t len = walk_num(w, NULL, 2);
	if (!cursor_ok(&w->c) || len == 0)
		return;
	*used = len;
	if (!cursor_need(&w->c, len))
		return;
	if (w->want && fv_same(w->want, "ajp13.data"))
		fv_give_ptr(w->fn, w->data, FV_STRING, w->c.data + w->c.off, len);
	cursor_skip(&w->c, len);
}

/* Walks the packet D (N bytes, the capture's; RN declared), a request's
 * body when BODY. */
static void ajp13_walk(struct ajp13_walk *w, const uint8_t *d, uint32_t n, uint32_t rn, bool body, uint32_t *used)
{
	w->c = (struct cursor){d, 0, n, rn, CUR_OK};
	*used = 0;
	if (!cursor_need(&w->c, AJP13_HEADER))
		return;
	uint32_t magic = fv_get16(d, true), len = fv_get16(d + 2, true);
	cursor_skip(&w->c, AJP13_HEADER);
	if (magic == AJP13_REQ && body) {
		walk_body(w, len, used);
		return;
	}
	if (magic != AJP13_REQ && magic != AJP13_RSP)
		return;
	uint32_t code = walk_num(w, "ajp13.code", 1);
	if (!cursor_ok(&w->c))
		return;
	if (magic == AJP13_RSP) {
		if (w->info) {
			const char *name = value_name(ajp13_codes, code);
			if (name)
				col_append(w->info, "%s", name);
			else
				col_append(w->info, "Unknown message code %u", code);
		}
		walk_response(w, (uint8_t)code);
	} else if (code == AJP13_CPING) {
		if (w->info)
			col_append(w->info, "CPING");
	} else {
		walk_forward(w);
	}
}

/* How much request body the connection still expects (Wireshark's
 * content_length, a signed count). */
struct ajp13_conv {
	int64_t content_length;
};

static void *ajp13_conv_new(void)
{
	return g_new0(struct ajp13_conv, 1);
}

/* What the columns and fields need of the connection, kept per packet in
 * the frame (app_info): its offset(4) and whether it is a request's body(1). */
static void ajp13_note(struct packet *p, uint32_t off, bool body)
{
	if (p->app_info_proto != PROTO_AJP13)
		pkt_set_app_info(p, PROTO_AJP13, "", 0);
	size_t at = p->app_info_len;
	if (at + AJP13_NOTE >= PKT_APP_INFO_MAX)
		return;
	memcpy(p->app_info + at, &off, 4);
	p->app_info[at + 4] = body;
	p->app_info_len = (uint16_t)(at + AJP13_NOTE);
}

static bool ajp13_is_body(const struct packet *p, const struct layer *l)
{
	if (p->app_info_proto != PROTO_AJP13)
		return false;
	for (size_t at = 0; at + AJP13_NOTE <= p->app_info_len; at += AJP13_NOTE) {
		uint32_t off;
		memcpy(&off, p->app_info + at, 4);
		if (off == l->off)
			return p->app_info[at + 4] != 0;
	}
	return false;
}

static void dissect_ajp13(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_AJP13, c->off);
	if (idx < 0)
		return;
	uint32_t avail = cursor_left(c), room = cursor_rleft(c);
	struct ajp13_conv *conv = p->session && p->ip_layer >= 0 ?
		session_conv_data(p->session, p, PROTO_AJP13, ajp13_conv_new, g_free) : NULL;
	bool req = avail >= 2 && fv_get16(c->data + c->off, true) == AJP13_REQ;
	bool body = conv && conv->content_length != 0 && req;
	struct ajp13_walk w = {0};
	uint32_t used;
	ajp13_walk(&w, c->data + c->off, avail, room, body, &used);
	if (conv) {
		ajp13_note(p, c->off, body);
		if (body)
			conv->content_length = used ? conv->content_length - used : 0;
		else if (w.has_length || (req && avail >= 5 && c->data[c->off + 4] == AJP13_FORWARD))
			conv->content_length = w.content_length;
	}
	if (!cursor_ok(&w.c)) {
		cursor_skip(c, w.c.off);
		c->err = w.c.err;
		pkt_note_cursor(p, idx, c);
		return;
	}
	cursor_skip(c, room);
}

/* The conversation's number before the Info, as Wireshark writes it. */
static uint32_t ajp13_conv_index(const struct packet *p)
{
	return p->tcp_tracked ? p->tcp_stream : 0;
}

static void ajp13_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "AJP13");
	col_clear(c);
	if (!d || n < 2)
		return;
	uint32_t magic = fv_get16(d, true);
	bool body = ajp13_is_body(p, &p->layers[idx]);
	if (magic == AJP13_REQ)
		col_append(c, "%u:REQ:%s", ajp13_conv_index(p), body ? "Body" : "");
	else if (magic == AJP13_RSP)
		col_append(c, "%u:RSP:", ajp13_conv_index(p));
	else
		col_set(c, "AJP13 Error?");
	if (body)
		return;
	struct ajp13_walk w = {.info = c};
	uint32_t used;
	ajp13_walk(&w, d, n, n, false, &used);
}

static void ajp13_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			 const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	struct ajp13_walk w = {.want = f->abbrev, .fn = fn, .data = data};
	uint32_t used;
	ajp13_walk(&w, d, n, n, ajp13_is_body(p, l), &used);
}

/* A request's body is told by the packets before it. */
static int ajp13_depth(const struct field_def *f)
{
	return f && !fv_same(f->abbrev, "ajp13.magic") && !fv_same(f->abbrev, "ajp13.len") ? DEPTH_TRACKED : -1;
}

/* Wireshark's registration: TCP port 8009, each packet framed by its length. */
static const struct handoff ajp13_handoff[] = {
	TCP_PORT(8009, dissect_ajp13),
	HANDOFF_LIST_END,
};
static const struct pdu_framing ajp13_framing[] = {
	{dissect_ajp13, ajp13_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(AJP13, "ajp13", "Apache JServ Protocol v1.3");
const struct protocol proto_ajp13 = {PROTO_AJP13, .short_name = "AJP13", .fields = &ajp13_table, .columns = ajp13_columns,
				     .values = ajp13_values, .depth = ajp13_depth, .handoff = ajp13_handoff,
				     .framing = ajp13_framing};
