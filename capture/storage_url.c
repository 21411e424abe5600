/* storage_url.c — sources (http(s) URLs, az://ACCOUNT/CONTAINER/PREFIX),
 * credentials from connection strings and the environment, and redaction of
 * secrets so that no SAS signature or account key reaches a message. */
#include <string.h>

#include "capture/storage.h"
#include "capture/storage_token.h"

G_DEFINE_QUARK(analyze-storage-error-quark, storage_error)

void storage_creds_clear(struct storage_creds *c)
{
	g_free(c->account);
	if (c->key)
		memset(c->key, 0, strlen(c->key));
	g_free(c->key);
	if (c->sas)
		memset(c->sas, 0, strlen(c->sas));
	g_free(c->sas);
	g_free(c->endpoint);
	memset(c, 0, sizeof *c);
}

const struct storage_creds *storage_source_creds(const struct storage_source *s)
{
	return s->creds.key || s->creds.bearer ? &s->creds : NULL;
}

void storage_source_clear(struct storage_source *s)
{
	g_free(s->base);
	g_free(s->path);
	g_free(s->sas);
	g_free(s->account);
	g_free(s->container);
	g_free(s->name);
	g_free(s->cpath);
	g_free(s->display);
	storage_creds_clear(&s->creds);
	memset(s, 0, sizeof *s);
}

/* The well-known development account of the storage emulator. */
#define DEV_ACCOUNT "devstoreaccount1"
#define DEV_KEY "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

static void strip_trailing_slash(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == '/')
		s[--n] = '\0';
}

/* The account an endpoint URL names: its first host label, or on an IP
 * address or localhost its first path segment.  NULL when it is no URL. */
static char *endpoint_account(const char *endpoint)
{
	g_autoptr(GUri) uri = g_uri_parse(endpoint, G_URI_FLAGS_ENCODED, NULL);
	const char *host = uri ? g_uri_get_host(uri) : NULL;
	if (!host || !*host)
		return NULL;
	if (g_hostname_is_ip_address(host) || g_ascii_strcasecmp(host, "localhost") == 0 || strchr(host, ':')) {
		const char *p = g_uri_get_path(uri);
		while (*p == '/')
			p++;
		const char *slash = strchr(p, '/');
		return *p ? g_uri_unescape_segment(p, slash, NULL) : NULL;
	}
	const char *dot = strchr(host, '.');
	return dot ? g_strndup(host, (gsize)(dot - host)) : g_strdup(host);
}

gboolean storage_creds_parse_connection_string(const char *cs, struct storage_creds *out, GError **error)
{
	memset(out, 0, sizeof *out);
	g_auto(GStrv) parts = g_strsplit(cs, ";", -1);
	const char *proto = "https", *suffix = "core.windows.net";
	g_autofree char *endpoint = NULL;
	gboolean dev = FALSE;
	for (char **p = parts; *p; p++) {
		char *eq = strchr(*p, '=');
		if (!eq)
			continue;
		g_autofree char *k = g_strndup(*p, (gsize)(eq - *p));
		const char *v = eq + 1;
		g_strstrip(k);
		if (g_ascii_strcasecmp(k, "AccountName") == 0) {
			g_free(out->account);
			out->account = g_strdup(v);
		} else if (g_ascii_strcasecmp(k, "AccountKey") == 0) {
			g_free(out->key);
			out->key = g_strdup(v);
		} else if (g_ascii_strcasecmp(k, "SharedAccessSignature") == 0) {
			g_free(out->sas);
			out->sas = g_strdup(v[0] == '?' ? v + 1 : v);
		} else if (g_ascii_strcasecmp(k, "BlobEndpoint") == 0) {
			g_free(endpoint);
			endpoint = g_strdup(v);
		} else if (g_ascii_strcasecmp(k, "DefaultEndpointsProtocol") == 0) {
			proto = v;
		} else if (g_ascii_strcasecmp(k, "EndpointSuffix") == 0) {
			suffix = v;
		} else if (g_ascii_strcasecmp(k, "UseDevelopmentStorage") == 0) {
			dev = g_ascii_strcasecmp(v, "true") == 0;
		}
	}
	if (dev) {
		if (!out->account)
			out->account = g_strdup(DEV_ACCOUNT);
		if (!out->key && !out->sas)
			out->key = g_strdup(DEV_KEY);
		if (!endpoint)
			endpoint = g_strdup("http://127.0.0.1:10000/" DEV_ACCOUNT);
	}
	if (endpoint)
		strip_trailing_slash(endpoint);
	if (!out->account && endpoint)
		out->account = endpoint_account(endpoint);
	if (!out->account || !*out->account || (!out->key && !out->sas && !endpoint)) {
		storage_creds_clear(out);
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_USAGE,
			    "the connection string has no AccountName and AccountKey, no BlobEndpoint and "
			    "SharedAccessSignature, nor a BlobEndpoint");
		return FALSE;
	}
	if (!endpoint)
		endpoint = g_strdup_printf("%s://%s.blob.%s", proto, out->account, suffix);
	out->endpoint = g_steal_pointer(&endpoint);
	return TRUE;
}

