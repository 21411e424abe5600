/* Unit tests of IEC 60870-5-104 on TCP port 2404: a connection built here
 * segment by segment, each segment's layers and its Protocol and Info
 * columns as tshark 4.0 shows the same bytes, the fields through display
 * filters, several APDUs in a segment, one split over two segments, and
 * the damaged ones (an error prefix, lengths out of range, an ASDU that
 * ends inside its header or inside an object). */
#include <glib.h>
#include <string.h>

#include "tcp_conn_test.h"

#define APCI "raw:ip:tcp:iec60870_104"
#define ASDU APCI ":iec60870_asdu"

/* Sends HEX from the client (TO_SERVER) or the server and checks the
 * segment's layers and "PROTOCOL|INFO". */
static void send_check(struct tcp_conn *k, bool to_server, const char *hex, const char *stack, const char *cols)
{
	tcp_conn_send_hex(k, to_server, hex);
	g_assert_cmpstr(k->stack, ==, stack);
	g_assert_cmpstr(k->cols, ==, cols);
}

static const char *protocols(struct tcp_conn *k)
{
	static char buf[256];
	return frame_protocols(&k->p, buf, sizeof buf);
}

/* U, S and I formats: the arrow from the server's port, the numbers, the
 * ASDU's type, cause and address; the fields a filter reads. */
static void test_formats(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 2404);
	send_check(k, true, "680407000000", APCI, "IEC 60870-5-104|<- U (STARTDT act) ");
	g_assert_true(tcp_conn_keeps(k, "iec60870_104.type == 3 && iec60870_104.utype == 1 && iec60870_104.apdulen == 4"));
	g_assert_false(tcp_conn_keeps(k, "iec60870_104.tx || iec60870_104.rx || iec60870_asdu || iec60870_104.data"));
	send_check(k, false, "68040b000000", APCI, "IEC 60870-5-104|-> U (STARTDT con) ");
	g_assert_true(tcp_conn_keeps(k, "iec60870_104.utype == 0x02"));
	send_check(k, true, "680e0000000064010600010000000014", ASDU,
		   "IEC 60870-5 ASDU|<- I (0,0) ASDU=1 C_IC_NA_1 Act     IOA=0");
	g_assert_true(tcp_conn_keeps(k, "iec60870_104.type == 0 && iec60870_104.tx == 0 && iec60870_104.rx == 0"));
	g_assert_true(tcp_conn_keeps(k, "iec60870_asdu.typeid == 100 && iec60870_asdu.causetx == 6 && iec60870_asdu.addr == 1"));
	g_assert_true(tcp_conn_keeps(k, "iec60870_asdu.ioa == 0 && iec60870_asdu.numix == 1 && iec60870_asdu.sq == 0"));
	g_assert_true(tcp_conn_keeps(k, "iec60870_asdu.oa == 0 && iec60870_asdu.nega == 0 && iec60870_asdu.test == 0"));
	send_check(k, false, "680e0000020064010700010000000014", ASDU,
		   "IEC 60870-5 ASDU|-> I (0,1) ASDU=1 C_IC_NA_1 ActCon  IOA=0");
	g_assert_true(tcp_conn_keeps(k, "iec60870_104.rx == 1 && iec60870_asdu.causetx == 7"));
	send_check(k, false, "680401000200", APCI, "IEC 60870-5-104|-> S (1) ");
	g_assert_true(tcp_conn_keeps(k, "iec60870_104.type == 1 && iec60870_104.rx == 1 && !iec60870_104.tx"));
	/* the negative and test bits follow the cause, unpadded */
	send_check(k, false, "680e0c0002006401c700010000000014", ASDU,
		   "IEC 60870-5 ASDU|-> I (6,1) ASDU=1 C_IC_NA_1 ActCon_NEGA_TEST IOA=0");
	g_assert_true(tcp_conn_keeps(k, "iec60870_asdu.nega == 1 && iec60870_asdu.test == 1 && iec60870_104.tx == 6"));
	/* a cause, a type and a U function without a name */
	send_check(k, false, "680e1000020064013f00010000000014", ASDU,
		   "IEC 60870-5 ASDU|-> I (8,1) ASDU=1 C_IC_NA_1  <CauseTx=63> IOA=0");
	send_check(k, false, "680e1200020063010600010000000014", ASDU,
		   "IEC 60870-5 ASDU|-> I (9,1) ASDU=1 <TypeId=99> Act     IOA=0");
	send_check(k, false, "6804ff000000", APCI, "IEC 60870-5-104|-> U (<ERR>) ");
	g_assert_true(tcp_conn_keeps(k, "iec60870_104.utype == 0x3f"));
	tcp_conn_free(k);
}

