/* mkapps.c — writes samples/gen/apps.pcap: application traffic whose
 * protocol hierarchy is known, the golden sample of `analyze hierarchy`,
 * `dests`, `conv` and `endpoints` (samples/gen/ANSWERS.md lists every frame).
 *
 *     mkapps [-v] [DIR]           (DIR defaults to samples/gen)
 *
 * The capture is a mirror port of the LAN 10.0.0.0/24 (Ethernet, pcap µs).
 * Exchange k starts at T0 + k seconds; the bytes are fixed, every checksum
 * is correct.  UDP: DNS, mDNS, LLMNR, NBNS, DHCP, NTP, SSDP, syslog, SNMP,
 * SunRPC portmap (and an ICMP port unreachable quoting a call), a
 * BitTorrent DHT ping, a QUIC Initial, VXLAN carrying an ICMP echo.  TCP:
 * DNS with two queries in one segment, HTTP with a body over three segments,
 * TLS 1.3, SSH, RDP, SunRPC with record marking, BitTorrent on its port and
 * between two ephemeral ports.
 */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tests/tools/lib/pgflow.h"
#include "tests/tools/lib/pktgen.h"

#define SEC(x) ((guint64)(x) * PG_NS_PER_SEC)
#define US(x) ((guint64)(x) * 1000)

#define MSS 1448                 /* 1460 minus the timestamps option */
#define LAN_RTT US(250)
#define WAN_RTT US(12345)
#define CLI US(50)               /* the client's turnaround */

/* ------------------------------------------------------------ bytes */

static void put8(GByteArray *b, guint v)
{
	guint8 x = (guint8)v;
	g_byte_array_append(b, &x, 1);
}

static void put16(GByteArray *b, guint v)
{
	guint8 x[2] = { (guint8)(v >> 8), (guint8)v };
	g_byte_array_append(b, x, 2);
}

static void put32(GByteArray *b, guint32 v)
{
	guint8 x[4] = { (guint8)(v >> 24), (guint8)(v >> 16), (guint8)(v >> 8), (guint8)v };
	g_byte_array_append(b, x, 4);
}

static void putmem(GByteArray *b, const void *p, guint n)
{
	g_byte_array_append(b, p, n);
}

static void putstr(GByteArray *b, const char *s)
{
	putmem(b, s, (guint)strlen(s));
}

/* Overwrite the 16-bit (`n` 2) or 24-bit (`n` 3) big-endian value at `off`. */
static void patch(GByteArray *b, guint off, guint n, guint v)
{
	for (guint i = 0; i < n; i++)
		b->data[off + i] = (guint8)(v >> (8 * (n - 1 - i)));
}

/* Prepend a BER tag and a short-form length to all of `b`. */
static void wrap(GByteArray *b, guint8 tag)
{
	guint8 h[2] = { tag, (guint8)b->len };
	g_byte_array_prepend(b, h, 2);
}

/* `n` bytes that look random (xorshift32): keys, nonces, ciphertext. */
static void putrand(GByteArray *b, guint n, guint32 seed)
{
	guint32 x = seed | 1;
	for (guint i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		put8(b, x >> 24);
	}
}

/* ------------------------------------------------------------ hosts */

/* An IPv4 host as seen on the LAN: its address and the MAC its frames carry
 * (the router's for remote hosts, a group address for multicast). */
typedef struct {
	guint32 ip;
	guint8 mac[6];
} Host;

