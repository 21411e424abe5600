/* Unit tests of FTP: requests and responses with their fields, and the data
 * connections PORT, PASV (227), EPRT and EPSV (229) announce, each built
 * here segment by segment in the control connection's session: as tshark
 * 4.0 shows the same bytes, the data connection is FTP-DATA with the
 * method and the command that opened it, keyed as Wireshark keys it. */
#include <glib.h>
#include <string.h>

#include "tcp_conn_test.h"

#define FTP "raw:ip:tcp:ftp:ftp.current-working-directory"
#define DATA_ANNOUNCED                                                                                            \
	"raw:ip:tcp:ftp-data:ftp-data.setup-frame:ftp-data.setup-method:ftp-data.command:ftp-data.command-frame:" \
	"ftp-data.current-working-directory"

/* A connection from the client's port CPORT to the server's SPORT in the
 * session of control connection CTL. */
static struct tcp_conn *data_conn(struct tcp_conn *ctl, uint16_t cport, uint16_t sport)
{
	struct tcp_conn *k = tcp_conn_new(cport, sport);
	dissect_session_free(k->s);
	k->s = ctl->s;
	return k;
}

static void data_conn_free(struct tcp_conn *k)
{
	k->s = NULL;
	tcp_conn_free(k);
}

/* Sends TEXT on data connection K from the server (or, TO_SERVER, the
 * client), checking its layers and columns. */
static void data_say(struct tcp_conn *k, bool to_server, const char *text, const char *stack, const char *cols)
{
	tcp_conn_say(k, to_server, text, stack, cols);
}

/* PASV: the address and port of the 227 answer, any client port; the
 * request after it is the command; binary data is no text. */
static void test_pasv(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 21);
	/* a connection opened before the announcement stays what it was */
	struct tcp_conn *early = data_conn(k, 40002, 1027);
	data_say(early, false, "early\r\n", "raw:ip:tcp:data", "TCP|1027 → 40002 [PSH, ACK] Seq=5000 Ack=0 Win=4096 Len=7");
	tcp_conn_say(k, true, "PASV\r\n", FTP, "FTP|Request: PASV");
	g_assert_true(tcp_conn_keeps(k, "ftp.request.command == \"PASV\" && ftp.request == 1 && ftp.response == 0"));
	g_assert_false(tcp_conn_keeps(k, "ftp.request.arg"));
	tcp_conn_say(k, false, "227 Entering Passive Mode (10,0,0,2,4,3).\r\n", FTP,
		     "FTP|Response: 227 Entering Passive Mode (10,0,0,2,4,3).");
	g_assert_true(tcp_conn_keeps(k, "ftp.response.code == 227 && ftp.passive.ip == 10.0.0.2 && "
					"ftp.passive.port == 1027 && ftp.response.arg == \"Entering Passive Mode (10,0,0,2,4,3).\""));
	tcp_conn_say(k, true, "LIST\r\n", FTP, "FTP|Request: LIST");
	struct tcp_conn *d = data_conn(k, 40001, 1027);
	data_say(d, false, "drwxr-xr-x 2 ftp ftp 4096 pub\r\n", DATA_ANNOUNCED ":data-text-lines",
		 "FTP-DATA|FTP Data: 31 bytes (PASV) (LIST)");
	g_assert_true(tcp_conn_keeps(d, "ftp-data.command"));
	/* a later request names no other command */
	tcp_conn_say(k, true, "NOOP\r\n", FTP, "FTP|Request: NOOP");
	data_say(d, false, "\x01\x02\x03", DATA_ANNOUNCED, "FTP-DATA|FTP Data: 3 bytes (PASV) (LIST)");
	/* the connection opened before keeps what it was */
	data_say(early, false, "late\r\n", "raw:ip:tcp:data", "TCP|1027 → 40002 [PSH, ACK] Seq=5007 Ack=0 Win=4096 Len=6");
	/* another server port is not the data connection */
	struct tcp_conn *other = data_conn(k, 40001, 1028);
	data_say(other, false, "x\r\n", "raw:ip:tcp:data", "TCP|1028 → 40001 [PSH, ACK] Seq=5000 Ack=0 Win=4096 Len=3");
	data_conn_free(other);
	data_conn_free(early);
	data_conn_free(d);
	tcp_conn_free(k);
}

/* PORT: the server's address, port 20, and the address given, any port;
 * a data connection with no command yet shows the method alone. */
static void test_port(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 21);
	tcp_conn_say(k, true, "PORT 10,0,0,1,4,1\r\n", FTP, "FTP|Request: PORT 10,0,0,1,4,1");
	g_assert_true(tcp_conn_keeps(k, "ftp.active.cip == 10.0.0.1 && ftp.active.port == 1025 && "
					"ftp.request.arg == \"10,0,0,1,4,1\""));
	tcp_conn_say(k, false, "200 PORT command successful\r\n", FTP, "FTP|Response: 200 PORT command successful");
	struct tcp_conn *d = data_conn(k, 1025, 20);
	data_say(d, false, "early\r\n",
		 "raw:ip:tcp:ftp-data:ftp-data.setup-frame:ftp-data.setup-method:ftp-data.current-working-directory:"
		 "data-text-lines",
		 "FTP-DATA|FTP Data: 7 bytes (PORT)");
	tcp_conn_say(k, true, "RETR a.txt\r\n", FTP, "FTP|Request: RETR a.txt");
	data_say(d, false, "hello\r\n", DATA_ANNOUNCED ":data-text-lines", "FTP-DATA|FTP Data: 7 bytes (PORT) (RETR a.txt)");
	data_conn_free(d);
	tcp_conn_free(k);
}

