/* reader_pcap.c — libpcap savefiles ("pcap"), microsecond and nanosecond,
 * either byte order.
 *
 * File header (24 bytes), fields in the writer's byte order:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------------------------------------------------------+
 *   |   magic: a1b2c3d4 (microseconds) or a1b23c4d (nanoseconds)    |
 *   +-------------------------------+-------------------------------+
 *   |         major version         |         minor version         |
 *   +-------------------------------+-------------------------------+
 *   |                reserved (time zone, ignored)                  |
 *   +---------------------------------------------------------------+
 *   |                reserved (accuracy, ignored)                   |
 *   +---------------------------------------------------------------+
 *   |                          snap length                          |
 *   +-------+-+-+-------------------+-------------------------------+
 *   |FCS len|R|P|  reserved (zero)  |           link type           |
 *   +-------+-+-+-------------------+-------------------------------+
 *
 * Each record: seconds, sub-second (µs or ns), captured length, original
 * length (16 bytes), then the captured bytes.  See
 * draft-ietf-opsawg-pcap for the format.
 */
#include <inttypes.h>

#include "analyzer/reader_private.h"

#define PCAP_FILE_HEADER 24
#define PCAP_RECORD_HEADER 16

/* Reads one record.  BE is a constant in each caller below, so the compiler
 * builds one specialised loop per byte order. */
static inline int pcap_next_impl(cap_reader *r, struct frame *f,
				 GError **error, bool be)
{
	if (G_UNLIKELY(src_avail(r) < PCAP_RECORD_HEADER)) {
		gssize n = src_fill(r, PCAP_RECORD_HEADER, error);
		if (n <= 0)
			return (int)n; /* 0: clean end; -1: read error */
		if (n < PCAP_RECORD_HEADER)
			return cap_fail_truncated(r, error, "record header",
						  src_offset(r), (uint64_t)n,
						  PCAP_RECORD_HEADER);
	}
	const uint8_t *p = src_ptr(r);
	uint32_t caplen = rd32(p + 8, be);
	uint32_t len = rd32(p + 12, be);
	if (G_UNLIKELY(caplen > len) && r->u.pcap.maybe_swapped) {
		/* Before version 2.3 some writers put the two lengths the
		 * other way round; a captured length above the original one
		 * says so (libpcap and Wireshark read them the same way). */
		uint32_t t = caplen;
		caplen = len;
		len = t;
	}
	if (G_UNLIKELY(caplen > CAP_MAX_RECORD))
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"record at offset %" PRIu64 " claims %" PRIu32
				" bytes", src_offset(r), caplen);
	size_t total = PCAP_RECORD_HEADER + (size_t)caplen;
	if (G_UNLIKELY(src_avail(r) < total)) {
		gssize n = src_fill(r, total, error);
		if (n < 0)
			return -1;
		if ((size_t)n < total)
			return cap_fail_truncated(r, error, "record",
						  src_offset(r), (uint64_t)n,
						  total);
		p = src_ptr(r);
	}
	uint32_t sec = rd32(p, be);
	uint32_t frac = rd32(p + 4, be);
	/* A sub-second field of a second or more carries into the seconds.
	 * Microseconds become nanoseconds in 32 bits, as in Wireshark, so that
	 * out-of-range values (4295 s or more) give Wireshark's times. */
	frame_set_ts(f, sec, r->u.pcap.nsec ? frac : (uint32_t)(frac * 1000u));
	f->ts_digits = r->u.pcap.nsec ? 9 : 6;
	f->caplen = caplen;
	f->len = len;
	f->linktype = r->u.pcap.linktype;
	f->interface = 0;
	f->offset = src_offset(r);
	f->flags = 0;
	f->data = p + PCAP_RECORD_HEADER;
	src_consume(r, total);
	/* The next record's header and the first bytes of its packet (the
	 * headers every report reads) are asked for now, and arrive while
	 * this frame is dissected: the processor's own prefetching stops at
	 * each page's end, and a page holds only a dozen frames. */
	if (G_LIKELY(src_avail(r) >= 128)) {
		__builtin_prefetch(src_ptr(r));
		__builtin_prefetch(src_ptr(r) + 64);
		__builtin_prefetch(src_ptr(r) + 127);
	}
	return 1;
}

static int pcap_next_le(cap_reader *r, struct frame *f, GError **error)
{
	return pcap_next_impl(r, f, error, false);
}

static int pcap_next_be(cap_reader *r, struct frame *f, GError **error)
{
	return pcap_next_impl(r, f, error, true);
}

/* Checks the version as libpcap does: 2.0 to 2.4, and DG/UX's 543.0. */
static bool pcap_version_ok(cap_reader *r, uint16_t major, uint16_t minor,
			    GError **error)
{
	if ((major == 2 && minor <= 4) || (major == 543 && minor == 0))
		return true;
	cap_fail(r, error, CAP_READER_ERROR_BAD_VERSION,
		 "unsupported pcap version %u.%u%s", major, minor,
		 major < 2 ? " (archaic format)" : "");
	return false;
}

bool cap_pcap_open(cap_reader *r, GError **error)
{
	gssize n = src_fill(r, PCAP_FILE_HEADER, error);

	if (n < 0)
		return false;
	if (n < PCAP_FILE_HEADER) {
		cap_fail_header(r, error, "pcap file header", (uint64_t)n,
				PCAP_FILE_HEADER);
		return false;
	}
	const uint8_t *p = src_ptr(r);
	uint32_t magic = rd_be32(p);
	bool be = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d;
	bool nsec = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
	if (!pcap_version_ok(r, rd16(p + 4, be), rd16(p + 6, be), error))
		return false;
	uint32_t snaplen = rd32(p + 16, be);
	uint32_t field = rd32(p + 20, be);
	/* Bits 16-25 are reserved and must be zero; bits 26-31 describe the
	 * FCS and do not change the link type. */
	if ((field & 0x03FF0000u) != 0) {
		cap_fail(r, error, CAP_READER_ERROR_LINKTYPE,
			 "link type %" PRIu32 " is not valid", field);
		return false;
	}
	r->format = nsec ? CAP_FORMAT_PCAP_NSEC : CAP_FORMAT_PCAP;
	r->big_endian = be;
	r->u.pcap.linktype = field & 0xFFFFu;
	r->u.pcap.nsec = nsec;
	r->u.pcap.maybe_swapped = rd16(p + 4, be) == 2 && rd16(p + 6, be) < 3;
	cap_add_interface(r, r->u.pcap.linktype, snaplen,
			  nsec ? 1000000000u : 1000000u, NULL, NULL);
	r->next = be ? pcap_next_be : pcap_next_le;
	src_consume(r, PCAP_FILE_HEADER);
	return true;
}
