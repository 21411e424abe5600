/* lacp.c — Link Aggregation Control Protocol (IEEE 802.1AX), subtype 1 of
 * the Slow Protocols: a version, then the actor, partner, collector and
 * terminator TLVs, 109 bytes in all.
 *
 *   0        1           3           5         11    13          15    17     18
 *   +--------+-----------+-----------+---------+-----+-----------+-----+------+--------+
 *   |version | type, len | sys prio  | system  | key | port prio | port| state| rsvd(3)|
 *   +--------+-----------+-----------+---------+-----+-----------+-----+------+--------+
 *   actor at 1, partner at 21 (each 20 bytes), collector at 41 (type, len,
 *   max delay, 12 reserved), terminator at 57 (type, len, 50 reserved)
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

#define LACP_LEN 109

static const struct field_def lacp_fields[] = {
	{"lacp.version", "LACP Version", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"lacp.tlv_type", "TLV Type", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"lacp.tlv_length", "TLV Length", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, NULL},
	{"lacp.actor.sys_priority", "Actor System Priority", FT_UINT16, BASE_DEC, 3, 2, 0, NULL},
	{"lacp.actor.sysid", "Actor System ID", FT_ETHER, BASE_NONE, 5, 6, 0, NULL},
	{"lacp.actor.key", "Actor Key", FT_UINT16, BASE_DEC, 11, 2, 0, NULL},
	{"lacp.actor.port_priority", "Actor Port Priority", FT_UINT16, BASE_DEC, 13, 2, 0, NULL},
	{"lacp.actor.port", "Actor Port", FT_UINT16, BASE_DEC, 15, 2, 0, NULL},
	{"lacp.actor.state", "Actor State", FT_UINT8, BASE_HEX, 17, 1, 0, NULL},
	{"lacp.actor.state.activity", "LACP Activity", FT_BOOLEAN, BASE_NONE, 17, 1, 0x01, NULL},
	{"lacp.actor.state.timeout", "LACP Timeout", FT_BOOLEAN, BASE_NONE, 17, 1, 0x02, NULL},
	{"lacp.actor.state.aggregation", "Aggregation", FT_BOOLEAN, BASE_NONE, 17, 1, 0x04, NULL},
	{"lacp.actor.state.synchronization", "Synchronization", FT_BOOLEAN, BASE_NONE, 17, 1, 0x08, NULL},
	{"lacp.actor.state.collecting", "Collecting", FT_BOOLEAN, BASE_NONE, 17, 1, 0x10, NULL},
	{"lacp.actor.state.distributing", "Distributing", FT_BOOLEAN, BASE_NONE, 17, 1, 0x20, NULL},
	{"lacp.actor.state.defaulted", "Defaulted", FT_BOOLEAN, BASE_NONE, 17, 1, 0x40, NULL},
	{"lacp.actor.state.expired", "Expired", FT_BOOLEAN, BASE_NONE, 17, 1, 0x80, NULL},
	{"lacp.partner.sys_priority", "Partner System Priority", FT_UINT16, BASE_DEC, 23, 2, 0, NULL},
	{"lacp.partner.sysid", "Partner System", FT_ETHER, BASE_NONE, 25, 6, 0, NULL},
	{"lacp.partner.key", "Partner Key", FT_UINT16, BASE_DEC, 31, 2, 0, NULL},
	{"lacp.partner.port_priority", "Partner Port Priority", FT_UINT16, BASE_DEC, 33, 2, 0, NULL},
	{"lacp.partner.port", "Partner Port", FT_UINT16, BASE_DEC, 35, 2, 0, NULL},
	{"lacp.partner.state", "Partner State", FT_UINT8, BASE_HEX, 37, 1, 0, NULL},
	{"lacp.partner.state.activity", "LACP Activity", FT_BOOLEAN, BASE_NONE, 37, 1, 0x01, NULL},
	{"lacp.partner.state.timeout", "LACP Timeout", FT_BOOLEAN, BASE_NONE, 37, 1, 0x02, NULL},
	{"lacp.partner.state.aggregation", "Aggregation", FT_BOOLEAN, BASE_NONE, 37, 1, 0x04, NULL},
	{"lacp.partner.state.synchronization", "Synchronization", FT_BOOLEAN, BASE_NONE, 37, 1, 0x08, NULL},
	{"lacp.partner.state.collecting", "Collecting", FT_BOOLEAN, BASE_NONE, 37, 1, 0x10, NULL},
	{"lacp.partner.state.distributing", "Distributing", FT_BOOLEAN, BASE_NONE, 37, 1, 0x20, NULL},
	{"lacp.partner.state.defaulted", "Defaulted", FT_BOOLEAN, BASE_NONE, 37, 1, 0x40, NULL},
	{"lacp.partner.state.expired", "Expired", FT_BOOLEAN, BASE_NONE, 37, 1, 0x80, NULL},
	{"lacp.collector.max_delay", "Collector Max Delay", FT_UINT16, BASE_DEC, 43, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(lacp);

/* The LACPDU past the subtype: its reading needs all 109 bytes; what
 * follows is the frame's padding. */
