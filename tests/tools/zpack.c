/* zpack.c — compresses standard input to standard output as gzip or zstd,
 * in one member (frame) or in several cut at arbitrary bytes, so that the
 * tests need neither the gzip nor the zstd program and can make
 * multi-member files:
 *
 *   zpack gzip|zstd [PIECES]   < capture > capture.gz
 *
 * PIECES (default 1): how many members (gzip) or frames (zstd) the input
 * is cut into, of about equal size; with zstd a skippable frame comes
 * first when PIECES > 1.  Exit 0, or 1 with a message. */
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

static GByteArray *read_all(FILE *fp)
{
	GByteArray *b = g_byte_array_new();
	uint8_t buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		g_byte_array_append(b, buf, (guint)n);
	return b;
}

static bool gzip_piece(const uint8_t *p, size_t n, FILE *out)
{
	z_stream z = {0};
	if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	uLong bound = deflateBound(&z, (uLong)n);
	g_autofree uint8_t *buf = g_malloc(bound);
	z.next_in = (uint8_t *)p;
	z.avail_in = (uInt)n;
	z.next_out = buf;
	z.avail_out = (uInt)bound;
	bool ok = deflate(&z, Z_FINISH) == Z_STREAM_END &&
		  fwrite(buf, 1, z.total_out, out) == z.total_out;
	deflateEnd(&z);
	return ok;
}

static bool zstd_piece(ZSTD_CCtx *cc, const uint8_t *p, size_t n, FILE *out)
{
	size_t bound = ZSTD_compressBound(n);
	g_autofree uint8_t *buf = g_malloc(bound);
	size_t got = ZSTD_compress2(cc, buf, bound, p, n);
	return !ZSTD_isError(got) && fwrite(buf, 1, got, out) == got;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3 || (strcmp(argv[1], "gzip") != 0 && strcmp(argv[1], "zstd") != 0)) {
		fputs("usage: zpack gzip|zstd [PIECES] < IN > OUT\n", stderr);
		return 2;
	}
	bool gz = strcmp(argv[1], "gzip") == 0;
	guint64 pieces = 1;
	if (argc == 3 && (!g_ascii_string_to_unsigned(argv[2], 10, 1, 1000, &pieces, NULL))) {
		fputs("zpack: PIECES is a number from 1 to 1000\n", stderr);
		return 2;
	}
	g_autoptr(GByteArray) in = read_all(stdin);
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
	bool ok = true;
	if (!gz && pieces > 1) {
		static const uint8_t skip[] = { 0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 'a', 'b', 'c' };
		ok = fwrite(skip, 1, sizeof skip, stdout) == sizeof skip;
	}
	size_t step = in->len / pieces + 1, at = 0;
	do {
		size_t n = MIN(step, in->len - at);
		ok = ok && (gz ? gzip_piece(in->data + at, n, stdout)
			       : zstd_piece(cc, in->data + at, n, stdout));
		at += n;
	} while (ok && at < in->len);
	ZSTD_freeCCtx(cc);
	if (fflush(stdout) != 0 || !ok) {
		fputs("zpack: cannot compress or write\n", stderr);
		return 1;
	}
	return 0;
}
