/* Unit tests of message protocols that a heuristic or a port finds: over
 * TCP (FIX, Bitcoin, CQL, DRDA) connections built here segment by segment, each segment's layers
 * and its Protocol and Info columns as tshark 4.0 shows the same bytes,
 * fields through display filters, messages split over segments, several in
 * one segment, and lengths a framing refuses; over UDP (CPHA, LSD) single
 * datagrams. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "tcp_conn_test.h"
#include "udp_frame.h"

/* Sends HEX from the client (TO_SERVER) or the server and checks the
 * segment's layers and its "PROTOCOL|INFO". */
static void sends(struct tcp_conn *k, bool to_server, const char *hex, const char *stack, const char *cols)
{
	tcp_conn_send_hex(k, to_server, hex);
	g_assert_cmpstr(k->stack, ==, stack);
	g_assert_cmpstr(k->cols, ==, cols);
}

/* Sends bytes (N of them) as one segment and checks it as sends() does. */
static void sends_bytes(struct tcp_conn *k, bool to_server, const char *b, size_t n, const char *stack,
			const char *cols)
{
	tcp_conn_send(k, to_server, (const uint8_t *)b, (uint32_t)n, (uint32_t)n);
	g_assert_cmpstr(k->stack, ==, stack);
	g_assert_cmpstr(k->cols, ==, cols);
}

/* A FIX message of version V with BODY (its fields, each ended by SOH)
 * into OUT (SIZE bytes): BeginString, BodyLength, the body, the checksum
 * (the byte sum modulo 256) as FIX writes them.  Returns its length. */
static size_t fix_msg(char *out, size_t size, const char *v, const char *body)
{
	int n = g_snprintf(out, size, "8=%s\0019=%zu\001%s", v, strlen(body), body);
	unsigned sum = 0;
	for (int i = 0; i < n; i++)
		sum += (uint8_t)out[i];
	n += g_snprintf(out + n, size - (size_t)n, "10=%03u\001", sum % 256);
	return (size_t)n;
}

/* FIX: the connection is FIX from the first segment that opens with
 * "8=FIX", both ways; each message's type names it; two messages in one
 * segment; bytes that start no message are a continuation; a message over
 * two segments; a continuation shorter than a message can be (it runs to an
 * SOH '8' and a zero byte ends the scan for more) is malformed. */
