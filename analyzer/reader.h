/* reader.h — capture-file reader: pcap, pcapng, Network Monitor and snoop,
 * recognised by content, never by file name. */
#ifndef ANALYZE_READER_H
#define ANALYZE_READER_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "analyzer/frame.h"

#define CAP_READER_ERROR (cap_reader_error_quark())
GQuark cap_reader_error_quark(void);

/* Error codes in CAP_READER_ERROR.  Messages never repeat the file name: the
 * caller prefixes it ("cannot read 'x.pcap': ..."). */
typedef enum {
	CAP_READER_ERROR_IO,          /* open/read failed (errno text in the message) */
	CAP_READER_ERROR_EMPTY,       /* zero-length file */
	CAP_READER_ERROR_NOT_CAPTURE, /* no known capture format */
	CAP_READER_ERROR_TRUNCATED,   /* file ends inside a header or record */
	CAP_READER_ERROR_BAD_VERSION, /* known format, unsupported version */
	CAP_READER_ERROR_LINKTYPE,    /* link-type value that cannot be valid */
	CAP_READER_ERROR_CORRUPT,     /* a length or field that cannot be right */
} CapReaderError;

typedef enum {
	CAP_FORMAT_PCAP,       /* libpcap, microsecond */
	CAP_FORMAT_PCAP_NSEC,  /* libpcap, nanosecond */
	CAP_FORMAT_PCAPNG,
	CAP_FORMAT_NETMON1,
	CAP_FORMAT_NETMON2,
	CAP_FORMAT_SNOOP,
} CapFormat;

typedef enum {
	CAP_COMPRESSION_NONE,
	CAP_COMPRESSION_GZIP,  /* gzip, one member or several */
	CAP_COMPRESSION_ZSTD,  /* Zstandard, one frame or several */
} CapCompression;

struct cap_interface {
	uint32_t linktype;    /* LINKTYPE_* */
	uint32_t snaplen;     /* 0 when the file does not say */
	uint64_t ts_units;    /* timestamp units per second as written (1e6, 1e9, ...) */
	int64_t ts_offset;    /* seconds the reader added to every timestamp
	                       * (pcapng if_tsoffset; 0 elsewhere) */
	char *name;           /* owned; NULL when the file does not say */
	char *description;    /* owned; NULL when the file does not say */
};

typedef struct cap_reader cap_reader;

/* Opens PATH ("-" = standard input) and reads its file header.
 * Returns a reader owned by the caller (cap_reader_close), or NULL with ERROR set.
 * The format is recognised by content, never by name, and so is a gzip or
 * zstd compressed file: it is decompressed as it is read, and frame
 * offsets and messages count bytes of the decompressed capture (damage of
 * the compressed data is reported with both offsets).  Regular files and
 * pipes both work; a Network Monitor file from a pipe or compressed is
 * read whole first (its frame table sits at the end). */
cap_reader *cap_reader_open(const char *path, GError **error);

/* Reads the next frame into *F.  Returns 1 when a frame was read, 0 at the clean
 * end of the file, -1 when the file is damaged or unreadable (ERROR set; the
 * message says what is wrong and at which byte offset).  After 0 or -1 every
 * further call returns the same.  F->data stays valid until the next call.
 *
 * Frames are numbered as Wireshark numbers them, so some are not packets:
 * pcapng custom blocks (LINKTYPE_PCAPNG_CUSTOM) and systemd journal entries
 * (LINKTYPE_SYSTEMD_JOURNAL) come flagged FRAME_NOT_PACKET.  Network Monitor's
 * own records come as LINKTYPE_NETMON_BASE + their media type (ETW events,
 * the capture filter, the adapter list); the three kinds Wireshark skips
 * (payload headers, old adapter lists, the DNS cache) are skipped too.
 * pcapng interfaces are numbered across all sections in file order (tshark
 * 4.0 restarts frame.interface_id at 0 in each section).  pcapng times
 * include if_tsoffset (tshark 4.0 ignores it). */
int cap_reader_next(cap_reader *r, struct frame *f, GError **error);

CapFormat cap_reader_format(const cap_reader *r);
/* "pcap", "pcap (nanosecond)", "pcapng", "Network Monitor 2.x", ...; cannot fail. */
const char *cap_format_name(CapFormat fmt);
/* True when the file's multi-byte header fields are big-endian. */
bool cap_reader_big_endian(const cap_reader *r);
/* Interfaces known so far (pcapng may add more while reading; pcap has one).
 * cap_reader_interface returns NULL past the end; the pointer stays valid
 * until cap_reader_close. */
