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
#include <arpa/inet.h>

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
	{250, "TSIG"}, {251, "IXFR"}, {252, "AXFR"}, {255, "ANY"},
	{3, "MD"}, {4, "MF"}, {32, "NIMLOC"}, {7, "MB"}, {8, "MG"}, {9, "MR"}, {10, "NULL"}, {11, "WKS"}, {14, "MINFO"},
	{17, "RP"}, {18, "AFSDB"}, {24, "SIG"}, {25, "KEY"}, {29, "LOC"}, {30, "NXT"}, {36, "KX"},
	{37, "CERT"}, {39, "DNAME"}, {42, "APL"}, {44, "SSHFP"}, {45, "IPSECKEY"}, {49, "DHCID"},
	{51, "NSEC3PARAM"}, {52, "TLSA"}, {55, "HIP"}, {59, "CDS"}, {60, "CDNSKEY"}, {61, "OPENPGPKEY"},
	{62, "CSYNC"}, {63, "ZONEMD"}, {99, "SPF"}, {249, "TKEY"}, {253, "MAILB"}, {254, "MAILA"},
	{256, "URI"}, {257, "CAA"}, {0, NULL},
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

/* ---- the packet list's columns ------------------------------------------ */

/* The name at *OFF of the message M (N bytes) added to OUT as Wireshark
 * shows it ("<Root>" for the root); *OFF goes past it.  False when the
 * bytes end inside it. */
static bool name_text(const uint8_t *m, uint32_t n, uint32_t *off, GString *out)
{
	uint32_t at = *off, hops = 0;
	bool jumped = false;
	gsize start = out->len;
	for (;;) {
		if (at >= n)
			return false;
		uint8_t len = m[at];
		if ((len & 0xc0) == 0xc0) {
			if (at + 1 >= n || ++hops > DNS_MAX_POINTERS)
				return false;
			if (!jumped)
				*off = at + 2;
			jumped = true;
			at = (uint32_t)(len & 0x3f) << 8 | m[at + 1];
			continue;
		}
		if (len & 0xc0) {
			g_string_truncate(out, start);
			g_string_append(out, "<Unknown extended label>");
			if (!jumped)
				*off = at + 1;
			return true;
		}
		if (len == 0)
			break;
		if (at + 1 + len > n)
			return false;
		if (out->len > start)
			g_string_append_c(out, '.');
		for (uint32_t i = 0; i < len; i++) {
			uint8_t ch = m[at + 1 + i];
			if (ch >= 0x20 && ch < 0x7f)
				g_string_append_c(out, (char)ch);
			else if (ch < 0x20)
				g_string_append_printf(out, "\\%03o", ch);
			else
				g_string_append(out, "\xef\xbf\xbd"); /* U+FFFD */
		}
		at += 1u + len;
	}
	if (!jumped)
		*off = at + 1;
	if (out->len == start)
		g_string_append(out, "<Root>");
	return true;
}

static void type_name(struct columns *c, uint16_t type)
{
	const char *tn = col_value_name("dns.qry.type", type);
	if (tn)
		col_append(c, " %s", tn);
	else
		col_append(c, " Unknown (%u)", type);
}

/* What Wireshark says of a record's data after its type: the address or
 * name it gives (SOA: the primary server; MX, SRV: their numbers too). */
