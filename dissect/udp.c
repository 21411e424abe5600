/* udp.c — User Datagram Protocol (RFC 768).
 *
 *   0               2               4               6               8
 *   +---------------+---------------+---------------+---------------+
 *   |  Source Port  |   Dest Port   |    Length     |   Checksum    |
 *   +---------------+---------------+---------------+---------------+
 *
 * The length covers header and payload; bytes after it are not ours.  A
 * length of zero (jumbograms, RFC 2675) means "the rest of the datagram".
 */
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/session.h"
#include "dissect/protocol.h"

static const struct field_def udp_fields[] = {
	{"udp.srcport", "Source Port", FT_UINT16, BASE_DEC, 0, 2, 0, NULL},
	{"udp.dstport", "Destination Port", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"udp.port", "Source or Destination Port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"udp.length", "Length", FT_UINT16, BASE_DEC, 4, 2, 0, NULL},
	{"udp.checksum", "Checksum", FT_UINT16, BASE_HEX, 6, 2, 0, NULL},
	{"udp.checksum.status", "Checksum Status", FT_UINT8, BASE_NONE, FIELD_VAR, 1, 0, checksum_status_vals},
	{"udp.stream", "Stream index", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"udp.time_relative", "Time since first frame", FT_RELTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"udp.time_delta", "Time since previous frame", FT_RELTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"udp.payload", "Payload", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(udp);

/* A conversation an earlier frame announced (media an SDP body named, a
 * TFTP transfer, a Kerberos client's) comes before the ports, as Wireshark's conversations do;
 * true when its dissector took the payload of UDP layer IDX.  Without a
 * session, the packet's hint tells. */
static bool udp_expected(struct packet *p, int idx, const struct cursor *c, uint16_t sport, uint16_t dport)
{
	unsigned kind = EXPECT_NONE;
	if (p->flags & PKT_IN_ERROR) {
		/* a datagram quoted in an ICMP error: its own addresses, from the
		 * quoted IP header before it */
		const struct layer *ip = idx > 0 ? &p->layers[idx - 1] : NULL;
		if (!p->session || !ip || !(ip->flags & PKT_IN_ERROR) || (ip->flags & PKT_REASSEMBLED))
			return false;
		const uint8_t *h = p->frame->data + ip->off;
		if (ip->proto == PROTO_IP && ip->off + 20 <= p->frame->caplen)
			kind = session_udp_expected_at(p->session, 4, h + 12, h + 16, sport, dport);
		else if (ip->proto == PROTO_IPV6 && ip->off + 40 <= p->frame->caplen)
			kind = session_udp_expected_at(p->session, 6, h + 8, h + 24, sport, dport);
	} else if (p->session) {
		kind = session_udp_expected(p->session, p);
	} else if (p->udp_expect_hint_layer == idx) {
		kind = p->udp_expect_hint;
	}
	dissector_fn fn = udp_conv_dissector(kind);
	if (!fn || !dissect_try(fn, p, c))
		return false;
	if (!(p->flags & PKT_IN_ERROR)) {
		p->udp_expected = (uint8_t)kind;
		p->udp_expected_layer = (int8_t)idx;
	} else if (idx + 1 < p->nlayers) {
		p->layers[idx + 1].flags |= PKT_BY_SESSION; /* alone, the quote would not show it */
	}
	return true;
}

void dissect_udp(struct packet *p, struct cursor *c)
{
	if (transport_absent(p, c, PROTO_UDP))
		return;
	int idx = pkt_push_layer(p, PROTO_UDP, c->off);
	if (idx < 0)
		return;
	uint32_t start = c->off;
	uint16_t sport = cursor_be16(c), dport = cursor_be16(c);
	uint16_t len = cursor_be16(c);
	cursor_skip(c, 2);
	if (cursor_ok(c) && len != 0 && len < 8) {
		p->layers[idx].flags |= PKT_BAD_FIELD; /* said in its Info and expert items: no payload */
		return;
	}
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (len != 0) {
		c->off = start;
		if (len <= cursor_rleft(c))
			cursor_limit(c, len);
		else if (p->flags & (PKT_IN_ERROR | PKT_FRAGMENT))
			c->rend = start + len; /* a quote or a first fragment holds only the start */
		else
			p->layers[idx].flags |= PKT_BAD_FIELD; /* an expert error; the payload is what is there */
		c->off = start + 8;
	}
	if (!(p->flags & PKT_IN_ERROR)) {
		p->l4_layer = (int8_t)idx;
		p->sport = sport;
		p->dport = dport;
	}
	/* a quote that holds no byte of the payload shows none (unless the
	 * capture, not the quote, cut it) */
	uint32_t more = pkt_quote_ends(p) ? cursor_left(c) : cursor_rleft(c);
	if (more > 0 && !udp_expected(p, idx, c, sport, dport))
		dispatch_ports(&udp_port_table, &udp_heur_list, sport, dport, p, c);
}

/* Whether layer IDX of P is carried by IPv6 (the nearest IP header before it). */
static bool over_ipv6(const struct packet *p, int idx)
{
	for (int i = idx - 1; i >= 0; i--)
		if (p->layers[i].proto == PROTO_IP || p->layers[i].proto == PROTO_IPV6)
			return p->layers[i].proto == PROTO_IPV6;
	return false;
}

/* "53 → 40000 Len=32": the ports and the payload's length the header
 * declares, with Wireshark's words for a length shorter than the header
 * (and nothing after), one past the IP payload, or a jumbogram's zero
 * (IPv6: the length is the payload's then). */
static void udp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "UDP");
	col_clear(c);
	if (n < 8)
		return;
	col_append(c, "%u → %u", (unsigned)d[0] << 8 | d[1], (unsigned)d[2] << 8 | d[3]);
	uint32_t len = (uint32_t)d[4] << 8 | d[5];
	bool jumbo = len == 0 && over_ipv6(p, idx);
	if (jumbo) {
		uint32_t off = p->layers[idx].off;
		len = p->frame->len > off ? p->frame->len - off : 0;
	}
	if (len < 8) {
		col_append(c, " [BAD UDP LENGTH %u < 8]", len);
		return;
	}
	/* a length past the IP payload, as dissection marked it */
	if ((p->layers[idx].flags & PKT_BAD_FIELD) && !(p->flags & PKT_FRAGMENT))
		col_append(c, " [BAD UDP LENGTH %u > IP PAYLOAD LENGTH]", len);
	col_append(c, " Len=%u", len - 8);
	if (jumbo)
		col_append(c, " [Jumbogram]");
}

/* A length shorter than the header, or past the IP payload outside a
 * fragment: an error of the Malformed group, on the length. */
static void udp_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (!(p->layers[idx].flags & PKT_BAD_FIELD) || n < 6)
		return;
	unsigned len = (unsigned)d[4] << 8 | d[5];
	if (len < 8)
		expert_add_at(e, "udp.length", EXPERT_ERROR, EXPERT_MALFORMED, "UDP", "Bad length value %u < 8", len);
	else if (!(p->flags & PKT_FRAGMENT))
		expert_add_at(e, "udp.length", EXPERT_ERROR, EXPERT_MALFORMED, "UDP",
			      "Bad length value %u > IP payload length", len);
}

