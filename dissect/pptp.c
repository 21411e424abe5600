/* pptp.c — PPTP control connection (RFC 2637), TCP port 1723: messages of
 * length(2) message type(2) magic cookie 0x1a2b3c4d(4) control message
 * type(2) ..., framed by their length.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def pptp_fields[] = {
	{"pptp.length", "Length", FT_UINT16, BASE_DEC, 0, 2, 0, NULL},
	{"pptp.type", "Message type", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"pptp.magic_cookie", "Magic Cookie", FT_UINT32, BASE_HEX, 4, 4, 0, NULL},
	{"pptp.control_message_type", "Control Message Type", FT_UINT16, BASE_DEC, 8, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(pptp);

uint32_t pptp_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (avail < 8)
		return PDU_NEED_MORE;
	if (data[4] != 0x1a || data[5] != 0x2b || data[6] != 0x3c || data[7] != 0x4d)
		return 0;
	uint32_t len = (uint32_t)data[0] << 8 | data[1];
	return len >= 12 ? len : 0;
}

void dissect_pptp(struct packet *p, struct cursor *c)
{
	uint32_t n = cursor_left(c);
	uint8_t head[8];
	for (uint32_t i = 0; i < 8; i++) {
		int b = cursor_peek(c, i);
		if (b < 0)
			return;
		head[i] = (uint8_t)b;
	}
	uint32_t len = pptp_pdu_len(head, n < 8 ? n : 8);
	if (len == 0 || len == PDU_NEED_MORE)
		return;
	pkt_push_layer(p, PROTO_PPTP, c->off);
}

/* Info: the control message's type (RFC 2637's names). */
static const char *const pptp_ctrl_names[] = {
	NULL, "Start-Control-Connection-Request", "Start-Control-Connection-Reply",
	"Stop-Control-Connection-Request", "Stop-Control-Connection-Reply", "Echo-Request", "Echo-Reply",
	"Outgoing-Call-Request", "Outgoing-Call-Reply", "Incoming-Call-Request", "Incoming-Call-Reply",
	"Incoming-Call-Connected", "Call-Clear-Request", "Call-Disconnect-Notify", "WAN-Error-Notify",
	"Set-Link-Info",
};

static void pptp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 10)
		return;
	unsigned type = (unsigned)d[8] << 8 | d[9];
	if (type < G_N_ELEMENTS(pptp_ctrl_names) && pptp_ctrl_names[type])
		col_set(c, "%s", pptp_ctrl_names[type]);
	else
		col_set(c, "Unknown control type (%u)", type);
}

static const struct handoff pptp_handoff[] = {
	TCP_PORT(1723, dissect_pptp),
	HANDOFF_LIST_END,
};
static const struct pdu_framing pptp_framing[] = {
	{dissect_pptp, pptp_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(PPTP, "pptp", "Point-to-Point Tunnelling Protocol");
const struct protocol proto_pptp = {PROTO_PPTP, .short_name = "PPTP", .columns = pptp_columns, .fields = &pptp_table,
                                    .handoff = pptp_handoff, .framing = pptp_framing};
