/* tcp_expert.c — TCP's expert items, as Wireshark's TCP dissector gives
 * them: the connection's opening (SYN, SYN+ACK: chats naming the server
 * port), closing (FIN: a chat, and a note on whether the frame starts or
 * answers the closing), reset (a warning), and the sequence analysis of
 * the conversation tracker (dissect/tcp_conv.c), in Wireshark's words and
 * severities. */
#include "dissect/expert.h"
#include "dissect/tcp_conv.h"
#include "dissect/tcp_expert.h"

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
void tcp_expert(struct experts *e, const struct packet *p, int idx)
{
	(void)idx;
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
