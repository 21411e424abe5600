/* nbss.c — NetBIOS Session Service (RFC 1002 section 4.3, TCP 139) and the
 * same framing used "direct hosted" by SMB on TCP 445.
 *
 *   0        1        2                 4
 *   +--------+--------+-----------------+------------------------
 *   |  type  | flags  |     length      |  payload (length bytes)
 *   +--------+--------+-----------------+------------------------
 *
 * The length is 17 bits (the low flag bit extends it).  SMB and SMB2 use all
 * 24 bits after the type byte, so a session message whose payload starts
 * with "?SMB" takes its length from those 24 bits.  Bytes that do not look
 * like the start of a message (unknown type, stray flag bits, a length the
 * type does not allow) are the continuation of an earlier message: still
 * NBSS, with nothing dissected inside.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	NBSS_MESSAGE = 0x00,
	NBSS_REQUEST = 0x81,
	NBSS_POSITIVE = 0x82,
	NBSS_NEGATIVE = 0x83,
	NBSS_RETARGET = 0x84,
	NBSS_KEEPALIVE = 0x85,
};

static const struct value_string nbss_type_vals[] = {
	{NBSS_MESSAGE, "Session message"},
	{NBSS_REQUEST, "Session request"},
	{NBSS_POSITIVE, "Positive session response"},
	{NBSS_NEGATIVE, "Negative session response"},
	{NBSS_RETARGET, "Retarget session response"},
	{NBSS_KEEPALIVE, "Session keep-alive"},
	{0, NULL},
};

static const struct value_string nbss_error_vals[] = {
	{0x80, "Not listening on called name"},
	{0x81, "Not listening for called name"},
	{0x82, "Called name not present"},
	{0x83, "Called name present, but insufficient resources"},
	{0x8f, "Unspecified error"},
	{0, NULL},
};

static const struct field_def nbss_fields[] = {
	{"nbss.type", "Message Type", FT_UINT8, BASE_HEX, 0, 1, 0, nbss_type_vals},
	{"nbss.flags", "Flags", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"nbss.flags.e", "Extend", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x01, NULL},
	{"nbss.length", "Length", FT_UINT24, BASE_DEC, FIELD_VAR, 3, 0, NULL},
	{"nbss.error_code", "Error code", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, nbss_error_vals},
	{"nbss.retarget_ip_address", "Retarget IP address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"nbss.retarget_port", "Retarget port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"nbss.continuation_data", "Continuation data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(nbss);

/* The payload length the header at D declares (AVAIL bytes known), -1 when
 * the bytes do not start a message, -2 when more bytes are needed to tell. */
static int64_t nbss_msg_len(const uint8_t *d, uint32_t avail)
{
	if (avail < 4)
		return -2;
	uint8_t type = d[0], flags = d[1];
	uint32_t len;
	if (type == NBSS_MESSAGE && flags > 1) {
		/* Only SMB and SMB2 use the high length bits. */
		if (avail < 8)
			return -2;
		if (d[5] != 'S' || d[6] != 'M' || d[7] != 'B')
			return -1;
		len = (uint32_t)flags << 16 | (uint32_t)d[2] << 8 | d[3];
	} else {
		if (flags & ~1u)
			return -1;
		len = (uint32_t)(flags & 1) << 16 | (uint32_t)d[2] << 8 | d[3];
	}
	switch (type) {
	case NBSS_MESSAGE:
		return len == 0 ? -1 : (int64_t)len;
	case NBSS_REQUEST:
		return len < 2 || len > 256 ? -1 : (int64_t)len;
	case NBSS_POSITIVE:
	case NBSS_KEEPALIVE:
		return len == 0 ? 0 : -1;
	case NBSS_NEGATIVE:
		return len == 1 ? 1 : -1;
	case NBSS_RETARGET:
		return len == 6 ? 6 : -1;
	default:
		return -1;
	}
}

uint32_t nbss_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (avail > 0 && !value_name(nbss_type_vals, data[0]))
		return 0;
	int64_t len = nbss_msg_len(data, avail);
	if (len == -2)
		return PDU_NEED_MORE;
	return len < 0 ? 0 : (uint32_t)len + 4;
}

bool pdu_cut_short(const struct packet *p, const struct cursor *c)
{
	return cursor_left(c) < cursor_rleft(c) && p->frame->caplen < p->frame->len;
}

void pdu_note_cursor(struct packet *p, int idx, const struct cursor *c)
{
	if (c->err == CUR_MALFORMED || (c->err == CUR_TRUNCATED && p->frame->caplen < p->frame->len))
		pkt_note_cursor(p, idx, c);
}

