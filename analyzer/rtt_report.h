/* rtt_report.h — the text layout of `analyze rtt`. */
#ifndef ANALYZE_RTT_REPORT_H
#define ANALYZE_RTT_REPORT_H

#include <glib.h>
#include <stdio.h>

#include "analyzer/output.h"
#include "stats/rtt.h"

/* Writes the report of `analyze rtt` in FMT: the connections of ST (all in
 * their order, or the TOP slowest), the summary S,
 * RESULTS (struct file_result) naming the files the connections' `file`
 * indexes. */
void rtt_report_write(FILE *fp, rtt_state *st, const struct rtt_summary *s, GArray *results, OutFormat fmt, int top);

/* Writes the connections LIST names (guint indexes into ST), the summary S, the
 * per-server table and a histogram; RESULTS (struct file_result) names the
 * files; TOP > 0 limits the server table too. */
void rtt_report_text(FILE *fp, rtt_state *st, GArray *list, const struct rtt_summary *s, GArray *results, int top);

/* The parts of that report, for a screen that draws only the rows in view:
 * the connection table's heading, the line of connection C (no newline,
 * RTT_REPORT_LINE bytes are enough), and everything after the table. */
#define RTT_REPORT_LINE 256
void rtt_report_heading(char *buf, size_t size);
size_t rtt_report_line(char *buf, size_t size, const struct rtt_conn *c); /* returns its length */
void rtt_report_tail(FILE *fp, const struct rtt_summary *s, GArray *results, int top);

#endif
