/* eth.c — Ethernet II and IEEE 802.3 frames (IEEE 802.3, RFC 894).
 *
 *   0                   6                  12      14
 *   +-------------------+-------------------+-------+----------
 *   | destination MAC   | source MAC        | type  | payload ...
 *   +-------------------+-------------------+-------+----------
 *
 * A type of 1500 or less is an 802.3 length: an LLC header follows and the
 * frame's payload is that long (the rest is padding).
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string etype_vals[] = {
	{0x0800, "IPv4"}, {0x0806, "ARP"}, {0x2001, "Cisco Group Management Protocol"},
	{0x6000, "DEC proto"}, {0x6001, "DEC DNA Dump/Load"}, {0x6002, "DEC DNA Remote Console"},
	{0x6003, "DEC DNA Routing"}, {0x6004, "DEC LAT"}, {0x6005, "DEC Diagnostics"},
	{0x6006, "DEC Customer use"}, {0x6007, "DEC LAVC/SCA"}, {0x6558, "Transparent Ethernet bridging"},
	{0x8035, "RARP"}, {0x8038, "DEC LanBridge"}, {0x8041, "DEC LAST"}, {0x80f3, "AARP"},
	{0x8137, "Netware IPX/SPX"}, {0x8100, "802.1Q Virtual LAN"},
	{0x86dd, "IPv6"}, {0x88a8, "802.1ad Provider Bridge (Q-in-Q)"},
	{0x8847, "MPLS label switched packet"}, {0x888e, "802.1X Authentication"},
	{0x88cc, "802.1 Link Layer Discovery Protocol (LLDP)"}, {0x8863, "PPPoE Discovery"},
	{0x8864, "PPPoE Session"}, {0, NULL},
};

static const struct field_def eth_fields[] = {
	{"eth.dst", "Destination", FT_ETHER, BASE_NONE, 0, 6, 0, NULL},
	{"eth.src", "Source", FT_ETHER, BASE_NONE, 6, 6, 0, NULL},
	{"eth.addr", "Address", FT_ETHER, BASE_NONE, FIELD_VAR, 6, 0, NULL},
	{"eth.type", "Type", FT_UINT16, BASE_HEX, 12, 2, 0, etype_vals},
	{"eth.len", "Length", FT_UINT16, BASE_DEC, 12, 2, 0, NULL},
	{"eth.ig", "IG bit", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x01, NULL},
	{"eth.lg", "LG bit", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x02, NULL},
	{"eth.padding", "Padding", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"eth.trailer", "Trailer", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(eth);

void dissect_type_or_length(struct packet *p, int idx, struct cursor *c)
{
	uint16_t type = cursor_be16(c);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (type <= 1500) {
		/* 802.3: the length covers the LLC header and its payload. */
		struct cursor payload = cursor_sub(c, type);
		pkt_note_cursor(p, idx, c);
		/* "raw" 802.3 (Novell): IPX right away, its checksum field 0xffff */
		if (cursor_peek(&payload, 0) == 0xff && cursor_peek(&payload, 1) == 0xff)
			dissect_ipx(p, &payload);
		else
			dissect_llc(p, &payload);
		return;
	}
	dispatch(&ethertype_table, type, p, c);
}

void dissect_eth(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_ETH, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 12);
	dissect_type_or_length(p, idx, c);
}

/* The MAC address M as "52:54:00:12:34:56" in BUF (18 bytes); BUF. */
static const char *mac_text(char *buf, const uint8_t *m)
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 6; i++) {
		buf[3 * i] = hex[m[i] >> 4];
		buf[3 * i + 1] = hex[m[i] & 15];
		buf[3 * i + 2] = i < 5 ? ':' : 0;
	}
	return buf;
}

/* Ethernet's addresses in the Source and Destination columns, until a
 * network layer gives its own.  A type no protocol here reads shows as
 * the number in the Protocol column ("0x6007") and, when the type has a
 * name, the name as the Info ("DEC LAVC/SCA"). */
static void eth_columns(struct columns *c, const struct packet *p, int idx)
{
	col_default(c, p, idx);
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (n < 12)
		return;
	char a[18], b[18];
	col_addrs(c, mac_text(a, d + 6), mac_text(b, d));
	unsigned type = n >= 14 ? fv_get16(d + 12, true) : 0;
	if (type > 1500 && col_top_layer(p) == idx && !dispatch_find(&ethertype_table, type)) {
		char hex[8];
		g_snprintf(hex, sizeof hex, "0x%04x", type);
		col_proto(c, hex);
		const char *name = value_name(etype_vals, type);
		if (name)
			col_set(c, "%s", name);
	}
}

