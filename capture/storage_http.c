/* storage_http.c — libcurl plumbing shared by listing, downloads and uploads:
 * handle setup with TLS verification always on, signed headers, reading the
 * answer's headers, turning failures into one-line errors without secrets,
 * and a small parallel runner with retries for in-memory requests. */
#include <stdarg.h>
#include <string.h>

#include "capture/storage_http.h"
#include "capture/storage_token.h"
#include "analyzer/version.h"

guint storage_opt_timeout(const struct storage_opts *o) { return o && o->timeout_s ? o->timeout_s : 30; }
guint storage_opt_retries(const struct storage_opts *o)
{
	return !o || o->retries == 0 ? 5 : o->retries < 0 ? 0 : (guint)o->retries;
}
guint storage_opt_budget(const struct storage_opts *o) { return o && o->retry_budget_s ? o->retry_budget_s : 300; }
guint storage_opt_parallel(const struct storage_opts *o) { return o && o->parallel ? o->parallel : 4; }

void storage_log(const struct storage_opts *o, const char *fmt, ...)
{
	if (!o || !o->log)
		return;
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_autofree char *safe = storage_redact(msg);
	o->log(safe, o->data);
}

long storage_easy_finish(CURLM *m, CURL **easy, struct curl_slist **hdrs)
{
	long status = 0;
	curl_easy_getinfo(*easy, CURLINFO_RESPONSE_CODE, &status);
	curl_multi_remove_handle(m, *easy);
	curl_easy_cleanup(*easy);
	curl_slist_free_all(*hdrs);
	*easy = NULL;
	*hdrs = NULL;
	return status;
}

gint64 storage_now_us(void)
{
	return g_get_monotonic_time();
}

void storage_resp_reset(struct storage_resp *r)
{
	GString *body = r->body;
	g_free(r->etag);
	g_free(r->content_md5);
	g_free(r->blob_md5);
	g_free(r->error_code);
	memset(r, 0, sizeof *r);
	r->content_length = -1;
	r->range_total = -1;
	r->body = body;
	if (body)
		g_string_truncate(body, 0);
}

void storage_resp_clear(struct storage_resp *r)
{
	storage_resp_reset(r);
	if (r->body)
		g_string_free(r->body, TRUE);
	r->body = NULL;
}

static void set_str(char **slot, const char *v)
{
	g_free(*slot);
	*slot = g_strdup(v);
}

size_t storage_header_cb(char *buf, size_t size, size_t n, void *data)
{
	struct storage_resp *r = data;
	size_t len = size * n;
	g_autofree char *line = g_strstrip(g_strndup(buf, len));
	if (g_str_has_prefix(line, "HTTP/")) {
		/* a new response (after a redirect or 100 Continue): start over */
		storage_resp_reset(r);
		const char *sp = strchr(line, ' ');
		r->status = sp ? strtol(sp + 1, NULL, 10) : 0;
		return len;
	}
	char *colon = strchr(line, ':');
	if (!colon)
		return len;
	*colon = '\0';
	const char *name = line, *v = g_strstrip(colon + 1);
	if (g_ascii_strcasecmp(name, "ETag") == 0)
		set_str(&r->etag, v);
	else if (g_ascii_strcasecmp(name, "Content-MD5") == 0)
		set_str(&r->content_md5, v);
	else if (g_ascii_strcasecmp(name, "x-ms-blob-content-md5") == 0)
		set_str(&r->blob_md5, v);
	else if (g_ascii_strcasecmp(name, "x-ms-error-code") == 0)
		set_str(&r->error_code, v);
	else if (g_ascii_strcasecmp(name, "Content-Length") == 0)
		r->content_length = g_ascii_strtoll(v, NULL, 10);
	else if (g_ascii_strcasecmp(name, "Content-Range") == 0) {
		const char *slash = strrchr(v, '/');
		if (slash && slash[1] != '*')
			r->range_total = g_ascii_strtoll(slash + 1, NULL, 10);
	}
	return len;
}

void storage_curl_setup(CURL *c, const char *url, const struct storage_opts *o, char *errbuf,
			struct storage_resp *resp)
{
	errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	/* --cacert, else the bundle the environment names as curl and OpenSSL read it */
	const char *ca = o && o->cacert ? o->cacert : g_getenv("CURL_CA_BUNDLE");
	if (!ca || !*ca)
		ca = g_getenv("SSL_CERT_FILE");
	if (ca && *ca)
		curl_easy_setopt(c, CURLOPT_CAINFO, ca);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "analyze/" ANALYZE_VERSION);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	long t = (long)storage_opt_timeout(o);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, t);
	/* a transfer that moves less than a byte a second for T seconds has stalled */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, t);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, storage_header_cb);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, resp);
}

