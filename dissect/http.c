/* http.c — HTTP/1.x (RFC 9112): a request line or a status line, header
 * lines up to an empty line, then a body whose length Content-Length or
 * chunked transfer coding gives.
 *
 *   GET /index.html HTTP/1.1\r\n        HTTP/1.1 200 OK\r\n
 *   Host: example.com\r\n               Content-Type: text/html\r\n
 *   \r\n                                Content-Length: 42\r\n
 *                                       \r\n <body>
 *
 * On its own ports, a segment that starts with neither a request nor a
 * status line is the continuation of an earlier message's body.  On other
 * ports, only a complete first line that starts or ends with "HTTP/1." is
 * taken for HTTP.  The body goes to the dissector of its media type
 * (media.c); a body in a content coding we cannot undo stays `data`.
 */
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/ntlmssp.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

static const struct field_def http_fields[] = {
	{"http.request", "Request", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.response", "Response", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.request.method", "Request Method", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.request.uri", "Request URI", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.request.version", "Request Version", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.response.version", "Response Version", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.response.code", "Status Code", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"http.response.phrase", "Response Phrase", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.host", "Host", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.user_agent", "User-Agent", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.server", "Server", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.content_type", "Content-Type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.content_length", "Content length", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"http.content_encoding", "Content-Encoding", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.transfer_encoding", "Transfer-Encoding", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.connection", "Connection", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.location", "Location", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.referer", "Referer", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.cookie", "Cookie", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.set_cookie", "Set-Cookie", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.authorization", "Authorization", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.accept", "Accept", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"http.file_data", "File Data", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(http);

/* Request methods: HTTP's own, WebDAV's, UPnP's, and the extensions of
 * Microsoft's RPC over HTTP, BITS and SCCM. */
static const char *const methods[] = {
	"GET", "PUT", "POST", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH",
	"PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH",
	"REPORT", "CHECKOUT", "CHECKIN", "UNCHECKOUT", "MERGE", "MKACTIVITY", "MKWORKSPACE",
	"VERSION-CONTROL", "BASELINE-CONTROL", "LABEL", "UPDATE", "ORDERPATCH", "ACL",
	"BIND", "UNBIND", "REBIND", "MKCALENDAR", "POLL", "BMOVE", "BCOPY", "BDELETE",
	"BPROPFIND", "BPROPPATCH", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "M-SEARCH",
	"M-POST", "RPC_IN_DATA", "RPC_OUT_DATA", "RPC_CONNECT", "CCM_POST", "BITS_POST",
	"PURGE",
};

/* The kind of message whose first line starts B (N bytes): a request (a
 * known method and a space), a response ("HTTP/" and a digit), or neither.
 * *INCOMPLETE is set when the bytes end before that could be told. */
static enum http_kind start_kind(const uint8_t *b, uint32_t n, bool *incomplete)
{
	*incomplete = n == 0;
	if (n >= 6 && memcmp(b, "HTTP/", 5) == 0)
		return b[5] >= '0' && b[5] <= '9' ? HTTP_RESPONSE : HTTP_NONE;
	if (n < 6 && memcmp(b, "HTTP/", n) == 0 && n > 0) {
		*incomplete = true;
		return HTTP_NONE;
	}
	if (n > 0 && !(b[0] >= 'A' && b[0] <= 'Z'))
		return HTTP_NONE; /* every method starts with a capital letter */
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		size_t ml = strlen(methods[i]);
		if (n > ml && memcmp(b, methods[i], ml) == 0 && b[ml] == ' ')
			return HTTP_REQUEST;
		if (n <= ml && n > 0 && memcmp(b, methods[i], n) == 0)
			*incomplete = true;
	}
	return HTTP_NONE;
}

/* An empty line before a message (the previous one's extra CRLF): skipped
 * when more than three bytes are there, as servers are told to (RFC 9112,
 * 2.2).  How many bytes to skip at B (N bytes). */
static uint32_t leading_crlf(const uint8_t *b, uint32_t n)
{
	return n > 3 && b[0] == '\r' && b[1] == '\n' ? 2 : 0;
}

/* End of the line starting at B[I]: *EOL is the terminator's first byte
 * (CR or LF), the result the first byte after it; 0 when no LF follows. */
static uint32_t line_end(const uint8_t *b, uint32_t n, uint32_t i, uint32_t *eol)
{
	const uint8_t *lf = i < n ? memchr(b + i, '\n', n - i) : NULL;
	if (!lf)
		return 0;
	uint32_t at = (uint32_t)(lf - b);
	*eol = at > i && b[at - 1] == '\r' ? at - 1 : at;
	return at + 1;
}

static struct span slice(uint32_t from, uint32_t to)
{
	struct span s = {from, to > from ? to - from : 0};
	return s;
}

static bool name_is(const uint8_t *b, uint32_t len, const char *name)
{
	return strlen(name) == len && strncasecmp((const char *)b, name, len) == 0;
}

static bool value_has(const uint8_t *b, struct span v, const char *word)
{
	size_t wl = strlen(word);
	for (uint32_t i = 0; i + wl <= v.len; i++)
		if (strncasecmp((const char *)b + v.off + i, word, wl) == 0)
			return true;
	return false;
}

/* Parses the start line into HI. */
static void parse_start(const uint8_t *b, uint32_t eol, struct http_info *hi)
{
	const uint8_t *sp1 = memchr(b, ' ', eol);
	uint32_t a = sp1 ? (uint32_t)(sp1 - b) : eol;
	const uint8_t *sp2 = a + 1 < eol ? memchr(b + a + 1, ' ', eol - a - 1) : NULL;
	uint32_t z = sp2 ? (uint32_t)(sp2 - b) : eol;
	if (hi->kind == HTTP_REQUEST) {
		hi->method = slice(0, a);
		hi->uri = slice(a + 1 < eol ? a + 1 : eol, z);
		hi->version = slice(z + 1 < eol ? z + 1 : eol, eol);
		return;
	}
	hi->version = slice(0, a);
	uint32_t code = 0, digits = 0;
	for (uint32_t i = a + 1; i < z && digits < 4; i++, digits++) {
		if (b[i] < '0' || b[i] > '9')
			break;
		code = code * 10 + (b[i] - '0');
	}
	hi->code = (uint16_t)code;
	hi->phrase = slice(z + 1 < eol ? z + 1 : eol, eol);
}

static void parse_header(const uint8_t *b, uint32_t from, uint32_t eol, struct http_info *hi)
{
	const uint8_t *colon = memchr(b + from, ':', eol - from);
	if (!colon)
		return;
	uint32_t nl = (uint32_t)(colon - b) - from;
	uint32_t v = (uint32_t)(colon - b) + 1, e = eol;
	while (v < e && (b[v] == ' ' || b[v] == '\t'))
		v++;
	while (e > v && (b[e - 1] == ' ' || b[e - 1] == '\t'))
		e--;
	struct span val = slice(v, e);
	const uint8_t *name = b + from;
	if (name_is(name, nl, "host"))
		hi->host = val;
	else if (name_is(name, nl, "user-agent"))
		hi->user_agent = val;
	else if (name_is(name, nl, "server"))
		hi->server = val;
	else if (name_is(name, nl, "content-type"))
		hi->content_type = val;
	else if (name_is(name, nl, "content-encoding"))
		hi->content_encoding = val;
	else if (name_is(name, nl, "upgrade"))
		hi->upgrade = val;
	else if (name_is(name, nl, "sec-websocket-extensions"))
		hi->ws_extensions = val;
	else if (name_is(name, nl, "transfer-encoding"))
		hi->chunked = value_has(b, val, "chunked");
	else if (name_is(name, nl, "content-length")) {
		uint64_t len = 0;
		uint32_t i = v;
		for (; i < e && b[i] >= '0' && b[i] <= '9' && len < (UINT64_C(1) << 56); i++)
			len = len * 10 + (b[i] - '0');
		if (i > v && i == e) {
			hi->has_length = true;
			hi->content_length = len;
		}
	}
}

bool http_parse(const uint8_t *b, uint32_t n, struct http_info *hi)
{
	memset(hi, 0, sizeof *hi);
	hi->base = b;
	bool incomplete;
	uint32_t at = leading_crlf(b, n);
	hi->kind = start_kind(b + at, n - at, &incomplete);
	if (hi->kind == HTTP_NONE)
		return false;
	uint32_t eol = n;
	uint32_t next = line_end(b, n, at, &eol);
	parse_start(b + at, (next ? eol : n) - at, hi);
	struct span *spans[] = {&hi->method, &hi->uri, &hi->version, &hi->phrase};
	for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++)
		spans[i]->off += at;
	while (next) {
		uint32_t from = next;
		next = line_end(b, n, from, &eol);
		if (!next)
			break;
		if (eol == from) {
			hi->hdr_len = next;
			break;
		}
		parse_header(b, from, eol, hi);
	}
	return true;
}

