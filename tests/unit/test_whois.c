/* Unit tests of the protocols whose answer runs until the connection
 * closes (WHOIS, Finger): a query is gathered until a segment ends with
 * CR LF, an answer until the server's FIN, whose frame shows it after
 * tcp.segments, as tshark 4.0 shows the same bytes. */
#include <glib.h>
#include <string.h>

#include "tcp_conn_test.h"

#define SEGS "raw:ip:tcp:tcp.segments:"

static void fin(struct tcp_conn *k, bool to_server)
{
	static const uint8_t none[1];
	tcp_conn_send_flags(k, to_server, none, 0, 0, 0x11);
}

/* A query in one segment, an answer over three closed by a FIN without data. */
static void test_whois_answer(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 43);
	tcp_conn_say(k, true, "example.com\r\n", "raw:ip:tcp:whois", "WHOIS|Query: example.com");
	g_assert_true(tcp_conn_keeps(k, "whois.query == \"example.com\\r\\n\""));
	tcp_conn_say(k, false, "Domain Name: EXAMPLE.COM\r\n", "raw:ip:tcp",
		     "TCP|Answer: example.com [TCP segment of a reassembled PDU]");
	tcp_conn_say(k, false, "Registrar: X\r\n", "raw:ip:tcp",
		     "TCP|43 → 40000 [PSH, ACK] Seq=5026 Ack=0 Win=4096 Len=14 [TCP segment of a reassembled PDU]");
	tcp_conn_say(k, false, "Status: ok\r\n", "raw:ip:tcp",
		     "TCP|43 → 40000 [PSH, ACK] Seq=5040 Ack=0 Win=4096 Len=12 [TCP segment of a reassembled PDU]");
	fin(k, false);
	g_assert_cmpstr(k->stack, ==, SEGS "whois");
	g_assert_cmpstr(k->cols, ==, "WHOIS|Answer: example.com");
	g_assert_true(tcp_conn_keeps(k, "whois.answer == \"Status: ok\\r\\n\""));
	g_assert_true(tcp_conn_keeps(k, "whois.answer == \"Domain Name: EXAMPLE.COM\\r\\n\""));
	g_assert_false(tcp_conn_keeps(k, "whois.query"));
	tcp_conn_free(k);
}

/* A query cut before its line end waits for the next segment; its first
 * line so far names the connection, as Wireshark keeps it. */
static void test_whois_query_split(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 43);
	tcp_conn_say(k, true, "exam", "raw:ip:tcp", "TCP|Query: exam [TCP segment of a reassembled PDU]");
	tcp_conn_say(k, true, "ple.com\r\n", "raw:ip:tcp:whois:tcp.segments", "WHOIS|Query: exam");
	g_assert_true(tcp_conn_keeps(k, "whois.query == \"example.com\\r\\n\""));
	/* an answer whose last segment carries the FIN: that segment alone */
	tcp_conn_send_flags(k, false, (const uint8_t *)"No match\r\n", 10, 10, 0x19);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:whois");
	g_assert_cmpstr(k->cols, ==, "WHOIS|Answer: exam");
	tcp_conn_free(k);
}

/* No query captured: the answer's first line names the connection. */
static void test_whois_no_query(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 43);
	tcp_conn_say(k, false, "Domain: A.ORG\r\nmore\r\n", "raw:ip:tcp", "TCP|Answer: Domain: A.ORG [TCP segment of a reassembled PDU]");
	fin(k, false);
	g_assert_cmpstr(k->stack, ==, SEGS "whois");
	g_assert_cmpstr(k->cols, ==, "WHOIS|Answer: Domain: A.ORG");
	tcp_conn_free(k);
}

static void test_finger(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 79);
	tcp_conn_say(k, true, "alice\r\n", "raw:ip:tcp:finger", "FINGER|Query");
	g_assert_true(tcp_conn_keeps(k, "finger.query == \"alice\\r\\n\""));
	tcp_conn_say(k, false, "Login: alice\r\n", "raw:ip:tcp", "TCP|Response [TCP segment of a reassembled PDU]");
	tcp_conn_say(k, false, "Plan: none\r\n", "raw:ip:tcp",
		     "TCP|79 → 40000 [PSH, ACK] Seq=5014 Ack=0 Win=4096 Len=12 [TCP segment of a reassembled PDU]");
	fin(k, false);
	g_assert_cmpstr(k->stack, ==, SEGS "finger");
	g_assert_cmpstr(k->cols, ==, "FINGER|Response");
	g_assert_true(tcp_conn_keeps(k, "finger.response == \"Login: alice\\r\\nPlan: none\\r\\n\""));
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/whois/answer", test_whois_answer);
	g_test_add_func("/whois/query-split", test_whois_query_split);
	g_test_add_func("/whois/no-query", test_whois_no_query);
	g_test_add_func("/whois/finger", test_finger);
	return g_test_run();
}
