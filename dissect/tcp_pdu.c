/* tcp_pdu.c — TCP payload to application PDUs.
 *
 * A protocol that frames its messages (a length in a header) is shown the
 * way Wireshark shows it with reassembly on:
 *   - a segment holding whole PDUs shows one layer stack per PDU, nested;
 *   - a PDU that runs past its segment shows nothing there, nothing in the
 *     segments in between, and its layers in the segment that completes it,
 *     followed by `tcp.segments`;
 *   - bytes repeated from earlier segments (retransmissions) show nothing.
 * The PDU's layers are learnt from its first segment (headers come first),
 * so nothing is buffered: a direction keeps a few numbers and layer ids.
 * Without a session every segment is dissected on its own. */
#include <string.h>

#include "dissect/session.h"

/* The layer after a message completed from several segments, listing them. */
PROTOCOL_ID(TCP_SEGMENTS, "tcp.segments", "Reassembled TCP Segments");

/* The dissector the conversation keeps after heuristic FN claimed it, or
 * NULL when every segment is to be tried afresh. */
static dissector_fn conversation_fn(dissector_fn fn)
{
	const struct pdu_framing *f = pdu_framing_of(fn);
	return f ? f->conv : NULL;
}

/* seq a is before b, modulo 2^32 */
static bool seq_before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

/* The framed protocol for the bytes at C: the conversation's, the lower
 * port's, the higher port's, then a heuristic's that claims them. */
static dissector_fn choose(const struct tcp_dir *d, uint16_t sport, uint16_t dport, struct packet *p,
			   const struct cursor *c, bool *by_heuristic)
{
	*by_heuristic = false;
	if (d->app)
		return d->app;
	uint16_t lo = sport < dport ? sport : dport, hi = sport < dport ? dport : sport;
	dissector_fn a = dispatch_find(&tcp_port_table, lo);
	if (a)
		return a;
	dissector_fn b = dispatch_find(&tcp_port_table, hi);
	if (b)
		return b;
	for (size_t i = 0; i < tcp_heur_list.n; i++) {
		dissector_fn h = tcp_heur_list.fns[i];
		uint8_t before = p->nlayers;
		uint32_t flags = p->flags;
		bool claimed = dissect_try(h, p, c);
		p->nlayers = before;
		p->flags = flags;
		if (claimed) {
			*by_heuristic = true;
			return h;
		}
	}
	return NULL;
}

/* The direction's bytes go on at SEQ, not where they were to: after a gap
 * inside a PDU of known length the segments up to its end still belong to
 * it, but it will never be whole, so it shows nothing (Wireshark keeps such
 * a PDU waiting for the missing bytes); any other gap or overlap starts
 * afresh. */
static void seq_jump(struct tcp_dir *d, uint32_t seq)
{
	if (d->gathering && !d->scanner && seq_before(d->next_seq, seq) && seq_before(seq, d->pdu_end)) {
		/* one run of missing bytes may come later (out of order) */
		d->hole_known = !d->holed;
		d->hole_start = d->next_seq;
		d->hole_end = seq;
		d->holed = true;
		d->prefix_cut = true; /* what follows would not join up */
	} else {
		d->gathering = false;
	}
}

/* Whether the segment of LEN bytes at SEQ, behind the bytes its direction
 * sent, brings all the bytes missing from the PDU being gathered: the PDU
 * can then complete, as Wireshark's reassembly takes segments in any order. */
static bool fills_hole(const struct tcp_dir *d, uint32_t seq, uint32_t len)
{
	return d->gathering && d->holed && d->hole_known && !seq_before(d->hole_start, seq) &&
	       !seq_before(seq + len, d->hole_end);
}

