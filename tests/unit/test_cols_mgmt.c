/* Unit tests of the remote management protocols: RMCP on UDP 623 with its
 * classes (ASF, IPMI's session wrapper and the IPMB data inside it), RSP on
 * 664, and VNC's RFB over TCP.  Datagrams and connections built here byte
 * by byte; their Protocol and Info columns, frame.protocols and hierarchy
 * as tshark 4.0 shows the same bytes, their fields through display
 * filters, and the same bytes cut short or contradicting their lengths. */
#include <glib.h>
#include <string.h>

#include "stats/hierarchy.h"
#include "tcp_conn_test.h"
#include "udp_frame.h"

/* The hierarchy of PHS as "name frames" lines, indented by depth. */
static void phs_text(const phs_state *s, uint32_t idx, int depth, GString *out)
{
	for (; idx != PHS_NONE; idx = phs_node(s, idx)->next) {
		const struct phs_node *n = phs_node(s, idx);
		g_string_append_printf(out, "%*s%s\n", depth * 2, "", proto_get((enum proto_id)n->proto)->abbrev);
		phs_text(s, n->first_child, depth + 1, out);
	}
}

/* FRAME's nodes of the protocol hierarchy below udp, one a line. */
static const char *hierarchy(void)
{
	static char buf[512];
	struct packet p;
	struct frame fr;
	run_frame(&p, &fr, frame.b, frame.n, frame.n, LINKTYPE_ETHERNET);
	g_autoptr(phs_state) phs = phs_new();
	phs_packet(phs, &p);
	g_autoptr(GString) h = g_string_new(NULL);
	phs_text(phs, phs_first(phs), 0, h);
	const char *at = strstr(h->str, "    udp\n");
	g_assert_nonnull(at);
	g_auto(GStrv) lines = g_strsplit(at + 8, "\n", -1);
	buf[0] = 0;
	for (char **l = lines; *l && **l; l++) {
		g_strlcat(buf, *l + 6, sizeof buf);
		g_strlcat(buf, "\n", sizeof buf);
	}
	return buf;
}

/* The RMCP header of a normal message of class 6 (ASF) and 7 (IPMI). */
#define RMCP_ASF "0600ff06"
#define RMCP_IPMI "0600ff07"
/* An IPMI v1.5 session without authentication: sequence 0, session 0. */
#define SESSION15 "00" "00000000" "00000000"
/* A Get Channel Authentication Capabilities request (9 bytes). */
#define GET_CHANNEL_AUTH "2018c88100388e04b5"
/* An Open Session Response: status, console session 1, client session 2. */
#define OPEN_RESP RMCP_ASF "000011be" "43" "00" "00" "1c" "00000000" "00000001" "00000002"

/* RMCP's classes and ACKs; a class RMCP does not know is not RMCP. */
static void test_rmcp(void)
{
	udp_hex(40000, 623, "06000586");
	g_assert_cmpstr(cols(), ==, "RMCP|RMCP ACK, Class: ASF");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:rmcp");
	g_assert_true(keeps("rmcp.version == 6 && rmcp.sequence == 5 && rmcp.class == 6 && rmcp.type == 1"));
	/* an ACK carries nothing: the bytes after its header are not shown */
	udp_hex(40000, 623, "0600ff86" "000011be80000000");
	g_assert_cmpstr(cols(), ==, "RMCP|RMCP ACK, Class: ASF");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:rmcp");
	/* OEM: data; the class's high bits other than the ACK's are ignored */
	udp_hex(40000, 623, "0600ff08" "01020304");
	g_assert_cmpstr(cols(), ==, "RMCP|Normal RMCP, Class: OEM");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:rmcp:data");
	udp_hex(40000, 623, "0600ff28");
	g_assert_cmpstr(cols(), ==, "RMCP|Normal RMCP, Class: OEM");
	g_assert_true(keeps("rmcp.class == 8 && rmcp.type == 0"));
	/* class 5, or no class byte: UDP's data */
	udp_hex(40000, 623, "0600ff05" "00");
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 623 Len=5");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:data");
	udp_hex(40000, 623, "0600ff");
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 623 Len=3");
	g_assert_false(keeps("rmcp"));
}

