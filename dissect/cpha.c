/* cpha.c — Check Point's High Availability protocol (ClusterXL's CPHAP),
 * UDP port 8116: a 16-byte header (20 after version 1: a policy id and a
 * filler follow), then the opcode's payload.
 *
 *   +----------+------------+------------+-----------+-----------+-----------+------------+------------+
 *   | magic(2) | version(2) | cluster(2) | opcode(2) | source    | random    | source     | dest.      |
 *   | 0x1a90   |            |            |           | if(2)     | id(2)     | machine(2) | machine(2) |
 *   +----------+------------+------------+-----------+-----------+-----------+------------+------------+
 *
 * As Wireshark 4.0 does: a datagram without the magic (or shorter than the
 * magic and version) is not CPHA; Info is "CPHAvVERSION: " and the opcode's
 * long name.  Of the payloads only an FWHA_MY_STATE report's length is
 * checked.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { CPHA_PORT = 8116, CPHA_MAGIC = 0x1a90, CPHA_HEADER = 16 };

static const struct value_string cpha_opcodes[] = {
	{0, "Unknown OpCode"},
	{1, "FWHA_MY_STATE - Report source machine's state"},
	{2, "FWHA_QUERY_STATE - Query other machine's state"},
	{3, "FWHA_IF_PROBE_REQ - Interface active check request"},
	{4, "FWHA_IF_PROBE_REPLY - Interface active check reply"},
	{5, "FWHA_IFCONF_REQ - Interface configuration request"},
	{6, "FWHA_IFCONF_REPLY - Interface configuration reply"},
	{7, "FWHA_LB_CONF - LB configuration report request"},
	{8, "FWHA_LB_CONFIRM - LB configuration report reply"},
	{9, "FWHA_POLICY_CHANGE - Policy ID change request/notification"},
	{10, "FWHAP_SYNC - New Sync packet"},
	{0, NULL},
};

static const struct field_def cpha_fields[] = {
	{"cpha.magic_number", "Magic Number", FT_UINT16, BASE_HEX, 0, 2, 0, NULL},
	{"cpha.version", "Protocol Version", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"cpha.cluster_number", "Cluster Number", FT_UINT16, BASE_DEC, 4, 2, 0, NULL},
	{"cpha.opcode", "HA OpCode", FT_UINT16, BASE_DEC, 6, 2, 0, cpha_opcodes},
	{"cpha.src_if", "Source Interface", FT_UINT16, BASE_DEC, 8, 2, 0, NULL},
	{"cpha.random_id", "Random ID", FT_UINT16, BASE_DEC, 10, 2, 0, NULL},
	{"cpha.src_id", "Source Machine ID", FT_UINT16, BASE_DEC, 12, 2, 0, NULL},
	{"cpha.dst_id", "Destination Machine ID", FT_UINT16, BASE_DEC, 14, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(cpha);

static void dissect_cpha(struct packet *p, struct cursor *c)
{
	if (cursor_rleft(c) < 4 || cursor_peek(c, 0) != CPHA_MAGIC >> 8 || cursor_peek(c, 1) != (CPHA_MAGIC & 0xff))
		return; /* not CPHA */
	int idx = pkt_push_layer(p, PROTO_CPHA, c->off);
	if (idx < 0)
		return;
	uint32_t room = cursor_rleft(c);
	/* the header (a policy id and a filler after version 1), then an
	 * FWHA_MY_STATE's report: a count of ids, a report code, the mode and
	 * time unit, a state per id (code bit 0), interface counts and a byte
	 * per id (bit 1) */
	uint32_t need = cursor_peek(c, 2) == 0 && cursor_peek(c, 3) == 1 ? CPHA_HEADER : CPHA_HEADER + 4;
	if (cursor_need(c, need) && cursor_peek(c, 6) == 0 && cursor_peek(c, 7) == 1 && cursor_need(c, need + 8)) {
		const uint8_t *r = c->data + c->off + need;
		uint32_t ids = fv_get16(r, true), code = fv_get16(r + 2, true);
		cursor_need(c, need + 8 + (code & 1 ? ids : 0) + (code & 2 ? 4 + ids : 0));
	}
	if (cursor_ok(c))
		cursor_skip(c, room);
	pkt_note_cursor(p, idx, c);
}

static void cpha_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (n < 8)
		return;
	uint32_t op = fv_get16(d + 6, true);
	const char *name = value_name(cpha_opcodes, op);
	if (name)
		col_set(c, "CPHAv%u: %s", fv_get16(d + 2, true), name);
	else
		col_set(c, "CPHAv%u: Unknown %u", fv_get16(d + 2, true), op);
}

/* Wireshark's registration: UDP port 8116. */
static const struct handoff cpha_handoff[] = {
	UDP_PORT(CPHA_PORT, dissect_cpha),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(CPHA, "cpha", "Check Point High Availability Protocol");
const struct protocol proto_cpha = {PROTO_CPHA, .short_name = "CPHA", .fields = &cpha_table, .columns = cpha_columns,
				    .handoff = cpha_handoff};
