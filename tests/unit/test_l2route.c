/* Unit tests of the link-layer and routing protocols (LLDP, LACP, VRRP, OSPF, HSRP, PIM, ...): frames
 * built here, the Protocol and Info columns tshark shows for the same
 * bytes, and field values through a display filter. */
#include <glib.h>
#include <string.h>

#include "analyzer/filter/filter.h"
#include "dissect/column.h"
#include "dissect_test.h"
#include "frame_build.h"

/* An Ethernet frame to the LLDP multicast address of ethertype TYPE
 * carrying the bytes of HEX. */
static void build_ether(struct built *f, const char *type, const char *hex)
{
	memset(f->b, 0, sizeof f->b);
	f->n = unhex(f->b, "0180c200000e001122334455");
	f->n += unhex(f->b + f->n, type);
	f->n += unhex(f->b + f->n, hex);
}

/* Whether FILTER keeps the frame F. */
static bool keeps(const struct built *f, const char *filter)
{
	struct packet p;
	struct frame fr;
	GError *err = NULL;
	g_autoptr(dfilter) d = dfilter_compile(filter, &err);
	g_assert_no_error(err);
	run_frame(&p, &fr, f->b, f->n, f->n, LINKTYPE_ETHERNET);
	return dfilter_match(d, &p);
}

/* "PROTO|INFO" of the Ethernet frame of ethertype TYPE carrying HEX. */
static const char *ether_cols(const char *type, const char *hex, char *buf, size_t n)
{
	static struct built f;
	build_ether(&f, type, hex);
	return cols_of(&f, buf, n);
}

#define LLDP_CHASSIS_MAC "0207" "04001122334455"
#define LLDP_PORT_IN "0406" "05476930" "2f31" /* interface name "Gi0/1" */
#define LLDP_TTL_120 "0602" "0078"

/* LLDP: the chassis id, the port id and the time to live by subtype, the
 * system name and description; a mandatory TLV missing, of a wrong length
 * or repeated; a TLV past the frame's end. */
