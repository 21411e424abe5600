/* lat.c — DEC LAT (ethertype 0x6004), shown as one layer: its contents are
 * its own fields.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

/* One layer, nothing after it. */
void dissect_lat(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_LAT, c->off);
}

/* Info: the message type, the first byte's upper six bits. */
static const struct value_string lat_msg_types[] = {
	{0, "Run"}, {1, "Start"}, {2, "Stop"}, {10, "Service announcement"}, {12, "Command"},
	{13, "Status"}, {14, "Solicit information"}, {15, "Response information"}, {0, NULL},
};

static void lat_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 1)
		return;
	col_set_value(c, lat_msg_types, d[0] >> 2, "Unknown (0x%02x)");
}

static const struct handoff lat_handoff[] = {
	ETHERTYPE(0x6004, dissect_lat),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(LAT, "lat", "Local Area Transport");
const struct protocol proto_lat = {PROTO_LAT, .short_name = "LAT", .columns = lat_columns, .handoff = lat_handoff};
