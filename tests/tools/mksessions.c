/* mksessions.c — writes samples/gen/sessions.pcap: the conversations whose
 * packet list Info depends on what came before (samples/gen/ANSWERS.md
 * lists what Wireshark shows).
 *
 *     mksessions [-v] [DIR]       (DIR defaults to samples/gen)
 *
 * Ethernet, IPv4, pcap µs; every checksum is correct.  The client is
 * 10.0.0.4, the server 10.0.0.5.
 *   1 s   AFS over RX (UDP 7001 -> 7000 and others): a file server call and
 *         its reply, a reply whose call was not seen, a Ubik vote to the
 *         volume location server, an encrypted call to the protection
 *         server, a call to the error service, an RX ACK
 *   2 s   SMTP (TCP 40025 -> 25): greeting, EHLO and a reply of three
 *         lines, two pipelined commands, DATA, the message in two segments
 *         (the second ending it), QUIT, a reply with a control byte
 *   3 s   FTP (TCP 40021 -> 21): greeting, USER, PASS, a reply of two lines
 *   4 s   RDP over UDP (50000 -> 3389): SYN with correlation id and SYNEX,
 *         the server's SYN-ACK, an ACK
 *   5 s   WireGuard (UDP 51820): handshake, a data packet, a keepalive
 *   6 s   SSH (TCP 40022 -> 22): version lines, KEXINITs agreeing on
 *         curve25519 and chacha20-poly1305, the elliptic-curve exchange with
 *         NEWKEYS in the server's segment, then encrypted packets
 *   7 s   SSH (TCP 40023 -> 22): the group exchange with aes128-ctr, then
 *         encrypted packets
 *   8 s   SSH (TCP 40024 -> 22) caught after its start: encrypted only
 *   9 s   STUN (UDP 50001 -> 3478): a Binding Request and its answer, an
 *         Allocate Request and its error, TURN ChannelData, a classic STUN
 *         Data Indication
 *  10 s   QUIC (UDP 50443 -> 443): Initial and Handshake packets both
 *         ways, then short-header packets (only the client's carry a
 *         connection id)
 *  11 s   X11 (TCP 40600 -> 6000): the connection setup, a request, and a
 *         request of length 0
 *  12 s   Multipath TCP (TCP 40700 -> 10004): MP_CAPABLE in the handshake,
 *         DSS on a data segment and its ACK
 *  13 s   XMPP (TCP 40522 -> 5222): an iq ping with an attribute iq does
 *         not define, and its result
 */
#include <glib.h>
#include <string.h>

#include "tests/tools/lib/pgflow.h"
#include "tests/tools/lib/pktgen.h"

#define SEC(x) ((guint64)(x) * PG_NS_PER_SEC)
#define MS(x) ((guint64)(x) * 1000000)

typedef PfHost Host;

static const Host CLIENT = { PG_IP4(10, 0, 0, 4), { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x04 } };
static const Host SERVER = { PG_IP4(10, 0, 0, 5), { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x05 } };

static guint16 ipid = 0x7000;

static void udp(PfOut *o, const Host *s, const Host *d, guint16 sport, guint16 dport, const void *b, gsize n,
		guint64 t, const char *note)
{
	pf_udp(o, s, d, 64, ipid++, sport, dport, b, n, t, note);
}

/* A datagram between the client's CPORT and the server's SPORT, either way. */
static void udp_way(PfOut *o, gboolean from_client, guint16 cport, guint16 sport, const void *b, gsize n,
		    guint64 t, const char *note)
{
	if (from_client)
		udp(o, &CLIENT, &SERVER, cport, sport, b, n, t, note);
	else
		udp(o, &SERVER, &CLIENT, sport, cport, b, n, t, note);
}

static void put32(GByteArray *b, guint32 v)
{
	guint8 x[4] = { (guint8)(v >> 24), (guint8)(v >> 16), (guint8)(v >> 8), (guint8)v };
	g_byte_array_append(b, x, 4);
}

/* ------------------------------------------------------------------ AFS */

/* An RX DATA packet of call CALL (connection 0x1234) with FLAGS and, after
 * the header, the 32-bit words W (N of them). */
