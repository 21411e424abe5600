/* tokenserver.c — the Microsoft Entra ID token endpoints on 127.0.0.1, for
 * the sign-in tests, handing out tokens the storage emulator accepts (a JWT
 * whose audience is the storage resource and whose issuer is an Entra one;
 * the emulator does not check signatures):
 *
 *     tokenserver PORTFILE LOGFILE TOKENS [NAME=VALUE...]    serve
 *     tokenserver mint TOKENS LIFETIME                        print "TOKEN EXPIRES"
 *
 * It serves
 *   POST /TENANT/oauth2/v2.0/token          client credentials (a secret or
 *                                           a client assertion)
 *   GET  /metadata/identity/oauth2/token    the instance metadata endpoint
 *                                           (needs "Metadata: true")
 *   GET  /msi/token                         the App Service identity endpoint
 *                                           (needs X-IDENTITY-HEADER)
 * NAME=VALUE: client= (the client id expected, "app"), secret= ("s3cret"),
 * assertion= ("fed-assertion"), header= (the identity header, "idh"),
 * lifetime= (seconds, 3600), says= (the lifetime the answers state, when it
 * should differ from the token's own), imds=none (the metadata endpoint
 * answers 400: no identity).  Every token made is appended to TOKENS (one a line) and
 * every request logged to LOGFILE as "METHOD PATH WHAT -> STATUS", never
 * with a secret. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

struct conf {
	const char *client, *secret, *assertion, *header, *imds;
	guint64 lifetime;
	gint64 says;            /* the lifetime answers state, -1: the real one */
	const char *tokens;
	FILE *log;
	guint count;
};

static char *b64url(const void *data, gsize len)
{
	char *s = g_base64_encode(data, len);
	for (char *p = s; *p; p++)
		*p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	char *eq = strchr(s, '=');
	if (eq)
		*eq = '\0';
	return s;
}

/* A new token for TENANT/CLIENT valid for LIFETIME s; appended to TOKENS. */
static char *mint(const char *tokens, const char *tenant, const char *client, guint64 lifetime, gint64 *exp)
{
	static guint serial;
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	*exp = now + (gint64)lifetime;
	const char *hdr = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
	g_autofree char *payload = g_strdup_printf(
		"{\"aud\":\"https://storage.azure.com\",\"iss\":\"https://sts.windows.net/%s/\",\"iat\":%" G_GINT64_FORMAT
		",\"nbf\":%" G_GINT64_FORMAT ",\"exp\":%" G_GINT64_FORMAT ",\"appid\":\"%s\",\"pid\":%d,\"n\":%u}",
		tenant, now, now - 60, *exp, client, (int)getpid(), ++serial);
	guint8 sig[32];
	for (size_t i = 0; i < sizeof sig; i++)
		sig[i] = (guint8)g_random_int_range(0, 256);
	g_autofree char *h = b64url(hdr, strlen(hdr));
	g_autofree char *p = b64url(payload, strlen(payload));
	g_autofree char *s = b64url(sig, sizeof sig);
	char *jwt = g_strdup_printf("%s.%s.%s", h, p, s);
	FILE *f = fopen(tokens, "a");
	if (f) {
		fprintf(f, "%s\n", jwt);
		fclose(f);
	}
	return jwt;
}

/* The value of NAME in the form or query TEXT (decoded), or NULL. */
static char *param(const char *text, const char *name)
{
	g_auto(GStrv) parts = g_strsplit(text ? text : "", "&", -1);
	size_t n = strlen(name);
	for (char **p = parts; *p; p++)
		if (strncmp(*p, name, n) == 0 && (*p)[n] == '=') {
			g_autofree char *plus = g_strdup(*p + n + 1);
			for (char *c = plus; *c; c++)
				if (*c == '+')
					*c = ' ';
			return g_uri_unescape_string(plus, NULL);
		}
	return NULL;
}

/* The value of header NAME (any case) in the request head REQ, or NULL. */
static char *header(const char *req, const char *name)
{
	g_auto(GStrv) lines = g_strsplit(req, "\r\n", -1);
	size_t n = strlen(name);
	for (char **l = lines + 1; *l && **l; l++)
		if (g_ascii_strncasecmp(*l, name, n) == 0 && (*l)[n] == ':')
			return g_strstrip(g_strdup(*l + n + 1));
	return NULL;
}

