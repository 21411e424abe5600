/* tcp_expert.c — TCP's expert items, as Wireshark's TCP dissector gives
 * them: the connection's opening (SYN, SYN+ACK: chats naming the server
 * port), closing (FIN: a chat, and a note on whether the frame starts or
 * answers the closing), reset (a warning), and the sequence analysis of
 * the conversation tracker (dissect/tcp_conv.c), in Wireshark's words and
 * severities; and the subtrees of that analysis in the detail tree
 * ([Timestamps], [SEQ/ACK analysis]) with the fields only they show. */
#include "dissect/expert.h"
#include "dissect/tcp_conv.h"
#include "dissect/tcp_expert.h"

#include <string.h>

#include "dissect/column.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"

/* The analysis flags' items, in the order Wireshark's tree shows them
 * under [TCP Analysis Flags] (a fast or spurious retransmission is a
 * retransmission too: its own item, then the retransmission's). */
static const struct {
	uint16_t bit;
	uint8_t severity;
	const char *summary;
} analysis[] = {
	{TA_FAST_RETRANSMISSION, EXPERT_NOTE, "This frame is a (suspected) fast retransmission"},
	{TA_SPURIOUS_RETRANSMISSION, EXPERT_NOTE, "This frame is a (suspected) spurious retransmission"},
	{TA_RETRANSMISSION, EXPERT_NOTE, "This frame is a (suspected) retransmission"},
	{TA_OUT_OF_ORDER, EXPERT_WARN, "This frame is a (suspected) out-of-order segment"},
	{TA_LOST_SEGMENT, EXPERT_WARN, "Previous segment(s) not captured (common at capture start)"},
	{TA_ACK_LOST_SEGMENT, EXPERT_WARN, "ACKed segment that wasn't captured (common at capture start)"},
	{TA_WINDOW_UPDATE, EXPERT_CHAT, "TCP window update"},
	{TA_WINDOW_FULL, EXPERT_WARN, "TCP window specified by the receiver is now completely full"},
	{TA_KEEP_ALIVE, EXPERT_NOTE, "TCP keep-alive segment"},
	{TA_KEEP_ALIVE_ACK, EXPERT_NOTE, "ACK to a TCP keep-alive segment"},
	{TA_ZERO_WINDOW, EXPERT_WARN, "TCP Zero Window segment"},
};

/* The items hang where Wireshark's tree puts them (dissect/expert.h): on
 * the acknowledgment number, the flag bits, the analysis flags and the
 * duplicate ACK's frame line, and come in that order. */
/* What the options of the TCP header H (N bytes) say: whether it has any,
 * whether one is an MSS, and whether its SACK option reports a duplicate
 * (RFC 2883, "D-SACK": the first block starts below the acknowledgment
 * number, or lies within the second block). */
struct tcp_opts {
	bool any, mss, dsack, tfo_cookie;
};

static struct tcp_opts tcp_options(const uint8_t *h, uint32_t n)
{
	struct tcp_opts o = {false, false, false, false};
	if (n < 20)
		return o;
	uint32_t hl = (uint32_t)(h[12] >> 4) * 4, ack = fv_get32(h + 8, true);
	if (hl > n)
		hl = n;
	o.any = hl > 20;
	for (uint32_t at = 20; at < hl;) {
		uint8_t kind = h[at];
		if (kind == 0)
			break;
		if (kind == 1) {
			at++;
			continue;
		}
		if (at + 1 >= hl || h[at + 1] < 2 || at + h[at + 1] > hl)
			break;
		uint8_t len = h[at + 1];
		o.mss = o.mss || kind == 2;
		/* a Fast Open cookie (RFC 7413), or the same in an experimental
		 * option with RFC 6994's identifier 0xf989 */
		o.tfo_cookie = o.tfo_cookie || (kind == 34 && len > 2) ||
			       ((kind == 253 || kind == 254) && len > 4 && h[at + 2] == 0xf9 && h[at + 3] == 0x89);
		if (kind == 5 && len >= 10) {
			uint32_t le0 = fv_get32(h + at + 2, true), re0 = fv_get32(h + at + 6, true);
			o.dsack = (int32_t)(le0 - ack) < 0;
			if (!o.dsack && len >= 18) {
				uint32_t le1 = fv_get32(h + at + 10, true), re1 = fv_get32(h + at + 14, true);
				o.dsack = (int32_t)(le0 - le1) >= 0 && (int32_t)(re0 - re1) <= 0;
			}
		}
		at += len;
	}
	return o;
}

