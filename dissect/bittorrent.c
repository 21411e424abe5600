/* bittorrent.c — the BitTorrent peer-wire protocol over TCP (BEP 3, fast
 * extension BEP 6, extension protocol BEP 10).
 *
 * A connection opens with a 68-byte handshake, then carries length-prefixed
 * messages:
 *
 *   handshake:  | 19 | "BitTorrent protocol" (19) | reserved (8) | info_hash (20) | peer_id (20) |
 *   message:    | length (4, big-endian) | type (1) | payload (length - 1) ... |
 *   keep-alive: | 0 0 0 0 |
 *
 *   type  name            length      payload
 *   0     choke           1           (longer: an Azureus-messaging message)
 *   1-3   unchoke, interested, not interested          1     -
 *   4     have            5           piece index (4)
 *   5     bitfield        any         one bit per piece
 *   6     request         13          index (4) begin (4) length (4)
 *   7     piece           <= 0x4009   index (4) begin (4) block ...
 *   8     cancel          13          as request
 *   9     port            3           DHT port (2)
 *   13-17 suggest piece, have all, have none, reject request, allowed fast (BEP 6)
 *   20    extended        <= 0x4009   extension id (1) payload (id 0: bencoded handshake)
 *
 * Bytes that do not start a valid message (wrong length for the type, an
 * unknown type) are taken for the middle of a message whose start was not
 * seen: "continuation data", which runs to the end of the bytes at hand.
 * Messages are not encrypted here; an encrypted stream reads as continuation.
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

#define BT_HANDSHAKE_LEN 68
#define BT_HEADER_LEN 4
static const char bt_magic[20] = "\x13" "BitTorrent protocol";

static const struct value_string bt_msg_types[] = {
	{0, "Choke"}, {1, "Unchoke"}, {2, "Interested"}, {3, "Not Interested"},
	{4, "Have"}, {5, "Bitfield"}, {6, "Request"}, {7, "Piece"}, {8, "Cancel"},
	{9, "Port"}, {13, "Suggest Piece"}, {14, "Have All"}, {15, "Have None"},
	{16, "Reject Request"}, {17, "Allowed Fast"}, {20, "Extended"},
	{0, NULL},
};

/* Which fields a layer has depends on what it is (a handshake, a message of
 * some type, continuation data): bittorrent_field_values() gives them. */
