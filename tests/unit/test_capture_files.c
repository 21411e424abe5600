/* test_capture_files.c — what capture sessions leave on disk: pcapng files
 * read back with the project's reader (also after a failed write), and
 * session state written, read, listed and deleted. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "analyzer/reader.h"
#include "capture/fileset.h"
#include "capture/pcapng_writer.h"
#include "capture/session_state.h"

static char *tmp_dir; /* removed at the end */

static char *tmp_path(const char *name)
{
	return g_build_filename(tmp_dir, name, NULL);
}

static int create(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	g_assert_cmpint(fd, >=, 0);
	return fd;
}

/* Packet I: I+20 bytes of value I, on the wire 1000+I bytes. */
static void write_packets(pcapng_writer *w, int from, int to)
{
	uint8_t data[64];
	for (int i = from; i < to; i++) {
		memset(data, i, sizeof data);
		g_autoptr(GError) err = NULL;
		g_assert_true(pcapng_writer_packet(w, (uint32_t)(i % 2), 1700000000123456789 + i, data,
						   (uint32_t)(20 + i % 40), (uint32_t)(1000 + i), &err));
		g_assert_no_error(err);
	}
}

/* Reads PATH; checks the N packets of write_packets and the clean end. */
static void check_file(const char *path, int n)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(cap_reader) r = cap_reader_open(path, &err);
	g_assert_no_error(err);
	g_assert_cmpint(cap_reader_format(r), ==, CAP_FORMAT_PCAPNG);
	struct frame f;
	int i = 0, rc;
	while ((rc = cap_reader_next(r, &f, &err)) == 1) {
		g_assert_cmpint(f.ts_ns, ==, 1700000000123456789 + i);
		g_assert_cmpuint(f.caplen, ==, 20 + i % 40);
		g_assert_cmpuint(f.len, ==, 1000 + i);
		g_assert_cmpuint(f.interface, ==, i % 2);
		g_assert_cmpuint(f.linktype, ==, i % 2 ? LINKTYPE_LINUX_SLL : LINKTYPE_ETHERNET);
		g_assert_cmpuint(f.data[0], ==, (uint8_t)i);
		i++;
	}
	g_assert_no_error(err);
	g_assert_cmpint(rc, ==, 0);
	g_assert_cmpint(i, ==, n);
	g_assert_cmpuint(cap_reader_n_interfaces(r), ==, 2);
	const struct cap_interface *c0 = cap_reader_interface(r, 0), *c1 = cap_reader_interface(r, 1);
	g_assert_cmpstr(c0->name, ==, "eth0");
	g_assert_cmpuint(c0->snaplen, ==, 262144);
	g_assert_cmpuint(c0->ts_units, ==, 1000000000);
	g_assert_cmpstr(c1->name, ==, "any");
	g_assert_cmpuint(c1->snaplen, ==, 96);
}

static pcapng_writer *new_writer(const char *path)
{
	pcapng_writer *w = pcapng_writer_new(create(path), path);
	g_assert_cmpuint(pcapng_writer_add_interface(w, LINKTYPE_ETHERNET, 262144, "eth0"), ==, 0);
	g_assert_cmpuint(pcapng_writer_add_interface(w, LINKTYPE_LINUX_SLL, 96, "any"), ==, 1);
	return w;
}

static void test_pcapng_round_trip(void)
{
	g_autofree char *path = tmp_path("a.pcapng");
	pcapng_writer *w = new_writer(path);
	g_autoptr(GError) err = NULL;
	g_assert_true(pcapng_writer_flush(w, &err));
	check_file(path, 0); /* headers alone are a valid file */
	write_packets(w, 0, 50);
	g_assert_true(pcapng_writer_flush(w, &err));
	check_file(path, 50); /* readable while it is still being written */
	write_packets(w, 50, 5000);
	uint64_t size = pcapng_writer_size(w);
	g_assert_true(pcapng_writer_close(w, &err));
	g_assert_no_error(err);
	check_file(path, 5000);
	GStatBuf st;
	g_assert_cmpint(g_stat(path, &st), ==, 0);
	g_assert_cmpuint((uint64_t)st.st_size, ==, size);
}

/* A write cut short (here by the file-size limit, as a full disk would)
 * leaves the file ending on its last whole block. */
