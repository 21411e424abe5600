/* hostlink.c — link types that carry a host's own traffic rather than a
 * network's:
 *
 *   vsock (LINKTYPE_VSOCK, Linux vsockmon), little-endian:
 *       src cid(8) dst cid(8) src port(4) dst port(4) op(2) transport(2)
 *       transport header length(2) reserved(2), then the transport header
 *       (virtio: src cid(8) dst cid(8) src port(4) dst port(4) len(4)
 *       type(2) op(2) flags(4) buf alloc(4) fwd cnt(4)) and the payload.
 *       A record shorter than its 32-byte header is not vsock.
 *   D-Bus (LINKTYPE_DBUS): one message: endianness ('l' or 'B') type(1)
 *       flags(1) version(1) body length(4) serial(4), then the header
 *       fields as an array of (code, variant) structures, padded to 8, and
 *       the body (the D-Bus specification's wire format).
 *   Linux netlink (LINKTYPE_NETLINK): a 16-byte cooked header like SLL's
 *       (hatype at 2, netlink family at 14, big-endian), then netlink
 *       messages in the capturing host's byte order: length(4) type(2)
 *       flags(2) seq(4) port id(4), payload.  The byte order is the one in
 *       which the first length is nearer the bytes left.  Messages of the
 *       route family (0) whose type is not a control type (16 and up) are
 *       netlink-route; other messages' payload is data.
 *   User link types (LINKTYPE_USER0..15, 147..162): no format of their own;
 *       the bytes are data.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string vsock_op_vals[] = {
	{0, "Unknown"}, {1, "Connect"}, {2, "Disconnect"}, {3, "Control"}, {4, "Payload"}, {0, NULL},
};
static const struct value_string vsock_trans_vals[] = {
	{0, "Unknown"}, {1, "No info"}, {2, "Virtio"}, {0, NULL},
};
static const struct value_string virtio_type_vals[] = {
	{1, "Stream"}, {0, NULL},
};
static const struct value_string virtio_op_vals[] = {
	{0, "Invalid"}, {1, "Request"}, {2, "Response"}, {3, "Rst"}, {4, "Shutdown"},
	{5, "RW"}, {6, "Credit update"}, {7, "Credit response"}, {0, NULL},
};

static const struct field_def vsock_fields[] = {
	{"vsock.src_cid", "Source cid", FT_UINT64, BASE_DEC_LE, 0, 8, 0, NULL},
	{"vsock.dst_cid", "Destination cid", FT_UINT64, BASE_DEC_LE, 8, 8, 0, NULL},
	{"vsock.src_port", "Source port", FT_UINT32, BASE_DEC_LE, 16, 4, 0, NULL},
	{"vsock.dst_port", "Destination port", FT_UINT32, BASE_DEC_LE, 20, 4, 0, NULL},
	{"vsock.op", "Operation", FT_UINT16, BASE_DEC_LE, 24, 2, 0, vsock_op_vals},
	{"vsock.trans", "Transport", FT_UINT16, BASE_DEC_LE, 26, 2, 0, vsock_trans_vals},
	{"vsock.trans_len", "Transport length", FT_UINT16, BASE_DEC_LE, 28, 2, 0, NULL},
	{"vsock.reserved", "Reserved", FT_BYTES, BASE_NONE, 30, 2, 0, NULL},
	{"vsock.payload", "Payload", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"vsock.virtio.src_cid", "Source cid", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"vsock.virtio.dst_cid", "Destination cid", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"vsock.virtio.src_prot", "Source port", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"vsock.virtio.dst_prot", "Destination port", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"vsock.virtio.len", "Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"vsock.virtio.type", "Type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, virtio_type_vals},
	{"vsock.virtio.op", "Operation", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, virtio_op_vals},
	{"vsock.virtio.flags", "Flags", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"vsock.virtio.buf_alloc", "Buf alloc", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"vsock.virtio.fwd_cnt", "Fwd cnt", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(vsock);

static const struct value_string dbus_type_vals[] = {
	{0, "Invalid"}, {1, "Method call"}, {2, "Method reply"}, {3, "Error reply"}, {4, "Signal emission"},
	{0, NULL},
};

static const struct field_def dbus_fields[] = {
	{"dbus.endianness", "Endianness", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"dbus.message_type", "Message Type", FT_UINT8, BASE_DEC, 1, 1, 0, dbus_type_vals},
	{"dbus.flags", "Message Flags", FT_UINT8, BASE_HEX, 2, 1, 0, NULL},
	{"dbus.flags.no_reply_expected", "No Reply Expected", FT_BOOLEAN, BASE_NONE, 2, 1, 0x01, NULL},
	{"dbus.flags.no_auto_start", "No Auto Start", FT_BOOLEAN, BASE_NONE, 2, 1, 0x02, NULL},
	{"dbus.flags.allow_interactive_authorization", "Allow Interactive Authorization", FT_BOOLEAN, BASE_NONE, 2,
	 1, 0x04, NULL},
	{"dbus.version", "Protocol Version", FT_UINT8, BASE_DEC, 3, 1, 0, NULL},
	{"dbus.body_length", "Message Body Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"dbus.serial", "Message Serial", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"dbus.field_code", "Field Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"dbus.path", "Path", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.interface", "Interface", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.member", "Member", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.error_name", "Error name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.reply_serial", "Reply serial", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"dbus.destination", "Destination", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.sender", "Sender", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.signature", "Signature", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"dbus.unix_fds", "Unix FDs", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(dbus);

static const struct field_def netlink_fields[] = {
	{"netlink.hatype", "Link-layer address type", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"netlink.family", "Family", FT_UINT16, BASE_HEX, 14, 2, 0, NULL},
	{"netlink.hdr_len", "Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"netlink.hdr_type", "Message type", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"netlink.hdr_flags", "Flags", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"netlink.hdr_seq", "Sequence", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"netlink.hdr_pid", "Port ID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(netlink);

static const struct value_string netlink_route_type_vals[] = {
	{16, "Create network interface"}, {17, "Delete network interface"}, {18, "Get network interface"},
	{19, "Set network interface"}, {20, "Create IP address"}, {21, "Delete IP address"},
	{22, "Get IP address"}, {24, "Add network route"}, {25, "Delete network route"},
	{26, "Get network route"}, {28, "Add neighbor table entry"}, {29, "Delete neighbor table entry"},
	{30, "Get neighbor table entry"}, {0, NULL},
};

static const struct field_def netlink_route_fields[] = {
	{"netlink-route.nltype", "Message type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, netlink_route_type_vals},
};
FIELD_TABLE_DEFINE(netlink_route);

static const struct field_def user_dlt_fields[] = {
	{"user_dlt.not_handled", "Formatted text", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(user_dlt);

void dissect_vsock(struct packet *p, struct cursor *c)
{
	if (cursor_rleft(c) < 32) {
		dissect_data(p, c);
		return;
	}
	int idx = pkt_push_layer(p, PROTO_VSOCK, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 32);
	pkt_note_cursor(p, idx, c);
}

void dissect_dbus(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_DBUS, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 16);
	pkt_note_cursor(p, idx, c);
}

bool netlink_big_endian(const uint8_t *b, uint32_t n)
{
	if (n < 4)
		return false;
	uint32_t be = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	uint32_t le = (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
	uint32_t dbe = be > n ? be - n : n - be, dle = le > n ? le - n : n - le;
	return dbe < dle;
}

void dissect_netlink(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_NETLINK, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 14);
	uint16_t family = cursor_be16(c);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	bool be = netlink_big_endian(c->data + c->off, cursor_left(c) < cursor_rleft(c) ? cursor_left(c) : cursor_rleft(c));
	while (cursor_rleft(c) >= 16) {
		uint32_t start = c->off;
		uint32_t len = be ? cursor_be32(c) : cursor_le32(c);
		uint16_t type = be ? cursor_be16(c) : cursor_le16(c);
		if (!cursor_ok(c)) {
			pkt_note_cursor(p, idx, c);
			return;
		}
		if (len < 16) {
			pkt_mark(p, idx, PKT_MALFORMED);
			return;
		}
		c->off = start;
		struct cursor msg = cursor_sub(c, len);
		if (type >= 16 && len > 16 && family == 0) {
			int r = pkt_push_layer(p, PROTO_NETLINK_ROUTE, msg.off);
			if (r >= 0 && !cursor_skip(&msg, 16))
				pkt_note_cursor(p, r, &msg);
		} else {
			cursor_skip(&msg, 16);
			if (type != 2)
				dissect_data(p, &msg);
		}
		if (!cursor_ok(c)) {
			pkt_note_cursor(p, idx, c);
			return;
		}
	}
}

void dissect_user_dlt(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_USER_DLT, c->off) >= 0)
		dissect_data(p, c);
}

/* ---- the packet list ------------------------------------------------------ */

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

