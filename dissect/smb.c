/* smb.c — SMB (CIFS, "SMB1") messages, the SMB mailslot protocol carried in
 * their Transaction requests, and the Windows Browser protocol carried on the
 * \MAILSLOT\BROWSE and \MAILSLOT\LANMAN mailslots.
 *
 * SMB header (32 bytes, little-endian):
 *   0 "\xffSMB"  4 command  5 status(4)  9 flags  10 flags2(2)  12 PID high(2)
 *   14 signature(8)  22 reserved(2)  24 TID(2)  26 PID(2)  28 UID(2)  30 MID(2)
 * then a word count, that many 16-bit parameter words, a byte count and the bytes.
 *
 * A Transaction request (command 0x25) names its target in its bytes; one
 * whose name starts with \MAILSLOT\ is a mailslot write: the mailslot layer
 * covers the setup words, the browser (or data) layer the transaction data.
 */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

#define SMB_HDR_LEN 32
#define SMB_COM_TRANSACTION 0x25
#define SMB_FLAGS_RESPONSE 0x80
#define SMB_FLAGS2_UNICODE 0x8000

static const struct value_string smb_cmd_vals[] = {
	{0x00, "Create Directory"}, {0x01, "Delete Directory"}, {0x02, "Open"}, {0x03, "Create"},
	{0x04, "Close"}, {0x05, "Flush"}, {0x06, "Delete"}, {0x07, "Rename"},
	{0x08, "Query Information"}, {0x09, "Set Information"}, {0x0a, "Read"}, {0x0b, "Write"},
	{0x0c, "Lock Byte Range"}, {0x0d, "Unlock Byte Range"}, {0x10, "Check Directory"},
	{0x12, "Seek"}, {0x1a, "Read Raw"}, {0x1d, "Write Raw"}, {0x22, "Set Information2"},
	{0x23, "Query Information2"}, {0x24, "Locking AndX"}, {0x25, "Trans"},
	{0x26, "Trans Secondary"}, {0x2b, "Echo"}, {0x2d, "Open AndX"}, {0x2e, "Read AndX"},
	{0x2f, "Write AndX"}, {0x32, "Trans2"}, {0x33, "Trans2 Secondary"},
	{0x34, "Find Close2"}, {0x70, "Tree Connect"}, {0x71, "Tree Disconnect"},
	{0x72, "Negotiate Protocol"}, {0x73, "Session Setup AndX"}, {0x74, "Logoff AndX"},
	{0x75, "Tree Connect AndX"}, {0x80, "Query Information Disk"}, {0x81, "Search"},
	{0xa0, "NT Trans"}, {0xa1, "NT Trans Secondary"}, {0xa2, "NT Create AndX"},
	{0xa4, "NT Cancel"}, {0xa5, "NT Rename"}, {0, NULL},
};

