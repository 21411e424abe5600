/* cmd_capture.c — `analyze capture`: the subcommands, and status, stop,
 * list and delete over the sessions in the state directory (start is in
 * cmd_capture_start.c). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/cli.h"
#include "analyzer/cmd_capture.h"
#include "analyzer/commands.h"
#include "analyzer/reader.h"
#include "capture/session_state.h"

#define STOP_WAIT_US (15 * G_USEC_PER_SEC)

int capture_fail(const char *cmd, const GError *err)
{
	if (err->domain == CAPTURE_ERROR && err->code == CAPTURE_ERROR_USAGE)
		return cli_usage_error(cmd, "%s", err->message);
	cli_error("%s", err->message);
	return EXIT_FAILED;
}

/* Counts the packets and their captured bytes in S's file: a process that
 * died saved only its last progress (about a second old), while every block
 * it wrote is whole in the file.  Counts up to the first damaged block;
 * leaves S as it is when the file cannot be read. */
static bool count_file(const char *path, uint64_t *packets, uint64_t *bytes)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(cap_reader) r = path ? cap_reader_open(path, &err) : NULL;
	if (!r)
		return false;
	*packets = *bytes = 0;
	struct frame f;
	while (cap_reader_next(r, &f, &err) == 1) {
		if (!(f.flags & FRAME_NOT_PACKET)) {
			(*packets)++;
			*bytes += f.caplen;
		}
	}
	return true;
}

/* A session of one file takes that file's counts; one that rotates its
 * files, the last file's in place of what the process last said of it. */
static void recount(struct capture_state *s)
{
	uint64_t packets, bytes;
	struct capture_file *last = s->files && s->files->len ? s->files->pdata[s->files->len - 1] : NULL;
	if (!count_file(last ? last->path : s->file, &packets, &bytes))
		return;
	if (last) {
		s->packets = s->packets - MIN(s->packets, last->packets) + packets;
		s->bytes = s->bytes - MIN(s->bytes, last->bytes) + bytes;
		last->packets = packets;
		last->bytes = bytes;
	} else {
		s->packets = packets;
		s->bytes = bytes;
	}
	s->recounted = true;
}

/* When S says Running but its process is gone, marks it failed, recounts
 * its file and saves that (when allowed).  True when it did. */
static bool settle_stale(const char *dir, struct capture_state *s)
{
	if (!capture_state_mark_stale(s))
		return false;
	recount(s);
	capture_state_write(dir, s, NULL);
	return true;
}

/* Reads session NAME, turning a Running session whose process is gone into
 * Error (and saving that when allowed). */
static bool read_session(const char *dir, const char *name, struct capture_state *s, GError **error)
{
	if (!capture_name_check(name, error) || !capture_state_read(dir, name, s, error))
		return false;
	settle_stale(dir, s);
	return true;
}

/* A session that rotates its files: how, and the files on disk, a line each. */
static void print_files(const struct capture_state *s)
{
	if (!s->files)
		return;
	g_autoptr(GString) how = g_string_new(NULL);
	if (s->rotate_size)
		g_string_append_printf(how, "at %" G_GUINT64_FORMAT " bytes", s->rotate_size);
	if (s->rotate_seconds)
		g_string_append_printf(how, "%severy %" G_GUINT64_FORMAT " s", how->len ? ", " : "", s->rotate_seconds);
	if (s->ring)
		g_string_append_printf(how, ", keeping the last %" G_GUINT64_FORMAT, s->ring);
	printf("rotation:            a new file %s\n", how->str);
	printf("filesWritten:        %" G_GUINT64_FORMAT "\n", s->files_written);
	printf("filesRemoved:        %" G_GUINT64_FORMAT "\n", s->files_removed);
	if (s->storage)
		printf("filesUploaded:       %" G_GUINT64_FORMAT "\n", s->files_uploaded);
	printf("files:               %u on disk%s\n", s->files->len, s->files->len ? ":" : "");
	for (guint i = 0; i < s->files->len; i++) {
		const struct capture_file *f = s->files->pdata[i];
		char start[48], end[48];
		printf("  %s  %s  %s  %" G_GUINT64_FORMAT " packets  %" G_GUINT64_FORMAT " bytes%s%s%s%s\n", f->path,
		       utc_str(start, f->start_ns), f->end_ns ? utc_str(end, f->end_ns) : "(being written)",
		       f->packets, f->bytes, f->storage_status ? "  " : "", f->storage_status ? f->storage_status : "",
		       f->storage_message ? ": " : "", f->storage_message ? f->storage_message : "");
	}
}

