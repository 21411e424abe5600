/* reader_compress.c — gzip (RFC 1952; ISA-L's igzip and zlib) and
 * Zstandard (RFC 8878, libzstd) compressed captures, decompressed as they
 * are read.
 *
 * A compressed capture is recognised by its magic, never by its name:
 *
 *   gzip member:   1f 8b 08 FLG MTIME(4) XFL OS  [extra, name, comment, crc]
 *                  deflate data  CRC-32(4)  ISIZE(4)
 *   zstd frame:    28 b5 2f fd  frame header  blocks  [checksum(4)]
 *   zstd skippable frame: 5? 2a 4d 18  size(4)  bytes (ignored)
 *
 * Several gzip members one after the other (`cat a.gz b.gz`, pigz, bgzip)
 * and several zstd frames (`cat a.zst b.zst`, pzstd) decompress to one
 * stream, as gzip(1) and zstd(1) read them.  Damage is reported where it
 * is found, after every byte decompressed before it: the stream cut short,
 * data that cannot be decompressed, a checksum that does not match, or
 * bytes after the last member that belong to no member.
 *
 * A gzip member of a regular file is inflated by igzip, about three times
 * as fast as zlib.  Should igzip stop anywhere but at the member's end
 * (damage, or the file ending inside it), the member is read again from
 * its first byte by zlib, which passes over the bytes already handed out
 * and then finds and names the damage: what is reported is what zlib
 * says, at the offsets where zlib stops.  From a pipe, where nothing can
 * be read again, zlib inflates everything.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <isa-l/igzip_lib.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "analyzer/reader_private.h"

/* Bytes a zstd frame starts with (magic and frame header descriptor). */
#define ZS_FRAME_PREFIX 5
/* Bytes of a zstd block header. */
#define ZS_BLOCK_HEADER 3

/* Compressed bytes read from the file at a time. */
#define CODEC_IN_SIZE ((size_t)1 << 20)

struct cap_codec {
	CapCompression kind;
	int fd;
	bool stream;          /* a pipe or terminal: return what is decompressed
	                       * rather than wait for more input */
	uint8_t *in;          /* compressed bytes read, CODEC_IN_SIZE or more */
	size_t in_cap;
	size_t in_pos;        /* next compressed byte to decompress */
	size_t in_end;        /* end of the compressed bytes in `in` */
	bool in_eof;          /* read(2) returned 0 */
	uint64_t in_read;     /* compressed bytes read from the file so far */
	uint64_t out_total;   /* bytes decompressed so far */
	bool at_boundary;     /* between two gzip members or zstd frames */
	GError *pending;      /* damage found, returned once the bytes before
	                       * it have been taken */
	z_stream z;           /* gzip, by zlib */
	struct inflate_state *ig; /* gzip, by igzip (a regular file only) */
	bool by_zlib;         /* this member is inflated by zlib */
	int64_t base;         /* file offset of compressed byte 0, -1 when
	                       * the file cannot be read again */
	uint64_t member_in;   /* compressed offset of this member's first byte */
	uint64_t member_out;  /* bytes decompressed before this member */
	uint64_t skip;        /* bytes zlib passes over: igzip handed them out */
	bool moved;           /* the last step went forward without output */
	ZSTD_DStream *zs;     /* zstd */
	size_t zs_hint;       /* compressed bytes the zstd decoder wants next */
	struct ahead *ahead;  /* the decompressing thread, for a regular file */
	bool here;            /* decompressed on the reader's thread (a pipe, one CPU) */
};

/* A compressed regular file is decompressed on a thread of its own, a few
 * chunks ahead of the reader, so that on two cores decompressing and
 * dissecting overlap.  The chunks carry what a call of the decompressor
 * gave: bytes, then the end or the damage, in order, and how far into the
 * compressed file it had read. */
#define AHEAD_CHUNKS 3
#define AHEAD_CHUNK_SIZE ((size_t)4 << 20)

struct chunk {
	uint8_t *buf;
	gssize len;          /* bytes, 0 at the end, -1 for the damage in err */
	size_t off;          /* bytes of buf already taken */
	GError *err;
	uint64_t consumed;   /* compressed bytes consumed once it was made */
};

