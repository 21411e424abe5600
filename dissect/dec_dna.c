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

static const struct handoff dec_dna_handoff[] = {
	ETHERTYPE(0x6003, dissect_dec_dna),
	HANDOFF_LIST_END,
};
const struct protocol proto_dec_dna = {PROTO_DEC_DNA, .short_name = "DEC_DNA", .handoff = dec_dna_handoff};
