/* tns.c — Oracle's Transparent Network Substrate, TCP port 1521: packets
 * of an 8-byte header and a body by the header's type.
 *
 *   +---------------+-------------------+--------+----------+-----------------+
 *   | length(2)     | packet checksum(2)| type(1)| reserved | header checksum |
 *   |               |                   |        | (1)      | (2)             |
 *   +---------------+-------------------+--------+----------+-----------------+
 *
 * From version 315 on, once the connection is accepted, the length takes
 * all four first bytes; as Wireshark does, a 16-bit length of 0 is read
 * as that one.  A packet to port 1521 is a request.  A type outside 1-19
 * is no TNS.  The body's fixed fields are read for Connect, Accept,
 * Refuse, Redirect, Abort, Marker, Control and Data (its flags and the
 * function its first byte names); what follows them is not decoded.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	TNS_PORT = 1521, TNS_HEADER = 8, TNS_TYPE_MAX = 19,
	TNS_CONNECT = 1, TNS_ACCEPT = 2, TNS_ACK = 3, TNS_REFUSE = 4, TNS_REDIRECT = 5, TNS_DATA = 6,
	TNS_NULL = 7, TNS_ABORT = 9, TNS_RESEND = 11, TNS_MARKER = 12, TNS_ATTENTION = 13, TNS_CONTROL = 14,
};

static const struct value_string tns_types[] = {
	{1, "Connect"}, {2, "Accept"}, {3, "Acknowledge"}, {4, "Refuse"}, {5, "Redirect"}, {6, "Data"},
	{7, "Null"}, {9, "Abort"}, {11, "Resend"}, {12, "Marker"}, {13, "Attention"}, {14, "Control"}, {0, NULL},
};

/* The function a Data packet's first byte after its flags names. */
static const struct value_string tns_data_funcs[] = {
	{0x01, "Set Protocol"}, {0x02, "Set Datatypes"}, {0x03, "User OCI Functions"}, {0x04, "Return Status"},
	{0x05, "Access User Address Space"}, {0x06, "Row Transfer Header"}, {0x07, "Row Transfer Data"},
	{0x08, "Return OPI Parameter"}, {0x09, "Function Complete"}, {0x0a, "N Error return definitions follow"},
	{0x0b, "Sending I/O Vec only for fast UPI"}, {0x0c, "Sending long for fast UPI"},
	{0x0d, "Invoke user callback"}, {0x0e, "LOB/FILE data follows"},
	{0x0f, "Warning messages - may be a set of them"}, {0x10, "Describe Information"},
	{0x11, "Piggy back function follow"}, {0x12, "Signals special action for untrusted callout support"},
	{0x13, "Flush Out Bind data in DML/w RETURN when error"},
	{0x44, "External Procedures and Services Registrations"}, {0xde, "Secure Network Services"}, {0, NULL},
};

