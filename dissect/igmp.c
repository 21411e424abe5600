/* igmp.c — Internet Group Management Protocol, IP protocol 2: version 0
 * (RFC 988), 1 (RFC 1112), 2 (RFC 2236) and 3 (RFC 3376), and the multicast
 * traceroute messages (types 0x1e, 0x1f).
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

/* The version Wireshark gives a message by its type and length: types
 * 0-15 are version 0 (RFC 988); a membership query (0x11) of 12 bytes or
 * more is v3, a shorter one v2 when it has a response time, else v1; the
 * v1 report is v1, the v2 report and leave v2, the v3 report v3.  -1:
 * a type no version claims (traceroute, the types other protocols carried
 * by IGMP use, unknown ones). */
static int igmp_version(const uint8_t *d, uint32_t n)
{
	uint8_t type = d[0];
	if (type <= 0x0f)
		return 0;
	switch (type) {
	case 0x11:
		return n >= 12 ? 3 : n >= 2 && d[1] ? 2 : 1;
	case 0x12:
		return 1;
	case 0x16:
	case 0x17:
		return 2;
	case 0x22:
		return 3;
	default:
		return -1;
	}
}

/* A v3 query's Max Resp Code in tenths of a second: below 128 the value
 * itself, else a mantissa and exponent (RFC 3376 4.1.1). */
static unsigned igmp_v3_max_resp(uint8_t code)
{
	return code & 0x80 ? ((unsigned)(code & 0x0f) | 0x10) << (((code & 0x70) >> 4) + 3) : code;
}

/* IGMP's fields by version (RFC 988, 1112, 2236, 3376): a v0 message
 * has its group at offset 8, v1 and v2 messages at 4; a v3 query lists
 * its sources, a v3 report holds group records, each with its type,
 * group and sources. */
static unsigned igmp_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	if (n < 8)
		return 0;
	uint8_t type = d[0];
	int version = igmp_version(d, n);
	if (version < 0)
		return (type == 0x1e || type == 0x1f) && fv_same(a, "igmp.maddr") ? fv_give_ptr(fn, data, FV_IPV4, d + 4, 4) : 0;
	if (fv_same(a, "igmp.version"))
		return fv_give_uint(fn, data, (unsigned)version);
	if (version == 0) {
		if (fv_same(a, "igmp.maddr") && n >= 12)
			return fv_give_ptr(fn, data, FV_IPV4, d + 8, 4);
		return 0;
	}
	if (fv_same(a, "igmp.max_resp"))
		return version == 2 ? fv_give_uint(fn, data, d[1]) :
		       version == 3 && type == 0x11 ? fv_give_uint(fn, data, igmp_v3_max_resp(d[1])) : 0;
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

/* The length of the IGMP message of layer L: N bytes, or fewer when the IP
 * datagram below ends before them (link-layer padding is no part of it). */
static uint32_t igmp_msg_len(const struct packet *p, const struct layer *l, uint32_t n)
{
	int below = (int)(l - p->layers) - 1;
	const struct layer *ip = below >= 0 ? &p->layers[below] : NULL;
	if (ip && ip->proto == PROTO_IP && !(ip->flags & PKT_REASSEMBLED) && ip->off + 4 <= p->frame->caplen) {
		const uint8_t *h = p->frame->data + ip->off;
		uint32_t total = fv_get16(h + 2, true), hl = (uint32_t)(h[0] & 0x0f) * 4;
		if (total > hl && total - hl < n)
			n = total - hl;
	}
	return n;
}

static void igmp_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			      const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	igmp_values(d, igmp_msg_len(p, l, n), f->abbrev, fn, data);
}

/* ---- columns ----------------------------------------------------------- */

/* The message names of Info, by type (Wireshark's: the three reports all
 * "Membership Report"). */
static const struct value_string igmp_info_vals[] = {
	{0x01, "Create Group Request"}, {0x02, "Create Group Reply"}, {0x03, "Join Group Request"},
	{0x04, "Join Group Reply"}, {0x05, "Leave Group Request"}, {0x06, "Leave Group Reply"},
	{0x07, "Confirm Group Request"}, {0x08, "Confirm Group Reply"}, {0x11, "Membership Query"},
	{0x12, "Membership Report"}, {0x13, "DVMRP Protocol"}, {0x14, "PIM Routing Message"},
	{0x16, "Membership Report"}, {0x17, "Leave Group"}, {0x1e, "Traceroute Response"},
	{0x1f, "Traceroute Query or Request"}, {0x22, "Membership Report"}, {0, NULL},
};

