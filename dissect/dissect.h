/* dissect.h — the dissection engine: entry point, dissector shape, dispatch. */
#ifndef ANALYZE_DISSECT_H
#define ANALYZE_DISSECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "analyzer/frame.h"
#include "dissect/cursor.h"
#include "dissect/fieldval.h"
#include "dissect/packet.h"

/* Every dissector has this shape: it reads its header from C (a window that
 * starts at its first byte), records a layer in P, and hands its payload on
 * through a dispatch table.  It never reads outside C. */
typedef void (*dissector_fn)(struct packet *p, struct cursor *c);

/* Framing of a protocol carried in PDUs over TCP: given the first AVAIL bytes
 * of a PDU, its total length; 0 when the bytes are not this protocol;
 * PDU_NEED_MORE when more bytes are needed to tell. */
typedef uint32_t (*pdu_len_fn)(const uint8_t *data, uint32_t avail);
#define PDU_NEED_MORE UINT32_MAX

/* Following a PDU whose end its start does not tell (an HTTP body in
 * chunks) byte by byte across segments.  STATE 0 is "at the PDU's start". */
struct pdu_scan {
	uint8_t state;
	uint8_t note_len;
	uint16_t flags; /* the protocol's own */
	uint16_t pos;   /* where in the current line or token */
	uint32_t left;
	char note[36];  /* what the protocol noted of the PDU on the way (HTTP:
	                 * its media type), for the segment that completes it */
	uint16_t sport, dport; /* the ports of the segment the PDU starts in: a
	                        * protocol framing its two directions apart tells
	                        * them by these */
};
enum { SCAN_MORE, SCAN_DONE, SCAN_FAIL };
/* Feeds the next AVAIL bytes of the PDU; SCAN_DONE with *USED the bytes up
 * to its end, SCAN_MORE when it goes on, SCAN_FAIL when it cannot be
 * followed.  DATA NULL: the connection ended (a FIN) — SCAN_DONE for a PDU
 * that runs to the end of the connection. */
typedef int (*pdu_scan_fn)(struct pdu_scan *s, const uint8_t *data, uint32_t avail, uint32_t *used);
/* A scanner for protocols whose answer runs until the connection closes
 * (WHOIS, Finger): with UNTIL_FIN, SCAN_MORE until the FIN ends it; else the
 * message ends with the segment after which its bytes end with CR LF (as
 * Wireshark asks for one more segment until then), or at a FIN. */
int tcp_scan_until_fin(struct pdu_scan *s, const uint8_t *data, uint32_t avail, uint32_t *used, bool until_fin);

/* A dissector of a protocol framed in PDUs over TCP, its framing, and the
 * dissector the rest of the conversation keeps when FN, tried as a
 * heuristic, recognised it (NULL: none, each segment is tried afresh).
 * Each protocol lists its own in its descriptor (protocol.h: .framing). */
struct pdu_framing {
	dissector_fn fn;
	pdu_len_fn len;
	dissector_fn conv;
	bool together;   /* the protocol gathers its own PDUs, as TLS does: the whole
	                  * PDUs of a segment make one call (one layer), and a PDU
	                  * running into later segments shows that layer where it
	                  * starts too */
	pdu_scan_fn scan; /* follows PDUs whose length is PDU_NEED_MORE (may be NULL) */
	bool short_start; /* where TCP hands a segment afresh (packet.tcp_fresh), bytes too
	                   * few to tell a length are no start held for more: the protocol
	                   * reads them as they are (NBSS: the rest of a message) */
};
/* The framing of dissector FN, from the descriptors; NULL when FN frames nothing. */
const struct pdu_framing *pdu_framing_of(dissector_fn fn);

struct dispatch_entry {
	uint32_t key;        /* ethertype, IP protocol, port, link type ... */
	dissector_fn fn;
	bool tunnel;         /* HANDOFF_TUNNEL: it carries whole frames */
};

/* A table binding values to dissectors; entries sorted by key.  Built
 * from the protocols' descriptors (handoff.c) before the first lookup. */
struct dispatch_table {
	const char *name;                     /* "ethertype", "ip.proto", "udp.port" ... */
	const struct dispatch_entry *entries;
	size_t n;
	const uint16_t *direct;               /* key < 65536 -> index in entries + 1 (0: none),
	                                       * or NULL: the entries are searched */
};

extern struct dispatch_table linktype_table;
extern struct dispatch_table ethertype_table;
extern struct dispatch_table ipproto_table;
extern struct dispatch_table udp_port_table;
extern struct dispatch_table tcp_port_table;

/* Heuristic dissectors, tried in order on payload the ports say nothing
 * about.  Each claims the payload by pushing a layer, or leaves P untouched. */
struct heur_list {
	const char *name;
	const dissector_fn *fns;
	size_t n;
};

extern struct heur_list tcp_heur_list;
extern struct heur_list udp_heur_list;

/* Builds the tables above from the descriptors, once (every lookup below
 * does it first; after the first call one load of handoff_built).  Cannot
 * fail. */
extern int handoff_built; /* set, with release order, once the tables stand */
void handoff_build(void);
static inline void handoff_init(void)
{
	if (__builtin_expect(!__atomic_load_n(&handoff_built, __ATOMIC_ACQUIRE), 0))
		handoff_build();
}

/* The conversation kind (1 to EXPECT_KINDS - 1) of protocol PROTO's
 * announced UDP conversations (its descriptor's UDP_CONV registration),
 * EXPECT_NONE when it registers none; and the dissector of a kind, or NULL. */
unsigned udp_conv_kind(enum proto_id proto);
dissector_fn udp_conv_dissector(unsigned kind);
/* The same for announced TCP connections (TCP_CONV registrations). */
unsigned tcp_conv_kind(enum proto_id proto);
dissector_fn tcp_conv_dissector(unsigned kind);

/* The entry for KEY in T, searched for (a key without an index). */
const struct dispatch_entry *dispatch_entry_search(const struct dispatch_table *t, uint32_t key);

/* The entry for KEY in T, or NULL: every frame looks up a few keys, of 16
 * bits almost all, so those are one load from the table's index. */
