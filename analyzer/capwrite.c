/* capwrite.c — the frames a list keeps, written as pcapng or pcap.
 *
 * pcapng: every interface of every input, in input order (so a frame keeps
 * its interface number within its file), with its name, description, time
 * resolution and offset; each packet's timestamp in its interface's units
 * and its comment.  pcap: one link type, microseconds unless the input's
 * units are finer (then the nanosecond magic). */
#include "analyzer/capwrite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/pcapng_writer.h"

#define PCAP_QUEUE_LIMIT (256 * 1024)

struct capwrite {
	CapWriteFormat fmt;
	char *path;            /* final name; NULL for standard output */
	char *tmp_path;        /* written under this name until complete */
	const char *shown;     /* the name messages use */
	char *device;          /* a device or FIFO written directly, or NULL */
	pcapng_writer *ng;     /* pcapng */
	GArray *file_ifaces;   /* guint per input file: interfaces written so far */
	GArray *file_base;     /* guint32 per input file: the first one's output id */
	uint32_t n_out;        /* interfaces in the output */
	int fd;                /* pcap */
	GByteArray *queue;     /* pcap: records not yet written */
	bool pcap_started;
	uint32_t pcap_linktype;
	bool pcap_nsec;
	uint64_t frames;
	uint64_t skipped;      /* records no link type of the format can hold */
};

bool capwrite_format_parse(const char *name, CapWriteFormat *fmt)
{
	if (strcmp(name, "pcapng") == 0)
		*fmt = CAPWRITE_PCAPNG;
	else if (strcmp(name, "pcap") == 0)
		*fmt = CAPWRITE_PCAP;
	else
		return false;
	return true;
}

static void set_io_error(GError **error, const char *path, int e)
{
	g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot write '%s': %s", path, g_strerror(e));
}

capwrite *capwrite_open(const char *path, CapWriteFormat fmt, GError **error)
{
	int fd;
	g_autofree char *tmp = NULL;
	struct stat st;
	if (strcmp(path, "-") == 0) {
		fd = dup(STDOUT_FILENO);
	} else if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		/* a device or a FIFO (/dev/null): written directly, never
		 * replaced by a renamed file */
		fd = open(path, O_WRONLY | O_CLOEXEC);
	} else {
		tmp = g_strdup_printf("%s.part-%d", path, (int)getpid());
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	}
	if (fd < 0) {
		set_io_error(error, path, errno);
		return NULL;
	}
	capwrite *w = g_new0(capwrite, 1);
	w->fmt = fmt;
	w->path = tmp ? g_strdup(path) : NULL;
	w->tmp_path = g_steal_pointer(&tmp);
	if (!w->path && strcmp(path, "-") != 0)
		w->device = g_strdup(path);
	w->shown = w->path ? w->path : w->device ? w->device : "standard output";
	w->file_ifaces = g_array_new(FALSE, TRUE, sizeof(guint));
	w->file_base = g_array_new(FALSE, TRUE, sizeof(uint32_t));
	if (fmt == CAPWRITE_PCAPNG) {
		w->ng = pcapng_writer_new_app(fd, w->shown, "analyze");
	} else {
		w->fd = fd;
		w->queue = g_byte_array_sized_new(PCAP_QUEUE_LIMIT + 65536);
	}
	return w;
}

static void put32(GByteArray *b, uint32_t v)
{
	uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	g_byte_array_append(b, x, 4);
}

/* The power of ten UNITS is (1 for 10, ... 9 for 1e9), or -1. */
static int decimal_exponent(uint64_t units)
{
	int e = 0;
	for (uint64_t u = 1; e <= 9; e++, u *= 10)
		if (u == units)
			return e;
	return -1;
}

/* Writes the interfaces of file FILE that R knows and the output lacks. */
static void pcapng_interfaces(capwrite *w, guint file, const cap_reader *r)
{
	while (w->file_ifaces->len <= file) {
		guint zero = 0;
		g_array_append_val(w->file_ifaces, zero);
		g_array_append_val(w->file_base, w->n_out);
	}
	guint *done = &g_array_index(w->file_ifaces, guint, file);
	for (guint n = cap_reader_n_interfaces(r); *done < n; (*done)++) {
		const struct cap_interface *in = cap_reader_interface(r, *done);
		int e = decimal_exponent(in->ts_units);
		struct pcapng_iface ifc = {in->linktype, in->snaplen, in->name, in->description,
					   (uint8_t)(e < 0 ? 9 : e), in->ts_offset};
		pcapng_writer_add_iface(w->ng, &ifc);
		w->n_out++;
	}
}

/* F's time in UNITS per second since the interface's offset. */
static uint64_t ts_in_units(const struct frame *f, uint64_t units, int64_t offset)
{
	uint64_t sec = (uint64_t)(f->ts_sec - offset);
	return sec * units + (uint64_t)f->ts_nsec / (1000000000u / units);
}