static void reply(int fd, int status, const char *body)
{
	const char *reason = status == 200 ? "OK" : status == 400 ? "Bad Request" : status == 401 ? "Unauthorized"
							     : "Not Found";
	g_autofree char *head = g_strdup_printf("HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
						"Content-Length: %zu\r\nConnection: close\r\n\r\n",
						status, reason, strlen(body));
	if (write(fd, head, strlen(head)) < 0 || write(fd, body, strlen(body)) < 0)
		return;
}

/* POST /TENANT/oauth2/v2.0/token */
static int authority(struct conf *c, const char *tenant, const char *body, GString *what, char **out)
{
	g_autofree char *grant = param(body, "grant_type"), *client = param(body, "client_id");
	g_autofree char *scope = param(body, "scope"), *secret = param(body, "client_secret");
	g_autofree char *assertion = param(body, "client_assertion"), *atype = param(body, "client_assertion_type");
	g_string_append_printf(what, "grant=%s client=%s scope=%s %s", grant ? grant : "-", client ? client : "-",
			       scope ? scope : "-", secret ? "secret" : assertion ? "assertion" : "no-credential");
	gboolean good = grant && strcmp(grant, "client_credentials") == 0 && client && strcmp(client, c->client) == 0 &&
			scope && strcmp(scope, "https://storage.azure.com/.default") == 0 &&
			((secret && strcmp(secret, c->secret) == 0) ||
			 (assertion && strcmp(assertion, c->assertion) == 0 && atype &&
			  strcmp(atype, "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") == 0));
	if (!good) {
		*out = g_strdup("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client "
				"secret provided. Trace ID: 0000\\r\\nCorrelation ID: 1111\",\"error_codes\":[7000215]}");
		return 401;
	}
	gint64 exp;
	g_autofree char *jwt = mint(c->tokens, tenant, client, c->lifetime, &exp);
	guint64 says = c->says >= 0 ? (guint64)c->says : c->lifetime;
	*out = g_strdup_printf("{\"token_type\":\"Bearer\",\"expires_in\":%" G_GUINT64_FORMAT
			       ",\"ext_expires_in\":%" G_GUINT64_FORMAT ",\"access_token\":\"%s\"}",
			       says, says, jwt);
	return 200;
}

/* GET of the metadata or App Service endpoint: QUERY, and whether the
 * request carried the header it needs (OK). */
static int identity(struct conf *c, gboolean imds, const char *query, gboolean ok, GString *what, char **out)
{
	g_autofree char *version = param(query, "api-version"), *resource = param(query, "resource");
	g_autofree char *client = param(query, "client_id");
	g_string_append_printf(what, "api-version=%s resource=%s client=%s header=%s", version ? version : "-",
			       resource ? resource : "-", client ? client : "-", ok ? "yes" : "no");
	if (!ok || !resource || strcmp(resource, "https://storage.azure.com/") != 0) {
		*out = g_strdup("{\"error\":\"invalid_request\",\"error_description\":\"bad request\"}");
		return 400;
	}
	if (imds && c->imds && strcmp(c->imds, "none") == 0) {
		*out = g_strdup("{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}");
		return 400;
	}
	gint64 exp;
	g_autofree char *jwt = mint(c->tokens, "mi-tenant", client ? client : "mi", c->lifetime, &exp);
	*out = g_strdup_printf("{\"access_token\":\"%s\",\"client_id\":\"mi\",\"expires_in\":\"%" G_GUINT64_FORMAT
			       "\",\"expires_on\":\"%" G_GINT64_FORMAT "\",\"not_before\":\"0\",\"resource\":\"%s\","
			       "\"token_type\":\"Bearer\"}",
			       jwt, c->lifetime, exp, resource);
	return 200;
}