/* vsock's addresses (context ids, 2 the host) and "[Connect] Virtio:
 * Stream, Op: Request, Buf alloc: 262144, Fwd cnt: 0". */
static void vsock_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const ops[] = {"Unknown", "Connect", "Disconnect", "Control", "Payload"};
	static const char *const trans[] = {"Unknown", "No info", "Virtio"};
	static const char *const vtypes[] = {NULL, "Stream"};
	static const char *const vops[] = {"Invalid", "Request", "Response", "Rst", "Shutdown", "RW",
					   "Credit update", "Credit response"};
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_abbrev(c, p, idx);
	col_clear(c);
	if (n < 32)
		return;
	char a[2][COL_ADDR_MAX];
	for (int k = 0; k < 2; k++) {
		uint64_t cid = le64(d + 8 * k);
		if (cid == 2)
			g_strlcpy(a[k], "host", sizeof a[k]);
		else
			g_snprintf(a[k], sizeof a[k], "%" G_GUINT64_FORMAT, cid);
	}
	col_addrs(c, a[0], a[1]);
	col_append(c, "[");
	col_append_name(c, ops, G_N_ELEMENTS(ops), le16(d + 24));
	col_append(c, "] ");
	uint32_t t = le16(d + 26);
	col_append_name(c, trans, G_N_ELEMENTS(trans), t);
	if (t != 2 || n < 76)
		return;
	const uint8_t *v = d + 32;
	col_append(c, ": ");
	col_append_name(c, vtypes, G_N_ELEMENTS(vtypes), le16(v + 28));
	col_append(c, ", Op: ");
	col_append_name(c, vops, G_N_ELEMENTS(vops), le16(v + 30));
	col_append(c, ", Buf alloc: %u, Fwd cnt: %u", le32(v + 36), le32(v + 40));
}