static void print_text(const struct capture_state *s)
{
	char buf[48];
	g_autoptr(GString) ifs = g_string_new(NULL);
	for (guint i = 0; s->interfaces && i < s->interfaces->len; i++)
		g_string_append_printf(ifs, "%s%s", i ? ", " : "", (const char *)s->interfaces->pdata[i]);
	printf("name:                %s\n", s->name);
	printf("packetCaptureStatus: %s\n", capture_status_name(s->status));
	printf("stopReason:          %s\n", s->stop_reason ? s->stop_reason : "-");
	bool storage_failed = s->storage_status && strcmp(s->storage_status, STORAGE_FAILED) == 0 &&
			      g_strcmp0(s->error, ERROR_STORAGE) != 0;
	printf("packetCaptureError:  %s%s\n", s->error ? s->error : storage_failed ? ERROR_STORAGE : "-",
	       s->error && storage_failed ? ", " ERROR_STORAGE : "");
	if (s->message)
		printf("errorMessage:        %s\n", s->message);
	printf("captureStartTime:    %s\n", s->start_ns ? utc_str(buf, s->start_ns) : "-");
	printf("captureEndTime:      %s\n", s->end_ns ? utc_str(buf, s->end_ns) : "-");
	const char *recounted = s->recounted ? " (recounted from the file)" : "";
	printf("packets:             %" G_GUINT64_FORMAT "%s\n", s->packets, recounted);
	printf("bytes:               %" G_GUINT64_FORMAT "%s\n", s->bytes, recounted);
	printf("dropped:             %" G_GUINT64_FORMAT "\n", s->dropped);
	printf("file:                %s\n", s->file ? s->file : "-");
	print_files(s);
	printf("storagePath:         %s\n", s->storage ? s->storage : "-");
	printf("storageStatus:       %s\n", s->storage_status ? s->storage_status : "-");
	if (s->storage_message)
		printf("storageErrorMessage: %s\n", s->storage_message);
	printf("filter:              %s\n", s->filter && s->filter[0] ? s->filter : "(none: every packet)");
	printf("interfaces:          %s\n", ifs->len ? ifs->str : "any");
	bool on_any = false;
	for (guint i = 0; s->interfaces && i < s->interfaces->len; i++)
		on_any = on_any || strcmp(s->interfaces->pdata[i], "any") == 0;
	printf("bytesPerPacket:      %" G_GUINT64_FORMAT "%s\n", s->bytes_per_packet,
	       !s->bytes_per_packet ? " (whole packets)"
	       : on_any	       ? " (on 'any', counting its 16-byte cooked header in place of Ethernet's 14)"
				       : "");
	printf("bytesPerSession:     %" G_GUINT64_FORMAT "%s\n", s->bytes_per_session,
	       s->bytes_per_session ? "" : " (none: a ring keeps only its last files)");
	printf("timeLimitInSeconds:  %" G_GUINT64_FORMAT "\n", s->time_limit);
	if (s->packet_limit)
		printf("packetLimit:         %" G_GUINT64_FORMAT "\n", s->packet_limit);
	if (s->status == CAPTURE_STATUS_RUNNING)
		printf("pid:                 %d\n", s->pid);
}

static int parse_format(const char *cmd, const char *format, OutFormat *fmt)
{
	*fmt = FORMAT_TEXT;
	if (format && (!out_format_parse(format, fmt) || *fmt == FORMAT_CSV))
		return cli_usage_error(cmd, "unknown format '%s' (text or json)", format);
	return EXIT_OK;
}

