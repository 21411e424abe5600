/* fileset.c — a session's series of files: names with a sequence number
 * and the start time, the ring that removes the oldest files (never one
 * still to be uploaded), and a thread that uploads each closed file while
 * the capture goes on, trying again those that failed whenever another one
 * goes up, every RETRY_US, and once more at the end. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "capture/fileset.h"
#include "capture/storage.h"
#include "capture/storage_upload.h"

#define FINISH GUINT_TO_POINTER(G_MAXUINT) /* the queue's last item */
#define RETRY_US (30 * G_USEC_PER_SEC)

struct fileset {
	struct capture_state *state;
	struct fileset_opts o;   /* path and storage point to the copies below */
	char *path, *storage;
	unsigned seq;            /* the file started last */
	char *current;           /* its name */
	GThread *thread;         /* NULL: no uploads */
	GAsyncQueue *queue;      /* GUINT_TO_POINTER(seq) of closed files, then FINISH */
	char *last_error;        /* why the last failed upload failed (under the lock) */
};

fileset *fileset_new(struct capture_state *state, const struct fileset_opts *o)
{
	fileset *fs = g_new0(fileset, 1);
	fs->state = state;
	fs->o = *o;
	fs->path = g_strdup(o->path);
	fs->storage = g_strdup(o->storage);
	fs->o.path = fs->path;
	fs->o.storage = fs->storage;
	if (!state->files)
		state->files = g_ptr_array_new_with_free_func((GDestroyNotify)capture_file_free);
	return fs;
}

static char *stamp(int64_t time_ns)
{
	g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc(time_ns / 1000000000);
	return g_date_time_format(t, "%Y%m%d%H%M%S");
}

/* The length of NAME's part before its extension (a leading dot is none). */
static size_t stem_len(const char *name, size_t len)
{
	for (size_t i = len; i > 1; i--)
		if (name[i - 1] == '.')
			return i - 1;
	return len;
}

char *fileset_name(const char *path, unsigned seq, int64_t time_ns)
{
	g_autofree char *dir = g_path_get_dirname(path);
	g_autofree char *base = g_path_get_basename(path);
	g_autofree char *when = stamp(time_ns);
	size_t n = stem_len(base, strlen(base));
	g_autofree char *name = g_strdup_printf("%.*s_%05u_%s%s", (int)n, base, seq, when, base + n);
	return g_build_filename(dir, name, NULL);
}

/* Whether DEST is a container or a directory (an upload appends the file's
 * name).  az:// is told by its text alone, so no credentials are needed. */
static bool is_listing(const char *dest)
{
	if (g_str_has_prefix(dest, "az://")) {
		const char *cont = strchr(dest + strlen("az://"), '/');
		const char *name = cont ? strchr(cont + 1, '/') : NULL;
		return !name || name[1] == '\0' || g_str_has_suffix(dest, "/");
	}
	struct storage_source s;
	gboolean listing = storage_source_parse(dest, &s, NULL) && s.listing;
	storage_source_clear(&s);
	return listing;
}

char *fileset_dest(const char *dest, unsigned seq, int64_t time_ns)
{
	if (is_listing(dest))
		return g_strdup(dest);
	/* the blob's name ends before a URL's query; its extension after its last '/' */
	size_t end = strlen(dest);
	const char *q = strchr(dest, '?');
	if (q && g_str_has_prefix(dest, "http"))
		end = (size_t)(q - dest);
	size_t start = end;
	while (start > 0 && dest[start - 1] != '/')
		start--;
	size_t at = start + stem_len(dest + start, end - start);
	g_autofree char *when = stamp(time_ns);
	return g_strdup_printf("%.*s_%05u_%s%s", (int)at, dest, seq, when, dest + at);
}

static struct capture_file *find(fileset *fs, unsigned seq, guint *index)
{
	for (guint i = 0; i < fs->state->files->len; i++) {
		struct capture_file *f = fs->state->files->pdata[i];
		if (f->seq == seq) {
			if (index)
				*index = i;
			return f;
		}
	}
	return NULL;
}

