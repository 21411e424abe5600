/* storage_fetch.h — downloads to local files: in parallel, resumed, retried,
 * verified, renamed into place only when whole.  Each folder written to has
 * one hidden folder ".analyze" for the transfers' own files: for a file NAME,
 * "etag.NAME" (the ETag and size it was fetched as), while a transfer is
 * under way "part.NAME" (the bytes) and "part-etag.NAME" (their ETag), and
 * "lock.NAME", locked (flock) by the process fetching NAME, so that two
 * processes fetching one file take turns and the second finds it fetched. */
#ifndef ANALYZE_STORAGE_FETCH_H
#define ANALYZE_STORAGE_FETCH_H

#include "capture/storage_http.h"

enum storage_outcome {
	STORAGE_PENDING,
	STORAGE_FETCHED,    /* downloaded and verified */
	STORAGE_UNCHANGED,  /* the local copy is the same version: nothing fetched */
	STORAGE_KEPT,       /* a file is there and --overwrite never (or if-newer and it is newer): nothing fetched */
	STORAGE_FAILED,     /* see error */
};

struct storage_xfer;

/* One file to fetch. */
struct storage_file {
	char *url;                 /* with its query; secret */
	char *display;             /* the URL redacted, for messages */
	char *dest;                /* the final local path */
	const struct storage_creds *creds; /* Shared Key, or NULL (borrowed) */
	uint64_t size;             /* from a listing, 0 when unknown */
	char *etag;                /* from a listing, or NULL */
	gint64 modified;           /* from a listing (unix seconds), 0 when unknown */
	enum storage_outcome outcome;
	GError *error;             /* when it failed */
	long status;               /* the last answer's HTTP status (0: none) */
	uint64_t done, total;      /* bytes so far and expected (0: unknown) */
	gboolean active;           /* a transfer is under way */
	gboolean verified;         /* an MD5 was checked */
	struct storage_xfer *x;    /* transfer state */
};

struct storage_file *storage_file_new(const char *url, const char *dest, const struct storage_creds *creds);
void storage_file_free(struct storage_file *f);

/* Called about five times a second and once at the end (FINISHED) with every
 * file (struct storage_file *). */
typedef void (*storage_progress_fn)(GPtrArray *files, gboolean finished, gint64 elapsed_us, void *data);

/* Fetches FILES (struct storage_file *), at most opts->parallel at once.
 * Each ends FETCHED, UNCHANGED or FAILED (with its error).  Returns false
 * when any failed.  Cannot fail otherwise. */
gboolean storage_fetch(GPtrArray *files, const struct storage_opts *o, storage_progress_fn progress);

/* What fetching F with O would do, from the local files alone (nothing is
 * written, locked or requested): UNCHANGED or KEPT when nothing would be
 * fetched, PENDING when it would be, with *CONDITIONAL set when the service
 * would first be asked whether it changed.  Cannot fail. */
enum storage_outcome storage_fetch_plan(struct storage_file *f, const struct storage_opts *o, gboolean *conditional);

/* The folder that holds the transfers' own files in each folder written to. */
#define STORAGE_SIDECAR_DIR ".analyze"

/* The sidecar of KIND ("etag", "part", "part-etag", "lock") for DEST:
 * DIR/.analyze/KIND.NAME.  The kinds differ before the first '.', so no
 * blob name makes one kind's file another's. */
char *storage_sidecar(const char *dest, const char *kind);

/* Whether two ETags name the same version (quotes and W/ ignored). */
gboolean storage_etag_equal(const char *a, const char *b);

#endif
