/* storage_upload.h — putting a local file into blob storage. */
#ifndef ANALYZE_STORAGE_UPLOAD_H
#define ANALYZE_STORAGE_UPLOAD_H

#include "capture/storage_http.h"

struct storage_upload_opts {
	struct storage_opts net;    /* timeouts, retries, parallel blocks, CA bundle, log */
	uint64_t single_max;        /* larger files go up in blocks (8 MiB) */
	uint64_t block_size;        /* bytes per block (4 MiB) */
	/* called after each block or the whole blob: bytes sent of TOTAL (may be NULL) */
	void (*progress)(uint64_t sent, uint64_t total, gint64 elapsed_us, void *data);
};

/* Uploads the file at PATH to DEST: az://ACCOUNT/CONTAINER/NAME (Shared Key
 * from the environment) or a blob URL with a SAS; a DEST ending in '/' (or a
 * container) gets the file's base name appended.  Small files go up with Put
 * Blob, larger ones with Put Block (in parallel, each with its Content-MD5)
 * and Put Block List; the whole file's MD5 and its content type are stored
 * on the blob.  Blocks an interrupted upload of the same file left
 * uncommitted (Get Block List) are not sent again.  OPTS may
 * be NULL.  On failure the error names DEST with secrets redacted and the
 * blob is left as it was (blocks not committed are discarded by the
 * service). */
gboolean storage_upload_file(const char *path, const char *dest, const struct storage_upload_opts *opts,
			     GError **error);
/* The content type an upload of PATH gets, from its name: pcap (.pcap, .cap)
 * application/vnd.tcpdump.pcap, pcapng application/x-pcapng, gzip, zstd,
 * JSON, else application/octet-stream.  Static; cannot fail. */
const char *storage_content_type(const char *path);

/* The URL of the blob an upload of PATH to DEST writes, secrets redacted;
 * NULL with an error when DEST is not a blob destination. */
char *storage_upload_target(const char *path, const char *dest, GError **error);

#endif
