/* Unit tests of the Precision Time Protocol: version 2 messages over
 * Ethernet (type 0x88f7) and UDP ports 319/320, version 1 on UDP, built
 * here byte by byte; their Protocol and Info columns as tshark 4.0 shows
 * the same bytes, the fields through display filters, and the damaged
 * ones (too few bytes, a messageLength past the end or short of the body,
 * a TLV past the message). */
#include <glib.h>
#include <string.h>

#include "udp_frame.h"

/* A version 2 header of message TYPE (its high nibble the majorSdoId) with
 * messageLength LEN, domain 0, the two-step flag, clock 00:11:22:ff:fe:33:
 * 44:55 port 1, sequence 7, then the body BODY (hex); in HEX. */
static void ptp_v2_hex(char *hex, size_t n, unsigned type, unsigned len, const char *body)
{
	unsigned control = (type & 0x0f) == 0 ? 0 : (type & 0x0f) == 1 ? 1 : (type & 0x0f) == 8 ? 2
			 : (type & 0x0f) == 9 ? 3 : (type & 0x0f) == 0xd ? 4 : 5;
	g_snprintf(hex, n, "%02x02%04x00000200" "0000000000000000" "00000000" "001122fffe334455" "0001" "0007" "%02x00%s",
		   type, len, control, body);
}

/* FRAME as an Ethernet frame of type 0x88f7 carrying the bytes of HEX. */
static void ether_hex(const char *hex)
{
	memset(frame.b, 0, sizeof frame.b);
	frame.n = unhex(frame.b, "011b19000000" "001122334455" "88f7");
	frame.n += unhex(frame.b + frame.n, hex);
}

#define TS10 "00005f000001" "00000010"     /* 1593835521 s, 16 ns */
#define PORT_ID "001122fffe334455" "0001"

/* Each message type's Info, over Ethernet and UDP; the header's fields. */
static void test_v2_types(void)
{
	static const struct {
		unsigned type, len;
		const char *body, *info;
	} cases[] = {
		{0x0, 44, TS10, "Sync Message"},
		{0x1, 44, TS10, "Delay_Req Message"},
		{0x2, 54, TS10 "00000000000000000000", "Peer_Delay_Req Message"},
		{0x3, 54, TS10 PORT_ID, "Peer_Delay_Resp Message"},
		{0x8, 44, TS10, "Follow_Up Message"},
		{0x9, 54, TS10 PORT_ID, "Delay_Resp Message"},
		{0xa, 54, TS10 PORT_ID, "Peer_Delay_Resp_Follow_Up Message"},
		{0xc, 44, PORT_ID, "Signalling Message"},
		{0x4, 34, "", "Unknown PTP Message (4)"},
		{0xe, 34, "", "Unknown PTP Message (14)"},
	};
	char hex[512];
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		ptp_v2_hex(hex, sizeof hex, cases[i].type, cases[i].len, cases[i].body);
		ether_hex(hex);
		g_autofree char *want = g_strdup_printf("PTPv2|%s", cases[i].info);
		g_assert_cmpstr(cols(), ==, want);
		udp_hex(319, 319, hex);
		g_assert_cmpstr(cols(), ==, want);
		g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:ptp");
	}
	ptp_v2_hex(hex, sizeof hex, 0x0, 44, TS10);
	ether_hex(hex);
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ptp");
	g_assert_true(keeps("ptp.v2.messagetype == 0 && ptp.v2.versionptp == 2 && ptp.v2.messagelength == 44"));
	g_assert_true(keeps("ptp.v2.sequenceid == 7 && ptp.v2.domainnumber == 0 && ptp.v2.flags.twostep"));
	g_assert_true(keeps("ptp.v2.clockidentity == 0x001122fffe334455 && ptp.v2.sourceportid == 1"));
	g_assert_true(keeps("ptp.v2.controlfield == 0 && ptp.v2.logmessageperiod == 0 && ptp.v2.majorsdoid == 0"));
	g_assert_true(keeps("ptp.v2.sdr.origintimestamp.seconds == 1593835521 && ptp.v2.sdr.origintimestamp.nanoseconds == 16"));
	g_assert_false(keeps("ptp.v2.flags.unicast == 1 || ptp.v2.fu.preciseorigintimestamp.seconds || ptp.versionptp"));
	frame.n += 2; /* to Ethernet's 60 bytes */
	g_assert_true(keeps("eth.padding == 00:00 && ptp.v2.messagelength == 44"));
	ptp_v2_hex(hex, sizeof hex, 0x9, 54, TS10 PORT_ID);
	udp_hex(320, 320, hex);
	g_assert_true(keeps("ptp.v2.dr.requestingsourceportidentity == 0x001122fffe334455 && ptp.v2.dr.requestingsourceportid == 1"));
	g_assert_true(keeps("ptp.v2.dr.receivetimestamp.seconds == 1593835521 && ptp.v2.controlfield == 3"));
	/* 802.1AS (majorSdoId 1) over Ethernet: a two-step Sync's body is
	 * reserved; over UDP the same bytes are plain PTP */
	ptp_v2_hex(hex, sizeof hex, 0x10, 44, TS10);
	ether_hex(hex);
	g_assert_cmpstr(cols(), ==, "PTPv2|Sync Message");
	g_assert_true(keeps("ptp.v2.majorsdoid == 1 && ptp.v2.sync.reserved == 00:00:5f:00:00:01:00:00:00:10"));
	g_assert_false(keeps("ptp.v2.sdr.origintimestamp.seconds"));
	udp_hex(319, 319, hex);
	g_assert_true(keeps("ptp.v2.sdr.origintimestamp.seconds == 1593835521 && !ptp.v2.sync.reserved"));
}

