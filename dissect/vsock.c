/* vsock.c — Linux vsockmon (LINKTYPE_VSOCK), little-endian:
 *
 *   +-------------+-------------+----------+----------+----+-------+---------+----------+
 *   | src cid (8) | dst cid (8) | src port | dst port | op | trans | tr. len | reserved |
 *   |             |             |   (4)    |   (4)    | (2)|  (2)  |   (2)   |   (2)    |
 *   +-------------+-------------+----------+----------+----+-------+---------+----------+
 *
 * then the transport header (virtio: src cid(8) dst cid(8) src port(4) dst
 * port(4) len(4) type(2) op(2) flags(4) buf alloc(4) fwd cnt(4)) and the
 * payload.  A record shorter than its 32-byte header is not vsock.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string vsock_op_vals[] = {
	{0, "Unknown"}, {1, "Connect"}, {2, "Disconnect"}, {3, "Control"}, {4, "Payload"}, {0, NULL},
};

static const struct value_string vsock_trans_vals[] = {
	{0, "Unknown"}, {1, "No info"}, {2, "Virtio"}, {0, NULL},
};

static const struct value_string virtio_type_vals[] = {
	{1, "Stream"}, {0, NULL},
};

static const struct value_string virtio_op_vals[] = {
	{0, "Invalid"}, {1, "Request"}, {2, "Response"}, {3, "Rst"}, {4, "Shutdown"},
	{5, "RW"}, {6, "Credit update"}, {7, "Credit response"}, {0, NULL},
};

static const struct field_def vsock_fields[] = {
	{"vsock.src_cid", "Source cid", FT_UINT64, BASE_DEC_LE, 0, 8, 0, NULL},
	{"vsock.dst_cid", "Destination cid", FT_UINT64, BASE_DEC_LE, 8, 8, 0, NULL},
	{"vsock.src_port", "Source port", FT_UINT32, BASE_DEC_LE, 16, 4, 0, NULL},
	{"vsock.dst_port", "Destination port", FT_UINT32, BASE_DEC_LE, 20, 4, 0, NULL},
	{"vsock.op", "Operation", FT_UINT16, BASE_DEC_LE, 24, 2, 0, vsock_op_vals},
	{"vsock.trans", "Transport", FT_UINT16, BASE_DEC_LE, 26, 2, 0, vsock_trans_vals},
	{"vsock.trans_len", "Transport length", FT_UINT16, BASE_DEC_LE, 28, 2, 0, NULL},
	{"vsock.reserved", "Reserved", FT_BYTES, BASE_NONE, 30, 2, 0, NULL},
	{"vsock.payload", "Payload", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"vsock.virtio.src_cid", "Source cid", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"vsock.virtio.dst_cid", "Destination cid", FT_UINT64, BASE_DEC, FIELD_VAR, 8, 0, NULL},
	{"vsock.virtio.src_prot", "Source port", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"vsock.virtio.dst_prot", "Destination port", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"vsock.virtio.len", "Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"vsock.virtio.type", "Type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, virtio_type_vals},
	{"vsock.virtio.op", "Operation", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, virtio_op_vals},
	{"vsock.virtio.flags", "Flags", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"vsock.virtio.buf_alloc", "Buf alloc", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"vsock.virtio.fwd_cnt", "Fwd cnt", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(vsock);

void dissect_vsock(struct packet *p, struct cursor *c)
{
	if (cursor_rleft(c) < 32) {
		dissect_data(p, c);
		return;
	}
	int idx = pkt_push_layer(p, PROTO_VSOCK, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 32);
	pkt_note_cursor(p, idx, c);
}

/* vsock: the virtio transport header after the 32-byte record header, and
 * the payload after the transport header. */
