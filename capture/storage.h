/* storage.h — blob storage sources: parsing URLs and az:// names, credentials
 * from the environment, redaction of secrets, Shared Key and SAS signing, and
 * the Blob service's List Blobs answer.  Nothing here prints or exits. */
#ifndef ANALYZE_STORAGE_H
#define ANALYZE_STORAGE_H

#include <glib.h>
#include <stdint.h>

#define STORAGE_API_VERSION "2021-08-06"

#define STORAGE_ERROR (storage_error_quark())
GQuark storage_error_quark(void);
typedef enum {
	STORAGE_ERROR_USAGE,    /* the source or destination cannot be understood */
	STORAGE_ERROR_AUTH,     /* 401/403 */
	STORAGE_ERROR_NOT_FOUND,
	STORAGE_ERROR_NETWORK,  /* DNS, connect, reset, timeout */
	STORAGE_ERROR_TLS,
	STORAGE_ERROR_HTTP,     /* any other status */
	STORAGE_ERROR_INTEGRITY,/* MD5 mismatch, short body */
	STORAGE_ERROR_IO,       /* local files */
	STORAGE_ERROR_CHANGED,  /* 412: the blob changed under a resumed transfer */
} StorageError;

/* How requests to the Blob service are authorized (--auth, AZURE_STORAGE_AUTH_MODE). */
typedef enum {
	STORAGE_AUTH_AUTO,  /* a SAS in the URL; for az:// an account key, else a SAS, else sign-in */
	STORAGE_AUTH_KEY,   /* Shared Key with the account key */
	STORAGE_AUTH_SAS,   /* a SAS: in the URL, --sas-file, AZURE_STORAGE_SAS_TOKEN or a connection string */
	STORAGE_AUTH_LOGIN, /* a Microsoft Entra ID token (storage_token.h) */
} StorageAuthMode;

/* "key", "sas", "login" or "auto" into *OUT; false for anything else. */
gboolean storage_auth_mode_parse(const char *text, StorageAuthMode *out);
/* Sets the process-wide choice: MODE, and SAS (a SAS read from --sas-file,
 * with or without its leading '?'; NULL: none).  Sources parsed afterwards
 * follow it.  Not thread-safe: call it before any transfer starts. */
void storage_auth_set(StorageAuthMode mode, const char *sas);
/* The mode in force: the one set, else AZURE_STORAGE_AUTH_MODE when it names
 * a mode, else auto.  Cannot fail. */
StorageAuthMode storage_auth_mode(void);
/* The SAS given apart from a URL: --sas-file, else AZURE_STORAGE_SAS_TOKEN;
 * without a leading '?'; NULL when none.  A new string. */
char *storage_auth_sas(void);

/* Account credentials: Shared Key, a SAS, or a token. */
struct storage_creds {
	char *account;          /* account name */
	char *key;              /* base64 account key, or NULL */
	char *sas;              /* a connection string's SharedAccessSignature (no '?'), or NULL */
	gboolean bearer;        /* requests carry a Microsoft Entra ID token */
	char *endpoint;         /* blob service root without trailing '/', e.g.
	                         * https://acct.blob.core.windows.net or
	                         * http://127.0.0.1:10000/devstoreaccount1 */
};
void storage_creds_clear(struct storage_creds *c);

/* Reads credentials for ACCOUNT (may be NULL: whichever the environment
 * names) from AZURE_STORAGE_CONNECTION_STRING, else AZURE_STORAGE_ACCOUNT and
 * AZURE_STORAGE_KEY, then keeps what storage_auth_mode() says to use: the
 * key, a SAS (storage_auth_sas() first, then the connection string's), or a
 * token (bearer: the endpoint from the connection string's BlobEndpoint,
 * else https://ACCOUNT.blob.core.windows.net).  Returns false when the mode
 * finds nothing to use or the environment names another account. */
gboolean storage_creds_from_env(const char *account, struct storage_creds *out, GError **error);
/* Parses a connection string (AccountName=..;AccountKey=..;BlobEndpoint=..;
 * DefaultEndpointsProtocol=..;EndpointSuffix=.. or UseDevelopmentStorage=true;
 * SharedAccessSignature=.. with BlobEndpoint=..; BlobEndpoint alone names the
 * endpoint for sign-in).  The account is AccountName, else the endpoint's
 * first host label (its first path segment on an IP address or localhost). */
gboolean storage_creds_parse_connection_string(const char *cs, struct storage_creds *out, GError **error);

