/* quic.c — QUIC (RFC 9000 section 17) and Google's earlier gQUIC.
 *
 * IETF QUIC long header (first bit set):
 *   | 1 | fixed 1 | type (2) | type-specific (4) | version (4) |
 *   | DCID len (1) | DCID (0..20) | SCID len (1) | SCID (0..20) | ...
 * Short header (first bit clear, fixed bit set): | flags | DCID ... |, the
 * DCID length known only from the handshake.  Version 0 is a Version
 * Negotiation packet.
 *
 * gQUIC up to Q043 opens with a public flags byte whose fixed bit is clear:
 *   0x01 version present, 0x02 public reset, 0x04 nonce, 0x08 8-byte
 *   connection id, 0x30 packet number length;
 * then the connection id, the version ("Q0nn") when flagged, ...  From Q046
 * gQUIC uses the long header with a "Q0nn" version.
 *
 * On QUIC's port every datagram with a valid first byte is QUIC; elsewhere
 * only a long-header Initial of a known version, or a gQUIC packet that
 * carries its version, is.
 */
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"
#include "dissect/field.h"

static const struct value_string quic_long_types[] = {
	{0, "Initial"}, {1, "0-RTT"}, {2, "Handshake"}, {3, "Retry"}, {0, NULL},
};

static const struct value_string quic_v2_long_types[] = {
	{0, "Retry"}, {1, "Initial"}, {2, "0-RTT"}, {3, "Handshake"}, {0, NULL},
};

