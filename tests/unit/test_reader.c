/* test_reader.c — the capture-file reader on crafted files (every format,
 * both byte orders, damaged and cut-short input); test_reader_files.c
 * reads the shared real captures and tests/broken. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "analyzer/reader.h"

static char *tmp_dir; /* files written by the tests, removed at the end */

/* ---- building files ------------------------------------------------------ */

typedef struct {
	GByteArray *b;
	bool be;
} Buf;

static void put(Buf *o, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned shift = o->be ? 8 * (n - 1 - i) : 8 * i;
		uint8_t byte = (uint8_t)(v >> shift);
		g_byte_array_append(o->b, &byte, 1);
	}
}

static void put_bytes(Buf *o, const void *p, size_t n)
{
	g_byte_array_append(o->b, p, (guint)n);
}

static void put_zeros(Buf *o, size_t n)
{
	while (n-- > 0)
		put(o, 0, 1);
}

/* A made-up packet of N bytes: byte i is SEED + i. */
static void put_packet(Buf *o, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		put(o, (uint8_t)(seed + i), 1);
}

static void set32(Buf *o, size_t at, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		o->b->data[at + i] = (uint8_t)(v >> (o->be ? 8 * (3 - i) : 8 * i));
}

static size_t block_begin(Buf *o, uint32_t type)
{
	size_t at = o->b->len;

	put(o, type, 4);
	put(o, 0, 4);
	return at;
}

static void block_end(Buf *o, size_t at)
{
	put_zeros(o, (4 - o->b->len % 4) % 4);
	uint32_t total = (uint32_t)(o->b->len - at + 4);
	set32(o, at + 4, total);
	put(o, total, 4);
}

static void option(Buf *o, uint16_t code, const void *v, uint16_t len)
{
	put(o, code, 2);
	put(o, len, 2);
	put_bytes(o, v, len);
	put_zeros(o, (4 - len % 4) % 4);
}

static void shb(Buf *o, uint16_t major, uint16_t minor)
{
	size_t at = block_begin(o, 0x0A0D0D0A);

	put(o, 0x1A2B3C4D, 4);
	put(o, major, 2);
	put(o, minor, 2);
	put(o, UINT64_MAX, 8);
	block_end(o, at);
}

static void idb(Buf *o, uint16_t lt, uint32_t snap, int tsresol,
		const char *name, int64_t tsoffset)
{
	size_t at = block_begin(o, 1);

	put(o, lt, 2);
	put(o, 0, 2);
	put(o, snap, 4);
	if (name != NULL)
		option(o, 2, name, (uint16_t)strlen(name));
	if (tsresol >= 0) {
		uint8_t v = (uint8_t)tsresol;
		option(o, 9, &v, 1);
	}
	if (tsoffset != 0) {
		Buf t = { g_byte_array_new(), o->be };
		put(&t, (uint64_t)tsoffset, 8);
		option(o, 14, t.b->data, 8);
		g_byte_array_unref(t.b);
	}
	put(o, 0, 4); /* opt_endofopt */
	block_end(o, at);
}

static void epb(Buf *o, uint32_t ifid, uint64_t ts, uint32_t caplen,
		uint32_t len, const char *comment)
{
	size_t at = block_begin(o, 6);

	put(o, ifid, 4);
	put(o, ts >> 32, 4);
	put(o, ts & 0xffffffffu, 4);
	put(o, caplen, 4);
	put(o, len, 4);
	put_packet(o, caplen, (uint8_t)ifid);
	put_zeros(o, (4 - caplen % 4) % 4);
	if (comment != NULL)
		option(o, 1, comment, (uint16_t)strlen(comment));
	block_end(o, at);
}

static void spb(Buf *o, uint32_t len, uint32_t stored)
{
	size_t at = block_begin(o, 3);

	put(o, len, 4);
	put_packet(o, stored, 0x55);
	block_end(o, at);
}

static void raw_block(Buf *o, uint32_t type, const char *body)
{
	size_t at = block_begin(o, type);

	put_bytes(o, body, strlen(body));
	block_end(o, at);
}

static void pcap_header(Buf *o, uint32_t magic, uint16_t major,
			uint16_t minor, uint32_t snap, uint32_t lt)
{
	put(o, magic, 4);
	put(o, major, 2);
	put(o, minor, 2);
	put(o, 0, 8);
	put(o, snap, 4);
	put(o, lt, 4);
}

static void pcap_record(Buf *o, uint32_t sec, uint32_t frac, uint32_t caplen,
			uint32_t len)
{
	put(o, sec, 4);
	put(o, frac, 4);
	put(o, caplen, 4);
	put(o, len, 4);
	put_packet(o, caplen, (uint8_t)sec);
}

#include "tests/unit/reader_test.h"

static char *write_tmp(const char *name, const Buf *o)
{
	char *path = g_build_filename(tmp_dir, name, NULL);

	g_assert_true(g_file_set_contents(path, (const char *)o->b->data,
					  o->b->len, NULL));
	return path;
}

static Run *read_buf(const Buf *o)
{
	g_autofree char *path = write_tmp("sample", o);

	return read_path(path);
}

/* ---- pcap ---------------------------------------------------------------- */

