/* daytime.c — Daytime (RFC 867) on TCP and UDP port 13: the server answers
 * with the date and time as text.
 *
 *   | "Mon Dec  7 16:00:00 2026\r\n" |
 *
 * From port 13 it is a response (its text is the field daytime.string),
 * anything else a request, as Wireshark decides.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def daytime_fields[] = {
	{"daytime.string", "Daytime", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"daytime.response_request", "Type", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(daytime);

static void dissect_daytime(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_DAYTIME, c->off);
	cursor_skip(c, cursor_rleft(c));
}

static bool daytime_response(const struct packet *p)
{
	return p->sport == 13;
}

static void daytime_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
			   const struct field_def *f, fvalue_fn fn, void *data)
{
	if (fv_same(f->abbrev, "daytime.response_request"))
		fv_give_uint(fn, data, daytime_response(p));
	else if (d && daytime_response(p) && fv_same(f->abbrev, "daytime.string"))
		fv_give_ptr(fn, data, FV_STRING, d, n);
}

static void daytime_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	col_begin(c, p, idx, &n);
	col_append(c, daytime_response(p) ? "DAYTIME Response" : "DAYTIME Request");
}

/* Wireshark's registration: TCP and UDP port 13. */
static const struct handoff daytime_handoff[] = {
	TCP_PORT(13, dissect_daytime),
	UDP_PORT(13, dissect_daytime),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(DAYTIME, "daytime", "Daytime Protocol");
const struct protocol proto_daytime = {PROTO_DAYTIME, .short_name = "DAYTIME", .fields = &daytime_table,
				       .columns = daytime_columns, .values = daytime_values, .handoff = daytime_handoff};
