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
#include "dissect/fieldval_give.h"
#include "dissect/session.h"
#include "dissect/protocol.h"
#include "dissect/tcp_conv.h"
#include "dissect/tls.h"

const struct value_string tls_content_types[] = {
	{20, "Change Cipher Spec"}, {21, "Alert"}, {22, "Handshake"},
	{23, "Application Data"}, {24, "Heartbeat"}, {25, "Connection ID"}, {0, NULL},
};

const struct value_string tls_versions[] = {
	{0x0002, "SSL 2.0"}, {0x0300, "SSL 3.0"}, {0x0301, "TLS 1.0"}, {0x0302, "TLS 1.1"},
	{0x0303, "TLS 1.2"}, {0x0304, "TLS 1.3"}, {0x0100, "DTLS 1.0 (OpenSSL pre 0.9.8f)"},
	{0xfeff, "DTLS 1.0"}, {0xfefd, "DTLS 1.2"}, {0xfefc, "DTLS 1.3"}, {0, NULL},
};

static const struct value_string tls_handshake_types[] = {
	{0, "Hello Request"}, {1, "Client Hello"}, {2, "Server Hello"}, {4, "New Session Ticket"},
	{5, "End of Early Data"}, {8, "Encrypted Extensions"}, {11, "Certificate"},
	{12, "Server Key Exchange"}, {13, "Certificate Request"}, {14, "Server Hello Done"},
	{15, "Certificate Verify"}, {16, "Client Key Exchange"}, {20, "Finished"},
	{22, "Certificate Status"}, {24, "Key Update"}, {0, NULL},
};

/* Every field is read record by record (tls_field_values() below). */
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
	{"tls.handshake.random", "Random", FT_BYTES, BASE_NONE, FIELD_VAR, 32, 0, NULL},
	{"tls.handshake.session_id_length", "Session ID Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"tls.handshake.session_id", "Session ID", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tls.handshake.cipher_suites_length", "Cipher Suites Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tls.handshake.comp_methods_length", "Compression Methods Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"tls.handshake.comp_method", "Compression Method", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"tls.handshake.extensions_length", "Extensions Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tls.handshake.extension.type", "Type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tls.handshake.extension.len", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tls.handshake.extensions_supported_group", "Supported Group", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"tls.handshake.extensions_alpn_str", "ALPN Next Protocol", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
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

/* A record's content type as Wireshark knows them: ChangeCipherSpec,
 * Alert, Handshake, ApplicationData, Heartbeat, and a TLS 1.2 record with
 * a connection ID. */
static bool content_type_ok(uint8_t t)
{
	return t >= 20 && t <= 25;
}

/* A record version Wireshark takes for a record's start while it knows no
 * version of the connection: SSL 3.0 to TLS 1.2, or GM/T's. */
static bool record_version_ok(uint16_t v)
{
	return (v >= 0x0300 && v <= 0x0303) || v == 0x0101;
}

/* The length of the record whose header (5 bytes) is at D. */
static uint32_t record_len(const uint8_t *d)
{
	return 5u + (uint32_t)(d[3] << 8 | d[4]);
}

static bool looks_like_ssl2(const uint8_t *r);
static uint32_t ssl2_pdu_len(const uint8_t *data, uint32_t avail);

/* How Wireshark frames a connection's records.  Whatever the version, a
 * record header is 5 bytes: fewer wait for the next segment.  While the
 * version is not known (and for TLS 1.3, a version it does not list there)
 * a record starts with a known content type and an SSL 3.0 to TLS 1.2 (or
 * GM/T) record version, or looks like an SSLv2 record (a two-byte header,
 * a clear message type) and is framed by that header; once the version is
 * SSL 3.0 to TLS 1.2, any header of a known content type gives its
 * record's length, its version bytes unread (tls_known_pdu_len). */
uint32_t tls_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (avail < 5)
		return PDU_NEED_MORE;
	if (data[0] & 0x80)
		return looks_like_ssl2(data) ? ssl2_pdu_len(data, avail) : 0;
	if (!content_type_ok(data[0]) || !record_version_ok((uint16_t)(data[1] << 8 | data[2])))
		return 0;
	return record_len(data);
}

static bool first_version(const struct fvalue *v, void *data)
{
	*(uint16_t *)data = (uint16_t)v->u;
	return false;
}

/* A version number Wireshark knows as SSL 3.0 to TLS 1.3 (a TLS 1.3
 * draft as TLS 1.3); 0 for any other. */
static uint16_t known_version(uint16_t v)
{
	if ((v & 0xff00) == 0x7f00)
		return 0x0304;
	return v >= 0x0300 && v <= 0x0304 ? v : 0;
}

/* The version a ServerHello settles on: its supported_versions' (EXT, 0
 * none), else its body's (BODY), as known_version() names them; Facebook's
 * TLS 1.3 drafts (fizz: 0xfb17, 0xfb1a) there are TLS 1.3 too. */
static uint16_t server_hello_version(uint16_t ext, uint16_t body)
{
	uint16_t v = ext == 0xfb17 || ext == 0xfb1a ? 0x0304 : known_version(ext);
	if (v)
		return v;
	return body == 0xfb17 || body == 0xfb1a ? 0x0304 : known_version(body);
}

/* Whether record R (AVAIL bytes of it here) tells the connection's version
 * by its header: any record but a ClientHello (or a handshake record of no
 * known message type). */
static bool authoritative(const uint8_t *r, uint32_t avail)
{
	if (r[0] != 22)
		return true;
	return avail > 5 && r[5] != 1 && value_name(tls_handshake_types, r[5]);
}

/* What Wireshark learns of a connection from its records as they pass,
 * kept for both directions: the version it settled on (the first record
 * other than a ClientHello tells one, a ServerHello the one chosen, by its
 * supported_versions for TLS 1.3), and whether this direction changed its
 * cipher spec; a TLS 1.3 connection's encrypted records carry an opaque
 * type (p->tls13). */
