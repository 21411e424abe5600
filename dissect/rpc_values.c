/* rpc_values.c — ONC RPC's field values, rpc.c's second file: the call's
 * or reply's header (RFC 5531 9: xid, message type, program, version,
 * procedure, reply and accept states; over TCP the record mark before
 * it), and for the programs read here (portmap, NFS, MOUNT) their
 * arguments, by the call's version and procedure (a reply's from its
 * call).  The descriptors of RPC and those programs live here too. */
#include <glib.h>

#include "dissect/dissect.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"

static void rpc_field_values(const struct packet *p, const struct layer *l, G_GNUC_UNUSED const uint8_t *d,
			     G_GNUC_UNUSED uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (l->flags & PKT_REASSEMBLED)
		return;
	struct rpc_info i;
	if (!rpc_read_info(p, l, &i))
		return;
	int at = (int)(l - p->layers);
	if (at > 0 && p->layers[at - 1].proto == PROTO_TCP &&
	    (fv_same(f->abbrev, "rpc.lastfrag") || fv_same(f->abbrev, "rpc.fraglen"))) {
		/* over TCP, the record mark before the message */
		const uint8_t *m = p->frame->data + l->off;
		uint32_t mark = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
		fv_give_uint(fn, data, fv_same(f->abbrev, "rpc.lastfrag") ? mark >> 31 : mark & 0x7fffffffu);
		return;
	}
	bool call = i.msg_type == 0, known = call || p->rpc_answered;
	uint32_t prog = call ? i.program : p->rpc_prog, vers = call ? i.version : p->rpc_vers;
	uint32_t proc = call ? i.procedure : p->rpc_proc;
	/* the tree of a program Wireshark dissects repeats the version:
	 * portmap, rstat, rusers, NFS, NIS, MOUNT, ypbind, yppasswd,
	 * rquota, NLM, status monitor, NFS ACL */
	static const uint32_t progs[] = {100000, 100001, 100002, 100003, 100004, 100005,
					 100007, 100009, 100011, 100021, 100024, 100227};
	bool repeats = false;
	for (size_t k = 0; k < sizeof progs / sizeof progs[0]; k++)
		repeats |= prog == progs[k];
	if (known && repeats && fv_same(f->abbrev, "rpc.programversion"))
		fv_give_uint(fn, data, vers);
	const struct fv_named_uint v[] = {{"rpc.xid", i.xid, true}, {"rpc.msgtyp", i.msg_type, true},
					  {"rpc.version", 2, call},
					  {"rpc.program", prog, known}, {"rpc.programversion", vers, known},
					  {"rpc.procedure", proc, known}, {"rpc.replystat", i.reply_state, !call},
					  {"rpc.state_accept", i.accept_state, !call && i.reply_state == 0}};
	fv_give_named(fn, data, f->abbrev, v, sizeof v / sizeof v[0]);
}

static void rpc_program_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
				     const struct field_def *f, fvalue_fn fn, void *data)
{
	if (l->flags & PKT_REASSEMBLED)
		return;
	/* the call's program version and procedure, from the RPC layer
	 * before (a reply's from its call) */
	struct rpc_info i;
	int idx = (int)(l - p->layers);
	const uint8_t *b = d;
	if (!b || idx < 1 || !rpc_read_info(p, &p->layers[idx - 1], &i))
		return;
	bool call = i.msg_type == 0;
	if (call || p->rpc_answered)
		rpc_program_values(b, n, l->proto, call, call ? i.version : p->rpc_vers,
				   call ? i.procedure : p->rpc_proc, f->abbrev, fn, data);
}

FIELD_TABLE(rpc); /* the field tables in rpc.c */
FIELD_TABLE(nfs);
FIELD_TABLE(mount);
FIELD_TABLE(portmap);

const struct protocol proto_rpc = {PROTO_RPC, .values = rpc_field_values, .fields = &rpc_table};
const struct protocol proto_nfs = {PROTO_NFS, .values = rpc_program_field_values, .fields = &nfs_table};
const struct protocol proto_mount = {PROTO_MOUNT, .values = rpc_program_field_values, .fields = &mount_table};
const struct protocol proto_portmap = {PROTO_PORTMAP, .values = rpc_program_field_values, .fields = &portmap_table};
