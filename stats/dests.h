/* dests.h — the destinations-and-ports listener (Wireshark's "Destinations
 * and Ports"): destination address -> transport -> destination port, packet
 * counts.  IPv4 and IPv6 destinations are kept in separate trees.
 *
 * Counting follows Wireshark's: every IP header of a frame (outside ICMP error
 * quotes) counts the frame once, under the frame's innermost destination
 * address and its last TCP or UDP header (NONE, port 0, when there is none).
 * A tunnelled frame therefore counts twice, both times under the inner
 * destination. */
#ifndef ANALYZE_DESTS_H
#define ANALYZE_DESTS_H

#include <glib.h>
#include <stdint.h>

#include "dissect/packet.h"
#include "stats/stattree.h"

enum { DEST_TCP, DEST_UDP, DEST_NONE, DEST_NTRANSPORTS };

struct dest_port {
	uint16_t port;
	uint64_t count;
	uint64_t first;          /* number of the frame that first counted it (0: a merge's) */
};

struct dest_transport {
	uint64_t count;
	GArray *ports;           /* struct dest_port, sorted by count (after dests_sort) */
	uint32_t *index;         /* open addressing: position + 1 in ports, 0 empty */
	uint32_t index_mask;     /* index slots - 1 */
	struct dest_port *last;  /* the port counted last (runs of one flow) */
};

struct dest {
	uint8_t family;          /* 4 or 6 */
	uint8_t addr[16];
	uint64_t count;
	uint64_t order;          /* first appearance, breaks ties */
	uint64_t first;          /* number of the frame that first counted it (0: a merge's) */
	struct dest_transport t[DEST_NTRANSPORTS];
};

typedef struct dests_state dests_state;

dests_state *dests_new(void);
void dests_free(dests_state *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dests_state, dests_free)

void dests_packet(dests_state *s, const struct packet *p);

/* Counts frame P as tshark's "dests,tree" does, in T (its top node the
 * tree's "Destinations and Ports"): once per IPv4 header (Wireshark's "ip"
 * listener; IPv6 alone is not counted), under the innermost destination
 * address, IPv4 or IPv6, then "TCP", "UDP" or "NONE" and the destination
 * port as counted above.  ORIGIN_NS is the time of the capture's first
 * frame, from which the tree's times run. */
void dests_tree_packet(stat_tree *t, const struct packet *p, int64_t origin_ns);

/* Sorts every level by count (descending, first seen first on ties) and
 * returns the destinations of FAMILY (4 or 6) in that order; *TOTAL is the
 * tree's packet count. */
GPtrArray *dests_sorted(dests_state *s, uint8_t family, uint64_t *total);

/* Every destination, both families, in the order first seen, their ports
 * too (call before dests_sorted, which reorders the ports).  Free with
 * g_ptr_array_unref; the destinations belong to S. */
GPtrArray *dests_in_order(const dests_state *s);
/* The destination of FAMILY (4 or 6) and ADDR (16 bytes, IPv4 in the first
 * four), made after the others when new, as a merge of partial results
 * does.  Cannot fail. */
struct dest *dests_add_dest(dests_state *s, uint8_t family, const uint8_t addr[16]);
/* Counts N packets to D (of S) on TRANSPORT and PORT, the port made after
 * the others when new.  Cannot fail. */
void dests_add_port(dests_state *s, struct dest *d, int transport, uint16_t port, uint64_t n);

/* Folds the N states PARTS, each counting its own frames of one file (the
 * shards of a sharded run), into DST (empty) as one state counting every
 * frame in order: destinations and ports made in order of the frame that
 * first counted them, which breaks ties as a single pass does. */
void dests_merge_shards(dests_state *dst, dests_state *const *parts, unsigned n);

/* "TCP", "UDP", "NONE". */
const char *dests_transport_name(int t);

#endif
