/* cmd_capture_start.c — `analyze capture start`: options (command line over
 * a Network Watcher config file), the session's creation, the capture in
 * the foreground or detached, and the session's final state. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <glib/gstdio.h>

#include "analyzer/cli.h"
#include "analyzer/cmd_capture.h"
#include "capture/config.h"
#include "capture/fileset.h"
#include "capture/live.h"
#include "capture/session_state.h"
#include "capture/spec.h"
#include "capture/storage_upload.h"

#define CMD "capture start"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* The command line, as given. */
struct start_args {
	char **interfaces, **filters;
	char *bytes_per_packet, *bytes_per_session, *time_limit, *buffer_size, *count;
	char *rotate_size, *rotate_seconds, *ring;
	char *file, *storage, *config, *user, *bpf;
	gboolean detach, immediate;
};

static void start_args_clear(struct start_args *a)
{
	g_strfreev(a->interfaces);
	g_strfreev(a->filters);
	g_free(a->bytes_per_packet);
	g_free(a->bytes_per_session);
	g_free(a->time_limit);
	g_free(a->buffer_size);
	g_free(a->count);
	g_free(a->rotate_size);
	g_free(a->rotate_seconds);
	g_free(a->ring);
	g_free(a->file);
	g_free(a->storage);
	g_free(a->config);
	g_free(a->user);
	g_free(a->bpf);
}

/* What a running session carries. */
struct session {
	char *dir;                  /* state directory */
	struct capture_state state;
	live_capture *live;
	const char *storage;        /* the upload destination as given (may hold a secret), NULL: none */
	bool staging;               /* the file exists for the upload only (no --file, no filePath) */
	bool file_dirs;             /* create the file's missing folders */
	fileset *files;             /* the series of files of a session that rotates them; NULL: one file */
	GMutex lock;                /* held around changes to STATE once uploads run beside the capture */
	/* While capturing, a thread of its own saves the progress, so that the
	 * capturing thread never waits for the disk (a state file is synced
	 * before it replaces the last): waiting would leave the kernel's
	 * buffer to fill up, and packets dropped. */
	GThread *saver;
	GCond save;                 /* with LOCK: a save is due, or the capture ended */
	bool save_due, capturing;
};

static bool parse_number(const char *option, const char *text, uint64_t *out, GError **error)
{
	if (!text)
		return true;
	guint64 v;
	if (!g_ascii_string_to_unsigned(text, 10, 0, G_MAXUINT64, &v, NULL)) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE, "%s '%s' is not a whole number", option, text);
		return false;
	}
	*out = v;
	return true;
}

/* The interfaces of -i, each once: the same one twice, or "any" beside
 * another, would write every packet twice. */
static bool set_interfaces(char **names, struct capture_options *o, GError **error)
{
	guint n = g_strv_length(names);
	for (guint i = 0; i < n; i++) {
		for (guint j = 0; j < i; j++) {
			if (strcmp(names[i], names[j]) == 0) {
				g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE,
					    "interface '%s' is given twice: its packets would be written twice", names[i]);
				return false;
			}
		}
		if (n > 1 && strcmp(names[i], "any") == 0) {
			g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE,
				    "interface 'any' captures on every interface already: give it alone");
			return false;
		}
	}
	g_ptr_array_set_size(o->interfaces, 0);
	for (guint i = 0; i < n; i++)
		g_ptr_array_add(o->interfaces, g_strdup(names[i]));
	return true;
}

