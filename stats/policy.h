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

/* A list of networks, indexed by prefix length for lookups in constant time. */
struct netset {
	GArray *cidrs;           /* struct cidr, as written */
	GHashTable *masked;      /* struct cidr * (address masked to its bits) */
	bool lens[2][129];       /* [IPv6][bits]: prefix lengths present */
};

/* A set of the networks CIDRS (copied); free with netset_free. */
struct netset *netset_new(const GArray *cidrs);
void netset_free(struct netset *n);
/* Whether ADDR (FAMILY 4 or 6) lies in one of N's networks (N NULL: false). */
bool netset_contains(const struct netset *n, uint8_t family, const uint8_t *addr);

struct port_range {
	uint16_t lo, hi;
};

struct policy {
	GHashTable *protocols;   /* char * (allowed names), NULL: any protocol */
	GArray *tcp_ports;       /* struct port_range, NULL: any port */
	GArray *udp_ports;
	struct netset *networks; /* destinations allowed, NULL: any */
	struct netset *local;    /* our hosts, NULL: no peer checks */
	struct netset *outbound; /* what our hosts may connect to, NULL: anything */
	struct netset *inbound;  /* what may connect to our hosts, NULL: anything */
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
 * port, destination, peer and RTT limit of the current file of ST that P
 * does not allow. */
void policy_check(const struct policy *p, findings_state *st, guint file, GPtrArray *out);
/* Whether the policy POLICY (a struct policy) reports the connections CLIENT
 * opened to SERVER as a peer not allowed: the pairs the listener needs to keep
 * for it (a find_peer_keep). */
bool policy_peer_reported(const void *policy, uint8_t family, const uint8_t *client, const uint8_t *server);
/* Whether P limits handshake RTT (the listener must then keep them). */
bool policy_limits_rtt(const struct policy *p);

/* What --learn gathers over the files of a run. */
typedef struct policy_learner policy_learner;
policy_learner *policy_learner_new(void);
void policy_learner_free(policy_learner *l);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(policy_learner, policy_learner_free)
/* Adds what the current file of ST showed (its RTT too) and its finding ROWS. */
void policy_learn_file(policy_learner *l, findings_state *st, GPtrArray *rows);
/* The policy the files satisfy, commented, as a GKeyFile text. */
char *policy_learn_text(policy_learner *l);

#endif
