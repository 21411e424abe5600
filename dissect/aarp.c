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

/* An AppleTalk address of 4 bytes at D (a zero byte, network, node) as
 * "net.node". */
static const char *aarp_atalk(char *buf, size_t n, const uint8_t *d)
{
	g_snprintf(buf, n, "%u.%u", (unsigned)d[1] << 8 | d[2], d[3]);
	return buf;
}

/* "Who has 81.62?  Tell 46.203", "81.62 is at 08:00:07:..", "Is there a
 * 81.62": the header as ARP's (types, lengths, function), Ethernet
 * hardware addresses and 4-byte AppleTalk ones. */
static void aarp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (n < 28 || d[4] != 6 || d[5] != 4)
		return;
	unsigned op = (unsigned)d[6] << 8 | d[7];
	char spa[16], tpa[16];
	aarp_atalk(spa, sizeof spa, d + 14);
	aarp_atalk(tpa, sizeof tpa, d + 24);
	if (op == 1)
		col_append(c, "Who has %s?  Tell %s", tpa, spa);
	else if (op == 2)
		col_append(c, "%s is at %02x:%02x:%02x:%02x:%02x:%02x", spa, d[8], d[9], d[10], d[11], d[12], d[13]);
	else if (op == 3)
		col_append(c, "Is there a %s", tpa);
	else
		col_append(c, "Unknown AARP opcode 0x%04x", op);
}

static const struct handoff aarp_handoff[] = {
	ETHERTYPE(0x80f3, dissect_aarp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(AARP, "aarp", "AppleTalk Address Resolution Protocol");
const struct protocol proto_aarp = {PROTO_AARP, .short_name = "AARP", .columns = aarp_columns, .handoff = aarp_handoff};
