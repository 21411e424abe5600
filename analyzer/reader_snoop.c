/* reader_snoop.c — Solaris snoop files (RFC 1761), and Shomiti/Finisar
 * Surveyor files, which share the format.  All fields are big-endian.
 *
 * File header (16 bytes):
 *
 *   +-------------------------------------------------------+
 *   | "snoop\0\0\0" (8)  | version (4) | data link type (4) |
 *   +-------------------------------------------------------+
 *
 * Record (24-byte header, then data, then padding to the record length):
 *
 *   +--------------------------------------------------------------+
 *   | original length | included length | record length | drops  |
 *   | seconds | microseconds | data ... | padding                  |
 *   +--------------------------------------------------------------+
 */
#include <inttypes.h>
#include <string.h>

#include "analyzer/reader_private.h"

#define SNOOP_FILE_HEADER 16
#define SNOOP_RECORD_HEADER 24
#define SHOMITI_TRAILER 16  /* Surveyor pads each record with at least this */
#define SNOOP_UNKNOWN UINT32_MAX

/* LINKTYPE_* of a snoop data link type (Solaris DLPI's DL_* values). */
static uint32_t snoop_linktype(uint32_t dl)
{
	switch (dl) {
	case 0:  /* DL_CSMACD, 802.3 */
	case 4:  /* DL_ETHER */
		return LINKTYPE_ETHERNET;
	case 2:  /* DL_TPR, Token Ring */
		return 6;
	case 8:  /* DL_FDDI */
		return 10;
	case 9:  /* DL_OTHER */
	case 14: /* DL_LOOP */
		return LINKTYPE_NULL;
	case 16: /* DL_FC: IP over Fibre Channel */
		return 122;
	case 18: /* DL_IPATM: SunATM, 4-byte pseudo-header */
		return 123;
	case 26: /* DL_IB: IP over InfiniBand */
		return 242;
	case 0x80000005: /* private: ipnet(7D) */
		return 226;
	default:
		return SNOOP_UNKNOWN;
	}
}

/* LINKTYPE_* of a Shomiti Surveyor data link type. */
static uint32_t shomiti_linktype(uint32_t dl)
{
	switch (dl) {
	case 0: case 4: case 10: case 12: case 19: /* Ethernet, all speeds */
		return LINKTYPE_ETHERNET;
	case 2: case 11: case 13: case 14:         /* Token Ring variants */
		return 6;
	case 8:
		return 10;
	default:
		return SNOOP_UNKNOWN;
	}
}

static int snoop_next(cap_reader *r, struct frame *f, GError **error)
{
	uint64_t off = src_offset(r);
	gssize n = src_fill(r, SNOOP_RECORD_HEADER, error);

	if (n <= 0)
		return (int)n;
	if (n < SNOOP_RECORD_HEADER)
		return cap_fail_truncated(r, error, "record header", off,
					  (uint64_t)n, SNOOP_RECORD_HEADER);
	const uint8_t *p = src_ptr(r);
	uint32_t caplen = rd_be32(p + 4), reclen = rd_be32(p + 8);
	if (caplen > CAP_MAX_RECORD || reclen > CAP_MAX_RECORD + 1024)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"record at offset %" PRIu64 " claims %" PRIu32
				" bytes", off, MAX(caplen, reclen));
	if (reclen < SNOOP_RECORD_HEADER + caplen)
		return cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
				"record at offset %" PRIu64 " has length %" PRIu32
				", too short for its %" PRIu32 " captured bytes",
				off, reclen, caplen);
	n = src_fill(r, reclen, error);
	if (n < 0)
		return -1;
	if ((size_t)n < reclen)
		return cap_fail_truncated(r, error, "record", off, (uint64_t)n,
					  reclen);
	p = src_ptr(r);
	frame_set_ts(f, rd_be32(p + 16), (uint64_t)rd_be32(p + 20) * 1000);
	f->ts_digits = 6;
	f->caplen = caplen;
	f->len = rd_be32(p);
	f->linktype = r->u.snoop.linktype;
	f->interface = 0;
	f->offset = off;
	f->flags = 0;
	f->data = p + SNOOP_RECORD_HEADER;
	src_consume(r, reclen);
	return 1;
}

/* Surveyor files look like snoop files, but their first record has room
 * for Surveyor's trailer in its padding. */
static bool looks_shomiti(cap_reader *r, GError **error, bool *shomiti)
{
	size_t need = SNOOP_FILE_HEADER + SNOOP_RECORD_HEADER;
	gssize n = src_fill(r, need, error);

	if (n < 0)
		return false;
	*shomiti = false;
	if ((size_t)n >= need) {
		const uint8_t *rec = src_ptr(r) + SNOOP_FILE_HEADER;
		uint64_t used = SNOOP_RECORD_HEADER + (uint64_t)rd_be32(rec + 4);
		uint32_t reclen = rd_be32(rec + 8);
		*shomiti = reclen > used && reclen - used >= SHOMITI_TRAILER;
	}
	return true;
}

bool cap_snoop_open(cap_reader *r, GError **error)
{
	bool shomiti;
	gssize n = src_fill(r, SNOOP_FILE_HEADER, error);

	if (n < 0)
		return false;
	if (n < SNOOP_FILE_HEADER) {
		cap_fail_header(r, error, "snoop file header", (uint64_t)n,
				SNOOP_FILE_HEADER);
		return false;
	}
	uint32_t version = rd_be32(src_ptr(r) + 8);
	uint32_t dl = rd_be32(src_ptr(r) + 12);
	/* 2 is Solaris; 3 to 5 are Surveyor with its own capture hardware. */
	if (version < 2 || version > 5) {
		cap_fail(r, error, CAP_READER_ERROR_BAD_VERSION,
			 "unsupported snoop version %" PRIu32, version);
		return false;
	}
	if (!looks_shomiti(r, error, &shomiti))
		return false;
	uint32_t lt = shomiti ? shomiti_linktype(dl) : snoop_linktype(dl);
	if (lt == SNOOP_UNKNOWN) {
		cap_fail(r, error, CAP_READER_ERROR_LINKTYPE,
			 "unknown snoop data link type %" PRIu32, dl);
		return false;
	}
	r->format = CAP_FORMAT_SNOOP;
	r->big_endian = true;
	r->u.snoop.linktype = lt;
	cap_add_interface(r, lt, 0, 1000000, NULL, NULL);
	r->next = snoop_next;
	src_consume(r, SNOOP_FILE_HEADER);
	return true;
}
