/* reader_pcapng.c — pcapng (draft-ietf-opsawg-pcapng), both byte orders,
 * any number of sections.
 *
 * Every block has the same frame (fields in the section's byte order):
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |                          Block Type                           |
 *   +---------------------------------------------------------------+
 *   |                      Block Total Length                       |
 *   +---------------------------------------------------------------+
 *   /                          Block Body                           /
 *   +---------------------------------------------------------------+
 *   |                      Block Total Length                       |
 *   +---------------------------------------------------------------+
 *
 * A section header (SHB) starts every section and sets its byte order; the
 * interface descriptions (IDB) that follow are numbered from 0 within the
 * section, and packet blocks refer to them by that number.  This reader
 * numbers interfaces across the whole file instead (section 1's after
 * section 0's, and so on), so that frame.interface indexes
 * cap_reader_interface() directly.
 *
 * Frames come from enhanced (EPB), simple (SPB) and obsolete (PB) packet
 * blocks, and — because Wireshark numbers them as frames too — from custom
 * blocks and systemd journal export blocks (flagged FRAME_NOT_PACKET).
 * Name resolution, statistics, decryption secrets and unknown blocks are
 * skipped by their length.
 */
#include <inttypes.h>
#include <string.h>

#include "analyzer/reader_private.h"

enum {
	BT_SHB = 0x0A0D0D0A,
	BT_IDB = 1,
	BT_PB = 2,          /* obsolete packet block */
	BT_SPB = 3,
	BT_EPB = 6,
	BT_JOURNAL = 9,     /* systemd journal export */
	BT_CB = 0x00000BAD, /* custom block, may be copied */
	BT_CB_NOCOPY = 0x40000BAD,
};

enum {
	OPT_END = 0,
	OPT_COMMENT = 1,
	OPT_IF_NAME = 2,
	OPT_IF_DESCRIPTION = 3,
	OPT_IF_TSRESOL = 9,
	OPT_IF_TSOFFSET = 14,
};

#define SHB_MIN 28 /* header, byte-order magic, version, section length, trailer */

static inline struct ng_iface *ng_iface_at(cap_reader *r, uint32_t id)
{
	return &g_array_index(r->u.ng.ifaces, struct ng_iface, id);
}

/* ---- blocks and options -------------------------------------------------- */

/* Learns the byte order of the section header at src_ptr() (at least 12
 * bytes available).  Returns false with the reader failed when the
 * byte-order magic is neither. */
static bool ng_section_order(cap_reader *r, GError **error)
{
	uint32_t bom = rd_le32(src_ptr(r) + 8);

	if (bom == 0x1A2B3C4D || bom == 0x4D3C2B1A) {
		r->u.ng.be = bom == 0x4D3C2B1A;
		return true;
	}
	cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
		 "section header at offset %" PRIu64 " has an unknown "
		 "byte-order magic 0x%08" PRIx32, src_offset(r), bom);
	return false;
}

/* Checks the length of the block at src_ptr() and makes all of it
 * available.  Returns 1 with *TYPE and *LEN set (the block stays unread), 0
 * at the clean end of the file, or -1 with the reader failed. */
