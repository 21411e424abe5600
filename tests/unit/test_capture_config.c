/* test_capture_config.c — the JSON reader and Network Watcher config
 * files: bare, in an ARM resource, in a template, and every error. */
#include <string.h>

#include <glib.h>

#include "capture/config.h"
#include "capture/json_reader.h"
#include "capture/spec.h"

static void test_json_values(void)
{
	const char *text = "{\"a\": [1, -2, 3.5, 1e3, true, false, null, \"x\\u00e9\\ud83d\\ude00\\n\"],"
			   " \"B\": {\"c\": 18446744073709551615}, \"big\": 18446744073709551616}";
	g_autoptr(GError) err = NULL;
	g_autoptr(jv) v = jv_parse(text, strlen(text), &err);
	g_assert_no_error(err);
	const struct jv *a = jv_get(v, "A");
	g_assert_nonnull(a);
	g_assert_cmpint(a->type, ==, JV_ARRAY);
	g_assert_cmpuint(a->items->len, ==, 8);
	const struct jv *n0 = a->items->pdata[0], *n1 = a->items->pdata[1], *n2 = a->items->pdata[2];
	g_assert_true(n0->integral && n0->uint == 1);
	g_assert_true(n1->negative && n1->number == -2);
	g_assert_false(n2->integral);
	g_assert_cmpfloat(n2->number, ==, 3.5);
	g_assert_false(((const struct jv *)a->items->pdata[3])->integral);
	g_assert_true(((const struct jv *)a->items->pdata[4])->boolean);
	g_assert_false(((const struct jv *)a->items->pdata[5])->boolean);
	g_assert_cmpint(((const struct jv *)a->items->pdata[6])->type, ==, JV_NULL);
	g_assert_cmpstr(((const struct jv *)a->items->pdata[7])->string, ==, "x\xc3\xa9\xf0\x9f\x98\x80\n");
	const struct jv *c = jv_get(jv_get(v, "b"), "c");
	g_assert_true(c->integral);
	g_assert_cmpuint(c->uint, ==, G_MAXUINT64);
	g_assert_false(jv_get(v, "big")->integral);
	g_assert_null(jv_get(v, "missing"));
}

static const struct {
	const char *text, *message;
} bad_json[] = {
	{"", "line 1, column 1: the text ends where a value should be"},
	{"{\"a\": 1,}", "line 1, column 9: expected a member name in quotes"},
	{"[1 2]", "line 1, column 4: expected ',' or ']'"},
	{"{\"a\" 1}", "line 1, column 6: expected ':' after a member name"},
	{"{\"a\": 1, \"A\": 2}", "line 1, column 13: member 'A' appears twice"},
	{"{\n  \"a\": 01\n}", "line 2, column 8: a malformed number"},
	{"\"abc", "line 1, column 5: the string does not end"},
	{"\"a\\x\"", "line 1, column 4: unknown escape '\\x'"},
	{"\"\\ud800\"", "line 1, column 8: a lone surrogate in a \\u escape"},
	{"\"a\tb\"", "line 1, column 3: a control character in a string"},
	{"[1] x", "line 1, column 5: text after the value"},
	{"tru", "line 1, column 1: unexpected character 't'"},
	{"\"\xff\"", "line 1, column 4: a string that is not UTF-8"},
};

static void test_json_errors(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(bad_json); i++) {
		g_autoptr(GError) err = NULL;
		g_assert_null(jv_parse(bad_json[i].text, strlen(bad_json[i].text), &err));
		g_assert_error(err, JV_ERROR, 0);
		g_assert_cmpstr(err->message, ==, bad_json[i].message);
	}
	GString *deep = g_string_new(NULL);
	for (int i = 0; i < 65; i++)
		g_string_append_c(deep, '[');
	g_autoptr(GError) err = NULL;
	g_assert_null(jv_parse(deep->str, deep->len, &err));
	g_assert_cmpstr(err->message, ==, "line 1, column 65: nested deeper than 64 levels");
	g_string_free(deep, TRUE);
}

static const char bare[] =
	"{\n"
	"  \"bytesToCapturePerPacket\": 128,\n"
	"  \"totalBytesPerSession\": 100000,\n"
	"  \"timeLimitInSeconds\": 60,\n"
	"  \"storageLocation\": {\"filePath\": \"/tmp/x.cap\"},\n"
	"  \"filters\": [\n"
	"    {\"protocol\": \"TCP\", \"localIPAddress\": \"10.0.0.4-10.0.0.20\", \"localPort\": \"5201\",\n"
	"     \"remoteIPAddress\": \"10.0.0.4-10.0.0.20\", \"remotePort\": \"1-65532\"},\n"
	"    {\"protocol\": \"UDP\", \"remotePort\": 53}\n"
	"  ]\n"
	"}\n";

