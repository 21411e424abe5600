/* media.c — message bodies, chosen by their media type (the Content-Type of
 * an HTTP message): line-based text, XML, JSON, PNG, GIF, JPEG, HTML form
 * data, OCSP, and `media` for a type no dissector knows.
 *
 * Image dissectors check their file signature; a body that lacks it is
 * offered to the signature checks of the other image formats (a server may
 * label a PNG as image/gif), then shown as `media`.  A JSON body whose start
 * is not an object or array, or that has text after its last complete
 * value, shows that text as line-based text; line-based text starting with
 * an XML declaration is XML.
 */
#include <string.h>
#include <strings.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def media_fields[] = {
	{"media.type", "Media type", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(media);

static const struct field_def png_fields[] = {
	{"png.signature", "PNG Signature", FT_BYTES, BASE_NONE, 0, 8, 0, NULL},
	{"png.chunk.len", "Len", FT_UINT32, BASE_DEC, 8, 4, 0, NULL},
	{"png.ihdr.width", "Width", FT_UINT32, BASE_DEC, 16, 4, 0, NULL},
	{"png.ihdr.height", "Height", FT_UINT32, BASE_DEC, 20, 4, 0, NULL},
	{"png.ihdr.bitdepth", "Bit Depth", FT_UINT8, BASE_DEC, 24, 1, 0, NULL},
	{"png.ihdr.colour_type", "Colour Type", FT_UINT8, BASE_DEC, 25, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(png);

static const struct field_def image_gif_fields[] = {
	{"image-gif.version", "Version", FT_STRING, BASE_NONE, 0, 6, 0, NULL},
	{"image-gif.screen.width", "Screen width", FT_UINT16, BASE_DEC_LE, 6, 2, 0, NULL},
	{"image-gif.screen.height", "Screen height", FT_UINT16, BASE_DEC_LE, 8, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(image_gif);

static const struct field_def image_jfif_fields[] = {
	{"image-jfif.marker", "Marker", FT_UINT8, BASE_HEX, 1, 1, 0, NULL},
	{"image-jfif.identifier", "Identifier", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(image_jfif);

static const struct field_def urlencoded_form_fields[] = {
	{"urlencoded-form.key", "Key", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"urlencoded-form.value", "Value", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(urlencoded_form);

static const struct field_def ocsp_fields[] = {
	{"ocsp.responseStatus", "responseStatus", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(ocsp);

/* The captured bytes of C from its position, and how many. */
static const uint8_t *here(const struct cursor *c, uint32_t *n)
{
	*n = cursor_left(c);
	return c->data + c->off;
}

/* Whether the captured bytes at C start with the N bytes of MAGIC. */
static bool starts_with(const struct cursor *c, const char *magic, uint32_t n)
{
	uint32_t have;
	const uint8_t *b = here(c, &have);
	return c->err == CUR_OK && have >= n && memcmp(b, magic, n) == 0;
}

void dissect_png(struct packet *p, struct cursor *c)
{
	if (!starts_with(c, "\x89PNG\r\n\x1a\n", 8))
		return;
	pkt_push_layer(p, PROTO_PNG, c->off);
}

void dissect_image_gif(struct packet *p, struct cursor *c)
{
	if (!starts_with(c, "GIF87a", 6) && !starts_with(c, "GIF89a", 6))
		return;
	pkt_push_layer(p, PROTO_IMAGE_GIF, c->off);
}

/* A JPEG file as Wireshark takes one, with or without a media type saying
 * JPEG: a JFIF or Exif file (an APP0 or APP1 segment carrying that
 * identifier right after the start marker). */
static void jfif_by_signature(struct packet *p, struct cursor *c)
{
	uint32_t n;
	const uint8_t *b = here(c, &n);
	if (c->err != CUR_OK || n < 11 || b[0] != 0xff || b[1] != 0xd8 || b[2] != 0xff)
		return;
	if ((b[3] == 0xe0 && memcmp(b + 6, "JFIF", 5) == 0) || (b[3] == 0xe1 && memcmp(b + 6, "Exif", 5) == 0))
		pkt_push_layer(p, PROTO_IMAGE_JFIF, c->off);
}

/* Line-based text: any bytes are lines; an XML declaration makes it XML,
 * handed on before the text adds anything (its item, the media type in
 * Info): then it is a protocol of the frame only. */
void dissect_text_lines(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_DATA_TEXT_LINES, c->off);
	if (idx < 0)
		return;
	uint32_t n;
	const uint8_t *b = here(c, &n);
	if (c->err == CUR_OK && n > 38 && strncasecmp((const char *)b, "<?xml", 5) == 0) {
		p->layers[idx].flags |= PKT_NESTED | PKT_NO_ITEM;
		dissect_xml(p, c);
	}
}

void dissect_xml(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_XML, c->off);
}

void dissect_urlencoded_form(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_URLENCODED_FORM, c->off);
}

/* An OCSP request or response (RFC 6960), DER: the media type says which. */
void dissect_ocsp(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_OCSP, c->off);
}

void dissect_media(struct packet *p, struct cursor *c)
{
	if (cursor_rleft(c) > 0)
		pkt_push_layer(p, PROTO_MEDIA, c->off);
}

static bool json_ws(uint8_t ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Skips one JSON string starting at B[*I] == '"'. */
static bool json_string(const uint8_t *b, uint32_t n, uint32_t *i)
{
	for (uint32_t j = *i + 1; j < n; j++) {
		if (b[j] == '\\')
			j++;
		else if (b[j] == '"') {
			*i = j + 1;
			return true;
		}
	}
	return false;
}

/* Skips a scalar (number, true, false, null): the characters it may hold. */
static bool json_scalar(const uint8_t *b, uint32_t n, uint32_t *i)
{
	uint32_t j = *i;
	while (j < n && (strchr("+-.0123456789eE", b[j]) != NULL || (b[j] >= 'a' && b[j] <= 'z')) && b[j])
		j++;
	if (j == *i)
		return false;
	uint32_t len = j - *i;
	const char *s = (const char *)b + *i;
	bool word = (len == 4 && (memcmp(s, "true", 4) == 0 || memcmp(s, "null", 4) == 0)) ||
		    (len == 5 && memcmp(s, "false", 5) == 0);
	bool number = s[0] == '-' || (s[0] >= '0' && s[0] <= '9');
	if (!word && !number)
		return false;
	*i = j;
	return true;
}

#define JSON_MAX_DEPTH 64

/* Length of one complete object or array at B[0], or 0 when there is none
 * (not JSON, or cut before its end).  Structure only: a stack of the open
 * brackets, a value expected after ':' and ',' . */
static uint32_t json_value_len(const uint8_t *b, uint32_t n)
{
	char stack[JSON_MAX_DEPTH];
	int depth = 0;
	uint32_t i = 0;
	bool want_value = true; /* a value (or a closing bracket of an empty container) is next */
	if (n == 0 || (b[0] != '{' && b[0] != '['))
		return 0;
	while (i < n) {
		uint8_t ch = b[i];
		if (json_ws(ch)) {
			i++;
			continue;
		}
		if (ch == '{' || ch == '[') {
			if (!want_value || depth == JSON_MAX_DEPTH)
				return 0;
			stack[depth++] = (char)ch;
			i++;
			want_value = true;
			continue;
		}
		if (ch == '}' || ch == ']') {
			if (depth == 0 || stack[depth - 1] != (ch == '}' ? '{' : '['))
				return 0;
			depth--;
			i++;
			want_value = false;
			if (depth == 0)
				return i;
			continue;
		}
		if (ch == ',' || ch == ':') {
			if (want_value)
				return 0;
			want_value = true;
			i++;
			continue;
		}
		if (!want_value)
			return 0;
		if (ch == '"' ? !json_string(b, n, &i) : !json_scalar(b, n, &i))
			return 0;
		want_value = false;
	}
	return 0;
}

void dissect_json(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_JSON, c->off) < 0)
		return;
	uint32_t n;
	const uint8_t *b = here(c, &n);
	uint32_t used = 0;
	for (;;) {
		uint32_t at = used;
		while (at < n && json_ws(b[at]))
			at++;
		uint32_t len = json_value_len(b + at, n - at);
		if (len == 0) {
			/* a value still open where the kept bytes end (a body
			 * completed from segments is kept only in part), or
			 * none begun before they end, goes on past them: no text
			 * after it is known */
			if (n < cursor_rleft(c) && (at == n || b[at] == '{' || b[at] == '['))
				used = cursor_rleft(c);
			break;
		}
		used = at + len;
	}
	while (used < n && json_ws(b[used]))
		used++;
	if (used < cursor_rleft(c)) {
		struct cursor rest = *c;
		rest.off += used;
		dissect_text_lines(p, &rest);
	}
}

/* Media types and their dissectors, by exact (lowercase) name. */
static const struct {
	const char *type;
	dissector_fn fn;
	enum proto_id proto;
} media_types[] = {
	{"text/plain", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"text/richtext", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"text/enriched", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"text/parameters", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"text/html", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"text/xml-external-parsed-entity", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"text/css", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"application/xml-external-parsed-entity", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"text/javascript", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"application/x-javascript", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"application/x-ns-proxy-autoconfig", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"text/vnd.sun.j2me.app-descriptor", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"application/x-wms-logplaystats", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"application/x-rtsp-udp-packetpair", dissect_text_lines, PROTO_DATA_TEXT_LINES},
	{"text/xml", dissect_xml, PROTO_XML},
	{"application/xml", dissect_xml, PROTO_XML},
	{"application/xml-dtd", dissect_xml, PROTO_XML},
	{"text/vnd.wap.wml", dissect_xml, PROTO_XML},
	{"text/vnd.wap.si", dissect_xml, PROTO_XML},
	{"text/vnd.wap.sl", dissect_xml, PROTO_XML},
	{"application/json", dissect_json, PROTO_JSON},
	{"application/json-rpc", dissect_json, PROTO_JSON},
	{"application/jsonrequest", dissect_json, PROTO_JSON},
	{"application/dds-web+json", dissect_json, PROTO_JSON},
	{"application/vnd.oma.lwm2m+json", dissect_json, PROTO_JSON},
	{"application/json-patch+json", dissect_json, PROTO_JSON},
	{"application/merge-patch+json", dissect_json, PROTO_JSON},
	{"application/senml+json", dissect_json, PROTO_JSON},
	{"application/sensml+json", dissect_json, PROTO_JSON},
	{"image/png", dissect_png, PROTO_PNG},
	{"image/gif", dissect_image_gif, PROTO_IMAGE_GIF},
	{"image/jpeg", jfif_by_signature, PROTO_IMAGE_JFIF},
	{"image/jpg", jfif_by_signature, PROTO_IMAGE_JFIF},
	{"application/x-www-form-urlencoded", dissect_urlencoded_form, PROTO_URLENCODED_FORM},
	{"application/ocsp-request", dissect_ocsp, PROTO_OCSP},
	{"application/ocsp-response", dissect_ocsp, PROTO_OCSP},
	{"application/octet-stream", dissect_data, PROTO_DATA},
	{"application/sdp", dissect_sdp, PROTO_SDP},
};

static dissector_fn media_type_find(const char *type, size_t len, enum proto_id *proto)
{
	for (size_t i = 0; i < sizeof media_types / sizeof media_types[0]; i++)
		if (strlen(media_types[i].type) == len && strncasecmp(media_types[i].type, type, len) == 0) {
			*proto = media_types[i].proto;
			return media_types[i].fn;
		}
	/* structured-syntax suffix: anything "+xml" is XML */
	*proto = PROTO_XML;
	if (len > 4 && strncasecmp(type + len - 4, "+xml", 4) == 0)
		return dissect_xml;
	return NULL;
}

/* The media type proper: TYPE up to its parameters (';'), without blanks. */
static size_t media_type_trim(const char *type, size_t len, const char **start)
{
	size_t i = 0;
	while (i < len && (type[i] == ' ' || type[i] == '\t'))
		i++;
	size_t j = i;
	while (j < len && type[j] != ';' && type[j] != ' ' && type[j] != '\t')
		j++;
	*start = type + i;
	return j - i;
}

bool media_type_named(const char *type, size_t len)
{
	for (size_t i = 0; i < sizeof media_types / sizeof media_types[0]; i++)
		if (strlen(media_types[i].type) == len && strncasecmp(media_types[i].type, type, len) == 0)
			return true;
	return false;
}

bool media_type_checks(const char *type, size_t len, enum proto_id *proto)
{
	const char *t;
	size_t tl = media_type_trim(type, len, &t);
	dissector_fn fn = tl ? media_type_find(t, tl, proto) : NULL;
	return fn == dissect_png || fn == dissect_image_gif || fn == jfif_by_signature;
}

void dissect_media_body(struct packet *p, struct cursor *c, const char *type, size_t len, bool coded)
{
	if (cursor_rleft(c) == 0)
		return;
	const char *t;
	enum proto_id proto;
	size_t tl = media_type_trim(type, len, &t);
	dissector_fn fn = tl ? media_type_find(t, tl, &proto) : NULL;
	/* Compressed bytes show nothing to check, nor does an image whose
	 * first byte is in a later TCP segment than the header: the type alone
	 * decides. */
	bool unseen = cursor_left(c) == 0 && (fn == dissect_png || fn == dissect_image_gif || fn == jfif_by_signature);
	if (fn && (coded || unseen)) {
		pkt_push_layer(p, proto, c->off);
		return;
	}
	if (fn && dissect_try(fn, p, c))
		return;
	/* the signatures of the image formats, then the generic media layer */
	if (dissect_try(dissect_png, p, c) || dissect_try(jfif_by_signature, p, c))
		return;
	dissect_media(p, c);
}

/* OCSP: a response opens with its status, a request with its request list. */
static void ocsp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_short_name(c, p, idx);
	col_clear(c);
	if (n >= 4 && d[0] == 0x30) {
		uint32_t at = 2 + (d[1] & 0x80 ? (d[1] & 0x7f) : 0);
		col_append(c, "%s", at < n && d[at] == 0x0a ? "Response" : "Request");
	}
}

/* OCSP: a response's status, the ENUMERATED that opens its SEQUENCE (a
 * request's SEQUENCE opens with another SEQUENCE). */
static void ocsp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	struct cursor c = cursor_init(d, n, n);
	struct ber_hdr h;
	uint32_t v;
	if (fv_same(a, "ocsp.responseStatus") && ber_expect(&c, 0, 16, &h) && ber_expect(&c, 0, 10, &h) &&
	    ber_read_uint(&c, &h, &v))
		fv_give_uint(fn, data, v);
}

static void ocsp_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		ocsp_values(d, n, f->abbrev, fn, data);
}

/* media.type: a body no dissector knows, as bytes. */
static unsigned media_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	/* a gzip body is shown inflated, which this does not do */
	if (!fv_same(a, "media.type") || n == 0 || (n >= 2 && d[0] == 0x1f && d[1] == 0x8b))
		return 0;
	return fv_give_ptr(fn, data, FV_BYTES, d, n);
}

/* JPEG: the identifier string ("JFIF", "Exif", "ICC_PROFILE" ...) of each
 * APP0..APP2 segment before the image data. */
static unsigned jfif_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (!fv_same(a, "image-jfif.identifier") || n < 4 || d[0] != 0xff || d[1] != 0xd8)
		return 0;
	unsigned given = 0;
	uint32_t at = 2;
	while (at + 4 <= n && d[at] == 0xff && d[at + 1] != 0xda) {
		uint32_t len = fv_get16(d + at + 2, true);
		if (len < 2)
			break;
		if (d[at + 1] >= 0xe0 && d[at + 1] <= 0xe2) {
			uint32_t from = at + 4, end = from;
			while (end < n && end < at + 2 + len && d[end])
				end++;
			given += fv_give_ptr(fn, data, FV_STRING, d + from, end - from);
		}
		at += 2 + len;
	}
	return given;
}

/* HTML form data: each key, then its value, with '+' as a space and %XX
 * as the byte. */
static unsigned urlencoded_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	bool key = fv_same(a, "urlencoded-form.key");
	if (!key && !fv_same(a, "urlencoded-form.value"))
		return 0;
	static __thread uint8_t text[4096];
	unsigned given = 0;
	uint32_t i = 0;
	while (i < n) {
		uint32_t end = i;
		while (end < n && d[end] != '&')
			end++;
		uint32_t eq = i;
		while (eq < end && d[eq] != '=')
			eq++;
		uint32_t from = key ? i : eq + 1 < end ? eq + 1 : end, to = key ? eq : end, used = 0;
		for (uint32_t k = from; k < to && used < sizeof text; k++) {
			int hi, lo;
			if (d[k] == '%' && k + 2 < to && (hi = hex_digit_value(d[k + 1])) >= 0 &&
			    (lo = hex_digit_value(d[k + 2])) >= 0) {
				text[used++] = (uint8_t)(hi << 4 | lo);
				k += 2;
			} else {
				text[used++] = d[k] == '+' ? ' ' : d[k];
			}
		}
		given += fv_give_ptr(fn, data, FV_STRING, text, used);
		i = end + 1;
	}
	return given;
}