static int ng_block(cap_reader *r, uint32_t *type, uint32_t *len,
		    GError **error)
{
	uint64_t off = src_offset(r);
	gssize n = src_fill(r, 12, error);

	if (n <= 0)
		return (int)n;
	if (n < 8)
		return cap_fail_truncated(r, error, "block header", off,
					  (uint64_t)n, 8);
	uint32_t t = rd_le32(src_ptr(r)); /* the SHB type reads alike both ways */
	if (t == BT_SHB) {
		if (n < 12)
			return cap_fail_truncated(r, error, "section header",
						  off, (uint64_t)n, SHB_MIN);
		if (!ng_section_order(r, error))
			return -1;
	}
	bool be = r->u.ng.be;
	t = rd32(src_ptr(r), be);
	uint32_t l = rd32(src_ptr(r) + 4, be);
	if (l > CAP_MAX_BLOCK)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"block at offset %" PRIu64 " claims %" PRIu32
				" bytes", off, l);
	if (l < (t == BT_SHB ? SHB_MIN : 12) || l % 4 != 0)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"block at offset %" PRIu64 " has length %" PRIu32
				" (%s)", off, l,
				l % 4 != 0 ? "not a multiple of 4" : "too short");
	n = src_fill(r, l, error);
	if (n < 0)
		return -1;
	if ((size_t)n < l)
		return cap_fail_truncated(r, error,
					  t == BT_SHB ? "section header" : "block",
					  off, (uint64_t)n, l);
	uint32_t trailer = rd32(src_ptr(r) + l - 4, be);
	if (trailer != l)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"block at offset %" PRIu64 " has length %" PRIu32
				" in its header but %" PRIu32 " in its trailer",
				off, l, trailer);
	*type = t;
	*len = l;
	return 1;
}

typedef void ng_option_fn(void *ctx, uint16_t code, const uint8_t *value,
			  uint16_t len);

/* Walks the options in P[0..N), which start at file offset OFF, calling FN
 * for each (FN may be NULL: only check them).  Returns false with the reader
 * failed when an option runs past the block. */
static bool ng_options(cap_reader *r, const uint8_t *p, size_t n, uint64_t off,
		       ng_option_fn *fn, void *ctx, GError **error)
{
	bool be = r->u.ng.be;
	size_t i = 0;

	while (n - i >= 4) {
		uint16_t code = rd16(p + i, be);
		uint16_t len = rd16(p + i + 2, be);
		if (code == OPT_END)
			break;
		if (len > n - i - 4) {
			cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				 "option at offset %" PRIu64 " claims %u bytes, "
				 "more than its block holds", off + i, len);
			return false;
		}
		if (fn != NULL)
			fn(ctx, code, p + i + 4, len);
		/* The last option's padding may be missing. */
		i += 4 + MIN(((size_t)len + 3) & ~(size_t)3, n - i - 4);
	}
	return true;
}

/* ---- section and interface headers --------------------------------------- */

/* Starts a section: checks the version and options and forgets the previous
 * section's interface numbers.  B is the block of LEN bytes at OFF. */
static int ng_shb(cap_reader *r, const uint8_t *b, uint32_t len, uint64_t off,
		  GError **error)
{
	uint16_t major = rd16(b + 12, r->u.ng.be);
	uint16_t minor = rd16(b + 14, r->u.ng.be);

	if (major != 1 || minor != 0)
		return cap_fail(r, error, CAP_READER_ERROR_BAD_VERSION,
				"unsupported pcapng version %u.%u", major, minor);
	if (!ng_options(r, b + 24, len - SHB_MIN, off + 24, NULL, NULL, error))
		return -1;
	g_array_set_size(r->u.ng.ifaces, 0);
	return 0;
}

struct idb_opts {
	uint8_t tsresol;   /* 6 (microseconds) unless the option says */
	int64_t tsoffset;
	char *name;
	char *description;
	bool be;
};

/* Copies an option's string, stopping at a NUL and repairing bad UTF-8. */
static char *option_string(const uint8_t *v, uint16_t len)
{
	const uint8_t *nul = memchr(v, 0, len);
	gssize n = nul != NULL ? nul - v : (gssize)len;

	return g_utf8_make_valid((const char *)v, n);
}

static void idb_option(void *ctx, uint16_t code, const uint8_t *v,
		       uint16_t len)
{
	struct idb_opts *o = ctx;

	if (code == OPT_IF_TSRESOL && len >= 1) {
		o->tsresol = v[0];
	} else if (code == OPT_IF_TSOFFSET && len >= 8) {
		o->tsoffset = (int64_t)rd64(v, o->be);
	} else if (code == OPT_IF_NAME && o->name == NULL) {
		o->name = option_string(v, len);
	} else if (code == OPT_IF_DESCRIPTION && o->description == NULL) {
		o->description = option_string(v, len);
	}
}

