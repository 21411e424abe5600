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

const struct protocol proto_isis = {PROTO_ISIS, .fields = &isis_table};
