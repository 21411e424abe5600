/* findings_private.h — what the findings listener's files share: the flow
 * table, the aggregates flows are folded into when they close, and the
 * per-packet tables. */
#ifndef ANALYZE_FINDINGS_PRIVATE_H
#define ANALYZE_FINDINGS_PRIVATE_H

#include <string.h>

#include "dissect/flowtab.h"
#include "stats/findings.h"

/* A flow's key: A is the initiator (the sender of its first packet, or the
 * receiver of a first SYN-ACK). */
struct fkey {
	uint8_t family;          /* 4 or 6 */
	uint8_t proto;           /* IP protocol: 6 TCP, 17 UDP */
	uint16_t aport, bport;
	uint8_t a[16], b[16];
};

/* Scan probe kinds, as nmap names its scans. */
typedef enum {
	SK_SYN, SK_CONNECT, SK_FIN, SK_NULL, SK_XMAS, SK_ACK, SK_MAIMON, SK_UDP, SK_NKINDS
} ScanKind;

/* How a probed port answered. */
enum { PS_OPEN, PS_CLOSED, PS_NOANSWER };

/* What a pair aggregate counts. */
typedef enum {
	PK_REFUSED, PK_SWEEP, PK_BRUTE, PK_VERSION, PK_RPC,
	PK_TELNET, PK_FTP, PK_POP, PK_IMAP, PK_HTTP_BASIC, PK_SNMP,
	PK_6IN4, PK_TEREDO, PK_GRE, PK_VXLAN, PK_IPPROTO, PK_PEER, PK_NKINDS
} PairKind;

/* The key of a pair or scan aggregate: fixed size, compared as bytes. */
struct akey {
	uint8_t kind;               /* PairKind or ScanKind */
	uint8_t family;
	uint16_t port;
	uint8_t src[16], dst[16];
	uint8_t horizontal;         /* scans: across hosts on one port */
	uint8_t pad[3];
};

/* Flow records are taken from blocks of this many, freed all at once with
 * the tables: no allocation or free per flow. */
#define FLOW_SLAB 1024

struct flow {
	struct fkey ck;          /* the table's key: the lower end (address, port) first */
	struct fkey k;
	uint16_t first_flags;    /* the initiator's first TCP flags */
	uint16_t aflags, bflags; /* every flag each side sent */
	bool synack;             /* B answered a SYN with SYN-ACK */
	bool a_ack_after_synack; /* A completed the handshake */
	bool a_rst_after_synack; /* A reset the half-open connection */
	bool raw_syn;            /* A's SYN: small window, MSS alone (crafted, not a socket's) */
	bool unreachable;        /* an ICMP port or protocol unreachable about it came back */
	bool rpc_null;           /* A's first message: an ONC RPC NULL call */
	bool probe_payload;      /* A's first payload is a service-detection probe */
	uint32_t rpc_prog;
	uint32_t apkts, bpkts;
	uint64_t abytes, bbytes; /* wire bytes */
	uint64_t apayload, bpayload;
	uint64_t first_frame, last_frame;
	int64_t first_ns, last_ns;
	uint64_t to_first[2], to_last[2]; /* frames to B [0] and to A [1]: first and last */
	int64_t syn_ns, synack_ns, hack_ns; /* first SYN, first SYN-ACK, the handshake ACK */
	bool has_syn, has_synack, has_hack;
	uint16_t syn_count;      /* pure SYNs of A (1 + retransmissions) */
	uint8_t syn_ttl, synack_ttl;
	int64_t to_first_ns[2], to_last_ns[2];
};

/* KEY with its lower end (address, port) first, for one lookup per packet. */
void fkey_canonical(struct fkey *out, const struct fkey *key);
/* The flow of canonical key CK, or NULL. */
struct flow *flow_get(findings_state *st, const struct fkey *ck);

/* Probed ports or hosts of one source and kind: the aggregates scans are
 * read from. */
struct scanagg {
	struct akey k;              /* dst unused, port set, for a sweep across hosts */
	GHashTable *items;          /* port (GUINT_TO_POINTER(port + 1)) or host (struct addrkey *)
	                             * -> state + 1 (GUINT_TO_POINTER) */
	uint64_t frames, bytes, flows;
	uint64_t first_frame, last_frame;
	int64_t first_ns, last_ns;
};

/* An address as a hash key. */
struct addrkey {
	uint8_t family;
	uint8_t addr[16];
};

/* Per host: traffic and the connections it opened, minute by minute. */
struct host {
	struct addrkey k;
	uint64_t tx_bytes, rx_bytes, tx_frames, rx_frames;
	uint64_t conns_out, conns_in;
	GArray *minutes;            /* uint32_t: connections opened in each minute of the file */
	struct find_usage dest;     /* as a destination: frames to it (frames 0: none) */
	uint64_t first_frame, last_frame;
	int64_t first_ns, last_ns;
};

/* A pair of hosts with a counter (brute force, cleartext, tunnels, refusals,
 * protocol pairs, version detection, RPC probing). */
struct pairagg {
	struct akey k;
	uint64_t frames, bytes, count, extra;
	uint64_t first_frame, last_frame;
	int64_t first_ns, last_ns;
	GHashTable *set;            /* ports or programs seen (GUINT_TO_POINTER(x + 1)), or NULL */
	char *note;                 /* a user name (masked) or NULL */
};

