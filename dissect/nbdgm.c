/* nbdgm.c — NetBIOS Datagram Service (RFC 1002 section 4.4, UDP 138).
 *
 *   0      1       2        4            8          10
 *   +------+-------+--------+------------+----------+
 *   | type | flags | dgm id | source IP  | src port |   then, by type:
 *   +------+-------+--------+------------+----------+
 *   direct unique / direct group / broadcast (0x10-0x12):
 *       dgm length(2), packet offset(2), source name, destination name, user data
 *   error (0x13): error code(1)
 *   query request / positive / negative query response (0x14-0x16): destination name
 *
 * Names are encoded NetBIOS names in DNS label form (RFC 1002 section 4.1).
 * The user data of a datagram is usually an SMB mailslot write.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"

enum {
	NBDGM_DIRECT_UNIQUE = 0x10,
	NBDGM_DIRECT_GROUP = 0x11,
	NBDGM_BROADCAST = 0x12,
	NBDGM_ERROR = 0x13,
	NBDGM_QUERY_REQUEST = 0x14,
	NBDGM_POS_QUERY_RESPONSE = 0x15,
	NBDGM_NEG_QUERY_RESPONSE = 0x16,
};

static const struct value_string nbdgm_type_vals[] = {
	{NBDGM_DIRECT_UNIQUE, "Direct_unique datagram"},
	{NBDGM_DIRECT_GROUP, "Direct_group datagram"},
	{NBDGM_BROADCAST, "Broadcast datagram"},
	{NBDGM_ERROR, "Datagram error"},
	{NBDGM_QUERY_REQUEST, "Datagram query request"},
	{NBDGM_POS_QUERY_RESPONSE, "Datagram positive query response"},
	{NBDGM_NEG_QUERY_RESPONSE, "Datagram negative query response"},
	{0, NULL},
};

static const struct value_string nbdgm_node_vals[] = {
	{0, "B node"}, {1, "P node"}, {2, "M node"}, {3, "NBDD"}, {0, NULL},
};

static const struct value_string nbdgm_error_vals[] = {
	{0x82, "Destination name not present"},
	{0x83, "Invalid source name format"},
	{0x84, "Invalid destination name format"},
	{0, NULL},
};

static const struct field_def nbdgm_fields[] = {
	{"nbdgm.type", "Message Type", FT_UINT8, BASE_DEC, 0, 1, 0, nbdgm_type_vals},
	{"nbdgm.next", "More fragments follow", FT_BOOLEAN, BASE_NONE, 1, 1, 0x01, NULL},
	{"nbdgm.first", "This is first fragment", FT_BOOLEAN, BASE_NONE, 1, 1, 0x02, NULL},
	{"nbdgm.node_type", "Node Type", FT_UINT8, BASE_DEC, 1, 1, 0x0c, nbdgm_node_vals},
	{"nbdgm.dgram_id", "Datagram ID", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"nbdgm.src.ip", "Source IP", FT_IPV4, BASE_NONE, 4, 4, 0, NULL},
	{"nbdgm.src.port", "Source Port", FT_UINT16, BASE_DEC, 8, 2, 0, NULL},
	{"nbdgm.dgram_len", "Datagram length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"nbdgm.pkt_offset", "Packet offset", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"nbdgm.source_name", "Source name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"nbdgm.destination_name", "Destination name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"nbdgm.error_code", "Error code", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, nbdgm_error_vals},
};
FIELD_TABLE_DEFINE(nbdgm);

bool netbios_skip_name(struct cursor *c)
{
	for (unsigned labels = 0; labels < 128; labels++) {
		uint8_t n = cursor_u8(c);
		if (!cursor_ok(c))
			return false;
		if (n == 0)
			return true;
		if ((n & 0xc0) == 0xc0) {
			/* A compression pointer ends the name. */
			cursor_skip(c, 1);
			return cursor_ok(c);
		}
		if (n & 0xc0) {
			c->err = CUR_MALFORMED;
			return false;
		}
		if (!cursor_skip(c, n))
			return false;
	}
	c->err = CUR_MALFORMED;
	return false;
}

void dissect_nbdgm(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_NBDGM, c->off);
	if (idx < 0)
		return;
	uint8_t type = cursor_u8(c);
	cursor_skip(c, 9);
	switch (type) {
	case NBDGM_DIRECT_UNIQUE:
	case NBDGM_DIRECT_GROUP:
	case NBDGM_BROADCAST:
		cursor_skip(c, 4);
		if (netbios_skip_name(c) && netbios_skip_name(c)) {
			dissect_netbios_payload(p, c);
			return;
		}
		break;
	case NBDGM_ERROR:
		cursor_skip(c, 1);
		break;
	case NBDGM_QUERY_REQUEST:
	case NBDGM_POS_QUERY_RESPONSE:
	case NBDGM_NEG_QUERY_RESPONSE:
		netbios_skip_name(c);
		break;
	default:
		break;
	}
	pkt_note_cursor(p, idx, c);
}
