/* storage_upload.c — Put Blob for small files; Put Block (several at once,
 * each with its Content-MD5) then Put Block List for large ones.  The whole
 * file's MD5, computed while reading, is stored on the blob as
 * x-ms-blob-content-md5 so that a later fetch can verify it. */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "capture/storage_upload.h"

#define DEFAULT_SINGLE_MAX (8u << 20)
#define DEFAULT_BLOCK (4u << 20)

static char *md5_b64(const guchar *data, size_t len)
{
	g_autoptr(GChecksum) ck = g_checksum_new(G_CHECKSUM_MD5);
	g_checksum_update(ck, data, len);
	guint8 d[16];
	gsize dl = sizeof d;
	g_checksum_get_digest(ck, d, &dl);
	return g_base64_encode(d, dl);
}

static char *digest_b64(GChecksum *ck)
{
	guint8 d[16];
	gsize dl = sizeof d;
	g_checksum_get_digest(ck, d, &dl);
	return g_base64_encode(d, dl);
}

/* URL + "&extra" or "?extra". */
static char *url_with(const char *url, const char *extra)
{
	return g_strdup_printf("%s%s%s", url, strchr(url, '?') ? "&" : "?", extra);
}

static struct storage_req *put_req(const char *url, const char *display, const struct storage_creds *creds,
				   const guchar *body, size_t len)
{
	struct storage_req *r = storage_req_new("PUT", url, creds);
	g_free(r->display);
	r->display = g_strdup(display);
	r->body = body;
	r->body_len = len;
	g_autofree char *cl = g_strdup_printf("%zu", len);
	storage_req_add_header(r, "Content-Length", cl);
	return r;
}

static gboolean put_blob(const char *url, const char *display, const struct storage_creds *creds,
			 const guchar *data, size_t len, const struct storage_opts *o, GError **error)
{
	g_autofree char *md5 = md5_b64(data, len);
	g_autoptr(GPtrArray) reqs = g_ptr_array_new_with_free_func((GDestroyNotify)storage_req_free);
	struct storage_req *r = put_req(url, display, creds, data, len);
	storage_req_add_header(r, "x-ms-blob-type", "BlockBlob");
	storage_req_add_header(r, "Content-MD5", md5);
	storage_req_add_header(r, "x-ms-blob-content-md5", md5);
	g_ptr_array_add(reqs, r);
	storage_log(o, "PUT %s (%zu bytes)", display, len);
	return storage_run(reqs, o, error);
}

/* Block IDs: base64 of a fixed-length counter, as the service wants them all the same length. */
static char *block_id(guint i)
{
	char raw[16];
	g_snprintf(raw, sizeof raw, "blk-%010u", i);
	return g_base64_encode((const guchar *)raw, strlen(raw));
}

/* Sends blocks FIRST.. read from FP, at most PAR at once; updates CK. */
static gboolean put_blocks(FILE *fp, const char *path, const char *url, const char *display,
			   const struct storage_creds *creds, const struct storage_upload_opts *uo, guint *nblocks,
			   GChecksum *ck, uint64_t total, GError **error)
{
	const struct storage_opts *o = &uo->net;
	uint64_t bs = uo->block_size ? uo->block_size : DEFAULT_BLOCK;
	guint par = storage_opt_parallel(o);
	uint64_t sent = 0;
	gint64 t0 = storage_now_us();
	g_autofree guchar *buf = g_malloc((gsize)(bs * par));
	for (;;) {
		g_autoptr(GPtrArray) reqs = g_ptr_array_new_with_free_func((GDestroyNotify)storage_req_free);
		size_t batch = 0;
		for (guint k = 0; k < par; k++) {
			guchar *b = buf + (size_t)bs * k;
			size_t got = fread(b, 1, (size_t)bs, fp);
			if (got == 0)
				break;
			g_checksum_update(ck, b, got);
			g_autofree char *id = block_id(*nblocks);
			g_autofree char *eid = g_uri_escape_string(id, NULL, FALSE);
			g_autofree char *q = g_strdup_printf("comp=block&blockid=%s", eid);
			g_autofree char *u = url_with(url, q);
			struct storage_req *r = put_req(u, display, creds, b, got);
			g_autofree char *md5 = md5_b64(b, got);
			storage_req_add_header(r, "Content-MD5", md5);
			g_ptr_array_add(reqs, r);
			(*nblocks)++;
			batch += got;
		}
		if (ferror(fp)) {
			g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_IO, "cannot read '%s': %s", path,
				    g_strerror(errno));
			return FALSE;
		}
		if (!reqs->len)
			return TRUE;
		storage_log(o, "PUT %s: %u blocks up to #%u", display, reqs->len, *nblocks);
		if (!storage_run(reqs, o, error))
			return FALSE;
		sent += batch;
		if (uo->progress)
			uo->progress(sent, total, storage_now_us() - t0, o->data);
	}
}