static int capture_status(int argc, char **argv)
{
	g_autofree char *format = NULL;
	GOptionEntry entries[] = {
		{"format", 'T', 0, G_OPTION_ARG_STRING, &format, "text (default) or json", "FORMAT"},
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	OutFormat fmt;
	if (!cli_parse("capture status", "NAME", "What a capture session is doing or how it ended.", entries, &argc,
		       &argv, &code))
		return code;
	if ((code = parse_format("capture status", format, &fmt)) != EXIT_OK)
		return code;
	if (argc != 2)
		return cli_usage_error("capture status", "give one session name");
	g_autofree char *dir = capture_state_dir();
	g_autoptr(GError) err = NULL;
	struct capture_state s;
	if (!read_session(dir, argv[1], &s, &err))
		return capture_fail("capture status", err);
	if (fmt == FORMAT_JSON) {
		struct json j;
		json_init(&j, stdout);
		capture_state_write_json(&j, &s); /* ends with its line end */
	} else {
		print_text(&s);
	}
	capture_state_clear(&s);
	return EXIT_OK;
}

void capture_print_end(const struct capture_state *s)
{
	if (s->status == CAPTURE_STATUS_ERROR && s->message)
		cli_error("capture '%s' failed (%s): %s", s->name, s->error ? s->error : "-", s->message);
	if (s->storage_message && g_strcmp0(s->error, ERROR_STORAGE) != 0)
		cli_error("capture '%s': %s", s->name, s->storage_message);
	g_autoptr(GString) line = g_string_new(NULL);
	g_string_printf(line, "capture '%s' %s (%s): %" G_GUINT64_FORMAT " packets, %" G_GUINT64_FORMAT " bytes",
			s->name, s->status == CAPTURE_STATUS_STOPPED ? "stopped" : "failed",
			s->stop_reason ? s->stop_reason : "-", s->packets, s->bytes);
	if (s->files) {
		g_string_append_printf(line, " in %" G_GUINT64_FORMAT " file%s, %u kept", s->files_written,
				       s->files_written == 1 ? "" : "s", s->files->len);
		if (s->files->len)
			g_string_append_printf(line, " (the last '%s')",
					       ((const struct capture_file *)s->files->pdata[s->files->len - 1])->path);
	} else if (s->file) {
		g_string_append_printf(line, " in '%s'", s->file);
	}
	if (g_strcmp0(s->storage_status, STORAGE_UPLOADED) == 0 && s->files)
		g_string_append_printf(line, ", each uploaded to '%s' with its number and time", s->storage);
	else if (g_strcmp0(s->storage_status, STORAGE_UPLOADED) == 0)
		g_string_append_printf(line, ", uploaded to '%s'", s->storage);
	else if (s->storage)
		g_string_append(line, ", not uploaded");
	puts(line->str);
}

/* Waits until session NAME is no longer Running.  False when it still is
 * after STOP_WAIT_US, or when its upload, which may take longer (it has
 * its own timeouts), goes on after that. */
static bool wait_stopped(const char *dir, const char *name, struct capture_state *s, GError **error)
{
	int64_t deadline = g_get_monotonic_time() + STOP_WAIT_US;
	while (g_get_monotonic_time() < deadline) {
		capture_state_clear(s);
		if (!read_session(dir, name, s, error))
			return false;
		if (s->status != CAPTURE_STATUS_RUNNING)
			return true;
		if (g_strcmp0(s->storage_status, STORAGE_UPLOADING) == 0)
			deadline = MAX(deadline, g_get_monotonic_time() + STOP_WAIT_US);
		g_usleep(50000);
	}
	g_set_error(error, CAPTURE_ERROR, CAPTURE_ERROR_STATE,
		    "capture '%s' (pid %d) did not stop within %d seconds", name, s->pid,
		    (int)(STOP_WAIT_US / G_USEC_PER_SEC));
	return false;
}

static int capture_stop(int argc, char **argv)
{
	GOptionEntry entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};
	int code;
	if (!cli_parse("capture stop", "NAME", "Stops a running capture session; its file is flushed and closed.",
		       entries, &argc, &argv, &code))
		return code;
	if (argc != 2)
		return cli_usage_error("capture stop", "give one session name");
	const char *name = argv[1];
	g_autofree char *dir = capture_state_dir();
	g_autoptr(GError) err = NULL;
	struct capture_state s = {0};
	if (!capture_name_check(name, &err) || !capture_state_read(dir, name, &s, &err))
		return capture_fail("capture stop", err);
	if (settle_stale(dir, &s)) {
		if (s.recounted)
			cli_error("capture '%s': %s; the session is marked as failed, with the %" G_GUINT64_FORMAT
				  " packets and %" G_GUINT64_FORMAT " bytes its file holds",
				  name, s.message, s.packets, s.bytes);
		else
			cli_error("capture '%s': %s; the session is marked as failed", name, s.message);
		capture_state_clear(&s);
		return EXIT_FAILED;
	}
	if (s.status != CAPTURE_STATUS_RUNNING) {
		printf("capture '%s' is not running (%s)\n", name, capture_status_name(s.status));
		capture_state_clear(&s);
		return EXIT_OK;
	}
	if (kill(s.pid, SIGTERM) != 0) {
		cli_error("cannot stop capture '%s' (pid %d): %s", name, s.pid, g_strerror(errno));
		capture_state_clear(&s);
		return EXIT_FAILED;
	}
	bool ok = wait_stopped(dir, name, &s, &err);
	if (ok)
		capture_print_end(&s);
	else
		capture_fail("capture stop", err);
	code = ok && s.status == CAPTURE_STATUS_STOPPED ? EXIT_OK : EXIT_FAILED;
	capture_state_clear(&s);
	return code;
}

