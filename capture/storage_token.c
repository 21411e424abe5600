/* storage_token.c — the Microsoft Entra ID credential chain for Blob Storage:
 *  1. the environment: AZURE_TENANT_ID + AZURE_CLIENT_ID with
 *     AZURE_CLIENT_SECRET (a service principal) or AZURE_FEDERATED_TOKEN_FILE
 *     (workload identity), the client-credentials flow against
 *     $AZURE_AUTHORITY_HOST/TENANT/oauth2/v2.0/token;
 *  2. a managed identity: IDENTITY_ENDPOINT + IDENTITY_HEADER (App Service,
 *     Functions, Container Apps), else the instance metadata endpoint
 *     (169.254.169.254, or $AZURE_POD_IDENTITY_AUTHORITY_HOST);
 *  3. the Azure CLI: `az account get-access-token`, run without a shell.
 * The first that is set up gives the token; one that is set up and fails
 * ends the search with its error, as the SDKs do.  The token lives in memory
 * only and is wiped when replaced. */
#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capture/json_reader.h"
#include "capture/storage_http.h"
#include "capture/storage_token.h"

/* The token in memory, shared by every thread's requests. */
static struct {
	GMutex lock;
	char *token;            /* the access token, or NULL */
	gint64 obtained, expires; /* unix seconds */
	char *cacert;           /* storage_token_configure */
	void (*log)(const char *line, void *data);
	void *data;
} cache;

void storage_token_configure(const char *cacert, void (*log)(const char *line, void *data), void *data)
{
	g_mutex_lock(&cache.lock);
	g_free(cache.cacert);
	cache.cacert = g_strdup(cacert);
	cache.log = log;
	cache.data = data;
	g_mutex_unlock(&cache.lock);
}

void storage_token_free(char *token)
{
	if (token)
		memset(token, 0, strlen(token));
	g_free(token);
}

static void cache_drop(void)
{
	storage_token_free(cache.token);
	cache.token = NULL;
	cache.obtained = cache.expires = 0;
}

void storage_token_forget(void)
{
	g_mutex_lock(&cache.lock);
	cache_drop();
	g_mutex_unlock(&cache.lock);
}

gboolean storage_token_fresh(gint64 now, gint64 obtained, gint64 expires)
{
	gint64 margin = MIN(300, (expires - obtained) / 2);
	return now < expires - margin;
}

gboolean storage_token_url_ok(const char *url)
{
	g_autoptr(GUri) uri = g_uri_parse(url, G_URI_FLAGS_ENCODED, NULL);
	if (!uri || !g_uri_get_host(uri))
		return FALSE;
	const char *scheme = g_uri_get_scheme(uri), *host = g_uri_get_host(uri);
	if (g_ascii_strcasecmp(scheme, "https") == 0)
		return TRUE;
	if (g_ascii_strcasecmp(scheme, "http") != 0)
		return FALSE;
	return g_str_has_prefix(host, "127.") || strcmp(host, "::1") == 0 || strcmp(host, "[::1]") == 0 ||
	       g_ascii_strcasecmp(host, "localhost") == 0 || strcmp(host, "169.254.169.254") == 0;
}

/* "YYYY-MM-DD HH:MM:SS[.f]" in local time (the Azure CLI's expiresOn). */
static gboolean local_time(const char *text, gint64 *out)
{
	int y, mo, d, h, mi;
	double sec;
	if (sscanf(text, "%4d-%2d-%2d %2d:%2d:%lf", &y, &mo, &d, &h, &mi, &sec) != 6)
		return FALSE;
	g_autoptr(GDateTime) t = g_date_time_new_local(y, mo, d, h, mi, sec);
	if (!t)
		return FALSE;
	*out = g_date_time_to_unix(t);
	return TRUE;
}

/* A whole number of seconds from V (a number, or a string of digits). */
static gboolean seconds(const struct jv *v, gint64 *out)
{
	guint64 n;
	if (v && v->type == JV_NUMBER && v->integral && !v->negative) {
		*out = (gint64)v->uint;
		return TRUE;
	}
	if (v && v->type == JV_STRING && g_ascii_string_to_unsigned(v->string, 10, 0, G_MAXINT64, &n, NULL)) {
		*out = (gint64)n;
		return TRUE;
	}
	return FALSE;
}

