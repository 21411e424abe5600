/* Unit tests of the infrastructure and industrial protocols on TCP and UDP
 * (Modbus/TCP, BGP, Telnet, ...): frames built here, the layer stacks and
 * the Protocol and Info columns tshark 4.0 shows for the same bytes. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect_test.h"
#include "frame_build.h"

static char stack[512];
static const char *udp_cols(uint16_t sport, uint16_t dport, const char *hex, char *buf, size_t n);

/* TCP from SPORT to DPORT (PSH ACK) carrying the bytes of HEX: its columns
 * as "PROTO|INFO" in BUF, its layers in `stack`. */
static const char *tcp_cols(uint16_t sport, uint16_t dport, const char *hex, char *buf, size_t n)
{
	static struct built f;
	uint8_t d[1500];
	uint32_t len = unhex(d, hex);
	build_ip(&f, 6, 20 + len);
	uint8_t *t = f.b + 34;
	put16(t, sport), put16(t + 2, dport);
	put32(t + 4, 1), put32(t + 8, 1);
	t[12] = 0x50, t[13] = 0x18;
	put16(t + 14, 512);
	memcpy(t + 20, d, len);
	struct packet p;
	struct frame fr;
	run_frame(&p, &fr, f.b, f.n, f.n, LINKTYPE_ETHERNET);
	layer_stack(&p, stack, sizeof stack);
	return cols_of(&f, buf, n);
}

static void test_modbus(void)
{
	char buf[512];
	g_assert_cmpstr(tcp_cols(40000, 502, "000100000006010300000002", buf, sizeof buf), ==,
			"Modbus/TCP|   Query: Trans:     1; Unit:   1, Func:   3: Read Holding Registers");
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:mbtcp:modbus");
	g_assert_cmpstr(tcp_cols(502, 40000, "00010000000701030400010002", buf, sizeof buf), ==,
			"Modbus/TCP|Response: Trans:     1; Unit:   1, Func:   3: Read Holding Registers");
	/* an exception response */
	g_assert_cmpstr(tcp_cols(502, 40000, "000200000003019002", buf, sizeof buf), ==,
			"Modbus/TCP|Response: Trans:     2; Unit:   1, Func:  16: Write Multiple Registers. "
			"Exception returned ");
	/* two in one segment: nested, the second's Info */
	g_assert_cmpstr(tcp_cols(40000, 502, "000300000006010500ffff00000400000006010100000008", buf, sizeof buf), ==,
			"Modbus/TCP|   Query: Trans:     4; Unit:   1, Func:   1: Read Coils");
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:mbtcp:modbus:mbtcp:modbus");
	/* a function Modbus does not name */
	g_assert_cmpstr(tcp_cols(40000, 502, "0005000000020163", buf, sizeof buf), ==,
			"Modbus/TCP|   Query: Trans:     5; Unit:   1, Func:  99: Unknown function (99)");
	/* over UDP */
	g_assert_cmpstr(udp_cols(502, 40000, "00010000000701030400010002", buf, sizeof buf), ==,
			"Modbus/UDP|Response: Trans:     1; Unit:   1, Func:   3: Read Holding Registers");
	g_assert_cmpstr(stack, ==, "eth:ip:udp:mbudp:modbus");
	/* protocol id not 0, or a length below 2: not Modbus */
	tcp_cols(40000, 502, "000100010006010300000002", buf, sizeof buf);
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:data");
	tcp_cols(40000, 502, "0001000000010103", buf, sizeof buf);
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:data");
}

