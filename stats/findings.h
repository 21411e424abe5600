/* findings.h — flow-level facts a security-minded engineer looks for in a
 * capture, each with its evidence and the display filter that shows it:
 * port scans by the kind nmap names, unanswered SYN sweeps, refused-connection
 * storms, brute-force shapes, cleartext credentials, peer-to-peer traffic and
 * tunnels, and the busiest talkers.  One listener over dissected packets; the
 * findings of a file are worked out when it ends (frame numbers are the
 * file's own). */
#ifndef ANALYZE_FINDINGS_H
#define ANALYZE_FINDINGS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "dissect/packet.h"

/* The families of findings (each can be switched off). */
typedef enum {
	FIND_SCANS,      /* port scans, IP protocol scans, RPC probing, version detection */
	FIND_SWEEPS,     /* unanswered SYN sweeps */
	FIND_REFUSED,    /* refused-connection storms */
	FIND_BRUTEFORCE, /* many short connections to a login port */
	FIND_CLEARTEXT,  /* credentials sent in the clear */
	FIND_P2P,        /* BitTorrent and its DHT and uTP */
	FIND_TUNNELS,    /* Teredo, 6in4, GRE, VXLAN with an outside end */
	FIND_TALKERS,    /* busiest sources and destinations; connection jumps */
	FIND_NFAMILIES
} FindFamily;

/* Thresholds; findings_config_init gives the defaults. */
struct findings_config {
	bool enabled[FIND_NFAMILIES];
	guint scan_ports;        /* distinct ports of one host probed: a scan (10) */
	guint scan_hosts;        /* distinct hosts probed on one port: a sweep (10) */
	guint scan_protocols;    /* distinct IP protocols sent to one host (8) */
	guint rpc_programs;      /* distinct RPC programs probed on one port (3) */
	guint refused;           /* refused connections from one source to one host (20) */
	guint bruteforce;        /* short connections to one login port (10) */
	guint bruteforce_seconds;/* a connection this short or shorter is "short" (30) */
	GArray *login_ports;     /* uint16_t: ports brute force is looked for on */
	guint talkers;           /* busiest sources and destinations listed (5) */
	guint jump_connections;  /* connections in one minute that can be a jump (100) */
	guint jump_factor;       /* ... when this many times the host's usual rate (10) */
};

void findings_config_init(struct findings_config *c);
void findings_config_clear(struct findings_config *c);
/* "scans", "sweeps", ...; FIND_NFAMILIES for an unknown NAME. */
FindFamily findings_family_parse(const char *name);
const char *findings_family_name(FindFamily f);

/* One row of the report: a finding, or (from a policy) a violation. */
struct finding {
	const char *category;    /* "scan", "sweep", "protocol", "port" ... (static) */
	char *kind;              /* "syn", "connect", "bittorrent", "ftp" ... */
	char *what;              /* a sentence for people */
	bool info;               /* informational (talkers): not unexpected */
	guint file;              /* index of the file in the run */
	uint8_t family;          /* 4 or 6; 0 when no address applies */
	bool has_src, has_dst;
	uint8_t src[16], dst[16];/* the scanner / client / source, the target / server */
	guint hosts;             /* distinct targets (sweeps) or pairs (protocols) */
	char *ports;             /* "22,80,111" or NULL */
	char *open_ports;        /* scans: answered ports, or NULL */
	guint closed;            /* scans: ports answered as closed */
	uint64_t frames, bytes, connections;
	uint64_t first_frame, last_frame;
	int64_t first_ns, last_ns;
	double rate;             /* brute force: connections per minute, else 0 */
	double value, limit;     /* RTT and share violations: measured and allowed */
	char *filter;            /* the display filter that shows it */
};

void finding_free(struct finding *f);
/* Sorts ROWS (struct finding *): by first frame, then kind; the
 * informational rows last, in the order they came. */
void findings_sort(GPtrArray *rows);
/* A new row with KIND and WHAT (copied); the caller fills the rest. */
struct finding *finding_new(const char *category, const char *kind, const char *what);
struct find_proto;
/* Gives R the evidence of a protocol's use FP: its hosts (when one pair),
 * frames, bytes, and first and last frame and time.  Cannot fail. */