/* What the chunked body at B (N bytes) holds: its whole length (chunks,
 * the last empty chunk and the trailer; 0 when the bytes end first or a
 * size is no number), how many data chunks are complete, and where the
 * first one's data is. */
struct chunks {
	uint32_t len;
	bool partial;          /* the bytes end inside a chunk */
	uint32_t ndata;
	uint32_t first_off, first_len;
	uint64_t first_size;   /* the first chunk's size, as its line says */
};

static void chunks_scan(const uint8_t *b, uint32_t n, struct chunks *ck)
{
	memset(ck, 0, sizeof *ck);
	uint32_t i = 0, eol;
	for (;;) {
		ck->partial = i < n;
		uint32_t next = line_end(b, n, i, &eol);
		if (!next)
			return;
		uint64_t size = 0;
		uint32_t j = i;
		for (; j < eol && j - i <= 8; j++) {
			uint8_t ch = b[j], lc = ch | 0x20;
			int d = ch >= '0' && ch <= '9' ? ch - '0' : lc >= 'a' && lc <= 'f' ? lc - 'a' + 10 : -1;
			if (d < 0)
				break;
			size = size * 16 + (uint64_t)d;
		}
		if (j == i)
			return;
		if (size == 0) {
			/* trailer lines up to an empty one */
			for (i = next;;) {
				next = line_end(b, n, i, &eol);
				if (!next)
					return;
				if (eol == i) {
					ck->len = next;
					ck->partial = false;
					return;
				}
				i = next;
			}
		}
		uint64_t after = (uint64_t)next + size;
		if (after > n) {
			if (ck->ndata == 0 && next < n) { /* the first chunk, cut: its start */
				ck->first_off = next;
				ck->first_len = n - next;
				ck->first_size = size;
			}
			return;
		}
		if (ck->ndata++ == 0) {
			ck->first_off = next;
			ck->first_len = (uint32_t)size;
			ck->first_size = size;
		}
		i = (uint32_t)after;
		next = line_end(b, n, i, &eol);
		if (!next || eol != i)
			return;
		i = next;
	}
}

/* A response without a body of its own: informational, 204, 304. */
static bool bodiless(const struct http_info *hi)
{
	return hi->kind == HTTP_RESPONSE && ((hi->code >= 100 && hi->code < 200) || hi->code == 204 || hi->code == 304);
}

uint32_t http_pdu_len(const uint8_t *data, uint32_t avail)
{
	bool incomplete;
	uint32_t lead = leading_crlf(data, avail);
	if (start_kind(data + lead, avail - lead, &incomplete) == HTTP_NONE)
		return incomplete ? PDU_NEED_MORE : 0;
	struct http_info hi;
	http_parse(data, avail, &hi);
	if (hi.hdr_len == 0)
		return PDU_NEED_MORE;
	if (bodiless(&hi))
		return hi.hdr_len;
	if (hi.chunked) {
		struct chunks ck;
		chunks_scan(data + hi.hdr_len, avail - hi.hdr_len, &ck);
		return ck.len ? hi.hdr_len + ck.len : PDU_NEED_MORE;
	}
	if (hi.has_length) {
		uint64_t total = hi.hdr_len + hi.content_length;
		return total >= PDU_NEED_MORE ? PDU_NEED_MORE - 1 : (uint32_t)total;
	}
	/* A request without a length has no body; a response without one runs
	 * to the end of the connection (its FIN). */
	return hi.kind == HTTP_REQUEST ? hi.hdr_len : PDU_NEED_MORE;
}

uint32_t http_port_pdu_len(const uint8_t *data, uint32_t avail)
{
	uint32_t n = http_pdu_len(data, avail);
	uint32_t lead = leading_crlf(data, avail);
	/* binary bytes are never gathered: only text is read a line at a time */
	if (n != 0 || avail <= lead || !g_ascii_isprint(data[lead]))
		return n;
	if (!memchr(data, '\n', avail) && !memchr(data, '\r', avail))
		return PDU_NEED_MORE; /* a continuation with no line end yet */
	return 0;
}

/* Following a message across segments, byte by byte: the start line and
 * header (only what decides the body's length is kept: Content-Length and a
 * chunked Transfer-Encoding), then a body of known length or in chunks. */
enum { HS_START, HS_SIZE, HS_EXT, HS_SIZE_LF, HS_DATA, HS_DATA_CR, HS_DATA_LF, HS_TRAILER, HS_TRAILER_LF,
       HS_LINE, HS_FIRST, HS_NAME, HS_CL_VALUE, HS_TE_VALUE, HS_BODY, HS_SKIP, HS_TO_FIN, HS_NO_LINE,
       HS_CT_VALUE };
