/* fuzz_config.c — Network Watcher's packet-capture definitions in JSON: the
 * bytes through the JSON reader alone, then as a definition applied to
 * capture options (whose filters then become a kernel filter expression). */
#include "capture/config.h"
#include "capture/json_reader.h"
#include "capture/spec.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(jv) tree = jv_parse((const char *)data, size, &err);
	if (tree) {
		jv_get(tree, "properties");
		jv_type_name(tree->type);
	}
	g_clear_error(&err);
	struct capture_options o;
	capture_options_init(&o);
	if (capture_config_parse("fuzz.json", (const char *)data, size, &o, &err)) {
		g_free(spec_to_bpf(o.filters));
		capture_options_check(&o, NULL);
	}
	capture_options_clear(&o);
	return 0;
}
