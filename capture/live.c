/* live.c — the capture loop: pcap_create / set options / pcap_activate per
 * interface, non-blocking reads driven by poll() with a short timeout (so
 * limits and stop requests are seen within a fraction of a second), every
 * packet copied into the pcapng writer's queue before the next read. */
#include <errno.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "capture/live.h"
#include "capture/pcapng_writer.h"

#define MAX_SNAPLEN 262144       /* what libpcap takes as "whole packets" */
#define POLL_MS 200
#define FLUSH_US G_USEC_PER_SEC / 2
#define PROGRESS_US G_USEC_PER_SEC
#define NS_PER_SEC G_GINT64_CONSTANT(1000000000)
/* How long after a file's time is up the timer closes it when no later
 * packet did: the kernel hands a block over at the latest POLL_MS after
 * its first packet, so by then every packet of the file's time is read. */
#define LATE_NS ((int64_t)(POLL_MS + 50) * 1000000)

struct live_iface {
	pcap_t *pcap;
	char *name;      /* as the user gave it */
	bool nano;       /* timestamps in nanoseconds */
	uint32_t id;     /* pcapng interface id */
};

struct live_capture {
	GArray *ifaces;            /* struct live_iface */
	uint32_t snaplen;
	int buffer_bytes;          /* the kernel's buffer per interface */
	bool immediate;            /* packets one by one, not a block (up to POLL_MS) at a time */
	uint64_t bytes_per_packet; /* 0: whole */
	uint64_t session_bytes;
	uint64_t time_limit;       /* seconds */
	uint64_t packet_limit;     /* 0: none */
	pcapng_writer *writer;     /* NULL between files when starting the next one failed */
	struct live_rotation rot;  /* rot.next NULL: one file */
	uint64_t closed_packets;   /* packets and bytes in the files closed before this one */
	uint64_t closed_bytes;
	/* Rotation by time: file boundary K is START + K * SECONDS, on the
	 * packets' clock (ns since 1970) and, should that clock be set back, on
	 * the monotonic one. */
	int64_t rot_start_ns, rot_start_us; /* the session's start on each clock */
	uint64_t file_k;           /* the boundary the file ends at */
	int64_t file_end_ns;       /* packets from this time (ns since 1970) on go to the next file; 0: never */
	int64_t file_end_us;       /* the same boundary, monotonic */
	int64_t session_end_ns;    /* the session's time limit, ns since 1970 */
};

/* What the packet callback needs. */
struct loop_ctx {
	live_capture *lc;
	struct live_iface *iface;
	struct live_stats *stats;
	bool ended;
	LiveEnd end;
	GError *error;
};

static bool activate_error(struct live_iface *li, int rc, GError **error)
{
	const char *why = pcap_geterr(li->pcap);
	switch (rc) {
	case PCAP_ERROR_NO_SUCH_DEVICE:
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_NO_DEVICE, "no interface '%s'", li->name);
		break;
	case PCAP_ERROR_PERM_DENIED:
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_PERMISSION,
			    "no permission to capture on '%s': capturing needs root or the CAP_NET_RAW capability",
			    li->name);
		break;
	case PCAP_ERROR_IFACE_NOT_UP:
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_CAPTURE, "interface '%s' is not up", li->name);
		break;
	default:
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_CAPTURE, "cannot capture on '%s': %s", li->name,
			    why && why[0] ? why : pcap_statustostr(rc));
	}
	return false;
}

