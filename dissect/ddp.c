/* ddp.c — AppleTalk DDP (ethertype 0x809b): a 13-byte extended header
 * whose last byte is the DDP type: 1 RTMP response, 2 NBP, 5 RTMP request,
 * each shown as a layer of its own after DDP's.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def ddp_fields[] = {
	{"ddp.len", "Datagram length", FT_UINT16, BASE_DEC, 0, 2, 0x03ff, NULL},
	{"ddp.dst.net", "Destination Net", FT_UINT16, BASE_DEC, 4, 2, 0, NULL},
	{"ddp.src.net", "Source Net", FT_UINT16, BASE_DEC, 6, 2, 0, NULL},
	{"ddp.dst_socket", "Destination Socket", FT_UINT8, BASE_DEC, 10, 1, 0, NULL},
	{"ddp.src_socket", "Source Socket", FT_UINT8, BASE_DEC, 11, 1, 0, NULL},
	{"ddp.type", "Protocol type", FT_UINT8, BASE_DEC, 12, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(ddp);

void dissect_ddp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_DDP, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 12);
	uint8_t type = cursor_u8(c);
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	if (type == 2)
		pkt_push_layer(p, PROTO_NBP, c->off);
	else if (type == 1 || type == 5)
		pkt_push_layer(p, PROTO_RTMP, c->off);
	else
		dissect_data(p, c);
}

/* NBP (name binding): "Op: lookup  Count: 1", the function in the high
 * nibble of its first byte, the tuple count in the low one. */
static void nbp_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const ops[] = {NULL, "broadcast request", "lookup", "reply", "forward request"};
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (n < 1)
		return;
	unsigned op = d[0] >> 4;
	if (op < G_N_ELEMENTS(ops) && ops[op])
		col_append(c, "Op: %s  Count: %u", ops[op], d[0] & 15u);
	else
		col_append(c, "Op: Unknown (0x%01x)  Count: %u", op, d[0] & 15u);
}

/* RTMP: a request names its function; a data packet its sender's network
 * and node ("Net: 43  Node Len: 8  Node: 13", the length in bits: a node
 * id longer than 8 bits takes two bytes). */
static void rtmp_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const funcs[] = {NULL, "Request", "Route Data Request (split horizon processed)",
					    "Route Data Request (no split horizon processing)"};
	uint32_t n, ddp_n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	const uint8_t *h = col_layer_bytes(p, idx - 1, &ddp_n);
	if (ddp_n >= 13 && h[12] == 5) {
		if (n >= 1)
			col_append(c, "%s", d[0] < G_N_ELEMENTS(funcs) && funcs[d[0]] ? funcs[d[0]] : "Unknown function");
	} else if (n >= 4u + (d[2] > 8)) {
		unsigned node = d[2] > 8 ? (unsigned)d[3] << 8 | d[4] : d[3];
		col_append(c, "Net: %u  Node Len: %u  Node: %u", (unsigned)d[0] << 8 | d[1], d[2], node);
	}
}

static const struct handoff ddp_handoff[] = {
	ETHERTYPE(0x809b, dissect_ddp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(DDP, "ddp", "Datagram Delivery Protocol");
const struct protocol proto_ddp = {PROTO_DDP, .short_name = "DDP", .fields = &ddp_table, .handoff = ddp_handoff};
PROTOCOL_ID(NBP, "nbp", "Name Binding Protocol");
const struct protocol proto_nbp = {PROTO_NBP, .short_name = "NBP", .columns = nbp_columns};
PROTOCOL_ID(RTMP, "rtmp", "Routing Table Maintenance Protocol");
const struct protocol proto_rtmp = {PROTO_RTMP, .short_name = "RTMP", .columns = rtmp_columns};