/* Whether the ClientHello in record R (AVAIL bytes here) offers to resume
 * a session: a session ID, or a SessionTicket extension with a ticket. */
static bool hello_resumable(const uint8_t *r, uint32_t avail)
{
	/* record(5) type(1) length(3) version(2) random(32) id length(1) id */
	if (avail < 44)
		return false;
	if (r[43])
		return true;
	uint32_t at = 44;
	if (at + 2 > avail)
		return false;
	at += 2u + fv_get16(r + at, true); /* cipher suites */
	if (at + 1 > avail)
		return false;
	at += 1u + r[at];                   /* compression methods */
	if (at + 2 > avail)
		return false;
	uint32_t end = at + 2u + fv_get16(r + at, true);
	for (at += 2; at + 4 <= end && at + 4 <= avail;) {
		uint32_t type = fv_get16(r + at, true), len = fv_get16(r + at + 2, true);
		if (type == 35)
			return len > 0;
		at += 4 + len;
	}
	return false;
}

/* Whether the handshake record R (AVAIL bytes here) holds a Certificate or
 * a ServerHelloDone in clear: a full handshake, which a resumed session skips. */
static bool has_full_handshake(const uint8_t *r, uint32_t avail)
{
	uint32_t end = 5u + (uint32_t)(r[3] << 8 | r[4]);
	for (uint32_t at = 5; at + 4 <= end && at + 4 <= avail;) {
		if (r[at] == 11 || r[at] == 14)
			return true;
		at += 4u + ((uint32_t)r[at + 1] << 16 | (uint32_t)r[at + 2] << 8 | r[at + 3]);
	}
	return false;
}

/* Whether direction D of P's connection is the server's: the one that sent
 * the ServerHello (or got the ClientHello); without either, the one from
 * a port TLS is known on. */
static bool is_server(const struct packet *p, const struct tcp_dir *d)
{
	if (d->tls_role)
		return d->tls_role == 2;
	return dispatch_find(&tcp_port_table, p->sport) == dissect_tls_port &&
	       dispatch_find(&tcp_port_table, p->dport) != dissect_tls_port;
}

/* Wireshark's resumption rule: the server changes its cipher spec after
 * its ServerHello but before its ServerHelloDone was seen, when the client
 * offered a session ID or ticket.  A ServerHelloDone deep in a flight
 * gathered over segments is not read here: a Certificate stands for it,
 * unless data was lost before the change (tls_expert). */
static void note_resumption(struct packet *p, struct tcp_dir *d, const uint8_t *r, uint32_t avail)
{
	if (r[0] == 22 && avail > 5 && (r[5] == 1 || r[5] == 2)) {
		d->tls_role = r[5] == 1 ? 1 : 2;
		if (d->peer)
			d->peer->tls_role = r[5] == 1 ? 2 : 1;
		if (r[5] == 1)
			d->tls_resumable = hello_resumable(r, avail);
		else
			d->tls_server_hello = true;
	}
	if (r[0] == 22 && !d->tls_ccs && has_full_handshake(r, avail))
		d->tls_hello_done = true;
	if (r[0] == 20 && !d->tls13 && is_server(p, d) && d->tls_server_hello && d->peer && d->peer->tls_resumable)
		p->tls_resumed = d->tls_hello_done ? 2 : 1;
}

static void dissect_tls_known(struct packet *p, struct cursor *c);

/* Once the version of D's connection is known, its records (both ways)
 * are framed as Wireshark frames that version's (unless the connection
 * is another protocol's, TLS inside it, or became SSLv2). */
static void tls_frame_by_version(struct tcp_dir *d)
{
	dissector_fn fn = dissect_tls_known;
	if (d->tls_version < 0x0300 || d->tls_version > 0x0303 || (d->app && d->app != dissect_tls_port && d->app != dissect_tls && d->app != fn))
		return;
	d->app = fn;
	if (d->peer && (!d->peer->app || d->peer->app == dissect_tls_port || d->peer->app == dissect_tls))
		d->peer->app = fn;
}

