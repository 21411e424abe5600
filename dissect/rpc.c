/* rpc.c — ONC RPC (RFC 5531) over UDP and TCP, and the programs shown as
 * layers of their own (dissect/rpc_progs.c lists the programs Wireshark
 * names; dissect/rpc_cols.c writes the packet list's columns).
 *
 *   record (TCP): mark: last-fragment bit | 31-bit length, then the fragment
 *   call:  xid | 0 | rpcvers (2) | prog | vers | proc | cred | verf | args ...
 *   reply: xid | 1 | 0 (accepted) | verf | accept_stat | results ...
 *                  | 1 (denied)   | reject_stat | ...
 *   cred, verf: flavor(4) | length(4, at most 400) | body padded to 4 bytes
 *
 * As Wireshark decides it:
 * - Over TCP each record of a segment is dissected in turn (TCP gathers one
 *   that runs into later segments, however long its mark says, up to 4 MiB).
 *   The records handed over together stop at the first that is not RPC (a
 *   reply whose call was not seen, a call to a program with no name, a mark
 *   cut by the segment's end): the rest shows nothing.  When the first is
 *   not RPC either, the bytes are a "Continuation" on the RPC port or in a
 *   conversation found to be RPC; tried as a heuristic, they are not RPC.
 * - A record in fragments: each fragment but the last is a "Fragment"; the
 *   message is dissected with the last, from the record's first bytes kept.
 *   The first fragment must look like a message start.
 * - Calls are remembered by conversation and transaction id; a reply is
 *   known by its call only (it names no program).
 * - A message naming a program (a call; a reply through its call, when
 *   accepted and executed) puts the program's layer after RPC, given no
 *   bytes when nothing follows the header (Wireshark names the program in
 *   the tree and the hierarchy, not in frame.protocols).
 */
#include <stdio.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/rpc_progs.h"
#include "dissect/session.h"

static const struct value_string rpc_msg_types[] = {{0, "Call"}, {1, "Reply"}, {0, NULL}};

