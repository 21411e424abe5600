/* ssh.c — the SSH transport (RFC 4253): each side first sends a version
 * line "SSH-protoversion-softwareversion comments\r\n", then binary packets:
 *
 *   | packet_length (4) | padding_length (1) | payload: message code (1) ... |
 *   | random padding | MAC |
 *
 * Until the keys are in use (after NEWKEYS) the header is readable; later
 * packets are encrypted whole.  Without following the conversation, a
 * packet whose header is implausible (length, padding) is taken for an
 * encrypted one.  On SSH's port everything is SSH.
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string ssh_msg_codes[] = {
	{1, "Disconnect"}, {2, "Ignore"}, {3, "Unimplemented"}, {4, "Debug"},
	{5, "Service Request"}, {6, "Service Accept"}, {7, "Extension Info"},
	{20, "Key Exchange Init"}, {21, "New Keys"},
	{30, "Diffie-Hellman Key Exchange Init"}, {31, "Diffie-Hellman Key Exchange Reply"},
	{32, "Diffie-Hellman GEX Init"}, {33, "Diffie-Hellman GEX Reply"}, {34, "Diffie-Hellman GEX Request"},
	{50, "User Authentication Request"}, {51, "User Authentication Failure"},
	{52, "User Authentication Success"}, {53, "User Authentication Banner"},
	{80, "Global Request"}, {81, "Request Success"}, {82, "Request Failure"},
	{90, "Channel Open"}, {91, "Channel Open Confirmation"}, {92, "Channel Open Failure"},
	{93, "Window Adjust"}, {94, "Channel Data"}, {95, "Channel Extended Data"},
	{96, "Channel EOF"}, {97, "Channel Close"}, {98, "Channel Request"},
	{99, "Channel Success"}, {100, "Channel Failure"}, {0, NULL},
};

static const struct field_def ssh_fields[] = {
	{"ssh.protocol", "Protocol", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ssh.packet_length", "Packet Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ssh.padding_length", "Padding Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"ssh.message_code", "Message Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, ssh_msg_codes},
};
FIELD_TABLE_DEFINE(ssh);

#define SSH_MAX_BANNER 255    /* the version line, CR LF included */
#define SSH_MAX_PACKET 35000  /* the packet size every implementation must take */

/* Length of the version line at B, terminator included; 0 when B is no
 * version line; PDU_NEED_MORE when its end is not there yet. */
static uint32_t banner_len(const uint8_t *b, uint32_t n)
{
	uint32_t k = n < 4 ? n : 4;
	if (memcmp(b, "SSH-", k) != 0)
		return 0;
	uint32_t look = n < SSH_MAX_BANNER ? n : SSH_MAX_BANNER;
	const uint8_t *lf = memchr(b, '\n', look);
	if (lf)
		return (uint32_t)(lf - b) + 1;
	return n < SSH_MAX_BANNER ? PDU_NEED_MORE : 0;
}

/* Whether the five bytes at B are a plausible unencrypted packet header. */
static bool packet_header_ok(const uint8_t *b)
{
	uint32_t len = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return len >= 12 && len <= SSH_MAX_PACKET && b[4] >= 4 && b[4] < len;
}

uint32_t ssh_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (avail == 0)
		return PDU_NEED_MORE;
	if (data[0] == 'S')
		return banner_len(data, avail);
	if (avail < 5)
		return PDU_NEED_MORE;
	if (packet_header_ok(data))
		return 4u + ((uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3]);
	/* an encrypted packet hides its length: take what there is */
	return avail;
}

bool ssh_parse(const uint8_t *data, uint32_t n, struct ssh_info *si)
{
	memset(si, 0, sizeof *si);
	if (n == 0)
		return false;
	uint32_t at = 0;
	uint32_t bl = data[0] == 'S' ? banner_len(data, n) : 0;
	if (bl && bl != PDU_NEED_MORE) {
		uint32_t end = bl - 1;
		if (end > 0 && data[end - 1] == '\r')
			end--;
		si->banner.off = 0;
		si->banner.len = end;
		at = bl;
	} else if (bl == PDU_NEED_MORE) {
		si->banner.len = n;
		return true;
	}
	if (n - at >= 6 && packet_header_ok(data + at)) {
		si->has_packet = true;
		si->packet_length = (uint32_t)data[at] << 24 | (uint32_t)data[at + 1] << 16 |
				    (uint32_t)data[at + 2] << 8 | data[at + 3];
		si->padding_length = data[at + 4];
		si->message_code = data[at + 5];
	} else if (n > at) {
		si->encrypted = true;
	}
	return true;
}

void dissect_ssh(struct packet *p, struct cursor *c)
{
	if (c->err != CUR_OK || cursor_rleft(c) == 0)
		return;
	int idx = pkt_push_layer(p, PROTO_SSH, c->off);
	if (idx < 0)
		return;
	uint32_t have = cursor_left(c);
	const uint8_t *b = c->data + c->off;
	/* A cut capture must not hide a version line's end or a packet header. */
	if (have < cursor_rleft(c)) {
		if (have > 0 && b[0] == 'S' && banner_len(b, have) == PDU_NEED_MORE)
			pkt_mark(p, idx, PKT_TRUNCATED);
		else if (have < 6 && (have == 0 || b[0] != 'S'))
			pkt_mark(p, idx, PKT_TRUNCATED);
	}
}

static void ssh_field_values(G_GNUC_UNUSED const struct packet *p, const struct layer *l, const uint8_t *d,
			     uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (l->flags & PKT_REASSEMBLED)
		return;
	const uint8_t *b = d;
	struct ssh_info si;
	if (!b || !ssh_parse(b, n, &si))
		return;
	if (fv_same(f->abbrev, "ssh.protocol") && si.banner.len)
		fv_give_ptr(fn, data, FV_STRING, b + si.banner.off, si.banner.len);
	else if (si.has_packet) {
		const struct fv_named_uint v[] = {{"ssh.packet_length", si.packet_length, true},
						  {"ssh.padding_length", si.padding_length, true},
						  {"ssh.message_code", si.message_code, true}};
		fv_give_named(fn, data, f->abbrev, v, sizeof v / sizeof v[0]);
	}
}

static const struct handoff ssh_handoff[] = {
	TCP_PORT(22, dissect_ssh),
	HANDOFF_LIST_END,
};
static const struct pdu_framing ssh_framing[] = {
	{dissect_ssh, ssh_pdu_len, NULL, false, NULL},
	{NULL, NULL, NULL, false, NULL},
};
const struct protocol proto_ssh = {PROTO_SSH, .short_name = "SSH", .values = ssh_field_values, .fields = &ssh_table,
                                   .handoff = ssh_handoff, .framing = ssh_framing};
