/* findings_packet.c — what one packet alone tells: credentials sent in
 * the clear (telnet, FTP, POP3, IMAP, HTTP Basic, SNMP communities) and
 * tunnels (6in4, Teredo, GRE, VXLAN). */
#include <string.h>

#include "stats/findings_private.h"

/* The first bytes of a user name or community, the rest as stars: the
 * report names a credential without printing it. */
static char *masked(const uint8_t *b, size_t n)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < n && i < 32; i++) {
		uint8_t c = b[i];
		if (i < 2 && c > 32 && c < 127)
			g_string_append_c(s, (char)c);
		else
			g_string_append_c(s, '*');
	}
	return g_string_free(s, FALSE);
}

static void note(findings_state *st, const struct packet *p, PairKind kind, bool to_server, const uint8_t *user,
		 size_t ulen)
{
	const uint8_t *client = to_server ? p->ip_src : p->ip_dst, *server = to_server ? p->ip_dst : p->ip_src;
	uint16_t port = to_server ? p->dport : p->sport;
	struct pairagg *a = pair_get(st, kind, p->ip_version, client, server, port);
	pair_frame(a, p);
	if (user && !a->note)
		a->note = masked(user, ulen);
}

/* The argument after a command word CMD (with its space) on the line at B. */
static bool command(const uint8_t *b, uint32_t n, const char *cmd, const uint8_t **arg, size_t *alen)
{
	size_t l = strlen(cmd);
	if (n <= l || g_ascii_strncasecmp((const char *)b, cmd, l) != 0)
		return false;
	const uint8_t *e = memchr(b + l, '\r', n - l);
	*arg = b + l;
	*alen = e ? (size_t)(e - (b + l)) : n - l;
	return true;
}

/* The user of an HTTP Basic authorization in B, or false. */
static bool http_basic(const uint8_t *b, uint32_t n, char **user)
{
	static const char key[] = "\nAuthorization: Basic ";
	const uint8_t *h = memmem(b, n, key, sizeof key - 1);
	if (!h)
		return false;
	h += sizeof key - 1;
	const uint8_t *e = memchr(h, '\r', n - (uint32_t)(h - b));
	g_autofree char *enc = g_strndup((const char *)h, e ? (size_t)(e - h) : n - (size_t)(h - b));
	gsize dlen = 0;
	g_autofree guchar *dec = g_base64_decode(enc, &dlen);
	const guchar *colon = dec ? memchr(dec, ':', dlen) : NULL;
	*user = masked(dec ? dec : (const guchar *)"", colon ? (size_t)(colon - dec) : dlen);
	return true;
}

/* The community of an SNMP message (SEQUENCE, INTEGER version, OCTET STRING). */
static bool snmp_community(const uint8_t *b, uint32_t n, const uint8_t **c, size_t *clen)
{
	uint32_t i = 0;
	if (n < 2 || b[i++] != 0x30)
		return false;
	if (b[i] & 0x80)
		i += 1 + (b[i] & 0x7f);
	else
		i++;
	if (i + 3 > n || b[i] != 0x02)
		return false;
	i += 2 + b[i + 1];
	if (i + 2 > n || b[i] != 0x04 || (b[i + 1] & 0x80))
		return false;
	*clen = b[i + 1];
	*c = b + i + 2;
	return i + 2 + *clen <= n;
}

static void tcp_cleartext(findings_state *st, const struct packet *p, const uint8_t *b, uint32_t n)
{
	const uint8_t *arg;
	size_t alen;
	if (p->dport == 23 || p->sport == 23) {
		if (p->dport == 23)
			note(st, p, PK_TELNET, true, NULL, 0);
	} else if (p->dport == 21 || p->dport == 110) {
		PairKind k = p->dport == 21 ? PK_FTP : PK_POP;
		if (command(b, n, "USER ", &arg, &alen))
			note(st, p, k, true, arg, alen);
		else if (command(b, n, "PASS ", &arg, &alen))
			note(st, p, k, true, NULL, 0);
	} else if (p->dport == 143) {
		const uint8_t *sp = memchr(b, ' ', n < 64 ? n : 64);
		if (sp && command(sp + 1, n - (uint32_t)(sp + 1 - b), "LOGIN ", &arg, &alen)) {
			const uint8_t *e = memchr(arg, ' ', alen);
			note(st, p, PK_IMAP, true, arg, e ? (size_t)(e - arg) : alen);
		}
	}
}

