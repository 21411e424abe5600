/* igmp.c — Internet Group Management Protocol, IP protocol 2: version 1
 * (RFC 1112), 2 (RFC 2236) and 3 (RFC 3376).
 *
 *   0       1       2       3       4               8
 *   +-------+-------+-------+-------+---------------+
 *   | type  |max rsp|   checksum    | group address |     v1/v2, and the v3 query's start
 *   +-------+-------+-------+-------+---------------+
 *   v3 query (type 0x11, 12 bytes or more):  | S/QRV(1) | QQIC(1) | N(2) | N sources(4 each) |
 *   v3 report (type 0x22): | type | rsvd | checksum | rsvd(2) | M(2) | M group records ... |
 *   group record: | type(1) | aux len(1, words) | N(2) | group(4) | N sources(4) | aux data |
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string igmp_type_vals[] = {
	{0x11, "Membership Query"}, {0x12, "Membership Report v1"}, {0x13, "DVMRP"},
	{0x14, "PIM v1"}, {0x16, "Membership Report v2"}, {0x17, "Leave Group"},
	{0x1e, "Multicast Traceroute Response"}, {0x1f, "Multicast Traceroute"},
	{0x22, "Membership Report v3"}, {0, NULL},
};

static const struct field_def igmp_fields[] = {
	{"igmp.type", "Type", FT_UINT8, BASE_HEX, 0, 1, 0, igmp_type_vals},
	{"igmp.version", "IGMP Version", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"igmp.max_resp", "Max Resp Time", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"igmp.checksum", "Checksum", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"igmp.maddr", "Multicast Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"igmp.s", "S", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0x08, NULL},
	{"igmp.qrv", "QRV", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0x07, NULL},
	{"igmp.qqic", "QQIC", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"igmp.num_src", "Num Src", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"igmp.saddr", "Source Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"igmp.num_grp_recs", "Num Group Records", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"igmp.record_type", "Record Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"igmp.aux_data_len", "Aux Data Len", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(igmp);

void dissect_igmp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_IGMP, c->off);
	if (idx < 0)
		return;
	uint8_t type = cursor_u8(c);
	app_skip(c, 3);
	if (type == 0x22) { /* v3 report: group records */
		app_skip(c, 2);
		uint16_t m = cursor_be16(c);
		for (uint32_t i = 0; i < m && cursor_ok(c); i++) {
			app_skip(c, 1);
			uint8_t aux = cursor_u8(c);
			uint16_t n = cursor_be16(c);
			app_skip(c, 4 + 4u * n + 4u * aux);
		}
	} else {
		app_skip(c, 4);
		if (type == 0x11 && cursor_ok(c) && cursor_rleft(c) >= 4) { /* v3 query */
			app_skip(c, 2);
			app_skip(c, 4u * cursor_be16(c));
		}
	}
	app_note(p, idx, c);
}

/* IGMP by version (RFC 1112, 2236, 3376): v1 and v2 messages are 8 bytes
 * (a query with no response time is v1); a longer query is v3, with its
 * sources; a v3 report holds group records, each with its type, group and
 * sources. */
static unsigned igmp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 8)
		return 0;
	uint8_t type = d[0];
	unsigned version = type == 0x12 ? 1 : type == 0x16 || type == 0x17 ? 2 : type == 0x22 ? 3 :
			   type == 0x11 ? (n >= 12 ? 3 : d[1] ? 2 : 1) : 0;
	if (!version)
		return 0;
	if (fv_same(a, "igmp.version"))
		return fv_give_uint(fn, data, version);
	if (fv_same(a, "igmp.max_resp"))
		return version >= 2 && type != 0x22 ? fv_give_uint(fn, data, d[1]) : 0;
	if (type != 0x22) {
		if (fv_same(a, "igmp.maddr"))
			return fv_give_ptr(fn, data, FV_IPV4, d + 4, 4);
		if (version != 3 || n < 12)
			return 0;
		if (fv_same(a, "igmp.s"))
			return fv_give_uint(fn, data, (d[8] >> 3) & 1);
		if (fv_same(a, "igmp.qrv"))
			return fv_give_uint(fn, data, d[8] & 7);
		if (fv_same(a, "igmp.qqic"))
			return fv_give_uint(fn, data, d[9]);
		if (fv_same(a, "igmp.num_src"))
			return fv_give_uint(fn, data, fv_get16(d + 10, true));
		unsigned given = 0;
		if (fv_same(a, "igmp.saddr"))
			for (uint32_t i = 0, at = 12; i < fv_get16(d + 10, true) && at + 4 <= n; i++, at += 4)
				given += fv_give_ptr(fn, data, FV_IPV4, d + at, 4);
		return given;
	}
	uint32_t records = fv_get16(d + 6, true);
	if (fv_same(a, "igmp.num_grp_recs"))
		return fv_give_uint(fn, data, records);
	unsigned given = 0;
	uint32_t at = 8;
	for (uint32_t r = 0; r < records && at + 8 <= n; r++) {
		uint32_t nsrc = fv_get16(d + at + 2, true), aux = d[at + 1];
		if (fv_same(a, "igmp.record_type"))
			given += fv_give_uint(fn, data, d[at]);
		else if (fv_same(a, "igmp.aux_data_len"))
			given += fv_give_uint(fn, data, aux);
		else if (fv_same(a, "igmp.num_src"))
			given += fv_give_uint(fn, data, nsrc);
		else if (fv_same(a, "igmp.maddr"))
			given += fv_give_ptr(fn, data, FV_IPV4, d + at + 4, 4);
		else if (fv_same(a, "igmp.saddr"))
			for (uint32_t i = 0; i < nsrc && at + 12 + 4 * i <= n; i++)
				given += fv_give_ptr(fn, data, FV_IPV4, d + at + 8 + 4 * i, 4);
		at += 8 + 4 * nsrc + 4 * aux;
	}
	return given;
}

static void igmp_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			      const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	/* the message ends where the IP datagram does, before any
	 * link-layer padding */
	int below = (int)(l - p->layers) - 1;
	const struct layer *ip = below >= 0 ? &p->layers[below] : NULL;
	if (ip && ip->proto == PROTO_IP && !(ip->flags & PKT_REASSEMBLED) && ip->off + 4 <= p->frame->caplen) {
		const uint8_t *h = p->frame->data + ip->off;
		uint32_t total = fv_get16(h + 2, true), hl = (uint32_t)(h[0] & 0x0f) * 4;
		if (total > hl && total - hl < n)
			n = total - hl;
	}
	igmp_values(d, n, f->abbrev, fn, data);
}

static const struct handoff igmp_handoff[] = {
	IP_PROTO(2, dissect_igmp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(IGMP, "igmp", "Internet Group Management Protocol");
const struct protocol proto_igmp = {PROTO_IGMP, .short_name = "IGMP", .transport = true, .values = igmp_field_values, .fields = &igmp_table,
                                    .handoff = igmp_handoff};
