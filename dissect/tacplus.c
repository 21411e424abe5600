/* tacplus.c — TACACS+ (RFC 8907), TCP port 49: a 12-byte header, then a
 * body of its length, obfuscated with a shared key unless the header's
 * unencrypted flag is set:
 *
 *   +---------+---------+---------+---------+
 *   | version | type    | seq_no  | flags   |   version: major (4 bits) minor (4)
 *   +---------+---------+---------+---------+
 *   |              session id               |
 *   +---------------------------------------+
 *   |                length                 |
 *   +---------------------------------------+
 *
 * A message to port 49 is a request ("Q: "), one from it a response ("R: ").
 * With no key here, a body is read only when sent unencrypted, and then
 * only an authentication START or REPLY (seq_no 1, or an even seq_no).
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { TACPLUS_PORT = 49, TACPLUS_HEADER = 12, TACPLUS_AUTHEN = 1, TACPLUS_UNENCRYPTED = 0x01 };

static const struct value_string tacplus_types[] = {
	{1, "Authentication"}, {2, "Authorization"}, {3, "Accounting"}, {0, NULL},
};

static const struct value_string tacplus_majvers[] = {{0xc0, "TACACS+"}, {0, NULL}};

static const struct value_string tacplus_actions[] = {
	{1, "Inbound Login"}, {2, "Change password request"}, {4, "Send authentication"}, {0, NULL},
};

static const struct value_string tacplus_authen_types[] = {
	{1, "ASCII"}, {2, "PAP"}, {3, "CHAP"}, {4, "ARAP"}, {5, "MS-CHAP"}, {6, "MS-CHAPv2"}, {0, NULL},
};

static const struct value_string tacplus_services[] = {
	{0, "None"}, {1, "Login"}, {2, "Enable"}, {3, "PPP"}, {4, "ARAP"}, {5, "PT"}, {6, "RCMD"},
	{7, "X25"}, {8, "NASI"}, {9, "FwProxy"}, {0, NULL},
};

static const struct value_string tacplus_reply_status[] = {
	{1, "Authentication Passed"}, {2, "Authentication Failed"}, {3, "Send Data"}, {4, "Send Username"},
	{5, "Send Password"}, {6, "Restart Authentication Sequence"}, {7, "Unrecoverable Error"},
	{0x21, "Authentication Follow"}, {0, NULL},
};

static const struct field_def tacplus_fields[] = {
	{"tacplus.response", "Response", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tacplus.request", "Request", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tacplus.majvers", "Major version", FT_UINT8, BASE_DEC, 0, 1, 0, tacplus_majvers}, /* the whole byte, as Wireshark */
	{"tacplus.minvers", "Minor version", FT_UINT8, BASE_DEC, 0, 1, 0x0f, NULL},
	{"tacplus.type", "Type", FT_UINT8, BASE_DEC, 1, 1, 0, tacplus_types},
	{"tacplus.seqno", "Sequence number", FT_UINT8, BASE_DEC, 2, 1, 0, NULL},
	{"tacplus.flags", "Flags", FT_UINT8, BASE_HEX, 3, 1, 0, NULL},
	{"tacplus.flags.unencrypted", "Unencrypted", FT_BOOLEAN, BASE_NONE, 3, 1, 0x01, NULL},
	{"tacplus.flags.singleconn", "Single Connection", FT_BOOLEAN, BASE_NONE, 3, 1, 0x04, NULL},
	{"tacplus.session_id", "Session ID", FT_UINT32, BASE_DEC, 4, 4, 0, NULL},
	{"tacplus.packet_len", "Packet length", FT_UINT32, BASE_DEC, 8, 4, 0, NULL},
	/* an authentication START */
	{"tacplus.authen_action", "Action", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, tacplus_actions},
	{"tacplus.privilege_level", "Privilege Level", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"tacplus.authentication_type", "Authentication type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, tacplus_authen_types},
	{"tacplus.service", "Service", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, tacplus_services},
	{"tacplus.user_len", "User len", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"tacplus.user", "User", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tacplus.port_len", "Port len", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"tacplus.port", "Port", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tacplus.address_len", "Remaddr len", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"tacplus.remote_address", "Remote Address", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	/* an authentication REPLY */
	{"tacplus.body_authen_rep.status", "Status", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, tacplus_reply_status},
	{"tacplus.body_authen_rep.flags", "Flags", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"tacplus.body_authen_rep.server_msg_len", "Server message length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tacplus.body_authen_rep.server_msg", "Server message", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tacplus.body_authen_rep_server.data_len", "Data length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(tacplus);

static uint32_t tacplus_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < TACPLUS_HEADER)
		return PDU_NEED_MORE;
	uint32_t len = fv_get32(d + 8, true);
	return len > UINT32_MAX - TACPLUS_HEADER ? 0 : TACPLUS_HEADER + len;
}

/* Which body an unencrypted authentication message has. */
enum tacplus_body { BODY_NONE, BODY_START, BODY_REPLY };

static enum tacplus_body tacplus_body(const uint8_t *h)
{
	if (h[1] != TACPLUS_AUTHEN || !(h[3] & TACPLUS_UNENCRYPTED))
		return BODY_NONE;
	if (h[2] == 1)
		return BODY_START;
	return h[2] % 2 == 0 ? BODY_REPLY : BODY_NONE;
}

/* The body's fields, where they lie: a walk over a START or REPLY that
 * stops (the cursor failed) where the body ends too soon. */
struct tacplus_walk {
	struct cursor c;
	const char *want;  /* a field asked for, or NULL */
	fvalue_fn fn;
	void *data;
};

static void walk_uint(struct tacplus_walk *w, const char *name, uint32_t size)
{
	if (!cursor_need(&w->c, size))
		return;
	const uint8_t *d = w->c.data + w->c.off;
	if (w->want && fv_same(w->want, name))
		fv_give_uint(w->fn, w->data, size == 1 ? d[0] : fv_get16(d, true));
	cursor_skip(&w->c, size);
}

static void walk_string(struct tacplus_walk *w, const char *name, uint32_t len)
{
	if (!cursor_need(&w->c, len))
		return;
	if (w->want && fv_same(w->want, name))
		fv_give_ptr(w->fn, w->data, FV_STRING, w->c.data + w->c.off, len);
	cursor_skip(&w->c, len);
}

static void tacplus_walk(struct tacplus_walk *w, enum tacplus_body body)
{
	const uint8_t *d = w->c.data + w->c.off;
	if (body == BODY_START) {
		walk_uint(w, "tacplus.authen_action", 1);
		walk_uint(w, "tacplus.privilege_level", 1);
		walk_uint(w, "tacplus.authentication_type", 1);
		walk_uint(w, "tacplus.service", 1);
		walk_uint(w, "tacplus.user_len", 1);
		walk_uint(w, "tacplus.port_len", 1);
		walk_uint(w, "tacplus.address_len", 1);
		if (!cursor_need(&w->c, 1))
			return;
		uint32_t data_len = d[7];
		cursor_skip(&w->c, 1);
		walk_string(w, "tacplus.user", d[4]);
		walk_string(w, "tacplus.port", d[5]);
		walk_string(w, "tacplus.remote_address", d[6]);
		if (cursor_need(&w->c, data_len))
			cursor_skip(&w->c, data_len);
	} else if (body == BODY_REPLY) {
		walk_uint(w, "tacplus.body_authen_rep.status", 1);
		walk_uint(w, "tacplus.body_authen_rep.flags", 1);
		walk_uint(w, "tacplus.body_authen_rep.server_msg_len", 2);
		walk_uint(w, "tacplus.body_authen_rep_server.data_len", 2);
		if (!cursor_ok(&w->c))
			return;
		walk_string(w, "tacplus.body_authen_rep.server_msg", fv_get16(d + 2, true));
		uint32_t data_len = fv_get16(d + 4, true);
		if (cursor_need(&w->c, data_len))
			cursor_skip(&w->c, data_len);
	}
}

static void dissect_tacplus(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_TACPLUS, c->off);
	if (idx < 0)
		return;
	if (!cursor_need(c, TACPLUS_HEADER)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	const uint8_t *h = c->data + c->off;
	cursor_skip(c, TACPLUS_HEADER);
	struct cursor body = *c;
	uint32_t len = fv_get32(h + 8, true);
	if (len < cursor_rleft(&body))
		body.rend = body.off + len;
	struct tacplus_walk w = {.c = body};
	tacplus_walk(&w, tacplus_body(h));
	if (!cursor_ok(&w.c)) {
		*c = w.c;
		pkt_note_cursor(p, idx, c);
		return;
	}
	cursor_skip(c, cursor_rleft(c));
}

/* "Q: Authentication", "R: Accounting"; each message of a segment
 * replaces the one before. */
static void tacplus_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "TACACS+");
	col_clear(c);
	if (!d || n < 2)
		return;
	col_set(c, "%s: ", p->dport == TACPLUS_PORT ? "Q" : "R");
	const char *name = value_name(tacplus_types, d[1]);
	if (name)
		col_append(c, "%s", name);
	else
		col_append(c, "Unknown (0x%02x)", d[1]);
}

