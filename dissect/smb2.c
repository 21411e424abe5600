/* smb2.c — SMB2/SMB3 messages ([MS-SMB2]).
 *
 * Every command starts with a 64-byte header (little-endian):
 *   0 "\xfeSMB"  4 header length (64)  6 credit charge  8 status(4)
 *   12 command(2)  14 credits(2)  16 flags(4)  20 next command(4)
 *   24 message id(8)  32 process id(4) + tree id(4), or async id(8)
 *   40 session id(8)  48 signature(16)
 * A non-zero "next command" is the offset of another command chained in the
 * same message; each command is a layer of its own.
 *
 * Encrypted messages start with a transform header ("\xfdSMB", 52 bytes) and
 * compressed ones with "\xfcSMB": the payload cannot be read without keys or
 * decompression, so they are one layer.
 *
 * READ responses, WRITE requests and pipe-transceive IOCTLs carry data that
 * is DCE/RPC when the file is a named pipe.  That is decided from the data
 * itself: a DCE/RPC header makes it dcerpc, anything else is data.
 */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/fieldval_give.h"
#include "dissect/session.h"
#include "dissect/field.h"
#include "dissect/ntlmssp.h"
#include "dissect/protocol.h"

#define SMB2_HDR_LEN 64
#define SMB2_FLAGS_RESPONSE 0x00000001u
#define SMB2_FLAGS_ASYNC 0x00000002u
#define FSCTL_PIPE_TRANSCEIVE 0x0011c017u
#define STATUS_BUFFER_OVERFLOW 0x80000005u

enum {
	SMB2_NEGOTIATE = 0, SMB2_SESSION_SETUP = 1, SMB2_CREATE = 5, SMB2_CLOSE = 6, SMB2_FLUSH = 7,
	SMB2_READ = 8, SMB2_WRITE = 9, SMB2_LOCK = 10, SMB2_IOCTL = 11, SMB2_FIND = 14, SMB2_NOTIFY = 15,
	SMB2_GETINFO = 16, SMB2_SETINFO = 17, SMB2_BREAK = 18,
};
#define FSCTL_DFS_GET_REFERRALS 0x00060194u
#define STATUS_PENDING 0x00000103u
#define STATUS_MORE_PROCESSING_REQUIRED 0xc0000016u

static const struct value_string smb2_cmd_vals[] = {
	{0, "Negotiate Protocol"}, {1, "Session Setup"}, {2, "Session Logoff"},
	{3, "Tree Connect"}, {4, "Tree Disconnect"}, {5, "Create"}, {6, "Close"},
	{7, "Flush"}, {8, "Read"}, {9, "Write"}, {10, "Lock"}, {11, "Ioctl"},
	{12, "Cancel"}, {13, "KeepAlive"}, {14, "Find"}, {15, "Notify"},
	{16, "GetInfo"}, {17, "SetInfo"}, {18, "Break"}, {0, NULL},
};