static void rx_data(PfOut *o, gboolean from_client, guint16 cport, guint16 sport, guint32 call, guint8 flags,
		    const guint32 *w, guint n, guint64 t, const char *note)
{
	GByteArray *b = g_byte_array_new();
	put32(b, 0x5f000001); /* epoch */
	put32(b, 0x1234);     /* connection id */
	put32(b, call);
	put32(b, 1);          /* sequence */
	put32(b, call * 2);   /* serial */
	guint8 h[8] = { 1, flags, 0, 0, 0, 0, 0, 1 }; /* DATA, flags, status, security, spare, service */
	g_byte_array_append(b, h, sizeof h);
	for (guint i = 0; i < n; i++)
		put32(b, w[i]);
	udp_way(o, from_client, cport, sport, b->data, b->len, t, note);
	g_byte_array_free(b, TRUE);
}

static void mk_afs(PfOut *o)
{
	enum { CLI = 0x01, LAST = 0x04 };
	const guint32 fetch_status[] = { 132, 536870915, 1, 1 };
	guint32 status[30] = { 1, 1, 2, 3 }; /* the file's status, a callback, the volume's sync */
	rx_data(o, TRUE, 7001, 7000, 10, CLI | LAST, fetch_status, 4, SEC(1), "AFS FS fetch-status call");
	rx_data(o, FALSE, 7001, 7000, 10, LAST, status, 30, SEC(1) + MS(2), "AFS FS reply");
	rx_data(o, FALSE, 7001, 7000, 11, LAST, status, 30, SEC(1) + MS(4), "AFS FS reply, call not seen");
	const guint32 beacon[] = { 10000, 1, 0x5f000000, 1, 7, 1, 9 }; /* state, start, versions */
	rx_data(o, TRUE, 7001, 7003, 12, CLI | LAST, beacon, 7, SEC(1) + MS(6), "AFS Ubik vote to VLDB");
	rx_data(o, FALSE, 7001, 7003, 12, LAST, status, 1, SEC(1) + MS(8), "AFS Ubik vote reply");
	const guint32 sealed[] = { 0x9e3779b9, 0x7f4a7c15 };
	rx_data(o, TRUE, 7001, 7002, 13, CLI | LAST, sealed, 2, SEC(1) + MS(10), "AFS encrypted call to PROT");
	const guint32 err[] = { 5 };
	rx_data(o, TRUE, 7001, 7006, 14, CLI | LAST, err, 1, SEC(1) + MS(12), "AFS call to the error service");
	/* an RX ACK (type 2) of call 10: the RX layer alone */
	guint8 ack[28 + 18] = { 0x5f, 0, 0, 1, 0, 0, 0x12, 0x34, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 30, 2, 0, 0, 0, 0, 0, 0, 1 };
	ack[28 + 16] = 1; /* reason: requested */
	udp(o, &CLIENT, &SERVER, 7001, 7000, ack, sizeof ack, SEC(1) + MS(14), "RX ACK");
}

/* ------------------------------------------------------------------ TCP */

static const PgLink *lan_link(void)
{
	static PgLink l;
	l.linktype = PG_LINKTYPE_ETHERNET;
	memcpy(l.mac_a, CLIENT.mac, 6);
	memcpy(l.mac_b, SERVER.mac, 6);
	return &l;
}

/* A connection from the client's CPORT to SPORT, opened at T. */
static void tcp_open(PfOut *o, PfConn *c, guint n, guint16 cport, guint16 sport, guint64 t)
{
	pf_conn_init(c, lan_link(), cport, sport, 1000000000u + n * 100000000u, 2000000000u + n * 100000000u);
	pf_conn_v4(c, CLIENT.ip, SERVER.ip);
	pf_syn(o, c, t, "SYN");
	pf_synack(o, c, t + MS(1), "SYN-ACK");
	pf_ack(o, c, TRUE, t + MS(2), "ACK");
}

/* Text lines, one segment each, alternating as the script says: a line
 * starting with "C" is the client's, "S" the server's (the rest is sent). */
static guint64 converse(PfOut *o, PfConn *c, const char *const *script, guint64 t)
{
	for (guint i = 0; script[i]; i++, t += MS(10))
		pf_data(o, c, script[i][0] == 'C', script[i] + 1, (guint)strlen(script[i] + 1), t, script[i] + 1);
	return t;
}

