/* eigrp.c — EIGRP (RFC 7868), IP protocol 88, shown as one layer: its
 * contents are its own fields.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

/* One layer, nothing after it. */
void dissect_eigrp(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_EIGRP, c->off);
}

/* Info: the opcode's name; a Hello that acknowledges (a nonzero
 * acknowledgment number) is "Hello (Ack)". */
static const struct value_string eigrp_opcodes[] = {
	{1, "Update"}, {2, "Request"}, {3, "Query"}, {4, "Reply"}, {5, "Hello"}, {6, "IPX/SAP Update"},
	{7, "Route Probe"}, {8, "Hello (Ack)"}, {9, "Stub-Info"}, {10, "SIA-Query"}, {11, "SIA-Reply"}, {0, NULL},
};

static void eigrp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 2)
		return;
	unsigned op = d[1];
	if (op == 5 && n >= 16 && (d[12] | d[13] | d[14] | d[15]))
		op = 8;
	col_set_value(c, eigrp_opcodes, op, "Unknown OpCode (0x%04x)");
}

static const struct handoff eigrp_handoff[] = {
	IP_PROTO(88, dissect_eigrp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(EIGRP, "eigrp", "Enhanced Interior Gateway Routing Protocol");
const struct protocol proto_eigrp = {PROTO_EIGRP, .short_name = "EIGRP", .columns = eigrp_columns, .handoff = eigrp_handoff};
