/* tcp_values.c — TCP's field values, tcp.c's second file: the numbers its
 * header implies (header length, segment length, sequence and
 * acknowledgment numbers relative to each direction's first, the scaled
 * window), what the conversation's analysis found (stream, flags, the
 * segment acknowledged, round trips), and the options (RFC 9293 3.1: a
 * list of kind, length, value). */
#include <string.h>

#include "dissect/dissect.h"
#include "dissect/fieldval_give.h"
#include "dissect/tcp_conv.h"
#include "dissect/tcp_expert.h"

/* The numbers of layer L (its bytes D from the header on, HAVE of them
 * captured) of P the header and the conversation imply: false when F is
 * none of them. */
static bool tcp_number_value(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t have,
			     const char *a, fvalue_fn fn, void *data)
{
	int idx = (int)(l - p->layers);
	if (fv_same(a, "tcp.hdr_len")) {
		if (have >= 13)
			fv_give_uint(fn, data, (uint64_t)(d[12] >> 4) * 4);
		return true;
	}
	if (fv_same(a, "tcp.len")) {
		if (!(l->flags & PKT_IN_ERROR) && idx == p->l4_layer)
			fv_give_uint(fn, data, p->tcp_len);
		return true;
	}
	if (fv_same(a, "tcp.seq") || fv_same(a, "tcp.ack") || fv_same(a, "tcp.nxtseq")) {
		/* relative to the direction's first number, as Wireshark shows them;
		 * a header quoted in an ICMP error shows its numbers as sent */
		bool is_ack = a[4] == 'a';
		if (have >= 12 && (l->flags & PKT_IN_ERROR) && a[4] != 'n') {
			fv_give_uint(fn, data, fv_get32(d + (is_ack ? 8 : 4), true));
			return true;
		}
		if (have < 12 || !p->tcp_tracked || (l->flags & PKT_IN_ERROR) || idx != p->l4_layer)
			return true;
		if (is_ack && !(p->tcp_flags & TH_ACK)) {
			fv_give_uint(fn, data, p->tcp_ack); /* not an acknowledgment: the number as sent */
			return true;
		}
		uint32_t raw = is_ack ? p->tcp_ack : p->tcp_seq;
		if (is_ack ? !p->tcp_has_ack_base : !p->tcp_has_seq_base)
			return true;
		uint32_t rel = raw - (is_ack ? p->tcp_ack_base : p->tcp_seq_base);
		if (a[4] == 'n')
			rel += p->tcp_len + ((p->tcp_flags & (TH_SYN | TH_FIN)) ? 1 : 0);
		fv_give_uint(fn, data, rel);
		return true;
	}
	if (fv_same(a, "tcp.window_size")) {
		/* the window as sent, scaled when both SYNs offered scaling */
		if (have < 16)
			return true;
		uint64_t win = (uint64_t)d[14] << 8 | d[15];
		if (p->tcp_tracked && p->tcp_win_shift >= 0 && idx == p->l4_layer)
			win <<= p->tcp_win_shift;
		fv_give_uint(fn, data, win);
		return true;
	}
	if (fv_same(a, "tcp.stream")) {
		if (p->tcp_tracked)
			fv_give_uint(fn, data, p->tcp_stream);
		return true;
	}
	if (fv_same(a, "tcp.completeness")) {
		/* a header quoted in an ICMP error shows its conversation's */
		if (p->tcp_tracked && ((l->flags & PKT_IN_ERROR) || idx == p->l4_layer))
			fv_give_uint(fn, data, p->tcp_completeness);
		return true;
	}
	return false;
}

/* Whether the flags of layer L of P carry the ACE counter in place of AE,
 * CWR and ECE. */
static bool tcp_uses_ace(const struct packet *p, const struct layer *l)
{
	return p->tcp_ace && !(l->flags & PKT_IN_ERROR) && (int)(l - p->layers) == p->l4_layer;
}

/* The flags as one letter each, highest bit first, a middle dot for a bit
 * not set (tcp.flags.str); with Accurate ECN agreed, the ACE counter's
 * digit between dashes where AE, CWR and ECE would be. */
