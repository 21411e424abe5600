/* fieldval_ext.c — field values of the small protocols whose fields move
 * with their contents: the loopback test's chain of functions, vsock's
 * transport header, D-Bus header fields (in the message's byte order),
 * netlink message headers (in the capturing host's), WireGuard fields by
 * message type, BJNP's payload, and the attributes of an XMPP stanza. */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/fieldval_give.h"

static uint32_t get16(const uint8_t *d, bool be)
{
	return be ? (uint32_t)d[0] << 8 | d[1] : (uint32_t)d[1] << 8 | d[0];
}

static uint32_t get32(const uint8_t *d, bool be)
{
	return be ? (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3]
		  : (uint32_t)d[3] << 24 | (uint32_t)d[2] << 16 | (uint32_t)d[1] << 8 | d[0];
}

static uint64_t get64le(const uint8_t *d)
{
	return (uint64_t)get32(d + 4, false) << 32 | get32(d, false);
}

/* The loopback test's functions in order; the relevant one is skipCount
 * bytes past the first. */
static void loop_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 2)
		return;
	uint32_t relevant = 2 + get16(d, false);
	for (uint32_t at = 2; at + 2 <= n;) {
		uint32_t function = get16(d + at, false);
		if (fv_same(a, "loop.function") || (fv_same(a, "loop.relevant_function") && at == relevant))
			fv_give_uint(fn, data, function);
		at += 2;
		if (function == 1) {
			if (fv_same(a, "loop.receipt_number") && at + 2 <= n)
				fv_give_uint(fn, data, get16(d + at, false));
			return;
		}
		if (function != 2 || at + 6 > n)
			return;
		if (fv_same(a, "loop.forwarding_address"))
			fv_give_ptr(fn, data, FV_ETHER, d + at, 6);
		at += 6;
	}
}

/* vsock: the virtio transport header after the 32-byte record header, and
 * the payload after the transport header. */
static void vsock_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 32)
		return;
	uint32_t tlen = get16(d + 28, false);
	if (fv_same(a, "vsock.payload")) {
		if (32 + tlen < n)
			fv_give_ptr(fn, data, FV_BYTES, d + 32 + tlen, n - 32 - tlen);
		return;
	}
	if (get16(d + 26, false) != 2 || n < 76)
		return;
	static const struct {
		const char *name;
		uint8_t off, size;
	} virtio[] = {
		{"vsock.virtio.src_cid", 0, 8}, {"vsock.virtio.dst_cid", 8, 8}, {"vsock.virtio.src_prot", 16, 4},
		{"vsock.virtio.dst_prot", 20, 4}, {"vsock.virtio.len", 24, 4}, {"vsock.virtio.type", 28, 2},
		{"vsock.virtio.op", 30, 2}, {"vsock.virtio.flags", 32, 4}, {"vsock.virtio.buf_alloc", 36, 4},
		{"vsock.virtio.fwd_cnt", 40, 4},
	};
	for (size_t i = 0; i < sizeof virtio / sizeof virtio[0]; i++)
		if (fv_same(a, virtio[i].name)) {
			const uint8_t *v = d + 32 + virtio[i].off;
			fv_give_uint(fn, data, virtio[i].size == 8 ? get64le(v) : virtio[i].size == 4 ? get32(v, false) :
				     get16(v, false));
		}
}

static uint32_t align_up(uint32_t v, uint32_t to)
{
	return (v + to - 1) & ~(to - 1);
}

/* D-Bus header field N's name, or NULL when it has no field of its own. */
static const char *dbus_field_name(uint8_t code)
{
	static const char *const names[] = {NULL, "dbus.path", "dbus.interface", "dbus.member", "dbus.error_name",
					    "dbus.reply_serial", "dbus.destination", "dbus.sender", "dbus.signature",
					    "dbus.unix_fds"};
	return code < sizeof names / sizeof names[0] ? names[code] : NULL;
}

/* One header field of a D-Bus message (B, N bytes): the entry at *AT (a
 * multiple of 8 from the start), its code, and its value (a string's span
 * from B, or a number).  *AT moves to the next entry; false at the end of
 * the array or at a value that cannot be read. */
static bool dbus_next_field(const uint8_t *d, uint32_t end, bool be, uint32_t *at, uint8_t *code, struct span *str,
			    uint32_t *num)
{
	uint32_t i = *at;
	if (i + 4 > end || d[i + 1] != 1)
		return false;
	char sig = (char)d[i + 2];
	*code = d[i];
	i += 4;
	if (sig == 'g') {
		if (i + 1u + d[i] > end)
			return false;
		*str = (struct span){i + 1, d[i]};
		i += 2u + d[i];
	} else if (sig == 's' || sig == 'o' || sig == 'u') {
		i = align_up(i, 4);
		if (i + 4 > end)
			return false;
		uint32_t v = get32(d + i, be);
		i += 4;
		if (sig == 'u') {
			*num = v;
		} else {
			if (v > end - i)
				return false;
			*str = (struct span){i, v};
			i += v + 1;
		}
	} else {
		return false;
	}
	*at = align_up(i, 8);
	return true;
}

