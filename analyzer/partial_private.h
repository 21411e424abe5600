/* partial_private.h — what partial.c and partial_merge.c share. */
#ifndef ANALYZE_PARTIAL_PRIVATE_H
#define ANALYZE_PARTIAL_PRIVATE_H

#include "analyzer/partial.h"

/* One input of a partial result. */
struct partial_input {
	const struct partial_ops *ops;
	struct file_result res;    /* res.path: the source as shown (redacted) */
	uint64_t size;             /* bytes of the file read (0: unknown) */
	char *mtime;               /* its modification time, ISO 8601 UTC, or NULL */
	char *etag;                /* the blob's ETag, or NULL */
	void *state;               /* the report's state of this input, or NULL */
};

void partial_input_clear(struct partial_input *in);

/* Writes the partial of the N INPUTS of report OPS made with FILTER_TEXT (VIEW:
 * the options it was asked with). */
void partial_write(FILE *fp, const struct partial_ops *ops, const char *filter_text, struct partial_input *inputs,
		   guint n, const struct partial_view *view);

/* Writes to OUTPUT the partial of the N INPUTS (PARTIAL) or the report of
 * their states merged in the order given; returns the exit status (1 when
 * FAILED or the output fails). */
int partial_finish(const struct partial_ops *ops, const char *filter_text, struct partial_input *inputs, guint n,
		   bool partial, const struct partial_view *view, const char *output, bool failed);

#endif
