/* options.c — a capture session's options: defaults, bounds, freeing;
 * the capturing process's helper threads. */
#include <pthread.h>
#include <signal.h>

#include "capture/capture.h"

G_DEFINE_QUARK(analyze-capture-error-quark, capture_error)

void capture_options_init(struct capture_options *o)
{
	*o = (struct capture_options){0};
	o->interfaces = g_ptr_array_new_with_free_func(g_free);
	o->filters = g_array_new(FALSE, TRUE, sizeof(struct capture_filter));
	o->bytes_per_session = CAPTURE_DEFAULT_SESSION_BYTES;
	o->time_limit = CAPTURE_DEFAULT_TIME_LIMIT;
}

static void value_set_clear(struct value_set *v)
{
	if (v->list)
		g_array_free(v->list, TRUE);
	*v = (struct value_set){0};
}

void capture_filter_clear(struct capture_filter *f)
{
	value_set_clear(&f->local_ip);
	value_set_clear(&f->local_port);
	value_set_clear(&f->remote_ip);
	value_set_clear(&f->remote_port);
}

void capture_options_clear(struct capture_options *o)
{
	if (o->interfaces)
		g_ptr_array_free(o->interfaces, TRUE);
	if (o->filters) {
		for (guint i = 0; i < o->filters->len; i++)
			capture_filter_clear(&g_array_index(o->filters, struct capture_filter, i));
		g_array_free(o->filters, TRUE);
	}
	g_free(o->file);
	g_free(o->storage);
	g_free(o->storage_id);
	*o = (struct capture_options){0};
}

static bool check_rotation(const struct capture_options *o, GError **error)
{
	if (o->rotate_size && (o->rotate_size < CAPTURE_MIN_FILE_SIZE || o->rotate_size > CAPTURE_MAX_FILE_SIZE)) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE,
			    "file size '%" G_GUINT64_FORMAT "' is not between %d and %" G_GUINT64_FORMAT " bytes",
			    o->rotate_size, CAPTURE_MIN_FILE_SIZE, CAPTURE_MAX_FILE_SIZE);
		return false;
	}
	if (o->rotate_seconds > CAPTURE_MAX_CONTINUOUS_TIME_LIMIT) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE,
			    "file time '%" G_GUINT64_FORMAT "' is more than the largest, %d seconds", o->rotate_seconds,
			    CAPTURE_MAX_CONTINUOUS_TIME_LIMIT);
		return false;
	}
	if (o->ring > CAPTURE_MAX_FILE_COUNT) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE,
			    "file count '%" G_GUINT64_FORMAT "' is more than the largest, %d", o->ring,
			    CAPTURE_MAX_FILE_COUNT);
		return false;
	}
	if (o->ring && !o->rotate_size && !o->rotate_seconds) {
		g_set_error_literal(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE,
				    "a ring of files needs a file size or time (--rotate-size, --rotate-seconds)");
		return false;
	}
	return true;
}

bool capture_options_check(const struct capture_options *o, GError **error)
{
	if (o->bytes_per_packet > CAPTURE_MAX_PACKET_BYTES) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE,
			    "bytes per packet '%" G_GUINT64_FORMAT "' is more than the largest, %" G_GUINT64_FORMAT,
			    o->bytes_per_packet, CAPTURE_MAX_PACKET_BYTES);
		return false;
	}
	if (o->bytes_per_session == 0 || o->bytes_per_session > CAPTURE_MAX_SESSION_BYTES) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE,
			    "bytes per session '%" G_GUINT64_FORMAT "' is not between 1 and %" G_GUINT64_FORMAT,
			    o->bytes_per_session, CAPTURE_MAX_SESSION_BYTES);
		return false;
	}
	if (o->buffer_kib > CAPTURE_MAX_BUFFER_KIB) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE,
			    "buffer size '%" G_GUINT64_FORMAT "' KiB is more than the largest, %d", o->buffer_kib,
			    CAPTURE_MAX_BUFFER_KIB);
		return false;
	}
	bool rotating = o->rotate_size || o->rotate_seconds;
	uint64_t max_time = rotating ? CAPTURE_MAX_CONTINUOUS_TIME_LIMIT : CAPTURE_MAX_TIME_LIMIT;
	if (o->time_limit == 0 || o->time_limit > max_time) {
		g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_USAGE,
			    "time limit '%" G_GUINT64_FORMAT "' is not between 1 and %" G_GUINT64_FORMAT " seconds%s",
			    o->time_limit, max_time, rotating ? " (continuous capture)" : "");
		return false;
	}
	return check_rotation(o, error);
}

void capture_options_settle(struct capture_options *o)
{
	if ((o->rotate_size || o->rotate_seconds) && !o->time_limit_set)
		o->time_limit = CAPTURE_CONTINUOUS_TIME_LIMIT;
	if (o->ring && !o->bytes_per_session_set)
		o->bytes_per_session = 0;
}

GThread *capture_thread_new(const char *name, GThreadFunc func, gpointer data)
{
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	GThread *t = g_thread_new(name, func, data);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return t;
}
