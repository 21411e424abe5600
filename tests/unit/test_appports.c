/* Unit tests of application protocols on well-known UDP and TCP ports
 * (RADIUS, L2TP, NetFlow/IPFIX, ...): messages built here byte by byte, their Protocol and Info
 * columns and layers as Wireshark shows the same bytes, their fields through
 * display filters, expert items, and payloads on the ports that are not
 * the protocol. */
#include <glib.h>
#include <string.h>

#include "udp_frame.h"

#define AUTH "00112233445566778899aabbccddeeff"

/* RADIUS: the code's name and the identifier; the attributes to the
 * length; what does not fit the length (an expert item) and a length
 * beyond the datagram (malformed). */
static void test_radius(void)
{
	/* User-Name "alice", User-Password, then 2 bytes of padding after the length */
	udp_hex(40000, 1812, "01050021" AUTH "0107616c696365020641424344ffff");
	g_assert_cmpstr(cols(), ==, "RADIUS|Access-Request id=5");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:radius");
	g_assert_true(keeps("radius.code == 1 && radius.id == 5 && radius.length == 33"));
	g_assert_true(keeps("radius.User_Name == \"alice\" && radius.avp.type == 2"));
	g_assert_true(keeps("radius.authenticator == " AUTH));
	g_assert_false(keeps("radius.avp.length == 255"));
	g_assert_cmpstr(experts(), ==, "");

	udp_hex(1813, 40000, "0506001a" AUTH "04060a000001");
	g_assert_cmpstr(cols(), ==, "RADIUS|Accounting-Response id=6");
	g_assert_true(keeps("radius.NAS_IP_Address == 10.0.0.1"));
	udp_hex(40000, 1813, "04090020" AUTH "2806000000022c0661626364");
	g_assert_cmpstr(cols(), ==, "RADIUS|Accounting-Request id=9");
	g_assert_true(keeps("radius.Acct_Status_Type == 2 && radius.Acct_Session_Id == \"abcd\""));
	udp_hex(3799, 40000, "2b070014" AUTH);
	g_assert_cmpstr(cols(), ==, "RADIUS|CoA-Request id=7");
	udp_hex(1700, 40000, "28060014" AUTH);
	g_assert_cmpstr(cols(), ==, "RADIUS|Disconnect-Request id=6");
	udp_hex(40000, 1645, "81010014" AUTH);
	g_assert_cmpstr(cols(), ==, "RADIUS|ALU-State-Request id=1");

	/* attributes that do not fit: items, not exceptions */
	udp_hex(40000, 1812, "01010016" AUTH "0100");
	g_assert_cmpstr(cols(), ==, "RADIUS|Access-Request id=1");
	g_assert_cmpstr(experts(), ==, "RADIUS: AVP too short: length 0 < 2");
	udp_hex(40000, 1812, "01030017" AUTH "010561");
	g_assert_cmpstr(experts(), ==, "RADIUS: Not enough room in packet for AVP");
	udp_hex(40000, 1812, "01040015" AUTH "01");
	g_assert_cmpstr(experts(), ==, "RADIUS: Not enough room in packet for AVP header");

	/* a length past the datagram: the header's fields, no attribute */
	udp_hex(40000, 1813, "04090022" AUTH "280600000001010661626364");
	g_assert_cmpstr(cols(), ==, "RADIUS|Accounting-Request id=9[Malformed Packet]");
	g_assert_true(keeps("radius.length == 34 && !radius.User_Name"));
	udp_hex(40000, 1812, "01050014001122334455");
	g_assert_cmpstr(cols(), ==, "RADIUS|Access-Request id=5[Malformed Packet]");

	/* too short to judge: the check fails in UDP's columns */
	udp_hex(40000, 1812, "0101");
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 1812 Len=2[Malformed Packet]");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:radius");
	g_assert_false(keeps("radius.code"));

	/* not RADIUS: an unknown code, a length below 20 or above 4096 */
	udp_hex(40000, 1812, "3f050014" AUTH);
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 1812 Len=20");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:data");
	udp_hex(40000, 1812, "01050013" AUTH);
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 1812 Len=20");
	udp_hex(40000, 1812, "01051001" AUTH);
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 1812 Len=20");
}

/* L2TP version 2: a control message named by its first AVP, the ZLB
 * acknowledgement, a data message's PPP frame; version 3's Protocol;
 * other versions are not L2TP. */