static void test_lldp(void)
{
	char buf[512];
	static const char *const cases[][2] = {
		{LLDP_CHASSIS_MAC LLDP_PORT_IN LLDP_TTL_120 "0a03737731" "0000",
		 "LLDP|MA/00:11:22:33:44:55 IN/Gi0/1 120 SysN=sw1 "},
		/* locally assigned chassis, MAC port; no End TLV */
		{"020807636861737369730407030011223344550602" "0078", "LLDP|LA/chassis MA/00:11:22:33:44:55 120 "},
		/* IPv4 network address, system description before the name, a NUL ends a name */
		{"020605010a00000104050770" "6f727406020078" "0c0464657363" "0a0461000062" "0000",
		 "LLDP|NA/10.0.0.1 LA/port 120 SysD=desc SysN=a "},
		/* port components shown in hex, a reserved subtype, a control byte escaped */
		{"0203037063" "0403027063" "06020000" "0a03610162" "0000", "LLDP|PC/7063 PC/7063 0 SysN=a\\001b "},
		{"0202007804020178" "06020005", "LLDP|Rs/Reserved IA/x 5 "},
		/* an IPv6 address of the wrong length */
		{"0206050200000000" LLDP_PORT_IN LLDP_TTL_120, "LLDP|Invalid Chassis ID TLV"},
		{LLDP_CHASSIS_MAC "0404030011" LLDP_TTL_120, "LLDP|Invalid Port ID TLV"},
		{LLDP_PORT_IN LLDP_CHASSIS_MAC LLDP_TTL_120, "LLDP|Invalid Chassis ID TLV"},
		{LLDP_CHASSIS_MAC LLDP_PORT_IN "0a0178", "LLDP|Invalid Time-to-Live TLV"},
		{LLDP_CHASSIS_MAC LLDP_PORT_IN LLDP_TTL_120 LLDP_TTL_120 "0000", "LLDP|Duplicate Time-To-Live TLV"},
		{LLDP_CHASSIS_MAC LLDP_PORT_IN LLDP_TTL_120 LLDP_PORT_IN, "LLDP|Duplicate Port ID TLV"},
		/* a TLV past the end, one byte of a header, a time to live of one byte */
		{LLDP_CHASSIS_MAC LLDP_PORT_IN LLDP_TTL_120 "0a0561",
		 "LLDP|MA/00:11:22:33:44:55 IN/Gi0/1 120 [Malformed Packet]"},
		{LLDP_CHASSIS_MAC LLDP_PORT_IN LLDP_TTL_120 "0a", "LLDP|MA/00:11:22:33:44:55 IN/Gi0/1 120 [Malformed Packet]"},
		{LLDP_CHASSIS_MAC LLDP_PORT_IN "060100" "0000", "LLDP|MA/00:11:22:33:44:55 IN/Gi0/1 [Malformed Packet]"},
		{LLDP_CHASSIS_MAC, "LLDP|MA/00:11:22:33:44:55 [Malformed Packet]"},
		{"", "LLDP|[Malformed Packet]"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		g_assert_cmpstr(ether_cols("88cc", cases[i][0], buf, sizeof buf), ==, cases[i][1]);

	struct built f;
	build_ether(&f, "88cc", LLDP_CHASSIS_MAC LLDP_PORT_IN LLDP_TTL_120 "0803706f31" "0a03737731" "0000");
	g_assert_true(keeps(&f, "lldp.chassis.id.mac == 00:11:22:33:44:55 && lldp.chassis.subtype == 4"));
	g_assert_true(keeps(&f, "lldp.port.id == \"Gi0/1\" && lldp.port.subtype == 5 && lldp.time_to_live == 120"));
	g_assert_true(keeps(&f, "lldp.tlv.system.name == \"sw1\" && lldp.port.desc == \"po1\""));
	g_assert_true(keeps(&f, "count(lldp.tlv.type) == 6 && lldp.tlv.len == 7"));
	g_assert_false(keeps(&f, "lldp.tlv.system.desc || lldp.chassis.id || _ws.malformed"));
	/* a wrong length keeps the TLV's type, length and subtype, no id */
	build_ether(&f, "88cc", "0204040011" LLDP_PORT_IN LLDP_TTL_120);
	g_assert_true(keeps(&f, "count(lldp.tlv.type) == 1 && lldp.chassis.subtype == 4 && !lldp.chassis.id.mac"));
	g_assert_true(keeps(&f, "!_ws.malformed"));
	build_ether(&f, "88cc", "020605010a000001" LLDP_PORT_IN LLDP_TTL_120);
	g_assert_true(keeps(&f, "lldp.chassis.id.ip4 == 10.0.0.1 && !lldp.chassis.id"));
}

/* A LACPDU: version 1, actor and partner, collector, terminator (the
 * subtype byte of the Slow Protocols first). */
#define LACP_ACTOR "0114" "8000" "001122334455" "000d" "8000" "0005"
#define LACP_PARTNER "0214" "8000" "00aabbccddee" "000e" "8000" "0007"
#define LACP_REST "0310" "0000" "000000000000000000000000" "0000"

/* LACP: the version, each party's system, port, key and state flags as
 * Info grows while reading; the Slow Protocols' other subtypes; bytes cut. */
static void test_lacp(void)
{
	char buf[512], hex[1024];
	g_snprintf(hex, sizeof hex, "0101" LACP_ACTOR "3d000000" LACP_PARTNER "47000000" LACP_REST "%0100d", 0);
	g_assert_cmpstr(ether_cols("8809", hex, buf, sizeof buf), ==,
			"LACP|v1 ACTOR 00:11:22:33:44:55 P: 5 K: 13 **DCSG*A PARTNER 00:aa:bb:cc:dd:ee P: 7 K: 14 "
			"*F***GSA");
	struct built f;
	build_ether(&f, "8809", hex);
	g_assert_true(keeps(&f, "slow.subtype == 1 && lacp.version == 1 && lacp.actor.sysid == 00:11:22:33:44:55"));
	g_assert_true(keeps(&f, "lacp.actor.port == 5 && lacp.partner.key == 14 && lacp.partner.state == 0x47"));
	g_assert_true(keeps(&f, "lacp.partner.state.defaulted == 1 && lacp.actor.state.timeout == 0 && lacp.actor.state.synchronization == 1"));
	g_assert_true(keeps(&f, "count(lacp.tlv_type) == 4 && lacp.tlv_length == 0x14 && !_ws.malformed"));
	/* a TLV of the wrong type is an expert item, no exception */
	hex[4] = '0', hex[5] = '9';
	g_assert_cmpstr(ether_cols("8809", hex, buf, sizeof buf), ==,
			"LACP|v1 ACTOR 00:11:22:33:44:55 P: 5 K: 13 **DCSG*A PARTNER 00:aa:bb:cc:dd:ee P: 7 K: 14 "
			"*F***GSA");
	/* the PDU cut: before the actor's priority, inside the partner, before the end */
	static const struct {
		uint32_t hexlen;
		const char *cols;
	} cuts[] = {
		{2, "LACP|Link Aggregation Control Protocol[Malformed Packet]"},
		{8, "LACP|Link Aggregation Control Protocol[Malformed Packet]"},
		{10, "LACP|v1[Malformed Packet]"},
		{60, "LACP|v1 ACTOR 00:11:22:33:44:55 P: 5 K: 13 **DCSG*A[Malformed Packet]"},
		{218, "LACP|v1 ACTOR 00:11:22:33:44:55 P: 5 K: 13 **DCSG*A PARTNER 00:aa:bb:cc:dd:ee P: 7 K: 14 "
		      "*F***GSA[Malformed Packet]"},
	};
	g_snprintf(hex, sizeof hex, "0101" LACP_ACTOR "3d000000" LACP_PARTNER "47000000" LACP_REST "%0100d", 0);
	for (size_t i = 0; i < G_N_ELEMENTS(cuts); i++) {
		char cut[256];
		g_strlcpy(cut, hex, cuts[i].hexlen + 1);
		g_assert_cmpstr(ether_cols("8809", cut, buf, sizeof buf), ==, cuts[i].cols);
	}
	/* fewer than four bytes: LACP names itself but is no protocol of the frame */
	build_ether(&f, "8809", "010101");
	g_assert_false(keeps(&f, "lacp || lacp.version"));
	g_assert_true(keeps(&f, "slow && _ws.malformed"));
	build_ether(&f, "8809", "0a0000");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "Slow Protocols|Subtype = 10");
}

/* IPv4 (10.0.0.1 -> 10.0.0.2) carrying the bytes of HEX as protocol PROTO. */
static void build_ip4(struct built *f, uint8_t proto, const char *hex)
{
	uint8_t l4[512];
	uint32_t len = unhex(l4, hex);
	build_ip(f, proto, len);
	memcpy(f->b + 34, l4, len);
}

/* IPv6 (fe80::1 -> ff02::12) carrying the bytes of HEX as next header NH. */
static void build_ip6(struct built *f, uint8_t nh, const char *hex)
{
	memset(f->b, 0, sizeof f->b);
	f->n = unhex(f->b, "333300000012000000000001" "86dd" "60000000");
	uint32_t len = unhex(f->b + 54, hex);
	put16(f->b + 18, len);
	f->b[20] = nh, f->b[21] = 255;
	unhex(f->b + 22, "fe800000000000000000000000000001" "ff020000000000000000000000000012");
	f->n = 54 + len;
}

/* VRRP: the version in Info whatever the type; version 2's auth type,
 * interval and simple text, version 3's 12-bit interval; addresses of the
 * IP version below; a header or an address cut short. */
static void test_vrrp(void)
{
	char buf[256];
	struct built f;
	build_ip4(&f, 112, "2101640100010000" "0a0000fe" "0000000000000000");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "VRRP|Announcement (v2)");
	g_assert_true(keeps(&f, "vrrp.version == 2 && vrrp.type == 1 && vrrp.virt_rtr_id == 1 && vrrp.prio == 100"));
	g_assert_true(keeps(&f, "vrrp.ip_addr == 10.0.0.254 && vrrp.auth_type == 0 && vrrp.adver_int == 1"));
	g_assert_false(keeps(&f, "vrrp.auth_string || vrrp.short_adver_int || _ws.malformed"));
	build_ip4(&f, 112, "2201640101010000" "0a0000fe" "7365637265740000");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "VRRP|Announcement (v2)");
	g_assert_true(keeps(&f, "vrrp.auth_string == \"secret\" && vrrp.type == 2"));
	build_ip4(&f, 112, "310aff0200640000" "0a0000fe0a0000fd");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "VRRP|Announcement (v3)");
	g_assert_true(keeps(&f, "vrrp.short_adver_int == 100 && count(vrrp.ip_addr) == 2 && vrrp.ip_addr == 10.0.0.253"));
	build_ip6(&f, 112, "310aff0100640000" "fe8000000000000000000000000000fe");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "VRRP|Announcement (v3)");
	g_assert_true(keeps(&f, "vrrp.ipv6_addr == fe80::fe && !vrrp.ip_addr"));
	/* simple text past the end, three addresses announced and one there, the header cut */
	build_ip4(&f, 112, "2101640101010000" "0a0000fe" "736563726574");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "VRRP|Announcement (v2)[Malformed Packet]");
	build_ip4(&f, 112, "2101640300010000" "0a0000fe");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "VRRP|Announcement (v2)[Malformed Packet]");
	g_assert_true(keeps(&f, "vrrp.addr_count == 3 && count(vrrp.ip_addr) == 1"));
	build_ip4(&f, 112, "2101");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "VRRP|Announcement (v2)[Malformed Packet]");
	g_assert_true(keeps(&f, "vrrp && !vrrp.version"));
}

