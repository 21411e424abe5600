/* cmd_review.c — `analyze review --policy POLICY SOURCE...`: the traffic
 * against what the policy allows, plus the findings it enables; exit 3 on
 * any violation or finding.  `--learn` writes the policy the sources satisfy. */
#include "analyzer/cli.h"
#include "analyzer/commands.h"
#include "analyzer/review_run.h"

int cmd_review(int argc, char **argv)
{
	g_autofree char *policy_path = NULL, *format = NULL, *output = NULL, *filter = NULL, *since = NULL;
	gboolean partial = FALSE;
	struct partial_request req = {false, 1, NULL, 0};
	g_autofree char *shard = NULL;
	gboolean learn = FALSE, quiet = FALSE, info = FALSE;
	GOptionEntry entries[] = {
		{"policy", 'p', 0, G_OPTION_ARG_FILENAME, &policy_path, "what is expected (docs/review.md)", "POLICY"},
		{"learn", 0, 0, G_OPTION_ARG_NONE, &learn, "write the policy the sources satisfy, commented, to trim", NULL},
		{"filter", 'Y', 0, G_OPTION_ARG_STRING, &filter, "only the frames this display filter keeps", "FILTER"},
		{"format", 'T', 0, G_OPTION_ARG_STRING, &format, "text (default), json, jsonl (one object a line), csv "
		 "or partial", "FORMAT"},
		{"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write the report (or the learnt policy) to FILE", "FILE"},
		{"info", 0, 0, G_OPTION_ARG_NONE, &info, "also the rows for information (top talkers)", NULL},
		{"since", 0, 0, G_OPTION_ARG_STRING, &since, "az:// prefixes and containers: only blobs modified since "
		 "DATE (YYYY-MM-DD[THH:MM:SSZ])", "DATE"},
		PARTIAL_OPTIONS(partial, req, shard),
		CLI_OPTION_QUIET(quiet),
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse("review", "SOURCE...", "Review captures against a policy of what is expected (protocols, server "
		       "ports, destination networks, handshake-RTT limits, findings and their thresholds): one row per "
		       "violation or finding, with its evidence and display filter. SOURCE is a file, URL, az:// blob, "
		       "or az:// prefix or container. Exit status 0 nothing unexpected, 3 violations or findings, 1 the "
		       "work failed, 2 usage.", entries, &argc, &argv, &code))
		return code;
	if (!policy_path == !learn)
		return cli_usage_error("review", learn ? "--learn and --policy cannot go together"
						       : "no policy given (--policy POLICY, or --learn to draft one)");
	req.partial = partial;
	req.shard = shard;
	if (learn && format)
		return cli_usage_error("review", "--learn writes a policy: no --format");
	struct policy p = {0};
	struct findings_config c;
	findings_config_init(&c);
	g_autofree char *digest = NULL; /* the policy's SHA-256: its partials name it */
	if (policy_path) {
		g_autoptr(GError) err = NULL;
		g_autofree char *text = NULL;
		gsize len = 0;
		if (!policy_load(policy_path, &p, &err) || !g_file_get_contents(policy_path, &text, &len, &err)) {
			cli_error("%s", err->message);
			policy_clear(&p);
			findings_config_clear(&c);
			return EXIT_FAILED;
		}
		digest = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)text, len);
	}
	struct review_opts o = {.cmd = "review", .policy = policy_path ? &p : NULL,
				.config = policy_path ? &p.findings : &c, .learn = learn, .info = info, .format = format,
				.output = output, .filter = filter, .since = since, .quiet = quiet, .req = &req,
				.policy_digest = digest};
	code = review_run(&o, argc - 1, argv + 1);
	policy_clear(&p);
	findings_config_clear(&c);
	return code;
}