static Buf sample_pcap(bool be, bool nsec)
{
	Buf o = { g_byte_array_new(), be };

	pcap_header(&o, nsec ? 0xa1b23c4d : 0xa1b2c3d4, 2, 4, 65535, 113);
	pcap_record(&o, 1700000000, nsec ? 123456789 : 123456, 60, 60);
	pcap_record(&o, 1700000001, nsec ? 999999999 : 999999, 40, 1500);
	pcap_record(&o, 1700000002, nsec ? 1000000000 : 1000000, 20, 10);
	return o;
}

static void test_pcap(gconstpointer data)
{
	unsigned v = GPOINTER_TO_UINT(data);
	bool be = v & 1, nsec = v & 2;
	Buf o = sample_pcap(be, nsec);
	g_autoptr(Run) run = read_buf(&o);

	g_assert_cmpint(run->rc, ==, 0);
	g_assert_cmpint(run->format, ==, nsec ? CAP_FORMAT_PCAP_NSEC
					      : CAP_FORMAT_PCAP);
	g_assert_cmpint(run->big_endian, ==, be);
	g_assert_cmpuint(run->frames->len, ==, 3);
	check_frame(run, 0, nsec ? 1700000000123456789 : 1700000000123456000,
		    60, 60, LINKTYPE_LINUX_SLL);
	check_frame(run, 1, nsec ? 1700000001999999999 : 1700000001999999000,
		    40, 1500, LINKTYPE_LINUX_SLL);
	/* A full second in the sub-second field carries; caplen > len stays. */
	check_frame(run, 2, 1700000003000000000, 20, 10, LINKTYPE_LINUX_SLL);
	g_assert_cmpuint(frame_at(run, 0)->offset, ==, 24);
	g_assert_cmpuint(frame_at(run, 1)->offset, ==, 24 + 16 + 60);
	g_assert_cmpuint(frame_at(run, 2)->interface, ==, 0);
	g_assert_cmpuint(run->ifaces->len, ==, 1);
	const struct cap_interface *i = run->ifaces->pdata[0];
	g_assert_cmpuint(i->snaplen, ==, 65535);
	g_assert_cmpuint(i->ts_units, ==, nsec ? 1000000000 : 1000000);
	g_byte_array_unref(o.b);
}

/* Version 2.2 files may have the two lengths swapped, as libpcap knows. */
static void test_pcap_swapped_lengths(void)
{
	Buf o = { g_byte_array_new(), false };

	pcap_header(&o, 0xa1b2c3d4, 2, 2, 0, 1);
	put(&o, 7, 4);
	put(&o, 0, 4);
	put(&o, 1514, 4); /* "captured" */
	put(&o, 8, 4);    /* "original": really the captured length */
	put_packet(&o, 8, 0);
	g_autoptr(Run) run = read_buf(&o);
	g_assert_cmpint(run->rc, ==, 0);
	check_frame(run, 0, 7000000000, 8, 1514, LINKTYPE_ETHERNET);
	g_byte_array_unref(o.b);
}

/* A record bigger than the 4 MiB read-ahead buffer. */
static void test_pcap_big_record(void)
{
	Buf o = { g_byte_array_new(), false };
	const uint32_t big = 6u << 20;

	pcap_header(&o, 0xa1b2c3d4, 2, 4, 0, 1);
	pcap_record(&o, 1, 0, 100, 100);
	pcap_record(&o, 2, 0, big, big);
	pcap_record(&o, 3, 0, 100, 100);
	g_autoptr(Run) run = read_buf(&o);
	g_assert_cmpint(run->rc, ==, 0);
	check_frame(run, 1, 2000000000, big, big, 1);
	check_frame(run, 2, 3000000000, 100, 100, 1);
	g_byte_array_unref(o.b);
}

/* ---- pcapng -------------------------------------------------------------- */

/* Two sections; interfaces of different link types and resolutions; every
 * kind of packet block; blocks to skip; a custom block. */
static Buf sample_pcapng(void)
{
	Buf o = { g_byte_array_new(), false };

	shb(&o, 1, 0);
	idb(&o, 1, 0, -1, NULL, 0);            /* 0: µs by default */
	idb(&o, 113, 128, 9, "eth1", 0);       /* 1: ns */
	idb(&o, 101, 0, 0x8a, NULL, 0);        /* 2: 2^-10 s */
	idb(&o, 1, 0, 3, NULL, 100);           /* 3: ms, +100 s */
	epb(&o, 0, 1700000000123456, 60, 60, NULL);
	raw_block(&o, 0x12345, "unknown");
	epb(&o, 1, 1700000000123456789, 100, 200, "a comment");
	raw_block(&o, 4, "");                  /* name resolution: skipped */
	epb(&o, 2, ((uint64_t)1700000000 << 10) + 512, 33, 33, NULL);
	epb(&o, 3, 5001, 10, 10, NULL);
	spb(&o, 61, 64);                       /* interface 0 of section 0 */
	raw_block(&o, 0xBAD, "\xd9\x7e\x01\x02" "hello");
	raw_block(&o, 5, "statistics");       /* skipped */
	Buf be = { o.b, true };                /* second section, big-endian */
	shb(&be, 1, 0);
	idb(&be, 1, 32, 0x9e, NULL, 0);        /* 2^-30 s, snap 32 */
	epb(&be, 0, ((uint64_t)5 << 30) + 12345, 32, 32, NULL);
	spb(&be, 60, 32);
	return o;
}