void cleartext_packet(findings_state *st, const struct packet *p)
{
	if (!st->cfg.enabled[FIND_CLEARTEXT] || (p->flags & PKT_IN_ERROR))
		return;
	for (int i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		if (l->flags & (PKT_REASSEMBLED | PKT_IN_ERROR) || l->off >= p->frame->caplen)
			continue;
		const uint8_t *b = p->frame->data + l->off;
		uint32_t n = p->frame->caplen - l->off;
		if (l->len && l->len < n)
			n = l->len;
		if (l->proto == PROTO_SNMP) {
			const uint8_t *c;
			size_t clen;
			if (snmp_community(b, n, &c, &clen))
				note(st, p, PK_SNMP, true, c, clen);
			return;
		}
		if (l->proto == PROTO_HTTP) {
			g_autofree char *user = NULL;
			if (http_basic(b, n, &user)) {
				struct pairagg *a = pair_get(st, PK_HTTP_BASIC, p->ip_version, p->ip_src, p->ip_dst, p->dport);
				pair_frame(a, p);
				if (!a->note)
					a->note = g_steal_pointer(&user);
			}
			return;
		}
	}
	if (!pkt_has_tcp(p) || !p->tcp_len)
		return;
	const struct layer *t = &p->layers[p->l4_layer];
	uint32_t off = t->off + p->tcp_hdr_len;
	if ((t->flags & PKT_REASSEMBLED) || off >= p->frame->caplen)
		return;
	uint32_t n = p->frame->caplen - off;
	tcp_cleartext(st, p, p->frame->data + off, n < p->tcp_len ? n : p->tcp_len);
}

/* The outer addresses of IP layer L of P into *FAMILY, SRC and DST. */
static bool outer_addrs(const struct packet *p, const struct layer *l, uint8_t *family, uint8_t *src, uint8_t *dst)
{
	const uint8_t *d = p->frame->data;
	memset(src, 0, 16);
	memset(dst, 0, 16);
	if (l->proto == PROTO_IP && l->off + 20 <= p->frame->caplen) {
		*family = 4;
		memcpy(src, d + l->off + 12, 4);
		memcpy(dst, d + l->off + 16, 4);
		return true;
	}
	if (l->proto == PROTO_IPV6 && l->off + 40 <= p->frame->caplen) {
		*family = 6;
		memcpy(src, d + l->off + 8, 16);
		memcpy(dst, d + l->off + 24, 16);
		return true;
	}
	return false;
}

void tunnel_packet(findings_state *st, const struct packet *p)
{
	if (!st->cfg.enabled[FIND_TUNNELS] || (p->flags & PKT_IN_ERROR))
		return;
	int outer = -1;
	for (int i = 0; i + 1 < p->nlayers; i++) {
		unsigned a = p->layers[i].proto, b = p->layers[i + 1].proto;
		if (a == PROTO_IP || a == PROTO_IPV6) {
			outer = i;
		}
		PairKind k = PK_NKINDS;
		if (a == PROTO_IP && b == PROTO_IPV6)
			k = PK_6IN4;
		else if (a == PROTO_UDP && b == PROTO_IPV6)
			k = PK_TEREDO;
		else if (b == PROTO_GRE)
			k = PK_GRE;
		else if (b == PROTO_VXLAN)
			k = PK_VXLAN;
		if (k == PK_NKINDS || outer < 0)
			continue;
		uint8_t family, src[16], dst[16];
		if (!outer_addrs(p, &p->layers[outer], &family, src, dst))
			return;
		if (findings_addr_internal(family, src) && findings_addr_internal(family, dst))
			return;
		pair_frame(pair_get(st, k, family, src, dst, 0), p);
		return;
	}
}
