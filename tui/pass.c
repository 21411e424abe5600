/* pass.c — a frame loop run a slice at a time (see pass.h). */
#include "tui/pass.h"

#include <stdio.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "dissect/dissect.h"
#include "dissect/session.h"

bool tui_pass_open(struct tui_pass *ps, const char *path, enum loop_depth depth, GError **error)
{
	*ps = (struct tui_pass){0};
	ps->r = cap_reader_open(path, error);
	if (!ps->r)
		return false;
	ps->session = dissect_session_new();
	if (depth == LOOP_TRACKED)
		dissect_session_track_tcp(ps->session);
	ps->transport_only = depth == LOOP_TRANSPORT;
	ps->p = g_new0(struct packet, 1);
	ps->file_size = cap_reader_file_size(ps->r);
	return true;
}

bool tui_pass_start_at(struct tui_pass *ps, guint from, uint64_t prev_offset, int64_t first_ns, GError **error)
{
	g_return_val_if_fail(from > 0 && ps->frames == 0, false);
	/* the frame before, read for its time */
	if (!cap_reader_seek(ps->r, prev_offset, from, error))
		return false;
	int rc = cap_reader_next(ps->r, &ps->f, error);
	if (rc <= 0) {
		if (rc == 0)
			g_set_error(error, CAP_READER_ERROR, CAP_READER_ERROR_TRUNCATED, "frame %u is no longer in the file",
				    from);
		return false;
	}
	ps->frames = from;
	ps->first_ns = first_ns;
	ps->prev_ns = ps->f.ts_ns;
	return true;
}

guint tui_pass_step(struct tui_pass *ps, guint n, frame_fn fn, void *data)
{
	guint done = 0;
	while (ps->state == 0 && done < n) {
		if (ps->limit && ps->frames >= ps->limit) {
			ps->state = 1;
			break;
		}
		g_autoptr(GError) err = NULL;
		int rc = cap_reader_next(ps->r, &ps->f, &err);
		if (rc <= 0) {
			ps->state = rc == 0 ? 1 : -1;
			if (err)
				ps->error = g_strdup(err->message);
			break;
		}
		if (ps->marks && ps->frames >= ps->marks_from && ps->frames - ps->marks_from < ps->marks->len &&
		    (ps->marks->data[ps->frames - ps->marks_from] & ps->mark_bit))
			ps->f.flags |= FRAME_MARKED;
		if (ps->frames == 0)
			ps->first_ns = ps->prev_ns = ps->f.ts_ns;
		ps->p->first_ns = ps->first_ns;
		ps->p->prev_ns = ps->prev_ns;
		ps->prev_ns = ps->f.ts_ns;
		dissect_frame_in(ps->p, &ps->f, ps->session, ps->transport_only);
		ps->frames++;
		done++;
		fn(ps->p, data);
	}
	return done;
}

double tui_pass_progress(const struct tui_pass *ps)
{
	if (ps->state != 0)
		return 1.0;
	if (ps->file_size == 0 || ps->frames == 0)
		return 0.0;
	double x = (double)ps->f.offset / (double)ps->file_size;
	return x > 1.0 ? 1.0 : x;
}

void tui_pass_close(struct tui_pass *ps)
{
	bool held = ps->session || ps->r;
	if (ps->session)
		dissect_session_free(ps->session);
	ps->session = NULL;
	g_clear_pointer(&ps->r, cap_reader_close);
	g_clear_pointer(&ps->p, g_free);
	g_clear_pointer(&ps->error, g_free);
	if (held)
		tui_release_memory();
}

void tui_release_memory(void)
{
#ifdef __GLIBC__
	/* A pass's state (a conversation tracker: tens of megabytes on a big
	 * capture) is many small blocks among ones that live on; give the pages
	 * they leave free back to the system, so the next pass starts from what
	 * the UI keeps rather than from this pass's peak. */
	malloc_trim(0);
#endif
}

uint64_t tui_resident_bytes(void)
{
	unsigned long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return 0;
	int n = fscanf(f, "%lu %lu", &size, &resident);
	fclose(f);
	long page = sysconf(_SC_PAGESIZE);
	return n == 2 && page > 0 ? (uint64_t)resident * (uint64_t)page : 0;
}