static const struct field_def tns_fields[] = {
	{"tns.response", "Response", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tns.request", "Request", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tns.length", "Packet Length", FT_UINT32, BASE_DEC, FIELD_VAR, 2, 0, NULL}, /* 16 bits in Wireshark */
	{"tns.packet_checksum", "Packet Checksum", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"tns.type", "Packet Type", FT_UINT8, BASE_DEC, 4, 1, 0, tns_types},
	{"tns.reserved_byte", "Reserved Byte", FT_BYTES, BASE_NONE, 5, 1, 0, NULL},
	{"tns.header_checksum", "Header Checksum", FT_UINT16, BASE_HEX, 6, 2, 0, NULL},
	/* Connect and Accept */
	{"tns.version", "Version", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tns.compat_version", "Version (Compatible)", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tns.service_options", "Service Options", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"tns.sdu_size", "Session Data Unit Size", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tns.max_tdu_size", "Maximum Transmission Data Unit Size", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tns.nt_proto_characteristics", "NT Protocol Characteristics", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"tns.line_turnaround", "Line Turnaround Value", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tns.connect_data_length", "Length of Connect Data", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tns.connect_data_offset", "Offset to Connect Data", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tns.connect_data_max", "Maximum Receivable Connect Data", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tns.connect_flags0", "Connect Flags 0", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"tns.connect_flags1", "Connect Flags 1", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"tns.connect_data", "Connect Data", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tns.accept_data_length", "Accept Data Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tns.accept_data_offset", "Offset to Accept Data", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	/* Refuse, Redirect, Abort, Marker, Control */
	{"tns.refuse_reason_user", "Refuse Reason (User)", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"tns.refuse_reason_system", "Refuse Reason (System)", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"tns.refuse_data_length", "Refuse Data Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tns.refuse_data", "Refuse Data", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tns.redirect_data_length", "Redirect Data Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tns.redirect_data", "Redirect Data", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tns.abort_reason_user", "Abort Reason (User)", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"tns.abort_reason_system", "Abort Reason (System)", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"tns.abort_data", "Abort Data", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tns.marker.type", "Type", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"tns.control.cmd", "Control Command", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	/* Data */
	{"tns.data_flag", "Data Flag", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"tns.data_flag.eof", "End of File", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 2, 0x40, NULL},
	{"tns.data_id", "Data ID", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, tns_data_funcs},
};
FIELD_TABLE_DEFINE(tns);

/* The packet's length: 16 bits, or 32 when those are 0. */
static uint32_t tns_length(const uint8_t *d, uint32_t n, bool *wide)
{
	uint32_t len = fv_get16(d, true);
	*wide = len == 0 && n >= 4;
	return *wide ? fv_get32(d, true) : len;
}

/* As Wireshark reads a start, 4 bytes at once: fewer are the framing's
 * error (dissect_tns). */
static uint32_t tns_pdu_len(const uint8_t *d, uint32_t avail)
{
	if (avail < 4)
		return 0;
	bool wide;
	uint32_t len = tns_length(d, avail, &wide);
	if (avail >= 5 && (d[4] == 0 || d[4] > TNS_TYPE_MAX))
		return 0;
	return len;
}

/* The body's fixed fields of a packet of TYPE: each a name and a size in
 * bytes (0: a string to the end of the packet, which must have a byte);
 * NULL names end the list. */
struct tns_item {
	const char *name;
	uint8_t size;
};
static const struct tns_item tns_connect_items[] = {
	{"tns.version", 2}, {"tns.compat_version", 2}, {"tns.service_options", 2}, {"tns.sdu_size", 2},
	{"tns.max_tdu_size", 2}, {"tns.nt_proto_characteristics", 2}, {"tns.line_turnaround", 2},
	{"value_of_one", 2}, {"tns.connect_data_length", 2}, {"tns.connect_data_offset", 2},
	{"tns.connect_data_max", 4}, {"tns.connect_flags0", 1}, {"tns.connect_flags1", 1}, {NULL, 0},
};
static const struct tns_item tns_accept_items[] = {
	{"tns.version", 2}, {"tns.service_options", 2}, {"tns.sdu_size", 2}, {"tns.max_tdu_size", 2},
	{"value_of_one", 2}, {"tns.accept_data_length", 2}, {"tns.accept_data_offset", 2},
	{"tns.connect_flags0", 1}, {"tns.connect_flags1", 1}, {NULL, 0},
};
static const struct tns_item tns_refuse_items[] = {
	{"tns.refuse_reason_user", 1}, {"tns.refuse_reason_system", 1}, {"tns.refuse_data_length", 2},
	{"tns.refuse_data", 0}, {NULL, 0},
};
static const struct tns_item tns_redirect_items[] = {
	{"tns.redirect_data_length", 2}, {"tns.redirect_data", 0}, {NULL, 0},
};
static const struct tns_item tns_abort_items[] = {
	{"tns.abort_reason_user", 1}, {"tns.abort_reason_system", 1}, {"tns.abort_data", 0}, {NULL, 0},
};
static const struct tns_item tns_marker_items[] = {
	{"tns.marker.type", 1}, {"marker.databyte", 2}, {NULL, 0},
};
static const struct tns_item tns_control_items[] = {
	{"tns.control.cmd", 2}, {"control.data", 0}, {NULL, 0},
};
static const struct tns_item tns_attention_items[] = {
	{"attention.type", 1}, {"attention.data", 2}, {NULL, 0},
};
static const struct tns_item tns_data_items[] = {
	{"tns.data_flag", 2}, {NULL, 0},
};

static const struct tns_item *tns_items(uint8_t type)
{
	switch (type) {
	case TNS_CONNECT: return tns_connect_items;
	case TNS_ACCEPT: return tns_accept_items;
	case TNS_REFUSE: return tns_refuse_items;
	case TNS_REDIRECT: return tns_redirect_items;
	case TNS_ABORT: return tns_abort_items;
	case TNS_MARKER: return tns_marker_items;
	case TNS_CONTROL: return tns_control_items;
	case TNS_ATTENTION: return tns_attention_items;
	case TNS_DATA: return tns_data_items;
	default: return NULL;
	}
}

/* A walk over a body's fixed fields (D, N bytes, the packet's), giving the
 * one WANT names; returns the bytes they take, or 0 when the body ends
 * before them (*SHORT set). */
static uint32_t tns_walk(const uint8_t *d, uint32_t n, const char *want, fvalue_fn fn, void *data, bool *short_body)
{
	const struct tns_item *it = tns_items(d[4]);
	uint32_t at = TNS_HEADER;
	*short_body = false;
	for (; it && it->name; it++) {
		uint32_t size = it->size ? it->size : 1;
		if (at + size > n) {
			*short_body = true;
			return 0;
		}
		if (want && fv_same(want, it->name)) {
			if (it->size == 0)
				fv_give_ptr(fn, data, FV_STRING, d + at, n - at);
			else
				fv_give_uint(fn, data, it->size == 1 ? d[at] : it->size == 2 ? fv_get16(d + at, true) : fv_get32(d + at, true));
		}
		at += it->size ? it->size : n - at;
	}
	return at;
}

/* Whether a Data packet's body names a function; the Secure Network
 * Services' packets start with 0xDEADBEEF after the flags. */
static bool tns_data_id(const uint8_t *d, uint32_t n, uint8_t *id)
{
	if (n <= TNS_HEADER + 2)
		return false;
	const uint8_t *b = d + TNS_HEADER + 2;
	bool sns = n >= TNS_HEADER + 6 && b[0] == 0xde && b[1] == 0xad && b[2] == 0xbe && b[3] == 0xef;
	*id = sns ? 0xde : b[0] == 0xde ? 0 : b[0];
	return true;
}

static void dissect_tns(struct packet *p, struct cursor *c)
{
	uint32_t room = cursor_rleft(c), avail = cursor_left(c);
	const uint8_t *d = c->data + c->off;
	if (avail >= 5 && (d[4] == 0 || d[4] > TNS_TYPE_MAX)) {
		dissect_data(p, c);
		return;
	}
	int idx = pkt_push_layer(p, PROTO_TNS, c->off);
	if (idx < 0)
		return;
	if (room < 4) {
		/* too short for the framing to read a length: its error, TCP's */
		tcp_pdu_refused(p, idx, c, 0);
		return;
	}
	if (!cursor_need(c, TNS_HEADER)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	bool short_body;
	uint32_t n = avail < room ? avail : room;
	tns_walk(d, n, NULL, NULL, NULL, &short_body);
	if (short_body) {
		cursor_skip(c, n);
		cursor_need(c, 1);
		pkt_note_cursor(p, idx, c);
		return;
	}
	/* what no field reads is data: the body of an Acknowledge, Null,
	 * Resend or unknown type, a Data packet's after its flags when its
	 * function is not known */
	uint8_t type = d[4], id;
	bool known = value_name(tns_types, type) && type != TNS_ACK && type != TNS_NULL && type != TNS_RESEND;
	if (type == TNS_DATA)
		known = !tns_data_id(d, n, &id) || value_name(tns_data_funcs, id);
	if (type == TNS_DATA && known && tns_data_id(d, n, &id) && id != 0x01 && id != 0xde)
		known = false; /* a function whose body Wireshark leaves as data */
	if (!known) {
		cursor_skip(c, TNS_HEADER + (type == TNS_DATA ? 2 + (tns_data_id(d, n, &id) && id) : 0));
		if (cursor_rleft(c) > 0)
			dissect_data_nested(p, c);
		return;
	}
	cursor_skip(c, room);
}

/* "Request, Connect (1)", "Response, Data (6), Return Status"; each packet
 * of a segment replaces the one before. */
static void tns_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (p->layers[idx].flags & PKT_NO_ITEM)
		return;
	col_proto(c, "TNS");
	col_set(c, "%s", p->dport == TNS_PORT ? "Request" : "Response");
	bool wide;
	if (d && n >= 2 && tns_length(d, n, &wide) < n)
		n = tns_length(d, n, &wide); /* nothing past the packet's end */
	if (!d || n < 5)
		return;
	const char *name = value_name(tns_types, d[4]);
	col_append(c, ", %s (%u)", name ? name : "Unknown", d[4]);
	uint8_t id;
	if (d[4] == TNS_DATA && tns_data_id(d, n, &id)) {
		const char *func = value_name(tns_data_funcs, id);
		col_append(c, ", %s", func ? func : "unknown");
	}
}

static void tns_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data)
{
	const char *a = f->abbrev;
	bool request = p->dport == TNS_PORT;
	if (fv_same(a, "tns.request") || fv_same(a, "tns.response")) {
		if (request == fv_same(a, "tns.request"))
			fv_give_uint(fn, data, 1);
		return;
	}
	if (!d || n < TNS_HEADER)
		return;
	bool wide, short_body;
	uint32_t len = tns_length(d, n, &wide);
	if (fv_same(a, "tns.length"))
		fv_give_uint(fn, data, len);
	else if (fv_same(a, "tns.packet_checksum") && !wide)
		fv_give_uint(fn, data, fv_get16(d + 2, true));
	else if (fv_same(a, "tns.data_flag.eof") && d[4] == TNS_DATA && n >= TNS_HEADER + 2)
		fv_give_uint(fn, data, (fv_get16(d + TNS_HEADER, true) & 0x40) != 0);
	else if (fv_same(a, "tns.data_id") && d[4] == TNS_DATA) {
		uint8_t id;
		if (tns_data_id(d, n, &id) && id != 0xde && value_name(tns_data_funcs, id))
			fv_give_uint(fn, data, id);
	} else if (fv_same(a, "tns.connect_data") && d[4] == TNS_CONNECT && n >= TNS_HEADER + 20) {
		uint32_t cd_len = fv_get16(d + TNS_HEADER + 16, true), cd_off = fv_get16(d + TNS_HEADER + 18, true);
		if (cd_len > 0 && cd_off < n)
			fv_give_ptr(fn, data, FV_STRING, d + cd_off, n - cd_off);
	} else {
		tns_walk(d, n, a, fn, data, &short_body);
	}
}

/* Wireshark's registration: TCP port 1521, each packet framed by its length. */
static const struct handoff tns_handoff[] = {
	TCP_PORT(TNS_PORT, dissect_tns),
	HANDOFF_LIST_END,
};
static const struct pdu_framing tns_framing[] = {
	{dissect_tns, tns_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(TNS, "tns", "Transparent Network Substrate Protocol");
const struct protocol proto_tns = {PROTO_TNS, .short_name = "TNS", .fields = &tns_table, .columns = tns_columns,
				   .values = tns_values, .handoff = tns_handoff, .framing = tns_framing};
