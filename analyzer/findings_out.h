/* findings_out.h — writing the rows of `analyze findings` and `analyze
 * review` as text, JSON, JSON lines or CSV. */
#ifndef ANALYZE_FINDINGS_OUT_H
#define ANALYZE_FINDINGS_OUT_H

#include <glib.h>
#include <stdio.h>

#include "stats/findings.h"

typedef enum { FOUT_TEXT, FOUT_JSON, FOUT_JSONL, FOUT_CSV } FindFormat;

/* Parses "text", "json", "jsonl" or "csv"; false for anything else. */
bool findings_format_parse(const char *name, FindFormat *fmt);

/* Writes ROWS (struct finding *) of the run over RESULTS (struct
 * file_result) to FP in FMT; TITLE heads the text ("findings", "review").
 * Informational rows are left out unless INFO. */
void findings_write(FILE *fp, FindFormat fmt, const char *title, GPtrArray *rows, GArray *results, bool info);

/* Rows that are not informational. */
guint findings_unexpected(GPtrArray *rows);

#endif
