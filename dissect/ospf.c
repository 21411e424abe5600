/* ospf.c — OSPF, IP protocol 89: version 2 (RFC 2328) over IPv4, version 3
 * (RFC 5340) over IPv6, with the link-local signaling block (RFC 5613).
 *
 *   0       1       2               4                               8
 *   +-------+-------+---------------+-------------------------------+
 *   |version| type  | packet length |  source router                |
 *   +-------+-------+---------------+-------------------------------+
 *   |  area id                      | checksum      | v2: auth type |
 *   +-------------------------------+---------------+---------------+
 *   | v2: auth data (8)             | v3: instance id (1), reserved (1)
 *   +-------------------------------+
 *   | body to the packet length: hello, DB description, LS request,
 *   | LS update, LS acknowledge | LLS block (v2 after the digest)
 *
 * The header is 24 bytes in version 2, 16 in version 3.  The body is read
 * up to the packet length: a hello's fixed part and its neighbors (4 bytes
 * each), a DB description's fixed part (8 / 12 bytes) and LSA headers (20
 * each), requests (12 each), an update's LSA count and whole LSAs (their
 * length), an acknowledgment's LSA headers.  A version 2 LSA header whose
 * length is below its type's minimum stops the walk with an expert item;
 * any LSA read after it runs off the packet, as in Wireshark.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum { OSPF_V2_HDR = 24, OSPF_V3_HDR = 16, OSPF_OTHER_HDR = 14, OSPF_LSA_HDR = 20 };
enum { OSPF_HELLO = 1, OSPF_DB_DESC, OSPF_LS_REQ, OSPF_LS_UPD, OSPF_LS_ACK };

static const struct value_string ospf_type_vals[] = {
	{OSPF_HELLO, "Hello Packet"}, {OSPF_DB_DESC, "DB Description"}, {OSPF_LS_REQ, "LS Request"},
	{OSPF_LS_UPD, "LS Update"},   {OSPF_LS_ACK, "LS Acknowledge"},  {0, NULL},
};

static const struct value_string ospf_auth_vals[] = {
	{0, "Null"}, {1, "Simple password"}, {2, "Cryptographic"}, {0, NULL},
};

/* Version 2's LSA types and the least length each may have. */
static const struct value_string ospf_ls_type_vals[] = {
	{1, "Router-LSA"},
	{2, "Network-LSA"},
	{3, "Summary-LSA (IP network)"},
	{4, "Summary-LSA (ASBR)"},
	{5, "AS-External-LSA (ASBR)"},
	{6, "Group Membership LSA"},
	{7, "NSSA AS-External-LSA"},
	{8, "External Attributes LSA"},
	{9, "Opaque LSA, Link-local scope"},
	{10, "Opaque LSA, Area-local scope"},
	{11, "Opaque LSA, AS-local scope"},
	{0, NULL},
};
static const uint8_t ospf_ls_min_len[12] = {0, 24, 28, 28, 28, 36, 20, 36, 20, 20, 20, 20};

