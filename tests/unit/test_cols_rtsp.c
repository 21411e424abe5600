/* Unit tests of SDP: session descriptions in SIP datagrams and HTTP
 * bodies.  Expected texts are those tshark 4.0 shows for the same bytes. */
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

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cols-rtsp/sdp-in-sip", test_sdp_in_sip);
	g_test_add_func("/cols-rtsp/sdp-in-http", test_sdp_in_http);
	return g_test_run();
}
