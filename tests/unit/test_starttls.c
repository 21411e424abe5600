/* Unit tests of the protocols that turn their TCP connection to TLS on a
 * command and its answer (SMTP, POP, IMAP, FTP, NNTP, XMPP, LDAP): each
 * connection is built here segment by segment; after an accepted request
 * the next segments are TLS both ways, after a refused one they stay the
 * protocol's, as tshark 4.0 shows the same bytes.  Also LDAP's Info of
 * extended operations and result texts. */
#include <glib.h>
#include <string.h>

#include "tcp_conn_test.h"

/* A TLS 1.2 ClientHello record (no extensions) and a ServerHello. */
static const char client_hello[] = "16030100"
				   "2f"
				   "0100002b0303"
				   "0000000000000000000000000000000000000000000000000000000000000000"
				   "000002002f01000000";
static const char server_hello[] = "16030300"
				   "2c"
				   "020000280303"
				   "0000000000000000000000000000000000000000000000000000000000000000"
				   "00002f000000";

#define TLS "raw:ip:tcp:tls"

/* The connection K turned to TLS: the next segments both ways are TLS. */
static void check_tls(struct tcp_conn *k)
{
	tcp_conn_send_hex(k, true, client_hello);
	g_assert_cmpstr(k->stack, ==, TLS);
	g_assert_cmpstr(k->cols, ==, "TLSv1|Client Hello");
	tcp_conn_send_hex(k, false, server_hello);
	g_assert_cmpstr(k->stack, ==, TLS);
	g_assert_cmpstr(k->cols, ==, "TLSv1.2|Server Hello");
}

/* The connection K did not turn: a client's line TEXT is still STACK. */
static void check_not_tls(struct tcp_conn *k, const char *text, const char *stack)
{
	uint32_t len = (uint32_t)strlen(text);
	tcp_conn_send(k, true, (const uint8_t *)text, len, len);
	g_assert_cmpstr(k->stack, ==, stack);
}

#define SMTP "raw:ip:tcp:smtp"

/* SMTP: STARTTLS, then a reply whose first coded line is 220. */
static void test_smtp(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 25);
	tcp_conn_say(k, false, "220 mx ESMTP\r\n", SMTP, "SMTP|S: 220 mx ESMTP");
	tcp_conn_say(k, true, "EHLO a\r\n", SMTP, "SMTP|C: EHLO a");
	/* a 220 nobody asked for turns nothing */
	tcp_conn_say(k, false, "220 again\r\n", SMTP, "SMTP|S: 220 again");
	tcp_conn_say(k, true, "EHLO b\r\nstarttls\r\n", SMTP, "SMTP|C: EHLO b | starttls");
	tcp_conn_say(k, false, "220 2.0.0 Ready to start TLS\r\n", SMTP, "SMTP|S: 220 2.0.0 Ready to start TLS");
	check_tls(k);
	tcp_conn_free(k);

	/* refused: the question is answered, a later 220 turns nothing */
	k = tcp_conn_new(40000, 587);
	tcp_conn_say(k, true, "STARTTLS\r\n", SMTP, "SMTP|C: STARTTLS");
	tcp_conn_say(k, false, "454 TLS not available\r\n", SMTP, "SMTP|S: 454 TLS not available");
	tcp_conn_say(k, false, "220 late\r\n", SMTP, "SMTP|S: 220 late");
	check_not_tls(k, "NOOP\r\n", SMTP);
	tcp_conn_free(k);

	/* a line of a message after DATA is no command */
	k = tcp_conn_new(40000, 25);
	tcp_conn_say(k, true, "DATA\r\n", SMTP, "SMTP|C: DATA");
	tcp_conn_say(k, false, "354 go on\r\n", SMTP, "SMTP|S: 354 go on");
	tcp_conn_say(k, true, "STARTTLS\r\n", SMTP, "SMTP|C: DATA fragment, 10 bytes");
	tcp_conn_say(k, false, "220 not an answer\r\n", SMTP, "SMTP|S: 220 not an answer");
	check_not_tls(k, "NOOP\r\n", SMTP);
	tcp_conn_free(k);
}

#define POP "raw:ip:tcp:pop"

