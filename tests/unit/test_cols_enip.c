/* Unit tests of EtherNet/IP's encapsulation on TCP and UDP port 44818: a
 * connection built here segment by segment and datagrams, each message's
 * layers and its Protocol and Info columns as tshark 4.0 shows the same
 * bytes, the fields through display filters, several messages in a
 * segment, one split over two, and the damaged ones (a header cut short,
 * a length past the bytes, an identity longer than its item). */
#include <glib.h>
#include <string.h>

#include "tcp_conn_test.h"
#include "udp_frame.h"

#define ENIP_TCP "raw:ip:tcp:enip"

/* The hex of an encapsulation header of COMMAND with LEN bytes of data,
 * SESSION and STATUS (little-endian), a zero context and options, then
 * DATA (hex). */
static const char *enc(unsigned command, unsigned len, uint32_t session, uint32_t status, const char *data)
{
	static char buf[1024];
	g_snprintf(buf, sizeof buf, "%02x%02x" "%02x%02x" "%02x%02x%02x%02x" "%02x%02x%02x%02x" "0000000000000000" "00000000%s",
		   command & 0xff, command >> 8, len & 0xff, len >> 8, session & 0xff, (session >> 8) & 0xff,
		   (session >> 16) & 0xff, session >> 24, status & 0xff, (status >> 8) & 0xff, (status >> 16) & 0xff,
		   status >> 24, data);
	return buf;
}

static void send_check(struct tcp_conn *k, bool to_server, const char *hex, const char *stack, const char *want)
{
	tcp_conn_send_hex(k, to_server, hex);
	g_assert_cmpstr(k->stack, ==, stack);
	g_assert_cmpstr(k->cols, ==, want);
}

/* The commands by name, request or reply by the port, the session of
 * Register and Unregister Session, the header's fields. */
static void test_commands(void)
{
	struct tcp_conn *k = tcp_conn_new(50000, 44818);
	send_check(k, true, enc(0x65, 4, 0, 0, "01000000"), ENIP_TCP, "ENIP|Register Session (Req), Session: 0x00000000");
	g_assert_true(tcp_conn_keeps(k, "enip.command == 0x0065 && enip.length == 4 && enip.session == 0"));
	g_assert_true(tcp_conn_keeps(k, "enip.rs.version == 1 && enip.rs.flags == 0 && enip.status == 0"));
	g_assert_true(tcp_conn_keeps(k, "enip.context == 00:00:00:00:00:00:00:00 && enip.options == 0"));
	send_check(k, false, enc(0x65, 4, 0x12345678, 0, "01000000"), ENIP_TCP,
		   "ENIP|Register Session (Rsp), Session: 0x12345678");
	g_assert_true(tcp_conn_keeps(k, "enip.session == 0x12345678"));
	send_check(k, true, enc(0x63, 0, 0, 0, ""), ENIP_TCP, "ENIP|List Identity (Req)");
	/* a List Identity request's context starts with its maximum delay */
	g_assert_true(tcp_conn_keeps(k, "enip.listid_delay == 0 && enip.context == 00:00:00:00:00:00"));
	send_check(k, true, enc(0x04, 0, 0, 0, ""), ENIP_TCP, "ENIP|List Services (Req)");
	g_assert_false(tcp_conn_keeps(k, "enip.listid_delay || enip.cpf.itemcount"));
	send_check(k, false, enc(0x04, 26, 0, 0, "0100" "0001" "1400" "0100" "2001" "436f6d6d756e69636174696f6e730000"),
		   ENIP_TCP, "ENIP|List Services (Rsp), Communications");
	g_assert_true(tcp_conn_keeps(k, "enip.cpf.itemcount == 1 && enip.cpf.typeid == 0x0100 && enip.cpf.length == 20"));
	g_assert_true(tcp_conn_keeps(k, "enip.lsr.servicename == \"Communications\""));
	send_check(k, true, enc(0x64, 0, 0, 0, ""), ENIP_TCP, "ENIP|List Interfaces (Req)");
	send_check(k, true, enc(0x66, 0, 0x12345678, 0, ""), ENIP_TCP, "ENIP|Unregister Session (Req), Session: 0x12345678");
	send_check(k, true, enc(0x99, 0, 0, 0, ""), ENIP_TCP, "ENIP|Unknown Command (0x0099) (Req)");
	send_check(k, true, enc(0x00, 0, 0, 0, ""), ENIP_TCP, "ENIP|NOP (Req)");
	/* a status other than 0 changes no column */
	send_check(k, false, enc(0x65, 4, 0, 1, "01000000"), ENIP_TCP, "ENIP|Register Session (Rsp), Session: 0x00000000");
	g_assert_true(tcp_conn_keeps(k, "enip.status == 1"));
	tcp_conn_free(k);
}

