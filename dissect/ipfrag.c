/* ipfrag.c — fragmented IP datagrams, shown as Wireshark shows them with
 * reassembly on: every fragment's payload is data, except in the frame whose
 * fragment completes the datagram, which shows the datagram's layers.  The
 * layers are learnt from the first fragment (the transport header is in it);
 * of the payload only its first PKT_REASSEMBLED_MAX bytes are kept, from
 * whichever fragments bring them, for what the layers say of their message.
 * Without a session each fragment stands alone. */
#include <string.h>

#include "dissect/session.h"

/* Keeps what of the fragment at OFFSET (its captured bytes D, N) falls in
 * the datagram's first PKT_REASSEMBLED_MAX bytes. */
static void keep_bytes(struct ipfrag *f, uint32_t offset, const uint8_t *d, uint32_t n)
{
	if (offset >= PKT_REASSEMBLED_MAX)
		return;
	if (n > PKT_REASSEMBLED_MAX - offset)
		n = PKT_REASSEMBLED_MAX - offset;
	memcpy(f->prefix + offset, d, n);
	for (uint32_t i = offset; i < offset + n; i++)
		f->cover[i / 8] |= (uint8_t)(1u << (i % 8));
}

/* How many of the datagram's first bytes (TOTAL in all) came without a gap. */
static uint32_t kept_run(const struct ipfrag *f, uint32_t total)
{
	uint32_t end = total < PKT_REASSEMBLED_MAX ? total : PKT_REASSEMBLED_MAX, i = 0;
	while (i < end && (f->cover[i / 8] >> (i % 8)) & 1)
		i++;
	return i;
}

void ip_fragment(struct packet *p, struct cursor *c, const struct ip_frag_info *fi)
{
	if (!p->session || (p->flags & PKT_IN_ERROR)) {
		dissect_data(p, c);
		return;
	}
	struct ipfrag_key key = {.family = fi->family, .proto = fi->proto, .id = fi->id};
	memcpy(key.src, fi->src, fi->family == 4 ? 4 : 16);
	memcpy(key.dst, fi->dst, fi->family == 4 ? 4 : 16);
	struct ipfrag *f = session_ipfrag(p->session, &key);
	uint32_t len = cursor_rleft(c);
	f->have += len;
	keep_bytes(f, fi->offset, c->data + c->off, c->end > c->off ? c->end - c->off : 0);
	if (!fi->more) {
		f->last_seen = true;
		f->total = fi->offset + len;
	}
	if (fi->offset == 0 && !f->first_seen) {
		/* learn the datagram's layers from its start, then take them back */
		f->first_seen = true;
		uint8_t before = p->nlayers;
		uint32_t flags = p->flags;
		int8_t l4 = p->l4_layer;
		uint16_t sport = p->sport, dport = p->dport;
		struct cursor payload = *c;
		dispatch(&ipproto_table, fi->proto, p, &payload);
		for (uint8_t i = before; i < p->nlayers && f->npending < TCP_PENDING_MAX; i++) {
			uint32_t rel = p->layers[i].off - c->off;
			f->pending_off[f->npending] = (uint16_t)(rel < PKT_REASSEMBLED_MAX ? rel : PKT_REASSEMBLED_MAX);
			if (p->l4_layer == i) {
				f->l4 = (int8_t)f->npending;
				f->sport = p->sport;
				f->dport = p->dport;
			}
			f->pending[f->npending++] = p->layers[i].proto;
		}
		p->nlayers = before;
		p->flags = flags | PKT_FRAGMENT;
		p->l4_layer = l4;
		p->sport = sport;
		p->dport = dport;
	}
	if (!(f->first_seen && f->last_seen && f->have >= f->total)) {
		dissect_data(p, c);
		return;
	}
	f->done = true;
	uint8_t npending = f->npending;
	uint16_t pending[TCP_PENDING_MAX];
	uint16_t pending_off[TCP_PENDING_MAX];
	memcpy(pending, f->pending, sizeof pending);
	memcpy(pending_off, f->pending_off, sizeof pending_off);
	p->reasm_len = kept_run(f, f->total);
	memcpy(p->reasm, f->prefix, p->reasm_len);
	int8_t l4 = f->l4;
	uint16_t sport = f->sport, dport = f->dport;
	session_ipfrag_forget(p->session, &key);
	for (uint8_t i = 0; i < npending; i++) {
		int idx = pkt_push_layer(p, (enum proto_id)pending[i], c->off);
		if (idx < 0)
			return;
		p->layers[idx].flags |= PKT_REASSEMBLED;
		p->layers[idx].off = pending_off[i];
		p->layers[idx].len = p->reasm_len > pending_off[i] ? p->reasm_len - pending_off[i] : 0;
		if (i == l4) {
			p->l4_layer = (int8_t)idx;
			p->sport = sport;
			p->dport = dport;
		}
	}
}