struct ahead {
	GThread *thread;
	GMutex lock;
	GCond cond;
	struct chunk chunk[AHEAD_CHUNKS];
	unsigned head, count; /* the oldest full chunk, and how many are full */
	bool stop, done;      /* asked to stop; the thread made its last chunk */
	uint64_t consumed;    /* of the chunk the reader is taking from */
};

static void ahead_free(struct ahead *a);

bool cap_gzip_zlib_only;

CapCompression cap_compression_sniff(const uint8_t *p, size_t n)
{
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return CAP_COMPRESSION_GZIP;
	if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd)
		return CAP_COMPRESSION_ZSTD;
	/* a skippable frame (magic 0x184D2A50..5F, little-endian) */
	if (n >= 4 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d &&
	    p[3] == 0x18)
		return CAP_COMPRESSION_ZSTD;
	return CAP_COMPRESSION_NONE;
}

const char *cap_compression_name(CapCompression c)
{
	switch (c) {
	case CAP_COMPRESSION_NONE:
		return "none";
	case CAP_COMPRESSION_GZIP:
		return "gzip";
	case CAP_COMPRESSION_ZSTD:
		return "zstd";
	}
	return "unknown";
}

cap_codec *cap_codec_new(CapCompression kind, int fd, bool stream,
			 const uint8_t *head, size_t head_len)
{
	cap_codec *c = g_new0(cap_codec, 1);

	c->kind = kind;
	c->fd = fd;
	c->stream = stream;
	c->in_cap = MAX(CODEC_IN_SIZE, head_len);
	c->in = g_malloc(c->in_cap);
	memcpy(c->in, head, head_len);
	c->in_end = head_len;
	c->in_read = head_len;
	if (kind == CAP_COMPRESSION_GZIP) {
		/* 16 + 15: a gzip wrapper (header, CRC-32 and length checked)
		 * around a deflate stream of any window size. */
		if (inflateInit2(&c->z, 16 + MAX_WBITS) != Z_OK)
			g_error("zlib: out of memory");
		off_t at = stream ? -1 : lseek(fd, 0, SEEK_CUR);
		c->base = at >= (off_t)head_len ? (int64_t)(at - (off_t)head_len) : -1;
		if (c->base >= 0 && !cap_gzip_zlib_only) {
			c->ig = g_new(struct inflate_state, 1);
			isal_inflate_init(c->ig);
			c->ig->crc_flag = ISAL_GZIP;
		} else {
			c->by_zlib = true;
		}
	} else {
		c->zs = ZSTD_createDStream();
		c->zs_hint = ZS_FRAME_PREFIX;
		if (c->zs == NULL)
			g_error("zstd: out of memory");
	}
	return c;
}

void cap_codec_free(cap_codec *c)
{
	if (c == NULL)
		return;
	ahead_free(c->ahead);
	if (c->kind == CAP_COMPRESSION_GZIP) {
		inflateEnd(&c->z);
		g_free(c->ig);
	} else
		ZSTD_freeDStream(c->zs);
	g_free(c->in);
	g_clear_error(&c->pending);
	g_free(c);
}

/* Compressed bytes the decompressor has used, where it stands. */
static uint64_t codec_in_offset(const cap_codec *c)
{
	return c->in_read - (c->in_end - c->in_pos);
}

uint64_t cap_codec_consumed(const cap_codec *c)
{
	return c->ahead ? c->ahead->consumed : codec_in_offset(c);
}

/* ---- damage -------------------------------------------------------------- */

/* Records the damage found at the current position; it is returned by the
 * call after the one that hands out the bytes decompressed before it. */
static void codec_damage(cap_codec *c, CapReaderError code, const char *what,
			 const char *detail)
{
	g_autofree char *d = NULL;

	if (detail != NULL && *detail) {
		d = g_strdup_printf(": %s", detail);
		d[2] = g_ascii_tolower(d[2]);
	}
	g_clear_error(&c->pending);
	c->pending = g_error_new(CAP_READER_ERROR, (gint)code,
				 "%s data %s at compressed offset %" PRIu64
				 ", capture offset %" PRIu64 "%s",
				 cap_compression_name(c->kind), what,
				 codec_in_offset(c), c->out_total,
				 d != NULL ? d : "");
}

