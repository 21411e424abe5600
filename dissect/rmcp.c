/* rmcp.c — the Remote Management Control Protocol (DMTF ASF, DSP0136) on
 * UDP port 623, and its security extensions (RSP) on 664: a 4-byte header
 * whose class says what follows.
 *
 *   0         1          2          3
 *   +---------+----------+----------+---------------------+
 *   | version | reserved | sequence | A | 0 0 | class (5) |
 *   +---------+----------+----------+---------------------+
 *   | class 6: ASF message, 7: IPMI session wrapper, 8: OEM ...
 *
 * A is set on an ACK, which carries nothing after the header.  A class
 * other than 6, 7 or 8 is not RMCP, as Wireshark decides (the datagram
 * stays UDP's data).  RSP puts a session id and a sequence number (4 bytes
 * each, big-endian) before the RMCP header; Wireshark reads that RMCP
 * header without naming it in frame.protocols, and an RMCP it rejects
 * there leaves the rest unshown.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/rmcp.h"

enum { RMCP_CLASS_ASF = 6, RMCP_CLASS_IPMI = 7, RMCP_CLASS_OEM = 8 };

static const struct value_string rmcp_classes[] = {
	{RMCP_CLASS_ASF, "ASF"}, {RMCP_CLASS_IPMI, "IPMI"}, {RMCP_CLASS_OEM, "OEM"}, {0, NULL},
};

static const struct value_string rmcp_types[] = {
	{0, "Normal RMCP"}, {1, "RMCP ACK"}, {0, NULL},
};

static const struct field_def rmcp_fields[] = {
	{"rmcp.version", "Version", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"rmcp.reserved", "Reserved", FT_UINT8, BASE_HEX, 1, 1, 0, NULL},
	{"rmcp.sequence", "Sequence", FT_UINT8, BASE_HEX, 2, 1, 0, NULL},
	{"rmcp.class", "Class", FT_UINT8, BASE_HEX, 3, 1, 0x1f, rmcp_classes},
	{"rmcp.type", "Message Type", FT_UINT8, BASE_HEX, 3, 1, 0x80, rmcp_types},
};
FIELD_TABLE_DEFINE(rmcp);

static const struct field_def rsp_fields[] = {
	{"rsp.session_id", "Session ID", FT_UINT32, BASE_HEX, 0, 4, 0, NULL},
	{"rsp.sequence", "Sequence", FT_UINT32, BASE_HEX, 4, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(rsp);

/* The header, then the class's message unless it is an ACK.  Inside RSP
 * the layer is in the tree only. */
static void rmcp_read(struct packet *p, struct cursor *c, bool in_rsp)
{
	int cls = cursor_peek(c, 3);
	if (cls < 0 || !value_name(rmcp_classes, (uint32_t)cls & 0x1f))
		return; /* no class byte, or a class RMCP does not know */
	int idx = pkt_push_layer(p, PROTO_RMCP, c->off);
	if (idx < 0)
		return;
	p->layers[idx].len = cursor_left(c);
	if (in_rsp)
		p->layers[idx].flags |= PKT_TREE_ONLY;
	cursor_skip(c, 4);
	if (cls & 0x80)
		return; /* an ACK */
	switch (cls & 0x1f) {
	case RMCP_CLASS_ASF:
		dissect_asf(p, c);
		break;
	case RMCP_CLASS_IPMI:
		dissect_ipmi_session(p, c);
		break;
	default:
		dissect_data(p, c);
		break;
	}
}

static void dissect_rmcp(struct packet *p, struct cursor *c)
{
	rmcp_read(p, c, false);
}

/* Wireshark shows RSP's 8 bytes, then reads RMCP after them. */
static void dissect_rsp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_RSP, c->off);
	if (idx < 0)
		return;
	p->layers[idx].len = cursor_left(c);
	cursor_skip(c, 8);
	pkt_note_cursor(p, idx, c);
	if (cursor_ok(c))
		rmcp_read(p, c, true);
}

/* "Normal RMCP, Class: ASF", "RMCP ACK, Class: IPMI". */
static void rmcp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	col_begin(c, p, idx, &n);
	const uint8_t *d = col_layer_given(p, idx, &n);
	if (n < 4)
		return;
	col_append(c, "%s, Class: %s", value_name(rmcp_types, d[3] >> 7), value_name(rmcp_classes, d[3] & 0x1fu));
}

/* RSP writes no column: UDP's stay. */
static void rsp_columns(G_GNUC_UNUSED struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
}

/* Wireshark's registrations: RMCP on 623, RSP on 664. */
static const struct handoff rmcp_handoff[] = {
	UDP_PORT(623, dissect_rmcp),
	HANDOFF_LIST_END,
};

static const struct handoff rsp_handoff[] = {
	UDP_PORT(664, dissect_rsp),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(RMCP, "rmcp", "Remote Management Control Protocol");
const struct protocol proto_rmcp = {PROTO_RMCP, .short_name = "RMCP", .fields = &rmcp_table, .columns = rmcp_columns,
				    .handoff = rmcp_handoff};

PROTOCOL_ID(RSP, "rsp", "RMCP Security-extensions Protocol");
const struct protocol proto_rsp = {PROTO_RSP, .short_name = "RSP", .fields = &rsp_table, .columns = rsp_columns,
				   .handoff = rsp_handoff};