enum {
	HF_RESPONSE = 1, HF_BODILESS = 2,  /* from the start line */
	HF_MATCH_CL = 4, HF_MATCH_TE = 8,  /* the header name read so far may still be these */
	HF_LENGTH = 16, HF_CHUNKED = 32,   /* what the header said */
	HF_MATCH_CT = 64, HF_MATCH_CE = 128, HF_CODED = 256, /* Content-Type, Content-Encoding */
	HF_NOTED = 512, HF_HAS_BODY = 1024, /* the header ended: the note holds its media type */
};
static const char cl_name[] = "content-length:", te_name[] = "transfer-encoding:";
static const char ct_name[] = "content-type:", ce_name[] = "content-encoding:";

/* Whether the name read so far (POS bytes, the next LC) may still be NAME
 * (of N bytes with its colon): the MATCH bit goes when it cannot. */
static void name_match(struct pdu_scan *s, uint16_t bit, const char *name, size_t n, uint8_t lc)
{
	if ((s->flags & bit) && (s->pos >= n - 1 || lc != (uint8_t)name[s->pos]))
		s->flags &= (uint16_t)~bit;
}

/* The header ended at DATA[I]: where the body goes on, or SCAN_DONE. */
static int header_ended(struct pdu_scan *s, uint32_t i, uint32_t *used)
{
	s->flags |= HF_NOTED;
	if (!(s->flags & HF_BODILESS) && ((s->flags & HF_CHUNKED) || ((s->flags & HF_LENGTH) && s->left > 0) ||
					  (!(s->flags & HF_LENGTH) && (s->flags & HF_RESPONSE))))
		s->flags |= HF_HAS_BODY;
	if (s->flags & HF_BODILESS) {
		*used = i + 1;
		return SCAN_DONE;
	}
	if (s->flags & HF_CHUNKED) {
		s->state = HS_SIZE;
		s->left = 0;
		return SCAN_MORE;
	}
	if (s->flags & HF_LENGTH) {
		s->state = HS_BODY;
		if (s->left > 0)
			return SCAN_MORE;
		*used = i + 1;
		return SCAN_DONE;
	}
	/* no length: a request has no body; a response runs to the end of the
	 * connection */
	if (s->flags & HF_RESPONSE) {
		s->state = HS_TO_FIN;
		return SCAN_MORE;
	}
	*used = i + 1;
	return SCAN_DONE;
}

/* A header line begins: which names it may still be. */
static void header_line(struct pdu_scan *s)
{
	s->state = HS_NAME;
	s->pos = 0;
	s->flags |= HF_MATCH_CL | HF_MATCH_TE | HF_MATCH_CT | HF_MATCH_CE;
}

