/* tinyhttp.c — a minimal HTTP/1.0 server and client for the capture tests
 * (traffic the 5-tuple filter must leave out), so they need no other web
 * server.
 *   tinyhttp serve ADDR PORT   answers every GET with a small page, forever
 *   tinyhttp get ADDR PORT     fetches / and prints the status line */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

static int usage(void)
{
	fputs("usage: tinyhttp serve|get ADDR PORT\n", stderr);
	return 2;
}

static bool make_addr(const char *addr, const char *port, struct sockaddr_in *sa)
{
	guint64 p;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	if (!g_ascii_string_to_unsigned(port, 10, 1, 65535, &p, NULL) || inet_pton(AF_INET, addr, &sa->sin_addr) != 1)
		return false;
	sa->sin_port = htons((uint16_t)p);
	return true;
}

static int serve(const struct sockaddr_in *sa)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (s < 0 || bind(s, (const struct sockaddr *)sa, sizeof *sa) != 0 || listen(s, 16) != 0) {
		perror("tinyhttp: serve");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		int c = accept(s, NULL, NULL);
		if (c < 0)
			continue;
		char req[2048];
		ssize_t n = read(c, req, sizeof req);
		(void)n;
		static const char page[] = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n";
		if (write(c, page, sizeof page - 1) < 0)
			perror("tinyhttp: write");
		close(c);
	}
}

static int get(const struct sockaddr_in *sa)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (const struct sockaddr *)sa, sizeof *sa) != 0) {
		perror("tinyhttp: get");
		return 1;
	}
	static const char req[] = "GET / HTTP/1.0\r\n\r\n";
	char buf[4096];
	ssize_t n, total = 0;
	if (write(s, req, sizeof req - 1) < 0)
		return 1;
	while ((n = read(s, buf + total, sizeof buf - 1 - (size_t)total)) > 0)
		total += n;
	close(s);
	buf[total] = '\0';
	char *eol = strstr(buf, "\r\n");
	if (eol)
		*eol = '\0';
	puts(buf);
	return strncmp(buf, "HTTP/1.0 200", 12) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	if (argc != 4 || !make_addr(argv[2], argv[3], &sa))
		return usage();
	if (strcmp(argv[1], "serve") == 0)
		return serve(&sa);
	if (strcmp(argv[1], "get") == 0)
		return get(&sa);
	return usage();
}
