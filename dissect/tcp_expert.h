/* tcp_expert.h — TCP's expert items (dissect/tcp_expert.c). */
#ifndef ANALYZE_TCP_EXPERT_H
#define ANALYZE_TCP_EXPERT_H

#include "dissect/expert.h"

#include "dissect/fieldval.h"
#include "dissect/protocol.h"

void tcp_expert(struct experts *e, const struct packet *p, int idx);

/* TCP's generated subtrees of layer IDX of P, after its fields, as
 * Wireshark shows them: [Timestamps] and [SEQ/ACK analysis] (the acked
 * frame and RTT, the initial RTT, bytes in flight and since the last
 * PSH flag, [TCP Analysis Flags], a duplicate
 * ACK's number and frame).  Cannot fail. */
void tcp_tree(const struct packet *p, int idx, tree_line_fn fn, void *data);

/* The values of the analysis fields of layer IDX of P the conversation
 * tracker gives besides those of fieldval.c (duplicate ACK number and
 * frame, RTO and its frame, times in the stream), to FN; false when
 * ABBREV is not one of them. */
bool tcp_analysis_values(const struct packet *p, int idx, const char *abbrev, fvalue_fn fn, void *data);

/* What Wireshark's reassembly says of bytes added again to a message it
 * already reassembled (packet.tcp_reasm_overlap). */
#define TCP_REASM_OVERLAP "New fragment overlaps old data (retransmission?)"

#endif
