/* follow.c — the follow-stream screen: the payload of the selected frame's
 * TCP or UDP stream, both sides in frame order (TCP's in sequence order,
 * retransmissions dropped), each side in its colour and behind its marker
 * ('>' the side that sent first, '<' the other), as ASCII lines or a hex
 * dump.  The stream's frames are read again from the file in the
 * background, and only a window of it is held (at most WINDOW_CHUNKS
 * mebibytes): one pass reads the whole stream once, counting its bytes and
 * leaving a checkpoint (where to read from, the sequencing state) every
 * FOLLOW_CHUNK bytes, and the window is read from the checkpoint nearest
 * to where the view goes, so g, G and scrolling either way cost at most a
 * window's reading whatever the stream's size. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/output.h"
#include "dissect/packet.h"
#include "tui/app.h"
#include "tui/editline.h"
#include "tui/follow.h"

#define FOLLOW_CHUNK (1u << 20) /* payload bytes between checkpoints */
#define WINDOW_CHUNKS 3         /* chunks the window holds at most */
#define LINE_MAX_BYTES 1024     /* an ASCII line is cut there */
#define SCAN_STEP 65536         /* index entries looked at per step */
#define READ_STEP 256           /* frames read per step */

/* Reads a stream's frames in order and gives their payload. */
struct cursor {
	struct tui_reread *rr;     /* owned */
	guint next;                /* the next frame index to look at */
	struct tui_follow_seq seq; /* TCP only */
	bool done;                 /* every frame of the stream given */
	uint64_t bytes;            /* payload bytes given, both sides */
	uint64_t side_bytes[2];    /* payload bytes given, per side */
	uint64_t side_off[2];      /* per side, gaps included: the hex dump's offset */
};

/* Where a cursor was at a frame boundary: reading on from there gives the
 * stream from byte `bytes` on. */
struct checkpoint {
	guint next;
	struct tui_follow_seq seq; /* owned */
	uint64_t bytes, side_bytes[2], side_off[2];
};

/* A run of bytes of one side in `data`, or a gap the capture lacks. */
struct run {
	uint8_t dir;
	uint32_t start, len; /* in data */
	uint32_t missing;    /* a gap of this many bytes (len 0) */
};

/* One line on the screen: bytes of one side, or a gap's note. */
struct line {
	uint8_t dir;
	bool open;        /* more bytes may join it */
	uint32_t start, len;
	uint32_t off;     /* offset of start in its side's bytes (hex dump) */
	uint32_t missing; /* a gap's note */
};

struct follow {
	struct tui_app *app;
	bool tcp;
	guint stream;
	char *side[2];         /* "addr:port" of each side, owned */
	uint8_t addr[2][16];   /* each side's address and port */
	uint8_t family;
	uint16_t port[2];
	bool know_sides;
	struct cursor load;    /* fills the window */
	struct cursor scan;    /* reads the whole stream once: totals, checkpoints */
	GArray *points;        /* struct checkpoint: [k] at the first frame boundary
	                        * with k * FOLLOW_CHUNK bytes or more before it */
	guint win;             /* the checkpoint the window starts at */
	uint64_t win_bytes;    /* stream bytes before the window */
	uint64_t win_off[2];   /* each side's hex offset at the window's start */
	GByteArray *data;      /* the payload in the window, both sides */
	GArray *runs;          /* struct run */
	GArray *lines;         /* struct line */
	uint64_t hex_off[2];   /* bytes of each side laid out (hex dump) */
	uint32_t cap;          /* read no further than this in data */
	bool want_end;         /* G before the stream was counted: go there then */
	int only;              /* -1 both sides shown, else only this side (0 '>', 1 '<') */
	bool hex;
	guint top;             /* first line shown */
	guint height;
	char *error;           /* a frame could not be read, owned */
	/* the prompt (w: save, /: find) and the pass it starts */
	char prompt;           /* 'w' or '/' while the prompt has the keys, else 0 */
	struct tui_editline edit;
	char job;              /* 'w' or '/' while its pass runs, else 0 */
	struct cursor jc;      /* the pass's own cursor */
	int job_only;          /* the sides it takes (fw->only when it began) */
	/* saving: the bytes go to a temporary file renamed to save_path at the end */
	int save_fd;
	char *save_path, *save_tmp; /* owned */
	uint64_t saved;
	/* finding: an ASCII text in any case, from stream byte find_from on,
	 * wrapping to the start once */
	char *find_text;       /* owned, lower case */
	uint64_t find_from;
	bool find_wrapped;
	size_t find_have[2];   /* per side: how many bytes of the text match so far */
	uint64_t found;        /* where the match ends (the byte after it) */
	char *last_find;       /* owned: the text searched last */
	uint64_t last_found;   /* where its last match ended, 0: none */
};

