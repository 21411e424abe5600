/* ldap.c — LDAP (RFC 4511) over TCP 389 and 3268 (global catalog) and
 * connectionless LDAP over UDP 389.
 *
 * Every message is a BER SEQUENCE:
 *
 *   LDAPMessage ::= SEQUENCE { messageID INTEGER, protocolOp [APPLICATION n] ...,
 *                              controls [0] Controls OPTIONAL }
 *
 * A TCP segment may hold several messages back to back; the layer covers
 * them all.  After a SASL bind with a security layer (Windows domain traffic
 * does this with GSS-SPNEGO / Kerberos), each buffer is a 4-byte big-endian
 * length followed by a GSS-API per-message token; when the token only signs,
 * the LDAP messages follow it in clear.
 *
 * A control or extended-operation value whose OID names a known structure
 * (paged results, sorting, DirSync, content synchronisation, password
 * modify ...) is parsed as a structure of its own and so counts as one more
 * LDAP layer in the protocol hierarchy.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

static const struct value_string ldap_ops[] = {
	{0, "bindRequest"}, {1, "bindResponse"}, {2, "unbindRequest"}, {3, "searchRequest"},
	{4, "searchResEntry"}, {5, "searchResDone"}, {6, "modifyRequest"}, {7, "modifyResponse"},
	{8, "addRequest"}, {9, "addResponse"}, {10, "delRequest"}, {11, "delResponse"},
	{12, "modDNRequest"}, {13, "modDNResponse"}, {14, "compareRequest"}, {15, "compareResponse"},
	{16, "abandonRequest"}, {19, "searchResRef"}, {23, "extendedReq"}, {24, "extendedResp"},
	{25, "intermediateResponse"}, {0, NULL},
};

static const struct field_def ldap_fields[] = {
	{"ldap.sasl_buffer_length", "SASL Buffer Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ldap.messageID", "messageID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ldap.protocolOp", "protocolOp", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, ldap_ops},
	{"ldap.resultCode", "resultCode", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ldap.baseObject", "baseObject", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ldap.name", "name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(ldap);

static const struct field_def cldap_fields[] = {
	{"cldap.messageID", "messageID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"cldap.protocolOp", "protocolOp", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, ldap_ops},
};
FIELD_TABLE_DEFINE(cldap);

/* OIDs (as the dotted strings LDAP carries) whose values are parsed as
 * structures of their own. */
static const char *const value_oids[] = {
	"1.2.840.113556.1.4.319", "1.2.840.113556.1.4.473", "1.2.840.113556.1.4.474",
	"1.2.840.113556.1.4.841", "1.3.6.1.4.1.4203.1.11.1", "1.3.6.1.1.8",
	"1.3.6.1.4.1.4203.1.9.1.1", "1.3.6.1.4.1.4203.1.9.1.2", "1.3.6.1.4.1.4203.1.9.1.3",
	"1.3.6.1.4.1.4203.1.9.1.4", "1.3.6.1.4.1.42.2.27.8.5.1",
};

static bool value_oid_known(const uint8_t *s, uint32_t n)
{
	for (size_t i = 0; s && i < sizeof value_oids / sizeof value_oids[0]; i++)
		if (strlen(value_oids[i]) == n && memcmp(value_oids[i], s, n) == 0)
			return true;
	return false;
}

/* The first elements of a message at C: SEQUENCE, messageID, protocolOp
 * header.  False when the bytes there are not an LDAP message; a cut-short
 * prefix that agrees so far counts as one (C then says truncated). */
static bool ldap_head(struct cursor *c, uint32_t *msgid, struct ber_hdr *op)
{
	struct ber_hdr h, i;
	if (cursor_peek(c, 0) >= 0 && cursor_peek(c, 0) != 0x30)
		return false;
	if (!ber_read_hdr(c, &h))
		return c->err == CUR_TRUNCATED;
	if (h.indefinite || h.len < 5)
		return false;
	if (!ber_read_hdr(c, &i))
		return c->err == CUR_TRUNCATED;
	if (i.cls != 0 || i.tag != 2 || i.constructed)
		return false;
	uint32_t id = 0;
	if (!ber_read_uint(c, &i, &id))
		return c->err == CUR_TRUNCATED;
	if (!ber_read_hdr(c, op))
		return c->err == CUR_TRUNCATED;
	if (op->cls != 1 || op->tag > 25)
		return false;
	if (msgid)
		*msgid = id;
	return true;
}

