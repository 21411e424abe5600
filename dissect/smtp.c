/* smtp.c — SMTP (RFC 5321), TCP ports 25 and 587 (submission): a line
 * protocol, every segment; the message after DATA is IMF's.
 */
#include "dissect/dissect.h"
#include "dissect/protocol.h"

void dissect_smtp(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_SMTP, c->off) >= 0)
		imf_from_smtp(p, c, p->dport == 25 || p->dport == 587);
}

static const struct handoff smtp_handoff[] = {
	TCP_PORT(25, dissect_smtp),
	TCP_PORT(587, dissect_smtp), /* submission */
	HANDOFF_LIST_END,
};
const struct protocol proto_smtp = {PROTO_SMTP, .short_name = "SMTP", .handoff = smtp_handoff};
