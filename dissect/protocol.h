/* protocol.h — a protocol's descriptor: what the engine knows of it besides
 * its dissector and field table.  Each protocol file defines its own, on
 * the line after its id (packet.h),
 *
 *	PROTOCOL_ID(TCP, "tcp", "Transmission Control Protocol");
 *	const struct protocol proto_tcp = {PROTO_TCP, .columns = tcp_columns};
 *
 * and the build lists it (PROTOCOL_DESCRIPTORS, read by protocols.c). */
#ifndef ANALYZE_PROTOCOL_H
#define ANALYZE_PROTOCOL_H

#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/fieldval.h"
#include "dissect/packet.h"

/* Gives the values of field F in layer L of P to FN (with DATA), in the
 * order Wireshark shows them.  F is one of the protocol's fields without a
 * fixed place (FIELD_VAR; all of them with .values_all) or one of the
 * fields of the protocol it .shows.  D is the layer's bytes, N of them
 * (the frame's, or the kept start of a message completed from earlier
 * segments), NULL when none were captured. */
typedef void (*values_fn)(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			  const struct field_def *f, fvalue_fn fn, void *data);
/* One line a protocol adds to its layer's detail tree besides its fields
 * (Wireshark's generated subtrees: TCP's [SEQ/ACK analysis]). */
struct tree_line {
	int depth;                     /* 1: beside the layer's fields; 2: inside
	                                * the depth-1 line before it; ... */
	const char *abbrev;            /* the filter name of what it shows, NULL: none */
	const struct field_def *field; /* the field whose value it shows, or NULL */
	const struct fvalue *value;    /* with FIELD: the value */
	const char *label;             /* without FIELD: the text ("SEQ/ACK analysis") */
};
typedef void (*tree_line_fn)(const struct tree_line *l, void *data);
/* A protocol's extra tree lines for layer IDX of P, in order, to FN. */
typedef void (*tree_fn)(const struct packet *p, int idx, tree_line_fn fn, void *data);

/* Where the engine hands a protocol bytes (Wireshark's handoff): a key of
 * a dispatch table, a heuristic list, or a UDP or TCP conversation an earlier
 * frame announced.  A protocol lists its own in its descriptor; the engine
 * builds its tables from every descriptor's list (handoff.c). */
enum handoff_kind {
	HANDOFF_END,        /* ends a list */
	HANDOFF_LINKTYPE,   /* a capture's link type (LINKTYPE_*) */
	HANDOFF_ETHERTYPE,  /* Ethernet type, also after VLAN tags, SLL, GRE, LLC/SNAP ... */
	HANDOFF_IP_PROTO,   /* IPv4 protocol / IPv6 next header */
	HANDOFF_UDP_PORT,   /* either port of a datagram (the lower tried first) */
	HANDOFF_TCP_PORT,   /* either port of a segment (the lower tried first) */
	HANDOFF_UDP_HEUR,   /* tried on datagrams no port claims, by rank */
	HANDOFF_TCP_HEUR,   /* tried on segments no port claims, by rank */
	HANDOFF_UDP_CONV,   /* datagrams of a conversation an earlier frame announced
	                     * for the protocol lo (enum proto_id; session.h) */
	HANDOFF_TCP_CONV,   /* a TCP connection an earlier frame announced for the
	                     * protocol lo (session_expect_tcp(), session.h) */
};
#define HANDOFF_TUNNEL 1u   /* carries whole frames: followed even when only the
                             * transport headers are wanted */
struct handoff {
	uint8_t kind;           /* enum handoff_kind */
	uint8_t flags;          /* HANDOFF_TUNNEL */
	uint32_t lo, hi;        /* the keys lo..hi; heuristics: lo is the rank */
	dissector_fn fn;
};
#define LINKTYPE(k, fn) {HANDOFF_LINKTYPE, 0, (k), (k), (fn)}
#define LINKTYPES(lo, hi, fn) {HANDOFF_LINKTYPE, 0, (lo), (hi), (fn)}
#define ETHERTYPE(k, fn) {HANDOFF_ETHERTYPE, 0, (k), (k), (fn)}
#define IP_PROTO(k, fn) {HANDOFF_IP_PROTO, 0, (k), (k), (fn)}
#define UDP_PORT(k, fn) {HANDOFF_UDP_PORT, 0, (k), (k), (fn)}
#define UDP_PORTS(lo, hi, fn) {HANDOFF_UDP_PORT, 0, (lo), (hi), (fn)}
#define UDP_TUNNEL_PORT(k, fn) {HANDOFF_UDP_PORT, HANDOFF_TUNNEL, (k), (k), (fn)}
#define TCP_PORT(k, fn) {HANDOFF_TCP_PORT, 0, (k), (k), (fn)}
#define TCP_PORTS(lo, hi, fn) {HANDOFF_TCP_PORT, 0, (lo), (hi), (fn)}
/* Heuristics run in rising RANK (dissect/README.md lists the ranks taken). */
#define UDP_HEUR(rank, fn) {HANDOFF_UDP_HEUR, 0, (rank), (rank), (fn)}
#define TCP_HEUR(rank, fn) {HANDOFF_TCP_HEUR, 0, (rank), (rank), (fn)}
#define UDP_CONV(proto, fn) {HANDOFF_UDP_CONV, 0, (proto), (proto), (fn)}
#define TCP_CONV(proto, fn) {HANDOFF_TCP_CONV, 0, (proto), (proto), (fn)}
#define HANDOFF_LIST_END {HANDOFF_END, 0, 0, 0, NULL}