/* The options: the config file's, then the command line's over them. */
static bool build_options(const struct start_args *a, struct capture_options *o, GError **error)
{
	if (a->config && !capture_config_load(a->config, o, error))
		return false;
	if (a->storage) {
		g_free(o->storage);
		o->storage = g_strdup(a->storage);
	} else if (o->storage_id) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE,
			    "config '%s': storageId '%s' gives no blob to upload to: give its URL as storagePath or with --storage",
			    a->config, o->storage_id);
		return false;
	}
	if (a->interfaces && !set_interfaces(a->interfaces, o, error))
		return false;
	if (a->filters) {
		for (guint i = 0; i < o->filters->len; i++)
			capture_filter_clear(&g_array_index(o->filters, struct capture_filter, i));
		g_array_set_size(o->filters, 0);
		for (char **f = a->filters; *f; f++) {
			struct capture_filter cf;
			if (!spec_parse(*f, &cf, error))
				return false;
			g_array_append_val(o->filters, cf);
		}
	}
	if (a->bpf && !live_check_filter(a->bpf, error)) {
		g_prefix_error(error, "--bpf '%s': ", a->bpf);
		return false;
	}
	if (!parse_number("--bytes-per-packet", a->bytes_per_packet, &o->bytes_per_packet, error) ||
	    !parse_number("--bytes-per-session", a->bytes_per_session, &o->bytes_per_session, error) ||
	    !parse_number("--time-limit", a->time_limit, &o->time_limit, error) ||
	    !parse_number("--buffer-size", a->buffer_size, &o->buffer_kib, error) ||
	    !parse_number("--count", a->count, &o->packet_limit, error) ||
	    !parse_number("--rotate-size", a->rotate_size, &o->rotate_size, error) ||
	    !parse_number("--rotate-seconds", a->rotate_seconds, &o->rotate_seconds, error) ||
	    !parse_number("--ring", a->ring, &o->ring, error))
		return false;
	o->immediate = a->immediate;
	o->time_limit_set = o->time_limit_set || a->time_limit;
	o->bytes_per_session_set = o->bytes_per_session_set || a->bytes_per_session;
	if (a->file) {
		g_free(o->file);
		o->file = g_strdup(a->file);
		o->file_dirs = false;
	}
	if (!capture_options_check(o, error))
		return false;
	capture_options_settle(o);
	return true;
}

/* The redacted URL of the blob the file goes to, checked before anything is
 * created: a destination that is not a blob is a usage error, one without
 * credentials in the environment a runtime one.  The storage library names
 * the destination redacted, so the error holds no secret either. */
static char *storage_target(const struct start_args *a, const struct capture_options *o, GError **error)
{
	g_autoptr(GError) err = NULL;
	char *target = storage_upload_target(o->file, o->storage, &err);
	if (target)
		return target;
	int code = g_error_matches(err, STORAGE_ERROR, STORAGE_ERROR_USAGE) ? CAPTURE_ERROR_USAGE
									    : CAPTURE_ERROR_STORAGE;
	if (a->storage)
		g_set_error(error, CAPTURE_ERROR, code, "--storage %s", err->message);
	else
		g_set_error(error, CAPTURE_ERROR, code, "config '%s': storagePath %s", a->config, err->message);
	return NULL;
}

static void state_from_options(struct capture_state *s, const char *name, const struct capture_options *o,
			       const char *bpf, const char *user, char *storage)
{
	*s = (struct capture_state){0};
	s->name = g_strdup(name);
	s->status = CAPTURE_STATUS_NOT_STARTED;
	s->file = g_canonicalize_filename(o->file, NULL);
	s->filter = g_strdup(bpf);
	s->interfaces = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < o->interfaces->len; i++)
		g_ptr_array_add(s->interfaces, g_strdup(o->interfaces->pdata[i]));
	if (o->interfaces->len == 0)
		g_ptr_array_add(s->interfaces, g_strdup("any"));
	s->bytes_per_packet = o->bytes_per_packet;
	s->bytes_per_session = o->bytes_per_session;
	s->time_limit = o->time_limit;
	s->packet_limit = o->packet_limit;
	s->rotate_size = o->rotate_size;
	s->rotate_seconds = o->rotate_seconds;
	s->ring = o->ring;
	s->user = g_strdup(user);
	s->storage = storage;
	s->storage_status = storage ? g_strdup(STORAGE_PENDING) : NULL;
}

/* Gives the file and the session to USER, then becomes USER (its groups
 * too), as tcpdump -Z does: the capture is open already. */
static bool drop_privileges(struct session *se, int fd, const struct passwd *pw, GError **error)
{
	if (fchown(fd, pw->pw_uid, pw->pw_gid) != 0 ||
	    !capture_state_chown(se->dir, se->state.name, pw->pw_uid, pw->pw_gid, error)) {
		if (error && !*error)
			g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE, "cannot give '%s' to user '%s': %s",
				    se->state.file, pw->pw_name, g_strerror(errno));
		return false;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_PERMISSION, "cannot become user '%s': %s", pw->pw_name,
			    g_strerror(errno));
		return false;
	}
	return true;
}