static const struct field_def bittorrent_fields[] = {
	{"bittorrent.protocol.name.length", "Protocol Name Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"bittorrent.protocol.name", "Protocol Name", FT_STRING, BASE_NONE, FIELD_VAR, 19, 0, NULL},
	{"bittorrent.reserved", "Reserved Extension Bytes", FT_BYTES, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"bittorrent.info_hash", "SHA1 Hash of info dictionary", FT_BYTES, BASE_NONE, FIELD_VAR, 20, 0, NULL},
	{"bittorrent.peer_id", "Peer ID", FT_BYTES, BASE_NONE, FIELD_VAR, 20, 0, NULL},
	{"bittorrent.msg", "Message", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bittorrent.msg.length", "Message Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"bittorrent.msg.type", "Message Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, bt_msg_types},
	{"bittorrent.azureus_msg", "Azureus Message", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bittorrent.msg.typelen", "Message Type Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"bittorrent.msg.aztype", "Message Type", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bittorrent.msg.prio", "Message Priority", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"bittorrent.msg.bitfield", "Bitfield data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bittorrent.piece.index", "Piece index", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"bittorrent.piece.begin", "Begin offset of piece", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"bittorrent.piece.length", "Piece Length", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"bittorrent.piece.data", "Data in a piece", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bittorrent.port", "Port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"bittorrent.extended.id", "Extended Message ID", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"bittorrent.extended", "Extended Message", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bittorrent.continuous_data", "Extended Message", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"bittorrent.version", "Client version", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(bittorrent);

/* Whether LENGTH is plausible for a message of TYPE.  Fixed-size messages
 * must have their exact size; pieces and extension messages stay within one
 * 16 KiB block plus header; a bitfield (or an Azureus message behind a
 * type 0) within 2^20 pieces.  Anything else is not a message start. */
static bool bt_type_length_ok(uint8_t type, uint32_t length)
{
	switch (type) {
	case 1: case 2: case 3: case 14: case 15:
		return length == 1;
	case 9:
		return length == 3;
	case 4: case 13: case 17:
		return length == 5;
	case 6: case 8: case 16:
		return length == 13;
	case 7: case 20:
		return length <= 0x4009;
	case 0: case 5:
		return length <= 0x20000;
	default:
		return false;
	}
}

static bool bt_is_handshake(const uint8_t *data, uint32_t avail)
{
	return avail >= sizeof bt_magic && memcmp(data, bt_magic, sizeof bt_magic) == 0;
}

/* The length of the PDU at DATA, of which AVAIL bytes are at hand and REST
 * belong to the segment (REST >= AVAIL): continuation data runs to the end of
 * the segment. */
static uint32_t bt_pdu_len(const uint8_t *data, uint32_t avail, uint32_t rest)
{
	if (bt_is_handshake(data, avail))
		return BT_HANDSHAKE_LEN;
	if (avail < BT_HEADER_LEN)
		return PDU_NEED_MORE;
	uint32_t length = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
	if (length == 0)
		return BT_HEADER_LEN; /* keep-alive */
	/* Without the type byte, or with a type and length that do not make a
	 * message, the bytes are continuation data up to the end of the
	 * segment (a lone length is taken the same way). */
	if (avail == BT_HEADER_LEN || !bt_type_length_ok(data[4], length))
		return rest;
	return BT_HEADER_LEN + length;
}

uint32_t bittorrent_pdu_len(const uint8_t *data, uint32_t avail)
{
	return bt_pdu_len(data, avail, avail);
}

/* Bytes of the message header (after length and type) that the dissector
 * reads as fixed fields for TYPE; a payload of bytes (bitfield, block,
 * extension data) is not counted here. */
static uint32_t bt_fixed_part(uint8_t type)
{
	switch (type) {
	case 4: case 13: case 17:
		return 4;
	case 6: case 8: case 16:
		return 12;
	case 7:
		return 8;
	case 9:
		return 2;
	case 20:
		return 1;
	default:
		return 0;
	}
}

/* Checks the bytes of one PDU of PDU_LEN bytes at M's position.  M's declared
 * end is the end of the segment: a message that runs past it goes on in the
 * next segment, which is normal and flags nothing; bytes inside the segment
 * that the capture did not keep make the layer truncated. */
static void bt_check_pdu(struct cursor *m, uint32_t pdu_len)
{
	const uint8_t *d = m->data + m->off;
	uint32_t avail = cursor_left(m);
	uint32_t in_seg = pdu_len < cursor_rleft(m) ? pdu_len : cursor_rleft(m);
	if (bt_is_handshake(d, avail)) {
		cursor_skip(m, in_seg); /* every handshake field is shown */
		return;
	}
	if (in_seg < BT_HEADER_LEN + 1 || avail < BT_HEADER_LEN + 1)
		return; /* keep-alive, or too few bytes to tell the type: nothing more is read */
	uint32_t length = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
	uint8_t type = d[4];
	if (length == 0 || !bt_type_length_ok(type, length) || pdu_len != BT_HEADER_LEN + length)
		return; /* continuation data: shown as far as it was captured */
	if (type == 5 || type == 7 || type == 20) {
		/* The payload bytes are shown too: all of them in the segment must be there. */
		cursor_skip(m, in_seg);
		return;
	}
	uint32_t want = BT_HEADER_LEN + 1 + bt_fixed_part(type);
	cursor_skip(m, want < in_seg ? want : in_seg);
}

/* Dissects one PDU of PDU_LEN bytes (handshake, message or continuation)
 * starting at C's position as one `bittorrent` layer; C moves past the part
 * of it inside C's window. */
static void bt_dissect_pdu(struct packet *p, struct cursor *c, uint32_t pdu_len)
{
	int idx = pkt_push_layer(p, PROTO_BITTORRENT, c->off);
	if (idx < 0)
		return;
	struct cursor m = *c;
	bt_check_pdu(&m, pdu_len);
	pkt_note_cursor(p, idx, &m);
	uint32_t in_seg = pdu_len < cursor_rleft(c) ? pdu_len : cursor_rleft(c);
	c->off += in_seg;
}

/* The PDU length at C's position, or PDU_NEED_MORE. */
static uint32_t bt_pdu_len_at(const struct cursor *c)
{
	return bt_pdu_len(c->data + c->off, cursor_left(c), cursor_rleft(c));
}

void dissect_bittorrent(struct packet *p, struct cursor *c)
{
	if (cursor_rleft(c) == 0 || !cursor_ok(c))
		return;
	uint32_t len = bt_pdu_len_at(c);
	if (len != PDU_NEED_MORE) {
		bt_dissect_pdu(p, c, len);
		return;
	}
	/* Under four bytes: the start of a header whose rest is in the next
	 * segment, or cut off by the capture. */
	int idx = pkt_push_layer(p, PROTO_BITTORRENT, c->off);
	if (idx >= 0 && cursor_left(c) < cursor_rleft(c))
		pkt_mark(p, idx, PKT_TRUNCATED);
}

void dissect_bittorrent_heur(struct packet *p, struct cursor *c)
{
	if (cursor_left(c) >= sizeof bt_magic && memcmp(c->data + c->off, bt_magic, sizeof bt_magic) == 0)
		dissect_bittorrent(p, c);
}

void dissect_bittorrent_pdus(struct packet *p, struct cursor *c)
{
	/* Each message is a layer of its own; a datagram of hundreds of short
	 * messages shows as many as the layer stack holds. */
	while (cursor_rleft(c) > 0 && cursor_ok(c) && p->nlayers < PKT_MAX_LAYERS - 2) {
		uint32_t len = bt_pdu_len_at(c);
		if (len == PDU_NEED_MORE) {
			/* A header cut at the end of the datagram shows nothing more;
			 * one cut by the capture makes the last layer truncated. */
			if (cursor_left(c) < cursor_rleft(c) && p->nlayers > 0)
				pkt_mark(p, p->nlayers - 1, PKT_TRUNCATED);
			return;
		}
		bt_dissect_pdu(p, c, len);
	}
}

static uint32_t be32_at(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

/* The fields of one message's payload of TYPE, bytes [5, end) of D. */
static unsigned bt_payload_values(const uint8_t *d, uint32_t end, uint8_t type, const char *a, fvalue_fn fn,
				  void *data)
{
	bool indexed = type == 4 || type == 6 || type == 7 || type == 8 || type == 13 || type == 16 || type == 17;
	bool ranged = type == 6 || type == 7 || type == 8 || type == 16;
	if (fv_same(a, "bittorrent.piece.index") && indexed && end >= 9)
		return fv_give_uint(fn, data, be32_at(d + 5));
	if (fv_same(a, "bittorrent.piece.begin") && ranged && end >= 13)
		return fv_give_uint(fn, data, be32_at(d + 9));
	if (fv_same(a, "bittorrent.piece.length") && ranged && type != 7 && end >= 17)
		return fv_give_uint(fn, data, be32_at(d + 13));
	if (fv_same(a, "bittorrent.piece.data") && type == 7 && end > 13)
		return fv_give_ptr(fn, data, FV_BYTES, d + 13, end - 13);
	if (fv_same(a, "bittorrent.msg.bitfield") && type == 5 && end > 5)
		return fv_give_ptr(fn, data, FV_BYTES, d + 5, end - 5);
	if (fv_same(a, "bittorrent.port") && type == 9 && end >= 7)
		return fv_give_uint(fn, data, (uint32_t)d[5] << 8 | d[6]);
	if (fv_same(a, "bittorrent.extended.id") && type == 20 && end >= 6)
		return fv_give_uint(fn, data, d[5]);
	/* extension 0 is the bencoded extension handshake, not opaque bytes */
	if (fv_same(a, "bittorrent.extended") && type == 20 && end > 6 && d[5] != 0)
		return fv_give_ptr(fn, data, FV_BYTES, d + 6, end - 6);
	return 0;
}

unsigned bittorrent_field_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (bt_is_handshake(d, n)) {
		if (fv_same(a, "bittorrent.protocol.name.length"))
			return fv_give_uint(fn, data, d[0]);
		if (fv_same(a, "bittorrent.protocol.name"))
			return fv_give_ptr(fn, data, FV_STRING, d + 1, 19);
		static const struct {
			const char *name;
			uint8_t at, len;
		} parts[] = {{"bittorrent.reserved", 20, 8}, {"bittorrent.info_hash", 28, 20}, {"bittorrent.peer_id", 48, 20}};
		for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
			if (fv_same(a, parts[i].name) && n >= (uint32_t)parts[i].at + parts[i].len)
				return fv_give_ptr(fn, data, FV_BYTES, d + parts[i].at, parts[i].len);
		return 0;
	}
	if (n < BT_HEADER_LEN)
		return 0;
	uint32_t length = be32_at(d);
	bool message = length == 0 || (n > BT_HEADER_LEN && bt_type_length_ok(d[4], length));
	if (!message)
		return fv_same(a, "bittorrent.continuous_data") ? fv_give_ptr(fn, data, FV_BYTES, d, n) : 0;
	if (fv_same(a, "bittorrent.msg"))
		return fv_give_ptr(fn, data, FV_NONE, NULL, 0);
	if (fv_same(a, "bittorrent.msg.length"))
		return fv_give_uint(fn, data, length);
	if (length == 0)
		return 0; /* keep-alive */
	if (fv_same(a, "bittorrent.msg.type"))
		return fv_give_uint(fn, data, d[4]);
	uint32_t end = BT_HEADER_LEN + length < n ? BT_HEADER_LEN + length : n;
	return bt_payload_values(d, end, d[4], a, fn, data);
}

/* What one PDU writes in the Info (each closed by two spaces and fenced,
 * so the PDUs of a segment follow each other): "Handshake", the message
 * type and its numbers (hexadecimal), "Continuation data", or for a
 * keep-alive, which names nothing, "BitTorrent ". */
static void bittorrent_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "BitTorrent");
	uint32_t length = n >= BT_HEADER_LEN ? be32_at(d) : 0;
	if (bt_is_handshake(d, n))
		col_set(c, "Handshake");
	else if (n >= BT_HEADER_LEN && length == 0)
		col_set(c, "BitTorrent "); /* what a PDU shows before its message names itself */
	else if (n <= BT_HEADER_LEN || !bt_type_length_ok(d[4], length))
		col_set(c, "Continuation data");
	else {
		uint8_t type = d[4];
		const char *name = value_name(bt_msg_types, type);
		col_set(c, "%s", name ? name : "Unknown");
		uint32_t fixed = BT_HEADER_LEN + 1 + bt_fixed_part(type);
		if (n >= fixed) {
			const uint8_t *m = d + BT_HEADER_LEN + 1;
			switch (type) {
			case 4: case 13: case 17:
				col_append(c, ", Piece (Idx:0x%x)", be32_at(m));
				break;
			case 6: case 8: case 16:
				col_append(c, ", Piece (Idx:0x%x,Begin:0x%x,Len:0x%x)", be32_at(m), be32_at(m + 4),
					   be32_at(m + 8));
				break;
			case 7:
				col_append(c, ", Idx:0x%x,Begin:0x%x,Len:0x%x", be32_at(m), be32_at(m + 4), length - 9);
				break;
			case 5:
				col_append(c, ", Len:0x%x", length - 1);
				break;
			default:
				break;
			}
		}
	}
	col_append(c, "  ");
	col_fence(c);
}

static void bittorrent_layer_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				    const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn,
				    void *data)
{
	if (d)
		bittorrent_field_values(d, n, f->abbrev, fn, data);
}

static const struct handoff bittorrent_handoff[] = {
	TCP_PORTS(6881, 6889, dissect_bittorrent),
	TCP_HEUR(20, dissect_bittorrent_heur),
	HANDOFF_LIST_END,
};
static const struct pdu_framing bittorrent_framing[] = {
	{dissect_bittorrent, bittorrent_pdu_len, NULL, false, NULL, false},
	{dissect_bittorrent_heur, bittorrent_pdu_len, dissect_bittorrent, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(BITTORRENT, "bittorrent", "BitTorrent");
const struct protocol proto_bittorrent = {PROTO_BITTORRENT, .short_name = "BitTorrent", .columns = bittorrent_columns,
					  .values = bittorrent_layer_values, .fields = &bittorrent_table,
					  .handoff = bittorrent_handoff, .framing = bittorrent_framing};
