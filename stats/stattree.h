/* stattree.h — a counter tree kept as Wireshark keeps its statistics trees
 * (what `tshark -z NAME,tree` prints): nodes named by a string under their
 * parent, each with its count and its burst, the most ticks seen within one
 * window of 100 ms, measured in buckets of 5 ms as Wireshark's defaults do.
 * Times are milliseconds since the capture's first frame. */
#ifndef ANALYZE_STATTREE_H
#define ANALYZE_STATTREE_H

#include <glib.h>
#include <stdint.h>

#define STAT_BURST_WINDOW_MS 100
#define STAT_BURST_BUCKET_MS 5

struct stat_bucket {
	int64_t no;              /* floor(time / bucket length) */
	uint64_t count;
	double start_ms;         /* the earliest tick in the bucket */
};

struct stat_node {
	char *name;
	uint64_t count;
	struct stat_node *parent;    /* NULL for the tree's top node */
	GPtrArray *children;         /* struct stat_node *, in order of creation, owned */
	GHashTable *index;           /* name -> struct stat_node * among children */
	GArray *window;              /* struct stat_bucket, oldest first (never empty) */
	uint64_t in_window;          /* ticks in the buckets of WINDOW */
	uint64_t max_burst;          /* the most IN_WINDOW ever held; 0: no burst */
	double burst_ms;             /* start of the oldest bucket when MAX_BURST was reached */
};

typedef struct stat_tree stat_tree;

/* A tree whose top node is named TOP (count 0).  Cannot fail. */
stat_tree *stat_tree_new(const char *top);
void stat_tree_free(stat_tree *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(stat_tree, stat_tree_free)

/* A listener call at NOW_MS: the first sets the start, every one the
 * elapsed time since it (the last call's, as Wireshark keeps it). */
void stat_tree_packet(stat_tree *t, double now_ms);

/* Adds N ticks to NODE at the time of the last stat_tree_packet. */
void stat_tree_tick(stat_tree *t, struct stat_node *node, uint64_t n);
/* The child of PARENT named NAME, created (count 0) when missing. */
struct stat_node *stat_tree_child(struct stat_node *parent, const char *name);

struct stat_node *stat_tree_top(const stat_tree *t);
/* Milliseconds from the first listener call to the last (0 with fewer than two). */
double stat_tree_elapsed(const stat_tree *t);

/* The children of NODE as Wireshark's text output orders them: by count,
 * then by name, both descending.  Free with g_ptr_array_unref. */
GPtrArray *stat_node_sorted(const struct stat_node *node);

#endif