/* Creates the missing folders above PATH (0750, given to PW when not NULL),
 * as Network Watcher's agent does for a filePath.  *CREATED gets the
 * folders made, deepest first (char *), for undoing.  CAPTURE_ERROR_LOCAL_FILE. */
static bool make_folders(const char *path, const struct passwd *pw, GPtrArray *created, GError **error)
{
	g_autofree char *dir = g_path_get_dirname(path);
	for (char *d = g_strdup(dir); d; ) {
		char *up = g_path_get_dirname(d);
		if (g_file_test(d, G_FILE_TEST_EXISTS) || strcmp(up, d) == 0) {
			g_free(d);
			g_free(up);
			break;
		}
		g_ptr_array_add(created, d);
		d = up;
	}
	if (created->len == 0)
		return true;
	if (g_mkdir_with_parents(dir, 0750) != 0) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE, "cannot create the folder '%s': %s", dir,
			    g_strerror(errno));
		return false;
	}
	for (guint i = 0; pw && i < created->len; i++) {
		if (chown(created->pdata[i], pw->pw_uid, pw->pw_gid) != 0) {
			g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE, "cannot give '%s' to user '%s': %s",
				    (const char *)created->pdata[i], pw->pw_name, g_strerror(errno));
			return false;
		}
	}
	return true;
}

/* Opens the session's file (and its folders when asked), writes its header
 * and drops root for PW.  On failure removes what it created. */
static bool open_file(struct session *se, const struct passwd *pw, GError **error)
{
	const char *path = se->state.file;
	g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func(g_free); /* char *, deepest first */
	bool existed = !se->files && g_file_test(path, G_FILE_TEST_EXISTS);
	int fd = -1;
	if (se->file_dirs && !make_folders(path, pw, created, error)) {
		/* nothing opened */
	} else if (se->files) {
		if (fileset_next(se->files, 0, &fd, &path, error) &&
		    live_start_file(se->live, fd, path, error) && (!pw || drop_privileges(se, fd, pw, error)))
			return true; /* the writer owns FD from live_start_file on */
		fd = -1; /* closed with the capture, or never opened */
		if (se->state.files->len)
			g_unlink(path);
	} else if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) < 0 || ftruncate(fd, 0) != 0) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_LOCAL_FILE, "cannot write '%s': %s", path,
			    g_strerror(errno));
		if (fd >= 0)
			close(fd);
	} else if (live_start_file(se->live, fd, path, error) && (!pw || drop_privileges(se, fd, pw, error))) {
		return true; /* the writer owns FD from live_start_file on */
	}
	if (fd >= 0 && !existed)
		g_unlink(path);
	for (guint i = 0; i < created->len; i++)
		g_rmdir(created->pdata[i]);
	return false;
}

/* Creates the session, the file and its header, then drops root for PW
 * (still root, the cleanup below can undo everything).  On failure nothing
 * is left: no session, no new file or folder. */
static bool prepare(struct session *se, const struct passwd *pw, GError **error)
{
	if (!capture_state_create(se->dir, &se->state, error))
		return false;
	if (open_file(se, pw, error))
		return true;
	capture_state_delete(se->dir, se->state.name, NULL);
	return false;
}

/* The capturing thread's progress, about once a second: for the saving
 * thread to save.  When the state is being saved (or changed by an upload)
 * this one is left out: the next comes a second later. */
static void on_progress(const struct live_stats *st, void *data)
{
	struct session *se = data;
	if (!g_mutex_trylock(&se->lock))
		return;
	se->state.packets = st->packets;
	se->state.bytes = st->bytes;
	se->state.dropped = st->dropped;
	if (se->files) {
		struct live_stats file;
		live_file_stats(se->live, st, &file);
		fileset_progress(se->files, &file);
	}
	se->save_due = true;
	g_cond_signal(&se->save);
	g_mutex_unlock(&se->lock);
}

