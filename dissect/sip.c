/* sip.c — Session Initiation Protocol (RFC 3261) over UDP, port 5060 and,
 * by its start line, elsewhere; the SDP bodies it carries (RFC 4566)
 * announce where RTP and RTCP will flow (sdp.c).
 *
 *   INVITE sip:bob@example.com SIP/2.0\r\n        SIP/2.0 200 OK\r\n
 *   Via: SIP/2.0/UDP host;branch=...\r\n          Via: ...\r\n
 *   Call-ID: ...\r\n  CSeq: 1 INVITE\r\n         CSeq: 1 INVITE\r\n
 *   Content-Type: application/sdp\r\n            Content-Length: 0\r\n
 *   Content-Length: 142\r\n  \r\n                 \r\n
 *   v=0  ...  c=IN IP4 10.0.0.1  m=audio 4000 RTP/AVP 0 8 ...
 *
 * The first line decides, as Wireshark's parser does: a request line is a
 * token, a space, a URI with a colon, a space and exactly "SIP/2.0"; a
 * status line "SIP/2.0", a space, three digits and a space.  The spaces
 * are searched past the line's end too (what Wireshark does), a line with
 * a NUL or an empty first line is not SIP.
 *
 * A body whose media type is application/sdp is SDP's (sdp.c), shown
 * inside SIP's tree.
 */
