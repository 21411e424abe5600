/* dcerpc.c — DCE/RPC connection-oriented PDUs (DCE 1.1 RPC chapter 12,
 * [MS-RPCE]): on TCP (the endpoint mapper's port 135 and, by a heuristic,
 * the dynamic ports it hands out) and inside SMB named pipes.
 *
 * Common header (16 bytes):
 *   0 version (5)  1 minor version (0 or 1)  2 packet type  3 flags
 *   4 data representation (4; bit 0x10 of the first byte: little-endian)
 *   8 fragment length(2)  10 auth length(2)  12 call id(4)
 * The fragment length covers the whole PDU.  A request adds alloc hint(4),
 * context id(2), opnum(2); a response alloc hint(4), context id(2), cancel
 * count(1).  A bind or alter-context lists presentation contexts, each with
 * its abstract syntax: the interface UUID and version.
 *
 * Which interface a request or response belongs to is set by an earlier bind
 * on the same connection (context id -> interface), so naming it needs state
 * kept across packets; a bind names its interfaces itself (see
 * dcerpc_bind_iface and dcerpc_iface_name).
 */
#include <string.h>

#include "dissect/dcerpc.h"
#include "dissect/dissect.h"
#include "dissect/fieldval_give.h"
#include "dissect/session.h"
#include "dissect/field.h"
#include "dissect/protocol.h"

#define DCERPC_HDR_LEN 16

enum {
	PDU_REQ = 0, PDU_RESP = 2, PDU_FAULT = 3, PDU_BIND = 11, PDU_BIND_ACK = 12,
	PDU_ALTER = 14, PDU_ALTER_ACK = 15, PDU_RTS = 20,
};

static const struct value_string dcerpc_ptype_vals[] = {
	{0, "Request"}, {1, "Ping"}, {2, "Response"}, {3, "Fault"}, {4, "Working"},
	{5, "Nocall"}, {6, "Reject"}, {7, "Ack"}, {8, "Cl_cancel"}, {9, "Fack"},
	{10, "Cancel_ack"}, {11, "Bind"}, {12, "Bind_ack"}, {13, "Bind_nak"},
	{14, "Alter_context"}, {15, "Alter_context_resp"}, {16, "AUTH3"},
	{17, "Shutdown"}, {18, "Co_cancel"}, {19, "Orphaned"}, {20, "RPC-over-HTTP RTS"},
	{0, NULL},
};

