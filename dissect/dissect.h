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

/* udpapps: name services, address configuration, time, discovery and
 * management protocols on UDP (some also on TCP), IGMP, and STP/CDP on LLC. */

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

/* Records C's failure on application layer IDX, except that running past
 * the end of the first fragment of an unreassembled datagram is expected,
 * not malformed. */
static inline void app_note(struct packet *p, int idx, const struct cursor *c)
{
	if (c->err == CUR_MALFORMED && (p->flags & PKT_FRAGMENT))
		return;
	pkt_note_cursor(p, idx, c);
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
void dissect_db_lsp_disc(struct packet *p, struct cursor *c);

/* Dissects an IP packet whose version is in its first nibble (raw links, tunnels). */
void dissect_ip_any(struct packet *p, struct cursor *c);

#endif
