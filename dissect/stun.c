/* stun.c — STUN (RFC 8489; TURN's messages, RFC 8656, are STUN too) on UDP
 * port 3478 and, when its magic cookie is there, on any UDP port; the
 * STUN of RFC 3489, which has no cookie ("classic" STUN), on port 3478.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |0 0|     message type          |     length (of the attributes)|
 *  |               magic cookie 0x2112A442                         |
 *  |               transaction id (96 bits; 128 in RFC 3489,       |
 *  |               where it takes the cookie's place too)          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  then attributes: type(2) length(2) value, padded to 4 bytes
 *
 * The datagram must be exactly the header and its attributes (whose length
 * Microsoft's TURN does not keep to whole words).  A DATA
 * attribute (0x0013, what a TURN relay forwards) is shown as data, inside
 * the message's tree.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum { STUN_HEADER = 20, STUN_COOKIE = 0x2112A442u, ATTR_DATA = 0x0013 };

static const struct value_string stun_class_vals[] = {
	{0, "Request"}, {1, "Indication"}, {2, "Success Response"}, {3, "Error Response"}, {0, NULL},
};

static const struct field_def stun_fields[] = {
	{"stun.type", "Message Type", FT_UINT16, BASE_HEX, 0, 2, 0, NULL},
	{"stun.type.class", "Message Class", FT_UINT16, BASE_HEX, 0, 2, 0x0110, stun_class_vals},
	{"stun.type.method", "Message Method", FT_UINT16, BASE_HEX, 0, 2, 0x3eef, NULL},
	{"stun.length", "Message Length", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"stun.cookie", "Message Cookie", FT_BYTES, BASE_NONE, 4, 4, 0, NULL},
	{"stun.id", "Message Transaction ID", FT_BYTES, BASE_NONE, 8, 12, 0, NULL},
};
FIELD_TABLE_DEFINE(stun);

static const struct field_def classicstun_fields[] = {
	{"classicstun.type", "Message Type", FT_UINT16, BASE_HEX, 0, 2, 0, NULL},
	{"classicstun.length", "Message Length", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"classicstun.id", "Message Transaction ID", FT_BYTES, BASE_NONE, 4, 16, 0, NULL},
};
FIELD_TABLE_DEFINE(classicstun);

/* Whether the datagram at C is a STUN message: the first two bits clear,
 * and the length the header gives is what follows it (a whole number of
 * 4-byte words, when STRICT: away from STUN's port). */
static bool stun_shape(const struct cursor *c, bool strict)
{
	int b0 = cursor_peek(c, 0), l0 = cursor_peek(c, 2), l1 = cursor_peek(c, 3);
	if (l1 < 0 || (b0 & 0xc0) != 0 || cursor_rleft(c) < STUN_HEADER)
		return false;
	uint32_t len = (uint32_t)l0 << 8 | (uint32_t)l1;
	return (!strict || (len & 3) == 0) && len + STUN_HEADER == cursor_rleft(c);
}

static bool has_cookie(const struct cursor *c)
{
	uint32_t v = 0;
	for (uint32_t i = 4; i < 8; i++) {
		int b = cursor_peek(c, i);
		if (b < 0)
			return false;
		v = v << 8 | (uint32_t)b;
	}
	return v == STUN_COOKIE;
}

/* The message at C as PROTO: its header, then its attributes, a DATA
 * attribute's value as data. */
static void stun_message(struct packet *p, struct cursor *c, enum proto_id proto)
{
	int idx = pkt_push_layer(p, proto, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, STUN_HEADER);
	while (cursor_ok(c) && cursor_rleft(c) >= 4) {
		uint16_t type = cursor_be16(c), len = cursor_be16(c);
		if (cursor_ok(c) && len > cursor_rleft(c)) {
			c->err = CUR_MALFORMED;
			break;
		}
		if (type == ATTR_DATA && len > 0 && cursor_ok(c)) {
			/* inside the attribute's tree: a protocol of the frame,
			 * no hierarchy node */
			struct cursor v = cursor_sub(c, len);
			dissect_data_nested(p, &v);
		} else {
			app_skip(c, len);
		}
		uint32_t pad = (4u - (len & 3u)) & 3u; /* the last one's may be left out */
		app_skip(c, pad < cursor_rleft(c) ? pad : cursor_rleft(c));
	}
	app_note(p, idx, c);
}

/* TURN's ChannelData at C: channel(2, its first two bits not both clear)
 * length(2), the data relayed (the datagram may pad it to 4 bytes); shown
 * as STUN, the data as data. */