static gboolean put_block_list(const char *url, const char *display, const struct storage_creds *creds,
			       guint nblocks, const char *md5, const struct storage_opts *o, GError **error)
{
	GString *xml = g_string_new("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
	for (guint i = 0; i < nblocks; i++) {
		g_autofree char *id = block_id(i);
		g_string_append_printf(xml, "<Latest>%s</Latest>", id);
	}
	g_string_append(xml, "</BlockList>");
	g_autofree char *u = url_with(url, "comp=blocklist");
	g_autoptr(GPtrArray) reqs = g_ptr_array_new_with_free_func((GDestroyNotify)storage_req_free);
	struct storage_req *r = put_req(u, display, creds, (const guchar *)xml->str, xml->len);
	storage_req_add_header(r, "x-ms-blob-content-md5", md5);
	g_ptr_array_add(reqs, r);
	storage_log(o, "PUT %s: block list of %u", display, nblocks);
	gboolean ok = storage_run(reqs, o, error);
	g_string_free(xml, TRUE);
	return ok;
}

/* Sends the file FP (at PATH) to URL: one Put Blob or blocks and a list. */
static gboolean upload_stream(FILE *fp, const char *path, const char *url, const char *display,
			      const struct storage_creds *creds, const struct storage_upload_opts *uo, GError **error)
{
	GStatBuf st;
	if (g_stat(path, &st) != 0) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_IO, "cannot read '%s': %s", path, g_strerror(errno));
		return FALSE;
	}
	uint64_t size = (uint64_t)st.st_size;
	if (size <= (uo->single_max ? uo->single_max : DEFAULT_SINGLE_MAX)) {
		g_autofree guchar *data = g_malloc(size ? (gsize)size : 1);
		if (fread(data, 1, (size_t)size, fp) != size) {
			g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_IO, "cannot read '%s': short read", path);
			return FALSE;
		}
		if (!put_blob(url, display, creds, data, (size_t)size, &uo->net, error))
			return FALSE;
		if (uo->progress)
			uo->progress(size, size, 0, uo->net.data);
		return TRUE;
	}
	g_autoptr(GChecksum) ck = g_checksum_new(G_CHECKSUM_MD5);
	guint n = 0;
	if (!put_blocks(fp, path, url, display, creds, uo, &n, ck, size, error))
		return FALSE;
	g_autofree char *md5 = digest_b64(ck);
	return put_block_list(url, display, creds, n, md5, &uo->net, error);
}

/* Creates the container of S (Shared Key only), for a first upload. */
static gboolean create_container(const struct storage_source *s, const struct storage_opts *o, GError **error)
{
	g_autofree char *url = g_strdup_printf("%s%s?restype=container", s->base, s->cpath);
	g_autoptr(GPtrArray) reqs = g_ptr_array_new_with_free_func((GDestroyNotify)storage_req_free);
	struct storage_req *r = put_req(url, s->display, &s->creds, NULL, 0);
	g_ptr_array_add(reqs, r);
	storage_log(o, "creating container %s", s->container);
	if (storage_run(reqs, o, error))
		return TRUE;
	/* created meanwhile by another upload */
	if (r->resp.status == 409) {
		g_clear_error(error);
		return TRUE;
	}
	return FALSE;
}

/* Where the blob goes: its URL (secret) and display, from DEST and PATH. */
static gboolean blob_target(const char *dest, const char *path, struct storage_source *s, char **url,
			    GError **error)
{
	if (!storage_source_parse(dest, s, error)) {
		g_prefix_error(error, "'%s': ", s->display);
		return FALSE;
	}
	if (!s->azure || !s->container || !*s->container) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_USAGE,
			    "'%s' is not a blob: give az://ACCOUNT/CONTAINER/NAME or a blob URL with a SAS",
			    s->display);
		return FALSE;
	}
	g_autofree char *base = g_path_get_basename(path);
	g_autofree char *name = s->listing ? g_strconcat(s->name, base, NULL) : g_strdup(s->name);
	*url = storage_blob_url(s, name);
	return TRUE;
}

char *storage_upload_target(const char *path, const char *dest, GError **error)
{
	struct storage_source s;
	g_autofree char *url = NULL;
	char *display = blob_target(dest, path, &s, &url, error) ? storage_redact(url) : NULL;
	storage_source_clear(&s);
	return display;
}

gboolean storage_upload_file(const char *path, const char *dest, const struct storage_upload_opts *opts,
			     GError **error)
{
	static const struct storage_upload_opts defaults;
	const struct storage_upload_opts *uo = opts ? opts : &defaults;
	struct storage_source s;
	g_autofree char *url = NULL;
	if (!blob_target(dest, path, &s, &url, error)) {
		storage_source_clear(&s);
		return FALSE;
	}
	g_autofree char *display = storage_redact(url);
	const struct storage_creds *creds = storage_source_creds(&s);
	gboolean ok = FALSE;
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		g_set_error(error, STORAGE_ERROR, STORAGE_ERROR_IO, "cannot read '%s': %s", path, g_strerror(errno));
		goto out;
	}
	ok = upload_stream(fp, path, url, display, creds, uo, error);
	if (!ok && creds && error && g_error_matches(*error, STORAGE_ERROR, STORAGE_ERROR_NOT_FOUND) &&
	    strstr((*error)->message, "ContainerNotFound") && fseek(fp, 0, SEEK_SET) == 0) {
		g_clear_error(error);
		ok = create_container(&s, &uo->net, error) && upload_stream(fp, path, url, display, creds, uo, error);
	}
out:
	if (fp)
		fclose(fp);
	storage_source_clear(&s);
	return ok;
}
