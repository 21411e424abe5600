/* session.h — what dissection remembers from frame to frame within one
 * capture file: per TCP direction, where the application's next PDU starts
 * and which PDU is being gathered across segments; per TCP conversation, the
 * application protocol a heuristic recognised.  Dissection without a session
 * (a lone frame) treats every segment on its own. */
#ifndef ANALYZE_SESSION_H
#define ANALYZE_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "dissect/dissect.h"
#include "dissect/expect.h"
#include "dissect/flowtab.h"

#define TCP_PENDING_MAX 12 /* layers kept for a PDU being gathered */

/* One direction of a TCP conversation.  What every segment reads comes
 * first, within a cache line or two: a capture with thousands of open
 * connections finds few of them in the cache. */
struct tcp_dir {
	uint32_t next_seq;          /* sequence number of the next new byte */
	bool seq_known;
	bool gathering;             /* a PDU started in an earlier segment */
	bool fin;                   /* this direction sent its FIN */
	bool reset;                 /* a RST ended the connection (no SYN since) */
	bool reset_queued;          /* it waits in the session's queue of resets */
	bool tls_ccs;               /* this direction changed its cipher spec */
	uint16_t tls_version;       /* the TLS version the conversation settled on, as
	                             * Wireshark tracks it (both directions), 0 unknown */
	int64_t last_ns;            /* time of its latest segment */
	struct tcp_dir *peer;       /* the opposite direction, once both were seen */
	dissector_fn app;           /* the conversation's protocol, once known */
	uint8_t *prefix;                      /* the PDU's first bytes (PKT_REASSEMBLED_MAX
	                                       * room), lent by the session while one is
	                                       * gathered: most directions never gather */
	uint32_t pdu_end;           /* while gathering: just past the PDU */
	bool one_more;              /* while gathering: its length was not known from
	                             * the bytes its first segment had (a header cut
	                             * by the segment's end): read again with the next */
	bool scanned;               /* the PDU gathered was followed by its scanner */
	bool holed;                 /* bytes of it were not seen: it does not complete, */
	bool hole_known;            /* unless one later segment brings them all: */
	uint32_t hole_start, hole_end; /* the bytes missing, when one run of them */
	bool msp_known;             /* the last PDU gathered over segments ... */
	uint32_t msp_start, msp_end; /* ... spans these sequence numbers */
	bool msp_whole;             /* ... and was shown whole (reassembled) */
	uint8_t npending;
	uint16_t pending[TCP_PENDING_MAX]; /* the layers that PDU shows once complete */
	uint16_t pending_off[TCP_PENDING_MAX]; /* where each starts in the PDU */
	uint16_t pending_nested;              /* bit I: pending[I] is PKT_NESTED */
	uint16_t prefix_len;
	bool prefix_cut;                      /* a segment was cut short: no more */
	uint16_t held_len;                    /* of which its first segment had these */
	dissector_fn pdu_fn;                  /* the PDU's dissector */
	pdu_scan_fn scanner;        /* while gathering a PDU of unknown length: */
	struct pdu_scan scan;       /*   where its end will be found */
	struct conv_data *convs;    /* what protocols keep of its connection
	                             * (session_conv_data()), freed with it */
	bool tls13;                 /* a ServerHello chose TLS 1.3 */
	bool tls_hello;             /* a ServerHello told the version: no more looking */
	uint8_t tls_role;           /* 1: it sent a ClientHello, 2: the ServerHello (or its
	                             * peer the ClientHello); 0 unknown */
	bool tls_resumable;         /* its ClientHello offered a session ID or ticket */
	bool tls_server_hello;      /* it sent a ServerHello in clear */
	bool tls_hello_done;        /* it sent a Certificate or ServerHelloDone in clear */
	bool tls_asked;             /* it asked its peer to turn to TLS (STARTTLS and its
	                             * kin) and no answer came yet */
	/* ONC RPC (dissect/rpc.c): a record arriving in fragments */
	bool rpc_frag_open;         /* a fragment before its last was seen */
	uint8_t rpc_frag_len;       /* the record's first bytes kept */
	uint8_t rpc_frag[RPC_DEFRAG_MAX];
};
_Static_assert(PROTO_ID_FITS(struct tcp_dir, pending[0]), "a TCP direction keeps protocol ids");

