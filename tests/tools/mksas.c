/* mksas.c — prints a service SAS query for the storage tests:
 *   mksas ACCOUNT CONTAINER BLOB|- PERMISSIONS EXPIRY
 * with the account key read from AZURE_STORAGE_KEY (never the command line). */
#include <stdio.h>
#include <string.h>

#include "capture/storage.h"

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: mksas ACCOUNT CONTAINER BLOB|- PERMISSIONS EXPIRY\n");
		return 2;
	}
	const char *key = g_getenv("AZURE_STORAGE_KEY");
	if (!key) {
		fprintf(stderr, "mksas: AZURE_STORAGE_KEY is not set\n");
		return 2;
	}
	g_autoptr(GError) err = NULL;
	const char *blob = strcmp(argv[3], "-") == 0 ? NULL : argv[3];
	g_autofree char *sas = storage_service_sas(argv[1], key, argv[2], blob, argv[4], argv[5], &err);
	if (!sas) {
		fprintf(stderr, "mksas: %s\n", err->message);
		return 1;
	}
	puts(sas);
	return 0;
}
