/* pcapng_writer.c — pcapng output (the block layout of
 * draft-ietf-opsawg-pcapng): little-endian blocks built in a queue and
 * written whole; a failed write is cut back to the last whole block. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "capture/capture.h"
#include "capture/pcapng_writer.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define OPT_END 0
#define OPT_COMMENT 1
#define OPT_SHB_USERAPPL 4
#define OPT_IF_NAME 2
#define OPT_IF_DESCRIPTION 3
#define OPT_IF_TSRESOL 9
#define OPT_IF_TSOFFSET 14
#define QUEUE_LIMIT (256 * 1024) /* bytes queued before a write */
#define DIRECT_MIN (16 * 1024)    /* packets this large are written without a copy */
#define RESERVE_MIN (1u << 20)    /* file space reserved ahead of the writes: as much as */
#define RESERVE_MAX (16u << 20)   /* the file holds, within these bounds */

struct pcapng_writer {
	int fd;
	char *path;        /* for messages */
	GByteArray *queue; /* whole blocks not yet written */
	uint64_t written;  /* bytes in the file, all whole blocks */
	uint32_t n_ifaces;
	uint64_t packets;      /* packets in the file (whole blocks written) */
	uint64_t packet_bytes; /* their captured bytes */
	bool failed;       /* a write failed: nothing more is written */
	bool reserving;    /* a regular file whose space is reserved ahead */
	uint64_t reserved; /* the file's space is reserved up to here (may pass its end) */
};

static void put32(GByteArray *b, uint32_t v)
{
	uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	g_byte_array_append(b, x, 4);
}

