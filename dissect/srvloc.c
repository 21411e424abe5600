/* srvloc.c — Service Location Protocol, version 1 (RFC 2165) and version 2
 * (RFC 2608), on UDP port 427.
 *
 *   version 1:  | ver | function | length (2) | flags | dialect | language (2) |
 *               | encoding (2) | transaction id (2) | body ...               |
 *   version 2:  | ver | function | length (3) | flags (2) | next ext (3) |
 *               | XID (2) | language tag length (2) | language tag | body ... |
 *
 * Info: the function's name and the transaction id, "Service Request, V2
 * XID - 1".  The header or a version 2 body cut short is malformed;
 * version 1's bodies are not read (see docs/wireshark.md).
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct value_string srvloc_functions[] = {
	{1, "Service Request"}, {2, "Service Reply"}, {3, "Service Registration"}, {4, "Service Deregister"},
	{5, "Service Acknowledge"}, {6, "Attribute Request"}, {7, "Attribute Reply"}, {8, "DA Advertisement"},
	{9, "Service Type Request"}, {10, "Service Type Reply"}, {11, "SA Advertisement"}, {0, NULL},
};

static const struct field_def srvloc_fields[] = {
	{"srvloc.version", "Version", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"srvloc.function", "Function", FT_UINT8, BASE_DEC, 1, 1, 0, srvloc_functions},
	{"srvloc.pktlen", "Packet Length", FT_UINT24, BASE_DEC, FIELD_VAR, 3, 0, NULL},
	{"srvloc.xid", "XID", FT_UINT24, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"srvloc.langtaglen", "Lang Tag Len", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"srvloc.langtag", "Lang Tag", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(srvloc);

/* COUNT authentication blocks: descriptor (2), length (2), timestamp (4),
 * then the SPI string, which is where Wireshark's reading of one ends. */
static void skip_auth_blocks(struct cursor *c)
{
	for (uint8_t n = cursor_u8(c); n > 0 && c->err == CUR_OK; n--) {
		cursor_skip(c, 8);
		cursor_skip_counted16(c, 1);
	}
}

/* A URL entry: reserved (1), lifetime (2), the URL, its auth blocks. */
static void skip_url_entry(struct cursor *c)
{
	cursor_skip(c, 3);
	cursor_skip_counted16(c, 1);
	skip_auth_blocks(c);
}

/* A version 2 message's body, as RFC 2608 lays it out per function.  The
 * attribute authentication blocks of a registration or an attribute reply
 * are counted but not read, as Wireshark reads them. */
static void srvloc_v2_body(struct cursor *c, uint8_t function)
{
	switch (function) {
	case 1: /* Service Request: PR list, service type, scopes, predicate, SPI */
	case 6: /* Attribute Request: PR list, URL, scopes, tags, SPI */
		cursor_skip_counted16(c, 5);
		break;
	case 2: /* Service Reply */
		cursor_skip(c, 2);
		for (uint16_t n = cursor_be16(c); n > 0 && c->err == CUR_OK; n--)
			skip_url_entry(c);
		break;
	case 3: /* Service Registration */
		skip_url_entry(c);
		cursor_skip_counted16(c, 3);
		cursor_skip(c, 1);
		break;
	case 4: /* Service Deregister */
		cursor_skip_counted16(c, 1);
		skip_url_entry(c);
		cursor_skip_counted16(c, 1);
		break;
	case 5: /* Service Acknowledge */
		cursor_skip(c, 2);
		break;
	case 7: /* Attribute Reply */
		cursor_skip(c, 2);
		cursor_skip_counted16(c, 1);
		cursor_skip(c, 1);
		break;
	case 8: /* DA Advertisement */
		cursor_skip(c, 6);
		cursor_skip_counted16(c, 4);
		skip_auth_blocks(c);
		break;
	case 9: { /* Service Type Request: 0xffff names every naming authority */
		cursor_skip_counted16(c, 1);
		uint16_t len = cursor_be16(c);
		if (len != 0xffff)
			cursor_skip(c, len);
		cursor_skip_counted16(c, 1);
		break;
	}
	case 10: /* Service Type Reply */
		cursor_skip(c, 2);
		cursor_skip_counted16(c, 1);
		break;
	case 11: /* SA Advertisement */
		cursor_skip_counted16(c, 3);
		skip_auth_blocks(c);
		break;
	}
}

static void dissect_srvloc(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_SRVLOC, c->off);
	uint8_t version = cursor_u8(c), function = cursor_u8(c);
	cursor_skip(c, 10);
	if (version >= 2) {
		cursor_skip_counted16(c, 1); /* the language tag */
		srvloc_v2_body(c, function);
	}
	pkt_note_cursor(p, idx, c);
	cursor_skip(c, cursor_left(c));
}

static void srvloc_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			  uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!d || n < 12)
		return;
	bool v2 = d[0] >= 2;
	if (fv_same(f->abbrev, "srvloc.pktlen"))
		fv_give_uint(fn, data, v2 ? (uint32_t)d[2] << 16 | fv_get16(d + 3, true) : fv_get16(d + 2, true));
	else if (v2 && fv_same(f->abbrev, "srvloc.xid"))
		fv_give_uint(fn, data, fv_get16(d + 10, true));
	else if (v2 && n >= 14 && fv_same(f->abbrev, "srvloc.langtaglen"))
		fv_give_uint(fn, data, fv_get16(d + 12, true));
	else if (v2 && n >= 14 && fv_get16(d + 12, true) <= n - 14 && fv_same(f->abbrev, "srvloc.langtag"))
		fv_give_ptr(fn, data, FV_STRING, d + 14, fv_get16(d + 12, true));
}

static void srvloc_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *d = col_begin(c, p, idx, &n);
	if (!d || n < 2)
		return;
	const char *name = value_name(srvloc_functions, d[1]);
	if (name)
		col_append(c, "%s", name);
	else
		col_append(c, "Unknown Function (%u)", d[1]);
	if (n >= 12)
		col_append(c, d[0] < 2 ? ", V1 Transaction ID - %u" : ", V2 XID - %u", fv_get16(d + 10, true));
}

/* Wireshark's registration: UDP port 427. */
static const struct handoff srvloc_handoff[] = {
	UDP_PORT(427, dissect_srvloc),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(SRVLOC, "srvloc", "Service Location Protocol");
const struct protocol proto_srvloc = {PROTO_SRVLOC, .short_name = "SRVLOC", .fields = &srvloc_table,
				      .columns = srvloc_columns, .values = srvloc_values, .handoff = srvloc_handoff};
