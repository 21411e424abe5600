/* gquic.c — gQUIC's packet-list columns: "Client Hello, PKN: 1, CID: 42"
 * for a packet whose frames are in the clear, "Payload (Encrypted), PKN: 7"
 * for the others, "Public Reset, CID: 42" for a reset.
 *
 * After the public header (flags, 8-byte connection id when 0x08, version
 * when 0x01, a server's 32-byte nonce when 0x04 from Q033, packet number of
 * 1/2/4/6 bytes by bits 0x30), or Q046's long or short header (gq_header),
 * come a 12-byte message authentication hash, a private flags byte before
 * Q034, and the frames.  A packet is in the clear when a walk over its
 * frames reaches a STREAM frame whose data opens with a handshake message
 * tag (CHLO, SHLO, REJ) or a CONNECTION_CLOSE whose reason ends the packet.
 * A packet that names no version is read by the version its conversation
 * named before (gquic_conn_state). */
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expect.h"
#include "dissect/expert.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

/* A little- or big-endian (Q039 on) unsigned of N bytes at B. */
static uint64_t gq_uint(const uint8_t *b, unsigned n, bool big)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)b[big ? i : n - 1 - i] << (8 * (n - 1 - i));
	return v;
}

static const unsigned gq_len_4[4] = {1, 2, 4, 6}; /* packet number and ack lengths */

/* The walk's state: bytes from AT to N of B. */
struct gq_walk {
	const uint8_t *b;
	uint32_t n, at;
	unsigned pkn_len;
	bool old, big; /* before Q034: private flags and entropy bytes */
};

static uint32_t gq_left(const struct gq_walk *w)
{
	return w->at < w->n ? w->n - w->at : 0;
}

/* An ACK frame of type FT, skipped; false when the packet ends inside. */
static bool gq_skip_ack(struct gq_walk *w, uint8_t ft)
{
	unsigned largest = gq_len_4[(ft >> 2) & 3], missing = gq_len_4[ft & 3];
	w->at += 1 + (w->old ? 1 : 0) + largest + 2;
	if (!w->old && (ft & 0x20)) {
		if (gq_left(w) <= 1)
			return false;
		unsigned blocks = w->b[w->at++];
		w->at += blocks * (1 + missing);
	}
	if (!w->old)
		w->at += missing;
	if (gq_left(w) <= 1)
		return false;
	unsigned stamps = w->b[w->at++];
	if (stamps)
		w->at += 5 + (stamps - 1) * 3;
	if (w->old && (ft & 0x20)) {
		if (gq_left(w) <= 1)
			return false;
		unsigned ranges = w->b[w->at++];
		w->at += ranges * (missing + 1);
		if (gq_left(w) <= 1)
			return false;
		w->at += 1 + w->b[w->at] * largest;
	}
	return true;
}

/* One regular frame (type below 0x20) skipped: 1 when the walk goes on, 0
 * when it ends without a message, 2 when it found a connection close. */
static int gq_skip_regular(struct gq_walk *w, uint8_t ft)
{
	w->at++;
	switch (ft) {
	case 0: return 0; /* padding to the end */
	case 1: w->at += 16; return 1;
	case 2: case 3:
		w->at += ft == 2 ? 4 : 8;
		if (gq_left(w) <= 2)
			return 0;
		uint32_t reason = (uint32_t)gq_uint(w->b + w->at, 2, w->big);
		w->at += 2;
		if (ft == 2 && gq_left(w) == reason)
			return 2;
		w->at += ft == 3 ? reason : 0;
		return 1;
	case 4: w->at += 12; return 1;
	case 5: w->at += 4; return 1;
	case 6: w->at += (w->old ? 1 : 0) + w->pkn_len; return 1;
	default: return 1;
	}
}

/* The message of a packet in the clear ("Client Hello", "Connection
 * Close"), or NULL when it is encrypted. */
