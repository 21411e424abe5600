/* chdlc.c — Cisco HDLC (LINKTYPE_C_HDLC): address(1) control(1) protocol(2),
 * the protocol an ethertype; 0xfefe carries OSI, whose network layer
 * protocol id 0x83 (after a padding byte on some routers) is IS-IS.
 */
#include "dissect/dissect.h"
#include "dissect/protocol.h"

void dissect_chdlc(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_CHDLC, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 2);
	uint16_t proto = cursor_be16(c);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (proto == 0xfefe) {
		/* OSI: the network layer protocol id, after a padding byte on
		 * some routers */
		if (cursor_rleft(c) > 0 && (cursor_peek(c, 0) < 0 ||
					    (cursor_peek(c, 0) != 0x83 && cursor_rleft(c) > 1 && cursor_peek(c, 1) < 0))) {
			pkt_mark(p, idx, PKT_TRUNCATED); /* the protocol id is cut off */
			return;
		}
		if (cursor_peek(c, 0) != 0x83 && cursor_peek(c, 1) == 0x83)
			cursor_skip(c, 1);
		if (cursor_peek(c, 0) == 0x83)
			dissect_isis(p, c);
		else
			dissect_data(p, c);
		return;
	}
	dispatch(&ethertype_table, proto, p, c);
}

static const struct handoff chdlc_handoff[] = {
	LINKTYPE(LINKTYPE_C_HDLC, dissect_chdlc),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(CHDLC, "chdlc", "Cisco HDLC");
const struct protocol proto_chdlc = {PROTO_CHDLC, .short_name = "CHDLC", .handoff = chdlc_handoff};
