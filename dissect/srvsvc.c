/* srvsvc.c — the server service's calls ([MS-SRVS]), DCE/RPC interface
 * 4b324fc8-1670-01d3-1278-5a47bf6ee188 over the \srvsvc pipe: the packet
 * list names each call's operation. */
#include "dissect/dcerpc.h"
#include "dissect/protocol.h"

static const struct dcerpc_op srvsvc_ops[] = {
	{8, "NetConnEnum"}, {9, "NetFileEnum"}, {11, "NetFileClose"}, {12, "NetSessEnum"},
	{13, "NetSessDel"}, {14, "NetShareAdd"}, {15, "NetShareEnumAll"}, {16, "NetShareGetInfo"},
	{17, "NetShareSetInfo"}, {18, "NetShareDel"}, {20, "NetShareCheck"}, {21, "NetSrvGetInfo"},
	{22, "NetSrvSetInfo"}, {23, "NetDiskEnum"}, {27, "NetRemoteTOD"}, {36, "NetShareEnum"},
};

static void srvsvc_columns(struct columns *c, const struct packet *p, int idx)
{
	dcerpc_iface_columns(c, p, idx, "SRVSVC", srvsvc_ops, sizeof srvsvc_ops / sizeof srvsvc_ops[0]);
}

PROTOCOL_ID(SRVSVC, "srvsvc", "Server Service");
const struct protocol proto_srvsvc = {PROTO_SRVSVC, .short_name = "SRVSVC", .columns = srvsvc_columns};