static void tcp_flags_str(const struct packet *p, const struct layer *l, const uint8_t *d, fvalue_fn fn, void *data)
{
	static const char letters[] = "RRRACEUAPRSF";
	unsigned flags = (unsigned)(d[12] & 0x0f) << 8 | d[13];
	static __thread char s[12 * 2 + 1]; /* outlives the call: pkt_field_first() keeps the pointer */
	size_t n = 0;
	bool ace = tcp_uses_ace(p, l);
	for (unsigned i = 0; i < 12; i++) {
		unsigned bit = 11 - i;
		if (ace && bit <= 8 && bit >= 6) {
			s[n++] = bit == 7 ? (char)('0' + ((flags >> 6) & 7)) : '-';
		} else if (flags >> bit & 1) {
			s[n++] = letters[i];
		} else {
			s[n++] = (char)0xc2; /* U+00B7 MIDDLE DOT */
			s[n++] = (char)0xb7;
		}
	}
	fv_give_ptr(fn, data, FV_STRING, (const uint8_t *)s, (uint32_t)n);
}

/* What the header's flags and the bytes after it give: the flags as
 * letters, the ACE counter, the checksum's status (never verified, as in
 * Wireshark by default), and the payload, which a reset's sender may fill
 * with text explaining it (RFC 9293 3.5.3: tcp.reset_cause). */
static bool tcp_header_value(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t have,
			     const char *a, fvalue_fn fn, void *data)
{
	if (fv_same(a, "tcp.flags.str")) {
		if (have >= 14)
			tcp_flags_str(p, l, d, fn, data);
		return true;
	}
	if (fv_same(a, "tcp.flags.ace")) {
		if (have >= 14 && tcp_uses_ace(p, l))
			fv_give_uint(fn, data, (uint64_t)((d[12] & 1) << 2 | d[13] >> 6));
		return true;
	}
	if (fv_same(a, "tcp.checksum.status")) {
		if (have >= 18)
			fv_give_uint(fn, data, CHECKSUM_UNVERIFIED);
		return true;
	}
	bool payload = fv_same(a, "tcp.payload");
	if (payload || fv_same(a, "tcp.reset_cause")) {
		uint32_t hlen = have >= 13 ? (uint32_t)(d[12] >> 4) * 4 : 0;
		if (hlen < 20 || have <= hlen)
			return true;
		bool rst = d[13] & TH_RST;
		uint32_t len = have - hlen;
		/* the segment's own bytes: not an Ethernet frame's padding */
		if (!(l->flags & PKT_IN_ERROR) && (int)(l - p->layers) == p->l4_layer && p->tcp_len < len)
			len = p->tcp_len;
		if (rst != !payload || len == 0)
			return true;
		fv_give_ptr(fn, data, payload ? FV_BYTES : FV_STRING, d + hlen, len);
		return true;
	}
	return false;
}

/* What the analysis of the conversation says of layer L of P: false when
 * F is none of its fields. */
static bool tcp_analysis_value(const struct packet *p, const struct layer *l, const struct field_def *f,
			       fvalue_fn fn, void *data)
{
	const char *a = f->abbrev;
	int idx = (int)(l - p->layers);
	if (strncmp(a, "tcp.analysis.", 13) == 0 && f->type == FT_NONE) {
		static const struct {
			const char *name;
			uint16_t bit;
		} flags[] = {{"flags", TA_ANALYSIS}, {"retransmission", TA_RETRANSMISSION},
			     {"lost_segment", TA_LOST_SEGMENT}, {"duplicate_ack", TA_DUP_ACK},
			     {"zero_window", TA_ZERO_WINDOW}, {"keep_alive", TA_KEEP_ALIVE},
			     {"window_update", TA_WINDOW_UPDATE}, {"keep_alive_ack", TA_KEEP_ALIVE_ACK},
			     {"window_full", TA_WINDOW_FULL}, {"ack_lost_segment", TA_ACK_LOST_SEGMENT},
			     {"out_of_order", TA_OUT_OF_ORDER}, {"spurious_retransmission", TA_SPURIOUS_RETRANSMISSION},
			     {"fast_retransmission", TA_FAST_RETRANSMISSION}};
		if (!p->tcp_tracked || (l->flags & PKT_IN_ERROR) || idx != p->l4_layer)
			return true;
		for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
			if (fv_same(a + 13, flags[i].name) && (p->tcp_an_flags & flags[i].bit)) {
				fv_give_ptr(fn, data, FV_NONE, NULL, 0);
				/* Wireshark's expert note on a duplicate ACK carries the
				 * field's name too: two occurrences */
				if (flags[i].bit == TA_DUP_ACK)
					fv_give_ptr(fn, data, FV_NONE, NULL, 0);
			}
		return true;
	}
	if (fv_same(a, "tcp.analysis.acks_frame")) {
		if (p->tcp_tracked && !(l->flags & PKT_IN_ERROR)) {
			if (p->tcp_has_ack)
				fv_give_uint(fn, data, p->tcp_acks_frame);
			else if (p->tcp_data_ack)
				fv_give_uint(fn, data, p->tcp_data_acks_frame);
		}
		return true;
	}
	if (fv_same(a, "tcp.analysis.ack_rtt") || fv_same(a, "tcp.analysis.initial_rtt")) {
		bool ack = a[13] == 'a';
		/* the analysis is there only when the session tracked the segment */
		if (!p->tcp_tracked || (l->flags & PKT_IN_ERROR))
			return true;
		/* Wireshark shows the initial RTT with a segment's analysis: data,
		 * an acknowledgment of new bytes or of a segment, or a flag */
		bool shown = ack ? p->tcp_has_ack || p->tcp_data_ack :
				   p->tcp_has_irtt && (p->tcp_len > 0 || p->tcp_acks_new || p->tcp_has_ack ||
						       p->tcp_data_ack || (p->tcp_an_flags & TA_ANALYSIS) || p->tcp_port_reuse);
		if (shown) {
			int64_t rtt = p->tcp_has_ack ? p->tcp_ack_rtt_ns : p->tcp_data_ack_rtt_ns;
			struct fvalue v = {.kind = FV_TIME, .i = ack ? rtt : p->tcp_irtt_ns};
			fn(&v, data);
		}
		return true;
	}
	return false;
}

