/* isis.c — IS-IS (ISO/IEC 10589) over Cisco HDLC's OSI: the PDU type
 * (byte 4, low 5 bits) names the message: 15-17 hello, 18/20 LSP, 24/25
 * CSNP, 26/27 PSNP, each shown as a layer of its own after IS-IS's.
 *
 *   +------+------------+---------+----------+------+-----
 *   | IRPD | header len | version | id len   | type | ...
 *   | 0x83 |    (1)     |   (1)   |   (1)    | (1)  |
 *   +------+------------+---------+----------+------+-----
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def isis_fields[] = {
	{"isis.irpd", "Intradomain Routing Protocol Discriminator", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
	{"isis.len", "PDU Header Length", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"isis.type", "PDU Type", FT_UINT8, BASE_DEC, 4, 1, 0x1f, NULL},
};
FIELD_TABLE_DEFINE(isis);

void dissect_isis(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_ISIS, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 4);
	uint8_t type = cursor_u8(c) & 0x1f;
	if (!cursor_ok(c)) {
		pkt_note_cursor(p, idx, c);
		return;
	}
	enum proto_id pdu = type >= 15 && type <= 17 ? PROTO_ISIS_HELLO :
			    type == 18 || type == 20 ? PROTO_ISIS_LSP :
			    type == 24 || type == 25 ? PROTO_ISIS_CSNP :
			    type == 26 || type == 27 ? PROTO_ISIS_PSNP : PROTO_DATA;
	if (pdu != PROTO_DATA)
		pkt_push_layer(p, pdu, c->off);
}

PROTOCOL_ID(ISIS, "isis", "ISO 10589 ISIS InTRA Domain Routeing Information Exchange Protocol");
const struct protocol proto_isis = {PROTO_ISIS, .short_name = "ISIS", .fields = &isis_table};

/* The system id of 6 bytes at D as "1111.2222.3333" in BUF. */
static const char *isis_system_id(char *buf, size_t n, const uint8_t *d)
{
	g_snprintf(buf, n, "%02x%02x.%02x%02x.%02x%02x", d[0], d[1], d[2], d[3], d[4], d[5]);
	return buf;
}

/* An LSP id (system id, pseudonode, fragment) as "1111.2222.3333.00-00". */
static const char *isis_lsp_id(char *buf, size_t n, const uint8_t *d)
{
	char sys[16];
	g_snprintf(buf, n, "%s.%02x-%02x", isis_system_id(sys, sizeof sys, d), d[6], d[7]);
	return buf;
}

/* A PDU's Info, read from IS-IS's header (8 bytes, 6-byte system ids)
 * and the PDU's fixed part after it: "P2P HELLO, System-ID: ..", "L1 LSP,
 * LSP-ID: .., Sequence: 0x.., Lifetime: 1200s", "L2 CSNP, Source-ID: ..,
 * Start LSP-ID: .., End LSP-ID: ..", "L1 PSNP, Source-ID: ..". */
static void isis_pdu_columns(struct columns *c, const struct packet *p, int idx)
{
	col_short_name(c, p, idx);
	col_clear(c);
	uint32_t n;
	const uint8_t *d = idx > 0 && p->layers[idx - 1].proto == PROTO_ISIS ? col_layer_bytes(p, idx - 1, &n) : NULL;
	if (!d || n < 8 || (d[3] != 0 && d[3] != 6))
		return;
	unsigned type = d[4] & 0x1f;
	const char *level = type == 15 || type == 18 || type == 24 || type == 26 ? "L1" : "L2";
	char a[32], b[32], e[32];
	if (type >= 15 && type <= 17 && n >= 15)
		col_append(c, "%s HELLO, System-ID: %s", type == 17 ? "P2P" : level, isis_system_id(a, sizeof a, d + 9));
	else if ((type == 18 || type == 20) && n >= 24)
		col_append(c, "%s LSP, LSP-ID: %s, Sequence: 0x%08x, Lifetime: %5us", level,
			   isis_lsp_id(a, sizeof a, d + 12), (unsigned)d[20] << 24 | (unsigned)d[21] << 16 |
			   (unsigned)d[22] << 8 | d[23], (unsigned)d[10] << 8 | d[11]);
	else if ((type == 24 || type == 25) && n >= 33)
		col_append(c, "%s CSNP, Source-ID: %s.%02x, Start LSP-ID: %s, End LSP-ID: %s", level,
			   isis_system_id(a, sizeof a, d + 10), d[16], isis_lsp_id(b, sizeof b, d + 17),
			   isis_lsp_id(e, sizeof e, d + 25));
	else if ((type == 26 || type == 27) && n >= 17)
		col_append(c, "%s PSNP, Source-ID: %s.%02x", level, isis_system_id(a, sizeof a, d + 10), d[16]);
}

PROTOCOL_ID(ISIS_HELLO, "isis.hello", "ISIS HELLO");
const struct protocol proto_isis_hello = {PROTO_ISIS_HELLO, .short_name = "ISIS HELLO", .columns = isis_pdu_columns};
PROTOCOL_ID(ISIS_LSP, "isis.lsp", "ISIS Link State Protocol Data Unit");
const struct protocol proto_isis_lsp = {PROTO_ISIS_LSP, .short_name = "ISIS LSP", .columns = isis_pdu_columns};
PROTOCOL_ID(ISIS_CSNP, "isis.csnp", "ISIS Complete Sequence Numbers Protocol Data Unit");
const struct protocol proto_isis_csnp = {PROTO_ISIS_CSNP, .short_name = "ISIS CSNP", .columns = isis_pdu_columns};
PROTOCOL_ID(ISIS_PSNP, "isis.psnp", "ISIS Partial Sequence Numbers Protocol Data Unit");
const struct protocol proto_isis_psnp = {PROTO_ISIS_PSNP, .short_name = "ISIS PSNP", .columns = isis_pdu_columns};