static const char *gq_message(struct gq_walk *w)
{
	if (gq_left(w) <= 13)
		return NULL;
	w->at += 12 + (w->old ? 1 : 0);
	while (w->at < w->n) {
		if (gq_left(w) <= 1)
			return NULL;
		uint8_t ft = w->b[w->at];
		if (ft & 0x80) { /* STREAM: stream id 1-4, offset 0/2-8, length 0/2 bytes */
			unsigned ooo = (ft >> 2) & 7;
			w->at += 1 + (ft & 3) + 1 + (ooo ? ooo + 1 : 0) + ((ft & 0x20) ? 2 : 0);
			if (gq_left(w) <= 4)
				return NULL;
			const uint8_t *t = w->b + w->at;
			if (!memcmp(t, "CHLO", 4))
				return "Client Hello";
			if (!memcmp(t, "SHLO", 4))
				return "Server Hello";
			if (!memcmp(t, "REJ\0", 4))
				return "Rejection";
		} else if (ft & 0x40) {
			if (!gq_skip_ack(w, ft))
				return NULL;
		} else if (ft & 0x20) {
			w->at++;
		} else {
			int r = gq_skip_regular(w, ft);
			if (r != 1)
				return r == 2 ? "Connection Close" : NULL;
		}
	}
	return NULL;
}

/* What the header of packet B (N bytes) of P tells: its connection id (0:
 * none) and packet number, and the walk over its frames set up in *W, as
 * Wireshark reads them: numbers little-endian before Q039; the version the
 * packet names or, when it names none, the one its conversation named
 * before (none: the layout before Q034); from the server's port (443, or
 * where the client sent its first packet naming a version) a packet naming
 * a version is a Version Negotiation (*VN) and Q033 on may carry a 32-byte
 * nonce (flag 0x04).  From Q046 a packet with flag 0x80 or 0x40 has a long
 * header (flags, version, one byte of both id lengths, the id: 3 more than
 * its length's nibble, the server's for its packets, the client's for the
 * client's) or a short one (flags, the id only from the client), and a
 * packet number of 1 to 4 bytes by its low two bits.  False when the
 * packet ends before its packet number. */
static bool gq_header(const struct packet *p, const uint8_t *b, uint32_t n, struct gq_walk *w, uint64_t *cid,
		      uint64_t *pkn, bool *vn)
{
	uint8_t flags = b[0];
	unsigned version;
	uint16_t server;
	gquic_conn_state(p, &version, &server);
	bool from_server = p->sport == server;
	uint32_t at;
	unsigned pkn_len;
	*cid = 0;
	*vn = false;
	if (flags & 0xc0) {
		bool big = true;
		if ((flags & 0xc0) == 0xc0) {
			if (n < 14)
				return false;
			version = (unsigned)(b[2] - '0') * 100 + (unsigned)(b[3] - '0') * 10 + (unsigned)(b[4] - '0');
			unsigned len = (from_server ? (b[5] & 0x0f) : (b[5] >> 4)) + 3u;
			*cid = gq_uint(b + 6, 8, big);
			at = 6 + len;
		} else {
			at = 1;
			if (!from_server) {
				if (n < 9)
					return false;
				*cid = gq_uint(b + 1, 8, big);
				at = 9;
			}
		}
		pkn_len = (flags & 3u) + 1;
		*w = (struct gq_walk){.b = b, .n = n, .pkn_len = pkn_len, .big = big, .old = version < 34};
	} else {
		at = (flags & 0x08) ? 9 : 1;
		if ((flags & 0x01) && n >= at + 4) {
			const uint8_t *v = b + at;
			version = (unsigned)(v[1] - '0') * 100 + (unsigned)(v[2] - '0') * 10 + (unsigned)(v[3] - '0');
		}
		bool big = version >= 39;
		if ((flags & 0x08) && n >= 9)
			*cid = gq_uint(b + 1, 8, big);
		if (flags & 0x01) {
			if (from_server) {
				*vn = true;
				return true;
			}
			at += 4;
		}
		if ((flags & 0x04) && version >= 33 && from_server)
			at += 32;
		pkn_len = gq_len_4[(flags >> 4) & 3];
		*w = (struct gq_walk){.b = b, .n = n, .pkn_len = pkn_len, .big = big, .old = version < 34};
	}
	if (at + pkn_len > n)
		return false;
	*pkn = gq_uint(b + at, pkn_len, w->big);
	w->at = at + pkn_len;
	return true;
}

/* The message of packet B (N bytes) of P as gq_message() finds it; W is
 * left at it. */