/* A fragmented IP datagram being gathered. */
struct ipfrag_key {
	uint8_t family, proto;
	uint8_t pad[2];             /* zero: keys are compared as bytes */
	uint32_t id;
	uint8_t src[16], dst[16];
};

struct ipfrag {
	uint32_t have;              /* payload bytes seen (duplicates not told apart) */
	uint32_t total;             /* payload length, known once the last fragment came */
	bool first_seen, last_seen, done;   /* done: shown whole, about to be forgotten */
	uint8_t npending;
	uint16_t pending[TCP_PENDING_MAX]; /* layers the first fragment's payload shows */
	uint16_t pending_off[TCP_PENDING_MAX]; /* where each starts in the payload */
	uint8_t prefix[PKT_REASSEMBLED_MAX];  /* the payload's first bytes, as fragments bring them */
	uint8_t cover[PKT_REASSEMBLED_MAX / 8]; /* which of them came (a bit each) */
	int8_t l4;                  /* index in pending of its TCP/UDP header, -1 if none */
	uint16_t sport, dport;
};
_Static_assert(PROTO_ID_FITS(struct ipfrag, pending[0]), "a datagram being gathered keeps protocol ids");

struct dissect_session;
struct conv_data;

struct dissect_session *dissect_session_new(void);
/* From now on, follow TCP conversations as Wireshark numbers and analyses
 * them, and fill each packet's tcp_stream / tcp_* analysis fields. */
void dissect_session_track_tcp(struct dissect_session *s);
/* Fills P's TCP analysis fields when the session tracks TCP. */
void session_track(struct dissect_session *s, struct packet *p);
void dissect_session_free(struct dissect_session *s);

/* The state of the direction KEY travels, made when new (and then linked
 * with the opposite direction's, when that exists). */
struct tcp_dir *session_tcp_dir(struct dissect_session *s, const struct flow_key *key);
/* The same, or NULL when nothing of that direction was kept. */
struct tcp_dir *session_tcp_dir_find(struct dissect_session *s, const struct flow_key *key);
/* The state of the direction KEY, which session_tcp_dir_find() found
 * absent, made and linked with REV, the opposite direction's (looked up
 * when NULL). */
struct tcp_dir *session_tcp_dir_add(struct dissect_session *s, const struct flow_key *key, struct tcp_dir *rev);

/* Room for a PDU's first bytes (PKT_REASSEMBLED_MAX), lent to a direction
 * that starts gathering one; session_tcp_idle() takes it back once the
 * direction gathers nothing (D's frame is done with). */
uint8_t *session_tcp_prefix(struct dissect_session *s);
void session_tcp_idle(struct dissect_session *s, struct tcp_dir *d);

/* A FIN (RESET false) or a RST travelled the direction KEY names (D, its
 * state, found by session_tcp_dir_find; its last_ns the segment's time):
 * once both directions sent their FIN, the connection's state is
 * forgotten, so memory follows the live connections.  A reset keeps it
 * while the same ports may still resume with the same sequence numbers:
 * until no segment of the connection was seen for TCP_RESET_QUIET_NS of
 * capture time (and no SYN opened it again), then it is forgotten as after
 * two FINs (session_tcp_expire()). */
#define TCP_RESET_QUIET_NS (120 * (int64_t)1000000000) /* RFC 9293's maximum segment lifetime */
void session_tcp_close(struct dissect_session *s, const struct flow_key *key, struct tcp_dir *d, bool reset);
/* Forgets the reset connections quiet since NOW - TCP_RESET_QUIET_NS;
 * called before each frame's dissection, NOW its time. */
void session_tcp_expire(struct dissect_session *s, int64_t now);
/* Whether the direction KEY of a connection whose state was forgotten
 * (both FINs) had already sent every byte before END: payload sent again
 * after the close is a retransmission, shown as nothing.  A SYN (SYN true)
 * opens the ports afresh: what was kept of them is forgotten. */
bool session_tcp_closed_before(struct dissect_session *s, const struct flow_key *key, uint32_t end, bool syn);
/* The FIN of direction D, in P: a PDU that runs to the end of the
 * connection is complete, shown in P at OFF. */
void tcp_payload_fin(struct packet *p, struct tcp_dir *d, uint32_t off);

