/* dns.c — Domain Name System (RFC 1034, RFC 1035), and the two protocols that
 * share its message format: Multicast DNS (RFC 6762, UDP 5353) and Link-Local
 * Multicast Name Resolution (RFC 4795, UDP 5355).  Over TCP every message is
 * preceded by a 2-byte length (RFC 1035 section 4.2.2).
 *
 *   0               2               4               6               8
 *   +---------------+---------------+---------------+---------------+
 *   |      ID       |     Flags     |   QDCOUNT     |   ANCOUNT     |
 *   +---------------+---------------+---------------+---------------+
 *   |   NSCOUNT     |   ARCOUNT     |  questions, answers, authority |
 *   +---------------+---------------+  and additional records ...    |
 *
 *   Flags: QR(1) Opcode(4) AA(1) TC(1) RD(1) RA(1) Z(1) AD(1) CD(1) RCODE(4)
 *
 * A question is NAME TYPE(2) CLASS(2); a resource record is NAME TYPE(2)
 * CLASS(2) TTL(4) RDLENGTH(2) RDATA.  Names are length-prefixed labels ending
 * in a zero byte, or in a 2-byte pointer (top bits 11) to an earlier name.
 * Every payload on the bound ports is taken as DNS: a message shorter than
 * its header or its counts is malformed (or truncated, when the capture cut it).
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

#define DNS_HDRLEN 12
#define DNS_MAX_POINTERS 64 /* compression pointers followed per name; more is a loop */

static const struct value_string dns_opcode_vals[] = {
	{0, "Standard query"}, {1, "Inverse query"}, {2, "Server status request"},
	{4, "Zone change notification"}, {5, "Dynamic update"}, {0, NULL},
};

static const struct value_string dns_rcode_vals[] = {
	{0, "No error"}, {1, "Format error"}, {2, "Server failure"}, {3, "No such name"},
	{4, "Not implemented"}, {5, "Refused"}, {6, "Name exists"}, {7, "RRset exists"},
	{8, "RRset does not exist"}, {9, "Not authoritative"}, {10, "Name out of zone"}, {0, NULL},
};

static const struct value_string dns_type_vals[] = {
	{1, "A"}, {2, "NS"}, {5, "CNAME"}, {6, "SOA"}, {12, "PTR"}, {13, "HINFO"}, {15, "MX"},
	{16, "TXT"}, {28, "AAAA"}, {33, "SRV"}, {35, "NAPTR"}, {41, "OPT"}, {43, "DS"},
	{46, "RRSIG"}, {47, "NSEC"}, {48, "DNSKEY"}, {50, "NSEC3"}, {64, "SVCB"}, {65, "HTTPS"},
	{250, "TSIG"}, {251, "IXFR"}, {252, "AXFR"}, {255, "ANY"}, {0, NULL},
};

static const struct value_string dns_class_vals[] = {
	{1, "IN"}, {3, "CH"}, {4, "HS"}, {254, "NONE"}, {255, "ANY"}, {0, NULL},
};

