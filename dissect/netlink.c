/* netlink.c — Linux netlink (LINKTYPE_NETLINK): a 16-byte cooked header like
 * SLL's (hatype at 2, netlink family at 14, big-endian), then netlink
 * messages in the capturing host's byte order: length(4) type(2) flags(2)
 * seq(4) port id(4), payload.  The byte order is the one in which the
 * first length is nearer the bytes left.  Messages of the route family (0)
 * whose type is not a control type (16 and up) are netlink-route
 * (netlink_route.c); other messages' payload is data.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/netlink.h"
#include "dissect/protocol.h"

static const struct field_def netlink_fields[] = {
	{"netlink.hatype", "Link-layer address type", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"netlink.family", "Family", FT_UINT16, BASE_HEX, 14, 2, 0, NULL},
	{"netlink.hdr_len", "Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"netlink.hdr_type", "Message type", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"netlink.hdr_flags", "Flags", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"netlink.hdr_seq", "Sequence", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"netlink.hdr_pid", "Port ID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(netlink);

bool netlink_big_endian(const uint8_t *b, uint32_t n)
{
	if (n < 4)
		return false;
	uint32_t be = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	uint32_t le = (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
	uint32_t dbe = be > n ? be - n : n - be, dle = le > n ? le - n : n - le;
	return dbe < dle;
}

void dissect_netlink(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_NETLINK, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 14);
	uint16_t family = cursor_be16(c);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	bool be = netlink_big_endian(c->data + c->off, cursor_left(c) < cursor_rleft(c) ? cursor_left(c) : cursor_rleft(c));
	while (cursor_rleft(c) >= 16) {
		uint32_t start = c->off;
		uint32_t len = be ? cursor_be32(c) : cursor_le32(c);
		uint16_t type = be ? cursor_be16(c) : cursor_le16(c);
		if (!cursor_ok(c)) {
			pkt_note_cursor(p, idx, c);
			return;
		}
		if (len < 16) {
			pkt_mark(p, idx, PKT_MALFORMED);
			return;
		}
		c->off = start;
		struct cursor msg = cursor_sub(c, len);
		if (type >= 16 && len > 16 && family == 0) {
			int r = pkt_push_layer(p, PROTO_NETLINK_ROUTE, msg.off);
			if (r >= 0 && !cursor_skip(&msg, 16))
				pkt_note_cursor(p, r, &msg);
		} else {
			cursor_skip(&msg, 16);
			if (type != 2)
				dissect_data(p, &msg);
		}
		if (!cursor_ok(c)) {
			pkt_note_cursor(p, idx, c);
			return;
		}
	}
}

/* The byte order of the netlink messages that follow netlink layer L. */
bool netlink_order(const struct packet *p, const struct layer *l)
{
	for (const struct layer *k = l; k >= p->layers; k--)
		if (k->proto == PROTO_NETLINK) {
			uint32_t n = k->len > 16 ? k->len - 16 : 0;
			return k->off + 16 <= p->frame->caplen && netlink_big_endian(p->frame->data + k->off + 16, n);
		}
	return false;
}

void netlink_header_values(bool be, const uint8_t *d, uint32_t n, bool route, const char *a, fvalue_fn fn,
			   void *data)
{
	if (n < 16)
		return;
	if (fv_same(a, "netlink.hdr_len"))
		fv_give_uint(fn, data, fv_get32(d, be));
	else if (fv_same(a, route ? "netlink-route.nltype" : "netlink.hdr_type"))
		fv_give_uint(fn, data, fv_get16(d + 4, be));
	else if (fv_same(a, "netlink.hdr_flags"))
		fv_give_uint(fn, data, fv_get16(d + 6, be));
	else if (fv_same(a, "netlink.hdr_seq"))
		fv_give_uint(fn, data, fv_get32(d + 8, be));
	else if (fv_same(a, "netlink.hdr_pid"))
		fv_give_uint(fn, data, fv_get32(d + 12, be));
}

static void netlink_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
				 const struct field_def *f, fvalue_fn fn, void *data)
{
	/* every message's header; the type of a route message is
	 * netlink-route's field */
	if (!d)
		return;
	bool be = netlink_order(p, l);
	uint32_t family = n >= 16 ? fv_get16(d + 14, true) : 1;
	for (uint32_t at = 16; at + 16 <= n;) {
		uint32_t len = fv_get32(d + at, be);
		bool route = family == 0 && fv_get16(d + at + 4, be) >= 16 && len > 16;
		netlink_header_values(be, d + at, n - at, route, f->abbrev, fn, data);
		if (len < 16 || len > n - at)
			break;
		at += len;
	}
}

/* Netlink shows no summary. */
static void netlink_columns(struct columns *c, const struct packet *p, int idx)
{
	col_short_name(c, p, idx);
	col_clear(c);
}

static const struct handoff netlink_handoff[] = {
	LINKTYPE(LINKTYPE_NETLINK, dissect_netlink),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(NETLINK, "netlink", "Linux netlink protocol");
const struct protocol proto_netlink = {PROTO_NETLINK, .short_name = "NETLINK", .columns = netlink_columns, .values = netlink_field_values,
				       .fields = &netlink_table, .handoff = netlink_handoff};