/* An IP payload in hex and the "PROTO|INFO" tshark shows for it. */
struct hex_cols {
	const char *hex, *cols;
};

/* Asserts the columns of each of the N CASES sent over IPv4 as protocol PROTO. */
static void assert_ip4_cols(uint8_t proto, const struct hex_cols *cases, size_t n)
{
	char buf[256];
	struct built f;
	for (size_t i = 0; i < n; i++) {
		build_ip4(&f, proto, cases[i].hex);
		g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, cases[i].cols);
	}
}

/* An OSPFv2 header from 10.0.0.1 in area 0.0.0.1 (no checksum, null
 * authentication) for type TYPE and packet length LEN (4 hex digits each). */
#define OSPF2(type, len) "02" type len "0a000001" "00000001" "0000" "0000" "0000000000000000"
/* A version 2 hello body: mask /24, interval 10, options, priority 1, dead
 * 40, DR 10.0.0.1, no backup. */
#define OSPF2_HELLO(opts) "ffffff00" "000a" opts "01" "00000028" "0a000001" "00000000"
/* A router-LSA of 24 bytes (header and flags / link count) from 10.0.0.1. */
#define OSPF2_ROUTER_LSA "0001" "02" "01" "0a000001" "0a000001" "80000001" "0000" "0018" "00000000"