static guint stream_of(const struct follow *fw, guint i)
{
	const struct tui_index *idx = fw->app->idx;
	return fw->tcp ? tui_index_stream(idx, i) : tui_index_udp_stream(idx, i);
}

/* ---- lines ---- */

/* Lays out LEN bytes of side DIR from data[START] (or a gap of MISSING). */
static void lay_out(struct follow *fw, int dir, uint32_t start, uint32_t len, uint32_t missing)
{
	GArray *lines = fw->lines;
	if (fw->only >= 0 && dir != fw->only) { /* the other side is not shown */
		fw->hex_off[dir] += len + missing;
		return;
	}
	if (missing) {
		if (lines->len)
			g_array_index(lines, struct line, lines->len - 1).open = false;
		struct line l = {(uint8_t)dir, false, start, 0, 0, missing};
		g_array_append_val(lines, l);
		fw->hex_off[dir] += missing;
		return;
	}
	guint max = fw->hex ? 16 : LINE_MAX_BYTES;
	for (uint32_t i = 0; i < len; i++) {
		struct line *last = lines->len ? &g_array_index(lines, struct line, lines->len - 1) : NULL;
		if (!last || !last->open || last->dir != dir) {
			if (last)
				last->open = false;
			struct line l = {(uint8_t)dir, true, start + i, 0, (uint32_t)fw->hex_off[dir], 0};
			g_array_append_val(lines, l);
			last = &g_array_index(lines, struct line, lines->len - 1);
		}
		last->len++;
		fw->hex_off[dir]++;
		if ((!fw->hex && fw->data->data[start + i] == '\n') || last->len >= max)
			last->open = false;
	}
}

static void relayout(struct follow *fw)
{
	g_array_set_size(fw->lines, 0);
	fw->hex_off[0] = fw->win_off[0];
	fw->hex_off[1] = fw->win_off[1];
	for (guint i = 0; i < fw->runs->len; i++) {
		const struct run *r = &g_array_index(fw->runs, struct run, i);
		lay_out(fw, r->dir, r->start, r->len, r->missing);
	}
}

static void count(struct cursor *c, int dir, uint32_t len, uint32_t missing)
{
	c->bytes += len;
	c->side_bytes[dir] += len;
	c->side_off[dir] += len + missing;
}

/* Keeps bytes of side DIR (the loading cursor's output). */
static void keep(int dir, const uint8_t *data, uint32_t len, uint32_t missing, void *user)
{
	struct follow *fw = user;
	struct run *last = fw->runs->len ? &g_array_index(fw->runs, struct run, fw->runs->len - 1) : NULL;
	uint32_t start = fw->data->len;
	if (missing) {
		struct run r = {(uint8_t)dir, start, 0, missing};
		g_array_append_val(fw->runs, r);
	} else if (last && last->dir == dir && !last->missing) {
		last->len += len;
	} else {
		struct run r = {(uint8_t)dir, start, len, 0};
		g_array_append_val(fw->runs, r);
	}
	if (data)
		g_byte_array_append(fw->data, data, len);
	count(&fw->load, dir, len, missing);
	lay_out(fw, dir, start, len, missing);
}

/* Counts bytes (the scanning cursor's output). */
static void tally(int dir, const uint8_t *data, uint32_t len, uint32_t missing, void *user)
{
	struct follow *fw = user;
	(void)data;
	count(&fw->scan, dir, len, missing);
}

/* ---- reading the stream ---- */

/* Which side sent P: 0 the first one seen, 1 the other. */
static int side_of(struct follow *fw, const struct packet *p)
{
	size_t alen = p->ip_version == 6 ? 16 : 4;
	if (!fw->know_sides) {
		fw->know_sides = true;
		fw->family = p->ip_version;
		memcpy(fw->addr[0], p->ip_src, alen);
		memcpy(fw->addr[1], p->ip_dst, alen);
		fw->port[0] = p->sport;
		fw->port[1] = p->dport;
		char buf[64];
		for (int d = 0; d < 2; d++)
			fw->side[d] = g_strdup(addr_port_str(buf, fw->family, fw->addr[d], fw->port[d]));
	}
	return memcmp(p->ip_src, fw->addr[0], alen) == 0 && p->sport == fw->port[0] ? 0 : 1;
}

