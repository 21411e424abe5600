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
#include <arpa/inet.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

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
	/* an option whose header or value runs past the message ends the
	 * reading, as in Wireshark, with no error */
	while (cursor_ok(c) && cursor_rleft(c) >= 4) {
		uint16_t code = cursor_be16(c), len = cursor_be16(c);
		if (len > cursor_rleft(c))
			break;
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

/* DHCPv6 options in [at, end) of B, depth first: the sub-options of IA_NA
 * (3), IA_TA (4) and IA_PD (25) and the message a Relay Message option (9)
 * carries are walked too. */
static unsigned dhcpv6_option_values(const uint8_t *b, uint32_t at, uint32_t end, int depth, const char *a,
				     fvalue_fn fn, void *data);

/* A DHCPv6 message in [at, end): msg-type(1), then transaction id(3) and
 * options, or for relay messages (12, 13) hop count(1) link address(16)
 * peer address(16) and options. */
static unsigned dhcpv6_message_values(const uint8_t *b, uint32_t at, uint32_t end, int depth, const char *a,
				      fvalue_fn fn, void *data)
{
	if (at + 4 > end || depth > 4)
		return 0;
	unsigned given = 0;
	if (b[at] == 12 || b[at] == 13) {
		if (at + 34 > end)
			return 0;
		if (fv_same(a, "dhcpv6.hopcount"))
			given += fv_give_uint(fn, data, b[at + 1]);
		else if (fv_same(a, "dhcpv6.linkaddr"))
			given += fv_give_ptr(fn, data, FV_IPV6, b + at + 2, 16);
		else if (fv_same(a, "dhcpv6.peeraddr"))
			given += fv_give_ptr(fn, data, FV_IPV6, b + at + 18, 16);
		return given + dhcpv6_option_values(b, at + 34, end, depth, a, fn, data);
	}
	if (fv_same(a, "dhcpv6.xid"))
		given += fv_give_uint(fn, data, (uint32_t)b[at + 1] << 16 | (uint32_t)b[at + 2] << 8 | b[at + 3]);
	return given + dhcpv6_option_values(b, at + 4, end, depth, a, fn, data);
}

static unsigned dhcpv6_option_values(const uint8_t *b, uint32_t at, uint32_t end, int depth, const char *a,
				     fvalue_fn fn, void *data)
{
	static __thread char domain[256];
	unsigned given = 0;
	while (at + 4 <= end) {
		uint32_t type = (uint32_t)b[at] << 8 | b[at + 1], len = (uint32_t)b[at + 2] << 8 | b[at + 3];
		uint32_t v = at + 4, vend = v + len;
		if (vend > end)
			break;
		if (fv_same(a, "dhcpv6.option.type"))
			given += fv_give_uint(fn, data, type);
		else if (fv_same(a, "dhcpv6.option.length"))
			given += fv_give_uint(fn, data, len);
		else if (type == 5 && len >= 24 && fv_same(a, "dhcpv6.iaaddr.ip"))
			given += fv_give_ptr(fn, data, FV_IPV6, b + v, 16);
		else if (type == 39 && len >= 1 && fv_same(a, "dhcpv6.client_domain")) {
			/* flags(1), then a domain name in DNS labels (maybe not ending at the root) */
			size_t w = 0;
			uint32_t i = v + 1;
			for (; i < vend && b[i] != 0 && i + 1 + b[i] <= vend; i += 1u + b[i]) {
				if (w && w + 1 < sizeof domain)
					domain[w++] = '.';
				for (uint32_t k = 0; k < b[i] && w + 1 < sizeof domain; k++)
					domain[w++] = (char)b[i + 1 + k];
			}
			if (i < vend && b[i] == 0 && w + 1 < sizeof domain)
				domain[w++] = '.'; /* fully qualified: it ends at the root */
			given += fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)domain, (uint32_t)w);
		}
		if (type == 3 || type == 25)
			given += dhcpv6_option_values(b, v + 12, vend, depth + 1, a, fn, data);
		else if (type == 4)
			given += dhcpv6_option_values(b, v + 4, vend, depth + 1, a, fn, data);
		else if (type == 9)
			given += dhcpv6_message_values(b, v, vend, depth + 1, a, fn, data);
		at = vend;
	}
	return given;
}

