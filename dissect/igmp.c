/* igmp.c — Internet Group Management Protocol, IP protocol 2: version 1
 * (RFC 1112), 2 (RFC 2236) and 3 (RFC 3376).
 *
 *   0       1       2       3       4               8
 *   +-------+-------+-------+-------+---------------+
 *   | type  |max rsp|   checksum    | group address |     v1/v2, and the v3 query's start
 *   +-------+-------+-------+-------+---------------+
 *   v3 query (type 0x11, 12 bytes or more):  | S/QRV(1) | QQIC(1) | N(2) | N sources(4 each) |
 *   v3 report (type 0x22): | type | rsvd | checksum | rsvd(2) | M(2) | M group records ... |
 *   group record: | type(1) | aux len(1, words) | N(2) | group(4) | N sources(4) | aux data |
 */
#include "dissect/dissect.h"
#include "dissect/field.h"

static const struct value_string igmp_type_vals[] = {
	{0x11, "Membership Query"}, {0x12, "Membership Report v1"}, {0x13, "DVMRP"},
	{0x14, "PIM v1"}, {0x16, "Membership Report v2"}, {0x17, "Leave Group"},
	{0x1e, "Multicast Traceroute Response"}, {0x1f, "Multicast Traceroute"},
	{0x22, "Membership Report v3"}, {0, NULL},
};

static const struct field_def igmp_fields[] = {
	{"igmp.type", "Type", FT_UINT8, BASE_HEX, 0, 1, 0, igmp_type_vals},
	{"igmp.version", "IGMP Version", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"igmp.max_resp", "Max Resp Time", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"igmp.checksum", "Checksum", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"igmp.maddr", "Multicast Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"igmp.s", "S", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x08, NULL},
	{"igmp.qrv", "QRV", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0x07, NULL},
	{"igmp.qqic", "QQIC", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"igmp.num_src", "Num Src", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"igmp.saddr", "Source Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"igmp.num_grp_recs", "Num Group Records", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"igmp.record_type", "Record Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"igmp.aux_data_len", "Aux Data Len", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(igmp);

void dissect_igmp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_IGMP, c->off);
	if (idx < 0)
		return;
	uint8_t type = cursor_u8(c);
	app_skip(c, 3);
	if (type == 0x22) { /* v3 report: group records */
		app_skip(c, 2);
		uint16_t m = cursor_be16(c);
		for (uint32_t i = 0; i < m && cursor_ok(c); i++) {
			app_skip(c, 1);
			uint8_t aux = cursor_u8(c);
			uint16_t n = cursor_be16(c);
			app_skip(c, 4 + 4u * n + 4u * aux);
		}
	} else {
		app_skip(c, 4);
		if (type == 0x11 && cursor_ok(c) && cursor_rleft(c) >= 4) { /* v3 query */
			app_skip(c, 2);
			app_skip(c, 4u * cursor_be16(c));
		}
	}
	app_note(p, idx, c);
}
