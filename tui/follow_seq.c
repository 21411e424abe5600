/* follow_seq.c — a TCP connection's bytes put in sequence order for the
 * follow-stream screen (see follow.h): retransmitted bytes dropped, the new
 * part of an overlapping segment kept, segments past a gap held until it
 * fills. */
#include <string.h>

#include "tui/follow.h"

struct tui_follow_pending {
	int dir;
	uint32_t seq;
	uint32_t len, wire_len;
	uint8_t *data; /* owned, LEN bytes */
};

static void pending_clear(gpointer data)
{
	struct tui_follow_pending *p = data;
	g_free(p->data);
}

void tui_follow_seq_init(struct tui_follow_seq *s)
{
	memset(s, 0, sizeof *s);
	s->pending = g_array_new(FALSE, FALSE, sizeof(struct tui_follow_pending));
	g_array_set_clear_func(s->pending, pending_clear);
}

void tui_follow_seq_clear(struct tui_follow_seq *s)
{
	if (s->pending)
		g_array_free(s->pending, TRUE);
	s->pending = NULL;
}

void tui_follow_seq_copy(struct tui_follow_seq *to, const struct tui_follow_seq *s)
{
	tui_follow_seq_init(to);
	memcpy(to->started, s->started, sizeof to->started);
	memcpy(to->next, s->next, sizeof to->next);
	for (guint i = 0; i < s->pending->len; i++) {
		struct tui_follow_pending p = g_array_index(s->pending, struct tui_follow_pending, i);
		p.data = g_memdup2(p.data, p.len ? p.len : 1);
		g_array_append_val(to->pending, p);
	}
}

/* A - B as a signed distance in sequence space. */
static int32_t seq_diff(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}

/* Gives the bytes of a segment at or before next[DIR] that are new. */
static void take(struct tui_follow_seq *s, int dir, uint32_t seq, const uint8_t *data, uint32_t len,
		 uint32_t wire_len, tui_follow_out out, void *user)
{
	int32_t old = seq_diff(s->next[dir], seq); /* bytes already given */
	if (old < 0 || (uint32_t)old >= wire_len)
		return;
	uint32_t skip = (uint32_t)old;
	if (skip < len)
		out(dir, data + skip, len - skip, 0, user);
	if (wire_len > len)
		out(dir, NULL, 0, wire_len - MAX(len, skip), user);
	s->next[dir] = seq + wire_len;
}

/* Gives the waiting segments of side DIR the bytes before them reached. */
static void drain(struct tui_follow_seq *s, int dir, tui_follow_out out, void *user)
{
	bool again = true;
	while (again) {
		again = false;
		for (guint i = 0; i < s->pending->len; i++) {
			struct tui_follow_pending *p = &g_array_index(s->pending, struct tui_follow_pending, i);
			if (p->dir != dir || seq_diff(p->seq, s->next[dir]) > 0)
				continue;
			take(s, dir, p->seq, p->data, p->len, p->wire_len, out, user);
			g_array_remove_index(s->pending, i);
			again = true;
			break;
		}
	}
}

/* Takes the earliest waiting segment (of side DIR, or any when DIR < 0)
 * with the gap before it as missing; false when none waits. */
static bool force_earliest(struct tui_follow_seq *s, int dir, tui_follow_out out, void *user)
{
	int best = -1;
	for (guint i = 0; i < s->pending->len; i++) {
		const struct tui_follow_pending *p = &g_array_index(s->pending, struct tui_follow_pending, i);
		if (dir >= 0 && p->dir != dir)
			continue;
		const struct tui_follow_pending *b =
			best < 0 ? NULL : &g_array_index(s->pending, struct tui_follow_pending, best);
		if (!b || (p->dir == b->dir ? seq_diff(p->seq, b->seq) < 0 : p->dir < b->dir))
			best = (int)i;
	}
	if (best < 0)
		return false;
	const struct tui_follow_pending *p = &g_array_index(s->pending, struct tui_follow_pending, best);
	int d = p->dir;
	out(d, NULL, 0, (uint32_t)seq_diff(p->seq, s->next[d]), user);
	s->next[d] = p->seq;
	drain(s, d, out, user);
	return true;
}

void tui_follow_seq_segment(struct tui_follow_seq *s, int dir, uint32_t seq, bool syn, const uint8_t *data,
			    uint32_t len, uint32_t wire_len, tui_follow_out out, void *user)
{
	if (syn) {
		if (!s->started[dir]) {
			s->started[dir] = true;
			s->next[dir] = seq + 1;
		}
		seq++;
	}
	if (wire_len == 0)
		return;
	if (!s->started[dir]) {
		s->started[dir] = true;
		s->next[dir] = seq;
	}
	if (seq_diff(seq, s->next[dir]) > 0) {
		struct tui_follow_pending p = {dir, seq, len, wire_len, g_memdup2(data, len ? len : 1)};
		g_array_append_val(s->pending, p);
		if (s->pending->len > TUI_FOLLOW_PENDING_MAX)
			force_earliest(s, -1, out, user);
		return;
	}
	take(s, dir, seq, data, len, wire_len, out, user);
	drain(s, dir, out, user);
}

void tui_follow_seq_flush(struct tui_follow_seq *s, tui_follow_out out, void *user)
{
	while (force_earliest(s, -1, out, user))
		;
}