/* POP: STLS, then "+OK " (with its blank). */
static void test_pop(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 110);
	tcp_conn_say(k, true, "stls\r\n", POP, "POP|C: stls");
	tcp_conn_say(k, false, "+OK Begin TLS negotiation\r\n", POP, "POP|S: +OK Begin TLS negotiation");
	check_tls(k);
	tcp_conn_free(k);

	k = tcp_conn_new(40000, 110);
	tcp_conn_say(k, true, "STLS\r\n", POP, "POP|C: STLS");
	tcp_conn_say(k, false, "-ERR no\r\n", POP, "POP|S: -ERR no");
	tcp_conn_say(k, true, "USER a\r\n", POP, "POP|C: USER a");
	tcp_conn_say(k, false, "+OK fine\r\n", POP, "POP|S: +OK fine");
	check_not_tls(k, "NOOP\r\n", POP);
	tcp_conn_free(k);

	/* "+OK" alone is no acceptance */
	k = tcp_conn_new(40000, 110);
	tcp_conn_say(k, true, "STLS\r\n", POP, "POP|C: STLS");
	tcp_conn_say(k, false, "+OK\r\n", POP, "POP|S: +OK");
	check_not_tls(k, "NOOP\r\n", POP);
	tcp_conn_free(k);
}

#define IMAP "raw:ip:tcp:imap"

/* IMAP: a tagged STARTTLS (or a prefix of the word), then a tagged OK (or
 * a prefix of it); a refusal leaves the question open. */
static void test_imap(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 143);
	tcp_conn_say(k, true, "a2 STARTTLS\r\n", IMAP, "IMAP|Request: a2 STARTTLS");
	tcp_conn_say(k, false, "a2 NO not now\r\n", IMAP, "IMAP|Response: a2 NO not now");
	tcp_conn_say(k, true, "a3 NOOP\r\n", IMAP, "IMAP|Request: a3 NOOP");
	tcp_conn_say(k, false, "* OK still\r\na3 OK done\r\n", IMAP, "IMAP|Response: a3 OK done");
	check_tls(k);
	tcp_conn_free(k);

	k = tcp_conn_new(40000, 143);
	tcp_conn_say(k, true, "a1 START\r\n", IMAP, "IMAP|Request: a1 START");
	/* an untagged OK grants nothing */
	tcp_conn_say(k, false, "* OK untagged\r\n", IMAP, "IMAP|Response: * OK untagged");
	tcp_conn_say(k, true, "a2 NOOP\r\n", IMAP, "IMAP|Request: a2 NOOP");
	tcp_conn_say(k, false, "a1 O fine\r\n", IMAP, "IMAP|Response: a1 O fine");
	check_tls(k);
	tcp_conn_free(k);
}

#define FTP "raw:ip:tcp:ftp:ftp.current-working-directory"

/* FTP: "AUTH TLS" exactly, then 234; other answers leave the question. */
static void test_ftp(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 21);
	tcp_conn_say(k, true, "AUTH TLS\r\n", FTP, "FTP|Request: AUTH TLS");
	tcp_conn_say(k, false, "500 no\r\n", FTP, "FTP|Response: 500 no");
	tcp_conn_say(k, false, "234 AUTH TLS successful\r\n", FTP, "FTP|Response: 234 AUTH TLS successful");
	check_tls(k);
	tcp_conn_free(k);

	k = tcp_conn_new(40000, 21);
	tcp_conn_say(k, true, "AUTH SSL\r\n", FTP, "FTP|Request: AUTH SSL");
	tcp_conn_say(k, false, "234 ok\r\n", FTP, "FTP|Response: 234 ok");
	check_not_tls(k, "NOOP\r\n", FTP);
	tcp_conn_free(k);

	k = tcp_conn_new(40000, 21);
	tcp_conn_say(k, true, "auth tls\r\n", FTP, "FTP|Request: auth tls");
	tcp_conn_say(k, false, "234 ok\r\n", FTP, "FTP|Response: 234 ok");
	check_not_tls(k, "NOOP\r\n", FTP);
	tcp_conn_free(k);
}

#define NNTP "raw:ip:tcp:nntp"