/* What storage_auth_set chose: the mode (SET: chosen at all) and a --sas-file SAS. */
static struct {
	gboolean set;
	StorageAuthMode mode;
	char *sas;
} auth;

gboolean storage_auth_mode_parse(const char *text, StorageAuthMode *out)
{
	static const char *const names[] = {[STORAGE_AUTH_AUTO] = "auto", [STORAGE_AUTH_KEY] = "key",
					    [STORAGE_AUTH_SAS] = "sas", [STORAGE_AUTH_LOGIN] = "login"};
	for (guint i = 0; text && i < G_N_ELEMENTS(names); i++)
		if (g_ascii_strcasecmp(text, names[i]) == 0) {
			*out = (StorageAuthMode)i;
			return TRUE;
		}
	return FALSE;
}

void storage_auth_set(StorageAuthMode mode, const char *sas)
{
	auth.set = TRUE;
	auth.mode = mode;
	if (auth.sas)
		memset(auth.sas, 0, strlen(auth.sas));
	g_free(auth.sas);
	auth.sas = sas ? g_strdup(sas[0] == '?' ? sas + 1 : sas) : NULL;
}

StorageAuthMode storage_auth_mode(void)
{
	StorageAuthMode m = STORAGE_AUTH_AUTO;
	if (auth.set && auth.mode != STORAGE_AUTH_AUTO)
		return auth.mode;
	storage_auth_mode_parse(g_getenv("AZURE_STORAGE_AUTH_MODE"), &m);
	return m;
}

char *storage_auth_sas(void)
{
	if (auth.sas)
		return g_strdup(auth.sas);
	const char *env = g_getenv("AZURE_STORAGE_SAS_TOKEN");
	if (!env || !*env)
		return NULL;
	return g_strdup(env[0] == '?' ? env + 1 : env);
}

/* Reads what the environment holds for ACCOUNT into OUT: a connection string,
 * else AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY; OUT->account is then
 * set.  False when they name another account. */
static gboolean env_creds(const char *account, struct storage_creds *out, GError **error)
{
	memset(out, 0, sizeof *out);
	const char *cs = g_getenv("AZURE_STORAGE_CONNECTION_STRING");
	if (cs && *cs) {
		if (!storage_creds_parse_connection_string(cs, out, error)) {
			g_prefix_error(error, "AZURE_STORAGE_CONNECTION_STRING: ");
			return FALSE;
		}
	} else {
		const char *a = g_getenv("AZURE_STORAGE_ACCOUNT"), *k = g_getenv("AZURE_STORAGE_KEY");
		if (a && *a && k && *k) {
			out->account = g_strdup(a);
			out->key = g_strdup(k);
		}
	}
	if (account && out->account && strcmp(account, out->account) != 0) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH,
			    "the credentials in the environment are for account '%s', not '%s'",
			    out->account, account);
		storage_creds_clear(out);
		return FALSE;
	}
	if (!out->account)
		out->account = g_strdup(account);
	if (!out->endpoint && out->account)
		out->endpoint = g_strdup_printf("https://%s.blob.core.windows.net", out->account);
	return TRUE;
}

static void forget(char **secret)
{
	if (*secret)
		memset(*secret, 0, strlen(*secret));
	g_clear_pointer(secret, g_free);
}

