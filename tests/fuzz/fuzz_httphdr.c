/* fuzz_httphdr.c — HTTP header lines, as the storage client reads a
 * response's (each line handed to the header callback, as libcurl does)
 * and as the HTTP dissector reads a message in a packet: start line,
 * header, the message's length and its body as http.file_data, whole and
 * as the kept start of a longer message. */
#include <string.h>

#include "capture/storage_http.h"
#include "dissect/dissect.h"
#include "tests/fuzz/fuzz.h"

static void storage_lines(const uint8_t *data, size_t size)
{
	struct storage_resp r = {0};
	storage_resp_reset(&r);
	size_t at = 0;
	while (at < size) {
		const uint8_t *lf = memchr(data + at, '\n', size - at);
		size_t n = lf ? (size_t)(lf - (data + at)) + 1 : size - at;
		/* a line of its own size: libcurl hands no NUL after it */
		g_autofree char *line = g_memdup2(data + at, n);
		storage_header_cb(line, 1, n, &r);
		at += n;
	}
	storage_resp_clear(&r);
}

static void message(const uint8_t *data, size_t size)
{
	uint32_t n = (uint32_t)MIN(size, 1u << 20);
	struct http_info hi;
	if (http_parse(data, n, &hi)) {
		static uint8_t buf[65536];
		const uint8_t *body;
		uint32_t len;
		http_file_data(data, n, &hi, false, buf, sizeof buf, &body, &len);
		http_file_data(data, n, &hi, true, buf, sizeof buf, &body, &len);
	}
	http_pdu_len(data, n);
	http_port_pdu_len(data, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	storage_lines(data, size);
	message(data, size);
	return 0;
}
