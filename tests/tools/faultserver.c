/* faultserver.c — a plain-HTTP server on 127.0.0.1 that misbehaves on cue,
 * for the download tests.  It serves one blob of SIZE bytes at any path:
 *
 *     faultserver MODE SIZE PORTFILE LOGFILE     serve (port written to PORTFILE)
 *     faultserver --dump VERSION SIZE            print the blob's bytes
 *     faultserver MODE SIZE PORTFILE LOGFILE FILE
 *                                                serve FILE's bytes instead (SIZE unused)
 *
 * MODE: ok      whole blob (200), ranges (206), If-None-Match (304)
 *       cut     the first answer stops halfway, then ranges are served
 *       busy    503 twice, then as ok
 *       badmd5  a Content-MD5 that does not match the bytes
 *       nomd5   as ok, without Content-MD5
 *       change  the first answer stops halfway; then the blob is version 2,
 *               so If-Match on version 1 gets 412
 *       reset   the first connection is closed at once, unanswered; then as ok
 *       hang    reads the request and never answers
 *       retryafter  503 with "Retry-After: 1", then 429 with Retry-After as
 *               an HTTP date two seconds ahead, then as ok
 *       error500  500 with "Retry-After: 1" once, then as ok
 *       drip    as ok, the body at 20000 bytes a second (drip:N: N bytes a second)
 *       forward:PORT  passes every request on to 127.0.0.1:PORT (the storage
 *               emulator) and its answer back, but answers the first Put
 *               Block List (PUT ...comp=blocklist) with 500 itself: an upload
 *               interrupted after its blocks; logs "METHOD comp=C -> STATUS"
 *       redirect:PORT  answers every request with 307 to the same path and
 *               query on 127.0.0.1:PORT
 * A TLS handshake gets a plain HTTP answer (for the TLS failure test).  As a
 * proxy: a request for an absolute URL is answered as any other; CONNECT is
 * logged as "CONNECT HOST:PORT" and refused with 403 (for the https_proxy test).
 * Each request is logged to LOGFILE as "GET range=N|- if-match=E|- -> STATUS". */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

static guchar byte_at(guint64 i, int version)
{
	return (guchar)((i * 131 + (guint64)version * 7 + (i >> 8)) & 0xff);
}

static GBytes *file_blob; /* FILE's bytes when one is served, or NULL */

static guchar *blob(int version, size_t size)
{
	if (file_blob)
		return g_memdup2(g_bytes_get_data(file_blob, NULL), MAX(size, 1));
	guchar *b = g_malloc(size ? size : 1);
	for (size_t i = 0; i < size; i++)
		b[i] = byte_at(i, version);
	return b;
}

static char *md5_b64(const guchar *data, size_t len)
{
	g_autoptr(GChecksum) ck = g_checksum_new(G_CHECKSUM_MD5);
	g_checksum_update(ck, data, len);
	guint8 d[16];
	gsize dl = sizeof d;
	g_checksum_get_digest(ck, d, &dl);
	return g_base64_encode(d, dl);
}

static void write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t k = write(fd, c, n);
		if (k <= 0)
			return;
		c += k;
		n -= (size_t)k;
	}
}

/* Writes N bytes of P at RATE bytes a second, in tenths of a second. */
static void drip(int fd, const guchar *p, size_t n, guint64 rate)
{
	size_t step = MAX(rate / 10, 1);
	while (n > 0) {
		size_t k = MIN(step, n);
		ssize_t w = write(fd, p, k);
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
		g_usleep(100000);
	}
}

/* The value of header NAME in the request REQ, or NULL. */
static char *header(const char *req, const char *name)
{
	g_auto(GStrv) lines = g_strsplit(req, "\r\n", -1);
	for (char **l = lines; *l; l++) {
		size_t n = strlen(name);
		if (g_ascii_strncasecmp(*l, name, n) == 0 && (*l)[n] == ':')
			return g_strstrip(g_strdup(*l + n + 1));
	}
	return NULL;
}

struct state {
	const char *mode;
	size_t size;
	int requests;
	int version;
	FILE *log;
	int version_failed;  /* forward: the Put Block List was failed once */
};