static const char *igmp_ipv4(char *buf, size_t n, const uint8_t *a)
{
	g_snprintf(buf, n, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	return buf;
}

/* The sources of a query or record, "a, b}", as far as the bytes go. */
static void igmp_sources(struct columns *c, const uint8_t *d, uint32_t n, uint32_t at, uint32_t count)
{
	char a[16];
	for (uint32_t i = 0; i < count && at + 4 <= n; i++, at += 4)
		col_append(c, "%s%s", igmp_ipv4(a, sizeof a, d + at), i + 1 < count ? ", " : "}");
}

/* A v3 report's group record at AT: what it asks for the group, and its
 * sources; returns where the next one starts, or 0 when the bytes end. */
static uint32_t igmp_record_info(struct columns *c, const uint8_t *d, uint32_t n, uint32_t at)
{
	if (at + 8 > n)
		return 0;
	uint8_t rtype = d[at];
	uint32_t num = fv_get16(d + at + 2, true);
	char g[16];
	igmp_ipv4(g, sizeof g, d + at + 4);
	if (num == 0) {
		if (rtype == 1 || rtype == 3)
			col_append(c, " / Leave group %s", g);
		else if (rtype == 2 || rtype == 4)
			col_append(c, " / Join group %s for any sources", g);
		else if (rtype == 5)
			col_append(c, " / Group %s, ALLOW_NEW_SOURCES but no source specified (?)", g);
		else if (rtype == 6)
			col_append(c, " / Group %s, BLOCK_OLD_SOURCES but no source specified (?)", g);
		else
			col_append(c, " / Group %s, unknown record type (?)", g);
	} else {
		if (rtype == 1 || rtype == 3)
			col_append(c, " / Join group %s for source%s {", g, num > 1 ? "s in" : "");
		else if (rtype == 2 || rtype == 4)
			col_append(c, " / Join group %s, for source%s {", g, num > 1 ? "s not in" : " not");
		else if (rtype == 5)
			col_append(c, " / Group %s, new source%s {", g, num > 1 ? "s" : "");
		else if (rtype == 6)
			col_append(c, " / Group %s, block source%s {", g, num > 1 ? "s" : "");
		else
			col_append(c, " / Group %s, unknown record type (?), sources {", g);
	}
	igmp_sources(c, d, n, at + 8, num);
	uint32_t next = at + 8 + 4 * num + 4u * d[at + 1];
	return next <= n ? next : 0;
}

/* Wireshark's columns: "IGMPv<version>" and the message's name, with
 * the group a v2 or v3 query or a v2 report or leave names (", general"
 * for none), a v3 query's sources and a v3 report's records; a multicast
 * traceroute and a type no version claims are plain "IGMP" (a traceroute
 * query is its 24-byte header alone, a response counts its 32-byte
 * blocks). */
static void igmp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 1)
		return;
	n = igmp_msg_len(p, &p->layers[idx], n);
	uint8_t type = d[0];
	int version = igmp_version(d, n);
	char g[16];
	if (type == 0x1e || type == 0x1f) {
		col_proto(c, "IGMP");
		if (type == 0x1e) {
			int blocks = ((int)n - 24) / 32;
			col_set(c, "Traceroute Response, %d block%s", blocks, blocks == 1 ? "" : "s");
		} else {
			col_set(c, "%s", n == 24 ? "Traceroute Query" : "Traceroute Request");
		}
		return;
	}
	if (version < 0) {
		col_proto(c, "IGMP");
		col_set_value(c, igmp_info_vals, type, "Unknown Type:0x%02x");
		return;
	}
	char proto[8];
	g_snprintf(proto, sizeof proto, "IGMPv%d", version);
	col_proto(c, proto);
	col_set_value(c, igmp_info_vals, type, "Unknown Type:0x%02x");
	if (version == 3 && type == 0x11) {
		if (n < 12)
			return;
		uint32_t num = fv_get16(d + 10, true);
		if (!fv_get32(d + 4, true))
			col_append(c, ", general");
		else
			col_append(c, ", specific for group %s", igmp_ipv4(g, sizeof g, d + 4));
		if (num)
			col_append(c, ", source%s {", num > 1 ? "s" : "");
		igmp_sources(c, d, n, 12, num);
	} else if (version == 3) {
		if (n < 8)
			return;
		uint32_t num = fv_get16(d + 6, true);
		if (!num)
			col_append(c, " - General query");
		for (uint32_t r = 0, at = 8; r < num && at; r++)
			at = igmp_record_info(c, d, n, at);
	} else if (version == 2) {
		if (n < 8)
			return;
		if (!fv_get32(d + 4, true))
			col_append(c, ", general");
		else if (type == 0x17)
			col_append(c, " %s", igmp_ipv4(g, sizeof g, d + 4));
		else if (type == 0x11)
			col_append(c, ", specific for group %s", igmp_ipv4(g, sizeof g, d + 4));
		else
			col_append(c, " group %s", igmp_ipv4(g, sizeof g, d + 4));
	}
}

static const struct handoff igmp_handoff[] = {
	IP_PROTO(2, dissect_igmp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(IGMP, "igmp", "Internet Group Management Protocol");
const struct protocol proto_igmp = {PROTO_IGMP, .short_name = "IGMP", .transport = true, .columns = igmp_columns, .values = igmp_field_values, .fields = &igmp_table,
                                    .handoff = igmp_handoff};
