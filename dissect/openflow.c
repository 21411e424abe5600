/* openflow.c — OpenFlow (the Open Networking Foundation's switch protocol)
 * on TCP port 6653, versions 1.0 (wire version 1) and 1.3 (4).  On 6633, the
 * port used before IANA's, a message sent to it makes the connection
 * OpenFlow from then on, both ways (Wireshark's heuristic); what the
 * controller sent before that is data.
 *
 *   every message:  version(1) type(1) length(2, the whole message) xid(4)
 *   1.3 PACKET_IN (10):  buffer id(4) total length(2) reason(1) table(1)
 *       cookie(8), a match (type(2) length(2) ..., padded to 8 bytes), pad(2),
 *       then the packet the switch sends up, an Ethernet frame
 *   1.3 PACKET_OUT (13): buffer id(4) in port(4) actions length(2) pad(6),
 *       the actions, then the frame to send
 *   1.0 PACKET_IN (10):  buffer id(4) total length(2) in port(2) reason(1)
 *       pad(1), the frame
 *   1.0 PACKET_OUT (13): buffer id(4) in port(2) actions length(2), the
 *       actions, the frame
 *
 * As Wireshark shows it: `openflow` names the message but is no node of the
 * hierarchy (the versioned protocol is, under TCP), and the carried frame's
 * headers sit inside the message's tree: among the frame's protocols and
 * counted by the destinations, but no hierarchy nodes, except the data
 * they end with.  The carried frame changes nothing the outer headers
 * decided: the frame's addresses, ports and TCP state stay the outer ones.
 * Versions 1.1, 1.2, 1.4 and 1.5 are named, their bodies shown as data.
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string of10_type_vals[] = {
	{0, "OFPT_HELLO"}, {1, "OFPT_ERROR"}, {2, "OFPT_ECHO_REQUEST"}, {3, "OFPT_ECHO_REPLY"},
	{4, "OFPT_VENDOR"}, {5, "OFPT_FEATURES_REQUEST"}, {6, "OFPT_FEATURES_REPLY"},
	{7, "OFPT_GET_CONFIG_REQUEST"}, {8, "OFPT_GET_CONFIG_REPLY"}, {9, "OFPT_SET_CONFIG"},
	{10, "OFPT_PACKET_IN"}, {11, "OFPT_FLOW_REMOVED"}, {12, "OFPT_PORT_STATUS"}, {13, "OFPT_PACKET_OUT"},
	{14, "OFPT_FLOW_MOD"}, {15, "OFPT_PORT_MOD"}, {16, "OFPT_STATS_REQUEST"}, {17, "OFPT_STATS_REPLY"},
	{18, "OFPT_BARRIER_REQUEST"}, {19, "OFPT_BARRIER_REPLY"}, {20, "OFPT_QUEUE_GET_CONFIG_REQUEST"},
	{21, "OFPT_QUEUE_GET_CONFIG_REPLY"}, {0, NULL},
};

static const struct value_string of13_type_vals[] = {
	{0, "OFPT_HELLO"}, {1, "OFPT_ERROR"}, {2, "OFPT_ECHO_REQUEST"}, {3, "OFPT_ECHO_REPLY"},
	{4, "OFPT_EXPERIMENTER"}, {5, "OFPT_FEATURES_REQUEST"}, {6, "OFPT_FEATURES_REPLY"},
	{7, "OFPT_GET_CONFIG_REQUEST"}, {8, "OFPT_GET_CONFIG_REPLY"}, {9, "OFPT_SET_CONFIG"},
	{10, "OFPT_PACKET_IN"}, {11, "OFPT_FLOW_REMOVED"}, {12, "OFPT_PORT_STATUS"}, {13, "OFPT_PACKET_OUT"},
	{14, "OFPT_FLOW_MOD"}, {15, "OFPT_GROUP_MOD"}, {16, "OFPT_PORT_MOD"}, {17, "OFPT_TABLE_MOD"},
	{18, "OFPT_MULTIPART_REQUEST"}, {19, "OFPT_MULTIPART_REPLY"}, {20, "OFPT_BARRIER_REQUEST"},
	{21, "OFPT_BARRIER_REPLY"}, {22, "OFPT_QUEUE_GET_CONFIG_REQUEST"}, {23, "OFPT_QUEUE_GET_CONFIG_REPLY"},
	{24, "OFPT_ROLE_REQUEST"}, {25, "OFPT_ROLE_REPLY"}, {26, "OFPT_GET_ASYNC_REQUEST"},
	{27, "OFPT_GET_ASYNC_REPLY"}, {28, "OFPT_SET_ASYNC"}, {29, "OFPT_METER_MOD"}, {0, NULL},
};

/* The header's fields; an ERROR message gives them again for the message
 * that failed, whose start it carries (read where the layer is read). */
