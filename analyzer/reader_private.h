/* reader_private.h — what the capture-file reader's format modules share:
 * the reader object, the buffered input, byte-order helpers and error helpers.
 * Not for use outside analyzer/reader*.c. */
#ifndef ANALYZE_READER_PRIVATE_H
#define ANALYZE_READER_PRIVATE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/frame.h"
#include "analyzer/reader.h"

/* Bytes read ahead from the file at a time; the buffer grows past this only
 * while one record does not fit. */
#define CAP_BUF_SIZE ((size_t)4 << 20)
/* Longest record (captured bytes) any format may claim; longer is damage.
 * libpcap's largest snapshot length is 256 KiB; this leaves ample room. */
#define CAP_MAX_RECORD ((uint32_t)0x4000000)
/* Longest pcapng block: a maximal packet plus room for its options. */
#define CAP_MAX_BLOCK (CAP_MAX_RECORD + ((uint32_t)1 << 20))

/* One pcapng interface of the current section. */
struct ng_iface {
	uint64_t units;    /* timestamp units per second */
	int64_t offset;    /* seconds added to every timestamp (if_tsoffset) */
	uint32_t linktype; /* LINKTYPE_* */
	uint32_t snaplen;  /* 0 = none */
	uint32_t global;   /* index in cap_reader.ifaces */
};

typedef struct cap_codec cap_codec;

struct cap_reader {
	/* Input. */
	int fd;
	bool close_fd;        /* false for standard input */
	bool seekable;        /* a regular file, not compressed: lseek works */
	uint64_t file_size;   /* bytes of the file as stored (compressed); 0
	                       * when unknown */
	uint64_t start_off;   /* where the descriptor stood when opened */
	cap_codec *codec;     /* the decompressor; NULL when not compressed */
	CapCompression codec_kind; /* what `codec` decompresses */
	cap_progress_fn progress; /* called after each read; may be NULL */
	void *progress_data;
	uint8_t *buf;         /* read-ahead buffer, `cap` bytes */
	size_t cap;
	size_t pos;           /* next unread byte in buf */
	size_t end;           /* end of valid bytes in buf */
	uint64_t buf_off;     /* file offset of buf[0] */
	bool eof;             /* read(2) returned 0 */
	/* A regular file is mapped rather than read: buf is the mapping (the
	 * whole file, map_len bytes), and src_fill only moves `end` forward
	 * through it, a window at a time, as reads would. */
	bool mapped;
	size_t map_len;
	int map_slot;         /* its entry in the SIGBUS guard table, or -1 */
	size_t map_dropped;   /* pages below this are out of the process's memory */
	size_t map_hold;      /* pages from here on stay in it (cap_reader_hold) */
	/* The mapping given up when the file grew (map_to_read): frames read
	 * before still point into it, so it stays until the reader closes. */
	uint8_t *retired;
	size_t retired_len;
	int retired_slot;     /* its entry in the SIGBUS guard table, or -1 */
	struct prefault *prefault; /* the thread making pages present ahead, or NULL */

	/* Format. */
	CapFormat format;
	bool big_endian;      /* of the file header (pcapng: of the first section) */
	int (*next)(cap_reader *r, struct frame *f, GError **error);
	void (*free_priv)(cap_reader *r); /* NULL when nothing to free */
	GPtrArray *ifaces;    /* struct cap_interface *, owned */

	/* Progress. */
	uint64_t n_frames;    /* frames returned so far */
	int done;             /* 0 while reading, 1 after the clean end, -1 after
	                       * an error */
	GError *error;        /* the error returned with done == -1 */

	union {
		struct {
			uint32_t linktype;
			bool nsec;            /* nanosecond timestamps */
			bool maybe_swapped;   /* version < 2.3: lengths may be swapped */
		} pcap;
		struct {
			GArray *ifaces;       /* struct ng_iface, current section */
			bool be;              /* byte order of the current section */
		} ng;
		struct {
			uint32_t *table;      /* frame offsets, n entries */
			uint32_t n;
			uint32_t next;        /* index of the next frame to read */
			uint8_t major, minor;
			uint32_t linktype;    /* from the file header (before 2.1) */
			int64_t start_sec;    /* capture start (UTC) */
			uint32_t start_nsec;
			GHashTable *comments; /* frame offsets that carry a comment (set) */
		} nm;
		struct {
			uint32_t linktype;
		} snoop;
	} u;
};

/* ---- byte order ---------------------------------------------------------- */

static inline uint16_t rd_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (uint16_t)p[1] << 8);
}

static inline uint32_t rd_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t rd_le64(const uint8_t *p)
{
	return (uint64_t)rd_le32(p) | (uint64_t)rd_le32(p + 4) << 32;
}

static inline uint16_t rd_be16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline uint32_t rd_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
	       (uint32_t)p[3];
}

static inline uint64_t rd_be64(const uint8_t *p)
{
	return (uint64_t)rd_be32(p) << 32 | (uint64_t)rd_be32(p + 4);
}

static inline uint16_t rd16(const uint8_t *p, bool be)
{
	return be ? rd_be16(p) : rd_le16(p);
}

static inline uint32_t rd32(const uint8_t *p, bool be)
{
	return be ? rd_be32(p) : rd_le32(p);
}

static inline uint64_t rd64(const uint8_t *p, bool be)
{
	return be ? rd_be64(p) : rd_le64(p);
}

/* ---- timestamps ---------------------------------------------------------- */

/* Sets the frame's time from SEC seconds and NSEC nanoseconds (NSEC may be
 * 1e9 or more: the excess carries into the seconds).  Cannot fail; ts_ns
 * wraps when the instant does not fit. */
