/* index.c — the background indexing pass and reading frames again on
 * demand, exactly as the pass saw them (see index.h). */
#include "tui/index.h"

#include <string.h>

#include "dissect/dissect.h"
#include "dissect/session.h"
#include "dissect/tcp_conv.h"

struct tui_index *tui_index_open(const char *path, GError **error)
{
	struct tui_index *idx = g_new0(struct tui_index, 1);
	if (!tui_pass_open(&idx->pass, path, LOOP_TRACKED, error)) {
		g_free(idx);
		return NULL;
	}
	idx->path = g_strdup(path);
	idx->ref_frame = G_MAXUINT;
	idx->first_ifaces = cap_reader_n_interfaces(idx->pass.r);
	idx->blocks = g_ptr_array_new_with_free_func(g_free);
	idx->far = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	idx->marks = g_byte_array_new();
	idx->ctxs = g_array_new(FALSE, FALSE, sizeof(struct tui_tcpctx));
	idx->stream_first = g_array_new(FALSE, FALSE, sizeof(guint));
	idx->last_tcp = g_array_new(FALSE, TRUE, sizeof(uint32_t));
	idx->last_udp = g_array_new(FALSE, TRUE, sizeof(uint32_t));
	idx->tunnel_udp = g_hash_table_new(g_direct_hash, g_direct_equal);
	idx->tcp_flags = g_hash_table_new(g_direct_hash, g_direct_equal);
	idx->texts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	idx->gathering = g_array_new(FALSE, FALSE, sizeof(struct tui_span));
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
	g_ptr_array_free(idx->blocks, TRUE);
	g_hash_table_destroy(idx->far);
	g_byte_array_free(idx->marks, TRUE);
	g_array_free(idx->ctxs, TRUE);
	g_array_free(idx->stream_first, TRUE);
	g_clear_pointer(&idx->last_tcp, g_array_unref);
	g_clear_pointer(&idx->last_udp, g_array_unref);
	g_hash_table_destroy(idx->texts);
	g_hash_table_destroy(idx->tunnel_udp);
	g_hash_table_destroy(idx->tcp_flags);
	g_array_free(idx->gathering, TRUE);
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


/* Whether a layer of P was put together from earlier frames. */
static bool depends_on_earlier(const struct packet *p)
{
	if (p->rpc_nnotes || p->dcerpc_answered || p->tls13 || p->smb_fid || p->icmp_request || p->dns_retx ||
	    p->dcerpc_unbound[0] || p->tls_resumed || p->other_conv_info || p->arp_ndup)
		return true;
	for (int k = 0; k < p->nlayers; k++)
		if ((p->layers[k].flags & (PKT_REASSEMBLED | PKT_BY_SESSION)) || p->layers[k].proto == PROTO_TCP_SEGMENTS)
			return true;
	return false;
}

static uint32_t context_of(struct tui_index *idx, GArray *last, guint key, const struct tui_tcpctx *nowp);

/* The TCP context of tracked frame P: the current one of its direction,
 * or a new one when the numbers changed.  Returns its index + 1. */
static uint32_t tcp_context(struct tui_index *idx, const struct packet *p)
{
	int alen = p->ip_version == 6 ? 16 : 4;
	int c = memcmp(p->ip_src, p->ip_dst, (size_t)alen);
	bool dir = c < 0 || (c == 0 && p->sport < p->dport);
	guint key = p->tcp_stream * 2 + dir;
	struct tui_tcpctx now = {p->tcp_stream, p->tcp_has_seq_base ? p->tcp_seq_base : 0,
				 p->tcp_has_ack_base ? p->tcp_ack_base : 0, p->tcp_win_shift,
				 (uint8_t)((p->tcp_has_seq_base ? 1 : 0) | (p->tcp_has_ack_base ? 2 : 0))};
	return context_of(idx, idx->last_tcp, key, &now);
}

/* The context NOW under KEY of LAST (the last context of each direction of
 * a TCP stream, or of each UDP stream, by number: dense, a slot each, so
 * no table): the last one when equal, else a new one. */
static uint32_t context_of(struct tui_index *idx, GArray *last, guint key, const struct tui_tcpctx *nowp)
{
	struct tui_tcpctx now = *nowp;
	if (key >= last->len)
		g_array_set_size(last, key + 1);
	uint32_t id = g_array_index(last, uint32_t, key);
	if (id) {
		const struct tui_tcpctx *was = &g_array_index(idx->ctxs, struct tui_tcpctx, id - 1);
		if (was->seq_base == now.seq_base && was->ack_base == now.ack_base &&
		    was->win_shift == now.win_shift && was->has == now.has)
			return id;
	}
	g_array_append_val(idx->ctxs, now);
	id = idx->ctxs->len;
	g_array_index(last, uint32_t, key) = id;
	while (!(now.has & (TUI_CTX_UDP | TUI_CTX_UDP_QUOTED)) && idx->stream_first->len <= now.stream) {
		guint first = idx->count; /* this frame, appended next */
		g_array_append_val(idx->stream_first, first);
	}
	return id;
}

/* The UDP context of frame P (not TCP), 0 when it has none. */
static uint32_t udp_context(struct tui_index *idx, const struct packet *p)
{
	if (!p->udp_stream_valid && !p->udp_quoted_valid)
		return 0;
	struct tui_tcpctx now = {p->udp_stream_valid ? p->udp_stream : 0, p->udp_quoted_valid ? p->udp_quoted_stream : 0,
				 0, p->udp_stream_valid ? p->udp_stream_layer : 0,
				 (uint8_t)((p->udp_stream_valid ? TUI_CTX_UDP : 0) |
					   (p->udp_quoted_valid ? TUI_CTX_UDP_QUOTED : 0))};
	return context_of(idx, idx->last_udp, now.stream, &now);
}

static void keep_text(struct tui_index *idx, const struct packet *p)
{
	struct list_line l = {.info = g_string_new(NULL)};
	list_line_fill(&l, p);
	char *t = g_strdup_printf("%s\t%s\t%s\t%s", l.src, l.dst, l.proto, l.info->str);
	g_string_free(l.info, TRUE);
	g_hash_table_insert(idx->texts, GUINT_TO_POINTER(idx->count), t);
}

/* Notes whether the frame after those indexed comes while an IP datagram
 * is half gathered (tui_index_split_point). */
static void note_gathering(struct tui_index *idx)
{
	bool held = dissect_session_datagrams(idx->pass.session) > 0;
	GArray *g = idx->gathering;
	struct tui_span *last = g->len ? &g_array_index(g, struct tui_span, g->len - 1) : NULL;
	bool open = last && last->to == G_MAXUINT;
	if (held && !open) {
		struct tui_span span = {idx->count, G_MAXUINT};
		g_array_append_val(g, span);
	} else if (!held && open) {
		last->to = idx->count;
	}
}

static void on_frame(const struct packet *p, void *data)
{
	struct tui_index *idx = data;
	uint64_t off = p->frame->offset;
	uint8_t m = frame_marks(p);
	bool tcp = p->tcp_tracked; /* also a TCP header quoted in an ICMP error */
	uint32_t ctx = tcp ? tcp_context(idx, p) : udp_context(idx, p);
	if (tcp && (p->tcp_an_flags || p->tcp_port_reuse))
		g_hash_table_insert(idx->tcp_flags, GUINT_TO_POINTER(idx->count),
				    GUINT_TO_POINTER(p->tcp_an_flags | (p->tcp_port_reuse ? 1u << 16 : 0)));
	if (tcp && (p->udp_stream_valid || p->udp_quoted_valid))
		g_hash_table_insert(idx->tunnel_udp, GUINT_TO_POINTER(idx->count),
				    GUINT_TO_POINTER(udp_context(idx, p)));
	uint8_t layers = (uint8_t)(p->nlayers + 1);
	if (depends_on_earlier(p)) {
		/* a TCP line is replayed with its connection, unless it draws on
		 * another connection's frames */
		if (!tcp || p->other_conv_info)
			keep_text(idx, p);
		layers = 0;
	} else if (tcp && (col_top_layer(p) > p->l4_layer || p->tcp_an_flags || p->tcp_port_reuse ||
			   p->tcp_seg != TCP_SEG_NONE)) {
		/* an application's line, or the analysis of the segment and how it
		 * stands to the messages: what it shows comes from earlier segments */
		layers = 0;
	}
	guint at = TUI_IN_BLOCK(idx->count);
	if (at == 0) {
		/* a new block, allocated as it fills (its pages are touched
		 * frame by frame) */
		struct tui_block *b = g_malloc(sizeof *b);
		b->base = off;
		g_ptr_array_add(idx->blocks, b);
	}
	struct tui_block *b = idx->blocks->pdata[idx->blocks->len - 1];
	if (off >= b->base && off - b->base < UINT32_MAX) {
		b->off[at] = (uint32_t)(off - b->base);
	} else {
		b->off[at] = UINT32_MAX;
		g_hash_table_insert(idx->far, GUINT_TO_POINTER(idx->count), g_memdup2(&off, sizeof off));
	}
	b->ctx_of[at] = ctx;
	b->layers[at] = layers;
	/* what the frame's UDP payload is may come from an earlier frame: kept
	 * for reading it again alone (a layer too deep to keep is not) */
	b->expected[at] = p->udp_expected && p->udp_expected_layer < 32 ?
			  (uint8_t)(p->udp_expected | p->udp_expected_layer << 3) : 0;
	g_byte_array_append(idx->marks, &m, 1);
	idx->count++;
	if (idx->count == 1)
		idx->first_ns = p->first_ns;
	if (cap_reader_n_interfaces(idx->pass.r) > idx->first_ifaces)
		idx->sectioned = true;
	phs_packet(idx->phs, p);
	note_gathering(idx);
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
		g_clear_pointer(&idx->last_tcp, g_array_unref);
		g_clear_pointer(&idx->last_udp, g_array_unref);
	}
	return !idx->done;
}