/* OSPF: Info by message type; the header's fields by version; a hello's
 * fields and neighbors to the packet length; LSAs of an update, an LSA
 * length below its type's minimum; the packet cut or its length past it. */
static void test_ospf(void)
{
	char buf[256];
	struct built f;
	static const struct hex_cols cases[] = {
		{OSPF2("01", "0034") OSPF2_HELLO("02") "0a000002" "0a000003", "OSPF|Hello Packet"},
		{OSPF2("02", "0020") "05dc" "42" "07" "00000001", "OSPF|DB Description"},
		{OSPF2("03", "0024") "00000001" "0a000001" "0a000001", "OSPF|LS Request"},
		{OSPF2("04", "0034") "00000001" OSPF2_ROUTER_LSA, "OSPF|LS Update"},
		{OSPF2("05", "002c") OSPF2_ROUTER_LSA, "OSPF|LS Acknowledge"},
		{OSPF2("07", "0018"), "OSPF|Unknown (7)"},
		/* an unknown version is read to its checksum only */
		{"0101002c" "0a000001" "00000001" "0000", "OSPF|Hello Packet"},
		/* the length past the bytes; below the header's; a hello's fixed part missing */
		{OSPF2("01", "0030") OSPF2_HELLO("02"), "OSPF|Hello Packet[Malformed Packet]"},
		{OSPF2("01", "0010") OSPF2_HELLO("02"), "OSPF|Hello Packet[Malformed Packet]"},
		{OSPF2("01", "0018"), "OSPF|Hello Packet[Malformed Packet]"},
		/* two LSAs announced, one there */
		{OSPF2("04", "0034") "00000002" OSPF2_ROUTER_LSA, "OSPF|LS Update[Malformed Packet]"},
		/* a router-LSA of 20 bytes: an expert item when last, an exception when not */
		{OSPF2("04", "0030") "00000001" "000102010a0000010a000001800000010000001400000000",
		 "OSPF|LS Update"},
		{OSPF2("05", "002c") "000102010a0000010a0000018000000100000014", "OSPF|LS Acknowledge[Malformed Packet]"},
		/* the L option with no LLS block after the packet; one that is there */
		{OSPF2("01", "002c") OSPF2_HELLO("12"), "OSPF|Hello Packet"},
		{OSPF2("01", "002c") OSPF2_HELLO("12") "0000" "0003" "0001" "0004" "00000001", "OSPF|Hello Packet"},
		{OSPF2("01", "002c") OSPF2_HELLO("12") "0000" "0003" "0001" "0008" "00000001",
		 "OSPF|Hello Packet[Malformed Packet]"},
		{"0201002c0a", "OSPF|Hello Packet[Malformed Packet]"},
		{"0201", "OSPF|Hello Packet[Malformed Packet]"},
		{"02", "OSPF|[Malformed Packet]"},
	};
	assert_ip4_cols(89, cases, G_N_ELEMENTS(cases));

	build_ip4(&f, 89, cases[0].hex);
	g_assert_true(keeps(&f, "ospf.version == 2 && ospf.msg == 1 && ospf.packet_length == 52 && ospf.msg.hello"));
	g_assert_true(keeps(&f, "ospf.srcrouter == 10.0.0.1 && ospf.area_id == 0.0.0.1 && ospf.auth.type == 0"));
	g_assert_true(keeps(&f, "ospf.hello.network_mask == 255.255.255.0 && ospf.hello.hello_interval == 10"));
	g_assert_true(keeps(&f, "ospf.hello.router_dead_interval == 40 && ospf.hello.designated_router == 10.0.0.1"));
	g_assert_true(keeps(&f, "count(ospf.hello.active_neighbor) == 2 && ospf.hello.active_neighbor == 10.0.0.3"));
	g_assert_false(keeps(&f, "ospf.msg.dbdesc || ospf.instance_id || ospf.hello.interface_id || _ws.malformed"));
	build_ip4(&f, 89, cases[1].hex);
	g_assert_true(keeps(&f, "ospf.db.interface_mtu == 1500 && ospf.db.dd_sequence == 1 && ospf.msg.dbdesc"));
	build_ip4(&f, 89, cases[2].hex);
	g_assert_true(keeps(&f, "ospf.lsa == 1 && ospf.advrouter == 10.0.0.1 && !ospf.lsa.length"));
	build_ip4(&f, 89, cases[3].hex);
	g_assert_true(keeps(&f, "ospf.ls.number_of_lsas == 1 && ospf.lsa == 1 && ospf.lsa.length == 24"));
	g_assert_true(keeps(&f, "ospf.lsa.seqnum == 0x80000001 && ospf.advrouter == 10.0.0.1"));
	build_ip4(&f, 89, cases[5].hex);
	g_assert_true(keeps(&f, "ospf && !data"));
	build_ip4(&f, 89, OSPF2("07", "001c") "0102");
	g_assert_true(keeps(&f, "data"));
	/* simple authentication's text */
	build_ip4(&f, 89, "0201002c" "0a000001" "00000001" "0000" "0001" "7365637265740000" OSPF2_HELLO("02"));
	g_assert_true(keeps(&f, "ospf.auth.type == 1 && ospf.auth.simple == \"secret\""));
	/* the bad LSA length: its header's fields and the expert item */
	build_ip4(&f, 89, cases[11].hex);
	g_assert_true(keeps(&f, "ospf.lsa.length == 20 && _ws.expert.message == \"Invalid LSA length (20) for type "
				"Router-LSA, expected >= (24)\""));
	build_ip4(&f, 89, cases[13].hex);
	g_assert_true(keeps(&f, "_ws.expert.message == \"LLS option bit set but data block missing\""));
	/* fewer than 4 bytes: no item, no field */
	build_ip4(&f, 89, "0201");
	g_assert_false(keeps(&f, "ospf || ospf.version"));
	build_ip4(&f, 89, "0201002c0a");
	g_assert_true(keeps(&f, "ospf.packet_length == 44 && !ospf.srcrouter"));

	/* version 3 over IPv6: instance id, interface id, 16-bit intervals */
	build_ip6(&f, 89, "03010028" "0a000001" "00000001" "0000" "01" "00" "00000005" "01" "000013" "000a" "0028"
			  "0a000001" "0a000002" "0a000009");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "OSPF|Hello Packet");
	g_assert_true(keeps(&f, "ospf.version == 3 && ospf.instance_id == 1 && ospf.hello.interface_id == 5"));
	g_assert_true(keeps(&f, "ospf.hello.router_priority == 1 && ospf.hello.router_dead_interval == 40"));
	g_assert_true(keeps(&f, "ospf.hello.active_neighbor == 10.0.0.9 && !ospf.auth.type && !ospf.hello.network_mask"));
	/* a version 3 router-LSA shorter than its flags and options */
	build_ip6(&f, 89, "0304002c" "0a000001" "00000001" "0000" "0100" "00000001"
			  "00012001" "0a000001" "0a000001" "80000001" "0000" "0014" "00000000");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "OSPF|LS Update[Malformed Packet]");
	g_assert_true(keeps(&f, "ospf.v3.lsa == 0x2001"));
}

