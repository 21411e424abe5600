/* vrrp.c — Virtual Router Redundancy Protocol, IP protocol 112: version 2
 * (RFC 3768) over IPv4, version 3 (RFC 5798) over IPv4 or IPv6.
 *
 *   0           1          2          3           4                     6           8
 *   +-----+-----+----------+----------+-----------+---------------------+-----------+
 *   | ver | type| VRID     | priority | count     | v2: auth type, adver int (1+1)  |
 *   |     |     |          |          | addresses | v3: rsvd(4) max adver int (12)  |
 *   +-----+-----+----------+----------+-----------+---------------------+-----------+
 *   | checksum (2) | count addresses (4 bytes over IPv4, 16 over IPv6) | v2 with auth type 1: text (8) |
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def vrrp_fields[] = {
	{"vrrp.typever", "VRRP message version and type", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"vrrp.version", "VRRP protocol version", FT_UINT8, BASE_DEC, 0, 1, 0xf0, NULL},
	{"vrrp.type", "VRRP packet type", FT_UINT8, BASE_DEC, 0, 1, 0x0f, NULL},
	{"vrrp.virt_rtr_id", "Virtual Rtr ID", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"vrrp.prio", "Priority", FT_UINT8, BASE_DEC, 2, 1, 0, NULL},
	{"vrrp.addr_count", "Addr Count", FT_UINT8, BASE_DEC, 3, 1, 0, NULL},
	{"vrrp.auth_type", "Auth Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"vrrp.adver_int", "Adver Int", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"vrrp.short_adver_int", "Adver Int", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"vrrp.checksum", "Checksum", FT_UINT16, BASE_HEX, 6, 2, 0, NULL},
	{"vrrp.ip_addr", "IP Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"vrrp.ipv6_addr", "IPv6 Address", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"vrrp.auth_string", "Authentication String", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(vrrp);

/* Whether P's VRRP rides on IPv6: its addresses are 16 bytes. */
static bool vrrp_over_ipv6(const struct packet *p)
{
	return p->ip_layer >= 0 && p->layers[p->ip_layer].proto == PROTO_IPV6;
}

static void dissect_vrrp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_VRRP, c->off);
	if (idx < 0)
		return;
	uint8_t ver = cursor_u8(c) >> 4;
	cursor_skip(c, 2);
	uint8_t count = cursor_u8(c), auth = ver == 3 ? 0 : cursor_peek(c, 0) & 0xff;
	cursor_skip(c, 4); /* auth type and interval, or the interval; checksum */
	cursor_skip(c, count * (vrrp_over_ipv6(p) ? 16u : 4u));
	if (ver != 3 && auth == 1)
		cursor_skip(c, 8);
	pkt_note_cursor(p, idx, c);
}

/* With its 8-byte header cut short, Wireshark shows none of its fields. */
static bool vrrp_absent(const struct packet *p, const struct layer *l, G_GNUC_UNUSED const struct field_def *f)
{
	uint32_t cap;
	fv_layer_base(p, l, &cap);
	return cap < l->off + 8u;
}

/* Version 3's 12-bit interval, version 2's auth type and interval, the
 * addresses by the IP version below, the text of simple authentication. */
static void vrrp_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
			const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 8)
		return;
	const char *a = f->abbrev;
	bool v3 = d[0] >> 4 == 3, v6 = vrrp_over_ipv6(p);
	uint32_t size = v6 ? 16 : 4, at = 8;
	if (v3 && fv_same(a, "vrrp.short_adver_int"))
		fv_give_uint(fn, data, fv_get16(d + 4, true) & 0xfff);
	else if (!v3 && fv_same(a, "vrrp.auth_type"))
		fv_give_uint(fn, data, d[4]);
	else if (!v3 && fv_same(a, "vrrp.adver_int"))
		fv_give_uint(fn, data, d[5]);
	for (uint32_t i = 0; i < d[3] && at + size <= n; i++, at += size)
		if (fv_same(a, v6 ? "vrrp.ipv6_addr" : "vrrp.ip_addr"))
			fv_give_ptr(fn, data, v6 ? FV_IPV6 : FV_IPV4, d + at, size);
	if (!v3 && d[4] == 1 && at == 8 + d[3] * size && at + 8 <= n && fv_same(a, "vrrp.auth_string")) {
		uint32_t len = 0;
		while (len < 8 && d[at + len])
			len++;
		if (len)
			fv_give_ptr(fn, data, FV_STRING, d + at, len);
	}
}

/* "Announcement (v2)": the version nibble, whatever the type. */
static void vrrp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (d && n >= 1)
		col_append(c, "Announcement (v%u)", d[0] >> 4);
}

/* Wireshark's registration: IP protocol 112. */
static const struct handoff vrrp_handoff[] = {
	IP_PROTO(112, dissect_vrrp),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(VRRP, "vrrp", "Virtual Router Redundancy Protocol");
const struct protocol proto_vrrp = {PROTO_VRRP, .short_name = "VRRP", .fields = &vrrp_table, .columns = vrrp_columns,
				    .values = vrrp_values, .absent = vrrp_absent, .handoff = vrrp_handoff};