gboolean storage_token_parse(const char *json, gsize len, gint64 now, char **token, gint64 *expires,
			     GError **error)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(jv) root = jv_parse(json, len, &err);
	if (!root || root->type != JV_OBJECT) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH, "the token answer is not a JSON object%s%s",
			    err ? ": " : "", err ? err->message : "");
		return FALSE;
	}
	const struct jv *t = jv_get(root, "access_token");
	if (!t)
		t = jv_get(root, "accessToken");
	if (!t || t->type != JV_STRING || !*t->string) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH, "the token answer has no access_token");
		return FALSE;
	}
	gint64 when = 0, in = 0;
	const struct jv *cli = jv_get(root, "expiresOn");
	if (seconds(jv_get(root, "expires_on"), &when)) {
		/* unix seconds */
	} else if (seconds(jv_get(root, "expires_in"), &in)) {
		when = now + in;
	} else if (!(cli && cli->type == JV_STRING && local_time(cli->string, &when))) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH,
			    "the token answer says not when it expires (expires_on, expires_in or expiresOn)");
		return FALSE;
	}
	*token = g_strdup(t->string);
	*expires = when;
	return TRUE;
}

/* What one credential of the chain came to. */
enum outcome {
	GOT,         /* a token */
	UNAVAILABLE, /* not set up here: the next one is tried */
	FAILED,      /* set up, and it failed: the search ends */
};

static size_t grow(char *buf, size_t size, size_t n, void *data)
{
	GString *s = data;
	if (s->len < 1024 * 1024)
		g_string_append_len(s, buf, (gssize)(size * n));
	return size * n;
}

/* One request to a token endpoint: METHOD (GET or POST with the form BODY)
 * to URL with HEADERS (NULL-terminated).  The answer's status into *STATUS
 * and its body into OUT.  Redirects are not followed (the secret would go
 * along); a connection failing within CONNECT_MS is *UNREACHABLE. */
static gboolean token_http(const char *url, const char *const *headers, const char *body, long connect_ms,
			   long *status, GString *out, gboolean *unreachable, GError **error)
{
	*unreachable = FALSE;
	g_autofree char *display = storage_redact(url);
	if (!storage_token_url_ok(url)) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH,
			    "'%s': a token endpoint must be https (http only on this machine)", display);
		return FALSE;
	}
	CURL *c = curl_easy_init();
	char errbuf[CURL_ERROR_SIZE];
	struct storage_resp resp = {0};
	storage_resp_reset(&resp);
	struct storage_opts o = {.cacert = cache.cacert, .timeout_s = 30};
	storage_curl_setup(c, url, &o, errbuf, &resp);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	/* the endpoints allowed over http are this machine's and the metadata
	 * address: never through a proxy (http_proxy), as the SDKs do */
	if (g_str_has_prefix(url, "http://"))
		curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	if (connect_ms)
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	struct curl_slist *hl = NULL;
	for (const char *const *h = headers; h && *h; h++)
		hl = curl_slist_append(hl, *h);
	hl = curl_slist_append(hl, "Accept: application/json");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, grow);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hl);
	storage_resp_clear(&resp);
	if (rc == CURLE_OK)
		return TRUE;
	*unreachable = rc == CURLE_COULDNT_CONNECT || (connect_ms && rc == CURLE_OPERATION_TIMEDOUT);
	g_propagate_error(error, storage_curl_error(rc, errbuf, display, 60));
	return FALSE;
}

