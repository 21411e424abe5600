/* session_state.c — session directories and their state.json: create
 * (exclusive, by mkdir), update (temporary file + rename), read, list,
 * delete; and telling whether the capturing process still lives. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "analyzer/output.h"
#include "capture/json_reader.h"
#include "capture/session_state.h"

#define STATE_FILE "state.json"

static const char *const status_names[] = {"NotStarted", "Running", "Stopped", "Error"};

const char *capture_status_name(CaptureStatus s)
{
	return (unsigned)s < G_N_ELEMENTS(status_names) ? status_names[s] : "Error";
}

static const struct {
	const char *name, *alias;
} stop_aliases[] = {
	{STOP_USER, "Manual"},
	{STOP_BYTES_EXCEEDED, "SessionBytesExceeded"},
};

const char *capture_stop_reason_alias(const char *reason)
{
	for (size_t i = 0; reason && i < G_N_ELEMENTS(stop_aliases); i++)
		if (strcmp(reason, stop_aliases[i].name) == 0)
			return stop_aliases[i].alias;
	return NULL;
}

/* The reason by its present name: a state written under the former one
 * reads as Network Watcher's.  Takes REASON (may be NULL). */
static char *stop_reason_now(char *reason)
{
	for (size_t i = 0; reason && i < G_N_ELEMENTS(stop_aliases); i++) {
		if (strcmp(reason, stop_aliases[i].alias) == 0) {
			g_free(reason);
			return g_strdup(stop_aliases[i].name);
		}
	}
	return reason;
}

void capture_file_free(struct capture_file *f)
{
	if (!f)
		return;
	g_free(f->path);
	g_free(f->storage);
	g_free(f->storage_status);
	g_free(f->storage_message);
	g_free(f);
}

void capture_state_clear(struct capture_state *s)
{
	g_free(s->name);
	g_free(s->stop_reason);
	g_free(s->error);
	g_free(s->message);
	g_free(s->file);
	g_free(s->filter);
	g_free(s->user);
	g_free(s->storage);
	g_free(s->storage_status);
	g_free(s->storage_message);
	if (s->interfaces)
		g_ptr_array_free(s->interfaces, TRUE);
	if (s->files)
		g_ptr_array_free(s->files, TRUE);
	*s = (struct capture_state){0};
}

char *capture_state_dir(void)
{
	const char *env = g_getenv("ANALYZE_STATE_DIR");
	if (env && env[0]) /* absolute, so a detached capture may leave the directory */
		return g_canonicalize_filename(env, NULL);
	if (geteuid() == 0)
		return g_strdup("/var/lib/analyze/captures");
	return g_build_filename(g_get_user_state_dir(), "analyze", "captures", NULL);
}

bool capture_name_check(const char *name, GError **error)
{
	size_t n = strlen(name);
	bool ok = n >= 1 && n <= 80 && name[0] != '.' && name[0] != '-';
	for (size_t i = 0; ok && i < n; i++)
		ok = g_ascii_isalnum(name[i]) || name[i] == '.' || name[i] == '_' || name[i] == '-';
	if (!ok)
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE,
			    "'%s' is not a session name (1-80 letters, digits, '.', '_' or '-', not starting with '.' or '-')",
			    name);
	return ok;
}

static void kv_opt_string(struct json *j, const char *key, const char *v)
{
	json_key(j, key);
	if (v)
		json_string(j, v);
	else
		json_null(j);
}

static void kv_uint(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_uint(j, v);
}

static void kv_time(struct json *j, const char *key, int64_t ns)
{
	char buf[48];
	kv_opt_string(j, key, ns ? utc_str(buf, ns) : NULL);
}

/* The rotation settings and the files kept (only for a session that rotates). */
static void write_files_json(struct json *j, const struct capture_state *s)
{
	if (!s->files)
		return;
	kv_uint(j, "rotateSizeBytes", s->rotate_size);
	kv_uint(j, "rotateSeconds", s->rotate_seconds);
	kv_uint(j, "ringFiles", s->ring);
	kv_uint(j, "filesWritten", s->files_written);
	kv_uint(j, "filesRemoved", s->files_removed);
	kv_uint(j, "filesUploaded", s->files_uploaded);
	json_key(j, "files");
	json_begin_array(j);
	for (guint i = 0; i < s->files->len; i++) {
		const struct capture_file *f = s->files->pdata[i];
		json_begin_object(j);
		json_kv_string(j, "file", f->path);
		kv_uint(j, "sequence", f->seq);
		kv_time(j, "start", f->start_ns);
		kv_time(j, "end", f->end_ns);
		kv_uint(j, "packets", f->packets);
		kv_uint(j, "bytes", f->bytes);
		kv_opt_string(j, "storagePath", f->storage);
		kv_opt_string(j, "storageStatus", f->storage_status);
		kv_opt_string(j, "storageErrorMessage", f->storage_message);
		json_kv_int(j, "startNs", f->start_ns);
		json_kv_int(j, "endNs", f->end_ns);
		json_end_object(j);
	}
	json_end_array(j);
}