guint cap_reader_n_interfaces(const cap_reader *r);
const struct cap_interface *cap_reader_interface(const cap_reader *r, guint index);
/* CPUs this process may run on: online and in its affinity mask.  The
 * reader's helper threads (read-ahead, decompression) start only with two
 * or more, and so does the terminal UI's second filter thread.  Cannot
 * fail (1 when unknown). */
int cap_usable_cpus(void);
/* Size of the file in bytes, or 0 when unknown (a pipe) or compressed. */
uint64_t cap_reader_file_size(const cap_reader *r);
/* Whether the bytes of F, the frame R gave last (its data and comment),
 * stay where they are until R is closed: they lie in the mapped file.
 * Else they are valid only until the next call that reads from R.
 * Cannot fail. */
bool cap_reader_frame_lasts(const cap_reader *r, const struct frame *f);
/* Pages of a mapped file from byte OFFSET on stay in the process's memory
 * (frames given before are still in use); only pages below both OFFSET
 * and the record read next are let go.  UINT64_MAX (the default): only
 * those below the record read next.  Cannot fail. */
void cap_reader_hold(cap_reader *r, uint64_t offset);
/* False when the mapped file shrank while it was read: bytes of frames
 * already given may read as zeros.  Cannot fail. */
bool cap_reader_intact(const cap_reader *r);
/* The compression the file had (CAP_COMPRESSION_NONE when none). */
CapCompression cap_reader_compression(const cap_reader *r);
/* "none", "gzip", "zstd"; cannot fail. */
const char *cap_compression_name(CapCompression c);

/* Told how far reading has come: DONE bytes of the file as stored (the
 * compressed bytes when it is compressed) of TOTAL (0 when unknown: a
 * pipe).  DATA is what cap_reader_set_progress was given. */
typedef void (*cap_progress_fn)(uint64_t done, uint64_t total, void *data);
/* Calls FN(..., DATA) after each read from the file, from inside
 * cap_reader_next (FN NULL: no more calls).  Cannot fail. */
void cap_reader_set_progress(cap_reader *r, cap_progress_fn fn, void *data);

/* Goes back (or forward) to a frame read before: the next cap_reader_next()
 * returns the record at OFFSET (a frame.offset this file's reader gave) and
 * numbers it NUMBER.  For the terminal UI, which keeps only offsets and
 * reads frames again on demand.  Returns false with ERROR set when the input
 * cannot seek (a pipe) or OFFSET is not a frame of a Network Monitor file.
 * A pcapng frame is read with the interfaces of the section read last, so
 * files of several sections with different interfaces need a fresh reader. */
bool cap_reader_seek(cap_reader *r, uint64_t offset, uint64_t number, GError **error);

void cap_reader_close(cap_reader *r);

/* True when the regular file PATH starts as a capture file (or a gzip or
 * zstd stream) does; false when it does not or cannot be read. */
bool cap_file_is_capture(const char *path);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(cap_reader, cap_reader_close)

/* Writes the decompressed bytes of PATH ("-" = standard input), a gzip or
 * zstd compressed file, to OUT_FD, calling FN(..., DATA) (may be NULL) after
 * each read as cap_reader_set_progress does.  Returns true when the whole
 * file was decompressed; false with ERROR set when it cannot be read, is
 * not compressed (CAP_READER_ERROR_NOT_CAPTURE), cannot be written to
 * OUT_FD (CAP_READER_ERROR_IO), or is damaged: then what came before the
 * damage has been written and *WRITTEN (may be NULL) says how much. */
bool cap_decompress_file(const char *path, int out_fd, cap_progress_fn fn, void *data,
			 uint64_t *written, GError **error);
/* Whether the file at PATH starts like a gzip or zstd compressed file;
 * CAP_COMPRESSION_NONE also when it cannot be read.  Reads its first bytes. */
CapCompression cap_file_compression(const char *path);

/* Name of a link type, as Wireshark describes the encapsulation ("Ethernet",
 * "Linux cooked-mode capture v1", ...), or NULL when the value is not one this
 * program knows.  Cannot fail. */
const char *linktype_name(uint32_t linktype);
/* Short name, like capinfos' encapsulation ("ether", "linux-sll", ...) or NULL.
 * Cannot fail. */
const char *linktype_short_name(uint32_t linktype);

#endif