/* The saving thread: saves the state each time progress asks, until the
 * capture ends. */
static gpointer saver_main(gpointer data)
{
	struct session *se = data;
	g_mutex_lock(&se->lock);
	for (;;) {
		while (!se->save_due && se->capturing)
			g_cond_wait(&se->save, &se->lock);
		if (!se->save_due)
			break;
		se->save_due = false;
		capture_state_write(se->dir, &se->state, NULL);
	}
	g_mutex_unlock(&se->lock);
	return NULL;
}

static void saver_start(struct session *se)
{
	se->capturing = true;
	se->save_due = false;
	g_cond_init(&se->save);
	se->saver = capture_thread_new("save-state", saver_main, se);
}

/* Ends the saving thread, after it saved what was due. */
static void saver_end(struct session *se)
{
	g_mutex_lock(&se->lock);
	se->capturing = false;
	g_cond_signal(&se->save);
	g_mutex_unlock(&se->lock);
	g_thread_join(se->saver);
	se->saver = NULL;
	g_cond_clear(&se->save);
}

/* fileset's way to save the state (with the lock held). */
static void save_state(void *data)
{
	struct session *se = data;
	capture_state_write(se->dir, &se->state, NULL);
}

static void set_reason(struct capture_state *s, CaptureStatus status, const char *reason, const char *error,
		       const char *message)
{
	s->status = status;
	s->stop_reason = g_strdup(reason);
	s->error = g_strdup(error);
	s->message = g_strdup(message);
}

/* Puts the closed file into storage (a series of files: those not up yet,
 * through the file set).  Meanwhile the session says Running with
 * storageStatus Uploading (so `capture stop` waits for the outcome).  A
 * failure makes it Error / StorageFailed and keeps the file; a staging file
 * is removed once it is up (kept when that is not allowed, e.g. after
 * --user in root's state directory).  FILE: the last file's counts. */
static void upload(struct session *se, const struct live_stats *file)
{
	struct capture_state *s = &se->state;
	g_mutex_lock(&se->lock);
	CaptureStatus ended = s->status;
	s->status = CAPTURE_STATUS_RUNNING;
	g_free(s->storage_status);
	s->storage_status = g_strdup(STORAGE_UPLOADING);
	capture_state_write(se->dir, s, NULL);
	g_mutex_unlock(&se->lock);
	g_autoptr(GError) err = NULL;
	g_autofree char *message = NULL;
	bool ok;
	if (se->files) {
		ok = fileset_finish(se->files, file, &message); /* saves as it goes: still Running */
	} else {
		ok = storage_upload_file(s->file, se->storage, NULL, &err);
		/* A local-file error names the file already; the others name the blob. */
		if (!ok)
			message = g_error_matches(err, STORAGE_ERROR, STORAGE_ERROR_IO)
					  ? g_strdup(err->message)
					  : g_strdup_printf("cannot upload '%s': %s", s->file, err->message);
	}
	s->status = ended;
	g_free(s->storage_status);
	s->storage_status = g_strdup(ok ? STORAGE_UPLOADED : STORAGE_FAILED);
	if (ok) {
		if (se->staging && !se->files && g_unlink(s->file) == 0)
			g_clear_pointer(&s->file, g_free);
		return;
	}
	s->storage_message = g_steal_pointer(&message);
	s->status = CAPTURE_STATUS_ERROR;
	if (!s->error) {
		s->error = g_strdup(ERROR_STORAGE);
		s->message = g_strdup(s->storage_message);
	}
}

