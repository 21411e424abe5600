/* Unit tests of the text protocols on their usual ports (POP, IMAP, NNTP, IRC, ...):
 * connections built here segment by segment, each segment's layers and
 * its Protocol and Info columns as tshark 4.0 shows the same bytes, fields
 * through display filters, messages over several segments and several
 * lines in one segment. */
#include <glib.h>
#include <string.h>

#include "analyzer/filter/filter.h"
#include "frame_build.h"
#include "tcp_conn_test.h"

#define POP "raw:ip:tcp:pop"
#define POP_IMF "raw:ip:tcp:pop:imf"

/* POP: requests to port 110 and responses, their fields; lines after the
 * first as data. */
static void test_pop(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 110);
	tcp_conn_say(k, false, "+OK POP3 ready <1.2@x>\r\n", POP, "POP|S: +OK POP3 ready <1.2@x>");
	g_assert_true(tcp_conn_keeps(k, "pop.response.indicator == \"+OK\" && pop.response.description == \"POP3 ready <1.2@x>\""));
	g_assert_true(tcp_conn_keeps(k, "pop.response == \"\" && !pop.request && !pop.response.data"));
	tcp_conn_say(k, true, "USER bob\r\n", POP, "POP|C: USER bob");
	g_assert_true(tcp_conn_keeps(k, "pop.request.command == \"USER\" && pop.request.parameter == \"bob\" && pop.request"));
	g_assert_false(tcp_conn_keeps(k, "pop.response || pop.response.indicator"));
	tcp_conn_say(k, false, "-ERR no such user\r\n", POP, "POP|S: -ERR no such user");
	g_assert_true(tcp_conn_keeps(k, "pop.response.indicator == \"-ERR\" && pop.response.description == \"no such user\""));
	/* one word, no parameter; two lines in one segment */
	tcp_conn_say(k, true, "STAT\r\nNOOP\r\n", POP, "POP|C: STAT");
	g_assert_true(tcp_conn_keeps(k, "pop.request.command == \"STAT\" && !pop.request.parameter && pop.request.data == \"\""));
	tcp_conn_say(k, false, "+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n", POP, "POP|S: +OK 2 messages");
	g_assert_true(tcp_conn_keeps(k, "count(pop.response.data) == 3"));
	/* a multi-line answer's lines in a segment of their own: data, a
	 * message of its own when no size was announced */
	tcp_conn_say(k, false, "+OK\r\n", POP, "POP|S: +OK");
	tcp_conn_say(k, false, "1 120\r\n.\r\n", POP_IMF, "POP/IMF|1 120  , .  ");
	g_assert_false(tcp_conn_keeps(k, "pop.response || pop.response.indicator"));
	/* a server's line that starts with neither (case counts) */
	tcp_conn_say(k, false, "+ok\r\n", POP_IMF, "POP/IMF|+ok  ");
	tcp_conn_say(k, true, "QUIT\r\n", POP, "POP|C: QUIT");
	tcp_conn_free(k);
}

/* POP: RETR's answer announces the size; data segments are gathered up to
 * it and the last shows the mail as IMF. */