/* ---- compressed input ---------------------------------------------------- */

/* Records an I/O failure (errno) at compressed offset AT: WHAT says what
 * failed there. */
static void codec_io_failed(cap_codec *c, const char *what, uint64_t at)
{
	g_autofree char *text = g_strdup(g_strerror(errno));
	g_clear_error(&c->pending);
	c->pending = g_error_new(CAP_READER_ERROR, CAP_READER_ERROR_IO,
				 "%s at compressed offset %" PRIu64 ": %c%s", what, at,
				 g_ascii_tolower(text[0]), text + 1);
}

/* Reads more compressed bytes after those not yet decompressed.  Returns
 * false with the damage recorded on a read error; at the end of the file
 * sets in_eof and returns true. */
static bool codec_fill(cap_codec *c)
{
	size_t left = c->in_end - c->in_pos;

	if (c->in_pos == 0 && c->in_end == c->in_cap) {
		c->in_cap *= 2;
		c->in = g_realloc(c->in, c->in_cap);
	}
	if (c->in_pos > 0) {
		memmove(c->in, c->in + c->in_pos, left);
		c->in_pos = 0;
		c->in_end = left;
	}
	for (;;) {
		ssize_t n = read(c->fd, c->in + c->in_end, c->in_cap - c->in_end);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			codec_io_failed(c, "read failed", c->in_read);
			return false;
		}
		if (n == 0)
			c->in_eof = true;
		c->in_end += (size_t)n;
		c->in_read += (uint64_t)n;
		return true;
	}
}

/* ---- gzip ---------------------------------------------------------------- */

/* One call of zlib's inflate over the compressed bytes at hand into OUT
 * (LEN bytes); sets *GOT to the bytes written. */
static int gz_inflate(cap_codec *c, uint8_t *out, size_t len, size_t *got)
{
	c->z.next_in = c->in + c->in_pos;
	c->z.avail_in = (uInt)MIN(c->in_end - c->in_pos, (size_t)UINT_MAX);
	c->z.next_out = out;
	c->z.avail_out = (uInt)MIN(len, (size_t)UINT_MAX);
	int rc = inflate(&c->z, Z_NO_FLUSH);
	*got = (size_t)(c->z.next_out - out);
	c->in_pos = (size_t)(c->z.next_in - c->in);
	return rc;
}

/* igzip stopped inside this member: zlib reads it again from its first
 * byte, passing over what igzip handed out. */
static void gz_again_by_zlib(cap_codec *c)
{
	c->by_zlib = true;
	c->moved = true;
	if (lseek(c->fd, (off_t)(c->base + (int64_t)c->member_in), SEEK_SET) < 0) {
		codec_io_failed(c, "cannot read again", c->member_in);
		return;
	}
	c->in_pos = c->in_end = 0;
	c->in_read = c->member_in;
	c->in_eof = false;
	c->skip = c->out_total - c->member_out;
	inflateReset(&c->z);
}

/* igzip: returns the bytes written to OUT. */
static size_t gz_step_igzip(cap_codec *c, uint8_t *out, size_t len)
{
	struct inflate_state *s = c->ig;
	size_t before = c->in_pos;

	s->next_in = c->in + c->in_pos;
	s->avail_in = (uint32_t)MIN(c->in_end - c->in_pos, (size_t)UINT32_MAX);
	s->next_out = out;
	s->avail_out = (uint32_t)MIN(len, (size_t)UINT32_MAX);
	int rc = isal_inflate(s);
	size_t got = (size_t)(s->next_out - out);
	c->in_pos = (size_t)(s->next_in - c->in);
	c->out_total += got;
	if (rc == ISAL_DECOMP_OK && s->block_state == ISAL_BLOCK_FINISH)
		c->at_boundary = true;
	else if (rc != ISAL_DECOMP_OK ||
		 (got == 0 && c->in_pos == before && c->in_eof))
		gz_again_by_zlib(c);
	return got;
}

/* zlib: returns the bytes written to OUT, after passing over those igzip
 * handed out before it stopped. */