/* Connection number N from the client's CPORT to SPORT, opened at T, the
 * SCRIPT played, then closed by the client. */
static void scripted(PfOut *o, guint n, guint16 cport, guint16 sport, const char *const *script, guint64 t)
{
	PfConn c;
	tcp_open(o, &c, n, cport, sport, t);
	t = converse(o, &c, script, t + MS(10));
	pf_close_by_client(o, &c, t, MS(1), MS(1));
}

static void mk_smtp(PfOut *o)
{
	static const char *const script[] = {
		"S220 mail.example.test ESMTP ready\r\n",
		"CEHLO client.example.test\r\n",
		"S250-mail.example.test\r\n250-SIZE 10240000\r\n250 HELP\r\n",
		"CMAIL FROM:<ann@example.test>\r\nRCPT TO:<bob@example.test>\r\n",
		"S250 OK\r\n250 Accepted\r\n",
		"CDATA\r\n",
		"S354 End data with <CR><LF>.<CR><LF>\r\n",
		"CFrom: ann@example.test\r\nSubject: lunch\r\n\r\nAt noon?\r\n",
		"CSee you.\r\n.\r\n",
		"S250 Queued as 42\r\n",
		"CQUIT\r\n",
		"S221 Bye\001 now\r\n",
		NULL,
	};
	scripted(o, 1, 40025, 25, script, SEC(2));
}

static void mk_ftp(PfOut *o)
{
	static const char *const script[] = {
		"S220 FTP ready\r\n",
		"CUSER anonymous\r\n",
		"S331 Password please\r\n",
		"CPASS guest\r\n",
		"S230-Welcome\r\n230 Logged in\r\n",
		NULL,
	};
	scripted(o, 2, 40021, 21, script, SEC(3));
}

/* ------------------------------------------------------- RDP, WireGuard */

static void mk_rdpudp(PfOut *o)
{
	/* header: snSourceAck(4) window(2) flags(2); SYN: ISN(4) MTUs(2+2);
	 * correlation id (16 + 16 reserved); SYNEX: flags(2) version(2) */
	guint8 syn[52] = { 0xff, 0xff, 0xff, 0xff, 0x00, 0x40, 0x18, 0x01, 0x00, 0x00, 0x10, 0x00, 0x04, 0xc4, 0x04, 0xc4 };
	guint8 synack[24] = { 0x00, 0x00, 0x10, 0x00, 0x00, 0x40, 0x10, 0x05, 0x00, 0x00, 0x20, 0x00, 0x04, 0xc4, 0x04, 0xc4 };
	/* ACK: the ack vector's size (2) and its items; DATA: coded and source
	 * sequence numbers (4 + 4), then bytes that start no TLS record */
	guint8 ack[12] = { 0x00, 0x00, 0x20, 0x00, 0x00, 0x40, 0x00, 0x04, 0x00, 0x01, 0x41 };
	guint8 data[32] = { 0x00, 0x00, 0x20, 0x00, 0x00, 0x40, 0x00, 0x0c, 0x00, 0x01, 0x41, 0x00,
			    0x00, 0x10, 0x01, 0x00, 0x00, 0x10, 0x01, 0x99, 0x98, 0x97 };
	syn[48 + 1] = 0x01; /* version info valid */
	syn[48 + 3] = 0x02;
	synack[16 + 1] = 0x01;
	synack[16 + 3] = 0x02;
	udp(o, &CLIENT, &SERVER, 50000, 3389, syn, sizeof syn, SEC(4), "RDPUDP SYN");
	udp(o, &SERVER, &CLIENT, 3389, 50000, synack, 20, SEC(4) + MS(1), "RDPUDP SYN-ACK");
	udp(o, &CLIENT, &SERVER, 50000, 3389, ack, 11, SEC(4) + MS(2), "RDPUDP ACK");
	udp(o, &CLIENT, &SERVER, 50000, 3389, data, 24, SEC(4) + MS(3), "RDPUDP DATA, TLS continuation");
}