/* UDP from port 1985 to port DPORT and IPv4 address DST (its last byte
 * in 224.0.0.x) carrying HEX. */
static void build_hsrp(struct built *f, uint16_t dport, uint8_t dst, const char *hex)
{
	uint8_t data[256];
	uint32_t n = unhex(data, hex);
	build_udp(f, 1985, dport, data, n);
	put32(f->b + 30, 0xe0000000u | dst);
}

#define HSRP1_HELLO "00" "00" "10" "03" "0a" "64" "1e" "00" "636973636f000000" "0a000001"
#define HSRP2_GROUP(ipver) "0128" "02" "00" "06" ipver "0001" "001122334455" "00000064" "00000bb8" "00002710" \
	"0a0000fe000000000000000000000000"

/* HSRP: the version by the destination (224.0.0.2, 224.0.0.102, IPv6 on
 * port 2029); Info from the opcode and state, version 2's last group or
 * interface state TLV; bytes cut before or after its item; a datagram on
 * its port to another address, which HSRP takes and shows nothing of. */
static void test_hsrp(void)
{
	char buf[256];
	struct built f;
	static const struct {
		uint8_t dst;
		const char *hex, *cols;
	} cases[] = {
		{2, HSRP1_HELLO, "HSRP|Hello (state Active)"},
		{2, "0001040a0a641e00636973636f0000000a000001", "HSRP|Coup (state Speak)"},
		{2, "00030001000a0200000100000000" "00000000", "HSRP|Advertise (state Passive)"},
		{2, "00030001000a0200000100000000", "HSRP|Advertise (state Passive)[Malformed Packet]"},
		{2, "0005", "HSRP|Unknown"},
		{2, "0000100a", "HSRP|Hello (state Active)[Malformed Packet]"},
		{2, "00", "HSRP|1985 → 1985 Len=1[Malformed Packet]"},
		{102, HSRP2_GROUP("04"), "HSRPv2|Hello (state Active)"},
		{102, HSRP2_GROUP("04") "0308636973636f000000", "HSRPv2|Hello (state Active)"},
		{102, "020400010002", "HSRPv2|Interface State TLV (Act=1 Pass=2)"},
		{102, "020400010002" HSRP2_GROUP("04"), "HSRPv2|Hello (state Active)"},
		{102, "0204", "HSRPv2|1985 → 1985 Len=2[Malformed Packet]"},
		{102, "0999aabb", "HSRPv2|1985 → 1985 Len=4"},
		{5, HSRP1_HELLO, "UDP|1985 → 1985 Len=20"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		build_hsrp(&f, 1985, cases[i].dst, cases[i].hex);
		g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, cases[i].cols);
	}
	build_hsrp(&f, 1985, 2, HSRP1_HELLO);
	g_assert_true(keeps(&f, "hsrp.version == 0 && hsrp.opcode == 0 && hsrp.state == 16 && hsrp.hellotime == 3"));
	g_assert_true(keeps(&f, "hsrp.holdtime == 10 && hsrp.priority == 100 && hsrp.group == 30"));
	g_assert_true(keeps(&f, "hsrp.auth_data == \"cisco\" && hsrp.virt_ip == 10.0.0.1 && !hsrp2.version"));
	build_hsrp(&f, 1985, 2, cases[2].hex);
	g_assert_true(keeps(&f, "hsrp.adv.state == 2 && hsrp.adv.activegrp == 1 && !hsrp.state"));
	build_hsrp(&f, 1985, 102, HSRP2_GROUP("04") "0308636973636f000000");
	g_assert_true(keeps(&f, "hsrp2.version == 2 && hsrp2.state == 6 && hsrp2.group == 1 && hsrp2.priority == 100"));
	g_assert_true(keeps(&f, "hsrp2.identifier == 00:11:22:33:44:55 && hsrp2.hellotime == 3000"));
	g_assert_true(keeps(&f, "hsrp2.virt_ip == 10.0.0.254 && hsrp2.auth_data == \"cisco\" && !hsrp.version"));
	/* an unknown IP version: the address is data */
	build_hsrp(&f, 1985, 102, HSRP2_GROUP("09"));
	g_assert_true(keeps(&f, "hsrp && data && hsrp2.ipversion == 9 && !hsrp2.virt_ip"));
	/* the opcode missing: HSRP names itself, no item; another address: nothing */
	build_hsrp(&f, 1985, 2, "00");
	g_assert_false(keeps(&f, "hsrp || hsrp.version"));
	build_hsrp(&f, 1985, 5, HSRP1_HELLO);
	g_assert_false(keeps(&f, "hsrp || data"));
	/* a source port 1985 alone is not HSRP's */
	build_hsrp(&f, 1234, 2, HSRP1_HELLO);
	g_assert_true(keeps(&f, "data && !hsrp"));
	/* version 2 over IPv6 to port 2029 */
	build_ip6(&f, 17, "07ed07ed00320000" HSRP2_GROUP("06"));
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "HSRPv2|Hello (state Active)");
	g_assert_true(keeps(&f, "hsrp2.virt_ip_v6 == a00:fe:: && hsrp2.ipversion == 6"));
	/* 50 bytes of version 1 end with an MD5 TLV, or an expert item */
	build_hsrp(&f, 1985, 2, HSRP1_HELLO "051c01" "0000000000000000000000000000000000000000000000000000" "00");
	g_assert_true(keeps(&f, "_ws.expert.message == \"Unknown TLV sequence in HSRPv1 dissection, Type=(5) Len=(28)\""));
}

