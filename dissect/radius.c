/* radius.c — RADIUS (RFC 2865, accounting RFC 2866, dynamic authorization
 * RFC 5176), UDP ports 1645, 1646, 1700, 1812, 1813 and 3799.
 *
 *   0       1       2               4                               20
 *   +-------+-------+---------------+-------------------------------+
 *   | code  |  id   |    length     |  authenticator (16 bytes)     |
 *   +-------+-------+---------------+-------------------------------+
 *   | type  | len   | value (len - 2 bytes) ...  (attributes to length)
 *
 * A datagram is RADIUS when its code is a known one and its length is
 * 20 to 4096 (RFC 2865 section 3); anything else on the ports is data.
 * The attributes are read up to the length (the bytes after it are
 * padding); a length beyond the datagram is malformed, an attribute that
 * does not fit in the length is an expert item, not an exception.
 */
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { RADIUS_HDR = 20, RADIUS_MIN = 20, RADIUS_MAX = 4096 };

/* The codes (IANA's RADIUS packet types) and their names. */
static const struct value_string radius_code_vals[] = {
	{1, "Access-Request"}, {2, "Access-Accept"}, {3, "Access-Reject"}, {4, "Accounting-Request"},
	{5, "Accounting-Response"}, {6, "Accounting-Status"}, {7, "Password-Request"}, {8, "Password-Ack"},
	{9, "Password-Reject"}, {10, "Accounting-Message"}, {11, "Access-Challenge"}, {12, "Status-Server"},
	{13, "Status-Client"}, {21, "Resource-Free-Request"}, {22, "Resource-Free-Response"},
	{23, "Resource-Query-Request"}, {24, "Query_Response"}, {25, "Alternate-Resource-Reclaim-Request"},
	{26, "NAS-Reboot-Request"}, {27, "NAS-Reboot-Response"}, {29, "Next-Passcode"}, {30, "New-Pin"},
	{31, "Terminate-Session"}, {32, "Password-Expired"}, {33, "Event-Request"}, {34, "Event-Response"},
	{40, "Disconnect-Request"}, {41, "Disconnect-ACK"}, {42, "Disconnect-NAK"}, {43, "CoA-Request"},
	{44, "CoA-ACK"}, {45, "CoA-NAK"}, {50, "IP-Address-Allocate"}, {51, "IP-Address-Release"},
	{129, "ALU-State-Request"}, {130, "ALU-State-Accept"}, {131, "ALU-State-Reject"},
	{132, "ALU-State-Error"}, {0, NULL},
};

static const struct value_string radius_acct_status_vals[] = {
	{1, "Start"}, {2, "Stop"}, {3, "Interim-Update"}, {7, "Accounting-On"}, {8, "Accounting-Off"},
	{9, "Tunnel-Start"}, {10, "Tunnel-Stop"}, {11, "Tunnel-Reject"}, {12, "Tunnel-Link-Start"},
	{13, "Tunnel-Link-Stop"}, {14, "Tunnel-Link-Reject"}, {15, "Failed"}, {0, NULL},
};

