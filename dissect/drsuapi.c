/* drsuapi.c — the directory replication service's calls ([MS-DRSR]),
 * DCE/RPC interface e3514235-4b06-11d1-ab04-00c04fc2dcd2: the packet list
 * names each call's operation. */
#include "dissect/dcerpc.h"
#include "dissect/protocol.h"

static const struct dcerpc_op drsuapi_ops[] = {
	{0, "DsBind"}, {1, "DsUnbind"}, {2, "DsReplicaSync"}, {3, "DsGetNCChanges"},
	{4, "DsReplicaUpdateRefs"}, {5, "DsReplicaAdd"}, {6, "DsReplicaDel"}, {7, "DsReplicaMod"},
	{8, "DsVerifyNames"}, {9, "DsGetMemberships"}, {10, "DsInterDomainMove"}, {11, "DsGetNT4ChangeLog"},
	{12, "DsCrackNames"}, {13, "DsWriteAccountSpn"}, {14, "DsRemoveDSServer"}, {15, "DsRemoveDSDomain"},
	{16, "DsGetDomainControllerInfo"}, {17, "DsAddEntry"}, {18, "DsExecuteKCC"}, {19, "DsReplicaGetInfo"},
};

static void drsuapi_columns(struct columns *c, const struct packet *p, int idx)
{
	dcerpc_iface_columns(c, p, idx, "DRSUAPI", drsuapi_ops, sizeof drsuapi_ops / sizeof drsuapi_ops[0]);
}

PROTOCOL_ID(DRSUAPI, "drsuapi", "DRSUAPI");
const struct protocol proto_drsuapi = {PROTO_DRSUAPI, .short_name = "DRSUAPI", .columns = drsuapi_columns};
