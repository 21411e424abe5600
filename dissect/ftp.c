/* ftp.c — FTP (RFC 959), TCP port 21: a line protocol; Wireshark adds the
 * working-directory pseudo-protocol to every FTP frame.
 *
 *   client:  COMMAND [argument] CRLF
 *   server:  NNN[- ]text CRLF
 *
 * The packet list shows a segment's first line after "Request: " (sent to
 * port 21) or "Response: "; the working-directory layer writes nothing.
 * A 234 response after "AUTH TLS" turns the connection to TLS from its next
 * segment on.
 */
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/protocol.h"

void dissect_ftp(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_FTP, c->off) < 0)
		return;
	pkt_push_layer(p, PROTO_FTP_CWD, c->off);
	const uint8_t *d = c->data + c->off;
	uint32_t n = cursor_left(c), end;
	line_next(d, n, 0, &end);
	if (p->dport == 21 && end == 8 && !memcmp(d, "AUTH TLS", 8))
		tcp_tls_ask(p);
	else if (p->dport != 21 && n >= 3 && !memcmp(d, "234", 3))
		tcp_tls_answer(p, true);
}

static void ftp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n, len = 0;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	while (len < n && d[len] != '\r' && d[len] != '\n')
		len++;
	col_short_name(c, p, idx);
	col_set(c, "%s: ", p->dport == 21 ? "Request" : "Response");
	col_append_text(c, d, len);
}

static void ftp_cwd_columns(G_GNUC_UNUSED struct columns *c, G_GNUC_UNUSED const struct packet *p,
			    G_GNUC_UNUSED int idx)
{
}

static const struct handoff ftp_handoff[] = {
	TCP_PORT(21, dissect_ftp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(FTP, "ftp", "File Transfer Protocol (FTP)");
const struct protocol proto_ftp = {PROTO_FTP, .short_name = "FTP", .columns = ftp_columns, .handoff = ftp_handoff};
PROTOCOL_ID(FTP_CWD, "ftp.current-working-directory", "Current working directory");
const struct protocol proto_ftp_cwd = {PROTO_FTP_CWD, .short_name = "FTP", .columns = ftp_cwd_columns};