static const struct field_def ospf_fields[] = {
	{"ospf.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"ospf.msg", "Message Type", FT_UINT8, BASE_DEC, 1, 1, 0, ospf_type_vals},
	{"ospf.packet_length", "Packet Length", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"ospf.srcrouter", "Source OSPF Router", FT_IPV4, BASE_NONE, 4, 4, 0, NULL},
	{"ospf.area_id", "Area ID", FT_IPV4, BASE_NONE, 8, 4, 0, NULL},
	{"ospf.checksum", "Checksum", FT_UINT16, BASE_HEX, 12, 2, 0, NULL},
	{"ospf.auth.type", "Auth Type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, ospf_auth_vals},
	{"ospf.auth.simple", "Auth Data (Simple)", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"ospf.instance_id", "Instance ID", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"ospf.msg.hello", "Hello", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0, NULL},
	{"ospf.msg.dbdesc", "Database Description", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0, NULL},
	{"ospf.msg.lsreq", "Link State Adv Request", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0, NULL},
	{"ospf.msg.lsupdate", "Link State Adv Update", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0, NULL},
	{"ospf.msg.lsack", "Link State Adv Acknowledgement", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0, NULL},
	{"ospf.hello.network_mask", "Network Mask", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"ospf.hello.interface_id", "Interface ID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ospf.hello.hello_interval", "Hello Interval [sec]", FT_UINT32, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ospf.hello.router_priority", "Router Priority", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"ospf.hello.router_dead_interval", "Router Dead Interval [sec]", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ospf.hello.designated_router", "Designated Router", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"ospf.hello.backup_designated_router", "Backup Designated Router", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0,
	 NULL},
	{"ospf.hello.active_neighbor", "Active Neighbor", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"ospf.db.interface_mtu", "Interface MTU", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ospf.db.dd_sequence", "DD Sequence", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ospf.ls.number_of_lsas", "Number of LSAs", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"ospf.lsa", "LS Type", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, ospf_ls_type_vals},
	{"ospf.lsa.length", "Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"ospf.v3.lsa", "LS Type", FT_UINT16, BASE_HEX, FIELD_VAR, 2, 0, NULL},
	{"ospf.advrouter", "Advertising Router", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"ospf.lsa.seqnum", "Sequence Number", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(ospf);

/* The header's length for VERSION (an unknown version is read to its
 * checksum only). */
static uint32_t ospf_header_len(uint8_t version)
{
	return version == 2 ? OSPF_V2_HDR : version == 3 ? OSPF_V3_HDR : OSPF_OTHER_HDR;
}

/* An LSA header (or an LS request) the walk reached, at its offset from
 * the packet's start. */
struct ospf_lsa {
	uint32_t at;
	uint16_t len;  /* 0 in a request */
	uint16_t type; /* version 2: the byte at 3; version 3: 2 bytes at 2 */
	bool request;  /* an LS request: type, id, advertising router */
};

/* What a walk of a packet found: the LSA header of a bad length, if any. */
struct ospf_walk {
	bool bad;
	struct ospf_lsa bad_lsa;
	bool (*lsa)(const struct ospf_lsa *a, const uint8_t *base, void *data); /* each LSA; false stops */
	void *data;
};

/* The least body a version 3 LSA of TYPE has before its length is
 * counted down: a router's or network's flags and options. */
static uint32_t ospf_v3_body_min(uint16_t type)
{
	uint16_t code = type & 0x1fff;
	return code == 1 || code == 2 ? 4 : 0;
}

/* Reads the LSA header (or LS request when REQUEST) at C, the packet
 * starting at START, and when WHOLE the rest of the LSA; false when it
 * stops the walk (cut short, or version 2's length below its type's
 * minimum, whose fields are shown all the same). */
static bool ospf_read_lsa(struct cursor *c, uint32_t start, uint8_t version, bool whole, bool request,
			  struct ospf_walk *w)
{
	uint32_t size = request ? 12 : OSPF_LSA_HDR;
	const uint8_t *h = cursor_take(c, size);
	if (!h)
		return false;
	struct ospf_lsa a = {.at = c->off - size - start, .request = request};
	a.type = version == 2 ? h[3] : bytes_be16(h + 2);
	a.len = request ? 0 : bytes_be16(h + 18);
	if (w->lsa && !w->lsa(&a, c->data + start, w->data))
		return false;
	if (!request && version == 2 &&
	    a.len < (a.type >= 1 && a.type <= 11 ? ospf_ls_min_len[a.type] : OSPF_LSA_HDR)) {
		w->bad = true;
		w->bad_lsa = a;
		return false;
	}
	if (whole && version == 3 && a.len < OSPF_LSA_HDR + ospf_v3_body_min(a.type)) {
		/* the body's length goes below zero: its walk runs off the packet */
		cursor_fail(c, cursor_rleft(c) + 1u);
		return false;
	}
	if (whole && a.len > OSPF_LSA_HDR)
		app_skip(c, a.len - OSPF_LSA_HDR);
	return cursor_ok(c);
}

/* Reads LSA headers (or whole LSAs) to END; a bad length fails C, since
 * Wireshark then goes on at an offset that runs off the packet. */
static void ospf_lsas_to(struct cursor *c, uint32_t start, uint32_t end, uint8_t version, bool request,
			 struct ospf_walk *w)
{
	while (cursor_ok(c) && c->off < end)
		if (!ospf_read_lsa(c, start, version, false, request, w) && w->bad)
			c->err = CUR_MALFORMED;
}

/* Whether the hello or DB description at B (the body, N bytes there) sets
 * the L option: an LLS block follows the packet. */
static bool ospf_has_lls(uint8_t version, uint8_t type, const uint8_t *b, uint32_t n)
{
	uint32_t at = type == OSPF_HELLO ? 6 : 2; /* v2: the options byte; v3: the middle of 24 bits */
	if (type != OSPF_HELLO && type != OSPF_DB_DESC)
		return false;
	if (n <= at)
		return false;
	return version == 2 ? b[at] & 0x10 : b[at] & 0x02;
}

/* The LLS block at C: its checksum and length (in 32-bit words), then
 * TLVs of a 4-byte header and their length each, up to that length. */
static void ospf_read_lls(struct cursor *c)
{
	uint32_t start = c->off;
	if (start > c->rend) {
		cursor_fail(c, 4); /* the block's offset is past the packet */
		return;
	}
	if (cursor_rleft(c) < 4)
		return; /* an expert item, no exception */
	cursor_skip(c, 2);
	uint32_t len = cursor_be16(c) * 4u;
	while (cursor_ok(c) && c->off < start + len) {
		cursor_skip(c, 2);
		app_skip(c, cursor_be16(c));
	}
}

/* Walks the packet at C (its header read from its first 4 bytes H): the
 * body by its type up to the packet length, then the LLS block. */
static void ospf_walk_body(struct cursor *c, const uint8_t *h, struct ospf_walk *w)
{
	uint32_t start = c->off;
	uint8_t version = h[0], type = h[1];
	uint32_t hdr = ospf_header_len(version), crypto = 0;
	if (version == 2 && cursor_left(c) >= OSPF_V2_HDR && bytes_be16(c->data + start + 14) == 2)
		crypto = c->data[start + 19];
	if (!app_skip(c, hdr) || (version != 2 && version != 3))
		return;
	/* the body's length, as a 16-bit number: a packet length below the
	 * header's gives a body running far past the packet */
	uint32_t end = start + hdr + (uint16_t)(bytes_be16(h + 2) - hdr);
	const uint8_t *body = c->data + c->off;
	uint32_t have = cursor_left(c);
	/* a DB description's and an update's subtree spans the body */
	if ((type == OSPF_DB_DESC || type == OSPF_LS_UPD) && !cursor_need(c, end - c->off))
		return;
	switch (type) {
	case OSPF_HELLO:
		app_skip(c, 20);
		while (cursor_ok(c) && c->off < end)
			app_skip(c, 4);
		break;
	case OSPF_DB_DESC:
		app_skip(c, version == 2 ? 8 : 12);
		ospf_lsas_to(c, start, end, version, false, w);
		break;
	case OSPF_LS_REQ:
		ospf_lsas_to(c, start, end, version, true, w);
		break;
	case OSPF_LS_UPD: {
		uint32_t count = cursor_be32(c);
		for (uint32_t i = 0; i < count && cursor_ok(c); i++)
			if (!ospf_read_lsa(c, start, version, true, false, w) && w->bad && i + 1 < count)
				c->err = CUR_MALFORMED;
		break;
	}
	case OSPF_LS_ACK:
		ospf_lsas_to(c, start, end, version, false, w);
		break;
	default:
		return;
	}
	if (cursor_ok(c) && ospf_has_lls(version, type, body, have)) {
		c->off = start + bytes_be16(h + 2) + crypto;
		ospf_read_lls(c);
	}
}

static void dissect_ospf(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_OSPF, c->off);
	if (idx < 0)
		return;
	const uint8_t *h = cursor_peek_all(c, 4);
	if (!h) {
		/* Wireshark names the protocol, writes Info from the type, and
		 * stops at the length before it adds its item */
		p->layers[idx].flags |= PKT_NESTED | PKT_NAMES_PROTO | PKT_NO_ITEM;
		app_skip(c, 4);
		app_note(p, idx, c);
		return;
	}
	struct cursor body = *c;
	struct ospf_walk w = {0};
	ospf_walk_body(&body, h, &w);
	if (!cursor_ok(&body)) {
		app_note(p, idx, &body);
		return;
	}
	uint8_t type = h[1];
	if ((h[0] == 2 || h[0] == 3) && (type < OSPF_HELLO || type > OSPF_LS_ACK)) {
		app_skip(c, ospf_header_len(h[0]));
		dissect_data(p, c);
	}
}

/* The walk of layer L's bytes D (N of them) again, for its values and its
 * expert items. */
static void ospf_rewalk(const uint8_t *d, uint32_t n, struct ospf_walk *w)
{
	struct cursor c = cursor_init(d, n, n);
	if (n >= 4)
		ospf_walk_body(&c, d, w);
}

/* Gives one LSA header's fields. */
static bool ospf_give_lsa(const struct ospf_lsa *a, const uint8_t *base, void *data)
{
	const struct fv_want *want = data;
	const char *f = want->abbrev;
	const uint8_t *h = base + a->at;
	if (fv_same(f, "ospf.lsa") && base[0] == 2)
		return want->fn(&(struct fvalue){.kind = FV_UINT, .u = a->type}, want->data);
	if (fv_same(f, "ospf.v3.lsa") && base[0] == 3)
		return want->fn(&(struct fvalue){.kind = FV_UINT, .u = a->type}, want->data);
	if (fv_same(f, "ospf.advrouter"))
		return want->fn(&(struct fvalue){.kind = FV_IPV4, .ptr = h + 8, .len = 4}, want->data);
	if (a->request)
		return true;
	if (fv_same(f, "ospf.lsa.length"))
		return want->fn(&(struct fvalue){.kind = FV_UINT, .u = a->len}, want->data);
	if (fv_same(f, "ospf.lsa.seqnum"))
		return want->fn(&(struct fvalue){.kind = FV_UINT, .u = bytes_be32(h + 12)}, want->data);
	return true;
}

/* A hello's fields, each where its bytes are there: version 2's mask,
 * intervals and priority, version 3's interface id and shorter intervals,
 * the routers and neighbors. */
static void ospf_hello_values(const uint8_t *d, uint32_t n, uint32_t hdr, const char *a, fvalue_fn fn, void *data)
{
	static const struct {
		const char *name;
		uint8_t at[2], size[2]; /* in version 2, version 3 (size 0: none) */
	} fixed[] = {
		{"ospf.hello.network_mask", {0, 0}, {4, 0}},
		{"ospf.hello.interface_id", {0, 0}, {0, 4}},
		{"ospf.hello.hello_interval", {4, 8}, {2, 2}},
		{"ospf.hello.router_priority", {7, 4}, {1, 1}},
		{"ospf.hello.router_dead_interval", {8, 10}, {4, 2}},
		{"ospf.hello.designated_router", {12, 12}, {4, 4}},
		{"ospf.hello.backup_designated_router", {16, 16}, {4, 4}},
	};
	unsigned v = d[0] == 2 ? 0 : 1;
	for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++) {
		uint32_t at = hdr + fixed[i].at[v], size = fixed[i].size[v];
		if (size == 0 || at + size > n || !fv_same(a, fixed[i].name))
			continue;
		if (g_str_has_suffix(a, "_router") || g_str_has_suffix(a, "_mask"))
			fv_give_ptr(fn, data, FV_IPV4, d + at, 4);
		else
			fv_give_uint(fn, data, size == 4 ? bytes_be32(d + at) : size == 2 ? bytes_be16(d + at) : d[at]);
		return;
	}
	if (fv_same(a, "ospf.hello.active_neighbor"))
		for (uint32_t at = hdr + 20, end = hdr + (uint16_t)(bytes_be16(d + 2) - hdr); at < end && at + 4 <= n;
		     at += 4)
			fv_give_ptr(fn, data, FV_IPV4, d + at, 4);
}

static const char *const ospf_msg_fields[] = {"ospf.msg.hello", "ospf.msg.dbdesc", "ospf.msg.lsreq",
					      "ospf.msg.lsupdate", "ospf.msg.lsack"};

/* The header's fields by version, the message type's flag, the body's. */
static void ospf_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 4)
		return;
	const char *a = f->abbrev;
	uint8_t version = d[0], type = d[1];
	uint32_t hdr = ospf_header_len(version);
	if (type >= OSPF_HELLO && type <= OSPF_LS_ACK && fv_same(a, ospf_msg_fields[type - 1])) {
		fv_give_uint(fn, data, 1);
		return;
	}
	if (version == 2 && n >= 16 && fv_same(a, "ospf.auth.type"))
		fv_give_uint(fn, data, bytes_be16(d + 14));
	else if (version == 2 && n >= 24 && bytes_be16(d + 14) == 1 && fv_same(a, "ospf.auth.simple")) {
		uint32_t len = 0;
		while (len < 8 && d[16 + len])
			len++;
		fv_give_ptr(fn, data, FV_STRING, d + 16, len);
	} else if (version == 3 && n >= 15 && fv_same(a, "ospf.instance_id"))
		fv_give_uint(fn, data, d[14]);
	if (version != 2 && version != 3)
		return;
	if (type == OSPF_HELLO)
		ospf_hello_values(d, n, hdr, a, fn, data);
	/* a DB description's and an update's fields come after their subtree,
	 * which spans the body */
	if (hdr + (uint16_t)(bytes_be16(d + 2) - hdr) > n && type != OSPF_LS_REQ && type != OSPF_LS_ACK)
		return;
	if (type == OSPF_DB_DESC && n >= hdr + (version == 2 ? 8 : 12)) {
		const uint8_t *b = d + hdr + (version == 2 ? 0 : 4);
		if (fv_same(a, "ospf.db.interface_mtu"))
			fv_give_uint(fn, data, bytes_be16(b));
		else if (fv_same(a, "ospf.db.dd_sequence"))
			fv_give_uint(fn, data, bytes_be32(b + 4));
	}
	if (type == OSPF_LS_UPD && n >= hdr + 4 && fv_same(a, "ospf.ls.number_of_lsas"))
		fv_give_uint(fn, data, bytes_be32(d + hdr));
	if (g_str_has_prefix(a, "ospf.lsa") || fv_same(a, "ospf.v3.lsa") || fv_same(a, "ospf.advrouter")) {
		struct fv_want want = {a, fn, data};
		struct ospf_walk w = {.lsa = ospf_give_lsa, .data = &want};
		ospf_rewalk(d, n, &w);
	}
}

/* "Hello Packet", "LS Update", ...: the message type's name. */
static void ospf_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (d && n >= 2)
		col_set_value(c, ospf_type_vals, d[1], "Unknown (%u)");
}

