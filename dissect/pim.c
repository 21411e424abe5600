/* pim.c — Protocol Independent Multicast, IP protocol 103: version 2
 * (RFC 7761 sparse mode, RFC 3973 dense mode, RFC 5015 bidirectional).
 *
 *   0        1        2                 4
 *   +----+---+--------+-----------------+--------------------------
 *   |ver |typ|reserved| checksum        | message by type ...
 *   +----+---+--------+-----------------+--------------------------
 *
 * Encoded addresses: family (1 IPv4, 2 IPv6), encoding (0 native, 1 with
 * join attributes), then a unicast address; a group's flags and mask
 * length before it; a source's too, and its join attributes after it.
 * An address of another family or encoding stops the message's reading,
 * without an exception, as in Wireshark.  A Register carries the data
 * packet it registers: IPv4 or IPv6 after the flags, shown as layers of
 * their own, while the Protocol and Info columns stay PIM's.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	PIM_HELLO = 0, PIM_REGISTER, PIM_REGISTER_STOP, PIM_JOIN_PRUNE, PIM_BOOTSTRAP, PIM_ASSERT,
	PIM_GRAFT, PIM_GRAFT_ACK, PIM_CAND_RP_ADV, PIM_STATE_REFRESH, PIM_DF_ELECT,
};

static const struct value_string pim_type_vals[] = {
	{0, "Hello"}, {1, "Register"}, {2, "Register-stop"}, {3, "Join/Prune"}, {4, "Bootstrap"},
	{5, "Assert"}, {6, "Graft"}, {7, "Graft-Ack"}, {8, "Candidate-RP-Advertisement"},
	{9, "State-Refresh"}, {10, "DF election"}, {11, "ECMP redirect"}, {12, "PFM source discovery"},
	{0, NULL},
};

static const struct field_def pim_fields[] = {
	{"pim.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0xf0, NULL},
	{"pim.type", "Type", FT_UINT8, BASE_DEC, 0, 1, 0x0f, pim_type_vals},
	{"pim.cksum", "Checksum", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"pim.optiontype", "Type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"pim.optionlength", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"pim.holdtime", "Holdtime", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"pim.dr_priority", "DR Priority", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"pim.generation_id", "Generation ID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"pim.address_list", "Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"pim.address_list_ip6", "Address", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"pim.unicast", "Unicast", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"pim.unicast_ipv6", "Unicast", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"pim.group", "Group", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"pim.group_ip6", "Group", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"pim.source", "Source", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"pim.source_ip6", "Source", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"pim.upstream_neighbor", "Upstream-neighbor", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"pim.upstream_neighbor_ip6", "Upstream-neighbor", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"pim.join_ip", "IP address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"pim.join_ip6", "IP address", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"pim.prune_ip", "IP address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"pim.prune_ip6", "IP address", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"pim.numgroups", "Num Groups", FT_UINT16, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"pim.numjoins", "Num Joins", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"pim.numprunes", "Num Prunes", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"pim.bsr", "BSR", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"pim.bsr_ip6", "BSR", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"pim.rp", "RP", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"pim.rp_ip6", "RP", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"pim.originator", "Originator", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"pim.originator_ip6", "Originator", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"pim.metric_pref", "Metric Preference", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"pim.metric", "Metric", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"pim.register_flag", "Flags", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(pim);

/* A walk over a message: each field met is handed to GIVE (when not
 * NULL) by name, as a number or as bytes. */
struct pim_walk {
	void (*give)(struct pim_walk *w, const char *name, uint64_t u, const uint8_t *b, uint32_t len);
	const struct fv_want *want;
};

static void pim_give_uint(struct pim_walk *w, const char *name, uint64_t u)
{
	if (w->give)
		w->give(w, name, u, NULL, 0);
}

/* The 4 (IPv4) or 16 bytes at B as field NAME (NAME "_ip6" for IPv6). */
static void pim_give_addr(struct pim_walk *w, const char *name4, const char *name6, const uint8_t *b, uint32_t len)
{
	if (w->give)
		w->give(w, len == 4 ? name4 : name6, 0, b, len);
}

enum pim_addr_kind { PIM_UNICAST, PIM_GROUP, PIM_SOURCE };

