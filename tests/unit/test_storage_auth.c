/* Unit tests of how storage requests are authorized: the --auth modes and
 * where a SAS comes from (connection strings, AZURE_STORAGE_SAS_TOKEN, a
 * file), the token answers of the authority, the metadata endpoints and the
 * Azure CLI, when a token is got again, which token endpoints may be asked,
 * and that a bearer token never survives redaction. */
#include <glib.h>
#include <string.h>

#include "capture/storage.h"
#include "capture/storage_token.h"

static void clear_env(void)
{
	static const char *const vars[] = {
		"AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY", "AZURE_STORAGE_SAS_TOKEN",
		"AZURE_STORAGE_AUTH_MODE", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET",
		"AZURE_FEDERATED_TOKEN_FILE", "IDENTITY_ENDPOINT", "IDENTITY_HEADER",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(vars); i++)
		g_unsetenv(vars[i]);
	storage_auth_set(STORAGE_AUTH_AUTO, NULL);
}

static void test_mode_names(void)
{
	StorageAuthMode m = STORAGE_AUTH_AUTO;
	g_assert_true(storage_auth_mode_parse("login", &m));
	g_assert_cmpint(m, ==, STORAGE_AUTH_LOGIN);
	g_assert_true(storage_auth_mode_parse("KEY", &m));
	g_assert_cmpint(m, ==, STORAGE_AUTH_KEY);
	g_assert_true(storage_auth_mode_parse("sas", &m));
	g_assert_cmpint(m, ==, STORAGE_AUTH_SAS);
	g_assert_true(storage_auth_mode_parse("auto", &m));
	g_assert_cmpint(m, ==, STORAGE_AUTH_AUTO);
	g_assert_false(storage_auth_mode_parse("oauth", &m));
	g_assert_false(storage_auth_mode_parse(NULL, &m));
	/* the command line's choice, else the environment's, else auto */
	clear_env();
	g_assert_cmpint(storage_auth_mode(), ==, STORAGE_AUTH_AUTO);
	g_setenv("AZURE_STORAGE_AUTH_MODE", "login", TRUE);
	g_assert_cmpint(storage_auth_mode(), ==, STORAGE_AUTH_LOGIN);
	storage_auth_set(STORAGE_AUTH_KEY, NULL);
	g_assert_cmpint(storage_auth_mode(), ==, STORAGE_AUTH_KEY);
	g_setenv("AZURE_STORAGE_AUTH_MODE", "bogus", TRUE);
	storage_auth_set(STORAGE_AUTH_AUTO, NULL);
	g_assert_cmpint(storage_auth_mode(), ==, STORAGE_AUTH_AUTO);
	clear_env();
}

static void test_sas_connection_string(void)
{
	struct storage_creds c;
	g_autoptr(GError) err = NULL;
	g_assert_true(storage_creds_parse_connection_string(
		"BlobEndpoint=https://logs.blob.core.windows.net/;SharedAccessSignature=sv=2021-08-06&sp=rl&sig=abc%3D", &c,
		&err));
	g_assert_cmpstr(c.account, ==, "logs");
	g_assert_null(c.key);
	g_assert_cmpstr(c.sas, ==, "sv=2021-08-06&sp=rl&sig=abc%3D");
	g_assert_cmpstr(c.endpoint, ==, "https://logs.blob.core.windows.net");
	storage_creds_clear(&c);
	/* an emulator endpoint names the account in its path; a '?' is dropped */
	g_assert_true(storage_creds_parse_connection_string(
		"BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;SharedAccessSignature=?sv=1&sig=x", &c, &err));
	g_assert_cmpstr(c.account, ==, "devstoreaccount1");
	g_assert_cmpstr(c.sas, ==, "sv=1&sig=x");
	storage_creds_clear(&c);
	/* an endpoint alone: for sign-in */
	g_assert_true(storage_creds_parse_connection_string("BlobEndpoint=https://127.0.0.1:9999/acct1/", &c, &err));
	g_assert_cmpstr(c.account, ==, "acct1");
	g_assert_null(c.key);
	g_assert_null(c.sas);
	g_assert_cmpstr(c.endpoint, ==, "https://127.0.0.1:9999/acct1");
	storage_creds_clear(&c);
}

