/* mkreasm.c — writes samples/gen/tcp-reasm.pcap: application messages that
 * TCP puts together from several segments, and what the segments around
 * them show (samples/gen/ANSWERS.md lists what Wireshark shows).
 *
 *     mkreasm [-v] [DIR]            (DIR defaults to samples/gen)
 *
 * Ethernet, IPv4, pcap µs, every checksum correct.  The client is 10.0.0.4,
 * the servers 192.0.2.10 (HTTP) and 10.0.0.5 (Kerberos).
 *   1 s   TCP 40010 -> 80: a POST whose body ends in a second segment,
 *         answered in one; then a one-byte keep-alive of the client (the
 *         last byte of the POST again, as a zero), one of the server (the
 *         last byte of its answer again)
 *   2 s   TCP 40011 -> 80: a GET whose request line (1100 bytes) is whole
 *         in its first segment, its headers ending in the second
 *   3 s   TCP 40012 -> 88: a Kerberos KRB-ERROR over TCP in two segments
 *   4 s   TCP 40013 -> 80: the server's ACK numbered past an answer not
 *         seen yet, then that answer (bytes sent before, not shown), then
 *         a second request and its answer, in order
 *   5 s   TCP 40014 -> 80: an answer in four segments, the second coming
 *         after the third (out of order): the answer completes in the fourth
 */
#include <glib.h>
#include <string.h>

#include "tests/tools/lib/pgflow.h"
#include "tests/tools/lib/pktgen.h"

#define SEC(x) ((guint64)(x) * PG_NS_PER_SEC)
#define US(x) ((guint64)(x) * 1000)
#define RTT US(20000)

static const guint8 MAC_SERVER[6] = { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x05 };

static void putstr(GByteArray *b, const char *s)
{
	g_byte_array_append(b, (const guint8 *)s, (guint)strlen(s));
}

/* Opens connection number N (ISNs 1000000000 + N * 100000000 and
 * 2000000000 + N * 100000000) at T; returns the time of the handshake ACK. */
static guint64 open_conn(PfOut *o, PfConn *c, const PgLink *l, guint n, guint16 cport, guint32 srv,
			 guint16 sport, guint64 t)
{
	pf_conn_init(c, l, cport, sport, 1000000000u + n * 100000000u, 2000000000u + n * 100000000u);
	pf_conn_v4(c, PF_CLIENT, srv);
	pf_syn(o, c, t, "SYN");
	pf_synack(o, c, t + RTT, "SYN-ACK");
	pf_ack(o, c, TRUE, t + RTT + US(50), "ACK (handshake)");
	return t + RTT + US(50);
}

/* Sends B in two segments, the first FIRST bytes long, 100 µs apart
 * (PSH on the second); returns the time of the second. */
static guint64 send_two(PfOut *o, PfConn *c, gboolean from_client, const GByteArray *b, guint first,
			guint64 t, const char *note)
{
	guint32 *nxt = from_client ? &c->cnxt : &c->snxt;
	pf_seg(o, c, from_client, PG_TH_ACK, *nxt, from_client ? c->snxt : c->cnxt, b->data, first, NULL, t,
	       note);
	*nxt += first;
	t += US(100);
	pf_seg(o, c, from_client, PG_TH_ACK | PG_TH_PSH, *nxt, from_client ? c->snxt : c->cnxt, b->data + first,
	       b->len - first, NULL, t, note);
	*nxt += b->len - first;
	return t;
}

/* A POST over two segments, its answer, then a keep-alive each way: the
 * client's repeats (as a zero) the last byte of the POST, which TCP put
 * together from both segments; the server's the last byte of an answer
 * that was whole in one segment. */
static void mk_post(PfOut *o, const PgLink *l)
{
	PfConn c;
	guint64 t = open_conn(o, &c, l, 0, 40010, PF_SERVER_A, 80, SEC(1));
	g_autoptr(GByteArray) b = g_byte_array_new();
	putstr(b, "POST /form HTTP/1.1\r\nHost: example.test\r\nUser-Agent: mkreasm\r\n"
	       "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\n");
	for (guint i = 0; i < 2000 / 8; i++)
		putstr(b, "field=ab");
	t = send_two(o, &c, TRUE, b, 1400, t + US(100), "POST /form");
	pf_ack(o, &c, FALSE, t + RTT, "ACK");
	const char *ok = "HTTP/1.1 200 OK\r\nServer: mkreasm\r\nContent-Length: 2\r\n\r\nok";
	pf_data(o, &c, FALSE, ok, (guint)strlen(ok), t + RTT + US(100), "200 OK");
	t += RTT + US(100);
	pf_ack(o, &c, TRUE, t + US(50), "ACK");
	t += SEC(1) / 2;
	static const guint8 zero = 0;
	pf_seg(o, &c, TRUE, PG_TH_ACK, c.cnxt - 1, c.snxt, &zero, 1, NULL, t, "keep-alive (client)");
	pf_ack(o, &c, FALSE, t + RTT, "keep-alive ACK");
	t += SEC(1) / 4;
	pf_seg(o, &c, FALSE, PG_TH_ACK, c.snxt - 1, c.cnxt, "k", 1, NULL, t, "keep-alive (server)");
	pf_ack(o, &c, TRUE, t + RTT, "keep-alive ACK");
	pf_close_by_client(o, &c, t + RTT + US(100), RTT, US(50));
}

