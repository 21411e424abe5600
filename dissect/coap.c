/* coap.c — CoAP, the Constrained Application Protocol (RFC 7252; Block
 * options RFC 7959, Observe RFC 7641), UDP port 5683: one message to a
 * datagram.
 *
 *   +-----+-----+-----+--------+-----------------+-----------+---------+
 *   | ver | type| TKL | code   | message id(2)   | token     | options |
 *   | (2) | (2) | (4) | (3.5)  |                 | (TKL)     | ...     |
 *   +-----+-----+-----+--------+-----------------+-----------+---------+
 *   option: delta(4) length(4) [delta ext(1|2)] [length ext(1|2)] value;
 *   0xff ends the options, the payload follows.
 *
 * Info as Wireshark writes it: type, message id, code, the payload's media
 * type, token, block number and the URI the options build (Uri-Host,
 * Uri-Port, Uri-Path, the first Uri-Query); a response (classes 2 to 5)
 * names the URI of the request that sent its token.
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum {
	COAP_URI_HOST = 3, COAP_OBSERVE = 6, COAP_URI_PORT = 7, COAP_URI_PATH = 11, COAP_CONTENT_FORMAT = 12,
	COAP_URI_QUERY = 15, COAP_BLOCK2 = 23, COAP_BLOCK1 = 27,
};

static const struct value_string coap_types[] = {
	{0, "Confirmable"}, {1, "Non-Confirmable"}, {2, "Acknowledgement"}, {3, "Reset"}, {0, NULL},
};

static const struct value_string coap_codes[] = {
	{0, "Empty Message"}, {1, "GET"}, {2, "POST"}, {3, "PUT"}, {4, "DELETE"}, {5, "FETCH"}, {6, "PATCH"},
	{7, "iPATCH"}, {65, "2.01 Created"}, {66, "2.02 Deleted"}, {67, "2.03 Valid"}, {68, "2.04 Changed"},
	{69, "2.05 Content"}, {95, "2.31 Continue"}, {128, "4.00 Bad Request"}, {129, "4.01 Unauthorized"},
	{130, "4.02 Bad Option"}, {131, "4.03 Forbidden"}, {132, "4.04 Not Found"},
	{133, "4.05 Method Not Allowed"}, {134, "4.06 Not Acceptable"}, {136, "4.08 Request Entity Incomplete"},
	{137, "4.09 Conflict"}, {140, "4.12 Precondition Failed"}, {141, "4.13 Request Entity Too Large"},
	{143, "4.15 Unsupported Content-Format"}, {150, "4.22 Unprocessable Entity"},
	{157, "4.29 Too Many Requests"}, {160, "5.00 Internal Server Error"}, {161, "5.01 Not Implemented"},
	{162, "5.02 Bad Gateway"}, {163, "5.03 Service Unavailable"}, {164, "5.04 Gateway Timeout"},
	{165, "5.05 Proxying Not Supported"}, {168, "5.08 Hop Limit Reached"}, {225, "7.01 CSM"}, {226, "7.02 Ping"},
	{227, "7.03 Pong"}, {228, "7.04 Release"}, {229, "7.05 Abort"}, {0, NULL},
};

static const struct field_def coap_fields[] = {
	{"coap.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0xc0, NULL},
	{"coap.type", "Type", FT_UINT8, BASE_DEC, 0, 1, 0x30, coap_types},
	{"coap.token_len", "Token Length", FT_UINT8, BASE_DEC, 0, 1, 0x0f, NULL},
	{"coap.code", "Code", FT_UINT8, BASE_DEC, 1, 1, 0, coap_codes},
	{"coap.mid", "Message ID", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"coap.token", "Token", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"coap.opt.uri_host", "Uri-Host", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"coap.opt.uri_port", "Uri-Port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"coap.opt.uri_path", "Uri-Path", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"coap.opt.uri_query", "Uri-Query", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"coap.opt.ctype", "Content-type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"coap.opt.observe", "Observe", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"coap.opt.block_number", "Block Number", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(coap);

/* Content-Format numbers and their names, as Wireshark 4.0 knows them (the
 * IANA registry); a payload goes to the dissector of the media type the
 * name begins with, when there is one. */
