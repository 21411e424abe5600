/* reader_test.h — reading a capture file whole for the reader tests:
 * every frame and interface copied out, the error kept, and checks on
 * them.  Static inline: each test program is built from its own file. */
#ifndef ANALYZE_READER_TEST_H
#define ANALYZE_READER_TEST_H

#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "analyzer/reader.h"

/* ---- reading files ------------------------------------------------------- */

typedef struct {
	GArray *frames;  /* struct frame, data pointing into `bytes` */
	GPtrArray *bytes; /* GBytes: each frame's data */
	GPtrArray *comments; /* GBytes: the pcapng comments frames point to */
	int rc;          /* last return: 0 clean end, -1 error (also at open) */
	GError *error;
	bool opened;
	CapFormat format;
	bool big_endian;
	GPtrArray *ifaces; /* struct cap_interface copies (names owned) */
} Run;

static inline void run_free(Run *run)
{
	g_array_unref(run->frames);
	g_ptr_array_unref(run->bytes);
	g_ptr_array_unref(run->comments);
	g_ptr_array_unref(run->ifaces);
	g_clear_error(&run->error);
	g_free(run);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Run, run_free)

static inline void iface_copy_free(gpointer p)
{
	struct cap_interface *i = p;

	g_free(i->name);
	g_free(i->description);
	g_free(i);
}

static inline Run *read_path(const char *path)
{
	Run *run = g_new0(Run, 1);
	struct frame f;

	run->frames = g_array_new(FALSE, FALSE, sizeof(struct frame));
	run->bytes = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	run->comments = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	run->ifaces = g_ptr_array_new_with_free_func(iface_copy_free);
	g_autoptr(cap_reader) r = cap_reader_open(path, &run->error);
	if (r == NULL) {
		g_assert_nonnull(run->error);
		run->rc = -1;
		return run;
	}
	run->opened = true;
	run->format = cap_reader_format(r);
	run->big_endian = cap_reader_big_endian(r);
	while ((run->rc = cap_reader_next(r, &f, &run->error)) == 1) {
		g_assert_cmpuint(f.number, ==, run->frames->len + 1);
		g_ptr_array_add(run->bytes, g_bytes_new(f.data, f.caplen));
		if (f.flags & FRAME_COMMENT && f.flags & FRAME_PCAPNG) { /* kept beside the data */
			GBytes *c = g_bytes_new(f.comment, f.comment_len);
			g_ptr_array_add(run->comments, c);
			f.comment = g_bytes_get_data(c, NULL);
		}
		g_array_append_val(run->frames, f);
	}
	g_assert_true(run->rc == 0 || run->error != NULL);
	/* Later calls repeat the outcome. */
	g_autoptr(GError) again = NULL;
	g_assert_cmpint(cap_reader_next(r, &f, &again), ==, run->rc);
	if (run->rc < 0)
		g_assert_cmpstr(again->message, ==, run->error->message);
	for (guint i = 0; i < cap_reader_n_interfaces(r); i++) {
		struct cap_interface *c = g_memdup2(cap_reader_interface(r, i),
						    sizeof *c);
		c->name = g_strdup(c->name);
		c->description = g_strdup(c->description);
		g_ptr_array_add(run->ifaces, c);
	}
	g_assert_null(cap_reader_interface(r, cap_reader_n_interfaces(r)));
	return run;
}

static inline const struct frame *frame_at(const Run *run, guint i)
{
	g_assert_cmpuint(i, <, run->frames->len);
	return &g_array_index(run->frames, struct frame, i);
}

static inline void check_frame(const Run *run, guint i, int64_t ts_ns,
			uint32_t caplen, uint32_t len, uint32_t linktype)
{
	const struct frame *f = frame_at(run, i);
	gsize n;
	const uint8_t *d = g_bytes_get_data(run->bytes->pdata[i], &n);

	g_assert_cmpint(f->ts_ns, ==, ts_ns);
	g_assert_cmpint(f->ts_sec, ==, ts_ns / 1000000000);
	g_assert_cmpuint(f->ts_nsec, ==, (uint32_t)(ts_ns % 1000000000));
	g_assert_cmpuint(f->caplen, ==, caplen);
	g_assert_cmpuint(n, ==, caplen);
	g_assert_cmpuint(f->len, ==, len);
	g_assert_cmpuint(f->linktype, ==, linktype);
	/* Packets were made by put_packet: consecutive bytes. */
	for (size_t k = 1; k < n; k++)
		g_assert_cmpuint(d[k], ==, (uint8_t)(d[0] + k));
}

static inline void check_error(const Run *run, guint frames, CapReaderError code,
			const char *message)
{
	g_assert_cmpuint(run->frames->len, ==, frames);
	g_assert_cmpint(run->rc, ==, -1);
	g_assert_error(run->error, CAP_READER_ERROR, (gint)code);
	g_assert_cmpstr(run->error->message, ==, message);
}

#endif