/* EPSV: the server's address and the port of the 229 answer, any client port. */
static void test_epsv(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 21);
	tcp_conn_say(k, true, "EPSV\r\n", FTP, "FTP|Request: EPSV");
	tcp_conn_say(k, false, "229 Entering Extended Passive Mode (|||6446|)\r\n", FTP,
		     "FTP|Response: 229 Entering Extended Passive Mode (|||6446|)");
	g_assert_true(tcp_conn_keeps(k, "ftp.epsv.port == 6446"));
	tcp_conn_say(k, true, "STOR up.bin\r\n", FTP, "FTP|Request: STOR up.bin");
	struct tcp_conn *d = data_conn(k, 50000, 6446);
	data_say(d, true, "\x89PNG", DATA_ANNOUNCED, "FTP-DATA|FTP Data: 4 bytes (EPASV) (STOR up.bin)");
	data_conn_free(d);
	/* no port between the delimiters: nothing announced */
	tcp_conn_say(k, false, "229 Extended Passive Mode (|||x|)\r\n", FTP, "FTP|Response: 229 Extended Passive Mode (|||x|)");
	g_assert_false(tcp_conn_keeps(k, "ftp.epsv.port"));
	tcp_conn_free(k);
}

/* EPRT: the client's address and the port given, and the address given,
 * any port: naming the client's own address keys no connection with the
 * server, and port 20 alone makes FTP-DATA without a method. */
static void test_eprt(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 21);
	tcp_conn_say(k, true, "EPRT |1|10.0.0.1|1025|\r\n", FTP, "FTP|Request: EPRT |1|10.0.0.1|1025|");
	g_assert_true(tcp_conn_keeps(k, "ftp.eprt.af == 1 && ftp.eprt.ip == 10.0.0.1 && ftp.eprt.port == 1025"));
	tcp_conn_say(k, true, "LIST\r\n", FTP, "FTP|Request: LIST");
	struct tcp_conn *d = data_conn(k, 1025, 20);
	data_say(d, false, "x\r\n", "raw:ip:tcp:ftp-data:ftp-data.setup-frame:data-text-lines", "FTP-DATA|FTP Data: 3 bytes");
	data_conn_free(d);
	/* the server's address: a connection from the client's port to it */
	tcp_conn_say(k, true, "EPRT |1|10.0.0.2|1026|\r\n", FTP, "FTP|Request: EPRT |1|10.0.0.2|1026|");
	tcp_conn_say(k, true, "NLST\r\n", FTP, "FTP|Request: NLST");
	d = data_conn(k, 1026, 3000);
	data_say(d, false, "y\r\n", DATA_ANNOUNCED ":data-text-lines", "FTP-DATA|FTP Data: 3 bytes (EPRT) (NLST)");
	data_conn_free(d);
	/* three delimiters, an unknown family, an empty field: none */
	tcp_conn_say(k, true, "EPRT |1|10.0.0.2|\r\n", FTP, "FTP|Request: EPRT |1|10.0.0.2|");
	g_assert_false(tcp_conn_keeps(k, "ftp.eprt.port"));
	tcp_conn_say(k, true, "EPRT |3|10.0.0.2|1|\r\n", FTP, "FTP|Request: EPRT |3|10.0.0.2|1|");
	g_assert_false(tcp_conn_keeps(k, "ftp.eprt.af"));
	tcp_conn_say(k, true, "EPRT |1||1|\r\n", FTP, "FTP|Request: EPRT |1||1|");
	g_assert_false(tcp_conn_keeps(k, "ftp.eprt.af"));
	tcp_conn_free(k);
}

/* The six numbers of PORT and 227 as Wireshark finds them: the first run
 * starting at a digit, any text around, each number modulo 256. */
static void test_pasv_forms(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 21);
	tcp_conn_say(k, false, "227 Data transfer will passively listen to 10,0,0,2,260,1\r\n", FTP,
		     "FTP|Response: 227 Data transfer will passively listen to 10,0,0,2,260,1");
	g_assert_true(tcp_conn_keeps(k, "ftp.passive.port == 1025"));
	tcp_conn_say(k, false, "227 =1,2 then 10,0,0,2,0,21\r\n", FTP, "FTP|Response: 227 =1,2 then 10,0,0,2,0,21");
	g_assert_true(tcp_conn_keeps(k, "ftp.passive.port == 21 && ftp.passive.ip == 10.0.0.2"));
	tcp_conn_say(k, false, "227 no address (10,0,0,2,4)\r\n", FTP, "FTP|Response: 227 no address (10,0,0,2,4)");
	g_assert_false(tcp_conn_keeps(k, "ftp.passive.port"));
	/* a line of a multi-line response: no code, all of it the argument */
	tcp_conn_say(k, false, " continued\r\n", FTP, "FTP|Response:  continued");
	g_assert_true(tcp_conn_keeps(k, "ftp.response.arg == \" continued\" && !ftp.response.code"));
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ftp/pasv", test_pasv);
	g_test_add_func("/ftp/port", test_port);
	g_test_add_func("/ftp/epsv", test_epsv);
	g_test_add_func("/ftp/eprt", test_eprt);
	g_test_add_func("/ftp/pasv-forms", test_pasv_forms);
	return g_test_run();
}
