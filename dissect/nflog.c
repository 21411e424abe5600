/* nflog.c — Linux netfilter log (LINKTYPE_NFLOG): family(1) version(1)
 * resource id(2, big-endian), then TLVs of length(2) type(2) value, in host
 * byte order, each padded to 4 bytes; type 9 holds the packet.  The log
 * header is not a protocol layer of its own in Wireshark's hierarchy: the
 * packet's first layer is its IP header.
 */
#include "dissect/dissect.h"
#include "dissect/protocol.h"

void dissect_nflog(struct packet *p, struct cursor *c)
{
	uint8_t family = cursor_u8(c);
	cursor_skip(c, 3);
	while (cursor_ok(c) && cursor_rleft(c) >= 4) {
		uint16_t len = cursor_le16(c), type = cursor_le16(c);
		if (!cursor_ok(c))
			break;
		if (len < 4) {
			pkt_mark(p, p->nlayers - 1, PKT_MALFORMED);
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

static const struct handoff nflog_handoff[] = {
	LINKTYPE(LINKTYPE_NFLOG, dissect_nflog),
	HANDOFF_LIST_END,
};
const struct protocol proto_nflog = {PROTO_NO_LAYER, .handoff = nflog_handoff};