static inline void frame_set_ts(struct frame *f, int64_t sec, uint64_t nsec)
{
	if (G_UNLIKELY(nsec >= 1000000000u)) {
		int64_t carry = (int64_t)(nsec / 1000000000u); /* < 2^35 */
		nsec %= 1000000000u;
		sec = sec > INT64_MAX - carry ? INT64_MAX : sec + carry;
	}
	f->ts_sec = sec;
	f->ts_nsec = (uint32_t)nsec;
	f->ts_digits = 9;
	/* Computed modulo 2^64, so the difference of two frames' ts_ns stays
	 * exact (ts_diff) even for instants outside the years 1678..2262. */
	f->ts_ns = (int64_t)((uint64_t)sec * 1000000000u + nsec);
}

/* Sets the frame's time from T units of 1/UNITS second past epoch second
 * BASE_SEC (UNITS > 0), rounding down to the nanosecond.  Cannot fail. */
void frame_set_ts_units(struct frame *f, uint64_t t, uint64_t units,
			int64_t base_sec);

/* ---- buffered input (reader.c) ------------------------------------------- */

static inline size_t src_avail(const cap_reader *r)
{
	return r->end - r->pos;
}

static inline const uint8_t *src_ptr(const cap_reader *r)
{
	return r->buf + r->pos;
}

/* File offset of the next unread byte. */
static inline uint64_t src_offset(const cap_reader *r)
{
	return r->buf_off + r->pos;
}

static inline void src_consume(cap_reader *r, size_t n)
{
	r->pos += n;
}

/* Makes at least NEED bytes available at src_ptr() unless the input ends
 * first.  Returns how many bytes are available (less than NEED only at the end
 * of the input), or -1 with ERROR set (and the reader failed) on a read
 * error or when NEED is beyond any buffer this reader allows. */
gssize src_fill(cap_reader *r, size_t need, GError **error);

/* Moves the read position to file offset OFF.  Returns false with ERROR set
 * when the file cannot seek there; a position past the end of the input is
 * not an error (the next src_fill returns 0).  Within what is buffered this
 * never touches the file. */
bool src_seek(cap_reader *r, uint64_t off, GError **error);

/* Reads the rest of a non-seekable input into the buffer so that src_seek
 * can move freely within it; at most MAX bytes.  Returns false with ERROR set
 * on a read error or when the input is longer than MAX. */
bool src_slurp(cap_reader *r, size_t max, GError **error);

/* ---- decompression (reader_compress.c) ----------------------------------- */

/* The compression whose magic starts the N bytes at P, or
 * CAP_COMPRESSION_NONE.  Cannot fail. */
CapCompression cap_compression_sniff(const uint8_t *p, size_t n);

/* A decompressor of KIND reading FD, which has already given the HEAD_LEN
 * bytes at HEAD (copied).  STREAM: FD is a pipe, so a read returns what is
 * decompressed rather than wait for more.  Owned by the caller
 * (cap_codec_free); cannot fail. */
/* Inflate gzip with zlib alone, never igzip (for tests comparing the two). */
extern bool cap_gzip_zlib_only;

cap_codec *cap_codec_new(CapCompression kind, int fd, bool stream,
			 const uint8_t *head, size_t head_len);

/* Decompresses up to LEN bytes into DST.  Returns the bytes written, 0 at
 * the clean end of the compressed data, or -1 with ERROR set (a
 * CAP_READER_ERROR whose message says what is wrong and at which
 * compressed and decompressed offsets).  The bytes decompressed before
 * damage come first; the error comes with the next call, and again with
 * every call after it. */
gssize cap_codec_read(cap_codec *c, uint8_t *dst, size_t len, GError **error);

/* Compressed bytes decompressed so far (the file offset reached).  Cannot
 * fail. */
uint64_t cap_codec_consumed(const cap_codec *c);

void cap_codec_free(cap_codec *c);

/* ---- errors and interfaces (reader.c) ------------------------------------ */

/* Fails the reader: records the error (returned again by later calls),
 * copies it into ERROR, and returns -1. */
int cap_fail(cap_reader *r, GError **error, CapReaderError code,
	     const char *fmt, ...) G_GNUC_PRINTF(4, 5);

/* cap_fail with CAP_READER_ERROR_TRUNCATED: "file ends inside the WHAT at
 * offset OFF (HAVE of NEED bytes)". */
int cap_fail_truncated(cap_reader *r, GError **error, const char *what,
		       uint64_t off, uint64_t have, uint64_t need);

/* cap_fail with CAP_READER_ERROR_TRUNCATED for the file header at offset 0:
 * "file ends inside the WHAT (HAVE of NEED bytes)". */
int cap_fail_header(cap_reader *r, GError **error, const char *what,
		    uint64_t have, uint64_t need);

/* Appends an interface, taking NAME and DESCRIPTION (g_malloc'd, or NULL).
 * Returns its index.  Cannot fail. */
guint cap_add_interface(cap_reader *r, uint32_t linktype, uint32_t snaplen,
			uint64_t units, char *name, char *description);

/* ---- formats ------------------------------------------------------------- */

/* Each reads its file header at the start of the input (its magic is known
 * to be there), sets r->format, r->next and the interfaces, and returns
 * true; or returns false with ERROR set. */
bool cap_pcap_open(cap_reader *r, GError **error);
bool cap_pcapng_open(cap_reader *r, GError **error);
bool cap_netmon_open(cap_reader *r, GError **error);
bool cap_snoop_open(cap_reader *r, GError **error);

#endif