gboolean storage_creds_from_env(const char *account, struct storage_creds *out, GError **error)
{
	if (!env_creds(account, out, error))
		return FALSE;
	g_autofree char *sas = storage_auth_sas();
	StorageAuthMode mode = storage_auth_mode();
	if (sas) {
		forget(&out->sas);
		out->sas = g_steal_pointer(&sas);
	}
	if (mode == STORAGE_AUTH_AUTO)
		mode = out->key ? STORAGE_AUTH_KEY : out->sas ? STORAGE_AUTH_SAS : STORAGE_AUTH_LOGIN;
	if (mode != STORAGE_AUTH_KEY)
		forget(&out->key);
	if (mode != STORAGE_AUTH_SAS)
		forget(&out->sas);
	out->bearer = mode == STORAGE_AUTH_LOGIN;
	if (mode == STORAGE_AUTH_KEY && !out->key) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH,
			    "no account key: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT and "
			    "AZURE_STORAGE_KEY");
	} else if (mode == STORAGE_AUTH_SAS && !out->sas) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH,
			    "no SAS: give --sas-file, or set AZURE_STORAGE_SAS_TOKEN or a connection string with "
			    "SharedAccessSignature");
	} else if (!out->account) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH, "no account named");
	} else {
		return TRUE;
	}
	storage_creds_clear(out);
	return FALSE;
}

gboolean storage_is_remote(const char *text)
{
	return g_str_has_prefix(text, "http://") || g_str_has_prefix(text, "https://") ||
	       g_str_has_prefix(text, "az://");
}

/* Replaces the value after each case-insensitive KEY in S up to a STOP char. */
static void redact_after(GString *s, const char *key, const char *stops)
{
	size_t klen = strlen(key);
	for (size_t i = 0; i + klen <= s->len; i++) {
		if (g_ascii_strncasecmp(s->str + i, key, klen) != 0)
			continue;
		if (i > 0 && (g_ascii_isalnum(s->str[i - 1]) || s->str[i - 1] == '_'))
			continue;
		size_t start = i + klen, end = start;
		while (end < s->len && !strchr(stops, s->str[end]))
			end++;
		g_string_erase(s, (gssize)start, (gssize)(end - start));
		g_string_insert(s, (gssize)start, "REDACTED");
		i = start + 8 - 1;
	}
}

char *storage_redact(const char *text)
{
	if (!text)
		return NULL;
	GString *s = g_string_new(text);
	redact_after(s, "sig=", "&# \t\r\n'\":,;)");
	redact_after(s, "AccountKey=", "; \t\r\n'\"");
	redact_after(s, "SharedKey ", ":");
	redact_after(s, "Bearer ", " \t\r\n'\",;");
	redact_after(s, "SharedAccessSignature=", "; \t\r\n'\"");
	return g_string_free(s, FALSE);
}

char *storage_path_encode(const char *name)
{
	return g_uri_escape_string(name, "/!$&'()*+,;=:@~", FALSE);
}

/* Whether HOST addresses the account in the path (emulators, IP literals). */
static gboolean path_style(const char *host)
{
	if (g_hostname_is_ip_address(host) || g_ascii_strcasecmp(host, "localhost") == 0)
		return TRUE;
	return host[0] == '[';
}

/* Splits the decoded path P ("/a/b/c") into the first segment and the rest. */
static void split_first(const char *p, char **first, char **rest)
{
	while (*p == '/')
		p++;
	const char *slash = strchr(p, '/');
	*first = slash ? g_strndup(p, (gsize)(slash - p)) : g_strdup(p);
	*rest = g_strdup(slash ? slash + 1 : "");
}

/* Whether QUERY (may be NULL) has a parameter NAME=VALUE (VALUE NULL: any). */
static gboolean has_param(const char *query, const char *name, const char *value)
{
	if (!query)
		return FALSE;
	g_auto(GStrv) parts = g_strsplit(query, "&", -1);
	size_t n = strlen(name);
	for (char **p = parts; *p; p++)
		if (g_ascii_strncasecmp(*p, name, n) == 0 && (*p)[n] == '=' &&
		    (!value || g_ascii_strcasecmp(*p + n + 1, value) == 0))
			return TRUE;
	return FALSE;
}

/* Fills the azure fields from the URL's decoded path. */
static void azure_names(struct storage_source *s, const char *host, const char *dpath)
{
	g_autofree char *first = NULL, *rest = NULL;
	if (path_style(host)) {
		split_first(dpath, &s->account, &rest);
		split_first(rest, &first, &s->name);
		s->container = g_steal_pointer(&first);
	} else {
		const char *dot = strchr(host, '.');
		s->account = dot ? g_strndup(host, (gsize)(dot - host)) : g_strdup(host);
		split_first(dpath, &s->container, &s->name);
	}
	g_autofree char *cont = storage_path_encode(s->container);
	if (path_style(host)) {
		g_autofree char *acct = storage_path_encode(s->account);
		s->cpath = g_strdup_printf("/%s/%s", acct, cont);
	} else {
		s->cpath = g_strdup_printf("/%s", cont);
	}
	gboolean restype = has_param(s->sas, "restype", "container");
	s->listing = restype || s->name[0] == '\0' || g_str_has_suffix(s->name, "/");
}

