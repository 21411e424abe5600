/* hsrp.c — Cisco Hot Standby Router Protocol, UDP ports 1985 and 2029:
 * version 0/1 (RFC 2281) to 224.0.0.2, version 2 (TLVs) to 224.0.0.102 or,
 * over IPv6, to port 2029.
 *
 *   version 1:
 *   0        1        2        3        4        5        6        7        8
 *   +--------+--------+--------+--------+--------+--------+--------+--------+
 *   | version| opcode | state  | hello  | hold   |priority| group  |reserved|
 *   +--------+--------+--------+--------+--------+--------+--------+--------+
 *   | authentication data (8)           | virtual IP address (4)            |
 *   +-----------------------------------+-----------------------------------+
 *   (opcode 3, an interface state advertisement: TLV type (2), length (2),
 *   state, reserved, active groups (2), passive groups (2), reserved (4))
 *
 *   version 2: TLVs of type (1), length (1), value: 1 group state (40
 *   bytes: version, opcode, state, IP version, group (2), identifier (6),
 *   priority, hello and hold times (4 each), virtual address (16)),
 *   2 interface state (4), 3 text authentication (8), 4 MD5 authentication
 *   (28).
 *
 * Which version a datagram is comes from its destination, as Wireshark
 * decides: a datagram on the ports to another address shows no HSRP.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { HSRP_PORT = 1985, HSRP2_V6_PORT = 2029, HSRP_MD5_LEN = 50 };

static const struct value_string hsrp_opcode_vals[] = {
	{0, "Hello"}, {1, "Coup"}, {2, "Resign"}, {3, "Advertise"}, {0, NULL},
};
static const struct value_string hsrp_state_vals[] = {
	{0, "Initial"}, {1, "Learn"}, {2, "Listen"}, {4, "Speak"}, {8, "Standby"}, {16, "Active"}, {0, NULL},
};
static const struct value_string hsrp_adv_state_vals[] = {
	{1, "Dormant"}, {2, "Passive"}, {3, "Active"}, {0, NULL},
};
static const struct value_string hsrp2_state_vals[] = {
	{1, "Init"}, {2, "Learn"}, {3, "Listen"}, {4, "Speak"}, {5, "Standby"}, {6, "Active"}, {0, NULL},
};

static const struct field_def hsrp_fields[] = {
	{"hsrp.version", "Version", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"hsrp.opcode", "Op Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, hsrp_opcode_vals},
	{"hsrp.state", "State", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, hsrp_state_vals},
	{"hsrp.hellotime", "Hellotime", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"hsrp.holdtime", "Holdtime", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"hsrp.priority", "Priority", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"hsrp.group", "Group", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"hsrp.reserved", "Reserved", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"hsrp.auth_data", "Authentication Data", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"hsrp.virt_ip", "Virtual IP Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"hsrp.adv.tlvtype", "Adv type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"hsrp.adv.tlvlength", "Adv length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"hsrp.adv.state", "Adv state", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, hsrp_adv_state_vals},
	{"hsrp.adv.activegrp", "Adv active groups", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"hsrp.adv.passivegrp", "Adv passive groups", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"hsrp2.version", "Version", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"hsrp2.opcode", "Op Code", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, hsrp_opcode_vals},
	{"hsrp2.state", "State", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, hsrp2_state_vals},
	{"hsrp2.ipversion", "IP Ver.", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"hsrp2.group", "Group", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"hsrp2.identifier", "Identifier", FT_ETHER, BASE_NONE, FIELD_VAR, 6, 0, NULL},
	{"hsrp2.priority", "Priority", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"hsrp2.hellotime", "Hellotime", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"hsrp2.holdtime", "Holdtime", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"hsrp2.virt_ip", "Virtual IP Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"hsrp2.virt_ip_v6", "Virtual IPv6 Address", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"hsrp2.auth_data", "Authentication Data", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"hsrp2.active_groups", "Active Groups", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"hsrp2.passive_groups", "Passive Groups", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(hsrp);

/* Which HSRP P's datagram is: 1 to 224.0.0.2, 2 to 224.0.0.102 or over
 * IPv6; 0 (not HSRP) to another address. */
