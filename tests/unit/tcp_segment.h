/* tcp_segment.h — a decoded IPv4/TCP packet made without bytes, for the
 * tests of what follows TCP conversations (the tracker, the handshake-RTT
 * listener).  The helper is static. */
#ifndef ANALYZE_TEST_TCP_SEGMENT_H
#define ANALYZE_TEST_TCP_SEGMENT_H

#include <string.h>

#include "dissect/packet.h"

/* Fills *P (and *F, frame NUMBER at T_NS) as one TCP segment
 * 10.0.0.A:AP -> 10.0.0.B:BP with FLAGS, SEQ, ACK, LEN payload bytes and
 * window WIN, sent with TTL 64. */
static inline void tcp_segment(struct packet *p, struct frame *f, uint64_t number, int64_t t_ns, int a, uint16_t ap,
			       int b, uint16_t bp, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len, uint16_t win)
{
	memset(p, 0, sizeof *p);
	*f = (struct frame){.number = number, .ts_ns = t_ns};
	p->frame = f;
	p->nlayers = 3;
	p->layers[1].proto = PROTO_IP;
	p->layers[2].proto = PROTO_TCP;
	p->ip_layer = 1;
	p->l4_layer = 2;
	p->ip_version = 4;
	p->ip_ttl = 64;
	memcpy(p->ip_src, (uint8_t[]){10, 0, 0, (uint8_t)a}, 4);
	memcpy(p->ip_dst, (uint8_t[]){10, 0, 0, (uint8_t)b}, 4);
	p->sport = ap;
	p->dport = bp;
	p->tcp_flags = flags;
	p->tcp_seq = seq;
	p->tcp_ack = ack;
	p->tcp_len = len;
	p->tcp_window = win;
}

#endif
