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
 *
 * The packet list, as Wireshark writes it: "Client: " (sent to port 22) or
 * "Server: ", then each message of the segment, joined by ", ": a version
 * line as "Protocol (SSH-2.0-...)", a readable packet by its message (the
 * names of codes 30-34 told by the key exchange both KEXINITs agreed on:
 * Diffie-Hellman, its group exchange, or elliptic-curve), a packet after
 * its side's NEWKEYS as "Encrypted packet (len=N)", or nothing when the
 * cipher agreed on is one Wireshark would decrypt with keys it was given
 * (chacha20-poly1305).  Until a frame after the client's version line, the
 * Protocol column is "SSH" and every packet counts as encrypted (the
 * capture started in the middle of the connection); then "SSHv2" (or
 * "SSHv1"), the version the client's line names.
 */
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

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

/* ---- the conversation ---------------------------------------------------- */

enum { SSH_LIST_MAX = 1024 }; /* bytes of a name-list kept */
enum ssh_kex { KEX_UNKNOWN, KEX_DH, KEX_DH_GEX, KEX_ECDH };

/* What one SSH connection told so far; side 0 is the client. */
struct ssh_conv {
	uint64_t version_frame;  /* the client's version line, 0: none seen */
	uint8_t version;         /* 1 or 2 */
	uint64_t newkeys[2];     /* the frame of each side's NEWKEYS, 0: none */
	bool kexinit[2];
	/* A side's KEXINIT lists (key exchange, then the ciphers of each
	 * direction), kept only until the other side's arrives: what the two
	 * agree on is then all that is kept. */
	char *lists[2][3];
	uint8_t kex;             /* enum ssh_kex, once both KEXINITs are seen */
	bool decryptable[2];     /* per direction: its cipher is one Wireshark decrypts */
};

static void *ssh_conv_new(void)
{
	return g_new0(struct ssh_conv, 1);
}

static void ssh_lists_free(struct ssh_conv *s)
{
	for (int side = 0; side < 2; side++)
		for (int i = 0; i < 3; i++)
			g_clear_pointer(&s->lists[side][i], g_free);
}

static void ssh_conv_free(void *data)
{
	ssh_lists_free(data);
	g_free(data);
}

static struct ssh_conv *ssh_conv_of(const struct packet *p)
{
	return p->session ? session_conv_data(p->session, p, PROTO_SSH, ssh_conv_new, ssh_conv_free) : NULL;
}

static uint32_t ssh_be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Copies the name-list at B[*AT] (N bytes) into OUT (cut to fit) and steps
 * past it; false when it is not all there. */
static bool ssh_name_list(const uint8_t *b, uint32_t n, uint32_t *at, char *out)
{
	if (n - *at < 4)
		return false;
	uint32_t len = ssh_be32(b + *at);
	if (len > n - *at - 4)
		return false;
	uint32_t keep = len < SSH_LIST_MAX - 1 ? len : SSH_LIST_MAX - 1;
	memcpy(out, b + *at + 4, keep);
	out[keep] = 0;
	*at += 4 + len;
	return true;
}

/* The first name of the client's list C that the server's list S holds
 * too, in BUF; "" when none. */
static void ssh_agree(const char *c, const char *s, char *buf, size_t size)
{
	g_auto(GStrv) cl = g_strsplit(c, ",", -1);
	g_auto(GStrv) sl = g_strsplit(s, ",", -1);
	buf[0] = 0;
	for (size_t i = 0; cl[i]; i++)
		if (cl[i][0] && g_strv_contains((const char *const *)sl, cl[i])) {
			g_strlcpy(buf, cl[i], size);
			return;
		}
}

/* The kind of key exchange the method K the two sides agreed on is. */
static enum ssh_kex ssh_kex_of(const char *k)
{
	if (g_str_has_prefix(k, "diffie-hellman-group-exchange-"))
		return KEX_DH_GEX;
	if (g_str_has_prefix(k, "diffie-hellman-group"))
		return KEX_DH;
	if (g_str_has_prefix(k, "ecdh-sha2-") || g_str_has_prefix(k, "curve25519-sha256") ||
	    g_str_has_prefix(k, "curve448-sha512"))
		return KEX_ECDH;
	return KEX_UNKNOWN;
}

/* Whether the cipher agreed on for what SIDE sends is one Wireshark
 * decrypts (with keys): its encrypted packets then show no text. */
