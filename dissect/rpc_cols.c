/* rpc_cols.c — ONC RPC in the packet list, as Wireshark writes it:
 *
 *   Protocol  the program's name ("Portmap", "NFS", "NIS+ CB"), else "RPC"
 *   Info      per message "V<version> <procedure> Call", or "... Reply (Call
 *             In <frame>)" ("[RPC retransmission of #<frame>]" before a call
 *             sent again, with "(Reply In <frame>)" once answered, "[RPC
 *             duplicate of #<frame>]" before a reply sent again), then what
 *             the program adds (GETPORT's mapping
 *             and answer, MNT's path, NFS's: dissect/nfs_cols.c); the messages of one segment joined by
 *             "  ; ", but a message TCP put together from earlier segments
 *             and the ones after it not; "Fragment" for a fragment before
 *             its record's last; "Continuation" for bytes that are not RPC.
 *
 * The program layers after an RPC layer write nothing: the RPC layer wrote
 * for them.
 */
#include <stdio.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/protocol.h"
#include "dissect/rpc_progs.h"

enum { PROG_PORTMAP = 100000, PROG_NFS = 100003, PROG_MOUNT = 100005 };

/* Where an RPC layer stands among the frame's messages. */
enum pos {
	POS_FIRST,             /* the first of the records handed over together */
	POS_AFTER_REASSEMBLED, /* the first after one TCP put together (whose
	                        * text is fenced: no separator) */
	POS_AFTER_RECORD,      /* after another record */
};

static enum pos position(const struct packet *p, int idx)
{
	int i = idx - 1;
	while (i >= 0 && rpc_prog_of_proto(p->layers[i].proto))
		i--;
	if (i >= 0 && p->layers[i].proto == PROTO_RPC)
		return POS_AFTER_RECORD;
	if (i >= 0 && p->layers[i].proto == PROTO_TCP_SEGMENTS) {
		for (i--; i >= 0 && rpc_prog_of_proto(p->layers[i].proto); i--)
			;
		if (i >= 0 && p->layers[i].proto == PROTO_RPC)
			return POS_AFTER_REASSEMBLED;
	}
	return POS_FIRST;
}