/* The authority's error answer ({"error", "error_description"}) in one line. */
static char *authority_error(const GString *body, long status)
{
	g_autoptr(jv) root = jv_parse(body->str, body->len, NULL);
	const struct jv *e = root ? jv_get(root, "error") : NULL;
	const struct jv *d = root ? jv_get(root, "error_description") : NULL;
	if (!e || e->type != JV_STRING)
		return g_strdup_printf("HTTP %ld", status);
	g_autofree char *desc = d && d->type == JV_STRING ? g_strdup(d->string) : g_strdup("");
	/* the first line only: the rest is a trace and a correlation id */
	desc[strcspn(desc, "\r\n")] = '\0';
	char *cut = strstr(desc, " Trace ID:");
	if (cut)
		*cut = '\0';
	g_autofree char *line = g_strdup_printf("HTTP %ld %s%s%s", status, e->string, *desc ? ": " : "", desc);
	return storage_redact(line);
}

/* Reads an answer of STATUS and BODY from SOURCE into a token. */
static enum outcome answer(const char *source, long status, const GString *body, char **token, gint64 *expires,
			   GError **error)
{
	if (status != 200) {
		g_autofree char *why = authority_error(body, status);
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH, "%s: sign-in refused: %s", source, why);
		return FAILED;
	}
	if (!storage_token_parse(body->str, body->len, g_get_real_time() / G_USEC_PER_SEC, token, expires, error)) {
		g_prefix_error(error, "%s: ", source);
		return FAILED;
	}
	return GOT;
}

static char *form(const char *name, const char *value)
{
	g_autofree char *v = g_uri_escape_string(value, NULL, FALSE);
	return g_strdup_printf("%s=%s", name, v);
}

/* 1. a service principal or workload identity from the environment. */
static enum outcome from_environment(char **token, gint64 *expires, GString *why, GError **error)
{
	const char *tenant = g_getenv("AZURE_TENANT_ID"), *client = g_getenv("AZURE_CLIENT_ID");
	const char *secret = g_getenv("AZURE_CLIENT_SECRET"), *fedfile = g_getenv("AZURE_FEDERATED_TOKEN_FILE");
	gboolean has_secret = secret && *secret, has_file = fedfile && *fedfile;
	if (!tenant || !*tenant || !client || !*client || (!has_secret && !has_file)) {
		g_string_append(why, "no service principal (AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET "
				     "or AZURE_FEDERATED_TOKEN_FILE)");
		return UNAVAILABLE;
	}
	const char *source = has_secret ? "service principal" : "workload identity";
	g_autofree char *assertion = NULL;
	if (!has_secret) {
		gsize n;
		if (access(fedfile, R_OK) != 0 || !g_file_get_contents(fedfile, &assertion, &n, NULL)) {
			int e = errno ? errno : EIO;
			g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH, "%s: cannot read '%s': %s", source, fedfile,
				    g_strerror(e));
			return FAILED;
		}
		g_strstrip(assertion);
	}
	const char *host = g_getenv("AZURE_AUTHORITY_HOST");
	g_autofree char *authority = g_strdup(host && *host ? host : "https://login.microsoftonline.com");
	while (*authority && authority[strlen(authority) - 1] == '/')
		authority[strlen(authority) - 1] = '\0';
	g_autofree char *t = g_uri_escape_string(tenant, NULL, FALSE);
	g_autofree char *url = g_strdup_printf("%s/%s/oauth2/v2.0/token", authority, t);
	g_autofree char *f1 = form("client_id", client);
	g_autofree char *f2 = form("scope", STORAGE_TOKEN_SCOPE);
	g_autofree char *f3 = has_secret ? form("client_secret", secret) : form("client_assertion", assertion);
	g_autofree char *body = g_strdup_printf(
		"grant_type=client_credentials&%s&%s&%s%s", f1, f2, f3,
		has_secret ? "" : "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer");
	const char *headers[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
	long status = 0;
	gboolean unreachable;
	g_autoptr(GString) out = g_string_new(NULL);
	gboolean ok = token_http(url, headers, body, 0, &status, out, &unreachable, error);
	memset(body, 0, strlen(body));
	memset(f3, 0, strlen(f3));
	if (assertion)
		memset(assertion, 0, strlen(assertion));
	if (!ok) {
		g_prefix_error(error, "%s: ", source);
		return FAILED;
	}
	enum outcome r = answer(source, status, out, token, expires, error);
	memset(out->str, 0, out->len);
	return r;
}

