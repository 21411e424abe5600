/* Unit tests of MGCP on UDP ports 2427 and 2727 (and TCP): datagrams built
 * here between a call agent (10.0.0.1:2727) and a gateway
 * (10.0.0.2:2427), dissected in one session in turn; each one's layers,
 * its Protocol and Info columns as tshark 4.0 shows the same bytes, the
 * fields through display filters, several messages in a datagram, and the
 * requests and responses sent again. */
#include <glib.h>
#include <string.h>

#include "frame_build.h"
#include "tcp_conn_test.h"

struct mgcp_run {
	struct dissect_session *s;
	struct built f;
	struct frame fr;
	struct packet p;
	uint64_t number;
	char stack[512], cols[1024];
};

/* Dissects TEXT sent by the call agent (TO_GATEWAY) or the gateway. */
static void send_text(struct mgcp_run *r, bool to_gateway, const char *text)
{
	build_udp(&r->f, to_gateway ? 2727 : 2427, to_gateway ? 2427 : 2727, text, (uint32_t)strlen(text));
	if (!to_gateway) {
		uint8_t *ip = r->f.b + 14, a[4];
		memcpy(a, ip + 12, 4);
		memcpy(ip + 12, ip + 16, 4);
		memcpy(ip + 16, a, 4);
	}
	r->fr = (struct frame){.number = ++r->number, .caplen = r->f.n, .len = r->f.n, .linktype = LINKTYPE_ETHERNET,
			       .data = r->f.b};
	conn_dissect(r->s, &r->fr, &r->p, r->stack, sizeof r->stack, r->cols, sizeof r->cols);
}

static void send_check(struct mgcp_run *r, bool to_gateway, const char *text, const char *stack, const char *cols)
{
	send_text(r, to_gateway, text);
	g_assert_cmpstr(r->stack, ==, stack);
	g_assert_cmpstr(r->cols, ==, cols);
}

/* The same for a message with a body after its blank line: a session
 * description, SDP's layer, and "MGCP/SDP" in the Protocol column. */
static void send_body(struct mgcp_run *r, bool to_gateway, const char *text, const char *info)
{
	send_text(r, to_gateway, text);
	g_autofree char *cols = g_strconcat("MGCP/SDP|", info, NULL);
	g_assert_cmpstr(r->stack, ==, "eth:ip:udp:mgcp:sdp");
	g_assert_cmpstr(r->cols, ==, cols);
}

/* Whether display filter TEXT keeps the last datagram. */
static bool keeps(struct mgcp_run *r, const char *text)
{
	GError *err = NULL;
	g_autoptr(dfilter) f = dfilter_compile(text, &err);
	if (!f)
		g_error("'%s': %s", text, err->message);
	return dfilter_match(f, &r->p);
}

#define MGCP "eth:ip:udp:mgcp"
#define CRCX                                                                                                   \
	"CRCX 1204 aaln/1@rgw-2567.whatever.net MGCP 1.0\r\nC: A3C47F21456789F0\r\nL: p:10, a:PCMU\r\n" \
	"M: recvonly\r\n"

/* A command and its response: the first line as the Info, the fields of
 * the first line and of the parameters. */
static void test_messages(void)
{
	struct mgcp_run *r = g_new0(struct mgcp_run, 1);
	r->s = dissect_session_new();
	send_check(r, true, CRCX, MGCP, "MGCP|CRCX 1204 aaln/1@rgw-2567.whatever.net MGCP 1.0");
	g_assert_true(keeps(r, "mgcp.req && !mgcp.rsp && mgcp.req.verb == \"CRCX\" && mgcp.transid == \"1204\""));
	g_assert_true(keeps(r, "mgcp.req.endpoint == \"aaln/1@rgw-2567.whatever.net\" && mgcp.version == \"MGCP 1.0\""));
	g_assert_true(keeps(r, "mgcp.param.callid == \"A3C47F21456789F0\" && mgcp.param.connectionmode == \"recvonly\""));
	/* the options: their whole line, and each one */
	g_assert_true(keeps(r, "mgcp.param.localconnectionoptions == \"L: p:10, a:PCMU\" && mgcp.params"));
	g_assert_true(keeps(r, "mgcp.param.localconnectionoptions.p == 10 && mgcp.param.localconnectionoptions.a == \"PCMU\""));
	/* a session description after the blank line stays in the message */
	send_body(r, false,
		  "200 1204 OK\r\nI: FDE234C8\r\n\r\nv=0\r\no=- 25678 753849 IN IP4 128.96.41.1\r\ns=-\r\n"
		  "c=IN IP4 128.96.41.1\r\nt=0 0\r\nm=audio 3456 RTP/AVP 0\r\n",
		  "200 1204 OK");
	g_assert_true(keeps(r, "mgcp.rsp && mgcp.rsp.rspcode == 200 && mgcp.rsp.rspstring == \"OK\""));
	g_assert_true(keeps(r, "mgcp.param.connectionid == \"FDE234C8\" && !mgcp.req.verb && !mgcp.param.invalid"));
	/* a verb in lower case, a tab after it, lines ended by LF alone; the
	 * parameters a name does not fit are invalid, whole */
	send_body(r, true, "NTFY\t9 ep2 MGCP 1.0\nO: l/hu\nx+Vendor: 1\nX-Foo: bar\nDQ-RI: 5\nbogus line\nk: 12\n\nC: body\n",
		  "NTFY\\t9 ep2 MGCP 1.0");
	g_assert_true(keeps(r, "mgcp.param.observedevents == \"l/hu\" && mgcp.param.extensioncritical == \"x+Vendor: 1\""));
	g_assert_true(keeps(r, "mgcp.param.extension == \"X-Foo: bar\" && mgcp.param.resourceid == \"5\""));
	g_assert_true(keeps(r, "mgcp.param.invalid == \"bogus line\" && mgcp.param.rspack == \"12\" && !mgcp.param.callid"));
	send_check(r, true, "crcx 1 ep MGCP 1.0\r\n", MGCP, "MGCP|crcx 1 ep MGCP 1.0");
	g_assert_true(keeps(r, "mgcp.req.verb == \"crcx\""));
	/* the connection parameters, one by one */
	send_check(r, false, "250 1206 Connection deleted\r\nP: PS=1245, OS=62345, PR=780, OR=45123, PL=10, JI=27, LA=48\r\n",
		   MGCP, "MGCP|250 1206 Connection deleted");
	g_assert_true(keeps(r, "mgcp.param.connectionparam.ps == 1245 && mgcp.param.connectionparam.la == 48"));
	g_assert_true(keeps(r, "mgcp.rsp.rspstring == \"Connection deleted\" && mgcp.rsp.rspcode == 250"));
	/* no verb nor response code: not MGCP */
	send_check(r, true, "HELLO 1 ep\r\n", "eth:ip:udp:data", "UDP|2727 → 2427 Len=12");
	send_check(r, true, "2000 16 x\r\n", "eth:ip:udp:data", "UDP|2727 → 2427 Len=11");
	dissect_session_free(r->s);
	g_free(r);
}

