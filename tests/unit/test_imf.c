/* Unit tests of IMF (dissect/imf.c): the mail an SMTP client sends after
 * DATA, gathered over segments built here, shown with its Info where the
 * line holding only "." ends it. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/session.h"
#include "dissect_test.h"

/* One SMTP connection: client 10.0.0.1:40001, server 10.0.0.2:25. */
struct conn {
	struct dissect_session *s;
	uint8_t buf[8000];
	struct frame f;
	struct packet p;
	uint64_t number;
	uint32_t seq[2];   /* next TCP sequence number: [0] client, [1] server */
	char stack[256], cols[5000];
};

/* Dissects TEXT sent by the client (TO_SERVER) or the server; fills the
 * layer stack and "PROTOCOL|INFO". */
static void say(struct conn *k, bool to_server, const char *text)
{
	uint32_t len = (uint32_t)strlen(text);
	uint8_t *ip = k->buf, *th = k->buf + 20;
	memset(k->buf, 0, 40);
	ip[0] = 0x45;
	ip[2] = (uint8_t)((40 + len) >> 8);
	ip[3] = (uint8_t)(40 + len);
	ip[8] = 64;
	ip[9] = 6;
	ip[12] = 10, ip[15] = to_server ? 1 : 2;
	ip[16] = 10, ip[19] = to_server ? 2 : 1;
	uint16_t sport = to_server ? 40001 : 25, dport = to_server ? 25 : 40001;
	th[0] = (uint8_t)(sport >> 8), th[1] = (uint8_t)sport;
	th[2] = (uint8_t)(dport >> 8), th[3] = (uint8_t)dport;
	uint32_t seq = k->seq[to_server ? 0 : 1];
	for (int i = 0; i < 4; i++)
		th[4 + i] = (uint8_t)(seq >> (24 - 8 * i));
	th[12] = 5 << 4;
	th[13] = 0x18;
	th[14] = 0x10;
	memcpy(k->buf + 40, text, len);
	k->seq[to_server ? 0 : 1] += len;
	k->f = (struct frame){.number = ++k->number, .caplen = 40 + len, .len = 40 + len,
			      .linktype = LINKTYPE_RAW, .data = k->buf};
	dissect_frame_in(&k->p, &k->f, k->s, false);
	layer_stack(&k->p, k->stack, sizeof k->stack);
	struct columns c = {.info = g_string_new(NULL)};
	columns_fill(&c, &k->p);
	g_snprintf(k->cols, sizeof k->cols, "%s|%s", c.proto, c.info->str);
	g_string_free(c.info, TRUE);
}

static struct conn *conn_new(void)
{
	struct conn *k = g_new0(struct conn, 1);
	k->s = dissect_session_new();
	k->seq[0] = 1000;
	k->seq[1] = 5000;
	return k;
}

static void conn_free(struct conn *k)
{
	dissect_session_free(k->s);
	g_free(k);
}

/* A mail over two segments: From and a folded Subject in the Info, then
 * the body's lines (a line split between the segments read whole). */
static void test_imf_mail(void)
{
	struct conn *k = conn_new();
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
	conn_free(k);
}

/* A body in MIME parts is not listed; a text one is. */
static void test_imf_mime(void)
{
	struct conn *k = conn_new();
	say(k, true, "DATA\r\n");
	say(k, true, "Subject: m\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\npre\r\n--XX--\r\n.\r\n");
	g_assert_cmpstr(k->cols, ==, "SMTP/IMF|subject: m, ");
	say(k, true, "DATA\r\n");
	say(k, true, "Subject: h\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n.\r\n");
	g_assert_cmpstr(k->cols, ==, "SMTP/IMF|subject: h, , <p>x</p>  ");
	conn_free(k);
}

/* The Info stops at 4095 bytes, as Wireshark's column does; a segment
 * sent again is not read twice. */
static void test_imf_long(void)
{
	struct conn *k = conn_new();
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
	conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/imf/mail", test_imf_mail);
	g_test_add_func("/imf/mime", test_imf_mime);
	g_test_add_func("/imf/long", test_imf_long);
	return g_test_run();
}
