/* frameloop_shard.c — one file's frames dissected on several threads, each
 * thread the frames of its share of the address pairs (docs/sharding.md).
 *
 * Every thread reads the whole file (the reader maps it: the page cache is
 * shared), so frame numbers, times and the times before each frame are
 * what one reader gives; it dissects only the frames whose outermost
 * address pair (unordered) falls in its shard, with its own session.  The
 * run agrees with one thread when no dissection state crosses pairs:
 * session_shards_agree() and the checks below decide, else the caller
 * runs the file again on one thread. */
#include "analyzer/frameloop.h"

#include <glib/gstdio.h>
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

struct shard_job {
	const char *path;
	enum loop_depth depth;
	unsigned k, n;
	open_fn on_open;
	void *open_data;
	frame_fn fn;
	void *data;
	struct dissect_session *session;
	struct loop_counts counts;
	uint64_t first_undissected;  /* frame number of the first undissected frame */
	uint64_t records;            /* frames read, its own or not */
	bool opened, complete, backwards;
	GError *error;
};

static gpointer shard_run(gpointer data)
{
	struct shard_job *j = data;
	g_autoptr(cap_reader) r = cap_reader_open(j->path, &j->error);
	j->opened = r != NULL;
	if (!r)
		return NULL;
	if (j->on_open)
		j->on_open(r, j->open_data);
	struct frame f;
	struct packet p = {.udp_expect_hint_layer = -1};
	int rc;
	bool first = true;
	int64_t prev_ns = 0, first_ns = 0;
	while ((rc = cap_reader_next(r, &f, &j->error)) > 0) {
		j->records++;
		if (first) {
			first_ns = prev_ns = f.ts_ns;
			first = false;
		}
		/* one session forgets reset connections as time passes, on every
		 * frame: so must each shard's; it matches only while time runs on */
		if (ts_diff(f.ts_ns, prev_ns) < 0)
			j->backwards = true;
		if (frame_shard(&f, j->n) != j->k) {
			session_tcp_expire(j->session, f.ts_ns);
			prev_ns = f.ts_ns;
			continue;
		}
		p.first_ns = first_ns;
		p.prev_ns = prev_ns;
		prev_ns = f.ts_ns;
		session_shard_frame(j->session, f.number);
		dissect_frame_in(&p, &f, j->session, j->depth == LOOP_TRANSPORT);
		if (!pairs_in_shard(&p, j->k, j->n))
			session_cross_pair(j->session);
		if ((p.flags & PKT_UNDISSECTED) && !j->counts.undissected)
			j->first_undissected = f.number;
		loop_count_frame(&j->counts, &p);
		j->fn(&p, j->data);
	}
	j->complete = rc == 0;
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
	{
		g_autoptr(cap_reader) r = cap_reader_open(path, NULL);
		uint64_t size = r ? cap_reader_file_size(r) : 0;
		if (!size || size < min_size) {
			*why = "not a regular uncompressed file of the size that pays";
			return SHARD_NOT_TRIED;
		}
	}
	struct shard_job *jobs = g_new0(struct shard_job, n);
	GThread **threads = g_new0(GThread *, n);
	for (unsigned k = 0; k < n; k++) {
		jobs[k] = (struct shard_job){path, depth, k, n, k == 0 ? on_open : NULL, open_data, fn, datas[k],
					     dissect_session_new(), {0}, 0, 0, false, false, false, NULL};
		session_shard_start(jobs[k].session);
	}
	for (unsigned k = 1; k < n; k++)
		threads[k] = g_thread_new("shard", shard_run, &jobs[k]);
	shard_run(&jobs[0]);
	for (unsigned k = 1; k < n; k++)
		g_thread_join(threads[k]);

	enum shard_outcome out = SHARD_DONE;
	struct dissect_session **sessions = g_new(struct dissect_session *, n);
	uint64_t undissected_at = UINT64_MAX;
	for (unsigned k = 0; k < n; k++) {
		const struct shard_job *j = &jobs[k];
		sessions[k] = j->session;
		if (out == SHARD_DONE && (!j->opened || !j->complete)) {
			out = SHARD_GAVE_UP;
			*why = "the file could not be read whole";
		} else if (out == SHARD_DONE && j->records != jobs[0].records) {
			out = SHARD_GAVE_UP;
			*why = "the file grew while it was read";
		} else if (out == SHARD_DONE && j->backwards) {
			out = SHARD_GAVE_UP;
			*why = "the frames' times run backwards";
		}
		counts->frames += j->counts.frames;
		counts->bytes += j->counts.bytes;
		counts->truncated += j->counts.truncated;
		counts->malformed += j->counts.malformed;
		counts->undissected += j->counts.undissected;
		if (j->counts.undissected && j->first_undissected < undissected_at) {
			undissected_at = j->first_undissected;
			counts->first_undissected_linktype = j->counts.first_undissected_linktype;
		}
	}
	if (out == SHARD_DONE && !session_shards_agree(sessions, n, why))
		out = SHARD_GAVE_UP;
	for (unsigned k = 0; k < n; k++) {
		dissect_session_free(jobs[k].session);
		g_clear_error(&jobs[k].error);
	}
	g_free(sessions);
	g_free(threads);
	g_free(jobs);
	if (out != SHARD_DONE)
		*counts = (struct loop_counts){0};
	return out;
}
