/* expert.c — counting expert items (tshark's -z expert). */
#include "stats/expert.h"

#include <string.h>

/* What tells one row from another; a stored key points at its row's strings. */
struct row_key {
	uint8_t severity, group;
	const char *protocol, *summary;
};

/* The rows found last, by a cheap hash of the key: most items repeat one
 * of a few rows, and a slot that holds it spares the table's lookup. */
#define EXPERT_RECENT 256

struct expert_state {
	GHashTable *index;                   /* struct row_key -> row position + 1 */
	struct {
		guint at;                    /* row position + 1 in rows[severity], 0: empty */
		uint8_t severity, group;
	} recent[EXPERT_RECENT];
	GArray *rows[EXPERT_NSEVERITIES];    /* struct expert_row */
	uint64_t totals[EXPERT_NSEVERITIES];
};

/* Rows differ by their summaries mostly: those are hashed eight bytes at a
 * time (the few protocols are told apart by the comparison). */
static guint row_key_hash(gconstpointer p)
{
	const struct row_key *k = p;
	const char *s = k->summary;
	size_t n = strlen(s);
	uint64_t h = (n << 16 | (uint64_t)k->severity << 8 | k->group) * 0x9e3779b97f4a7c15ull, w;
	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	return (guint)(h ^ h >> 32);
}

static gboolean row_key_equal(gconstpointer a, gconstpointer b)
{
	const struct row_key *x = a, *y = b;
	return x->severity == y->severity && x->group == y->group && strcmp(x->summary, y->summary) == 0 &&
	       strcmp(x->protocol, y->protocol) == 0;
}

expert_state *expert_new(void)
{
	expert_state *s = g_new0(expert_state, 1);
	s->index = g_hash_table_new_full(row_key_hash, row_key_equal, g_free, NULL);
	for (int i = 0; i < EXPERT_NSEVERITIES; i++)
		s->rows[i] = g_array_new(FALSE, TRUE, sizeof(struct expert_row));
	return s;
}

void expert_free(expert_state *s)
{
	if (!s)
		return;
	for (int i = 0; i < EXPERT_NSEVERITIES; i++) {
		for (guint k = 0; k < s->rows[i]->len; k++) {
			struct expert_row *r = &g_array_index(s->rows[i], struct expert_row, k);
			g_free(r->protocol);
			g_free(r->summary);
		}
		g_array_free(s->rows[i], TRUE);
	}
	g_hash_table_destroy(s->index);
	g_free(s);
}

void expert_state_add(expert_state *s, uint8_t severity, uint8_t group, const char *protocol, const char *summary,
		uint64_t n)
{
	if (severity >= EXPERT_NSEVERITIES)
		return;
	GArray *rows = s->rows[severity];
	size_t len = strlen(summary);
	uint64_t head = 0, tail = 0;
	memcpy(&head, summary, MIN(len, 8));
	if (len > 8)
		memcpy(&tail, summary + len - 8, 8);
	uint64_t h = (head * 0x9e3779b97f4a7c15ull ^ tail ^ (len << 16 | (uint64_t)severity << 8 | group)) *
		     0xff51afd7ed558ccdull;
	guint slot = (guint)(h >> 56) % EXPERT_RECENT;
	guint at = s->recent[slot].at;
	if (at && s->recent[slot].severity == severity && s->recent[slot].group == group) {
		struct expert_row *r = &g_array_index(rows, struct expert_row, at - 1);
		if (strcmp(r->summary, summary) == 0 && strcmp(r->protocol, protocol) == 0) {
			r->count += n;
			s->totals[severity] += n;
			return;
		}
	}
	struct row_key key = {severity, group, protocol, summary};
	at = GPOINTER_TO_UINT(g_hash_table_lookup(s->index, &key));
	if (!at) {
		struct expert_row r = {severity, group, g_strdup(protocol), g_strdup(summary), 0};
		g_array_append_val(rows, r);
		at = rows->len;
		struct row_key *kept = g_new(struct row_key, 1);
		*kept = (struct row_key){severity, group, r.protocol, r.summary};
		g_hash_table_insert(s->index, kept, GUINT_TO_POINTER(at));
	}
	s->recent[slot].at = at;
	s->recent[slot].severity = severity;
	s->recent[slot].group = group;
	g_array_index(rows, struct expert_row, at - 1).count += n;
	s->totals[severity] += n;
}

static void count_item(const struct expert_item *it, void *data)
{
	expert_state_add(data, it->severity, it->group, it->protocol, it->summary, 1);
}

void expert_packet(expert_state *s, const struct packet *p)
{
	experts_fill(p, count_item, s);
}

const GArray *expert_rows(const expert_state *s, enum expert_severity sev, uint64_t *total)
{
	*total = s->totals[sev];
	return s->rows[sev];
}
