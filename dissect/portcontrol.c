/* portcontrol.c — NAT Port Mapping Protocol (RFC 6886, version 0) and the
 * Port Control Protocol (RFC 6887, versions 1 and 2) on UDP port 5351,
 * told apart by their first byte as Wireshark does.
 *
 *   NAT-PMP:  | version 0 | opcode (128+ answers) | by opcode: result (2),
 *             | seconds since epoch (4), external address (4) or ports and lifetime |
 *   PCP:      | version | R + opcode | request: reserved (2), lifetime (4), client address (16)
 *             |         |            | answer: reserved, result (1), lifetime (4), epoch (4), reserved (12)
 *             | MAP / PEER body (a 12-byte nonce from version 2) | options: code, reserved, length (2), data |
 *
 * Protocol column "NAT-PMP", "PCP v1" or "PCP v2", Info the opcode's name
 * (a MAP adds its ports and protocol).  Another version is not this
 * protocol.  Wireshark's hierarchy names a version 0 message nat-pmp, but
 * its frame.protocols says portcontrol, the protocol the port is given to;
 * here both say nat-pmp.
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string natpmp_opcodes[] = {
	{0, "External Address Request"}, {128, "External Address Response"}, {1, "Map UDP Request"},
	{129, "Map UDP Response"}, {2, "Map TCP Request"}, {130, "Map TCP Response"}, {0, NULL},
};

static const struct value_string pcp_opcodes[] = {
	{0, "Announce Request"}, {1, "Map Request"}, {2, "Peer Request"},
	{128, "Announce Response"}, {129, "Map Response"}, {130, "Peer Response"}, {0, NULL},
};

static const struct field_def natpmp_fields[] = {
	{"nat-pmp.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"nat-pmp.opcode", "Opcode", FT_UINT8, BASE_DEC, 1, 1, 0, natpmp_opcodes},
	{"nat-pmp.result_code", "Result Code", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"nat-pmp.sssoe", "Seconds Since Start of Epoch", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"nat-pmp.external_ip", "External IP Address", FT_IPV4, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"nat-pmp.internal_port", "Internal Port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"nat-pmp.external_port", "External Port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"nat-pmp.pml", "Port Mapping Lifetime", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(natpmp);

static const struct field_def pcp_fields[] = {
	{"portcontrol.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"portcontrol.r", "R", FT_BOOLEAN, BASE_NONE, 1, 1, 0x80, NULL},
	{"portcontrol.opcode", "Opcode", FT_UINT8, BASE_DEC, 1, 1, 0x7f, NULL},
	{"portcontrol.result_code", "Result Code", FT_UINT16, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"portcontrol.lifetime_req", "Requested Lifetime", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"portcontrol.lifetime_rsp", "Lifetime", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"portcontrol.client_ip", "Client IP Address", FT_IPV6, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"portcontrol.epoch_time", "Epoch Time", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(pcp);

/* NAT-PMP: the fields each opcode has (an unknown one has none). */
static void natpmp_body(struct cursor *c, uint8_t opcode)
{
	switch (opcode) {
	case 128:
	case 1:
	case 2:
		cursor_skip(c, 10);
		break;
	case 129:
	case 130:
		cursor_skip(c, 14);
		break;
	}
}

/* Where a PCP MAP or PEER body starts: after the 24-byte header and, from
 * version 2, a 12-byte nonce. */
static uint32_t pcp_body_off(uint8_t version)
{
	return 24u + (version > 1 ? 12u : 0u);
}

/* PCP: the opcode's body, then options while bytes are left (for the
 * opcodes it knows): code, reserved, length, and that many bytes, an
 * option running past the end ending the list (Wireshark reads no more
 * of an option than its header before stepping over it). */
static void pcp_body(struct cursor *c, uint8_t version, uint8_t ropcode)
{
	uint8_t op = ropcode & 0x7f;
	bool known = value_name(pcp_opcodes, ropcode) != NULL;
	if (known && (op == 1 || op == 2))
		cursor_skip(c, pcp_body_off(version) - 24u + (op == 2 ? 44u : 24u));
	while (known && c->err == CUR_OK && cursor_rleft(c) > 0) {
		cursor_skip(c, 2);
		uint16_t len = cursor_be16(c);
		if (len >= cursor_rleft(c))
			break;
		cursor_skip(c, len);
	}
}

static void dissect_portcontrol(struct packet *p, struct cursor *c)
{
	int v = cursor_peek(c, 0);
	if (v < 0 || v > 2)
		return; /* another version: not this protocol */
	int idx = pkt_push_layer(p, v == 0 ? PROTO_NAT_PMP : PROTO_PORTCONTROL, c->off);
	cursor_skip(c, 1);
	uint8_t opcode = cursor_u8(c);
	if (v == 0) {
		natpmp_body(c, opcode);
	} else {
		cursor_skip(c, 22);
		pcp_body(c, (uint8_t)v, opcode);
	}
	pkt_note_cursor(p, idx, c);
}