/* A GET whose request line (1100 bytes) is whole in its first segment. */
static void mk_long_get(PfOut *o, const PgLink *l)
{
	PfConn c;
	guint64 t = open_conn(o, &c, l, 1, 40011, PF_SERVER_A, 80, SEC(2));
	g_autoptr(GByteArray) b = g_byte_array_new();
	putstr(b, "GET /search?q=");
	while (b->len < 1100 - 9)
		putstr(b, "w");
	putstr(b, " HTTP/1.1\r\nHost: example.test\r\nUser-Agent: mkreasm\r\nAccept: */*\r\n");
	while (b->len < 1600)
		putstr(b, "X-Padding: 0123456789abcdef0123456789abcdef\r\n");
	putstr(b, "\r\n");
	t = send_two(o, &c, TRUE, b, 1200, t + US(100), "GET /search");
	const char *nc = "HTTP/1.1 204 No Content\r\nServer: mkreasm\r\n\r\n";
	pf_data(o, &c, FALSE, nc, (guint)strlen(nc), t + RTT, "204 No Content");
	t += RTT;
	pf_close_by_client(o, &c, t + US(100), RTT, US(50));
}

/* A DER element: TAG, the length of CONTENT, CONTENT. */
static void der(GByteArray *out, guint8 tag, const GByteArray *content)
{
	guint8 h[4] = { tag };
	guint n = 1;
	if (content->len < 0x80) {
		h[n++] = (guint8)content->len;
	} else {
		h[n++] = 0x82;
		h[n++] = (guint8)(content->len >> 8);
		h[n++] = (guint8)content->len;
	}
	g_byte_array_append(out, h, n);
	g_byte_array_append(out, content->data, content->len);
}

/* DER element TAG holding the raw bytes S (N of them). */
static void der_raw(GByteArray *out, guint8 tag, const void *s, guint n)
{
	g_autoptr(GByteArray) c = g_byte_array_new();
	g_byte_array_append(c, s, n);
	der(out, tag, c);
}

/* A context tag [N] around one element, made by adding to a fresh array. */
static void der_ctx(GByteArray *out, guint n, const GByteArray *inner)
{
	der(out, (guint8)(0xa0 + n), inner);
}

static void der_int(GByteArray *out, guint n, guint8 v)
{
	g_autoptr(GByteArray) i = g_byte_array_new();
	der_raw(i, 0x02, &v, 1);
	der_ctx(out, n, i);
}

static void der_str(GByteArray *out, guint n, guint8 tag, const char *s, guint len)
{
	g_autoptr(GByteArray) i = g_byte_array_new();
	der_raw(i, tag, s, len);
	der_ctx(out, n, i);
}

/* KRB-ERROR (RFC 4120 5.9.1) KDC_ERR_C_PRINCIPAL_UNKNOWN with an e-text of
 * 2000 bytes, behind the 4-byte length of Kerberos over TCP. */
static GByteArray *krb_error(void)
{
	g_autoptr(GByteArray) seq = g_byte_array_new();
	der_int(seq, 0, 5);  /* pvno */
	der_int(seq, 1, 30); /* msg-type: KRB_ERROR */
	der_str(seq, 4, 0x18, "20231114221323Z", 15);
	der_int(seq, 5, 0);  /* susec */
	der_int(seq, 6, 6);  /* error-code: KDC_ERR_C_PRINCIPAL_UNKNOWN */
	der_str(seq, 9, 0x1b, "EXAMPLE.TEST", 12);
	g_autoptr(GByteArray) names = g_byte_array_new();
	der_raw(names, 0x1b, "krbtgt", 6);
	der_raw(names, 0x1b, "EXAMPLE.TEST", 12);
	g_autoptr(GByteArray) pn = g_byte_array_new();
	der_int(pn, 0, 2); /* name-type: NT-SRV-INST */
	g_autoptr(GByteArray) nseq = g_byte_array_new();
	der(nseq, 0x30, names);
	der_ctx(pn, 1, nseq);
	g_autoptr(GByteArray) sname = g_byte_array_new();
	der(sname, 0x30, pn);
	der_ctx(seq, 10, sname);
	g_autofree char *text = g_strnfill(2000, 't');
	der_str(seq, 11, 0x1b, text, 2000);
	g_autoptr(GByteArray) body = g_byte_array_new();
	der(body, 0x30, seq);
	GByteArray *msg = g_byte_array_new();
	guint8 len[4] = { 0, 0, 0, 0 };
	g_byte_array_append(msg, len, 4);
	der(msg, 0x7e, body); /* [APPLICATION 30] */
	guint32 n = msg->len - 4;
	msg->data[2] = (guint8)(n >> 8);
	msg->data[3] = (guint8)n;
	return msg;
}

