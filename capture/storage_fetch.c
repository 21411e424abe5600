/* storage_fetch.c — parallel downloads with libcurl's multi interface.  A
 * file is fetched only by the process holding its lock (".analyze/lock.NAME",
 * taken without waiting and tried again, so no two processes deadlock), and
 * written to ".analyze/part.NAME"; an interrupted transfer resumes with Range
 * and If-Match on the ETag it started with (412: the blob changed, start over
 * from zero); failures that may pass (resets, stalls, 408, 429, 5xx) are
 * retried with exponential backoff and jitter or after the Retry-After asked,
 * bounded in count and time, and a file ends at its deadline (--max-time) or
 * below a minimum rate (--min-rate); the MD5 the service has for the blob is
 * checked over the whole file; then the part is renamed to NAME and
 * ".analyze/etag.NAME" records the version, so the next fetch of an
 * unchanged blob transfers nothing. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/md5_stream.h"
#include "capture/storage_fetch.h"

#define MAX_RESTARTS 3 /* starts from zero after the blob changed */

struct storage_xfer {
	char *part, *part_tag, *tag;   /* the sidecars "part", "part-etag", "etag" */
	char *lock;                    /* the sidecar "lock" */
	int lock_fd;                   /* holding the lock, or -1 */
	gboolean looked;               /* the file under the name was looked at (lock held) */
	gboolean said_waiting;         /* --verbose said another process has the lock */
	char *if_modified_since;       /* no version recorded: the local file's time */
	gint64 window_us;              /* --min-rate: when the window began (0: not yet) */
	uint64_t window_bytes;         /* and the bytes then */
	GError *abort_error;           /* why the progress callback ended the transfer */
	FILE *fp;                      /* the part, while a transfer runs */
	uint64_t offset;               /* bytes in the part when the attempt began */
	gboolean first_body;           /* no body byte of this attempt seen yet */
	char *if_match, *if_none_match;
	char *md5;                     /* the whole blob's MD5 (base64), once known */
	struct md5_stream *ck;         /* MD5 of the part's bytes so far, fed while writing */
	uint64_t ck_bytes;             /* how many bytes CK has been fed */
	guint attempts, restarts;
	gint64 first_try_us, not_before_us;
	struct storage_resp resp;
	CURL *easy;
	struct curl_slist *hdrs;
	char errbuf[CURL_ERROR_SIZE];
	GError *write_error;           /* a local write failed */
	const struct storage_opts *opts; /* of the fetch under way */
};

char *storage_sidecar(const char *dest, const char *kind)
{
	g_autofree char *dir = g_path_get_dirname(dest);
	g_autofree char *base = g_path_get_basename(dest);
	g_autofree char *name = g_strdup_printf("%s.%s", kind, base);
	return g_build_filename(dir, STORAGE_SIDECAR_DIR, name, NULL);
}

static const char *etag_core(const char *e, size_t *len)
{
	if (g_str_has_prefix(e, "W/"))
		e += 2;
	size_t n = strlen(e);
	if (n >= 2 && e[0] == '"' && e[n - 1] == '"') {
		e++;
		n -= 2;
	}
	*len = n;
	return e;
}

gboolean storage_etag_equal(const char *a, const char *b)
{
	if (!a || !b)
		return FALSE;
	size_t la, lb;
	const char *ca = etag_core(a, &la), *cb = etag_core(b, &lb);
	return la == lb && la > 0 && memcmp(ca, cb, la) == 0;
}

struct storage_file *storage_file_new(const char *url, const char *dest, const struct storage_creds *creds)
{
	struct storage_file *f = g_new0(struct storage_file, 1);
	f->url = g_strdup(url);
	f->display = storage_redact(url);
	f->dest = g_strdup(dest);
	f->creds = creds;
	return f;
}

/* Takes the lock of F without waiting: 1 when held, 0 when another process
 * holds it, -1 with F->error when the lock file cannot be made. */
