/* replay.c — the main of a harness built without libFuzzer: runs
 * LLVMFuzzerTestOneInput() once on every file named, and on every file of
 * every folder named (sorted, not recursing), each read into a buffer of
 * exactly its size so that a sanitizer or valgrind sees any read past it.
 *
 *   replay_capture tests/fuzz/corpus/capture tests/broken/fuzz/capture
 *
 * Prints "NAME: N inputs" and returns 0, or 1 when a file cannot be read. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"

static bool replay_file(const char *path)
{
	gchar *text = NULL;
	gsize n = 0;
	g_autoptr(GError) err = NULL;
	if (!g_file_get_contents(path, &text, &n, &err)) {
		fprintf(stderr, "replay: %s\n", err->message);
		return false;
	}
	/* exactly N bytes: the NUL g_file_get_contents adds would hide a
	 * one-byte over-read */
	uint8_t *exact = g_memdup2(text, n);
	g_free(text);
	LLVMFuzzerTestOneInput(exact, n);
	g_free(exact);
	return true;
}

static gint by_path(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays PATH (a file or a folder's files); adds to *COUNT. */
static bool replay_path(const char *path, unsigned *count)
{
	if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
		(*count)++;
		return replay_file(path);
	}
	g_autoptr(GError) err = NULL;
	g_autoptr(GDir) dir = g_dir_open(path, 0, &err);
	if (!dir) {
		fprintf(stderr, "replay: %s\n", err->message);
		return false;
	}
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free); /* char *: file paths */
	const char *name;
	while ((name = g_dir_read_name(dir))) {
		char *full = g_build_filename(path, name, NULL);
		if (g_file_test(full, G_FILE_TEST_IS_REGULAR) && name[0] != '.')
			g_ptr_array_add(names, full);
		else
			g_free(full);
	}
	g_ptr_array_sort(names, by_path);
	bool ok = true;
	for (guint i = 0; i < names->len; i++) {
		(*count)++;
		ok = replay_file(names->pdata[i]) && ok;
	}
	return ok;
}

int main(int argc, char **argv)
{
	unsigned count = 0;
	bool ok = true;
	for (int i = 1; i < argc; i++)
		ok = replay_path(argv[i], &count) && ok;
	g_autofree char *base = g_path_get_basename(argv[0]);
	printf("%s: %u inputs\n", base, count);
	return ok ? 0 : 1;
}