static const struct field_def quic_fields[] = {
	{"quic.header_form", "Header Form", FT_UINT8, BASE_DEC, 0, 1, 0x80, NULL},
	{"quic.fixed_bit", "Fixed Bit", FT_BOOLEAN, BASE_NONE, 0, 1, 0x40, NULL},
	{"quic.long.packet_type", "Packet Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, quic_long_types},
	{"quic.long.packet_type_v2", "Packet Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, quic_v2_long_types},
	{"quic.version", "Version", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"quic.dcil", "Destination Connection ID Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"quic.dcid", "Destination Connection ID", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"quic.scil", "Source Connection ID Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"quic.scid", "Source Connection ID", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(quic);

static const struct field_def gquic_fields[] = {
	{"gquic.puflags", "Public Flags", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"gquic.puflags.version", "Version", FT_BOOLEAN, BASE_NONE, 0, 1, 0x01, NULL},
	{"gquic.puflags.reset", "Reset", FT_BOOLEAN, BASE_NONE, 0, 1, 0x02, NULL},
	{"gquic.puflags.cid", "CID Length", FT_BOOLEAN, BASE_NONE, 0, 1, 0x08, NULL},
	{"gquic.cid", "CID", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"gquic.version", "Version", FT_STRING, BASE_NONE, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(gquic);

#define QUIC_MAX_CID 20

static uint32_t be32_at(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Whether the 4 bytes at B name a gQUIC version: "Q" and three digits. */
static bool gquic_version(const uint8_t *b)
{
	return b[0] == 'Q' && b[1] >= '0' && b[1] <= '9' && b[2] >= '0' && b[2] <= '9' && b[3] >= '0' && b[3] <= '9';
}

/* Versions the heuristic accepts: 1, 2, the IETF drafts, and the
 * implementations' own (mvfst 0xfaceb00x). */
static bool known_version(uint32_t v)
{
	return v == 0x00000001 || v == 0x6b3343cf || (v & 0xffffff00) == 0xff000000 ||
	       (v & 0xfffffff0) == 0xfaceb000;
}

bool quic_parse(const uint8_t *b, uint32_t n, struct quic_info *qi)
{
	memset(qi, 0, sizeof *qi);
	if (n < 1)
		return false;
	qi->first = b[0];
	if (b[0] & 0x80) {
		qi->long_header = true;
		if (n < 7)
			return false;
		qi->version = be32_at(b + 1);
		qi->gquic = gquic_version(b + 1);
		qi->dcid.off = 6;
		qi->dcid.len = b[5];
		if (b[5] > QUIC_MAX_CID || n < 7u + b[5])
			return false;
		uint32_t s = 6u + b[5];
		qi->scid.off = s + 1;
		qi->scid.len = b[s];
		if (b[s] > QUIC_MAX_CID || n < s + 1u + b[s])
			return false;
		/* a version other than 0 needs the fixed bit */
		return qi->version == 0 || (b[0] & 0x40) || qi->gquic;
	}
	if (b[0] & 0x40) {
		qi->short_header = true;
		return n >= 2;
	}
	/* gQUIC public header: unused bit 0x80 clear, 0x40 clear */
	qi->gquic = true;
	uint32_t at = 1 + ((b[0] & 0x08) ? 8 : 0);
	if (n < at)
		return false;
	if (b[0] & 0x08)
		qi->dcid.off = 1, qi->dcid.len = 8;
	if ((b[0] & 0x01) && !(b[0] & 0x02)) {
		if (n < at + 4 || !gquic_version(b + at))
			return false;
		qi->version = be32_at(b + at);
		qi->has_version = true;
	}
	return true;
}

enum { QUIC_V2 = 0x6b3343cf };

/* A variable-length integer (RFC 9000 16) at *AT of B (N bytes); false
 * when cut short. */
static bool quic_varint(const uint8_t *b, uint32_t n, uint32_t *at, uint64_t *v)
{
	if (*at >= n)
		return false;
	uint32_t len = 1u << (b[*at] >> 6);
	if (n - *at < len)
		return false;
	*v = b[*at] & 0x3f;
	for (uint32_t i = 1; i < len; i++)
		*v = *v << 8 | b[*at + i];
	*at += len;
	return true;
}

/* The length of the long-header packet QI at B (N bytes) through its
 * Length field; 0 when it has none (Retry, version negotiation) or it is
 * cut short.  Version 2 renumbered the types (RFC 9369). */
static uint32_t long_packet_len(const uint8_t *b, uint32_t n, const struct quic_info *qi)
{
	if (!qi->long_header || qi->gquic || qi->version == 0)
		return 0;
	unsigned type = (qi->first >> 4) & 3;
	bool v2 = qi->version == QUIC_V2;
	if (type == (v2 ? 0u : 3u))
		return 0; /* Retry */
	uint32_t at = qi->scid.off + qi->scid.len;
	uint64_t v;
	if (type == (v2 ? 1u : 0u)) { /* Initial: a token first */
		if (!quic_varint(b, n, &at, &v) || v > n - at)
			return 0;
		at += (uint32_t)v;
	}
	if (!quic_varint(b, n, &at, &v) || v > UINT32_MAX - at)
		return 0;
	return at + (uint32_t)v;
}

/* Whether the bytes at B (N of them) after the long-header packet at PREV
 * are a packet of the same connection (its destination connection id):
 * then into *Q.  Anything else Wireshark shows as coalesced padding data. */
static bool coalesced_packet(const uint8_t *prev, const uint8_t *b, uint32_t n, struct quic_info *q)
{
	uint8_t dlen = prev[5];
	const uint8_t *dcid = prev + 6;
	if (!quic_parse(b, n, q) || q->gquic)
		return false;
	if (q->long_header)
		return q->dcid.len == dlen && memcmp(b + q->dcid.off, dcid, dlen) == 0;
	return n > 1u + dlen && memcmp(b + 1, dcid, dlen) == 0;
}

/* ---- the connection -------------------------------------------------------- */

/* What a QUIC connection told since an Initial packet opened it: the
 * length of the connection id each side chose (its long headers' source
 * id; a short header sent to it carries that many bytes), and the frame of
 * its first short-header packet.  Side 0 is the lower address and port. */
struct quic_conv {
	bool initial;
	bool cid_known[2];
	uint8_t cid_len[2];
	uint64_t first_short;
};

static void *quic_conv_new(void)
{
	return g_new0(struct quic_conv, 1);
}

static struct quic_conv *quic_conv_of(const struct packet *p)
{
	if (!p->session || (p->flags & PKT_IN_ERROR))
		return NULL;
	return session_conv_data(p->session, p, PROTO_QUIC, quic_conv_new, g_free);
}

/* The side P's sender is. */
static int quic_side(const struct packet *p)
{
	size_t n = p->ip_version == 6 ? 16 : 4;
	int c = memcmp(p->ip_src, p->ip_dst, n);
	return c < 0 || (c == 0 && p->sport <= p->dport) ? 0 : 1;
}

/* What the packet QI (of P's sender) tells its connection. */
static void quic_follow(struct packet *p, const struct quic_info *qi)
{
	struct quic_conv *q = quic_conv_of(p);
	if (!q || qi->gquic)
		return;
	int side = quic_side(p);
	unsigned type = (qi->first >> 4) & 3u;
	if (qi->long_header && qi->version != 0 && type == (qi->version == QUIC_V2 ? 1u : 0u))
		q->initial = true; /* Wireshark knows a connection from its Initial packets */
	if (!q->initial)
		return;
	if (qi->long_header && qi->version != 0 && !q->cid_known[side]) {
		q->cid_known[side] = true;
		q->cid_len[side] = (uint8_t)qi->scid.len;
	} else if (qi->short_header) {
		if (!q->first_short)
			q->first_short = p->frame->number;
		/* its connection id, its warning: what the connection told */
		p->layers[p->nlayers - 1].flags |= PKT_BY_SESSION;
	}
}

/* Pushes the packet's layer, and one (nested) for whatever follows a
 * long-header packet in the datagram, as Wireshark does (RFC 9000 12.2:
 * more packets coalesced, long or short header, or padding). */
static void quic_push(struct packet *p, struct cursor *c, const struct quic_info *qi)
{
	pkt_push_layer(p, qi->gquic ? PROTO_GQUIC : PROTO_QUIC, c->off);
	quic_follow(p, qi);
	const uint8_t *b = c->data + c->off;
	uint32_t n = cursor_left(c), at = 0;
	struct quic_info q = *qi;
	while (q.long_header) {
		uint32_t len = long_packet_len(b + at, n - at, &q);
		if (len == 0 || len >= n - at)
			return;
		uint32_t prev = at;
		at += len;
		if (pkt_push_layer(p, PROTO_QUIC, c->off + at) < 0 || !coalesced_packet(b + prev, b + at, n - at, &q))
			return;
	}
}

/* QUIC's port: any packet whose first byte and connection ids make sense.
 * A gQUIC packet that names no version is gQUIC only in a connection whose
 * client named one (dissect_gquic_conn, reached through the session): alone
 * it is data, as in Wireshark. */
static void quic_on_port(struct packet *p, struct cursor *c, bool gquic_known)
{
	struct quic_info qi;
	uint32_t have = cursor_left(c);
	if (c->err != CUR_OK || have == 0)
		return;
	if (!quic_parse(c->data + c->off, have, &qi)) {
		/* a header the capture cut short: ours, and truncated */
		if (have < cursor_rleft(c)) {
			int idx = pkt_push_layer(p, qi.gquic ? PROTO_GQUIC : PROTO_QUIC, c->off);
			pkt_mark(p, idx, PKT_TRUNCATED);
		}
		return;
	}
	if (qi.gquic && !qi.has_version && !gquic_known)
		return;
	if (qi.gquic && qi.has_version && p->session && !(p->flags & PKT_IN_ERROR))
		session_expect_client(p->session, p, PROTO_GQUIC);
	quic_push(p, c, &qi);
}

void dissect_quic(struct packet *p, struct cursor *c)
{
	quic_on_port(p, c, false);
}

void dissect_gquic_conn(struct packet *p, struct cursor *c)
{
	quic_on_port(p, c, true);
}

/* Elsewhere: an Initial packet of a version we know, or gQUIC announcing
 * its version. */
void dissect_quic_heur(struct packet *p, struct cursor *c)
{
	struct quic_info qi;
	uint32_t have = cursor_left(c);
	if (c->err != CUR_OK || !quic_parse(c->data + c->off, have, &qi))
		return;
	if (qi.long_header && !qi.gquic) {
		uint8_t initial = qi.version == QUIC_V2 ? 0x10 : 0x00; /* v2 renumbered the types */
		if (!known_version(qi.version) || (qi.first & 0x30) != initial || cursor_rleft(c) < 1200)
			return; /* an Initial datagram is padded to 1200 bytes */
	} else if (qi.long_header) {
		if ((qi.first & 0x30) != 0)
			return;
	} else if (!qi.gquic || !qi.has_version || qi.dcid.len != 8) {
		return;
	}
	quic_push(p, c, &qi);
}

static void quic_field_values(const struct packet *p, const struct layer *l, const uint8_t *d,
			      uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (l->flags & PKT_REASSEMBLED)
		return;
	const uint8_t *b = d;
	struct quic_info q;
	if (!b || !quic_parse(b, n, &q))
		return;
	/* after a long-header packet: a packet only when of the same connection */
	const struct layer *before = l > p->layers ? l - 1 : NULL;
	if (before && before->proto == PROTO_QUIC && before->off < l->off && l->off - before->off >= 7) {
		struct quic_info again;
		const uint8_t *prev = b - (l->off - before->off);
		if (!coalesced_packet(prev, b, n, &again))
			return;
	}
	if (fv_same(f->abbrev, "quic.version") && (q.has_version || q.long_header))
		fv_give_uint(fn, data, q.version);
	else if (fv_same(f->abbrev, q.version == QUIC_V2 ? "quic.long.packet_type_v2" : "quic.long.packet_type") &&
		 q.long_header && q.version != 0)
		fv_give_uint(fn, data, (q.first >> 4) & 3);
	else if (fv_same(f->abbrev, "quic.dcil") && q.long_header)
		fv_give_uint(fn, data, q.dcid.len);
	else if (fv_same(f->abbrev, "quic.scil") && q.long_header)
		fv_give_uint(fn, data, q.scid.len);
	else if (fv_same(f->abbrev, "quic.dcid") && q.dcid.len)
		fv_give_ptr(fn, data, FV_BYTES, b + q.dcid.off, q.dcid.len);
	else if (fv_same(f->abbrev, "quic.scid") && q.scid.len)
		fv_give_ptr(fn, data, FV_BYTES, b + q.scid.off, q.scid.len);
}

static const struct handoff quic_handoff[] = {
	UDP_PORT(443, dissect_quic),
	UDP_HEUR(30, dissect_quic_heur),
	HANDOFF_LIST_END,
};
/* ---- the packet list ------------------------------------------------------ */

static void quic_cid(struct columns *c, const char *name, const uint8_t *b, uint32_t len)
{
	col_append(c, ", %s=", name);
	for (uint32_t i = 0; i < len; i++)
		col_append(c, "%02x", b[i]);
}

/* Whether layer IDX is a QUIC packet (not the padding after the last one
 * of a datagram), into *QI. */
static bool quic_layer(const struct packet *p, int idx, struct quic_info *qi, const uint8_t **b, uint32_t *n)
{
	*b = col_layer_bytes(p, idx, n);
	return *b && quic_parse(*b, *n, qi) && !qi->gquic && (qi->short_header || qi->version != 0);
}

/* A long-header packet: its type and connection ids; a short-header one
 * "Protected Payload (KP0)" and its destination id when the
 * connection told its length.  The packets of a datagram are joined by
 * ", ".  (An Initial's packet number and frames, which Wireshark decrypts
 * with keys derived from its destination id, are not shown.) */
static void quic_columns(struct columns *c, const struct packet *p, int idx)
{
	struct quic_info qi;
	const uint8_t *b;
	uint32_t n;
	bool first = !col_follows_same(p, idx);
	if (first) {
		col_short_name(c, p, idx);
		col_clear(c);
	}
	if (!quic_layer(p, idx, &qi, &b, &n)) {
		if (first)
			col_append(c, "QUIC IETF");
		return;
	}
	if (!first)
		col_append(c, ", ");
	if (qi.short_header) {
		/* the key phase bit is under header protection: unknown, 0 */
		col_append(c, "Protected Payload (KP0)");
		const struct quic_conv *q = quic_conv_of(p);
		int to = 1 - quic_side(p);
		if (q && q->cid_known[to] && q->cid_len[to] && n > 1u + q->cid_len[to])
			quic_cid(c, "DCID", b + 1, q->cid_len[to]);
		return;
	}
	unsigned type = (qi.first >> 4) & 3u;
	col_append(c, "%s", value_name(qi.version == QUIC_V2 ? quic_v2_long_types : quic_long_types, type));
	if (qi.dcid.len)
		quic_cid(c, "DCID", b + qi.dcid.off, qi.dcid.len);
	if (qi.scid.len)
		quic_cid(c, "SCID", b + qi.scid.off, qi.scid.len);
}

/* Packets Wireshark cannot decrypt without the TLS secrets: every
 * Handshake packet, and the connection's first short-header one. */
static void quic_expert(struct experts *e, const struct packet *p, int idx)
{
	struct quic_info qi;
	const uint8_t *b;
	uint32_t n;
	if (!quic_layer(p, idx, &qi, &b, &n))
		return;
	const struct quic_conv *q = quic_conv_of(p);
	bool handshake = qi.long_header && ((qi.first >> 4) & 3u) == (qi.version == QUIC_V2 ? 3u : 2u);
	if (handshake || (qi.short_header && q && q->first_short == p->frame->number))
		expert_add(e, EXPERT_WARN, EXPERT_DECRYPTION, "QUIC",
			   "Failed to create decryption context: Secrets are not available");
}

PROTOCOL_ID(QUIC, "quic", "QUIC IETF");
const struct protocol proto_quic = {PROTO_QUIC, .short_name = "QUIC", .columns = quic_columns, .expert = quic_expert, .values = quic_field_values, .fields = &quic_table,
                                    .handoff = quic_handoff};