static int try_lock(struct storage_file *f)
{
	struct storage_xfer *x = f->x;
	g_autofree char *dir = g_path_get_dirname(x->lock);
	for (int tries = 0; tries < 5; tries++) {
		if (g_mkdir_with_parents(dir, 0755) != 0)
			break;
		int fd = open(x->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0 && errno == ENOENT)
			continue; /* its folder was removed meanwhile */
		if (fd < 0)
			break;
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			int e = errno;
			close(fd);
			if (e == EWOULDBLOCK || e == EINTR)
				return 0;
			errno = e;
			break;
		}
		/* the holder before us removes the file when done: a lock on a
		 * removed file guards nothing, take the one under the name */
		GStatBuf a, b;
		if (fstat(fd, &a) == 0 && g_stat(x->lock, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
			x->lock_fd = fd;
			return 1;
		}
		close(fd);
	}
	f->error = g_error_new(STORAGE_ERROR, STORAGE_ERROR_IO, "cannot create '%s': %s", x->lock, g_strerror(errno));
	return -1;
}

/* Lets the lock go: the lock file is removed (while held, so a process
 * waiting on it takes the next), and the sidecar folder when it is empty. */
static void unlock(struct storage_xfer *x)
{
	if (x->lock_fd < 0)
		return;
	g_unlink(x->lock);
	close(x->lock_fd);
	x->lock_fd = -1;
	g_autofree char *dir = g_path_get_dirname(x->lock);
	g_rmdir(dir);
}

static void xfer_free(struct storage_xfer *x)
{
	if (!x)
		return;
	if (x->fp)
		fclose(x->fp);
	unlock(x);
	g_free(x->lock);
	g_free(x->if_modified_since);
	g_clear_error(&x->abort_error);
	g_free(x->part);
	g_free(x->part_tag);
	g_free(x->tag);
	g_free(x->if_match);
	g_free(x->if_none_match);
	g_free(x->md5);
	md5_stream_abort(x->ck);
	storage_resp_clear(&x->resp);
	g_clear_error(&x->write_error);
	g_free(x);
}

void storage_file_free(struct storage_file *f)
{
	if (!f)
		return;
	g_free(f->url);
	g_free(f->display);
	g_free(f->dest);
	g_free(f->etag);
	g_clear_error(&f->error);
	xfer_free(f->x);
	g_free(f);
}

/* Reads a sidecar: the ETag on the first line, the size on the second. */
static gboolean read_tag(const char *path, char **etag, uint64_t *size)
{
	g_autofree char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return FALSE;
	g_auto(GStrv) lines = g_strsplit(text, "\n", 3);
	if (!lines[0] || !lines[1] || !*lines[0])
		return FALSE;
	guint64 v;
	if (!g_ascii_string_to_unsigned(lines[1], 10, 0, G_MAXUINT64, &v, NULL))
		return FALSE;
	*etag = g_strdup(lines[0]);
	*size = v;
	return TRUE;
}

static gboolean write_tag(const char *path, const char *etag, uint64_t size, GError **error)
{
	g_autofree char *text = g_strdup_printf("%s\n%" G_GUINT64_FORMAT "\n", etag, size);
	return g_file_set_contents(path, text, -1, error);
}

