/* rtsp.c — the Real Time Streaming Protocol 1.0 (RFC 2326), TCP ports 554,
 * 8554 and 7236 (Wi-Fi Display): text requests and replies in HTTP's shape,
 * and the media data interleaved with them on the same connection.
 *
 *   DESCRIBE rtsp://host/media RTSP/1.0\r\n     RTSP/1.0 200 OK\r\n
 *   CSeq: 2\r\n                                  CSeq: 2\r\n
 *   \r\n                                         Content-Type: application/sdp\r\n
 *                                                Content-Length: 460\r\n  \r\n  v=0 ...
 *
 *   interleaved:  '$' | channel (1 byte) | length (2 bytes) | RTP or RTCP packet
 *
 * A message is a request (its line starts with one of the eleven methods
 * RFC 2326 names, in any case, then a blank or the line's end) or a reply
 * (its line starts "RTSP/"); anything else is a continuation.  A request or
 * reply is gathered over segments up to its header's empty line and its
 * Content-Length body; a request without a length has no body, a reply
 * without one runs to the segment's end unless another message or an
 * interleaved frame follows.  An application/sdp body is SDP's, shown inside
 * RTSP's tree.
 *
 * The Transport header of a reply (to a SETUP) sets up the media: RTP/AVP
 * (or RTP/AVP/UDP) with client_port=A-B makes the client's port A RTP and B
 * RTCP, without client ports a server_port=A makes the server's port A RTP;
 * RTP/AVP/TCP with interleaved=A-B makes channel A of this connection RTP
 * and B RTCP.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

static const struct field_def rtsp_fields[] = {
	{"rtsp.request", "Request", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rtsp.response", "Response", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rtsp.method", "Method", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rtsp.content-type", "Content-type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rtsp.content-length", "Content-length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rtsp.url", "URL", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rtsp.status", "Status", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rtsp.session", "Session", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rtsp.transport", "Transport", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rtsp.magic", "Magic", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"rtsp.channel", "Channel", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"rtsp.length", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(rtsp);

static const char *const rtsp_methods[] = {
	"DESCRIBE", "ANNOUNCE", "GET_PARAMETER", "OPTIONS", "PAUSE", "PLAY",
	"RECORD", "REDIRECT", "SETUP", "SET_PARAMETER", "TEARDOWN",
};

enum rtsp_kind { RTSP_OTHER, RTSP_REQUEST, RTSP_REPLY };

/* What the line B (LEN bytes, without its end) starts: a request, a reply
 * or neither. */
static enum rtsp_kind rtsp_line_kind(const uint8_t *b, uint32_t len)
{
	if (len >= 5 && g_ascii_strncasecmp((const char *)b, "RTSP/", 5) == 0)
		return RTSP_REPLY;
	for (size_t i = 0; i < G_N_ELEMENTS(rtsp_methods); i++) {
		size_t m = strlen(rtsp_methods[i]);
		if (len >= m && g_ascii_strncasecmp((const char *)b, rtsp_methods[i], m) == 0 &&
		    (len == m || g_ascii_isspace(b[m])))
			return RTSP_REQUEST;
	}
	return RTSP_OTHER;
}

/* Whether B (N bytes, no line end among them) may still become the start
 * of a request or reply line. */
static bool rtsp_may_start(const uint8_t *b, uint32_t n)
{
	if (g_ascii_strncasecmp((const char *)b, "RTSP/", MIN(n, 5)) == 0)
		return true;
	for (size_t i = 0; i < G_N_ELEMENTS(rtsp_methods); i++) {
		size_t m = strlen(rtsp_methods[i]);
		if (g_ascii_strncasecmp((const char *)b, rtsp_methods[i], MIN(n, m)) == 0 &&
		    (n <= m || g_ascii_isspace(b[m])))
			return true;
	}
	return false;
}

/* One message's start line and header, read from B (N bytes). */
struct rtsp_info {
	enum rtsp_kind kind;
	uint32_t line_end;              /* the first line's text ends here */
	uint32_t headers;               /* the header lines start here */
	uint32_t hdr_len;               /* the header's empty line ends here (0: not in B) */
	bool has_length;                /* a Content-Length with a number */
	uint32_t content_length;
	struct span content_type;       /* the media type without parameters */
	struct span transport;          /* the Transport header's whole line */
};

/* Whether the header line at B[FROM..EOL) is NAME (with its colon, any case). */
static bool rtsp_header_is(const uint8_t *b, uint32_t from, uint32_t eol, const char *name)
{
	size_t len = strlen(name);
	return eol - from > len && g_ascii_strncasecmp((const char *)b + from, name, len) == 0;
}