/* Two messages in a segment, one split over two. */
static void test_framing(void)
{
	struct tcp_conn *k = tcp_conn_new(50000, 44818);
	char two[256];
	g_strlcpy(two, enc(0x63, 0, 0, 0, ""), sizeof two);
	g_strlcat(two, enc(0x04, 0, 0, 0, ""), sizeof two);
	send_check(k, true, two, ENIP_TCP ":enip", "ENIP|List Identity (Req) | List Services (Req)");
	g_assert_true(tcp_conn_keeps(k, "enip.command == 0x0063 && enip.command == 0x0004"));
	char one[256];
	g_strlcpy(one, enc(0x04, 0, 0, 0, ""), sizeof one);
	one[20] = 0;
	tcp_conn_send_hex(k, true, one);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	g_assert_true(g_str_has_suffix(k->cols, " [TCP segment of a reassembled PDU]"));
	send_check(k, true, enc(0x04, 0, 0, 0, "") + 20, ENIP_TCP ":tcp.segments", "ENIP|List Services (Req)");
	tcp_conn_free(k);
}

/* Over UDP: a List Identity reply's product name; a datagram between two
 * 44818 ports is neither request nor reply; a header cut short and a
 * length past the bytes are malformed. */
static void test_udp(void)
{
	/* item 0x0c: version 1, socket 10.0.0.2:44818, vendor 1, type 14,
	 * product 54, revision 2.3, status 0x30, serial, "abcdef", state 3 */
	static const char ident[] = "0100" "0c00" "2800" "0100" "0002af120a0000020000000000000000"
				    "0100" "0e00" "3600" "0203" "3000" "34120000" "06616263646566" "03";
	udp_hex(44818, 50001, enc(0x63, 46, 0, 0, ident));
	g_assert_cmpstr(cols(), ==, "ENIP|List Identity (Rsp), abcdef");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:enip");
	g_assert_true(keeps("enip.lir.name == \"abcdef\" && enip.cpf.typeid == 0x000c && enip.cpf.length == 40"));
	/* the same identity in an item 6 bytes too short for it */
	char shorter[sizeof ident];
	memcpy(shorter, ident, sizeof ident);
	memcpy(shorter + 8, "22", 2);
	udp_hex(44818, 50001, enc(0x63, 46, 0, 0, shorter));
	g_assert_cmpstr(cols(), ==, "ENIP|List Identity (Rsp)[Malformed Packet]");
	udp_hex(44818, 44818, enc(0x04, 0, 0, 0, ""));
	g_assert_cmpstr(cols(), ==, "ENIP|List Services (?)");
	udp_hex(50001, 44818, enc(0x63, 10, 0, 0, ""));
	g_assert_cmpstr(cols(), ==, "ENIP|List Identity (Req)[Malformed Packet]");
	g_assert_true(keeps("enip.length == 10 && _ws.malformed"));
	g_assert_cmpstr(experts(), ==, "ENIP: Malformed Packet (Exception occurred)");
	char cut[64];
	g_strlcpy(cut, enc(0x63, 0, 0, 0, ""), sizeof cut);
	cut[40] = 0;
	udp_hex(44818, 50001, cut);
	g_assert_cmpstr(cols(), ==, "ENIP|List Identity (Rsp)[Malformed Packet]");
	g_assert_false(keeps("enip.command"));
	g_assert_true(keeps("enip && _ws.malformed"));
}

/* Send RR Data carrying the unconnected CIP message of hex CIP. */
static const char *rr(const char *cip)
{
	static char buf[1024];
	unsigned n = (unsigned)strlen(cip) / 2;
	g_autofree char *cpf = g_strdup_printf("00000000" "0a00" "0200" "0000" "0000" "b200" "%02x%02x%s", n & 0xff,
					       n >> 8, cip);
	g_strlcpy(buf, enc(0x6f, (unsigned)strlen(cpf) / 2, 1, 0, cpf), sizeof buf);
	return buf;
}

#define CIP_RR ENIP_TCP ":cip"

/* CIP requests by class and service, replies by their status and the
 * request that went before; the Connection Manager's Forward Open and
 * Unconnected Send; another class's own service (cipcls). */