static void natpmp_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			  uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 2)
		return;
	const char *a = f->abbrev;
	uint8_t op = d[1];
	bool answer = op >= 128 && op <= 130, map = op == 1 || op == 2 || op == 129 || op == 130;
	if (answer && n >= 8 && fv_same(a, "nat-pmp.result_code"))
		fv_give_uint(fn, data, fv_get16(d + 2, true));
	else if (answer && n >= 8 && fv_same(a, "nat-pmp.sssoe"))
		fv_give_uint(fn, data, fv_get32(d + 4, true));
	else if (op == 128 && n >= 12 && fv_same(a, "nat-pmp.external_ip"))
		fv_give_ptr(fn, data, FV_IPV4, d + 8, 4);
	else if (map) {
		uint32_t at = op < 128 ? 4 : 8;
		if (n >= at + 8 && fv_same(a, "nat-pmp.internal_port"))
			fv_give_uint(fn, data, fv_get16(d + at, true));
		else if (n >= at + 8 && fv_same(a, "nat-pmp.external_port"))
			fv_give_uint(fn, data, fv_get16(d + at + 2, true));
		else if (n >= at + 8 && fv_same(a, "nat-pmp.pml"))
			fv_give_uint(fn, data, fv_get32(d + at + 4, true));
	}
}

static void pcp_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
		       uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 2)
		return;
	const char *a = f->abbrev;
	bool answer = d[1] & 0x80;
	if (!answer && n >= 8 && fv_same(a, "portcontrol.lifetime_req"))
		fv_give_uint(fn, data, fv_get32(d + 4, true));
	else if (!answer && n >= 24 && fv_same(a, "portcontrol.client_ip"))
		fv_give_ptr(fn, data, FV_IPV6, d + 8, 16);
	else if (answer && n >= 4 && fv_same(a, "portcontrol.result_code"))
		fv_give_uint(fn, data, d[3]);
	else if (answer && n >= 8 && fv_same(a, "portcontrol.lifetime_rsp"))
		fv_give_uint(fn, data, fv_get32(d + 4, true));
	else if (answer && n >= 12 && fv_same(a, "portcontrol.epoch_time"))
		fv_give_uint(fn, data, fv_get32(d + 8, true));
}

/* The opcode's name, "Unknown opcode: 7" for another. */
static void opcode_info(struct columns *c, const struct value_string *names, uint8_t op)
{
	const char *name = value_name(names, op);
	if (name)
		col_append(c, "%s", name);
	else
		col_append(c, "Unknown opcode: %u", op);
}

static void natpmp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (d && n >= 2)
		opcode_info(c, natpmp_opcodes, d[1]);
}

static void pcp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 1)
		return;
	col_proto(c, d[0] == 1 ? "PCP v1" : "PCP v2");
	if (n < 2)
		return;
	opcode_info(c, pcp_opcodes, d[1]);
	/* a MAP: "8080 -> 80 [TCP]", its internal and (suggested or assigned)
	 * external ports, when the message and its options were read whole */
	uint32_t at = pcp_body_off(d[0]);
	bool whole = !(p->layers[idx].flags & (PKT_MALFORMED | PKT_TRUNCATED));
	if ((d[1] & 0x7f) == 1 && value_name(pcp_opcodes, d[1]) && whole && n >= at + 24) {
		uint8_t proto = d[at];
		col_append(c, ": %u -> %u [", fv_get16(d + at + 4, true), fv_get16(d + at + 6, true));
		if (proto == 0 || proto == 6 || proto == 17)
			col_append(c, "%s]", proto == 0 ? "All Protocols" : proto == 6 ? "TCP" : "UDP");
		else
			col_append(c, "Unknown Protocol %u]", proto);
	}
}

/* Wireshark's registration: UDP port 5351, the version decides. */
static const struct handoff pcp_handoff[] = {
	UDP_PORT(5351, dissect_portcontrol),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(NAT_PMP, "nat-pmp", "NAT Port Mapping Protocol");
const struct protocol proto_nat_pmp = {PROTO_NAT_PMP, .short_name = "NAT-PMP", .fields = &natpmp_table,
				       .columns = natpmp_columns, .values = natpmp_values};

PROTOCOL_ID(PORTCONTROL, "portcontrol", "Port Control Protocol");
const struct protocol proto_portcontrol = {PROTO_PORTCONTROL, .short_name = "Port Control", .fields = &pcp_table,
					   .columns = pcp_columns, .values = pcp_values, .handoff = pcp_handoff};