/* The value of the header line B[FROM..EOL) named by NAME_LEN bytes: after
 * the blanks past the colon. */
static struct span rtsp_value(const uint8_t *b, uint32_t from, uint32_t eol, size_t name_len)
{
	uint32_t v = from + (uint32_t)name_len;
	while (v < eol && (b[v] == ' ' || b[v] == '\t'))
		v++;
	return (struct span){v, eol - v};
}

/* A Content-Length value as Wireshark takes it: a decimal number, then the
 * line's end or a blank; false otherwise. */
static bool rtsp_length_value(const uint8_t *b, struct span v, uint32_t *out)
{
	uint64_t x = 0;
	uint32_t i = 0;
	for (; i < v.len && g_ascii_isdigit(b[v.off + i]) && x <= G_MAXINT32; i++)
		x = x * 10 + (uint64_t)(b[v.off + i] - '0');
	if (i == 0 || x > G_MAXINT32 || (i < v.len && !g_ascii_isspace(b[v.off + i])))
		return false;
	*out = (uint32_t)x;
	return true;
}

static void rtsp_parse(const uint8_t *b, uint32_t n, struct rtsp_info *ri)
{
	memset(ri, 0, sizeof *ri);
	uint32_t eol, at = line_next(b, n, 0, &eol);
	ri->line_end = eol;
	ri->kind = rtsp_line_kind(b, eol);
	ri->headers = at;
	while (at < n) {
		uint32_t from = at;
		at = line_next(b, n, from, &eol);
		if (eol == n && at == n && !(n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r')))
			return; /* a line not ended yet */
		if (eol == from) {
			ri->hdr_len = at;
			return;
		}
		if (rtsp_header_is(b, from, eol, "Content-Length:")) {
			ri->has_length = rtsp_length_value(b, rtsp_value(b, from, eol, 15), &ri->content_length);
		} else if (rtsp_header_is(b, from, eol, "Content-Type:")) {
			struct span v = rtsp_value(b, from, eol, 13);
			uint32_t semi = find_byte(b, v.off + v.len, v.off, ';');
			uint32_t e = semi < v.off + v.len ? semi : v.off + v.len;
			while (e > v.off && (b[e - 1] == ' ' || b[e - 1] == '\t'))
				e--;
			ri->content_type = (struct span){v.off, e - v.off};
		} else if (rtsp_header_is(b, from, eol, "Transport:")) {
			ri->transport = (struct span){from, eol - from};
		}
	}
}

/* Whether B (N bytes) starts another message: an interleaved frame or a
 * request or reply line. */
static bool rtsp_starts_message(const uint8_t *b, uint32_t n)
{
	uint32_t eol;
	if (n == 0)
		return false;
	if (b[0] == '$')
		return true;
	line_next(b, n, 0, &eol);
	return rtsp_line_kind(b, eol) != RTSP_OTHER;
}

/* The body's length after a header of RI in B (N bytes): the Content-Length,
 * else none for a request, the rest for a reply unless a message follows. */
static uint32_t rtsp_body_len(const uint8_t *b, uint32_t n, const struct rtsp_info *ri)
{
	if (ri->has_length)
		return ri->content_length;
	if (ri->kind != RTSP_REPLY || rtsp_starts_message(b + ri->hdr_len, n - ri->hdr_len))
		return 0;
	return n - ri->hdr_len;
}

/* The framing: an interleaved frame's 4 bytes and its data; a request or
 * reply's header and body; a continuation all there is. */
static uint32_t rtsp_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail == 0)
		return PDU_NEED_MORE;
	if (d[0] == '$')
		return avail < 4 ? PDU_NEED_MORE : 4 + ((uint32_t)d[2] << 8 | d[3]);
	uint32_t eol;
	uint32_t next = line_next(d, avail, 0, &eol);
	if (next == avail && eol == avail && d[avail - 1] != '\n')
		return rtsp_may_start(d, avail) ? PDU_NEED_MORE : avail;
	struct rtsp_info ri;
	rtsp_parse(d, avail, &ri);
	if (ri.kind == RTSP_OTHER)
		return avail;
	if (ri.hdr_len == 0)
		return PDU_NEED_MORE;
	uint64_t total = (uint64_t)ri.hdr_len + rtsp_body_len(d, avail, &ri);
	return total >= PDU_NEED_MORE ? PDU_NEED_MORE - 1 : (uint32_t)total;
}

/* ---- the media a reply's Transport header sets up -------------------------- */

#define RTSP_CHANNELS 256