static bool open_iface(live_capture *lc, struct live_iface *li, const char *bpf, GError **error)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	li->pcap = pcap_create(li->name, errbuf);
	if (!li->pcap) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_CAPTURE, "cannot capture on '%s': %s", li->name, errbuf);
		return false;
	}
	pcap_set_snaplen(li->pcap, (int)lc->snaplen);
	pcap_set_promisc(li->pcap, 0);
	pcap_set_timeout(li->pcap, POLL_MS);
	pcap_set_immediate_mode(li->pcap, lc->immediate);
	pcap_set_buffer_size(li->pcap, lc->buffer_bytes);
	li->nano = pcap_set_tstamp_precision(li->pcap, PCAP_TSTAMP_PRECISION_NANO) == 0;
	int rc = pcap_activate(li->pcap);
	if (rc < 0)
		return activate_error(li, rc, error);
	if (pcap_setnonblock(li->pcap, 1, errbuf) != 0) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_CAPTURE, "cannot capture on '%s': %s", li->name, errbuf);
		return false;
	}
	li->nano = pcap_get_tstamp_precision(li->pcap) == PCAP_TSTAMP_PRECISION_NANO;
	if (!bpf[0])
		return true;
	struct bpf_program prog;
	if (pcap_compile(li->pcap, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_CAPTURE, "cannot compile the filter for '%s': %s",
			    li->name, pcap_geterr(li->pcap));
		return false;
	}
	rc = pcap_setfilter(li->pcap, &prog);
	pcap_freecode(&prog);
	if (rc != 0) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_CAPTURE, "cannot set the filter on '%s': %s", li->name,
			    pcap_geterr(li->pcap));
		return false;
	}
	return true;
}

bool live_check_filter(const char *expr, GError **error)
{
	pcap_t *p = pcap_open_dead(DLT_EN10MB, MAX_SNAPLEN);
	if (!p) {
		g_set_error_literal(error, CAPTURE_ERROR, CAPTURE_ERROR_CAPTURE, "cannot compile a filter: out of memory");
		return false;
	}
	struct bpf_program prog;
	bool ok = pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) == 0;
	if (ok)
		pcap_freecode(&prog);
	else
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "cannot compile: %s", pcap_geterr(p));
	pcap_close(p);
	return ok;
}

live_capture *live_open(const struct capture_options *o, const char *bpf, GError **error)
{
	live_capture *lc = g_new0(live_capture, 1);
	lc->ifaces = g_array_new(FALSE, TRUE, sizeof(struct live_iface));
	lc->bytes_per_packet = o->bytes_per_packet;
	lc->snaplen = o->bytes_per_packet && o->bytes_per_packet < MAX_SNAPLEN ? (uint32_t)o->bytes_per_packet
									       : MAX_SNAPLEN;
	lc->session_bytes = o->bytes_per_session;
	lc->buffer_bytes = (int)(o->buffer_kib ? o->buffer_kib : CAPTURE_DEFAULT_BUFFER_KIB) * 1024;
	lc->immediate = o->immediate;
	lc->time_limit = o->time_limit;
	lc->packet_limit = o->packet_limit;
	guint n = o->interfaces->len ? o->interfaces->len : 1;
	for (guint i = 0; i < n; i++) {
		struct live_iface li = {0};
		li.name = g_strdup(o->interfaces->len ? o->interfaces->pdata[i] : "any");
		g_array_append_val(lc->ifaces, li);
		if (!open_iface(lc, &g_array_index(lc->ifaces, struct live_iface, i), bpf, error)) {
			live_close(lc, NULL);
			return NULL;
		}
	}
	return lc;
}

void live_set_rotation(live_capture *lc, const struct live_rotation *r)
{
	lc->rot = *r;
}

void live_file_stats(const live_capture *lc, const struct live_stats *session, struct live_stats *out)
{
	*out = (struct live_stats){0};
	out->packets = session->packets - lc->closed_packets;
	out->bytes = session->bytes - lc->closed_bytes;
}

bool live_start_file(live_capture *lc, int fd, const char *path, GError **error)
{
	lc->writer = pcapng_writer_new(fd, path);
	for (guint i = 0; i < lc->ifaces->len; i++) {
		struct live_iface *li = &g_array_index(lc->ifaces, struct live_iface, i);
		li->id = pcapng_writer_add_interface(lc->writer, (uint32_t)pcap_datalink(li->pcap), lc->snaplen,
						     li->name);
	}
	return pcapng_writer_flush(lc->writer, error);
}

/* Closes the file (whole, on disk) as of AT_NS (ns since 1970), tells the
 * caller, and starts the next one at that time.  False with CTX's error set
 * when a write or the next file failed. */
