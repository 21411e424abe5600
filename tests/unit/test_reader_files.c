/* test_reader_files.c — the capture-file reader on files others wrote: the
 * shared real captures against MANIFEST.tsv (and frame by frame against
 * libpcap where it reads them), and every damaged file of tests/broken with
 * the message its README promises. */
#include <errno.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "analyzer/reader.h"
#include "tests/unit/reader_test.h"

/* ---- the shared real captures ------------------------------------------- */

static const char *shared_dir(void)
{
	const char *d = g_getenv("ANALYZE_SHARED_CAPTURES");

	return d != NULL ? d : "../shared/captures";
}

static int column(char **head, const char *name)
{
	for (int i = 0; head[i] != NULL; i++)
		if (strcmp(head[i], name) == 0)
			return i;
	g_error("MANIFEST.tsv has no column '%s'", name);
}

static uint64_t pow10_u(size_t e)
{
	uint64_t v = 1;

	while (e-- > 0)
		v *= 10;
	return v;
}

static uint64_t number(const char *s)
{
	guint64 v = 0;

	if (*s != '\0')
		g_assert_true(g_ascii_string_to_unsigned(s, 10, 0, G_MAXUINT64,
							 &v, NULL));
	return v;
}

/* Parses a capinfos time ("1418145370.1000000"): the fraction counts
 * microseconds when it has at most 6 digits, or up to 8 in a microsecond
 * file, and nanoseconds otherwise; either may overflow into the seconds. */
static bool manifest_time(const char *s, const char *precision, int64_t *sec,
			  uint64_t *nsec)
{
	g_auto(GStrv) parts = g_strsplit(s, ".", 2);

	if (g_strv_length(parts) != 2)
		return false;
	size_t digits = strlen(parts[1]);
	uint64_t frac = number(parts[1]);
	*sec = (int64_t)number(parts[0]);
	if (digits <= 6)
		*nsec = frac * (uint64_t)pow10_u(9 - digits);
	else if (digits < 9 && strcmp(precision, "microseconds") == 0)
		*nsec = frac * 1000;
	else if (digits < 9)
		*nsec = frac * (uint64_t)pow10_u(9 - digits);
	else
		*nsec = frac;
	*sec += (int64_t)(*nsec / 1000000000);
	*nsec %= 1000000000;
	return true;
}

/* capinfos 4.0 orders times by a difference of seconds cut to an int; its
 * "first" and "last" on files with far-apart times follow that order. */
static int capinfos_cmp(const struct frame *a, const struct frame *b)
{
	if (a->ts_sec == b->ts_sec)
		return (int)a->ts_nsec - (int)b->ts_nsec;
	return (int32_t)(uint32_t)(uint64_t)(a->ts_sec - b->ts_sec);
}

static void check_times(const char *path, const Run *run, const char *first,
			const char *last, const char *precision)
{
	const struct frame *start = NULL, *stop = NULL;
	bool all_timed = true;

	for (guint i = 0; i < run->frames->len; i++) {
		const struct frame *f = frame_at(run, i);
		if (f->flags & FRAME_TS_UNKNOWN) {
			all_timed = false;
			continue;
		}
		if (start == NULL || capinfos_cmp(f, start) < 0)
			start = f;
		if (stop == NULL || capinfos_cmp(f, stop) > 0)
			stop = f;
	}
	int64_t s[2];
	uint64_t ns[2];
	if (!manifest_time(first, precision, &s[0], &ns[0]) ||
	    !manifest_time(last, precision, &s[1], &ns[1])) {
		if (start != NULL && all_timed)
			g_test_fail_printf("%s: has times, MANIFEST says '%s'",
					   path, first);
		return;
	}
	const struct frame *got[2] = { start, stop };
	for (int k = 0; k < 2; k++)
		if (got[k] == NULL || got[k]->ts_sec != s[k] ||
		    got[k]->ts_nsec / 1000 != ns[k] / 1000)
			g_test_fail_printf("%s: %s time %" PRId64 ".%09u, MANIFEST "
					   "says %s", path, k ? "last" : "first",
					   got[k] ? got[k]->ts_sec : 0,
					   got[k] ? got[k]->ts_nsec : 0,
					   k ? last : first);
}

