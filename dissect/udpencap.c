/* udpencap.c — UDP encapsulation of IPsec (RFC 3948), UDP port 4500: four
 * zero bytes (the non-ESP marker) then ISAKMP, a one-byte 0xff NAT
 * keepalive, or ESP.
 */
#include "dissect/dissect.h"
#include "dissect/protocol.h"

void dissect_udpencap(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_UDPENCAP, c->off);
	if (idx < 0)
		return;
	if (cursor_rleft(c) == 1 && cursor_peek(c, 0) == 0xff)
		return; /* NAT keepalive */
	if (cursor_rleft(c) >= 4 && cursor_peek(c, 0) == 0 && cursor_peek(c, 1) == 0 &&
	    cursor_peek(c, 2) == 0 && cursor_peek(c, 3) == 0) {
		cursor_skip(c, 4);
		if (!dissect_try(dissect_isakmp, p, c))
			dissect_data(p, c);
		return;
	}
	dissect_esp(p, c);
}

static const struct handoff udpencap_handoff[] = {
	UDP_PORT(4500, dissect_udpencap),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(UDPENCAP, "udpencap", "UDP Encapsulation of IPsec Packets");
const struct protocol proto_udpencap = {PROTO_UDPENCAP, .short_name = "UDPENCAP", .handoff = udpencap_handoff};
