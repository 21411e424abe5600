/* openvpn.c — OpenVPN, UDP and TCP port 1194: each packet opens with its
 * opcode and key id; over TCP a 2-byte length comes first.
 *
 *   +-------------+-------------------------+----------------------------+
 *   | opcode(5)   | control and ack packets: session id(8), [HMAC(20),   |
 *   | key id(3)   | replay packet id(4), time(4)], ack count(1), acked  |
 *   |             | ids(4 each), remote session id(8), message id(4),    |
 *   |             | then TLS (P_CONTROL_V1) or data                      |
 *   +-------------+------------------------------------------------------+
 *   P_DATA_V1: payload; P_DATA_V2: peer id(3), payload
 *
 * Whether the HMAC of tls-auth is there is guessed as Wireshark guesses it:
 * a non-zero first byte after the session id and at most one zero byte in
 * the four that follow.  P_CONTROL_V1 payloads are a byte stream of TLS
 * records per session: records whole in one packet are TLS's.
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum {
	OPENVPN_PORT = 1194,
	OP_CONTROL_V1 = 4, OP_ACK_V1 = 5, OP_DATA_V1 = 6, OP_DATA_V2 = 9, OP_HARD_RESET_CLIENT_V3 = 10,
	OP_CONTROL_WKC_V1 = 11,
	OPENVPN_HMAC = 20,
};

static const struct value_string openvpn_opcodes[] = {
	{1, "P_CONTROL_HARD_RESET_CLIENT_V1"}, {2, "P_CONTROL_HARD_RESET_SERVER_V1"},
	{3, "P_CONTROL_SOFT_RESET_V1"},        {4, "P_CONTROL_V1"},
	{5, "P_ACK_V1"},                        {6, "P_DATA_V1"},
	{7, "P_CONTROL_HARD_RESET_CLIENT_V2"}, {8, "P_CONTROL_HARD_RESET_SERVER_V2"},
	{9, "P_DATA_V2"},                       {10, "P_CONTROL_HARD_RESET_CLIENT_V3"},
	{11, "P_CONTROL_WKC_V1"},               {0, NULL},
};

static const struct field_def openvpn_fields[] = {
	{"openvpn.plen", "Packet Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"openvpn.type", "Type", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"openvpn.opcode", "Opcode", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, openvpn_opcodes},
	{"openvpn.keyid", "Key ID", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"openvpn.peerid", "Peer ID", FT_UINT24, BASE_DEC, FIELD_VAR, 3, 0, NULL},
	{"openvpn.sessionid", "Session ID", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"openvpn.hmac", "HMAC", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"openvpn.pid", "Replay-Packet-ID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"openvpn.rsessionid", "Remote Session ID", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"openvpn.mpid", "Message Packet-ID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"openvpn.mpidarraylength", "Message Packet-ID Array Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"openvpn.mpidarrayelement", "Message Packet-ID Array Element", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"openvpn.data", "Data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(openvpn);

/* Where a packet's parts are (offsets from the layer's start). */
struct openvpn_msg {
	uint32_t base;      /* 2 over TCP (the length), else 0 */
	uint8_t opcode, keyid;
	bool session, hmac, pid, array, rsession, mpid, peer;
	uint32_t session_at, hmac_at, hmac_len, pid_at, array_at, count, rsession_at, mpid_at, peer_at;
	uint32_t data_at;   /* what follows the header */
	bool cut;           /* the header runs past the packet (malformed) */
};

/* Whether four bytes look like part of an HMAC: at most one of them 0. */
static bool openvpn_hmac_like(const uint8_t *b)
{
	return (b[0] == 0) + (b[1] == 0) + (b[2] == 0) + (b[3] == 0) <= 1;
}

/* Reads the header of the packet D (N bytes, its TCP length first when
 * BASE is 2), as Wireshark does. */
