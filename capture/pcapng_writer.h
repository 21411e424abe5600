/* pcapng_writer.h — writing pcapng files: one section, one Interface
 * Description Block per interface (nanosecond timestamps), Enhanced Packet
 * Blocks.  Only whole blocks ever reach the file, so it can be read while
 * it grows, and what was flushed stays readable when a write fails. */
#ifndef ANALYZE_CAPTURE_PCAPNG_WRITER_H
#define ANALYZE_CAPTURE_PCAPNG_WRITER_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct pcapng_writer pcapng_writer;

/* Starts a pcapng file on FD (a new or truncated file; the writer owns FD
 * and closes it) and queues its Section Header Block.  PATH is only for
 * messages.  Cannot fail. */
pcapng_writer *pcapng_writer_new(int fd, const char *path);

/* As pcapng_writer_new, naming APP as the writing application. */
pcapng_writer *pcapng_writer_new_app(int fd, const char *path, const char *app);

/* Queues an Interface Description Block: LINKTYPE, SNAPLEN (0: none) and
 * NAME (may be NULL), nanosecond timestamps.  Returns the interface id
 * packets refer to. */
uint32_t pcapng_writer_add_interface(pcapng_writer *w, uint32_t linktype, uint32_t snaplen,
				     const char *name);

/* An interface as pcapng_writer_add_iface writes it. */
struct pcapng_iface {
	uint32_t linktype;
	uint32_t snaplen;         /* 0: none */
	const char *name;         /* may be NULL */
	const char *description;  /* may be NULL */
	uint8_t tsresol;          /* if_tsresol: 10^-tsresol seconds (6 is the default) */
	int64_t tsoffset;         /* if_tsoffset seconds (0: none) */
};
/* Queues an Interface Description Block for IFC; returns its id. */
uint32_t pcapng_writer_add_iface(pcapng_writer *w, const struct pcapng_iface *ifc);

/* Queues an Enhanced Packet Block for interface IFACE: TS_NS nanoseconds
 * since 1970, CAPLEN bytes of DATA of a packet LEN bytes long on the wire.
 * Writes the queue out when it is large.  False with a CAPTURE_ERROR_LOCAL_FILE
 * error when that write fails (the file then ends after the last whole
 * block written; the writer refuses further packets). */
bool pcapng_writer_packet(pcapng_writer *w, uint32_t iface, int64_t ts_ns, const uint8_t *data,
			  uint32_t caplen, uint32_t len, GError **error);

/* As pcapng_writer_packet with TS in the interface's own units, and
 * COMMENT (COMMENT_LEN bytes, NULL: none) as the block's opt_comment. */
bool pcapng_writer_packet_full(pcapng_writer *w, uint32_t iface, uint64_t ts, const uint8_t *data,
			       uint32_t caplen, uint32_t len, const uint8_t *comment, uint16_t comment_len,
			       GError **error);

/* Bytes an Enhanced Packet Block of CAPLEN bytes of data (and no comment)
 * takes in the file.  Cannot fail. */
uint64_t pcapng_epb_size(uint32_t caplen);

/* Writes out every queued block (none for a NULL W).  False with a
 * CAPTURE_ERROR_LOCAL_FILE error as pcapng_writer_packet. */
bool pcapng_writer_flush(pcapng_writer *w, GError **error);

/* Bytes in the file once the queue is written. */
uint64_t pcapng_writer_size(const pcapng_writer *w);

/* Packets in the file so far (queued ones not counted), and in *BYTES
 * their captured bytes.  Cannot fail. */
uint64_t pcapng_writer_packets(const pcapng_writer *w, uint64_t *bytes);

/* Flushes, closes and frees W (NULL is fine).  False with ERROR set when
 * the last write or the close failed; W is freed in every case. */
bool pcapng_writer_close(pcapng_writer *w, GError **error);

#endif
