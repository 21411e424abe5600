/* rdp.c — the start of a Remote Desktop connection on TCP 3389:
 *
 *   TPKT (RFC 1006):  | version 3 | reserved 0 | length (2, whole PDU) |
 *   COTP (X.224):     | LI (header length - 1) | type (high nibble) | ... |
 *   RDP negotiation ([MS-RDPBCGR] 2.2.1.1 / 2.2.1.2), inside the X.224
 *   Connection Request / Confirm:
 *       [ "Cookie: mstshash=NAME\r\n" | "Cookie: msts=TOKEN\r\n" ]
 *       [ type(1) flags(1) length(2 LE) = 8  value(4 LE) ]
 *
 * Once the negotiation selected TLS or CredSSP, the rest of the connection
 * is TLS records with no TPKT header; on this port they are shown as TPKT
 * continuation data, which is what the TPKT layer alone means here.
 * UDP 3389 carries the UDP transport of RDP ([MS-RDPEUDP]).
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def tpkt_fields[] = {
	{"tpkt.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"tpkt.reserved", "Reserved", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"tpkt.length", "Length", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(tpkt);

static const struct value_string cotp_types[] = {
	{0x10, "ED Expedited Data"}, {0x20, "EA Expedited Data Acknowledgement"},
	{0x50, "RJ Reject"}, {0x60, "AK Data Acknowledgement"}, {0x70, "ER TPDU Error"},
	{0x80, "DR Disconnect Request"}, {0xc0, "DC Disconnect Confirm"},
	{0xd0, "CC Connect Confirm"}, {0xe0, "CR Connect Request"}, {0xf0, "DT Data"},
	{0, NULL},
};

static const struct field_def cotp_fields[] = {
	{"cotp.li", "Length", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"cotp.type", "PDU Type", FT_UINT8, BASE_HEX, 1, 1, 0xf0, cotp_types},
	{"cotp.destref", "Destination reference", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"cotp.srcref", "Source reference", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"cotp.class", "Class", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0xf0, NULL},
	{"cotp.eot", "Last data unit", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x80, NULL},
};
FIELD_TABLE_DEFINE(cotp);

static const struct value_string rdp_neg_types[] = {
	{1, "RDP Negotiation Request"}, {2, "RDP Negotiation Response"},
	{3, "RDP Negotiation Failure"}, {6, "RDP Correlation Info"}, {0, NULL},
};

static const struct field_def rdp_fields[] = {
	{"rdp.rt_cookie", "Routing Token/Cookie", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rdp.neg_type", "Type", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, rdp_neg_types},
	{"rdp.neg_length", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"rdp.negReq.requestedProtocols", "requestedProtocols", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"rdp.negReq.selectedProtocol", "selectedProtocol", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"rdp.negFailure.failureCode", "failureCode", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"rdp.encryptionMethod", "encryptionMethod", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"rdp.encryptionLevel", "encryptionLevel", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"rdp.MCSChannelId", "MCSChannelId", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(rdp);

enum { COTP_CR = 0xe0, COTP_CC = 0xd0, COTP_DT = 0xf0 };

uint32_t tpkt_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (avail >= 1 && data[0] != 3)
		return 0;
	if (avail >= 2 && data[1] != 0)
		return 0;
	if (avail < 4)
		return PDU_NEED_MORE;
	uint32_t len = (uint32_t)data[2] << 8 | data[3];
	return len < 4 ? 0 : len;
}

/* The RDP part of a Connection Request (CR) or Confirm (CC) at C: claims it
 * when it holds a cookie / routing token or a negotiation structure. */
