/* aarp.c — AppleTalk ARP (ethertype 0x80f3), shown as one layer: its
 * contents are its own fields.
 */
#include "dissect/dissect.h"
#include "dissect/protocol.h"

/* One layer, nothing after it. */
void dissect_aarp(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_AARP, c->off);
}

static const struct handoff aarp_handoff[] = {
	ETHERTYPE(0x80f3, dissect_aarp),
	HANDOFF_LIST_END,
};
const struct protocol proto_aarp = {PROTO_AARP, .handoff = aarp_handoff};