uint64_t tui_index_offset(const struct tui_index *idx, guint i)
{
	const struct tui_block *b = tui_index_block(idx, i);
	uint32_t d = b->off[TUI_IN_BLOCK(i)];
	if (d != UINT32_MAX)
		return b->base + d;
	const uint64_t *far = g_hash_table_lookup(idx->far, GUINT_TO_POINTER(i));
	return far ? *far : 0;
}

guint tui_index_stream(const struct tui_index *idx, guint i)
{
	uint32_t c = tui_index_block(idx, i)->ctx_of[TUI_IN_BLOCK(i)];
	if (!c)
		return G_MAXUINT;
	const struct tui_tcpctx *x = &g_array_index(idx->ctxs, struct tui_tcpctx, c - 1);
	return x->has & (TUI_CTX_UDP | TUI_CTX_UDP_QUOTED) ? G_MAXUINT : x->stream;
}

guint tui_index_udp_stream(const struct tui_index *idx, guint i)
{
	uint32_t c = tui_index_block(idx, i)->ctx_of[TUI_IN_BLOCK(i)];
	if (tui_index_stream(idx, i) != G_MAXUINT)
		c = GPOINTER_TO_UINT(g_hash_table_lookup(idx->tunnel_udp, GUINT_TO_POINTER(i)));
	if (!c)
		return G_MAXUINT;
	const struct tui_tcpctx *x = &g_array_index(idx->ctxs, struct tui_tcpctx, c - 1);
	return x->has & TUI_CTX_UDP ? x->stream : G_MAXUINT;
}