/* Whether C starts with a message (a cut-short one that agrees counts). */
static bool ldap_starts(const struct cursor *c)
{
	struct cursor t = *c;
	struct ber_hdr op;
	return ldap_head(&t, NULL, &op);
}

/* An OCTET STRING element (any tag) read whole; its content or NULL. */
static const uint8_t *ldap_string(struct cursor *c, uint32_t *n)
{
	struct ber_hdr h;
	if (!ber_read_hdr(c, &h) || h.indefinite)
		return NULL;
	*n = h.len;
	return cursor_take(c, h.len);
}

/* The layers from FROM on lie inside the LDAP message's tree (a control's
 * value, an extended operation's, its SASL credentials, its SASL buffer):
 * no node of the hierarchy of their own. */
static void ldap_nest_from(struct packet *p, int from)
{
	for (int i = from; i < p->nlayers; i++)
		p->layers[i].flags |= PKT_NESTED;
}

/* An LDAP structure inside a message (a control's or an extended
 * operation's value) at OFF. */
static void ldap_push_inner(struct packet *p, uint32_t off)
{
	int before = p->nlayers;
	pkt_push_layer(p, PROTO_LDAP, off);
	ldap_nest_from(p, before);
}

/* Controls ::= SEQUENCE OF SEQUENCE { controlType, criticality?, controlValue? } */
static void ldap_controls(struct packet *p, struct cursor *c)
{
	while (cursor_rleft(c) > 0 && cursor_ok(c)) {
		struct ber_hdr h;
		if (!ber_read_hdr(c, &h) || h.indefinite)
			return;
		struct cursor ctl = cursor_sub(c, h.len);
		uint32_t n = 0;
		const uint8_t *type = ldap_string(&ctl, &n);
		bool known = value_oid_known(type, n);
		while (known && cursor_rleft(&ctl) > 0 && cursor_ok(&ctl)) {
			struct ber_hdr e;
			if (!ber_read_hdr(&ctl, &e) || e.indefinite)
				break;
			if (e.cls == 0 && e.tag == 4) {
				ldap_push_inner(p, ctl.off);
				break;
			}
			cursor_sub(&ctl, e.len);
		}
	}
}

/* extendedReq: requestName [0], requestValue [1]. */
static void ldap_extended(struct packet *p, struct cursor *c)
{
	uint32_t n = 0;
	const uint8_t *name = ldap_string(c, &n);
	if (!value_oid_known(name, n) || cursor_rleft(c) == 0)
		return;
	struct ber_hdr e;
	if (ber_read_hdr(c, &e) && e.cls == 2 && e.tag == 1)
		ldap_push_inner(p, c->off);
}

/* An extendedReq (TAG 23, its body B) naming StartTLS asks for TLS; the
 * extendedResp (24) after it grants it with the result success, as
 * Wireshark reads them. */
static void ldap_starttls(struct packet *p, struct cursor b, uint32_t tag)
{
	static const char starttls[] = "1.3.6.1.4.1.1466.20037";
	struct ber_hdr h;
	uint32_t v = 1;
	if (tag == 23 && ber_read_hdr(&b, &h) && h.cls == 2 && h.tag == 0 && h.len == sizeof starttls - 1 &&
	    cursor_need(&b, h.len) && !memcmp(b.data + b.off, starttls, h.len))
		tcp_tls_ask(p);
	else if (tag == 24 && ber_read_hdr(&b, &h) && h.cls == 0 && h.tag == 10 && ber_read_uint(&b, &h, &v) && v == 0)
		tcp_tls_answer(p, true);
}

/* What a TCP connection keeps from message to message:
 * - its searchResEntry messages: a searchResDone's "[N results]" counts
 *   every entry the connection carried so far, in earlier frames and
 *   earlier searches too, as Wireshark counts them;
 * - whether a bindRequest chose SASL authentication: only then are the
 *   connection's SASL buffers read (a connection whose bind the capture
 *   missed shows its buffers as LDAP with an empty Info).
 * As the frame's first LDAP layer comes, the count so far and, when no
 * SASL bind was seen, an "n" are kept in the packet (app_info) for its
 * columns. */
struct ldap_conv {
	unsigned results;
	bool sasl;
};

static void *ldap_conv_new(void)
{
	return g_new0(struct ldap_conv, 1);
}

/* The state of P's connection (NULL without a session or off TCP LDAP),
 * noted in the packet the first time in a frame. */
