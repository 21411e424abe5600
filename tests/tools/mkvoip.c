/* mkvoip.c — writes samples/gen/voip.pcap: a SIP call whose SDP bodies set
 * up RTP and RTCP, SIP on other ports, keep-alives, and two TFTP transfers;
 * the golden sample of SIP, RTP, RTCP and TFTP (samples/gen/ANSWERS.md).
 *
 *     mkvoip [-v] [DIR]           (DIR defaults to samples/gen)
 *
 * Ethernet, IPv4, pcap µs; every checksum is correct.  The phone is
 * 10.0.0.4, the proxy 10.0.0.5, the far media gateway 203.0.113.9.
 */
#include <glib.h>
#include <string.h>

#include "tests/tools/lib/pgflow.h"
#include "tests/tools/lib/pktgen.h"

#define SEC(x) ((guint64)(x) * PG_NS_PER_SEC)
#define MS(x) ((guint64)(x) * 1000000)

typedef PfHost Host;

static const Host PHONE = { PG_IP4(10, 0, 0, 4), { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x04 } };
static const Host PROXY = { PG_IP4(10, 0, 0, 5), { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x05 } };
static const Host GATEWAY = { PG_IP4(203, 0, 113, 9), { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x01 } };
static const Host BOOT = { PG_IP4(10, 0, 0, 7), { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x07 } };

static guint16 ipid = 0x6000;

static void udp(PfOut *o, const Host *s, const Host *d, guint16 sport, guint16 dport, const void *b, gsize n,
		guint64 t, const char *note)
{
	pf_udp(o, s, d, (s->ip >> 24) == 10 ? 64 : 56, ipid++, sport, dport, b, n, t, note);
}

static void udp_str(PfOut *o, const Host *s, const Host *d, guint16 sport, guint16 dport, const char *text,
		    guint64 t, const char *note)
{
	udp(o, s, d, sport, dport, text, strlen(text), t, note);
}

/* A SIP message: start line, header lines, then BODY (may be NULL) with its
 * Content-Type and Content-Length. */
static char *sip_msg(const char *start, const char *headers, const char *body)
{
	if (!body)
		return g_strdup_printf("%s\r\n%sContent-Length: 0\r\n\r\n", start, headers);
	return g_strdup_printf("%s\r\n%sContent-Type: application/sdp\r\nContent-Length: %zu\r\n\r\n%s", start,
			       headers, strlen(body), body);
}

#define CALL "Call-ID: 7f3a9c@10.0.0.4\r\nFrom: <sip:alice@example.test>;tag=a1\r\n"

/* An RTP packet: payload type PT (| 0x80 for the marker), sequence SEQ,
 * timestamp TS, SSRC, 20 bytes of payload. */
static void rtp(PfOut *o, const Host *s, const Host *d, guint16 sp, guint16 dp, guint8 pt, guint16 seq,
		guint32 ts, guint32 ssrc, guint64 t)
{
	guint8 b[32] = { 0x80, pt, (guint8)(seq >> 8), (guint8)seq, (guint8)(ts >> 24), (guint8)(ts >> 16),
			 (guint8)(ts >> 8), (guint8)ts, (guint8)(ssrc >> 24), (guint8)(ssrc >> 16),
			 (guint8)(ssrc >> 8), (guint8)ssrc };
	memset(b + 12, 0xd5, 20);
	udp(o, s, d, sp, dp, b, sizeof b, t, "RTP");
}

