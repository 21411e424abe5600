/* cql.c — Cassandra's native protocol (CQL binary protocol, versions 3 and
 * 4 as its native_protocol specifications describe them), TCP port 9042:
 * each frame a 9-byte header and a body.
 *
 *   +------------------+---------+-----------+-----------+-----------+------+
 *   | version(1): high | flags(1)| stream(2) | opcode(1) | length(4) | body |
 *   | bit set from the |         | signed    |           | of body   |      |
 *   | server           |         |           |           |           |      |
 *   +------------------+---------+-----------+-----------+-----------+------+
 *
 * As Wireshark 4.0 frames it: the length at byte 5 plus the header, for every
 * version (a length that wraps below the header's is malformed in TCP).  Info
 * is "vVERSION C->S Type OPCODE" (S->C from the server), the last message's
 * of a segment; the bodies are not read.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { CQL_HEADER = 9, CQL_PORT = 9042 };

static const struct value_string cql_opcodes[] = {
	{0x00, "ERROR"}, {0x01, "STARTUP"}, {0x02, "READY"}, {0x03, "AUTHENTICATE"}, {0x05, "OPTIONS"},
	{0x06, "SUPPORTED"}, {0x07, "QUERY"}, {0x08, "RESULT"}, {0x09, "PREPARE"}, {0x0a, "EXECUTE"},
	{0x0b, "REGISTER"}, {0x0c, "EVENT"}, {0x0d, "BATCH"}, {0x0e, "AUTH_CHALLENGE"}, {0x0f, "AUTH_RESPONSE"},
	{0x10, "AUTH_SUCCESS"}, {0, NULL},
};

static const struct value_string cql_directions[] = {
	{0x00, "Request"}, {0x08, "Response"}, {0, NULL},
};

static const struct field_def cql_fields[] = {
	{"cql.version", "Version", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"cql.protocol_version", "Protocol version", FT_UINT8, BASE_DEC, 0, 1, 0x0f, NULL},
	{"cql.direction", "Direction", FT_UINT8, BASE_HEX, 0, 1, 0xf0, cql_directions},
	{"cql.flags", "Flags", FT_UINT8, BASE_HEX, 1, 1, 0, NULL},
	{"cql.stream", "Stream Identifier", FT_INT32, BASE_DEC, FIELD_VAR, 2, 0, NULL}, /* 16 bits */
	{"cql.opcode", "Opcode", FT_UINT8, BASE_DEC, 4, 1, 0x7f, cql_opcodes},
	{"cql.message_length", "Message Length", FT_UINT32, BASE_DEC, 5, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(cql);

static uint32_t cql_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < CQL_HEADER)
		return PDU_NEED_MORE;
	uint32_t len = fv_get32(d + 5, true) + CQL_HEADER;
	return len < CQL_HEADER ? 0 : len;
}

/* A message (its body not read); a length that wraps below the header's
 * own is the framing's error, TCP's. */
static void dissect_cql(struct packet *p, struct cursor *c)
{
	tcp_pdu_message(p, PROTO_CQL, c, cql_pdu_len, CQL_HEADER, CQL_HEADER, 0);
}

/* "v4 C->S Type QUERY": each message replaces the one before. */
static void cql_columns(struct columns *c, const struct packet *p, int idx)
{
	if (p->layers[idx].flags & PKT_NO_ITEM)
		return;
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (n < 5)
		return;
	col_set(c, "v%u %s Type ", d[0] & 0x7fu, d[0] & 0x80 ? "S->C" : "C->S");
	const char *name = value_name(cql_opcodes, d[4]);
	if (name)
		col_append(c, "%s", name);
	else
		col_append(c, "Unknown (0x%02x)", d[4]);
}

static void cql_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
		       uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d && n >= 4 && fv_same(f->abbrev, "cql.stream"))
		fn(&(struct fvalue){.kind = FV_INT, .i = (int16_t)fv_get16(d + 2, true)}, data);
}

/* Wireshark's registration: TCP port 9042, each message framed by its length. */
static const struct handoff cql_handoff[] = {
	TCP_PORT(CQL_PORT, dissect_cql),
	HANDOFF_LIST_END,
};
static const struct pdu_framing cql_framing[] = {
	{dissect_cql, cql_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(CQL, "cql", "Cassandra CQL Protocol");
const struct protocol proto_cql = {PROTO_CQL, .short_name = "CQL", .fields = &cql_table, .columns = cql_columns,
				   .values = cql_values, .handoff = cql_handoff, .framing = cql_framing};
