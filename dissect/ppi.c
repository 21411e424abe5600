/* ppi.c — Per-Packet Information header (LINKTYPE_PPI): a little-endian
 * header naming the link type of the frame that follows it.
 *
 *   0        1       2        4                8
 *   +--------+-------+--------+----------------+-------------------
 *   | version| flags | length | link type (LE) | fields ... | frame
 *   +--------+-------+--------+----------------+-------------------
 *
 * `length` covers the whole PPI header including its fields.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def ppi_fields[] = {
	{"ppi.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"ppi.flags", "Flags", FT_UINT8, BASE_HEX, 1, 1, 0, NULL},
	{"ppi.length", "Header length", FT_UINT16, BASE_DEC_LE, 2, 2, 0, NULL},
	{"ppi.dlt", "DLT", FT_UINT32, BASE_DEC_LE, 4, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(ppi);

bool ppi_has_fcs(const uint8_t *d, uint32_t n)
{
	if (n < 8)
		return false;
	uint32_t len = fv_get16(d + 2, false), at = 8;
	if (len > n)
		len = n;
	/* fields: type(2) length(2) data; 802.11-common (type 2) has its
	 * flags after the 8-byte TSF timer, 0x0001 = FCS at the frame's end */
	while (at + 4 <= len) {
		uint32_t type = fv_get16(d + at, false), flen = fv_get16(d + at + 2, false);
		if (at + 4 + flen > len)
			return false;
		if (type == 2 && flen >= 10)
			return fv_get16(d + at + 4 + 8, false) & 0x0001;
		at += 4 + flen;
	}
	return false;
}

void dissect_ppi(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_PPI, c->off);
	if (idx < 0)
		return;
	uint32_t start = c->off;
	cursor_skip(c, 2);
	uint16_t len = cursor_le16(c);
	uint32_t dlt = cursor_le32(c);
	if (cursor_ok(c) && len < 8)
		c->err = CUR_MALFORMED;
	if (cursor_ok(c))
		cursor_skip(c, len - (c->off - start));
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	/* the 802.11 frame's FCS is not part of what it carries */
	if (dlt == LINKTYPE_IEEE802_11 && ppi_has_fcs(c->data + start, c->end - start) && cursor_rleft(c) >= 4) {
		c->rend -= 4;
		if (c->end > c->rend)
			c->end = c->rend;
	}
	/* 802.11 behind PPI's radio fields is shown with a radio layer */
	dissector_fn fn = dlt == LINKTYPE_PPI ? NULL : dlt == LINKTYPE_IEEE802_11 ? dissect_wlan_radio :
			  dispatch_find(&linktype_table, dlt);
	if (fn)
		fn(p, c);
	else
		dissect_data(p, c);
}

static const struct handoff ppi_handoff[] = {
	LINKTYPE(LINKTYPE_PPI, dissect_ppi),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(PPI, "ppi", "PPI Packet Header");
const struct protocol proto_ppi = {PROTO_PPI, .short_name = "PPI", .fields = &ppi_table, .handoff = ppi_handoff};
