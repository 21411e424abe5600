/* frameloop_shard.c — one file's frames dissected on several threads, each
 * thread the frames of its share of the address pairs (docs/sharding.md).
 *
 * One reader goes through the records a chunk at a time and hands each
 * thread only the frames whose outermost address pair (unordered) falls in
 * its shard, with the time of every record, so that each thread dissects
 * its frames with its own session exactly as one thread over every frame
 * would.  Whichever thread runs out of frames reads the next chunk: the
 * reading goes to the thread with less to dissect.  The run agrees with
 * one thread when no dissection state crosses pairs: session_shards_agree()
 * and the checks below decide, else the caller runs the file again on one
 * thread. */
#include "analyzer/frameloop.h"

#include <glib/gstdio.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#include "dissect/dissect.h"
#include "dissect/fieldval.h"
#include "dissect/session.h"

/* The shard of the unordered pair A, B (N bytes each, 4 or 16) among
 * SHARDS: the two addresses folded together either way round, mixed. */
static unsigned pair_shard(const uint8_t *a, const uint8_t *b, unsigned n, unsigned shards)
{
	uint32_t x = 0, wa, wb;
	for (unsigned i = 0; i < n; i += 4) {
		memcpy(&wa, a + i, 4);
		memcpy(&wb, b + i, 4);
		x ^= wa ^ wb;
	}
	uint64_t h = (uint64_t)x * 0x9e3779b97f4a7c15ull;
	return (unsigned)(((h >> 32) * shards) >> 32);
}

/* The shard of the IP header at D (CAP bytes), or -1 when D holds none. */
static int ip_shard(const uint8_t *d, uint32_t cap, unsigned shards)
{
	if (cap >= 20 && d[0] >> 4 == 4)
		return (int)pair_shard(d + 12, d + 16, 4, shards);
	if (cap >= 40 && d[0] >> 4 == 6)
		return (int)pair_shard(d + 8, d + 24, 16, shards);
	return -1;
}

/* The shard of frame F: that of its outermost IP header as read cheaply
 * (Ethernet with VLAN tags, Linux cooked v1 and v2, loopback, raw IP), 0 without. */
static unsigned frame_shard(const struct frame *f, unsigned shards)
{
	const uint8_t *d = f->data;
	uint32_t n = f->caplen, off;
	switch (f->linktype) {
	case LINKTYPE_ETHERNET: {
		off = 12;
		while (off + 2 <= n) {
			unsigned type = (unsigned)d[off] << 8 | d[off + 1];
			if (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
				off += 4;
				continue;
			}
			if (type != 0x0800 && type != 0x86dd)
				return 0;
			off += 2;
			break;
		}
		break;
	}
	case LINKTYPE_LINUX_SLL:
		off = 16;
		break;
	case LINKTYPE_LINUX_SLL2:
		off = 20;
		break;
	case LINKTYPE_NULL:
	case LINKTYPE_LOOP:
		off = 4;
		break;
	case LINKTYPE_RAW:
	case LINKTYPE_RAW_OLD:
	case LINKTYPE_RAW_OLD2:
	case LINKTYPE_IPV4:
	case LINKTYPE_IPV6:
		off = 0;
		break;
	default:
		return 0;
	}
	if (off >= n)
		return 0;
	int s = ip_shard(d + off, n - off, shards);
	return s < 0 ? 0 : (unsigned)s;
}

/* Whether every IP header P's dissection found (quoted ones too) names a
 * pair of shard K: the state kept under those pairs then lives in this
 * thread alone. */
static bool pairs_in_shard(const struct packet *p, unsigned k, unsigned shards)
{
	for (int i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		if (l->proto != PROTO_IP && l->proto != PROTO_IPV6)
			continue;
		uint32_t cap;
		const uint8_t *base = fv_layer_base(p, l, &cap);
		if (l->off >= cap)
			continue;
		int s = ip_shard(base + l->off, cap - l->off, shards);
		if (s >= 0 && (unsigned)s != k)
			return false;
	}
	return true;
}

/* Records read at a time, and chunks read but not yet dissected by every
 * thread: the threads are at most that many chunks apart. */
#define CHUNK_RECORDS 1024
#define RING_CHUNKS 16
/* How far ahead of the record read the reader asks for the file's lines. */
#define PREFETCH_AHEAD 2048

/* The frames of one chunk a thread dissects. */
struct lane {
	struct frame *frames;
	uint32_t *at;            /* each one's place among the chunk's records */
	unsigned n, cap;
};

