/* storage_http.h — what the storage transfers share: libcurl handles set up
 * with TLS checks on, signed request headers, answers read into a struct,
 * HTTP and transport failures turned into GErrors, and a runner for small
 * in-memory requests with retries.  Nothing here prints. */
#ifndef ANALYZE_STORAGE_HTTP_H
#define ANALYZE_STORAGE_HTTP_H

#include <curl/curl.h>
#include <glib.h>
#include <stdint.h>

#include "capture/storage.h"

/* How transfers behave; zeroes mean the defaults. */
/* How a download treats the MD5 the service keeps for a blob. */
typedef enum {
	STORAGE_MD5_CHECK,   /* verify it when there is one (the default) */
	STORAGE_MD5_SKIP,    /* do not compute it */
	STORAGE_MD5_REQUIRE, /* verify it, and fail a blob that has none */
} StorageMd5Check;

/* What a download does with a file already under its name (azcopy's meanings). */
typedef enum {
	STORAGE_OVERWRITE_IF_NEWER, /* replace it when the blob is another version (the default) */
	STORAGE_OVERWRITE_NEVER,    /* keep it, whatever it holds */
	STORAGE_OVERWRITE_ALWAYS,   /* fetch again even when it is the same version */
} StorageOverwrite;

struct storage_opts {
	const char *cacert;     /* a CA bundle for https, or NULL: the system's */
	guint timeout_s;        /* connect timeout, and how long a transfer may stall (30) */
	int retries;            /* retries after the first attempt (0: 5, negative: none) */
	guint retry_budget_s;   /* time a transfer may spend retrying (300) */
	guint parallel;         /* transfers at once (4) */
	guint page_size;        /* List Blobs maxresults (0: the service's 5000) */
	StorageMd5Check md5_check; /* downloads: what to do with the service's MD5 */
	guint max_time_s;       /* downloads: seconds a file may take in all, retries included
	                         * (0: 600 plus one per 256 KiB of its size) */
	StorageOverwrite overwrite; /* downloads: a file already there */
	guint64 min_rate;       /* downloads: bytes a second a transfer must average over each
	                         * window of timeout_s seconds (0: no minimum) */
	/* a note for --verbose, secrets already redacted (may be NULL) */
	void (*log)(const char *line, void *data);
	void *data;             /* for LOG and the progress callbacks */
};