void capture_state_write_json(struct json *j, const struct capture_state *s)
{
	json_begin_report(j);
	json_kv_string(j, "name", s->name);
	json_kv_string(j, "packetCaptureStatus", capture_status_name(s->status));
	kv_opt_string(j, "stopReason", s->stop_reason);
	kv_opt_string(j, "stopReasonAlias", capture_stop_reason_alias(s->stop_reason));
	json_key(j, "packetCaptureError");
	json_begin_array(j);
	if (s->error)
		json_string(j, s->error);
	if (s->storage_status && strcmp(s->storage_status, STORAGE_FAILED) == 0 &&
	    g_strcmp0(s->error, ERROR_STORAGE) != 0) /* the upload failed after another error */
		json_string(j, ERROR_STORAGE);
	json_end_array(j);
	kv_opt_string(j, "errorMessage", s->message);
	kv_time(j, "captureStartTime", s->start_ns);
	kv_time(j, "captureEndTime", s->end_ns);
	kv_uint(j, "packets", s->packets);
	kv_uint(j, "bytes", s->bytes);
	kv_uint(j, "droppedPackets", s->dropped);
	json_key(j, "countsRecounted");
	json_bool(j, s->recounted);
	kv_opt_string(j, "file", s->file);
	kv_opt_string(j, "storagePath", s->storage);
	kv_opt_string(j, "storageStatus", s->storage_status);
	kv_opt_string(j, "storageErrorMessage", s->storage_message);
	kv_opt_string(j, "filter", s->filter);
	json_key(j, "interfaces");
	json_begin_array(j);
	for (guint i = 0; s->interfaces && i < s->interfaces->len; i++)
		json_string(j, s->interfaces->pdata[i]);
	json_end_array(j);
	write_files_json(j, s);
	kv_uint(j, "bytesToCapturePerPacket", s->bytes_per_packet);
	kv_uint(j, "totalBytesPerSession", s->bytes_per_session);
	kv_uint(j, "timeLimitInSeconds", s->time_limit);
	if (s->packet_limit)
		kv_uint(j, "packetLimit", s->packet_limit);
	kv_opt_string(j, "user", s->user);
	json_kv_int(j, "pid", s->pid);
	kv_uint(j, "pidStart", s->pid_start);
	json_kv_int(j, "captureStartTimeNs", s->start_ns);
	json_kv_int(j, "captureEndTimeNs", s->end_ns);
	json_end_object(j);
}

static bool state_error(GError **error, const char *what, const char *path, int e)
{
	g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_STATE, "cannot %s '%s': %s", what, path, g_strerror(e));
	return false;
}

bool capture_state_write(const char *dir, const struct capture_state *s, GError **error)
{
	g_autofree char *sdir = g_build_filename(dir, s->name, NULL);
	g_autofree char *path = g_build_filename(sdir, STATE_FILE, NULL);
	g_autofree char *tmp = g_build_filename(sdir, ".state.json.XXXXXX", NULL);
	int fd = g_mkstemp_full(tmp, O_WRONLY, 0644);
	if (fd < 0)
		return state_error(error, "write", path, errno);
	FILE *fp = fdopen(fd, "w");
	if (!fp) {
		int e = errno;
		close(fd);
		g_unlink(tmp);
		return state_error(error, "write", path, e);
	}
	struct json j;
	json_init(&j, fp);
	capture_state_write_json(&j, s);
	fputc('\n', fp);
	int e = 0;
	if (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0)
		e = errno ? errno : EIO;
	if (fclose(fp) != 0 && !e)
		e = errno;
	if (!e && rename(tmp, path) != 0)
		e = errno;
	if (e) {
		g_unlink(tmp);
		return state_error(error, "write", path, e);
	}
	return true;
}

bool capture_state_create(const char *dir, const struct capture_state *s, GError **error)
{
	if (g_mkdir_with_parents(dir, 0755) != 0)
		return state_error(error, "create the state directory", dir, errno);
	g_autofree char *sdir = g_build_filename(dir, s->name, NULL);
	if (mkdir(sdir, 0755) != 0) {
		if (errno == EEXIST) {
			g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_EXISTS,
				    "capture session '%s' exists already (delete it first)", s->name);
			return false;
		}
		return state_error(error, "create", sdir, errno);
	}
	if (!capture_state_write(dir, s, error)) {
		g_rmdir(sdir);
		return false;
	}
	return true;
}

