/* cmd_capture.h — what the `analyze capture` subcommands share. */
#ifndef ANALYZE_CMD_CAPTURE_H
#define ANALYZE_CMD_CAPTURE_H

#include <glib.h>

struct capture_state;

/* `analyze capture start`: ARGV[0] is "start". */
int capture_start(int argc, char **argv);

/* Prints ERR (a CAPTURE_ERROR) for subcommand CMD ("capture start") and
 * returns the exit status its code calls for: 2 for usage errors, else 1. */
int capture_fail(const char *cmd, const GError *err);

/* Prints how session S ended: on standard error why it failed (the capture,
 * the upload), then on standard output its status, reason, packets, bytes,
 * file and upload. */
void capture_print_end(const struct capture_state *s);

#endif