static void put16(GByteArray *b, uint16_t v)
{
	uint8_t x[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	g_byte_array_append(b, x, 2);
}

static void pad4(GByteArray *b, size_t n)
{
	static const uint8_t zeros[4];
	if (n % 4)
		g_byte_array_append(b, zeros, (guint)(4 - n % 4));
}

static void put_option(GByteArray *b, uint16_t code, const void *data, uint16_t len)
{
	put16(b, code);
	put16(b, len);
	g_byte_array_append(b, data, len);
	pad4(b, len);
}

/* Block starting at START in the queue: writes its total length at both ends. */
static void finish_block(GByteArray *b, guint start)
{
	uint32_t total = b->len - start + 4;
	put32(b, total);
	uint8_t x[4] = {(uint8_t)total, (uint8_t)(total >> 8), (uint8_t)(total >> 16), (uint8_t)(total >> 24)};
	memcpy(b->data + start + 4, x, 4);
}

pcapng_writer *pcapng_writer_new(int fd, const char *path)
{
	return pcapng_writer_new_app(fd, path, "analyze capture");
}

pcapng_writer *pcapng_writer_new_app(int fd, const char *path, const char *app)
{
	pcapng_writer *w = g_new0(pcapng_writer, 1);
	w->fd = fd;
	w->path = g_strdup(path);
	struct stat st;
	w->reserving = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	w->queue = g_byte_array_sized_new(QUEUE_LIMIT + 65536);
	guint start = w->queue->len;
	put32(w->queue, BT_SHB);
	put32(w->queue, 0);
	put32(w->queue, BYTE_ORDER_MAGIC);
	put16(w->queue, 1);
	put16(w->queue, 0);
	put32(w->queue, 0xFFFFFFFFu); /* section length not known */
	put32(w->queue, 0xFFFFFFFFu);
	put_option(w->queue, OPT_SHB_USERAPPL, app, (uint16_t)MIN(strlen(app), 1000));
	put_option(w->queue, OPT_END, NULL, 0);
	finish_block(w->queue, start);
	return w;
}

uint32_t pcapng_writer_add_interface(pcapng_writer *w, uint32_t linktype, uint32_t snaplen,
				     const char *name)
{
	struct pcapng_iface ifc = {linktype, snaplen, name, NULL, 9, 0};
	return pcapng_writer_add_iface(w, &ifc);
}

uint32_t pcapng_writer_add_iface(pcapng_writer *w, const struct pcapng_iface *ifc)
{
	guint start = w->queue->len;
	put32(w->queue, BT_IDB);
	put32(w->queue, 0);
	put16(w->queue, (uint16_t)ifc->linktype);
	put16(w->queue, 0);
	put32(w->queue, ifc->snaplen);
	if (ifc->name)
		put_option(w->queue, OPT_IF_NAME, ifc->name, (uint16_t)MIN(strlen(ifc->name), 1000));
	if (ifc->description)
		put_option(w->queue, OPT_IF_DESCRIPTION, ifc->description,
			   (uint16_t)MIN(strlen(ifc->description), 1000));
	if (ifc->tsresol != 6)
		put_option(w->queue, OPT_IF_TSRESOL, &ifc->tsresol, 1);
	if (ifc->tsoffset) {
		uint8_t x[8];
		for (int i = 0; i < 8; i++)
			x[i] = (uint8_t)((uint64_t)ifc->tsoffset >> (8 * i));
		put_option(w->queue, OPT_IF_TSOFFSET, x, 8);
	}
	put_option(w->queue, OPT_END, NULL, 0);
	finish_block(w->queue, start);
	return w->n_ifaces++;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Counts the whole blocks in the first N bytes of the queue as written:
 * returns how many bytes they take, and adds their packets. */
static size_t commit_blocks(pcapng_writer *w, size_t n)
{
	size_t off = 0;
	while (off + 8 <= w->queue->len) {
		const uint8_t *b = w->queue->data + off;
		uint32_t len = get32(b + 4);
		if (off + len > n)
			break;
		if (get32(b) == BT_EPB) {
			w->packets++;
			w->packet_bytes += get32(b + 20);
		}
		off += len;
	}
	w->written += off;
	return off;
}

/* Marks W failed after a write error E, the file cut back to its whole
 * blocks.  Returns false with the error set. */
static bool write_failed(pcapng_writer *w, int e, GError **error)
{
	w->failed = true;
	if (ftruncate(w->fd, (off_t)w->written) == 0)
		(void)lseek(w->fd, (off_t)w->written, SEEK_SET);
	g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE, "cannot write '%s': %s", w->path, g_strerror(e));
	return false;
}

/* Reserves the file's space ahead of a write of N bytes, a step at a time
 * (as much as the file holds, 1 to 16 MiB), without changing its size
 * (FALLOC_FL_KEEP_SIZE): the file system then allocates blocks in a few
 * large extents at once instead of block by block as each write comes, which
 * on ext4 is a sixth of a large write's CPU time.  The file's size stays that
 * of its whole blocks, so it reads the same at any moment; closing gives back
 * what is left (ftruncate), and a file system that cannot reserve, or has no
 * room for a step, is written without from then on: a full disk ends the
 * writes as it would have. */
static void reserve(pcapng_writer *w, size_t n)
{
	if (!w->reserving || w->written + n <= w->reserved)
		return;
	uint64_t from = MAX(w->reserved, w->written);
	uint64_t to = w->written + n + CLAMP(w->written, RESERVE_MIN, RESERVE_MAX);
	if (fallocate(w->fd, FALLOC_FL_KEEP_SIZE, (off_t)from, (off_t)(to - from)) != 0)
		w->reserving = false;
	else
		w->reserved = to;
}

bool pcapng_writer_flush(pcapng_writer *w, GError **error)
{
	if (!w)
		return true;
	if (w->failed) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE, "cannot write '%s': an earlier write failed",
			    w->path);
		return false;
	}
	reserve(w, w->queue->len);
	size_t done = 0;
	while (done < w->queue->len) {
		ssize_t n = write(w->fd, w->queue->data + done, w->queue->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* Keep the blocks written whole; cut a partly written one off,
			 * so the file ends on a whole block. */
			int e = n < 0 ? errno : ENOSPC;
			commit_blocks(w, done);
			return write_failed(w, e, error);
		}
		done += (size_t)n;
	}
	commit_blocks(w, w->queue->len);
	g_byte_array_set_size(w->queue, 0);
	return true;
}

/* A large packet's block goes straight from DATA to the file, sparing a
 * copy of its bytes, in one writev with the blocks queued before it (which
 * keeps the order and costs one system call, not two).  A write cut short
 * keeps the whole blocks it wrote, as pcapng_writer_flush does. */