int http_scan(struct pdu_scan *s, const uint8_t *data, uint32_t avail, uint32_t *used)
{
	uint32_t i = 0;
	if (!data) { /* the connection ended (FIN) */
		*used = 0;
		return s->state == HS_TO_FIN ? SCAN_DONE : SCAN_FAIL;
	}
	if (s->state == HS_TO_FIN)
		return SCAN_MORE;
	if (s->state == HS_NO_LINE) {
		if (!memchr(data, '\n', avail) && !memchr(data, '\r', avail))
			return SCAN_MORE;
		*used = avail;
		return SCAN_DONE;
	}
	if (s->state == HS_START) {
		struct http_info hi;
		if (!http_parse(data, avail, &hi)) {
			/* on HTTP's port, bytes that start no message continue
			 * a body, gathered until a line ends */
			s->state = HS_NO_LINE;
			return SCAN_MORE;
		}
		s->flags = hi.kind == HTTP_RESPONSE ? HF_RESPONSE : 0;
		if (hi.hdr_len) {
			/* the header is whole here: noted for the segment that
			 * completes the message, as if it had been followed */
			uint32_t t = 0;
			while (t < hi.content_type.len && t < sizeof s->note &&
			       !strchr("; \t", hi.base[hi.content_type.off + t]))
				t++;
			memcpy(s->note, hi.base + hi.content_type.off, t);
			s->note_len = (uint8_t)t;
			s->flags |= HF_NOTED | (bodiless(&hi) ? 0 : HF_HAS_BODY);
		}
		if (hi.hdr_len == 0) {
			/* the header goes on in later segments: read from the
			 * start line on (a response's status code included) */
			s->state = HS_FIRST;
			s->pos = 0;
			s->left = 0;
		} else if (hi.chunked) {
			i = hi.hdr_len;
			s->state = HS_SIZE;
			s->left = 0;
		} else if (hi.kind == HTTP_RESPONSE && !hi.has_length && !bodiless(&hi)) {
			s->state = HS_TO_FIN;
			return SCAN_MORE;
		} else {
			return SCAN_FAIL; /* its length was known from the start */
		}
	}
	for (; i < avail; i++) {
		uint8_t b = data[i];
		switch (s->state) {
		case HS_FIRST:
			if (b == '\n') {
				header_line(s);
				break;
			}
			/* "HTTP/1.1 304": the status code's digits */
			if ((s->flags & HF_RESPONSE) && s->pos >= 9 && s->pos < 12 && b >= '0' && b <= '9')
				s->left = s->left * 10 + (uint32_t)(b - '0');
			if ((s->flags & HF_RESPONSE) && s->pos == 11 &&
			    ((s->left >= 100 && s->left < 200) || s->left == 204 || s->left == 304))
				s->flags |= HF_BODILESS;
			if (s->pos < 12)
				s->pos++;
			break;
		case HS_NAME:
			if (b == '\r' && s->pos == 0)
				break; /* perhaps the empty line's CR */
			if (b == '\n') {
				if (s->pos == 0) {
					int r = header_ended(s, i, used);
					if (r != SCAN_MORE)
						return r;
				} else {
					header_line(s);
				}
				break;
			}
			uint8_t lc = b >= 'A' && b <= 'Z' ? (uint8_t)(b | 0x20) : b;
			name_match(s, HF_MATCH_CL, cl_name, sizeof cl_name, lc);
			name_match(s, HF_MATCH_TE, te_name, sizeof te_name, lc);
			name_match(s, HF_MATCH_CT, ct_name, sizeof ct_name, lc);
			name_match(s, HF_MATCH_CE, ce_name, sizeof ce_name, lc);
			s->pos++;
			if ((s->flags & HF_MATCH_CL) && s->pos == sizeof cl_name - 1) {
				s->state = HS_CL_VALUE;
				s->flags |= HF_LENGTH;
				s->left = 0;
			} else if ((s->flags & HF_MATCH_TE) && s->pos == sizeof te_name - 1) {
				s->state = HS_TE_VALUE;
				s->pos = 0;
			} else if ((s->flags & HF_MATCH_CT) && s->pos == sizeof ct_name - 1) {
				s->state = HS_CT_VALUE;
				s->pos = 0;
				s->note_len = 0;
			} else if ((s->flags & HF_MATCH_CE) && s->pos == sizeof ce_name - 1) {
				s->flags |= HF_CODED; /* "identity" aside: rare enough */
				s->state = HS_SKIP;
			} else if (!(s->flags & (HF_MATCH_CL | HF_MATCH_TE | HF_MATCH_CT | HF_MATCH_CE))) {
				s->state = HS_SKIP;
			}
			break;
		case HS_CT_VALUE: /* the media type, up to its parameters */
			if (b == '\n') {
				header_line(s);
			} else if (b == ';' || b == '\r' || ((b == ' ' || b == '\t') && s->note_len)) {
				s->pos = 1; /* the type is read */
			} else if (!s->pos && b != ' ' && b != '\t' && s->note_len < sizeof s->note) {
				s->note[s->note_len++] = (char)b;
			}
			break;
		case HS_SKIP: /* the rest of a header line that does not matter */
			if (b == '\n')
				header_line(s);
			break;
		case HS_CL_VALUE:
			if (b >= '0' && b <= '9') {
				if (s->left > (UINT32_MAX - 9) / 10)
					return SCAN_FAIL;
				s->left = s->left * 10 + (uint32_t)(b - '0');
			} else if (b == '\n') {
				header_line(s);
			}
			break;
		case HS_TE_VALUE: { /* "chunked" anywhere in the value */
			static const char chunked[] = "chunked";
			uint8_t lc2 = b >= 'A' && b <= 'Z' ? (uint8_t)(b | 0x20) : b;
			if (b == '\n') {
				header_line(s);
			} else if (lc2 == (uint8_t)chunked[s->pos]) {
				if (++s->pos == sizeof chunked - 1) {
					s->flags |= HF_CHUNKED;
					s->pos = 0;
				}
			} else {
				s->pos = lc2 == 'c';
			}
			break;
		}
		case HS_TO_FIN:
			return SCAN_MORE;
		case HS_BODY: {
			uint32_t take = avail - i < s->left ? avail - i : s->left;
			s->left -= take;
			i += take - 1;
			if (s->left == 0) {
				*used = i + 1;
				return SCAN_DONE;
			}
			break;
		}
		case HS_SIZE:
			if (hex_digit_value(b) >= 0) {
				if (s->left > 0x0fffffff)
					return SCAN_FAIL;
				s->left = s->left * 16 + (uint32_t)hex_digit_value(b);
			} else if (b == ';' || b == ' ' || b == '\t') {
				s->state = HS_EXT;
			} else if (b == '\r') {
				s->state = HS_SIZE_LF;
			} else if (b == '\n') {
				s->state = s->left ? HS_DATA : HS_TRAILER;
			} else {
				return SCAN_FAIL;
			}
			break;
		case HS_EXT:
			if (b == '\n')
				s->state = s->left ? HS_DATA : HS_TRAILER;
			break;
		case HS_SIZE_LF:
			if (b != '\n')
				return SCAN_FAIL;
			s->state = s->left ? HS_DATA : HS_TRAILER;
			break;
		case HS_DATA: {
			uint32_t take = avail - i < s->left ? avail - i : s->left;
			s->left -= take;
			i += take - 1;
			if (s->left == 0)
				s->state = HS_DATA_CR;
			break;
		}
		case HS_DATA_CR:
			if (b == '\n')
				s->state = HS_SIZE;
			else if (b == '\r')
				s->state = HS_DATA_LF;
			else
				return SCAN_FAIL;
			break;
		case HS_DATA_LF:
			if (b != '\n')
				return SCAN_FAIL;
			s->state = HS_SIZE;
			break;
		case HS_TRAILER: /* at the start of a trailer line: empty ends the body */
			if (b == '\n') {
				*used = i + 1;
				return SCAN_DONE;
			}
			s->state = b == '\r' ? HS_TRAILER_LF : HS_LINE;
			break;
		case HS_TRAILER_LF:
			if (b == '\n') {
				*used = i + 1;
				return SCAN_DONE;
			}
			s->state = HS_LINE;
			break;
		case HS_LINE:
			if (b == '\n')
				s->state = HS_TRAILER;
			break;
		default:
			return SCAN_FAIL;
		}
	}
	return SCAN_MORE;
}

/* Whether the message HI describes has a content coding (other than
 * "identity"). */
static bool coded(const struct http_info *hi)
{
	return hi->content_encoding.len &&
	       !name_is(hi->base + hi->content_encoding.off, hi->content_encoding.len, "identity");
}

/* Content codings whose bodies can be shown decoded, by their media type. */
static bool known_coding(const uint8_t *b, struct span v)
{
	static const char *const codings[] = {"gzip", "x-gzip", "deflate", "x-deflate", "br", "identity"};
	for (size_t i = 0; i < sizeof codings / sizeof codings[0]; i++)
		if (name_is(b + v.off, v.len, codings[i]))
			return true;
	return false;
}

/* What inflating the N bytes at D gives, as a zlib or gzip stream or else
 * a raw deflate one: INFLATE_BYTES when at least one byte comes out or the
 * bytes run out before any fault (a body cut by the capture or kept in
 * part is decodable as far as can be told), INFLATE_EMPTY when a whole
 * stream holds nothing, INFLATE_FAULT otherwise. */
enum inflated { INFLATE_FAULT, INFLATE_EMPTY, INFLATE_BYTES };

static enum inflated inflates(const uint8_t *d, uint32_t n)
{
	static const int wbits[] = {32 + MAX_WBITS, -MAX_WBITS}; /* zlib or gzip; raw */
	for (size_t k = 0; k < G_N_ELEMENTS(wbits); k++) {
		z_stream z = {0};
		uint8_t out[4096];
		if (inflateInit2(&z, wbits[k]) != Z_OK)
			return INFLATE_FAULT;
		z.next_in = (Bytef *)(uintptr_t)d;
		z.avail_in = n;
		z.next_out = out;
		z.avail_out = sizeof out;
		int rc = inflate(&z, Z_SYNC_FLUSH);
		/* output, or no fault before the bytes ran out (a block's code
		 * tables may fill them) */
		bool fine = z.total_out > 0 || rc == Z_STREAM_END || ((rc == Z_OK || rc == Z_BUF_ERROR) && z.avail_in == 0);
		bool empty = z.total_out == 0 && rc == Z_STREAM_END;
		inflateEnd(&z);
		if (fine)
			return empty ? INFLATE_EMPTY : INFLATE_BYTES;
	}
	return INFLATE_FAULT;
}

/* Whether the content coding of the message HI describes can be undone on
 * its body's first N captured bytes at D: an unknown coding cannot; gzip
 * and deflate when the bytes inflate (nothing captured tells nothing);
 * Brotli is taken as it comes.  *EMPTY (when not NULL): a whole gzip or
 * deflate stream that holds no byte, a body with nothing to hand on. */
