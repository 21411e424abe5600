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

/* Userdata subfunctions by function group (Wireshark's names). */
static const struct value_string ud_mode[] = {
	{0, "STOP"}, {1, "Warm Restart"}, {2, "RUN"}, {3, "Hot Restart"}, {4, "HOLD"}, {6, "Cold Restart"},
	{9, "RUN_R (H-System redundant)"}, {11, "LINK-UP"}, {12, "UPDATE"}, {0, NULL},
};
static const struct value_string ud_prog[] = {
	{1, "Block status"}, {2, "Variable status"}, {3, "Output ISTACK"}, {4, "Output BSTACK"},
	{5, "Output LSTACK"}, {6, "Time measurement from to"}, {7, "Force selection"}, {8, "Modify variable"},
	{9, "Force"}, {10, "Breakpoint"}, {11, "Exit HOLD"}, {12, "Memory reset"}, {13, "Disable job"},
	{14, "Enable job"}, {15, "Delete job"}, {16, "Read job list"}, {17, "Read job"}, {18, "Replace job"},
	{19, "Block status v2"}, {22, "Flash LED"}, {0, NULL},
};
static const struct value_string ud_cyclic[] = {
	{1, "Cyclic transfer"}, {4, "Unsubscribe"}, {5, "Change driven transfer"},
	{7, "Change driven transfer modify"}, {8, "RDREC"}, {0, NULL},
};
static const struct value_string ud_block[] = {
	{1, "List blocks"}, {2, "List blocks of type"}, {3, "Get block info"}, {0, NULL},
};
static const struct value_string ud_cpu[] = {
	{1, "Read SZL"}, {2, "Message service"}, {3, "Diagnostic message"}, {5, "ALARM_8 indication"},
	{6, "NOTIFY indication"}, {7, "ALARM_8 lock"}, {8, "ALARM_8 unlock"}, {9, "SCAN indication"},
	{11, "ALARM ack"}, {12, "ALARM ack indication"}, {13, "ALARM lock indication"},
	{14, "ALARM unlock indication"}, {17, "ALARM_SQ indication"}, {18, "ALARM_S indication"},
	{19, "ALARM query"}, {22, "NOTIFY_8 indication"}, {0, NULL},
};
static const struct value_string ud_security[] = {{1, "PLC password"}, {0, NULL}};
static const struct value_string ud_time[] = {
	{1, "Read clock"}, {2, "Set clock"}, {3, "Read clock (following)"}, {4, "Set clock"}, {0, NULL},
};
static const struct value_string ud_nc[] = {
	{1, "Request download"}, {2, "Download block"}, {3, "Continue download"}, {4, "Download ended"},
	{6, "Start upload"}, {7, "Upload"}, {8, "Continue upload"}, {0, NULL},
};

static const char *const ud_groups[16] = {
	"Mode-transition", "Programmer commands", "Cyclic services", "Block functions", "CPU functions", "Security",
	"PBC BSEND/BRECV", "Time functions", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "NC programming",
};
static const struct value_string *const ud_subfuncs[16] = {
	ud_mode, ud_prog, ud_cyclic, ud_block, ud_cpu, ud_security, NULL, ud_time,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, ud_nc,
};

/* A userdata message's parameters P (PN bytes) and data D (DN bytes):
 * " Function:[Request] -> [CPU functions] -> [Read SZL]", an SZL read's id
 * and index, an answer's error code.  Parameters: head(3) length(1)
 * method(1: 0x11 request, 0x12 response) type(4 bits) group(4 bits)
 * subfunction(1) sequence(1) [data unit(1) last(1) error code(2)]. */
static void userdata_info(struct columns *c, const uint8_t *pr, uint32_t pn, const uint8_t *d, uint32_t dn)
{
	if (pn < 7)
		return;
	unsigned type = pr[5] >> 4, group = pr[5] & 0x0f;
	bool res = pr[4] == 0x12;
	switch (type) {
	case 0: col_append(c, " Function:[%s]", res ? "Push-Res" : "Push-Req"); break;
	case 3: col_append(c, " Function:[%s]", res ? "NC Push-Res" : "NC Push-Req"); break;
	case 4: col_append(c, " Function:[Request]"); break;
	case 8: col_append(c, " Function:[Response]"); break;
	case 7: col_append(c, " Function:[NC Request]"); break;
	case 11: col_append(c, " Function:[NC Response]"); break;
	default: col_append(c, " Function:[Unknown type: 0x%02x]", type); break;
	}
	if (!ud_groups[group]) {
		col_append(c, " -> [Unknown function: 0x%02x]", group);
		return;
	}
	const char *sub = ud_subfuncs[group] ? value_name(ud_subfuncs[group], pr[6]) : NULL;
	if (sub)
		col_append(c, " -> [%s] -> [%s]", ud_groups[group], sub);
	else
		col_append(c, " -> [%s] -> [Unknown subfunc: 0x%02x]", ud_groups[group], pr[6]);
	/* data: return code(1) transport size(1) length(2) ...; an SZL read
	 * names the list's id and index */
	if (group == 4 && pr[6] == 1 && dn >= 8 && d[0] == 0xff)
		col_append(c, " ID=0x%04x Index=0x%04x", fv_get16(d + 4, true), fv_get16(d + 6, true));
	if (pr[3] == 8 && pn >= 12 && fv_get16(pr + 10, true))
		col_append(c, " -> Errorcode:[0x%04x]", fv_get16(pr + 10, true));
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
	uint32_t par = fv_get16(d + 6, true), dat = fv_get16(d + 8, true);
	if (d[1] == S7_USERDATA && n > at) {
		uint32_t pn = MIN(par, n - at), dn = n - at - pn;
		userdata_info(c, d + at, pn, d + at + pn, MIN(dat, dn));
		return;
	}
	if (par == 0 || n <= at)
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

PROTOCOL_ID(S7COMM, "s7comm", "S7 Communication");
const struct protocol proto_s7comm = {PROTO_S7COMM, .short_name = "S7COMM", .fields = &s7comm_table, .columns = s7comm_columns,
				      .values = s7comm_values};
