/* isakmp.c — ISAKMP / IKE (RFC 2408, IKEv2 RFC 7296), UDP port 500:
 *
 *   +-----------------------+-----------------------+----+---+----+-----+
 *   | initiator SPI (8)     | responder SPI (8)     | np | v | ex | flg |
 *   +-----------------------+-----------------------+----+---+----+-----+
 *   | message ID (4)        | length (4) >= 28      | payloads ...
 *   +-----------------------+-----------------------+---------------
 *
 * np: the first payload's type; v: major and minor version (4 bits each);
 * ex: the exchange type.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def isakmp_fields[] = {
	{"isakmp.ispi", "Initiator SPI", FT_BYTES, BASE_NONE, 0, 8, 0, NULL},
	{"isakmp.rspi", "Responder SPI", FT_BYTES, BASE_NONE, 8, 8, 0, NULL},
	{"isakmp.nextpayload", "Next payload", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"isakmp.version", "Version", FT_UINT8, BASE_HEX, 17, 1, 0, NULL},
	{"isakmp.exchangetype", "Exchange type", FT_UINT8, BASE_DEC, 18, 1, 0, NULL},
	{"isakmp.length", "Length", FT_UINT32, BASE_DEC, 24, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(isakmp);

void dissect_isakmp(struct packet *p, struct cursor *c)
{
	if (cursor_rleft(c) < 28)
		return;
	int idx = pkt_push_layer(p, PROTO_ISAKMP, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 28);
	pkt_note_cursor(p, idx, c);
}

/* The proposals of a Security Association payload from AT to END, and the
 * transforms in each: each one's "next" byte (2 or 3 while more follow, 0
 * for the last). */
static unsigned isakmp_proposals(const uint8_t *d, uint32_t at, uint32_t end, fvalue_fn fn, void *data)
{
	unsigned given = 0;
	for (int k = 0; at + 8 <= end && k < 64; k++) {
		given += fv_give_uint(fn, data, d[at]);
		uint32_t len = fv_get16(d + at + 2, true);
		if (len < 8 || at + len > end)
			break;
		uint32_t t = at + 8 + d[at + 6], tend = at + len;
		for (int j = 0; j < d[at + 7] && t + 4 <= tend; j++) {
			given += fv_give_uint(fn, data, d[t]);
			uint32_t tlen = fv_get16(d + t + 2, true);
			if (tlen < 4)
				break;
			t += tlen;
		}
		if (d[at] == 0)
			break;
		at += len;
	}
	return given;
}

/* ISAKMP / IKE: the header's next payload, then each payload's, up to an
 * encrypted part (IKEv1's encryption flag; IKEv2's Encrypted payload, 46,
 * whose own next payload is still shown). */
static unsigned isakmp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (!fv_same(a, "isakmp.nextpayload") || n < 28)
		return 0;
	unsigned given = fv_give_uint(fn, data, d[16]);
	bool v1 = (d[17] >> 4) == 1;
	if (v1 && (d[19] & 1))
		return given;
	uint32_t np = d[16], at = 28, end = fv_get32(d + 24, true) < n ? fv_get32(d + 24, true) : n;
	for (int k = 0; np != 0 && at + 4 <= end && k < 64; k++) {
		given += fv_give_uint(fn, data, d[at]);
		uint32_t len = fv_get16(d + at + 2, true);
		if (np == 46 || len < 4 || at + len > end)
			break;
		if (np == 1 || np == 33) /* a Security Association: its proposals and their transforms */
			given += isakmp_proposals(d, at + (np == 1 ? 12 : 4), at + len, fn, data);
		np = d[at];
		at += len;
	}
	return given;
}

static void isakmp_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		isakmp_values(d, n, f->abbrev, fn, data);
}

/* IKEv2: "IKE_AUTH MID=03 Initiator Request" (the exchange, the message
 * ID, the sender's role, request or response); IKEv1: the exchange. */
static void isakmp_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const v1[] = {
		"NONE", "Base", "Identity Protection (Main Mode)", "Authentication Only", "Aggressive",
		"Informational", "Transaction (Config Mode)",
	};
	static const char *const v2[] = {
		"IKE_SA_INIT", "IKE_AUTH", "CREATE_CHILD_SA", "INFORMATIONAL", "IKE_SESSION_RESUME",
	};
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "ISAKMP");
	col_clear(c);
	if (n < 28)
		return;
	uint8_t type = d[18], flags = d[19];
	if (d[17] >> 4 == 2) {
		if (type >= 34 && type - 34 < (int)G_N_ELEMENTS(v2))
			col_append(c, "%s", v2[type - 34]);
		else
			col_append(c, "Unknown %u", type);
		col_append(c, " MID=%02u %s %s", (uint32_t)d[20] << 24 | (uint32_t)d[21] << 16 | d[22] << 8 | d[23],
			   flags & 0x08 ? "Initiator" : "Responder", flags & 0x20 ? "Response" : "Request");
		return;
	}
	if (type < G_N_ELEMENTS(v1))
		col_append(c, "%s", v1[type]);
	else if (type == 32 || type == 33)
		col_append(c, "%s", type == 32 ? "Quick Mode" : "New Group Mode");
	else
		col_append(c, "Unknown %u", type);
}

static const struct handoff isakmp_handoff[] = {
	UDP_PORT(500, dissect_isakmp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(ISAKMP, "isakmp", "Internet Security Association and Key Management Protocol");
const struct protocol proto_isakmp = {PROTO_ISAKMP, .short_name = "ISAKMP", .columns = isakmp_columns, .values = isakmp_field_values,
				      .fields = &isakmp_table, .handoff = isakmp_handoff};