static void check_bare(const struct capture_options *o)
{
	g_assert_cmpuint(o->bytes_per_packet, ==, 128);
	g_assert_cmpuint(o->bytes_per_session, ==, 100000);
	g_assert_cmpuint(o->time_limit, ==, 60);
	g_assert_cmpstr(o->file, ==, "/tmp/x.cap");
	g_assert_null(o->storage);
	g_autofree char *bpf = spec_to_bpf(o->filters);
	g_assert_cmpstr(bpf, ==,
			"(tcp and (((ip[12:4] >= 0x0a000004 and ip[12:4] <= 0x0a000014) and tcp src port 5201 and "
			"(ip[16:4] >= 0x0a000004 and ip[16:4] <= 0x0a000014) and tcp dst portrange 1-65532) or "
			"((ip[16:4] >= 0x0a000004 and ip[16:4] <= 0x0a000014) and tcp dst port 5201 and "
			"(ip[12:4] >= 0x0a000004 and ip[12:4] <= 0x0a000014) and tcp src portrange 1-65532))) or "
			"(udp and ((udp dst port 53) or (udp src port 53)))");
}

static void test_config_forms(void)
{
	struct capture_options o;
	g_autoptr(GError) err = NULL;

	capture_options_init(&o);
	g_assert_true(capture_config_parse("bare.json", bare, strlen(bare), &o, &err));
	g_assert_no_error(err);
	check_bare(&o);
	capture_options_clear(&o);

	g_autofree char *arm = g_strdup_printf("{\"name\": \"pc1\", \"type\": \"Microsoft.Network/networkWatchers/packetCaptures\","
					       " \"properties\": %s}", bare);
	capture_options_init(&o);
	g_assert_true(capture_config_parse("arm.json", arm, strlen(arm), &o, &err));
	check_bare(&o);
	capture_options_clear(&o);

	g_autofree char *tmpl = g_strdup_printf("{\"$schema\": \"x\", \"resources\": [{\"type\": \"Microsoft.Compute/virtualMachines\"},"
						" {\"type\": \"Microsoft.Network/networkWatchers/packetCaptures\", \"properties\": %s}]}",
						bare);
	capture_options_init(&o);
	g_assert_true(capture_config_parse("template.json", tmpl, strlen(tmpl), &o, &err));
	check_bare(&o);
	capture_options_clear(&o);

	const char *minimal = "{\"target\": \"/subscriptions/x\", \"storageLocation\": {\"storagePath\": \"https://a.blob.core.windows.net/c\"}}";
	capture_options_init(&o);
	g_assert_true(capture_config_parse("m.json", minimal, strlen(minimal), &o, &err));
	g_assert_cmpuint(o.bytes_per_packet, ==, 0);
	g_assert_cmpuint(o.bytes_per_session, ==, 1073741824);
	g_assert_cmpuint(o.time_limit, ==, 18000);
	g_assert_cmpuint(o.filters->len, ==, 0);
	g_assert_null(o.file);
	g_assert_cmpstr(o.storage, ==, "https://a.blob.core.windows.net/c");
	g_assert_null(o.storage_id);
	g_assert_true(capture_options_check(&o, &err));
	capture_options_clear(&o);

	/* 0 is the API's default for the session's bytes and time */
	const char *zeros = "{\"bytesToCapturePerPacket\": 0, \"totalBytesPerSession\": 0, \"timeLimitInSeconds\": 0,"
			    " \"storageLocation\": {\"filePath\": \"/var/captures/a/x.cap\"}}";
	capture_options_init(&o);
	g_assert_true(capture_config_parse("z.json", zeros, strlen(zeros), &o, &err));
	g_assert_cmpuint(o.bytes_per_packet, ==, 0);
	g_assert_cmpuint(o.bytes_per_session, ==, 1073741824);
	g_assert_cmpuint(o.time_limit, ==, 18000);
	g_assert_true(o.file_dirs);
	g_assert_true(capture_options_check(&o, &err));
	capture_options_clear(&o);

	/* a storage account's ID names no blob: kept aside for the caller to refuse */
	const char *id_only = "{\"storageLocation\": {\"storageId\": \"/subscriptions/x/storageAccounts/a\"}}";
	capture_options_init(&o);
	g_assert_true(capture_config_parse("i.json", id_only, strlen(id_only), &o, &err));
	g_assert_null(o.storage);
	g_assert_cmpstr(o.storage_id, ==, "/subscriptions/x/storageAccounts/a");
	capture_options_clear(&o);
	const char *both = "{\"storageLocation\": {\"storageId\": \"/subscriptions/x/storageAccounts/a\","
			   " \"storagePath\": \"https://a.blob.core.windows.net/c/x.cap\"}}";
	capture_options_init(&o);
	g_assert_true(capture_config_parse("b.json", both, strlen(both), &o, &err));
	g_assert_cmpstr(o.storage, ==, "https://a.blob.core.windows.net/c/x.cap");
	g_assert_null(o.storage_id);
	capture_options_clear(&o);
}

