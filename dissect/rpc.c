/* rpc.c — ONC RPC (RFC 5531) over UDP and TCP, and the programs shown as
 * layers of their own: portmap (100000), NFS (100003), mount (100005) and,
 * through a portmap CALLIT, ypserv (100004).
 *
 *   call:  xid | 0 | rpcvers (2) | prog | vers | proc | cred | verf | args ...
 *   reply: xid | 1 | 0 (accepted) | verf | accept_stat | results ...
 *                  | 1 (denied)   | reject_stat | ...
 *   cred, verf: flavor(4) | length(4, at most 400) | body padded to 4 bytes
 *
 * Over TCP each fragment follows a record mark: last-fragment bit and a
 * 31-bit length.  A reply does not name its program: only the call with the
 * same xid does.  Without remembering calls, a reply is recognised only when
 * it comes from the port of a program (111 portmap, 2049 NFS); elsewhere
 * replies are left to other dissectors.  Calls are recognised on any port
 * when they name a known program.  A message with nothing after its header
 * (the NULL procedure, a void reply) names its program in the tree but
 * gives it no bytes: Wireshark counts it in the hierarchy and filters, not
 * in frame.protocols.
 */
#include <stdio.h>

#include "dissect/dissect.h"
#include "dissect/session.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"

static const struct value_string rpc_msg_types[] = {{0, "Call"}, {1, "Reply"}, {0, NULL}};
static const struct value_string rpc_programs[] = {
	{100000, "Portmap"}, {100001, "RSTAT"}, {100002, "RUSERS"}, {100003, "NFS"},
	{100004, "YPSERV"}, {100005, "MOUNT"}, {100007, "YPBIND"}, {100008, "WALL"},
	{100009, "YPPASSWD"}, {100011, "RQUOTA"}, {100012, "SPRAY"}, {100021, "NLM"},
	{100024, "STAT"}, {100026, "BOOTPARAMS"}, {100069, "YPXFR"}, {100083, "TTDBSERV"},
	{100227, "NFS_ACL"}, {150001, "PCNFSD"}, {390113, "NSRSTAT"}, {0, NULL},
};

