/* spec_bpf.c — the union of 5-tuple filters as one BPF expression
 * (pcap-filter syntax) for pcap_compile.  "Local" is the capturing host's
 * side; a filter matches packets going either way, so each becomes
 * (local -> remote) or (remote -> local).  A filter keeps IP packets only,
 * as Network Watcher's do: an address is tested on the IP header ("ip src
 * host", "ip6 src host", ip[12:4], ip6[8:4] ...), never as "src host"
 * (which ARP frames match too), and a protocol alone is "tcp", "udp" or
 * "ip or ip6". */
#include <arpa/inet.h>
#include <string.h>

#include "capture/spec.h"

static const char *proto_word(CaptureProto p)
{
	return p == CAPTURE_PROTO_TCP ? "tcp" : p == CAPTURE_PROTO_UDP ? "udp" : "";
}

/* Word K (0-3) of A's bytes, as BPF loads it. */
static uint32_t addr_word(const struct capture_addr *a, int k)
{
	const uint8_t *p = a->b + 4 * k;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void add_host(GString *s, const char *dir, const struct capture_addr *a)
{
	char text[INET6_ADDRSTRLEN] = "";
	inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->b, text, sizeof text);
	g_string_append_printf(s, "%s %s host %s", a->family == 4 ? "ip" : "ip6", dir, text);
}

static void add_word(GString *s, unsigned off, int k, const char *op, uint32_t v)
{
	g_string_append_printf(s, "ip6[%u:4] %s 0x%08x", off + 4u * (unsigned)k, op, v);
}

/* The address's words K..3 (at ip6[OFF + 4k:4]), read as one number, at
 * least (GE) or at most (!GE) those of W.  BPF compares 32 bits at a time,
 * unsigned: word K beyond W's, or equal and the rest compared the same way;
 * once W's remaining words are all 0 (at least) or all 1s (at most), word K
 * alone decides. */
static void add_bound(GString *s, unsigned off, const uint32_t *w, int k, bool ge)
{
	bool rest_open = true;
	for (int i = k + 1; i < 4; i++)
		rest_open = rest_open && w[i] == (ge ? 0 : 0xffffffffu);
	if (rest_open) {
		add_word(s, off, k, ge ? ">=" : "<=", w[k]);
		return;
	}
	g_string_append_c(s, '(');
	add_word(s, off, k, ge ? ">" : "<", w[k]);
	g_string_append(s, " or (");
	add_word(s, off, k, "==", w[k]);
	g_string_append(s, " and ");
	add_bound(s, off, w, k + 1, ge);
	g_string_append(s, "))");
}

/* An IPv6 range LO-HI (LO < HI) at the source or destination: the words
 * they share, then the bounds from the first word where they differ. */
static void add_range6(GString *s, const char *dir, const struct capture_addr *lo, const struct capture_addr *hi)
{
	unsigned off = strcmp(dir, "src") == 0 ? 8 : 24;
	uint32_t l[4], h[4];
	for (int k = 0; k < 4; k++) {
		l[k] = addr_word(lo, k);
		h[k] = addr_word(hi, k);
	}
	int k = 0;
	g_string_append_c(s, '(');
	for (; k < 3 && l[k] == h[k]; k++) {
		add_word(s, off, k, "==", l[k]);
		g_string_append(s, " and ");
	}
	add_bound(s, off, l, k, true);
	g_string_append(s, " and ");
	add_bound(s, off, h, k, false);
	g_string_append_c(s, ')');
}

