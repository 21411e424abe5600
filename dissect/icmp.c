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
#include <arpa/inet.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

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

/* Whether the N bytes at B, an ICMP message, sum to all ones. */
static bool icmp_checksum_ok(const uint8_t *b, uint32_t n)
{
	uint32_t sum = 0;
	for (uint32_t i = 0; i < n; i += 2)
		sum += (uint32_t)b[i] << 8 | (i + 1 < n ? b[i + 1] : 0);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

/* An echo request (REQUEST true) or reply in P with the 4 bytes of
 * identifier and sequence number at C's position: the request remembered,
 * the reply paired with it.  An ICMP echo counts only with a good checksum
 * over the whole message (START is its first byte), as in Wireshark. */
static void icmp_echo_track(struct packet *p, const struct cursor *c, uint32_t start, bool request)
{
	if (!p->session || (p->flags & PKT_IN_ERROR) || cursor_left(c) < 4)
		return;
	if (start != UINT32_MAX &&
	    (cursor_left(c) < cursor_rleft(c) || !icmp_checksum_ok(c->data + start, c->off - start + cursor_left(c))))
		return;
	const uint8_t *b = c->data + c->off;
	uint32_t id_seq = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	if (request)
		session_icmp_request(p->session, p, id_seq);
	else
		p->icmp_request = session_icmp_reply(p->session, p, id_seq);
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
	cursor_skip(c, 3);
	if (type == 0 || type == 8)
		icmp_echo_track(p, c, c->off - 4, type == 8);
	cursor_skip(c, 4);
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
	cursor_skip(c, 3);
	if (type == 128 || type == 129)
		icmp_echo_track(p, c, UINT32_MAX, type == 128);
	cursor_skip(c, 4);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (type >= 1 && type <= 4 && cursor_rleft(c) > 0 && !(p->flags & PKT_IN_ERROR))
		dissect_quoted(p, c, dissect_ipv6);
}

static const char *const icmp_unreach_codes[] = {
	"Network unreachable", "Host unreachable", "Protocol unreachable", "Port unreachable",
	"Fragmentation needed", "Source route failed", "Destination network unknown",
	"Destination host unknown", "Source host isolated", "Network administratively prohibited",
	"Host administratively prohibited", "Network unreachable for TOS", "Host unreachable for TOS",
	"Communication administratively filtered", "Host precedence violation", "Precedence cutoff in effect",
};
static const char *const icmp_redirect_codes[] = {
	"Redirect for network", "Redirect for host", "Redirect for TOS and network", "Redirect for TOS and host",
};
static const char *const icmp_ttl_codes[] = {"Time to live exceeded in transit", "Fragment reassembly time exceeded"};
static const char *const icmp_param_codes[] = {"IP header bad", "Required option missing"};
static const char *const icmpv6_unreach_codes[] = {
	"No route to destination", "Administratively prohibited", "Beyond scope of source address",
	"Address unreachable", "Port unreachable", "Source address failed ingress/egress policy",
	"Reject route to destination",
};
static const char *const icmpv6_ttl_codes[] = {"Hop limit exceeded in transit", "Fragment reassembly time exceeded"};
static const char *const icmpv6_param_codes[] = {
	"Erroneous header field encountered", "Unrecognized Next Header type encountered",
	"Unrecognized IPv6 option encountered",
};

/* The name of CODE for an ICMP (V6 false) or ICMPv6 message of TYPE, or NULL. */
static const char *icmp_code_name(bool v6, uint8_t type, uint8_t code)
{
#define PICK(t) (code < G_N_ELEMENTS(t) ? (t)[code] : NULL)
	if (!v6)
		return type == 3 ? PICK(icmp_unreach_codes) : type == 5 ? PICK(icmp_redirect_codes) :
		       type == 11 ? PICK(icmp_ttl_codes) : type == 12 ? PICK(icmp_param_codes) : NULL;
	return type == 1 ? PICK(icmpv6_unreach_codes) : type == 3 ? PICK(icmpv6_ttl_codes) :
	       type == 4 ? PICK(icmpv6_param_codes) : NULL;
#undef PICK
}

/* Neighbor Discovery (RFC 4861), B of N bytes: a solicitation's target
 * (" for ADDR"), an advertisement's target and flags (" ADDR (sol, ovr)"),
 * then what the link-layer address options of every ND message say: the
 * source's (" from MAC"), the target's (" is at MAC"). */
static void icmpv6_nd_info(struct columns *c, const uint8_t *b, uint32_t n)
{
	static const uint32_t opts_at[] = {8, 16, 24, 24, 40}; /* types 133 to 137 */
	char a[INET6_ADDRSTRLEN];
	if ((b[0] == 135 || b[0] == 136) && n >= 24 && inet_ntop(AF_INET6, b + 8, a, sizeof a)) {
		if (b[0] == 135) {
			col_append(c, " for %s", a);
		} else {
			GString *f = g_string_new(NULL);
			if (b[4] & 0x80)
				g_string_append(f, "rtr, ");
			if (b[4] & 0x40)
				g_string_append(f, "sol, ");
			if (b[4] & 0x20)
				g_string_append(f, "ovr, ");
			if (f->len)
				g_string_truncate(f, f->len - 2);
			col_append(c, " %s (%s)", a, f->len ? f->str : "none");
			g_string_free(f, TRUE);
		}
	}
	for (uint32_t at = opts_at[b[0] - 133]; at + 2 <= n && b[at + 1] != 0; at += 8u * b[at + 1]) {
		const uint8_t *m = b + at + 2;
		if ((b[at] == 1 || b[at] == 2) && b[at + 1] == 1 && at + 8 <= n)
			col_append(c, " %s %02x:%02x:%02x:%02x:%02x:%02x", b[at] == 1 ? "from" : "is at", m[0], m[1], m[2],
				   m[3], m[4], m[5]);
	}
}

/* The message type's name (an ICMP one padded to 20 characters), the
 * code's in parentheses; an echo adds its identifier, sequence number (an
 * ICMP one also byte-swapped) and the TTL or hop limit it came with, and a
 * reply the frame of the request it answers. */
static void icmp_columns(struct columns *c, const struct packet *p, int idx)
{
	bool v6 = p->layers[idx].proto == PROTO_ICMPV6;
	uint32_t n;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	col_proto(c, v6 ? "ICMPv6" : "ICMP");
	if (n < 2) {
		col_clear(c);
		return;
	}
	const char *name = col_value_name(v6 ? "icmpv6.type" : "icmp.type", b[0]);
	const char *code = icmp_code_name(v6, b[0], b[1]);
	if (v6)
		col_set(c, "%s", name ? name : "Unknown type");
	else
		col_set(c, "%-20s", name ? name : "Unknown type");
	if (code)
		col_append(c, " (%s)", code);
	if (v6 && b[0] >= 133 && b[0] <= 137 && !(p->flags & PKT_IN_ERROR))
		icmpv6_nd_info(c, b, n);
	bool echo = v6 ? (b[0] == 128 || b[0] == 129) : (b[0] == 0 || b[0] == 8);
	if (!echo || n < 8 || (p->flags & PKT_IN_ERROR))
		return;
	unsigned id = (unsigned)b[4] << 8 | b[5], seq = (unsigned)b[6] << 8 | b[7];
	if (v6)
		col_append(c, " id=0x%04x, seq=%u", id, seq);
	else
		col_append(c, " id=0x%04x, seq=%u/%u", id, seq, (seq >> 8) | ((seq & 0xff) << 8));
	if (p->ip_layer >= 0)
		col_append(c, v6 ? ", hop limit=%u" : ", ttl=%u", p->ip_ttl);
	if (p->icmp_request)
		col_append(c, " (request in %" G_GUINT64_FORMAT ")", p->icmp_request);
}

/* ICMP's identifier and sequence number, in the messages that have them:
 * echo, timestamp, information and address mask requests and replies. */
static unsigned icmp_values(bool v6, const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 8)
		return 0;
	bool has = v6 ? d[0] == 128 || d[0] == 129 : d[0] == 0 || d[0] == 8 || (d[0] >= 13 && d[0] <= 18);
	if (!has)
		return 0;
	if (fv_same(a, v6 ? "icmpv6.echo.identifier" : "icmp.ident"))
		return fv_give_uint(fn, data, fv_get16(d + 4, true));
	if (fv_same(a, v6 ? "icmpv6.echo.sequence_number" : "icmp.seq"))
		return fv_give_uint(fn, data, fv_get16(d + 6, true));
	return 0;
}

