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
 * QUIC has no port: a long-header packet of a version built on an IETF
 * draft (11 or later) makes its UDP conversation QUIC, a gQUIC packet that
 * carries its version makes it gQUIC (dissect_quic_heur).
 */
#include <string.h>

#include "dissect/column.h"
#include "dissect/crypto.h"
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

/* The IETF draft a version is built on, as Wireshark reads it (0: none
 * known): the drafts 0xff0000NN, mvfst's (0xfaceb001 on draft 22, 0xfaceb002
 * and 0xfaceb00e on 27), Google's Q050, T050 and T051 (taken as 27), the
 * reserved versions 0x?a?a?a?a that force version negotiation (29), version
 * 1 (34) and version 2. */
static unsigned quic_draft(uint32_t v)
{
	if ((v >> 8) == 0xff0000)
		return v & 0xff;
	if (v == 0xfaceb001)
		return 22;
	if (v == 0xfaceb002 || v == 0xfaceb00e || v == 0x51303530 || v == 0x54303530 || v == 0x54303531)
		return 27;
	if ((v & 0x0f0f0f0f) == 0x0a0a0a0a)
		return 29;
	if (v == 0x00000001)
		return 34;
	if (v == 0x6b3343cf)
		return 100;
	return 0;
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
		/* Google's versions up to Q049 are gQUIC; Q050 reads as IETF QUIC */
		qi->gquic = gquic_version(b + 1) && quic_draft(qi->version) == 0;
		if (qi->gquic) {
			/* one byte of both id lengths, then (from a client) an 8-byte id */
			qi->has_version = true;
			if (n >= 14)
				qi->dcid.off = 6, qi->dcid.len = 8;
			return true;
		}
		qi->dcid.off = 6;
		qi->dcid.len = b[5];
		if (b[5] > QUIC_MAX_CID || n < 7u + b[5])
			return false;
		uint32_t s = 6u + b[5];
		qi->scid.off = s + 1;
		qi->scid.len = b[s];
		if (b[s] > QUIC_MAX_CID || n < s + 1u + b[s])
			return false;
		/* the fixed bit may be greased (RFC 9287): not checked */
		return true;
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

/* Where the long-header packet QI at B (N bytes) has its packet number
 * (after its Length field) and where it ends by that Length (which may lie
 * past N); false when it has none (Retry, version negotiation) or its
 * header is cut short.  Version 2 renumbered the types (RFC 9369). */
static bool long_packet_layout(const uint8_t *b, uint32_t n, const struct quic_info *qi, uint32_t *pn_off,
			       uint32_t *end)
{
	if (!qi->long_header || qi->gquic || qi->version == 0)
		return false;
	unsigned type = (qi->first >> 4) & 3;
	bool v2 = qi->version == QUIC_V2;
	if (type == (v2 ? 0u : 3u))
		return false; /* Retry */
	uint32_t at = qi->scid.off + qi->scid.len;
	uint64_t v;
	if (type == (v2 ? 1u : 0u)) { /* Initial: a token first */
		if (!quic_varint(b, n, &at, &v) || v > n - at)
			return false;
		at += (uint32_t)v;
	}
	if (!quic_varint(b, n, &at, &v) || v > UINT32_MAX - at)
		return false;
	*pn_off = at;
	*end = at + (uint32_t)v;
	return true;
}

/* The length of the long-header packet QI at B (N bytes) through its
 * Length field; 0 when it has none or it is cut short. */
static uint32_t long_packet_len(const uint8_t *b, uint32_t n, const struct quic_info *qi)
{
	uint32_t pn_off, end;
	return long_packet_layout(b, n, qi, &pn_off, &end) ? end : 0;
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
	/* The Initial keys (RFC 9001 5.2): derived from the destination id of
	 * the client's first Initial packet, and again from its first Initial
	 * after a Retry; each from the frame it was seen in.  The client is the
	 * side that sent the connection's first Initial. */
	int8_t client;  /* side, -1 until an Initial */
	bool retried;   /* the server sent a Retry: the next client Initial rekeys */
	uint8_t nkeys;
	struct {
		uint64_t from;
		uint32_t version;
		uint8_t len;
		uint8_t cid[QUIC_MAX_CID];
	} odcid[2];
};

static void *quic_conv_new(void)
{
	struct quic_conv *q = g_new0(struct quic_conv, 1);
	q->client = -1;
	return q;
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
static void quic_follow(struct packet *p, const struct quic_info *qi, const uint8_t *b)
{
	struct quic_conv *q = quic_conv_of(p);
	if (!q || qi->gquic)
		return;
	int side = quic_side(p);
	unsigned type = (qi->first >> 4) & 3u;
	bool v2 = qi->version == QUIC_V2;
	if (qi->long_header && qi->version != 0 && type == (v2 ? 1u : 0u)) {
		q->initial = true; /* Wireshark knows a connection from its Initial packets */
		if (q->client < 0)
			q->client = (int8_t)side;
		if (side == q->client && (q->nkeys == 0 || (q->retried && q->nkeys < 2))) {
			q->odcid[q->nkeys].from = p->frame->number;
			q->odcid[q->nkeys].version = qi->version;
			q->odcid[q->nkeys].len = (uint8_t)qi->dcid.len;
			memcpy(q->odcid[q->nkeys].cid, b + qi->dcid.off, qi->dcid.len);
			q->nkeys++;
			q->retried = false;
		}
		/* its packet number and frames: by the keys the connection told */
		if (q->nkeys)
			p->layers[p->nlayers - 1].flags |= PKT_BY_SESSION;
	} else if (qi->long_header && qi->version != 0 && type == (v2 ? 0u : 3u) && q->client >= 0 &&
		   side != q->client) {
		q->retried = true;
	}
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

/* What a gQUIC conversation told: the version its last packet naming one
 * gave (from the frame numbered FROM on; 0 before), and the server's port:
 * 443, or where a client elsewhere sent a packet naming its version (the
 * packet of its Client Hello). */
struct gquic_conv {
	unsigned version;
	uint64_t from;
	uint16_t server_port;
	bool from_client_seen;
};

static void *gquic_conv_new(void)
{
	struct gquic_conv *g = g_new0(struct gquic_conv, 1);
	g->server_port = 443;
	return g;
}

static struct gquic_conv *gquic_conv_of(const struct packet *p)
{
	if (!p->session || (p->flags & PKT_IN_ERROR))
		return NULL;
	return session_conv_data(p->session, p, PROTO_GQUIC, gquic_conv_new, g_free);
}

static void gquic_follow(struct packet *p, const struct quic_info *qi, const uint8_t *b)
{
	struct gquic_conv *g = gquic_conv_of(p);
	if (!g)
		return;
	const uint8_t *v = b + (qi->long_header ? 1 : 1 + qi->dcid.len);
	unsigned version = (unsigned)(v[1] - '0') * 100 + (unsigned)(v[2] - '0') * 10 + (unsigned)(v[3] - '0');
	if (version != g->version && p->frame->number >= g->from) {
		g->version = version;
		g->from = p->frame->number;
	}
	if (p->sport != 443 && !g->from_client_seen) {
		g->from_client_seen = true;
		g->server_port = p->dport;
	}
}

bool gquic_conn_state(const struct packet *p, unsigned *version, uint16_t *server_port)
{
	const struct gquic_conv *g = gquic_conv_of(p);
	*version = g && g->from && p->frame->number >= g->from ? g->version : 0;
	*server_port = g ? g->server_port : 443;
	return g != NULL;
}

/* Pushes the packet's layer, and one (nested) for whatever follows a
 * long-header packet in the datagram, as Wireshark does (RFC 9000 12.2:
 * more packets coalesced, long or short header, or padding). */
static void quic_push(struct packet *p, struct cursor *c, const struct quic_info *qi)
{
	pkt_push_layer(p, qi->gquic ? PROTO_GQUIC : PROTO_QUIC, c->off);
	const uint8_t *b = c->data + c->off;
	quic_follow(p, qi, b);
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

/* A datagram of a QUIC conversation: any packet whose first byte and
 * connection ids make sense. */
void dissect_quic_conv(struct packet *p, struct cursor *c)
{
	struct quic_info qi;
	uint32_t have = cursor_left(c);
	if (c->err != CUR_OK || have == 0)
		return;
	if (!quic_parse(c->data + c->off, have, &qi)) {
		/* a header the capture cut short: ours, and truncated */
		if (have < cursor_rleft(c)) {
			int idx = pkt_push_layer(p, PROTO_QUIC, c->off);
			pkt_mark(p, idx, PKT_TRUNCATED);
		}
		return;
	}
	if (qi.gquic)
		return;
	quic_push(p, c, &qi);
}

/* A datagram of a gQUIC conversation: every one is gQUIC, its public
 * header (flags 0x80 and 0x40 clear) or, from Q046, a long or short
 * header. */
void dissect_gquic_conn(struct packet *p, struct cursor *c)
{
	if (c->err != CUR_OK || cursor_left(c) == 0)
		return;
	struct quic_info qi;
	const uint8_t *b = c->data + c->off;
	if (quic_parse(b, cursor_left(c), &qi) && qi.gquic && qi.has_version)
		gquic_follow(p, &qi, b);
	pkt_push_layer(p, PROTO_GQUIC, c->off);
}

/* Wireshark's heuristics: a long-header packet of a version built on IETF
 * draft 11 or later whose connection id lengths are at most 20 makes its
 * UDP conversation QUIC; a gQUIC packet naming its version ("Q02", "Q03" or
 * "Q04" after an 8-byte connection id, or Q046 in a long header) makes it
 * gQUIC.  A short-header packet is QUIC only in a conversation known so
 * (Wireshark also takes one whose destination id another conversation's
 * handshake gave: a connection that moved to new addresses). */
void dissect_quic_heur(struct packet *p, struct cursor *c)
{
	uint32_t n = cursor_left(c);
	const uint8_t *b = c->data + c->off;
	if (c->err != CUR_OK || n < 13)
		return;
	struct quic_info qi;
	bool parsed = quic_parse(b, n, &qi);
	bool session = p->session && !(p->flags & PKT_IN_ERROR);
	if ((b[0] & 0xc0) == 0) {
		if (!(b[0] & 0x01) || !(b[0] & 0x08) || b[9] != 'Q' || b[10] != '0' || b[11] < '2' || b[11] > '4')
			return;
	} else if ((b[0] & 0xc0) == 0xc0 && n >= 14 && be32_at(b + 1) == 0x51303436) {
		/* Q046 */
	} else {
		if (!(b[0] & 0x80) || quic_draft(be32_at(b + 1)) < 11 || b[5] > QUIC_MAX_CID || 6u + b[5] >= n ||
		    b[6 + b[5]] > QUIC_MAX_CID)
			return;
		if (session)
			session_expect_pair(p->session, p, PROTO_QUIC);
		if (parsed)
			quic_push(p, c, &qi);
		else
			pkt_push_layer(p, PROTO_QUIC, c->off);
		return;
	}
	if (session)
		session_expect_pair(p->session, p, PROTO_GQUIC);
	dissect_gquic_conn(p, c);
}

/* Whether layer L of P (its bytes B, N of them) is a packet: after a
 * long-header packet, only one of the same connection is (the rest is
 * padding). */
static bool quic_of_datagram(const struct packet *p, const struct layer *l, const uint8_t *b, uint32_t n)
{
	const struct layer *before = l > p->layers ? l - 1 : NULL;
	if (before && before->proto == PROTO_QUIC && before->off < l->off && l->off - before->off >= 7) {
		struct quic_info again;
		return coalesced_packet(b - (l->off - before->off), b, n, &again);
	}
	return true;
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
	if (!quic_of_datagram(p, l, b, n))
		return;
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
	UDP_HEUR(30, dissect_quic_heur),
	UDP_CONV(PROTO_QUIC, dissect_quic_conv),
	HANDOFF_LIST_END,
};
/* ---- Initial packets: keys anyone can derive ---------------------------------- */

/* The salt of VERSION's Initial secrets, 20 bytes (RFC 9001 5.2, RFC 9369
 * 3.3.1, and the drafts' own: Wireshark reads drafts 21 to 34, mvfst's
 * versions built on them, and the reserved versions that force version
 * negotiation as draft 29); NULL when the version has none known.  *V2:
 * its keys take version 2's labels. */
static const uint8_t *initial_salt(uint32_t version, bool *v2)
{
	static const uint8_t d22[20] = {0x7f, 0xbc, 0xdb, 0x0e, 0x7c, 0x66, 0xbb, 0xe9, 0x19, 0x3a,
					0x96, 0xcd, 0x21, 0x51, 0x9e, 0xbd, 0x7a, 0x02, 0x64, 0x4a};
	static const uint8_t d23[20] = {0xc3, 0xee, 0xf7, 0x12, 0xc7, 0x2e, 0xbb, 0x5a, 0x11, 0xa7,
					0xd2, 0x43, 0x2b, 0xb4, 0x63, 0x65, 0xbe, 0xf9, 0xf5, 0x02};
	static const uint8_t d29[20] = {0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
					0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99};
	static const uint8_t v1[20] = {0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
				       0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a};
	static const uint8_t v2draft[20] = {0xa7, 0x07, 0xc2, 0x03, 0xa5, 0x9b, 0x47, 0x18, 0x4a, 0x1d,
					    0x62, 0xca, 0x57, 0x04, 0x06, 0xea, 0x7a, 0xe3, 0xe5, 0xd3};
	static const uint8_t v2final[20] = {0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
					    0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9};
	*v2 = version == QUIC_V2 || version == 0x709a50c4;
	if (version == QUIC_V2)
		return v2final;
	if (version == 0x709a50c4)
		return v2draft;
	unsigned draft = 0;
	if ((version >> 8) == 0xff0000)
		draft = version & 0xff;
	else if (version == 0xfaceb001)
		draft = 22;
	else if (version == 0xfaceb002 || version == 0xfaceb00e)
		draft = 27;
	else if ((version & 0x0f0f0f0f) == 0x0a0a0a0a)
		draft = 29;
	else if (version == 1)
		draft = 34;
	if (draft < 21)
		return NULL;
	return draft <= 22 ? d22 : draft <= 28 ? d23 : draft <= 32 ? d29 : v1;
}

/* An Initial packet with its protection removed. */
struct quic_plain {
	uint64_t pn;      /* its packet number, as sent */
	bool opened;      /* the payload decrypted and its tag matched: */
	uint32_t len;     /* the frames, LEN bytes (g_free them) */
	uint8_t *data;
};

/* Removes the header protection of the Initial packet QI at B (N bytes)
 * in P's connection and opens its payload (RFC 9001 5.4, 5.3), with the
 * keys of its sender's side derived from the client's first destination
 * id.  False when those keys are unknown: no Initial of the client came
 * before, a version without a known salt, too few bytes to sample.  The
 * packet number is taken as sent: an Initial packet space holds far fewer
 * packets than its shortest encoding tells apart. */
static bool quic_initial_open(const struct packet *p, const uint8_t *b, uint32_t n, const struct quic_info *qi,
			      struct quic_plain *out)
{
	memset(out, 0, sizeof *out);
	const struct quic_conv *q = quic_conv_of(p);
	if (!q || q->client < 0 || q->nkeys == 0 || p->frame->number < q->odcid[0].from)
		return false;
	int k = q->nkeys == 2 && p->frame->number >= q->odcid[1].from ? 1 : 0;
	bool v2;
	const uint8_t *salt = initial_salt(q->odcid[k].version, &v2);
	uint32_t pn_off, end;
	if (!salt || !long_packet_layout(b, n, qi, &pn_off, &end) || end > n || end - pn_off < 4 + 16)
		return false;

	uint8_t initial[32], secret[32], key[16], iv[12], hp[16];
	hkdf_sha256_extract(salt, 20, q->odcid[k].cid, q->odcid[k].len, initial);
	hkdf_sha256_expand_label(initial, quic_side(p) == q->client ? "client in" : "server in", secret, 32);
	hkdf_sha256_expand_label(secret, v2 ? "quicv2 key" : "quic key", key, 16);
	hkdf_sha256_expand_label(secret, v2 ? "quicv2 iv" : "quic iv", iv, 12);
	hkdf_sha256_expand_label(secret, v2 ? "quicv2 hp" : "quic hp", hp, 16);

	struct aes128 aes;
	uint8_t mask[16];
	aes128_init(&aes, hp);
	aes128_encrypt(&aes, b + pn_off + 4, mask);
	uint8_t first = b[0] ^ (mask[0] & 0x0f);
	uint32_t pn_len = (first & 3u) + 1, hdr = pn_off + pn_len;
	/* the header as authenticated: first byte and packet number unmasked */
	uint8_t *aad = g_malloc(hdr);
	memcpy(aad, b, hdr);
	aad[0] = first;
	for (uint32_t i = 0; i < pn_len; i++) {
		aad[pn_off + i] ^= mask[1 + i];
		out->pn = out->pn << 8 | aad[pn_off + i];
	}
	uint8_t nonce[12];
	memcpy(nonce, iv, 12);
	for (int i = 0; i < 8; i++)
		nonce[11 - i] ^= (uint8_t)(out->pn >> (8 * i));
	out->len = end - hdr - 16;
	out->data = g_malloc(out->len ? out->len : 1);
	aes128_init(&aes, key);
	out->opened = out->len && aes128_gcm_open(&aes, nonce, aad, hdr, b + hdr, out->len, b + end - 16, out->data);
	g_free(aad);
	return true;
}

/* Skips COUNT variable-length integers at *AT of B (N bytes). */
static bool skip_varints(const uint8_t *b, uint32_t n, uint32_t *at, int count)
{
	uint64_t v;
	while (count-- > 0)
		if (!quic_varint(b, n, at, &v))
			return false;
	return true;
}

/* Skips a length (a variable-length integer) and that many bytes. */
static bool skip_counted(const uint8_t *b, uint32_t n, uint32_t *at)
{
	uint64_t v;
	if (!quic_varint(b, n, at, &v) || v > n - *at)
		return false;
	*at += (uint32_t)v;
	return true;
}

/* The frames of a decrypted payload into the Info column, each by the
 * short name Wireshark gives it (", PADDING", ", CRYPTO", ", STREAM(4)");
 * a run of padding bytes is one frame.  Stops where a frame is cut short. */
static void quic_frames_info(struct columns *c, const uint8_t *b, uint32_t n)
{
	uint32_t at = 0;
	while (at < n) {
		uint64_t type;
		if (!quic_varint(b, n, &at, &type))
			return;
		bool ok = true;
		switch (type) {
		case 0x00:
			col_append(c, ", PADDING");
			while (at < n && b[at] == 0)
				at++;
			break;
		case 0x01:
			col_append(c, ", PING");
			break;
		case 0x02:
		case 0x03: {
			uint64_t ranges;
			col_append(c, type == 0x02 ? ", ACK" : ", ACK_ECN");
			ok = skip_varints(b, n, &at, 2) && quic_varint(b, n, &at, &ranges) &&
			     skip_varints(b, n, &at, 1) && ranges <= n &&
			     skip_varints(b, n, &at, (int)ranges * 2) && (type == 0x02 || skip_varints(b, n, &at, 3));
			break;
		}
		case 0x04:
			col_append(c, ", RS");
			ok = skip_varints(b, n, &at, 3);
			break;
		case 0x05:
			col_append(c, ", SS");
			ok = skip_varints(b, n, &at, 2);
			break;
		case 0x06:
			col_append(c, ", CRYPTO");
			ok = skip_varints(b, n, &at, 1) && skip_counted(b, n, &at);
			break;
		case 0x07:
			col_append(c, ", NT");
			ok = skip_counted(b, n, &at);
			break;
		case 0x08: case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x0e: case 0x0f: {
			uint64_t id;
			if (!quic_varint(b, n, &at, &id))
				return;
			col_append(c, ", STREAM(%" G_GUINT64_FORMAT ")", id);
			ok = (!(type & 0x04) || skip_varints(b, n, &at, 1)) &&
			     ((type & 0x02) ? skip_counted(b, n, &at) : (at = n, true));
			break;
		}
		case 0x10:
			col_append(c, ", MD");
			ok = skip_varints(b, n, &at, 1);
			break;
		case 0x11:
			col_append(c, ", MSD");
			ok = skip_varints(b, n, &at, 2);
			break;
		case 0x12:
		case 0x13:
			col_append(c, ", MS");
			ok = skip_varints(b, n, &at, 1);
			break;
		case 0x14:
			col_append(c, ", DB");
			ok = skip_varints(b, n, &at, 1);
			break;
		case 0x15:
			col_append(c, ", SDB");
			ok = skip_varints(b, n, &at, 2);
			break;
		case 0x16:
		case 0x17:
			col_append(c, ", SB");
			ok = skip_varints(b, n, &at, 1);
			break;
		case 0x18:
			col_append(c, ", NCI");
			ok = skip_varints(b, n, &at, 2) && at < n && b[at] <= n - at - 1u &&
			     (at += 1u + b[at], n - at >= 16) && (at += 16, true);
			break;
		case 0x19:
			ok = skip_varints(b, n, &at, 1);
			break;
		case 0x1a:
		case 0x1b:
			col_append(c, type == 0x1a ? ", PC" : ", PR");
			ok = n - at >= 8 && (at += 8, true);
			break;
		case 0x1c:
		case 0x1d:
			col_append(c, ", CC");
			ok = skip_varints(b, n, &at, type == 0x1c ? 2 : 1) && skip_counted(b, n, &at);
			break;
		case 0x1e:
			col_append(c, ", DONE");
			break;
		case 0x30:
		case 0x31:
			col_append(c, ", DG");
			ok = type == 0x31 ? skip_counted(b, n, &at) : (at = n, true);
			break;
		default:
			break; /* unknown: Wireshark goes on after its type */
		}
		if (!ok)
			return;
	}
}

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
	return *b && quic_parse(*b, *n, qi) && !qi->gquic && quic_of_datagram(p, &p->layers[idx], *b, *n);
}

/* A long-header packet: its type and connection ids; a short-header one
 * "Protected Payload (KP0)" and its destination id when the
 * connection told its length.  An Initial packet whose keys are known adds
 * its packet number and, when it opens, its frames.  Each packet of a
 * datagram sets the Info column afresh, as Wireshark's does (its TLS
 * handshake inside CRYPTO frames writes no column, so sets no fence):
 * the column shows the datagram's last packet. */
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
	col_clear(c);
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
	if (qi.version == 0)
		col_append(c, "Version Negotiation");
	else
		col_append(c, "%s", value_name(qi.version == QUIC_V2 ? quic_v2_long_types : quic_long_types, type));
	if (qi.dcid.len)
		quic_cid(c, "DCID", b + qi.dcid.off, qi.dcid.len);
	if (qi.scid.len)
		quic_cid(c, "SCID", b + qi.scid.off, qi.scid.len);
	struct quic_plain plain;
	if (type == (qi.version == QUIC_V2 ? 1u : 0u) && quic_initial_open(p, b, n, &qi, &plain)) {
		col_append(c, ", PKN: %" G_GUINT64_FORMAT, plain.pn);
		if (plain.opened)
			quic_frames_info(c, plain.data, plain.len);
		g_free(plain.data);
	}
}

/* Packets Wireshark cannot decrypt: an Initial packet whose tag does not
 * match its keys; without the TLS secrets, every Handshake packet and the
 * connection's first short-header one. */
static void quic_expert(struct experts *e, const struct packet *p, int idx)
{
	struct quic_info qi;
	const uint8_t *b;
	uint32_t n;
	if (!quic_layer(p, idx, &qi, &b, &n))
		return;
	const struct quic_conv *q = quic_conv_of(p);
	struct quic_plain plain;
	bool initial = qi.long_header && ((qi.first >> 4) & 3u) == (qi.version == QUIC_V2 ? 1u : 0u);
	if (initial && quic_initial_open(p, b, n, &qi, &plain)) {
		if (!plain.opened)
			expert_add(e, EXPERT_WARN, EXPERT_DECRYPTION, "QUIC",
				   plain.len ? "Decryption failed: Decryption (checktag) failed: Checksum error"
					     : "Decryption failed: Decryption not possible, ciphertext is too short");
		g_free(plain.data);
	}
	bool handshake = qi.long_header && qi.version != 0 && ((qi.first >> 4) & 3u) == (qi.version == QUIC_V2 ? 3u : 2u);
	if (handshake || (qi.short_header && q && q->first_short == p->frame->number))
		expert_add(e, EXPERT_WARN, EXPERT_DECRYPTION, "QUIC",
			   "Failed to create decryption context: Secrets are not available");
}

PROTOCOL_ID(QUIC, "quic", "QUIC IETF");
const struct protocol proto_quic = {PROTO_QUIC, .short_name = "QUIC", .columns = quic_columns, .expert = quic_expert, .values = quic_field_values, .fields = &quic_table,
                                    .handoff = quic_handoff};