static struct ldap_conv *ldap_conv(struct packet *p, int idx)
{
	if (!p->session || p->layers[idx].proto != PROTO_LDAP || p->ip_layer < 0)
		return NULL;
	struct ldap_conv *conv = session_conv_data(p->session, p, PROTO_LDAP, ldap_conv_new, g_free);
	if (p->app_info_proto != PROTO_LDAP) {
		char n[16];
		int len = g_snprintf(n, sizeof n, "%u%s", conv->results, conv->sasl ? "" : "n");
		pkt_set_app_info(p, PROTO_LDAP, n, (size_t)len);
	}
	return conv;
}

static void ldap_count(struct packet *p, int idx, uint32_t op)
{
	struct ldap_conv *conv = ldap_conv(p, idx);
	if (!conv)
		return;
	if (op == 4)
		conv->results++;
}

/* The entries counted in earlier frames, for P's columns. */
static unsigned ldap_results_before(const struct packet *p)
{
	return p->app_info_proto == PROTO_LDAP ? (unsigned)strtoul(p->app_info, NULL, 10) : 0;
}

/* Whether P's entries were counted as it was dissected (a session followed
 * its connection). */
static bool ldap_counts_results(const struct packet *p)
{
	return p->app_info_proto == PROTO_LDAP;
}

/* Whether P's connection showed no SASL bind before the frame. */
static bool ldap_sasl_unknown(const struct packet *p)
{
	return p->app_info_proto == PROTO_LDAP && strchr(p->app_info, 'n');
}

/* A SASL credential blob in C: SPNEGO when its first element is
 * context-specific, a framed GSS-API token when application-tagged; a raw
 * NTLMSSP message belongs to neither. */
static void ldap_sasl_creds(struct packet *p, struct cursor *c)
{
	int b = cursor_peek(c, 0);
	if (b < 0 || (cursor_left(c) >= 7 && memcmp(c->data + c->off, "NTLMSSP", 7) == 0))
		return;
	int before = p->nlayers;
	if ((b >> 6) == 2)
		dissect_spnego(p, c);
	else if ((b >> 6) == 1)
		dissect_gssapi(p, c);
	ldap_nest_from(p, before);
}

/* bindRequest: version, name, authentication; SASL credentials are [3]
 * { mechanism, credentials OPTIONAL }.  bindResponse: resultCode, matchedDN,
 * diagnosticMessage, referral [3] OPTIONAL, serverSaslCreds [7] OPTIONAL. */
static void ldap_bind(struct packet *p, int idx, struct cursor *c, bool request)
{
	struct ber_hdr h;
	for (int i = 0; i < (request ? 2 : 3); i++) {
		if (!ber_read_hdr(c, &h) || h.indefinite)
			return;
		cursor_skip(c, h.len);
	}
	while (cursor_rleft(c) > 0 && ber_read_hdr(c, &h) && !h.indefinite) {
		struct cursor v = cursor_sub(c, h.len);
		if (request && h.cls == 2 && h.tag == 3) {
			struct ldap_conv *conv = ldap_conv(p, idx);
			if (conv)
				conv->sasl = true;
			uint32_t n = 0;
			struct ber_hdr o;
			if (!ldap_string(&v, &n) || cursor_rleft(&v) == 0 || !ber_read_hdr(&v, &o) || o.indefinite)
				return;
			struct cursor creds = cursor_sub(&v, o.len);
			ldap_sasl_creds(p, &creds);
			return;
		}
		if (!request && h.cls == 2 && h.tag == 7) {
			ldap_sasl_creds(p, &v);
			return;
		}
	}
}

/* One message in M (its window), the layers its values add, and its errors
 * noted on layer IDX unless PARTIAL (the message continues past this
 * segment); STREAM: read from TCP (not a datagram, not a SASL buffer). */
static void ldap_message(struct packet *p, int idx, struct cursor *m, bool partial, bool stream)
{
	struct cursor c = *m;
	struct ber_hdr seq, id, op;
	bool ok = ber_read_hdr(&c, &seq) && ber_expect(&c, 0, 2, &id) && !id.indefinite &&
		  cursor_skip(&c, id.len) && ber_read_hdr(&c, &op) && op.cls == 1;
	if (!ok) {
		if (!partial) {
			if (cursor_ok(&c))
				c.err = CUR_MALFORMED;
			pkt_note_cursor(p, idx, &c);
		}
		return;
	}
	/* counted where the message is first read: a message over segments is
	 * read in its first and again, from a copy, where it completes; a
	 * SASL buffer's messages only once it is whole */
	if (!partial && (!stream || m->data == p->frame->data))
		ldap_count(p, idx, op.tag);
	struct cursor body = op.indefinite ? cursor_rest(&c) : cursor_sub(&c, op.len);
	if (!partial && stream && op.constructed)
		ldap_starttls(p, body, op.tag);
	if (op.tag == 23 && op.constructed)
		ldap_extended(p, &body);
	else if (op.tag <= 1 && op.constructed)
		ldap_bind(p, idx, &body, op.tag == 0);
	if (cursor_rleft(&c) > 0 && cursor_ok(&c)) {
		struct ber_hdr ctl;
		if (ber_read_hdr(&c, &ctl) && ctl.cls == 2 && ctl.tag == 0 && !ctl.indefinite) {
			struct cursor list = cursor_sub(&c, ctl.len);
			ldap_controls(p, &list);
		}
	}
	if (!partial)
		pkt_note_cursor(p, idx, &c);
}