/* Reads one encoded address of KIND at C, giving it as NAME4/NAME6 (and
 * as the address tree's own field); false when its family or encoding is
 * unknown (the reading stops) or the bytes run out. */
static bool pim_read_addr(struct cursor *c, enum pim_addr_kind kind, const char *name4, const char *name6,
			  struct pim_walk *w)
{
	static const char *const inner4[] = {"pim.unicast", "pim.group", "pim.source"};
	static const char *const inner6[] = {"pim.unicast_ipv6", "pim.group_ip6", "pim.source_ip6"};
	uint8_t af = cursor_u8(c);
	if (!cursor_ok(c) || (af != 1 && af != 2))
		return false;
	uint8_t et = cursor_u8(c);
	if (!cursor_ok(c) || (et != 0 && et != 1))
		return false;
	if (kind != PIM_UNICAST)
		app_skip(c, 2); /* flags, mask length */
	uint32_t len = af == 1 ? 4 : 16;
	const uint8_t *a = cursor_take(c, len);
	if (!a)
		return false;
	pim_give_addr(w, name4, name6, a, len);
	pim_give_addr(w, inner4[kind], inner6[kind], a, len);
	if (kind == PIM_SOURCE && et == 1) {
		/* join attributes up to the one marked last */
		uint8_t eos = 0;
		while (!(eos & 0x40) && cursor_ok(c) && cursor_rleft(c) >= 2) {
			eos = cursor_u8(c);
			app_skip(c, cursor_u8(c));
		}
	}
	return cursor_ok(c);
}

/* A hello's options: type, length, value; the fixed options are read at
 * their size whatever their length says. */
static void pim_read_hello(struct cursor *c, struct pim_walk *w)
{
	while (cursor_ok(c) && cursor_rleft(c) >= 2) {
		uint32_t at = c->off;
		uint16_t type = cursor_be16(c), len = cursor_be16(c);
		/* the option's subtree, before its fields, spans its length */
		if (!cursor_ok(c) || !cursor_need(c, len))
			return;
		pim_give_uint(w, "pim.optiontype", type);
		pim_give_uint(w, "pim.optionlength", len);
		uint32_t fixed = type == 1 ? 2 : type == 2 || type == 19 || type == 20 || type == 21 ? 4 : 0;
		if (!cursor_need(c, fixed))
			return;
		const uint8_t *v = c->data + c->off;
		if (type == 1)
			pim_give_uint(w, "pim.holdtime", bytes_be16(v));
		else if (type == 19)
			pim_give_uint(w, "pim.dr_priority", bytes_be32(v));
		else if (type == 20)
			pim_give_uint(w, "pim.generation_id", bytes_be32(v));
		if (type == 24 || type == 65001) {
			struct cursor list = *c;
			list.rend = list.end = c->off + len;
			while (list.off < c->off + len &&
			       pim_read_addr(&list, PIM_UNICAST, "pim.address_list", "pim.address_list_ip6", w))
				;
		}
		c->off = at + 4u + len;
	}
}

/* A join/prune, graft or graft-ack: the upstream neighbor, the groups
 * with their joined and pruned sources. */
static void pim_read_join_prune(struct cursor *c, struct pim_walk *w)
{
	if (!pim_read_addr(c, PIM_UNICAST, "pim.upstream_neighbor", "pim.upstream_neighbor_ip6", w))
		return;
	cursor_skip(c, 1);
	uint8_t groups = cursor_u8(c);
	uint16_t hold = cursor_be16(c);
	if (!cursor_ok(c))
		return;
	pim_give_uint(w, "pim.numgroups", groups);
	pim_give_uint(w, "pim.holdtime", hold);
	for (unsigned i = 0; i < groups; i++) {
		if (!pim_read_addr(c, PIM_GROUP, "pim.group", "pim.group_ip6", w))
			return;
		uint16_t joins = cursor_be16(c), prunes = cursor_be16(c);
		if (!cursor_ok(c))
			return;
		pim_give_uint(w, "pim.numjoins", joins);
		pim_give_uint(w, "pim.numprunes", prunes);
		for (unsigned j = 0; j < joins; j++)
			if (!pim_read_addr(c, PIM_SOURCE, "pim.join_ip", "pim.join_ip6", w))
				return;
		for (unsigned j = 0; j < prunes; j++)
			if (!pim_read_addr(c, PIM_SOURCE, "pim.prune_ip", "pim.prune_ip6", w))
				return;
	}
}

