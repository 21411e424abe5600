/* expert.c — counting expert items (tshark's -z expert). */
#include "stats/expert.h"

#include <string.h>

struct expert_state {
	GHashTable *index;                   /* "sev group proto\tsummary" -> row position + 1 */
	GArray *rows[EXPERT_NSEVERITIES];    /* struct expert_row */
	uint64_t totals[EXPERT_NSEVERITIES];
	GString *key;
};

expert_state *expert_new(void)
{
	expert_state *s = g_new0(expert_state, 1);
	s->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (int i = 0; i < EXPERT_NSEVERITIES; i++)
		s->rows[i] = g_array_new(FALSE, TRUE, sizeof(struct expert_row));
	s->key = g_string_new(NULL);
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
	g_string_free(s->key, TRUE);
	g_free(s);
}

void expert_state_add(expert_state *s, uint8_t severity, uint8_t group, const char *protocol, const char *summary,
		uint64_t n)
{
	if (severity >= EXPERT_NSEVERITIES)
		return;
	g_string_printf(s->key, "%u %u %s\t%s", severity, group, protocol, summary);
	GArray *rows = s->rows[severity];
	guint at = GPOINTER_TO_UINT(g_hash_table_lookup(s->index, s->key->str));
	if (!at) {
		struct expert_row r = {severity, group, g_strdup(protocol), g_strdup(summary), 0};
		g_array_append_val(rows, r);
		at = rows->len;
		g_hash_table_insert(s->index, g_strdup(s->key->str), GUINT_TO_POINTER(at));
	}
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
