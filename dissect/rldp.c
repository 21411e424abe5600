/* rldp.c — Realtek Loop Detection Protocol (after Realtek's 0x03 or 0x23). */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def rldp_fields[] = {
	{"rldp.protocol", "Protocol", FT_UINT8, BASE_HEX, 0, 1, 0, NULL},
};
FIELD_TABLE_DEFINE(rldp);

static void rldp_columns(struct columns *c, const struct packet *p, int idx)
{
	col_short_name(c, p, idx);
	col_set(c, "Network Loop Detection");
}

PROTOCOL_ID(RLDP, "rldp", "Realtek Loop Detection Protocol");
const struct protocol proto_rldp = {PROTO_RLDP, .short_name = "RLDP", .columns = rldp_columns, .fields = &rldp_table};
