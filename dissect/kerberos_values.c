/* kerberos_values.c — Kerberos field values (RFC 4120), kerberos.c's
 * second file: read by walking the message's BER in byte order, which is
 * the order Wireshark's tree shows them in.  A field may occur several
 * times: a TGS-REQ carries an AP-REQ in its pre-authentication data (a
 * second pvno and msg-type), tickets carry a realm and a service name of
 * their own.
 *
 * The schema below says, for each constructed type, which context tag
 * holds which field or which nested type; everything else is skipped by
 * its length.  Every read goes through a bounded cursor: a message cut
 * short gives the values before the cut, bytes that are not BER stop the
 * walk, and nothing is read outside the message.
 *
 *   KDC-REQ   [APPLICATION 10|12] { pvno[1] msg-type[2] padata[3] req-body[4] }
 *   KDC-REP   [APPLICATION 11|13] { pvno[0] msg-type[1] padata[2] crealm[3] cname[4] ticket[5] enc-part[6] }
 *   AP-REQ    [APPLICATION 14]    { pvno[0] msg-type[1] ap-options[2] ticket[3] authenticator[4] }
 *   AP-REP, KRB-SAFE, KRB-PRIV    { pvno[0] msg-type[1] ... }
 *   KRB-CRED  [APPLICATION 22]    { pvno[0] msg-type[1] tickets[2] enc-part[3] }
 *   KRB-ERROR [APPLICATION 30]    { pvno[0] msg-type[1] ctime[2] cusec[3] stime[4] susec[5]
 *                                   error-code[6] crealm[7] cname[8] realm[9] sname[10] ... }
 *   KDC-REQ-BODY { kdc-options[0] cname[1] realm[2] sname[3] ... additional-tickets[11] }
 *   Ticket    [APPLICATION 1]     { tkt-vno[0] realm[1] sname[2] enc-part[3] }
 *             (alone too: what krb524 hands over)
 *   PrincipalName                 { name-type[0] name-string[1] SEQUENCE OF GeneralString }
 *   PA-DATA                       { padata-type[1] padata-value[2] OCTET STRING }
 *     (padata-type 1, PA-TGS-REQ: the value is an AP-REQ)
 *
 * Over TCP a message follows a 4-byte record mark: a reserved top bit and a
 * 31-bit length. */
#include "dissect/dissect.h"
#include "dissect/fieldval_give.h"

#define KRB_MAX_DEPTH 8 /* messages inside messages: a TGS-REQ's AP-REQ is 1 */
#define PA_TGS_REQ 1

/* What an element holds. */
enum krb_type {
	KT_PVNO, KT_MSG_TYPE, KT_ERROR_CODE, KT_TKT_VNO, /* INTEGER fields */
	KT_REALM, KT_CREALM,                 /* GeneralString fields */
	KT_CNAME, KT_SNAME,                  /* PrincipalName: each name string */
	KT_PADATA,                           /* SEQUENCE OF PA-DATA */
	KT_REQ_BODY,                         /* KDC-REQ-BODY */
	KT_TICKET,                           /* Ticket */
	KT_TICKETS,                          /* SEQUENCE OF Ticket */
	KT_NONE,
};

/* The field names, by the type that gives them. */
static const struct {
	const char *name;
	uint8_t type;
} krb_field_names[] = {
	{"kerberos.pvno", KT_PVNO}, {"kerberos.msg_type", KT_MSG_TYPE},
	{"kerberos.error_code", KT_ERROR_CODE}, {"kerberos.realm", KT_REALM},
	{"kerberos.crealm", KT_CREALM}, {"kerberos.CNameString", KT_CNAME},
	{"kerberos.SNameString", KT_SNAME}, {"kerberos.tkt_vno", KT_TKT_VNO},
};

struct krb_slot {
	uint8_t tag;  /* context tag */
	uint8_t type; /* enum krb_type */
};

#define SLOTS(a) a, sizeof a / sizeof a[0]

static const struct krb_slot kdc_req[] = {{1, KT_PVNO}, {2, KT_MSG_TYPE}, {3, KT_PADATA}, {4, KT_REQ_BODY}};
static const struct krb_slot kdc_rep[] = {{0, KT_PVNO}, {1, KT_MSG_TYPE}, {2, KT_PADATA},
					  {3, KT_CREALM}, {4, KT_CNAME}, {5, KT_TICKET}};
static const struct krb_slot ap_req[] = {{0, KT_PVNO}, {1, KT_MSG_TYPE}, {3, KT_TICKET}};
static const struct krb_slot plain_msg[] = {{0, KT_PVNO}, {1, KT_MSG_TYPE}};
static const struct krb_slot krb_cred[] = {{0, KT_PVNO}, {1, KT_MSG_TYPE}, {2, KT_TICKETS}};
static const struct krb_slot krb_error[] = {{0, KT_PVNO}, {1, KT_MSG_TYPE}, {6, KT_ERROR_CODE},
					    {7, KT_CREALM}, {8, KT_CNAME}, {9, KT_REALM}, {10, KT_SNAME}};