#include <glib.h>
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def sip_fields[] = {
	{"sip.Method", "Method", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sip.Request-Line", "Request-Line", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sip.r-uri", "Request-URI", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sip.Status-Code", "Status-Code", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"sip.Status-Line", "Status-Line", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sip.Via", "Via", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sip.From", "From", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sip.To", "To", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sip.Call-ID", "Call-ID", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sip.CSeq", "CSeq", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sip.CSeq.seq", "Sequence Number", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"sip.CSeq.method", "Method", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sip.Contact", "Contact", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sip.Expires", "Expires", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"sip.Max-Forwards", "Max-Forwards", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"sip.User-Agent", "User-Agent", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sip.Content-Type", "Content-Type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sip.Content-Length", "Content-Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(sip);

/* The start line of B (N bytes) into SI (kind, spans, code). */
static void sip_start_line(const uint8_t *b, uint32_t n, struct sip_info *si)
{
	uint32_t eol, next = line_next(b, n, 0, &eol);
	(void)next;
	if (eol == 0 || memchr(b, 0, eol))
		return;
	uint32_t sp1 = find_byte(b, n, 0, ' ');
	if (sp1 == 0 || sp1 >= n)
		return;
	uint32_t sp2 = find_byte(b, n, sp1 + 1, ' ');
	if (sp2 >= n)
		return;
	uint32_t t2 = sp1 + 1, t2len = sp2 - t2, t3 = sp2 + 1;
	int64_t t3len = (int64_t)eol - t3;
	si->line = (struct span){0, eol};
	if (sp1 == 7 && memcmp(b, "SIP/2.0", 7) == 0) {
		if (t2len != 3 || !g_ascii_isdigit(b[t2]) || !g_ascii_isdigit(b[t2 + 1]) || !g_ascii_isdigit(b[t2 + 2]))
			return;
		si->kind = SIP_STATUS;
		si->code = (uint16_t)((b[t2] - '0') * 100 + (b[t2 + 1] - '0') * 10 + (b[t2 + 2] - '0'));
		si->phrase = (struct span){t3, t3len > 0 ? (uint32_t)t3len : 0};
		return;
	}
	if (t2len < 3 || find_byte(b, n, t2 + 1, ':') >= t3 || t3len != 7 || memcmp(b + t3, "SIP/2.0", 7) != 0)
		return;
	si->kind = SIP_REQUEST;
	si->method = (struct span){0, sp1};
	si->uri = (struct span){t2, t2len};
}

/* Header names and their compact forms (RFC 3261 section 7.3.3). */
static const struct {
	const char *name, *compact;
} sip_compact[] = {
	{"Call-ID", "i"}, {"Contact", "m"}, {"Content-Encoding", "e"}, {"Content-Length", "l"},
	{"Content-Type", "c"}, {"From", "f"}, {"Subject", "s"}, {"Supported", "k"}, {"To", "t"}, {"Via", "v"},
};

bool sip_header_is(const uint8_t *b, struct span name, const char *want)
{
	size_t len = strlen(want);
	if (name.len == len && g_ascii_strncasecmp((const char *)b + name.off, want, len) == 0)
		return true;
	for (size_t i = 0; i < G_N_ELEMENTS(sip_compact); i++)
		if (strcmp(sip_compact[i].name, want) == 0)
			return name.len == 1 && g_ascii_tolower(b[name.off]) == sip_compact[i].compact[0];
	return false;
}

bool sip_header_next(const uint8_t *b, uint32_t n, uint32_t *at, struct span *name, struct span *value)
{
	while (*at < n) {
		uint32_t eol, from = *at;
		*at = line_next(b, n, from, &eol);
		if (eol == from) { /* the empty line: the header ends */
			*at = n;
			return false;
		}
		uint32_t colon = find_byte(b, eol, from, ':');
		if (colon >= eol)
			continue; /* a folded or broken line */
		uint32_t ne = colon;
		while (ne > from && (b[ne - 1] == ' ' || b[ne - 1] == '\t'))
			ne--;
		uint32_t v = colon + 1, ve = eol;
		while (v < ve && (b[v] == ' ' || b[v] == '\t'))
			v++;
		while (ve > v && (b[ve - 1] == ' ' || b[ve - 1] == '\t'))
			ve--;
		*name = (struct span){from, ne - from};
		*value = (struct span){v, ve - v};
		return true;
	}
	return false;
}

/* A decimal number of at most 9 digits at the start of span S; false when none. */
static bool span_uint(const uint8_t *b, struct span s, uint32_t *out)
{
	uint32_t v = 0, i = 0;
	for (; i < s.len && i < 9 && g_ascii_isdigit(b[s.off + i]); i++)
		v = v * 10 + (uint32_t)(b[s.off + i] - '0');
	*out = v;
	return i > 0;
}

/* Whether a CSeq value V names a method longer than Wireshark keeps (16
 * bytes): it then stops reading the message there. */
static bool cseq_too_long(const uint8_t *b, struct span v)
{
	uint32_t i = 0;
	while (i < v.len && g_ascii_isdigit(b[v.off + i]))
		i++;
	while (i < v.len && (b[v.off + i] == ' ' || b[v.off + i] == '\t'))
		i++;
	return v.len - i > 16;
}

bool sip_parse(const uint8_t *b, uint32_t n, struct sip_info *si)
{
	memset(si, 0, sizeof *si);
	sip_start_line(b, n, si);
	if (si->kind == SIP_NONE)
		return false;
	uint32_t eol, at = line_next(b, n, 0, &eol);
	si->headers = at;
	struct span name, value;
	while (sip_header_next(b, n, &at, &name, &value)) {
		if (sip_header_is(b, name, "Content-Type")) {
			si->content_type = value;
		} else if (sip_header_is(b, name, "Content-Length")) {
			si->has_length = span_uint(b, value, &si->content_length);
		} else if (sip_header_is(b, name, "CSeq")) {
			si->cseq = value;
			if (cseq_too_long(b, value))
				return true;
		}
	}
	/* the header ends at its empty line, the body follows; a last line
	 * without its line end means the message was cut */
	for (uint32_t from = line_next(b, n, 0, &eol); from < n;) {
		uint32_t next = line_next(b, n, from, &eol);
		if (eol == from) {
			si->body = next;
			si->body_len = n - next;
			if (si->has_length && si->content_length < si->body_len)
				si->body_len = si->content_length;
			break;
		}
		si->unended = eol == n;
		from = next;
	}
	return true;
}

static void sip_message(struct packet *p, struct cursor *c)
{
	uint32_t n = cursor_left(c);
	const uint8_t *b = c->data + c->off;
	struct sip_info si;
	if (n == 0 || !cursor_ok(c) || !sip_parse(b, n, &si))
		return;
	int idx = pkt_push_layer(p, PROTO_SIP, c->off);
	if (idx < 0)
		return;
	p->layers[idx].len = n;
	if (si.unended) /* cut short by the capture, or by the sender */
		pkt_mark(p, idx, c->end < c->rend ? PKT_TRUNCATED : PKT_MALFORMED);
	else if (!si.body && c->end < c->rend) /* the capture cut it before its header's end */
		pkt_mark(p, idx, PKT_TRUNCATED);
	if (si.body && media_type_is_sdp(b + si.content_type.off, si.content_type.len)) {
		/* the body: Content-Length bytes, else all that follows */
		struct cursor body = *c;
		body.off += si.body;
		uint32_t len = cursor_rleft(&body);
		if (si.has_length && si.content_length < len)
			len = si.content_length;
		if (len) {
			body = cursor_sub(&body, len);
			dissect_sdp_nested(p, &body);
		}
	}
}

void dissect_sip(struct packet *p, struct cursor *c)
{
	sip_message(p, c);
}

void dissect_sip_heur(struct packet *p, struct cursor *c)
{
	sip_message(p, c);
}

/* ---- the packet list ------------------------------------------------------ */

/* How many contacts the Contact header value V lists (commas outside
 * quotes and angle brackets separate them); *EXPIRES_0 whether one says
 * expires=0. */
static unsigned sip_contacts(const struct fvalue *v, bool *expires_0)
{
	unsigned n = 1, depth = 0;
	bool quoted = false;
	for (uint32_t i = 0; i < v->len; i++) {
		uint8_t c = v->ptr[i];
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && c == '<')
			depth++;
		else if (!quoted && c == '>' && depth)
			depth--;
		else if (!quoted && !depth && c == ',')
			n++;
	}
	*expires_0 = g_strstr_len((const char *)v->ptr, v->len, "expires=0;") ||
		     (v->len >= 9 && memcmp(v->ptr + v->len - 9, "expires=0", 9) == 0);
	return n;
}

/* What a REGISTER (or a success answering one) does to the bindings, as
 * Wireshark's Info appends it: "  (1 binding)", "  (remove 2 bindings)",
 * "  (fetch bindings)"; a contact whose expires parameter is 0 is removed,
 * and so is every contact when the Expires header is 0. */
static void sip_bindings(struct columns *c, const struct packet *p, bool request)
{
	struct fvalue contacts[16];
	unsigned nc = pkt_field_all(p, "sip.Contact", contacts, G_N_ELEMENTS(contacts));
	unsigned n = 0, removed = 0;
	bool star = false;
	for (unsigned i = 0; i < nc; i++) {
		bool zero;
		n += sip_contacts(&contacts[i], &zero);
		removed += zero;
		star |= contacts[i].len == 1 && contacts[i].ptr[0] == '*';
	}
	struct fvalue e;
	bool expires_0 = pkt_field_first(p, "sip.Expires", &e) && e.kind == FV_UINT && e.u == 0;
	if (expires_0)
		removed += n;
	if (!request)
		col_append(c, "  (%u binding%s)", n, n == 1 ? "" : "s");
	else if (star && expires_0)
		col_append(c, "  (remove all bindings)");
	else if (removed)
		col_append(c, "  (remove %u binding%s)", removed, removed == 1 ? "" : "s");
	else if (!n)
		col_append(c, "  (fetch bindings)");
	else
		col_append(c, "  (%u binding%s)", n, n == 1 ? "" : "s");
}

/* SIP as Wireshark's Info shows it: "Request: INVITE sip:bob@host | ",
 * "Unknown request: ..." for a method it does not know, "Status: 200 OK
 * (INVITE) | " (the CSeq's method after a success), the bindings of a
 * registration; a message cut short ends after its start line. */
static void sip_columns(struct columns *c, const struct packet *p, int idx)
{
	char a[256], b[256];
	col_default(c, p, idx);
	col_sdp_after(c, p, idx);
	/* a CSeq method longer than 16 bytes stops Wireshark's reading there */
	bool stopped = strlen(pkt_field_text(p, "sip.CSeq.method", b, sizeof b)) > 16;
	const char *end = stopped || (p->layers[idx].flags & (PKT_MALFORMED | PKT_TRUNCATED)) ? "" : " | ";
	static const char *const known[] = {"ACK", "BYE", "CANCEL", "DO", "INFO", "INVITE", "MESSAGE", "NOTIFY",
					    "OPTIONS", "PRACK", "QAUTH", "REFER", "REGISTER", "SPRACK",
					    "SUBSCRIBE", "UPDATE", "PUBLISH"};
	pkt_field_text(p, "sip.Method", a, sizeof a);
	if (a[0]) {
		bool k = false;
		for (size_t i = 0; i < G_N_ELEMENTS(known) && !k; i++)
			k = strcmp(a, known[i]) == 0;
		col_set(c, "%s: %s %s", k ? "Request" : "Unknown request", a, pkt_field_text(p, "sip.r-uri", b, sizeof b));
		if (!*end)
			return;
		if (strcmp(a, "REGISTER") == 0)
			sip_bindings(c, p, true);
		col_append(c, "%s", end);
		return;
	}
	uint64_t code = pkt_field_uint(p, "sip.Status-Code", 0);
	pkt_field_text(p, "sip.Status-Line", a, sizeof a);
	col_set(c, "Status: %s", strlen(a) > 8 ? a + 8 : "");
	pkt_field_text(p, "sip.CSeq.method", b, sizeof b);
	if (!*end)
		return;
	if (code >= 200 && code < 300 && b[0])
		col_append(c, " (%s)", b);
	if (code >= 200 && code < 300 && strcmp(b, "REGISTER") == 0)
		sip_bindings(c, p, false);
	col_append(c, "%s", end);
}

/* SIP header fields: the filter name, the header, and whether the value
 * is a number (Wireshark's FT_UINT32 headers) rather than the text. */
static const struct {
	const char *abbrev, *header;
	bool number;
} sip_headers[] = {
	{"sip.Via", "Via", false}, {"sip.From", "From", false}, {"sip.To", "To", false},
	{"sip.Call-ID", "Call-ID", false}, {"sip.CSeq", "CSeq", false}, {"sip.Contact", "Contact", false},
	{"sip.Expires", "Expires", true}, {"sip.Max-Forwards", "Max-Forwards", true},
	{"sip.User-Agent", "User-Agent", false}, {"sip.Content-Type", "Content-Type", false},
	{"sip.Content-Length", "Content-Length", true},
};

/* The number at the start of span S of B, if any. */
static bool span_number(const uint8_t *b, struct span s, uint64_t *out)
{
	uint64_t v = 0;
	uint32_t i = 0;
	for (; i < s.len && i < 10 && b[s.off + i] >= '0' && b[s.off + i] <= '9'; i++)
		v = v * 10 + (uint64_t)(b[s.off + i] - '0');
	*out = v;
	return i > 0;
}

/* CSeq "NUMBER METHOD": sip.CSeq.seq and sip.CSeq.method. */
static unsigned cseq_values(const uint8_t *b, struct span v, const char *a, fvalue_fn fn, void *data)
{
	uint64_t seq;
	if (fv_same(a, "sip.CSeq.seq"))
		return span_number(b, v, &seq) ? fv_give_uint(fn, data, seq) : 0;
	uint32_t i = 0;
	while (i < v.len && b[v.off + i] >= '0' && b[v.off + i] <= '9')
		i++;
	while (i < v.len && (b[v.off + i] == ' ' || b[v.off + i] == '\t'))
		i++;
	return i < v.len ? fv_give_ptr(fn, data, FV_STRING, b + v.off + i, v.len - i) : 0;
}

static unsigned sip_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	struct sip_info si;
	if (!sip_parse(b, n, &si))
		return 0;
	bool req = si.kind == SIP_REQUEST;
	if (fv_same(a, "sip.Method") && req)
		return fv_give_ptr(fn, data, FV_STRING, b + si.method.off, si.method.len);
	if (fv_same(a, "sip.r-uri") && req)
		return fv_give_ptr(fn, data, FV_STRING, b + si.uri.off, si.uri.len);
	if (fv_same(a, req ? "sip.Request-Line" : "sip.Status-Line"))
		return fv_give_ptr(fn, data, FV_STRING, b + si.line.off, si.line.len);
	if (fv_same(a, "sip.Status-Code"))
		return req ? 0 : fv_give_uint(fn, data, si.code);
	bool cseq_part = fv_same(a, "sip.CSeq.seq") || fv_same(a, "sip.CSeq.method");
	const char *header = NULL;
	bool number = false;
	for (size_t i = 0; i < G_N_ELEMENTS(sip_headers) && !header; i++)
		if (fv_same(a, sip_headers[i].abbrev)) {
			header = sip_headers[i].header;
			number = sip_headers[i].number;
		}
	if (!header && !cseq_part)
		return 0;
	unsigned given = 0;
	uint32_t at = si.headers;
	struct span name, value;
	uint64_t u;
	while (sip_header_next(b, n, &at, &name, &value)) {
		if (cseq_part && sip_header_is(b, name, "CSeq"))
			given += cseq_values(b, value, a, fn, data);
		else if (!header || !sip_header_is(b, name, header))
			continue;
		else if (!number)
			given += fv_give_ptr(fn, data, FV_STRING, b + value.off, value.len);
		else if (span_number(b, value, &u))
			given += fv_give_uint(fn, data, u);
	}
	return given;
}