static inline const struct dispatch_entry *dispatch_entry_find(const struct dispatch_table *t, uint32_t key)
{
	handoff_init();
	if (key < 65536 && t->direct) {
		uint16_t i = t->direct[key];
		return i ? &t->entries[i - 1] : NULL;
	}
	return dispatch_entry_search(t, key);
}

/* The dissector bound to KEY in T, or NULL. */
static inline dissector_fn dispatch_find(const struct dispatch_table *t, uint32_t key)
{
	const struct dispatch_entry *e = dispatch_entry_find(t, key);
	return e ? e->fn : NULL;
}

/* Hands the rest of C to the dissector bound to KEY in T; payload nobody
 * claims becomes a `data` layer (when non-empty).  Cannot fail. */
void dispatch(const struct dispatch_table *t, uint32_t key, struct packet *p, struct cursor *c);

/* Runs FN over a copy of C; true when FN claimed the payload (pushed a
 * layer, or set PKT_TAKEN).  Application dissectors reject what is not
 * theirs by pushing nothing, so the next candidate can be tried. */
bool dissect_try(dissector_fn fn, struct packet *p, const struct cursor *c);

/* For ports: tries the dissector of the lower port, then the higher (so both
 * directions of a flow resolve alike), then the heuristics of H (may be
 * NULL); payload nobody claims becomes `data`. */
void dispatch_ports(const struct dispatch_table *t, const struct heur_list *h, uint16_t a, uint16_t b,
		    struct packet *p, struct cursor *c);

/* Reads a 2-byte Ethernet type-or-length field for layer IDX and hands the
 * rest on: a value of 1500 or less is an 802.3 length (an LLC header
 * follows, padding after it is not ours), anything else an ethertype. */
void dissect_type_or_length(struct packet *p, int idx, struct cursor *c);

/* A transport header (of PROTO) whose ports cannot even be read (fewer than
 * 4 bytes, as an IPv6 payload length of zero leaves): no layer is shown, as
 * in Wireshark, and PROTO ran out of bytes (pkt_ran_out_early()).  True then. */
bool transport_absent(struct packet *p, const struct cursor *c, enum proto_id proto);

/* Bounds N, the bytes layer IDX has from its start, by the length the
 * nearest IPv4 or IPv6 header below it declares (bytes after it are a
 * link's padding or trailer, or what an ICMP error quotes after the
 * datagram). */
uint32_t pkt_within_ip(const struct packet *p, int idx, uint32_t n);

/* Wireshark's note on a trailer of other bytes than zeros after the message
 * that the link layer IDX of P (Linux cooked capture) hands on by its type. */
struct experts;
void ethertype_trailer_expert(struct experts *e, const struct packet *p, int idx);

/* "ethertype" when the type field at AT of layer L of P is a type (above
 * 1500), as frame.protocols names it after the layer; NULL otherwise. */
const char *ethertype_after(const struct packet *p, const struct layer *l, uint32_t at);

/* Marks the rest of C as `data` (when non-empty). */
void dissect_data(struct packet *p, struct cursor *c);
/* Data inside its protocol's tree (a body of no known type, an attribute's
 * value): a protocol of the frame, no node of the hierarchy. */
void dissect_data_nested(struct packet *p, struct cursor *c);
/* A CIP message in the data item C of an EtherNet/IP message whose 8-byte
 * sender context is at CONTEXT (cip.c): its layers, and its class's. */
void dissect_cip(struct packet *p, struct cursor *c, const uint8_t *context);

/* Dissects frame F into P (reset first).  Never fails: problems are flags on
 * the packet and its layers.  Each frame on its own. */
void dissect_frame(struct packet *p, const struct frame *f);

/* The same, for the next frame of a file whose state SESSION keeps (frames
 * must come in file order; NULL: none).  TRANSPORT_ONLY stops after the
 * transport headers and the tunnels they carry, for listeners that need no
 * more. */
void dissect_frame_in(struct packet *p, const struct frame *f, struct dissect_session *session,
		      bool transport_only);

struct tcp_dir;
/* Hands TCP payload C to the application: PDU by PDU where the protocol
 * frames its messages and P has a session, port tables and heuristics
 * otherwise.  Returns the state the session keeps of the segment's
 * direction afterwards, NULL when none (or no session). */
struct tcp_dir *tcp_payload(struct packet *p, struct cursor *c, uint16_t sport, uint16_t dport);
/* A segment without payload (SPORT to DPORT) whose sequence number lies
 * past the bytes its direction sent: what follows at lower numbers was sent
 * before (a retransmission, out of order), as Wireshark's analysis takes it.
 * Returns the direction's state as tcp_payload() does. */
struct tcp_dir *tcp_no_payload(struct packet *p, uint16_t sport, uint16_t dport);
/* A message start whose length its framing refuses (shorter than its own
 * header), as Wireshark's framing raises it before the message is read:
 * layer IDX of P gets PKT_NESTED, PKT_NO_ITEM and FLAGS (its protocol's
 * columns then leave TCP's), TCP's layer is malformed, and the rest of the
 * segment (C) shows nothing.  Cannot fail. */
void tcp_pdu_refused(struct packet *p, int idx, struct cursor *c, uint32_t flags);
/* A message of PROTO that its framing LEN frames and that is read no
 * further than its first NEED bytes (short of them: truncated or
 * malformed): its layer over the rest of C; when MIN bytes or more are
 * there and LEN refuses them (0: a length below its header's), the
 * framing's error, tcp_pdu_refused() with FLAGS.  Cannot fail. */
void tcp_pdu_message(struct packet *p, enum proto_id proto, struct cursor *c, pdu_len_fn len, uint32_t min,
		     uint32_t need, uint32_t flags);
/* The rest of P's TCP connection, both ways, goes to FN: a protocol that
 * learnt from this segment how its connection goes on (the version it
 * speaks, TLS inside it).  With KEEP a way already given a dissector
 * keeps it.  Nothing without a session. */
void tcp_conn_follow(struct packet *p, dissector_fn fn, bool keep);
/* A client's command that asks its TCP connection to turn to TLS (SMTP's and
 * NNTP's STARTTLS, POP's STLS, FTP's AUTH TLS): remembered until the server
 * answers.  tcp_tls_answer() is the server's answer in P: when ACCEPTED and
 * asked for, the connection speaks TLS from its next segment on, both ways
 * (Wireshark's STARTTLS acknowledgement); the question is forgotten either
 * way.  Nothing without a session. */