/* The path and query of URL (pointers into it; the query may be NULL). */
static char *url_path_query(const char *url, char **query)
{
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	if (!p)
		p = "/";
	const char *q = strchr(p, '?');
	*query = q ? g_strdup(q + 1) : NULL;
	return q ? g_strndup(p, (gsize)(q - p)) : g_strdup(p);
}

struct curl_slist *storage_headers(const char *method, const char *url, const struct storage_creds *creds,
				   const struct storage_header *extra, size_t n, GError **error)
{
	g_autofree char *date = storage_http_date(g_get_real_time() / G_USEC_PER_SEC);
	g_autofree struct storage_header *all = g_new0(struct storage_header, n + 2);
	all[0] = (struct storage_header){"x-ms-date", date};
	all[1] = (struct storage_header){"x-ms-version", STORAGE_API_VERSION};
	for (size_t i = 0; i < n; i++)
		all[i + 2] = extra[i];
	struct curl_slist *list = NULL;
	for (size_t i = 0; i < n + 2; i++) {
		g_autofree char *h = g_strdup_printf("%s: %s", all[i].name, all[i].value);
		list = curl_slist_append(list, h);
	}
	/* no "Expect: 100-continue" round trip before bodies */
	list = curl_slist_append(list, "Expect:");
	if (creds && creds->key) {
		g_autofree char *query = NULL;
		g_autofree char *path = url_path_query(url, &query);
		g_autofree char *sts = storage_string_to_sign(method, creds->account, path, query, all, n + 2);
		g_autofree char *auth = storage_shared_key(creds->account, creds->key, sts, error);
		if (!auth) {
			curl_slist_free_all(list);
			return NULL;
		}
		g_autofree char *h = g_strdup_printf("Authorization: %s", auth);
		list = curl_slist_append(list, h);
		memset(h, 0, strlen(h));
	} else if (creds && creds->bearer) {
		char *token = storage_token_get(error);
		if (!token) {
			curl_slist_free_all(list);
			return NULL;
		}
		g_autofree char *h = g_strdup_printf("Authorization: Bearer %s", token);
		storage_token_free(token);
		list = curl_slist_append(list, h);
		memset(h, 0, strlen(h));
	}
	return list;
}

gboolean storage_retryable(CURLcode rc, long status)
{
	switch (rc) {
	case CURLE_OK:
		return status == 408 || status == 429 || (status >= 500 && status <= 599);
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
	case CURLE_COULDNT_CONNECT:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return TRUE;
	default:
		return FALSE;
	}
}

static gboolean tls_error(CURLcode rc)
{
	return rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_PEER_FAILED_VERIFICATION ||
	       rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CERTPROBLEM || rc == CURLE_SSL_CIPHER ||
	       rc == CURLE_SSL_ISSUER_ERROR || rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH ||
	       rc == CURLE_SSL_INVALIDCERTSTATUS || rc == CURLE_SSL_CRL_BADFILE || rc == CURLE_USE_SSL_FAILED;
}

GError *storage_curl_error(CURLcode rc, const char *errbuf, const char *display, guint timeout_s)
{
	g_autofree char *why = storage_redact(errbuf && *errbuf ? errbuf : curl_easy_strerror(rc));
	if (rc == CURLE_COULDNT_RESOLVE_HOST)
		return g_error_new(STORAGE_ERROR, STORAGE_ERROR_NETWORK, "'%s': cannot resolve the host: %s", display, why);
	if (rc == CURLE_COULDNT_CONNECT)
		return g_error_new(STORAGE_ERROR, STORAGE_ERROR_NETWORK, "'%s': cannot connect: %s", display, why);
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return g_error_new(STORAGE_ERROR, STORAGE_ERROR_NETWORK, "'%s': timed out: no answer for %u s",
				   display, timeout_s);
	if (tls_error(rc))
		return g_error_new(STORAGE_ERROR, STORAGE_ERROR_TLS, "'%s': TLS failure: %s", display, why);
	return g_error_new(STORAGE_ERROR, STORAGE_ERROR_NETWORK, "'%s': transfer failed: %s", display, why);
}