static void test_l2tp(void)
{
	/* SCCRQ: length, tunnel 0, session 0, Ns 0, Nr 0, Message Type AVP 1 */
	udp_hex(1701, 1701, "c80200140000000000000000800800000000" "0001");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message - SCCRQ (tunnel id=0, session id=0)");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:l2tp");
	g_assert_true(keeps("l2tp.type == 1 && l2tp.version == 2 && l2tp.length == 20 && l2tp.Nr == 0"));
	g_assert_true(keeps("l2tp.avp.message_type == 1 && l2tp.avp.length == 8 && l2tp.avp.type == 0"));
	udp_hex(1701, 1701, "c8020014000300000000000080080000000000" "0a");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message - ICRQ (tunnel id=3, session id=0)");
	g_assert_true(keeps("l2tp.tunnel == 3 && l2tp.session == 0"));
	udp_hex(40000, 1701, "c80200140001000000000000800800000000001e");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message - Unknown (30) (tunnel id=1, session id=0)");
	/* a first AVP of another type */
	udp_hex(1701, 1701, "c802001400010000000000008008000000010001");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message (tunnel id=1, session id=0)");
	udp_hex(1701, 1701, "c802000c0001000000010001");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message - ZLB      (tunnel id=1, session id=0)");
	g_assert_true(keeps("l2tp.Ns == 1 && !l2tp.avp.type"));

	/* data: the PPP frame after the header */
	udp_hex(1701, 1701, "0202000100020004aabbccddff03c0210101000400");
	g_assert_cmpstr(cols(), ==, "PPP LCP|Configuration Request");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:l2tp:ppp:lcp");
	g_assert_true(keeps("l2tp.offset == 4 && l2tp.session == 2"));

	/* an AVP shorter than its header; one past the length; the Info's read past the datagram */
	udp_hex(1701, 1701, "c8020014000100000000000000000000000000010000");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message - SCCRQ (tunnel id=1, session id=0)");
	g_assert_cmpstr(experts(), ==, "L2TP: AVP length must be >= 6, got 0");
	udp_hex(1701, 1701, "c802001a0001000000000000800800000000000180080000000a");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message - SCCRQ (tunnel id=1, session id=0)[Malformed Packet]");
	udp_hex(1701, 1701, "c8020014000100000000000080080000");
	g_assert_cmpstr(cols(), ==, "L2TP|[Malformed Packet]");
	g_assert_false(keeps("l2tp.type"));

	udp_hex(1701, 1701, "c803000c0000000100000000");
	g_assert_cmpstr(cols(), ==, "L2TPv3|");
	udp_hex(1701, 1701, "c8010014000100000000000080080000000000ff");
	g_assert_cmpstr(protocols(), !=, "eth:ethertype:ip:udp:l2tp");
}

/* NetFlow and IPFIX headers: 20 bytes of version 9 (count 1, uptime
 * 123456 ms, export time 1600000000, sequence 9, source id 5), 16 of
 * IPFIX (length, export time 1600000000, sequence 9, domain 9). */
#define V9_HDR(count, id) "0009" count "0001e240" "5f5e1000" "00000009" id
#define IPFIX_HDR(len, id) "000a" len "5f5e1000" "00000009" id
/* A template set body: template 256 of two fields (8 and 12, 4 bytes each). */
#define TMPL_256 "01000002" "00080004" "000c0004"
/* A version 5 header (uptime 123456 ms, 1600000000 s 500 ns, sequence 77,
 * engine 1/2, sampling 0x4005) and a 48-byte record from 10.0.0.N. */
#define V5_HDR(count) "0005" count "0001e240" "5f5e1000" "000001f4" "0000004d" "0102" "4005"
#define V5_REC(n, pkts) "0a0000" n "0a010001" "00000000" "0001" "0002" pkts "000003e8" "00000064" "000000c8" \
	"04d2" "0050" "00" "18" "06" "00" "0000" "0000" "18" "18" "0000"

/* NetFlow versions 1 to 8: "total: N (vV) flow(s)" from the header, the
 * records (as many as the datagram holds) through their fields; a header
 * cut short is malformed; an unknown version or a datagram too short for
 * the version is no NetFlow. */
