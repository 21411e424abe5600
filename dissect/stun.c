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
#include "dissect/expect.h"
#include "dissect/dissect.h"
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

static const struct handoff stun_handoff[] = {
	UDP_PORT(3478, dissect_stun),
	UDP_HEUR(50, dissect_stun_heur),
	UDP_CONV(PROTO_STUN, dissect_stun_conn),
	HANDOFF_LIST_END,
};
const struct protocol proto_stun = {PROTO_STUN, .absent = stun_absent, .fields = &stun_table, .handoff = stun_handoff};

const struct protocol proto_classicstun = {PROTO_CLASSICSTUN, .fields = &classicstun_table};
