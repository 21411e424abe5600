/* Unit tests of the packet-list columns of the network and application
 * protocols (HTTP and its bodies, DNS, ...): frames built here, the
 * expected texts those tshark shows for the same bytes. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect_test.h"
#include "frame_build.h"

static void build_tcp(struct built *f, uint16_t sport, uint16_t dport, const void *data, uint32_t n)
{
	g_assert_cmpuint(n, <=, sizeof f->b - 54);
	build_ip(f, 6, 20 + n);
	uint8_t *t = f->b + 34;
	put16(t, sport), put16(t + 2, dport);
	put32(t + 4, 1), put32(t + 8, 1);
	t[12] = 0x50, t[13] = 0x18;
	put16(t + 14, 512);
	memcpy(t + 20, data, n);
}

static const char *tcp_cols(uint16_t sport, uint16_t dport, const char *text, char *buf, size_t n)
{
	static struct built f;
	build_tcp(&f, sport, dport, text, (uint32_t)strlen(text));
	return cols_of(&f, buf, n);
}

static const char *udp_cols(uint16_t sport, uint16_t dport, const void *data, uint32_t len, char *buf, size_t n)
{
	static struct built f;
	build_udp(&f, sport, dport, data, len);
	return cols_of(&f, buf, n);
}

static void test_http(void)
{
	char buf[512];
	g_assert_cmpstr(tcp_cols(80, 40002,
				 "HTTP/1.1 301 Moved Permanently\r\nContent-Type: Text/HTML; charset=UTF-8\r\n"
				 "Content-Length: 5\r\n\r\nhello",
				 buf, sizeof buf),
			==, "HTTP|HTTP/1.1 301 Moved Permanently  (text/html)");
	g_assert_cmpstr(tcp_cols(40000, 80,
				 "POST /api HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\n"
				 "{\"a\":1}\n",
				 buf, sizeof buf),
			==, "HTTP/JSON|POST /api HTTP/1.1 , JavaScript Object Notation (application/json)");
	g_assert_cmpstr(tcp_cols(80, 40004, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5\r\n\r\n<a/>\n",
				 buf, sizeof buf),
			==, "HTTP/XML|HTTP/1.1 200 OK ");
	g_assert_cmpstr(tcp_cols(80, 40006,
				 "HTTP/1.1 404 Not Found\r\nContent-Type: application/javascript\r\nContent-Length: 6\r\n"
				 "\r\nvar a;",
				 buf, sizeof buf),
			==, "HTTP|HTTP/1.1 404 Not Found  (application/javascript)");
	/* a request without a body: the line and a space */
	g_assert_cmpstr(tcp_cols(40007, 80, "GET /a%20b HTTP/1.1\r\nHost: x\r\n\r\n", buf, sizeof buf), ==,
			"HTTP|GET /a%20b HTTP/1.1 ");
}

/* Responses: an error and the authority's SOA; a CNAME chain; SRV; an
 * mDNS question asking for a unicast answer. */
