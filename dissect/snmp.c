/* snmp.c — Simple Network Management Protocol (RFC 1157, RFC 3416, RFC 3412),
 * UDP 161 (agent) and 162 (traps), in ASN.1 BER:
 *
 *   SEQUENCE {                          30 len
 *     version   INTEGER (0 v1, 1 v2c, 3 v3)   02 01 vv
 *     community OCTET STRING            04 len ...    (v3: header data, security, scoped PDU)
 *     data      PDU                     a0..a8 len ...
 *   }
 *
 * The payload is SNMP when it opens with a SEQUENCE whose length fits in the
 * datagram and whose first element is an INTEGER.  The elements of the
 * sequence, and those of every constructed element in it (each within its
 * parent), are walked to find where the capture or the lengths cut it.
 */
#include <stdio.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string snmp_version_vals[] = {
	{0, "version-1"}, {1, "v2c"}, {2, "v2u"}, {3, "snmpv3"}, {0, NULL},
};

static const struct field_def snmp_fields[] = {
	{"snmp.version", "version", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, snmp_version_vals},
	{"snmp.community", "community", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"snmp.data", "data", FT_UINT32, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"snmp.request_id", "request-id", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"snmp.error_status", "error-status", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"snmp.error_index", "error-index", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"snmp.name", "Object Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(snmp);

/* Reads a BER identifier at C: the tag byte (high tag numbers skipped over). */
static uint8_t ber_tag(struct cursor *c)
{
	uint8_t tag = cursor_u8(c);
	if ((tag & 0x1f) == 0x1f)
		while (cursor_ok(c) && (cursor_u8(c) & 0x80))
			;
	return tag;
}

/* Reads a BER length at C (indefinite = the rest of C); 0 with C failed when
 * it is not all there or cannot be right (more than four length bytes). */
static uint32_t ber_len(struct cursor *c)
{
	uint8_t l = cursor_u8(c);
	if (l < 0x80)
		return l;
	if (l == 0x80)
		return cursor_rleft(c);
	unsigned n = l & 0x7f;
	if (n > 4) {
		cursor_fail(c, cursor_rleft(c) + 1);
		return 0;
	}
	uint32_t len = 0;
	for (unsigned i = 0; i < n; i++)
		len = len << 8 | cursor_u8(c);
	return len;
}

/* Walks the BER elements in C, and those inside every constructed one, each
 * within its parent's length as Wireshark reads them: an element running
 * past its parent's end (or the datagram's) fails C as malformed, one past
 * the captured bytes as truncated.  Nesting deeper than 32 is skipped whole. */
static void snmp_walk(struct cursor *c, unsigned depth)
{
	while (cursor_ok(c) && cursor_rleft(c) > 0) {
		uint8_t tag = ber_tag(c);
		uint32_t n = ber_len(c);
		if (!cursor_ok(c))
			return;
		if (!(tag & 0x20) || depth >= 32) {
			app_skip(c, n);
			continue;
		}
		struct cursor inner = cursor_sub(c, n);
		if (!cursor_ok(c))
			return;
		snmp_walk(&inner, depth + 1);
		if (!cursor_ok(&inner)) {
			c->err = inner.err;
			return;
		}
	}
}

/* The payload is SNMP when it opens with a SEQUENCE that fits in it, followed
 * by an INTEGER; what the capture cut before that could tell is SNMP too. */
void dissect_snmp(struct packet *p, struct cursor *c)
{
	struct cursor t = *c;
	if (ber_tag(&t) != 0x30 || !cursor_ok(&t))
		return;
	uint32_t len = ber_len(&t);
	if (cursor_ok(&t) && len > cursor_rleft(&t))
		return;
	int first = cursor_peek(&t, 0);
	if (first >= 0 && first != 0x02)
		return;
	int idx = pkt_push_layer(p, PROTO_SNMP, c->off);
	if (idx < 0)
		return;
	struct cursor seq = cursor_sub(&t, len);
	if (first < 0)
		cursor_need(&seq, 1);
	snmp_walk(&seq, 0);
	app_note(p, idx, &seq);
}

/* A BER length at B[*I] (short or long form up to 4 bytes); false when cut. */
static bool snmp_ber_len(const uint8_t *b, uint32_t n, uint32_t *i, uint32_t *len)
{
	if (*i >= n)
		return false;
	uint8_t first = b[(*i)++];
	if (!(first & 0x80)) {
		*len = first;
		return true;
	}
	unsigned k = first & 0x7f;
	if (k == 0 || k > 4 || *i + k > n)
		return false;
	*len = 0;
	for (unsigned j = 0; j < k; j++)
		*len = *len << 8 | b[(*i)++];
	return true;
}

/* SNMP: SEQUENCE { INTEGER version, OCTET STRING community, PDU ... }. */
static unsigned snmp_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	uint32_t i = 0, len;
	if (n < 2 || b[i++] != 0x30 || !snmp_ber_len(b, n, &i, &len))
		return 0;
	if (i >= n || b[i++] != 0x02 || !snmp_ber_len(b, n, &i, &len) || len == 0 || len > 4 || i + len > n)
		return 0;
	int64_t version = (int8_t)b[i];
	for (uint32_t k = 1; k < len; k++)
		version = version * 256 + b[i + k];
	i += len;
	if (fv_same(a, "snmp.version")) {
		struct fvalue v = {.kind = FV_INT, .i = version};
		fn(&v, data);
		return 1;
	}
	if (i >= n || b[i++] != 0x04 || !snmp_ber_len(b, n, &i, &len) || i + len > n)
		return 0;
	if (fv_same(a, "snmp.community"))
		return fv_give_ptr(fn, data, FV_STRING, b + i, len);
	i += len;
	/* the PDU: [n] IMPLICIT SEQUENCE, n its choice (get-request 0 ...) */
	if (i >= n || (b[i] & 0xe0) != 0xa0)
		return 0;
	uint8_t choice = b[i++] & 0x1f;
	if (!snmp_ber_len(b, n, &i, &len))
		return 0;
	if (fv_same(a, "snmp.data"))
		return fv_give_uint(fn, data, choice);
	if (choice == 4) /* an SNMPv1 trap has another shape */
		return 0;
	/* request-id, error-status, error-index (non-repeaters and
	 * max-repetitions in a GetBulk) */
	static const char *const ints[] = {"snmp.request_id", "snmp.error_status", "snmp.error_index"};
	for (unsigned k = 0; k < 3; k++) {
		if (i >= n || b[i++] != 0x02 || !snmp_ber_len(b, n, &i, &len) || len == 0 || len > 8 || i + len > n)
			return 0;
		if (fv_same(a, ints[k]) && (choice != 5 || k == 0)) {
			int64_t v = (int8_t)b[i];
			for (uint32_t j = 1; j < len; j++)
				v = (int64_t)((uint64_t)v << 8 | b[i + j]);
			struct fvalue fv = {.kind = FV_INT, .i = v};
			fn(&fv, data);
			return 1;
		}
		i += len;
	}
	if (!fv_same(a, "snmp.name"))
		return 0;
	/* the variable bindings: SEQUENCE OF SEQUENCE { OID name, value } */
	uint32_t end;
	if (i >= n || b[i++] != 0x30 || !snmp_ber_len(b, n, &i, &len))
		return 0;
	end = i + len > n ? n : i + len;
	unsigned given = 0;
	while (i < end) {
		uint32_t blen, olen;
		if (b[i++] != 0x30 || !snmp_ber_len(b, end, &i, &blen))
			break;
		uint32_t next = i + blen;
		if (i >= end || b[i++] != 0x06 || !snmp_ber_len(b, end, &i, &olen) || olen == 0 || i + olen > end)
			break;
		static __thread char oid[512];
		int w = 0;
		uint64_t arc = 0;
		bool first = true;
		for (uint32_t j = i; j < i + olen && w < (int)sizeof oid - 48; j++) {
			arc = arc << 7 | (b[j] & 0x7f);
			if (b[j] & 0x80)
				continue;
			if (first) {
				unsigned top = arc < 80 ? (unsigned)(arc / 40) : 2;
				w += snprintf(oid + w, sizeof oid - (size_t)w, "%u.%llu", top,
					      (unsigned long long)(arc - top * 40));
				first = false;
			} else {
				w += snprintf(oid + w, sizeof oid - (size_t)w, ".%llu", (unsigned long long)arc);
			}
			arc = 0;
		}
		given += fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)oid, (uint32_t)w);
		i = next;
	}
	return given;
}

static void snmp_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		snmp_values(d, n, f->abbrev, fn, data);
}

/* Wireshark writes SNMP's Info once the whole PDU is read: a message a
 * length makes malformed shows none (the note "[Malformed Packet]"
 * alone); a whole one shows the long name, as it did. */
static void snmp_columns(struct columns *c, const struct packet *p, int idx)
{
	if (p->layers[idx].flags & PKT_MALFORMED) {
		uint32_t n;
		col_begin(c, p, idx, &n);
		return;
	}
	col_default(c, p, idx);
}

static const struct handoff snmp_handoff[] = {
	UDP_PORTS(161, 162, dissect_snmp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(SNMP, "snmp", "Simple Network Management Protocol");
const struct protocol proto_snmp = {PROTO_SNMP, .short_name = "SNMP", .columns = snmp_columns, .values = snmp_field_values, .fields = &snmp_table,
                                    .handoff = snmp_handoff};
