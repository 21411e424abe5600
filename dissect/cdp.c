/* cdp.c — Cisco Discovery Protocol, carried in SNAP (OUI 00:00:0c, PID 0x2000).
 *
 *   0       1       2               4
 *   +-------+-------+---------------+----------------------------------------+
 *   |version|  TTL  |   checksum    | TLVs: type(2) length(2, header included) value |
 *   +-------+-------+---------------+----------------------------------------+
 */
#include "dissect/dissect.h"
#include "dissect/field.h"

static const struct value_string cdp_tlv_vals[] = {
	{0x0001, "Device ID"}, {0x0002, "Addresses"}, {0x0003, "Port ID"}, {0x0004, "Capabilities"},
	{0x0005, "Software version"}, {0x0006, "Platform"}, {0x000a, "Native VLAN"},
	{0x000b, "Duplex"}, {0x0016, "Management Addresses"}, {0, NULL},
};

static const struct field_def cdp_fields[] = {
	{"cdp.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"cdp.ttl", "TTL", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"cdp.checksum", "Checksum", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"cdp.tlv.type", "Type", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, cdp_tlv_vals},
	{"cdp.tlv.len", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cdp.deviceid", "Device ID", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"cdp.portid", "Sent through Interface", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"cdp.platform", "Platform", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"cdp.native_vlan", "Native VLAN", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(cdp);

void dissect_cdp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_CDP, c->off);
	if (idx < 0)
		return;
	app_skip(c, 4);
	while (cursor_ok(c) && cursor_rleft(c) >= 4) {
		app_skip(c, 2);
		uint16_t len = cursor_be16(c);
		if (cursor_ok(c) && len < 4) {
			c->err = CUR_MALFORMED;
			break;
		}
		app_skip(c, len - 4u);
	}
	app_note(p, idx, c);
}
