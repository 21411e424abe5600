/* fieldval_dns.c — DNS (mDNS, LLMNR) field values parsed from the message:
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
#include <stdio.h>

#include "dissect/fieldval_give.h"

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

static char name_buf[1024];

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

bool dns_field_values(const uint8_t *b, uint32_t n, uint8_t proto, const char *a, fvalue_fn fn, void *data)
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
