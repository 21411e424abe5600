/* follow.c — following a stream, the reading (the screen is
 * follow_screen.c): the payload of the selected frame's
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
#include "tui/follow_stream.h"
#include "tui/savefile.h"

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

void follow_relayout(struct follow *fw)
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
void follow_keep(int dir, const uint8_t *data, uint32_t len, uint32_t missing, void *user)
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

void follow_cursor_free(struct cursor *c)
{
	tui_reread_free(c->rr);
	tui_follow_seq_clear(&c->seq);
}

/* Reads the window from checkpoint K on, up to CAP bytes (at once when
 * NOW, else in the background). */
void follow_load_window(struct follow *fw, guint k, uint32_t cap, bool now)
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
	follow_relayout(fw);
	fw->cap = cap;
	fw->top = 0;
	while (now && !c->done && !fw->error && fw->data->len < fw->cap)
		cursor_step(fw, c, follow_keep, fw, true);
}

/* The stream offset of the first byte of line AT. */
uint64_t follow_line_abs(const struct follow *fw, guint at)
{
	return at < fw->lines->len ? fw->win_bytes + g_array_index(fw->lines, struct line, at).start : fw->win_bytes;
}

/* Puts the line holding stream offset AT on top. */
void follow_place(struct follow *fw, uint64_t at)
{
	fw->top = 0;
	while (fw->top + 1 < fw->lines->len && follow_line_abs(fw, fw->top + 1) <= at)
		fw->top++;
}

/* The window on the last checkpoints, read to the end, the view at the end. */
void follow_go_end(struct follow *fw)
{
	fw->want_end = false;
	guint k = fw->points->len > 2 ? fw->points->len - 2 : 0;
	if (k > fw->win || (k < fw->win && !fw->load.done)) {
		uint64_t left = fw->scan.bytes - g_array_index(fw->points, struct checkpoint, k).bytes;
		follow_load_window(fw, k, (uint32_t)MIN(left + FOLLOW_CHUNK, (uint64_t)WINDOW_CHUNKS * FOLLOW_CHUNK), true);
	}
	while (!fw->load.done && !fw->error && fw->data->len < fw->cap)
		cursor_step(fw, &fw->load, follow_keep, fw, true);
	fw->top = fw->lines->len > fw->height ? fw->lines->len - fw->height : 0;
}

/* ---- saving and finding (w, /): a pass of their own through the stream ---- */

void follow_job_end(struct follow *fw)
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
		follow_cursor_free(&fw->jc);
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
		follow_load_window(fw, k, (WINDOW_CHUNKS - 1) * FOLLOW_CHUNK, true);
	follow_place(fw, at - 1);
}

/* Steps the save or find pass; true while it runs. */
static bool job_step(struct follow *fw)
{
	if (!fw->job)
		return false;
	if (fw->job == 'w') {
		if (cursor_step(fw, &fw->jc, save_out, fw, false) && fw->save_fd >= 0)
			return true;
		if (fw->save_fd >= 0) {
			int err = fsync(fw->save_fd) != 0 ? errno : 0;
			if (close(fw->save_fd) != 0 && !err)
				err = errno;
			g_autoptr(GError) error = NULL;
			if (tui_save_finish(fw->save_tmp, fw->save_path, fw->save_replace, err, &error))
				tui_message(fw->app, "saved %" G_GUINT64_FORMAT " bytes of the stream%s to '%s'", fw->saved,
					    fw->job_only < 0 ? "" : fw->job_only ? " ('<' side)" : " ('>' side)",
					    fw->save_path);
			else
				tui_message(fw->app, "%s: not saved", error->message);
			g_clear_pointer(&fw->save_tmp, g_free); /* removed or in place */
		}
		fw->save_fd = -1;
		follow_job_end(fw);
		return false;
	}
	bool more = cursor_step(fw, &fw->jc, find_out, fw, false);
	if (fw->find_wrapped && fw->jc.bytes > fw->find_from + strlen(fw->find_text))
		more = false; /* wrapped round to where it began */
	if (fw->found) {
		g_autofree char *text = g_strdup(fw->find_text);
		bool wrapped = fw->find_wrapped;
		uint64_t at = fw->found;
		follow_job_end(fw);
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
		follow_cursor_free(&fw->jc);
		memset(&fw->jc, 0, sizeof fw->jc);
		memset(fw->find_have, 0, sizeof fw->find_have);
		fw->find_wrapped = true;
		if (job_cursor(fw))
			return true;
		follow_job_end(fw);
		return false;
	}
	tui_message(fw->app, "not found: '%s' in the stream", fw->find_text);
	follow_job_end(fw);
	return false;
}

/* Begins what the prompt asked: save to a file, or find a text. */
void follow_job_begin(struct follow *fw, const char *text)
{
	follow_job_end(fw);
	if (!*text)
		return;
	if (fw->prompt == '/' || fw->prompt == 'n') {
		g_free(fw->last_find);
		fw->last_find = g_strdup(text);
		fw->find_text = g_ascii_strdown(text, -1);
		/* n: on from the last match; else from the top line on */
		fw->find_from = fw->prompt == 'n' && fw->last_found ? fw->last_found : follow_line_abs(fw, fw->top) + 1;
		fw->find_wrapped = false;
		fw->found = 0;
		memset(fw->find_have, 0, sizeof fw->find_have);
		if (job_cursor(fw))
			fw->job = '/';
		else
			g_clear_pointer(&fw->find_text, g_free);
		return;
	}
	if (!fw->save_replace && tui_save_exists(text, fw->app->idx->path)) {
		fw->save_ask = g_strdup(text); /* asked first */
		return;
	}
	g_autoptr(GError) err = NULL;
	fw->save_fd = tui_save_open(text, fw->app->idx->path, &fw->save_tmp, &err);
	if (fw->save_fd < 0) {
		tui_message(fw->app, "%s: not saved", err->message);
		return;
	}
	fw->save_path = g_strdup(text);
	fw->saved = 0;
	if (job_cursor(fw))
		fw->job = 'w';
	else
		follow_job_end(fw);
}

void follow_save_answer(struct follow *fw, int ch)
{
	g_autofree char *path = g_steal_pointer(&fw->save_ask);
	if (!tui_save_answer(fw->app, path, ch))
		return;
	fw->save_replace = true;
	fw->prompt = 'w';
	follow_job_begin(fw, path);
	fw->prompt = 0;
}

bool follow_step(void *self)
{
	struct follow *fw = self;
	bool busy = job_step(fw);
	if (!fw->scan.done && !fw->error) {
		busy |= cursor_step(fw, &fw->scan, tally, fw, false);
		if (fw->scan.done && fw->want_end)
			follow_go_end(fw);
	}
	if (!fw->load.done && !fw->error) {
		/* read on when the view comes near the end of what was read: in
		 * the window while it has room, else the window moves a chunk on */
		if (fw->data->len >= fw->cap && fw->top + 2 * fw->height >= fw->lines->len) {
			if (fw->cap < WINDOW_CHUNKS * FOLLOW_CHUNK) {
				fw->cap += FOLLOW_CHUNK;
			} else if (fw->win + 1 < fw->points->len) {
				uint64_t at = follow_line_abs(fw, fw->top);
				follow_load_window(fw, fw->win + 1, (WINDOW_CHUNKS - 1) * FOLLOW_CHUNK, true);
				follow_place(fw, at);
			}
		}
		if (fw->data->len < fw->cap)
			busy |= cursor_step(fw, &fw->load, follow_keep, fw, true);
	}
	return busy;
}
