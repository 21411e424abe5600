/* mysql.c — MySQL (TCP 3306): packets of length(3, little-endian)
 * sequence(1) payload; after the client asks for SSL the connection
 * carries TLS records.
 */
#include "dissect/dissect.h"
#include "dissect/protocol.h"

/* After a client's SSL request the connection carries TLS records. */
static bool tls_record_start(const uint8_t *data, uint32_t avail)
{
	return avail >= 3 && data[0] >= 20 && data[0] <= 23 && data[1] == 3 && data[2] <= 4;
}

uint32_t mysql_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (tls_record_start(data, avail))
		return tls_pdu_len(data, avail);
	if (avail < 4)
		return PDU_NEED_MORE;
	return 4 + ((uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16);
}

void dissect_mysql(struct packet *p, struct cursor *c)
{
	uint8_t head[3];
	uint32_t n = 0;
	for (; n < 3 && cursor_peek(c, n) >= 0; n++)
		head[n] = (uint8_t)cursor_peek(c, n);
	if (tls_record_start(head, n)) {
		dissect_tls(p, c);
		return;
	}
	pkt_push_layer(p, PROTO_MYSQL, c->off);
}

static const struct handoff mysql_handoff[] = {
	TCP_PORT(3306, dissect_mysql),
	HANDOFF_LIST_END,
};
static const struct pdu_framing mysql_framing[] = {
	{dissect_mysql, mysql_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(MYSQL, "mysql", "MySQL Protocol");
const struct protocol proto_mysql = {PROTO_MYSQL, .short_name = "MySQL", .handoff = mysql_handoff, .framing = mysql_framing};
