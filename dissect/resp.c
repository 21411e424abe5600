/* resp.c — RESP, the REdis Serialization Protocol (version 2), TCP port
 * 6379: lines ending in CR LF, each starting with its type:
 *
 *   +OK\r\n   simple string      -ERR msg\r\n  error      :42\r\n  integer
 *   $3\r\nSET\r\n  bulk string (length, then the bytes)  $-1\r\n  null
 *   *2\r\n ... 2 elements ...   array (a request is an array of bulk strings)
 *
 * A segment is one `resp` layer.  Info as Wireshark writes it: "Request:" or
 * "Response:" (by the port the segment goes to or comes from), then the
 * words of a request and the values of a response's top-level items.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { RESP_PORT = 6379, RESP_MAX_DEPTH = 30, RESP_SHOW_MAX = 100 };

static const struct field_def resp_fields[] = {
	{"resp.string", "String", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"resp.error", "Error", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"resp.integer", "Integer", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, NULL}, /* 64 bits in Wireshark */
};
FIELD_TABLE_DEFINE(resp);

static void dissect_resp(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_RESP, c->off);
	cursor_skip(c, cursor_rleft(c));
}

/* Reading a segment's items for the Info (and the fields). */
struct resp_read {
	const uint8_t *d;
	uint32_t n, at;
	bool response;
	GString *info;         /* NULL: no Info wanted */
	const char *want;      /* a field asked for, or NULL */
	fvalue_fn fn;
	void *data;
};

/* The line at R->at (without its end) into *LINE, *LEN; false when no line
 * end follows. */
static bool resp_line(struct resp_read *r, const uint8_t **line, uint32_t *len)
{
	for (uint32_t i = r->at; i < r->n; i++) {
		if (r->d[i] != '\n')
			continue;
		*line = r->d + r->at;
		*len = i - r->at - (i > r->at && r->d[i - 1] == '\r');
		r->at = i + 1;
		return true;
	}
	return false;
}

static int64_t resp_number(const uint8_t *s, uint32_t n)
{
	char buf[24];
	uint32_t k = n < sizeof buf - 1 ? n : (uint32_t)sizeof buf - 1;
	memcpy(buf, s, k);
	buf[k] = 0;
	return g_ascii_strtoll(buf, NULL, 10);
}

static bool is_ascii(const uint8_t *s, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (s[i] >= 0x80 || s[i] == 0)
			return false;
	return true;
}

static void info_word(struct resp_read *r, const uint8_t *s, uint32_t n)
{
	if (r->info)
		g_string_append_printf(r->info, " %.*s", (int)n, (const char *)s);
}

/* One item at R->at, at array DEPTH; false when it runs past the segment. */
static bool resp_item(struct resp_read *r, int depth)
{
	const uint8_t *l;
	uint32_t len;
	if (!resp_line(r, &l, &len))
		return false;
	bool top = depth == 0;
	if (len == 0)
		return true;
	switch (l[0]) {
	case '+':
		if (r->response && top)
			info_word(r, l + 1, len - 1);
		if (r->want && fv_same(r->want, "resp.string"))
			fv_give_ptr(r->fn, r->data, FV_STRING, l + 1, len - 1);
		return true;
	case '-':
		if (r->info)
			g_string_append_printf(r->info, " Error: %.*s", (int)len - 1, (const char *)l + 1);
		if (r->want && fv_same(r->want, "resp.error"))
			fv_give_ptr(r->fn, r->data, FV_STRING, l + 1, len - 1);
		return true;
	case ':': {
		int64_t v = resp_number(l + 1, len - 1);
		if (r->response && top && r->info)
			g_string_append_printf(r->info, " %" G_GINT64_FORMAT, v);
		if (r->want && fv_same(r->want, "resp.integer"))
			r->fn(&(struct fvalue){.kind = FV_INT, .i = v}, r->data);
		return true;
	}
	case '$': {
		int64_t blen = resp_number(l + 1, len - 1);
		if (blen < 0)
			return true;
		if ((uint64_t)r->n - r->at < (uint64_t)blen + 2)
			return false;
		const uint8_t *s = r->d + r->at;
		r->at += (uint32_t)blen + 2;
		bool ascii = is_ascii(s, (uint32_t)blen);
		if (ascii && !r->response && depth == 1 && blen < RESP_SHOW_MAX)
			info_word(r, s, (uint32_t)blen);
		else if (ascii && r->response && top && blen < RESP_SHOW_MAX)
			info_word(r, s, (uint32_t)blen);
		else if ((top || (ascii && !r->response && depth == 1)) && r->info)
			g_string_append_printf(r->info, " BulkString(%d)", (int)blen);
		return true;
	}
	case '*': {
		int64_t count = resp_number(l + 1, len - 1);
		if (count <= 0 || depth > RESP_MAX_DEPTH)
			return true;
		if (r->response && top && r->info)
			g_string_append_printf(r->info, " Array(%" G_GINT64_FORMAT ")", count);
		for (int64_t i = 0; i < count && r->at < r->n; i++)
			if (!resp_item(r, depth + 1))
				return false;
		return true;
	}
	default:
		if (r->info)
			g_string_append(r->info, " [fragment]");
		return true;
	}
}

static void resp_read_all(struct resp_read *r)
{
	while (r->at < r->n) {
		if (!resp_item(r, 0)) {
			if (r->info)
				g_string_append(r->info, " [continuation]");
			return;
		}
	}
}

static bool resp_is_response(const struct packet *p)
{
	return p->sport == RESP_PORT && p->dport != RESP_PORT;
}

static void resp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "RESP");
	col_clear(c);
	g_autoptr(GString) info = g_string_new(resp_is_response(p) ? "Response:" : "Request:");
	struct resp_read r = {.d = d, .n = d ? n : 0, .response = resp_is_response(p), .info = info};
	resp_read_all(&r);
	col_append(c, "%s", info->str);
}

static void resp_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
			const struct field_def *f, fvalue_fn fn, void *data)
{
	struct resp_read r = {.d = d, .n = d ? n : 0, .response = resp_is_response(p), .want = f->abbrev,
			      .fn = fn, .data = data};
	resp_read_all(&r);
}

/* Wireshark's registration: TCP port 6379. */
static const struct handoff resp_handoff[] = {
	TCP_PORT(6379, dissect_resp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(RESP, "resp", "REdis Serialization Protocol");
const struct protocol proto_resp = {PROTO_RESP, .short_name = "RESP", .fields = &resp_table, .columns = resp_columns, .values = resp_values,
				    .handoff = resp_handoff};