/* The end of the header field array of the D-Bus message D (N bytes). */
static uint32_t dbus_fields_end(const uint8_t *d, uint32_t n)
{
	uint32_t end = 16 + get32(d + 12, d[0] == 'B');
	return end > n || end < 16 ? n : end;
}

bool dbus_header_field(const uint8_t *d, uint32_t n, uint8_t want, struct span *str, uint32_t *num)
{
	if (n < 16 || (d[0] != 'l' && d[0] != 'B'))
		return false;
	uint32_t end = dbus_fields_end(d, n);
	uint8_t code;
	for (uint32_t at = 16; dbus_next_field(d, end, d[0] == 'B', &at, &code, str, num);)
		if (code == want)
			return true;
	return false;
}

static void dbus_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 16 || (d[0] != 'l' && d[0] != 'B'))
		return;
	bool be = d[0] == 'B';
	if (fv_same(a, "dbus.body_length") || fv_same(a, "dbus.serial")) {
		fv_give_uint(fn, data, get32(d + (a[5] == 'b' ? 4 : 8), be));
		return;
	}
	uint32_t end = dbus_fields_end(d, n), num = 0;
	uint8_t code;
	struct span s = {0, 0};
	for (uint32_t at = 16; dbus_next_field(d, end, be, &at, &code, &s, &num);) {
		const char *name = dbus_field_name(code);
		if (fv_same(a, "dbus.field_code"))
			fv_give_uint(fn, data, code);
		else if (name && fv_same(a, name) && (code == 5 || code == 9))
			fv_give_uint(fn, data, num);
		else if (name && fv_same(a, name))
			fv_give_ptr(fn, data, FV_STRING, d + s.off, s.len);
	}
}

/* The byte order of the netlink messages that follow netlink layer L. */
static bool netlink_order(const struct packet *p, const struct layer *l)
{
	for (const struct layer *k = l; k >= p->layers; k--)
		if (k->proto == PROTO_NETLINK) {
			uint32_t n = k->len > 16 ? k->len - 16 : 0;
			return k->off + 16 <= p->frame->caplen && netlink_big_endian(p->frame->data + k->off + 16, n);
		}
	return false;
}

static void netlink_header_values(bool be, const uint8_t *d, uint32_t n, bool route, const char *a, fvalue_fn fn,
				  void *data)
{
	if (n < 16)
		return;
	if (fv_same(a, "netlink.hdr_len"))
		fv_give_uint(fn, data, get32(d, be));
	else if (fv_same(a, route ? "netlink-route.nltype" : "netlink.hdr_type"))
		fv_give_uint(fn, data, get16(d + 4, be));
	else if (fv_same(a, "netlink.hdr_flags"))
		fv_give_uint(fn, data, get16(d + 6, be));
	else if (fv_same(a, "netlink.hdr_seq"))
		fv_give_uint(fn, data, get32(d + 8, be));
	else if (fv_same(a, "netlink.hdr_pid"))
		fv_give_uint(fn, data, get32(d + 12, be));
}

/* WireGuard: where each field sits for each message type (0: absent). */
static void wg_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 4 || d[0] < 1 || d[0] > 4)
		return;
	static const struct {
		const char *name;
		uint8_t kind, size;
		uint8_t off[4]; /* for types 1..4 */
	} at[] = {
		{"wg.sender", FV_UINT, 4, {4, 4, 0, 0}},
		{"wg.receiver", FV_UINT, 4, {0, 8, 4, 4}},
		{"wg.mac1", FV_BYTES, 16, {116, 60, 0, 0}},
		{"wg.mac2", FV_BYTES, 16, {132, 76, 0, 0}},
		{"wg.nonce", FV_BYTES, 24, {0, 0, 8, 0}},
		{"wg.encrypted_cookie", FV_BYTES, 32, {0, 0, 32, 0}},
		{"wg.counter", FV_UINT, 8, {0, 0, 0, 8}},
	};
	uint8_t type = d[0];
	if (type == 4 && (fv_same(a, "wg.encrypted_packet") || fv_same(a, "wg.keepalive"))) {
		if (fv_same(a, "wg.encrypted_packet") || n == 32)
			fv_give_ptr(fn, data, FV_NONE, NULL, 0);
		return;
	}
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		uint32_t off = at[i].off[type - 1];
		if (!fv_same(a, at[i].name) || off == 0 || off + at[i].size > n)
			continue;
		if (at[i].kind == FV_BYTES)
			fv_give_ptr(fn, data, FV_BYTES, d + off, at[i].size);
		else
			fv_give_uint(fn, data, at[i].size == 8 ? get64le(d + off) : get32(d + off, false));
	}
}

/* RX: the header's fields that the body of an ACK (its serial) or of an
 * rxkad RESPONSE (connection id, security index, the four call numbers)
 * gives again, the header's value first. */
