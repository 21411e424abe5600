/* test_tui_filter.c — the terminal UI's filter run: split between two
 * threads at any frame, it keeps exactly the frames one pass keeps, on a
 * generated capture whose IPv4 and IPv6 datagrams come in fragments (in
 * order, out of order, one never completed) around the split; where a
 * datagram is half gathered at the split the second thread's matches are
 * dropped, elsewhere they are used; and the index's split points. */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "analyzer/filter/filter.h"
#include "tui/filterrun.h"
#include "tui/index.h"
#include "shared_test.h"

/* ---- a capture, frame by frame ---- */

struct capture {
	GByteArray *file;
	uint32_t sec, usec; /* the next frame's time */
	guint frames;
};

static void put16(uint8_t *b, unsigned v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static void put32(uint8_t *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b + 2, v & 0xffff);
}

static void le32(GByteArray *a, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	g_byte_array_append(a, b, 4);
}

static void cap_init(struct capture *c)
{
	c->file = g_byte_array_new();
	le32(c->file, 0xa1b2c3d4);
	le32(c->file, 4u << 16 | 2u); /* version 2.4, little-endian halves */
	le32(c->file, 0);
	le32(c->file, 0);
	le32(c->file, 65535);
	le32(c->file, 1); /* Ethernet */
	c->sec = 1700000000;
	c->usec = 0;
}

/* Appends the N bytes at B as a frame; the times step unevenly. */
static void cap_frame(struct capture *c, const uint8_t *b, uint32_t n)
{
	le32(c->file, c->sec);
	le32(c->file, c->usec);
	le32(c->file, n);
	le32(c->file, n);
	g_byte_array_append(c->file, b, n);
	c->frames++;
	c->usec += 130000u * (c->frames % 7) + 1000u * (c->frames % 3);
	c->sec += c->usec / 1000000u;
	c->usec %= 1000000u;
}

/* Ethernet to B (with an 802.1Q tag when VLAN), of type TYPE; returns its length. */
static uint32_t eth(uint8_t *b, unsigned type, unsigned vlan)
{
	static const uint8_t macs[12] = {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1};
	memcpy(b, macs, 12);
	if (vlan) {
		put16(b + 12, 0x8100);
		put16(b + 14, vlan);
		put16(b + 16, type);
		return 18;
	}
	put16(b + 12, type);
	return 14;
}

/* A TCP header from SPORT to DPORT with FLAGS, then LEN bytes of payload, at B. */
static uint32_t tcp(uint8_t *b, unsigned sport, unsigned dport, unsigned flags, uint32_t len)
{
	memset(b, 0, 20 + len);
	put16(b, sport);
	put16(b + 2, dport);
	put32(b + 4, 1000);
	b[12] = 5 << 4;
	b[13] = (uint8_t)flags;
	put16(b + 14, 8192);
	for (uint32_t i = 0; i < len; i++)
		b[20 + i] = (uint8_t)('a' + i % 26);
	return 20 + len;
}

/* A UDP header from SPORT to DPORT and LEN bytes of payload, at B. */
static uint32_t udp(uint8_t *b, unsigned sport, unsigned dport, uint32_t len)
{
	memset(b, 0, 8 + len);
	put16(b, sport);
	put16(b + 2, dport);
	put16(b + 4, 8 + len);
	return 8 + len;
}

/* One IPv4 frame (on VLAN when not 0) carrying bytes FROM..FROM+N of the
 * datagram payload L4, with ID, MF and the fragment offset FROM. */
static void ip4_frame(struct capture *c, unsigned vlan, uint8_t proto, unsigned id, const uint8_t *l4, uint32_t from,
		      uint32_t n, bool mf, uint32_t src)
{
	uint8_t b[1600];
	uint32_t at = eth(b, 0x0800, vlan);
	uint8_t *ip = b + at;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, 20 + n);
	put16(ip + 4, id);
	put16(ip + 6, (mf ? 0x2000u : 0) | from / 8);
	ip[8] = 64;
	ip[9] = proto;
	put32(ip + 12, src);
	put32(ip + 16, 0x0a000002);
	memcpy(ip + 20, l4 + from, n);
	cap_frame(c, b, at + 20 + n);
}

