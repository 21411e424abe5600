/* reader.c — capture-file reader: opening, format detection by content,
 * buffered input, errors, and the tables of format and link-type names.
 * The formats themselves live in reader_pcap.c, reader_pcapng.c,
 * reader_netmon.c and reader_snoop.c. */
#include "analyzer/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <inttypes.h>
#include <stdarg.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/reader_private.h"

G_DEFINE_QUARK(cap-reader-error-quark, cap_reader_error)

/* ---- errors -------------------------------------------------------------- */

int cap_fail(cap_reader *r, GError **error, CapReaderError code,
	     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	GError *e = g_error_new_valist(CAP_READER_ERROR, (gint)code, fmt, ap);
	va_end(ap);
	if (error != NULL)
		g_propagate_error(error, g_error_copy(e));
	g_clear_error(&r->error);
	r->error = e;
	r->done = -1;
	return -1;
}

int cap_fail_truncated(cap_reader *r, GError **error, const char *what,
		       uint64_t off, uint64_t have, uint64_t need)
{
	return cap_fail(r, error, CAP_READER_ERROR_TRUNCATED,
			"file ends inside the %s at offset %" PRIu64
			" (%" PRIu64 " of %" PRIu64 " bytes)",
			what, off, have, need);
}

/* strerror text with a lowercase first letter, as our messages are. */
static char *errno_text(int err)
{
	char *s = g_strdup(g_strerror(err));

	s[0] = g_ascii_tolower(s[0]);
	return s;
}

static int fail_errno(cap_reader *r, GError **error, int err,
		      const char *doing)
{
	g_autofree char *text = errno_text(err);

	return cap_fail(r, error, CAP_READER_ERROR_IO, "%s at offset %" PRIu64
			": %s", doing, src_offset(r), text);
}

/* An open(2)/fstat(2) failure: just the reason ("no such file or
 * directory"); the caller names the file. */
static void cap_fail_errno(cap_reader *r, GError **error, int err)
{
	g_autofree char *text = errno_text(err);

	cap_fail(r, error, CAP_READER_ERROR_IO, "%s", text);
}

int cap_fail_header(cap_reader *r, GError **error, const char *what,
		    uint64_t have, uint64_t need)
{
	return cap_fail(r, error, CAP_READER_ERROR_TRUNCATED,
			"file ends inside the %s (%" PRIu64 " of %" PRIu64
			" bytes)", what, have, need);
}

/* ---- mapped input --------------------------------------------------------- */

/* A regular, uncompressed capture is mapped instead of read: no copy from
 * the page cache.  A file truncated while it is mapped makes the pages past
 * its new end fault with SIGBUS: the handler below puts a page of zeros
 * there and marks the mapping, and the reader then fails with "the file
 * shrank while it was being read" instead of the process dying.  The table
 * holds the mappings of every reader open at once (readers on several
 * threads); the handler only reads it and writes the flag. */
#define MAP_SLOTS 64
#define MAP_WINDOW ((size_t)1 << 20) /* how far each fill moves the end (and progress) */
static struct {
	uint8_t *volatile base;
	volatile size_t len;
	volatile sig_atomic_t faulted;
} map_guard[MAP_SLOTS];
static GMutex map_guard_lock;
static long map_page_size; /* set before the handler is installed: sysconf is not for handlers */