static bool ssh_decryptable(const struct ssh_conv *s, int side)
{
	return s->kexinit[0] && s->kexinit[1] && s->decryptable[side];
}

static enum ssh_kex ssh_kex_kind(const struct ssh_conv *s)
{
	return s && s->kexinit[0] && s->kexinit[1] ? (enum ssh_kex)s->kex : KEX_UNKNOWN;
}

/* Both KEXINITs seen: what they agree on, and the lists go. */
static void ssh_settle(struct ssh_conv *s)
{
	char a[SSH_LIST_MAX];
	ssh_agree(s->lists[0][0], s->lists[1][0], a, sizeof a);
	s->kex = (uint8_t)ssh_kex_of(a);
	for (int dir = 0; dir < 2; dir++) {
		ssh_agree(s->lists[0][1 + dir], s->lists[1][1 + dir], a, sizeof a);
		s->decryptable[dir] = strcmp(a, "chacha20-poly1305@openssh.com") == 0;
	}
	ssh_lists_free(s);
}

/* Whether a binary packet of SIDE in frame FRAME is encrypted. */
static bool ssh_encrypted(const struct ssh_conv *s, int side, uint64_t frame)
{
	return !s || !s->version_frame || frame <= s->version_frame || (s->newkeys[side] && frame > s->newkeys[side]);
}

/* What the message at B (N bytes) of SIDE tells the conversation: the
 * client's version, the algorithms each side offers, NEWKEYS. */
static void ssh_follow(struct packet *p, const uint8_t *b, uint32_t n)
{
	struct ssh_conv *s = ssh_conv_of(p);
	int side = p->dport == 22 ? 0 : 1;
	uint64_t frame = p->frame->number;
	if (!s || n == 0)
		return;
	if (b[0] == 'S' && banner_len(b, n)) {
		if (side == 0 && !s->version_frame && n >= 8) {
			s->version_frame = frame;
			s->version = memcmp(b, "SSH-2.", 6) == 0 || memcmp(b, "SSH-1.99", 8) == 0 ? 2 : 1;
		}
		return;
	}
	if (n < 6 || !packet_header_ok(b) || ssh_encrypted(s, side, frame))
		return;
	if (b[5] == 21) {
		s->newkeys[side] = frame;
	} else if (b[5] == 20 && !s->kexinit[side]) {
		uint32_t at = 6 + 16; /* the code, then the cookie */
		char l[4][SSH_LIST_MAX]; /* key exchange, host key (skipped), each direction's ciphers */
		if (at <= n && ssh_name_list(b, n, &at, l[0]) && ssh_name_list(b, n, &at, l[1]) &&
		    ssh_name_list(b, n, &at, l[2]) && ssh_name_list(b, n, &at, l[3])) {
			s->kexinit[side] = true;
			s->lists[side][0] = g_strdup(l[0]);
			s->lists[side][1] = g_strdup(l[2]);
			s->lists[side][2] = g_strdup(l[3]);
			if (s->kexinit[!side])
				ssh_settle(s);
		}
	}
}

