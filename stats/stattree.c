/* stattree.c — counter trees with Wireshark's burst measure. */
#include "stats/stattree.h"

#include <math.h>
#include <string.h>

struct stat_tree {
	struct stat_node *top;
	double start_ms;         /* the first call's time; negative: none yet */
	double now_ms;
	double elapsed_ms;
};

static struct stat_node *node_new(struct stat_node *parent, const char *name)
{
	struct stat_node *n = g_new0(struct stat_node, 1);
	n->name = g_strdup(name);
	n->parent = parent;
	n->window = g_array_new(FALSE, FALSE, sizeof(struct stat_bucket));
	struct stat_bucket first = {0, 0, 0.0}; /* Wireshark starts every window with an empty bucket 0 */
	g_array_append_val(n->window, first);
	return n;
}

static void node_free(gpointer data)
{
	struct stat_node *n = data;
	if (n->children) {
		g_hash_table_destroy(n->index);
		g_ptr_array_free(n->children, TRUE);
	}
	g_array_free(n->window, TRUE);
	g_free(n->name);
	g_free(n);
}

stat_tree *stat_tree_new(const char *top)
{
	stat_tree *t = g_new0(stat_tree, 1);
	t->top = node_new(NULL, top);
	t->start_ms = -1.0;
	return t;
}

void stat_tree_free(stat_tree *t)
{
	if (!t)
		return;
	node_free(t->top);
	g_free(t);
}

void stat_tree_packet(stat_tree *t, double now_ms)
{
	t->now_ms = now_ms;
	if (t->start_ms < 0.0) /* as Wireshark: a negative start is replaced again */
		t->start_ms = now_ms;
	t->elapsed_ms = now_ms - t->start_ms;
}

struct stat_node *stat_tree_child(struct stat_node *parent, const char *name)
{
	if (!parent->children) {
		parent->children = g_ptr_array_new_with_free_func(node_free);
		parent->index = g_hash_table_new(g_str_hash, g_str_equal);
	}
	struct stat_node *n = g_hash_table_lookup(parent->index, name);
	if (!n) {
		n = node_new(parent, name);
		g_ptr_array_add(parent->children, n);
		g_hash_table_insert(parent->index, n->name, n);
	}
	return n;
}

static void bucket_insert(struct stat_node *n, guint at, int64_t no, uint64_t count, double now)
{
	struct stat_bucket b = {no, count, now};
	g_array_insert_val(n->window, at, b);
}

/* Wireshark's burst bookkeeping: a tick past the newest bucket opens a
 * bucket and drops those that fell out of the window; a tick older than the
 * oldest bucket opens one there only while it still fits in the window;
 * otherwise it joins (or opens) the bucket of its time. */
static void burst_add(struct stat_node *n, double now, uint64_t count)
{
	const int64_t win = STAT_BURST_WINDOW_MS / STAT_BURST_BUCKET_MS;
	int64_t no = (int64_t)floor(now / STAT_BURST_BUCKET_MS);
	GArray *w = n->window;
	struct stat_bucket *head = &g_array_index(w, struct stat_bucket, 0);
	struct stat_bucket *tail = &g_array_index(w, struct stat_bucket, w->len - 1);
	if (no > tail->no) {
		bucket_insert(n, w->len, no, count, now);
		n->in_window += count;
		guint drop = 0;
		while (no >= g_array_index(w, struct stat_bucket, drop).no + win)
			n->in_window -= g_array_index(w, struct stat_bucket, drop++).count;
		g_array_remove_range(w, 0, drop);
	} else if (no < head->no) {
		if (no + win <= tail->no)
			return;
		bucket_insert(n, 0, no, count, now);
		n->in_window += count;
	} else {
		guint i = w->len - 1;
		while (no < g_array_index(w, struct stat_bucket, i).no)
			i--;
		struct stat_bucket *b = &g_array_index(w, struct stat_bucket, i);
		if (b->no == no) {
			b->count += count;
			if (b->start_ms > now)
				b->start_ms = now;
		} else {
			bucket_insert(n, i + 1, no, count, now);
		}
		n->in_window += count;
	}
	if (n->in_window > n->max_burst) {
		n->max_burst = n->in_window;
		n->burst_ms = g_array_index(w, struct stat_bucket, 0).start_ms;
	}
}

void stat_tree_tick(stat_tree *t, struct stat_node *node, uint64_t n)
{
	node->count += n;
	burst_add(node, t->now_ms, n);
}

struct stat_node *stat_tree_top(const stat_tree *t)
{
	return t->top;
}

double stat_tree_elapsed(const stat_tree *t)
{
	return t->elapsed_ms;
}

static gint cmp_node(gconstpointer x, gconstpointer y)
{
	const struct stat_node *a = *(const struct stat_node *const *)x;
	const struct stat_node *b = *(const struct stat_node *const *)y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return -strcmp(a->name, b->name);
}

GPtrArray *stat_node_sorted(const struct stat_node *node)
{
	GPtrArray *v = g_ptr_array_new();
	for (guint i = 0; node->children && i < node->children->len; i++)
		g_ptr_array_add(v, node->children->pdata[i]);
	g_ptr_array_sort(v, cmp_node);
	return v;
}