/* How the capture ended, into S. */
static void record_end(struct capture_state *s, LiveEnd end, const GError *err, bool closed,
		       const GError *close_err)
{
	if (end == LIVE_END_TIME)
		set_reason(s, CAPTURE_STATUS_STOPPED, STOP_TIME_EXCEEDED, NULL, NULL);
	else if (end == LIVE_END_BYTES)
		set_reason(s, CAPTURE_STATUS_STOPPED, STOP_BYTES_EXCEEDED, NULL, NULL);
	else if (end == LIVE_END_PACKETS)
		set_reason(s, CAPTURE_STATUS_STOPPED, STOP_PACKETS_EXCEEDED, NULL, NULL);
	else if (end == LIVE_END_STOP)
		set_reason(s, CAPTURE_STATUS_STOPPED, STOP_USER, NULL, NULL);
	else if (end == LIVE_END_FILE_ERROR)
		set_reason(s, CAPTURE_STATUS_ERROR, STOP_ERROR, ERROR_LOCAL_FILE, err ? err->message : NULL);
	else
		set_reason(s, CAPTURE_STATUS_ERROR, STOP_ERROR, ERROR_CAPTURE_FAILED, err ? err->message : NULL);
	if (!closed && s->status != CAPTURE_STATUS_ERROR) {
		g_free(s->stop_reason);
		set_reason(s, CAPTURE_STATUS_ERROR, STOP_ERROR, ERROR_LOCAL_FILE, close_err->message);
	}
}

/* Runs the capture to its end, uploads the file when asked and records how
 * it ended.  READY_FD (-1:
 * none) hears one byte once the session says Running. */
static bool run_session(struct session *se, int ready_fd)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	struct capture_state *s = &se->state;
	s->status = CAPTURE_STATUS_RUNNING;
	s->pid = (int)getpid();
	s->pid_start = capture_process_start(s->pid);
	s->start_ns = g_get_real_time() * 1000;
	g_autoptr(GError) err = NULL;
	bool ok = capture_state_write(se->dir, s, &err);
	if (ready_fd >= 0) {
		/* The parent reads the byte only when it can; an error here
		 * shows there as "did not start". */
		if (ok && write(ready_fd, "r", 1) != 1)
			ok = false;
		close(ready_fd);
	}
	if (!ok) {
		live_close(se->live, NULL);
		se->live = NULL;
		return false;
	}
	if (se->storage)
		curl_global_init(CURL_GLOBAL_DEFAULT);
	if (se->files)
		fileset_start_uploads(se->files);
	struct live_stats st, file;
	saver_start(se);
	LiveEnd end = live_run(se->live, &stop_requested, on_progress, se, &st, &err);
	saver_end(se);
	live_file_stats(se->live, &st, &file);
	g_autoptr(GError) close_err = NULL;
	bool closed = live_close(se->live, &close_err);
	se->live = NULL;
	g_mutex_lock(&se->lock);
	s->packets = st.packets;
	s->bytes = st.bytes;
	s->dropped = st.dropped;
	s->end_ns = g_get_real_time() * 1000;
	record_end(s, end, err, closed, close_err);
	g_mutex_unlock(&se->lock);
	if (se->storage)
		upload(se, &file);
	else if (se->files)
		fileset_finish(se->files, &file, NULL);
	if (se->storage)
		curl_global_cleanup();
	g_clear_error(&err);
	if (!capture_state_write(se->dir, s, &err))
		cli_error("%s", err->message);
	return s->status == CAPTURE_STATUS_STOPPED;
}

/* What the session writes and where it goes, for the start line: "'FILE'"
 * or "'FILE' and the files after it", then the upload.  Caller frees. */
static char *writing_what(const struct session *se)
{
	GString *w = g_string_new(NULL);
	g_string_append_printf(w, "'%s'%s", se->state.file, se->files ? " and the files after it" : "");
	if (se->storage && se->files)
		g_string_append_printf(w, ", uploading each as it closes to '%s' (with its number and time)",
				       se->state.storage);
	else if (se->storage)
		g_string_append_printf(w, ", then uploading it to '%s'", se->state.storage);
	return g_string_free(w, FALSE);
}

/* Forks the capture into the background (its own session, no terminal)
 * and waits until it says Running.  Returns the exit status for the
 * caller (the parent); the child never returns from here but through
 * *IS_CHILD. */