/* Units per second of an if_tsresol value: 10^v, or 2^v when the top bit is
 * set; 0 when that does not fit in 64 bits. */
static uint64_t tsresol_units(uint8_t v)
{
	unsigned e = v & 0x7f;
	uint64_t u = 1;

	if (v & 0x80)
		return e < 64 ? (uint64_t)1 << e : 0;
	if (e > 19)
		return 0;
	while (e-- > 0)
		u *= 10;
	return u;
}

static int ng_idb(cap_reader *r, const uint8_t *b, uint32_t len, uint64_t off,
		  GError **error)
{
	if (len < 20)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"interface description at offset %" PRIu64
				" is too short (%" PRIu32 " bytes)", off, len);
	struct idb_opts o = { .tsresol = 6, .be = r->u.ng.be };
	if (!ng_options(r, b + 16, len - 20, off + 16, idb_option, &o, error)) {
		g_free(o.name);
		g_free(o.description);
		return -1;
	}
	uint64_t units = tsresol_units(o.tsresol);
	if (units == 0) {
		g_free(o.name);
		g_free(o.description);
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"interface description at offset %" PRIu64
				" has an unusable time resolution (0x%02x)", off,
				o.tsresol);
	}
	struct ng_iface i = {
		.units = units,
		.offset = o.tsoffset,
		.linktype = rd16(b + 8, r->u.ng.be),
		.snaplen = rd32(b + 12, r->u.ng.be),
	};
	i.global = cap_add_interface(r, i.linktype, i.snaplen, units, o.name,
				     o.description);
	((struct cap_interface *)g_ptr_array_index(r->ifaces, i.global))
		->ts_offset = o.tsoffset;
	g_array_append_val(r->u.ng.ifaces, i);
	return 0;
}

/* ---- frames -------------------------------------------------------------- */

static void comment_option(void *ctx, uint16_t code, const uint8_t *v,
			   uint16_t len)
{
	struct frame *f = ctx;
	if (code != OPT_COMMENT)
		return;
	if (!(f->flags & FRAME_COMMENT)) {
		f->comment = v;
		f->comment_len = len;
	}
	f->flags |= FRAME_COMMENT;
}

/* Fills F from a packet block whose fixed part (HDR bytes of the body, the
 * last 8 being captured and original length) starts at B + 8.  IFID is the
 * section's interface number, TS the raw timestamp. */
static int ng_packet(cap_reader *r, struct frame *f, const uint8_t *b,
		     uint32_t len, uint64_t off, uint32_t hdr, uint32_t ifid,
		     uint64_t ts, GError **error)
{
	uint32_t body = len - 12;
	uint32_t caplen = rd32(b + 8 + hdr - 8, r->u.ng.be);

	if (caplen > body - hdr)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"packet block at offset %" PRIu64 " claims %" PRIu32
				" captured bytes but holds %" PRIu32, off, caplen,
				body - hdr);
	if (ifid >= r->u.ng.ifaces->len)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"packet block at offset %" PRIu64 " refers to "
				"interface %" PRIu32 ", but its section defines %u",
				off, ifid, r->u.ng.ifaces->len);
	const struct ng_iface *i = ng_iface_at(r, ifid);
	frame_set_ts_units(f, ts, i->units, i->offset);
	f->caplen = caplen;
	f->len = rd32(b + 8 + hdr - 4, r->u.ng.be);
	f->linktype = i->linktype;
	f->interface = i->global;
	f->offset = off;
	f->flags = FRAME_PCAPNG;
	f->data = b + 8 + hdr;
	uint64_t opts = hdr + (((uint64_t)caplen + 3) & ~(uint64_t)3);
	if (opts < body &&
	    !ng_options(r, b + 8 + opts, body - opts, off + 8 + opts,
			comment_option, f, error))
		return -1;
	return 1;
}

