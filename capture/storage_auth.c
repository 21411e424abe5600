/* storage_auth.c — Shared Key request signing and service SAS tokens for the
 * Blob service: the canonical strings exactly as the service rebuilds them,
 * HMAC-SHA256 with the account key (GHmac), and retry backoff. */
#include <string.h>

#include "capture/storage.h"

/* The value of header NAME (any case) among HEADERS, or "". */
static const char *header_value(const struct storage_header *h, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (g_ascii_strcasecmp(h[i].name, name) == 0)
			return h[i].value ? h[i].value : "";
	return "";
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "x-ms-name:value\n" for every x-ms- header, names lowercased, sorted. */
static void canonical_headers(GString *out, const struct storage_header *h, size_t n)
{
	g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free); /* char *: "name:value" */
	for (size_t i = 0; i < n; i++) {
		if (g_ascii_strncasecmp(h[i].name, "x-ms-", 5) != 0)
			continue;
		g_autofree char *name = g_ascii_strdown(h[i].name, -1);
		g_autofree char *value = g_strstrip(g_strdup(h[i].value ? h[i].value : ""));
		g_ptr_array_add(lines, g_strdup_printf("%s:%s", name, value));
	}
	g_ptr_array_sort(lines, cmp_str);
	for (guint i = 0; i < lines->len; i++)
		g_string_append_printf(out, "%s\n", (char *)lines->pdata[i]);
}

/* "/account/path" then "\nname:v1,v2" per query parameter, names lowercased
 * and sorted, values decoded and sorted. */
static void canonical_resource(GString *out, const char *account, const char *path, const char *query)
{
	g_string_append_printf(out, "/%s%s", account, path);
	if (!query || !*query)
		return;
	g_autoptr(GHashTable) params = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
							     (GDestroyNotify)g_ptr_array_unref);
	/* name -> GPtrArray of char * values */
	g_auto(GStrv) parts = g_strsplit(query, "&", -1);
	for (char **p = parts; *p; p++) {
		if (!**p)
			continue;
		char *eq = strchr(*p, '=');
		g_autofree char *rawname = eq ? g_strndup(*p, (gsize)(eq - *p)) : g_strdup(*p);
		g_autofree char *dname = g_uri_unescape_string(rawname, NULL);
		char *name = g_ascii_strdown(dname ? dname : rawname, -1);
		char *value = g_uri_unescape_string(eq ? eq + 1 : "", NULL);
		GPtrArray *vals = g_hash_table_lookup(params, name);
		if (!vals) {
			vals = g_ptr_array_new_with_free_func(g_free);
			g_hash_table_insert(params, name, vals);
		} else {
			g_free(name);
		}
		g_ptr_array_add(vals, value ? value : g_strdup(""));
	}
	GList *names = g_list_sort(g_hash_table_get_keys(params), (GCompareFunc)strcmp); /* char *, borrowed */
	for (GList *l = names; l; l = l->next) {
		GPtrArray *vals = g_hash_table_lookup(params, l->data);
		g_ptr_array_sort(vals, cmp_str);
		g_string_append_printf(out, "\n%s:", (char *)l->data);
		for (guint k = 0; k < vals->len; k++)
			g_string_append_printf(out, "%s%s", k ? "," : "", (char *)vals->pdata[k]);
	}
	g_list_free(names);
}

char *storage_string_to_sign(const char *method, const char *account, const char *url_path,
			     const char *query, const struct storage_header *headers, size_t n)
{
	static const char *const standard[] = {
		"Content-Encoding", "Content-Language", "Content-Length", "Content-MD5",
		"Content-Type", "Date", "If-Modified-Since", "If-Match", "If-None-Match",
		"If-Unmodified-Since", "Range",
	};
	GString *s = g_string_new(method);
	g_string_append_c(s, '\n');
	for (size_t i = 0; i < G_N_ELEMENTS(standard); i++) {
		const char *v = header_value(headers, n, standard[i]);
		/* since 2015-02-21 a zero Content-Length is signed as empty */
		if (strcmp(standard[i], "Content-Length") == 0 && strcmp(v, "0") == 0)
			v = "";
		g_string_append_printf(s, "%s\n", v);
	}
	canonical_headers(s, headers, n);
	canonical_resource(s, account, url_path, query);
	return g_string_free(s, FALSE);
}

/* Base64 HMAC-SHA256 of MSG with the base64 KEY, or NULL. */
static char *hmac_b64(const char *key, const char *msg, GError **error)
{
	gsize klen = 0;
	g_autofree guchar *k = g_base64_decode(key, &klen);
	if (!k || klen == 0) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH, "the account key is not base64");
		return NULL;
	}
	g_autoptr(GHmac) h = g_hmac_new(G_CHECKSUM_SHA256, k, klen);
	memset(k, 0, klen);
	g_hmac_update(h, (const guchar *)msg, (gssize)strlen(msg));
	guint8 digest[32];
	gsize dlen = sizeof digest;
	g_hmac_get_digest(h, digest, &dlen);
	return g_base64_encode(digest, dlen);
}

char *storage_shared_key(const char *account, const char *key, const char *string_to_sign,
			 GError **error)
{
	g_autofree char *sig = hmac_b64(key, string_to_sign, error);
	if (!sig)
		return NULL;
	return g_strdup_printf("SharedKey %s:%s", account, sig);
}

char *storage_service_sas(const char *account, const char *key, const char *container,
			  const char *blob, const char *permissions, const char *expiry, GError **error)
{
	const char *version = STORAGE_API_VERSION;
	const char *resource = blob ? "b" : "c";
	g_autofree char *canon = blob ? g_strdup_printf("/blob/%s/%s/%s", account, container, blob)
				      : g_strdup_printf("/blob/%s/%s", account, container);
	/* sp, st, se, resource, si, sip, spr, sv, sr, snapshot, ses, rscc, rscd, rsce, rscl, rsct */
	g_autofree char *sts = g_strdup_printf("%s\n\n%s\n%s\n\n\n\n%s\n%s\n\n\n\n\n\n\n", permissions,
					       expiry, canon, version, resource);
	g_autofree char *sig = hmac_b64(key, sts, error);
	if (!sig)
		return NULL;
	g_autofree char *esig = g_uri_escape_string(sig, NULL, FALSE);
	g_autofree char *ese = g_uri_escape_string(expiry, NULL, FALSE);
	return g_strdup_printf("sv=%s&sp=%s&se=%s&sr=%s&sig=%s", version, permissions, ese, resource, esig);
}

char *storage_http_date(gint64 unix_seconds)
{
	static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc(unix_seconds);
	return g_strdup_printf("%s, %02d %s %04d %02d:%02d:%02d GMT", days[g_date_time_get_day_of_week(t) - 1],
			       g_date_time_get_day_of_month(t), months[g_date_time_get_month(t) - 1],
			       g_date_time_get_year(t), g_date_time_get_hour(t), g_date_time_get_minute(t),
			       g_date_time_get_second(t));
}

guint storage_backoff_ms(guint attempt, guint base_ms, guint max_ms, double random)
{
	guint64 cap = base_ms;
	for (guint i = 0; i < attempt && cap < max_ms; i++)
		cap *= 2;
	if (cap > max_ms)
		cap = max_ms;
	if (random < 0)
		random = 0;
	if (random >= 1)
		random = 0.999999;
	/* half fixed, half random: never zero, never above the cap */
	return (guint)(cap / 2 + (guint64)((double)(cap - cap / 2) * random));
}
