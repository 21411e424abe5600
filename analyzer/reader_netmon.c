/* reader_netmon.c — Microsoft Network Monitor 1.x and 2.x capture files.
 *
 * File header (little-endian; 1.x and 2.x alike):
 *
 *    offset  size
 *         0     4  magic: "RTSS" (1.x) or "GMBU" (2.x)
 *         4     1  minor version
 *         5     1  major version
 *         6     2  media type of the file (2.1 and later: per frame instead)
 *         8    16  capture start as a SYSTEMTIME: year, month, day of week,
 *                  day, hour, minute, second, millisecond (2 bytes each)
 *        24     4  frame table offset      28  4  frame table length
 *        32     4  user data offset        36  4  user data length
 *        40     4  comment table offset    44  4  comment table length
 *        48     4  process table offset    52  4  process table count
 *        56     4  network info offset     60  4  network info length
 *
 * The frame table is an array of 4-byte file offsets, one per frame, in
 * frame order; frames need not be contiguous nor in file order.  A frame is
 *
 *   1.x: time offset (4 bytes, milliseconds) | wire length (2) | captured
 *        length (2) | data
 *   2.x: time offset (8 bytes, microseconds) | wire length (4) | captured
 *        length (4) | data | 2.1+: media type (2) | 2.2+: process index (4)
 *        | 2.3+: UTC time (8, FILETIME) | time zone index (1)
 *
 * The time offset counts from the capture start in the header, which is a
 * wall-clock time with no zone; this reader takes it as UTC (Wireshark uses
 * its own local zone, so the two agree when it runs in UTC).  2.3 frames
 * carry their own UTC time, which is used instead.
 *
 * Media types follow Network Monitor's numbering; the reader turns them into
 * LINKTYPE_* values.  Network Monitor's own records (ETW events, the filter,
 * the adapter list) become frames with LINKTYPE_NETMON_BASE + the media type;
 * three kinds that Wireshark does not show as frames (reassembly payload
 * headers, the old adapter list and the DNS cache) are skipped, so frame
 * numbers match Wireshark's.
 */
#include <inttypes.h>
#include <string.h>

#include "analyzer/reader_private.h"

#define NM_FILE_HEADER 64
#define NM_MAX_FRAMES ((uint32_t)512 << 20)
#define NM_MAX_SIZE ((size_t)UINT32_MAX) /* offsets are 32 bits */
#define NM_SKIP (UINT32_MAX - 1)         /* media_linktype(): not a frame */
#define NM_UNKNOWN UINT32_MAX

/* Link type of a media type, LINKTYPE_NETMON_BASE + type for Network
 * Monitor's own records, NM_SKIP for records that are no frames, NM_UNKNOWN
 * for types this reader does not know. */
static uint32_t media_linktype(uint16_t media)
{
	switch (media) {
	case 0: /* seen in VPN captures that hold Ethernet frames */
	case 1:
		return LINKTYPE_ETHERNET;
	case 2:
		return 6; /* LINKTYPE_IEEE802_5, Token Ring */
	case 3:       /* FDDI with bit-swapped addresses */
	case 4:       /* NDIS WAN: ATM with a 16-byte pseudo-header */
	case 6:       /* 802.11 with Network Monitor's radio header */
		return LINKTYPE_NETMON_BASE + media;
	case 7: /* tunnel interfaces */
	case 8: /* wireless WAN */
	case 9: /* raw IP frames */
		return LINKTYPE_RAW;
	case 0xE080: /* Microsoft Message Analyzer: Wi-Fi message */
		return 105; /* LINKTYPE_IEEE802_11 */
	case 0xE083: case 0xE084: case 0xE085: /* Message Analyzer WFP */
	case 0xE086: case 0xE087: case 0xE088:
	case 0xFFE0: /* ETW event */
	case 0xFFFB: /* adapter list */
	case 0xFFFF: /* capture or display filter */
		return LINKTYPE_NETMON_BASE + media;
	case 0xFFFC: /* payload header of a reassembled frame */
	case 0xFFFD: /* adapter list, older form */
	case 0xFFFE: /* DNS cache */
		return NM_SKIP;
	default:
		break;
	}
	/* Converted from pcap: the low 12 bits are the LINKTYPE_ value. */
	if ((media & 0xF000) == 0xE000 && (media < 0xE080 || media > 0xE08A))
		return media & 0x0FFF;
	return NM_UNKNOWN;
}

/* Timestamp units per second as the version writes them. */
static uint64_t nm_units(uint8_t major, uint8_t minor)
{
	if (major == 1)
		return 1000;
	return minor >= 3 ? 10000000 : 1000000;
}

