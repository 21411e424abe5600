/* list_detail.h — every field of a frame: the detail tree (-V) and the
 * JSON form (-T json) of `analyze list`, and the value text both share with
 * field output. */
#ifndef ANALYZE_LIST_DETAIL_H
#define ANALYZE_LIST_DETAIL_H

#include <glib.h>
#include <stdio.h>

#include "analyzer/output.h"
#include "dissect/field.h"
#include "dissect/fieldval.h"

/* Appends V as field output and the detail tree write it (F may be NULL):
 * byte strings as plain hex, strings up to a NUL. */
void list_value_text(GString *s, const struct field_def *f, const struct fvalue *v);

/* Writes P's detail tree: one heading per layer, one line per field. */
void list_detail_text(FILE *fp, const struct packet *p);

/* Writes P as one JSON object {"_index", "_source": {"layers": {...}}}. */
void list_detail_json(struct json *j, const struct packet *p);

#endif