/* The id of a descriptor whose dissector shows no layer of its own (NFLOG
 * hands its packet straight to IP): it only registers handoffs. */
#define PROTO_NO_LAYER PROTO_COUNT

/* A field that is two others of its protocol, both given in order
 * (ip.addr: ip.src, then ip.dst). */
struct field_pair {
	const char *name, *first, *second;
};

struct protocol {
	enum proto_id id;       /* PROTO_NO_LAYER: only .handoff and .framing count */
	const char *short_name; /* Wireshark's short name ("IPv4", "PPP LCP", "DHCP/BOOTP"):
	                         * the Protocol column unless .columns writes another,
	                         * and the protocol its expert items name */
	const struct field_table *fields; /* its fields (FIELD_TABLE_DEFINE); NULL: none */
	col_fn columns;         /* its part in the packet list's columns; NULL: col_default() */
	col_partial_fn partial; /* what it shows of a message of its own that TCP
	                         * gathers over segments, in a segment where it
	                         * reads the message's start again (NULL: nothing) */
	expert_fn expert;       /* its expert items; NULL: none */
	values_fn values;       /* its fields' values that are not at a fixed place; NULL: none */
	bool values_all;        /* .values gives the fixed-place fields too (TLS: every record's) */
	enum proto_id shows;    /* a protocol whose fields its layers give as well, through
	                         * .values (mDNS: DNS's); 0 (frame): none */
	const char *shows_only; /* only this one of them (IPv6: "ip.version"); NULL: all */
	bool shows_values;      /* its layers give the fields, yet are not that protocol
	                         * (SSDP has HTTP's fields but is no "http" frame) */
	tree_fn tree;           /* its lines after its fields in the detail tree; NULL: none */
	const char *const *tree_fields; /* NULL-terminated: the fields whose names
	                                 * start so are shown by .tree only, not
	                                 * among the fields */
	const char *const *hidden; /* NULL-terminated: fields filters and -e give
	                            * but the detail tree and JSON leave out
	                            * (Wireshark's hidden ones: ip.src_host) */
	bool transport;         /* reached without reading TCP or UDP payload (links, IP,
	                         * transport, tunnels): its fields need only
	                         * DEPTH_TRANSPORT (field_depth()) */
	int (*depth)(const struct field_def *f); /* the depth (enum field_depth) a filter on F
	                         * needs (F NULL: the protocol itself), -1 for the
	                         * protocol's own; NULL: always its own */
	bool (*absent)(const struct packet *p, const struct layer *l, const struct field_def *f);
	                        /* whether layer L lacks its fixed-place field F (an
	                         * Ethernet type that is a length; STUN's ChannelData);
	                         * NULL: it has every one its bytes reach */
	const char *(*protocols_after)(const struct packet *p, int idx);
	                        /* what frame.protocols names after layer IDX of this
	                         * protocol ("ethertype", "data"); NULL: nothing */
	const struct field_pair *pairs; /* its fields that are two others, ending
	                                 * with {NULL}; NULL: none */
	const struct handoff *handoff;  /* where the engine hands it bytes, ending with
	                                 * HANDOFF_LIST_END; NULL: only other
	                                 * protocols call its dissector */
	const struct pdu_framing *framing; /* how its dissectors' messages are framed
	                                    * over TCP, ending with {NULL}; NULL: not framed */
};

/* Keeps TEXT (cut to fit) as the Info protocol PROTO worked out for P
 * (packet.app_info).  Cannot fail. */
static inline void pkt_set_app_info(struct packet *p, enum proto_id proto, const char *text, size_t n)
{
	if (n >= PKT_APP_INFO_MAX)
		n = PKT_APP_INFO_MAX - 1;
	memcpy(p->app_info, text, n);
	p->app_info[n] = 0;
	p->app_info_len = (uint16_t)n;
	p->app_info_proto = (uint16_t)proto;
}

/* The descriptor of protocol ID, or NULL when it has none.  Cannot fail. */
const struct protocol *protocol_of(enum proto_id id);
/* The Nth descriptor of the list (protocols.c), NULL past its end. */
const struct protocol *protocol_nth(size_t n);

#endif