static void test_pcapng_write_fails(void)
{
	g_autofree char *path = tmp_path("full.pcapng");
	pcapng_writer *w = new_writer(path);
	g_autoptr(GError) err = NULL;
	write_packets(w, 0, 10);
	g_assert_true(pcapng_writer_flush(w, &err));
	uint64_t good = pcapng_writer_size(w);
	struct rlimit old, lim;
	g_assert_cmpint(getrlimit(RLIMIT_FSIZE, &old), ==, 0);
	lim = old;
	lim.rlim_cur = good + 100; /* room for packet 10 (64 bytes) and part of 11 */
	signal(SIGXFSZ, SIG_IGN);
	g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &lim), ==, 0);
	write_packets(w, 10, 20);
	bool ok = pcapng_writer_flush(w, &err);
	g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &old), ==, 0);
	g_assert_false(ok);
	g_assert_error(err, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE);
	g_autofree char *want = g_strdup_printf("cannot write '%s': %s", path, g_strerror(EFBIG));
	g_assert_cmpstr(err->message, ==, want);
	g_clear_error(&err);
	uint8_t b[4] = {0};
	g_assert_false(pcapng_writer_packet(w, 0, 1, b, 4, 4, &err));
	g_assert_error(err, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE);
	g_clear_error(&err);
	uint64_t bytes;
	g_assert_cmpuint(pcapng_writer_packets(w, &bytes), ==, 11);
	g_assert_cmpuint(bytes, ==, 20 * 11 + 55); /* caplens 20..30 */
	pcapng_writer_close(w, NULL);
	GStatBuf st;
	g_assert_cmpint(g_stat(path, &st), ==, 0);
	g_assert_cmpuint((uint64_t)st.st_size, ==, good + 64);
	check_file(path, 11);
}

/* Large packets go to the file without being queued: mixed with small ones,
 * in order, whole, their padding right; a write that fails inside one
 * leaves the file at the last whole block. */
static void test_pcapng_large(void)
{
	static const uint32_t sizes[] = {100, 16384, 17, 65535, 16385, 30000, 5, 65536, 16386, 16387};
	g_autofree char *path = tmp_path("large.pcapng");
	pcapng_writer *w = new_writer(path);
	g_autoptr(GError) err = NULL;
	g_autofree uint8_t *data = g_malloc(65536);
	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
		for (uint32_t b = 0; b < sizes[i]; b++)
			data[b] = (uint8_t)(b * 7 + i);
		g_assert_true(pcapng_writer_packet(w, 0, 1000 + (int64_t)i, data, sizes[i], sizes[i] + 4, &err));
	}
	uint64_t size = pcapng_writer_size(w);
	g_assert_true(pcapng_writer_close(w, &err));
	GStatBuf st;
	g_assert_cmpint(g_stat(path, &st), ==, 0);
	g_assert_cmpuint((uint64_t)st.st_size, ==, size);
	g_autoptr(cap_reader) r = cap_reader_open(path, &err);
	g_assert_no_error(err);
	struct frame f;
	size_t i = 0;
	while (cap_reader_next(r, &f, &err) == 1) {
		g_assert_cmpuint(f.caplen, ==, sizes[i]);
		g_assert_cmpuint(f.len, ==, sizes[i] + 4);
		g_assert_cmpint(f.ts_ns, ==, 1000 + (int64_t)i);
		for (uint32_t b = 0; b < sizes[i]; b++)
			if (f.data[b] != (uint8_t)(b * 7 + i))
				g_error("packet %zu, byte %u differs", i, b);
		i++;
	}
	g_assert_no_error(err);
	g_assert_cmpuint(i, ==, G_N_ELEMENTS(sizes));

	/* the file may grow by 40000 bytes more: the second large packet fails,
	 * after the three small ones queued before it (52 + 56 + 56 bytes),
	 * which go out whole in the same write */
	g_autofree char *full = tmp_path("large-full.pcapng");
	w = new_writer(full);
	g_assert_true(pcapng_writer_flush(w, &err));
	uint64_t good = pcapng_writer_size(w);
	struct rlimit old, lim;
	g_assert_cmpint(getrlimit(RLIMIT_FSIZE, &old), ==, 0);
	lim = old;
	lim.rlim_cur = good + 40000;
	signal(SIGXFSZ, SIG_IGN);
	g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &lim), ==, 0);
	bool first = pcapng_writer_packet(w, 0, 1, data, 30000, 30000, &err);
	write_packets(w, 0, 3);
	bool second = pcapng_writer_packet(w, 0, 2, data, 30000, 30000, &err);
	g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &old), ==, 0);
	g_assert_true(first);
	g_assert_false(second);
	g_assert_error(err, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE);
	g_clear_error(&err);
	uint64_t bytes;
	g_assert_cmpuint(pcapng_writer_packets(w, &bytes), ==, 4);
	g_assert_cmpuint(bytes, ==, 30000 + 20 + 21 + 22);
	pcapng_writer_close(w, NULL);
	g_assert_cmpint(g_stat(full, &st), ==, 0);
	g_assert_cmpuint((uint64_t)st.st_size, ==, good + 30032 + 164);

	/* room for 100 bytes: the write stops inside the second queued block,
	 * the file keeps the first */
	g_autofree char *cut = tmp_path("large-cut.pcapng");
	w = new_writer(cut);
	g_assert_true(pcapng_writer_flush(w, &err));
	good = pcapng_writer_size(w);
	lim.rlim_cur = good + 100;
	g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &lim), ==, 0);
	write_packets(w, 0, 3);
	second = pcapng_writer_packet(w, 0, 2, data, 30000, 30000, &err);
	g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &old), ==, 0);
	g_assert_false(second);
	g_assert_error(err, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE);
	g_assert_cmpuint(pcapng_writer_packets(w, &bytes), ==, 1);
	g_assert_cmpuint(bytes, ==, 20);
	pcapng_writer_close(w, NULL);
	g_assert_cmpint(g_stat(cut, &st), ==, 0);
	g_assert_cmpuint((uint64_t)st.st_size, ==, good + 52);
	check_file(cut, 1);
}