void finding_set_proto(struct finding *r, const struct find_proto *fp);

typedef struct findings_state findings_state;

/* A listener with config C (copied). */
findings_state *findings_new(const struct findings_config *c);
void findings_free(findings_state *st);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(findings_state, findings_free)

/* Starts file FILE (index in the run). */
void findings_file_begin(findings_state *st, guint file);
void findings_packet(findings_state *st, const struct packet *p);
/* Ends the current file: its findings are appended to OUT (struct finding *). */
void findings_file_end(findings_state *st, GPtrArray *out);

/* What the current file showed, for a policy (valid until the next
 * findings_file_begin): server ports used, per transport, and the
 * destination addresses, each with their traffic. */
struct find_usage {
	uint8_t family;          /* 4 or 6 (0: a port of no address) */
	uint8_t addr[16];        /* a destination, or for ports a server seen */
	uint8_t client[16];      /* ports: a client seen */
	uint16_t port;           /* server port (0 for destinations) */
	bool tcp;                /* transport of the port */
	uint64_t frames, bytes, connections;
	uint64_t first_frame, last_frame;
	int64_t first_ns, last_ns;
	guint servers;           /* ports: distinct servers */
};
/* struct find_usage, by port: TCP then UDP, ports ascending; owned by ST. */
GArray *findings_ports(findings_state *st);
/* struct find_usage, by destination address; owned by ST. */
GArray *findings_destinations(findings_state *st);
/* Per protocol id: frames, bytes, first and last frame (zero frames: not seen),
 * and the busiest source and destination of its frames. */
struct find_proto {
	uint64_t frames, bytes, first_frame, last_frame;
	int64_t first_ns, last_ns;
	uint8_t family, src[16], dst[16];
	guint pairs;
};
const struct find_proto *findings_protocol(findings_state *st, enum proto_id id);

/* Connections between two hosts, by who opened them (kept only after
 * findings_track_peers(ST, true), for a policy's peers). */
struct find_peer {
	uint8_t family;
	uint8_t client[16], server[16];
	uint64_t connections, frames, bytes;
	uint64_t first_frame, last_frame;
	int64_t first_ns, last_ns;
};
void findings_track_peers(findings_state *st, bool on);
/* Keep only the pairs KEEP(CTX, family, client, server) is true of (KEEP
 * NULL: every pair); a policy's check wants only the pairs it may report. */
typedef bool (*find_peer_keep)(const void *ctx, uint8_t family, const uint8_t *client, const uint8_t *server);
void findings_peer_filter(findings_state *st, find_peer_keep keep, const void *ctx);

/* Handshake RTT per server of the current file, as `rtt` measures it (the
 * leg the capture's vantage point makes the network's; SYNs retransmitted
 * give no sample), and the TCP connections by status. */
struct find_rtt_server {
	uint8_t family, addr[16];
	uint16_t port;
	guint connections, samples;
	int64_t median, p95;     /* ns, RTT_NONE (INT64_MIN) when no samples */
};
/* struct find_rtt_server, owned by ST; *CONNECTIONS all TCP connections,
 * BY_STATUS[5] of them by RttStatus. */
GArray *findings_rtt(findings_state *st, guint *connections, guint by_status[5]);
/* Keep the handshake RTTs (off by default: they cost a little). */
void findings_track_rtt(findings_state *st, bool on);
/* struct find_peer of the current file, owned by ST. */
GArray *findings_peers(findings_state *st);

/* Whether ADDR (FAMILY 4 or 6) is a private, loopback, link-local,
 * multicast or broadcast address: not "the outside". */
bool findings_addr_internal(uint8_t family, const uint8_t *addr);
/* "ip" or "ipv6" for FAMILY, and the address as text into BUF (46 bytes). */
const char *findings_ip_name(uint8_t family);
const char *findings_addr_text(char *buf, uint8_t family, const uint8_t *addr);

#endif
