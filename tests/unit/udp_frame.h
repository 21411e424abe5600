/* udp_frame.h — the frame under test of the tests of protocols on UDP
 * and TCP ports (test_appports.c, test_telecom.c): built from hex bytes as
 * a UDP datagram, dissected again for each check of its columns, its
 * frame.protocols, a display filter and its expert items.  Static: each
 * test program has its own frame. */
#ifndef ANALYZE_TEST_UDP_FRAME_H
#define ANALYZE_TEST_UDP_FRAME_H

#include <glib.h>
#include <string.h>

#include "analyzer/filter/filter.h"
#include "dissect/expert.h"
#include "frame_build.h"

/* The frame under test, dissected once per check. */
static struct built frame;

/* FRAME as UDP from SPORT to DPORT carrying the bytes of HEX. */
static void udp_hex(uint16_t sport, uint16_t dport, const char *hex)
{
	uint8_t d[1500];
	build_udp(&frame, sport, dport, d, unhex(d, hex));
}

/* FRAME's "PROTOCOL|INFO". */
static const char *cols(void)
{
	static char buf[512];
	return cols_of(&frame, buf, sizeof buf);
}

/* FRAME's frame.protocols. */
static const char *protocols(void)
{
	static char buf[256];
	struct packet p;
	struct frame fr;
	run_frame(&p, &fr, frame.b, frame.n, frame.n, LINKTYPE_ETHERNET);
	return frame_protocols(&p, buf, sizeof buf);
}

/* Whether display filter TEXT keeps FRAME. */
static bool keeps(const char *text)
{
	GError *err = NULL;
	g_autoptr(dfilter) f = dfilter_compile(text, &err);
	if (!f)
		g_error("'%s': %s", text, err->message);
	struct packet p;
	struct frame fr;
	run_frame(&p, &fr, frame.b, frame.n, frame.n, LINKTYPE_ETHERNET);
	return dfilter_match(f, &p);
}

static void collect(const struct expert_item *it, void *data)
{
	GString *s = data;
	g_string_append_printf(s, "%s%s: %s", s->len ? "; " : "", it->protocol, it->summary);
}

/* FRAME's expert items, "PROTO: summary; ...". */
static const char *experts(void)
{
	static char buf[512];
	struct packet p;
	struct frame fr;
	run_frame(&p, &fr, frame.b, frame.n, frame.n, LINKTYPE_ETHERNET);
	g_autoptr(GString) s = g_string_new(NULL);
	experts_fill(&p, collect, s);
	g_strlcpy(buf, s->str, sizeof buf);
	return buf;
}

#endif
