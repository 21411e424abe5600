/* Unit tests of SDP and RTSP: session descriptions in SIP datagrams and in
 * RTSP replies, RTSP connections built segment by segment (messages split
 * over segments and several in one, interleaved data) and the RTP and RTCP
 * a SETUP's reply sets up.  Expected texts are those tshark 4.0 shows for
 * the same bytes. */
#include <glib.h>
#include <string.h>

#include "analyzer/filter/filter.h"
#include "frame_build.h"
#include "tcp_conn_test.h"
#include "udp_frame.h"

/* ---- SDP in SIP ------------------------------------------------------------ */

/* FRAME: a SIP INVITE (or START line) over UDP 5060 whose body of media
 * type CTYPE is SDP's text BODY. */
static void sip_sdp(const char *start, const char *ctype, const char *body)
{
	g_autofree char *msg = g_strdup_printf("%s\r\nCSeq: 1 INVITE\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n%s",
					       start, ctype, strlen(body), body);
	build_udp(&frame, 5060, 5060, msg, (uint32_t)strlen(msg));
}

#define INVITE "INVITE sip:bob@example.test SIP/2.0"

static void test_sdp_in_sip(void)
{
	/* two media, the second with its own connection line */
	sip_sdp(INVITE, "application/sdp",
		"v=0\r\no=alice 2890844526 2890844527 IN IP4 10.0.0.9\r\ns=Talk\r\nc=IN IP4 10.0.0.4\r\nt=0 0\r\n"
		"m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\nm=video 41000/2 RTP/AVP 31\r\n"
		"c=IN IP4 10.0.0.7/127\r\n");
	g_assert_cmpstr(cols(), ==, "SIP/SDP|Request: INVITE sip:bob@example.test | ");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:sip:sdp");
	g_assert_true(keeps("sdp.owner.username == \"alice\" && sdp.owner.sessionid == \"2890844526\""));
	g_assert_true(keeps("sdp.owner.address == \"10.0.0.9\" && sdp.session_name == \"Talk\""));
	g_assert_true(keeps("sdp.connection_info.address == \"10.0.0.7\" && sdp.connection_info.ttl == \"127\""));
	g_assert_true(keeps("sdp.media.port == 41000 && sdp.media.portcount == \"2\" && sdp.media.media == \"video\""));
	g_assert_true(keeps("sdp.media == \"audio 4000 RTP/AVP 0 8 101\" && sdp.media.proto == \"RTP/AVP\""));
	g_assert_true(keeps("sdp.media_attr == \"rtpmap:0 PCMU/8000\" && sdp.media_attribute.field == \"rtpmap\""));
	g_assert_true(keeps("sdp.time.start == \"0\" && sdp.version == \"0\""));
	g_assert_false(keeps("sdp.media.port == 4001"));
	g_assert_false(keeps("sdp.session_attr"));
	/* the media type in any case, with parameters; a 200 OK */
	sip_sdp("SIP/2.0 200 OK", "Application/SDP; charset=x", "v=0\r\nm=audio 4000 RTP/AVP 0\r\n");
	g_assert_cmpstr(cols(), ==, "SIP/SDP|Status: 200 OK (INVITE) | ");
	/* the header's compact form, no Content-Length: the body runs to the end */
	udp_hex(5060, 5060, "5349502f322e3020323030204f4b0d0a435365713a2031204259450d0a633a206170706c69636174696f6e2f"
			    "7364700d0a0d0a763d300d0a");
	g_assert_cmpstr(cols(), ==, "SIP/SDP|Status: 200 OK (BYE) | ");
	g_assert_true(keeps("sdp.version == \"0\""));
	/* IPv6 addresses, lines ended by LF alone, a port past 65535 */
	sip_sdp(INVITE, "application/sdp",
		"v=0\no=- 1 1 IN IP6 2001:db8::1\ns=-\nm=audio 99999 RTP/AVP 0\nc=IN IP6 2001:db8::4\n");
	g_assert_true(keeps("sdp.connection_info.address == \"2001:db8::4\" && sdp.owner.address == \"2001:db8::1\""));
	g_assert_true(keeps("sdp.media.port == 65535 && sdp.connection_info.address_type == \"IP6\""));
	g_assert_cmpstr(experts(), ==, "SDP: Invalid media port");
	/* lines without "=", letters SDP does not name */
	sip_sdp(INVITE, "application/sdp", "v=0\r\nxyz\r\nx=1\r\nk\r\n");
	g_assert_cmpstr(cols(), ==, "SIP/SDP|Request: INVITE sip:bob@example.test | ");
	g_assert_true(keeps("sdp.invalid == \"xyz\" && sdp.unknown == \"x=1\""));
	g_assert_cmpstr(experts(), ==, "SDP: Invalid SDP line (no '=' delimiter)");
	/* a media line without its media type stops the reading: malformed */
	sip_sdp(INVITE, "application/sdp", "v=0\r\nm= 4000 RTP/AVP\r\ns=late\r\n");
	g_assert_cmpstr(cols(), ==, "SIP/SDP|Request: INVITE sip:bob@example.test | [Malformed Packet]");
	g_assert_true(keeps("sdp.media == \" 4000 RTP/AVP\" && _ws.malformed"));
	g_assert_false(keeps("sdp.session_name"));
	g_assert_cmpstr(experts(), ==, "SDP: Malformed Packet (Exception occurred)");
	/* an empty body, and a body of another type: no SDP */
	sip_sdp(INVITE, "application/sdp", "");
	g_assert_cmpstr(cols(), ==, "SIP|Request: INVITE sip:bob@example.test | ");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:sip");
	sip_sdp(INVITE, "application/sdpx", "v=0\r\n");
	g_assert_false(keeps("sdp"));
}

