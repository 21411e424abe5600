/* t124.c — T.124 Generic Conference Control (GCC) as RDP uses it: the
 * userData of an MCS Connect-Initial / Connect-Response (ITU-T T.124;
 * [MS-RDPBCGR] 2.2.1.3 and 2.2.1.4), aligned PER:
 *
 *   | 00 | 05 | 00 14 7c 00 01 | len | ConnectGCCPDU ...                     |
 *     key: object, OID 0.0.20.124.0.1   conferenceCreateRequest / -Response,
 *                                       whose last part is a UserData set:
 *                                  ... | c0 00 | "Duca" / "McDn" | len | data |
 *
 * The user data belongs to whoever registered its H.221 non-standard key:
 * "Duca" the client's data blocks, "McDn" the server's (both RDP's), as
 * Wireshark hands them on.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def t124_fields[] = {
	{"t124.h221NonStandard", "h221NonStandard", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(t124);

static const uint8_t gcc_key[7] = {0x00, 0x05, 0x00, 0x14, 0x7c, 0x00, 0x01};

/* Where the H.221 key of the connect PDU's user data starts in D (N
 * bytes): the first "\xc0\x00" + KEY in the PDU's fixed part, or -1. */
static int h221_at(const uint8_t *d, uint32_t n, const char *key)
{
	for (uint32_t i = 0; i + 6 <= n && i < 64; i++)
		if (d[i] == 0xc0 && d[i + 1] == 0 && memcmp(d + i + 2, key, 4) == 0)
			return (int)i + 2;
	return -1;
}

void dissect_t124(struct packet *p, struct cursor *c, bool response)
{
	int idx = pkt_push_layer(p, PROTO_T124, c->off);
	if (idx < 0)
		return;
	uint8_t key[sizeof gcc_key];
	if (!cursor_copy(c, key, sizeof key) || memcmp(key, gcc_key, sizeof key) != 0) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	/* connectPDU: a PER length, then the PDU */
	uint8_t b = cursor_u8(c);
	uint32_t len = b & 0x80 ? (uint32_t)(b & 0x3f) << 8 | cursor_u8(c) : b;
	struct cursor pdu = cursor_sub(c, len);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	int at = h221_at(pdu.data + pdu.off, cursor_left(&pdu), response ? "McDn" : "Duca");
	if (at < 0)
		return;
	cursor_skip(&pdu, (uint32_t)at + 4);
	b = cursor_u8(&pdu);
	len = b & 0x80 ? (uint32_t)(b & 0x3f) << 8 | cursor_u8(&pdu) : b;
	struct cursor data = cursor_sub(&pdu, len);
	if (!cursor_ok(&pdu)) {
		pkt_note_cursor(p, idx, &pdu);
		return;
	}
	rdp_conference_data(p, &data, response);
}

/* The H.221 key of the user data (4 bytes). */
static void t124_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || !fv_same(f->abbrev, "t124.h221NonStandard"))
		return;
	int at = h221_at(d, n, "Duca");
	if (at < 0)
		at = h221_at(d, n, "McDn");
	if (at >= 0)
		fv_give_ptr(fn, data, FV_BYTES, d + at, 4);
}

/* Its Protocol column is "T.124"; it adds nothing to Info. */
static void t124_columns(struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
	col_proto(c, "T.124");
}

PROTOCOL_ID(T124, "t124", "GENERIC-CONFERENCE-CONTROL T.124");
const struct protocol proto_t124 = {PROTO_T124, .short_name = "T.124", .fields = &t124_table, .columns = t124_columns, .values = t124_values};
