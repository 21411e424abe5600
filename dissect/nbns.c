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
#include <stdio.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

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
	p->layers[idx].len = cursor_left(c); /* the datagram's, not the frame's */
	uint32_t start = c->off;
	app_skip(c, 4); /* ID, flags */
	uint16_t qd = cursor_be16(c), an = cursor_be16(c);
	uint16_t ns = cursor_be16(c), ar = cursor_be16(c);
	if (cursor_ok(c) && nbns_records(c, start, qd, true) && nbns_records(c, start, an, false) &&
	    nbns_records(c, start, ns, false))
		nbns_records(c, start, ar, false);
	app_note(p, idx, c);
}

/* ---- the packet list ----------------------------------------------------- */

/* The domain name at *AT of B (N bytes), labels joined by '.', pointers
 * followed, into OUT; *AT moves past it.  False when it runs off the end. */
static bool nbns_dns_name(const uint8_t *b, uint32_t n, uint32_t *at, GString *out)
{
	uint32_t off = *at;
	bool jumped = false;
	for (int hops = 0; hops < 64; hops++) {
		if (off >= n)
			return false;
		uint8_t len = b[off];
		if ((len & 0xc0) == 0xc0) {
			if (off + 1 >= n)
				return false;
			if (!jumped)
				*at = off + 2;
			jumped = true;
			off = (uint32_t)(len & 0x3f) << 8 | b[off + 1];
			continue;
		}
		if (len == 0) {
			if (!jumped)
				*at = off + 1;
			if (out->len == 0)
				g_string_append(out, "<Root>");
			return true;
		}
		if ((uint64_t)off + 1 + len > n)
			return false;
		if (out->len)
			g_string_append_c(out, '.');
		g_string_append_len(out, (const char *)b + off + 1, len);
		off += 1u + len;
	}
	return false;
}

/* The first-level encoded NetBIOS name of ENC decoded as Wireshark shows
 * it, "NAME<xx>" and its scope, or why it is no NetBIOS name. */
static void nbns_decode(const char *enc, GString *out)
{
	uint8_t raw[16];
	size_t k = 0;
	const char *s = enc;
	for (; *s && *s != '.'; s += 2) {
		if (*s < 'A' || *s > 'Z') {
			g_string_append(out, "Illegal NetBIOS name (1st character not between A and Z in first-level encoding)");
			return;
		}
		if (s[1] == 0 || s[1] == '.') {
			g_string_append(out, "Illegal NetBIOS name (odd number of bytes)");
			return;
		}
		if (s[1] < 'A' || s[1] > 'Z') {
			g_string_append(out, "Illegal NetBIOS name (2nd character not between A and Z in first-level encoding)");
			return;
		}
		if (k < 16)
			raw[k++] = (uint8_t)((s[0] - 'A') << 4 | (s[1] - 'A'));
	}
	if (k != 16) {
		g_string_append_printf(out, "Illegal NetBIOS name (%zu bytes long)", k);
		return;
	}
	size_t start = out->len;
	for (int i = 0; i < 15; i++)
		if (raw[i] >= ' ' && raw[i] <= '~')
			g_string_append_c(out, (char)raw[i]);
		else
			g_string_append_printf(out, "<%02x>", raw[i]);
	while (out->len > start && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
	g_string_append_printf(out, "<%02x>%s", raw[15], s);
}

static const char *nbns_type_text(uint16_t type)
{
	return type == 0x20 ? "NB" : type == 0x21 ? "NBSTAT" : "Unknown";
}

/* One question or record at *AT of B (N bytes) added to Info when SHOW: a
 * question as its type and name, an NB record as its first address, another
 * record as its type.  False when it runs off the end. */
static bool nbns_col_record(struct columns *c, const uint8_t *b, uint32_t n, uint32_t *at, bool question,
			    bool show, unsigned opcode)
{
	g_autoptr(GString) enc = g_string_new(NULL);
	if (!nbns_dns_name(b, n, at, enc) || (uint64_t)*at + 4 > n)
		return false;
	uint16_t type = (uint16_t)(b[*at] << 8 | b[*at + 1]);
	*at += 4;
	if (question) {
		if (show) {
			g_autoptr(GString) name = g_string_new(NULL);
			nbns_decode(enc->str, name);
			col_append(c, " %s %s", nbns_type_text(type), name->str);
		}
		return true;
	}
	if ((uint64_t)*at + 6 > n)
		return false;
	uint16_t rdlen = (uint16_t)(b[*at + 4] << 8 | b[*at + 5]);
	*at += 6;
	if (show && type != 0x20) {
		col_append(c, " %s", nbns_type_text(type));
	} else if (show && opcode != 7) { /* a wait for acknowledgment names no address */
		if ((uint64_t)*at + 6 > n)
			return false;
		col_append(c, " NB %u.%u.%u.%u", b[*at + 2], b[*at + 3], b[*at + 4], b[*at + 5]);
	}
	*at += rdlen;
	return *at <= n;
}

/* The operation, " response" and its error, then the questions of a
 * query or the answers of a response. */
static void nbns_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const rcodes[] = {NULL,
					     "Request was invalidly formatted",
					     "Server failure",
					     "Requested name does not exist",
					     "Request is not implemented",
					     "Request was refused",
					     "Name is owned by another node",
					     "Name is in conflict"};
	uint32_t n = 0;
	const uint8_t *b = col_layer_given(p, idx, &n);
	col_proto(c, "NBNS");
	col_clear(c);
	if (n < 4)
		return;
	uint16_t flags = (uint16_t)(b[2] << 8 | b[3]);
	unsigned opcode = (flags >> 11) & 0xf, rcode = flags & 0xf;
	bool response = flags & 0x8000;
	const char *op = value_name(nbns_opcode_vals, opcode);
	if (op)
		col_set(c, "%s%s", op, response ? " response" : "");
	else
		col_set(c, "Unknown operation (%u)%s", opcode, response ? " response" : "");
	if (response && rcode)
		col_append(c, ", %s", rcode < 8 ? rcodes[rcode] : "Unknown error");
	if (n < 12)
		return;
	uint32_t at = 12;
	unsigned qd = (unsigned)(b[4] << 8 | b[5]), an = (unsigned)(b[6] << 8 | b[7]);
	for (unsigned i = 0; i < qd; i++)
		if (!nbns_col_record(c, b, n, &at, true, !response, opcode))
			return;
	for (unsigned i = 0; i < an; i++)
		if (!nbns_col_record(c, b, n, &at, false, response, opcode))
			return;
}