static const struct field_def smb_fields[] = {
	{"smb.server_component", "Server Component", FT_UINT32, BASE_HEX_LE, 0, 4, 0, NULL},
	{"smb.cmd", "SMB Command", FT_UINT8, BASE_HEX, 4, 1, 0, smb_cmd_vals},
	{"smb.nt_status", "NT Status", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"smb.flags", "Flags", FT_UINT8, BASE_HEX, 9, 1, 0, NULL},
	{"smb.flags.response", "Request/Response", FT_BOOLEAN, BASE_NONE, 9, 1, 0x80, NULL},
	{"smb.flags2", "Flags2", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"smb.tid", "Tree ID", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"smb.pid", "Process ID", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"smb.uid", "User ID", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"smb.mid", "Multiplex ID", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"smb.wct", "Word Count (WCT)", FT_UINT8, BASE_DEC, 32, 1, 0, NULL},
	{"smb.bcc", "Byte Count (BCC)", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"smb.trans_name", "Transaction Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(smb);

static const struct value_string mailslot_opcode_vals[] = {
	{1, "Write Mail Slot"}, {0, NULL},
};

static const struct field_def mailslot_fields[] = {
	{"mailslot.opcode", "Opcode", FT_UINT16, BASE_DEC_LE, 0, 2, 0, mailslot_opcode_vals},
	{"mailslot.priority", "Priority", FT_UINT16, BASE_DEC_LE, 2, 2, 0, NULL},
	{"mailslot.class", "Class", FT_UINT16, BASE_DEC_LE, 4, 2, 0, NULL},
	{"mailslot.size", "Size", FT_UINT16, BASE_DEC_LE, 6, 2, 0, NULL},
	{"mailslot.name", "Mailslot Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(mailslot);

static const struct value_string browser_cmd_vals[] = {
	{0x01, "Host Announcement"}, {0x02, "Request Announcement"},
	{0x08, "Browser Election Request"}, {0x09, "Get Backup List Request"},
	{0x0a, "Get Backup List Response"}, {0x0b, "Become Backup Browser"},
	{0x0c, "Domain/Workgroup Announcement"}, {0x0d, "Master Announcement"},
	{0x0e, "Reset Browser State Announcement"}, {0x0f, "Local Master Announcement"},
	{0, NULL},
};

static const struct field_def browser_fields[] = {
	{"browser.command", "Command", FT_UINT8, BASE_HEX, 0, 1, 0, browser_cmd_vals},
	{"browser.server", "Server Name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(browser);

static uint16_t le16_at(const uint8_t *d)
{
	return (uint16_t)(d[0] | d[1] << 8);
}

bool smb_header_info(const struct packet *p, const struct layer *l, struct smb_info *out)
{
	if (l->proto != PROTO_SMB || (uint64_t)l->off + SMB_HDR_LEN > p->frame->caplen)
		return false;
	const uint8_t *d = p->frame->data + l->off;
	out->cmd = d[4];
	out->status = (uint32_t)le16_at(d + 5) | (uint32_t)le16_at(d + 7) << 16;
	out->flags = d[9];
	out->flags2 = le16_at(d + 10);
	out->tid = le16_at(d + 24);
	out->pid = le16_at(d + 26);
	out->uid = le16_at(d + 28);
	out->mid = le16_at(d + 30);
	return true;
}

/* Reads a NUL-terminated name at C's position into BUF as ASCII (UTF-16LE
 * when UNICODE, keeping the low byte of each unit); the cursor moves past the
 * terminator.  False when no terminator is found. */
static bool smb_read_name(struct cursor *c, bool unicode, char *buf, size_t n)
{
	size_t k = 0;
	for (;;) {
		uint16_t ch = unicode ? cursor_le16(c) : cursor_u8(c);
		if (!cursor_ok(c))
			return false;
		if (ch == 0)
			break;
		if (k + 1 < n)
			buf[k++] = ch < 0x80 ? (char)ch : '?';
	}
	buf[k] = 0;
	return true;
}

/* The Browser protocol: a command byte and its body, all inside C. */
static void dissect_browser(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_BROWSER, c->off);
	if (idx < 0)
		return;
	cursor_u8(c);
	pdu_note_cursor(p, idx, c);
}

/* A NETLOGON mailslot's body: a layer, not read further. */
PROTOCOL_ID(SMB_NETLOGON, "smb_netlogon", "Microsoft Windows Logon Protocol (Old)");

/* A mailslot write: SETUP holds the setup words, DATA the transaction data,
 * SLOT the name after \MAILSLOT\. */
static void dissect_mailslot(struct packet *p, uint32_t off, struct cursor *setup, struct cursor *data,
			     const char *slot)
{
	int idx = pkt_push_layer(p, PROTO_MAILSLOT, off);
	if (idx < 0)
		return;
	cursor_skip(setup, 6); /* opcode, priority, class */
	pdu_note_cursor(p, idx, setup);
	if (strncmp(slot, "BROWSE", 6) == 0 || strncmp(slot, "LANMAN", 6) == 0)
		dissect_browser(p, data);
	else if (strncmp(slot, "NET", 3) == 0 || strncmp(slot, "TEMP\\NETLOGON", 13) == 0 ||
		 strncmp(slot, "MSSP", 4) == 0)
		pkt_push_layer(p, PROTO_SMB_NETLOGON, data->off);
	else
		dissect_data(p, data);
}

/* A Transaction request: WORDS covers the parameter words, BYTES the byte
 * block; HDR is the message's first byte (offsets in the request count from it). */
static void smb_trans_request(struct packet *p, int idx, uint32_t hdr, uint16_t flags2, struct cursor *msg,
			      struct cursor *words, struct cursor *bytes)
{
	cursor_skip(words, 18);
	uint16_t param_count = cursor_le16(words), param_off = cursor_le16(words);
	uint16_t data_count = cursor_le16(words), data_off = cursor_le16(words);
	uint8_t setup_count = cursor_u8(words);
	cursor_skip(words, 1);
	if (!cursor_ok(words)) {
		pdu_note_cursor(p, idx, words);
		return;
	}
	struct cursor setup = cursor_sub(words, setup_count * 2u);
	bool unicode = flags2 & SMB_FLAGS2_UNICODE;
	if (unicode && (bytes->off - hdr) % 2)
		cursor_skip(bytes, 1);
	char name[64];
	if (!smb_read_name(bytes, unicode, name, sizeof name)) {
		pdu_note_cursor(p, idx, bytes);
		return;
	}
	if (g_ascii_strncasecmp(name, "\\MAILSLOT\\", 10) != 0)
		return;
	/* Parameters and data lie at offsets from the header; the mailslot is
	 * dissected only when both are here whole. */
	uint32_t have = msg->end > hdr ? msg->end - hdr : 0;
	if (data_count == 0 || (uint32_t)param_off + param_count > have || (uint32_t)data_off + data_count > have) {
		if (pdu_cut_short(p, msg))
			pkt_mark(p, idx, PKT_TRUNCATED);
		return;
	}
	struct cursor d = *msg;
	d.off = hdr + data_off;
	d.end = d.rend = d.off + data_count;
	dissect_mailslot(p, setup.off, &setup, &d, name + 10);
}

void dissect_smb(struct packet *p, struct cursor *c)
{
	if (cursor_left(c) < 4 || memcmp(c->data + c->off, "\xffSMB", 4) != 0)
		return;
	int idx = pkt_push_layer(p, PROTO_SMB, c->off);
	if (idx < 0)
		return;
	uint32_t hdr = c->off;
	cursor_skip(c, 4);
	uint8_t cmd = cursor_u8(c);
	cursor_skip(c, 4);
	uint8_t flags = cursor_u8(c);
	uint16_t flags2 = cursor_le16(c);
	cursor_skip(c, SMB_HDR_LEN - 12);
	uint8_t wct = cursor_u8(c);
	struct cursor words = cursor_sub(c, wct * 2u);
	uint16_t bcc = cursor_le16(c);
	if (!cursor_ok(c)) {
		pdu_note_cursor(p, idx, c);
		return;
	}
	struct cursor msg = *c;
	msg.off = hdr;
	struct cursor bytes = cursor_sub(c, bcc);
	if (!cursor_ok(c))
		pkt_mark(p, idx, PKT_MALFORMED);
	if (cmd == SMB_COM_TRANSACTION && !(flags & SMB_FLAGS_RESPONSE) && wct >= 14)
		smb_trans_request(p, idx, hdr, flags2, &msg, &words, &bytes);
}

/* A mailslot write: opcode, priority, class, size (2 each, little-endian,
 * fixed places) and the name "\\MAILSLOT\\..." to a NUL. */
static unsigned mailslot_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (!fv_same(a, "mailslot.name") || n <= 8)
		return 0;
	uint32_t end = 8;
	while (end < n && d[end])
		end++;
	return fv_give_ptr(fn, data, FV_STRING, d + 8, end - 8);
}

/* Browser announcements (host 1, domain 12, local master 15): command(1)
 * update count(1) periodicity(4) then the server name in 16 bytes. */
static unsigned browser_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (!fv_same(a, "browser.server") || n < 22 || (d[0] != 1 && d[0] != 12 && d[0] != 15))
		return 0;
	uint32_t end = 6;
	while (end < 22 && d[end])
		end++;
	return fv_give_ptr(fn, data, FV_STRING, d + 6, end - 6);
}

static void mailslot_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				  const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		mailslot_values(d, n, f->abbrev, fn, data);
}

PROTOCOL_ID(MAILSLOT, "mailslot", "SMB MailSlot Protocol");
const struct protocol proto_mailslot = {PROTO_MAILSLOT, .short_name = "SMB Mailslot", .values = mailslot_field_values, .fields = &mailslot_table};

static void browser_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
				 const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		browser_values(d, n, f->abbrev, fn, data);
}

/* The server type bits, from bit 0 up. */
static const char *const browser_server_types[32] = {
	"Workstation", "Server", "SQL Server", "Domain Controller", "Backup Controller", "Time Source",
	"Apple Server", "Novell Server", "Domain Member Server", "Print Queue Server", "Dialin Server",
	"Xenix Server", "NT Workstation", "Windows for Workgroups", NULL, "NT Server", "Potential Browser",
	"Backup Browser", "Master Browser", "Domain Master Browser", "OSF", "VMS", "Windows 95 or above",
	"DFS server", NULL, NULL, NULL, NULL, NULL, NULL, "Local List Only", "Domain Enum",
};

/* The packet list: the command; an announcement adds the name it announces
 * and each of its server types. */
static void browser_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n = 0;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "BROWSER");
	col_clear(c);
	if (n < 1)
		return;
	const char *name = value_name(browser_cmd_vals, d[0]);
	if (name)
		col_append(c, "%s", name);
	else
		col_append(c, "Unknown command:0x%02x", d[0]);
	if ((d[0] != 1 && d[0] != 12 && d[0] != 15) || n < 28)
		return;
	col_append(c, " ");
	for (uint32_t i = 6; i < 22 && d[i]; i++)
		col_append(c, "%c", d[i] >= 0x20 && d[i] < 0x7f ? (char)d[i] : '.');
	uint32_t types = (uint32_t)d[24] | (uint32_t)d[25] << 8 | (uint32_t)d[26] << 16 | (uint32_t)d[27] << 24;
	for (unsigned i = 0; i < 32; i++)
		if (types & (1u << i)) {
			if (browser_server_types[i])
				col_append(c, ", %s", browser_server_types[i]);
			else
				col_append(c, ", Unknown server type:%u", i);
		}
}