/* Gives the payload of stream frame P to OUT through cursor C. */
static void frame_payload(struct follow *fw, struct cursor *c, const struct packet *p, tui_follow_out out,
			  void *user)
{
	const struct frame *f = p->frame;
	int dir = side_of(fw, p);
	if (fw->tcp) {
		if (!pkt_has_tcp(p))
			return;
		const struct layer *l = &p->layers[p->l4_layer];
		uint32_t off = l->off + p->tcp_hdr_len;
		uint32_t have = off < l->off + l->len && off < f->caplen ? MIN(l->off + l->len, f->caplen) - off : 0;
		uint32_t len = MIN(have, p->tcp_len);
		tui_follow_seq_segment(&c->seq, dir, p->tcp_seq, (p->tcp_flags & TH_SYN) != 0, f->data + off, len,
				       p->tcp_len, out, user);
		return;
	}
	int k = p->udp_stream_layer;
	if (k < 0 || k >= p->nlayers || p->layers[k].proto != PROTO_UDP)
		return;
	const struct layer *l = &p->layers[k];
	if (l->len <= 8 || l->off + 8 >= f->caplen)
		return;
	uint32_t len = MIN(l->len - 8, f->caplen - l->off - 8);
	out(dir, f->data + l->off + 8, len, 0, user);
}

/* Reads on through cursor C; true while the stream goes on.  Stops early
 * (LIMITED) when the loading cursor reached the cap. */
static bool cursor_step(struct follow *fw, struct cursor *c, tui_follow_out out, void *user, bool limited)
{
	struct tui_app *app = fw->app;
	guint n = tui_index_count(app->idx), read = 0, end = MIN(n, c->next + SCAN_STEP);
	for (; c->next < end && read < READ_STEP; c->next++) {
		if (limited && fw->data->len >= fw->cap)
			return true;
		if (stream_of(fw, c->next) != fw->stream)
			continue;
		if (c->bytes >= (uint64_t)fw->points->len * FOLLOW_CHUNK) {
			struct checkpoint k = {.next = c->next, .bytes = c->bytes};
			memcpy(k.side_bytes, c->side_bytes, sizeof k.side_bytes);
			memcpy(k.side_off, c->side_off, sizeof k.side_off);
			tui_follow_seq_copy(&k.seq, &c->seq);
			g_array_append_val(fw->points, k);
		}
		g_autoptr(GError) err = NULL;
		const struct packet *p = tui_reread_alone(c->rr, app->idx, c->next, &err);
		read++;
		if (!p) {
			if (!fw->error)
				fw->error = g_strdup_printf("frame %u: %s", c->next + 1, err->message);
			c->done = true;
			return false;
		}
		frame_payload(fw, c, p, out, user);
	}
	if (c->next >= n && app->idx->done) {
		if (fw->tcp)
			tui_follow_seq_flush(&c->seq, out, user);
		c->done = true;
		return false;
	}
	return true;
}

static void cursor_free(struct cursor *c)
{
	tui_reread_free(c->rr);
	tui_follow_seq_clear(&c->seq);
}

/* Reads the window from checkpoint K on, up to CAP bytes (at once when
 * NOW, else in the background). */
static void load_window(struct follow *fw, guint k, uint32_t cap, bool now)
{
	const struct checkpoint *pt = &g_array_index(fw->points, struct checkpoint, k);
	struct cursor *c = &fw->load;
	tui_follow_seq_clear(&c->seq);
	tui_follow_seq_copy(&c->seq, &pt->seq);
	c->next = pt->next;
	c->done = false;
	c->bytes = pt->bytes;
	for (int d = 0; d < 2; d++) {
		c->side_bytes[d] = pt->side_bytes[d];
		c->side_off[d] = fw->win_off[d] = pt->side_off[d];
	}
	fw->win = k;
	fw->win_bytes = pt->bytes;
	g_byte_array_set_size(fw->data, 0);
	g_array_set_size(fw->runs, 0);
	relayout(fw);
	fw->cap = cap;
	fw->top = 0;
	while (now && !c->done && !fw->error && fw->data->len < fw->cap)
		cursor_step(fw, c, keep, fw, true);
}

/* The stream offset of the first byte of line AT. */
static uint64_t line_abs(const struct follow *fw, guint at)
{
	return at < fw->lines->len ? fw->win_bytes + g_array_index(fw->lines, struct line, at).start : fw->win_bytes;
}

/* Puts the line holding stream offset AT on top. */
static void place(struct follow *fw, uint64_t at)
{
	fw->top = 0;
	while (fw->top + 1 < fw->lines->len && line_abs(fw, fw->top + 1) <= at)
		fw->top++;
}