struct tcp_dir *tcp_no_payload(struct packet *p, uint16_t sport, uint16_t dport)
{
	if (!p->session || (p->flags & (PKT_IN_ERROR | PKT_FRAGMENT)) || (p->transport_only && !openflow_port(sport, dport)))
		return NULL;
	struct flow_key key;
	flow_key_set(&key, p->ip_version, p->ip_src, p->ip_dst, sport, dport);
	struct tcp_dir *d = session_tcp_dir_find(p->session, &key);
	uint32_t seq = p->tcp_seq + ((p->tcp_flags & TH_SYN) ? 1 : 0);
	if (!d || !d->seq_known) {
		/* a direction that sent no payload yet is followed from here
		 * once its connection carries some the other way, or from its
		 * SYN-ACK (the server's first sequence number: bytes before it
		 * are old); a connection that does neither keeps nothing */
		if (!d) {
			struct flow_key rev;
			flow_key_reverse(&rev, &key);
			struct tcp_dir *r = session_tcp_dir_find(p->session, &rev);
			if (!r && (p->tcp_flags & (TH_SYN | TH_ACK)) != (TH_SYN | TH_ACK))
				return NULL;
			d = session_tcp_dir_add(p->session, &key, r);
		}
		d->seq_known = true;
		d->next_seq = seq;
		return d;
	}
	if (!seq_before(d->next_seq, seq))
		return d;
	seq_jump(d, seq);
	d->next_seq = seq;
	return d;
}

static void tcp_payload_dir(struct packet *p, struct cursor *c, uint16_t sport, uint16_t dport, struct tcp_dir *d);

/* Dissects one PDU (or the rest of the segment) with FN; unclaimed bytes are
 * data, unless FN ended the segment (PKT_PDU_STOP, left set) or took them as
 * part of a message of its own that it shows in a later segment (it marked
 * the segment so). */
static void one_pdu(dissector_fn fn, struct packet *p, struct cursor *c)
{
	if (!fn || (!dissect_try(fn, p, c) && !(p->flags & PKT_PDU_STOP) && p->tcp_seg != TCP_SEG_PART))
		dissect_data(p, c);
}

/* Dissects the bytes of a PDU at C (its start, or the kept start of the
 * whole) and keeps the layers they show as the PDU's. */
static void learn_layers(struct tcp_dir *d, struct packet *p, struct cursor *c)
{
	uint8_t before = p->nlayers;
	uint32_t flags = p->flags;
	uint32_t from = c->off;
	if (!d->pdu_fn || (!dissect_try(d->pdu_fn, p, c) && !(p->flags & PKT_PDU_STOP)))
		dissect_data(p, c);
	d->npending = 0;
	d->pending_nested = 0;
	for (uint8_t i = before; i < p->nlayers && d->npending < TCP_PENDING_MAX; i++) {
		uint32_t rel = p->layers[i].off - from;
		d->pending_off[d->npending] = (uint16_t)(rel < PKT_REASSEMBLED_MAX ? rel : PKT_REASSEMBLED_MAX);
		if (p->layers[i].flags & PKT_NESTED)
			d->pending_nested |= (uint16_t)(1u << d->npending);
		d->pending[d->npending++] = p->layers[i].proto;
	}
	p->nlayers = before;
	p->flags = flags;
}

/* Dissects the start of a PDU that continues in later segments and keeps
 * the layers it shows for the segment that completes it. */
static void hold_pdu(struct tcp_dir *d, dissector_fn fn, struct packet *p, const struct cursor *c, uint32_t n)
{
	d->scan = (struct pdu_scan){0}; /* nothing noted of the last PDU */
	d->scanned = false;
	struct cursor rest = *c;
	/* the PDU's declared length (what its header says follows), of which
	 * this segment has the start; unknown: what this segment has */
	uint64_t end = (uint64_t)c->off + n;
	rest.rend = n == PDU_NEED_MORE || end > UINT32_MAX ? rest.end : (uint32_t)end;
	d->pdu_fn = fn;
	if (!d->prefix)
		d->prefix = session_tcp_prefix(p->session);
	learn_layers(d, p, &rest);
	uint32_t have = c->end > c->off ? c->end - c->off : 0;
	d->prefix_len = (uint16_t)(have < PKT_REASSEMBLED_MAX ? have : PKT_REASSEMBLED_MAX);
	d->held_len = d->prefix_len;
	memcpy(d->prefix, c->data + c->off, d->prefix_len);
	d->prefix_cut = c->end < c->rend;
}

/* Adds the next bytes of the PDU being gathered (HAVE captured, of which
 * WANT still belong to it) to its kept start, while room is left. */
static void keep_prefix(struct tcp_dir *d, const uint8_t *data, uint32_t have, uint32_t want)
{
	if (d->prefix_cut)
		return;
	uint32_t n = have < want ? have : want;
	if (have < want)
		d->prefix_cut = true; /* what follows would not join up */
	uint32_t room = PKT_REASSEMBLED_MAX - d->prefix_len;
	if (n > room)
		n = room;
	memcpy(d->prefix + d->prefix_len, data, n);
	d->prefix_len = (uint16_t)(d->prefix_len + n);
}

