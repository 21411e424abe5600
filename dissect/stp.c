/* stp.c — Spanning Tree Protocol BPDUs (IEEE 802.1D, 802.1w RSTP, 802.1s/Q
 * MSTP), carried in LLC with DSAP/SSAP 0x42.
 *
 *   0       2       3       4       5              13      17              25      27
 *   +-------+-------+-------+-------+--------------+-------+---------------+-------+---
 *   | proto | vers  | type  | flags | root id (8)  | cost  | bridge id (8) | port  | message age,
 *   +-------+-------+-------+-------+--------------+-------+---------------+-------+ max age, hello,
 *   forward delay (2 each): 35 bytes.  TCN (type 0x80) is the first 4 bytes only.
 *   RST/MST (type 0x02) add a version-1 length byte; MST (version 3 and up) a
 *   version-3 length (2) and that many bytes of MST configuration and MSTIs.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string stp_type_vals[] = {
	{0x00, "Configuration"}, {0x02, "Rapid/Multiple Spanning Tree"},
	{0x80, "Topology Change Notification"}, {0, NULL},
};

static const struct field_def stp_fields[] = {
	{"stp.protocol", "Protocol Identifier", FT_UINT16, BASE_HEX, 0, 2, 0, NULL},
	{"stp.version", "Protocol Version Identifier", FT_UINT8, BASE_DEC, 2, 1, 0, NULL},
	{"stp.type", "BPDU Type", FT_UINT8, BASE_HEX, 3, 1, 0, stp_type_vals},
	{"stp.flags", "BPDU flags", FT_UINT8, BASE_HEX, 4, 1, 0, NULL},
	{"stp.root.prio", "Root Bridge Priority", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0xf000, NULL},
	{"stp.root.hw", "Root Bridge System ID", FT_ETHER, BASE_NONE, 7, 6, 0, NULL},
	{"stp.root.cost", "Root Path Cost", FT_UINT32, BASE_DEC, 13, 4, 0, NULL},
	{"stp.bridge.prio", "Bridge Priority", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0xf000, NULL},
	{"stp.bridge.hw", "Bridge System ID", FT_ETHER, BASE_NONE, 19, 6, 0, NULL},
	{"stp.port", "Port identifier", FT_UINT16, BASE_HEX, 25, 2, 0, NULL},
	{"stp.msg_age", "Message Age", FT_DOUBLE, BASE_NONE, FIELD_VAR, 2, 0, NULL},
	{"stp.max_age", "Max Age", FT_DOUBLE, BASE_NONE, FIELD_VAR, 2, 0, NULL},
	{"stp.hello", "Hello Time", FT_DOUBLE, BASE_NONE, FIELD_VAR, 2, 0, NULL},
	{"stp.forward", "Forward Delay", FT_DOUBLE, BASE_NONE, FIELD_VAR, 2, 0, NULL},
	{"stp.version_1_length", "Version 1 Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(stp);

void dissect_stp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_STP, c->off);
	if (idx < 0)
		return;
	app_skip(c, 2);
	uint8_t version = cursor_u8(c), type = cursor_u8(c);
	if (cursor_ok(c) && (type == 0x00 || type == 0x02)) { /* a TCN or an unknown type ends here */
		app_skip(c, 31);
		if (type == 0x02) {
			app_skip(c, 1);
			if (version >= 3 && cursor_rleft(c) > 0)
				app_skip(c, cursor_be16(c));
		}
	}
	app_note(p, idx, c);
}

/* "Conf. Root = 32768/0/52:54:00:c2:ac:1f  Cost = 0  Port = 0x8003" for a
 * configuration BPDU; a rapid one's "RST.", "MST." (version 3) or "SPT."
 * (version 4); "TC + " when the topology changes; a TCN BPDU says its name.
 * The column is "STP" whatever the version. */
static void stp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	uint8_t version = n > 2 ? d[2] : 0;
	col_proto(c, "STP");
	col_clear(c);
	if (n < 4)
		return;
	if (d[3] == 0x80) {
		col_append(c, "Topology Change Notification");
		return;
	}
	if (d[3] != 0x00 && d[3] != 0x02) {
		col_append(c, "Unknown BPDU type (%u)", d[3]);
		return;
	}
	if (n < 27)
		return;
	col_append(c, "%s", d[3] == 0x00 ? "Conf. " : version == 3 ? "MST. " : version == 4 ? "SPT. " : "RST. ");
	if (d[4] & 0x01)
		col_append(c, "TC + ");
	col_append(c, "Root = %u/%u/%02x:%02x:%02x:%02x:%02x:%02x  Cost = %u  Port = 0x%04x", d[5] << 8 & 0xf000u,
		   (d[5] & 0x0fu) << 8 | d[6], d[7], d[8], d[9], d[10], d[11], d[12],
		   (uint32_t)d[13] << 24 | (uint32_t)d[14] << 16 | (uint32_t)d[15] << 8 | d[16], d[25] << 8 | d[26]);
}

/* STP: protocol(2) version(1) type(1); configuration (0) and RST (2)
 * BPDUs go on: flags(1) root id(8) root cost(4) bridge id(8) port(2) and
 * four times in 1/256 s (message age, max age, hello, forward delay);
 * RSTP and MSTP add a version 1 length(1). */
static unsigned stp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static const struct {
		const char *name;
		uint8_t at;
	} times[] = {{"stp.msg_age", 27}, {"stp.max_age", 29}, {"stp.hello", 31}, {"stp.forward", 33}};
	if (n < 35 || (d[3] != 0x00 && d[3] != 0x02))
		return 0;
	if (fv_same(a, "stp.root.prio") || fv_same(a, "stp.bridge.prio"))
		return fv_give_uint(fn, data, fv_get16(d + (a[4] == 'r' ? 5 : 17), true) & 0xf000);
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
		if (fv_same(a, times[i].name)) {
			struct fvalue v = {.kind = FV_DOUBLE, .d = fv_get16(d + times[i].at, true) / 256.0};
			fn(&v, data);
			return 1;
		}
	if (fv_same(a, "stp.version_1_length") && d[2] >= 2 && n >= 36)
		return fv_give_uint(fn, data, d[35]);
	return 0;
}

static void stp_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			     const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		stp_values(d, n, f->abbrev, fn, data);
}

PROTOCOL_ID(STP, "stp", "Spanning Tree Protocol");
const struct protocol proto_stp = {PROTO_STP, .short_name = "STP", .columns = stp_columns, .values = stp_field_values, .fields = &stp_table};