static size_t gz_step_zlib(cap_codec *c, uint8_t *out, size_t len)
{
	size_t got;
	int rc;

	if (c->skip > 0) {
		rc = gz_inflate(c, out, MIN(len, c->skip), &got);
		c->skip -= got;
		c->moved = got > 0;
		got = 0;
	} else {
		rc = gz_inflate(c, out, len, &got);
		c->out_total += got;
	}
	if (rc == Z_STREAM_END) {
		c->at_boundary = true;
	} else if (rc == Z_DATA_ERROR) {
		const char *msg = c->z.msg != NULL ? c->z.msg : "invalid data";
		if (strcmp(msg, "incorrect data check") == 0 ||
		    strcmp(msg, "incorrect length check") == 0)
			codec_damage(c, CAP_READER_ERROR_CORRUPT,
				     "fails its checksum", msg);
		else
			codec_damage(c, CAP_READER_ERROR_CORRUPT, "is corrupt", msg);
	} else if (rc == Z_MEM_ERROR) {
		codec_damage(c, CAP_READER_ERROR_IO, "cannot be decompressed",
			     "out of memory");
	}
	/* Z_OK and Z_BUF_ERROR: more input or more room needed. */
	return got;
}

/* Decompresses into OUT (LEN bytes, LEN > 0) as far as the compressed bytes
 * at hand allow.  Returns the bytes written; sets the damage or
 * at_boundary as found. */
static size_t gz_step(cap_codec *c, uint8_t *out, size_t len)
{
	if (c->at_boundary) {
		/* Another member follows, or bytes that are no gzip at all. */
		if (c->in[c->in_pos] != 0x1f) {
			codec_damage(c, CAP_READER_ERROR_CORRUPT,
				     "is followed by bytes that are not gzip", NULL);
			return 0;
		}
		inflateReset(&c->z);
		c->at_boundary = false;
		c->member_in = codec_in_offset(c);
		c->member_out = c->out_total;
		if (c->ig != NULL) {
			isal_inflate_reset(c->ig);
			c->ig->crc_flag = ISAL_GZIP;
			c->by_zlib = false;
		}
	}
	return c->by_zlib ? gz_step_zlib(c, out, len) : gz_step_igzip(c, out, len);
}

/* ---- zstd ---------------------------------------------------------------- */

/* A call that fails hands out nothing it decompressed, so each is given
 * only the compressed bytes of one block, and a block header on its own:
 * damage then costs the bytes of the damaged block alone.  The decoder's
 * hint is what it wants next (a frame header, a block header, a checksum)
 * or a block and the next block's header (3 bytes): the hint less those
 * 3 bytes is the block, or part of the rest (the decoder keeps it and
 * asks for the remainder). */
static size_t zs_step(cap_codec *c, uint8_t *out, size_t len)
{
	size_t want = c->zs_hint > ZS_BLOCK_HEADER ? c->zs_hint - ZS_BLOCK_HEADER
						   : MAX(c->zs_hint, (size_t)1);
	size_t feed = MIN(c->in_end - c->in_pos, want);
	ZSTD_inBuffer in = { c->in, c->in_pos + feed, c->in_pos };
	ZSTD_outBuffer o = { out, len, 0 };
	size_t rc = ZSTD_decompressStream(c->zs, &o, &in);

	if (!ZSTD_isError(rc)) {
		c->in_pos = in.pos;
		c->out_total += o.pos;
		/* 0: a frame ended and everything it holds is out */
		c->at_boundary = rc == 0;
		c->zs_hint = rc == 0 ? ZS_FRAME_PREFIX : rc;
		return o.pos;
	}
	ZSTD_ErrorCode e = ZSTD_getErrorCode(rc);
	if (e == ZSTD_error_prefix_unknown && c->at_boundary)
		codec_damage(c, CAP_READER_ERROR_CORRUPT,
			     "is followed by bytes that are not zstd", NULL);
	else if (e == ZSTD_error_checksum_wrong)
		codec_damage(c, CAP_READER_ERROR_CORRUPT, "fails its checksum", NULL);
	else if (e == ZSTD_error_frameParameter_windowTooLarge)
		codec_damage(c, CAP_READER_ERROR_CORRUPT,
			     "needs a window larger than 128 MiB", NULL);
	else
		codec_damage(c, CAP_READER_ERROR_CORRUPT, "is corrupt",
			     ZSTD_getErrorName(rc));
	return 0;
}