/* (Wireshark 4.0 names OpenFlow 1.0's fields so) */
static const struct field_def openflow_v1_fields[] = {
	{"openflow.version", "Version", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"openflow_1_0.type", "Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, of10_type_vals},
	{"openflow.length", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"openflow.xid", "Transaction ID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(openflow_v1);

static const struct field_def openflow_v4_fields[] = {
	{"openflow_v4.version", "Version", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"openflow_v4.type", "Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, of13_type_vals},
	{"openflow_v4.length", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"openflow_v4.xid", "Transaction ID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(openflow_v4);

enum { OF_HEADER = 8, OFPT_PACKET_IN = 10, OFPT_PACKET_OUT = 13 };

uint32_t openflow_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (avail < 1 || data[0] < 1 || data[0] > 6)
		return 0;
	if (avail < 4)
		return PDU_NEED_MORE;
	uint32_t len = (uint32_t)data[2] << 8 | data[3];
	return len >= OF_HEADER ? len : 0;
}

/* The Ethernet frame a PACKET_IN or PACKET_OUT carries, at C: dissected
 * inside the message, the outer headers' addresses, ports, state and
 * verdicts kept (a switch may send up a frame cut short: no fault of this
 * message), unless the capture cut the message itself. */
static void carried_frame(struct packet *p, struct cursor *c)
{
	if (cursor_rleft(c) == 0 || !cursor_ok(c))
		return;
	struct packet outer = *p;
	bool capture_cut = c->end < c->rend;
	uint8_t from = p->nlayers;
	dissect_eth(p, c);
	uint8_t to = p->nlayers;
	struct layer inner[PKT_MAX_LAYERS];
	memcpy(inner, p->layers + from, (to - from) * sizeof inner[0]);
	*p = outer;
	memcpy(p->layers + from, inner, (to - from) * sizeof inner[0]);
	p->nlayers = to;
	if (capture_cut)
		p->flags |= PKT_TRUNCATED;
	for (uint8_t i = from; i < to; i++)
		if (p->layers[i].proto != PROTO_DATA)
			p->layers[i].flags |= PKT_NESTED;
}

void dissect_openflow_heur(struct packet *p, struct cursor *c)
{
	/* (a start the capture cut short is taken for what it begins) */
	uint32_t avail = cursor_left(c);
	if ((p->dport != 6633 && p->dport != 6653) || (avail < OF_HEADER && avail == cursor_rleft(c)) ||
	    openflow_pdu_len(c->data + c->off, avail) == 0)
		return;
	dissect_openflow(p, c);
}

void dissect_openflow(struct packet *p, struct cursor *c)
{
	int version = cursor_peek(c, 0);
	if (version < 1 || version > 6)
		return;
	int idx = pkt_push_layer(p, PROTO_OPENFLOW, c->off);
	if (idx < 0)
		return;
	p->layers[idx].flags |= PKT_NESTED;
	enum proto_id proto = version == 1 ? PROTO_OPENFLOW_V1 : version == 4 ? PROTO_OPENFLOW_V4 : PROTO_DATA;
	if (proto == PROTO_DATA) {
		dissect_data(p, c);
		return;
	}
	int v = pkt_push_layer(p, proto, c->off);
	if (v < 0)
		return;
	cursor_skip(c, 1);
	uint8_t type = cursor_u8(c);
	cursor_skip(c, 6);
	if (!cursor_ok(c)) {
		app_note(p, v, c);
		return;
	}
	if (type == OFPT_PACKET_IN && version == 4) {
		cursor_skip(c, 16);
		cursor_skip(c, 2);
		uint16_t match_len = cursor_be16(c);
		if (cursor_ok(c) && match_len < 4)
			c->err = CUR_MALFORMED;
		app_skip(c, ((uint32_t)match_len + 7u) / 8u * 8u - 4u);
		app_skip(c, 2);
	} else if (type == OFPT_PACKET_OUT && version == 4) {
		cursor_skip(c, 8);
		uint16_t acts = cursor_be16(c);
		cursor_skip(c, 6);
		app_skip(c, acts);
	} else if (type == OFPT_PACKET_IN) {
		cursor_skip(c, 10);
	} else if (type == OFPT_PACKET_OUT) {
		cursor_skip(c, 6);
		uint16_t acts = cursor_be16(c);
		app_skip(c, acts);
	} else {
		cursor_skip(c, cursor_rleft(c));
		return;
	}
	if (!cursor_ok(c)) {
		app_note(p, v, c);
		return;
	}
	carried_frame(p, c);
}

/* "OpenFlow" for every version, the message type's name, and which of
 * 1.3's multipart messages. */
static void openflow_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const parts[] = {"DESC", "FLOW", "AGGREGATE", "TABLE", "PORT_STATS", "QUEUE",
					    "GROUP", "GROUP_DESC", "GROUP_FEATURES", "METER", "METER_CONFIG",
					    "METER_FEATURES", "TABLE_FEATURES", "PORT_DESC"};
	bool v4 = p->layers[idx].proto == PROTO_OPENFLOW_V4;
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "OpenFlow");
	col_clear(c);
	if (n < 2)
		return;
	const char *name = col_value_name(v4 ? "openflow_v4.type" : "openflow_1_0.type", d[1]);
	if (name)
		col_append(c, "Type: %s", name);
	else
		col_append(c, "Type: Unknown (%u)", d[1]);
	if (v4 && (d[1] == 18 || d[1] == 19) && n >= 10) {
		uint32_t part = (uint32_t)d[8] << 8 | d[9];
		if (part < G_N_ELEMENTS(parts))
			col_append(c, ", OFPMP_%s", parts[part]);
		else if (part == 0xffff)
			col_append(c, ", OFPMP_EXPERIMENTER");
	}
}

/* OpenFlow: the header's version, type, length and transaction id, then,
 * in an ERROR (type 1: type(2) code(2) data), those of the failed message
 * whose start the data holds (not for HELLO_FAILED, whose data is text). */
static void openflow_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	const char *f = strrchr(a, '.');
	if (!f)
		return;
	f++;
	for (uint32_t at = 0; at + 8 <= n;) {
		if (strcmp(f, "version") == 0)
			fv_give_uint(fn, data, d[at]);
		else if (strcmp(f, "type") == 0)
			fv_give_uint(fn, data, d[at + 1]);
		else if (strcmp(f, "length") == 0)
			fv_give_uint(fn, data, fv_get16(d + at + 2, true));
		else if (strcmp(f, "xid") == 0)
			fv_give_uint(fn, data, fv_get32(d + at + 4, true));
		/* (HELLO_FAILED's data is text, an experimenter's its own) */
		uint32_t etype = n >= 10 ? fv_get16(d + 8, true) : 0;
		if (at > 0 || d[1] != 1 || etype == 0 || etype == 0xffff)
			break;
		at = 12;
	}
}

static void openflow_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				  const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		openflow_values(d, n, f->abbrev, fn, data);
}

PROTOCOL_ID(OPENFLOW_V1, "openflow_v1", "OpenFlow 1.0");
const struct protocol proto_openflow_v1 = {PROTO_OPENFLOW_V1, .short_name = "openflow_v1", .columns = openflow_columns,
					   .values = openflow_field_values, .fields = &openflow_v1_table};
PROTOCOL_ID(OPENFLOW_V4, "openflow_v4", "OpenFlow 1.3");
const struct protocol proto_openflow_v4 = {PROTO_OPENFLOW_V4, .short_name = "openflow_v4", .columns = openflow_columns,
					   .values = openflow_field_values, .fields = &openflow_v4_table};

static const struct handoff openflow_handoff[] = {
	TCP_PORT(6653, dissect_openflow),
	TCP_HEUR(60, dissect_openflow_heur),
	HANDOFF_LIST_END,
};
static const struct pdu_framing openflow_framing[] = {
	{dissect_openflow, openflow_pdu_len, NULL, false, NULL, false},
	{dissect_openflow_heur, openflow_pdu_len, dissect_openflow, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(OPENFLOW, "openflow", "OpenFlow");
const struct protocol proto_openflow = {PROTO_OPENFLOW, .short_name = "OpenFlow",
                                        .handoff = openflow_handoff, .framing = openflow_framing};
