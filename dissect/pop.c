/* pop.c — the Post Office Protocol version 3 (RFC 1939), TCP port 110: a
 * line protocol; a mail the server sends for RETR or TOP is IMF's.
 *
 *   client:  COMMAND [parameter] CRLF          (USER bob, RETR 1, ...)
 *   server:  +OK [description] CRLF            (or -ERR [description])
 *            lines of a multi-line answer CRLF ...
 *            . CRLF
 *
 * Each segment is read on its own, as Wireshark reads it.  A segment sent
 * to port 110 is a request: "C: " and its first line.  One from the server
 * whose first line starts with "+OK" or "-ERR" is a response, "S: " and
 * that line; any other is data: "S: DATA fragment, N bytes".  Data
 * segments are gathered as one message until they add up to the size the
 * "+OK N octets" answer to a RETR or TOP announced (with no size known,
 * each data segment is a message of its own), and the segment completing
 * it shows the message as IMF.  An answer starting "+OK " to STLS turns the
 * connection to TLS from its next segment on.
 */
#include <stdio.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

#define POP_PORT 110
#define MSG_KEEP (256 * 1024) /* bytes of a message kept for IMF */

static const struct field_def pop_fields[] = {
	{"pop.request", "Request", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pop.request.command", "Request command", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pop.request.parameter", "Request parameter", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pop.request.data", "Data", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pop.response", "Response", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pop.response.indicator", "Response indicator", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pop.response.description", "Response description", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"pop.response.data", "Data", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(pop);

/* What one segment's first line says. */
struct pop_line {
	bool request, data;  /* sent to the server; a server's segment that is no response */
	uint32_t end, next;  /* the line's text ends at END, the next line starts at NEXT */
	uint32_t token;      /* the command or indicator: its length (0: none) */
	uint32_t rest;       /* where the parameter or description starts */
};

static void pop_read_line(const struct packet *p, const uint8_t *d, uint32_t n, struct pop_line *pl)
{
	pl->request = p->dport == POP_PORT;
	pl->next = line_next(d, n, 0, &pl->end);
	pl->data = !pl->request && !(pl->end >= 3 && !memcmp(d, "+OK", 3)) &&
		   !(pl->end >= 4 && !memcmp(d, "-ERR", 4));
	uint32_t at = 0;
	while (at < pl->end && d[at] != ' ')
		at++;
	pl->token = at;
	if (at > 0)
		while (at < pl->end && d[at] == ' ')
			at++;
	pl->rest = at;
}

/* One POP connection: a RETR or TOP waiting for its answer, the message
 * being gathered from the server's data segments. */
struct pop_conv {
	bool msg_request;
	uint32_t read, total; /* bytes of data segments so far; the size announced */
	GByteArray *msg;
	bool seq_known[2];
	uint32_t next_seq[2]; /* each side's next TCP sequence number */
};

static void *pop_conv_new(void)
{
	struct pop_conv *s = g_new0(struct pop_conv, 1);
	s->msg = g_byte_array_new();
	return s;
}

static void pop_conv_free(void *data)
{
	struct pop_conv *s = data;
	g_byte_array_unref(s->msg);
	g_free(s);
}

/* The size in "+OK N ..." (LINE of LEN bytes) as sscanf's "%*s %u" reads
 * it; false when no number follows the first word. */
static bool pop_size(const uint8_t *line, uint32_t len, uint32_t *size)
{
	uint32_t at = 0;
	while (at < len && g_ascii_isspace(line[at]))
		at++;
	while (at < len && !g_ascii_isspace(line[at]))
		at++;
	while (at < len && g_ascii_isspace(line[at]))
		at++;
	bool neg = at < len && line[at] == '-';
	if (at < len && (line[at] == '-' || line[at] == '+'))
		at++;
	if (at >= len || !g_ascii_isdigit(line[at]))
		return false;
	uint32_t v = 0;
	while (at < len && g_ascii_isdigit(line[at]))
		v = v * 10 + (uint32_t)(line[at++] - '0');
	*size = neg ? 0u - v : v;
	return true;
}

/* What the connection learns from segment B[0..N) (LEN on the wire). */
static void pop_follow(struct packet *p, const struct cursor *c, const struct pop_line *pl)
{
	struct pop_conv *s = session_conv_data(p->session, p, PROTO_POP, pop_conv_new, pop_conv_free);
	const uint8_t *b = c->data + c->off;
	uint32_t n = cursor_left(c), len = cursor_rleft(c), seq = p->tcp_seq + ((p->tcp_flags & TH_SYN) ? 1 : 0);
	int side = pl->request ? 0 : 1;
	if (s->seq_known[side] && (int32_t)(seq - s->next_seq[side]) < 0)
		return; /* retransmitted: read once */
	s->seq_known[side] = true;
	s->next_seq[side] = seq + len;
	if (pl->request) {
		if ((pl->end >= 4 && !g_ascii_strncasecmp((const char *)b, "RETR", 4)) ||
		    (pl->end >= 3 && !g_ascii_strncasecmp((const char *)b, "TOP", 3)))
			s->msg_request = true; /* its answer tells the size */
		if (n >= 4 && !g_ascii_strncasecmp((const char *)b, "STLS", 4))
			tcp_tls_ask(p);
	} else if (!pl->data) {
		tcp_tls_answer(p, n >= 4 && !g_ascii_strncasecmp((const char *)b, "+OK ", 4));
		if (s->msg_request && pl->end > 4 && !g_ascii_strncasecmp((const char *)b, "+OK ", 4)) {
			s->read = 0;
			s->total = 0;
			pop_size(b, pl->end, &s->total);
		}
		s->msg_request = false;
	} else {
		s->read += len;
		if (s->msg->len < MSG_KEEP)
			g_byte_array_append(s->msg, b, MIN(n, MSG_KEEP - s->msg->len));
		if (s->read < s->total)
			return;
		imf_message(p, s->msg->data, s->msg->len, c->off);
		g_byte_array_set_size(s->msg, 0);
		s->read = s->total = 0;
	}
}

static void dissect_pop(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_POP, c->off) < 0)
		return;
	struct pop_line pl;
	pop_read_line(p, c->data + c->off, cursor_left(c), &pl);
	if (pl.data) {
		char info[64];
		uint32_t len = cursor_rleft(c);
		int k = snprintf(info, sizeof info, "S: DATA fragment, %u byte%s", len, len == 1 ? "" : "s");
		pkt_set_app_info(p, PROTO_POP, info, (size_t)k);
	}
	if (p->session && pkt_has_tcp(p))
		pop_follow(p, c, &pl);
}

