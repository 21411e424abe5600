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
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

#define DHCP_COOKIE 0x63825363u
#define DHCP_FIXED 236
#define BOOTP_VEND 64

static const struct value_string dhcp_op_vals[] = {
	{1, "Boot Request"}, {2, "Boot Reply"}, {0, NULL},
};

static const struct value_string dhcp_msgtype_vals[] = {
	{1, "Discover"}, {2, "Offer"}, {3, "Request"}, {4, "Decline"}, {5, "ACK"}, {6, "NAK"},
	{7, "Release"}, {8, "Inform"}, {9, "Force Renew"}, {10, "Lease query"}, {11, "Lease Unassigned"},
	{12, "Lease Unknown"}, {13, "Lease Active"}, {14, "Bulk Lease Query"}, {15, "Lease Query Done"},
	{16, "Active LeaseQuery"}, {17, "Lease Query Status"}, {18, "TLS"}, {0, NULL},
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

/* DHCP: the 236-byte BOOTP header, the magic cookie, then options of
 * code(1) length(1) value; 0 pads, 255 ends. */
static unsigned dhcp_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static const struct {
		const char *name;
		uint8_t code, kind;
	} opts[] = {{"dhcp.option.dhcp", 53, FV_UINT}, {"dhcp.option.hostname", 12, FV_STRING},
		    {"dhcp.option.requested_ip_address", 50, FV_IPV4}, {"dhcp.option.dhcp_server_id", 54, FV_IPV4},
		    {"dhcp.option.vendor_class_id", 60, FV_STRING}};
	/* the hardware type and client address of the header, and again in a
	 * Client Identifier option (61) that holds an Ethernet address */
	bool hw_type = fv_same(a, "dhcp.hw.type"), hw_mac = fv_same(a, "dhcp.hw.mac_addr");
	unsigned given = 0;
	if (hw_type && n >= 2)
		given += fv_give_uint(fn, data, b[1]);
	if (hw_mac && n >= 34 && b[1] == 1 && b[2] == 6)
		given += fv_give_ptr(fn, data, FV_ETHER, b + 28, 6);
	if (n < 240 || b[236] != 99 || b[237] != 130 || b[238] != 83 || b[239] != 99)
		return given;
	for (uint32_t i = 240; i < n;) {
		uint8_t code = b[i];
		if (code == 0) {
			i++;
			continue;
		}
		if (code == 255) {
			/* the end option is its own field; padding after it is
			 * shown as one more option, of type 0 */
			if (fv_same(a, "dhcp.option.end"))
				given += fv_give_uint(fn, data, 255);
			if (fv_same(a, "dhcp.option.type") && i + 1 < n)
				given += fv_give_uint(fn, data, 0);
			break;
		}
		if (i + 2 > n || i + 2u + b[i + 1] > n)
			break;
		uint8_t len = b[i + 1];
		const uint8_t *v = b + i + 2;
		if (fv_same(a, "dhcp.option.type"))
			given += fv_give_uint(fn, data, code);
		else if (fv_same(a, "dhcp.option.length"))
			given += fv_give_uint(fn, data, len);
		else if (code == 61 && len == 7 && v[0] == 1 && hw_type)
			given += fv_give_uint(fn, data, 1);
		else if (code == 61 && len == 7 && v[0] == 1 && hw_mac)
			given += fv_give_ptr(fn, data, FV_ETHER, v + 1, 6);
		for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
			if (opts[k].code != code || !fv_same(a, opts[k].name))
				continue;
			if (opts[k].kind == FV_UINT && len >= 1)
				given += fv_give_uint(fn, data, v[0]);
			else if (opts[k].kind == FV_IPV4 && len == 4)
				given += fv_give_ptr(fn, data, FV_IPV4, v, 4);
			else if (opts[k].kind == FV_STRING) {
				uint8_t l = len;
				while (l > 0 && v[l - 1] == 0) /* C strings written with their NUL */
					l--;
				given += fv_give_ptr(fn, data, FV_STRING, v, l);
			}
		}
		i += 2u + len;
	}
	return given;
}

