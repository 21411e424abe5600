/* bfd.c — Bidirectional Forwarding Detection control packets (RFC 5880,
 * over UDP RFC 5881/5883) on UDP ports 3784 (single hop), 4784 (multihop)
 * and the others Wireshark registers.
 *
 *   0     3        8   10         16        24        32
 *   +-----+--------+---+----------+---------+---------+
 *   | ver | diag   |sta| P F C A D M | mult  | length  |
 *   +-----+--------+---+----------+---------+---------+
 *   | my discriminator | your discriminator (4 each)   |
 *   | desired min TX | required min RX | required min echo RX (4 each) |
 *   | with A: auth type (1), auth len (1), key id (1), ...          |
 *
 * Version 0 (the draft) has flags H D P F where version 1 has the state.
 * Info: "Diag: No Diagnostic, State: Up, Flags: 0x00" (version 1's flags
 * without the M bit); the 24-byte header cut short is malformed (Wireshark
 * reads it whole before writing Info).
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string bfd_diags[] = {
	{0, "No Diagnostic"}, {1, "Control Detection Time Expired"}, {2, "Echo Function Failed"},
	{3, "Neighbor Signaled Session Down"}, {4, "Forwarding Plane Reset"}, {5, "Path Down"},
	{6, "Concatenated Path Down"}, {7, "Administratively Down"}, {8, "Reverse Concatenated Path Down"},
	{9, "Mis-Connectivity Defect"}, {0, NULL},
};

static const struct value_string bfd_states[] = {
	{0, "AdminDown"}, {1, "Down"}, {2, "Init"}, {3, "Up"}, {0, NULL},
};

static const struct field_def bfd_fields[] = {
	{"bfd.version", "Protocol Version", FT_UINT8, BASE_DEC, 0, 1, 0xe0, NULL},
	{"bfd.diag", "Diagnostic Code", FT_UINT8, BASE_HEX, 0, 1, 0x1f, bfd_diags},
	{"bfd.sta", "Session State", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0xc0, NULL},
	{"bfd.flags", "Message Flags", FT_UINT8, BASE_HEX, 1, 1, 0, NULL},
	{"bfd.detect_time_multiplier", "Detect Time Multiplier", FT_UINT8, BASE_DEC, 2, 1, 0, NULL},
	{"bfd.message_length", "Message Length", FT_UINT8, BASE_DEC, 3, 1, 0, NULL},
	{"bfd.my_discriminator", "My Discriminator", FT_UINT32, BASE_HEX, 4, 4, 0, NULL},
	{"bfd.your_discriminator", "Your Discriminator", FT_UINT32, BASE_HEX, 8, 4, 0, NULL},
	{"bfd.desired_min_tx_interval", "Desired Min TX Interval", FT_UINT32, BASE_DEC, 12, 4, 0, NULL},
	{"bfd.required_min_rx_interval", "Required Min RX Interval", FT_UINT32, BASE_DEC, 16, 4, 0, NULL},
	{"bfd.required_min_echo_interval", "Required Min Echo Interval", FT_UINT32, BASE_DEC, 20, 4, 0, NULL},
	{"bfd.auth.type", "Authentication Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"bfd.auth.len", "Authentication Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"bfd.auth.key", "Authentication Key ID", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(bfd);

/* Version 1 with the A flag: an authentication section at 24. */
static bool bfd_has_auth(const uint8_t *d)
{
	return (d[0] >> 5) != 0 && (d[1] & 0x04);
}

/* The authentication section is shown as far as it goes: Wireshark does
 * not fail the packet for it. */
static void dissect_bfd(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_BFD, c->off);
	cursor_skip(c, 24);
	pkt_note_cursor(p, idx, c);
	cursor_skip(c, cursor_left(c));
}

/* With its 24-byte header cut short, Wireshark shows none of its fields. */
static bool bfd_absent(const struct packet *p, const struct layer *l, G_GNUC_UNUSED const struct field_def *f)
{
	uint32_t cap;
	fv_layer_base(p, l, &cap);
	return cap < l->off + 24u;
}

/* The state (version 1), and the authentication section's first bytes. */
static void bfd_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
		       uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 24)
		return;
	if ((d[0] >> 5) != 0 && fv_same(f->abbrev, "bfd.sta"))
		fv_give_uint(fn, data, d[1] >> 6);
	else if (n >= 27 && bfd_has_auth(d)) {
		static const char *const auth[] = {"bfd.auth.type", "bfd.auth.len", "bfd.auth.key"};
		for (int i = 0; i < 3; i++)
			if (fv_same(f->abbrev, auth[i]))
				fv_give_uint(fn, data, d[24 + i]);
	}
}

static const char *bfd_name(const struct value_string *vals, uint32_t v)
{
	const char *s = value_name(vals, v);
	return s ? s : "Unknown";
}

static void bfd_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 24)
		return;
	unsigned diag = d[0] & 0x1f;
	if ((d[0] >> 5) == 0)
		col_append(c, "Diag: %s, Flags: 0x%02x", bfd_name(bfd_diags, diag > 7 ? 99 : diag), d[1]);
	else
		col_append(c, "Diag: %s, State: %s, Flags: 0x%02x", bfd_name(bfd_diags, diag),
			   bfd_name(bfd_states, d[1] >> 6), d[1] & 0x3e);
}

/* Wireshark's registration: single hop, multihop, and the ports of BFD
 * over LAG and of the echo's reply path it reads the same way. */
static const struct handoff bfd_handoff[] = {
	UDP_PORT(3784, dissect_bfd),
	UDP_PORT(4784, dissect_bfd),
	UDP_PORT(6784, dissect_bfd),
	UDP_PORT(7784, dissect_bfd),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(BFD, "bfd", "Bidirectional Forwarding Detection Control Message");
const struct protocol proto_bfd = {PROTO_BFD, .short_name = "BFD Control", .fields = &bfd_table, .columns = bfd_columns,
				   .values = bfd_values, .absent = bfd_absent, .handoff = bfd_handoff};