/* A request's or response's line, its command or indicator, its parameter
 * or description, and an empty "Data" for each line after the first (as
 * Wireshark gives the lines: their text is only in the tree). */
static void pop_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data)
{
	struct pop_line pl;
	if (!d || n == 0)
		return;
	pop_read_line(p, d, n, &pl);
	if (pl.data)
		return;
	const char *a = f->abbrev + 4, *want = pl.request ? "request" : "response";
	size_t wl = strlen(want);
	if (strncmp(a, want, wl) != 0 || (a[wl] != 0 && a[wl] != '.'))
		return;
	a += wl;
	if (!*a) {
		fv_give_ptr(fn, data, FV_STRING, d, 0);
	} else if (fv_same(a, ".command") || fv_same(a, ".indicator")) {
		if (pl.token)
			fv_give_ptr(fn, data, FV_STRING, d, pl.token);
	} else if (fv_same(a, ".parameter") || fv_same(a, ".description")) {
		if (pl.rest < pl.end)
			fv_give_ptr(fn, data, FV_STRING, d + pl.rest, pl.end - pl.rest);
	} else if (fv_same(a, ".data")) {
		uint32_t end;
		for (uint32_t at = pl.next; at < n; at = line_next(d, n, at, &end))
			if (!fn(&(struct fvalue){.kind = FV_STRING, .ptr = d + at, .len = 0}, data))
				return;
	}
}

static void pop_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_short_name(c, p, idx);
	if (p->app_info_proto == PROTO_POP) {
		col_set(c, "%s", p->app_info);
		return;
	}
	struct pop_line pl;
	pop_read_line(p, d, n, &pl);
	col_set(c, "%s: ", pl.request ? "C" : "S");
	col_append_text(c, d, pl.end);
}

static const struct handoff pop_handoff[] = {
	TCP_PORT(POP_PORT, dissect_pop),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(POP, "pop", "Post Office Protocol");
const struct protocol proto_pop = {PROTO_POP, .short_name = "POP", .fields = &pop_table, .columns = pop_columns,
				   .values = pop_values, .handoff = pop_handoff};
