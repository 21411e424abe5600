/* pktap.c — Apple's pktap (LINKTYPE_PKTAP): header length(4) record type(4)
 * link type(4) ..., little-endian; the packet follows the header and is
 * dissected by its link type.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def pktap_fields[] = {
	{"pktap.hdrlen", "Header length", FT_UINT32, BASE_DEC_LE, 0, 4, 0, NULL},
	{"pktap.rectype", "Record type", FT_UINT32, BASE_DEC_LE, 4, 4, 0, NULL},
	{"pktap.dlt", "DLT", FT_UINT32, BASE_DEC_LE, 8, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(pktap);

void dissect_pktap(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_PKTAP, c->off);
	if (idx < 0)
		return;
	uint32_t hdrlen = cursor_le32(c), rectype = cursor_le32(c), dlt = cursor_le32(c);
	if (cursor_ok(c) && hdrlen < 12)
		c->err = CUR_MALFORMED;
	if (cursor_ok(c))
		cursor_skip(c, hdrlen - 12);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (rectype == 1 && dlt != LINKTYPE_PKTAP)
		dispatch(&linktype_table, dlt, p, c);
	else
		dissect_data(p, c);
}

static const struct handoff pktap_handoff[] = {
	LINKTYPE(LINKTYPE_PKTAP, dissect_pktap),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(PKTAP, "pktap", "PKTAP packet header");
const struct protocol proto_pktap = {PROTO_PKTAP, .short_name = "PKTAP", .fields = &pktap_table, .handoff = pktap_handoff};
