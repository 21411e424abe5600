/* dissect.h — the dissection engine: entry point, dissector shape, dispatch. */
#ifndef ANALYZE_DISSECT_H
#define ANALYZE_DISSECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/frame.h"
#include "dissect/cursor.h"
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

struct dispatch_entry {
	uint32_t key;        /* ethertype, IP protocol, port, link type ... */
	dissector_fn fn;
};

/* A table binding values to dissectors; entries sorted by key. */
struct dispatch_table {
	const char *name;                     /* "ethertype", "ip.proto", "udp.port" ... */
	const struct dispatch_entry *entries;
	size_t n;
};

extern const struct dispatch_table linktype_table;
extern const struct dispatch_table ethertype_table;
extern const struct dispatch_table ipproto_table;
extern const struct dispatch_table udp_port_table;
extern const struct dispatch_table tcp_port_table;

/* Heuristic dissectors, tried in order on payload the ports say nothing
 * about.  Each claims the payload by pushing a layer, or leaves P untouched. */
struct heur_list {
	const char *name;
	const dissector_fn *fns;
	size_t n;
};

extern const struct heur_list tcp_heur_list;
extern const struct heur_list udp_heur_list;

/* The dissector bound to KEY in T, or NULL. */
dissector_fn dispatch_find(const struct dispatch_table *t, uint32_t key);

/* Hands the rest of C to the dissector bound to KEY in T; payload nobody
 * claims becomes a `data` layer (when non-empty).  Cannot fail. */
void dispatch(const struct dispatch_table *t, uint32_t key, struct packet *p, struct cursor *c);

/* Runs FN over a copy of C; true when FN claimed the payload (pushed a
 * layer).  Application dissectors reject what is not theirs by pushing
 * nothing, so the next candidate can be tried. */
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

/* Marks the rest of C as `data` (when non-empty). */
void dissect_data(struct packet *p, struct cursor *c);

/* Dissects frame F into P (reset first).  Never fails: problems are flags on
 * the packet and its layers. */
void dissect_frame(struct packet *p, const struct frame *f);

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
void dissect_ipv6(struct packet *p, struct cursor *c);
void dissect_icmp(struct packet *p, struct cursor *c);
void dissect_icmpv6(struct packet *p, struct cursor *c);
void dissect_tcp(struct packet *p, struct cursor *c);
void dissect_udp(struct packet *p, struct cursor *c);
void dissect_gre(struct packet *p, struct cursor *c);
void dissect_geneve(struct packet *p, struct cursor *c);
void dissect_vxlan(struct packet *p, struct cursor *c);

/* Group smb: NetBIOS session and datagram services, SMB, SMB2, DCE/RPC. */
void dissect_nbss(struct packet *p, struct cursor *c);
uint32_t nbss_pdu_len(const uint8_t *data, uint32_t avail);
void dissect_nbdgm(struct packet *p, struct cursor *c);
/* Moves C past an encoded NetBIOS name (DNS label form); false (and C
 * failed) when the name is cut short or not valid. */
bool netbios_skip_name(struct cursor *c);
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
	uint16_t cmd;
	uint32_t status, flags, next_cmd, tid;
	uint64_t msg_id, sesid;
};
/* The header fields of SMB2 layer L (one command; false for a transform header). */
bool smb2_header_info(const struct packet *p, const struct layer *l, struct smb2_info *out);

struct dcerpc_info {
	uint8_t ptype, flags;
	uint16_t frag_len, auth_len;
	uint32_t call_id;
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

/* Dissects an IP packet whose version is in its first nibble (raw links, tunnels). */
void dissect_ip_any(struct packet *p, struct cursor *c);

#endif
