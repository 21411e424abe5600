/* fieldval.c — a field's values in one packet.
 *
 * Fields with a fixed place are read from their layer's bytes through the
 * registry (offset, size, mask).  Fields that name two others (ip.addr is
 * ip.src and ip.dst) give both.  The rest are computed here per protocol:
 * the frame's own fields, lengths the headers imply, and the fields of
 * text and TLV protocols, parsed again from the layer's bytes. */
#include "dissect/fieldval.h"

#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/expert.h"
#include "dissect/rpc_progs.h"
#include "dissect/tcp_conv.h"
#include "dissect/tcp_expert.h"

static const struct field_def frame_fields[] = {
	{"frame.number", "Frame Number", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"frame.len", "Frame Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"frame.cap_len", "Capture Length", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"frame.time_relative", "Time since reference or first frame", FT_RELTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"frame.time_delta", "Time delta from previous captured frame", FT_RELTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"frame.time_epoch", "Epoch Time", FT_RELTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"frame.time", "Arrival Time", FT_ABSTIME, BASE_NONE, FIELD_VAR, 8, 0, NULL},
	{"frame.interface_id", "Interface id", FT_UINT32, BASE_DEC, FIELD_VAR, 4, 0, NULL},
	{"frame.protocols", "Protocols in frame", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"frame.marked", "Frame is marked", FT_BOOLEAN, BASE_NONE, FIELD_VAR, 1, 0, NULL},
	{"frame.comment", "Comment", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
	{"frame.md5_hash", "Frame MD5 Hash", FT_STRING, BASE_NONE, FIELD_VAR, 0, 0, NULL},
};
FIELD_TABLE_DEFINE(frame);

struct walk {
	fvalue_fn fn;
	void *data;
	unsigned n;
	bool stop;
};

static void give(struct walk *w, const struct fvalue *v)
{
	if (w->stop)
		return;
	w->n++;
	if (!w->fn(v, w->data))
		w->stop = true;
}

static void give_uint(struct walk *w, uint64_t u)
{
	struct fvalue v = {.kind = FV_UINT, .u = u};
	give(w, &v);
}

static void give_ptr(struct walk *w, uint8_t kind, const uint8_t *ptr, uint32_t len)
{
	struct fvalue v = {.kind = kind, .ptr = ptr, .len = len};
	give(w, &v);
}

static bool same(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static uint8_t kind_of(uint8_t type)
{
	switch (type) {
	case FT_IPV4: return FV_IPV4;
	case FT_IPV6: return FV_IPV6;
	case FT_ETHER: return FV_ETHER;
	case FT_BYTES: case FT_GUID: return FV_BYTES;
	case FT_STRING: return FV_STRING;
	case FT_RELTIME: case FT_ABSTIME: return FV_TIME;
	case FT_DOUBLE: return FV_DOUBLE;
	case FT_INT32: return FV_INT;
	case FT_PROTOCOL: case FT_NONE: return FV_NONE;
	default: return FV_UINT;
	}
}

/* The bytes layer L's offsets count from: the frame's, or for a layer
 * completed from earlier segments the kept start of its message. */
static const uint8_t *view(const struct packet *p, const struct layer *l, uint32_t *cap)
{
	if (l->flags & PKT_REASSEMBLED) {
		*cap = p->reasm_len;
		return p->reasm;
	}
	*cap = p->frame->caplen;
	return p->frame->data;
}

/* A field at a fixed place in layer L. */
static void fixed_value(struct walk *w, const struct packet *p, const struct layer *l, const struct field_def *f)
{
	uint8_t kind = kind_of(f->type);
	uint32_t cap;
	const uint8_t *base = view(p, l, &cap);
	uint64_t at = (uint64_t)l->off + f->offset;
	if (at + f->size > cap)
		return;
	/* TURN's ChannelData is STUN with a channel and a length only */
	if (l->proto == PROTO_STUN && (base[l->off] & 0xc0) && !same(f->abbrev, "stun.length"))
		return;
	if (kind == FV_IPV4 || kind == FV_IPV6 || kind == FV_ETHER || kind == FV_BYTES || kind == FV_STRING) {
		give_ptr(w, kind, base + at, f->size);
		return;
	}
	if (f->size == 0 || f->size > 8)
		return;
	uint64_t u = 0;
	for (unsigned i = 0; i < f->size; i++)
		u = base_le(f->base) ? u | (uint64_t)base[at + i] << (8 * i) : u << 8 | base[at + i];
	if (f->mask) {
		u &= f->mask;
		u >>= __builtin_ctz(f->mask);
	}
	/* one 2-byte field is a type or a length (802.3), never both */
	if ((l->proto == PROTO_ETH && same(f->abbrev, "eth.type") && u <= 1500) ||
	    (l->proto == PROTO_ETH && same(f->abbrev, "eth.len") && u > 1500))
		return;
	if (kind == FV_INT) {
		struct fvalue v = {.kind = FV_INT, .i = (int32_t)(uint32_t)u};
		give(w, &v);
		return;
	}
	give_uint(w, u);
}

/* Fields that are two others: both, in order. */
static const struct {
	const char *name, *first, *second;
} pairs[] = {
	{"ip.addr", "ip.src", "ip.dst"},
	{"ipv6.addr", "ipv6.src", "ipv6.dst"},
	{"tcp.port", "tcp.srcport", "tcp.dstport"},
	{"udp.port", "udp.srcport", "udp.dstport"},
	{"eth.addr", "eth.dst", "eth.src"},
};


static const uint8_t *layer_bytes(const struct packet *p, const struct layer *l, uint32_t *n)
{
	uint32_t cap;
	const uint8_t *base = view(p, l, &cap);
	if (l->off >= cap) {
		*n = 0;
		return NULL;
	}
	uint32_t end = l->off + l->len;
	if (end > cap || end < l->off)
		end = cap;
	*n = end - l->off;
	return base + l->off;
}

/* Whether layer L handed its payload on by an ethertype, which Wireshark's
 * frame.protocols shows as "ethertype" after it. */
static bool via_ethertype(const struct packet *p, const struct layer *l)
{
	uint32_t cap;
	const uint8_t *b = view(p, l, &cap);
	uint32_t at;
	switch (l->proto) {
	case PROTO_ETH: at = 12; break;
	case PROTO_VLAN: case PROTO_IEEE8021AD: at = 2; break;
	case PROTO_SLL: at = p->frame->linktype == LINKTYPE_LINUX_SLL2 ? 0 : 14; break;
	default: return false;
	}
	if ((uint64_t)l->off + at + 2 > cap)
		return false;
	return ((uint32_t)b[l->off + at] << 8 | b[l->off + at + 1]) > 1500;
}

/* Whether layer I is an ICMP or ICMPv6 echo with data, which Wireshark's
 * frame.protocols shows as "data" after it (the hierarchy does not). */
static bool echo_data(const struct packet *p, int i)
{
	const struct layer *l = &p->layers[i];
	if ((l->proto != PROTO_ICMP && l->proto != PROTO_ICMPV6) || i + 1 != p->nlayers)
		return false;
	uint32_t cap;
	const uint8_t *b = view(p, l, &cap);
	if ((uint64_t)l->off + 8 >= cap || (uint64_t)l->off + 8 >= (uint64_t)l->off + l->len)
		return false;
	uint8_t type = b[l->off];
	return l->proto == PROTO_ICMP ? type == 0 || type == 8 : type == 128 || type == 129;
}

/* The frame's own fields. */
static void frame_value(struct walk *w, const struct packet *p, const struct field_def *f)
{
	static char protocols[PKT_MAX_LAYERS * 24];
	const struct frame *fr = p->frame;
	struct fvalue v = {.kind = FV_TIME};
	if (same(f->abbrev, "frame.number")) {
		give_uint(w, fr->number);
	} else if (same(f->abbrev, "frame.len")) {
		give_uint(w, fr->len);
	} else if (same(f->abbrev, "frame.cap_len")) {
		give_uint(w, fr->caplen);
	} else if (same(f->abbrev, "frame.interface_id")) {
		/* only pcapng numbers interfaces */
		if (fr->interface != FRAME_NO_INTERFACE && (fr->flags & FRAME_PCAPNG))
			give_uint(w, fr->interface);
	} else if (same(f->abbrev, "frame.marked")) {
		give_uint(w, 0);
	} else if (same(f->abbrev, "frame.comment")) {
		if ((fr->flags & (FRAME_COMMENT | FRAME_PCAPNG)) == (FRAME_COMMENT | FRAME_PCAPNG) && fr->comment)
			give_ptr(w, FV_STRING, fr->comment, fr->comment_len);
	} else if (same(f->abbrev, "frame.md5_hash")) {
		/* of the captured bytes, as Wireshark gives it when asked to */
		static char md5[33];
		g_autofree char *hex = g_compute_checksum_for_data(G_CHECKSUM_MD5, fr->data, fr->caplen);
		g_strlcpy(md5, hex, sizeof md5);
		give_ptr(w, FV_STRING, (const uint8_t *)md5, 32);
	} else if (same(f->abbrev, "frame.time_relative")) {
		v.i = ts_diff(fr->ts_ns, p->first_ns);
		give(w, &v);
	} else if (same(f->abbrev, "frame.time_delta")) {
		v.i = ts_diff(fr->ts_ns, p->prev_ns);
		give(w, &v);
	} else if (same(f->abbrev, "frame.time_epoch") || same(f->abbrev, "frame.time")) {
		v.i = fr->ts_ns;
		give(w, &v);
	} else if (same(f->abbrev, "frame.protocols")) {
		size_t used = 0;
		protocols[0] = 0;
		/* Messages after the first in a segment add no protocol of
		 * their own (Wireshark hands them to the dissector directly);
		 * one completed from earlier segments does. */
		bool reassembled = false;
		for (int i = 0; i < p->nlayers; i++) {
			const struct layer *l = &p->layers[i];
			if (l->proto == PROTO_TCP_SEGMENTS) {
				reassembled = true;
				continue; /* a hierarchy node, not a protocol of the frame */
			}
			if (l->proto == PROTO_PKT_COMMENT || (l->flags & PKT_TREE_ONLY))
				continue; /* the file's comment, an RPC program's NULL procedure:
					   * in the hierarchy, not in the frame */
			if (i > 0 && l->proto == p->layers[i - 1].proto && !reassembled)
				continue;
			reassembled = false;
			int extra = via_ethertype(p, l) || echo_data(p, i);
			for (int k = 0; k < 1 + extra; k++) {
				const char *a = !k ? proto_get((enum proto_id)l->proto)->abbrev :
					    l->proto == PROTO_ICMP || l->proto == PROTO_ICMPV6 ? "data" : "ethertype";
				size_t n = strlen(a);
				if (used + n + 2 > sizeof protocols)
					break;
				if (used)
					protocols[used++] = ':';
				memcpy(protocols + used, a, n);
				used += n;
			}
		}
		give_ptr(w, FV_STRING, (const uint8_t *)protocols, (uint32_t)used);
	}
}

/* TCP, UDP and IP values the headers imply. */
static bool transport_value(struct walk *w, const struct packet *p, int idx, const struct field_def *f)
{
	const struct layer *l = &p->layers[idx];
	uint32_t cap;
	const uint8_t *d = view(p, l, &cap) + l->off;
	uint32_t have = l->off < cap ? cap - l->off : 0;
	if (same(f->abbrev, "tcp.hdr_len")) {
		if (have >= 13)
			give_uint(w, (uint64_t)(d[12] >> 4) * 4);
		return true;
	}
	if (same(f->abbrev, "tcp.len")) {
		if (!(l->flags & PKT_IN_ERROR) && idx == p->l4_layer)
			give_uint(w, p->tcp_len);
		return true;
	}
	if (same(f->abbrev, "tcp.seq") || same(f->abbrev, "tcp.ack") || same(f->abbrev, "tcp.nxtseq")) {
		/* relative to the direction's first number, as Wireshark shows them;
		 * a header quoted in an ICMP error shows its numbers as sent */
		bool is_ack = f->abbrev[4] == 'a';
		if (have >= 12 && (l->flags & PKT_IN_ERROR) && f->abbrev[4] != 'n') {
			const uint8_t *n = d + (is_ack ? 8 : 4);
			give_uint(w, (uint32_t)n[0] << 24 | (uint32_t)n[1] << 16 | (uint32_t)n[2] << 8 | n[3]);
			return true;
		}
		if (have < 12 || !p->tcp_tracked || (l->flags & PKT_IN_ERROR) || idx != p->l4_layer)
			return true;
		if (is_ack && !(p->tcp_flags & TH_ACK)) {
			give_uint(w, p->tcp_ack); /* not an acknowledgment: the number as sent */
			return true;
		}
		uint32_t raw = is_ack ? p->tcp_ack : p->tcp_seq;
		if (is_ack ? !p->tcp_has_ack_base : !p->tcp_has_seq_base)
			return true;
		uint32_t rel = raw - (is_ack ? p->tcp_ack_base : p->tcp_seq_base);
		if (f->abbrev[4] == 'n')
			rel += p->tcp_len + ((p->tcp_flags & (TH_SYN | TH_FIN)) ? 1 : 0);
		give_uint(w, rel);
		return true;
	}
	if (same(f->abbrev, "tcp.window_size")) {
		/* the window as sent, scaled when both SYNs offered scaling */
		if (have < 16)
			return true;
		uint64_t win = (uint64_t)d[14] << 8 | d[15];
		if (p->tcp_tracked && p->tcp_win_shift >= 0 && idx == p->l4_layer)
			win <<= p->tcp_win_shift;
		give_uint(w, win);
		return true;
	}
	if (same(f->abbrev, "udp.stream")) {
		if (p->udp_stream_valid && idx == p->udp_stream_layer)
			give_uint(w, p->udp_stream);
		else if (p->udp_quoted_valid && (l->flags & PKT_IN_ERROR))
			give_uint(w, p->udp_quoted_stream);
		return true;
	}
	if (same(f->abbrev, "tcp.stream")) {
		if (p->tcp_tracked)
			give_uint(w, p->tcp_stream);
		return true;
	}
	if (strncmp(f->abbrev, "tcp.analysis.", 13) == 0 && f->type == FT_NONE) {
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
			if (same(f->abbrev + 13, flags[i].name) && (p->tcp_an_flags & flags[i].bit)) {
				give_ptr(w, FV_NONE, NULL, 0);
				/* Wireshark's expert note on a duplicate ACK carries the
				 * field's name too: two occurrences */
				if (flags[i].bit == TA_DUP_ACK)
					give_ptr(w, FV_NONE, NULL, 0);
			}
		return true;
	}
	if (same(f->abbrev, "tcp.analysis.acks_frame")) {
		if (p->tcp_tracked && !(l->flags & PKT_IN_ERROR)) {
			if (p->tcp_has_ack)
				give_uint(w, p->tcp_acks_frame);
			else if (p->tcp_data_ack)
				give_uint(w, p->tcp_data_acks_frame);
		}
		return true;
	}
	if (same(f->abbrev, "tcp.analysis.ack_rtt") || same(f->abbrev, "tcp.analysis.initial_rtt")) {
		bool ack = f->abbrev[13] == 'a';
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
			give(w, &v);
		}
		return true;
	}
	if (same(f->abbrev, "ip.hdr_len")) {
		if (have >= 1)
			give_uint(w, (uint64_t)(d[0] & 0x0f) * 4);
		return true;
	}
	if (same(f->abbrev, "ip.frag_offset")) {
		if (have >= 8)
			give_uint(w, (uint64_t)(((d[6] & 0x1f) << 8) | d[7]) * 8);
		return true;
	}
	return false;
}

/* The header fields named by their header line: every line of that name
 * (any case) gives its value, without surrounding blanks. */
static const struct {
	const char *field, *header;
} http_header_fields[] = {
	{"http.host", "host"}, {"http.user_agent", "user-agent"}, {"http.server", "server"},
	{"http.content_type", "content-type"}, {"http.content_encoding", "content-encoding"},
	{"http.transfer_encoding", "transfer-encoding"}, {"http.connection", "connection"},
	{"http.location", "location"}, {"http.referer", "referer"}, {"http.cookie", "cookie"},
	{"http.set_cookie", "set-cookie"}, {"http.authorization", "authorization"}, {"http.accept", "accept"},
};

static bool http_headers(struct walk *w, const struct http_info *hi, uint32_t n, const char *a)
{
	const char *want = NULL;
	for (size_t i = 0; i < sizeof http_header_fields / sizeof http_header_fields[0]; i++)
		if (same(a, http_header_fields[i].field))
			want = http_header_fields[i].header;
	if (!want)
		return true;
	size_t wlen = strlen(want);
	const uint8_t *b = hi->base;
	uint32_t end = hi->hdr_len ? hi->hdr_len : n, i = 0;
	while (i < end && b[i] != '\n') /* the start line */
		i++;
	for (i++; i < end;) {
		uint32_t eol = i;
		while (eol < end && b[eol] != '\n')
			eol++;
		uint32_t stop = eol > i && b[eol - 1] == '\r' ? eol - 1 : eol;
		if (stop == i)
			break; /* the empty line */
		if (stop - i > wlen && b[i + wlen] == ':' && g_ascii_strncasecmp((const char *)b + i, want, wlen) == 0) {
			uint32_t v = i + (uint32_t)wlen + 1;
			while (v < stop && (b[v] == ' ' || b[v] == '\t'))
				v++;
			uint32_t ve = stop;
			while (ve > v && (b[ve - 1] == ' ' || b[ve - 1] == '\t'))
				ve--;
			give_ptr(w, FV_STRING, b + v, ve - v);
		}
		i = eol + 1;
	}
	return true;
}

/* HTTP fields from the message's start line and header. */
static bool http_value(struct walk *w, const struct packet *p, const struct layer *l, const struct field_def *f)
{
	uint32_t n;
	const uint8_t *b = layer_bytes(p, l, &n);
	struct http_info hi;
	if (!b || !http_parse(b, n, &hi))
		return true;
	const char *a = f->abbrev;
	struct span s = {0, 0};
	bool have = false;
	if (same(a, "http.request")) {
		if (hi.kind == HTTP_REQUEST)
			give_uint(w, 1);
		return true;
	}
	if (same(a, "http.response")) {
		if (hi.kind == HTTP_RESPONSE)
			give_uint(w, 1);
		return true;
	}
	if (same(a, "http.response.code")) {
		if (hi.kind == HTTP_RESPONSE)
			give_uint(w, hi.code);
		return true;
	}
	if (same(a, "http.file_data")) {
		/* a message completed from several segments keeps its first
		 * PKT_REASSEMBLED_MAX bytes: the body as far as they go (a
		 * presence test or a match found is then right; a match beyond
		 * them is missed) */
		static uint8_t joined[65536];
		const uint8_t *body;
		uint32_t len;
		bool prefix = (l->flags & PKT_REASSEMBLED) && p->reasm_len >= PKT_REASSEMBLED_MAX;
		if (http_file_data(b, n, &hi, prefix, joined, sizeof joined, &body, &len))
			give_ptr(w, FV_STRING, body, len);
		return true;
	}
	if (same(a, "http.content_length")) {
		if (hi.has_length)
			give_uint(w, hi.content_length);
		return true;
	}
	if (same(a, "http.request.method") && hi.kind == HTTP_REQUEST)
		s = hi.method, have = true;
	else if (same(a, "http.request.uri") && hi.kind == HTTP_REQUEST)
		s = hi.uri, have = true;
	else if (same(a, "http.request.version") && hi.kind == HTTP_REQUEST)
		s = hi.version, have = true;
	else if (same(a, "http.response.version") && hi.kind == HTTP_RESPONSE)
		s = hi.version, have = true;
	else if (same(a, "http.response.phrase") && hi.kind == HTTP_RESPONSE)
		s = hi.phrase, have = true;
	else
		return http_headers(w, &hi, n, a);
	if (have)
		give_ptr(w, FV_STRING, hi.base + s.off, s.len);
	return true;
}

/* The name of an SMB TRANSACTION request (command 0x25), in the bytes
 * from AT of the SMB message B (N bytes): ASCII, or UTF-16 (flags2 0x8000)
 * after a pad to an even offset; to a NUL. */
static void smb_trans_name(struct walk *w, const uint8_t *b, uint32_t n, uint32_t at, uint32_t flags2)
{
	static char name[256];
	if (n < 33 || b[4] != 0x25 || (b[9] & 0x80))
		return;
	size_t used = 0;
	if (flags2 & 0x8000) {
		at += at & 1;
		for (; at + 1 < n && (b[at] || b[at + 1]) && used + 1 < sizeof name; at += 2)
			name[used++] = b[at + 1] || b[at] >= 0x80 ? '?' : (char)b[at];
	} else {
		for (; at < n && b[at] && used + 1 < sizeof name; at++)
			name[used++] = (char)b[at];
	}
	give_ptr(w, FV_STRING, (const uint8_t *)name, (uint32_t)used);
}

/* Hands a value found elsewhere to the walk. */
static bool relay(const struct fvalue *v, void *data)
{
	struct walk *w = data;
	give(w, v);
	return !w->stop;
}

/* Fields the protocols' own header readers give. */
struct named_uint {
	const char *name;
	uint64_t value;
	bool present;
};

static void give_named(struct walk *w, const struct field_def *f, const struct named_uint *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].present && same(f->abbrev, v[i].name)) {
			give_uint(w, v[i].value);
			return;
		}
}