/* The messages back to back in C (all of the window).  On a STREAM a
 * message longer than the window continues in later segments; in a datagram
 * that is a contradiction. */
static void ldap_messages(struct packet *p, int idx, struct cursor *c, bool stream)
{
	while (cursor_rleft(c) > 0) {
		struct cursor t = *c;
		struct ber_hdr h;
		if (cursor_peek(c, 0) >= 0 && cursor_peek(c, 0) != 0x30) {
			pkt_mark(p, idx, PKT_MALFORMED);
			return;
		}
		if (!ber_read_hdr(&t, &h) || h.indefinite) {
			if (t.err == CUR_TRUNCATED && cursor_left(c) < cursor_rleft(c))
				pkt_mark(p, idx, PKT_TRUNCATED);
			else if (h.indefinite)
				pkt_mark(p, idx, PKT_MALFORMED);
			return;
		}
		uint32_t total = t.off - c->off + h.len;
		bool partial = stream && (total > cursor_rleft(c) || total < h.len);
		struct cursor m = partial ? cursor_rest(c) : cursor_sub(c, total);
		pkt_note_cursor(p, idx, c);
		ldap_message(p, idx, &m, partial, stream);
		if (partial && cursor_left(&m) < cursor_rleft(&m))
			pkt_mark(p, idx, PKT_TRUNCATED);
	}
}

/* A SASL buffer at C: 4-byte length, then a Kerberos GSS-API token. */
static bool ldap_is_sasl(const struct cursor *c)
{
	int b[6];
	for (int i = 0; i < 6; i++)
		if ((b[i] = cursor_peek(c, (uint32_t)i)) < 0)
			return false;
	uint32_t len = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
	return b[0] == 0 && len >= 2 && ((b[4] == 0x05 && b[5] == 0x04) || b[4] == 0x60);
}

static void ldap_sasl(struct packet *p, int idx, struct cursor *c)
{
	struct ldap_conv *conv = ldap_conv(p, idx);
	if (conv && !conv->sasl)
		return; /* no SASL bind seen: the buffer is not read */
	uint32_t len = cursor_be32(c);
	bool partial = len > cursor_rleft(c);
	if (partial)
		return; /* the token is read when the whole buffer is at hand */
	struct cursor tok = cursor_sub(c, len);
	struct cursor plain;
	int before = p->nlayers;
	dissect_gssapi_token(p, &tok, &plain);
	if (cursor_rleft(&plain) > 0)
		ldap_messages(p, idx, &plain, false);
	ldap_nest_from(p, before);
}

/* On its ports a payload starting with 0x30 is a message, one starting
 * with 0 a SASL buffer (or, when it does not look like one, a security
 * layer this reader does not know, as NTLM sealing: an LDAP layer with an
 * empty Info); any other is not LDAP (TLS after a StartTLS the capture
 * missed): Wireshark's LDAP takes it without a word, TCP's Info stays. */
void dissect_ldap(struct packet *p, struct cursor *c)
{
	int b = cursor_peek(c, 0);
	if (cursor_rleft(c) == 0)
		return;
	if (b >= 0 && b != 0x30 && b != 0) {
		p->flags |= PKT_TAKEN;
		return;
	}
	int idx = pkt_push_layer(p, PROTO_LDAP, c->off);
	if (idx < 0)
		return;
	/* The capture cut the payload short: whatever is inside is cut too. */
	if (cursor_left(c) < cursor_rleft(c))
		pkt_mark(p, idx, PKT_TRUNCATED);
	if (b == 0x30 && ldap_starts(c))
		ldap_messages(p, idx, c, true);
	else if (ldap_is_sasl(c))
		ldap_sasl(p, idx, c);
}

