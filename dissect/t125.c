/* t125.c — T.125 Multipoint Communication Service (MCS) over X.224 data
 * (ITU-T T.125; its use by RDP: [MS-RDPBCGR] 2.2.1.3 to 2.2.1.9), the layer
 * between COTP and RDP's own PDUs on TCP 3389 when RDP runs its standard
 * security instead of TLS.  Two encodings share the name:
 *
 *   connect PDUs (BER): 7f 65 Connect-Initial, 7f 66 Connect-Response,
 *     7f 67 Connect-Additional, 7f 68 Connect-Result; Initial and Response
 *     end with an OCTET STRING userData holding T.124 (GCC):
 *
 *       | 7f 65 | len | callingDS | calledDS | upward | 3 x DomainParameters | 04 len userData |
 *       | 7f 66 | len | result(0a) | calledConnectId(02) | DomainParameters | 04 len userData |
 *
 *   domain PDUs (aligned PER): the first byte's high six bits choose one:
 *
 *       +--------+----------------+----------------+----+--------+----------+
 *       | 0x64   | initiator (2)  | channelId (2)  |0x70| len    | userData |  sendDataRequest
 *       +--------+----------------+----------------+----+--------+----------+
 *       (0x68 sendDataIndication; 0x38 channelJoinRequest: initiator channelId;
 *        0x3e channelJoinConfirm: result initiator requested [channelId]; ...)
 *
 * COTP hands data to T.125 only when its start is one of those (Wireshark's
 * heuristic: a BER application tag 101..104, or one of the eight domain PDUs
 * RDP sends).  The Info column is the domain PDU's name and a space, then
 * the channel the PDU names; send-data PDUs leave Info to what they carry.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string t125_connect_names[] = {
	{101, "connect-initial"}, {102, "connect-response"}, {103, "connect-additional"}, {104, "connect-result"},
	{0, NULL},
};

static const struct field_def t125_fields[] = {
	{"t125.ConnectMCSPDU", "ConnectMCSPDU", FT_UINT32, BASE_DEC, FIELD_VAR, 1, 0, t125_connect_names},
	{"t125.userData", "userData", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(t125);

/* The domain PDUs by their choice number (the first byte's high six bits). */
static const char *const domain_names[] = {
	"plumbDomainIndication", "erectDomainRequest", "mergeChannelsRequest", "mergeChannelsConfirm",
	"purgeChannelsIndication", "mergeTokensRequest", "mergeTokensConfirm", "purgeTokensIndication",
	"disconnectProviderUltimatum", "rejectMCSPDUUltimatum", "attachUserRequest", "attachUserConfirm",
	"detachUserRequest", "detachUserIndication", "channelJoinRequest", "channelJoinConfirm",
	"channelLeaveRequest", "channelConveneRequest", "channelConveneConfirm", "channelDisbandRequest",
	"channelDisbandIndication", "channelAdmitRequest", "channelAdmitIndication", "channelExpelRequest",
	"channelExpelIndication", "sendDataRequest", "sendDataIndication", "uniformSendDataRequest",
	"uniformSendDataIndication",
};

enum {
	MCS_ERECT_DOMAIN = 1, MCS_DISCONNECT_ULTIMATUM = 8, MCS_ATTACH_REQUEST = 10, MCS_ATTACH_CONFIRM = 11,
	MCS_JOIN_REQUEST = 14, MCS_JOIN_CONFIRM = 15, MCS_SEND_REQUEST = 25, MCS_SEND_INDICATION = 26,
};

/* A BER length at C (short or long form, up to four bytes); false, C
 * failed, when cut short or longer than 32 bits. */
static bool ber_length(struct cursor *c, uint32_t *len)
{
	uint8_t b = cursor_u8(c);
	if (!(b & 0x80)) {
		*len = b;
		return cursor_ok(c);
	}
	unsigned n = b & 0x7f;
	if (n == 0 || n > 4) {
		c->err = cursor_ok(c) ? CUR_MALFORMED : c->err;
		return false;
	}
	*len = 0;
	while (n--)
		*len = *len << 8 | cursor_u8(c);
	return cursor_ok(c);
}

/* Skips one BER element (tag of one byte, then length and contents). */
static bool ber_skip(struct cursor *c)
{
	uint32_t len;
	cursor_skip(c, 1);
	return ber_length(c, &len) && cursor_skip(c, len);
}

/* A Connect-Initial or -Response (TAG 101 or 102) after its tag and length:
 * skips to its userData and hands that to T.124. */
static void connect_pdu(struct packet *p, struct cursor *c, int tag)
{
	/* Initial: two OCTET STRINGs, a BOOLEAN, three DomainParameters;
	 * Response: an ENUMERATED, an INTEGER, one DomainParameters. */
	int skip = tag == 101 ? 6 : 3;
	while (skip-- > 0)
		if (!ber_skip(c))
			return;
	uint32_t len;
	if (cursor_peek(c, 0) != 0x04) {
		if (cursor_ok(c) && cursor_rleft(c) > 0)
			c->err = CUR_MALFORMED;
		return;
	}
	cursor_skip(c, 1);
	if (!ber_length(c, &len))
		return;
	struct cursor gcc = cursor_sub(c, len);
	if (cursor_rleft(&gcc) > 0)
		dissect_t124(p, &gcc, tag == 102);
	if (!cursor_ok(&gcc) && cursor_ok(c))
		c->err = gcc.err;
}

