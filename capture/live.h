/* live.h — capturing: one libpcap handle per interface, the session's BPF
 * filter in the kernel, packets written to a pcapng file with their
 * interface, until a limit, a stop request or a failure. */
#ifndef ANALYZE_CAPTURE_LIVE_H
#define ANALYZE_CAPTURE_LIVE_H

#include <signal.h>

#include "capture/capture.h"

typedef struct live_capture live_capture;

/* Why live_run returned. */
typedef enum {
	LIVE_END_TIME,       /* the time limit passed */
	LIVE_END_BYTES,      /* the next packet would pass the session's byte limit */
	LIVE_END_STOP,       /* *STOP was set (a signal) */
	LIVE_END_FILE_ERROR, /* writing the file failed (ERROR set) */
	LIVE_END_CAPTURE_ERROR, /* reading an interface failed (ERROR set) */
} LiveEnd;

struct live_stats {
	uint64_t packets;  /* written to the file */
	uint64_t bytes;    /* packet data written (captured lengths) */
	uint64_t dropped;  /* packets the kernel or the interfaces dropped (pcap_stats) */
};

/* Checks that EXPR (a capture filter in pcap-filter syntax) compiles, for
 * Ethernet.  False with a CAPTURE_ERROR_USAGE error "cannot compile: ..."
 * otherwise. */
bool live_check_filter(const char *expr, GError **error);

/* Opens every interface of O ("any" when none), snapping packets at O's
 * bytes per packet, and sets the kernel filter BPF ("" for none).  Returns
 * the capture or NULL with CAPTURE_ERROR_NO_DEVICE, _PERMISSION or _CAPTURE
 * naming the interface. */
live_capture *live_open(const struct capture_options *o, const char *bpf, GError **error);

/* Starts the pcapng file on FD (the capture owns it; PATH is for messages)
 * with one interface block per interface, and writes it out.  False with a
 * CAPTURE_ERROR_LOCAL_FILE error. */
bool live_start_file(live_capture *lc, int fd, const char *path, GError **error);

/* Captures until the time limit, the byte limit, *STOP becoming non-zero or
 * a failure; calls PROGRESS (may be NULL) about once a second.  The file is
 * flushed at least every second and complete (all written blocks whole) on
 * return.  *STATS holds the totals. */
LiveEnd live_run(live_capture *lc, volatile sig_atomic_t *stop,
		 void (*progress)(const struct live_stats *stats, void *data), void *data,
		 struct live_stats *stats, GError **error);

/* Flushes and closes the file and the interfaces; frees LC (NULL is fine).
 * False with a CAPTURE_ERROR_LOCAL_FILE error when the last write failed. */
bool live_close(live_capture *lc, GError **error);

#endif
