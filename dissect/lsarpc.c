/* lsarpc.c — the local security authority's calls ([MS-LSAD], [MS-LSAT]),
 * DCE/RPC interface 12345778-1234-abcd-ef00-0123456789ab over the \lsarpc
 * pipe: the packet list names each call's operation. */
#include "dissect/dcerpc.h"
#include "dissect/protocol.h"

static const struct dcerpc_op lsarpc_ops[] = {
	{0, "lsa_Close"}, {6, "lsa_OpenPolicy"}, {7, "lsa_QueryInfoPolicy"}, {14, "lsa_LookupNames"},
	{15, "lsa_LookupSids"}, {44, "lsa_OpenPolicy2"}, {45, "lsa_GetUserName"},
	{46, "lsa_QueryInfoPolicy2"}, {57, "lsa_LookupSids2"}, {58, "lsa_LookupNames2"},
	{76, "lsa_LookupSids3"}, {77, "lsa_LookupNames4"},
};

static void lsarpc_columns(struct columns *c, const struct packet *p, int idx)
{
	dcerpc_iface_columns(c, p, idx, "LSARPC", lsarpc_ops, sizeof lsarpc_ops / sizeof lsarpc_ops[0]);
}

PROTOCOL_ID(LSARPC, "lsarpc", "Local Security Authority");
const struct protocol proto_lsarpc = {PROTO_LSARPC, .short_name = "LSARPC", .columns = lsarpc_columns};
