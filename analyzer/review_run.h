/* review_run.h — what `analyze findings` and `analyze review` share: one
 * pass over each source with the findings listener (and, for a policy, the
 * handshake-RTT listener), rows out, exit status 3 when something is
 * unexpected. */
#ifndef ANALYZE_REVIEW_RUN_H
#define ANALYZE_REVIEW_RUN_H

#include "analyzer/partial.h"
#include "stats/policy.h"

/* Exit status when the run found something unexpected. */
enum { EXIT_UNEXPECTED = 3 };

struct review_opts {
	const char *cmd;           /* "findings" or "review" */
	const struct policy *policy;/* NULL: findings alone */
	const struct findings_config *config;
	bool learn;                /* write the policy the sources satisfy */
	bool info;                 /* show informational rows */
	const char *format, *output, *filter, *since;
	bool quiet;
	const struct partial_request *req; /* --partial, -j N, --shard K/N */
	const char *policy_digest; /* review: the SHA-256 of the policy file, hex (what its partials name) */
};

/* Runs the sources (files, URLs, az:// blobs or prefixes) of ARGV (ARGC of
 * them) and writes the report; returns the exit status. */
int review_run(const struct review_opts *o, int argc, char **argv);

/* What a partial of findings (the families looked for) or of review (the
 * policy, POLICY_DIGEST) names as its type, so that merge refuses partials
 * made to look for different things; with whether informational rows are
 * shown.  Free with g_free. */
char *partial_findings_type(const struct review_opts *o, const char *policy_digest);

#endif