static struct openvpn_msg openvpn_read(const uint8_t *d, uint32_t n, uint32_t base)
{
	struct openvpn_msg m = {.base = base};
	uint32_t at = base;
	if (at >= n) {
		m.cut = true;
		return m;
	}
	m.opcode = d[at] >> 3;
	m.keyid = d[at] & 7;
	at++;
	if (m.opcode == OP_DATA_V2) {
		if (at + 3 > n) {
			m.cut = true;
			return m;
		}
		m.peer = true, m.peer_at = at;
		m.data_at = at + 3;
		return m;
	}
	if (m.opcode == OP_DATA_V1) {
		m.data_at = at;
		return m;
	}
	if (at + 8 + 1 > n) { /* the session id, then the byte the guess reads */
		m.cut = true;
		return m;
	}
	m.session = true, m.session_at = at;
	at += 8;
	if (m.opcode == OP_HARD_RESET_CLIENT_V3 || m.opcode == OP_CONTROL_WKC_V1) {
		/* tls-crypt: replay id and time, an HMAC of 32 bytes, then
		 * what it encrypts */
		if (n - at >= 8) {
			m.pid = true, m.pid_at = at;
			at += 8;
		}
		m.hmac = true, m.hmac_at = at, m.hmac_len = 32;
		at += 32;
		m.cut = at > n;
		m.data_at = at;
		return m;
	}
	if (d[at] > 0 && at + 4 > n) {
		m.cut = true;
		return m;
	}
	if (d[at] > 0 && openvpn_hmac_like(d + at)) {
		m.hmac = true, m.hmac_at = at, m.hmac_len = OPENVPN_HMAC;
		at += OPENVPN_HMAC;
		if (at > n) {
			m.cut = true;
			return m;
		}
		if (n - at >= 8) {
			m.pid = true, m.pid_at = at;
			at += 8;
		}
	}
	if (n - at >= 1) {
		m.array = true, m.array_at = at, m.count = d[at];
		at += 1;
		if (m.count > 0) {
			if (at + 4 * m.count > n) {
				m.cut = true;
				return m;
			}
			at += 4 * m.count;
			if (n - at >= 8) {
				m.rsession = true, m.rsession_at = at;
				at += 8;
			}
		}
	}
	if (m.opcode != OP_ACK_V1 && n - at >= 4) {
		m.mpid = true, m.mpid_at = at;
		at += 4;
	}
	m.data_at = at;
	return m;
}

/* What a session's control stream owes a TLS record that began in an
 * earlier packet. */
struct openvpn_conv {
	uint32_t owed;
};

static void *openvpn_conv_new(void)
{
	return g_new0(struct openvpn_conv, 1);
}

/* The TLS records of a P_CONTROL_V1 payload at C: those whole here are
 * TLS's; bytes a record begun earlier still owed are skipped; a record
 * running past the packet is owed by the next ones. */
static void openvpn_tls(struct packet *p, struct cursor *c)
{
	struct openvpn_conv *conv = p->session && p->ip_layer >= 0 ?
		session_conv_data(p->session, p, PROTO_OPENVPN, openvpn_conv_new, g_free) : NULL;
	uint32_t room = cursor_rleft(c);
	if (conv && conv->owed) {
		uint32_t k = conv->owed < room ? conv->owed : room;
		conv->owed -= k;
		cursor_skip(c, k);
		room -= k;
	}
	const uint8_t *d = c->data + c->off;
	uint32_t have = cursor_left(c), whole = 0;
	while (whole + 5 <= room && whole + 5 <= have) {
		uint32_t len = 5u + fv_get16(d + whole + 3, true);
		if (whole + len > room)
			break;
		whole += len;
	}
	if (conv && whole < room && room - whole >= 5 && have >= whole + 5)
		conv->owed = 5u + fv_get16(d + whole + 3, true) - (room - whole);
	if (whole == 0) {
		cursor_skip(c, room);
		return;
	}
	struct cursor tls = cursor_sub(c, whole);
	dissect_tls(p, &tls);
	cursor_skip(c, room);
}

static void openvpn_common(struct packet *p, struct cursor *c, uint32_t base)
{
	int idx = pkt_push_layer(p, PROTO_OPENVPN, c->off);
	if (idx < 0)
		return;
	uint32_t room = cursor_rleft(c), have = cursor_left(c);
	struct openvpn_msg m = openvpn_read(c->data + c->off, have < room ? have : room, base);
	if (m.cut) {
		cursor_skip(c, have < room ? have : room);
		if (have < room)
			cursor_fail(c, room - have);
		else
			c->err = CUR_MALFORMED;
		pkt_note_cursor(p, idx, c);
		return;
	}
	cursor_skip(c, m.data_at);
	if (m.opcode == OP_CONTROL_V1 && cursor_rleft(c) > 0)
		openvpn_tls(p, c);
	else
		cursor_skip(c, cursor_rleft(c));
}