static bool channel_data(struct packet *p, struct cursor *c)
{
	int b0 = cursor_peek(c, 0), l0 = cursor_peek(c, 2), l1 = cursor_peek(c, 3);
	if (l1 < 0 || (b0 & 0xc0) == 0 || (b0 == 0xff && cursor_peek(c, 1) == 0xff))
		return false;
	uint32_t len = (uint32_t)l0 << 8 | (uint32_t)l1, all = cursor_rleft(c);
	if (len + 4 != all && ((len + 4 + 3) & ~3u) != all)
		return false;
	int idx = pkt_push_layer(p, PROTO_STUN, c->off);
	if (idx < 0)
		return true;
	cursor_skip(c, 4);
	struct cursor d = cursor_sub(c, len);
	if (len > 0)
		dissect_data(p, &d);
	return true;
}

void dissect_stun(struct packet *p, struct cursor *c)
{
	if (stun_shape(c, false))
		stun_message(p, c, has_cookie(c) ? PROTO_STUN : PROTO_CLASSICSTUN);
	else
		channel_data(p, c);
}

/* Found by its cookie away from STUN's port: the pair of ports is STUN's
 * from then on, for the ChannelData relayed on it too. */
void dissect_stun_heur(struct packet *p, struct cursor *c)
{
	if (!stun_shape(c, true) || !has_cookie(c))
		return;
	if (p->session && !(p->flags & PKT_IN_ERROR))
		session_expect_pair(p->session, p, PROTO_STUN);
	stun_message(p, c, PROTO_STUN);
}

void dissect_stun_conn(struct packet *p, struct cursor *c)
{
	if (stun_shape(c, false) && has_cookie(c))
		stun_message(p, c, PROTO_STUN);
	else
		channel_data(p, c);
}

/* TURN's ChannelData (a first byte of 0x40 or more) is STUN with a
 * channel and a length only. */
static bool stun_absent(const struct packet *p, const struct layer *l, const struct field_def *f)
{
	uint32_t cap;
	const uint8_t *b = fv_layer_base(p, l, &cap);
	return l->off < cap && (b[l->off] & 0xc0) && strcmp(f->abbrev, "stun.length") != 0;
}

/* ---- the packet list ------------------------------------------------------ */

static const struct value_string stun_methods[] = {
	{0x001, "Binding"}, {0x002, "SharedSecret"}, {0x003, "Allocate"}, {0x004, "Refresh"}, {0x006, "Send"},
	{0x007, "Data"}, {0x008, "CreatePermission"}, {0x009, "ChannelBind"}, {0x00a, "Connect"},
	{0x00b, "ConnectionBind"}, {0x00c, "ConnectionAttempt"}, {0x080, "GOOG-PING"}, {0, NULL},
};

static const struct value_string stun_errors[] = {
	{300, "Try Alternate"}, {400, "Bad Request"}, {401, "Unauthenticated"}, {403, "Forbidden"},
	{405, "Mobility Forbidden"}, {420, "Unknown Attribute"}, {437, "Allocation Mismatch"}, {438, "Stale Nonce"},
	{440, "Address Family not Supported"}, {441, "Wrong Credentials"}, {442, "Unsupported Transport Protocol"},
	{443, "Peer Address Family Mismatch"}, {446, "Connection Already Exists"},
	{447, "Connection Timeout or Failure"}, {486, "Allocation Quota Reached"}, {487, "Role Conflict"},
	{500, "Server Error"}, {508, "Insufficient Capacity"}, {0, NULL},
};

/* The address attributes Info names, plainly or XOR'd with the cookie. */
static const struct value_string stun_addr_attrs[] = {
	{0x0001, "MAPPED-ADDRESS"}, {0x8023, "ALTERNATE-SERVER"}, {0x802b, "RESPONSE-ORIGIN"},
	{0x802c, "OTHER-ADDRESS"}, {0, NULL},
};
static const struct value_string stun_xor_attrs[] = {
	{0x0020, "XOR-MAPPED-ADDRESS"}, {0x0012, "XOR-PEER-ADDRESS"}, {0x0016, "XOR-RELAYED-ADDRESS"},
	{0x0027, "XOR-RESPONSE-TARGET"}, {0x0028, "XOR-REFLECTED-FROM"}, {0x8020, "XOR-MAPPED-ADDRESS"}, {0, NULL},
};

static const struct value_string classicstun_types[] = {
	{0x0001, "Binding Request"}, {0x0101, "Binding Response"}, {0x0111, "Binding Error Response"},
	{0x0002, "Shared Secret Request"}, {0x0102, "Shared Secret Response"},
	{0x1112, "Shared Secret Error Response"}, {0x0003, "Allocate Request"}, {0x0103, "Allocate Response"},
	{0x0113, "Allocate Error Response"}, {0x0004, "Send Request"}, {0x0104, "Send Response"},
	{0x0114, "Send Error Response"}, {0x0115, "Data Indication"}, {0x0006, "Set Active Destination Request"},
	{0x0106, "Set Active Destination Response"}, {0x0116, "Set Active Destination Error Response"}, {0, NULL},
};

