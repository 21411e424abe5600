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
#include "dissect/fieldval.h"
#include "dissect/packet.h"

/* Gives the values of field F in layer L of P to FN (with DATA), in the
 * order Wireshark shows them.  F is one of the protocol's fields without a
 * fixed place (FIELD_VAR; all of them with .values_all) or one of the
 * fields of the protocol it .shows.  D is the layer's bytes, N of them
 * (the frame's, or the kept start of a message completed from earlier
 * segments), NULL when none were captured. */
typedef void (*values_fn)(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			  const struct field_def *f, fvalue_fn fn, void *data);

struct protocol {
	enum proto_id id;
	const struct field_table *fields; /* its fields (FIELD_TABLE_DEFINE); NULL: none */
	col_fn columns;         /* its part in the packet list's columns; NULL: col_default() */
	col_partial_fn partial; /* what it shows of a message of its own that TCP
	                         * gathers over segments, in a segment where it
	                         * reads the message's start again (NULL: nothing) */
	expert_fn expert;       /* its expert items; NULL: none */
	values_fn values;       /* its fields' values that are not at a fixed place; NULL: none */
	bool values_all;        /* .values gives the fixed-place fields too (TLS: every record's) */
	enum proto_id shows;    /* a protocol whose fields its layers give as well, through
	                         * .values (mDNS: DNS's); 0 (frame): none */
	const char *shows_only; /* only this one of them (IPv6: "ip.version"); NULL: all */
	bool shows_values;      /* its layers give the fields, yet are not that protocol
	                         * (SSDP has HTTP's fields but is no "http" frame) */
};

/* The descriptor of protocol ID, or NULL when it has none.  Cannot fail. */
const struct protocol *protocol_of(enum proto_id id);

#endif
