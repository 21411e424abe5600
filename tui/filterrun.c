/* filterrun.c — a display filter applied to the indexed frames: one pass
 * the UI's event loop runs in steps, so it keeps answering keys.  A filter
 * whose answer for a frame depends on that frame alone (transport depth:
 * dfilter_frame_local) may use the second CPU: the frames from one near the
 * middle on are dissected at once on a thread of their own, with a reader
 * and a session of their own, while the steps go through those before it;
 * the two lists of matches are then joined in frame order.
 *
 * That is right only when the frames after the split dissect as they do in
 * one pass from the start.  To transport depth a frame's layers depend on
 * earlier frames only through what the session gathers: IP fragments (the
 * frame completing a datagram shows its TCP or UDP header) and, for
 * OpenFlow, TCP directions.  The split is put where the indexing pass held
 * no datagram half gathered (tui_index_split_point), and when the steps
 * reach it their session is asked whether it holds anything a later frame
 * could read (dissect_session_holds_transport): if it does, the second
 * thread's matches are dropped and the steps go on to the end, as one pass
 * would. */
#include "tui/filterrun.h"

#include "dissect/session.h"

struct tui_filter_part {
	GThread *thread;
	struct tui_pass pass; /* its own reader and session, from part_from on */
	dfilter *filter;      /* its own (matching may keep values per thread), owned */
	GByteArray *marks;    /* uint8_t: the index's marks from part_from on, copied */
	GArray *rows;         /* guint: the frame indexes it kept */
	guint from;           /* its first frame index */
	gint stop;            /* atomic: asked to stop */
	gint frames;          /* atomic: frames it dissected so far */
	GMutex lock;
	GCond cond;           /* signalled when done is set */
	bool done;            /* under lock: it ended */
};

static void keep_match(dfilter *f, GArray *rows, const struct packet *p)
{
	if (dfilter_match(f, p)) {
		guint i = (guint)(p->frame->number - 1);
		g_array_append_val(rows, i);
	}
}

static void on_part_frame(const struct packet *p, void *data)
{
	struct tui_filter_part *part = data;
	keep_match(part->filter, part->rows, p);
}

static gpointer part_main(gpointer data)
{
	struct tui_filter_part *part = data;
	while (part->pass.state == 0 && !g_atomic_int_get(&part->stop)) {
		tui_pass_step(&part->pass, 4096, on_part_frame, part);
		g_atomic_int_set(&part->frames, (gint)(part->pass.frames - part->from));
	}
	g_mutex_lock(&part->lock);
	part->done = true;
	g_cond_signal(&part->cond);
	g_mutex_unlock(&part->lock);
	return NULL;
}

static void part_free(struct tui_filter_part *part)
{
	if (!part)
		return;
	if (part->thread) {
		g_atomic_int_set(&part->stop, 1);
		g_thread_join(part->thread);
	}
	tui_pass_close(&part->pass);
	dfilter_free(part->filter);
	if (part->marks)
		g_byte_array_free(part->marks, TRUE);
	g_array_free(part->rows, TRUE);
	g_mutex_clear(&part->lock);
	g_cond_clear(&part->cond);
	g_free(part);
}

/* Starts the frames of IDX from FROM on, filtered with TEXT, on a thread;
 * NULL when they cannot be gone to (a compressed file, or one changed
 * since it was indexed): the steps then do them. */
static struct tui_filter_part *part_start(const struct tui_index *idx, const char *text, enum loop_depth depth,
					  guint from)
{
	struct tui_filter_part *part = g_new0(struct tui_filter_part, 1);
	g_mutex_init(&part->lock);
	g_cond_init(&part->cond);
	part->rows = g_array_new(FALSE, FALSE, sizeof(guint));
	part->from = from;
	part->filter = dfilter_compile(text, NULL);
	if (!part->filter || !tui_pass_open(&part->pass, idx->path, depth, NULL) ||
	    cap_reader_compression(part->pass.r) != CAP_COMPRESSION_NONE ||
	    !tui_pass_start_at(&part->pass, from, tui_index_offset(idx, from - 1), idx->first_ns, NULL)) {
		part_free(part);
		return NULL;
	}
	if (idx->user_marks) {
		/* a copy: the user may mark frames while the thread reads them */
		part->marks = g_byte_array_sized_new(idx->count - from);
		g_byte_array_append(part->marks, idx->marks->data + from, idx->count - from);
		part->pass.marks = part->marks;
		part->pass.marks_from = from;
		part->pass.mark_bit = TUI_MARK_USER;
	}
	part->thread = g_thread_new("filter", part_main, part);
	return part;
}