static void test_cip(void)
{
	struct tcp_conn *k = tcp_conn_new(50000, 44818);
	/* a reply before any request names only its service */
	send_check(k, false, rr("81000000" "0100"), CIP_RR, "CIP|Success: Get Attributes All");
	send_check(k, true, rr("01022001" "2401"), CIP_RR, "CIP|Identity - Get Attributes All");
	g_assert_true(tcp_conn_keeps(k, "cip.service == 0x01 && cip.rr == 0 && cip.request_path_size == 2"));
	g_assert_true(tcp_conn_keeps(k, "cip.class == 1 && cip.instance == 1 && cip.epath == 20:01:24:01"));
	g_assert_true(tcp_conn_keeps(k, "enip.cpf.typeid == 0x00b2 && enip.srrd.iface == 0 && enip.timeout == 10"));
	send_check(k, false, rr("81000000" "0100"), CIP_RR, "CIP|Success: Identity - Get Attributes All");
	g_assert_true(tcp_conn_keeps(k, "cip.service == 0x81 && cip.rr == 1 && cip.genstat == 0 && cip.class == 1"));
	send_check(k, true, rr("0e032001" "24013007"), CIP_RR, "CIP|Identity - Get Attribute Single");
	g_assert_true(tcp_conn_keeps(k, "cip.attribute == 7 && cip.sc == 0x0e"));
	send_check(k, false, rr("8e001400"), CIP_RR, "CIP|Attribute not supported: Identity - Get Attribute Single");
	g_assert_true(tcp_conn_keeps(k, "cip.genstat == 0x14 && cip.addstat_size == 0"));
	/* 16-bit class and instance, a class without a name */
	send_check(k, true, rr("0e04" "21000001" "25000001"), CIP_RR, "CIP|Protection Trip - Get Attribute Single");
	send_check(k, true, rr("0e04" "21000100" "25000001"), CIP_RR, "CIP|Identity - Get Attribute Single");
	g_assert_true(tcp_conn_keeps(k, "cip.class == 1 && cip.epath == 21:00:01:00:25:00:00:01"));
	send_check(k, true, rr("0e02" "20fe" "2401"), CIP_RR, "CIP|Class (0xfe) - Get Attribute Single");
	send_check(k, true, rr("3202206b" "2401"), CIP_RR ":cipcls", "CIP|Class (0x6b) - Service (0x32)");
	/* Forward Open to the Message Router, its reply */
	send_check(k, true,
		   rr("5402" "20062401" "0a0e" "00000000" "34120000" "0100" "0100" "02000000" "00000000"
		      "80841e00" "f443" "80841e00" "f443" "a3" "03" "010020022401"),
		   CIP_RR ":cipcm", "CIP CM|Connection Manager - Forward Open (Message Router)");
	g_assert_true(tcp_conn_keeps(k, "cip.cm.sc == 0x54 && cip.cm.to_connid == 0x1234 && cip.cm.conn_serial_num == 1"));
	g_assert_true(tcp_conn_keeps(k, "cip.class == 2 && cip.port == 1 && cip.linkaddress.byte == 0 && cip.cm.vendor == 1"));
	send_check(k, false, rr("d4000000" "88776655" "34120000" "0100" "0100" "02000000" "80841e00" "80841e00" "0000"),
		   CIP_RR ":cipcm", "CIP CM|Success: Connection Manager - Forward Open (Message Router)");
	/* an Unconnected Send's embedded request; its reply is that request's */
	send_check(k, true, rr("5202" "20062401" "0a0e" "0600" "010220012401" "0100" "0100"), CIP_RR ":cipcm",
		   "CIP CM|Connection Manager - Unconnected Send: Identity - Get Attributes All");
	g_assert_true(tcp_conn_keeps(k, "cip.cm.msg_req_size == 6 && cip.service == 0x01 && cip.epath == 01:00"));
	send_check(k, false, rr("81000000" "0100"), CIP_RR ":cipcm", "CIP|Success: Identity - Get Attributes All");
	/* Send Unit Data: the connection's id, the sequence count, a request
	 * to a tag by its symbol */
	send_check(k, true, enc(0x70, 32, 1, 0, "00000000" "0000" "0200" "a100" "0400" "44332211" "b100" "0c00" "0500"
						"4c03" "910361626300" "0100"),
		   CIP_RR ":cipcls", "CIP|'abc' - Service (0x4c)");
	g_assert_true(tcp_conn_keeps(k, "cip.symbol == \"abc\" && cip.seq == 5 && enip.cpf.cai.connid == 0x11223344"));
	g_assert_true(tcp_conn_keeps(k, "enip.sud.iface == 0 && !cip.class"));
	/* Send Unit Data without a data item names its connection; Send RR
	 * Data to another interface than CIP's carries bytes */
	send_check(k, true, enc(0x70, 16, 1, 0, "00000000" "0000" "0100" "a100" "0400" "44332211"), ENIP_TCP,
		   "ENIP|Send Unit Data (Req), Connection: ID=0x11223344");
	send_check(k, true, enc(0x6f, 22, 1, 0, "07000000" "0a00" "0200" "0000" "0000" "b200" "0600" "010220012401"),
		   ENIP_TCP ":data", "ENIP|Send RR Data (Req)");
	g_assert_true(tcp_conn_keeps(k, "enip.srrd.iface == 7 && !cip"));
	/* two requests in a segment; a reply over two segments */
	char two[512];
	g_strlcpy(two, rr("01022001" "2401"), sizeof two);
	g_strlcat(two, rr("01022001" "2401"), sizeof two);
	send_check(k, true, two, CIP_RR ":enip:cip", "CIP|Identity - Get Attributes All | Identity - Get Attributes All");
	tcp_conn_send_hex(k, true, rr("0e032001" "24013007"));
	char reply[512];
	g_strlcpy(reply, rr("8e000000" "05616263" "6465"), sizeof reply);
	char tail[512];
	g_strlcpy(tail, reply + 40, sizeof tail);
	reply[40] = 0;
	tcp_conn_send_hex(k, false, reply);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	send_check(k, false, tail, CIP_RR ":tcp.segments", "CIP|Success: Identity - Get Attribute Single");
	/* a Get Attribute List without its count */
	tcp_conn_send_hex(k, true, rr("03022001" "2401"));
	g_assert_cmpstr(k->cols, ==, "CIP|Identity - Get Attribute List");
	tcp_conn_free(k);
}