static void dbus_string(struct columns *c, const uint8_t *d, uint32_t n, uint8_t code)
{
	struct span v;
	uint32_t num;
	if (dbus_header_field(d, n, code, &v, &num))
		col_append(c, "%.*s", (int)v.len, (const char *)d + v.off);
}

/* D-Bus: sender and destination as addresses; the member called, the
 * signature returned or the error. */
static void dbus_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_abbrev(c, p, idx);
	col_clear(c);
	if (n < 16)
		return;
	struct span v;
	uint32_t num;
	char a[COL_ADDR_MAX];
	if (dbus_header_field(d, n, 7, &v, &num)) {
		g_snprintf(a, sizeof a, "%.*s", (int)v.len, (const char *)d + v.off);
		col_addrs(c, a, NULL);
	}
	if (dbus_header_field(d, n, 6, &v, &num)) {
		g_snprintf(a, sizeof a, "%.*s", (int)v.len, (const char *)d + v.off);
		col_addrs(c, NULL, a);
	}
	switch (d[1]) {
	case 1:
	case 4:
		col_append(c, "%s", d[1] == 4 ? "* " : "");
		dbus_string(c, d, n, 3);
		col_append(c, "() @ ");
		dbus_string(c, d, n, 1);
		break;
	case 2:
		col_append(c, "-> '");
		dbus_string(c, d, n, 8);
		col_append(c, "'");
		break;
	case 3:
		col_append(c, "-> ");
		dbus_string(c, d, n, 4);
		break;
	default:
		col_append(c, "Unknown message type");
	}
}

/* Netlink and the user link types show no summary. */
static void quiet_columns(struct columns *c, const struct packet *p, int idx)
{
	col_abbrev(c, p, idx);
	col_clear(c);
}

/* vsock: the virtio transport header after the 32-byte record header, and
 * the payload after the transport header. */
