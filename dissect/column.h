/* column.h — the packet list's columns of a frame, built as Wireshark
 * builds them: bottom-up over the frame's layers in dissection order, each
 * protocol writing through the function its descriptor names (set, append
 * or prepend Info text, clear it, fence what must stay, name itself in the
 * Protocol column, give the addresses of the Source and Destination).
 *
 * Info is edited after its fence only: col_clear() and col_set() keep what
 * lies before it, so a lower layer's fenced text ("[TCP Retransmission] ")
 * survives the layers above it. */
#ifndef ANALYZE_COLUMN_H
#define ANALYZE_COLUMN_H

#include <glib.h>
#include <stdbool.h>

#include "dissect/fieldval.h"
#include "dissect/packet.h"

struct value_string;

#define COL_PROTO_MAX 32
#define COL_ADDR_MAX 64

struct columns {
	char src[COL_ADDR_MAX], dst[COL_ADDR_MAX];
	char proto[COL_PROTO_MAX]; /* the Protocol column */
	GString *info;             /* the Info column; owned by the caller */
	gsize fence;               /* Info's first byte that may be changed */
	bool proto_locked;         /* the Protocol column may no longer change */
	bool locked;               /* neither Protocol nor Info may change: later
	                            * layers write only the addresses */
};

/* A protocol's part in the columns of P, whose layer IDX is one of its own.
 * It runs after the layers below it have written theirs. */
typedef void (*col_fn)(struct columns *c, const struct packet *p, int idx);
/* What a protocol shows of a message of its own that is not complete in
 * this frame P, from its first N bytes kept at PDU (written before TCP marks
 * the segment as part of a reassembled message). */
typedef void (*col_partial_fn)(struct columns *c, const struct packet *p, const uint8_t *pdu, uint32_t n);

/* Builds the columns of P into C (C->info must be a GString; everything is
 * reset first).  Cannot fail. */
void columns_fill(struct columns *c, const struct packet *p);

/* Has layers FROM to the last write their parts of the columns C of P,
 * as columns_fill() has every layer: a tunnel that shows what its inner
 * packet wrote (GTP's "GTP <DNS>") has them write before it adds its own
 * and locks the columns. */
void col_fill_layers(struct columns *c, const struct packet *p, int from);
/* The note of the exception that stopped the dissection of P (pkt_exception())
 * appended to Info, as columns_fill() does at the end unless the columns are
 * locked: for a protocol that locks them after an exception its payload's
 * dissector caught (Ethernet's type dispatch). */
void col_exception(struct columns *c, const struct packet *p);

/* The Protocol column: NAME (cut to fit), unless it is locked. */
void col_proto(struct columns *c, const char *name);
/* Locks the Protocol column as it is (what follows in the frame may not
 * change it). */
void col_lock_proto(struct columns *c);
/* Locks the Protocol and Info columns as they are: the layers after write
 * only the addresses (Wireshark's col_set_writable(FALSE), as PIM's
 * Register sets it before its data packet). */
void col_lock(struct columns *c);
/* The Source and Destination columns (either may be NULL: left as is). */
void col_addrs(struct columns *c, const char *src, const char *dst);
/* Info after the fence emptied. */
void col_clear(struct columns *c);
/* A protocol's .partial that clears the Info before asking TCP for the rest
 * of its message (TLS, Kerberos). */