/* A bootstrap message: fragment tag, hash mask length, priority, the
 * BSR, then groups with their RPs to the end. */
static void pim_read_bootstrap(struct cursor *c, struct pim_walk *w)
{
	app_skip(c, 4);
	if (!cursor_ok(c) || !pim_read_addr(c, PIM_UNICAST, "pim.bsr", "pim.bsr_ip6", w))
		return;
	while (cursor_ok(c) && cursor_rleft(c) > 0) {
		if (!pim_read_addr(c, PIM_GROUP, "pim.group", "pim.group_ip6", w))
			return;
		app_skip(c, 1);
		uint8_t rps = cursor_u8(c);
		app_skip(c, 2);
		for (unsigned j = 0; j < rps && cursor_ok(c); j++) {
			if (!pim_read_addr(c, PIM_UNICAST, "pim.rp", "pim.rp_ip6", w))
				return;
			uint16_t hold = cursor_be16(c);
			app_skip(c, 2); /* priority, reserved */
			if (cursor_ok(c))
				pim_give_uint(w, "pim.holdtime", hold);
		}
	}
}

/* A candidate RP advertisement: prefix count, priority, holdtime, the RP,
 * its groups. */
static void pim_read_cand_rp(struct cursor *c, struct pim_walk *w)
{
	uint8_t prefixes = cursor_u8(c);
	app_skip(c, 1);
	uint16_t hold = cursor_be16(c);
	if (cursor_ok(c))
		pim_give_uint(w, "pim.holdtime", hold);
	if (!cursor_ok(c) || !pim_read_addr(c, PIM_UNICAST, "pim.rp", "pim.rp_ip6", w))
		return;
	for (unsigned i = 0; i < prefixes; i++)
		if (!pim_read_addr(c, PIM_GROUP, "pim.group", "pim.group_ip6", w))
			return;
}

/* A metric preference (its bits under MASK) and a metric, 4 bytes each. */
static bool pim_read_metrics(struct cursor *c, struct pim_walk *w, uint32_t mask)
{
	uint32_t pref = cursor_be32(c), metric = cursor_be32(c);
	if (!cursor_ok(c))
		return false;
	pim_give_uint(w, "pim.metric_pref", pref & mask);
	pim_give_uint(w, "pim.metric", metric);
	return true;
}

/* The message after the 4-byte header, by type; a register's data packet
 * is left at C for the caller. */
static void pim_read_body(struct cursor *c, uint8_t type, struct pim_walk *w)
{
	switch (type) {
	case PIM_HELLO:
		pim_read_hello(c, w);
		break;
	case PIM_REGISTER: {
		uint32_t flags = cursor_be32(c);
		if (cursor_ok(c))
			pim_give_uint(w, "pim.register_flag", flags);
		break;
	}
	case PIM_REGISTER_STOP:
		if (pim_read_addr(c, PIM_GROUP, "pim.group", "pim.group_ip6", w))
			pim_read_addr(c, PIM_UNICAST, "pim.source", "pim.source_ip6", w);
		break;
	case PIM_JOIN_PRUNE:
	case PIM_GRAFT:
	case PIM_GRAFT_ACK:
		pim_read_join_prune(c, w);
		break;
	case PIM_ASSERT:
		if (pim_read_addr(c, PIM_GROUP, "pim.group", "pim.group_ip6", w) &&
		    pim_read_addr(c, PIM_UNICAST, "pim.source", "pim.source_ip6", w))
			pim_read_metrics(c, w, 0x7fffffff);
		break;
	case PIM_DF_ELECT:
		if (pim_read_addr(c, PIM_UNICAST, "pim.rp", "pim.rp_ip6", w))
			pim_read_metrics(c, w, 0xffffffff);
		break;
	case PIM_BOOTSTRAP:
		pim_read_bootstrap(c, w);
		break;
	case PIM_CAND_RP_ADV:
		pim_read_cand_rp(c, w);
		break;
	case PIM_STATE_REFRESH:
		if (pim_read_addr(c, PIM_GROUP, "pim.group", "pim.group_ip6", w) &&
		    pim_read_addr(c, PIM_UNICAST, "pim.source", "pim.source_ip6", w) &&
		    pim_read_addr(c, PIM_UNICAST, "pim.originator", "pim.originator_ip6", w) &&
		    pim_read_metrics(c, w, 0x7fffffff))
			app_skip(c, 4); /* mask length, TTL, flags, interval */
		break;
	default:
		break; /* not read: see docs/wireshark.md */
	}
}