static void sigbus_handler(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	uint8_t *a = si->si_addr;
	for (int i = 0; i < MAP_SLOTS; i++) {
		uint8_t *b = map_guard[i].base;
		if (b != NULL && a >= b && a < b + map_guard[i].len) {
			long ps = map_page_size;
			uintptr_t page = (uintptr_t)a & ~(uintptr_t)(ps - 1);
			if (mmap((void *)page, (size_t)ps, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
				map_guard[i].faulted = 1;
				return;
			}
		}
	}
	/* not ours: what SIGBUS would have done */
	signal(sig, SIG_DFL);
	raise(sig);
}

static int map_guard_add(uint8_t *base, size_t len)
{
	static bool installed;
	int slot = -1;
	g_mutex_lock(&map_guard_lock);
	if (!installed) {
		map_page_size = sysconf(_SC_PAGESIZE);
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = sigbus_handler;
		sa.sa_flags = SA_SIGINFO | SA_NODEFER;
		sigemptyset(&sa.sa_mask);
		installed = sigaction(SIGBUS, &sa, NULL) == 0;
	}
	for (int i = 0; installed && i < MAP_SLOTS; i++) {
		if (map_guard[i].base == NULL) {
			map_guard[i].faulted = 0;
			map_guard[i].len = len;
			map_guard[i].base = base;
			slot = i;
			break;
		}
	}
	g_mutex_unlock(&map_guard_lock);
	return slot;
}

static void map_guard_remove(int slot)
{
	g_mutex_lock(&map_guard_lock);
	map_guard[slot].base = NULL;
	map_guard[slot].len = 0;
	g_mutex_unlock(&map_guard_lock);
}

/* ---- read-ahead of a mapped file ------------------------------------------ */

/* The first touch of each page of a mapping faults into the kernel, on the
 * thread that dissects.  With a second CPU online, a thread of its own
 * makes the pages present (MADV_POPULATE_READ: no access, so no SIGBUS for
 * a file cut meanwhile; it merely fails there and stops) up to
 * PREFAULT_AHEAD bytes past what the reader has taken in.  With one CPU to
 * run on (online, or allowed by the affinity mask) it would only add
 * switches, and is not started. */
#define PREFAULT_AHEAD ((size_t)2 << 20)
#define PREFAULT_STEP ((size_t)512 << 10)
#define PREFAULT_MIN_FILE ((uint64_t)32 << 20) /* smaller files: not worth a thread */

int cap_usable_cpus(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		return CPU_COUNT(&set);
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

struct prefault {
	GThread *thread;
	GMutex lock;
	GCond cond;
	uint8_t *base;
	size_t want;          /* make pages present up to here */
	bool stop;
};

static gpointer prefault_main(gpointer data)
{
	struct prefault *pf = data;
	size_t done = 0;
	for (;;) {
		g_mutex_lock(&pf->lock);
		while (done >= pf->want && !pf->stop)
			g_cond_wait(&pf->cond, &pf->lock);
		size_t want = pf->want;
		bool stop = pf->stop;
		g_mutex_unlock(&pf->lock);
		if (stop)
			return NULL;
		/* the reader went forward past what is done (a seek): from there */
		if (want > PREFAULT_AHEAD && done < want - PREFAULT_AHEAD)
			done = (want - PREFAULT_AHEAD) & ~(PREFAULT_STEP - 1);
		while (done < want) {
			size_t n = MIN(PREFAULT_STEP, want - done);
			if (madvise(pf->base + done, n, MADV_POPULATE_READ) != 0)
				return NULL; /* cut short, or a kernel without it: faults as before */
			done += n;
		}
	}
}

static void prefault_start(cap_reader *r)
{
	if (r->file_size < PREFAULT_MIN_FILE || cap_usable_cpus() < 2 ||
	    g_getenv("ANALYZE_NO_THREADS"))
		return;
	struct prefault *pf = g_new0(struct prefault, 1);
	g_mutex_init(&pf->lock);
	g_cond_init(&pf->cond);
	pf->base = r->buf;
	r->prefault = pf;
	pf->thread = g_thread_new("read-ahead", prefault_main, pf);
}

/* The reader has taken in the mapping up to END (of LEN bytes now). */
static void prefault_reached(cap_reader *r, size_t end, size_t len)
{
	struct prefault *pf = r->prefault;
	size_t want = MIN(end + PREFAULT_AHEAD, len);
	g_mutex_lock(&pf->lock);
	if (want > pf->want) {
		pf->want = want;
		g_cond_signal(&pf->cond);
	}
	g_mutex_unlock(&pf->lock);
}

static void prefault_stop(cap_reader *r)
{
	struct prefault *pf = r->prefault;
	if (pf == NULL)
		return;
	g_mutex_lock(&pf->lock);
	pf->stop = true;
	g_cond_signal(&pf->cond);
	g_mutex_unlock(&pf->lock);
	g_thread_join(pf->thread);
	g_mutex_clear(&pf->lock);
	g_cond_clear(&pf->cond);
	g_free(pf);
	r->prefault = NULL;
}

/* Maps the file of R (a regular file of file_size bytes); false leaves R
 * reading as before.  Small files are read: mapping them gains nothing. */
static bool map_input(cap_reader *r)
{
	if (r->file_size <= CAP_BUF_SIZE || r->file_size > SIZE_MAX || g_getenv("ANALYZE_NO_MMAP"))
		return false;
	void *m = mmap(NULL, (size_t)r->file_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, r->fd, 0);
	if (m == MAP_FAILED)
		return false;
	int slot = map_guard_add(m, (size_t)r->file_size);
	if (slot < 0) {
		munmap(m, (size_t)r->file_size);
		return false;
	}
	(void)madvise(m, (size_t)r->file_size, MADV_SEQUENTIAL);
	r->mapped = true;
	r->map_slot = slot;
	r->map_len = (size_t)r->file_size;
	r->buf = m;
	r->cap = r->map_len;
	r->buf_off = 0;
	r->pos = r->end = (size_t)r->start_off;
	prefault_start(r);
	return true;
}

static void unmap_input(cap_reader *r)
{
	if (!r->mapped)
		return;
	prefault_stop(r);
	map_guard_remove(r->map_slot);
	munmap(r->buf, r->map_len);
	r->buf = NULL;
	r->mapped = false;
}

/* Goes back to reading R: the bytes taken but not yet used move into a
 * buffer, the descriptor just past them.  For a file that grew after it was
 * mapped (a capture still being written), and before decompressing. */
static void map_to_read(cap_reader *r)
{
	if (!r->mapped)
		return;
	size_t n = r->end - r->pos;
	size_t cap = MAX(n, CAP_BUF_SIZE);
	uint8_t *b = g_malloc(cap);
	memcpy(b, r->buf + r->pos, n);
	uint64_t at = r->end;
	(void)lseek(r->fd, (off_t)at, SEEK_SET);
	/* frames read so far may still be in use (cap_reader_frame_lasts):
	 * the mapping goes only when the reader closes */
	prefault_stop(r);
	r->retired = r->buf;
	r->retired_len = r->map_len;
	r->retired_slot = r->map_slot;
	r->mapped = false;
	r->buf = b;
	r->cap = cap;
	r->buf_off = at - n;
	r->pos = 0;
	r->end = n;
	r->eof = false;
	r->seekable = true;
}

/* Whether a page of R's mapping faulted because the file shrank. */
static bool map_faulted(const cap_reader *r)
{
	return r->mapped && map_guard[r->map_slot].faulted;
}

/* The next window of the mapping, as a read of up to MAP_WINDOW bytes
 * would give it; NEED bytes past pos at least when the file has them.  A
 * file that has shrunk since it was mapped ends where it now ends. */
static gssize mapped_fill(cap_reader *r, size_t need, GError **error)
{
	if (map_faulted(r))
		return cap_fail(r, error, CAP_READER_ERROR_IO,
				"the file shrank while it was being read: no record at offset %" PRIu64,
				src_offset(r));
	struct stat st;
	if (fstat(r->fd, &st) != 0)
		st.st_size = (off_t)r->map_len;
	if ((uint64_t)st.st_size < r->map_len)
		r->map_len = (size_t)st.st_size; /* now ends there: read up to it */
	/* Pages read past leave the process's resident memory (they stay in
	 * the page cache, and come back if read again): a mapped file costs a
	 * window or two of memory, as reading does, not its size. */
	long ps = sysconf(_SC_PAGESIZE);
	size_t keep = MIN(r->pos, r->map_hold) & ~(size_t)(ps - 1);
	if (keep > r->map_dropped + ((size_t)1 << 20)) {
		(void)madvise(r->buf + r->map_dropped, keep - r->map_dropped, MADV_DONTNEED);
		r->map_dropped = keep;
	}
	if (r->pos < r->map_dropped)
		r->map_dropped = r->pos & ~(size_t)(ps - 1); /* went back (a seek) */
	size_t want = MAX(r->pos + need, r->end + MAP_WINDOW);
	size_t end = MIN(want, r->map_len);
	if (end > r->end)
		r->end = end;
	if (r->prefault != NULL)
		prefault_reached(r, r->end, r->map_len);
	r->eof = r->end >= r->map_len;
	if (r->progress != NULL)
		r->progress(r->end - r->start_off, r->file_size - r->start_off, r->progress_data);
	if (r->eof && r->end - r->pos < need && (uint64_t)st.st_size > r->file_size) {
		/* it grew since: read what was added */
		r->file_size = (uint64_t)st.st_size;
		map_to_read(r);
		return src_fill(r, need, error);
	}
	return (gssize)(r->end - r->pos);
}

/* ---- buffered input ------------------------------------------------------ */

/* Reads up to LEN bytes of the capture (decompressed when the file is
 * compressed) into DST.  Returns the bytes read, 0 at the end, or -1 with
 * the reader failed and ERROR set. */
static gssize input_read(cap_reader *r, uint8_t *dst, size_t len, GError **error)
{
	if (r->codec != NULL) {
		g_autoptr(GError) e = NULL;
		gssize n = cap_codec_read(r->codec, dst, len, &e);
		if (n < 0)
			return cap_fail(r, error, (CapReaderError)e->code, "%s", e->message);
		return n;
	}
	for (;;) {
		ssize_t n = read(r->fd, dst, len);
		if (n >= 0)
			return n;
		if (errno != EINTR)
			return fail_errno(r, error, errno, "read failed");
	}
}

/* Bytes of the file as stored read so far, and its size (0: unknown). */
static uint64_t input_done(const cap_reader *r)
{
	if (r->codec != NULL)
		return cap_codec_consumed(r->codec);
	return r->buf_off + r->end - r->start_off;
}

static uint64_t input_total(const cap_reader *r)
{
	return r->file_size > r->start_off ? r->file_size - r->start_off : 0;
}

gssize src_fill(cap_reader *r, size_t need, GError **error)
{
	size_t avail = r->end - r->pos;

	if (G_UNLIKELY(r->mapped)) {
		if (G_UNLIKELY(map_faulted(r)))
			return mapped_fill(r, need, error);
		if (avail >= need || r->eof)
			return (gssize)avail;
		return mapped_fill(r, need, error);
	}
	if (avail >= need || r->eof)
		return (gssize)avail;
	/* Keep only the unread bytes, at the start of the buffer. */
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, avail);
		r->buf_off += r->pos;
		r->pos = 0;
		r->end = avail;
	}
	while (r->end < need) {
		if (r->end == r->cap) {
			/* Grow only as data arrives, so a damaged header that
			 * claims a huge record costs no memory it cannot fill. */
			size_t grown = MIN(r->cap * 2, MAX(need, CAP_BUF_SIZE));

			r->buf = g_realloc(r->buf, grown);
			r->cap = grown;
		}
		gssize n = input_read(r, r->buf + r->end, r->cap - r->end, error);
		if (n < 0)
			return -1;
		r->end += (size_t)n;
		r->eof = n == 0;
		if (r->progress != NULL)
			r->progress(input_done(r), input_total(r), r->progress_data);
		if (r->eof)
			break;
	}
	return (gssize)(r->end - r->pos);
}

