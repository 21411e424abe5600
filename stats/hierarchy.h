/* hierarchy.h — the protocol-hierarchy listener: every frame walks its layer
 * stack from the link layer down; each node counts the frames that reached it
 * and their wire bytes, and the frames that ended there.  A protocol met twice
 * in a frame (a tunnel, several messages in one segment) appears again deeper. */
#ifndef ANALYZE_HIERARCHY_H
#define ANALYZE_HIERARCHY_H

#include <glib.h>
#include <stdint.h>

#include "dissect/packet.h"

#define PHS_NONE UINT32_MAX

struct phs_node {
	uint16_t proto;          /* enum proto_id */
	uint32_t parent;         /* index, PHS_NONE at the top */
	uint32_t first_child;    /* index, PHS_NONE when a leaf */
	uint32_t next;           /* next sibling, in order of first appearance */
	uint64_t frames, bytes;
	uint64_t end_frames, end_bytes; /* frames whose last layer is this node */
	uint64_t first;          /* number of the frame that made it (0: a merge's) */
};
_Static_assert(PROTO_ID_FITS(struct phs_node, proto), "a hierarchy node keeps a protocol id");

typedef struct phs_state phs_state;

phs_state *phs_new(void);
void phs_free(phs_state *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(phs_state, phs_free)

/* Counts one frame. */
void phs_packet(phs_state *s, const struct packet *p);

/* Adds COUNTS (frames, bytes, end_frames, end_bytes) to the child of PARENT
 * (PHS_NONE: the top level) for PROTO, made after its siblings when new, as
 * a merge of partial results does; returns that child's index.  The tree's
 * totals are added apart with phs_add_totals.  Cannot fail. */
uint32_t phs_add(phs_state *s, uint32_t parent, uint16_t proto, const struct phs_node *counts);
void phs_add_totals(phs_state *s, uint64_t frames, uint64_t bytes);

/* Folds the N trees PARTS, each counting its own frames of one file (the
 * shards of a sharded run), into DST (empty) as one tree counting every
 * frame in order: each node made in order of the frame that first reached
 * it, so siblings come in the order a single pass meets them. */
void phs_merge_shards(phs_state *dst, phs_state *const *parts, unsigned n);

/* Totals over every frame counted. */
uint64_t phs_frames(const phs_state *s);
uint64_t phs_bytes(const phs_state *s);

/* The nodes; the first top-level node is `phs_first`, PHS_NONE when empty.
 * Siblings are in the order they were first met. */
const struct phs_node *phs_node(const phs_state *s, uint32_t idx);
uint32_t phs_first(const phs_state *s);
/* How many nodes there are: indexes 0 .. count - 1, in the order they were
 * made, a parent always before its children. */
uint32_t phs_count(const phs_state *s);

#endif