static void add_ip(GString *s, const char *dir, const struct value_set *v)
{
	if (v->kind == VALUES_RANGE && memcmp(v->alo.b, v->ahi.b, sizeof v->alo.b) != 0) {
		if (v->alo.family == 6) {
			add_range6(s, dir, &v->alo, &v->ahi);
			return;
		}
		unsigned off = strcmp(dir, "src") == 0 ? 12 : 16;
		g_string_append_printf(s, "(ip[%u:4] >= 0x%08x and ip[%u:4] <= 0x%08x)", off, addr_word(&v->alo, 0),
				       off, addr_word(&v->ahi, 0));
		return;
	}
	guint n = v->kind == VALUES_RANGE ? 1 : v->list->len;
	if (n > 1)
		g_string_append_c(s, '(');
	for (guint i = 0; i < n; i++) {
		if (i)
			g_string_append(s, " or ");
		add_host(s, dir, v->kind == VALUES_RANGE ? &v->alo : &g_array_index(v->list, struct capture_addr, i));
	}
	if (n > 1)
		g_string_append_c(s, ')');
}

static void add_port(GString *s, const char *proto, const char *dir, const struct value_set *v)
{
	const char *sp = proto[0] ? " " : "";
	if (v->kind == VALUES_RANGE && v->lo != v->hi) {
		g_string_append_printf(s, "%s%s%s portrange %u-%u", proto, sp, dir, v->lo, v->hi);
		return;
	}
	guint n = v->kind == VALUES_RANGE ? 1 : v->list->len;
	if (n > 1)
		g_string_append_c(s, '(');
	for (guint i = 0; i < n; i++) {
		uint32_t p = v->kind == VALUES_RANGE ? v->lo : g_array_index(v->list, uint32_t, i);
		g_string_append_printf(s, "%s%s%s%s port %u", i ? " or " : "", proto, sp, dir, p);
	}
	if (n > 1)
		g_string_append_c(s, ')');
}

/* One direction: the local values at the source and the remote ones at the
 * destination (OUTBOUND), or the other way round.  Returns the number of
 * conditions written. */
static int add_direction(GString *s, const struct capture_filter *f, bool outbound)
{
	const struct value_set *sets[4] = {&f->local_ip, &f->local_port, &f->remote_ip, &f->remote_port};
	const char *dirs[4] = {"src", "src", "dst", "dst"};
	int n = 0;
	for (int i = 0; i < 4; i++) {
		const struct value_set *v = sets[i];
		if (v->kind == VALUES_ANY)
			continue;
		const char *dir = outbound ? dirs[i] : (dirs[i][0] == 's' ? "dst" : "src");
		if (n++)
			g_string_append(s, " and ");
		if (i % 2 == 0)
			add_ip(s, dir, v);
		else
			add_port(s, proto_word(f->proto), dir, v);
	}
	return n;
}

static char *filter_to_bpf(const struct capture_filter *f)
{
	const char *proto = proto_word(f->proto);
	GString *out = g_string_new(NULL);
	GString *s = g_string_new(NULL);
	if (add_direction(s, f, true) == 0) { /* the protocol alone, IP only */
		g_string_free(s, TRUE);
		g_string_append(out, proto[0] ? proto : "ip or ip6");
		return g_string_free(out, FALSE);
	}
	if (proto[0])
		g_string_append_printf(out, "%s and ", proto);
	g_string_append_printf(out, "((%s) or (", s->str);
	g_string_truncate(s, 0);
	add_direction(s, f, false);
	g_string_append_printf(out, "%s))", s->str);
	g_string_free(s, TRUE);
	return g_string_free(out, FALSE);
}

char *spec_to_bpf(const GArray *filters)
{
	if (!filters || filters->len == 0)
		return g_strdup("");
	if (filters->len == 1)
		return filter_to_bpf(&g_array_index(filters, struct capture_filter, 0));
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < filters->len; i++) {
		g_autofree char *one = filter_to_bpf(&g_array_index(filters, struct capture_filter, i));
		g_string_append_printf(out, "%s(%s)", i ? " or " : "", one);
	}
	return g_string_free(out, FALSE);
}

char *spec_capture_filter(const GArray *filters, const char *raw)
{
	char *tuple = spec_to_bpf(filters);
	if (!raw || !raw[0])
		return tuple;
	if (!tuple[0]) {
		g_free(tuple);
		return g_strdup(raw);
	}
	char *both = g_strdup_printf("(%s) and (%s)", tuple, raw);
	g_free(tuple);
	return both;
}