bool src_seek(cap_reader *r, uint64_t off, GError **error)
{
	if (r->mapped) {
		r->pos = (size_t)MIN(off, (uint64_t)r->map_len);
		if (r->pos > r->end)
			r->end = r->pos;
		r->eof = r->end >= r->map_len;
		return true;
	}
	if (off >= r->buf_off && off - r->buf_off <= r->end) {
		r->pos = (size_t)(off - r->buf_off);
		return true;
	}
	if (!r->seekable) {
		/* Everything there is has been read (src_slurp), or OFF lies
		 * ahead of it: either way nothing is left at OFF. */
		r->pos = r->end;
		r->eof = true;
		return true;
	}
	if (lseek(r->fd, (off_t)off, SEEK_SET) == (off_t)-1) {
		fail_errno(r, error, errno, "seek failed");
		return false;
	}
	r->buf_off = off;
	r->pos = r->end = 0;
	r->eof = false;
	return true;
}

bool src_slurp(cap_reader *r, size_t max, GError **error)
{
	gssize n = src_fill(r, max + 1, error);

	if (n < 0)
		return false;
	if ((size_t)n > max) {
		cap_fail(r, error, CAP_READER_ERROR_CORRUPT,
			 "input from a pipe is longer than %zu bytes", max);
		return false;
	}
	return true;
}

