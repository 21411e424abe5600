/* bgp.c — Border Gateway Protocol 4 (RFC 4271) on TCP port 179: messages
 * behind a 19-byte header, several to a segment (each its own `bgp` layer,
 * nested, their names joined in the Info as Wireshark writes them):
 *
 *   +----------------------------------+-----------+---------+-------------+
 *   | marker (16 bytes, all ones)      | length(2) | type(1) | message ... |
 *   +----------------------------------+-----------+---------+-------------+
 *     type: 1 OPEN, 2 UPDATE, 3 NOTIFICATION, 4 KEEPALIVE, 5 ROUTE-REFRESH
 *     OPEN: version(1) my AS(2) hold time(2) BGP identifier(4) opt len(1) ...
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { BGP_HEADER = 19, BGP_MAX = 65535 };

static const struct value_string bgp_types[] = {
	{1, "OPEN Message"}, {2, "UPDATE Message"}, {3, "NOTIFICATION Message"}, {4, "KEEPALIVE Message"},
	{5, "ROUTE-REFRESH Message"}, {6, "CAPABILITY Message"}, {128, "Cisco ROUTE-REFRESH Message"},
	{0, NULL},
};

static const struct field_def bgp_fields[] = {
	{"bgp.marker", "Marker", FT_BYTES, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"bgp.length", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"bgp.type", "Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, bgp_types},
	{"bgp.open.version", "Version", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"bgp.open.myas", "My AS", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"bgp.open.holdtime", "Hold Time", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"bgp.open.identifier", "BGP Identifier", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(bgp);

static bool marker_ok(const uint8_t *d, uint32_t n)
{
	for (uint32_t i = 0; i < n && i < 16; i++)
		if (d[i] != 0xff)
			return false;
	return true;
}

static uint32_t bgp_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (!marker_ok(d, avail))
		return 0;
	if (avail < BGP_HEADER)
		return PDU_NEED_MORE;
	uint32_t len = (uint32_t)d[16] << 8 | d[17];
	return len < BGP_HEADER ? 0 : len;
}

/* Everything on the port is BGP's, as in Wireshark: a segment that does not
 * start with a marker is a BGP layer that names no message; bytes without
 * one after a message are passed over.  A header whose length is below
 * its own size makes the segment malformed before any BGP layer, as
 * Wireshark's framing finds it. */
static void dissect_bgp(struct packet *p, struct cursor *c)
{
	bool after_message = p->nlayers > 0 && p->layers[p->nlayers - 1].proto == PROTO_BGP;
	if (!marker_ok(c->data + c->off, cursor_left(c)) || cursor_rleft(c) < BGP_HEADER) {
		if (!after_message)
			pkt_push_layer(p, PROTO_BGP, c->off);
		else
			p->flags |= PKT_PDU_STOP; /* passed over: no data layer either */
		cursor_skip(c, cursor_rleft(c));
		return;
	}
	int lo = cursor_peek(c, 17), hi = cursor_peek(c, 16);
	if (hi >= 0 && lo >= 0 && (hi << 8 | lo) < BGP_HEADER) {
		if (p->l4_layer >= 0)
			pkt_mark(p, p->l4_layer, PKT_MALFORMED);
		p->flags |= PKT_PDU_STOP; /* the segment ends here, no data after */
		cursor_skip(c, cursor_rleft(c));
		return;
	}
	int idx = pkt_push_layer(p, PROTO_BGP, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 16);
	uint16_t len = cursor_be16(c);
	cursor_skip(c, len - 18u);
	pkt_note_cursor(p, idx, c);
}

/* Each message's name; those after the first of a segment joined with ", ". */
static void bgp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "BGP");
	if (!col_follows_same(p, idx))
		col_clear(c);
	if (!d || n < BGP_HEADER || !marker_ok(d, n) || (p->layers[idx].flags & PKT_MALFORMED))
		return;
	const char *name = value_name(bgp_types, d[18]);
	col_append_sep(c, ", ", "%s", name ? name : "Unknown Message");
}

/* The header's marker, length and type (none in bytes without the marker);
 * an OPEN message's version, AS, hold time and identifier. */
static void bgp_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
		       uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	const char *a = f->abbrev;
	if (!d || n < BGP_HEADER || !marker_ok(d, n))
		return;
	if (fv_get16(d + 16, true) < BGP_HEADER)
		return; /* a length below the header's: Wireshark shows no field */
	if (fv_same(a, "bgp.marker")) {
		fv_give_ptr(fn, data, FV_BYTES, d, 16);
		return;
	}
	if (fv_same(a, "bgp.length")) {
		fv_give_uint(fn, data, fv_get16(d + 16, true));
		return;
	}
	if (fv_same(a, "bgp.type")) {
		fv_give_uint(fn, data, d[18]);
		return;
	}
	if (d[18] != 1 || n < BGP_HEADER + 9)
		return;
	const uint8_t *o = d + BGP_HEADER;
	if (fv_same(a, "bgp.open.version"))
		fv_give_uint(fn, data, o[0]);
	else if (fv_same(a, "bgp.open.myas"))
		fv_give_uint(fn, data, fv_get16(o + 1, true));
	else if (fv_same(a, "bgp.open.holdtime"))
		fv_give_uint(fn, data, fv_get16(o + 3, true));
	else if (fv_same(a, "bgp.open.identifier"))
		fv_give_ptr(fn, data, FV_IPV4, o + 5, 4);
}

/* Wireshark's registration: TCP port 179, each message framed by its
 * header's length. */
static const struct handoff bgp_handoff[] = {
	TCP_PORT(179, dissect_bgp),
	HANDOFF_LIST_END,
};
static const struct pdu_framing bgp_framing[] = {
	{dissect_bgp, bgp_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(BGP, "bgp", "Border Gateway Protocol");
const struct protocol proto_bgp = {PROTO_BGP, .short_name = "BGP", .fields = &bgp_table, .columns = bgp_columns, .values = bgp_values,
				   .handoff = bgp_handoff, .framing = bgp_framing};
