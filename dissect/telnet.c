/* telnet.c — Telnet (RFC 854) on TCP port 23: data with commands escaped
 * by IAC (0xff), options negotiated with IAC WILL/WONT/DO/DONT (251..254)
 * and IAC SB ... IAC SE subnegotiations:
 *
 *   | data ... | ff fd 18 (IAC DO TERMINAL-TYPE) | ff fa 18 01 ff f0 | data ... |
 *
 * Wireshark's Info for any Telnet segment is "Telnet Data ...".
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def telnet_fields[] = {
	{"telnet.cmd", "Command", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(telnet);

static void dissect_telnet(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_TELNET, c->off);
	cursor_skip(c, cursor_rleft(c));
}

static void telnet_columns(struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
	col_proto(c, "TELNET");
	col_set(c, "Telnet Data ...");
}

/* The command byte after each IAC (not an escaped 0xff data byte). */
static void telnet_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			  const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || !fv_same(f->abbrev, "telnet.cmd"))
		return;
	for (uint32_t i = 0; i + 1 < n; i++) {
		if (d[i] != 0xff)
			continue;
		i++;
		if (d[i] != 0xff)
			fv_give_uint(fn, data, d[i]);
	}
}

/* Wireshark's registration: TCP port 23. */
static const struct handoff telnet_handoff[] = {
	TCP_PORT(23, dissect_telnet),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(TELNET, "telnet", "Telnet");
const struct protocol proto_telnet = {PROTO_TELNET, .short_name = "TELNET", .fields = &telnet_table, .columns = telnet_columns,
				      .values = telnet_values, .handoff = telnet_handoff};