/* ---- interfaces ---------------------------------------------------------- */

static void interface_free(gpointer p)
{
	struct cap_interface *i = p;

	g_free(i->name);
	g_free(i->description);
	g_free(i);
}

guint cap_add_interface(cap_reader *r, uint32_t linktype, uint32_t snaplen,
			uint64_t units, char *name, char *description)
{
	struct cap_interface *i = g_new0(struct cap_interface, 1);

	i->linktype = linktype;
	i->snaplen = snaplen;
	i->ts_units = units;
	i->name = name;
	i->description = description;
	g_ptr_array_add(r->ifaces, i);
	return r->ifaces->len - 1;
}

/* ---- timestamps ---------------------------------------------------------- */

void frame_set_ts_units(struct frame *f, uint64_t t, uint64_t units,
			int64_t base_sec)
{
	uint64_t sec = t / units;
	uint64_t frac = t % units;
	uint64_t nsec;

	if (units == 1000000)
		nsec = frac * 1000;
	else if (units == 1000000000)
		nsec = frac;
	else /* exact for any resolution: frac * 1e9 can exceed 64 bits */
		nsec = (uint64_t)(((unsigned __int128)frac * 1000000000u) / units);
	int64_t s = sec > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)sec;
	if (__builtin_add_overflow(s, base_sec, &s))
		s = base_sec < 0 ? INT64_MIN : INT64_MAX;
	frame_set_ts(f, s, nsec);
	/* the decimals Wireshark's time column shows for this resolution */
	f->ts_digits = units <= 1 ? 0 : units <= 10 ? 1 : units <= 100 ? 2 : units <= 1000 ? 3 :
		       units <= 1000000 ? 6 : 9;
}