static void mk_wireguard(PfOut *o)
{
	guint8 init[148] = { 1, 0, 0, 0, 0x11, 0x22, 0x33, 0x44 };
	guint8 resp[92] = { 2, 0, 0, 0, 0x55, 0x66, 0x77, 0x88, 0x11, 0x22, 0x33, 0x44 };
	guint8 data[64] = { 4, 0, 0, 0, 0x55, 0x66, 0x77, 0x88, 0 };
	guint8 keepalive[32] = { 4, 0, 0, 0, 0x55, 0x66, 0x77, 0x88, 1 };
	udp(o, &CLIENT, &SERVER, 51820, 51820, init, sizeof init, SEC(5), "WireGuard initiation");
	udp(o, &SERVER, &CLIENT, 51820, 51820, resp, sizeof resp, SEC(5) + MS(1), "WireGuard response");
	udp(o, &CLIENT, &SERVER, 51820, 51820, data, sizeof data, SEC(5) + MS(2), "WireGuard data");
	udp(o, &CLIENT, &SERVER, 51820, 51820, keepalive, sizeof keepalive, SEC(5) + MS(3), "WireGuard keepalive");
}

/* ------------------------------------------------------------------ SSH */

/* An unencrypted binary packet: PAYLOAD (code first), padded to a multiple
 * of 8 with at least 4 bytes. */
static void ssh_packet(GByteArray *out, const GByteArray *payload)
{
	guint pad = 8 - (5 + payload->len) % 8;
	if (pad < 4)
		pad += 8;
	put32(out, 1 + payload->len + pad);
	guint8 p = (guint8)pad;
	g_byte_array_append(out, &p, 1);
	g_byte_array_append(out, payload->data, payload->len);
	for (guint i = 0; i < pad; i++)
		g_byte_array_append(out, (const guint8 *)"\0", 1);
}

/* A message of CODE with LEN filler bytes after it, as a packet into OUT. */
static void ssh_message(GByteArray *out, guint8 code, guint len)
{
	GByteArray *m = g_byte_array_new();
	g_byte_array_append(m, &code, 1);
	for (guint i = 0; i < len; i++) {
		guint8 x = (guint8)(i * 7 + 3);
		g_byte_array_append(m, &x, 1);
	}
	ssh_packet(out, m);
	g_byte_array_free(m, TRUE);
}

static void put_list(GByteArray *b, const char *s)
{
	put32(b, (guint32)strlen(s));
	g_byte_array_append(b, (const guint8 *)s, (guint)strlen(s));
}

/* A KEXINIT offering KEX and, both ways, CIPHER. */
static GByteArray *ssh_kexinit(const char *kex, const char *cipher)
{
	GByteArray *m = g_byte_array_new(), *out = g_byte_array_new();
	guint8 code = 20, zero = 0;
	g_byte_array_append(m, &code, 1);
	for (guint i = 0; i < 16; i++)
		g_byte_array_append(m, (const guint8 *)"\x5a", 1); /* cookie */
	const char *lists[] = { kex, "ssh-ed25519", cipher, cipher, "hmac-sha2-256", "hmac-sha2-256", "none", "none", "", "" };
	for (guint i = 0; i < G_N_ELEMENTS(lists); i++)
		put_list(m, lists[i]);
	g_byte_array_append(m, &zero, 1); /* first_kex_packet_follows */
	put32(m, 0);
	ssh_packet(out, m);
	g_byte_array_free(m, TRUE);
	return out;
}

/* Encrypted bytes: nothing in them reads as a packet header. */
static void ssh_sealed(PfOut *o, PfConn *c, gboolean from_client, guint len, guint64 t)
{
	guint8 b[256];
	for (guint i = 0; i < len && i < sizeof b; i++)
		b[i] = (guint8)(0xf1 ^ (i * 29));
	pf_data(o, c, from_client, b, MIN(len, (guint)sizeof b), t, "SSH encrypted");
}

static void ssh_send(PfOut *o, PfConn *c, gboolean from_client, GByteArray *b, guint64 t, const char *note)
{
	pf_data(o, c, from_client, b->data, b->len, t, note);
	g_byte_array_free(b, TRUE);
}

static GByteArray *ssh_one(guint8 code, guint len)
{
	GByteArray *b = g_byte_array_new();
	ssh_message(b, code, len);
	return b;
}

/* A string (or mpint) of LEN filler bytes. */
static void put_blob(GByteArray *m, guint len, guint8 seed)
{
	put32(m, len);
	for (guint i = 0; i < len; i++) {
		guint8 x = (guint8)(seed + i * 13);
		g_byte_array_append(m, &x, 1);
	}
}