/* Seconds since the epoch of a SYSTEMTIME read as UTC (the civil-from-days
 * algorithm run backwards; valid for any Gregorian date). */
static int64_t systemtime_utc(const uint8_t *st)
{
	int64_t y = rd_le16(st), m = rd_le16(st + 2), d = rd_le16(st + 6);

	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	return days * 86400 + rd_le16(st + 8) * 3600 + rd_le16(st + 10) * 60 +
	       rd_le16(st + 12);
}

/* ---- tables -------------------------------------------------------------- */

/* Makes LEN bytes at file offset OFF available at src_ptr(), naming WHAT
 * when the file ends first. */
static bool nm_read_at(cap_reader *r, uint64_t off, uint64_t len,
		       const char *what, GError **error)
{
	if (r->seekable && off + len > r->file_size) {
		uint64_t have = off < r->file_size ? r->file_size - off : 0;
		cap_fail_truncated(r, error, what, off, have, len);
		return false;
	}
	if (!src_seek(r, off, error))
		return false;
	gssize n = src_fill(r, (size_t)len, error);
	if (n < 0)
		return false;
	if ((uint64_t)n < len) {
		cap_fail_truncated(r, error, what, off, (uint64_t)n, len);
		return false;
	}
	return true;
}

static bool nm_frame_table(cap_reader *r, const uint8_t *h, GError **error)
{
	uint32_t off = rd_le32(h + 24), len = rd_le32(h + 28);

	if (len % 4 != 0 || len == 0 || len / 4 > NM_MAX_FRAMES) {
		cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
			 "frame table length %" PRIu32 " is not a whole number "
			 "of entries", len);
		return false;
	}
	if (!nm_read_at(r, off, len, "frame table", error))
		return false;
	r->u.nm.n = len / 4;
	r->u.nm.table = g_new(uint32_t, r->u.nm.n);
	for (uint32_t i = 0; i < r->u.nm.n; i++)
		r->u.nm.table[i] = rd_le32(src_ptr(r) + 4 * (size_t)i);
	return true;
}

/* Reads the comment table (2.2 and later) into the set of frame offsets
 * that carry a comment.  Each entry: frames per comment (4), frame offset
 * (4), title length (4), title, description length (4), description. */
static bool nm_comments(cap_reader *r, const uint8_t *h, GError **error)
{
	uint32_t off = rd_le32(h + 40), len = rd_le32(h + 44);

	if (len == 0 || (r->u.nm.major == 2 && r->u.nm.minor < 2))
		return true;
	if (!nm_read_at(r, off, len, "comment table", error))
		return false;
	r->u.nm.comments = g_hash_table_new(g_direct_hash, g_direct_equal);
	const uint8_t *p = src_ptr(r);
	uint64_t i = 0;
	while (len - i > 16) {
		uint32_t title = rd_le32(p + i + 8);
		uint64_t at = i + 12 + (uint64_t)title;
		if (at + 4 > len)
			goto overrun;
		uint64_t next = at + 4 + rd_le32(p + at);
		if (next > len)
			goto overrun;
		g_hash_table_add(r->u.nm.comments,
				 GUINT_TO_POINTER(rd_le32(p + i + 4)));
		i = next;
	}
	return true;
overrun:
	cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
		 "comment at offset %" PRIu64 " runs past the comment table",
		 (uint64_t)off + i);
	return false;
}

/* ---- frames -------------------------------------------------------------- */

static size_t nm_trailer_size(const cap_reader *r)
{
	if (r->u.nm.major == 1 || r->u.nm.minor == 0)
		return 0;
	return r->u.nm.minor == 1 ? 2 : r->u.nm.minor == 2 ? 6 : 15;
}

/* Sets the frame's time from its header H (and trailer T in 2.3). */
static void nm_time(const cap_reader *r, struct frame *f, const uint8_t *h,
		    const uint8_t *t)
{
	int64_t delta_ns;

	if (r->u.nm.major == 2 && r->u.nm.minor >= 3) {
		uint64_t ft = rd_le64(t + 6);
		int64_t s = (int64_t)(ft / 10000000) - 11644473600;
		frame_set_ts(f, s, (ft % 10000000) * 100);
		return;
	}
	if (r->u.nm.major == 1) {
		delta_ns = (int64_t)rd_le32(h) * 1000000;
	} else {
		/* Microseconds, but negative offsets are written so that the
		 * value times ten, taken as signed, is right (modulo 2^64). */
		delta_ns = (int64_t)(rd_le64(h) * 10 * 100);
	}
	int64_t t_ns = (int64_t)r->u.nm.start_nsec + delta_ns;
	int64_t s = t_ns / 1000000000, ns = t_ns % 1000000000;
	if (ns < 0) {
		ns += 1000000000;
		s--;
	}
	frame_set_ts(f, r->u.nm.start_sec + s, (uint64_t)ns);
}

