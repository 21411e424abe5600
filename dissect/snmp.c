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
 * sequence are walked to find where the capture or the lengths cut it.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"

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
	/* Walk the elements of the sequence to find where it is cut. */
	while (cursor_ok(&seq) && cursor_rleft(&seq) > 0) {
		ber_tag(&seq);
		uint32_t n = ber_len(&seq);
		app_skip(&seq, n);
	}
	app_note(p, idx, &seq);
}
