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
#include <stdio.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

#define DNS_HDRLEN 12
#define DNS_MAX_POINTERS 64 /* compression pointers followed per name; more is a loop */
#define DNS_NAME_MAX 254    /* a name of this many bytes or more (dots counted) is
                             * shown as too long: Wireshark keeps 255 with its end */

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
	{0, "Unused"}, {1, "A"}, {2, "NS"}, {5, "CNAME"}, {6, "SOA"}, {12, "PTR"}, {13, "HINFO"}, {15, "MX"},
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

static void dns_track(struct packet *p, enum proto_id proto, const struct cursor *c);

/* The message at C (header first) as a layer of PROTO, already pushed as
 * IDX.  TRACK: follow its transaction (UDP), once its questions are read. */
static void dns_message(struct packet *p, int idx, struct cursor *c, bool track)
{
	uint32_t start = c->off;
	struct cursor hdr = *c;
	/* The ID and the flags are read before the message shows a line:
	 * without them DNS still names itself in the Protocol column, but the
	 * frame has no dns node (nor does the filter dns match it). */
	if (!app_skip(c, 4)) { /* ID, flags */
		p->layers[idx].flags |= PKT_NESTED | PKT_NAMES_PROTO | PKT_NO_ITEM;
		app_note(p, idx, c);
		return;
	}
	uint16_t qd = cursor_be16(c), an = cursor_be16(c);
	uint16_t ns = cursor_be16(c), ar = cursor_be16(c);
	if (cursor_ok(c) && dns_records(c, start, qd, true)) {
		if (track)
			dns_track(p, (enum proto_id)p->layers[idx].proto, &hdr);
		if (dns_records(c, start, an, false) && dns_records(c, start, ns, false))
			dns_records(c, start, ar, false);
	}
	app_note(p, idx, c);
}

/* Wireshark's transaction tracking: per conversation, the last query of
 * each ID (its frame and time) and the frame of its first response.  A
 * query with the ID of one still unanswered, within 5 seconds of it, is a
 * retransmission; so is a second response to one query.  The file's
 * transactions are kept in one table of at most DNS_TRANS_MAX, the oldest
 * forgotten first, so memory stays flat however many queries a file holds. */
#define DNS_RETX_NS (5 * 1000000000LL)
#define DNS_TRANS_MAX 65536
struct dns_trans {
	struct flow_key conv; /* the conversation, lower address and port first */
	uint32_t id;          /* the transaction ID (the key ends here) */
	uint64_t req_frame, rep_frame;
	int64_t req_ns;
	uint64_t made_frame;  /* the frame that put it in the table */
};
struct dns_state {
	GHashTable *trans; /* struct dns_trans (its key part) -> the same, owned */
	GQueue order;      /* struct dns_trans*, oldest first */
};
#define DNS_KEY_LEN (offsetof(struct dns_trans, id) + sizeof(uint32_t))

/* The key's bytes eight at a time, then the few left; mixed so that the
 * low bits the table uses depend on all of them. */
static guint dns_key_hash(gconstpointer k)
{
	const uint8_t *b = k;
	uint64_t h = 0;
	size_t i = 0;
	for (; i + 8 <= DNS_KEY_LEN; i += 8) {
		uint64_t w;
		memcpy(&w, b + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	}
	for (; i < DNS_KEY_LEN; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return (guint)h;
}

static gboolean dns_key_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, DNS_KEY_LEN) == 0;
}

static void *dns_state_new(void)
{
	struct dns_state *st = g_new0(struct dns_state, 1);
	st->trans = g_hash_table_new_full(dns_key_hash, dns_key_equal, NULL, g_free);
	g_queue_init(&st->order);
	return st;
}

static void dns_state_free(void *data)
{
	struct dns_state *st = data;
	g_queue_clear(&st->order);
	g_hash_table_destroy(st->trans);
	g_free(st);
}