static const struct field_def rpc_fields[] = {
	{"rpc.lastfrag", "Last Fragment", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 4, 0x80000000u, NULL},
	{"rpc.fraglen", "Fragment Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0x7fffffffu, NULL},
	{"rpc.xid", "XID", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"rpc.msgtyp", "Message Type", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, rpc_msg_types},
	{"rpc.version", "RPC Version", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rpc.program", "Program", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, rpc_programs},
	{"rpc.programversion", "Program Version", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rpc.procedure", "Procedure", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rpc.replystat", "Reply State", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rpc.state_accept", "Accept State", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(rpc);

static const struct field_def portmap_fields[] = {
	{"portmap.prog", "Program", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, rpc_programs},
	{"portmap.version", "Version", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"portmap.proto", "Protocol", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"portmap.port", "Port", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(portmap);

static const struct field_def nfs_fields[] = {
	{"nfs.procedure_v2", "V2 Procedure", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"nfs.procedure_v3", "V3 Procedure", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"nfs.procedure_v4", "V4 Procedure", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"nfs.status", "Status", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(nfs);

static const struct field_def mount_fields[] = {
	{"mount.procedure_v1", "V1 Procedure", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mount.procedure_v3", "V3 Procedure", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"mount.path", "Path", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(mount);

enum { PROG_PORTMAP = 100000, PROG_NFS = 100003, PROG_YPSERV = 100004, PROG_MOUNT = 100005 };
enum { PORT_PORTMAP = 111, PORT_NFS = 2049 };
#define AUTH_MAX 400u

/* The layer a program's arguments or results are shown as, or -1. */
static int prog_layer(uint32_t prog, uint32_t vers)
{
	switch (prog) {
	case PROG_PORTMAP:
		return vers >= 1 && vers <= 4 ? PROTO_PORTMAP : -1;
	case PROG_NFS:
		return vers >= 2 && vers <= 4 ? PROTO_NFS : -1;
	case PROG_MOUNT:
		return vers >= 1 && vers <= 3 ? PROTO_MOUNT : -1;
	case PROG_YPSERV:
		return vers >= 1 && vers <= 2 ? PROTO_YPSERV : -1;
	default:
		return -1;
	}
}

static bool prog_known(uint32_t prog)
{
	return value_name(rpc_programs, prog) != NULL;
}

static bool flavor_ok(uint32_t f)
{
	return f <= 7 || (f >= 390003 && f <= 390006);
}

/* An opaque_auth (cred or verf); false when it cannot be one. */
static bool rpc_auth(struct cursor *c)
{
	uint32_t flavor = cursor_be32(c), len = cursor_be32(c);
	if (!cursor_ok(c))
		return true;  /* cut short: the caller sees the cursor */
	if (!flavor_ok(flavor) || len > AUTH_MAX)
		return false;
	cursor_skip(c, (len + 3) & ~3u);
	return true;
}

/* What the header at C says; filled by rpc_header. */
struct rpc_hdr {
	struct rpc_info info;
	uint32_t accept_stat;
};

/* Reads and checks a message header at C.  False when the bytes are not
 * RPC; true (with C possibly failed) when they agree as far as they go. */
static bool rpc_header(struct cursor *c, struct rpc_hdr *h)
{
	memset(h, 0, sizeof *h);
	h->info.xid = cursor_be32(c);
	h->info.msg_type = cursor_be32(c);
	if (!cursor_ok(c))
		return true;
	if (h->info.msg_type == 0) {
		uint32_t rpcvers = cursor_be32(c);
		h->info.program = cursor_be32(c);
		h->info.version = cursor_be32(c);
		h->info.procedure = cursor_be32(c);
		if (!cursor_ok(c))
			return rpcvers == 2 || cursor_left(c) < 12;
		if (rpcvers != 2)
			return false;
		return rpc_auth(c) && rpc_auth(c);
	}
	if (h->info.msg_type != 1)
		return false;
	h->info.reply_state = cursor_be32(c);
	if (!cursor_ok(c))
		return true;
	if (h->info.reply_state == 0) {
		if (!rpc_auth(c))
			return false;
		h->accept_stat = cursor_be32(c);
		return !cursor_ok(c) || h->accept_stat <= 5;
	}
	if (h->info.reply_state != 1)
		return false;
	uint32_t reject = cursor_be32(c);
	return !cursor_ok(c) || reject <= 1;
}

/* A call's arguments or a reply's results at C, shown as the program. */
static void rpc_program(struct packet *p, struct cursor *c, uint32_t prog, uint32_t vers, uint32_t proc)
{
	int proto = prog_layer(prog, vers);
	if (proto < 0)
		return;
	int idx = pkt_push_layer(p, (enum proto_id)proto, c->off);
	if (proc == 0 || cursor_rleft(c) == 0) {
		/* no arguments or results (NULL, a void reply): the program is
		 * named in the tree, and counted, but no bytes are its */
		if (idx >= 0)
			p->layers[idx].flags |= PKT_TREE_ONLY;
		return;
	}
	if (prog == PROG_PORTMAP && proc == 5) {
		/* CALLIT / INDIRECT: prog, vers, proc, then the call's arguments. */
		struct cursor t = *c;
		uint32_t iprog = cursor_be32(&t), ivers = cursor_be32(&t), iproc = cursor_be32(&t);
		uint32_t alen = cursor_be32(&t);
		if (cursor_ok(&t) && iprog != PROG_PORTMAP && alen > 0)
			rpc_program(p, &t, iprog, ivers, iproc);
	}
}

/* One message in M.  SERVER_PORT names the program of a reply (0: none
 * known); HEUR demands a call to a known program. */
static void rpc_message(struct packet *p, struct cursor *m, uint32_t start, uint16_t server_port, bool heur,
			bool partial)
{
	struct cursor t = *m;
	struct rpc_hdr h;
	if (!rpc_header(&t, &h))
		return;
	bool cut = !cursor_ok(&t);
	/* with a session, a reply is known by the call it answers */
	bool tracked = p->session && !(p->flags & PKT_IN_ERROR);
	uint32_t prog = 0, vers = 2, proc = 1;
	bool answered = tracked && h.info.msg_type == 1 && session_rpc_reply(p->session, p, h.info.xid, &prog, &vers, &proc);
	if (heur && !answered && (cut || h.info.msg_type != 0 || !prog_known(h.info.program)))
		return;
	if (answered) {
		/* the call named the program: the reply's fields show it too */
		p->rpc_answered = true;
		p->rpc_prog = prog;
		p->rpc_vers = vers;
		p->rpc_proc = proc;
	} else if (h.info.msg_type == 0) {
		prog = h.info.program;
		vers = h.info.version;
		proc = h.info.procedure;
		if (tracked)
			session_rpc_call(p->session, p, h.info.xid, prog, vers, proc);
	} else if (server_port == PORT_PORTMAP) {
		prog = PROG_PORTMAP;
	} else if (server_port == PORT_NFS) {
		prog = PROG_NFS;
		vers = 3;
	} else {
		return;  /* a reply whose call is not known */
	}
	int idx = pkt_push_layer(p, PROTO_RPC, start);
	if (idx < 0)
		return;
	if (cursor_left(m) < cursor_rleft(m))
		pkt_mark(p, idx, PKT_TRUNCATED);
	if (cut) {
		if (!partial || t.err == CUR_TRUNCATED)
			pkt_note_cursor(p, idx, &t);
		return;
	}
	if (h.info.msg_type == 1 && (h.info.reply_state != 0 || h.accept_stat != 0))
		return;
	rpc_program(p, &t, prog, vers, proc);
}

static uint16_t reply_port(const struct packet *p)
{
	if (p->flags & PKT_IN_ERROR)
		return 0;
	return p->sport == PORT_PORTMAP || p->sport == PORT_NFS ? p->sport : 0;
}

static void rpc_udp(struct packet *p, struct cursor *c, bool heur)
{
	rpc_message(p, c, c->off, heur ? 0 : reply_port(p), heur, false);
}

static void rpc_tcp(struct packet *p, struct cursor *c, bool heur)
{
	struct cursor t = *c;
	uint32_t mark = cursor_be32(&t);
	if (!cursor_ok(&t)) {
		if (!heur && cursor_left(c) < cursor_rleft(c) && cursor_rleft(c) >= 4) {
			int idx = pkt_push_layer(p, PROTO_RPC, c->off);
			if (idx >= 0)
				pkt_mark(p, idx, PKT_TRUNCATED);
		}
		return;
	}
	uint32_t len = mark & 0x7fffffffu;
	if (len < 8)
		return;
	bool partial = len > cursor_rleft(&t);
	struct cursor m = partial ? cursor_rest(&t) : cursor_sub(&t, len);
	rpc_message(p, &m, c->off, heur ? 0 : reply_port(p), heur, partial);
}

void dissect_rpc_udp(struct packet *p, struct cursor *c)
{
	rpc_udp(p, c, false);
}

void dissect_rpc_udp_heur(struct packet *p, struct cursor *c)
{
	rpc_udp(p, c, true);
}

void dissect_rpc_tcp(struct packet *p, struct cursor *c)
{
	rpc_tcp(p, c, false);
}

void dissect_rpc_tcp_heur(struct packet *p, struct cursor *c)
{
	rpc_tcp(p, c, true);
}

uint32_t rpc_pdu_len(const uint8_t *data, uint32_t avail)
{
	if (avail < 12)
		return PDU_NEED_MORE;
	uint32_t len = ((uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3]) &
		       0x7fffffffu;
	uint32_t type = (uint32_t)data[8] << 24 | (uint32_t)data[9] << 16 | (uint32_t)data[10] << 8 | data[11];
	if (len < 8 || type > 1)
		return 0;
	return len + 4;
}

bool rpc_read_info(const struct packet *p, const struct layer *l, struct rpc_info *out)
{
	long i = l - p->layers;
	if (i <= 0 || i >= p->nlayers)
		return false;
	uint32_t caplen = p->frame->caplen;
	struct cursor c = {p->frame->data, l->off, caplen, caplen, CUR_OK};
	if (p->layers[i - 1].proto == PROTO_TCP)
		cursor_skip(&c, 4);
	struct rpc_hdr h;
	if (!rpc_header(&c, &h) || !cursor_ok(&c))
		return false;
	*out = h.info;
	out->accept_state = h.accept_stat;
	return true;
}

static uint32_t be32_at(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

unsigned rpc_program_values(const uint8_t *b, uint32_t n, uint8_t proto, bool call, uint32_t vers, uint32_t proc,
			    const char *a, fvalue_fn fn, void *data)
{
	char name[32];
	const char *prefix = proto == PROTO_NFS ? "nfs" : proto == PROTO_MOUNT ? "mount" : NULL;
	if (prefix) {
		snprintf(name, sizeof name, "%s.procedure_v%u", prefix, vers);
		if (strcmp(a, name) == 0)
			return fv_give_uint(fn, data, proc);
	}
	/* NFS results start with the status; MNT's argument is the path */
	if (proto == PROTO_NFS && !call && proc != 0 && n >= 4 && strcmp(a, "nfs.status") == 0)
		return fv_give_uint(fn, data, be32_at(b));
	if (proto == PROTO_MOUNT && call && proc == 1 && n >= 4 && strcmp(a, "mount.path") == 0) {
		uint32_t len = be32_at(b);
		return len <= n - 4 ? fv_give_ptr(fn, data, FV_STRING, b + 4, len) : 0;
	}
	/* version 2 GETPORT (3): the mapping asked for (program, version,
	 * protocol, port), and the port answered */
	if (proto == PROTO_PORTMAP && vers == 2 && proc == 3 && call && n >= 16) {
		static const char *const names[] = {"portmap.prog", "portmap.version", "portmap.proto", "portmap.port"};
		for (unsigned i = 0; i < 4; i++)
			if (strcmp(a, names[i]) == 0)
				return fv_give_uint(fn, data, be32_at(b + 4 * i));
	}
	if (proto == PROTO_PORTMAP && vers == 2 && proc == 3 && !call && n >= 4 && strcmp(a, "portmap.port") == 0)
		return fv_give_uint(fn, data, be32_at(b));
	return 0;
}
