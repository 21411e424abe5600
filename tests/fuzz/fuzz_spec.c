/* fuzz_spec.c — 5-tuple filters: the command line's SPEC
 * (protocol=TCP,local-ip=...,remote-port=...) and its kernel filter
 * expression, and Network Watcher's value forms ("10.0.0.4-10.0.0.20",
 * "80;443;") for addresses and for ports. */
#include "capture/spec.h"
#include "tests/fuzz/fuzz.h"

static void clear_values(struct value_set *v)
{
	if (v->list)
		g_array_free(v->list, TRUE);
	v->list = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *text = fuzz_text(data, size);
	struct capture_filter f = {0};
	if (spec_parse(text, &f, NULL)) {
		GArray *all = g_array_new(FALSE, TRUE, sizeof(struct capture_filter)); /* struct capture_filter */
		g_array_append_val(all, f);
		g_array_append_val(all, f);
		g_free(spec_to_bpf(all));
		g_array_free(all, TRUE);
	}
	capture_filter_clear(&f);
	for (int port = 0; port < 2; port++) {
		struct value_set v = {0};
		spec_parse_values("fuzz", text, port, &v, NULL);
		clear_values(&v);
	}
	CaptureProto proto;
	spec_parse_protocol("protocol", text, &proto, NULL);
	return 0;
}