static bool pcapng_frame(capwrite *w, guint file, const cap_reader *r, const struct frame *f, GError **error)
{
	pcapng_interfaces(w, file, r);
	const struct cap_interface *in = cap_reader_interface(r, f->interface);
	if (!in || f->interface >= g_array_index(w->file_ifaces, guint, file)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "frame %" G_GUINT64_FORMAT " has no interface",
			    f->number);
		return false;
	}
	int e = decimal_exponent(in->ts_units);
	uint64_t units = e < 0 ? 1000000000u : in->ts_units;
	uint32_t id = g_array_index(w->file_base, uint32_t, file) + f->interface;
	bool comment = (f->flags & FRAME_COMMENT) && (f->flags & FRAME_PCAPNG) && f->comment;
	return pcapng_writer_packet_full(w->ng, id, ts_in_units(f, units, in->ts_offset), f->data, f->caplen, f->len,
					 comment ? f->comment : NULL, comment ? (uint16_t)MIN(f->comment_len, 65535u) : 0,
					 error);
}

static bool pcap_flush(capwrite *w, GError **error)
{
	size_t done = 0;
	while (done < w->queue->len) {
		ssize_t n = write(w->fd, w->queue->data + done, w->queue->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			set_io_error(error, w->shown, n < 0 ? errno : ENOSPC);
			return false;
		}
		done += (size_t)n;
	}
	g_byte_array_set_size(w->queue, 0);
	return true;
}

static bool pcap_frame(capwrite *w, const cap_reader *r, const struct frame *f, GError **error)
{
	const struct cap_interface *in = r ? cap_reader_interface(r, f->interface) : NULL;
	if (!w->pcap_started) {
		w->pcap_started = true;
		w->pcap_linktype = f->linktype;
		w->pcap_nsec = r && in && in->ts_units > 1000000u;
		put32(w->queue, w->pcap_nsec ? 0xa1b23c4du : 0xa1b2c3d4u);
		put32(w->queue, 2u | 4u << 16); /* version 2.4 */
		put32(w->queue, 0);             /* thiszone */
		put32(w->queue, 0);             /* sigfigs */
		put32(w->queue, in && in->snaplen ? in->snaplen : 262144u);
		put32(w->queue, f->linktype);
	} else if (f->linktype != w->pcap_linktype) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "frame %" G_GUINT64_FORMAT " has link type %u, the first frame %u: a pcap file holds one "
			    "link type (write pcapng)",
			    f->number, f->linktype, w->pcap_linktype);
		return false;
	}
	put32(w->queue, (uint32_t)f->ts_sec);
	put32(w->queue, w->pcap_nsec ? f->ts_nsec : f->ts_nsec / 1000u);
	put32(w->queue, f->caplen);
	put32(w->queue, f->len);
	g_byte_array_append(w->queue, f->data, f->caplen);
	return w->queue->len < PCAP_QUEUE_LIMIT || pcap_flush(w, error);
}

bool capwrite_frame(capwrite *w, guint file, const cap_reader *r, const struct frame *f, GError **error)
{
	if (f->linktype > 0xFFFF || (f->flags & FRAME_NOT_PACKET) || f->interface == FRAME_NO_INTERFACE) {
		w->skipped++;
		return true;
	}
	bool ok = w->fmt == CAPWRITE_PCAPNG ? pcapng_frame(w, file, r, f, error) : pcap_frame(w, r, f, error);
	if (ok)
		w->frames++;
	return ok;
}

uint64_t capwrite_frames(const capwrite *w, uint64_t *skipped)
{
	*skipped = w->skipped;
	return w->frames;
}

static void capwrite_free(capwrite *w)
{
	if (w->queue)
		g_byte_array_free(w->queue, TRUE);
	g_array_free(w->file_ifaces, TRUE);
	g_array_free(w->file_base, TRUE);
	g_free(w->path);
	g_free(w->device);
	g_free(w->tmp_path);
	g_free(w);
}

bool capwrite_close(capwrite *w, GError **error)
{
	bool ok;
	if (w->fmt == CAPWRITE_PCAPNG) {
		ok = pcapng_writer_close(w->ng, error);
	} else {
		if (!w->pcap_started) { /* no frame: a header all the same, of Ethernet */
			struct frame none = {.linktype = LINKTYPE_ETHERNET};
			pcap_frame(w, NULL, &none, NULL);
			g_byte_array_set_size(w->queue, 24);
		}
		ok = pcap_flush(w, error);
		if (ok && w->path && fsync(w->fd) != 0) {
			set_io_error(error, w->shown, errno);
			ok = false;
		}
		if (close(w->fd) != 0 && ok) {
			set_io_error(error, w->shown, errno);
			ok = false;
		}
	}
	if (ok && w->path && rename(w->tmp_path, w->path) != 0) {
		set_io_error(error, w->path, errno);
		ok = false;
	}
	if (!ok && w->tmp_path)
		unlink(w->tmp_path);
	capwrite_free(w);
	return ok;
}

void capwrite_abort(capwrite *w)
{
	if (!w)
		return;
	if (w->fmt == CAPWRITE_PCAPNG)
		pcapng_writer_close(w->ng, NULL);
	else
		close(w->fd);
	if (w->tmp_path)
		unlink(w->tmp_path);
	capwrite_free(w);
}