/* Marks the segment as one whose first payload byte belongs to a PDU not
 * complete in this frame; PROTO (0: none) is the protocol of that PDU when
 * it is read again here, its kept start (KEPT, N bytes) then copied to the
 * packet for its column text. */
static void seg_part(struct packet *p, uint16_t proto, const uint8_t *kept, uint32_t n)
{
	p->tcp_seg = TCP_SEG_PART;
	p->tcp_seg_proto = proto;
	if (!proto)
		return;
	if (n > PKT_REASSEMBLED_MAX)
		n = PKT_REASSEMBLED_MAX;
	memcpy(p->reasm, kept, n);
	p->reasm_len = n;
}

/* Shows the gathered PDU that ends in this segment.  When later segments
 * added to its kept start (a header that went on, say), or its scanner
 * followed it (and noted what the kept start may not hold), its layers are
 * learnt again from all that is kept.  FIN: completed by the connection's
 * end, where Wireshark lists the segments before the message's layers. */
static void complete_pdu(struct tcp_dir *d, struct packet *p, uint32_t off, bool fin)
{
	/* ONC RPC learns in the frame that completes a message what it is
	 * (a reply's call, a record's fragments): it is read again there */
	if (d->prefix_len > d->held_len || (d->npending && d->pending[0] == PROTO_RPC) || d->scanned) {
		uint32_t whole = d->msp_end - d->msp_start;
		struct cursor kept = cursor_init(d->prefix, d->prefix_len, whole);
		learn_layers(d, p, &kept);
	}
	memcpy(p->reasm, d->prefix, d->prefix_len);
	p->reasm_len = d->prefix_len;
	p->reasm_whole = d->msp_end - d->msp_start;
	int seg = fin ? pkt_push_layer(p, PROTO_TCP_SEGMENTS, off) : -1;
	for (uint8_t i = 0; i < d->npending; i++) {
		int idx = pkt_push_layer(p, (enum proto_id)d->pending[i], off);
		if (idx >= 0) {
			p->layers[idx].flags |= PKT_REASSEMBLED | ((d->pending_nested >> i) & 1 ? PKT_NESTED : 0);
			p->layers[idx].off = d->pending_off[i];
			p->layers[idx].len = p->reasm_len > d->pending_off[i] ? p->reasm_len - d->pending_off[i] : 0;
		}
	}
	if (!fin)
		seg = pkt_push_layer(p, PROTO_TCP_SEGMENTS, off);
	if (seg >= 0)
		p->layers[seg].flags |= PKT_REASSEMBLED;
	d->gathering = false;
	d->msp_whole = true;
}

/* The segment (LEN bytes at SEQ, at C) that follows one whose PDU's header
 * it cut: Wireshark joins the two and hands the protocol all of it, so the
 * PDU's length is read from the bytes joined.  A PDU still running past
 * the segment goes on being gathered, its start read again here as in the
 * segment it starts in (MORE_PART), and one of a protocol shown PDU by
 * PDU ends as any (MORE_GATHER: the caller goes on with it).  A protocol
 * whose layer holds all its messages of a segment (TLS) shows the PDU here
 * and the whole messages after it in that one layer: MORE_DONE at the
 * segment's end, else MORE_REST with C at the start of a message running
 * past it, to be gathered without a layer of its own (*SHOWN). */