static void dns_track(struct packet *p, enum proto_id proto, const struct cursor *c)
{
	if (!p->session || (p->flags & PKT_IN_ERROR) || cursor_left(c) < 4 || !pkt_has_udp(p))
		return;
	const uint8_t *h = c->data + c->off;
	bool response = h[2] & 0x80;
	struct dns_trans key;
	memset(&key, 0, sizeof key);
	uint8_t n = p->ip_version == 4 ? 4 : 16;
	int cmp = memcmp(p->ip_src, p->ip_dst, n);
	bool fwd = cmp < 0 || (cmp == 0 && p->sport <= p->dport);
	flow_key_set(&key.conv, p->ip_version, fwd ? p->ip_src : p->ip_dst, fwd ? p->ip_dst : p->ip_src,
		     fwd ? p->sport : p->dport, fwd ? p->dport : p->sport);
	key.id = (uint32_t)proto << 16 | (uint32_t)h[0] << 8 | h[1];
	struct dns_state *st = session_proto_data(p->session, PROTO_DNS, dns_state_new, dns_state_free);
	struct dns_trans *t = g_hash_table_lookup(st->trans, &key);
	const struct frame *f = p->frame;
	if (t)
		session_bounded_hit(p->session, SESSION_BOUNDED_DNS, t->made_frame);
	if (!response) {
		if (t && !t->rep_frame && f->ts_ns - t->req_ns < DNS_RETX_NS) {
			p->dns_retx = 1;
			p->dns_retx_of = t->req_frame;
			return;
		}
		if (!t) {
			session_bounded_insert(p->session, SESSION_BOUNDED_DNS, DNS_TRANS_MAX);
			if (g_queue_get_length(&st->order) >= DNS_TRANS_MAX)
				g_hash_table_remove(st->trans, g_queue_pop_head(&st->order));
			t = g_memdup2(&key, sizeof key);
			t->made_frame = f->number;
			g_hash_table_add(st->trans, t);
			g_queue_push_tail(&st->order, t);
		}
		t->req_frame = f->number;
		t->rep_frame = 0;
		t->req_ns = f->ts_ns;
	} else if (t && !t->rep_frame) {
		t->rep_frame = f->number;
	} else if (t) {
		p->dns_retx = 2;
		p->dns_retx_of = t->rep_frame;
	}
}

static void dns_udp(struct packet *p, struct cursor *c, enum proto_id proto)
{
	int idx = pkt_push_layer(p, proto, c->off);
	if (idx < 0)
		return;
	p->layers[idx].len = cursor_left(c); /* the datagram's, not the frame's */
	dns_message(p, idx, c, true);
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
	dns_message(p, idx, &m, false);
	c->off = m.off;
}

/* ---- the packet list's columns ------------------------------------------ */

/* The name at *OFF of the message M (N bytes) added to OUT as Wireshark
 * shows it ("<Root>" for the root); *OFF goes past it.  False when the
 * bytes end inside it, or where reading it stops the message as
 * dns_read_labels() does (a reserved label type, an unknown extended one
 * opening the name). */
static bool name_text(const uint8_t *m, uint32_t n, uint32_t *off, GString *out)
{
	uint32_t at = *off, hops = 0, raw = 0; /* raw: the name's bytes with its dots */
	bool jumped = false;
	if (*off < n && (m[*off] & 0xc0) == 0x40)
		return false;
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
		if ((len & 0xc0) == 0x80)
			return false;
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
		text_append_utf8(out, m + at + 1, len); /* labels are shown as UTF-8 */
		raw += (raw ? 1u : 0u) + len;
		at += 1u + len;
	}
	if (!jumped)
		*off = at + 1;
	if (raw >= DNS_NAME_MAX) {
		/* no room left for the name and its end: Wireshark names none */
		g_string_truncate(out, start);
		g_string_append(out, "<Name too long>");
	} else if (out->len == start) {
		g_string_append(out, "<Root>");
	}
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
 * name it gives (SOA: the primary server; MX, SRV, KX, NAPTR: their numbers
 * too; HINFO: its two strings), or for many types the record's own name
 * OWNER; nothing when the record has no data. */