static void tacplus_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
			   const struct field_def *f, fvalue_fn fn, void *data)
{
	bool request = p->dport == TACPLUS_PORT;
	if (fv_same(f->abbrev, "tacplus.request") || fv_same(f->abbrev, "tacplus.response")) {
		if (request == fv_same(f->abbrev, "tacplus.request"))
			fv_give_uint(fn, data, 1);
		return;
	}
	if (!d || n < TACPLUS_HEADER)
		return;
	uint32_t len = fv_get32(d + 8, true), left = n - TACPLUS_HEADER;
	if (len < left)
		left = len;
	struct tacplus_walk w = {.c = cursor_init(d + TACPLUS_HEADER, left, left), .want = f->abbrev, .fn = fn, .data = data};
	tacplus_walk(&w, tacplus_body(d));
}

/* Wireshark's registration: TCP port 49, each message framed by its header's length. */
static const struct handoff tacplus_handoff[] = {
	TCP_PORT(TACPLUS_PORT, dissect_tacplus),
	HANDOFF_LIST_END,
};
static const struct pdu_framing tacplus_framing[] = {
	{dissect_tacplus, tacplus_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(TACPLUS, "tacplus", "TACACS+");
const struct protocol proto_tacplus = {PROTO_TACPLUS, .short_name = "TACACS+", .fields = &tacplus_table,
				       .columns = tacplus_columns, .values = tacplus_values, .handoff = tacplus_handoff,
				       .framing = tacplus_framing};
