/* time.c — Time Protocol (RFC 868) on TCP and UDP port 37: the server
 * answers with the seconds since 1900-01-01 00:00 UTC.
 *
 *   | seconds (4, big-endian) |
 *
 * From port 37 it is a response, anything else a request, as Wireshark
 * decides; a response's first four bytes are time.time.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def time_fields[] = {
	{"time.time", "Time", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"time.response", "Type", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(time);

static bool time_response(const struct packet *p)
{
	return p->sport == 37;
}

/* A response shorter than its four bytes is cut short (Wireshark reads
 * them to show the time). */
static void dissect_time(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_TIME, c->off);
	if (time_response(p))
		cursor_skip(c, 4);
	cursor_skip(c, cursor_rleft(c));
	pkt_note_cursor(p, idx, c);
}

static void time_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
			const struct field_def *f, fvalue_fn fn, void *data)
{
	if (fv_same(f->abbrev, "time.response"))
		fv_give_uint(fn, data, time_response(p));
	else if (d && n >= 4 && time_response(p) && fv_same(f->abbrev, "time.time"))
		fv_give_uint(fn, data, fv_get32(d, true));
}

static void time_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	col_begin(c, p, idx, &n);
	col_append(c, time_response(p) ? "TIME Response" : "TIME Request");
}

/* Wireshark's registration: TCP and UDP port 37. */
static const struct handoff time_handoff[] = {
	TCP_PORT(37, dissect_time),
	UDP_PORT(37, dissect_time),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(TIME, "time", "Time Protocol");
const struct protocol proto_time = {PROTO_TIME, .short_name = "TIME", .fields = &time_table, .columns = time_columns,
				    .values = time_values, .handoff = time_handoff};
