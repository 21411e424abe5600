/* dbls.c — Dropbox LAN sync discovery, UDP 17500: each client broadcasts one
 * JSON object naming its host, version, listening port and namespaces.
 *
 *   {"host_int": 123, "version": [2, 0], "displayname": "", "port": 17500, "namespaces": [...]}
 *
 * Every payload on port 17500 is taken as the discovery protocol; when it
 * opens as JSON (an object or an array), the JSON is its own layer.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

static const struct field_def db_lsp_disc_fields[] = {
	{"db-lsp-disc.text", "Text", FT_STRING, BASE_NONE, 0, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(db_lsp_disc);

void dissect_db_lsp_disc(struct packet *p, struct cursor *c)
{
	if (pkt_push_layer(p, PROTO_DB_LSP_DISC, c->off) < 0)
		return;
	uint32_t i = 0;
	int ch;
	while ((ch = cursor_peek(c, i)) == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
		i++;
	if (ch == '{' || ch == '[')
		pkt_push_layer(p, PROTO_JSON, c->off);
}

static const struct handoff db_lsp_disc_handoff[] = {
	UDP_PORT(17500, dissect_db_lsp_disc),
	HANDOFF_LIST_END,
};
PROTOCOL_ID(DB_LSP_DISC, "db-lsp-disc", "Dropbox LAN sync Discovery Protocol");
const struct protocol proto_db_lsp_disc = {PROTO_DB_LSP_DISC, .short_name = "DB-LSP-DISC", .fields = &db_lsp_disc_table,
                                           .handoff = db_lsp_disc_handoff};
