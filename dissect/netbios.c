/* netbios.c — NetBIOS Frames over LLC (SAP 0xf0), as LLC hands it on. */
#include "dissect/column.h"
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

/* Info: the command's name; a Name Query names the name it looks for, the
 * 16 bytes after the 12-byte header. */
static void netbios_columns(struct columns *c, const struct packet *p, int idx)
{
	static const struct value_string commands[] = {
		{0x00, "Add Group Name Query"}, {0x01, "Add Name Query"}, {0x02, "Name In Conflict"},
		{0x03, "Status Query"}, {0x07, "Terminate Trace"}, {0x08, "Datagram"}, {0x09, "Broadcast Datagram"},
		{0x0a, "Name Query"}, {0x0d, "Add Name Response"}, {0x0e, "Name Recognized"},
		{0x0f, "Status Response"}, {0x13, "Terminate Trace"}, {0x14, "Data Ack"},
		{0x15, "Data First Middle"}, {0x16, "Data Only Last"}, {0x17, "Session Confirm"},
		{0x18, "Session End"}, {0x19, "Session Initialize"}, {0x1a, "No Receive"},
		{0x1b, "Receive Outstanding"}, {0x1c, "Receive Continue"}, {0x1f, "Session Alive"}, {0, NULL},
	};
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 5)
		return;
	col_set_value(c, commands, d[4], "Unknown");
	char who[96];
	if (d[4] == 0x0a && n >= 28 && netbios_raw_name(d + 12, who) > 0)
		col_append(c, " for %s", who);
}

PROTOCOL_ID(NETBIOS, "netbios", "NetBIOS");
const struct protocol proto_netbios = {PROTO_NETBIOS, .short_name = "NetBIOS", .columns = netbios_columns,
				       .fields = &netbios_table};