/* Deletes file I from the disk and the list.  Lock held. */
static void remove_file(fileset *fs, guint i)
{
	struct capture_file *f = fs->state->files->pdata[i];
	g_unlink(f->path);
	g_ptr_array_remove_index(fs->state->files, i);
	fs->state->files_removed++;
}

/* Removes the oldest files while more than the ring's are kept, but never
 * the file being written nor one whose upload is still to come (pending,
 * going or failed): what is not in storage yet stays.  Lock held. */
static void apply_ring(fileset *fs)
{
	GPtrArray *files = fs->state->files;
	while (fs->o.ring && files->len > fs->o.ring) {
		const struct capture_file *f = files->pdata[0];
		if (f->end_ns == 0 || (f->storage_status && strcmp(f->storage_status, STORAGE_UPLOADED) != 0))
			break;
		remove_file(fs, 0);
	}
}

bool fileset_next(void *data, int64_t start_ns, int *fd, const char **path, GError **error)
{
	fileset *fs = data;
	int64_t now = start_ns ? start_ns : g_get_real_time() * 1000;
	unsigned seq = fs->seq + 1;
	char *name = fileset_name(fs->path, seq, now);
	int f = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (f < 0) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE, "cannot write '%s': %s", name,
			    g_strerror(errno));
		g_free(name);
		return false;
	}
	struct capture_file *e = g_new0(struct capture_file, 1);
	e->path = g_strdup(name);
	e->seq = seq;
	e->start_ns = now;
	if (fs->storage) {
		g_autofree char *dest = fileset_dest(fs->storage, seq, now);
		e->storage = storage_upload_target(name, dest, NULL);
		e->storage_status = g_strdup(STORAGE_PENDING);
	}
	g_mutex_lock(fs->o.lock);
	g_ptr_array_add(fs->state->files, e);
	fs->state->files_written++;
	g_free(fs->state->file);
	fs->state->file = g_strdup(name);
	fs->o.save(fs->o.data);
	g_mutex_unlock(fs->o.lock);
	fs->seq = seq;
	g_free(fs->current);
	fs->current = name;
	*fd = f;
	*path = name;
	return true;
}

/* Notes the end of the file being written, with FILE's counts (none when
 * the next file could not be started).  Lock held. */
static void end_current(fileset *fs, const struct live_stats *file, int64_t end_ns)
{
	struct capture_file *f = find(fs, fs->seq, NULL);
	if (!f || f->end_ns)
		return;
	f->end_ns = end_ns ? end_ns : g_get_real_time() * 1000;
	f->packets = file->packets;
	f->bytes = file->bytes;
}

void fileset_closed(void *data, const struct live_stats *file, int64_t end_ns)
{
	fileset *fs = data;
	g_mutex_lock(fs->o.lock);
	end_current(fs, file, end_ns);
	apply_ring(fs);
	fs->o.save(fs->o.data);
	g_mutex_unlock(fs->o.lock);
	if (fs->thread)
		g_async_queue_push(fs->queue, GUINT_TO_POINTER(fs->seq));
}

void fileset_progress(fileset *fs, const struct live_stats *file)
{
	struct capture_file *f = find(fs, fs->seq, NULL);
	if (f) {
		f->packets = file->packets;
		f->bytes = file->bytes;
	}
}

static void set_status(struct capture_file *f, const char *status, char *message)
{
	g_free(f->storage_status);
	f->storage_status = g_strdup(status);
	g_free(f->storage_message);
	f->storage_message = message;
}

