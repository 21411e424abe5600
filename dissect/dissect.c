/* dissect.c — the engine: frame entry point, layer stack, table dispatch. */
#include "dissect/dissect.h"

#include <glib.h>
#include <stddef.h>
#include <string.h>

#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

/* The pseudo-protocols of the engine: bytes no dissector reads, and the
 * layer naming a frame's exception (pkt_exception()). */
static const struct field_def data_fields[] = {
	{"data.data", "Data", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"data.len", "Length", FT_INT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
};
FIELD_TABLE_DEFINE(data);

/* The bytes captured and how many. */
static void data_values(const struct packet *p, const struct layer *l, const uint8_t *d,
			uint32_t n, const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		n = pkt_within_ip(p, (int)(l - p->layers), n);
	if (!d || n == 0)
		return;
	if (fv_same(f->abbrev, "data.data")) {
		fv_give_ptr(fn, data, FV_BYTES, d, n);
	} else {
		struct fvalue v = {.kind = FV_INT, .i = n};
		fn(&v, data);
	}
}

PROTOCOL_ID(DATA, "data", "Data");
const struct protocol proto_data = {PROTO_DATA, .short_name = "Data", .values = data_values, .fields = &data_table};
PROTOCOL_ID(WS_MALFORMED, "_ws.malformed", "Malformed Packet");
PROTOCOL_ID(WS_SHORT, "_ws.short", "Short Frame");
PROTOCOL_ID(WS_UNREASSEMBLED, "_ws.unreassembled", "Unreassembled Fragmented Packet");

int pkt_stack_full(struct packet *p)
{
	pkt_mark(p, p->nlayers - 1, PKT_MALFORMED);
	return -1;
}

void pkt_mark(struct packet *p, int idx, uint32_t bit)
{
	p->flags |= bit;
	if (idx >= 0)
		p->layers[idx].flags |= (uint8_t)bit;
}

void pkt_note_cursor(struct packet *p, int idx, const struct cursor *c)
{
	if (c->err != CUR_OK)
		pkt_mark(p, idx, c->err == CUR_MALFORMED ? PKT_MALFORMED : PKT_TRUNCATED);
}

void pkt_ran_out(struct packet *p, int idx, uint64_t need_end, uint32_t captured_end, uint32_t reported_end)
{
	if (need_end > reported_end)
		pkt_mark(p, idx, PKT_MALFORMED);
	else if (need_end > captured_end)
		pkt_mark(p, idx, PKT_TRUNCATED);
}

void pkt_ran_out_early(struct packet *p, enum proto_id proto, uint32_t bit)
{
	pkt_mark(p, p->nlayers - 1, bit);
	if (!(p->flags & PKT_IN_ERROR) && !p->exc_proto)
		p->exc_proto = (uint16_t)proto;
}

/* The first layer (outside an ICMP error's quote) that ran past its declared
 * bytes raised the exception; else the last one the capture cut short, which
 * in a fragment of a datagram not put together (the capture having kept the
 * whole frame) ran into the fragment's end rather than the capture's. */
enum pkt_exception pkt_exception(const struct packet *p, int *layer)
{
	int cut = -1;
	if (layer)
		*layer = -1;
	if (!(p->flags & (PKT_MALFORMED | PKT_TRUNCATED)))
		return PKT_EXC_NONE;
	for (int i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		if (l->flags & PKT_IN_ERROR)
			continue;
		if (l->flags & PKT_MALFORMED) {
			if (layer)
				*layer = i;
			return PKT_EXC_MALFORMED;
		}
		if (l->flags & PKT_TRUNCATED)
			cut = i;
	}
	if (cut < 0)
		return PKT_EXC_NONE;
	if (layer)
		*layer = cut;
	return (p->flags & PKT_FRAGMENT) && p->frame->caplen >= p->frame->len ? PKT_EXC_UNREASSEMBLED : PKT_EXC_SHORT;
}

const struct dispatch_entry *dispatch_entry_search(const struct dispatch_table *t, uint32_t key)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t k = t->entries[mid].key;
		if (k == key)
			return &t->entries[mid];
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool transport_absent(struct packet *p, const struct cursor *c, enum proto_id proto)
{
	if (c->err != CUR_OK)
		return true;
	if (cursor_left(c) >= 4)
		return false;
	pkt_ran_out_early(p, proto, cursor_rleft(c) < 4 ? PKT_MALFORMED : PKT_TRUNCATED);
	return true;
}

uint32_t pkt_within_ip(const struct packet *p, int idx, uint32_t n)
{
	const struct layer *l = &p->layers[idx];
	for (int i = idx - 1; i >= 0; i--) {
		const struct layer *ip = &p->layers[i];
		if (ip->proto != PROTO_IP && ip->proto != PROTO_IPV6)
			continue;
		if ((ip->flags ^ l->flags) & PKT_REASSEMBLED)
			return n; /* not in the same bytes */
		uint32_t cap;
		const uint8_t *b = fv_layer_base(p, ip, &cap);
		bool v4 = ip->proto == PROTO_IP;
		if ((uint64_t)ip->off + (v4 ? 4 : 6) > cap)
			return n;
		uint32_t len = (uint32_t)b[ip->off + (v4 ? 2 : 4)] << 8 | b[ip->off + (v4 ? 3 : 5)];
		if (len == 0)
			return n; /* a jumbogram, or a length offloading left out */
		uint64_t end = (uint64_t)ip->off + len + (v4 ? 0 : 40);
		if (end <= l->off)
			return 0;
		return end - l->off < n ? (uint32_t)(end - l->off) : n;
	}
	return n;
}

void dissect_data(struct packet *p, struct cursor *c)
{
	if (cursor_rleft(c) == 0 || c->err != CUR_OK)
		return;
	pkt_push_layer(p, PROTO_DATA, c->off);
}

void dissect_data_nested(struct packet *p, struct cursor *c)
{
	if (cursor_rleft(c) == 0 || c->err != CUR_OK)
		return;
	int idx = pkt_push_layer(p, PROTO_DATA, c->off);
	if (idx >= 0)
		p->layers[idx].flags |= PKT_NESTED;
}

void dispatch(const struct dispatch_table *t, uint32_t key, struct packet *p, struct cursor *c)
{
	dissector_fn fn = dispatch_find(t, key);
	if (fn)
		fn(p, c);
	else
		dissect_data(p, c);
}

bool dissect_try(dissector_fn fn, struct packet *p, const struct cursor *c)
{
	uint8_t before = p->nlayers;
	struct cursor copy = *c;
	p->flags &= ~(uint32_t)PKT_TAKEN;
	fn(p, &copy);
	bool taken = p->flags & PKT_TAKEN;
	p->flags &= ~(uint32_t)PKT_TAKEN;
	return p->nlayers != before || taken;
}

void dispatch_ports(const struct dispatch_table *t, const struct heur_list *h, uint16_t a, uint16_t b,
		    struct packet *p, struct cursor *c)
{
	uint16_t lo = a < b ? a : b, hi = a < b ? b : a;
	if (p->transport_only) {
		const struct dispatch_entry *te = dispatch_entry_find(t, lo);
		if (!te || !te->tunnel)
			te = dispatch_entry_find(t, hi);
		if (te && te->tunnel)
			dissect_try(te->fn, p, c);
		return;
	}
	dissector_fn fn = dispatch_find(t, lo);
	if (fn && dissect_try(fn, p, c))
		return;
	dissector_fn fn2 = lo != hi ? dispatch_find(t, hi) : NULL;
	if (fn2 && fn2 != fn && dissect_try(fn2, p, c))
		return;
	for (size_t i = 0; h && i < h->n; i++)
		if (dissect_try(h->fns[i], p, c))
			return;
	dissect_data(p, c);
}

void dissect_frame(struct packet *p, const struct frame *f)
{
	p->first_ns = p->prev_ns = f->ts_ns;
	p->udp_expect_hint = 0;
	p->udp_expect_hint_layer = -1;
	dissect_frame_in(p, f, NULL, false);
}

/* Defines every member of P for a new frame: zero, or "none" where zero
 * means something.  What the caller sets before dissecting (the times, the
 * expected-UDP hint) is kept; the members from `reasm` on (the reassembled
 * bytes, the Info text, the layers, the RPC notes) are left alone, as
 * nothing reads them past the counts reset here: one memset of the few
 * hundred bytes before them. */
static void packet_reset(struct packet *p)
{
	int64_t first_ns = p->first_ns, prev_ns = p->prev_ns;
	uint8_t hint = p->udp_expect_hint;
	int8_t hint_layer = p->udp_expect_hint_layer;
	/* libc's vector stores, through a call the compiler does not expand:
	 * its own expansion of a memset of this size is a `rep stos`, whose
	 * start costs more than the stores (some 5% of a transport pass) */
	explicit_bzero(p, offsetof(struct packet, reasm));
	p->first_ns = first_ns;
	p->prev_ns = prev_ns;
	p->udp_expect_hint = hint;
	p->udp_expect_hint_layer = hint_layer;
	p->ip_layer = p->l4_layer = -1;
	p->udp_expected_layer = p->udp_stream_layer = -1;
	p->tcp_win_shift = -1;
}

/* A number that tells one dissection from the next (the columns' cache),
 * in whichever thread: each thread takes a block of them at once, so that
 * a frame costs no atomic operation (one fences the memory writes of the
 * reset before it). */
#define SERIAL_BLOCK 65536u
static uint32_t next_serial(void)
{
	static int serial;
	static __thread uint32_t next, left;
	if (!left) {
		next = (uint32_t)g_atomic_int_add(&serial, (int)SERIAL_BLOCK);
		left = SERIAL_BLOCK;
	}
	left--;
	return next++;
}

void dissect_frame_in(struct packet *p, const struct frame *f, struct dissect_session *session,
		      bool transport_only)
{
	packet_reset(p);
	p->frame = f;
	p->session = session;
	p->transport_only = transport_only;
	p->serial = next_serial();

	if (session)
		session_tcp_expire(session, f->ts_ns);
	if (f->flags & FRAME_COMMENT)
		dissect_comment_layer(p);
	struct cursor c = cursor_init(f->data, f->caplen, f->len);
	dissector_fn fn = dispatch_find(&linktype_table, f->linktype);
	if (fn)
		fn(p, &c);
	else
		p->flags |= PKT_UNDISSECTED;
	if (session)
		session_track(session, p);
}

