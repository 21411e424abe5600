/* mksamples.c — writes the small generated captures with known answers into
 * samples/gen/ (see samples/gen/ANSWERS.md for what each one must give).
 *
 *     mksamples [-v] [DIR]        (DIR defaults to samples/gen)
 *
 * Everything is fixed: the same binary always writes the same bytes.  Times
 * are T0 (2023-11-14 22:13:20 UTC) plus offsets chosen so that every RTT is
 * an exact decimal number of microseconds (nanoseconds in the ns files).
 * -v prints one line per frame: file, frame number, time, what it is.
 * The output queue and the TCP connection scripting are in lib/pgflow.c.
 */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tests/tools/lib/pgflow.h"
#include "tests/tools/lib/pktgen.h"

#define SEC(x) ((guint64)(x) * PG_NS_PER_SEC)
#define US(x) ((guint64)(x) * 1000)

/* ------------------------------------------------------------ helpers */

/* An HTTP/1.1 request and a one-segment response of `body` bytes, starting at
 * `t` on the client; the server answers after `rtt`, the client ACKs after
 * `cli`.  Returns the time of the client's ACK. */
static guint64 http_exchange(PfOut *o, PfConn *c, guint64 t, guint64 rtt, guint64 cli, guint body)
{
	char req[160], resp[1200];
	int rl = g_snprintf(req, sizeof req,
			    "GET /index.html HTTP/1.1\r\nHost: example.test\r\n"
			    "User-Agent: mksamples\r\nAccept: */*\r\n\r\n");
	int hl = g_snprintf(resp, sizeof resp,
			    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
			    "Content-Length: %u\r\n\r\n", body);
	guint total = MIN((guint)hl + body, (guint)sizeof resp);
	memset(resp + hl, 'x', total - (guint)hl);
	pf_data(o, c, TRUE, req, (guint)rl, t, "request");
	pf_data(o, c, FALSE, resp, total, t + rtt, "response");
	pf_ack(o, c, TRUE, t + rtt + cli, "ACK of response");
	return t + rtt + cli;
}

/* A client-side connection (client 10.0.0.4): handshake, one HTTP exchange,
 * client close.  `rtt` is SYN -> SYN-ACK, `cli` SYN-ACK -> ACK. */
static void simple_conn(PfOut *o, PfConn *c, guint64 t, guint64 rtt, guint64 cli)
{
	pf_syn(o, c, t, "SYN");
	pf_synack(o, c, t + rtt, "SYN-ACK");
	pf_ack(o, c, TRUE, t + rtt + cli, "ACK (handshake)");
	guint64 e = http_exchange(o, c, t + rtt + cli + US(100), rtt, cli, 200);
	pf_close_by_client(o, c, e + US(5000), rtt, cli);
}

/* ------------------------------------------------------------- samples */

