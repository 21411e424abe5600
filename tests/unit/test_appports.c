/* Unit tests of application protocols on well-known UDP and TCP ports
 * (RADIUS, L2TP, ...): messages built here byte by byte, their Protocol and Info
 * columns and layers as Wireshark shows the same bytes, their fields through
 * display filters, expert items, and payloads on the ports that are not
 * the protocol. */
#include <glib.h>
#include <string.h>

#include "analyzer/filter/filter.h"
#include "dissect/expert.h"
#include "frame_build.h"

/* The frame under test, dissected once per check. */
static struct built frame;

/* FRAME as UDP from SPORT to DPORT carrying the bytes of HEX. */
static void udp_hex(uint16_t sport, uint16_t dport, const char *hex)
{
	uint8_t d[1500];
	build_udp(&frame, sport, dport, d, unhex(d, hex));
}

/* FRAME's "PROTOCOL|INFO". */
static const char *cols(void)
{
	static char buf[512];
	return cols_of(&frame, buf, sizeof buf);
}

/* FRAME's frame.protocols. */
static const char *protocols(void)
{
	static char buf[256];
	struct packet p;
	struct frame fr;
	run_frame(&p, &fr, frame.b, frame.n, frame.n, LINKTYPE_ETHERNET);
	return frame_protocols(&p, buf, sizeof buf);
}

/* Whether display filter TEXT keeps FRAME. */
static bool keeps(const char *text)
{
	GError *err = NULL;
	g_autoptr(dfilter) f = dfilter_compile(text, &err);
	if (!f)
		g_error("'%s': %s", text, err->message);
	struct packet p;
	struct frame fr;
	run_frame(&p, &fr, frame.b, frame.n, frame.n, LINKTYPE_ETHERNET);
	return dfilter_match(f, &p);
}

static void collect(const struct expert_item *it, void *data)
{
	GString *s = data;
	g_string_append_printf(s, "%s%s: %s", s->len ? "; " : "", it->protocol, it->summary);
}

/* FRAME's expert items, "PROTO: summary; ...". */
static const char *experts(void)
{
	static char buf[512];
	struct packet p;
	struct frame fr;
	run_frame(&p, &fr, frame.b, frame.n, frame.n, LINKTYPE_ETHERNET);
	g_autoptr(GString) s = g_string_new(NULL);
	experts_fill(&p, collect, s);
	g_strlcpy(buf, s->str, sizeof buf);
	return buf;
}

#define AUTH "00112233445566778899aabbccddeeff"

/* RADIUS: the code's name and the identifier; the attributes to the
 * length; what does not fit the length (an expert item) and a length
 * beyond the datagram (malformed). */
static void test_radius(void)
{
	/* User-Name "alice", User-Password, then 2 bytes of padding after the length */
	udp_hex(40000, 1812, "01050021" AUTH "0107616c696365020641424344ffff");
	g_assert_cmpstr(cols(), ==, "RADIUS|Access-Request id=5");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:radius");
	g_assert_true(keeps("radius.code == 1 && radius.id == 5 && radius.length == 33"));
	g_assert_true(keeps("radius.User_Name == \"alice\" && radius.avp.type == 2"));
	g_assert_true(keeps("radius.authenticator == " AUTH));
	g_assert_false(keeps("radius.avp.length == 255"));
	g_assert_cmpstr(experts(), ==, "");

	udp_hex(1813, 40000, "0506001a" AUTH "04060a000001");
	g_assert_cmpstr(cols(), ==, "RADIUS|Accounting-Response id=6");
	g_assert_true(keeps("radius.NAS_IP_Address == 10.0.0.1"));
	udp_hex(40000, 1813, "04090020" AUTH "2806000000022c0661626364");
	g_assert_cmpstr(cols(), ==, "RADIUS|Accounting-Request id=9");
	g_assert_true(keeps("radius.Acct_Status_Type == 2 && radius.Acct_Session_Id == \"abcd\""));
	udp_hex(3799, 40000, "2b070014" AUTH);
	g_assert_cmpstr(cols(), ==, "RADIUS|CoA-Request id=7");
	udp_hex(1700, 40000, "28060014" AUTH);
	g_assert_cmpstr(cols(), ==, "RADIUS|Disconnect-Request id=6");
	udp_hex(40000, 1645, "81010014" AUTH);
	g_assert_cmpstr(cols(), ==, "RADIUS|ALU-State-Request id=1");

	/* attributes that do not fit: items, not exceptions */
	udp_hex(40000, 1812, "01010016" AUTH "0100");
	g_assert_cmpstr(cols(), ==, "RADIUS|Access-Request id=1");
	g_assert_cmpstr(experts(), ==, "RADIUS: AVP too short: length 0 < 2");
	udp_hex(40000, 1812, "01030017" AUTH "010561");
	g_assert_cmpstr(experts(), ==, "RADIUS: Not enough room in packet for AVP");
	udp_hex(40000, 1812, "01040015" AUTH "01");
	g_assert_cmpstr(experts(), ==, "RADIUS: Not enough room in packet for AVP header");

	/* a length past the datagram: the header's fields, no attribute */
	udp_hex(40000, 1813, "04090022" AUTH "280600000001010661626364");
	g_assert_cmpstr(cols(), ==, "RADIUS|Accounting-Request id=9[Malformed Packet]");
	g_assert_true(keeps("radius.length == 34 && !radius.User_Name"));
	udp_hex(40000, 1812, "01050014001122334455");
	g_assert_cmpstr(cols(), ==, "RADIUS|Access-Request id=5[Malformed Packet]");

	/* too short to judge: the check fails in UDP's columns */
	udp_hex(40000, 1812, "0101");
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 1812 Len=2[Malformed Packet]");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:radius");
	g_assert_false(keeps("radius.code"));

	/* not RADIUS: an unknown code, a length below 20 or above 4096 */
	udp_hex(40000, 1812, "3f050014" AUTH);
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 1812 Len=20");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:data");
	udp_hex(40000, 1812, "01050013" AUTH);
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 1812 Len=20");
	udp_hex(40000, 1812, "01051001" AUTH);
	g_assert_cmpstr(cols(), ==, "UDP|40000 → 1812 Len=20");
}