static bool rotate(live_capture *lc, struct loop_ctx *ctx, int64_t at_ns)
{
	if (!pcapng_writer_flush(lc->writer, &ctx->error))
		return false; /* the file stays the session's last, cut at its last whole block */
	struct live_stats file;
	live_file_stats(lc, ctx->stats, &file);
	bool closed = pcapng_writer_close(lc->writer, &ctx->error);
	lc->writer = NULL;
	lc->closed_packets = ctx->stats->packets;
	lc->closed_bytes = ctx->stats->bytes;
	lc->rot.closed(lc->rot.data, &file, at_ns);
	int fd;
	const char *path;
	return closed && lc->rot.next(lc->rot.data, at_ns, &fd, &path, &ctx->error) &&
	       live_start_file(lc, fd, path, &ctx->error);
}

/* Moves the file's end to the first boundary after the present one that is
 * ahead of AFTER_NS (ns since 1970) and AFTER_US (monotonic): a period
 * nothing was read in (the process stopped, the clock set forward) gets no
 * file.  None (0) when the session ends first: no file starts at the time
 * limit itself. */
static void next_file_end(live_capture *lc, int64_t after_ns, int64_t after_us)
{
	int64_t period = (int64_t)lc->rot.seconds;
	uint64_t k = lc->file_k + 1;
	if (after_ns >= lc->rot_start_ns) /* the first boundary past AFTER_NS */
		k = MAX(k, (uint64_t)((after_ns - lc->rot_start_ns) / (period * NS_PER_SEC)) + 1);
	if (after_us >= lc->rot_start_us)
		k = MAX(k, (uint64_t)((after_us - lc->rot_start_us) / (period * G_USEC_PER_SEC)) + 1);
	lc->file_k = k;
	lc->file_end_ns = lc->rot_start_ns + (int64_t)k * period * NS_PER_SEC;
	lc->file_end_us = lc->rot_start_us + (int64_t)k * period * G_USEC_PER_SEC;
	if (lc->file_end_ns >= lc->session_end_ns)
		lc->file_end_ns = lc->file_end_us = 0;
}

/* Ends the file at its time boundary: packets from then on go to the next
 * one.  AFTER_NS: the time of the packet that came after it, or of the
 * timer.  False as rotate. */
static bool rotate_by_time(live_capture *lc, struct loop_ctx *ctx, int64_t after_ns)
{
	int64_t end = lc->file_end_ns;
	next_file_end(lc, after_ns, g_get_monotonic_time() - LATE_NS / 1000);
	return rotate(lc, ctx, end);
}

/* True when the packet of CAPLEN bytes goes into a new file. */
static bool file_full(const live_capture *lc, const struct live_stats *session, uint32_t caplen)
{
	return lc->rot.next && lc->rot.size && session->packets > lc->closed_packets &&
	       pcapng_writer_size(lc->writer) + pcapng_epb_size(caplen) > lc->rot.size;
}

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct loop_ctx *ctx = (struct loop_ctx *)user;
	live_capture *lc = ctx->lc;
	if (ctx->ended)
		return;
	uint32_t caplen = h->caplen;
	if (lc->bytes_per_packet && caplen > lc->bytes_per_packet)
		caplen = (uint32_t)lc->bytes_per_packet;
	if (lc->session_bytes && ctx->stats->bytes + caplen > lc->session_bytes) {
		ctx->ended = true;
		ctx->end = LIVE_END_BYTES;
		pcap_breakloop(ctx->iface->pcap);
		return;
	}
	int64_t ts = (int64_t)h->ts.tv_sec * 1000000000 + (int64_t)h->ts.tv_usec * (ctx->iface->nano ? 1 : 1000);
	if ((lc->file_end_ns && ts >= lc->file_end_ns && !rotate_by_time(lc, ctx, ts)) ||
	    (file_full(lc, ctx->stats, caplen) && !rotate(lc, ctx, ts))) {
		ctx->ended = true;
		ctx->end = LIVE_END_FILE_ERROR;
		pcap_breakloop(ctx->iface->pcap);
		return;
	}
	if (!pcapng_writer_packet(lc->writer, ctx->iface->id, ts, bytes, caplen, h->len, &ctx->error)) {
		ctx->ended = true;
		ctx->end = LIVE_END_FILE_ERROR;
		pcap_breakloop(ctx->iface->pcap);
		return;
	}
	ctx->stats->packets++;
	ctx->stats->bytes += caplen;
	if (lc->packet_limit && ctx->stats->packets >= lc->packet_limit) {
		ctx->ended = true;
		ctx->end = LIVE_END_PACKETS;
		pcap_breakloop(ctx->iface->pcap);
	}
}

