/* Unit tests of the telecom tunnels and telemetry on their usual ports
 * (GTP and GTPv2, sFlow, Diameter): messages built here byte by byte, their Protocol and
 * Info columns and layers as Wireshark shows the same bytes, their fields
 * through display filters, what a tunnelled packet counts for in the
 * protocol hierarchy and the destinations, and the same bytes cut short
 * or contradicting their lengths. */
#include <glib.h>
#include <string.h>

#include "stats/dests.h"
#include "stats/hierarchy.h"
#include "tcp_conn_test.h"
#include "udp_frame.h"

/* An IPv4 header (20 bytes, no checksum) from 192.168.1.5 to 8.8.8.8 of a
 * datagram of TOTAL bytes (4 hex digits) carrying UDP. */
#define INNER_IP(total) "4500" total "00010000401100" "00" "c0a80105" "08080808"
/* A UDP header from 5353 to 53 and a DNS query for "www" (29 bytes). */
#define INNER_DNS "14e90035" "001d" "0000" "123401000001000000000000" "03777777" "00" "0001" "0001"
#define INNER INNER_IP("0031") INNER_DNS /* 49 bytes */

/* FRAME cut at every length that keeps 2 bytes of its UDP payload (with
 * fewer, GTP does not look at it: data): never malformed, and cut short
 * whenever the cut falls before the whole frame's last layer. */
static void every_cut(void)
{
	struct packet whole, p;
	struct frame f;
	run_frame(&whole, &f, frame.b, frame.n, frame.n, LINKTYPE_ETHERNET);
	uint32_t last = whole.layers[whole.nlayers - 1].off;
	for (uint32_t cap = 42 + 2; cap < frame.n; cap++) {
		uint8_t *copy = cut_copy(frame.b, cap);
		run_frame(&p, &f, copy, cap, frame.n, LINKTYPE_ETHERNET);
		g_assert_false(p.flags & PKT_MALFORMED);
		if (cap < last)
			g_assert_true(p.flags & PKT_TRUNCATED);
		g_free(copy);
	}
}

/* GTP version 1: the message types' names; a T-PDU's IPv4 packet as further
 * layers, whose columns Wireshark writes "GTP <...>" around; the optional
 * fields and extension headers; the payloads that are no packet. */