/* Appends SAS to the query of S. */
static void add_sas(struct storage_source *s, char *sas)
{
	char *q = s->sas ? g_strconcat(s->sas, "&", sas, NULL) : g_strdup(sas);
	g_free(s->sas);
	s->sas = q;
}

/* How a URL source is authorized: a SAS it has is used as is (not with a
 * token); without one, --auth sas (or a --sas-file SAS) adds the SAS given
 * apart, --auth login a token, --auth key the environment's account key. */
static gboolean url_auth(struct storage_source *s, GError **error)
{
	StorageAuthMode mode = storage_auth_mode();
	gboolean has_sig = has_param(s->sas, "sig", NULL);
	/* --auth login and a SAS in the URL contradict each other; the
	 * environment's AZURE_STORAGE_AUTH_MODE=login, often set for good, does
	 * not overrule a SAS given for this one source */
	if (has_sig && mode == STORAGE_AUTH_LOGIN && auth.set && auth.mode == STORAGE_AUTH_LOGIN) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_USAGE,
			    "the URL has a SAS and --auth login signs in instead: give the URL without its query");
		return FALSE;
	}
	if (has_sig || mode == STORAGE_AUTH_AUTO) {
		g_autofree char *given = auth.sas ? g_strdup(auth.sas) : NULL; /* --sas-file only */
		if (!has_sig && given) {
			add_sas(s, given);
			s->azure = TRUE;
		}
		return TRUE;
	}
	s->azure = TRUE;
	if (mode == STORAGE_AUTH_SAS) {
		g_autofree char *sas = storage_auth_sas();
		if (!sas) {
			g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH,
				    "no SAS: give --sas-file or set AZURE_STORAGE_SAS_TOKEN");
			return FALSE;
		}
		add_sas(s, sas);
		memset(sas, 0, strlen(sas));
		return TRUE;
	}
	if (mode == STORAGE_AUTH_LOGIN) {
		s->creds.bearer = TRUE;
		return TRUE;
	}
	/* key: the account is the URL's, known once the names are read */
	return TRUE;
}

/* --auth key on a URL: the account key of the URL's account. */
static gboolean url_key(struct storage_source *s, GError **error)
{
	if (!s->azure || s->creds.bearer || has_param(s->sas, "sig", NULL) || storage_auth_mode() != STORAGE_AUTH_KEY)
		return TRUE;
	struct storage_creds c;
	if (!env_creds(s->account, &c, error))
		return FALSE;
	if (!c.key) {
		storage_creds_clear(&c);
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_AUTH,
			    "no account key: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT and "
			    "AZURE_STORAGE_KEY");
		return FALSE;
	}
	forget(&c.sas);
	s->creds = c;
	return TRUE;
}

static gboolean parse_url(const char *text, struct storage_source *out, GError **error)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(GUri) uri = g_uri_parse(text, G_URI_FLAGS_ENCODED, &err);
	if (!uri || !g_uri_get_host(uri) || !*g_uri_get_host(uri)) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_USAGE, "not a URL");
		return FALSE;
	}
	const char *host = g_uri_get_host(uri);
	int port = g_uri_get_port(uri);
	gboolean v6 = strchr(host, ':') != NULL;
	out->base = port > 0 ? g_strdup_printf("%s://%s%s%s:%d", g_uri_get_scheme(uri), v6 ? "[" : "", host,
					       v6 ? "]" : "", port)
			     : g_strdup_printf("%s://%s%s%s", g_uri_get_scheme(uri), v6 ? "[" : "", host, v6 ? "]" : "");
	out->path = g_strdup(*g_uri_get_path(uri) ? g_uri_get_path(uri) : "/");
	const char *q = g_uri_get_query(uri);
	out->sas = q && *q ? g_strdup(q) : NULL;
	gboolean sas = has_param(out->sas, "sig", NULL) || has_param(out->sas, "restype", "container");
	out->azure = sas || strstr(host, ".blob.") != NULL;
	if (!url_auth(out, error))
		return FALSE;
	if (out->azure) {
		g_autofree char *dpath = g_uri_unescape_string(out->path, NULL);
		azure_names(out, host, dpath ? dpath : out->path);
	}
	return url_key(out, error);
}

