/* lat.c — DEC LAT (ethertype 0x6004), shown as one layer: its contents are
 * its own fields.
 */
#include "dissect/dissect.h"
#include "dissect/protocol.h"

/* One layer, nothing after it. */
void dissect_lat(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_LAT, c->off);
}

static const struct handoff lat_handoff[] = {
	ETHERTYPE(0x6004, dissect_lat),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(LAT, "lat", "Local Area Transport");
const struct protocol proto_lat = {PROTO_LAT, .short_name = "LAT", .handoff = lat_handoff};
