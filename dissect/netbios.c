/* netbios.c — NetBIOS Frames over LLC (SAP 0xf0), as LLC hands it on. */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def netbios_fields[] = {
	{"netbios.hdr_len", "Length", FT_UINT16, BASE_DEC_LE, 0, 2, 0, NULL},
	{"netbios.command", "Command", FT_UINT8, BASE_HEX, 4, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(netbios);

/* NetBIOS Frames over LLC (SAP 0xf0): header length(2, little-endian)
 * delimiter 0xefff(2) command(1) ...; the header's length covers it all,
 * and what follows it is SMB, SMB2 or data. */
void dissect_netbios(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_NETBIOS, c->off);
	if (idx < 0)
		return;
	uint16_t hlen = cursor_le16(c);
	uint16_t delim = cursor_le16(c);
	if (cursor_ok(c) && (delim != 0xefff || hlen < 14))
		c->err = CUR_MALFORMED;
	if (cursor_ok(c))
		cursor_skip(c, hlen - 4u);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (cursor_rleft(c) > 0)
		dissect_netbios_payload(p, c);
}

PROTOCOL_ID(NETBIOS, "netbios", "NetBIOS");
const struct protocol proto_netbios = {PROTO_NETBIOS, .short_name = "NetBIOS", .fields = &netbios_table};