/* Bytes PATH takes on disk. */
static uint64_t disk_bytes(const char *path)
{
	GStatBuf st;
	g_assert_cmpint(g_stat(path, &st), ==, 0);
	return (uint64_t)st.st_blocks * 512;
}

/* The file's space is reserved ahead of the writes where the file system
 * can (its size stays that of the blocks written, so it reads the same),
 * and what is left of it is given back when the file is closed. */
static void test_pcapng_reserve(void)
{
	g_autofree char *probe = tmp_path("probe");
	int fd = create(probe);
	bool can = fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 1 << 20) == 0;
	close(fd);
	unlink(probe);
	g_autofree char *path = tmp_path("reserve.pcapng");
	pcapng_writer *w = new_writer(path);
	g_autoptr(GError) err = NULL;
	g_autofree uint8_t *data = g_malloc0(65536);
	bool reserved = false;
	for (int i = 0; i < 64; i++) { /* about 4 MiB, large packets and small ones */
		g_assert_true(pcapng_writer_packet(w, 0, i, data, i % 2 ? 65536 : 100, 65536, &err));
		g_assert_true(pcapng_writer_flush(w, &err));
		GStatBuf st;
		g_assert_cmpint(g_stat(path, &st), ==, 0);
		g_assert_cmpuint((uint64_t)st.st_size, ==, pcapng_writer_size(w));
		reserved |= disk_bytes(path) >= (uint64_t)st.st_size + (512 << 10);
	}
	g_assert_cmpint(reserved, ==, can);
	uint64_t size = pcapng_writer_size(w);
	g_assert_true(pcapng_writer_close(w, &err));
	g_assert_no_error(err);
	g_assert_cmpuint(disk_bytes(path), <, size + (512 << 10));
	GStatBuf st;
	g_assert_cmpint(g_stat(path, &st), ==, 0);
	g_assert_cmpuint((uint64_t)st.st_size, ==, size);
}

