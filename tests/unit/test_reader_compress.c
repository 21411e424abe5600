/* test_reader_compress.c — gzip and zstd compressed captures: the frames
 * equal the uncompressed file's however the compressed data is cut into
 * members, frames and reads; damage is reported after the frames before
 * it; progress counts compressed bytes; whole files decompress. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "analyzer/reader_private.h"
#include "tests/unit/reader_test.h"

static char *tmp_dir;

/* ---- making captures ----------------------------------------------------- */

static void put_le(GByteArray *b, uint64_t v, int n)
{
	for (int i = 0; i < n; i++) {
		uint8_t c = (uint8_t)(v >> (8 * i));
		g_byte_array_append(b, &c, 1);
	}
}

/* A pcap of N records of varied lengths (and one of BIG bytes when BIG is
 * not 0), their bytes from a fixed pseudo-random sequence with repeats, so
 * that they compress somewhat. */
static GByteArray *make_pcap(guint n, uint32_t big)
{
	GByteArray *b = g_byte_array_new();
	GRand *rnd = g_rand_new_with_seed(12);

	put_le(b, 0xa1b2c3d4, 4);
	put_le(b, 2, 2);
	put_le(b, 4, 2);
	put_le(b, 0, 8);
	put_le(b, 0, 4);
	put_le(b, 1, 4);
	for (guint i = 0; i < n; i++) {
		uint32_t len = i == n / 2 && big ? big : (uint32_t)g_rand_int_range(rnd, 14, 1515);
		put_le(b, 1700000000 + i, 4);
		put_le(b, i, 4);
		put_le(b, len, 4);
		put_le(b, len, 4);
		for (uint32_t k = 0; k < len; k++) {
			uint8_t c = (uint8_t)(k % 64 < 32 ? k : g_rand_int(rnd));
			g_byte_array_append(b, &c, 1);
		}
	}
	g_rand_free(rnd);
	return b;
}

/* DATA gzip-compressed in one member per PIECE bytes (all in one when PIECE
 * is 0). */
static GByteArray *gzip_members(const GByteArray *data, size_t piece)
{
	GByteArray *out = g_byte_array_new();
	size_t at = 0;

	do {
		size_t n = piece ? MIN(piece, data->len - at) : data->len;
		z_stream z = {0};
		g_assert_cmpint(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
					     Z_DEFAULT_STRATEGY), ==, Z_OK);
		uLong bound = deflateBound(&z, (uLong)n);
		guint old = out->len;
		g_byte_array_set_size(out, old + (guint)bound);
		z.next_in = data->data + at;
		z.avail_in = (uInt)n;
		z.next_out = out->data + old;
		z.avail_out = (uInt)bound;
		g_assert_cmpint(deflate(&z, Z_FINISH), ==, Z_STREAM_END);
		g_byte_array_set_size(out, old + (guint)z.total_out);
		deflateEnd(&z);
		at += n;
	} while (at < data->len);
	return out;
}

/* A zstd skippable frame of 5 bytes. */
static void put_skippable(GByteArray *out)
{
	static const uint8_t skip[] = { 0x53, 0x2a, 0x4d, 0x18, 5, 0, 0, 0,
					'h', 'e', 'l', 'l', 'o' };
	g_byte_array_append(out, skip, sizeof skip);
}

/* DATA zstd-compressed in one frame per PIECE bytes (all in one when PIECE
 * is 0), with content checksums, and a skippable frame first when SKIP. */
static GByteArray *zstd_frames(const GByteArray *data, size_t piece, bool skip)
{
	GByteArray *out = g_byte_array_new();
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	size_t at = 0;

	ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
	if (skip)
		put_skippable(out);
	do {
		size_t n = piece ? MIN(piece, data->len - at) : data->len;
		size_t bound = ZSTD_compressBound(n);
		guint old = out->len;
		g_byte_array_set_size(out, old + (guint)bound);
		size_t got = ZSTD_compress2(cc, out->data + old, bound, data->data + at, n);
		g_assert_false(ZSTD_isError(got));
		g_byte_array_set_size(out, old + (guint)got);
		at += n;
	} while (at < data->len);
	ZSTD_freeCCtx(cc);
	return out;
}

/* Writes B to NAME in the test's directory: a new file each time (a file
 * truncated and written again is flushed to disk on close by some file
 * systems, and thousands are written).  Returns the path. */
static char *write_tmp(const char *name, const GByteArray *b)
{
	char *path = g_build_filename(tmp_dir, name, NULL);
	g_remove(path);
	FILE *fp = fopen(path, "wb");

	g_assert_nonnull(fp);
	g_assert_cmpuint(fwrite(b->data, 1, b->len, fp), ==, b->len);
	g_assert_cmpint(fclose(fp), ==, 0);
	return path;
}