/* libpcap reads pcap files the same way: frames, times, lengths and bytes
 * (libpcap may cut a record to the file's snap length). */
static void check_libpcap(const char *path, const Run *run)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	int rc;
	guint i = 0;
	pcap_t *p = pcap_open_offline_with_tstamp_precision(
		path, PCAP_TSTAMP_PRECISION_NANO, errbuf);

	if (p == NULL)
		return;
	while ((rc = pcap_next_ex(p, &h, &d)) == 1 && i < run->frames->len) {
		const struct frame *f = frame_at(run, i);
		gsize n;
		const uint8_t *ours = g_bytes_get_data(run->bytes->pdata[i], &n);
		/* Out-of-range sub-second fields: see reader_pcap.c. */
		if (h->ts.tv_usec >= 0 && h->ts.tv_usec < 1000000000 &&
		    (int64_t)h->ts.tv_sec * 1000000000 + h->ts.tv_usec != f->ts_ns)
			g_test_fail_printf("%s: frame %u time differs from "
					   "libpcap's", path, i + 1);
		if (h->len != f->len || h->caplen > f->caplen ||
		    (h->caplen < f->caplen &&
		     h->caplen != (bpf_u_int32)pcap_snapshot(p)) ||
		    memcmp(d, ours, h->caplen) != 0)
			g_test_fail_printf("%s: frame %u differs from libpcap's",
					   path, i + 1);
		i++;
	}
	if (i != run->frames->len || (rc == PCAP_ERROR_BREAK) != (run->rc == 0))
		g_test_fail_printf("%s: libpcap reads %u frames (%s), we %u",
				   path, i, rc == PCAP_ERROR_BREAK ? "end" : "error",
				   run->frames->len);
	pcap_close(p);
}

struct manifest {
	char **head;
	int path, packets, first, last, precision, tshark_rc;
};

static void check_row(const struct manifest *m, char **row, const char *path)
{
	g_autoptr(Run) run = read_path(path);
	uint64_t packets = number(row[m->packets]), counted = 0;

	for (guint i = 0; i < run->frames->len; i++)
		counted += !(frame_at(run, i)->flags & FRAME_NOT_PACKET);
	if (g_str_has_prefix(row[m->path], "broken/")) {
		/* Where tshark failed, fail after the frames it read; where it
		 * did not, read what it read or fail (we are stricter). */
		bool tshark_ok = strcmp(row[m->tshark_rc], "0") == 0;
		if (run->rc == 0 ? !tshark_ok || counted != packets
				 : (tshark_ok ? counted > packets
					      : counted != packets))
			g_test_fail_printf("%s: %" PRIu64 " frames then %s; tshark "
					   "read %" PRIu64, path, counted,
					   run->rc ? run->error->message : "end",
					   packets);
		if (run->opened && (run->format == CAP_FORMAT_PCAP ||
				    run->format == CAP_FORMAT_PCAP_NSEC))
			check_libpcap(path, run);
		return;
	}
	if (run->rc != 0) {
		g_test_fail_printf("%s: %s", path, run->error->message);
		return;
	}
	if (counted != packets)
		g_test_fail_printf("%s: %" PRIu64 " packets, MANIFEST says %" PRIu64,
				   path, counted, packets);
	check_times(path, run, row[m->first], row[m->last], row[m->precision]);
	if (run->format == CAP_FORMAT_PCAP || run->format == CAP_FORMAT_PCAP_NSEC)
		check_libpcap(path, run);
}

/* Every capture in real/, netmon/ and broken/ against MANIFEST.tsv (tshark's
 * and capinfos' view of them) and, for pcap files, against libpcap. */
