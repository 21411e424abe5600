/* cli.h — what every command shares: messages to people, option parsing,
 * running the pipeline over the files named on the command line. */
#ifndef ANALYZE_CLI_H
#define ANALYZE_CLI_H

#include <glib.h>
#include <stdbool.h>

#include "analyzer/frameloop.h"
#include "analyzer/output.h"

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

/* "analyze: MESSAGE" on standard error. */
void cli_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* "analyze: MESSAGE; try 'analyze --help'" (or 'analyze CMD --help'); returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Parses ARGV with ENTRIES (plus --help), for command CMD.  On a usage error
 * prints it and returns false with *EXIT_CODE = 2; on --help prints help and
 * returns false with *EXIT_CODE = 0. */
bool cli_parse(const char *cmd, const char *params, const char *summary, GOptionEntry *entries,
	       int *argc, char ***argv, int *exit_code);

/* --offline and --cacert FILE of the commands that read URL and az://
 * sources: how those sources are fetched from now on.  Cannot fail. */
void cli_source_options(bool offline, const char *cacert);

/* Rewrites ARGV as GOption reads it (see cli_args.c): attached short
 * values split, tshark's and the older spellings replaced by the long
 * options of ENTRIES they stand for.  Returns a new vector (strings owned by
 * ARGV or KEEP), *ARGC updated. */
char **cli_normalize_args(const GOptionEntry *entries, int *argc, char **argv, GPtrArray *keep);
/* The --help text on those spellings for a command of ENTRIES (READS_FILES:
 * it takes capture files), or NULL when it has none; g_free it. */
char *cli_alias_help(const GOptionEntry *entries, bool reads_files);

/* True when OUTPUT (a path; NULL or "-" never) names the same file as one of
 * the N FILES ("-": standard input); *INPUT is then that file's name. */
bool cli_output_is_input(const char *output, char **files, int n, const char **input);

/* How one file of a run went. */
struct file_result {
	char *path;
	bool opened;           /* the header could be read */
	bool complete;         /* read to its clean end */
	char *error;           /* what went wrong, or NULL */
	struct loop_counts counts;
	uint64_t gave_up;      /* frames the filter's regular expression gave up on */
};

/* Hooks a command gives the runner. */
struct run_hooks {
	/* the file's header was read; called before its first frame (may be NULL) */
	void (*file_open)(guint index, const char *path, cap_reader *r, void *data);
	frame_fn frame;
	/* after the file, whether it could be read or not (may be NULL) */
	void (*file_end)(guint index, const struct file_result *res, void *data);
	enum loop_depth depth;  /* LOOP_TRANSPORT unless the listener needs more */
	struct dfilter *filter;  /* only frames it keeps reach FRAME (NULL: all) */
	bool quiet;             /* no progress line (--quiet, or output on the terminal) */
	/* how the listener's state is split over the threads of a sharded
	 * run (docs/sharding.md); NULL: one thread always */
	const struct shard_ops *shard;
};

/* A listener's state, one per shard of a file read on several threads,
 * folded back into one. */
struct shard_ops {
	void *(*state_new)(void);
	void (*state_free)(void *st);
	/* Folds STATES (N, each fed the frames of its shard in order) into
	 * DATA (fed nothing yet) as if DATA had been fed every frame. */
	void (*merge)(void *data, void *const *states, unsigned n);
};

/* The threads a sharded run of one file uses (docs/sharding.md), 1: it is
 * not sharded.  ANALYZE_THREADS=N says N (1: never shard); else 1 with
 * ANALYZE_NO_THREADS, 2 when the process may run on two CPUs or more.
 * Files smaller than SHARD_MIN_SIZE are read on one thread. */
#define SHARD_MIN_SIZE (32u << 20)
unsigned cli_shard_threads(void);

/* The --quiet (-q) option of the reports, into the gboolean VAR. */
#define CLI_OPTION_QUIET(var) \
	{"quiet", 'q', 0, G_OPTION_ARG_NONE, &(var), "no progress line on standard error", NULL}

/* Compiles display filter TEXT for command CMD into *OUT (NULL when TEXT is
 * NULL).  On a bad filter prints the message, the filter and a caret under
 * the fault, and returns false with *EXIT_CODE = 2. */
struct dfilter;
bool cli_filter(const char *cmd, const char *text, struct dfilter **out, int *exit_code);

/* Runs every file of FILES (N of them) through the pipeline with HOOKS.
 * Prints one line per problem to standard error ("cannot read ...",
 * damage, link types not dissected), and while reading, when standard
 * error is a terminal and HOOKS->quiet is false, the progress line.  Returns the results (struct
 * file_result, free with cli_results_free); *FAILED is set when a file could
 * not be read whole. */
GArray *cli_run_files(char **files, int n, const struct run_hooks *hooks, void *data, bool *failed);
void cli_results_free(GArray *results);

/* When at least one file of RESULTS could be opened, writes the report with
 * WRITE(fp, DATA) to OUTPUT (NULL or "-": standard output; a file appears
 * only once complete).  An output error is printed and sets *FAILED. */
void cli_write_report(GArray *results, const char *output, void (*write)(FILE *fp, void *data),
		      void *data, bool *failed);

/* Writes the "files" member of a JSON report from RESULTS. */
void cli_json_files(struct json *j, GArray *results);
/* Writes a text note for each file that was not read whole. */
void cli_text_file_notes(FILE *fp, GArray *results);

#endif