static const struct {
	uint32_t id;
	const char *name;
} coap_formats[] = {
	{0, "text/plain; charset=utf-8"}, {40, "application/link-format"}, {41, "application/xml"},
	{42, "application/octet-stream"}, {47, "application/exi"}, {50, "application/json"},
	{51, "application/json-patch+json"}, {52, "application/merge-patch+json"}, {60, "application/cbor"},
	{61, "application/cwt"}, {62, "application/multipart-core"}, {110, "application/senml+json"},
	{111, "application/sensml+json"}, {112, "application/senml+cbor"}, {113, "application/sensml+cbor"},
	{114, "application/senml-exi"}, {115, "application/sensml-exi"}, {256, "application/coap-group+json"},
	{310, "application/senml+xml"}, {311, "application/sensml+xml"}, {11542, "application/vnd.oma.lwm2m+tlv"},
	{11543, "application/vnd.oma.lwm2m+json"},
};

/* What a message's options say. */
struct coap_msg {
	uint32_t opts_end;     /* where the options (and the end marker) end */
	bool opts_ok;          /* they were read to their end */
	bool cut;              /* an option's header ran past the datagram */
	bool has_format;
	uint32_t format;
	bool has_block;
	uint32_t block;
	GString *uri;          /* the URI the options build, NULL: not wanted */
	GString *query;        /* the first Uri-Query, with its "?" */
	const char *want;      /* a field asked for, or NULL */
	fvalue_fn fn;
	void *data;
};

static uint32_t coap_uint(const uint8_t *d, uint32_t n)
{
	uint32_t v = 0;
	for (uint32_t i = 0; i < n && i < 4; i++)
		v = v << 8 | d[i];
	return v;
}

static void coap_give(struct coap_msg *m, const char *name, uint8_t kind, const uint8_t *d, uint32_t n)
{
	if (!m->want || !fv_same(m->want, name))
		return;
	if (kind == FV_UINT)
		fv_give_uint(m->fn, m->data, coap_uint(d, n));
	else
		fv_give_ptr(m->fn, m->data, kind, d, n);
}

/* One option's value (NUM, LEN bytes at V) into M. */
static void coap_option(struct coap_msg *m, uint32_t num, const uint8_t *v, uint32_t len)
{
	switch (num) {
	case COAP_URI_HOST:
		coap_give(m, "coap.opt.uri_host", FV_STRING, v, len);
		if (m->uri) {
			uint32_t colons = 0;
			for (uint32_t i = 0; i < len; i++)
				colons += v[i] == ':';
			g_string_append(m->uri, colons > 1 ? "coap://[" : "coap://");
			g_string_append_len(m->uri, (const char *)v, len);
			if (colons > 1)
				g_string_append_c(m->uri, ']');
		}
		break;
	case COAP_URI_PORT:
		coap_give(m, "coap.opt.uri_port", FV_UINT, v, len);
		if (m->uri)
			g_string_append_printf(m->uri, ":%u", coap_uint(v, len));
		break;
	case COAP_URI_PATH:
		coap_give(m, "coap.opt.uri_path", FV_STRING, v, len);
		if (m->uri) {
			g_string_append_c(m->uri, '/');
			g_string_append_len(m->uri, (const char *)v, len);
		}
		break;
	case COAP_URI_QUERY:
		coap_give(m, "coap.opt.uri_query", FV_STRING, v, len);
		if (m->query && m->query->len == 0) {
			g_string_append_c(m->query, '?');
			g_string_append_len(m->query, (const char *)v, len);
		}
		break;
	case COAP_CONTENT_FORMAT:
		m->has_format = true;
		m->format = coap_uint(v, len);
		break;
	case COAP_OBSERVE:
		coap_give(m, "coap.opt.observe", FV_UINT, v, len);
		break;
	case COAP_BLOCK1:
	case COAP_BLOCK2:
		m->has_block = true;
		m->block = len ? coap_uint(v, len) >> 4 : 0;
		if (m->want && fv_same(m->want, "coap.opt.block_number"))
			fv_give_uint(m->fn, m->data, m->block);
		break;
	default:
		break;
	}
}