double tui_index_progress(const struct tui_index *idx)
{
	return idx->done ? 1.0 : tui_pass_progress(&idx->pass);
}

guint tui_index_split_point(const struct tui_index *idx, guint want, guint lo, guint hi)
{
	if (!idx->done || idx->error || idx->sectioned || lo < 1 || hi >= idx->count || lo > hi)
		return G_MAXUINT;
	want = CLAMP(want, lo, hi);
	/* the last span starting at or before WANT */
	const GArray *g = idx->gathering;
	guint a = 0, b = g->len;
	while (a < b) {
		guint mid = a + (b - a) / 2;
		if (g_array_index(g, struct tui_span, mid).from <= want)
			a = mid + 1;
		else
			b = mid;
	}
	if (a == 0)
		return want;
	const struct tui_span *s = &g_array_index(g, struct tui_span, a - 1);
	if (want >= s->to)
		return want;
	/* inside it: just before it began (no span ends there: the one before
	 * ended earlier) or where it ended, the nearer that is in bounds */
	guint before = s->from - 1, after = s->to;
	bool b_ok = s->from > lo, a_ok = after <= hi;
	if (b_ok && (!a_ok || want - before <= after - want))
		return before;
	return a_ok ? after : G_MAXUINT;
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
	rr->stream = G_MAXUINT;
	return rr;
}

