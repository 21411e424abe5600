/* policy.h — what a capture is expected to hold (protocols, server ports,
 * destination networks, handshake-RTT limits, findings and thresholds),
 * read from a small GKeyFile a person writes or --learn drafts; checking a
 * file's traffic against it gives one violation row per thing not allowed. */
#ifndef ANALYZE_POLICY_H
#define ANALYZE_POLICY_H

#include <glib.h>
#include <stdbool.h>

#include "stats/findings.h"
#include "stats/rtt.h"

struct cidr {
	uint8_t family;          /* 4 or 6 */
	uint8_t addr[16];
	uint8_t bits;
};

struct port_range {
	uint16_t lo, hi;
};

struct policy {
	GHashTable *protocols;   /* char * (allowed names), NULL: any protocol */
	GArray *tcp_ports;       /* struct port_range, NULL: any port */
	GArray *udp_ports;
	GArray *networks;        /* struct cidr, NULL: any destination */
	GArray *local;           /* struct cidr: our hosts, NULL: no peer checks */
	GArray *outbound;        /* struct cidr: what our hosts may connect to, NULL: anything */
	GArray *inbound;         /* struct cidr: what may connect to our hosts, NULL: anything */
	double median_ms, p95_ms;        /* per server; < 0: no limit */
	double refused_pct, unanswered_pct; /* of connections; < 0: no limit */
	struct findings_config findings;
};

/* Reads the policy in PATH into P (cleared first).  False with ERROR set
 * (naming the file, group and key) when it cannot be read or says
 * something unknown. */
bool policy_load(const char *path, struct policy *p, GError **error);
void policy_clear(struct policy *p);

/* Parses "10.0.0.0/8", "fd00::/8" or an address alone; false when TEXT is none. */
bool policy_cidr_parse(const char *text, struct cidr *out);
bool policy_cidr_contains(const struct cidr *c, uint8_t family, const uint8_t *addr);

/* Appends to OUT (struct finding *) a violation row for each protocol, server
 * port, destination and RTT limit of the current file of ST (and RTT) that
 * P does not allow. */
void policy_check(const struct policy *p, findings_state *st, rtt_state *rtt, guint file, GPtrArray *out);

/* What --learn gathers over the files of a run. */
typedef struct policy_learner policy_learner;
policy_learner *policy_learner_new(void);
void policy_learner_free(policy_learner *l);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(policy_learner, policy_learner_free)
/* Adds what the current file of ST showed, its RTT and its finding ROWS. */
void policy_learn_file(policy_learner *l, findings_state *st, rtt_state *rtt, GPtrArray *rows);
/* The policy the files satisfy, commented, as a GKeyFile text. */
char *policy_learn_text(policy_learner *l);

#endif
