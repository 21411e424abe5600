/* ddp.c — AppleTalk DDP (ethertype 0x809b): a 13-byte extended header
 * whose last byte is the DDP type: 1 RTMP response, 2 NBP, 5 RTMP request,
 * each shown as a layer of its own after DDP's.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def ddp_fields[] = {
	{"ddp.len", "Datagram length", FT_UINT16, BASE_DEC, 0, 2, 0x03ff, NULL},
	{"ddp.dst.net", "Destination Net", FT_UINT16, BASE_DEC, 4, 2, 0, NULL},
	{"ddp.src.net", "Source Net", FT_UINT16, BASE_DEC, 6, 2, 0, NULL},
	{"ddp.dst_socket", "Destination Socket", FT_UINT8, BASE_DEC, 10, 1, 0, NULL},
	{"ddp.src_socket", "Source Socket", FT_UINT8, BASE_DEC, 11, 1, 0, NULL},
	{"ddp.type", "Protocol type", FT_UINT8, BASE_DEC, 12, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(ddp);

void dissect_ddp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_DDP, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 12);
	uint8_t type = cursor_u8(c);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (type == 2)
		pkt_push_layer(p, PROTO_NBP, c->off);
	else if (type == 1 || type == 5)
		pkt_push_layer(p, PROTO_RTMP, c->off);
	else
		dissect_data(p, c);
}

static const struct handoff ddp_handoff[] = {
	ETHERTYPE(0x809b, dissect_ddp),
	HANDOFF_LIST_END,
};
const struct protocol proto_ddp = {PROTO_DDP, .fields = &ddp_table, .handoff = ddp_handoff};