/* Whether the SAS in URL has an expiry (se=) in the past. */
static gboolean sas_expired(const char *url)
{
	const char *q = strchr(url, '?');
	if (!q)
		return FALSE;
	g_auto(GStrv) parts = g_strsplit(q + 1, "&", -1);
	for (char **p = parts; *p; p++) {
		if (!g_str_has_prefix(*p, "se="))
			continue;
		g_autofree char *v = g_uri_unescape_string(*p + 3, NULL);
		g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
		g_autoptr(GDateTime) t = v ? g_date_time_new_from_iso8601(v, utc) : NULL;
		if (!t && v) {
			g_autofree char *day = g_strdup_printf("%sT00:00:00Z", v);
			t = g_date_time_new_from_iso8601(day, utc);
		}
		return t && g_date_time_to_unix(t) < g_get_real_time() / G_USEC_PER_SEC;
	}
	return FALSE;
}

GError *storage_status_error(const struct storage_resp *resp, const char *display)
{
	g_autofree char *code = NULL, *message = NULL;
	if (resp->body && resp->body->len)
		storage_error_parse(resp->body->str, (gssize)resp->body->len, &code, &message);
	const char *c = resp->error_code ? resp->error_code : code;
	g_autofree char *tag = c ? g_strdup_printf(" %s", c) : g_strdup("");
	long st = resp->status;
	if (st == 403 || st == 401) {
		const char *why;
		if ((message && strstr(message, "Signed expiry time")) || sas_expired(display))
			why = "the SAS token has expired";
		else if (message && strstr(message, "token is expired"))
			why = "the sign-in token has expired";
		else if (c && strcmp(c, "AuthenticationFailed") == 0)
			why = "the signature was refused: wrong account key or SAS token";
		else if (c && strcmp(c, "InvalidAuthenticationInfo") == 0)
			why = "the sign-in token was refused (wrong tenant or audience, or expired)";
		else if (c && g_str_has_prefix(c, "AuthorizationPermissionMismatch"))
			why = "the SAS token does not grant this operation, or the signed-in identity has no role "
			      "that does (Storage Blob Data Reader or Contributor)";
		else if (c && strcmp(c, "AuthorizationFailure") == 0)
			why = "not authorized: wrong account key or SAS token, or it does not allow this";
		else
			why = "access denied";
		return g_error_new(STORAGE_ERROR, STORAGE_ERROR_AUTH, "'%s': %ld%s: %s", display, st, tag, why);
	}
	if (st == 404)
		return g_error_new(STORAGE_ERROR, STORAGE_ERROR_NOT_FOUND, "'%s': 404%s: not found", display, tag);
	if (st == 412)
		return g_error_new(STORAGE_ERROR, STORAGE_ERROR_CHANGED, "'%s': 412%s: the blob changed", display, tag);
	return g_error_new(STORAGE_ERROR, STORAGE_ERROR_HTTP, "'%s': HTTP %ld%s", display, st, tag);
}

struct storage_req *storage_req_new(const char *method, const char *url, const struct storage_creds *creds)
{
	struct storage_req *r = g_new0(struct storage_req, 1);
	r->method = g_strdup(method);
	r->url = g_strdup(url);
	r->display = storage_redact(url);
	r->creds = creds;
	r->headers = g_ptr_array_new();
	r->resp.body = g_string_new(NULL);
	storage_resp_reset(&r->resp);
	return r;
}

void storage_req_add_header(struct storage_req *r, const char *name, const char *value)
{
	g_ptr_array_add(r->headers, g_strdup(name));
	g_ptr_array_add(r->headers, g_strdup(value));
}

void storage_req_free(struct storage_req *r)
{
	if (!r)
		return;
	g_free(r->method);
	g_free(r->url);
	g_free(r->display);
	g_ptr_array_set_free_func(r->headers, g_free);
	g_ptr_array_unref(r->headers);
	storage_resp_clear(&r->resp);
	g_clear_error(&r->error);
	g_free(r);
}

static size_t req_write(char *buf, size_t size, size_t n, void *data)
{
	struct storage_req *r = data;
	if (r->resp.body->len < 16 * 1024 * 1024)
		g_string_append_len(r->resp.body, buf, (gssize)(size * n));
	return size * n;
}

static size_t req_read(char *buf, size_t size, size_t n, void *data)
{
	struct storage_req *r = data;
	size_t left = r->body_len - r->sent, k = MIN(left, size * n);
	if (k == 0)
		return 0;
	memcpy(buf, r->body + r->sent, k);
	r->sent += k;
	return k;
}

/* One in-flight request: its handle, header list and error buffer. */
struct slot {
	struct storage_req *req;
	CURL *easy;
	struct curl_slist *hdrs;
	char errbuf[CURL_ERROR_SIZE];
};

