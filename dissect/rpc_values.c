/* rpc_values.c — ONC RPC's field values, rpc.c's second file: the call's
 * or reply's header (RFC 5531 9: xid, message type, program, version,
 * procedure, reply and accept states; over TCP the record mark before
 * it), and for the programs read here (portmap, NFS, MOUNT) their
 * arguments, by the call's version and procedure (a reply's from its
 * call).  rpc_cols.c's descriptors of RPC and the programs point here. */
#include <glib.h>

#include "dissect/dissect.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/rpc_progs.h"

FIELD_TABLE(nfs); /* the field tables in rpc.c */
FIELD_TABLE(mount);
FIELD_TABLE(portmap);

void rpc_field_values(const struct packet *p, const struct layer *l, G_GNUC_UNUSED const uint8_t *d,
		      G_GNUC_UNUSED uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	uint32_t mark;
	if (fv_same(f->abbrev, "rpc.lastfrag") || fv_same(f->abbrev, "rpc.fraglen")) {
		/* over TCP, the record mark before a message or fragment */
		if (rpc_record_mark(p, (int)(l - p->layers), &mark))
			fv_give_uint(fn, data, fv_same(f->abbrev, "rpc.lastfrag") ? mark >> 31 : mark & 0x7fffffffu);
		return;
	}
	struct rpc_info i;
	if (!rpc_read_info(p, l, &i))
		return;
	bool call = i.msg_type == 0, known = call || i.answered;
	uint32_t prog = i.program, vers = i.version, proc = i.procedure;
	/* the tree of the program's layer repeats the version, and the
	 * procedure too when the version has no procedures of its own */
	int at = (int)(l - p->layers);
	bool repeats = at + 1 < p->nlayers && rpc_prog_of_proto(p->layers[at + 1].proto);
	if (known && repeats && fv_same(f->abbrev, "rpc.programversion"))
		fv_give_uint(fn, data, vers);
	if (known && repeats && fv_same(f->abbrev, "rpc.procedure") && !rpc_proc_name(prog, vers, 0))
		fv_give_uint(fn, data, proc);
	const struct fv_named_uint v[] = {{"rpc.xid", i.xid, true}, {"rpc.msgtyp", i.msg_type, true},
					  {"rpc.version", 2, call},
					  {"rpc.program", prog, known}, {"rpc.programversion", vers, known},
					  {"rpc.procedure", proc, known}, {"rpc.replystat", i.reply_state, !call},
					  {"rpc.state_accept", i.accept_state, !call && i.reply_state == 0},
					  {"rpc.call.dup", i.dup_of, call && i.dup_of},
					  {"rpc.reply.dup", i.dup_of, !call && i.dup_of}};
	if (i.dup_of && fv_same(f->abbrev, "rpc.dup"))
		fv_give_ptr(fn, data, FV_NONE, NULL, 0);
	fv_give_named(fn, data, f->abbrev, v, sizeof v / sizeof v[0]);
}

void rpc_program_field_values(const struct packet *p, const struct layer *l, G_GNUC_UNUSED const uint8_t *d,
			      G_GNUC_UNUSED uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	/* the call's program version and procedure, from the RPC layer
	 * before (a reply's from its call) */
	struct rpc_info i;
	int idx = (int)(l - p->layers);
	uint32_t len, mark;
	const uint8_t *b;
	if (idx < 1 || !rpc_read_info(p, &p->layers[idx - 1], &i) ||
	    !rpc_message_bytes(p, idx - 1, &b, &len, &mark) || i.body > len)
		return;
	/* the arguments or results, in the frame or in a record put
	 * together from fragments */
	bool call = i.msg_type == 0;
	if (call || i.answered)
		rpc_program_values(b + i.body, len - i.body, l->proto, call, i.version, i.procedure, f->abbrev, fn,
				   data);
}

const struct field_table *rpc_program_fields(enum proto_id proto)
{
	switch (proto) {
	case PROTO_NFS: return &nfs_table;
	case PROTO_MOUNT: return &mount_table;
	case PROTO_PORTMAP: return &portmap_table;
	default: return NULL;
	}
}