void tui_reread_free(struct tui_reread *rr)
{
	if (!rr)
		return;
	cap_reader_close(rr->r);
	if (rr->session)
		dissect_session_free(rr->session);
	g_free(rr->p);
	g_free(rr);
}

/* Reads on from the start of the file to frame I: for files where going
 * straight to a frame is not enough (a pcapng file whose sections define
 * their interfaces anew). */
static bool read_along(struct tui_reread *rr, const struct tui_index *idx, guint i, GError **error)
{
	uint64_t want = tui_index_offset(idx, i);
	if (rr->along_next > i) {
		g_autoptr(cap_reader) r = cap_reader_open(idx->path, error);
		if (!r)
			return false;
		cap_reader_close(rr->r);
		rr->r = g_steal_pointer(&r);
		rr->along_next = 0;
	}
	for (;;) {
		int rc = cap_reader_next(rr->r, &rr->f, error);
		if (rc <= 0) {
			if (rc == 0)
				g_set_error(error, CAP_READER_ERROR, CAP_READER_ERROR_TRUNCATED,
					    "frame %u is no longer in the file", i + 1);
			rr->along_next = G_MAXUINT;
			return false;
		}
		rr->along_next = (guint)rr->f.number;
		if (rr->f.offset >= want)
			return rr->f.offset == want;
	}
}

/* Reads frame I into rr->f; false with ERROR set when it cannot. */
static bool read_frame_at(struct tui_reread *rr, const struct tui_index *idx, guint i, GError **error)
{
	rr->cached = G_MAXUINT;
	if (!rr->along && idx->sectioned) {
		rr->along = true;
		rr->along_next = G_MAXUINT;
	}
	if (rr->along)
		return read_along(rr, idx, i, error);
	g_autoptr(GError) err = NULL;
	if (cap_reader_seek(rr->r, tui_index_offset(idx, i), (uint64_t)i + 1, &err)) {
		int rc = cap_reader_next(rr->r, &rr->f, &err);
		if (rc > 0)
			return true;
		if (rc == 0)
			g_set_error(&err, CAP_READER_ERROR, CAP_READER_ERROR_TRUNCATED,
				    "frame %u is no longer in the file", i + 1);
	}
	if (cap_reader_format(rr->r) != CAP_FORMAT_PCAPNG) {
		g_propagate_error(error, g_steal_pointer(&err));
		return false;
	}
	/* from now on, read along from the start */
	rr->along = true;
	rr->along_next = G_MAXUINT;
	return read_along(rr, idx, i, error);
}

/* Reads frame I into rr->f, flagged FRAME_MARKED when the user marked it. */
static bool read_frame(struct tui_reread *rr, const struct tui_index *idx, guint i, GError **error)
{
	if (!read_frame_at(rr, idx, i, error))
		return false;
	if (tui_index_marks(idx, i) & TUI_MARK_USER)
		rr->f.flags |= FRAME_MARKED;
	return true;
}

/* The time of the frame before I (frame.time_delta). */
static bool prev_time(struct tui_reread *rr, const struct tui_index *idx, guint i, int64_t *ns, GError **error)
{
	*ns = idx->first_ns;
	if (i == 0)
		return true;
	if (!read_frame(rr, idx, i - 1, error))
		return false;
	*ns = rr->f.ts_ns;
	return true;
}

/* Gives P the udp.stream numbers the pass gave frame I. */
static void udp_patch(struct packet *p, const struct tui_index *idx, guint i)
{
	uint32_t c = tui_index_block(idx, i)->ctx_of[TUI_IN_BLOCK(i)];
	if (tui_index_stream(idx, i) != G_MAXUINT)
		c = GPOINTER_TO_UINT(g_hash_table_lookup(idx->tunnel_udp, GUINT_TO_POINTER(i)));
	const struct tui_tcpctx *x = c ? &g_array_index(idx->ctxs, struct tui_tcpctx, c - 1) : NULL;
	p->udp_stream_valid = x && (x->has & TUI_CTX_UDP);
	p->udp_quoted_valid = x && (x->has & TUI_CTX_UDP_QUOTED);
	if (p->udp_stream_valid) {
		p->udp_stream = x->stream;
		p->udp_stream_layer = x->win_shift;
	}
	if (p->udp_quoted_valid)
		p->udp_quoted_stream = x->seq_base;
}