/* 2. a managed identity: the App Service style endpoint, else the instance
 * metadata endpoint.  No endpoint, or one that has no identity for this
 * machine, is UNAVAILABLE. */
static enum outcome from_managed_identity(char **token, gint64 *expires, GString *why, GError **error)
{
	const char *ep = g_getenv("IDENTITY_ENDPOINT"), *hdr = g_getenv("IDENTITY_HEADER");
	const char *client = g_getenv("AZURE_CLIENT_ID");
	g_autofree char *cid = client && *client ? form("&client_id", client) : g_strdup("");
	g_autofree char *url = NULL, *header = NULL;
	const char *source;
	gboolean imds = !(ep && *ep && hdr && *hdr);
	if (!imds) {
		source = "managed identity (IDENTITY_ENDPOINT)";
		url = g_strdup_printf("%s?api-version=2019-08-01&resource=%s%s", ep, STORAGE_TOKEN_RESOURCE, cid);
		header = g_strdup_printf("X-IDENTITY-HEADER: %s", hdr);
	} else {
		const char *host = g_getenv("AZURE_POD_IDENTITY_AUTHORITY_HOST");
		g_autofree char *base = g_strdup(host && *host ? host : "http://169.254.169.254");
		while (*base && base[strlen(base) - 1] == '/')
			base[strlen(base) - 1] = '\0';
		source = "managed identity";
		url = g_strdup_printf("%s/metadata/identity/oauth2/token?api-version=2018-02-01&resource=%s%s", base,
				      STORAGE_TOKEN_RESOURCE, cid);
		header = g_strdup("Metadata: true");
	}
	const char *headers[] = {header, NULL};
	long status = 0;
	gboolean unreachable;
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) err = NULL;
	gboolean ok = token_http(url, headers, NULL, imds ? 1000 : 0, &status, out, &unreachable, &err);
	memset(header, 0, strlen(header));
	if (!ok && imds && unreachable) {
		g_string_append(why, "no managed identity (no instance metadata endpoint)");
		return UNAVAILABLE;
	}
	if (!ok) {
		g_propagate_prefixed_error(error, g_steal_pointer(&err), "%s: ", source);
		return FAILED;
	}
	/* the metadata endpoint of a machine without an identity answers 400 */
	if (imds && status == 400) {
		g_string_append(why, "no managed identity (the metadata endpoint has none for this machine)");
		return UNAVAILABLE;
	}
	enum outcome r = answer(source, status, out, token, expires, error);
	memset(out->str, 0, out->len);
	return r;
}

/* Runs ARGV (no shell), its output into OUT and ERR, for at most TIMEOUT_S.
 * False when it cannot start (*MISSING when not found) or is killed. */
static gboolean run_capture(char **argv, guint timeout_s, GString *out, GString *err, int *status,
			    gboolean *missing, GError **error)
{
	GPid pid;
	int fo, fe;
	g_autoptr(GError) e = NULL;
	*missing = FALSE;
	GSpawnFlags flags = G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD;
#if GLIB_CHECK_VERSION(2, 74, 0)
	flags |= G_SPAWN_STDIN_FROM_DEV_NULL; /* a capture read from standard input stays ours */
#endif
	if (!g_spawn_async_with_pipes(NULL, argv, NULL, flags, NULL, NULL, &pid, NULL, &fo, &fe, &e)) {
		*missing = g_error_matches(e, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT);
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH, "cannot run '%s': %s", argv[0], e->message);
		return FALSE;
	}
	gint64 deadline = g_get_monotonic_time() + (gint64)timeout_s * G_USEC_PER_SEC;
	struct pollfd p[2] = {{fo, POLLIN, 0}, {fe, POLLIN, 0}};
	GString *to[2] = {out, err};
	int open_fds = 2;
	while (open_fds > 0) {
		gint64 left = deadline - g_get_monotonic_time();
		if (left <= 0)
			break;
		if (poll(p, 2, (int)MIN(left / 1000 + 1, 1000)) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			char buf[4096];
			ssize_t k = read(p[i].fd, buf, sizeof buf);
			if (k > 0 && to[i]->len < 1024 * 1024)
				g_string_append_len(to[i], buf, k);
			if (k <= 0 && !(k < 0 && errno == EINTR)) {
				close(p[i].fd);
				p[i].fd = -1;
				open_fds--;
			}
		}
	}
	gboolean killed = open_fds > 0;
	for (int i = 0; i < 2; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	if (killed)
		kill(pid, SIGKILL);
	int ws = 0;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	g_spawn_close_pid(pid);
	if (killed) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH, "'%s' gave no answer in %u s", argv[0], timeout_s);
		return FALSE;
	}
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
	return TRUE;
}