static void test_az_modes(void)
{
	clear_env();
	struct storage_source s;
	g_autoptr(GError) err = NULL;
	const char *cs = "AccountName=acct;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/acct";
	/* auto: the key first */
	g_setenv("AZURE_STORAGE_CONNECTION_STRING", cs, TRUE);
	g_setenv("AZURE_STORAGE_SAS_TOKEN", "?sv=1&sig=fromenv", TRUE);
	g_assert_true(storage_source_parse("az://acct/caps/a.pcap", &s, &err));
	g_assert_cmpstr(s.creds.key, ==, "a2V5");
	g_assert_null(s.sas);
	g_assert_true(storage_source_creds(&s) == &s.creds);
	storage_source_clear(&s);
	/* sas: the environment's SAS goes into the query, the key is dropped */
	storage_auth_set(STORAGE_AUTH_SAS, NULL);
	g_assert_true(storage_source_parse("az://acct/caps/a.pcap", &s, &err));
	g_assert_null(s.creds.key);
	g_assert_cmpstr(s.sas, ==, "sv=1&sig=fromenv");
	g_assert_null(storage_source_creds(&s));
	g_autofree char *u = storage_source_url(&s);
	g_assert_cmpstr(u, ==, "http://127.0.0.1:10000/acct/caps/a.pcap?sv=1&sig=fromenv");
	storage_source_clear(&s);
	/* a --sas-file SAS comes before the environment's */
	storage_auth_set(STORAGE_AUTH_SAS, "?sv=2&sig=fromfile");
	g_assert_true(storage_source_parse("az://acct/caps/", &s, &err));
	g_assert_cmpstr(s.sas, ==, "sv=2&sig=fromfile");
	g_assert_true(s.listing);
	storage_source_clear(&s);
	/* key: without one, a clear error */
	clear_env();
	storage_auth_set(STORAGE_AUTH_KEY, NULL);
	g_setenv("AZURE_STORAGE_CONNECTION_STRING", "BlobEndpoint=http://127.0.0.1:10000/acct;SharedAccessSignature=sig=x",
		 TRUE);
	g_assert_false(storage_source_parse("az://acct/caps/a.pcap", &s, &err));
	g_assert_cmpstr(err->message, ==,
			"no account key: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY");
	g_assert_cmpstr(s.display, ==, "az://acct/caps/a.pcap");
	storage_source_clear(&s);
	g_clear_error(&err);
	/* auto with the connection string's SAS */
	storage_auth_set(STORAGE_AUTH_AUTO, NULL);
	g_assert_true(storage_source_parse("az://acct/caps/a.pcap", &s, &err));
	g_assert_cmpstr(s.sas, ==, "sig=x");
	storage_source_clear(&s);
	/* another account named */
	g_assert_false(storage_source_parse("az://other/caps/a.pcap", &s, &err));
	g_assert_cmpstr(err->message, ==, "the credentials in the environment are for account 'acct', not 'other'");
	storage_source_clear(&s);
	g_clear_error(&err);
	clear_env();
}