static int hsrp_version_of(const struct packet *p)
{
	if (p->ip_layer < 0)
		return 0;
	if (p->layers[p->ip_layer].proto == PROTO_IPV6)
		return p->dport == HSRP2_V6_PORT ? 2 : 0;
	static const uint8_t v1[4] = {224, 0, 0, 2}, v2[4] = {224, 0, 0, 102};
	return memcmp(p->ip_dst, v1, 4) == 0 ? 1 : memcmp(p->ip_dst, v2, 4) == 0 ? 2 : 0;
}

/* What a version 1 message reads before its item: the opcode, then the
 * state (byte 2, or 6 in an advertisement). */
static uint32_t hsrp1_info_need(const uint8_t *d, uint32_t n)
{
	if (n < 2)
		return 2;
	return d[1] < 3 ? 3 : d[1] == 3 ? 7 : 2;
}

/* Version 1: 20 bytes of a hello, coup or resign, 16 of an advertisement,
 * data after the opcode of another; 50 bytes end with an MD5 TLV. */
static void hsrp1_read(struct packet *p, struct cursor *c, int idx)
{
	uint32_t start = c->off, len = cursor_left(c);
	const uint8_t *d = c->data + start;
	if (len < hsrp1_info_need(d, len)) {
		/* Wireshark stops before it adds its item */
		p->layers[idx].flags |= PKT_NESTED | PKT_NAMES_PROTO | PKT_NO_ITEM;
		app_skip(c, hsrp1_info_need(d, len));
		return;
	}
	uint8_t op = d[1];
	if (op > 3) {
		app_skip(c, 2);
		dissect_data_nested(p, c);
		return;
	}
	if (!app_skip(c, op < 3 ? 20 : 16))
		return;
	uint32_t tlv = op < 3 ? 20 : 16;
	if (len == HSRP_MD5_LEN && d[tlv] == 4 && d[tlv + 1] == 28) {
		c->off = start + tlv;
		app_skip(c, 30);
	}
}

/* Version 2: TLVs to the datagram's end; an unknown one (or a group
 * state of an unknown IP version) is data, and ends the reading. */
static void hsrp2_read(struct packet *p, struct cursor *c)
{
	while (cursor_ok(c) && cursor_rleft(c) > 0) {
		uint32_t at = c->off;
		const uint8_t *h = cursor_peek_all(c, 2);
		if (!h) {
			app_skip(c, 2);
			return;
		}
		uint8_t type = h[0], len = h[1];
		uint32_t need = type == 1 && len == 40 ? 30 : type == 2 && len == 4 ? 6 : type == 3 && len == 8 ? 10 :
				type == 4 && len == 28 ? 30 : 0;
		if (need == 0) {
			dissect_data_nested(p, c);
			return;
		}
		if (type == 1) {
			const uint8_t *g = cursor_peek_all(c, 6);
			uint8_t ipver = g ? g[5] : 4;
			if (g && ipver != 4 && ipver != 6) {
				app_skip(c, 26);
				dissect_data_nested(p, c);
				return;
			}
			need = ipver == 6 ? 42 : 30;
		}
		if (!app_skip(c, need))
			return;
		c->off = at + len + 2u;
	}
}

static void dissect_hsrp(struct packet *p, struct cursor *c)
{
	if (p->dport != HSRP_PORT && p->dport != HSRP2_V6_PORT)
		return; /* not taken: the datagram is data */
	int version = hsrp_version_of(p);
	if (version == 0) {
		p->flags |= PKT_TAKEN; /* Wireshark takes it and shows nothing */
		return;
	}
	int idx = pkt_push_layer(p, PROTO_HSRP, c->off);
	if (idx < 0)
		return;
	if (version == 1)
		hsrp1_read(p, c, idx);
	else
		hsrp2_read(p, c);
	app_note(p, idx, c);
}

