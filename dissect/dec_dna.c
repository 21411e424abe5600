/* dec_dna.c — DECnet Phase IV routing (ethertype 0x6003), shown as one
 * layer: its contents are its own fields.
 */
#include "dissect/dissect.h"
#include "dissect/protocol.h"

/* One layer, nothing after it. */
void dissect_dec_dna(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_DEC_DNA, c->off);
}

/* A routing control message's Info names it, after the 2-byte length
 * and any padding (a first byte with 0x80 set counts the pad bytes, itself
 * included): the
 * flags byte's low bit marks control, bits 1-3 the type. */
static void dec_dna_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const types[] = {
		NULL, "Routing control, verification message", "Routing control, hello/test message", NULL, NULL,
		"Routing control, Ethernet Router Hello  message", "Routing control, Endnode Hello message",
	};
	uint32_t n, at = 2;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "DEC DNA");
	col_clear(c);
	if (at < n && (d[at] & 0x80))
		at += d[at] & 0x7fu;
	if (at >= n || !(d[at] & 1))
		return;
	unsigned type = (d[at] >> 1) & 7u;
	if (type < G_N_ELEMENTS(types) && types[type])
		col_append(c, "%s", types[type]);
}

static const struct handoff dec_dna_handoff[] = {
	ETHERTYPE(0x6003, dissect_dec_dna),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(DEC_DNA, "dec_dna", "DEC DNA Routing Protocol");
const struct protocol proto_dec_dna = {PROTO_DEC_DNA, .short_name = "DEC_DNA", .columns = dec_dna_columns, .handoff = dec_dna_handoff};
