/* fieldval_udp.c — field values of the UDP services whose fields have no
 * fixed place: DHCP options, the NBNS question, the SNMP message header,
 * the syslog priority, NTP's timestamps and authenticator, and DHCPv6
 * options, parsed again from the layer's bytes. */
#include <stdio.h>
#include <string.h>

#include "dissect/fieldval_give.h"

/* DHCP: the 236-byte BOOTP header, the magic cookie, then options of
 * code(1) length(1) value; 0 pads, 255 ends. */
static unsigned dhcp_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static const struct {
		const char *name;
		uint8_t code, kind;
	} opts[] = {{"dhcp.option.dhcp", 53, FV_UINT}, {"dhcp.option.hostname", 12, FV_STRING},
		    {"dhcp.option.requested_ip_address", 50, FV_IPV4}, {"dhcp.option.dhcp_server_id", 54, FV_IPV4},
		    {"dhcp.option.vendor_class_id", 60, FV_STRING}};
	/* the hardware type and client address of the header, and again in a
	 * Client Identifier option (61) that holds an Ethernet address */
	bool hw_type = fv_same(a, "dhcp.hw.type"), hw_mac = fv_same(a, "dhcp.hw.mac_addr");
	unsigned given = 0;
	if (hw_type && n >= 2)
		given += fv_give_uint(fn, data, b[1]);
	if (hw_mac && n >= 34 && b[1] == 1 && b[2] == 6)
		given += fv_give_ptr(fn, data, FV_ETHER, b + 28, 6);
	if (n < 240 || b[236] != 99 || b[237] != 130 || b[238] != 83 || b[239] != 99)
		return given;
	for (uint32_t i = 240; i < n;) {
		uint8_t code = b[i];
		if (code == 0) {
			i++;
			continue;
		}
		if (code == 255) {
			/* the end option is its own field; padding after it is
			 * shown as one more option, of type 0 */
			if (fv_same(a, "dhcp.option.end"))
				given += fv_give_uint(fn, data, 255);
			if (fv_same(a, "dhcp.option.type") && i + 1 < n)
				given += fv_give_uint(fn, data, 0);
			break;
		}
		if (i + 2 > n || i + 2u + b[i + 1] > n)
			break;
		uint8_t len = b[i + 1];
		const uint8_t *v = b + i + 2;
		if (fv_same(a, "dhcp.option.type"))
			given += fv_give_uint(fn, data, code);
		else if (fv_same(a, "dhcp.option.length"))
			given += fv_give_uint(fn, data, len);
		else if (code == 61 && len == 7 && v[0] == 1 && hw_type)
			given += fv_give_uint(fn, data, 1);
		else if (code == 61 && len == 7 && v[0] == 1 && hw_mac)
			given += fv_give_ptr(fn, data, FV_ETHER, v + 1, 6);
		for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
			if (opts[k].code != code || !fv_same(a, opts[k].name))
				continue;
			if (opts[k].kind == FV_UINT && len >= 1)
				given += fv_give_uint(fn, data, v[0]);
			else if (opts[k].kind == FV_IPV4 && len == 4)
				given += fv_give_ptr(fn, data, FV_IPV4, v, 4);
			else if (opts[k].kind == FV_STRING) {
				uint8_t l = len;
				while (l > 0 && v[l - 1] == 0) /* C strings written with their NUL */
					l--;
				given += fv_give_ptr(fn, data, FV_STRING, v, l);
			}
		}
		i += 2u + len;
	}
	return given;
}

/* NBNS: a 12-byte header, then the question name in NetBIOS first-level
 * encoding (32 letters 'A'..'P', two per byte), shown as "NAME<xx>". */
/* A NetBIOS name at AT of B (N bytes): length 32, the name's 16 bytes as
 * pairs of letters 'A'+nibble, then a scope (labels) to a zero.  Into
 * NAME (96 bytes) as Wireshark shows it, "HOST<20>" (the padding spaces
 * dropped, the last byte as the suffix); returns its length, or -1 when
 * there is no such name; *AFTER is where it ends. */