/* Gives the field A of a number of SIZE bytes at AT of D (N bytes). */
static void hsrp_give_at(const uint8_t *d, uint32_t n, uint32_t at, uint32_t size, fvalue_fn fn, void *data)
{
	if (at + size > n)
		return;
	fv_give_uint(fn, data, size == 4 ? bytes_be32(d + at) : size == 2 ? bytes_be16(d + at) : d[at]);
}

/* The text of the 8 authentication bytes at B, to their first NUL. */
static void hsrp_give_text(const uint8_t *b, fvalue_fn fn, void *data)
{
	uint32_t len = 0;
	while (len < 8 && b[len])
		len++;
	fv_give_ptr(fn, data, FV_STRING, b, len);
}

/* Version 1's fields at their places, by opcode. */
static void hsrp1_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static const struct {
		const char *name;
		uint8_t at, size;
		bool adv; /* of an advertisement (opcode 3), else of opcodes 0-2 */
	} places[] = {
		{"hsrp.state", 2, 1, false},         {"hsrp.hellotime", 3, 1, false},
		{"hsrp.holdtime", 4, 1, false},      {"hsrp.priority", 5, 1, false},
		{"hsrp.group", 6, 1, false},         {"hsrp.reserved", 7, 1, false},
		{"hsrp.adv.tlvtype", 2, 2, true},    {"hsrp.adv.tlvlength", 4, 2, true},
		{"hsrp.adv.state", 6, 1, true},      {"hsrp.adv.activegrp", 8, 2, true},
		{"hsrp.adv.passivegrp", 10, 2, true},
	};
	if (n < hsrp1_info_need(d, n))
		return;
	if (fv_same(a, "hsrp.version"))
		fv_give_uint(fn, data, d[0]);
	else if (fv_same(a, "hsrp.opcode"))
		fv_give_uint(fn, data, d[1]);
	for (size_t i = 0; i < G_N_ELEMENTS(places); i++)
		if (places[i].adv == (d[1] == 3) && d[1] <= 3 && fv_same(a, places[i].name))
			hsrp_give_at(d, n, places[i].at, places[i].size, fn, data);
	if (d[1] < 3 && n >= 16 && fv_same(a, "hsrp.auth_data"))
		hsrp_give_text(d + 8, fn, data);
	if (d[1] < 3 && n >= 20 && fv_same(a, "hsrp.virt_ip"))
		fv_give_ptr(fn, data, FV_IPV4, d + 16, 4);
}

/* Version 2's fields, TLV by TLV. */
static void hsrp2_values(const uint8_t *d, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static const struct {
		const char *name;
		uint8_t at, size;
	} group[] = {
		{"hsrp2.version", 2, 1},   {"hsrp2.opcode", 3, 1},    {"hsrp2.state", 4, 1},
		{"hsrp2.ipversion", 5, 1}, {"hsrp2.group", 6, 2},     {"hsrp2.priority", 14, 4},
		{"hsrp2.hellotime", 18, 4}, {"hsrp2.holdtime", 22, 4},
	};
	for (uint32_t at = 0; at + 2 <= n;) {
		const uint8_t *t = d + at;
		uint8_t type = t[0], len = t[1];
		uint32_t left = n - at;
		if (type == 1 && len == 40) {
			for (size_t i = 0; i < G_N_ELEMENTS(group); i++)
				if (fv_same(a, group[i].name))
					hsrp_give_at(t, left, group[i].at, group[i].size, fn, data);
			if (left >= 14 && fv_same(a, "hsrp2.identifier"))
				fv_give_ptr(fn, data, FV_ETHER, t + 8, 6);
			if (left >= 6 && t[5] != 4 && t[5] != 6)
				return;
			if (left >= 30 && t[5] == 4 && fv_same(a, "hsrp2.virt_ip"))
				fv_give_ptr(fn, data, FV_IPV4, t + 26, 4);
			if (left >= 42 && t[5] == 6 && fv_same(a, "hsrp2.virt_ip_v6"))
				fv_give_ptr(fn, data, FV_IPV6, t + 26, 16);
		} else if (type == 2 && len == 4) {
			if (fv_same(a, "hsrp2.active_groups"))
				hsrp_give_at(t, left, 2, 2, fn, data);
			else if (fv_same(a, "hsrp2.passive_groups"))
				hsrp_give_at(t, left, 4, 2, fn, data);
		} else if (type == 3 && len == 8) {
			if (left >= 10 && fv_same(a, "hsrp2.auth_data"))
				hsrp_give_text(t + 2, fn, data);
		} else if (type != 4 || len != 28) {
			return;
		}
		at += len + 2u;
	}
}