/* The objects' addresses: a list names the first and goes on with ",...",
 * a sequence (SQ) its range; every address is a value of the field. */
static void test_objects(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 2404);
	send_check(k, false, "6810000002000183140001000a0000010001", ASDU,
		   "IEC 60870-5 ASDU|-> I (0,1) ASDU=1 M_SP_NA_1 Inrogen IOA[3]=10-12");
	g_assert_true(tcp_conn_keeps(k, "iec60870_asdu.sq == 1 && iec60870_asdu.numix == 3 && iec60870_asdu.causetx == 20"));
	g_assert_true(tcp_conn_keeps(k, "iec60870_asdu.ioa == 10 && iec60870_asdu.ioa == 11 && iec60870_asdu.ioa == 12"));
	g_assert_false(tcp_conn_keeps(k, "iec60870_asdu.ioa == 13"));
	/* a type shown as its first address and raw bytes */
	send_check(k, false, "681300000200290103000100050403000000000000", ASDU,
		   "IEC 60870-5 ASDU|-> I (0,1) ASDU=1 S_IT_TC_1 Spont   IOA=197637");
	g_assert_true(tcp_conn_keeps(k, "iec60870_asdu.ioa == 197637 && iec60870_asdu.typeid == 41"));
	/* the second object's address and element past the ASDU's end:
	 * malformed, only the first address read */
	send_check(k, false, "6811000002000103030001000a0000010b0000", ASDU,
		   "IEC 60870-5 ASDU|-> I (0,1) ASDU=1 M_SP_NA_1 Spont   IOA[3]=10,...[Malformed Packet]");
	g_assert_true(tcp_conn_keeps(k, "iec60870_asdu.ioa == 10 && _ws.malformed"));
	g_assert_false(tcp_conn_keeps(k, "iec60870_asdu.ioa == 11"));
	/* an ASDU ending inside its header: no Info of its own, the fields
	 * whose bytes it has */
	send_check(k, false, "680700000000640106", ASDU, "IEC 60870-5 ASDU|-> I (0,0) [Malformed Packet]");
	g_assert_true(tcp_conn_keeps(k, "iec60870_asdu.typeid == 100 && iec60870_asdu.causetx == 6 && _ws.malformed"));
	g_assert_false(tcp_conn_keeps(k, "iec60870_asdu.addr || iec60870_asdu.ioa || iec60870_asdu.oa"));
	tcp_conn_free(k);
}

/* Several APDUs in a segment, their Info joined with " | ", the Protocol
 * column the last one's; one split over two segments. */
