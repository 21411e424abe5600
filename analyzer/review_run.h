/* review_run.h — what `analyze findings` and `analyze review` share: one
 * pass over each source with the findings listener (and, for a policy, the
 * handshake-RTT listener), rows out, exit status 3 when something is
 * unexpected. */
#ifndef ANALYZE_REVIEW_RUN_H
#define ANALYZE_REVIEW_RUN_H

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
};

/* Runs the sources (files, URLs, az:// blobs or prefixes) of ARGV (ARGC of
 * them) and writes the report; returns the exit status. */
int review_run(const struct review_opts *o, int argc, char **argv);

#endif
