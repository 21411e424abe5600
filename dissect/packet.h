/* packet.h — the compact record one dissection pass fills for one frame:
 * the stack of protocol layers (where each starts and how long it is) and
 * the key fields the statistics listeners need.  Nothing here allocates; a
 * record is reused frame after frame. */
#ifndef ANALYZE_PACKET_H
#define ANALYZE_PACKET_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/frame.h"

/* Protocol identifiers.  Each protocol file declares its own, next to its
 * descriptor, with one line the compiler only checks,
 *
 *	PROTOCOL_ID(SIP, "sip", "Session Initiation Protocol");
 *
 * (PROTO_SIP, its filter name, its long name: Wireshark's, so a protocol
 * shown anywhere can be typed into a filter); the engine's pseudo-protocols
 * (frame, data, tcp.segments, _ws.malformed ...) are declared in the engine
 * file that names them.  The build collects the lines of the dissect/ files
 * into PROTO_LIST(X), X(ID, filter name, long name) for every id, and
 * PROTOCOL_DESCRIPTORS(X), X(NAME) for every descriptor proto_NAME
 * (dissect/protolist.awk writes proto_list.h in the build directory).  The
 * ids are numbered frame first (0 means "none" in the record's id
 * fields), then in the order of the filter names; there are at most
 * PROTO_ID_MAX of them and an id takes 16 bits. */
#include "dissect/proto_list.h"

#define PROTOCOL_ID(id, filter_name, long_name)                                                    \
	_Static_assert(PROTO_##id < PROTO_COUNT && sizeof(filter_name) > 1 && sizeof(long_name) > 1, \
		       "a protocol id, its filter name and its long name")

enum proto_id {
#define PROTO_ENUM(id, abbrev, name) PROTO_##id,
	PROTO_LIST(PROTO_ENUM)
#undef PROTO_ENUM
	PROTO_COUNT
};
_Static_assert(PROTO_FRAME == 0, "the frame is protocol 0: 0 means none in the record's id fields");
/* At most 1023 ids: the record keeps an id in 16 bits (struct layer.proto,
 * app_info_proto, exc_proto, tcp_seg_proto), PROTO_COUNT too (PROTO_NO_LAYER),
 * and tables indexed by id are sized by PROTO_COUNT. */
#define PROTO_ID_MAX 1023
_Static_assert(PROTO_COUNT <= PROTO_ID_MAX,
	       "at most 1023 protocol ids, in 16 bits wherever one is kept, PROTO_COUNT too (PROTO_NO_LAYER)");
/* Whether MEMBER of TYPE holds every id up to PROTO_ID_MAX: each place
 * that keeps an id asserts it beside its declaration. */
#define PROTO_ID_FITS(type, member) ((__typeof__(((type *)0)->member))PROTO_ID_MAX == PROTO_ID_MAX)

#define PKT_MAX_LAYERS 128
#define PKT_REASSEMBLED_MAX 2048
#define PKT_APP_INFO_MAX 4096 /* as Wireshark's Info column, with its NUL */

