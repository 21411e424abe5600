/* arp.c — Address Resolution Protocol (RFC 826).
 *
 *   0       2       4    5    6       8
 *   +-------+-------+----+----+-------+------------------------------------+
 *   | htype | ptype |hlen|plen|opcode | sender hw, sender proto,           |
 *   |       |       |    |    |       | target hw, target proto addresses  |
 *   +-------+-------+----+----+-------+------------------------------------+
 */
#include <arpa/inet.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

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

/* "Who has 10.0.0.1? Tell 10.0.0.2", "10.0.0.1 is at 52:54:00:..". */
static void arp_columns(struct columns *c, const struct packet *p, int idx)
{
	col_default(c, p, idx);
	struct fvalue spa, tpa, sha;
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	if (!pkt_field_first(p, "arp.src.proto_ipv4", &spa) || !pkt_field_first(p, "arp.dst.proto_ipv4", &tpa) ||
	    !inet_ntop(AF_INET, spa.ptr, a, sizeof a) || !inet_ntop(AF_INET, tpa.ptr, b, sizeof b)) {
		col_clear(c);
		return;
	}
	uint64_t op = pkt_field_uint(p, "arp.opcode", 0);
	if (op == 1) {
		col_set(c, "Who has %s? Tell %s", b, a);
	} else if (op == 2 && pkt_field_first(p, "arp.src.hw_mac", &sha)) {
		const uint8_t *m = sha.ptr;
		col_set(c, "%s is at %02x:%02x:%02x:%02x:%02x:%02x", a, m[0], m[1], m[2], m[3], m[4], m[5]);
	} else {
		col_clear(c);
	}
}

const struct protocol proto_arp = {PROTO_ARP, .columns = arp_columns};
