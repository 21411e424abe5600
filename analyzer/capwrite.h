/* capwrite.h — writing the frames a run keeps as a capture file (`analyze
 * list -w`): pcapng (interfaces and packet comments kept) or pcap, bytes
 * and timestamps as read, under a temporary name renamed into place once
 * complete. */
#ifndef ANALYZE_CAPWRITE_H
#define ANALYZE_CAPWRITE_H

#include <glib.h>
#include <stdbool.h>

#include "analyzer/frame.h"
#include "analyzer/reader.h"

typedef enum { CAPWRITE_PCAPNG, CAPWRITE_PCAP } CapWriteFormat;

typedef struct capwrite capwrite;

/* Parses "pcapng" or "pcap"; false when NAME is neither. */
bool capwrite_format_parse(const char *name, CapWriteFormat *fmt);

/* Starts writing FMT to PATH ("-": standard output).  Returns the writer, or
 * NULL with ERROR set ("cannot write 'x': ..."). */
capwrite *capwrite_open(const char *path, CapWriteFormat fmt, GError **error);

/* Writes frame F of input file number FILE, read by R (its interfaces).  A
 * record that is no packet of a link type the formats number (a pcapng
 * custom block, a Network Monitor event) is skipped and counted.  False
 * with ERROR set when a second link type comes to a pcap file or the write
 * failed; nothing more should be written then. */
bool capwrite_frame(capwrite *w, guint file, const cap_reader *r, const struct frame *f, GError **error);

/* Frames written so far; *SKIPPED: records skipped. */
uint64_t capwrite_frames(const capwrite *w, uint64_t *skipped);

/* Completes the file: flushes, and renames it into place.  False with ERROR
 * set (the temporary file is removed).  Frees W. */
bool capwrite_close(capwrite *w, GError **error);

/* Drops the file without creating it.  Frees W (NULL is fine). */
void capwrite_abort(capwrite *w);

#endif