/* One RTSP connection: the protocol of each interleaved channel. */
struct rtsp_conv {
	uint16_t channel[RTSP_CHANNELS];
};

static void *rtsp_conv_new(void)
{
	return g_new0(struct rtsp_conv, 1);
}

/* The numbers "A[-B]" after KEY in the text T: how many were read. */
static int rtsp_pair(const char *t, const char *key, unsigned *a, unsigned *b)
{
	const char *k = strstr(t, key);
	return k ? sscanf(k + strlen(key), "%u-%u", a, b) : 0;
}

/* The Transport line T (NUL-ended) of a reply in P: the UDP ports of RTP and
 * RTCP, or the channels of this connection. */
static void rtsp_transport(struct packet *p, const char *t)
{
	const char *v = t + strlen("Transport:");
	while (*v && g_ascii_isspace(*v))
		v++;
	bool udp = false, tcp = false;
	if (g_ascii_strncasecmp(v, "rtp/avp/udp", 11) == 0)
		udp = true;
	else if (g_ascii_strncasecmp(v, "rtp/avp/tcp", 11) == 0)
		tcp = true;
	else if (g_ascii_strncasecmp(v, "rtp/avp", 7) == 0)
		udp = true;
	else
		return;
	unsigned c_data = 0, c_mon = 0, s_data = 0, s_mon = 0, ch_data = 0, ch_mon = 0;
	if (strstr(t, "server_port=") && rtsp_pair(t, "server_port=", &s_data, &s_mon) < 1)
		return;
	if (strstr(t, "client_port=") && rtsp_pair(t, "client_port=", &c_data, &c_mon) < 1)
		return;
	if (strstr(t, "interleaved=")) {
		int k = rtsp_pair(t, "interleaved=", &ch_data, &ch_mon);
		if (k < 1 || !tcp)
			return;
		struct rtsp_conv *rc = session_conv_data(p->session, p, PROTO_RTSP, rtsp_conv_new, g_free);
		if (ch_data < RTSP_CHANNELS)
			rc->channel[ch_data] = PROTO_RTP;
		if (k > 1 && ch_mon < RTSP_CHANNELS)
			rc->channel[ch_mon] = PROTO_RTCP;
		return;
	}
	if (!udp)
		return;
	/* the reply goes to the client: its ports are at the destination */
	if (c_data && c_data <= 65535)
		session_expect_media(p->session, p->ip_version, p->ip_dst, (uint16_t)c_data, PROTO_RTP);
	else if (s_data && s_data <= 65535)
		session_expect_media(p->session, p->ip_version, p->ip_src, (uint16_t)s_data, PROTO_RTP);
	if (c_mon && c_mon <= 65535)
		session_expect_media(p->session, p->ip_version, p->ip_dst, (uint16_t)c_mon, PROTO_RTCP);
}

/* ---- the dissector ----------------------------------------------------------- */

/* An interleaved frame: its data is RTP or RTCP when a reply set up its
 * channel, else shown in RTSP's tree. */