/* Frame I dissected alone. */
static const struct packet *alone(struct tui_reread *rr, const struct tui_index *idx, guint i, GError **error)
{
	if (rr->cached == i && !rr->cached_exact)
		return rr->p;
	int64_t prev_ns;
	if (!prev_time(rr, idx, i, &prev_ns, error) || !read_frame(rr, idx, i, error))
		return NULL;
	rr->p->first_ns = tui_index_first_ns(idx, i);
	rr->p->prev_ns = prev_ns;
	uint8_t e = tui_index_block(idx, i)->expected[TUI_IN_BLOCK(i)];
	rr->p->udp_expect_hint = e & 7; /* the conversation kind: 3 bits, then the layer */
	rr->p->udp_expect_hint_layer = (int8_t)(e >> 3);
	dissect_frame_in(rr->p, &rr->f, NULL, false);
	rr->p->udp_expect_hint = 0;
	udp_patch(rr->p, idx, i);
	rr->cached = i;
	rr->cached_exact = false;
	return rr->p;
}

/* TCP frame I dissected after every earlier frame of its conversation, in
 * a session of its own; continues the last replay when it can. */
static const struct packet *replay(struct tui_reread *rr, const struct tui_index *idx, guint i, GError **error)
{
	if (rr->cached == i && rr->cached_exact)
		return rr->p;
	guint stream = tui_index_stream(idx, i);
	if (rr->stream != stream || rr->next > i) {
		if (rr->session)
			dissect_session_free(rr->session);
		rr->session = dissect_session_new();
		dissect_session_track_tcp(rr->session);
		rr->stream = stream;
		rr->next = g_array_index(idx->stream_first, guint, stream);
	}
	int64_t prev_ns;
	if (!prev_time(rr, idx, i, &prev_ns, error))
		return NULL;
	for (guint j = rr->next; j <= i; j++) {
		if (tui_index_stream(idx, j) != stream)
			continue;
		if (!read_frame(rr, idx, j, error)) {
			rr->stream = G_MAXUINT;
			return NULL;
		}
		rr->p->first_ns = tui_index_first_ns(idx, j);
		rr->p->prev_ns = j == i ? prev_ns : rr->f.ts_ns;
		dissect_frame_in(rr->p, &rr->f, rr->session, false);
		rr->replayed++;
		rr->next = j + 1;
	}
	/* the session numbered this conversation alone, and knew none of the
	 * earlier ones on the same ports */
	rr->p->tcp_stream = stream;
	guint an = GPOINTER_TO_UINT(g_hash_table_lookup(idx->tcp_flags, GUINT_TO_POINTER(i)));
	rr->p->tcp_an_flags = (uint16_t)an;
	rr->p->tcp_port_reuse = an >> 16;
	udp_patch(rr->p, idx, i);
	rr->cached = i;
	rr->cached_exact = true;
	return rr->p;
}

/* How far back a frame that is not TCP but was put together from earlier
 * frames (IP fragments, an RPC reply and its call) is replayed from. */
#define TUI_WINDOW 4096

/* Frame I dissected after the TUI_WINDOW frames before it, in a session of
 * their own, kept as the reread's until the next replay or window: the
 * columns and expert items of some protocols read what it remembers. */
static const struct packet *window(struct tui_reread *rr, const struct tui_index *idx, guint i, GError **error)
{
	if (rr->cached == i && rr->cached_exact)
		return rr->p;
	if (rr->session)
		dissect_session_free(rr->session);
	struct dissect_session *s = rr->session = dissect_session_new();
	dissect_session_track_tcp(s);
	rr->stream = G_MAXUINT; /* no conversation replayed: the next replay starts anew */
	int64_t prev_ns = idx->first_ns;
	for (guint j = i > TUI_WINDOW ? i - TUI_WINDOW : 0; j <= i; j++) {
		if (!read_frame(rr, idx, j, error))
			return NULL;
		rr->p->first_ns = tui_index_first_ns(idx, j);
		rr->p->prev_ns = j ? prev_ns : rr->f.ts_ns;
		prev_ns = rr->f.ts_ns;
		dissect_frame_in(rr->p, &rr->f, s, false);
		rr->replayed++;
	}
	udp_patch(rr->p, idx, i);
	rr->cached = i;
	rr->cached_exact = true;
	return rr->p;
}