static void test_gtp(void)
{
	/* Echo request with a sequence number, its response with Recovery */
	udp_hex(2123, 2123, "32010004" "11223344" "00070000");
	g_assert_cmpstr(cols(), ==, "GTP|Echo request");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:gtp");
	g_assert_true(keeps("gtp.flags == 0x32 && gtp.flags.version == 1 && gtp.flags.payload == 1"));
	g_assert_true(keeps("gtp.message == 1 && gtp.length == 4 && gtp.teid == 0x11223344"));
	g_assert_true(keeps("gtp.seq_number == 7 && gtp.flags.s && gtp.flags.e == 0 && !gtp.npdu_number"));
	udp_hex(2123, 2123, "32020006" "11223344" "00070000" "0e05");
	g_assert_cmpstr(cols(), ==, "GTP|Echo response");
	udp_hex(2123, 2123, "30100002" "00000000" "0e05");
	g_assert_cmpstr(cols(), ==, "GTP|Create PDP context request");
	g_assert_false(keeps("gtp.seq_number"));
	udp_hex(2152, 2152, "321a0004" "00000000" "00010000");
	g_assert_cmpstr(cols(), ==, "GTP|Error indication");

	/* a T-PDU: the inner packet's columns inside "GTP <>" */
	udp_hex(40000, 2152, "30ff0031" "11223344" INNER);
	g_assert_cmpstr(cols(), ==, "GTP <DNS>|Standard query 0x1234 A www");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:gtp:ip:udp:dns");
	g_assert_true(keeps("gtp.message == 0xff && ip.dst == 8.8.8.8 && dns.qry.name == \"www\""));
	/* N-PDU number and two extension headers (PDCP number, then 4 bytes) */
	udp_hex(2152, 2152, "37ff0041" "11223344" "1234" "56" "c0" "012bcd" "85" "02112233445566" "00" INNER);
	g_assert_cmpstr(cols(), ==, "GTP <DNS>|Standard query 0x1234 A www");
	g_assert_true(keeps("gtp.seq_number == 0x1234 && gtp.npdu_number == 0x56 && gtp.flags.pn"));
	g_assert_true(keeps("gtp.ext_hdr.next == 0xc0 && gtp.ext_hdr.next == 0x85 && gtp.ext_hdr.next == 0"));
	g_assert_true(keeps("gtp.ext_hdr.length == 1 && gtp.ext_hdr.length == 2"));
	every_cut();
	/* an extension header of length 0 ends the message: no inner packet */
	udp_hex(2152, 2152, "34ff0039" "11223344" "000000" "85" "00" "1000" "00" INNER);
	g_assert_cmpstr(cols(), ==, "GTP|T-PDU");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:gtp");
	g_assert_cmpstr(experts(), ==, "GTP: Extension header length is zero");

	/* an Ethernet frame; a short payload that is no packet; a long one */
	udp_hex(2152, 2152, "30ff0016" "11223344" "000000000002000000000001" "0806" "0001080006040001");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:gtp:eth:ethertype:arp");
	/* the ARP packet is cut short: Ethernet's type dispatch catches it */
	g_assert_cmpstr(cols(), ==, "GTP <ARP>|[Malformed Packet]");
	udp_hex(2152, 2152, "30ff0004" "11223344" "aabbccdd");
	g_assert_cmpstr(cols(), ==, "GTP <GTP>|T-PDU");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:gtp");
	udp_hex(2152, 2152, "30ff0011" "11223344" "00112233445566778899aabbccddeeff00");
	g_assert_cmpstr(cols(), ==, "GTP|T-PDU");
	/* an IPv4 first byte under 0x45 is no packet either */
	udp_hex(2152, 2152, "30ff0004" "11223344" "44000000");
	g_assert_cmpstr(cols(), ==, "GTP <GTP>|T-PDU");

	/* the message ends at its length: what follows is no part of it */
	udp_hex(2152, 2152, "30ff0031" "11223344" INNER "deadbeef");
	g_assert_cmpstr(cols(), ==, "GTP <DNS>|Standard query 0x1234 A www");
	/* a length that cuts the inner packet: its exception, no "GTP <>" */
	udp_hex(2152, 2152, "30ff0002" "11223344" INNER);
	g_assert_cmpstr(cols(), ==, "IPv4|[Malformed Packet]");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:gtp:ip");
	/* a length that ends inside the optional fields */
	udp_hex(2123, 2123, "32010000" "11223344" "0007");
	g_assert_cmpstr(cols(), ==, "GTP|Echo request[Malformed Packet]");
	g_assert_true(keeps("gtp.teid == 0x11223344 && !gtp.seq_number"));
	/* two bytes: the type names the message, the length is missing */
	udp_hex(2152, 2152, "3001");
	g_assert_cmpstr(cols(), ==, "GTP|Echo request[Malformed Packet]");
	g_assert_true(keeps("gtp.message == 1 && !gtp.length"));

	/* version 0: a 20-byte header with its own sequence number */
	udp_hex(2152, 2152, "10ff0000" "0001" "0000" "00000000" "1122334455667788");
	g_assert_cmpstr(cols(), ==, "GTP|T-PDU");
	g_assert_true(keeps("gtp.seq_number == 1 && gtp.flags.version == 0 && !gtp.teid"));

	/* not GTP: an unknown type, type 0, a version above 2, one byte */
	udp_hex(2152, 2152, "30990004" "00000001" "00000000");
	g_assert_cmpstr(cols(), ==, "UDP|2152 → 2152 Len=12");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:data");
	udp_hex(2152, 2152, "30000000" "00000001");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:data");
	udp_hex(2152, 2152, "70010000" "00000001");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:data");
	udp_hex(2152, 2152, "30");
	g_assert_cmpstr(cols(), ==, "UDP|2152 → 2152 Len=1");
}

/* GTPv2 on GTP's port: GTP hands it over (in frame.protocols, no line of
 * its own), its header's fields with and without the TEID, the message
 * priority, piggybacked messages, and headers cut short. */