static void test_pop_retr(void)
{
	struct tcp_conn *k = tcp_conn_new(40000, 110);
	tcp_conn_say(k, true, "RETR 1\r\n", POP, "POP|C: RETR 1");
	tcp_conn_say(k, false, "+OK 60 octets\r\n", POP, "POP|S: +OK 60 octets");
	tcp_conn_say(k, false, "From: a@b.c\r\nSubject: hi there\r\n\r\nline one\r\n", POP, "POP|S: DATA fragment, 44 bytes");
	k->seq[1] -= 44; /* sent again: counted once */
	tcp_conn_send(k, false, (const uint8_t *)"From: a@b.c\r\nSubject: hi there\r\n\r\nline one\r\n", 44, 44);
	tcp_conn_say(k, false, "line two\r\n.\r\n", POP, "POP|S: DATA fragment, 13 bytes");
	tcp_conn_say(k, false, "x\r\n", POP_IMF, "POP/IMF|from: a@b.c, subject: hi there, , line one  , line two  , .  , x  ");
	/* a size that is no number: each data segment on its own; a line that
	 * is no header ends the headers */
	tcp_conn_say(k, true, "TOP 2 0\r\n", POP, "POP|C: TOP 2 0");
	tcp_conn_say(k, false, "+OK abc\r\n", POP, "POP|S: +OK abc");
	tcp_conn_say(k, false, "X-A: 1\r\nno header\r\nFrom: q\r\n\r\nbody\r\n", POP_IMF, "POP/IMF|body  ");
	tcp_conn_say(k, false, "zz\r\n", POP_IMF, "POP/IMF|zz  ");
	/* "+OK  7": spaces before the size; 1 byte, then 9 */
	tcp_conn_say(k, true, "retr 3\r\n", POP, "POP|C: retr 3");
	tcp_conn_say(k, false, "+OK  7 octets\r\n", POP, "POP|S: +OK  7 octets");
	tcp_conn_say(k, false, "a", POP, "POP|S: DATA fragment, 1 byte");
	tcp_conn_say(k, false, "bc\r\n.\r\n\r\n", POP_IMF, "POP/IMF|abc  , .  ,   ");
	/* the size is read only after RETR or TOP */
	tcp_conn_say(k, false, "+OK 50\r\n", POP, "POP|S: +OK 50");
	tcp_conn_say(k, false, "q\r\n", POP_IMF, "POP/IMF|q  ");
	tcp_conn_free(k);
}

/* The same for a segment whose message goes on in the next: TCP's Info. */
static void say_part(struct tcp_conn *k, bool to_server, const char *text, const char *stack)
{
	uint32_t len = (uint32_t)strlen(text);
	tcp_conn_send(k, to_server, (const uint8_t *)text, len, len);
	g_assert_cmpstr(k->stack, ==, stack);
	g_assert_true(g_str_has_prefix(k->cols, "TCP|"));
	g_assert_true(g_str_has_suffix(k->cols, " [TCP segment of a reassembled PDU]"));
}

#define IMAP "raw:ip:tcp:imap"
#define IMAP_SEGS "raw:ip:tcp:imap:tcp.segments"
#define TCP_PART "raw:ip:tcp"