/* A KRB-ERROR over TCP in two segments. */
static void mk_kerberos(PfOut *o, const PgLink *l)
{
	PfConn c;
	guint64 t = open_conn(o, &c, l, 2, 40012, PF_SERVER_LAN, 88, SEC(3));
	g_autoptr(GByteArray) b = krb_error();
	t = send_two(o, &c, FALSE, b, 1400, t + US(100), "KRB-ERROR");
	pf_ack(o, &c, TRUE, t + US(50), "ACK");
	pf_close_by_client(o, &c, t + US(150), RTT, US(50));
}

/* Opens connection N from port CPORT to 192.0.2.10:80 at T and sends
 * "GET PATH"; returns the time the answer is due. */
static guint64 open_get(PfOut *o, PfConn *c, const PgLink *l, guint n, guint16 cport, const char *path, guint64 t)
{
	t = open_conn(o, c, l, n, cport, PF_SERVER_A, 80, t);
	g_autofree char *get = g_strdup_printf("GET %s HTTP/1.1\r\nHost: example.test\r\n\r\n", path);
	pf_data(o, c, TRUE, get, (guint)strlen(get), t + US(100), "GET");
	return t + US(100) + RTT;
}

/* An ACK of the server numbered past its answer, before the answer: the
 * answer then comes behind the bytes the server sent (out of order). */
static void mk_behind(PfOut *o, const PgLink *l)
{
	PfConn c;
	guint64 t = open_get(o, &c, l, 3, 40013, "/a", SEC(4));
	const char *ok = "HTTP/1.1 200 OK\r\nServer: mkreasm\r\nContent-Length: 2\r\n\r\nok";
	guint n = (guint)strlen(ok);
	pf_seg(o, &c, FALSE, PG_TH_ACK, c.snxt + n, c.cnxt, NULL, 0, NULL, t, "ACK past the answer");
	pf_seg(o, &c, FALSE, PG_TH_ACK | PG_TH_PSH, c.snxt, c.cnxt, ok, n, NULL, t + US(100), "the answer, behind");
	c.snxt += n;
	t += US(200);
	pf_ack(o, &c, TRUE, t, "ACK");
	const char *get2 = "GET /b HTTP/1.1\r\nHost: example.test\r\n\r\n";
	pf_data(o, &c, TRUE, get2, (guint)strlen(get2), t + US(100), "GET /b");
	pf_data(o, &c, FALSE, ok, n, t + US(100) + RTT, "200 OK");
	t += US(100) + RTT;
	pf_close_by_client(o, &c, t + US(100), RTT, US(50));
}

/* An answer in four segments of which the second comes after the third. */
static void mk_hole(PfOut *o, const PgLink *l)
{
	PfConn c;
	guint64 t = open_get(o, &c, l, 4, 40014, "/c", SEC(5));
	g_autoptr(GByteArray) b = g_byte_array_new();
	putstr(b, "HTTP/1.1 200 OK\r\nServer: mkreasm\r\nContent-Type: text/plain\r\nContent-Length: 3000\r\n\r\n");
	guint head = b->len;
	for (guint i = 0; i < 3000 / 12; i++)
		putstr(b, "a line: 012\n");
	const guint cut[] = { 0, 1000, 2000, 3000, head + 3000 };
	static const guint order[] = { 0, 2, 1, 3 };
	for (guint i = 0; i < 4; i++) {
		guint k = order[i];
		pf_seg(o, &c, FALSE, PG_TH_ACK | (k == 3 ? PG_TH_PSH : 0), c.snxt + cut[k], c.cnxt, b->data + cut[k],
		       cut[k + 1] - cut[k], NULL, t + US(100) * i, k == 1 ? "the second part, late" : "a part");
	}
	c.snxt += b->len;
	t += US(400);
	pf_ack(o, &c, TRUE, t, "ACK");
	pf_close_by_client(o, &c, t + US(100), RTT, US(50));
}

static void mk_reasm(PfOut *o)
{
	PgLink wan = pf_eth_link(PF_MAC_ROUTER);
	PgLink lan = pf_eth_link(MAC_SERVER);
	mk_post(o, &wan);
	mk_long_get(o, &wan);
	mk_kerberos(o, &lan);
	mk_behind(o, &wan);
	mk_hole(o, &wan);
}

int main(int argc, char **argv)
{
	return pf_main(argc, argv, "tcp-reasm.pcap", PG_LINKTYPE_ETHERNET, mk_reasm);
}