static bool coding_undone(const struct http_info *hi, const uint8_t *d, uint32_t n, bool *empty)
{
	const uint8_t *b = hi->base;
	struct span v = hi->content_encoding;
	if (empty)
		*empty = false;
	if (!known_coding(b, v))
		return false;
	if (name_is(b + v.off, v.len, "br") || name_is(b + v.off, v.len, "identity") || n == 0)
		return true;
	enum inflated r = inflates(d, n);
	if (empty)
		*empty = r == INFLATE_EMPTY;
	return r != INFLATE_FAULT;
}

/* The body of the message HI describes, parsed from B (N bytes): its first
 * captured bytes (of its first chunk when chunked) in *D, *LEN; false when
 * none are there. */
static bool body_bytes(const struct http_info *hi, const uint8_t *b, uint32_t n, const uint8_t **d, uint32_t *len)
{
	if (hi->hdr_len == 0 || hi->hdr_len >= n || bodiless(hi) || (hi->kind == HTTP_REQUEST && !hi->chunked &&
								     !hi->has_length))
		return false;
	uint32_t avail = n - hi->hdr_len;
	*d = b + hi->hdr_len;
	*len = hi->has_length && hi->content_length < avail ? (uint32_t)hi->content_length : avail;
	if (hi->chunked) { /* the first chunk's data */
		struct chunks ck;
		chunks_scan(*d, avail, &ck);
		*d += ck.first_off;
		*len = ck.first_len;
	}
	return *len > 0;
}

bool http_file_data(const uint8_t *b, uint32_t n, const struct http_info *hi, bool prefix, uint8_t *buf,
		    uint32_t cap, const uint8_t **out, uint32_t *len)
{
	if (hi->hdr_len == 0 || hi->hdr_len > n || bodiless(hi))
		return false;
	if (coded(hi))
		return false;
	const uint8_t *body = b + hi->hdr_len;
	uint32_t avail = n - hi->hdr_len;
	if (hi->chunked) {
		struct chunks ck;
		chunks_scan(body, avail, &ck);
		if (ck.len == 0 && !prefix)
			return false;
		uint32_t lim = ck.len && ck.len < avail ? ck.len : avail;
		/* the data of every chunk, joined (with PREFIX, of the chunks
		 * the bytes hold, the last one as far as it goes) */
		uint32_t used = 0, i = 0, eol;
		for (;;) {
			/* a size line without its line end holds no data yet */
			uint32_t next = line_end(body, lim, i, &eol);
			if (!next)
				break;
			uint64_t size = 0;
			for (uint32_t j = i; j < eol && j - i <= 8 && hex_digit_value(body[j]) >= 0; j++)
				size = size * 16 + (uint64_t)hex_digit_value(body[j]);
			if (next + size > lim) {
				if (!prefix)
					return false;
				size = lim - next;
			}
			if (size == 0)
				break;
			if (used + size > cap)
				return false;
			memcpy(buf + used, body + next, size);
			used += (uint32_t)size;
			i = next + (uint32_t)size;
			if (!(next = line_end(body, lim, i, &eol)))
				break;
			i = next;
		}
		*out = buf;
		*len = used;
		return used > 0;
	}
	/* without a length, a request has no body, and a response's runs to
	 * the end of the connection: not known to be whole here */
	if (!hi->has_length || hi->content_length == 0 || (hi->content_length > avail && !prefix))
		return false;
	if (hi->content_length < avail)
		avail = (uint32_t)hi->content_length;
	*out = body;
	*len = avail;
	return avail > 0;
}

/* The body of the message HI describes, at C (after the header). */
static void http_body(struct packet *p, struct cursor *c, const struct http_info *hi)
{
	uint32_t left = cursor_rleft(c);
	if (left == 0 || bodiless(hi))
		return;
	struct cursor body = *c;
	if (hi->chunked) {
		/* the body is typed from the data of the first chunk, even when
		 * the bytes end inside it (the rest comes in later segments, or
		 * is past the start kept of a message gathered from segments) */
		struct chunks ck;
		chunks_scan(c->data + c->off, cursor_left(c), &ck);
		if (ck.first_len == 0)
			return;
		body.off += ck.first_off;
		uint64_t end = (uint64_t)body.off + ck.first_size;
		body.rend = end < c->rend ? (uint32_t)end : c->rend;
		body.end = body.rend < c->end ? body.rend : c->end;
	} else if (hi->has_length) {
		if (hi->content_length == 0)
			return;
		if (hi->content_length < left)
			body = cursor_sub(c, (uint32_t)hi->content_length);
	} else if (hi->kind == HTTP_REQUEST) {
		return;
	}
	bool empty = false;
	bool undone = !coded(hi) || coding_undone(hi, body.data + body.off, cursor_left(&body), &empty);
	if (undone && empty)
		return; /* decoded to nothing: no body to hand on, no media type in Info */
	if (!undone || hi->content_type.len == 0) {
		/* a body of no known type, or whose coding cannot be undone:
		 * data inside HTTP's tree */
		dissect_data_nested(p, &body);
		return;
	}
	dissect_media_body(p, &body, (const char *)hi->base + hi->content_type.off, hi->content_type.len, coded(hi));
}

/* A line as Wireshark's text protocols find it: it ends at CR, LF or CR LF.
 * *EOL is where the terminator starts (N when there is none), the result
 * the first byte after it; *ENDED whether a terminator was there. */
static uint32_t text_line(const uint8_t *b, uint32_t n, uint32_t i, uint32_t *eol, bool *ended)
{
	/* the first CR or LF: the LF found by memchr, then a CR before it */
	uint32_t j = n;
	if (i < n) {
		const uint8_t *lf = memchr(b + i, '\n', n - i);
		uint32_t to = lf ? (uint32_t)(lf - b) : n;
		const uint8_t *cr = memchr(b + i, '\r', to - i);
		j = cr ? (uint32_t)(cr - b) : to;
	}
	*eol = j;
	*ended = j < n;
	if (j == n)
		return n;
	return b[j] == '\r' && j + 1 < n && b[j + 1] == '\n' ? j + 2 : j + 1;
}

/* A header name is a token (RFC 9110, 5.1): letters, digits and
 * !#$%&'*+-.^_`|~ , at least one. */
static const bool token_char[256] = {
	['0' ... '9'] = true, ['A' ... 'Z'] = true, ['a' ... 'z'] = true,
	['!'] = true, ['#'] = true, ['$'] = true, ['%'] = true, ['&'] = true, ['\''] = true, ['*'] = true,
	['+'] = true, ['-'] = true, ['.'] = true, ['^'] = true, ['_'] = true, ['`'] = true, ['|'] = true, ['~'] = true,
};

