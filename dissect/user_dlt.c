/* user_dlt.c — the user link types (LINKTYPE_USER0..15, 147..162): no format
 * of their own; the bytes are data.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def user_dlt_fields[] = {
	{"user_dlt.not_handled", "Formatted text", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(user_dlt);

void dissect_user_dlt(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_USER_DLT, c->off) >= 0)
		dissect_data(p, c);
}

/* A user link type shows no summary. */
static void user_dlt_columns(struct columns *c, const struct packet *p, int idx)
{
	col_short_name(c, p, idx);
	col_clear(c);
}

static const struct handoff user_dlt_handoff[] = {
	LINKTYPES(147, 162, dissect_user_dlt), /* LINKTYPE_USER0 .. USER15 */
	HANDOFF_LIST_END,
};
PROTOCOL_ID(USER_DLT, "user_dlt", "DLT User");
const struct protocol proto_user_dlt = {PROTO_USER_DLT, .short_name = "DLT_USER", .columns = user_dlt_columns, .fields = &user_dlt_table,
                                        .handoff = user_dlt_handoff};