/* az://ACCOUNT/CONTAINER/PREFIX with credentials from the environment. */
static gboolean parse_az(const char *text, struct storage_source *out, GError **error)
{
	const char *p = text + strlen("az://");
	g_autofree char *rest = NULL;
	split_first(p, &out->account, &rest);
	split_first(rest, &out->container, &out->name);
	if (!*out->account || !*out->container) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_USAGE,
			    "an az:// source is az://ACCOUNT/CONTAINER[/PATH]");
		return FALSE;
	}
	if (!storage_creds_from_env(out->account, &out->creds, error))
		return FALSE;
	out->sas = g_steal_pointer(&out->creds.sas);
	out->azure = TRUE;
	out->listing = out->name[0] == '\0' || g_str_has_suffix(out->name, "/");
	g_autoptr(GUri) ep = g_uri_parse(out->creds.endpoint, G_URI_FLAGS_ENCODED, NULL);
	if (!ep || !g_uri_get_host(ep)) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_USAGE, "the blob endpoint is not a URL");
		return FALSE;
	}
	const char *sl = strstr(out->creds.endpoint, "://");
	const char *path_start = strchr(sl + 3, '/');
	out->base = path_start ? g_strndup(out->creds.endpoint, (gsize)(path_start - out->creds.endpoint))
			       : g_strdup(out->creds.endpoint);
	g_autofree char *cont = storage_path_encode(out->container);
	g_autofree char *name = storage_path_encode(out->name);
	out->cpath = g_strdup_printf("%s/%s", path_start ? path_start : "", cont);
	out->path = g_strdup_printf("%s/%s", out->cpath, name);
	return TRUE;
}

gboolean storage_source_parse(const char *text, struct storage_source *out, GError **error)
{
	memset(out, 0, sizeof *out);
	out->display = storage_redact(text);
	gboolean ok;
	if (g_str_has_prefix(text, "az://"))
		ok = parse_az(text, out, error);
	else if (g_str_has_prefix(text, "http://") || g_str_has_prefix(text, "https://"))
		ok = parse_url(text, out, error);
	else {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_USAGE,
			    "not an http(s) URL or az://ACCOUNT/CONTAINER/PATH");
		ok = FALSE;
	}
	if (ok && out->creds.bearer && !g_str_has_prefix(out->base, "https://")) {
		/* as the SDKs: a token never crosses the network in the clear */
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_USAGE,
			    "a sign-in token is sent over https only, and the endpoint is '%s'", out->base);
		ok = FALSE;
	}
	if (ok && out->creds.bearer) {
		/* a failure to sign in names the source, and the token is cached */
		char *token = storage_token_get(error);
		ok = token != NULL;
		storage_token_free(token);
		/* nothing found at all: say that no key or SAS was found either */
		if (!ok && storage_auth_mode() == STORAGE_AUTH_AUTO && error && *error &&
		    g_str_has_prefix((*error)->message, "cannot sign in:"))
			g_prefix_error(error, "no account key or SAS in the environment, and ");
	}
	if (!ok) {
		g_autofree char *d = g_steal_pointer(&out->display);
		storage_source_clear(out);
		out->display = g_steal_pointer(&d);
	}
	return ok;
}

char *storage_blob_url(const struct storage_source *s, const char *name)
{
	g_autofree char *enc = storage_path_encode(name);
	g_autofree char *q = NULL;
	if (s->sas) {
		/* a container SAS minus restype/comp, which address the container */
		GString *keep = g_string_new(NULL);
		g_auto(GStrv) parts = g_strsplit(s->sas, "&", -1);
		for (char **p = parts; *p; p++) {
			if (!**p || g_str_has_prefix(*p, "restype=") || g_str_has_prefix(*p, "comp="))
				continue;
			g_string_append_printf(keep, "%s%s", keep->len ? "&" : "", *p);
		}
		q = g_string_free(keep, FALSE);
	}
	return g_strdup_printf("%s%s/%s%s%s", s->base, s->cpath, enc, q && *q ? "?" : "", q && *q ? q : "");
}

char *storage_source_url(const struct storage_source *s)
{
	return g_strdup_printf("%s%s%s%s", s->base, s->path, s->sas ? "?" : "", s->sas ? s->sas : "");
}
