/* nntp.c — the Network News Transfer Protocol (RFC 3977), TCP port 119: a
 * line protocol.
 *
 *   client:  COMMAND [arguments] CRLF          (GROUP comp.lang.c, ARTICLE 3000234)
 *   server:  NNN text CRLF                     (211 1234 3000234 3002322 misc.test)
 *            lines of a multi-line answer CRLF ...
 *            . CRLF
 *
 * Each segment is read on its own, as Wireshark reads it: "Request: " and
 * the first line of a segment sent to port 119, "Response: " and the first
 * line of any other.  A response starting "382" to STARTTLS turns the
 * connection to TLS from its next segment on.
 */
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

#define NNTP_PORT 119

static const struct field_def nntp_fields[] = {
	{"nntp.request", "Request", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"nntp.response", "Response", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(nntp);

static void dissect_nntp(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_NNTP, c->off) < 0)
		return;
	const char *d = (const char *)c->data + c->off;
	uint32_t n = cursor_left(c);
	if (p->dport == NNTP_PORT) {
		if (n >= 8 && !g_ascii_strncasecmp(d, "STARTTLS", 8))
			tcp_tls_ask(p);
	} else {
		tcp_tls_answer(p, n >= 3 && !memcmp(d, "382", 3));
	}
}

/* Which of the two, always true: the segment's direction. */
static void nntp_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, G_GNUC_UNUSED const uint8_t *d,
			G_GNUC_UNUSED uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	bool request = p->dport == NNTP_PORT;
	if (fv_same(f->abbrev, request ? "nntp.request" : "nntp.response"))
		fv_give_uint(fn, data, 1);
}

static void nntp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n, end;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	line_next(d, n, 0, &end);
	col_short_name(c, p, idx);
	col_set(c, "%s: ", p->dport == NNTP_PORT ? "Request" : "Response");
	col_append_text(c, d, end);
}

static const struct handoff nntp_handoff[] = {
	TCP_PORT(NNTP_PORT, dissect_nntp),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(NNTP, "nntp", "Network News Transfer Protocol");
const struct protocol proto_nntp = {PROTO_NNTP, .short_name = "NNTP", .fields = &nntp_table, .columns = nntp_columns,
				    .values = nntp_values, .handoff = nntp_handoff};
