/* dtls.c — DTLS 1.0 and 1.2 (RFC 4347, RFC 6347): TLS's records over
 * datagrams, each record numbered by its epoch and sequence number, one
 * datagram holding one record or several.
 *
 *   +------+---------+-------+-----------------+--------+------------------+
 *   | type | version | epoch | sequence number | length | fragment         |
 *   | (1)  |   (2)   |  (2)  |       (6)       |  (2)   | (length)         |
 *   +------+---------+-------+-----------------+--------+------------------+
 *
 * A handshake record holds messages with a 12-byte header,
 *
 *   | type (1) | length (3) | message_seq (2) | fragment_offset (3) | fragment_length (3) | body |
 *
 * a message longer than a datagram being sent in fragments the receiver
 * puts together by message_seq.  A ClientHello carries a cookie after its
 * session id; HelloVerifyRequest (type 3) hands the client that cookie.
 * Versions: 0xfeff DTLS 1.0, 0xfefd DTLS 1.2, 0x0100 OpenSSL's DTLS 1.0
 * before 0.9.8f.
 *
 * As Wireshark 4.0 finds it: on the UDP ports of the protocols it knows
 * over DTLS (DNS 853, CIP 2221, CoAP 5684, Diameter 5868), and on any
 * other UDP port when the datagram is a chain of records of a known
 * content type and DTLS version ending where the datagram ends (the
 * heuristic, on by default).  Nothing ties a later datagram of the
 * conversation to DTLS: STUN, RTP and DTLS sharing a 5-tuple (WebRTC,
 * RFC 7983) are each found afresh.  The conversation remembers the
 * version it settled on (any record but a ClientHello tells one, a
 * ServerHello the one chosen), for the Protocol column, and the fragments
 * of each direction's handshake messages.
 *
 * DTLS 1.3's unified header (RFC 9147, a first byte 001xxxxx) is not a
 * record Wireshark 4.0 knows: such datagrams stay UDP's data.
 */
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"
#include "dissect/tls.h"

enum {
	DTLS_REC = 13, /* record header */
	DTLS_HS = 12,  /* handshake message header */
	CT_CCS = 20, CT_ALERT = 21, CT_HANDSHAKE = 22, CT_APP_DATA = 23, CT_HEARTBEAT = 24, CT_CID = 25,
	HS_CLIENT_HELLO = 1, HS_SERVER_HELLO = 2, HS_HELLO_VERIFY = 3,
};

static const struct value_string dtls_heartbeat_types[] = {{1, "Request"}, {2, "Response"}, {0, NULL}};

