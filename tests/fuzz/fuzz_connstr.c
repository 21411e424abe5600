/* fuzz_connstr.c — a storage connection string (AccountName=...;
 * AccountKey=...;BlobEndpoint=... or UseDevelopmentStorage=true), and a
 * Shared Key signature and a SAS made with the credentials it gives. */
#include "capture/storage.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *text = fuzz_text(data, size);
	struct storage_creds c = {0};
	g_autoptr(GError) err = NULL;
	if (storage_creds_parse_connection_string(text, &c, &err) && c.account && c.key) {
		g_free(storage_shared_key(c.account, c.key, "GET\n\n\n", NULL));
		g_free(storage_service_sas(c.account, c.key, "caps", NULL, "rl", "2030-01-01T00:00:00Z", NULL));
	}
	storage_creds_clear(&c);
	return 0;
}
