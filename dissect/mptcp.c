/* mptcp.c — Multipath TCP (RFC 8684): a TCP option (kind 30) whose subtype
 * (the high nibble of its third byte) says what it does:
 *
 *   | kind 30 | length | subtype | ... (MP_CAPABLE 0, MP_JOIN 1, DSS 2,
 *   ADD_ADDR 3, REMOVE_ADDR 4, MP_PRIO 5, MP_FAIL 6, MP_FASTCLOSE 7, MP_TCPRST 8)
 *
 * Wireshark shows a segment carrying one as MPTCP inside TCP's tree: the
 * protocol is among the frame's (frame.protocols, filters) but has no node
 * of the hierarchy, and names the Protocol column until a protocol of the
 * payload does.  The option's fields are not read here.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/protocol.h"

void mptcp_option(struct packet *p, uint32_t off)
{
	int idx = pkt_push_layer(p, PROTO_MPTCP, off);
	if (idx >= 0)
		p->layers[idx].flags |= PKT_NESTED | PKT_NAMES_PROTO;
}

static void mptcp_columns(struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
	col_proto(c, "MPTCP");
}

PROTOCOL_ID(MPTCP, "mptcp", "Multipath Transmission Control Protocol");
const struct protocol proto_mptcp = {PROTO_MPTCP, .short_name = "MPTCP", .columns = mptcp_columns};