#define MAC4(x) { 0x02, 0x00, 0x0a, 0x00, 0x00, x }
static const Host CLIENT = { PF_CLIENT, MAC4(0x04) };
static const Host CLIENT2 = { PG_IP4(10, 0, 0, 7), MAC4(0x07) };
static const Host ROUTER = { PG_IP4(10, 0, 0, 1), MAC4(0x01) };  /* also the resolver */
static const Host LAN5 = { PF_SERVER_LAN, MAC4(0x05) };
static const Host LAN6 = { PG_IP4(10, 0, 0, 6), MAC4(0x06) };
static const Host REMOTE_A = { PF_SERVER_A, MAC4(0x01) };
static const Host REMOTE_B = { PF_SERVER_B, MAC4(0x01) };
static const Host ANY = { 0, MAC4(0x04) };                    /* DHCP before an address */
static const Host BCAST = { PG_IP4(10, 0, 0, 255), { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
static const Host ALLONES = { PG_IP4(255, 255, 255, 255), { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
static const Host MDNS = { PG_IP4(224, 0, 0, 251), { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb } };
static const Host LLMNR = { PG_IP4(224, 0, 0, 252), { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfc } };
static const Host SSDP = { PG_IP4(239, 255, 255, 250), { 0x01, 0x00, 0x5e, 0x7f, 0xff, 0xfa } };

/* The TTL a datagram from `s` to `d` arrives with: 255 for mDNS, 1 for the
 * other local-control-block groups, 2 for SSDP, 64 from the LAN, 56 from far. */
static guint8 ttl_of(const Host *s, const Host *d)
{
	if (d->ip == MDNS.ip)
		return 255;
	if ((d->ip & 0xffffff00u) == PG_IP4(224, 0, 0, 0))
		return 1;
	if ((d->ip >> 28) == 0xe)
		return 2;
	return (s->ip >> 24) == 10 || s->ip == 0 ? 64 : 56;
}

static guint16 udp_ipid = 0x5000;  /* IPv4 identification of the UDP frames */

/* Push Ethernet + IPv4 from `s` to `d`. */
static void push_eth_ip(PgFrame *f, const Host *s, const Host *d)
{
	PgIPv4 ip = { 0 };
	ip.src = s->ip;
	ip.dst = d->ip;
	ip.ttl = ttl_of(s, d);
	ip.id = udp_ipid++;
	pg_push_eth(f, d->mac, s->mac);
	pg_push_ipv4(f, &ip);
}

/* Build and queue one UDP datagram carrying all of `b`. */
static void udp(PfOut *o, const Host *s, const Host *d, guint16 sport, guint16 dport,
		const GByteArray *b, guint64 t, const char *note)
{
	pg_frame_reset(o->f);
	push_eth_ip(o->f, s, d);
	pg_push_udp(o->f, sport, dport);
	pg_push_data(o->f, b->data, b->len);
	pf_emit(o, t, note);
}

static PgLink link_of(const Host *cli, const Host *srv)
{
	PgLink l = { 0 };
	l.linktype = PG_LINKTYPE_ETHERNET;
	memcpy(l.mac_a, cli->mac, 6);
	memcpy(l.mac_b, srv->mac, 6);
	return l;
}

/* A TCP connection number `n` (ISNs 1000000000 + n * 100000000 and 2000000000
 * + n * 100000000) from cli:cport to srv:sport, opened at `t` (SYN, SYN-ACK
 * after `rtt`, ACK); returns the time of the ACK. */
static guint64 tcp_open(PfOut *o, PfConn *c, const PgLink *l, guint n, const Host *cli,
			guint16 cport, const Host *srv, guint16 sport, guint64 t, guint64 rtt)
{
	pf_conn_init(c, l, cport, sport, 1000000000u + n * 100000000u,
		     2000000000u + n * 100000000u);
	pf_conn_v4(c, cli->ip, srv->ip);
	pf_syn(o, c, t, "SYN");
	pf_synack(o, c, t + rtt, "SYN-ACK");
	pf_ack(o, c, TRUE, t + rtt + CLI, "ACK (handshake)");
	return t + rtt + CLI;
}

/* Send all of `b` as full-sized segments `gap` apart, PSH on the last one,
 * the client ACKing every `every` segments and the last.  Returns the time
 * of the last frame. */
static guint64 send_split(PfOut *o, PfConn *c, gboolean from_client, const GByteArray *b,
			  guint64 t, guint64 gap, guint every, const char *note)
{
	guint32 *nxt = from_client ? &c->cnxt : &c->snxt;
	guint n = 0;
	for (guint off = 0; off < b->len; off += MSS, n++) {
		guint len = MIN((guint)MSS, b->len - off);
		gboolean last = off + len == b->len;
		t += n > 0 ? gap : 0;
		pf_seg(o, c, from_client, PG_TH_ACK | (last ? PG_TH_PSH : 0), *nxt,
		       from_client ? c->snxt : c->cnxt, b->data + off, len, NULL, t, note);
		*nxt += len;
		if (!from_client && ((n + 1) % every == 0 || last)) {
			t += CLI;
			pf_ack(o, c, TRUE, t, "ACK");
		}
	}
	return t;
}

/* ------------------------------------------------------------ DNS family */

static void put_name(GByteArray *b, const char *name)
{
	g_auto(GStrv) labels = g_strsplit(name, ".", -1);
	for (guint i = 0; labels[i] != NULL; i++) {
		put8(b, (guint)strlen(labels[i]));
		putstr(b, labels[i]);
	}
	put8(b, 0);
}

/* A DNS message with one question (class IN); with `answer` it is a
 * response holding one record of `alen` bytes for the name, TTL 300. */
static void dns_msg(GByteArray *b, guint16 id, guint16 flags, const char *name, guint16 qtype,
		    const guint8 *answer, guint alen)
{
	put16(b, id);
	put16(b, flags);
	put16(b, 1);
	put16(b, answer != NULL);
	put32(b, 0);
	put_name(b, name);
	put16(b, qtype);
	put16(b, 1);
	if (answer == NULL)
		return;
	put16(b, 0xc00c);                /* pointer to the question's name */
	put16(b, qtype);
	put16(b, 1);
	put32(b, 300);
	put16(b, alen);
	putmem(b, answer, alen);
}

/* The same, preceded by its 2-byte length (DNS over TCP). */
static void dns_tcp_msg(GByteArray *b, guint16 id, guint16 flags, const char *name,
			guint16 qtype, const guint8 *answer, guint alen)
{
	guint at = b->len;
	put16(b, 0);
	dns_msg(b, id, flags, name, qtype, answer, alen);
	patch(b, at, 2, b->len - at - 2);
}

static const guint8 ADDR_A[4] = { 192, 0, 2, 10 };
static const guint8 ADDR_AAAA[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x10 };

/* NetBIOS first-level encoding of `name` padded to 15 with suffix `suffix`. */
static void put_nbname(GByteArray *b, const char *name, guint8 suffix)
{
	guint8 n[16];
	memset(n, ' ', 15);
	memcpy(n, name, MIN(strlen(name), 15u));
	n[15] = suffix;
	put8(b, 32);
	for (guint i = 0; i < 16; i++) {
		put8(b, 'A' + (n[i] >> 4));
		put8(b, 'A' + (n[i] & 15));
	}
	put8(b, 0);
}

/* ------------------------------------------------------------ SunRPC */

/* Portmap GETPORT call (program 100000 v2, procedure 3, AUTH_NULL) asking
 * for NFS (100003) version 3 over TCP, and its accepted reply. */
static void rpc_getport_call(GByteArray *b, guint32 xid)
{
	static const guint32 w[] = { 0, 2, 100000, 2, 3, 0, 0, 0, 0, 100003, 3, 6, 0 };
	put32(b, xid);
	for (guint i = 0; i < G_N_ELEMENTS(w); i++)
		put32(b, w[i]);
}

static void rpc_getport_reply(GByteArray *b, guint32 xid, guint32 port)
{
	static const guint32 w[] = { 1, 0, 0, 0, 0 };
	put32(b, xid);
	for (guint i = 0; i < G_N_ELEMENTS(w); i++)
		put32(b, w[i]);
	put32(b, port);
}

/* Prepend the TCP record mark (last fragment, length). */
static void record_mark(GByteArray *b)
{
	guint8 m[4] = { 0x80, (guint8)(b->len >> 16), (guint8)(b->len >> 8), (guint8)b->len };
	g_byte_array_prepend(b, m, 4);
}

/* ------------------------------------------------------------ UDP samples */

static void mk_udp(PfOut *o)
{
	g_autoptr(GByteArray) b = g_byte_array_new();
	guint64 t = SEC(1);

	dns_msg(b, 0x1a2b, 0x0100, "www.example.test", 1, NULL, 0);
	udp(o, &CLIENT, &ROUTER, 50001, 53, b, t, "DNS query A www.example.test");
	g_byte_array_set_size(b, 0);
	dns_msg(b, 0x1a2b, 0x8180, "www.example.test", 1, ADDR_A, 4);
	udp(o, &ROUTER, &CLIENT, 53, 50001, b, t + US(1234), "DNS response A 192.0.2.10");

	g_byte_array_set_size(b, 0);
	dns_msg(b, 0, 0, "printer.local", 1, NULL, 0);
	udp(o, &CLIENT, &MDNS, 5353, 5353, b, SEC(2), "mDNS query A printer.local");

	g_byte_array_set_size(b, 0);
	dns_msg(b, 0x4c4c, 0, "fileserver", 1, NULL, 0);
	udp(o, &CLIENT, &LLMNR, 50002, 5355, b, SEC(3), "LLMNR query A fileserver");

	g_byte_array_set_size(b, 0);
	put16(b, 0x8001);
	put16(b, 0x0110);                /* query, recursion desired, broadcast */
	put16(b, 1);
	put16(b, 0);
	put32(b, 0);
	put_nbname(b, "FILESERVER", 0x20);
	put16(b, 0x0020);                /* NB */
	put16(b, 1);
	udp(o, &CLIENT, &BCAST, 137, 137, b, SEC(4), "NBNS name query FILESERVER<20>");

	g_byte_array_set_size(b, 0);
	put32(b, 0x01010600);            /* BOOTREQUEST, Ethernet, hlen 6, hops 0 */
	put32(b, 0x3903f326);            /* xid */
	put32(b, 0x00008000);            /* secs 0, broadcast flag */
	for (guint i = 0; i < 4; i++)
		put32(b, 0);             /* ciaddr yiaddr siaddr giaddr */
	putmem(b, CLIENT.mac, 6);
	g_byte_array_set_size(b, 236);   /* chaddr padding, sname, file */
	memset(b->data + 34, 0, 236 - 34);
	put32(b, 0x63825363);            /* magic cookie */
	static const guint8 opts[] = { 53, 1, 1,  61, 7, 1, 0x02, 0x00, 0x0a, 0x00, 0x00, 0x04,
				       55, 4, 1, 3, 6, 15,  255 };
	putmem(b, opts, sizeof opts);
	while (b->len < 300)
		put8(b, 0);
	udp(o, &ANY, &ALLONES, 68, 67, b, SEC(5), "DHCP discover");

	g_byte_array_set_size(b, 0);
	put32(b, 0x230006e9);            /* v4 client, stratum 0, poll 6, precision -23 */
	g_byte_array_set_size(b, 40);
	memset(b->data + 4, 0, 36);
	guint32 ntp_sec = (guint32)(1700000000u + 6u + 2208988800u);
	put32(b, ntp_sec);               /* transmit timestamp: T0 + 6 s */
	put32(b, 0);
	udp(o, &CLIENT, &REMOTE_B, 123, 123, b, SEC(6), "NTP v4 client request");
	g_byte_array_set_size(b, 0);
	put32(b, 0x240206e9);            /* v4 server, stratum 2 */
	put32(b, 0x00000100);            /* root delay */
	put32(b, 0x00000200);            /* root dispersion */
	put32(b, PG_IP4(192, 0, 2, 123)); /* reference id: its upstream */
	put32(b, ntp_sec - 64);          /* reference */
	put32(b, 0);
	put32(b, ntp_sec);               /* origin: the request's transmit time */
	put32(b, 0);
	put32(b, ntp_sec);               /* receive and transmit: 6.18 and 6.21 ms later */
	put32(b, 0x0194e7cb);
	put32(b, ntp_sec);
	put32(b, 0x0196ec9c);
	udp(o, &REMOTE_B, &CLIENT, 123, 123, b, SEC(6) + WAN_RTT, "NTP v4 server reply");

	g_byte_array_set_size(b, 0);
	putstr(b, "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
	       "MAN: \"ssdp:discover\"\r\nMX: 2\r\nST: ssdp:all\r\n\r\n");
	udp(o, &CLIENT, &SSDP, 50003, 1900, b, SEC(7), "SSDP M-SEARCH");

	g_byte_array_set_size(b, 0);
	putstr(b, "<34>Oct 11 22:14:15 host su: message");
	udp(o, &CLIENT, &LAN5, 50004, 514, b, SEC(8), "syslog auth.crit");

	g_byte_array_set_size(b, 0);
	static const guint8 vb[] = { 0x06, 0x08, 0x2b, 6, 1, 2, 1, 1, 1, 0, 0x05, 0x00 };
	static const guint8 ids[] = { 0x02, 0x04, 0x12, 0x34, 0x56, 0x78, 0x02, 1, 0, 0x02, 1, 0 };
	static const guint8 hdr[] = { 0x02, 1, 1, 0x04, 6, 'p', 'u', 'b', 'l', 'i', 'c' };
	putmem(b, vb, sizeof vb);        /* sysDescr.0 = NULL */
	wrap(b, 0x30);                   /* VarBind */
	wrap(b, 0x30);                   /* VarBindList */
	g_byte_array_prepend(b, ids, sizeof ids);
	wrap(b, 0xa0);                   /* GetRequest-PDU */
	g_byte_array_prepend(b, hdr, sizeof hdr);
	wrap(b, 0x30);                   /* Message: version 2c, community */
	udp(o, &CLIENT, &LAN6, 50005, 161, b, SEC(9), "SNMP v2c get-request sysDescr.0");

	g_byte_array_set_size(b, 0);
	rpc_getport_call(b, 0x5a5a0001);
	udp(o, &CLIENT, &LAN5, 800, 111, b, SEC(10), "portmap GETPORT call");
	g_byte_array_set_size(b, 0);
	rpc_getport_reply(b, 0x5a5a0001, 2049);
	udp(o, &LAN5, &CLIENT, 111, 800, b, SEC(10) + LAN_RTT, "portmap GETPORT reply 2049");

	/* The same call to 10.0.0.6, which has no portmapper: the ICMP error
	 * quotes the whole datagram. */
	g_byte_array_set_size(b, 0);
	rpc_getport_call(b, 0x5a5a0002);
	guint16 quoted_id = udp_ipid;
	udp(o, &CLIENT, &LAN6, 801, 111, b, SEC(11), "portmap GETPORT call (no portmapper)");
	pg_frame_reset(o->f);
	push_eth_ip(o->f, &LAN6, &CLIENT);
	pg_push_icmp(o->f, 3, 3, 0);
	PgIPv4 qip = { .src = CLIENT.ip, .dst = LAN6.ip, .ttl = 64, .id = quoted_id };
	pg_push_ipv4(o->f, &qip);
	pg_push_udp(o->f, 801, 111);
	pg_push_data(o->f, b->data, b->len);
	pf_emit(o, SEC(11) + US(180), "ICMP port unreachable quoting the call");

	g_byte_array_set_size(b, 0);
	putstr(b, "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe");
	udp(o, &CLIENT, &REMOTE_B, 51413, 6881, b, SEC(12), "BitTorrent DHT ping");

	/* QUIC v1 Initial, padded to 1200 bytes: header protection and AEAD
	 * make everything after the length field look random. */
	g_byte_array_set_size(b, 0);
	put8(b, 0xc3);                   /* long header, Initial, 4-byte packet number */
	put32(b, 1);
	put8(b, 8);
	putmem(b, "\x83\x94\xc8\xf0\x3e\x51\x57\x08", 8);
	put8(b, 0);                      /* no source connection ID */
	put8(b, 0);                      /* no token */
	put16(b, 0x4000 | (1200 - 18));  /* length: packet number + payload */
	putrand(b, 1200 - 18, 0x9e3779b9u);
	udp(o, &CLIENT, &REMOTE_A, 50006, 443, b, SEC(13), "QUIC Initial");

	/* VXLAN between the hypervisors 10.0.0.5 and 10.0.0.6: VNI 100 carrying
	 * an echo request between two guests. */
	static const guint8 gmac4[6] = { 0x02, 0x00, 0x0a, 0x01, 0x00, 0x04 };
	static const guint8 gmac5[6] = { 0x02, 0x00, 0x0a, 0x01, 0x00, 0x05 };
	pg_frame_reset(o->f);
	push_eth_ip(o->f, &LAN5, &LAN6);
	pg_push_udp(o->f, 54321, 4789);
	pg_push_data(o->f, "\x08\x00\x00\x00\x00\x00\x64\x00", 8);
	pg_push_eth(o->f, gmac5, gmac4);
	PgIPv4 gip = { .src = PG_IP4(10, 1, 0, 4), .dst = PG_IP4(10, 1, 0, 5), .ttl = 64,
		       .id = 0x7777, .df = TRUE };
	pg_push_ipv4(o->f, &gip);
	pg_push_icmp(o->f, 8, 0, 0x43210001u);
	guint8 *p = pg_push_data(o->f, NULL, 56);
	for (guint i = 0; p != NULL && i < 56; i++)
		p[i] = (guint8)i;
	pf_emit(o, SEC(14), "VXLAN: ICMP echo request 10.1.0.4 -> 10.1.0.5");
}

/* ------------------------------------------------------------ TCP samples */

/* DNS over TCP: two queries in one segment; the second answer crosses the
 * boundary between the server's two segments. */
static void mk_dns_tcp(PfOut *o, guint n, guint64 t)
{
	PgLink l = link_of(&CLIENT, &ROUTER);
	PfConn c;
	g_autoptr(GByteArray) q = g_byte_array_new();
	g_autoptr(GByteArray) r = g_byte_array_new();
	t = tcp_open(o, &c, &l, n, &CLIENT, 40201, &ROUTER, 53, t, US(1234));
	dns_tcp_msg(q, 0x2001, 0x0100, "www.example.test", 1, NULL, 0);
	dns_tcp_msg(q, 0x2002, 0x0100, "www.example.test", 28, NULL, 0);
	pf_data(o, &c, TRUE, q->data, q->len, t + US(100), "two DNS queries (A, AAAA)");
	dns_tcp_msg(r, 0x2001, 0x8180, "www.example.test", 1, ADDR_A, 4);
	guint first = r->len + 20;
	dns_tcp_msg(r, 0x2002, 0x8180, "www.example.test", 28, ADDR_AAAA, 16);
	t += US(100) + US(1234);
	pf_data(o, &c, FALSE, r->data, first, t, "DNS response A + start of AAAA response");
	pf_data(o, &c, FALSE, r->data + first, r->len - first, t + US(10), "rest of AAAA response");
	pf_ack(o, &c, TRUE, t + US(10) + CLI, "ACK");
	pf_close_by_client(o, &c, t + US(1000), US(1234), CLI);
}

/* HTTP/1.1: a text/html page of 3000 bytes over three segments, then a JSON
 * answer in one. */
static void mk_http(PfOut *o, guint n, guint64 t)
{
	PgLink l = link_of(&CLIENT, &REMOTE_A);
	PfConn c;
	g_autoptr(GByteArray) b = g_byte_array_new();
	g_autoptr(GString) body = g_string_new("<!DOCTYPE html>\n<html>\n<head><title>apps"
					       "</title></head>\n<body>\n");
	for (guint i = 1; body->len + 36 <= 3000 - 15; i++)    /* 36-byte lines */
		g_string_append_printf(body, "<p>Paragraph %03u of the sample.</p>\n", i);
	while (body->len < 3000 - 15)
		g_string_append_c(body, ' ');
	g_string_append(body, "</body></html>\n");

	t = tcp_open(o, &c, &l, n, &CLIENT, 40202, &REMOTE_A, 80, t, WAN_RTT);
	putstr(b, "GET /index.html HTTP/1.1\r\nHost: example.test\r\nUser-Agent: mkapps\r\n"
	       "Accept: */*\r\n\r\n");
	pf_data(o, &c, TRUE, b->data, b->len, t + US(100), "GET /index.html");
	g_byte_array_set_size(b, 0);
	g_autofree char *h = g_strdup_printf("HTTP/1.1 200 OK\r\nServer: mkapps\r\n"
					     "Content-Type: text/html\r\nContent-Length: %u\r\n\r\n",
					     (guint)body->len);
	putstr(b, h);
	putmem(b, body->str, (guint)body->len);
	t = send_split(o, &c, FALSE, b, t + US(100) + WAN_RTT, US(20), 3, "200 text/html");

	g_byte_array_set_size(b, 0);
	putstr(b, "GET /api/status HTTP/1.1\r\nHost: example.test\r\nUser-Agent: mkapps\r\n"
	       "Accept: application/json\r\n\r\n");
	pf_data(o, &c, TRUE, b->data, b->len, t + US(1000), "GET /api/status");
	g_byte_array_set_size(b, 0);
	const char *json = "{\"status\":\"ok\",\"uptime\":12345,\"samples\":[\"apps\",\"rtt\"]}";
	g_autofree char *h2 = g_strdup_printf("HTTP/1.1 200 OK\r\nServer: mkapps\r\n"
					      "Content-Type: application/json\r\n"
					      "Content-Length: %u\r\n\r\n%s", (guint)strlen(json), json);
	t += US(1000) + WAN_RTT;
	pf_data(o, &c, FALSE, h2, (guint)strlen(h2), t, "200 application/json");
	pf_ack(o, &c, TRUE, t + CLI, "ACK");
	pf_close_by_client(o, &c, t + US(5000), WAN_RTT, CLI);
}

/* A TLS record header with length 0; tls_record_close, called when the
 * record's bytes are in, sets the length of the record starting at `at`. */
static void tls_record_open(GByteArray *b, guint8 type, guint16 version)
{
	put8(b, type);
	put16(b, version);
	put16(b, 0);
}

static void tls_record_close(GByteArray *b, guint at)
{
	patch(b, at + 3, 2, b->len - at - 5);
}

/* TLS 1.3: ClientHello with SNI example.test, ServerHello + ChangeCipherSpec
 * in one segment, then encrypted records (application data) both ways. */
static void mk_tls(PfOut *o, guint n, guint64 t)
{
	PgLink l = link_of(&CLIENT, &REMOTE_A);
	PfConn c;
	g_autoptr(GByteArray) b = g_byte_array_new();
	t = tcp_open(o, &c, &l, n, &CLIENT, 40203, &REMOTE_A, 443, t, WAN_RTT);

	tls_record_open(b, 22, 0x0301);
	put8(b, 1);                      /* ClientHello */
	put8(b, 0);
	put16(b, 0);
	put16(b, 0x0303);
	putrand(b, 32, 0x1234567u);      /* random */
	put8(b, 32);
	putrand(b, 32, 0x7654321u);      /* legacy session id */
	put16(b, 6);
	put16(b, 0x1301);
	put16(b, 0x1302);
	put16(b, 0x1303);
	put16(b, 0x0100);                /* compression: null */
	guint ext = b->len;
	put16(b, 0);
	put16(b, 0x0000);                /* server_name */
	put16(b, 17);
	put16(b, 15);
	put8(b, 0);
	put16(b, 12);
	putstr(b, "example.test");
	static const guint8 exts[] = {
		0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x1d, 0x00, 0x17, /* groups */
		0x00, 0x0d, 0x00, 0x06, 0x00, 0x04, 0x04, 0x03, 0x08, 0x04, /* signatures */
		0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04,                   /* versions */
		0x00, 0x2d, 0x00, 0x02, 0x01, 0x01,                         /* psk modes */
		0x00, 0x33, 0x00, 0x26, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20, /* key_share */
	};
	putmem(b, exts, sizeof exts);
	putrand(b, 32, 0xabcdefu);       /* x25519 public key */
	patch(b, ext, 2, b->len - ext - 2);
	patch(b, 6, 3, b->len - 9);
	tls_record_close(b, 0);
	t += US(100);
	pf_data(o, &c, TRUE, b->data, b->len, t, "TLS ClientHello (SNI example.test)");

	g_byte_array_set_size(b, 0);
	tls_record_open(b, 22, 0x0303);
	put8(b, 2);                      /* ServerHello */
	put8(b, 0);
	put16(b, 0);
	put16(b, 0x0303);
	putrand(b, 32, 0x2468aceu);
	put8(b, 32);
	putrand(b, 32, 0x7654321u);      /* echoes the session id */
	put16(b, 0x1301);
	put8(b, 0);
	static const guint8 sexts[] = {
		0x00, 0x2e,                                     /* extensions length */
		0x00, 0x2b, 0x00, 0x02, 0x03, 0x04,             /* supported_versions */
		0x00, 0x33, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20, /* key_share x25519 */
	};
	putmem(b, sexts, sizeof sexts);
	putrand(b, 32, 0x13579bdu);
	patch(b, 6, 3, b->len - 9);
	tls_record_close(b, 0);
	putmem(b, "\x14\x03\x03\x00\x01\x01", 6);  /* ChangeCipherSpec */
	t += WAN_RTT;
	pf_data(o, &c, FALSE, b->data, b->len, t, "TLS ServerHello + ChangeCipherSpec");
	g_byte_array_set_size(b, 0);
	tls_record_open(b, 23, 0x0303);
	putrand(b, 1100, 0x5555u);       /* encrypted handshake */
	tls_record_close(b, 0);
	pf_data(o, &c, FALSE, b->data, b->len, t + US(10), "TLS application data (handshake)");

	g_byte_array_set_size(b, 0);
	putmem(b, "\x14\x03\x03\x00\x01\x01", 6);
	tls_record_open(b, 23, 0x0303);
	putrand(b, 53, 0x6666u);         /* Finished */
	tls_record_close(b, 6);
	guint at = b->len;
	tls_record_open(b, 23, 0x0303);
	putrand(b, 120, 0x7777u);        /* request */
	tls_record_close(b, at);
	t += US(10) + CLI;
	pf_data(o, &c, TRUE, b->data, b->len, t, "TLS ChangeCipherSpec + application data x2");
	g_byte_array_set_size(b, 0);
	tls_record_open(b, 23, 0x0303);
	putrand(b, 600, 0x8888u);        /* response */
	tls_record_close(b, 0);
	t += WAN_RTT;
	pf_data(o, &c, FALSE, b->data, b->len, t, "TLS application data");
	pf_ack(o, &c, TRUE, t + CLI, "ACK");
	pf_close_by_client(o, &c, t + US(5000), WAN_RTT, CLI);
}

/* SSH: both identification strings, then the client's KEXINIT. */
static void mk_ssh(PfOut *o, guint n, guint64 t)
{
	PgLink l = link_of(&CLIENT, &LAN5);
	PfConn c;
	g_autoptr(GByteArray) b = g_byte_array_new();
	t = tcp_open(o, &c, &l, n, &CLIENT, 40204, &LAN5, 22, t, LAN_RTT);
	const char *sb = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n";
	const char *cb = "SSH-2.0-OpenSSH_9.6\r\n";
	pf_data(o, &c, FALSE, sb, (guint)strlen(sb), t + US(2000), "SSH server banner");
	pf_data(o, &c, TRUE, cb, (guint)strlen(cb), t + US(2100), "SSH client banner");
	static const char *lists[10] = {
		"curve25519-sha256,ext-info-c", "ssh-ed25519,rsa-sha2-256",
		"chacha20-poly1305@openssh.com,aes128-ctr", "chacha20-poly1305@openssh.com,aes128-ctr",
		"hmac-sha2-256", "hmac-sha2-256", "none", "none", "", "",
	};
	put32(b, 0);                     /* packet length */
	put8(b, 0);                      /* padding length */
	put8(b, 20);                     /* SSH_MSG_KEXINIT */
	putrand(b, 16, 0x4242u);         /* cookie */
	for (guint i = 0; i < 10; i++) {
		put32(b, (guint32)strlen(lists[i]));
		putstr(b, lists[i]);
	}
	put8(b, 0);                      /* first_kex_packet_follows */
	put32(b, 0);
	guint pad = 8 - b->len % 8;
	if (pad < 4)
		pad += 8;
	for (guint i = 0; i < pad; i++)
		put8(b, 0);
	b->data[4] = (guint8)pad;
	patch(b, 1, 3, b->len - 4);
	pf_data(o, &c, TRUE, b->data, b->len, t + US(2200), "SSH KEXINIT (client)");
	pf_ack(o, &c, FALSE, t + US(2200) + LAN_RTT, "ACK");
	pf_close_by_client(o, &c, t + US(5000), LAN_RTT, CLI);
}

/* RDP: X.224 Connection Request with cookie and negotiation request (TLS or
 * CredSSP), the Connection Confirm selecting CredSSP. */
static void mk_rdp(PfOut *o, guint n, const Host *cli, guint16 cport, guint64 t)
{
	PgLink l = link_of(cli, &LAN6);
	PfConn c;
	g_autoptr(GByteArray) b = g_byte_array_new();
	t = tcp_open(o, &c, &l, n, cli, cport, &LAN6, 3389, t, LAN_RTT);
	const char *cookie = "Cookie: mstshash=user\r\n";
	putmem(b, "\x03\x00\x00\x00", 4);                   /* TPKT */
	put8(b, 6 + (guint)strlen(cookie) + 8);             /* COTP length indicator */
	putmem(b, "\xe0\x00\x00\x00\x00\x00", 6);           /* CR, refs, class 0 */
	putstr(b, cookie);
	putmem(b, "\x01\x00\x08\x00\x03\x00\x00\x00", 8);   /* RDP_NEG_REQ: TLS | CredSSP */
	patch(b, 2, 2, b->len);
	pf_data(o, &c, TRUE, b->data, b->len, t + US(100), "RDP Connection Request");
	g_byte_array_set_size(b, 0);
	putmem(b, "\x03\x00\x00\x13\x0e\xd0\x00\x00\x12\x34\x00", 11); /* TPKT, CC */
	putmem(b, "\x02\x1f\x08\x00\x02\x00\x00\x00", 8);   /* RDP_NEG_RSP: CredSSP */
	pf_data(o, &c, FALSE, b->data, b->len, t + US(100) + LAN_RTT, "RDP Connection Confirm");
	pf_close_by_client(o, &c, t + US(1000), LAN_RTT, CLI);
}

/* SunRPC over TCP: one record-marked GETPORT call and its reply. */
static void mk_rpc_tcp(PfOut *o, guint n, const Host *cli, guint16 cport, guint64 t)
{
	PgLink l = link_of(cli, &LAN5);
	PfConn c;
	g_autoptr(GByteArray) b = g_byte_array_new();
	t = tcp_open(o, &c, &l, n, cli, cport, &LAN5, 111, t, LAN_RTT);
	rpc_getport_call(b, 0x6b6b0000u + n);
	record_mark(b);
	pf_data(o, &c, TRUE, b->data, b->len, t + US(100), "portmap GETPORT call");
	g_byte_array_set_size(b, 0);
	rpc_getport_reply(b, 0x6b6b0000u + n, 2049);
	record_mark(b);
	pf_data(o, &c, FALSE, b->data, b->len, t + US(100) + LAN_RTT, "portmap GETPORT reply");
	pf_close_by_client(o, &c, t + US(1000), LAN_RTT, CLI);
}

/* The BitTorrent handshake: protocol string, reserved bits, info hash, peer id. */
static void bt_handshake(GByteArray *b, const char *peer_id)
{
	put8(b, 19);
	putstr(b, "BitTorrent protocol");
	putmem(b, "\x00\x00\x00\x00\x00\x10\x00\x05", 8);
	putrand(b, 20, 0xb17b17u);       /* info hash */
	putmem(b, peer_id, 20);
}

/* BitTorrent peers: handshakes, the server's bitfield + interested + unchoke
 * in one segment, a request for block 0 of piece 7 and (with `piece`) the
 * 16 KiB piece message over many segments. */
static void mk_bittorrent(PfOut *o, guint n, guint16 cport, const Host *srv, guint16 sport,
			  gboolean piece, guint64 t)
{
	PgLink l = link_of(&CLIENT, srv);
	PfConn c;
	g_autoptr(GByteArray) b = g_byte_array_new();
	t = tcp_open(o, &c, &l, n, &CLIENT, cport, srv, sport, t, WAN_RTT);
	bt_handshake(b, "-TR3000-0123456789ab");
	t += US(100);
	pf_data(o, &c, TRUE, b->data, b->len, t, "BitTorrent handshake (client)");
	g_byte_array_set_size(b, 0);
	bt_handshake(b, "-qB4500-ba9876543210");
	t += WAN_RTT;
	pf_data(o, &c, FALSE, b->data, b->len, t, "BitTorrent handshake (peer)");
	g_byte_array_set_size(b, 0);
	put32(b, 5);
	put8(b, 5);                      /* bitfield: 32 pieces, all but the last */
	put32(b, 0xfffffffe);
	put32(b, 1);
	put8(b, 2);                      /* interested */
	put32(b, 1);
	put8(b, 1);                      /* unchoke */
	pf_data(o, &c, FALSE, b->data, b->len, t + US(10), "bitfield + interested + unchoke");
	g_byte_array_set_size(b, 0);
	put32(b, 13);
	put8(b, 6);                      /* request piece 7, offset 0, 16 KiB */
	put32(b, 7);
	put32(b, 0);
	put32(b, 16384);
	t += US(10) + CLI;
	pf_data(o, &c, TRUE, b->data, b->len, t, "request");
	if (piece) {
		g_byte_array_set_size(b, 0);
		put32(b, 9 + 16384);
		put8(b, 7);              /* piece 7, offset 0 */
		put32(b, 7);
		put32(b, 0);
		putrand(b, 16384, 0xfeedu);
		t = send_split(o, &c, FALSE, b, t + WAN_RTT, US(10), 4, "piece");
	} else {
		pf_ack(o, &c, FALSE, t + WAN_RTT, "ACK");
		t += WAN_RTT;
	}
	pf_close_by_client(o, &c, t + US(5000), WAN_RTT, CLI);
}

static gboolean mk_apps(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "apps.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	mk_udp(&o);
	mk_dns_tcp(&o, 0, SEC(15));
	mk_http(&o, 1, SEC(16));
	mk_tls(&o, 2, SEC(17));
	mk_ssh(&o, 3, SEC(18));
	mk_rdp(&o, 4, &CLIENT, 40205, SEC(19));
	mk_rdp(&o, 5, &CLIENT2, 40301, SEC(20));
	mk_rpc_tcp(&o, 6, &CLIENT, 40206, SEC(21));
	mk_rpc_tcp(&o, 7, &CLIENT2, 40302, SEC(22));
	mk_bittorrent(&o, 8, 51413, &REMOTE_B, 6881, TRUE, SEC(23));
	mk_bittorrent(&o, 9, 50123, &REMOTE_A, 51413, FALSE, SEC(24));
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
		g_option_context_new("[DIR] - write apps.pcap (default samples/gen)");
	g_autoptr(GError) error = NULL;
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc > 2) {
		g_printerr("mkapps: %s\n", error != NULL ? error->message : "too many arguments");
		return 2;
	}
	if (argc == 2)
		pf_outdir = argv[1];
	if (g_mkdir_with_parents(pf_outdir, 0755) != 0) {
		g_printerr("mkapps: cannot create '%s': %s\n", pf_outdir, g_strerror(errno));
		return 1;
	}
	return mk_apps() ? 0 : 1;
}
