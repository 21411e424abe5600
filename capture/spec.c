/* spec.c — Network Watcher 5-tuple filters: parsing the value forms (IPv4
 * and IPv6 addresses, ports) and the command line's SPEC.  spec_bpf.c
 * writes them as a BPF expression. */
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

/* One port, TOK already stripped. */
static bool parse_port(const char *field, const char *text, const char *tok, uint32_t *out, GError **error)
{
	guint64 v;
	if (!g_ascii_string_to_unsigned(tok, 10, 0, G_MAXUINT64, &v, NULL) || tok[0] == '+')
		return usage_error(error, "%s '%s': '%s' is not a port number", field, text, tok);
	if (v > 65535)
		return usage_error(error, "%s '%s': port '%s' is out of range (0-65535)", field, text, tok);
	*out = (uint32_t)v;
	return true;
}

/* One address, IPv4 or IPv6, TOK already stripped. */
static bool parse_addr(const char *field, const char *text, const char *tok, struct capture_addr *out,
		       GError **error)
{
	*out = (struct capture_addr){0};
	if (inet_pton(AF_INET, tok, out->b) == 1)
		out->family = 4;
	else if (inet_pton(AF_INET6, tok, out->b) == 1)
		out->family = 6;
	else
		return usage_error(error, "%s '%s': '%s' is not an IPv4 or IPv6 address", field, text, tok);
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
	bool backwards;
	if (is_port) {
		if (!parse_port(field, text, lo, &out->lo, error) || !parse_port(field, text, hi, &out->hi, error))
			return false;
		backwards = out->lo > out->hi;
	} else {
		if (!parse_addr(field, text, lo, &out->alo, error) || !parse_addr(field, text, hi, &out->ahi, error))
			return false;
		if (out->alo.family != out->ahi.family)
			return usage_error(error, "%s '%s': the range mixes IPv4 and IPv6", field, text);
		backwards = memcmp(out->alo.b, out->ahi.b, sizeof out->alo.b) > 0;
	}
	if (backwards)
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
	out->list = g_array_new(FALSE, FALSE, is_port ? sizeof(uint32_t) : sizeof(struct capture_addr));
	for (guint i = 0; i < n; i++) {
		char *tok = g_strstrip(parts[i]);
		if (tok[0] == '\0' && i == n - 1 && i > 0)
			break; /* "80;443;": a trailing separator is allowed */
		if (tok[0] == '\0')
			return usage_error(error, "%s '%s': empty value in the list", field, text);
		uint32_t port;
		struct capture_addr a;
		if (is_port ? !parse_port(field, text, tok, &port, error) : !parse_addr(field, text, tok, &a, error))
			return false;
		if (is_port)
			g_array_append_val(out->list, port);
		else
			g_array_append_val(out->list, a);
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
