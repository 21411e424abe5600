/* kerberos.c — Kerberos V5 (RFC 4120) on UDP and TCP port 88, the BER
 * element reader the directory protocols share, and the GSS-API framing that
 * carries Kerberos inside other protocols (RFC 2743 tokens, SPNEGO RFC 4178,
 * the Kerberos mechanism RFC 1964 / RFC 4121).
 *
 * A Kerberos message is an ASN.1 APPLICATION-tagged SEQUENCE:
 *
 *   [APPLICATION 10..30] SEQUENCE { pvno [0|1] INTEGER (5), msg-type [1|2] INTEGER, ... }
 *
 * (requests number their fields from 1, everything else from 0).  Over TCP
 * each message follows a 4-byte record mark: a reserved top bit and a 31-bit
 * length.
 */
#include "dissect/expect.h"
#include "dissect/dissect.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"
#include "dissect/field.h"

static const struct value_string krb_msg_types[] = {
	{10, "krb-as-req"}, {11, "krb-as-rep"}, {12, "krb-tgs-req"}, {13, "krb-tgs-rep"},
	{14, "krb-ap-req"}, {15, "krb-ap-rep"}, {20, "krb-safe"}, {21, "krb-priv"},
	{22, "krb-cred"}, {30, "krb-error"}, {0, NULL},
};