/* 3. the Azure CLI's sign-in. */
static enum outcome from_cli(char **token, gint64 *expires, GString *why, GError **error)
{
	char *argv[] = {"az", "account", "get-access-token", "--resource", STORAGE_TOKEN_RESOURCE, "--output", "json",
			NULL};
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GString) err = g_string_new(NULL);
	int status = 0;
	gboolean missing;
	g_autoptr(GError) e = NULL;
	if (!run_capture(argv, 60, out, err, &status, &missing, &e)) {
		if (missing) {
			g_string_append(why, "no Azure CLI ('az' is not installed)");
			return UNAVAILABLE;
		}
		g_propagate_prefixed_error(error, g_steal_pointer(&e), "Azure CLI: ");
		return FAILED;
	}
	if (status != 0) {
		if (strstr(err->str, "az login")) {
			g_string_append(why, "the Azure CLI is not signed in ('az login')");
			return UNAVAILABLE;
		}
		g_autofree char *line = g_strndup(err->str, strcspn(err->str, "\r\n"));
		g_autofree char *safe = storage_redact(line);
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH, "Azure CLI: 'az account get-access-token' failed "
			    "(exit %d)%s%s", status, *safe ? ": " : "", safe);
		return FAILED;
	}
	enum outcome r = GOT;
	if (!storage_token_parse(out->str, out->len, g_get_real_time() / G_USEC_PER_SEC, token, expires, error)) {
		g_prefix_error(error, "Azure CLI: ");
		r = FAILED;
	}
	memset(out->str, 0, out->len);
	return r;
}

/* Asks the chain; the caller holds the lock. */
static char *chain(gint64 *expires, const char **source, GError **error)
{
	static const struct {
		const char *name;
		enum outcome (*get)(char **token, gint64 *expires, GString *why, GError **error);
	} creds[] = {
		{"the service principal or workload identity in the environment", from_environment},
		{"the managed identity", from_managed_identity},
		{"the Azure CLI", from_cli},
	};
	g_autoptr(GString) why = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(creds); i++) {
		char *token = NULL;
		if (why->len)
			g_string_append(why, ", ");
		enum outcome r = creds[i].get(&token, expires, why, error);
		if (r == GOT) {
			*source = creds[i].name;
			return token;
		}
		if (r == FAILED)
			return NULL;
	}
	g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH, "cannot sign in: %s", why->str);
	return NULL;
}

char *storage_token_get(GError **error)
{
	g_mutex_lock(&cache.lock);
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	if (!cache.token || !storage_token_fresh(now, cache.obtained, cache.expires)) {
		gint64 expires = 0;
		const char *source = NULL;
		char *token = chain(&expires, &source, error);
		if (!token) {
			g_mutex_unlock(&cache.lock);
			return NULL;
		}
		cache_drop();
		cache.token = token;
		cache.obtained = now;
		cache.expires = expires;
		if (cache.log) {
			/* in whole minutes: the seconds depend on when the clock ticked */
			gint64 left = expires - g_get_real_time() / G_USEC_PER_SEC;
			g_autofree char *line = g_strdup_printf("signed in with %s: a token for %s, valid for %" G_GINT64_FORMAT
								" min", source, STORAGE_TOKEN_RESOURCE,
								left > 0 ? (left + 30) / 60 : 0);
			cache.log(line, cache.data);
		}
	}
	char *copy = g_strdup(cache.token);
	g_mutex_unlock(&cache.lock);
	return copy;
}
