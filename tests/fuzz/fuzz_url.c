/* fuzz_url.c — sources and destinations as the command line gives them: an
 * http(s) URL (blob, container, directory, with or without SAS) or an
 * az:// name, with the URLs built from it, and the redaction of secrets
 * and the path encoding that every message and request uses. */
#include "capture/storage.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *text = fuzz_text(data, size);
	storage_is_remote(text);
	g_free(storage_redact(text));
	g_free(storage_path_encode(text));
	struct storage_source s = {0};
	g_autoptr(GError) err = NULL;
	if (storage_source_parse(text, &s, &err)) {
		g_free(storage_blob_url(&s, "dir/a b%.cap"));
		g_free(storage_source_url(&s));
	}
	storage_source_clear(&s);
	return 0;
}
