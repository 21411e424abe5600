/* nbdgm.c — NetBIOS Datagram Service (RFC 1002 section 4.4, UDP 138).
 *
 *   0      1       2        4            8          10
 *   +------+-------+--------+------------+----------+
 *   | type | flags | dgm id | source IP  | src port |   then, by type:
 *   +------+-------+--------+------------+----------+
 *   direct unique / direct group / broadcast (0x10-0x12):
 *       dgm length(2), packet offset(2), source name, destination name, user data
 *   error (0x13): error code(1)
 *   query request / positive / negative query response (0x14-0x16): destination name
 *
 * Names are encoded NetBIOS names in DNS label form (RFC 1002 section 4.1).
 * The user data of a datagram is usually an SMB mailslot write.
 */
#include <stdio.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

enum {
	NBDGM_DIRECT_UNIQUE = 0x10,
	NBDGM_DIRECT_GROUP = 0x11,
	NBDGM_BROADCAST = 0x12,
	NBDGM_ERROR = 0x13,
	NBDGM_QUERY_REQUEST = 0x14,
	NBDGM_POS_QUERY_RESPONSE = 0x15,
	NBDGM_NEG_QUERY_RESPONSE = 0x16,
};

static const struct value_string nbdgm_type_vals[] = {
	{NBDGM_DIRECT_UNIQUE, "Direct_unique datagram"},
	{NBDGM_DIRECT_GROUP, "Direct_group datagram"},
	{NBDGM_BROADCAST, "Broadcast datagram"},
	{NBDGM_ERROR, "Datagram error"},
	{NBDGM_QUERY_REQUEST, "Datagram query request"},
	{NBDGM_POS_QUERY_RESPONSE, "Datagram positive query response"},
	{NBDGM_NEG_QUERY_RESPONSE, "Datagram negative query response"},
	{0, NULL},
};

static const struct value_string nbdgm_node_vals[] = {
	{0, "B node"}, {1, "P node"}, {2, "M node"}, {3, "NBDD"}, {0, NULL},
};

static const struct value_string nbdgm_error_vals[] = {
	{0x82, "Destination name not present"},
	{0x83, "Invalid source name format"},
	{0x84, "Invalid destination name format"},
	{0, NULL},
};

static const struct field_def nbdgm_fields[] = {
	{"nbdgm.type", "Message Type", FT_UINT8, BASE_DEC, 0, 1, 0, nbdgm_type_vals},
	{"nbdgm.next", "More fragments follow", FT_BOOLEAN, BASE_NONE, 1, 1, 0x01, NULL},
	{"nbdgm.first", "This is first fragment", FT_BOOLEAN, BASE_NONE, 1, 1, 0x02, NULL},
	{"nbdgm.node_type", "Node Type", FT_UINT8, BASE_DEC, 1, 1, 0x0c, nbdgm_node_vals},
	{"nbdgm.dgram_id", "Datagram ID", FT_UINT16, BASE_HEX, 2, 2, 0, NULL},
	{"nbdgm.src.ip", "Source IP", FT_IPV4, BASE_NONE, 4, 4, 0, NULL},
	{"nbdgm.src.port", "Source Port", FT_UINT16, BASE_DEC, 8, 2, 0, NULL},
	{"nbdgm.dgram_len", "Datagram length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"nbdgm.pkt_offset", "Packet offset", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"nbdgm.source_name", "Source name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"nbdgm.destination_name", "Destination name", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"nbdgm.error_code", "Error code", FT_UINT8, BASE_HEX, FIELD_VAR, 1, 0, nbdgm_error_vals},
};
FIELD_TABLE_DEFINE(nbdgm);

bool netbios_skip_name(struct cursor *c)
{
	for (unsigned labels = 0; labels < 128; labels++) {
		uint8_t n = cursor_u8(c);
		if (!cursor_ok(c))
			return false;
		if (n == 0)
			return true;
		if ((n & 0xc0) == 0xc0) {
			/* A compression pointer ends the name. */
			cursor_skip(c, 1);
			return cursor_ok(c);
		}
		if (n & 0xc0) {
			c->err = CUR_MALFORMED;
			return false;
		}
		if (!cursor_skip(c, n))
			return false;
	}
	c->err = CUR_MALFORMED;
	return false;
}