/* Waits up to MS milliseconds for PART to end; true when it has. */
static bool part_wait(struct tui_filter_part *part, gint64 ms)
{
	gint64 until = g_get_monotonic_time() + ms * G_TIME_SPAN_MILLISECOND;
	g_mutex_lock(&part->lock);
	while (!part->done && g_cond_wait_until(&part->cond, &part->lock, until))
		;
	bool done = part->done;
	g_mutex_unlock(&part->lock);
	return done;
}

guint tui_filter_split(const struct tui_index *idx, const dfilter *f)
{
	guint n = tui_index_count(idx);
	if (!dfilter_frame_local(f) || n < TUI_SPLIT_MIN_FRAMES || cap_usable_cpus() < 2 || g_getenv("ANALYZE_NO_THREADS"))
		return G_MAXUINT;
	return tui_index_split_point(idx, n / 2, n / 4, n - n / 4);
}

struct tui_filter_run *tui_filter_run_new(const struct tui_index *idx, const char *text, dfilter *f, guint split,
					  GError **error)
{
	struct tui_filter_run *run = g_new0(struct tui_filter_run, 1);
	enum loop_depth depth = (enum loop_depth)dfilter_depth(f);
	run->filter = f;
	if (!tui_pass_open(&run->pass, idx->path, depth, error)) {
		tui_filter_run_free(run);
		return NULL;
	}
	run->pass.marks = idx->marks;
	run->pass.mark_bit = TUI_MARK_USER;
	run->text = g_strdup(text);
	run->rows = g_array_new(FALSE, FALSE, sizeof(guint));
	run->total = tui_index_count(idx);
	run->part_from = G_MAXUINT;
	if (split != G_MAXUINT && split > 0 && split < run->total && dfilter_frame_local(f) && idx->done && !idx->error &&
	    !idx->sectioned)
		run->part = part_start(idx, text, depth, split);
	if (run->part) {
		run->part_from = split;
		run->pass.limit = split;
	}
	return run;
}

static void on_frame(const struct packet *p, void *data)
{
	struct tui_filter_run *run = data;
	keep_match(run->filter, run->rows, p);
}

bool tui_filter_run_step(struct tui_filter_run *run, guint n)
{
	if (run->pass.state == 0) {
		tui_pass_step(&run->pass, n, on_frame, run);
		if (run->pass.state == 0)
			return true;
	}
	struct tui_filter_part *part = run->part;
	if (!part)
		return false;
	if (run->pass.state == 1 && run->pass.frames == part->from) {
		if (!part_wait(part, 20))
			return true;
		if (part->pass.state == 1 && !dissect_session_holds_transport(run->pass.session)) {
			g_array_append_vals(run->rows, part->rows->data, part->rows->len);
			run->joined = true;
		} else {
			/* the frames after it may need what the first ones left
			 * (or the thread met damage): read them here */
			run->pass.limit = 0;
			run->pass.state = 0;
		}
	}
	part_free(part);
	run->part = NULL;
	return run->pass.state == 0;
}

double tui_filter_run_progress(const struct tui_filter_run *run)
{
	if (!run->part || !run->total)
		return tui_pass_progress(&run->pass);
	double done = (double)run->pass.frames + g_atomic_int_get(&run->part->frames);
	return MIN(done / run->total, 1.0);
}

void tui_filter_run_free(struct tui_filter_run *run)
{
	if (!run)
		return;
	part_free(run->part);
	tui_pass_close(&run->pass);
	dfilter_free(run->filter);
	g_free(run->text);
	if (run->rows)
		g_array_free(run->rows, TRUE);
	g_free(run);
}
