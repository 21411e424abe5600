/* pgflow.h — scripted captures on top of pktgen: an output queue that
 * collects frames built in any order and writes them sorted by time, and
 * TCP connections whose sequence numbers, timestamps and IP identifiers
 * advance by themselves, so a sample tool only says who sends what when.
 *
 * Times are nanosecond offsets from PF_T0 (2023-11-14 22:13:20 UTC), so a
 * sample's times are exact decimal numbers.  Every message goes to standard
 * error prefixed with the program name; nothing here exits.
 *
 *     PfOut o;
 *     pf_out_open_pcap(&o, "x.pcap", PG_LINKTYPE_ETHERNET, 0);
 *     PgLink l = pf_eth_link(PF_MAC_ROUTER);
 *     PfConn c;
 *     pf_conn_init(&c, &l, 40001, 80, 1000000000u, 2000000000u);
 *     pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
 *     pf_syn(&o, &c, t, "SYN"); ...
 *     pf_out_close(&o);
 */
#ifndef PGFLOW_H
#define PGFLOW_H

#include <glib.h>

#include "tests/tools/lib/pktgen.h"

#define PF_T0 (G_GUINT64_CONSTANT(1700000000) * PG_NS_PER_SEC)

/* -v: print one line per frame written (file, number, time, note). */
extern gboolean pf_verbose;
/* Folder the files are created in (default samples/gen). */
extern const char *pf_outdir;

/* ------------------------------------------------------------ output */

/* A frame waiting to be written: samples build each connection in turn, and
 * the file gets the frames of all of them sorted by time. */
typedef struct {
	guint64 t;                   /* offset from PF_T0, ns */
	guint seq;                   /* build order: ties keep it */
	guint iface;
	guint len;
	guint8 *bytes;
	const char *note;            /* static string, for -v */
} PfRec;

/* One capture file being built. */
typedef struct {
	PgWriter *w;
	PgFrame *f;                  /* the frame being built (shared by all files) */
	guint iface;                 /* pcapng interface for the next frames */
	GArray *recs;                /* PfRec, freed with the file */
	const char *name;            /* file name, for messages and -v */
	gboolean failed;
} PfOut;

/* Start an empty queue named `name` (no file is opened). */
void pf_out_init(PfOut *o, const char *name);

/* Create pf_outdir/name as a pcap file (flags: PG_PCAP_*).  FALSE, with a
 * message printed, if it cannot be created. */
gboolean pf_out_open_pcap(PfOut *o, const char *name, guint32 linktype, guint flags);

/* Create pf_outdir/name as a pcapng file whose section names `appl`; add
 * interfaces with pg_writer_add_interface(o->w, ...). */
gboolean pf_out_open_pcapng(PfOut *o, const char *name, const char *appl);

/* Write the queued frames in time order (build order on ties) and close the
 * file.  FALSE if a frame did not fit or a write failed. */
gboolean pf_out_close(PfOut *o);

/* The whole main of a tool that writes one pcap file `file` of `linktype`
 * (into pf_outdir, or the folder its one argument names; -v sets
 * pf_verbose): `build` queues the frames.  Returns the exit status: 0, 1
 * when the file cannot be written, 2 for bad arguments. */
int pf_main(int argc, char **argv, const char *file, guint32 linktype, void (*build)(PfOut *o));

/* Finish the frame in o->f and queue it for time PF_T0 + `t`. */
void pf_emit(PfOut *o, guint64 t, const char *note);

/* ------------------------------------------------------------ UDP */

/* A host on the Ethernet segment: its IPv4 address (host order), its MAC. */
typedef struct {
	guint32 ip;
	guint8 mac[6];
} PfHost;

/* Build and queue one IPv4 UDP datagram over Ethernet from S to D (TTL and
 * IP identification ID), carrying the N bytes at B, at `t`. */
void pf_udp(PfOut *o, const PfHost *s, const PfHost *d, guint8 ttl, guint16 id, guint16 sport, guint16 dport,
	    const void *b, gsize n, guint64 t, const char *note);

/* ------------------------------------------------------------ TCP flows */

/* IPv6 extension headers a connection puts on every frame. */
enum { PF_EXT_NONE, PF_EXT_HBH_DST, PF_EXT_SRH_FRAG };

/* One TCP connection: who talks to whom and where the sequence numbers are.
 * The client is side a of the link. */