/* ASF: Presence Ping and Pong, a type without a name, the open session
 * messages read field by field, a header cut short. */
static void test_asf(void)
{
	udp_hex(40000, 623, RMCP_ASF "000011be" "80" "00" "00" "00");
	g_assert_cmpstr(cols(), ==, "ASF|Presence Ping");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:rmcp:asf");
	g_assert_true(keeps("asf.iana == 4542 && asf.type == 0x80 && asf.len == 0"));
	/* the Pong's data as long as its length says, or as the datagram holds */
	udp_hex(623, 40000, RMCP_ASF "000011be" "40" "00" "00" "10" "000011be000000008100000000000000");
	g_assert_cmpstr(cols(), ==, "ASF|Presence Pong");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:rmcp:asf:data");
	udp_hex(623, 40000, RMCP_ASF "000011be" "40" "00" "00" "10" "0000");
	g_assert_cmpstr(cols(), ==, "ASF|Presence Pong");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:rmcp:asf:data");
	udp_hex(623, 40000, RMCP_ASF "000011be" "40" "00" "00" "10");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:rmcp:asf");
	udp_hex(40000, 623, RMCP_ASF "000011be" "99" "00" "00" "00");
	g_assert_cmpstr(cols(), ==, "ASF|Unknown (0x99)");
	/* an Open Session Response: status, both session ids, two payloads */
	udp_hex(623, 40000, OPEN_RESP "0100000801000000" "0200000801000000");
	g_assert_cmpstr(cols(), ==, "ASF|Open Session Response");
	g_assert_true(keeps("asf.rssp_status_code == 0 && asf.mgt_console_id == 1 && asf.client_id == 2"));
	g_assert_cmpstr(experts(), ==, "");
	/* a payload longer than the datagram; one shorter than its header ends the list */
	udp_hex(623, 40000, OPEN_RESP "0100000901000000");
	g_assert_cmpstr(cols(), ==, "ASF|Open Session Response[Malformed Packet]");
	udp_hex(623, 40000, OPEN_RESP "0100000201000000");
	g_assert_cmpstr(cols(), ==, "ASF|Open Session Response");
	g_assert_cmpstr(experts(), ==, "ASF: Payload length too short to include the type and length");
	udp_hex(623, 40000, RMCP_ASF "000011be" "83" "00" "00" "1c" "0000");
	g_assert_cmpstr(cols(), ==, "ASF|Open Session Request[Malformed Packet]");
	/* a header cut short: ASF's name, an empty Info, no node of its own */
	udp_hex(40000, 623, RMCP_ASF "000011be80");
	g_assert_cmpstr(cols(), ==, "ASF|[Malformed Packet]");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:rmcp:asf");
	g_assert_cmpstr(hierarchy(), ==, "rmcp\n  _ws.malformed\n");
	g_assert_false(keeps("asf"));
}

/* IPMI v1.5 and v2.0 session wrappers: the message inside goes to the IPMI
 * dissector, which shows it as IPMB bus command data. */
