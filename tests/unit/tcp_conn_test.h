/* tcp_conn_test.h — one TCP connection built segment by segment for unit
 * tests of protocols that TCP carries: client 10.0.0.1:CPORT, server
 * 10.0.0.2:SPORT, raw IPv4 frames, sequence numbers that follow on, each
 * segment dissected in the connection's session.  Included by the tests;
 * the helpers are static. */
#ifndef ANALYZE_TCP_CONN_TEST_H
#define ANALYZE_TCP_CONN_TEST_H

#include <glib.h>
#include <string.h>

#include "analyzer/filter/filter.h"
#include "dissect/column.h"
#include "dissect/session.h"
#include "dissect_test.h"

#define TCP_CONN_MAX_PAYLOAD 8000

struct tcp_conn {
	struct dissect_session *s;
	uint16_t cport, sport;
	uint8_t buf[40 + TCP_CONN_MAX_PAYLOAD];
	struct frame f;
	struct packet p;
	uint64_t number;
	uint32_t seq[2];   /* next TCP sequence number: [0] client, [1] server */
	char stack[2048];  /* the last segment's layer stack */
	char cols[8192];   /* and its "PROTOCOL|INFO" */
};

static inline struct tcp_conn *tcp_conn_new(uint16_t cport, uint16_t sport)
{
	struct tcp_conn *k = g_new0(struct tcp_conn, 1);
	k->s = dissect_session_new();
	k->cport = cport;
	k->sport = sport;
	k->seq[0] = 1000;
	k->seq[1] = 5000;
	return k;
}

static inline void tcp_conn_free(struct tcp_conn *k)
{
	dissect_session_free(k->s);
	g_free(k);
}

/* Dissects frame F in session S into P: its layer stack into STACK (N
 * bytes) and its "PROTOCOL|INFO" into COLS (M bytes). */
static inline void conn_dissect(struct dissect_session *s, const struct frame *f, struct packet *p, char *stack,
				size_t n, char *cols, size_t m)
{
	dissect_frame_in(p, f, s, false);
	layer_stack(p, stack, n);
	struct columns c = {.info = g_string_new(NULL)};
	columns_fill(&c, p);
	g_snprintf(cols, m, "%s|%s", c.proto, c.info->str);
	g_string_free(c.info, TRUE);
}

/* Dissects a segment from the client (TO_SERVER) or the server with LEN
 * payload bytes of which CAPLEN are captured; fills stack and cols. */
static inline void tcp_conn_send_flags(struct tcp_conn *k, bool to_server, const uint8_t *payload, uint32_t len,
				       uint32_t caplen, uint8_t flags);

static inline void tcp_conn_send(struct tcp_conn *k, bool to_server, const uint8_t *payload, uint32_t len,
				 uint32_t caplen)
{
	tcp_conn_send_flags(k, to_server, payload, len, caplen, 0x18);
}

/* The same with the TCP flags FLAGS (0x18: PSH, ACK; 0x11: FIN, ACK). */
static inline void tcp_conn_send_flags(struct tcp_conn *k, bool to_server, const uint8_t *payload, uint32_t len,
				       uint32_t caplen, uint8_t flags)
{
	g_assert_cmpuint(len, <=, TCP_CONN_MAX_PAYLOAD);
	uint8_t *ip = k->buf, *th = k->buf + 20;
	memset(k->buf, 0, 40);
	ip[0] = 0x45;
	ip[2] = (uint8_t)((40 + len) >> 8);
	ip[3] = (uint8_t)(40 + len);
	ip[8] = 64;
	ip[9] = 6;
	ip[12] = 10, ip[15] = to_server ? 1 : 2;
	ip[16] = 10, ip[19] = to_server ? 2 : 1;
	uint16_t sport = to_server ? k->cport : k->sport, dport = to_server ? k->sport : k->cport;
	th[0] = (uint8_t)(sport >> 8), th[1] = (uint8_t)sport;
	th[2] = (uint8_t)(dport >> 8), th[3] = (uint8_t)dport;
	uint32_t seq = k->seq[to_server ? 0 : 1];
	for (int i = 0; i < 4; i++)
		th[4 + i] = (uint8_t)(seq >> (24 - 8 * i));
	th[12] = 5 << 4;
	th[13] = flags;
	th[14] = 0x10;
	memmove(k->buf + 40, payload, len);
	k->seq[to_server ? 0 : 1] += len + ((flags & 0x01) ? 1 : 0);
	k->f = (struct frame){.number = ++k->number, .caplen = 40 + caplen, .len = 40 + len,
			      .linktype = LINKTYPE_RAW, .data = k->buf};
	conn_dissect(k->s, &k->f, &k->p, k->stack, sizeof k->stack, k->cols, sizeof k->cols);
}

/* Sends TEXT from the client (TO_SERVER) or the server in one segment and
 * checks its layers and its "PROTOCOL|INFO". */
static inline void tcp_conn_say(struct tcp_conn *k, bool to_server, const char *text, const char *stack,
				const char *cols)
{
	uint32_t len = (uint32_t)strlen(text);
	tcp_conn_send(k, to_server, (const uint8_t *)text, len, len);
	g_assert_cmpstr(k->stack, ==, stack);
	g_assert_cmpstr(k->cols, ==, cols);
}

/* Whether display filter TEXT keeps the last segment of K. */
static inline bool tcp_conn_keeps(struct tcp_conn *k, const char *text)
{
	GError *err = NULL;
	g_autoptr(dfilter) f = dfilter_compile(text, &err);
	if (!f)
		g_error("'%s': %s", text, err->message);
	return dfilter_match(f, &k->p);
}

/* The same for a payload given in hexadecimal digits. */
static inline void tcp_conn_send_hex(struct tcp_conn *k, bool to_server, const char *hex)
{
	uint8_t b[TCP_CONN_MAX_PAYLOAD];
	uint32_t n = 0;
	for (; hex[0] && hex[1] && n < sizeof b; hex += 2)
		b[n++] = (uint8_t)(g_ascii_xdigit_value(hex[0]) << 4 | g_ascii_xdigit_value(hex[1]));
	tcp_conn_send(k, to_server, b, n, n);
}

#endif
