/* columns.h — the packet list's columns beyond the fixed ones: fields added
 * as columns (Wireshark's Apply as Column), the fixed columns a user hid,
 * kept in $XDG_CONFIG_HOME/analyze/tui.conf from one run to the next. */
#ifndef ANALYZE_TUI_COLUMNS_H
#define ANALYZE_TUI_COLUMNS_H

#include <glib.h>
#include <stdbool.h>

#include "dissect/field.h"

/* The fixed columns, in their order; Info is always shown, last. */
enum { TUI_COL_NO, TUI_COL_TIME, TUI_COL_SRC, TUI_COL_DST, TUI_COL_PROTO, TUI_COL_LEN, TUI_COL_FIXED };
extern const char *const tui_col_names[TUI_COL_FIXED];

/* A field shown as a column, between Length and Info. */
struct tui_column {
	char *abbrev;                  /* owned */
	const struct proto_def *proto;
	const struct field_def *field; /* NULL: the protocol (its name when present) */
};

struct tui_columns {
	GArray *fields;   /* struct tui_column, in their order */
	unsigned hidden;  /* 1 << TUI_COL_*: the fixed columns hidden */
	char *path;       /* the file they are kept in, owned */
};

/* The columns kept in the user's configuration (none when there is no
 * file); a name that is no field any more is left out and said in
 * *WARNING (owned, NULL when all was well). */
void tui_columns_load(struct tui_columns *c, char **warning);
void tui_columns_free(struct tui_columns *c);
/* Writes them to their file (complete or not at all); false with *ERROR
 * (owned) set when it cannot. */
bool tui_columns_save(const struct tui_columns *c, char **error);
/* Adds field or protocol ABBREV at the end of the field columns; false
 * when it is no field or is there already. */
bool tui_columns_add(struct tui_columns *c, const char *abbrev);

/* Appends the text of column C for packet P: the field's values as
 * `-T fields -e` writes them (occurrences joined by ','), or the protocol's
 * name when it is present. */
struct packet;
void tui_column_text(GString *out, const struct tui_column *c, const struct packet *p);

#endif