static void header_value(struct walk *w, const struct packet *p, const struct layer *l, const struct field_def *f)
{
	switch (l->proto) {
	case PROTO_SMB2: {
		struct smb2_info i;
		if (!smb2_header_info(p, l, &i))
			return;
		/* a request's status field is the channel sequence in SMB 3 */
		bool response = i.flags & 0x1;
		const struct named_uint v[] = {{"smb2.cmd", i.cmd, true}, {"smb2.nt_status", i.status, response},
					       {"smb2.header_len", i.header_len, true},
					       {"smb2.credit.charge", i.credit_charge, true},
					       {"smb2.flags", i.flags, true}, {"smb2.chain_offset", i.next_cmd, true},
					       {"smb2.pid", i.pid, !i.async}, {"smb2.tid", i.tid, !i.async},
					       {"smb2.aid", i.async_id, i.async}, {"smb2.msg_id", i.msg_id, true},
					       {"smb2.sesid", i.sesid, true},
					       {"smb2.ioctl.function", i.ioctl_function, i.has_ioctl}};
		give_named(w, f, v, sizeof v / sizeof v[0]);
		return;
	}
	case PROTO_SMB: {
		struct smb_info i;
		if (!smb_header_info(p, l, &i))
			return;
		uint32_t n;
		const uint8_t *b = layer_bytes(p, l, &n);
		/* after the 32-byte header: word count, words, byte count, bytes */
		uint32_t bcc_at = b && n > 32 ? 33 + 2u * b[32] : 0;
		bool has_bcc = bcc_at && bcc_at + 2 <= n;
		if (same(f->abbrev, "smb.trans_name") && has_bcc) {
			smb_trans_name(w, b, n, bcc_at + 2, i.flags2);
			return;
		}
		/* NT status when flags2 says so, else a DOS error class and code */
		const struct named_uint v[] = {{"smb.nt_status", i.status, i.flags2 & 0x4000},
					       {"smb.flags2", i.flags2, true},
					       {"smb.tid", i.tid, true}, {"smb.pid", i.pid, true},
					       {"smb.uid", i.uid, true}, {"smb.mid", i.mid, true},
					       {"smb.bcc", has_bcc ? (uint32_t)(b[bcc_at] | b[bcc_at + 1] << 8) : 0, has_bcc}};
		give_named(w, f, v, sizeof v / sizeof v[0]);
		return;
	}
	case PROTO_DCERPC: {
		struct dcerpc_info i;
		if (!dcerpc_header_info(p, l, &i))
			return;
		if (same(f->abbrev, "dcerpc.cn_ctx_id") || same(f->abbrev, "dcerpc.cn_bind_if_ver")) {
			/* a bind's context items, each its id and interface version */
			uint16_t ctx, ver;
			uint8_t uuid[16];
			for (unsigned k = 0; dcerpc_bind_iface(p, l, k, &ctx, uuid, &ver); k++)
				give_uint(w, f->abbrev[10] == 'c' ? ctx : ver);
		}
		if (same(f->abbrev, "dcerpc.cn_bind_to_uuid")) {
			uint16_t ctx, ver;
			uint8_t uuid[16];
			for (unsigned k = 0; dcerpc_bind_iface(p, l, k, &ctx, uuid, &ver); k++)
				give_ptr(w, FV_BYTES, uuid, 16);
			return;
		}
		const struct named_uint v[] = {{"dcerpc.cn_frag_len", i.frag_len, true},
					       {"dcerpc.cn_auth_len", i.auth_len, true},
					       {"dcerpc.cn_call_id", i.call_id, true},
					       {"dcerpc.cn_alloc_hint", i.alloc_hint, i.has_alloc_hint},
					       {"dcerpc.cn_num_ctx_items", i.num_ctx, i.has_num_ctx},
					       {"dcerpc.cn_ctx_id", i.ctx_id, i.has_ctx},
					       {"dcerpc.opnum", i.has_opnum ? i.opnum : p->dcerpc_opnum,
						i.has_opnum || (i.ptype == 2 && p->dcerpc_answered)}};
		give_named(w, f, v, sizeof v / sizeof v[0]);
		return;
	}
	case PROTO_RPC: {
		uint32_t mark;
		if (same(f->abbrev, "rpc.lastfrag") || same(f->abbrev, "rpc.fraglen")) {
			/* over TCP, the record mark before a message or fragment */
			if (rpc_record_mark(p, (int)(l - p->layers), &mark))
				give_uint(w, same(f->abbrev, "rpc.lastfrag") ? mark >> 31 : mark & 0x7fffffffu);
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
		if (known && repeats && same(f->abbrev, "rpc.programversion"))
			give_uint(w, vers);
		if (known && repeats && same(f->abbrev, "rpc.procedure") && !rpc_proc_name(prog, vers, 0))
			give_uint(w, proc);
		const struct named_uint v[] = {{"rpc.xid", i.xid, true}, {"rpc.msgtyp", i.msg_type, true},
					       {"rpc.version", 2, call},
					       {"rpc.program", prog, known}, {"rpc.programversion", vers, known},
					       {"rpc.procedure", proc, known}, {"rpc.replystat", i.reply_state, !call},
					       {"rpc.state_accept", i.accept_state, !call && i.reply_state == 0},
					       {"rpc.call.dup", i.dup_of, call && i.dup_of},
					       {"rpc.reply.dup", i.dup_of, !call && i.dup_of}};
		if (i.dup_of && same(f->abbrev, "rpc.dup"))
			give_ptr(w, FV_NONE, NULL, 0);
		give_named(w, f, v, sizeof v / sizeof v[0]);
		return;
	}
	case PROTO_NFS: case PROTO_MOUNT: case PROTO_PORTMAP: {
		/* the call's program version and procedure, from the RPC layer
		 * before (a reply's from its call) */
		struct rpc_info i;
		int idx = (int)(l - p->layers);
		uint32_t n, mark;
		const uint8_t *b;
		if (idx < 1 || !rpc_read_info(p, &p->layers[idx - 1], &i) ||
		    !rpc_message_bytes(p, idx - 1, &b, &n, &mark) || i.body > n)
			return;
		/* the arguments or results, in the frame or in a record put
		 * together from fragments */
		bool call = i.msg_type == 0;
		if (call || i.answered)
			rpc_program_values(b + i.body, n - i.body, l->proto, call, i.version, i.procedure, f->abbrev,
					   relay, w);
		return;
	}
	case PROTO_LDAP: case PROTO_CLDAP: {
		uint32_t id, op;
		if (!ldap_message_info(p, l, &id, &op))
			return;
		const struct named_uint v[] = {{"ldap.messageID", id, true}, {"ldap.protocolOp", op, true},
					       {"cldap.messageID", id, true}, {"cldap.protocolOp", op, true}};
		give_named(w, f, v, sizeof v / sizeof v[0]);
		return;
	}
	case PROTO_QUIC: case PROTO_GQUIC: {
		uint32_t n;
		const uint8_t *b = layer_bytes(p, l, &n);
		struct quic_info q;
		if (!b || !quic_parse(b, n, &q))
			return;
		if (l->proto == PROTO_GQUIC) {
			/* public flags, [CID(8)], [version(4): "Q046"] */
			uint32_t at = 1 + ((b[0] & 0x08) ? 8 : 0);
			if (same(f->abbrev, "gquic.version") && (b[0] & 0x01) && at + 4 <= n)
				give_ptr(w, FV_STRING, b + at, 4);
			else if (same(f->abbrev, "gquic.cid") && (b[0] & 0x08) && n >= 9) {
				uint64_t cid = 0; /* little-endian */
				for (int k = 8; k >= 1; k--)
					cid = cid << 8 | b[k];
				give_uint(w, cid);
			}
			return;
		}
		if (same(f->abbrev, "quic.version") && (q.has_version || q.long_header))
			give_uint(w, q.version);
		else if (same(f->abbrev, "quic.long.packet_type") && q.long_header && q.version != 0)
			give_uint(w, (q.first >> 4) & 3);
		else if (same(f->abbrev, "quic.dcil") && q.long_header)
			give_uint(w, q.dcid.len);
		else if (same(f->abbrev, "quic.scil") && q.long_header)
			give_uint(w, q.scid.len);
		else if (same(f->abbrev, "quic.dcid") && q.dcid.len)
			give_ptr(w, FV_BYTES, b + q.dcid.off, q.dcid.len);
		else if (same(f->abbrev, "quic.scid") && q.scid.len)
			give_ptr(w, FV_BYTES, b + q.scid.off, q.scid.len);
		return;
	}
	case PROTO_SSH: {
		uint32_t n;
		const uint8_t *b = layer_bytes(p, l, &n);
		struct ssh_info si;
		if (!b || !ssh_parse(b, n, &si))
			return;
		if (same(f->abbrev, "ssh.protocol") && si.banner.len)
			give_ptr(w, FV_STRING, b + si.banner.off, si.banner.len);
		else if (si.has_packet) {
			const struct named_uint v[] = {{"ssh.packet_length", si.packet_length, true},
						       {"ssh.padding_length", si.padding_length, true},
						       {"ssh.message_code", si.message_code, true}};
			give_named(w, f, v, sizeof v / sizeof v[0]);
		}
		return;
	}
	default:
		return;
	}
}

static void layer_value(struct walk *w, const struct packet *p, int idx, const struct field_def *f)
{
	const struct layer *l = &p->layers[idx];
	if (f->type == FT_PROTOCOL) {
		give_ptr(w, FV_NONE, NULL, 0);
		return;
	}
	if (l->proto == PROTO_TLS) {
		uint32_t n;
		const uint8_t *b = layer_bytes(p, l, &n);
		if (b)
			tls_field_values(b, n, l->flags & PKT_REASSEMBLED, p->tls13, f->abbrev, relay, w);
		return;
	}
	if (f->offset != FIELD_VAR) {
		fixed_value(w, p, l, f);
		return;
	}
	if (transport_value(w, p, idx, f))
		return;
	if (l->proto == PROTO_TCP && tcp_analysis_values(p, idx, f->abbrev, relay, w))
		return;
	/* the header readers of fieldval_hdr.c (false: not one of theirs) */
	uint32_t hn;
	const uint8_t *hb = layer_bytes(p, l, &hn);
	if (hb && header_field_values(p, l, hb, hn, f->abbrev, relay, w))
		return;
	switch (l->proto) {
	case PROTO_HTTP:
		http_value(w, p, l, f);
		break;
	case PROTO_RPC: case PROTO_NFS: case PROTO_MOUNT: case PROTO_PORTMAP:
		header_value(w, p, l, f); /* reads a message put together as well */
		break;
	case PROTO_BITTORRENT: {
		uint32_t n;
		const uint8_t *b = layer_bytes(p, l, &n);
		if (b)
			bittorrent_field_values(b, n, f->abbrev, relay, w);
		break;
	}
	case PROTO_BT_DHT: case PROTO_BT_UTP: {
		uint32_t n;
		const uint8_t *b = layer_bytes(p, l, &n);
		if (b && l->proto == PROTO_BT_DHT)
			bt_dht_field_values(b, n, f->abbrev, relay, w);
		else if (b)
			bt_utp_field_values(b, n, f->abbrev, relay, w);
		break;
	}
	case PROTO_DNS: case PROTO_MDNS: case PROTO_LLMNR: {
		uint32_t n, cap;
		const uint8_t *b = layer_bytes(p, l, &n);
		if (same(f->abbrev, "dns.length")) { /* on TCP, the two bytes before the message */
			const uint8_t *base = view(p, l, &cap);
			int below = idx - 1; /* messages after the first in a segment follow one another */
			while (below >= 0 && p->layers[below].proto == l->proto)
				below--;
			if (below >= 0 && p->layers[below].proto == PROTO_TCP && l->off >= 2 && l->off <= cap)
				give_uint(w, (uint64_t)base[l->off - 2] << 8 | base[l->off - 1]);
			break;
		}
		if (b)
			dns_field_values(b, n, l->proto, f->abbrev, relay, w);
		break;
	}
	case PROTO_DHCP: case PROTO_NBNS: case PROTO_SNMP: case PROTO_SYSLOG: case PROTO_NTP: case PROTO_DHCPV6:
	case PROTO_NBDGM: {
		uint32_t n;
		const uint8_t *b = layer_bytes(p, l, &n);
		if (b)
			udp_service_values(l->proto, b, n, f->abbrev, relay, w);
		break;
	}
	case PROTO_SIP: case PROTO_RTCP: case PROTO_TFTP: {
		uint32_t n;
		const uint8_t *b = layer_bytes(p, l, &n);
		if (b)
			voip_field_values(l->proto, b, n, f->abbrev, relay, w);
		break;
	}
	case PROTO_KERBEROS: {
		/* a message completed from earlier segments is read from its kept start */
		uint32_t n;
		const uint8_t *b = layer_bytes(p, l, &n);
		if (b)
			kerberos_field_values(b, n, f->abbrev, relay, w);
		break;
	}
	case PROTO_SPNEGO_KRB5: {
		/* Kerberos messages in GSS-API tokens show Kerberos's fields */
		uint32_t n;
		const uint8_t *b = layer_bytes(p, l, &n);
		if (b && strncmp(f->abbrev, "kerberos.", 9) == 0)
			kerberos_token_values(b, n, f->abbrev, relay, w);
		break;
	}
	case PROTO_LDAP: {
		uint32_t n;
		const uint8_t *b = layer_bytes(p, l, &n);
		if (b && n >= 4 && b[0] != 0x30) {
			/* a SASL buffer: its 4-byte length, then a GSS-API token */
			if (same(f->abbrev, "ldap.sasl_buffer_length"))
				give_uint(w, (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]);
			break;
		}
		if (!(l->flags & PKT_REASSEMBLED))
			header_value(w, p, l, f);
		break;
	}
	default:
		if (!(l->flags & PKT_REASSEMBLED))
			header_value(w, p, l, f);
		break;
	}
}

unsigned field_values(const struct packet *p, const struct proto_def *proto, const struct field_def *f,
		      fvalue_fn fn, void *data)
{
	struct walk w = {fn, data, 0, false};
	if (!proto || !f)
		return 0;
	if (proto->id == PROTO_FRAME) {
		frame_value(&w, p, f);
		return w.n;
	}
	if (proto->id == PROTO_WS_COL)
		return f->type == FT_PROTOCOL ? 0 : col_field_values(p, f, fn, data);
	if (proto->id == PROTO_WS_EXPERT)
		return f->type == FT_PROTOCOL ? 0 : expert_field_values(p, f, fn, data);
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (same(f->abbrev, pairs[i].name)) {
			const struct proto_def *owner;
			const struct field_def *a = field_lookup(pairs[i].first, &owner);
			const struct field_def *b = field_lookup(pairs[i].second, &owner);
			for (int k = 0; k < p->nlayers && !w.stop; k++)
				if (p->layers[k].proto == proto->id) {
					layer_value(&w, p, k, a);
					layer_value(&w, p, k, b);
				}
			return w.n;
		}
	/* mDNS and LLMNR carry DNS's fields, SSDP HTTP's; IPv6 headers give
	 * ip.version too, as in Wireshark */
	bool dns_family = proto->id == PROTO_DNS, http_family = proto->id == PROTO_HTTP;
	bool ip_version = same(f->abbrev, "ip.version");
	bool krb_token = proto->id == PROTO_KERBEROS && f->type != FT_PROTOCOL;
	for (int k = 0; k < p->nlayers && !w.stop; k++) {
		uint8_t lp = p->layers[k].proto;
		if (lp == proto->id || (dns_family && (lp == PROTO_MDNS || lp == PROTO_LLMNR)) ||
		    (ip_version && lp == PROTO_IPV6) || (krb_token && lp == PROTO_SPNEGO_KRB5))
			layer_value(&w, p, k, f);
		else if (http_family && lp == PROTO_SSDP && f->type != FT_PROTOCOL)
			http_value(&w, p, &p->layers[k], f);
	}
	return w.n;
}

unsigned proto_count(const struct packet *p, enum proto_id proto)
{
	if (proto == PROTO_FRAME)
		return 1;
	if (proto == PROTO_WS_EXPERT)
		return expert_count(p);
	unsigned n = 0;
	for (int i = 0; i < p->nlayers; i++)
		n += p->layers[i].proto == proto;
	return n;
}

bool field_is_pair(const struct field_def *f)
{
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (same(f->abbrev, pairs[i].name))
			return true;
	return false;
}

unsigned layer_field_values(const struct packet *p, int idx, const struct field_def *f, fvalue_fn fn, void *data)
{
	struct walk w = {fn, data, 0, false};
	if (idx < 0 || idx >= p->nlayers || field_is_pair(f))
		return 0;
	layer_value(&w, p, idx, f);
	return w.n;
}

unsigned frame_field_values(const struct packet *p, const struct field_def *f, fvalue_fn fn, void *data)
{
	struct walk w = {fn, data, 0, false};
	frame_value(&w, p, f);
	return w.n;
}