/* ---- reading ------------------------------------------------------------- */

static gssize codec_read_here(cap_codec *c, uint8_t *dst, size_t len, GError **error);

static gpointer ahead_main(gpointer data)
{
	cap_codec *c = data;
	struct ahead *a = c->ahead;
	for (;;) {
		g_mutex_lock(&a->lock);
		while (a->count == AHEAD_CHUNKS && !a->stop)
			g_cond_wait(&a->cond, &a->lock);
		if (a->stop) {
			g_mutex_unlock(&a->lock);
			return NULL;
		}
		struct chunk *k = &a->chunk[(a->head + a->count) % AHEAD_CHUNKS];
		g_mutex_unlock(&a->lock);

		if (!k->buf)
			k->buf = g_malloc(AHEAD_CHUNK_SIZE);
		k->off = 0;
		k->err = NULL;
		k->len = codec_read_here(c, k->buf, AHEAD_CHUNK_SIZE, &k->err);
		k->consumed = codec_in_offset(c);

		g_mutex_lock(&a->lock);
		a->count++;
		bool last = k->len <= 0;
		a->done = last;
		g_cond_broadcast(&a->cond);
		g_mutex_unlock(&a->lock);
		if (last)
			return NULL;
	}
}

static gssize ahead_read(cap_codec *c, uint8_t *dst, size_t len, GError **error)
{
	struct ahead *a = c->ahead;
	g_mutex_lock(&a->lock);
	while (a->count == 0)
		g_cond_wait(&a->cond, &a->lock);
	struct chunk *k = &a->chunk[a->head];
	g_mutex_unlock(&a->lock);

	a->consumed = k->consumed;
	if (k->len <= 0) {
		/* the end or the damage: stays, for every later call */
		if (k->len < 0 && error != NULL)
			*error = g_error_copy(k->err);
		return k->len;
	}
	size_t n = MIN(len, (size_t)k->len - k->off);
	memcpy(dst, k->buf + k->off, n);
	k->off += n;
	if (k->off == (size_t)k->len) {
		g_mutex_lock(&a->lock);
		a->head = (a->head + 1) % AHEAD_CHUNKS;
		a->count--;
		g_cond_broadcast(&a->cond);
		g_mutex_unlock(&a->lock);
	}
	return (gssize)n;
}

static void ahead_free(struct ahead *a)
{
	if (!a)
		return;
	g_mutex_lock(&a->lock);
	a->stop = true;
	g_cond_broadcast(&a->cond);
	g_mutex_unlock(&a->lock);
	g_thread_join(a->thread);
	for (int i = 0; i < AHEAD_CHUNKS; i++) {
		g_free(a->chunk[i].buf);
		g_clear_error(&a->chunk[i].err);
	}
	g_mutex_clear(&a->lock);
	g_cond_clear(&a->cond);
	g_free(a);
}

gssize cap_codec_read(cap_codec *c, uint8_t *dst, size_t len, GError **error)
{
	if (c->here)
		return codec_read_here(c, dst, len, error);
	if (!c->ahead) {
		/* on one CPU the thread would only add copies and switches */
		if (c->stream || g_getenv("ANALYZE_NO_THREADS") || cap_usable_cpus() < 2) {
			c->here = true;
			return codec_read_here(c, dst, len, error);
		}
		c->ahead = g_new0(struct ahead, 1);
		g_mutex_init(&c->ahead->lock);
		g_cond_init(&c->ahead->cond);
		c->ahead->consumed = cap_codec_consumed(c);
		c->ahead->thread = g_thread_new("decompress", ahead_main, c);
	}
	return ahead_read(c, dst, len, error);
}