static int detach(struct session *se, bool *is_child)
{
	int pfd[2];
	*is_child = false;
	if (pipe(pfd) != 0) {
		cli_error("cannot start capture '%s' in the background: %s", se->state.name, g_strerror(errno));
		return EXIT_FAILED;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		cli_error("cannot start capture '%s' in the background: %s", se->state.name, g_strerror(errno));
		return EXIT_FAILED;
	}
	if (pid == 0) {
		*is_child = true;
		close(pfd[0]);
		setsid();
		if (chdir("/") != 0) /* keep no directory busy; every path is absolute */
			_exit(EXIT_FAILED);
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
			if (null > 2)
				close(null);
		}
		return run_session(se, pfd[1]) ? EXIT_OK : EXIT_FAILED;
	}
	close(pfd[1]);
	char c;
	ssize_t n;
	while ((n = read(pfd[0], &c, 1)) < 0 && errno == EINTR)
		;
	close(pfd[0]);
	if (n != 1) {
		cli_error("capture '%s' did not start in the background", se->state.name);
		return EXIT_FAILED;
	}
	g_autofree char *what = writing_what(se);
	printf("capture '%s' started in the background (pid %d), writing %s\n", se->state.name, (int)pid, what);
	return EXIT_OK;
}

static int start_session(struct session *se, const struct passwd *pw, bool background)
{
	g_autoptr(GError) err = NULL;
	if (!prepare(se, pw, &err))
		return capture_fail(CMD, err);
	if (background) {
		bool is_child;
		int code = detach(se, &is_child);
		if (!is_child) {
			live_close(se->live, NULL); /* the child holds the capture now */
			se->live = NULL;
		}
		return code;
	}
	g_autofree char *what = writing_what(se);
	fprintf(stderr, "capture '%s': writing %s; stop with Ctrl-C or 'analyze capture stop %s'\n", se->state.name,
		what, se->state.name);
	bool ok = run_session(se, -1);
	const struct capture_state *s = &se->state;
	capture_print_end(s);
	return ok ? EXIT_OK : EXIT_FAILED;
}

/* Names the file, checks the storage destination, opens the capture and
 * runs the session SE named NAME. */
static int open_and_run(struct session *se, const struct start_args *a, struct capture_options *o,
			const char *name, const struct passwd *pw)
{
	g_autofree char *bpf = spec_capture_filter(o->filters, a->bpf);
	g_autoptr(GError) err = NULL;
	se->dir = capture_state_dir();
	/* Without a file of its own, an upload's file waits in the state
	 * directory, beside the session's directory (so `delete` keeps it). */
	se->staging = o->storage && !o->file;
	if (!o->file)
		o->file = se->staging ? g_strdup_printf("%s/%s.pcapng", se->dir, name)
				      : g_strdup_printf("%s.pcapng", name);
	char *target = NULL;
	if (o->storage && !(target = storage_target(a, o, &err)))
		return capture_fail(CMD, err);
	se->storage = o->storage;
	se->file_dirs = o->file_dirs;
	state_from_options(&se->state, name, o, bpf, a->user, target);
	if (o->rotate_size || o->rotate_seconds) {
		struct fileset_opts fo = {.path = se->state.file, .storage = o->storage, .staging = se->staging,
					  .ring = o->ring, .lock = &se->lock, .save = save_state, .data = se};
		se->files = fileset_new(&se->state, &fo);
	}
	struct capture_state old;
	if (capture_state_read(se->dir, name, &old, NULL)) {
		capture_state_clear(&old);
		cli_error("capture session '%s' exists already (delete it first)", name);
		return EXIT_FAILED;
	}
	/* A staging file still there is one an earlier session could not
	 * upload: never overwrite it. */
	if (se->staging && !se->files && g_file_test(o->file, G_FILE_TEST_EXISTS)) {
		cli_error("capture '%s': '%s' exists already (kept by an earlier session of that name); move it away or give --file",
			  name, o->file);
		return EXIT_FAILED;
	}
	if (!(se->live = live_open(o, bpf, &err)))
		return capture_fail(CMD, err);
	if (se->files) {
		struct live_rotation rot = {.size = o->rotate_size, .seconds = o->rotate_seconds,
					    .next = fileset_next, .closed = fileset_closed, .data = se->files};
		live_set_rotation(se->live, &rot);
	}
	return start_session(se, pw, a->detach);
}