static void test_gtpv2(void)
{
	udp_hex(2123, 2123, "40010009" "000001" "00" "030001000a");
	g_assert_cmpstr(cols(), ==, "GTPv2|Echo Request");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:gtp:gtpv2");
	g_assert_false(keeps("gtp"));
	g_assert_true(keeps("gtpv2.flags == 0x40 && gtpv2.version == 2 && gtpv2.t == 0 && gtpv2.p == 0"));
	g_assert_true(keeps("gtpv2.message_type == 1 && gtpv2.msg_length == 9 && gtpv2.seq == 1 && !gtpv2.teid"));

	udp_hex(2123, 2123, "4c20000c" "0000abcd" "000a01" "50");
	g_assert_cmpstr(cols(), ==, "GTPv2|Create Session Request");
	g_assert_true(keeps("gtpv2.teid == 0xabcd && gtpv2.seq == 0xa01 && gtpv2.t == 1"));
	g_assert_true(keeps("gtpv2.mp == 1 && gtpv2.mp == 5"));
	udp_hex(2123, 2123, "48ff0008" "00000001" "000001" "00");
	g_assert_cmpstr(cols(), ==, "GTPv2|Unknown");

	/* a piggybacked message: its name after " / ", its fields too */
	udp_hex(2123, 2123, "5821000c" "0000abcd" "000a01" "00" "00000000" "48200008" "00001234" "000a02" "00");
	g_assert_cmpstr(cols(), ==, "GTPv2|Create Session Response / Create Session Request");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:gtp:gtpv2");
	g_assert_true(keeps("gtpv2.teid == 0xabcd && gtpv2.teid == 0x1234 && gtpv2.seq == 0xa02"));
	every_cut();
	/* P set and nothing after: the next header is missing */
	udp_hex(2123, 2123, "58210008" "0000abcd" "000a01" "00");
	g_assert_cmpstr(cols(), ==, "GTPv2|Create Session Response / [Malformed Packet]");
	/* a piggybacked header of 4 bytes, cut before its sequence number */
	udp_hex(2123, 2123, "58210008" "0000abcd" "000a01" "00" "00000000");
	g_assert_cmpstr(cols(), ==, "GTPv2|Create Session Response / Reserved[Malformed Packet]");

	/* a length past the datagram, or under the header, is no exception */
	udp_hex(2123, 2123, "40010040" "000001" "00");
	g_assert_cmpstr(cols(), ==, "GTPv2|Echo Request");
	udp_hex(2123, 2123, "40010002" "000001" "00");
	g_assert_cmpstr(cols(), ==, "GTPv2|Echo Request");
	/* cut in the sequence number; before the length (no line of its own) */
	udp_hex(2123, 2123, "4820000c" "0000abcd");
	g_assert_cmpstr(cols(), ==, "GTPv2|Create Session Request[Malformed Packet]");
	g_assert_true(keeps("gtpv2.teid == 0xabcd && !gtpv2.seq"));
	udp_hex(2123, 2123, "400100");
	g_assert_cmpstr(cols(), ==, "GTPv2|Echo Request[Malformed Packet]");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:gtp:gtpv2");
	g_assert_false(keeps("gtpv2"));
}

/* The hierarchy of PHS as "name frames" lines, indented by depth. */
static void phs_text(const phs_state *s, uint32_t idx, int depth, GString *out)
{
	for (; idx != PHS_NONE; idx = phs_node(s, idx)->next) {
		const struct phs_node *n = phs_node(s, idx);
		g_string_append_printf(out, "%*s%s %" G_GUINT64_FORMAT "\n", depth * 2, "",
				       proto_get((enum proto_id)n->proto)->abbrev, n->frames);
		phs_text(s, n->first_child, depth + 1, out);
	}
}

/* What GTP-U frames count for: the inner packet's layers under gtp in the
 * hierarchy; in the destinations both IP headers under the inner address
 * and port, and only the outer header when the inner one is cut short by
 * GTP's length. */
