/* modbus.c — Modbus/TCP (the Modbus Application Protocol over TCP port 502,
 * "MODBUS Messaging on TCP/IP Implementation Guide"; the same over UDP 502
 * is Modbus/UDP): an MBAP header, then the Modbus PDU, shown as two layers
 * (`mbtcp` or `mbudp`, then `modbus`) as Wireshark does:
 *
 *   +----------------+----------------+----------------+---------+-----------+------+
 *   | transaction(2) | protocol id(2) | length(2)      | unit(1) | function  | data |
 *   |                | always 0       | unit + PDU     |         | (1; 0x80: |      |
 *   |                |                |                |         | exception)|      |
 *   +----------------+----------------+----------------+---------+-----------+------+
 *
 * A segment may hold several; each is a nested pair of layers.  Like
 * Wireshark, a start whose protocol id is not 0 or whose length is below 2
 * is not Modbus.  A message to port 502 is a query, one from it a response.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { MBTCP_PORT = 502, MBAP_LEN = 7 };

static const struct value_string modbus_functions[] = {
	{1, "Read Coils"}, {2, "Read Discrete Inputs"}, {3, "Read Holding Registers"},
	{4, "Read Input Registers"}, {5, "Write Single Coil"}, {6, "Write Single Register"},
	{7, "Read Exception Status"}, {8, "Diagnostics"}, {11, "Get Comm. Event Counters"},
	{12, "Get Comm. Event Log"}, {15, "Write Multiple Coils"}, {16, "Write Multiple Registers"},
	{17, "Report Slave ID"}, {20, "Read File Record"}, {21, "Write File Record"},
	{22, "Mask Write Register"}, {23, "Read Write Register"}, {24, "Read FIFO Queue"},
	{43, "Encapsulated Interface Transport"}, {90, "Unity (Schneider)"}, {0, NULL},
};

static const struct value_string modbus_exceptions[] = {
	{1, "Illegal function"}, {2, "Illegal data address"}, {3, "Illegal data value"},
	{4, "Slave device failure"}, {5, "Acknowledge"}, {6, "Slave device busy"},
	{8, "Memory parity error"}, {10, "Gateway path unavailable"},
	{11, "Gateway target device failed to respond"}, {0, NULL},
};

static const struct field_def mbtcp_fields[] = {
	{"mbtcp.trans_id", "Transaction Identifier", FT_UINT16, BASE_DEC, 0, 2, 0, NULL},
	{"mbtcp.prot_id", "Protocol Identifier", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"mbtcp.len", "Length", FT_UINT16, BASE_DEC, 4, 2, 0, NULL},
	{"mbtcp.unit_id", "Unit Identifier", FT_UINT8, BASE_DEC, 6, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(mbtcp);

static const struct field_def modbus_fields[] = {
	{"modbus.func_code", "Function Code", FT_UINT8, BASE_DEC, 0, 1, 0x7f, modbus_functions},
	{"modbus.exception_code", "Exception Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, modbus_exceptions},
};
FIELD_TABLE_DEFINE(modbus);

static uint32_t mbtcp_pdu_len(const uint8_t *d, uint32_t avail)
{
	if ((avail >= 3 && d[2] != 0) || (avail >= 4 && d[3] != 0))
		return 0;
	if (avail < 6)
		return PDU_NEED_MORE;
	uint32_t len = (uint32_t)d[4] << 8 | d[5];
	return len < 2 ? 0 : len + 6;
}

/* The MBAP header and the PDU, over TCP (mbtcp) or UDP (mbudp). */
static void mbap(struct packet *p, struct cursor *c, enum proto_id proto)
{
	if (cursor_left(c) < 8 || cursor_peek(c, 2) != 0 || cursor_peek(c, 3) != 0 ||
	    (cursor_peek(c, 4) << 8 | cursor_peek(c, 5)) < 2) {
		dissect_data(p, c);
		return;
	}
	int idx = pkt_push_layer(p, proto, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, MBAP_LEN);
	int m = pkt_push_layer(p, PROTO_MODBUS, c->off);
	if (m < 0)
		return;
	if (cursor_peek(c, 0) & 0x80)
		cursor_skip(c, 2); /* function and exception code */
	else
		cursor_skip(c, cursor_rleft(c));
	pkt_note_cursor(p, m, c);
}

static void dissect_mbtcp(struct packet *p, struct cursor *c)
{
	mbap(p, c, PROTO_MBTCP);
}

static void dissect_mbudp(struct packet *p, struct cursor *c)
{
	mbap(p, c, PROTO_MBUDP);
}

/* "   Query: Trans:     1; Unit:   1, Func:   3: Read Holding Registers", an
 * exception response ending ". Exception returned "; each message of a
 * segment replaces the one before. */
static void mbtcp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, p->layers[idx].proto == PROTO_MBUDP ? "Modbus/UDP" : "Modbus/TCP");
	col_clear(c);
	if (!d || n < 8)
		return;
	const char *kind = p->dport == MBTCP_PORT ? "Query" : p->sport == MBTCP_PORT ? "Response" : "Unknown";
	uint8_t fc = d[7] & 0x7f;
	const char *name = value_name(modbus_functions, fc);
	char unknown[40];
	if (!name) {
		g_snprintf(unknown, sizeof unknown, "Unknown function (%u)", fc);
		name = unknown;
	}
	col_append(c, "%8s: Trans: %5u; Unit: %3u, Func: %3u: %s", kind, fv_get16(d, true), d[6], fc, name);
	if (d[7] & 0x80)
		col_append(c, ". Exception returned ");
}

static void modbus_columns(G_GNUC_UNUSED struct columns *c, G_GNUC_UNUSED const struct packet *p,
			   G_GNUC_UNUSED int idx)
{
}

/* An exception response's code follows its function code. */
static void modbus_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			  const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d && n >= 2 && (d[0] & 0x80) && fv_same(f->abbrev, "modbus.exception_code"))
		fv_give_uint(fn, data, d[1]);
}

/* Wireshark's registration: TCP port 502, each message framed by the MBAP
 * header's length; UDP port 502. */
static const struct handoff mbtcp_handoff[] = {
	TCP_PORT(502, dissect_mbtcp),
	HANDOFF_LIST_END,
};
static const struct pdu_framing mbtcp_framing[] = {
	{dissect_mbtcp, mbtcp_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(MBTCP, "mbtcp", "Modbus/TCP");
const struct protocol proto_mbtcp = {PROTO_MBTCP, .short_name = "Modbus/TCP", .fields = &mbtcp_table, .columns = mbtcp_columns,
				     .handoff = mbtcp_handoff, .framing = mbtcp_framing};

static const struct handoff mbudp_handoff[] = {
	UDP_PORT(502, dissect_mbudp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(MBUDP, "mbudp", "Modbus/UDP");
const struct protocol proto_mbudp = {PROTO_MBUDP, .short_name = "Modbus/UDP", .columns = mbtcp_columns, .handoff = mbudp_handoff};
PROTOCOL_ID(MODBUS, "modbus", "Modbus");
const struct protocol proto_modbus = {PROTO_MODBUS, .short_name = "Modbus", .fields = &modbus_table, .columns = modbus_columns,
				      .values = modbus_values};