static const struct field_def radius_fields[] = {
	{"radius.code", "Code", FT_UINT8, BASE_DEC, 0, 1, 0, radius_code_vals},
	{"radius.id", "Identifier", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"radius.length", "Length", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"radius.authenticator", "Authenticator", FT_BYTES, BASE_NONE, 4, 16, 0, NULL},
	{"radius.avp.type", "Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"radius.avp.length", "Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"radius.User_Name", "User-Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"radius.NAS_IP_Address", "NAS-IP-Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"radius.NAS_Port", "NAS-Port", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"radius.Framed_IP_Address", "Framed-IP-Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"radius.Reply_Message", "Reply-Message", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"radius.Called_Station_Id", "Called-Station-Id", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"radius.Calling_Station_Id", "Calling-Station-Id", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"radius.NAS_Identifier", "NAS-Identifier", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"radius.Acct_Status_Type", "Acct-Status-Type", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0,
	 radius_acct_status_vals},
	{"radius.Acct_Session_Id", "Acct-Session-Id", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(radius);

/* The attributes the field table names: their type and how the value reads. */
static const struct {
	uint8_t type;
	uint8_t kind; /* FV_STRING, FV_IPV4 or FV_UINT (4 bytes) */
	const char *abbrev;
} radius_attrs[] = {
	{1, FV_STRING, "radius.User_Name"},          {4, FV_IPV4, "radius.NAS_IP_Address"},
	{5, FV_UINT, "radius.NAS_Port"},             {8, FV_IPV4, "radius.Framed_IP_Address"},
	{18, FV_STRING, "radius.Reply_Message"},     {30, FV_STRING, "radius.Called_Station_Id"},
	{31, FV_STRING, "radius.Calling_Station_Id"}, {32, FV_STRING, "radius.NAS_Identifier"},
	{40, FV_UINT, "radius.Acct_Status_Type"},    {44, FV_STRING, "radius.Acct_Session_Id"},
};

/* Whether a datagram starting with the 4 bytes at B is RADIUS. */
static bool radius_looks(const uint8_t *b)
{
	uint32_t len = bytes_be16(b + 2);
	return value_name(radius_code_vals, b[0]) != NULL && len >= RADIUS_MIN && len <= RADIUS_MAX;
}

/* How a walk of the attributes ended. */
enum radius_end {
	RADIUS_END_OK,     /* every attribute fits in the length */
	RADIUS_END_HEADER, /* one byte left: no room for an attribute's header */
	RADIUS_END_SHORT,  /* an attribute's length below 2 */
	RADIUS_END_ROOM,   /* an attribute longer than the bytes left in the length */
	RADIUS_END_CUT,    /* the bytes end before the length does */
};

struct radius_avp {
	uint8_t type, len;
	const uint8_t *value; /* len - 2 bytes */
};

/* Walks the attributes of the message D (N bytes there), giving each one
 * wholly there to FN (when not NULL; false from FN stops the walk).  *BAD
 * gets the length of a too short attribute. */
static enum radius_end radius_walk(const uint8_t *d, uint32_t n, bool (*fn)(const struct radius_avp *a, void *data),
				   void *data, uint32_t *bad)
{
	uint32_t len = bytes_be16(d + 2), at = RADIUS_HDR, left = len - RADIUS_HDR;
	if (len > n)
		return RADIUS_END_CUT;
	while (left > 0) {
		if (left < 2)
			return RADIUS_END_HEADER;
		if (at + 2 > n)
			return RADIUS_END_CUT;
		struct radius_avp a = {.type = d[at], .len = d[at + 1], .value = d + at + 2};
		if (a.len < 2) {
			*bad = a.len;
			return RADIUS_END_SHORT;
		}
		if (a.len > left)
			return RADIUS_END_ROOM;
		if (at + a.len > n)
			return RADIUS_END_CUT;
		if (fn && !fn(&a, data))
			return RADIUS_END_OK;
		at += a.len;
		left -= a.len;
	}
	return RADIUS_END_OK;
}

static void dissect_radius(struct packet *p, struct cursor *c)
{
	const uint8_t *h = cursor_peek_all(c, 4);
	if (!h && cursor_rleft(c) > 0 && cursor_rleft(c) < 4) {
		/* too short to be judged: Wireshark's check itself fails, after
		 * the layer is there but before it writes a column */
		int idx = pkt_push_layer(p, PROTO_RADIUS, c->off);
		app_skip(c, 4);
		if (idx >= 0)
			app_note(p, idx, c);
		return;
	}
	if (!h || !radius_looks(h))
		return;
	int idx = pkt_push_layer(p, PROTO_RADIUS, c->off);
	if (idx < 0)
		return;
	uint32_t left = bytes_be16(h + 2) - RADIUS_HDR;
	app_skip(c, RADIUS_HDR);
	if (cursor_ok(c) && left > cursor_rleft(c)) {
		/* the attributes' span runs past the datagram: nothing of them is read */
		cursor_fail(c, left);
		app_note(p, idx, c);
		return;
	}
	while (left >= 2 && cursor_ok(c)) {
		cursor_u8(c);
		uint32_t alen = cursor_u8(c);
		if (!cursor_ok(c) || alen < 2 || alen > left)
			break;
		app_skip(c, alen - 2);
		left -= alen;
	}
	app_note(p, idx, c);
}

static bool radius_give(const struct radius_avp *a, void *data)
{
	const struct fv_want *w = data;
	if (fv_same(w->abbrev, "radius.avp.type"))
		return w->fn(&(struct fvalue){.kind = FV_UINT, .u = a->type}, w->data);
	if (fv_same(w->abbrev, "radius.avp.length"))
		return w->fn(&(struct fvalue){.kind = FV_UINT, .u = a->len}, w->data);
	uint32_t vlen = a->len - 2u;
	for (size_t i = 0; i < G_N_ELEMENTS(radius_attrs); i++) {
		if (radius_attrs[i].type != a->type || !fv_same(w->abbrev, radius_attrs[i].abbrev))
			continue;
		if (radius_attrs[i].kind == FV_STRING)
			return w->fn(&(struct fvalue){.kind = FV_STRING, .ptr = a->value, .len = vlen}, w->data);
		if (vlen != 4)
			return true;
		if (radius_attrs[i].kind == FV_IPV4)
			return w->fn(&(struct fvalue){.kind = FV_IPV4, .ptr = a->value, .len = 4}, w->data);
		return w->fn(&(struct fvalue){.kind = FV_UINT, .u = bytes_be32(a->value)}, w->data);
	}
	return true;
}

static void radius_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			  const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < RADIUS_HDR || !radius_looks(d))
		return;
	struct fv_want w = {f->abbrev, fn, data};
	uint32_t bad;
	radius_walk(d, n, radius_give, &w, &bad);
}