/* Connectionless LDAP: one datagram, one or more messages. */
void dissect_cldap(struct packet *p, struct cursor *c)
{
	if (cursor_rleft(c) == 0)
		return;
	int idx = pkt_push_layer(p, PROTO_CLDAP, c->off);
	if (idx < 0)
		return;
	if (cursor_left(c) < cursor_rleft(c))
		pkt_mark(p, idx, PKT_TRUNCATED);
	ldap_messages(p, idx, c, false);
}

uint32_t ldap_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (avail < 1)
		return PDU_NEED_MORE;
	if (data[0] != 0x30 && data[0] != 0)
		return 0;
	if (avail < 2)
		return PDU_NEED_MORE;
	if (data[0] == 0x30) {
		if (data[1] < 0x80)
			return 2u + data[1];
		unsigned n = data[1] & 0x7f;
		if (n == 0 || n > 4)
			return 0;
		if (avail < 2 + n)
			return PDU_NEED_MORE;
		uint64_t len = 0;
		for (unsigned i = 0; i < n; i++)
			len = len << 8 | data[2 + i];
		len += 2 + n;
		return len >= PDU_NEED_MORE ? 0 : (uint32_t)len;
	}
	/* A SASL buffer: 4-byte length; a first byte other than 0 would mean
	 * 16 MB or more, which is not a buffer but the middle of something. */
	if (data[0] != 0)
		return 0;
	if (avail < 4)
		return PDU_NEED_MORE;
	uint32_t len = (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
	return len == 0 ? 0 : 4u + len;
}

bool ldap_message_info(const struct packet *p, const struct layer *l, uint32_t *msgid, uint32_t *op)
{
	uint32_t caplen = p->frame->caplen;
	struct cursor c = {p->frame->data, l->off, caplen, caplen, CUR_OK};
	struct ber_hdr h;
	uint32_t id = 0;
	if (!ldap_head(&c, &id, &h) || !cursor_ok(&c))
		return false;
	*msgid = id;
	*op = h.tag;
	return true;
}

/* ---- the packet list ------------------------------------------------------
 * Each message adds "op(messageID) " and what names it: the DN as "\"dn\" "
 * (<ROOT> when empty), a search's scope, a bind's authentication choice, a
 * result's code, and after a searchResDone the number of entries the search
 * returned.  Messages of one TCP segment's PDUs are joined by " | "; those
 * of one datagram or one SASL buffer follow each other directly. */

static const char *const ldap_scopes[] = {"baseObject", "singleLevel", "wholeSubtree"};

static const struct value_string ldap_results[] = {
	{0, "success"}, {1, "operationsError"}, {2, "protocolError"}, {3, "timeLimitExceeded"},
	{4, "sizeLimitExceeded"}, {5, "compareFalse"}, {6, "compareTrue"}, {7, "authMethodNotSupported"},
	{8, "strongerAuthRequired"}, {10, "referral"}, {11, "adminLimitExceeded"},
	{12, "unavailableCriticalExtension"}, {13, "confidentialityRequired"}, {14, "saslBindInProgress"},
	{16, "noSuchAttribute"}, {17, "undefinedAttributeType"}, {18, "inappropriateMatching"},
	{19, "constraintViolation"}, {20, "attributeOrValueExists"}, {21, "invalidAttributeSyntax"},
	{32, "noSuchObject"}, {33, "aliasProblem"}, {34, "invalidDNSyntax"}, {36, "aliasDereferencingProblem"},
	{48, "inappropriateAuthentication"}, {49, "invalidCredentials"}, {50, "insufficientAccessRights"},
	{51, "busy"}, {52, "unavailable"}, {53, "unwillingToPerform"}, {54, "loopDetect"},
	{64, "namingViolation"}, {65, "objectClassViolation"}, {66, "notAllowedOnNonLeaf"},
	{67, "notAllowedOnRDN"}, {68, "entryAlreadyExists"}, {69, "objectClassModsProhibited"},
	{71, "affectsMultipleDSAs"}, {80, "other"}, {118, "canceled"}, {119, "noSuchOperation"},
	{120, "tooLate"}, {121, "cannotCancel"}, {0, NULL},
};

/* A DN element at C as Info shows it. */
static void ldap_col_dn(struct columns *col, struct cursor *c)
{
	uint32_t n = 0;
	const uint8_t *s = ldap_string(c, &n);
	if (!s)
		return;
	if (n == 0)
		col_append(col, "\"<ROOT>\" ");
	else
		col_append(col, "\"%.*s\" ", (int)n, (const char *)s);
}