void tcp_tls_ask(struct packet *p);
void tcp_tls_answer(struct packet *p, bool accepted);

/* The dissectors bound in the tables (one file each under dissect/). */
void dissect_eth(struct packet *p, struct cursor *c);
void dissect_vlan(struct packet *p, struct cursor *c);
void dissect_sll(struct packet *p, struct cursor *c);
void dissect_sll2(struct packet *p, struct cursor *c);
void dissect_null(struct packet *p, struct cursor *c);
void dissect_loop(struct packet *p, struct cursor *c);
void dissect_raw(struct packet *p, struct cursor *c);
void dissect_raw_ip4(struct packet *p, struct cursor *c);
void dissect_raw_ip6(struct packet *p, struct cursor *c);
void dissect_ppp(struct packet *p, struct cursor *c);
void dissect_ppi(struct packet *p, struct cursor *c);
void dissect_ipoib(struct packet *p, struct cursor *c);
void dissect_llc(struct packet *p, struct cursor *c);
void dissect_arp(struct packet *p, struct cursor *c);
void dissect_ipv4(struct packet *p, struct cursor *c);
/* The options of an IPv4 or TCP header, D of N bytes, walked as Wireshark
 * walks them: the first whose length is wrong, when its kind is one NAMED
 * says it has no reader for, written into BUF as Wireshark's item says it
 * ("Unknown (0x0a) (option length = 161 bytes says option goes past end of
 * options)"); false when there is none. */
bool ip_tcp_option_problem(const uint8_t *d, uint32_t n, bool (*named)(uint8_t kind), char *buf, size_t size);
void dissect_ipv6(struct packet *p, struct cursor *c);
void dissect_icmp(struct packet *p, struct cursor *c);
void dissect_icmpv6(struct packet *p, struct cursor *c);
void dissect_tcp(struct packet *p, struct cursor *c);
void dissect_udp(struct packet *p, struct cursor *c);
void dissect_gre(struct packet *p, struct cursor *c);
void dissect_geneve(struct packet *p, struct cursor *c);
void dissect_vxlan(struct packet *p, struct cursor *c);

void dissect_ipnet(struct packet *p, struct cursor *c);
void dissect_ipx(struct packet *p, struct cursor *c);
void dissect_ddp(struct packet *p, struct cursor *c);
void dissect_aarp(struct packet *p, struct cursor *c);
void dissect_lat(struct packet *p, struct cursor *c);
void dissect_chdlc(struct packet *p, struct cursor *c);
void dissect_isis(struct packet *p, struct cursor *c);
void dissect_rip(struct packet *p, struct cursor *c);
void dissect_pptp(struct packet *p, struct cursor *c);
uint32_t pptp_pdu_len(const uint8_t *data, uint32_t avail);
void dissect_ftp(struct packet *p, struct cursor *c);
void dissect_smtp(struct packet *p, struct cursor *c);
/* The mail a client sends after SMTP's DATA command, read from the client's
 * segment at C (TO_SERVER) as the Internet Message Format (dissect/imf.c).
 * True when the segment is part of the message (it came after DATA). */
bool imf_from_smtp(struct packet *p, const struct cursor *c, bool to_server);
/* Pushes the IMF layer of message B[0..N) (a whole mail gathered from
 * earlier segments), at OFF of the frame, with its Info (dissect/imf.c). */
void imf_message(struct packet *p, const uint8_t *b, uint32_t n, uint32_t off);
/* The line of text protocol bytes D[0..N) starting at AT, found as Wireshark
 * finds a line's end (CR LF, LF or CR): its text ends at *TEXT_END, the next
 * line starts at the value returned. */
static inline uint32_t line_next(const uint8_t *d, uint32_t n, uint32_t at, uint32_t *text_end)
{
	while (at < n && d[at] != '\r' && d[at] != '\n')
		at++;
	*text_end = at;
	if (at < n && d[at] == '\r')
		at++;
	if (at < n && d[at] == '\n' && (at == *text_end || d[at - 1] == '\r'))
		at++;
	return at;
}
/* The first byte C from FROM on in B (N bytes), or N. */
static inline uint32_t find_byte(const uint8_t *b, uint32_t n, uint32_t from, uint8_t c)
{
	const uint8_t *at = from < n ? memchr(b + from, c, n - from) : NULL;
	return at ? (uint32_t)(at - b) : n;
}
/* X11 (TCP 6000-6063): requests to the server's port, replies, events and
 * errors from it, several to a segment (dissect/x11.c). */
void dissect_x11(struct packet *p, struct cursor *c);
void dissect_mysql(struct packet *p, struct cursor *c);
uint32_t mysql_pdu_len(const uint8_t *data, uint32_t avail);
void dissect_isakmp(struct packet *p, struct cursor *c);
void dissect_udpencap(struct packet *p, struct cursor *c);
void dissect_esp(struct packet *p, struct cursor *c);
void dissect_netbios(struct packet *p, struct cursor *c);
void dissect_dec_dna(struct packet *p, struct cursor *c);
void dissect_eigrp(struct packet *p, struct cursor *c);
void dissect_wlan(struct packet *p, struct cursor *c);
void dissect_wlan_radio(struct packet *p, struct cursor *c);
void dissect_radiotap(struct packet *p, struct cursor *c);
void dissect_nflog(struct packet *p, struct cursor *c);
void dissect_pktap(struct packet *p, struct cursor *c);
void dissect_mpls(struct packet *p, struct cursor *c);
void dissect_netmon_event(struct packet *p, struct cursor *c);
void dissect_loop_ctp(struct packet *p, struct cursor *c);
void dissect_realtek(struct packet *p, struct cursor *c);
void dissect_vsock(struct packet *p, struct cursor *c);
void dissect_dbus(struct packet *p, struct cursor *c);
void dissect_netlink(struct packet *p, struct cursor *c);
void dissect_user_dlt(struct packet *p, struct cursor *c);
/* Whether the netlink messages starting at B (N bytes left in the frame)
 * are big-endian: the order in which the first length is nearer N. */
