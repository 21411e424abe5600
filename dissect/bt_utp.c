/* bt_utp.c — uTP, the uTorrent Transport Protocol (BEP 29, version 1 header),
 * BitTorrent's congestion-friendly stream over UDP.
 *
 *   0       4       8               16              24              32
 *   +-------+-------+---------------+---------------+---------------+
 *   | type  | ver=1 | extension     | connection_id                 |
 *   +-------+-------+---------------+---------------+---------------+
 *   | timestamp_microseconds                                        |
 *   | timestamp_difference_microseconds                             |
 *   | wnd_size                                                      |
 *   +---------------+---------------+---------------+---------------+
 *   | seq_nr                        | ack_nr                        |
 *   +---------------+---------------+---------------+---------------+
 *   then extensions while `extension` is not 0: | next (1) | len (1) | len bytes |
 *   then the payload: BitTorrent peer-wire messages.
 *
 * Types: 0 data, 1 fin, 2 state, 3 reset, 4 syn.  Extensions: 1 selective
 * acks, 2 extension bits.
 *
 * Nothing in the header is a strong signature, so a datagram is taken for
 * uTP only when: version 1, a known type, a known first extension, a receive
 * window no larger than any client uses (0x380000), and, when an extension
 * follows the header, a known next extension and a length of at least 4.
 * Even so, other UDP traffic with many zero bytes can pass: the heuristic is
 * exported but registered nowhere (see bt_dht.c's handoff list).
 *
 * The payload's messages are shown one `bittorrent` layer each.  A datagram
 * that lies wholly inside a message begun in an earlier datagram is not
 * recognised as such here (that needs the connection's history): its bytes
 * read as continuation data.
 */
#include <glib.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

#define UTP_HDR_LEN 20
#define UTP_NUM_TYPES 5
#define UTP_NUM_EXT 3
#define UTP_MAX_WINDOW 0x380000u

static const struct value_string utp_types[] = {
	{0, "Data"}, {1, "Fin"}, {2, "State"}, {3, "Reset"}, {4, "Syn"}, {0, NULL},
};

static const struct value_string utp_exts[] = {
	{0, "No Extension"}, {1, "Selective ACKs"}, {2, "Extension bits"}, {0, NULL},
};