static void test_url_modes(void)
{
	clear_env();
	struct storage_source s;
	g_autoptr(GError) err = NULL;
	/* auto: a URL without a SAS stays a plain URL; the environment's SAS is
	 * not sent to any host */
	g_setenv("AZURE_STORAGE_SAS_TOKEN", "sv=1&sig=fromenv", TRUE);
	g_assert_true(storage_source_parse("http://127.0.0.1:8080/acct/caps/a.pcap", &s, &err));
	g_assert_false(s.azure);
	g_assert_null(s.sas);
	storage_source_clear(&s);
	/* --auth sas: it is added, after the query there is */
	storage_auth_set(STORAGE_AUTH_SAS, NULL);
	g_assert_true(storage_source_parse("http://127.0.0.1:8080/acct/caps?restype=container", &s, &err));
	g_assert_true(s.azure);
	g_assert_cmpstr(s.sas, ==, "restype=container&sv=1&sig=fromenv");
	g_assert_cmpstr(s.account, ==, "acct");
	g_assert_cmpstr(s.container, ==, "caps");
	storage_source_clear(&s);
	/* a --sas-file SAS is used in auto mode too */
	storage_auth_set(STORAGE_AUTH_AUTO, "sv=2&sig=fromfile");
	g_assert_true(storage_source_parse("https://logs.blob.core.windows.net/caps/a.pcap", &s, &err));
	g_assert_cmpstr(s.sas, ==, "sv=2&sig=fromfile");
	g_assert_cmpstr(s.display, ==, "https://logs.blob.core.windows.net/caps/a.pcap");
	storage_source_clear(&s);
	/* a SAS in the URL wins */
	g_assert_true(storage_source_parse("https://logs.blob.core.windows.net/caps/a.pcap?sv=3&sig=inurl", &s, &err));
	g_assert_cmpstr(s.sas, ==, "sv=3&sig=inurl");
	storage_source_clear(&s);
	/* login refuses a URL with a SAS (the two would be sent together) */
	storage_auth_set(STORAGE_AUTH_LOGIN, NULL);
	g_assert_false(storage_source_parse("https://logs.blob.core.windows.net/caps/a.pcap?sv=3&sig=inurl", &s, &err));
	g_assert_cmpstr(err->message, ==,
			"the URL has a SAS and --auth login signs in instead: give the URL without its query");
	g_assert_cmpstr(s.display, ==, "https://logs.blob.core.windows.net/caps/a.pcap?sv=3&sig=REDACTED");
	storage_source_clear(&s);
	g_clear_error(&err);
	/* ... but AZURE_STORAGE_AUTH_MODE=login leaves a SAS URL to its SAS */
	storage_auth_set(STORAGE_AUTH_AUTO, NULL);
	g_setenv("AZURE_STORAGE_AUTH_MODE", "login", TRUE);
	g_assert_true(storage_source_parse("https://logs.blob.core.windows.net/caps/a.pcap?sv=3&sig=inurl", &s, &err));
	g_assert_cmpstr(s.sas, ==, "sv=3&sig=inurl");
	g_assert_false(s.creds.bearer);
	storage_source_clear(&s);
	clear_env();
}

static void test_token_parse(void)
{
	char *token = NULL;
	gint64 exp = 0;
	g_autoptr(GError) err = NULL;
	/* the authority: expires_in seconds */
	const char *aad = "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"eyA.b.c\"}";
	g_assert_true(storage_token_parse(aad, strlen(aad), 1000, &token, &exp, &err));
	g_assert_cmpstr(token, ==, "eyA.b.c");
	g_assert_cmpint(exp, ==, 4599);
	storage_token_free(token);
	/* the metadata endpoints: strings, expires_on first */
	const char *imds = "{\"access_token\":\"t2\",\"expires_in\":\"86399\",\"expires_on\":\"1700000000\","
			   "\"resource\":\"https://storage.azure.com/\",\"token_type\":\"Bearer\"}";
	g_assert_true(storage_token_parse(imds, strlen(imds), 1000, &token, &exp, &err));
	g_assert_cmpstr(token, ==, "t2");
	g_assert_cmpint(exp, ==, 1700000000);
	storage_token_free(token);
	/* the Azure CLI: expires_on a number (newer), or expiresOn in local time */
	const char *cli = "{\"accessToken\":\"t3\",\"expiresOn\":\"2023-11-14 22:13:20.000000\",\"expires_on\":1700000001,"
			  "\"subscription\":\"s\",\"tenant\":\"t\",\"tokenType\":\"Bearer\"}";
	g_assert_true(storage_token_parse(cli, strlen(cli), 1000, &token, &exp, &err));
	g_assert_cmpstr(token, ==, "t3");
	g_assert_cmpint(exp, ==, 1700000001);
	storage_token_free(token);
	g_setenv("TZ", "UTC", TRUE);
	const char *old = "{\"accessToken\":\"t4\",\"expiresOn\":\"2023-11-14 22:13:20.123456\",\"tokenType\":\"Bearer\"}";
	g_assert_true(storage_token_parse(old, strlen(old), 1000, &token, &exp, &err));
	g_assert_cmpstr(token, ==, "t4");
	g_assert_cmpint(exp, ==, 1700000000);
	storage_token_free(token);
	/* what is wrong, said */
	const char *none = "{\"token_type\":\"Bearer\",\"expires_in\":3599}";
	g_assert_false(storage_token_parse(none, strlen(none), 0, &token, &exp, &err));
	g_assert_cmpstr(err->message, ==, "the token answer has no access_token");
	g_clear_error(&err);
	const char *noexp = "{\"access_token\":\"x\"}";
	g_assert_false(storage_token_parse(noexp, strlen(noexp), 0, &token, &exp, &err));
	g_assert_cmpstr(err->message, ==, "the token answer says not when it expires (expires_on, expires_in or expiresOn)");
	g_clear_error(&err);
	g_assert_false(storage_token_parse("<html>", 6, 0, &token, &exp, &err));
	g_assert_true(g_str_has_prefix(err->message, "the token answer is not a JSON object: "));
}