/* Packet and layer flags. */
enum {
	PKT_TRUNCATED = 1u << 0,    /* the capture cut a header short */
	PKT_MALFORMED = 1u << 1,    /* a length field contradicts the packet */
	PKT_FRAGMENT = 1u << 2,     /* part of a fragmented IP datagram (first or later) */
	PKT_IN_ERROR = 1u << 3,     /* layers quoted inside an ICMP error follow */
	PKT_UNDISSECTED = 1u << 4,  /* the link type is not one we dissect */
	PKT_REASSEMBLED = 1u << 5,  /* (layer only) the layer's bytes lie in earlier
	                             * segments or fragments: its offset counts
	                             * from the packet's reasm bytes, not the frame */
	PKT_TREE_ONLY = 1u << 6,    /* (layer only) in the tree, the hierarchy and
	                             * filters, but not in frame.protocols: a
	                             * protocol Wireshark names without handing
	                             * it any bytes */
	PKT_BY_SESSION = 1u << 7,   /* (layer only) what earlier frames told made
	                             * it so: the frame alone shows otherwise */
	PKT_NESTED = 1u << 8,       /* (layer only) inside its parent in the tree:
	                             * in frame.protocols and filters, but no node
	                             * of the hierarchy */
	PKT_NAMES_PROTO = 1u << 10, /* (layer only) with PKT_NESTED: it still names
	                             * itself in the Protocol column (a dissector
	                             * that stopped at missing bytes before showing
	                             * anything) */
	PKT_BAD_FIELD = 1u << 11,   /* (layer only) a header field the protocol
	                             * reports as wrong (an expert item, its Info:
	                             * a length past the bytes given, a bogus
	                             * version) before it stops or goes on with
	                             * what is there; no exception */
	PKT_NO_ITEM = 1u << 12,     /* (layer only) with PKT_NESTED and
	                             * PKT_NAMES_PROTO: it stopped before it added
	                             * its own line, so a filter on the protocol
	                             * does not match it */
	PKT_TAKEN = 1u << 13,       /* (packet only, while a dissector is tried) it
	                             * took the bytes but shows nothing of them, as
	                             * a Wireshark dissector that accepts a payload
	                             * and adds no item (HSRP's port to an address
	                             * not HSRP's): no other dissector, no data */
	PKT_PDU_STOP = 1u << 9,     /* (packet only, while TCP payload is split into
	                             * PDUs) the protocol of the PDU just dissected
	                             * ends the segment: its remaining bytes show
	                             * nothing (ONC RPC after a record it rejects) */
};

struct layer {
	uint16_t proto;  /* enum proto_id */
	uint16_t flags;  /* PKT_TRUNCATED / PKT_MALFORMED / PKT_IN_ERROR ... for this layer */
	uint32_t off;    /* first byte of the layer in the frame */
	uint32_t len;    /* captured bytes from `off` that belong to the layer and its payload */
};
_Static_assert(PROTO_ID_FITS(struct layer, proto), "a layer keeps a protocol id");

/* TCP flag bits as in the header's low 12 bits. */
enum {
	TH_FIN = 0x001, TH_SYN = 0x002, TH_RST = 0x004, TH_PUSH = 0x008,
	TH_ACK = 0x010, TH_URG = 0x020, TH_ECE = 0x040, TH_CWR = 0x080,
	TH_AE = 0x100,
};

/* packet.tcp_seg: the segment's first payload byte belongs to a message
 * that is not complete in this frame (Wireshark's "[TCP segment of a
 * reassembled PDU]"). */
enum { TCP_SEG_NONE = 0, TCP_SEG_PART = 1 };

/* TCP options seen (packet.tcp_opts bits). */
enum {
	TCPOPT_SEEN_MSS = 1u << 0, TCPOPT_SEEN_WS = 1u << 1, TCPOPT_SEEN_SACK_PERM = 1u << 2,
	TCPOPT_SEEN_SACK = 1u << 3, TCPOPT_SEEN_TS = 1u << 4, TCPOPT_SEEN_MPTCP = 1u << 5,
};

/* What an ONC RPC layer is beyond its bytes: a reply (its call, found
 * through the transaction id in an earlier frame), a fragment of a record
 * completed later, or bytes that continue something not seen. */
enum { RPC_NOTE_REPLY = 1, RPC_NOTE_FRAGMENT, RPC_NOTE_CONTINUATION };
struct rpc_note {
	uint8_t layer;              /* index of the RPC layer */
	uint8_t kind;               /* RPC_NOTE_*, 0: a call */
	bool defrag;                /* the message's bytes are the packet's rpc_defrag */
	uint32_t prog, vers, proc;  /* a reply: its call's */
	uint64_t call_frame;        /* a reply: the frame of its call */
	uint64_t reply_frame;       /* a call sent again: its first reply's frame, 0 none */
	uint64_t dup_of;            /* a call sent again: the first's frame; a reply
	                             * sent again: the first reply's; 0: neither */
};
#define PKT_RPC_NOTES_MAX 64
#define RPC_DEFRAG_MAX 64