int capture_start(int argc, char **argv)
{
	struct start_args a = {0};
	GOptionEntry entries[] = {
		{"interface", 'i', 0, G_OPTION_ARG_STRING_ARRAY, &a.interfaces, "capture on IF (repeat; default any)", "IF"},
		{"filter", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a.filters,
		 "5-tuple filter protocol=TCP|UDP|Any,local-ip=..,local-port=..,remote-ip=..,remote-port=.. (repeat: union)",
		 "SPEC"},
		{"bpf", 0, 0, G_OPTION_ARG_STRING, &a.bpf, "a capture filter in pcap-filter syntax, as tcpdump takes; with --filter, both must match (-f EXPR as tshark)", "EXPR"},
		{"bytes-per-packet", 's', 0, G_OPTION_ARG_STRING, &a.bytes_per_packet, "keep N bytes of each packet (0: whole; on 'any' N counts its 16-byte cooked header)", "N"},
		{"bytes-per-session", 0, 0, G_OPTION_ARG_STRING, &a.bytes_per_session, "stop before N bytes (default 1 GiB)", "N"},
		{"time-limit", 0, 0, G_OPTION_ARG_STRING, &a.time_limit, "stop after SECONDS (default and at most 18000)", "SECONDS"},
		{"buffer-size", 'B', 0, G_OPTION_ARG_STRING, &a.buffer_size, "the kernel's buffer per interface, in KiB, as tcpdump -B (default 32768)", "KIB"},
		{"immediate", 0, 0, G_OPTION_ARG_NONE, &a.immediate, "hand each packet over as it comes (more CPU; default: a block at a time, within 200 ms)", NULL},
		{"rotate-size", 0, 0, G_OPTION_ARG_STRING, &a.rotate_size, "a new file before one would pass N bytes (continuous capture)", "N"},
		{"rotate-seconds", 0, 0, G_OPTION_ARG_STRING, &a.rotate_seconds, "a new file every SECONDS from the session's start (continuous capture)", "SECONDS"},
		{"ring", 0, 0, G_OPTION_ARG_STRING, &a.ring, "keep only the last N files (with --rotate-size or --rotate-seconds)", "N"},
		{"file", 'w', 0, G_OPTION_ARG_FILENAME, &a.file, "write the pcapng file PATH (default NAME.pcapng)", "PATH"},
		{"storage", 0, 0, G_OPTION_ARG_STRING, &a.storage, "upload the file to URL when the session ends (az://ACCOUNT/CONTAINER/PATH or a blob URL with a SAS)", "URL"},
		{"count", 'c', 0, G_OPTION_ARG_STRING, &a.count, "stop after N packets, as tshark -c", "N"},
		{"config", 0, 0, G_OPTION_ARG_FILENAME, &a.config, "Network Watcher packet-capture JSON", "FILE.json"},
		{"detach", 0, 0, G_OPTION_ARG_NONE, &a.detach, "capture in the background", NULL},
		{"user", 'Z', 0, G_OPTION_ARG_STRING, &a.user, "drop root for USER once the capture is open, as tcpdump -Z", "NAME"},
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	if (!cli_parse(CMD, "NAME", "Captures packets into a pcapng file, with Network Watcher's filters and limits.",
		       entries, &argc, &argv, &code)) {
		start_args_clear(&a);
		return code;
	}
	struct capture_options o;
	capture_options_init(&o);
	struct session se = {0};
	g_mutex_init(&se.lock);
	struct passwd *pw = NULL;
	g_autoptr(GError) err = NULL;
	if (argc != 2) {
		code = argc < 2 ? cli_usage_error(CMD, "no session name given")
				: cli_usage_error(CMD, "unexpected argument '%s'", argv[2]);
	} else if (!capture_name_check(argv[1], &err) || !build_options(&a, &o, &err)) {
		code = capture_fail(CMD, err);
	} else if (a.user && !(pw = getpwnam(a.user))) {
		code = cli_usage_error(CMD, "unknown user '%s'", a.user);
	} else {
		code = open_and_run(&se, &a, &o, argv[1], pw);
	}
	live_close(se.live, NULL);
	fileset_free(se.files);
	g_mutex_clear(&se.lock);
	capture_state_clear(&se.state);
	g_free(se.dir);
	capture_options_clear(&o);
	start_args_clear(&a);
	return code;
}