static void tls_note_version(struct packet *p, const uint8_t *b, uint32_t n)
{
	if (!p->session || !pkt_has_tcp(p))
		return;
	struct flow_key key;
	flow_key_set(&key, p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport);
	struct tcp_dir *d = session_tcp_dir(p->session, &key);
	uint16_t v = d->tls_version;
	for (uint32_t off = 0; off + 5 <= n && record_header_ok(b + off);) {
		const uint8_t *r = b + off;
		if (r[0] == 20)
			d->tls_ccs = true;
		if (!v && authoritative(r, n - off))
			v = known_version((uint16_t)(r[1] << 8 | r[2]));
		if (!d->tls_hello && r[0] == 22 && n - off >= 11 && r[5] == 2) {
			uint16_t sv = 0;
			tls_field_values(r, n - off, false, false, "tls.handshake.extensions.supported_version", first_version,
					 &sv);
			sv = server_hello_version(sv, (uint16_t)(r[9] << 8 | r[10]));
			if (sv)
				v = sv;
			d->tls_hello = true;
			if (v == 0x0304)
				d->tls13 = true;
		}
		note_resumption(p, d, r, n - off);
		off += 5u + (uint32_t)(r[3] << 8 | r[4]);
	}
	d->tls_version = v;
	tls_frame_by_version(d);
	if (d->peer) {
		d->peer->tls_version = v;
		d->peer->tls_hello |= d->tls_hello;
		d->peer->tls13 |= d->tls13;
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

/* Whether the bytes at C are text, not TLS: Wireshark's TLS refuses bytes
 * handed to it whose first four (of five or more) are printable ASCII, as
 * no record starts so; where TCP hands a segment afresh they are left to
 * other protocols (data). */
static bool text_start(const struct packet *p, const struct cursor *c)
{
	if (c->data != p->frame->data || c->off + 1 != p->tcp_fresh || cursor_left(c) < 5)
		return false;
	for (uint32_t i = 0; i < 4; i++)
		if (c->data[c->off + i] < 0x20 || c->data[c->off + i] > 0x7e)
			return false;
	return true;
}

/* The length of the SSLv2 record at DATA, its 2-byte header (top bit set)
 * or 3-byte one included. */
static uint32_t ssl2_pdu_len(const uint8_t *data, uint32_t avail)
{
	uint32_t lenlen = avail && (data[0] & 0x80) ? 2 : 3;
	if (avail < lenlen)
		return PDU_NEED_MORE;
	return lenlen + ((uint32_t)(data[0] & (lenlen == 2 ? 0x7f : 0x3f)) << 8 | data[1]);
}

/* SSL 3.0 to TLS 1.2: a known content type gives the record's length
 * whatever its version bytes; an SSLv2 ClientHello (0x80, type 1) is read
 * by its SSLv2 header. */
static uint32_t tls_known_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (avail < 5)
		return PDU_NEED_MORE;
	if (data[0] == 0x80 && data[2] == 1)
		return ssl2_pdu_len(data, avail);
	return content_type_ok(data[0]) ? record_len(data) : 0;
}

/* The connection's records once its version is known: TLS's on its port,
 * each with the framing of that version. */
static void dissect_tls_known(struct packet *p, struct cursor *c)
{
	dissect_tls_port(p, c);
}

/* The records of a connection that became SSLv2: one layer, whatever the
 * bytes (the columns read them as SSLv2 records, in either direction). */
static void dissect_ssl2_port(struct packet *p, struct cursor *c)
{
	if (c->err != CUR_OK || cursor_rleft(c) == 0 || text_start(p, c))
		return;
	pkt_push_layer(p, PROTO_TLS, c->off);
	p->tls_version = 0x0002;
	if (p->session && pkt_has_tcp(p)) {
		struct flow_key key;
		flow_key_set(&key, p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport);
		session_tcp_dir(p->session, &key)->tls_version = 0x0002;
	}
}

/* Bytes B (N here) that start no TLS record, on a connection whose version
 * is not known, read as an SSLv2 record holding a server's message or a
 * later one (type 2 to 8): the connection is SSLv2 from then on, both
 * ways, its records framed by their SSLv2 headers, whatever follows (a
 * lost segment's neighbours often look so; later TLS records then wait
 * for bytes that never come, as they do in Wireshark). */
static void note_ssl2(struct packet *p, const uint8_t *b, uint32_t n)
{
	if (!p->session || !pkt_has_tcp(p) || p->tls_version || n < 5 || !looks_like_ssl2(b) || b[2] < 2)
		return;
	struct flow_key key;
	flow_key_set(&key, p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport);
	struct tcp_dir *d = session_tcp_dir(p->session, &key);
	d->tls_version = 0x0002;
	d->app = dissect_ssl2_port;
	if (d->peer) {
		d->peer->tls_version = 0x0002;
		d->peer->app = dissect_ssl2_port;
	}
}

bool tls_app(dissector_fn fn)
{
	return fn == dissect_tls || fn == dissect_tls_port || fn == dissect_ssl2_port || fn == dissect_tls_known;
}

void dissect_tls_port(struct packet *p, struct cursor *c)
{
	if (text_start(p, c))
		return;
	int before = p->nlayers;
	dissect_tls(p, c);
	/* On a TLS port, bytes that start no record are the rest of one whose
	 * start was not seen (a segment was lost): TLS continuation data, as
	 * Wireshark shows them. */
	if (p->nlayers == before && c->err == CUR_OK && cursor_rleft(c) > 0) {
		pkt_push_layer(p, PROTO_TLS, c->off);
		note_ssl2(p, c->data + c->off, cursor_left(c));
	}
}

/* ---- the packet list ------------------------------------------------------ */

const struct value_string tls_alert_levels[] = {{1, "Warning"}, {2, "Fatal"}, {0, NULL}};

const struct value_string tls_alert_descriptions[] = {
	{0, "Close Notify"}, {10, "Unexpected Message"}, {20, "Bad Record MAC"}, {21, "Decryption Failed"},
	{22, "Record Overflow"}, {30, "Decompression Failure"}, {40, "Handshake Failure"}, {41, "No Certificate"},
	{42, "Bad Certificate"}, {43, "Unsupported Certificate"}, {44, "Certificate Revoked"},
	{45, "Certificate Expired"}, {46, "Certificate Unknown"}, {47, "Illegal Parameter"}, {48, "Unknown CA"},
	{49, "Access Denied"}, {50, "Decode Error"}, {51, "Decrypt Error"}, {60, "Export Restriction"},
	{70, "Protocol Version"}, {71, "Insufficient Security"}, {80, "Internal Error"},
	{86, "Inappropriate Fallback"}, {90, "User Canceled"}, {100, "No Renegotiation"},
	{109, "Missing Extension"}, {110, "Unsupported Extension"}, {111, "Certificate Unobtainable"},
	{112, "Unrecognized Name"}, {113, "Bad Certificate Status Response"}, {114, "Bad Certificate Hash Value"},
	{115, "Unknown PSK Identity"}, {116, "Certificate Required"}, {120, "No application Protocol"}, {0, NULL},
};

/* The names Wireshark 4.0 gives handshake messages in the Info column
 * (TLS's and DTLS's; 67 is the Next Protocol message, named as 4.0 names it). */
const struct value_string tls_info_handshake_types[] = {
	{0, "Hello Request"}, {1, "Client Hello"}, {2, "Server Hello"}, {3, "Hello Verify Request"},
	{4, "New Session Ticket"}, {5, "End of Early Data"}, {6, "Hello Retry Request"},
	{8, "Encrypted Extensions"}, {11, "Certificate"}, {12, "Server Key Exchange"},
	{13, "Certificate Request"}, {14, "Server Hello Done"}, {15, "Certificate Verify"},
	{16, "Client Key Exchange"}, {20, "Finished"}, {21, "Client Certificate URL"}, {22, "Certificate Status"},
	{23, "Supplemental Data"}, {24, "Key Update"}, {25, "Compressed Certificate"}, {67, "Encrypted Extensions"},
	{0, NULL},
};

bool tls_handshake_type_valid(uint8_t type, bool dtls)
{
	return (type != 3 || dtls) && value_name(tls_info_handshake_types, type);
}

/* The Protocol column's name of version V, or NULL ("SSL" then). */
static const char *tls_short_name(uint16_t v)
{
	static const struct value_string names[] = {{0x0002, "SSLv2"}, {0x0300, "SSLv3"}, {0x0301, "TLSv1"},
						    {0x0302, "TLSv1.1"}, {0x0303, "TLSv1.2"}, {0x0304, "TLSv1.3"},
						    {0x0101, "TLCP"}, {0, NULL}};
	return value_name(names, known_version(v) ? known_version(v) : v);
}

/* The random of a TLS 1.3 HelloRetryRequest (a ServerHello). */
static const uint8_t hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

/* The state of a frame's TLS records as Wireshark reads them. */
struct tls_walk {
	uint16_t version;  /* the connection's, 0 unknown */
	bool ccs_before;   /* this direction changed its cipher spec in an earlier frame */
	struct columns *c; /* where to write, NULL: only follow the version */
	bool ignored;      /* bytes read as an "Ignored Unknown Record" */
	/* A record completed from earlier segments keeps only its first bytes;
	 * its last TAIL_LEN bytes are in this frame, at TAIL (NULL: none). */
	const uint8_t *tail;
	uint32_t tail_len;
	/* A layer put together from segments: how many bytes the whole message
	 * has from the layer's start (UINT32_MAX: unknown).  A record that
	 * runs past them is the start of the next message, named where that
	 * one completes, as Wireshark does. */
	uint32_t msg_left;
};

static void walk_text(struct tls_walk *w, const char *text)
{
	if (w->c)
		col_append_sep(w->c, ", ", "%s", text);
}

/* Whether a handshake record's body B (LEN bytes, HAVE of them here) is
 * encrypted, as Wireshark guesses it: 16 bytes or more that open with five
 * zero bytes (an explicit nonce), follow a change of cipher spec, or whose
 * first message type or length makes no sense. */
static bool handshake_encrypted(const struct tls_walk *w, const uint8_t *b, uint32_t len, uint32_t have)
{
	if (len < 16 || have < 5)
		return false;
	if (!memcmp(b, "\0\0\0\0\0", 5) || w->ccs_before)
		return true;
	return !value_name(tls_info_handshake_types, b[0]) || b[1] != 0;
}

/* The messages of a handshake record's body B (LEN bytes, HAVE of them
 * here): each whole one by name, the first cut short by the record as a
 * fragment; a ServerHello settles the version. */
static void walk_handshake(struct tls_walk *w, const uint8_t *b, uint32_t len, uint32_t have)
{
	if (handshake_encrypted(w, b, len, have)) {
		walk_text(w, "Encrypted Handshake Message");
		return;
	}
	/* the body's bytes from TAIL_AT on are the frame's tail of the record */
	uint32_t tail_at = w->tail && w->tail_len <= len ? len - w->tail_len : UINT32_MAX;
	for (uint32_t at = 0; at < len;) {
		uint8_t h[4];
		bool got = true;
		for (uint32_t k = 0; k < 4 && got; k++) {
			if (at + k < have)
				h[k] = b[at + k];
			else if (at + k >= tail_at && at + k < len)
				h[k] = w->tail[at + k - tail_at];
			else
				got = false;
		}
		if (!got && at >= have && at < tail_at)
			return; /* a message in the bytes no segment kept */
		const char *name = value_name(tls_info_handshake_types, got ? h[0] : b[at]);
		uint32_t mlen = got ? 4u + ((uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3]) : 0;
		if (mlen == 0 || mlen > len - at) {
			if (at == 0 && w->c)
				col_append_sep(w->c, ", ", "[%s Fragment]", name ? name : "Encrypted Handshake Message");
			return;
		}
		if (h[0] == 2 && at + 38 <= have && !memcmp(b + at + 6, hrr_random, 32))
			name = "Hello Retry Request";
		walk_text(w, name ? name : "Encrypted Handshake Message");
		if (h[0] == 2 && at + 6 <= have) {
			uint16_t sv = 0;
			tls_field_values(b - 5, have + 5, false, false, "tls.handshake.extensions.supported_version",
					 first_version, &sv);
			sv = server_hello_version(sv, (uint16_t)(b[at + 4] << 8 | b[at + 5]));
			if (sv) {
				w->version = sv;
				if (w->c)
					col_proto(w->c, tls_short_name(sv));
			}
		}
		at += mlen;
	}
}

/* One record R (HAVE bytes here) of type CT and body length LEN. */
static void walk_record(struct tls_walk *w, const uint8_t *r, uint32_t len, uint32_t have)
{
	const uint8_t *b = r + 5;
	uint32_t body = have - 5;
	switch (r[0]) {
	case 20:
		walk_text(w, "Change Cipher Spec");
		break;
	case 21:
		if (len != 2 || body < 2) {
			walk_text(w, "Encrypted Alert");
		} else if (w->c) {
			const char *level = value_name(tls_alert_levels, b[0]);
			const char *what = value_name(tls_alert_descriptions, b[1]);
			col_append_sep(w->c, ", ", "Alert (Level: %s, Description: %s)", level ? level : "Unknown",
				       what ? what : "Unknown");
		}
		break;
	case 22:
		walk_handshake(w, b, len, body);
		break;
	case 23:
		walk_text(w, "Application Data");
		break;
	default:
		break;
	}
}

/* An SSLv2 record R (LEFT bytes here) of LEN bytes after its LENLEN
 * byte header: its message by name when it looks like a clear handshake
 * message, else "Encrypted Data"; a server's message or later makes the
 * connection SSLv2. */
static void walk_ssl2(struct tls_walk *w, const uint8_t *r, uint32_t left, uint32_t lenlen, uint32_t len)
{
	static const struct value_string types[] = {
		{0, "Error"}, {1, "Client Hello"}, {2, "Client Master Key"}, {3, "Client Finished"},
		{4, "Server Hello"}, {5, "Server Verify"}, {6, "Server Finished"}, {7, "Request Certificate"},
		{8, "Client Certificate"}, {0, NULL},
	};
	const uint8_t *m = r + lenlen;
	uint32_t have = left - lenlen;
	uint8_t type = have ? m[0] : 0xff;
	if (!w->version && type >= 2 && type <= 8)
		w->version = 0x0002;
	if (w->c)
		col_proto(w->c, "SSLv2");
	bool clear = false;
	if (type == 1 && have >= 3)
		clear = known_version((uint16_t)(m[1] << 8 | m[2])) || (m[1] << 8 | m[2]) == 0x0002;
	else if (type == 4 && have >= 5)
		clear = known_version((uint16_t)(m[3] << 8 | m[4])) || (m[3] << 8 | m[4]) == 0x0002;
	else if (type == 2 && have >= 10)
		clear = (uint32_t)(m[4] << 8 | m[5]) + (uint32_t)(m[6] << 8 | m[7]) + (uint32_t)(m[8] << 8 | m[9]) <= len;
	const char *name = value_name(types, type);
	walk_text(w, clear && name ? name : "Encrypted Data");
}

/* Whether R (5 bytes or more) opens with what Wireshark takes for an
 * SSLv2 record: a two-byte header and a clear handshake message type. */
static bool looks_like_ssl2(const uint8_t *r)
{
	return r[0] >= 0x80 && (r[2] <= 2 || r[2] == 4);
}

/* The records of one TLS layer's bytes D (N of them; WHOLE: the layer is a
 * record complete in this frame, of which N bytes were kept), as Wireshark
 * reads them: a record that runs past the bytes waits for more, bytes of
 * no record are "Continuation Data" (or, on a TLS 1.0 to 1.2 connection,
 * an "Ignored Unknown Record"). */
static void walk_layer(struct tls_walk *w, const uint8_t *d, uint32_t n, bool whole)
{
	for (uint32_t off = 0; off < n;) {
		const uint8_t *r = d + off;
		uint32_t left = n - off;
		bool v12 = w->version >= 0x0300 && w->version <= 0x0303;
		bool ssl2 = w->version == 0x0002 || (v12 && left >= 3 && r[0] == 0x80 && r[2] == 1);
		if (v12 && !ssl2 && w->version != 0x0300 && !content_type_ok(r[0])) {
			w->ignored = true;
			walk_text(w, "Ignored Unknown Record");
			return;
		}
		if (!ssl2 && left < 5)
			return;
		uint16_t rv = (uint16_t)(r[1] << 8 | r[2]);
		if (!v12 && (!w->version || w->version == 0x0304))
			ssl2 = looks_like_ssl2(r);
		if (ssl2) {
			uint32_t lenlen = r[0] & 0x80 ? 2 : 3;
			if (left < lenlen)
				return;
			uint32_t len = (uint32_t)(r[0] & (lenlen == 2 ? 0x7f : 0x3f)) << 8 | r[1];
			if (left < lenlen + len && !whole)
				return;
			walk_ssl2(w, r, MIN(left, lenlen + len), lenlen, len);
			off += lenlen + len;
			continue;
		}
		if (!v12 && !(content_type_ok(r[0]) && record_version_ok(rv))) {
			walk_text(w, "Continuation Data");
			return;
		}
		uint32_t len = (uint32_t)(r[3] << 8 | r[4]);
		if (!content_type_ok(r[0])) {
			walk_text(w, "Continuation Data");
			off += 5 + len;
			continue;
		}
		if (left < 5 + len && (!whole || (uint64_t)off + 5 + len > w->msg_left))
			return;
		if (!w->version) {
			if (authoritative(r, left))
				w->version = known_version(rv);
			if (w->c)
				col_proto(w->c, tls_short_name(rv) ? tls_short_name(rv) : "SSL");
		}
		walk_record(w, r, len, MIN(left, 5 + len));
		off += 5 + len;
	}
}

/* The bytes of TLS layer IDX: to the end of the TCP payload, or what was
 * kept of a record completed from earlier segments. */
static const uint8_t *tls_layer_bytes(const struct packet *p, int idx, uint32_t *n)
{
	const uint8_t *d = col_layer_bytes(p, idx, n);
	const struct layer *l = &p->layers[idx];
	if (!(l->flags & PKT_REASSEMBLED) && pkt_has_tcp(p)) {
		const struct layer *t = &p->layers[p->l4_layer];
		uint64_t end = (uint64_t)t->off + p->tcp_hdr_len + p->tcp_len;
		*n = end <= l->off ? 0 : (uint32_t)MIN(*n, end - l->off);
	}
	/* a TLS layer after it in the segment holds the bytes from its start */
	const struct layer *next = idx + 1 < p->nlayers ? &p->layers[idx + 1] : NULL;
	if (next && next->proto == PROTO_TLS && next->off > l->off && !(next->flags & PKT_REASSEMBLED) &&
	    !(l->flags & PKT_REASSEMBLED))
		*n = MIN(*n, next->off - l->off);
	return d;
}

/* The end of record layer IDX, completed from earlier segments, in this
 * frame: the TCP payload up to the frame's next TLS layer of its own (or
 * to the payload's end), *N bytes; NULL when none. */
static const uint8_t *tls_record_tail(const struct packet *p, int idx, uint32_t *n)
{
	*n = 0;
	if (!pkt_has_tcp(p))
		return NULL;
	const struct layer *t = &p->layers[p->l4_layer];
	uint64_t start = (uint64_t)t->off + p->tcp_hdr_len, end = start + p->tcp_len;
	for (int i = idx + 1; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		if (l->proto == PROTO_TLS && !(l->flags & (PKT_REASSEMBLED | PKT_NESTED)) && l->off >= start) {
			end = MIN(end, l->off);
			break;
		}
	}
	end = MIN(end, p->frame->caplen);
	if (end <= start)
		return NULL;
	*n = (uint32_t)(end - start);
	return p->frame->data + start;
}

/* The records of layer I of P (its bytes D, N of them). */
static void walk_layer_of(struct tls_walk *w, const struct packet *p, int i, const uint8_t *d, uint32_t n)
{
	const struct layer *l = &p->layers[i];
	bool gathered = l->flags & PKT_REASSEMBLED;
	w->msg_left = gathered && p->reasm_whole > l->off ? p->reasm_whole - l->off : UINT32_MAX;
	walk_layer(w, d, n, gathered);
}

/* TLS's Protocol column (the connection's version, "TLSv1.2") and Info:
 * every record of the layer and every handshake message, joined by commas
 * after what is already there; fenced, as a later TLS layer of the frame
 * adds to it. */
/* The walk of layer IDX, set up by the TLS layers before it in the frame
 * (they may have settled the version). */
static struct tls_walk walk_before(const struct packet *p, int idx)
{
	struct tls_walk w = {p->tls_version, p->tls_ccs, NULL, false, NULL, 0, UINT32_MAX};
	for (int i = 0; i < idx; i++)
		if (p->layers[i].proto == PROTO_TLS && !(p->layers[i].flags & (PKT_IN_ERROR | PKT_NESTED))) {
			uint32_t n;
			const uint8_t *d = tls_layer_bytes(p, i, &n);
			walk_layer_of(&w, p, i, d, n);
		}
	w.ignored = false;
	return w;
}

static void tls_columns(struct columns *c, const struct packet *p, int idx)
{
	struct tls_walk w = walk_before(p, idx);
	uint32_t n;
	const uint8_t *d = tls_layer_bytes(p, idx, &n);
	col_proto(c, tls_short_name(w.version) ? tls_short_name(w.version) : "SSL");
	col_clear(c);
	w.c = c;
	if (p->layers[idx].flags & PKT_REASSEMBLED)
		w.tail = tls_record_tail(p, idx, &w.tail_len);
	/* the start of a record gathered over segments (a layer with no bytes
	 * of its own): nothing to say yet */
	if ((p->layers[idx].flags & PKT_REASSEMBLED) || p->layers[idx].len)
		walk_layer_of(&w, p, idx, d, n);
	col_fence(c);
}

/* Whether TLS layer IDX is the frame's first holding a ChangeCipherSpec record. */
static bool first_ccs_layer(const struct packet *p, int idx)
{
	for (int i = 0; i <= idx; i++) {
		if (p->layers[i].proto != PROTO_TLS || (p->layers[i].flags & (PKT_IN_ERROR | PKT_NESTED)))
			continue;
		uint32_t n;
		const uint8_t *d = tls_layer_bytes(p, i, &n);
		for (uint32_t off = 0; off + 5 <= n && record_header_ok(d + off);) {
			if (d[off] == 20)
				return i == idx;
			off += 5u + (uint32_t)(d[off + 3] << 8 | d[off + 4]);
		}
	}
	return false;
}

/* On a TLS 1.0 to 1.2 connection, bytes that open no record of a known
 * content type: Wireshark's warning, once per layer. */
static void tls_expert(struct experts *e, const struct packet *p, int idx)
{
	if (p->layers[idx].flags & PKT_NESTED)
		return;
	struct tls_walk w = walk_before(p, idx);
	uint32_t n;
	const uint8_t *d = tls_layer_bytes(p, idx, &n);
	walk_layer_of(&w, p, idx, d, n);
	if (w.ignored)
		expert_add(e, EXPERT_WARN, EXPERT_PROTOCOL, "TLS", "Ignored Unknown Record");
	/* 2: a full handshake began, but data lost before the change may have
	 * held its ServerHelloDone, which Wireshark then did not see */
	bool resumed = p->tls_resumed == 1 || (p->tls_resumed == 2 && (p->tcp_an_flags & TA_LOST_SEGMENT));
	if (resumed && first_ccs_layer(p, idx))
		expert_add(e, EXPERT_NOTE, EXPERT_SEQUENCE, "TLS",
			   "This session reuses previously negotiated keys (Session resumption)");
}

/* TLS field values, record by record as Wireshark gives
 * them: every record whole in the layer (a record continuing in later
 * segments shows where it completes), every handshake message of a
 * readable handshake record, the cipher suites a ClientHello offers and the
 * one a ServerHello chooses, and the versions of supported_versions.  Once
 * a connection chose TLS 1.3, its application-data records show an opaque
 * type instead of a content type.
 *
 * Record: type(1) version(2) length(2) fragment.  Handshake message:
 * type(1) length(3) body.  Hello body: version(2) random(32) session id
 * (1 + n) [client: cipher suites (2 + n), compression (1 + n); server:
 * cipher suite(2), compression(1)] extensions (2 + n) of type(2)
 * length(2) data. */

#define TLS_CCS 20
#define TLS_HANDSHAKE 22
#define TLS_APP_DATA 23

static uint32_t be16(const uint8_t *d)
{
	return (uint32_t)d[0] << 8 | d[1];
}

static bool record_ok(const uint8_t *b)
{
	return b[0] >= 20 && b[0] <= 24 && b[1] == 3 && b[2] <= 4 && be16(b + 3) > 0 && be16(b + 3) <= 18432;
}

struct tls_fv_walk {
	const char *a;
	fvalue_fn fn;
	void *data;
	unsigned given;
	const char *hs; /* the name after the protocol's ("handshake.version") */
	bool dtls;      /* a DTLS hello: a ClientHello has a cookie */
};

static void give_u(struct tls_fv_walk *t, uint64_t u)
{
	t->given += fv_give_uint(t->fn, t->data, u);
}

/* The extensions of a hello, bytes [at, end) of B. */
/* Each 2-byte value of the list at [AT, END) of B, given when NAME is asked. */
static void give_list16(struct tls_fv_walk *t, const char *name, const uint8_t *b, uint32_t at, uint32_t end)
{
	if (fv_same(t->hs, name))
		for (; at + 2 <= end; at += 2)
			give_u(t, be16(b + at));
}

/* The strings of a list of 1-byte-length strings at [AT, END) of B (ALPN's protocols). */
static void give_strings8(struct tls_fv_walk *t, const char *name, const uint8_t *b, uint32_t at, uint32_t end)
{
	if (!fv_same(t->hs, name))
		return;
	for (; at + 1 + b[at] <= end && at < end; at += 1u + b[at])
		t->given += fv_give_ptr(t->fn, t->data, FV_STRING, b + at + 1, b[at]);
}

/* The extensions of a hello, bytes [at, end) of B: each one's type and
 * length, and what server_name (0), supported_groups (10), use_srtp
 * (14, DTLS's), ALPN (16) and supported_versions (43) hold. */
static void extensions(struct tls_fv_walk *t, const uint8_t *b, uint32_t at, uint32_t end, bool client)
{
	while (at + 4 <= end) {
		uint32_t type = be16(b + at), len = be16(b + at + 2);
		uint32_t x = at + 4, xend = x + len;
		if (xend > end)
			return;
		if (fv_same(t->hs, "handshake.extension.type"))
			give_u(t, type);
		else if (fv_same(t->hs, "handshake.extension.len"))
			give_u(t, len);
		if (type == 0 && client && fv_same(t->hs, "handshake.extensions_server_name") && x + 2 <= xend) {
			for (uint32_t i = x + 2; i + 3 <= xend;) {
				uint32_t nl = be16(b + i + 1);
				if (i + 3 + nl > xend)
					break;
				if (b[i] == 0)
					t->given += fv_give_ptr(t->fn, t->data, FV_STRING, b + i + 3, nl);
				i += 3 + nl;
			}
		} else if (type == 10 && len >= 2) {
			give_list16(t, "handshake.extensions_supported_group", b, x + 2, MIN(xend, x + 2 + be16(b + x)));
		} else if (type == 14 && t->dtls && len >= 2) {
			give_list16(t, "use_srtp.protection_profile", b, x + 2, MIN(xend, x + 2 + be16(b + x)));
		} else if (type == 16 && len >= 2) {
			give_strings8(t, "handshake.extensions_alpn_str", b, x + 2, MIN(xend, x + 2 + be16(b + x)));
		} else if (type == 43 && fv_same(t->hs, "handshake.extensions.supported_version")) {
			if (!client && len >= 2)
				give_u(t, be16(b + x));
			else if (client && len >= 1)
				for (uint32_t i = x + 1; i + 2 <= xend && i + 2 <= x + 1 + b[x]; i += 2)
					give_u(t, be16(b + i));
		}
		at = xend;
	}
}

/* A ClientHello or ServerHello body, bytes [at, end) of B: version,
 * random, session id, [a DTLS client's cookie,] cipher suites (one, a
 * server's), compression methods (one, a server's), extensions. */
static void hello(struct tls_fv_walk *t, const uint8_t *b, uint32_t at, uint32_t end, bool client)
{
	if (at + 35 > end)
		return;
	if (fv_same(t->hs, "handshake.version"))
		give_u(t, be16(b + at));
	else if (fv_same(t->hs, "handshake.random"))
		t->given += fv_give_ptr(t->fn, t->data, FV_BYTES, b + at + 2, 32);
	uint32_t i = at + 34;
	if (fv_same(t->hs, "handshake.session_id_length"))
		give_u(t, b[i]);
	else if (fv_same(t->hs, "handshake.session_id") && b[i] && i + 1 + b[i] <= end)
		t->given += fv_give_ptr(t->fn, t->data, FV_BYTES, b + i + 1, b[i]);
	i += 1 + b[i]; /* session id */
	if (client && t->dtls) {
		if (i + 1 > end)
			return;
		if (fv_same(t->hs, "handshake.cookie_length"))
			give_u(t, b[i]);
		else if (fv_same(t->hs, "handshake.cookie") && b[i] && i + 1 + b[i] <= end)
			t->given += fv_give_ptr(t->fn, t->data, FV_BYTES, b + i + 1, b[i]);
		i += 1 + b[i];
	}
	if (client) {
		if (i + 2 > end)
			return;
		uint32_t n = be16(b + i);
		if (fv_same(t->hs, "handshake.cipher_suites_length"))
			give_u(t, n);
		give_list16(t, "handshake.ciphersuite", b, i + 2, MIN(end, i + 2 + n));
		i += 2 + n;
		if (i + 1 > end)
			return;
		if (fv_same(t->hs, "handshake.comp_methods_length"))
			give_u(t, b[i]);
		for (uint32_t k = i + 1; k < i + 1 + b[i] && k < end; k++)
			if (fv_same(t->hs, "handshake.comp_method"))
				give_u(t, b[k]);
		i += 1 + b[i]; /* compression methods */
	} else {
		if (i + 3 > end)
			return;
		if (fv_same(t->hs, "handshake.ciphersuite"))
			give_u(t, be16(b + i));
		else if (fv_same(t->hs, "handshake.comp_method"))
			give_u(t, b[i + 2]);
		i += 3;
	}
	if (i + 2 > end)
		return;
	if (fv_same(t->hs, "handshake.extensions_length"))
		give_u(t, be16(b + i));
	extensions(t, b, i + 2, i + 2 + be16(b + i) < end ? i + 2 + be16(b + i) : end, client);
}

unsigned tls_hello_values(const uint8_t *b, uint32_t at, uint32_t end, bool client, bool dtls, const char *abbrev,
			  fvalue_fn fn, void *data)
{
	const char *dot = strchr(abbrev, '.');
	struct tls_fv_walk t = {abbrev, fn, data, 0, dot ? dot + 1 : abbrev, dtls};
	hello(&t, b, at, end, client);
	return t.given;
}

/* The handshake messages of a record's fragment, bytes [at, end) of B; a
 * fragment that is not a sequence of whole messages is encrypted (a
 * Finished after ChangeCipherSpec) and gives nothing.  When CUT, only the
 * first END - AT bytes of the fragment are kept: what they hold is read. */
static void handshake(struct tls_fv_walk *t, const uint8_t *b, uint32_t at, uint32_t end, bool cut)
{
	uint32_t i = at;
	while (i + 4 <= end)
		i += 4 + ((uint32_t)b[i + 1] << 16 | be16(b + i + 2));
	if (i != end && !cut)
		return;
	for (i = at; i + 4 <= end;) {
		uint32_t len = (uint32_t)b[i + 1] << 16 | be16(b + i + 2);
		if (cut && i + 4 + len > end)
			len = end - i - 4;
		if (fv_same(t->a, "tls.handshake.type"))
			give_u(t, b[i]);
		else if (fv_same(t->a, "tls.handshake.length"))
			give_u(t, len);
		else if (b[i] == 1 || b[i] == 2)
			hello(t, b, i + 4, i + 4 + len, b[i] == 1);
		i += 4 + len;
	}
}

unsigned tls_field_values(const uint8_t *b, uint32_t n, bool first_whole, bool tls13, const char *abbrev,
			  fvalue_fn fn, void *data)
{
	const char *dot = strchr(abbrev, '.');
	struct tls_fv_walk t = {abbrev, fn, data, 0, dot ? dot + 1 : abbrev, false};
	bool encrypted = false;
	for (uint32_t at = 0; at + 5 <= n && record_ok(b + at);) {
		uint32_t len = be16(b + at + 3), end = at + 5 + len;
		if (end > n && !(first_whole && at == 0))
			break; /* shown where it completes */
		uint32_t have = end < n ? end : n;
		if (fv_same(abbrev, "tls.record"))
			t.given += fv_give_ptr(fn, data, FV_NONE, NULL, 0);
		else if (fv_same(abbrev, "tls.record.content_type") && !(tls13 && b[at] == TLS_APP_DATA))
			give_u(&t, b[at]);
		else if (fv_same(abbrev, "tls.record.opaque_type") && tls13 && b[at] == TLS_APP_DATA)
			give_u(&t, b[at]);
		else if (fv_same(abbrev, "tls.record.version"))
			give_u(&t, be16(b + at + 1));
		else if (fv_same(abbrev, "tls.record.length"))
			give_u(&t, len);
		else if (fv_same(abbrev, "tls.app_data") && b[at] == TLS_APP_DATA)
			t.given += fv_give_ptr(fn, data, FV_BYTES, b + at + 5, have - at - 5);
		else if (b[at] == TLS_HANDSHAKE && !encrypted)
			handshake(&t, b, at + 5, have, end > n);
		if (b[at] == TLS_CCS)
			encrypted = true;
		at = end;
	}
	return t.given;
}


static void tls_layer_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			     const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		tls_field_values(d, n, l->flags & PKT_REASSEMBLED, p->tls13, f->abbrev, fn, data);
}

