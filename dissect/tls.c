/* tls.c — TLS and SSL 3.0 records (RFC 8446 section 5.1), and the SSLv2
 * ClientHello older clients open with.
 *
 *   +--------------+-----------------+-------------+----------------------+
 *   | content type | version (major, | length (2)  | fragment (length)    |
 *   |     (1)      |   minor) (2)    |             |                      |
 *   +--------------+-----------------+-------------+----------------------+
 *
 * A handshake fragment starts  | type (1) | length (3) | body |;  a
 * ClientHello body holds the version the client offers, its random,
 * session id, cipher suites, compression methods and extensions, among
 * them server_name (0) and supported_versions (43).
 *
 * All the records of one segment make one `tls` layer; a segment that does
 * not start with a record header is not TLS (the middle of a record split
 * over segments is the framing's business: tls_pdu_len).
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval.h"
#include "dissect/session.h"
#include "dissect/protocol.h"

static const struct value_string tls_content_types[] = {
	{20, "Change Cipher Spec"}, {21, "Alert"}, {22, "Handshake"},
	{23, "Application Data"}, {24, "Heartbeat"}, {0, NULL},
};

static const struct value_string tls_versions[] = {
	{0x0002, "SSL 2.0"}, {0x0300, "SSL 3.0"}, {0x0301, "TLS 1.0"}, {0x0302, "TLS 1.1"},
	{0x0303, "TLS 1.2"}, {0x0304, "TLS 1.3"}, {0, NULL},
};

static const struct value_string tls_handshake_types[] = {
	{0, "Hello Request"}, {1, "Client Hello"}, {2, "Server Hello"}, {4, "New Session Ticket"},
	{5, "End of Early Data"}, {8, "Encrypted Extensions"}, {11, "Certificate"},
	{12, "Server Key Exchange"}, {13, "Certificate Request"}, {14, "Server Hello Done"},
	{15, "Certificate Verify"}, {16, "Client Key Exchange"}, {20, "Finished"},
	{22, "Certificate Status"}, {24, "Key Update"}, {0, NULL},
};

/* Every field is read record by record (fieldval_tls.c). */
static const struct field_def tls_fields[] = {
	{"tls.record", "TLS Record Layer", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tls.record.content_type", "Content Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, tls_content_types},
	{"tls.record.opaque_type", "Opaque Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, tls_content_types},
	{"tls.record.version", "Version", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, tls_versions},
	{"tls.record.length", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tls.handshake.type", "Handshake Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, tls_handshake_types},
	{"tls.handshake.length", "Length", FT_UINT24, BASE_DEC, FIELD_VAR, 3, 0, NULL},
	{"tls.handshake.version", "Version", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, tls_versions},
	{"tls.handshake.extensions_server_name", "Server Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tls.handshake.extensions.supported_version", "Supported Version", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, tls_versions},
	{"tls.handshake.ciphersuite", "Cipher Suite", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"tls.app_data", "Encrypted Application Data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(tls);

#define TLS_MAX_RECORD (16384 + 2048) /* plaintext limit plus the largest expansion */

/* Whether the five bytes at B are a plausible SSL 3.0 / TLS record header. */
static bool record_header_ok(const uint8_t *b)
{
	uint16_t len = (uint16_t)(b[3] << 8 | b[4]);
	return b[0] >= 20 && b[0] <= 24 && b[1] == 3 && b[2] <= 4 && len > 0 && len <= TLS_MAX_RECORD;
}

/* Length of an SSLv2 ClientHello record at B (its header included), or 0:
 * a 2-byte header with the top bit set, message type 1, and a version
 * SSL 2.0 to TLS 1.2. */
static uint32_t sslv2_hello_len(const uint8_t *b, uint32_t n)
{
	if (n < 5 || !(b[0] & 0x80) || b[2] != 1)
		return 0;
	uint16_t ver = (uint16_t)(b[3] << 8 | b[4]);
	if (ver != 0x0002 && (ver < 0x0300 || ver > 0x0303))
		return 0;
	uint32_t len = (uint32_t)(b[0] & 0x7f) << 8 | b[1];
	return len >= 9 ? len + 2 : 0;
}

uint32_t tls_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (avail == 0)
		return PDU_NEED_MORE;
	if (data[0] & 0x80) {
		if (avail < 5)
			return PDU_NEED_MORE;
		return sslv2_hello_len(data, avail);
	}
	if (data[0] < 20 || data[0] > 24 || (avail >= 2 && data[1] != 3) || (avail >= 3 && data[2] > 4))
		return 0;
	if (avail < 5)
		return PDU_NEED_MORE;
	return record_header_ok(data) ? 5u + (uint32_t)(data[3] << 8 | data[4]) : 0;
}

static bool is_two(const struct fvalue *v, void *data)
{
	if (v->u == 2)
		*(bool *)data = true;
	return true;
}

static bool is_tls13(const struct fvalue *v, void *data)
{
	/* TLS 1.3 and its drafts (0x7fNN) */
	if (v->u == 0x0304 || (v->u & 0xff00) == 0x7f00)
		*(bool *)data = true;
	return true;
}

/* Once a ServerHello chose TLS 1.3, the connection's encrypted records
 * carry an opaque type, not a content type: remembered for both
 * directions, and told to this packet (p->tls13). */
static void tls_note_version(struct packet *p, const uint8_t *b, uint32_t n)
{
	if (!p->session || !pkt_has_tcp(p))
		return;
	struct flow_key key;
	flow_key_set(&key, p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport);
	struct tcp_dir *d = session_tcp_dir(p->session, &key);
	if (!d->tls13) {
		bool hello = false, v13 = false;
		tls_field_values(b, n, false, false, "tls.handshake.type", is_two, &hello);
		if (hello)
			tls_field_values(b, n, false, false, "tls.handshake.extensions.supported_version", is_tls13, &v13);
		if (v13) {
			d->tls13 = true;
			if (d->peer)
				d->peer->tls13 = true;
		}
	}
	p->tls13 = d->tls13;
}

/* Walks the records of C: all of them belong to this layer.  A record
 * declaring more than the segment holds continues in later segments. */
void dissect_tls(struct packet *p, struct cursor *c)
{
	uint32_t have = cursor_left(c);
	const uint8_t *b = c->data + c->off;
	if (c->err != CUR_OK)
		return;
	if (have >= 1 && (b[0] & 0x80)) {
		if (!sslv2_hello_len(b, have))
			return;
		pkt_push_layer(p, PROTO_TLS, c->off);
		return;
	}
	if (have < 5 || !record_header_ok(b)) {
		/* too short to tell: only a cut capture of a plausible start is ours */
		if (have >= cursor_rleft(c) || have == 0 || tls_pdu_len(b, have) != PDU_NEED_MORE)
			return;
		int idx = pkt_push_layer(p, PROTO_TLS, c->off);
		pkt_mark(p, idx, PKT_TRUNCATED);
		return;
	}
	int idx = pkt_push_layer(p, PROTO_TLS, c->off);
	while (cursor_ok(c) && cursor_rleft(c) >= 5) {
		const uint8_t *h = c->data + c->off;
		if (cursor_left(c) < 5) {
			cursor_fail(c, 5);
			break;
		}
		if (!record_header_ok(h))
			break; /* bytes no record header starts: shown as unknown */
		uint32_t len = 5u + (uint32_t)(h[3] << 8 | h[4]);
		if (len > cursor_rleft(c))
			break; /* continues in the next segment */
		cursor_skip(c, len);
	}
	if (c->err == CUR_TRUNCATED)
		pkt_note_cursor(p, idx, c);
	tls_note_version(p, b, have);
}

void dissect_tls_port(struct packet *p, struct cursor *c)
{
	int before = p->nlayers;
	dissect_tls(p, c);
	/* On a TLS port, bytes that start no record are the rest of one whose
	 * start was not seen (a segment was lost): TLS continuation data, as
	 * Wireshark shows them. */
	if (p->nlayers == before && c->err == CUR_OK && cursor_rleft(c) > 0)
		pkt_push_layer(p, PROTO_TLS, c->off);
}

/* The first handshake message's name, or the first record's content type. */
static void tls_columns(struct columns *c, const struct packet *p, int idx)
{
	col_default(c, p, idx);
	struct fvalue hs;
	if (pkt_field_first(p, "tls.handshake.type", &hs)) {
		static const char *const names[] = {[1] = "Client Hello", [2] = "Server Hello", [4] = "New Session Ticket",
						    [11] = "Certificate", [12] = "Server Key Exchange",
						    [13] = "Certificate Request", [14] = "Server Hello Done",
						    [16] = "Client Key Exchange", [20] = "Finished"};
		const char *n = hs.u < G_N_ELEMENTS(names) ? names[hs.u] : NULL;
		col_set(c, "%s", n ? n : "Handshake");
		return;
	}
	uint64_t ct = pkt_field_uint(p, "tls.record.content_type", pkt_field_uint(p, "tls.record.opaque_type", 0));
	col_set(c, "%s", ct == 23 ? "Application Data" : ct == 20 ? "Change Cipher Spec" : ct == 21 ? "Alert" :
		"Continuation Data");
}

const struct protocol proto_tls = {PROTO_TLS, .columns = tls_columns};