static void hsrp_values(const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d, uint32_t n,
			const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d)
		return;
	if (hsrp_version_of(p) == 1)
		hsrp1_values(d, n, f->abbrev, fn, data);
	else
		hsrp2_values(d, n, f->abbrev, fn, data);
}

/* NAMES' name of V, or "Unknown". */
static const char *hsrp_name(const struct value_string *names, uint32_t v, G_GNUC_UNUSED const char *unknown)
{
	const char *s = value_name(names, v);
	return s ? s : "Unknown";
}

/* Version 1: "Hello (state Active)", the opcode and the state; version 2:
 * "HSRPv2", the last group state or interface state TLV's text.  Until
 * then Info stays UDP's. */
static void hsrp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	if (hsrp_version_of(p) == 1) {
		col_proto(c, "HSRP");
		if (!d || n < 2)
			return;
		col_set(c, "%s", hsrp_name(hsrp_opcode_vals, d[1], "Unknown"));
		if (d[1] < 3 && n >= 3)
			col_append(c, " (state %s)", hsrp_name(hsrp_state_vals, d[2], "Unknown"));
		else if (d[1] == 3 && n >= 7)
			col_append(c, " (state %s)", hsrp_name(hsrp_adv_state_vals, d[6], "Unknown"));
		return;
	}
	col_proto(c, "HSRPv2");
	for (uint32_t at = 0; d && at + 2 <= n; at += d[at + 1] + 2u) {
		const uint8_t *t = d + at;
		if (t[0] == 1 && t[1] == 40 && n - at >= 4) {
			col_set(c, "%s", hsrp_name(hsrp_opcode_vals, t[3], "Unknown"));
			if (n - at >= 5)
				col_append(c, " (state %s)", hsrp_name(hsrp2_state_vals, t[4], "Unknown"));
			if (n - at >= 6 && t[5] != 4 && t[5] != 6)
				return;
		} else if (t[0] == 2 && t[1] == 4 && n - at >= 6) {
			col_set(c, "Interface State TLV (Act=%u Pass=%u)", bytes_be16(t + 2), bytes_be16(t + 4));
		} else if (!(t[0] == 3 && t[1] == 8) && !(t[0] == 4 && t[1] == 28)) {
			return;
		}
	}
}

/* Version 1 of 50 bytes whose authentication TLV is not MD5's. */
static void hsrp_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	if (!d || hsrp_version_of(p) != 1 || n != HSRP_MD5_LEN)
		return;
	uint32_t at = d[1] < 3 ? 20 : d[1] == 3 ? 16 : 6; /* 4 bytes past where the reading stopped */
	if (d[at] != 4 || d[at + 1] != 28)
		expert_add(e, EXPERT_WARN, EXPERT_UNDECODED, "HSRP",
			   "Unknown TLV sequence in HSRPv1 dissection, Type=(%u) Len=(%u)", d[at], d[at + 1]);
}

/* Wireshark's registration: UDP ports 1985 and 2029. */
static const struct handoff hsrp_handoff[] = {
	UDP_PORT(HSRP_PORT, dissect_hsrp),
	UDP_PORT(HSRP2_V6_PORT, dissect_hsrp),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(HSRP, "hsrp", "Cisco Hot Standby Router Protocol");
const struct protocol proto_hsrp = {PROTO_HSRP, .short_name = "HSRP", .fields = &hsrp_table, .columns = hsrp_columns,
				    .expert = hsrp_expert, .values = hsrp_values, .handoff = hsrp_handoff};
