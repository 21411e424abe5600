/* fuzz_bloblist.c — the Blob service's XML answers: a List Blobs page (its
 * blobs and next marker) and an error answer (its code and message). */
#include "capture/storage.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func((GDestroyNotify)storage_blob_free); /* struct storage_blob * */
	g_autofree char *next = NULL;
	g_autoptr(GError) err = NULL;
	storage_list_parse((const char *)data, (gssize)size, blobs, &next, &err);
	g_autofree char *code = NULL, *message = NULL;
	storage_error_parse((const char *)data, (gssize)size, &code, &message);
	return 0;
}