bool netlink_big_endian(const uint8_t *b, uint32_t n);
/* D-Bus header field CODE of the message B (N bytes): a string's span from
 * B, or a number in *NUM; false when the message has none. */
struct span;
bool dbus_header_field(const uint8_t *d, uint32_t n, uint8_t code, struct span *str, uint32_t *num);
void dissect_bjnp(struct packet *p, struct cursor *c);
void dissect_rx(struct packet *p, struct cursor *c);
/* MPTCP: the TCP header at OFF carries a Multipath TCP option (dissect/mptcp.c). */
void mptcp_option(struct packet *p, uint32_t off);
/* AFS: the body of an RX DATA packet whose 28-byte header is at RX
 * (dissect/afs.c). */
void dissect_afs(struct packet *p, struct cursor *c, const uint8_t *rx);
void dissect_stun(struct packet *p, struct cursor *c);      /* on 3478 */
void dissect_stun_heur(struct packet *p, struct cursor *c); /* elsewhere, by its cookie */
void dissect_stun_conn(struct packet *p, struct cursor *c); /* where the cookie was seen */
/* OpenFlow's ports (IANA's and the one before): its messages carry whole
 * frames, whose headers count even when only transport headers are wanted. */
static inline bool openflow_port(uint16_t sport, uint16_t dport)
{
	return sport == 6653 || dport == 6653 || sport == 6633 || dport == 6633;
}
void dissect_openflow(struct packet *p, struct cursor *c);      /* on 6653 */
void dissect_openflow_heur(struct packet *p, struct cursor *c); /* to 6633, the port before IANA's */
uint32_t openflow_pdu_len(const uint8_t *data, uint32_t avail);
/* WireGuard where no port says so: the message type's length, zero
 * reserved bytes for cookie replies and data. */
void dissect_wg_heur(struct packet *p, struct cursor *c);
void dissect_xmpp(struct packet *p, struct cursor *c);
/* The first layer of a frame the file attaches a comment to. */
void dissect_comment_layer(struct packet *p);

/* A fragment of an IP datagram. */
struct ip_frag_info {
	uint8_t family;         /* 4 or 6 */
	uint8_t proto;          /* the payload's protocol */
	bool more;              /* more fragments follow */
	uint32_t offset;        /* of this fragment's payload in the datagram, bytes */
	uint32_t id;            /* identification */
	const uint8_t *src, *dst;
};

/* Shows the fragment's payload in C: data, or the datagram's layers in the
 * frame that completes it (with a session). */
void ip_fragment(struct packet *p, struct cursor *c, const struct ip_frag_info *fi);
/* p2p: BitTorrent peer wire over TCP (and inside uTP), its DHT, and uTP.
 * dissect_bittorrent dissects one message (a PDU, or the first message of a
 * segment); dissect_bittorrent_pdus every message in C, one layer each;
 * bittorrent_pdu_len frames them (continuation data runs to the end of AVAIL,
 * so pass the rest of the segment).  The _heur variants check a signature
 * first: the 20-byte handshake opening, a DHT dictionary opening, a uTP
 * version 1 header. */
void dissect_bittorrent(struct packet *p, struct cursor *c);
void dissect_bittorrent_heur(struct packet *p, struct cursor *c);
void dissect_bittorrent_pdus(struct packet *p, struct cursor *c);
uint32_t bittorrent_pdu_len(const uint8_t *data, uint32_t avail);
void dissect_bt_dht(struct packet *p, struct cursor *c);
void dissect_bt_dht_heur(struct packet *p, struct cursor *c);
void dissect_bt_utp(struct packet *p, struct cursor *c);
void dissect_bt_utp_heur(struct packet *p, struct cursor *c);
/* Group msrpc: directory, authentication, remote desktop and ONC RPC. */
struct ber_hdr {
	uint8_t cls;          /* 0 universal, 1 application, 2 context-specific, 3 private */
	bool constructed;
	bool indefinite;      /* length form 0x80: contents end at two zero bytes */
	uint32_t tag;
	uint32_t len;         /* content bytes (0 when indefinite) */
};
/* Reads a BER identifier and length (X.690) at C's position; false (and C
 * failed) when they are cut short or not valid BER. */
bool ber_read_hdr(struct cursor *c, struct ber_hdr *h);
/* Reads a header and tells whether it is CLS/TAG. */
bool ber_expect(struct cursor *c, uint8_t cls, uint32_t tag, struct ber_hdr *h);
/* Reads the content of the INTEGER whose header is H (up to 32 bits). */
bool ber_read_uint(struct cursor *c, const struct ber_hdr *h, uint32_t *v);
void dissect_ldap(struct packet *p, struct cursor *c);
void dissect_cldap(struct packet *p, struct cursor *c);
uint32_t ldap_pdu_len(const uint8_t *data, uint32_t avail);
/* messageID and protocolOp (the application tag) of layer L's first message. */
bool ldap_message_info(const struct packet *p, const struct layer *l, uint32_t *msgid, uint32_t *op);
void dissect_kerberos_udp(struct packet *p, struct cursor *c);
void dissect_kerberos_tcp(struct packet *p, struct cursor *c);
uint32_t kerberos_pdu_len(const uint8_t *data, uint32_t avail);
/* msg-type (10 AS-REQ ... 30 KRB-ERROR) of the Kerberos layer L. */
bool kerberos_msg_type(const uint8_t *b, uint32_t n, uint32_t *out);
/* A GSS-API token (RFC 2743 framing, or a Kerberos per-message token): the
 * gss-api layer, then spnego / spnego-krb5 as the token holds.  PLAIN (may be
 * NULL) receives the clear payload of a signed-only wrap token (empty window
 * otherwise). */