static void test_dns(void)
{
	static const char nxdomain[] =
		"\x12\x34\x81\x83\x00\x01\x00\x00\x00\x01\x00\x00\x03www\x07" "example\x03" "com\x00\x00\x01\x00\x01"
		"\xc0\x10\x00\x06\x00\x01\x00\x00\x00\x3c\x00\x26\x02ns\x07" "example\x03" "com\x00\xc0\x10"
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
	static const char cname[] =
		"\xab\xcd\x81\x80\x00\x01\x00\x02\x00\x00\x00\x00\x03www\x07" "example\x03" "com\x00\x00\x01\x00\x01"
		"\xc0\x0c\x00\x05\x00\x01\x00\x00\x00\x3c\x00\x06\x03" "cdn\xc0\x10"
		"\xc0\x2d\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\xc0\x00\x02\x07";
	static const char srv[] =
		"\x55\x55\x85\x80\x00\x01\x00\x01\x00\x00\x00\x00\x05_ldap\x04_tcp\x07" "example\x03" "com\x00"
		"\x00\x21\x00\x01\xc0\x0c\x00\x21\x00\x01\x00\x00\x00\x3c\x00\x16\x00\x00\x00\x64\x01\x85\x02" "dc\x07"
		"example\x03" "com\x00";
	static const char qu[] = "\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07printer\x05local\x00\x00\x1c\x80\x01";
	char buf[512];
	g_assert_cmpstr(udp_cols(53, 40000, nxdomain, sizeof nxdomain - 1, buf, sizeof buf), ==,
			"DNS|Standard query response 0x1234 No such name A www.example.com SOA ns.example.com");
	g_assert_cmpstr(udp_cols(53, 40001, cname, sizeof cname - 1, buf, sizeof buf), ==,
			"DNS|Standard query response 0xabcd A www.example.com CNAME cdn.example.com A 192.0.2.7");
	g_assert_cmpstr(udp_cols(53, 40002, srv, sizeof srv - 1, buf, sizeof buf), ==,
			"DNS|Standard query response 0x5555 SRV _ldap._tcp.example.com SRV 0 100 389 dc.example.com");
	g_assert_cmpstr(udp_cols(5353, 5353, qu, sizeof qu - 1, buf, sizeof buf), ==,
			"MDNS|Standard query 0x0000 AAAA printer.local, \"QU\" question");
	/* the message ends inside the answer's data: its type, no data (the
	 * frame is then marked malformed, "[Malformed Packet]") */
	g_assert_cmpstr(udp_cols(53, 40001, cname, sizeof cname - 3, buf, sizeof buf), ==,
			"DNS|Standard query response 0xabcd A www.example.com CNAME cdn.example.com A[Malformed Packet]");
	/* ... inside its TTL: a record is named once its TTL and data length are read */
	g_assert_cmpstr(udp_cols(53, 40001, cname, sizeof cname - 1 - 8, buf, sizeof buf), ==,
			"DNS|Standard query response 0xabcd A www.example.com CNAME cdn.example.com[Malformed Packet]");
	/* type 0 is "Unused" */
	static const char unused[] = "\x00\x07\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x01x\x00\x00\x00\x00\x01";
	g_assert_cmpstr(udp_cols(53, 40003, unused, sizeof unused - 1, buf, sizeof buf), ==,
			"DNS|Standard query 0x0007 Unused x");
}

/* A configuration BPDU with the topology-change flag; an IKEv2 header. */
static void test_stp_isakmp(void)
{
	static const uint8_t stp[] = {
		0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x52, 0x54, 0x00, 0xc2, 0xac, 0x1f, 0x00, 0x26, 0x42, 0x42,
		0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x80, 0x00, 0x52, 0x54, 0x00, 0xc2, 0xac, 0x1f, 0x00, 0x00,
		0x00, 0x04, 0x80, 0x00, 0x52, 0x54, 0x00, 0xc2, 0xac, 0x1f, 0x80, 0x03, 0x00, 0x00, 0x14, 0x00,
		0x02, 0x00, 0x0f, 0x00,
	};
	static const uint8_t ike[] = {
		0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0, 0, 0, 0, 0, 0, 0, 0,
		0x21, 0x20, 0x23, 0x08, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x1c,
	};
	static struct built f;
	char buf[256];
	memcpy(f.b, stp, sizeof stp);
	f.n = sizeof stp;
	g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==,
			"STP|Conf. TC + Root = 32768/0/52:54:00:c2:ac:1f  Cost = 4  Port = 0x8003");
	g_assert_cmpstr(udp_cols(500, 500, ike, sizeof ike, buf, sizeof buf), ==,
			"ISAKMP|IKE_AUTH MID=03 Initiator Request");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cols-net/http", test_http);
	g_test_add_func("/cols-net/dns", test_dns);
	g_test_add_func("/cols-net/stp-isakmp", test_stp_isakmp);
	return g_test_run();
}