static void rdp_negotiation(struct packet *p, struct cursor *c, bool request)
{
	static const char cookie[] = "Cookie: ";
	uint32_t start = c->off, left = cursor_left(c);
	bool found = false;
	struct cursor t = *c;
	if (request && left >= sizeof cookie - 1 && memcmp(c->data + c->off, cookie, sizeof cookie - 1) == 0) {
		/* The token runs to CR LF. */
		const uint8_t *s = c->data + c->off;
		uint32_t i = 0;
		while (i + 1 < left && !(s[i] == '\r' && s[i + 1] == '\n'))
			i++;
		cursor_skip(&t, i + 1 < left ? i + 2 : left);
		found = true;
	}
	int type = cursor_peek(&t, 0), len0 = cursor_peek(&t, 2), len1 = cursor_peek(&t, 3);
	bool neg = len0 == 8 && len1 == 0 &&
		   (request ? type == 1 : (type == 2 || type == 3));
	if (!found && !neg)
		return;
	int idx = pkt_push_layer(p, PROTO_RDP, start);
	if (idx < 0)
		return;
	if (neg)
		cursor_skip(&t, 8);
	else if (cursor_rleft(&t) >= 4 && cursor_left(&t) < 4 && request)
		pkt_mark(p, idx, PKT_TRUNCATED);
	pkt_note_cursor(p, idx, &t);
}

void dissect_cotp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_COTP, c->off);
	if (idx < 0)
		return;
	uint8_t li = cursor_u8(c);
	uint8_t type = cursor_u8(c) & 0xf0;
	if (cursor_ok(c) && (li == 0 || li == 255))
		c->err = CUR_MALFORMED;
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	/* The header is LI + 1 bytes, the two read included. */
	struct cursor hdr = cursor_sub(c, li - 1u);
	if (type == COTP_CR || type == COTP_CC) {
		cursor_skip(&hdr, 5); /* destination and source references, class */
		if (!cursor_ok(&hdr) || !cursor_ok(c)) {
			pkt_note_cursor(p, idx, cursor_ok(c) ? &hdr : c);
			return;
		}
		/* RDP puts its negotiation in the rest of the header, or after it. */
		hdr.rend = c->rend;
		hdr.end = c->end;
		if (cursor_rleft(&hdr) > 0)
			rdp_negotiation(p, &hdr, type == COTP_CR);
		return;
	}
	int nr = cursor_peek(&hdr, 0); /* DT: the TPDU number and end mark */
	cursor_skip(&hdr, cursor_rleft(&hdr));
	if (!cursor_ok(&hdr) || !cursor_ok(c)) {
		pkt_note_cursor(p, idx, cursor_ok(c) ? &hdr : c);
		return;
	}
	/* data of a TPDU without the end mark waits for the rest (Wireshark
	 * gathers the fragments; they are not put together here) */
	bool eot = nr >= 0 && (nr & 0x80);
	if (type == COTP_DT && eot && !dissect_t125_heur(p, c) && !dissect_s7comm_heur(p, c))
		dissect_data(p, c);
	else if (type == 0x80 && cursor_rleft(c) > 0)
		dissect_data(p, c); /* a disconnect request's user data */
}

void dissect_tpkt(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_TPKT, c->off);
	if (idx < 0)
		return;
	if (cursor_left(c) < cursor_rleft(c))
		pkt_mark(p, idx, PKT_TRUNCATED);
	int v = cursor_peek(c, 0), r = cursor_peek(c, 1);
	if ((v >= 0 && v != 3) || (r >= 0 && r != 0))
		return; /* continuation: TLS after the negotiation, or the middle of a PDU */
	struct cursor t = *c;
	cursor_skip(&t, 2);
	uint16_t len = cursor_be16(&t);
	if (!cursor_ok(&t)) {
		if (cursor_left(c) < cursor_rleft(c) && cursor_rleft(c) >= 4)
			pkt_note_cursor(p, idx, &t);
		return;
	}
	if (len < 4) {
		pkt_mark(p, idx, PKT_MALFORMED);
		return;
	}
	/* A PDU longer than this segment continues in the next ones. */
	bool partial = len > cursor_rleft(c);
	struct cursor pdu = partial ? cursor_rest(c) : cursor_sub(c, len);
	cursor_skip(&pdu, 4);
	if (cursor_rleft(&pdu) > 0)
		dissect_cotp(p, &pdu);
}

enum {
	RDPUDP_SYN = 0x0001, RDPUDP_ACK = 0x0004, RDPUDP_DATA = 0x0008, RDPUDP_FEC = 0x0010,
	RDPUDP_AOA = 0x0100, RDPUDP_CORRELATIONID = 0x0800, RDPUDP_SYNEX = 0x1000,
};

/* Where the TLS records of a version 1 datagram with FLAGS start: after
 * the header, the parts the flags announce and the data header; 0 when
 * there are none.  N bytes are captured of LEN: *CUT when the capture
 * ended before that place. */
