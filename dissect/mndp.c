/* mndp.c — MikroTik Neighbor Discovery Protocol, UDP port 5678 (broadcast
 * by RouterOS devices): a 4-byte header, then TLVs.
 *
 *   +-----------+--------+----------------+
 *   | unknown(2)| seq(2) | TLV ...        |   TLV: | type(2) | length(2) | value |
 *   +-----------+--------+----------------+
 *   types: 1 MAC address, 5 identity, 7 version, 8 platform, 10 uptime,
 *   11 software id, 12 board, 14 unpack, 15 IPv6 address, 16 interface,
 *   17 IPv4 address
 *
 * It names itself in the Protocol column and leaves UDP's Info, as
 * Wireshark does.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def mndp_fields[] = {
	{"mndp.header.seqno", "SeqNo", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"mndp.tlv.type", "TlvType", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"mndp.mac", "MAC-Address", FT_ETHER, BASE_NONE, FIELD_VAR, 6, 0, NULL},
	{"mndp.identity", "Identity", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mndp.version", "Version", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mndp.platform", "Platform", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mndp.softwareid", "Software-ID", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mndp.board", "Board", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mndp.interfacename", "Interface name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"mndp.ipv4address", "IPv4-Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(mndp);

/* As Wireshark tells MNDP: the header and one TLV header captured, the
 * first TLV's type and length below 256. */
static void dissect_mndp(struct packet *p, struct cursor *c)
{
	if (cursor_left(c) < 8 || cursor_peek(c, 4) != 0 || cursor_peek(c, 6) != 0) {
		dissect_data(p, c);
		return;
	}
	int idx = pkt_push_layer(p, PROTO_MNDP, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 4);
	while (cursor_ok(c) && cursor_rleft(c) > 0) {
		cursor_skip(c, 2);
		uint16_t len = cursor_be16(c);
		cursor_skip(c, len);
	}
	pkt_note_cursor(p, idx, c);
}

static void mndp_columns(struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
	col_proto(c, "MNDP");
}

/* The field each TLV type gives, in TLV order. */
static void mndp_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	static const char *const by_type[18] = {
		[1] = "mndp.mac", [5] = "mndp.identity", [7] = "mndp.version", [8] = "mndp.platform",
		[11] = "mndp.softwareid", [12] = "mndp.board", [16] = "mndp.interfacename", [17] = "mndp.ipv4address",
	};
	const char *a = f->abbrev;
	for (uint32_t at = 4; d && at + 4 <= n;) {
		uint32_t type = fv_get16(d + at, true), len = fv_get16(d + at + 2, true);
		const uint8_t *v = d + at + 4;
		if (at + 4 + len > n)
			return;
		if (fv_same(a, "mndp.tlv.type"))
			fv_give_uint(fn, data, type);
		else if (type < G_N_ELEMENTS(by_type) && by_type[type] && fv_same(a, by_type[type])) {
			if (type == 1 && len == 6)
				fv_give_ptr(fn, data, FV_ETHER, v, 6);
			else if (type == 17 && len == 4)
				fv_give_ptr(fn, data, FV_IPV4, v, 4);
			else if (type != 1 && type != 17)
				fv_give_ptr(fn, data, FV_STRING, v, len);
		}
		at += 4 + len;
	}
}

/* Wireshark's registration: UDP port 5678. */
static const struct handoff mndp_handoff[] = {
	UDP_PORT(5678, dissect_mndp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(MNDP, "mndp", "Mikrotik Neighbor Discovery Protocol");
const struct protocol proto_mndp = {PROTO_MNDP, .short_name = "MNDP", .fields = &mndp_table, .columns = mndp_columns, .values = mndp_values,
				    .handoff = mndp_handoff};