static void test_ipmi_session(void)
{
	udp_hex(40000, 623, RMCP_IPMI SESSION15 "09" GET_CHANNEL_AUTH);
	g_assert_cmpstr(cols(), ==, "IPMB|Session ID 0x0");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:rmcp:ipmi_session:data");
	g_assert_cmpstr(hierarchy(), ==, "rmcp\n  ipmi_session\n    ipmb\n      data\n");
	g_assert_true(keeps("ipmi_session.authtype == 0 && ipmi_session.id == 0 && ipmi_session.msg.len == 9"));
	g_assert_true(keeps("ipmb && ipmi.bus_command_data == 20:18:c8:81:00:38:8e:04:b5"));
	g_assert_false(keeps("ipmi || ipmi_session.payloadtype || ipmi_session.authcode || ipmi_session.trailer"));
	/* a message under 7 bytes is data alone, an empty one nothing; IPMB still */
	udp_hex(40000, 623, RMCP_IPMI SESSION15 "06" "2018c8810038");
	g_assert_cmpstr(cols(), ==, "IPMB|Session ID 0x0");
	g_assert_cmpstr(hierarchy(), ==, "rmcp\n  ipmi_session\n    data\n");
	udp_hex(40000, 623, RMCP_IPMI SESSION15 "00");
	g_assert_cmpstr(cols(), ==, "IPMB|Session ID 0x0");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:rmcp:ipmi_session");
	/* bytes after the message: the wrapper's trailer */
	udp_hex(40000, 623, RMCP_IPMI SESSION15 "09" GET_CHANNEL_AUTH "eeee");
	g_assert_true(keeps("ipmi_session.trailer == ee:ee"));
	/* with authentication: a 16-byte code before the length */
	udp_hex(40000, 623, RMCP_IPMI "02" "01020304" "05000000" "abababababababababababababababab" "09" GET_CHANNEL_AUTH);
	g_assert_cmpstr(cols(), ==, "IPMB|Session ID 0x5");
	g_assert_true(keeps("ipmi_session.sequence == 0x04030201 && ipmi_session.authcode[0:2] == ab:ab"));
	/* RMCP+: the payload type in Info, an IPMI message unless encrypted */
	static const char v2[] = RMCP_IPMI "06" "%s" "01020304" "05000000" "%s";
	static const struct {
		const char *type, *rest, *want, *protocols;
	} v2s[] = {
		{"00", "0900" GET_CHANNEL_AUTH, "IPMB|Session ID 0x4030201, payload type: IPMI Message", "ipmi_session:data"},
		{"40", "0900" GET_CHANNEL_AUTH, "IPMB|Session ID 0x4030201, payload type: IPMI Message", "ipmi_session:data"},
		{"80", "0900" GET_CHANNEL_AUTH, "RMCP+|Session ID 0x4030201, payload type: IPMI Message", "ipmi_session:data"},
		{"10", "0000", "RMCP+|Session ID 0x4030201, payload type: RMCP+ Open Session Request", "ipmi_session"},
		{"12", "0300aabbccdd", "RMCP+|Session ID 0x4030201, payload type: RAKP Message 1", "ipmi_session:data"},
		{"01", "0000", "RMCP+|Session ID 0x4030201, payload type: SOL (serial over LAN)", "ipmi_session"},
		{"27", "0000", "RMCP+|Session ID 0x4030201, payload type: OEM7 (OEM Payload)", "ipmi_session"},
		{"3f", "0000", "RMCP+|Session ID 0x4030201, payload type: Unknown", "ipmi_session"},
		{"c0", "2000", "RMCP+|Session ID 0x4030201, payload type: IPMI Message[Malformed Packet]", "ipmi_session"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(v2s); i++) {
		char hex[256], want[64];
		g_snprintf(hex, sizeof hex, v2, v2s[i].type, v2s[i].rest);
		udp_hex(40000, 623, hex);
		g_assert_cmpstr(cols(), ==, v2s[i].want);
		g_snprintf(want, sizeof want, "eth:ethertype:ip:udp:rmcp:%s", v2s[i].protocols);
		g_assert_cmpstr(protocols(), ==, want);
	}
	udp_hex(40000, 623, RMCP_IPMI "06" "c0" "01020304" "05000000" "0000");
	g_assert_true(keeps("ipmi_session.payloadtype == 0 && ipmi_session.payloadtype.enc && "
			    "ipmi_session.payloadtype.auth && ipmi_session.id == 0x04030201"));
	/* OEM explicit: the IANA number and payload id before the session id */
	udp_hex(40000, 623, RMCP_IPMI "06" "02" "01020304" "0506" "11223344" "05000000" "0300" "aabbcc");
	g_assert_cmpstr(cols(), ==, "RMCP+|Session ID 0x44332211, payload type: OEM Explicit");
	g_assert_true(keeps("ipmi_session.oem.iana == 01:02:03:04 && ipmi_session.oem.payloadid == 05:06"));
}

/* The session wrapper cut short, a message longer than the datagram, and
 * RSP's header before RMCP's on port 664. */
static void test_ipmi_short_and_rsp(void)
{
	/* a header cut short: RMCP's columns, the wrapper named only in frame.protocols */
	static const char *const cut[] = {RMCP_IPMI, RMCP_IPMI "00000000", RMCP_IPMI SESSION15,
					  RMCP_IPMI "0600" "01020304" "05000000"};
	for (size_t i = 0; i < G_N_ELEMENTS(cut); i++) {
		udp_hex(40000, 623, cut[i]);
		g_assert_cmpstr(cols(), ==, "RMCP|Normal RMCP, Class: IPMI[Malformed Packet]");
		g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:rmcp:ipmi_session");
		g_assert_cmpstr(hierarchy(), ==, "rmcp\n  _ws.malformed\n");
		g_assert_false(keeps("ipmi_session"));
	}
	/* a message longer than the datagram: no IPMB, no data */
	udp_hex(40000, 623, RMCP_IPMI SESSION15 "09" "2018c881003847");
	g_assert_cmpstr(cols(), ==, "IPMI|Session ID 0x0[Malformed Packet]");
	g_assert_cmpstr(hierarchy(), ==, "rmcp\n  ipmi_session\n    _ws.malformed\n");
	/* RSP: RMCP inside it is in the tree, not in frame.protocols */
	udp_hex(40000, 664, "00000000" "00000001" RMCP_ASF "000011be" "80000000");
	g_assert_cmpstr(cols(), ==, "ASF|Presence Ping");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:rsp:asf");
	g_assert_cmpstr(hierarchy(), ==, "rsp\n  rmcp\n    asf\n");
	g_assert_true(keeps("rsp.sequence == 1 && rmcp.class == 6"));
	/* RSP writes no column; what RMCP rejects is not shown */
	udp_hex(40000, 664, "00000000" "00000001" "0600");
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 664 Len=10");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:rsp");
	udp_hex(40000, 664, "00000000" "000000");
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 664 Len=7[Malformed Packet]");
	g_assert_cmpstr(hierarchy(), ==, "rsp\n  _ws.malformed\n");
}