static void icmp_field_values(G_GNUC_UNUSED const struct packet *p, const struct layer *l, const uint8_t *d,
			      uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		icmp_values(l->proto == PROTO_ICMPV6, d, n, f->abbrev, fn, data);
}

/* frame.protocols: "data" after an echo request or reply with data, the
 * frame's last layer (the hierarchy shows none). */
static const char *icmp_protocols_after(const struct packet *p, int idx)
{
	const struct layer *l = &p->layers[idx];
	if (idx + 1 != p->nlayers)
		return NULL;
	uint32_t cap;
	const uint8_t *b = fv_layer_base(p, l, &cap);
	if ((uint64_t)l->off + 8 >= cap || (uint64_t)l->off + 8 >= (uint64_t)l->off + l->len)
		return NULL;
	uint8_t type = b[l->off];
	bool echo = l->proto == PROTO_ICMP ? type == 0 || type == 8 : type == 128 || type == 129;
	return echo ? "data" : NULL;
}

static const struct handoff icmp_handoff[] = {
	IP_PROTO(1, dissect_icmp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(ICMP, "icmp", "Internet Control Message Protocol");
const struct protocol proto_icmp = {PROTO_ICMP, .short_name = "ICMP", .protocols_after = icmp_protocols_after, .transport = true,
                                    .columns = icmp_columns, .values = icmp_field_values,
                                    .fields = &icmp_table, .handoff = icmp_handoff};
static const struct handoff icmpv6_handoff[] = {
	IP_PROTO(58, dissect_icmpv6),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(ICMPV6, "icmpv6", "Internet Control Message Protocol v6");
const struct protocol proto_icmpv6 = {PROTO_ICMPV6, .short_name = "ICMPv6", .protocols_after = icmp_protocols_after,
                                      .transport = true, .columns = icmp_columns,
                                      .values = icmp_field_values, .fields = &icmpv6_table,
                                      .handoff = icmpv6_handoff};
