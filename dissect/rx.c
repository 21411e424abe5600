/* rx.c — RX, the remote procedure call transport of the Andrew File System,
 * on UDP ports 7000-7009 (file server, callback, protection, volume
 * location, authentication, volume, error, basic overseer, update, remote
 * system call) and 7021 (backup), and AFS, the calls it carries.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   epoch (when the client started)             |
 *  |                   connection id                               |
 *  |                   call number                                 |
 *  |                   sequence number                             |
 *  |                   serial number                               |
 *  |     type      |     flags     |  user status  | security index|
 *  |        spare / checksum       |          service id           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * A DATA packet (type 1) carries part of an AFS call or reply (dissect/afs.c).
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { RX_HEADER = 28, RX_DATA = 1 };

static const struct value_string rx_type_vals[] = {
	{1, "data"}, {2, "ack"}, {3, "busy"}, {4, "abort"}, {5, "ackall"},
	{6, "challenge"}, {7, "response"}, {8, "debug"}, {9, "params"}, {13, "version"},
	{0, NULL},
};

/* (connection id, call number, serial and security index come again in an
 * ACK's or a RESPONSE's body: read where their layer is read) */
static const struct field_def rx_fields[] = {
	{"rx.cid", "CID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rx.callnumber", "Call Number", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rx.seq", "Sequence Number", FT_UINT32, BASE_DEC, 12, 4, 0, NULL},
	{"rx.serial", "Serial", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rx.type", "Type", FT_UINT8, BASE_DEC, 20, 1, 0, rx_type_vals},
	{"rx.flags", "Flags", FT_UINT8, BASE_HEX, 21, 1, 0, NULL},
	{"rx.flags.free_packet", "Free Packet", FT_BOOLEAN, BASE_NONE, 21, 1, 0x10, NULL},
	{"rx.flags.more_packets", "More Packets", FT_BOOLEAN, BASE_NONE, 21, 1, 0x08, NULL},
	{"rx.flags.last_packet", "Last Packet", FT_BOOLEAN, BASE_NONE, 21, 1, 0x04, NULL},
	{"rx.flags.request_ack", "Request Ack", FT_BOOLEAN, BASE_NONE, 21, 1, 0x02, NULL},
	{"rx.flags.client_init", "Client Initiated", FT_BOOLEAN, BASE_NONE, 21, 1, 0x01, NULL},
	{"rx.userstatus", "User Status", FT_UINT8, BASE_DEC, 22, 1, 0, NULL},
	{"rx.securityindex", "Security Index", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"rx.spare", "Spare/Checksum", FT_UINT16, BASE_DEC, 24, 2, 0, NULL},
	{"rx.serviceid", "Service ID", FT_UINT16, BASE_DEC, 26, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(rx);

void dissect_rx(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_RX, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 20);
	uint8_t type = cursor_u8(c);
	cursor_skip(c, 7);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (type == RX_DATA)
		dissect_afs(p, c, c->data + p->layers[idx].off);
}

static const struct value_string rx_ack_reasons[] = {
	{1, "Ack Requested"}, {2, "Duplicate Packet"}, {3, "Out Of Sequence"}, {4, "Exceeds Window"},
	{5, "No Space"}, {6, "Ping"}, {7, "Ping Response"}, {8, "Delay"}, {9, "Idle"}, {0, NULL},
};

static uint32_t rx_be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* The packet type in capitals (an ACK with its reason, from byte 16 of its
 * body), then the sequence and call numbers and the UDP ports; the AFS
 * call of a DATA packet writes over it. */
static void rx_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	col_proto(c, "RX");
	if (n < RX_HEADER) {
		col_clear(c);
		return;
	}
	const char *name = value_name(rx_type_vals, b[20]);
	g_autofree char *type = name ? g_ascii_strup(name, -1) : g_strdup_printf("%u", b[20]);
	col_set(c, "%s", type);
	if (b[20] == 2 && n > RX_HEADER + 16) {
		const char *reason = value_name(rx_ack_reasons, b[RX_HEADER + 16]);
		if (reason)
			col_append(c, " %s", reason);
		else
			col_append(c, " %u", b[RX_HEADER + 16]);
	}
	col_append(c, "  Seq: %u  Call: %u  Source Port: %u  Destination Port: %u  ", rx_be32(b + 12), rx_be32(b + 8),
		   p->sport, p->dport);
}

/* RX: the header's fields that the body of an ACK (its serial) or of an
 * rxkad RESPONSE (connection id, security index, the four call numbers)
 * gives again, the header's value first. */
static void rx_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 28)
		return;
	const uint8_t *b = d + 28;
	uint32_t m = n - 28;
	bool ack = d[20] == 2 && m >= 16, resp = d[20] == 7 && m >= 40 && fv_get32(b, true) == 2;
	if (fv_same(a, "rx.serial")) {
		fv_give_uint(fn, data, fv_get32(d + 16, true));
		if (ack)
			fv_give_uint(fn, data, fv_get32(b + 12, true));
	} else if (fv_same(a, "rx.cid")) {
		fv_give_uint(fn, data, fv_get32(d + 4, true));
		if (resp)
			fv_give_uint(fn, data, fv_get32(b + 12, true));
	} else if (fv_same(a, "rx.securityindex")) {
		fv_give_uint(fn, data, d[23]);
		if (resp)
			fv_give_uint(fn, data, b[20]);
	} else if (fv_same(a, "rx.callnumber")) {
		fv_give_uint(fn, data, fv_get32(d + 8, true));
		for (uint32_t i = 0; resp && i < 4; i++)
			fv_give_uint(fn, data, fv_get32(b + 24 + 4 * i, true));
	}
}

static void rx_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			    const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		rx_values(d, n, f->abbrev, fn, data);
}

static const struct handoff rx_handoff[] = {
	UDP_PORTS(7000, 7009, dissect_rx), /* AFS: fileserver .. update */
	UDP_PORT(7021, dissect_rx),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(RX, "rx", "RX Protocol");
const struct protocol proto_rx = {PROTO_RX, .short_name = "RX", .columns = rx_columns, .values = rx_field_values, .fields = &rx_table,
                                  .handoff = rx_handoff};