/* TCP options, from byte 20 to the header length: kind(1), and but for
 * END (0) and NOP (1) length(1) and value.  SACK edges are relative to
 * the acknowledgment base SACK_BASE when HAVE_BASE, as Wireshark shows
 * them. */
static unsigned tcp_option_values(const uint8_t *d, uint32_t n, const char *a, bool have_base, uint32_t sack_base,
				  fvalue_fn fn, void *data)
{
	if (n < 20)
		return 0;
	uint32_t hlen = (uint32_t)(d[12] >> 4) * 4;
	if (hlen <= 20)
		return 0;
	uint32_t end = hlen < n ? hlen : n;
	if (fv_same(a, "tcp.options"))
		return fv_give_ptr(fn, data, FV_BYTES, d + 20, end - 20);
	unsigned given = 0;
	for (uint32_t i = 20; i < end;) {
		uint8_t kind = d[i];
		if (kind == 0)
			break;
		if (kind == 1) {
			i++;
			continue;
		}
		if (i + 1 >= end || d[i + 1] < 2 || i + d[i + 1] > end)
			break; /* cut short or malformed: nothing more is read */
		uint8_t len = d[i + 1];
		const uint8_t *v = d + i + 2;
		if (kind == 2 && len == 4 && fv_same(a, "tcp.options.mss_val"))
			given += fv_give_uint(fn, data, fv_get16(v, true));
		else if (kind == 3 && len == 3 && fv_same(a, "tcp.options.wscale.shift"))
			given += fv_give_uint(fn, data, v[0]);
		else if (kind == 4 && len == 2 && fv_same(a, "tcp.options.sack_perm"))
			given += fv_give_ptr(fn, data, FV_NONE, NULL, 0);
		else if (kind == 5 && (len - 2) % 8 == 0 &&
			 (fv_same(a, "tcp.options.sack_le") || fv_same(a, "tcp.options.sack_re")))
			for (uint32_t k = 0; k + 8 <= (uint32_t)len - 2; k += 8) {
				uint32_t edge = fv_get32(v + k + (a[17] == 'r' ? 4 : 0), true);
				given += fv_give_uint(fn, data, have_base ? edge - sack_base : edge);
			}
		else if (kind == 8 && len == 10 && fv_same(a, "tcp.options.timestamp.tsval"))
			given += fv_give_uint(fn, data, fv_get32(v, true));
		else if (kind == 8 && len == 10 && fv_same(a, "tcp.options.timestamp.tsecr"))
			given += fv_give_uint(fn, data, fv_get32(v + 4, true));
		i += len;
	}
	return given;
}

void tcp_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
		      const struct field_def *f, fvalue_fn fn, void *data)
{
	uint32_t cap;
	const uint8_t *h = fv_layer_base(p, l, &cap) + l->off;
	uint32_t have = l->off < cap ? cap - l->off : 0;
	if (tcp_number_value(p, l, h, have, f->abbrev, fn, data) || tcp_header_value(p, l, d, d ? n : 0, f->abbrev, fn, data) ||
	    tcp_analysis_value(p, l, f, fn, data) ||
	    tcp_analysis_values(p, (int)(l - p->layers), f->abbrev, fn, data))
		return;
	if (d && strncmp(f->abbrev, "tcp.options", 11) == 0)
		tcp_option_values(d, n, f->abbrev,
				  p->tcp_tracked && p->tcp_has_ack_base && !(l->flags & PKT_IN_ERROR), p->tcp_ack_base,
				  fn, data);
}
