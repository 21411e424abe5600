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

/* The control protocols' Info: the code's name (LCP, IPCP, IPv6CP; the
 * codes after Code Reject are LCP's only). */
static void ppp_cp_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const codes[] = {
		NULL, "Configuration Request", "Configuration Ack", "Configuration Nak", "Configuration Reject",
		"Termination Request", "Termination Ack", "Code Reject", "Protocol Reject", "Echo Request",
		"Echo Reply", "Discard Request", "Identification", "Time Remaining",
	};
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	size_t count = p->layers[idx].proto == PROTO_LCP ? G_N_ELEMENTS(codes) : 8;
	if (n >= 1)
		col_append(c, "%s", d[0] < count && codes[d[0]] ? codes[d[0]] : "Unknown");
}

/* The length-prefixed text at *AT of D (N bytes), quoted into Info; false
 * when it runs past the bytes. */
static bool pap_text(struct columns *c, const uint8_t *d, uint32_t n, uint32_t *at, const char *name)
{
	if (*at >= n || *at + 1u + d[*at] > n)
		return false;
	col_append(c, "%s='%.*s'", name, (int)d[*at], (const char *)d + *at + 1);
	*at += 1u + d[*at];
	return true;
}

/* PAP: "Authenticate-Request (Peer-ID='..', Password='..')", or the
 * answer with its message: "Authenticate-Ack (Message='..')". */
static void pap_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const codes[] = {NULL, "Authenticate-Request", "Authenticate-Ack", "Authenticate-Nak"};
	uint32_t n, at = 4;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (n < 1)
		return;
	col_append(c, "%s", d[0] < G_N_ELEMENTS(codes) && codes[d[0]] ? codes[d[0]] : "Unknown");
	if (d[0] == 1) {
		col_append(c, " (");
		if (pap_text(c, d, n, &at, "Peer-ID")) {
			col_append(c, ", ");
			pap_text(c, d, n, &at, "Password");
		}
		col_append(c, ")");
	} else if (d[0] == 2 || d[0] == 3) {
		col_append(c, " (");
		pap_text(c, d, n, &at, "Message");
		col_append(c, ")");
	}
}

static const struct handoff ppp_handoff[] = {
	LINKTYPE(LINKTYPE_PPP, dissect_ppp),
	LINKTYPE(LINKTYPE_PPP_HDLC, dissect_ppp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(PPP, "ppp", "Point-to-Point Protocol");
const struct protocol proto_ppp = {PROTO_PPP, .short_name = "PPP", .transport = true, .values = ppp_field_values, .fields = &ppp_table,
                                   .handoff = ppp_handoff};
PROTOCOL_ID(LCP, "lcp", "PPP Link Control Protocol");
const struct protocol proto_lcp = {PROTO_LCP, .short_name = "PPP LCP", .columns = ppp_cp_columns};
PROTOCOL_ID(IPCP, "ipcp", "PPP IP Control Protocol");
const struct protocol proto_ipcp = {PROTO_IPCP, .short_name = "PPP IPCP", .columns = ppp_cp_columns};
PROTOCOL_ID(IPV6CP, "ipv6cp", "PPP IPv6 Control Protocol");
const struct protocol proto_ipv6cp = {PROTO_IPV6CP, .short_name = "PPP IPV6CP", .columns = ppp_cp_columns};
PROTOCOL_ID(PAP, "pap", "PPP Password Authentication Protocol");
const struct protocol proto_pap = {PROTO_PAP, .short_name = "PPP PAP", .columns = pap_columns};
PROTOCOL_ID(CHAP, "chap", "PPP Challenge Handshake Authentication Protocol");
const struct protocol proto_chap = {PROTO_CHAP, .short_name = "PPP CHAP"};
