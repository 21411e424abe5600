/* Unit tests of IMF (dissect/imf.c): the mail an SMTP client sends after
 * DATA, gathered over segments built here, shown with its Info where the
 * line holding only "." ends it. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/session.h"
#include "tcp_conn_test.h"

/* One SMTP connection: client 10.0.0.1:40001, server 10.0.0.2:25; TEXT
 * sent by the client (TO_SERVER) or the server in one segment. */
static void say(struct tcp_conn *k, bool to_server, const char *text)
{
	uint32_t len = (uint32_t)strlen(text);
	tcp_conn_send(k, to_server, (const uint8_t *)text, len, len);
}

/* A mail over two segments: From and a folded Subject in the Info, then
 * the body's lines (a line split between the segments read whole). */
static void test_imf_mail(void)
{
	struct tcp_conn *k = tcp_conn_new(40001, 25);
	say(k, false, "220 mx ESMTP\r\n");
	say(k, true, "MAIL FROM:<a@b>\r\n");
	say(k, true, "DATA\r\n");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:smtp");
	say(k, false, "354 go\r\n");
	say(k, true, "From: Alice <a@b>\r\nTo: c@d\r\nSubject: Hello\r\n\tthere\r\n\r\nline one\twith tab\r\n..dot");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:smtp");
	say(k, true, "ted\r\n\r\nlast\r\n.\r\n");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:smtp:imf");
	g_assert_cmpstr(k->cols, ==,
			"SMTP/IMF|from: Alice <a@b>, subject: Hello\\r\\n\\tthere, , line one with tab  , ..dotted  ,   , "
			"last  ");
	say(k, true, "QUIT\r\n");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:smtp");
	tcp_conn_free(k);
}

/* A body in MIME parts is not listed; a text one is. */
static void test_imf_mime(void)
{
	struct tcp_conn *k = tcp_conn_new(40001, 25);
	say(k, true, "DATA\r\n");
	say(k, true, "Subject: m\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\npre\r\n--XX--\r\n.\r\n");
	g_assert_cmpstr(k->cols, ==, "SMTP/IMF|subject: m, ");
	say(k, true, "DATA\r\n");
	say(k, true, "Subject: h\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n.\r\n");
	g_assert_cmpstr(k->cols, ==, "SMTP/IMF|subject: h, , <p>x</p>  ");
	tcp_conn_free(k);
}

/* The Info stops at 4095 bytes, as Wireshark's column does; a segment
 * sent again is not read twice. */
static void test_imf_long(void)
{
	struct tcp_conn *k = tcp_conn_new(40001, 25);
	say(k, true, "DATA\r\n");
	char line[1002];
	memset(line, 'x', 1000);
	memcpy(line + 1000, "\r\n", 2);
	g_autoptr(GString) body = g_string_new("Subject: long\r\n\r\n");
	for (int i = 0; i < 5; i++)
		g_string_append_len(body, line, sizeof line);
	say(k, true, body->str);
	k->seq[0] -= (uint32_t)body->len; /* a retransmission */
	say(k, true, body->str);
	say(k, true, ".\r\n");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:smtp:imf");
	g_assert_cmpuint(strlen(k->cols), ==, strlen("SMTP/IMF|") + 4095);
	g_assert_true(g_str_has_prefix(k->cols, "SMTP/IMF|subject: long, , xxx"));
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/imf/mail", test_imf_mail);
	g_test_add_func("/imf/mime", test_imf_mime);
	g_test_add_func("/imf/long", test_imf_long);
	return g_test_run();
}
