/* Unit tests of SCTP (dissect/sctp.c): packets of two associations built
 * here chunk by chunk and dissected in one session, each one's layers and
 * its Protocol and Info columns as tshark 4.0 shows the same bytes
 * (relative TSNs, retransmissions, SACK gaps, bundles, fragments,
 * malformed chunks), and fields through display filters. */
#include <glib.h>
#include <string.h>

#include "tcp_conn_test.h"

static struct dissect_session *session;
static uint8_t buf[1500];
static struct frame fr;
static struct packet pkt;
static uint64_t number;
static char stack[512], columns[1024];

/* Chunk TYPE with FLAGS and the value of hex digits VALUE, padded. */
static GString *chunk(GString *s, uint8_t type, uint8_t flags, const char *value)
{
	size_t n = strlen(value) / 2, start = s->len;
	uint8_t h[4] = {type, flags, (uint8_t)((n + 4) >> 8), (uint8_t)(n + 4)};
	g_string_append_len(s, (const char *)h, 4);
	for (size_t i = 0; i < n; i++) {
		char b = (char)(g_ascii_xdigit_value(value[2 * i]) << 4 | g_ascii_xdigit_value(value[2 * i + 1]));
		g_string_append_c(s, b);
	}
	while ((s->len - start) % 4)
		g_string_append_c(s, 0);
	return s;
}

/* A DATA chunk: TSN, FLAGS (U B E), payload protocol 0 and PAYLOAD. */
static GString *data(GString *s, uint32_t tsn, uint8_t flags, const char *payload)
{
	char v[256];
	g_snprintf(v, sizeof v, "%08x00000000" "00000000%s", tsn, payload);
	return chunk(s, 0, flags, v);
}

/* Sends the chunks CHUNKS (freed) from 10.0.0.1:SPORT to 10.0.0.2:DPORT,
 * or back when BACK, and checks the layers and "PROTOCOL|INFO". */
static void send(bool back, uint16_t sport, uint16_t dport, GString *chunks, const char *want_stack,
		 const char *want_cols)
{
	uint32_t len = 20 + 12 + (uint32_t)chunks->len;
	memset(buf, 0, 32);
	buf[0] = 0x45;
	buf[2] = (uint8_t)(len >> 8), buf[3] = (uint8_t)len;
	buf[8] = 64, buf[9] = 132;
	buf[12] = 10, buf[15] = back ? 2 : 1;
	buf[16] = 10, buf[19] = back ? 1 : 2;
	buf[20] = (uint8_t)(sport >> 8), buf[21] = (uint8_t)sport;
	buf[22] = (uint8_t)(dport >> 8), buf[23] = (uint8_t)dport;
	buf[27] = 1; /* verification tag */
	memcpy(buf + 32, chunks->str, chunks->len);
	g_string_free(chunks, TRUE);
	fr = (struct frame){.number = ++number, .caplen = len, .len = len, .linktype = LINKTYPE_RAW, .data = buf};
	conn_dissect(session, &fr, &pkt, stack, sizeof stack, columns, sizeof columns);
	g_assert_cmpstr(stack, ==, want_stack);
	g_assert_cmpstr(columns, ==, want_cols);
}

static bool keeps(const char *text)
{
	GError *err = NULL;
	g_autoptr(dfilter) f = dfilter_compile(text, &err);
	if (!f)
		g_error("'%s': %s", text, err->message);
	return dfilter_match(f, &pkt);
}

#define S "raw:ip:sctp"
#define SD "raw:ip:sctp:data"