/* Uploads file SEQ.  True when it is up (or no longer there). */
static bool upload_one(fileset *fs, unsigned seq)
{
	g_mutex_lock(fs->o.lock);
	struct capture_file *f = find(fs, seq, NULL);
	if (!f || g_strcmp0(f->storage_status, STORAGE_UPLOADED) == 0) {
		g_mutex_unlock(fs->o.lock);
		return true;
	}
	g_autofree char *path = g_strdup(f->path);
	g_autofree char *dest = fileset_dest(fs->storage, f->seq, f->start_ns);
	set_status(f, STORAGE_UPLOADING, NULL);
	fs->o.save(fs->o.data);
	g_mutex_unlock(fs->o.lock);

	g_autoptr(GError) err = NULL;
	bool ok = storage_upload_file(path, dest, NULL, &err);

	g_mutex_lock(fs->o.lock);
	guint i;
	f = find(fs, seq, &i); /* still listed: the ring removes no file before it is up */
	if (f && ok) {
		set_status(f, STORAGE_UPLOADED, NULL);
		fs->state->files_uploaded++;
		if (fs->o.staging)
			remove_file(fs, i);
		apply_ring(fs);
	} else if (f) {
		/* A local-file error names the file already; the others name the blob. */
		char *msg = g_error_matches(err, STORAGE_ERROR, STORAGE_ERROR_IO)
				    ? g_strdup(err->message)
				    : g_strdup_printf("cannot upload '%s': %s", path, err->message);
		g_free(fs->last_error);
		fs->last_error = g_strdup(msg);
		set_status(f, STORAGE_FAILED, msg);
	}
	fs->o.save(fs->o.data);
	g_mutex_unlock(fs->o.lock);
	return ok;
}

/* Tries again the files of RETRY (unsigned seqs), keeping those that fail. */
static void retry_failed(fileset *fs, GArray *retry)
{
	for (guint i = 0; i < retry->len;) {
		if (upload_one(fs, g_array_index(retry, unsigned, i)))
			g_array_remove_index(retry, i);
		else
			i++;
	}
}

static gpointer upload_thread(gpointer data)
{
	fileset *fs = data;
	GArray *retry = g_array_new(FALSE, FALSE, sizeof(unsigned)); /* files whose upload failed */
	for (bool finishing = false; !finishing;) {
		gpointer item = retry->len ? g_async_queue_timeout_pop(fs->queue, RETRY_US) : g_async_queue_pop(fs->queue);
		finishing = item == FINISH;
		if (item && !finishing) {
			unsigned seq = GPOINTER_TO_UINT(item);
			if (!upload_one(fs, seq)) {
				g_array_append_val(retry, seq);
				continue; /* the destination fails now: the others wait */
			}
		}
		retry_failed(fs, retry); /* after one went up, a while, or at the end */
	}
	g_array_free(retry, TRUE);
	return NULL;
}

void fileset_start_uploads(fileset *fs)
{
	if (!fs->storage || fs->thread)
		return;
	fs->queue = g_async_queue_new();
	fs->thread = capture_thread_new("upload", upload_thread, fs);
}

bool fileset_finish(fileset *fs, const struct live_stats *file, char **message)
{
	g_mutex_lock(fs->o.lock);
	end_current(fs, file, 0);
	apply_ring(fs);
	fs->o.save(fs->o.data);
	g_mutex_unlock(fs->o.lock);
	if (fs->thread) {
		g_async_queue_push(fs->queue, GUINT_TO_POINTER(fs->seq));
		g_async_queue_push(fs->queue, FINISH);
		g_thread_join(fs->thread);
		fs->thread = NULL;
	}
	bool ok = true;
	g_mutex_lock(fs->o.lock);
	for (guint i = 0; fs->storage && i < fs->state->files->len; i++) {
		const struct capture_file *f = fs->state->files->pdata[i];
		ok = ok && g_strcmp0(f->storage_status, STORAGE_UPLOADED) == 0;
	}
	if (!ok)
		*message = g_strdup(fs->last_error ? fs->last_error : "a file was not uploaded");
	g_mutex_unlock(fs->o.lock);
	return ok;
}

void fileset_free(fileset *fs)
{
	if (!fs)
		return;
	if (fs->queue)
		g_async_queue_unref(fs->queue);
	g_free(fs->path);
	g_free(fs->storage);
	g_free(fs->current);
	g_free(fs->last_error);
	g_free(fs);
}