/* Reads the frame at table entry r->u.nm.next.  Returns 1 with F filled,
 * 0 when the frame is to be skipped, -1 on damage. */
static int nm_frame(cap_reader *r, struct frame *f, GError **error)
{
	uint64_t off = r->u.nm.table[r->u.nm.next++];
	size_t hlen = r->u.nm.major == 1 ? 8 : 16;
	size_t tlen = nm_trailer_size(r);

	if (!nm_read_at(r, off, hlen, "record header", error))
		return -1;
	const uint8_t *p = src_ptr(r);
	uint32_t wire = hlen == 8 ? rd_le16(p + 4) : rd_le32(p + 8);
	uint32_t caplen = hlen == 8 ? rd_le16(p + 6) : rd_le32(p + 12);
	if (caplen > CAP_MAX_RECORD)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"record at offset %" PRIu64 " claims %" PRIu32
				" bytes", off, caplen);
	if (!nm_read_at(r, off, hlen + caplen + tlen, "record", error))
		return -1;
	p = src_ptr(r);
	uint32_t linktype = r->u.nm.linktype;
	if (tlen > 0) {
		uint16_t media = rd_le16(p + hlen + caplen);
		linktype = media_linktype(media);
		if (linktype == NM_SKIP)
			return 0;
		if (linktype == NM_UNKNOWN)
			return cap_fail(r, error, CAP_READER_ERROR_LINKTYPE,
					"record at offset %" PRIu64 " has unknown "
					"media type %u", off, media);
	}
	nm_time(r, f, p, p + hlen + caplen);
	f->caplen = caplen;
	f->len = wire;
	f->linktype = linktype;
	f->interface = 0;
	f->offset = off;
	f->flags = FRAME_NETMON;
	if (r->u.nm.comments != NULL &&
	    g_hash_table_contains(r->u.nm.comments, GUINT_TO_POINTER(off)))
		f->flags |= FRAME_COMMENT;
	f->data = p + hlen;
	return 1;
}

static int nm_next(cap_reader *r, struct frame *f, GError **error)
{
	while (r->u.nm.next < r->u.nm.n) {
		int rc = nm_frame(r, f, error);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* ---- opening ------------------------------------------------------------- */

static void nm_free(cap_reader *r)
{
	g_free(r->u.nm.table);
	if (r->u.nm.comments != NULL)
		g_hash_table_unref(r->u.nm.comments);
}

/* Checks the header's version and media type, and reads its start time. */
static bool nm_header(cap_reader *r, const uint8_t *h, GError **error)
{
	uint8_t minor = h[4], major = h[5];
	uint16_t media = rd_le16(h + 6);

	if (major != 1 && major != 2) {
		cap_fail(r, error, CAP_READER_ERROR_BAD_VERSION,
			 "unsupported Network Monitor version %u.%u", major,
			 minor);
		return false;
	}
	r->format = major == 1 ? CAP_FORMAT_NETMON1 : CAP_FORMAT_NETMON2;
	r->u.nm.major = major;
	r->u.nm.minor = minor;
	r->u.nm.linktype = media_linktype(media);
	if (media >= 12 || r->u.nm.linktype == NM_UNKNOWN) {
		cap_fail(r, error, CAP_READER_ERROR_LINKTYPE,
			 "unknown Network Monitor media type %u", media);
		return false;
	}
	r->u.nm.start_sec = systemtime_utc(h + 8);
	r->u.nm.start_nsec = (uint32_t)rd_le16(h + 22) * 1000000;
	return true;
}

bool cap_netmon_open(cap_reader *r, GError **error)
{
	uint8_t h[NM_FILE_HEADER];

	r->free_priv = nm_free;
	r->next = nm_next;
	/* The tables sit at the end of the file and frames may come in any
	 * order: a pipe is read whole first (offsets are 32 bits, so at most
	 * 4 GiB). */
	if (!r->seekable && !src_slurp(r, NM_MAX_SIZE, error))
		return false;
	gssize n = src_fill(r, NM_FILE_HEADER, error);
	if (n < 0)
		return false;
	if (n < NM_FILE_HEADER) {
		cap_fail_header(r, error, "Network Monitor file header",
				(uint64_t)n, NM_FILE_HEADER);
		return false;
	}
	memcpy(h, src_ptr(r), sizeof h);
	if (!nm_header(r, h, error))
		return false;
	cap_add_interface(r, r->u.nm.linktype, 0,
			  nm_units(r->u.nm.major, r->u.nm.minor), NULL, NULL);
	return nm_frame_table(r, h, error) && nm_comments(r, h, error);
}