static void test_association(void)
{
	session = dissect_session_new();
	/* INIT (initial TSN 1000) and INIT_ACK (2000): names only */
	send(false, 5000, 6000, chunk(g_string_new(NULL), 1, 0, "00001234" "0000ffff" "000a000a" "000003e8"), S,
	     "SCTP|INIT ");
	g_assert_true(keeps("sctp.srcport == 5000 && sctp.dstport == 6000 && sctp.port == 6000 && sctp.chunk_type == 1"));
	send(true, 6000, 5000, chunk(g_string_new(NULL), 2, 0, "00005678" "0000ffff" "000a000a" "000007d0"), S,
	     "SCTP|INIT_ACK ");
	/* TSNs relative to the first its direction sent, not to INIT's */
	send(false, 5000, 6000, data(g_string_new(NULL), 1005, 3, "68656c6c6f"), SD, "SCTP|DATA (TSN=0) ");
	g_assert_true(keeps("sctp.data_tsn_raw == 1005 && sctp.data_payload_proto_id == 0 && sctp.chunk_flags == 3"));
	send(true, 6000, 5000, chunk(g_string_new(NULL), 3, 0, "000003ed" "0000ffff" "00000000"), S,
	     "SCTP|SACK (Ack=0, Arwnd=65535) ");
	send(false, 5000, 6000, data(g_string_new(NULL), 1003, 3, "68656c6c6f"), SD, "SCTP|DATA (TSN=4294967294) ");
	/* two DATA chunks: the second in an sctp layer of its own */
	GString *two = data(g_string_new(NULL), 2000, 3, "6869");
	send(true, 6000, 5000, data(two, 2001, 3, "6869"), "raw:ip:sctp:data:sctp:data",
	     "SCTP|DATA (TSN=0) DATA (TSN=1) ");
	/* a SACK with gap blocks: the last block's end after the Ack */
	send(false, 5000, 6000, chunk(g_string_new(NULL), 3, 0, "000007d1" "00000064" "00010001" "00020003" "000007d0"),
	     S, "SCTP|SACK (Ack=1+3, Arwnd=100) ");
	/* a retransmission: its data not read again */
	send(false, 5000, 6000, data(g_string_new(NULL), 1005, 3, "68656c6c6f"), S,
	     "SCTP|DATA (TSN=0) (retransmission) ");
	/* a message in fragments: the first piece only named */
	GString *frag = data(g_string_new(NULL), 1006, 2, "616263");
	send(false, 5000, 6000, data(frag, 1007, 1, "646566"), "raw:ip:sctp:sctp:data",
	     "SCTP|DATA (TSN=1) (Message Fragment) DATA (TSN=2) ");
	/* another association between the same addresses counts afresh */
	send(false, 5000, 3868, data(g_string_new(NULL), 7, 3, "00"), SD, "SCTP|DATA (TSN=0) ");
	/* the other direction sent nothing there: the Ack as sent */
	send(true, 3868, 5000, chunk(g_string_new(NULL), 3, 0, "00000007" "0000ffff" "00000000"), S,
	     "SCTP|SACK (Ack=0, Arwnd=65535) ");
	send(false, 5000, 3868, chunk(g_string_new(NULL), 3, 0, "00000005" "0000ffff" "00000000"), S,
	     "SCTP|SACK (Ack=5, Arwnd=65535) ");
	dissect_session_free(session);
}

static void test_chunks(void)
{
	session = dissect_session_new();
	GString *c = g_string_new(NULL);
	chunk(c, 0x41, 0, "");
	chunk(c, 0x82, 0, "");
	chunk(c, 0x84, 0, "");
	chunk(c, 0x81, 0, "");
	chunk(c, 0xc1, 0, "");
	chunk(c, 12, 0, "00000001");
	chunk(c, 13, 0, "00000001");
	send(false, 5000, 6000, chunk(c, 17, 0, ""), S, "SCTP|RESERVED RE_CONFIG PAD PKTDROP ASCONF ECNE CWR RESERVED ");
	c = chunk(g_string_new(NULL), 10, 0, "636f6f6b");
	send(false, 5000, 6000, data(c, 100, 3, "00"), SD, "SCTP|COOKIE_ECHO DATA (TSN=0) ");
	/* a DATA chunk too short for its header is only named */
	send(false, 5000, 6000, chunk(g_string_new(NULL), 0, 3, "000003f000"), S, "SCTP|DATA ");
	g_assert_false(keeps("_ws.malformed || sctp.data_tsn_raw"));
	/* fixed fields past the chunk's length: malformed */
	send(false, 5000, 6000, chunk(g_string_new(NULL), 3, 0, "0000"), S, "SCTP|SACK [Malformed Packet]");
	g_assert_true(keeps("_ws.malformed"));
	c = chunk(g_string_new(NULL), 0x40, 0, "0102");
	chunk(c, 0x80, 0, "");
	chunk(c, 0xc0, 0, "000003f0");
	send(false, 5000, 6000, chunk(c, 15, 0, ""), "raw:ip:sctp:sctp",
	     "SCTP|I_DATA ASCONF_ACK FORWARD_TSN AUTH [Malformed Packet]");
	g_assert_true(keeps("_ws.malformed && sctp.chunk_type == 0xc0"));
	/* no chunk at all */
	send(false, 5000, 6000, g_string_new(NULL), S, "SCTP|");
	dissect_session_free(session);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/sctp/association", test_association);
	g_test_add_func("/sctp/chunks", test_chunks);
	return g_test_run();
}