static void dissect_openvpn_udp(struct packet *p, struct cursor *c)
{
	openvpn_common(p, c, 0);
}

static void dissect_openvpn_tcp(struct packet *p, struct cursor *c)
{
	openvpn_common(p, c, 2);
}

/* Over TCP: the length before each packet. */
static uint32_t openvpn_pdu_len(const uint8_t *d, uint32_t avail)
{
	return avail < 2 ? PDU_NEED_MORE : fv_get16(d, true) + 2u;
}

static bool openvpn_over_tcp(const struct packet *p)
{
	return p->l4_layer >= 0 && p->layers[p->l4_layer].proto == PROTO_TCP;
}

/* "MessageType: " and the opcode's name. */
static void openvpn_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "OpenVPN");
	col_clear(c);
	uint32_t at = openvpn_over_tcp(p) ? 2 : 0;
	if (!d || n <= at)
		return;
	const char *name = value_name(openvpn_opcodes, d[at] >> 3);
	col_append(c, "MessageType: %s", name ? name : "Unknown Messagetype");
}

static void openvpn_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
			   const struct field_def *f, fvalue_fn fn, void *data)
{
	uint32_t base = openvpn_over_tcp(p) ? 2 : 0;
	if (!d || n <= base)
		return;
	if (base && n >= 2 && fv_get16(d, true) + 2u < n)
		n = fv_get16(d, true) + 2u;
	struct openvpn_msg m = openvpn_read(d, n, base);
	const struct fv_named_uint v[] = {
		{"openvpn.plen", base ? fv_get16(d, true) : 0, base != 0},
		{"openvpn.type", d[base], true},
		{"openvpn.opcode", m.opcode, true},
		{"openvpn.keyid", m.keyid, true},
		{"openvpn.peerid", m.peer ? fv_get32(d + m.peer_at - 1, true) & 0xffffff : 0, m.peer},
		{"openvpn.sessionid", m.session ? (uint64_t)fv_get32(d + m.session_at, true) << 32 |
							  fv_get32(d + m.session_at + 4, true) : 0, m.session},
		{"openvpn.pid", m.pid ? fv_get32(d + m.pid_at, true) : 0, m.pid},
		{"openvpn.mpidarraylength", m.count, m.array},
		{"openvpn.rsessionid", m.rsession ? (uint64_t)fv_get32(d + m.rsession_at, true) << 32 |
							    fv_get32(d + m.rsession_at + 4, true) : 0, m.rsession},
		{"openvpn.mpid", m.mpid ? fv_get32(d + m.mpid_at, true) : 0, m.mpid},
	};
	fv_give_named(fn, data, f->abbrev, v, G_N_ELEMENTS(v));
	if (m.hmac && !m.cut && fv_same(f->abbrev, "openvpn.hmac"))
		fv_give_ptr(fn, data, FV_BYTES, d + m.hmac_at, m.hmac_len);
	for (uint32_t i = 0; m.array && !m.cut && i < m.count && fv_same(f->abbrev, "openvpn.mpidarrayelement"); i++)
		fv_give_uint(fn, data, fv_get32(d + m.array_at + 1 + 4 * i, true));
	if (!m.cut && m.opcode != OP_CONTROL_V1 && m.data_at < n && fv_same(f->abbrev, "openvpn.data"))
		fv_give_ptr(fn, data, FV_BYTES, d + m.data_at, n - m.data_at);
}

/* Wireshark's registration: UDP and TCP port 1194; over TCP each packet
 * framed by its length. */
static const struct handoff openvpn_handoff[] = {
	UDP_PORT(OPENVPN_PORT, dissect_openvpn_udp),
	TCP_PORT(OPENVPN_PORT, dissect_openvpn_tcp),
	HANDOFF_LIST_END,
};
static const struct pdu_framing openvpn_framing[] = {
	{dissect_openvpn_tcp, openvpn_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(OPENVPN, "openvpn", "OpenVPN Protocol");
const struct protocol proto_openvpn = {PROTO_OPENVPN, .short_name = "OpenVPN", .fields = &openvpn_table,
				       .columns = openvpn_columns, .values = openvpn_values,
				       .handoff = openvpn_handoff, .framing = openvpn_framing};