/* L2TP version 2: a control message named by its first AVP, the ZLB
 * acknowledgement, a data message's PPP frame; version 3's Protocol;
 * other versions are not L2TP. */
static void test_l2tp(void)
{
	/* SCCRQ: length, tunnel 0, session 0, Ns 0, Nr 0, Message Type AVP 1 */
	udp_hex(1701, 1701, "c80200140000000000000000800800000000" "0001");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message - SCCRQ (tunnel id=0, session id=0)");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:l2tp");
	g_assert_true(keeps("l2tp.type == 1 && l2tp.version == 2 && l2tp.length == 20 && l2tp.Nr == 0"));
	g_assert_true(keeps("l2tp.avp.message_type == 1 && l2tp.avp.length == 8 && l2tp.avp.type == 0"));
	udp_hex(1701, 1701, "c8020014000300000000000080080000000000" "0a");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message - ICRQ (tunnel id=3, session id=0)");
	g_assert_true(keeps("l2tp.tunnel == 3 && l2tp.session == 0"));
	udp_hex(40000, 1701, "c80200140001000000000000800800000000001e");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message - Unknown (30) (tunnel id=1, session id=0)");
	/* a first AVP of another type */
	udp_hex(1701, 1701, "c802001400010000000000008008000000010001");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message (tunnel id=1, session id=0)");
	udp_hex(1701, 1701, "c802000c0001000000010001");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message - ZLB      (tunnel id=1, session id=0)");
	g_assert_true(keeps("l2tp.Ns == 1 && !l2tp.avp.type"));

	/* data: the PPP frame after the header */
	udp_hex(1701, 1701, "0202000100020004aabbccddff03c0210101000400");
	g_assert_cmpstr(cols(), ==, "PPP LCP|Configuration Request");
	g_assert_cmpstr(protocols(), ==, "eth:ethertype:ip:udp:l2tp:ppp:lcp");
	g_assert_true(keeps("l2tp.offset == 4 && l2tp.session == 2"));

	/* an AVP shorter than its header; one past the length; the Info's read past the datagram */
	udp_hex(1701, 1701, "c8020014000100000000000000000000000000010000");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message - SCCRQ (tunnel id=1, session id=0)");
	g_assert_cmpstr(experts(), ==, "L2TP: AVP length must be >= 6, got 0");
	udp_hex(1701, 1701, "c802001a0001000000000000800800000000000180080000000a");
	g_assert_cmpstr(cols(), ==, "L2TP|Control Message - SCCRQ (tunnel id=1, session id=0)[Malformed Packet]");
	udp_hex(1701, 1701, "c8020014000100000000000080080000");
	g_assert_cmpstr(cols(), ==, "L2TP|[Malformed Packet]");
	g_assert_false(keeps("l2tp.type"));

	udp_hex(1701, 1701, "c803000c0000000100000000");
	g_assert_cmpstr(cols(), ==, "L2TPv3|");
	udp_hex(1701, 1701, "c8010014000100000000000080080000000000ff");
	g_assert_cmpstr(protocols(), !=, "eth:ethertype:ip:udp:l2tp");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/appports/radius", test_radius);
	g_test_add_func("/appports/l2tp", test_l2tp);
	return g_test_run();
}