static void test_bgp(void)
{
	char buf[512];
	static const char marker[] = "ffffffffffffffffffffffffffffffff";
	char hex[600];
	g_snprintf(hex, sizeof hex, "%s001d0104fde900b40a00000100", marker);
	g_assert_cmpstr(tcp_cols(40001, 179, hex, buf, sizeof buf), ==, "BGP|OPEN Message");
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:bgp");
	g_snprintf(hex, sizeof hex, "%s001304%s001304", marker, marker);
	g_assert_cmpstr(tcp_cols(179, 40001, hex, buf, sizeof buf), ==, "BGP|KEEPALIVE Message, KEEPALIVE Message");
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:bgp:bgp");
	g_snprintf(hex, sizeof hex, "%s00170200000000%s0015030602", marker, marker);
	g_assert_cmpstr(tcp_cols(40001, 179, hex, buf, sizeof buf), ==, "BGP|UPDATE Message, NOTIFICATION Message");
	g_snprintf(hex, sizeof hex, "%s001705000100010000", marker);
	g_assert_cmpstr(tcp_cols(40001, 179, hex, buf, sizeof buf), ==, "BGP|ROUTE-REFRESH Message");
	/* a length below the header's: the segment is malformed before any BGP
	 * layer, as Wireshark's framing finds it (its hierarchy: tcp and the
	 * malformed note) */
	g_snprintf(hex, sizeof hex, "%s001004", marker);
	tcp_cols(40001, 179, hex, buf, sizeof buf);
	g_assert_cmpstr(stack, ==, "eth:ip:tcp");
	/* bytes without a marker after a message are passed over */
	g_snprintf(hex, sizeof hex, "%s0017050001000100000000", marker);
	g_assert_cmpstr(tcp_cols(40001, 179, hex, buf, sizeof buf), ==, "BGP|ROUTE-REFRESH Message");
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:bgp");
	/* no marker: still BGP's port, no message named */
	g_assert_cmpstr(tcp_cols(40001, 179, "00112233445566778899aabbccddeeff001304", buf, sizeof buf), ==, "BGP|");
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:bgp");
}

static void test_telnet(void)
{
	char buf[512];
	g_assert_cmpstr(tcp_cols(23, 40002, "fffd18fffd20fffd23fffd27", buf, sizeof buf), ==, "TELNET|Telnet Data ...");
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:telnet");
	g_assert_cmpstr(tcp_cols(40002, 23, "72", buf, sizeof buf), ==, "TELNET|Telnet Data ...");
}