static void test_gtp_reports(void)
{
	static const char *const frames[] = {
		"30ff0031" "11223344" INNER,
		"30ff0031" "11223344" INNER,
		"30ff0002" "11223344" INNER,
		"32010004" "11223344" "00070000",
	};
	g_autoptr(phs_state) phs = phs_new();
	g_autoptr(dests_state) dests = dests_new();
	for (size_t i = 0; i < G_N_ELEMENTS(frames); i++) {
		udp_hex(40000, i == 3 ? 2123 : 2152, frames[i]);
		struct packet p;
		struct frame fr;
		run_frame(&p, &fr, frame.b, frame.n, frame.n, LINKTYPE_ETHERNET);
		phs_packet(phs, &p);
		dests_packet(dests, &p);
	}
	g_autoptr(GString) h = g_string_new(NULL);
	phs_text(phs, phs_first(phs), 0, h);
	g_assert_cmpstr(h->str, ==,
			"eth 4\n"
			"  ip 4\n"
			"    udp 4\n"
			"      gtp 4\n"
			"        ip 3\n"
			"          udp 2\n"
			"            dns 2\n"
			"          _ws.malformed 1\n");

	uint64_t total;
	g_autoptr(GPtrArray) d = dests_sorted(dests, 4, &total);
	g_autoptr(GString) t = g_string_new(NULL);
	for (guint i = 0; i < d->len; i++) {
		const struct dest *x = g_ptr_array_index(d, i);
		const struct dest_port *port = &g_array_index(x->t[DEST_UDP].ports, struct dest_port, 0);
		g_string_append_printf(t, "%u.%u.%u.%u %" G_GUINT64_FORMAT " udp %u:%" G_GUINT64_FORMAT "\n",
				       x->addr[0], x->addr[1], x->addr[2], x->addr[3], x->count, port->port,
				       port->count);
	}
	g_assert_cmpuint(total, ==, 6);
	g_assert_cmpstr(t->str, ==,
			"8.8.8.8 4 udp 53:4\n"
			"10.0.0.2 2 udp 2152:1\n");
}

/* sFlow version 5: a header (agent 10.0.0.9, sub-agent 7, sequence 123,
 * uptime 5000) of N samples (8 hex digits). */
#define SFLOW5(n) "00000005" "00000001" "0a000009" "00000007" "0000007b" "00001388" n
/* A counters sample with one generic interface record of 88 bytes. */
#define SFLOW_COUNTERS "00000002" "0000006c" "00000002" "00000003" "00000001" "00000001" "00000058" \
	"0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" \
	"0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
/* A flow sample (sequence 1, source 3, 1 in 400, pool 1000, in 1, out 2)
 * with one raw packet header record: an Ethernet frame of 54 bytes, a TCP
 * SYN from 192.168.0.1:1234 to 192.168.0.2:80. */
#define SFLOW_FLOW "00000001" "00000070" "00000001" "00000003" "00000190" "000003e8" "00000000" "00000001" \
	"00000002" "00000001" "00000001" "00000048" "00000001" "0000003a" "00000004" "00000036" \
	"000000000002000000000001" "0800" "4500002800010000400600" "00" "c0a80001" "c0a80002" \
	"04d20050000000010000000050020fff00000000" "0000"

/* sFlow: the Info from the header, the samples' types and lengths, a sampled
 * packet header dissected inside sFlow (filters see it; the columns, the
 * hierarchy and the conversations do not), versions 2 and 4, what is no
 * sFlow, and counts or lengths the datagram does not hold. */