static uint32_t rdpudp_data_at(const uint8_t *d, uint32_t n, uint32_t len, uint16_t flags, bool *cut)
{
	uint32_t at = 8;
	*cut = false;
	if (flags & RDPUDP_SYN)
		at += 8; /* initial sequence number, MTUs */
	if (flags & RDPUDP_CORRELATIONID)
		at += 32;
	if (flags & RDPUDP_SYNEX) {
		if (at + 4 > n) {
			*cut = at + 4 <= len;
			return 0;
		}
		uint16_t sf = (uint16_t)(d[at] << 8 | d[at + 1]), version = (uint16_t)(d[at + 2] << 8 | d[at + 3]);
		at += 2 + ((sf & 1) ? 2 : 0) + ((sf & 1) && version == 0x101 ? 32 : 0);
	}
	if ((flags & RDPUDP_ACK) && !(flags & RDPUDP_SYN)) {
		if (at + 2 > n) {
			*cut = at + 2 <= len;
			return 0;
		}
		at += 2u + (uint32_t)(d[at] << 8 | d[at + 1]);
	}
	if (flags & RDPUDP_FEC)
		at += 10;
	if (flags & RDPUDP_AOA)
		at += 4;
	at += 8; /* the data's coded and source sequence numbers */
	*cut = at > n && at < len;
	return at < len ? at : 0;
}

/* Version 1: the header, then TLS records after a DATA flag. */
void dissect_rdpudp(struct packet *p, struct cursor *c)
{
	int idx;
	if (cursor_rleft(c) == 0 || (idx = pkt_push_layer(p, PROTO_RDPUDP, c->off)) < 0)
		return;
	const uint8_t *d = c->data + c->off;
	uint32_t n = cursor_left(c), len = cursor_rleft(c);
	bool cut = n < 8 && len >= 8;
	uint16_t flags = n >= 8 ? (uint16_t)(d[6] << 8 | d[7]) : 0;
	uint32_t at = (flags & RDPUDP_DATA) ? rdpudp_data_at(d, n, len, flags, &cut) : 0;
	if (cut)
		pkt_mark(p, idx, PKT_TRUNCATED);
	else if (at && cursor_skip(c, at))
		dissect_tls_port(p, c); /* bytes that start no record: continuation data */
}

/* COTP: length indicator(1) type(1); a connection request (0xe0) or
 * confirm (0xd0) goes on with destination and source references(2 each)
 * and the class (high nibble); a data TPDU (0xf0) with the end-of-TSDU bit. */
static unsigned cotp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 3)
		return 0;
	uint8_t type = d[1] & 0xf0;
	if (type == 0xf0)
		return fv_same(a, "cotp.eot") ? fv_give_uint(fn, data, d[2] >> 7) : 0;
	if ((type != 0xe0 && type != 0xd0) || n < 7)
		return 0;
	if (fv_same(a, "cotp.destref"))
		return fv_give_uint(fn, data, fv_get16(d + 2, true));
	if (fv_same(a, "cotp.srcref"))
		return fv_give_uint(fn, data, fv_get16(d + 4, true));
	if (fv_same(a, "cotp.class"))
		return fv_give_uint(fn, data, d[6] >> 4);
	return 0;
}

/* RDP in a COTP connection request or confirm: an optional routing token
 * or cookie line ("Cookie: mstshash=...\r\n"), then a negotiation of
 * type(1) flags(1) length(2, little-endian) and a 4-byte value (requested
 * protocols, selected protocol or failure code by type 1, 2, 3). */
static unsigned rdp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	uint32_t at = 0;
	if (n >= 8 && memcmp(d, "Cookie: ", 8) == 0) {
		while (at + 1 < n && !(d[at] == '\r' && d[at + 1] == '\n'))
			at++;
		if (fv_same(a, "rdp.rt_cookie"))
			return fv_give_ptr(fn, data, FV_STRING, d, at);
		at += 2;
	}
	if (at + 8 > n || d[at] < 1 || d[at] > 3)
		return 0;
	static const char *const values[] = {"", "rdp.negReq.requestedProtocols", "rdp.negReq.selectedProtocol",
					     "rdp.negFailure.failureCode"};
	if (fv_same(a, "rdp.neg_type"))
		return fv_give_uint(fn, data, d[at]);
	if (fv_same(a, "rdp.neg_length"))
		return fv_give_uint(fn, data, fv_get16(d + at + 2, false));
	if (fv_same(a, values[d[at]]))
		return fv_give_uint(fn, data, fv_get16(d + at + 4, false) | fv_get16(d + at + 6, false) << 16);
	return 0;
}