static int ng_epb(cap_reader *r, struct frame *f, const uint8_t *b,
		  uint32_t len, uint64_t off, GError **error)
{
	bool be = r->u.ng.be;

	if (len < 32)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"packet block at offset %" PRIu64 " is too short "
				"(%" PRIu32 " bytes)", off, len);
	uint64_t ts = (uint64_t)rd32(b + 12, be) << 32 | rd32(b + 16, be);
	return ng_packet(r, f, b, len, off, 20, rd32(b + 8, be), ts, error);
}

static int ng_pb(cap_reader *r, struct frame *f, const uint8_t *b,
		 uint32_t len, uint64_t off, GError **error)
{
	bool be = r->u.ng.be;

	if (len < 32)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"packet block at offset %" PRIu64 " is too short "
				"(%" PRIu32 " bytes)", off, len);
	uint64_t ts = (uint64_t)rd32(b + 12, be) << 32 | rd32(b + 16, be);
	return ng_packet(r, f, b, len, off, 20, rd16(b + 8, be), ts, error);
}

/* A simple packet block: no timestamp, interface 0 of the section, and the
 * captured length is the original length cut to the snap length. */
static int ng_spb(cap_reader *r, struct frame *f, const uint8_t *b,
		  uint32_t len, uint64_t off, GError **error)
{
	if (len < 16)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"simple packet block at offset %" PRIu64
				" is too short (%" PRIu32 " bytes)", off, len);
	if (r->u.ng.ifaces->len == 0)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"simple packet block at offset %" PRIu64
				", but its section defines no interface", off);
	const struct ng_iface *i = ng_iface_at(r, 0);
	uint32_t wire = rd32(b + 8, r->u.ng.be);
	uint32_t caplen = wire;
	if (i->snaplen != 0 && caplen > i->snaplen)
		caplen = i->snaplen;
	caplen = MIN(caplen, len - 16);
	frame_set_ts(f, 0, 0);
	f->caplen = caplen;
	f->len = wire;
	f->linktype = i->linktype;
	f->interface = i->global;
	f->offset = off;
	f->flags = FRAME_TS_UNKNOWN | FRAME_PCAPNG;
	f->data = b + 12;
	return 1;
}

/* A record Wireshark numbers as a frame although it is no packet. */
static void not_packet(struct frame *f, uint32_t linktype, uint64_t off,
		       const uint8_t *data, uint32_t len)
{
	frame_set_ts(f, 0, 0);
	f->caplen = len;
	f->len = len;
	f->linktype = linktype;
	f->interface = FRAME_NO_INTERFACE;
	f->offset = off;
	f->flags = FRAME_NOT_PACKET | FRAME_TS_UNKNOWN;
	f->data = data;
}

/* Custom block: the frame is what follows the Private Enterprise Number. */
static int ng_custom(cap_reader *r, struct frame *f, const uint8_t *b,
		     uint32_t len, uint64_t off, GError **error)
{
	if (len < 16)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"custom block at offset %" PRIu64 " is too short "
				"(%" PRIu32 " bytes)", off, len);
	not_packet(f, LINKTYPE_PCAPNG_CUSTOM, off, b + 12, len - 16);
	return 1;
}

/* Finds "__REALTIME_TIMESTAMP=<microseconds>" at the start of a line of a
 * journal entry.  Returns false when there is none or it does not parse. */
static bool journal_time(const uint8_t *p, size_t n, uint64_t *usec)
{
	static const char key[] = "__REALTIME_TIMESTAMP=";
	const size_t klen = sizeof key - 1;

	for (size_t i = 0; i + klen < n; i++) {
		if ((i > 0 && p[i - 1] != '\n') || memcmp(p + i, key, klen) != 0)
			continue;
		uint64_t v = 0;
		size_t j = i + klen;
		for (; j < n && g_ascii_isdigit(p[j]); j++) {
			if (v > (UINT64_MAX - 9) / 10)
				return false;
			v = v * 10 + (uint64_t)(p[j] - '0');
		}
		if (j == i + klen)
			return false;
		*usec = v;
		return true;
	}
	return false;
}