static bool write_direct(pcapng_writer *w, uint32_t iface, uint64_t ts, const uint8_t *data, uint32_t caplen,
			 uint32_t len, GError **error)
{
	uint32_t total = (uint32_t)pcapng_epb_size(caplen);
	uint32_t head[7] = {BT_EPB, total, iface, (uint32_t)(ts >> 32), (uint32_t)ts, caplen, len};
	uint8_t h[28], tail[8] = {0};
	for (int i = 0; i < 7; i++)
		for (int b = 0; b < 4; b++)
			h[4 * i + b] = (uint8_t)(head[i] >> (8 * b));
	size_t pad = (4 - caplen % 4) % 4;
	for (int b = 0; b < 4; b++)
		tail[pad + (size_t)b] = (uint8_t)(total >> (8 * b));
	size_t queued = w->queue->len;
	struct iovec iov[4] = {{w->queue->data, queued}, {h, sizeof h}, {(void *)data, caplen}, {tail, pad + 4}};
	struct iovec *v = queued ? iov : iov + 1;
	int nv = queued ? 4 : 3;
	reserve(w, queued + total);
	size_t done = 0;
	while (nv > 0) {
		ssize_t n = writev(w->fd, v, nv);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			commit_blocks(w, MIN(done, queued));
			return write_failed(w, n < 0 ? errno : ENOSPC, error);
		}
		done += (size_t)n;
		size_t left = (size_t)n;
		for (; nv > 0 && left >= v->iov_len; v++, nv--)
			left -= v->iov_len;
		if (nv > 0) {
			v->iov_base = (uint8_t *)v->iov_base + left;
			v->iov_len -= left;
		}
	}
	commit_blocks(w, queued);
	g_byte_array_set_size(w->queue, 0);
	w->written += total;
	w->packets++;
	w->packet_bytes += caplen;
	return true;
}

bool pcapng_writer_packet(pcapng_writer *w, uint32_t iface, int64_t ts_ns, const uint8_t *data,
			  uint32_t caplen, uint32_t len, GError **error)
{
	return pcapng_writer_packet_full(w, iface, (uint64_t)ts_ns, data, caplen, len, NULL, 0, error);
}

bool pcapng_writer_packet_full(pcapng_writer *w, uint32_t iface, uint64_t ts, const uint8_t *data,
			       uint32_t caplen, uint32_t len, const uint8_t *comment, uint16_t comment_len,
			       GError **error)
{
	if (w->failed)
		return pcapng_writer_flush(w, error);
	if (!comment && caplen >= DIRECT_MIN)
		return write_direct(w, iface, ts, data, caplen, len, error);
	guint start = w->queue->len;
	put32(w->queue, BT_EPB);
	put32(w->queue, 0);
	put32(w->queue, iface);
	put32(w->queue, (uint32_t)(ts >> 32));
	put32(w->queue, (uint32_t)ts);
	put32(w->queue, caplen);
	put32(w->queue, len);
	g_byte_array_append(w->queue, data, caplen);
	pad4(w->queue, caplen);
	if (comment) {
		put_option(w->queue, OPT_COMMENT, comment, comment_len);
		put_option(w->queue, OPT_END, NULL, 0);
	}
	finish_block(w->queue, start);
	if (w->queue->len >= QUEUE_LIMIT)
		return pcapng_writer_flush(w, error);
	return true;
}

uint64_t pcapng_epb_size(uint32_t caplen)
{
	return 32 + (((uint64_t)caplen + 3) & ~(uint64_t)3);
}

uint64_t pcapng_writer_size(const pcapng_writer *w)
{
	return w->written + (w->failed ? 0 : w->queue->len);
}

uint64_t pcapng_writer_packets(const pcapng_writer *w, uint64_t *bytes)
{
	*bytes = w->packet_bytes;
	return w->packets;
}

bool pcapng_writer_close(pcapng_writer *w, GError **error)
{
	if (!w)
		return true;
	g_autoptr(GError) err = NULL;
	bool ok = w->failed || pcapng_writer_flush(w, &err);
	if (ok && !w->failed && w->reserved > w->written && ftruncate(w->fd, (off_t)w->written) != 0) {
		g_set_error(&err, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE, "cannot write '%s': %s", w->path,
			    g_strerror(errno));
		ok = false;
	}
	if (ok && !w->failed && fsync(w->fd) != 0 && errno != EINVAL && errno != EROFS) {
		g_set_error(&err, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE, "cannot write '%s': %s", w->path,
			    g_strerror(errno));
		ok = false;
	}
	if (close(w->fd) != 0 && ok) {
		g_set_error(&err, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE, "cannot close '%s': %s", w->path,
			    g_strerror(errno));
		ok = false;
	}
	if (!ok && err)
		g_propagate_error(error, g_steal_pointer(&err));
	g_byte_array_free(w->queue, TRUE);
	g_free(w->path);
	g_free(w);
	return ok;
}