static void rtsp_interleaved(struct packet *p, struct cursor *c, int idx)
{
	uint8_t channel = cursor_peek(c, 1) >= 0 ? (uint8_t)cursor_peek(c, 1) : 0;
	uint16_t len = cursor_rleft(c) >= 4 && cursor_left(c) >= 4 ? (uint16_t)(c->data[c->off + 2] << 8 |
										   c->data[c->off + 3])
								   : 0;
	if (!cursor_skip(c, 4)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	p->layers[idx].len = 4;
	struct rtsp_conv *rc = p->session && pkt_has_tcp(p)
				       ? session_conv_data(p->session, p, PROTO_RTSP, rtsp_conv_new, g_free)
				       : NULL;
	struct cursor data = cursor_sub(c, len);
	if (rc && rc->channel[channel] == PROTO_RTP)
		dissect_rtp(p, &data);
	else if (rc && rc->channel[channel] == PROTO_RTCP)
		dissect_rtcp(p, &data);
	else if (cursor_left(&data) < cursor_rleft(&data)) /* its data, cut by the capture */
		pkt_mark(p, idx, PKT_TRUNCATED);
}

static void dissect_rtsp(struct packet *p, struct cursor *c)
{
	uint32_t n = cursor_left(c);
	const uint8_t *b = c->data + c->off;
	if (cursor_rleft(c) == 0)
		return;
	if (n == 0) {
		/* after a message, bytes the capture did not keep: the message
		 * before was cut short */
		for (int i = p->nlayers - 1; i >= 0 && p->layers[i].proto != PROTO_TCP; i--)
			if (p->layers[i].proto == PROTO_RTSP) {
				pkt_mark(p, i, PKT_TRUNCATED);
				p->flags |= PKT_TAKEN; /* no data after it */
				return;
			}
	}
	int idx = pkt_push_layer(p, PROTO_RTSP, c->off);
	if (idx < 0)
		return;
	/* the messages of one segment are one call of Wireshark's dissector:
	 * frame.protocols names RTSP once */
	for (int i = idx - 1; i >= 0 && p->layers[i].proto != PROTO_TCP; i--)
		if (p->layers[i].proto == PROTO_RTSP)
			p->layers[idx].flags |= PKT_TREE_ONLY;
	if (n > 0 && b[0] == '$') {
		rtsp_interleaved(p, c, idx);
		return;
	}
	p->layers[idx].len = n;
	struct rtsp_info ri;
	rtsp_parse(b, n, &ri);
	/* cut by the capture: Wireshark reads what there is as the message,
	 * its body not handed on, then fails to read the next one */
	bool cut = n < cursor_rleft(c);
	if (cut)
		pkt_mark(p, idx, PKT_TRUNCATED);
	if (ri.kind == RTSP_OTHER || ri.hdr_len == 0)
		return;
	if (ri.kind == RTSP_REPLY && ri.transport.len && p->session && !(p->flags & PKT_IN_ERROR)) {
		char t[256];
		uint32_t tl = MIN(ri.transport.len, sizeof t - 1);
		memcpy(t, b + ri.transport.off, tl);
		t[tl] = 0;
		rtsp_transport(p, t);
	}
	uint32_t body = rtsp_body_len(b, n, &ri);
	struct cursor rest = *c;
	rest.off += ri.hdr_len;
	if (body > cursor_rleft(&rest))
		body = cursor_rleft(&rest);
	if (body == 0 || rtsp_starts_message(b + ri.hdr_len, n - ri.hdr_len))
		return;
	if (!cut && media_type_is_sdp(b + ri.content_type.off, ri.content_type.len)) {
		struct cursor sdp = cursor_sub(&rest, body);
		dissect_sdp_nested(p, &sdp);
	}
}

/* ---- field values ------------------------------------------------------------ */

static void rtsp_message_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	struct rtsp_info ri;
	rtsp_parse(b, n, &ri);
	uint32_t eol = ri.line_end;
	if (ri.kind == RTSP_REQUEST) {
		uint32_t m = 0, u, ue;
		while (m < eol && !g_ascii_isspace(b[m]))
			m++;
		for (u = m; u < eol && g_ascii_isspace(b[u]); u++)
			;
		for (ue = u; ue < eol && !g_ascii_isspace(b[ue]); ue++)
			;
		if (fv_same(a, "rtsp.request"))
			fv_give_ptr(fn, data, FV_STRING, b, ri.headers);
		else if (fv_same(a, "rtsp.method")) { /* the method as RFC 2326 spells it */
			for (size_t i = 0; i < G_N_ELEMENTS(rtsp_methods); i++) {
				size_t ml = strlen(rtsp_methods[i]);
				if (ml <= eol && g_ascii_strncasecmp((const char *)b, rtsp_methods[i], ml) == 0 &&
				    (ml == eol || g_ascii_isspace(b[ml]))) {
					fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)rtsp_methods[i], (uint32_t)ml);
					break;
				}
			}
		}
		else if (fv_same(a, "rtsp.url"))
			fv_give_ptr(fn, data, FV_STRING, b + u, ue - u);
	} else if (ri.kind == RTSP_REPLY) {
		uint32_t s = 0, code = 0;
		while (s < eol && !g_ascii_isspace(b[s]))
			s++;
		while (s < eol && g_ascii_isspace(b[s]))
			s++;
		for (; s < eol && g_ascii_isdigit(b[s]) && code < 100000000; s++)
			code = code * 10 + (uint32_t)(b[s] - '0');
		if (fv_same(a, "rtsp.response"))
			fv_give_ptr(fn, data, FV_STRING, b, ri.headers);
		else if (fv_same(a, "rtsp.status"))
			fv_give_uint(fn, data, code);
	}
	static const struct {
		const char *abbrev, *name;
	} headers[] = {
		{"rtsp.content-type", "Content-Type:"}, {"rtsp.content-length", "Content-Length:"},
		{"rtsp.session", "Session:"}, {"rtsp.transport", "Transport:"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(headers); i++) {
		if (!fv_same(a, headers[i].abbrev))
			continue;
		size_t nl = strlen(headers[i].name);
		for (uint32_t at = ri.headers; at < n;) {
			uint32_t from = at;
			at = line_next(b, n, from, &eol);
			if (eol == from)
				return;
			if (!rtsp_header_is(b, from, eol, headers[i].name))
				continue;
			struct span v = rtsp_value(b, from, eol, nl);
			uint32_t x = 0;
			if (i == 1)
				fv_give_uint(fn, data, rtsp_length_value(b, v, &x) ? x : 0);
			else
				fv_give_ptr(fn, data, FV_STRING, b + v.off, v.len);
		}
	}
}