static void test_token_fresh(void)
{
	/* an hour's token: got again in its last five minutes */
	g_assert_true(storage_token_fresh(1000, 1000, 4600));
	g_assert_true(storage_token_fresh(4299, 1000, 4600));
	g_assert_false(storage_token_fresh(4300, 1000, 4600));
	g_assert_false(storage_token_fresh(5000, 1000, 4600));
	/* a short one: in its second half */
	g_assert_true(storage_token_fresh(1059, 1000, 1120));
	g_assert_false(storage_token_fresh(1060, 1000, 1120));
}

static void test_token_urls(void)
{
	g_assert_true(storage_token_url_ok("https://login.microsoftonline.com/t/oauth2/v2.0/token"));
	g_assert_true(storage_token_url_ok("http://169.254.169.254/metadata/identity/oauth2/token"));
	g_assert_true(storage_token_url_ok("http://127.0.0.1:41234/msi/token"));
	g_assert_true(storage_token_url_ok("http://localhost:8081/msi/token"));
	g_assert_true(storage_token_url_ok("http://[::1]:8081/msi/token"));
	g_assert_false(storage_token_url_ok("http://login.example.org/t/oauth2/v2.0/token"));
	g_assert_false(storage_token_url_ok("http://169.254.169.253/x"));
	g_assert_false(storage_token_url_ok("ftp://127.0.0.1/x"));
	g_assert_false(storage_token_url_ok("not a url"));
}

static void test_redact_bearer(void)
{
	g_autofree char *r = storage_redact("Authorization: Bearer eyJhbGciOi.eyJhdWQi.c2ln");
	g_assert_cmpstr(r, ==, "Authorization: Bearer REDACTED");
	g_autofree char *r2 = storage_redact("BlobEndpoint=https://a.blob.core.windows.net;SharedAccessSignature=sv=1&sp=r&sig=x");
	g_assert_cmpstr(r2, ==, "BlobEndpoint=https://a.blob.core.windows.net;SharedAccessSignature=REDACTED");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/storage-auth/mode-names", test_mode_names);
	g_test_add_func("/storage-auth/sas-connection-string", test_sas_connection_string);
	g_test_add_func("/storage-auth/az-modes", test_az_modes);
	g_test_add_func("/storage-auth/url-modes", test_url_modes);
	g_test_add_func("/storage-auth/token-parse", test_token_parse);
	g_test_add_func("/storage-auth/token-fresh", test_token_fresh);
	g_test_add_func("/storage-auth/token-urls", test_token_urls);
	g_test_add_func("/storage-auth/redact-bearer", test_redact_bearer);
	return g_test_run();
}