static void test_fix(void)
{
	char a[256], b[256];
	struct tcp_conn *k = tcp_conn_new(50100, 4000);
	/* before any message start: data */
	sends_bytes(k, false, "8=O\0019=0019\00135=P\001xyzxyz", 22, "raw:ip:tcp:data",
		    "TCP|4000 → 50100 [PSH, ACK] Seq=5000 Ack=0 Win=4096 Len=22");
	size_t n = fix_msg(a, sizeof a, "FIX.4.2", "35=0\001");
	g_assert_cmpuint(n, ==, 26);
	sends_bytes(k, true, a, n, "raw:ip:tcp:fix", "FIX|Heartbeat");
	g_assert_true(tcp_conn_keeps(k, "fix.MsgType == \"0\" && fix.BeginString == \"FIX.4.2\""));
	g_assert_true(tcp_conn_keeps(k, "fix.CheckSum == \"161\" && fix.BodyLength == \"5\""));
	size_t m = fix_msg(b, sizeof b, "FIX.4.2", "35=1\001112=farm\001");
	memcpy(a + n, b, m);
	sends_bytes(k, true, a, n + m, "raw:ip:tcp:fix:fix", "FIX|Heartbeat, TestRequest");
	g_assert_true(tcp_conn_keeps(k, "fix.MsgType == \"1\""));
	/* the server's bytes that start no message: one continuation */
	sends_bytes(k, false, "8=O\0019=0019\00135=P\001xyzxyzxyzxyzxyz", 30, "raw:ip:tcp:fix",
		    "FIX|[FIX continuation]");
	g_assert_true(tcp_conn_keeps(k, "fix.data[0:3] == 38:3d:4f"));
	g_assert_false(tcp_conn_keeps(k, "fix.MsgType"));
	/* a message of a type of no name, over two segments */
	n = fix_msg(a, sizeof a, "FIX.4.4", "35=U\00134=7\001");
	g_assert_cmpuint(n, ==, 32);
	sends_bytes(k, true, a, 20, "raw:ip:tcp",
		    "TCP|50100 → 4000 [PSH, ACK] Seq=1088 Ack=0 Win=4096 Len=20 [TCP segment of a reassembled PDU]");
	sends_bytes(k, true, a + 20, n - 20, "raw:ip:tcp:fix:tcp.segments", "FIX|FIX Message (U)");
	g_assert_true(tcp_conn_keeps(k, "fix.MsgType == \"U\" && tcp.segments"));
	/* a continuation ending at its first SOH '8' (a zero byte follows):
	 * 17 bytes, under the 24 a message takes */
	memcpy(b, "8=O\0019=0046\00135=P\001\0018", 18);
	memset(b + 18, 0, 20);
	sends_bytes(k, false, b, 38, "raw:ip:tcp:fix",
		    "TCP|4000 → 50100 [PSH, ACK] Seq=5052 Ack=0 Win=4096 Len=38[Malformed Packet]");
	g_assert_false(tcp_conn_keeps(k, "fix"));
	g_assert_true(tcp_conn_keeps(k, "_ws.malformed"));
	/* a message's header without its type: no name */
	sends_bytes(k, true, "8=FIX.4.2\0019=8\00135=\001xxx\00110=000\001", 29, "raw:ip:tcp:fix",
		    "FIX|");
	tcp_conn_free(k);
	/* a connection whose first segment is no FIX message stays as it is */
	k = tcp_conn_new(50101, 4000);
	sends(k, true, "383d4649", "raw:ip:tcp:data", "TCP|50101 → 4000 [PSH, ACK] Seq=1000 Ack=0 Win=4096 Len=4");
	tcp_conn_free(k);
}

/* Bitcoin: found by the magic of its first message on any port (8333 is
 * none of its own), then the connection is Bitcoin both ways; Info the
 * segment's commands; a message over two segments shows the first as a
 * segment of a reassembled message only (Bitcoin clears Info first); a
 * command Wireshark does not know; testnet3's magic. */
static void test_bitcoin(void)
{
	struct tcp_conn *k = tcp_conn_new(50200, 8333);
	sends(k, true, "0000000000000000", "raw:ip:tcp:data", "TCP|50200 → 8333 [PSH, ACK] Seq=1000 Ack=0 Win=4096 Len=8");
	sends(k, true, "f9beb4d970696e67000000000000000008000000010203040001020304050607", "raw:ip:tcp:bitcoin",
	      "Bitcoin|ping");
	g_assert_true(tcp_conn_keeps(k, "bitcoin.magic == 0xf9beb4d9 && bitcoin.command == \"ping\""));
	g_assert_true(tcp_conn_keeps(k, "bitcoin.length == 8 && bitcoin.checksum == 0x01020304"));
	sends(k, false,
	      "f9beb4d976657261636b0000000000000000000001020304f9beb4d9696e7600000000000000000025000000010203040100"
	      "0000000000000000000000000000000000000000000000000000000000000000000000f9beb4d96765746461746100000000"
	      "00010000000102030400",
	      "raw:ip:tcp:bitcoin:bitcoin:bitcoin", "Bitcoin|verack, inv, getdata");
	g_assert_true(tcp_conn_keeps(k, "bitcoin.command == \"getdata\" && bitcoin.length == 37"));
	sends(k, true, "f9beb4d9706f6e67000000000000000008000000", "raw:ip:tcp",
	      "TCP|[TCP segment of a reassembled PDU]");
	sends(k, true, "010203040001020304050607", "raw:ip:tcp:bitcoin:tcp.segments", "Bitcoin|pong");
	sends(k, false, "f9beb4d9666f6f00000000000000000002000000010203046162", "raw:ip:tcp:bitcoin",
	      "Bitcoin|[unknown command]");
	g_assert_true(tcp_conn_keeps(k, "bitcoin.command == \"foo\""));
	/* a header over two segments, a message after it */
	sends(k, false, "f9beb4d976657261636b00000000000000000000", "raw:ip:tcp", "TCP|[TCP segment of a reassembled PDU]");
	sends(k, false, "01020304f9beb4d9706f6e67000000000000000008000000010203040000000000000000",
	      "raw:ip:tcp:bitcoin:tcp.segments:bitcoin", "Bitcoin|verack, pong");
	tcp_conn_free(k);
	k = tcp_conn_new(50201, 18333);
	sends(k, true, "0b11090770696e67000000000000000008000000010203040000000000000000", "raw:ip:tcp:bitcoin",
	      "Bitcoin|ping");
	g_assert_true(tcp_conn_keeps(k, "bitcoin.magic == 0x0b110907"));
	tcp_conn_free(k);
}