/* The TCP options Wireshark has a reader for. */
static bool tcp_option_named(uint8_t kind)
{
	static const uint8_t known[] = {0,  1,  2,  3,  4,  5,  6,  7,   8,   11,  12,  13,  19,  20, 21,
					22, 23, 27, 28, 29, 30, 34, 76, 78, 172, 174, 253, 254};
	return memchr(known, kind, sizeof known) != NULL;
}

void tcp_expert(struct experts *e, const struct packet *p, int idx)
{
	uint16_t fl = p->tcp_flags;
	if (!(fl & TH_ACK) && p->tcp_ack != 0)
		expert_add_at(e, "tcp.ack", EXPERT_NOTE, EXPERT_PROTOCOL, "TCP",
			      "The acknowledgment number field is nonzero while the ACK flag is not set");
	if (fl & TH_RST)
		expert_add_at(e, "tcp.flags.reset", EXPERT_WARN, EXPERT_SEQUENCE, "TCP", "Connection reset (RST)");
	if ((fl & TH_SYN) && !(fl & TH_ACK))
		expert_add_at(e, "tcp.flags.syn", EXPERT_CHAT, EXPERT_SEQUENCE, "TCP",
			      "Connection establish request (SYN): server port %u", p->dport);
	else if ((fl & TH_SYN) && (fl & TH_ACK))
		expert_add_at(e, "tcp.flags.syn", EXPERT_CHAT, EXPERT_SEQUENCE, "TCP",
			      "Connection establish acknowledge (SYN+ACK): server port %u", p->sport);
	if (fl & TH_FIN)
		expert_add_at(e, "tcp.flags.fin", EXPERT_CHAT, EXPERT_SEQUENCE, "TCP", "Connection finish (FIN)");
	uint32_t n;
	const uint8_t *h = col_layer_bytes(p, idx, &n);
	struct tcp_opts o = h ? tcp_options(h, n) : (struct tcp_opts){false, false, false, false};
	if ((fl & TH_ACK) && o.dsack)
		expert_add_at(e, "tcp.options.sack_le", EXPERT_WARN, EXPERT_SEQUENCE, "TCP", "D-SACK Sequence");
	if ((fl & TH_SYN) && !(fl & TH_ACK) && o.tfo_cookie)
		expert_add_at(e, "tcp.options", EXPERT_NOTE, EXPERT_SEQUENCE, "TCP", "TCP SYN with TFO Cookie");
	char what[128];
	uint32_t hl = h && n >= 20 ? MIN((uint32_t)(h[12] >> 4) * 4, n) : 0;
	if (hl > 20 && ip_tcp_option_problem(h + 20, hl - 20, tcp_option_named, what, sizeof what))
		expert_add_at(e, "tcp.options", EXPERT_NOTE, EXPERT_SEQUENCE, "TCP", "%s", what);
	if ((fl & TH_SYN) && o.any && !o.mss)
		expert_add_at(e, "tcp.options", EXPERT_NOTE, EXPERT_PROTOCOL, "TCP",
			      "The SYN packet does not contain a MSS option");
	if (p->tcp_reasm_overlap && idx == p->l4_layer)
		expert_add(e, EXPERT_ERROR, EXPERT_MALFORMED, "TCP", "%s", TCP_REASM_OVERLAP);
	if (!p->tcp_tracked)
		return;
	/* Wireshark hangs these on its [TCP Flags] line, which this tree
	 * does not show: the FIN bit's line is the nearest */
	if (p->tcp_an_flags & TA_FIN_ACTIVE)
		expert_add_at(e, "tcp.flags.fin", EXPERT_NOTE, EXPERT_SEQUENCE, "TCP",
			      "This frame initiates the connection closing");
	if (p->tcp_an_flags & TA_FIN_PASSIVE)
		expert_add_at(e, "tcp.flags.fin", EXPERT_NOTE, EXPERT_SEQUENCE, "TCP",
			      "This frame undergoes the connection closing");
	if (p->tcp_port_reuse)
		expert_add_at(e, "tcp.analysis.flags", EXPERT_NOTE, EXPERT_SEQUENCE, "TCP",
			      "A new tcp session is started with the same ports as an earlier session in this trace");
	uint16_t an = p->tcp_an_flags;
	if (an & (TA_FAST_RETRANSMISSION | TA_SPURIOUS_RETRANSMISSION))
		an &= (uint16_t)~TA_RETRANSMISSION; /* told once, after its kind */
	for (size_t i = 0; i < G_N_ELEMENTS(analysis); i++) {
		if (!(an & analysis[i].bit))
			continue;
		expert_add_at(e, "tcp.analysis.flags", (enum expert_severity)analysis[i].severity, EXPERT_SEQUENCE,
			      "TCP", "%s", analysis[i].summary);
		if (analysis[i].bit & (TA_FAST_RETRANSMISSION | TA_SPURIOUS_RETRANSMISSION))
			expert_add_at(e, "tcp.analysis.flags", EXPERT_NOTE, EXPERT_SEQUENCE, "TCP",
				      "This frame is a (suspected) retransmission");
	}
	if (p->tcp_an_flags & TA_DUP_ACK)
		expert_add_at(e, "tcp.analysis.duplicate_ack_frame", EXPERT_NOTE, EXPERT_SEQUENCE, "TCP",
			      "Duplicate ACK (#%u)", p->tcp_dupack_num);
}