struct dissect_session;

struct packet {
	const struct frame *frame;
	struct dissect_session *session; /* state across frames, or NULL */
	bool transport_only;             /* stop after transport headers and tunnels */
	uint32_t serial;                 /* new with every dissection: what is worked out
	                                  * from a packet is kept under it */
	uint32_t reasm_len;
	uint32_t reasm_whole;            /* the whole message's length, of which the
	                                  * first reasm_len bytes are kept (0: unknown) */
	/* TCP conversation analysis, when the session tracks it (tcp.stream,
	 * tcp.analysis.*); tcp_tracked false otherwise. */
	bool tcp_tracked;
	bool udp_stream_valid, udp_quoted_valid; /* udp.stream (own, quoted), same tracking */
	uint32_t udp_stream, udp_quoted_stream;
	int8_t udp_stream_layer;         /* the UDP layer udp_stream belongs to */
	int64_t udp_time_rel_ns;         /* with udp_stream_valid: since the conversation's */
	int64_t udp_time_delta_ns;       /* first frame, and since its frame before */
	bool tcp_has_ack, tcp_has_irtt;
	uint32_t tcp_stream;
	uint64_t tcp_acks_frame;
	uint16_t tcp_an_flags;           /* TA_* (dissect/tcp_conv.h) */
	bool tcp_port_reuse;             /* a SYN that starts a new conversation on used ports */
	uint32_t tcp_dupack_num;         /* with TA_DUP_ACK: its number in the run, */
	uint64_t tcp_dupack_frame;       /* and the frame before the run */
	/* How the segment's payload stands to the application's messages: */
	uint8_t tcp_seg;                 /* TCP_SEG_* */
	uint16_t tcp_seg_proto;          /* with TCP_SEG_PART, the protocol of a message read
	                                  * again here while incomplete (its start here, or
	                                  * one whose end only its bytes tell), else 0: its
	                                  * kept start is in reasm */
	uint32_t tcp_seg_start;          /* with tcp_seg_proto, where that message starts in the
	                                  * frame + 1 when it starts in this segment (its
	                                  * bytes are read there, not from reasm), else 0 */
	uint32_t tcp_fresh;              /* where the segment's payload starts in the frame + 1
	                                  * when TCP hands it to its protocol afresh (no message
	                                  * gathered over earlier segments goes on into it:
	                                  * Wireshark's un-reassembled start), else 0 */
	bool tcp_reasm_overlap;          /* bytes of a message already reassembled in an
	                                  * earlier frame came again, not as a retransmission */
	bool tcp_acks_new;               /* acknowledges new bytes */
	int8_t tcp_win_shift;            /* window scale shift, -1 unknown */
	bool tcp_data_ack;               /* acknowledges a data segment: */
	uint64_t tcp_data_acks_frame;
	int64_t tcp_data_ack_rtt_ns;
	bool tcp_has_seq_base, tcp_has_ack_base;
	uint32_t tcp_seq_base, tcp_ack_base;
	int64_t tcp_ack_rtt_ns, tcp_irtt_ns;
	bool tcp_has_rto;                /* a plain retransmission's timeout, */
	int64_t tcp_rto_ns;              /* since the frame its side's sequence */
	uint64_t tcp_rto_frame;          /* last moved forward in */
	bool tcp_has_bif;                /* data: bytes in flight, */
	uint32_t tcp_bytes_in_flight;
	uint32_t tcp_push_bytes;         /* and since the last PSH flag */
	int64_t tcp_time_rel_ns;         /* since the conversation's first frame, */
	int64_t tcp_time_delta_ns;       /* and since its frame before */
	uint8_t tcp_completeness;        /* TCP_COMPLETE_* before it (tcp.completeness) */
	bool tcp_ace;                    /* AE, CWR, ECE are the ACE counter */
	/* A DCE/RPC response's operation, from the request with its call id. */
	bool dcerpc_answered;
	/* DCE/RPC requests and responses of the frame whose context no BIND
	 * seen named: their layers plus one (0: none; the first four). */
	uint8_t dcerpc_unbound[4];
	/* The SMB2 file (a folded FileId) whose pipe data is being dissected,
	 * 0 elsewhere: DCE/RPC contexts and calls over a pipe belong to it. */
	uint64_t smb_fid;
	uint16_t dcerpc_opnum;
	/* A UDP payload an earlier frame announced (an SDP body's media, a TFTP
	 * transfer): its conversation kind (udp_conv_kind(), 0 none) and the UDP layer whose
	 * payload it is, as dissection with a session found them.  Without a
	 * session, a caller that learned them in an earlier pass sets the
	 * hint pair before dissecting (dissection leaves the hint alone). */
	uint8_t udp_expected;
	int8_t udp_expected_layer;
	uint8_t udp_expect_hint;
	int8_t udp_expect_hint_layer;
	/* The TLS connection is TLS 1.3: its encrypted records' type is opaque. */
	bool tls13;
	/* As the frame began: the TLS version its conversation settled on (0
	 * unknown), and whether this direction had changed its cipher spec. */
	uint16_t tls_version;
	bool tls_ccs;
	/* The server changed its cipher spec in a session the client offered
	 * to resume (TLS 1.0 to 1.2), after its ServerHello: 1 with no
	 * Certificate or ServerHelloDone seen, 2 after one (0: neither). */
	uint8_t tls_resumed;
	/* DTLS (dtls.c): the version its conversation had settled on as the
	 * frame began and the one the Protocol column names (0: unknown,
	 * "DTLS"), and how many handshake fragments gave another message
	 * length than an earlier fragment of their message. */
	uint16_t dtls_version, dtls_shown;
	uint8_t dtls_len_differs;
	/* An ICMP echo reply's request frame (0: none seen). */
	uint64_t icmp_request;
	/* A DNS message over UDP that repeats one of its conversation
	 * (dns.c): 1 a query, 2 a response (0: none), and the original's frame. */
	uint8_t dns_retx;
	uint64_t dns_retx_of;
	/* Info draws on frames of another connection (an SMB2 file opened on
	 * another connection of its session): replaying the frame's
	 * connection alone does not give it. */
	bool other_conv_info;
	/* IPv4 addresses an ARP packet binds to another MAC address than the
	 * one an earlier frame bound them to (arp.c): arp_ndup of them;
	 * arp_dup_info: the last address looked at was one. */
	uint8_t arp_ndup;
	bool arp_dup_info;
	uint8_t arp_dup[2][4];
	/* ONC RPC layers of the frame that are more than their bytes say:
	 * rpc_notes[0 .. rpc_nnotes) (see struct rpc_note). */
	uint8_t rpc_nnotes;
	uint16_t app_info_proto;         /* enum proto_id, 0: no app_info */
	uint16_t app_info_len;
	int64_t first_ns, prev_ns;       /* times of the file's first frame and of the one
	                                  * before (frame.time_relative / time_delta) */
	uint32_t flags;                 /* PKT_* */
	uint16_t exc_proto;             /* enum proto_id: a protocol that ran out of
	                                 * bytes before it pushed a layer
	                                 * (pkt_ran_out_early()); 0: none */
	uint8_t nlayers;