enum { MORE_GATHER, MORE_DONE, MORE_REST, MORE_PART };
static int one_more_segment(struct tcp_dir *d, struct packet *p, struct cursor *c, uint32_t seq, uint32_t len,
			    bool *shown)
{
	const struct pdu_framing *fr = pdu_framing_of(d->pdu_fn);
	uint32_t before = seq - d->msp_start; /* the PDU's bytes in earlier segments */
	if (!fr || d->prefix_cut || d->prefix_len <= before)
		return MORE_GATHER;
	uint32_t n = fr->len(d->prefix, d->prefix_len);
	if (n == PDU_NEED_MORE) {
		d->pdu_end = seq + len + 1; /* one more again */
		return MORE_PART;
	}
	if (n == 0)
		n = seq + len - d->msp_start; /* no message starts there: what was joined is read as it is */
	d->one_more = false;
	d->pdu_end = d->msp_start + n;
	if (seq_before(seq + len, d->pdu_end))
		return MORE_PART; /* still running on */
	if (!fr->together)
		return MORE_GATHER; /* shown as any PDU */
	uint32_t start = c->off;
	d->msp_end = d->pdu_end;
	complete_pdu(d, p, start, false);
	/* the whole messages after it are in its layer too */
	uint32_t at = start + (n - before), end = start + len;
	while (at < end) {
		uint32_t avail = c->end > at ? c->end - at : 0;
		uint32_t m = fr->len(c->data + at, avail < end - at ? avail : end - at);
		if (m == 0 || m == PDU_NEED_MORE || m > end - at)
			break;
		at += m;
	}
	if (at >= end)
		return MORE_DONE;
	c->off = at;
	*shown = true;
	return MORE_REST;
}

struct tcp_dir *tcp_payload(struct packet *p, struct cursor *c, uint16_t sport, uint16_t dport)
{
	if (p->transport_only && !openflow_port(sport, dport))
		return NULL;
	if (p->flags & (PKT_IN_ERROR | PKT_FRAGMENT)) {
		dispatch_ports(&tcp_port_table, &tcp_heur_list, sport, dport, p, c);
		p->flags &= ~(uint32_t)PKT_PDU_STOP;
		return NULL;
	}
	/* Without a session the segment stands alone: split into PDUs, a PDU
	 * running past it shown from what is here. */
	if (!p->session) {
		uint8_t prefix[PKT_REASSEMBLED_MAX];
		struct tcp_dir alone = {.prefix = prefix};
		tcp_payload_dir(p, c, sport, dport, &alone);
		return NULL;
	}
	struct flow_key key;
	flow_key_set(&key, p->ip_version, p->ip_src, p->ip_dst, sport, dport);
	struct tcp_dir *d = session_tcp_dir_find(p->session, &key);
	/* bytes sent again after both FINs closed the connection */
	if (!d && session_tcp_closed_before(p->session, &key, p->tcp_seq + cursor_rleft(c), p->tcp_flags & TH_SYN))
		return NULL;
	if (!d)
		d = session_tcp_dir_add(p->session, &key, NULL);
	tcp_payload_dir(p, c, sport, dport, d);
	return d;
}