void dissect_netbios_payload(struct packet *p, struct cursor *c)
{
	if (dissect_try(dissect_smb, p, c) || dissect_try(dissect_smb2, p, c))
		return;
	if (cursor_left(c) < 4 && pdu_cut_short(p, c))
		pkt_mark(p, -1, PKT_TRUNCATED); /* too little left to tell */
	dissect_data(p, c);
}

void dissect_nbss(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_NBSS, c->off);
	if (idx < 0)
		return;
	const uint8_t *d = c->data + c->off;
	int64_t len = nbss_msg_len(d, cursor_left(c));
	if (len == -2 && cursor_left(c) < cursor_rleft(c)) {
		/* The capture cut the header short. */
		pkt_mark(p, idx, PKT_TRUNCATED);
		return;
	}
	if (len < 0)
		return; /* the middle of a message that began in an earlier segment */
	uint8_t type = d[0];
	cursor_skip(c, 4);
	/* A message longer than this segment goes on in the next ones: the
	 * window declares the whole message but holds only what is here, so
	 * reading past the segment is a short read, never a contradiction. */
	struct cursor body = *c;
	uint64_t want = (uint64_t)c->off + (uint64_t)len;
	body.rend = want > UINT32_MAX ? UINT32_MAX : (uint32_t)want;
	if (body.end > body.rend)
		body.end = body.rend;
	switch (type) {
	case NBSS_MESSAGE:
		dissect_netbios_payload(p, &body);
		break;
	case NBSS_NEGATIVE:
		cursor_skip(&body, 1);
		break;
	case NBSS_RETARGET:
		cursor_skip(&body, 6);
		break;
	default:
		break;
	}
	pdu_note_cursor(p, idx, &body);
}

/* NBSS: type(1); a session message (0) has a 24-bit length, the others
 * flags(1) (bit 0 extends the length) and a 16-bit length; a negative
 * response (0x83) an error code, a retarget response (0x84) an address
 * and a port. */
static unsigned nbss_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 4)
		return 0;
	bool session = d[0] == 0x00;
	if (fv_same(a, "nbss.length"))
		return fv_give_uint(fn, data, (uint32_t)(session ? d[1] : d[1] & 1) << 16 | fv_get16(d + 2, true));
	if (fv_same(a, "nbss.flags") && !session)
		return fv_give_uint(fn, data, d[1]);
	if (fv_same(a, "nbss.flags.e") && !session)
		return fv_give_uint(fn, data, d[1] & 1);
	if (fv_same(a, "nbss.error_code") && d[0] == 0x83 && n >= 5)
		return fv_give_uint(fn, data, d[4]);
	if (fv_same(a, "nbss.retarget_ip_address") && d[0] == 0x84 && n >= 8)
		return fv_give_ptr(fn, data, FV_IPV4, d + 4, 4);
	if (fv_same(a, "nbss.retarget_port") && d[0] == 0x84 && n >= 10)
		return fv_give_uint(fn, data, fv_get16(d + 8, true));
	return 0;
}

static void nbss_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		nbss_values(d, n, f->abbrev, fn, data);
}

/* Info: the message's type, as Wireshark writes it before reading the
 * message (so also in a segment that only starts it). */
static void nbss_type_info(struct columns *c, const uint8_t *d, uint32_t n)
{
	if (n > 0)
		col_set_value(c, nbss_type_vals, d[0], "Unknown (%02x)");
}

/* Bytes that start no message (too few to hold a header, or not a header
 * Wireshark accepts) are the rest of an earlier one. */
static void nbss_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (nbss_msg_len(d, n) < 0)
		g_string_append(c->info, "NBSS Continuation Message");
	else
		nbss_type_info(c, d, n);
}

static void nbss_partial(struct columns *c, G_GNUC_UNUSED const struct packet *p, const uint8_t *d, uint32_t n)
{
	nbss_type_info(c, d, n);
}

static const struct handoff nbss_handoff[] = {
	TCP_PORT(139, dissect_nbss),
	TCP_PORT(445, dissect_nbss), /* SMB direct: the same framing */
	HANDOFF_LIST_END,
};
static const struct pdu_framing nbss_framing[] = {
	/* Wireshark's rule for bytes handed un-reassembled: fewer than 4 are
	 * the rest of a message, not a header cut short */
	{dissect_nbss, nbss_pdu_len, NULL, false, NULL, true},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(NBSS, "nbss", "NetBIOS Session Service");
const struct protocol proto_nbss = {PROTO_NBSS, .short_name = "NBSS", .columns = nbss_columns, .partial = nbss_partial, .values = nbss_field_values, .fields = &nbss_table,
                                    .handoff = nbss_handoff, .framing = nbss_framing};
