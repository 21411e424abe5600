/* finger.c — the Finger protocol (RFC 1288), TCP port 79: the client sends
 * one query line, the server answers with text and closes the connection.
 *
 *   client:  [user] CRLF
 *   server:  response text ... (FIN)
 *
 * Gathered as WHOIS is (tcp_scan_until_fin()): a query until a segment ends
 * with CR LF, a response until the server's FIN.  Info is "Query" or
 * "Response"; a segment that starts a response shows it too.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

#define FINGER_PORT 79

static const struct field_def finger_fields[] = {
	{"finger.query", "Query", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"finger.response", "Response", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(finger);

static void dissect_finger(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_FINGER, c->off) < 0)
		return;
	cursor_skip(c, cursor_rleft(c));
}

static void finger_columns(struct columns *c, const struct packet *p, int idx)
{
	col_short_name(c, p, idx);
	col_set(c, "%s", p->dport == FINGER_PORT ? "Query" : "Response");
}

/* The start of a response still gathered: its Info, in the segment it starts in. */
static void finger_partial(struct columns *c, const struct packet *p, G_GNUC_UNUSED const uint8_t *d,
			   G_GNUC_UNUSED uint32_t n)
{
	if (p->tcp_seg_start)
		col_set(c, "%s", p->dport == FINGER_PORT ? "Query" : "Response");
}

static void finger_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
			  const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d && fv_same(f->abbrev, p->dport == FINGER_PORT ? "finger.query" : "finger.response"))
		fv_give_ptr(fn, data, FV_STRING, d, n);
}

static int finger_scan(struct pdu_scan *s, const uint8_t *data, uint32_t avail, uint32_t *used)
{
	return tcp_scan_until_fin(s, data, avail, used, s->sport == FINGER_PORT);
}

static uint32_t finger_len(G_GNUC_UNUSED const uint8_t *data, G_GNUC_UNUSED uint32_t avail)
{
	return PDU_NEED_MORE; /* the scanner tells */
}

static const struct handoff finger_handoff[] = {
	TCP_PORT(FINGER_PORT, dissect_finger),
	HANDOFF_LIST_END,
};
static const struct pdu_framing finger_framing[] = {
	{dissect_finger, finger_len, NULL, false, finger_scan, false},
	{NULL},
};
PROTOCOL_ID(FINGER, "finger", "finger");
const struct protocol proto_finger = {PROTO_FINGER, .short_name = "FINGER", .fields = &finger_table,
				      .columns = finger_columns, .partial = finger_partial, .values = finger_values,
				      .handoff = finger_handoff, .framing = finger_framing};
