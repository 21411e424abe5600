/* rdp_mcs.c — RDP's PDUs inside MCS under standard RDP security
 * ([MS-RDPBCGR] 2.2.1.3 to 2.2.1.12, 2.2.8.1.1.2), the private second file
 * of rdp.c:
 *
 *   in the GCC user data of the connect PDUs, data blocks:
 *       | type (2 LE) | length (2 LE, header included) | ... |
 *     client: 0xc001 core, 0xc002 security, 0xc003 network, ...
 *     server: 0x0c01 core, 0x0c02 security (encryptionMethod(4)
 *             encryptionLevel(4) ...), 0x0c03 network (MCSChannelId(2) ...)
 *
 *   in an MCS send-data PDU, a security header, then the PDU:
 *       | flags (2 LE) | flagsHi (2 LE) | [ signature (8) ] | ...
 *     flags & 0x04c1: 0x0001 security exchange, 0x0040 client info,
 *     0x0080 licensing, 0x0400 redirection; 0x0008 the rest is encrypted.
 *
 * How a send-data PDU reads depends on its connection, as in Wireshark: the
 * server's encryption method and level (whether a signature follows the
 * flags, whether other PDUs have the flags at all), the frame that ended
 * licensing (until then the flags name the PDU), and the server's I/O
 * channel (its PDUs carry a share control header; any other channel's are
 * virtual channel PDUs).  The Info text is worked out while dissecting and
 * kept in the packet (its app_info).
 */
#include "dissect/dissect.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

struct rdp_conv {
	bool seen;              /* the connect PDUs were seen: the PDUs below can be read */
	uint32_t enc_method;    /* the server's encryptionMethod */
	uint32_t enc_level;     /* and encryptionLevel */
	uint64_t license_frame; /* the frame that ended licensing, 0: not yet */
	int32_t io_channel;     /* the server's MCSChannelId, -1 unknown */
};

enum {
	SEC_EXCHANGE_PKT = 0x0001, SEC_ENCRYPT = 0x0008, SEC_INFO_PKT = 0x0040, SEC_LICENSE_PKT = 0x0080,
	SEC_PKT_MASK = 0x04c1, LICENSE_ERROR_ALERT = 0xff,
};

static void *rdp_conv_new(void)
{
	struct rdp_conv *r = g_new0(struct rdp_conv, 1);
	r->io_channel = -1;
	return r;
}

static const char *method_name(uint32_t m)
{
	switch (m) {
	case 0: return "None";
	case 1: return "40-bit RC4";
	case 2: return "128-bit RC4";
	case 8: return "56-bit RC4";
	case 0x10: return "FIPS140-1 3DES";
	default: return "Unknown";
	}
}

static const char *level_name(uint32_t l)
{
	static const char *const names[] = {"None", "Low", "Client Compatible", "High", "FIPS140-1"};
	return l < G_N_ELEMENTS(names) ? names[l] : "Unknown";
}

static const char *license_name(uint8_t t)
{
	switch (t) {
	case 0x01: return "License Request";
	case 0x02: return "Platform Challenge";
	case 0x03: return "New License";
	case 0x04: return "Upgrade License";
	case 0x12: return "License Info";
	case 0x13: return "New License Request";
	case 0x15: return "Platform Challenge Response";
	case 0xff: return "Error Alert";
	default: return "Unknown";
	}
}

static const char *share_control_name(unsigned type)
{
	switch (type) {
	case 1: return "Demand Active PDU";
	case 3: return "Confirm Active PDU";
	case 6: return "Deactivate All PDU";
	case 7: return "Data PDU";
	case 10: return "Server Redirection PDU";
	default: return "Unknown";
	}
}

/* The connection's state in P's session, or a blank one in *ALONE. */
static struct rdp_conv *conv_of(struct packet *p, struct rdp_conv *alone)
{
	if (p->session)
		return session_conv_data(p->session, p, PROTO_RDP, rdp_conv_new, g_free);
	*alone = (struct rdp_conv){.io_channel = -1};
	return alone;
}

static void set_info(struct packet *p, const GString *s)
{
	pkt_set_app_info(p, PROTO_RDP, s->str, s->len);
}