/* tcp_payload() with the direction's state D (a blank one without a session). */
static void tcp_payload_dir(struct packet *p, struct cursor *c, uint16_t sport, uint16_t dport, struct tcp_dir *d)
{
	/* what TLS learnt of the conversation in earlier frames */
	p->tls_version = d->tls_version;
	p->tls_ccs = d->tls_ccs;

	uint32_t len = cursor_rleft(c);
	uint32_t seq = p->tcp_seq + ((p->tcp_flags & TH_SYN) ? 1 : 0);
	uint32_t start = c->off;
	if (d->seq_known && len <= 1 && seq + 1 == d->next_seq &&
	    !(p->tcp_flags & (TH_SYN | TH_FIN | TH_RST))) {
		/* a keep-alive: the byte before the next one again, garbage
		 * that no application protocol is shown; but a byte inside a PDU
		 * gathered over segments (past its start) goes to Wireshark's
		 * reassembly, and shows nothing: while the PDU is gathered it
		 * joins the rest, once the PDU was reassembled the reassembly
		 * refuses it with an error (the segment is malformed) */
		if (!(d->msp_known && seq_before(d->msp_start, seq) && seq_before(seq, d->msp_end))) {
			dissect_data(p, c);
			if (p->nlayers && p->layers[p->nlayers - 1].proto == PROTO_DATA)
				p->layers[p->nlayers - 1].flags |= PKT_BY_SESSION;
		} else if (d->msp_whole && !d->gathering) {
			/* the reassembly's error: a malformed node, no exception */
			p->tcp_reasm_overlap = true;
			int bad = pkt_push_layer(p, PROTO_WS_MALFORMED, c->off);
			if (bad >= 0)
				p->layers[bad].flags |= PKT_TREE_ONLY;
		}
		/* the byte a gathering began with, sent again as a keep-alive:
		 * it was garbage, and what follows starts afresh */
		if (d->gathering && d->msp_known && seq == d->msp_start)
			d->gathering = false;
		return;
	}
	if (d->seq_known && !seq_before(d->next_seq, seq + len) && seq != d->next_seq) {
		/* every byte sent before: a retransmission, shown as nothing,
		 * or bytes out of order that a PDU being gathered missed: a
		 * segment of that PDU */
		if (fills_hole(d, seq, len)) {
			d->holed = false;
			seg_part(p, 0, NULL, 0);
		}
		return;
	}
	if (d->seq_known && seq != d->next_seq)
		seq_jump(d, seq);
	d->seq_known = true;
	d->next_seq = seq + len;
	bool shown = false; /* a together-protocol's layer is already in this segment */
	dissector_fn shown_fn = NULL; /* the dissector of the PDUs just shown, when together */
	/* a PDU said to end 2^31 bytes or more past this segment's start is,
	 * to Wireshark's sequence comparisons (modulo 2^32), behind it: the
	 * segment is no part of it and starts afresh */
	if (d->gathering && !d->scanner && !d->one_more && !seq_before(seq, d->pdu_end))
		d->gathering = false;
	/* no message gathered over earlier segments goes on into this one: its
	 * protocol is handed its bytes afresh, as they start */
	if (!d->gathering)
		p->tcp_fresh = start + 1;

	if (d->gathering && d->scanner) {
		/* a PDU whose end only its bytes tell */
		uint32_t used = 0, avail = c->end > start ? c->end - start : 0;
		int r = avail < len ? SCAN_FAIL : d->scanner(&d->scan, c->data + start, len, &used);
		if (r != SCAN_FAIL)
			keep_prefix(d, c->data + start, avail, r == SCAN_DONE ? used : len);
		if (r == SCAN_MORE) {
			d->msp_end = seq + len + 1;
			/* read again with each segment, as its end is not known */
			seg_part(p, d->npending ? d->pending[0] : 0, d->prefix, d->prefix_len);
			return;
		}
		d->scanner = NULL;
		if (r == SCAN_FAIL) {
			d->gathering = false;
			return;
		}
		d->msp_end = seq + used;
		complete_pdu(d, p, start, false);
		if (used >= len)
			return;
		c->off = start + used;
	} else if (d->gathering) {
		if (!d->holed)
			keep_prefix(d, c->data + start, c->end > start ? c->end - start : 0,
				    d->one_more ? len : d->pdu_end - seq);
		int more = d->one_more && !d->holed ? one_more_segment(d, p, c, seq, len, &shown) : MORE_GATHER;
		if (more == MORE_DONE)
			return;
		if (more == MORE_PART) {
			seg_part(p, d->npending ? d->pending[0] : 0, d->prefix, d->prefix_len);
			/* a protocol gathering its own PDUs is named where one is read */
			if (pdu_framing_of(d->pdu_fn)->together && d->npending) {
				int idx = pkt_push_layer(p, (enum proto_id)d->pending[0], c->off);
				if (idx >= 0)
					p->layers[idx].len = 0;
			}
			return;
		}
		if (more == MORE_GATHER && seq_before(seq + len, d->pdu_end)) {
			seg_part(p, 0, NULL, 0);
			return; /* the middle of a PDU */
		}
		if (more == MORE_GATHER) {
			uint32_t used = d->pdu_end - seq;
			d->msp_end = d->pdu_end;
			if (d->holed) {
				d->gathering = d->holed = false;
				seg_part(p, 0, NULL, 0); /* the end of a PDU that will never be whole */
			} else {
				complete_pdu(d, p, start, false);
			}
			if (used >= len)
				return;
			c->off = start + used;
		}
	}

	while (cursor_rleft(c) > 0 && cursor_ok(c)) {
		bool heur;
		dissector_fn fn = choose(d, sport, dport, p, c, &heur);
		const struct pdu_framing *fr = pdu_framing_of(fn);
		pdu_len_fn framing = fr ? fr->len : NULL;
		if (!framing) {
			one_pdu(fn, p, c);
			if (fn && heur && p->nlayers && p->layers[p->nlayers - 1].proto != PROTO_DATA &&
			    conversation_fn(fn)) {
				d->app = conversation_fn(fn);
				if (d->peer)
					d->peer->app = d->app;
			}
			return;
		}
		uint32_t avail = c->end > c->off ? c->end - c->off : 0;
		uint32_t left = cursor_rleft(c);
		uint32_t n = framing(c->data + c->off, avail < left ? avail : left);
		if (n == PDU_NEED_MORE && fr->short_start && c->off + 1 == p->tcp_fresh)
			n = 0; /* too short a start to be one: read as it is */
		/* a scanner's reading of the segment, kept for a PDU going on */
		struct pdu_scan probe = {.sport = sport, .dport = dport};
		int probed = SCAN_DONE;
		if (n == PDU_NEED_MORE && fr->scan && avail >= left) {
			/* a scanner that finds the PDU's end in this segment: whole here */
			uint32_t used;
			probed = fr->scan(&probe, c->data + c->off, left, &used);
			if (probed == SCAN_DONE && used > 0 && used <= left)
				n = used;
		}
		if (n == 0 && fn == shown_fn)
			break; /* after its PDUs, bytes that start none: read in the same call, its layer's */
		if (n == 0 || (n == PDU_NEED_MORE && avail < left)) {
			/* not a PDU start, or cut by the capture: the rest as it is */
			one_pdu(fn, p, c);
			break;
		}
		if (heur && conversation_fn(fn)) {
			d->app = conversation_fn(fn);
			if (d->peer)
				d->peer->app = d->app;
		}
		if ((n == PDU_NEED_MORE || n > left) && !p->session) {
			/* shown from what is here; going on in the next segment is no fault */
			struct cursor rest = *c;
			rest.rend = rest.end;
			uint32_t flags = p->flags;
			one_pdu(fn, p, &rest);
			if (c->end >= c->rend)
				p->flags = flags; /* not cut by the capture: nothing wrong */
			return;
		}
		if (n == PDU_NEED_MORE || n > left) {
			/* runs into later segments */
			if (c->end < c->rend)
				p->flags |= PKT_TRUNCATED; /* and the capture cut this one */
			hold_pdu(d, fn, p, c, n);
			if (c->off == start) {
				seg_part(p, d->npending ? d->pending[0] : 0, d->prefix, d->prefix_len);
				p->tcp_seg_start = c->off + 1; /* its start read from the frame */
			}
			/* a protocol gathering its own PDUs shows where one starts */
			if (fr->together && !shown && d->npending) {
				/* only the protocol: its fields come with the whole PDU */
				int idx = pkt_push_layer(p, (enum proto_id)d->pending[0], c->off);
				if (idx >= 0)
					p->layers[idx].len = 0;
			}
			d->gathering = true;
			d->holed = false;
			d->one_more = n == PDU_NEED_MORE && !fr->scan;
			d->scanner = NULL;
			d->pdu_end = n == PDU_NEED_MORE ? seq + len + 1 : seq + (c->off - start) + n;
			d->msp_known = true;
			d->msp_whole = false;
			d->msp_start = seq + (c->off - start);
			d->msp_end = d->pdu_end;
			if (n == PDU_NEED_MORE && fr->scan) {
				/* the segment was scanned above (a PDU cut by the capture
				 * went no further): the scanner goes on from there */
				d->scan = probe;
				if (probed == SCAN_MORE) {
					d->scanner = fr->scan;
					d->scanned = true;
				}
			}
			return;
		}
		if (fr->together) {
			/* whole PDUs that follow in this segment go with it */
			for (;;) {
				uint32_t at = c->off + n;
				uint32_t more_avail = c->end > at ? c->end - at : 0, more_left = left - n;
				if (more_left == 0 || more_avail == 0)
					break;
				uint32_t m = framing(c->data + at, more_avail < more_left ? more_avail : more_left);
				if (m == 0 || m == PDU_NEED_MORE || m > more_left)
					break;
				n += m;
			}
		}
		struct cursor pdu = cursor_sub(c, n);
		uint8_t first = p->nlayers;
		one_pdu(fn, p, &pdu);
		if (p->flags & PKT_PDU_STOP)
			break;
		shown = fr->together;
		shown_fn = shown ? fn : NULL;
		/* a protocol that handed over to TLS (STARTTLS, SSL requests),
		 * its PDU TLS from its first byte: the connection speaks TLS from
		 * now on (TLS inside a message of the protocol's own, as TDS's
		 * pre-login carries it, leaves the connection the protocol's) */
		if (!tls_app(fn) && p->nlayers > first && p->layers[first].proto == PROTO_TLS) {
			d->app = dissect_tls_port;
			if (d->peer)
				d->peer->app = dissect_tls_port;
		}
	}
	p->flags &= ~(uint32_t)PKT_PDU_STOP;
}