/* The window on the last checkpoints, read to the end, the view at the end. */
static void go_end(struct follow *fw)
{
	fw->want_end = false;
	guint k = fw->points->len > 2 ? fw->points->len - 2 : 0;
	if (k > fw->win || (k < fw->win && !fw->load.done)) {
		uint64_t left = fw->scan.bytes - g_array_index(fw->points, struct checkpoint, k).bytes;
		load_window(fw, k, (uint32_t)MIN(left + FOLLOW_CHUNK, (uint64_t)WINDOW_CHUNKS * FOLLOW_CHUNK), true);
	}
	while (!fw->load.done && !fw->error && fw->data->len < fw->cap)
		cursor_step(fw, &fw->load, keep, fw, true);
	fw->top = fw->lines->len > fw->height ? fw->lines->len - fw->height : 0;
}

/* ---- saving and finding (w, /): a pass of their own through the stream ---- */

static void job_end(struct follow *fw)
{
	if (fw->save_fd >= 0)
		close(fw->save_fd);
	fw->save_fd = -1;
	if (fw->save_tmp)
		unlink(fw->save_tmp);
	g_clear_pointer(&fw->save_tmp, g_free);
	g_clear_pointer(&fw->save_path, g_free);
	g_clear_pointer(&fw->find_text, g_free);
	if (fw->job)
		cursor_free(&fw->jc);
	memset(&fw->jc, 0, sizeof fw->jc);
	fw->job = 0;
}

/* Starts the pass's cursor at the stream's first frame. */
static bool job_cursor(struct follow *fw)
{
	g_autoptr(GError) err = NULL;
	fw->jc.rr = tui_reread_open(fw->app->idx->path, &err);
	if (!fw->jc.rr) {
		tui_message(fw->app, "cannot read the capture again: %s", err->message);
		return false;
	}
	fw->jc.next = g_array_index(fw->points, struct checkpoint, 0).next;
	tui_follow_seq_init(&fw->jc.seq);
	fw->job_only = fw->only;
	return true;
}

/* Writes bytes of the sides saved (the saving cursor's output); a gap the
 * capture lacks is left out, as the raw bytes Wireshark saves. */
static void save_out(int dir, const uint8_t *data, uint32_t len, uint32_t missing, void *user)
{
	struct follow *fw = user;
	count(&fw->jc, dir, len, missing);
	if (!data || (fw->job_only >= 0 && dir != fw->job_only) || fw->save_fd < 0)
		return;
	for (uint32_t done = 0; done < len;) {
		ssize_t n = write(fw->save_fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!fw->error)
				tui_message(fw->app, "cannot write '%s': %s", fw->save_path, g_strerror(n < 0 ? errno : ENOSPC));
			close(fw->save_fd);
			fw->save_fd = -1;
			return;
		}
		done += (uint32_t)n;
	}
	fw->saved += len;
}

/* Looks for the text in bytes of the sides searched (the finding cursor's
 * output), each side's bytes on their own; the first match ending past
 * find_from (or, wrapped, anywhere before it) is found. */
static void find_out(int dir, const uint8_t *data, uint32_t len, uint32_t missing, void *user)
{
	struct follow *fw = user;
	uint64_t at = fw->jc.bytes;
	count(&fw->jc, dir, len, missing);
	if (missing)
		fw->find_have[dir] = 0;
	if (!data || fw->found || (fw->job_only >= 0 && dir != fw->job_only))
		return;
	size_t n = strlen(fw->find_text);
	for (uint32_t i = 0; i < len; i++) {
		char c = g_ascii_tolower((char)data[i]);
		size_t *have = &fw->find_have[dir];
		/* a text with a repeated start ("aab") needs the retry below */
		while (*have && fw->find_text[*have] != c) {
			size_t k = *have - 1;
			while (k && strncmp(fw->find_text, fw->find_text + *have - k, k) != 0)
				k--;
			*have = k;
		}
		if (fw->find_text[*have] == c)
			(*have)++;
		if (*have == n) {
			uint64_t end = at + i + 1;
			if (fw->find_wrapped ? end <= fw->find_from : end > fw->find_from) {
				fw->found = end;
				return;
			}
			*have = 0;
		}
	}
}

/* Shows stream byte AT (the end of a match) on the top line. */
static void show_found(struct follow *fw, uint64_t at)
{
	guint k = 0;
	while (k + 1 < fw->points->len && g_array_index(fw->points, struct checkpoint, k + 1).bytes < at)
		k++;
	if (k != fw->win || at < fw->win_bytes || at > fw->load.bytes)
		load_window(fw, k, (WINDOW_CHUNKS - 1) * FOLLOW_CHUNK, true);
	place(fw, at - 1);
}

