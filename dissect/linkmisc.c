/* linkmisc.c — small link-layer and encapsulation headers:
 *
 *   ipnet (Solaris, LINKTYPE_IPNET): version(1) family(1) htype(2) pktlen(4)
 *       ifindex(4) grifindex(4) zsrc(4) zdst(4), then the IP packet;
 *       family 2 = IPv4, 26 = IPv6.
 *   nflog (Linux netfilter log, LINKTYPE_NFLOG): family(1) version(1)
 *       resource id(2, big-endian), then TLVs of length(2) type(2) value,
 *       in host byte order, each padded to 4 bytes; type 9 holds the packet.
 *       The log header is not a protocol layer of its own in Wireshark's
 *       hierarchy: the packet's first layer is its IP header.
 *   pktap (Apple, LINKTYPE_PKTAP): header length(4) record type(4) link
 *       type(4) ..., little-endian; the packet follows the header and is
 *       dissected by its link type.
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

static const struct field_def pktap_fields[] = {
	{"pktap.hdrlen", "Header length", FT_UINT32, BASE_DEC_LE, 0, 4, 0, NULL},
	{"pktap.rectype", "Record type", FT_UINT32, BASE_DEC_LE, 4, 4, 0, NULL},
	{"pktap.dlt", "DLT", FT_UINT32, BASE_DEC_LE, 8, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(pktap);

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

void dissect_nflog(struct packet *p, struct cursor *c)
{
	uint8_t family = cursor_u8(c);
	cursor_skip(c, 3);
	while (cursor_ok(c) && cursor_rleft(c) >= 4) {
		uint16_t len = cursor_le16(c), type = cursor_le16(c);
		if (!cursor_ok(c))
			break;
		if (len < 4) {
			p->flags |= PKT_MALFORMED;
			return;
		}
		if (type == 9) {
			struct cursor v = cursor_sub(c, len - 4u);
			if (family == 2)
				dissect_ipv4(p, &v);
			else if (family == 10)
				dissect_ipv6(p, &v);
			else
				dissect_data(p, &v);
			return;
		}
		cursor_skip(c, ((len + 3u) & ~3u) - 4u);
	}
	if (c->err == CUR_TRUNCATED)
		p->flags |= PKT_TRUNCATED;
}

void dissect_pktap(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_PKTAP, c->off);
	if (idx < 0)
		return;
	uint32_t hdrlen = cursor_le32(c), rectype = cursor_le32(c), dlt = cursor_le32(c);
	if (cursor_ok(c) && hdrlen < 12)
		c->err = CUR_MALFORMED;
	if (cursor_ok(c))
		cursor_skip(c, hdrlen - 12);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (rectype == 1 && dlt != LINKTYPE_PKTAP)
		dispatch(&linktype_table, dlt, p, c);
	else
		dissect_data(p, c);
}

static const struct handoff ipnet_handoff[] = {
	LINKTYPE(LINKTYPE_IPNET, dissect_ipnet),
	HANDOFF_LIST_END,
};
const struct protocol proto_ipnet = {PROTO_IPNET, .fields = &ipnet_table, .handoff = ipnet_handoff};

static const struct handoff pktap_handoff[] = {
	LINKTYPE(LINKTYPE_PKTAP, dissect_pktap),
	HANDOFF_LIST_END,
};
const struct protocol proto_pktap = {PROTO_PKTAP, .fields = &pktap_table, .handoff = pktap_handoff};

static const struct handoff nflog_handoff[] = {
	LINKTYPE(LINKTYPE_NFLOG, dissect_nflog),
	HANDOFF_LIST_END,
};
const struct protocol proto_nflog = {PROTO_NO_LAYER, .handoff = nflog_handoff};