/* A whole IPv4 datagram carrying the N bytes at L4. */
static void ip4(struct capture *c, unsigned vlan, uint8_t proto, const uint8_t *l4, uint32_t n)
{
	ip4_frame(c, vlan, proto, 7, l4, 0, n, false, 0x0a000001);
}

/* One IPv6 frame carrying L4 (next header PROTO), whole, or bytes
 * FROM..FROM+N of it in a fragment header when FRAG. */
static void ip6_frame(struct capture *c, uint8_t proto, const uint8_t *l4, uint32_t from, uint32_t n, bool frag,
		      bool mf, uint32_t id)
{
	uint8_t b[1600];
	uint32_t at = eth(b, 0x86dd, 0);
	uint8_t *ip = b + at;
	memset(ip, 0, 40);
	ip[0] = 0x60;
	put16(ip + 4, n + (frag ? 8 : 0));
	ip[6] = frag ? 44 : proto;
	ip[7] = 64;
	ip[8] = 0xfd;
	ip[23] = 1;
	ip[24] = 0xfd;
	ip[39] = 2;
	uint32_t h = 40;
	if (frag) {
		memset(ip + 40, 0, 8);
		ip[40] = proto;
		put16(ip + 42, from | (mf ? 1u : 0));
		put32(ip + 44, id);
		h = 48;
	}
	memcpy(ip + h, l4 + from, n);
	cap_frame(c, b, at + h + n);
}

static void icmp_echo(struct capture *c, bool request, unsigned seq)
{
	uint8_t m[40] = {request ? 8 : 0};
	put16(m + 4, 0x55);
	put16(m + 6, seq);
	ip4(c, 0, 1, m, sizeof m);
}

static void arp(struct capture *c, unsigned op)
{
	uint8_t b[60] = {0};
	uint32_t at = eth(b, 0x0806, 0);
	static const uint8_t body[28] = {0, 1, 8, 0, 6, 4, 0, 1, 0, 0, 0, 0, 0, 1, 10, 0, 0, 1,
					 0, 0, 0, 0, 0, 0, 10, 0, 0, 2};
	memcpy(b + at, body, sizeof body);
	b[at + 7] = (uint8_t)op;
	cap_frame(c, b, 60);
}

/* Some frames of whole datagrams, different ones by K. */
static void filler(struct capture *c, unsigned k)
{
	uint8_t l4[1500];
	switch (k % 6) {
	case 0: ip4(c, 0, 6, l4, tcp(l4, 40000 + k, 111, 0x18, k % 50)); break;
	case 1: ip4(c, 0, 17, l4, udp(l4, 5353 + k, 53, 30 + k % 90)); break;
	case 2: ip4(c, 10 + k % 3, 6, l4, tcp(l4, 80, 50000 + k, 0x10, 600)); break;
	case 3: icmp_echo(c, k % 2, k); break;
	case 4: arp(c, 1 + k % 2); break;
	default: ip6_frame(c, 6, l4, 0, tcp(l4, 111, 41000 + k, 0x02, 0), false, false, 0); break;
	}
}

/* The capture: whole datagrams around fragmented ones, every kind of
 * fragment order; frame indexes of the interesting ones in the comments. */
