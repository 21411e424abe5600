/* session.c — per-file dissection state. */
#include "dissect/session.h"

#include <glib.h>

struct dissect_session {
	struct flowtab *tcp;    /* directional flow key -> struct tcp_dir */
	GPtrArray *dirs;        /* every struct tcp_dir, to free them */
};

struct dissect_session *dissect_session_new(void)
{
	struct dissect_session *s = g_new0(struct dissect_session, 1);
	s->tcp = flowtab_new();
	s->dirs = g_ptr_array_new_with_free_func(g_free);
	return s;
}

void dissect_session_free(struct dissect_session *s)
{
	if (!s)
		return;
	flowtab_free(s->tcp);
	g_ptr_array_free(s->dirs, TRUE);
	g_free(s);
}

struct tcp_dir *session_tcp_dir(struct dissect_session *s, const struct flow_key *key,
				struct tcp_dir **reverse)
{
	struct tcp_dir *d = flowtab_get(s->tcp, key);
	if (!d) {
		d = g_new0(struct tcp_dir, 1);
		flowtab_put(s->tcp, key, d);
		g_ptr_array_add(s->dirs, d);
	}
	if (reverse) {
		struct flow_key rev;
		flow_key_reverse(&rev, key);
		*reverse = flowtab_get(s->tcp, &rev);
	}
	return d;
}