/* Steps the save or find pass; true while it runs. */
static bool job_step(struct follow *fw)
{
	if (!fw->job)
		return false;
	if (fw->job == 'w') {
		if (cursor_step(fw, &fw->jc, save_out, fw, false) && fw->save_fd >= 0)
			return true;
		if (fw->save_fd >= 0 && (fsync(fw->save_fd) != 0 || close(fw->save_fd) != 0)) {
			tui_message(fw->app, "cannot write '%s': %s", fw->save_path, g_strerror(errno));
		} else if (fw->save_fd >= 0 && rename(fw->save_tmp, fw->save_path) != 0) {
			tui_message(fw->app, "cannot write '%s': %s", fw->save_path, g_strerror(errno));
		} else if (fw->save_fd >= 0) {
			g_clear_pointer(&fw->save_tmp, g_free);
			tui_message(fw->app, "saved %" G_GUINT64_FORMAT " bytes of the stream%s to '%s'", fw->saved,
				    fw->job_only < 0 ? "" : fw->job_only ? " ('<' side)" : " ('>' side)", fw->save_path);
		}
		fw->save_fd = -1;
		job_end(fw);
		return false;
	}
	bool more = cursor_step(fw, &fw->jc, find_out, fw, false);
	if (fw->find_wrapped && fw->jc.bytes > fw->find_from + strlen(fw->find_text))
		more = false; /* wrapped round to where it began */
	if (fw->found) {
		g_autofree char *text = g_strdup(fw->find_text);
		bool wrapped = fw->find_wrapped;
		uint64_t at = fw->found;
		job_end(fw);
		fw->last_found = at;
		show_found(fw, at);
		tui_message(fw->app, "found '%s' ending at byte %" G_GUINT64_FORMAT " of the stream%s", text, at,
			    wrapped ? " (search wrapped to the start)" : "");
		return false;
	}
	if (more && !fw->error)
		return true;
	if (!fw->find_wrapped && fw->find_from > 0 && !fw->error) {
		/* once more from the start, up to where it began */
		cursor_free(&fw->jc);
		memset(&fw->jc, 0, sizeof fw->jc);
		memset(fw->find_have, 0, sizeof fw->find_have);
		fw->find_wrapped = true;
		if (job_cursor(fw))
			return true;
		job_end(fw);
		return false;
	}
	tui_message(fw->app, "not found: '%s' in the stream", fw->find_text);
	job_end(fw);
	return false;
}

/* Begins what the prompt asked: save to a file, or find a text. */
static void job_begin(struct follow *fw, const char *text)
{
	job_end(fw);
	if (!*text)
		return;
	if (fw->prompt == '/' || fw->prompt == 'n') {
		g_free(fw->last_find);
		fw->last_find = g_strdup(text);
		fw->find_text = g_ascii_strdown(text, -1);
		/* n: on from the last match; else from the top line on */
		fw->find_from = fw->prompt == 'n' && fw->last_found ? fw->last_found : line_abs(fw, fw->top) + 1;
		fw->find_wrapped = false;
		fw->found = 0;
		memset(fw->find_have, 0, sizeof fw->find_have);
		if (job_cursor(fw))
			fw->job = '/';
		else
			g_clear_pointer(&fw->find_text, g_free);
		return;
	}
	struct stat st, cap;
	if (stat(text, &st) == 0 && stat(fw->app->idx->path, &cap) == 0 && st.st_dev == cap.st_dev &&
	    st.st_ino == cap.st_ino) {
		tui_message(fw->app, "'%s' is the capture being read: not saved", text);
		return;
	}
	fw->save_path = g_strdup(text);
	fw->save_tmp = g_strdup_printf("%s.XXXXXX", text);
	fw->save_fd = g_mkstemp_full(fw->save_tmp, O_WRONLY | O_CLOEXEC, 0644);
	if (fw->save_fd < 0) {
		tui_message(fw->app, "cannot write '%s': %s", text, g_strerror(errno));
		g_clear_pointer(&fw->save_tmp, g_free);
		g_clear_pointer(&fw->save_path, g_free);
		return;
	}
	fw->saved = 0;
	if (job_cursor(fw))
		fw->job = 'w';
	else
		job_end(fw);
}

static bool follow_step(void *self)
{
	struct follow *fw = self;
	bool busy = job_step(fw);
	if (!fw->scan.done && !fw->error) {
		busy |= cursor_step(fw, &fw->scan, tally, fw, false);
		if (fw->scan.done && fw->want_end)
			go_end(fw);
	}
	if (!fw->load.done && !fw->error) {
		/* read on when the view comes near the end of what was read: in
		 * the window while it has room, else the window moves a chunk on */
		if (fw->data->len >= fw->cap && fw->top + 2 * fw->height >= fw->lines->len) {
			if (fw->cap < WINDOW_CHUNKS * FOLLOW_CHUNK) {
				fw->cap += FOLLOW_CHUNK;
			} else if (fw->win + 1 < fw->points->len) {
				uint64_t at = line_abs(fw, fw->top);
				load_window(fw, fw->win + 1, (WINDOW_CHUNKS - 1) * FOLLOW_CHUNK, true);
				place(fw, at);
			}
		}
		if (fw->data->len < fw->cap)
			busy |= cursor_step(fw, &fw->load, keep, fw, true);
	}
	return busy;
}

