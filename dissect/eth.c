/* eth.c — Ethernet II and IEEE 802.3 frames (IEEE 802.3, RFC 894).
 *
 *   0                   6                  12      14
 *   +-------------------+-------------------+-------+----------
 *   | destination MAC   | source MAC        | type  | payload ...
 *   +-------------------+-------------------+-------+----------
 *
 * A type of 1500 or less is an 802.3 length: an LLC header follows and the
 * frame's payload is that long (the rest is padding).
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct value_string etype_vals[] = {
	{0x0800, "IPv4"}, {0x0806, "ARP"}, {0x8100, "802.1Q Virtual LAN"},
	{0x86dd, "IPv6"}, {0x88a8, "802.1ad Provider Bridge (Q-in-Q)"},
	{0x8847, "MPLS label switched packet"}, {0x888e, "802.1X Authentication"},
	{0x88cc, "802.1 Link Layer Discovery Protocol (LLDP)"}, {0x8863, "PPPoE Discovery"},
	{0x8864, "PPPoE Session"}, {0, NULL},
};

static const struct field_def eth_fields[] = {
	{"eth.dst", "Destination", FT_ETHER, BASE_NONE, 0, 6, 0, NULL},
	{"eth.src", "Source", FT_ETHER, BASE_NONE, 6, 6, 0, NULL},
	{"eth.addr", "Address", FT_ETHER, BASE_NONE, FIELD_VAR, 6, 0, NULL},
	{"eth.type", "Type", FT_UINT16, BASE_HEX, 12, 2, 0, etype_vals},
	{"eth.len", "Length", FT_UINT16, BASE_DEC, 12, 2, 0, NULL},
	{"eth.ig", "IG bit", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x01, NULL},
	{"eth.lg", "LG bit", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x02, NULL},
	{"eth.padding", "Padding", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"eth.trailer", "Trailer", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(eth);

void dissect_type_or_length(struct packet *p, int idx, struct cursor *c)
{
	uint16_t type = cursor_be16(c);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (type <= 1500) {
		/* 802.3: the length covers the LLC header and its payload. */
		struct cursor payload = cursor_sub(c, type);
		pkt_note_cursor(p, idx, c);
		/* "raw" 802.3 (Novell): IPX right away, its checksum field 0xffff */
		if (cursor_peek(&payload, 0) == 0xff && cursor_peek(&payload, 1) == 0xff)
			dissect_ipx(p, &payload);
		else
			dissect_llc(p, &payload);
		return;
	}
	dispatch(&ethertype_table, type, p, c);
}

void dissect_eth(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_ETH, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 12);
	dissect_type_or_length(p, idx, c);
}

/* The MAC address M as "52:54:00:12:34:56" in BUF (18 bytes); BUF. */
static const char *mac_text(char *buf, const uint8_t *m)
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 6; i++) {
		buf[3 * i] = hex[m[i] >> 4];
		buf[3 * i + 1] = hex[m[i] & 15];
		buf[3 * i + 2] = i < 5 ? ':' : 0;
	}
	return buf;
}

/* Ethernet's addresses in the Source and Destination columns, until a
 * network layer gives its own. */
static void eth_columns(struct columns *c, const struct packet *p, int idx)
{
	col_default(c, p, idx);
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (n < 12)
		return;
	char a[18], b[18];
	col_addrs(c, mac_text(a, d + 6), mac_text(b, d));
}

const struct protocol proto_eth = {PROTO_ETH, .columns = eth_columns};
