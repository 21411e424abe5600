/* nfs_cols.c — what NFS version 3 (RFC 1813) adds to ONC RPC's Info, as
 * Wireshark writes it, read from the XDR arguments and results:
 *
 *   calls    ", FH: 0x<hash>" for a file handle, ", DH: 0x<hash>/<name>" for
 *            a directory and a name (LOOKUP, CREATE, MKDIR, REMOVE, RMDIR),
 *            with READ/WRITE's offset, length and stability, ACCESS's bits,
 *            RENAME/LINK/SYMLINK's "From ... To ..."
 *   replies  " Error: NFS3ERR_..." when the status is not NFS3_OK; else
 *            GETATTR's type, mode and owner, LOOKUP's handle, ACCESS's
 *            allowed bits, READLINK's path, READ/WRITE's length, READDIR's
 *            names
 *
 * A file handle is shown by its hash: the CRC-32 of its bytes.  XDR items
 * are 4-byte aligned; opaque data and strings are a length and the bytes,
 * padded.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/rpc_progs.h"

/* Reading XDR from a message's arguments or results. */
struct xdr {
	const uint8_t *b;
	uint32_t n, at;
	bool ok;
};

static uint32_t xdr_u32(struct xdr *x)
{
	if (!x->ok || x->n - x->at < 4 || x->at > x->n) {
		x->ok = false;
		return 0;
	}
	const uint8_t *d = x->b + x->at;
	x->at += 4;
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

static uint64_t xdr_u64(struct xdr *x)
{
	uint64_t hi = xdr_u32(x);
	return hi << 32 | xdr_u32(x);
}

/* Opaque data or a string: its bytes in *P, length in *LEN (MAX at most). */
static bool xdr_opaque(struct xdr *x, const uint8_t **p, uint32_t *len, uint32_t max)
{
	uint32_t l = xdr_u32(x);
	uint32_t padded = (l + 3) & ~3u;
	if (!x->ok || l > max || padded > x->n - x->at) {
		x->ok = false;
		return false;
	}
	*p = x->b + x->at;
	*len = l;
	x->at += padded;
	return true;
}

static void xdr_skip(struct xdr *x, uint32_t n)
{
	if (!x->ok || n > x->n - x->at)
		x->ok = false;
	else
		x->at += n;
}

/* CRC-32 (IEEE 802.3) of N bytes at P: a file handle's hash. */
static uint32_t fh_hash(const uint8_t *p, uint32_t n)
{
	uint32_t crc = 0xffffffffu;
	for (uint32_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

/* A file handle (nfs_fh3: up to 64 bytes): its hash; false when cut short. */
static bool xdr_fh(struct xdr *x, uint32_t *hash)
{
	const uint8_t *p;
	uint32_t len;
	if (!xdr_opaque(x, &p, &len, 64))
		return false;
	*hash = fh_hash(p, len);
	return true;
}

/* A directory and a name (diropargs3), appended as PREFIX "0x<hash>/<name>". */
static bool dirop(struct columns *c, struct xdr *x, const char *prefix)
{
	uint32_t h, len;
	const uint8_t *name;
	if (!xdr_fh(x, &h) || !xdr_opaque(x, &name, &len, 4096))
		return false;
	col_append(c, "%s0x%08x/%.*s", prefix, h, (int)len, (const char *)name);
	return true;
}

/* post_op_attr: attributes_follow, then a fattr3 (84 bytes). */
static void skip_post_op_attr(struct xdr *x)
{
	if (xdr_u32(x))
		xdr_skip(x, 84);
}

/* sattr3: each attribute behind a "set it" word. */
static void skip_sattr(struct xdr *x)
{
	if (xdr_u32(x)) /* mode */
		xdr_skip(x, 4);
	if (xdr_u32(x)) /* uid */
		xdr_skip(x, 4);
	if (xdr_u32(x)) /* gid */
		xdr_skip(x, 4);
	if (xdr_u32(x)) /* size */
		xdr_skip(x, 8);
	for (int t = 0; t < 2; t++) /* atime, mtime: 2 means a time follows */
		if (xdr_u32(x) == 2)
			xdr_skip(x, 8);
}

static const char *stable_name(uint32_t s)
{
	static const char *const names[] = {"UNSTABLE", "DATA_SYNC", "FILE_SYNC"};
	return s < G_N_ELEMENTS(names) ? names[s] : "Unknown";
}

/* ACCESS bits as Wireshark names them, each after a space. */
static void access_bits(struct columns *c, uint32_t bits)
{
	static const char *const names[] = {"RD", "LU", "MD", "XT", "DL", "XE"};
	for (unsigned k = 0; k < G_N_ELEMENTS(names); k++)
		if (bits & (1u << k))
			col_append(c, " %s", names[k]);
}

enum {
	NFS3_GETATTR = 1, NFS3_SETATTR, NFS3_LOOKUP, NFS3_ACCESS, NFS3_READLINK, NFS3_READ, NFS3_WRITE,
	NFS3_CREATE, NFS3_MKDIR, NFS3_SYMLINK, NFS3_MKNOD, NFS3_REMOVE, NFS3_RMDIR, NFS3_RENAME, NFS3_LINK,
	NFS3_READDIR, NFS3_READDIRPLUS, NFS3_FSSTAT, NFS3_FSINFO, NFS3_PATHCONF, NFS3_COMMIT,
};

static void v3_call(struct columns *c, uint32_t proc, struct xdr *x)
{
	uint32_t h, h2, len;
	const uint8_t *s;
	switch (proc) {
	case NFS3_LOOKUP: case NFS3_MKDIR: case NFS3_REMOVE: case NFS3_RMDIR:
		dirop(c, x, ", DH: ");
		return;
	case NFS3_CREATE:
		if (dirop(c, x, ", DH: ")) {
			uint32_t mode = xdr_u32(x);
			static const char *const modes[] = {"UNCHECKED", "GUARDED", "EXCLUSIVE"};
			if (x->ok)
				col_append(c, " Mode: %s", mode < 3 ? modes[mode] : "Unknown");
		}
		return;
	case NFS3_SYMLINK:
		if (dirop(c, x, ", From DH: ")) {
			skip_sattr(x);
			if (xdr_opaque(x, &s, &len, 4096))
				col_append(c, " To %.*s", (int)len, (const char *)s);
		}
		return;
	case NFS3_RENAME:
		if (dirop(c, x, ", From DH: "))
			dirop(c, x, " To DH: ");
		return;
	case NFS3_LINK:
		if (xdr_fh(x, &h)) {
			col_append(c, ", From DH: 0x%08x", h);
			dirop(c, x, " To DH: ");
		}
		return;
	case NFS3_MKNOD:
		return;
	default:
		break;
	}
	if (proc < NFS3_GETATTR || proc > NFS3_COMMIT || !xdr_fh(x, &h))
		return;
	col_append(c, ", FH: 0x%08x", h);
	if (proc == NFS3_ACCESS) {
		h2 = xdr_u32(x);
		if (x->ok) {
			col_append(c, ", [Check:");
			access_bits(c, h2);
			col_append(c, "]");
		}
	} else if (proc == NFS3_READ || proc == NFS3_WRITE) {
		uint64_t off = xdr_u64(x);
		uint32_t count = xdr_u32(x);
		uint32_t stable = proc == NFS3_WRITE ? xdr_u32(x) : 0;
		if (!x->ok)
			return;
		col_append(c, " Offset: %" G_GUINT64_FORMAT " Len: %u", off, count);
		if (proc == NFS3_WRITE)
			col_append(c, " %s", stable_name(stable));
	}
}

static const char *nfsstat3_name(uint32_t s)
{
	static const struct {
		uint32_t v;
		const char *name;
	} names[] = {
		{1, "PERM"}, {2, "NOENT"}, {5, "IO"}, {6, "NXIO"}, {13, "ACCES"}, {17, "EXIST"}, {18, "XDEV"},
		{19, "NODEV"}, {20, "NOTDIR"}, {21, "ISDIR"}, {22, "INVAL"}, {27, "FBIG"}, {28, "NOSPC"},
		{30, "ROFS"}, {31, "MLINK"}, {63, "NAMETOOLONG"}, {66, "NOTEMPTY"}, {69, "DQUOT"}, {70, "STALE"},
		{71, "REMOTE"}, {10001, "BADHANDLE"}, {10002, "NOT_SYNC"}, {10003, "BAD_COOKIE"},
		{10004, "NOTSUPP"}, {10005, "TOOSMALL"}, {10006, "SERVERFAULT"}, {10007, "BADTYPE"},
		{10008, "JUKEBOX"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (names[i].v == s)
			return names[i].name;
	return NULL;
}

static void v3_reply(struct columns *c, uint32_t proc, struct xdr *x)
{
	uint32_t status = xdr_u32(x);
	if (!x->ok || proc == 0)
		return;
	if (status != 0) {
		const char *name = nfsstat3_name(status);
		if (name)
			col_append(c, " Error: NFS3ERR_%s", name);
		else
			col_append(c, " Error: Unknown (%u)", status);
		return;
	}
	uint32_t h, len;
	const uint8_t *s;
	switch (proc) {
	case NFS3_GETATTR: {
		static const char *const types[] = {NULL, "Regular File", "Directory", "Block Special Device",
						    "Character Special Device", "Symbolic Link", "Socket", "Named Pipe"};
		uint32_t type = xdr_u32(x), mode = xdr_u32(x);
		xdr_skip(x, 4); /* nlink */
		uint32_t uid = xdr_u32(x), gid = xdr_u32(x);
		if (x->ok)
			col_append(c, "  %s mode: %04o uid: %u gid: %u",
				   type < G_N_ELEMENTS(types) && types[type] ? types[type] : "Unknown", mode & 07777, uid,
				   gid);
		return;
	}
	case NFS3_LOOKUP:
		if (xdr_fh(x, &h))
			col_append(c, ", FH: 0x%08x", h);
		return;
	case NFS3_ACCESS: {
		skip_post_op_attr(x);
		uint32_t bits = xdr_u32(x);
		if (x->ok) {
			col_append(c, ", [Allowed:");
			access_bits(c, bits);
			col_append(c, "]");
		}
		return;
	}
	case NFS3_READLINK:
		skip_post_op_attr(x);
		if (xdr_opaque(x, &s, &len, 4096))
			col_append(c, " Path: %.*s", (int)len, (const char *)s);
		return;
	case NFS3_READ: {
		skip_post_op_attr(x);
		uint32_t count = xdr_u32(x);
		if (x->ok)
			col_append(c, " Len: %u", count);
		return;
	}
	case NFS3_WRITE: {
		if (xdr_u32(x)) /* wcc_data: pre_op_attr (size, mtime, ctime) */
			xdr_skip(x, 24);
		skip_post_op_attr(x);
		uint32_t count = xdr_u32(x), committed = xdr_u32(x);
		if (x->ok)
			col_append(c, " Len: %u %s", count, stable_name(committed));
		return;
	}
	case NFS3_READDIR:
		skip_post_op_attr(x);
		xdr_skip(x, 8); /* cookie verifier */
		while (x->ok && xdr_u32(x)) {
			xdr_skip(x, 8); /* fileid */
			if (!xdr_opaque(x, &s, &len, 4096))
				return;
			xdr_skip(x, 8); /* cookie */
			col_append(c, " %.*s", (int)len, (const char *)s);
		}
		return;
	default:
		return;
	}
}

void nfs_info(struct columns *c, uint32_t version, uint32_t procedure, bool reply, const uint8_t *b, uint32_t n)
{
	struct xdr x = {.b = b, .n = n, .ok = true};
	if (version != 3 || procedure == 0)
		return;
	if (reply)
		v3_reply(c, procedure, &x);
	else
		v3_call(c, procedure, &x);
}