/* An HTTP body of type application/sdp: SDP through the media-type table,
 * a layer of its own below HTTP. */
static void test_sdp_in_http(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 80);
	static const char msg[] = "HTTP/1.1 200 OK\r\nContent-Type: application/sdp\r\nContent-Length: 29\r\n\r\n"
				  "v=0\r\nm=audio 4000 RTP/AVP 0\r\n";
	tcp_conn_send(k, false, (const uint8_t *)msg, sizeof msg - 1, sizeof msg - 1);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:http:sdp");
	g_assert_cmpstr(k->cols, ==, "HTTP/SDP|HTTP/1.1 200 OK ");
	g_assert_true(tcp_conn_keeps(k, "sdp.media.port == 4000"));
	tcp_conn_free(k);
}

/* ---- RTSP ----------------------------------------------------------------- */

#define RTSP_STACK "raw:ip:tcp:rtsp"

static void send_text(struct tcp_conn *k, bool to_server, const char *text, const char *stack, const char *cols)
{
	tcp_conn_send(k, to_server, (const uint8_t *)text, (uint32_t)strlen(text), (uint32_t)strlen(text));
	g_assert_cmpstr(k->stack, ==, stack);
	g_assert_cmpstr(k->cols, ==, cols);
}

static void send_bytes(struct tcp_conn *k, bool to_server, const void *b, size_t n, const char *stack, const char *cols)
{
	tcp_conn_send(k, to_server, b, (uint32_t)n, (uint32_t)n);
	g_assert_cmpstr(k->stack, ==, stack);
	g_assert_cmpstr(k->cols, ==, cols);
}

/* The same for a segment whose message goes on in the next one. */
static void send_part(struct tcp_conn *k, bool to_server, const void *b, size_t n)
{
	tcp_conn_send(k, to_server, b, (uint32_t)n, (uint32_t)n);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	g_assert_true(g_str_has_suffix(k->cols, " [TCP segment of a reassembled PDU]"));
}

/* A UDP datagram from 10.0.0.S:SPORT to 10.0.0.D:DPORT in K's session:
 * its layer stack. */
static const char *udp_in(struct tcp_conn *k, uint8_t s, uint16_t sport, uint8_t d, uint16_t dport,
			  const uint8_t *payload, uint32_t n)
{
	static char stack[256];
	uint8_t buf[256];
	memset(buf, 0, 28);
	buf[0] = 0x45, buf[2] = (uint8_t)((28 + n) >> 8), buf[3] = (uint8_t)(28 + n), buf[8] = 64, buf[9] = 17;
	buf[12] = 10, buf[15] = s, buf[16] = 10, buf[19] = d;
	put16(buf + 20, sport), put16(buf + 22, dport), put16(buf + 24, 8 + n);
	memcpy(buf + 28, payload, n);
	struct frame f = {.number = ++k->number, .caplen = 28 + n, .len = 28 + n, .linktype = LINKTYPE_RAW,
			  .data = buf};
	struct packet p;
	dissect_frame_in(&p, &f, k->s, false);
	return layer_stack(&p, stack, sizeof stack);
}

static const uint8_t rtp[] = {0x80, 0x60, 0, 1, 0, 0, 0, 0x10, 1, 2, 3, 4, 0x65, 0x88};
static const uint8_t rtcp[] = {0x80, 0xc9, 0, 1, 1, 2, 3, 4};

#define RTP_INFO "PT=DynamicRTP-Type-96, SSRC=0x1020304, Seq=1, Time=16"