void dissect_ssh(struct packet *p, struct cursor *c)
{
	if (c->err != CUR_OK || cursor_rleft(c) == 0)
		return;
	int idx = pkt_push_layer(p, PROTO_SSH, c->off);
	if (idx < 0)
		return;
	ssh_follow(p, c->data + c->off, cursor_left(c));
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

/* ---- the packet list ------------------------------------------------------ */

static const struct value_string ssh_info_codes[] = {
	{1, "Disconnect"}, {2, "Ignore"}, {3, "Unimplemented"}, {4, "Debug"},
	{5, "Service Request"}, {6, "Service Accept"},
	{20, "Key Exchange Init"}, {21, "New Keys"},
	{50, "User Authentication Request"}, {51, "User Authentication Failure"},
	{52, "User Authentication Success"}, {53, "User Authentication Banner"},
	{60, "Public Key algorithm accepted"},
	{80, "Global Request"}, {81, "Request Success"}, {82, "Request Failure"},
	{90, "Channel Open"}, {91, "Channel Open Confirmation"}, {92, "Channel Open Failure"},
	{93, "Window Adjust"}, {94, "Channel Data"}, {95, "Channel Extended Data"},
	{96, "Channel EOF"}, {97, "Channel Close"}, {98, "Channel Request"},
	{99, "Channel Success"}, {100, "Channel Failure"}, {0, NULL},
};

/* The key exchange's own messages (codes 30-34), by the method agreed on
 * (Diffie-Hellman's names while it is unknown). */
static const char *ssh_kex_message(enum ssh_kex kex, uint8_t code)
{
	static const char *const dh[] = {"Diffie-Hellman Key Exchange Init", "Diffie-Hellman Key Exchange Reply"};
	static const char *const ecdh[] = {"Elliptic Curve Diffie-Hellman Key Exchange Init",
					   "Elliptic Curve Diffie-Hellman Key Exchange Reply"};
	static const char *const gex[] = {
		"Diffie-Hellman Group Exchange Request (Old)", "Diffie-Hellman Group Exchange Group",
		"Diffie-Hellman Group Exchange Init", "Diffie-Hellman Group Exchange Reply",
		"Diffie-Hellman Group Exchange Request"};
	if (code < 30 || code > 34)
		return NULL;
	if (kex == KEX_DH_GEX)
		return gex[code - 30];
	if (code > 31)
		return NULL;
	return kex == KEX_ECDH ? ecdh[code - 30] : dh[code - 30];
}

/* The bytes from layer IDX's start to the end of the segment's payload:
 * an encrypted packet's length, as the length of what cannot be read. */
static uint32_t ssh_rest_of_segment(const struct packet *p, int idx, uint32_t n)
{
	const struct layer *t = &p->layers[idx];
	if ((t->flags & PKT_REASSEMBLED) || p->l4_layer < 0 || !pkt_has_tcp(p))
		return n;
	uint32_t end = p->layers[p->l4_layer].off + p->tcp_hdr_len + p->tcp_len;
	return end > t->off ? end - t->off : n;
}

/* Whether layer IDX is a readable SSH packet to S, of SIDE, in FRAME. */
static bool ssh_readable(const struct ssh_conv *s, const struct packet *p, int idx, int side, uint64_t frame)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	return !ssh_encrypted(s, side, frame) && n >= 6 && packet_header_ok(d);
}

static void ssh_columns(struct columns *c, const struct packet *p, int idx)
{
	const struct ssh_conv *s = ssh_conv_of(p);
	int side = p->dport == 22 ? 0 : 1;
	uint64_t frame = p->frame->number;
	bool first = !col_follows_same(p, idx);
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (first) {
		bool known = s && s->version_frame && s->version_frame < frame;
		col_proto(c, !known ? "SSH" : s->version == 2 ? "SSHv2" : "SSHv1");
		col_set(c, "%s: ", side == 0 ? "Client" : "Server");
	}
	char text[96];
	text[0] = 0;
	if (n && d[0] == 'S' && banner_len(d, n)) {
		uint32_t end = banner_len(d, n) == PDU_NEED_MORE ? n : banner_len(d, n);
		while (end > 0 && (d[end - 1] == '\n' || d[end - 1] == '\r'))
			end--;
		if (!first)
			col_append(c, ", ");
		col_append(c, "Protocol (");
		col_append_text(c, d, end);
		col_append(c, ")");
		return;
	}
	if (!ssh_readable(s, p, idx, side, frame)) {
		/* one encrypted packet takes the rest of the segment */
		if (!first && idx > 0 && p->layers[idx - 1].proto == PROTO_SSH && !ssh_readable(s, p, idx - 1, side, frame))
			return;
		if (!s || !ssh_decryptable(s, side) || !s->version_frame || frame <= s->version_frame)
			g_snprintf(text, sizeof text, "Encrypted packet (len=%u)", ssh_rest_of_segment(p, idx, n));
	} else {
		const char *name = ssh_kex_message(ssh_kex_kind(s), d[5]);
		if (!name)
			name = value_name(ssh_info_codes, d[5]);
		if (name)
			g_strlcpy(text, name, sizeof text);
		else
			g_snprintf(text, sizeof text, "Unknown (%u)", d[5]);
	}
	if (text[0])
		col_append(c, "%s%s", first ? "" : ", ", text);
}

static const struct handoff ssh_handoff[] = {
	TCP_PORT(22, dissect_ssh),
	HANDOFF_LIST_END,
};
static const struct pdu_framing ssh_framing[] = {
	{dissect_ssh, ssh_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(SSH, "ssh", "SSH Protocol");
const struct protocol proto_ssh = {PROTO_SSH, .short_name = "SSH", .columns = ssh_columns, .values = ssh_field_values, .fields = &ssh_table,
                                   .handoff = ssh_handoff, .framing = ssh_framing};