/* Sums what the interfaces say they dropped. */
static void count_drops(live_capture *lc, struct live_stats *stats)
{
	uint64_t n = 0;
	for (guint i = 0; i < lc->ifaces->len; i++) {
		struct pcap_stat ps;
		if (pcap_stats(g_array_index(lc->ifaces, struct live_iface, i).pcap, &ps) == 0)
			n += (uint64_t)ps.ps_drop + ps.ps_ifdrop;
	}
	stats->dropped = n;
}

/* Reads what every interface has ready; false when the capture ended. */
static bool read_all(live_capture *lc, struct loop_ctx *ctx)
{
	for (guint i = 0; i < lc->ifaces->len && !ctx->ended; i++) {
		ctx->iface = &g_array_index(lc->ifaces, struct live_iface, i);
		int rc = pcap_dispatch(ctx->iface->pcap, -1, on_packet, (u_char *)ctx);
		if (rc == PCAP_ERROR && !ctx->ended) {
			ctx->ended = true;
			ctx->end = LIVE_END_CAPTURE_ERROR;
			g_set_error(&ctx->error, CAPTURE_ERROR, CAPTURE_ERROR_CAPTURE, "capturing on '%s' failed: %s",
				    ctx->iface->name, pcap_geterr(ctx->iface->pcap));
		}
	}
	return !ctx->ended;
}

/* At the end, reads what the kernel holds: it arrived before the end.
 * Without immediate mode the kernel hands packets over a block at a time,
 * at the latest POLL_MS after the block's first one, so the last block is
 * waited for that long.  False when the capture ended meanwhile (a limit,
 * an error). */
static bool drain(live_capture *lc, struct loop_ctx *ctx, struct pollfd *pfd, guint n)
{
	if (!read_all(lc, ctx) || lc->immediate)
		return !ctx->ended;
	int64_t until = g_get_monotonic_time() + (POLL_MS + 50) * 1000;
	for (int64_t now; !ctx->ended && (now = g_get_monotonic_time()) < until;) {
		if (poll(pfd, n, (int)((until - now + 999) / 1000)) <= 0)
			break;
		read_all(lc, ctx);
	}
	return !ctx->ended;
}

/* Ends the loop with END unless it has ended already. */
static void end_loop(struct loop_ctx *ctx, LiveEnd end)
{
	if (!ctx->ended) {
		ctx->ended = true;
		ctx->end = end;
	}
}

/* The work due at NOW besides reading: flushing the file twice a second,
 * starting the next file when this one's time is up and no packet came to
 * do it. */
static void housekeeping(live_capture *lc, struct loop_ctx *ctx, int64_t now, int64_t *last_flush)
{
	int64_t late = g_get_real_time() * 1000 - LATE_NS;
	bool due = lc->file_end_ns && (late >= lc->file_end_ns || now - LATE_NS / 1000 >= lc->file_end_us);
	if (due && !rotate_by_time(lc, ctx, late)) {
		end_loop(ctx, LIVE_END_FILE_ERROR);
		return;
	}
	if (now - *last_flush >= FLUSH_US) {
		if (!pcapng_writer_flush(lc->writer, &ctx->error))
			end_loop(ctx, LIVE_END_FILE_ERROR);
		*last_flush = now;
	}
}

