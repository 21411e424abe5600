/* list_info.h — a frame's summary as a packet list shows it. */
#ifndef ANALYZE_LIST_INFO_H
#define ANALYZE_LIST_INFO_H

#include <glib.h>

#include "dissect/column.h"
#include "dissect/packet.h"

struct list_line {
	char src[COL_ADDR_MAX], dst[COL_ADDR_MAX];
	char proto[COL_PROTO_MAX];
	GString *info;    /* owned by the caller, reset by list_line_fill */
};

/* Fills L from P: the columns its protocols write. */
void list_line_fill(struct list_line *l, const struct packet *p);

#endif