	/* Innermost IP header outside any ICMP error quote. */
	int8_t ip_layer;                /* index in layers, -1 if none */
	uint8_t ip_version;             /* 4 or 6 */
	uint8_t ip_proto;               /* next protocol after all extension headers */
	uint8_t ip_ttl;                 /* TTL / hop limit */
	uint8_t ip_src[16], ip_dst[16]; /* IPv4 in the first 4 bytes */

	/* Transport header (TCP or UDP) belonging to that IP header. */
	int8_t l4_layer;                /* index in layers, -1 if none */
	uint16_t sport, dport;

	/* TCP, valid when l4_layer is a TCP layer. */
	uint32_t tcp_seq, tcp_ack;
	uint16_t tcp_flags;             /* TH_* */
	uint16_t tcp_window;            /* as sent, not scaled */
	uint8_t tcp_hdr_len;            /* bytes */
	uint8_t tcp_opts;               /* TCPOPT_SEEN_* */
	uint8_t tcp_wscale;
	uint16_t tcp_mss;
	uint32_t tcp_tsval, tcp_tsecr;
	uint32_t tcp_len;               /* payload bytes as the IP length declares */

	/* A TCP header quoted whole (20 bytes) inside an ICMP error: connection
	 * tracking still sees it, as Wireshark's does. */
	struct {
		bool valid;
		uint8_t ip_version;
		uint8_t src[16], dst[16];
		uint16_t sport, dport;
		uint32_t seq, ack;
		uint16_t flags;
	} quoted;