/* A frame whose bytes were copied into its chunk (they would not stay in
 * the reader): where, made pointers once the chunk is read. */
struct copied {
	unsigned lane, i;
	size_t data, comment;
};

struct chunk {
	uint64_t number;         /* its frames' numbers are above this */
	uint64_t offset;         /* file offset of its first record */
	unsigned n;              /* records */
	int64_t prev_ns;         /* time of the record before the first */
	int64_t times[CHUNK_RECORDS]; /* every record's time */
	struct lane *lanes;      /* one per thread */
	GByteArray *bytes;       /* copied frames' bytes */
	GArray *copies;          /* struct copied */
};

/* One thread's own: apart from the others' and from what the reader
 * writes, so that no cache line goes back and forth for each frame. */
struct shard_thread {
	char before[64];
	struct dispatch *d;
	unsigned k, n;
	bool transport_only;
	frame_fn fn;
	void *data;
	int64_t first_ns;
	struct dissect_session *session;
	struct loop_counts counts;
	uint64_t first_undissected;  /* frame number of the first undissected frame */
	uint64_t done;           /* chunks it went through */
	GThread *thread;
	char after[64];
};

/* What the threads share.  The lock is pthread's, not GLib's (futexes of
 * its own), so that race checkers (helgrind, ThreadSanitizer) see it. */
struct dispatch {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned waiting;        /* threads waiting on cond */
	unsigned n;
	struct shard_thread *threads;
	struct chunk ring[RING_CHUNKS];
	uint64_t published;      /* chunks read */
	bool reading;            /* a thread is reading the next chunk */
	bool ended;              /* no chunk comes any more */
	/* The run gives up (times ran backwards, state crossed address
	 * pairs): nothing more is dissected, the reader only goes on to the
	 * end, where damage would say why first, as one thread would. */
	bool skim;
	/* The reader's, used by the thread reading (and after). */
	char apart[64];
	cap_reader *r;
	uint64_t records;
	bool first, complete, backwards;
	int64_t first_ns, prev_ns;
	const uint8_t *ahead_at;
	GError *error;
	char after[64];
};

static void lane_add(struct lane *l, const struct frame *f, unsigned at)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->frames = g_renew(struct frame, l->frames, l->cap);
		l->at = g_renew(uint32_t, l->at, l->cap);
	}
	l->frames[l->n] = *f;
	l->at[l->n++] = at;
}

/* Keeps a copy of the N bytes at P in C; returns where. */
static size_t chunk_copy(struct chunk *c, const uint8_t *p, size_t n)
{
	size_t at = c->bytes->len;
	g_byte_array_append(c->bytes, p, (guint)n);
	return at;
}

/* Reads the next chunk into C (outside the lock: one thread at a time),
 * or with SKIM the rest of the file, handing out nothing.  Returns false
 * when no chunk follows it. */
static bool read_chunk(struct dispatch *d, struct chunk *c, bool skim)
{
	c->number = d->records;
	c->n = 0;
	for (unsigned k = 0; k < d->n; k++)
		c->lanes[k].n = 0;
	g_byte_array_set_size(c->bytes, 0);
	g_array_set_size(c->copies, 0);
	struct frame f;
	int rc = 1;
	while (c->n < CHUNK_RECORDS) {
		if ((rc = cap_reader_next(d->r, &f, &d->error)) <= 0)
			break;
		if (d->first) {
			d->first_ns = d->prev_ns = f.ts_ns;
			d->first = false;
		}
		/* one session forgets reset connections as time passes, on every
		 * frame: so does each thread's, which agrees only while time runs on */
		if (ts_diff(f.ts_ns, d->prev_ns) < 0 && !d->backwards) {
			d->backwards = skim = true;
			pthread_mutex_lock(&d->lock);
			d->skim = true;
			pthread_mutex_unlock(&d->lock);
		}
		if (c->n == 0) {
			c->offset = f.offset;
			c->prev_ns = d->prev_ns;
		}
		d->prev_ns = f.ts_ns;
		d->records++;
		if (skim)
			continue;
		c->times[c->n] = f.ts_ns;
		unsigned k = frame_shard(&f, d->n);
		if (!cap_reader_frame_lasts(d->r, &f)) {
			struct copied cp = {k, c->lanes[k].n, chunk_copy(c, f.data, f.caplen), 0};
			if ((f.flags & FRAME_COMMENT) && f.comment)
				cp.comment = chunk_copy(c, f.comment, f.comment_len);
			g_array_append_val(c->copies, cp);
		}
		lane_add(&c->lanes[k], &f, c->n++);
		/* the next records' headers: the file ahead, line by line (each
		 * header's place depends on the one before) */
		const uint8_t *end = f.data + f.caplen + PREFETCH_AHEAD;
		if (d->ahead_at < f.data || d->ahead_at > end)
			d->ahead_at = f.data;
		for (; d->ahead_at < end; d->ahead_at += 64)
			__builtin_prefetch(d->ahead_at);
	}
	for (guint i = 0; i < c->copies->len; i++) {
		const struct copied *cp = &g_array_index(c->copies, struct copied, i);
		struct frame *cf = &c->lanes[cp->lane].frames[cp->i];
		cf->data = c->bytes->data + cp->data;
		if ((cf->flags & FRAME_COMMENT) && cf->comment)
			cf->comment = c->bytes->data + cp->comment;
	}
	if (rc > 0)
		return true;
	d->complete = rc == 0;
	return false;
}

