/* asf.c — the Alert Standard Format's messages (DMTF DSP0136), RMCP's
 * class 6: Presence Ping and Pong, the remote control commands and the
 * RMCP Security-extensions Protocol's session set-up.
 *
 *   0                4       5      6          7        8
 *   +----------------+-------+------+----------+--------+---------------+
 *   | IANA number    | type  | tag  | reserved | length | data (length) |
 *   | (4, 4542)      |       |      |          |        |               |
 *   +----------------+-------+------+----------+--------+---------------+
 *
 * Info is the type's name.  The 8-byte header cut short is malformed with
 * an empty Info (Wireshark clears it first).  An Open Session Request or
 * Response is read field by field (session ids, then payloads of type,
 * reserved byte and 2-byte length); any other type's data is `data`, as
 * much of it as the datagram holds.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/rmcp.h"

enum { ASF_OPEN_SESSION_RESPONSE = 0x43, ASF_OPEN_SESSION_REQUEST = 0x83 };

static const struct value_string asf_types[] = {
	{0x10, "Reset"}, {0x11, "Power-up"}, {0x12, "Unconditional Power-down"}, {0x13, "Power Cycle"},
	{0x40, "Presence Pong"}, {0x41, "Capabilities Response"}, {0x42, "System State Response"},
	{0x43, "Open Session Response"}, {0x44, "Close Session Response"}, {0x80, "Presence Ping"},
	{0x81, "Capabilities Request"}, {0x82, "System State Request"}, {0x83, "Open Session Request"},
	{0x84, "Close Session Request"}, {0xc0, "RAKP Message 1"}, {0xc1, "RAKP Message 2"},
	{0xc2, "RAKP Message 3"}, {0, NULL},
};

static const struct value_string asf_status_codes[] = {
	{0, "No errors"}, {1, "Insufficient resources to create a session"}, {2, "Invalid session ID"},
	{3, "Invalid payload type"}, {4, "Invalid authentication algorithm"}, {5, "Invalid integrity algorithm"},
	{6, "No matching authentication payload"}, {7, "No matching integrity payload"}, {0, NULL},
};

static const struct field_def asf_fields[] = {
	{"asf.iana", "IANA Enterprise Number", FT_UINT32, BASE_DEC, 0, 4, 0, NULL},
	{"asf.type", "Message Type", FT_UINT8, BASE_HEX, 4, 1, 0, asf_types},
	{"asf.tag", "Message Tag", FT_UINT8, BASE_HEX, 5, 1, 0, NULL},
	{"asf.len", "Data Length", FT_UINT8, BASE_DEC, 7, 1, 0, NULL},
	{"asf.rssp_status_code", "Status Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, asf_status_codes},
	{"asf.mgt_console_id", "Mgt Console Session ID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"asf.client_id", "Managed Client Session ID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(asf);

/* Where an open session message's payloads start (0: not such a message). */
static uint32_t asf_payloads_at(uint8_t type)
{
	return type == ASF_OPEN_SESSION_REQUEST ? 12 : type == ASF_OPEN_SESSION_RESPONSE ? 20 : 0;
}

/* Walks the payloads of the open session message D (N bytes from the ASF
 * header, whose length is LEN): each must hold its 4-byte header and the
 * length it gives.  Returns how many bytes from D the walk needed (more
 * than N: the message is cut short); *TOO_SHORT tells whether a payload
 * shorter than its header ended the list (Wireshark's expert item). */
static uint64_t asf_payloads(const uint8_t *d, uint32_t n, uint8_t len, bool *too_short)
{
	uint64_t at = asf_payloads_at(d[4]);
	int left = (int)len - (int)(at - 8);
	*too_short = false;
	while (left >= 4) {
		if (at + 4 > n)
			return at + 4;
		uint16_t plen = (uint16_t)fv_get16(d + at + 2, true);
		if (plen < 4) {
			*too_short = true;
			return at + 4;
		}
		at += plen;
		left -= plen;
	}
	return at;
}

void dissect_asf(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_ASF, c->off);
	if (idx < 0)
		return;
	p->layers[idx].len = cursor_left(c);
	struct cursor h = *c;
	cursor_skip(&h, 8);
	if (!cursor_ok(&h)) {
		/* no item of its own in the tree, yet its name in the Protocol column */
		p->layers[idx].flags |= PKT_NESTED | PKT_NAMES_PROTO | PKT_NO_ITEM;
		pkt_note_cursor(p, idx, &h);
		return;
	}
	const uint8_t *d = c->data + c->off;
	uint32_t n = cursor_left(c);
	uint8_t type = d[4], len = d[7];
	*c = h;
	if (len == 0)
		return;
	if (asf_payloads_at(type)) {
		/* the session ids (4 at 8, or status, ids at 12 and 16), the payloads */
		bool too_short;
		uint64_t need = asf_payloads(d, n, len, &too_short);
		cursor_skip(c, need > n ? n - 8 + 1 : (uint32_t)need - 8);
		pkt_note_cursor(p, idx, c);
		return;
	}
	uint32_t given = n - 8 < len ? n - 8 : len;
	if (given == 0)
		return;
	int data = pkt_push_layer(p, PROTO_DATA, c->off);
	if (data >= 0)
		p->layers[data].len = given;
	cursor_skip(c, given);
}

/* A payload shorter than its own header. */
static void asf_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	bool too_short = false;
	if (n >= 8 && d[7] && asf_payloads_at(d[4]))
		asf_payloads(d, n, d[7], &too_short);
	if (too_short)
		expert_add_at(e, "asf.payload.len", EXPERT_ERROR, EXPERT_MALFORMED, "ASF",
			      "Payload length too short to include the type and length");
}

/* The session ids and status of an open session message. */
static void asf_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
		       uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 8 || d[7] == 0)
		return;
	bool req = d[4] == ASF_OPEN_SESSION_REQUEST, resp = d[4] == ASF_OPEN_SESSION_RESPONSE;
	if (fv_same(f->abbrev, "asf.mgt_console_id")) {
		uint32_t at = req ? 8 : resp ? 12 : 0;
		if (at && n >= at + 4)
			fv_give_uint(fn, data, fv_get32(d + at, true));
	} else if (resp && n >= 20 && fv_same(f->abbrev, "asf.client_id"))
		fv_give_uint(fn, data, fv_get32(d + 16, true));
	else if (resp && n >= 9 && fv_same(f->abbrev, "asf.rssp_status_code"))
		fv_give_uint(fn, data, d[8]);
}

/* The type's name; nothing when the header is cut short. */
static void asf_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	col_begin(c, p, idx, &n);
	const uint8_t *d = col_layer_given(p, idx, &n);
	if (n >= 8)
		col_set_value(c, asf_types, d[4], "Unknown (0x%02x)");
}

PROTOCOL_ID(ASF, "asf", "Alert Standard Forum");
const struct protocol proto_asf = {PROTO_ASF, .short_name = "ASF", .fields = &asf_table, .columns = asf_columns,
				   .expert = asf_expert, .values = asf_values};
