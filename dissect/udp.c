/* udp.c — User Datagram Protocol (RFC 768).
 *
 *   0               2               4               6               8
 *   +---------------+---------------+---------------+---------------+
 *   |  Source Port  |   Dest Port   |    Length     |   Checksum    |
 *   +---------------+---------------+---------------+---------------+
 *
 * The length covers header and payload; bytes after it are not ours.  A
 * length of zero (jumbograms, RFC 2675) means "the rest of the datagram".
 */
#include "dissect/dissect.h"
#include "dissect/field.h"

static const struct field_def udp_fields[] = {
	{"udp.srcport", "Source Port", FT_UINT16, BASE_DEC, 0, 2, 0, NULL},
	{"udp.dstport", "Destination Port", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"udp.port", "Source or Destination Port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"udp.length", "Length", FT_UINT16, BASE_DEC, 4, 2, 0, NULL},
	{"udp.checksum", "Checksum", FT_UINT16, BASE_HEX, 6, 2, 0, NULL},
	{"udp.stream", "Stream index", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(udp);

void dissect_udp(struct packet *p, struct cursor *c)
{
	if (transport_absent(p, c))
		return;
	int idx = pkt_push_layer(p, PROTO_UDP, c->off);
	if (idx < 0)
		return;
	uint32_t start = c->off;
	uint16_t sport = cursor_be16(c), dport = cursor_be16(c);
	uint16_t len = cursor_be16(c);
	cursor_skip(c, 2);
	if (cursor_ok(c) && len != 0 && len < 8)
		c->err = CUR_MALFORMED;
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (len != 0) {
		c->off = start;
		if (len <= cursor_rleft(c))
			cursor_limit(c, len);
		else if (p->flags & (PKT_IN_ERROR | PKT_FRAGMENT))
			c->rend = start + len; /* a quote or a first fragment holds only the start */
		else
			pkt_mark(p, idx, PKT_MALFORMED);
		c->off = start + 8;
	}
	if (!(p->flags & PKT_IN_ERROR)) {
		p->l4_layer = (int8_t)idx;
		p->sport = sport;
		p->dport = dport;
	}
	if (cursor_rleft(c) > 0)
		dispatch_ports(&udp_port_table, &udp_heur_list, sport, dport, p, c);
}
