/* list_info_ext.c — the Info text (and, where the protocol has addresses
 * of its own, the source and destination) of the small protocols: the
 * loopback test, Realtek's, vsock, D-Bus, netlink, user link types, BJNP,
 * WireGuard, XMPP and OCSP, worded as Wireshark words them. */
#include "analyzer/list_info.h"

#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"

static uint32_t le16(const uint8_t *d)
{
	return (uint32_t)d[1] << 8 | d[0];
}

static uint32_t le32(const uint8_t *d)
{
	return (uint32_t)d[3] << 24 | (uint32_t)d[2] << 16 | (uint32_t)d[1] << 8 | d[0];
}

static uint64_t le64(const uint8_t *d)
{
	return (uint64_t)le32(d + 4) << 32 | le32(d);
}

/* VALUE's name in NAMES (COUNT of them, NULL for none), or "Unknown (N)". */
static void append_name(GString *s, const char *const *names, size_t count, uint32_t value)
{
	if (value < count && names[value])
		g_string_append(s, names[value]);
	else
		g_string_append_printf(s, "Unknown (%u)", value);
}

/* The function the station acts on: skipCount bytes past the first. */
static void loop_info(GString *s, const uint8_t *d, uint32_t n)
{
	static const char *const names[] = {NULL, "Reply", "Forward Data"};
	uint32_t relevant = n >= 2 ? 2 + le16(d) : 0;
	for (uint32_t at = 2; at + 2 <= n;) {
		uint32_t function = le16(d + at);
		if (at == relevant) {
			append_name(s, names, 3, function);
			return;
		}
		if (function != 2)
			break;
		at += 8;
	}
	g_string_append(s, "No valid function found");
}

/* "[Connect] Virtio: Stream, Op: Request, Buf alloc: 262144, Fwd cnt: 0" */
static void vsock_info(struct list_line *l, const uint8_t *d, uint32_t n)
{
	static const char *const ops[] = {"Unknown", "Connect", "Disconnect", "Control", "Payload"};
	static const char *const trans[] = {"Unknown", "No info", "Virtio"};
	static const char *const vtypes[] = {NULL, "Stream"};
	static const char *const vops[] = {"Invalid", "Request", "Response", "Rst", "Shutdown", "RW",
					   "Credit update", "Credit response"};
	for (int k = 0; k < 2; k++) {
		uint64_t cid = le64(d + 8 * k);
		char *out = k == 0 ? l->src : l->dst;
		if (cid == 2)
			g_strlcpy(out, "host", sizeof l->src);
		else
			g_snprintf(out, sizeof l->src, "%" G_GUINT64_FORMAT, cid);
	}
	g_string_append_c(l->info, '[');
	append_name(l->info, ops, G_N_ELEMENTS(ops), le16(d + 24));
	g_string_append(l->info, "] ");
	uint32_t t = le16(d + 26);
	append_name(l->info, trans, G_N_ELEMENTS(trans), t);
	if (t != 2 || n < 76)
		return;
	const uint8_t *v = d + 32;
	g_string_append(l->info, ": ");
	append_name(l->info, vtypes, G_N_ELEMENTS(vtypes), le16(v + 28));
	g_string_append(l->info, ", Op: ");
	append_name(l->info, vops, G_N_ELEMENTS(vops), le16(v + 30));
	g_string_append_printf(l->info, ", Buf alloc: %u, Fwd cnt: %u", le32(v + 36), le32(v + 40));
}

static void dbus_string(GString *s, const uint8_t *d, uint32_t n, uint8_t code)
{
	struct span v;
	uint32_t num;
	if (dbus_header_field(d, n, code, &v, &num))
		g_string_append_len(s, (const char *)d + v.off, v.len);
}

/* Sender and destination as addresses; the member called, the signature
 * returned or the error. */
static void dbus_info(struct list_line *l, const uint8_t *d, uint32_t n)
{
	struct span v;
	uint32_t num;
	if (dbus_header_field(d, n, 7, &v, &num))
		g_snprintf(l->src, sizeof l->src, "%.*s", (int)v.len, (const char *)d + v.off);
	if (dbus_header_field(d, n, 6, &v, &num))
		g_snprintf(l->dst, sizeof l->dst, "%.*s", (int)v.len, (const char *)d + v.off);
	switch (d[1]) {
	case 1:
	case 4:
		g_string_append(l->info, d[1] == 4 ? "* " : "");
		dbus_string(l->info, d, n, 3);
		g_string_append(l->info, "() @ ");
		dbus_string(l->info, d, n, 1);
		break;
	case 2:
		g_string_append(l->info, "-> '");
		dbus_string(l->info, d, n, 8);
		g_string_append_c(l->info, '\'');
		break;
	case 3:
		g_string_append(l->info, "-> ");
		dbus_string(l->info, d, n, 4);
		break;
	default:
		g_string_append(l->info, "Unknown message type");
	}
}