static const struct krb_slot req_body[] = {{1, KT_CNAME}, {2, KT_REALM}, {3, KT_SNAME}, {11, KT_TICKETS}};
static const struct krb_slot ticket[] = {{0, KT_TKT_VNO}, {1, KT_REALM}, {2, KT_SNAME}};

struct krb_walk {
	uint8_t want; /* enum krb_type of the field asked for */
	fvalue_fn fn;
	void *data;
	unsigned given;
	int depth;
};

static void walk_message(struct krb_walk *k, struct cursor *c);

/* Reads the next element's header in C and, unless it is indefinite (not
 * used by Kerberos), its content as *BODY.  False at the end or on a fault.
 * A constructed element may run past the bytes there are (a message cut
 * short: what is there is read); a value must be whole. */
static bool next_element(struct cursor *c, struct ber_hdr *h, struct cursor *body)
{
	if (cursor_rleft(c) == 0 || !cursor_ok(c) || !ber_read_hdr(c, h) || h->indefinite)
		return false;
	if (!h->constructed && h->len > cursor_left(c))
		return false;
	*body = cursor_sub(c, h->len);
	return true;
}

/* The content of a universal element of TAG that fills C. */
static bool inner(struct cursor *c, uint32_t tag, struct cursor *body)
{
	struct ber_hdr h;
	return next_element(c, &h, body) && h.cls == 0 && h.tag == tag;
}

/* An INTEGER of up to 32 bits, signed. */
static bool read_int(struct cursor *c, int64_t *v)
{
	struct cursor b;
	if (!inner(c, 2, &b) || cursor_rleft(&b) == 0 || cursor_rleft(&b) > 5)
		return false;
	uint32_t n = cursor_rleft(&b);
	const uint8_t *d = cursor_take(&b, n);
	if (!d)
		return false;
	int64_t x = (d[0] & 0x80) ? -1 : 0;
	for (uint32_t i = 0; i < n; i++)
		x = (int64_t)((uint64_t)x << 8 | d[i]);
	*v = x;
	return true;
}

static void give_int(struct krb_walk *k, int64_t v)
{
	struct fvalue f = {.kind = v < 0 ? FV_INT : FV_UINT, .u = (uint64_t)v, .i = v};
	k->fn(&f, k->data);
	k->given++;
}

/* A GeneralString filling C. */
static void give_string(struct krb_walk *k, struct cursor *c)
{
	struct cursor b;
	if (!inner(c, 27, &b))
		return;
	uint32_t n = cursor_rleft(&b);
	const uint8_t *d = cursor_take(&b, n);
	if (d)
		k->given += fv_give_ptr(k->fn, k->data, FV_STRING, d, n);
}

/* PrincipalName: each of its name strings. */
static void principal(struct krb_walk *k, struct cursor *c)
{
	struct cursor seq, body, strings, s;
	struct ber_hdr h;
	if (!inner(c, 16, &seq))
		return;
	while (next_element(&seq, &h, &body)) {
		if (h.cls != 2 || h.tag != 1 || !inner(&body, 16, &strings))
			continue;
		while (next_element(&strings, &h, &s))
			if (h.cls == 0 && h.tag == 27) {
				uint32_t n = cursor_rleft(&s);
				const uint8_t *d = cursor_take(&s, n);
				if (d)
					k->given += fv_give_ptr(k->fn, k->data, FV_STRING, d, n);
			}
	}
}

static void walk_seq(struct krb_walk *k, struct cursor *c, const struct krb_slot *slots, size_t n);

/* Ticket: [APPLICATION 1] SEQUENCE. */
static void walk_ticket(struct krb_walk *k, struct cursor *c)
{
	struct ber_hdr h;
	struct cursor app, seq;
	if (!next_element(c, &h, &app) || h.cls != 1 || h.tag != 1 || !inner(&app, 16, &seq))
		return;
	walk_seq(k, &seq, SLOTS(ticket));
}

/* One PA-DATA (the SEQUENCE's content C): a PA-TGS-REQ's value is an AP-REQ. */
static void walk_padata(struct krb_walk *k, struct cursor *c)
{
	struct cursor body, value;
	struct ber_hdr h;
	int64_t type = -1;
	while (next_element(c, &h, &body)) {
		if (h.cls != 2)
			continue;
		if (h.tag == 1 && !read_int(&body, &type))
			type = -1;
		else if (h.tag == 2 && type == PA_TGS_REQ && inner(&body, 4, &value))
			walk_message(k, &value);
	}
}

