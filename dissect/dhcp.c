/* dhcp.c — Dynamic Host Configuration Protocol (RFC 2131, RFC 2132) and the
 * BOOTP it extends (RFC 951), UDP 67 (server) and 68 (client).
 *
 *   0       1       2       3       4               8      10      12
 *   +-------+-------+-------+-------+---------------+-------+-------+
 *   |  op   | htype | hlen  | hops  |      xid      | secs  | flags |
 *   +-------+-------+-------+-------+---------------+-------+-------+
 *   | ciaddr | yiaddr | siaddr | giaddr | chaddr(16) | sname(64) | file(128)
 *   +--------+--------+--------+--------+------------+-----------+----------
 *   236: magic cookie 63 82 53 63, then options CODE(1) LEN(1) VALUE ...
 *        up to End (255); Pad (0) has no length.
 *
 * Without the cookie the 64 bytes from 236 are BOOTP's vendor area.  Every
 * payload on the two ports is taken as DHCP.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"

#define DHCP_COOKIE 0x63825363u
#define DHCP_FIXED 236
#define BOOTP_VEND 64

static const struct value_string dhcp_op_vals[] = {
	{1, "Boot Request"}, {2, "Boot Reply"}, {0, NULL},
};

static const struct value_string dhcp_msgtype_vals[] = {
	{1, "Discover"}, {2, "Offer"}, {3, "Request"}, {4, "Decline"}, {5, "ACK"}, {6, "NAK"},
	{7, "Release"}, {8, "Inform"}, {9, "Force Renew"}, {10, "Lease query"}, {0, NULL},
};

static const struct field_def dhcp_fields[] = {
	{"dhcp.type", "Message type", FT_UINT8, BASE_DEC, 0, 1, 0, dhcp_op_vals},
	{"dhcp.hw.type", "Hardware type", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"dhcp.hw.len", "Hardware address length", FT_UINT8, BASE_DEC, 2, 1, 0, NULL},
	{"dhcp.hops", "Hops", FT_UINT8, BASE_DEC, 3, 1, 0, NULL},
	{"dhcp.id", "Transaction ID", FT_UINT32, BASE_HEX, 4, 4, 0, NULL},
	{"dhcp.secs", "Seconds elapsed", FT_UINT16, BASE_DEC, 8, 2, 0, NULL},
	{"dhcp.flags", "Bootp flags", FT_UINT16, BASE_HEX, 10, 2, 0, NULL},
	{"dhcp.flags.bc", "Broadcast flag", FT_BOOLEAN, BASE_NONE, 10, 2, 0x8000, NULL},
	{"dhcp.ip.client", "Client IP address", FT_IPV4, BASE_NONE, 12, 4, 0, NULL},
	{"dhcp.ip.your", "Your (client) IP address", FT_IPV4, BASE_NONE, 16, 4, 0, NULL},
	{"dhcp.ip.server", "Next server IP address", FT_IPV4, BASE_NONE, 20, 4, 0, NULL},
	{"dhcp.ip.relay", "Relay agent IP address", FT_IPV4, BASE_NONE, 24, 4, 0, NULL},
	{"dhcp.hw.mac_addr", "Client MAC address", FT_ETHER, BASE_NONE, FIELD_VAR, 6, 0, NULL},
	{"dhcp.server", "Server host name", FT_STRING, BASE_NONE, 44, 64, 0, NULL},
	{"dhcp.file", "Boot file name", FT_STRING, BASE_NONE, 108, 128, 0, NULL},
	{"dhcp.cookie", "Magic cookie", FT_IPV4, BASE_NONE, 236, 4, 0, NULL},
	{"dhcp.option.type", "Option", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"dhcp.option.length", "Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"dhcp.option.dhcp", "DHCP", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, dhcp_msgtype_vals},
	{"dhcp.option.hostname", "Host Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dhcp.option.requested_ip_address", "Requested IP Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"dhcp.option.dhcp_server_id", "DHCP Server Identifier", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"dhcp.option.vendor_class_id", "Vendor class identifier", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dhcp.option.end", "Option End", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(dhcp);

/* Walks the options up to End or the end of the payload. */
static void dhcp_options(struct cursor *c)
{
	while (cursor_ok(c) && cursor_rleft(c) > 0) {
		uint8_t code = cursor_u8(c);
		if (code == 255)
			return;
		if (code == 0)
			continue;
		app_skip(c, cursor_u8(c));
	}
}

void dissect_dhcp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_DHCP, c->off);
	if (idx < 0)
		return;
	app_skip(c, DHCP_FIXED);
	uint32_t cookie = cursor_be32(c);
	if (cursor_ok(c)) {
		if (cookie == DHCP_COOKIE)
			dhcp_options(c);
		else
			app_skip(c, BOOTP_VEND - 4);
	}
	app_note(p, idx, c);
}