static bool header_name_ok(const uint8_t *b, uint32_t len)
{
	if (len == 0)
		return false;
	for (uint32_t i = 0; i < len; i++)
		if (!token_char[b[i]])
			return false;
	return true;
}

/* The lines of bytes that start no message, read as header lines the way
 * a message's are: each line holding a colon is one, an empty line ends
 * them (and is theirs), the first other line ends them too.  The result is
 * where what follows them starts; *LINES how many header lines there were;
 * *UNENDED that the bytes ended inside a line without a colon after header
 * lines (the reader ran out of bytes looking for its end). */
static uint32_t loose_headers(const uint8_t *b, uint32_t n, uint32_t *lines, bool *unended)
{
	uint32_t i = 0, eol;
	bool ended;
	*lines = 0;
	*unended = false;
	while (i < n) {
		uint32_t next = text_line(b, n, i, &eol, &ended);
		if (eol == i)
			return next; /* the empty line */
		if (!memchr(b + i, ':', eol - i)) {
			*unended = *lines > 0 && !ended;
			return i;
		}
		(*lines)++;
		i = next;
	}
	return i;
}

/* What HTTP keeps of a conversation: whether a request was seen in it
 * (from then on, bytes that start no message are a body's continuation). */
struct http_conv {
	bool request_seen;
	uint16_t connect_port; /* the port the last CONNECT asked for, 0 none */
};

static void *http_conv_new(void)
{
	return g_new0(struct http_conv, 1);
}

/* Bytes on HTTP's ports that start with no request or status line (after
 * an empty line, skipped): once the conversation saw a request, they
 * continue a body ("Continuation", data); before, they are HTTP only when
 * they start with header lines, and then name nothing in the columns (the
 * layer is PKT_BY_SESSION); binary bytes are never read as lines. */
static void http_loose(struct packet *p, struct cursor *c, uint32_t lead, bool seen)
{
	uint32_t have = cursor_left(c), rleft = cursor_rleft(c);
	const uint8_t *b = c->data + c->off;
	bool incomplete;
	if (have == 0) { /* the capture cut the segment before its first byte */
		pkt_mark(p, pkt_push_layer(p, PROTO_HTTP, c->off), PKT_TRUNCATED);
		return;
	}
	if (!g_ascii_isprint(b[lead])) {
		/* binary bytes: a body's, if anything */
		if (seen) {
			pkt_push_layer(p, PROTO_HTTP, c->off);
			dissect_data_nested(p, c);
		} else {
			p->flags |= PKT_PDU_STOP; /* HTTP's port: not data either */
		}
		return;
	}
	uint32_t lines;
	bool unended;
	uint32_t body = lead + loose_headers(b + lead, have - lead, &lines, &unended);
	if (!seen && lines == 0) {
		p->flags |= PKT_PDU_STOP;
		return;
	}
	int idx = pkt_push_layer(p, PROTO_HTTP, c->off);
	if (idx < 0)
		return;
	if (!seen) /* alone, the frame would be a continuation */
		p->layers[idx].flags |= PKT_BY_SESSION;
	if (start_kind(b + lead, have - lead, &incomplete) == HTTP_NONE && incomplete && have < rleft) {
		/* the capture cut the segment before its first line could be read */
		pkt_mark(p, idx, PKT_TRUNCATED);
		return;
	}
	if (unended) {
		/* the last line ran to the end of the bytes */
		if (have < rleft) {
			pkt_mark(p, idx, PKT_TRUNCATED);
		} else {
			int bad = pkt_push_layer(p, PROTO_WS_MALFORMED, c->off + have);
			if (bad >= 0)
				p->layers[bad].flags |= PKT_TREE_ONLY;
		}
		return;
	}
	cursor_skip(c, body);
	dissect_data_nested(p, c);
}

/* The body of a message gathered from segments whose header goes on past
 * the bytes kept of it (C: what is kept): typed from what the segments
 * told of it as they passed (http_scan's note).  False when they told
 * nothing. */
static bool noted_body(struct packet *p, const struct cursor *c)
{
	if (!p->session || !pkt_has_tcp(p))
		return false;
	struct flow_key key;
	flow_key_set(&key, p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport);
	const struct tcp_dir *d = session_tcp_dir_find(p->session, &key);
	if (!d || !d->gathering || !(d->scan.flags & HF_NOTED))
		return false;
	if (!(d->scan.flags & HF_HAS_BODY))
		return true;
	struct cursor body = *c;
	body.off = c->end; /* none of it kept */
	/* a content coding is taken for one Wireshark undoes (gzip, deflate) */
	if (d->scan.note_len == 0)
		dissect_data_nested(p, &body);
	else
		dissect_media_body(p, &body, d->scan.note, d->scan.note_len, false);
	return true;
}

/* A tunnel through a proxy (CONNECT) to a port no dissector reads: its
 * bytes are data. */
static void dissect_http_tunnel_data(struct packet *p, struct cursor *c)
{
	dissect_data(p, c);
}

static void dissect_http_connect(struct packet *p, struct cursor *c);

/* A CONNECT request for URI ("host:port", N bytes): its answer, a 2xx,
 * has no body and opens the tunnel; the conversation is read so till then. */
static void connect_asked(struct packet *p, struct http_conv *conv, const uint8_t *uri, uint32_t n)
{
	uint32_t port = 0, i = n;
	while (i > 0 && g_ascii_isdigit(uri[i - 1]))
		i--;
	for (uint32_t j = i; j < n && port <= 65535; j++)
		port = port * 10 + (uint32_t)(uri[j] - '0');
	if (i == n || i == 0 || uri[i - 1] != ':' || port == 0 || port > 65535)
		return;
	conv->connect_port = (uint16_t)port;
	tcp_conn_follow(p, dissect_http_connect, false);
}

/* The answer to a CONNECT: a 2xx opens the tunnel, whose bytes, both ways,
 * go to the dissector of the port asked for; another answer leaves the
 * connection HTTP's.  (Wireshark shows the tunnel's bytes from the next
 * frame on; bytes after the answer in its own segment are the tunnel's
 * here.) */
static void connect_answered(struct packet *p, struct http_conv *conv, uint16_t code)
{
	dissector_fn fn = NULL;
	if (code >= 200 && code < 300) {
		fn = dispatch_find(&tcp_port_table, conv->connect_port);
		if (!fn)
			fn = dissect_http_tunnel_data;
	}
	conv->connect_port = 0;
	tcp_conn_follow(p, fn ? fn : dissect_http, false);
}

/* Dissects the message at C; LAX: on HTTP's own ports, where bytes that
 * are no message start may still be HTTP (http_loose). */