/* Sends HEX on K from the client (TO_SERVER) or the server and checks the
 * segment's "PROTOCOL|INFO". */
static void vnc_sends(struct tcp_conn *k, bool to_server, const char *hex, const char *cols)
{
	tcp_conn_send_hex(k, to_server, hex);
	g_assert_cmpstr(k->cols, ==, cols);
}

#define RFB_3_8 "524642203030332e3030380a" /* "RFB 003.008\n" */
/* ServerInit: 1024x768, 32 bits per pixel, named "test". */
#define SERVER_INIT "04000300" "2018000100ff00ff00ff100800000000" "00000004" "74657374"

/* The handshake of version 3.8 without security, up to ServerInit. */
static void vnc_open(struct tcp_conn *k)
{
	vnc_sends(k, false, RFB_3_8, "VNC|Server protocol version: 003.008");
	vnc_sends(k, true, RFB_3_8, "VNC|Client protocol version: 003.008");
	vnc_sends(k, false, "0101", "VNC|Security types supported");
	vnc_sends(k, true, "01", "VNC|Security type None (1) selected by client");
	vnc_sends(k, false, "00000000", "VNC|Authentication result");
	vnc_sends(k, true, "00", "VNC|Share desktop flag");
	vnc_sends(k, false, SERVER_INIT, "VNC|Server framebuffer parameters");
}

/* The handshake as the connection's state reads it: versions, security
 * types, VNC authentication, its result, ClientInit and ServerInit; then
 * the client's messages one a segment. */
