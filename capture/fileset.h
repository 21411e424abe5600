/* fileset.h — the files of a session that rotates them (continuous
 * capture, a ring buffer): their names (the session's file name with a
 * sequence number and start time, as dumpcap names them), the ring that
 * removes the oldest, and their uploads, a blob per file, in a thread of
 * their own while the capture goes on.  The session's state lists the
 * files on disk; every change to it happens under the caller's lock and is
 * saved through the caller's function. */
#ifndef ANALYZE_CAPTURE_FILESET_H
#define ANALYZE_CAPTURE_FILESET_H

#include "capture/live.h"
#include "capture/session_state.h"

typedef struct fileset fileset;

struct fileset_opts {
	const char *path;      /* the session's file name, absolute: dir/NAME.EXT becomes dir/NAME_00001_20260612101500.EXT */
	const char *storage;   /* the upload destination as given (may hold a secret); NULL: no upload */
	bool staging;          /* the files exist for the upload only: removed once they are up */
	uint64_t ring;         /* keep the last RING files; 0: all */
	GMutex *lock;          /* held around every change to the state */
	/* Saves the state (called with LOCK held). */
	void (*save)(void *data);
	void *data;
};

/* A file set over STATE (which must outlive it): STATE->files becomes its
 * list.  Cannot fail. */
fileset *fileset_new(struct capture_state *state, const struct fileset_opts *o);

/* The name of file SEQ started at TIME_NS (ns since 1970, UTC), for PATH:
 * dir/NAME_SEQ_YYYYMMDDHHMMSS.EXT, SEQ on 5 digits at least.  Caller frees;
 * cannot fail. */
char *fileset_name(const char *path, unsigned seq, int64_t time_ns);

/* Where file SEQ started at TIME_NS goes in DEST: a directory or container
 * as it is (the file's own name goes after it); a blob's name with
 * "_SEQ_YYYYMMDDHHMMSS" before its extension.  Caller frees; cannot fail. */
char *fileset_dest(const char *dest, unsigned seq, int64_t time_ns);

/* Starts the next file: names it, creates it for writing (truncating one of
 * that name) and lists it in the state as being written.  Its descriptor
 * in *FD, its name in *PATH (owned by the set).  False with a
 * CAPTURE_ERROR_LOCAL_FILE error.  Fits struct live_rotation's next. */
bool fileset_next(void *fs, int64_t start_ns, int *fd, const char **path, GError **error);

/* The file being written closed, whole, with FILE's packets and bytes: its
 * end is noted, its upload queued, the ring applied.  Fits struct
 * live_rotation's closed. */
void fileset_closed(void *fs, const struct live_stats *file, int64_t end_ns);

/* The file being written holds FILE's packets and bytes so far (for
 * status; call with the lock held). */
void fileset_progress(fileset *fs, const struct live_stats *file);

/* Starts the thread that uploads closed files (when there is a
 * destination); call in the process that captures, after any fork. */
void fileset_start_uploads(fileset *fs);

/* The session ended: the last file (closed by the capture) gets FILE's
 * counts, then every file not up yet is uploaded (one more try for those
 * that failed) and the thread ends.  True when every file went up (or there
 * was nothing to upload); else *MESSAGE (caller frees) says why the last
 * one failed.  Call without the lock held. */
bool fileset_finish(fileset *fs, const struct live_stats *file, char **message);

/* Frees FS (NULL is fine); the state keeps its list. */
void fileset_free(fileset *fs);

#endif
