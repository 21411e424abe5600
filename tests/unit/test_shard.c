/* Unit tests of what decides whether the shards of a sharded run dissected
 * their frames as one session would have (docs/sharding.md): state that
 * crossed address pairs, and bounded tables that one session would have
 * made forget an entry a shard still found. */
#include <glib.h>

#include "dissect/session.h"

struct two {
	struct dissect_session *s[2];
};

static void two_new(struct two *t)
{
	for (int i = 0; i < 2; i++) {
		t->s[i] = dissect_session_new();
		session_shard_start(t->s[i]);
	}
}

static void two_free(struct two *t)
{
	for (int i = 0; i < 2; i++)
		dissect_session_free(t->s[i]);
}

/* Shard K puts an entry in TABLE (of bound CAP) in frame FRAME. */
static void put(struct two *t, int k, enum session_bounded table, uint64_t cap, uint64_t frame)
{
	session_shard_frame(t->s[k], frame);
	session_bounded_insert(t->s[k], table, cap);
}

/* Shard K finds, in frame FRAME, the entry of TABLE put in frame KEPT. */
static void hit(struct two *t, int k, enum session_bounded table, uint64_t kept, uint64_t frame)
{
	session_shard_frame(t->s[k], frame);
	session_bounded_hit(t->s[k], table, kept);
}

static const char *verdict(struct two *t)
{
	const char *why = NULL;
	return session_shards_agree(t->s, 2, &why) ? "agree" : why;
}

static void test_nothing_kept(void)
{
	struct two t;
	two_new(&t);
	g_assert_cmpstr(verdict(&t), ==, "agree");
	two_free(&t);
}

static void test_cross_pair(void)
{
	struct two t;
	two_new(&t);
	session_shard_frame(t.s[1], 7);
	session_cross_pair(t.s[1]);
	g_assert_cmpstr(verdict(&t), ==, "state of one address pair is read by frames of another");
	two_free(&t);
	/* a session that is not sharded, or none, ignores it */
	struct dissect_session *one = dissect_session_new();
	session_cross_pair(one);
	session_cross_pair(NULL);
	session_bounded_insert(one, SESSION_BOUNDED_DNS, 1);
	dissect_session_free(one);
}

/* Below its bound a table forgets nothing, whatever the shards found. */
static void test_bounded_not_full(void)
{
	struct two t;
	two_new(&t);
	put(&t, 0, SESSION_BOUNDED_DNS, 4, 1);
	put(&t, 1, SESSION_BOUNDED_DNS, 4, 2);
	put(&t, 0, SESSION_BOUNDED_DNS, 4, 3);
	hit(&t, 0, SESSION_BOUNDED_DNS, 1, 900);
	g_assert_cmpstr(verdict(&t), ==, "agree");
	two_free(&t);
}

/* Full: an entry found again must have had fewer than the bound put in
 * the table (both shards counted, itself included) from its frame to the
 * finding one. */
static void test_bounded_hits(void)
{
	struct two t;
	two_new(&t);
	put(&t, 0, SESSION_BOUNDED_RPC, 4, 1);
	put(&t, 1, SESSION_BOUNDED_RPC, 4, 2);
	put(&t, 0, SESSION_BOUNDED_RPC, 4, 3);
	hit(&t, 0, SESSION_BOUNDED_RPC, 1, 4); /* 3 put from 1 to 4 */
	put(&t, 1, SESSION_BOUNDED_RPC, 4, 5);
	put(&t, 1, SESSION_BOUNDED_RPC, 4, 6);
	hit(&t, 1, SESSION_BOUNDED_RPC, 5, 7); /* 2 put from 5 to 7 */
	g_assert_cmpstr(verdict(&t), ==, "agree");
	two_free(&t);

	two_new(&t);
	put(&t, 0, SESSION_BOUNDED_RPC, 4, 1);
	put(&t, 1, SESSION_BOUNDED_RPC, 4, 2);
	put(&t, 1, SESSION_BOUNDED_RPC, 4, 3);
	put(&t, 1, SESSION_BOUNDED_RPC, 4, 4);
	/* shard 0 put only one: it still has the entry of frame 1, which one
	 * session, four entries later, may have forgotten */
	hit(&t, 0, SESSION_BOUNDED_RPC, 1, 5);
	g_assert_cmpstr(verdict(&t), ==, "a bounded table would have forgotten entries");
	two_free(&t);
}

/* A full table whose finds are not recorded gives up. */
static void test_bounded_untold(void)
{
	struct two t;
	two_new(&t);
	put(&t, 0, SESSION_BOUNDED_CLIENTS, 2, 1);
	g_assert_cmpstr(verdict(&t), ==, "agree");
	put(&t, 1, SESSION_BOUNDED_CLIENTS, 2, 2);
	g_assert_cmpstr(verdict(&t), ==, "a bounded table would have forgotten entries");
	two_free(&t);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/shard/nothing-kept", test_nothing_kept);
	g_test_add_func("/shard/cross-pair", test_cross_pair);
	g_test_add_func("/shard/bounded-not-full", test_bounded_not_full);
	g_test_add_func("/shard/bounded-hits", test_bounded_hits);
	g_test_add_func("/shard/bounded-untold", test_bounded_untold);
	return g_test_run();
}
