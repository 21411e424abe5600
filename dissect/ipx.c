/* ipx.c — IPX (ethertype 0x8137, LLC SAP 0xe0, or "raw" 802.3 whose payload
 * starts with the checksum 0xffff), one layer with the service Wireshark
 * names after it where the socket decides it:
 *
 *   +----------+--------+---------+------+-----------------------------+
 *   | checksum | length | hops    | type | destination network(4)      |
 *   |   (2)    |  (2)   | (1)     | (1)  | node(6) socket(2)           |
 *   +----------+--------+---------+------+-----------------------------+
 *   | source network(4) node(6) socket(2)                             |
 *   +------------------------------------------------------------------+
 *
 * The socket names the service: 0x0452 SAP, 0x0453 RIP, 0x0455 NetBIOS,
 * 0x9001 NLSP.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def ipx_fields[] = {
	{"ipx.checksum", "Checksum", FT_UINT16, BASE_HEX, 0, 2, 0, NULL},
	{"ipx.len", "Length", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"ipx.hops", "Transport Control (Hops)", FT_UINT8, BASE_DEC, 4, 1, 0, NULL},
	{"ipx.packet_type", "Packet Type", FT_UINT8, BASE_HEX, 5, 1, 0, NULL},
	{"ipx.dst.net", "Destination Network", FT_UINT32, BASE_HEX, 6, 4, 0, NULL},
	{"ipx.dst.socket", "Destination Socket", FT_UINT16, BASE_HEX, 16, 2, 0, NULL},
	{"ipx.src.net", "Source Network", FT_UINT32, BASE_HEX, 18, 4, 0, NULL},
	{"ipx.src.socket", "Source Socket", FT_UINT16, BASE_HEX, 28, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(ipx);

static enum proto_id ipx_service(uint16_t socket)
{
	switch (socket) {
	case 0x0452: return PROTO_IPXSAP;
	case 0x0453: return PROTO_IPXRIP;
	case 0x0455: return PROTO_NBIPX;
	case 0x9001: return PROTO_NLSP;
	default: return PROTO_DATA;
	}
}

void dissect_ipx(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_IPX, c->off);
	if (idx < 0)
		return;
	uint32_t start = c->off;
	cursor_skip(c, 2);
	uint16_t len = cursor_be16(c);
	cursor_skip(c, 12);
	uint16_t dsock = cursor_be16(c);
	cursor_skip(c, 10);
	uint16_t ssock = cursor_be16(c);
	if (cursor_ok(c) && len < 30)
		c->err = CUR_MALFORMED;
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	c->off = start;
	if (len <= cursor_rleft(c))
		cursor_limit(c, len);
	c->off = start + 30;
	enum proto_id svc = ipx_service(dsock);
	if (svc == PROTO_DATA)
		svc = ipx_service(ssock);
	if (svc != PROTO_DATA)
		pkt_push_layer(p, svc, c->off);
	else
		dissect_data(p, c);
}

/* SAP and IPX RIP: the packet type or operation in their first two bytes
 * ("General Response", "Request"). */
static void ipx_service_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const sap[] = {NULL, "General Query", "General Response", "Nearest Query",
					  "Nearest Response"};
	static const char *const rip[] = {NULL, "Request", "Response"};
	bool is_sap = p->layers[idx].proto == PROTO_IPXSAP;
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (n < 2)
		return;
	unsigned type = (unsigned)d[0] << 8 | d[1];
	const char *const *names = is_sap ? sap : rip;
	size_t count = is_sap ? G_N_ELEMENTS(sap) : G_N_ELEMENTS(rip);
	if (type < count && names[type])
		col_append(c, "%s", names[type]);
	else
		col_append(c, "Unknown Packet Type");
}

/* NetBIOS over IPX: after 32 bytes of route (eight networks), the name
 * type and the packet type; the name packets (types 1 to 5) name the 16-byte
 * NetBIOS name that follows ("Find name NAME<1d>"). */
static void nbipx_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const types[] = {NULL, "Find name", "Name recognized", "Check name", "Name in use",
					    "Deregister name"};
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 50 || d[33] < 1 || d[33] >= G_N_ELEMENTS(types))
		return;
	char name[96];
	netbios_raw_name(d + 34, name);
	col_set(c, "%s %s", types[d[33]], name);
}

static const struct handoff ipx_handoff[] = {
	ETHERTYPE(0x8137, dissect_ipx),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(IPX, "ipx", "Internetwork Packet eXchange");
const struct protocol proto_ipx = {PROTO_IPX, .short_name = "IPX", .fields = &ipx_table, .handoff = ipx_handoff};
PROTOCOL_ID(IPXSAP, "ipxsap", "Service Advertisement Protocol");
const struct protocol proto_ipxsap = {PROTO_IPXSAP, .short_name = "IPX SAP", .columns = ipx_service_columns};
PROTOCOL_ID(IPXRIP, "ipxrip", "IPX Routing Information Protocol");
const struct protocol proto_ipxrip = {PROTO_IPXRIP, .short_name = "IPX RIP", .columns = ipx_service_columns};
PROTOCOL_ID(NBIPX, "nbipx", "NetBIOS over IPX");
const struct protocol proto_nbipx = {PROTO_NBIPX, .short_name = "NBIPX", .columns = nbipx_columns};
PROTOCOL_ID(NLSP, "nlsp", "NetWare Link Services Protocol");
const struct protocol proto_nlsp = {PROTO_NLSP, .short_name = "NLSP"};