static void mk_sip(PfOut *o)
{
	/* the media port used before any call announced it: plain data */
	rtp(o, &PHONE, &GATEWAY, 4000, 30000, 0, 1, 0, 0x11223344, SEC(1));
	g_autofree char *reg = sip_msg("REGISTER sip:example.test SIP/2.0",
				       "Via: SIP/2.0/UDP 10.0.0.4:5060;branch=z9hG4bK1\r\n" CALL
				       "To: <sip:alice@example.test>\r\nCSeq: 1 REGISTER\r\n"
				       "Contact: <sip:alice@10.0.0.4:5060>;expires=3600\r\nMax-Forwards: 70\r\n"
				       "User-Agent: mkvoip\r\n", NULL);
	udp_str(o, &PHONE, &PROXY, 5060, 5060, reg, SEC(2), "SIP REGISTER");
	g_autofree char *ok = sip_msg("SIP/2.0 200 OK", "Via: SIP/2.0/UDP 10.0.0.4:5060;branch=z9hG4bK1\r\n" CALL
				      "To: <sip:alice@example.test>;tag=p1\r\nCSeq: 1 REGISTER\r\nExpires: 3600\r\n",
				      NULL);
	udp_str(o, &PROXY, &PHONE, 5060, 5060, ok, SEC(2) + MS(20), "SIP 200 OK");
	udp_str(o, &PHONE, &PROXY, 5060, 5060, "\r\n\r\n", SEC(3), "keep-alive: data");

	static const char offer[] = "v=0\r\no=alice 1 1 IN IP4 10.0.0.4\r\ns=call\r\nc=IN IP4 10.0.0.4\r\nt=0 0\r\n"
				    "m=audio 4000 RTP/AVP 0 8\r\n"
				    "m=video 0 RTP/AVP 31\r\n";
	g_autofree char *inv = sip_msg("INVITE sip:bob@example.test SIP/2.0",
				       "Via: SIP/2.0/UDP 10.0.0.4:5060;branch=z9hG4bK2\r\n" CALL
				       "To: <sip:bob@example.test>\r\nCSeq: 2 INVITE\r\n", offer);
	udp_str(o, &PHONE, &PROXY, 5060, 5060, inv, SEC(4), "SIP INVITE with SDP offer");
	g_autofree char *trying = sip_msg("SIP/2.0 100 Trying", "Via: SIP/2.0/UDP 10.0.0.4:5060;branch=z9hG4bK2\r\n" CALL
					  "To: <sip:bob@example.test>\r\nCSeq: 2 INVITE\r\n", NULL);
	udp_str(o, &PROXY, &PHONE, 5060, 5060, trying, SEC(4) + MS(10), "SIP 100 Trying");
	/* the answer's connection line is the media's own */
	static const char answer[] = "v=0\r\no=bob 2 2 IN IP4 10.0.0.5\r\ns=call\r\nt=0 0\r\n"
				     "m=audio 30000 RTP/AVP 0\r\nc=IN IP4 203.0.113.9\r\n";
	g_autofree char *ok2 = sip_msg("SIP/2.0 200 OK", "Via: SIP/2.0/UDP 10.0.0.4:5060;branch=z9hG4bK2\r\n" CALL
				       "To: <sip:bob@example.test>;tag=b1\r\nCSeq: 2 INVITE\r\n", answer);
	udp_str(o, &PROXY, &PHONE, 5060, 5060, ok2, SEC(5), "SIP 200 OK with SDP answer");
	g_autofree char *ack = sip_msg("ACK sip:bob@example.test SIP/2.0",
				       "Via: SIP/2.0/UDP 10.0.0.4:5060;branch=z9hG4bK3\r\n" CALL
				       "To: <sip:bob@example.test>;tag=b1\r\nCSeq: 2 ACK\r\n", NULL);
	udp_str(o, &PHONE, &PROXY, 5060, 5060, ack, SEC(5) + MS(10), "SIP ACK");

	for (guint i = 0; i < 3; i++) {
		guint64 t = SEC(6) + MS(20) * i;
		rtp(o, &PHONE, &GATEWAY, 4000, 30000, i ? 0 : 0x80, (guint16)(100 + i), 160 * i, 0x0badcafe, t);
		rtp(o, &GATEWAY, &PHONE, 30000, 4000, 0, (guint16)(7000 + i), 8000 + 160 * i, 0x5eed5eed, t + MS(5));
	}
	rtp(o, &PHONE, &GATEWAY, 4000, 30000, 8, 103, 480, 0x0badcafe, SEC(6) + MS(60));
	/* a compound RTCP packet: sender report, source description, goodbye */
	static const guint8 rtcp[] = {
		0x80, 0xc8, 0x00, 0x06, 0x0b, 0xad, 0xca, 0xfe, 0xe9, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x01, 0xe0, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x80,
		0x81, 0xca, 0x00, 0x04, 0x0b, 0xad, 0xca, 0xfe, 0x01, 0x08, 'a', 'l', 'i', 'c', 'e', '@', 'p', 'h',
		0x00, 0x00,
		0x81, 0xcb, 0x00, 0x01, 0x0b, 0xad, 0xca, 0xfe,
	};
	udp(o, &PHONE, &GATEWAY, 4001, 30001, rtcp, sizeof rtcp, SEC(7), "RTCP SR SDES BYE");
	g_autofree char *bye = sip_msg("BYE sip:bob@example.test SIP/2.0",
				       "Via: SIP/2.0/UDP 10.0.0.4:5060;branch=z9hG4bK4\r\n" CALL
				       "To: <sip:bob@example.test>;tag=b1\r\nCSeq: 3 BYE\r\n", NULL);
	udp_str(o, &PHONE, &PROXY, 5060, 5060, bye, SEC(8), "SIP BYE");
	/* SIP known by its first line on other ports; a method SIP does not name */
	g_autofree char *opt = sip_msg("OPTIONS sip:10.0.0.5:5070 SIP/2.0",
				       "Via: SIP/2.0/UDP 10.0.0.4:5080;branch=z9hG4bK5\r\n" CALL
				       "To: <sip:10.0.0.5>\r\nCSeq: 4 OPTIONS\r\n", NULL);
	udp_str(o, &PHONE, &PROXY, 5080, 5070, opt, SEC(9), "SIP OPTIONS on 5070");
	g_autofree char *odd = sip_msg("FROB sip:bob@example.test SIP/2.0", "CSeq: 5 FROB\r\n", NULL);
	udp_str(o, &PHONE, &PROXY, 5060, 5060, odd, SEC(9) + MS(10), "SIP unknown method");
	/* the header cut off at the end of the datagram: malformed */
	udp_str(o, &PROXY, &PHONE, 5060, 5060, "SIP/2.0 486 Busy Here\r\nCSeq: 5 FROB\r\nVia: SIP/2.0/UDP 10.0",
		SEC(9) + MS(20), "SIP header cut");
}