/* A version 2 LSA header whose length is below its type's minimum; a
 * hello or DB description announcing an LLS block that is not there. */
static void ospf_expert(struct experts *e, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_layer_given(p, idx, &n);
	if (!d || n < 4)
		return;
	struct ospf_walk w = {0};
	ospf_rewalk(d, n, &w);
	const struct ospf_lsa *a = &w.bad_lsa;
	const char *name = value_name(ospf_ls_type_vals, a->type);
	if (w.bad && name)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "OSPF",
			   "Invalid LSA length (%u) for type %s, expected >= (%u)", a->len, name,
			   ospf_ls_min_len[a->type]);
	else if (w.bad)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "OSPF",
			   "Invalid LSA length (%u) for unknown LSA type (%u), expected minimum of (20)", a->len,
			   a->type);
	uint32_t hdr = ospf_header_len(d[0]), len = bytes_be16(d + 2);
	uint32_t crypto = d[0] == 2 && n >= OSPF_V2_HDR && bytes_be16(d + 14) == 2 ? d[19] : 0;
	if ((d[0] == 2 || d[0] == 3) && n > hdr && ospf_has_lls(d[0], d[1], d + hdr, n - hdr) &&
	    len + crypto <= n && len + crypto + 4 > n)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "OSPF", "LLS option bit set but data block missing");
}

/* Fewer than 4 bytes: Wireshark stops reading the header before it shows
 * any of its fields. */
static bool ospf_absent(const struct packet *p, const struct layer *l, G_GNUC_UNUSED const struct field_def *f)
{
	uint32_t cap;
	fv_layer_base(p, l, &cap);
	return cap < l->off + 4u;
}

/* Wireshark's registration: IP protocol 89. */
static const struct handoff ospf_handoff[] = {
	IP_PROTO(89, dissect_ospf),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(OSPF, "ospf", "Open Shortest Path First");
const struct protocol proto_ospf = {PROTO_OSPF, .short_name = "OSPF", .fields = &ospf_table,
				    .columns = ospf_columns, .expert = ospf_expert, .values = ospf_values,
				    .absent = ospf_absent, .handoff = ospf_handoff};