PROTOCOL_ID(BROWSER, "browser", "Microsoft Windows Browser Protocol");
const struct protocol proto_browser = {PROTO_BROWSER, .short_name = "BROWSER", .columns = browser_columns, .values = browser_field_values,
				       .fields = &browser_table};

/* The name of an SMB TRANSACTION request (command 0x25), in the bytes
 * from AT of the SMB message B (N bytes): ASCII, or UTF-16 (flags2 0x8000)
 * after a pad to an even offset; to a NUL. */
static void smb_trans_name(fvalue_fn fn, void *data, const uint8_t *b, uint32_t n, uint32_t at, uint32_t flags2)
{
	static __thread char name[256];
	if (n < 33 || b[4] != 0x25 || (b[9] & 0x80))
		return;
	size_t used = 0;
	if (flags2 & 0x8000) {
		at += at & 1;
		for (; at + 1 < n && (b[at] || b[at + 1]) && used + 1 < sizeof name; at += 2)
			name[used++] = b[at + 1] || b[at] >= 0x80 ? '?' : (char)b[at];
	} else {
		for (; at < n && b[at] && used + 1 < sizeof name; at++)
			name[used++] = (char)b[at];
	}
	fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)name, (uint32_t)used);
}

static void smb_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			     const struct field_def *f, fvalue_fn fn, void *data)
{
	if (l->flags & PKT_REASSEMBLED)
		return;
	struct smb_info i;
	if (!smb_header_info(p, l, &i))
		return;
	const uint8_t *b = d;
	/* after the 32-byte header: word count, words, byte count, bytes */
	uint32_t bcc_at = b && n > 32 ? 33 + 2u * b[32] : 0;
	bool has_bcc = bcc_at && bcc_at + 2 <= n;
	if (fv_same(f->abbrev, "smb.trans_name") && has_bcc) {
		smb_trans_name(fn, data, b, n, bcc_at + 2, i.flags2);
		return;
	}
	/* NT status when flags2 says so, else a DOS error class and code */
	const struct fv_named_uint v[] = {{"smb.nt_status", i.status, i.flags2 & 0x4000},
					  {"smb.flags2", i.flags2, true},
					  {"smb.tid", i.tid, true}, {"smb.pid", i.pid, true},
					  {"smb.uid", i.uid, true}, {"smb.mid", i.mid, true},
					  {"smb.bcc", has_bcc ? fv_get16(b + bcc_at, false) : 0, has_bcc}};
	fv_give_named(fn, data, f->abbrev, v, sizeof v / sizeof v[0]);
}

/* The packet list: the command's name, "Request" or "Response". */
static void smb_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n = 0;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	col_proto(c, "SMB");
	col_clear(c);
	if (n < SMB_HDR_LEN)
		return;
	const char *name = value_name(smb_cmd_vals, b[4]);
	if (name)
		col_append(c, "%s", name);
	else
		col_append(c, "Unknown (0x%02x)", b[4]);
	col_append(c, " %s", b[9] & SMB_FLAGS_RESPONSE ? "Response" : "Request");
}

PROTOCOL_ID(SMB, "smb", "SMB (Server Message Block Protocol)");
const struct protocol proto_smb = {PROTO_SMB, .short_name = "SMB", .columns = smb_columns, .values = smb_field_values,
				   .fields = &smb_table};