/* Where the message in layer IN ends (IP's total length, ARP's addresses,
 * IPX's length, PTP's messageLength), in *END; false when it does not say. */
static bool payload_end(const struct packet *p, const struct layer *in, uint32_t *end)
{
	const uint8_t *f = p->frame->data;
	uint32_t cap = p->frame->caplen;
	if (in->proto == PROTO_IP || in->proto == PROTO_IPV6)
		*end = in->off + in->len;
	else if (in->proto == PROTO_ARP && (uint64_t)in->off + 6 <= cap)
		*end = in->off + 8 + 2u * (f[in->off + 4] + f[in->off + 5]);
	else if (in->proto == PROTO_IPX && (uint64_t)in->off + 4 <= cap)
		*end = in->off + fv_get16(f + in->off + 2, true);
	else if (in->proto == PROTO_PTP && !(in->flags & (PKT_MALFORMED | PKT_TRUNCATED)))
		*end = in->off + in->len; /* its messageLength (an exception stops the trailer's reading) */
	else
		return false;
	return true;
}

/* Bytes after what the link layer L carries (the message of the layer
 * after it, or LEN_END when a length field said where it ends): zeros up
 * to the MIN_FRAME-byte minimum are padding; what follows is a trailer, but
 * for 4 bytes ending a 64-byte Ethernet frame, taken for its FCS.  Bytes
 * that are not zeros where padding would be are all trailer.  Where the
 * payload ends (*END), its padding (*PAD_END) and trailer (*TRAIL_END);
 * false when the payload's end is not known or nothing follows it. */
static bool link_tail(const struct packet *p, const struct layer *l, uint32_t len_end, uint32_t min_frame,
		      uint32_t *end_out, uint32_t *pad_end_out, uint32_t *trail_end)
{
	int i = (int)(l - p->layers) + 1;
	while (i < p->nlayers && (p->layers[i].proto == PROTO_VLAN || p->layers[i].proto == PROTO_IEEE8021AD))
		i++;
	if (i >= p->nlayers || (p->layers[i].flags & PKT_IN_ERROR))
		return false;
	const uint8_t *f = p->frame->data;
	uint32_t cap = p->frame->caplen, end = len_end;
	if (!end && !payload_end(p, &p->layers[i], &end))
		return false;
	if (end >= cap)
		return false;
	uint32_t pad_end = end < min_frame ? (cap < min_frame ? cap : min_frame) : end;
	bool zero = true;
	for (uint32_t k = end; k < pad_end && zero; k++)
		zero = f[k] == 0;
	if (!zero)
		pad_end = end;
	*end_out = end;
	*pad_end_out = pad_end;
	*trail_end = pad_end >= cap || (cap - pad_end == 4 && cap == 64 && pad_end > end) ? pad_end : cap;
	return true;
}

/* The same for Ethernet layer L: an 802.3 length says where its payload ends. */
static bool eth_tail(const struct packet *p, const struct layer *l, uint32_t *end, uint32_t *pad_end,
		     uint32_t *trail_end)
{
	const uint8_t *f = p->frame->data;
	uint32_t cap = p->frame->caplen;
	uint32_t type = (uint64_t)l->off + 14 <= cap ? fv_get16(f + l->off + 12, true) : 0;
	uint32_t len_end = type <= 1500 && (uint64_t)l->off + 14 <= cap ? l->off + 14 + type : 0;
	return link_tail(p, l, len_end, 60, end, pad_end, trail_end);
}

static unsigned eth_extra(const struct packet *p, const struct layer *l, const char *a, fvalue_fn fn, void *data)
{
	uint32_t end, pad_end, trail_end;
	if (!eth_tail(p, l, &end, &pad_end, &trail_end))
		return 0;
	const uint8_t *f = p->frame->data;
	if (fv_same(a, "eth.padding"))
		return pad_end > end ? fv_give_ptr(fn, data, FV_BYTES, f + end, pad_end - end) : 0;
	return trail_end > pad_end ? fv_give_ptr(fn, data, FV_BYTES, f + pad_end, trail_end - pad_end) : 0;
}

/* Wireshark's note on a trailer that holds other bytes than zeros, with no
 * padding before it, after the frame's link layer (not after VLAN tags,
 * whose dissector keeps the trailer to itself, nor in an Ethernet frame
 * carried inside another).  WHO says it: the Ethertype dissector after a
 * type, Ethernet after an 802.3 length. */