/* The state of the direction P's segment goes, or NULL without a session. */
static struct tcp_dir *conn_dir(struct packet *p)
{
	if (!p->session || p->ip_layer < 0 || !pkt_has_tcp(p))
		return NULL;
	struct flow_key key;
	flow_key_set(&key, p->ip_version, p->ip_src, p->ip_dst, p->sport, p->dport);
	return session_tcp_dir(p->session, &key);
}

void tcp_pdu_refused(struct packet *p, int idx, struct cursor *c, uint32_t flags)
{
	p->layers[idx].flags |= PKT_NESTED | PKT_NO_ITEM | flags;
	if (p->l4_layer >= 0)
		pkt_mark(p, p->l4_layer, PKT_MALFORMED);
	p->flags |= PKT_PDU_STOP;
	cursor_skip(c, cursor_rleft(c));
}

void tcp_pdu_message(struct packet *p, enum proto_id proto, struct cursor *c, pdu_len_fn len, uint32_t min,
		     uint32_t need, uint32_t flags)
{
	uint32_t avail = cursor_left(c), room = cursor_rleft(c);
	int idx = pkt_push_layer(p, proto, c->off);
	if (idx < 0)
		return;
	if (avail >= min && len(c->data + c->off, avail < room ? avail : room) == 0) {
		tcp_pdu_refused(p, idx, c, flags);
		return;
	}
	if (cursor_need(c, need))
		cursor_skip(c, room);
	pkt_note_cursor(p, idx, c);
}