static Run *read_bytes(const GByteArray *b)
{
	g_autofree char *path = write_tmp("sample", b);
	return read_path(path);
}

/* The frames of A and B are the same: times, lengths, bytes, offsets. */
static void check_same(const Run *a, const Run *b)
{
	g_assert_cmpuint(a->frames->len, ==, b->frames->len);
	for (guint i = 0; i < a->frames->len; i++) {
		const struct frame *fa = frame_at(a, i), *fb = frame_at(b, i);
		g_assert_cmpint(fa->ts_ns, ==, fb->ts_ns);
		g_assert_cmpuint(fa->len, ==, fb->len);
		g_assert_cmpuint(fa->offset, ==, fb->offset);
		g_assert_true(g_bytes_equal(a->bytes->pdata[i], b->bytes->pdata[i]));
	}
}

/* ---- whole files --------------------------------------------------------- */

/* One member or frame, several, and many small ones (cut anywhere, even
 * inside a record header): the same frames as the plain file. */
static void test_members(void)
{
	g_autoptr(GByteArray) plain = make_pcap(300, 0);
	g_autoptr(Run) want = read_bytes(plain);
	g_assert_cmpint(want->rc, ==, 0);
	static const size_t pieces[] = { 0, 100000, 4099, 7 };

	for (size_t i = 0; i < G_N_ELEMENTS(pieces); i++) {
		g_autoptr(GByteArray) gz = gzip_members(plain, pieces[i]);
		g_autoptr(Run) a = read_bytes(gz);
		g_assert_no_error(a->error);
		check_same(a, want);
		g_autoptr(GByteArray) zs = zstd_frames(plain, pieces[i], i % 2 == 1);
		g_autoptr(Run) b = read_bytes(zs);
		g_assert_no_error(b->error);
		check_same(b, want);
	}
}

/* A record larger than the read-ahead buffer (4 MiB). */
static void test_big_record(void)
{
	g_autoptr(GByteArray) plain = make_pcap(5, 5u << 20);
	g_autoptr(Run) want = read_bytes(plain);
	g_assert_cmpint(want->rc, ==, 0);
	g_autoptr(GByteArray) gz = gzip_members(plain, 0);
	g_autoptr(Run) a = read_bytes(gz);
	g_assert_no_error(a->error);
	check_same(a, want);
	g_autoptr(GByteArray) zs = zstd_frames(plain, 0, false);
	g_autoptr(Run) b = read_bytes(zs);
	g_assert_no_error(b->error);
	check_same(b, want);
}

/* Every prefix: the frames before the cut (never more than the whole
 * file's), then a one-line error naming both offsets — or, cut right
 * between two members, a clean end. */
static void test_every_cut(void)
{
	g_autoptr(GByteArray) plain = make_pcap(12, 0);
	g_autoptr(Run) want = read_bytes(plain);
	GByteArray *packed[] = { gzip_members(plain, 3000), zstd_frames(plain, 3000, true) };

	for (size_t k = 0; k < G_N_ELEMENTS(packed); k++) {
		GByteArray *b = packed[k];
		for (guint len = 1; len < b->len; len++) {
			g_autoptr(GByteArray) cut = g_byte_array_sized_new(len);
			g_byte_array_append(cut, b->data, len);
			g_autoptr(Run) run = read_bytes(cut);
			g_assert_cmpuint(run->frames->len, <=, want->frames->len);
			for (guint i = 0; i < run->frames->len; i++)
				g_assert_true(g_bytes_equal(run->bytes->pdata[i],
							    want->bytes->pdata[i]));
			if (run->rc == 0)
				continue;
			g_assert_cmpint(run->rc, ==, -1);
			g_assert_null(strchr(run->error->message, '\n'));
		}
		g_byte_array_unref(b);
	}
}

/* A gzip member cut after a known record: the records before it, and the
 * error says where, in both files. */
static void test_cut_message(void)
{
	g_autoptr(GByteArray) plain = make_pcap(3, 0);
	g_autoptr(GByteArray) gz = gzip_members(plain, 0);
	g_byte_array_set_size(gz, gz->len - 3);
	g_autoptr(Run) run = read_bytes(gz);
	g_autofree char *msg = g_strdup_printf(
		"gzip data is cut short at compressed offset %u, capture offset %u",
		gz->len, plain->len);
	check_error(run, 3, CAP_READER_ERROR_TRUNCATED, msg);
}

/* Damage or a cut anywhere in a multi-megabyte member after another
 * member, read by igzip (zlib reading the member again once igzip stops)
 * and by zlib alone: never a clean end; the same frames up to the damage
 * the first of the two finds; and where the error is the gzip layer's,
 * the same error, byte for byte.  (igzip checks a block's code tables
 * less strictly than zlib, so it may hand out a few bytes more before it
 * stops, and the capture's reader may then be the one to find damage.) */
