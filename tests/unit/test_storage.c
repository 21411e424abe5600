/* Unit tests of the storage plumbing: Shared Key canonical strings and
 * signatures (checked against HMAC-SHA256 computed independently), service
 * SAS, sources (URLs, az://), redaction of secrets, connection strings, List
 * Blobs and error XML, backoff bounds, ETags, the progress line. */
#include <glib.h>
#include <string.h>

#include "capture/md5_stream.h"
#include "capture/progress.h"
#include "capture/storage.h"
#include "capture/storage_fetch.h"
#include "capture/storage_http.h"

#define DEV_KEY "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
#define DATE "Mon, 01 Jan 2024 00:00:00 GMT"

static void test_sts_get_range(void)
{
	struct storage_header h[] = {
		{"x-ms-version", "2021-08-06"},
		{"Range", "bytes=150000-"},
		{"If-Match", "\"0x8DC\""},
		{"X-MS-Date", DATE},
	};
	g_autofree char *s = storage_string_to_sign("GET", "devstoreaccount1", "/devstoreaccount1/caps/a%20b.pcap",
						    NULL, h, G_N_ELEMENTS(h));
	g_assert_cmpstr(s, ==, "GET\n\n\n\n\n\n\n\n\"0x8DC\"\n\n\nbytes=150000-\n"
			       "x-ms-date:" DATE "\nx-ms-version:2021-08-06\n"
			       "/devstoreaccount1/devstoreaccount1/caps/a%20b.pcap");
}

static void test_sts_list_query(void)
{
	struct storage_header h[] = {{"x-ms-date", DATE}, {"x-ms-version", "2021-08-06"}};
	g_autofree char *s = storage_string_to_sign("GET", "acct", "/caps",
						    "restype=container&comp=list&prefix=vm%2F2024&maxresults=2&marker=2%21abc",
						    h, 2);
	g_assert_cmpstr(s, ==, "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:" DATE "\nx-ms-version:2021-08-06\n"
			       "/acct/caps\ncomp:list\nmarker:2!abc\nmaxresults:2\nprefix:vm/2024\nrestype:container");
}

static void test_sts_put(void)
{
	struct storage_header h[] = {
		{"Content-Length", "0"}, {"x-ms-version", "2021-08-06"}, {"x-ms-date", DATE},
		{"x-ms-blob-type", " BlockBlob "}, {"Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="},
	};
	g_autofree char *s = storage_string_to_sign("PUT", "acct", "/caps/b", "comp=block&blockid=YmxrLTAw", h, 5);
	g_assert_cmpstr(s, ==, "PUT\n\n\n\n1B2M2Y8AsgTpgAmY7PhCfg==\n\n\n\n\n\n\n\n"
			       "x-ms-blob-type:BlockBlob\nx-ms-date:" DATE "\nx-ms-version:2021-08-06\n"
			       "/acct/caps/b\nblockid:YmxrLTAw\ncomp:block");
	struct storage_header h5[] = {{"Content-Length", "5"}};
	g_autofree char *s5 = storage_string_to_sign("PUT", "a", "/c/b", NULL, h5, 1);
	g_assert_cmpstr(s5, ==, "PUT\n\n\n5\n\n\n\n\n\n\n\n\n/a/c/b");
}

static void test_shared_key(void)
{
	const char *sts = "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:" DATE "\nx-ms-version:2021-08-06\n"
			  "/devstoreaccount1/devstoreaccount1/caps\ncomp:list\nrestype:container";
	g_autoptr(GError) err = NULL;
	g_autofree char *auth = storage_shared_key("devstoreaccount1", DEV_KEY, sts, &err);
	g_assert_no_error(err);
	g_assert_cmpstr(auth, ==, "SharedKey devstoreaccount1:iWdYUffIqm+Zsu5+735rCnfUi73QmXyL4Sf04P74gD0=");
	g_autofree char *none = storage_shared_key("a", "!!", sts, &err);
	g_assert_null(none);
	g_assert_error(err, STORAGE_ERROR, STORAGE_ERROR_AUTH);
	g_assert_cmpstr(err->message, ==, "the account key is not base64");
}

