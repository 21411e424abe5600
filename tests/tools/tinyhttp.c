/* tinyhttp.c — a minimal HTTP/1.0 server and client, and a UDP echo server
 * and client, for the capture tests (traffic the 5-tuple filters must keep
 * or leave out), so they need no other server.  ADDR is IPv4 or IPv6.
 *   tinyhttp serve ADDR PORT     answers every GET with a small page, forever
 *   tinyhttp get ADDR PORT       fetches / and prints the status line
 *   tinyhttp udpecho ADDR PORT   sends every datagram back, forever
 *   tinyhttp udp ADDR PORT       sends one datagram and waits for its echo
 *                                (up to 3 tries, a second each); exit 0 when
 *                                it came back */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

static int usage(void)
{
	fputs("usage: tinyhttp serve|get|udpecho|udp ADDR PORT\n", stderr);
	return 2;
}

static bool make_addr(const char *addr, const char *port, struct sockaddr_storage *ss, socklen_t *len)
{
	guint64 p;
	memset(ss, 0, sizeof *ss);
	if (!g_ascii_string_to_unsigned(port, 10, 1, 65535, &p, NULL))
		return false;
	struct sockaddr_in *sa = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sa6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, addr, &sa->sin_addr) == 1) {
		sa->sin_family = AF_INET;
		sa->sin_port = htons((uint16_t)p);
		*len = sizeof *sa;
		return true;
	}
	if (inet_pton(AF_INET6, addr, &sa6->sin6_addr) == 1) {
		sa6->sin6_family = AF_INET6;
		sa6->sin6_port = htons((uint16_t)p);
		*len = sizeof *sa6;
		return true;
	}
	return false;
}

static int serve(const struct sockaddr_storage *sa, socklen_t len)
{
	int s = socket(sa->ss_family, SOCK_STREAM, 0), one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (s < 0 || bind(s, (const struct sockaddr *)sa, len) != 0 || listen(s, 16) != 0) {
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

static int get(const struct sockaddr_storage *sa, socklen_t len)
{
	int s = socket(sa->ss_family, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (const struct sockaddr *)sa, len) != 0) {
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

static int udpecho(const struct sockaddr_storage *sa, socklen_t len)
{
	int s = socket(sa->ss_family, SOCK_DGRAM, 0);
	if (s < 0 || bind(s, (const struct sockaddr *)sa, len) != 0) {
		perror("tinyhttp: udpecho");
		return 1;
	}
	for (;;) {
		char buf[2048];
		struct sockaddr_storage from;
		socklen_t flen = sizeof from;
		ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
		if (n >= 0 && sendto(s, buf, (size_t)n, 0, (struct sockaddr *)&from, flen) < 0)
			perror("tinyhttp: udpecho");
	}
}

static int udp(const struct sockaddr_storage *sa, socklen_t len)
{
	int s = socket(sa->ss_family, SOCK_DGRAM, 0);
	if (s < 0 || connect(s, (const struct sockaddr *)sa, len) != 0) {
		perror("tinyhttp: udp");
		return 1;
	}
	static const char msg[] = "echo?";
	for (int i = 0; i < 3; i++) {
		if (send(s, msg, sizeof msg - 1, 0) < 0) {
			perror("tinyhttp: udp");
			return 1;
		}
		struct pollfd p = {.fd = s, .events = POLLIN};
		char buf[64];
		if (poll(&p, 1, 1000) == 1 && recv(s, buf, sizeof buf, 0) == (ssize_t)(sizeof msg - 1))
			return 0;
	}
	return 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_storage sa;
	socklen_t len;
	if (argc != 4 || !make_addr(argv[2], argv[3], &sa, &len))
		return usage();
	if (strcmp(argv[1], "serve") == 0)
		return serve(&sa, len);
	if (strcmp(argv[1], "get") == 0)
		return get(&sa, len);
	if (strcmp(argv[1], "udpecho") == 0)
		return udpecho(&sa, len);
	if (strcmp(argv[1], "udp") == 0)
		return udp(&sa, len);
	return usage();
}