static int netbios_name(const uint8_t *b, uint32_t n, uint32_t at, char name[96], uint32_t *after)
{
	if ((uint64_t)at + 34 > n || b[at] != 32)
		return -1;
	uint8_t raw[16];
	for (int i = 0; i < 16; i++) {
		uint8_t hi = (uint8_t)(b[at + 1 + 2 * i] - 'A'), lo = (uint8_t)(b[at + 2 + 2 * i] - 'A');
		if (hi > 15 || lo > 15)
			return -1;
		raw[i] = (uint8_t)(hi << 4 | lo);
	}
	uint32_t end = at + 33;
	while (end < n && b[end] != 0) /* a scope id, labels */
		end += 1u + b[end];
	*after = end + 1;
	int len = 15;
	while (len > 0 && raw[len - 1] == ' ')
		len--;
	int w = 0;
	for (int i = 0; i < len; i++) {
		if (raw[i] >= 0x20 && raw[i] < 0x7f)
			name[w++] = (char)raw[i];
		else /* as Wireshark shows a byte that is no character */
			w += snprintf(name + w, 96 - (size_t)w, "<%02x>", raw[i]);
	}
	w += snprintf(name + w, 96 - (size_t)w, "<%02x>", raw[15]);
	return w;
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

static unsigned nbns_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static char name[96];
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

/* A BER length at B[*I] (short or long form up to 4 bytes); false when cut. */
static bool ber_len(const uint8_t *b, uint32_t n, uint32_t *i, uint32_t *len)
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
	if (n < 2 || b[i++] != 0x30 || !ber_len(b, n, &i, &len))
		return 0;
	if (i >= n || b[i++] != 0x02 || !ber_len(b, n, &i, &len) || len == 0 || len > 4 || i + len > n)
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
	if (i >= n || b[i++] != 0x04 || !ber_len(b, n, &i, &len) || i + len > n)
		return 0;
	if (fv_same(a, "snmp.community"))
		return fv_give_ptr(fn, data, FV_STRING, b + i, len);
	i += len;
	/* the PDU: [n] IMPLICIT SEQUENCE, n its choice (get-request 0 ...) */
	if (i >= n || (b[i] & 0xe0) != 0xa0)
		return 0;
	uint8_t choice = b[i++] & 0x1f;
	if (!ber_len(b, n, &i, &len))
		return 0;
	if (fv_same(a, "snmp.data"))
		return fv_give_uint(fn, data, choice);
	if (choice == 4) /* an SNMPv1 trap has another shape */
		return 0;
	/* request-id, error-status, error-index (non-repeaters and
	 * max-repetitions in a GetBulk) */
	static const char *const ints[] = {"snmp.request_id", "snmp.error_status", "snmp.error_index"};
	for (unsigned k = 0; k < 3; k++) {
		if (i >= n || b[i++] != 0x02 || !ber_len(b, n, &i, &len) || len == 0 || len > 8 || i + len > n)
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
	if (i >= n || b[i++] != 0x30 || !ber_len(b, n, &i, &len))
		return 0;
	end = i + len > n ? n : i + len;
	unsigned given = 0;
	while (i < end) {
		uint32_t blen, olen;
		if (b[i++] != 0x30 || !ber_len(b, end, &i, &blen))
			break;
		uint32_t next = i + blen;
		if (i >= end || b[i++] != 0x06 || !ber_len(b, end, &i, &olen) || olen == 0 || i + olen > end)
			break;
		static char oid[512];
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

/* syslog: "<PRI>" then the message; level PRI & 7, facility PRI >> 3. */
static unsigned syslog_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 3 || b[0] != '<')
		return 0;
	uint32_t i = 1, pri = 0;
	for (; i < n && i < 5 && b[i] >= '0' && b[i] <= '9'; i++)
		pri = pri * 10 + (uint32_t)(b[i] - '0');
	if (i == 1 || i >= n || b[i] != '>' || pri > 191)
		return 0;
	i++;
	if (fv_same(a, "syslog.level"))
		return fv_give_uint(fn, data, pri & 7);
	if (fv_same(a, "syslog.facility"))
		return fv_give_uint(fn, data, pri >> 3);
	if (fv_same(a, "syslog.msg")) {
		uint32_t end = n;
		while (end > i && (b[end - 1] == '\n' || b[end - 1] == '\r' || b[end - 1] == 0))
			end--;
		return fv_give_ptr(fn, data, FV_STRING, b + i, end - i);
	}
	return 0;
}

static uint32_t be32(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

/* NTP (modes 1-5): 48 bytes, the four timestamps at 16, 24, 32 and 40
 * (seconds since 1900 and a binary fraction); then, when 20 bytes or more
 * follow, a key id and a message digest. */
static unsigned ntp_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static const struct {
		const char *name;
		uint8_t at;
	} stamps[] = {{"ntp.reftime", 16}, {"ntp.org", 24}, {"ntp.rec", 32}, {"ntp.xmt", 40}};
	uint32_t mode = n ? b[0] & 7 : 0;
	if (n < 48 || mode == 0 || mode > 5)
		return 0;
	for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++)
		if (fv_same(a, stamps[i].name)) {
			uint64_t sec = be32(b + stamps[i].at), frac = be32(b + stamps[i].at + 4);
			struct fvalue v = {.kind = FV_TIME};
			v.i = (int64_t)(sec - 2208988800u) * 1000000000 + (int64_t)((frac * 1000000000u) >> 32);
			if (sec == 0 && frac == 0)
				v.i = 0; /* "not set": the epoch, as Wireshark keeps it */
			fn(&v, data);
			return 1;
		}
	bool auth = n >= 48 + 4 + 16; /* a key id and a digest of 16 bytes or more */
	if (auth && fv_same(a, "ntp.keyid"))
		return fv_give_ptr(fn, data, FV_BYTES, b + 48, 4);
	if (auth && fv_same(a, "ntp.mac"))
		return fv_give_ptr(fn, data, FV_BYTES, b + 52, n - 52);
	return 0;
}