static void http_message(struct packet *p, struct cursor *c, bool lax)
{
	uint32_t have = cursor_left(c);
	const uint8_t *b = c->data + c->off;
	if (c->err != CUR_OK || cursor_rleft(c) == 0)
		return;
	struct http_conv alone = {true, 0};
	struct http_conv *conv = p->session ? session_conv_data(p->session, p, PROTO_HTTP, http_conv_new, g_free) : &alone;
	uint32_t lead = leading_crlf(b, cursor_rleft(c) < have ? cursor_rleft(c) : have);
	bool incomplete;
	enum http_kind kind = have > lead ? start_kind(b + lead, have - lead, &incomplete) : HTTP_NONE;
	if (kind == HTTP_NONE) {
		if (lax)
			http_loose(p, c, lead, conv->request_seen);
		return;
	}
	uint32_t eol;
	if (!lax) {
		/* elsewhere: a complete first line, starting or ending with HTTP/1. */
		uint32_t next = line_end(b, have, 0, &eol);
		if (!next || eol < 8)
			return;
		if (memcmp(b, "HTTP/1.", 7) != 0 && memcmp(b + eol - 8, "HTTP/1.", 7) != 0)
			return;
	}
	int idx = pkt_push_layer(p, PROTO_HTTP, c->off);
	if (idx < 0)
		return;
	if (kind == HTTP_REQUEST)
		conv->request_seen = true;
	struct http_info hi;
	http_parse(b, have, &hi);
	if (hi.hdr_len == 0) {
		/* no end of header: cut by the capture, or the rest of the header
		 * is in later segments, or past the start kept of a message
		 * gathered from segments (its body then as they told) */
		if (have < cursor_rleft(c) && !noted_body(p, c))
			pkt_mark(p, idx, PKT_TRUNCATED);
		return;
	}
	cursor_skip(c, hi.hdr_len);
	http_body(p, c, &hi);
	/* "101 Switching Protocols" to WebSocket: the connection speaks it
	 * from the answer's end on */
	if (hi.kind == HTTP_RESPONSE && hi.code == 101 && name_is(b + hi.upgrade.off, hi.upgrade.len, "websocket"))
		websocket_upgrade(p, b + hi.ws_extensions.off, hi.ws_extensions.len);
	if (hi.kind == HTTP_REQUEST && name_is(b + hi.method.off, hi.method.len, "CONNECT"))
		connect_asked(p, conv, b + hi.uri.off, hi.uri.len);
	else if (hi.kind == HTTP_RESPONSE && conv->connect_port && hi.code >= 200)
		connect_answered(p, conv, hi.code);
}

void dissect_http(struct packet *p, struct cursor *c)
{
	http_message(p, c, true);
}

void dissect_http_heur(struct packet *p, struct cursor *c)
{
	http_message(p, c, false);
}

/* A conversation whose CONNECT waits for its answer. */
static void dissect_http_connect(struct packet *p, struct cursor *c)
{
	http_message(p, c, true);
}

/* Its messages' lengths: a 2xx answer (to the CONNECT) ends with its
 * header. */
static uint32_t http_connect_pdu_len(const uint8_t *data, uint32_t avail)
{
	struct http_info hi;
	if (http_parse(data, avail, &hi) && hi.kind == HTTP_RESPONSE && hi.hdr_len && hi.code >= 200 && hi.code < 300)
		return hi.hdr_len;
	return http_port_pdu_len(data, avail);
}

/* Wireshark's Info column holds at most this many bytes. */
#define COL_INFO_MAX 4095

/* The start line at D (N bytes) added to Info as Wireshark's format_text()
 * shows it: printable ASCII and UTF-8 as they are, other bytes escaped. */
static void append_line(struct columns *c, const uint8_t *d, uint32_t n)
{
	for (uint32_t i = 0; i < n && c->info->len < COL_INFO_MAX; i++) {
		uint8_t ch = d[i];
		if (ch == '\r' || ch == '\n')
			break;
		if (ch >= 0x20 && ch < 0x7f)
			g_string_append_c(c->info, (char)ch);
		else if (ch >= 0x80 && g_utf8_get_char_validated((const char *)d + i, (gssize)(n - i)) < 0x110000) {
			const char *next = g_utf8_next_char((const char *)d + i);
			g_string_append_len(c->info, (const char *)d + i, next - (const char *)d - i);
			i = (uint32_t)(next - (const char *)d) - 1;
		} else
			g_string_append_printf(c->info, "\\x%02x", ch);
	}
}

/* The NTLMSSP messages of the authentication header lines of D (N bytes)
 * from FROM on ("Authorization: NTLM <base64>", "Negotiate" too, and the
 * proxy's and server's), each summary added to Info after ", ". */
static void auth_summaries(struct columns *c, const uint8_t *d, uint32_t n, uint32_t from)
{
	static const char *const names[] = {"authorization", "proxy-authorization", "www-authenticate",
					    "proxy-authenticate"};
	static const char *const schemes[] = {"NTLM ", "Negotiate "};
	uint32_t i = from, eol;
	bool ended;
	while (i < n) {
		uint32_t next = text_line(d, n, i, &eol, &ended);
		const uint8_t *colon = eol > i ? memchr(d + i, ':', eol - i) : NULL;
		if (!colon)
			break; /* the empty line: the header's end */
		bool auth = false;
		for (size_t k = 0; k < G_N_ELEMENTS(names); k++)
			auth = auth || name_is(d + i, (uint32_t)(colon - d) - i, names[k]);
		uint32_t v = (uint32_t)(colon - d) + 1;
		while (v < eol && (d[v] == ' ' || d[v] == '\t'))
			v++;
		for (size_t k = 0; auth && k < G_N_ELEMENTS(schemes); k++) {
			size_t sl = strlen(schemes[k]);
			if (eol - v <= sl || memcmp(d + v, schemes[k], sl) != 0)
				continue;
			/* the token's first bytes are enough for its type and names */
			uint8_t token[3080]; /* 4096 base64 characters and a partial quantum */
			char summary[256];
			uint32_t len = eol - v - (uint32_t)sl;
			gint state = 0;
			guint save = 0;
			gsize got = g_base64_decode_step((const char *)d + v + sl, len < 4096 ? len : 4096, token,
							 &state, &save);
			if (ntlmssp_summary(token, got, summary, sizeof summary))
				col_append_sep(c, ", ", "%s", summary);
		}
		i = next;
	}
}

/* HTTP and the protocols read by its dissector (SSDP): the start line and a
 * space, or "Continuation" for bytes that start no message.  A further
 * message of the frame is added after the first's text (Wireshark fences
 * Info after each). */
