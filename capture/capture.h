/* capture.h — what a capture session is made of: its error domain, its
 * 5-tuple filters and its options (limits, interfaces, destination), with
 * Azure Network Watcher's defaults and bounds. */
#ifndef ANALYZE_CAPTURE_H
#define ANALYZE_CAPTURE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define CAPTURE_ERROR (capture_error_quark())
GQuark capture_error_quark(void);

/* Error codes in CAPTURE_ERROR.  The USAGE ones are the user's input; the
 * others depend on the host and the moment. */
typedef enum {
	CAPTURE_ERROR_USAGE,       /* a bad filter, option or config value */
	CAPTURE_ERROR_CONFIG_READ, /* the config file cannot be read */
	CAPTURE_ERROR_CAPTURE,     /* libpcap cannot open or filter an interface */
	CAPTURE_ERROR_PERMISSION,  /* not allowed to capture (no root/CAP_NET_RAW) */
	CAPTURE_ERROR_NO_DEVICE,   /* no such interface */
	CAPTURE_ERROR_LOCAL_FILE,  /* the capture file cannot be written */
	CAPTURE_ERROR_STATE,       /* the session state cannot be read or written */
	CAPTURE_ERROR_NO_SESSION,  /* no session of that name */
	CAPTURE_ERROR_EXISTS,      /* a session of that name exists already */
	CAPTURE_ERROR_STORAGE,     /* the storage destination cannot be used (no credentials) */
} CaptureError;

/* Network Watcher's defaults and bounds. */
#define CAPTURE_DEFAULT_SESSION_BYTES G_GUINT64_CONSTANT(1073741824) /* 1 GiB */
#define CAPTURE_MAX_SESSION_BYTES G_GUINT64_CONSTANT(4294967295)
#define CAPTURE_MAX_PACKET_BYTES G_GUINT64_CONSTANT(4294967295)
#define CAPTURE_DEFAULT_TIME_LIMIT 18000 /* seconds, also the largest */
#define CAPTURE_MAX_TIME_LIMIT 18000
#define CAPTURE_DEFAULT_BUFFER_KIB 32768 /* room for bursts of large (GSO) packets */
/* Continuous capture (a series of files), Network Watcher's defaults and bounds. */
#define CAPTURE_CONTINUOUS_TIME_LIMIT 86400      /* seconds, the default */
#define CAPTURE_MAX_CONTINUOUS_TIME_LIMIT 604800 /* seconds */
#define CAPTURE_DEFAULT_FILE_SIZE G_GUINT64_CONSTANT(104857600) /* 100 MiB */
#define CAPTURE_MAX_FILE_SIZE G_GUINT64_CONSTANT(4294967295)
#define CAPTURE_MIN_FILE_SIZE 4096
#define CAPTURE_DEFAULT_FILE_COUNT 10
#define CAPTURE_MAX_FILE_COUNT 10000
#define CAPTURE_MAX_BUFFER_KIB 2097151  /* libpcap takes the size in bytes as an int */

typedef enum { CAPTURE_PROTO_ANY, CAPTURE_PROTO_TCP, CAPTURE_PROTO_UDP } CaptureProto;

/* An address in a filter, IPv4 or IPv6. */
struct capture_addr {
	uint8_t family;  /* 4 or 6 */
	uint8_t b[16];   /* network byte order; IPv4 in the first 4 bytes, the rest 0 */
};

/* One field's allowed values: anything, an inclusive range, or a list (a
 * single value is a list of one).  A range of addresses has one family; a
 * list may mix them. */
struct value_set {
	enum { VALUES_ANY, VALUES_RANGE, VALUES_LIST } kind;
	uint32_t lo, hi;              /* VALUES_RANGE of ports */
	struct capture_addr alo, ahi; /* VALUES_RANGE of addresses */
	GArray *list;                 /* VALUES_LIST: uint32_t ports or struct capture_addr, owned */
};

/* One Network Watcher filter: a packet matches when it goes either way
 * between a local (this host's) side and a remote side that fit. */
struct capture_filter {
	CaptureProto proto;
	struct value_set local_ip, local_port, remote_ip, remote_port;
};

/* What to capture and where to put it. */
struct capture_options {
	GPtrArray *interfaces;       /* char *, owned; empty: "any" */
	GArray *filters;             /* struct capture_filter (clear with capture_filter_clear); empty: all */
	uint64_t bytes_per_packet;   /* 0: whole packets */
	uint64_t bytes_per_session;  /* captured bytes (packet data) allowed in the file */
	uint64_t time_limit;         /* seconds */
	uint64_t packet_limit;       /* stop after this many packets (tshark -c); 0: no such limit */
	bool time_limit_set;         /* TIME_LIMIT was given (else its default depends on rotation) */
	bool bytes_per_session_set;  /* BYTES_PER_SESSION was given (else a ring has no such limit) */
	uint64_t rotate_size;        /* a new file before one would pass this many bytes; 0: never */
	uint64_t rotate_seconds;     /* a new file every this many seconds; 0: never */
	uint64_t ring;               /* keep the last RING files (needs rotation); 0: all */
	bool immediate;              /* each packet to the program as it comes (more CPU), not a block at a time */
	uint64_t buffer_kib;         /* the kernel's buffer per interface, KiB; 0: CAPTURE_DEFAULT_BUFFER_KIB */
	char *file;                  /* owned, NULL: not chosen */
	bool file_dirs;              /* create FILE's missing folders (0750), as the agent does for a filePath */
	char *storage;               /* owned, NULL: no upload; may hold a SAS: never show or save it as is */
	char *storage_id;            /* owned: the config's storageId when it gave no storagePath, else NULL */
};

/* Fills *O with the defaults (no interface, no filter, whole packets, 1 GiB,
 * 18000 s).  Cannot fail; free with capture_options_clear. */
void capture_options_init(struct capture_options *o);
void capture_options_clear(struct capture_options *o);
void capture_filter_clear(struct capture_filter *f);

/* Checks the limits against Network Watcher's bounds (a session that
 * rotates its files has continuous capture's).  False with a
 * CAPTURE_ERROR_USAGE error naming the value otherwise. */
bool capture_options_check(const struct capture_options *o, GError **error);

/* After a successful check, the defaults that depend on other options: a
 * session that rotates its files runs CAPTURE_CONTINUOUS_TIME_LIMIT seconds
 * unless given a time limit, and a ring has no byte limit unless given one
 * (its files bound the disk): BYTES_PER_SESSION 0.  Cannot fail. */
void capture_options_settle(struct capture_options *o);

/* g_thread_new for a capturing process's helper threads (writing,
 * uploading): they never take SIGINT, SIGTERM or SIGHUP, so that a stop
 * request interrupts the capturing thread's wait.  Cannot fail. */
GThread *capture_thread_new(const char *name, GThreadFunc func, gpointer data);

#endif
