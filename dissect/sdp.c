/* sdp.c — the Session Description Protocol (RFC 4566): the body SIP and
 * RTSP messages carry when their media type is application/sdp.
 *
 *   v=0                                         version
 *   o=alice 2890844526 2890844527 IN IP4 host   owner: user, session id, version, address
 *   s=Talk                                      session name
 *   c=IN IP4 10.0.0.4                           connection (the session's)
 *   t=0 0                                       time
 *   m=audio 4000 RTP/AVP 0 8                    media: type, port, transport, formats
 *   c=IN IP4 10.0.0.7/127                       connection (this media's own)
 *   a=rtpmap:0 PCMU/8000                        attribute
 *
 * One line is one type letter, "=" and its value; a line ends at LF or CR
 * LF.  A line without the "=" is invalid, a letter RFC 4566 does not name
 * unknown; both are shown as they are.  A media line whose media type is
 * empty stops the reading (Wireshark's exception: the message is
 * malformed).
 *
 * A media line carried by RTP ("RTP/..." transport) on a port other than
 * 0, at the connection address in force (the media's own c= line, else the
 * session's), makes that address and port RTP and the next port RTCP, from
 * the next frame on, in either direction.
 */
#include <arpa/inet.h>
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

static const struct field_def sdp_fields[] = {
	{"sdp.version", "Session Description Protocol Version (v)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.owner", "Owner/Creator, Session Id (o)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.owner.username", "Owner Username", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.owner.sessionid", "Session ID", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.owner.version", "Session Version", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.owner.network_type", "Owner Network Type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.owner.address_type", "Owner Address Type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.owner.address", "Owner Address", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.session_name", "Session Name (s)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.session_info", "Session Information (i)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.uri", "URI of Description (u)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.email", "E-mail Address (e)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.phone", "Phone Number (p)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.connection_info", "Connection Information (c)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.connection_info.network_type", "Connection Network Type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.connection_info.address_type", "Connection Address Type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.connection_info.address", "Connection Address", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.connection_info.ttl", "Connection TTL", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.connection_info.num_addr", "Connection Number of Addresses", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.bandwidth", "Bandwidth Information (b)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.bandwidth.modifier", "Bandwidth Modifier", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.bandwidth.value", "Bandwidth Value", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.time", "Time Description, active time (t)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.time.start", "Session Start Time", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.time.stop", "Session Stop Time", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.repeat_time", "Repeat Time (r)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.timezone", "Time Zone Adjustments (z)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.encryption_key", "Encryption Key (k)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.session_attr", "Session Attribute (a)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.session_attr.field", "Session Attribute Fieldname", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.session_attr.value", "Session Attribute Value", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.media", "Media Description, name and address (m)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.media.media", "Media Type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.media.port", "Media Port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"sdp.media.portcount", "Media Port Count", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.media.proto", "Media Protocol", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.media_title", "Media Title (i)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.media_attr", "Media Attribute (a)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.media_attribute.field", "Media Attribute Fieldname", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.media_attribute.value", "Media Attribute Value", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.unknown", "Unknown", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"sdp.invalid", "Invalid line", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(sdp);

/* One line of a description: its type letter (0: no "=" after a letter),
 * its whole text and its value after the "=". */
struct sdp_line {
	uint8_t type;
	struct span text, value;
};

/* The line of B (N bytes) starting at *AT into L, *AT moved past it; false
 * at the end.  Lines shorter than two bytes are skipped. */
static bool sdp_line_next(const uint8_t *b, uint32_t n, uint32_t *at, struct sdp_line *l)
{
	while (*at < n) {
		uint32_t from = *at, eol;
		*at = line_next(b, n, from, &eol);
		if (eol - from < 2)
			continue; /* empty, or a lone letter: nothing to show */
		l->text = (struct span){from, eol - from};
		bool typed = eol - from >= 2 && b[from + 1] == '=';
		l->type = typed ? b[from] : 0;
		l->value = typed ? (struct span){from + 2, eol - from - 2} : (struct span){eol, 0};
		return true;
	}
	return false;
}

/* Whether the media line value V has an empty media type: Wireshark's
 * reading stops there with an exception. */
static bool sdp_media_empty(const uint8_t *b, struct span v)
{
	return v.len == 0 || b[v.off] == ' ';
}

/* Token K (0 first) of V split at SEP, in *OUT; false when V has fewer. */
static bool sdp_token(const uint8_t *b, struct span v, uint8_t sep, unsigned k, struct span *out)
{
	uint32_t at = v.off, end = v.off + v.len;
	for (unsigned i = 0;; i++) {
		uint32_t e = find_byte(b, end, at, sep);
		if (e > end)
			e = end;
		if (i == k) {
			*out = (struct span){at, e - at};
			return true;
		}
		if (e >= end)
			return false;
		at = e + 1;
	}
}

/* A connection line's value "IN IP4 ADDR[/ttl]" (or IP6) into FAMILY and
 * ADDR; false when it is neither. */
static bool sdp_connection(const uint8_t *b, struct span v, uint8_t *family, uint8_t addr[16])
{
	uint32_t from = v.off, eol = v.off + v.len;
	if (eol - from < 8 || memcmp(b + from, "IN IP", 5) != 0 || (b[from + 5] != '4' && b[from + 5] != '6') ||
	    b[from + 6] != ' ')
		return false;
	uint32_t a = from + 7, e = a;
	while (e < eol && b[e] != '/' && b[e] != ' ')
		e++;
	char text[64];
	if (e - a == 0 || e - a >= sizeof text)
		return false;
	memcpy(text, b + a, e - a);
	text[e - a] = 0;
	*family = b[from + 5] == '4' ? 4 : 6;
	memset(addr, 0, 16);
	return inet_pton(*family == 4 ? AF_INET : AF_INET6, text, addr) == 1;
}

/* A media line's value "MEDIA PORT[/n] PROTO ..." into PORT; true when it
 * is carried by RTP on a port other than 0. */
static bool sdp_media_rtp(const uint8_t *b, struct span v, uint16_t *port)
{
	uint32_t eol = v.off + v.len, sp = find_byte(b, eol, v.off, ' ');
	if (sp >= eol)
		return false;
	uint32_t x = 0, i = sp + 1;
	for (; i < eol && g_ascii_isdigit(b[i]) && x <= 65535; i++)
		x = x * 10 + (uint32_t)(b[i] - '0');
	if (i == sp + 1 || x == 0 || x > 65535)
		return false;
	while (i < eol && b[i] != ' ')
		i++;
	*port = (uint16_t)x;
	return i + 5 <= eol && memcmp(b + i + 1, "RTP/", 4) == 0;
}

#define SDP_MEDIA_MAX 16 /* media lines of one body that are followed */

struct sdp_media_line {
	uint16_t port;
	bool own_addr; /* the media has its own connection line */
	uint8_t family, addr[16];
};

static void sdp_announce(struct dissect_session *s, const struct sdp_media_line *m, uint8_t family,
			 const uint8_t *addr)
{
	session_expect_media(s, family, addr, m->port, PROTO_RTP);
	if (m->port < 65535)
		session_expect_media(s, family, addr, (uint16_t)(m->port + 1), PROTO_RTCP);
}

/* Reads the description B (N bytes) and announces its RTP media to S. */
static void sdp_media_announce(struct dissect_session *s, const uint8_t *b, uint32_t n)
{
	struct sdp_media_line media[SDP_MEDIA_MAX];
	int nmedia = 0;
	bool in_media = false, rtp = false, have_session = false;
	uint8_t family = 0, addr[16];
	struct sdp_line l;
	for (uint32_t at = 0; sdp_line_next(b, n, &at, &l);) {
		if (l.type == 'm') {
			in_media = true;
			rtp = nmedia < SDP_MEDIA_MAX && sdp_media_rtp(b, l.value, &media[nmedia].port);
			if (rtp)
				media[nmedia++].own_addr = false;
		} else if (l.type == 'c' && !in_media) {
			have_session = sdp_connection(b, l.value, &family, addr);
		} else if (l.type == 'c' && rtp) {
			struct sdp_media_line *m = &media[nmedia - 1];
			m->own_addr = sdp_connection(b, l.value, &m->family, m->addr);
		}
	}
	for (int i = 0; i < nmedia; i++) {
		if (media[i].own_addr)
			sdp_announce(s, &media[i], media[i].family, media[i].addr);
		else if (have_session)
			sdp_announce(s, &media[i], family, addr);
	}
}

bool media_type_is_sdp(const uint8_t *b, uint32_t len)
{
	static const char sdp[] = "application/sdp";
	uint32_t n = sizeof sdp - 1;
	return len >= n && g_ascii_strncasecmp((const char *)b, sdp, n) == 0 &&
	       (len == n || b[n] == ';' || b[n] == ' ' || b[n] == '\t');
}

void dissect_sdp(struct packet *p, struct cursor *c)
{
	uint32_t n = cursor_left(c);
	const uint8_t *b = c->data + c->off;
	if (cursor_rleft(c) == 0)
		return;
	int idx = pkt_push_layer(p, PROTO_SDP, c->off);
	if (idx < 0)
		return;
	p->layers[idx].len = n;
	bool cut = n < cursor_rleft(c);
	if (cut) /* the capture cut it: Wireshark's reading runs out */
		pkt_mark(p, idx, PKT_TRUNCATED);
	struct sdp_line l;
	for (uint32_t at = 0; sdp_line_next(b, n, &at, &l);)
		if (l.type == 'm' && sdp_media_empty(b, l.value) && !(cut && at >= n)) {
			pkt_mark(p, idx, PKT_MALFORMED);
			break;
		}
	if (p->session && !(p->flags & PKT_IN_ERROR))
		sdp_media_announce(p->session, b, n);
}

void dissect_sdp_nested(struct packet *p, struct cursor *c)
{
	uint8_t before = p->nlayers;
	dissect_sdp(p, c);
	if (p->nlayers > before)
		p->layers[before].flags |= PKT_NESTED;
}

/* ---- field values ---------------------------------------------------------- */

/* The whole-line fields by type letter: at session level, in a media. */
static const struct {
	uint8_t type;
	const char *session, *media;
} sdp_line_fields[] = {
	{'v', "sdp.version", "sdp.version"},         {'o', "sdp.owner", "sdp.owner"},
	{'s', "sdp.session_name", "sdp.session_name"}, {'i', "sdp.session_info", "sdp.media_title"},
	{'u', "sdp.uri", "sdp.uri"},                 {'e', "sdp.email", "sdp.email"},
	{'p', "sdp.phone", "sdp.phone"},             {'c', "sdp.connection_info", "sdp.connection_info"},
	{'b', "sdp.bandwidth", "sdp.bandwidth"},     {'t', "sdp.time", "sdp.time"},
	{'r', "sdp.repeat_time", "sdp.repeat_time"}, {'z', "sdp.timezone", "sdp.timezone"},
	{'k', "sdp.encryption_key", "sdp.encryption_key"}, {'a', "sdp.session_attr", "sdp.media_attr"},
	{'m', "sdp.media", "sdp.media"},
};

/* The parts of a line's value: field name, the separator, which token. */
static const struct {
	uint8_t type;
	const char *abbrev;
	uint8_t sep;
	unsigned token;
} sdp_parts[] = {
	{'o', "sdp.owner.username", ' ', 0},     {'o', "sdp.owner.sessionid", ' ', 1},
	{'o', "sdp.owner.version", ' ', 2},      {'o', "sdp.owner.network_type", ' ', 3},
	{'o', "sdp.owner.address_type", ' ', 4}, {'o', "sdp.owner.address", ' ', 5},
	{'c', "sdp.connection_info.network_type", ' ', 0}, {'c', "sdp.connection_info.address_type", ' ', 1},
	{'b', "sdp.bandwidth.modifier", ':', 0}, {'b', "sdp.bandwidth.value", ':', 1},
	{'t', "sdp.time.start", ' ', 0},         {'t', "sdp.time.stop", ' ', 1},
	{'m', "sdp.media.media", ' ', 0},        {'m', "sdp.media.proto", ' ', 2},
};

/* A connection line's address and what follows it after slashes: the TTL
 * and the number of addresses of IPv4, the number of addresses of IPv6. */
static void sdp_connection_values(const uint8_t *b, struct span v, const char *a, fvalue_fn fn, void *data)
{
	struct span addr, type = {0, 0};
	if (!sdp_token(b, v, ' ', 2, &addr))
		return;
	sdp_token(b, v, ' ', 1, &type);
	bool ip6 = type.len == 3 && memcmp(b + type.off, "IP6", 3) == 0;
	struct span part;
	unsigned k = fv_same(a, "sdp.connection_info.address") ? 0
		     : fv_same(a, "sdp.connection_info.ttl")   ? (ip6 ? 99 : 1)
		     : fv_same(a, "sdp.connection_info.num_addr") ? (ip6 ? 1 : 2)
								 : 99;
	addr.len = v.off + v.len - addr.off;
	if (k != 99 && sdp_token(b, addr, '/', k, &part))
		fv_give_ptr(fn, data, FV_STRING, b + part.off, part.len);
}

/* A media line's port and its count: "PORT[/COUNT]" (a port past 65535 is
 * 65535, as Wireshark reads it). */
static void sdp_port_values(const uint8_t *b, struct span v, const char *a, fvalue_fn fn, void *data)
{
	struct span t, port, count;
	if (!sdp_token(b, v, ' ', 1, &t))
		return;
	bool has_count = sdp_token(b, t, '/', 1, &count);
	sdp_token(b, t, '/', 0, &port);
	if (fv_same(a, "sdp.media.portcount")) {
		if (has_count)
			fv_give_ptr(fn, data, FV_STRING, b + count.off, count.len);
		return;
	}
	uint32_t x = 0, i = 0;
	for (; i < port.len && g_ascii_isdigit(b[port.off + i]); i++)
		x = x > 65535 ? x : x * 10 + (uint32_t)(b[port.off + i] - '0');
	if (i > 0)
		fv_give_uint(fn, data, x > 65535 ? 65535 : x);
}

/* An attribute "FIELD[:VALUE]". */
static void sdp_attr_values(const uint8_t *b, struct span v, bool value, fvalue_fn fn, void *data)
{
	uint32_t colon = find_byte(b, v.off + v.len, v.off, ':');
	if (!value)
		fv_give_ptr(fn, data, FV_STRING, b + v.off, (colon < v.off + v.len ? colon : v.off + v.len) - v.off);
	else if (colon < v.off + v.len)
		fv_give_ptr(fn, data, FV_STRING, b + colon + 1, v.off + v.len - colon - 1);
}

static void sdp_line_values(const uint8_t *b, const struct sdp_line *l, bool in_media, const char *a, fvalue_fn fn,
			    void *data)
{
	for (size_t i = 0; i < G_N_ELEMENTS(sdp_line_fields); i++)
		if (sdp_line_fields[i].type == l->type && fv_same(a, in_media ? sdp_line_fields[i].media
									  : sdp_line_fields[i].session)) {
			fv_give_ptr(fn, data, FV_STRING, b + l->value.off, l->value.len);
			return;
		}
	struct span t;
	for (size_t i = 0; i < G_N_ELEMENTS(sdp_parts); i++)
		if (sdp_parts[i].type == l->type && fv_same(a, sdp_parts[i].abbrev)) {
			if (sdp_token(b, l->value, sdp_parts[i].sep, sdp_parts[i].token, &t))
				fv_give_ptr(fn, data, FV_STRING, b + t.off, t.len);
			return;
		}
	if (l->type == 'c' && g_str_has_prefix(a, "sdp.connection_info."))
		sdp_connection_values(b, l->value, a, fn, data);
	else if (l->type == 'm' && (fv_same(a, "sdp.media.port") || fv_same(a, "sdp.media.portcount")))
		sdp_port_values(b, l->value, a, fn, data);
	else if (l->type == 'a' && fv_same(a, in_media ? "sdp.media_attribute.field" : "sdp.session_attr.field"))
		sdp_attr_values(b, l->value, false, fn, data);
	else if (l->type == 'a' && fv_same(a, in_media ? "sdp.media_attribute.value" : "sdp.session_attr.value"))
		sdp_attr_values(b, l->value, true, fn, data);
}

static void sdp_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
		       uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	bool in_media = false;
	struct sdp_line line;
	for (uint32_t at = 0; sdp_line_next(d, n, &at, &line);) {
		if (line.type == 0) {
			if (fv_same(f->abbrev, "sdp.invalid"))
				fv_give_ptr(fn, data, FV_STRING, d + line.text.off, line.text.len);
			continue;
		}
		bool stop = line.type == 'm' && sdp_media_empty(d, line.value);
		in_media |= line.type == 'm';
		if (!strchr("vosiuepcbtrzkam", line.type)) {
			if (fv_same(f->abbrev, "sdp.unknown"))
				fv_give_ptr(fn, data, FV_STRING, d + line.text.off, line.text.len);
			continue;
		}
		if (stop) { /* the line, then Wireshark stops */
			if (fv_same(f->abbrev, "sdp.media"))
				fv_give_ptr(fn, data, FV_STRING, d + line.value.off, line.value.len);
			return;
		}
		sdp_line_values(d, &line, in_media, f->abbrev, fn, data);
	}
}

/* Wireshark's items: a line without its "=", a media port past 65535. */
static void sdp_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	struct sdp_line l;
	struct span port;
	for (uint32_t at = 0; b && sdp_line_next(b, n, &at, &l);) {
		if (l.type == 0) {
			expert_add(e, EXPERT_NOTE, EXPERT_MALFORMED, "SDP", "Invalid SDP line (no '=' delimiter)");
		} else if (l.type == 'm') {
			if (sdp_media_empty(b, l.value))
				return;
			uint32_t x = 0, i = 0;
			if (sdp_token(b, l.value, ' ', 1, &port))
				for (; i < port.len && g_ascii_isdigit(b[port.off + i]) && x <= 65535; i++)
					x = x * 10 + (uint32_t)(b[port.off + i] - '0');
			if (x > 65535)
				expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "SDP", "Invalid media port");
		}
	}
}

/* A description names itself after its carrier in the Protocol column
 * ("SIP/SDP", "RTSP/SDP"); Info is its carrier's. */
static void sdp_columns(struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
	char name[COL_PROTO_MAX];
	g_snprintf(name, sizeof name, "%s/SDP", c->proto);
	col_proto(c, name);
}

void col_sdp_after(struct columns *c, const struct packet *p, int idx)
{
	if (idx + 1 < p->nlayers && p->layers[idx + 1].proto == PROTO_SDP)
		sdp_columns(c, p, idx + 1);
}

PROTOCOL_ID(SDP, "sdp", "Session Description Protocol");
const struct protocol proto_sdp = {PROTO_SDP, .short_name = "SDP", .fields = &sdp_table, .columns = sdp_columns,
				   .expert = sdp_expert, .values = sdp_values};
