/* frame_build.h — building test frames byte by byte (Ethernet and IPv4,
 * then the caller's transport), and reading back their packet-list
 * columns.  Included by the column tests; the helpers are static. */
#ifndef ANALYZE_TEST_FRAME_BUILD_H
#define ANALYZE_TEST_FRAME_BUILD_H

#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect_test.h"

/* A frame under construction. */
struct built {
	uint8_t b[1600];
	uint32_t n;
};

static inline void put16(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 8), b[1] = (uint8_t)v;
}

static inline void put32(uint8_t *b, uint32_t v)
{
	put16(b, v >> 16), put16(b + 2, v & 0xffff);
}

/* Ethernet and IPv4 (10.0.0.1 -> 10.0.0.2, ID 1, don't fragment) for
 * PROTO carrying L4 bytes; the checksum is left 0. */
static inline void build_ip(struct built *f, uint8_t proto, uint32_t l4)
{
	static const uint8_t eth[14] = {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00};
	memset(f->b, 0, sizeof f->b);
	memcpy(f->b, eth, sizeof eth);
	uint8_t *ip = f->b + 14;
	ip[0] = 0x45;
	put16(ip + 2, 20 + l4);
	put16(ip + 4, 1);
	ip[6] = 0x40;
	ip[8] = 64;
	ip[9] = proto;
	put32(ip + 12, 0x0a000001);
	put32(ip + 16, 0x0a000002);
	f->n = 34 + l4;
}

/* HEX (pairs of digits) as bytes at B; returns how many. */
static inline uint32_t unhex(uint8_t *b, const char *hex)
{
	uint32_t n = 0;
	for (; hex[0] && hex[1]; hex += 2)
		b[n++] = (uint8_t)(g_ascii_xdigit_value(hex[0]) << 4 | g_ascii_xdigit_value(hex[1]));
	return n;
}

/* Ethernet, IPv4 and UDP from SPORT to DPORT carrying the N bytes at DATA. */
static inline void build_udp(struct built *f, uint16_t sport, uint16_t dport, const void *data, uint32_t n)
{
	g_assert_cmpuint(n, <=, sizeof f->b - 42);
	build_ip(f, 17, 8 + n);
	uint8_t *u = f->b + 34;
	put16(u, sport), put16(u + 2, dport);
	put16(u + 4, 8 + n);
	memcpy(u + 8, data, n);
}

/* The Protocol and Info columns of F, as "PROTO|INFO" in BUF. */
static inline const char *cols_of(const struct built *f, char *buf, size_t n)
{
	struct packet p;
	struct frame fr;
	struct columns c = {.info = g_string_new(NULL)};
	run_frame(&p, &fr, f->b, f->n, f->n, LINKTYPE_ETHERNET);
	columns_fill(&c, &p);
	g_snprintf(buf, n, "%s|%s", c.proto, c.info->str);
	g_string_free(c.info, TRUE);
	return buf;
}

#endif