/* ---- opening ------------------------------------------------------------- */

struct magic {
	const char *bytes;   /* the first bytes of the format */
	size_t len;
	const char *header;  /* what a file cut inside the magic is cut inside */
	size_t header_len;
	bool (*open)(cap_reader *r, GError **error);
};

static const struct magic magics[] = {
	{ "\xd4\xc3\xb2\xa1", 4, "pcap file header", 24, cap_pcap_open },
	{ "\xa1\xb2\xc3\xd4", 4, "pcap file header", 24, cap_pcap_open },
	{ "\x4d\x3c\xb2\xa1", 4, "pcap file header", 24, cap_pcap_open },
	{ "\xa1\xb2\x3c\x4d", 4, "pcap file header", 24, cap_pcap_open },
	{ "\x0a\x0d\x0d\x0a", 4, "pcapng section header", 28, cap_pcapng_open },
	{ "GMBU", 4, "Network Monitor file header", 64, cap_netmon_open },
	{ "RTSS", 4, "Network Monitor file header", 64, cap_netmon_open },
	{ "snoop\0\0\0", 8, "snoop file header", 16, cap_snoop_open },
};

/* Compressions this reader does not decompress, named so that the user
 * knows what to do. */
static const struct {
	const char *bytes;
	size_t len;
	const char *name;
} other_compressions[] = {
	{ "\xfd" "7zXZ\0", 6, "xz" },
	{ "BZh", 3, "bzip2" },
	{ "\x04\x22\x4d\x18", 4, "lz4" },
};

/* From here on the input is decompressed: the bytes read so far go to the
 * decompressor, and offsets count bytes of the decompressed capture. */
static void start_decompressing(cap_reader *r, CapCompression kind)
{
	map_to_read(r);
	r->codec_kind = kind;
	r->codec = cap_codec_new(kind, r->fd, !r->seekable, r->buf + r->pos,
				 r->end - r->pos);
	r->seekable = false;
	r->pos = r->end = 0;
	r->buf_off = 0;
	r->eof = false;
	if (r->cap < CAP_BUF_SIZE) {
		r->buf = g_realloc(r->buf, CAP_BUF_SIZE);
		r->cap = CAP_BUF_SIZE;
	}
}

/* "not a capture file (...)" for the N bytes at P that are no format. */
static void fail_not_capture(cap_reader *r, GError **error, const uint8_t *p,
			     size_t n)
{
	for (size_t i = 0; i < G_N_ELEMENTS(other_compressions); i++) {
		if (n >= other_compressions[i].len &&
		    memcmp(p, other_compressions[i].bytes, other_compressions[i].len) == 0) {
			cap_fail(r, error, CAP_READER_ERROR_NOT_CAPTURE,
				 "not a capture file (%s-compressed: decompress "
				 "it first)", other_compressions[i].name);
			return;
		}
	}
	if (r->codec != NULL && cap_compression_sniff(p, n) != CAP_COMPRESSION_NONE)
		cap_fail(r, error, CAP_READER_ERROR_NOT_CAPTURE,
			 "not a capture file (compressed twice: decompress it "
			 "once first)");
	else
		cap_fail(r, error, CAP_READER_ERROR_NOT_CAPTURE,
			 "not a capture file (no pcap, pcapng, Network Monitor "
			 "or snoop header%s)", r->codec != NULL ? " once decompressed" : "");
}

/* Recognises the format by its first bytes and reads its header; a
 * compressed file is recognised first and its content then. */
static bool detect(cap_reader *r, GError **error)
{
	gssize n = src_fill(r, 8, error);

	if (n < 0)
		return false;
	if (n == 0) {
		cap_fail(r, error, CAP_READER_ERROR_EMPTY, "file is empty%s",
			 r->codec != NULL ? " once decompressed" : "");
		return false;
	}
	const uint8_t *p = src_ptr(r);
	CapCompression kind = cap_compression_sniff(p, (size_t)n);
	if (kind != CAP_COMPRESSION_NONE && r->codec == NULL) {
		start_decompressing(r, kind);
		return detect(r, error);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(magics); i++) {
		const struct magic *m = &magics[i];
		if ((size_t)n >= m->len && memcmp(p, m->bytes, m->len) == 0)
			return m->open(r, error);
		/* A file shorter than a magic it starts like was cut inside
		 * that header (one byte proves too little). */
		if ((size_t)n < m->len && n >= 2 &&
		    memcmp(p, m->bytes, (size_t)n) == 0) {
			cap_fail_header(r, error, m->header, (size_t)n,
					m->header_len);
			return false;
		}
	}
	fail_not_capture(r, error, p, (size_t)n);
	return false;
}

