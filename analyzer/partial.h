/* partial.h — partial results: a report's mergeable state, one per input,
 * written as a versioned JSON document (`--partial`), read back and merged
 * by `analyze merge`, and merged in memory by `-j N`.
 *
 * A partial keeps every input's state apart, so merging partials is the
 * union of their inputs (associative and commutative by construction); the
 * report over a union folds the inputs' states in the order of their names,
 * which is what one run over the same inputs in that order prints. */
#ifndef ANALYZE_PARTIAL_H
#define ANALYZE_PARTIAL_H

#include <glib.h>
#include <stdbool.h>

#include "analyzer/cli.h"
#include "analyzer/output.h"
#include "capture/json_reader.h"

/* The version of the partial document's shape (docs/json.md). */
#define PARTIAL_VERSION 1

/* How a merged report is shown. */
struct partial_view {
	OutFormat fmt;
	int top;                /* --top N, 0: all */
	const char *type;       /* conv and endpoints: --type (eth, ip ...); findings and review: what
	                         * the rows were looked for with (partial_findings_type); NULL for the others */
	const void *ctx;        /* the report's own options while reading (findings, review), NULL in merge */
};

/* What a report gives the partial machinery: its state's life, its
 * listener, its merge, its JSON form, its report. */
struct partial_ops {
	const char *report;     /* "hierarchy" */
	enum loop_depth depth;
	void *(*state_new)(const struct partial_view *view);
	void (*state_free)(void *st);
	frame_fn frame;         /* (packet, state) */
	/* around the input's frames (may be NULL), as struct run_hooks has them */
	void (*file_open)(guint index, const char *path, cap_reader *r, void *st);
	void (*file_end)(guint index, const struct file_result *res, void *st);
	/* adds SRC, a state of one input, to DST as if SRC's input had been read
	 * after DST's (DST may point into SRC: SRC is freed after DST) */
	void (*state_merge)(void *dst, void *src);
	/* writes ST as one JSON value (VIEW->top: rtt keeps its N slowest rows) */
	void (*state_write)(struct json *j, void *st, const struct partial_view *view);
	/* adds the state V (as state_write writes it) to DST; false with ERROR */
	bool (*state_load)(void *dst, const struct jv *v, GError **error);
	/* writes the report of ST over RESULTS (struct file_result) */
	void (*render)(FILE *fp, void *st, GArray *results, const struct partial_view *view);
	/* whether TYPE (a partial's "type", NULL: none) is one this report makes;
	 * NULL: the report has no type */
	bool (*type_ok)(const char *type);
	/* the exit status of the report of ST read whole (NULL: always 0); findings and
	 * review give 3 when something is unexpected */
	int (*verdict)(void *st);
	bool jsonl;             /* the report also has the format jsonl (one JSON object a line) */
};

extern const struct partial_ops partial_hierarchy_ops, partial_dests_ops, partial_expert_ops, partial_rtt_ops,
	partial_conv_ops, partial_endpoints_ops, partial_info_ops, partial_findings_ops, partial_review_ops;

/* What a report's options ask of the partial machinery. */
struct partial_request {
	bool partial;           /* --partial or --format partial: write the partial */
	int jobs;               /* -j N: files read on N threads (1: one after another) */
	const char *shard;      /* --shard K/N, or NULL */
	gint64 since;           /* az:// prefixes and containers: only blobs modified since (Unix time; 0: all) */
};

/* The reports' --partial, -j and --shard options, into a gboolean PARTIAL, a
 * struct partial_request REQ (its jobs) and a g_autofree char *SHARD, which
 * the command then sets as REQ's shard. */
#define PARTIAL_OPTIONS(partial, req, shard) \
	{"partial", 0, 0, G_OPTION_ARG_NONE, &(partial), "write the mergeable partial result ('analyze merge')", NULL}, \
	{"jobs", 'j', 0, G_OPTION_ARG_INT, &(req).jobs, "read the files on N threads, merged in memory", "N"}, \
	{"shard", 0, 0, G_OPTION_ARG_STRING, &(shard), "only the K-th of N shares of the sources (0 <= K < N)", "K/N"}

/* True when REQ needs the partial machinery (a partial, -j other than 1, or a shard). */
bool partial_wanted(const struct partial_request *req);

/* Parses "K/N" (0 <= K < N); false when it is not that. */
bool partial_shard_parse(const char *text, guint *k, guint *n);
/* The share (0 .. N-1) of source NAME: FNV-1a (64 bits) of NAME without
 * its query string, modulo N.  Cannot fail. */
guint partial_shard_of(const char *name, guint n);

/* Runs report OPS over the N sources of FILES (az:// prefixes and container
 * URLs expanded, then the shard of REQ kept) with FILTER_TEXT (compiled
 * already without error, may be NULL), each source into its own state, on
 * REQ->jobs threads; then writes to OUTPUT the partial (REQ->partial) or the
 * report of the states merged in the order given.  Messages go to standard
 * error; returns the exit status. */
int partial_run(const struct partial_ops *ops, char **files, int n, const char *filter_text, bool quiet,
		const struct partial_request *req, const struct partial_view *view, const char *output);

/* `analyze merge`. */
int cmd_merge(int argc, char **argv);

#endif
