/* l2tp.c — Layer 2 Tunneling Protocol version 2 (RFC 2661), UDP port 1701.
 *
 *   0                   1                   2                   3
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |   Length (when L)             |
 *   |   Tunnel ID                   |   Session ID                  |
 *   |   Ns (when S)                 |   Nr (when S)                 |
 *   |   Offset Size (when O)        |   Offset pad ...              |
 *
 * T set: a control message, its body attribute-value pairs (flags and
 * length, vendor, type, value; the first one, type 0, names the message);
 * T clear: a data message carrying a PPP frame, handed to PPP.  Only
 * versions 2 and 3 are L2TP; version 3 over UDP (RFC 3931) shows as
 * `L2TPv3` with its header alone.
 */
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	L2TP_T = 0x8000, L2TP_L = 0x4000, L2TP_S = 0x0800, L2TP_O = 0x0200, L2TP_VER = 0x000f,
	L2TP_AVP_LEN = 0x03ff, L2TP_AVP_HDR = 6,
};

/* The control message types by their short names (IANA's L2TP registry). */
static const char *const l2tp_msg_names[] = {
	NULL,    "SCCRQ", "SCCRP", "SCCCN", "StopCCN", "Reserved", "Hello", "OCRQ", "OCRP", "OCCN",
	"ICRQ",  "ICRP",  "ICCN",  "Reserved", "CDN", "WEN",      "SLI",   "MDMST", "SRRQ", "SRRP",
	"ACK",   "FSQ",   "FSR",   "MSRQ",  "MSRP",  "MSE",      "MSI",   "MSEN", "CSUN", "CSURQ",
};