static void test_pcapng(void)
{
	Buf o = sample_pcapng();
	g_autoptr(Run) run = read_buf(&o);

	g_assert_cmpint(run->rc, ==, 0);
	g_assert_cmpint(run->format, ==, CAP_FORMAT_PCAPNG);
	g_assert_false(run->big_endian);
	g_assert_cmpuint(run->frames->len, ==, 8);
	check_frame(run, 0, 1700000000123456000, 60, 60, 1);
	check_frame(run, 1, 1700000000123456789, 100, 200, 113);
	g_assert_cmpuint(frame_at(run, 1)->flags, ==, FRAME_PCAPNG | FRAME_COMMENT);
	g_assert_cmpmem(frame_at(run, 1)->comment, frame_at(run, 1)->comment_len, "a comment", 9);
	check_frame(run, 2, 1700000000500000000, 33, 33, 101);
	check_frame(run, 3, 105001000000, 10, 10, 1);
	/* SPB: no time; captured = original length (no snap length). */
	g_assert_cmpuint(frame_at(run, 4)->flags, ==, FRAME_PCAPNG | FRAME_TS_UNKNOWN);
	check_frame(run, 4, 0, 61, 61, 1);
	const struct frame *cb = frame_at(run, 5);
	g_assert_cmpuint(cb->flags, ==, FRAME_NOT_PACKET | FRAME_TS_UNKNOWN);
	g_assert_cmpuint(cb->linktype, ==, LINKTYPE_PCAPNG_CUSTOM);
	g_assert_cmpuint(cb->interface, ==, FRAME_NO_INTERFACE);
	g_assert_cmpuint(cb->caplen, ==, 8); /* "hello" and its padding */
	/* The second section's interface 0 is the file's interface 4. */
	check_frame(run, 6, 5000011497, 32, 32, 1); /* rounded down */
	g_assert_cmpuint(frame_at(run, 6)->interface, ==, 4);
	check_frame(run, 7, 0, 32, 60, 1);         /* cut to the snap length */
	g_assert_cmpuint(run->ifaces->len, ==, 5);
	const struct cap_interface *i1 = run->ifaces->pdata[1];
	g_assert_cmpstr(i1->name, ==, "eth1");
	g_assert_cmpuint(i1->snaplen, ==, 128);
	g_assert_cmpuint(i1->ts_units, ==, 1000000000);
	g_assert_cmpuint(((struct cap_interface *)run->ifaces->pdata[2])->ts_units,
			 ==, 1024);
	g_assert_cmpint(((struct cap_interface *)run->ifaces->pdata[3])->ts_offset,
			==, 100);
	g_byte_array_unref(o.b);
}

/* A big-endian file; interfaces are known before the first frame. */
static void test_pcapng_big_endian(void)
{
	Buf o = { g_byte_array_new(), true };

	shb(&o, 1, 0);
	idb(&o, 1, 0, 6, "en0", 0);
	epb(&o, 0, 1000000, 4, 4, NULL);
	g_autofree char *path = write_tmp("be.pcapng", &o);
	g_autoptr(GError) error = NULL;
	g_autoptr(cap_reader) r = cap_reader_open(path, &error);
	g_assert_no_error(error);
	g_assert_true(cap_reader_big_endian(r));
	g_assert_cmpuint(cap_reader_n_interfaces(r), ==, 1);
	g_assert_cmpstr(cap_reader_interface(r, 0)->name, ==, "en0");
	g_assert_cmpuint(cap_reader_file_size(r), ==, o.b->len);
	struct frame f;
	g_assert_cmpint(cap_reader_next(r, &f, &error), ==, 1);
	g_assert_cmpint(f.ts_ns, ==, 1000000000);
	g_assert_cmpint(cap_reader_next(r, &f, &error), ==, 0);
	g_byte_array_unref(o.b);
}

/* ---- Network Monitor ----------------------------------------------------- */

struct nm_frame {
	uint16_t media;
	uint64_t delta;     /* µs (ms in 1.x) after the start */
	uint64_t filetime;  /* 2.3: 100 ns since 1601 */
};

#define FT(unix_sec, hns) ((uint64_t)(unix_sec) * 10000000 + \
			   116444736000000000ull + (hns))

/* A file of the given version holding FRAMES; the frame table lists them
 * in reverse file order when REVERSED, and the last frame carries a
 * comment (2.2 and later). */
