/* icmp.c — Internet Control Message Protocol (RFC 792).
 *
 *   0       1       2               4
 *   +-------+-------+---------------+-------------------------------+
 *   | Type  | Code  |   Checksum    |  rest of header (4 bytes)     |
 *   +-------+-------+---------------+-------------------------------+
 *   |  error messages: the offending IP header + 8 bytes of payload  |
 *
 * Error messages (destination unreachable 3, source quench 4, redirect 5,
 * time exceeded 11, parameter problem 12) quote the datagram that caused
 * them; it is dissected with the packet marked "in error", so the quoted
 * addresses and ports never count as this packet's own.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct value_string icmp_type_vals[] = {
	{0, "Echo (ping) reply"}, {3, "Destination unreachable"}, {4, "Source quench"},
	{5, "Redirect"}, {8, "Echo (ping) request"}, {9, "Router advertisement"},
	{10, "Router solicitation"}, {11, "Time-to-live exceeded"}, {12, "Parameter problem"},
	{13, "Timestamp request"}, {14, "Timestamp reply"}, {0, NULL},
};

static const struct field_def icmp_fields[] = {
	{"icmp.type", "Type", FT_UINT8, BASE_DEC, 0, 1, 0, icmp_type_vals},
	{"icmp.code", "Code", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"icmp.checksum", "Checksum", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"icmp.ident", "Identifier", FT_UINT16, BASE_DEC_HEX, FIELD_VAR, 2, 0, NULL},
	{"icmp.seq", "Sequence Number", FT_UINT16, BASE_DEC_HEX, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(icmp);

static bool icmp_is_error(uint8_t type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/* Dissects the quoted datagram in C with the packet marked "in error". */
static void dissect_quoted(struct packet *p, struct cursor *c, void (*ip)(struct packet *, struct cursor *))
{
	uint32_t saved = p->flags & PKT_IN_ERROR;
	p->flags |= PKT_IN_ERROR;
	ip(p, c);
	p->flags = (p->flags & ~(uint32_t)PKT_IN_ERROR) | saved;
}

void dissect_icmp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_ICMP, c->off);
	if (idx < 0)
		return;
	uint8_t type = cursor_u8(c);
	cursor_skip(c, 7);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	/* Other messages' bytes (echo data, timestamps) are ICMP's own fields. */
	if (icmp_is_error(type) && cursor_rleft(c) > 0 && !(p->flags & PKT_IN_ERROR))
		dissect_quoted(p, c, dissect_ipv4);
}

static const struct value_string icmpv6_type_vals[] = {
	{1, "Destination Unreachable"}, {2, "Packet Too Big"}, {3, "Time Exceeded"},
	{4, "Parameter Problem"}, {128, "Echo (ping) request"}, {129, "Echo (ping) reply"},
	{133, "Router Solicitation"}, {134, "Router Advertisement"},
	{135, "Neighbor Solicitation"}, {136, "Neighbor Advertisement"}, {137, "Redirect"},
	{143, "Multicast Listener Report Message v2"}, {0, NULL},
};

static const struct field_def icmpv6_fields[] = {
	{"icmpv6.type", "Type", FT_UINT8, BASE_DEC, 0, 1, 0, icmpv6_type_vals},
	{"icmpv6.code", "Code", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"icmpv6.checksum", "Checksum", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"icmpv6.echo.identifier", "Identifier", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"icmpv6.echo.sequence_number", "Sequence", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(icmpv6);

/* ICMPv6 (RFC 4443): the same 4-byte start; types 1–4 quote the IPv6 packet. */
void dissect_icmpv6(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_ICMPV6, c->off);
	if (idx < 0)
		return;
	uint8_t type = cursor_u8(c);
	cursor_skip(c, 7);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (type >= 1 && type <= 4 && cursor_rleft(c) > 0 && !(p->flags & PKT_IN_ERROR))
		dissect_quoted(p, c, dissect_ipv6);
}

/* The message type's name. */
static void icmp_columns(struct columns *c, const struct packet *p, int idx)
{
	const char *field = p->layers[idx].proto == PROTO_ICMP ? "icmp.type" : "icmpv6.type";
	const char *n = col_value_name(field, pkt_field_uint(p, field, 0));
	col_default(c, p, idx);
	col_set(c, "%s", n ? n : "Unknown type");
}

const struct protocol proto_icmp = {PROTO_ICMP, .columns = icmp_columns};
const struct protocol proto_icmpv6 = {PROTO_ICMPV6, .columns = icmp_columns};
