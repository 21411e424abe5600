/* conv.h — the conversations and endpoints listener (Wireshark's
 * Conversations and Endpoints tables) for one address type: Ethernet, IPv4,
 * IPv6, TCP or UDP.  Every header of that type in a frame (outside ICMP error
 * quotes) counts the frame and its wire bytes once: a tunnelled frame counts
 * for its outer and its inner IP conversation.  When the frames come with
 * TCP tracked (tcp.stream), a TCP connection reusing the ports of an earlier
 * one is a conversation of its own, as in Wireshark. */
#ifndef ANALYZE_CONV_H
#define ANALYZE_CONV_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "dissect/packet.h"

typedef enum { CONV_ETH, CONV_IP, CONV_IPV6, CONV_TCP, CONV_UDP } ConvType;

/* Parses "eth", "ip", "ipv6", "tcp" or "udp". */
bool conv_type_parse(const char *name, ConvType *type);
const char *conv_type_name(ConvType type);

/* An address as a report shows it: a MAC, an IPv4 or an IPv6 address. */
struct conv_addr {
	uint8_t kind;            /* 0 MAC, 4 IPv4, 6 IPv6 */
	uint8_t bytes[16];
	uint16_t port;           /* TCP/UDP only */
};

struct conversation {
	struct conv_addr a, b;   /* A is the source of the first frame seen */
	uint64_t frames_ab, bytes_ab, frames_ba, bytes_ba;
	int64_t first_ns, last_ns;  /* the earliest and the latest frame's time */
	uint64_t order;
};

struct endpoint {
	struct conv_addr addr;
	uint64_t tx_frames, tx_bytes, rx_frames, rx_bytes;
	uint64_t order;
};

typedef struct conv_state conv_state;

conv_state *conv_new(ConvType type);
void conv_free(conv_state *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(conv_state, conv_free)

void conv_packet(conv_state *s, const struct packet *p);

/* Time of the first frame counted (any type), for relative starts. */
int64_t conv_first_ns(const conv_state *s);
/* Time of the first frame of the file that frame came from, counted or not
 * (tshark's times are relative to it). */
int64_t conv_origin_ns(const conv_state *s);

/* Conversations by total frames (then bytes, then first seen); endpoints by
 * total frames likewise.  The arrays point into S. */
GPtrArray *conv_conversations(conv_state *s);
GPtrArray *conv_endpoints(conv_state *s);
/* The same by total frames alone, ties in the order first seen, as tshark's
 * -z conv and -z endpoints tables list them. */
GPtrArray *conv_conversations_by_frames(conv_state *s);
GPtrArray *conv_endpoints_by_frames(conv_state *s);

/* Partial results: a state read back.  C and E (copied) join S as they
 * are, keeping their counts, times and order; nothing is counted into them
 * afterwards.  An address already there is replaced.  Cannot fail. */
void conv_add_conversation(conv_state *s, const struct conversation *c);
void conv_add_endpoint(conv_state *s, const struct endpoint *e);
/* Whether a frame was counted; *FIRST_NS and *ORIGIN_NS as conv_first_ns
 * and conv_origin_ns give them. */
bool conv_times(const conv_state *s, int64_t *first_ns, int64_t *origin_ns);
void conv_set_times(conv_state *s, bool any, int64_t first_ns, int64_t origin_ns);
ConvType conv_type(const conv_state *s);

#endif
