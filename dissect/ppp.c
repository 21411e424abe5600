/* ppp.c — Point-to-Point Protocol framing (RFC 1661, RFC 1662), as written by
 * LINKTYPE_PPP and LINKTYPE_PPP_HDLC captures and carried in GRE (PPTP).
 *
 *   +---------+---------+-------------+---------
 *   | address | control | protocol    | payload ...    address 0xff, control 0x03
 *   |  0xff   |  0x03   | 1 or 2 bytes|               (both may be omitted)
 *   +---------+---------+-------------+---------
 *
 * A protocol field whose first byte is odd is the 1-byte compressed form.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string ppp_proto_vals[] = {
	{0x0021, "Internet Protocol version 4"}, {0x0057, "Internet Protocol version 6"},
	{0x0281, "MPLS Unicast"}, {0x8057, "IPv6 Control Protocol"},
	{0x8021, "Internet Protocol Control Protocol"}, {0xc021, "Link Control Protocol"},
	{0xc023, "Password Authentication Protocol"}, {0xc223, "Challenge Handshake Authentication Protocol"},
	{0, NULL},
};

static const struct field_def ppp_fields[] = {
	{"ppp.address", "Address", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"ppp.control", "Control", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"ppp.protocol", "Protocol", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, ppp_proto_vals},
};
FIELD_TABLE_DEFINE(ppp);

void dissect_ppp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_PPP, c->off);
	if (idx < 0)
		return;
	if (cursor_peek(c, 0) == 0xff) /* an address byte: no protocol starts with 0xff */
		cursor_skip(c, 2);
	uint16_t proto = cursor_u8(c);
	if (!(proto & 1))
		proto = (uint16_t)(proto << 8 | cursor_u8(c));
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	switch (proto) {
	case 0x0021:
		dissect_ipv4(p, c);
		break;
	case 0x0057:
		dissect_ipv6(p, c);
		break;
	case 0x0281:
		dissect_mpls(p, c);
		break;
	default: {
		/* control protocols: one layer each, their options are fields */
		enum proto_id ctl = proto == 0xc021 ? PROTO_LCP : proto == 0xc023 ? PROTO_PAP :
				    proto == 0xc223 ? PROTO_CHAP : proto == 0x8021 ? PROTO_IPCP :
				    proto == 0x8057 ? PROTO_IPV6CP : PROTO_DATA;
		if (ctl == PROTO_DATA)
			dissect_data(p, c);
		else
			pkt_push_layer(p, ctl, c->off);
	}
	}
}

/* PPP: [address 0xff, control 0x03] protocol (1 byte when odd, else 2). */
static unsigned ppp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	uint32_t at = n >= 2 && d[0] == 0xff && d[1] == 0x03 ? 2 : 0;
	if (at && fv_same(a, "ppp.address"))
		return fv_give_uint(fn, data, d[0]);
	if (at && fv_same(a, "ppp.control"))
		return fv_give_uint(fn, data, d[1]);
	if (fv_same(a, "ppp.protocol") && at < n)
		return (d[at] & 1)   ? fv_give_uint(fn, data, d[at]) :
		       at + 2 <= n ? fv_give_uint(fn, data, fv_get16(d + at, true)) : 0;
	return 0;
}

static void ppp_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			     const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		ppp_values(d, n, f->abbrev, fn, data);
}

static const struct handoff ppp_handoff[] = {
	LINKTYPE(LINKTYPE_PPP, dissect_ppp),
	LINKTYPE(LINKTYPE_PPP_HDLC, dissect_ppp),
	HANDOFF_LIST_END,
};
const struct protocol proto_ppp = {PROTO_PPP, .transport = true, .values = ppp_field_values, .fields = &ppp_table,
                                   .handoff = ppp_handoff};