static void fill_state(struct capture_state *s, const char *name)
{
	*s = (struct capture_state){0};
	s->name = g_strdup(name);
	s->status = CAPTURE_STATUS_STOPPED;
	s->stop_reason = g_strdup(STOP_BYTES_EXCEEDED);
	s->error = g_strdup(ERROR_LOCAL_FILE);
	s->message = g_strdup("cannot write 'x \"y\"': No space left on device");
	s->start_ns = 1795476568680290001;
	s->end_ns = 1795476570214144002;
	s->packets = 12345;
	s->bytes = 4294967296;
	s->dropped = 3;
	s->file = g_strdup("/tmp/a b.pcapng");
	s->filter = g_strdup("tcp and ((tcp src port 22) or (tcp dst port 22))");
	s->interfaces = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(s->interfaces, g_strdup("eth0"));
	g_ptr_array_add(s->interfaces, g_strdup("veth1"));
	s->bytes_per_packet = 96;
	s->bytes_per_session = 1073741824;
	s->time_limit = 18000;
	s->pid = 4242;
	s->pid_start = 987654;
	s->user = g_strdup("nobody");
	s->storage = g_strdup("https://a.blob.core.windows.net/c/x.pcapng?sv=1&sig=REDACTED");
	s->storage_status = g_strdup(STORAGE_FAILED);
	s->storage_message = g_strdup("cannot upload '/tmp/a b.pcapng': 404 ContainerNotFound: not found");
}

static void test_state_round_trip(void)
{
	g_autofree char *dir = tmp_path("state");
	struct capture_state s, r;
	fill_state(&s, "pc-1.a_b");
	g_autoptr(GError) err = NULL;
	g_assert_true(capture_state_create(dir, &s, &err));
	g_assert_no_error(err);
	g_assert_true(capture_state_read(dir, "pc-1.a_b", &r, &err));
	g_assert_no_error(err);
	g_assert_cmpstr(r.name, ==, s.name);
	g_assert_cmpint(r.status, ==, CAPTURE_STATUS_STOPPED);
	g_assert_cmpstr(r.stop_reason, ==, "BytesExceeded");
	g_assert_cmpstr(r.error, ==, "LocalFileFailed");
	g_assert_cmpstr(r.message, ==, s.message);
	g_assert_cmpint(r.start_ns, ==, s.start_ns);
	g_assert_cmpint(r.end_ns, ==, s.end_ns);
	g_assert_cmpuint(r.packets, ==, 12345);
	g_assert_cmpuint(r.bytes, ==, 4294967296);
	g_assert_cmpuint(r.dropped, ==, 3);
	g_assert_cmpstr(r.file, ==, s.file);
	g_assert_cmpstr(r.filter, ==, s.filter);
	g_assert_cmpuint(r.interfaces->len, ==, 2);
	g_assert_cmpstr(r.interfaces->pdata[1], ==, "veth1");
	g_assert_cmpuint(r.bytes_per_packet, ==, 96);
	g_assert_cmpuint(r.bytes_per_session, ==, 1073741824);
	g_assert_cmpuint(r.time_limit, ==, 18000);
	g_assert_cmpint(r.pid, ==, 4242);
	g_assert_cmpuint(r.pid_start, ==, 987654);
	g_assert_cmpstr(r.user, ==, "nobody");
	g_assert_cmpstr(r.storage, ==, s.storage);
	g_assert_cmpstr(r.storage_status, ==, "Failed");
	g_assert_cmpstr(r.storage_message, ==, s.storage_message);
	capture_state_clear(&r);

	/* The former names of stop reasons read as Network Watcher's, and the
	 * JSON says both. */
	g_autofree char *spath = g_build_filename(dir, "pc-1.a_b", "state.json", NULL);
	g_autofree char *text = NULL;
	g_assert_true(g_file_get_contents(spath, &text, NULL, NULL));
	g_assert_nonnull(strstr(text, "\"stopReason\": \"BytesExceeded\",\n  \"stopReasonAlias\": \"SessionBytesExceeded\","));
	const char *olds[][2] = {{"Manual", "UserStopped"}, {"SessionBytesExceeded", "BytesExceeded"}, {"TimeExceeded", "TimeExceeded"}};
	for (size_t i = 0; i < G_N_ELEMENTS(olds); i++) {
		g_autofree char *was = g_strdup_printf("{\"name\": \"pc-1.a_b\", \"stopReason\": \"%s\"}", olds[i][0]);
		g_assert_true(g_file_set_contents(spath, was, -1, NULL));
		g_assert_true(capture_state_read(dir, "pc-1.a_b", &r, &err));
		g_assert_cmpstr(r.stop_reason, ==, olds[i][1]);
		g_assert_cmpstr(capture_stop_reason_alias(r.stop_reason), ==, i < 2 ? olds[i][0] : NULL);
		capture_state_clear(&r);
	}
	g_assert_true(capture_state_write(dir, &s, &err));

	/* Creating it again fails and leaves the first alone. */
	g_assert_false(capture_state_create(dir, &s, &err));
	g_assert_error(err, CAPTURE_ERROR, CAPTURE_ERROR_EXISTS);
	g_assert_cmpstr(err->message, ==, "capture session 'pc-1.a_b' exists already (delete it first)");
	g_clear_error(&err);

	/* An update replaces it whole and leaves no temporary file. */
	s.status = CAPTURE_STATUS_RUNNING;
	s.packets = 7;
	g_assert_true(capture_state_write(dir, &s, &err));
	g_assert_true(capture_state_read(dir, "pc-1.a_b", &r, &err));
	g_assert_cmpint(r.status, ==, CAPTURE_STATUS_RUNNING);
	g_assert_cmpuint(r.packets, ==, 7);
	capture_state_clear(&r);
	g_autofree char *sdir = g_build_filename(dir, "pc-1.a_b", NULL);
	GDir *d = g_dir_open(sdir, 0, NULL);
	g_assert_cmpstr(g_dir_read_name(d), ==, "state.json");
	g_assert_null(g_dir_read_name(d));
	g_dir_close(d);

	struct capture_state t;
	fill_state(&t, "a0");
	g_assert_true(capture_state_create(dir, &t, &err));
	capture_state_clear(&t);
	g_autoptr(GPtrArray) names = capture_state_list(dir, &err);
	g_assert_cmpuint(names->len, ==, 2);
	g_assert_cmpstr(names->pdata[0], ==, "a0");
	g_assert_cmpstr(names->pdata[1], ==, "pc-1.a_b");

	g_assert_true(capture_state_delete(dir, "a0", &err));
	g_assert_false(capture_state_read(dir, "a0", &r, &err));
	g_assert_error(err, CAPTURE_ERROR, CAPTURE_ERROR_NO_SESSION);
	g_assert_cmpstr(err->message, ==, "no capture session 'a0'");
	g_clear_error(&err);
	g_assert_false(capture_state_delete(dir, "a0", &err));
	g_assert_error(err, CAPTURE_ERROR, CAPTURE_ERROR_NO_SESSION);
	g_clear_error(&err);
	g_assert_true(capture_state_delete(dir, "pc-1.a_b", &err));
	capture_state_clear(&s);

	g_autofree char *none = tmp_path("no-such-dir");
	g_autoptr(GPtrArray) empty = capture_state_list(none, &err);
	g_assert_cmpuint(empty->len, ==, 0);
}