	/* Last, as a reset leaves them alone (every member before `reasm` is
	 * reset with each frame): nothing reads them past what the counts
	 * reset with it say (nlayers, reasm_len, app_info_len, rpc_nnotes,
	 * and a note that says so). */
	/* The start of a message or datagram completed in this frame from
	 * earlier segments or fragments: its PKT_REASSEMBLED layers' offsets
	 * count from here (the first PKT_REASSEMBLED_MAX bytes are kept). */
	uint8_t reasm[PKT_REASSEMBLED_MAX];
	/* The Info text a protocol worked out as it dissected (X11 from its
	 * conversation, IMF from a whole mail): app_info_len bytes of it when
	 * app_info_proto names that protocol. */
	char app_info[PKT_APP_INFO_MAX];
	struct layer layers[PKT_MAX_LAYERS];
	struct rpc_note rpc_notes[PKT_RPC_NOTES_MAX];
	uint8_t rpc_defrag_len;            /* a record put together from fragments */
	uint8_t rpc_defrag[RPC_DEFRAG_MAX]; /* here: its mark and first bytes */
};
_Static_assert(PROTO_ID_FITS(struct packet, tcp_seg_proto) && PROTO_ID_FITS(struct packet, app_info_proto) &&
		       PROTO_ID_FITS(struct packet, exc_proto),
	       "the packet record keeps protocol ids");

/* Tunnels nest (GRE in IP in GRE ...); a stack deeper than this is not traffic. */
#define PKT_MAX_DEPTH (PKT_MAX_LAYERS - 2)

/* Marks the packet malformed at its last layer, as a push onto a full stack
 * does; returns -1. */
int pkt_stack_full(struct packet *p);

/* Starts a layer of PROTO at OFF; returns its index, or -1 when the stack is full
 * (the packet is then marked malformed: nesting that deep is not real traffic).
 * Every layer of every frame is pushed here: inline. */
static inline int pkt_push_layer(struct packet *p, enum proto_id proto, uint32_t off)
{
	if (__builtin_expect(p->nlayers >= PKT_MAX_DEPTH, 0))
		return pkt_stack_full(p);
	int idx = p->nlayers++;
	struct layer *l = &p->layers[idx];
	l->proto = (uint16_t)proto;
	l->flags = (uint8_t)(p->flags & PKT_IN_ERROR);
	l->off = off;
	uint32_t caplen = p->frame->caplen;
	l->len = off < caplen ? caplen - off : 0;
	return idx;
}

