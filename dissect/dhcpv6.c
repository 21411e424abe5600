/* dhcpv6.c — Dynamic Host Configuration Protocol for IPv6 (RFC 8415), UDP 546
 * (client) and 547 (server and relay).
 *
 *   client/server:  | msg-type(1) | transaction-id(3) | options ...
 *   relay:          | msg-type(1) | hop-count(1) | link-address(16) | peer-address(16) | options ...
 *   option:         | code(2) | length(2) | value(length) |
 *
 * Relay-forward (12) and relay-reply (13) carry the relayed message in option
 * 9, which is read the same way.  Every payload on the two ports is DHCPv6.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"

#define DHCPV6_RELAY_FORW 12
#define DHCPV6_RELAY_REPL 13
#define DHCPV6_OPT_RELAY_MSG 9
#define DHCPV6_MAX_NEST 32 /* relays in a chain; deeper is not real traffic */

static const struct value_string dhcpv6_msgtype_vals[] = {
	{1, "Solicit"}, {2, "Advertise"}, {3, "Request"}, {4, "Confirm"}, {5, "Renew"},
	{6, "Rebind"}, {7, "Reply"}, {8, "Release"}, {9, "Decline"}, {10, "Reconfigure"},
	{11, "Information-request"}, {12, "Relay-forw"}, {13, "Relay-reply"}, {0, NULL},
};

static const struct field_def dhcpv6_fields[] = {
	{"dhcpv6.msgtype", "Message type", FT_UINT8, BASE_DEC, 0, 1, 0, dhcpv6_msgtype_vals},
	{"dhcpv6.xid", "Transaction ID", FT_UINT24, BASE_HEX, FIELD_VAR, 3, 0, NULL},
	{"dhcpv6.hopcount", "Hopcount", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"dhcpv6.linkaddr", "Link address", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"dhcpv6.peeraddr", "Peer address", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"dhcpv6.option.type", "Option", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dhcpv6.option.length", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dhcpv6.client_domain", "Client Domain", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dhcpv6.iaaddr.ip", "IPv6 address", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
};
FIELD_TABLE_DEFINE(dhcpv6);

/* One message at C (to the end of C); DEPTH counts enclosing relays. */
static void dhcpv6_message(struct cursor *c, int depth)
{
	uint8_t type = cursor_u8(c);
	bool relay = type == DHCPV6_RELAY_FORW || type == DHCPV6_RELAY_REPL;
	app_skip(c, relay ? 33 : 3);
	while (cursor_ok(c) && cursor_rleft(c) > 0) {
		uint16_t code = cursor_be16(c), len = cursor_be16(c);
		struct cursor v = cursor_sub(c, len);
		if (relay && code == DHCPV6_OPT_RELAY_MSG && len > 0 && depth < DHCPV6_MAX_NEST) {
			dhcpv6_message(&v, depth + 1);
			if (!cursor_ok(&v) && cursor_ok(c))
				c->err = v.err;
		} else if (cursor_ok(c) && v.end < v.rend) {
			c->err = CUR_TRUNCATED; /* the value was cut by the capture */
		}
	}
}

void dissect_dhcpv6(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_DHCPV6, c->off);
	if (idx < 0)
		return;
	dhcpv6_message(c, 0);
	app_note(p, idx, c);
}