/* Offsets are from the first byte of the message (after the TCP length). */
static const struct field_def dns_fields[] = {
	{"dns.length", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dns.id", "Transaction ID", FT_UINT16, BASE_HEX, 0, 2, 0, NULL},
	{"dns.flags", "Flags", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"dns.flags.response", "Response", FT_BOOLEAN, BASE_NONE, 2, 2, 0x8000, NULL},
	{"dns.flags.opcode", "Opcode", FT_UINT16, BASE_DEC, 2, 2, 0x7800, dns_opcode_vals},
	{"dns.flags.authoritative", "Authoritative", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 2, 0x0400, NULL},
	{"dns.flags.truncated", "Truncated", FT_BOOLEAN, BASE_NONE, 2, 2, 0x0200, NULL},
	{"dns.flags.recdesired", "Recursion desired", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 2, 0x0100, NULL},
	{"dns.flags.recavail", "Recursion available", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 2, 0x0080, NULL},
	{"dns.flags.z", "Z", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 2, 0x0040, NULL},
	{"dns.flags.authenticated", "Answer authenticated", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 2, 0x0020, NULL},
	{"dns.flags.checkdisable", "Non-authenticated data", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 2, 0x0010, NULL},
	{"dns.flags.rcode", "Reply code", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0x000f, dns_rcode_vals},
	{"dns.count.queries", "Questions", FT_UINT16, BASE_DEC, 4, 2, 0, NULL},
	{"dns.count.answers", "Answer RRs", FT_UINT16, BASE_DEC, 6, 2, 0, NULL},
	{"dns.count.auth_rr", "Authority RRs", FT_UINT16, BASE_DEC, 8, 2, 0, NULL},
	{"dns.count.add_rr", "Additional RRs", FT_UINT16, BASE_DEC, 10, 2, 0, NULL},
	{"dns.qry.name", "Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dns.qry.type", "Type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, dns_type_vals},
	{"dns.qry.class", "Class", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, dns_class_vals},
	{"dns.resp.name", "Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dns.resp.type", "Type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, dns_type_vals},
	{"dns.resp.class", "Class", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, dns_class_vals},
	{"dns.resp.ttl", "Time to live", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"dns.resp.len", "Data length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dns.a", "Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"dns.aaaa", "AAAA Address", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"dns.cname", "CNAME", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dns.ptr.domain_name", "Domain Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dns.ns", "Name Server", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dns.mx.mail_exchange", "Mail Exchange", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dns.srv.target", "Target", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dns.srv.port", "Port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dns.txt", "TXT", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(dns);

/* Reads the labels at C's position until the name ends (zero byte or
 * pointer).  Returns the pointer target (offset from the message start), or
 * -1 when the name ended without one or could not be read.  FIRST says the
 * labels open the name: an unknown label type there leaves no name at all. */
static int32_t dns_read_labels(struct cursor *c, bool first)
{
	for (;; first = false) {
		uint8_t len = cursor_u8(c);
		if (!cursor_ok(c))
			return -1;
		switch (len & 0xc0) {
		case 0x00:
			if (len == 0)
				return -1;
			app_skip(c, len);
			break;
		case 0xc0:
			return (int32_t)((len & 0x3fu) << 8 | cursor_u8(c));
		case 0x40:
			if (len == 0x41) { /* bit-string label (RFC 2673): count, then bits */
				uint8_t bits = cursor_u8(c);
				app_skip(c, bits ? (bits + 7u) / 8 : 32);
				break;
			}
			/* Unknown extended label type: the name stops here. */
			if (first)
				c->err = CUR_MALFORMED;
			return -1;
		default:
			c->err = CUR_MALFORMED; /* reserved label type (10): not a name */
			return -1;
		}
		if (!cursor_ok(c))
			return -1;
	}
}

bool dns_skip_name(struct cursor *c, uint32_t msg_start)
{
	int32_t ptr = dns_read_labels(c, true);
	/* Follow compression pointers so a name pointing outside the message
	 * counts against it; the main cursor stays after the first pointer. */
	for (int hops = 0; ptr >= 0 && cursor_ok(c) && hops < DNS_MAX_POINTERS; hops++) {
		struct cursor t = *c;
		t.off = msg_start + (uint32_t)ptr;
		ptr = dns_read_labels(&t, false);
		if (!cursor_ok(&t))
			c->err = t.err;
	}
	return cursor_ok(c);
}

/* Reads the names inside the data of a record of TYPE at C (which is left
 * where it was): those names may point anywhere in the message and are read
 * through it, not through the data length. */
static void dns_rdata_names(struct cursor *c, uint32_t msg_start, uint16_t type)
{
	struct cursor t = *c;
	switch (type) {
	case 2: case 3: case 4: case 5: case 7: case 8: case 9: case 12: case 39: /* one name */
		dns_skip_name(&t, msg_start);
		break;
	case 6: /* SOA: two names */
		if (dns_skip_name(&t, msg_start))
			dns_skip_name(&t, msg_start);
		break;
	case 15: /* MX: preference, name */
		app_skip(&t, 2);
		dns_skip_name(&t, msg_start);
		break;
	case 33: /* SRV: priority, weight, port, name */
		app_skip(&t, 6);
		dns_skip_name(&t, msg_start);
		break;
	default:
		return;
	}
	if (!cursor_ok(&t))
		c->err = t.err;
}

/* Walks COUNT questions (QUESTION) or resource records; false on failure. */
static bool dns_records(struct cursor *c, uint32_t msg_start, uint16_t count, bool question)
{
	for (uint32_t i = 0; i < count; i++) {
		if (!dns_skip_name(c, msg_start))
			return false;
		uint16_t type = cursor_be16(c);
		app_skip(c, 2); /* class */
		if (!question) {
			app_skip(c, 4); /* TTL */
			uint16_t rdlen = cursor_be16(c);
			if (rdlen > 0 && cursor_ok(c))
				dns_rdata_names(c, msg_start, type);
			app_skip(c, rdlen);
		}
		if (!cursor_ok(c))
			return false;
	}
	return true;
}

/* The message at C (header first) as a layer of PROTO, already pushed as IDX. */
static void dns_message(struct packet *p, int idx, struct cursor *c)
{
	uint32_t start = c->off;
	app_skip(c, 4); /* ID, flags */
	uint16_t qd = cursor_be16(c), an = cursor_be16(c);
	uint16_t ns = cursor_be16(c), ar = cursor_be16(c);
	if (cursor_ok(c) && dns_records(c, start, qd, true) && dns_records(c, start, an, false) &&
	    dns_records(c, start, ns, false))
		dns_records(c, start, ar, false);
	app_note(p, idx, c);
}

static void dns_udp(struct packet *p, struct cursor *c, enum proto_id proto)
{
	int idx = pkt_push_layer(p, proto, c->off);
	if (idx < 0)
		return;
	dns_message(p, idx, c);
}

void dissect_dns(struct packet *p, struct cursor *c)
{
	dns_udp(p, c, PROTO_DNS);
}

void dissect_mdns(struct packet *p, struct cursor *c)
{
	dns_udp(p, c, PROTO_MDNS);
}

void dissect_llmnr(struct packet *p, struct cursor *c)
{
	dns_udp(p, c, PROTO_LLMNR);
}

/* DNS on any UDP port, when the header looks like an ordinary standard
 * query or response: more than a header, opcode 0, a query asking exactly
 * one question with no answer or authority records, a response with at
 * most one question, 100 answers and 10 authority records, and at most 10
 * additional records either way. */
void dissect_dns_heur(struct packet *p, struct cursor *c)
{
	struct cursor t = *c;
	if (cursor_rleft(&t) <= DNS_HDRLEN)
		return;
	cursor_skip(&t, 2);
	uint16_t flags = cursor_be16(&t), qd = cursor_be16(&t), an = cursor_be16(&t);
	uint16_t ns = cursor_be16(&t), ar = cursor_be16(&t);
	if (!cursor_ok(&t) || (flags & 0x7800) != 0 || ar > 10)
		return;
	if (flags & 0x8000) {
		if (qd > 1 || an > 100 || ns > 10)
			return;
	} else if (qd != 1 || an != 0 || ns != 0) {
		return;
	}
	dissect_dns(p, c);
}

uint32_t dns_tcp_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (avail < 2)
		return PDU_NEED_MORE;
	return 2u + (uint32_t)(data[0] << 8 | data[1]);
}

void dissect_dns_tcp(struct packet *p, struct cursor *c)
{
	if (cursor_left(c) < 2) {
		/* Not even the length: a DNS layer that is cut short. */
		int idx = pkt_push_layer(p, PROTO_DNS, c->off);
		if (idx >= 0) {
			app_skip(c, 2);
			app_note(p, idx, c);
		}
		return;
	}
	uint16_t len = cursor_be16(c);
	int idx = pkt_push_layer(p, PROTO_DNS, c->off);
	if (idx < 0)
		return;
	/* The message is LEN bytes: what follows is the next message; what is
	 * missing was not in this segment (cut short, not contradicted). */
	struct cursor m = *c;
	m.rend = c->off + len;
	if (m.end > m.rend)
		m.end = m.rend;
	dns_message(p, idx, &m);
	c->off = m.off;
}

/* "Standard query [response ]0x1234 A example.com": the first question. */
static void dns_columns(struct columns *c, const struct packet *p, int idx)
{
	col_default(c, p, idx);
	bool response = pkt_field_uint(p, "dns.flags.response", 0);
	col_set(c, "Standard query %s0x%04" G_GINT64_MODIFIER "x", response ? "response " : "",
		pkt_field_uint(p, "dns.id", 0));
	struct fvalue name;
	if (pkt_field_first(p, "dns.qry.name", &name) && name.kind == FV_STRING) {
		uint64_t type = pkt_field_uint(p, "dns.qry.type", 0);
		const char *tn = col_value_name("dns.qry.type", type);
		if (tn)
			col_append(c, " %s", tn);
		else
			col_append(c, " Unknown (%" G_GUINT64_FORMAT ")", type);
		col_append(c, " %.*s", (int)name.len, (const char *)name.ptr);
	}
}

const struct protocol proto_dns = {PROTO_DNS, .columns = dns_columns};
const struct protocol proto_mdns = {PROTO_MDNS, .columns = dns_columns};
const struct protocol proto_llmnr = {PROTO_LLMNR, .columns = dns_columns};