void dissect_gssapi_token(struct packet *p, struct cursor *c, struct cursor *plain);
void dissect_gssapi(struct packet *p, struct cursor *c);
/* A bare SPNEGO body (NegTokenInit [0] / NegTokenResp [1]). */
void dissect_spnego(struct packet *p, struct cursor *c);
void dissect_tpkt(struct packet *p, struct cursor *c);
uint32_t tpkt_pdu_len(const uint8_t *data, uint32_t avail);
void dissect_cotp(struct packet *p, struct cursor *c);
void dissect_rdpudp(struct packet *p, struct cursor *c);
/* T.125 (MCS) in COTP data, when its start is an MCS PDU: true when taken. */
bool dissect_t125_heur(struct packet *p, struct cursor *c);
/* T.124 (GCC) in an MCS connect PDU's user data: a Connect-Initial's, or
 * with RESPONSE a Connect-Response's. */
void dissect_t124(struct packet *p, struct cursor *c, bool response);
/* RDP's data blocks in GCC user data (the server's with SERVER), and the
 * PDU of an MCS send-data request or INDICATION on CHANNEL
 * (dissect/rdp_mcs.c). */
void rdp_conference_data(struct packet *p, struct cursor *c, bool server);
void rdp_send_data(struct packet *p, struct cursor *c, uint16_t channel, bool indication);
/* S7comm in COTP data, when its start is an S7comm header: true when taken. */
bool dissect_s7comm_heur(struct packet *p, struct cursor *c);
/* Whether the PPI header D (N bytes) says the 802.11 frame ends with its FCS. */
bool ppi_has_fcs(const uint8_t *d, uint32_t n);
/* Whether the radiotap header D (N bytes) says the frame ends with its FCS. */
bool radiotap_has_fcs(const uint8_t *d, uint32_t n);
/* The name of BACnet property ID, or NULL (dissect/bacapp_values.c). */
const char *bacnet_property_name(uint32_t id);
void dissect_rpc_udp(struct packet *p, struct cursor *c);
void dissect_rpc_tcp(struct packet *p, struct cursor *c);
void dissect_rpc_udp_heur(struct packet *p, struct cursor *c);
void dissect_rpc_tcp_heur(struct packet *p, struct cursor *c);
uint32_t rpc_pdu_len(const uint8_t *data, uint32_t avail);
struct rpc_info {
	uint32_t xid;
	uint32_t msg_type;    /* 0 call, 1 reply */
	uint32_t program, version, procedure;  /* a call's, or an answered reply's call's */
	uint32_t reply_state; /* replies only: 0 accepted, 1 denied */
	uint32_t accept_state; /* accepted replies: 0 success ... */
	bool answered;        /* a reply whose call is known */
	uint64_t call_frame;  /* then the call's frame */
	uint64_t dup_of;      /* sent again: the first call's (or reply's) frame, else 0 */
	uint64_t reply_frame; /* a call sent again: its first reply's frame, 0 none */
	bool marked;          /* over TCP: the record mark before the message */
	uint32_t mark;
	uint32_t body;        /* where the arguments or results start in the message */
};
/* The header of the RPC message of layer L; false when L is no message (a
 * fragment, a continuation) or its header is not all there. */
bool rpc_read_info(const struct packet *p, const struct layer *l, struct rpc_info *out);
/* The message of RPC layer IDX: its bytes (after the record mark over TCP,
 * up to the record's end), N of them, and the mark (0 over UDP).  False
 * when not even the mark is there. */
bool rpc_message_bytes(const struct packet *p, int idx, const uint8_t **b, uint32_t *n, uint32_t *mark);
/* What NFS adds to the Info of its message (dissect/nfs_cols.c): version
 * VERSION's PROCEDURE, a call or a REPLY, whose arguments or results are
 * the N bytes at B. */
struct columns;
void nfs_info(struct columns *c, uint32_t version, uint32_t procedure, bool reply, const uint8_t *b, uint32_t n);
/* The record mark of RPC layer IDX (a message or a fragment over TCP);
 * false for none. */
bool rpc_record_mark(const struct packet *p, int idx, uint32_t *mark);
/* What RPC layer IDX is beyond its bytes (dissect/packet.h), or NULL for a
 * call read from its own bytes. */
const struct rpc_note *rpc_note_of(const struct packet *p, int idx);
/* The fields of a program layer PROTO (nfs, mount, portmap) whose bytes B
 * (N of them) are a CALL's arguments or a reply's results for procedure
 * PROC of program version VERS. */
struct fvalue;
unsigned rpc_program_values(const uint8_t *b, uint32_t n, uint16_t proto, bool call, uint32_t vers, uint32_t proc,
			    const char *abbrev, bool (*fn)(const struct fvalue *v, void *data), void *data);
/* udpapps: name services, address configuration, time, discovery and
 * management protocols on UDP (some also on TCP), IGMP, and STP/CDP on LLC. */

/* The value of hexadecimal digit B, or -1 when it is none. */
static inline int hex_digit_value(uint8_t b)
{
	return b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 :
	       b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
}

/* Skips N bytes of an application payload.  The bytes are read field by
 * field in order, so when the capture kept less than the message declares,
 * the first field to fail is the one that crosses the captured end: the
 * message is cut short (truncated), whatever its lengths claim beyond. */
static inline bool app_skip(struct cursor *c, uint32_t n)
{
	if (c->err == CUR_OK && (uint64_t)c->off + n > c->end && c->end < c->rend) {
		c->err = CUR_TRUNCATED;
		return false;
	}
	return cursor_skip(c, n);
}

/* Whether the bytes missing at this point were left out by an ICMP error's
 * quote (which holds only the start of the datagram in error) rather than
 * by the capture: no truncation then. */
static inline bool pkt_quote_ends(const struct packet *p)
{
	return (p->flags & PKT_IN_ERROR) && p->frame->caplen >= p->frame->len;
}

/* Records C's failure on application layer IDX, except that running past
 * the end of the first fragment of an unreassembled datagram is expected,
 * not malformed. */
static inline void app_note(struct packet *p, int idx, const struct cursor *c)
{
	if (c->err == CUR_MALFORMED && (p->flags & PKT_FRAGMENT))
		return;
	pkt_note_cursor(p, idx, c);
}

/* Reading a message's fields from its bytes D (N of them there) up to its
 * END, the same for its dissector, its columns and its field values: a
 * read past either stops it, noting where (AT) and how many bytes it
 * wanted (NEED). */
struct field_reader {
	const uint8_t *d;
	uint32_t n, end, at;
	bool stop;
	uint32_t need;
};

