/* fuzz_filter.c — the display-filter compiler and evaluator.  The bytes up
 * to the first NUL are a filter; the bytes after it, when there are any,
 * an Ethernet frame.  The filter is compiled (an error gets its caret
 * line); a filter that compiles is matched against that frame and against
 * three built-in frames (a TCP SYN, an HTTP request, a DNS query), each
 * dissected with its fields reachable. */
#include <string.h>

#include "analyzer/filter/filter.h"
#include "dissect/dissect.h"
#include "tests/fuzz/fuzz.h"

/* TCP SYN 10.0.0.1:40000 -> 10.0.0.2:80 with MSS, SACK-permitted, window scale. */
static const uint8_t syn[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x34, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,
	0x00, 0x02, 0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x80, 0x02,
	0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x07, 0x04, 0x02,
	0x00, 0x00,
};

/* An HTTP GET with a Host header, 10.0.0.1:40000 -> 10.0.0.2:80. */
static const char http_text[] = "GET /a/b?c=d HTTP/1.1\r\nHost: example.test\r\nUser-Agent: x/1\r\n\r\n";

/* A DNS query for www.example.test (A), 10.0.0.1:5353 -> 10.0.0.53:53. */
static const uint8_t dns_query[] = {
	0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 'w', 'w', 'w',
	0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x04, 't', 'e', 's', 't', 0x00, 0x00, 0x01, 0x00, 0x01,
};

#define BUILT_IN 3

struct fixed {
	uint8_t bytes[256];
	struct frame f;
	struct packet p;
};

static struct fixed fixed[BUILT_IN];

/* An Ethernet/IPv4 frame of PROTO from 10.0.0.1 to 10.0.0.DST carrying L4
 * (N bytes, its header included) in OUT; returns its length. */
static uint32_t ipv4_frame(uint8_t *out, uint8_t proto, uint8_t dst, const uint8_t *l4, uint32_t n)
{
	static const uint8_t eth_ip[] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0x08, 0x00, 0x45, 0x00,
		0x00, 0x00, 0x00, 0x01, 0x40, 0x00, 0x40, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,
		0x00, 0x00,
	};
	memcpy(out, eth_ip, sizeof eth_ip);
	out[16] = (uint8_t)((20 + n) >> 8);
	out[17] = (uint8_t)(20 + n);
	out[23] = proto;
	out[33] = dst;
	memcpy(out + sizeof eth_ip, l4, n);
	return (uint32_t)sizeof eth_ip + n;
}

static void set_frame(struct fixed *x, uint32_t len, uint64_t number)
{
	x->f = (struct frame){.number = number, .caplen = len, .len = len, .linktype = LINKTYPE_ETHERNET,
			      .data = x->bytes, .ts_ns = INT64_C(1700000000000000000) + (int64_t)number,
			      .ts_sec = 1700000000, .ts_nsec = (uint32_t)number};
	dissect_frame(&x->p, &x->f);
}

static void build_fixed(void)
{
	memcpy(fixed[0].bytes, syn, sizeof syn);
	set_frame(&fixed[0], sizeof syn, 1);
	/* HTTP: TCP header (PSH, ACK) then the request */
	uint8_t tcp[20 + sizeof http_text] = {0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 2, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff};
	memcpy(tcp + 20, http_text, sizeof http_text - 1);
	set_frame(&fixed[1], ipv4_frame(fixed[1].bytes, 6, 2, tcp, 20 + sizeof http_text - 1), 2);
	uint8_t udp[8 + sizeof dns_query] = {0x14, 0xe9, 0x00, 0x35, 0, (uint8_t)(8 + sizeof dns_query), 0, 0};
	memcpy(udp + 8, dns_query, sizeof dns_query);
	set_frame(&fixed[2], ipv4_frame(fixed[2].bytes, 17, 53, udp, sizeof udp), 3);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		build_fixed();
		ready = true;
	}
	const uint8_t *nul = memchr(data, 0, size);
	g_autofree char *text = fuzz_text(data, nul ? (size_t)(nul - data) : size);
	g_autoptr(GError) err = NULL;
	g_autoptr(dfilter) f = dfilter_compile(text, &err);
	if (!f) {
		g_free(dfilter_error_caret(text, dfilter_error_column(err)));
		return 0;
	}
	dfilter_depth(f);
	for (int i = 0; i < BUILT_IN; i++)
		dfilter_match(f, &fixed[i].p);
	if (nul && (size_t)(nul - data) + 1 < size) {
		/* the frame's bytes in a buffer of their own size */
		uint32_t n = (uint32_t)MIN(size - (size_t)(nul - data) - 1, 65535);
		g_autofree uint8_t *bytes = g_memdup2(nul + 1, n);
		struct frame fr = {.number = 4, .caplen = n, .len = n, .linktype = LINKTYPE_ETHERNET, .data = bytes,
				   .ts_ns = INT64_C(1700000000000000004), .ts_sec = 1700000000, .ts_nsec = 4};
		g_autofree struct packet *p = g_new0(struct packet, 1);
		dissect_frame(p, &fr);
		dfilter_match(f, p);
	}
	return 0;
}