void dissect_nbdgm(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_NBDGM, c->off);
	if (idx < 0)
		return;
	uint8_t type = cursor_u8(c);
	cursor_skip(c, 9);
	switch (type) {
	case NBDGM_DIRECT_UNIQUE:
	case NBDGM_DIRECT_GROUP:
	case NBDGM_BROADCAST:
		cursor_skip(c, 4);
		if (netbios_skip_name(c) && netbios_skip_name(c)) {
			dissect_netbios_payload(p, c);
			return;
		}
		break;
	case NBDGM_ERROR:
		cursor_skip(c, 1);
		break;
	case NBDGM_QUERY_REQUEST:
	case NBDGM_POS_QUERY_RESPONSE:
	case NBDGM_NEG_QUERY_RESPONSE:
		netbios_skip_name(c);
		break;
	default:
		break;
	}
	pkt_note_cursor(p, idx, c);
}

int netbios_name(const uint8_t *b, uint32_t n, uint32_t at, char name[96], uint32_t *after)
{
	if ((uint64_t)at + 34 > n || b[at] != 32)
		return -1;
	uint8_t raw[16];
	for (int i = 0; i < 16; i++) {
		uint8_t hi = (uint8_t)(b[at + 1 + 2 * i] - 'A'), lo = (uint8_t)(b[at + 2 + 2 * i] - 'A');
		if (hi > 15 || lo > 15)
			return -1;
		raw[i] = (uint8_t)(hi << 4 | lo);
	}
	uint32_t end = at + 33;
	while (end < n && b[end] != 0) /* a scope id, labels */
		end += 1u + b[end];
	*after = end + 1;
	return netbios_raw_name(raw, name);
}

int netbios_raw_name(const uint8_t raw[16], char name[96])
{
	int len = 15;
	while (len > 0 && raw[len - 1] == ' ')
		len--;
	int w = 0;
	for (int i = 0; i < len; i++) {
		if (raw[i] >= 0x20 && raw[i] < 0x7f)
			name[w++] = (char)raw[i];
		else /* as Wireshark shows a byte that is no character */
			w += snprintf(name + w, 96 - (size_t)w, "<%02x>", raw[i]);
	}
	w += snprintf(name + w, 96 - (size_t)w, "<%02x>", raw[15]);
	return w;
}

/* NBDGM: type(1) flags(1) id(2) source ip(4) port(2); datagrams (0x10-0x12)
 * go on with length(2) offset(2) and the source and destination names, an
 * error (0x13) with its code, queries (0x14-0x16) with the destination. */
static unsigned nbdgm_values(const uint8_t *b, uint32_t n, const char *a, fvalue_fn fn, void *data)
{
	static __thread char name[96];
	if (n < 11)
		return 0;
	uint8_t type = b[0];
	if (type == 0x13)
		return fv_same(a, "nbdgm.error_code") ? fv_give_uint(fn, data, b[10]) : 0;
	if (type >= 0x14 && type <= 0x16) {
		uint32_t after;
		int w = fv_same(a, "nbdgm.destination_name") ? netbios_name(b, n, 10, name, &after) : -1;
		return w < 0 ? 0 : fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)name, (uint32_t)w);
	}
	if (type < 0x10 || type > 0x12 || n < 14)
		return 0;
	if (fv_same(a, "nbdgm.dgram_len"))
		return fv_give_uint(fn, data, (uint32_t)b[10] << 8 | b[11]);
	if (fv_same(a, "nbdgm.pkt_offset"))
		return fv_give_uint(fn, data, (uint32_t)b[12] << 8 | b[13]);
	uint32_t after;
	int w = netbios_name(b, n, 14, name, &after);
	if (w < 0)
		return 0;
	if (fv_same(a, "nbdgm.source_name"))
		return fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)name, (uint32_t)w);
	if (fv_same(a, "nbdgm.destination_name") && (w = netbios_name(b, n, after, name, &after)) >= 0)
		return fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)name, (uint32_t)w);
	return 0;
}

static void nbdgm_field_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l,
			       const uint8_t *d, uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		nbdgm_values(d, n, f->abbrev, fn, data);
}

/* Info: the message type (what it carries writes over it). */
static void nbdgm_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 1)
		return;
	col_set_value(c, nbdgm_type_vals, d[0], "Unknown message type");
}

static const struct handoff nbdgm_handoff[] = {
	UDP_PORT(138, dissect_nbdgm),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(NBDGM, "nbdgm", "NetBIOS Datagram Service");
const struct protocol proto_nbdgm = {PROTO_NBDGM, .short_name = "NBDS", .columns = nbdgm_columns, .values = nbdgm_field_values, .fields = &nbdgm_table,
                                     .handoff = nbdgm_handoff};