/* ---- the screen ---- */

static void *follow_create(struct tui_app *app)
{
	guint frame = tui_selected_frame(app);
	if (frame == G_MAXUINT) {
		tui_message(app, "no frame selected");
		return NULL;
	}
	guint tcp = tui_index_stream(app->idx, frame), udp = tui_index_udp_stream(app->idx, frame);
	if (tcp == G_MAXUINT && udp == G_MAXUINT) {
		tui_message(app, "frame %u is not in a TCP or UDP stream: nothing to follow", frame + 1);
		return NULL;
	}
	g_autoptr(GError) err = NULL;
	struct tui_reread *rr = tui_reread_open(app->idx->path, &err);
	if (!rr) {
		tui_message(app, "cannot follow the stream: %s", err->message);
		return NULL;
	}
	struct follow *fw = g_new0(struct follow, 1);
	fw->app = app;
	fw->tcp = tcp != G_MAXUINT;
	fw->stream = fw->tcp ? tcp : udp;
	fw->load.rr = rr;
	fw->load.next = fw->tcp ? g_array_index(app->idx->stream_first, guint, tcp) : 0;
	tui_follow_seq_init(&fw->load.seq);
	fw->scan.rr = tui_reread_open(app->idx->path, NULL);
	fw->scan.next = fw->load.next;
	tui_follow_seq_init(&fw->scan.seq);
	if (!fw->scan.rr)
		fw->scan.done = true;
	fw->points = g_array_new(FALSE, TRUE, sizeof(struct checkpoint));
	struct checkpoint first = {.next = fw->load.next};
	tui_follow_seq_init(&first.seq);
	g_array_append_val(fw->points, first);
	fw->data = g_byte_array_new();
	fw->runs = g_array_new(FALSE, FALSE, sizeof(struct run));
	fw->lines = g_array_new(FALSE, FALSE, sizeof(struct line));
	fw->cap = FOLLOW_CHUNK;
	fw->height = 1;
	fw->only = -1;
	fw->save_fd = -1;
	tui_editline_init(&fw->edit);
	return fw;
}

static void follow_destroy(void *self)
{
	struct follow *fw = self;
	job_end(fw);
	tui_editline_free(&fw->edit);
	g_free(fw->last_find);
	fw->app->screen_prompt = false;
	cursor_free(&fw->load);
	cursor_free(&fw->scan);
	for (guint k = 0; k < fw->points->len; k++)
		tui_follow_seq_clear(&g_array_index(fw->points, struct checkpoint, k).seq);
	g_array_free(fw->points, TRUE);
	g_free(fw->side[0]);
	g_free(fw->side[1]);
	g_byte_array_free(fw->data, TRUE);
	g_array_free(fw->runs, TRUE);
	g_array_free(fw->lines, TRUE);
	g_free(fw->error);
	g_free(fw);
}

/* The text of line L (without its marker). */
static void line_text(const struct follow *fw, const struct line *l, GString *s)
{
	g_string_truncate(s, 0);
	if (l->missing) {
		g_string_append_printf(s, "[%u bytes missing from the capture]", l->missing);
		return;
	}
	const uint8_t *b = fw->data->data + l->start;
	if (!fw->hex) {
		uint32_t n = l->len;
		if (n && b[n - 1] == '\n')
			n--;
		if (n && b[n - 1] == '\r')
			n--;
		for (uint32_t i = 0; i < n; i++)
			g_string_append_c(s, b[i] >= 0x20 && b[i] < 0x7f ? (char)b[i] : '.');
		return;
	}
	g_string_append_printf(s, "%08x  ", l->off);
	for (uint32_t i = 0; i < 16; i++) {
		if (i < l->len)
			g_string_append_printf(s, "%02x ", b[i]);
		else
			g_string_append(s, "   ");
		if (i == 7)
			g_string_append_c(s, ' ');
	}
	g_string_append_c(s, ' ');
	for (uint32_t i = 0; i < l->len; i++)
		g_string_append_c(s, b[i] >= 0x20 && b[i] < 0x7f ? (char)b[i] : '.');
}