/* An ENUMERATED element at C, or -1. */
static int64_t ldap_col_enum(struct cursor *c)
{
	struct ber_hdr h;
	uint32_t v = 0;
	if (!ber_read_hdr(c, &h) || h.cls != 0 || h.tag != 10 || !ber_read_uint(c, &h, &v))
		return -1;
	return v;
}

/* The names Wireshark gives the OIDs of extended operations; an OID it
 * does not name shows the name of its longest named prefix, then the rest
 * of its arcs ("iso.3.6.1.4.1.4203.1.11.3"). */
static const char *const ldap_oid_names[][2] = {
	{"1.3.6.1.4.1.1466.20037", "LDAP_START_TLS_OID"},
	{"1.3.6.1.4.1.4203.1.11.1", "passwdModifyOID"},
	{"1.3.6.1.1.8", "cancelRequestOID"},
	{"1.3.6.1.4.1.1466.101.119.1", "DYNAMIC_REFRESH"},
	{"1.2.840.113556.1.4.1781", "LDAP_SERVER_FAST_BIND_OID"},
	{"1.2.840", "ISO assigned OIDs, USA"},
	{"0", "itu-t"},
	{"1", "iso"},
	{"2", "joint-iso-itu-t"},
};

/* The OID string S[0..N) as Info names it. */
static void ldap_col_oid(struct columns *col, const uint8_t *s, uint32_t n)
{
	for (size_t i = 0; i < G_N_ELEMENTS(ldap_oid_names); i++) {
		size_t len = strlen(ldap_oid_names[i][0]);
		if (n < len || memcmp(s, ldap_oid_names[i][0], len) != 0 || (n > len && s[len] != '.'))
			continue;
		col_append(col, "%s%.*s ", ldap_oid_names[i][1], (int)(n - len), (const char *)s + len);
		return;
	}
	col_append(col, "%.*s ", (int)n, (const char *)s);
}

/* The errorMessage of an LDAPResult at C (after its matchedDN), when not
 * empty: "(text) ". */
static void ldap_col_error(struct columns *col, struct cursor *c)
{
	uint32_t n = 0;
	if (!ldap_string(c, &n))
		return; /* matchedDN */
	const uint8_t *s = ldap_string(c, &n);
	if (s && n)
		col_append(col, "(%.*s) ", (int)n, (const char *)s);
}

/* The op-specific part of one message's text: B is its body, TAG its op. */
static void ldap_col_body(struct columns *col, struct cursor *b, uint32_t tag, unsigned *entries)
{
	struct ber_hdr h;
	int64_t v;
	switch (tag) {
	case 0: /* bindRequest: version, name, authentication */
		if (ber_read_hdr(b, &h) && cursor_skip(b, h.len)) {
			ldap_col_dn(col, b);
			if (ber_read_hdr(b, &h) && h.cls == 2)
				col_append(col, "%s ", h.tag == 0 ? "simple" : h.tag == 3 ? "sasl" : "Unknown");
		}
		break;
	case 3: /* searchRequest: baseObject, scope ... */
		ldap_col_dn(col, b);
		if ((v = ldap_col_enum(b)) >= 0)
			col_append(col, "%s ", v < 3 ? ldap_scopes[v] : "Unknown");
		break;
	case 4: case 6: case 8: case 12: case 14: /* the entry's DN first */
		ldap_col_dn(col, b);
		if (tag == 4)
			(*entries)++;
		break;
	case 1: case 5: case 7: case 9: case 11: case 13: case 15: /* LDAPResult */
		if ((v = ldap_col_enum(b)) < 0)
			break;
		const char *name = value_name(ldap_results, (uint32_t)v);
		if (name)
			col_append(col, "%s ", name);
		else
			col_append(col, "Unknown result(%u) ", (unsigned)v);
		ldap_col_error(col, b);
		if (tag == 5)
			col_append(col, " [%u result%s]", *entries, *entries == 1 ? "" : "s");
		break;
	case 23: /* extendedReq: requestName [0] */
		if (ber_read_hdr(b, &h) && h.cls == 2 && h.tag == 0 && !h.constructed && h.len <= cursor_left(b))
			ldap_col_oid(col, b->data + b->off, h.len);
		break;
	case 24: /* extendedResp: an LDAPResult whose code Info leaves out, responseName [10] */
		if (ldap_col_enum(b) < 0)
			break;
		ldap_col_error(col, b);
		if (ber_read_hdr(b, &h) && h.cls == 2 && h.tag == 10 && !h.constructed && h.len <= cursor_left(b))
			ldap_col_oid(col, b->data + b->off, h.len);
		break;
	default:
		break;
	}
}