static void bjnp_info(GString *s, const uint8_t *d)
{
	static const struct {
		uint8_t v;
		const char *name;
	} types[] = {{0x01, "Printer Command"}, {0x02, "Scanner Command"}, {0x81, "Printer Response"},
		     {0x82, "Scanner Response"}},
	  codes[] = {{0x01, "Discover"}, {0x10, "Print Job Details"}, {0x11, "Request Closure"},
		     {0x20, "Get Printer Status"}, {0x21, "Print"}, {0x30, "Get Printer Identity"},
		     {0x32, "Scan Job Details"}};
	const char *t = NULL, *c = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
		if (types[i].v == d[4])
			t = types[i].name;
	for (size_t i = 0; i < G_N_ELEMENTS(codes); i++)
		if (codes[i].v == d[5])
			c = codes[i].name;
	if (t)
		g_string_append_printf(s, "%s: ", t);
	else
		g_string_append_printf(s, "Unknown type (%u): ", d[4]);
	if (c)
		g_string_append(s, c);
	else
		g_string_append_printf(s, "Unknown code (%u)", d[5]);
}

static void wg_info(GString *s, const uint8_t *d, uint32_t n, uint32_t wire)
{
	switch (d[0]) {
	case 1:
		if (n >= 8)
			g_string_append_printf(s, "Handshake Initiation, sender=0x%08X", le32(d + 4));
		break;
	case 2:
		if (n >= 12)
			g_string_append_printf(s, "Handshake Response, sender=0x%08X, receiver=0x%08X", le32(d + 4),
					       le32(d + 8));
		break;
	case 3:
		if (n >= 8)
			g_string_append_printf(s, "Cookie Reply, receiver=0x%08X", le32(d + 4));
		break;
	case 4:
		if (n < 16)
			break;
		g_string_append_printf(s, "%s, receiver=0x%08X, counter=%" G_GUINT64_FORMAT,
				       wire == 32 ? "Keepalive" : "Transport Data", le32(d + 4), le64(d + 8));
		if (wire > 32)
			g_string_append_printf(s, ", datalen=%u", wire - 32);
		break;
	default:
		break;
	}
}

/* "IQ(get) PING > example.com ": the stanza, its type, the elements it
 * carries, and the peer (to when sent to the server's port, from else). */
static void xmpp_info(GString *s, const struct packet *p, const uint8_t *d, uint32_t n)
{
	struct xml_tag t;
	struct span v;
	uint32_t i = 0;
	if (!xml_next_tag(d, n, &i, &t))
		return;
	char name[32];
	g_snprintf(name, sizeof name, "%.*s", (int)MIN(t.name.len, sizeof name - 1), (const char *)d + t.name.off);
	char *up = g_ascii_strup(name, -1);
	if (xml_tag_is(d, &t, "iq")) {
		bool typed = xml_tag_attr(d, &t, "type", &v);
		g_string_append_printf(s, "IQ(%.*s) ", typed ? (int)v.len : 0, typed ? (const char *)d + v.off : "");
	} else {
		g_string_append_printf(s, "%s ", up);
	}
	g_free(up);
	struct xml_tag child;
	uint32_t j = i;
	while (xml_next_tag(d, n, &j, &child))
		if (xml_tag_is(d, &child, "ping") || xml_tag_is(d, &child, "bind") || xml_tag_is(d, &child, "session"))
			g_string_append_printf(s, "%s ", xml_tag_is(d, &child, "ping") ? "PING" :
							 xml_tag_is(d, &child, "bind") ? "BIND" : "SESSION");
	bool out = p->dport == 5222;
	if (xml_tag_attr(d, &t, out ? "to" : "from", &v))
		g_string_append_printf(s, "%s %.*s ", out ? ">" : "<", (int)v.len, (const char *)d + v.off);
}