/* An option header's extended delta or length for nibble X at *AT: its
 * value, or -1 when its bytes run past N (*CUT set) or X is 15. */
static int64_t coap_ext(const uint8_t *d, uint32_t n, uint32_t *at, uint32_t x, bool *cut)
{
	if (x < 13)
		return x;
	if (x == 15)
		return -1;
	uint32_t k = x == 13 ? 1 : 2;
	if (*at + k > n) {
		*cut = true;
		return -1;
	}
	uint32_t v = coap_uint(d + *at, k);
	*at += k;
	return x == 13 ? 13 + v : 269 + v;
}

/* The options from AT to the end marker or the datagram's end (N bytes). */
static void coap_options(const uint8_t *d, uint32_t n, uint32_t at, struct coap_msg *m)
{
	uint32_t num = 0;
	m->opts_ok = false;
	while (at < n) {
		uint8_t b = d[at];
		if (b == 0xff) {
			at++;
			break;
		}
		at++;
		int64_t delta = coap_ext(d, n, &at, b >> 4, &m->cut);
		if (delta < 0)
			return;
		int64_t len = coap_ext(d, n, &at, b & 15, &m->cut);
		if (len < 0 || at + (uint64_t)len > n)
			return; /* Wireshark: an expert item, the rest not read */
		num += (uint32_t)delta;
		coap_option(m, num, d + at, (uint32_t)len);
		at += (uint32_t)len;
	}
	m->opts_ok = true;
	m->opts_end = at;
}

/* The name of Content-Format ID, NULL when unknown; *MEDIA_LEN: how much
 * of it is the media type (before its parameters). */
static const char *coap_format(uint32_t id, size_t *media_len)
{
	for (size_t i = 0; i < G_N_ELEMENTS(coap_formats); i++)
		if (coap_formats[i].id == id) {
			const char *semi = strchr(coap_formats[i].name, ';');
			if (media_len)
				*media_len = semi ? (size_t)(semi - coap_formats[i].name) : strlen(coap_formats[i].name);
			return coap_formats[i].name;
		}
	return NULL;
}

/* The media type of M's payload, *LEN bytes, when a dissector reads it. */
static const char *coap_media(const struct coap_msg *m, size_t *len)
{
	const char *name = m->has_format ? coap_format(m->format, len) : NULL;
	return name && media_type_named(name, *len) ? name : NULL;
}

/* What a conversation keeps: the URI each request token asked for. */
static void *coap_conv_new(void)
{
	return g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, g_free);
}

static void coap_conv_free(void *data)
{
	g_hash_table_destroy(data);
}

/* A response names its request's URI (kept as the packet's app_info, as
 * the request's token finds it in earlier frames). */
static void coap_track(struct packet *p, const uint8_t *d, uint32_t tkl, const struct coap_msg *m)
{
	if (!p->session || p->ip_layer < 0 || tkl == 0)
		return;
	GHashTable *uris = session_conv_data(p->session, p, PROTO_COAP, coap_conv_new, coap_conv_free);
	g_autoptr(GBytes) token = g_bytes_new(d + 4, tkl);
	uint8_t code = d[1];
	if (code >= 1 && code < 32 && m->uri->len) {
		g_hash_table_replace(uris, g_bytes_ref(token), g_strdup(m->uri->str));
	} else if (code >= 64 && code < 192 && m->uri->len == 0) { /* classes 2 to 5 */
		const char *uri = g_hash_table_lookup(uris, token);
		if (uri)
			pkt_set_app_info(p, PROTO_COAP, uri, strlen(uri));
	}
}

