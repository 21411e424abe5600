/* fuzz_capture.c — the capture readers with full dissection: the bytes are
 * a capture file (pcap, pcapng, Network Monitor, snoop), read to its end or
 * its damage; every frame is dissected with TCP conversations followed (as
 * `list -V` and the reports do), its detail tree and Info column built,
 * http.file_data asked for, and the hierarchy, dests, conversation and
 * rtt listeners fed.  Each frame is then dissected again on its own (as
 * the terminal UI re-reads a frame), and the reader seeks back to the
 * first frames and reads them again. */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "analyzer/list_detail.h"
#include "analyzer/list_info.h"
#include "analyzer/reader.h"
#include "dissect/dissect.h"
#include "dissect/session.h"
#include "stats/conv.h"
#include "stats/dests.h"
#include "stats/hierarchy.h"
#include "stats/rtt.h"
#include "tests/fuzz/fuzz.h"

/* Seeks back to at most this many frames. */
#define SEEKS 4

struct taps {
	phs_state *phs;
	dests_state *dests;
	conv_state *conv;
	rtt_state *rtt;
	struct list_line line;
	size_t text;            /* characters of detail seen (keeps the walk honest) */
};

static void on_line(const struct detail_line *l, void *data)
{
	struct taps *t = data;
	t->text += strlen(l->text);
}

static bool on_value(const struct fvalue *v, void *data)
{
	(void)v;
	(void)data;
	return true;
}

static void one_frame(struct taps *t, const struct packet *p)
{
	list_detail_walk(p, on_line, t);
	list_line_fill(&t->line, p);
	const struct proto_def *pd = NULL;
	const struct field_def *fd = field_lookup("http.file_data", &pd);
	if (fd)
		field_values(p, pd, fd, on_value, NULL);
	phs_packet(t->phs, p);
	dests_packet(t->dests, p);
	conv_packet(t->conv, p);
	rtt_packet(t->rtt, p);
}

/* Reads the frames at OFFSETS again, each dissected alone. */
static void seek_back(cap_reader *r, const uint64_t *offsets, guint n)
{
	struct frame f;
	struct packet *p = g_new0(struct packet, 1);
	struct list_line line = {.info = g_string_new(NULL)};
	for (guint i = 0; i < n; i++) {
		g_autoptr(GError) err = NULL;
		if (!cap_reader_seek(r, offsets[i], i + 1, &err) || cap_reader_next(r, &f, &err) <= 0)
			continue;
		dissect_frame(p, &f);
		list_line_fill(&line, p);
	}
	g_string_free(line.info, TRUE);
	g_free(p);
}

static void read_all(const char *path)
{
	g_autoptr(GError) err = NULL;
	cap_reader *r = cap_reader_open(path, &err);
	if (!r)
		return;
	struct taps t = {phs_new(), dests_new(), conv_new(CONV_TCP), rtt_new(), {.info = g_string_new(NULL)}, 0};
	struct dissect_session *session = dissect_session_new();
	dissect_session_track_tcp(session);
	struct packet *p = g_new0(struct packet, 1), *alone = g_new0(struct packet, 1);
	p->udp_expect_hint_layer = -1;
	uint64_t offsets[SEEKS];
	guint n = 0;
	struct frame f;
	rtt_file_begin(t.rtt, 0);
	while (cap_reader_next(r, &f, &err) > 0) {
		if (n < SEEKS)
			offsets[n++] = f.offset;
		p->first_ns = p->prev_ns = f.ts_ns;
		dissect_frame_in(p, &f, session, false);
		one_frame(&t, p);
		dissect_frame(alone, &f);
		list_line_fill(&t.line, alone);
	}
	rtt_file_end(t.rtt);
	rtt_summary_free(rtt_summarize(t.rtt));
	for (guint i = 0; i < cap_reader_n_interfaces(r); i++)
		cap_reader_interface(r, i);
	seek_back(r, offsets, n);
	cap_reader_close(r);
	dissect_session_free(session);
	g_free(p);
	g_free(alone);
	g_string_free(t.line.info, TRUE);
	phs_free(t.phs);
	dests_free(t.dests);
	conv_free(t.conv);
	rtt_free(t.rtt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the reader opens a path: the bytes live in an anonymous file */
	int fd = memfd_create("capture", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	size_t done = 0;
	while (done < size) {
		ssize_t k = write(fd, data + done, size - done);
		if (k <= 0)
			break;
		done += (size_t)k;
	}
	if (done == size) {
		g_autofree char *path = g_strdup_printf("/proc/self/fd/%d", fd);
		read_all(path);
	}
	close(fd);
	return 0;
}