static const struct field_def bt_utp_fields[] = {
	{"bt-utp.ver", "Version", FT_UINT8, BASE_DEC, 0, 1, 0x0f, NULL},
	{"bt-utp.type", "Type", FT_UINT8, BASE_DEC, 0, 1, 0xf0, utp_types},
	{"bt-utp.next_extension_type", "Next Extension Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, utp_exts},
	{"bt-utp.connection_id", "Connection ID", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"bt-utp.timestamp_us", "Timestamp Microseconds", FT_UINT32, BASE_DEC, 4, 4, 0, NULL},
	{"bt-utp.timestamp_diff_us", "Timestamp Difference Microseconds", FT_UINT32, BASE_DEC, 8, 4, 0, NULL},
	{"bt-utp.wnd_size", "Window Size", FT_UINT32, BASE_DEC, 12, 4, 0, NULL},
	{"bt-utp.seq_nr", "Sequence number", FT_UINT16, BASE_DEC, 16, 2, 0, NULL},
	{"bt-utp.ack_nr", "ACK number", FT_UINT16, BASE_DEC, 18, 2, 0, NULL},
	{"bt-utp.extension", "Extension", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-utp.extension_len", "Extension Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"bt-utp.extension_bitmask", "Extension Bitmask", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-utp.extension_unknown", "Extension Unknown", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-utp.len", "uTP Segment Len", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"bt-utp.data", "Data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bt-utp.pdu.size", "PDU Size", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(bt_utp);

/* The header checks described at the top, on the captured bytes. */
static bool utp_looks_valid(const struct cursor *c)
{
	if (cursor_left(c) < UTP_HDR_LEN)
		return false;
	const uint8_t *d = c->data + c->off;
	if ((d[0] & 0x0f) != 1 || (d[0] >> 4) >= UTP_NUM_TYPES || d[1] >= UTP_NUM_EXT)
		return false;
	uint32_t window = (uint32_t)d[12] << 24 | (uint32_t)d[13] << 16 | (uint32_t)d[14] << 8 | d[15];
	if (window > UTP_MAX_WINDOW)
		return false;
	if (d[1] != 0) {
		if (cursor_left(c) < UTP_HDR_LEN + 2)
			return false;
		if (d[UTP_HDR_LEN] >= UTP_NUM_EXT || d[UTP_HDR_LEN + 1] < 4)
			return false;
	}
	return true;
}

void dissect_bt_utp(struct packet *p, struct cursor *c)
{
	if (!utp_looks_valid(c))
		return;
	int idx = pkt_push_layer(p, PROTO_BT_UTP, c->off);
	if (idx < 0)
		return;
	uint8_t ext = c->data[c->off + 1];
	cursor_skip(c, UTP_HDR_LEN);
	/* The extension chain, for as long as the datagram declares bytes. */
	while (ext != 0 && cursor_rleft(c) > 0 && cursor_ok(c)) {
		ext = cursor_u8(c);
		uint8_t len = cursor_u8(c);
		cursor_skip(c, len);
	}
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (cursor_left(c) > 0)
		dissect_bittorrent_pdus(p, c);
}

void dissect_bt_utp_heur(struct packet *p, struct cursor *c)
{
	dissect_bt_utp(p, c);
}

/* uTP: after the 20-byte header, while the previous "next extension" byte
 * is not 0: next type (1), length (1), LENGTH bytes — selective ACKs (1)
 * and extension bits (2) as a bitmask, others as unknown bytes; then the
 * payload, its length and the size of each peer-wire message it holds. */
unsigned bt_utp_field_values(const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn, void *data)
{
	unsigned given = 0;
	if (!b || n < 20)
		return 0;
	bool next = fv_same(abbrev, "bt-utp.next_extension_type");
	if (next)
		given += fv_give_uint(fn, data, b[1]);
	uint8_t type = b[1];
	uint32_t at = 20;
	while (type != 0 && at + 2 <= n) {
		uint8_t len = b[at + 1];
		if (at + 2 + len > n)
			return given;
		if (next)
			given += fv_give_uint(fn, data, b[at]);
		else if (fv_same(abbrev, "bt-utp.extension"))
			given += fv_give_ptr(fn, data, FV_NONE, NULL, 0);
		else if (fv_same(abbrev, "bt-utp.extension_len"))
			given += fv_give_uint(fn, data, len);
		else if (fv_same(abbrev, type == 1 || type == 2 ? "bt-utp.extension_bitmask" : "bt-utp.extension_unknown"))
			given += fv_give_ptr(fn, data, FV_BYTES, b + at + 2, len);
		type = b[at];
		at += 2u + len;
	}
	if (type != 0)
		return given;
	if (fv_same(abbrev, "bt-utp.len"))
		given += fv_give_uint(fn, data, n - at);
	else if (fv_same(abbrev, "bt-utp.data") && at < n)
		given += fv_give_ptr(fn, data, FV_BYTES, b + at, n - at);
	else if (fv_same(abbrev, "bt-utp.pdu.size"))
		/* each whole peer-wire message: a handshake, or a length and its bytes */
		for (uint32_t size; at < n; at += size) {
			size = bittorrent_pdu_len(b + at, n - at);
			if (size == 0 || size == PDU_NEED_MORE || size > n - at)
				break;
			given += fv_give_uint(fn, data, size);
		}
	return given;
}

static void bt_utp_layer_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		bt_utp_field_values(d, n, f->abbrev, fn, data);
}

PROTOCOL_ID(BT_UTP, "bt-utp", "uTorrent Transport Protocol");
const struct protocol proto_bt_utp = {PROTO_BT_UTP, .short_name = "BT-uTP", .values = bt_utp_layer_values, .fields = &bt_utp_table};