static const struct {
	const char *text, *message;
} bad_configs[] = {
	{"[]", "config 'c.json': the top level is an array, not an object"},
	{"{\"timeLimitInSeconds\": \"60\"}", "config 'c.json': 'timeLimitInSeconds' is not a whole number of at least 0"},
	{"{\"totalBytesPerSession\": -1}", "config 'c.json': 'totalBytesPerSession' is not a whole number of at least 0"},
	{"{\"bytesToCapturePerPacket\": 1.5}", "config 'c.json': 'bytesToCapturePerPacket' is not a whole number of at least 0"},
	{"{\"filters\": {}}", "config 'c.json': 'filters' is an object, not an array"},
	{"{\"filters\": [1]}", "config 'c.json': filters[0] is a number, not an object"},
	{"{\"filters\": [{}, {\"localPort\": \"70000\"}]}",
	 "config 'c.json': filters[1]: localPort '70000': port '70000' is out of range (0-65535)"},
	{"{\"filters\": [{\"protocol\": \"ICMP\"}]}", "config 'c.json': filters[0]: protocol 'ICMP' is not a protocol (TCP, UDP or Any)"},
	{"{\"filters\": [{\"remoteIPAddress\": \"1.1.1.1-255.255.255\"}]}",
	 "config 'c.json': filters[0]: remoteIPAddress '1.1.1.1-255.255.255': '255.255.255' is not an IPv4 or IPv6 address"},
	{"{\"filters\": [{\"localPort\": true}]}", "config 'c.json': filters[0]: 'localPort' is true or false, not a string"},
	{"{\"storageLocation\": \"x\"}", "config 'c.json': 'storageLocation' is a string, not an object"},
	{"{\"timeLimitInSeconds\": 60,}", "config 'c.json': line 1, column 27: expected a member name in quotes"},
};

static void test_config_errors(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(bad_configs); i++) {
		struct capture_options o;
		capture_options_init(&o);
		g_autoptr(GError) err = NULL;
		if (capture_config_parse("c.json", bad_configs[i].text, strlen(bad_configs[i].text), &o, &err))
			g_error("accepted: %s", bad_configs[i].text);
		g_assert_error(err, CAPTURE_ERROR, CAPTURE_ERROR_USAGE);
		g_assert_cmpstr(err->message, ==, bad_configs[i].message);
		capture_options_clear(&o);
	}
	struct capture_options o;
	capture_options_init(&o);
	g_autoptr(GError) err = NULL;
	g_assert_false(capture_config_load("/nonexistent/c.json", &o, &err));
	g_assert_error(err, CAPTURE_ERROR, CAPTURE_ERROR_CONFIG_READ);
	g_assert_cmpstr(err->message, ==, "cannot read config '/nonexistent/c.json': No such file or directory");
	capture_options_clear(&o);
}

static void test_bounds(void)
{
	struct capture_options o;
	capture_options_init(&o);
	g_autoptr(GError) err = NULL;
	g_assert_true(capture_options_check(&o, &err));
	o.time_limit = 18001;
	g_assert_false(capture_options_check(&o, &err));
	g_assert_cmpstr(err->message, ==, "time limit '18001' is not between 1 and 18000 seconds");
	g_clear_error(&err);
	o.time_limit = 18000;
	o.bytes_per_session = 4294967296;
	g_assert_false(capture_options_check(&o, &err));
	g_assert_cmpstr(err->message, ==, "bytes per session '4294967296' is not between 1 and 4294967295");
	g_clear_error(&err);
	o.bytes_per_session = 0;
	g_assert_false(capture_options_check(&o, &err));
	g_assert_cmpstr(err->message, ==, "bytes per session '0' is not between 1 and 4294967295");
	g_clear_error(&err);
	o.bytes_per_session = 1;
	o.bytes_per_packet = 4294967296;
	g_assert_false(capture_options_check(&o, &err));
	g_assert_cmpstr(err->message, ==, "bytes per packet '4294967296' is more than the largest, 4294967295");
	capture_options_clear(&o);
}