static void answer(int fd, const char *req, struct state *st)
{
	g_autofree char *range = header(req, "Range");
	g_autofree char *if_match = header(req, "If-Match");
	g_autofree char *if_none = header(req, "If-None-Match");
	g_autofree guchar *b = blob(st->version, st->size);
	g_autofree char *md5 = md5_b64(b, st->size);
	g_autofree char *etag = g_strdup_printf("\"v%d\"", st->version);
	guint64 from = 0;
	if (range)
		from = g_ascii_strtoull(range + strlen("bytes="), NULL, 10);
	int status;
	const char *extra = "";
	g_autofree char *date_extra = NULL;
	st->requests++;
	if (strcmp(st->mode, "busy") == 0 && st->requests <= 2)
		status = 503;
	else if (strcmp(st->mode, "retryafter") == 0 && st->requests == 1)
		status = 503, extra = "Retry-After: 1\r\n";
	else if (strcmp(st->mode, "retryafter") == 0 && st->requests == 2) {
		/* an HTTP date in English whatever the locale */
		static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
		static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
						 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
		time_t t = time(NULL) + 2;
		struct tm tm;
		gmtime_r(&t, &tm);
		date_extra = g_strdup_printf("Retry-After: %s, %02d %s %d %02d:%02d:%02d GMT\r\n", wd[tm.tm_wday],
					     tm.tm_mday, mo[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
		status = 429, extra = date_extra;
	} else if (strcmp(st->mode, "error500") == 0 && st->requests == 1)
		status = 500, extra = "Retry-After: 1\r\n";
	else if (if_match && strcmp(if_match, etag) != 0)
		status = 412;
	else if (if_none && strcmp(if_none, etag) == 0)
		status = 304;
	else
		status = range ? 206 : 200;
	fprintf(st->log, "GET range=%s if-match=%s -> %d\n", range ? range + 6 : "-", if_match ? if_match : "-", status);
	fflush(st->log);
	GString *h = g_string_new(NULL);
	if (status != 200 && status != 206) {
		g_string_append_printf(h, "HTTP/1.1 %d %s\r\n%sContent-Length: 0\r\nConnection: close\r\n\r\n", status,
				       status == 503 ? "Service Unavailable" : status == 412 ? "Precondition Failed"
				       : status == 429 ? "Too Many Requests" : status == 500 ? "Internal Server Error"
				       : "Not Modified", extra);
		write_all(fd, h->str, h->len);
		g_string_free(h, TRUE);
		return;
	}
	size_t len = st->size - (size_t)from;
	if (status == 206)
		g_string_append_printf(h, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes %" G_GUINT64_FORMAT "-%zu/%zu\r\n",
				       from, st->size - 1, st->size);
	else
		g_string_append(h, "HTTP/1.1 200 OK\r\n");
	const char *sent_md5 = strcmp(st->mode, "badmd5") == 0 ? "AAAAAAAAAAAAAAAAAAAAAA==" : md5;
	gboolean say_md5 = status == 200 && strcmp(st->mode, "nomd5") != 0;
	g_string_append_printf(h, "Content-Length: %zu\r\nETag: %s\r\n%s%s%sConnection: close\r\n\r\n", len, etag,
			       say_md5 ? "Content-MD5: " : "", say_md5 ? sent_md5 : "", say_md5 ? "\r\n" : "");
	write_all(fd, h->str, h->len);
	g_string_free(h, TRUE);
	gboolean cut = st->requests == 1 && (strcmp(st->mode, "cut") == 0 || strcmp(st->mode, "change") == 0);
	if (g_str_has_prefix(st->mode, "drip"))
		drip(fd, b + from, len, st->mode[4] == ':' ? g_ascii_strtoull(st->mode + 5, NULL, 10) : 20000);
	else
		write_all(fd, b + from, cut ? len / 2 : len);
	if (cut && strcmp(st->mode, "change") == 0)
		st->version = 2;
}

/* Reads the rest of request REQ's body (Content-Length) from FD. */
static void read_body(int fd, GString *req)
{
	const char *end = strstr(req->str, "\r\n\r\n");
	g_autofree char *cl = header(req->str, "Content-Length");
	size_t want = (size_t)(end - req->str) + 4 + (cl ? (size_t)g_ascii_strtoull(cl, NULL, 10) : 0);
	char buf[65536];
	while (req->len < want) {
		ssize_t k = read(fd, buf, MIN(sizeof buf, want - req->len));
		if (k <= 0)
			return;
		g_string_append_len(req, buf, k);
	}
}

/* forward:PORT: passes REQ to the upstream and its answer back to FD. */
static void forward(int fd, GString *req, struct state *st)
{
	read_body(fd, req);
	int port = atoi(st->mode + strlen("forward:"));
	const char *sp = strchr(req->str, ' ');
	const char *comp = strstr(req->str, "comp=");
	const char *eol = strstr(req->str, "\r\n");
	g_autofree char *method = g_strndup(req->str, sp ? (size_t)(sp - req->str) : 0);
	g_autofree char *c = comp && comp < eol ? g_strndup(comp + 5, strcspn(comp + 5, "& ")) : g_strdup("-");
	st->requests++;
	if (strcmp(method, "PUT") == 0 && strcmp(c, "blocklist") == 0 && !st->version_failed) {
		st->version_failed = 1;
		fprintf(st->log, "%s comp=%s -> 500 (interrupted here)\n", method, c);
		fflush(st->log);
		const char *no = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
		write_all(fd, no, strlen(no));
		return;
	}
	/* the same request with "Connection: close", so the answer ends with the connection */
	const char *hend = strstr(req->str, "\r\n\r\n");
	GString *out = g_string_new(NULL);
	g_autofree char *head = g_strndup(req->str, (size_t)(hend - req->str));
	g_auto(GStrv) lines = g_strsplit(head, "\r\n", -1);
	for (char **l = lines; *l; l++)
		if (g_ascii_strncasecmp(*l, "Connection:", 11) != 0)
			g_string_append_printf(out, "%s\r\n", *l);
	g_string_append(out, "Connection: close\r\n\r\n");
	g_string_append_len(out, hend + 4, (gssize)(req->len - (size_t)(hend + 4 - req->str)));
	int up = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK), .sin_port = htons((uint16_t)port)};
	int status = 0;
	if (connect(up, (struct sockaddr *)&a, sizeof a) == 0) {
		write_all(up, out->str, out->len);
		char buf[65536];
		ssize_t k;
		gboolean first = TRUE;
		while ((k = read(up, buf, sizeof buf)) > 0) {
			if (first && k > 12)
				status = atoi(buf + 9);
			first = FALSE;
			write_all(fd, buf, (size_t)k);
		}
	}
	close(up);
	g_string_free(out, TRUE);
	fprintf(st->log, "%s comp=%s -> %d\n", method, c, status);
	fflush(st->log);
}