static void sip_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			     const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		sip_values(d, n, f->abbrev, fn, data);
}

/* The header names Wireshark knows, lower case, each with its compact
 * form ("" when none): any other name is an unrecognised header. */
static const char *const sip_known_headers[][2] = {
	{"accept", ""}, {"accept-contact", "a"}, {"accept-encoding", ""}, {"accept-language", ""},
	{"accept-resource-priority", ""}, {"additional-identity", ""}, {"alert-info", ""}, {"allow", ""},
	{"allow-events", "u"}, {"answer-mode", ""}, {"attestation-info", ""}, {"authentication-info", ""},
	{"authorization", ""}, {"call-id", "i"}, {"call-info", ""}, {"cellular-network-info", ""},
	{"contact", "m"}, {"content-disposition", ""}, {"content-encoding", "e"}, {"content-language", ""},
	{"content-length", "l"}, {"content-type", "c"}, {"cseq", ""}, {"date", ""}, {"error-info", ""},
	{"event", "o"}, {"expires", ""}, {"feature-caps", ""}, {"flow-timer", ""}, {"from", "f"},
	{"geolocation", ""}, {"geolocation-error", ""}, {"geolocation-routing", ""}, {"history-info", ""},
	{"identity", "y"}, {"identity-info", "n"}, {"info-package", ""}, {"in-reply-to", ""}, {"join", ""},
	{"max-breadth", ""}, {"max-forwards", ""}, {"mime-version", ""}, {"min-expires", ""}, {"min-se", ""},
	{"organization", ""}, {"origination-id", ""}, {"p-access-network-info", ""}, {"p-answer-state", ""},
	{"p-asserted-identity", ""}, {"p-asserted-service", ""}, {"p-associated-uri", ""},
	{"p-called-party-id", ""}, {"p-charge-info", ""}, {"p-charging-function-addresses", ""},
	{"p-charging-vector", ""}, {"p-dcs-trace-party-id", ""}, {"p-dcs-osps", ""}, {"p-dcs-billing-info", ""},
	{"p-dcs-laes", ""}, {"p-dcs-redirect", ""}, {"p-early-media", ""}, {"p-media-authorization", ""},
	{"p-preferred-identity", ""}, {"p-preferred-service", ""}, {"p-profile-key", ""},
	{"p-refused-uri-list", ""}, {"p-served-user", ""}, {"p-user-database", ""},
	{"p-visited-network-id", ""}, {"path", ""}, {"permission-missing", ""}, {"policy-contact", ""},
	{"policy-id", ""}, {"priority", ""}, {"priority-share", ""}, {"priv-answer-mode", ""}, {"privacy", ""},
	{"proxy-authenticate", ""}, {"proxy-authorization", ""}, {"proxy-require", ""}, {"rack", ""},
	{"reason", ""}, {"reason-phrase", ""}, {"record-route", ""}, {"recv-info", ""}, {"refer-sub", ""},
	{"refer-to", "r"}, {"referred-by", "b"}, {"reject-contact", "j"}, {"relayed-charge", ""},
	{"replaces", ""}, {"reply-to", ""}, {"request-disposition", "d"}, {"require", ""},
	{"resource-priority", ""}, {"resource-share", ""}, {"response-source", ""}, {"restoration-info", ""},
	{"retry-after", ""}, {"route", ""}, {"rseq", ""}, {"security-client", ""}, {"security-server", ""},
	{"security-verify", ""}, {"server", ""}, {"service-interact-info", ""}, {"service-route", ""},
	{"session-expires", "x"}, {"session-id", ""}, {"sip-etag", ""}, {"sip-if-match", ""}, {"subject", "s"},
	{"subscription-state", ""}, {"supported", "k"}, {"suppress-if-match", ""}, {"target-dialog", ""},
	{"timestamp", ""}, {"to", "t"}, {"trigger-consent", ""}, {"unsupported", ""}, {"user-agent", ""},
	{"via", "v"}, {"warning", ""}, {"www-authenticate", ""}, {"diversion", ""}, {"user-to-user", ""},
};

