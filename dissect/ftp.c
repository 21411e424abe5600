/* ftp.c — FTP (RFC 959), TCP port 21: a line protocol; Wireshark adds the
 * working-directory pseudo-protocol to every FTP frame.
 */
#include "dissect/dissect.h"
#include "dissect/protocol.h"

void dissect_ftp(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_FTP, c->off) >= 0)
		pkt_push_layer(p, PROTO_FTP_CWD, c->off);
}

static const struct handoff ftp_handoff[] = {
	TCP_PORT(21, dissect_ftp),
	HANDOFF_LIST_END,
};
const struct protocol proto_ftp = {PROTO_FTP, .short_name = "FTP", .handoff = ftp_handoff};