/* The checksum's status (never verified, as in Wireshark by default; a
 * zero one is none, which IPv6 does not allow: RFC 8200 8.1), and the
 * payload, of the header at D (N bytes of its layer). */
static void udp_header_value(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			     const char *a, fvalue_fn fn, void *data)
{
	if (fv_same(a, "udp.checksum.status")) {
		if (n < 8)
			return;
		int idx = (int)(l - p->layers);
		bool v6 = idx > 0 && p->layers[idx - 1].proto == PROTO_IPV6;
		fv_give_uint(fn, data, d[6] || d[7] ? CHECKSUM_UNVERIFIED : v6 ? CHECKSUM_ILLEGAL : CHECKSUM_NOT_PRESENT);
	} else if (n > 8) {
		/* the IP payload's bytes after the header, whatever the UDP
		 * length says */
		uint32_t have = pkt_within_ip(p, (int)(l - p->layers), n);
		have = have > 8 ? have - 8 : 0;
		if (have > 0)
			fv_give_ptr(fn, data, FV_BYTES, d + 8, have);
	}
}

static void udp_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			     const struct field_def *f, fvalue_fn fn, void *data)
{
	if (fv_same(f->abbrev, "udp.checksum.status") || fv_same(f->abbrev, "udp.payload")) {
		udp_header_value(p, l, d, d ? n : 0, f->abbrev, fn, data);
		return;
	}
	bool own = p->udp_stream_valid && (int)(l - p->layers) == p->udp_stream_layer;
	if (fv_same(f->abbrev, "udp.time_relative") || fv_same(f->abbrev, "udp.time_delta")) {
		if (own) {
			struct fvalue v = {.kind = FV_TIME,
					   .i = f->abbrev[9] == 'r' ? p->udp_time_rel_ns : p->udp_time_delta_ns};
			fn(&v, data);
		}
		return;
	}
	if (!fv_same(f->abbrev, "udp.stream"))
		return;
	if (own)
		fv_give_uint(fn, data, p->udp_stream);
	else if (p->udp_quoted_valid && (l->flags & PKT_IN_ERROR))
		fv_give_uint(fn, data, p->udp_quoted_stream);
}

/* The times in the conversation are left out of the detail tree: the
 * terminal UI reads a UDP frame alone, without its conversation's frames
 * before it (filters and -e give them). */
static const char *const udp_hidden[] = {"udp.time_relative", "udp.time_delta", NULL};

/* udp.port: the source port, then the destination port. */
static const struct field_pair udp_pairs[] = {
	{"udp.port", "udp.srcport", "udp.dstport"},
	{NULL, NULL, NULL},
};

static const struct handoff udp_handoff[] = {
	IP_PROTO(17, dissect_udp),
	HANDOFF_LIST_END,
};
/* Stream numbers count the file's conversations. */
static int udp_depth(const struct field_def *f)
{
	return f && (strcmp(f->abbrev, "udp.stream") == 0 || strncmp(f->abbrev, "udp.time_", 9) == 0) ? DEPTH_TRACKED : -1;
}

PROTOCOL_ID(UDP, "udp", "User Datagram Protocol");
const struct protocol proto_udp = {PROTO_UDP, .short_name = "UDP", .pairs = udp_pairs, .depth = udp_depth, .transport = true,
                                   .columns = udp_columns, .expert = udp_expert, .values = udp_field_values, .fields = &udp_table, .hidden = udp_hidden,
                                   .handoff = udp_handoff};