static bool sip_known_header(const char *lower)
{
	for (size_t i = 0; i < G_N_ELEMENTS(sip_known_headers); i++)
		if (strcmp(lower, sip_known_headers[i][0]) == 0 || strcmp(lower, sip_known_headers[i][1]) == 0)
			return *lower != 0 || sip_known_headers[i][1][0] != 0;
	return false;
}

/* A header line that ends the message (no empty line after it), when the
 * message is whole (a message cut short fails before). */
static void sip_unterminated(struct experts *e, uint32_t next, uint32_t n, bool cut)
{
	if (next >= n && !cut)
		expert_add(e, EXPERT_WARN, EXPERT_MALFORMED, "SIP", "Header not terminated by empty line (CRLF)");
}

/* Whether the value V (up to a NUL) is all a decimal number of 32 bits,
 * blanks allowed before it and no sign. */
static bool sip_plain_uint32(const uint8_t *b, struct span v)
{
	uint32_t i = 0, end = v.len;
	const uint8_t *nul = memchr(b + v.off, 0, v.len);
	if (nul)
		end = (uint32_t)(nul - (b + v.off));
	while (i < end && g_ascii_isspace(b[v.off + i]))
		i++;
	uint64_t x = 0;
	uint32_t d = i;
	for (; i < end && g_ascii_isdigit(b[v.off + i]) && x <= G_MAXUINT32; i++)
		x = x * 10 + (uint64_t)(b[v.off + i] - '0');
	return i > d && i == end && x <= G_MAXUINT32;
}

