/* s7comm.c — S7 Communication (Siemens S7-300/400 PLCs) in COTP data on
 * ISO-TSAP (TPKT, TCP port 102):
 *
 *   +------+--------+--------------+---------+-----------+-----------+-----------------+
 *   | 0x32 | ROSCTR | redundancy(2)| PDU ref | param len | data len  | [error class,   |
 *   |      | 1 Job, 2 Ack, 3 Ack_Data, 7 Userdata (2)    | (2)       |  code: 2, 3]    |
 *   +------+--------+--------------+---------+-----------+-----------+-----------------+
 *   | parameters (the first byte: the function) | data |
 *
 * COTP hands data to S7comm when it starts as Wireshark's heuristic wants:
 * protocol id 0x32, a ROSCTR from 1 to 7, ten bytes at least.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string s7_rosctr[] = {
	{1, "Job"}, {2, "Ack"}, {3, "Ack_Data"}, {7, "Userdata"}, {0, NULL},
};

static const struct value_string s7_functions[] = {
	{0x00, "CPU services"}, {0xf0, "Setup communication"}, {0x04, "Read Var"}, {0x05, "Write Var"},
	{0x1a, "Request download"}, {0x1b, "Download block"}, {0x1c, "Download ended"}, {0x1d, "Start upload"},
	{0x1e, "Upload"}, {0x1f, "End upload"}, {0x28, "PI-Service"}, {0x29, "PLC Stop"}, {0, NULL},
};

static const struct field_def s7comm_fields[] = {
	{"s7comm.header.protid", "Protocol Id", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"s7comm.header.rosctr", "ROSCTR", FT_UINT8, BASE_DEC, 1, 1, 0, s7_rosctr},
	{"s7comm.header.redid", "Redundancy Identification (Reserved)", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"s7comm.header.pduref", "Protocol Data Unit Reference", FT_UINT16, BASE_DEC, 4, 2, 0, NULL},
	{"s7comm.header.parlg", "Parameter length", FT_UINT16, BASE_DEC, 6, 2, 0, NULL},
	{"s7comm.header.datlg", "Data length", FT_UINT16, BASE_DEC, 8, 2, 0, NULL},
	{"s7comm.header.errcls", "Error class", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"s7comm.header.errcod", "Error code", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"s7comm.param.func", "Function", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, s7_functions},
};
FIELD_TABLE_DEFINE(s7comm);

enum { S7_HEADER = 10, S7_ACK = 2, S7_ACK_DATA = 3, S7_USERDATA = 7 };

/* Where the parameters start: after the error class and code in an Ack
 * or Ack_Data. */
static uint32_t param_at(uint8_t rosctr)
{
	return rosctr == S7_ACK || rosctr == S7_ACK_DATA ? S7_HEADER + 2 : S7_HEADER;
}

bool dissect_s7comm_heur(struct packet *p, struct cursor *c)
{
	int rosctr = cursor_peek(c, 1);
	if (cursor_left(c) < S7_HEADER || cursor_peek(c, 0) != 0x32 || rosctr < 1 || rosctr > 7)
		return false;
	int idx = pkt_push_layer(p, PROTO_S7COMM, c->off);
	if (idx < 0)
		return true;
	/* the parameter and data lengths are not held against the PDU: Wireshark
	 * finds a message malformed only where it reads an item past its end */
	cursor_skip(c, cursor_rleft(c));
	return true;
}

/* "ROSCTR:[Job     ] Function:[Read Var]"; an answer with an error gives
 * its code instead of the function. */
static void s7comm_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "S7COMM");
	col_clear(c);
	if (!d || n < S7_HEADER)
		return;
	const char *r = value_name(s7_rosctr, d[1]);
	char unknown[16];
	if (!r) {
		g_snprintf(unknown, sizeof unknown, "0x%02x", d[1]);
		r = unknown;
	}
	col_append(c, "ROSCTR:[%-8s]", r);
	uint32_t at = param_at(d[1]);
	if (at > S7_HEADER && n >= at && (d[10] || d[11])) {
		col_append(c, " -> Errorcode:[0x%04x]", fv_get16(d + 10, true));
		return;
	}
	uint32_t par = fv_get16(d + 6, true);
	if (d[1] == S7_USERDATA || par == 0 || n <= at)
		return;
	const char *f = value_name(s7_functions, d[at]);
	if (f)
		col_append(c, " Function:[%s]", f);
	else
		col_append(c, " Function:[Unknown function: 0x%02x]", d[at]);
}

static void s7comm_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			  uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < S7_HEADER)
		return;
	uint32_t at = param_at(d[1]);
	const char *a = f->abbrev;
	if (at > S7_HEADER && n >= at && fv_same(a, "s7comm.header.errcls"))
		fv_give_uint(fn, data, d[10]);
	else if (at > S7_HEADER && n >= at && fv_same(a, "s7comm.header.errcod"))
		fv_give_uint(fn, data, d[11]);
	else if (fv_same(a, "s7comm.param.func") && d[1] != S7_USERDATA && fv_get16(d + 6, true) > 0 && n > at)
		fv_give_uint(fn, data, d[at]);
}

const struct protocol proto_s7comm = {PROTO_S7COMM, .fields = &s7comm_table, .columns = s7comm_columns,
				      .values = s7comm_values};
