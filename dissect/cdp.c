/* cdp.c — Cisco Discovery Protocol, carried in SNAP (OUI 00:00:0c, PID 0x2000).
 *
 *   0       1       2               4
 *   +-------+-------+---------------+----------------------------------------+
 *   |version|  TTL  |   checksum    | TLVs: type(2) length(2, header included) value |
 *   +-------+-------+---------------+----------------------------------------+
 */
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string cdp_tlv_vals[] = {
	{0x0001, "Device ID"}, {0x0002, "Addresses"}, {0x0003, "Port ID"}, {0x0004, "Capabilities"},
	{0x0005, "Software version"}, {0x0006, "Platform"}, {0x000a, "Native VLAN"},
	{0x000b, "Duplex"}, {0x0016, "Management Addresses"}, {0, NULL},
};

static const struct field_def cdp_fields[] = {
	{"cdp.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"cdp.ttl", "TTL", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"cdp.checksum", "Checksum", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"cdp.tlv.type", "Type", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, cdp_tlv_vals},
	{"cdp.tlv.len", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"cdp.deviceid", "Device ID", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"cdp.portid", "Sent through Interface", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"cdp.platform", "Platform", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"cdp.native_vlan", "Native VLAN", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(cdp);

void dissect_cdp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_CDP, c->off);
	if (idx < 0)
		return;
	app_skip(c, 4);
	while (cursor_ok(c) && cursor_rleft(c) >= 4) {
		app_skip(c, 2);
		uint16_t len = cursor_be16(c);
		if (cursor_ok(c) && len < 4) {
			c->err = CUR_MALFORMED;
			break;
		}
		app_skip(c, len - 4u);
	}
	app_note(p, idx, c);
}

/* CDP: version(1) ttl(1) checksum(2), then TLVs of type(2) length(2, the
 * header included) value: device id (1), port id (3), platform (6) and
 * native VLAN (10) are read. */
static unsigned cdp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static const struct {
		const char *name;
		uint32_t type;
	} strings[] = {{"cdp.deviceid", 1}, {"cdp.portid", 3}, {"cdp.platform", 6}};
	unsigned given = 0;
	for (uint32_t at = 4; at + 4 <= n;) {
		uint32_t type = fv_get16(d + at, true), len = fv_get16(d + at + 2, true);
		if (len < 4 || at + len > n)
			break;
		if (fv_same(a, "cdp.tlv.type"))
			given += fv_give_uint(fn, data, type);
		else if (fv_same(a, "cdp.tlv.len"))
			given += fv_give_uint(fn, data, len);
		else if (type == 10 && len == 6 && fv_same(a, "cdp.native_vlan"))
			given += fv_give_uint(fn, data, fv_get16(d + at + 4, true));
		for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
			if (type == strings[i].type && fv_same(a, strings[i].name))
				given += fv_give_ptr(fn, data, FV_STRING, d + at + 4, len - 4);
		at += len;
	}
	return given;
}

static void cdp_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			     const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		cdp_values(d, n, f->abbrev, fn, data);
}

/* Info names the device and the port, each followed by two spaces, in the
 * order of their TLVs; a string ends at its first NUL. */
static void cdp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	for (uint32_t at = 4; d && at + 4 <= n;) {
		uint32_t type = fv_get16(d + at, true), len = fv_get16(d + at + 2, true);
		if (len < 4 || at + len > n)
			break;
		if (type == 1 || type == 3) {
			const uint8_t *v = d + at + 4, *nul = memchr(v, 0, len - 4);
			col_append(c, type == 1 ? "Device ID: " : "Port ID: ");
			col_append_text(c, v, nul ? (uint32_t)(nul - v) : len - 4);
			col_append(c, "  ");
		}
		at += len;
	}
}

PROTOCOL_ID(CDP, "cdp", "Cisco Discovery Protocol");
const struct protocol proto_cdp = {PROTO_CDP, .short_name = "CDP", .columns = cdp_columns, .values = cdp_field_values,
				   .fields = &cdp_table};