static gboolean req_start(CURLM *m, struct slot *s, struct storage_req *r, const struct storage_opts *o)
{
	memset(s, 0, sizeof *s);
	s->req = r;
	storage_resp_reset(&r->resp);
	r->sent = 0;
	guint n = r->headers->len / 2;
	g_autofree struct storage_header *h = g_new0(struct storage_header, n + 1);
	for (guint i = 0; i < n; i++)
		h[i] = (struct storage_header){r->headers->pdata[2 * i], r->headers->pdata[2 * i + 1]};
	s->hdrs = storage_headers(r->method, r->url, r->creds, h, n, &r->error);
	if (!s->hdrs)
		return FALSE;
	s->easy = curl_easy_init();
	storage_curl_setup(s->easy, r->url, o, s->errbuf, &r->resp);
	curl_easy_setopt(s->easy, CURLOPT_CUSTOMREQUEST, r->method);
	curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, s->hdrs);
	curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, req_write);
	curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, r);
	if (strcmp(r->method, "PUT") == 0) {
		curl_easy_setopt(s->easy, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(s->easy, CURLOPT_READFUNCTION, req_read);
		curl_easy_setopt(s->easy, CURLOPT_READDATA, r);
		curl_easy_setopt(s->easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t)r->body_len);
	} else if (strcmp(r->method, "HEAD") == 0) {
		curl_easy_setopt(s->easy, CURLOPT_NOBODY, 1L);
	}
	curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s);
	curl_multi_add_handle(m, s->easy);
	r->attempts++;
	if (!r->first_try_us)
		r->first_try_us = storage_now_us();
	return TRUE;
}

/* Finishes slot S with result RC; true when it should be tried again. */
static gboolean req_done(CURLM *m, struct slot *s, CURLcode rc, const struct storage_opts *o)
{
	struct storage_req *r = s->req;
	long status = storage_easy_finish(m, &s->easy, &s->hdrs);
	r->resp.status = status;
	if (rc == CURLE_OK && status >= 200 && status < 300)
		return FALSE;
	gint64 spent = storage_now_us() - r->first_try_us;
	if (storage_retryable(rc, status) && r->attempts <= storage_opt_retries(o) &&
	    spent < (gint64)storage_opt_budget(o) * G_USEC_PER_SEC) {
		guint ms = storage_backoff_ms(r->attempts - 1, 500, 30000, g_random_double());
		r->not_before_us = storage_now_us() + (gint64)ms * 1000;
		storage_log(o, "%s %s: %s, retrying in %u ms", r->method, r->display,
			    rc ? curl_easy_strerror(rc) : "server busy", ms);
		return TRUE;
	}
	r->error = rc != CURLE_OK ? storage_curl_error(rc, s->errbuf, r->display, storage_opt_timeout(o))
				  : storage_status_error(&r->resp, r->display);
	return FALSE;
}

gboolean storage_run(GPtrArray *reqs, const struct storage_opts *o, GError **error)
{
	CURLM *m = curl_multi_init();
	guint par = storage_opt_parallel(o);
	g_autofree struct slot *slots = g_new0(struct slot, par);
	GQueue waiting = G_QUEUE_INIT; /* struct storage_req *, borrowed */
	for (guint i = 0; i < reqs->len; i++)
		g_queue_push_tail(&waiting, reqs->pdata[i]);
	guint active = 0;
	while (active || waiting.length) {
		/* start every request whose retry time has come, while slots are free */
		for (GList *l = waiting.head; l && active < par;) {
			GList *next = l->next;
			struct storage_req *r = l->data;
			guint i = 0;
			while (slots[i].easy)
				i++;
			if (r->not_before_us <= storage_now_us()) {
				g_queue_delete_link(&waiting, l);
				if (req_start(m, &slots[i], r, o))
					active++;
			}
			l = next;
		}
		int running = 0;
		curl_multi_perform(m, &running);
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct slot *s = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&s);
			CURLcode rc = msg->data.result;
			struct storage_req *r = s->req;
			active--;
			if (req_done(m, s, rc, o))
				g_queue_push_tail(&waiting, r);
		}
		curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	curl_multi_cleanup(m);
	gboolean ok = TRUE;
	for (guint i = 0; i < reqs->len; i++) {
		struct storage_req *r = reqs->pdata[i];
		if (r->error && ok && error)
			*error = g_error_copy(r->error);
		ok = ok && !r->error;
	}
	return ok;
}
