/* expert.h — the Expert Information listener: every expert item of the
 * frames it is given, counted by severity, group, protocol and summary, in
 * the order each first appeared (as tshark -z expert lists them). */
#ifndef ANALYZE_STATS_EXPERT_H
#define ANALYZE_STATS_EXPERT_H

#include <glib.h>
#include <stdint.h>

#include "dissect/expert.h"
#include "dissect/packet.h"

/* One distinct item and how often it came. */
struct expert_row {
	uint8_t severity, group;
	char *protocol;
	char *summary;
	uint64_t count;
};

typedef struct expert_state expert_state;

/* A new, empty state; cannot fail. */
expert_state *expert_new(void);
void expert_free(expert_state *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(expert_state, expert_free)

/* Counts P's items. */
void expert_packet(expert_state *s, const struct packet *p);

/* Counts N items of SEVERITY, GROUP, PROTOCOL and SUMMARY, a row of their
 * own after the others when new (what a merge of partial results does).
 * A severity out of range is ignored.  Cannot fail. */
void expert_state_add(expert_state *s, uint8_t severity, uint8_t group, const char *protocol, const char *summary,
		uint64_t n);

/* The rows of severity SEV in first-appearance order (struct expert_row;
 * owned by S), and in *TOTAL the items of that severity. */
const GArray *expert_rows(const expert_state *s, enum expert_severity sev, uint64_t *total);

#endif