/* Continuous capture: the config's continuousCapture and captureSettings,
 * the bounds of a session that rotates its files, and the defaults that
 * follow from rotating. */
static void test_continuous(void)
{
	struct capture_options o;
	g_autoptr(GError) err = NULL;
	const char *cont = "{\"properties\": {\"continuousCapture\": true, \"captureSettings\": {\"fileCount\": 3,"
			   " \"fileSizeInBytes\": 0, \"sessionTimeLimitInSeconds\": 120},"
			   " \"storageLocation\": {\"localPath\": \"/var/captures/c.pcapng\"}}}";
	capture_options_init(&o);
	g_assert_true(capture_config_parse("c.json", cont, strlen(cont), &o, &err));
	g_assert_no_error(err);
	g_assert_cmpuint(o.ring, ==, 3);
	g_assert_cmpuint(o.rotate_size, ==, 104857600);
	g_assert_cmpuint(o.rotate_seconds, ==, 0);
	g_assert_cmpuint(o.time_limit, ==, 120);
	g_assert_cmpstr(o.file, ==, "/var/captures/c.pcapng");
	g_assert_true(capture_options_check(&o, &err));
	capture_options_settle(&o);
	g_assert_cmpuint(o.time_limit, ==, 120);
	g_assert_cmpuint(o.bytes_per_session, ==, 0); /* a ring: no byte limit unless given */
	capture_options_clear(&o);

	const char *defaults = "{\"continuousCapture\": true}";
	capture_options_init(&o);
	g_assert_true(capture_config_parse("d.json", defaults, strlen(defaults), &o, &err));
	g_assert_cmpuint(o.ring, ==, 10);
	g_assert_true(capture_options_check(&o, &err));
	capture_options_settle(&o);
	g_assert_cmpuint(o.time_limit, ==, 86400);
	capture_options_clear(&o);

	const char *off = "{\"continuousCapture\": false, \"captureSettings\": {\"fileCount\": 3}}";
	capture_options_init(&o);
	g_assert_true(capture_config_parse("f.json", off, strlen(off), &o, &err));
	g_assert_cmpuint(o.ring, ==, 0);
	g_assert_cmpuint(o.rotate_size, ==, 0);
	capture_options_clear(&o);

	const char *bad = "{\"continuousCapture\": \"yes\"}";
	capture_options_init(&o);
	g_assert_false(capture_config_parse("b.json", bad, strlen(bad), &o, &err));
	g_assert_cmpstr(err->message, ==, "config 'b.json': 'continuousCapture' is a string, not true or false");
	g_clear_error(&err);
	capture_options_clear(&o);

	static const struct {
		uint64_t size, seconds, ring, time;
		const char *message;
	} bounds[] = {
		{0, 0, 3, 60, "a ring of files needs a file size or time (--rotate-size, --rotate-seconds)"},
		{100, 0, 0, 60, "file size '100' is not between 4096 and 4294967295 bytes"},
		{0, 604801, 0, 60, "file time '604801' is more than the largest, 604800 seconds"},
		{0, 10, 10001, 60, "file count '10001' is more than the largest, 10000"},
		{0, 10, 3, 604801, "time limit '604801' is not between 1 and 604800 seconds (continuous capture)"},
		{4096, 10, 10000, 604800, NULL},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bounds); i++) {
		capture_options_init(&o);
		o.rotate_size = bounds[i].size;
		o.rotate_seconds = bounds[i].seconds;
		o.ring = bounds[i].ring;
		o.time_limit = bounds[i].time;
		bool ok = capture_options_check(&o, &err);
		if (bounds[i].message) {
			g_assert_false(ok);
			g_assert_cmpstr(err->message, ==, bounds[i].message);
			g_clear_error(&err);
		} else {
			g_assert_true(ok);
		}
		capture_options_clear(&o);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/capture/json/values", test_json_values);
	g_test_add_func("/capture/json/errors", test_json_errors);
	g_test_add_func("/capture/config/forms", test_config_forms);
	g_test_add_func("/capture/config/errors", test_config_errors);
	g_test_add_func("/capture/config/bounds", test_bounds);
	g_test_add_func("/capture/config/continuous", test_continuous);
	return g_test_run();
}
