/* Every frame of the project's samples, cut at every length: each
 * dissector (links, VLAN, ARP, IPv4/IPv6 with options and extension headers,
 * ICMP quoting TCP, TCP options, UDP, tunnels) must stop at the cut without
 * reading past it (the suite runs under ASan), flag the frame truncated when
 * the cut falls before its last layer, and never call a cut frame malformed
 * unless the whole frame already was. */
#include <glib.h>
#include <string.h>

#include "analyzer/reader.h"
#include "dissect_test.h"

/* Whether cut frame P shows as data, where WHOLE shows a protocol at the
 * same place: one found by its content (a heuristic), which too few bytes
 * cannot show, as in Wireshark.  No header was cut then. */
static bool content_unknown(const struct packet *p, const struct packet *whole)
{
	int i = p->nlayers - 1;
	return i >= 0 && i < whole->nlayers && p->layers[i].proto == PROTO_DATA &&
	       whole->layers[i].proto != PROTO_DATA && whole->layers[i].off == p->layers[i].off;
}

/* Cutting F before the first byte of its last layer (WHOLE's) must cut some
 * header on the way there, so the frame must then be flagged truncated
 * (unless the payload's protocol could only be told from what was cut). */
static void cut_every_length(const struct frame *f, const struct packet *whole)
{
	uint32_t flags_whole = whole->flags;
	uint32_t last_start = whole->nlayers ? whole->layers[whole->nlayers - 1].off : 0;
	for (uint32_t cap = 0; cap < f->caplen; cap++) {
		/* a copy of exactly CAP bytes, so ASan sees any read past the cut */
		uint8_t *copy = cut_copy(f->data, cap);
		struct frame g = *f;
		g.caplen = cap;
		g.data = copy;
		struct packet p;
		dissect_frame(&p, &g);
		if (!(flags_whole & PKT_MALFORMED))
			g_assert_false(p.flags & PKT_MALFORMED);
		if (cap < last_start && !(p.flags & PKT_TRUNCATED) && !content_unknown(&p, whole))
			g_error("frame %" G_GUINT64_FORMAT " cut at %u (its last layer starts at %u): not flagged truncated",
				f->number, cap, last_start);
		g_free(copy);
	}
}

static void test_samples(gconstpointer data)
{
	const char *path = data;
	g_autoptr(GError) err = NULL;
	g_autoptr(cap_reader) r = cap_reader_open(path, &err);
	g_assert_no_error(err);
	struct frame f;
	int rc, n = 0;
	while ((rc = cap_reader_next(r, &f, &err)) > 0) {
		struct packet whole;
		dissect_frame(&whole, &f);
		if (whole.flags & PKT_TRUNCATED)
			g_error("%s: frame %d is flagged truncated whole", path, n + 1);
		cut_every_length(&f, &whole);
		n++;
	}
	g_assert_no_error(err);
	g_assert_cmpint(rc, ==, 0);
	g_assert_cmpint(n, >, 0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	const char *dirs[] = {"samples/gen", "samples/recorded"};
	for (size_t d = 0; d < G_N_ELEMENTS(dirs); d++) {
		g_autoptr(GDir) dir = g_dir_open(dirs[d], 0, NULL);
		const char *name;
		while (dir && (name = g_dir_read_name(dir))) {
			if (!g_str_has_suffix(name, ".pcap") && !g_str_has_suffix(name, ".pcapng"))
				continue;
			char *path = g_build_filename(dirs[d], name, NULL);
			char *test = g_strdup_printf("/truncation/%s", name);
			g_test_add_data_func_full(test, path, test_samples, g_free);
			g_free(test);
		}
	}
	return g_test_run();
}