void rdp_conference_data(struct packet *p, struct cursor *c, bool server)
{
	int idx = pkt_push_layer(p, PROTO_RDP, c->off);
	if (idx < 0)
		return;
	/* Wireshark's frame.protocols does not list RDP under T.124 (nor under
	 * a send-data request); the tree and the hierarchy do */
	p->layers[idx].flags |= PKT_TREE_ONLY;
	struct rdp_conv alone, *r = conv_of(p, &alone);
	r->seen = true;
	g_autoptr(GString) info = g_string_new(server ? "ServerData" : "ClientData");
	while (cursor_rleft(c) >= 4 && cursor_ok(c)) {
		uint16_t type = cursor_le16(c), len = cursor_le16(c);
		if (!cursor_ok(c))
			break;
		if (len < 4) {
			c->err = CUR_MALFORMED;
			break;
		}
		struct cursor blk = cursor_sub(c, len - 4u);
		if (server && type == 0x0c02) {
			r->enc_method = cursor_le32(&blk);
			r->enc_level = cursor_le32(&blk);
			if (cursor_ok(&blk))
				g_string_append_printf(info, " Encryption: %s (%s)", method_name(r->enc_method),
						       level_name(r->enc_level));
		} else if (server && type == 0x0c03) {
			uint16_t channel = cursor_le16(&blk);
			if (cursor_ok(&blk))
				r->io_channel = channel;
		}
	}
	set_info(p, info);
	pkt_note_cursor(p, idx, c);
}

/* The security header at C by the connection's method: with ALWAYS or a
 * level other than none, the flags (into *FLAGS); then the signature of
 * RC4 (8 bytes) or FIPS (12 with its own header). */
static void security_header(struct cursor *c, const struct rdp_conv *r, bool always, uint16_t *flags)
{
	*flags = 0;
	if (always || r->enc_level != 0) {
		*flags = cursor_le16(c);
		cursor_skip(c, 2);
	}
	if (r->enc_method & 0x0b)
		cursor_skip(c, 8);
	else if (r->enc_method == 0x10)
		cursor_skip(c, 12);
}

/* A PDU while licensing goes on: the flags name it. */
static void licensing_pdu(struct packet *p, struct cursor *c, struct rdp_conv *r, GString *info)
{
	int lo = cursor_peek(c, 0), hi = cursor_peek(c, 1);
	if (lo < 0 || hi < 0) {
		cursor_skip(c, 2); /* fails as it should */
		return;
	}
	uint16_t flags = (uint16_t)(lo | hi << 8);
	switch (flags & SEC_PKT_MASK) {
	case SEC_EXCHANGE_PKT:
		g_string_append(info, "SecurityExchange");
		break;
	case SEC_INFO_PKT:
		g_string_append(info, "ClientInfo");
		if (flags & SEC_ENCRYPT)
			g_string_append(info, ", [Encrypted]");
		break;
	case SEC_LICENSE_PKT:
		security_header(c, r, true, &flags);
		if (flags & SEC_ENCRYPT) {
			g_string_append(info, "[Encrypted]");
			r->license_frame = p->frame->number;
			break;
		}
		uint8_t type = cursor_u8(c);
		cursor_skip(c, 3); /* bVersion, wMsgSize */
		if (!cursor_ok(c))
			break;
		g_string_append(info, license_name(type));
		if (type == LICENSE_ERROR_ALERT)
			r->license_frame = p->frame->number;
		break;
	default:
		break;
	}
}

void rdp_send_data(struct packet *p, struct cursor *c, uint16_t channel, bool indication)
{
	struct rdp_conv alone, *r = conv_of(p, &alone);
	/* RDP takes the channels of a connection whose connect PDUs it read */
	if (!r->seen)
		return;
	int idx = pkt_push_layer(p, PROTO_RDP, c->off);
	if (idx < 0)
		return;
	if (!indication)
		p->layers[idx].flags |= PKT_TREE_ONLY;
	if (cursor_rleft(c) == 0) {
		pkt_mark(p, idx, PKT_MALFORMED);
		return;
	}
	g_autoptr(GString) info = g_string_new(NULL);
	uint16_t flags = 0;
	if (r->seen && (r->license_frame == 0 || p->frame->number <= r->license_frame)) {
		licensing_pdu(p, c, r, info);
	} else if (r->seen && channel == r->io_channel) {
		security_header(c, r, false, &flags);
		if (flags & SEC_ENCRYPT) {
			g_string_append(info, "[Encrypted]");
		} else {
			/* share control header: totalLength(2) pduType(2) pduSource(2) */
			cursor_skip(c, 2);
			unsigned type = cursor_le16(c) & 0x000f;
			cursor_skip(c, 2);
			if (cursor_ok(c) && type != 7)
				g_string_append(info, share_control_name(type));
		}
	} else {
		g_string_append(info, "Virtual Channel PDU");
		security_header(c, r, false, &flags);
		if (flags & SEC_ENCRYPT)
			g_string_append(info, ", [Encrypted]");
	}
	set_info(p, info);
	pkt_note_cursor(p, idx, c);
}
