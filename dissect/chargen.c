/* chargen.c — Character Generator (RFC 864) on TCP and UDP port 19: the
 * server answers with lines of printable characters.
 *
 *   | "!\"#$%&'()*+,-./0123456789:;<=>?@ABC...\r\n" |
 */
#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static const struct field_def chargen_fields[] = {
	{"chargen.data", "Data", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(chargen);

static void dissect_chargen(struct packet *p, struct cursor *c)
{
	pkt_push_layer(p, PROTO_CHARGEN, c->off);
	cursor_skip(c, cursor_rleft(c));
}

static void chargen_values(G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED const struct layer *l, const uint8_t *d,
			   uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d && fv_same(f->abbrev, "chargen.data"))
		fv_give_ptr(fn, data, FV_STRING, d, n);
}

static void chargen_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n;
	col_begin(c, p, idx, &n);
	col_append(c, "Chargen");
}

/* Wireshark's registration: TCP and UDP port 19. */
static const struct handoff chargen_handoff[] = {
	TCP_PORT(19, dissect_chargen),
	UDP_PORT(19, dissect_chargen),
	HANDOFF_LIST_END,
};

PROTOCOL_ID(CHARGEN, "chargen", "Character Generator Protocol");
const struct protocol proto_chargen = {PROTO_CHARGEN, .short_name = "Chargen", .fields = &chargen_table,
				       .columns = chargen_columns, .values = chargen_values, .handoff = chargen_handoff};