static void test_netflow(void)
{
	udp_hex(40000, 2055, V5_HDR("0002") V5_REC("01", "0000000a") V5_REC("02", "0000000b"));
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 2 (v5) flows");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:cflow");
	g_assert_true(keeps("cflow.version == 5 && cflow.count == 2 && cflow.sequence == 77"));
	g_assert_true(keeps("cflow.unix_secs == 1600000000 && cflow.unix_nsecs == 500 && cflow.sysuptime == 123.456"));
	g_assert_true(keeps("cflow.engine_type == 1 && cflow.engine_id == 2 && !cflow.source_id"));
	g_assert_true(keeps("cflow.srcaddr == 10.0.0.2 && cflow.packets == 11 && cflow.octets == 1000"));
	g_assert_true(keeps("cflow.dstport == 80 && cflow.protocol == 6 && cflow.tcpflags == 0x18"));
	g_assert_true(keeps("cflow.timestart == 0.1 && cflow.timeend == 0.2 && cflow.dstmask == 24"));
	g_assert_false(keeps("cflow.srcaddr == 10.0.0.3"));
	/* three announced, two there: no exception; one record */
	udp_hex(40000, 9996, V5_HDR("0003") V5_REC("01", "0000000a") V5_REC("02", "0000000b"));
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 3 (v5) flows");
	udp_hex(40000, 2055, V5_HDR("0001") V5_REC("01", "0000000a"));
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 1 (v5) flow");
	udp_hex(40000, 2055, V5_HDR("0000"));
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 0 (v5) flows");
	/* version 1: a 16-byte header, the protocol and flags elsewhere in its record */
	udp_hex(40000, 2055, "00010001000003e85f5e100000000007" "0a0000090a0100010a020001000300040000003700001a0a"
			     "00000064000000c804d20050000011101b00000000000000");
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 1 (v1) flow");
	g_assert_true(keeps("cflow.srcaddr == 10.0.0.9 && cflow.protocol == 17 && cflow.tcpflags == 0x1b"));
	g_assert_true(keeps("cflow.octets == 6666 && !cflow.sequence && !cflow.srcas"));
	/* a header cut short */
	udp_hex(40000, 2055, "000500010001e2405f5e1000000001f40000004d");
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 1 (v5) flow[Malformed Packet]");
	g_assert_true(keeps("cflow.sequence == 77 && !cflow.engine_id"));
	udp_hex(40000, 2055, "0005");
	g_assert_cmpstr(cols(), ==, "CFLOW|[Malformed Packet]");
	/* too short for the version: entered, but no line and no column */
	udp_hex(40000, 2055, "00");
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 2055 Len=1[Malformed Packet]");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:cflow");
	g_assert_false(keeps("cflow || data"));
	/* version 3 is none of NetFlow's */
	udp_hex(40000, 2055, "00030001" "0000000000000000000000000000000000000000");
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 2055 Len=24");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:data");
}

/* NetFlow version 9: "total: N (v9) record(s) Obs-Domain-ID=%5u", then a
 * tag per flowset read: the ids of a template set's templates, an options
 * template set's, a data set's id; COUNT flowsets at most, none when it is
 * 0; a flowset longer than the datagram, shorter than its header or of a
 * reserved id shows none. */