/* Three overlapping connections seen from the client 10.0.0.4. */
static gboolean mk_rtt_basic(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "rtt-basic.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	PgLink l = pf_eth_link(PF_MAC_ROUTER);
	PfConn c;
	pf_conn_init(&c, &l, 40001, 80, 1000000000u, 2000000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	simple_conn(&o, &c, SEC(1), US(12345), US(50));
	pf_conn_init(&c, &l, 40002, 80, 1100000000u, 2100000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	simple_conn(&o, &c, SEC(1) + US(4000), US(23456), US(60));
	pf_conn_init(&c, &l, 40003, 8080, 1200000000u, 2200000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_B);
	simple_conn(&o, &c, SEC(1) + US(8000), US(34567), US(70));
	return pf_out_close(&o);
}

/* Captured on the server 10.0.0.5:8080: the SYN-ACK leaves 40 µs after the
 * SYN, the client's ACK comes back one network RTT later. */
static gboolean mk_rtt_server_side(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "rtt-server-side.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	PgLink l = pf_eth_link(PF_MAC_SERVER);
	PfConn c;
	pf_conn_init(&c, &l, 40001, 8080, 1000000000u, 2000000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_LAN);
	simple_conn(&o, &c, SEC(1), US(40), US(20000));
	static const guint8 mac6[6] = { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x06 };
	PgLink l6 = pf_eth_link(PF_MAC_SERVER);
	memcpy(l6.mac_a, mac6, 6);
	pf_conn_init(&c, &l6, 40002, 8080, 1100000000u, 2100000000u);
	pf_conn_v4(&c, PG_IP4(10, 0, 0, 6), PF_SERVER_LAN);
	simple_conn(&o, &c, SEC(1) + US(5000), US(45), US(31250));
	return pf_out_close(&o);
}

/* Client side: a SYN sent three times (1 s and 3 s after the first); and a
 * handshake whose ACK is lost, so the server sends its SYN-ACK again. */
static gboolean mk_rtt_retrans(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "rtt-retrans.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	PgLink l = pf_eth_link(PF_MAC_ROUTER);
	PfConn c;
	pf_conn_init(&c, &l, 40010, 80, 1000000000u, 2000000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	pf_syn(&o, &c, SEC(1), "SYN");
	pf_syn(&o, &c, SEC(2), "SYN (retransmission 1)");
	pf_syn(&o, &c, SEC(4), "SYN (retransmission 2)");
	pf_synack(&o, &c, SEC(4) + US(12345), "SYN-ACK");
	pf_ack(&o, &c, TRUE, SEC(4) + US(12395), "ACK (handshake)");
	guint64 e = http_exchange(&o, &c, SEC(4) + US(12500), US(12345), US(50), 300);
	pf_close_by_client(&o, &c, e + US(5000), US(12345), US(50));

	pf_conn_init(&c, &l, 40011, 80, 1100000000u, 2100000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	pf_syn(&o, &c, SEC(1) + US(500000), "SYN");
	pf_synack(&o, &c, SEC(1) + US(512345), "SYN-ACK");
	pf_ack(&o, &c, TRUE, SEC(1) + US(512395), "ACK (handshake, lost on the way)");
	pf_synack(&o, &c, SEC(2) + US(512345), "SYN-ACK (retransmission)");
	pf_ack(&o, &c, TRUE, SEC(2) + US(512395), "ACK (again)");
	e = http_exchange(&o, &c, SEC(2) + US(512500), US(12345), US(50), 300);
	pf_close_by_client(&o, &c, e + US(5000), US(12345), US(50));
	return pf_out_close(&o);
}

/* Two SYNs answered by RST-ACK: a closed port on the LAN, one far away. */
static gboolean mk_rtt_refused(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "rtt-refused.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	PgLink lan = pf_eth_link(PF_MAC_SERVER);
	PgLink wan = pf_eth_link(PF_MAC_ROUTER);
	PfConn c;
	pf_conn_init(&c, &lan, 40020, 8081, 1000000000u, 0);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_LAN);
	pf_syn(&o, &c, SEC(1), "SYN");
	c.snxt = 0;
	pf_rst(&o, &c, FALSE, SEC(1) + US(123), "RST-ACK (refused)");
	pf_conn_init(&c, &wan, 40021, 81, 1100000000u, 0);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	pf_syn(&o, &c, SEC(1) + US(500000), "SYN");
	pf_rst(&o, &c, FALSE, SEC(1) + US(512345), "RST-ACK (refused)");
	return pf_out_close(&o);
}

/* A SYN sent three times (at 1 s, 2 s, 4 s) and never answered. */
static gboolean mk_rtt_noanswer(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "rtt-noanswer.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	PgLink l = pf_eth_link(PF_MAC_ROUTER);
	PfConn c;
	pf_conn_init(&c, &l, 40030, 443, 1000000000u, 0);
	pf_conn_v4(&c, PF_CLIENT, PG_IP4(192, 0, 2, 99));
	pf_syn(&o, &c, SEC(1), "SYN");
	pf_syn(&o, &c, SEC(2), "SYN (retransmission 1)");
	pf_syn(&o, &c, SEC(4), "SYN (retransmission 2)");
	return pf_out_close(&o);
}

/* The capture starts after a SYN: the first frame is the SYN-ACK.  A complete
 * connection follows. */
static gboolean mk_rtt_midhandshake(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "rtt-midhandshake.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	PgLink l = pf_eth_link(PF_MAC_ROUTER);
	PfConn c;
	pf_conn_init(&c, &l, 40040, 80, 1000000000u, 2000000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	c.cnxt = c.cisn + 1;                 /* the SYN went out before the capture */
	c.c_ts = 100000u + 987;
	pf_synack(&o, &c, SEC(1), "SYN-ACK (no SYN in the capture)");
	pf_ack(&o, &c, TRUE, SEC(1) + US(50), "ACK (handshake)");
	guint64 e = http_exchange(&o, &c, SEC(1) + US(150), US(12345), US(50), 200);
	pf_close_by_client(&o, &c, e + US(5000), US(12345), US(50));
	pf_conn_init(&c, &l, 40041, 80, 1100000000u, 2100000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	simple_conn(&o, &c, SEC(1) + US(100000), US(12345), US(50));
	return pf_out_close(&o);
}

/* Handshake (SYN-ACK after `rtt`, ACK `cli` later) plus 1000 bytes from the
 * client, ACKed by the server: iperf3 style on the LAN. */
static void lan_open(PfOut *o, PfConn *c, guint64 t, guint64 rtt, guint64 cli)
{
	pf_syn(o, c, t, "SYN");
	pf_synack(o, c, t + rtt, "SYN-ACK");
	pf_ack(o, c, TRUE, t + rtt + cli, "ACK (handshake)");
	pf_data(o, c, TRUE, NULL, 1000, t + US(500), "data 1000 bytes");
	pf_ack(o, c, FALSE, t + US(500) + rtt, "ACK of data");
}

/* One 4-tuple (10.0.0.4:50000 -> 10.0.0.5:5201) used three times: closed by
 * FIN/FIN, reopened with a new ISN; closed by RST, reopened with the same
 * ISN as before. */
static gboolean mk_rtt_portreuse(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "rtt-portreuse.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	PgLink l = pf_eth_link(PF_MAC_SERVER);
	PfConn c;
	pf_conn_init(&c, &l, 50000, 5201, 1000000000u, 3000000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_LAN);
	lan_open(&o, &c, SEC(1), US(250), US(30));
	pf_close_by_client(&o, &c, SEC(1) + US(1000), US(250), US(30));

	pf_conn_init(&c, &l, 50000, 5201, 1500000000u, 3500000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_LAN);
	c.ipid = 0x6000;
	lan_open(&o, &c, SEC(2), US(300), US(35));
	pf_rst(&o, &c, TRUE, SEC(2) + US(1000), "RST-ACK (client aborts)");

	pf_conn_init(&c, &l, 50000, 5201, 1500000000u, 3700000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_LAN);
	c.ipid = 0x7000;
	lan_open(&o, &c, SEC(3), US(400), US(40));
	pf_close_by_client(&o, &c, SEC(3) + US(1000), US(400), US(40));
	return pf_out_close(&o);
}

/* IPv6 client 2001:db8::4 to server 2001:db8::5 port 80: with hop-by-hop and
 * destination-options headers, with a segment-routing header (segments left
 * 0) and an atomic fragment header, and plain. */
static gboolean mk_rtt_ipv6(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "rtt-ipv6.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	PgLink l = pf_eth_link(PF_MAC_ROUTER);
	PfConn c;
	pf_conn_init(&c, &l, 40050, 80, 1000000000u, 2000000000u);
	pf_conn_v6(&c, 4, 5);
	c.ext = PF_EXT_HBH_DST;
	simple_conn(&o, &c, SEC(1), US(12345), US(50));
	pf_conn_init(&c, &l, 40051, 80, 1100000000u, 2100000000u);
	pf_conn_v6(&c, 4, 5);
	c.ext = PF_EXT_SRH_FRAG;
	simple_conn(&o, &c, SEC(1) + US(5000), US(23456), US(60));
	pf_conn_init(&c, &l, 40052, 80, 1200000000u, 2200000000u);
	pf_conn_v6(&c, 4, 5);
	simple_conn(&o, &c, SEC(1) + US(10000), US(34567), US(70));
	return pf_out_close(&o);
}

/* One connection in an 802.1Q tag (VLAN 100), one in stacked 802.1ad S-tag
 * 200 + 802.1Q C-tag 300. */
static gboolean mk_rtt_vlan(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "rtt-vlan.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	PgLink q = pf_eth_link(PF_MAC_ROUTER);
	q.nvlan = 1;
	q.vlan_tpid[0] = PG_ETH_VLAN;
	q.vlan_vid[0] = 100;
	PgLink qinq = pf_eth_link(PF_MAC_ROUTER);
	qinq.nvlan = 2;
	qinq.vlan_tpid[0] = PG_ETH_QINQ;
	qinq.vlan_vid[0] = 200;
	qinq.vlan_tpid[1] = PG_ETH_VLAN;
	qinq.vlan_vid[1] = 300;
	PfConn c;
	pf_conn_init(&c, &q, 40060, 80, 1000000000u, 2000000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	simple_conn(&o, &c, SEC(1), US(12345), US(50));
	pf_conn_init(&c, &qinq, 40061, 80, 1100000000u, 2100000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	simple_conn(&o, &c, SEC(1) + US(5000), US(23456), US(60));
	return pf_out_close(&o);
}

/* Linux cooked capture (v1 or v2) on the client: one IPv4 and one IPv6
 * connection; the client's frames are "outgoing", the server's "to us". */
static gboolean mk_rtt_cooked(const char *name, guint32 linktype)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, name, linktype, 0))
		return FALSE;
	PgLink l = pf_eth_link(PF_MAC_ROUTER);
	l.linktype = linktype;
	l.pkttype_a = PG_SLL_OUTGOING;
	l.pkttype_b = PG_SLL_HOST;
	l.ifindex = 2;
	PfConn c;
	pf_conn_init(&c, &l, 40070, 80, 1000000000u, 2000000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	simple_conn(&o, &c, SEC(1), US(12345), US(50));
	pf_conn_init(&c, &l, 40071, 80, 1100000000u, 2100000000u);
	pf_conn_v6(&c, 4, 5);
	simple_conn(&o, &c, SEC(1) + US(5000), US(23456), US(60));
	return pf_out_close(&o);
}

/* BSD loopback (macOS lo0 style): IPv4 127.0.0.1, IPv6 ::1 with family 30
 * (macOS) and with family 24 (NetBSD/OpenBSD/Npcap). */
static gboolean mk_rtt_null(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "rtt-null.pcap", PG_LINKTYPE_NULL, 0))
		return FALSE;
	PgLink l30 = { 0 }, l24 = { 0 };
	l30.linktype = l24.linktype = PG_LINKTYPE_NULL;
	l30.null_af6 = 30;
	l24.null_af6 = 24;
	PfConn c;
	pf_conn_init(&c, &l30, 40080, 8080, 1000000000u, 2000000000u);
	pf_conn_v4(&c, PG_IP4(127, 0, 0, 1), PG_IP4(127, 0, 0, 1));
	simple_conn(&o, &c, SEC(1), US(25), US(10));
	pf_conn_init(&c, &l30, 40081, 8080, 1100000000u, 2100000000u);
	c.v6 = TRUE;
	c.c6[15] = c.s6[15] = 1;
	simple_conn(&o, &c, SEC(1) + US(5000), US(30), US(12));
	pf_conn_init(&c, &l24, 40082, 8080, 1200000000u, 2200000000u);
	c.v6 = TRUE;
	c.c6[15] = c.s6[15] = 1;
	simple_conn(&o, &c, SEC(1) + US(10000), US(35), US(14));
	return pf_out_close(&o);
}

/* Raw IP (no link header) with link type `linktype`: IPv4 and IPv6. */
static gboolean mk_rtt_raw(const char *name, guint32 linktype)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, name, linktype, 0))
		return FALSE;
	PgLink l = { 0 };
	l.linktype = linktype;
	PfConn c;
	pf_conn_init(&c, &l, 40090, 80, 1000000000u, 2000000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	simple_conn(&o, &c, SEC(1), US(12345), US(50));
	pf_conn_init(&c, &l, 40091, 80, 1100000000u, 2100000000u);
	pf_conn_v6(&c, 4, 5);
	simple_conn(&o, &c, SEC(1) + US(5000), US(23456), US(60));
	return pf_out_close(&o);
}

/* Nanosecond pcap written big-endian; times use the nanosecond digits. */
static gboolean mk_rtt_nsec_be(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "rtt-nsec-be.pcap", PG_LINKTYPE_ETHERNET,
			   PG_PCAP_NSEC | PG_PCAP_BIG_ENDIAN))
		return FALSE;
	PgLink l = pf_eth_link(PF_MAC_ROUTER);
	PfConn c;
	pf_conn_init(&c, &l, 40100, 80, 1000000000u, 2000000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	simple_conn(&o, &c, SEC(1) + 1, 12345679, 50001);
	pf_conn_init(&c, &l, 40101, 80, 1100000000u, 2100000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	simple_conn(&o, &c, SEC(1) + 3000007, 23456789, 60007);
	return pf_out_close(&o);
}

/* pcapng with two interfaces: 0 = Ethernet at µs resolution, 1 = Linux SLL
 * at ns resolution; one connection on each. */
static gboolean mk_multi_if(void)
{
	PfOut o;
	if (!pf_out_open_pcapng(&o, "multi-if.pcapng", "analyze mksamples"))
		return FALSE;
	pg_writer_add_interface(o.w, PG_LINKTYPE_ETHERNET, 262144, 6, "eth0");
	pg_writer_add_interface(o.w, PG_LINKTYPE_LINUX_SLL, 262144, 9, "any");
	PgLink eth = pf_eth_link(PF_MAC_ROUTER);
	PgLink sll = pf_eth_link(PF_MAC_ROUTER);
	sll.linktype = PG_LINKTYPE_LINUX_SLL;
	sll.pkttype_a = PG_SLL_OUTGOING;
	sll.pkttype_b = PG_SLL_HOST;
	PfConn c;
	o.iface = 0;
	pf_conn_init(&c, &eth, 40110, 80, 1000000000u, 2000000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	simple_conn(&o, &c, SEC(1), US(12345), US(50));
	o.iface = 1;
	pf_conn_init(&c, &sll, 40111, 80, 1100000000u, 2100000000u);
	pf_conn_v4(&c, PG_IP4(10, 1, 0, 4), PF_SERVER_B);
	simple_conn(&o, &c, SEC(1) + 5000001, 20000001, 100001);
	return pf_out_close(&o);
}

static PgFrame whole;            /* an unfragmented datagram, cut into pieces */

/* A UDP datagram of 3000 bytes from 10.0.0.4:40121 to 10.0.0.5:9, sent as
 * three IPv4 fragments (1480 + 1480 + 48 bytes of IP payload). */
static void udp_fragments(PfOut *o, guint64 t)
{
	PgLink l = pf_eth_link(PF_MAC_SERVER);
	PgIPv4 ip = { 0 };
	ip.src = PF_CLIENT;
	ip.dst = PF_SERVER_LAN;
	ip.ttl = 64;
	ip.id = 0x4242;
	pg_frame_reset(&whole);
	pg_push_link(&whole, &l, TRUE);
	pg_push_ipv4(&whole, &ip);
	pg_push_udp(&whole, 40121, 9);
	guint8 *p = pg_push_data(&whole, NULL, 3000);
	for (guint i = 0; i < 3000; i++)
		p[i] = (guint8)('A' + i % 26);
	pg_frame_finish(&whole);
	static const char *notes[3] = { "UDP fragment 1 (offset 0, MF)",
					"UDP fragment 2 (offset 1480, MF)",
					"UDP fragment 3 (offset 2960, last)" };
	for (guint i = 0; i < 3; i++) {
		gsize start = i * 1480;
		gsize len = MIN(1480u, 3008 - start);
		if (!pg_ipv4_fragment(&whole, 1, o->f, start, len))
			o->failed = TRUE;
		else
			pf_emit(o, t + US(10) * i, notes[i]);
	}
}

/* IPv4 options and fragments: a SYN with a record-route option and every
 * common TCP option, a lost segment recovered through a SACK block, and a
 * fragmented UDP datagram. */
static gboolean mk_ipv4_options_frag(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "ipv4-options-frag.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	PgLink l = pf_eth_link(PF_MAC_ROUTER);
	PfConn c;
	pf_conn_init(&c, &l, 40120, 5201, 1000000000u, 2000000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	static const guint8 rr[11] = { 7, 11, 4 };  /* record route, 2 empty slots */
	c.ip_opts = rr;
	c.ip_opts_len = sizeof rr;
	pf_syn(&o, &c, SEC(1), "SYN (IPv4 record route; MSS, SACK_PERM, TS, NOP, WS)");
	pf_synack(&o, &c, SEC(1) + US(12345), "SYN-ACK");
	pf_ack(&o, &c, TRUE, SEC(1) + US(12395), "ACK (handshake)");
	pf_data(&o, &c, TRUE, NULL, 100, SEC(1) + US(12500), "request 100 bytes");
	guint32 s = c.snxt;                  /* segment s..s+1448 is lost */
	pf_seg(&o, &c, FALSE, PG_TH_ACK, s + 1448, c.cnxt, NULL, 1448, NULL,
	    SEC(1) + US(25000), "second segment (first lost)");
	PgTcpOpts sack = PG_TCP_OPTS_NONE;
	sack.nsack = 1;
	sack.sack[0][0] = s + 1448;
	sack.sack[0][1] = s + 2896;
	pf_seg(&o, &c, TRUE, PG_TH_ACK, c.cnxt, s, NULL, 0, &sack, SEC(1) + US(25050),
	    "dup ACK with SACK block");
	pf_seg(&o, &c, FALSE, PG_TH_ACK | PG_TH_PSH, s, c.cnxt, NULL, 1448, NULL,
	    SEC(1) + US(37395), "first segment (retransmission)");
	c.snxt = s + 2896;
	pf_ack(&o, &c, TRUE, SEC(1) + US(37445), "ACK of both");
	pf_close_by_client(&o, &c, SEC(1) + US(40000), US(12345), US(50));
	udp_fragments(&o, SEC(2));
	return pf_out_close(&o);
}

/* Echo data as iputils ping sends it: a 16-byte timeval, then 0x10, 0x11 ... */
static void ping_data(guint8 out[56], guint64 t)
{
	guint64 ns = PF_T0 + t;
	guint64 sec = ns / PG_NS_PER_SEC, usec = ns % PG_NS_PER_SEC / 1000;
	for (guint i = 0; i < 56; i++)
		out[i] = (guint8)i;
	for (guint i = 0; i < 8; i++) {
		out[i] = (guint8)(sec >> (8 * i));
		out[8 + i] = (guint8)(usec >> (8 * i));
	}
}

/* ICMP echo + reply, a TCP SYN and the destination unreachable (admin
 * prohibited) quoting it whole, ICMPv6 echo + reply. */
static gboolean mk_icmp(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "icmp.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	PgLink lan = pf_eth_link(PF_MAC_SERVER), wan = pf_eth_link(PF_MAC_ROUTER);
	PgFrame *f = o.f;
	guint8 pd[56];
	ping_data(pd, SEC(1));
	for (guint i = 0; i < 2; i++) {
		PgIPv4 ip = { 0 };
		ip.src = i == 0 ? PF_CLIENT : PF_SERVER_LAN;
		ip.dst = i == 0 ? PF_SERVER_LAN : PF_CLIENT;
		ip.ttl = 64;
		ip.id = (guint16)(0x1111 * (i + 1));
		ip.df = TRUE;
		pg_frame_reset(f);
		pg_push_link(f, &lan, i == 0);
		pg_push_ipv4(f, &ip);
		pg_push_icmp(f, i == 0 ? 8 : 0, 0, 0x12340001u);
		pg_push_data(f, pd, sizeof pd);
		pf_emit(&o, SEC(1) + US(123) * i, i == 0 ? "echo request" : "echo reply");
	}

	PfConn c, quoted;
	pf_conn_init(&c, &wan, 40130, 80, 1000000000u, 0);
	pf_conn_v4(&c, PF_CLIENT, PG_IP4(203, 0, 113, 9));
	quoted = c;
	pf_syn(&o, &c, SEC(2), "TCP SYN");
	PgIPv4 ip = { 0 };
	ip.src = PG_IP4(10, 0, 0, 1);
	ip.dst = PF_CLIENT;
	ip.ttl = 64;
	ip.id = 0x3333;
	pg_frame_reset(f);
	pg_push_link(f, &wan, FALSE);
	pg_push_ipv4(f, &ip);
	pg_push_icmp(f, 3, 13, 0);
	pf_push_segment(f, &quoted, TRUE, FALSE, PG_TH_SYN, c.cisn, 0, NULL, 0, NULL, SEC(2));
	pf_emit(&o, SEC(2) + US(456), "destination unreachable (admin prohibited) quoting the SYN");

	ping_data(pd, SEC(3));
	for (guint i = 0; i < 2; i++) {
		PgIPv6 ip6h = { 0 };
		pf_ip6(ip6h.src, 0x2001, i == 0 ? 4 : 5);
		pf_ip6(ip6h.dst, 0x2001, i == 0 ? 5 : 4);
		ip6h.hlim = 64;
		pg_frame_reset(f);
		pg_push_link(f, &lan, i == 0);
		pg_push_ipv6(f, &ip6h);
		pg_push_icmpv6(f, i == 0 ? 128 : 129, 0, 0x56780001u);
		pg_push_data(f, pd, sizeof pd);
		pf_emit(&o, SEC(3) + US(234) * i, i == 0 ? "ICMPv6 echo request" : "ICMPv6 echo reply");
	}
	return pf_out_close(&o);
}

/* ARP request (broadcast, 42 bytes as sent) and reply (padded to 60 bytes,
 * as a receiving host captures it). */
static gboolean mk_arp(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "arp.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	static const guint8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const guint8 zero[6] = { 0 };
	PgFrame *f = o.f;
	pg_frame_reset(f);
	pg_push_eth(f, bcast, PF_MAC_CLIENT);
	pg_push_arp(f, 1, PF_MAC_CLIENT, PF_CLIENT, zero, PF_SERVER_LAN);
	pf_emit(&o, SEC(1), "ARP request: who has 10.0.0.5? tell 10.0.0.4");
	pg_frame_reset(f);
	pg_push_eth(f, PF_MAC_CLIENT, PF_MAC_SERVER);
	pg_push_arp(f, 2, PF_MAC_SERVER, PF_SERVER_LAN, PF_MAC_CLIENT, PF_CLIENT);
	if (pg_frame_finish(f))
		pg_frame_pad(f, 60);
	pf_emit(&o, SEC(1) + US(89), "ARP reply: 10.0.0.5 is at 02:00:0a:00:00:05");
	return pf_out_close(&o);
}

int main(int argc, char **argv)
{
	GOptionEntry entries[] = {
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &pf_verbose,
		  "print file, frame number, time and role of every frame", NULL },
		G_OPTION_ENTRY_NULL
	};
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("[DIR] - write the generated samples (default samples/gen)");
	g_autoptr(GError) error = NULL;
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc > 2) {
		g_printerr("mksamples: %s\n", error != NULL ? error->message : "too many arguments");
		return 2;
	}
	if (argc == 2)
		pf_outdir = argv[1];
	if (g_mkdir_with_parents(pf_outdir, 0755) != 0) {
		g_printerr("mksamples: cannot create '%s': %s\n", pf_outdir, g_strerror(errno));
		return 1;
	}
	gboolean ok = TRUE;
	ok &= mk_rtt_basic();
	ok &= mk_rtt_server_side();
	ok &= mk_rtt_retrans();
	ok &= mk_rtt_refused();
	ok &= mk_rtt_noanswer();
	ok &= mk_rtt_midhandshake();
	ok &= mk_rtt_portreuse();
	ok &= mk_rtt_ipv6();
	ok &= mk_rtt_vlan();
	ok &= mk_rtt_cooked("rtt-sll.pcap", PG_LINKTYPE_LINUX_SLL);
	ok &= mk_rtt_cooked("rtt-sll2.pcap", PG_LINKTYPE_LINUX_SLL2);
	ok &= mk_rtt_null();
	ok &= mk_rtt_raw("rtt-raw.pcap", PG_LINKTYPE_RAW);
	ok &= mk_rtt_raw("rtt-raw12.pcap", PG_LINKTYPE_RAW_OLD);
	ok &= mk_rtt_raw("rtt-raw14.pcap", PG_LINKTYPE_RAW_OLD2);
	ok &= mk_rtt_nsec_be();
	ok &= mk_multi_if();
	ok &= mk_ipv4_options_frag();
	ok &= mk_icmp();
	ok &= mk_arp();
	return ok ? 0 : 1;
}