static void dhcpv6_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		dhcpv6_message_values(d, 0, n, 0, f->abbrev, fn, data);
}

static void message_text(struct columns *c, const uint8_t *d, uint32_t off, uint32_t end, int depth);

/* The options at D[OFF..END) as the Info names them: a client's DUID
 * (CID, up to 36 bytes in hex, then an ellipsis), an IA address (IAA),
 * and what the options holding options hold (IA_NA, IA_TA, IA_PD, IA
 * address, IA prefix) and a relayed message.  False once an option runs
 * past its bounds: Wireshark reads no option after that, at any depth. */
static bool options_text(struct columns *c, const uint8_t *d, uint32_t off, uint32_t end, int depth)
{
	if (depth > DHCPV6_MAX_NEST)
		return false; /* options and relays nested deeper are not real traffic */
	while (off < end) {
		if (end - off < 4)
			return false;
		uint32_t code = fv_get16(d + off, true), len = fv_get16(d + off + 2, true), at = off + 4;
		if (end - off < 4 + len)
			return false;
		uint32_t inner = UINT32_MAX; /* where options inside this one start */
		switch (code) {
		case 1:
			if (len > 0) {
				col_append(c, "CID: ");
				for (uint32_t i = 0; i < len && i < 36; i++)
					col_append(c, "%02x", d[at + i]);
				col_append(c, "%s ", len > 36 ? "\u2026" : "");
			}
			break;
		case 3: case 25: /* IA_NA, IA_PD: IAID, T1, T2 */
			inner = len >= 12 ? 12 : UINT32_MAX;
			break;
		case 4: /* IA_TA: IAID */
			inner = len >= 4 ? 4 : UINT32_MAX;
			break;
		case 5: /* IA address: the address and two lifetimes */
			if (len >= 24) {
				char buf[INET6_ADDRSTRLEN];
				if (inet_ntop(AF_INET6, d + at, buf, sizeof buf))
					col_append(c, "IAA: %s ", buf);
				inner = 24;
			}
			break;
		case 26: /* IA prefix: two lifetimes, the length and the prefix */
			inner = len >= 25 ? 25 : UINT32_MAX;
			break;
		case 9:
			if (len > 0)
				message_text(c, d, at, at + len, depth + 1);
			break;
		}
		if (inner != UINT32_MAX && !options_text(c, d, at + inner, at + len, depth + 1))
			return false;
		off = at + len;
	}
	return true;
}

/* The message at D[OFF..END): its type, then a relay's link address or
 * another message's transaction id, then its options. */
static void message_text(struct columns *c, const uint8_t *d, uint32_t off, uint32_t end, int depth)
{
	if (off >= end)
		return;
	const char *name = value_name(dhcpv6_msgtype_vals, d[off]);
	if (name)
		col_append(c, "%s ", name);
	else
		col_append(c, "Message Type %u ", d[off]);
	if (d[off] == DHCPV6_RELAY_FORW || d[off] == DHCPV6_RELAY_REPL) {
		char buf[INET6_ADDRSTRLEN];
		if (end - off < 34 || !inet_ntop(AF_INET6, d + off + 2, buf, sizeof buf))
			return;
		col_append(c, "L: %s ", buf);
		off += 34;
	} else {
		if (end - off < 4)
			return;
		col_append(c, "XID: 0x%06x ", (unsigned)d[off + 1] << 16 | (unsigned)d[off + 2] << 8 | d[off + 3]);
		off += 4;
	}
	options_text(c, d, off, end, depth);
}

/* "Solicit XID: 0x18c97a CID: 000100011b4f.. ", each part followed by a
 * space: see message_text(). */
static void dhcpv6_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	message_text(c, d, 0, n, 0);
}

static const struct handoff dhcpv6_handoff[] = {
	UDP_PORTS(546, 547, dissect_dhcpv6),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(DHCPV6, "dhcpv6", "DHCPv6");
const struct protocol proto_dhcpv6 = {PROTO_DHCPV6, .short_name = "DHCPv6", .columns = dhcpv6_columns, .values = dhcpv6_field_values, .fields = &dhcpv6_table,
                                      .handoff = dhcpv6_handoff};
