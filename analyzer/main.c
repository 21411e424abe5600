/* main.c — the command table. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/cli.h"
#include "analyzer/commands.h"
#include "analyzer/storage_cli.h"
#include "analyzer/version.h"

struct command {
	const char *name;
	const char *alias;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"rtt", NULL, cmd_rtt, "TCP handshake round-trip times per connection, with a summary"},
	{"hierarchy", "phs", cmd_hierarchy, "protocol hierarchy: frames and bytes per protocol path"},
	{"dests", "destinations", cmd_dests, "destinations and ports: packets per address, transport and port"},
	{"conv", "conversations", cmd_conv, "conversations: frames and bytes each way per address or port pair"},
	{"endpoints", NULL, cmd_endpoints, "endpoints: frames and bytes sent and received per address or port"},
	{"expert", NULL, cmd_expert, "expert information: what the dissectors noticed, by severity, as tshark -z expert"},
	{"findings", NULL, cmd_findings, "scans, sweeps, brute force, cleartext credentials, p2p, tunnels, talkers (exit 3: some)"},
	{"review", NULL, cmd_review, "captures against a policy of what is expected (exit 3: violations or findings)"},
	{"merge", NULL, cmd_merge, "merge partial results (a report's --partial) into the report of all their inputs"},
	{"list", NULL, cmd_list, "the frames, one line each, or chosen fields (-T fields -e FIELD)"},
	{"info", NULL, cmd_info, "what a capture file holds: format, interfaces, packets, times"},
	{"capture", NULL, cmd_capture, "capture sessions: start, status, stop, list, delete (5-tuple filters, limits)"},
	{"fetch", NULL, cmd_fetch, "download captures from blob storage or http(s) URLs"},
	{"upload", NULL, cmd_upload, "upload a capture to blob storage"},
	{"tui", NULL, cmd_tui, "the terminal UI (also 'analyze FILE' on a terminal)"},
};

static void usage(FILE *fp)
{
	fputs("usage: analyze COMMAND [OPTIONS] FILE...\n\ncommands:\n", fp);
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
		char name[40];
		g_snprintf(name, sizeof name, "%s%s%s", commands[i].name, commands[i].alias ? ", " : "",
			   commands[i].alias ? commands[i].alias : "");
		fprintf(fp, "  %-24s %s\n", name, commands[i].summary);
	}
	fputs("\n'analyze COMMAND --help' tells a command's options; 'analyze --version' the version\n"
	      "and the libraries' versions.\n"
	      "A tshark command line runs as tshark runs it: 'analyze -r FILE [-Y FILTER] ...' lists the\n"
	      "frames; 'analyze -r FILE -q -z STAT[,FILTER]' prints STAT as tshark prints it, STAT one of\n"
	      "io,phs, conv,TYPE, endpoints,TYPE, dests,tree (TYPE eth, ip, ipv6, tcp or udp). As in tshark,\n"
	      "-Y does not narrow a -z statistic; its FILTER does.\n", fp);
}

/* Standard input, output or error closed by whoever started us would be
 * the number the next file opened gets, and a capture file or a socket
 * would then be written to as standard output, or replaced when a detached
 * session points its standard streams at /dev/null: each closed one is
 * opened on /dev/null first. */
static void standard_fds_open(void)
{
	for (int fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF && open("/dev/null", O_RDWR) != fd)
			break;
}

/* Edits (insertions, deletions, substitutions, swaps of neighbours) that
 * turn A into B. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 32 || m > 32)
		return 99;
	size_t d[33][33];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t best = MIN(d[i - 1][j] + 1, d[i][j - 1] + 1);
			best = MIN(best, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]));
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				best = MIN(best, d[i - 2][j - 2] + 1);
			d[i][j] = best;
		}
	return d[n][m];
}

/* The command NAME most likely means (two edits at most, or a prefix of
 * one command alone), or NULL. */
static const char *nearest_command(const char *name)
{
	const char *best = NULL, *prefixed = NULL;
	size_t best_d = 3, prefixes = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
		const char *names[] = {commands[i].name, commands[i].alias};
		for (size_t k = 0; k < 2 && names[k]; k++) {
			size_t dist = edit_distance(name, names[k]);
			if (dist < best_d) {
				best_d = dist;
				best = names[k];
			}
			if (g_str_has_prefix(names[k], name) && (!prefixed || strcmp(prefixed, commands[i].name) != 0)) {
				prefixed = commands[i].name;
				prefixes++;
			}
		}
	}
	return best ? best : prefixes == 1 ? prefixed : NULL;
}

/* A word that is no command: a file name (missing, or not opened as the
 * UI is not on a terminal), or a command mistyped. */
static int not_a_command(const char *name)
{
	const char *near = nearest_command(name);
	if (near && !strchr(name, '.') && !strchr(name, '/')) {
		cli_error("'%s' is not a command; did you mean '%s'?", name, near);
		return EXIT_USAGE;
	}
	if (strchr(name, '.') || strchr(name, '/')) {
		if (!g_file_test(name, G_FILE_TEST_EXISTS)) {
			cli_error("cannot read '%s': No such file or directory", name);
			return EXIT_FAILED;
		}
		return cli_usage_error(NULL, "'%s' is a file, not a command: give a command first ('analyze tui %s' "
					     "opens it on a terminal)", name, name);
	}
	return cli_usage_error(NULL, "'%s' is not a command", name);
}

int main(int argc, char **argv)
{
	standard_fds_open();
	storage_cli_hide_secrets(argc, argv);
	/* reports of many rows into a pipe or file: fewer, larger writes */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "-v") == 0) {
		version_print(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
		const struct command *c = &commands[i];
		if (strcmp(name, c->name) == 0 || (c->alias && strcmp(name, c->alias) == 0))
			return c->run(argc - 1, argv + 1);
	}
	/* `analyze FILE` on a terminal opens the UI; anywhere else it stays an
	 * error, so scripts never end up in an interactive screen */
	if (argc == 2 && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO) && g_file_test(name, G_FILE_TEST_IS_REGULAR))
		return cmd_tui(argc, argv);
	if (name[0] == '-')
		return cmd_tshark(argc, argv);
	return not_a_command(name);
}