static int capture_list(int argc, char **argv)
{
	g_autofree char *format = NULL;
	GOptionEntry entries[] = {
		{"format", 'T', 0, G_OPTION_ARG_STRING, &format, "text (default) or json", "FORMAT"},
		{NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	int code;
	OutFormat fmt;
	if (!cli_parse("capture list", "", "The capture sessions in the state directory.", entries, &argc, &argv,
		       &code))
		return code;
	if ((code = parse_format("capture list", format, &fmt)) != EXIT_OK)
		return code;
	if (argc != 1)
		return cli_usage_error("capture list", "unexpected argument '%s'", argv[1]);
	g_autofree char *dir = capture_state_dir();
	g_autoptr(GError) err = NULL;
	g_autoptr(GPtrArray) names = capture_state_list(dir, &err);
	if (!names)
		return capture_fail("capture list", err);
	struct json j;
	json_init(&j, stdout);
	if (fmt == FORMAT_JSON)
		json_begin_array(&j);
	else
		printf("%-24s %-10s %-20s %10s %12s  %s\n", "NAME", "STATUS", "STOP REASON", "PACKETS", "BYTES", "FILE");
	bool failed = false;
	for (guint i = 0; i < names->len; i++) {
		struct capture_state s;
		g_clear_error(&err);
		if (!read_session(dir, names->pdata[i], &s, &err)) {
			cli_error("%s", err->message);
			failed = true;
			continue;
		}
		if (fmt == FORMAT_JSON)
			capture_state_write_json(&j, &s);
		else
			printf("%-24s %-10s %-20s %10" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT "  %s\n", s.name,
			       capture_status_name(s.status), s.stop_reason ? s.stop_reason : "-", s.packets,
			       s.bytes, s.file ? s.file : "-");
		capture_state_clear(&s);
	}
	if (fmt == FORMAT_JSON)
		json_end_array(&j); /* ends with its line end */
	return failed ? EXIT_FAILED : EXIT_OK;
}

static int capture_delete(int argc, char **argv)
{
	GOptionEntry entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};
	int code;
	if (!cli_parse("capture delete", "NAME", "Forgets a capture session that is not running; its file is kept.",
		       entries, &argc, &argv, &code))
		return code;
	if (argc != 2)
		return cli_usage_error("capture delete", "give one session name");
	g_autofree char *dir = capture_state_dir();
	g_autoptr(GError) err = NULL;
	struct capture_state s;
	if (!read_session(dir, argv[1], &s, &err))
		return capture_fail("capture delete", err);
	bool running = s.status == CAPTURE_STATUS_RUNNING;
	capture_state_clear(&s);
	if (running) {
		cli_error("capture '%s' is running; stop it first", argv[1]);
		return EXIT_FAILED;
	}
	if (!capture_state_delete(dir, argv[1], &err))
		return capture_fail("capture delete", err);
	return EXIT_OK;
}

int cmd_capture(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} subs[] = {
		{"start", capture_start}, {"status", capture_status}, {"stop", capture_stop},
		{"list", capture_list},   {"delete", capture_delete},
	};
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		puts("usage: analyze capture start|status|stop|list|delete ...\n\n"
		     "  start NAME [OPTIONS]   capture into a pcapng file until a limit or a stop\n"
		     "  status NAME            what a session is doing or how it ended\n"
		     "  stop NAME              stop a running session\n"
		     "  list                   the sessions\n"
		     "  delete NAME            forget a session (its file is kept)\n\n"
		     "'analyze capture SUBCOMMAND --help' tells a subcommand's options.");
		return EXIT_OK;
	}
	if (argc < 2)
		return cli_usage_error("capture", "no subcommand given (start, status, stop, list or delete)");
	for (size_t i = 0; i < G_N_ELEMENTS(subs); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1);
	return cli_usage_error("capture", "'%s' is not a capture subcommand (start, status, stop, list or delete)",
			       argv[1]);
}