static void test_netflow_v9(void)
{
	udp_hex(40000, 2055, V9_HDR("0002", "00000005") "00000018" TMPL_256 "01010001" "00080004");
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 2 (v9) records Obs-Domain-ID=    5 [Data-Template:256,257]");
	g_assert_true(keeps("cflow.version == 9 && cflow.count == 2 && cflow.source_id == 5 && cflow.sequence == 9"));
	g_assert_true(keeps("cflow.flowset_id == 0 && cflow.flowset_length == 24 && cflow.template_id == 257"));
	g_assert_true(keeps("cflow.template_field_count == 1 && cflow.unix_secs == 1600000000 && !cflow.unix_nsecs"));
	g_assert_false(keeps("cflow.od_id"));
	udp_hex(40000, 2055, V9_HDR("0003", "00011170") "00000010" TMPL_256 "01000014" "0a0000010a000002"
			     "0a0000010a000002");
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 3 (v9) records Obs-Domain-ID=70000 [Data-Template:256] [Data:256]");
	g_assert_true(keeps("cflow.flowset_id == 256 && cflow.flowset_length == 20"));
	udp_hex(40000, 2055, V9_HDR("0000", "00000005") "00000010" TMPL_256);
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 0 (v9) records Obs-Domain-ID=    5");
	g_assert_false(keeps("cflow.flowset_id"));
	udp_hex(40000, 2055, V9_HDR("0001", "00000005") "0100000c0a0000010a000002" "00000010" TMPL_256);
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 1 (v9) record Obs-Domain-ID=    5 [Data:256]");
	/* an options template (scope and option lengths in bytes), then padding */
	udp_hex(40000, 2055, V9_HDR("0001", "00000005") "00010014" "013600040004" "00010004" "00080004" "0000");
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 1 (v9) record Obs-Domain-ID=    5 [Options-Template:310]");
	g_assert_true(keeps("cflow.template_id == 310 && !cflow.template_field_count"));
	/* a reserved id; a flowset shorter than its header; one past the datagram */
	udp_hex(40000, 2055, V9_HDR("0002", "00000005") "0005000c0a0000010a000002" "00000002");
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 2 (v9) records Obs-Domain-ID=    5");
	g_assert_true(keeps("cflow.flowset_id == 5 && cflow.flowset_length == 2"));
	udp_hex(40000, 2055, V9_HDR("0001", "00000005") "00000020" TMPL_256);
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 1 (v9) record Obs-Domain-ID=    5");
	g_assert_false(keeps("cflow.flowset_id"));
	/* a template whose fields run past the datagram: named, not added */
	udp_hex(40000, 2055, V9_HDR("0001", "00000005") "0000000c" "01000002" "00080004");
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 1 (v9) record Obs-Domain-ID=    5 [Data-Template:256[Malformed Packet]");
	g_assert_true(keeps("cflow.flowset_id == 0 && !cflow.template_id"));
	udp_hex(40000, 2055, "000900010001e2405f5e1000");
	g_assert_cmpstr(cols(), ==, "CFLOW|total: 1 (v9) record[Malformed Packet]");
}

/* FRAME as dissected with only its first CAP bytes captured. */
static void run_cut(struct packet *p, struct frame *fr, uint32_t cap)
{
	run_frame(p, fr, frame.b, cap, frame.n, LINKTYPE_ETHERNET);
}

/* IPFIX: "IPFIX flow (%4u bytes)" when the header's length is the
 * datagram's, else "IPFIX partial flow (have/length bytes)"; the sets to
 * the datagram's end; enterprise-specific fields 8 bytes; an options
 * template without scope fields leaves its tag open.  A set the capture
 * cut is short, not malformed. */
static void test_ipfix(void)
{
	udp_hex(40000, 4739, IPFIX_HDR("002c", "00000009") "00020010" TMPL_256 "0100000c0a0000010a000002");
	g_assert_cmpstr(cols(), ==, "CFLOW|IPFIX flow (  44 bytes) Obs-Domain-ID=    9 [Data-Template:256] [Data:256]");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:cflow");
	g_assert_true(keeps("cflow.version == 10 && cflow.len == 44 && cflow.od_id == 9 && cflow.sequence == 9"));
	g_assert_true(keeps("cflow.exporttime == 1600000000 && !cflow.count && !cflow.sysuptime && !cflow.source_id"));
	g_assert_true(keeps("cflow.template_id == 256 && cflow.template_field_count == 2 && cflow.flowset_id == 256"));
	udp_hex(40000, 4739, IPFIX_HDR("0064", "00000009") "0100000c0a0000010a000002");
	g_assert_cmpstr(cols(), ==, "CFLOW|IPFIX partial flow (28/100 bytes) Obs-Domain-ID=    9 [Data:256]");
	udp_hex(40000, 4739, IPFIX_HDR("0024", "00000001") "00020014" "01040002" "800500040000000900080004");
	g_assert_cmpstr(cols(), ==, "CFLOW|IPFIX flow (  36 bytes) Obs-Domain-ID=    1 [Data-Template:260]");
	udp_hex(40000, 4739, IPFIX_HDR("0026", "00000001") "00030012" "013700020000" "00010004" "00080004" "01900004");
	g_assert_cmpstr(cols(), ==, "CFLOW|IPFIX flow (  38 bytes) Obs-Domain-ID=    1 [Options-Template:311 [Data:400]");
	udp_hex(40000, 4739, IPFIX_HDR("0000", "00000001") "00020010" TMPL_256);
	g_assert_cmpstr(cols(), ==, "CFLOW|IPFIX partial flow (32/0 bytes) Obs-Domain-ID=    1");

	/* cut by the capture inside the data set, then inside the template set */
	udp_hex(40000, 4739, IPFIX_HDR("002c", "00000009") "00020010" TMPL_256 "0100000c0a0000010a000002");
	struct packet p;
	struct frame fr;
	run_cut(&p, &fr, frame.n - 2);
	g_assert_true(p.flags & PKT_TRUNCATED);
	g_assert_false(p.flags & PKT_MALFORMED);
	g_assert_cmpstr(p.app_info, ==, "IPFIX flow (  44 bytes) Obs-Domain-ID=    9 [Data-Template:256]");
	run_cut(&p, &fr, 42 + 16 + 6);
	g_assert_true(p.flags & PKT_TRUNCATED);
	g_assert_cmpstr(p.app_info, ==, "IPFIX flow (  44 bytes) Obs-Domain-ID=    9");
	for (uint32_t cap = 42; cap < frame.n; cap++) {
		run_cut(&p, &fr, cap);
		g_assert_false(p.flags & PKT_MALFORMED);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/appports/radius", test_radius);
	g_test_add_func("/appports/l2tp", test_l2tp);
	g_test_add_func("/appports/netflow", test_netflow);
	g_test_add_func("/appports/netflow-v9", test_netflow_v9);
	g_test_add_func("/appports/ipfix", test_ipfix);
	return g_test_run();
}
