/* field.h — the field registry: one declarative table per protocol.
 *
 * Every field a report, a filter or the detail tree can name is declared once,
 * with Wireshark's filter name, its display name, its type and how to show it.
 * Fields at a fixed place in their protocol's header also say where (offset
 * from the layer start, size, bit mask), so a generic reader can fetch them
 * from a dissected packet; fields that need work (options, computed values)
 * say FIELD_VAR and are produced by their protocol's code. */
#ifndef ANALYZE_FIELD_H
#define ANALYZE_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dissect/packet.h"

enum ftype {
	FT_PROTOCOL,  /* the protocol itself (presence) */
	FT_NONE,      /* a label or subtree without a value */
	FT_BOOLEAN,
	FT_UINT8, FT_UINT16, FT_UINT24, FT_UINT32, FT_UINT64,
	FT_INT32,
	FT_ETHER,     /* 6-byte MAC address */
	FT_IPV4,
	FT_IPV6,
	FT_BYTES,
	FT_STRING,
	FT_RELTIME,   /* seconds, nanosecond resolution */
	FT_ABSTIME,
	FT_FRAMENUM,
	FT_DOUBLE,
	FT_GUID,     /* 16 bytes in canonical (big-endian) order, shown 8-4-4-4-12 */
};

enum fbase {
	BASE_NONE, BASE_DEC, BASE_HEX, BASE_DEC_HEX, BASE_OCT,
	/* a number stored little-endian, shown in decimal or hex */
	BASE_DEC_LE, BASE_HEX_LE,
	BASE_UTF8, /* a string of UTF-8 text, shown as it is (not as ASCII) */
};

/* Whether a number of base B is stored little-endian; shown in hex. */
static inline bool base_le(uint8_t b)
{
	return b == BASE_DEC_LE || b == BASE_HEX_LE;
}

static inline bool base_hex(uint8_t b)
{
	return b == BASE_HEX || b == BASE_HEX_LE;
}

/* A value and its name; tables end with {0, NULL}. */
struct value_string {
	uint32_t value;
	const char *name;
};

#define FIELD_VAR 0xffff /* the field has no fixed place in the header */

struct field_def {
	const char *abbrev;              /* filter name: "tcp.srcport" */
	const char *name;                /* display name: "Source Port" */
	uint8_t type;                    /* enum ftype */
	uint8_t base;                    /* enum fbase */
	uint16_t offset;                 /* byte offset from the layer start, or FIELD_VAR */
	uint8_t size;                    /* bytes at `offset` (1, 2, 4, 6, 16) */
	uint32_t mask;                   /* bits of the value, 0 = all */
	const struct value_string *vals; /* value names or NULL */
};

struct proto_def {
	enum proto_id id;
	const char *abbrev;              /* "tcp" */
	const char *name;                /* "Transmission Control Protocol" */
	const struct field_def *fields;  /* the protocol's table */
	size_t n_fields;
};

/* The protocol with ID; cannot fail for a valid id. */
const struct proto_def *proto_get(enum proto_id id);
/* Protocol by filter name, or NULL. */
const struct proto_def *proto_lookup(const char *abbrev);
/* Field by filter name ("tcp.srcport"), or NULL; PROTO_OUT (may be NULL)
 * receives the protocol the field belongs to. */
const struct field_def *field_lookup(const char *abbrev, const struct proto_def **proto_out);
/* Why ABBREV, a Wireshark field with no value here, is not one of ours
 * ("its bytes depend on the cipher ..."), or NULL when it is no such field. */
const char *field_not_extracted(const char *abbrev);

/* The integer field F (of 1 to 8 bytes) holds in its bytes at B: in its
 * byte order, masked and shifted down by its mask. */
static inline uint64_t field_uint_at(const uint8_t *b, const struct field_def *f)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < f->size; i++)
		v = base_le(f->base) ? v | (uint64_t)b[i] << (8 * i) : v << 8 | b[i];
	if (f->mask) {
		v &= f->mask;
		v >>= __builtin_ctz(f->mask);
	}
	return v;
}

/* Reads a fixed-place integer field from layer LAYER of packet P.  Returns
 * false when the field is FIELD_VAR or its bytes were not captured. */
bool field_read_uint(const struct packet *p, const struct layer *layer, const struct field_def *f, uint64_t *out);

/* The states of a checksum (the `.checksum.status` fields): what a
 * checksum left unverified, absent or checked is, as Wireshark numbers them. */
enum { CHECKSUM_BAD = 0, CHECKSUM_GOOD = 1, CHECKSUM_UNVERIFIED = 2, CHECKSUM_NOT_PRESENT = 3, CHECKSUM_ILLEGAL = 4 };
extern const struct value_string checksum_status_vals[];

/* Name of VALUE in VALS, or NULL. */
const char *value_name(const struct value_string *vals, uint32_t value);

/* How deep dissection must go for a filter or field output to see field F
 * (NULL: the protocol P itself): DEPTH_TRANSPORT links, IP, transport and
 * tunnels (LOOP_TRANSPORT); DEPTH_APPLICATION application protocols
 * (LOOP_APPLICATION); DEPTH_TRACKED TCP conversation analysis as well
 * (LOOP_TRACKED).  The protocol's descriptor tells (.transport, .depth). */
enum field_depth { DEPTH_TRANSPORT, DEPTH_APPLICATION, DEPTH_TRACKED };
int field_depth(const struct proto_def *p, const struct field_def *f);

/* A protocol's field table as its file exports it. */
struct field_table {
	const struct field_def *fields;
	size_t n;
};

/* In a protocol file, after `static const struct field_def NAME_fields[]`. */
#define FIELD_TABLE_DEFINE(name) \
	const struct field_table name##_table = {name##_fields, sizeof name##_fields / sizeof name##_fields[0]}
/* Where a descriptor in another file refers to it (.fields). */
#define FIELD_TABLE(name) extern const struct field_table name##_table

#endif
