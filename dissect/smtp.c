/* smtp.c — SMTP (RFC 5321), TCP ports 25 and 587 (submission): a line
 * protocol, every segment; the message after DATA is IMF's.
 *
 *   client:  COMMAND [parameters] CRLF          (lines, several may share a segment)
 *   server:  NNN[- ]text CRLF                   (a reply's lines, "-" before its last)
 *
 * The packet list shows a client's segment as "C: " and its lines joined by
 * " | ", a server's as "S: " and its reply lines the same way: a reply's
 * first line whole, the lines after a line marked "-" without their code
 * and its separator, a line that starts with no code as nothing; a
 * segment of the message after DATA is
 * "C: DATA fragment, N bytes", and the one ending it is the message's
 * (dissect/imf.c).  A 220 reply to STARTTLS turns the connection to TLS
 * from its next segment on.
 */
#include <stdio.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/protocol.h"

/* Whether the line D[0..LEN) starts with a reply's three-digit code. */
static bool smtp_coded(const uint8_t *d, uint32_t len)
{
	return len >= 3 && g_ascii_isdigit(d[0]) && g_ascii_isdigit(d[1]) && g_ascii_isdigit(d[2]);
}

/* What the connection learns from the commands (up to DATA) or the reply
 * D[0..N): a STARTTLS command asks for TLS, and the first line of a reply
 * with a code answers it (220 grants it). */
static void smtp_learn(struct packet *p, const uint8_t *d, uint32_t n, bool to_server)
{
	for (uint32_t at = 0, next, end; at < n; at = next) {
		next = line_next(d, n, at, &end);
		if (to_server && end - at == 4 && !g_ascii_strncasecmp((const char *)d + at, "DATA", 4))
			return; /* a message follows */
		if (to_server && end - at >= 8 && !g_ascii_strncasecmp((const char *)d + at, "STARTTLS", 8)) {
			tcp_tls_ask(p);
		} else if (!to_server && smtp_coded(d + at, end - at)) {
			tcp_tls_answer(p, !memcmp(d + at, "220", 3));
			return;
		}
	}
}

void dissect_smtp(struct packet *p, struct cursor *c)
{
	bool to_server = p->dport == 25 || p->dport == 587;
	if (pkt_push_layer(p, PROTO_SMTP, c->off) < 0)
		return;
	if (!imf_from_smtp(p, c, to_server)) {
		smtp_learn(p, c->data + c->off, cursor_left(c), to_server);
		return; /* a command or a reply */
	}
	if (p->app_info_proto == PROTO_IMF)
		return; /* the message's end */
	char info[64];
	uint32_t n = cursor_rleft(c);
	int len = snprintf(info, sizeof info, "C: DATA fragment, %u byte%s", n, n == 1 ? "" : "s");
	pkt_set_app_info(p, PROTO_SMTP, info, (size_t)len);
}

static void smtp_columns(struct columns *c, const struct packet *p, int idx)
{
	col_short_name(c, p, idx);
	col_clear(c);
	if (p->app_info_proto == PROTO_SMTP) {
		col_append(c, "%s", p->app_info);
		return;
	}
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	bool request = p->dport == 25 || p->dport == 587, in_reply = false;
	for (uint32_t at = 0, next, end; at < n; at = next) {
		next = line_next(d, n, at, &end);
		uint32_t len = end - at;
		col_append(c, "%s", at == 0 ? (request ? "C: " : "S: ") : " | ");
		if (request) {
			col_append_text(c, d + at, len);
		} else if (smtp_coded(d + at, len)) {
			bool more = len >= 4 && d[at + 3] == '-';
			if (in_reply && len >= 4)
				col_append_text(c, d + at + 4, len - 4);
			else
				col_append_text(c, d + at, len);
			in_reply = more;
		}
	}
}

static const struct handoff smtp_handoff[] = {
	TCP_PORT(25, dissect_smtp),
	TCP_PORT(587, dissect_smtp), /* submission */
	HANDOFF_LIST_END,
};
PROTOCOL_ID(SMTP, "smtp", "Simple Mail Transfer Protocol");
const struct protocol proto_smtp = {PROTO_SMTP, .short_name = "SMTP", .columns = smtp_columns, .handoff = smtp_handoff};