/* A PER length determinant (one byte below 128, else two). */
static uint32_t per_length(struct cursor *c)
{
	uint8_t b = cursor_u8(c);
	if (!(b & 0x80))
		return b;
	return (uint32_t)(b & 0x3f) << 8 | cursor_u8(c);
}

/* A send-data request or indication after its first byte: initiator,
 * channel, priority and segmentation, then the data, which is RDP's. */
static void send_data(struct packet *p, struct cursor *c, bool indication)
{
	cursor_skip(c, 2); /* initiator */
	uint16_t channel = cursor_be16(c);
	cursor_skip(c, 1); /* dataPriority, segmentation */
	uint32_t len = per_length(c);
	if (!cursor_ok(c))
		return;
	struct cursor data = cursor_sub(c, len);
	if (cursor_ok(c))
		rdp_send_data(p, &data, channel, indication);
}

bool dissect_t125_heur(struct packet *p, struct cursor *c)
{
	int b0 = cursor_peek(c, 0), b1 = cursor_peek(c, 1);
	bool connect = b0 == 0x7f && b1 >= 101 && b1 <= 104;
	if (!connect) {
		switch (b0 >> 2) {
		case MCS_ERECT_DOMAIN: case MCS_DISCONNECT_ULTIMATUM: case MCS_ATTACH_REQUEST:
		case MCS_ATTACH_CONFIRM: case MCS_JOIN_REQUEST: case MCS_JOIN_CONFIRM:
		case MCS_SEND_REQUEST: case MCS_SEND_INDICATION:
			break;
		default:
			return false;
		}
	}
	int idx = pkt_push_layer(p, PROTO_T125, c->off);
	if (idx < 0)
		return true;
	if (connect) {
		cursor_skip(c, 2);
		uint32_t len;
		if (ber_length(c, &len)) {
			struct cursor body = cursor_sub(c, len);
			if (b1 == 101 || b1 == 102)
				connect_pdu(p, &body, b1);
			if (!cursor_ok(&body) && cursor_ok(c))
				c->err = body.err;
		}
	} else if (b0 >> 2 == MCS_SEND_REQUEST || b0 >> 2 == MCS_SEND_INDICATION) {
		cursor_skip(c, 1);
		send_data(p, c, b0 >> 2 == MCS_SEND_INDICATION);
	} else if (b0 >> 2 == MCS_JOIN_REQUEST) {
		cursor_skip(c, 5);
	} else if (b0 >> 2 == MCS_JOIN_CONFIRM) {
		cursor_skip(c, (b0 & 0x02) ? 8 : 6);
	}
	pkt_note_cursor(p, idx, c);
	return true;
}

/* ---- columns ------------------------------------------------------------- */

/* Protocol "T.125"; Info emptied, then a domain PDU's name and a space,
 * and the channel a channel join names (a send-data PDU: its channel, which
 * RDP's Info replaces when it carries any). */
static void t125_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "T.125");
	col_clear(c);
	/* the text comes once the PDU is read whole */
	if (!d || n < 1 || d[0] == 0x7f || (p->layers[idx].flags & (PKT_MALFORMED | PKT_TRUNCATED)))
		return;
	unsigned choice = d[0] >> 2;
	bool send = choice == MCS_SEND_REQUEST || choice == MCS_SEND_INDICATION;
	if (!send && choice < G_N_ELEMENTS(domain_names))
		col_append(c, "%s ", domain_names[choice]);
	if ((choice == MCS_JOIN_REQUEST || send) && n >= 5)
		col_append(c, "%u", fv_get16(d + 3, true));
	else if (choice == MCS_JOIN_CONFIRM && (d[0] & 0x02) && n >= 8)
		col_append(c, "%u", fv_get16(d + 6, true));
}

static void t125_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 3 || d[0] != 0x7f)
		return;
	if (fv_same(f->abbrev, "t125.ConnectMCSPDU")) {
		fv_give_uint(fn, data, d[1]);
		return;
	}
	if (d[1] != 101 && d[1] != 102)
		return;
	struct cursor c = cursor_init(d, n, n);
	cursor_skip(&c, 2);
	uint32_t len;
	if (!ber_length(&c, &len))
		return;
	for (int skip = d[1] == 101 ? 6 : 3; skip > 0; skip--)
		if (!ber_skip(&c))
			return;
	if (cursor_u8(&c) != 0x04 || !ber_length(&c, &len) || cursor_left(&c) < len)
		return;
	fv_give_ptr(fn, data, FV_BYTES, d + c.off, len);
}

PROTOCOL_ID(T125, "t125", "MULTIPOINT-COMMUNICATION-SERVICE T.125");
const struct protocol proto_t125 = {PROTO_T125, .short_name = "T.125", .fields = &t125_table, .columns = t125_columns, .values = t125_values};