static Buf sample_netmon(uint8_t major, uint8_t minor,
			 const struct nm_frame *frames, size_t n, bool reversed)
{
	Buf o = { g_byte_array_new(), false };
	g_autoptr(GArray) offs = g_array_new(FALSE, FALSE, sizeof(uint32_t));

	put_bytes(&o, major == 1 ? "RTSS" : "GMBU", 4);
	put(&o, minor, 1);
	put(&o, major, 1);
	put(&o, 1, 2);
	/* 2023-11-14 (a Tuesday) 22:13:20.500 */
	uint16_t st[8] = { 2023, 11, 2, 14, 22, 13, 20, 500 };
	for (int i = 0; i < 8; i++)
		put(&o, st[i], 2);
	put_zeros(&o, 128 - o.b->len); /* tables filled in below */
	for (size_t i = 0; i < n; i++) {
		uint32_t at = o.b->len;
		g_array_append_val(offs, at);
		put(&o, frames[i].delta, major == 1 ? 4 : 8);
		put(&o, 60 + i, major == 1 ? 2 : 4);
		put(&o, 20 + i, major == 1 ? 2 : 4);
		put_packet(&o, 20 + i, (uint8_t)i);
		if (major == 2 && minor >= 1)
			put(&o, frames[i].media, 2);
		if (major == 2 && minor >= 2)
			put(&o, 0, 4);
		if (major == 2 && minor >= 3) {
			put(&o, frames[i].filetime, 8);
			put(&o, 0, 1);
		}
	}
	set32(&o, 24, o.b->len);
	set32(&o, 28, (uint32_t)(4 * n));
	for (size_t i = 0; i < n; i++)
		put(&o, g_array_index(offs, uint32_t, reversed ? n - 1 - i : i), 4);
	if (major == 2 && minor >= 2) {
		set32(&o, 40, o.b->len);
		set32(&o, 44, 12 + 4 + 4 + 4);
		put(&o, 1, 4);
		put(&o, g_array_index(offs, uint32_t, n - 1), 4);
		put(&o, 4, 4);
		put_bytes(&o, "t\0i\0", 4);
		put(&o, 4, 4);
		put_bytes(&o, "d\0x\0", 4);
	}
	return o;
}

static void test_netmon_2_3(void)
{
	static const struct nm_frame frames[] = {
		{ 1, 0, FT(1700000000, 1234567) },
		{ 0xFFFC, 0, FT(1700000001, 0) }, /* not a frame */
		{ 0xFFE0, 0, FT(1700000002, 5) },
		{ 0xE001, 0, FT(1700000003, 0) }, /* converted pcap: Ethernet */
		{ 7, 0, FT(1700000004, 9999999) },
	};
	Buf o = sample_netmon(2, 3, frames, G_N_ELEMENTS(frames), true);
	g_autoptr(Run) run = read_buf(&o);

	g_assert_cmpint(run->rc, ==, 0);
	g_assert_cmpint(run->format, ==, CAP_FORMAT_NETMON2);
	g_assert_cmpuint(run->frames->len, ==, 4);
	/* Table order: last frame in the file first. */
	check_frame(run, 0, 1700000004999999900, 24, 64, LINKTYPE_RAW);
	g_assert_cmpuint(frame_at(run, 0)->flags, ==, FRAME_NETMON | FRAME_COMMENT);
	check_frame(run, 1, 1700000003000000000, 23, 63, LINKTYPE_ETHERNET);
	check_frame(run, 2, 1700000002000000500, 22, 62, LINKTYPE_NETMON_EVENT);
	check_frame(run, 3, 1700000000123456700, 20, 60, LINKTYPE_ETHERNET);
	g_assert_cmpuint(frame_at(run, 3)->flags, ==, FRAME_NETMON);
	g_assert_cmpuint(frame_at(run, 3)->offset, ==, 128);
	g_byte_array_unref(o.b);
}

/* Before 2.3: times are offsets from the start time in the header. */
static void test_netmon_offsets(void)
{
	static const struct nm_frame frames[] = {
		{ 1, 0, 0 }, { 1, 1500, 0 }, { 1, UINT64_MAX, 0 } /* -1 µs */
	};
	Buf o2 = sample_netmon(2, 0, frames, 3, false);
	g_autoptr(Run) r2 = read_buf(&o2);
	g_assert_cmpint(r2->rc, ==, 0);
	check_frame(r2, 0, 1700000000500000000, 20, 60, 1);
	check_frame(r2, 1, 1700000000501500000, 21, 61, 1);
	check_frame(r2, 2, 1700000000499999000, 22, 62, 1);

	Buf o1 = sample_netmon(1, 1, frames, 2, false);
	g_autoptr(Run) r1 = read_buf(&o1);
	g_assert_cmpint(r1->rc, ==, 0);
	g_assert_cmpint(r1->format, ==, CAP_FORMAT_NETMON1);
	check_frame(r1, 1, 1700000002000000000, 21, 61, 1); /* 1500 ms */

	static const struct nm_frame unknown[] = { { 1, 0, 0 }, { 5, 0, 0 } };
	Buf o3 = sample_netmon(2, 1, unknown, 2, false);
	g_autoptr(Run) r3 = read_buf(&o3);
	check_error(r3, 1, CAP_READER_ERROR_LINKTYPE,
		    "record at offset 166 has unknown media type 5");
	g_byte_array_unref(o1.b);
	g_byte_array_unref(o2.b);
	g_byte_array_unref(o3.b);
}

/* ---- snoop --------------------------------------------------------------- */

