/* storage_token.h — Microsoft Entra ID (Azure AD) access tokens for Blob
 * Storage, found as the Azure SDKs' default credential finds them: a service
 * principal or workload identity from the environment, a managed identity,
 * then the Azure CLI's sign-in.  A token is kept in memory only, shared by
 * every request of the process, and got again before it expires.  Nothing
 * here prints; no token ever reaches a message or the log. */
#ifndef ANALYZE_STORAGE_TOKEN_H
#define ANALYZE_STORAGE_TOKEN_H

#include <glib.h>

/* The resource and scope tokens are asked for. */
#define STORAGE_TOKEN_RESOURCE "https://storage.azure.com/"
#define STORAGE_TOKEN_SCOPE "https://storage.azure.com/.default"

/* Where token requests trust certificates (CACERT, NULL: the system's) and
 * where --verbose notes go (LOG, may be NULL; lines without secrets).  Call
 * it before the first transfer. */
void storage_token_configure(const char *cacert, void (*log)(const char *line, void *data), void *data);

/* A token for Blob Storage: the one in memory while fresh, else a new one
 * from the first credential of the chain that is set up.  A new string
 * (free with storage_token_free), or NULL with a STORAGE_ERROR_AUTH error
 * saying why each credential could not give one.  Thread-safe. */
char *storage_token_get(GError **error);
/* Wipes and frees TOKEN (may be NULL). */
void storage_token_free(char *token);
/* Forgets the token in memory (the next storage_token_get asks again). */
void storage_token_forget(void);

/* Reads a token answer (JSON): the token (access_token or accessToken) and
 * when it expires (expires_on as unix seconds, a number or a string;
 * expires_in seconds after NOW; or the Azure CLI's expiresOn, local time
 * "YYYY-MM-DD HH:MM:SS[.ffffff]"), into *TOKEN (new string) and *EXPIRES
 * (unix seconds).  False with an error naming what is missing. */
gboolean storage_token_parse(const char *json, gsize len, gint64 now, char **token, gint64 *expires,
			     GError **error);
/* Whether a token got at OBTAINED and expiring at EXPIRES is still used at
 * NOW: it is got again once less than five minutes, or less than half its
 * lifetime, are left (unix seconds). */
gboolean storage_token_fresh(gint64 now, gint64 obtained, gint64 expires);
/* Whether URL may carry a secret to a token endpoint: https, or http to this
 * machine (127.0.0.0/8, ::1, localhost) or the instance metadata address
 * 169.254.169.254. */
gboolean storage_token_url_ok(const char *url);

#endif
