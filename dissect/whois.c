/* whois.c — WHOIS (RFC 3912), TCP port 43: the client sends one query line,
 * the server answers with text and closes the connection.
 *
 *   client:  query CRLF
 *   server:  answer text ... (FIN)
 *
 * As Wireshark gathers them: a query until a segment ends with CR LF, an
 * answer until the server's FIN (tcp_scan_until_fin()), so the frame with
 * the FIN shows the answer after `tcp.segments`.  Info is "Query" or
 * "Answer", then ": " and the first line of the first bytes WHOIS read on
 * the connection (the query, or the answer's first line when the query was
 * not captured); a segment that starts an answer shows it too.
 */
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

#define WHOIS_PORT 43

static const struct field_def whois_fields[] = {
	{"whois.query", "Query", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"whois.answer", "Answer", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(whois);

/* A connection: the first line WHOIS read on it (NULL: none). */
struct whois_conv {
	char *query;
	bool seen; /* WHOIS read the connection's bytes before */
};

static void *whois_conv_new(void)
{
	return g_new0(struct whois_conv, 1);
}

static void whois_conv_free(void *data)
{
	struct whois_conv *s = data;
	g_free(s->query);
	g_free(s);
}

static void dissect_whois(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_WHOIS, c->off) < 0)
		return;
	bool query = p->dport == WHOIS_PORT;
	GString *info = g_string_new(query ? "Query" : "Answer");
	if (p->session && !(p->flags & PKT_IN_ERROR)) {
		struct whois_conv *s = session_conv_data(p->session, p, PROTO_WHOIS, whois_conv_new, whois_conv_free);
		if (!s->seen) {
			uint32_t end;
			line_next(c->data + c->off, cursor_left(c), 0, &end);
			s->query = g_strndup((const char *)c->data + c->off, end);
			s->seen = true;
		}
		if (s->query)
			g_string_append_printf(info, ": %s", s->query);
	}
	pkt_set_app_info(p, PROTO_WHOIS, info->str, info->len);
	g_string_free(info, TRUE);
	cursor_skip(c, cursor_rleft(c));
}

static void whois_columns(struct columns *c, const struct packet *p, int idx)
{
	col_short_name(c, p, idx);
	if (p->app_info_proto == PROTO_WHOIS)
		col_set(c, "%s", p->app_info);
}

/* The start of an answer still gathered: its Info, in the segment it starts in. */
static void whois_partial(struct columns *c, const struct packet *p, G_GNUC_UNUSED const uint8_t *d,
			  G_GNUC_UNUSED uint32_t n)
{
	if (p->tcp_seg_start && p->app_info_proto == PROTO_WHOIS)
		col_set(c, "%s", p->app_info);
}

static void whois_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
			 const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	if (p->dport == WHOIS_PORT) {
		if (fv_same(f->abbrev, "whois.query"))
			fv_give_ptr(fn, data, FV_STRING, d, n);
		return;
	}
	if (!fv_same(f->abbrev, "whois.answer"))
		return;
	/* each line with its line end, as Wireshark adds them */
	for (uint32_t at = 0, next, end; at < n; at = next) {
		next = line_next(d, n, at, &end);
		fv_give_ptr(fn, data, FV_STRING, d + at, next - at);
	}
}

static int whois_scan(struct pdu_scan *s, const uint8_t *data, uint32_t avail, uint32_t *used)
{
	return tcp_scan_until_fin(s, data, avail, used, s->sport == WHOIS_PORT);
}

static uint32_t whois_len(G_GNUC_UNUSED const uint8_t *data, G_GNUC_UNUSED uint32_t avail)
{
	return PDU_NEED_MORE; /* the scanner tells */
}

static const struct handoff whois_handoff[] = {
	TCP_PORT(WHOIS_PORT, dissect_whois),
	HANDOFF_LIST_END,
};
static const struct pdu_framing whois_framing[] = {
	{dissect_whois, whois_len, NULL, false, whois_scan, false},
	{NULL},
};
PROTOCOL_ID(WHOIS, "whois", "whois");
const struct protocol proto_whois = {PROTO_WHOIS, .short_name = "WHOIS", .fields = &whois_table, .columns = whois_columns,
				     .partial = whois_partial, .values = whois_values, .handoff = whois_handoff,
				     .framing = whois_framing};