/* S7comm in COTP data on ISO-TSAP (TCP 102), and COTP's own Info. */
static void test_s7comm(void)
{
	char buf[512];
	g_assert_cmpstr(tcp_cols(40020, 102, "0300001611e00000000100c0010ac1020100c2020102", buf, sizeof buf), ==,
			"COTP|CR TPDU src-ref: 0x0001 dst-ref: 0x0000");
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:tpkt:cotp");
	g_assert_cmpstr(tcp_cols(40020, 102, "0300001902f08032010000000000080000f0000001000101e0", buf, sizeof buf), ==,
			"S7COMM|ROSCTR:[Job     ] Function:[Setup communication]");
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:tpkt:cotp:s7comm");
	g_assert_cmpstr(tcp_cols(102, 40020, "0300001b02f080320300000000000800000000f0000001000100f0", buf, sizeof buf),
			==, "S7COMM|ROSCTR:[Ack_Data] Function:[Setup communication]");
	/* an answer with an error: its code, not the function */
	g_assert_cmpstr(tcp_cols(102, 40020, "0300001c02f080320300000001000002000600000401ff040010abcd", buf, sizeof buf),
			==, "S7COMM|ROSCTR:[Ack_Data] -> Errorcode:[0x0600]");
	/* userdata: type, function group and subfunction, an SZL read's id
	 * and index, an answer's error code */
	static const struct {
		uint16_t sport, dport;
		const char *hex, *cols;
	} userdata[] = {
		{40040, 102,
		 "0300002102f080320700000001000800080001120411440100ff09000400110001",
		 "S7COMM|ROSCTR:[Userdata] Function:[Request] -> [CPU functions] -> [Read SZL] ID=0x0011 Index=0x0001"},
		{102, 40040,
		 "0300004502f080320700000001000c0028000112081284010100000000ff09001c00110001001c00"
		 "0100000000000000000000000000000000000000000000000000000000",
		 "S7COMM|ROSCTR:[Userdata] Function:[Response] -> [CPU functions] -> [Read SZL] ID=0x0011 Index=0x0001"},
		{102, 40040,
		 "0300002102f080320700000001000c00040001120812830100000081040a000000",
		 "S7COMM|ROSCTR:[Userdata] Function:[Response] -> [Block functions] -> [List blocks] -> Errorcode:[0x8104]"},
		{102, 40040,
		 "0300001d02f0803207000000010008000400011204110f01000a000000",
		 "S7COMM|ROSCTR:[Userdata] Function:[Push-Req] -> [NC programming] -> [Request download]"},
		{40040, 102,
		 "0300001d02f0803207000000010008000400011204114e01000a000000",
		 "S7COMM|ROSCTR:[Userdata] Function:[Request] -> [Unknown function: 0x0e]"},
		{40041, 102,
		 "0300001d02f080320700000001000800040001120411c401000a000000",
		 "S7COMM|ROSCTR:[Userdata] Function:[Unknown type: 0x0c] -> [CPU functions] -> [Read SZL]"},
		{40042, 102,
		 "0300001d02f0803207000000010008000400011204114002000a000000",
		 "S7COMM|ROSCTR:[Userdata] Function:[Request] -> [Mode-transition] -> [RUN]"},
		{40042, 102,
		 "0300001c02f08032070000000100070004000112041144230a000000",
		 "S7COMM|ROSCTR:[Userdata] Function:[Request] -> [CPU functions] -> [Unknown subfunc: 0x23]"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(userdata); i++)
		g_assert_cmpstr(tcp_cols(userdata[i].sport, userdata[i].dport, userdata[i].hex, buf, sizeof buf), ==,
				userdata[i].cols);
	/* a fragment (no end mark), a disconnect request with user data */
	g_assert_cmpstr(tcp_cols(40021, 102, "0300000a02f005616263", buf, sizeof buf), ==,
			"COTP|DT TPDU (5) [COTP fragment, 3 bytes]");
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:tpkt:cotp");
	g_assert_cmpstr(tcp_cols(40021, 102, "0300000c0680000100020000", buf, sizeof buf), ==,
			"COTP|DR TPDU src-ref: 0x0002 dst-ref: 0x0001");
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:tpkt:cotp:data");
	/* data that is neither T.125 nor S7comm */
	g_assert_cmpstr(tcp_cols(40021, 102, "0300000b02f08033010000", buf, sizeof buf), ==, "COTP|DT TPDU (0) EOT");
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:tpkt:cotp:data");
}

/* DNP3 link frames over UDP 20000 (CRCs as the standard computes them):
 * application messages, link-only frames, a fragment not put together. */
static void test_dnp3(void)
{
	char buf[512];
	static const struct {
		const char *hex, *cols;
	} frames[] = {
		{"056414c4010003000409c0c1013c02063c03063c04063c01067a6f",
		 "DNP 3.0|Read, Class 0123"},
		{"05640a4403000100f832c0c1810000742a",
		 "DNP 3.0|Response"},
		{"056405c901000300753e",
		 "DNP 3.0|from 3 to 1, len=5, Request Link Status"},
		{"0564050b03000100fbfa",
		 "DNP 3.0|from 1 to 3, len=5, Status of Link"},
		{"05640ec401000300aecdc0c3143c02063c03065a94",
		 "DNP 3.0|Enable Spontaneous Messages"},
		{"05642dc4010003007cafc0c1c2c3c4c5c6c7c8c9cacbcccdcecf98c1d0d1d2d3d4d5d6d7d8d9dadbdcdddedf53d2e0e1e2e3e4e5e6e7ed6f",
		 "DNP 3.0|Unknown function (0xc2)"},
		{"056408c40100030077a640c101845e",
		 "DNP 3.0|from 3 to 1, len=8, Unconfirmed User Data (Application Layer Unreassembled fragment 0)"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(frames); i++) {
		g_assert_cmpstr(udp_cols(20000, 20000, frames[i].hex, buf, sizeof buf), ==, frames[i].cols);
		g_assert_cmpstr(stack, ==, "eth:ip:udp:dnp3");
	}
	/* no start bytes: data */
	udp_cols(20000, 20000, "0564", buf, sizeof buf);
	g_assert_cmpstr(stack, ==, "eth:ip:udp:dnp3");
	udp_cols(20000, 20000, "0665050a01000300", buf, sizeof buf);
	g_assert_cmpstr(stack, ==, "eth:ip:udp:data");
}

/* QUIC datagrams holding more than one packet (RFC 9000 12.2): whatever
 * follows a long-header packet is one more quic layer, as in Wireshark. */
static void test_quic_coalesced(void)
{
	char buf[512];
	static const char *const datagrams[] = {
		/* Initial and Handshake (version 1) */
		"c0000000010800010203040506070808090a0b0c0d0e0f00401500111111111111111111111111111111111111"
		 "1111e0000000010800010203040506070808090a0b0c0d0e0f400b0022222222222222222222",
		/* Handshake and a short-header packet of the same connection */
		"e0000000010800010203040506070808090a0b0c0d0e0f400b0022222222222222222222400001020304050607"
		 "333333333333333333333333",
		/* Handshake and a packet of another connection id */
		"e0000000010800010203040506070808090a0b0c0d0e0f400b0022222222222222222222e00000000108141516"
		 "1718191a1b0808090a0b0c0d0e0f400b0022222222222222222222",
		/* two Handshake packets of version 2 */
		"f06b3343cf0800010203040506070808090a0b0c0d0e0f400b0044444444444444444444f06b3343cf08000102"
		 "03040506070808090a0b0c0d0e0f400b0044444444444444444444",
		/* Initial and padding */
		"c0000000010800010203040506070808090a0b0c0d0e0f00401500111111111111111111111111111111111111"
		 "1111000000000000000000000000000000000000000000000000000000000000",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(datagrams); i++) {
		udp_cols(50000, 443, datagrams[i], buf, sizeof buf);
		g_assert_cmpstr(stack, ==, "eth:ip:udp:quic:quic");
	}
	/* one Handshake packet alone */
	udp_cols(50000, 443, "e0000000010800010203040506070808090a0b0c0d0e0f400b0022222222222222222222", buf, sizeof buf);
	g_assert_cmpstr(stack, ==, "eth:ip:udp:quic");
}

/* The Ethernet frame of HEX: its columns, its layers in `stack`. */
static const char *eth_cols(const char *hex, char *buf, size_t n)
{
	static struct built f;
	f.n = unhex(f.b, hex);
	struct packet p;
	struct frame fr;
	run_frame(&p, &fr, f.b, f.n, f.n, LINKTYPE_ETHERNET);
	layer_stack(&p, stack, sizeof stack);
	return cols_of(&f, buf, n);
}

/* MPLS: one layer per label stack entry, then by the first nibble. */
static void test_mpls(void)
{
	char buf[512];
	static const char udp53[] = "4500001c00014000401126ce0a0000010a00000204d2003500080000";
	char hex[400];
	g_snprintf(hex, sizeof hex, "0000000000020000000000018847" "00064140" "%s", udp53);
	g_assert_cmpstr(eth_cols(hex, buf, sizeof buf), ==, "UDP|1234 → 53 Len=0");
	g_assert_cmpstr(stack, ==, "eth:mpls:ip:udp");
	g_snprintf(hex, sizeof hex, "0000000000020000000000018847" "00064040000c80400012c140" "%s", udp53);
	eth_cols(hex, buf, sizeof buf);
	g_assert_cmpstr(stack, ==, "eth:mpls:mpls:mpls:ip:udp");
	g_assert_cmpstr(eth_cols("0000000000020000000000018847000101406000000000083a40200100000000000000000000000000"
				 "00ff0200000000000000000000000000028500000000000000",
				 buf, sizeof buf),
			==, "ICMPv6|Router Solicitation");
	g_assert_cmpstr(stack, ==, "eth:mpls:ipv6:icmpv6");
	/* Ethernet over MPLS without a control word */
	g_snprintf(hex, sizeof hex, "0000000000020000000000018847" "00064140" "0000000000040000000000030800%s", udp53);
	g_assert_cmpstr(eth_cols(hex, buf, sizeof buf), ==, "UDP|1234 → 53 Len=0");
	g_assert_cmpstr(stack, ==, "eth:mpls:pweth:eth:ip:udp");
	/* a stack that never reaches its bottom: reading the next label runs
	 * past the frame's declared end */
	g_assert_cmpstr(eth_cols("000000000002000000000001884700064040000c80400012c040", buf, sizeof buf), ==,
			"MPLS|MPLS Label Switched Packet[Malformed Packet]");
	g_assert_cmpstr(stack, ==, "eth:mpls:mpls:mpls");
	/* the pseudowire associated channel */
	g_assert_cmpstr(eth_cols("0000000000020000000000018847000641401000000061626364", buf, sizeof buf), ==,
			"MPLS|MPLS Label Switched Packet");
	g_assert_cmpstr(stack, ==, "eth:mpls:pwach:data");
}

/* The frame of HEX on link type LINKTYPE: its columns, layers in `stack`. */
static const char *link_cols(uint32_t linktype, const char *hex, char *buf, size_t n)
{
	static uint8_t b[1600];
	uint32_t len = unhex(b, hex);
	struct packet p;
	struct frame fr;
	struct columns c = {.info = g_string_new(NULL)};
	run_frame(&p, &fr, b, len, len, linktype);
	layer_stack(&p, stack, sizeof stack);
	columns_fill(&c, &p);
	g_snprintf(buf, n, "%s|%s", c.proto, c.info->str);
	g_string_free(c.info, TRUE);
	return buf;
}

/* 802.11 under radiotap: management frames (their bodies a wlan.mgt
 * layer), EAPOL in data frames, a protected QoS data frame. */
static void test_wlan(void)
{
	char buf[512];
	static const struct {
		const char *hex, *stack, *cols;
	} frames[] = {
		{"000008000000000080000000ffffffffffff001122334455001122334455100000000000000000006400310400"
		  "0474657374010482848b96030106",
		 "radiotap:wlan_radio:wlan:wlan.mgt", "802.11|Beacon frame, SN=1, FN=0, Flags=........, BI=100, SSID=\"test\""},
		{"000008000000000040000000ffffffffffff66778899aabbffffffffffff10000000010482848b96",
		 "radiotap:wlan_radio:wlan:wlan.mgt", "802.11|Probe Request, SN=1, FN=0, Flags=........, SSID=Wildcard (Broadcast)"},
		{"0000080000000000b000000000112233445566778899aabb0011223344551000000001000000",
		 "radiotap:wlan_radio:wlan:wlan.mgt", "802.11|Authentication, SN=1, FN=0, Flags=........"},
		{"00000800000000000000000000112233445566778899aabb001122334455100031040a00000474657374010482"
		  "848b96030106",
		 "radiotap:wlan_radio:wlan:wlan.mgt", "802.11|Association Request, SN=1, FN=0, Flags=........, SSID=\"test\""},
		{"0000080000000000c000000066778899aabb00112233445500112233445510000700",
		 "radiotap:wlan_radio:wlan:wlan.mgt", "802.11|Deauthentication, SN=1, FN=0, Flags=........"},
		{"00000800000000000802000066778899aabb0011223344550011223344555000aaaa03000000888e0203005f02"
		  "008a00100000000000000001000000000000000000000000000000000000000000000000000000000000000000"
		  "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
		  "00000000",
		 "radiotap:wlan_radio:wlan:llc:eapol", "EAPOL|Key (Message 1 of 4)"},
		{"00000800000000008842000066778899aabb001122334455001122334455700000000100002000000000000000"
		  "00000000000000000000000000000000000000000000000000000000000000000000000000",
		 "radiotap:wlan_radio:wlan:data", "802.11|QoS Data, SN=7, FN=0, Flags=.p....F."},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(frames); i++) {
		g_assert_cmpstr(link_cols(LINKTYPE_IEEE802_11_RADIOTAP, frames[i].hex, buf, sizeof buf), ==, frames[i].cols);
		g_assert_cmpstr(stack, ==, frames[i].stack);
	}
	/* radiotap's Flags field says an FCS ends the frame: "C", and the FCS is
	 * not the body's */
	g_assert_cmpstr(link_cols(LINKTYPE_IEEE802_11_RADIOTAP, "00000a00020000001000d400000066778899aabb11b45bf2", buf,
				  sizeof buf),
			==, "802.11|Acknowledgement, Flags=........C");
	g_assert_cmpstr(link_cols(LINKTYPE_IEEE802_11_RADIOTAP,
				  "00000a0002000000100080000000ffffffffffff00112233445500112233445510000000000000000000"
				  "64003104000474657374070a4376",
				  buf, sizeof buf),
			==, "802.11|Beacon frame, SN=1, FN=0, Flags=........C, BI=100, SSID=\"test\"");
}

/* 802.1X on Ethernet: the handshake's fourth key message, EAP packets. */
static void test_eapol(void)
{
	char buf[512];
	static const struct {
		const char *hex, *stack, *cols;
	} frames[] = {
		{"0180c2000003000000000001888e0203005f02030a001000000000000000010000000000000000000000000000"
		  "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
		  "0000000000000000000000000000000000000000000000",
		 "eth:eapol", "EAPOL|Key (Message 4 of 4)"},
		{"0180c2000003000000000001888e010000050101000501",
		 "eth:eapol:eap", "EAP|Request, Identity"},
		{"0180c2000003000000000001888e0100000403020004",
		 "eth:eapol:eap", "EAP|Success"},
		{"0180c2000003000000000001888e01000006010300061920",
		 "eth:eapol:eap", "EAP|Request, Protected EAP (EAP-PEAP)"},
		{"0180c2000003000000000001888e01010000",
		 "eth:eapol", "EAPOL|Start"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(frames); i++) {
		g_assert_cmpstr(link_cols(LINKTYPE_ETHERNET, frames[i].hex, buf, sizeof buf), ==, frames[i].cols);
		g_assert_cmpstr(stack, ==, frames[i].stack);
	}
}

/* BACnet/IP: BVLC, the NPDU and the APDU, with the object and property
 * the common services name. */
static void test_bacnet(void)
{
	char buf[512];
	static const struct {
		const char *hex, *stack, *cols;
	} msgs[] = {
		{"810b000c0120ffff00ff1008",
		 "eth:ip:udp:bvlc:bacnet:bacapp", "BACnet-APDU|Unconfirmed-REQ who-Is "},
		{"810b00180120ffff00ff1000c4020003e82205c4910022010f",
		 "eth:ip:udp:bvlc:bacnet:bacapp", "BACnet-APDU|Unconfirmed-REQ i-Am device,1000 "},
		{"810a001101040275010c0c020003e81955",
		 "eth:ip:udp:bvlc:bacnet:bacapp", "BACnet-APDU|Confirmed-REQ   readProperty[  1] device,1000 present-value "},
		{"810a0017010030010c0c020003e819553e44000000003f",
		 "eth:ip:udp:bvlc:bacnet:bacapp", "BACnet-APDU|Complex-ACK     readProperty[  1] device,1000 present-value "},
		{"810a0009010020010f",
		 "eth:ip:udp:bvlc:bacnet:bacapp", "BACnet-APDU|Simple-ACK      writeProperty[  1] "},
		{"810a000d010050010c91029120",
		 "eth:ip:udp:bvlc:bacnet:bacapp", "BACnet-APDU|Error           readProperty[  1] "},
		{"810400120a0000011bac0120ffff00ff1008",
		 "eth:ip:udp:bvlc:bacnet:bacapp", "BACnet-APDU|Unconfirmed-REQ who-Is "},
		{"810b0007018000",
		 "eth:ip:udp:bvlc:bacnet", "BACnet-NPDU|Who-Is-Router-To-Network"},
		{"810000060000",
		 "eth:ip:udp:bvlc", "BVLC|BACnet Virtual Link Control BVLC Function BVLC-Result "},
		{"810a001101040005020c0c3e8003e81955",
		 "eth:ip:udp:bvlc:bacnet:bacapp", "BACnet-APDU|Confirmed-REQ   readProperty[  2] (250) Vendor Proprietary Value,1000 present-value "},
		{"810a001101040005030e0c020003e819ff",
		 "eth:ip:udp:bvlc:bacnet:bacapp", "BACnet-APDU|Confirmed-REQ   readPropertyMultiple[  3] "},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(msgs); i++) {
		g_assert_cmpstr(udp_cols(47808, 47808, msgs[i].hex, buf, sizeof buf), ==, msgs[i].cols);
		g_assert_cmpstr(stack, ==, msgs[i].stack);
	}
	/* neither BACnet/IP's nor BACnet/IPv6's BVLC type: data */
	udp_cols(47808, 47808, "830b000c0120ffff00ff1008", buf, sizeof buf);
	g_assert_cmpstr(stack, ==, "eth:ip:udp:data");
	udp_cols(47808, 47808, "820b000c0120ffff00ff1008", buf, sizeof buf);
	g_assert_cmpstr(stack, ==, "eth:ip:udp:bvlc");
}

/* HEX of the text S (up to 300 bytes) in BUF. */
static const char *hex_of(const char *s, char *buf)
{
	size_t i = 0;
	for (; s[i] && i < 300; i++)
		g_snprintf(buf + 2 * i, 3, "%02x", (unsigned char)s[i]);
	buf[2 * i] = 0;
	return buf;
}

static void test_resp(void)
{
	char buf[512], hex[601];
	g_assert_cmpstr(tcp_cols(40012, 6379, hex_of("*1\r\n$4\r\nPING\r\n", hex), buf, sizeof buf), ==,
			"RESP|Request: PING");
	g_assert_cmpstr(stack, ==, "eth:ip:tcp:resp");
	g_assert_cmpstr(tcp_cols(6379, 40012, hex_of("+PONG\r\n", hex), buf, sizeof buf), ==, "RESP|Response: PONG");
	g_assert_cmpstr(tcp_cols(40012, 6379, hex_of("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n", hex), buf,
				 sizeof buf),
			==, "RESP|Request: SET k v");
	g_assert_cmpstr(tcp_cols(6379, 40012, hex_of("$1\r\nv\r\n", hex), buf, sizeof buf), ==, "RESP|Response: v");
	/* two replies in one segment, an error and an integer */
	g_assert_cmpstr(tcp_cols(6379, 40012, hex_of("-ERR unknown command\r\n:42\r\n", hex), buf, sizeof buf), ==,
			"RESP|Response: Error: ERR unknown command 42");
	/* an array reply, a null bulk string */
	g_assert_cmpstr(tcp_cols(6379, 40012, hex_of("*2\r\n$1\r\na\r\n$-1\r\n", hex), buf, sizeof buf), ==,
			"RESP|Response: Array(2)");
}

/* UDP from SPORT to DPORT carrying the bytes of HEX, as tcp_cols. */
static const char *udp_cols(uint16_t sport, uint16_t dport, const char *hex, char *buf, size_t n)
{
	static struct built f;
	uint8_t d[1500];
	build_udp(&f, sport, dport, d, unhex(d, hex));
	struct packet p;
	struct frame fr;
	run_frame(&p, &fr, f.b, f.n, f.n, LINKTYPE_ETHERNET);
	layer_stack(&p, stack, sizeof stack);
	return cols_of(&f, buf, n);
}

/* An IPv6 router solicitation from 2001:: to ff02::2. */
#define RS6 "6000000000083a4020010000000000000000000000000000ff0200000000000000000000000000028500000000000000"

static void test_teredo(void)
{
	char buf[512];
	g_assert_cmpstr(udp_cols(40000, 3544, RS6, buf, sizeof buf), ==, "ICMPv6|Router Solicitation");
	g_assert_cmpstr(stack, ==, "eth:ip:udp:teredo:ipv6:icmpv6");
	/* authentication and origin indicators first */
	g_assert_cmpstr(udp_cols(3544, 40003, "000100001111111111111111000000f227a1b2c3d4" RS6, buf, sizeof buf), ==,
			"ICMPv6|Router Solicitation");
	g_assert_cmpstr(stack, ==, "eth:ip:udp:teredo:ipv6:icmpv6");
	/* no IPv6 after the indicators */
	g_assert_cmpstr(udp_cols(40000, 3544, "0001000011111111111111110045000000", buf, sizeof buf), ==,
			"IPv6|Bogus IPv6 version (4, must be 6)");
	g_assert_cmpstr(stack, ==, "eth:ip:udp:teredo:data");
	/* another port: no heuristic (off in Wireshark 4.0) */
	udp_cols(40000, 50000, RS6, buf, sizeof buf);
	g_assert_cmpstr(stack, ==, "eth:ip:udp:data");
}

static void test_mndp(void)
{
	char buf[512];
	g_assert_cmpstr(udp_cols(5678, 5678,
				 "0000000000010006aabbccddeeff000500084d696b726f54696b00070006362e34382e36", buf,
				 sizeof buf),
			==, "MNDP|5678 → 5678 Len=36");
	g_assert_cmpstr(stack, ==, "eth:ip:udp:mndp");
	g_assert_cmpstr(udp_cols(5678, 5678, "0001000200050000", buf, sizeof buf), ==, "MNDP|5678 → 5678 Len=8");
	/* shorter than a header and a TLV header: data */
	g_assert_cmpstr(udp_cols(5678, 5678, "00010002000500", buf, sizeof buf), ==, "UDP|5678 → 5678 Len=7");
	g_assert_cmpstr(stack, ==, "eth:ip:udp:data");
	/* a first TLV of type or length 256 or more: data */
	udp_cols(1234, 5678, "4f70656e466c6f77", buf, sizeof buf);
	g_assert_cmpstr(stack, ==, "eth:ip:udp:data");
}

static void test_vntag(void)
{
	char buf[512];
	static struct built f;
	static const char hex[] = "000000000002000000000001892680010002080045000024000140004011"
				  "0000" "0a0000010a00000204d200350008" "0000";
	f.n = unhex(f.b, hex);
	struct packet p;
	struct frame fr;
	run_frame(&p, &fr, f.b, f.n, f.n, LINKTYPE_ETHERNET);
	layer_stack(&p, stack, sizeof stack);
	g_assert_cmpstr(stack, ==, "eth:vntag:ip:udp");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "UDP|1234 → 53 Len=0");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/infra/modbus", test_modbus);
	g_test_add_func("/infra/bgp", test_bgp);
	g_test_add_func("/infra/telnet", test_telnet);
	g_test_add_func("/infra/s7comm", test_s7comm);
	g_test_add_func("/infra/mpls", test_mpls);
	g_test_add_func("/infra/bacnet", test_bacnet);
	g_test_add_func("/infra/wlan", test_wlan);
	g_test_add_func("/infra/eapol", test_eapol);
	g_test_add_func("/infra/dnp3", test_dnp3);
	g_test_add_func("/infra/quic_coalesced", test_quic_coalesced);
	g_test_add_func("/infra/resp", test_resp);
	g_test_add_func("/infra/teredo", test_teredo);
	g_test_add_func("/infra/mndp", test_mndp);
	g_test_add_func("/infra/vntag", test_vntag);
	return g_test_run();
}