/* The next K bytes of R, or NULL (R stopped) when they are not all there. */
static inline const uint8_t *field_take(struct field_reader *r, uint32_t k)
{
	if (r->stop)
		return NULL;
	if ((uint64_t)r->at + k > r->end || (uint64_t)r->at + k > r->n) {
		r->stop = true;
		r->need = k;
		return NULL;
	}
	const uint8_t *p = r->d + r->at;
	r->at += k;
	return p;
}

/* The cursor C of layer IDX, whose message R read from C's position: past
 * the window when R read it all, else failed where R stopped (malformed
 * past the message's declared end, cut short past the capture's). */
static inline void field_reader_end(struct packet *p, int idx, struct cursor *c, const struct field_reader *r)
{
	if (!r->stop) {
		cursor_skip(c, cursor_rleft(c));
		return;
	}
	cursor_skip(c, r->at);
	cursor_fail(c, r->need);
	app_note(p, idx, c);
}

void dissect_dns(struct packet *p, struct cursor *c);
void dissect_mdns(struct packet *p, struct cursor *c);
void dissect_llmnr(struct packet *p, struct cursor *c);
/* DNS on other UDP ports, when the header looks like a plain query or response. */
void dissect_dns_heur(struct packet *p, struct cursor *c);
/* One DNS message behind its 2-byte TCP length. */
void dissect_dns_tcp(struct packet *p, struct cursor *c);
uint32_t dns_tcp_pdu_len(const uint8_t *data, uint32_t avail);
/* Moves C past one DNS-style name (labels and compression pointers,
 * followed to check they stay inside the message starting at MSG_START).
 * False, with C failed, when the name runs past the captured or declared end. */
bool dns_skip_name(struct cursor *c, uint32_t msg_start);
void dissect_nbns(struct packet *p, struct cursor *c);
void dissect_dhcp(struct packet *p, struct cursor *c);
void dissect_dhcpv6(struct packet *p, struct cursor *c);
void dissect_ntp(struct packet *p, struct cursor *c);
void dissect_ssdp(struct packet *p, struct cursor *c);
void dissect_snmp(struct packet *p, struct cursor *c);
void dissect_syslog(struct packet *p, struct cursor *c);
void dissect_igmp(struct packet *p, struct cursor *c);
void dissect_stp(struct packet *p, struct cursor *c);
void dissect_cdp(struct packet *p, struct cursor *c);
/* LACP, subtype 1 of the Slow Protocols (dissect/lacp.c). */
void dissect_lacp(struct packet *p, struct cursor *c);
void dissect_db_lsp_disc(struct packet *p, struct cursor *c);
/* voip: SIP (its SDP bodies announce RTP and RTCP endpoints to the
 * session), RTP and RTCP on those endpoints, and TFTP. */
void dissect_sip(struct packet *p, struct cursor *c);      /* on SIP's port */
void dissect_sip_heur(struct packet *p, struct cursor *c); /* elsewhere */
void dissect_rtp(struct packet *p, struct cursor *c);
void dissect_rtcp(struct packet *p, struct cursor *c);
void dissect_tftp(struct packet *p, struct cursor *c);      /* on TFTP's port */
void dissect_tftp_heur(struct packet *p, struct cursor *c); /* a request elsewhere */
void dissect_tftp_conv(struct packet *p, struct cursor *c); /* a transfer a request opened */
/* Group smb: NetBIOS session and datagram services, SMB, SMB2, DCE/RPC. */
void dissect_nbss(struct packet *p, struct cursor *c);
uint32_t nbss_pdu_len(const uint8_t *data, uint32_t avail);
void dissect_nbdgm(struct packet *p, struct cursor *c);
/* Moves C past an encoded NetBIOS name (DNS label form); false (and C
 * failed) when the name is cut short or not valid. */
bool netbios_skip_name(struct cursor *c);
/* A NetBIOS name at AT of B (N bytes): length 32, the name's 16 bytes as
 * pairs of letters 'A'+nibble, then a scope (labels) to a zero.  Into
 * NAME (96 bytes) as Wireshark shows it, "HOST<20>" (the padding spaces
 * dropped, the last byte as the suffix); returns its length, or -1 when
 * there is no such name; *AFTER is where it ends. */
int netbios_name(const uint8_t *b, uint32_t n, uint32_t at, char name[96], uint32_t *after);
/* A NetBIOS name's 16 bytes RAW as Wireshark shows it, into NAME (96
 * bytes): the padding spaces dropped, a byte that is no character as
 * "<xx>", the last byte as the suffix ("HOST<20>"); returns its length. */
int netbios_raw_name(const uint8_t raw[16], char name[96]);
/* Like pkt_note_cursor, for a window that declares a whole PDU: a short read
 * in a frame the capture kept whole means the PDU goes on in later TCP
 * segments, which is not a truncation. */
void pdu_note_cursor(struct packet *p, int idx, const struct cursor *c);
/* True when the capture (not the end of a TCP segment) cut C's window short. */
bool pdu_cut_short(const struct packet *p, const struct cursor *c);
/* What a NetBIOS session message or datagram carries: SMB, SMB2 or data. */
void dissect_netbios_payload(struct packet *p, struct cursor *c);
void dissect_smb(struct packet *p, struct cursor *c);
void dissect_smb2(struct packet *p, struct cursor *c);
void dissect_dcerpc(struct packet *p, struct cursor *c);
uint32_t dcerpc_pdu_len(const uint8_t *data, uint32_t avail);
/* The data of an SMB read, write or pipe transaction: true when it is
 * DCE/RPC (its layers pushed, or a PDU that goes on in the next message). */
bool dissect_dcerpc_pipe(struct packet *p, struct cursor *c);

struct smb_info {
	uint8_t cmd, flags;
	uint16_t flags2, tid, pid, uid, mid;
	uint32_t status;
};
/* The header fields of SMB layer L. */
bool smb_header_info(const struct packet *p, const struct layer *l, struct smb_info *out);

