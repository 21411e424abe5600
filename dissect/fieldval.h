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

struct protocol;

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

/* field_values() for one field asked of packet after packet (a display
 * filter asks every frame): what that looks up by name and by descriptor on
 * each call is looked up once.  A field at a fixed place in the layers of
 * its own protocol (tcp.port, ip.addr, eth.type, tcp.flags ...) is then
 * read straight from those layers; any other goes field_values()'s way.
 * Either way the values, their order and their count are field_values()'s. */
struct field_plan {
	const struct proto_def *proto;
	const struct field_def *f;
	const struct protocol *pr;      /* direct: the descriptor of the layers read */
	const struct field_def *part[2]; /* direct: what each layer gives, in order
	                                  * (a pair's two fields; else F, NULL) */
	bool direct;
	bool uints;                     /* direct, and every value an FV_UINT */
};

/* The most values a field has in one packet read through a plan: two in
 * each layer. */
#define FIELD_PLAN_MAX (2 * PKT_MAX_LAYERS)

/* Plans the reading of field F of protocol PROTO (F NULL or either NULL:
 * a plan that gives nothing, as field_values() does).  Cannot fail. */
void field_plan_init(struct field_plan *pl, const struct proto_def *proto, const struct field_def *f);
/* field_values(P, the plan's protocol and field, FN, DATA). */
unsigned field_plan_values(const struct field_plan *pl, const struct packet *p, fvalue_fn fn, void *data);
/* For a plan with .uints: the numbers field_values() gives, in order, into
 * OUT (room for FIELD_PLAN_MAX); returns how many.  Cannot fail. */
unsigned field_plan_uints(const struct field_plan *pl, const struct packet *p, uint64_t *out);

/* The values of field F in layer IDX of P only (F one of that layer's
 * protocol's fields), to FN; returns how many.  Fields that name two
 * others (ip.addr, tcp.port) give nothing here: they are not shown. */
unsigned layer_field_values(const struct packet *p, int idx, const struct field_def *f, fvalue_fn fn, void *data);
/* The values of a `frame` field. */
unsigned frame_field_values(const struct packet *p, const struct field_def *f, fvalue_fn fn, void *data);
/* The bytes layer L of P counts its offsets from, CAP of them: the
 * frame's, or for a layer completed from earlier segments the kept start
 * of its message.  Cannot fail. */
const uint8_t *fv_layer_base(const struct packet *p, const struct layer *l, uint32_t *cap);
/* Whether F names two other fields (ip.addr is ip.src and ip.dst). */
bool field_is_pair(const struct field_def *f);

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