static void handle(struct conf *c, int fd, const char *req, const char *body)
{
	char method[8] = "", target[2048] = "";
	if (sscanf(req, "%7s %2047s", method, target) != 2)
		return;
	char *q = strchr(target, '?');
	if (q)
		*q++ = '\0';
	g_autoptr(GString) what = g_string_new(NULL);
	g_autofree char *out = NULL;
	int status;
	g_auto(GStrv) seg = g_strsplit(target + 1, "/", -1);
	if (strcmp(method, "POST") == 0 && g_strv_length(seg) == 4 && strcmp(seg[1], "oauth2") == 0 &&
	    strcmp(seg[2], "v2.0") == 0 && strcmp(seg[3], "token") == 0) {
		status = authority(c, seg[0], body, what, &out);
	} else if (strcmp(method, "GET") == 0 && strcmp(target, "/metadata/identity/oauth2/token") == 0) {
		g_autofree char *m = header(req, "Metadata");
		status = identity(c, TRUE, q, m && strcmp(m, "true") == 0, what, &out);
	} else if (strcmp(method, "GET") == 0 && strcmp(target, "/msi/token") == 0) {
		g_autofree char *h = header(req, "X-IDENTITY-HEADER");
		status = identity(c, FALSE, q, h && strcmp(h, c->header) == 0, what, &out);
	} else {
		out = g_strdup("{}");
		status = 404;
	}
	fprintf(c->log, "%s %s %s -> %d\n", method, target, what->str, status);
	fflush(c->log);
	reply(fd, status, out);
}

static void serve(int lfd, struct conf *c)
{
	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			continue;
		GString *req = g_string_new(NULL);
		char buf[4096];
		char *end = NULL;
		while (!(end = strstr(req->str, "\r\n\r\n"))) {
			ssize_t k = read(fd, buf, sizeof buf);
			if (k <= 0)
				break;
			g_string_append_len(req, buf, k);
		}
		if (end) {
			size_t head = (size_t)(end - req->str) + 4;
			g_autofree char *cl = header(req->str, "Content-Length");
			size_t want = cl ? (size_t)g_ascii_strtoull(cl, NULL, 10) : 0;
			while (req->len < head + want) {
				ssize_t k = read(fd, buf, sizeof buf);
				if (k <= 0)
					break;
				g_string_append_len(req, buf, k);
			}
			g_autofree char *body = g_strndup(req->str + head, req->len - head);
			req->str[head] = '\0';
			handle(c, fd, req->str, body);
		}
		g_string_free(req, TRUE);
		shutdown(fd, SHUT_RDWR);
		close(fd);
	}
}

int main(int argc, char **argv)
{
	guint64 life = 3600;
	if (argc == 4 && strcmp(argv[1], "mint") == 0) {
		gint64 exp;
		if (!g_ascii_string_to_unsigned(argv[3], 10, 1, G_MAXUINT32, &life, NULL))
			return 2;
		g_autofree char *t = mint(argv[2], "cli-tenant", "cli", life, &exp);
		printf("%s %" G_GINT64_FORMAT "\n", t, exp);
		return 0;
	}
	if (argc < 4) {
		fprintf(stderr, "usage: tokenserver PORTFILE LOGFILE TOKENS [NAME=VALUE...] | mint TOKENS LIFETIME\n");
		return 2;
	}
	struct conf c = {"app", "s3cret", "fed-assertion", "idh", NULL, 3600, -1, argv[3], fopen(argv[2], "w"), 0};
	guint64 says;
	for (int i = 4; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		const char *v = eq ? eq + 1 : "";
		if (g_str_has_prefix(argv[i], "client="))
			c.client = v;
		else if (g_str_has_prefix(argv[i], "secret="))
			c.secret = v;
		else if (g_str_has_prefix(argv[i], "assertion="))
			c.assertion = v;
		else if (g_str_has_prefix(argv[i], "header="))
			c.header = v;
		else if (g_str_has_prefix(argv[i], "imds="))
			c.imds = v;
		else if (g_str_has_prefix(argv[i], "says=") && g_ascii_string_to_unsigned(v, 10, 0, G_MAXUINT32, &says, NULL))
			c.says = (gint64)says;
		else if (!g_str_has_prefix(argv[i], "lifetime=") ||
			 !g_ascii_string_to_unsigned(v, 10, 1, G_MAXUINT32, &c.lifetime, NULL)) {
			fprintf(stderr, "tokenserver: unknown setting '%s'\n", argv[i]);
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	alarm(600); /* never outlive a test run */
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof a;
	if (!c.log || bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 16) != 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &al) != 0) {
		perror("tokenserver");
		return 1;
	}
	g_autofree char *port = g_strdup_printf("%d\n", ntohs(a.sin_port));
	g_file_set_contents(argv[1], port, -1, NULL);
	serve(lfd, &c);
	return 0;
}