/* A string attribute's value as Wireshark writes it into Info: up to its
 * first NUL, UTF-8 kept, a byte that starts no UTF-8 character as U+FFFD,
 * \a to \r escaped, other control characters as they are. */
static void stun_text(struct columns *c, const uint8_t *v, uint16_t len)
{
	for (uint32_t i = 0; i < len && v[i]; i++) {
		if (v[i] >= 7 && v[i] <= 13) {
			g_string_append_c(c->info, '\\');
			g_string_append_c(c->info, "abtnvfr"[v[i] - 7]);
			continue;
		}
		if (v[i] < 0x80) {
			g_string_append_c(c->info, (char)v[i]);
			continue;
		}
		gunichar u = g_utf8_get_char_validated((const char *)v + i, (gssize)(len - i));
		if (u < 0x80 || u >= 0x110000) {
			g_string_append(c->info, "\xef\xbf\xbd");
			continue;
		}
		const char *next = g_utf8_next_char((const char *)v + i);
		g_string_append_len(c->info, (const char *)v + i, next - (const char *)v - i);
		i = (uint32_t)(next - (const char *)v) - 1;
	}
}

/* An IPv4 address attribute's "ip:port" (XOR'd with the cookie when XOR). */
static void stun_addr_info(struct columns *c, const char *name, const uint8_t *v, uint16_t len, bool xor)
{
	if (len < 8 || v[1] != 1)
		return;
	uint16_t port = (uint16_t)(v[2] << 8 | v[3]) ^ (xor ? STUN_COOKIE >> 16 : 0);
	uint32_t ip = ((uint32_t)v[4] << 24 | (uint32_t)v[5] << 16 | (uint32_t)v[6] << 8 | v[7]) ^ (xor ? STUN_COOKIE : 0);
	col_append(c, " %s: %u.%u.%u.%u:%u", name, ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff, port);
}

/* What one attribute adds to Info (TYPE, its LEN bytes at V). */
static void stun_attr_info(struct columns *c, uint16_t type, const uint8_t *v, uint16_t len)
{
	const char *name;
	uint32_t num = len >= 4 ? (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3] : 0;
	if ((name = value_name(stun_addr_attrs, type)) != NULL) {
		stun_addr_info(c, name, v, len, false);
	} else if ((name = value_name(stun_xor_attrs, type)) != NULL) {
		stun_addr_info(c, name, v, len, true);
	} else if (type == 0x0006 || type == 0x0014) { /* USERNAME, REALM */
		col_append(c, type == 0x0006 ? " user: " : " realm: ");
		stun_text(c, v, len);
	} else if (type == 0x0015) { /* NONCE */
		col_append(c, " with nonce");
	} else if (type == 0x0009 && len >= 4) { /* ERROR-CODE */
		uint32_t code = (uint32_t)v[2] * 100 + v[3];
		const char *e = value_name(stun_errors, code);
		col_append(c, " error-code: %u (%s)", code, e ? e : "*Unknown error code*");
		if (len > 4) {
			col_append(c, " ");
			stun_text(c, v + 4, (uint16_t)(len - 4));
		}
	} else if (type == 0x0019 && len >= 4) { /* REQUESTED-TRANSPORT */
		col_append(c, " %s", v[0] == 17 ? "UDP" : v[0] == 6 ? "TCP" : "Unknown");
	} else if (type == 0x000c && len >= 4) { /* CHANNEL-NUMBER */
		col_append(c, " ChannelNumber=0x%x", num >> 16);
	} else if ((type == 0x0010 || type == 0x000d) && len >= 4) { /* BANDWIDTH, LIFETIME */
		col_append(c, " %s: %d", type == 0x0010 ? "bandwidth" : "lifetime", (int32_t)num);
	}
}

/* STUN: "<method> <class>", then what its attributes say (an address,
 * the user, the error); TURN's ChannelData: "ChannelData TURN Message". */