guint storage_opt_timeout(const struct storage_opts *o);
guint storage_opt_retries(const struct storage_opts *o);
guint storage_opt_budget(const struct storage_opts *o);
guint storage_opt_parallel(const struct storage_opts *o);
void storage_log(const struct storage_opts *o, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* What an answer said, from its headers. */
struct storage_resp {
	long status;            /* of the last response (after redirects) */
	char *etag;             /* ETag as sent */
	char *content_md5;      /* Content-MD5 */
	char *blob_md5;         /* x-ms-blob-content-md5 */
	char *error_code;       /* x-ms-error-code */
	int64_t content_length; /* -1 when absent */
	int64_t range_total;    /* the total after '/' in Content-Range, -1 when absent */
	int64_t retry_after_s;  /* Retry-After in seconds from now (a date made relative), -1 when absent */
	char *location;         /* Location of a redirect, or NULL */
	guint redirects;        /* redirects followed for this answer */
	char *redirected_to;    /* scheme://host[:port] of the last redirect followed, or NULL */
	gboolean had_auth;      /* the request carried an Authorization header (set by the
	                         * caller from storage_creds_authorize) */
	GString *body;          /* the body of an answer kept in memory (errors, XML) */
};
void storage_resp_reset(struct storage_resp *r);
void storage_resp_clear(struct storage_resp *r);
/* A CURLOPT_HEADERFUNCTION filling a struct storage_resp (the userdata). */
size_t storage_header_cb(char *buf, size_t size, size_t n, void *data);

/* Sets up C for URL: protocols http(s), TLS checks on (CACERT if given),
 * timeouts, ERRBUF (CURL_ERROR_SIZE) as the error buffer, headers into RESP. */
void storage_curl_setup(CURL *c, const char *url, const struct storage_opts *o, char *errbuf,
			struct storage_resp *resp);

/* Whether KEY is an account key: strict base64 (A-Z a-z 0-9 + /, '='
 * padding, a multiple of four) of at least 16 bytes.  False with an error
 * that does not show it. */
gboolean storage_key_check(const char *key, GError **error);

/* Whether storage_headers gives requests with CREDS (may be NULL) an
 * Authorization header: an account key or a sign-in token.  Cannot fail. */
gboolean storage_creds_authorize(const struct storage_creds *creds);

/* Request headers for METHOD on URL: x-ms-version, x-ms-date, EXTRA (N of
 * them), and with CREDS an Authorization header (SharedKey with a key, Bearer
 * with a sign-in token).  NULL with an error naming URL's DISPLAY when the key
 * is unusable or no token is got (no request is made).  Free with
 * curl_slist_free_all. */
struct curl_slist *storage_headers(const char *method, const char *url, const char *display,
				   const struct storage_creds *creds, const struct storage_header *extra, size_t n,
				   GError **error);

/* Whether a transfer ending with curl result RC and status STATUS is worth
 * another attempt (resets, timeouts, 408, 429, 5xx). */
gboolean storage_retryable(CURLcode rc, long status);
/* Why an attempt ending with RC and STATUS is retried, for --verbose:
 * "server busy (503)", "server error (500)", or curl's text.  Static. */
const char *storage_retry_reason(CURLcode rc, long status, char buf[64]);
/* The delay before retry ATTEMPT (0: the first) after answer RESP: the
 * answer's Retry-After on 429, 500 and 503 (at most STORAGE_RETRY_AFTER_MAX
 * seconds), else exponential backoff with jitter.  *HONOURED says which. */
guint storage_retry_delay_ms(guint attempt, const struct storage_resp *resp, gboolean *honoured);
#define STORAGE_RETRY_AFTER_MAX 60
/* Parses a Retry-After value (seconds, or an HTTP date compared with NOW,
 * unix seconds): seconds to wait, or -1 when it cannot be read. */
int64_t storage_parse_retry_after(const char *value, gint64 now);
/* The CA bundle for https: OPTS' cacert, else $CURL_CA_BUNDLE, else
 * $SSL_CERT_FILE, else NULL (the system's).  Borrowed. */
const char *storage_cacert(const struct storage_opts *o);
/* The error for curl result RC (ERRBUF its text) on DISPLAY (redacted). */
GError *storage_curl_error(CURLcode rc, const char *errbuf, const char *display, guint timeout_s);
/* The error for an unsuccessful answer RESP on DISPLAY. */
GError *storage_status_error(const struct storage_resp *resp, const char *display);

/* A request whose body and answer fit in memory. */
struct storage_req {
	char *method;
	char *url;                  /* with its query; secret */
	char *display;              /* redacted, for messages */
	const struct storage_creds *creds; /* Shared Key, or NULL */
	GPtrArray *headers;         /* struct storage_header, strings owned by the request (extra headers) */
	const guchar *body;         /* request body (borrowed), or NULL */
	size_t body_len;
	struct storage_resp resp;   /* the answer */
	GError *error;              /* why it failed, or NULL */
	/* runner state */
	guint attempts;
	gint64 first_try_us, not_before_us;
	size_t sent;
};
struct storage_req *storage_req_new(const char *method, const char *url, const struct storage_creds *creds);
void storage_req_add_header(struct storage_req *r, const char *name, const char *value);
void storage_req_free(struct storage_req *r);

/* Runs REQS (struct storage_req *), at most opts->parallel at once, each
 * retried as the options allow.  Returns false when any failed (its error in
 * req->error; the first also in ERROR).  A 2xx answer is success. */
gboolean storage_run(GPtrArray *reqs, const struct storage_opts *o, GError **error);

/* Lists the blobs under PREFIX (decoded, may be "") of source S, following
 * NextMarker pages: struct storage_blob * into BLOBS. */
gboolean storage_list(const struct storage_source *s, const char *prefix, const struct storage_opts *o,
		      GPtrArray *blobs, GError **error);

/* Monotonic microseconds, for retry timing. */
gint64 storage_now_us(void);
/* Takes an ended transfer off M: its response status (0: none), with the
 * handle and its header list freed and set to NULL. */
long storage_easy_finish(CURLM *m, CURL **easy, struct curl_slist **hdrs);

#endif