/* Every field is read record by record (dtls_walk() below). */
static const struct field_def dtls_fields[] = {
	{"dtls.record", "Record Layer", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dtls.record.content_type", "Content Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, tls_content_types},
	{"dtls.record.special_type", "Special Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, tls_content_types},
	{"dtls.record.version", "Version", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, tls_versions},
	{"dtls.record.epoch", "Epoch", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dtls.record.sequence_number", "Sequence Number", FT_UINT64, BASE_DEC, FIELD_VAR, 6, 0, NULL},
	{"dtls.record.length", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dtls.app_data", "Encrypted Application Data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dtls.alert_message", "Alert Message", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dtls.alert_message.level", "Level", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, tls_alert_levels},
	{"dtls.alert_message.desc", "Description", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, tls_alert_descriptions},
	{"dtls.handshake", "Handshake Protocol", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dtls.handshake.type", "Handshake Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, tls_info_handshake_types},
	{"dtls.handshake.length", "Length", FT_UINT24, BASE_DEC, FIELD_VAR, 3, 0, NULL},
	{"dtls.handshake.message_seq", "Message Sequence", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dtls.handshake.fragment_offset", "Fragment Offset", FT_UINT24, BASE_DEC, FIELD_VAR, 3, 0, NULL},
	{"dtls.handshake.fragment_length", "Fragment Length", FT_UINT24, BASE_DEC, FIELD_VAR, 3, 0, NULL},
	{"dtls.handshake.version", "Version", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, tls_versions},
	{"dtls.handshake.cookie_length", "Cookie Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"dtls.handshake.cookie", "Cookie", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dtls.handshake.ciphersuite", "Cipher Suite", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"dtls.handshake.random", "Random", FT_BYTES, BASE_NONE, FIELD_VAR, 32, 0, NULL},
	{"dtls.handshake.session_id_length", "Session ID Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"dtls.handshake.session_id", "Session ID", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dtls.handshake.cipher_suites_length", "Cipher Suites Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dtls.handshake.comp_methods_length", "Compression Methods Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"dtls.handshake.comp_method", "Compression Method", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"dtls.handshake.extensions_length", "Extensions Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dtls.handshake.extension.type", "Type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dtls.handshake.extension.len", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dtls.handshake.extensions_supported_group", "Supported Group", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"dtls.handshake.extensions_alpn_str", "ALPN Next Protocol", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dtls.use_srtp.protection_profile", "SRTP Protection Profile", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"dtls.handshake.extensions_server_name", "Server Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dtls.handshake.extensions.supported_version", "Supported Version", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0,
	 tls_versions},
	{"dtls.heartbeat_message.type", "Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, dtls_heartbeat_types},
};
FIELD_TABLE_DEFINE(dtls);

static uint32_t be16(const uint8_t *d)
{
	return (uint32_t)d[0] << 8 | d[1];
}

static uint32_t be24(const uint8_t *d)
{
	return (uint32_t)d[0] << 16 | (uint32_t)d[1] << 8 | d[2];
}

/* A record version Wireshark takes for DTLS's: 1.0, 1.2, OpenSSL's old 1.0. */
static bool dtls_version_ok(uint32_t v)
{
	return v == 0xfeff || v == 0xfefd || v == 0x0100;
}

static bool content_type_ok(uint8_t t)
{
	return t >= CT_CCS && t <= CT_CID;
}

/* Whether the 3 bytes at R start a record: a known content type, a DTLS version. */
static bool looks_like_dtls(const uint8_t *r)
{
	return content_type_ok(r[0]) && dtls_version_ok(be16(r + 1));
}

/* ---- what a conversation remembers ------------------------------------- */

/* The bytes of one handshake message (one direction, one message_seq)
 * its fragments brought so far: up to DTLS_SPANS runs. */
enum { DTLS_SPANS = 16, DTLS_MAX_MESSAGES = 4096 /* kept per conversation */ };
struct dtls_frags {
	uint32_t total;                  /* the message length the first fragment gave */
	uint8_t nspans;
	bool done;                       /* all its bytes came */
	uint16_t hello_version;          /* a ServerHello's version, from its first bytes (0: not seen) */
	struct { uint32_t lo, hi; } span[DTLS_SPANS];
};

struct dtls_conv {
	uint16_t version;    /* 0 until a record or a ServerHello tells it */
	GHashTable *frags;   /* (side << 16 | message_seq) → struct dtls_frags */
};

static void *dtls_conv_new(void)
{
	struct dtls_conv *d = g_new0(struct dtls_conv, 1);
	d->frags = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	return d;
}

static void dtls_conv_free(void *data)
{
	struct dtls_conv *d = data;
	g_hash_table_destroy(d->frags);
	g_free(d);
}

/* Which way P goes: 0 from the lower address (then port), else 1. */
static unsigned dtls_side(const struct packet *p)
{
	int c = memcmp(p->ip_src, p->ip_dst, p->ip_version == 6 ? 16 : 4);
	return c < 0 || (c == 0 && p->sport <= p->dport) ? 0 : 1;
}

/* Adds bytes [LO, HI) to F's runs, joining those they touch. */
static void frags_add(struct dtls_frags *f, uint32_t lo, uint32_t hi)
{
	uint8_t k = 0;
	for (uint8_t i = 0; i < f->nspans; i++) {
		if (f->span[i].hi < lo || f->span[i].lo > hi) {
			f->span[k++] = f->span[i];
			continue;
		}
		lo = MIN(lo, f->span[i].lo);
		hi = MAX(hi, f->span[i].hi);
	}
	f->nspans = k;
	if (k < DTLS_SPANS) {
		f->span[k].lo = lo;
		f->span[k].hi = hi;
		f->nspans++;
	}
	f->done |= f->total && f->nspans == 1 && f->span[0].lo == 0 && f->span[0].hi >= f->total;
}

/* ---- reading a datagram's records ---------------------------------------- */

/* One pass over a DTLS layer's bytes, as Wireshark reads them: what it
 * writes in Info and the Protocol column, its expert items, the values
 * of one field; and, during dissection, what the conversation learns. */
struct dtls_walk {
	const uint8_t *d;
	uint32_t cap, rep;         /* bytes captured, bytes the datagram declares */
	struct cursor cur;         /* over the same bytes: where they ran out */
	uint16_t version;          /* the conversation's, 0 unknown */
	uint16_t shown;            /* the version the Protocol column names, 0 "DTLS" */
	struct dtls_conv *conv;    /* NULL: nothing to learn (not dissecting) */
	unsigned side;
	GString *info;             /* NULL: Info not wanted */
	bool sep;                  /* a record came before: ", " before the next text */
	struct experts *e;         /* NULL: no expert items */
	uint8_t len_differs;       /* fragments giving another length than the first */
	const char *abbrev;        /* the field wanted, NULL none */
	fvalue_fn fn;
	void *data;
	unsigned given;
};

/* Appends S to Info, after ", " when a record came before (Wireshark
 * separates records only once the next one has something to say). */
static void text(struct dtls_walk *w, const char *s)
{
	if (w->info && w->sep)
		g_string_append(w->info, ", ");
	w->sep = false;
	if (w->info)
		g_string_append(w->info, s);
}

/* Whether bytes [AT, AT + N) are there; if not, the walk stops as
 * Wireshark's exception does (malformed past the datagram, else cut short). */
static bool need(struct dtls_walk *w, uint32_t at, uint32_t n)
{
	if ((uint64_t)at + n <= w->cap && (uint64_t)at + n <= w->rep)
		return true;
	w->cur.off += at;
	cursor_fail(&w->cur, n);
	w->cur.off -= at;
	return false;
}

static bool want(const struct dtls_walk *w, const char *name)
{
	return w->abbrev && fv_same(w->abbrev, name);
}

static void give_u(struct dtls_walk *w, const char *name, uint64_t u)
{
	if (want(w, name))
		w->given += fv_give_uint(w->fn, w->data, u);
}

static void give_bytes(struct dtls_walk *w, const char *name, uint8_t kind, const uint8_t *b, uint32_t n)
{
	if (want(w, name))
		w->given += fv_give_ptr(w->fn, w->data, kind, b, n);
}

/* Wireshark's rule for the version a record tells: any valid record but a
 * ClientHello (NEXT: the record's first byte, a handshake's type), when
 * the version is DTLS's. */
static void try_set_version(struct dtls_walk *w, uint8_t ct, uint8_t next, uint16_t v)
{
	bool tells = ct == CT_HANDSHAKE ? tls_handshake_type_valid(next, true) && next != HS_CLIENT_HELLO
					: content_type_ok(ct);
	if (tells && dtls_version_ok(v))
		w->version = v;
}

/* The fields of a whole handshake message's body B (LEN bytes) of TYPE. */
static void message_body(struct dtls_walk *w, uint8_t type, const uint8_t *b, uint32_t len)
{
	if (type == HS_SERVER_HELLO && len >= 2 && dtls_version_ok(be16(b)))
		w->version = (uint16_t)be16(b); /* the version the server chose */
	if (!w->abbrev)
		return;
	if (type == HS_CLIENT_HELLO || type == HS_SERVER_HELLO) {
		w->given += tls_hello_values(b, 0, len, type == HS_CLIENT_HELLO, true, w->abbrev, w->fn, w->data);
	} else if (type == HS_HELLO_VERIFY && len >= 3) {
		give_u(w, "dtls.handshake.version", be16(b));
		give_u(w, "dtls.handshake.cookie_length", b[2]);
		if (b[2] && 3u + b[2] <= len)
			give_bytes(w, "dtls.handshake.cookie", FV_BYTES, b + 3, b[2]);
	}
}

/* A fragment of message SEQ (TYPE, LENGTH bytes) at [OFF, OFF + FLEN):
 * whether it completes the message here (Wireshark's " (Reassembled)"),
 * remembered in the conversation while dissecting.  A completed
 * ServerHello tells the version its first fragment carried. */
static bool fragment(struct dtls_walk *w, uint8_t type, uint32_t seq, uint32_t length, uint32_t off, uint32_t flen,
		     const uint8_t *body)
{
	if (!w->conv)
		return false;
	gpointer key = GUINT_TO_POINTER(w->side << 16 | seq);
	struct dtls_frags *f = g_hash_table_lookup(w->conv->frags, key);
	bool fresh = !f;
	if (fresh && g_hash_table_size(w->conv->frags) >= DTLS_MAX_MESSAGES)
		return false; /* a flood of fragmented messages: the rest stay fragments */
	if (fresh) {
		f = g_new0(struct dtls_frags, 1);
		g_hash_table_insert(w->conv->frags, key, f);
	}
	frags_add(f, off, off + flen);
	if (fresh)
		f->total = length;
	else if (f->total != length && w->len_differs < UINT8_MAX)
		w->len_differs++;
	if (type == HS_SERVER_HELLO && off == 0 && flen >= 2)
		f->hello_version = (uint16_t)be16(body);
	bool whole = f->done && off + flen == f->total;
	if (whole && type == HS_SERVER_HELLO && dtls_version_ok(f->hello_version))
		w->version = f->hello_version;
	return whole;
}

/* The handshake messages of the record body at [AT, END). */
static void handshake(struct dtls_walk *w, uint32_t at, uint32_t end)
{
	for (bool first = true; at < end; first = false) {
		give_bytes(w, "dtls.handshake", FV_NONE, NULL, 0);
		if (!need(w, at, DTLS_HS))
			return;
		const uint8_t *h = w->d + at;
		uint32_t flen = be24(h + 9);
		const char *name = tls_handshake_type_valid(h[0], true) && (uint64_t)at + flen <= end
					   ? value_name(tls_info_handshake_types, h[0])
					   : NULL;
		if (!name && !first)
			return;
		if (!first)
			text(w, ", ");
		if (!name) {
			text(w, "Encrypted Handshake Message");
			return;
		}
		text(w, name);
		uint32_t length = be24(h + 1), seq = be16(h + 4), off = be24(h + 6);
		give_u(w, "dtls.handshake.type", h[0]);
		give_u(w, "dtls.handshake.length", length);
		give_u(w, "dtls.handshake.message_seq", seq);
		give_u(w, "dtls.handshake.fragment_offset", off);
		give_u(w, "dtls.handshake.fragment_length", flen);
		at += DTLS_HS;
		bool fragmented = false;
		if ((uint64_t)flen + off > length) {
			fragmented = off != 0;
			if (w->e)
				expert_add(w->e, EXPERT_ERROR, EXPERT_PROTOCOL, "DTLS",
					   off ? "Fragment runs past the end of the message"
					       : "Fragment length is larger than message length");
		} else if (off > 0 && flen == 0) {
			if (w->e)
				expert_add(w->e, EXPERT_WARN, EXPERT_PROTOCOL, "DTLS",
					   "Zero-length fragment length for fragmented message");
			continue;
		} else if (flen < length) {
			fragmented = true;
			if (!need(w, at, flen))
				return;
			text(w, fragment(w, h[0], seq, length, off, flen, w->d + at) ? " (Reassembled)" : " (Fragment)");
		}
		if (!fragmented) {
			if (!need(w, at, flen))
				return;
			message_body(w, h[0], w->d + at, flen);
		}
		at += flen;
	}
}

/* What an alert record's body at AT (LEN bytes) says: its level and
 * description when Wireshark knows both, whatever the length. */
static void alert(struct dtls_walk *w, uint32_t at)
{
	give_bytes(w, "dtls.alert_message", FV_NONE, NULL, 0);
	if (!need(w, at, 2))
		return;
	const char *level = value_name(tls_alert_levels, w->d[at]);
	const char *desc = value_name(tls_alert_descriptions, w->d[at + 1]);
	if (!level || !desc) {
		text(w, "Encrypted Alert");
		return;
	}
	text(w, "Alert (Level: ");
	if (w->info)
		g_string_append_printf(w->info, "%s, Description: %s)", level, desc);
	give_u(w, "dtls.alert_message.level", w->d[at]);
	give_u(w, "dtls.alert_message.desc", w->d[at + 1]);
}

/* A heartbeat record's body at AT (LEN bytes): its type when the payload
 * length leaves room for 16 bytes of padding, else encrypted. */
static void heartbeat(struct dtls_walk *w, uint32_t at, uint32_t len)
{
	if (!need(w, at, 3))
		return;
	const char *type = value_name(dtls_heartbeat_types, w->d[at]);
	if (type && (int64_t)be16(w->d + at + 1) <= (int64_t)len - 19) {
		text(w, "Heartbeat ");
		text(w, type);
		give_u(w, "dtls.heartbeat_message.type", w->d[at]);
	} else {
		text(w, "Encrypted Heartbeat");
	}
}

/* The record at AT; false when the walk stops. */
static bool record(struct dtls_walk *w, uint32_t *at)
{
	if (!need(w, *at, DTLS_REC))
		return false;
	const uint8_t *r = w->d + *at;
	uint32_t len = be16(r + 11), body = *at + DTLS_REC;
	if (!content_type_ok(r[0])) {
		text(w, "Continuation Data");
		w->shown = 0;
		*at = body + len;
		return true;
	}
	give_bytes(w, "dtls.record", FV_NONE, NULL, 0);
	/* a record with a connection id (RFC 9146) has a "special" type */
	give_u(w, r[0] == CT_CID ? "dtls.record.special_type" : "dtls.record.content_type", r[0]);
	give_u(w, "dtls.record.version", be16(r + 1));
	give_u(w, "dtls.record.epoch", be16(r + 3));
	give_u(w, "dtls.record.sequence_number", (uint64_t)be16(r + 5) << 32 | be16(r + 7) << 16 | be16(r + 9));
	give_u(w, "dtls.record.length", len);
	if (!need(w, body, 1))
		return false; /* Wireshark reads the byte after the header */
	if (!w->version)
		try_set_version(w, r[0], w->d[body], (uint16_t)be16(r + 1));
	w->shown = w->version;
	switch (r[0]) {
	case CT_CCS:
		text(w, "Change Cipher Spec");
		break;
	case CT_ALERT:
		alert(w, body);
		break;
	case CT_HANDSHAKE:
		handshake(w, body, body + len);
		break;
	case CT_APP_DATA:
		text(w, "Application Data");
		if (!need(w, body, len))
			return false;
		give_bytes(w, "dtls.app_data", FV_BYTES, w->d + body, len);
		break;
	case CT_HEARTBEAT:
		heartbeat(w, body, len);
		break;
	default:
		text(w, "Connection ID");
		break;
	}
	*at = body + len;
	return w->cur.err == CUR_OK;
}

/* Every record of the datagram: once the conversation's version is
 * known, each as a record; before, bytes that start no DTLS record are
 * "Continuation Data" to the end. */
static void dtls_walk(struct dtls_walk *w)
{
	for (uint32_t at = 0; at < w->rep && w->cur.err == CUR_OK;) {
		w->sep = at > 0;
		if (!w->version) {
			if (!need(w, at, 3))
				return;
			if (!looks_like_dtls(w->d + at)) {
				text(w, "Continuation Data");
				w->shown = 0;
				return;
			}
		}
		if (!record(w, &at))
			return;
	}
}

/* ---- dissection ------------------------------------------------------------ */

/* The datagram at C: one DTLS layer, its records read once in frame order
 * to follow the conversation (its version, its fragments) and to write
 * the Info Wireshark writes then. */
static void dissect_dtls(struct packet *p, struct cursor *c)
{
	if (c->err != CUR_OK)
		return;
	int idx = pkt_push_layer(p, PROTO_DTLS, c->off);
	if (idx < 0)
		return;
	struct dtls_conv *conv = NULL;
	if (p->session && !(p->flags & PKT_IN_ERROR))
		conv = session_conv_data(p->session, p, PROTO_DTLS, dtls_conv_new, dtls_conv_free);
	g_autoptr(GString) info = g_string_new(NULL);
	p->dtls_version = conv ? conv->version : 0;
	struct dtls_walk w = {.d = c->data + c->off, .cap = cursor_left(c), .rep = cursor_rleft(c), .cur = *c,
			      .version = p->dtls_version, .conv = conv, .side = dtls_side(p), .info = info};
	dtls_walk(&w);
	if (conv)
		conv->version = w.version;
	p->dtls_shown = w.shown;
	p->dtls_len_differs = w.len_differs;
	pkt_set_app_info(p, PROTO_DTLS, info->str, info->len);
	if (w.cur.err != CUR_OK)
		pkt_note_cursor(p, idx, &w.cur);
}

/* Wireshark's heuristic: the whole datagram captured, a chain of records
 * of known content types and DTLS versions ending at its end (or, in an
 * IP fragment, at least one); cut short by the capture, records that look
 * like DTLS as far as the bytes go.  A datagram an ICMP error quotes is
 * what the quote holds. */
static void dissect_dtls_heur(struct packet *p, struct cursor *c)
{
	const uint8_t *d = c->data + c->off;
	uint32_t cap = cursor_left(c), rep = (p->flags & PKT_IN_ERROR) ? cap : cursor_rleft(c), at = 0;
	if (cap == rep) {
		while (at + DTLS_REC <= cap && looks_like_dtls(d + at)) {
			at += DTLS_REC + be16(d + at + 11);
			if (at == cap) {
				dissect_dtls(p, c);
				return;
			}
		}
		if ((p->flags & PKT_FRAGMENT) && at >= DTLS_REC)
			dissect_dtls(p, c);
		return;
	}
	while (cap > at && cap - at >= 3) {
		if (!looks_like_dtls(d + at))
			return;
		if (cap - at < DTLS_REC) {
			dissect_dtls(p, c);
			return;
		}
		at += DTLS_REC + be16(d + at + 11);
		if (at == cap) {
			dissect_dtls(p, c);
			return;
		}
	}
	if (cap >= 3 && (at <= rep || (p->flags & PKT_FRAGMENT)))
		dissect_dtls(p, c);
}

/* ---- columns, expert items, field values ----------------------------------- */

/* A walk over a layer's bytes D (N of them) without the conversation,
 * from the version it had as the frame began. */
static struct dtls_walk walk_of(const struct packet *p, const uint8_t *d, uint32_t n)
{
	struct dtls_walk w = {.d = d, .cap = n, .rep = n, .cur = cursor_init(d, n, n), .version = p->dtls_version};
	return w;
}

/* "DTLSv1.0", "DTLSv1.2" as the conversation's version was after the
 * datagram's last record header; Info as the dissection wrote it.  A
 * datagram put together from IP fragments was dissected with its first
 * fragment: its kept bytes are read again here, without the conversation. */
static void dtls_columns(struct columns *c, const struct packet *p, int idx)
{
	static const struct value_string names[] = {
		{0xfeff, "DTLSv1.0"}, {0xfefd, "DTLSv1.2"}, {0x0100, "DTLS 1.0 (OpenSSL pre 0.9.8f)"}, {0, NULL},
	};
	uint16_t shown = p->dtls_shown;
	g_autoptr(GString) info = NULL;
	if (p->app_info_proto != PROTO_DTLS) {
		uint32_t n;
		const uint8_t *d = col_layer_bytes(p, idx, &n);
		info = g_string_new(NULL);
		struct dtls_walk w = walk_of(p, d, d ? n : 0);
		w.info = info;
		dtls_walk(&w);
		shown = w.shown;
	}
	const char *name = value_name(names, shown);
	col_proto(c, name ? name : "DTLS");
	col_clear(c);
	col_append(c, "%s", info ? info->str : p->app_info);
}

/* Wireshark's items on fragments: a fragment longer than its message, one
 * running past its end, an empty one, one that gives another length. */
static void dtls_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (!d)
		return;
	struct dtls_walk w = walk_of(p, d, n);
	w.e = e;
	dtls_walk(&w);
	for (unsigned i = 0; i < p->dtls_len_differs; i++)
		expert_add(e, EXPERT_ERROR, EXPERT_PROTOCOL, "DTLS", "Message length differs from value in earlier fragment");
}

static void dtls_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
			const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	struct dtls_walk w = walk_of(p, d, n);
	w.abbrev = f->abbrev;
	w.fn = fn;
	w.data = data;
	dtls_walk(&w);
}

/* Wireshark's registrations: the ports of DNS, CIP, CoAP and Diameter
 * over DTLS, and the heuristic (after WireGuard's, before STUN's). */
static const struct handoff dtls_handoff[] = {
	UDP_PORT(853, dissect_dtls),
	UDP_PORT(2221, dissect_dtls),
	UDP_PORT(5684, dissect_dtls),
	UDP_PORT(5868, dissect_dtls),
	UDP_HEUR(45, dissect_dtls_heur),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(DTLS, "dtls", "Datagram Transport Layer Security");
const struct protocol proto_dtls = {PROTO_DTLS, .short_name = "DTLS", .fields = &dtls_table, .columns = dtls_columns,
				    .expert = dtls_expert, .values = dtls_values,
				    .handoff = dtls_handoff};