static uint64_t file_size(const char *path)
{
	GStatBuf st;
	return g_stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/* What the file already under F's name means, looked at with the lock held:
 * UNCHANGED or KEPT when nothing is to be fetched, else PENDING, with
 * If-None-Match (a version recorded) or If-Modified-Since (none recorded)
 * set when the service can tell whether it changed. */
static enum storage_outcome local_copy(struct storage_file *f, const struct storage_opts *o)
{
	struct storage_xfer *x = f->x;
	GStatBuf st;
	if (g_lstat(f->dest, &st) != 0)
		return STORAGE_PENDING;
	StorageOverwrite ow = o ? o->overwrite : STORAGE_OVERWRITE_IF_NEWER;
	if (ow == STORAGE_OVERWRITE_NEVER)
		return STORAGE_KEPT;
	if (ow == STORAGE_OVERWRITE_ALWAYS || !S_ISREG(st.st_mode))
		return STORAGE_PENDING;
	g_autofree char *etag = NULL;
	uint64_t size;
	if (read_tag(x->tag, &etag, &size) && (uint64_t)st.st_size == size) {
		if (f->etag)
			return storage_etag_equal(f->etag, etag) && (f->size == 0 || f->size == size) ? STORAGE_UNCHANGED
												     : STORAGE_PENDING;
		x->if_none_match = g_steal_pointer(&etag);
		return STORAGE_PENDING;
	}
	/* a file fetched otherwise, or changed since: newer than the blob is kept */
	if (f->modified)
		return st.st_mtime >= f->modified ? STORAGE_KEPT : STORAGE_PENDING;
	x->if_modified_since = storage_http_date(st.st_mtime);
	return STORAGE_PENDING;
}

static void drop_part(struct storage_xfer *x)
{
	g_unlink(x->part);
	g_unlink(x->part_tag);
	g_clear_pointer(&x->if_match, g_free);
	g_clear_pointer(&x->md5, g_free);
	g_clear_pointer(&x->ck, md5_stream_abort);
	x->ck_bytes = 0;
}

/* Makes CK cover the part's first X->offset bytes: kept from the previous
 * attempt when it does, else read from the file (a part left by an earlier run). */
static void checksum_part(struct storage_xfer *x, const struct storage_opts *o)
{
	if (o->md5_check == STORAGE_MD5_SKIP || (x->ck && x->ck_bytes == x->offset))
		return;
	md5_stream_abort(x->ck);
	x->ck = md5_stream_new();
	x->ck_bytes = 0;
	FILE *fp = x->offset ? fopen(x->part, "rb") : NULL;
	if (!fp)
		return;
	guchar buf[65536];
	size_t k;
	while (x->ck_bytes < x->offset && (k = fread(buf, 1, (size_t)MIN(sizeof buf, x->offset - x->ck_bytes), fp)) > 0) {
		md5_stream_feed(x->ck, buf, k);
		x->ck_bytes += k;
	}
	fclose(fp);
}

static size_t on_body(char *buf, size_t size, size_t n, void *data)
{
	struct storage_file *f = data;
	struct storage_xfer *x = f->x;
	size_t len = size * n;
	long st = x->resp.status;
	if (st != 200 && st != 206) {
		if (x->resp.body->len < 64 * 1024)
			g_string_append_len(x->resp.body, buf, (gssize)len);
		return len;
	}
	if (x->first_body) {
		x->first_body = FALSE;
		if (st == 200 && x->offset > 0) {
			/* the server sent the whole blob instead of the range */
			if (ftruncate(fileno(x->fp), 0) != 0 || fseek(x->fp, 0, SEEK_SET) != 0)
				return 0;
			x->offset = 0;
			checksum_part(x, x->opts);
		}
		if (x->offset == 0 && x->resp.etag) {
			uint64_t total = x->resp.content_length > 0 ? (uint64_t)x->resp.content_length : 0;
			write_tag(x->part_tag, x->resp.etag, total, NULL);
		}
		const char *md5 = x->resp.blob_md5 ? x->resp.blob_md5 : st == 200 ? x->resp.content_md5 : NULL;
		if (md5 && !x->md5)
			x->md5 = g_strdup(md5);
		if (st == 206 && x->resp.range_total >= 0)
			f->total = (uint64_t)x->resp.range_total;
		else if (st == 200 && x->resp.content_length >= 0)
			f->total = (uint64_t)x->resp.content_length;
	}
	if (fwrite(buf, 1, len, x->fp) != len) {
		if (!x->write_error)
			x->write_error = g_error_new(STORAGE_ERROR, STORAGE_ERROR_IO, "cannot write '%s': %s",
						     x->part, g_strerror(errno));
		return 0;
	}
	if (x->ck)
		md5_stream_feed(x->ck, buf, len);
	x->ck_bytes += len;
	f->done = x->ck_bytes;
	return len;
}

/* The seconds a file of TOTAL bytes (0: unknown) may take in all. */
static guint max_time(const struct storage_opts *o, uint64_t total)
{
	if (o && o->max_time_s)
		return o->max_time_s;
	return 600 + (guint)MIN(total / (256 * 1024), G_MAXUINT - 600);
}

/* Ends a transfer past its deadline (--max-time) or slower than --min-rate
 * over a whole window of the stall timeout. */
static int on_progress(void *data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	struct storage_file *f = data;
	struct storage_xfer *x = f->x;
	const struct storage_opts *o = x->opts;
	gint64 now = storage_now_us();
	guint max = max_time(o, f->total);
	if (now - x->first_try_us >= (gint64)max * G_USEC_PER_SEC) {
		x->abort_error = g_error_new(STORAGE_ERROR, STORAGE_ERROR_NETWORK,
					     "'%s': not done after %u s (--max-time): %" G_GUINT64_FORMAT " of %"
					     G_GUINT64_FORMAT " bytes arrived", f->display, max, f->done, f->total);
		return 1;
	}
	if (!o || !o->min_rate)
		return 0;
	gint64 win = (gint64)storage_opt_timeout(o) * G_USEC_PER_SEC;
	if (!x->window_us) {
		x->window_us = now;
		x->window_bytes = f->done;
	} else if (now - x->window_us >= win) {
		uint64_t got = f->done - x->window_bytes;
		uint64_t rate = got * G_USEC_PER_SEC / (uint64_t)(now - x->window_us);
		if (rate < o->min_rate) {
			x->abort_error = g_error_new(STORAGE_ERROR, STORAGE_ERROR_NETWORK,
						     "'%s': %" G_GUINT64_FORMAT " bytes/s over %u s, below --min-rate %"
						     G_GUINT64_FORMAT ": %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
						     " bytes arrived", f->display, rate, storage_opt_timeout(o), o->min_rate,
						     f->done, f->total);
			return 1;
		}
		x->window_us = now;
		x->window_bytes = f->done;
	}
	return 0;
}

static gboolean xfer_start(CURLM *m, struct storage_file *f, const struct storage_opts *o)
{
	struct storage_xfer *x = f->x;
	x->opts = o;
	g_autofree char *pe = NULL;
	uint64_t psize = 0;
	x->offset = 0;
	g_clear_pointer(&x->if_match, g_free);
	if (g_file_test(x->part, G_FILE_TEST_IS_REGULAR) && read_tag(x->part_tag, &pe, &psize)) {
		x->offset = file_size(x->part);
		x->if_match = x->offset ? g_steal_pointer(&pe) : NULL;
	}
	g_autofree char *dir = g_path_get_dirname(f->dest);
	g_mkdir_with_parents(dir, 0755);
	x->fp = fopen(x->part, x->offset ? "ab" : "wb");
	if (!x->fp) {
		f->error = g_error_new(STORAGE_ERROR, STORAGE_ERROR_IO, "cannot write '%s': %s", x->part,
				       g_strerror(errno));
		return FALSE;
	}
	/* a write a megabyte at a time, not one per few kilobytes received */
	setvbuf(x->fp, NULL, _IOFBF, 1 << 20);
	struct storage_header h[4];
	size_t n = 0;
	g_autofree char *range = x->offset ? g_strdup_printf("bytes=%" G_GUINT64_FORMAT "-", x->offset) : NULL;
	if (range)
		h[n++] = (struct storage_header){"Range", range};
	if (x->if_match)
		h[n++] = (struct storage_header){"If-Match", x->if_match};
	if (x->if_none_match && !x->offset)
		h[n++] = (struct storage_header){"If-None-Match", x->if_none_match};
	else if (x->if_modified_since && !x->offset)
		h[n++] = (struct storage_header){"If-Modified-Since", x->if_modified_since};
	x->hdrs = storage_headers("GET", f->url, f->display, f->creds, h, n, &f->error);
	if (!x->hdrs) {
		fclose(x->fp);
		x->fp = NULL;
		return FALSE;
	}
	checksum_part(x, o);
	storage_resp_reset(&x->resp);
	x->resp.had_auth = storage_creds_authorize(f->creds);
	x->first_body = TRUE;
	x->easy = curl_easy_init();
	storage_curl_setup(x->easy, f->url, o, x->errbuf, &x->resp);
	curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->hdrs);
	curl_easy_setopt(x->easy, CURLOPT_BUFFERSIZE, 256L * 1024);
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, f);
	curl_easy_setopt(x->easy, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(x->easy, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(x->easy, CURLOPT_XFERINFODATA, f);
	x->window_us = 0;
	curl_multi_add_handle(m, x->easy);
	x->attempts++;
	if (!x->first_try_us)
		x->first_try_us = storage_now_us();
	f->active = TRUE;
	f->done = x->offset;
	storage_log(o, "GET %s%s%s", f->display, range ? " from byte " : "", range ? range + 6 : "");
	return TRUE;
}

/* Base64 MD5 of the file at PATH, or NULL. */
static char *md5_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	g_autoptr(GChecksum) ck = g_checksum_new(G_CHECKSUM_MD5);
	guchar buf[65536];
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, fp)) > 0)
		g_checksum_update(ck, buf, k);
	gboolean bad = ferror(fp);
	fclose(fp);
	if (bad)
		return NULL;
	guint8 d[16];
	gsize dl = sizeof d;
	g_checksum_get_digest(ck, d, &dl);
	return g_base64_encode(d, dl);
}