/* An ed25519 host key or signature blob: its type, then LEN bytes. */
static void put_keyblob(GByteArray *m, guint len)
{
	put32(m, 4 + 11 + 4 + len);
	put_list(m, "ssh-ed25519");
	put_blob(m, len, 0x21);
}

/* Key exchange message CODE: its fields as the method lays them out. */
static GByteArray *ssh_kex(guint8 code, gboolean gex)
{
	GByteArray *m = g_byte_array_new(), *out = g_byte_array_new();
	g_byte_array_append(m, &code, 1);
	if (code == 30 || (gex && code == 32))
		put_blob(m, gex ? 128 : 32, 0x41); /* the client's public value */
	else if (gex && code == 31) {
		put_blob(m, 129, 0x00); /* p */
		put_blob(m, 1, 0x02);   /* g */
	} else if (code == 31 || code == 33) {
		put_keyblob(m, 32);
		put_blob(m, gex ? 128 : 32, 0x51); /* the server's public value */
		put_keyblob(m, 64);                /* the signature */
	} else if (code == 34) {
		put32(m, 2048);
		put32(m, 3072);
		put32(m, 8192);
	}
	ssh_packet(out, m);
	g_byte_array_free(m, TRUE);
	return out;
}

static void mk_ssh(PfOut *o)
{
	PfConn c;
	guint64 t = SEC(6);
	tcp_open(o, &c, 3, 40022, 22, t);
	pf_data(o, &c, TRUE, "SSH-2.0-OpenSSH_9.0\r\n", 21, t += MS(10), "SSH client version");
	pf_data(o, &c, FALSE, "SSH-2.0-OpenSSH_8.9\r\n", 21, t += MS(10), "SSH server version");
	ssh_send(o, &c, TRUE, ssh_kexinit("curve25519-sha256,diffie-hellman-group14-sha256",
					 "chacha20-poly1305@openssh.com,aes128-ctr"), t += MS(10), "KEXINIT");
	ssh_send(o, &c, FALSE, ssh_kexinit("curve25519-sha256", "chacha20-poly1305@openssh.com"), t += MS(10),
		 "KEXINIT");
	ssh_send(o, &c, TRUE, ssh_kex(30, FALSE), t += MS(10), "ECDH init");
	GByteArray *b = ssh_kex(31, FALSE);
	ssh_message(b, 21, 0);
	ssh_send(o, &c, FALSE, b, t += MS(10), "ECDH reply, NEWKEYS");
	ssh_send(o, &c, TRUE, ssh_one(21, 0), t += MS(10), "NEWKEYS");
	ssh_sealed(o, &c, TRUE, 48, t += MS(10));
	ssh_sealed(o, &c, FALSE, 64, t += MS(10));
	pf_close_by_client(o, &c, t += MS(10), MS(1), MS(1));

	t = SEC(7);
	tcp_open(o, &c, 4, 40023, 22, t);
	pf_data(o, &c, FALSE, "SSH-2.0-OpenSSH_5.9\r\n", 21, t += MS(10), "SSH server version");
	pf_data(o, &c, TRUE, "SSH-2.0-OpenSSH_5.3\r\n", 21, t += MS(10), "SSH client version");
	ssh_send(o, &c, TRUE, ssh_kexinit("diffie-hellman-group-exchange-sha256", "aes128-ctr"), t += MS(10),
		 "KEXINIT");
	ssh_send(o, &c, FALSE, ssh_kexinit("diffie-hellman-group-exchange-sha256", "aes128-ctr"), t += MS(10),
		 "KEXINIT");
	ssh_send(o, &c, TRUE, ssh_kex(34, TRUE), t += MS(10), "GEX request");
	ssh_send(o, &c, FALSE, ssh_kex(31, TRUE), t += MS(10), "GEX group");
	ssh_send(o, &c, TRUE, ssh_kex(32, TRUE), t += MS(10), "GEX init");
	b = ssh_kex(33, TRUE);
	ssh_message(b, 21, 0);
	ssh_send(o, &c, FALSE, b, t += MS(10), "GEX reply, NEWKEYS");
	ssh_send(o, &c, TRUE, ssh_one(21, 0), t += MS(10), "NEWKEYS");
	ssh_sealed(o, &c, TRUE, 52, t += MS(10));
	ssh_sealed(o, &c, FALSE, 68, t += MS(10));
	pf_close_by_client(o, &c, t += MS(10), MS(1), MS(1));

	/* caught in the middle: no version line, no handshake */
	pf_conn_init(&c, lan_link(), 40024, 22, 1500000000u, 2500000000u);
	pf_conn_v4(&c, CLIENT.ip, SERVER.ip);
	c.opts = FALSE;
	ssh_sealed(o, &c, FALSE, 36, SEC(8));
	ssh_sealed(o, &c, TRUE, 36, SEC(8) + MS(10));
}