/* IMAP: tagged lines' fields, untagged lines, several lines to a segment. */
static void test_imap(void)
{
	struct tcp_conn *k = tcp_conn_new(40001, 143);
	tcp_conn_say(k, false, "* OK IMAP4rev1 ready\r\n", IMAP, "IMAP|Response: * OK IMAP4rev1 ready");
	g_assert_true(tcp_conn_keeps(k, "imap.isrequest == 0 && imap.line == \"* OK IMAP4rev1 ready\\r\\n\" && !imap.response"));
	tcp_conn_say(k, true, "a001 LOGIN bob \"secret\"\r\n", IMAP, "IMAP|Request: a001 LOGIN bob \"secret\"");
	g_assert_true(tcp_conn_keeps(k, "imap.isrequest && imap.request == \"a001 LOGIN bob \\\"secret\\\"\""));
	g_assert_true(tcp_conn_keeps(k, "imap.request_tag == \"a001\" && imap.tag == \"a001\" && imap.request.command == \"LOGIN\""));
	g_assert_true(tcp_conn_keeps(k, "imap.command == \"LOGIN\" && imap.request.username == \"bob\" && imap.request.password == \"secret\""));
	tcp_conn_say(k, false, "a001 OK LOGIN completed\r\n", IMAP, "IMAP|Response: a001 OK LOGIN completed");
	g_assert_true(tcp_conn_keeps(k, "imap.response_tag == \"a001\" && imap.response.status == \"OK\" && imap.response.command == \"LOGIN\""));
	g_assert_true(tcp_conn_keeps(k, "imap.command == \"LOGIN\" && !imap.request"));
	/* untagged lines before the tagged one: the Info is the tagged one's */
	tcp_conn_say(k, true, "a002 SELECT INBOX\r\n", IMAP, "IMAP|Request: a002 SELECT INBOX");
	g_assert_true(tcp_conn_keeps(k, "imap.request.folder == \"INBOX\""));
	tcp_conn_say(k, false, "* 18 EXISTS\r\n* 2 RECENT\r\na002 OK [READ-WRITE] done\r\na9 BAD x\r\n", IMAP,
	    "IMAP|Response: a002 OK [READ-WRITE] done");
	g_assert_true(tcp_conn_keeps(k, "count(imap.line) == 4 && count(imap.response) == 2 && imap.response.status == \"BAD\""));
	g_assert_true(tcp_conn_keeps(k, "imap.response.command == \"[READ-WRITE]\""));
	/* UID names the command after it; COPY's folder is its second word */
	tcp_conn_say(k, true, "a3 UID fetch 1:3 (FLAGS)\r\na4 COPY 1:2 Trash\r\n", IMAP, "IMAP|Request: a3 UID fetch 1:3 (FLAGS)");
	g_assert_true(tcp_conn_keeps(k, "imap.request.command.uid && imap.request.command == \"fetch\" && imap.command == \"UID\""));
	g_assert_true(tcp_conn_keeps(k, "imap.request.folder == \"Trash\" && count(imap.request.command) == 2"));
	/* a second space starts an empty word: no command, no response command */
	tcp_conn_say(k, true, "a6  SELECT x\r\n", IMAP, "IMAP|Request: a6  SELECT x");
	g_assert_true(tcp_conn_keeps(k, "imap.request_tag == \"a6\" && !imap.request.command && !imap.request.folder"));
	tcp_conn_say(k, false, "a6 OK  SELECT\r\n", IMAP, "IMAP|Response: a6 OK  SELECT");
	g_assert_true(tcp_conn_keeps(k, "imap.response.status == \"OK\" && !imap.response.command"));
	/* LOGIN with a password shorter than two bytes: malformed, as Wireshark */
	tcp_conn_say(k, true, "a7 LOGIN bob p\r\na8 NOOP\r\n", IMAP, "IMAP|Request: a7 LOGIN bob p[Malformed Packet]");
	g_assert_true(tcp_conn_keeps(k, "imap.request.username == \"bob\" && !imap.request.password && count(imap.request) == 1"));
	/* only untagged lines: the segment's start, as long as the last line */
	tcp_conn_say(k, false, "* A\r\n* BBBBBBB\r\n", IMAP, "IMAP|Response: * A\\r\\n* BB");
	tcp_conn_say(k, true, "\r\n", IMAP, "IMAP|Request: ");
	g_assert_false(tcp_conn_keeps(k, "imap.request"));
	tcp_conn_free(k);
}

/* IMAP: a line not ended waits for the next segment; a FETCH literal
 * waits until it has all come and shows the message as IMF. */