static char *write_capture(const char *dir, guint *completing)
{
	struct capture c = {0};
	cap_init(&c);
	uint8_t l4[3000];
	unsigned k = 0;
	while (c.frames < 20)
		filler(&c, k++);
	/* 20, 21 (filler), 22: TCP to 111 in three IPv4 fragments, in order */
	uint32_t n = tcp(l4, 40111, 111, 0x18, 2000);
	ip4_frame(&c, 0, 6, 0x1234, l4, 0, 1000, true, 0x0a000001);
	filler(&c, k++);
	ip4_frame(&c, 0, 6, 0x1234, l4, 1000, 800, true, 0x0a000001);
	ip4_frame(&c, 0, 6, 0x1234, l4, 1800, n - 1800, false, 0x0a000001);
	completing[0] = 23;
	while (c.frames < 40)
		filler(&c, k++);
	/* 40..44: UDP to 111 over VLAN 20, its last fragment first */
	n = udp(l4, 7000, 111, 1900);
	ip4_frame(&c, 20, 17, 0x2345, l4, 1000, n - 1000, false, 0x0a000003);
	filler(&c, k++);
	filler(&c, k++);
	ip4_frame(&c, 20, 17, 0x2345, l4, 0, 1000, true, 0x0a000003);
	completing[1] = 43;
	while (c.frames < 60)
		filler(&c, k++);
	/* 60..63: IPv6 TCP to 111 in two fragments, fillers between */
	n = tcp(l4, 40222, 111, 0x18, 1700);
	ip6_frame(&c, 6, l4, 0, 1000, true, true, 77);
	filler(&c, k++);
	filler(&c, k++);
	ip6_frame(&c, 6, l4, 1000, n - 1000, true, false, 77);
	completing[2] = 63;
	while (c.frames < 80)
		filler(&c, k++);
	/* 80: a middle fragment whose datagram never completes, then
	 * two datagrams interleaved */
	n = tcp(l4, 40333, 111, 0x18, 1500);
	ip4_frame(&c, 0, 6, 0x3456, l4, 1000, 400, true, 0x0a000004);
	filler(&c, k++);
	uint8_t l4b[3000];
	uint32_t nb = tcp(l4b, 40444, 111, 0x18, 1500);
	ip4_frame(&c, 0, 6, 0x4567, l4b, 0, 1000, true, 0x0a000005);
	ip4_frame(&c, 0, 6, 0x5678, l4, 0, 1000, true, 0x0a000006);
	ip4_frame(&c, 0, 6, 0x4567, l4b, 1000, nb - 1000, false, 0x0a000005);
	ip4_frame(&c, 0, 6, 0x5678, l4, 1000, n - 1000, false, 0x0a000006);
	completing[3] = 85;
	while (c.frames < 110)
		filler(&c, k++);
	char *path = g_build_filename(dir, "frags.pcap", NULL);
	g_assert_true(g_file_set_contents(path, (const char *)c.file->data, (gssize)c.file->len, NULL));
	g_byte_array_free(c.file, TRUE);
	return path;
}

/* ---- the test ---- */

static const char *const filters[] = {
	"tcp.port == 111", "udp.port == 111", "tcp.dstport == 111 || udp.dstport == 111", "tcp", "udp", "ip",
	"ip.flags.mf == 1", "ip.frag_offset > 0", "ip.flags.mf == 0 && ip.frag_offset == 0", "ip.id == 0x1234",
	"tcp.port == 111 && ip.flags.mf == 0", "data", "!tcp", "not ip", "icmp", "icmp.type == 8", "icmp.type == 0",
	"arp", "arp.opcode == 2", "vlan", "vlan.id == 20", "ipv6", "ipv6.nxt == 44", "ipv6 && tcp",
	"ipv6.src == fd00::1", "ip.addr == 10.0.0.5", "ip.src == 10.0.0.1", "udp.port == 53", "udp.length > 100",
	"tcp.flags.syn == 1", "tcp.srcport > tcp.dstport", "tcp.port in {80, 111}", "ip.proto == 17",
	"eth.type == 0x86dd", "count(ip.addr) == 2", "tcp[13] == 02", "tcp.len > 1000", "ip.len > 1000",
	"frame.number > 50", "frame.len > 500", "frame.time_delta > 0.5", "frame.time_relative > 10",
	"frame.cap_len < 100", "ip.ttl == 64", "frame.marked == 1", "tcp.stream == 1", "udp.stream == 0",
};

/* The frames FILTER keeps on IDX, split at SPLIT (G_MAXUINT: one pass);
 * *JOINED whether the second thread's matches were used; the run's state
 * at its end (1: the file read to the end) and error message in *END. */