static void rdata_text(struct columns *c, const uint8_t *m, uint32_t n, uint32_t at, uint16_t type, uint16_t len,
		       const char *owner)
{
	char buf[64];
	uint32_t off = at;
	if (at + len > n || len == 0)
		return;
	switch (type) {
	case 1:
	case 11: /* WKS: its address */
		if (len >= 4 && (type == 11 || len == 4))
			col_append(c, " %u.%u.%u.%u", m[at], m[at + 1], m[at + 2], m[at + 3]);
		return;
	case 28:
		if (len == 16 && inet_ntop(AF_INET6, m + at, buf, sizeof buf))
			col_append(c, " %s", buf);
		return;
	case 3: case 4: case 7: case 8: case 9: case 10: case 14: case 17: case 18: case 19: case 20:
	case 21: case 22: case 23: case 26: case 27: case 42: case 49: case 51: case 52: case 55:
		col_append(c, " %s", owner);
		return;
	case 13: { /* HINFO: CPU and OS */
		uint32_t cpu = m[at], os_at = at + 1 + cpu;
		if (os_at >= at + len || os_at + 1 + m[os_at] > at + len)
			return;
		g_string_append_c(c->info, ' ');
		col_append_text(c, m + at + 1, cpu);
		g_string_append_c(c->info, ' ');
		col_append_text(c, m + os_at + 1, m[os_at]);
		return;
	}
	case 35: { /* NAPTR: order, preference, flags */
		if (len < 5 || 5u + m[at + 4] > len)
			return;
		col_append(c, " %u %u ", m[at] << 8 | m[at + 1], m[at + 2] << 8 | m[at + 3]);
		col_append_text(c, m + at + 5, m[at + 4]);
		return;
	}
	case 15:
	case 33:
	case 36:
		if (len < (type == 33 ? 6 : 2))
			return;
		if (type != 33)
			col_append(c, " %u", m[at] << 8 | m[at + 1]);
		else
			col_append(c, " %u %u %u", m[at] << 8 | m[at + 1], m[at + 2] << 8 | m[at + 3],
				   m[at + 4] << 8 | m[at + 5]);
		off = at + (type == 33 ? 6 : 2);
		break;
	case 2: case 5: case 6: case 12:
	case 30: case 39: case 47: /* NXT, DNAME, NSEC: the next or target name */
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
		if (question) {
			type_name(c, type);
			col_append(c, " %s", name->str);
			if (mdns)
				col_append(c, ", \"%s\" question", class & 0x8000 ? "QU" : "QM");
			continue;
		}
		/* a record's type is said once its TTL and data length are read */
		if (*at + 6 > n)
			return false;
		type_name(c, type);
		if (mdns && (class & 0x8000))
			col_append(c, ", cache flush");
		uint16_t len = (uint16_t)(m[*at + 4] << 8 | m[*at + 5]);
		*at += 6;
		if (*at + len > n)
			return false;
		rdata_text(c, m, n, *at, type, len, name->str);
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
	const uint8_t *m = col_layer_given(p, idx, &n);
	/* mDNS's column is its filter name in capitals, not its short name */
	col_proto(c, p->layers[idx].proto == PROTO_MDNS ? "MDNS" : proto_short_name((enum proto_id)p->layers[idx].proto));
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
/* DNS (mDNS, LLMNR) field values parsed from the message:
 * questions, then the resource records of the answer, authority and
 * additional sections with their data (addresses, names, SRV, TXT), and
 * the flags as Wireshark shows them (some only in responses, none but the
 * reply code in LLMNR).
 *
 * Header (12 bytes): id(2) flags(2) qdcount(2) ancount(2) nscount(2)
 * arcount(2).  Question: name type(2) class(2).  Record: name type(2)
 * class(2) ttl(4) rdlength(2) rdata.  Names are labels, or a 2-byte
 * pointer (top bits 11) to an earlier name.  In mDNS the top bit of a
 * class is a flag (unicast response, cache flush), not part of it. */

#define DNS_QR 0x8000u
#define T_A 1
#define T_NS 2
#define T_CNAME 5
#define T_PTR 12
#define T_MX 15
#define T_TXT 16
#define T_AAAA 28
#define T_SRV 33
#define T_OPT 41

static uint32_t be16(const uint8_t *d)
{
	return (uint32_t)d[0] << 8 | d[1];
}

/* The name at OFF of message MSG (N bytes) in dotted form into OUT (CAP
 * bytes), bytes outside printable ASCII as \DDD; *AFTER is where the name
 * ends in place.  The root is "<Root>". */
static bool dns_name(const uint8_t *msg, uint32_t n, uint32_t off, char *out, size_t cap, uint32_t *after)
{
	size_t used = 0;
	uint32_t pos = off, hops = 0;
	bool jumped = false;
	for (;;) {
		if (pos >= n)
			return false;
		uint8_t len = msg[pos];
		if (len == 0) {
			if (!jumped)
				*after = pos + 1;
			break;
		}
		if ((len & 0xc0) == 0xc0) {
			if (pos + 1 >= n || ++hops > 64)
				return false;
			if (!jumped)
				*after = pos + 2;
			jumped = true;
			pos = (uint32_t)(len & 0x3f) << 8 | msg[pos + 1];
			continue;
		}
		if (len & 0xc0 || pos + 1 + len > n)
			return false;
		if (used && used + 1 < cap)
			out[used++] = '.';
		for (uint32_t i = 0; i < len; i++) {
			uint8_t c = msg[pos + 1 + i];
			if (c > 0x20 && c < 0x7f) {
				if (used + 1 < cap)
					out[used++] = (char)c;
			} else if (used + 5 < cap) {
				used += (size_t)snprintf(out + used, cap - used, "\\%03u", c);
			}
		}
		pos += 1 + len;
	}
	out[used] = 0;
	if (used == 0 && cap > 6)
		memcpy(out, "<Root>", 7);
	return true;
}

struct dns_walk {
	const uint8_t *b;
	uint32_t n;
	const char *a;
	fvalue_fn fn;
	void *data;
	unsigned given;
	char *name; /* static storage: values are valid until the next call */
};

static __thread char name_buf[1024];

static void give_name(struct dns_walk *t, uint32_t off)
{
	uint32_t after;
	if (dns_name(t->b, t->n, off, t->name, sizeof name_buf, &after))
		t->given += fv_give_ptr(t->fn, t->data, FV_STRING, (const uint8_t *)t->name, (uint32_t)strlen(t->name));
}

/* The data fields of a record of TYPE whose data is [at, end). */
static void rdata(struct dns_walk *t, uint32_t type, uint32_t at, uint32_t end)
{
	const char *a = t->a;
	uint32_t len = end - at;
	if (type == T_A && len == 4 && fv_same(a, "dns.a"))
		t->given += fv_give_ptr(t->fn, t->data, FV_IPV4, t->b + at, 4);
	else if (type == T_AAAA && len == 16 && fv_same(a, "dns.aaaa"))
		t->given += fv_give_ptr(t->fn, t->data, FV_IPV6, t->b + at, 16);
	else if ((type == T_CNAME && fv_same(a, "dns.cname")) || (type == T_PTR && fv_same(a, "dns.ptr.domain_name")) ||
		 (type == T_NS && fv_same(a, "dns.ns")))
		give_name(t, at);
	else if (type == T_MX && len > 2 && fv_same(a, "dns.mx.mail_exchange"))
		give_name(t, at + 2);
	else if (type == T_SRV && len > 6 && fv_same(a, "dns.srv.port"))
		t->given += fv_give_uint(t->fn, t->data, be16(t->b + at + 4));
	else if (type == T_SRV && len > 6 && fv_same(a, "dns.srv.target"))
		give_name(t, at + 6);
	else if (type == T_TXT && fv_same(a, "dns.txt"))
		for (uint32_t i = at; i < end && i + 1 + t->b[i] <= end; i += 1 + t->b[i])
			t->given += fv_give_ptr(t->fn, t->data, FV_STRING, t->b + i + 1, t->b[i]);
}

/* Flags by where Wireshark shows them: in DNS and mDNS messages, or only
 * in their responses; LLMNR has none of them but the reply code. */
static const struct {
	const char *name;
	uint32_t mask;
	bool response_only;
} dns_flags[] = {
	{"dns.flags.authoritative", 0x0400, true}, {"dns.flags.recdesired", 0x0100, false},
	{"dns.flags.recavail", 0x0080, true}, {"dns.flags.z", 0x0040, false},
	{"dns.flags.authenticated", 0x0020, true}, {"dns.flags.checkdisable", 0x0010, false},
	{"dns.flags.rcode", 0x000f, true},
};

static bool dns_message_values(const uint8_t *b, uint32_t n, uint16_t proto, const char *a, fvalue_fn fn, void *data)
{
	if (strncmp(a, "dns.", 4) != 0)
		return false;
	bool mdns = proto == PROTO_MDNS;
	int flag = -1;
	for (size_t i = 0; i < sizeof dns_flags / sizeof dns_flags[0]; i++)
		if (fv_same(a, dns_flags[i].name))
			flag = (int)i;
	bool question = strncmp(a, "dns.qry.", 8) == 0;
	bool record = strncmp(a, "dns.resp.", 9) == 0 || fv_same(a, "dns.a") || fv_same(a, "dns.aaaa") ||
		      fv_same(a, "dns.cname") || fv_same(a, "dns.ptr.domain_name") || fv_same(a, "dns.ns") ||
		      fv_same(a, "dns.mx.mail_exchange") || strncmp(a, "dns.srv.", 8) == 0 || fv_same(a, "dns.txt");
	if (flag < 0 && !question && !record)
		return false;
	if (n < 12)
		return true;
	uint32_t flags = be16(b + 2);
	if (flag >= 0) {
		uint32_t mask = dns_flags[flag].mask;
		bool shown = (flags & DNS_QR) || !dns_flags[flag].response_only;
		if (shown && (proto != PROTO_LLMNR || mask == 0x000f))
			fv_give_uint(fn, data, mask == 0x000f ? flags & mask : (flags & mask) != 0);
		return true;
	}
	struct dns_walk walk = {.b = b, .n = n, .a = a, .fn = fn, .data = data, .name = name_buf};
	struct dns_walk *t = &walk;
	uint32_t class_mask = mdns ? 0x7fff : 0xffff;
	uint32_t pos = 12, after;
	unsigned qd = be16(b + 4);
	for (unsigned q = 0; q < qd; q++, pos = after + 4) {
		if (!dns_name(b, n, pos, t->name, sizeof name_buf, &after) || after + 4 > n)
			return true;
		if (fv_same(a, "dns.qry.name"))
			t->given += fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)t->name, (uint32_t)strlen(t->name));
		else if (fv_same(a, "dns.qry.type"))
			fv_give_uint(fn, data, be16(b + after));
		else if (fv_same(a, "dns.qry.class"))
			fv_give_uint(fn, data, be16(b + after + 2) & class_mask);
	}
	unsigned rrs = be16(b + 6) + be16(b + 8) + be16(b + 10);
	for (unsigned r = 0; r < rrs && record; r++) {
		if (!dns_name(b, n, pos, t->name, sizeof name_buf, &after) || after + 10 > n)
			break;
		uint32_t type = be16(b + after), rdlen = be16(b + after + 8);
		uint32_t at = after + 10, end = at + rdlen;
		if (end > n)
			break;
		bool opt = type == T_OPT; /* its class and TTL fields mean something else */
		if (fv_same(a, "dns.resp.name") && type != T_SRV) /* an SRV name is service, proto, name */
			t->given += fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)t->name, (uint32_t)strlen(t->name));
		else if (fv_same(a, "dns.resp.type"))
			fv_give_uint(fn, data, type);
		else if (fv_same(a, "dns.resp.class") && !opt)
			fv_give_uint(fn, data, be16(b + after + 2) & class_mask);
		else if (fv_same(a, "dns.resp.ttl") && !opt)
			fv_give_uint(fn, data, (uint32_t)be16(b + after + 4) << 16 | be16(b + after + 6));
		else if (fv_same(a, "dns.resp.len"))
			fv_give_uint(fn, data, rdlen);
		else
			rdata(t, type, at, end);
		pos = end;
	}
	return true;
}