static void test_imap_held(void)
{
	struct tcp_conn *k = tcp_conn_new(40001, 143);
	say_part(k, true, "a2 SEL", TCP_PART);
	tcp_conn_say(k, true, "ECT x\r\na3 NO", IMAP_SEGS, "IMAP|Request: a2 SELECT x");
	g_assert_true(tcp_conn_keeps(k, "imap.request.folder == \"x\" && tcp.segments"));
	tcp_conn_say(k, true, "OP\r\n", IMAP_SEGS, "IMAP|Request: a3 NOOP");
	/* the FETCH line read: IMAP named in the segments that wait */
	say_part(k, false, "* 1 FETCH (BODY[] {43}\r\nFrom: a@b\r\nSubject: s\r\n\r\nline1\r\n", IMAP);
	g_assert_true(tcp_conn_keeps(k, "imap && !imap.line"));
	say_part(k, false, "line2 xx", IMAP);
	tcp_conn_say(k, false, "x\r\n)\r\na1 OK done\r\n* 2 EXI", "raw:ip:tcp:imap:imf:tcp.segments",
	    "IMAP/IMF|from: a@b, subject: s, , line1  , line2 xxx  ");
	g_assert_true(tcp_conn_keeps(k, "imap.response.status == \"OK\" && count(imap.line) == 3"));
	tcp_conn_say(k, false, "STS\r\n", IMAP_SEGS, "IMAP|Response: * 2 EXISTS");
	/* what was read ends within the bytes held: all of them are read again
	 * with the next segment, as Wireshark's TCP hands them over */
	say_part(k, true, "a8 SEL", TCP_PART);
	say_part(k, true, "ECT\r", TCP_PART);
	tcp_conn_say(k, true, "x", IMAP, "IMAP|Request: a8 SELECT");
	g_assert_false(tcp_conn_keeps(k, "tcp.segments"));
	tcp_conn_say(k, true, "y\r\n", IMAP_SEGS, "IMAP|Request: a8 SELECT");
	g_assert_true(tcp_conn_keeps(k, "count(imap.request) == 2 && imap.request == \"xy\""));
	/* a literal over many segments: they wait, the last shows the mail */
	GString *body = g_string_new("Subject: big\r\n\r\n");
	for (int i = 0; i < 2000; i++)
		g_string_append(body, "0123456789");
	g_string_append(body, "\r\n");
	GString *big = g_string_new(NULL);
	g_string_printf(big, "* 5 FETCH (BODY[] {%zu}\r\n%s)\r\n", body->len, body->str);
	g_string_free(body, TRUE);
	for (gsize at = 0; at + 1000 < big->len; at += 1000) {
		tcp_conn_send(k, false, (const uint8_t *)big->str + at, 1000, 1000);
		g_assert_true(g_str_has_suffix(k->cols, " [TCP segment of a reassembled PDU]"));
	}
	gsize last = big->len % 1000 ? big->len % 1000 : 1000;
	tcp_conn_send(k, false, (const uint8_t *)big->str + big->len - last, (uint32_t)last, (uint32_t)last);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:imap:imf:tcp.segments");
	g_assert_true(g_str_has_prefix(k->cols, "IMAP/IMF|subject: big, , 0123456789"));
	g_string_free(big, TRUE);
	/* two literals in one segment: two messages */
	tcp_conn_say(k, false, "* 3 FETCH (UID 9 BODY[] {5}\r\nabcde)\r\n* 4 FETCH (UID 10 {2}\r\nxy)\r\n", "raw:ip:tcp:imap:imf:imf",
	    "IMAP/IMF/IMF|xy");
	tcp_conn_free(k);
}

#define NNTP "raw:ip:tcp:nntp"

/* NNTP: each segment's first line, by direction; the direction as fields. */
static void test_nntp(void)
{
	struct tcp_conn *k = tcp_conn_new(40002, 119);
	tcp_conn_say(k, false, "200 news.example.com ready\r\n", NNTP, "NNTP|Response: 200 news.example.com ready");
	g_assert_true(tcp_conn_keeps(k, "nntp.response && !nntp.request"));
	tcp_conn_say(k, true, "GROUP misc.test\r\n", NNTP, "NNTP|Request: GROUP misc.test");
	g_assert_true(tcp_conn_keeps(k, "nntp.request == 1 && !nntp.response"));
	tcp_conn_say(k, true, "ARTICLE 3000234\r\nHEAD\r\n", NNTP, "NNTP|Request: ARTICLE 3000234");
	tcp_conn_say(k, false, "220 3000234 <4@example.com>\r\nPath: x\r\n", NNTP, "NNTP|Response: 220 3000234 <4@example.com>");
	/* an article's lines in the next segment; a line split over two */
	tcp_conn_say(k, false, "body\r\n.\r\n", NNTP, "NNTP|Response: body");
	tcp_conn_say(k, true, "QU", NNTP, "NNTP|Request: QU");
	tcp_conn_say(k, true, "IT\r\n", NNTP, "NNTP|Request: IT");
	tcp_conn_say(k, false, "\r\n", NNTP, "NNTP|Response: ");
	tcp_conn_free(k);
}

#define IRC "raw:ip:tcp:irc"

