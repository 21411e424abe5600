/* esp.c — ESP (RFC 4303), IP protocol 50: SPI(4) sequence(4), then the
 * encrypted payload, which cannot be read without keys.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def esp_fields[] = {
	{"esp.spi", "ESP SPI", FT_UINT32, BASE_HEX, 0, 4, 0, NULL},
	{"esp.sequence", "ESP Sequence", FT_UINT32, BASE_DEC, 4, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(esp);

void dissect_esp(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_ESP, c->off);
	if (idx < 0)
		return;
	cursor_skip(c, 8);
	pkt_note_cursor(p, idx, c);
}

/* Wireshark cannot read the payload without keys: ESP names its SPI. */
static void esp_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	col_proto(c, "ESP");
	if (n < 4) {
		col_clear(c);
		return;
	}
	col_set(c, "ESP (SPI=0x%08x)", (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]);
}

static const struct handoff esp_handoff[] = {
	IP_PROTO(50, dissect_esp),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(ESP, "esp", "Encapsulating Security Payload");
const struct protocol proto_esp = {PROTO_ESP, .short_name = "ESP", .columns = esp_columns, .fields = &esp_table,
                                   .handoff = esp_handoff};