static void test_names(void)
{
	g_autoptr(GError) err = NULL;
	g_assert_true(capture_name_check("vm1-capture_2.x", &err));
	const char *bad[] = {"", ".hidden", "-x", "a/b", "a b", "..", "é"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_assert_false(capture_name_check(bad[i], &err));
		g_assert_error(err, CAPTURE_ERROR, CAPTURE_ERROR_USAGE);
		g_clear_error(&err);
	}
	g_assert_false(capture_name_check("a/b", &err));
	g_assert_cmpstr(err->message, ==,
			"'a/b' is not a session name (1-80 letters, digits, '.', '_' or '-', not starting with '.' or '-')");
}

static void test_stale(void)
{
	struct capture_state s = {0};
	s.status = CAPTURE_STATUS_RUNNING;
	s.pid = (int)getpid();
	s.pid_start = capture_process_start(s.pid);
	g_assert_cmpuint(s.pid_start, >, 0);
	g_assert_false(capture_state_mark_stale(&s));
	g_assert_cmpint(s.status, ==, CAPTURE_STATUS_RUNNING);

	s.pid_start++; /* the pid now belongs to another process */
	s.storage_status = g_strdup(STORAGE_UPLOADING);
	g_assert_true(capture_state_mark_stale(&s));
	g_assert_cmpint(s.status, ==, CAPTURE_STATUS_ERROR);
	g_assert_cmpstr(s.error, ==, "CaptureFailed");
	g_assert_cmpstr(s.stop_reason, ==, "Error");
	g_assert_cmpstr(s.storage_status, ==, "Failed"); /* an upload cut short did not happen */
	capture_state_clear(&s);

	pid_t child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	s.status = CAPTURE_STATUS_RUNNING;
	s.pid = (int)child;
	g_assert_true(capture_state_mark_stale(&s));
	g_autofree char *want = g_strdup_printf("the capturing process (pid %d) ended without closing the session", (int)child);
	g_assert_cmpstr(s.message, ==, want);
	capture_state_clear(&s);

	s.status = CAPTURE_STATUS_STOPPED;
	s.pid = (int)child;
	g_assert_false(capture_state_mark_stale(&s));
}