/* Exceptions: a dissector that runs out of bytes.
 *
 * Wireshark stops a dissector that reads past the end of the bytes it was
 * given and says why, in one way for every protocol.  Here a protocol only
 * reports where it ran out; the engine does the rest:
 *
 *   - read through a cursor (dissect/cursor.h), then, when the cursor failed,
 *     call pkt_note_cursor(p, idx, c) with the index of the layer whose
 *     reading stopped (app_note() for an application layer: it also knows a
 *     read past the end of an unreassembled IP fragment is no error);
 *   - without a cursor, pkt_ran_out(p, idx, need_end, captured_end,
 *     reported_end): the read needed bytes up to NEED_END (frame offsets);
 *   - before its layer is pushed, pkt_ran_out_early(p, proto, bit).
 *
 * The cursor tells the two causes apart: past the length the packet declares
 * (the reported length) the packet is malformed; past what the capture kept,
 * but inside the declared length, it is cut short.  From the layer marks,
 * pkt_exception() gives the one exception of the frame, which every output
 * shows alike:
 *
 *   PKT_EXC_MALFORMED      Info "[Malformed Packet]"; a _ws.malformed node
 *                          under the last protocol in the hierarchy; the
 *                          expert error Malformed "Malformed Packet
 *                          (Exception occurred)" under the protocol that
 *                          ran out (its descriptor's .short_name)
 *   PKT_EXC_SHORT          Info "[Packet size limited during capture]";
 *                          _ws.short; no expert item
 *   PKT_EXC_UNREASSEMBLED  the bytes ended with an IP fragment whose datagram
 *                          is not put together: Info
 *                          "[BoundErrorUnreassembled Packet]",
 *                          _ws.unreassembled, and the note "Unreassembled
 *                          fragment (change preferences to enable
 *                          reassembly)"
 *
 * _ws.malformed, _ws.short and _ws.unreassembled also match as filters.  A
 * field the protocol reports as wrong while it stops or goes on with what is
 * there (IPv4's version or total length, UDP's length) is no exception:
 * PKT_BAD_FIELD.
 * Layers quoted inside an ICMP error (PKT_IN_ERROR) raise none. */
enum pkt_exception {
	PKT_EXC_NONE = 0,
	PKT_EXC_SHORT,
	PKT_EXC_MALFORMED,
	PKT_EXC_UNREASSEMBLED,
};

/* Sets BIT (PKT_TRUNCATED / PKT_MALFORMED) on the packet and on layer IDX. */
void pkt_mark(struct packet *p, int idx, uint32_t bit);

/* Records a cursor failure on layer IDX (and the packet): truncated or malformed. */
struct cursor;
void pkt_note_cursor(struct packet *p, int idx, const struct cursor *c);

/* Records that layer IDX needed bytes up to NEED_END where the capture kept
 * them up to CAPTURED_END and the packet declares them up to REPORTED_END:
 * malformed past REPORTED_END, else cut short. */
void pkt_ran_out(struct packet *p, int idx, uint64_t need_end, uint32_t captured_end, uint32_t reported_end);

/* The same for PROTO, which ran out of bytes before it pushed a layer of
 * its own (a transport header cut short): the exception is the last
 * layer's in the hierarchy, PROTO's in its expert item.  BIT is
 * PKT_MALFORMED or PKT_TRUNCATED. */
void pkt_ran_out_early(struct packet *p, enum proto_id proto, uint32_t bit);

/* The exception that stopped the dissection of P and, in *LAYER (when not
 * NULL), the layer whose protocol raised it (-1 for none). */
enum pkt_exception pkt_exception(const struct packet *p, int *layer);

/* Whether IP layer I of P stopped in its own header (cut short, or a
 * version or length its dissector refuses) after the last header read
 * whole: a tunnel's inner packet its tunnel's length cut.  Wireshark's IP
 * listeners never see such a header. */
static inline bool pkt_ip_unread(const struct packet *p, int i)
{
	return i > p->ip_layer && (p->layers[i].flags & (PKT_TRUNCATED | PKT_MALFORMED | PKT_BAD_FIELD));
}

static inline bool pkt_has_tcp(const struct packet *p)
{
	return p->l4_layer >= 0 && p->layers[p->l4_layer].proto == PROTO_TCP;
}

static inline bool pkt_has_udp(const struct packet *p)
{
	return p->l4_layer >= 0 && p->layers[p->l4_layer].proto == PROTO_UDP;
}

#endif