static const struct field_def l2tp_fields[] = {
	{"l2tp.flags", "Flags", FT_UINT16, BASE_HEX, 0, 2, 0, NULL},
	{"l2tp.type", "Type", FT_UINT16, BASE_DEC, 0, 2, 0x8000, NULL},
	{"l2tp.length_bit", "Length Bit", FT_BOOLEAN, BASE_NONE, 0, 2, 0x4000, NULL},
	{"l2tp.seq_bit", "Sequence Bit", FT_BOOLEAN, BASE_NONE, 0, 2, 0x0800, NULL},
	{"l2tp.offset_bit", "Offset bit", FT_BOOLEAN, BASE_NONE, 0, 2, 0x0200, NULL},
	{"l2tp.priority", "Priority", FT_BOOLEAN, BASE_NONE, 0, 2, 0x0100, NULL},
	{"l2tp.version", "Version", FT_UINT16, BASE_DEC, 0, 2, 0x000f, NULL},
	{"l2tp.length", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"l2tp.tunnel", "Tunnel ID", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"l2tp.session", "Session ID", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"l2tp.Ns", "Ns", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"l2tp.Nr", "Nr", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"l2tp.offset", "Offset", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"l2tp.avp.length", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"l2tp.avp.vendor_id", "Vendor ID", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"l2tp.avp.type", "AVP Type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"l2tp.avp.message_type", "Message Type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(l2tp);

/* The version 2 header of the N bytes at D (N >= 2), as far as they go. */
struct l2tp_hdr {
	uint16_t flags, length, tunnel, session, ns, nr, offset;
	uint32_t body; /* where the AVPs or the PPP frame start */
	bool whole;    /* every header field is there */
};

static struct l2tp_hdr l2tp_header(const uint8_t *d, uint32_t n)
{
	struct l2tp_hdr h = {.flags = bytes_be16(d)};
	uint32_t at = 2;
	if (h.flags & L2TP_L) {
		h.length = at + 2 <= n ? bytes_be16(d + at) : 0;
		at += 2;
	}
	h.tunnel = at + 2 <= n ? bytes_be16(d + at) : 0;
	h.session = at + 4 <= n ? bytes_be16(d + at + 2) : 0;
	at += 4;
	if (h.flags & L2TP_S) {
		h.ns = at + 2 <= n ? bytes_be16(d + at) : 0;
		h.nr = at + 4 <= n ? bytes_be16(d + at + 2) : 0;
		at += 4;
	}
	if (h.flags & L2TP_O) {
		h.offset = at + 2 <= n ? bytes_be16(d + at) : 0;
		at += 2u + h.offset;
	}
	h.body = at;
	h.whole = at <= n;
	return h;
}

/* Where the Info looks for the first AVP's type (its value, the message
 * type, follows): counted from the session id as Wireshark counts it, which
 * is the AVP's place when the length is there. */
static uint32_t l2tp_first_avp_type(uint16_t flags)
{
	return ((flags & L2TP_L) ? 6u : 4u) + ((flags & L2TP_S) ? 4u : 0) + 6;
}

/* Whether the N bytes at D (a version 2 header) end before what the Info
 * reads: Wireshark's exception then comes before any field. */
static bool l2tp_info_fails(const uint8_t *d, uint32_t n)
{
	uint16_t flags = bytes_be16(d);
	uint32_t ids = (flags & L2TP_L) ? 8 : 6;
	if (n < ids)
		return true;
	if (!(flags & L2TP_T) || ((flags & L2TP_L) && bytes_be16(d + 2) == 12))
		return false;
	uint32_t at = l2tp_first_avp_type(flags);
	return at + 2 > n || (bytes_be16(d + at) == 0 && at + 4 > n);
}

static void dissect_l2tp(struct packet *p, struct cursor *c)
{
	const uint8_t *d = cursor_peek_all(c, 2);
	if (!d)
		return;
	unsigned ver = bytes_be16(d) & L2TP_VER;
	if (ver != 2 && ver != 3)
		return;
	int idx = pkt_push_layer(p, PROTO_L2TP, c->off);
	if (idx < 0)
		return;
	if (ver == 3) { /* the header is not read further */
		cursor_skip(c, cursor_rleft(c));
		return;
	}
	struct cursor start = *c;
	uint16_t flags = cursor_be16(c);
	uint32_t length = 0;
	if (flags & L2TP_L)
		length = cursor_be16(c);
	app_skip(c, 4); /* tunnel and session */
	if (cursor_ok(c) && (flags & L2TP_T) && !((flags & L2TP_L) && length == 12)) {
		/* the Info reads the first AVP's type, and the message type after a type 0 */
		struct cursor info = start;
		app_skip(&info, l2tp_first_avp_type(flags));
		if (cursor_be16(&info) == 0)
			cursor_be16(&info);
		if (!cursor_ok(&info))
			c->err = info.err;
	}
	if (flags & L2TP_S)
		app_skip(c, 4);
	uint32_t used = c->off - start.off;
	if ((flags & L2TP_L) && cursor_ok(c)) {
		if (length < used)
			c->err = CUR_MALFORMED;
		else
			cursor_limit(c, length - used);
	}
	if ((flags & L2TP_O) && cursor_ok(c))
		app_skip(c, cursor_be16(c));
	if (!cursor_ok(c)) {
		app_note(p, idx, c);
		return;
	}
	if (!(flags & L2TP_T)) {
		if (cursor_rleft(c) > 0)
			dissect_ppp(p, c);
		return;
	}
	/* the AVPs, when the length says where they end */
	while ((flags & L2TP_L) && cursor_rleft(c) > 0 && cursor_ok(c)) {
		uint32_t alen = cursor_be16(c) & L2TP_AVP_LEN;
		app_skip(c, 4);
		if (!cursor_ok(c) || alen < L2TP_AVP_HDR)
			break;
		app_skip(c, alen - L2TP_AVP_HDR);
	}
	app_note(p, idx, c);
}

/* One AVP: its length, vendor, type and value. */
struct l2tp_avp {
	uint16_t len, vendor, type;
	const uint8_t *value;
};

/* Walks the AVPs of the control message D (N bytes there) as far as they
 * are whole, giving each to FN until it returns false; returns the length
 * of an AVP below 6 bytes that ends the walk, or -1. */
static int l2tp_walk(const uint8_t *d, uint32_t n, bool (*fn)(const struct l2tp_avp *a, void *data), void *data)
{
	struct l2tp_hdr h = l2tp_header(d, n);
	if (!(h.flags & L2TP_T) || !(h.flags & L2TP_L) || !h.whole)
		return -1;
	uint32_t end = h.length < n ? h.length : n;
	for (uint32_t at = h.body; at + L2TP_AVP_HDR <= end;) {
		struct l2tp_avp a = {bytes_be16(d + at) & L2TP_AVP_LEN, bytes_be16(d + at + 2), bytes_be16(d + at + 4),
				     d + at + L2TP_AVP_HDR};
		if (a.len < L2TP_AVP_HDR)
			return a.len;
		if (at + a.len > end || !fn(&a, data))
			return -1;
		at += a.len;
	}
	return -1;
}

static bool l2tp_give(const struct l2tp_avp *a, void *data)
{
	const struct fv_want *w = data;
	uint64_t v;
	if (fv_same(w->abbrev, "l2tp.avp.length"))
		v = a->len;
	else if (fv_same(w->abbrev, "l2tp.avp.vendor_id"))
		v = a->vendor;
	else if (fv_same(w->abbrev, "l2tp.avp.type"))
		v = a->type;
	else if (fv_same(w->abbrev, "l2tp.avp.message_type") && a->vendor == 0 && a->type == 0 && a->len >= 8)
		v = bytes_be16(a->value);
	else
		return true;
	return w->fn(&(struct fvalue){.kind = FV_UINT, .u = v}, w->data);
}

static void l2tp_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 2 || (bytes_be16(d) & L2TP_VER) != 2 || l2tp_info_fails(d, n))
		return;
	struct l2tp_hdr h = l2tp_header(d, n);
	const struct fv_named_uint hdr[] = {
		{"l2tp.length", h.length, (h.flags & L2TP_L) && n >= 4},
		{"l2tp.tunnel", h.tunnel, n >= ((h.flags & L2TP_L) ? 6u : 4u)},
		{"l2tp.session", h.session, n >= ((h.flags & L2TP_L) ? 8u : 6u)},
		{"l2tp.Ns", h.ns, (h.flags & L2TP_S) && n >= ((h.flags & L2TP_L) ? 10u : 8u)},
		{"l2tp.Nr", h.nr, (h.flags & L2TP_S) && n >= ((h.flags & L2TP_L) ? 12u : 10u)},
		{"l2tp.offset", h.offset, (h.flags & L2TP_O) && h.whole},
	};
	fv_give_named(fn, data, f->abbrev, hdr, G_N_ELEMENTS(hdr));
	struct fv_want w = {f->abbrev, fn, data};
	l2tp_walk(d, n, l2tp_give, &w);
}