/* The messages back to back at C added to Info; ENTRIES counts the
 * search's entries so far. */
static void ldap_col_messages(struct columns *col, struct cursor *c, unsigned *entries, const char *sep)
{
	for (bool first = true; cursor_left(c) > 0; first = false) {
		struct cursor m = *c;
		struct ber_hdr seq, id, op;
		uint32_t msgid = 0;
		if (!ber_read_hdr(&m, &seq) || seq.cls != 0 || seq.tag != 16 || seq.indefinite)
			return;
		struct cursor next = *c;
		uint64_t total = (uint64_t)(m.off - c->off) + seq.len;
		if (!first && total > cursor_left(&next))
			return; /* a PDU that ends in a later segment is shown there */
		if (!ber_read_hdr(&m, &id) || id.cls != 0 || id.tag != 2 || !ber_read_uint(&m, &id, &msgid) ||
		    !ber_read_hdr(&m, &op) || op.cls != 1)
			return;
		const char *name = value_name(ldap_ops, op.tag);
		if (!first)
			col_append(col, "%s", sep);
		if (name)
			col_append(col, "%s(%u) ", name, msgid);
		else
			col_append(col, "Unknown (%u)(%u) ", op.tag, msgid);
		if (!op.constructed) { /* delRequest's DN is the op's own content */
			if (op.tag == 10 && op.len <= cursor_left(&m))
				col_append(col, op.len ? "\"%.*s\" " : "\"<ROOT>\" ", (int)op.len,
					   (const char *)m.data + m.off);
		} else {
			struct cursor body = op.indefinite ? m : cursor_sub(&m, op.len);
			ldap_col_body(col, &body, op.tag, entries);
		}
		if (total > cursor_left(&next))
			return;
		cursor_skip(c, (uint32_t)total);
	}
}

/* The SASL buffer at C (length, then a GSS-API per-message token):
 * a sealed token's payload size, or the signed messages it carries. */
static void ldap_col_sasl(struct columns *col, struct cursor *c, unsigned *entries)
{
	uint32_t len = cursor_be32(c);
	struct cursor t = *c;
	if (cursor_u8(&t) != 0x05 || cursor_u8(&t) != 0x04)
		return;
	uint8_t flags = cursor_u8(&t);
	cursor_skip(&t, 1);
	uint16_t ec = cursor_be16(&t), rrc = cursor_be16(&t);
	if (!cursor_ok(&t))
		return;
	if (flags & 0x02) {
		/* sealed: a 16-byte header, then 44 + EC bytes Wireshark counts as
		 * the checksum, then the payload */
		int64_t n = (int64_t)len - 60 - ec;
		if (n < 0)
			n = 0;
		col_set(col, "SASL GSS-API Privacy: payload (%" G_GINT64_FORMAT " byte%s)", n, n == 1 ? "" : "s");
		return;
	}
	col_set(col, "SASL GSS-API Integrity: ");
	struct cursor plain = *c;
	if (!cursor_skip(&plain, 16u + rrc))
		return;
	ldap_col_messages(col, &plain, entries, "");
}

/* How many searchResEntry messages the LDAP layers below IDX carry that no
 * searchResDone has closed yet. */
static unsigned ldap_col_entries_before(const struct packet *p, int idx);

/* How many bytes the PDU at the start of layer IDX spans (its SEQUENCE or
 * its SASL buffer), or 0 when unknown. */
static uint64_t ldap_col_extent(const struct packet *p, int idx)
{
	uint32_t n = 0;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	struct cursor c = cursor_init(b, n, n);
	struct ber_hdr h;
	if (n > 0 && b[0] == 0x30)
		return ber_read_hdr(&c, &h) && !h.indefinite ? (uint64_t)c.off + h.len : 0;
	return ldap_is_sasl(&c) ? 4u + (uint64_t)cursor_be32(&c) : 0;
}

/* Whether layer IDX is a structure inside another LDAP layer's message (a
 * control's value, the messages of a SASL buffer) rather than a PDU. */
static bool ldap_col_inner(const struct packet *p, int idx)
{
	const struct layer *l = &p->layers[idx];
	for (int i = idx - 1; i >= 0; i--) {
		const struct layer *u = &p->layers[i];
		if (u->proto == PROTO_GSS_API || u->proto == PROTO_SPNEGO || u->proto == PROTO_SPNEGO_KRB5)
			return true;
		if (u->proto == l->proto)
			return (u->flags & PKT_REASSEMBLED) == (l->flags & PKT_REASSEMBLED) && l->off > u->off &&
			       l->off < u->off + ldap_col_extent(p, i);
		if (u->proto != PROTO_DATA)
			return false;
	}
	return false;
}

