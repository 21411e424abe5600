/* rtt.h — the handshake-RTT listener: one record per TCP connection whose
 * handshake (or part of it) is in the capture, and a summary of the network
 * RTT over them. */
#ifndef ANALYZE_RTT_H
#define ANALYZE_RTT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "dissect/packet.h"

typedef enum {
	RTT_ESTABLISHED,   /* SYN, SYN-ACK and the handshake ACK seen */
	RTT_INCOMPLETE,    /* SYN and SYN-ACK seen, no handshake ACK */
	RTT_REFUSED,       /* the SYN was answered by a RST */
	RTT_NO_ANSWER,     /* SYN only */
	RTT_MID_HANDSHAKE, /* SYN-ACK without its SYN: the capture started late */
} RttStatus;

typedef enum {
	VANTAGE_UNKNOWN,
	VANTAGE_CLIENT,    /* captured near the client: SYN -> SYN-ACK is the network */
	VANTAGE_SERVER,    /* captured near the server: SYN-ACK -> ACK is the network */
	VANTAGE_MIDDLE,    /* captured on the path: both legs are network, the RTT is their sum */
} RttVantage;

#define RTT_NONE INT64_MIN /* a time or frame that was not seen */

/* (Fields ordered so that the record has no holes: 168 bytes.  A state
 * keeps a connection whole only while later frames can change it, then
 * encoded in a few dozen bytes.) */
struct rtt_conn {
	guint file;                   /* index of the file in the run */
	uint32_t stream;              /* tcp.stream in that file */
	RttStatus status;
	RttVantage vantage;
	uint32_t syn_count;           /* pure SYNs of this connection (1 + retransmissions) */
	uint32_t synack_count;
	uint8_t family;               /* 4 or 6 */
	uint8_t syn_ttl, synack_ttl;
	uint8_t client[16], server[16];
	uint16_t client_port, server_port;
	/* the 13 members below are stored in this order (stats/rtt.c encodes them so) */
	int64_t syn_frame, synack_frame, ack_frame, rst_frame; /* RTT_NONE when absent */
	int64_t syn_ns, synack_ns, ack_ns, rst_ns;             /* times of those frames */
	int64_t syn_to_synack;        /* SYN-ACK's ack_rtt (from the first SYN), ns or RTT_NONE */
	int64_t synack_to_ack;        /* ns or RTT_NONE */
	int64_t syn_to_rst;           /* refused: first SYN -> RST, ns or RTT_NONE */
	int64_t irtt;                 /* most recent SYN -> first ACK, ns or RTT_NONE */
	int64_t network_rtt;          /* the leg the vantage point makes the network's, or RTT_NONE */
};
G_STATIC_ASSERT(sizeof(struct rtt_conn) == 168);

struct rtt_server {
	uint8_t family;
	uint8_t addr[16];
	uint16_t port;
	guint connections;            /* all connections to it */
	guint samples;                /* those giving a network RTT sample */
	int64_t median, p95, max;     /* over the samples, RTT_NONE when none */
};

struct rtt_summary {
	guint connections;
	guint by_status[5];           /* indexed by RttStatus */
	guint samples;                /* network RTT samples (established, no SYN retransmission) */
	guint retransmitted;          /* would-be samples left out for SYN retransmissions (Karn) */
	int64_t min, median, p90, p99, max, mean; /* ns, RTT_NONE when no samples */
	GArray *servers;              /* struct rtt_server, slowest median first */
	GArray *samples_ns;           /* int64_t, sorted: the network RTT samples */
	guint *histogram;             /* RTT_HIST_BUCKETS counts, or NULL: counted from samples_ns */
};

/* The histogram's buckets: upper bounds in 1-2-5 steps from 0.1 ms to 10 s,
 * and one past the last. */
#define RTT_HIST_BUCKETS 17
/* The bucket of NS.  Cannot fail. */
guint rtt_hist_bucket(int64_t ns);
/* The upper bound of bucket I (< RTT_HIST_BUCKETS - 1), in microseconds. */
int64_t rtt_hist_bound_us(guint i);

typedef struct rtt_state rtt_state;

rtt_state *rtt_new(void);
void rtt_free(rtt_state *st);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(rtt_state, rtt_free)

/* Starts a new file (stream numbers start again at 0). */
void rtt_file_begin(rtt_state *st, guint file);
void rtt_packet(rtt_state *st, const struct packet *p);
/* Closes the current file's connections into the results. */
void rtt_file_end(rtt_state *st);

/* The number of connections so far, and connection I of them (file by file,
 * in the order their first frames came), into *C. */
guint rtt_count(const rtt_state *st);
void rtt_get(const rtt_state *st, guint i, struct rtt_conn *c);
/* Every connection so far (struct rtt_conn) in that order, decoded into one
 * array for callers that keep pointers to them (the terminal UI): owned by
 * ST, valid until ST changes.  The reports read them one at a time with
 * rtt_get() instead. */
GArray *rtt_connections(rtt_state *st);
/* Appends C, a connection already closed (read back from a partial result),
 * to the connections.  Cannot fail. */
void rtt_add_conn(rtt_state *st, const struct rtt_conn *c);
/* Whether C gives a network RTT sample (established, SYN not retransmitted). */
bool rtt_is_sample(const struct rtt_conn *c);
/* Sorts SERVERS (struct rtt_server) slowest first, as the summary lists them. */
void rtt_servers_sort(GArray *servers);
/* Computes the summary of the connections; the caller frees it with rtt_summary_free. */
/* Sorts V's N values in ascending order (in linear time). */
void rtt_sort_i64(int64_t *v, size_t n);
struct rtt_summary *rtt_summarize(rtt_state *st);
void rtt_summary_free(struct rtt_summary *s);
typedef struct rtt_summary rtt_summary;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(rtt_summary, rtt_summary_free)

/* Where an established connection was captured, from its two handshake legs
 * (ns) and the TTLs of its SYN and SYN-ACK (how `rtt` decides; the findings
 * listener asks the same). */
RttVantage rtt_vantage(int64_t syn_to_synack, int64_t synack_to_ack, uint8_t syn_ttl, uint8_t synack_ttl);

const char *rtt_status_name(RttStatus s);   /* "established", "no answer", ... */
const char *rtt_status_key(RttStatus s);    /* "established", "no_answer", ... */
const char *rtt_vantage_name(RttVantage v); /* "client", "server", "unknown" */
/* The value at fraction Q (0..1) of sorted V (N values), interpolated linearly. */
int64_t rtt_quantile(const int64_t *v, guint n, double q);

#endif
