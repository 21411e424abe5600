/* protocol.h — a protocol's descriptor: what the engine knows of it besides
 * its dissector and field table.  Each protocol file defines its own
 *
 *	const struct protocol proto_tcp = {PROTO_TCP, .columns = tcp_columns};
 *
 * and dissect/protocols.c lists it (one line). */
#ifndef ANALYZE_PROTOCOL_H
#define ANALYZE_PROTOCOL_H

#include <string.h>

#include "dissect/column.h"
#include "dissect/expert.h"
#include "dissect/packet.h"

struct protocol {
	enum proto_id id;
	col_fn columns;         /* its part in the packet list's columns; NULL: col_default() */
	col_partial_fn partial; /* what it shows of a message of its own that TCP
	                         * gathers over segments, in a segment where it
	                         * reads the message's start again (NULL: nothing) */
	expert_fn expert;       /* its expert items; NULL: none */
};

/* Keeps TEXT (cut to fit) as the Info protocol PROTO worked out for P
 * (packet.app_info).  Cannot fail. */
static inline void pkt_set_app_info(struct packet *p, enum proto_id proto, const char *text, size_t n)
{
	if (n >= PKT_APP_INFO_MAX)
		n = PKT_APP_INFO_MAX - 1;
	memcpy(p->app_info, text, n);
	p->app_info[n] = 0;
	p->app_info_len = (uint16_t)n;
	p->app_info_proto = (uint8_t)proto;
}

/* The descriptor of protocol ID, or NULL when it has none.  Cannot fail. */
const struct protocol *protocol_of(enum proto_id id);

#endif