static void trailer_note(struct experts *e, const struct packet *p, int idx, bool tail, uint32_t end,
			 uint32_t pad_end, uint32_t trail_end, const char *who)
{
	for (int i = 0; i < idx; i++)
		if (p->layers[i].proto != PROTO_PKT_COMMENT)
			return;
	uint16_t next = idx + 1 < p->nlayers ? p->layers[idx + 1].proto : 0;
	if (!tail || pad_end > end || trail_end == pad_end || next == PROTO_VLAN || next == PROTO_IEEE8021AD)
		return;
	const uint8_t *f = p->frame->data;
	uint32_t k = pad_end;
	while (k < trail_end && f[k] == 0)
		k++;
	if (k == trail_end)
		return;
	expert_add(e, EXPERT_NOTE, EXPERT_PROTOCOL, who,
		   "Didn't find padding of zeros, and an undecoded trailer exists. There may be padding of non-zeros.");
}

/* Ethernet's items: a group address as the source (its warning), then a
 * trailer's note. */
static void eth_expert(struct experts *e, const struct packet *p, int idx)
{
	const struct layer *l = &p->layers[idx];
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (d && n >= 12 && (d[6] & 0x01))
		expert_add_at(e, "eth.src", EXPERT_WARN, EXPERT_PROTOCOL, "Ethernet",
			      "Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)");
	uint32_t end = 0, pad_end = 0, trail_end = 0;
	if (!eth_tail(p, l, &end, &pad_end, &trail_end))
		return; /* (the frame then holds the type field) */
	bool typed = fv_get16(p->frame->data + l->off + 12, true) > 1500;
	trailer_note(e, p, idx, true, end, pad_end, trail_end, typed ? "Ethertype" : "Ethernet");
}

void ethertype_trailer_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t end = 0, pad_end = 0, trail_end = 0;
	bool tail = link_tail(p, &p->layers[idx], 0, 0, &end, &pad_end, &trail_end);
	trailer_note(e, p, idx, tail, end, pad_end, trail_end, "Ethertype");
}

/* The IG and LG bits of the destination, then of the source. */
static unsigned eth_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	uint8_t bit = fv_same(a, "eth.ig") ? 0x01 : fv_same(a, "eth.lg") ? 0x02 : 0;
	if (!bit || n < 12)
		return 0;
	fv_give_uint(fn, data, (d[0] & bit) != 0);
	return 1 + fv_give_uint(fn, data, (d[6] & bit) != 0);
}

static void eth_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			     const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	if (fv_same(f->abbrev, "eth.padding") || fv_same(f->abbrev, "eth.trailer"))
		eth_extra(p, l, f->abbrev, fn, data);
	else
		eth_values(d, n, f->abbrev, fn, data);
}

/* Ethernet's type field is a type or a length (802.3), never both. */
static bool eth_absent(const struct packet *p, const struct layer *l, const struct field_def *f)
{
	uint32_t cap;
	const uint8_t *b = fv_layer_base(p, l, &cap);
	if ((uint64_t)l->off + 14 > cap)
		return false;
	uint32_t u = fv_get16(b + l->off + 12, true);
	return (fv_same(f->abbrev, "eth.type") && u <= 1500) || (fv_same(f->abbrev, "eth.len") && u > 1500);
}

const char *ethertype_after(const struct packet *p, const struct layer *l, uint32_t at)
{
	uint32_t cap;
	const uint8_t *b = fv_layer_base(p, l, &cap);
	if ((uint64_t)l->off + at + 2 > cap)
		return NULL;
	return fv_get16(b + l->off + at, true) > 1500 ? "ethertype" : NULL;
}

/* Wireshark's frame.protocols names "ethertype" after a layer that handed
 * its payload on by a type. */
static const char *eth_protocols_after(const struct packet *p, int idx)
{
	return ethertype_after(p, &p->layers[idx], 12);
}

/* eth.addr: the destination, then the source, as the header has them. */
static const struct field_pair eth_pairs[] = {
	{"eth.addr", "eth.dst", "eth.src"},
	{NULL, NULL, NULL},
};

static const struct handoff eth_handoff[] = {
	LINKTYPE(LINKTYPE_ETHERNET, dissect_eth),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(ETH, "eth", "Ethernet II");
const struct protocol proto_eth = {PROTO_ETH, .short_name = "Ethernet", .pairs = eth_pairs, .absent = eth_absent,
                                   .protocols_after = eth_protocols_after, .transport = true,
                                   .columns = eth_columns, .expert = eth_expert, .values = eth_field_values,
                                   .fields = &eth_table, .handoff = eth_handoff};
