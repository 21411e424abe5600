/* xdmcp.c — X Display Manager Control Protocol on UDP port 177: an X
 * terminal asks display managers for a session.
 *
 *   0          2          4          6
 *   +----------+----------+----------+--------------------------------+
 *   | version  | opcode   | length   | by opcode: counted strings and |
 *   | (1)      |          |          | bytes (2-byte length first),   |
 *   +----------+----------+----------+ lists (1-byte count first) ... |
 *
 * Only version 1 exists: anything else is not XDMCP, as Wireshark decides.
 * Its Info is the opcode's name; a body cut short is malformed.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	XDMCP_BROADCAST_QUERY = 1, XDMCP_QUERY, XDMCP_INDIRECT_QUERY, XDMCP_FORWARD_QUERY, XDMCP_WILLING,
	XDMCP_UNWILLING, XDMCP_REQUEST, XDMCP_ACCEPT, XDMCP_DECLINE, XDMCP_MANAGE, XDMCP_REFUSE, XDMCP_FAILED,
	XDMCP_KEEPALIVE, XDMCP_ALIVE,
};

/* Wireshark's names, "Accept " with its space. */
static const struct value_string xdmcp_opcodes[] = {
	{XDMCP_BROADCAST_QUERY, "Broadcast_query"}, {XDMCP_QUERY, "Query"}, {XDMCP_INDIRECT_QUERY, "Indirect_query"},
	{XDMCP_FORWARD_QUERY, "Forward_query"}, {XDMCP_WILLING, "Willing"}, {XDMCP_UNWILLING, "Unwilling"},
	{XDMCP_REQUEST, "Request"}, {XDMCP_ACCEPT, "Accept "}, {XDMCP_DECLINE, "Decline"},
	{XDMCP_MANAGE, "Manage"}, {XDMCP_REFUSE, "Refuse"}, {XDMCP_FAILED, "Failed"},
	{XDMCP_KEEPALIVE, "Keepalive"}, {XDMCP_ALIVE, "Alive"}, {0, NULL},
};

static const struct field_def xdmcp_fields[] = {
	{"xdmcp.version", "Version", FT_UINT16, BASE_DEC, 0, 2, 0, NULL},
	{"xdmcp.opcode", "Opcode", FT_UINT16, BASE_HEX, 2, 2, 0, xdmcp_opcodes},
	{"xdmcp.length", "Message length", FT_UINT16, BASE_DEC, 4, 2, 0, NULL},
	{"xdmcp.session_id", "Session ID", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"xdmcp.display_number", "Display Number", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(xdmcp);

/* A 1-byte count of counted strings. */
static void skip_names(struct cursor *c)
{
	cursor_skip_counted16(c, cursor_u8(c));
}

/* A Request's connections: COUNT types (2 bytes each), then a count that
 * must be the same and as many counted addresses. */
static bool skip_connections(struct cursor *c)
{
	uint8_t types = cursor_u8(c);
	cursor_skip(c, 2u * types);
	if (c->err != CUR_OK)
		return false;
	if (cursor_u8(c) != types)
		return false; /* Wireshark stops there with a warning */
	cursor_skip_counted16(c, types);
	return true;
}

/* The fields after the header, as each opcode lays them out. */
static void xdmcp_body(struct cursor *c, uint16_t opcode)
{
	switch (opcode) {
	case XDMCP_FORWARD_QUERY:
		cursor_skip_counted16(c, 2); /* the client's address, its port */
		/* fall through */
	case XDMCP_BROADCAST_QUERY:
	case XDMCP_QUERY:
	case XDMCP_INDIRECT_QUERY:
		skip_names(c);
		break;
	case XDMCP_WILLING:
		cursor_skip_counted16(c, 1);
		/* fall through */
	case XDMCP_UNWILLING:
		cursor_skip_counted16(c, 2);
		break;
	case XDMCP_REQUEST:
		cursor_skip(c, 2);
		if (!skip_connections(c))
			return;
		cursor_skip_counted16(c, 2);
		skip_names(c);
		cursor_skip_counted16(c, 1);
		break;
	case XDMCP_ACCEPT:
		cursor_skip(c, 4);
		cursor_skip_counted16(c, 4);
		break;
	case XDMCP_DECLINE:
		cursor_skip_counted16(c, 3);
		break;
	case XDMCP_MANAGE:
		cursor_skip(c, 6);
		cursor_skip_counted16(c, 1);
		break;
	case XDMCP_REFUSE:
		cursor_skip(c, 4);
		break;
	case XDMCP_FAILED:
		cursor_skip(c, 4);
		cursor_skip_counted16(c, 1);
		break;
	case XDMCP_KEEPALIVE:
		cursor_skip(c, 6);
		break;
	case XDMCP_ALIVE:
		cursor_skip(c, 5);
		break;
	}
}

static void dissect_xdmcp(struct packet *p, struct cursor *c)
{
	if (cursor_peek(c, 0) != 0 || cursor_peek(c, 1) != 1)
		return; /* not version 1: not XDMCP */
	int idx = pkt_push_layer(p, PROTO_XDMCP, c->off);
	cursor_skip(c, 2);
	uint16_t opcode = cursor_be16(c);
	cursor_skip(c, 2);
	xdmcp_body(c, opcode);
	pkt_note_cursor(p, idx, c);
}

/* The session id and display number where the opcode has them. */
static void xdmcp_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			 uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 6)
		return;
	uint16_t op = fv_get16(d + 2, true);
	bool id_first = op == XDMCP_ACCEPT || op == XDMCP_MANAGE || op == XDMCP_REFUSE || op == XDMCP_FAILED;
	if (fv_same(f->abbrev, "xdmcp.session_id")) {
		uint32_t at = id_first ? 6 : op == XDMCP_KEEPALIVE ? 8 : op == XDMCP_ALIVE ? 7 : 0;
		if (at && n >= at + 4)
			fv_give_uint(fn, data, fv_get32(d + at, true));
	} else if (fv_same(f->abbrev, "xdmcp.display_number")) {
		uint32_t at = op == XDMCP_REQUEST || op == XDMCP_KEEPALIVE ? 6 : op == XDMCP_MANAGE ? 10 : 0;
		if (at && n >= at + 2)
			fv_give_uint(fn, data, fv_get16(d + at, true));
	}
}

/* The opcode's name, "Unknown (0x0063)" for one without. */
static void xdmcp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 4)
		return;
	uint16_t op = fv_get16(d + 2, true);
	const char *name = value_name(xdmcp_opcodes, op);
	if (name)
		col_append(c, "%s", name);
	else
		col_append(c, "Unknown (0x%04x)", op);
}

/* Wireshark's registration: UDP port 177. */
static const struct handoff xdmcp_handoff[] = {
	UDP_PORT(177, dissect_xdmcp),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(XDMCP, "xdmcp", "X Display Manager Control Protocol");
const struct protocol proto_xdmcp = {PROTO_XDMCP, .short_name = "XDMCP", .fields = &xdmcp_table,
				     .columns = xdmcp_columns, .values = xdmcp_values, .handoff = xdmcp_handoff};
