/* wkssvc.c — the workstation service's calls ([MS-WKST]), DCE/RPC
 * interface 6bffd098-a112-3610-9833-46c3f87e345a over the \wkssvc pipe:
 * the packet list names each call's operation. */
#include "dissect/dcerpc.h"
#include "dissect/protocol.h"

static const struct dcerpc_op wkssvc_ops[] = {
	{0, "NetWkstaGetInfo"}, {1, "NetWkstaSetInfo"}, {2, "NetWkstaEnumUsers"},
	{5, "NetWkstaTransportEnum"}, {22, "NetrJoinDomain2"}, {23, "NetrUnjoinDomain2"},
};

static void wkssvc_columns(struct columns *c, const struct packet *p, int idx)
{
	dcerpc_iface_columns(c, p, idx, "WKSSVC", wkssvc_ops, sizeof wkssvc_ops / sizeof wkssvc_ops[0]);
}

PROTOCOL_ID(WKSSVC, "wkssvc", "Workstation Service");
const struct protocol proto_wkssvc = {PROTO_WKSSVC, .short_name = "WKSSVC", .columns = wkssvc_columns};
