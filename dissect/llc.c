/* llc.c — IEEE 802.2 Logical Link Control, with the SNAP extension (RFC 1042).
 *
 *   +------+------+---------+--------------------------+
 *   | DSAP | SSAP | control | SNAP: OUI(3) type(2) ... |   (SNAP when DSAP = SSAP = 0xaa)
 *   +------+------+---------+--------------------------+
 *
 * SNAP with OUI 0 carries an ethertype, with Cisco's OUI (00:00:0c) PID
 * 0x2000 is CDP; SAP 0x42 is the Spanning Tree Protocol; anything else is
 * shown as data.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def llc_fields[] = {
	{"llc.dsap", "DSAP", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"llc.ssap", "SSAP", FT_UINT8, BASE_HEX, 1, 1, 0, NULL},
	{"llc.control", "Control field", FT_UINT16, BASE_HEX, 2, 1, 0, NULL},
	{"llc.oui", "Organization Code", FT_UINT24, BASE_DEC, FIELD_VAR, 3, 0, NULL},
	{"llc.type", "Type", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"llc.pid", "PID", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(llc);

void dissect_llc(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_LLC, c->off);
	if (idx < 0)
		return;
	uint8_t dsap = cursor_u8(c), ssap = cursor_u8(c);
	uint8_t control = cursor_u8(c);
	if ((control & 0x03) != 0x03)
		cursor_skip(c, 1); /* I and S frames have a 2-byte control field */
	if (cursor_ok(c) && dsap == 0xaa && ssap == 0xaa) {
		uint32_t oui = (uint32_t)cursor_u8(c) << 16;
		oui |= cursor_be16(c);
		uint16_t type = cursor_be16(c);
		if (cursor_ok(c) && oui == 0) {
			dispatch(&ethertype_table, type, p, c);
			return;
		}
		if (cursor_ok(c) && oui == 0x00000c && type == 0x2000) {
			dissect_cdp(p, c);
			return;
		}
		if (cursor_ok(c) && oui == 0x00000c && type == 0x010b && cursor_rleft(c) > 0) {
			dissect_stp(p, c); /* Cisco's per-VLAN spanning tree (PVST+) */
			return;
		}
		if (cursor_ok(c) && oui == 0x080007 && type == 0x809b) {
			dissect_ddp(p, c); /* AppleTalk over SNAP */
			return;
		}
	} else if (cursor_ok(c) && dsap == 0x42 && cursor_rleft(c) > 0) {
		dissect_stp(p, c);
		return;
	} else if (cursor_ok(c) && dsap == 0xe0 && cursor_rleft(c) > 0) {
		dissect_ipx(p, c);
		return;
	} else if (cursor_ok(c) && dsap == 0xf0 && cursor_rleft(c) > 0) {
		dissect_netbios(p, c);
		return;
	}
	pkt_note_cursor(p, idx, c);
	if (cursor_ok(c))
		dissect_data(p, c);
}

/* LLC: dsap(1) ssap(1) control(1); SNAP (dsap = ssap = 0xaa) adds an OUI(3)
 * and then an ethertype (OUI 0) or a protocol id. */
static unsigned llc_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 8 || d[0] != 0xaa || d[1] != 0xaa)
		return 0;
	uint32_t oui = (uint32_t)d[3] << 16 | (uint32_t)d[4] << 8 | d[5];
	if (fv_same(a, "llc.oui"))
		return fv_give_uint(fn, data, oui);
	/* Cisco's protocol ids are a field of their own */
	if ((fv_same(a, "llc.type") && oui == 0) || (fv_same(a, "llc.pid") && oui != 0 && oui != 0x00000c))
		return fv_give_uint(fn, data, fv_get16(d + 6, true));
	return 0;
}

static void llc_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			     const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		llc_values(d, n, f->abbrev, fn, data);
}

PROTOCOL_ID(LLC, "llc", "Logical-Link Control");
const struct protocol proto_llc = {PROTO_LLC, .short_name = "LLC", .transport = true, .values = llc_field_values, .fields = &llc_table};
