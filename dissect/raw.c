/* raw.c — raw IP link types: LINKTYPE_RAW (IPv4 or IPv6, told apart by the
 * version nibble), LINKTYPE_IPV4 and LINKTYPE_IPV6.  There is no link header:
 * LINKTYPE_RAW frames show a `raw` layer covering the whole frame. */
#include "dissect/protocol.h"
#include "dissect/dissect.h"
#include "dissect/field.h"


void dissect_ip_any(struct packet *p, struct cursor *c)
{
	int v = cursor_peek(c, 0);
	if (v < 0 && cursor_rleft(c) > 0) {
		cursor_need(c, 1); /* the version byte was not captured */
		pkt_note_cursor(p, p->nlayers - 1, c);
		return;
	}
	if (v >= 0 && (v >> 4) == 4)
		dissect_ipv4(p, c);
	else if (v >= 0 && (v >> 4) == 6)
		dissect_ipv6(p, c);
	else
		dissect_data(p, c);
}

void dissect_raw(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_RAW, c->off) < 0)
		return;
	dissect_ip_any(p, c);
}

/* LINKTYPE_IPV4 and LINKTYPE_IPV6 name the protocol themselves: no `raw` layer. */
void dissect_raw_ip4(struct packet *p, struct cursor *c)
{
	dissect_ipv4(p, c);
}

void dissect_raw_ip6(struct packet *p, struct cursor *c)
{
	dissect_ipv6(p, c);
}

static const struct handoff raw_handoff[] = {
	LINKTYPE(LINKTYPE_RAW_OLD, dissect_raw),
	LINKTYPE(LINKTYPE_RAW_OLD2, dissect_raw),
	LINKTYPE(LINKTYPE_RAW, dissect_raw),
	LINKTYPE(LINKTYPE_IPV4, dissect_raw_ip4),
	LINKTYPE(LINKTYPE_IPV6, dissect_raw_ip6),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(RAW, "raw", "Raw packet data");
const struct protocol proto_raw = {PROTO_RAW, .short_name = "Raw", .transport = true, .handoff = raw_handoff};