/* DCE/RPC: the interface a connection bound to presentation context CTX,
 * recorded from BIND/ALTER_CONTEXT: session_dcerpc_iface is false when the
 * context was never bound, and gives 0 for an interface we do not name.
 * The connection is P's transport conversation. */
void session_dcerpc_bind(struct dissect_session *s, const struct packet *p, uint16_t ctx, uint16_t proto);
bool session_dcerpc_iface(struct dissect_session *s, const struct packet *p, uint16_t ctx, uint16_t *proto);

/* DCE/RPC: the operation (opnum) of request CALL_ID on P's connection,
 * remembered for its response; only calls on a bound context are, as
 * Wireshark does. */
void session_dcerpc_request(struct dissect_session *s, const struct packet *p, uint32_t call_id, uint16_t opnum);
bool session_dcerpc_response(struct dissect_session *s, const struct packet *p, uint32_t call_id, uint16_t *opnum);

/* SMB2: the file a READ request (message MSG_ID on P's connection) reads,
 * remembered for the response, which does not name it; 0 when unknown. */
void session_smb2_read(struct dissect_session *s, const struct packet *p, uint64_t msg_id, uint64_t fid);
uint64_t session_smb2_read_fid(struct dissect_session *s, const struct packet *p, uint64_t msg_id);

/* ONC RPC: a call P carries (transaction XID on P's conversation),
 * remembered for its reply, the oldest forgotten past a bound;
 * session_rpc_reply finds the call a reply in P answers (false: none). */
struct rpc_call {
	uint32_t prog, vers, proc;
	uint64_t frame;       /* where the call is */
	uint64_t reply_frame; /* where its first reply is, 0 before */
};
/* Remembers CALL (in P's frame) and returns true; or, when a call with
 * XID was seen in an earlier frame, keeps that one, gives it in *FIRST
 * and returns false (a retransmission). */
bool session_rpc_call(struct dissect_session *s, const struct packet *p, uint32_t xid, const struct rpc_call *call,
		      struct rpc_call *first);
/* The call a reply in P answers (false: none seen).  RECORD: the reply's
 * frame is remembered as its first reply's unless one was seen before
 * (OUT's reply_frame then tells which). */
bool session_rpc_reply(struct dissect_session *s, const struct packet *p, uint32_t xid, struct rpc_call *out,
		       bool record);

/* ICMP and ICMPv6 echo: a request P carries (identifier and sequence
 * number as ID_SEQ) remembered for its reply; session_icmp_reply gives the
 * frame of the request a reply in P answers, 0 when none was seen. */
void session_icmp_request(struct dissect_session *s, const struct packet *p, uint32_t id_seq);
uint64_t session_icmp_reply(struct dissect_session *s, const struct packet *p, uint32_t id_seq);

/* What protocol PROTO keeps of P's conversation (its addresses and ports,
 * either way), made by MAKE when new and freed by FREE_FN with the session,
 * or, for a TCP connection, when the connection's state is forgotten.
 * Cannot fail. */
void *session_conv_data(struct dissect_session *s, const struct packet *p, enum proto_id proto,
			void *(*make)(void), void (*free_fn)(void *data));

/* What protocol PROTO keeps of the whole file (not of one conversation),
 * made by MAKE when new and freed by FREE_FN with the session.  Cannot fail. */
void *session_proto_data(struct dissect_session *s, enum proto_id proto, void *(*make)(void),
			 void (*free_fn)(void *data));

/* Whether S holds anything a later frame's dissection to transport depth
 * (LOOP_TRANSPORT) can read: an IP datagram being gathered, or the state of
 * a TCP direction (kept at that depth for OpenFlow, whose messages carry
 * frames).  What only the columns and expert items read (ICMP echo pairs,
 * ARP bindings) does not count: filters reach those only with TCP
 * conversations tracked (DEPTH_TRACKED).  A pass started afresh at a frame
 * where this is false dissects the frames after it to that depth as one
 * pass from the start would. */
bool dissect_session_holds_transport(const struct dissect_session *s);
/* IP datagrams S is gathering (their first fragments seen, not complete). */
unsigned dissect_session_datagrams(const struct dissect_session *s);

/* The record of the datagram KEY names, made when new; forgotten once the
 * datagram is complete. */