bool cap_file_is_capture(const char *path)
{
	uint8_t p[8];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, p, sizeof p);
	close(fd);
	if (n < 2)
		return false;
	for (size_t i = 0; i < G_N_ELEMENTS(magics); i++)
		if ((size_t)n >= magics[i].len && memcmp(p, magics[i].bytes, magics[i].len) == 0)
			return true;
	/* a compressed file (gzip, zstd) is taken for a compressed capture */
	return (p[0] == 0x1f && p[1] == 0x8b) || (n >= 4 && memcmp(p, "\x28\xb5\x2f\xfd", 4) == 0);
}

/* Opens PATH's descriptor and learns what kind of file it is. */
static bool open_input(cap_reader *r, const char *path, GError **error)
{
	struct stat st;

	if (strcmp(path, "-") == 0) {
		r->fd = STDIN_FILENO;
	} else {
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0) {
			cap_fail_errno(r, error, errno);
			return false;
		}
		r->close_fd = true;
	}
	if (fstat(r->fd, &st) != 0) {
		cap_fail_errno(r, error, errno);
		return false;
	}
	if (S_ISDIR(st.st_mode)) {
		cap_fail_errno(r, error, EISDIR);
		return false;
	}
	if (S_ISREG(st.st_mode)) {
		r->seekable = true;
		r->file_size = (uint64_t)st.st_size;
		(void)posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
		/* Offsets count from where the descriptor stands: standard
		 * input may be a file somebody has partly read. */
		off_t at = lseek(r->fd, 0, SEEK_CUR);
		r->buf_off = r->start_off = at > 0 ? (uint64_t)at : 0;
	}
	if (r->seekable && map_input(r))
		return true;
	/* A small file needs no 4 MiB buffer. */
	r->cap = CAP_BUF_SIZE;
	if (r->seekable && r->file_size < CAP_BUF_SIZE)
		r->cap = MAX((size_t)r->file_size + 1, (size_t)4096);
	r->buf = g_malloc(r->cap);
	return true;
}