PROTOCOL_ID(OCSP, "ocsp", "Online Certificate Status Protocol");
const struct protocol proto_ocsp = {PROTO_OCSP, .short_name = "OCSP", .columns = ocsp_columns, .values = ocsp_field_values,
				    .fields = &ocsp_table};

/* A body CoAP carries: CoAP's columns write what the body adds to the
 * Info, where Wireshark has it (before the token and URI). */
static bool below_coap(const struct packet *p, int idx)
{
	return idx > 0 && p->layers[idx - 1].proto == PROTO_COAP;
}

/* A body below HTTP names its media type after the message's Info:
 * " (text/html)"; XML and JSON also add their name to the Protocol column
 * ("HTTP/XML"), JSON its long name to the Info. */
static void media_type_suffix(struct columns *c, const struct packet *p, int idx)
{
	char type[128];
	if (below_coap(p, idx))
		return;
	if (http_media_type_below(p, idx, type, sizeof type))
		col_append_sep(c, " ", "(%s)", type);
}

static void proto_append(struct columns *c, const char *name)
{
	char buf[COL_PROTO_MAX];
	g_snprintf(buf, sizeof buf, c->proto[0] ? "%s/%s" : "%s%s", c->proto, name);
	col_proto(c, buf);
}

static void xml_columns(struct columns *c, const struct packet *p, int idx)
{
	(void)p, (void)idx;
	proto_append(c, "XML");
}