static void rtsp_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n == 0)
		return;
	if (d[0] != '$') {
		rtsp_message_values(d, n, f->abbrev, fn, data);
		return;
	}
	if (fv_same(f->abbrev, "rtsp.magic"))
		fv_give_uint(fn, data, d[0]);
	else if (fv_same(f->abbrev, "rtsp.channel") && n >= 2)
		fv_give_uint(fn, data, d[1]);
	else if (fv_same(f->abbrev, "rtsp.length") && n >= 4)
		fv_give_uint(fn, data, (uint32_t)d[2] << 8 | d[3]);
}

/* ---- the packet list ------------------------------------------------------- */

/* Whether an RTSP message comes before layer IDX in P's payload. */
static bool rtsp_before(const struct packet *p, int idx)
{
	for (int i = idx - 1; i >= 0 && p->layers[i].proto != PROTO_TCP; i--)
		if (p->layers[i].proto == PROTO_RTSP)
			return true;
	return false;
}

/* Whether the capture cut message layer IDX (D, N bytes) where Wireshark
 * has read it whole and fails at the next message (its Info then ends in
 * ", "): everywhere but in a header line after the first whose kept part
 * is a bare name (no colon, no blank yet), which fails inside. */
static bool rtsp_cut_between(const struct packet *p, int idx, const uint8_t *d, uint32_t n)
{
	if (!d || !(p->layers[idx].flags & PKT_TRUNCATED))
		return false;
	struct rtsp_info ri;
	rtsp_parse(d, n, &ri);
	if (ri.hdr_len || n == 0 || d[n - 1] == '\n' || d[n - 1] == '\r')
		return true;
	uint32_t from = n;
	while (from > 0 && d[from - 1] != '\n' && d[from - 1] != '\r')
		from--;
	if (from == 0)
		return true; /* the first line */
	for (uint32_t i = from; i < n; i++)
		if (!g_ascii_isprint(d[i]) || strchr("()<>@,;\\\"/[]?={}: \t", d[i]))
			return true;
	return false;
}

/* RTSP: a request's first line, "Reply: " and a reply's, "Continuation",
 * or "Interleaved channel 0x00, N bytes"; each message after the first in a
 * segment adds ", " and its own. */
static void rtsp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	bool interleaved = d && n > 0 && d[0] == '$';
	if (rtsp_before(p, idx)) {
		col_fence(c);
		col_append(c, ", ");
		col_fence(c);
	}
	if (interleaved) { /* the Protocol column stays as it was */
		col_clear(c);
		if (n >= 4)
			col_append(c, "Interleaved channel 0x%02x, %u bytes", d[1], (unsigned)(d[2] << 8 | d[3]));
		return;
	}
	col_proto(c, "RTSP");
	col_sdp_after(c, p, idx);
	col_clear(c);
	uint32_t eol = 0;
	if (d)
		line_next(d, n, 0, &eol);
	enum rtsp_kind k = d ? rtsp_line_kind(d, eol) : RTSP_OTHER;
	if (k == RTSP_OTHER) {
		col_append(c, "Continuation%s", rtsp_cut_between(p, idx, d, n) ? ", " : "");
		return;
	}
	if (k == RTSP_REPLY)
		col_append(c, "Reply: ");
	col_append_text(c, d, eol);
	if (rtsp_cut_between(p, idx, d, n))
		col_append(c, ", "); /* the next message's, which the cut stops */
}

/* Wireshark's registration: TCP ports 554, 8554 and 7236. */
static const struct handoff rtsp_handoff[] = {
	TCP_PORT(554, dissect_rtsp),
	TCP_PORT(7236, dissect_rtsp),
	TCP_PORT(8554, dissect_rtsp),
	HANDOFF_LIST_END,
};
static const struct pdu_framing rtsp_framing[] = {
	{dissect_rtsp, rtsp_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};

PROTOCOL_ID(RTSP, "rtsp", "Real Time Streaming Protocol");
const struct protocol proto_rtsp = {PROTO_RTSP, .short_name = "RTSP", .fields = &rtsp_table, .columns = rtsp_columns,
				    .values = rtsp_values, .handoff = rtsp_handoff, .framing = rtsp_framing};