static Buf sample_snoop(void)
{
	Buf o = { g_byte_array_new(), true };

	put_bytes(&o, "snoop\0\0\0", 8);
	put(&o, 2, 4);
	put(&o, 4, 4);
	for (uint32_t i = 0; i < 3; i++) {
		uint32_t caplen = 30 + i, reclen = 24 + ((caplen + 3) & ~3u);
		put(&o, 100 + i, 4);
		put(&o, caplen, 4);
		put(&o, reclen, 4);
		put(&o, 0, 4);
		put(&o, 911274719 + i, 4);
		put(&o, 885516, 4);
		put_packet(&o, caplen, (uint8_t)i);
		put_zeros(&o, reclen - 24 - caplen);
	}
	return o;
}

static void test_snoop(void)
{
	Buf o = sample_snoop();
	g_autoptr(Run) run = read_buf(&o);

	g_assert_cmpint(run->rc, ==, 0);
	g_assert_cmpint(run->format, ==, CAP_FORMAT_SNOOP);
	g_assert_true(run->big_endian);
	g_assert_cmpuint(run->frames->len, ==, 3);
	check_frame(run, 0, 911274719885516000, 30, 100, 1);
	check_frame(run, 2, 911274721885516000, 32, 102, 1);
	g_byte_array_unref(o.b);
}

/* ---- damage -------------------------------------------------------------- */

/* Reads O with the 4 bytes at AT replaced by V (in O's byte order). */
static Run *read_patched(Buf *o, size_t at, uint32_t v)
{
	Buf c = { g_byte_array_new(), o->be };

	put_bytes(&c, o->b->data, o->b->len);
	set32(&c, at, v);
	Run *run = read_buf(&c);
	g_byte_array_unref(c.b);
	return run;
}

static Run *read_cut(const Buf *o, size_t len)
{
	Buf c = { g_byte_array_new(), o->be };

	put_bytes(&c, o->b->data, len);
	Run *run = read_buf(&c);
	g_byte_array_unref(c.b);
	return run;
}

enum { S_PCAP, S_PCAPNG, S_SPB_ONLY, S_NETMON, S_SNOOP, N_SAMPLES };

/* One way to damage a sample: replace the 4 bytes at AT with VALUE (in the
 * sample's byte order), or when CUT, keep only the first AT bytes (all of
 * them for S_SPB_ONLY, which is damaged as made). */
struct damage {
	int sample;
	bool cut;
	size_t at;
	uint32_t value;
	guint frames;        /* read before the error */
	CapReaderError code;
	const char *message;
};

/* Layouts: pcap records at 24 (76 bytes) and 100 (56); pcapng SHB 28
 * bytes, IDBs 24, 40, 32 and 44, first EPB (92 bytes) at 168; netmon header
 * 128, one frame of 16 + 20 + 15, frame table (4) at 179; snoop records at
 * 16 (56 bytes) and 72 (56). */