static void test_shared_manifest(void)
{
	const char *dir = shared_dir();
	g_autofree char *file = g_build_filename(dir, "MANIFEST.tsv", NULL);
	g_autofree char *text = NULL;

	if (!g_file_get_contents(file, &text, NULL, NULL)) {
		g_test_skip("no shared captures (ANALYZE_SHARED_CAPTURES)");
		return;
	}
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	g_auto(GStrv) head = g_strsplit(lines[0], "\t", -1);
	struct manifest m = {
		head, column(head, "path"), column(head, "packets"),
		column(head, "first_ts_epoch"), column(head, "last_ts_epoch"),
		column(head, "ts_precision"), column(head, "tshark_rc"),
	};
	g_autoptr(GHashTable) listed = g_hash_table_new_full(g_str_hash,
		g_str_equal, g_free, NULL); /* set of paths */
	for (guint i = 1; lines[i] != NULL; i++) {
		if (lines[i][0] == '\0')
			continue;
		g_auto(GStrv) row = g_strsplit(lines[i], "\t", -1);
		g_assert_cmpuint(g_strv_length(row), ==, g_strv_length(head));
		g_autofree char *path = g_build_filename(dir, row[m.path], NULL);
		check_row(&m, row, path);
		g_hash_table_add(listed, g_strdup(row[m.path]));
	}
	static const char *const subdirs[] = { "real", "netmon", "broken" };
	for (size_t k = 0; k < G_N_ELEMENTS(subdirs); k++) {
		g_autofree char *sub = g_build_filename(dir, subdirs[k], NULL);
		g_autoptr(GDir) d = g_dir_open(sub, 0, NULL);
		const char *name;
		while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
			g_autofree char *rel = g_strdup_printf("%s/%s",
							       subdirs[k], name);
			if (!g_hash_table_contains(listed, rel))
				g_test_fail_printf("%s is not in MANIFEST.tsv", rel);
		}
	}
	g_test_message("%u captures checked", g_hash_table_size(listed));
}

/* ---- tests/broken -------------------------------------------------------- */

static CapReaderError code_named(const char *name)
{
	static const char *const names[] = {
		"IO", "EMPTY", "NOT_CAPTURE", "TRUNCATED", "BAD_VERSION",
		"LINKTYPE", "CORRUPT",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (strcmp(name, names[i]) == 0)
			return (CapReaderError)i;
	g_error("unknown error code '%s' in tests/broken/README.md", name);
}

/* Each file in tests/broken gives the frames and the error its README
 * lists: "| `file` | frames | `CODE` | `message` | why |". */
static void test_broken_dir(void)
{
	const char *dir = g_getenv("ANALYZE_BROKEN_DIR");
	g_autofree char *readme = NULL, *text = NULL;
	guint checked = 0;

	dir = dir != NULL ? dir : "tests/broken";
	readme = g_build_filename(dir, "README.md", NULL);
	if (!g_file_get_contents(readme, &text, NULL, NULL)) {
		g_test_skip("no tests/broken (ANALYZE_BROKEN_DIR)");
		return;
	}
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		if (!g_str_has_prefix(lines[i], "| `"))
			continue;
		g_auto(GStrv) cells = g_strsplit(lines[i], "|", -1);
		g_assert_cmpuint(g_strv_length(cells), ==, 7);
		for (int c = 1; c <= 4; c++)
			g_strstrip(g_strdelimit(cells[c], "`", ' '));
		g_autofree char *path = g_build_filename(dir, cells[1], NULL);
		g_autoptr(Run) run = read_path(path);
		check_error(run, (guint)number(cells[2]), code_named(cells[3]),
			    cells[4]);
		checked++;
	}
	g_assert_cmpuint(checked, >, 0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/reader/shared/manifest", test_shared_manifest);
	g_test_add_func("/reader/broken", test_broken_dir);
	return g_test_run();
}