struct ipfrag *session_ipfrag(struct dissect_session *s, const struct ipfrag_key *key);
void session_ipfrag_forget(struct dissect_session *s, const struct ipfrag_key *key);

/* Protocol PROTO (one that registers a UDP_CONV dissector; others are
 * ignored) announced at ADDR:PORT (FAMILY 4 or 6), as an SDP body announces
 * RTP and RTCP: datagrams from or to it are that protocol from the next
 * frame on. */
void session_expect_media(struct dissect_session *s, uint8_t family, const uint8_t *addr, uint16_t port,
			  enum proto_id proto);
/* A request in P from a client (P's source address and port) to a server
 * (P's destination address): what follows between them, on any port of the
 * server, is PROTO (a TFTP transfer; Kerberos, as Wireshark keeps a
 * client's conversation with its KDC). */
void session_expect_client(struct dissect_session *s, const struct packet *p, enum proto_id proto);
/* A TCP connection opened after P between ADDR_A:PORT_A and ADDR_B (any
 * port; both addresses of P's family) is PROTO (one that registers a
 * TCP_CONV dissector): an FTP PASV answer announcing its data connection.
 * The announcement holds for connections whose state is new from the next
 * frame on; a later one for the same endpoints replaces it. */
void session_expect_tcp(struct dissect_session *s, const struct packet *p, const uint8_t *addr_a, uint16_t port_a,
			const uint8_t *addr_b, enum proto_id proto);
/* What P's two addresses and ports exchange, either way, is PROTO (STUN). */
void session_expect_pair(struct dissect_session *s, const struct packet *p, enum proto_id proto);
/* What earlier frames announced for P's UDP datagram (its innermost IP
 * addresses and UDP ports): a client's transfer first, then a media endpoint
 * at the source, then at the destination: the conversation kind
 * (udp_conv_dissector() gives its dissector), EXPECT_NONE when nothing. */
unsigned session_udp_expected(struct dissect_session *s, const struct packet *p);
/* The same for a datagram between SRC:SPORT and DST:DPORT (one quoted in an
 * ICMP error, say). */
unsigned session_udp_expected_at(struct dissect_session *s, uint8_t family, const uint8_t *src,
					 const uint8_t *dst, uint16_t sport, uint16_t dport);

/* Sharded dissection: each of several threads dissects the frames of one
 * file whose outermost address pair falls in its shard, each with its own
 * session (docs/sharding.md).  That gives the results of one session only
 * when no state kept for one address pair is read by a frame of another,
 * and no bounded table forgets entries (which one session over all the
 * frames would do sooner).  session_shard_start() makes S record what
 * session_shards_agree() checks. */
void session_shard_start(struct dissect_session *s);
/* The frame (its number) S dissects next. */
void session_shard_frame(struct dissect_session *s, uint64_t number);
/* Dissection made state that a frame of another address pair may read (an
 * SDP body announcing media elsewhere): a sharded run gives up.  Does
 * nothing when S is NULL or not sharded. */
void session_cross_pair(struct dissect_session *s);
/* Whether S (sharded) has met state crossing address pairs: its run will
 * give up, so it may stop reading. */
bool session_shard_crossed(const struct dissect_session *s);
/* The bounded tables, which forget their oldest entries when full: an
 * entry is put in TABLE, which holds at most CAP; session_bounded_hit: an
 * entry put in the frame numbered KEPT was found again.  Both do nothing
 * when S is NULL or not sharded. */
enum session_bounded {
	SESSION_BOUNDED_RPC,     /* ONC RPC calls */
	SESSION_BOUNDED_CLIENTS, /* announced client transfers and pairs (finds not told) */
	SESSION_BOUNDED_DNS,     /* DNS transactions */
	SESSION_BOUNDED_CLOSED,  /* where closed TCP connections' bytes ended */
	SESSION_BOUNDED_N,
};
void session_bounded_insert(struct dissect_session *s, enum session_bounded table, uint64_t cap);
void session_bounded_hit(struct dissect_session *s, enum session_bounded table, uint64_t kept);
/* True when the N sessions of one file's shards, each fed its shard's
 * frames in order, dissected them as one session fed every frame would
 * have; false with *WHY saying what differs. */
bool session_shards_agree(struct dissect_session *const *shards, unsigned n, const char **why);

#endif