static void vsock_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 32)
		return;
	uint32_t tlen = fv_get16(d + 28, false);
	if (fv_same(a, "vsock.payload")) {
		if (32 + tlen < n)
			fv_give_ptr(fn, data, FV_BYTES, d + 32 + tlen, n - 32 - tlen);
		return;
	}
	if (fv_get16(d + 26, false) != 2 || n < 76)
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
			fv_give_uint(fn, data, virtio[i].size == 8 ? fv_get64le(v) :
					       virtio[i].size == 4 ? fv_get32(v, false) : fv_get16(v, false));
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
		uint32_t v = fv_get32(d + i, be);
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
	uint32_t end = 16 + fv_get32(d + 12, d[0] == 'B');
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
		fv_give_uint(fn, data, fv_get32(d + (a[5] == 'b' ? 4 : 8), be));
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
		fv_give_uint(fn, data, fv_get32(d, be));
	else if (fv_same(a, route ? "netlink-route.nltype" : "netlink.hdr_type"))
		fv_give_uint(fn, data, fv_get16(d + 4, be));
	else if (fv_same(a, "netlink.hdr_flags"))
		fv_give_uint(fn, data, fv_get16(d + 6, be));
	else if (fv_same(a, "netlink.hdr_seq"))
		fv_give_uint(fn, data, fv_get32(d + 8, be));
	else if (fv_same(a, "netlink.hdr_pid"))
		fv_give_uint(fn, data, fv_get32(d + 12, be));
}

static void vsock_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			       const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		vsock_values(d, n, f->abbrev, fn, data);
}

static const struct handoff vsock_handoff[] = {
	LINKTYPE(LINKTYPE_VSOCK, dissect_vsock),
	HANDOFF_LIST_END,
};
const struct protocol proto_vsock = {PROTO_VSOCK, .columns = vsock_columns, .values = vsock_field_values,
				     .fields = &vsock_table, .handoff = vsock_handoff};

static void dbus_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		dbus_values(d, n, f->abbrev, fn, data);
}

static const struct handoff dbus_handoff[] = {
	LINKTYPE(LINKTYPE_DBUS, dissect_dbus),
	HANDOFF_LIST_END,
};
const struct protocol proto_dbus = {PROTO_DBUS, .columns = dbus_columns, .values = dbus_field_values,
				    .fields = &dbus_table, .handoff = dbus_handoff};

static void netlink_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
				 const struct field_def *f, fvalue_fn fn, void *data)
{
	/* every message's header; the type of a route message is
	 * netlink-route's field */
	if (!d)
		return;
	bool be = netlink_order(p, l);
	uint32_t family = n >= 16 ? fv_get16(d + 14, true) : 1;
	for (uint32_t at = 16; at + 16 <= n;) {
		uint32_t len = fv_get32(d + at, be);
		bool route = family == 0 && fv_get16(d + at + 4, be) >= 16 && len > 16;
		netlink_header_values(be, d + at, n - at, route, f->abbrev, fn, data);
		if (len < 16 || len > n - at)
			break;
		at += len;
	}
}

static const struct handoff netlink_handoff[] = {
	LINKTYPE(LINKTYPE_NETLINK, dissect_netlink),
	HANDOFF_LIST_END,
};
const struct protocol proto_netlink = {PROTO_NETLINK, .columns = quiet_columns, .values = netlink_field_values,
				       .fields = &netlink_table, .handoff = netlink_handoff};

static void netlink_route_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
				       const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		netlink_header_values(netlink_order(p, l), d, n, true, f->abbrev, fn, data);
}

const struct protocol proto_netlink_route = {PROTO_NETLINK_ROUTE, .columns = quiet_columns,
					     .values = netlink_route_field_values, .fields = &netlink_route_table};
static const struct handoff user_dlt_handoff[] = {
	LINKTYPES(147, 162, dissect_user_dlt), /* LINKTYPE_USER0 .. USER15 */
	HANDOFF_LIST_END,
};
const struct protocol proto_user_dlt = {PROTO_USER_DLT, .columns = quiet_columns, .fields = &user_dlt_table,
                                        .handoff = user_dlt_handoff};
