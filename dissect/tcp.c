/* tcp.c — Transmission Control Protocol (RFC 9293) and its common options
 * (MSS, window scale and timestamps RFC 7323, SACK RFC 2018).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-------------------------------+-------------------------------+
 *   |          Source Port          |       Destination Port        |
 *   +-------------------------------+-------------------------------+
 *   |                        Sequence Number                        |
 *   +---------------------------------------------------------------+
 *   |                    Acknowledgment Number                      |
 *   +-------+-----+-+-+-+-+-+-+-+-+-+-------------------------------+
 *   |  Data |     |A|C|E|U|A|P|R|S|F|                               |
 *   | Offset| Rsv |E|W|C|R|C|S|S|Y|I|            Window             |
 *   |       |     | |R|E|G|K|H|T|N|N|                               |
 *   +-------+-----+-+-+-+-+-+-+-+-+-+-------------------------------+
 *   |           Checksum            |         Urgent Pointer        |
 *   +-------------------------------+-------------------------------+
 *   |                    Options (Data Offset > 5)                  |
 *   +---------------------------------------------------------------+
 *
 * The segment length (tcp.len) is what the IP header declares minus the TCP
 * header, whether or not the capture kept those bytes.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/protocol.h"
#include "dissect/session.h"
#include "dissect/tcp_conv.h"
#include "dissect/tcp_expert.h"

static const struct field_def tcp_fields[] = {
	{"tcp.srcport", "Source Port", FT_UINT16, BASE_DEC, 0, 2, 0, NULL},
	{"tcp.dstport", "Destination Port", FT_UINT16, BASE_DEC, 2, 2, 0, NULL},
	{"tcp.port", "Source or Destination Port", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tcp.stream", "Stream index", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tcp.completeness", "Conversation completeness", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"tcp.len", "TCP Segment Len", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tcp.seq", "Sequence Number", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tcp.seq_raw", "Sequence Number (raw)", FT_UINT32, BASE_DEC, 4, 4, 0, NULL},
	{"tcp.nxtseq", "Next Sequence Number", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tcp.ack", "Acknowledgment Number", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tcp.ack_raw", "Acknowledgment number (raw)", FT_UINT32, BASE_DEC, 8, 4, 0, NULL},
	{"tcp.hdr_len", "Header Length", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"tcp.flags", "Flags", FT_UINT16, BASE_HEX, 12, 2, 0x0fff, NULL},
	{"tcp.flags.res", "Reserved", FT_BOOLEAN, BASE_NONE, 12, 2, 0x0e00, NULL},
	{"tcp.flags.ae", "Accurate ECN", FT_BOOLEAN, BASE_NONE, 12, 2, 0x0100, NULL},
	{"tcp.flags.cwr", "Congestion Window Reduced", FT_BOOLEAN, BASE_NONE, 12, 2, 0x0080, NULL},
	{"tcp.flags.ece", "ECN-Echo", FT_BOOLEAN, BASE_NONE, 12, 2, 0x0040, NULL},
	{"tcp.flags.urg", "Urgent", FT_BOOLEAN, BASE_NONE, 12, 2, 0x0020, NULL},
	{"tcp.flags.ack", "Acknowledgment", FT_BOOLEAN, BASE_NONE, 12, 2, 0x0010, NULL},
	{"tcp.flags.push", "Push", FT_BOOLEAN, BASE_NONE, 12, 2, 0x0008, NULL},
	{"tcp.flags.reset", "Reset", FT_BOOLEAN, BASE_NONE, 12, 2, 0x0004, NULL},
	{"tcp.flags.syn", "Syn", FT_BOOLEAN, BASE_NONE, 12, 2, 0x0002, NULL},
	{"tcp.flags.fin", "Fin", FT_BOOLEAN, BASE_NONE, 12, 2, 0x0001, NULL},
	{"tcp.flags.ace", "ACE", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"tcp.flags.str", "TCP Flags", FT_STRING, BASE_UTF8, FIELD_VAR, 0, 0, NULL},
	{"tcp.window_size_value", "Window", FT_UINT16, BASE_DEC, 14, 2, 0, NULL},
	{"tcp.window_size", "Calculated window size", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tcp.checksum", "Checksum", FT_UINT16, BASE_HEX, 16, 2, 0, NULL},
	{"tcp.checksum.status", "Checksum Status", FT_UINT8, BASE_NONE, FIELD_VAR, 1, 0, checksum_status_vals},
	{"tcp.urgent_pointer", "Urgent Pointer", FT_UINT16, BASE_DEC, 18, 2, 0, NULL},
	{"tcp.options", "Options", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.options.mss_val", "MSS Value", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, NULL},
	{"tcp.options.wscale.shift", "Shift count", FT_UINT8, BASE_DEC, FIELD_VAR, 1, 0, NULL},
	{"tcp.options.sack_perm", "TCP SACK Permitted Option", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.options.sack_le", "left edge", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tcp.options.sack_re", "right edge", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tcp.options.timestamp.tsval", "Timestamp value", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tcp.options.timestamp.tsecr", "Timestamp echo reply", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tcp.analysis.acks_frame", "This is an ACK to the segment in frame", FT_FRAMENUM, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"tcp.analysis.ack_rtt", "The RTT to ACK the segment was", FT_RELTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"tcp.analysis.initial_rtt", "iRTT", FT_RELTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"tcp.analysis.flags", "TCP Analysis Flags", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.analysis.retransmission", "This frame is a (suspected) retransmission", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.analysis.lost_segment", "Previous segment(s) not captured (common at capture start)", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.analysis.duplicate_ack", "Duplicate ACK", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.analysis.zero_window", "TCP Zero Window segment", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.analysis.keep_alive", "TCP Keep-Alive segment", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.analysis.window_update", "TCP window update", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.analysis.keep_alive_ack", "ACK to a TCP keep-alive segment", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.analysis.ack_lost_segment", "ACKed segment that wasn't captured (common at capture start)", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.analysis.out_of_order", "This frame is a (suspected) out-of-order segment", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.analysis.spurious_retransmission", "This frame is a (suspected) spurious retransmission", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.analysis.fast_retransmission", "This frame is a (suspected) fast retransmission", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.analysis.window_full", "TCP window specified by the receiver is now completely full", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	/* given by tcp_analysis_values() (dissect/tcp_expert.c) */
	{"tcp.analysis", "SEQ/ACK analysis", FT_NONE, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.analysis.bytes_in_flight", "Bytes in flight", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tcp.analysis.push_bytes_sent", "Bytes sent since last PSH flag", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tcp.analysis.duplicate_ack_num", "Duplicate ACK #", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"tcp.analysis.duplicate_ack_frame", "Duplicate to the ACK in frame", FT_FRAMENUM, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"tcp.analysis.rto", "The RTO for this segment was", FT_RELTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"tcp.analysis.rto_frame", "RTO based on delta from frame", FT_FRAMENUM, BASE_NONE, FIELD_VAR, 4, 0, NULL},
	{"tcp.time_relative", "Time since first frame in this TCP stream", FT_RELTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"tcp.time_delta", "Time since previous frame in this TCP stream", FT_RELTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"tcp.reset_cause", "Reset cause", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"tcp.payload", "TCP payload", FT_BYTES, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(tcp);

enum { OPT_EOL = 0, OPT_NOP = 1, OPT_MSS = 2, OPT_WS = 3, OPT_SACK_PERM = 4,
       OPT_SACK = 5, OPT_TS = 8, OPT_MPTCP = 30 };

static uint32_t get_be32(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

static uint16_t get_be16(const uint8_t *d)
{
	return (uint16_t)(d[0] << 8 | d[1]);
}

/* One option with its kind and length already read; V holds its LEN-2
 * bytes, taken whole from the cursor. */
static void tcp_option(struct packet *p, uint8_t kind, uint8_t len, const uint8_t *v)
{
	switch (kind) {
	case OPT_MSS:
		if (len == 4) {
			p->tcp_mss = get_be16(v);
			p->tcp_opts |= TCPOPT_SEEN_MSS;
		}
		break;
	case OPT_WS:
		if (len == 3) {
			p->tcp_wscale = v[0];
			p->tcp_opts |= TCPOPT_SEEN_WS;
		}
		break;
	case OPT_SACK_PERM:
		if (len == 2)
			p->tcp_opts |= TCPOPT_SEEN_SACK_PERM;
		break;
	case OPT_SACK:
		if (len >= 10 && (len - 2) % 8 == 0)
			p->tcp_opts |= TCPOPT_SEEN_SACK;
		break;
	case OPT_TS:
		if (len == 10) {
			p->tcp_tsval = get_be32(v);
			p->tcp_tsecr = get_be32(v + 4);
			p->tcp_opts |= TCPOPT_SEEN_TS;
		}
		break;
	case OPT_MPTCP:
		if (len >= 3)
			p->tcp_opts |= TCPOPT_SEEN_MPTCP;
		break;
	}
}

/* Walks the options in C (exactly the option bytes).  An option whose length
 * runs past the header, or is below 2, ends the walk: the option is shown as
 * bad (PKT_BAD_FIELD on layer IDX), no exception.  The bytes are walked in
 * place; the cursor fails where a read through it would have. */
static void tcp_options(struct packet *p, int idx, struct cursor *c)
{
	if (!cursor_ok(c))
		return;
	const uint8_t *o = c->data + c->off;
	uint32_t n = cursor_left(c), declared = cursor_rleft(c), i = 0;
	/* what most stacks send on every segment: NOP, NOP, a timestamp */
	if (n == 12 && declared == 12 && o[0] == OPT_NOP && o[1] == OPT_NOP && o[2] == OPT_TS && o[3] == 10) {
		tcp_option(p, OPT_TS, 10, o + 4);
		c->off += n;
		return;
	}
	while (i < n) {
		uint8_t kind = o[i++];
		if (kind == OPT_EOL)
			break;
		if (kind == OPT_NOP)
			continue;
		if (i == n) {
			c->off += i;
			cursor_fail(c, 1);
			return;
		}
		uint8_t len = o[i++];
		if (len < 2 || len - 2u > (declared > i ? declared - i : 0)) {
			p->layers[idx].flags |= PKT_BAD_FIELD;
			break;
		}
		if (len - 2u > n - i) {
			c->off += i;
			cursor_fail(c, len - 2u);
			return;
		}
		tcp_option(p, kind, len, o + i);
		i += len - 2u;
	}
	c->off += i;
}

/* The fixed header's fields, from the 20 bytes HDR holds (taken whole). */
static void tcp_set_key(struct packet *p, int idx, struct cursor *hdr, uint8_t hl, uint32_t seglen)
{
	const uint8_t *h = cursor_take(hdr, 20);
	if (!h)
		return;
	p->l4_layer = (int8_t)idx;
	p->sport = get_be16(h);
	p->dport = get_be16(h + 2);
	p->tcp_seq = get_be32(h + 4);
	p->tcp_ack = get_be32(h + 8);
	p->tcp_flags = get_be16(h + 12) & 0x0fff;
	p->tcp_window = get_be16(h + 14);
	p->tcp_hdr_len = hl;
	p->tcp_len = seglen;
	p->tcp_opts = 0;
}

static void tcp_set_quoted(struct packet *p, struct cursor *hdr)
{
	p->quoted.sport = cursor_be16(hdr);
	p->quoted.dport = cursor_be16(hdr);
	p->quoted.seq = cursor_be32(hdr);
	p->quoted.ack = cursor_be32(hdr);
	p->quoted.flags = cursor_be16(hdr) & 0x0fff;
	p->quoted.valid = p->quoted.ip_version != 0;
}

/* Whether layer IDX is a TCP header IPv6 handed no byte of: see
 * dissect_tcp(). */
static bool tcp_layer_empty(const struct layer *l)
{
	return (l->flags & (PKT_NESTED | PKT_MALFORMED)) == (PKT_NESTED | PKT_MALFORMED) && l->len == 0;
}

static bool tcp_header_absent(const struct packet *p, int idx)
{
	return tcp_layer_empty(&p->layers[idx]);
}

/* Such a header has none of its fields; once Accurate ECN was agreed, a
 * segment's AE, CWR and ECE bits are its ACE counter (tcp.flags.ace), not
 * three flags. */
static bool tcp_absent(const struct packet *p, const struct layer *l, const struct field_def *f)
{
	if (tcp_layer_empty(l))
		return true;
	return p->tcp_ace && (int)(l - p->layers) == p->l4_layer && f->offset == 12 &&
	       (f->mask & (TH_AE | TH_CWR | TH_ECE)) && !(f->mask & ~(TH_AE | TH_CWR | TH_ECE));
}

/* What the session notes of direction D once P's segment is done with. */
static void tcp_dir_seen(struct packet *p, struct tcp_dir *d)
{
	session_tcp_idle(p->session, d);
	d->last_ns = p->frame->ts_ns;
	if (p->tcp_flags & TH_SYN) {
		/* the ports opened afresh: a reset is over */
		d->reset = false;
		if (d->peer)
			d->peer->reset = false;
	}
}

void dissect_tcp(struct packet *p, struct cursor *c)
{
	/* IPv6 with a payload length of 0 (TCP segmentation offload)
	 * hands TCP nothing: Wireshark enters TCP (frame.protocols names
	 * it), which fails on its first byte before it shows a line or
	 * names itself in the Protocol column */
	if (c->err == CUR_OK && cursor_rleft(c) == 0 && p->ip_version == 6 && !(p->flags & PKT_IN_ERROR)) {
		int idx = pkt_push_layer(p, PROTO_TCP, c->off);
		if (idx >= 0) {
			p->layers[idx].len = 0;
			p->layers[idx].flags |= PKT_NESTED | PKT_NAMES_PROTO;
			pkt_mark(p, idx, PKT_MALFORMED);
		}
		return;
	}
	if (transport_absent(p, c, PROTO_TCP))
		return;
	int idx = pkt_push_layer(p, PROTO_TCP, c->off);
	if (idx < 0)
		return;
	uint32_t start = c->off;
	uint16_t sport, dport;
	uint8_t hl;
	const uint8_t *fixed = cursor_peek_all(c, 20);
	if (fixed) {
		sport = bytes_be16(fixed);
		dport = bytes_be16(fixed + 2);
		hl = (uint8_t)((fixed[12] >> 4) * 4);
		c->off += 20;
	} else {
		/* cut short: read as far as the bytes go, to say where they end */
		sport = cursor_be16(c);
		dport = cursor_be16(c);
		cursor_skip(c, 8);
		hl = (uint8_t)((cursor_u8(c) >> 4) * 4);
		cursor_skip(c, 7);
	}
	struct cursor hdr = {c->data, start, start + 20, start + 20, CUR_OK};
	if (cursor_ok(c) && (p->flags & PKT_IN_ERROR))
		tcp_set_quoted(p, &hdr);
	if (cursor_ok(c) && hl < 20) {
		p->layers[idx].flags |= PKT_BAD_FIELD; /* a bogus header length: said, no exception */
		return;
	}
	struct cursor opts = cursor_sub(c, cursor_ok(c) ? hl - 20u : 0);
	if (!cursor_ok(c) || !cursor_need(&opts, cursor_rleft(&opts))) {
		pkt_note_cursor(p, idx, cursor_ok(c) ? &opts : c);
		return;
	}
	if (!(p->flags & PKT_IN_ERROR)) {
		tcp_set_key(p, idx, &hdr, hl, cursor_rleft(c));
		tcp_options(p, idx, &opts);
		pkt_note_cursor(p, idx, &opts);
		if (p->tcp_opts & TCPOPT_SEEN_MPTCP)
			mptcp_option(p, start);
	}
	/* the state of the segment's direction, as the payload left it (unless
	 * the payload carried IP headers of its own) */
	struct tcp_dir *d = NULL;
	int8_t ip_layer = p->ip_layer;
	if (cursor_rleft(c) > 0)
		d = tcp_payload(p, c, sport, dport);
	else if (!(p->flags & PKT_IN_ERROR))
		d = tcp_no_payload(p, sport, dport);
	if (p->session && !(p->flags & (PKT_IN_ERROR | PKT_FRAGMENT)) &&
	    (!p->transport_only || openflow_port(sport, dport)) && (p->tcp_flags & (TH_FIN | TH_RST))) {
		struct flow_key key;
		flow_key_set(&key, p->ip_version, p->ip_src, p->ip_dst, sport, dport);
		if (p->ip_layer != ip_layer)
			d = session_tcp_dir_find(p->session, &key);
		if (d && (p->tcp_flags & TH_FIN))
			tcp_payload_fin(p, d, c->off);
		if (d) {
			tcp_dir_seen(p, d);
			session_tcp_close(p->session, &key, d, p->tcp_flags & TH_RST);
		}
	} else if (d) {
		tcp_dir_seen(p, d);
	}
}

/* ---- the packet list ------------------------------------------------------ */

/* The options of the header D (END bytes of it captured), in their order,
 * as Wireshark's Info shows them (MSS=1460 SACK_PERM TSval=.. TSecr=..
 * WS=128, SLE= SRE= relative to the acknowledgement when followed, TFO=R
 * or TFO=C for Fast Open). */
static void tcp_options_info(struct columns *c, const struct packet *p, const uint8_t *d, uint32_t end)
{
	bool rel = p->tcp_tracked && p->tcp_has_ack_base;
	for (uint32_t i = 20; i < end && d[i] != 0;) {
		if (d[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= end || d[i + 1] < 2 || i + d[i + 1] > end)
			return;
		const uint8_t *v = d + i + 2;
		uint8_t kind = d[i], len = d[i + 1];
		if (kind == 2 && len == 4)
			col_append(c, " MSS=%u", (unsigned)v[0] << 8 | v[1]);
		else if (kind == 3 && len == 3)
			col_append(c, " WS=%u", v[0] <= 14 ? 1u << v[0] : 1u << 14);
		else if (kind == 4 && len == 2)
			col_append(c, " SACK_PERM");
		else if (kind == 8 && len == 10)
			col_append(c, " TSval=%u TSecr=%u", get_be32(v), get_be32(v + 4));
		else if (kind == 34) /* TCP Fast Open (RFC 7413): a cookie, or a request for one */
			col_append(c, "%s", len == 2 ? " TFO=R" : " TFO=C");
		else if ((kind == 253 || kind == 254) && len >= 4 && v[0] == 0xf9 && v[1] == 0x89)
			/* the same in an experimental option (RFC 6994's identifier 0xf989) */
			col_append(c, "%s", len == 4 ? " TFO=R" : " TFO=C");
		else if (kind == 5 && (len - 2) % 8 == 0)
			for (uint32_t k = 0; k + 8 <= (uint32_t)len - 2; k += 8)
				col_append(c, " SLE=%u SRE=%u", get_be32(v + k) - (rel ? p->tcp_ack_base : 0),
					   get_be32(v + k + 4) - (rel ? p->tcp_ack_base : 0));
		i += len;
	}
}

/* The analysis of the segment before the Info, fenced so that what the
 * payload's protocols write leaves it: each flag's words put in front in
 * Wireshark's order, so the last put is shown first ("[TCP ACKed unseen
 * segment] [TCP Previous segment not captured] "). */
static void tcp_analysis_info(struct columns *c, const struct packet *p)
{
	uint16_t f = p->tcp_an_flags;
	if (p->tcp_port_reuse)
		col_prepend_fence(c, "[TCP Port numbers reused] ");
	/* a fast or spurious retransmission or an out-of-order segment is
	 * named as such, not as a retransmission too */
	if ((f & TA_RETRANSMISSION) && !(f & (TA_FAST_RETRANSMISSION | TA_SPURIOUS_RETRANSMISSION)))
		col_prepend_fence(c, "[TCP Retransmission] ");
	static const struct {
		uint16_t bit;
		const char *text;
	} words[] = {
		{TA_FAST_RETRANSMISSION, "[TCP Fast Retransmission] "},
		{TA_SPURIOUS_RETRANSMISSION, "[TCP Spurious Retransmission] "},
		{TA_OUT_OF_ORDER, "[TCP Out-Of-Order] "},
		{TA_LOST_SEGMENT, "[TCP Previous segment not captured] "},
		{TA_ACK_LOST_SEGMENT, "[TCP ACKed unseen segment] "},
		{TA_WINDOW_UPDATE, "[TCP Window Update] "},
		{TA_WINDOW_FULL, "[TCP Window Full] "},
		{TA_KEEP_ALIVE, "[TCP Keep-Alive] "},
		{TA_KEEP_ALIVE_ACK, "[TCP Keep-Alive ACK] "},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
		if (f & words[i].bit)
			col_prepend_fence(c, "%s", words[i].text);
	if ((f & TA_DUP_ACK) && p->tcp_dupack_num)
		col_prepend_fence(c, "[TCP Dup ACK %" G_GUINT64_FORMAT "#%u] ", p->tcp_dupack_frame, p->tcp_dupack_num);
	if (f & TA_ZERO_WINDOW)
		col_prepend_fence(c, "[TCP ZeroWindow] ");
}

/* A segment whose payload starts inside a message that is not complete in
 * this frame: what the message's protocol shows of it when it reads its
 * start again (from the frame when the message starts in this segment),
 * then TCP in the Protocol column and the words Wireshark adds, fenced with
 * the Protocol column locked, as messages that follow in the segment add to
 * them. */
static void tcp_segment_info(struct columns *c, const struct packet *p)
{
	const struct protocol *d = p->tcp_seg_proto ? protocol_of((enum proto_id)p->tcp_seg_proto) : NULL;
	if (d && d->partial) {
		uint32_t at = p->tcp_seg_start - 1;
		if (p->tcp_seg_start && at < p->frame->caplen)
			d->partial(c, p, p->frame->data + at, p->frame->caplen - at);
		else if (!p->tcp_seg_start)
			d->partial(c, p, p->reasm, p->reasm_len);
	}
	col_proto(c, "TCP");
	/* a space after what follows the fence (the summary, the message's
	 * start), none after the analysis words alone */
	if (c->info->len > c->fence)
		g_string_append_c(c->info, ' ');
	g_string_append(c->info, "[TCP segment of a reassembled PDU]");
	col_fence(c);
	col_lock_proto(c);
}

/* "443 → 50000 [SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0 MSS=1460 ...":
 * sequence numbers relative when the conversation is followed, the window
 * scaled when its shift is known. */
static void tcp_columns(struct columns *c, const struct packet *p, int idx)
{
	if (tcp_header_absent(p, idx)) {
		col_clear(c); /* the exception's "[Malformed Packet]" follows */
		return;
	}
	static const struct {
		uint16_t bit;
		const char *name;
	} flags[] = {{TH_FIN, "FIN"}, {TH_SYN, "SYN"}, {TH_RST, "RST"}, {TH_PUSH, "PSH"}, {TH_ACK, "ACK"},
		     {TH_URG, "URG"}, {TH_ECE, "ECE"}, {TH_CWR, "CWR"}, {TH_AE, "AE"}};
	col_proto(c, "TCP");
	col_set(c, "%u → %u [", p->sport, p->dport);
	bool any = false;
	for (size_t i = 0; i < G_N_ELEMENTS(flags); i++)
		if (p->tcp_flags & flags[i].bit) {
			if (any)
				g_string_append(c->info, ", ");
			g_string_append(c->info, flags[i].name);
			any = true;
		}
	col_append(c, "] Seq=%u", p->tcp_tracked && p->tcp_has_seq_base ? p->tcp_seq - p->tcp_seq_base : p->tcp_seq);
	if (p->tcp_flags & TH_ACK)
		col_append(c, " Ack=%u", p->tcp_tracked && p->tcp_has_ack_base ? p->tcp_ack - p->tcp_ack_base : p->tcp_ack);
	uint64_t win = p->tcp_window;
	if (p->tcp_tracked && p->tcp_win_shift >= 0)
		win <<= p->tcp_win_shift;
	col_append(c, " Win=%" G_GUINT64_FORMAT " Len=%u", win, p->tcp_len);
	const struct layer *l = &p->layers[idx];
	if (idx != p->l4_layer)
		return;
	if ((uint64_t)l->off + 20 <= p->frame->caplen) {
		const uint8_t *d = p->frame->data + l->off;
		uint32_t end = (uint32_t)(d[12] >> 4) * 4, have = p->frame->caplen - l->off;
		tcp_options_info(c, p, d, MIN(end, have));
	}
	if (p->tcp_tracked)
		tcp_analysis_info(c, p);
	if (p->tcp_seg == TCP_SEG_PART)
		tcp_segment_info(c, p);
	/* the reassembly's exception, noted after the Info with no separator */
	if (p->tcp_reasm_overlap)
		g_string_append(c->info, "[Reassembly error, protocol TCP: " TCP_REASM_OVERLAP "]");
}

static const char *const tcp_tree_fields[] = {"tcp.analysis", "tcp.time_", NULL};

/* tcp.port: the source port, then the destination port. */
static const struct field_pair tcp_pairs[] = {
	{"tcp.port", "tcp.srcport", "tcp.dstport"},
	{NULL, NULL, NULL},
};

static const struct handoff tcp_handoff[] = {
	IP_PROTO(6, dissect_tcp),
	HANDOFF_LIST_END,
};
/* The analysis across segments (stream numbers, relative numbers, the
 * tcp.analysis flags, times) needs the conversation followed. */
static int tcp_depth(const struct field_def *f)
{
	/* the fields whose values earlier segments give (AE, CWR and ECE are
	 * the ACE counter once Accurate ECN was agreed) */
	static const char *const tracked[] = {"tcp.seq", "tcp.ack", "tcp.nxtseq", "tcp.window_size", "tcp.completeness",
					      "tcp.flags.str", "tcp.flags.ace", "tcp.flags.ae", "tcp.flags.cwr",
					      "tcp.flags.ece"};
	if (!f)
		return -1;
	const char *a = f->abbrev;
	if (g_str_has_prefix(a, "tcp.stream") || g_str_has_prefix(a, "tcp.analysis") || g_str_has_prefix(a, "tcp.time_"))
		return DEPTH_TRACKED;
	for (size_t i = 0; i < G_N_ELEMENTS(tracked); i++)
		if (strcmp(a, tracked[i]) == 0)
			return DEPTH_TRACKED;
	return -1;
}

static void tcp_layer_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
			     const struct field_def *f, fvalue_fn fn, void *data)
{
	if (!tcp_layer_empty(l))
		tcp_field_values(p, l, d, n, f, fn, data);
}

/* A header IPv6 handed no byte of has only the exception's item. */
static void tcp_layer_expert(struct experts *e, const struct packet *p, int idx)
{
	if (!tcp_header_absent(p, idx))
		tcp_expert(e, p, idx);
}

PROTOCOL_ID(TCP, "tcp", "Transmission Control Protocol");
const struct protocol proto_tcp = {PROTO_TCP, .short_name = "TCP", .pairs = tcp_pairs, .depth = tcp_depth, .transport = true,
                                   .columns = tcp_columns, .expert = tcp_layer_expert, .absent = tcp_absent, .tree = tcp_tree,
                                   .tree_fields = tcp_tree_fields, .values = tcp_layer_values,
                                   .fields = &tcp_table, .handoff = tcp_handoff};
