/* http_values.c — HTTP's field values, http.c's second file: the start
 * line's parts, the body, and the header lines by name (SSDP, HTTP over
 * UDP, gives them too). */
#include <glib.h>
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/fieldval_give.h"

/* The header fields named by their header line: every line of that name
 * (any case) gives its value, without surrounding blanks. */
static const struct {
	const char *field, *header;
} http_header_fields[] = {
	{"http.host", "host"}, {"http.user_agent", "user-agent"}, {"http.server", "server"},
	{"http.content_type", "content-type"}, {"http.content_encoding", "content-encoding"},
	{"http.transfer_encoding", "transfer-encoding"}, {"http.connection", "connection"},
	{"http.location", "location"}, {"http.referer", "referer"}, {"http.cookie", "cookie"},
	{"http.set_cookie", "set-cookie"}, {"http.authorization", "authorization"}, {"http.accept", "accept"},
};

static void http_headers(const struct http_info *hi, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	const char *want = NULL;
	for (size_t i = 0; i < sizeof http_header_fields / sizeof http_header_fields[0]; i++)
		if (fv_same(a, http_header_fields[i].field))
			want = http_header_fields[i].header;
	if (!want)
		return;
	size_t wlen = strlen(want);
	const uint8_t *b = hi->base;
	uint32_t end = hi->hdr_len ? hi->hdr_len : n, i = 0;
	while (i < end && b[i] != '\n') /* the start line */
		i++;
	for (i++; i < end;) {
		uint32_t eol = i;
		while (eol < end && b[eol] != '\n')
			eol++;
		uint32_t stop = eol > i && b[eol - 1] == '\r' ? eol - 1 : eol;
		if (stop == i)
			break; /* the empty line */
		if (stop - i > wlen && b[i + wlen] == ':' && g_ascii_strncasecmp((const char *)b + i, want, wlen) == 0) {
			uint32_t v = i + (uint32_t)wlen + 1;
			while (v < stop && (b[v] == ' ' || b[v] == '\t'))
				v++;
			uint32_t ve = stop;
			while (ve > v && (b[ve - 1] == ' ' || b[ve - 1] == '\t'))
				ve--;
			fv_give_ptr(fn, data, FV_STRING, b + v, ve - v);
		}
		i = eol + 1;
	}
}

void http_field_values(const struct packet *p, const struct layer *l, const uint8_t *b, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data)
{
	struct http_info hi;
	if (!b || !http_parse(b, n, &hi))
		return;
	const char *a = f->abbrev;
	struct span s = {0, 0};
	bool have = false;
	if (fv_same(a, "http.request")) {
		if (hi.kind == HTTP_REQUEST)
			fv_give_uint(fn, data, 1);
		return;
	}
	if (fv_same(a, "http.response")) {
		if (hi.kind == HTTP_RESPONSE)
			fv_give_uint(fn, data, 1);
		return;
	}
	if (fv_same(a, "http.response.code")) {
		if (hi.kind == HTTP_RESPONSE)
			fv_give_uint(fn, data, hi.code);
		return;
	}
	if (fv_same(a, "http.file_data")) {
		/* a message completed from several segments keeps its first
		 * PKT_REASSEMBLED_MAX bytes: the body as far as they go (a
		 * presence test or a match found is then right; a match beyond
		 * them is missed) */
		static __thread uint8_t joined[65536];
		const uint8_t *body;
		uint32_t len;
		bool prefix = (l->flags & PKT_REASSEMBLED) && p->reasm_len >= PKT_REASSEMBLED_MAX;
		if (http_file_data(b, n, &hi, prefix, joined, sizeof joined, &body, &len))
			fv_give_ptr(fn, data, FV_STRING, body, len);
		return;
	}
	if (fv_same(a, "http.content_length")) {
		if (hi.has_length)
			fv_give_uint(fn, data, hi.content_length);
		return;
	}
	if (fv_same(a, "http.request.method") && hi.kind == HTTP_REQUEST)
		s = hi.method, have = true;
	else if (fv_same(a, "http.request.uri") && hi.kind == HTTP_REQUEST)
		s = hi.uri, have = true;
	else if (fv_same(a, "http.request.version") && hi.kind == HTTP_REQUEST)
		s = hi.version, have = true;
	else if (fv_same(a, "http.response.version") && hi.kind == HTTP_RESPONSE)
		s = hi.version, have = true;
	else if (fv_same(a, "http.response.phrase") && hi.kind == HTTP_RESPONSE)
		s = hi.phrase, have = true;
	else
		http_headers(&hi, n, a, fn, data);
	if (have)
		fv_give_ptr(fn, data, FV_STRING, hi.base + s.off, s.len);
}