/* "Access-Request id=5": the code's name and the identifier. */
static void radius_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	if (!col_layer_given(p, idx, &n) || n < 4)
		return; /* too short to be judged: the columns stay UDP's */
	const uint8_t *d = col_begin(c, p, idx, &n);
	col_append(c, "%s id=%u", value_name(radius_code_vals, d[0]), d[1]);
}

/* An attribute that does not fit in the message's length. */
static void radius_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n, bad = 0;
	const uint8_t *d = col_layer_given(p, idx, &n);
	if (!d || n < RADIUS_HDR || !radius_looks(d))
		return;
	switch (radius_walk(d, n, NULL, NULL, &bad)) {
	case RADIUS_END_HEADER:
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "RADIUS", "Not enough room in packet for AVP header");
		break;
	case RADIUS_END_SHORT:
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "RADIUS", "AVP too short: length %u < 2", bad);
		break;
	case RADIUS_END_ROOM:
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "RADIUS", "Not enough room in packet for AVP");
		break;
	default:
		break;
	}
}

/* A datagram too short to be judged has none of the header's fields. */
static bool radius_absent(G_GNUC_UNUSED const struct packet *p, const struct layer *l,
			  G_GNUC_UNUSED const struct field_def *f)
{
	return l->len < 4;
}

/* Wireshark's registration: the authentication, accounting and dynamic
 * authorization ports, old and new. */
static const struct handoff radius_handoff[] = {
	UDP_PORT(1645, dissect_radius), UDP_PORT(1646, dissect_radius), UDP_PORT(1700, dissect_radius),
	UDP_PORT(1812, dissect_radius), UDP_PORT(1813, dissect_radius), UDP_PORT(3799, dissect_radius),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(RADIUS, "radius", "RADIUS Protocol");
const struct protocol proto_radius = {PROTO_RADIUS, .short_name = "RADIUS", .fields = &radius_table,
				      .columns = radius_columns, .expert = radius_expert, .absent = radius_absent, .values = radius_values,
				      .handoff = radius_handoff};
