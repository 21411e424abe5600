/* eigrp.c — EIGRP (RFC 7868), IP protocol 88, shown as one layer: its
 * contents are its own fields.
 */
#include "dissect/dissect.h"
#include "dissect/protocol.h"

/* One layer, nothing after it. */
void dissect_eigrp(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_EIGRP, c->off);
}

static const struct handoff eigrp_handoff[] = {
	IP_PROTO(88, dissect_eigrp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(EIGRP, "eigrp", "Enhanced Interior Gateway Routing Protocol");
const struct protocol proto_eigrp = {PROTO_EIGRP, .short_name = "EIGRP", .handoff = eigrp_handoff};