/* The line under the text: where reading is, what lies beyond. */
static void footer(const struct follow *fw, GString *s)
{
	g_string_truncate(s, 0);
	uint64_t from = fw->win_bytes, to = fw->load.bytes;
	if (fw->error)
		g_string_printf(s, "cannot read on: %s", fw->error);
	else if (fw->load.done && from == 0)
		g_string_printf(s, "end of stream: %" G_GUINT64_FORMAT " bytes", to);
	else if (fw->load.done)
		g_string_printf(s, "end of stream: %" G_GUINT64_FORMAT " bytes (bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
				" held; g: the start)", to, from, to);
	else if (fw->want_end)
		g_string_printf(s, "counting the stream to go to its end: %" G_GUINT64_FORMAT " bytes so far",
				fw->scan.bytes);
	else if (fw->data->len < fw->cap)
		g_string_printf(s, "reading the stream: frame %u, %" G_GUINT64_FORMAT " bytes", fw->load.next + 1, to);
	else if (fw->scan.done)
		g_string_printf(s, "bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
				": scroll on to read on, G: the end", from, to, fw->scan.bytes);
	else
		g_string_printf(s, "bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT ", more follow: scroll on to read on",
				from, to);
}

static void follow_draw(void *self, const struct tui_rect *r, bool focused)
{
	struct follow *fw = self;
	(void)focused;
	GString *s = g_string_new(NULL);
	attrset(tui_attr(COL_TITLE));
	g_string_printf(s, "Follow %s stream %u (%s.stream == %u)  [%s]  x: %s  d: sides [%s]  f: filter  q: back  %s%" G_GUINT64_FORMAT
			" bytes", fw->tcp ? "TCP" : "UDP", fw->stream, fw->tcp ? "tcp" : "udp", fw->stream,
			fw->hex ? "hex" : "ASCII", fw->hex ? "ASCII" : "hex",
			fw->only < 0 ? "both" : fw->only == 0 ? "> only" : "< only", fw->scan.done ? "" : "counting: ",
			fw->scan.bytes);
	tui_put(r->y, r->x, r->w, s->str);
	for (int d = 0; d < 2; d++) {
		attrset(tui_attr(d ? COL_SIDE_B : COL_SIDE_A));
		g_string_printf(s, "%c %s: %" G_GUINT64_FORMAT " bytes%s", d ? '<' : '>', fw->side[d] ? fw->side[d] : "?",
				fw->scan.side_bytes[d], fw->scan.done ? "" : " so far");
		tui_put(r->y + 1 + d, r->x, r->w, s->str);
	}
	attrset(A_NORMAL);
	int body = r->h - 4;
	fw->height = (guint)MAX(1, body);
	if (fw->top + fw->height > fw->lines->len)
		fw->top = fw->lines->len > fw->height ? fw->lines->len - fw->height : 0;
	for (int i = 0; i < body; i++) {
		guint at = fw->top + (guint)i;
		int y = r->y + 3 + i;
		if (at >= fw->lines->len) {
			tui_put(y, r->x, r->w, "");
			continue;
		}
		const struct line *l = &g_array_index(fw->lines, struct line, at);
		line_text(fw, l, s);
		attrset(tui_attr(l->dir ? COL_SIDE_B : COL_SIDE_A));
		tui_put(y, r->x, 2, l->dir ? "< " : "> ");
		tui_put(y, r->x + 2, r->w - 2, s->str);
	}
	footer(fw, s);
	const char *label = fw->prompt == 'w' ? (fw->only < 0 ? "Save the stream's bytes to: "
						: fw->only ? "Save the '<' side's bytes to: " : "Save the '>' side's bytes to: ")
				 : "Find in the stream (any case): ";
	if (fw->prompt)
		g_string_printf(s, "%s%s", label, fw->edit.text->str);
	else if (fw->job == 'w')
		g_string_printf(s, "saving the stream to '%s': %" G_GUINT64_FORMAT " bytes", fw->save_path, fw->saved);
	else if (fw->job == '/')
		g_string_printf(s, "finding '%s': byte %" G_GUINT64_FORMAT "%s", fw->find_text, fw->jc.bytes,
				fw->find_wrapped ? " (wrapped to the start)" : "");
	attrset(tui_attr(COL_TITLE));
	tui_put(r->y + r->h - 1, r->x, r->w, s->str);
	attrset(A_NORMAL);
	fw->app->screen_prompt = fw->prompt != 0;
	fw->app->prompt_y = r->y + r->h - 1;
	fw->app->prompt_x = r->x + MIN(r->w - 1, (int)strlen(label) + (int)fw->edit.cursor);
	g_string_free(s, TRUE);
}