static void test_igzip_then_zlib(void)
{
	g_autoptr(GByteArray) plain = make_pcap(6000, 0);
	g_autoptr(GByteArray) gz = gzip_members(plain, plain->len / 3);
	GRand *rnd = g_rand_new_with_seed(7);

	g_assert_cmpuint(gz->len, >, 2u << 20);
	for (int k = 0; k < 24; k++) {
		g_autoptr(GByteArray) bad = g_byte_array_sized_new(gz->len);
		g_byte_array_append(bad, gz->data, gz->len);
		guint at = (guint)g_rand_int_range(rnd, (gint32)(gz->len / 4), (gint32)gz->len);
		if (k % 3 == 2)
			g_byte_array_set_size(bad, at);     /* cut short */
		else
			bad->data[at] ^= (uint8_t)(1u << (k % 8)); /* one bit flipped */
		g_autoptr(Run) fast = read_bytes(bad);
		cap_gzip_zlib_only = true;
		g_autoptr(Run) slow = read_bytes(bad);
		cap_gzip_zlib_only = false;
		g_assert_cmpint(fast->rc, ==, -1);
		g_assert_cmpint(slow->rc, ==, -1);
		guint n = MIN(fast->frames->len, slow->frames->len);
		for (guint i = 0; i < n; i++)
			g_assert_true(g_bytes_equal(fast->bytes->pdata[i], slow->bytes->pdata[i]));
		if (g_str_has_prefix(fast->error->message, "gzip data")) {
			g_assert_cmpstr(fast->error->message, ==, slow->error->message);
			g_assert_cmpuint(fast->frames->len, ==, slow->frames->len);
		}
	}
	g_rand_free(rnd);
}

/* ---- pipes --------------------------------------------------------------- */

struct feed {
	int fd;
	const GByteArray *b;
	size_t piece;  /* bytes per write */
};

static gpointer feed_pipe(gpointer data)
{
	struct feed *f = data;
	size_t done = 0;

	while (done < f->b->len) {
		ssize_t n = write(f->fd, f->b->data + done, MIN(f->b->len - done, f->piece));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
		if (f->piece < 4096)
			g_usleep(200);
	}
	close(f->fd);
	return NULL;
}

/* B through standard input, written PIECE bytes at a time. */
static Run *read_stdin(const GByteArray *b, size_t piece)
{
	int fds[2];

	g_assert_cmpint(pipe(fds), ==, 0);
	int saved = dup(STDIN_FILENO);
	g_assert_cmpint(dup2(fds[0], STDIN_FILENO), ==, STDIN_FILENO);
	if (fds[0] != STDIN_FILENO)
		close(fds[0]);
	struct feed f = { fds[1], b, piece };
	GThread *t = g_thread_new("feed", feed_pipe, &f);
	Run *run = read_path("-");
	char sink[4096];
	while (read(STDIN_FILENO, sink, sizeof sink) > 0)
		;
	g_thread_join(t);
	if (saved >= 0) {
		g_assert_cmpint(dup2(saved, STDIN_FILENO), ==, STDIN_FILENO);
		close(saved);
	} else {
		close(STDIN_FILENO);
	}
	return run;
}

static void test_stdin(void)
{
	g_autoptr(GByteArray) plain = make_pcap(200, 0);
	g_autoptr(Run) want = read_bytes(plain);
	g_autoptr(GByteArray) gz = gzip_members(plain, 50000);
	g_autoptr(GByteArray) zs = zstd_frames(plain, 50000, true);
	static const size_t pieces[] = { 65536, 1000 };

	for (size_t i = 0; i < G_N_ELEMENTS(pieces); i++) {
		g_autoptr(Run) a = read_stdin(gz, pieces[i]);
		g_assert_no_error(a->error);
		check_same(a, want);
		g_autoptr(Run) b = read_stdin(zs, pieces[i]);
		g_assert_no_error(b->error);
		check_same(b, want);
	}
}

/* ---- seeking, progress, whole-file decompression ------------------------- */

static void test_seek(void)
{
	g_autoptr(GByteArray) plain = make_pcap(8000, 0); /* beyond the 4 MiB buffer */
	g_autoptr(GByteArray) gz = gzip_members(plain, 0);
	g_autofree char *path = write_tmp("seek.pcap.gz", gz);
	g_autoptr(GError) err = NULL;
	g_autoptr(cap_reader) r = cap_reader_open(path, &err);
	g_assert_no_error(err);
	g_assert_cmpint(cap_reader_compression(r), ==, CAP_COMPRESSION_GZIP);
	g_assert_cmpuint(cap_reader_file_size(r), ==, 0);
	struct frame f;
	uint64_t first = 0;
	for (int i = 0; i < 7900; i++) {
		g_assert_cmpint(cap_reader_next(r, &f, &err), ==, 1);
		if (i == 0)
			first = f.offset;
	}
	g_assert_false(cap_reader_seek(r, first, 1, &err));
	g_assert_error(err, CAP_READER_ERROR, CAP_READER_ERROR_IO);
	g_assert_cmpstr(err->message, ==, "cannot go back in a compressed file");
}

