/* legacy.c — older LAN protocols still met on real networks, one layer each
 * with the sub-protocol Wireshark names where it is decided by a fixed field:
 *
 *   IPX (ethertype 0x8137, LLC SAP 0xe0, or "raw" 802.3 whose payload starts
 *   with the checksum 0xffff): checksum(2) length(2) transport control(1)
 *   packet type(1) destination network(4) node(6) socket(2) source network(4)
 *   node(6) socket(2); the socket names the service: 0x0452 SAP, 0x0453 RIP,
 *   0x0455 NetBIOS, 0x9001 NLSP.
 *   AppleTalk DDP (ethertype 0x809b): 13-byte extended header whose last byte
 *   is the DDP type: 1 RTMP response, 2 NBP, 5 RTMP request; AARP (0x80f3).
 *   DEC LAT (0x6004), DECnet Phase IV routing (0x6003), EIGRP (IP protocol 88).
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

static const struct field_def ddp_fields[] = {
	{"ddp.len", "Datagram length", FT_UINT16, BASE_DEC, 0, 2, 0x03ff, NULL},
	{"ddp.dst.net", "Destination Net", FT_UINT16, BASE_DEC, 4, 2, 0, NULL},
	{"ddp.src.net", "Source Net", FT_UINT16, BASE_DEC, 6, 2, 0, NULL},
	{"ddp.dst_socket", "Destination Socket", FT_UINT8, BASE_DEC, 10, 1, 0, NULL},
	{"ddp.src_socket", "Source Socket", FT_UINT8, BASE_DEC, 11, 1, 0, NULL},
	{"ddp.type", "Protocol type", FT_UINT8, BASE_DEC, 12, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(ddp);

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

static const struct field_def netbios_fields[] = {
	{"netbios.hdr_len", "Length", FT_UINT16, BASE_DEC_LE, 0, 2, 0, NULL},
	{"netbios.command", "Command", FT_UINT8, BASE_HEX, 4, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(netbios);

/* NetBIOS Frames over LLC (SAP 0xf0): header length(2, little-endian)
 * delimiter 0xefff(2) command(1) ...; the header's length covers it all,
 * and what follows it is SMB, SMB2 or data. */
void dissect_netbios(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_NETBIOS, c->off);
	if (idx < 0)
		return;
	uint16_t hlen = cursor_le16(c);
	uint16_t delim = cursor_le16(c);
	if (cursor_ok(c) && (delim != 0xefff || hlen < 14))
		c->err = CUR_MALFORMED;
	if (cursor_ok(c))
		cursor_skip(c, hlen - 4u);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (cursor_rleft(c) > 0)
		dissect_netbios_payload(p, c);
}

/* Protocols shown as one layer: their contents are their own fields. */
static void one_layer(struct packet *p, struct cursor *c, enum proto_id proto)
{
	pkt_push_layer(p, proto, c->off);
}

void dissect_aarp(struct packet *p, struct cursor *c) { one_layer(p, c, PROTO_AARP); }
void dissect_lat(struct packet *p, struct cursor *c) { one_layer(p, c, PROTO_LAT); }
void dissect_dec_dna(struct packet *p, struct cursor *c) { one_layer(p, c, PROTO_DEC_DNA); }
void dissect_eigrp(struct packet *p, struct cursor *c) { one_layer(p, c, PROTO_EIGRP); }

static const struct handoff ipx_handoff[] = {
	ETHERTYPE(0x8137, dissect_ipx),
	HANDOFF_LIST_END,
};
const struct protocol proto_ipx = {PROTO_IPX, .fields = &ipx_table, .handoff = ipx_handoff};

static const struct handoff ddp_handoff[] = {
	ETHERTYPE(0x809b, dissect_ddp),
	HANDOFF_LIST_END,
};
const struct protocol proto_ddp = {PROTO_DDP, .fields = &ddp_table, .handoff = ddp_handoff};

const struct protocol proto_netbios = {PROTO_NETBIOS, .fields = &netbios_table};

static const struct handoff dec_dna_handoff[] = {
	ETHERTYPE(0x6003, dissect_dec_dna),
	HANDOFF_LIST_END,
};
const struct protocol proto_dec_dna = {PROTO_DEC_DNA, .handoff = dec_dna_handoff};

static const struct handoff lat_handoff[] = {
	ETHERTYPE(0x6004, dissect_lat),
	HANDOFF_LIST_END,
};
const struct protocol proto_lat = {PROTO_LAT, .handoff = lat_handoff};

static const struct handoff aarp_handoff[] = {
	ETHERTYPE(0x80f3, dissect_aarp),
	HANDOFF_LIST_END,
};
const struct protocol proto_aarp = {PROTO_AARP, .handoff = aarp_handoff};

static const struct handoff eigrp_handoff[] = {
	IP_PROTO(88, dissect_eigrp),
	HANDOFF_LIST_END,
};
const struct protocol proto_eigrp = {PROTO_EIGRP, .handoff = eigrp_handoff};
