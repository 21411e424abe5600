/* vxlan.c — VXLAN (RFC 7348, UDP 4789) and GENEVE (RFC 8926, UDP 6081):
 * Ethernet frames tunnelled over UDP; the inner frame is dissected again.
 *
 *   VXLAN:  | flags(1) | reserved(3) | VNI(3) | reserved(1) | inner Ethernet ...
 *   GENEVE: | ver+optlen(1) | flags(1) | protocol(2) | VNI(3) | rsvd(1) | options(optlen*4) | ...
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def vxlan_fields[] = {
	{"vxlan.flags", "Flags", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"vxlan.vni", "VXLAN Network Identifier (VNI)", FT_UINT32, BASE_DEC, 4, 3, 0, NULL},
};
FIELD_TABLE_DEFINE(vxlan);

static const struct field_def geneve_fields[] = {
	{"geneve.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0xc0, NULL},
	{"geneve.proto_type", "Protocol Type", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"geneve.vni", "Virtual Network Identifier (VNI)", FT_UINT24, BASE_HEX, 4, 3, 0, NULL},
};
FIELD_TABLE_DEFINE(geneve);

void dissect_vxlan(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_VXLAN, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 8);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	dissect_eth(p, c);
}

void dissect_geneve(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_GENEVE, c->off);
	if (idx < 0)
		return;
	uint8_t optlen = cursor_u8(c) & 0x3f;
	cursor_skip(c, 1);
	uint16_t proto = cursor_be16(c);
	cursor_skip(c, 4 + optlen * 4u);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (proto == 0x6558)
		dissect_eth(p, c);
	else
		dispatch(&ethertype_table, proto, p, c);
}

static const struct handoff geneve_handoff[] = {
	UDP_TUNNEL_PORT(6081, dissect_geneve),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(GENEVE, "geneve", "Generic Network Virtualization Encapsulation");
const struct protocol proto_geneve = {PROTO_GENEVE, .short_name = "Geneve", .transport = true, .fields = &geneve_table, .handoff = geneve_handoff};

static const struct handoff vxlan_handoff[] = {
	UDP_TUNNEL_PORT(4789, dissect_vxlan),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(VXLAN, "vxlan", "Virtual eXtensible Local Area Network");
const struct protocol proto_vxlan = {PROTO_VXLAN, .short_name = "VXLAN", .transport = true, .fields = &vxlan_table, .handoff = vxlan_handoff};
