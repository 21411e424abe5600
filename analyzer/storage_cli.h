/* storage_cli.h — what the storage commands share with the reports: notes
 * and progress on standard error, and sources (URLs, az://) as inputs. */
#ifndef ANALYZE_STORAGE_CLI_H
#define ANALYZE_STORAGE_CLI_H

#include <glib.h>
#include <stdbool.h>

/* A --verbose note on standard error (already redacted). */
void storage_cli_log(const char *line, void *data);
/* Draws the progress line on standard error (a terminal). */
void storage_cli_progress(GPtrArray *files, gboolean finished, gint64 elapsed_us, void *data);

/* Overwrites every SAS signature in the process's argument memory with
 * sig=REDACTED, so that ps and /proc/PID/cmdline never show it; ARGV's
 * pointers are moved to copies that keep the real values.  Call it first
 * thing in main.  Cannot fail. */
void storage_cli_hide_secrets(int argc, char **argv);

/* Applies a command's --auth MODE (NULL: not given), --sas-file FILE (NULL:
 * none; a SAS there makes the mode sas unless --auth says otherwise),
 * --cacert and --verbose (the sign-in notes) for CMD.  False with the message
 * printed and *CODE set (2: a bad mode, 1: an unreadable file). */
bool storage_cli_auth(const char *cmd, const char *mode, const char *sas_file, const char *cacert, bool verbose,
		      int *code);

/* The cache directory for sources given to reports: $ANALYZE_CACHE_DIR, else
 * $XDG_CACHE_HOME/analyze, else ~/.cache/analyze. */
char *storage_cli_cache_dir(void);

/* The local path to read for ARG: ARG itself when it is not a URL or az://
 * source; else the source fetched into the cache directory (or found there
 * unchanged).  *DISPLAY receives the name to show (the source redacted).
 * NULL with an error that names the source when it cannot be fetched. */
char *storage_cli_local(const char *arg, char **display, GError **error);

/* Where storage_cli_local keeps the copy of source ARG (which may not be
 * there yet), or NULL when ARG is not a URL or az:// source of one blob. */
char *storage_cli_cached(const char *arg);

/* Appends to OUT (char *) the sources ARG stands for: ARG itself, or for an
 * az:// prefix or a container URL every blob under it (modified at SINCE,
 * unix seconds, or later; 0 all), listed as 'analyze fetch' lists them.
 * False with ERROR set when the listing fails. */
bool storage_cli_expand(const char *arg, gint64 since, GPtrArray *out, GError **error);

#endif