static void test_service_sas(void)
{
	g_autofree char *sas = storage_service_sas("devstoreaccount1", DEV_KEY, "caps", NULL, "rl",
						   "2030-01-01T00:00:00Z", NULL);
	g_assert_cmpstr(sas, ==, "sv=2021-08-06&sp=rl&se=2030-01-01T00%3A00%3A00Z&sr=c"
				 "&sig=axiaSlfXJ2bUP3qXbhk4DsOKMclbEfdY%2B7fGm1uBPB0%3D");
}

static void test_http_date(void)
{
	g_autofree char *a = storage_http_date(0);
	g_assert_cmpstr(a, ==, "Thu, 01 Jan 1970 00:00:00 GMT");
	g_autofree char *b = storage_http_date(1704067200 + 86400 * 59 + 3723);
	g_assert_cmpstr(b, ==, "Thu, 29 Feb 2024 01:02:03 GMT");
}

static void test_redact(void)
{
	struct { const char *in, *out; } cases[] = {
		{"https://a.blob.core.windows.net/c/x.cap?sv=2021&sig=ab%2Bc%3D&se=2030",
		 "https://a.blob.core.windows.net/c/x.cap?sv=2021&sig=REDACTED&se=2030"},
		{"http://h/x?SIG=abc", "http://h/x?SIG=REDACTED"},
		{"'http://h/x?sig=abc': 403", "'http://h/x?sig=REDACTED': 403"},
		{"http://h/x?xsig=keep&sig=", "http://h/x?xsig=keep&sig=REDACTED"},
		{"AccountName=a;AccountKey=c2VjcmV0;BlobEndpoint=x", "AccountName=a;AccountKey=REDACTED;BlobEndpoint=x"},
		{"Authorization: SharedKey acct:c2lnbmF0dXJl", "Authorization: SharedKey REDACTED:c2lnbmF0dXJl"},
		{"PUT http://h/b?sig=abc: 3 blocks", "PUT http://h/b?sig=REDACTED: 3 blocks"},
		{"no secret here", "no secret here"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *r = storage_redact(cases[i].in);
		g_assert_cmpstr(r, ==, cases[i].out);
	}
}

static void test_connection_strings(void)
{
	struct storage_creds c;
	g_autoptr(GError) err = NULL;
	g_assert_true(storage_creds_parse_connection_string("UseDevelopmentStorage=true", &c, &err));
	g_assert_cmpstr(c.account, ==, "devstoreaccount1");
	g_assert_cmpstr(c.key, ==, DEV_KEY);
	g_assert_cmpstr(c.endpoint, ==, "http://127.0.0.1:10000/devstoreaccount1");
	storage_creds_clear(&c);
	g_assert_true(storage_creds_parse_connection_string(
		"DefaultEndpointsProtocol=https;AccountName=logs;AccountKey=a2V5;EndpointSuffix=core.chinacloudapi.cn", &c, &err));
	g_assert_cmpstr(c.endpoint, ==, "https://logs.blob.core.chinacloudapi.cn");
	storage_creds_clear(&c);
	g_assert_true(storage_creds_parse_connection_string(
		"AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:20000/devstoreaccount1/;", &c, &err));
	g_assert_cmpstr(c.endpoint, ==, "http://127.0.0.1:20000/devstoreaccount1");
	g_assert_cmpstr(c.key, ==, "a2V5");
	storage_creds_clear(&c);
	g_assert_false(storage_creds_parse_connection_string("AccountName=x", &c, &err));
	g_assert_cmpstr(err->message, ==, "the connection string has no AccountName and AccountKey, no BlobEndpoint and "
					  "SharedAccessSignature, nor a BlobEndpoint");
}

static void test_source_blob_url(void)
{
	struct storage_source s;
	g_assert_true(storage_source_parse("https://logs.blob.core.windows.net/network-watcher-logs/sub/x%20y.cap?sv=1&sig=s3cr3t",
					   &s, NULL));
	g_assert_true(s.azure);
	g_assert_false(s.listing);
	g_assert_cmpstr(s.account, ==, "logs");
	g_assert_cmpstr(s.container, ==, "network-watcher-logs");
	g_assert_cmpstr(s.name, ==, "sub/x y.cap");
	g_assert_cmpstr(s.cpath, ==, "/network-watcher-logs");
	g_assert_cmpstr(s.display, ==, "https://logs.blob.core.windows.net/network-watcher-logs/sub/x%20y.cap?sv=1&sig=REDACTED");
	g_autofree char *url = storage_source_url(&s);
	g_assert_cmpstr(url, ==, "https://logs.blob.core.windows.net/network-watcher-logs/sub/x%20y.cap?sv=1&sig=s3cr3t");
	g_autofree char *other = storage_blob_url(&s, "sub/z.cap");
	g_assert_cmpstr(other, ==, "https://logs.blob.core.windows.net/network-watcher-logs/sub/z.cap?sv=1&sig=s3cr3t");
	storage_source_clear(&s);
}

static void test_source_container_and_emulator(void)
{
	struct storage_source s;
	g_assert_true(storage_source_parse("http://127.0.0.1:10000/devstoreaccount1/caps?restype=container&sv=1&sig=x", &s, NULL));
	g_assert_true(s.azure && s.listing);
	g_assert_cmpstr(s.account, ==, "devstoreaccount1");
	g_assert_cmpstr(s.container, ==, "caps");
	g_assert_cmpstr(s.name, ==, "");
	g_assert_cmpstr(s.cpath, ==, "/devstoreaccount1/caps");
	g_autofree char *b = storage_blob_url(&s, "vm/a.pcap");
	g_assert_cmpstr(b, ==, "http://127.0.0.1:10000/devstoreaccount1/caps/vm/a.pcap?sv=1&sig=x");
	storage_source_clear(&s);
	g_assert_true(storage_source_parse("https://a.blob.core.windows.net/c/dir/?sig=x", &s, NULL));
	g_assert_true(s.listing);
	g_assert_cmpstr(s.name, ==, "dir/");
	storage_source_clear(&s);
	g_assert_true(storage_source_parse("http://example.org:8080/files/x.pcap?design=2&xsig=1", &s, NULL));
	g_assert_false(s.azure);
	g_assert_cmpstr(s.base, ==, "http://example.org:8080");
	g_assert_cmpstr(s.path, ==, "/files/x.pcap");
	g_assert_cmpstr(s.sas, ==, "design=2&xsig=1");
	storage_source_clear(&s);
}

static void test_source_az(void)
{
	struct storage_source s;
	g_autoptr(GError) err = NULL;
	g_setenv("AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true", TRUE);
	g_assert_true(storage_source_parse("az://devstoreaccount1/caps/vm/2024/", &s, &err));
	g_assert_true(s.listing);
	g_assert_cmpstr(s.base, ==, "http://127.0.0.1:10000");
	g_assert_cmpstr(s.cpath, ==, "/devstoreaccount1/caps");
	g_assert_cmpstr(s.name, ==, "vm/2024/");
	g_assert_null(s.sas);
	storage_source_clear(&s);
	g_assert_false(storage_source_parse("az://other/caps/x", &s, &err));
	g_assert_cmpstr(err->message, ==, "the credentials in the environment are for account 'devstoreaccount1', not 'other'");
	storage_source_clear(&s);
	g_clear_error(&err);
	g_unsetenv("AZURE_STORAGE_CONNECTION_STRING");
	g_setenv("AZURE_STORAGE_ACCOUNT", "logs", TRUE);
	g_setenv("AZURE_STORAGE_KEY", "a2V5", TRUE);
	g_assert_true(storage_source_parse("az://logs/c/x.cap", &s, &err));
	g_assert_false(s.listing);
	g_assert_cmpstr(s.base, ==, "https://logs.blob.core.windows.net");
	g_assert_cmpstr(s.path, ==, "/c/x.cap");
	storage_source_clear(&s);
	g_assert_false(storage_source_parse("az://logs", &s, &err));
	g_assert_cmpstr(err->message, ==, "an az:// source is az://ACCOUNT/CONTAINER[/PATH]");
	storage_source_clear(&s);
	g_clear_error(&err);
	g_assert_false(storage_source_parse("ftp://x/y", &s, &err));
	g_assert_cmpstr(err->message, ==, "not an http(s) URL or az://ACCOUNT/CONTAINER/PATH");
	storage_source_clear(&s);
	g_unsetenv("AZURE_STORAGE_ACCOUNT");
	g_unsetenv("AZURE_STORAGE_KEY");
	g_assert_true(storage_is_remote("az://a/b"));
	g_assert_false(storage_is_remote("samples/x.pcap"));
}

static const char page1[] =
	"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>"
	"<EnumerationResults ServiceEndpoint=\"http://127.0.0.1:10000/devstoreaccount1\" ContainerName=\"caps\">"
	"<Prefix>vm/</Prefix><MaxResults>2</MaxResults><Blobs>"
	"<Blob><Name>vm/a &amp; b.cap</Name><Properties><Last-Modified>Wed, 01 May 2024 10:20:30 GMT</Last-Modified>"
	"<Etag>0x8DC1</Etag><Content-Length>153555</Content-Length><Content-MD5>abc=</Content-MD5>"
	"<BlobType>BlockBlob</BlobType></Properties></Blob>"
	"<Blob><Name>vm/c.cap</Name><Properties><Etag>\"0x8DC2\"</Etag><Content-Length>0</Content-Length>"
	"<Content-MD5 /></Properties><Metadata><Name>not the blob's</Name></Metadata></Blob>"
	"</Blobs><NextMarker>2!84!MDAwMDIx</NextMarker></EnumerationResults>";
static const char page2[] =
	"<?xml version=\"1.0\"?><EnumerationResults><Blobs><Blob><Name>vm/d.cap</Name><Properties>"
	"<Content-Length>7</Content-Length></Properties></Blob></Blobs><NextMarker/></EnumerationResults>";

static void test_list_parse(void)
{
	g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func((GDestroyNotify)storage_blob_free);
	g_autofree char *marker = NULL;
	g_autoptr(GError) err = NULL;
	g_assert_true(storage_list_parse(page1, -1, blobs, &marker, &err));
	g_assert_cmpstr(marker, ==, "2!84!MDAwMDIx");
	g_assert_cmpuint(blobs->len, ==, 2);
	struct storage_blob *a = blobs->pdata[0], *c = blobs->pdata[1];
	g_assert_cmpstr(a->name, ==, "vm/a & b.cap");
	g_assert_cmpuint(a->size, ==, 153555);
	g_assert_cmpstr(a->etag, ==, "0x8DC1");
	g_assert_cmpstr(a->md5, ==, "abc=");
	g_assert_cmpint(a->modified, ==, 1714558830);
	g_assert_cmpstr(c->name, ==, "vm/c.cap");
	g_assert_cmpstr(c->etag, ==, "\"0x8DC2\"");
	g_assert_null(c->md5);
	g_clear_pointer(&marker, g_free);
	g_assert_true(storage_list_parse(page2, -1, blobs, &marker, &err));
	g_assert_null(marker);
	g_assert_cmpuint(blobs->len, ==, 3);
	g_assert_false(storage_list_parse("<EnumerationResults><Blobs>", -1, blobs, &marker, &err));
	g_assert_error(err, STORAGE_ERROR, STORAGE_ERROR_HTTP);
	g_assert_true(g_str_has_prefix(err->message, "the blob listing is not valid XML: "));
}

static void test_error_parse(void)
{
	const char *xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code>"
			  "<Message>Server failed to authenticate the request.\nRequestId:1\nTime:2</Message>"
			  "<AuthenticationErrorDetail>Signed expiry time [Mon, 01 Jan 2024] must be after signed start time"
			  "</AuthenticationErrorDetail></Error>";
	g_autofree char *code = NULL, *msg = NULL;
	storage_error_parse(xml, -1, &code, &msg);
	g_assert_cmpstr(code, ==, "AuthenticationFailed");
	g_assert_cmpstr(msg, ==, "Server failed to authenticate the request. RequestId:1 Time:2 Signed expiry time "
				 "[Mon, 01 Jan 2024] must be after signed start time");
	g_autofree char *c2 = NULL, *m2 = NULL;
	storage_error_parse("not xml", -1, &c2, &m2);
	g_assert_null(c2);
	g_assert_null(m2);
}

static void test_backoff(void)
{
	g_assert_cmpuint(storage_backoff_ms(0, 500, 30000, 0.0), ==, 250);
	g_assert_cmpuint(storage_backoff_ms(0, 500, 30000, 0.999999), ==, 499);
	g_assert_cmpuint(storage_backoff_ms(1, 500, 30000, 0.0), ==, 500);
	g_assert_cmpuint(storage_backoff_ms(3, 500, 30000, 0.5), ==, 3000);
	for (guint a = 0; a < 64; a++) {
		guint lo = storage_backoff_ms(a, 500, 30000, 0.0), hi = storage_backoff_ms(a, 500, 30000, 1.0);
		g_assert_cmpuint(lo, >=, 250);
		g_assert_cmpuint(hi, <=, 30000);
		g_assert_cmpuint(lo, <=, hi);
	}
	g_assert_cmpuint(storage_backoff_ms(40, 500, 30000, 0.0), ==, 15000);
}

static void test_etag_and_sidecar(void)
{
	g_assert_true(storage_etag_equal("\"0x8D\"", "0x8D"));
	g_assert_true(storage_etag_equal("W/\"v1\"", "\"v1\""));
	g_assert_false(storage_etag_equal("\"v1\"", "\"v2\""));
	g_assert_false(storage_etag_equal(NULL, "v1"));
	g_assert_false(storage_etag_equal("\"\"", "\"\""));
	g_autofree char *s = storage_sidecar("out/vm/a.pcap", ".etag");
	g_assert_cmpstr(s, ==, "out/vm/.a.pcap.etag");
	g_autofree char *p = storage_sidecar("a.pcap", ".part");
	g_assert_cmpstr(p, ==, "./.a.pcap.part");
}

static void test_progress_line(void)
{
	char b[16];
	g_assert_cmpstr(progress_bytes(b, 1023), ==, "1023 B");
	g_assert_cmpstr(progress_bytes(b, 1536), ==, "1.5 KiB");
	g_assert_cmpstr(progress_bytes(b, 10u << 20), ==, "10.0 MiB");
	g_autofree char *l = progress_line("out/vm/a.pcap", 50, 100, 1, 3, 1 << 20, 4 << 20, 2.0, 100);
	g_assert_cmpstr(l, ==, "a.pcap [####     ]  50% | 1/3 files 1.0 MiB/4.0 MiB 512.0 KiB/s ETA 00:06");
	g_autofree char *u = progress_line("x", 5, 0, 0, 1, 5, 0, 0.0, 100);
	g_assert_cmpstr(u, ==, "x [         ]   ?% | 0/1 files 5 B/? 0 B/s ETA --:--");
	g_autofree char *none = progress_line(NULL, 0, 0, 2, 2, 2048, 2048, 1.0, 100);
	g_assert_cmpstr(none, ==, "2/2 files 2.0 KiB/2.0 KiB 2.0 KiB/s ETA 00:00");
	g_autofree char *n = progress_line("a-very-long-file-name.pcap", 1, 2, 0, 1, 1, 2, 1.0, 60);
	g_assert_cmpuint(strlen(n), <=, 60);
}

/* The error for STATUS with x-ms-error-code CODE and BODY on DISPLAY. */
static char *status_message(long status, const char *code, const char *body, const char *display)
{
	struct storage_resp r = {.body = g_string_new(body)};
	storage_resp_reset(&r);
	g_string_assign(r.body, body ? body : "");
	r.status = status;
	r.error_code = g_strdup(code);
	GError *e = storage_status_error(&r, display);
	char *m = g_strdup(e->message);
	g_error_free(e);
	storage_resp_clear(&r);
	return m;
}

static void test_status_errors(void)
{
	const char *expired = "<?xml version=\"1.0\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed"
			      "</Message><AuthenticationErrorDetail>Signed expiry time [Mon, 01 Jan 2024 00:00:00 GMT] must be"
			      " after signed start time [Tue, 02 Jan 2024 00:00:00 GMT]</AuthenticationErrorDetail></Error>";
	struct { long status; const char *code, *body, *display, *want; } cases[] = {
		{403, "AuthenticationFailed", expired, "u?sig=REDACTED", "'u?sig=REDACTED': 403 AuthenticationFailed: the SAS token has expired"},
		{403, NULL, expired, "u", "'u': 403 AuthenticationFailed: the SAS token has expired"},
		{403, "AuthenticationFailed", "", "u", "'u': 403 AuthenticationFailed: the signature was refused: wrong account key or SAS token"},
		{403, "AuthorizationFailure", "", "u?se=2030-01-01T00%3A00%3A00Z&sig=REDACTED",
		 "'u?se=2030-01-01T00%3A00%3A00Z&sig=REDACTED': 403 AuthorizationFailure: not authorized: wrong account key or SAS token, or it does not allow this"},
		{403, "AuthorizationFailure", "", "u?se=2020-01-01&sig=REDACTED", "'u?se=2020-01-01&sig=REDACTED': 403 AuthorizationFailure: the SAS token has expired"},
		{403, "AuthorizationPermissionMismatch", "", "u", "'u': 403 AuthorizationPermissionMismatch: the SAS token does not grant this operation, "
		 "or the signed-in identity has no role that does (Storage Blob Data Reader or Contributor)"},
		{403, NULL, "", "u", "'u': 403: access denied"},
		{404, "BlobNotFound", "", "u", "'u': 404 BlobNotFound: not found"},
		{412, NULL, "", "u", "'u': 412: the blob changed"},
		{400, "InvalidQueryParameterValue", "", "u", "'u': HTTP 400 InvalidQueryParameterValue"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *m = status_message(cases[i].status, cases[i].code, cases[i].body, cases[i].display);
		g_assert_cmpstr(m, ==, cases[i].want);
	}
	g_assert_true(storage_retryable(CURLE_OK, 503));
	g_assert_true(storage_retryable(CURLE_OK, 429));
	g_assert_true(storage_retryable(CURLE_OK, 408));
	g_assert_true(storage_retryable(CURLE_PARTIAL_FILE, 200));
	g_assert_true(storage_retryable(CURLE_OPERATION_TIMEDOUT, 0));
	g_assert_false(storage_retryable(CURLE_OK, 404));
	g_assert_false(storage_retryable(CURLE_OK, 403));
	g_assert_false(storage_retryable(CURLE_PEER_FAILED_VERIFICATION, 0));
	g_assert_false(storage_retryable(CURLE_COULDNT_RESOLVE_HOST, 0));
}

static void test_md5_stream(void)
{
	size_t n = (3u << 20) + 12345;
	g_autofree guchar *data = g_malloc(n);
	for (size_t i = 0; i < n; i++)
		data[i] = (guchar)(i * 7 + (i >> 10));
	g_autoptr(GChecksum) ck = g_checksum_new(G_CHECKSUM_MD5);
	g_checksum_update(ck, data, (gssize)n);
	guint8 d[16];
	gsize dl = sizeof d;
	g_checksum_get_digest(ck, d, &dl);
	g_autofree char *want = g_base64_encode(d, dl);
	struct md5_stream *m = md5_stream_new();
	for (size_t off = 0, step = 1; off < n; off += step, step = step * 3 % 70001 + 1)
		md5_stream_feed(m, data + off, MIN(step, n - off));
	g_autofree char *got = md5_stream_finish(m);
	g_assert_cmpstr(got, ==, want);
	struct md5_stream *e = md5_stream_new();
	g_autofree char *empty = md5_stream_finish(e);
	g_assert_cmpstr(empty, ==, "1B2M2Y8AsgTpgAmY7PhCfg==");
	struct md5_stream *a = md5_stream_new();
	md5_stream_feed(a, data, n);
	md5_stream_abort(a);
	md5_stream_abort(NULL);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/storage/sts/get-range", test_sts_get_range);
	g_test_add_func("/storage/sts/list-query", test_sts_list_query);
	g_test_add_func("/storage/sts/put", test_sts_put);
	g_test_add_func("/storage/shared-key", test_shared_key);
	g_test_add_func("/storage/service-sas", test_service_sas);
	g_test_add_func("/storage/http-date", test_http_date);
	g_test_add_func("/storage/redact", test_redact);
	g_test_add_func("/storage/connection-strings", test_connection_strings);
	g_test_add_func("/storage/source/blob-url", test_source_blob_url);
	g_test_add_func("/storage/source/container-emulator", test_source_container_and_emulator);
	g_test_add_func("/storage/source/az", test_source_az);
	g_test_add_func("/storage/list-parse", test_list_parse);
	g_test_add_func("/storage/error-parse", test_error_parse);
	g_test_add_func("/storage/backoff", test_backoff);
	g_test_add_func("/storage/status-errors", test_status_errors);
	g_test_add_func("/storage/etag-sidecar", test_etag_and_sidecar);
	g_test_add_func("/storage/progress", test_progress_line);
	g_test_add_func("/storage/md5-stream", test_md5_stream);
	return g_test_run();
}
