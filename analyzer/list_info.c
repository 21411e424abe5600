/* list_info.c — the summary line of a frame, as a packet list shows it:
 * source and destination (the innermost IP header's addresses, else the
 * link's), the most specific protocol, and an Info text from the most
 * specific layer that has one. */
#include "analyzer/list_info.h"

#include <stdio.h>
#include <string.h>

#include "analyzer/output.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval.h"

static bool take_first(const struct fvalue *v, void *data)
{
	*(struct fvalue *)data = *v;
	return false;
}

/* The first value of FIELD in P; false when absent. */
static bool first_value(const struct packet *p, const char *field, struct fvalue *out)
{
	const struct proto_def *proto;
	const struct field_def *f = field_lookup(field, &proto);
	return f && field_values(p, proto, f, take_first, out) > 0;
}

static uint64_t uint_or(const struct packet *p, const char *field, uint64_t dflt)
{
	struct fvalue v;
	return first_value(p, field, &v) && v.kind == FV_UINT ? v.u : dflt;
}

static const char *named(const char *field, uint64_t value)
{
	const struct proto_def *proto;
	const struct field_def *f = field_lookup(field, &proto);
	return f ? value_name(f->vals, (uint32_t)value) : NULL;
}

int list_top_layer(const struct packet *p)
{
	for (int i = p->nlayers - 1; i >= 0; i--) {
		uint8_t pr = p->layers[i].proto;
		if (pr != PROTO_DATA && pr != PROTO_TCP_SEGMENTS && pr != PROTO_WS_MALFORMED && pr != PROTO_WS_SHORT &&
		    !(p->layers[i].flags & (PKT_IN_ERROR | PKT_NESTED)))
			return i;
	}
	return -1;
}

/* The TCP options of P's transport header, in their order, as Wireshark's
 * Info shows them (MSS=1460 SACK_PERM TSval=.. TSecr=.. WS=128, SLE= SRE=). */