static void dhcp_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		dhcp_values(d, n, f->abbrev, fn, data);
}

/* The value of the first option CODE of the DHCP message D (N bytes
 * captured, CUT when the capture kept less than the message) with at least
 * one byte, or -1 when there is none.  The options are walked to End
 * first: one running past the captured bytes makes the message show as
 * BOOTP, whatever came before. */
static int dhcp_option_byte(const uint8_t *d, uint32_t n, bool cut, uint8_t code)
{
	if (n < DHCP_FIXED + 4 || fv_get32(d + DHCP_FIXED, true) != DHCP_COOKIE)
		return -1;
	int found = -1;
	uint32_t i = DHCP_FIXED + 4;
	while (i < n && d[i] != 255) {
		if (d[i] == 0) {
			i++;
			continue;
		}
		if (i + 2 > n || i + 2u + d[i + 1] > n)
			return -1;
		if (d[i] == code && d[i + 1] >= 1 && found < 0)
			found = d[i + 2];
		i += 2u + d[i + 1];
	}
	return i >= n && cut ? -1 : found;
}

/* A message with a DHCP Message Type option is DHCP ("DHCP Discover -
 * Transaction ID 0x..", the name padded to 8 characters); without one it
 * is BOOTP: "Boot Request from" the client's Ethernet address with its
 * name in brackets (here the address again: no vendor names are read), or
 * "Boot Reply". */
static void dhcp_columns(struct columns *c, const struct packet *p, int idx)
{
	col_proto(c, "BOOTP");
	col_clear(c);
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (n < 1)
		return;
	if (d[0] == 1 && n >= 34 && (d[1] == 1 || d[1] == 6) && d[2] == 6) {
		char mac[18];
		g_snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", d[28], d[29], d[30], d[31], d[32], d[33]);
		col_set(c, "Boot Request from %s (%s)", mac, mac);
	} else if (d[0] == 1)
		col_set(c, "Boot Request");
	else if (d[0] == 2)
		col_set(c, "Boot Reply");
	else
		col_set(c, "Unknown BOOTP message type (%u)", d[0]);
	int type = dhcp_option_byte(d, n, p->frame->caplen < p->frame->len, 53);
	if (type < 0)
		return;
	const char *name = value_name(dhcp_msgtype_vals, (uint32_t)type);
	col_proto(c, "DHCP");
	if (name)
		col_set(c, "DHCP %-8s - Transaction ID 0x%x", name, fv_get32(d + 4, true));
	else
		col_set(c, "DHCP Unknown Message Type (0x%02x) - Transaction ID 0x%x", (unsigned)type,
			fv_get32(d + 4, true));
}

static const struct handoff dhcp_handoff[] = {
	UDP_PORTS(67, 68, dissect_dhcp),
	HANDOFF_LIST_END,
};
/* Seconds elapsed whose low byte is zero and whose value is over 255: some
 * clients write it little-endian, as Wireshark notes. */
static void dhcp_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (!d || n < 10)
		return;
	uint32_t secs = fv_get16(d + 8, true);
	if (secs > 0xff && (secs & 0xff) == 0)
		expert_add_at(e, "dhcp.secs", EXPERT_NOTE, EXPERT_PROTOCOL, "DHCP/BOOTP",
			      "Seconds elapsed appears to be encoded as little-endian");
}

PROTOCOL_ID(DHCP, "dhcp", "Dynamic Host Configuration Protocol");
const struct protocol proto_dhcp = {PROTO_DHCP, .short_name = "DHCP/BOOTP", .columns = dhcp_columns, .expert = dhcp_expert, .values = dhcp_field_values,
                                    .fields = &dhcp_table, .handoff = dhcp_handoff};