/* What the element of TYPE whose content is C holds. */
static void walk_slot(struct krb_walk *k, struct cursor *c, uint8_t type)
{
	struct cursor seq, item;
	struct ber_hdr h;
	int64_t v;
	switch (type) {
	case KT_PVNO: case KT_MSG_TYPE: case KT_ERROR_CODE: case KT_TKT_VNO:
		if (k->want == type && read_int(c, &v))
			give_int(k, v);
		return;
	case KT_REALM: case KT_CREALM:
		if (k->want == type)
			give_string(k, c);
		return;
	case KT_CNAME: case KT_SNAME:
		if (k->want == type)
			principal(k, c);
		return;
	case KT_PADATA:
		if (inner(c, 16, &seq))
			while (next_element(&seq, &h, &item))
				if (h.cls == 0 && h.tag == 16)
					walk_padata(k, &item);
		return;
	case KT_REQ_BODY:
		if (inner(c, 16, &seq))
			walk_seq(k, &seq, SLOTS(req_body));
		return;
	case KT_TICKET:
		walk_ticket(k, c);
		return;
	case KT_TICKETS:
		if (inner(c, 16, &seq))
			while (cursor_rleft(&seq) > 0 && cursor_ok(&seq)) {
				uint32_t before = seq.off;
				walk_ticket(k, &seq);
				if (seq.off == before)
					break;
			}
		return;
	default:
		return;
	}
}

/* The elements of a SEQUENCE (content C) whose context tags SLOTS name. */
static void walk_seq(struct krb_walk *k, struct cursor *c, const struct krb_slot *slots, size_t n)
{
	struct ber_hdr h;
	struct cursor body;
	while (next_element(c, &h, &body)) {
		if (h.cls != 2 || !h.constructed)
			continue;
		for (size_t i = 0; i < n; i++)
			if (slots[i].tag == h.tag) {
				walk_slot(k, &body, slots[i].type);
				break;
			}
	}
}

/* A Kerberos message: [APPLICATION n] SEQUENCE, by its type. */
static void walk_message(struct krb_walk *k, struct cursor *c)
{
	struct ber_hdr h;
	struct cursor app, seq;
	if (k->depth >= KRB_MAX_DEPTH || !next_element(c, &h, &app) || h.cls != 1 || !h.constructed ||
	    !inner(&app, 16, &seq))
		return;
	k->depth++;
	switch (h.tag) {
	case 1: walk_seq(k, &seq, SLOTS(ticket)); break; /* a bare Ticket (krb524) */
	case 10: case 12: walk_seq(k, &seq, SLOTS(kdc_req)); break;
	case 11: case 13: walk_seq(k, &seq, SLOTS(kdc_rep)); break;
	case 14: walk_seq(k, &seq, SLOTS(ap_req)); break;
	case 15: case 20: case 21: walk_seq(k, &seq, SLOTS(plain_msg)); break;
	case 22: walk_seq(k, &seq, SLOTS(krb_cred)); break;
	case 30: walk_seq(k, &seq, SLOTS(krb_error)); break;
	default: break;
	}
	k->depth--;
}

unsigned kerberos_field_values(const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn, void *data)
{
	if (!b || n == 0)
		return 0;
	struct cursor c = {b, 0, n, n, CUR_OK};
	if ((b[0] & 0xe0) != 0x60) {
		/* over TCP: the record mark, then a message of that length */
		uint32_t mark = cursor_be32(&c);
		if (!cursor_ok(&c))
			return 0;
		if (fv_same(abbrev, "kerberos.rm.reserved"))
			return fv_give_uint(fn, data, mark >> 31);
		if (fv_same(abbrev, "kerberos.rm.length"))
			return fv_give_uint(fn, data, mark & 0x7fffffffu);
		if ((mark & 0x7fffffffu) < cursor_rleft(&c))
			cursor_limit(&c, mark & 0x7fffffffu);
	}
	struct krb_walk k = {KT_NONE, fn, data, 0, 0};
	for (size_t i = 0; i < sizeof krb_field_names / sizeof krb_field_names[0]; i++)
		if (fv_same(abbrev, krb_field_names[i].name))
			k.want = krb_field_names[i].type;
	if (k.want == KT_NONE)
		return 0;
	walk_message(&k, &c);
	return k.given;
}

unsigned kerberos_token_values(const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn, void *data)
{
	struct cursor c = {b, 0, n, n, CUR_OK};
	if (!b || n < 2)
		return 0;
	if (b[0] == 0x60) {
		/* InitialContextToken: [APPLICATION 0] { OID, token } */
		struct ber_hdr h;
		struct cursor oid;
		if (!ber_read_hdr(&c, &h) || !inner(&c, 6, &oid))
			return 0;
	}
	uint16_t id = cursor_be16(&c);
	/* token ids: 01 00 AP-REQ, 02 00 AP-REP, 03 00 KRB-ERROR */
	if (!cursor_ok(&c) || (id != 0x0100 && id != 0x0200 && id != 0x0300) || cursor_left(&c) == 0 ||
	    (c.data[c.off] & 0xe0) != 0x60)
		return 0;
	return kerberos_field_values(b + c.off, n - c.off, abbrev, fn, data);
}
