/* spec.c — Network Watcher 5-tuple filters: parsing the value forms and the
 * command line's SPEC, and writing the union of filters as a BPF expression
 * for pcap_compile.  "Local" is the capturing host's side; a filter matches
 * packets going either way, so each becomes (local -> remote) or
 * (remote -> local).  A filter keeps IP packets only, as Network Watcher's
 * do: an address is tested as "ip src host", never "src host" (which ARP
 * frames match too), and a protocol alone is "tcp", "udp" or "ip or ip6". */
#include <arpa/inet.h>
#include <string.h>

#include "capture/spec.h"

static bool usage_error(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static bool usage_error(GError **error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error_literal(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, msg);
	return false;
}

bool spec_parse_protocol(const char *field, const char *text, CaptureProto *out, GError **error)
{
	g_autofree char *t = g_strstrip(g_strdup(text ? text : ""));
	if (g_ascii_strcasecmp(t, "tcp") == 0)
		*out = CAPTURE_PROTO_TCP;
	else if (g_ascii_strcasecmp(t, "udp") == 0)
		*out = CAPTURE_PROTO_UDP;
	else if (g_ascii_strcasecmp(t, "any") == 0 || t[0] == '\0')
		*out = CAPTURE_PROTO_ANY;
	else
		return usage_error(error, "%s '%s' is not a protocol (TCP, UDP or Any)", field, t);
	return true;
}

/* One address or port, TOK already stripped. */
static bool parse_one(const char *field, const char *text, const char *tok, bool is_port,
		      uint32_t *out, GError **error)
{
	if (is_port) {
		guint64 v;
		if (!g_ascii_string_to_unsigned(tok, 10, 0, G_MAXUINT64, &v, NULL) || tok[0] == '+')
			return usage_error(error, "%s '%s': '%s' is not a port number", field, text, tok);
		if (v > 65535)
			return usage_error(error, "%s '%s': port '%s' is out of range (0-65535)", field, text, tok);
		*out = (uint32_t)v;
		return true;
	}
	struct in_addr a;
	if (inet_pton(AF_INET, tok, &a) != 1)
		return usage_error(error, "%s '%s': '%s' is not an IPv4 address", field, text, tok);
	*out = ntohl(a.s_addr);
	return true;
}

static bool parse_range(const char *field, const char *text, bool is_port, struct value_set *out,
			GError **error)
{
	const char *dash = strchr(text, '-');
	g_autofree char *lo = g_strstrip(g_strndup(text, (gsize)(dash - text)));
	g_autofree char *hi = g_strstrip(g_strdup(dash + 1));
	if (!lo[0] || !hi[0])
		return usage_error(error, "%s '%s': the range lacks %s", field, text, lo[0] ? "an end" : "a start");
	if (!parse_one(field, text, lo, is_port, &out->lo, error) ||
	    !parse_one(field, text, hi, is_port, &out->hi, error))
		return false;
	if (out->lo > out->hi)
		return usage_error(error, "%s '%s': the range ends before it starts", field, text);
	out->kind = VALUES_RANGE;
	return true;
}

static bool parse_list(const char *field, const char *text, bool is_port, struct value_set *out,
		       GError **error)
{
	g_auto(GStrv) parts = g_strsplit(text, ";", -1);
	guint n = g_strv_length(parts);
	out->kind = VALUES_LIST;
	out->list = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	for (guint i = 0; i < n; i++) {
		char *tok = g_strstrip(parts[i]);
		if (tok[0] == '\0' && i == n - 1 && i > 0)
			break; /* "80;443;": a trailing separator is allowed */
		if (tok[0] == '\0')
			return usage_error(error, "%s '%s': empty value in the list", field, text);
		uint32_t v;
		if (!parse_one(field, text, tok, is_port, &v, error))
			return false;
		g_array_append_val(out->list, v);
	}
	return true;
}

bool spec_parse_values(const char *field, const char *text, bool is_port, struct value_set *out,
		       GError **error)
{
	*out = (struct value_set){0};
	g_autofree char *t = g_strstrip(g_strdup(text ? text : ""));
	if (t[0] == '\0')
		return true;
	bool ok;
	if (strchr(t, '-') && strchr(t, ';'))
		ok = usage_error(error, "%s '%s': a range cannot be mixed with a list", field, t);
	else if (strchr(t, '-'))
		ok = parse_range(field, t, is_port, out, error);
	else
		ok = parse_list(field, t, is_port, out, error);
	if (!ok && out->list)
		g_array_free(out->list, TRUE);
	if (!ok)
		*out = (struct value_set){0};
	return ok;
}

/* The SPEC keys, with Network Watcher's property names as synonyms. */
static struct value_set *key_slot(struct capture_filter *f, const char *key, bool *is_port,
				  const char **name, unsigned *index)
{
	static const struct {
		const char *key, *nw_name;
		size_t offset;
		bool is_port;
	} keys[] = {
		{"local-ip", "localIPAddress", G_STRUCT_OFFSET(struct capture_filter, local_ip), false},
		{"local-port", "localPort", G_STRUCT_OFFSET(struct capture_filter, local_port), true},
		{"remote-ip", "remoteIPAddress", G_STRUCT_OFFSET(struct capture_filter, remote_ip), false},
		{"remote-port", "remotePort", G_STRUCT_OFFSET(struct capture_filter, remote_port), true},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (g_ascii_strcasecmp(key, keys[i].key) == 0 || g_ascii_strcasecmp(key, keys[i].nw_name) == 0) {
			*is_port = keys[i].is_port;
			*name = keys[i].key;
			*index = (unsigned)i;
			return G_STRUCT_MEMBER_P(f, keys[i].offset);
		}
	}
	return NULL;
}

static bool parse_item(struct capture_filter *f, const char *item, guint *seen, GError **error)
{
	const char *eq = strchr(item, '=');
	if (!eq)
		return usage_error(error, "'%s' is not key=value", item);
	g_autofree char *key = g_strstrip(g_strndup(item, (gsize)(eq - item)));
	const char *value = eq + 1;
	guint bit;
	if (g_ascii_strcasecmp(key, "protocol") == 0) {
		bit = 1u << 4;
		if (*seen & bit)
			return usage_error(error, "'protocol' is given twice");
		*seen |= bit;
		return spec_parse_protocol("protocol", value, &f->proto, error);
	}
	bool is_port;
	const char *name;
	unsigned index;
	struct value_set *slot = key_slot(f, key, &is_port, &name, &index);
	if (!slot)
		return usage_error(error, "unknown key '%s' (protocol, local-ip, local-port, remote-ip or remote-port)",
				   key);
	bit = 1u << index;
	if (*seen & bit)
		return usage_error(error, "'%s' is given twice", name);
	*seen |= bit;
	g_autofree char *v = g_strstrip(g_strdup(value));
	if (v[0] == '\0')
		return usage_error(error, "'%s' has no value", name);
	return spec_parse_values(name, v, is_port, slot, error);
}

bool spec_parse(const char *spec, struct capture_filter *out, GError **error)
{
	*out = (struct capture_filter){0};
	g_autoptr(GError) err = NULL;
	g_autofree char *t = g_strstrip(g_strdup(spec));
	if (t[0] == '\0') {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "filter '%s' is empty", spec);
		return false;
	}
	g_auto(GStrv) items = g_strsplit(t, ",", -1);
	guint seen = 0;
	for (guint i = 0; items[i]; i++) {
		char *item = g_strstrip(items[i]);
		if (item[0] == '\0')
			usage_error(&err, "empty item");
		else
			parse_item(out, item, &seen, &err);
		if (err) {
			capture_filter_clear(out);
			g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "filter '%s': %s", spec, err->message);
			return false;
		}
	}
	return true;
}

/* ---- BPF ------------------------------------------------------------------ */

static const char *proto_word(CaptureProto p)
{
	return p == CAPTURE_PROTO_TCP ? "tcp" : p == CAPTURE_PROTO_UDP ? "udp" : "";
}

static void add_ip(GString *s, const char *dir, const struct value_set *v)
{
	if (v->kind == VALUES_RANGE && v->lo != v->hi) {
		unsigned off = strcmp(dir, "src") == 0 ? 12 : 16;
		g_string_append_printf(s, "(ip[%u:4] >= 0x%08x and ip[%u:4] <= 0x%08x)", off, v->lo, off, v->hi);
		return;
	}
	guint n = v->kind == VALUES_RANGE ? 1 : v->list->len;
	if (n > 1)
		g_string_append_c(s, '(');
	for (guint i = 0; i < n; i++) {
		uint32_t a = v->kind == VALUES_RANGE ? v->lo : g_array_index(v->list, uint32_t, i);
		g_string_append_printf(s, "%sip %s host %u.%u.%u.%u", i ? " or " : "", dir, a >> 24,
				       (a >> 16) & 255, (a >> 8) & 255, a & 255);
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

/* One direction: FROM's values at the source, TO's at the destination.
 * Returns the number of conditions written. */
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