static const struct field_def rpc_fields[] = {
	{"rpc.lastfrag", "Last Fragment", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 4, 0x80000000u, NULL},
	{"rpc.fraglen", "Fragment Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0x7fffffffu, NULL},
	{"rpc.xid", "XID", FT_UINT32, BASE_HEX, FIELD_VAR, 4, 0, NULL},
	{"rpc.msgtyp", "Message Type", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, rpc_msg_types},
	{"rpc.version", "RPC Version", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rpc.program", "Program", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, rpc_prog_names},
	{"rpc.programversion", "Program Version", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rpc.procedure", "Procedure", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rpc.replystat", "Reply State", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rpc.state_accept", "Accept State", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"rpc.dup", "Duplicate Call/Reply", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"rpc.call.dup", "Duplicate to the call in", FT_FRAMENUM, BASE_DEC, FIELD_VAR, 0, 0, NULL},
	{"rpc.reply.dup", "Duplicate to the reply in", FT_FRAMENUM, BASE_DEC, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(rpc);

static const struct field_def portmap_fields[] = {
	{"portmap.prog", "Program", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, rpc_prog_names},
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

enum { PROG_PORTMAP = 100000 };
#define AUTH_MAX 400u
#define RECORD_MAX (4u << 20) /* a longer record mark is not RPC (Wireshark's default) */

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

/* ---- notes: what a layer is beyond its bytes ----------------------------- */

/* Sets what RPC layer IDX is (KIND 0: a call, nothing to note), replacing
 * what a reading of the same bytes before said. */
static struct rpc_note *note_set(struct packet *p, int idx, uint8_t kind, const struct rpc_call *call)
{
	struct rpc_note *n = NULL;
	for (uint8_t i = 0; i < p->rpc_nnotes && !n; i++)
		if (p->rpc_notes[i].layer == idx)
			n = &p->rpc_notes[i];
	if (!n) {
		if (p->rpc_nnotes >= PKT_RPC_NOTES_MAX)
			return NULL;
		n = &p->rpc_notes[p->rpc_nnotes++];
	}
	*n = (struct rpc_note){.layer = (uint8_t)idx, .kind = kind};
	if (call) {
		n->prog = call->prog;
		n->vers = call->vers;
		n->proc = call->proc;
		n->call_frame = call->frame;
	}
	return n;
}

const struct rpc_note *rpc_note_of(const struct packet *p, int idx)
{
	if (idx < 0 || idx >= p->nlayers || p->layers[idx].proto != PROTO_RPC)
		return NULL;
	for (uint8_t i = 0; i < p->rpc_nnotes; i++)
		if (p->rpc_notes[i].layer == idx)
			return p->rpc_notes[i].kind || p->rpc_notes[i].defrag || p->rpc_notes[i].dup_of ? &p->rpc_notes[i]
															: NULL;
	return NULL;
}

/* A layer of bytes that are not RPC where RPC was expected. */
static void push_continuation(struct packet *p, uint32_t off)
{
	int idx = pkt_push_layer(p, PROTO_RPC, off);
	if (idx >= 0)
		note_set(p, idx, RPC_NOTE_CONTINUATION, NULL);
}

/* ---- programs ------------------------------------------------------------- */

/* A call's arguments or a reply's results at C, shown as the program. */
static void rpc_program(struct packet *p, struct cursor *c, uint32_t prog, uint32_t vers, uint32_t proc,
			bool reply)
{
	const struct rpc_prog *pr = rpc_prog_find(prog);
	if (!pr)
		return;
	int idx = pkt_push_layer(p, (enum proto_id)pr->proto, c->off);
	if (proc == 0 || cursor_rleft(c) == 0) {
		/* no arguments or results (NULL, a void reply): the program is
		 * named in the tree, and counted, but no bytes are its */
		if (idx >= 0)
			p->layers[idx].flags |= PKT_TREE_ONLY;
		return;
	}
	if (prog == PROG_PORTMAP && vers <= 2 && proc <= 3 && idx >= 0 && cursor_rleft(c) < (reply ? 4u : 16u))
		/* SET, UNSET, GETPORT: a mapping (4 numbers); GETPORT's answer, a port */
		pkt_mark(p, idx, PKT_MALFORMED);
	if (prog == PROG_PORTMAP && proc == 5 && vers <= 2 && !reply) {
		/* CALLIT: prog, vers, proc, then the call's arguments. */
		struct cursor t = *c;
		uint32_t iprog = cursor_be32(&t), ivers = cursor_be32(&t), iproc = cursor_be32(&t);
		uint32_t alen = cursor_be32(&t);
		if (cursor_ok(&t) && iprog != PROG_PORTMAP && alen > 0)
			rpc_program(p, &t, iprog, ivers, iproc, false);
	}
}

/* Whether the session may be asked about P's messages (not inside an ICMP
 * error's quote). */
static bool tracked(const struct packet *p)
{
	return p->session && !(p->flags & PKT_IN_ERROR);
}

/* One message in M, shown from START.  HEUR demands a whole message.
 * DEFRAG: M lies in the packet's rpc_defrag (a record put together from
 * fragments), whose layers are given no bytes of the frame.  FINAL: the
 * message is read for the last time (not the start of a record TCP still
 * gathers): the session learns of it.  False when the bytes are not RPC
 * (nothing is pushed). */
static bool rpc_message(struct packet *p, struct cursor *m, uint32_t start, bool heur, bool defrag, bool final)
{
	struct cursor t = *m;
	struct rpc_hdr h;
	if (!rpc_header(&t, &h))
		return false;
	bool cut = !cursor_ok(&t), reply = h.info.msg_type == 1;
	struct rpc_call call = {h.info.program, h.info.version, h.info.procedure, p->frame->number, 0};
	struct rpc_call first = {0};
	uint64_t dup_of = 0; /* sent again: the first call's or reply's frame */
	if (reply) {
		if (!tracked(p) || !session_rpc_reply(p->session, p, h.info.xid, &call, final))
			return false;
		if (call.reply_frame && call.reply_frame != p->frame->number)
			dup_of = call.reply_frame;
	} else {
		/* the program is named from the 16th byte on */
		if ((heur && cut) || (cursor_left(m) >= 16 && !rpc_prog_find(call.prog)))
			return false;
		if (tracked(p) && final && !session_rpc_call(p->session, p, h.info.xid, &call, &first))
			dup_of = first.frame;
	}
	int idx = pkt_push_layer(p, PROTO_RPC, start);
	if (idx < 0)
		return true;
	struct rpc_note *n = note_set(p, idx, reply ? RPC_NOTE_REPLY : 0, reply ? &call : NULL);
	if (n) {
		n->defrag = defrag;
		n->dup_of = dup_of;
		n->reply_frame = reply || !dup_of ? 0 : first.reply_frame;
	}
	if (reply)
		p->layers[idx].flags |= PKT_BY_SESSION;
	if (cursor_left(m) < cursor_rleft(m) && !defrag)
		pkt_mark(p, idx, PKT_TRUNCATED);
	if (cut) {
		if (t.err == CUR_TRUNCATED && !defrag)
			pkt_note_cursor(p, idx, &t);
		return true;
	}
	if (reply && h.info.reply_state == 1) {
		/* denied: the versions supported, or why the credentials failed;
		 * what follows is data inside RPC */
		cursor_skip(&t, cursor_be32(&t) == 0 ? 8 : 4);
		if (cursor_ok(&t) && !defrag)
			dissect_data_nested(p, &t);
		return true;
	}
	if (reply && h.accept_stat != 0)
		return true;
	rpc_program(p, &t, call.prog, call.vers, call.proc, reply);
	for (int i = idx + 1; defrag && i < p->nlayers; i++) {
		p->layers[i].off = start;
		p->layers[i].flags |= PKT_TREE_ONLY;
	}
	return true;
}

/* ---- TCP: records and fragments ------------------------------------------- */

/* Whether the next layer of P starts the records handed over together
 * (Wireshark's first PDU): no RPC message right before it, or only one
 * TCP put together from earlier segments. */
static bool first_record(const struct packet *p)
{
	int i = p->nlayers - 1;
	while (i >= 0 && rpc_prog_of_proto(p->layers[i].proto))
		i--;
	return i < 0 || p->layers[i].proto != PROTO_RPC;
}

/* The fragment state of P's direction, or NULL without a session. */
static struct tcp_dir *frag_state(struct packet *p)
{
	if (!tracked(p) || !pkt_has_tcp(p))
		return NULL;
	struct flow_key key;
	flow_key_set(&key, p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport);
	return session_tcp_dir(p->session, &key);
}

/* Whether fragment bytes at M (the record's first) look like a message's
 * start: a call to a program with a name, or a reply to a call seen. */
static bool fragment_start_ok(struct packet *p, const struct cursor *m)
{
	struct cursor t = *m;
	struct rpc_hdr h;
	if (!rpc_header(&t, &h))
		return false;
	struct rpc_call call;
	if (h.info.msg_type == 1)
		return cursor_left(m) >= 8 && tracked(p) && session_rpc_reply(p->session, p, h.info.xid, &call, false);
	return cursor_left(m) >= 16 && rpc_prog_find(h.info.program);
}

/* Keeps the fragment bytes at M after what D keeps of its record. */
static void frag_keep(struct tcp_dir *d, const struct cursor *m)
{
	uint32_t n = cursor_left(m), room = RPC_DEFRAG_MAX - 4u - d->rpc_frag_len;
	if (n > room)
		n = room;
	memcpy(d->rpc_frag + d->rpc_frag_len, m->data + m->off, n);
	d->rpc_frag_len = (uint8_t)(d->rpc_frag_len + n);
}

/* A fragment before the last of its record, at M (its mark at START).
 * FINAL: these bytes are read for the last time (not the start of a record
 * TCP is still gathering), so the record's state may change. */
static bool rpc_fragment(struct packet *p, const struct cursor *m, uint32_t start, bool final)
{
	struct tcp_dir *d = frag_state(p);
	if (!d || !d->rpc_frag_open) {
		if (!fragment_start_ok(p, m))
			return false;
		if (d && final) {
			d->rpc_frag_open = true;
			d->rpc_frag_len = 0;
			frag_keep(d, m);
		}
	} else if (final) {
		frag_keep(d, m);
	}
	int idx = pkt_push_layer(p, PROTO_RPC, start);
	if (idx >= 0)
		note_set(p, idx, RPC_NOTE_FRAGMENT, NULL);
	return true;
}

/* The last fragment of a record at M (its mark MARK at START): the whole
 * message when the record began in it, else the message put together. */
static bool rpc_last_fragment(struct packet *p, struct cursor *m, uint32_t mark, uint32_t start, bool heur,
			      bool final)
{
	struct tcp_dir *d = frag_state(p);
	if (!d || !d->rpc_frag_open)
		return rpc_message(p, m, start, heur, false, final);
	uint32_t total = d->rpc_frag_len + cursor_rleft(m);
	if (final)
		d->rpc_frag_open = false;
	p->rpc_defrag[0] = (uint8_t)(mark >> 24);
	p->rpc_defrag[1] = (uint8_t)(mark >> 16);
	p->rpc_defrag[2] = (uint8_t)(mark >> 8);
	p->rpc_defrag[3] = (uint8_t)mark;
	memcpy(p->rpc_defrag + 4, d->rpc_frag, d->rpc_frag_len);
	uint32_t n = cursor_left(m), room = RPC_DEFRAG_MAX - 4u - d->rpc_frag_len;
	memcpy(p->rpc_defrag + 4 + d->rpc_frag_len, m->data + m->off, n < room ? n : room);
	p->rpc_defrag_len = (uint8_t)(4 + d->rpc_frag_len + (n < room ? n : room));
	struct cursor whole = cursor_init(p->rpc_defrag, p->rpc_defrag_len, 4 + total);
	whole.off = 4;
	return rpc_message(p, &whole, start, heur, true, final);
}

/* Bytes at C that are not RPC where a record should start. */
static void rpc_reject(struct packet *p, const struct cursor *c, bool heur, bool first)
{
	if (heur)
		return;
	if (first)
		push_continuation(p, c->off);
	p->flags |= PKT_PDU_STOP;
}

static void rpc_tcp(struct packet *p, struct cursor *c, bool heur)
{
	if (p->nlayers + 3 > PKT_MAX_LAYERS && !heur) {
		/* no room for the record's layers (a segment of some sixty
		 * records): the rest of the segment shows nothing */
		p->flags |= PKT_PDU_STOP;
		return;
	}
	bool first = first_record(p);
	struct cursor t = *c;
	uint32_t mark = cursor_be32(&t);
	if (!cursor_ok(&t)) {
		if (!heur && cursor_left(c) < cursor_rleft(c) && cursor_rleft(c) >= 4) {
			int idx = pkt_push_layer(p, PROTO_RPC, c->off);
			if (idx >= 0)
				pkt_mark(p, idx, PKT_TRUNCATED);
			return;
		}
		rpc_reject(p, c, heur, first);
		return;
	}
	uint32_t len = mark & 0x7fffffffu;
	bool partial = len > cursor_rleft(&t);
	if (len > RECORD_MAX || (heur && (partial || len > cursor_left(&t)))) {
		rpc_reject(p, c, heur, first);
		return;
	}
	struct cursor m = partial ? cursor_rest(&t) : cursor_sub(&t, len);
	/* the start of a record TCP gathers over segments is read again whole
	 * in the frame that completes it */
	bool final = !(m.data == p->frame->data && cursor_left(&m) < len);
	bool ok = (mark & 0x80000000u) ? rpc_last_fragment(p, &m, mark, c->off, heur, final)
				       : !heur && rpc_fragment(p, &m, c->off, final);
	if (!ok)
		rpc_reject(p, c, heur, first);
}

static void rpc_udp(struct packet *p, struct cursor *c, bool heur)
{
	struct cursor m = *c;
	if (!rpc_message(p, &m, c->off, heur, false, true) && !heur && cursor_rleft(c) > 0)
		push_continuation(p, c->off);
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
	if (avail < 4)
		return 0; /* a mark cut by the segment's end is not followed */
	uint32_t len = ((uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3]) &
		       0x7fffffffu;
	return len > RECORD_MAX ? 0 : len + 4;
}

/* ---- reading a layer back ------------------------------------------------- */

/* Whether RPC layer IDX came over TCP (its message follows a record mark). */
static bool over_tcp(const struct packet *p, int idx)
{
	for (int i = idx - 1; i >= 0; i--)
		if (p->layers[i].proto == PROTO_TCP || p->layers[i].proto == PROTO_UDP)
			return p->layers[i].proto == PROTO_TCP;
	return false;
}

bool rpc_message_bytes(const struct packet *p, int idx, const uint8_t **b, uint32_t *n, uint32_t *mark)
{
	const struct rpc_note *note = rpc_note_of(p, idx);
	const uint8_t *d;
	uint32_t len;
	if (note && note->defrag) {
		d = p->rpc_defrag;
		len = p->rpc_defrag_len;
	} else {
		d = col_layer_bytes(p, idx, &len);
	}
	*mark = 0;
	if (over_tcp(p, idx)) {
		if (len < 4)
			return false;
		*mark = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
		d += 4;
		len -= 4;
		if (len > (*mark & 0x7fffffffu) && !(note && note->defrag))
			len = *mark & 0x7fffffffu; /* (a record put together: the last fragment's mark) */
	}
	*b = d;
	*n = len;
	return true;
}

bool rpc_record_mark(const struct packet *p, int idx, uint32_t *mark)
{
	const struct rpc_note *note = rpc_note_of(p, idx);
	const uint8_t *b;
	uint32_t n;
	if (!over_tcp(p, idx) || (note && note->kind == RPC_NOTE_CONTINUATION))
		return false;
	return rpc_message_bytes(p, idx, &b, &n, mark);
}

bool rpc_read_info(const struct packet *p, const struct layer *l, struct rpc_info *out)
{
	int idx = (int)(l - p->layers);
	const struct rpc_note *note = rpc_note_of(p, idx);
	const uint8_t *b;
	uint32_t n, mark;
	if ((note && (note->kind == RPC_NOTE_FRAGMENT || note->kind == RPC_NOTE_CONTINUATION)) ||
	    !rpc_message_bytes(p, idx, &b, &n, &mark))
		return false;
	struct cursor c = cursor_init(b, n, n);
	struct rpc_hdr h;
	if (!rpc_header(&c, &h) || !cursor_ok(&c))
		return false;
	*out = h.info;
	out->accept_state = h.accept_stat;
	out->marked = over_tcp(p, idx);
	out->mark = mark;
	out->body = c.off;
	if (note) {
		out->dup_of = note->dup_of;
		out->reply_frame = note->reply_frame;
	}
	if (note && note->kind == RPC_NOTE_REPLY) {
		out->answered = true;
		out->program = note->prog;
		out->version = note->vers;
		out->procedure = note->proc;
		out->call_frame = note->call_frame;
	}
	return true;
}

static uint32_t be32_at(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

unsigned rpc_program_values(const uint8_t *b, uint32_t n, uint16_t proto, bool call, uint32_t vers, uint32_t proc,
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