static void test_vnc_handshake(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 5900);
	vnc_sends(k, false, RFB_3_8, "VNC|Server protocol version: 003.008");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:vnc");
	g_assert_true(tcp_conn_keeps(k, "vnc.server_proto_ver == \"003.008\" && !vnc.client_proto_ver"));
	vnc_sends(k, true, RFB_3_8, "VNC|Client protocol version: 003.008");
	g_assert_true(tcp_conn_keeps(k, "vnc.client_proto_ver == \"003.008\""));
	vnc_sends(k, false, "020210", "VNC|Security types supported");
	g_assert_true(tcp_conn_keeps(k, "vnc.num_security_types == 2"));
	vnc_sends(k, true, "02", "VNC|Security type VNC (2) selected by client");
	g_assert_true(tcp_conn_keeps(k, "vnc.client_security_type == 2"));
	vnc_sends(k, false, "00112233445566778899aabbccddeeff", "VNC|Authentication challenge from server");
	g_assert_true(tcp_conn_keeps(k, "vnc.auth_challenge[0:2] == 00:11"));
	vnc_sends(k, true, "ffeeddccbbaa99887766554433221100", "VNC|Authentication response from client");
	g_assert_true(tcp_conn_keeps(k, "vnc.auth_response[0:2] == ff:ee"));
	vnc_sends(k, false, "00000000", "VNC|Authentication result");
	vnc_sends(k, true, "01", "VNC|Share desktop flag");
	g_assert_true(tcp_conn_keeps(k, "vnc.share_desktop_flag"));
	vnc_sends(k, false, SERVER_INIT, "VNC|Server framebuffer parameters");
	g_assert_true(tcp_conn_keeps(k, "vnc.width == 1024 && vnc.height == 768 && vnc.desktop_name == \"test\""));
	/* the client's messages, one a segment, cut short malformed */
	vnc_sends(k, true, "00000000" "2018000100ff00ff00ff100800000000", "VNC|Client set pixel format");
	vnc_sends(k, true, "020000030000000000000001ffffff21", "VNC|Client set encodings");
	vnc_sends(k, true, "03010000000004000300" "0401000000000061", "VNC|Client framebuffer update request");
	g_assert_true(tcp_conn_keeps(k, "vnc.client_message_type == 3 && !vnc.server_message_type"));
	vnc_sends(k, true, "0401000000000061", "VNC|Client key event");
	vnc_sends(k, true, "050100100020", "VNC|Client pointer event");
	vnc_sends(k, true, "060000000000000361626" "3", "VNC|Client cut text");
	vnc_sends(k, true, "06000000000000036162", "VNC|Client cut text[Malformed Packet]");
	vnc_sends(k, true, "0200000200000000", "VNC|Client set encodings[Malformed Packet]");
	vnc_sends(k, true, "07", "VNC|Unknown client message type (7)");
	tcp_conn_free(k);
}

/* Version 3.3: the server chooses the security type; a failed result
 * leaves the state where it was. */
static void test_vnc_3_3(void)
{
	struct tcp_conn *k = tcp_conn_new(40001, 5901);
	vnc_sends(k, false, "524642203030332e3030330a", "VNC|Server protocol version: 003.003");
	vnc_sends(k, true, "524642203030332e3030330a", "VNC|Client protocol version: 003.003");
	vnc_sends(k, false, "00000002", "VNC|Security types supported");
	vnc_sends(k, false, "00112233445566778899aabbccddeeff", "VNC|Authentication challenge from server");
	vnc_sends(k, true, "ffeeddccbbaa99887766554433221100", "VNC|Authentication response from client");
	vnc_sends(k, false, "00000001", "VNC|Authentication result");
	vnc_sends(k, true, "01", "VNC|Authentication result[Malformed Packet]");
	tcp_conn_free(k);
}

/* The server's messages: several in a segment, a framebuffer update over
 * three segments (TCP's words until it is whole), an encoding not read,
 * and Server Cut Text, which Wireshark 4.0 never finds whole. */