/* The text of LDAP layer IDX's messages added to Info: up to the next PDU
 * layer of the frame. */
static void ldap_col_layer(struct columns *col, const struct packet *p, int idx, unsigned *entries)
{
	const struct layer *l = &p->layers[idx];
	uint32_t n = 0;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	if (!(l->flags & PKT_REASSEMBLED) && l->len < n)
		n = l->len;
	for (int i = idx + 1; i < p->nlayers; i++)
		if (p->layers[i].proto == l->proto && !ldap_col_inner(p, i) &&
		    (p->layers[i].flags & PKT_REASSEMBLED) == (l->flags & PKT_REASSEMBLED) && p->layers[i].off > l->off) {
			if (p->layers[i].off - l->off < n)
				n = p->layers[i].off - l->off;
			break;
		}
	struct cursor c = cursor_init(b, n, n);
	/* the entries of messages begun in an earlier segment were counted there */
	unsigned counted_before = *entries;
	if (n > 0 && b[0] == 0x30) {
		ldap_col_messages(col, &c, entries, l->proto == PROTO_LDAP ? " | " : "");
		if ((l->flags & PKT_REASSEMBLED) && ldap_counts_results(p))
			*entries = counted_before;
	} else if (ldap_is_sasl(&c) && !ldap_sasl_unknown(p))
		ldap_col_sasl(col, &c, entries);
}

static unsigned ldap_col_entries_before(const struct packet *p, int idx)
{
	unsigned entries = 0;
	struct columns scratch = {.info = g_string_new(NULL)};
	for (int i = 0; i < idx; i++)
		if (p->layers[i].proto == p->layers[idx].proto && !ldap_col_inner(p, i))
			ldap_col_layer(&scratch, p, i, &entries);
	g_string_free(scratch.info, TRUE);
	return entries;
}

static void ldap_columns(struct columns *c, const struct packet *p, int idx)
{
	if (ldap_col_inner(p, idx))
		return;
	unsigned entries = ldap_results_before(p) + ldap_col_entries_before(p, idx);
	bool cldap = p->layers[idx].proto == PROTO_CLDAP;
	col_proto(c, cldap ? "CLDAP" : "LDAP");
	if (col_follows_same(p, idx))
		col_append_sep(c, " | ", "%s", "");
	else
		col_clear(c);
	ldap_col_layer(c, p, idx, &entries);
}

static void ldap_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			      const struct field_def *f, fvalue_fn fn, void *data)
{
	if (l->proto == PROTO_LDAP && d && n >= 4 && d[0] != 0x30) {
		/* a SASL buffer: its 4-byte length, then a GSS-API token */
		if (fv_same(f->abbrev, "ldap.sasl_buffer_length"))
			fv_give_uint(fn, data, fv_get32(d, true));
		return;
	}
	if (l->flags & PKT_REASSEMBLED)
		return;
	uint32_t id, op;
	if (!ldap_message_info(p, l, &id, &op))
		return;
	const struct fv_named_uint v[] = {{"ldap.messageID", id, true}, {"ldap.protocolOp", op, true},
					  {"cldap.messageID", id, true}, {"cldap.protocolOp", op, true}};
	fv_give_named(fn, data, f->abbrev, v, sizeof v / sizeof v[0]);
}

static const struct handoff ldap_handoff[] = {
	TCP_PORT(389, dissect_ldap),
	TCP_PORT(3268, dissect_ldap), /* global catalog */
	HANDOFF_LIST_END,
};
static const struct pdu_framing ldap_framing[] = {
	{dissect_ldap, ldap_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(LDAP, "ldap", "Lightweight Directory Access Protocol");
const struct protocol proto_ldap = {PROTO_LDAP, .short_name = "LDAP", .columns = ldap_columns, .values = ldap_field_values,
				    .fields = &ldap_table, .handoff = ldap_handoff, .framing = ldap_framing};
static const struct handoff cldap_handoff[] = {
	UDP_PORT(389, dissect_cldap),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(CLDAP, "cldap", "Connectionless Lightweight Directory Access Protocol");
const struct protocol proto_cldap = {PROTO_CLDAP, .short_name = "CLDAP", .columns = ldap_columns, .values = ldap_field_values,
				     .fields = &cldap_table, .handoff = cldap_handoff};