static void dns_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			     const struct field_def *f, fvalue_fn fn, void *data)
{
	if (fv_same(f->abbrev, "dns.length")) {
		/* on TCP, the two bytes before the message; messages after the
		 * first in a segment follow one another */
		uint32_t cap;
		const uint8_t *base = fv_layer_base(p, l, &cap);
		int below = (int)(l - p->layers) - 1;
		while (below >= 0 && p->layers[below].proto == l->proto)
			below--;
		if (below >= 0 && p->layers[below].proto == PROTO_TCP && l->off >= 2 && l->off <= cap)
			fv_give_uint(fn, data, (uint64_t)base[l->off - 2] << 8 | base[l->off - 1]);
		return;
	}
	if (d)
		dns_message_values(d, n, l->proto, f->abbrev, fn, data);
}

static const struct handoff dns_handoff[] = {
	UDP_PORT(53, dissect_dns),
	TCP_PORT(53, dissect_dns_tcp),
	UDP_HEUR(90, dissect_dns_heur), /* the loosest check: last */
	HANDOFF_LIST_END,
};
static const struct pdu_framing dns_framing[] = {
	{dissect_dns_tcp, dns_tcp_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
/* A retransmitted query or response, as Wireshark warns (under DNS, mDNS
 * or LLMNR as the layer is). */
/* Whether a message read whole over UDP leaves bytes of its datagram after
 * its last record. */
static bool dns_extraneous(const struct packet *p, int idx)
{
	const struct layer *l = &p->layers[idx];
	if (idx == 0 || p->layers[idx - 1].proto != PROTO_UDP ||
	    (l->flags & (PKT_REASSEMBLED | PKT_MALFORMED | PKT_TRUNCATED)))
		return false;
	uint32_t n;
	const uint8_t *m = col_layer_given(p, idx, &n);
	struct cursor c = cursor_init(m, n, n);
	app_skip(&c, 4);
	uint16_t count[4];
	for (int i = 0; i < 4; i++)
		count[i] = cursor_be16(&c);
	for (int i = 0; i < 4 && cursor_ok(&c); i++)
		dns_records(&c, 0, count[i], i == 0);
	return cursor_ok(&c) && c.off < n;
}

/* Whether Wireshark reads the data of a resource record of TYPE (the types
 * it has a reader for); any other type's record is reported. */
static bool dns_type_read(unsigned type)
{
	static const uint16_t more[] = {55, 99, 249, 250, 251, 252, 255, 256, 257, 32769, 65281, 65282};
	if ((type >= 1 && type <= 52 && type != 40) || (type >= 59 && type <= 65) || (type >= 104 && type <= 109))
		return true;
	for (size_t i = 0; i < G_N_ELEMENTS(more); i++)
		if (type == more[i])
			return true;
	return false;
}

/* One item for each answer, authority or additional record (its header
 * read, some data) of a type Wireshark has no reader for, up to the first
 * record whose reading fails. */
static void dns_unread_types(struct experts *e, const struct packet *p, int idx, const char *who)
{
	uint32_t n;
	const uint8_t *m = col_layer_given(p, idx, &n);
	if (!m)
		return;
	struct cursor c = cursor_init(m, n, n);
	app_skip(&c, 4);
	uint16_t count[4];
	for (int i = 0; i < 4; i++)
		count[i] = cursor_be16(&c);
	if (!dns_records(&c, 0, count[0], true))
		return;
	for (uint32_t i = 0; i < (uint32_t)count[1] + count[2] + count[3]; i++) {
		struct cursor h = c;
		if (!dns_skip_name(&h, 0))
			return;
		uint16_t type = cursor_be16(&h);
		app_skip(&h, 6); /* class, TTL */
		uint16_t rdlen = cursor_be16(&h);
		if (!cursor_ok(&h))
			return;
		if (rdlen > 0 && !dns_type_read(type))
			expert_add(e, EXPERT_NOTE, EXPERT_UNDECODED, who,
				   "Dissector for DNS Type (%u) code not implemented, Contact Wireshark developers if you "
				   "want this supported",
				   type);
		if (!dns_records(&c, 0, 1, false))
			return; /* the record's data fails: reading stops there */
	}
}

static void dns_expert(struct experts *e, const struct packet *p, int idx)
{
	uint16_t proto = p->layers[idx].proto;
	const char *who = proto == PROTO_MDNS ? "mDNS" : proto == PROTO_LLMNR ? "LLMNR" : "DNS";
	dns_unread_types(e, p, idx, who);
	if (dns_extraneous(p, idx))
		expert_add(e, EXPERT_NOTE, EXPERT_UNDECODED, who, "Extraneous data");
	if (!p->dns_retx)
		return;
	for (int i = 0; i < idx; i++)
		if (p->layers[i].proto == p->layers[idx].proto)
			return; /* the first message of the frame */
	if (p->dns_retx == 1)
		expert_add(e, EXPERT_WARN, EXPERT_PROTOCOL, who,
			   "DNS query retransmission. Original request in frame %" G_GUINT64_FORMAT, p->dns_retx_of);
	else
		expert_add(e, EXPERT_WARN, EXPERT_PROTOCOL, who,
			   "DNS response retransmission. Original response in frame %" G_GUINT64_FORMAT, p->dns_retx_of);
}

PROTOCOL_ID(DNS, "dns", "Domain Name System");
const struct protocol proto_dns = {PROTO_DNS, .short_name = "DNS", .columns = dns_columns, .expert = dns_expert,
                                   .values = dns_field_values, .fields = &dns_table, .handoff = dns_handoff,
                                   .framing = dns_framing};
static const struct handoff mdns_handoff[] = {
	UDP_PORT(5353, dissect_mdns),
	TCP_PORT(5353, dissect_dns_tcp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(MDNS, "mdns", "Multicast Domain Name System");
const struct protocol proto_mdns = {PROTO_MDNS, .short_name = "mDNS", .columns = dns_columns, .expert = dns_expert,
                                    .values = dns_field_values, .shows = PROTO_DNS, .handoff = mdns_handoff};
static const struct handoff llmnr_handoff[] = {
	UDP_PORT(5355, dissect_llmnr),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(LLMNR, "llmnr", "Link-local Multicast Name Resolution");
const struct protocol proto_llmnr = {PROTO_LLMNR, .short_name = "LLMNR", .columns = dns_columns, .expert = dns_expert,
                                     .values = dns_field_values, .shows = PROTO_DNS,
                                     .handoff = llmnr_handoff};