void col_partial_clear(struct columns *c, const struct packet *p, const uint8_t *pdu, uint32_t n);
/* Info after the fence replaced by the text. */
void col_set(struct columns *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* The text added at Info's end. */
void col_append(struct columns *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* The text added at Info's end, after SEP when Info is not empty. */
void col_append_sep(struct columns *c, const char *sep, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* The text put before all of Info (a fence moves along). */
void col_prepend(struct columns *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* The text put before all of Info, and fenced with whatever was fenced. */
void col_prepend_fence(struct columns *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Fences Info as it is now: later layers add to it, never take from it. */
void col_fence(struct columns *c);

/* VALUE's name in NAMES (COUNT of them, NULL for none) added to Info, or
 * "Unknown (VALUE)". */
void col_append_name(struct columns *c, const char *const *names, size_t count, uint32_t value);
/* Info after the fence replaced by VALUE's name in VALS, or by UNKNOWN (a
 * format taking VALUE, "Unknown (0x%02x)") when it has none. */
void col_set_value(struct columns *c, const struct value_string *vals, uint32_t value, const char *unknown);
/* Wireshark's short name of protocol ID (its descriptor's), or for an id
 * with no descriptor (a DCE/RPC interface: the layer below writes the
 * columns) its filter name in capitals.  Cannot fail. */
const char *proto_short_name(enum proto_id id);
/* The Protocol column: the short name of layer IDX's protocol. */
void col_short_name(struct columns *c, const struct packet *p, int idx);

/* The start of most protocols' columns: the short name of layer IDX's
 * protocol in the Protocol column, Info emptied.  Returns the layer's
 * bytes as col_layer_bytes() does, *N of them. */
const uint8_t *col_begin(struct columns *c, const struct packet *p, int idx, uint32_t *n);

/* What a protocol with no column function shows: its short name, its long
 * name as the Info. */
void col_default(struct columns *c, const struct packet *p, int idx);

/* The layer a packet list's line speaks of: the last one that writes to
 * the columns (not data, a marker, quoted in an ICMP error or nested in
 * another's tree); -1 when none.  Cannot fail. */
int col_top_layer(const struct packet *p);
/* Whether layer IDX follows another message of its own protocol in the
 * frame (the nearest lower layer that writes columns is of the same
 * protocol): a second PDU of a segment, which Wireshark joins to the
 * first's Info rather than replacing it. */
bool col_follows_same(const struct packet *p, int idx);

/* The bytes of layer IDX of P from its first byte (the frame's, or for a
 * layer completed from earlier segments the kept start of its message), and
 * how many are there. */
const uint8_t *col_layer_bytes(const struct packet *p, int idx, uint32_t *n);

/* The text D[0..N) added to Info as Wireshark shows a string read as ASCII:
 * printable ASCII as it is, \a \b \f \n \r \t \v and other control bytes
 * escaped (octal), a byte above 0x7f as U+FFFD. */
void col_append_text(struct columns *c, const uint8_t *d, uint32_t n);
/* The bytes D[0..N) added to OUT as Wireshark shows raw bytes taken as
 * UTF-8 (its format_text()): printable ASCII and printable characters of
 * well-formed sequences as they are, ASCII control bytes escaped as
 * col_append_text() does, a sequence that breaks off or names no character
 * as U+FFFD (a byte that breaks one is read again as a start), other
 * characters not printable as \uXXXX or \UXXXXXXXX. */
void text_append_utf8(GString *out, const uint8_t *d, uint32_t n);
/* The same, up to where the bytes its dissector was given end (the layer's
 * len, which a protocol over UDP sets to the datagram's end): what is said
 * stops where the message's reading stops. */
const uint8_t *col_layer_given(const struct packet *p, int idx, uint32_t *n);

/* What a text protocol shows (HTTP, SSDP): its first line (up to 160
 * bytes, a byte that is no printable ASCII as '.'). */
void col_first_line(struct columns *c, const struct packet *p, int idx);
/* HTTP's expert items (a request or status line is a chat), for the
 * protocols read as HTTP too (dissect/http.c). */
struct experts;
void http_expert(struct experts *e, const struct packet *p, int idx);

/* The value-table name of VALUE for field ABBREV, or NULL. */
const char *col_value_name(const char *abbrev, uint64_t value);

/* NS as seconds with DIGITS decimals (at most 9), cut as Wireshark's time
 * column cuts them, in BUF of N bytes. */
void col_time_text(char *buf, size_t n, int64_t ns, unsigned digits);
/* The decimals of the time column for frame F: as many as its file records. */
static inline unsigned col_time_digits(const struct frame *f)
{
	return f->ts_digits ? f->ts_digits : 9;
}

/* The values of a column field (_ws.col.Info ...) of P, to FN: one string
 * each, valid until the next call.  Returns 1. */
unsigned col_field_values(const struct packet *p, const struct field_def *f, fvalue_fn fn, void *data);

#endif
