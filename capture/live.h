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
	LIVE_END_PACKETS,    /* the packet limit was reached */
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

/* How a session writes a series of files: live_run closes the current file
 * when the next packet would make it larger than SIZE bytes, or when its
 * time is up (every SECONDS from the session's start, by the packets' times:
 * a packet goes to the file whose time it arrived in; by the monotonic clock
 * should the system's be set back), tells CLOSED, and goes on in the file
 * NEXT opens. */
struct live_rotation {
	uint64_t size;     /* bytes per file, 0: no limit (a packet larger than that gets a file of its own) */
	uint64_t seconds;  /* seconds per file, 0: no limit */
	/* Opens the next file for writing, starting at START_NS (ns since
	 * 1970; 0: now): its descriptor in *FD (the capture owns it from then
	 * on) and its name in *PATH (the caller's, valid until the next
	 * call).  False with a CAPTURE_ERROR_LOCAL_FILE error ends the
	 * session (LIVE_END_FILE_ERROR). */
	bool (*next)(void *data, int64_t start_ns, int *fd, const char **path, GError **error);
	/* The file just closed, complete, with its packets and bytes, ending
	 * at END_NS (ns since 1970; 0: now). */
	void (*closed)(void *data, const struct live_stats *file, int64_t end_ns);
	void *data;
};

/* Makes LC rotate its files as R says (copied); call before live_run. */
void live_set_rotation(live_capture *lc, const struct live_rotation *r);

/* Packets and bytes in the file being written (the whole session's when it
 * does not rotate).  Cannot fail. */
void live_file_stats(const live_capture *lc, const struct live_stats *session, struct live_stats *out);

/* Opens every interface of O ("any" when none), snapping packets at O's
 * bytes per packet, and sets the kernel filter BPF ("" for none).  O's
 * bytes per session of 0 means no limit.  Returns
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