static GArray *run_filter_end(const struct tui_index *idx, const char *filter, guint split, bool *joined,
			      char **end)
{
	GError *err = NULL;
	dfilter *f = dfilter_compile(filter, &err);
	g_assert_no_error(err);
	struct tui_filter_run *run = tui_filter_run_new(idx, filter, f, split, &err);
	g_assert_no_error(err);
	while (tui_filter_run_step(run, 7))
		;
	*end = g_strdup_printf("%d %s", run->pass.state, run->pass.error ? run->pass.error : "");
	*joined = run->joined;
	GArray *rows = g_steal_pointer(&run->rows);
	tui_filter_run_free(run);
	return rows;
}

/* The same, for a file read to its end. */
static GArray *run_filter(const struct tui_index *idx, const char *filter, guint split, bool *joined)
{
	g_autofree char *end = NULL;
	GArray *rows = run_filter_end(idx, filter, split, joined, &end);
	g_assert_cmpstr(end, ==, "1 ");
	return rows;
}

static bool same_rows(const GArray *a, const GArray *b)
{
	return a->len == b->len && (!a->len || memcmp(a->data, b->data, a->len * sizeof(guint)) == 0);
}

/* Whether the frame index I is among ROWS. */
static bool has_row(const GArray *rows, guint i)
{
	for (guint k = 0; k < rows->len; k++)
		if (g_array_index(rows, guint, k) == i)
			return true;
	return false;
}

static void test_split_fragments(void)
{
	g_autofree char *dir = g_dir_make_tmp("analyze-tuifilter-XXXXXX", NULL);
	guint completing[4];
	g_autofree char *path = write_capture(dir, completing);
	GError *err = NULL;
	struct tui_index *idx = tui_index_open(path, &err);
	g_assert_no_error(err);
	while (tui_index_step(idx, 1000))
		;
	guint n = tui_index_count(idx);
	g_assert_cmpuint(n, ==, 110);
	/* the spans the pass gathered datagrams over: before 21..23, 41..43,
	 * 61..63, and from 81 to the end (the fragment never completed) */
	static const struct tui_span want[] = {{21, 24}, {41, 44}, {61, 64}, {81, G_MAXUINT}};
	g_assert_cmpuint(idx->gathering->len, ==, G_N_ELEMENTS(want));
	for (guint k = 0; k < G_N_ELEMENTS(want); k++) {
		g_assert_cmpuint(g_array_index(idx->gathering, struct tui_span, k).from, ==, want[k].from);
		g_assert_cmpuint(g_array_index(idx->gathering, struct tui_span, k).to, ==, want[k].to);
	}
	/* frames the user marked, on either side of any split */
	static const guint marked[] = {3, 30, 50, 90, 109};
	for (size_t k = 0; k < G_N_ELEMENTS(marked); k++) {
		idx->marks->data[marked[k]] |= TUI_MARK_USER;
		idx->user_marks++;
	}
	/* the frames completing a datagram show its TCP or UDP header: a run
	 * that split there without what the first part gathered would miss them */
	bool joined;
	g_autoptr(GArray) tcp111 = run_filter(idx, "tcp.port == 111", G_MAXUINT, &joined);
	g_autoptr(GArray) udp111 = run_filter(idx, "udp.port == 111", G_MAXUINT, &joined);
	g_assert_true(has_row(tcp111, completing[0]) && has_row(udp111, completing[1]) &&
		      has_row(tcp111, completing[2]) && has_row(tcp111, completing[3]));
	g_autoptr(GArray) marks = run_filter(idx, "frame.marked == 1", G_MAXUINT, &joined);
	g_assert_cmpuint(marks->len, ==, G_N_ELEMENTS(marked));
	for (size_t k = 0; k < G_N_ELEMENTS(filters); k++) {
		g_autoptr(GArray) one = run_filter(idx, filters[k], G_MAXUINT, &joined);
		g_assert_false(joined);
		g_autoptr(dfilter) f = dfilter_compile(filters[k], NULL);
		for (guint split = 1; split < n; split++) {
			g_autoptr(GArray) two = run_filter(idx, filters[k], split, &joined);
			if (!same_rows(one, two))
				g_error("'%s' split at frame %u: %u frames kept, %u in one pass", filters[k], split + 1,
					two->len, one->len);
			/* the second thread's matches count unless a datagram was
			 * half gathered where it began (or the filter reads more than
			 * each frame) */
			bool held = (split >= 21 && split < 24) || (split >= 41 && split < 44) ||
				    (split >= 61 && split < 64) || split >= 81;
			if (joined != (dfilter_frame_local(f) && !held))
				g_error("'%s' split at frame %u: the second part %s", filters[k], split + 1,
					joined ? "was used" : "was not used");
		}
	}
	/* the split points the index gives: outside the spans, the nearer
	 * end of one, none when both are out of bounds or it runs on */
	g_assert_cmpuint(tui_index_split_point(idx, 10, 1, 100), ==, 10);
	g_assert_cmpuint(tui_index_split_point(idx, 21, 1, 100), ==, 20);
	g_assert_cmpuint(tui_index_split_point(idx, 23, 1, 100), ==, 24);
	g_assert_cmpuint(tui_index_split_point(idx, 22, 1, 100), ==, 20);
	g_assert_cmpuint(tui_index_split_point(idx, 22, 21, 100), ==, 24);
	g_assert_cmpuint(tui_index_split_point(idx, 22, 21, 23), ==, G_MAXUINT);
	g_assert_cmpuint(tui_index_split_point(idx, 44, 1, 100), ==, 44);
	g_assert_cmpuint(tui_index_split_point(idx, 90, 1, 100), ==, 80);
	g_assert_cmpuint(tui_index_split_point(idx, 90, 81, 100), ==, G_MAXUINT);
	g_assert_cmpuint(tui_index_split_point(idx, 5, 1, n), ==, G_MAXUINT); /* past the last frame */
	/* too few frames for a second thread */
	g_autoptr(dfilter) f = dfilter_compile("tcp.port == 111", NULL);
	g_assert_cmpuint(tui_filter_split(idx, f), ==, G_MAXUINT);
	tui_index_free(idx);
	g_unlink(path);
	g_rmdir(dir);
}