static void vsock_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 32)
		return;
	uint32_t tlen = fv_get16(d + 28, false);
	if (fv_same(a, "vsock.payload")) {
		if (32 + tlen < n)
			fv_give_ptr(fn, data, FV_BYTES, d + 32 + tlen, n - 32 - tlen);
		return;
	}
	if (fv_get16(d + 26, false) != 2 || n < 76)
		return;
	static const struct {
		const char *name;
		uint8_t off, size;
	} virtio[] = {
		{"vsock.virtio.src_cid", 0, 8}, {"vsock.virtio.dst_cid", 8, 8}, {"vsock.virtio.src_prot", 16, 4},
		{"vsock.virtio.dst_prot", 20, 4}, {"vsock.virtio.len", 24, 4}, {"vsock.virtio.type", 28, 2},
		{"vsock.virtio.op", 30, 2}, {"vsock.virtio.flags", 32, 4}, {"vsock.virtio.buf_alloc", 36, 4},
		{"vsock.virtio.fwd_cnt", 40, 4},
	};
	for (size_t i = 0; i < sizeof virtio / sizeof virtio[0]; i++)
		if (fv_same(a, virtio[i].name)) {
			const uint8_t *v = d + 32 + virtio[i].off;
			fv_give_uint(fn, data, virtio[i].size == 8 ? fv_get64le(v) :
					       virtio[i].size == 4 ? fv_get32(v, false) : fv_get16(v, false));
		}
}

static void vsock_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			       const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		vsock_values(d, n, f->abbrev, fn, data);
}

/* ---- the packet list ------------------------------------------------------ */
static uint32_t le16(const uint8_t *d)
{
	return (uint32_t)d[1] << 8 | d[0];
}

static uint32_t le32(const uint8_t *d)
{
	return (uint32_t)d[3] << 24 | (uint32_t)d[2] << 16 | (uint32_t)d[1] << 8 | d[0];
}

static uint64_t le64(const uint8_t *d)
{
	return (uint64_t)le32(d + 4) << 32 | le32(d);
}

/* vsock's addresses (context ids, 2 the host) and "[Connect] Virtio:
 * Stream, Op: Request, Buf alloc: 262144, Fwd cnt: 0". */
static void vsock_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const ops[] = {"Unknown", "Connect", "Disconnect", "Control", "Payload"};
	static const char *const trans[] = {"Unknown", "No info", "Virtio"};
	static const char *const vtypes[] = {NULL, "Stream"};
	static const char *const vops[] = {"Invalid", "Request", "Response", "Rst", "Shutdown", "RW",
					   "Credit update", "Credit response"};
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "vSocket");
	col_clear(c);
	if (n < 32)
		return;
	char a[2][COL_ADDR_MAX];
	for (int k = 0; k < 2; k++) {
		uint64_t cid = le64(d + 8 * k);
		if (cid == 2)
			g_strlcpy(a[k], "host", sizeof a[k]);
		else
			g_snprintf(a[k], sizeof a[k], "%" G_GUINT64_FORMAT, cid);
	}
	col_addrs(c, a[0], a[1]);
	col_append(c, "[");
	col_append_name(c, ops, G_N_ELEMENTS(ops), le16(d + 24));
	col_append(c, "] ");
	uint32_t t = le16(d + 26);
	col_append_name(c, trans, G_N_ELEMENTS(trans), t);
	if (t != 2 || n < 76)
		return;
	const uint8_t *v = d + 32;
	col_append(c, ": ");
	col_append_name(c, vtypes, G_N_ELEMENTS(vtypes), le16(v + 28));
	col_append(c, ", Op: ");
	col_append_name(c, vops, G_N_ELEMENTS(vops), le16(v + 30));
	col_append(c, ", Buf alloc: %u, Fwd cnt: %u", le32(v + 36), le32(v + 40));
}

static const struct handoff vsock_handoff[] = {
	LINKTYPE(LINKTYPE_VSOCK, dissect_vsock),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(VSOCK, "vsock", "vSocket");
const struct protocol proto_vsock = {PROTO_VSOCK, .short_name = "vsock", .columns = vsock_columns, .values = vsock_field_values,
				     .fields = &vsock_table, .handoff = vsock_handoff};