/* ----------------------------------------------------------------- STUN */

static void put16(GByteArray *b, guint16 v)
{
	guint8 x[2] = { (guint8)(v >> 8), (guint8)v };
	g_byte_array_append(b, x, 2);
}

/* A STUN attribute: TYPE, LEN bytes of V, padded to 4 bytes. */
static void stun_attr(GByteArray *b, guint16 type, const void *v, guint16 len)
{
	static const guint8 zero[4];
	put16(b, type);
	put16(b, len);
	g_byte_array_append(b, v, len);
	g_byte_array_append(b, zero, (4u - (len & 3u)) & 3u);
}

/* A message of TYPE with the attributes in ATTRS (their bytes), sent on
 * UDP 3478. */
static void stun_send(PfOut *o, gboolean from_client, guint16 type, const GByteArray *attrs, guint64 t,
		      const char *note)
{
	GByteArray *b = g_byte_array_new();
	put16(b, type);
	put16(b, (guint16)attrs->len);
	put32(b, 0x2112A442);
	for (guint i = 0; i < 12; i++) {
		guint8 x = (guint8)(0xa0 + i);
		g_byte_array_append(b, &x, 1);
	}
	g_byte_array_append(b, attrs->data, attrs->len);
	udp_way(o, from_client, 50001, 3478, b->data, b->len, t, note);
	g_byte_array_free(b, TRUE);
}

static void mk_stun(PfOut *o)
{
	GByteArray *a = g_byte_array_new();
	stun_attr(a, 0x0006, "bob:ann", 7); /* USERNAME */
	stun_send(o, TRUE, 0x0001, a, SEC(9), "STUN Binding Request");
	g_byte_array_set_size(a, 0);
	/* XOR-MAPPED-ADDRESS 10.0.0.4:50001, XOR'd with the cookie */
	const guint8 xma[8] = { 0, 1, 0xc3 ^ 0x21, 0x51 ^ 0x12, 10 ^ 0x21, 0 ^ 0x12, 0 ^ 0xa4, 4 ^ 0x42 };
	stun_attr(a, 0x0020, xma, 8);
	stun_send(o, FALSE, 0x0101, a, SEC(9) + MS(1), "STUN Binding Success Response");
	g_byte_array_set_size(a, 0);
	const guint8 lifetime[4] = { 0, 0, 0x02, 0x58 }, udp_transport[4] = { 17, 0, 0, 0 };
	stun_attr(a, 0x000d, lifetime, 4);
	stun_attr(a, 0x0019, udp_transport, 4);
	stun_attr(a, 0x0014, "example.test", 12); /* REALM */
	stun_attr(a, 0x0015, "f00d", 4);          /* NONCE */
	stun_send(o, TRUE, 0x0003, a, SEC(9) + MS(2), "STUN Allocate Request");
	g_byte_array_set_size(a, 0);
	const guint8 err[] = { 0, 0, 4, 1, 'U', 'n', 'a', 'u', 't', 'h', 'o', 'r', 'i', 's', 'e', 'd' };
	stun_attr(a, 0x0009, err, sizeof err); /* ERROR-CODE 401 */
	stun_send(o, FALSE, 0x0113, a, SEC(9) + MS(3), "STUN Allocate Error Response");
	g_byte_array_free(a, TRUE);
	/* TURN ChannelData on channel 0x4000, four bytes relayed */
	const guint8 chan[8] = { 0x40, 0x00, 0x00, 0x04, 1, 2, 3, 4 };
	udp(o, &CLIENT, &SERVER, 50001, 3478, chan, sizeof chan, SEC(9) + MS(4), "TURN ChannelData");
	/* classic STUN (no cookie): a Data Indication */
	guint8 classic[20] = { 0x01, 0x15, 0x00, 0x00, 0x5e, 0x11 };
	udp(o, &SERVER, &CLIENT, 3478, 50001, classic, sizeof classic, SEC(9) + MS(5), "classic STUN Data Indication");
}