static void cotp_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		cotp_values(d, n, f->abbrev, fn, data);
}

/* COTP's Info, where nothing above it writes: "CR TPDU src-ref: 0x0001
 * dst-ref: 0x0000" for a connection request, confirm or disconnect
 * request, "DT TPDU (0) EOT" for data (its number, the end mark). */
static void cotp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "COTP");
	col_clear(c);
	if (!d || n < 3)
		return;
	uint8_t type = d[1] & 0xf0;
	if ((type == COTP_CR || type == COTP_CC || type == 0x80) && n >= 6)
		col_append(c, "%s TPDU src-ref: 0x%04x dst-ref: 0x%04x", type == COTP_CR ? "CR" : type == COTP_CC ? "CC" : "DR",
			   fv_get16(d + 4, true), fv_get16(d + 2, true));
	else if (type == COTP_DT && (d[2] & 0x80))
		col_append(c, "DT TPDU (%u) EOT", d[2] & 0x7f);
	else if (type == COTP_DT && n >= (uint32_t)d[0] + 1)
		col_append(c, "DT TPDU (%u) [COTP fragment, %u bytes]", d[2] & 0x7f, n - d[0] - 1);
}

PROTOCOL_ID(COTP, "cotp", "ISO 8073/X.224 COTP Connection-Oriented Transport Protocol");
const struct protocol proto_cotp = {PROTO_COTP, .short_name = "COTP", .values = cotp_field_values, .fields = &cotp_table,
				    .columns = cotp_columns};

/* The server's data blocks (in the GCC user data of a Connect-Response):
 * type(2 LE) length(2 LE) ...; security 0x0c02: encryptionMethod(4 LE)
 * encryptionLevel(4 LE); network 0x0c03: MCSChannelId(2 LE). */
static void server_data_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	for (uint32_t at = 0; at + 4 <= n;) {
		uint32_t type = fv_get16(d + at, false), len = fv_get16(d + at + 2, false);
		if (len < 4 || at + len > n)
			return;
		if (type == 0x0c02 && len >= 12 && fv_same(a, "rdp.encryptionMethod"))
			fv_give_uint(fn, data, fv_get32(d + at + 4, false));
		else if (type == 0x0c02 && len >= 12 && fv_same(a, "rdp.encryptionLevel"))
			fv_give_uint(fn, data, fv_get32(d + at + 8, false));
		else if (type == 0x0c03 && len >= 6 && fv_same(a, "rdp.MCSChannelId"))
			fv_give_uint(fn, data, fv_get16(d + at + 4, false));
		at += len;
	}
}

/* RDP's fields by where its layer is: the negotiation in COTP, the
 * server's data blocks under T.124 (the client's give none here). */
static void rdp_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			     const struct field_def *f, fvalue_fn fn, void *data)
{
	int i = (int)(l - p->layers);
	enum proto_id below = i > 0 ? (enum proto_id)p->layers[i - 1].proto : PROTO_FRAME;
	if (!d)
		return;
	if (below == PROTO_COTP)
		rdp_values(d, n, f->abbrev, fn, data);
	else if (below == PROTO_T124 && n >= 2 && d[0] == 0x01 && d[1] == 0x0c)
		server_data_values(d, n, f->abbrev, fn, data);
}

/* RDP's Info: in a COTP connection request or confirm, the cookie line and
 * the negotiation message ("Cookie: mstshash=NAME, Negotiate Request"); in
 * MCS, what its PDU worked out from the connection (dissect/rdp_mcs.c). */
