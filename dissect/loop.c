/* loop.c — Configuration Testing Protocol ("loopback", ethertype 0x9000, from
 * Ethernet version 2.0): skipCount(2) then functions, all little-endian:
 *
 *   +-----------+----------+---------------------+----------+---------+-----
 *   | skipCount | function | forwarding address  | function | receipt | data
 *   |    (2)    | 2 = fwd  |        (6)          | 1 = reply|   (2)   |
 *   +-----------+----------+---------------------+----------+---------+-----
 *
 * Forward Data functions (each with the address to send to next) repeat
 * until a Reply function (with its receipt number); what follows is data.
 * The function skipCount bytes past the first is the one the receiving
 * station acts on.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string loop_function_vals[] = {
	{1, "Reply"}, {2, "Forward Data"}, {0, NULL},
};

static const struct field_def loop_fields[] = {
	{"loop.skipcount", "skipCount", FT_UINT16, BASE_DEC_LE, 0, 2, 0, NULL},
	{"loop.function", "Function", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, loop_function_vals},
	{"loop.relevant_function", "Relevant function", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, loop_function_vals},
	{"loop.receipt_number", "Receipt number", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"loop.forwarding_address", "Forwarding address", FT_ETHER, BASE_NONE, FIELD_VAR, 6, 0, NULL},
};
FIELD_TABLE_DEFINE(loop);

void dissect_loop_ctp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_LOOP_CTP, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 2);
	for (;;) {
		uint16_t function = cursor_le16(c);
		if (function == 1)
			cursor_skip(c, 2);
		else if (function == 2)
			cursor_skip(c, 6);
		if (!cursor_ok(c)) {
			pkt_note_cursor(p, idx, c);
			return;
		}
		if (function != 2)
			break;
	}
	dissect_data(p, c);
}

/* The loopback test's functions in order; the relevant one is skipCount
 * bytes past the first. */
static void loop_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 2)
		return;
	uint32_t relevant = 2 + fv_get16(d, false);
	for (uint32_t at = 2; at + 2 <= n;) {
		uint32_t function = fv_get16(d + at, false);
		if (fv_same(a, "loop.function") || (fv_same(a, "loop.relevant_function") && at == relevant))
			fv_give_uint(fn, data, function);
		at += 2;
		if (function == 1) {
			if (fv_same(a, "loop.receipt_number") && at + 2 <= n)
				fv_give_uint(fn, data, fv_get16(d + at, false));
			return;
		}
		if (function != 2 || at + 6 > n)
			return;
		if (fv_same(a, "loop.forwarding_address"))
			fv_give_ptr(fn, data, FV_ETHER, d + at, 6);
		at += 6;
	}
}

static void loop_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			      const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		loop_values(d, n, f->abbrev, fn, data);
}

/* ---- the packet list ------------------------------------------------------ */
static uint32_t le16(const uint8_t *d)
{
	return (uint32_t)d[1] << 8 | d[0];
}

/* The loopback test: the function the station acts on, skipCount bytes
 * past the first. */
static void loop_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const names[] = {NULL, "Reply", "Forward Data"};
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_short_name(c, p, idx);
	col_clear(c);
	uint32_t relevant = n >= 2 ? 2 + le16(d) : 0;
	for (uint32_t at = 2; at + 2 <= n;) {
		uint32_t function = le16(d + at);
		if (at == relevant) {
			col_append_name(c, names, 3, function);
			return;
		}
		if (function != 2)
			break;
		at += 8;
	}
	col_append(c, "No valid function found");
}

static const struct handoff loop_handoff[] = {
	ETHERTYPE(0x9000, dissect_loop_ctp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(LOOP_CTP, "loop", "Configuration Test Protocol (loopback)");
const struct protocol proto_loop = {PROTO_LOOP_CTP, .short_name = "LOOP", .columns = loop_columns, .values = loop_field_values,
				    .fields = &loop_table, .handoff = loop_handoff};