/* IRC: a command per line, several lines to a segment; prefixes,
 * parameters, trailers and CTCP data as fields. */
static void test_irc(void)
{
	struct tcp_conn *k = tcp_conn_new(40003, 6667);
	tcp_conn_say(k, true, "NICK bob\r\nUSER bob 0 * :Bob Smith\r\n", IRC, "IRC|Request (NICK) (USER)");
	g_assert_true(tcp_conn_keeps(k, "irc.request == \"USER bob 0 * :Bob Smith\" && irc.request.command == \"USER\""));
	g_assert_true(tcp_conn_keeps(k, "count(irc.request.command_parameter) == 4 && irc.request.trailer == \"Bob Smith\""));
	g_assert_false(tcp_conn_keeps(k, "irc.response || irc.request.prefix"));
	tcp_conn_say(k, false, ":irc.example.net 001 bob :Welcome\r\n:irc.example.net 002 bob :Hi\r\nPING :x\r\n", IRC,
	    "IRC|Response (001) (002) (PING)");
	g_assert_true(tcp_conn_keeps(k, "irc.response.prefix == \"irc.example.net\" && irc.response.num_command == 2"));
	g_assert_true(tcp_conn_keeps(k, "count(irc.response.num_command) == 2 && irc.response.trailer == \"x\""));
	g_assert_true(tcp_conn_keeps(k, "irc.response.command == \"PING\" && irc.response.command_parameter == \"bob\""));
	/* CTCP in a trailer, and between 0x01 bytes among the parameters */
	tcp_conn_say(k, true, "PRIVMSG #c :\001ACTION waves\001\r\n", IRC, "IRC|Request (PRIVMSG)");
	g_assert_true(tcp_conn_keeps(k, "irc.ctcp == \"ACTION waves\" && irc.request.trailer == \"\\x01ACTION waves\\x01\""));
	tcp_conn_say(k, true, "PRIVMSG #c a\001b c\001d :e\r\n", IRC, "IRC|Request (PRIVMSG)");
	g_assert_true(tcp_conn_keeps(k, "irc.ctcp == \"b \" && irc.request.command_parameter == \"d\" && irc.request.trailer == \"e\""));
	/* a 0x01 Wireshark finds no end for (it looks from the trailer's start
	 * over as many bytes as the trailer is longer than its offset) */
	tcp_conn_say(k, true, "FETCH :LOGIN }\001{:\r\n", IRC, "IRC|Request (FETCH)");
	g_assert_true(tcp_conn_keeps(k, "irc.request.trailer == \"LOGIN }\\x01{:\" && !irc.ctcp"));
	/* a prefix with no space after it, no command, an empty line, extra spaces */
	tcp_conn_say(k, true, ":pfx\r\n", IRC, "IRC|Request");
	g_assert_true(tcp_conn_keeps(k, "irc.request == \":pfx\" && !irc.request.prefix"));
	tcp_conn_say(k, true, "   \r\n\r\nJOIN  #a   #b  \r\n", IRC, "IRC|Request (JOIN)");
	g_assert_true(tcp_conn_keeps(k, "count(irc.request) == 2 && count(irc.request.command_parameter) == 2"));
	/* a line without its end is read as it is */
	tcp_conn_say(k, false, "123 x", IRC, "IRC|Response (123)");
	g_assert_true(tcp_conn_keeps(k, "irc.response.num_command == 123 && irc.response.command_parameter == \"x\""));
	tcp_conn_free(k);
	/* Wireshark's other port */
	k = tcp_conn_new(40003, 57000);
	tcp_conn_say(k, true, "QUIT\r\n", IRC, "IRC|Request (QUIT)");
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/textproto/pop", test_pop);
	g_test_add_func("/textproto/pop-retr", test_pop_retr);
	g_test_add_func("/textproto/imap", test_imap);
	g_test_add_func("/textproto/imap-held", test_imap_held);
	g_test_add_func("/textproto/nntp", test_nntp);
	g_test_add_func("/textproto/irc", test_irc);
	return g_test_run();
}