static void rdp_columns(struct columns *c, const struct packet *p, int idx)
{
	col_proto(c, "RDP");
	col_clear(c);
	if (idx == 0 || p->layers[idx - 1].proto != PROTO_COTP) {
		if (p->app_info_proto == PROTO_RDP)
			col_append(c, "%s", p->app_info);
		return;
	}
	uint32_t n, at = 0;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (!d)
		return;
	if (n >= 8 && memcmp(d, "Cookie: ", 8) == 0) {
		while (at + 1 < n && !(d[at] == '\r' && d[at + 1] == '\n'))
			at++;
		col_append(c, "%.*s", (int)at, (const char *)d);
		at += 2;
	}
	static const char *const neg[] = {NULL, "Negotiate Request", "Negotiate Response", "Negotiate Failure"};
	if (at + 8 <= n && d[at] >= 1 && d[at] <= 3)
		col_append_sep(c, ", ", "%s", neg[d[at]]);
}

PROTOCOL_ID(RDP, "rdp", "Remote Desktop Protocol");
const struct protocol proto_rdp = {PROTO_RDP, .short_name = "RDP", .values = rdp_field_values, .fields = &rdp_table, .columns = rdp_columns};

/* A TPKT layer with nothing inside is the middle of a PDU, or what follows
 * a TLS upgrade on the port: "Continuation". */
static void tpkt_columns(struct columns *c, const struct packet *p, int idx)
{
	col_proto(c, "TPKT");
	if (idx + 1 >= p->nlayers || p->layers[idx + 1].proto != PROTO_COTP)
		col_set(c, "Continuation");
}

/* A segment holding the start of a PDU that later segments complete shows
 * only TCP's "[TCP segment of a reassembled PDU]", as in Wireshark. */
static void tpkt_partial(struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const uint8_t *pdu,
			 G_GNUC_UNUSED uint32_t n)
{
	col_clear(c);
}

/* Wireshark's registration: TCP 3389 (RDP) and 102 (ISO-TSAP: S7comm and
 * other OSI applications over COTP). */
static const struct handoff tpkt_handoff[] = {
	TCP_PORT(102, dissect_tpkt),
	TCP_PORT(3389, dissect_tpkt),
	HANDOFF_LIST_END,
};
static const struct pdu_framing tpkt_framing[] = {
	{dissect_tpkt, tpkt_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(TPKT, "tpkt", "TPKT - ISO on TCP - RFC1006");
const struct protocol proto_tpkt = {PROTO_TPKT, .short_name = "TPKT Heuristic (for RDP)", .fields = &tpkt_table, .columns = tpkt_columns,
				    .partial = tpkt_partial, .handoff = tpkt_handoff, .framing = tpkt_framing};

/* RDP over UDP, version 1 ([MS-RDPEUDP] 2.2.2.1): every datagram starts
 * with snSourceAck(4) uReceiveWindowSize(2) uFlags(2); Info names the parts
 * the flags announce, joined by commas: SYN, CORRELATIONID, SYNEX, ACK
 * (without SYN), FEC, AOA, DATA (the TLS records after it write over
 * them). */
static void rdpudp_columns(struct columns *c, const struct packet *p, int idx)
{
	static const struct {
		uint16_t flag;
		const char *name;
	} parts[] = {
		{RDPUDP_SYN, "SYN"}, {RDPUDP_CORRELATIONID, "CORRELATIONID"}, {RDPUDP_SYNEX, "SYNEX"},
		{RDPUDP_ACK, "ACK"}, {RDPUDP_FEC, "FEC"}, {RDPUDP_AOA, "AOA"}, {RDPUDP_DATA, "DATA"},
	};
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_default(c, p, idx);
	if (n < 8)
		return;
	col_clear(c);
	uint16_t flags = (uint16_t)(d[6] << 8 | d[7]);
	bool any = false;
	for (size_t i = 0; i < G_N_ELEMENTS(parts); i++) {
		if (!(flags & parts[i].flag) || (parts[i].flag == RDPUDP_ACK && (flags & RDPUDP_SYN)))
			continue;
		col_append(c, "%s%s", any ? "," : "", parts[i].name);
		any = true;
	}
}

static const struct handoff rdpudp_handoff[] = {
	UDP_PORT(3389, dissect_rdpudp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(RDPUDP, "rdpudp", "UDP Remote Desktop Protocol");
const struct protocol proto_rdpudp = {PROTO_RDPUDP, .short_name = "RDPUDP", .columns = rdpudp_columns, .handoff = rdpudp_handoff};