/* Announce with its TLVs; Management's Info: the id and the action, or
 * the error. */
static void test_v2_announce_management(void)
{
	char hex[512];
	ptp_v2_hex(hex, sizeof hex, 0xb, 76,
		   TS10 "0025" "00" "80" "f8" "fe" "ffff" "80" "001122fffe334455" "0000" "a0"
		   "0008" "0008" "001122fffe334455");
	ether_hex(hex);
	g_assert_cmpstr(cols(), ==, "PTPv2|Announce Message");
	g_assert_true(keeps("ptp.v2.an.origincurrentutcoffset == 37 && ptp.v2.an.priority1 == 128 && ptp.v2.an.priority2 == 128"));
	g_assert_true(keeps("ptp.v2.an.grandmasterclockclass == 248 && ptp.v2.an.grandmasterclockaccuracy == 0xfe"));
	g_assert_true(keeps("ptp.v2.an.grandmasterclockvariance == 65535 && ptp.v2.timesource == 0xa0"));
	g_assert_true(keeps("ptp.v2.an.grandmasterclockidentity == 0x001122fffe334455 && ptp.v2.an.localstepsremoved == 0"));
	g_assert_true(keeps("ptp.v2.an.tlvType == 8 && ptp.v2.an.lengthField == 8 && ptp.v2.controlfield == 5"));
	g_assert_cmpstr(experts(), ==, "");
	/* an organization extension shorter than its id and subtype */
	ptp_v2_hex(hex, sizeof hex, 0xb, 70,
		   TS10 "0025" "00" "80" "f8" "fe" "ffff" "80" "001122fffe334455" "0000" "a0" "0003" "0002" "6162");
	ether_hex(hex);
	g_assert_cmpstr(cols(), ==, "PTPv2|Announce Message[Malformed Packet]");
	g_assert_true(keeps("ptp.v2.an.tlvType == 3 && _ws.malformed"));

	static const struct {
		const char *body, *info;
	} mgmt[] = {
		{PORT_ID "0000" "01" "00" "0001" "0002" "2000", "Management (Default dataset) SET"},
		{PORT_ID "0000" "00" "00" "0001" "0002" "0000", "Management (Null management) GET"},
		{PORT_ID "0000" "02" "00" "0001" "0002" "6001", "Management (Log min pdelay req. interval) RESPONSE"},
		{PORT_ID "0000" "05" "00" "0001" "0002" "0008", "Management (Unknown management Id 8) Unknown Action 5"},
		{PORT_ID "0000" "00" "00" "0002" "0008" "0002" "2000" "00000000", "Management Error Message (NO_SUCH_ID)"},
		{PORT_ID "0000" "00" "00" "0002" "0008" "8000" "2000" "00000000",
		 "Management Error Message (Unknown Error Id 32768)"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(mgmt); i++) {
		ptp_v2_hex(hex, sizeof hex, 0xd, 34 + (unsigned)strlen(mgmt[i].body) / 2, mgmt[i].body);
		ether_hex(hex);
		g_autofree char *want = g_strdup_printf("PTPv2|%s", mgmt[i].info);
		g_assert_cmpstr(cols(), ==, want);
	}
	g_assert_true(keeps("ptp.v2.mm.tlvType == 2 && ptp.v2.mm.managementErrorId == 32768 && ptp.v2.mm.managementId == 8192"));
	g_assert_true(keeps("ptp.v2.mm.targetportidentity == 0x001122fffe334455 && ptp.v2.mm.action == 0"));
	/* the TLV ends before the management id: no field, the Info below's */
	ptp_v2_hex(hex, sizeof hex, 0xd, 52, PORT_ID "0000" "00" "00" "0001" "0002");
	ether_hex(hex);
	g_assert_cmpstr(cols(), ==, "PTPv2|Ethernet II[Malformed Packet]");
	g_assert_true(keeps("!ptp && _ws.malformed && frame.protocols contains \"ptp\""));
	g_assert_false(keeps("ptp.v2.messagetype"));
}

/* Version 1 on UDP: the control field's Info, a management message's key;
 * other versions are no PTP on UDP, but over Ethernet always version 2. */
static void test_v1(void)
{
	char hex[2 * 160 + 1];
	/* versionPTP 1, versionNetwork 1, "_DFLT", type 1, tech 1, uuid,
	 * port 1, sequence 9, control, flags; then zeros to 124 bytes */
	static const char head[] = "00010001" "5f44464c540000000000000000000000" "0101" "001122334455" "0001" "0009";
	static const struct {
		unsigned control, key;
		const char *info;
	} cases[] = {
		{0, 0, "Sync Message"}, {1, 0, "Delay_Request Message"}, {2, 0, "Follow_Up Message"},
		{3, 0, "Delay_Response Message"}, {5, 0, "Unknown Message"},
		{4, 0, "Management Message (Null)"}, {4, 2, "Management Message (Clock Identity)"},
		{4, 23, "Management Message (Disable Port)"},
		{4, 8, "Management Message (Default Data Set)[Malformed Packet]"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		size_t k = (size_t)g_snprintf(hex, sizeof hex, "%s%02x00", head, cases[i].control);
		memset(hex + k, '0', 2 * 124 - k);
		hex[2 * 124] = 0;
		g_snprintf(hex + 2 * 55, 3, "%02x", cases[i].key);
		hex[2 * 55 + 2] = '0';
		udp_hex(319, 319, hex);
		g_autofree char *want = g_strdup_printf("PTPv1|%s", cases[i].info);
		g_assert_cmpstr(cols(), ==, want);
	}
	g_assert_true(keeps("ptp.versionptp == 1 && ptp.subdomain == \"_DFLT\" && ptp.sourceuuid == 00:11:22:33:44:55"));
	g_assert_true(keeps("ptp.sequenceid == 9 && ptp.controlfield == 4 && ptp.messagetype == 1"));
	g_assert_false(keeps("ptp.v2.versionptp || ptp.v2.messagetype"));
	/* version 3 on UDP: Wireshark's port dissector takes it and shows nothing */
	ptp_v2_hex(hex, sizeof hex, 0x0, 44, TS10);
	hex[3] = '3';
	udp_hex(319, 319, hex);
	g_assert_cmpstr(cols(), ==, "UDP|319 → 319 Len=44");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp");
	/* a version 1 header over Ethernet is read as version 2 */
	hex[3] = '1';
	ether_hex(hex);
	g_assert_cmpstr(cols(), ==, "PTPv2|Sync Message");
	g_assert_true(keeps("ptp.v2.versionptp == 1"));
}

/* Too few bytes to read a field; a messageLength past the frame's end
 * (an expert error) or short of the body (malformed). */
static void test_damaged(void)
{
	char hex[512];
	ptp_v2_hex(hex, sizeof hex, 0x0, 44, TS10);
	hex[2] = 0;
	udp_hex(319, 319, hex);
	g_assert_cmpstr(cols(), ==, "UDP|319 → 319 Len=1[Malformed Packet]");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:ptp");
	ptp_v2_hex(hex, sizeof hex, 0x0, 44, TS10);
	hex[14] = 0;
	udp_hex(319, 319, hex);
	g_assert_cmpstr(cols(), ==, "PTPv2|319 → 319 Len=7[Malformed Packet]");
	g_assert_false(keeps("ptp.v2.messagelength"));
	ptp_v2_hex(hex, sizeof hex, 0x0, 44, TS10);
	hex[16] = 0;
	udp_hex(319, 319, hex);
	g_assert_cmpstr(cols(), ==, "PTPv2|Sync Message[Malformed Packet]");
	g_assert_cmpstr(experts(), ==, "PTP: Message length goes past the end of the packet; "
				       "PTP: Malformed Packet (Exception occurred)");
	g_assert_true(keeps("ptp.v2.messagelength == 44 && ptp.v2.flags == 0x0200 && !ptp.v2.correction.ns"));
	ptp_v2_hex(hex, sizeof hex, 0x0, 80, TS10);
	ether_hex(hex);
	g_assert_cmpstr(cols(), ==, "PTPv2|Sync Message");
	g_assert_cmpstr(experts(), ==, "PTP: Message length goes past the end of the packet");
	ptp_v2_hex(hex, sizeof hex, 0x0, 30, TS10);
	ether_hex(hex);
	g_assert_cmpstr(cols(), ==, "PTPv2|Sync Message[Malformed Packet]");
	g_assert_true(keeps("ptp.v2.messagelength == 30 && !ptp.v2.sequenceid && !ptp.v2.sdr.origintimestamp.seconds"));
	/* 802.1AS's Follow_Up without its information TLV */
	ptp_v2_hex(hex, sizeof hex, 0x18, 44, TS10);
	ether_hex(hex);
	g_assert_cmpstr(cols(), ==, "PTPv2|Follow_Up Message[Malformed Packet]");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ptp/v2-types", test_v2_types);
	g_test_add_func("/ptp/v2-announce-management", test_v2_announce_management);
	g_test_add_func("/ptp/v1", test_v1);
	g_test_add_func("/ptp/damaged", test_damaged);
	return g_test_run();
}
