/* nbns.c — NetBIOS Name Service (RFC 1001, RFC 1002 section 4.2), UDP 137.
 *
 *   0               2               4               6               8
 *   +---------------+---------------+---------------+---------------+
 *   | Transaction ID|     Flags     |   QDCOUNT     |   ANCOUNT     |
 *   +---------------+---------------+---------------+---------------+
 *   |   NSCOUNT     |   ARCOUNT     |  questions and records ...     |
 *   +---------------+---------------+--------------------------------+
 *
 *   Flags: R(1) Opcode(4) AA(1) TC(1) RD(1) RA(1) 0(2) B(1) RCODE(4)
 *
 * The layout is DNS's: names are DNS label sequences (the NetBIOS name is
 * one 32-byte label, each nibble of the 16-byte name as a letter 'A'..'P'),
 * questions are NAME TYPE CLASS, records add TTL, RDLENGTH and RDATA.
 * Every payload on port 137 is taken as NBNS (the datagram service is 138).
 */
#include "dissect/dissect.h"
#include "dissect/field.h"

static const struct value_string nbns_opcode_vals[] = {
	{0, "Name query"}, {5, "Registration"}, {6, "Release"}, {7, "Wait for acknowledgment"},
	{8, "Refresh"}, {9, "Refresh (alternate opcode)"}, {15, "Multi-homed registration"}, {0, NULL},
};

static const struct value_string nbns_type_vals[] = {
	{0x0020, "NB"}, {0x0021, "NBSTAT"}, {0x0001, "A"}, {0x0002, "NS"}, {0x000a, "NULL"}, {0, NULL},
};

static const struct field_def nbns_fields[] = {
	{"nbns.id", "Transaction ID", FT_UINT16, BASE_HEX, 0, 2, 0, NULL},
	{"nbns.flags", "Flags", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"nbns.flags.response", "Response", FT_BOOLEAN, BASE_NONE, 2, 2, 0x8000, NULL},
	{"nbns.flags.opcode", "Opcode", FT_UINT16, BASE_DEC, 2, 2, 0x7800, nbns_opcode_vals},
	{"nbns.flags.authoritative", "Authoritative", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 2, 0x0400, NULL},
	{"nbns.flags.truncated", "Truncated", FT_BOOLEAN, BASE_NONE, 2, 2, 0x0200, NULL},
	{"nbns.flags.recdesired", "Recursion desired", FT_BOOLEAN, BASE_NONE, 2, 2, 0x0100, NULL},
	{"nbns.flags.recavail", "Recursion available", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 2, 0x0080, NULL},
	{"nbns.flags.broadcast", "Broadcast", FT_BOOLEAN, BASE_NONE, 2, 2, 0x0010, NULL},
	{"nbns.flags.rcode", "Reply code", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0x000f, NULL},
	{"nbns.count.queries", "Questions", FT_UINT16, BASE_DEC, 4, 2, 0, NULL},
	{"nbns.count.answers", "Answer RRs", FT_UINT16, BASE_DEC, 6, 2, 0, NULL},
	{"nbns.count.auth_rr", "Authority RRs", FT_UINT16, BASE_DEC, 8, 2, 0, NULL},
	{"nbns.count.add_rr", "Additional RRs", FT_UINT16, BASE_DEC, 10, 2, 0, NULL},
	{"nbns.name", "Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"nbns.type", "Type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, nbns_type_vals},
	{"nbns.class", "Class", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"nbns.ttl", "Time to live", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"nbns.data_length", "Data length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"nbns.addr", "Addr", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(nbns);

/* Walks COUNT questions (QUESTION) or records; false on failure. */
static bool nbns_records(struct cursor *c, uint32_t start, uint16_t count, bool question)
{
	for (uint32_t i = 0; i < count; i++) {
		if (!dns_skip_name(c, start))
			return false;
		app_skip(c, 4); /* type, class */
		if (!question) {
			app_skip(c, 4); /* TTL */
			app_skip(c, cursor_be16(c));
		}
		if (!cursor_ok(c))
			return false;
	}
	return true;
}

void dissect_nbns(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_NBNS, c->off);
	if (idx < 0)
		return;
	uint32_t start = c->off;
	app_skip(c, 4); /* ID, flags */
	uint16_t qd = cursor_be16(c), an = cursor_be16(c);
	uint16_t ns = cursor_be16(c), ar = cursor_be16(c);
	if (cursor_ok(c) && nbns_records(c, start, qd, true) && nbns_records(c, start, an, false) &&
	    nbns_records(c, start, ns, false))
		nbns_records(c, start, ar, false);
	app_note(p, idx, c);
}