/* NNTP: STARTTLS, then the next response: 382 grants it. */
static void test_nntp(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 119);
	tcp_conn_say(k, true, "STARTTLS\r\n", NNTP, "NNTP|Request: STARTTLS");
	tcp_conn_say(k, false, "382 Continue with TLS negotiation\r\n", NNTP, "NNTP|Response: 382 Continue with TLS negotiation");
	check_tls(k);
	tcp_conn_free(k);

	k = tcp_conn_new(40000, 119);
	tcp_conn_say(k, true, "starttls\r\n", NNTP, "NNTP|Request: starttls");
	tcp_conn_say(k, false, "580 no\r\n", NNTP, "NNTP|Response: 580 no");
	tcp_conn_say(k, false, "382 late\r\n", NNTP, "NNTP|Response: 382 late");
	check_not_tls(k, "DATE\r\n", NNTP);
	tcp_conn_free(k);
}

#define XMPP "raw:ip:tcp:xmpp"

/* XMPP: a proceed element turns the connection, asked or not. */
static void test_xmpp(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 5222);
	tcp_conn_say(k, true,
	    "<?xml version='1.0'?><stream:stream to='x' xmlns='jabber:client' "
	    "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>",
	    XMPP, "XMPP/XML|STREAM > x ");
	tcp_conn_say(k, false, "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>", XMPP,
	    "XMPP/XML|FEATURES ");
	tcp_conn_say(k, false, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", XMPP, "XMPP/XML|PROCEED ");
	check_tls(k);
	tcp_conn_free(k);
}

#define LDAP "raw:ip:tcp:ldap"

/* LDAP: an extendedReq naming StartTLS, then an extendedResp with the
 * result success (a failure leaves the question open); the operations'
 * Info names the OIDs, leaves out the extended result's code and shows
 * error texts. */
static void test_ldap(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 389);
	/* extendedReq(1) 1.3.6.1.4.1.1466.20037 */
	tcp_conn_send_hex(k, true, "301d02010177188016312e332e362e312e342e312e313436362e3230303337");
	g_assert_cmpstr(k->stack, ==, LDAP);
	g_assert_cmpstr(k->cols, ==, "LDAP|extendedReq(1) LDAP_START_TLS_OID ");
	/* extendedResp(1) protocolError, errorMessage "no" */
	tcp_conn_send_hex(k, false, "300e02010178090a0102040004026e6f");
	g_assert_cmpstr(k->cols, ==, "LDAP|extendedResp(1) (no) ");
	/* bytes not LDAP: TCP's alone */
	tcp_conn_send_hex(k, true, client_hello);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	/* extendedResp(2) success, responseName passwdModifyOID */
	tcp_conn_send_hex(k, false, "302502010278200a0100040004008a17312e332e362e312e342e312e343230332e312e31312e31");
	g_assert_cmpstr(k->cols, ==, "LDAP|extendedResp(2) passwdModifyOID ");
	check_tls(k);
	tcp_conn_free(k);

	/* a response alone turns nothing; OIDs Wireshark does not name */
	k = tcp_conn_new(40000, 389);
	tcp_conn_send_hex(k, false, "300c02010178070a010004000400");
	g_assert_cmpstr(k->cols, ==, "LDAP|extendedResp(1) ");
	tcp_conn_send_hex(k, true, client_hello);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp");
	tcp_conn_send_hex(k, true, "301902010377148012312e332e362e312e342e312e343230332e31");
	g_assert_cmpstr(k->cols, ==, "LDAP|extendedReq(3) iso.3.6.1.4.1.4203.1 ");
	tcp_conn_send_hex(k, true, "301702010477128010312e322e3834302e3131333535362e39");
	g_assert_cmpstr(k->cols, ==, "LDAP|extendedReq(4) ISO assigned OIDs, USA.113556.9 ");
	/* bindResponse(5) invalidCredentials (bad creds) */
	tcp_conn_send_hex(k, false, "301502010561100a013104000409626164206372656473");
	g_assert_cmpstr(k->cols, ==, "LDAP|bindResponse(5) invalidCredentials (bad creds) ");
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/starttls/smtp", test_smtp);
	g_test_add_func("/starttls/pop", test_pop);
	g_test_add_func("/starttls/imap", test_imap);
	g_test_add_func("/starttls/ftp", test_ftp);
	g_test_add_func("/starttls/nntp", test_nntp);
	g_test_add_func("/starttls/xmpp", test_xmpp);
	g_test_add_func("/starttls/ldap", test_ldap);
	return g_test_run();
}