/* "Control Message - SCCRQ (tunnel id=1, session id=0)", the ZLB
 * acknowledgement, "Data    Message            (...)" as Wireshark spaces
 * them; version 3 names its protocol and shows no Info here. */
static void l2tp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 2)
		return;
	uint16_t flags = bytes_be16(d);
	if ((flags & L2TP_VER) == 3) {
		col_proto(c, "L2TPv3");
		return;
	}
	struct l2tp_hdr h = l2tp_header(d, n);
	uint32_t ids = (flags & L2TP_L) ? 8 : 6;
	if (n < ids)
		return;
	if (!(flags & L2TP_T)) {
		col_append(c, "Data    Message            (tunnel id=%u, session id=%u)", h.tunnel, h.session);
		return;
	}
	if ((flags & L2TP_L) && h.length == 12) {
		col_append(c, "Control Message - ZLB      (tunnel id=%u, session id=%u)", h.tunnel, h.session);
		return;
	}
	/* the first AVP's type and value, where they are when the length is there */
	uint32_t at = l2tp_first_avp_type(flags);
	if (at + 2 > n)
		return;
	if (bytes_be16(d + at) != 0) {
		col_append(c, "Control Message (tunnel id=%u, session id=%u)", h.tunnel, h.session);
		return;
	}
	if (at + 4 > n)
		return;
	uint16_t type = bytes_be16(d + at + 2);
	if (type > 0 && type < G_N_ELEMENTS(l2tp_msg_names))
		col_append(c, "Control Message - %s (tunnel id=%u, session id=%u)", l2tp_msg_names[type], h.tunnel,
			   h.session);
	else
		col_append(c, "Control Message - Unknown (%u) (tunnel id=%u, session id=%u)", type, h.tunnel,
			   h.session);
}

static bool l2tp_count(G_GNUC_UNUSED const struct l2tp_avp *a, G_GNUC_UNUSED void *data)
{
	return true;
}

/* An AVP shorter than its own header ends the control message's AVPs. */
static void l2tp_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	if (!d || n < 2 || (bytes_be16(d) & L2TP_VER) != 2)
		return;
	int bad = l2tp_walk(d, n, l2tp_count, NULL);
	if (bad >= 0)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "L2TP", "AVP length must be >= 6, got %d", bad);
}

/* A header the Info's reads run past has no fields. */
static bool l2tp_absent(const struct packet *p, const struct layer *l, G_GNUC_UNUSED const struct field_def *f)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, (int)(l - p->layers), &n);
	return !d || n < 2 || ((bytes_be16(d) & L2TP_VER) == 2 && l2tp_info_fails(d, n));
}

/* Wireshark's registration: UDP port 1701. */
static const struct handoff l2tp_handoff[] = {
	UDP_PORT(1701, dissect_l2tp),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(L2TP, "l2tp", "Layer 2 Tunneling Protocol");
const struct protocol proto_l2tp = {PROTO_L2TP, .short_name = "L2TP", .fields = &l2tp_table, .columns = l2tp_columns,
				    .expert = l2tp_expert, .absent = l2tp_absent, .values = l2tp_values, .handoff = l2tp_handoff};