/* Systemd journal export block: one journal entry, NUL-padded. */
static int ng_journal(cap_reader *r, struct frame *f, const uint8_t *b,
		      uint32_t len, uint64_t off, GError **error)
{
	(void)r;
	(void)error;
	uint32_t n = len - 12;
	uint64_t usec;

	while (n > 0 && b[8 + n - 1] == 0)
		n--;
	not_packet(f, LINKTYPE_SYSTEMD_JOURNAL, off, b + 8, n);
	if (journal_time(b + 8, n, &usec)) {
		frame_set_ts_units(f, usec, 1000000, 0);
		f->flags &= ~(uint32_t)FRAME_TS_UNKNOWN;
	}
	return 1;
}

/* ---- reading ------------------------------------------------------------- */

/* Handles one whole block.  Returns 1 when it made a frame, 0 when it
 * did not, -1 when it is damaged. */
static int ng_dispatch(cap_reader *r, struct frame *f, uint32_t type,
		       uint32_t len, GError **error)
{
	const uint8_t *b = src_ptr(r);
	uint64_t off = src_offset(r);

	switch (type) {
	case BT_EPB:
		return ng_epb(r, f, b, len, off, error);
	case BT_SPB:
		return ng_spb(r, f, b, len, off, error);
	case BT_PB:
		return ng_pb(r, f, b, len, off, error);
	case BT_IDB:
		return ng_idb(r, b, len, off, error);
	case BT_SHB:
		return ng_shb(r, b, len, off, error);
	case BT_CB:
	case BT_CB_NOCOPY:
		return ng_custom(r, f, b, len, off, error);
	case BT_JOURNAL:
		return ng_journal(r, f, b, len, off, error);
	default:
		return 0;
	}
}

static int ng_next(cap_reader *r, struct frame *f, GError **error)
{
	for (;;) {
		uint32_t type, len;
		int rc = ng_block(r, &type, &len, error);
		if (rc <= 0)
			return rc;
		rc = ng_dispatch(r, f, type, len, error);
		/* The frame's data stays in the buffer until the next fill. */
		src_consume(r, len);
		if (rc != 0)
			return rc;
	}
}

static void ng_free(cap_reader *r)
{
	if (r->u.ng.ifaces != NULL)
		g_array_unref(r->u.ng.ifaces);
}

bool cap_pcapng_open(cap_reader *r, GError **error)
{
	uint32_t type, len;

	r->format = CAP_FORMAT_PCAPNG;
	r->u.ng.ifaces = g_array_new(FALSE, FALSE, sizeof(struct ng_iface));
	r->free_priv = ng_free;
	r->next = ng_next;
	gssize n = src_fill(r, SHB_MIN, error);
	if (n < 0)
		return false;
	if (n < SHB_MIN) {
		cap_fail_header(r, error, "pcapng section header", (uint64_t)n,
				SHB_MIN);
		return false;
	}
	if (ng_block(r, &type, &len, error) < 0 ||
	    ng_shb(r, src_ptr(r), len, src_offset(r), error) < 0)
		return false;
	r->big_endian = r->u.ng.be;
	src_consume(r, len);
	/* Learn the first section's interfaces now, so callers know them
	 * before the first frame.  Damage found here is reported by the
	 * first cap_reader_next(). */
	while (ng_block(r, &type, &len, NULL) > 0 && type == BT_IDB) {
		if (ng_idb(r, src_ptr(r), len, src_offset(r), NULL) < 0)
			break;
		src_consume(r, len);
	}
	return true;
}