/* Thread T dissects its frames of chunk C; false when its session met
 * state crossing address pairs (the run gives up). */
static bool dissect_chunk(struct shard_thread *t, const struct chunk *c, struct packet *p)
{
	const struct lane *l = &c->lanes[t->k];
	struct dissect_session *session = t->session;
	unsigned next = 0; /* the next record whose time the session is told */
	for (unsigned i = 0; i < l->n; i++) {
		const struct frame *f = &l->frames[i];
		unsigned at = l->at[i];
		/* the frame after next's first lines, read by the reader on
		 * whichever CPU read the chunk */
		if (i + 3 < l->n) {
			__builtin_prefetch(l->frames[i + 3].data);
			__builtin_prefetch(l->frames[i + 3].data + 64);
		}
		for (; next < at; next++)
			session_tcp_expire(session, c->times[next]);
		next = at + 1;
		p->first_ns = t->first_ns;
		p->prev_ns = at ? c->times[at - 1] : c->prev_ns;
		session_shard_frame(session, f->number);
		dissect_frame_in(p, f, session, t->transport_only);
		if (!pairs_in_shard(p, t->k, t->n))
			session_cross_pair(session);
		if (session_shard_crossed(session))
			return false;
		if ((p->flags & PKT_UNDISSECTED) && !t->counts.undissected)
			t->first_undissected = f->number;
		loop_count_frame(&t->counts, p);
		t->fn(p, t->data);
	}
	for (; next < c->n; next++)
		session_tcp_expire(session, c->times[next]);
	return true;
}

static void wake_locked(struct dispatch *d)
{
	if (d->waiting)
		pthread_cond_broadcast(&d->cond);
}

/* Under the lock: the chunks every thread went through. */
static uint64_t all_done_locked(const struct dispatch *d)
{
	uint64_t low = UINT64_MAX;
	for (unsigned k = 0; k < d->n; k++)
		low = MIN(low, d->threads[k].done);
	return low;
}