/* DHCPv6 options in [at, end) of B, depth first: the sub-options of IA_NA
 * (3), IA_TA (4) and IA_PD (25) and the message a Relay Message option (9)
 * carries are walked too. */
static unsigned dhcpv6_options(const uint8_t *b, uint32_t at, uint32_t end, int depth, const char *a, fvalue_fn fn,
			       void *data);

/* A DHCPv6 message in [at, end): msg-type(1), then transaction id(3) and
 * options, or for relay messages (12, 13) hop count(1) link address(16)
 * peer address(16) and options. */
static unsigned dhcpv6_message(const uint8_t *b, uint32_t at, uint32_t end, int depth, const char *a, fvalue_fn fn,
			       void *data)
{
	if (at + 4 > end || depth > 4)
		return 0;
	unsigned given = 0;
	if (b[at] == 12 || b[at] == 13) {
		if (at + 34 > end)
			return 0;
		if (fv_same(a, "dhcpv6.hopcount"))
			given += fv_give_uint(fn, data, b[at + 1]);
		else if (fv_same(a, "dhcpv6.linkaddr"))
			given += fv_give_ptr(fn, data, FV_IPV6, b + at + 2, 16);
		else if (fv_same(a, "dhcpv6.peeraddr"))
			given += fv_give_ptr(fn, data, FV_IPV6, b + at + 18, 16);
		return given + dhcpv6_options(b, at + 34, end, depth, a, fn, data);
	}
	if (fv_same(a, "dhcpv6.xid"))
		given += fv_give_uint(fn, data, (uint32_t)b[at + 1] << 16 | (uint32_t)b[at + 2] << 8 | b[at + 3]);
	return given + dhcpv6_options(b, at + 4, end, depth, a, fn, data);
}

