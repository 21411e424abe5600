/* frameloop.c — read → dissect → listener, one frame at a time. */
#include "analyzer/frameloop.h"

#include "dissect/dissect.h"
#include "dissect/session.h"

void loop_count_frame(struct loop_counts *counts, const struct packet *p)
{
	counts->frames++;
	counts->bytes += p->frame->len;
	if (p->flags & PKT_TRUNCATED)
		counts->truncated++;
	if (p->flags & PKT_MALFORMED)
		counts->malformed++;
	if (p->flags & PKT_UNDISSECTED) {
		if (counts->undissected++ == 0)
			counts->first_undissected_linktype = p->frame->linktype;
	}
}

bool frameloop_run(const char *path, enum loop_depth depth, open_fn on_open, void *open_data, frame_fn fn,
		   void *data, struct loop_counts *counts, bool *opened, GError **error)
{
	*counts = (struct loop_counts){0};
	g_autoptr(cap_reader) r = cap_reader_open(path, error);
	*opened = r != NULL;
	if (!r)
		return false;
	if (on_open)
		on_open(r, open_data);
	struct frame f;
	/* the hint is for a frame dissected without a session: none here */
	struct packet p = {.udp_expect_hint_layer = -1};
	int rc;
	struct dissect_session *session = dissect_session_new();
	if (depth == LOOP_TRACKED)
		dissect_session_track_tcp(session);
	bool first = true;
	int64_t prev_ns = 0, first_ns = 0;
	while ((rc = cap_reader_next(r, &f, error)) > 0) {
		if (first) {
			first_ns = prev_ns = f.ts_ns;
			first = false;
		}
		p.first_ns = first_ns;
		p.prev_ns = prev_ns;
		prev_ns = f.ts_ns;
		dissect_frame_in(&p, &f, session, depth == LOOP_TRANSPORT);
		loop_count_frame(counts, &p);
		fn(&p, data);
	}
	dissect_session_free(session);
	return rc == 0;
}
