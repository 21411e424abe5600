/* wg.c — WireGuard (no port of its own: recognised by its messages, as
 * https://www.wireguard.com/protocol/ lays them out, little-endian):
 * type(1) reserved(3), then by type
 *   1 handshake initiation (148 bytes): sender(4) ephemeral(32)
 *     encrypted static(48) encrypted timestamp(28) mac1(16) mac2(16)
 *   2 handshake response (92 bytes): sender(4) receiver(4) ephemeral(32)
 *     encrypted empty(16) mac1(16) mac2(16)
 *   3 cookie reply (64 bytes): receiver(4) nonce(24) cookie(32)
 *   4 transport data (32 bytes and more): receiver(4) counter(8)
 *     encrypted packet (its 16-byte tag included; none: a keepalive)
 * The datagram's length must be the type's, and the reserved bytes zero
 * for cookie replies and data (some implementations use them in
 * handshakes).
 */
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string wg_type_vals[] = {
	{1, "Handshake Initiation"}, {2, "Handshake Response"}, {3, "Cookie Reply"}, {4, "Transport Data"},
	{0, NULL},
};

static const struct field_def wg_fields[] = {
	{"wg.type", "Type", FT_UINT8, BASE_DEC, 0, 1, 0, wg_type_vals},
	{"wg.reserved", "Reserved", FT_BYTES, BASE_NONE, 1, 3, 0, NULL},
	{"wg.sender", "Sender", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"wg.receiver", "Receiver", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"wg.mac1", "mac1", FT_BYTES, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"wg.mac2", "mac2", FT_BYTES, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"wg.nonce", "Nonce", FT_BYTES, BASE_NONE, FIELD_VAR, 24, 0, NULL},
	{"wg.encrypted_cookie", "Encrypted Cookie", FT_BYTES, BASE_NONE, FIELD_VAR, 32, 0, NULL},
	{"wg.counter", "Counter", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"wg.encrypted_packet", "Encrypted Packet", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"wg.keepalive", "This is a Keepalive message", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(wg);

static bool wg_length_fits(uint8_t type, uint32_t len)
{
	switch (type) {
	case 1: return len == 148;
	case 2: return len == 92;
	case 3: return len == 64;
	case 4: return len >= 32;
	default: return false;
	}
}

void dissect_wg_heur(struct packet *p, struct cursor *c)
{
	int type = cursor_peek(c, 0), r1 = cursor_peek(c, 1), r2 = cursor_peek(c, 2), r3 = cursor_peek(c, 3);
	if (r3 < 0 || !wg_length_fits((uint8_t)type, cursor_rleft(c)))
		return;
	if ((type == 3 || type == 4) && (r1 | r2 | r3) != 0)
		return;
	int idx = pkt_push_layer(p, PROTO_WG, c->off);
	if (idx >= 0 && !cursor_skip(c, cursor_rleft(c)))
		pkt_note_cursor(p, idx, c);
}

/* WireGuard: where each field sits for each message type (0: absent). */
static void wg_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 4 || d[0] < 1 || d[0] > 4)
		return;
	static const struct {
		const char *name;
		uint8_t kind, size;
		uint8_t off[4]; /* for types 1..4 */
	} at[] = {
		{"wg.sender", FV_UINT, 4, {4, 4, 0, 0}},
		{"wg.receiver", FV_UINT, 4, {0, 8, 4, 4}},
		{"wg.mac1", FV_BYTES, 16, {116, 60, 0, 0}},
		{"wg.mac2", FV_BYTES, 16, {132, 76, 0, 0}},
		{"wg.nonce", FV_BYTES, 24, {0, 0, 8, 0}},
		{"wg.encrypted_cookie", FV_BYTES, 32, {0, 0, 32, 0}},
		{"wg.counter", FV_UINT, 8, {0, 0, 0, 8}},
	};
	uint8_t type = d[0];
	if (type == 4 && (fv_same(a, "wg.encrypted_packet") || fv_same(a, "wg.keepalive"))) {
		if (fv_same(a, "wg.encrypted_packet") || n == 32)
			fv_give_ptr(fn, data, FV_NONE, NULL, 0);
		return;
	}
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		uint32_t off = at[i].off[type - 1];
		if (!fv_same(a, at[i].name) || off == 0 || off + at[i].size > n)
			continue;
		if (at[i].kind == FV_BYTES)
			fv_give_ptr(fn, data, FV_BYTES, d + off, at[i].size);
		else
			fv_give_uint(fn, data, at[i].size == 8 ? fv_get64le(d + off) : fv_get32(d + off, false));
	}
}

static void wg_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			    const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		wg_values(d, n, f->abbrev, fn, data);
}

/* ---- the packet list ------------------------------------------------------ */
static uint32_t le32(const uint8_t *d)
{
	return (uint32_t)d[3] << 24 | (uint32_t)d[2] << 16 | (uint32_t)d[1] << 8 | d[0];
}

static uint64_t le64(const uint8_t *d)
{
	return (uint64_t)le32(d + 4) << 32 | le32(d);
}

/* The length of WireGuard layer IDX: the datagram's (the UDP header's),
 * not the frame's. */
static uint32_t wg_wire_len(const struct packet *p, int idx)
{
	const struct layer *t = &p->layers[idx];
	uint32_t wire = t->off < p->frame->len ? p->frame->len - t->off : 0;
	const struct layer *u = p->l4_layer >= 0 ? &p->layers[p->l4_layer] : NULL;
	if (u && u->proto == PROTO_UDP && u->off + 6 <= p->frame->caplen && t->off >= u->off) {
		const uint8_t *h = p->frame->data + u->off;
		uint32_t end = u->off + ((uint32_t)h[4] << 8 | h[5]);
		if (end >= t->off)
			wire = end - t->off;
	}
	return wire;
}

/* WireGuard: the message and its indices ("Transport Data, receiver=0x..,
 * counter=.., datalen=.."). */
static void wg_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_short_name(c, p, idx);
	col_clear(c);
	uint32_t wire = wg_wire_len(p, idx);
	if (n < 1)
		return;
	if (d[0] == 1 && n >= 8)
		col_append(c, "Handshake Initiation, sender=0x%08X", le32(d + 4));
	else if (d[0] == 2 && n >= 12)
		col_append(c, "Handshake Response, sender=0x%08X, receiver=0x%08X", le32(d + 4), le32(d + 8));
	else if (d[0] == 3 && n >= 8)
		col_append(c, "Cookie Reply, receiver=0x%08X", le32(d + 4));
	if (d[0] != 4 || n < 16)
		return;
	col_append(c, "%s, receiver=0x%08X, counter=%" G_GUINT64_FORMAT, wire == 32 ? "Keepalive" : "Transport Data",
		   le32(d + 4), le64(d + 8));
	if (wire > 32)
		col_append(c, ", datalen=%u", wire - 32);
}

/* Transport data with nothing encrypted but its tag: a keepalive. */
static void wg_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	if (n >= 1 && d[0] == 4 && wg_wire_len(p, idx) == 32)
		expert_add_at(e, "wg.keepalive", EXPERT_CHAT, EXPERT_SEQUENCE, "WireGuard", "This is a Keepalive message");
}

static const struct handoff wg_handoff[] = {
	UDP_HEUR(40, dissect_wg_heur),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(WG, "wg", "WireGuard Protocol");
const struct protocol proto_wg = {PROTO_WG, .short_name = "WireGuard", .columns = wg_columns, .expert = wg_expert, .values = wg_field_values, .fields = &wg_table,
                                  .handoff = wg_handoff};