typedef struct {
	const PgLink *link;
	gboolean v6;
	guint32 c4, s4;              /* IPv4 client/server (host order) */
	guint8 c6[16], s6[16];       /* IPv6 client/server */
	guint16 cport, sport;
	guint32 cisn, sisn;          /* initial sequence numbers */
	guint32 cnxt, snxt;          /* next sequence number of each side */
	gboolean opts;               /* Linux options: SYN set + timestamps after */
	int ext;                     /* PF_EXT_*: IPv6 extension headers */
	const guint8 *ip_opts;       /* IPv4 options for the next frame only */
	guint ip_opts_len;
	guint16 ipid;                /* IPv4 identification counter */
	guint32 c_ts, s_ts;          /* last timestamp value each side sent */
} PfConn;

/* A connection from `cport` to `sport` with the given ISNs, Linux options
 * on, no addresses yet (see pf_conn_v4 / pf_conn_v6). */
void pf_conn_init(PfConn *c, const PgLink *link, guint16 cport, guint16 sport,
		  guint32 cisn, guint32 sisn);
/* IPv4 addresses, host order. */
void pf_conn_v4(PfConn *c, guint32 cli, guint32 srv);
/* IPv6 addresses 2001:db8::cli and 2001:db8::srv. */
void pf_conn_v6(PfConn *c, guint16 cli, guint16 srv);

/* Push the IP layer(s) of a frame of `c` from the client or the server. */
void pf_push_ip(PgFrame *f, PfConn *c, gboolean from_client);

/* Push the IP and TCP headers and payload of one segment of `c` (and the
 * link header when `with_link`).  `sack` adds SACK blocks; the payload is
 * `len` bytes of `bytes`, or a filler pattern when `bytes` is NULL. */
void pf_push_segment(PgFrame *f, PfConn *c, gboolean from_client, gboolean with_link,
		     guint8 flags, guint32 seq, guint32 ack, const void *bytes,
		     guint len, const PgTcpOpts *sack, guint64 t);

/* Build and queue one TCP segment of `c` at `t`. */
void pf_seg(PfOut *o, PfConn *c, gboolean from_client, guint8 flags, guint32 seq,
	    guint32 ack, const void *bytes, guint len, const PgTcpOpts *sack,
	    guint64 t, const char *note);

/* Handshake, data and teardown: each sends one segment with the sequence
 * numbers that side has reached, and advances them. */
void pf_syn(PfOut *o, PfConn *c, guint64 t, const char *note);
void pf_synack(PfOut *o, PfConn *c, guint64 t, const char *note);
void pf_ack(PfOut *o, PfConn *c, gboolean from_client, guint64 t, const char *note);
/* PSH-ACK with `len` bytes of `bytes` (filler when NULL). */
void pf_data(PfOut *o, PfConn *c, gboolean from_client, const void *bytes, guint len,
	     guint64 t, const char *note);
void pf_fin(PfOut *o, PfConn *c, gboolean from_client, guint64 t, const char *note);
void pf_rst(PfOut *o, PfConn *c, gboolean from_client, guint64 t, const char *note);

/* The client closes at `t`: FIN-ACK, the server's FIN-ACK after `rtt`, the
 * last ACK after `cli`. */
void pf_close_by_client(PfOut *o, PfConn *c, guint64 t, guint64 rtt, guint64 cli);

/* ------------------------------------------------------------ addresses */

/* The address plan of the samples: the client 10.0.0.4, LAN servers behind
 * their own MACs, remote servers behind the router 10.0.0.1. */
extern const guint8 PF_MAC_CLIENT[6];   /* 02:00:0a:00:00:04 */
extern const guint8 PF_MAC_SERVER[6];   /* 02:00:0a:00:00:05 */
extern const guint8 PF_MAC_ROUTER[6];   /* 02:00:0a:00:00:01 */

#define PF_CLIENT PG_IP4(10, 0, 0, 4)
#define PF_SERVER_LAN PG_IP4(10, 0, 0, 5)
#define PF_SERVER_A PG_IP4(192, 0, 2, 10)
#define PF_SERVER_B PG_IP4(198, 51, 100, 20)

/* Ethernet seen from the client (side a, PF_MAC_CLIENT) to `peer`. */
PgLink pf_eth_link(const guint8 peer[6]);

/* The IPv6 address prefix0:db8::host. */
void pf_ip6(guint8 out[16], guint16 prefix0, guint16 host);

#endif
