/* ipmi.c — IPMI over LAN (IPMI v1.5 and v2.0 specifications): the session
 * wrapper RMCP's class 7 carries, and the message inside it.
 *
 * v1.5 (authentication type other than 6):
 *   +----------+------------+------------+-----------------+--------+---------+
 *   | authtype | sequence   | session id | auth code (16,  | length | message |
 *   | (1)      | (4, LE)    | (4, LE)    | not with NONE)  | (1)    |         |
 *   +----------+------------+------------+-----------------+--------+---------+
 * v2.0 / RMCP+ (authentication type 6):
 *   +---+-------------------+------------------+------------+----------+--------+---------+
 *   | 6 | E A payload type  | OEM explicit:    | session id | sequence | length | message |
 *   |   | (1)               | IANA (4), id (2) | (4, LE)    | (4, LE)  | (2 LE) |         |
 *   +---+-------------------+------------------+------------+----------+--------+---------+
 *
 * Info: "Session ID 0x0", with v2.0 ", payload type: RAKP Message 1".
 * A header cut short stops before the wrapper shows anything; a message
 * longer than the datagram is malformed.  An IPMI message (v1.5, or v2.0's
 * payload type 0 unencrypted) goes to the IPMI dissector, which Wireshark
 * by default reads as IPMB bus command data (its "Dissect IPMB commands"
 * preference is off): the Protocol column says "IPMB", a message of 7
 * bytes or more shows an IPMB node with the bytes as
 * ipmi.bus_command_data, and the bytes are `data`.  Other payloads and
 * encrypted ones are `data`.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/rmcp.h"

enum { IPMI_AUTH_NONE = 0, IPMI_AUTH_RMCPP = 6, IPMI_PAYLOAD_IPMI = 0, IPMI_PAYLOAD_OEM_EXPLICIT = 2 };

/* The shortest message the IPMI dissector shows as a bus command. */
enum { IPMB_MIN = 7 };

static const struct value_string ipmi_authtypes[] = {
	{0, "NONE"}, {1, "MD2"}, {2, "MD5"}, {4, "PASSWORD"}, {5, "OEM"}, {6, "RMCP+"}, {0, NULL},
};

static const struct value_string ipmi_payloads[] = {
	{0x00, "IPMI Message"}, {0x01, "SOL (serial over LAN)"}, {0x02, "OEM Explicit"},
	{0x10, "RMCP+ Open Session Request"}, {0x11, "RMCP+ Open Session Response"}, {0x12, "RAKP Message 1"},
	{0x13, "RAKP Message 2"}, {0x14, "RAKP Message 3"}, {0x15, "RAKP Message 4"},
	{0x20, "OEM0 (OEM Payload)"}, {0x21, "OEM1 (OEM Payload)"}, {0x22, "OEM2 (OEM Payload)"},
	{0x23, "OEM3 (OEM Payload)"}, {0x24, "OEM4 (OEM Payload)"}, {0x25, "OEM5 (OEM Payload)"},
	{0x26, "OEM6 (OEM Payload)"}, {0x27, "OEM7 (OEM Payload)"}, {0, NULL},
};