static char *get_str(const struct jv *o, const char *key)
{
	const struct jv *v = jv_get(o, key);
	return v && v->type == JV_STRING ? g_strdup(v->string) : NULL;
}

static uint64_t get_u64(const struct jv *o, const char *key)
{
	const struct jv *v = jv_get(o, key);
	return v && v->type == JV_NUMBER && v->integral ? v->uint : 0;
}

static void read_files_json(const struct jv *o, struct capture_state *s)
{
	const struct jv *fs = jv_get(o, "files");
	if (!fs || fs->type != JV_ARRAY)
		return;
	s->rotate_size = get_u64(o, "rotateSizeBytes");
	s->rotate_seconds = get_u64(o, "rotateSeconds");
	s->ring = get_u64(o, "ringFiles");
	s->files_written = get_u64(o, "filesWritten");
	s->files_removed = get_u64(o, "filesRemoved");
	s->files_uploaded = get_u64(o, "filesUploaded");
	s->files = g_ptr_array_new_with_free_func((GDestroyNotify)capture_file_free);
	for (guint i = 0; i < fs->items->len; i++) {
		const struct jv *e = fs->items->pdata[i];
		struct capture_file *f = g_new0(struct capture_file, 1);
		f->path = get_str(e, "file");
		f->seq = (unsigned)get_u64(e, "sequence");
		f->start_ns = (int64_t)get_u64(e, "startNs");
		f->end_ns = (int64_t)get_u64(e, "endNs");
		f->packets = get_u64(e, "packets");
		f->bytes = get_u64(e, "bytes");
		f->storage = get_str(e, "storagePath");
		f->storage_status = get_str(e, "storageStatus");
		f->storage_message = get_str(e, "storageErrorMessage");
		if (f->path)
			g_ptr_array_add(s->files, f);
		else
			capture_file_free(f);
	}
}

static void from_json(const struct jv *o, struct capture_state *s)
{
	s->name = get_str(o, "name");
	g_autofree char *status = get_str(o, "packetCaptureStatus");
	s->status = CAPTURE_STATUS_ERROR;
	for (guint i = 0; status && i < G_N_ELEMENTS(status_names); i++)
		if (strcmp(status, status_names[i]) == 0)
			s->status = (CaptureStatus)i;
	s->stop_reason = stop_reason_now(get_str(o, "stopReason"));
	const struct jv *errs = jv_get(o, "packetCaptureError");
	if (errs && errs->type == JV_ARRAY && errs->items->len > 0) {
		const struct jv *e = errs->items->pdata[0];
		s->error = e->type == JV_STRING ? g_strdup(e->string) : NULL;
	}
	s->message = get_str(o, "errorMessage");
	s->start_ns = (int64_t)get_u64(o, "captureStartTimeNs");
	s->end_ns = (int64_t)get_u64(o, "captureEndTimeNs");
	s->packets = get_u64(o, "packets");
	s->bytes = get_u64(o, "bytes");
	s->dropped = get_u64(o, "droppedPackets");
	const struct jv *rc = jv_get(o, "countsRecounted");
	s->recounted = rc && rc->type == JV_BOOL && rc->boolean;
	s->file = get_str(o, "file");
	s->storage = get_str(o, "storagePath");
	s->storage_status = get_str(o, "storageStatus");
	s->storage_message = get_str(o, "storageErrorMessage");
	s->filter = get_str(o, "filter");
	s->interfaces = g_ptr_array_new_with_free_func(g_free);
	const struct jv *ifs = jv_get(o, "interfaces");
	for (guint i = 0; ifs && ifs->type == JV_ARRAY && i < ifs->items->len; i++) {
		const struct jv *e = ifs->items->pdata[i];
		if (e->type == JV_STRING)
			g_ptr_array_add(s->interfaces, g_strdup(e->string));
	}
	s->bytes_per_packet = get_u64(o, "bytesToCapturePerPacket");
	s->bytes_per_session = get_u64(o, "totalBytesPerSession");
	s->time_limit = get_u64(o, "timeLimitInSeconds");
	s->packet_limit = get_u64(o, "packetLimit");
	s->user = get_str(o, "user");
	read_files_json(o, s);
	s->pid = (int)get_u64(o, "pid");
	s->pid_start = get_u64(o, "pidStart");
}

