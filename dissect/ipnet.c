/* ipnet.c — Solaris ipnet (LINKTYPE_IPNET): version(1) family(1) htype(2)
 * pktlen(4) ifindex(4) grifindex(4) zsrc(4) zdst(4), then the IP packet;
 * family 2 = IPv4, 26 = IPv6.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def ipnet_fields[] = {
	{"ipnet.version", "Header version", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"ipnet.family", "Address family", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"ipnet.htype", "Hook type", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"ipnet.pktlen", "Packet length", FT_UINT32, BASE_DEC, 4, 4, 0, NULL},
	{"ipnet.ifindex", "Interface index", FT_UINT32, BASE_DEC, 8, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(ipnet);

void dissect_ipnet(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_IPNET, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 1);
	uint8_t family = cursor_u8(c);
	cursor_skip(c, 22);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (family == 2)
		dissect_ipv4(p, c);
	else if (family == 26)
		dissect_ipv6(p, c);
	else
		dissect_data(p, c);
}

static const struct handoff ipnet_handoff[] = {
	LINKTYPE(LINKTYPE_IPNET, dissect_ipnet),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(IPNET, "ipnet", "Solaris IPNET");
const struct protocol proto_ipnet = {PROTO_IPNET, .short_name = "IPNET", .fields = &ipnet_table, .handoff = ipnet_handoff};
