/* list_info.h — a frame's summary as a packet list shows it. */
#ifndef ANALYZE_LIST_INFO_H
#define ANALYZE_LIST_INFO_H

#include <glib.h>

#include "dissect/packet.h"

struct list_line {
	char src[64], dst[64];
	char proto[24];
	GString *info;    /* owned by the caller, reset by list_line_fill */
};

/* Fills L from P. */
void list_line_fill(struct list_line *l, const struct packet *p);
/* The layer the line speaks of: the last one that is not data, a marker,
 * quoted in an ICMP error or nested in another's tree; -1 when none. */
int list_top_layer(const struct packet *p);

/* The Info text of the small protocols of list_info_ext.c for P's top layer
 * T (their addresses too, where they have their own); false when T is not
 * one of them. */
bool list_info_ext(struct list_line *l, const struct packet *p, const struct layer *t);

#endif