static void test_framing(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 2404);
	send_check(k, false,
		   "681602000200010314000100010000000200000103000000"
		   "6817040002000d8203000100e80300000080" "3f0000000040" "00",
		   ASDU ":iec60870_104:iec60870_asdu",
		   "IEC 60870-5 ASDU|-> I (1,1) ASDU=1 M_SP_NA_1 Inrogen IOA[3]=1,... | "
		   "-> I (2,1) ASDU=1 M_ME_NC_1 Spont   IOA[2]=1000-1001");
	/* the second is handed to the dissector directly: no protocol of the
	 * frame of its own, but its ASDU is */
	g_assert_cmpstr(protocols(k), ==, "raw:ip:tcp:iec60870_104:iec60870_asdu:iec60870_asdu");
	g_assert_true(tcp_conn_keeps(k, "iec60870_asdu.ioa == 3 && iec60870_asdu.ioa == 1001 && iec60870_104.tx == 2"));
	send_check(k, false, "680401000200680e0000020064010700010000000014", APCI ":iec60870_104:iec60870_asdu",
		   "IEC 60870-5 ASDU|-> S (1)  | -> I (0,1) ASDU=1 C_IC_NA_1 ActCon  IOA=0");
	send_check(k, false, "680e0000020064010700010000000014680401000200", ASDU ":iec60870_104",
		   "IEC 60870-5-104|-> I (0,1) ASDU=1 C_IC_NA_1 ActCon  IOA=0 | -> S (1) ");
	send_check(k, false, "680443000000680483000000", APCI ":iec60870_104",
		   "IEC 60870-5-104|-> U (TESTFR act)  | -> U (TESTFR con) ");
	/* six bytes are gathered before the length is believed */
	tcp_conn_send_hex(k, false, "680e1600");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	g_assert_true(g_str_has_prefix(k->cols, "TCP|") && g_str_has_suffix(k->cols, " [TCP segment of a reassembled PDU]"));
	send_check(k, false, "020064010600010000000014", ASDU ":tcp.segments",
		   "IEC 60870-5 ASDU|-> I (11,1) ASDU=1 C_IC_NA_1 Act     IOA=0");
	g_assert_true(tcp_conn_keeps(k, "iec60870_104.apdulen == 14 && iec60870_asdu.typeid == 100 && tcp.segments"));
	tcp_conn_free(k);
}

/* Bytes before the 0x68 (an error prefix), a length past 253, one below 4
 * (Wireshark's framing stops the segment: malformed, TCP's columns), no
 * start at all (the protocol named, TCP's Info kept). */
static void test_damaged(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 2404);
	send_check(k, false, "0000680443000000", APCI, "IEC 60870-5-104|<ERR prefix 2 bytes> -> U (TESTFR act) ");
	g_assert_true(tcp_conn_keeps(k, "iec60870_104.data == 00:00 && iec60870_104.utype == 0x10"));
	char hex[2 * 256 + 1] = "68fe01000000";
	for (size_t i = strlen(hex); i < 2 * 256; i++)
		hex[i] = '0';
	hex[2 * 256] = 0;
	send_check(k, false, hex, APCI, "IEC 60870-5-104|<ERR ApduLen=254 bytes> (0) ");
	g_assert_true(tcp_conn_keeps(k, "iec60870_104.apdulen == 254 && iec60870_104.type == 1"));
	tcp_conn_send_hex(k, true, "680207000000");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:iec60870_104");
	g_assert_cmpstr(protocols(k), ==, "raw:ip:tcp:iec60870_104");
	g_assert_true(g_str_has_prefix(k->cols, "TCP|40000 → 2404 ") && g_str_has_suffix(k->cols, "Len=6[Malformed Packet]"));
	g_assert_true(tcp_conn_keeps(k, "_ws.malformed"));
	g_assert_false(tcp_conn_keeps(k, "iec60870_104"));
	tcp_conn_send_hex(k, false, "0102030405060708");
	g_assert_cmpstr(k->stack, ==, APCI);
	g_assert_true(g_str_has_prefix(k->cols, "IEC 60870-5-104|2404 → 40000 ") && g_str_has_suffix(k->cols, "Len=8"));
	g_assert_true(tcp_conn_keeps(k, "iec60870_104.data == 01:02:03:04:05:06:07"));
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/iec104/formats", test_formats);
	g_test_add_func("/iec104/objects", test_objects);
	g_test_add_func("/iec104/framing", test_framing);
	g_test_add_func("/iec104/damaged", test_damaged);
	return g_test_run();
}