struct seen {
	uint64_t calls, last_done, total;
	bool backwards;
};

static void on_progress(uint64_t done, uint64_t total, void *data)
{
	struct seen *s = data;
	if (done < s->last_done)
		s->backwards = true;
	s->calls++;
	s->last_done = done;
	s->total = total;
}

/* Progress counts bytes of the file as stored, up to its size. */
static void test_progress(void)
{
	g_autoptr(GByteArray) plain = make_pcap(6000, 0);
	g_autoptr(GByteArray) zs = zstd_frames(plain, 0, false);
	g_assert_cmpuint(plain->len, >, 4u << 20);
	const GByteArray *files[] = { plain, zs };

	for (size_t k = 0; k < G_N_ELEMENTS(files); k++) {
		g_autofree char *path = write_tmp("progress", files[k]);
		g_autoptr(GError) err = NULL;
		g_autoptr(cap_reader) r = cap_reader_open(path, &err);
		g_assert_no_error(err);
		struct seen s = {0};
		cap_reader_set_progress(r, on_progress, &s);
		struct frame f;
		int rc;
		while ((rc = cap_reader_next(r, &f, &err)) == 1)
			;
		g_assert_cmpint(rc, ==, 0);
		g_assert_cmpuint(s.calls, >=, 2);
		g_assert_false(s.backwards);
		g_assert_cmpuint(s.last_done, ==, files[k]->len);
		g_assert_cmpuint(s.total, ==, files[k]->len);
	}
}

static void test_decompress_file(void)
{
	g_autoptr(GByteArray) plain = make_pcap(100, 0);
	g_autoptr(GByteArray) gz = gzip_members(plain, 10000);
	g_autofree char *in = write_tmp("whole.pcap.gz", gz);
	g_autofree char *out = g_build_filename(tmp_dir, "whole.pcap", NULL);
	g_assert_cmpint(cap_file_compression(in), ==, CAP_COMPRESSION_GZIP);

	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	g_autoptr(GError) err = NULL;
	uint64_t written;
	g_assert_true(cap_decompress_file(in, fd, NULL, NULL, &written, &err));
	close(fd);
	g_assert_cmpuint(written, ==, plain->len);
	g_autofree char *text = NULL;
	gsize len;
	g_assert_true(g_file_get_contents(out, &text, &len, NULL));
	g_assert_cmpmem(text, len, plain->data, plain->len);

	/* not compressed */
	g_assert_cmpint(cap_file_compression(out), ==, CAP_COMPRESSION_NONE);
	fd = open("/dev/null", O_WRONLY);
	g_assert_false(cap_decompress_file(out, fd, NULL, NULL, &written, &err));
	g_assert_error(err, CAP_READER_ERROR, CAP_READER_ERROR_NOT_CAPTURE);
	g_clear_error(&err);

	/* damaged: what came before is written */
	g_byte_array_set_size(gz, gz->len - 100);
	g_autofree char *cut = write_tmp("cut.pcap.gz", gz);
	g_assert_false(cap_decompress_file(cut, fd, NULL, NULL, &written, &err));
	g_assert_error(err, CAP_READER_ERROR, CAP_READER_ERROR_TRUNCATED);
	g_assert_cmpuint(written, >, 0);
	g_assert_cmpuint(written, <, plain->len);
	close(fd);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	tmp_dir = g_dir_make_tmp("test_reader_compress-XXXXXX", NULL);
	g_assert_nonnull(tmp_dir);

	g_test_add_func("/reader/compress/members", test_members);
	g_test_add_func("/reader/compress/big-record", test_big_record);
	g_test_add_func("/reader/compress/every-cut", test_every_cut);
	g_test_add_func("/reader/compress/cut-message", test_cut_message);
	g_test_add_func("/reader/compress/igzip-then-zlib", test_igzip_then_zlib);
	g_test_add_func("/reader/compress/stdin", test_stdin);
	g_test_add_func("/reader/compress/seek", test_seek);
	g_test_add_func("/reader/compress/progress", test_progress);
	g_test_add_func("/reader/compress/decompress-file", test_decompress_file);

	int rc = g_test_run();
	g_autoptr(GDir) dir = g_dir_open(tmp_dir, 0, NULL);
	const char *name;
	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree char *p = g_build_filename(tmp_dir, name, NULL);
		g_remove(p);
	}
	g_rmdir(tmp_dir);
	g_free(tmp_dir);
	return rc;
}
