/* session_state.h — capture sessions on disk: one directory per session
 * under the state directory, holding state.json (written whole under a
 * temporary name, then renamed), so a session outlives the process that
 * captures and `status` reads it from anywhere. */
#ifndef ANALYZE_CAPTURE_SESSION_STATE_H
#define ANALYZE_CAPTURE_SESSION_STATE_H

#include <sys/types.h>

#include "capture/capture.h"

typedef enum {
	CAPTURE_STATUS_NOT_STARTED,
	CAPTURE_STATUS_RUNNING,
	CAPTURE_STATUS_STOPPED,
	CAPTURE_STATUS_ERROR,
} CaptureStatus;

/* Network Watcher's names: packetCaptureStatus, stopReason, packetCaptureError.
 * Two stop reasons had other names before (see capture_stop_reason_alias). */
#define STOP_TIME_EXCEEDED "TimeExceeded"
#define STOP_BYTES_EXCEEDED "BytesExceeded"  /* formerly SessionBytesExceeded */
#define STOP_PACKETS_EXCEEDED "PacketsExceeded" /* -c N, as tshark stops */
#define STOP_USER "UserStopped"             /* formerly Manual */
#define STOP_ERROR "Error"
#define ERROR_CAPTURE_FAILED "CaptureFailed"
#define ERROR_LOCAL_FILE "LocalFileFailed"
#define ERROR_STORAGE "StorageFailed"

/* storageStatus: where the upload of a session with --storage stands. */
#define STORAGE_PENDING "Pending"     /* capturing; the upload comes when it ends */
#define STORAGE_UPLOADING "Uploading" /* the file is closed and going up */
#define STORAGE_UPLOADED "Uploaded"
#define STORAGE_FAILED "Failed"

/* One file of a session that writes a series of them (rotation). */
struct capture_file {
	char *path;                 /* owned, absolute */
	unsigned seq;               /* 1 for the session's first file */
	int64_t start_ns, end_ns;   /* ns since 1970; end 0: still being written */
	uint64_t packets, bytes;    /* in the file; bytes of packet data */
	char *storage;              /* owned: its blob's URL, secrets redacted; NULL: no upload */
	char *storage_status;       /* owned, one of STORAGE_*; NULL: no upload */
	char *storage_message;      /* owned: why its last upload failed, NULL: it did not */
};

struct capture_state {
	char *name;                 /* owned */
	CaptureStatus status;
	char *stop_reason;          /* owned, NULL while running */
	char *error;                /* owned packetCaptureError, NULL: none */
	char *message;              /* owned: what went wrong, in words; NULL: nothing */
	int64_t start_ns, end_ns;   /* ns since 1970; 0: not yet */
	uint64_t packets, bytes;    /* written to the file; bytes of packet data */
	uint64_t dropped;           /* packets the kernel or the interfaces dropped */
	bool recounted;             /* packets and bytes were counted in the file after the process died */
	char *file;                 /* owned, absolute path */
	char *filter;               /* owned BPF text, "" for everything */
	GPtrArray *interfaces;      /* char *, owned */
	uint64_t bytes_per_packet, bytes_per_session, time_limit;
	uint64_t packet_limit;      /* 0: none */
	int pid;                    /* the capturing process, 0: none */
	uint64_t pid_start;         /* its start time (clock ticks after boot), to tell a reused pid */
	char *user;                 /* owned, the user capturing runs as, NULL: unchanged */
	char *storage;              /* owned storagePath: the blob's URL, secrets redacted; NULL: no upload */
	char *storage_status;       /* owned, one of STORAGE_*; NULL: no upload */
	char *storage_message;      /* owned: why the upload failed, NULL: it did not */
	uint64_t rotate_size;       /* a new file once the next packet would pass this size; 0: never */
	uint64_t rotate_seconds;    /* a new file after this many seconds; 0: never */
	uint64_t ring;              /* keep the last RING files; 0: all */
	uint64_t files_written;     /* files the session started */
	uint64_t files_removed;     /* files removed from the disk: by the ring, or uploaded staging files */
	uint64_t files_uploaded;    /* files uploaded */
	GPtrArray *files;           /* struct capture_file *, owned: the files kept, oldest first; NULL: no rotation */
};

/* Frees F and what it holds (NULL is fine). */
void capture_file_free(struct capture_file *f);

/* The name this program gave stop reason REASON before it took Network
 * Watcher's ("Manual" for UserStopped, "SessionBytesExceeded" for
 * BytesExceeded), or NULL when it had no other.  Cannot fail. */
const char *capture_stop_reason_alias(const char *reason);

/* "NotStarted", "Running", "Stopped", "Error".  Cannot fail. */
const char *capture_status_name(CaptureStatus s);
void capture_state_clear(struct capture_state *s);

/* The state directory, absolute: $ANALYZE_STATE_DIR, else /var/lib/analyze/captures
 * for root, else $XDG_STATE_HOME/analyze/captures (~/.local/state/...).
 * Caller frees; cannot fail. */
char *capture_state_dir(void);

/* True when NAME can name a session: 1-80 letters, digits, '.', '_' or '-',
 * not starting with '.' or '-'.  Otherwise false with a CAPTURE_ERROR_USAGE
 * error naming it. */
bool capture_name_check(const char *name, GError **error);

/* Creates session S->name in DIR (creating DIR when needed) and writes S.
 * CAPTURE_ERROR_EXISTS when it exists already; CAPTURE_ERROR_STATE on an
 * I/O error (nothing is left behind). */
bool capture_state_create(const char *dir, const struct capture_state *s, GError **error);
/* Replaces the state of session S->name with S, atomically.  CAPTURE_ERROR_STATE. */
bool capture_state_write(const char *dir, const struct capture_state *s, GError **error);
/* Reads session NAME into *S (cleared first).  CAPTURE_ERROR_NO_SESSION when
 * there is none, CAPTURE_ERROR_STATE when it cannot be read or parsed. */
bool capture_state_read(const char *dir, const char *name, struct capture_state *s, GError **error);
/* Removes session NAME (never the capture file).  CAPTURE_ERROR_NO_SESSION, CAPTURE_ERROR_STATE. */
bool capture_state_delete(const char *dir, const char *name, GError **error);
/* Gives session NAME's directory and state to UID:GID, so a capture that
 * dropped root can still update it.  CAPTURE_ERROR_STATE. */
bool capture_state_chown(const char *dir, const char *name, uid_t uid, gid_t gid, GError **error);
/* Names of the sessions in DIR, sorted (char *, owned); an absent DIR has
 * none.  NULL with CAPTURE_ERROR_STATE when DIR cannot be read. */
GPtrArray *capture_state_list(const char *dir, GError **error);

/* Start time of process PID (clock ticks after boot), 0 when there is no
 * such process.  Cannot fail. */
uint64_t capture_process_start(int pid);
/* When S says Running but its process is gone (or the pid now belongs to
 * another process), turns S into Error / CaptureFailed saying so and returns
 * true.  Cannot fail. */
bool capture_state_mark_stale(struct capture_state *s);

/* Writes S as the JSON object state.json holds (and `status --format json`
 * prints).  Cannot fail (J's stream records errors). */
struct json;
void capture_state_write_json(struct json *j, const struct capture_state *s);

#endif