static void stun_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_short_name(c, p, idx);
	col_clear(c);
	if (n < 4)
		return;
	if (d[0] & 0xc0) {
		col_append(c, "ChannelData TURN Message");
		return;
	}
	uint16_t type = (uint16_t)(d[0] << 8 | d[1]), len = (uint16_t)(d[2] << 8 | d[3]);
	uint16_t method = (type & 0x000f) | (type & 0x00e0) >> 1 | (type & 0x3e00) >> 2;
	unsigned cls = (type >> 4 & 1) | (type >> 7 & 2);
	const char *m = value_name(stun_methods, method);
	col_append(c, "%s %s", m ? m : "Unknown", value_name(stun_class_vals, cls));
	uint32_t end = STUN_HEADER + (uint32_t)len < n ? STUN_HEADER + (uint32_t)len : n;
	for (uint32_t at = STUN_HEADER; at + 4 <= end;) {
		uint16_t t = (uint16_t)(d[at] << 8 | d[at + 1]), l = (uint16_t)(d[at + 2] << 8 | d[at + 3]);
		if (at + 4 + l > end)
			break; /* goes past the message's end */
		stun_attr_info(c, t, d + at + 4, l);
		at += 4 + ((l + 3u) & ~3u);
	}
}

/* The attribute types Wireshark names (RFC 8489, TURN, ICE, RFC 5780,
 * Microsoft's TURN and ICE extensions, Cisco's and Google's): any other is
 * an unknown attribute. */
static bool stun_attr_known(uint16_t t)
{
	static const uint16_t more[] = {
		0x8000, 0x8001, 0x8002, 0x8003, 0x8004, 0x8006, 0x8008, 0x8020, 0x8022, 0x8023, 0x8025,
		0x8027, 0x8028, 0x8029, 0x802a, 0x802b, 0x802c, 0x802d, 0x802e, 0x8030, 0x8032, 0x8037,
		0x8039, 0x8050, 0x8054, 0x8055, 0x8056, 0x8057, 0x8058, 0x8059, 0x805a, 0x805b, 0x805c,
		0x805d, 0x805e, 0x805f, 0x8060, 0x8061, 0x8062, 0x8068, 0x8070, 0x8090, 0x8095, 0xc000,
		0xc001, 0xc002, 0xc057, 0xc058, 0xc059, 0xc05a, 0xc05b, 0xc05c, 0xc05d, 0xc060, 0xff04, 0xff05,
	};
	if ((t >= 0x0001 && t <= 0x001e) || t == 0x0020 || t == 0x0022 || (t >= 0x0024 && t <= 0x0028) ||
	    t == 0x002a || t == 0x0030)
		return true;
	for (size_t i = 0; i < G_N_ELEMENTS(more); i++)
		if (t == more[i])
			return true;
	return false;
}

/* Wireshark's items of a STUN message read as RFC 5389 and later: a
 * message length that is no whole number of words, and each attribute of
 * a type it does not know.  Attributes are padded to words; reading stops
 * at a known attribute that goes past the message's end, or at one whose
 * bytes run past the datagram. */
static void stun_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (!d || n < STUN_HEADER || (d[0] & 0xc0))
		return;
	uint32_t len = (uint32_t)d[2] << 8 | d[3], end = STUN_HEADER + len;
	if (len == 0)
		return;
	if (len & 3)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "STUN", "Packet length is not multiple of 4 bytes");
	for (uint32_t at = STUN_HEADER; at < end && at + 4 <= n;) {
		uint16_t t = (uint16_t)(d[at] << 8 | d[at + 1]), l = (uint16_t)(d[at + 2] << 8 | d[at + 3]);
		uint32_t pad = (l + 3u) & ~3u;
		if (stun_attr_known(t) && at + 4 + pad > end)
			break;
		if (!stun_attr_known(t)) {
			expert_add(e, EXPERT_WARN, EXPERT_UNDECODED, "STUN", "Unknown attribute 0x%04x", t);
			if (at + 4 + l > n)
				break;
		}
		at += 4 + pad;
	}
}

/* Classic STUN (RFC 3489): "Message: <type>". */
static void classicstun_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "CLASSIC-STUN");
	col_clear(c);
	if (n < 2)
		return;
	const char *t = value_name(classicstun_types, (uint32_t)(d[0] << 8 | d[1]));
	col_append(c, "Message: %s", t ? t : "Unknown");
}

static const struct handoff stun_handoff[] = {
	UDP_PORT(3478, dissect_stun),
	UDP_HEUR(50, dissect_stun_heur),
	UDP_CONV(PROTO_STUN, dissect_stun_conn),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(STUN, "stun", "Session Traversal Utilities for NAT");
const struct protocol proto_stun = {PROTO_STUN, .short_name = "STUN", .columns = stun_columns, .expert = stun_expert, .absent = stun_absent, .fields = &stun_table, .handoff = stun_handoff};

PROTOCOL_ID(CLASSICSTUN, "classicstun", "Simple Traversal of UDP Through NAT");
const struct protocol proto_classicstun = {PROTO_CLASSICSTUN, .short_name = "CLASSICSTUN", .columns = classicstun_columns,
					  .fields = &classicstun_table};
