/* gre.c — Generic Routing Encapsulation (RFC 2784, RFC 2890) and the
 * enhanced GRE of PPTP (RFC 2637, version 1).
 *
 *   0                   1                   2                   3
 *   +-+-+-+-+-+-------+-----+-------+-------------------------------+
 *   |C|R|K|S|s|Recur  |A|Flg| Ver   |        Protocol Type          |
 *   +-+-+-+-+-+-------+-----+-------+-------------------------------+
 *   |  Checksum + Reserved (C or R)  | Key (K) | Seq (S) | Ack (A, v1) |
 *
 * The protocol type is an ethertype; 0x6558 carries a whole Ethernet frame
 * and 0x880b carries PPP.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"

static const struct field_def gre_fields[] = {
	{"gre.flags_and_version", "Flags and Version", FT_UINT16, BASE_HEX, 0, 2, 0, NULL},
	{"gre.proto", "Protocol Type", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"gre.key", "Key", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"gre.sequence_number", "Sequence Number", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(gre);

void dissect_gre(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_GRE, c->off);
	if (idx < 0)
		return;
	uint16_t fv = cursor_be16(c);
	uint16_t proto = cursor_be16(c);
	if (fv & 0xc000)
		cursor_skip(c, 4); /* checksum + reserved */
	if (fv & 0x2000)
		cursor_skip(c, 4); /* key (v1: payload length + call id) */
	if (fv & 0x1000)
		cursor_skip(c, 4); /* sequence number */
	if ((fv & 0x0007) == 1 && (fv & 0x0080))
		cursor_skip(c, 4); /* v1 acknowledgment number */
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (cursor_rleft(c) == 0)
		return; /* nothing carried: a PPTP acknowledgment, a keepalive */
	if (proto == 0x6558)
		dissect_eth(p, c);
	else if (proto == 0x880b)
		dissect_ppp(p, c);
	else
		dispatch(&ethertype_table, proto, p, c);
}
