/* ntp.c — Network Time Protocol (RFC 5905), UDP 123.
 *
 *   0       1       2       3       4               8              12
 *   +-------+-------+-------+-------+---------------+---------------+
 *   |LI|VN|M|stratum| poll  | prec  |  root delay   | root dispers. |
 *   +-------+-------+-------+-------+---------------+---------------+
 *   | reference ID  | reference timestamp (8) | origin timestamp (8) |
 *   | receive timestamp (8) | transmit timestamp (8) | [extensions, MAC]
 *
 * The mode (low 3 bits of the first byte) picks the layout: 6 is a control
 * message (RFC 1305 appendix B: a 12-byte header, then data), 7 the private
 * (ntpdc) format with a 4-byte header; every other mode is the 48-byte
 * packet above.  Every payload on port 123 is taken as NTP.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"

static const struct value_string ntp_mode_vals[] = {
	{0, "reserved"}, {1, "symmetric active"}, {2, "symmetric passive"}, {3, "client"},
	{4, "server"}, {5, "broadcast"}, {6, "reserved for NTP control message"},
	{7, "reserved for private use"}, {0, NULL},
};

static const struct field_def ntp_fields[] = {
	{"ntp.flags", "Flags", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"ntp.flags.li", "Leap Indicator", FT_UINT8, BASE_DEC, 0, 1, 0xc0, NULL},
	{"ntp.flags.vn", "Version number", FT_UINT8, BASE_DEC, 0, 1, 0x38, NULL},
	{"ntp.flags.mode", "Mode", FT_UINT8, BASE_DEC, 0, 1, 0x07, ntp_mode_vals},
	{"ntp.stratum", "Peer Clock Stratum", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"ntp.ppoll", "Peer Polling Interval", FT_UINT8, BASE_DEC, 2, 1, 0, NULL},
	{"ntp.precision", "Peer Clock Precision", FT_UINT8, BASE_DEC, 3, 1, 0, NULL},
	{"ntp.rootdelay", "Root Delay", FT_UINT32, BASE_DEC, 4, 4, 0, NULL},
	{"ntp.rootdispersion", "Root Dispersion", FT_UINT32, BASE_DEC, 8, 4, 0, NULL},
	{"ntp.refid", "Reference ID", FT_BYTES, BASE_NONE, 12, 4, 0, NULL},
	{"ntp.reftime", "Reference Timestamp", FT_ABSTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"ntp.org", "Origin Timestamp", FT_ABSTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"ntp.rec", "Receive Timestamp", FT_ABSTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"ntp.xmt", "Transmit Timestamp", FT_ABSTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"ntp.keyid", "Key ID", FT_BYTES, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"ntp.mac", "Message Authentication Code", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(ntp);

void dissect_ntp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_NTP, c->off);
	if (idx < 0)
		return;
	int first = cursor_peek(c, 0);
	unsigned mode = first < 0 ? 0 : (unsigned)first & 7;
	app_skip(c, mode == 7 ? 4 : mode == 6 ? 12 : 48);
	app_note(p, idx, c);
}