bool capture_state_read(const char *dir, const char *name, struct capture_state *s, GError **error)
{
	*s = (struct capture_state){0};
	g_autofree char *path = g_build_filename(dir, name, STATE_FILE, NULL);
	g_autofree char *text = NULL;
	gsize len;
	if (!g_file_get_contents(path, &text, &len, NULL)) {
		int e = errno;
		g_autofree char *sdir = g_build_filename(dir, name, NULL);
		if (e == ENOENT && !g_file_test(sdir, G_FILE_TEST_IS_DIR)) {
			g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_NO_SESSION, "no capture session '%s'", name);
			return false;
		}
		return state_error(error, "read", path, e);
	}
	g_autoptr(GError) err = NULL;
	g_autoptr(jv) root = jv_parse(text, len, &err);
	if (!root || root->type != JV_OBJECT) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_STATE, "cannot read '%s': %s", path,
			    err ? err->message : "not an object");
		return false;
	}
	from_json(root, s);
	if (!s->name || strcmp(s->name, name) != 0) {
		capture_state_clear(s);
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_STATE, "cannot read '%s': it names another session",
			    path);
		return false;
	}
	return true;
}

bool capture_state_delete(const char *dir, const char *name, GError **error)
{
	g_autofree char *sdir = g_build_filename(dir, name, NULL);
	GDir *d = g_dir_open(sdir, 0, NULL);
	if (!d) {
		if (errno == ENOENT) {
			g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_NO_SESSION, "no capture session '%s'", name);
			return false;
		}
		return state_error(error, "delete", sdir, errno);
	}
	const char *entry;
	int e = 0;
	while ((entry = g_dir_read_name(d))) {
		g_autofree char *p = g_build_filename(sdir, entry, NULL);
		if (g_unlink(p) != 0 && !e)
			e = errno;
	}
	g_dir_close(d);
	if (!e && g_rmdir(sdir) != 0)
		e = errno;
	return e ? state_error(error, "delete", sdir, e) : true;
}

bool capture_state_chown(const char *dir, const char *name, uid_t uid, gid_t gid, GError **error)
{
	g_autofree char *sdir = g_build_filename(dir, name, NULL);
	g_autofree char *path = g_build_filename(sdir, STATE_FILE, NULL);
	if (chown(sdir, uid, gid) != 0)
		return state_error(error, "give to the capturing user", sdir, errno);
	if (chown(path, uid, gid) != 0)
		return state_error(error, "give to the capturing user", path, errno);
	return true;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *capture_state_list(const char *dir, GError **error)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d) {
		if (errno == ENOENT)
			return names;
		g_ptr_array_free(names, TRUE);
		state_error(error, "read", dir, errno);
		return NULL;
	}
	const char *entry;
	while ((entry = g_dir_read_name(d))) {
		g_autofree char *sdir = g_build_filename(dir, entry, NULL);
		if (capture_name_check(entry, NULL) && g_file_test(sdir, G_FILE_TEST_IS_DIR))
			g_ptr_array_add(names, g_strdup(entry));
	}
	g_dir_close(d);
	g_ptr_array_sort(names, compare_names);
	return names;
}

uint64_t capture_process_start(int pid)
{
	if (pid <= 0)
		return 0;
	char path[64];
	g_snprintf(path, sizeof path, "/proc/%d/stat", pid);
	g_autofree char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return 0;
	/* After the command name in parentheses: state is field 3, starttime field 22. */
	const char *p = strrchr(text, ')');
	if (!p)
		return 0;
	g_auto(GStrv) f = g_strsplit(p + 2, " ", 0);
	if (g_strv_length(f) < 20 || f[0][0] == 'Z')
		return 0;
	guint64 v = 0;
	g_ascii_string_to_unsigned(f[19], 10, 0, G_MAXUINT64, &v, NULL);
	return v;
}

bool capture_state_mark_stale(struct capture_state *s)
{
	if (s->status != CAPTURE_STATUS_RUNNING)
		return false;
	uint64_t start = capture_process_start(s->pid);
	if (start != 0 && (s->pid_start == 0 || start == s->pid_start))
		return false;
	s->status = CAPTURE_STATUS_ERROR;
	g_free(s->stop_reason);
	s->stop_reason = g_strdup(STOP_ERROR);
	g_free(s->error);
	s->error = g_strdup(ERROR_CAPTURE_FAILED);
	g_free(s->message);
	s->message = g_strdup_printf("the capturing process (pid %d) ended without closing the session", s->pid);
	if (s->storage_status && strcmp(s->storage_status, STORAGE_UPLOADED) != 0) {
		g_free(s->storage_status);
		s->storage_status = g_strdup(STORAGE_FAILED);
	}
	return true;
}
