/* cmd_findings.c — `analyze findings SOURCE...`: scans, sweeps, refusals,
 * brute force, cleartext credentials, peer-to-peer and tunnels, talkers,
 * each with its evidence and display filter; exit 3 when any. */
#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/commands.h"
#include "analyzer/review_run.h"

/* "scans,p2p" into C's enabled families (the others off); false when a name is unknown. */
static bool families(const char *list, bool on, struct findings_config *c, const char **bad)
{
	g_auto(GStrv) names = g_strsplit(list, ",", -1);
	for (char **n = names; *n; n++) {
		FindFamily f = findings_family_parse(g_strstrip(*n));
		if (f == FIND_NFAMILIES) {
			*bad = list;
			return false;
		}
		c->enabled[f] = on;
	}
	return true;
}

int cmd_findings(int argc, char **argv)
{
	g_autofree char *format = NULL, *output = NULL, *filter = NULL, *since = NULL, *only = NULL, *skip = NULL;
	gboolean partial = FALSE;
	struct partial_request req = {false, 1, NULL, 0};
	g_autofree char *shard = NULL;
	gboolean quiet = FALSE, no_info = FALSE;
	GOptionEntry entries[] = {
		{"filter", 'Y', 0, G_OPTION_ARG_STRING, &filter, "only the frames this display filter keeps", "FILTER"},
		{"format", 'T', 0, G_OPTION_ARG_STRING, &format, "text (default), json, jsonl (one object a line), csv "
		 "or partial", "FORMAT"},
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write the report to FILE", "FILE"},
		{"only", 0, 0, G_OPTION_ARG_STRING, &only, "only these findings: scans, sweeps, refused, bruteforce, "
		 "cleartext, p2p, tunnels, talkers (comma-separated)", "LIST"},
		{"skip", 0, 0, G_OPTION_ARG_STRING, &skip, "leave these findings out (same names)", "LIST"},
		{"no-info", 0, 0, G_OPTION_ARG_NONE, &no_info, "leave out the rows for information (top talkers)", NULL},
		{"since", 0, 0, G_OPTION_ARG_STRING, &since, "az:// prefixes and containers: only blobs modified since "
		 "DATE (YYYY-MM-DD[THH:MM:SSZ])", "DATE"},
		PARTIAL_OPTIONS(partial, req, shard),
		CLI_OPTION_QUIET(quiet),
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse("findings", "SOURCE...", "What a security-minded engineer looks for: port scans by the kind "
		       "nmap names, unanswered SYN sweeps, refused-connection storms, brute-force shapes, cleartext "
		       "credentials, peer-to-peer traffic and tunnels, and the top talkers, each with its evidence and "
		       "the display filter that shows it. SOURCE is a file, URL, az:// blob, or az:// prefix or "
		       "container (every capture under it). Exit status 3 when something unexpected was found.",
		       entries, &argc, &argv, &code))
		return code;
	req.partial = partial;
	req.shard = shard;
	struct findings_config c;
	findings_config_init(&c);
	const char *bad = NULL;
	if (only) {
		for (int i = 0; i < FIND_NFAMILIES; i++)
			c.enabled[i] = false;
		families(only, true, &c, &bad);
	}
	if (skip && !bad)
		families(skip, false, &c, &bad);
	if (bad) {
		findings_config_clear(&c);
		return cli_usage_error("findings", "unknown finding in '%s' (scans, sweeps, refused, bruteforce, "
				       "cleartext, p2p, tunnels, talkers)", bad);
	}
	struct review_opts o = {.cmd = "findings", .config = &c, .info = !no_info, .format = format,
				.output = output, .filter = filter, .since = since, .quiet = quiet, .req = &req};
	code = review_run(&o, argc - 1, argv + 1);
	findings_config_clear(&c);
	return code;
}