static void test_vnc_server(void)
{
	struct tcp_conn *k = tcp_conn_new(40002, 5900);
	vnc_open(k);
	/* a raw rectangle of 4x4 pixels (64 bytes) over three segments */
	char fbu[256] = "00000001" "0000000000040004" "00000000";
	for (int i = 0; i < 64; i++)
		strcat(fbu, "aa");
	char part[160];
	g_strlcpy(part, fbu, 41);
	vnc_sends(k, false, part, "TCP|Server framebuffer update [TCP segment of a reassembled PDU]");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:vnc");
	g_assert_true(tcp_conn_keeps(k, "vnc.server_message_type == 0"));
	vnc_sends(k, true, "050000100020", "VNC|Client pointer event");
	g_strlcpy(part, fbu + 40, 61);
	vnc_sends(k, false, part, "TCP|Server framebuffer update [TCP segment of a reassembled PDU]");
	g_snprintf(part, sizeof part, "%s02", fbu + 100);
	vnc_sends(k, false, part, "VNC|Server framebuffer update; Server ring bell on client");
	g_assert_true(tcp_conn_keeps(k, "vnc.server_message_type == 0 && vnc.server_message_type == 2"));
	/* CopyRect and a size pseudo-encoding; colour map entries */
	vnc_sends(k, false, "00000002" "0000000004000300ffffff21" "0000000000010001000000010005000602",
		  "VNC|Server framebuffer update; Server ring bell on client");
	/* colour map entries: Wireshark 4.0 waits for 3 bytes more than they take */
	vnc_sends(k, false, "01000000000100000000ffff",
		  "TCP|Server set colormap entries [TCP segment of a reassembled PDU]");
	/* a rectangle of an encoding not read is its header alone */
	vnc_sends(k, false, "00000001" "000000000004000412345678" "aabbccdd",
		  "VNC|Server set colormap entries; Server framebuffer update; Unknown server message type");
	g_assert_true(tcp_conn_keeps(k, "vnc.server_message_type == 1 && vnc.server_message_type == 170"));
	vnc_sends(k, false, "0100000000000202", "TCP|Server set colormap entries [TCP segment of a reassembled PDU]");
	vnc_sends(k, false, "02",
		  "VNC|Server set colormap entries; Server ring bell on client; Server ring bell on client; "
		  "Server ring bell on client");
	/* Server Cut Text: from there on the server's segments are its part */
	vnc_sends(k, false, "0300000000000002" "6869", "TCP|Server cut text [TCP segment of a reassembled PDU]");
	vnc_sends(k, false, "02", "TCP|Server cut text [TCP segment of a reassembled PDU]");
	g_assert_true(tcp_conn_keeps(k, "vnc.server_message_type == 3"));
	vnc_sends(k, true, "0401000000000061", "VNC|Client key event");
	tcp_conn_free(k);
}

/* A version message on another port makes the connection VNC's; the
 * server is the side that sent the first version, whatever the ports. */
static void test_vnc_heuristic(void)
{
	struct tcp_conn *k = tcp_conn_new(40003, 15900);
	vnc_sends(k, false, RFB_3_8, "VNC|Server protocol version: 003.008");
	vnc_sends(k, true, RFB_3_8, "VNC|Client protocol version: 003.008");
	vnc_sends(k, false, "0101", "VNC|Security types supported");
	tcp_conn_free(k);
	/* "RFB" with no version's shape is not VNC there */
	k = tcp_conn_new(40004, 15900);
	tcp_conn_send_hex(k, false, "524642203030332e303038");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:data");
	tcp_conn_free(k);
	/* the client on 5900, the server on a high port */
	k = tcp_conn_new(5900, 40005);
	vnc_open(k);
	vnc_sends(k, false, "02", "VNC|Server ring bell on client");
	vnc_sends(k, true, "050000100020", "VNC|Client pointer event");
	tcp_conn_free(k);
}

/* Where Wireshark 4.0 gives up: more than 5000 rectangles leave the update
 * after its first two bytes; a Server Cut Text whose length (as it reads
 * it, after the type byte) is over 100000 is 5 bytes and is done (an
 * update of two rectangles follows here, waiting for them). */
static void test_vnc_limits(void)
{
	struct tcp_conn *k = tcp_conn_new(40006, 5900);
	vnc_open(k);
	vnc_sends(k, false, "0000138902", "VNC|Server framebuffer update; Unknown server message type");
	g_assert_true(tcp_conn_keeps(k, "vnc.server_message_type == 19"));
	vnc_sends(k, false, "03ffffff0000000002", "VNC|Server cut text; Server framebuffer update");
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cols-mgmt/rmcp", test_rmcp);
	g_test_add_func("/cols-mgmt/asf", test_asf);
	g_test_add_func("/cols-mgmt/ipmi-session", test_ipmi_session);
	g_test_add_func("/cols-mgmt/ipmi-short-rsp", test_ipmi_short_and_rsp);
	g_test_add_func("/cols-mgmt/vnc-handshake", test_vnc_handshake);
	g_test_add_func("/cols-mgmt/vnc-3.3", test_vnc_3_3);
	g_test_add_func("/cols-mgmt/vnc-server", test_vnc_server);
	g_test_add_func("/cols-mgmt/vnc-heuristic", test_vnc_heuristic);
	g_test_add_func("/cols-mgmt/vnc-limits", test_vnc_limits);
	return g_test_run();
}