static const char *gq_find_message(const struct packet *p, const uint8_t *b, uint32_t n, struct gq_walk *w,
				   uint64_t *cid, uint64_t *pkn)
{
	bool vn;
	if (n < 1 || (!(b[0] & 0xc0) && (b[0] & 0x02)) || !gq_header(p, b, n, w, cid, pkn, &vn) || vn)
		return NULL;
	return gq_message(w);
}

static void gquic_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	col_proto(c, "GQUIC");
	struct gq_walk w;
	uint64_t cid, pkn;
	bool vn;
	if (n < 1 || !gq_header(p, b, n, &w, &cid, &pkn, &vn)) {
		if (n >= 1 && !(b[0] & 0xc0) && (b[0] & 0x02))
			col_set(c, "Public Reset, CID: %" G_GUINT64_FORMAT, cid);
		else
			col_clear(c);
		return;
	}
	if (vn) {
		col_set(c, "Version Negotiation, CID: %" G_GUINT64_FORMAT, cid);
		return;
	}
	if (!(b[0] & 0xc0) && (b[0] & 0x02)) {
		col_set(c, "Public Reset, CID: %" G_GUINT64_FORMAT, cid);
		return;
	}
	const char *msg = gq_find_message(p, b, n, &w, &cid, &pkn);
	col_set(c, "%s, PKN: %" G_GUINT64_FORMAT, msg ? msg : "Payload (Encrypted)", pkn);
	if (cid)
		col_append(c, ", CID: %" G_GUINT64_FORMAT, cid);
}

/* A handshake message (tag, tag count(2), padding(2), then per tag its
 * name(4) and the end of its value(4), little-endian, then the values)
 * whose values run past the packet: the message goes on in the next one,
 * and Wireshark notes "Truncated Tag Length..." at the first such tag. */
static void gquic_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	struct gq_walk w;
	uint64_t cid, pkn;
	const char *msg = b ? gq_find_message(p, b, n, &w, &cid, &pkn) : NULL;
	if (!msg || strcmp(msg, "Connection Close") == 0)
		return;
	uint32_t at = w.at;
	if (n - at < 8)
		return;
	uint32_t count = (uint32_t)gq_uint(b + at + 4, 2, false), values = at + 8 + count * 8;
	for (uint32_t i = 0; i < count && at + 8 + i * 8 + 8 <= n; i++) {
		uint32_t end = (uint32_t)gq_uint(b + at + 8 + i * 8 + 4, 4, false);
		if ((uint64_t)values + end > n) {
			expert_add(e, EXPERT_NOTE, EXPERT_MALFORMED, "GQUIC", "Truncated Tag Length...");
			return;
		}
	}
}

static void gquic_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			       const struct field_def *f, fvalue_fn fn, void *data)
{
	if ((l->flags & PKT_REASSEMBLED) || !d || n < 1)
		return;
	const uint8_t *b = d;
	/* public flags, [CID(8)], [version(4)]; from Q046 flags, version(4), ... */
	bool lh = (b[0] & 0xc0) == 0xc0;
	uint32_t at = lh ? 1 : 1 + ((b[0] & 0x08) ? 8 : 0);
	if (fv_same(f->abbrev, "gquic.version") && (lh || (!(b[0] & 0x40) && (b[0] & 0x01))) && at + 4 <= n) {
		fv_give_ptr(fn, data, FV_STRING, b + at, 4);
	} else if (fv_same(f->abbrev, "gquic.cid")) {
		struct gq_walk w;
		uint64_t cid, pkn;
		bool vn;
		gq_header(p, b, n, &w, &cid, &pkn, &vn);
		if (cid)
			fv_give_uint(fn, data, cid);
	}
}

FIELD_TABLE(gquic);
static const struct handoff gquic_handoff[] = {
	UDP_CONV(PROTO_GQUIC, dissect_gquic_conn),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(GQUIC, "gquic", "GQUIC (Google Quick UDP Internet Connections)");
const struct protocol proto_gquic = {PROTO_GQUIC, .short_name = "GQUIC", .columns = gquic_columns, .expert = gquic_expert,
				     .values = gquic_field_values,
				     .fields = &gquic_table, .handoff = gquic_handoff};