struct findings_state {
	struct findings_config cfg;
	guint file;
	struct flowtab *flows[2];   /* UDP, TCP: canonical key (struct flow.ck) -> struct flow * */
	bool tables;                /* the tables exist (a file was begun) */
	GHashTable *scans;          /* struct scanagg key bytes -> struct scanagg * */
	GHashTable *hosts;          /* struct addrkey * -> struct host * */
	GHashTable *pairs;          /* struct pairagg key bytes -> struct pairagg * */
	GHashTable *ports;          /* (tcp << 16 | port) + 1 -> struct find_usage * */
	GHashTable *port_servers;   /* (tcp << 16 | port) + 1 -> GHashTable of struct addrkey * */
	GHashTable *rtt_servers;    /* struct akey * (src: the server, port) -> struct rtt_acc * */
	guint rtt_by_status[5];     /* TCP connections by RttStatus */
	guint rtt_connections;
	GHashTable *scanners;       /* struct akey * (src, and dst of a scan of one host): scans reported */
	GArray *ports_out, *dests_out; /* struct find_usage, sorted, built on demand */
	GArray *peers_out;          /* struct find_peer, built on demand */
	GArray *rtt_out;            /* struct find_rtt_server, built on demand */
	bool track_peers;
	find_peer_keep peer_keep;   /* which pairs track_peers keeps (NULL: all), with its context */
	const void *peer_ctx;
	bool track_rtt;
	struct find_proto protos[PROTO_COUNT];
	uint64_t packets;
	int64_t first_ns, last_ns;
	int64_t expired_ns;         /* when idle flows were last swept */
	struct flow *last_flow;     /* the flow of the last packet: packets come in runs */
	struct flow *cache[4096];   /* recent flows by a hash of both ends, either way */
	uint32_t cache_hash[4096];  /* the whole hash of each: a flow of another hash is not read */
	GPtrArray *slabs;           /* blocks of FLOW_SLAB struct flow, the records of every flow (owned) */
	guint slab_used;            /* records taken from the last block */
	GPtrArray *spare;           /* struct flow *: closed records reused for new flows (in SLABS) */
	GPtrArray *arena;           /* blocks the aggregates (hosts, pairs, scans) are taken from (owned) */
	size_t arena_used;          /* bytes taken from the last block */
	struct find_usage *last_dest;
	bool any;
};

/* One server's handshake RTT samples. */
struct rtt_acc {
	struct akey k;
	guint connections;
	GArray *samples;            /* int64_t ns */
};

/* findings_flow.c */
/* Whether ADDR is multicast or broadcast (never a scan's target). */
bool addr_group(uint8_t family, const uint8_t *addr);
/* Whether PORT is a service the services table names. */
bool findings_known_service(uint16_t port, bool tcp);
void flows_packet(findings_state *st, const struct packet *p);
void flows_expire(findings_state *st, int64_t now_ns, bool all);

/* findings.c */
/* SIZE zeroed bytes that live as long as the file's tables (freed with them,
 * all at once). */
void *findings_alloc(findings_state *st, size_t size);
/* The destinations table's entry of ADDR (made when new). */
struct find_usage *findings_dest(findings_state *st, uint8_t family, const uint8_t *addr);
/* findings_report.c, findings_pairs.c */
struct pairagg *pair_get(findings_state *st, PairKind kind, uint8_t family, const uint8_t *src,
			 const uint8_t *dst, uint16_t port);
/* Counts frame P (its number, time and wire bytes) in A. */
void pair_frame(struct pairagg *a, const struct packet *p);
/* Counts flow F's frames, bytes and span in A. */
struct flow;
void pair_flow(struct pairagg *a, const struct flow *f);
guint akey_hash(gconstpointer k);
gboolean akey_equal(gconstpointer a, gconstpointer b);
guint addrkey_hash(gconstpointer k);
gboolean addrkey_equal(gconstpointer a, gconstpointer b);
void scan_add(findings_state *st, const struct flow *f, ScanKind kind, int state, bool horizontal);
struct host *host_get(findings_state *st, uint8_t family, const uint8_t *addr);
void findings_report_scans(findings_state *st, GPtrArray *out);
void findings_report_pairs(findings_state *st, GPtrArray *out);
void findings_report_talkers(findings_state *st, GPtrArray *out);
/* "ip.src == S && ip.dst == D && REST" (SRC, DST or REST may be NULL; SF
 * and DF the field names: src, dst, addr). */
char *findings_filter_of(uint8_t family, const uint8_t *src, const char *sf, const uint8_t *dst, const char *df,
			 const char *rest);
/* The values of SET (stored + 1) whose value is WANT (0: any), ascending,
 * "20-25,53" with RANGES; NULL when none. */
char *findings_set_text(GHashTable *set, guint want, bool ranges);


/* findings_packet.c */
void cleartext_packet(findings_state *st, const struct packet *p);
void tunnel_packet(findings_state *st, const struct packet *p);

/* Copies the address of FAMILY from SRC, zeros after an IPv4 address (a
 * packet record keeps stale bytes there). */
static inline void addr_copy(uint8_t dst[16], uint8_t family, const uint8_t *src)
{
	size_t n = family == 6 ? 16 : 4;
	memcpy(dst, src, n);
	memset(dst + n, 0, 16 - n);
}

/* Frame range and time span of A and B merged into A. */
static inline void span_merge(uint64_t *ff, uint64_t *lf, int64_t *fns, int64_t *lns, uint64_t bff,
			      uint64_t blf, int64_t bfns, int64_t blns)
{
	if (!*ff || bff < *ff) {
		*ff = bff;
		*fns = bfns;
	}
	if (blf > *lf) {
		*lf = blf;
		*lns = blns;
	}
}

#endif