static const struct handoff tls_handoff[] = {
	TCP_PORT(261, dissect_tls_port), /* IIOP over TLS */
	TCP_PORT(443, dissect_tls_port),
	TCP_PORT(448, dissect_tls_port), /* DDM over TLS */
	TCP_PORT(465, dissect_tls_port), /* SMTP over TLS */
	TCP_PORT(563, dissect_tls_port), /* NNTP over TLS */
	TCP_PORT(614, dissect_tls_port), /* SSHell */
	TCP_PORT(636, dissect_tls_port), /* LDAP over TLS */
	TCP_PORT(853, dissect_tls_port), /* DNS over TLS */
	TCP_PORT(989, dissect_tls_port), /* FTP data over TLS */
	TCP_PORT(990, dissect_tls_port), /* FTP over TLS */
	TCP_PORT(992, dissect_tls_port), /* Telnet over TLS */
	TCP_PORT(993, dissect_tls_port), /* IMAP over TLS */
	TCP_PORT(994, dissect_tls_port), /* IRC over TLS */
	TCP_PORT(995, dissect_tls_port), /* POP3 over TLS */
	TCP_PORT(5061, dissect_tls_port), /* SIP over TLS */
	TCP_PORT(5671, dissect_tls_port), /* AMQP over TLS */
	TCP_PORT(8883, dissect_tls_port), /* MQTT over TLS */
	TCP_PORT(27017, dissect_tls_port), /* MongoDB over TLS: Wireshark 4.0 gives the port to TLS alone */
	TCP_HEUR(40, dissect_tls),
	HANDOFF_LIST_END,
};
static const struct pdu_framing tls_framing[] = {
	{dissect_tls, tls_pdu_len, NULL, true, NULL, false},
	{dissect_tls_port, tls_pdu_len, NULL, true, NULL, false},
	{dissect_ssl2_port, ssl2_pdu_len, NULL, true, NULL, false},
	{dissect_tls_known, tls_known_pdu_len, NULL, true, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(TLS, "tls", "Transport Layer Security");
const struct protocol proto_tls = {PROTO_TLS, .short_name = "TLS", .columns = tls_columns, .expert = tls_expert, .partial = col_partial_clear,
				   .values = tls_layer_values, .values_all = true, .fields = &tls_table,
				   .handoff = tls_handoff, .framing = tls_framing};