/* The header, then version 2's message; a register's data packet as IPv4
 * or IPv6 layers (its dummy header of a null register is PIM's own). */
static void dissect_pim(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_PIM, c->off);
	if (idx < 0)
		return;
	if (cursor_left(c) < 1)
		p->layers[idx].flags |= PKT_NESTED | PKT_NAMES_PROTO | PKT_NO_ITEM;
	uint8_t tv = cursor_u8(c);
	app_skip(c, 3);
	struct pim_walk w = {0};
	if (cursor_ok(c) && tv >> 4 == 2 && cursor_rleft(c) > 0) {
		pim_read_body(c, tv & 0x0f, &w);
		if ((tv & 0x0f) == PIM_REGISTER && cursor_ok(c)) {
			const uint8_t *v = cursor_peek_all(c, 1);
			if (!v) {
				app_skip(c, 1);
			} else if (*v >> 4 == 4 || *v >> 4 == 6) {
				(*v >> 4 == 4 ? dissect_ipv4 : dissect_ipv6)(p, c);
				return;
			} else if (*v >> 4 == 0) {
				app_skip(c, p->layers[p->ip_layer].proto == PROTO_IPV6 ? 40 : 20);
			}
		}
	}
	app_note(p, idx, c);
}

static void pim_give_want(struct pim_walk *w, const char *name, uint64_t u, const uint8_t *b, uint32_t len)
{
	if (!fv_same(w->want->abbrev, name))
		return;
	if (b)
		fv_give_ptr(w->want->fn, w->want->data, len == 4 ? FV_IPV4 : FV_IPV6, b, len);
	else
		fv_give_uint(w->want->fn, w->want->data, u);
}

/* Version 2's message fields, read again from the layer's bytes. */
static void pim_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 4 || d[0] >> 4 != 2)
		return;
	struct fv_want want = {f->abbrev, fn, data};
	struct pim_walk w = {.give = pim_give_want, .want = &want};
	struct cursor c = cursor_init(d, n, n);
	c.off = 4;
	pim_read_body(&c, d[0] & 0x0f, &w);
	if ((d[0] & 0x0f) == PIM_REGISTER && n >= 28 && d[8] >> 4 == 0 && p->ip_layer >= 0) {
		/* a null register's dummy header: its source and group */
		if (p->layers[p->ip_layer].proto != PROTO_IPV6)
			pim_give_addr(&w, "pim.source", NULL, d + 20, 4), pim_give_addr(&w, "pim.group", NULL, d + 24, 4);
	}
}

/* "PIMv2", Info the type's name ("Unknown" for another version); a
 * register's columns do not change after (its data packet's layers write
 * only the addresses). */
static void pim_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	col_proto(c, "PIM");
	col_clear(c);
	if (!d || n < 1)
		return;
	char name[8];
	g_snprintf(name, sizeof name, "PIMv%u", d[0] >> 4);
	col_proto(c, name);
	if (d[0] >> 4 == 2)
		col_set_value(c, pim_type_vals, d[0] & 0x0f, "Unknown (%u)");
	else
		col_set(c, "Unknown");
	/* from its second byte on, a register's columns are read-only: even an
	 * exception's note is not added */
	if (d[0] >> 4 == 2 && (d[0] & 0x0f) == PIM_REGISTER && n >= 2)
		col_lock(c);
}

/* Wireshark's registration: IP protocol 103. */
static const struct handoff pim_handoff[] = {
	IP_PROTO(103, dissect_pim),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(PIM, "pim", "Protocol Independent Multicast");
const struct protocol proto_pim = {PROTO_PIM, .short_name = "PIM", .fields = &pim_table, .columns = pim_columns,
				   .values = pim_values, .handoff = pim_handoff};