/* ---- the analysis subtrees ------------------------------------------------ */

/* Whether layer IDX of P is the TCP header the tracker analysed. */
static bool analysed(const struct packet *p, int idx)
{
	return p->tcp_tracked && idx == p->l4_layer && !(p->layers[idx].flags & PKT_IN_ERROR);
}

/* Whether the [TCP Analysis Flags] line is there: a flag, or a reused port pair. */
static bool has_flags(const struct packet *p)
{
	return (p->tcp_an_flags & TA_ANALYSIS) || p->tcp_port_reuse;
}

static bool stop_at_one(const struct fvalue *v, void *data)
{
	(void)v;
	(void)data;
	return false;
}

static bool has_field(const struct packet *p, int idx, const char *abbrev)
{
	const struct field_def *f = field_lookup(abbrev, NULL);
	return f && layer_field_values(p, idx, f, stop_at_one, NULL) > 0;
}

/* [SEQ/ACK analysis] is there when Wireshark keeps an analysis of the
 * segment: it acknowledges one, or has a flag (the initial RTT is told
 * only with one of them, or with data). */
static bool seqack_shown(const struct packet *p, int idx)
{
	return analysed(p, idx) && (has_flags(p) || p->tcp_has_bif || has_field(p, idx, "tcp.analysis.acks_frame") ||
				    has_field(p, idx, "tcp.analysis.initial_rtt"));
}

static bool give_time(fvalue_fn fn, void *data, int64_t ns)
{
	struct fvalue v = {.kind = FV_TIME, .i = ns};
	fn(&v, data);
	return true;
}

static bool give_number(fvalue_fn fn, void *data, uint64_t u)
{
	struct fvalue v = {.kind = FV_UINT, .u = u};
	fn(&v, data);
	return true;
}