static void json_columns(struct columns *c, const struct packet *p, int idx)
{
	proto_append(c, "JSON");
	if (below_coap(p, idx))
		return;
	col_append_sep(c, ", ", "JavaScript Object Notation");
	media_type_suffix(c, p, idx);
}

static void png_columns(struct columns *c, const struct packet *p, int idx)
{
	(void)p, (void)idx;
	col_append(c, " (PNG)");
}

static void gif_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (n >= 6 && memcmp(d, "GIF", 3) == 0)
		col_append(c, " (%.6s)", (const char *)d);
}

static void jfif_columns(struct columns *c, const struct packet *p, int idx)
{
	(void)p, (void)idx;
	col_append(c, " (JPEG JFIF image)");
}

PROTOCOL_ID(DATA_TEXT_LINES, "data-text-lines", "Line-based text data");
const struct protocol proto_data_text_lines = {PROTO_DATA_TEXT_LINES, .short_name = "Line-based text data", .columns = media_type_suffix};

static void media_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			       const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		media_values(d, n, f->abbrev, fn, data);
}

PROTOCOL_ID(MEDIA, "media", "Media Type");
const struct protocol proto_media = {PROTO_MEDIA, .short_name = "Media", .columns = media_type_suffix, .values = media_field_values,
				     .fields = &media_table};