static const struct damage damages[] = {
	{ S_PCAP, true, 0, 0, 0, CAP_READER_ERROR_EMPTY, "file is empty" },
	{ S_PCAP, true, 3, 0, 0, CAP_READER_ERROR_TRUNCATED,
	  "file ends inside the pcap file header (3 of 24 bytes)" },
	{ S_PCAP, true, 16, 0, 0, CAP_READER_ERROR_TRUNCATED,
	  "file ends inside the pcap file header (16 of 24 bytes)" },
	{ S_PCAP, true, 105, 0, 1, CAP_READER_ERROR_TRUNCATED,
	  "file ends inside the record header at offset 100 (5 of 16 bytes)" },
	{ S_PCAP, true, 130, 0, 1, CAP_READER_ERROR_TRUNCATED,
	  "file ends inside the record at offset 100 (30 of 56 bytes)" },
	{ S_PCAP, false, 108, 1634598912, 1, CAP_READER_ERROR_CORRUPT,
	  "record at offset 100 claims 1634598912 bytes" },
	{ S_PCAP, false, 4, 0x00050002, 0, CAP_READER_ERROR_BAD_VERSION,
	  "unsupported pcap version 2.5" },
	{ S_PCAP, false, 4, 0x00040001, 0, CAP_READER_ERROR_BAD_VERSION,
	  "unsupported pcap version 1.4 (archaic format)" },
	{ S_PCAP, false, 20, 0x00300000, 0, CAP_READER_ERROR_LINKTYPE,
	  "link type 3145728 is not valid" },
	{ S_PCAP, false, 0, 0x0a0d0a0d, 0, CAP_READER_ERROR_NOT_CAPTURE,
	  "not a capture file (no pcap, pcapng, Network Monitor or snoop "
	  "header)" },
	{ S_PCAPNG, true, 20, 0, 0, CAP_READER_ERROR_TRUNCATED,
	  "file ends inside the pcapng section header (20 of 28 bytes)" },
	{ S_PCAPNG, false, 12, 0x00010001, 0, CAP_READER_ERROR_BAD_VERSION,
	  "unsupported pcapng version 1.1" },
	{ S_PCAPNG, false, 8, 0x11223344, 0, CAP_READER_ERROR_CORRUPT,
	  "section header at offset 0 has an unknown byte-order magic "
	  "0x11223344" },
	{ S_PCAPNG, false, 172, 90, 0, CAP_READER_ERROR_CORRUPT,
	  "block at offset 168 has length 90 (not a multiple of 4)" },
	{ S_PCAPNG, false, 172, 8, 0, CAP_READER_ERROR_CORRUPT,
	  "block at offset 168 has length 8 (too short)" },
	{ S_PCAPNG, false, 172, 0x7ffffff0, 0, CAP_READER_ERROR_CORRUPT,
	  "block at offset 168 claims 2147483632 bytes" },
	{ S_PCAPNG, false, 256, 96, 0, CAP_READER_ERROR_CORRUPT,
	  "block at offset 168 has length 92 in its header but 96 in its "
	  "trailer" },
	{ S_PCAPNG, false, 176, 7, 0, CAP_READER_ERROR_CORRUPT,
	  "packet block at offset 168 refers to interface 7, but its section "
	  "defines 4" },
	{ S_PCAPNG, false, 188, 61, 0, CAP_READER_ERROR_CORRUPT,
	  "packet block at offset 168 claims 61 captured bytes but holds 60" },
	{ S_PCAPNG, false, 44, 0x00100002, 0, CAP_READER_ERROR_CORRUPT,
	  "option at offset 44 claims 16 bytes, more than its block holds" },
	{ S_PCAPNG, true, 218, 0, 0, CAP_READER_ERROR_TRUNCATED,
	  "file ends inside the block at offset 168 (50 of 92 bytes)" },
	{ S_SPB_ONLY, true, 56, 0, 0, CAP_READER_ERROR_CORRUPT,
	  "simple packet block at offset 28, but its section defines no "
	  "interface" },
	{ S_NETMON, true, 40, 0, 0, CAP_READER_ERROR_TRUNCATED,
	  "file ends inside the Network Monitor file header (40 of 64 bytes)" },
	{ S_NETMON, true, 181, 0, 0, CAP_READER_ERROR_TRUNCATED,
	  "file ends inside the frame table at offset 179 (2 of 4 bytes)" },
	{ S_NETMON, false, 179, 5000, 0, CAP_READER_ERROR_TRUNCATED,
	  "file ends inside the record header at offset 5000 (0 of 16 bytes)" },
	{ S_NETMON, false, 4, 0x00010303, 0, CAP_READER_ERROR_BAD_VERSION,
	  "unsupported Network Monitor version 3.3" },
	{ S_SNOOP, false, 8, 1, 0, CAP_READER_ERROR_BAD_VERSION,
	  "unsupported snoop version 1" },
	{ S_SNOOP, false, 12, 99, 0, CAP_READER_ERROR_LINKTYPE,
	  "unknown snoop data link type 99" },
	{ S_SNOOP, false, 24, 40, 0, CAP_READER_ERROR_CORRUPT,
	  "record at offset 16 has length 40, too short for its 30 captured "
	  "bytes" },
	{ S_SNOOP, true, 112, 0, 1, CAP_READER_ERROR_TRUNCATED,
	  "file ends inside the record at offset 72 (40 of 56 bytes)" },
};

static void test_errors(void)
{
	static const struct nm_frame frames[] = { { 1, 0, FT(1, 0) } };
	Buf samples[N_SAMPLES] = {
		[S_PCAP] = sample_pcap(false, false),
		[S_PCAPNG] = sample_pcapng(),
		[S_SPB_ONLY] = { g_byte_array_new(), false },
		[S_NETMON] = sample_netmon(2, 3, frames, 1, false),
		[S_SNOOP] = sample_snoop(),
	};
	shb(&samples[S_SPB_ONLY], 1, 0);
	spb(&samples[S_SPB_ONLY], 10, 12);

	for (size_t i = 0; i < G_N_ELEMENTS(damages); i++) {
		const struct damage *d = &damages[i];
		g_test_message("damage %zu: %s", i, d->message);
		g_autoptr(Run) run = d->cut ? read_cut(&samples[d->sample], d->at)
			: read_patched(&samples[d->sample], d->at, d->value);
		check_error(run, d->frames, d->code, d->message);
	}
	/* FCS bits in a pcap link-type field do not change the link type. */
	g_autoptr(Run) fcs = read_patched(&samples[S_PCAP], 20, 0xf4000001);
	g_assert_cmpint(fcs->rc, ==, 0);
	g_assert_cmpuint(frame_at(fcs, 0)->linktype, ==, 1);
	g_autoptr(Run) missing = read_path("/nonexistent/file.pcap");
	check_error(missing, 0, CAP_READER_ERROR_IO, "no such file or directory");
	for (int s = 0; s < N_SAMPLES; s++)
		g_byte_array_unref(samples[s].b);
}

/* Every prefix of every sample: frames and a clean end or an error, never a
 * crash (the suite also runs under AddressSanitizer). */
static void test_every_cut(void)
{
	static const struct nm_frame frames[] = {
		{ 1, 0, FT(1, 0) }, { 0xFFE0, 0, FT(2, 0) }, { 1, 0, FT(3, 0) }
	};
	Buf samples[] = {
		sample_pcap(false, false), sample_pcap(true, true),
		sample_pcapng(), sample_snoop(),
		sample_netmon(2, 3, frames, 3, true),
		sample_netmon(1, 0, frames, 2, false),
	};

	for (size_t s = 0; s < G_N_ELEMENTS(samples); s++) {
		g_autoptr(Run) full = read_buf(&samples[s]);
		g_assert_cmpint(full->rc, ==, 0);
		for (size_t len = 0; len < samples[s].b->len; len++) {
			g_autoptr(Run) run = read_cut(&samples[s], len);
			g_assert_cmpuint(run->frames->len, <=, full->frames->len);
			if (run->rc == 0)
				continue;
			g_assert_cmpint(run->rc, ==, -1);
			g_assert_true(run->error->domain == CAP_READER_ERROR);
			g_assert_null(strchr(run->error->message, '\n'));
		}
		g_byte_array_unref(samples[s].b);
	}
}

