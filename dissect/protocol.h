/* protocol.h — a protocol's descriptor: what the engine knows of it besides
 * its dissector and field table.  Each protocol file defines its own
 *
 *	const struct protocol proto_tcp = {PROTO_TCP, .columns = tcp_columns};
 *
 * and dissect/protocols.c lists it (one line). */
#ifndef ANALYZE_PROTOCOL_H
#define ANALYZE_PROTOCOL_H

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

/* The descriptor of protocol ID, or NULL when it has none.  Cannot fail. */
const struct protocol *protocol_of(enum proto_id id);

#endif