/* CQL: each message's version, direction and opcode; a message over two
 * segments; two in one segment (the last one's Info); an opcode of no
 * name; a length that wraps below the header's is malformed. */
static void test_cql(void)
{
	struct tcp_conn *k = tcp_conn_new(50300, 9042);
	sends(k, true, "040000000500000000", "raw:ip:tcp:cql", "CQL|v4 C->S Type OPTIONS");
	g_assert_true(tcp_conn_keeps(k, "cql.opcode == 5 && cql.protocol_version == 4 && cql.direction == 0"));
	sends(k, false, "8400000006000000020000", "raw:ip:tcp:cql", "CQL|v4 S->C Type SUPPORTED");
	g_assert_true(tcp_conn_keeps(k, "cql.direction == 8 && cql.message_length == 2 && cql.version == 0x84"));
	sends(k, true, "04000001070000000b0000000461626364000100", "raw:ip:tcp:cql", "CQL|v4 C->S Type QUERY");
	sends(k, false, "840000010800", "raw:ip:tcp",
	      "TCP|9042 → 50300 [PSH, ACK] Seq=5011 Ack=0 Win=4096 Len=6 [TCP segment of a reassembled PDU]");
	sends(k, false, "00000400000001", "raw:ip:tcp:cql:tcp.segments", "CQL|v4 S->C Type RESULT");
	sends(k, true, "0400000201000000020000040000030b000000020000", "raw:ip:tcp:cql:cql", "CQL|v4 C->S Type REGISTER");
	sends(k, true, "0300ffff6300000000", "raw:ip:tcp:cql", "CQL|v3 C->S Type Unknown (0x63)");
	g_assert_true(tcp_conn_keeps(k, "cql.stream < 0"));
	/* a signed field equals a negative literal, and orders among them */
	g_assert_true(tcp_conn_keeps(k, "cql.stream == -1 && cql.stream > -2 && cql.stream >= -1"));
	g_assert_false(tcp_conn_keeps(k, "cql.stream == -2 || cql.stream < -1 || cql.stream == 65535"));
	sends(k, true, "0400000507fffffffa61626364", "raw:ip:tcp:cql",
	      "TCP|50300 → 9042 [PSH, ACK] Seq=1060 Ack=0 Win=4096 Len=13[Malformed Packet]");
	g_assert_false(tcp_conn_keeps(k, "cql"));
	tcp_conn_free(k);
}

/* DRDA: found by its heuristic on any port, then the connection is DRDA
 * both ways; Info the segment's code points; a DSS over two segments (the
 * first shows only that it is a segment of one); a code point of no name;
 * a length under the header's is malformed, DRDA's name and emptied Info
 * staying. */