/* The part is whole: check the MD5, rename it into place, record the ETag. */
static void finish(struct storage_file *f, const struct storage_opts *o)
{
	struct storage_xfer *x = f->x;
	if (!x->md5 && o->md5_check == STORAGE_MD5_REQUIRE) {
		f->error = g_error_new(STORAGE_ERROR, STORAGE_ERROR_INTEGRITY,
				       "'%s': the service has no MD5 for it, and --check-md5 require asks for one",
				       f->display);
		drop_part(x);
		return;
	}
	if (x->md5 && o->md5_check != STORAGE_MD5_SKIP) {
		g_autofree char *got = NULL;
		if (x->ck && x->ck_bytes == file_size(x->part)) {
			got = md5_stream_finish(g_steal_pointer(&x->ck));
		} else {
			got = md5_file(x->part);
		}
		if (!got || strcmp(got, x->md5) != 0) {
			f->error = g_error_new(STORAGE_ERROR, STORAGE_ERROR_INTEGRITY,
					       "'%s': MD5 mismatch: the service says %s, the data is %s",
					       f->display, x->md5, got ? got : "unreadable");
			drop_part(x);
			return;
		}
		f->verified = TRUE;
	}
	g_autofree char *etag = NULL;
	uint64_t sz;
	if (!read_tag(x->part_tag, &etag, &sz))
		etag = g_strdup(x->resp.etag);
	g_unlink(x->tag);
	if (g_rename(x->part, f->dest) != 0) {
		f->error = g_error_new(STORAGE_ERROR, STORAGE_ERROR_IO, "cannot rename '%s' to '%s': %s",
				       x->part, f->dest, g_strerror(errno));
		return;
	}
	if (etag)
		write_tag(x->tag, etag, file_size(f->dest), NULL);
	g_unlink(x->part_tag);
	f->outcome = STORAGE_FETCHED;
	f->done = f->total = file_size(f->dest);
	storage_log(o, "saved %s (%" G_GUINT64_FORMAT " bytes%s)", f->dest, f->total, f->verified ? ", MD5 verified" : "");
}