/* PIM messages: a hello (holdtime, DR priority, generation id, an address
 * list), a join/prune of one group, an assert. */
#define PIM_HELLO "2000fe8a" "00010002" "0069" "00130004" "00000001" "00140004" "12345678" "00180006" "01000a000001"
#define PIM_JOIN "23000000" "01000a000002" "00" "01" "00d2" "01000020ef010101" "0001" "0001" \
	"010007200a000005" "010000200a000006"
#define PIM_ASSERT "25000000" "01000020ef010101" "01000a000005" "80000064" "0000000a"

/* PIM: the version in Protocol, the type in Info; a hello's options, a
 * join/prune's groups and sources, an assert's metrics; an address of
 * unknown family ends the reading; a register's data packet shown as IP
 * layers under columns that stay PIM's, even for an exception. */
static void test_pim(void)
{
	char buf[256];
	struct built f;
	static const struct hex_cols cases[] = {
		{PIM_HELLO, "PIMv2|Hello"},
		{PIM_JOIN, "PIMv2|Join/Prune"},
		{PIM_ASSERT, "PIMv2|Assert"},
		{"2f00", "PIMv2|Unknown (15)[Malformed Packet]"},
		{"10000000aa", "PIMv1|Unknown"},
		{"2000", "PIMv2|Hello[Malformed Packet]"},
		/* an option longer than the message; an upstream neighbor of family 3 */
		{"2000fe8a00010006000a", "PIMv2|Hello[Malformed Packet]"},
		{"23000000" "03000a000002", "PIMv2|Join/Prune"},
		{"23000000" "01000a000002" "000100d2", "PIMv2|Join/Prune[Malformed Packet]"},
		{"2100000000", "PIMv2|Register"},
	};
	assert_ip4_cols(103, cases, G_N_ELEMENTS(cases));
	build_ip4(&f, 103, PIM_HELLO);
	g_assert_true(keeps(&f, "pim.version == 2 && pim.type == 0 && pim.cksum == 0xfe8a && count(pim.optiontype) == 4"));
	g_assert_true(keeps(&f, "pim.holdtime == 105 && pim.dr_priority == 1 && pim.generation_id == 0x12345678"));
	g_assert_true(keeps(&f, "pim.address_list == 10.0.0.1 && pim.unicast == 10.0.0.1 && !_ws.malformed"));
	build_ip4(&f, 103, PIM_JOIN);
	g_assert_true(keeps(&f, "pim.upstream_neighbor == 10.0.0.2 && pim.numgroups == 1 && pim.holdtime == 210"));
	g_assert_true(keeps(&f, "pim.group == 239.1.1.1 && pim.join_ip == 10.0.0.5 && pim.prune_ip == 10.0.0.6"));
	g_assert_true(keeps(&f, "count(pim.source) == 2 && pim.numjoins == 1 && pim.numprunes == 1"));
	build_ip4(&f, 103, PIM_ASSERT);
	g_assert_true(keeps(&f, "pim.metric_pref == 100 && pim.metric == 10 && pim.source == 10.0.0.5"));
	/* a register: the data packet's IPv4 and UDP, PIM's columns, the inner addresses */
	build_ip4(&f, 103, "21000000" "00000000" "4500001c000000004011000008080808ef01010104d204d20008" "0000");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "PIMv2|Register");
	g_assert_true(keeps(&f, "pim && udp.port == 1234 && ip.dst == 239.1.1.1 && pim.register_flag == 0"));
	/* a null register's dummy header gives the source and group */
	build_ip4(&f, 103, "21000000" "40000000" "0000001400000000401100000a000009ef010101");
	g_assert_true(keeps(&f, "pim.source == 10.0.0.9 && pim.group == 239.1.1.1 && !udp"));
	/* nothing past the header, or one byte */
	build_ip4(&f, 103, "20");
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, "PIMv2|Hello[Malformed Packet]");
	g_assert_true(keeps(&f, "pim.version == 2 && !pim.cksum"));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/l2route/lldp", test_lldp);
	g_test_add_func("/l2route/lacp", test_lacp);
	g_test_add_func("/l2route/vrrp", test_vrrp);
	g_test_add_func("/l2route/ospf", test_ospf);
	g_test_add_func("/l2route/hsrp", test_hsrp);
	g_test_add_func("/l2route/pim", test_pim);
	return g_test_run();
}
