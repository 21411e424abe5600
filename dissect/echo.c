/* echo.c — Echo (RFC 862) on TCP and UDP port 7: the server sends back
 * whatever it is sent.
 *
 *   | data ... |
 *
 * Sent to port 7 it is a request, anything else a response, as Wireshark
 * decides.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def echo_fields[] = {
	{"echo.data", "Echo data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"echo.request", "Echo request", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"echo.response", "Echo response", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(echo);

static void dissect_echo(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_ECHO, c->off);
	cursor_skip(c, cursor_rleft(c));
}

static bool echo_request(const struct packet *p)
{
	return p->dport == 7;
}

static void echo_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
			const struct field_def *f, fvalue_fn fn, void *data)
{
	if (fv_same(f->abbrev, echo_request(p) ? "echo.request" : "echo.response"))
		fv_give_uint(fn, data, 1);
	else if (d && n && fv_same(f->abbrev, "echo.data"))
		fv_give_ptr(fn, data, FV_BYTES, d, n);
}

static void echo_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	col_begin(c, p, idx, &n);
	col_append(c, echo_request(p) ? "Request" : "Response");
}

/* Wireshark's registration: TCP and UDP port 7. */
static const struct handoff echo_handoff[] = {
	TCP_PORT(7, dissect_echo),
	UDP_PORT(7, dissect_echo),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(ECHO, "echo", "Echo");
const struct protocol proto_echo = {PROTO_ECHO, .short_name = "ECHO", .fields = &echo_table, .columns = echo_columns,
				    .values = echo_values, .handoff = echo_handoff};