const struct packet *tui_reread_get(struct tui_reread *rr, const struct tui_index *idx, guint i, GError **error)
{
	g_return_val_if_fail(i < tui_index_count(idx), NULL);
	if (tui_index_stream(idx, i) != G_MAXUINT)
		return replay(rr, idx, i, error);
	if (g_hash_table_contains(idx->texts, GUINT_TO_POINTER(i)))
		return window(rr, idx, i, error);
	return alone(rr, idx, i, error);
}

const struct packet *tui_reread_alone(struct tui_reread *rr, const struct tui_index *idx, guint i, GError **error)
{
	g_return_val_if_fail(i < tui_index_count(idx), NULL);
	return alone(rr, idx, i, error);
}

/* Whether P, dissected alone, has the indexing pass's first N layers and
 * trouble. */
static bool same_start(const struct packet *p, const struct tui_index *idx, guint i, int n)
{
	if (p->nlayers < n)
		return false;
	bool bad = (tui_index_marks(idx, i) & TUI_MARK_MALFORMED) != 0;
	if (bad != ((p->flags & (PKT_MALFORMED | PKT_TRUNCATED)) != 0))
		return false;
	for (int k = 0; k < n; k++)
		if (p->layers[k].flags & PKT_REASSEMBLED)
			return false;
	return true;
}

/* Fills L from a kept text "src\tdst\tproto\tinfo". */
static void line_from_text(struct list_line *l, const char *t)
{
	g_auto(GStrv) v = g_strsplit(t, "\t", 4);
	g_strlcpy(l->src, v[0] ? v[0] : "", sizeof l->src);
	g_strlcpy(l->dst, v[0] && v[1] ? v[1] : "", sizeof l->dst);
	g_strlcpy(l->proto, v[0] && v[1] && v[2] ? v[2] : "", sizeof l->proto);
	g_string_assign(l->info, v[0] && v[1] && v[2] && v[3] ? v[3] : "");
}

const struct packet *tui_reread_line(struct tui_reread *rr, const struct tui_index *idx, guint i,
				     struct list_line *l, GError **error)
{
	g_return_val_if_fail(i < tui_index_count(idx), NULL);
	bool c = tui_index_stream(idx, i) != G_MAXUINT;
	uint32_t cid = tui_index_block(idx, i)->ctx_of[TUI_IN_BLOCK(i)];
	int n = (int)tui_index_block(idx, i)->layers[TUI_IN_BLOCK(i)] - 1;
	if (c && n < 0 && !g_hash_table_contains(idx->texts, GUINT_TO_POINTER(i))) {
		const struct packet *p = replay(rr, idx, i, error);
		if (p)
			list_line_fill(l, p);
		return p;
	}
	const struct packet *p = alone(rr, idx, i, error);
	if (!p)
		return NULL;
	const char *t = g_hash_table_lookup(idx->texts, GUINT_TO_POINTER(i));
	if (t) {
		line_from_text(l, t);
		return p;
	}
	if (c) {
		if (!same_start(p, idx, i, n)) {
			p = replay(rr, idx, i, error);
			if (p)
				list_line_fill(l, p);
			return p;
		}
		/* the TCP line of the pass: its layers, its relative numbers */
		const struct tui_tcpctx *x = &g_array_index(idx->ctxs, struct tui_tcpctx, cid - 1);
		rr->p->nlayers = (uint8_t)n;
		rr->p->tcp_tracked = true;
		rr->p->tcp_stream = x->stream;
		rr->p->tcp_has_seq_base = x->has & 1;
		rr->p->tcp_has_ack_base = (x->has & 2) != 0;
		rr->p->tcp_seq_base = x->seq_base;
		rr->p->tcp_ack_base = x->ack_base;
		rr->p->tcp_win_shift = x->win_shift;
		rr->cached = G_MAXUINT; /* no longer the frame alone */
	}
	list_line_fill(l, p);
	return p;
}