struct smb2_info {
	uint16_t cmd, header_len, credit_charge;
	uint32_t status, flags, next_cmd, tid, pid;
	uint64_t msg_id, sesid, async_id;
	bool async;                  /* an async id stands where pid and tid are */
	bool has_ioctl;              /* an IOCTL whose function code was read */
	uint32_t ioctl_function;
};
/* The header fields of SMB2 layer L (one command; false for a transform header). */
bool smb2_header_info(const struct packet *p, const struct layer *l, struct smb2_info *out);

struct dcerpc_info {
	uint8_t ptype, flags;
	uint16_t frag_len, auth_len;
	uint32_t call_id;
	bool has_alloc_hint;        /* requests and responses */
	uint32_t alloc_hint;
	bool has_num_ctx;           /* binds and alter-contexts */
	uint8_t num_ctx;
	bool has_ctx, has_opnum;
	uint16_t ctx_id, opnum;
};
/* The header fields of DCE/RPC layer L (context id of requests and
 * responses, opnum of requests). */
bool dcerpc_header_info(const struct packet *p, const struct layer *l, struct dcerpc_info *out);
/* Presentation context N of the bind or alter-context PDU L: its context id,
 * interface UUID (canonical byte order) and major version. */
bool dcerpc_bind_iface(const struct packet *p, const struct layer *l, unsigned n, uint16_t *ctx_id,
		       uint8_t uuid[16], uint16_t *version);
/* The filter name of the protocol of a DCE/RPC interface ("epm", "lsarpc"
 * ...), or NULL when unknown. */
const char *dcerpc_iface_name(const uint8_t uuid[16]);
/* Group "web": HTTP, message bodies by media type, TLS, SSH, QUIC. */

/* A stretch of a message: offset from the message's first byte, length. */
struct span {
	uint32_t off, len;
};

enum http_kind { HTTP_NONE, HTTP_REQUEST, HTTP_RESPONSE };

/* What one HTTP message's start line and header say. */
struct http_info {
	const uint8_t *base;             /* the message's first byte; spans count from here */
	enum http_kind kind;
	uint32_t hdr_len;                /* start line and header with the empty line; 0 = end not seen */
	struct span method, uri, version; /* version: of the request or the response */
	uint16_t code;
	struct span phrase;
	struct span host, user_agent, server, content_type, content_encoding;
	struct span upgrade, ws_extensions; /* Upgrade, Sec-WebSocket-Extensions */
	bool chunked;                    /* Transfer-Encoding: chunked */
	bool has_length;                 /* a valid Content-Length */
	uint64_t content_length;
};

/* Parses the message starting at B (N bytes); false when it starts with
 * neither a request nor a status line. */
bool http_parse(const uint8_t *b, uint32_t n, struct http_info *hi);
uint32_t http_pdu_len(const uint8_t *data, uint32_t avail);
/* The media type (lowercase, without parameters) of the HTTP message whose
 * body layer IDX of P is (the layer right above the message's), in BUF of N
 * bytes; false when there is none. */
bool http_media_type_below(const struct packet *p, int idx, char *buf, size_t n);
/* On HTTP's own ports: bytes that start no message and hold no line end
 * are gathered with the next segments, until a line ends (Wireshark reads
 * a continuation a line at a time). */
uint32_t http_port_pdu_len(const uint8_t *data, uint32_t avail);
/* The body of the message HI describes (parsed from B, N bytes) as
 * http.file_data: the data of every chunk joined in BUF (CAP bytes), or the
 * Content-Length bytes themselves.  False when there is none, when it is
 * not all within the N bytes (unless PREFIX: then what they hold), when its
 * end is the connection's, or when it is compressed (a content coding). */
bool http_file_data(const uint8_t *b, uint32_t n, const struct http_info *hi, bool prefix, uint8_t *buf,
		    uint32_t cap, const uint8_t **out, uint32_t *len);
int http_scan(struct pdu_scan *s, const uint8_t *data, uint32_t avail, uint32_t *used);
/* SIP: what one message's start line and header say (spans count from
 * the message's first byte). */
enum sip_kind { SIP_NONE, SIP_REQUEST, SIP_STATUS };
struct sip_info {
	enum sip_kind kind;
	struct span line;               /* the start line without its end */
	uint32_t headers;               /* where the header lines start */
	struct span method, uri;        /* requests */
	uint16_t code;                  /* responses */
	struct span phrase;
	struct span content_type, cseq;
	bool has_length;                /* a Content-Length header with a number */
	uint32_t content_length;
	uint32_t body, body_len;        /* after the empty line (body 0: none seen) */
	bool unended;                   /* the header's last line has no line end */
};
/* Parses the message at B (N bytes); false when its first line is neither
 * a SIP request line nor a status line. */
bool sip_parse(const uint8_t *b, uint32_t n, struct sip_info *si);
/* The next header line of the message B (N bytes) from *AT (start with *AT
 * at sip_info.headers): its name and its value without the spaces
 * around it; false at the empty line or the end of the bytes. */
bool sip_header_next(const uint8_t *b, uint32_t n, uint32_t *at, struct span *name, struct span *value);
/* Whether NAME is the header WANT, in any case or in its compact form. */
bool sip_header_is(const uint8_t *b, struct span name, const char *want);
/* SDP (sdp.c): a session description, the body of a message whose media
 * type is application/sdp; its RTP media are announced to the session.
 * dissect_sdp_nested() shows it inside its carrier's tree (SIP, RTSP): in
 * frame.protocols and filters, no node of the hierarchy. */
void dissect_sdp(struct packet *p, struct cursor *c);
void dissect_sdp_nested(struct packet *p, struct cursor *c);
/* Whether the media type B (LEN bytes, parameters allowed) is application/sdp. */
bool media_type_is_sdp(const uint8_t *b, uint32_t len);
/* "/SDP" after the Protocol column of C when layer IDX of P carries an SDP
 * body (the next layer). */
struct columns;
void col_sdp_after(struct columns *c, const struct packet *p, int idx);
void dissect_http(struct packet *p, struct cursor *c);      /* on HTTP's ports */
void dissect_http_heur(struct packet *p, struct cursor *c); /* elsewhere */
/* WebSocket (websocket.c): the connection of P, whose HTTP answer switched
 * it to WebSocket, speaks it from the answer's end on, both ways, with the
 * extensions EXT (N bytes: Sec-WebSocket-Extensions) agreed. */