/* A TFTP message: opcode, then the strings of STRS (NUL-terminated each),
 * or a block number and N bytes of data. */
static void tftp_strs(PfOut *o, const Host *s, const Host *d, guint16 sp, guint16 dp, guint16 op,
		      const char *const *strs, guint64 t, const char *note)
{
	g_autoptr(GByteArray) b = g_byte_array_new();
	guint8 h[2] = { (guint8)(op >> 8), (guint8)op };
	g_byte_array_append(b, h, 2);
	for (guint i = 0; strs[i]; i++)
		g_byte_array_append(b, (const guint8 *)strs[i], (guint)strlen(strs[i]) + 1);
	udp(o, s, d, sp, dp, b->data, b->len, t, note);
}

static void tftp_block(PfOut *o, const Host *s, const Host *d, guint16 sp, guint16 dp, guint16 op, guint16 block,
		       guint n, guint64 t, const char *note)
{
	guint8 b[4 + 512] = { 0, (guint8)op, (guint8)(block >> 8), (guint8)block };
	for (guint i = 0; i < n && i < 512; i++)
		b[4 + i] = (guint8)('a' + i % 26);
	udp(o, s, d, sp, dp, b, 4 + n, t, note);
}

static void mk_tftp(PfOut *o)
{
	static const char *const rrq[] = { "boot/pxelinux.0", "octet", "blksize", "512", NULL };
	tftp_strs(o, &BOOT, &PROXY, 2070, 69, 1, rrq, SEC(10), "TFTP read request");
	static const char *const oack[] = { "blksize", "512", NULL };
	tftp_strs(o, &PROXY, &BOOT, 3500, 2070, 6, oack, SEC(10) + MS(1), "TFTP option acknowledgement");
	tftp_block(o, &BOOT, &PROXY, 2070, 3500, 4, 0, 0, SEC(10) + MS(2), "TFTP ack 0");
	tftp_block(o, &PROXY, &BOOT, 3500, 2070, 3, 1, 512, SEC(10) + MS(3), "TFTP data 1");
	tftp_block(o, &BOOT, &PROXY, 2070, 3500, 4, 1, 0, SEC(10) + MS(4), "TFTP ack 1");
	tftp_block(o, &PROXY, &BOOT, 3500, 2070, 3, 2, 100, SEC(10) + MS(5), "TFTP data 2 (last)");
	tftp_block(o, &BOOT, &PROXY, 2070, 3500, 4, 2, 0, SEC(10) + MS(6), "TFTP ack 2");
	/* another host on the server's transfer port is not part of it */
	tftp_block(o, &PHONE, &PROXY, 2070, 3500, 4, 2, 0, SEC(10) + MS(7), "not TFTP: data");
	static const char *const wrq[] = { "upload.cfg", "netascii", NULL };
	tftp_strs(o, &BOOT, &PROXY, 2071, 69, 2, wrq, SEC(11), "TFTP write request");
	guint8 err[] = { 0, 5, 0, 2, 'a', 'c', 'c', 'e', 's', 's', ' ', 'd', 'e', 'n', 'i', 'e', 'd', 0 };
	udp(o, &PROXY, &BOOT, 3501, 2071, err, sizeof err, SEC(11) + MS(1), "TFTP error");
}

static void mk_all(PfOut *o)
{
	mk_sip(o);
	mk_tftp(o);
}

int main(int argc, char **argv)
{
	return pf_main(argc, argv, "voip.pcap", PG_LINKTYPE_ETHERNET, mk_all);
}