static uint32_t get_be32(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

static void tcp_options_info(GString *s, const struct packet *p)
{
	if (p->l4_layer < 0)
		return;
	const struct layer *l = &p->layers[p->l4_layer];
	if ((uint64_t)l->off + 20 > p->frame->caplen)
		return;
	const uint8_t *d = p->frame->data + l->off;
	uint32_t end = (uint32_t)(d[12] >> 4) * 4, have = p->frame->caplen - l->off;
	if (end > have)
		end = have;
	bool rel = p->tcp_tracked && p->tcp_has_ack_base;
	for (uint32_t i = 20; i < end && d[i] != 0;) {
		if (d[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= end || d[i + 1] < 2 || i + d[i + 1] > end)
			return;
		const uint8_t *v = d + i + 2;
		uint8_t kind = d[i], len = d[i + 1];
		if (kind == 2 && len == 4)
			g_string_append_printf(s, " MSS=%u", (unsigned)v[0] << 8 | v[1]);
		else if (kind == 3 && len == 3)
			g_string_append_printf(s, " WS=%u", v[0] <= 14 ? 1u << v[0] : 1u << 14);
		else if (kind == 4 && len == 2)
			g_string_append(s, " SACK_PERM");
		else if (kind == 8 && len == 10)
			g_string_append_printf(s, " TSval=%u TSecr=%u", get_be32(v), get_be32(v + 4));
		else if (kind == 5 && (len - 2) % 8 == 0)
			for (uint32_t k = 0; k + 8 <= (uint32_t)len - 2; k += 8)
				g_string_append_printf(s, " SLE=%u SRE=%u", get_be32(v + k) - (rel ? p->tcp_ack_base : 0),
						       get_be32(v + k + 4) - (rel ? p->tcp_ack_base : 0));
		i += len;
	}
}

static void tcp_info(GString *s, const struct packet *p)
{
	static const struct {
		uint16_t bit;
		const char *name;
	} flags[] = {{TH_FIN, "FIN"}, {TH_SYN, "SYN"}, {TH_RST, "RST"}, {TH_PUSH, "PSH"}, {TH_ACK, "ACK"},
		     {TH_URG, "URG"}, {TH_ECE, "ECE"}, {TH_CWR, "CWR"}, {TH_AE, "AE"}};
	g_string_append_printf(s, "%u → %u [", p->sport, p->dport);
	bool any = false;
	for (size_t i = 0; i < G_N_ELEMENTS(flags); i++)
		if (p->tcp_flags & flags[i].bit) {
			g_string_append_printf(s, "%s%s", any ? ", " : "", flags[i].name);
			any = true;
		}
	/* relative numbers when the conversation is followed, as Wireshark shows them */
	g_string_append_printf(s, "] Seq=%u", p->tcp_tracked && p->tcp_has_seq_base ? p->tcp_seq - p->tcp_seq_base : p->tcp_seq);
	if (p->tcp_flags & TH_ACK)
		g_string_append_printf(s, " Ack=%u",
				       p->tcp_tracked && p->tcp_has_ack_base ? p->tcp_ack - p->tcp_ack_base : p->tcp_ack);
	uint64_t win = p->tcp_window;
	if (p->tcp_tracked && p->tcp_win_shift >= 0)
		win <<= p->tcp_win_shift;
	g_string_append_printf(s, " Win=%" G_GUINT64_FORMAT " Len=%u", win, p->tcp_len);
	tcp_options_info(s, p);
}

static void dns_info(GString *s, const struct packet *p)
{
	bool response = uint_or(p, "dns.flags.response", 0);
	g_string_append_printf(s, "Standard query %s0x%04" G_GINT64_MODIFIER "x", response ? "response " : "",
			       uint_or(p, "dns.id", 0));
	struct fvalue name;
	if (first_value(p, "dns.qry.name", &name) && name.kind == FV_STRING) {
		uint64_t type = uint_or(p, "dns.qry.type", 0);
		const char *tn = named("dns.qry.type", type);
		if (tn)
			g_string_append_printf(s, " %s", tn);
		else
			g_string_append_printf(s, " Unknown (%" G_GUINT64_FORMAT ")", type);
		g_string_append_printf(s, " %.*s", (int)name.len, (const char *)name.ptr);
	}
}

/* The first line of a text protocol's layer. */
static void first_line(GString *s, const struct packet *p, const struct layer *l)
{
	bool kept = l->flags & PKT_REASSEMBLED; /* the message's start, kept from earlier segments */
	const uint8_t *base = kept ? p->reasm : p->frame->data;
	uint32_t end = kept ? p->reasm_len : p->frame->caplen;
	for (uint32_t i = l->off; i < end && i - l->off < 160; i++) {
		uint8_t c = base[i];
		if (c == '\r' || c == '\n')
			break;
		g_string_append_c(s, c >= 0x20 && c < 0x7f ? (char)c : '.');
	}
}

static void arp_info(GString *s, const struct packet *p)
{
	struct fvalue spa, tpa, sha;
	char a[64], b[64];
	if (!first_value(p, "arp.src.proto_ipv4", &spa) || !first_value(p, "arp.dst.proto_ipv4", &tpa))
		return;
	addr_str(a, 4, spa.ptr);
	addr_str(b, 4, tpa.ptr);
	uint64_t op = uint_or(p, "arp.opcode", 0);
	if (op == 1) {
		g_string_append_printf(s, "Who has %s? Tell %s", b, a);
	} else if (op == 2 && first_value(p, "arp.src.hw_mac", &sha)) {
		const uint8_t *m = sha.ptr;
		g_string_append_printf(s, "%s is at %02x:%02x:%02x:%02x:%02x:%02x", a, m[0], m[1], m[2], m[3], m[4], m[5]);
	}
}

static void tls_info(GString *s, const struct packet *p)
{
	struct fvalue hs;
	if (first_value(p, "tls.handshake.type", &hs)) {
		static const char *const names[] = {[1] = "Client Hello", [2] = "Server Hello", [4] = "New Session Ticket",
						    [11] = "Certificate", [12] = "Server Key Exchange",
						    [13] = "Certificate Request", [14] = "Server Hello Done",
						    [16] = "Client Key Exchange", [20] = "Finished"};
		const char *n = hs.u < G_N_ELEMENTS(names) ? names[hs.u] : NULL;
		g_string_append(s, n ? n : "Handshake");
		return;
	}
	uint64_t ct = uint_or(p, "tls.record.content_type", uint_or(p, "tls.record.opaque_type", 0));
	g_string_append(s, ct == 23 ? "Application Data" : ct == 20 ? "Change Cipher Spec" : ct == 21 ? "Alert" :
			   "Continuation Data");
}

/* The first value of string FIELD in P as a NUL-terminated copy in BUF
 * (CAP bytes, cut when longer); "" when absent.  As Wireshark shows ASCII
 * text: up to a NUL, a byte outside ASCII as U+FFFD. */
static const char *string_or_empty(const struct packet *p, const char *field, char *buf, size_t cap)
{
	struct fvalue v;
	size_t w = 0;
	if (first_value(p, field, &v) && v.kind == FV_STRING) {
		for (uint32_t i = 0; i < v.len && v.ptr[i] && w + 4 < cap; i++) {
			if (v.ptr[i] < 0x80) {
				buf[w++] = (char)v.ptr[i];
			} else {
				memcpy(buf + w, "\xef\xbf\xbd", 3);
				w += 3;
			}
		}
	}
	buf[w] = 0;
	return buf;
}

/* RTP: "PT=ITU-T G.711 PCMU, SSRC=0x..., Seq=.., Time=..[, Mark]". */
static void rtp_info(GString *s, const struct packet *p)
{
	uint64_t version = uint_or(p, "rtp.version", 0);
	if (version != 2) {
		g_string_append_printf(s, "Unknown RTP version %" G_GUINT64_FORMAT, version);
		return;
	}
	uint64_t pt = uint_or(p, "rtp.p_type", 0);
	const char *name = named("rtp.p_type", (uint32_t)pt);
	if (name)
		g_string_append_printf(s, "PT=%s", name);
	else if (pt >= 96)
		g_string_append_printf(s, "PT=DynamicRTP-Type-%" G_GUINT64_FORMAT, pt);
	else
		g_string_append(s, pt >= 72 && pt <= 76 ? "PT=Reserved for RTCP conflict avoidance" : "PT=Unassigned");
	g_string_append_printf(s, ", SSRC=0x%" G_GINT64_MODIFIER "X, Seq=%" G_GUINT64_FORMAT ", Time=%" G_GUINT64_FORMAT,
			       uint_or(p, "rtp.ssrc", 0), uint_or(p, "rtp.seq", 0), uint_or(p, "rtp.timestamp", 0));
	if (uint_or(p, "rtp.marker", 0))
		g_string_append(s, ", Mark");
}

static bool rtcp_type(const struct fvalue *v, void *data)
{
	const char *n = named("rtcp.pt", (uint32_t)v->u);
	if (n)
		g_string_append_printf(data, "%s   ", n);
	else
		g_string_append_printf(data, "Unknown packet type %" G_GUINT64_FORMAT "   ", v->u);
	return true;
}

/* Up to 16 values of a string field, in order. */
struct strings {
	unsigned n;
	struct fvalue v[16];
};

static bool keep_string(const struct fvalue *v, void *data)
{
	struct strings *s = data;
	if (s->n < G_N_ELEMENTS(s->v))
		s->v[s->n++] = *v;
	return s->n < G_N_ELEMENTS(s->v);
}

static void all_strings(const struct packet *p, const char *field, struct strings *out)
{
	const struct proto_def *proto;
	const struct field_def *f = field_lookup(field, &proto);
	out->n = 0;
	if (f)
		field_values(p, proto, f, keep_string, out);
}

/* How many contacts the Contact header value V lists (commas outside
 * quotes and angle brackets separate them). */
static unsigned sip_contacts(const struct fvalue *v, bool *expires_0)
{
	unsigned n = 1, depth = 0;
	bool quoted = false;
	for (uint32_t i = 0; i < v->len; i++) {
		uint8_t c = v->ptr[i];
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && c == '<')
			depth++;
		else if (!quoted && c == '>' && depth)
			depth--;
		else if (!quoted && !depth && c == ',')
			n++;
	}
	*expires_0 = g_strstr_len((const char *)v->ptr, v->len, "expires=0;") ||
		     (v->len >= 9 && memcmp(v->ptr + v->len - 9, "expires=0", 9) == 0);
	return n;
}

/* What a REGISTER (or a success answering one) does to the bindings, as
 * Wireshark's Info appends it: "  (1 binding)", "  (remove 2 bindings)",
 * "  (fetch bindings)"; a contact whose expires parameter is 0 is removed,
 * and so is every contact when the Expires header is 0. */
static void sip_bindings(GString *s, const struct packet *p, bool request)
{
	struct strings contacts;
	all_strings(p, "sip.Contact", &contacts);
	unsigned n = 0, removed = 0;
	bool star = false;
	for (unsigned i = 0; i < contacts.n; i++) {
		bool zero;
		n += sip_contacts(&contacts.v[i], &zero);
		removed += zero;
		star |= contacts.v[i].len == 1 && contacts.v[i].ptr[0] == '*';
	}
	struct fvalue e;
	bool expires_0 = first_value(p, "sip.Expires", &e) && e.kind == FV_UINT && e.u == 0;
	if (expires_0)
		removed += n;
	if (!request)
		g_string_append_printf(s, "  (%u binding%s)", n, n == 1 ? "" : "s");
	else if (star && expires_0)
		g_string_append(s, "  (remove all bindings)");
	else if (removed)
		g_string_append_printf(s, "  (remove %u binding%s)", removed, removed == 1 ? "" : "s");
	else if (!n)
		g_string_append(s, "  (fetch bindings)");
	else
		g_string_append_printf(s, "  (%u binding%s)", n, n == 1 ? "" : "s");
}

/* SIP as Wireshark's Info shows it: "Request: INVITE sip:bob@host | ",
 * "Unknown request: ..." for a method it does not know, "Status: 200 OK
 * (INVITE) | " (the CSeq's method after a success), the bindings of a
 * registration; a message cut short ends after its start line. */
static void sip_info(GString *s, const struct packet *p, const struct layer *t)
{
	char a[256], b[256];
	/* a CSeq method longer than 16 bytes stops Wireshark's reading there */
	bool stopped = strlen(string_or_empty(p, "sip.CSeq.method", b, sizeof b)) > 16;
	const char *end = stopped || (t->flags & (PKT_MALFORMED | PKT_TRUNCATED)) ? "" : " | ";
	static const char *const known[] = {"ACK", "BYE", "CANCEL", "DO", "INFO", "INVITE", "MESSAGE", "NOTIFY",
					    "OPTIONS", "PRACK", "QAUTH", "REFER", "REGISTER", "SPRACK",
					    "SUBSCRIBE", "UPDATE", "PUBLISH"};
	string_or_empty(p, "sip.Method", a, sizeof a);
	if (a[0]) {
		bool k = false;
		for (size_t i = 0; i < G_N_ELEMENTS(known) && !k; i++)
			k = strcmp(a, known[i]) == 0;
		g_string_append_printf(s, "%s: %s %s", k ? "Request" : "Unknown request", a,
				       string_or_empty(p, "sip.r-uri", b, sizeof b));
		if (!*end)
			return;
		if (strcmp(a, "REGISTER") == 0)
			sip_bindings(s, p, true);
		g_string_append(s, end);
		return;
	}
	uint64_t code = uint_or(p, "sip.Status-Code", 0);
	string_or_empty(p, "sip.Status-Line", a, sizeof a);
	g_string_append_printf(s, "Status: %s", strlen(a) > 8 ? a + 8 : "");
	string_or_empty(p, "sip.CSeq.method", b, sizeof b);
	if (!*end)
		return;
	if (code >= 200 && code < 300 && b[0])
		g_string_append_printf(s, " (%s)", b);
	if (code >= 200 && code < 300 && strcmp(b, "REGISTER") == 0)
		sip_bindings(s, p, false);
	g_string_append(s, end);
}

/* TFTP options as ", name=value" each. */
static void tftp_options_info(GString *s, const struct packet *p)
{
	struct strings names, values;
	all_strings(p, "tftp.option.name", &names);
	all_strings(p, "tftp.option.value", &values);
	for (unsigned i = 0; i < names.n && i < values.n; i++)
		g_string_append_printf(s, ", %.*s=%.*s", (int)names.v[i].len, (const char *)names.v[i].ptr,
				       (int)values.v[i].len, (const char *)values.v[i].ptr);
}

/* TFTP: the opcode, then what it carries ("Read Request, File: f,
 * Transfer type: octet", "Data Packet, Block: 3 (last)"). */
static void tftp_info(GString *s, const struct packet *p, const struct layer *t)
{
	uint64_t op = uint_or(p, "tftp.opcode", 0);
	const char *n = named("tftp.opcode", (uint32_t)op);
	if (n)
		g_string_append(s, n);
	else
		g_string_append_printf(s, "Unknown (0x%04" G_GINT64_MODIFIER "x)", op);
	char a[256], b[256];
	if (op == 1 || op == 2)
		g_string_append_printf(s, ", File: %s, Transfer type: %s",
				       string_or_empty(p, op == 1 ? "tftp.source_file" : "tftp.destination_file", a,
						       sizeof a),
				       string_or_empty(p, "tftp.type", b, sizeof b));
	if (op == 1 || op == 2 || op == 6)
		tftp_options_info(s, p);
	if (op == 3 || op == 4)
		g_string_append_printf(s, ", Block: %" G_GUINT64_FORMAT, uint_or(p, "tftp.block", 0));
	if (op == 3 && t->len < 4 + 512) /* shorter than the default block: the last */
		g_string_append(s, " (last)");
	if (op == 5) {
		uint64_t code = uint_or(p, "tftp.error.code", 0);
		const char *cn = named("tftp.error.code", (uint32_t)code);
		if (cn)
			g_string_append_printf(s, ", Code: %s", cn);
		else
			g_string_append_printf(s, ", Code: Unknown (%" G_GUINT64_FORMAT ")", code);
		g_string_append_printf(s, ", Message: %s", string_or_empty(p, "tftp.error.message", a, sizeof a));
	}
}

void list_line_fill(struct list_line *l, const struct packet *p)
{
	g_string_truncate(l->info, 0);
	l->src[0] = l->dst[0] = 0;
	if (p->ip_layer >= 0) {
		addr_str(l->src, p->ip_version, p->ip_src);
		addr_str(l->dst, p->ip_version, p->ip_dst);
	} else {
		struct fvalue a, b;
		if (first_value(p, "eth.src", &a) && first_value(p, "eth.dst", &b)) {
			const uint8_t *m = a.ptr, *n = b.ptr;
			g_snprintf(l->src, sizeof l->src, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
			g_snprintf(l->dst, sizeof l->dst, "%02x:%02x:%02x:%02x:%02x:%02x", n[0], n[1], n[2], n[3], n[4], n[5]);
		}
	}
	int top = list_top_layer(p);
	if (top < 0) {
		g_strlcpy(l->proto, p->nlayers ? "DATA" : "UNKNOWN", sizeof l->proto);
		return;
	}
	const struct layer *t = &p->layers[top];
	const char *abbrev = proto_get((enum proto_id)t->proto)->abbrev;
	size_t i = 0;
	for (; abbrev[i] && i + 1 < sizeof l->proto; i++)
		l->proto[i] = g_ascii_toupper(abbrev[i]);
	l->proto[i] = 0;
	switch (t->proto) {
	case PROTO_TCP:
		tcp_info(l->info, p);
		break;
	case PROTO_UDP:
		g_string_append_printf(l->info, "%u → %u Len=%" G_GUINT64_FORMAT, p->sport, p->dport,
				       uint_or(p, "udp.length", 8) - 8);
		break;
	case PROTO_DNS: case PROTO_MDNS: case PROTO_LLMNR:
		dns_info(l->info, p);
		break;
	case PROTO_HTTP: case PROTO_SSDP:
		first_line(l->info, p, t);
		break;
	case PROTO_TLS:
		tls_info(l->info, p);
		break;
	case PROTO_ARP:
		arp_info(l->info, p);
		break;
	case PROTO_SIP:
		sip_info(l->info, p, t);
		break;
	case PROTO_RTP:
		rtp_info(l->info, p);
		break;
	case PROTO_RTCP: {
		const struct proto_def *proto;
		const struct field_def *f = field_lookup("rtcp.pt", &proto);
		if (f)
			field_values(p, proto, f, rtcp_type, l->info);
		break;
	}
	case PROTO_TFTP:
		tftp_info(l->info, p, t);
		break;
	case PROTO_ICMP: case PROTO_ICMPV6: {
		const char *field = t->proto == PROTO_ICMP ? "icmp.type" : "icmpv6.type";
		const char *n = named(field, uint_or(p, field, 0));
		g_string_append(l->info, n ? n : "Unknown type");
		break;
	}
	default:
		if (!list_info_ext(l, p, t))
			g_string_append(l->info, proto_get((enum proto_id)t->proto)->name);
	}
}