static void rx_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 28)
		return;
	const uint8_t *b = d + 28;
	uint32_t m = n - 28;
	bool ack = d[20] == 2 && m >= 16, resp = d[20] == 7 && m >= 40 && get32(b, true) == 2;
	if (fv_same(a, "rx.serial")) {
		fv_give_uint(fn, data, get32(d + 16, true));
		if (ack)
			fv_give_uint(fn, data, get32(b + 12, true));
	} else if (fv_same(a, "rx.cid")) {
		fv_give_uint(fn, data, get32(d + 4, true));
		if (resp)
			fv_give_uint(fn, data, get32(b + 12, true));
	} else if (fv_same(a, "rx.securityindex")) {
		fv_give_uint(fn, data, d[23]);
		if (resp)
			fv_give_uint(fn, data, b[20]);
	} else if (fv_same(a, "rx.callnumber")) {
		fv_give_uint(fn, data, get32(d + 8, true));
		for (uint32_t i = 0; resp && i < 4; i++)
			fv_give_uint(fn, data, get32(b + 24 + 4 * i, true));
	}
}

/* OpenFlow: the header's version, type, length and transaction id, then,
 * in an ERROR (type 1: type(2) code(2) data), those of the failed message
 * whose start the data holds (not for HELLO_FAILED, whose data is text). */
static void openflow_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	const char *f = strrchr(a, '.');
	if (!f)
		return;
	f++;
	for (uint32_t at = 0; at + 8 <= n;) {
		if (strcmp(f, "version") == 0)
			fv_give_uint(fn, data, d[at]);
		else if (strcmp(f, "type") == 0)
			fv_give_uint(fn, data, d[at + 1]);
		else if (strcmp(f, "length") == 0)
			fv_give_uint(fn, data, get16(d + at + 2, true));
		else if (strcmp(f, "xid") == 0)
			fv_give_uint(fn, data, get32(d + at + 4, true));
		/* (HELLO_FAILED's data is text, an experimenter's its own) */
		uint32_t etype = n >= 10 ? get16(d + 8, true) : 0;
		if (at > 0 || d[1] != 1 || etype == 0 || etype == 0xffff)
			break;
		at = 12;
	}
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

/* OCSP: a response's status, the ENUMERATED that opens its SEQUENCE (a
 * request's SEQUENCE opens with another SEQUENCE). */
static void ocsp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	struct cursor c = cursor_init(d, n, n);
	struct ber_hdr h;
	uint32_t v;
	if (fv_same(a, "ocsp.responseStatus") && ber_expect(&c, 0, 16, &h) && ber_expect(&c, 0, 10, &h) &&
	    ber_read_uint(&c, &h, &v))
		fv_give_uint(fn, data, v);
}

bool ext_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n, const char *a,
		      fvalue_fn fn, void *data)
{
	switch (l->proto) {
	case PROTO_LOOP_CTP:
		loop_values(d, n, a, fn, data);
		return true;
	case PROTO_REALTEK:
		if (fv_same(a, "realtek.packet") && n > 0 && d[0] != 1 && d[0] != 2 && d[0] != 3 && d[0] != 0x23)
			fv_give_ptr(fn, data, FV_BYTES, d, n);
		return true;
	case PROTO_VSOCK:
		vsock_values(d, n, a, fn, data);
		return true;
	case PROTO_DBUS:
		dbus_values(d, n, a, fn, data);
		return true;
	case PROTO_NETLINK: {
		/* every message's header; the type of a route message is
		 * netlink-route's field */
		bool be = netlink_order(p, l);
		uint32_t family = n >= 16 ? get16(d + 14, true) : 1;
		for (uint32_t at = 16; at + 16 <= n;) {
			uint32_t len = get32(d + at, be);
			bool route = family == 0 && get16(d + at + 4, be) >= 16 && len > 16;
			netlink_header_values(be, d + at, n - at, route, a, fn, data);
			if (len < 16 || len > n - at)
				break;
			at += len;
		}
		return true;
	}
	case PROTO_NETLINK_ROUTE:
		netlink_header_values(netlink_order(p, l), d, n, true, a, fn, data);
		return true;
	case PROTO_WG:
		wg_values(d, n, a, fn, data);
		return true;
	case PROTO_BJNP:
		if (fv_same(a, "bjnp.payload") && n >= 16) {
			uint32_t len = get32(d + 12, true);
			if (len > 0 && len <= n - 16)
				fv_give_ptr(fn, data, FV_BYTES, d + 16, len);
		}
		return true;
	case PROTO_XMPP:
		xmpp_values(p, d, n, a, fn, data);
		return true;
	case PROTO_OCSP:
		ocsp_values(d, n, a, fn, data);
		return true;
	case PROTO_RX:
		rx_values(d, n, a, fn, data);
		return true;
	case PROTO_OPENFLOW_V1: case PROTO_OPENFLOW_V4:
		openflow_values(d, n, a, fn, data);
		return true;
	default:
		return false;
	}
}
