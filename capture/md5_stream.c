/* md5_stream.c — a producer/consumer pair around GChecksum: the transfer
 * loop queues copies of what it writes, a thread hashes them in order.  At
 * most QUEUE_MAX bytes wait at any time. */
#include <string.h>

#include "capture/md5_stream.h"

#define QUEUE_MAX (16u << 20)
#define BATCH (1u << 20)         /* bytes gathered before waking the thread */

struct md5_stream {
	GThread *thread;
	GMutex lock;
	GCond more;              /* signalled when a chunk or the end is queued */
	GCond room;              /* signalled when the queue shrinks */
	GQueue chunks;           /* GBytes *, oldest first */
	size_t queued;           /* bytes in CHUNKS */
	gboolean ended;          /* no more chunks will come */
	gboolean aborted;        /* drop what is queued */
	GChecksum *ck;
	GByteArray *pending;     /* fed bytes not yet queued (the feeding side's own) */
};

static gpointer hash_loop(gpointer data)
{
	struct md5_stream *m = data;
	for (;;) {
		g_mutex_lock(&m->lock);
		while (!m->chunks.length && !m->ended && !m->aborted)
			g_cond_wait(&m->more, &m->lock);
		GBytes *b = m->aborted ? NULL : g_queue_pop_head(&m->chunks);
		g_mutex_unlock(&m->lock);
		if (!b)
			return NULL;
		gsize n;
		const guchar *p = g_bytes_get_data(b, &n);
		g_checksum_update(m->ck, p, (gssize)n);
		g_bytes_unref(b);
		g_mutex_lock(&m->lock);
		m->queued -= n;
		g_cond_signal(&m->room);
		g_mutex_unlock(&m->lock);
	}
}

struct md5_stream *md5_stream_new(void)
{
	struct md5_stream *m = g_new0(struct md5_stream, 1);
	g_mutex_init(&m->lock);
	g_cond_init(&m->more);
	g_cond_init(&m->room);
	g_queue_init(&m->chunks);
	m->ck = g_checksum_new(G_CHECKSUM_MD5);
	m->pending = g_byte_array_sized_new(BATCH);
	m->thread = g_thread_new("md5", hash_loop, m);
	return m;
}

/* Queues the pending bytes for the thread. */
static void flush(struct md5_stream *m)
{
	if (!m->pending->len)
		return;
	size_t len = m->pending->len;
	GBytes *b = g_byte_array_free_to_bytes(m->pending);
	m->pending = g_byte_array_sized_new(BATCH);
	g_mutex_lock(&m->lock);
	while (m->queued > QUEUE_MAX)
		g_cond_wait(&m->room, &m->lock);
	g_queue_push_tail(&m->chunks, b);
	m->queued += len;
	g_cond_signal(&m->more);
	g_mutex_unlock(&m->lock);
}

void md5_stream_feed(struct md5_stream *m, const void *buf, size_t len)
{
	g_byte_array_append(m->pending, buf, (guint)len);
	if (m->pending->len >= BATCH)
		flush(m);
}

static void stop(struct md5_stream *m, gboolean abort)
{
	if (!abort)
		flush(m);
	g_byte_array_unref(m->pending);
	g_mutex_lock(&m->lock);
	m->ended = TRUE;
	m->aborted = abort;
	g_cond_signal(&m->more);
	g_mutex_unlock(&m->lock);
	g_thread_join(m->thread);
	g_queue_clear_full(&m->chunks, (GDestroyNotify)g_bytes_unref);
	g_mutex_clear(&m->lock);
	g_cond_clear(&m->more);
	g_cond_clear(&m->room);
}

char *md5_stream_finish(struct md5_stream *m)
{
	stop(m, FALSE);
	guint8 d[16];
	gsize dl = sizeof d;
	g_checksum_get_digest(m->ck, d, &dl);
	g_checksum_free(m->ck);
	g_free(m);
	return g_base64_encode(d, dl);
}

void md5_stream_abort(struct md5_stream *m)
{
	if (!m)
		return;
	stop(m, TRUE);
	g_checksum_free(m->ck);
	g_free(m);
}