static void test_rtsp_messages(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 554);
	send_text(k, true, "OPTIONS rtsp://10.0.0.2/media.mp4 RTSP/1.0\r\nCSeq: 1\r\n\r\n", RTSP_STACK,
		  "RTSP|OPTIONS rtsp://10.0.0.2/media.mp4 RTSP/1.0");
	g_assert_true(tcp_conn_keeps(k, "rtsp.method == \"OPTIONS\" && rtsp.url == \"rtsp://10.0.0.2/media.mp4\""));
	g_assert_true(tcp_conn_keeps(k, "rtsp.request == \"OPTIONS rtsp://10.0.0.2/media.mp4 RTSP/1.0\\r\\n\""));
	send_text(k, false, "RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n", RTSP_STACK,
		  "RTSP|Reply: RTSP/1.0 200 OK");
	g_assert_true(tcp_conn_keeps(k, "rtsp.status == 200 && !rtsp.method"));
	/* a DESCRIBE's reply whose SDP body comes in a second segment */
	static const char sdp[] = "v=0\r\no=- 1 1 IN IP4 10.0.0.2\r\ns=Media\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
				  "m=video 0 RTP/AVP 96\r\na=control:trackID=1\r\n";
	g_autofree char *reply = g_strdup_printf("RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\n"
						 "Content-Length: %zu\r\n\r\n%s",
						 strlen(sdp), sdp);
	size_t first = strlen(reply) - strlen(sdp) + 40;
	send_part(k, false, reply, first);
	send_bytes(k, false, reply + first, strlen(reply) - first, "raw:ip:tcp:rtsp:sdp:tcp.segments",
		   "RTSP/SDP|Reply: RTSP/1.0 200 OK");
	g_assert_true(tcp_conn_keeps(k, "rtsp.content-type == \"application/sdp\" && sdp.media.media == \"video\""));
	g_assert_true(tcp_conn_keeps(k, "rtsp.content-length == 107 && sdp.connection_info.address == \"0.0.0.0\""));
	/* a request's body split over two segments */
	static const char get[] = "GET_PARAMETER rtsp://10.0.0.2/ RTSP/1.0\r\nCSeq: 6\r\nContent-Length: 5\r\n\r\nhel";
	send_part(k, true, get, strlen(get));
	send_text(k, true, "lo", "raw:ip:tcp:rtsp:tcp.segments", "RTSP|GET_PARAMETER rtsp://10.0.0.2/ RTSP/1.0");
	/* two requests in one segment; then text that starts none */
	send_text(k, true, "TEARDOWN rtsp://10.0.0.2/ RTSP/1.0\r\nCSeq: 7\r\n\r\nplay rtsp://x/ RTSP/1.0\r\n\r\n",
		  "raw:ip:tcp:rtsp:rtsp", "RTSP|TEARDOWN rtsp://10.0.0.2/ RTSP/1.0, play rtsp://x/ RTSP/1.0");
	g_assert_true(tcp_conn_keeps(k, "rtsp.method == \"PLAY\""));
	send_text(k, false, "hello there\r\n", RTSP_STACK, "RTSP|Continuation");
	tcp_conn_free(k);
	/* Wi-Fi Display's port */
	k = tcp_conn_new(40000, 7236);
	send_text(k, true, "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n", RTSP_STACK, "RTSP|OPTIONS * RTSP/1.0");
	send_text(k, true, "FOO rtsp://x RTSP/1.0\r\n\r\n", RTSP_STACK, "RTSP|Continuation");
	tcp_conn_free(k);
}

/* The RTP and RTCP a SETUP's reply sets up: over UDP at the client's ports
 * (from any port), or on channels of the connection itself. */
