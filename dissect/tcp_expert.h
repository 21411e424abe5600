/* tcp_expert.h — TCP's expert items (dissect/tcp_expert.c). */
#ifndef ANALYZE_TCP_EXPERT_H
#define ANALYZE_TCP_EXPERT_H

#include "dissect/expert.h"

void tcp_expert(struct experts *e, const struct packet *p, int idx);

#endif
