/* Unit tests of SOCKS (dissect/socks.c): versions 4 and 5 with and without
 * user authentication, each segment read by where its connection stands,
 * and the data after the negotiation handed to the dissector of the port
 * asked for.  Expected stacks and columns are tshark 4.0's for the same
 * bytes. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/session.h"
#include "dissect_test.h"

struct seg {
	uint16_t client;   /* the client's port (the proxy's is 1080) */
	bool to_server;
	const char *hex;
	const char *stack, *cols;
};

static const struct seg segs[] = {
	{40010, true, "050100",
	 "raw:ip:tcp:socks", "Socks|Version: 5 Connect to server request"},
	{40010, false, "0500",
	 "raw:ip:tcp:socks", "Socks|Version: 5 Connect to server response"},
	{40010, true, "050100010a0000630050",
	 "raw:ip:tcp:socks", "Socks|Version: 5 Command Request - Connect"},
	{40010, false, "050000010a0000010fa0",
	 "raw:ip:tcp:socks", "Socks|Version: 5 Command Response - Connect"},
	{40010, true, "474554202f20485454502f312e310d0a486f73743a20780d0a0d0a",
	 "raw:ip:tcp:socks:http", "HTTP|GET / HTTP/1.1 "},
	{40010, false, "485454502f312e3120323030204f4b0d0a436f6e74656e742d4c656e6774683a20300d0a0d0a",
	 "raw:ip:tcp:socks:http", "HTTP|HTTP/1.1 200 OK "},
	{40011, true, "040100500a0000637573657200",
	 "raw:ip:tcp:socks", "Socks|Version: 4 Connect to server request"},
	{40011, false, "005a00000000000000",
	 "raw:ip:tcp:socks", "Socks|Version: 4 Connect Response"},
	{40030, true, "05020002",
	 "raw:ip:tcp:socks", "Socks|Version: 5 Connect to server request"},
	{40030, false, "0502",
	 "raw:ip:tcp:socks", "Socks|Version: 5 Connect to server response"},
	{40030, true, "0104757365720470617373",
	 "raw:ip:tcp:socks", "Socks|Version: 5 User authentication request"},
	{40030, false, "0100",
	 "raw:ip:tcp:socks", "Socks|Version: 5 User authentication reply"},
	{40030, true, "050100030b6578616d706c652e636f6d01bb",
	 "raw:ip:tcp:socks", "Socks|Version: 5 Command Request - Connect"},
	{40030, false, "050000010a0000010fa0",
	 "raw:ip:tcp:socks", "Socks|Version: 5 Command Response - Connect"},
	{40031, true, "040100500000000175736572006578616d706c652e636f6d00",
	 "raw:ip:tcp:socks", "Socks|Version: 4 Connect to server request"},
	{40031, false, "005b00000000000000",
	 "raw:ip:tcp:socks", "Socks|Version: 4 Connect Response"},
	{40032, true, "050100",
	 "raw:ip:tcp:socks", "Socks|Version: 5 Connect to server request"},
	{40032, false, "0500",
	 "raw:ip:tcp:socks", "Socks|Version: 5 Connect to server response"},
	{40033, true, "474554202f20485454502f312e310d0a0d0a",
	 "raw:ip:tcp:socks", "Socks|Unknown"},
};

static uint32_t unhex(uint8_t *b, const char *hex)
{
	uint32_t n = 0;
	for (; hex[0] && hex[1]; hex += 2)
		b[n++] = (uint8_t)(g_ascii_xdigit_value(hex[0]) << 4 | g_ascii_xdigit_value(hex[1]));
	return n;
}

/* Raw IPv4 and TCP for S as frame NUMBER of session SS; SEQ holds each
 * side's next sequence number by client port. */
static void run_seg(struct dissect_session *ss, uint64_t number, const struct seg *s, uint32_t seq[][2], char *stack,
		    char *cols, size_t n)
{
	static uint8_t b[1600];
	memset(b, 0, 40);
	uint32_t len = unhex(b + 40, s->hex);
	uint8_t *ip = b, *th = b + 20;
	ip[0] = 0x45, ip[2] = (uint8_t)((40 + len) >> 8), ip[3] = (uint8_t)(40 + len), ip[8] = 64, ip[9] = 6;
	ip[12] = 10, ip[15] = s->to_server ? 1 : 2, ip[16] = 10, ip[19] = s->to_server ? 2 : 1;
	uint16_t sport = s->to_server ? s->client : 1080, dport = s->to_server ? 1080 : s->client;
	th[0] = (uint8_t)(sport >> 8), th[1] = (uint8_t)sport, th[2] = (uint8_t)(dport >> 8), th[3] = (uint8_t)dport;
	uint32_t *q = &seq[s->client % 16][s->to_server ? 0 : 1];
	for (int i = 0; i < 4; i++)
		th[4 + i] = (uint8_t)(*q >> (24 - 8 * i));
	*q += len;
	th[12] = 5 << 4, th[13] = 0x18, th[14] = 0x10;
	struct frame f = {.number = number, .caplen = 40 + len, .len = 40 + len, .linktype = LINKTYPE_RAW, .data = b};
	struct packet p;
	dissect_frame_in(&p, &f, ss, false);
	layer_stack(&p, stack, 256);
	struct columns c = {.info = g_string_new(NULL)};
	columns_fill(&c, &p);
	g_snprintf(cols, n, "%s|%s", c.proto, c.info->str);
	g_string_free(c.info, TRUE);
}

static void test_socks_connections(void)
{
	struct dissect_session *ss = dissect_session_new();
	uint32_t seq[16][2];
	for (int i = 0; i < 16; i++)
		seq[i][0] = 1000, seq[i][1] = 5000;
	char stack[256], cols[512];
	for (size_t i = 0; i < G_N_ELEMENTS(segs); i++) {
		run_seg(ss, i + 1, &segs[i], seq, stack, cols, sizeof cols);
		g_assert_cmpstr(stack, ==, segs[i].stack);
		g_assert_cmpstr(cols, ==, segs[i].cols);
	}
	dissect_session_free(ss);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/socks/connections", test_socks_connections);
	return g_test_run();
}