void col_first_line(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	bool incomplete, further = false;
	for (int i = idx - 1; i >= 0 && !further; i--)
		further = p->layers[i].proto == p->layers[idx].proto;
	uint32_t lead = leading_crlf(d, n);
	bool start = start_kind(d + lead, n - lead, &incomplete) != HTTP_NONE;
	if (further && !start)
		return; /* bytes after a message that start none */
	if (!start && p->layers[idx].proto == PROTO_HTTP && (p->layers[idx].flags & PKT_BY_SESSION))
		return; /* header lines before any request: not known to be HTTP */
	col_short_name(c, p, idx);
	if (further)
		col_fence(c);
	col_clear(c);
	if (!start) {
		col_append(c, "Continuation");
		return;
	}
	append_line(c, d + lead, n - lead);
	col_append(c, " ");
	uint32_t eol;
	bool ended;
	auth_summaries(c, d, n, text_line(d, n, lead, &eol, &ended));
}

bool http_media_type_below(const struct packet *p, int idx, char *buf, size_t n)
{
	int i = idx - 1;
	if (i < 0 || p->layers[i].proto != PROTO_HTTP || n == 0)
		return false;
	uint32_t len;
	const uint8_t *d = col_layer_bytes(p, i, &len);
	struct http_info hi;
	if (!http_parse(d, len, &hi) || hi.content_type.len == 0)
		return false;
	const uint8_t *t = d + hi.content_type.off;
	size_t k = 0;
	for (uint32_t j = 0; j < hi.content_type.len && k + 1 < n; j++) {
		if (t[j] == ';' || t[j] == ' ' || t[j] == '\t') {
			if (k)
				break;
			continue;
		}
		buf[k++] = g_ascii_tolower((char)t[j]);
	}
	buf[k] = 0;
	return k > 0;
}

/* HTTP's expert items: an empty line before the message (an error: the
 * previous message may have had one CR LF too many); a request or status
 * line, a chat item written as the tree shows it (its line end escaped:
 * "GET / HTTP/1.1\r\n"); a header line whose name is no token (a blank
 * before the colon, say), a warning.  Bytes that start no message are read
 * as header lines as far as they look like ones. */
void http_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	/* SSDP, read as HTTP, speaks under its own name */
	const char *who = p->layers[idx].proto == PROTO_SSDP ? "SSDP" : "HTTP";
	uint32_t lead = leading_crlf(d, n);
	bool incomplete;
	bool start = start_kind(d + lead, n - lead, &incomplete) != HTTP_NONE;
	if (!start && (lead >= n || !g_ascii_isprint(d[lead])))
		return; /* binary bytes: no lines are read */
	if (lead)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, who,
			   "Leading CRLF previous message in the stream may have extra CRLF");
	uint32_t i = lead, eol;
	bool ended;
	if (start) {
		uint32_t end = i;
		while (end < n && d[end] != '\n')
			end++;
		if (end == n)
			return; /* no whole line: a cut start */
		bool cr = end > i && d[end - 1] == '\r';
		uint32_t len = end - i - (cr ? 1 : 0);
		const uint8_t *l = d + i;
		bool response = len >= 5 && memcmp(l, "HTTP/", 5) == 0;
		bool request = len >= 9 && memcmp(l + len - 9, " HTTP/1.", 8) == 0;
		if (response || request)
			expert_add(e, EXPERT_CHAT, EXPERT_SEQUENCE, who, "%.*s%s", (int)len, (const char *)l,
				   cr ? "\\r\\n" : "\\n");
		i = text_line(d, n, i, &eol, &ended);
	}
	while (i < n) {
		uint32_t next = text_line(d, n, i, &eol, &ended);
		const uint8_t *colon = eol > i ? memchr(d + i, ':', eol - i) : NULL;
		if (!colon)
			break; /* the empty line, or no header line */
		if (!header_name_ok(d + i, (uint32_t)(colon - d) - i))
			expert_add(e, EXPERT_WARN, EXPERT_PROTOCOL, who, "Illegal characters found in header name");
		i = next;
	}
	struct http_info hi;
	const uint8_t *body;
	uint32_t len;
	if (!start || !http_parse(d, n, &hi))
		return;
	/* a body in a content coding that could not be undone */
	if (hi.content_encoding.len && body_bytes(&hi, d, n, &body, &len) && !coding_undone(&hi, body, len, NULL))
		expert_add(e, EXPERT_WARN, EXPERT_UNDECODED, who, "Decompression failed");
	/* a body its media type's dissector refused (an image without its
	 * signature), shown by another's signature or as media */
	enum proto_id want;
	int next = idx + 1;
	if (hi.content_type.len && next < p->nlayers &&
	    media_type_checks((const char *)d + hi.content_type.off, hi.content_type.len, &want) &&
	    p->layers[next].proto != want &&
	    (p->layers[next].proto == PROTO_MEDIA || p->layers[next].proto == PROTO_PNG ||
	     p->layers[next].proto == PROTO_IMAGE_GIF || p->layers[next].proto == PROTO_IMAGE_JFIF))
		expert_add(e, EXPERT_NOTE, EXPERT_MALFORMED, who, "HTTP body subdissector failed, trying heuristic subdissector");
}

/* A message not complete in this frame: its first line and a space, once
 * the line is whole (as Wireshark writes it before asking for the rest). */
static void http_partial(struct columns *c, G_GNUC_UNUSED const struct packet *p, const uint8_t *d, uint32_t n)
{
	uint32_t end = 0;
	while (end < n && d[end] != '\r' && d[end] != '\n')
		end++;
	if (end == n)
		return;
	col_proto(c, "HTTP");
	col_clear(c);
	for (uint32_t i = 0; i < end; i++)
		g_string_append_c(c->info, d[i] >= 0x20 && d[i] < 0x7f ? (char)d[i] : '.');
	col_append(c, " ");
}

static const struct handoff http_handoff[] = {
	TCP_PORT(80, dissect_http),
	TCP_PORT(1900, dissect_http), /* UPnP */
	TCP_PORT(2710, dissect_http), /* BitTorrent tracker */
	TCP_PORT(2869, dissect_http), /* UPnP events */
	TCP_PORT(3128, dissect_http), /* web proxy */
	TCP_PORT(3132, dissect_http),
	TCP_PORT(5985, dissect_http), /* WS-Management */
	TCP_PORT(8080, dissect_http),
	TCP_PORT(8088, dissect_http),
	TCP_PORT(11371, dissect_http), /* OpenPGP key server */
	TCP_HEUR(50, dissect_http_heur),
	HANDOFF_LIST_END,
};
static const struct pdu_framing http_framing[] = {
	{dissect_http, http_port_pdu_len, NULL, false, http_scan, false},
	{dissect_http_heur, http_pdu_len, dissect_http, false, http_scan, false},
	{dissect_http_connect, http_connect_pdu_len, NULL, false, http_scan, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(HTTP, "http", "Hypertext Transfer Protocol");
const struct protocol proto_http = {PROTO_HTTP, .short_name = "HTTP", .columns = col_first_line, .partial = http_partial,
				    .expert = http_expert, .values = http_field_values, .fields = &http_table,
				    .handoff = http_handoff, .framing = http_framing};