static void remove_tree(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	if (d) {
		const char *e;
		while ((e = g_dir_read_name(d))) {
			g_autofree char *p = g_build_filename(path, e, NULL);
			remove_tree(p);
		}
		g_dir_close(d);
		g_rmdir(path);
	} else {
		g_unlink(path);
	}
}

/* The names of a series of files, and of their blobs. */
static void test_fileset_names(void)
{
	int64_t t = G_GINT64_CONSTANT(1781260500) * 1000000000 + 5; /* 2026-06-12T10:35:00Z */
	static const char *const names[][3] = {
		{"/var/captures/web.pcapng", "/var/captures/web_00001_20260612103500.pcapng", NULL},
		{"/tmp/a.b/cap", "/tmp/a.b/cap_00001_20260612103500", NULL},
		{"/tmp/.hidden", "/tmp/.hidden_00001_20260612103500", NULL},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *n = fileset_name(names[i][0], 1, t);
		g_assert_cmpstr(n, ==, names[i][1]);
	}
	g_autofree char *big = fileset_name("/x/y.pcapng", 123456, t);
	g_assert_cmpstr(big, ==, "/x/y_123456_20260612103500.pcapng");

	static const char *const dests[][2] = {
		{"az://acct/caps/web.pcapng", "az://acct/caps/web_00007_20260612103500.pcapng"},
		{"az://acct/caps/dir/", "az://acct/caps/dir/"},
		{"az://acct/caps", "az://acct/caps"},
		{"https://acct.blob.core.windows.net/c/d.e/cap?sv=1&sr=c&sig=S", "https://acct.blob.core.windows.net/c/d.e/cap_00007_20260612103500?sv=1&sr=c&sig=S"},
		{"https://acct.blob.core.windows.net/c/x.pcapng?sv=1&sig=S", "https://acct.blob.core.windows.net/c/x_00007_20260612103500.pcapng?sv=1&sig=S"},
		{"https://acct.blob.core.windows.net/c/dir/?sv=1&sr=c&sig=S", "https://acct.blob.core.windows.net/c/dir/?sv=1&sr=c&sig=S"},
		{"http://127.0.0.1:10000/devstoreaccount1/c/a.pcapng", "http://127.0.0.1:10000/devstoreaccount1/c/a_00007_20260612103500.pcapng"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(dests); i++) {
		g_autofree char *d = fileset_dest(dests[i][0], 7, t);
		g_assert_cmpstr(d, ==, dests[i][1]);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	tmp_dir = g_dir_make_tmp("analyze-capture-XXXXXX", NULL);
	g_assert_nonnull(tmp_dir);
	g_test_add_func("/capture/pcapng/round-trip", test_pcapng_round_trip);
	g_test_add_func("/capture/pcapng/write-fails", test_pcapng_write_fails);
	g_test_add_func("/capture/pcapng/large", test_pcapng_large);
	g_test_add_func("/capture/pcapng/reserve", test_pcapng_reserve);
	g_test_add_func("/capture/state/round-trip", test_state_round_trip);
	g_test_add_func("/capture/state/names", test_names);
	g_test_add_func("/capture/state/stale", test_stale);
	g_test_add_func("/capture/fileset/names", test_fileset_names);
	int rc = g_test_run();
	remove_tree(tmp_dir);
	g_free(tmp_dir);
	return rc;
}
