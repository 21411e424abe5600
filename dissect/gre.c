/* gre.c — Generic Routing Encapsulation (RFC 2784, RFC 2890) and the
 * enhanced GRE of PPTP (RFC 2637, version 1).
 *
 *   0                   1                   2                   3
 *   +-+-+-+-+-+-------+-----+-------+-------------------------------+
 *   |C|R|K|S|s|Recur  |A|Flg| Ver   |        Protocol Type          |
 *   +-+-+-+-+-+-------+-----+-------+-------------------------------+
 *   |  Checksum + Reserved (C or R)  | Key (K) | Seq (S) | Ack (A, v1) |
 *
 * The protocol type is an ethertype; 0x6558 carries a whole Ethernet frame
 * and 0x880b carries PPP.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def gre_fields[] = {
	{"gre.flags_and_version", "Flags and Version", FT_UINT16, BASE_HEX, 0, 2, 0, NULL},
	{"gre.proto", "Protocol Type", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"gre.key", "Key", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"gre.sequence_number", "Sequence Number", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(gre);

void dissect_gre(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_GRE, c->off);
	if (idx < 0)
		return;
	uint16_t fv = cursor_be16(c);
	uint16_t proto = cursor_be16(c);
	if (fv & 0xc000)
		cursor_skip(c, 4); /* checksum + reserved */
	if (fv & 0x2000)
		cursor_skip(c, 4); /* key (v1: payload length + call id) */
	if (fv & 0x1000)
		cursor_skip(c, 4); /* sequence number */
	if ((fv & 0x0007) == 1 && (fv & 0x0080))
		cursor_skip(c, 4); /* v1 acknowledgment number */
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (cursor_rleft(c) == 0)
		return; /* nothing carried: a PPTP acknowledgment, a keepalive */
	if (proto == 0x6558)
		dissect_eth(p, c);
	else if (proto == 0x880b)
		dissect_ppp(p, c);
	else
		dispatch(&ethertype_table, proto, p, c);
}

/* GRE: flags and version(2) protocol(2) [checksum(2) reserved(2) when C]
 * [key(4) when K] [sequence number(4) when S]. */
static unsigned gre_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 4)
		return 0;
	uint32_t flags = fv_get16(d, true), at = 4 + ((flags & 0x8000) ? 4 : 0);
	if (flags & 0x2000) {
		/* version 1 (PPTP) splits the key into a length and a call id */
		if (fv_same(a, "gre.key") && (flags & 7) == 0 && at + 4 <= n)
			return fv_give_uint(fn, data, fv_get32(d + at, true));
		at += 4;
	}
	if ((flags & 0x1000) && fv_same(a, "gre.sequence_number") && at + 4 <= n)
		return fv_give_uint(fn, data, fv_get32(d + at, true));
	return 0;
}

static void gre_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			     const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		gre_values(d, n, f->abbrev, fn, data);
}

/* The protocol types GRE names itself ("Encapsulated PPP"): what Info
 * says when nothing after GRE writes it (a PPTP acknowledgment). */
static const struct value_string gre_type_names[] = {
	{0x0000, "Possible GRE keepalive packet"}, {0x00fe, "OSI"}, {0x0800, "IP"}, {0x0806, "ARP"},
	{0x2000, "CDP (Cisco)"}, {0x2001, "NHRP"}, {0x22eb, "ERSPAN III"}, {0x6400, "MIKROTIK EoIP"},
	{0x6558, "Transparent Ethernet bridging"}, {0x6559, "Frame Relay"}, {0x8137, "IPX"},
	{0x86dd, "IPv6"}, {0x8847, "MPLS label switched packet"}, {0x880b, "PPP"}, {0x883e, "WCCP"},
	{0x88be, "ERSPAN"}, {0x894f, "Network Service Header"}, {0, NULL},
};

static void gre_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 4)
		return;
	uint32_t type = fv_get16(d + 2, true);
	const char *name = value_name(gre_type_names, type);
	if (name)
		col_set(c, "Encapsulated %s", name);
	else
		col_set(c, "Encapsulated 0x%04X (unknown)", type);
}

static const struct handoff gre_handoff[] = {
	IP_PROTO(47, dissect_gre),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(GRE, "gre", "Generic Routing Encapsulation");
const struct protocol proto_gre = {PROTO_GRE, .short_name = "GRE", .transport = true, .columns = gre_columns, .values = gre_field_values, .fields = &gre_table,
                                   .handoff = gre_handoff};