void websocket_upgrade(struct packet *p, const uint8_t *ext, uint32_t n);
void dissect_websocket(struct packet *p, struct cursor *c);

/* Hands a message body to the dissector of media type TYPE (LEN bytes,
 * parameters allowed); a type without one gives `media`.  CODED: the bytes
 * are compressed (a content coding), so their signatures cannot be checked. */
void dissect_media_body(struct packet *p, struct cursor *c, const char *type, size_t len, bool coded);
/* Whether the dissector of media type TYPE (LEN bytes, parameters allowed)
 * checks the body's signature (an image format), and the protocol it shows
 * when the body passes. */
bool media_type_checks(const char *type, size_t len, enum proto_id *proto);
/* Whether media type TYPE (LEN bytes, no parameters) is one a dissector is
 * registered for by name (not by a structured-syntax suffix). */
bool media_type_named(const char *type, size_t len);
void dissect_text_lines(struct packet *p, struct cursor *c);
void dissect_xml(struct packet *p, struct cursor *c);
void dissect_json(struct packet *p, struct cursor *c);
void dissect_png(struct packet *p, struct cursor *c);
void dissect_image_gif(struct packet *p, struct cursor *c);
void dissect_urlencoded_form(struct packet *p, struct cursor *c);
void dissect_media(struct packet *p, struct cursor *c);

/* What the records of one TLS segment say (the first record, the first
 * handshake message, and a hello's extensions). */
uint32_t tls_pdu_len(const uint8_t *data, uint32_t avail);
void dissect_tls(struct packet *p, struct cursor *c);
/* dissect_tls() on TLS's ports and connections known to speak TLS: what
 * starts no record is continuation data. */
void dissect_tls_port(struct packet *p, struct cursor *c);
/* Whether FN is one of TLS's dissectors (a connection handed over to TLS
 * keeps the one it has). */
bool tls_app(dissector_fn fn);

struct ssh_info {
	struct span banner;              /* the version line without its line end */
	bool has_packet;                 /* an unencrypted binary packet follows */
	uint32_t packet_length;
	uint8_t padding_length, message_code;
	bool encrypted;                  /* bytes that are no readable packet */
};

bool ssh_parse(const uint8_t *data, uint32_t n, struct ssh_info *si);
uint32_t ssh_pdu_len(const uint8_t *data, uint32_t avail);
void dissect_ssh(struct packet *p, struct cursor *c);

struct quic_info {
	uint8_t first;                   /* the first byte (flags) */
	bool long_header, short_header, gquic, has_version;
	uint32_t version;
	struct span dcid, scid;
};

bool quic_parse(const uint8_t *b, uint32_t n, struct quic_info *qi);
void dissect_quic_conv(struct packet *p, struct cursor *c); /* a conversation the heuristic found */
void dissect_quic_heur(struct packet *p, struct cursor *c);
void dissect_gquic_conn(struct packet *p, struct cursor *c); /* a connection whose version was named */
/* P's gQUIC conversation: the version an earlier (or P's own) packet named
 * (0: none yet) and the server's port; false without a session. */
bool gquic_conn_state(const struct packet *p, unsigned *version, uint16_t *server_port);

/* The start tag of an XML element: its name and up to XML_MAX_ATTRS
 * attributes, spans from the bytes it was read from. */
#define XML_MAX_ATTRS 8
struct xml_tag {
	struct span name;
	unsigned nattrs;
	struct span attr_name[XML_MAX_ATTRS], attr_value[XML_MAX_ATTRS];
};
/* The next start tag in B (N bytes) from *AT (end tags, declarations and
 * comments skipped); *AT moves past its attributes.  False when there is
 * none or it is cut short. */
bool xml_next_tag(const uint8_t *b, uint32_t n, uint32_t *at, struct xml_tag *t);
/* The value of attribute NAME of T, read from B. */
bool xml_tag_attr(const uint8_t *b, const struct xml_tag *t, const char *name, struct span *out);
bool xml_tag_is(const uint8_t *b, const struct xml_tag *t, const char *name);
void dissect_ocsp(struct packet *p, struct cursor *c);

/* Dissects an IP packet whose version is in its first nibble (raw links, tunnels). */
void dissect_ip_any(struct packet *p, struct cursor *c);

/* HTTP's .values (http_values.c), SSDP's too. */
void http_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
		       const struct field_def *f, fvalue_fn fn, void *data);
/* TCP's .values (tcp_values.c). */
void tcp_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
		      const struct field_def *f, fvalue_fn fn, void *data);

/* Field values other files read directly (the protocols' own .values give
 * them to the engine). */
/* The TLS fields of a layer's bytes B (N of them), record by record, to
 * FN; FIRST_WHOLE when the first record was completed from earlier
 * segments (B then keeps only its start); TLS13 when the connection chose
 * TLS 1.3.  Returns how many were given. */
unsigned tls_field_values(const uint8_t *b, uint32_t n, bool first_whole, bool tls13, const char *abbrev,
			  fvalue_fn fn, void *data);

/* The fields of one BitTorrent layer's bytes D (N of them): a handshake's,
 * a message's by its type, or continuation data. */
unsigned bittorrent_field_values(const uint8_t *d, uint32_t n, const char *abbrev, fvalue_fn fn, void *data);

/* The Kerberos fields of one Kerberos layer's bytes B (N of them: a message,
 * after its record mark over TCP), every occurrence in the order of the
 * message's encoding (a TGS-REQ's AP-REQ, a ticket's realm).  Returns how
 * many were given. */
unsigned kerberos_field_values(const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn, void *data);
/* The same for a Kerberos GSS-API mechanism token B (N bytes: its token id
 * or its InitialContextToken framing first) holding an AP-REQ, AP-REP or
 * KRB-ERROR. */
unsigned kerberos_token_values(const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn, void *data);

/* The BitTorrent DHT fields of a datagram B (N bytes), in Wireshark's
 * tree order; the uTP extension fields and segment length of a uTP
 * datagram.  Both return how many values were given. */
unsigned bt_dht_field_values(const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn, void *data);
unsigned bt_utp_field_values(const uint8_t *b, uint32_t n, const char *abbrev, fvalue_fn fn, void *data);

#endif