/* What a NetBIOS name's last byte says its owner is, as a record's name
 * shows it after the name. */
static const char *netbios_suffix_name(uint8_t t)
{
	switch (t) {
	case 0x00: return "Workstation/Redirector";
	case 0x01: return "Browser";
	case 0x03: return "Messenger service/Main name";
	case 0x06: return "RAS Server service";
	case 0x1b: return "Domain Master Browser";
	case 0x1c: return "Domain Controllers";
	case 0x1d: return "Local Master Browser";
	case 0x1e: return "Browser Election Service";
	case 0x1f: return "Net DDE Service";
	case 0x20: return "Server service";
	case 0x21: return "RAS client service";
	case 0xbe: return "Network Monitor Agent";
	case 0xbf: return "Network Monitor Analyzer";
	default: return "Unknown";
	}
}

/* NBNS: a 12-byte header, then the question name in NetBIOS first-level
 * encoding (32 letters 'A'..'P', two per byte), shown as "NAME<xx>". */
static unsigned nbns_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static __thread char name[96];
	/* flags Wireshark shows in responses only */
	static const struct {
		const char *name;
		uint32_t mask;
	} reply_flags[] = {{"nbns.flags.authoritative", 0x0400}, {"nbns.flags.recavail", 0x0080},
			   {"nbns.flags.rcode", 0x000f}};
	for (size_t i = 0; i < sizeof reply_flags / sizeof reply_flags[0]; i++)
		if (fv_same(a, reply_flags[i].name)) {
			uint32_t flags = n >= 4 ? (uint32_t)b[2] << 8 | b[3] : 0;
			if (!(flags & 0x8000))
				return 0;
			uint32_t m = reply_flags[i].mask;
			return fv_give_uint(fn, data, m == 0x000f ? flags & m : (flags & m) != 0);
		}
	if (n < 12)
		return 0;
	/* every record in order: questions, then answers, authority and
	 * additional records (TTL, data length and, for NB, the addresses) */
	unsigned given = 0;
	uint32_t at = 12, total = 0;
	uint32_t counts[4];
	for (int k = 0; k < 4; k++)
		total += counts[k] = (uint32_t)b[4 + 2 * k] << 8 | b[5 + 2 * k];
	for (uint32_t r = 0; r < total && r < 64; r++) {
		bool question = r < counts[0];
		uint32_t after;
		int w;
		if (at + 2 <= n && (b[at] & 0xc0) == 0xc0) { /* a pointer to an earlier name */
			uint32_t to = ((uint32_t)b[at] & 0x3f) << 8 | b[at + 1], end;
			w = netbios_name(b, n, to, name, &end);
			after = at + 2;
		} else {
			w = netbios_name(b, n, at, name, &after);
		}
		if (w < 0)
			return given;
		if (!question) { /* "NAME<xx> (what xx means)"; xx is the 16th byte */
			unsigned t = 0;
			sscanf(name + w - 3, "%2x", &t);
			w += snprintf(name + w, 96 - (size_t)w, " (%s)", netbios_suffix_name((uint8_t)t));
			if (w > 95)
				w = 95;
		}
		if (fv_same(a, "nbns.name"))
			given += fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)name, (uint32_t)w);
		if ((uint64_t)after + 4 > n)
			return given;
		uint32_t type = (uint32_t)b[after] << 8 | b[after + 1];
		if (fv_same(a, "nbns.type"))
			given += fv_give_uint(fn, data, type);
		else if (fv_same(a, "nbns.class"))
			given += fv_give_uint(fn, data, (uint64_t)b[after + 2] << 8 | b[after + 3]);
		at = after + 4;
		if (question)
			continue;
		if ((uint64_t)at + 6 > n)
			return given;
		uint32_t rdlen = (uint32_t)b[at + 4] << 8 | b[at + 5];
		if (fv_same(a, "nbns.ttl"))
			given += fv_give_uint(fn, data, (uint64_t)b[at] << 24 | (uint64_t)b[at + 1] << 16 |
							   (uint64_t)b[at + 2] << 8 | b[at + 3]);
		else if (fv_same(a, "nbns.data_length"))
			given += fv_give_uint(fn, data, rdlen);
		at += 6;
		if (type == 0x20 && fv_same(a, "nbns.addr")) /* NB: flags and an address each */
			for (uint32_t e = 0; e + 6 <= rdlen && (uint64_t)at + e + 6 <= n; e += 6)
				given += fv_give_ptr(fn, data, FV_IPV4, b + at + e + 2, 4);
		at += rdlen;
	}
	return given;
}

static void nbns_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		nbns_values(d, n, f->abbrev, fn, data);
}

static const struct handoff nbns_handoff[] = {
	UDP_PORT(137, dissect_nbns),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(NBNS, "nbns", "NetBIOS Name Service");
const struct protocol proto_nbns = {PROTO_NBNS, .short_name = "NBNS", .columns = nbns_columns, .values = nbns_field_values,
				    .fields = &nbns_table, .handoff = nbns_handoff};
