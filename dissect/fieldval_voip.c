/* fieldval_voip.c — field values of SIP (its start line and header), RTCP
 * (by packet type) and TFTP (by opcode), parsed again from a layer's bytes. */
#include <glib.h>

#include "dissect/dissect.h"
#include "dissect/fieldval_give.h"

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

/* RTCP: the count is the reception report count of sender and receiver
 * reports, the source count of descriptions and goodbyes; the sender's
 * SSRC follows the header of reports. */
static unsigned rtcp_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 4)
		return 0;
	bool report = b[1] == 200 || b[1] == 201, sources = b[1] == 202 || b[1] == 203;
	if ((fv_same(a, "rtcp.rc") && report) || (fv_same(a, "rtcp.sc") && sources))
		return fv_give_uint(fn, data, b[0] & 0x1f);
	if (fv_same(a, "rtcp.senderssrc") && report && n >= 8)
		return fv_give_uint(fn, data, (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 | (uint32_t)b[6] << 8 | b[7]);
	return 0;
}

/* The NUL-terminated string at *AT of B (N bytes), to FN when WANTED;
 * false when it has no NUL. */
static bool tftp_string(const uint8_t *b, uint32_t n, uint32_t *at, bool wanted, unsigned *given, fvalue_fn fn,
			void *data)
{
	uint32_t s = *at, e = s;
	while (e < n && b[e])
		e++;
	if (e >= n)
		return false;
	if (wanted)
		*given += fv_give_ptr(fn, data, FV_STRING, b + s, e - s);
	*at = e + 1;
	return true;
}

static unsigned tftp_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 2)
		return 0;
	unsigned op = (unsigned)b[0] << 8 | b[1], given = 0;
	uint32_t at = 2;
	bool two = n >= 4;
	unsigned word = two ? (unsigned)b[2] << 8 | b[3] : 0;
	switch (op) {
	case 1: case 2: {
		bool file = fv_same(a, op == 1 ? "tftp.source_file" : "tftp.destination_file");
		if (!tftp_string(b, n, &at, file, &given, fn, data) ||
		    !tftp_string(b, n, &at, fv_same(a, "tftp.type"), &given, fn, data))
			return given;
		break;
	}
	case 3: case 4:
		return two && fv_same(a, "tftp.block") ? fv_give_uint(fn, data, word) : 0;
	case 5:
		if (two && fv_same(a, "tftp.error.code"))
			return fv_give_uint(fn, data, word);
		at = 4;
		if (two)
			tftp_string(b, n, &at, fv_same(a, "tftp.error.message"), &given, fn, data);
		return given;
	case 6: case 255:
		break;
	default:
		return fv_same(a, "tftp.data") && n > 2 ? fv_give_ptr(fn, data, FV_BYTES, b + 2, n - 2) : 0;
	}
	/* options: name, value */
	bool name = fv_same(a, "tftp.option.name"), value = fv_same(a, "tftp.option.value");
	while (at < n && tftp_string(b, n, &at, name, &given, fn, data) &&
	       tftp_string(b, n, &at, value, &given, fn, data))
		;
	return given;
}

unsigned voip_field_values(uint8_t proto, const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn,
			   void *data)
{
	switch (proto) {
	case PROTO_SIP: return sip_values(b, n, abbrev, fn, data);
	case PROTO_RTCP: return rtcp_values(b, n, abbrev, fn, data);
	case PROTO_TFTP: return tftp_values(b, n, abbrev, fn, data);
	default: return 0;
	}
}
