/* fieldval.h — the values a field has in one dissected packet, for display
 * filters and field output.  A field may occur several times in a frame
 * (ip.addr: source and destination; tunnels: each IP header; several DNS
 * questions): every occurrence is given, in frame order.  Layers quoted in
 * an ICMP error count, as in Wireshark's filters; a message completed from
 * earlier segments or fragments (PKT_REASSEMBLED layers) gives the values in
 * its kept start (the packet's reasm bytes). */
#ifndef ANALYZE_FIELDVAL_H
#define ANALYZE_FIELDVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "dissect/field.h"
#include "dissect/packet.h"

enum fv_kind {
	FV_NONE,    /* present, no value: a protocol, a label */
	FV_UINT,    /* u: unsigned integers, booleans (0/1), frame numbers */
	FV_INT,     /* i */
	FV_DOUBLE,  /* d */
	FV_TIME,    /* i: nanoseconds (FT_RELTIME: a span; FT_ABSTIME: since the epoch) */
	FV_BYTES,   /* ptr, len */
	FV_STRING,  /* ptr, len: not NUL-terminated */
	FV_IPV4,    /* ptr: 4 bytes */
	FV_IPV6,    /* ptr: 16 bytes */
	FV_ETHER,   /* ptr: 6 bytes */
};

struct fvalue {
	uint8_t kind;        /* enum fv_kind */
	uint64_t u;
	int64_t i;
	double d;
	const uint8_t *ptr;  /* into the frame, or into static storage valid until the next call */
	uint32_t len;
};

/* Receives one value; returns false to stop the walk. */
typedef bool (*fvalue_fn)(const struct fvalue *v, void *data);

/* Gives every occurrence of field F (of protocol PROTO) in P to FN; returns
 * how many were given.  Unknown or absent: 0. */
unsigned field_values(const struct packet *p, const struct proto_def *proto, const struct field_def *f,
		      fvalue_fn fn, void *data);

/* The values of field F in layer IDX of P only (F one of that layer's
 * protocol's fields), to FN; returns how many.  Fields that name two
 * others (ip.addr, tcp.port) give nothing here: they are not shown. */
unsigned layer_field_values(const struct packet *p, int idx, const struct field_def *f, fvalue_fn fn, void *data);
/* The values of a `frame` field. */
unsigned frame_field_values(const struct packet *p, const struct field_def *f, fvalue_fn fn, void *data);
/* Whether F names two other fields (ip.addr is ip.src and ip.dst). */
bool field_is_pair(const struct field_def *f);

/* The fields of layer L of P that a header reader gives, whose place or
 * presence depends on the header's contents (SLL's two layouts, Ethernet
 * address bits, TCP and IPv4 options, IPv6 extension headers, VLAN length
 * or type, IGMP by version, ISAKMP payloads, message bodies ...), from the
 * layer's bytes D (N of them), to FN; false when ABBREV is not one. */
bool header_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			 const char *abbrev, fvalue_fn fn, void *data);

/* The same for the small protocols of fieldval_ext.c (link types of a
 * host's own traffic, Ethernet control protocols, WireGuard, BJNP, XMPP). */
bool ext_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
		      const char *abbrev, fvalue_fn fn, void *data);

/* The TLS fields of a layer's bytes B (N of them), record by record, to
 * FN; FIRST_WHOLE when the first record was completed from earlier
 * segments (B then keeps only its start); TLS13 when the connection chose
 * TLS 1.3.  Returns how many were given. */
unsigned tls_field_values(const uint8_t *b, uint32_t n, bool first_whole, bool tls13, const char *abbrev,
			  fvalue_fn fn, void *data);

/* The DNS fields that are parsed from the message B (N bytes) of a layer of
 * PROTO (DNS, mDNS or LLMNR) to FN: questions, records and their data, the
 * flags.  False when ABBREV is none of them. */
bool dns_field_values(const uint8_t *b, uint32_t n, uint8_t proto, const char *abbrev, fvalue_fn fn, void *data);

/* The fields of one BitTorrent layer's bytes D (N of them): a handshake's,
 * a message's by its type, or continuation data. */
unsigned bittorrent_field_values(const uint8_t *d, uint32_t n, const char *abbrev, fvalue_fn fn, void *data);

/* The Kerberos fields of one Kerberos layer's bytes B (N of them: a message,
 * after its record mark over TCP), every occurrence in the order of the
 * message's encoding (a TGS-REQ's AP-REQ, a ticket's realm).  Returns how
 * many were given. */
unsigned kerberos_field_values(const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn, void *data);
/* The same for a Kerberos GSS-API mechanism token B (N bytes: its token id
 * or its InitialContextToken framing first) holding an AP-REQ, AP-REP or
 * KRB-ERROR. */
unsigned kerberos_token_values(const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn, void *data);

/* The BitTorrent DHT fields of a datagram B (N bytes), in Wireshark's
 * tree order; the uTP extension fields and segment length of a uTP
 * datagram.  Both return how many values were given. */
unsigned bt_dht_field_values(const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn, void *data);
unsigned bt_utp_field_values(const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn, void *data);

/* The first value of field ABBREV in P (any layer); false when it has
 * none or ABBREV names no field. */
bool pkt_field_first(const struct packet *p, const char *abbrev, struct fvalue *out);
/* The same as a number; DFLT when absent or not a number. */
uint64_t pkt_field_uint(const struct packet *p, const char *abbrev, uint64_t dflt);
/* The first value of string field ABBREV as Wireshark shows ASCII text (up
 * to a NUL, a byte outside ASCII as U+FFFD), NUL-terminated in BUF of CAP
 * bytes and cut to fit; "" when absent.  Returns BUF. */
const char *pkt_field_text(const struct packet *p, const char *abbrev, char *buf, size_t cap);
/* Up to MAX values of field ABBREV in P into OUT, in order; how many. */
unsigned pkt_field_all(const struct packet *p, const char *abbrev, struct fvalue *out, unsigned max);

/* How many layers of PROTO P has (quoted layers included); the pseudo
 * protocol `frame` is always there once. */
unsigned proto_count(const struct packet *p, enum proto_id proto);

#endif