/* Milliseconds poll may wait at NOW: until the next check, the time limit
 * or the file's rotation, whichever comes first. */
static int poll_timeout(const live_capture *lc, int64_t now, int64_t deadline)
{
	int64_t until = MIN(deadline, now + POLL_MS * 1000);
	if (lc->file_end_ns) /* the file's end and its lateness, on either clock */
		until = MIN(until, MIN(now + (lc->file_end_ns + LATE_NS) / 1000 - g_get_real_time(),
				       lc->file_end_us + LATE_NS / 1000));
	return (int)MAX(0, (until - now + 999) / 1000);
}

LiveEnd live_run(live_capture *lc, volatile sig_atomic_t *stop,
		 void (*progress)(const struct live_stats *stats, void *data), void *data,
		 struct live_stats *stats, GError **error)
{
	*stats = (struct live_stats){0};
	struct loop_ctx ctx = {.lc = lc, .stats = stats};
	guint n = lc->ifaces->len;
	g_autofree struct pollfd *pfd = g_new0(struct pollfd, n);
	for (guint i = 0; i < n; i++) {
		pfd[i].fd = pcap_get_selectable_fd(g_array_index(lc->ifaces, struct live_iface, i).pcap);
		pfd[i].events = POLLIN;
	}
	int64_t start = g_get_monotonic_time(), last_flush = start, last_progress = start;
	int64_t deadline = start + (int64_t)lc->time_limit * G_USEC_PER_SEC;
	/* Files rotated by time end on the session's clock: every SECONDS after
	 * its start, by the packets' own times. */
	int64_t start_ns = g_get_real_time() * 1000;
	lc->session_end_ns = start_ns + (int64_t)lc->time_limit * NS_PER_SEC;
	lc->rot_start_ns = start_ns;
	lc->rot_start_us = start;
	if (lc->rot.next && lc->rot.seconds)
		next_file_end(lc, start_ns, start);
	while (!ctx.ended) {
		int64_t now = g_get_monotonic_time();
		if (*stop || now >= deadline) {
			if (drain(lc, &ctx, pfd, n))
				end_loop(&ctx, *stop ? LIVE_END_STOP : LIVE_END_TIME);
			break;
		}
		if (poll(pfd, n, poll_timeout(lc, now, deadline)) < 0 && errno != EINTR) {
			g_set_error(&ctx.error, CAPTURE_ERROR, CAPTURE_ERROR_CAPTURE, "cannot wait for packets: %s",
				    g_strerror(errno));
			end_loop(&ctx, LIVE_END_CAPTURE_ERROR);
			break;
		}
		read_all(lc, &ctx);
		now = g_get_monotonic_time();
		if (!ctx.ended)
			housekeeping(lc, &ctx, now, &last_flush);
		if (!ctx.ended && progress && now - last_progress >= PROGRESS_US) {
			count_drops(lc, stats);
			progress(stats, data);
			last_progress = now;
		}
	}
	if (ctx.end != LIVE_END_FILE_ERROR && !pcapng_writer_flush(lc->writer, &ctx.error))
		ctx.end = LIVE_END_FILE_ERROR;
	count_drops(lc, stats);
	if (ctx.end == LIVE_END_FILE_ERROR && lc->writer) { /* count what the file holds */
		uint64_t bytes;
		stats->packets = lc->closed_packets + pcapng_writer_packets(lc->writer, &bytes);
		stats->bytes = lc->closed_bytes + bytes;
	}
	if (ctx.error)
		g_propagate_error(error, ctx.error);
	return ctx.end;
}

bool live_close(live_capture *lc, GError **error)
{
	if (!lc)
		return true;
	for (guint i = 0; i < lc->ifaces->len; i++) {
		struct live_iface *li = &g_array_index(lc->ifaces, struct live_iface, i);
		if (li->pcap)
			pcap_close(li->pcap);
		g_free(li->name);
	}
	g_array_free(lc->ifaces, TRUE);
	bool ok = pcapng_writer_close(lc->writer, error);
	g_free(lc);
	return ok;
}
