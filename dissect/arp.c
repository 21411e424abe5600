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

/* The hardware address of HLEN bytes at B as Wireshark writes it: an
 * Ethernet (or IEEE 802) MAC with colons, any other as plain hex. */
static void arp_hw_text(char *buf, size_t n, unsigned htype, const uint8_t *b, unsigned hlen)
{
	if ((htype == 1 || htype == 6) && hlen == 6) {
		g_snprintf(buf, n, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
		return;
	}
	size_t at = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < hlen && at + 3 <= n; i++, at += 2)
		g_snprintf(buf + at, n - at, "%02x", b[i]);
}

/* The Protocol column names the ARP variant the operation belongs to. */
static const char *arp_variant(unsigned opcode)
{
	if (opcode == 3 || opcode == 4)
		return "RARP";
	if (opcode >= 5 && opcode <= 7)
		return "DRARP";
	if (opcode == 8 || opcode == 9)
		return "Inverse ARP";
	if (opcode >= 10 && opcode <= 21)
		return "MARS";
	return opcode == 23 ? "MAPOS" : "ARP";
}

/* "Who has 10.0.0.1? Tell 10.0.0.2", "10.0.0.1 is at 52:54:00:..", read
 * from the header (hardware and protocol types and lengths, operation,
 * sender and target addresses); an operation code no ARP variant defines
 * (0, above 25) is named as such. */
static void arp_columns(struct columns *c, const struct packet *p, int idx)
{
	col_proto(c, "ARP");
	col_clear(c);
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (n < 8)
		return;
	unsigned htype = (unsigned)d[0] << 8 | d[1], ptype = (unsigned)d[2] << 8 | d[3];
	unsigned hlen = d[4], plen = d[5], opcode = (unsigned)d[6] << 8 | d[7];
	col_proto(c, arp_variant(opcode));
	if (opcode == 0 || opcode > 25) {
		col_set(c, "Unknown ARP opcode 0x%04x", opcode);
		return;
	}
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN], hw[2 * 255 + 1];
	const uint8_t *sha = d + 8, *spa = sha + hlen, *tpa = spa + plen + hlen;
	if (ptype != 0x0800 || plen != 4 || n < 8 + 2 * hlen + 2 * plen || !inet_ntop(AF_INET, spa, a, sizeof a) ||
	    !inet_ntop(AF_INET, tpa, b, sizeof b)) {
		col_clear(c);
		return;
	}
	const uint8_t *tha = spa + plen;
	char hw2[2 * 255 + 1];
	if (opcode == 1) {
		col_set(c, "Who has %s? Tell %s", b, a);
	} else if (opcode == 2) {
		arp_hw_text(hw, sizeof hw, htype, sha, hlen);
		col_set(c, "%s is at %s", a, hw);
	} else if (opcode == 3) { /* reverse: by hardware address */
		arp_hw_text(hw, sizeof hw, htype, tha, hlen);
		arp_hw_text(hw2, sizeof hw2, htype, sha, hlen);
		col_set(c, "Who is %s? Tell %s", hw, hw2);
	} else if (opcode == 4) {
		arp_hw_text(hw, sizeof hw, htype, tha, hlen);
		col_set(c, "%s is at %s", hw, b);
	} else {
		col_clear(c);
	}
}

static const struct handoff arp_handoff[] = {
	ETHERTYPE(0x0806, dissect_arp),
	ETHERTYPE(0x8035, dissect_arp), /* RARP */
	HANDOFF_LIST_END,
};
PROTOCOL_ID(ARP, "arp", "Address Resolution Protocol");
const struct protocol proto_arp = {PROTO_ARP, .short_name = "ARP/RARP", .transport = true, .columns = arp_columns, .fields = &arp_table,
                                   .handoff = arp_handoff};