/* Where bytes come from or go to. */
struct storage_source {
	char *base;             /* scheme://host[:port] */
	char *path;             /* the URL path, percent-encoded, starting with '/' */
	char *sas;              /* query string without '?' (may hold a SAS), or NULL */
	gboolean azure;         /* speaks the Blob service API (SAS query, az://, blob host) */
	char *account;          /* azure: the account name */
	char *container;        /* azure: the container, or NULL for a plain URL */
	char *name;             /* azure: the blob name or listing prefix (decoded), may be "" */
	char *cpath;            /* azure: the container's URL path ("/acct/cont" on emulators) */
	gboolean listing;       /* azure: a container or a virtual directory (ends with '/') */
	struct storage_creds creds; /* az://: Shared Key credentials (else all NULL) */
	char *display;          /* the source as given, secrets redacted */
};
void storage_source_clear(struct storage_source *s);
/* The credentials requests for S carry (&s->creds), or NULL when the SAS in
 * its query or nothing authorizes them.  Cannot fail. */
const struct storage_creds *storage_source_creds(const struct storage_source *s);

/* Parses TEXT: an http(s) URL (a blob, container or directory URL, with or
 * without SAS) or az://ACCOUNT/CONTAINER/PREFIX (credentials from the
 * environment), authorized as storage_auth_mode() says: a URL without a SAS
 * takes storage_auth_sas() under --auth sas (or when it came from --sas-file),
 * and is a blob URL signed with a token under --auth login.  With a token,
 * one is got now (storage_token_get) so that a failure names the source.
 * False with STORAGE_ERROR_USAGE when it is neither, STORAGE_ERROR_AUTH when
 * nothing authorizes it. */
gboolean storage_source_parse(const char *text, struct storage_source *out, GError **error);
/* Whether TEXT looks like a source rather than a local file name. */
gboolean storage_is_remote(const char *text);

/* The URL of blob NAME (decoded) in the source's container, with its query. */
char *storage_blob_url(const struct storage_source *s, const char *name);
/* The URL to fetch the source itself (a single blob or plain URL). */
char *storage_source_url(const struct storage_source *s);

/* A copy of TEXT with every secret replaced: the value of sig= (any case) by
 * REDACTED, and AccountKey=/key values likewise.  Cannot fail. */
char *storage_redact(const char *text);

/* Percent-encodes a blob name for a URL path ('/' kept).  Cannot fail. */
char *storage_path_encode(const char *name);

/* One request header for signing: NAME as sent, VALUE. */
struct storage_header {
	const char *name;
	const char *value;
};

/* The Shared Key string to sign for a request of METHOD to URL_PATH (encoded)
 * with QUERY (without '?', may be NULL) and HEADERS (N of them) on ACCOUNT. */
char *storage_string_to_sign(const char *method, const char *account, const char *url_path,
			     const char *query, const struct storage_header *headers, size_t n);
/* "SharedKey ACCOUNT:SIGNATURE" for STRING_TO_SIGN with base64 KEY; NULL with
 * an error when the key is not base64. */
char *storage_shared_key(const char *account, const char *key, const char *string_to_sign,
			 GError **error);
/* A service SAS query for CONTAINER (BLOB NULL: the container, sr=c) with
 * PERMISSIONS ("rl", "rcw") expiring at EXPIRY (ISO 8601, e.g.
 * 2030-01-01T00:00:00Z).  NULL when the key is not base64. */
char *storage_service_sas(const char *account, const char *key, const char *container,
			  const char *blob, const char *permissions, const char *expiry, GError **error);
/* The date as x-ms-date wants it (RFC 1123, GMT), for time T. */
char *storage_http_date(gint64 unix_seconds);

/* A blob of a listing. */
struct storage_blob {
	char *name;             /* decoded blob name */
	uint64_t size;
	char *etag;
	char *md5;              /* base64 Content-MD5, or NULL */
	gint64 modified;        /* unix seconds, 0 when unknown */
};
void storage_blob_free(struct storage_blob *b);

/* Parses one List Blobs answer: appends struct storage_blob * to BLOBS and
 * sets *NEXT_MARKER (NULL when it is the last page). */
gboolean storage_list_parse(const char *xml, gssize len, GPtrArray *blobs, char **next_marker,
			    GError **error);
/* The service's error answer: <Code> and <Message> (either may be NULL). */
void storage_error_parse(const char *xml, gssize len, char **code, char **message);

/* Retry delay in milliseconds for ATTEMPT (0 = the first retry): exponential
 * from BASE_MS, capped at MAX_MS, with full jitter from RANDOM in [0,1). */
guint storage_backoff_ms(guint attempt, guint base_ms, guint max_ms, double random);

#endif
