/* xmpp.c — XMPP, the Extensible Messaging and Presence Protocol (RFC 6120),
 * on its client port (TCP 5222): a stream of XML elements.
 *
 *   <iq to='example.com' id='0' type='get'><ping xmlns='urn:xmpp:ping'/></iq>
 *
 * The top-level element names the stanza (iq, message, presence) or the
 * stream's own business (stream:stream, stream:features, starttls, auth
 * ...); its attributes (id, type, to, from) and the namespaces (xmlns)
 * inside are its fields.  Every segment with payload on the port is XMPP,
 * up to a proceed element (the answer to starttls): what follows is TLS.
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def xmpp_fields[] = {
	{"xmpp.iq", "IQ", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"xmpp.message", "MESSAGE", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"xmpp.presence", "PRESENCE", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"xmpp.id", "id", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"xmpp.type", "type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"xmpp.to", "to", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"xmpp.from", "from", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"xmpp.xmlns", "xmlns", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"xmpp.ping", "PING", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"xmpp.out", "Out", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0, NULL},
	{"xmpp.in", "In", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(xmpp);

void dissect_xmpp(struct packet *p, struct cursor *c)
{
	if (cursor_rleft(c) == 0 || pkt_push_layer(p, PROTO_XMPP, c->off) < 0)
		return;
	struct xml_tag t;
	uint32_t i = 0;
	if (xml_next_tag(c->data + c->off, cursor_left(c), &i, &t) && xml_tag_is(c->data + c->off, &t, "proceed"))
		tcp_conn_follow(p, dissect_tls_port, false); /* TLS from the next segment on */
}

/* Skips blanks from *I. */
static void xml_blanks(const uint8_t *b, uint32_t n, uint32_t *i)
{
	while (*i < n && (b[*i] == ' ' || b[*i] == '\t' || b[*i] == '\r' || b[*i] == '\n'))
		(*i)++;
}

static bool xml_name_char(uint8_t ch)
{
	return ch > ' ' && ch != '>' && ch != '/' && ch != '=' && ch != '<' && ch != '\'' && ch != '"';
}

bool xml_next_tag(const uint8_t *b, uint32_t n, uint32_t *at, struct xml_tag *t)
{
	uint32_t i = *at;
	for (;;) {
		while (i < n && b[i] != '<')
			i++;
		if (i + 1 >= n)
			return false;
		i++;
		if (b[i] != '/' && b[i] != '?' && b[i] != '!')
			break;
	}
	t->name.off = i;
	while (i < n && xml_name_char(b[i]))
		i++;
	t->name.len = i - t->name.off;
	t->nattrs = 0;
	for (;;) {
		xml_blanks(b, n, &i);
		if (i >= n || b[i] == '>' || b[i] == '/')
			break;
		struct span key = {i, 0};
		while (i < n && xml_name_char(b[i]))
			i++;
		key.len = i - key.off;
		xml_blanks(b, n, &i);
		if (key.len == 0 || i >= n || b[i] != '=')
			return false;
		i++;
		xml_blanks(b, n, &i);
		if (i >= n || (b[i] != '\'' && b[i] != '"'))
			return false;
		uint8_t q = b[i++];
		struct span val = {i, 0};
		while (i < n && b[i] != q)
			i++;
		if (i >= n)
			return false;
		val.len = i - val.off;
		i++;
		if (t->nattrs < XML_MAX_ATTRS) {
			t->attr_name[t->nattrs] = key;
			t->attr_value[t->nattrs] = val;
			t->nattrs++;
		}
	}
	*at = i;
	return true;
}

bool xml_tag_attr(const uint8_t *b, const struct xml_tag *t, const char *name, struct span *out)
{
	size_t len = strlen(name);
	for (unsigned k = 0; k < t->nattrs; k++)
		if (t->attr_name[k].len == len && memcmp(b + t->attr_name[k].off, name, len) == 0) {
			*out = t->attr_value[k];
			return true;
		}
	return false;
}

bool xml_tag_is(const uint8_t *b, const struct xml_tag *t, const char *name)
{
	size_t len = strlen(name);
	return t->name.len == len && memcmp(b + t->name.off, name, len) == 0;
}

/* "IQ(get) PING > example.com ": the stanza, its type, the elements it
 * carries, and the peer (to when sent to the server's port, from else). */