/* What the shared captures gave so far. */
struct shared_tally {
	guint files, runs, joined;
};

/* Every filter above keeps the same frames of the capture at PATH split at
 * the index's point near the middle and at a third of the frames (wherever
 * that falls) as in one pass. */
static void split_shared(const char *path, const char *name, void *data)
{
	struct shared_tally *t = data;
	g_autoptr(GError) err = NULL;
	struct tui_index *idx = tui_index_open(path, &err);
	if (!idx)
		return;
	while (tui_index_step(idx, 10000))
		;
	guint n = tui_index_count(idx);
	guint splits[] = {tui_index_split_point(idx, n / 2, 1, n - 1), n / 3};
	for (size_t i = 0; i < G_N_ELEMENTS(filters) && n > 1; i++) {
		bool joined;
		g_autofree char *end1 = NULL;
		g_autoptr(GArray) one = run_filter_end(idx, filters[i], G_MAXUINT, &joined, &end1);
		for (size_t j = 0; j < G_N_ELEMENTS(splits); j++) {
			g_autofree char *end2 = NULL;
			g_autoptr(GArray) two = run_filter_end(idx, filters[i], splits[j], &joined, &end2);
			g_assert_cmpstr(end1, ==, end2);
			if (!same_rows(one, two))
				g_error("%s: '%s' split at frame %u: %u frames kept, %u in one pass", name, filters[i],
					splits[j] + 1, two->len, one->len);
			t->runs++;
			t->joined += joined;
		}
	}
	t->files++;
	tui_index_free(idx);
}

/* Every shared real capture (shared_test.h). */
static void test_shared(void)
{
	struct shared_tally t = {0};
	if (shared_captures_each(split_shared, &t))
		g_test_message("shared captures: %u files, %u split runs as one pass, %u of them joined", t.files,
			       t.runs, t.joined);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tui/filter/split-fragments", test_split_fragments);
	g_test_add_func("/tui/filter/shared", test_shared);
	return g_test_run();
}