static unsigned dhcpv6_options(const uint8_t *b, uint32_t at, uint32_t end, int depth, const char *a, fvalue_fn fn,
			       void *data)
{
	static char domain[256];
	unsigned given = 0;
	while (at + 4 <= end) {
		uint32_t type = (uint32_t)b[at] << 8 | b[at + 1], len = (uint32_t)b[at + 2] << 8 | b[at + 3];
		uint32_t v = at + 4, vend = v + len;
		if (vend > end)
			break;
		if (fv_same(a, "dhcpv6.option.type"))
			given += fv_give_uint(fn, data, type);
		else if (fv_same(a, "dhcpv6.option.length"))
			given += fv_give_uint(fn, data, len);
		else if (type == 5 && len >= 24 && fv_same(a, "dhcpv6.iaaddr.ip"))
			given += fv_give_ptr(fn, data, FV_IPV6, b + v, 16);
		else if (type == 39 && len >= 1 && fv_same(a, "dhcpv6.client_domain")) {
			/* flags(1), then a domain name in DNS labels (maybe not ending at the root) */
			size_t w = 0;
			uint32_t i = v + 1;
			for (; i < vend && b[i] != 0 && i + 1 + b[i] <= vend; i += 1u + b[i]) {
				if (w && w + 1 < sizeof domain)
					domain[w++] = '.';
				for (uint32_t k = 0; k < b[i] && w + 1 < sizeof domain; k++)
					domain[w++] = (char)b[i + 1 + k];
			}
			if (i < vend && b[i] == 0 && w + 1 < sizeof domain)
				domain[w++] = '.'; /* fully qualified: it ends at the root */
			given += fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)domain, (uint32_t)w);
		}
		if (type == 3 || type == 25)
			given += dhcpv6_options(b, v + 12, vend, depth + 1, a, fn, data);
		else if (type == 4)
			given += dhcpv6_options(b, v + 4, vend, depth + 1, a, fn, data);
		else if (type == 9)
			given += dhcpv6_message(b, v, vend, depth + 1, a, fn, data);
		at = vend;
	}
	return given;
}

/* NBDGM: type(1) flags(1) id(2) source ip(4) port(2); datagrams (0x10-0x12)
 * go on with length(2) offset(2) and the source and destination names, an
 * error (0x13) with its code, queries (0x14-0x16) with the destination. */
static unsigned nbdgm_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static char name[96];
	if (n < 11)
		return 0;
	uint8_t type = b[0];
	if (type == 0x13)
		return fv_same(a, "nbdgm.error_code") ? fv_give_uint(fn, data, b[10]) : 0;
	if (type >= 0x14 && type <= 0x16) {
		uint32_t after;
		int w = fv_same(a, "nbdgm.destination_name") ? netbios_name(b, n, 10, name, &after) : -1;
		return w < 0 ? 0 : fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)name, (uint32_t)w);
	}
	if (type < 0x10 || type > 0x12 || n < 14)
		return 0;
	if (fv_same(a, "nbdgm.dgram_len"))
		return fv_give_uint(fn, data, (uint32_t)b[10] << 8 | b[11]);
	if (fv_same(a, "nbdgm.pkt_offset"))
		return fv_give_uint(fn, data, (uint32_t)b[12] << 8 | b[13]);
	uint32_t after;
	int w = netbios_name(b, n, 14, name, &after);
	if (w < 0)
		return 0;
	if (fv_same(a, "nbdgm.source_name"))
		return fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)name, (uint32_t)w);
	if (fv_same(a, "nbdgm.destination_name") && (w = netbios_name(b, n, after, name, &after)) >= 0)
		return fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)name, (uint32_t)w);
	return 0;
}

unsigned udp_service_values(uint8_t proto, const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn,
			    void *data)
{
	switch (proto) {
	case PROTO_DHCP: return dhcp_values(b, n, abbrev, fn, data);
	case PROTO_NBNS: return nbns_values(b, n, abbrev, fn, data);
	case PROTO_SNMP: return snmp_values(b, n, abbrev, fn, data);
	case PROTO_SYSLOG: return syslog_values(b, n, abbrev, fn, data);
	case PROTO_NTP: return ntp_values(b, n, abbrev, fn, data);
	case PROTO_NBDGM: return nbdgm_values(b, n, abbrev, fn, data);
	case PROTO_DHCPV6: return dhcpv6_message(b, 0, n, 0, abbrev, fn, data);
	default: return 0;
	}
}