/* ---- pipes --------------------------------------------------------------- */

struct feed {
	int fd;
	const Buf *o;
};

static gpointer feed_pipe(gpointer data)
{
	struct feed *f = data;
	size_t done = 0;

	while (done < f->o->b->len) {
		ssize_t n = write(f->fd, f->o->b->data + done,
				  MIN(f->o->b->len - done, (size_t)65536));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(f->fd);
	return NULL;
}

/* Reads O through standard input, a pipe, as "-". */
static Run *read_stdin(const Buf *o)
{
	int fds[2];

	g_assert_cmpint(pipe(fds), ==, 0);
	int saved = dup(STDIN_FILENO);
	g_assert_cmpint(dup2(fds[0], STDIN_FILENO), ==, STDIN_FILENO);
	if (fds[0] != STDIN_FILENO) /* with standard input closed, pipe() gave 0 */
		close(fds[0]);
	struct feed f = { fds[1], o };
	GThread *t = g_thread_new("feed", feed_pipe, &f);
	Run *run = read_path("-");
	/* Drain what the reader left, so the writer can finish. */
	char sink[4096];
	while (read(STDIN_FILENO, sink, sizeof sink) > 0)
		;
	g_thread_join(t);
	if (saved >= 0) {
		g_assert_cmpint(dup2(saved, STDIN_FILENO), ==, STDIN_FILENO);
		close(saved);
	} else {
		close(STDIN_FILENO); /* the test ran with standard input closed */
	}
	return run;
}

static void test_stdin(void)
{
	static const struct nm_frame frames[] = {
		{ 1, 0, FT(10, 0) }, { 1, 0, FT(11, 0) }, { 1, 0, FT(12, 0) }
	};
	Buf samples[] = { sample_pcap(false, true), sample_pcapng(),
			  sample_netmon(2, 3, frames, 3, true), sample_snoop() };

	for (size_t s = 0; s < G_N_ELEMENTS(samples); s++) {
		g_autoptr(Run) file = read_buf(&samples[s]);
		g_autoptr(Run) pipe_run = read_stdin(&samples[s]);
		if (pipe_run->error != NULL)
			g_test_message("sample %zu: %s", s, pipe_run->error->message);
		g_assert_cmpint(pipe_run->rc, ==, 0);
		g_assert_cmpuint(pipe_run->frames->len, ==, file->frames->len);
		for (guint i = 0; i < file->frames->len; i++) {
			g_assert_cmpint(frame_at(pipe_run, i)->ts_ns, ==,
					frame_at(file, i)->ts_ns);
			g_assert_true(g_bytes_equal(pipe_run->bytes->pdata[i],
						    file->bytes->pdata[i]));
		}
		g_byte_array_unref(samples[s].b);
	}
	/* A record bigger than the read-ahead buffer, arriving in pieces. */
	Buf big = { g_byte_array_new(), false };
	pcap_header(&big, 0xa1b2c3d4, 2, 4, 0, 1);
	pcap_record(&big, 1, 0, 5u << 20, 5u << 20);
	g_autoptr(Run) run = read_stdin(&big);
	g_assert_cmpint(run->rc, ==, 0);
	check_frame(run, 0, 1000000000, 5u << 20, 5u << 20, 1);
	g_byte_array_unref(big.b);
}

static void test_names(void)
{
	g_assert_cmpstr(linktype_short_name(1), ==, "ether");
	g_assert_cmpstr(linktype_name(1), ==, "Ethernet");
	g_assert_cmpstr(linktype_short_name(113), ==, "linux-sll");
	g_assert_cmpstr(linktype_name(113), ==, "Linux cooked-mode capture v1");
	g_assert_cmpstr(linktype_short_name(160), ==, "user13");
	g_assert_cmpstr(linktype_short_name(101), ==, "rawip");
	g_assert_cmpstr(linktype_short_name(228), ==, "rawip4");
	g_assert_cmpstr(linktype_short_name(276), ==, "linux-sll2");
	g_assert_cmpstr(linktype_name(LINKTYPE_NETMON_EVENT), ==,
			"Network Monitor Network Event");
	g_assert_cmpstr(linktype_name(LINKTYPE_NETMON_HEADER), ==,
			"Network Monitor Header");
	g_assert_null(linktype_name(4242));
	g_assert_null(linktype_short_name(65535));
	g_assert_cmpstr(cap_format_name(CAP_FORMAT_NETMON2), ==,
			"Network Monitor 2.x");
	g_assert_cmpstr(cap_format_name(CAP_FORMAT_PCAP_NSEC), ==,
			"pcap (nanosecond)");
}

/* A file of N records of 1000 bytes (record K's bytes all K & 0xff). */
static char *write_big(const char *name, unsigned n)
{
	char *path = g_build_filename(tmp_dir, name, NULL);
	FILE *fp = fopen(path, "wb");
	g_assert_nonnull(fp);
	static const uint8_t head[24] = {0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0,
					 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0};
	fwrite(head, 1, sizeof head, fp);
	uint8_t rec[16 + 1000];
	for (unsigned k = 0; k < n; k++) {
		uint32_t hdr[4] = {1000000 + k, 0, 1000, 1000};
		memcpy(rec, hdr, sizeof hdr); /* little-endian host, as the header says */
		memset(rec + 16, (int)(k & 0xff), 1000);
		fwrite(rec, 1, sizeof rec, fp);
	}
	g_assert_cmpint(fclose(fp), ==, 0);
	return path;
}

/* A file larger than one read-ahead window is mapped; every frame reads
 * as the read path gives it, and one mapped with ANALYZE_NO_MMAP is read. */
static void test_mapped(void)
{
	g_autofree char *path = write_big("big.pcap", 5000);
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			g_setenv("ANALYZE_NO_MMAP", "1", TRUE);
		GError *e = NULL;
		cap_reader *r = cap_reader_open(path, &e);
		g_assert_no_error(e);
		struct frame f;
		unsigned k = 0;
		int rc;
		while ((rc = cap_reader_next(r, &f, &e)) == 1) {
			g_assert_cmpuint(f.caplen, ==, 1000);
			g_assert_cmpuint(f.data[0], ==, k & 0xff);
			g_assert_cmpuint(f.data[999], ==, k & 0xff);
			k++;
		}
		g_assert_no_error(e);
		g_assert_cmpint(rc, ==, 0);
		g_assert_cmpuint(k, ==, 5000);
		/* back to a frame's offset */
		g_assert_true(cap_reader_seek(r, 24 + 10 * 1016, 11, &e));
		g_assert_cmpint(cap_reader_next(r, &f, &e), ==, 1);
		g_assert_cmpuint(f.number, ==, 11);
		g_assert_cmpuint(f.data[0], ==, 10);
		cap_reader_close(r);
	}
	g_unsetenv("ANALYZE_NO_MMAP");
}