bool list_info_ext(struct list_line *l, const struct packet *p, const struct layer *t)
{
	const uint8_t *d = p->frame->data + t->off;
	uint32_t n = t->off < p->frame->caplen ? p->frame->caplen - t->off : 0;
	if (t->flags & PKT_REASSEMBLED) {
		d = p->reasm + t->off;
		n = t->off < p->reasm_len ? p->reasm_len - t->off : 0;
	}
	switch (t->proto) {
	case PROTO_LOOP_CTP:
		loop_info(l->info, d, n);
		return true;
	case PROTO_VSOCK:
		if (n >= 32)
			vsock_info(l, d, n);
		return true;
	case PROTO_DBUS:
		if (n >= 16)
			dbus_info(l, d, n);
		return true;
	case PROTO_BJNP:
		if (n >= 6)
			bjnp_info(l->info, d);
		return true;
	case PROTO_WG: {
		/* the datagram's length (the UDP header's), not the frame's */
		uint32_t wire = t->off < p->frame->len ? p->frame->len - t->off : 0;
		const struct layer *u = p->l4_layer >= 0 ? &p->layers[p->l4_layer] : NULL;
		if (u && u->proto == PROTO_UDP && u->off + 6 <= p->frame->caplen && t->off >= u->off) {
			const uint8_t *h = p->frame->data + u->off;
			uint32_t end = u->off + ((uint32_t)h[4] << 8 | h[5]);
			if (end >= t->off)
				wire = end - t->off;
		}
		if (n >= 1)
			wg_info(l->info, d, n, wire);
		return true;
	}
	case PROTO_XMPP:
		xmpp_info(l->info, p, d, n);
		return true;
	case PROTO_OPENFLOW_V1: case PROTO_OPENFLOW_V4: {
		/* "OpenFlow" for every version, and the message type's name */
		g_strlcpy(l->proto, "OpenFlow", sizeof l->proto);
		const struct field_def *f = field_lookup(t->proto == PROTO_OPENFLOW_V1 ? "openflow_1_0.type" :
							 "openflow_v4.type", NULL);
		const char *name = f && n >= 2 ? value_name(f->vals, d[1]) : NULL;
		if (name)
			g_string_append_printf(l->info, "Type: %s", name);
		else if (n >= 2)
			g_string_append_printf(l->info, "Type: Unknown (%u)", d[1]);
		/* 1.3's multipart messages: which one */
		static const char *const parts[] = {"DESC", "FLOW", "AGGREGATE", "TABLE", "PORT_STATS", "QUEUE",
						    "GROUP", "GROUP_DESC", "GROUP_FEATURES", "METER", "METER_CONFIG",
						    "METER_FEATURES", "TABLE_FEATURES", "PORT_DESC"};
		if (t->proto == PROTO_OPENFLOW_V4 && (d[1] == 18 || d[1] == 19) && n >= 10) {
			uint32_t part = (uint32_t)d[8] << 8 | d[9];
			if (part < sizeof parts / sizeof parts[0])
				g_string_append_printf(l->info, ", OFPMP_%s", parts[part]);
			else if (part == 0xffff)
				g_string_append(l->info, ", OFPMP_EXPERIMENTER");
		}
		return true;
	}
	case PROTO_RRCP:
		if (n >= 2) {
			static const char *const ops[] = {"Hello", "Get", "Set"};
			append_name(l->info, ops, 3, d[1] & 0x7f);
			g_string_append(l->info, d[1] & 0x80 ? " Reply" : " Request");
		}
		return true;
	case PROTO_REP:
		g_string_append(l->info, strcmp(l->dst, "ff:ff:ff:ff:ff:ff") == 0 ? "Echo Request" : "Echo Reply");
		return true;
	case PROTO_RLDP:
		g_string_append(l->info, "Network Loop Detection");
		return true;
	case PROTO_OCSP:
		/* a response opens with its status, a request with its request list */
		if (n >= 4 && d[0] == 0x30) {
			uint32_t at = 2 + (d[1] & 0x80 ? (d[1] & 0x7f) : 0);
			g_string_append(l->info, at < n && d[at] == 0x0a ? "Response" : "Request");
		}
		return true;
	case PROTO_REALTEK: case PROTO_NETLINK: case PROTO_NETLINK_ROUTE: case PROTO_USER_DLT:
		return true; /* no summary */
	default:
		return false;
	}
}