/* One call of the decompressor, on the caller's thread. */
static gssize codec_read_here(cap_codec *c, uint8_t *dst, size_t len, GError **error)
{
	size_t done = 0;

	while (done < len && c->pending == NULL) {
		if (c->in_pos == c->in_end && !c->in_eof) {
			/* From a pipe, hand out what is there rather than
			 * wait for the writer. */
			if (done > 0 && c->stream)
				break;
			codec_fill(c);
			continue;
		}
		/* The file ends between two members or frames: a clean end. */
		if (c->in_pos == c->in_end && c->at_boundary)
			break;
		size_t before = c->in_pos;
		size_t got = c->kind == CAP_COMPRESSION_GZIP
				     ? gz_step(c, dst + done, len - done)
				     : zs_step(c, dst + done, len - done);
		done += got;
		if (got > 0 || c->in_pos > before || c->pending != NULL || c->moved) {
			c->moved = false;
			continue;
		}
		/* No step forward: what remains needs bytes the file has
		 * not got (it ends inside a member or frame), or more than
		 * the buffer holds. */
		if (c->in_eof)
			codec_damage(c, CAP_READER_ERROR_TRUNCATED, "is cut short", NULL);
		else
			codec_fill(c);
	}
	if (done > 0 || c->pending == NULL)
		return (gssize)done;
	if (error != NULL)
		*error = g_error_copy(c->pending);
	return -1;
}

/* ---- whole files --------------------------------------------------------- */

/* Opens PATH for reading ("-": standard input, not to be closed). */
static int open_path(const char *path, GError **error)
{
	if (strcmp(path, "-") == 0)
		return STDIN_FILENO;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		g_autofree char *text = g_strdup(g_strerror(errno));
		text[0] = g_ascii_tolower(text[0]);
		g_set_error(error, CAP_READER_ERROR, CAP_READER_ERROR_IO, "%s", text);
	}
	return fd;
}

CapCompression cap_file_compression(const char *path)
{
	if (strcmp(path, "-") == 0)
		return CAP_COMPRESSION_NONE;
	int fd = open_path(path, NULL);
	if (fd < 0)
		return CAP_COMPRESSION_NONE;
	uint8_t head[4];
	ssize_t n = pread(fd, head, sizeof head, 0);
	close(fd);
	return n > 0 ? cap_compression_sniff(head, (size_t)n) : CAP_COMPRESSION_NONE;
}

/* Writes LEN bytes at P to FD. */
static bool write_all(int fd, const uint8_t *p, size_t len, GError **error)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			g_autofree char *text = g_strdup(g_strerror(errno));
			text[0] = g_ascii_tolower(text[0]);
			g_set_error(error, CAP_READER_ERROR, CAP_READER_ERROR_IO,
				    "cannot write the decompressed capture: %s", text);
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* Decompresses all of C into OUT_FD. */
static bool codec_copy(cap_codec *c, int out_fd, uint64_t total, cap_progress_fn fn,
		       void *data, uint64_t *written, GError **error)
{
	g_autofree uint8_t *buf = g_malloc(CAP_BUF_SIZE);

	for (;;) {
		gssize n = cap_codec_read(c, buf, CAP_BUF_SIZE, error);
		if (n < 0)
			return false;
		if (fn != NULL)
			fn(cap_codec_consumed(c), total, data);
		if (n == 0)
			return true;
		if (!write_all(out_fd, buf, (size_t)n, error))
			return false;
		if (written != NULL)
			*written += (uint64_t)n;
	}
}

bool cap_decompress_file(const char *path, int out_fd, cap_progress_fn fn, void *data,
			 uint64_t *written, GError **error)
{
	if (written != NULL)
		*written = 0;
	int fd = open_path(path, error);
	if (fd < 0)
		return false;
	struct stat st;
	bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	uint8_t head[4];
	ssize_t n;
	do
		n = read(fd, head, sizeof head);
	while (n < 0 && errno == EINTR);
	CapCompression kind = n > 0 ? cap_compression_sniff(head, (size_t)n)
				    : CAP_COMPRESSION_NONE;
	bool ok = false;
	if (kind == CAP_COMPRESSION_NONE) {
		g_set_error(error, CAP_READER_ERROR, CAP_READER_ERROR_NOT_CAPTURE,
			    "not gzip or zstd compressed");
	} else {
		cap_codec *c = cap_codec_new(kind, fd, !regular, head, (size_t)n);
		ok = codec_copy(c, out_fd, regular ? (uint64_t)st.st_size : 0, fn,
				data, written, error);
		cap_codec_free(c);
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return ok;
}
