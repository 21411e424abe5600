/* epm.c — the DCE/RPC endpoint mapper (DCE 1.1 RPC appendix O, [MS-RPCE]),
 * interface e1af8308-5d1f-11c9-91a4-08002b14a0fa on TCP port 135: the
 * packet list names each call's operation, then the interfaces and
 * transfer syntaxes of the towers it carries.
 *
 * A tower is a floor count (2, little-endian), then floors, each a
 * left-hand side (length 2, then a protocol id and its data) and a
 * right-hand side (length 2, data); a floor of protocol 0x0d holds a UUID
 * (16, its first fields little-endian) and its major version (2).
 */
#include "dissect/dcerpc.h"
#include "dissect/protocol.h"

static const struct dcerpc_op epm_ops[] = {
	{0, "Insert"}, {1, "Delete"}, {2, "Lookup"}, {3, "Map"}, {4, "LookupHandleFree"},
	{5, "InqObject"}, {6, "MgmtDelete"},
};

static void epm_columns(struct columns *c, const struct packet *p, int idx)
{
	uint32_t n = 0;
	bool request;
	const uint8_t *d = dcerpc_op_columns(c, p, idx, "EPM", epm_ops, sizeof epm_ops / sizeof epm_ops[0], &n, &request);
	if (!d)
		return;
	/* Each UUID floor: its left-hand side is 19 bytes, protocol 0x0d. */
	for (uint32_t i = 0; i + 21 <= n; i++) {
		if (d[i] == 19 && d[i + 1] == 0 && d[i + 2] == 0x0d) {
			col_append(c, ", ");
			dcerpc_col_guid(c, d + i + 3, true);
			i += 20;
		}
	}
}

PROTOCOL_ID(EPM, "epm", "DCE/RPC Endpoint Mapper");
const struct protocol proto_epm = {PROTO_EPM, .short_name = "EPM", .columns = epm_columns};