static void rdata_text(struct columns *c, const uint8_t *m, uint32_t n, uint32_t at, uint16_t type, uint16_t len)
{
	char buf[64];
	uint32_t off = at;
	if (at + len > n)
		return;
	switch (type) {
	case 1:
		if (len == 4)
			col_append(c, " %u.%u.%u.%u", m[at], m[at + 1], m[at + 2], m[at + 3]);
		return;
	case 28:
		if (len == 16 && inet_ntop(AF_INET6, m + at, buf, sizeof buf))
			col_append(c, " %s", buf);
		return;
	case 15:
	case 33:
		if (len < (type == 15 ? 2 : 6))
			return;
		if (type == 15)
			col_append(c, " %u", m[at] << 8 | m[at + 1]);
		else
			col_append(c, " %u %u %u", m[at] << 8 | m[at + 1], m[at + 2] << 8 | m[at + 3],
				   m[at + 4] << 8 | m[at + 5]);
		off = at + (type == 15 ? 2 : 6);
		break;
	case 2: case 5: case 6: case 12:
		break;
	default:
		return;
	}
	g_string_append_c(c->info, ' ');
	if (!name_text(m, n, &off, c->info))
		g_string_truncate(c->info, c->info->len - 1);
}

/* COUNT questions or records at *AT; false when the bytes end first. */
static bool records_text(struct columns *c, const uint8_t *m, uint32_t n, uint32_t *at, uint16_t count,
			 bool question, bool mdns)
{
	g_autoptr(GString) name = g_string_new(NULL);
	for (uint32_t i = 0; i < count; i++) {
		g_string_truncate(name, 0);
		if (!name_text(m, n, at, name) || *at + 4 > n)
			return false;
		uint16_t type = (uint16_t)(m[*at] << 8 | m[*at + 1]);
		uint16_t class = (uint16_t)(m[*at + 2] << 8 | m[*at + 3]);
		*at += 4;
		type_name(c, type);
		if (question) {
			col_append(c, " %s", name->str);
			if (mdns)
				col_append(c, ", \"%s\" question", class & 0x8000 ? "QU" : "QM");
			continue;
		}
		if (*at + 6 > n)
			return false;
		uint16_t len = (uint16_t)(m[*at + 4] << 8 | m[*at + 5]);
		*at += 6;
		if (*at + len > n)
			return false;
		rdata_text(c, m, n, *at, type, len);
		*at += len;
	}
	return true;
}

/* "Standard query response 0x1234 No such name A example.com SOA ns.example.com":
 * the operation, the ID, an error, then every question and record. */
static void dns_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const rcodes[] = {
		"No error", "Format error", "Server failure", "No such name", "Not implemented", "Refused",
		"Name exists", "RRset exists", "RRset does not exist", "Not authoritative", "Name out of zone",
		"DSO-Type Not Implemented",
	};
	uint32_t n;
	const uint8_t *m = col_layer_bytes(p, idx, &n);
	col_abbrev(c, p, idx);
	col_clear(c);
	if (n < 4)
		return;
	uint16_t flags = (uint16_t)(m[2] << 8 | m[3]);
	unsigned op = (flags >> 11) & 0xf, rcode = flags & 0xf;
	const char *opname = op == 6 ? "DNS Stateful operations (DSO)" : value_name(dns_opcode_vals, op);
	if (opname)
		col_append(c, "%s", opname);
	else
		col_append(c, "Unknown operation (%u)", op);
	col_append(c, "%s 0x%04x", flags & 0x8000 ? " response" : "", m[0] << 8 | m[1]);
	if ((flags & 0x8000) && rcode) {
		if (rcode < G_N_ELEMENTS(rcodes))
			col_append(c, " %s", rcodes[rcode]);
		else
			col_append(c, " Unknown error (%u)", rcode);
	}
	bool mdns = p->layers[idx].proto == PROTO_MDNS;
	if (n < DNS_HDRLEN)
		return;
	uint32_t at = DNS_HDRLEN;
	for (int s = 0; s < 4; s++)
		if (!records_text(c, m, n, &at, (uint16_t)(m[4 + 2 * s] << 8 | m[5 + 2 * s]), s == 0, mdns))
			return;
}
const struct protocol proto_dns = {PROTO_DNS, .columns = dns_columns};
const struct protocol proto_mdns = {PROTO_MDNS, .columns = dns_columns};
const struct protocol proto_llmnr = {PROTO_LLMNR, .columns = dns_columns};
