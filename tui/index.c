/* index.c — the background indexing pass and re-reading frames on demand. */
#include "tui/index.h"

#include "dissect/dissect.h"
#include "dissect/tcp_conv.h"

struct tui_index *tui_index_open(const char *path, GError **error)
{
	struct tui_index *idx = g_new0(struct tui_index, 1);
	if (!tui_pass_open(&idx->pass, path, LOOP_TRACKED, error)) {
		g_free(idx);
		return NULL;
	}
	idx->path = g_strdup(path);
	idx->offsets = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	idx->marks = g_byte_array_new();
	idx->phs = phs_new();
	return idx;
}

void tui_index_free(struct tui_index *idx)
{
	if (!idx)
		return;
	tui_pass_close(&idx->pass);
	g_free(idx->path);
	g_free(idx->error);
	g_array_free(idx->offsets, TRUE);
	g_byte_array_free(idx->marks, TRUE);
	phs_free(idx->phs);
	g_free(idx);
}

static uint8_t frame_marks(const struct packet *p)
{
	uint8_t m = 0;
	if (pkt_has_tcp(p) && (p->tcp_flags & TH_RST))
		m |= TUI_MARK_RST;
	if (p->flags & (PKT_MALFORMED | PKT_TRUNCATED))
		m |= TUI_MARK_MALFORMED;
	if (p->tcp_tracked) {
		if (p->tcp_an_flags & (TA_RETRANSMISSION | TA_FAST_RETRANSMISSION | TA_SPURIOUS_RETRANSMISSION))
			m |= TUI_MARK_RETRANS;
		if (p->tcp_an_flags & (TA_DUP_ACK | TA_LOST_SEGMENT | TA_ZERO_WINDOW | TA_OUT_OF_ORDER))
			m |= TUI_MARK_TCP_ISSUE;
	}
	return m;
}

static void on_frame(const struct packet *p, void *data)
{
	struct tui_index *idx = data;
	uint64_t off = p->frame->offset;
	uint8_t m = frame_marks(p);
	g_array_append_val(idx->offsets, off);
	g_byte_array_append(idx->marks, &m, 1);
	if (idx->offsets->len == 1)
		idx->first_ns = p->first_ns;
	phs_packet(idx->phs, p);
}

bool tui_index_step(struct tui_index *idx, guint n)
{
	if (idx->done)
		return false;
	tui_pass_step(&idx->pass, n, on_frame, idx);
	if (idx->pass.state != 0) {
		idx->done = true;
		idx->error = g_steal_pointer(&idx->pass.error);
		tui_pass_close(&idx->pass);
	}
	return !idx->done;
}

double tui_index_progress(const struct tui_index *idx)
{
	return idx->done ? 1.0 : tui_pass_progress(&idx->pass);
}

struct tui_reread *tui_reread_open(const char *path, GError **error)
{
	cap_reader *r = cap_reader_open(path, error);
	if (!r)
		return NULL;
	struct tui_reread *rr = g_new0(struct tui_reread, 1);
	rr->r = r;
	rr->p = g_new0(struct packet, 1);
	rr->cached = G_MAXUINT;
	return rr;
}

void tui_reread_free(struct tui_reread *rr)
{
	if (!rr)
		return;
	cap_reader_close(rr->r);
	g_free(rr->p);
	g_free(rr);
}

/* Reads frame I into rr->f; false with ERROR set when it cannot. */
static bool read_frame(struct tui_reread *rr, const struct tui_index *idx, guint i, GError **error)
{
	rr->cached = G_MAXUINT;
	if (!cap_reader_seek(rr->r, g_array_index(idx->offsets, uint64_t, i), (uint64_t)i + 1, error))
		return false;
	int rc = cap_reader_next(rr->r, &rr->f, error);
	if (rc == 0)
		g_set_error(error, CAP_READER_ERROR, CAP_READER_ERROR_TRUNCATED, "frame %u is no longer in the file", i + 1);
	return rc > 0;
}

const struct packet *tui_reread_get(struct tui_reread *rr, const struct tui_index *idx, guint i, GError **error)
{
	g_return_val_if_fail(i < tui_index_count(idx), NULL);
	if (rr->cached == i)
		return rr->p;
	int64_t prev_ns = idx->first_ns;
	if (i > 0) {
		if (!read_frame(rr, idx, i - 1, error))
			return NULL;
		prev_ns = rr->f.ts_ns;
	}
	if (!read_frame(rr, idx, i, error))
		return NULL;
	rr->p->first_ns = idx->first_ns;
	rr->p->prev_ns = prev_ns;
	dissect_frame_in(rr->p, &rr->f, NULL, false);
	rr->cached = i;
	return rr->p;
}