static void test_drda(void)
{
	struct tcp_conn *k = tcp_conn_new(50400, 446);
	/* the two lengths not 6 apart: no DRDA */
	sends(k, true, "0012d0410001000d1041", "raw:ip:tcp:data",
	      "TCP|50400 → 446 [PSH, ACK] Seq=1000 Ack=0 Win=4096 Len=10");
	sends(k, true, "0012d0410001000c10410008115e616263640010d0010002000a106d000611a20003", "raw:ip:tcp:drda:drda",
	      "DRDA|EXCSAT | ACCSEC");
	g_assert_true(tcp_conn_keeps(k, "drda.ddm.codepoint == 0x106d && drda.ddm.rqscrr == 2"));
	g_assert_true(tcp_conn_keeps(k, "drda.ddm.fmt.dsstyp == 1 && drda.ddm.length2 == 12 && drda.ddm.ddmid == 0xd0"));
	sends(k, false, "000ad002000100041443", "raw:ip:tcp:drda", "DRDA|EXCSATRD");
	sends(k, true, "0012d041000100", "raw:ip:tcp", "TCP|[TCP segment of a reassembled PDU]");
	sends(k, true, "0c2014000824147778797a", "raw:ip:tcp:drda:tcp.segments", "DRDA|EXCSQLSET");
	sends(k, false, "000ad002000100047777", "raw:ip:tcp:drda", "DRDA|Unknown (0x7777)");
	sends(k, true, "0008d0410001000410410000", "raw:ip:tcp:drda", "DRDA|[Malformed Packet]");
	g_assert_false(tcp_conn_keeps(k, "drda"));
	tcp_conn_free(k);
}

/* CPHA on UDP 8116: the version and the opcode's long name; an
 * FWHA_MY_STATE report one byte short of its states and interface counts
 * is malformed, as is a header cut short; without the magic the datagram
 * is data. */
static void test_cpha(void)
{
	udp_hex(8116, 8116, "1a900c31000200010001aaaa000100020000000000020003000200010304010001000506");
	g_assert_cmpstr(cols(), ==, "CPHA|CPHAv3121: FWHA_MY_STATE - Report source machine's state");
	g_assert_true(keeps("cpha.version == 3121 && cpha.opcode == 1 && cpha.cluster_number == 2"));
	g_assert_true(keeps("cpha.random_id == 0xaaaa && cpha.src_id == 1 && cpha.dst_id == 2"));
	udp_hex(8116, 8116, "1a900c31000200010001aaaa0001000200000000000200030002000103040100010005");
	g_assert_cmpstr(cols(), ==, "CPHA|CPHAv3121: FWHA_MY_STATE - Report source machine's state[Malformed Packet]");
	udp_hex(8116, 8116, "1a900002000000630001000100010001");
	g_assert_cmpstr(cols(), ==, "CPHA|CPHAv2: Unknown 99[Malformed Packet]");
	udp_hex(8116, 8116, "1a910c3100020001");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:data");
	udp_hex(8116, 8116, "1a900c310002");
	g_assert_cmpstr(cols(), ==, "CPHA|[Malformed Packet]");
	g_assert_cmpstr(experts(), ==, "CPHA: Malformed Packet (Exception occurred)");
}

/* LSD: an announcement to the group and port 6771 (to another address it
 * is data); its header lines as fields. */
static void test_lsd(void)
{
	static const char text[] = "BT-SEARCH * HTTP/1.1\r\nHost: 239.192.152.143:6771\r\nPort: 6881\r\n"
				   "Infohash: 0123456789abcdef0123456789abcdef01234567\r\n\r\n\r\n";
	build_udp(&frame, 6771, 6771, text, sizeof text - 1);
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:data");
	static const uint8_t group[4] = {239, 192, 152, 143};
	memcpy(frame.b + 30, group, 4);
	g_assert_cmpstr(cols(), ==, "LSD|");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:lsd");
	g_assert_true(keeps("lsd.port == 6881 && lsd.host == \"239.192.152.143:6771\""));
	g_assert_true(keeps("lsd.header == \"BT-SEARCH * HTTP/1.1\""));
	g_assert_true(keeps("lsd.infohash == \"0123456789abcdef0123456789abcdef01234567\""));
	g_assert_false(keeps("lsd.cookie"));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/msgapps/fix", test_fix);
	g_test_add_func("/msgapps/bitcoin", test_bitcoin);
	g_test_add_func("/msgapps/cql", test_cql);
	g_test_add_func("/msgapps/drda", test_drda);
	g_test_add_func("/msgapps/cpha", test_cpha);
	g_test_add_func("/msgapps/lsd", test_lsd);
	return g_test_run();
}
