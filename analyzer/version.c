/* version.c — `analyze --version`: the program's version and the versions
 * of the libraries it runs with, read from the libraries themselves, so a
 * bug report says what was really loaded. */
#include "analyzer/version.h"

#include <curl/curl.h>
#include <glib.h>
#include <curses.h>
#include <pcap/pcap.h>
#include <string.h>

/* libpcap says "libpcap version 1.10.3 (with TPACKET_V3)": the same line
 * without the word "version", as the other libraries are written. */
static void print_pcap(FILE *fp)
{
	const char *v = pcap_lib_version();
	const char *prefix = "libpcap version ";
	if (strncmp(v, prefix, strlen(prefix)) == 0)
		fprintf(fp, "libpcap %s\n", v + strlen(prefix));
	else
		fprintf(fp, "%s\n", v);
}

/* libcurl's version and, when it has one, the TLS library it uses. */
static void print_curl(FILE *fp)
{
	const curl_version_info_data *c = curl_version_info(CURLVERSION_NOW);
	if (c->ssl_version)
		fprintf(fp, "libcurl %s (%s)\n", c->version, c->ssl_version);
	else
		fprintf(fp, "libcurl %s\n", c->version);
}

void version_print(FILE *fp)
{
	fprintf(fp, "analyze %s\n", ANALYZE_VERSION);
	print_pcap(fp);
	fprintf(fp, "GLib %u.%u.%u\n", glib_major_version, glib_minor_version, glib_micro_version);
	/* "ncurses 6.4.20221231" */
	fprintf(fp, "%s\n", curses_version());
	print_curl(fp);
}
