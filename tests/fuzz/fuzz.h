/* fuzz.h — what every harness of tests/fuzz shares.  Each fuzz_NAME.c
 * defines LLVMFuzzerTestOneInput(); linked with libFuzzer (make fuzz) it
 * is a fuzzer, linked with replay.c (make check) it runs the kept corpus
 * and every input that ever crashed. */
#ifndef ANALYZE_TESTS_FUZZ_H
#define ANALYZE_TESTS_FUZZ_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Runs one input; returns 0 (libFuzzer's convention: -1 keeps the input
 * out of the corpus).  Must not leak, print or exit, whatever the bytes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* DATA as a NUL-terminated string (up to its first NUL).  Free with g_free. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	return g_strndup((const char *)data, size);
}

#endif