void dissect_lacp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_LACP, c->off);
	if (idx < 0)
		return;
	/* with fewer than 4 bytes Wireshark names the protocol but adds no item */
	if (cursor_left(c) < 4)
		p->layers[idx].flags |= PKT_NESTED | PKT_NAMES_PROTO | PKT_NO_ITEM;
	cursor_skip(c, LACP_LEN);
	pkt_note_cursor(p, idx, c);
}

/* The TLVs at their fixed places: each one's type and length, as far as
 * the bytes reach. */
static void lacp_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	static const uint32_t at[] = {1, 21, 41, 57};
	bool type = fv_same(f->abbrev, "lacp.tlv_type"), len = fv_same(f->abbrev, "lacp.tlv_length");
	for (size_t i = 0; d && n >= 4 && i < G_N_ELEMENTS(at) && (type || len); i++) {
		if (at[i] + (len ? 1u : 0u) >= n)
			return;
		fv_give_uint(fn, data, d[at[i] + (len ? 1 : 0)]);
	}
}

/* Wireshark shows none of its fields until the actor's priority begins
 * (the fourth byte). */
static bool lacp_absent(const struct packet *p, const struct layer *l, G_GNUC_UNUSED const struct field_def *f)
{
	uint32_t cap;
	fv_layer_base(p, l, &cap);
	return cap < l->off + 4u;
}

/* A state's flags, from Expired (0x80) down to Activity (0x01), a star
 * for each one not set. */
static void lacp_col_party(struct columns *c, const char *who, const uint8_t *t)
{
	static const char letters[] = "EFDCSGSA";
	char flags[9];
	for (int i = 0; i < 8; i++)
		flags[i] = t[16] & (0x80 >> i) ? letters[i] : '*';
	flags[8] = 0;
	col_append(c, " %s %02x:%02x:%02x:%02x:%02x:%02x P: %u K: %u %s", who, t[4], t[5], t[6], t[7], t[8], t[9],
		   fv_get16(t + 14, true), fv_get16(t + 10, true), flags);
}

/* Info grows as Wireshark reads: the version once the actor's priority
 * begins, the actor and the partner each once its TLV is read whole; the
 * protocol's long name before. */
static void lacp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 4) {
		col_append(c, "Link Aggregation Control Protocol");
		return;
	}
	col_append(c, "v%u", d[0]);
	if (n >= 21)
		lacp_col_party(c, "ACTOR", d + 1);
	if (n >= 41)
		lacp_col_party(c, "PARTNER", d + 21);
}

/* A TLV of another type or length than its place expects. */
static void lacp_expert(struct experts *e, const struct packet *p, int idx)
{
	static const uint8_t want[][3] = {{1, 1, 20}, {21, 2, 20}, {41, 3, 16}, {57, 0, 0}};
	uint32_t n;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	for (size_t i = 0; d && i < G_N_ELEMENTS(want) && want[i][0] + 1u < n; i++) {
		if (d[want[i][0]] != want[i][1])
			expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "LACP", "TLV is not expected type");
		if (d[want[i][0] + 1] != want[i][2])
			expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "LACP", "TLV is not expected length");
	}
}

PROTOCOL_ID(LACP, "lacp", "Link Aggregation Control Protocol");
const struct protocol proto_lacp = {PROTO_LACP, .short_name = "LACP", .fields = &lacp_table, .columns = lacp_columns,
				    .expert = lacp_expert, .values = lacp_values, .absent = lacp_absent};