/* Wireshark's items of the header lines (a line that begins with a space or
 * a tab continues the one before): a line without a colon, a name (all
 * before the colon, ASCII letters lowered) it does not know.  Reading stops
 * at the empty line, and after a CSeq whose method is too long. */
static void sip_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	struct sip_info si;
	if (!b || !sip_parse(b, n, &si))
		return;
	bool cut = (p->layers[idx].flags & (PKT_MALFORMED | PKT_TRUNCATED)) != 0;
	uint32_t eol, at = si.headers;
	while (at < n) {
		uint32_t from = at;
		at = line_next(b, n, from, &eol);
		if (eol == from)
			return;
		uint32_t end = eol;
		while (at < n && (b[at] == ' ' || b[at] == '\t'))
			at = line_next(b, n, at, &end);
		uint32_t colon = find_byte(b, end, from, ':');
		if (colon >= end) {
			expert_add(e, EXPERT_WARN, EXPERT_MALFORMED, "SIP", "Header has no colon after the name");
			sip_unterminated(e, at, n, cut);
			continue;
		}
		/* the name as a string: up to a NUL, bad UTF-8 replaced */
		const uint8_t *nul = memchr(b + from, 0, colon - from);
		uint32_t nlen = nul ? (uint32_t)(nul - (b + from)) : colon - from;
		g_autofree char *raw = g_ascii_strdown((const char *)b + from, nlen);
		g_autofree char *name = g_utf8_make_valid(raw, nlen);
		struct span nm = {from, colon - from}, v = {colon + 1, end - colon - 1};
		while (v.len && (b[v.off] == ' ' || b[v.off] == '\t'))
			v.off++, v.len--;
		if (!sip_known_header(name))
			expert_add(e, EXPERT_NOTE, EXPERT_UNDECODED, "SIP", "Unrecognised SIP header (%s)", name);
		else if (sip_header_is(b, nm, "Content-Length") && !sip_plain_uint32(b, v))
			expert_add(e, EXPERT_NOTE, EXPERT_MALFORMED, "SIP", "Invalid content_length");
		sip_unterminated(e, at, n, cut);
		if (sip_header_is(b, nm, "CSeq") && cseq_too_long(b, (struct span){v.off, eol > v.off ? eol - v.off : 0}))
			return;
	}
}

static const struct handoff sip_handoff[] = {
	UDP_PORT(5060, dissect_sip),
	UDP_HEUR(60, dissect_sip_heur),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(SIP, "sip", "Session Initiation Protocol");
const struct protocol proto_sip = {PROTO_SIP, .short_name = "SIP", .columns = sip_columns, .expert = sip_expert, .values = sip_field_values, .fields = &sip_table,
                                   .handoff = sip_handoff};