static void serve(int lfd, struct state *st)
{
	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			continue;
		GString *req = g_string_new(NULL);
		char buf[4096];
		while (!strstr(req->str, "\r\n\r\n")) {
			ssize_t k = read(fd, buf, sizeof buf);
			if (k <= 0)
				break;
			g_string_append_len(req, buf, k);
			if (req->str[0] == 0x16)
				break; /* a TLS handshake: answered in plain HTTP below */
		}
		if (req->len && req->str[0] == 0x16) {
			write_all(fd, "HTTP/1.1 400 Bad Request\r\n\r\n", 28);
			close(fd);
			g_string_free(req, TRUE);
			continue;
		}
		if (g_str_has_prefix(req->str, "CONNECT ")) {
			char *sp = strchr(req->str + 8, ' ');
			fprintf(st->log, "CONNECT %.*s\n", sp ? (int)(sp - req->str - 8) : 0, req->str + 8);
			fflush(st->log);
			const char *no = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
			write_all(fd, no, strlen(no));
			close(fd);
			g_string_free(req, TRUE);
			continue;
		}
		if (g_str_has_prefix(st->mode, "redirect:")) {
			const char *sp = strchr(req->str, ' ');
			size_t tl = sp ? strcspn(sp + 1, " ") : 0;
			g_autofree char *h = g_strdup_printf("HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:%s%.*s\r\n"
							     "Content-Length: 0\r\nConnection: close\r\n\r\n",
							     st->mode + strlen("redirect:"), (int)tl, sp ? sp + 1 : "");
			write_all(fd, h, strlen(h));
			fprintf(st->log, "-> 307\n");
			fflush(st->log);
			g_string_free(req, TRUE);
			shutdown(fd, SHUT_RDWR);
			close(fd);
			continue;
		}
		if (g_str_has_prefix(st->mode, "forward:")) {
			forward(fd, req, st);
			g_string_free(req, TRUE);
			shutdown(fd, SHUT_RDWR);
			close(fd);
			continue;
		}
		if (strcmp(st->mode, "hang") == 0) {
			fprintf(st->log, "GET (no answer)\n");
			fflush(st->log);
			g_string_free(req, TRUE);
			continue; /* the connection stays open, silent */
		}
		if (strcmp(st->mode, "reset") == 0 && st->requests++ == 0) {
			fprintf(st->log, "GET (closed)\n");
			fflush(st->log);
			struct linger lg = {1, 0}; /* close with a TCP reset */
			setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
			close(fd);
			g_string_free(req, TRUE);
			continue;
		}
		answer(fd, req->str, st);
		g_string_free(req, TRUE);
		shutdown(fd, SHUT_RDWR);
		close(fd);
	}
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--dump") == 0) {
		size_t size = (size_t)g_ascii_strtoull(argv[3], NULL, 10);
		g_autofree guchar *b = blob((int)g_ascii_strtoull(argv[2], NULL, 10), size);
		fwrite(b, 1, size, stdout);
		return 0;
	}
	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: faultserver MODE SIZE PORTFILE LOGFILE [FILE] | --dump VERSION SIZE\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	alarm(120); /* never outlive a test run */
	struct state st = {argv[1], (size_t)g_ascii_strtoull(argv[2], NULL, 10), 0, 1, fopen(argv[4], "w"), 0};
	if (argc == 6) {
		gchar *data;
		gsize len;
		if (!g_file_get_contents(argv[5], &data, &len, NULL)) {
			fprintf(stderr, "faultserver: cannot read '%s'\n", argv[5]);
			return 1;
		}
		file_blob = g_bytes_new_take(data, len);
		st.size = len;
	}
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof a;
	if (!st.log || bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 16) != 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &al) != 0) {
		perror("faultserver");
		return 1;
	}
	g_autofree char *port = g_strdup_printf("%d\n", ntohs(a.sin_port));
	g_file_set_contents(argv[3], port, -1, NULL);
	serve(lfd, &st);
	return 0;
}