/* ----------------------------------------------------------------- QUIC */

/* A long-header packet (version 1) of TYPE (0 Initial, 2 Handshake) with
 * connection ids DCID and SCID (LEN bytes each, 0: none) and 34 bytes of
 * packet number and protected payload (an Initial with no token). */
static void quic_long(PfOut *o, gboolean from_client, guint8 type, const guint8 *dcid, guint dlen,
		      const guint8 *scid, guint slen, guint64 t)
{
	GByteArray *b = g_byte_array_new();
	guint8 h[5] = { (guint8)(0xc1 | type << 4), 0, 0, 0, 1 }; /* 2-byte packet number */
	g_byte_array_append(b, h, sizeof h);
	guint8 l = (guint8)dlen;
	g_byte_array_append(b, &l, 1);
	g_byte_array_append(b, dcid, dlen);
	l = (guint8)slen;
	g_byte_array_append(b, &l, 1);
	g_byte_array_append(b, scid, slen);
	if (type == 0)
		g_byte_array_append(b, (const guint8 *)"\0", 1); /* no token */
	guint8 len[2] = { 0x40, 34 }; /* packet number and payload */
	g_byte_array_append(b, len, 2);
	for (guint i = 0; i < 34; i++) {
		guint8 x = (guint8)(0x3c ^ (i * 11));
		g_byte_array_append(b, &x, 1);
	}
	udp_way(o, from_client, 50443, 443, b->data, b->len, t, "QUIC long header");
	g_byte_array_free(b, TRUE);
}

/* A short-header packet: DCID (LEN bytes) and 24 bytes of protected payload. */
static void quic_short(PfOut *o, gboolean from_client, const guint8 *dcid, guint dlen, guint64 t)
{
	guint8 b[64] = { 0x45 };
	memcpy(b + 1, dcid, dlen);
	for (guint i = 0; i < 24; i++)
		b[1 + dlen + i] = (guint8)(0x5a ^ (i * 7));
	udp_way(o, from_client, 50443, 443, b, 1 + dlen + 24, t, "QUIC 1-RTT");
}

/* A connection whose client chose no connection id and the server eight
 * bytes: the client's short headers carry the server's id. */
static void mk_quic(PfOut *o)
{
	static const guint8 first_cid[8] = { 0x84, 0xac, 0xac, 0x06, 0xb4, 0x2e, 0xd8, 0x63 };
	static const guint8 server_cid[8] = { 0x51, 0xd1, 0xe4, 0x4d, 0xc5, 0x7a, 0x57, 0x9e };
	quic_long(o, TRUE, 0, first_cid, 8, NULL, 0, SEC(10));
	quic_long(o, FALSE, 0, NULL, 0, server_cid, 8, SEC(10) + MS(1));
	quic_long(o, FALSE, 2, NULL, 0, server_cid, 8, SEC(10) + MS(2));
	quic_long(o, TRUE, 2, server_cid, 8, NULL, 0, SEC(10) + MS(3));
	quic_short(o, FALSE, NULL, 0, SEC(10) + MS(4));
	quic_short(o, TRUE, server_cid, 8, SEC(10) + MS(5));
}

/* ------------------------------------------------------------------ X11 */

/* An X11 client (TCP 40600 -> 6000, display :0): the connection setup,
 * a NoOperation request, then a request whose length and BIG-REQUESTS
 * length are both 0. */
