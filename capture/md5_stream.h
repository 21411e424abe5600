/* md5_stream.h — an MD5 computed on a thread of its own while bytes are fed
 * to it, so that checking a download does not slow receiving it. */
#ifndef ANALYZE_MD5_STREAM_H
#define ANALYZE_MD5_STREAM_H

#include <glib.h>

struct md5_stream;

/* Starts a stream (and its thread).  Cannot fail. */
struct md5_stream *md5_stream_new(void);
/* Hands LEN bytes at BUF (copied) to the hashing thread; waits when it is
 * more than a few MiB behind, so memory stays bounded. */
void md5_stream_feed(struct md5_stream *m, const void *buf, size_t len);
/* Waits for the thread, frees M; returns the base64 MD5 of everything fed. */
char *md5_stream_finish(struct md5_stream *m);
/* Stops the thread and frees M, result unwanted (M may be NULL). */
void md5_stream_abort(struct md5_stream *m);

#endif
