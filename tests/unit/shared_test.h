/* shared_test.h — a test over every shared real capture: the files of
 * ../shared/captures (or $ANALYZE_SHARED_CAPTURES) real/ and netmon/, when
 * they are next to the checkout, read by the plain build only (the
 * sanitized build reads them in its shared stage, and would take minutes
 * here). */
#ifndef ANALYZE_TEST_SHARED_H
#define ANALYZE_TEST_SHARED_H

#include <glib.h>
#include <stdbool.h>

/* Called with a file's path and name. */
typedef void (*shared_capture_fn)(const char *path, const char *name, void *data);

/* Calls FN(path, name, DATA) for each shared capture; false, the test
 * skipped, when there are none to read here. */
static inline bool shared_captures_each(shared_capture_fn fn, void *data)
{
#ifdef __SANITIZE_ADDRESS__
	(void)fn;
	(void)data;
	g_test_skip("the shared captures are read by the plain build");
	return false;
#else
	const char *base = g_getenv("ANALYZE_SHARED_CAPTURES");
	if (!base)
		base = "../shared/captures";
	if (!g_file_test(base, G_FILE_TEST_IS_DIR)) {
		g_test_skip("no shared captures");
		return false;
	}
	const char *subs[] = {"real", "netmon"};
	for (size_t k = 0; k < G_N_ELEMENTS(subs); k++) {
		g_autofree char *dirname = g_build_filename(base, subs[k], NULL);
		g_autoptr(GDir) dir = g_dir_open(dirname, 0, NULL);
		const char *name;
		while (dir && (name = g_dir_read_name(dir))) {
			g_autofree char *path = g_build_filename(dirname, name, NULL);
			fn(path, name, data);
		}
	}
	return true;
#endif
}

#endif