static void test_sflow(void)
{
	udp_hex(50000, 6343, SFLOW5("00000001") SFLOW_COUNTERS);
	g_assert_cmpstr(cols(), ==, "sFlow|V5, agent 10.0.0.9, sub-agent ID 7, seq 123, 1 samples");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:sflow");
	g_assert_true(keeps("sflow_245.version == 5 && sflow_245.agenttype == 1 && sflow_245.agent == 10.0.0.9"));
	g_assert_true(keeps("sflow_245.sub_agent_id == 7 && sflow_245.sequence_number == 123"));
	g_assert_true(keeps("sflow_245.sysuptime == 5000 && sflow_245.numsamples == 1"));
	g_assert_true(keeps("sflow_245.sampletype == 2 && sflow_5.sample_length == 108"));

	udp_hex(50000, 6343, SFLOW5("00000002") SFLOW_FLOW SFLOW_COUNTERS);
	g_assert_cmpstr(cols(), ==, "sFlow|V5, agent 10.0.0.9, sub-agent ID 7, seq 123, 2 samples");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:sflow:eth:ethertype:ip:tcp");
	g_assert_true(keeps("sflow_245.header_protocol == 1 && sflow_245.sampletype == 1 && sflow_245.sampletype == 2"));
	g_assert_true(keeps("ip.src == 192.168.0.1 && tcp.dstport == 80 && tcp.flags.syn == 1"));
	struct packet p;
	struct frame fr;
	run_frame(&p, &fr, frame.b, frame.n, frame.n, LINKTYPE_ETHERNET);
	g_assert_true(p.layers[layer_index(&p, PROTO_TCP, 0)].flags & PKT_NESTED);
	g_assert_cmpuint(p.ip_layer, ==, 1); /* the datagram's own IPv4 header */
	g_autoptr(phs_state) phs = phs_new();
	phs_packet(phs, &p);
	g_autoptr(GString) h = g_string_new(NULL);
	phs_text(phs, phs_first(phs), 0, h);
	g_assert_cmpstr(h->str, ==, "eth 1\n  ip 1\n    udp 1\n      sflow 1\n");

	/* an IPv6 agent; no agent; versions 2 and 4 without a sub-agent */
	udp_hex(50000, 6343, "00000005" "00000002" "20010db8000000000000000000000001" "00000007" "0000007b" "00001388" "00000000");
	g_assert_cmpstr(cols(), ==, "sFlow|V5, agent 2001:db8::1, sub-agent ID 7, seq 123, 0 samples");
	g_assert_true(keeps("sflow_245.agent.v6 == 2001:db8::1"));
	udp_hex(50000, 6343, "00000005" "00000000" "00000007" "0000007b" "00001388" "00000000");
	g_assert_cmpstr(cols(), ==, "sFlow|V5, sub-agent ID 7, seq 123, 0 samples");
	udp_hex(50000, 6343, "00000004" "00000001" "0a000009" "0000007b" "00001388" "00000000");
	g_assert_cmpstr(cols(), ==, "sFlow|V4, agent 10.0.0.9, seq 123, 0 samples");
	g_assert_false(keeps("sflow_245.sub_agent_id"));

	/* not sFlow: another version, an address type above 2 */
	udp_hex(50000, 6343, "00000006" "00000001" "0a000009" "0000007b" "00001388" "00000000");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:data");
	udp_hex(50000, 6343, "00000005" "00000003" "0a000009" "0000007b" "00001388" "00000000");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:data");

	/* more samples than the datagram holds; a sample longer than it; a
	 * sampled header longer than it; a header cut short */
	udp_hex(50000, 6343, SFLOW5("00000002") SFLOW_COUNTERS);
	g_assert_cmpstr(cols(), ==, "sFlow|V5, agent 10.0.0.9, sub-agent ID 7, seq 123, 2 samples[Malformed Packet]");
	udp_hex(50000, 6343, SFLOW5("00000001") "00000002" "000001f4" "00000002");
	g_assert_cmpstr(cols(), ==, "sFlow|V5, agent 10.0.0.9, sub-agent ID 7, seq 123, 1 samples[Malformed Packet]");
	udp_hex(50000, 6343, SFLOW5("00000001") "00000001" "00000070" "00000001" "00000003" "00000190" "000003e8"
		"00000000" "00000001" "00000002" "00000001" "00000001" "00000048" "00000001" "0000003a" "00000004"
		"000000c8" "000000000002000000000001" "0800");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:sflow");
	g_assert_cmpstr(cols(), ==, "sFlow|V5, agent 10.0.0.9, sub-agent ID 7, seq 123, 1 samples[Malformed Packet]");
	udp_hex(50000, 6343, "00000005" "00000001" "0a000009" "00000007");
	g_assert_cmpstr(cols(), ==, "sFlow|V5, agent 10.0.0.9, sub-agent ID 7[Malformed Packet]");
	/* the version alone: read, but shown nowhere */
	udp_hex(50000, 6343, "00000005");
	g_assert_cmpstr(cols(), ==, "UDP|50000 → 6343 Len=4[Malformed Packet]");
	g_assert_false(keeps("sflow"));
}

/* Diameter messages: a header, Origin-Host "host" and Origin-Realm "ex.c"
 * (44 bytes in all). */
#define DIAM_AVPS "00000108" "4000000c" "686f7374" "00000128" "4000000c" "65782e63"
#define DIAM(flags, code, app, h2h, e2e) "0100002c" flags code app h2h e2e DIAM_AVPS
#define DIAM_STACK "raw:ip:tcp:diameter"

/* Whether display filter TEXT keeps the last segment of K. */
static bool conn_keeps(struct tcp_conn *k, const char *text)
{
	GError *err = NULL;
	g_autoptr(dfilter) f = dfilter_compile(text, &err);
	if (!f)
		g_error("'%s': %s", text, err->message);
	return dfilter_match(f, &k->p);
}

/* Diameter over TCP: the command's and the application's names, the flags,
 * two messages in one segment, one split over two, bytes that start no
 * message, an unknown command and application. */