static void test_rtsp_media(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 8554);
	g_assert_cmpstr(udp_in(k, 2, 42000, 1, 41000, rtp, sizeof rtp), ==, "raw:ip:udp:data");
	send_text(k, true, "SETUP rtsp://10.0.0.2/a/trackID=1 RTSP/1.0\r\nCSeq: 3\r\n"
		  "Transport: RTP/AVP;unicast;client_port=41000-41001\r\n\r\n",
		  RTSP_STACK, "RTSP|SETUP rtsp://10.0.0.2/a/trackID=1 RTSP/1.0");
	/* a request sets up nothing */
	g_assert_cmpstr(udp_in(k, 2, 42000, 1, 41000, rtp, sizeof rtp), ==, "raw:ip:udp:data");
	send_text(k, false, "RTSP/1.0 200 OK\r\nCSeq: 3\r\nSession: 1234;timeout=60\r\n"
		  "Transport: RTP/AVP;unicast;client_port=41000-41001;server_port=42000-42001\r\n\r\n",
		  RTSP_STACK, "RTSP|Reply: RTSP/1.0 200 OK");
	g_assert_true(tcp_conn_keeps(k, "rtsp.session == \"1234;timeout=60\""));
	g_assert_true(tcp_conn_keeps(k, "rtsp.transport contains \"server_port=42000-42001\""));
	g_assert_cmpstr(udp_in(k, 2, 42000, 1, 41000, rtp, sizeof rtp), ==, "raw:ip:udp:rtp");
	g_assert_cmpstr(udp_in(k, 1, 41001, 2, 42001, rtcp, sizeof rtcp), ==, "raw:ip:udp:rtcp");
	g_assert_cmpstr(udp_in(k, 2, 42002, 1, 41002, rtp, sizeof rtp), ==, "raw:ip:udp:data");
	/* interleaved: before a reply names the channel, then after */
	uint8_t b[64];
	memcpy(b, "$\x00\x00\x0e", 4);
	memcpy(b + 4, rtp, sizeof rtp);
	send_bytes(k, false, b, 4 + sizeof rtp, RTSP_STACK, "TCP|Interleaved channel 0x00, 14 bytes");
	send_text(k, false, "RTSP/1.0 200 OK\r\nCSeq: 5\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n",
		  RTSP_STACK, "RTSP|Reply: RTSP/1.0 200 OK");
	send_bytes(k, false, b, 4 + sizeof rtp, "raw:ip:tcp:rtsp:rtp", "RTP|" RTP_INFO);
	send_part(k, false, b, 10);
	send_bytes(k, false, b + 10, 8, "raw:ip:tcp:rtsp:rtp:tcp.segments", "RTP|" RTP_INFO);
	memcpy(b, "$\x01\x00\x08", 4);
	memcpy(b + 4, rtcp, sizeof rtcp);
	memcpy(b + 12, "$\x02\x00\x03" "abc", 7);
	send_bytes(k, false, b, 19, "raw:ip:tcp:rtsp:rtcp:rtsp",
		   "RTCP|Receiver Report   , Interleaved channel 0x02, 3 bytes");
	g_assert_true(tcp_conn_keeps(k, "rtsp.channel == 0x02 && rtsp.length == 3 && rtsp.magic == 0x24"));
	/* a reply without a length, then an interleaved frame in one segment */
	memcpy(b, "RTSP/1.0 200 OK\r\n\r\n$\x05\x00\x03" "abc", 26);
	send_bytes(k, false, b, 26, "raw:ip:tcp:rtsp:rtsp", "RTSP|Reply: RTSP/1.0 200 OK, Interleaved channel 0x05, 3 bytes");
	tcp_conn_free(k);
}

/* Segments the capture cut: "PAYLOAD" of which CAPLEN bytes were kept, the
 * first segment of a connection; its Protocol and Info. */
static const char *cut_cols(const char *payload, uint32_t len, uint32_t caplen)
{
	static char cols[512];
	struct tcp_conn *k = tcp_conn_new(40000, 554);
	tcp_conn_send(k, false, (const uint8_t *)payload, len, caplen);
	g_strlcpy(cols, k->cols, sizeof cols);
	tcp_conn_free(k);
	return cols;
}

static void test_rtsp_cut(void)
{
	static const char reply[] = "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nabc";
	static const char request[] = "OPTIONS x RTSP/1.0\r\nCSeq: 1\r\nAccept: a\r\n\r\n";
	/* in a header line's name: the message fails; after a colon or a whole
	 * line: the next message does (", ") */
	g_assert_cmpstr(cut_cols(reply, sizeof reply - 1, 20), ==,
			"RTSP|Reply: RTSP/1.0 200 OK[Packet size limited during capture]");
	g_assert_cmpstr(cut_cols(request, sizeof request - 1, 37), ==,
			"RTSP|OPTIONS x RTSP/1.0, [Packet size limited during capture]");
	/* a first line cut before its method ends is no request yet */
	g_assert_cmpstr(cut_cols(request, sizeof request - 1, 6), ==,
			"RTSP|Continuation, [Packet size limited during capture]");
	g_assert_cmpstr(cut_cols("$\x05\x00\x10" "abcdefghijklmnop", 20, 4), ==,
			"TCP|Interleaved channel 0x05, 16 bytes[Packet size limited during capture]");
	g_assert_cmpstr(cut_cols("hello there\r\nmore\r\n", 19, 6), ==,
			"RTSP|Continuation, [Packet size limited during capture]");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cols-rtsp/sdp-in-sip", test_sdp_in_sip);
	g_test_add_func("/cols-rtsp/sdp-in-http", test_sdp_in_http);
	g_test_add_func("/cols-rtsp/rtsp-messages", test_rtsp_messages);
	g_test_add_func("/cols-rtsp/rtsp-media", test_rtsp_media);
	g_test_add_func("/cols-rtsp/rtsp-cut", test_rtsp_cut);
	return g_test_run();
}