static gpointer shard_main(gpointer data)
{
	struct shard_thread *t = data;
	struct dispatch *d = t->d;
	struct packet p = {.udp_expect_hint_layer = -1};
	pthread_mutex_lock(&d->lock);
	for (;;) {
		uint64_t low = all_done_locked(d);
		if (!d->ended && !d->reading && d->published < low + RING_CHUNKS && d->published == t->done) {
			/* out of frames: this thread reads the next chunk */
			d->reading = true;
			struct chunk *c = &d->ring[d->published % RING_CHUNKS];
			/* the pages of chunks some thread still dissects stay */
			cap_reader_hold(d->r, low < d->published ? d->ring[low % RING_CHUNKS].offset : UINT64_MAX);
			bool skim = d->skim;
			pthread_mutex_unlock(&d->lock);
			bool more = read_chunk(d, c, skim);
			pthread_mutex_lock(&d->lock);
			d->reading = false;
			if (c->n)
				d->published++;
			if (!more)
				d->ended = true;
			wake_locked(d);
			continue;
		}
		if (t->done < d->published) {
			const struct chunk *c = &d->ring[t->done % RING_CHUNKS];
			bool skim = d->skim;
			t->first_ns = d->first_ns;
			pthread_mutex_unlock(&d->lock);
			bool crossed = !skim && !dissect_chunk(t, c, &p);
			pthread_mutex_lock(&d->lock);
			if (crossed)
				d->skim = true;
			t->done++;
			wake_locked(d);
			continue;
		}
		if (d->ended)
			break;
		d->waiting++;
		pthread_cond_wait(&d->cond, &d->lock);
		d->waiting--;
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

enum shard_outcome frameloop_run_sharded(const char *path, enum loop_depth depth, unsigned n, uint64_t min_size,
					 open_fn on_open, void *open_data, frame_fn fn, void *const *datas,
					 struct loop_counts *counts, const char **why)
{
	*counts = (struct loop_counts){0};
	*why = NULL;
	if (depth == LOOP_TRACKED || n < 2) {
		*why = "the report numbers TCP conversations";
		return SHARD_NOT_TRIED;
	}
	/* standard input or a pipe must not be read here: the one thread
	 * reads it then */
	GStatBuf st;
	if (strcmp(path, "-") == 0 || g_stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size < min_size) {
		*why = "not a regular uncompressed file of the size that pays";
		return SHARD_NOT_TRIED;
	}
	g_autoptr(cap_reader) r = cap_reader_open(path, NULL);
	uint64_t size = r ? cap_reader_file_size(r) : 0;
	if (!size || size < min_size) {
		*why = r ? "not a regular uncompressed file of the size that pays" : "the file could not be read whole";
		return r ? SHARD_NOT_TRIED : SHARD_GAVE_UP;
	}
	if (on_open)
		on_open(r, open_data);

	struct dispatch *d = g_new0(struct dispatch, 1);
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->cond, NULL);
	d->n = n;
	d->r = r;
	d->first = true;
	d->threads = g_new0(struct shard_thread, n);
	for (unsigned i = 0; i < RING_CHUNKS; i++) {
		d->ring[i].lanes = g_new0(struct lane, n);
		d->ring[i].bytes = g_byte_array_new();
		d->ring[i].copies = g_array_new(FALSE, FALSE, sizeof(struct copied));
	}
	for (unsigned k = 0; k < n; k++) {
		d->threads[k] = (struct shard_thread){.d = d, .k = k, .n = n, .transport_only = depth == LOOP_TRANSPORT,
						      .fn = fn, .data = datas[k], .session = dissect_session_new()};
		session_shard_start(d->threads[k].session);
	}
	for (unsigned k = 1; k < n; k++)
		d->threads[k].thread = g_thread_new("shard", shard_main, &d->threads[k]);
	shard_main(&d->threads[0]);
	for (unsigned k = 1; k < n; k++)
		g_thread_join(d->threads[k].thread);

	enum shard_outcome out = SHARD_DONE;
	struct dissect_session **sessions = g_new(struct dissect_session *, n);
	uint64_t undissected_at = UINT64_MAX;
	for (unsigned k = 0; k < n; k++) {
		const struct shard_thread *t = &d->threads[k];
		sessions[k] = t->session;
		counts->frames += t->counts.frames;
		counts->bytes += t->counts.bytes;
		counts->truncated += t->counts.truncated;
		counts->malformed += t->counts.malformed;
		counts->undissected += t->counts.undissected;
		if (t->counts.undissected && t->first_undissected < undissected_at) {
			undissected_at = t->first_undissected;
			counts->first_undissected_linktype = t->counts.first_undissected_linktype;
		}
	}
	/* a file cut while its frames were dissected is not intact: one
	 * thread says so */
	if (!d->complete || !cap_reader_intact(r)) {
		out = SHARD_GAVE_UP;
		*why = "the file could not be read whole";
	} else if (d->backwards) {
		out = SHARD_GAVE_UP;
		*why = "the frames' times run backwards";
	} else if (!session_shards_agree(sessions, n, why))
		out = SHARD_GAVE_UP;
	for (unsigned k = 0; k < n; k++)
		dissect_session_free(d->threads[k].session);
	for (unsigned i = 0; i < RING_CHUNKS; i++) {
		for (unsigned k = 0; k < n; k++) {
			g_free(d->ring[i].lanes[k].frames);
			g_free(d->ring[i].lanes[k].at);
		}
		g_free(d->ring[i].lanes);
		g_byte_array_unref(d->ring[i].bytes);
		g_array_unref(d->ring[i].copies);
	}
	g_clear_error(&d->error);
	pthread_mutex_destroy(&d->lock);
	pthread_cond_destroy(&d->cond);
	g_free(sessions);
	g_free(d->threads);
	g_free(d);
	if (out != SHARD_DONE)
		*counts = (struct loop_counts){0};
	return out;
}
