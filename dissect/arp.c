/* arp.c — Address Resolution Protocol (RFC 826).
 *
 *   0       2       4    5    6       8
 *   +-------+-------+----+----+-------+------------------------------------+
 *   | htype | ptype |hlen|plen|opcode | sender hw, sender proto,           |
 *   |       |       |    |    |       | target hw, target proto addresses  |
 *   +-------+-------+----+----+-------+------------------------------------+
 */
#include "dissect/dissect.h"
#include "dissect/field.h"

static const struct value_string opcode_vals[] = {
	{1, "request"}, {2, "reply"}, {3, "reverse request"}, {4, "reverse reply"}, {0, NULL},
};

static const struct field_def arp_fields[] = {
	{"arp.hw.type", "Hardware type", FT_UINT16, BASE_DEC, 0, 2, 0, NULL},
	{"arp.proto.type", "Protocol type", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"arp.hw.size", "Hardware size", FT_UINT8, BASE_DEC, 4, 1, 0, NULL},
	{"arp.proto.size", "Protocol size", FT_UINT8, BASE_DEC, 5, 1, 0, NULL},
	{"arp.opcode", "Opcode", FT_UINT16, BASE_DEC, 6, 2, 0, opcode_vals},
	{"arp.src.hw_mac", "Sender MAC address", FT_ETHER, BASE_NONE, 8, 6, 0, NULL},
	{"arp.src.proto_ipv4", "Sender IP address", FT_IPV4, BASE_NONE, 14, 4, 0, NULL},
	{"arp.dst.hw_mac", "Target MAC address", FT_ETHER, BASE_NONE, 18, 6, 0, NULL},
	{"arp.dst.proto_ipv4", "Target IP address", FT_IPV4, BASE_NONE, 24, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(arp);

void dissect_arp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_ARP, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 4);
	uint8_t hlen = cursor_u8(c), plen = cursor_u8(c);
	cursor_skip(c, 2);
	cursor_skip(c, 2u * hlen + 2u * plen);
	pkt_note_cursor(p, idx, c);
}