static uint32_t be32_at(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

/* Portmap versions 1 and 2, GETPORT: the mapping asked for, the port answered. */
static void portmap_info(struct columns *c, const struct rpc_info *i, const uint8_t *b, uint32_t n)
{
	if (i->version > 2 || i->procedure != 3)
		return;
	if (i->msg_type == 0 && n >= 12) {
		uint32_t prog = be32_at(b), proto = be32_at(b + 8);
		const struct rpc_prog *pr = rpc_prog_find(prog);
		const char *pn = col_value_name("ip.proto", proto);
		col_append(c, " %s(%u) V:%u %s", pr ? pr->name : "Unknown", prog, be32_at(b + 4), pn ? pn : "Unknown");
	} else if (i->msg_type == 1 && n >= 4) {
		uint32_t port = be32_at(b);
		if (port)
			col_append(c, " Port:%u", port);
		else
			col_append(c, " PROGRAM_NOT_AVAILABLE");
	}
}

/* MOUNT's MNT and UMNT calls: the path (printable ASCII only). */
static void mount_info(struct columns *c, const struct rpc_info *i, const uint8_t *b, uint32_t n)
{
	if (i->msg_type != 0 || (i->procedure != 1 && i->procedure != 3) || i->version < 1 || i->version > 3 || n < 4)
		return;
	uint32_t len = be32_at(b);
	if (len > n - 4)
		return;
	for (uint32_t k = 0; k < len; k++)
		if (b[4 + k] < 0x20 || b[4 + k] > 0x7e)
			return;
	col_append(c, " %.*s", (int)len, (const char *)b + 4);
}

/* The message of layer IDX: its version, procedure and kind, then what
 * its program adds. */
static void message_info(struct columns *c, const struct packet *p, int idx, const struct rpc_info *i)
{
	const char *proc = rpc_proc_name(i->program, i->version, i->procedure);
	char unnamed[24];
	if (!proc) {
		g_snprintf(unnamed, sizeof unnamed, "proc-%u", i->procedure);
		proc = unnamed;
	}
	if (i->dup_of)
		col_append(c, "[RPC %s of #%" G_GUINT64_FORMAT "]", i->msg_type == 0 ? "retransmission" : "duplicate",
			   i->dup_of);
	if (i->msg_type == 0)
		col_append(c, "V%u %s Call", i->version, proc);
	else
		col_append(c, "V%u %s Reply (Call In %" G_GUINT64_FORMAT ")", i->version, proc, i->call_frame);
	if (i->reply_frame)
		col_append(c, " (Reply In %" G_GUINT64_FORMAT ")", i->reply_frame);
	if (i->msg_type == 1 && (i->reply_state != 0 || i->accept_state != 0))
		return;
	const uint8_t *b;
	uint32_t n, mark;
	if (!rpc_message_bytes(p, idx, &b, &n, &mark) || i->body > n)
		return;
	if (i->program == PROG_PORTMAP)
		portmap_info(c, i, b + i->body, n - i->body);
	else if (i->program == PROG_MOUNT)
		mount_info(c, i, b + i->body, n - i->body);
	else if (i->program == PROG_NFS)
		nfs_info(c, i->version, i->procedure, i->msg_type == 1, b + i->body, n - i->body);
}

static void rpc_columns(struct columns *c, const struct packet *p, int idx)
{
	const struct rpc_note *note = rpc_note_of(p, idx);
	enum pos pos = position(p, idx);
	col_proto(c, "RPC");
	if (pos == POS_FIRST)
		col_clear(c);
	if (note && note->kind == RPC_NOTE_CONTINUATION) {
		col_append(c, "Continuation");
		return;
	}
	if (note && note->kind == RPC_NOTE_FRAGMENT) {
		col_append(c, "Fragment");
		return;
	}
	struct rpc_info i;
	if (!rpc_read_info(p, &p->layers[idx], &i))
		return;
	if (pos == POS_AFTER_RECORD)
		col_append(c, "  ; ");
	message_info(c, p, idx, &i);
	const struct rpc_prog *pr = rpc_prog_find(i.program);
	if (pr)
		col_proto(c, pr->name);
}

FIELD_TABLE(rpc); /* in rpc.c */

static const struct handoff rpc_handoff[] = {
	UDP_PORT(111, dissect_rpc_udp),
	TCP_PORT(111, dissect_rpc_tcp),
	TCP_HEUR(10, dissect_rpc_tcp_heur),
	UDP_HEUR(10, dissect_rpc_udp_heur),
	HANDOFF_LIST_END,
};
static const struct pdu_framing rpc_framing[] = {
	{dissect_rpc_tcp, rpc_pdu_len, NULL, false, NULL, false},
	{dissect_rpc_tcp_heur, rpc_pdu_len, dissect_rpc_tcp, false, NULL, false},
	{NULL, NULL, NULL, false, NULL, false},
};
PROTOCOL_ID(RPC, "rpc", "Remote Procedure Call");
const struct protocol proto_rpc = {PROTO_RPC, .short_name = "RPC", .columns = rpc_columns, .values = rpc_field_values, .fields = &rpc_table,
                                   .handoff = rpc_handoff, .framing = rpc_framing};

/* A program's layer: the RPC layer before it wrote the columns. */
static void rpc_program_columns(struct columns *c, const struct packet *p, int idx)
{
	(void)c;
	(void)p;
	(void)idx;
}

const struct protocol *rpc_program_protocol(size_t i)
{
	static struct protocol descriptors[64]; /* one per program, made once */
	static gsize made;
	if (g_once_init_enter(&made)) {
		for (size_t k = 0; k < rpc_nprogs && k < G_N_ELEMENTS(descriptors); k++)
			descriptors[k] = (struct protocol){(enum proto_id)rpc_progs[k].proto, .short_name = rpc_progs[k].name,
							   .columns = rpc_program_columns,
							   .values = rpc_program_field_values,
							   .fields = rpc_program_fields((enum proto_id)rpc_progs[k].proto)};
		g_once_init_leave(&made, 1);
	}
	return i < rpc_nprogs && i < G_N_ELEMENTS(descriptors) ? &descriptors[i] : NULL;
}
