/* rep.c — Realtek Echo Protocol (after Realtek's 0x02). */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def rep_fields[] = {
	{"rep.protocol", "Protocol", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(rep);

/* A request goes to the broadcast address, a reply comes back. */
static void rep_columns(struct columns *c, const struct packet *p, int idx)
{
	col_short_name(c, p, idx);
	col_set(c, "%s", strcmp(c->dst, "ff:ff:ff:ff:ff:ff") == 0 ? "Echo Request" : "Echo Reply");
}

PROTOCOL_ID(REP, "rep", "Realtek Echo Protocol");
const struct protocol proto_rep = {PROTO_REP, .short_name = "REP", .columns = rep_columns, .fields = &rep_table};