/* Messages separated by a line holding only ".": a layer each, the
 * datagram's first line as the Info. */
static void test_piggyback(void)
{
	struct mgcp_run *r = g_new0(struct mgcp_run, 1);
	r->s = dissect_session_new();
	send_check(r, false, "200 1205 OK\r\n.\r\n250 1206 Connection deleted\r\n", MGCP ":mgcp", "MGCP|200 1205 OK");
	g_assert_true(keeps(r, "mgcp.transid == \"1205\" && mgcp.transid == \"1206\" && mgcp.rsp.rspcode == 250"));
	send_check(r, true, "RQNT 12 ep MGCP 1.0\r\n.\r\nHELLO there\r\n.\r\nDLCX 13 ep MGCP 1.0\r\n", MGCP ":mgcp:mgcp",
		   "MGCP|RQNT 12 ep MGCP 1.0");
	g_assert_true(keeps(r, "mgcp.req.verb == \"DLCX\" && mgcp.transid == \"13\""));
	/* a dot line at a message's start ends the datagram's reading */
	send_check(r, true, "DLCX 14 ep\r\n.\r\n.\r\nDLCX 15 ep\r\n", MGCP ":mgcp", "MGCP|DLCX 14 ep");
	g_assert_false(keeps(r, "mgcp.transid == \"15\""));
	dissect_session_free(r->s);
	g_free(r);
}

/* A request sent again with a transaction id its conversation has seen,
 * a final response repeated with the same code: noted in the Info and in
 * the duplicate fields; a provisional response or another code is not. */
static void test_duplicates(void)
{
	struct mgcp_run *r = g_new0(struct mgcp_run, 1);
	r->s = dissect_session_new();
	send_check(r, true, "MDCX 77 ep1 MGCP 1.0\r\nC: 1\r\n", MGCP, "MGCP|MDCX 77 ep1 MGCP 1.0");
	g_assert_false(keeps(r, "mgcp.dup"));
	send_check(r, false, "100 77 pending\r\n", MGCP, "MGCP|100 77 pending");
	send_check(r, false, "100 77 pending\r\n", MGCP, "MGCP|100 77 pending");
	send_check(r, false, "200 77 OK\r\n", MGCP, "MGCP|200 77 OK");
	send_check(r, false, "200 77 OK\r\n", MGCP, "MGCP|200 77 OK, Duplicate Response 77");
	g_assert_true(keeps(r, "mgcp.dup == 77 && mgcp.rsp.dup == 77 && !mgcp.req.dup"));
	send_check(r, false, "401 77 again\r\n", MGCP, "MGCP|401 77 again");
	send_check(r, true, "XABC 77 ep MGCP 1.0\r\n", MGCP, "MGCP|XABC 77 ep MGCP 1.0, Duplicate Request 77");
	g_assert_true(keeps(r, "mgcp.req.dup == 77"));
	/* in a datagram of two messages, the one sent again */
	send_check(r, true, "AUEP 80 ep MGCP 1.0\r\n.\r\nAUEP 77 ep MGCP 1.0\r\n", MGCP ":mgcp",
		   "MGCP|AUEP 80 ep MGCP 1.0, Duplicate Request 77");
	dissect_session_free(r->s);
	g_free(r);
}

/* Over TCP each segment is read alone. */
static void test_tcp(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 2427);
	tcp_conn_send_hex(k, true, "4352435820313230342061616c6e2f31406777204d47435020312e300d0a");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:mgcp");
	g_assert_cmpstr(k->cols, ==, "MGCP|CRCX 1204 aaln/1@gw MGCP 1.0");
	tcp_conn_send_hex(k, false, "3230302031323034204f4b0d0a");
	g_assert_cmpstr(k->cols, ==, "MGCP|200 1204 OK");
	g_assert_true(tcp_conn_keeps(k, "mgcp.rsp.rspcode == 200"));
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/mgcp/messages", test_messages);
	g_test_add_func("/mgcp/piggyback", test_piggyback);
	g_test_add_func("/mgcp/duplicates", test_duplicates);
	g_test_add_func("/mgcp/tcp", test_tcp);
	return g_test_run();
}