static void test_diameter(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 3868);
	tcp_conn_send_hex(k, true, DIAM("80", "000101", "00000000", "00001234", "00005678"));
	g_assert_cmpstr(k->stack, ==, DIAM_STACK);
	g_assert_cmpstr(k->cols, ==, "DIAMETER|cmd=Capabilities-Exchange Request(257) flags=R--- "
				     "appl=Diameter Common Messages(0) h2h=1234 e2e=5678 | ");
	g_assert_true(conn_keeps(k, "diameter.version == 1 && diameter.length == 44 && diameter.flags == 0x80"));
	g_assert_true(conn_keeps(k, "diameter.cmd.code == 257 && diameter.applicationId == 0"));
	g_assert_true(conn_keeps(k, "diameter.hopbyhopid == 0x1234 && diameter.endtoendid == 0x5678"));
	g_assert_true(conn_keeps(k, "diameter.flags.request && diameter.flags.error == 0"));
	tcp_conn_send_hex(k, false, DIAM("00", "000101", "00000000", "00001234", "00005678"));
	g_assert_cmpstr(k->cols, ==, "DIAMETER|cmd=Capabilities-Exchange Answer(257) flags=---- "
				     "appl=Diameter Common Messages(0) h2h=1234 e2e=5678 | ");
	/* two in one segment: both in the Info, the second nested */
	tcp_conn_send_hex(k, true, DIAM("c0", "000110", "00000004", "00000001", "00000002")
			  DIAM("90", "000118", "00000000", "00000003", "00000004"));
	g_assert_cmpstr(k->stack, ==, DIAM_STACK ":diameter");
	g_assert_cmpstr(k->cols, ==, "DIAMETER|cmd=Credit-Control Request(272) flags=RP-- "
				     "appl=Diameter Credit Control Application(4) h2h=1 e2e=2 | "
				     "cmd=Device-Watchdog Request(280) flags=R--T appl=Diameter Common Messages(0) "
				     "h2h=3 e2e=4 | ");
	/* split over two segments */
	tcp_conn_send_hex(k, true, "0100002c" "8000010f" "00000003");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	/* TCP's own Info stays (Diameter does not clear it) */
	g_assert_cmpstr(k->cols, ==, "TCP|40000 → 3868 [PSH, ACK] Seq=1132 Ack=0 Win=4096 Len=12 "
				     "[TCP segment of a reassembled PDU]");
	tcp_conn_send_hex(k, true, "00000005" "00000006" DIAM_AVPS);
	g_assert_cmpstr(k->cols, ==, "DIAMETER|cmd=Accounting Request(271) flags=R--- "
				     "appl=Diameter Base Accounting(3) h2h=5 e2e=6 | ");
	g_assert_true(conn_keeps(k, "diameter.cmd.code == 271 && diameter.applicationId == 3"));
	/* unknown command and application; an error answer */
	tcp_conn_send_hex(k, false, DIAM("20", "0003e7", "0001869f", "0000000a", "0000000b"));
	g_assert_cmpstr(k->cols, ==, "DIAMETER|cmd=Unknown Answer(999) flags=--E- appl=Unknown(99999) h2h=a e2e=b | ");
	/* no message start: R and E both set, a reserved bit, a length under
	 * 36 or not a multiple of 4 */
	tcp_conn_send_hex(k, true, DIAM("a0", "000101", "00000000", "00000001", "00000002"));
	g_assert_cmpstr(k->stack, ==, DIAM_STACK ":data");
	g_assert_cmpstr(k->cols, ==, "DIAMETER|Continuation");
	g_assert_false(conn_keeps(k, "diameter.cmd.code"));
	tcp_conn_send_hex(k, true, DIAM("81", "000101", "00000000", "00000001", "00000002"));
	g_assert_cmpstr(k->cols, ==, "DIAMETER|Continuation");
	tcp_conn_send_hex(k, true, "01000020" "80000118" "00000000" "00000001" "00000002" "000001084000000c");
	g_assert_cmpstr(k->cols, ==, "DIAMETER|Continuation");
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/telecom/gtp", test_gtp);
	g_test_add_func("/telecom/gtpv2", test_gtpv2);
	g_test_add_func("/telecom/gtp-reports", test_gtp_reports);
	g_test_add_func("/telecom/sflow", test_sflow);
	g_test_add_func("/telecom/diameter", test_diameter);
	return g_test_run();
}