cap_reader *cap_reader_open(const char *path, GError **error)
{
	g_return_val_if_fail(path != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	g_autoptr(cap_reader) r = g_new0(cap_reader, 1);
	r->fd = -1;
	r->map_slot = r->retired_slot = -1;
	r->map_hold = SIZE_MAX;
	r->ifaces = g_ptr_array_new_with_free_func(interface_free);
	if (!open_input(r, path, error) || !detect(r, error))
		return NULL;
	return g_steal_pointer(&r);
}

/* ---- reading ------------------------------------------------------------- */

int cap_reader_next(cap_reader *r, struct frame *f, GError **error)
{
	g_return_val_if_fail(r != NULL && f != NULL, -1);
	g_return_val_if_fail(error == NULL || *error == NULL, -1);

	if (G_UNLIKELY(r->done != 0)) {
		if (r->done > 0)
			return 0;
		if (error != NULL)
			*error = g_error_copy(r->error);
		return -1;
	}
	uint64_t at = r->mapped ? src_offset(r) : 0;
	int rc = r->next(r, f, error);
	if (G_UNLIKELY(map_faulted(r))) {
		/* the record may hold zeros where the file was cut: not a frame */
		g_clear_error(error);
		g_clear_error(&r->error);
		rc = cap_fail(r, error, CAP_READER_ERROR_IO,
			      "the file shrank while it was being read: no record at offset %" PRIu64, at);
	}
	if (G_LIKELY(rc == 1)) {
		f->number = ++r->n_frames;
		return 1;
	}
	r->done = rc == 0 ? 1 : -1;
	return rc;
}

bool cap_reader_seek(cap_reader *r, uint64_t offset, uint64_t number, GError **error)
{
	g_return_val_if_fail(r != NULL && number > 0, false);
	if (r->format == CAP_FORMAT_NETMON1 || r->format == CAP_FORMAT_NETMON2) {
		uint32_t i = 0;
		while (i < r->u.nm.n && r->u.nm.table[i] != offset)
			i++;
		if (i == r->u.nm.n) {
			g_set_error(error, CAP_READER_ERROR, CAP_READER_ERROR_CORRUPT,
				    "no frame at offset %" PRIu64, offset);
			return false;
		}
		r->u.nm.next = i;
	} else {
		if (!r->seekable && !(offset >= r->buf_off && offset - r->buf_off <= r->end)) {
			g_set_error(error, CAP_READER_ERROR, CAP_READER_ERROR_IO,
				    r->codec != NULL ? "cannot go back in a compressed file"
						     : "cannot go back in a pipe");
			return false;
		}
		if (!src_seek(r, offset, error))
			return false;
	}
	r->n_frames = number - 1;
	r->done = 0;
	g_clear_error(&r->error);
	return true;
}

CapFormat cap_reader_format(const cap_reader *r)
{
	return r->format;
}

bool cap_reader_big_endian(const cap_reader *r)
{
	return r->big_endian;
}

guint cap_reader_n_interfaces(const cap_reader *r)
{
	return r->ifaces->len;
}

const struct cap_interface *cap_reader_interface(const cap_reader *r,
						 guint index)
{
	if (index >= r->ifaces->len)
		return NULL;
	return g_ptr_array_index(r->ifaces, index);
}

uint64_t cap_reader_file_size(const cap_reader *r)
{
	return r->seekable ? r->file_size : 0;
}

void cap_reader_hold(cap_reader *r, uint64_t offset)
{
	r->map_hold = offset > SIZE_MAX ? SIZE_MAX : (size_t)offset;
}

/* Whether the N bytes at P lie in R's mapping, the one in use or the one
 * given up when the file grew. */
static bool in_mapping(const cap_reader *r, const uint8_t *p, size_t n)
{
	if (r->mapped && p >= r->buf && n <= r->map_len && p - r->buf <= (ptrdiff_t)(r->map_len - n))
		return true;
	return r->retired && p >= r->retired && n <= r->retired_len &&
	       p - r->retired <= (ptrdiff_t)(r->retired_len - n);
}

bool cap_reader_frame_lasts(const cap_reader *r, const struct frame *f)
{
	if (f->caplen && !in_mapping(r, f->data, f->caplen))
		return false;
	return !(f->flags & FRAME_COMMENT) || !f->comment || !f->comment_len ||
	       in_mapping(r, f->comment, f->comment_len);
}

bool cap_reader_intact(const cap_reader *r)
{
	return !map_faulted(r) && !(r->retired && map_guard[r->retired_slot].faulted);
}

CapCompression cap_reader_compression(const cap_reader *r)
{
	return r->codec != NULL ? r->codec_kind : CAP_COMPRESSION_NONE;
}

void cap_reader_set_progress(cap_reader *r, cap_progress_fn fn, void *data)
{
	r->progress = fn;
	r->progress_data = data;
}

void cap_reader_close(cap_reader *r)
{
	if (r == NULL)
		return;
	if (r->free_priv != NULL)
		r->free_priv(r);
	cap_codec_free(r->codec);
	if (r->close_fd && r->fd >= 0)
		close(r->fd);
	if (r->mapped)
		unmap_input(r);
	else
		g_free(r->buf);
	if (r->retired) {
		map_guard_remove(r->retired_slot);
		munmap(r->retired, r->retired_len);
	}
	g_ptr_array_unref(r->ifaces);
	g_clear_error(&r->error);
	g_free(r);
}

/* ---- names --------------------------------------------------------------- */

const char *cap_format_name(CapFormat fmt)
{
	switch (fmt) {
	case CAP_FORMAT_PCAP:
		return "pcap";
	case CAP_FORMAT_PCAP_NSEC:
		return "pcap (nanosecond)";
	case CAP_FORMAT_PCAPNG:
		return "pcapng";
	case CAP_FORMAT_NETMON1:
		return "Network Monitor 1.x";
	case CAP_FORMAT_NETMON2:
		return "Network Monitor 2.x";
	case CAP_FORMAT_SNOOP:
		return "snoop";
	}
	return "unknown";
}

struct linktype_names {
	uint32_t value;
	const char *short_name; /* as Wireshark's encapsulation short names */
	const char *name;       /* as Wireshark's encapsulation descriptions */
};

#define USER(n) { 147 + (n), "user" #n, "USER " #n }

/* Sorted by value. */
static const struct linktype_names linktypes[] = {
	{ 0, "null", "NULL/Loopback" },
	{ 1, "ether", "Ethernet" },
	{ 3, "ax25", "Amateur Radio AX.25" },
	{ 6, "tr", "Token Ring" },
	{ 8, "slip", "SLIP" },
	{ 9, "ppp", "PPP" },
	{ 10, "fddi", "FDDI" },
	{ 12, "rawip", "Raw IP" },
	{ 14, "rawip", "Raw IP" },
	{ 50, "ppp", "PPP" },
	{ 51, "pppoes", "PPP-over-Ethernet session" },
	{ 101, "rawip", "Raw IP" },
	{ 104, "chdlc", "Cisco HDLC" },
	{ 105, "ieee-802-11", "IEEE 802.11 Wireless LAN" },
	{ 107, "frelay", "Frame Relay" },
	{ 108, "loop", "OpenBSD loopback" },
	{ 109, "enc", "OpenBSD enc(4) encapsulating interface" },
	{ 113, "linux-sll", "Linux cooked-mode capture v1" },
	{ 114, "ltalk", "Localtalk" },
	{ 117, "pflog", "OpenBSD PF Firewall logs" },
	{ 119, "ieee-802-11-prism",
	  "IEEE 802.11 plus Prism II monitor mode radio header" },
	{ 122, "ip-over-fc", "RFC 2625 IP-over-Fibre Channel" },
	{ 123, "atm-pdus", "ATM PDUs" },
	{ 127, "ieee-802-11-radiotap", "IEEE 802.11 plus radiotap radio header" },
	{ 138, "ap1394", "Apple IP-over-IEEE 1394" },
	{ 140, "mtp2", "SS7 MTP2" },
	{ 141, "mtp3", "SS7 MTP3" },
	{ 143, "docsis", "Data Over Cable Service Interface Specification" },
	USER(0), USER(1), USER(2), USER(3), USER(4), USER(5), USER(6), USER(7),
	USER(8), USER(9), USER(10), USER(11), USER(12), USER(13), USER(14),
	USER(15),
	{ 163, "ieee-802-11-avs", "IEEE 802.11 plus AVS radio header" },
	{ 187, "bluetooth-h4", "Bluetooth H4" },
	{ 189, "usb-linux", "USB packets with Linux header" },
	{ 192, "ppi", "Per-Packet Information header" },
	{ 195, "wpan", "IEEE 802.15.4 Wireless PAN" },
	{ 197, "erf", "Extensible Record Format" },
	{ 201, "bluetooth-h4-linux", "Bluetooth H4 with linux header" },
	{ 220, "usb-linux-mmap", "USB packets with Linux header and padding" },
	{ 226, "ipnet", "Solaris IPNET" },
	{ 227, "socketcan", "SocketCAN" },
	{ 228, "rawip4", "Raw IPv4" },
	{ 229, "rawip6", "Raw IPv6" },
	{ 231, "dbus", "D-Bus" },
	{ 239, "nflog", "NFLOG" },
	{ 242, "ip-ib", "IP over IB" },
	{ 249, "usb-usbpcap", "USB packets with USBPcap header" },
	{ 252, "wireshark-upper-pdu", "Wireshark Upper PDU export" },
	{ 253, "netlink", "Linux Netlink" },
	{ 258, "pktap", "Apple PKTAP" },
	{ 259, "epon", "Ethernet Passive Optical Network" },
	{ 271, "vsock", "Linux vsock" },
	{ 276, "linux-sll2", "Linux cooked-mode capture v2" },
	{ LINKTYPE_NETMON_BASE + 3, "fddi-swapped",
	  "FDDI with bit-swapped MAC addresses" },
	{ LINKTYPE_NETMON_BASE + 4, "atm-pdus", "ATM PDUs" },
	{ LINKTYPE_NETMON_BASE + 6, "ieee-802-11-netmon",
	  "IEEE 802.11 plus Network Monitor radio header" },
	{ LINKTYPE_NETMON_EVENT, "netmon_event", "Network Monitor Network Event" },
	{ LINKTYPE_NETMON_NETWORK_INFO, "netmon_network_info",
	  "Network Monitor Network Info" },
	{ LINKTYPE_NETMON_FILTER, "netmon_filter", "Network Monitor Filter" },
	{ LINKTYPE_PCAPNG_CUSTOM, "pcapng-custom", "pcapng custom block" },
	{ LINKTYPE_SYSTEMD_JOURNAL, "systemd-journal", "systemd journal export" },
	{ LINKTYPE_NETMON_HEADER, "netmon_header", "Network Monitor Header" },
};

static const struct linktype_names *linktype_find(uint32_t value)
{
	size_t lo = 0, hi = G_N_ELEMENTS(linktypes);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (linktypes[mid].value == value)
			return &linktypes[mid];
		if (linktypes[mid].value < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *linktype_name(uint32_t linktype)
{
	const struct linktype_names *n = linktype_find(linktype);

	return n != NULL ? n->name : NULL;
}

const char *linktype_short_name(uint32_t linktype)
{
	const struct linktype_names *n = linktype_find(linktype);

	return n != NULL ? n->short_name : NULL;
}