static void urlencoded_form_field_values(const struct packet *p, const struct layer *l, const uint8_t *d,
					 uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	/* only a form whose bytes are all here: a cut value would be wrong */
	if (d && !((l->flags & PKT_REASSEMBLED) && p->reasm_len >= PKT_REASSEMBLED_MAX))
		urlencoded_values(d, n, f->abbrev, fn, data);
}

PROTOCOL_ID(URLENCODED_FORM, "urlencoded-form", "HTML Form URL Encoded");
const struct protocol proto_urlencoded_form = {PROTO_URLENCODED_FORM, .short_name = "URL Encoded Form Data", .columns = media_type_suffix,
					       .values = urlencoded_form_field_values, .fields = &urlencoded_form_table};
PROTOCOL_ID(XML, "xml", "eXtensible Markup Language");
const struct protocol proto_xml = {PROTO_XML, .short_name = "XML", .columns = xml_columns};
PROTOCOL_ID(JSON, "json", "JavaScript Object Notation");
const struct protocol proto_json = {PROTO_JSON, .short_name = "JSON", .columns = json_columns};
PROTOCOL_ID(PNG, "png", "Portable Network Graphics");
const struct protocol proto_png = {PROTO_PNG, .short_name = "PNG", .columns = png_columns, .fields = &png_table};
PROTOCOL_ID(IMAGE_GIF, "image-gif", "GIF image");
const struct protocol proto_image_gif = {PROTO_IMAGE_GIF, .short_name = "GIF image", .columns = gif_columns, .fields = &image_gif_table};

static void image_jfif_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				    const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn,
				    void *data)
{
	if (d)
		jfif_values(d, n, f->abbrev, fn, data);
}

PROTOCOL_ID(IMAGE_JFIF, "image-jfif", "JPEG File Interchange Format");
const struct protocol proto_image_jfif = {PROTO_IMAGE_JFIF, .short_name = "JFIF (JPEG) image", .columns = jfif_columns,
					  .values = image_jfif_field_values, .fields = &image_jfif_table};
