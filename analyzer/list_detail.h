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

/* One line of P's detail tree, as the walk hands it over. */
struct detail_line {
	int layer;                      /* index in p->layers; -1: the frame, or a
	                                 * closing note ([Malformed Packet]) */
	int depth;                      /* 0: a heading or closing note; 1: a field
	                                 * of its layer (or of the frame); 2 and
	                                 * more: inside the line of one less depth
	                                 * before it (a subtree, an expert item) */
	bool quoted;                    /* inside an ICMP error */
	const struct field_def *field;  /* the field whose value it shows, or NULL */
	const struct fvalue *value;     /* with FIELD: the value */
	const char *abbrev;             /* the filter name of what it shows (the
	                                 * field, the protocol of a heading,
	                                 * "_ws.expert" ...), NULL: none */
	const char *text;               /* "Source Port: 443", or the heading */
};
typedef void (*detail_line_fn)(const struct detail_line *l, void *data);

/* Gives every line of P's detail tree to FN, in order: the frame heading
 * and its fields, then per layer its heading, its expert items that hang
 * on no field, its fields (each followed by the expert items that hang on
 * it, as Wireshark nests them) and its protocol's generated subtrees
 * (TCP's [SEQ/ACK analysis]), then the notes.  The terminal UI's tree pane
 * and list_detail_text share it. */
void list_detail_walk(const struct packet *p, detail_line_fn fn, void *data);

/* Writes P's detail tree: one heading per layer, one line per field. */
void list_detail_text(FILE *fp, const struct packet *p);

/* Writes P as one JSON object {"_index", "_source": {"layers": {...}}}. */
void list_detail_json(struct json *j, const struct packet *p);

#endif