/* Class 0/1 I/O on UDP 2222: the Common Packet Format alone, its
 * connection in the Info, the data as CIP I/O; items that do not fit. */
static void test_io(void)
{
	udp_hex(2222, 2222, "0200" "0280" "0800" "44332211" "07000000" "b100" "0600" "0300" "01020304");
	g_assert_cmpstr(cols(), ==, "CIP I/O|Connection: ID=0x11223344, SEQ=0000000007");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:cipio:cipio");
	g_assert_true(keeps("enip && cipio && enip.cpf.itemcount == 2 && enip.cpf.typeid == 0x8002 && enip.cpf.length == 6"));
	g_assert_true(keeps("enip.cpf.sai.connid == 0x11223344 && enip.cpf.sai.seq == 7 && !enip.command"));
	/* a connected address adds to UDP's Info; no data, no CIP I/O line */
	udp_hex(2222, 2222, "0200" "a100" "0400" "44332211" "b100" "0000");
	g_assert_cmpstr(cols(), ==, "CIP I/O|2222 → 2222 Len=14, Connection: ID=0x11223344");
	g_assert_false(keeps("cipio"));
	g_assert_true(keeps("enip.cpf.cai.connid == 0x11223344"));
	udp_hex(2222, 2222, "010203");
	g_assert_cmpstr(cols(), ==, "CIP I/O|2222 → 2222 Len=3");
	g_assert_cmpstr(experts(), ==, "CIP I/O: CPF Item Minimum Size is 4, but Remaining Data Length is 1");
	udp_hex(2222, 2222, "0200" "0280" "0800" "44332211");
	g_assert_cmpstr(cols(), ==, "CIP I/O|2222 → 2222 Len=10[Malformed Packet]");
	g_assert_cmpstr(experts(), ==, "CIP I/O: CPF Item Length Mismatch: Item Length 8, Remaining Data Length: 4; "
				       "CIP I/O: Malformed Packet (Exception occurred)");
	g_assert_true(keeps("enip.cpf.sai.connid == 0x11223344 && !enip.cpf.sai.seq"));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/enip/commands", test_commands);
	g_test_add_func("/enip/framing", test_framing);
	g_test_add_func("/enip/udp", test_udp);
	g_test_add_func("/enip/cip", test_cip);
	g_test_add_func("/enip/io", test_io);
	return g_test_run();
}