bool tcp_analysis_values(const struct packet *p, int idx, const char *abbrev, fvalue_fn fn, void *data)
{
	bool own = analysed(p, idx), dup = own && (p->tcp_an_flags & TA_DUP_ACK), rto = own && p->tcp_has_rto;
	if (strcmp(abbrev, "tcp.analysis") == 0) {
		if (seqack_shown(p, idx))
			fn(&(struct fvalue){.kind = FV_NONE}, data);
		return true;
	}
	if (strcmp(abbrev, "tcp.analysis.bytes_in_flight") == 0)
		return !(own && p->tcp_has_bif) || give_number(fn, data, p->tcp_bytes_in_flight);
	if (strcmp(abbrev, "tcp.analysis.push_bytes_sent") == 0)
		return !(own && p->tcp_has_bif) || give_number(fn, data, p->tcp_push_bytes);
	if (strcmp(abbrev, "tcp.analysis.duplicate_ack_num") == 0)
		return !dup || give_number(fn, data, p->tcp_dupack_num);
	if (strcmp(abbrev, "tcp.analysis.duplicate_ack_frame") == 0)
		return !dup || give_number(fn, data, p->tcp_dupack_frame);
	if (strcmp(abbrev, "tcp.analysis.rto") == 0)
		return !rto || give_time(fn, data, p->tcp_rto_ns);
	if (strcmp(abbrev, "tcp.analysis.rto_frame") == 0)
		return !rto || give_number(fn, data, p->tcp_rto_frame);
	if (strcmp(abbrev, "tcp.time_relative") == 0)
		return !own || give_time(fn, data, p->tcp_time_rel_ns);
	if (strcmp(abbrev, "tcp.time_delta") == 0)
		return !own || give_time(fn, data, p->tcp_time_delta_ns);
	return false;
}

struct tree_walk {
	const struct packet *p;
	int idx;
	tree_line_fn fn;
	void *data;
	struct tree_line line;
};

static bool tree_value(const struct fvalue *v, void *data)
{
	struct tree_walk *t = data;
	t->line.value = v;
	t->fn(&t->line, t->data);
	return true;
}

/* The line of field ABBREV's values (none when it has none) at DEPTH. */
static void field_line(struct tree_walk *t, int depth, const char *abbrev)
{
	const struct field_def *f = field_lookup(abbrev, NULL);
	if (!f)
		return;
	t->line = (struct tree_line){depth, abbrev, f, NULL, NULL};
	layer_field_values(t->p, t->idx, f, tree_value, t);
}

static void label_line(struct tree_walk *t, int depth, const char *abbrev, const char *label)
{
	t->line = (struct tree_line){depth, abbrev, NULL, NULL, label};
	t->fn(&t->line, t->data);
}

void tcp_tree(const struct packet *p, int idx, tree_line_fn fn, void *data)
{
	struct tree_walk t = {p, idx, fn, data, {0}};
	if (!analysed(p, idx))
		return;
	label_line(&t, 1, NULL, "Timestamps");
	field_line(&t, 2, "tcp.time_relative");
	field_line(&t, 2, "tcp.time_delta");
	if (!seqack_shown(p, idx))
		return;
	label_line(&t, 1, "tcp.analysis", "SEQ/ACK analysis");
	field_line(&t, 2, "tcp.analysis.acks_frame");
	field_line(&t, 2, "tcp.analysis.ack_rtt");
	field_line(&t, 2, "tcp.analysis.initial_rtt");
	field_line(&t, 2, "tcp.analysis.bytes_in_flight");
	field_line(&t, 2, "tcp.analysis.push_bytes_sent");
	if (has_flags(p)) {
		/* the flags' expert items hang here (tcp_expert) */
		label_line(&t, 2, "tcp.analysis.flags", "TCP Analysis Flags");
		if (p->tcp_an_flags & TA_DUP_ACK)
			label_line(&t, 3, "tcp.analysis.duplicate_ack", "This is a TCP duplicate ack");
		field_line(&t, 3, "tcp.analysis.rto");
		field_line(&t, 3, "tcp.analysis.rto_frame");
	}
	field_line(&t, 2, "tcp.analysis.duplicate_ack_num");
	field_line(&t, 2, "tcp.analysis.duplicate_ack_frame");
}