static const struct field_def dcerpc_fields[] = {
	{"dcerpc.ver", "Version", FT_UINT8, BASE_DEC, 0, 1, 0, NULL},
	{"dcerpc.ver_minor", "Version (minor)", FT_UINT8, BASE_DEC, 1, 1, 0, NULL},
	{"dcerpc.pkt_type", "Packet type", FT_UINT8, BASE_DEC, 2, 1, 0, dcerpc_ptype_vals},
	{"dcerpc.cn_flags", "Packet Flags", FT_UINT8, BASE_HEX, 3, 1, 0, NULL},
	{"dcerpc.cn_flags.first_frag", "First Frag", FT_BOOLEAN, BASE_NONE, 3, 1, 0x01, NULL},
	{"dcerpc.cn_flags.last_frag", "Last Frag", FT_BOOLEAN, BASE_NONE, 3, 1, 0x02, NULL},
	{"dcerpc.drep", "Data Representation", FT_BYTES, BASE_NONE, 4, 4, 0, NULL},
	{"dcerpc.cn_frag_len", "Frag Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dcerpc.cn_auth_len", "Auth Length", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dcerpc.cn_call_id", "Call ID", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"dcerpc.cn_alloc_hint", "Alloc hint", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"dcerpc.cn_ctx_id", "Context ID", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dcerpc.opnum", "Opnum", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"dcerpc.cn_num_ctx_items", "Num Ctx Items", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"dcerpc.cn_bind_to_uuid", "Interface UUID", FT_GUID, BASE_NONE, FIELD_VAR, 16, 0, NULL},
	{"dcerpc.cn_bind_if_ver", "Interface Ver", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
};
FIELD_TABLE_DEFINE(dcerpc);

/* The interfaces below with no dissector here: their calls are a layer
 * named after the interface all the same. */
PROTOCOL_ID(SAMR, "samr", "SAMR (pidl)");
PROTOCOL_ID(RPC_NETLOGON, "rpc_netlogon", "Microsoft Network Logon");
PROTOCOL_ID(DSSETUP, "dssetup", "Active Directory Setup");
PROTOCOL_ID(WINREG, "winreg", "Remote Registry Service");
PROTOCOL_ID(SVCCTL, "svcctl", "Microsoft Service Control");
PROTOCOL_ID(SPOOLSS, "spoolss", "Microsoft Spool Subsystem");
PROTOCOL_ID(MGMT, "mgmt", "DCE/RPC Remote Management");
PROTOCOL_ID(EVENTLOG, "eventlog", "Event Logger");
PROTOCOL_ID(ATSVC, "atsvc", "Microsoft AT-Scheduler Service");
PROTOCOL_ID(INITSHUTDOWN, "initshutdown", "Init shutdown service");
PROTOCOL_ID(DNSSERVER, "dnsserver", "DNS Server");
PROTOCOL_ID(EFS, "efs", "EFS (pidl)");
PROTOCOL_ID(FRSRPC, "frsrpc", "File Replication Service");
PROTOCOL_ID(FRSTRANS, "frstrans", "File Replication Service DFS-R");
PROTOCOL_ID(FSRVP, "fsrvp", "File Server Remote VSS Protocol");
PROTOCOL_ID(NETDFS, "netdfs", "Settings for Microsoft Distributed File System");
PROTOCOL_ID(IREMOTEWINSPOOL, "iremotewinspool", "IRemoteWinspool SubSystem");
PROTOCOL_ID(WITNESS, "witness", "SMB Witness Service");
PROTOCOL_ID(RPC_BROWSER, "rpc_browser", "RPC Browser");
PROTOCOL_ID(CLUSAPI, "clusapi", "Failover Cluster Management API (clusapi)");
PROTOCOL_ID(OXID, "oxid", "DCOM OXID Resolver");
PROTOCOL_ID(TAPI, "tapi", "Microsoft Telephony API Service");
PROTOCOL_ID(MAPI, "mapi", "Exchange 5.5 EMSMDB");
PROTOCOL_ID(NSPI, "nspi", "Exchange 5.5 Name Service Provider");
PROTOCOL_ID(RFR, "rfr", "Exchange 2003 Directory Request For Response");
PROTOCOL_ID(WZCSVC, "wzcsvc", "Wireless Configuration Service");

/* Interfaces by UUID (canonical byte order), with the filter names of the
 * protocols that carry their calls. */
static const struct {
	uint8_t uuid[16];
	const char *name;
} dcerpc_ifaces[] = {
	{{0xe1, 0xaf, 0x83, 0x08, 0x5d, 0x1f, 0x11, 0xc9, 0x91, 0xa4, 0x08, 0x00, 0x2b, 0x14, 0xa0, 0xfa}, "epm"},
	{{0xe3, 0x51, 0x42, 0x35, 0x4b, 0x06, 0x11, 0xd1, 0xab, 0x04, 0x00, 0xc0, 0x4f, 0xc2, 0xdc, 0xd2}, "drsuapi"},
	{{0x12, 0x34, 0x57, 0x78, 0x12, 0x34, 0xab, 0xcd, 0xef, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab}, "lsarpc"},
	{{0x12, 0x34, 0x57, 0x78, 0x12, 0x34, 0xab, 0xcd, 0xef, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89, 0xac}, "samr"},
	{{0x4b, 0x32, 0x4f, 0xc8, 0x16, 0x70, 0x01, 0xd3, 0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88}, "srvsvc"},
	{{0x6b, 0xff, 0xd0, 0x98, 0xa1, 0x12, 0x36, 0x10, 0x98, 0x33, 0x46, 0xc3, 0xf8, 0x7e, 0x34, 0x5a}, "wkssvc"},
	{{0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0xab, 0xcd, 0xef, 0x00, 0x01, 0x23, 0x45, 0x67, 0xcf, 0xfb}, "rpc_netlogon"},
	{{0x39, 0x19, 0x28, 0x6a, 0xb1, 0x0c, 0x11, 0xd0, 0x9b, 0xa8, 0x00, 0xc0, 0x4f, 0xd9, 0x2e, 0xf5}, "dssetup"},
	{{0x33, 0x8c, 0xd0, 0x01, 0x22, 0x44, 0x31, 0xf1, 0xaa, 0xaa, 0x90, 0x00, 0x38, 0x00, 0x10, 0x03}, "winreg"},
	{{0x36, 0x7a, 0xbb, 0x81, 0x98, 0x44, 0x35, 0xf1, 0xad, 0x32, 0x98, 0xf0, 0x38, 0x00, 0x10, 0x03}, "svcctl"},
	{{0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0xab, 0xcd, 0xef, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab}, "spoolss"},
	{{0xaf, 0xa8, 0xbd, 0x80, 0x7d, 0x8a, 0x11, 0xc9, 0xbe, 0xf4, 0x08, 0x00, 0x2b, 0x10, 0x29, 0x89}, "mgmt"},
	{{0x82, 0x27, 0x3f, 0xdc, 0xe3, 0x2a, 0x18, 0xc3, 0x3f, 0x78, 0x82, 0x79, 0x29, 0xdc, 0x23, 0xea}, "eventlog"},
	{{0x1f, 0xf7, 0x06, 0x82, 0x0a, 0x51, 0x30, 0xe8, 0x07, 0x6d, 0x74, 0x0b, 0xe8, 0xce, 0xe9, 0x8b}, "atsvc"},
	{{0x89, 0x4d, 0xe0, 0xc0, 0x0d, 0x55, 0x11, 0xd3, 0xa3, 0x22, 0x00, 0xc0, 0x4f, 0xa3, 0x21, 0xa1}, "initshutdown"},
	{{0x50, 0xab, 0xc2, 0xa4, 0x57, 0x4d, 0x40, 0xb3, 0x9d, 0x66, 0xee, 0x4f, 0xd5, 0xfb, 0xa0, 0x76}, "dnsserver"},
	{{0xc6, 0x81, 0xd4, 0x88, 0xd8, 0x50, 0x11, 0xd0, 0x8c, 0x52, 0x00, 0xc0, 0x4f, 0xd9, 0x0f, 0x7e}, "efs"},
	{{0xf5, 0xcc, 0x59, 0xb4, 0x42, 0x64, 0x10, 0x1a, 0x8c, 0x59, 0x08, 0x00, 0x2b, 0x2f, 0x84, 0x26}, "frsrpc"},
	{{0x89, 0x7e, 0x2e, 0x5f, 0x93, 0xf3, 0x43, 0x76, 0x9c, 0x9c, 0xfd, 0x22, 0x77, 0x49, 0x5c, 0x27}, "frstrans"},
	{{0xa8, 0xe0, 0x65, 0x3c, 0x27, 0x44, 0x43, 0x89, 0xa6, 0x1d, 0x73, 0x73, 0xdf, 0x8b, 0x22, 0x92}, "fsrvp"},
	{{0x4f, 0xc7, 0x42, 0xe0, 0x4a, 0x10, 0x11, 0xcf, 0x82, 0x73, 0x00, 0xaa, 0x00, 0x4a, 0xe6, 0x73}, "netdfs"},
	{{0x76, 0xf0, 0x3f, 0x96, 0xcd, 0xfd, 0x44, 0xfc, 0xa2, 0x2c, 0x64, 0x95, 0x0a, 0x00, 0x12, 0x09}, "iremotewinspool"},
	{{0xcc, 0xd8, 0xc0, 0x74, 0xd0, 0xe5, 0x4a, 0x40, 0x92, 0xb4, 0xd0, 0x74, 0xfa, 0xa6, 0xba, 0x28}, "witness"},
	{{0x6b, 0xff, 0xd0, 0x98, 0xa1, 0x12, 0x36, 0x10, 0x98, 0x33, 0x01, 0x28, 0x92, 0x02, 0x01, 0x62}, "rpc_browser"},
	{{0xb9, 0x7d, 0xb8, 0xb2, 0x4c, 0x63, 0x11, 0xcf, 0xbf, 0xf6, 0x08, 0x00, 0x2b, 0xe2, 0x3f, 0x2f}, "clusapi"},
	{{0x99, 0xfc, 0xfe, 0xc4, 0x52, 0x60, 0x10, 0x1b, 0xbb, 0xcb, 0x00, 0xaa, 0x00, 0x21, 0x34, 0x7a}, "oxid"},
	{{0x2f, 0x5f, 0x65, 0x20, 0xca, 0x46, 0x10, 0x67, 0xb3, 0x19, 0x00, 0xdd, 0x01, 0x06, 0x62, 0xda}, "tapi"},
	{{0xa4, 0xf1, 0xdb, 0x00, 0xca, 0x47, 0x10, 0x67, 0xb3, 0x1f, 0x00, 0xdd, 0x01, 0x06, 0x62, 0xda}, "mapi"},
	{{0xf5, 0xcc, 0x5a, 0x18, 0x42, 0x64, 0x10, 0x1a, 0x8c, 0x59, 0x08, 0x00, 0x2b, 0x2f, 0x84, 0x26}, "nspi"},
	{{0x15, 0x44, 0xf5, 0xe0, 0x61, 0x3c, 0x11, 0xd1, 0x93, 0xdf, 0x00, 0xc0, 0x4f, 0xd7, 0xbd, 0x09}, "rfr"},
	{{0x62, 0x1d, 0xff, 0x68, 0x3c, 0x39, 0x4c, 0x6c, 0xaa, 0xe3, 0xe6, 0x8e, 0x2c, 0x65, 0x03, 0xad}, "wzcsvc"},
};

const char *dcerpc_iface_name(const uint8_t uuid[16])
{
	for (size_t i = 0; i < sizeof dcerpc_ifaces / sizeof dcerpc_ifaces[0]; i++)
		if (memcmp(dcerpc_ifaces[i].uuid, uuid, 16) == 0)
			return dcerpc_ifaces[i].name;
	return NULL;
}

static bool drep_le(const uint8_t *d)
{
	return d[4] & 0x10;
}

static uint16_t get16(const uint8_t *d, bool le)
{
	return le ? (uint16_t)(d[0] | d[1] << 8) : (uint16_t)(d[0] << 8 | d[1]);
}

static uint32_t get32(const uint8_t *d, bool le)
{
	return le ? (uint32_t)get16(d, true) | (uint32_t)get16(d + 2, true) << 16
		  : (uint32_t)get16(d, false) << 16 | get16(d + 2, false);
}

/* True when the AVAIL bytes at D start a connection-oriented PDU header. */
static bool dcerpc_cn_header(const uint8_t *d, uint32_t avail)
{
	return avail >= DCERPC_HDR_LEN && d[0] == 5 && (d[1] == 0 || d[1] == 1) && d[2] <= PDU_RTS;
}

uint32_t dcerpc_pdu_len(const uint8_t *data, uint32_t avail)
{
	if ((avail > 0 && data[0] != 5) || (avail > 1 && data[1] > 1) || (avail > 2 && data[2] > PDU_RTS))
		return 0;
	if (avail < DCERPC_HDR_LEN)
		return PDU_NEED_MORE;
	uint16_t len = get16(data + 8, drep_le(data));
	return len < DCERPC_HDR_LEN ? 0 : len;
}

bool dcerpc_header_info(const struct packet *p, const struct layer *l, struct dcerpc_info *out)
{
	if (l->proto != PROTO_DCERPC || (uint64_t)l->off + DCERPC_HDR_LEN > p->frame->caplen)
		return false;
	const uint8_t *d = p->frame->data + l->off;
	uint32_t have = p->frame->caplen - l->off;
	bool le = drep_le(d);
	memset(out, 0, sizeof *out);
	out->ptype = d[2];
	out->flags = d[3];
	out->frag_len = get16(d + 8, le);
	out->auth_len = get16(d + 10, le);
	out->call_id = get32(d + 12, le);
	if ((out->ptype == PDU_REQ || out->ptype == PDU_RESP) && have >= 20) {
		out->has_alloc_hint = true;
		out->alloc_hint = get32(d + 16, le);
	}
	if ((out->ptype == PDU_BIND || out->ptype == PDU_ALTER) && have >= 25) {
		out->has_num_ctx = true;
		out->num_ctx = d[24];
	}
	if ((out->ptype == PDU_REQ || out->ptype == PDU_RESP) && have >= 24) {
		out->has_ctx = true;
		out->ctx_id = get16(d + 20, le);
		if (out->ptype == PDU_REQ) {
			out->has_opnum = true;
			out->opnum = get16(d + 22, le);
		}
	}
	return true;
}

bool dcerpc_bind_iface(const struct packet *p, const struct layer *l, unsigned n, uint16_t *ctx_id,
		       uint8_t uuid[16], uint16_t *version)
{
	if (l->proto != PROTO_DCERPC || (uint64_t)l->off + 28 > p->frame->caplen)
		return false;
	const uint8_t *d = p->frame->data + l->off;
	if (d[2] != PDU_BIND && d[2] != PDU_ALTER)
		return false;
	bool le = drep_le(d);
	uint32_t end = get16(d + 8, le), have = p->frame->caplen - l->off;
	if (end > have)
		end = have;
	uint32_t at = 28;
	for (unsigned i = 0; i < d[24]; i++) {
		if (at + 24 > end)
			return false;
		unsigned ntrans = d[at + 2];
		if (i == n) {
			const uint8_t *u = d + at + 4;
			*ctx_id = get16(d + at, le);
			/* The first three UUID fields follow the data representation. */
			uint32_t t = get32(u, le);
			uint16_t a = get16(u + 4, le), b = get16(u + 6, le);
			uint8_t canon[16] = {t >> 24, t >> 16, t >> 8, t, a >> 8, a, b >> 8, b};
			memcpy(canon + 8, u + 8, 8);
			memcpy(uuid, canon, 16);
			*version = get16(u + 16, le);
			return true;
		}
		at += 24 + 20 * ntrans;
	}
	return false;
}

/* The interface layer of layer IDX, a PDU in this frame: a BIND or
 * ALTER_CONTEXT records which interface each presentation context names; a
 * whole (unfragmented) request or response then shows that interface, as
 * Wireshark names the protocol carrying the call. */
static void dcerpc_interface(struct packet *p, int idx)
{
	const struct layer *l = &p->layers[idx];
	if ((uint64_t)l->off + 24 > p->frame->caplen)
		return;
	const uint8_t *d = p->frame->data + l->off;
	if (d[2] == PDU_BIND || d[2] == PDU_ALTER) {
		uint16_t ctx, version;
		uint8_t uuid[16];
		for (unsigned n = 0; dcerpc_bind_iface(p, l, n, &ctx, uuid, &version); n++) {
			const char *name = dcerpc_iface_name(uuid);
			const struct proto_def *def = name ? proto_lookup(name) : NULL;
			session_dcerpc_bind(p->session, p, ctx, def ? (uint16_t)def->id : 0);
		}
		return;
	}
	if (d[2] != PDU_REQ && d[2] != PDU_RESP)
		return;
	bool le = drep_le(d);
	uint32_t call_id = get32(d + 12, le);
	uint16_t iface;
	bool bound = session_dcerpc_iface(p->session, p, get16(d + 20, le), &iface);
	for (size_t i = 0; !bound && i < sizeof p->dcerpc_unbound; i++)
		if (!p->dcerpc_unbound[i] || p->dcerpc_unbound[i] == idx + 1) {
			p->dcerpc_unbound[i] = (uint8_t)(idx + 1);
			break;
		}
	if (d[2] == PDU_REQ && bound)
		session_dcerpc_request(p->session, p, call_id, get16(d + 22, le));
	else if (d[2] == PDU_RESP && !p->dcerpc_answered)
		p->dcerpc_answered = session_dcerpc_response(p->session, p, call_id, &p->dcerpc_opnum);
	if (bound && iface && (d[3] & 0x03) == 0x03)
		pkt_push_layer(p, (enum proto_id)iface, l->off + DCERPC_HDR_LEN);
}

/* One PDU at C's position, whose header is known to be there: its layer,
 * its window limited to the fragment length. */
static void dcerpc_one(struct packet *p, struct cursor *c)
{
	int idx = pkt_push_layer(p, PROTO_DCERPC, c->off);
	if (idx < 0)
		return;
	const uint8_t *d = c->data + c->off;
	uint16_t frag_len = get16(d + 8, drep_le(d));
	if (frag_len < DCERPC_HDR_LEN) {
		pkt_mark(p, idx, PKT_MALFORMED);
		c->off = c->rend;
		return;
	}
	/* A PDU longer than what is here goes on in later segments or pipe
	 * messages: the window declares all of it. */
	struct cursor w = *c;
	uint64_t want = (uint64_t)c->off + frag_len;
	w.rend = want > UINT32_MAX ? UINT32_MAX : (uint32_t)want;
	if (w.end > w.rend)
		w.end = w.rend;
	c->off = want > c->rend ? c->rend : (uint32_t)want;
	cursor_skip(&w, DCERPC_HDR_LEN);
	pdu_note_cursor(p, idx, &w);
	if (p->session && !(p->flags & PKT_IN_ERROR))
		dcerpc_interface(p, idx);
}

void dissect_dcerpc(struct packet *p, struct cursor *c)
{
	uint32_t have = cursor_left(c);
	if (have < DCERPC_HDR_LEN && pdu_cut_short(p, c) &&
	    dcerpc_pdu_len(c->data + c->off, have) == PDU_NEED_MORE) {
		/* The capture cut a header that starts like one. */
		int idx = pkt_push_layer(p, PROTO_DCERPC, c->off);
		pkt_mark(p, idx, PKT_TRUNCATED);
		return;
	}
	if (!dcerpc_cn_header(c->data + c->off, have))
		return;
	dcerpc_one(p, c);
}

bool dissect_dcerpc_pipe(struct packet *p, struct cursor *c)
{
	if (!dcerpc_cn_header(c->data + c->off, cursor_left(c)))
		return false;
	bool whole = cursor_left(c) == cursor_rleft(c);
	for (unsigned n = 0; n < 64; n++) {
		if (!dcerpc_cn_header(c->data + c->off, cursor_left(c)))
			break;
		const uint8_t *d = c->data + c->off;
		/* A PDU longer than a complete pipe message continues in the
		 * next message: nothing of it can be shown here. */
		if (whole && get16(d + 8, drep_le(d)) > cursor_rleft(c))
			break;
		dcerpc_one(p, c);
	}
	return true;
}

/* ---- the packet list ----------------------------------------------------- */

/* The GUID at D (its first three fields in the byte order LE says) as
 * Wireshark names it: an interface or transfer syntax it knows, or its
 * text. */
void dcerpc_col_guid(struct columns *c, const uint8_t *d, bool le)
{
	uint32_t t = get32(d, le);
	uint16_t a = get16(d + 4, le), b = get16(d + 6, le);
	uint8_t canon[16] = {t >> 24, t >> 16, t >> 8, t, a >> 8, a, b >> 8, b};
	memcpy(canon + 8, d + 8, 8);
	static const uint8_t ndr[16] = {0x8a, 0x88, 0x5d, 0x04, 0x1c, 0xeb, 0x11, 0xc9,
					0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60};
	static const uint8_t ndr64[16] = {0x71, 0x71, 0x05, 0x33, 0xbe, 0xba, 0x49, 0x37,
					  0x83, 0x19, 0xb5, 0xdb, 0xef, 0x9c, 0xcc, 0x36};
	const char *name = dcerpc_iface_name(canon);
	if (memcmp(canon, ndr, 16) == 0) {
		col_append(c, "32bit NDR");
	} else if (memcmp(canon, ndr64, 16) == 0) {
		col_append(c, "64bit NDR");
	} else if (name && strcmp(name, "epm") == 0) {
		col_append(c, "EPMv4");
	} else if (name) {
		g_autofree char *up = g_ascii_strup(name, -1);
		col_append(c, "%s", up);
	} else {
		col_append(c, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", t, a, b, canon[8], canon[9],
			   canon[10], canon[11], canon[12], canon[13], canon[14], canon[15]);
	}
}

/* A bind's or alter context's presentation contexts: each abstract syntax
 * with its version and transfer syntax. */
static void dcerpc_col_contexts(struct columns *c, const uint8_t *d, uint32_t n, bool le)
{
	if (n < 28)
		return;
	col_append(c, ", %u context items:", d[24]);
	uint32_t at = 28;
	for (unsigned i = 0; i < d[24]; i++) {
		unsigned ntrans = d[at + 2];
		if ((uint64_t)at + 24 + 20u * ntrans > n)
			return;
		for (unsigned j = 0; j < ntrans; j++) {
			col_append(c, i + j ? ", " : " ");
			dcerpc_col_guid(c, d + at + 4, le);
			col_append(c, " V%u.%u (", get16(d + at + 20, le), get16(d + at + 22, le));
			dcerpc_col_guid(c, d + at + 24 + 20 * j, le);
			col_append(c, ")");
		}
		at += 24 + 20 * ntrans;
	}
}

/* A bind's or alter context's answer: the sizes and each context's result. */
static void dcerpc_col_results(struct columns *c, const uint8_t *d, uint32_t n, bool le)
{
	static const char *const results[] = {"Acceptance", "User rejection", "Provider rejection", "Negotiate ACK"};
	if (n < 26)
		return;
	col_append(c, ", max_xmit: %u max_recv: %u", get16(d + 16, le), get16(d + 18, le));
	uint32_t at = (26 + get16(d + 24, le) + 3) & ~3u;
	if (at + 4 > n)
		return;
	unsigned count = d[at];
	col_append(c, ", %u results:", count);
	at += 4;
	for (unsigned i = 0; i < count && at + 24 <= n; i++, at += 24) {
		unsigned r = get16(d + at, le);
		col_append(c, "%s%s", i ? ", " : " ", r < 4 ? results[r] : "Unknown");
	}
}

/* The PDU's type, call id and fragment, then what its type carries. */
static void dcerpc_columns(struct columns *c, const struct packet *p, int idx)
{
	static const char *const frags[] = {"Mid", "1st", "Last", "Single"};
	uint32_t n = 0;
	const uint8_t *d = col_layer_bytes(p, idx, &n);
	col_proto(c, "DCERPC");
	if (n < DCERPC_HDR_LEN) {
		col_clear(c);
		return;
	}
	bool le = drep_le(d);
	uint32_t frag = get16(d + 8, le);
	if (frag < n)
		n = frag;
	const char *type = value_name(dcerpc_ptype_vals, d[2]);
	col_set(c, "%s: call_id: %u, Fragment: %s", type ? type : "Unknown", get32(d + 12, le), frags[d[3] & 3]);
	switch (d[2]) {
	case PDU_BIND:
	case PDU_ALTER: dcerpc_col_contexts(c, d, n, le); break;
	case PDU_BIND_ACK:
	case PDU_ALTER_ACK: dcerpc_col_results(c, d, n, le); break;
	case PDU_REQ:
		if (n >= 24)
			col_append(c, ", opnum: %u, Ctx: %u", get16(d + 22, le), get16(d + 20, le));
		break;
	case PDU_RESP:
		if (n >= 22)
			col_append(c, ", Ctx: %u", get16(d + 20, le));
		break;
	default: break;
	}
}

const uint8_t *dcerpc_op_columns(struct columns *c, const struct packet *p, int idx, const char *proto,
				 const struct dcerpc_op *ops, size_t n, uint32_t *stub_n, bool *request)
{
	col_proto(c, proto);
	col_clear(c);
	uint32_t have = 0;
	const uint8_t *d = idx > 0 && p->layers[idx - 1].proto == PROTO_DCERPC ? col_layer_bytes(p, idx - 1, &have) : NULL;
	if (!d || have < 24 || (d[2] != PDU_REQ && d[2] != PDU_RESP))
		return NULL;
	bool le = drep_le(d);
	*request = d[2] == PDU_REQ;
	if (!*request && !p->dcerpc_answered)
		return NULL;
	uint16_t opnum = *request ? get16(d + 22, le) : p->dcerpc_opnum;
	const char *name = NULL;
	for (size_t i = 0; i < n && !name; i++)
		if (ops[i].opnum == opnum)
			name = ops[i].name;
	const char *kind = *request ? "request" : "response";
	if (name)
		col_append(c, "%s %s", name, kind);
	else
		col_append(c, "Unknown operation %u %s", opnum, kind);
	uint32_t frag = get16(d + 8, le), stub = *request && (d[3] & 0x80) ? 40 : 24; /* an object UUID first */
	if (frag < have)
		have = frag;
	*stub_n = have > stub ? have - stub : 0;
	return d + stub;
}

void dcerpc_iface_columns(struct columns *c, const struct packet *p, int idx, const char *proto,
			  const struct dcerpc_op *ops, size_t n)
{
	uint32_t stub_n;
	bool request;
	dcerpc_op_columns(c, p, idx, proto, ops, n, &stub_n, &request);
}

static void dcerpc_field_values(const struct packet *p, const struct layer *l, G_GNUC_UNUSED const uint8_t *d,
				G_GNUC_UNUSED uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (l->flags & PKT_REASSEMBLED)
		return;
	struct dcerpc_info i;
	if (!dcerpc_header_info(p, l, &i))
		return;
	if (fv_same(f->abbrev, "dcerpc.cn_ctx_id") || fv_same(f->abbrev, "dcerpc.cn_bind_if_ver")) {
		/* a bind's context items, each its id and interface version */
		uint16_t ctx, ver;
		uint8_t uuid[16];
		for (unsigned k = 0; dcerpc_bind_iface(p, l, k, &ctx, uuid, &ver); k++)
			fv_give_uint(fn, data, f->abbrev[10] == 'c' ? ctx : ver);
	}
	if (fv_same(f->abbrev, "dcerpc.cn_bind_to_uuid")) {
		uint16_t ctx, ver;
		uint8_t uuid[16];
		for (unsigned k = 0; dcerpc_bind_iface(p, l, k, &ctx, uuid, &ver); k++)
			fv_give_ptr(fn, data, FV_BYTES, uuid, 16);
		return;
	}
	const struct fv_named_uint v[] = {{"dcerpc.cn_frag_len", i.frag_len, true},
					  {"dcerpc.cn_auth_len", i.auth_len, true},
					  {"dcerpc.cn_call_id", i.call_id, true},
					  {"dcerpc.cn_alloc_hint", i.alloc_hint, i.has_alloc_hint},
					  {"dcerpc.cn_num_ctx_items", i.num_ctx, i.has_num_ctx},
					  {"dcerpc.cn_ctx_id", i.ctx_id, i.has_ctx},
					  {"dcerpc.opnum", i.has_opnum ? i.opnum : p->dcerpc_opnum,
					   i.has_opnum || (i.ptype == 2 && p->dcerpc_answered)}};
	fv_give_named(fn, data, f->abbrev, v, sizeof v / sizeof v[0]);
}

static const struct handoff dcerpc_handoff[] = {
	TCP_PORT(135, dissect_dcerpc),
	TCP_HEUR(30, dissect_dcerpc),
	HANDOFF_LIST_END,
};
static const struct pdu_framing dcerpc_framing[] = {
	{dissect_dcerpc, dcerpc_pdu_len, NULL, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
/* A request or response on a context no BIND in the capture named: Wireshark's
 * note that the capture may have started too late. */
static void dcerpc_expert(struct experts *e, const struct packet *p, int idx)
{
	const struct layer *l = &p->layers[idx];
	for (size_t i = 0; i < sizeof p->dcerpc_unbound; i++)
		if (p->dcerpc_unbound[i] == idx + 1 && (uint64_t)l->off + 24 <= p->frame->caplen) {
			const uint8_t *d = p->frame->data + l->off;
			expert_add(e, EXPERT_NOTE, EXPERT_UNDECODED, "DCERPC",
				   "No bind info for interface Context ID %u - capture start too late?",
				   get16(d + 20, drep_le(d)));
		}
}

PROTOCOL_ID(DCERPC, "dcerpc", "Distributed Computing Environment / Remote Procedure Call (DCE/RPC)");
const struct protocol proto_dcerpc = {PROTO_DCERPC, .short_name = "DCERPC", .columns = dcerpc_columns, .expert = dcerpc_expert,
				      .values = dcerpc_field_values,
				      .fields = &dcerpc_table,
				      .handoff = dcerpc_handoff, .framing = dcerpc_framing};