static void dissect_coap(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_COAP, c->off);
	if (idx < 0)
		return;
	uint32_t n = cursor_left(c), tkl = (uint32_t)(cursor_peek(c, 0) & 15);
	if (!cursor_need(c, 4 + tkl)) { /* the header and the token */
		app_note(p, idx, c);
		return;
	}
	const uint8_t *d = c->data + c->off;
	g_autoptr(GString) uri = g_string_new(NULL);
	struct coap_msg m = {.uri = uri};
	coap_options(d, n, 4 + tkl, &m);
	if (m.cut) {
		cursor_skip(c, n);
		cursor_fail(c, 1);
		app_note(p, idx, c);
		return;
	}
	if (!m.opts_ok)
		return;
	coap_track(p, d, tkl, &m);
	cursor_skip(c, m.opts_end);
	if (cursor_rleft(c) == 0)
		return;
	size_t len = 0;
	const char *media = coap_media(&m, &len);
	if (!m.has_format)
		dissect_data(p, c);
	else if (media)
		dissect_media_body(p, c, media, len, false);
}

/* "CON, MID:16, GET", what a payload's media type adds, the token, block
 * and URI. */
static void coap_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	col_proto(c, "CoAP");
	col_clear(c);
	if (!d || n < 4)
		return;
	static const char *const types[] = {"CON", "NON", "ACK", "RST"};
	const char *code = value_name(coap_codes, d[1]);
	col_append(c, "%s, MID:%u, ", types[(d[0] >> 4) & 3], fv_get16(d + 2, true));
	if (code)
		col_append(c, "%s", code);
	else
		col_append(c, "Unknown %u", d[1]);
	uint32_t tkl = d[0] & 15;
	if (n < 4 + tkl)
		return;
	g_autoptr(GString) uri = g_string_new(NULL);
	g_autoptr(GString) query = g_string_new(NULL);
	struct coap_msg m = {.uri = uri, .query = query};
	coap_options(d, n, 4 + tkl, &m);
	if (!m.opts_ok)
		return;
	size_t len = 0;
	const char *media = coap_media(&m, &len);
	if (media && m.opts_end < n && idx + 1 < p->nlayers) {
		enum proto_id shown = p->layers[idx + 1].proto;
		if (shown == PROTO_JSON)
			col_append(c, ", JavaScript Object Notation (%.*s)", (int)len, media);
		else if (shown == PROTO_DATA_TEXT_LINES)
			col_append(c, " (%.*s)", (int)len, media);
	}
	if (tkl) {
		col_append(c, ", TKN:");
		for (uint32_t i = 0; i < tkl; i++)
			col_append(c, i ? " %02x" : "%02x", d[4 + i]);
	}
	if (m.has_block)
		col_append(c, ", Block #%u", m.block);
	if (uri->len)
		col_append(c, ", %s%s", uri->str, query->str);
	else if (p->app_info_proto == PROTO_COAP)
		col_append(c, ", %s", p->app_info);
}

static void coap_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 4)
		return;
	uint32_t tkl = d[0] & 15;
	if (n < 4 + tkl)
		return;
	if (fv_same(f->abbrev, "coap.token")) {
		if (tkl)
			fv_give_ptr(fn, data, FV_BYTES, d + 4, tkl);
		return;
	}
	struct coap_msg m = {.want = f->abbrev, .fn = fn, .data = data};
	coap_options(d, n, 4 + tkl, &m);
	if (m.has_format && fv_same(f->abbrev, "coap.opt.ctype")) {
		const char *name = coap_format(m.format, NULL);
		char unknown[32];
		if (!name) {
			g_snprintf(unknown, sizeof unknown, "Unknown Type %u", m.format);
			name = unknown;
		}
		fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)name, (uint32_t)strlen(name));
	}
}

/* Wireshark's registration: UDP port 5683. */
static const struct handoff coap_handoff[] = {
	UDP_PORT(5683, dissect_coap),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(COAP, "coap", "Constrained Application Protocol");
const struct protocol proto_coap = {PROTO_COAP, .short_name = "CoAP", .fields = &coap_table, .columns = coap_columns,
				    .values = coap_values, .handoff = coap_handoff};