static void mk_x11(PfOut *o)
{
	static const guint8 setup[12] = { 'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const guint8 noop[4] = { 127, 0, 1, 0 };
	static const guint8 bogus[8] = { 127, 0, 0, 0, 0, 0, 0, 0 };
	PfConn c;
	tcp_open(o, &c, 5, 40600, 6000, SEC(11));
	pf_data(o, &c, TRUE, setup, sizeof setup, SEC(11) + MS(10), "X11 connection setup");
	pf_data(o, &c, TRUE, noop, sizeof noop, SEC(11) + MS(20), "X11 NoOperation");
	pf_data(o, &c, TRUE, bogus, sizeof bogus, SEC(11) + MS(30), "X11 request of length 0");
}

/* ---------------------------------------------------------------- MPTCP */

/* One TCP segment with the option bytes OPTS (a multiple of 4) and LEN
 * bytes of DATA. */
static void tcp_raw(PfOut *o, gboolean from_client, guint32 seq, guint32 ack, guint8 flags, const guint8 *opts,
		    guint optlen, const void *data, guint len, guint64 t, const char *note)
{
	const Host *s = from_client ? &CLIENT : &SERVER, *d = from_client ? &SERVER : &CLIENT;
	PgIPv4 ip = { 0 };
	ip.src = s->ip;
	ip.dst = d->ip;
	ip.ttl = 64;
	ip.id = ipid++;
	PgTcp tcp = { from_client ? 40700 : 10004, from_client ? 10004 : 40700, seq, ack, flags, 64240, 0, opts, optlen };
	pg_frame_reset(o->f);
	pg_push_eth(o->f, d->mac, s->mac);
	pg_push_ipv4(o->f, &ip);
	pg_push_tcp(o->f, &tcp);
	if (len)
		pg_push_data(o->f, data, len);
	pf_emit(o, t, note);
}

/* A Multipath TCP connection (TCP 40700 -> 10004): MP_CAPABLE in the
 * handshake, then a data segment and its ACK carrying DSS options. */
static void mk_mptcp(PfOut *o)
{
	static const guint8 capable_syn[4] = { 30, 4, 0x01, 0x81 };
	static const guint8 capable_synack[12] = { 30, 12, 0x01, 0x81, 1, 2, 3, 4, 5, 6, 7, 8 };
	static const guint8 capable_ack[20] = { 30, 20, 0x01, 0x81, 8, 7, 6, 5, 4, 3, 2, 1, 1, 2, 3, 4, 5, 6, 7, 8 };
	static const guint8 dss_ack[8] = { 30, 8, 0x20, 0x01, 0, 0, 0, 1 };
	guint64 t = SEC(12);
	tcp_raw(o, TRUE, 100, 0, PG_TH_SYN, capable_syn, 4, NULL, 0, t, "MPTCP SYN");
	tcp_raw(o, FALSE, 900, 101, PG_TH_SYN | PG_TH_ACK, capable_synack, 12, NULL, 0, t + MS(1), "MPTCP SYN-ACK");
	tcp_raw(o, TRUE, 101, 901, PG_TH_ACK, capable_ack, 20, NULL, 0, t + MS(2), "MPTCP ACK");
	tcp_raw(o, TRUE, 101, 901, PG_TH_ACK | PG_TH_PSH, dss_ack, 8, "hello", 5, t + MS(3), "MPTCP data");
	tcp_raw(o, FALSE, 901, 106, PG_TH_ACK, dss_ack, 8, NULL, 0, t + MS(4), "MPTCP ACK of the data");
}

/* ----------------------------------------------------------------- XMPP */

/* An XMPP client (TCP 40522 -> 5222) pinging its server with an iq that
 * carries an attribute iq does not define, and the answer. */
static void mk_xmpp(PfOut *o)
{
	static const char *const script[] = {
		"C<iq type='get' id='p1' to='example.test' chid='7'><ping xmlns='urn:xmpp:ping'/></iq>",
		"S<iq type='result' id='p1' from='example.test'/>",
		NULL,
	};
	PfConn c;
	tcp_open(o, &c, 6, 40522, 5222, SEC(13));
	converse(o, &c, script, SEC(13) + MS(10));
}

static void mk_all(PfOut *o)
{
	mk_afs(o);
	mk_smtp(o);
	mk_ftp(o);
	mk_rdpudp(o);
	mk_wireguard(o);
	mk_ssh(o);
	mk_stun(o);
	mk_quic(o);
	mk_x11(o);
	mk_mptcp(o);
	mk_xmpp(o);
}

int main(int argc, char **argv)
{
	return pf_main(argc, argv, "sessions.pcap", PG_LINKTYPE_ETHERNET, mk_all);
}