static const struct field_def kerberos_fields[] = {
	{"kerberos.rm.reserved", "Reserved", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 4, 0x80000000u, NULL},
	{"kerberos.rm.length", "Record Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0x7fffffffu, NULL},
	{"kerberos.pvno", "pvno", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"kerberos.msg_type", "msg-type", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, krb_msg_types},
	{"kerberos.error_code", "error-code", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"kerberos.realm", "realm", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"kerberos.crealm", "crealm", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"kerberos.CNameString", "CNameString", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"kerberos.SNameString", "SNameString", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"kerberos.tkt_vno", "tkt-vno", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(kerberos);

static const struct field_def gss_api_fields[] = {
	{"gss-api.OID", "OID", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(gss_api);

static const struct field_def spnego_fields[] = {
	{"spnego.negState", "negState", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"spnego.supportedMech", "supportedMech", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(spnego);

/* ---- BER ---------------------------------------------------------------- */

bool ber_read_hdr(struct cursor *c, struct ber_hdr *h)
{
	uint8_t id = cursor_u8(c);
	h->cls = id >> 6;
	h->constructed = (id & 0x20) != 0;
	h->tag = id & 0x1f;
	h->indefinite = false;
	h->len = 0;
	if (h->tag == 0x1f) {
		/* High tag number: base-128 digits, at most four of them here. */
		uint32_t tag = 0;
		for (int i = 0;; i++) {
			uint8_t b = cursor_u8(c);
			if (!cursor_ok(c))
				return false;
			if (i == 4) {
				c->err = CUR_MALFORMED;
				return false;
			}
			tag = tag << 7 | (b & 0x7f);
			if (!(b & 0x80))
				break;
		}
		h->tag = tag;
	}
	uint8_t l = cursor_u8(c);
	if (!cursor_ok(c))
		return false;
	if (l < 0x80) {
		h->len = l;
		return true;
	}
	if (l == 0x80) {
		h->indefinite = true;
		return true;
	}
	unsigned n = l & 0x7f;
	if (n > 4) {
		c->err = CUR_MALFORMED;
		return false;
	}
	uint32_t len = 0;
	for (unsigned i = 0; i < n; i++)
		len = len << 8 | cursor_u8(c);
	h->len = len;
	return cursor_ok(c);
}

bool ber_read_uint(struct cursor *c, const struct ber_hdr *h, uint32_t *v)
{
	if (h->indefinite || h->len == 0 || h->len > 5) {
		if (cursor_ok(c))
			c->err = CUR_MALFORMED;
		return false;
	}
	uint32_t x = 0;
	for (uint32_t i = 0; i < h->len; i++)
		x = x << 8 | cursor_u8(c);
	*v = x;
	return cursor_ok(c);
}

bool ber_expect(struct cursor *c, uint8_t cls, uint32_t tag, struct ber_hdr *h)
{
	if (!ber_read_hdr(c, h))
		return false;
	return h->cls == cls && h->tag == tag;
}

/* ---- Kerberos ----------------------------------------------------------- */

static bool krb_app_tag(uint32_t tag)
{
	return (tag >= 10 && tag <= 15) || (tag >= 20 && tag <= 22) || tag == 30;
}

/* Reads the message header at C: the application tag, the SEQUENCE, pvno
 * and msg-type.  Returns the message type (the application tag) or -1 when
 * the first byte is not a Kerberos message.  C's error tells whether the rest
 * was cut short or contradicted itself. */
static int krb_message(struct cursor *c, uint32_t *pvno_out, uint32_t *type_out)
{
	struct ber_hdr h;
	if (cursor_peek(c, 0) >= 0 && !((cursor_peek(c, 0) & 0xe0) == 0x60))
		return -1;
	if (!ber_read_hdr(c, &h))
		return cursor_ok(c) || c->err == CUR_TRUNCATED ? 0 : -1;
	if (h.cls != 1 || !h.constructed || (!krb_app_tag(h.tag) && h.tag != 1))
		return -1;
	int type = (int)h.tag;
	struct ber_hdr s;
	if (!ber_read_hdr(c, &s))
		return type;
	if (s.cls != 0 || s.tag != 16 || !s.constructed) {
		c->err = CUR_MALFORMED;
		return type;
	}
	if (type == 1) /* a Ticket (krb524 hands one over): tkt-vno, realm, ... */
		return type;
	/* KDC requests start at [1]; every other message at [0]. */
	uint32_t first = (type == 10 || type == 12) ? 1 : 0;
	struct ber_hdr e, i;
	uint32_t pvno = 0, mt = 0;
	if (!ber_expect(c, 2, first, &e) || !ber_expect(c, 0, 2, &i) || !ber_read_uint(c, &i, &pvno)) {
		if (cursor_ok(c))
			c->err = CUR_MALFORMED;
		return type;
	}
	if (!ber_expect(c, 2, first + 1, &e) || !ber_expect(c, 0, 2, &i) || !ber_read_uint(c, &i, &mt)) {
		if (cursor_ok(c))
			c->err = CUR_MALFORMED;
		return type;
	}
	if (pvno_out)
		*pvno_out = pvno;
	if (type_out)
		*type_out = mt;
	if (mt != (uint32_t)type && cursor_ok(c))
		c->err = CUR_MALFORMED;
	return type;
}

uint32_t kerberos_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (avail < 5)
		return avail >= 4 && (data[0] & 0x80) ? 0 : PDU_NEED_MORE;
	uint32_t len = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
	if (len & 0x80000000u)
		return 0; /* the reserved bit: an extension this reader does not speak */
	if (len == 0 || len > 0x7fffffffu - 4 || (data[4] & 0xe0) != 0x60)
		return 0;
	return len + 4;
}

/* UDP: the datagram is one message.  A request to port 88 makes what its
 * client exchanges with that server, on any port, Kerberos. */
void dissect_kerberos_udp(struct packet *p, struct cursor *c)
{
	struct cursor t = *c;
	if (krb_message(&t, NULL, NULL) < 0)
		return;
	int idx = pkt_push_layer(p, PROTO_KERBEROS, c->off);
	if (idx < 0)
		return;
	if (p->session && !(p->flags & PKT_IN_ERROR) && p->dport == 88)
		session_expect_client(p->session, p, PROTO_KERBEROS);
	if (pkt_quote_ends(p))
		return; /* the start an ICMP error quotes: no fault */
	pkt_note_cursor(p, idx, &t);
	if (cursor_left(c) < cursor_rleft(c))
		pkt_mark(p, idx, PKT_TRUNCATED);
}

/* TCP: one record (mark + message); a message longer than this segment
 * continues in later ones, which is not an error of this one. */
void dissect_kerberos_tcp(struct packet *p, struct cursor *c)
{
	struct cursor t = *c;
	uint32_t mark = cursor_be32(&t);
	if (!cursor_ok(&t)) {
		if (t.err != CUR_TRUNCATED || cursor_left(c) == 0 || (c->data[c->off] & 0x80))
			return;
		int idx = pkt_push_layer(p, PROTO_KERBEROS, c->off);
		if (idx >= 0)
			pkt_note_cursor(p, idx, &t);
		return;
	}
	if ((mark & 0x80000000u) || mark == 0)
		return;
	bool partial = mark > cursor_rleft(&t);
	struct cursor m = partial ? cursor_rest(&t) : cursor_sub(&t, mark);
	if (krb_message(&m, NULL, NULL) < 0)
		return;
	int idx = pkt_push_layer(p, PROTO_KERBEROS, c->off);
	if (idx < 0)
		return;
	if (!partial || m.err == CUR_TRUNCATED)
		pkt_note_cursor(p, idx, &m);
	if (cursor_left(c) < cursor_rleft(c))
		pkt_mark(p, idx, PKT_TRUNCATED);
}

bool kerberos_msg_type(const uint8_t *b, uint32_t n, uint32_t *out)
{
	if (n == 0)
		return false;
	struct cursor c = {b, 0, n, n, CUR_OK};
	if ((b[0] & 0xe0) != 0x60)
		cursor_skip(&c, 4); /* over TCP: the record mark */
	uint32_t mt = 0;
	if (krb_message(&c, NULL, &mt) < 0 || mt == 0)
		return false;
	*out = mt;
	return true;
}

/* ---- the packet list ---------------------------------------------------- */

static const struct value_string krb_msg_names[] = {
	{1, "Ticket"}, {2, "Authenticator"}, {3, "EncTicketPart"}, {10, "AS-REQ"}, {11, "AS-REP"},
	{12, "TGS-REQ"}, {13, "TGS-REP"}, {14, "AP-REQ"}, {15, "AP-REP"}, {16, "TGT-REQ"}, {17, "TGT-REP"},
	{20, "KRB-SAFE"}, {21, "KRB-PRIV"}, {22, "KRB-CRED"}, {25, "EncASRepPart"}, {26, "EncTGSRepPart"},
	{27, "EncAPRepPart"}, {28, "EncKrbPrivPart"}, {29, "EncKrbCredPart"}, {30, "KRB-ERROR"}, {0, NULL},
};

/* The error codes of RFC 4120 7.5.9 and of PKINIT and FAST, named as MIT
 * Kerberos names them. */
static const struct value_string krb_error_names[] = {
	{0, "KRB5KDC_ERR_NONE"}, {1, "KRB5KDC_ERR_NAME_EXP"}, {2, "KRB5KDC_ERR_SERVICE_EXP"},
	{3, "KRB5KDC_ERR_BAD_PVNO"}, {4, "KRB5KDC_ERR_C_OLD_MAST_KVNO"}, {5, "KRB5KDC_ERR_S_OLD_MAST_KVNO"},
	{6, "KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN"}, {7, "KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN"},
	{8, "KRB5KDC_ERR_PRINCIPAL_NOT_UNIQUE"}, {9, "KRB5KDC_ERR_NULL_KEY"}, {10, "KRB5KDC_ERR_CANNOT_POSTDATE"},
	{11, "KRB5KDC_ERR_NEVER_VALID"}, {12, "KRB5KDC_ERR_POLICY"}, {13, "KRB5KDC_ERR_BADOPTION"},
	{14, "KRB5KDC_ERR_ETYPE_NOSUPP"}, {15, "KRB5KDC_ERR_SUMTYPE_NOSUPP"}, {16, "KRB5KDC_ERR_PADATA_TYPE_NOSUPP"},
	{17, "KRB5KDC_ERR_TRTYPE_NOSUPP"}, {18, "KRB5KDC_ERR_CLIENT_REVOKED"}, {19, "KRB5KDC_ERR_SERVICE_REVOKED"},
	{20, "KRB5KDC_ERR_TGT_REVOKED"}, {21, "KRB5KDC_ERR_CLIENT_NOTYET"}, {22, "KRB5KDC_ERR_SERVICE_NOTYET"},
	{23, "KRB5KDC_ERR_KEY_EXP"}, {24, "KRB5KDC_ERR_PREAUTH_FAILED"}, {25, "KRB5KDC_ERR_PREAUTH_REQUIRED"},
	{26, "KRB5KDC_ERR_SERVER_NOMATCH"}, {27, "KRB5KDC_ERR_MUST_USE_USER2USER"},
	{28, "KRB5KDC_ERR_PATH_NOT_ACCEPTED"}, {29, "KRB5KDC_ERR_SVC_UNAVAILABLE"},
	{31, "KRB5KRB_AP_ERR_BAD_INTEGRITY"}, {32, "KRB5KRB_AP_ERR_TKT_EXPIRED"}, {33, "KRB5KRB_AP_ERR_TKT_NYV"},
	{34, "KRB5KRB_AP_ERR_REPEAT"}, {35, "KRB5KRB_AP_ERR_NOT_US"}, {36, "KRB5KRB_AP_ERR_BADMATCH"},
	{37, "KRB5KRB_AP_ERR_SKEW"}, {38, "KRB5KRB_AP_ERR_BADADDR"}, {39, "KRB5KRB_AP_ERR_BADVERSION"},
	{40, "KRB5KRB_AP_ERR_MSG_TYPE"}, {41, "KRB5KRB_AP_ERR_MODIFIED"}, {42, "KRB5KRB_AP_ERR_BADORDER"},
	{43, "KRB5KRB_AP_ERR_ILL_CR_TKT"}, {44, "KRB5KRB_AP_ERR_BADKEYVER"}, {45, "KRB5KRB_AP_ERR_NOKEY"},
	{46, "KRB5KRB_AP_ERR_MUT_FAIL"}, {47, "KRB5KRB_AP_ERR_BADDIRECTION"}, {48, "KRB5KRB_AP_ERR_METHOD"},
	{49, "KRB5KRB_AP_ERR_BADSEQ"}, {50, "KRB5KRB_AP_ERR_INAPP_CKSUM"}, {51, "KRB5KDC_AP_PATH_NOT_ACCEPTED"},
	{52, "KRB5KRB_ERR_RESPONSE_TOO_BIG"}, {60, "KRB5KRB_ERR_GENERIC"}, {61, "KRB5KRB_ERR_FIELD_TOOLONG"},
	{62, "KDC_ERROR_CLIENT_NOT_TRUSTED"}, {63, "KDC_ERROR_KDC_NOT_TRUSTED"}, {64, "KDC_ERROR_INVALID_SIG"},
	{65, "KDC_ERR_KEY_TOO_WEAK"}, {66, "KDC_ERR_CERTIFICATE_MISMATCH"}, {67, "KRB_AP_ERR_NO_TGT"},
	{68, "KDC_ERR_WRONG_REALM"}, {69, "KRB_AP_ERR_USER_TO_USER_REQUIRED"},
	{70, "KDC_ERR_CANT_VERIFY_CERTIFICATE"}, {71, "KDC_ERR_INVALID_CERTIFICATE"},
	{72, "KDC_ERR_REVOKED_CERTIFICATE"}, {73, "KDC_ERR_REVOCATION_STATUS_UNKNOWN"},
	{74, "KDC_ERR_REVOCATION_STATUS_UNAVAILABLE"}, {75, "KDC_ERR_CLIENT_NAME_MISMATCH"},
	{76, "KDC_ERR_KDC_NAME_MISMATCH"}, {0, NULL},
};

static bool krb_col_uint(const struct fvalue *v, void *data)
{
	*(int64_t *)data = (int64_t)v->u;
	return false;
}

/* The message's type, or for an error its code; nothing for a message
 * without a type (a bare ticket). */
static void kerberos_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n = 0, mt = 0;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	col_proto(c, "KRB5");
	col_clear(c);
	if (!kerberos_msg_type(b, n, &mt))
		return;
	const char *name = value_name(krb_msg_names, mt);
	if (name)
		col_set(c, "%s", name);
	else
		col_set(c, "Unknown msg type %#x", mt);
	int64_t code = -1;
	if (mt != 30 || kerberos_field_values(b, n, "kerberos.error_code", krb_col_uint, &code) == 0)
		return;
	const char *err = code >= 0 && code <= INT32_MAX ? value_name(krb_error_names, (uint32_t)code) : NULL;
	if (err)
		col_set(c, "KRB Error: %s", err);
	else
		col_set(c, "KRB Error: Unknown error code %#x", (unsigned)code);
}

static void kerberos_layer_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				  const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		kerberos_field_values(d, n, f->abbrev, fn, data);
}

static const struct handoff kerberos_handoff[] = {
	UDP_PORT(88, dissect_kerberos_udp),
	TCP_PORT(88, dissect_kerberos_tcp),
	UDP_CONV(PROTO_KERBEROS, dissect_kerberos_udp),
	HANDOFF_LIST_END,
};
static const struct pdu_framing kerberos_framing[] = {
	{dissect_kerberos_tcp, kerberos_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
/* Over TCP, Kerberos clears the Info before asking for the rest of a
 * message (.partial). */
PROTOCOL_ID(KERBEROS, "kerberos", "Kerberos");
const struct protocol proto_kerberos = {PROTO_KERBEROS, .short_name = "KRB5", .columns = kerberos_columns, .partial = col_partial_clear,
					.values = kerberos_layer_values, .fields = &kerberos_table,
					.handoff = kerberos_handoff, .framing = kerberos_framing};

/* ---- GSS-API, SPNEGO and the Kerberos mechanism ------------------------- */

static const uint8_t oid_spnego[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
static const uint8_t oid_krb5[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02};
static const uint8_t oid_krb5_ms[] = {0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02};
static const uint8_t oid_krb5_u2u[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x03};

static bool oid_is(const uint8_t *oid, uint32_t len, const uint8_t *want, uint32_t wlen)
{
	return oid && len == wlen && memcmp(oid, want, wlen) == 0;
}

static bool oid_is_krb5(const uint8_t *oid, uint32_t len)
{
	return oid_is(oid, len, oid_krb5, sizeof oid_krb5) || oid_is(oid, len, oid_krb5_ms, sizeof oid_krb5_ms) ||
	       oid_is(oid, len, oid_krb5_u2u, sizeof oid_krb5_u2u);
}

/* Reads an OBJECT IDENTIFIER element; its content, or NULL. */
static const uint8_t *read_oid(struct cursor *c, uint32_t *len)
{
	struct ber_hdr h;
	if (!ber_expect(c, 0, 6, &h) || h.indefinite)
		return NULL;
	*len = h.len;
	return cursor_take(c, h.len);
}

/* The Kerberos mechanism's token (RFC 1964 / RFC 4121): a 2-byte token id,
 * then its header.  Returns, for a CFX wrap token that is signed but not
 * sealed, the plaintext it carries as *PLAIN (length 0 otherwise). */
static void krb5_token(struct packet *p, struct cursor *c, struct cursor *plain)
{
	int idx = pkt_push_layer(p, PROTO_SPNEGO_KRB5, c->off);
	if (idx < 0)
		return;
	uint32_t start = c->off, total = cursor_rleft(c);
	uint16_t tok = cursor_be16(c);
	if (tok == 0x0504 && plain) {
		/* CFX wrap: flags(1) filler(1) EC(2) RRC(2) seq(8) = 16 bytes with the id. */
		uint8_t flags = cursor_u8(c);
		cursor_skip(c, 1);
		uint16_t ec = cursor_be16(c), rrc = cursor_be16(c);
		cursor_skip(c, 8);
		if (cursor_ok(c) && !(flags & 0x02) && (uint32_t)16 + ec <= total && rrc <= ec) {
			/* Unsealed: header, then the checksum rotated to the front by RRC bytes. */
			*plain = *c;
			plain->off = start + 16 + rrc;
			cursor_limit(plain, total - 16 - ec);
		}
	}
	pkt_note_cursor(p, idx, c);
}

/* The SPNEGO body: NegTokenInit [0] or NegTokenResp [1]; a Kerberos mechanism
 * token inside it is the Kerberos mechanism's layer. */
void dissect_spnego(struct packet *p, struct cursor *c)
{
	struct cursor t = *c;
	struct ber_hdr h;
	if (!ber_read_hdr(&t, &h) || h.cls != 2 || (h.tag != 0 && h.tag != 1)) {
		if (cursor_ok(&t) || t.err != CUR_TRUNCATED)
			return;
	}
	int idx = pkt_push_layer(p, PROTO_SPNEGO, c->off);
	if (idx < 0)
		return;
	if (!cursor_ok(&t)) {
		pkt_note_cursor(p, idx, &t);
		return;
	}
	bool resp = h.tag == 1;
	struct ber_hdr s;
	if (!ber_read_hdr(&t, &s) || s.cls != 0 || s.tag != 16) {
		pkt_note_cursor(p, idx, &t);
		return;
	}
	struct cursor seq = s.indefinite ? cursor_rest(&t) : cursor_sub(&t, s.len);
	bool krb5 = false;
	while (cursor_rleft(&seq) > 0 && cursor_ok(&seq)) {
		struct ber_hdr e;
		if (!ber_read_hdr(&seq, &e) || e.indefinite)
			break;
		struct cursor body = cursor_sub(&seq, e.len);
		if (e.cls != 2)
			continue;
		if (!resp && e.tag == 0) {
			/* mechTypes: the first one is the mechanism the token is for. */
			struct ber_hdr l;
			uint32_t n = 0;
			if (ber_read_hdr(&body, &l) && l.tag == 16) {
				const uint8_t *oid = read_oid(&body, &n);
				krb5 = oid_is_krb5(oid, n);
			}
		} else if (resp && e.tag == 1) {
			uint32_t n = 0;
			const uint8_t *oid = read_oid(&body, &n);
			krb5 = oid_is_krb5(oid, n);
		} else if (e.tag == 2) {
			struct ber_hdr o;
			if (!ber_expect(&body, 0, 4, &o) || o.indefinite)
				break;
			struct cursor tok = cursor_sub(&body, o.len);
			if (cursor_peek(&tok, 0) == 0x60) {
				/* A framed initial token names its own mechanism. */
				struct cursor q = tok;
				struct ber_hdr a;
				uint32_t n = 0;
				if (ber_read_hdr(&q, &a)) {
					const uint8_t *oid = read_oid(&q, &n);
					if (oid_is_krb5(oid, n))
						krb5_token(p, &tok, NULL);
				}
			} else if (krb5 && cursor_rleft(&tok) > 0) {
				krb5_token(p, &tok, NULL);
			}
		}
	}
	pkt_note_cursor(p, idx, &seq);
	if (cursor_ok(&seq))
		pkt_note_cursor(p, idx, &t);
}

void dissect_gssapi_token(struct packet *p, struct cursor *c, struct cursor *plain)
{
	if (plain)
		*plain = (struct cursor){c->data, c->off, c->off, c->off, CUR_OK};
	int idx = pkt_push_layer(p, PROTO_GSS_API, c->off);
	if (idx < 0)
		return;
	int b0 = cursor_peek(c, 0), b1 = cursor_peek(c, 1);
	if (b0 == 0x60) {
		/* InitialContextToken: [APPLICATION 0] { thisMech OID, innerToken } */
		struct ber_hdr h;
		uint32_t n = 0;
		const uint8_t *oid = NULL;
		if (ber_read_hdr(c, &h))
			oid = read_oid(c, &n);
		if (!oid) {
			pkt_note_cursor(p, idx, c);
			return;
		}
		if (oid_is(oid, n, oid_spnego, sizeof oid_spnego))
			dissect_spnego(p, c);
		else if (oid_is_krb5(oid, n))
			krb5_token(p, c, NULL);
		return;
	}
	/* Per-message tokens carry no OID: the Kerberos ones are known by id. */
	if ((b0 == 0x05 && b1 == 0x04) || (b0 == 0x04 && b1 == 0x04) || (b0 == 0x01 && b1 == 0x01) ||
	    (b0 == 0x02 && b1 == 0x01))
		krb5_token(p, c, plain);
	else if (cursor_left(c) < 2 && cursor_rleft(c) >= 2)
		pkt_mark(p, idx, PKT_TRUNCATED);
}

void dissect_gssapi(struct packet *p, struct cursor *c)
{
	dissect_gssapi_token(p, c, NULL);
}

/* GSS-API, SPNEGO and the Kerberos mechanism token only ever travel inside
 * another protocol's message (an LDAP bind or SASL buffer, a DCE/RPC
 * verifier, an SMB2 session setup), whose columns they leave as they are. */
static void gss_columns(struct columns *c, const struct packet *p, int idx)
{
	(void)c, (void)p, (void)idx;
}

PROTOCOL_ID(GSS_API, "gss-api", "GSS-API Generic Security Service Application Program Interface");
const struct protocol proto_gss_api = {PROTO_GSS_API, .short_name = "GSS-API", .columns = gss_columns, .fields = &gss_api_table};
PROTOCOL_ID(SPNEGO, "spnego", "Simple Protected Negotiation");
const struct protocol proto_spnego = {PROTO_SPNEGO, .short_name = "SPNEGO", .columns = gss_columns, .fields = &spnego_table};

static void spnego_krb5_layer_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				     const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn,
				     void *data)
{
	/* Kerberos messages in GSS-API tokens show Kerberos's fields */
	if (d && strncmp(f->abbrev, "kerberos.", 9) == 0)
		kerberos_token_values(d, n, f->abbrev, fn, data);
}

PROTOCOL_ID(SPNEGO_KRB5, "spnego-krb5", "SPNEGO-KRB5");
const struct protocol proto_spnego_krb5 = {PROTO_SPNEGO_KRB5, .short_name = "SPNEGO-KRB5", .columns = gss_columns,
					   .values = spnego_krb5_layer_values, .shows = PROTO_KERBEROS,
					   .shows_values = true};