static void follow_resize(void *self, const struct tui_rect *r)
{
	struct follow *fw = self;
	fw->height = (guint)MAX(1, r->h - 4);
}

static void scroll_by(struct follow *fw, long delta)
{
	long top = (long)fw->top + delta;
	if (top < 0 && fw->win > 0) {
		/* before the window: read it from the checkpoint before */
		uint64_t at = line_abs(fw, fw->top);
		load_window(fw, fw->win - 1, (WINDOW_CHUNKS - 1) * FOLLOW_CHUNK, true);
		place(fw, at);
		top = (long)fw->top + delta;
	}
	long last = (long)fw->lines->len - (long)fw->height;
	fw->top = (guint)MAX(0, MIN(top, MAX(0, last)));
}

static enum tui_act follow_key(void *self, int ch)
{
	struct follow *fw = self;
	if (fw->prompt) {
		if (ch == 27) {
			fw->prompt = 0;
		} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			g_autofree char *text = g_strdup(fw->edit.text->str);
			job_begin(fw, text);
			fw->prompt = 0;
		} else {
			tui_editline_key(&fw->edit, ch);
		}
		return TUI_ACT_DONE;
	}
	switch (ch) {
	case 'w': case '/':
		if (fw->job) {
			tui_message(fw->app, "the stream is being %s", fw->job == 'w' ? "saved" : "searched");
			break;
		}
		fw->prompt = (char)ch;
		fw->last_found = 0;
		tui_editline_set_selected(&fw->edit, ch == '/' && fw->last_find ? fw->last_find : "");
		break;
	case 'n':
		if (!fw->last_find || fw->job)
			return TUI_ACT_NONE;
		fw->prompt = 'n';
		{
			g_autofree char *again = g_strdup(fw->last_find);
			job_begin(fw, again);
		}
		fw->prompt = 0;
		break;
	case KEY_DOWN: case 'j': scroll_by(fw, 1); break;
	case KEY_UP: case 'k': scroll_by(fw, -1); break;
	case KEY_NPAGE: case ' ': scroll_by(fw, (long)fw->height); break;
	case KEY_PPAGE: case 'b': scroll_by(fw, -(long)fw->height); break;
	case KEY_HOME: case 'g':
		fw->want_end = false;
		if (fw->win > 0)
			load_window(fw, 0, FOLLOW_CHUNK, true);
		fw->top = 0;
		break;
	case KEY_END: case 'G':
		if (fw->load.done || fw->scan.done)
			go_end(fw);
		else
			fw->want_end = true;
		break;
	case 'x': case 'd': {
		/* keep the first byte in view in view */
		uint32_t at = fw->top < fw->lines->len ? g_array_index(fw->lines, struct line, fw->top).start : 0;
		if (ch == 'd') /* both sides, the first one only, the other only */
			fw->only = fw->only == -1 ? 0 : fw->only == 0 ? 1 : -1;
		else
			fw->hex = !fw->hex;
		relayout(fw);
		fw->top = 0;
		while (fw->top + 1 < fw->lines->len && g_array_index(fw->lines, struct line, fw->top + 1).start <= at)
			fw->top++;
		break;
	}
	case 'f':
		g_free(fw->app->request);
		fw->app->request = g_strdup_printf("%s.stream == %u", fw->tcp ? "tcp" : "udp", fw->stream);
		return TUI_ACT_FILTER;
	case 27:
		if (fw->job) { /* Esc stops a save or find first */
			tui_message(fw->app, fw->job == 'w' ? "not saved: stopped" : "search stopped");
			job_end(fw);
			break;
		}
		return TUI_ACT_CLOSE;
	case 'q':
		return TUI_ACT_CLOSE;
	default:
		return TUI_ACT_NONE;
	}
	return TUI_ACT_DONE;
}

static const struct tui_keyhelp follow_help[] = {
	{"x", "hex dump or ASCII ('.' for what is not printable)"},
	{"d", "both sides, the side that sent first ('>') only, the other ('<') only"},
	{"Down j / Up k, PgDn PgUp", "scroll (reads on near the end, or back before the start, of what is held)"},
	{"g / G", "the start / the end of the stream (at once, whatever its size)"},
	{"f", "apply the stream's filter (tcp.stream == N) to the list"},
	{"w", "save the bytes of the sides shown to a file (raw, as sent; Esc stops)"},
	{"/ , n", "find a text in the sides shown (any case), from the top line on, wrapping; n: again"},
	{"q / Esc", "back to the list"},
	{NULL, NULL},
};

const struct tui_screen tui_follow_screen = {
	"Follow stream", follow_create, follow_destroy, follow_draw, follow_resize, follow_key, follow_help, follow_step,
};