static const struct field_def ipmi_session_fields[] = {
	{"ipmi_session.authtype", "Authentication Type", FT_UINT8, BASE_HEX, 0, 1, 0, ipmi_authtypes},
	{"ipmi_session.payloadtype", "Payload Type", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0x3f, ipmi_payloads},
	{"ipmi_session.payloadtype.auth", "Authenticated", FT_BOOLEAN, 8, FIELD_VAR, 1, 0x40, NULL},
	{"ipmi_session.payloadtype.enc", "Encryption", FT_BOOLEAN, 8, FIELD_VAR, 1, 0x80, NULL},
	{"ipmi_session.oem.iana", "OEM IANA", FT_BYTES, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"ipmi_session.oem.payloadid", "OEM Payload ID", FT_BYTES, BASE_NONE, FIELD_VAR, 2, 0, NULL},
	{"ipmi_session.sequence", "Session Sequence Number", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"ipmi_session.id", "Session ID", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"ipmi_session.authcode", "Authentication Code", FT_BYTES, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"ipmi_session.msg.len", "Message Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"ipmi_session.trailer", "IPMI Session Wrapper (trailer)", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(ipmi_session);

/* The IPMI protocol's field its IPMB node shows. */
static const struct field_def ipmi_fields[] = {
	{"ipmi.bus_command_data", "Bus command data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(ipmi);

/* A session wrapper's header as read from its bytes. */
struct ipmi_sess {
	bool v2;             /* RMCP+ */
	uint8_t payload;     /* v2: the payload type, without E and A */
	bool encrypted;      /* v2: E */
	uint32_t id_at;      /* where the session id is */
	uint32_t seq_at;     /* and the sequence number */
	uint32_t len_at;     /* and the message length (2 bytes in v2) */
	uint32_t msg_at;     /* where the message starts */
	uint32_t msg_len;
};

/* Reads the header from D (N bytes); false when N cuts it short. */
static bool ipmi_sess_read(const uint8_t *d, uint32_t n, struct ipmi_sess *s)
{
	*s = (struct ipmi_sess){0};
	if (n < 1)
		return false;
	if (d[0] == IPMI_AUTH_RMCPP) {
		if (n < 2)
			return false;
		s->v2 = true;
		s->payload = d[1] & 0x3f;
		s->encrypted = d[1] & 0x80;
		s->id_at = s->payload == IPMI_PAYLOAD_OEM_EXPLICIT ? 8 : 2;
		s->seq_at = s->id_at + 4;
		s->len_at = s->id_at + 8;
		s->msg_at = s->len_at + 2;
		if (n < s->msg_at)
			return false;
		s->msg_len = fv_get16(d + s->len_at, false);
	} else {
		s->seq_at = 1;
		s->id_at = 5;
		s->len_at = d[0] == IPMI_AUTH_NONE ? 9 : 25;
		s->msg_at = s->len_at + 1;
		if (n < s->msg_at)
			return false;
		s->msg_len = d[s->len_at];
	}
	return true;
}

/* Whether the message goes to the IPMI dissector (else it is data). */
static bool ipmi_sess_carries_ipmi(const struct ipmi_sess *s)
{
	return !s->v2 || (!s->encrypted && s->payload == IPMI_PAYLOAD_IPMI);
}

void dissect_ipmi_session(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_IPMI_SESSION, c->off);
	if (idx < 0)
		return;
	uint32_t n = cursor_left(c);
	p->layers[idx].len = n;
	struct ipmi_sess s;
	if (!ipmi_sess_read(c->data + c->off, n, &s)) {
		/* the handoff names it, but it stopped before its tree item */
		p->layers[idx].flags |= PKT_NESTED | PKT_NO_ITEM;
		cursor_skip(c, s.msg_at ? s.msg_at : n + 1);
		pkt_note_cursor(p, idx, c);
		return;
	}
	cursor_skip(c, s.msg_at);
	struct cursor m = cursor_sub(c, s.msg_len);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (ipmi_sess_carries_ipmi(&s) && s.msg_len >= IPMB_MIN) {
		int b = pkt_push_layer(p, PROTO_IPMB, m.off);
		if (b >= 0) {
			p->layers[b].flags |= PKT_TREE_ONLY;
			p->layers[b].len = cursor_left(&m);
		}
	}
	uint32_t left = cursor_left(&m);
	if (left > 0) {
		int d = pkt_push_layer(p, PROTO_DATA, m.off);
		if (d >= 0)
			p->layers[d].len = left;
	}
	pkt_note_cursor(p, idx, &m);
}

/* The header's fields where its version puts them, the trailer after the
 * message. */
static void ipmi_session_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	struct ipmi_sess s;
	if (!d || !ipmi_sess_read(d, n, &s))
		return;
	const char *a = f->abbrev;
	if (fv_same(a, "ipmi_session.id"))
		fv_give_uint(fn, data, fv_get32(d + s.id_at, false));
	else if (fv_same(a, "ipmi_session.sequence"))
		fv_give_uint(fn, data, fv_get32(d + s.seq_at, false));
	else if (fv_same(a, "ipmi_session.msg.len"))
		fv_give_uint(fn, data, s.msg_len);
	else if (fv_same(a, "ipmi_session.trailer")) {
		uint64_t end = (uint64_t)s.msg_at + s.msg_len;
		if (end < n)
			fv_give_ptr(fn, data, FV_BYTES, d + end, n - (uint32_t)end);
	} else if (!s.v2) {
		if (d[0] != IPMI_AUTH_NONE && fv_same(a, "ipmi_session.authcode"))
			fv_give_ptr(fn, data, FV_BYTES, d + 9, 16);
	} else if (fv_same(a, "ipmi_session.payloadtype"))
		fv_give_uint(fn, data, s.payload);
	else if (fv_same(a, "ipmi_session.payloadtype.auth"))
		fv_give_uint(fn, data, d[1] >> 6 & 1);
	else if (fv_same(a, "ipmi_session.payloadtype.enc"))
		fv_give_uint(fn, data, d[1] >> 7);
	else if (s.payload == IPMI_PAYLOAD_OEM_EXPLICIT && fv_same(a, "ipmi_session.oem.iana"))
		fv_give_ptr(fn, data, FV_BYTES, d + 2, 4);
	else if (s.payload == IPMI_PAYLOAD_OEM_EXPLICIT && fv_same(a, "ipmi_session.oem.payloadid"))
		fv_give_ptr(fn, data, FV_BYTES, d + 6, 2);
}

/* "IPMI" (v1.5) or "RMCP+", "IPMB" once the message reached the IPMI
 * dissector; Info the session id, v2.0's payload type. */
static void ipmi_session_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	col_begin(c, p, idx, &n);
	const uint8_t *d = col_layer_given(p, idx, &n);
	struct ipmi_sess s;
	if (!ipmi_sess_read(d, n, &s))
		return;
	bool whole = (uint64_t)s.msg_at + s.msg_len <= n;
	col_proto(c, whole && ipmi_sess_carries_ipmi(&s) ? "IPMB" : s.v2 ? "RMCP+" : "IPMI");
	col_append(c, "Session ID 0x%x", fv_get32(d + s.id_at, false));
	if (s.v2) {
		const char *name = value_name(ipmi_payloads, s.payload);
		col_append(c, ", payload type: %s", name ? name : "Unknown");
	}
}

/* The message's bytes as IPMB bus command data. */
static void ipmb_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d && fv_same(f->abbrev, "ipmi.bus_command_data"))
		fv_give_ptr(fn, data, FV_BYTES, d, n);
}

/* The session wrapper wrote the columns. */
static void ipmb_columns(G_GNUC_UNUSED struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
}

PROTOCOL_ID(IPMI_SESSION, "ipmi_session", "Intelligent Platform Management Interface (Session Wrapper)");
const struct protocol proto_ipmi_session = {PROTO_IPMI_SESSION, .short_name = "IPMI Session",
					    .fields = &ipmi_session_table, .columns = ipmi_session_columns,
					    .values = ipmi_session_values};

PROTOCOL_ID(IPMI, "ipmi", "Intelligent Platform Management Interface");
const struct protocol proto_ipmi = {PROTO_IPMI, .short_name = "IPMI", .fields = &ipmi_table};

PROTOCOL_ID(IPMB, "ipmb", "Intelligent Platform Management Bus");
const struct protocol proto_ipmb = {PROTO_IPMB, .short_name = "IPMB", .columns = ipmb_columns, .values = ipmb_values,
				    .shows = PROTO_IPMI, .shows_values = true};