static const struct field_def smb2_fields[] = {
	{"smb2.protocol_id", "ProtocolId", FT_UINT32, BASE_HEX, 0, 4, 0, NULL},
	{"smb2.header_len", "Header Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"smb2.credit.charge", "Credit Charge", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"smb2.nt_status", "NT Status", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"smb2.cmd", "Command", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, smb2_cmd_vals},
	{"smb2.flags", "Flags", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"smb2.flags.response", "Response", FT_BOOLEAN, BASE_NONE, 16, 1, 0x01, NULL},
	{"smb2.flags.async", "Async command", FT_BOOLEAN, BASE_NONE, 16, 1, 0x02, NULL},
	{"smb2.flags.chained", "Chained", FT_BOOLEAN, BASE_NONE, 16, 1, 0x04, NULL},
	{"smb2.flags.signature", "Signing", FT_BOOLEAN, BASE_NONE, 16, 1, 0x08, NULL},
	{"smb2.chain_offset", "Chain Offset", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"smb2.msg_id", "Message ID", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"smb2.pid", "Process Id", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"smb2.tid", "Tree Id", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"smb2.aid", "Async Id", FT_UINT64, BASE_HEX, FIELD_VAR, 8, 0, NULL},
	{"smb2.sesid", "Session Id", FT_UINT64, BASE_HEX, FIELD_VAR, 8, 0, NULL},
	{"smb2.signature", "Signature", FT_BYTES, BASE_NONE, 48, 16, 0, NULL},
	{"smb2.ioctl.function", "Function", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(smb2);

static uint32_t le32_at(const uint8_t *d)
{
	return (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 | (uint32_t)d[3] << 24;
}

static uint64_t le64_at(const uint8_t *d)
{
	return (uint64_t)le32_at(d) | (uint64_t)le32_at(d + 4) << 32;
}

bool smb2_header_info(const struct packet *p, const struct layer *l, struct smb2_info *out)
{
	if (l->proto != PROTO_SMB2 || (uint64_t)l->off + SMB2_HDR_LEN > p->frame->caplen)
		return false;
	const uint8_t *d = p->frame->data + l->off;
	if (d[0] != 0xfe)
		return false;
	out->header_len = (uint16_t)(d[4] | d[5] << 8);
	out->credit_charge = (uint16_t)(d[6] | d[7] << 8);
	out->status = le32_at(d + 8);
	out->cmd = (uint16_t)(d[12] | d[13] << 8);
	out->flags = le32_at(d + 16);
	out->next_cmd = le32_at(d + 20);
	out->msg_id = le64_at(d + 24);
	out->async = out->flags & SMB2_FLAGS_ASYNC;
	out->async_id = out->async ? le64_at(d + 32) : 0;
	out->pid = out->async ? 0 : le32_at(d + 32);
	out->tid = out->async ? 0 : le32_at(d + 36);
	out->sesid = le64_at(d + 40);
	/* IOCTL request and response: structure size(2) reserved(2) function(4) */
	out->has_ioctl = out->cmd == SMB2_IOCTL && (uint64_t)l->off + SMB2_HDR_LEN + 8 <= p->frame->caplen;
	out->ioctl_function = out->has_ioctl ? le32_at(d + SMB2_HDR_LEN + 4) : 0;
	return true;
}

/* LEN bytes of pipe or file data at offset OFF from the command's header
 * HDR, within the command's window W. */
static void smb2_data(struct packet *p, const struct cursor *w, uint32_t hdr, uint32_t off, uint32_t len)
{
	if (len == 0 || off < SMB2_HDR_LEN)
		return;
	struct cursor c = *w;
	c.off = hdr;
	if (!cursor_skip(&c, off)) {
		pdu_note_cursor(p, -1, &c); /* beyond this segment or this command */
		return;
	}
	struct cursor d = cursor_sub(&c, len);
	if (cursor_rleft(&d) == 0)
		return;
	if (dissect_dcerpc_pipe(p, &d))
		return;
	if (pdu_cut_short(p, &d))
		pkt_mark(p, -1, PKT_TRUNCATED);
	dissect_data(p, &d);
}

/* A FileId (16 bytes at D) folded to 64 bits, never 0. */
static uint64_t smb2_fid(const uint8_t *d)
{
	uint64_t f = le64_at(d) * 0x9e3779b97f4a7c15u ^ le64_at(d + 8);
	return f ? f : 1;
}

/* The command body of a header already read, in the command's window W.
 * Pipe data is dissected with its file known (p->smb_fid): a READ
 * response does not name it, its request did. */
static void smb2_body(struct packet *p, const struct cursor *w, uint32_t hdr, uint16_t cmd, uint32_t flags,
		      uint32_t status, uint64_t msg_id)
{
	bool response = flags & SMB2_FLAGS_RESPONSE;
	bool ok = status == 0 || status == STATUS_BUFFER_OVERFLOW;
	const uint8_t *b = w->data + hdr + SMB2_HDR_LEN;
	uint32_t have = w->end > hdr + SMB2_HDR_LEN ? w->end - hdr - SMB2_HDR_LEN : 0;
	bool ioctl = cmd == SMB2_IOCTL && have >= 8 && le32_at(b + 4) == FSCTL_PIPE_TRANSCEIVE;
	p->smb_fid = 0;
	if (cmd == SMB2_READ && !response && have >= 32) {
		if (p->session)
			session_smb2_read(p->session, p, msg_id, smb2_fid(b + 16));
	} else if (cmd == SMB2_READ && response && ok && have >= 8) {
		if (p->session)
			p->smb_fid = session_smb2_read_fid(p->session, p, msg_id);
		smb2_data(p, w, hdr, b[2], le32_at(b + 4));
	} else if (cmd == SMB2_WRITE && !response && have >= 8) {
		if (have >= 32)
			p->smb_fid = smb2_fid(b + 16);
		smb2_data(p, w, hdr, (uint32_t)(b[2] | b[3] << 8), le32_at(b + 4));
	} else if (have >= 32 && ioctl && !response) {
		p->smb_fid = smb2_fid(b + 8);
		smb2_data(p, w, hdr, le32_at(b + 24), le32_at(b + 28));
	} else if (have >= 40 && ioctl && response && ok) {
		p->smb_fid = smb2_fid(b + 8);
		smb2_data(p, w, hdr, le32_at(b + 32), le32_at(b + 36));
	}
	p->smb_fid = 0;
}

/* ---- what the packet list shows beyond the header ----------------------
 * Each command adds to Info what names its object: a Read's length and
 * offset, a GetInfo's class and level, a Find's level and pattern, the
 * NTLMSSP message of a session setup, and the file of every FileId, known
 * from the Create whose response opened it (requests and responses are
 * paired by message id on their connection).  As Wireshark does, a
 * session's files are followed across all its connections (the file table
 * is the capture's, keyed by session id and FileId): a pipe opened on one
 * connection and read on another is named there too, and such a frame is
 * marked (other_conv_info) for readers that replay a connection alone.
 * That text is worked out as the command is dissected, in order, and kept
 * in the packet (app_info: for each SMB2 layer, its index byte, its text, a
 * NUL) for its columns. */

struct smb2_files {
	GHashTable *names;   /* FileId folded with its session id -> struct smb2_file */
	uint32_t nconv;      /* connections seen, numbering them */
};

struct smb2_file {
	uint32_t conv;       /* the connection whose Create response opened it */
	char name[];
};

struct smb2_conv {
	struct smb2_files *files; /* the capture's (not owned) */
	GHashTable *pending; /* message id -> struct smb2_pending, until answered */
	uint64_t sesid;      /* the session of the command being read */
	uint32_t serial;     /* this connection's number */
	bool other;          /* the text being built named a file of another connection */
};

struct smb2_pending {
	uint16_t cmd;
	char *text; /* a Create's file name, a Find's " LEVEL Pattern: P" */
};

#define SMB2_CONV_MAX 65536 /* entries kept per table before it starts again */

static void smb2_pending_free(void *v)
{
	struct smb2_pending *e = v;
	g_free(e->text);
	g_free(e);
}

static void *smb2_conv_new(void)
{
	struct smb2_conv *c = g_new0(struct smb2_conv, 1);
	c->pending = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, smb2_pending_free);
	return c;
}

static void smb2_conv_free(void *v)
{
	struct smb2_conv *c = v;
	g_hash_table_destroy(c->pending);
	g_free(c);
}

static void *smb2_files_new(void)
{
	struct smb2_files *f = g_new0(struct smb2_files, 1);
	f->names = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	return f;
}

static void smb2_files_free(void *v)
{
	struct smb2_files *f = v;
	g_hash_table_destroy(f->names);
	g_free(f);
}

/* The key of the FileId at F in the files of CONV's session. */
static uint64_t smb2_file_key(const struct smb2_conv *conv, const uint8_t *f)
{
	return smb2_fid(f) ^ conv->sesid * 0xc2b2ae3d27d4eb4fu;
}

static void smb2_put(GHashTable *t, uint64_t key, void *value)
{
	if (g_hash_table_size(t) >= SMB2_CONV_MAX)
		g_hash_table_remove_all(t);
	g_hash_table_insert(t, g_memdup2(&key, sizeof key), value);
}

static const struct value_string smb2_class_vals[] = {
	{1, "FILE_INFO"}, {2, "FS_INFO"}, {3, "SEC_INFO"}, {4, "QUOTA_INFO"}, {0, NULL},
};

static const struct value_string smb2_file_info_levels[] = {
	{0x04, "SMB2_FILE_BASIC_INFO"}, {0x05, "SMB2_FILE_STANDARD_INFO"}, {0x06, "SMB2_FILE_INTERNAL_INFO"},
	{0x07, "SMB2_FILE_EA_INFO"}, {0x08, "SMB2_FILE_ACCESS_INFO"}, {0x0a, "SMB2_FILE_RENAME_INFO"},
	{0x0d, "SMB2_FILE_DISPOSITION_INFO"}, {0x0e, "SMB2_FILE_POSITION_INFO"},
	{0x0f, "SMB2_FILE_FULL_EA_INFO"}, {0x10, "SMB2_FILE_MODE_INFO"}, {0x11, "SMB2_FILE_ALIGNMENT_INFO"},
	{0x12, "SMB2_FILE_ALL_INFO"}, {0x13, "SMB2_FILE_ALLOCATION_INFO"}, {0x14, "SMB2_FILE_ENDOFFILE_INFO"},
	{0x15, "SMB2_FILE_ALTERNATE_NAME_INFO"}, {0x16, "SMB2_FILE_STREAM_INFO"},
	{0x17, "SMB2_FILE_PIPE_INFO"}, {0x1c, "SMB2_FILE_COMPRESSION_INFO"},
	{0x22, "SMB2_FILE_NETWORK_OPEN_INFO"}, {0x23, "SMB2_FILE_ATTRIBUTE_TAG_INFO"},
	{0x30, "SMB2_FILE_NORMALIZED_NAME_INFO"}, {0x64, "SMB2_FILE_POSIX_INFO"}, {0, NULL},
};

static const struct value_string smb2_fs_info_levels[] = {
	{0x01, "FileFsVolumeInformation"}, {0x02, "FileFsLabelInformation"}, {0x03, "FileFsSizeInformation"},
	{0x04, "FileFsDeviceInformation"}, {0x05, "FileFsAttributeInformation"},
	{0x06, "FileFsControlInformation"}, {0x07, "FileFsFullSizeInformation"},
	{0x08, "FileFsObjectIdInformation"}, {0x09, "FileFsDriverPathInformation"},
	{0x0a, "FileFsVolumeFlagsInformation"}, {0x0b, "FileFsSectorSizeInformation"}, {0, NULL},
};

static const struct value_string smb2_sec_info_levels[] = {{0x00, "SMB2_SEC_INFO_00"}, {0, NULL}};

static const struct value_string smb2_find_info_levels[] = {
	{0x01, "SMB2_FIND_DIRECTORY_INFO"}, {0x02, "SMB2_FIND_FULL_DIRECTORY_INFO"},
	{0x03, "SMB2_FIND_BOTH_DIRECTORY_INFO"}, {0x04, "SMB2_FIND_INDEX_SPECIFIED"},
	{0x0c, "SMB2_FIND_NAME_INFO"}, {0x25, "SMB2_FIND_ID_BOTH_DIRECTORY_INFO"},
	{0x26, "SMB2_FIND_ID_FULL_DIRECTORY_INFO"}, {0x64, "SMB2_FIND_POSIX_INFO"}, {0, NULL},
};

/* The UTF-16LE string of LEN bytes at OFF of B (N bytes) added to OUT as
 * UTF-8, as far as it was captured, up to a NUL when STOP_NUL. */
static void smb2_utf16(GString *out, const uint8_t *b, uint32_t n, uint32_t off, uint32_t len, bool stop_nul)
{
	if (off >= n)
		return;
	uint32_t k = 0, max = (n - off < len ? n - off : len) / 2;
	g_autofree gunichar2 *u = g_new(gunichar2, max + 1);
	for (; k < max; k++) {
		u[k] = (gunichar2)(b[off + 2 * k] | b[off + 2 * k + 1] << 8);
		if (stop_nul && u[k] == 0)
			break;
	}
	g_autofree char *s = g_utf16_to_utf8(u, k, NULL, NULL, NULL);
	if (s)
		g_string_append(out, s);
}

/* " File: NAME" when the FileId at F (16 bytes) was opened by a Create
 * seen in the session. */
static void smb2_file(GString *t, struct smb2_conv *conv, const uint8_t *f)
{
	if (!conv)
		return;
	uint64_t k = smb2_file_key(conv, f);
	const struct smb2_file *e = g_hash_table_lookup(conv->files->names, &k);
	if (!e)
		return;
	g_string_append_printf(t, " File: %s", e->name);
	conv->other |= e->conv != conv->serial;
}

/* " CLASS/LEVEL" of a GetInfo or SetInfo request. */
static void smb2_class_level(GString *t, uint8_t cl, uint8_t il)
{
	const char *c = value_name(smb2_class_vals, cl);
	const struct value_string *vs = cl == 1 ? smb2_file_info_levels : cl == 2 ? smb2_fs_info_levels :
					cl == 3 ? smb2_sec_info_levels : NULL;
	const char *l = vs ? value_name(vs, il) : NULL;
	if (c)
		g_string_append_printf(t, " %s/", c);
	else
		g_string_append_printf(t, " (Class:0x%02x)/", cl);
	if (l)
		g_string_append(t, l);
	else
		g_string_append_printf(t, "(Level:0x%02x)", il);
}

/* The NTLMSSP message of a session setup's security blob (SPNEGO's token),
 * LEN bytes at OFF from the header B (N bytes captured). */
static void smb2_secblob(GString *t, const uint8_t *b, uint32_t n, uint32_t off, uint32_t len)
{
	if (off < SMB2_HDR_LEN || off >= n)
		return;
	uint32_t end = n - off < len ? n : off + len;
	for (uint32_t i = off; i + 8 <= end; i++) {
		if (ntlmssp_is(b + i, end - i)) {
			char s[600];
			if (ntlmssp_summary(b + i, end - i, s, sizeof s))
				g_string_append_printf(t, ", %s", s);
			return;
		}
	}
}

/* A request's text, and what it leaves for its response. */
static void smb2_request_text(GString *t, struct smb2_conv *conv, uint16_t cmd, uint64_t msg_id, const uint8_t *b,
			      uint32_t n)
{
	const uint8_t *body = b + SMB2_HDR_LEN;
	uint32_t have = n - SMB2_HDR_LEN;
	switch (cmd) {
	case SMB2_SESSION_SETUP:
		if (have >= 16)
			smb2_secblob(t, b, n, (uint32_t)(body[12] | body[13] << 8), (uint32_t)(body[14] | body[15] << 8));
		break;
	case SMB2_CREATE:
		if (have >= 48 && conv) {
			GString *name = g_string_new(NULL);
			smb2_utf16(name, b, n, (uint32_t)(body[44] | body[45] << 8), (uint32_t)(body[46] | body[47] << 8),
				   false);
			struct smb2_pending *e = g_new(struct smb2_pending, 1);
			*e = (struct smb2_pending){cmd, g_string_free(name, FALSE)};
			smb2_put(conv->pending, msg_id, e);
		}
		break;
	case SMB2_READ:
	case SMB2_WRITE:
		if (have >= 32) {
			g_string_append_printf(t, " Len:%u Off:%" G_GUINT64_FORMAT, le32_at(body + 4), le64_at(body + 8));
			smb2_file(t, conv, body + 16);
		}
		break;
	case SMB2_GETINFO:
		if (have >= 40) {
			smb2_class_level(t, body[2], body[3]);
			smb2_file(t, conv, body + 24);
		}
		break;
	case SMB2_SETINFO:
		if (have >= 32) {
			smb2_class_level(t, body[2], body[3]);
			smb2_file(t, conv, body + 16);
		}
		break;
	case SMB2_FIND:
		if (have >= 32) {
			smb2_file(t, conv, body + 8);
			GString *f = g_string_new(NULL);
			const char *l = value_name(smb2_find_info_levels, body[2]);
			if (l)
				g_string_append_printf(f, " %s Pattern: ", l);
			else
				g_string_append_printf(f, " (Level:0x%02x) Pattern: ", body[2]);
			smb2_utf16(f, b, n, (uint32_t)(body[24] | body[25] << 8), (uint32_t)(body[26] | body[27] << 8),
				   false);
			g_string_append(t, f->str);
			if (conv) {
				struct smb2_pending *e = g_new(struct smb2_pending, 1);
				*e = (struct smb2_pending){cmd, g_string_free(f, FALSE)};
				smb2_put(conv->pending, msg_id, e);
			} else {
				g_string_free(f, TRUE);
			}
		}
		break;
	case SMB2_IOCTL:
		if (have >= 32) {
			smb2_file(t, conv, body + 8);
			uint32_t in = le32_at(body + 24), inlen = le32_at(body + 28);
			if (le32_at(body + 4) == FSCTL_DFS_GET_REFERRALS && inlen > 2 && in <= n) {
				/* max referral level (2), then the path up to its NUL */
				g_string_append(t, ", File: ");
				smb2_utf16(t, b, n, in + 2, inlen - 2, true);
			}
		}
		break;
	case SMB2_CLOSE:
	case SMB2_FLUSH:
	case SMB2_LOCK:
	case SMB2_NOTIFY:
	case SMB2_BREAK:
		if (have >= 24)
			smb2_file(t, conv, body + 8);
		break;
	default:
		break;
	}
}

static void smb2_response_text(GString *t, struct smb2_conv *conv, uint16_t cmd, uint32_t status, uint64_t msg_id,
			       const uint8_t *b, uint32_t n)
{
	const uint8_t *body = b + SMB2_HDR_LEN;
	uint32_t have = n - SMB2_HDR_LEN;
	struct smb2_pending *e = conv ? g_hash_table_lookup(conv->pending, &msg_id) : NULL;
	if (e && e->cmd != cmd)
		e = NULL;
	bool error = status != 0 && status != STATUS_BUFFER_OVERFLOW && have >= 2 && body[0] == 9;
	switch (cmd) {
	case SMB2_SESSION_SETUP:
		/* its body has the size of an error's: only these two statuses carry a blob */
		if (have >= 8 && (status == 0 || status == STATUS_MORE_PROCESSING_REQUIRED))
			smb2_secblob(t, b, n, (uint32_t)(body[4] | body[5] << 8), (uint32_t)(body[6] | body[7] << 8));
		break;
	case SMB2_CREATE:
		if (have >= 80 && !error && e) {
			uint64_t k = smb2_file_key(conv, body + 64);
			size_t len = strlen(e->text);
			struct smb2_file *f = g_malloc(sizeof *f + len + 1);
			f->conv = conv->serial;
			memcpy(f->name, e->text, len + 1);
			smb2_put(conv->files->names, k, f);
			g_string_append_printf(t, " File: %s", e->text);
		}
		break;
	case SMB2_FIND:
		if (e)
			g_string_append(t, e->text);
		break;
	case SMB2_IOCTL:
		if (have >= 24 && !error)
			smb2_file(t, conv, body + 8);
		break;
	case SMB2_BREAK:
		if (have >= 24 && !error)
			smb2_file(t, conv, body + 8);
		break;
	default:
		break;
	}
	if (e && status != STATUS_PENDING)
		g_hash_table_remove(conv->pending, &msg_id);
}

/* Keeps the text of SMB2 layer IDX of P (see above). */
static void smb2_keep_text(struct packet *p, int idx, const char *text, size_t n)
{
	if (p->app_info_proto != PROTO_SMB2) {
		p->app_info_proto = PROTO_SMB2;
		p->app_info_len = 0;
	}
	if ((size_t)p->app_info_len + n + 2 >= PKT_APP_INFO_MAX)
		return;
	p->app_info[p->app_info_len++] = (char)idx;
	memcpy(p->app_info + p->app_info_len, text, n);
	p->app_info_len = (uint16_t)(p->app_info_len + n);
	p->app_info[p->app_info_len++] = '\0';
}

/* The text layer IDX of P keeps, or NULL. */
static const char *smb2_kept_text(const struct packet *p, int idx)
{
	if (p->app_info_proto != PROTO_SMB2)
		return NULL;
	for (uint32_t i = 0; i + 1 < p->app_info_len;) {
		const char *s = p->app_info + i + 1;
		size_t len = strnlen(s, p->app_info_len - i - 1);
		if ((uint8_t)p->app_info[i] == (uint8_t)idx)
			return s;
		i += (uint32_t)len + 2;
	}
	return NULL;
}

/* The text of the command at HDR of window W, layer IDX. */
static void smb2_text(struct packet *p, int idx, const struct cursor *w, uint32_t hdr, uint16_t cmd, uint32_t flags,
		      uint32_t status, uint64_t msg_id)
{
	uint32_t n = w->end > hdr ? w->end - hdr : 0;
	if (n < SMB2_HDR_LEN)
		return;
	struct smb2_conv *conv = NULL;
	if (p->session && p->ip_layer >= 0) {
		uint64_t fid = p->smb_fid;
		p->smb_fid = 0;
		conv = session_conv_data(p->session, p, PROTO_SMB2, smb2_conv_new, smb2_conv_free);
		conv->sesid = le64_at(w->data + hdr + 40);
		conv->other = false;
		if (!conv->files) {
			/* the file's table and the connections' numbers span address pairs */
			session_cross_pair(p->session);
			conv->files = session_proto_data(p->session, PROTO_SMB2, smb2_files_new, smb2_files_free);
			conv->serial = ++conv->files->nconv;
		}
		p->smb_fid = fid;
	}
	GString *t = g_string_new(NULL);
	if (flags & SMB2_FLAGS_RESPONSE)
		smb2_response_text(t, conv, cmd, status, msg_id, w->data + hdr, n);
	else
		smb2_request_text(t, conv, cmd, msg_id, w->data + hdr, n);
	if (t->len)
		smb2_keep_text(p, idx, t->str, t->len);
	if (conv && conv->other)
		p->other_conv_info = true;
	g_string_free(t, TRUE);
}

/* One SMB2 command at C's position; returns the offset of the next chained
 * command from this one's header (0 when none). */
static uint32_t smb2_command(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_SMB2, c->off);
	if (idx < 0)
		return 0;
	uint32_t hdr = c->off;
	cursor_skip(c, 4);
	uint16_t hlen = cursor_le16(c);
	cursor_skip(c, 2);
	uint32_t status = cursor_le32(c);
	uint16_t cmd = cursor_le16(c);
	cursor_skip(c, 2);
	uint32_t flags = cursor_le32(c);
	uint32_t next = cursor_le32(c);
	uint64_t msg_id = cursor_ok(c) && cursor_left(c) >= 8 ? le64_at(c->data + c->off) : 0;
	cursor_skip(c, SMB2_HDR_LEN - 24);
	if (cursor_ok(c) && (hlen != SMB2_HDR_LEN || (next != 0 && next < SMB2_HDR_LEN)))
		c->err = CUR_MALFORMED;
	if (!cursor_ok(c)) {
		pdu_note_cursor(p, idx, c);
		return 0;
	}
	/* A chained command's window ends where the next one starts. */
	struct cursor w = *c;
	if (next != 0 && (uint64_t)hdr + next < w.rend) {
		w.rend = hdr + next;
		if (w.end > w.rend)
			w.end = w.rend;
	}
	smb2_body(p, &w, hdr, cmd, flags, status, msg_id);
	smb2_text(p, idx, &w, hdr, cmd, flags, status, msg_id);
	return next;
}

void dissect_smb2(struct packet *p, struct cursor *c)
{
	if (cursor_left(c) < 4)
		return;
	const uint8_t *d = c->data + c->off;
	if ((d[0] != 0xfe && d[0] != 0xfd && d[0] != 0xfc) || memcmp(d + 1, "SMB", 3) != 0)
		return;
	if (d[0] != 0xfe) {
		/* Encrypted or compressed: the transform header and opaque bytes. */
		int idx = pkt_push_layer(p, PROTO_SMB2, c->off);
		if (idx >= 0 && !cursor_skip(c, d[0] == 0xfd ? 52 : 16))
			pdu_note_cursor(p, idx, c);
		return;
	}
	for (unsigned n = 0; n < 256; n++) {
		uint32_t hdr = c->off;
		uint32_t next = smb2_command(p, c);
		if (next == 0 || (uint64_t)hdr + next >= c->rend)
			return;
		c->off = hdr + next;
	}
}

/* ---- the packet list ------------------------------------------------------
 * "<Command> Request" or "<Command> Response", ", Error: <status>" when a
 * response failed, then what names the command's object (a tree's path, a
 * created file's name); commands chained in one message are joined by ';'. */

static const struct value_string smb2_status_vals[] = {
	{0x00000103, "STATUS_PENDING"}, {0x0000010c, "STATUS_NOTIFY_ENUM_DIR"},
	{0x80000005, "STATUS_BUFFER_OVERFLOW"}, {0x80000006, "STATUS_NO_MORE_FILES"},
	{0xc0000004, "STATUS_INFO_LENGTH_MISMATCH"}, {0xc000000d, "STATUS_INVALID_PARAMETER"},
	{0xc0000010, "STATUS_INVALID_DEVICE_REQUEST"}, {0xc0000011, "STATUS_END_OF_FILE"},
	{0xc0000016, "STATUS_MORE_PROCESSING_REQUIRED"}, {0xc0000022, "STATUS_ACCESS_DENIED"},
	{0xc0000023, "STATUS_BUFFER_TOO_SMALL"}, {0xc0000034, "STATUS_OBJECT_NAME_NOT_FOUND"},
	{0xc0000035, "STATUS_OBJECT_NAME_COLLISION"}, {0xc000003a, "STATUS_OBJECT_PATH_NOT_FOUND"},
	{0xc0000043, "STATUS_SHARING_VIOLATION"}, {0xc000006d, "STATUS_LOGON_FAILURE"},
	{0xc00000ba, "STATUS_FILE_IS_A_DIRECTORY"}, {0xc00000bb, "STATUS_NOT_SUPPORTED"},
	{0xc00000c9, "STATUS_NETWORK_NAME_DELETED"}, {0xc00000cc, "STATUS_BAD_NETWORK_NAME"},
	{0xc0000103, "STATUS_NOT_A_DIRECTORY"}, {0xc0000120, "STATUS_CANCELLED"},
	{0xc000019c, "STATUS_FS_DRIVER_REQUIRED"}, {0xc0000203, "STATUS_USER_SESSION_DELETED"},
	{0xc0000225, "STATUS_NOT_FOUND"}, {0, NULL},
};

static const struct value_string smb2_fsctl_vals[] = {
	{0x00060194, "FSCTL_DFS_GET_REFERRALS"}, {0x000900c0, "FSCTL_CREATE_OR_GET_OBJECT_ID"},
	{0x0011c017, "FSCTL_PIPE_TRANSCEIVE"}, {0x001401fc, "FSCTL_QUERY_NETWORK_INTERFACE_INFO"},
	{0x00140204, "FSCTL_VALIDATE_NEGOTIATE_INFO"}, {0x001441bb, "FSCTL_SRV_READ_HASH"}, {0, NULL},
};

static void smb2_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n = 0;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	col_proto(c, "SMB2");
	if (col_follows_same(p, idx))
		col_append(c, ";");
	else
		col_clear(c);
	if (n < SMB2_HDR_LEN || b[0] != 0xfe) {
		col_append(c, "Encrypted SMB3");
		return;
	}
	uint32_t status = le32_at(b + 8), flags = le32_at(b + 16);
	uint16_t cmd = (uint16_t)(b[12] | b[13] << 8);
	const char *name = value_name(smb2_cmd_vals, cmd);
	col_append(c, "%s %s", name ? name : "Unknown", flags & SMB2_FLAGS_RESPONSE ? "Response" : "Request");
	if ((flags & SMB2_FLAGS_RESPONSE) && status) {
		const char *s = value_name(smb2_status_vals, status);
		if (s)
			col_append(c, ", Error: %s", s);
		else
			col_append(c, ", Error: Unknown (0x%08x)", status);
	}
	const uint8_t *body = b + SMB2_HDR_LEN;
	if (cmd == SMB2_IOCTL && n >= SMB2_HDR_LEN + 8 && !(status && body[0] == 9)) {
		const char *f = value_name(smb2_fsctl_vals, le32_at(body + 4));
		if (f)
			col_append(c, " %s", f);
	}
	/* Tree Connect: the path's offset and length; Create: the name's */
	uint32_t at = cmd == 3 ? 4 : 44;
	if (!(flags & SMB2_FLAGS_RESPONSE) && (cmd == 3 || cmd == 5) && n >= SMB2_HDR_LEN + at + 4) {
		GString *s = g_string_new(cmd == 3 ? " Tree: " : " File: ");
		smb2_utf16(s, b, n, (uint32_t)(body[at] | body[at + 1] << 8), (uint32_t)(body[at + 2] | body[at + 3] << 8),
			   false);
		col_append(c, "%s", s->str);
		g_string_free(s, TRUE);
	}
	const char *kept = smb2_kept_text(p, idx);
	if (kept)
		col_append(c, "%s", kept);
}

static void smb2_field_values(const struct packet *p, const struct layer *l, G_GNUC_UNUSED const uint8_t *d,
			      G_GNUC_UNUSED uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (l->flags & PKT_REASSEMBLED)
		return;
	struct smb2_info i;
	if (!smb2_header_info(p, l, &i))
		return;
	/* a request's status field is the channel sequence in SMB 3 */
	bool response = i.flags & 0x1;
	const struct fv_named_uint v[] = {{"smb2.cmd", i.cmd, true}, {"smb2.nt_status", i.status, response},
					  {"smb2.header_len", i.header_len, true},
					  {"smb2.credit.charge", i.credit_charge, true},
					  {"smb2.flags", i.flags, true}, {"smb2.chain_offset", i.next_cmd, true},
					  {"smb2.pid", i.pid, !i.async}, {"smb2.tid", i.tid, !i.async},
					  {"smb2.aid", i.async_id, i.async}, {"smb2.msg_id", i.msg_id, true},
					  {"smb2.sesid", i.sesid, true},
					  {"smb2.ioctl.function", i.ioctl_function, i.has_ioctl}};
	fv_give_named(fn, data, f->abbrev, v, sizeof v / sizeof v[0]);
}

PROTOCOL_ID(SMB2, "smb2", "SMB2 (Server Message Block Protocol version 2)");
const struct protocol proto_smb2 = {PROTO_SMB2, .short_name = "SMB2", .columns = smb2_columns, .values = smb2_field_values,
				    .fields = &smb2_table};