/* The file is cut while it is mapped, after frame 100.  Cut inside the part
 * already taken in (512 KiB): the frames before the cut read whole, the
 * pages past it fault, and the read fails with one line naming the offset
 * (no SIGBUS).  Cut further on (3 MiB): the reader sees the new size and
 * ends as a read would, inside the record the cut goes through. */
static void test_mapped_shrinks(void)
{
	static const struct {
		off_t cut;
		unsigned frames;
		int code;
		const char *message;
	} cases[] = {
		{512 << 10, 516, CAP_READER_ERROR_IO,
		 "the file shrank while it was being read: no record at offset 524280"},
		{3 << 20, 3096, CAP_READER_ERROR_TRUNCATED,
		 "file ends inside the record at offset 3145560 (168 of 1016 bytes)"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *path = write_big("shrinks.pcap", 5000);
		GError *e = NULL;
		cap_reader *r = cap_reader_open(path, &e);
		g_assert_no_error(e);
		struct frame f;
		unsigned k = 0, sum = 0;
		int rc;
		while ((rc = cap_reader_next(r, &f, &e)) == 1) {
			if (k == 100)
				g_assert_cmpint(truncate(path, cases[i].cut), ==, 0);
			for (unsigned j = 0; j < f.caplen; j++)
				sum += f.data[j];
			k++;
		}
		g_assert_cmpint(rc, ==, -1);
		g_assert_cmpuint(k, ==, cases[i].frames);
		g_assert_error(e, CAP_READER_ERROR, cases[i].code);
		g_assert_cmpstr(e->message, ==, cases[i].message);
		g_clear_error(&e);
		g_assert_cmpuint(sum, >, 0);
		cap_reader_close(r);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	tmp_dir = g_dir_make_tmp("test_reader-XXXXXX", NULL);
	g_assert_nonnull(tmp_dir);

	for (unsigned v = 0; v < 4; v++) {
		g_autofree char *name = g_strdup_printf(
			"/reader/pcap/%s-%s", v & 2 ? "nsec" : "usec",
			v & 1 ? "big-endian" : "little-endian");
		g_test_add_data_func(name, GUINT_TO_POINTER(v), test_pcap);
	}
	g_test_add_func("/reader/pcap/swapped-lengths", test_pcap_swapped_lengths);
	g_test_add_func("/reader/pcap/big-record", test_pcap_big_record);
	g_test_add_func("/reader/pcapng/sections", test_pcapng);
	g_test_add_func("/reader/pcapng/big-endian", test_pcapng_big_endian);
	g_test_add_func("/reader/netmon/2.3", test_netmon_2_3);
	g_test_add_func("/reader/netmon/offsets", test_netmon_offsets);
	g_test_add_func("/reader/snoop", test_snoop);
	g_test_add_func("/reader/errors/damaged", test_errors);
	g_test_add_func("/reader/errors/every-cut", test_every_cut);
	g_test_add_func("/reader/stdin", test_stdin);
	g_test_add_func("/reader/names", test_names);
	g_test_add_func("/reader/mapped", test_mapped);
	g_test_add_func("/reader/mapped/shrinks", test_mapped_shrinks);

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