void tcp_conn_follow(struct packet *p, dissector_fn fn, bool keep)
{
	struct tcp_dir *d = conn_dir(p);
	if (!d)
		return;
	if (!keep || !d->app)
		d->app = fn;
	if (d->peer && (!keep || !d->peer->app))
		d->peer->app = fn;
}

void tcp_tls_ask(struct packet *p)
{
	struct tcp_dir *d = conn_dir(p);
	if (d)
		d->tls_asked = true;
}

void tcp_tls_answer(struct packet *p, bool accepted)
{
	struct tcp_dir *d = conn_dir(p);
	if (!d || !d->peer || !d->peer->tls_asked)
		return;
	d->peer->tls_asked = false;
	if (accepted) {
		d->app = dissect_tls_port;
		d->peer->app = dissect_tls_port;
	}
}

void tcp_payload_fin(struct packet *p, struct tcp_dir *d, uint32_t off)
{
	uint32_t used;
	if (!d->gathering || !d->scanner || d->scanner(&d->scan, NULL, 0, &used) != SCAN_DONE)
		return;
	d->scanner = NULL;
	d->msp_end = d->next_seq;
	uint8_t first = p->nlayers;
	complete_pdu(d, p, off, true);
	/* a PDU that began in the FIN's own segment was never reassembled */
	uint32_t seq = p->tcp_seq + ((p->tcp_flags & TH_SYN) ? 1 : 0);
	if (!seq_before(d->msp_start, seq) && first < p->nlayers && p->layers[first].proto == PROTO_TCP_SEGMENTS) {
		memmove(&p->layers[first], &p->layers[first + 1], (size_t)(p->nlayers - first - 1) * sizeof p->layers[0]);
		p->nlayers--;
		p->tcp_seg = TCP_SEG_NONE; /* whole in this segment after all */
		p->tcp_seg_proto = 0;
	}
}

int tcp_scan_until_fin(struct pdu_scan *s, const uint8_t *data, uint32_t avail, uint32_t *used, bool until_fin)
{
	*used = 0;
	if (!data)
		return SCAN_DONE; /* the FIN: what was gathered is the message */
	if (until_fin || avail == 0)
		return SCAN_MORE;
	uint8_t before = avail >= 2 ? data[avail - 2] : s->state; /* the byte before the last */
	s->state = data[avail - 1];
	if (before != '\r' || data[avail - 1] != '\n')
		return SCAN_MORE;
	*used = avail;
	return SCAN_DONE;
}