static void xmpp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	struct xml_tag t;
	struct span v;
	uint32_t i = 0;
	col_short_name(c, p, idx);
	col_clear(c);
	if (!xml_next_tag(d, n, &i, &t))
		return;
	col_proto(c, "XMPP/XML"); /* Wireshark reads the stanza with its XML dissector */
	/* the element's local name: "stream:features" is FEATURES */
	struct span local = t.name;
	for (uint32_t k = 0; k < t.name.len; k++)
		if (d[t.name.off + k] == ':')
			local = (struct span){t.name.off + k + 1, t.name.len - k - 1};
	char name[32];
	g_snprintf(name, sizeof name, "%.*s", (int)MIN(local.len, sizeof name - 1), (const char *)d + local.off);
	g_autofree char *up = g_ascii_strup(name, -1);
	if (xml_tag_is(d, &t, "iq")) {
		bool typed = xml_tag_attr(d, &t, "type", &v);
		col_append(c, "IQ(%.*s) ", typed ? (int)v.len : 0, typed ? (const char *)d + v.off : "");
	} else {
		col_append(c, "%s ", up);
	}
	struct xml_tag child;
	uint32_t j = i;
	while (xml_next_tag(d, n, &j, &child))
		if (xml_tag_is(d, &child, "ping") || xml_tag_is(d, &child, "bind") || xml_tag_is(d, &child, "session"))
			col_append(c, "%s ", xml_tag_is(d, &child, "ping") ? "PING" :
					      xml_tag_is(d, &child, "bind") ? "BIND" : "SESSION");
	bool out = p->dport == 5222;
	if (xml_tag_attr(d, &t, out ? "to" : "from", &v))
		col_append(c, "%s %.*s ", out ? ">" : "<", (int)v.len, (const char *)d + v.off);
}

/* XMPP: the first stanza's element and attributes, every xmlns in it. */
static void xmpp_values(const struct packet *p, const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn,
			void *data)
{
	if (fv_same(a, "xmpp.out") || fv_same(a, "xmpp.in")) {
		if (fv_same(a, "xmpp.out") ? p->dport == 5222 : p->sport == 5222)
			fv_give_uint(fn, data, 1);
		return;
	}
	struct xml_tag t;
	uint32_t i = 0;
	if (!xml_next_tag(d, n, &i, &t))
		return;
	static const char *const stanzas[] = {"iq", "message", "presence"};
	for (size_t k = 0; k < 3; k++)
		if (strcmp(a + 5, stanzas[k]) == 0 && xml_tag_is(d, &t, stanzas[k]))
			fv_give_ptr(fn, data, FV_NONE, NULL, 0);
	struct span s;
	static const char *const attrs[] = {"id", "type", "to", "from"};
	for (size_t k = 0; k < 4; k++)
		if (strcmp(a + 5, attrs[k]) == 0 && xml_tag_attr(d, &t, attrs[k], &s))
			fv_give_ptr(fn, data, FV_STRING, d + s.off, s.len);
	bool want_ns = fv_same(a, "xmpp.xmlns"), want_ping = fv_same(a, "xmpp.ping");
	if (!want_ns && !want_ping)
		return;
	while (xml_next_tag(d, n, &i, &t)) {
		if (want_ns && xml_tag_attr(d, &t, "xmlns", &s))
			fv_give_ptr(fn, data, FV_STRING, d + s.off, s.len);
		if (want_ping && xml_tag_is(d, &t, "ping"))
			fv_give_ptr(fn, data, FV_NONE, NULL, 0);
	}
}

static void xmpp_field_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			      uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		xmpp_values(p, d, n, f->abbrev, fn, data);
}

/* A stanza (iq, message, presence) with an attribute its element does not
 * define: Wireshark's note "Unknown attribute NAME" for each, in order
 * (namespace declarations are not attributes). */
static void xmpp_expert(struct experts *e, const struct packet *p, int idx)
{
	static const char *const known[] = {"from", "id", "type", "to", "xml:lang"};
	uint32_t n, i = 0;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	struct xml_tag t;
	if (!d || !xml_next_tag(d, n, &i, &t) ||
	    !(xml_tag_is(d, &t, "iq") || xml_tag_is(d, &t, "message") || xml_tag_is(d, &t, "presence")))
		return;
	for (unsigned k = 0; k < t.nattrs; k++) {
		const char *a = (const char *)d + t.attr_name[k].off;
		uint32_t len = t.attr_name[k].len;
		bool ok = (len == 5 && memcmp(a, "xmlns", 5) == 0) || (len > 6 && memcmp(a, "xmlns:", 6) == 0);
		for (size_t j = 0; j < G_N_ELEMENTS(known) && !ok; j++)
			ok = strlen(known[j]) == len && memcmp(a, known[j], len) == 0;
		if (!ok)
			expert_add(e, EXPERT_NOTE, EXPERT_UNDECODED, "XMPP", "Unknown attribute %.*s", (int)len, a);
	}
}

static const struct handoff xmpp_handoff[] = {
	TCP_PORT(5222, dissect_xmpp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(XMPP, "xmpp", "XMPP Protocol");
const struct protocol proto_xmpp = {PROTO_XMPP, .short_name = "XMPP", .columns = xmpp_columns, .expert = xmpp_expert,
				    .values = xmpp_field_values,
				    .fields = &xmpp_table, .handoff = xmpp_handoff};