/* Schedules another attempt when the failure may pass and the bounds allow. */
static gboolean retry(struct storage_file *f, const struct storage_opts *o, const char *why)
{
	struct storage_xfer *x = f->x;
	gint64 now = storage_now_us(), spent = now - x->first_try_us;
	if (x->attempts > storage_opt_retries(o) || spent >= (gint64)storage_opt_budget(o) * G_USEC_PER_SEC)
		return FALSE;
	gboolean asked;
	guint ms = storage_retry_delay_ms(x->attempts - 1, &x->resp, &asked);
	if (spent + (gint64)ms * 1000 >= (gint64)max_time(o, f->total) * G_USEC_PER_SEC ||
	    spent + (gint64)ms * 1000 >= (gint64)storage_opt_budget(o) * G_USEC_PER_SEC)
		return FALSE; /* the next attempt would begin past the deadline or the retry budget */
	x->not_before_us = now + (gint64)ms * 1000;
	storage_log(o, "%s: %s, retrying in %u ms%s", f->display, why, ms, asked ? " (Retry-After)" : "");
	return TRUE;
}

/* A transfer ended with RC; true when it goes back to the queue. */
static gboolean xfer_done(CURLM *m, struct storage_file *f, CURLcode rc, const struct storage_opts *o)
{
	struct storage_xfer *x = f->x;
	char why[64];
	long st = storage_easy_finish(m, &x->easy, &x->hdrs);
	x->resp.status = st;
	f->status = rc == CURLE_OK ? st : 0;
	fclose(x->fp);
	x->fp = NULL;
	f->active = FALSE;
	uint64_t have = file_size(x->part);
	if (x->write_error) {
		f->error = g_steal_pointer(&x->write_error);
	} else if (rc == CURLE_ABORTED_BY_CALLBACK && x->abort_error) {
		f->error = g_steal_pointer(&x->abort_error);
	} else if (rc == CURLE_OK && st == 304) {
		g_unlink(x->part);
		f->outcome = x->if_none_match ? STORAGE_UNCHANGED : STORAGE_KEPT;
		f->done = f->total = file_size(f->dest);
		return FALSE;
	} else if (rc == CURLE_OK && (st == 412 || st == 416) && x->restarts < MAX_RESTARTS) {
		storage_log(o, "%s: changed since the partial download, starting again", f->display);
		x->restarts++;
		drop_part(x);
		return TRUE;
	} else if (rc == CURLE_OK && (st == 200 || st == 206)) {
		if (f->total == 0 || have == f->total) {
			finish(f, o);
			return FALSE;
		}
		if (have > f->total) {
			drop_part(x);
			return x->restarts++ < MAX_RESTARTS;
		}
		if (retry(f, o, "the body ended early"))
			return TRUE;
		f->error = g_error_new(STORAGE_ERROR, STORAGE_ERROR_NETWORK, "'%s': the transfer ended after %"
				       G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes", f->display, have, f->total);
	} else if (storage_retryable(rc, st) && retry(f, o, storage_retry_reason(rc, st, why))) {
		return TRUE;
	} else {
		f->error = rc != CURLE_OK ? storage_curl_error(rc, x->errbuf, f->display, storage_opt_timeout(o))
					  : storage_status_error(&x->resp, f->display);
	}
	if (file_size(x->part) == 0)
		drop_part(x);
	return FALSE;
}

static void fail_if_error(struct storage_file *f)
{
	if (f->error)
		f->outcome = STORAGE_FAILED;
}

static const char *const outcome_words[] = {[STORAGE_UNCHANGED] = "unchanged", [STORAGE_KEPT] = "already there"};

/* Whether F, waiting, may start now: its retry time has come and its lock is
 * held (taken here without waiting; the file under its name looked at once
 * taken).  A file that needs no transfer gets its outcome; *DONE says so. */
static gboolean may_start(struct storage_file *f, const struct storage_opts *o, gboolean *done)
{
	struct storage_xfer *x = f->x;
	gint64 now = storage_now_us();
	*done = FALSE;
	if (x->not_before_us > now)
		return FALSE;
	if (x->lock_fd < 0) {
		int got = try_lock(f);
		if (got < 0) {
			f->outcome = STORAGE_FAILED;
			*done = TRUE;
			return FALSE;
		}
		if (got == 0) {
			if (!x->said_waiting)
				storage_log(o, "%s: another process is fetching it, waiting", f->dest);
			x->said_waiting = TRUE;
			x->not_before_us = now + 100000;
			return FALSE;
		}
	}
	if (!x->looked) {
		x->looked = TRUE;
		enum storage_outcome oc = local_copy(f, o);
		if (oc != STORAGE_PENDING) {
			f->outcome = oc;
			f->done = f->total = file_size(f->dest);
			storage_log(o, "%s: %s, kept %s", f->display, outcome_words[oc], f->dest);
			unlock(x);
			*done = TRUE;
			return FALSE;
		}
	}
	return TRUE;
}

static struct storage_xfer *xfer_new(struct storage_file *f)
{
	struct storage_xfer *x = g_new0(struct storage_xfer, 1);
	x->part = storage_sidecar(f->dest, "part");
	x->part_tag = storage_sidecar(f->dest, "part-etag");
	x->tag = storage_sidecar(f->dest, "etag");
	x->lock = storage_sidecar(f->dest, "lock");
	x->lock_fd = -1;
	x->resp.body = g_string_new(NULL);
	return x;
}

enum storage_outcome storage_fetch_plan(struct storage_file *f, const struct storage_opts *o, gboolean *conditional)
{
	xfer_free(f->x);
	f->x = xfer_new(f);
	enum storage_outcome oc = local_copy(f, o);
	*conditional = oc == STORAGE_PENDING && (f->x->if_none_match || f->x->if_modified_since);
	g_clear_pointer(&f->x, xfer_free);
	return oc;
}

gboolean storage_fetch(GPtrArray *files, const struct storage_opts *o, storage_progress_fn progress)
{
	CURLM *m = curl_multi_init();
	guint par = storage_opt_parallel(o), active = 0;
	gint64 t0 = storage_now_us(), last = 0;
	GQueue waiting = G_QUEUE_INIT; /* struct storage_file *, borrowed */
	for (guint i = 0; i < files->len; i++) {
		struct storage_file *f = files->pdata[i];
		xfer_free(f->x);
		f->x = xfer_new(f);
		f->total = f->size;
		g_queue_push_tail(&waiting, f);
	}
	while (active || waiting.length) {
		for (GList *l = waiting.head; l && active < par;) {
			GList *next = l->next;
			struct storage_file *f = l->data;
			gboolean done;
			if (may_start(f, o, &done)) {
				g_queue_delete_link(&waiting, l);
				if (xfer_start(m, f, o)) {
					active++;
				} else {
					fail_if_error(f);
					unlock(f->x);
				}
			} else if (done) {
				g_queue_delete_link(&waiting, l);
			}
			l = next;
		}
		int running = 0, left;
		curl_multi_perform(m, &running);
		CURLMsg *msg;
		while ((msg = curl_multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct storage_file *f = NULL;
			CURLcode rc = msg->data.result;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&f);
			active--;
			if (xfer_done(m, f, rc, o)) {
				g_queue_push_tail(&waiting, f);
			} else {
				fail_if_error(f);
				unlock(f->x);
			}
		}
		if (progress && storage_now_us() - last >= 200000) {
			last = storage_now_us();
			progress(files, FALSE, last - t0, o ? o->data : NULL);
		}
		curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	curl_multi_cleanup(m);
	if (progress)
		progress(files, TRUE, storage_now_us() - t0, o ? o->data : NULL);
	gboolean ok = TRUE;
	for (guint i = 0; i < files->len; i++)
		ok = ok && ((struct storage_file *)files->pdata[i])->outcome != STORAGE_FAILED;
	return ok;
}
