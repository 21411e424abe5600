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
	bool chunked;                    /* Transfer-Encoding: chunked */
	bool has_length;                 /* a valid Content-Length */
	uint64_t content_length;
};

/* Parses the message starting at B (N bytes); false when it starts with
 * neither a request nor a status line. */
bool http_parse(const uint8_t *b, uint32_t n, struct http_info *hi);
uint32_t http_pdu_len(const uint8_t *data, uint32_t avail);
void dissect_http(struct packet *p, struct cursor *c);      /* on HTTP's ports */
void dissect_http_heur(struct packet *p, struct cursor *c); /* elsewhere */

/* Hands a message body to the dissector of media type TYPE (LEN bytes,
 * parameters allowed); a type without one gives `media`.  CODED: the bytes
 * are compressed (a content coding), so their signatures cannot be checked. */
void dissect_media_body(struct packet *p, struct cursor *c, const char *type, size_t len, bool coded);
void dissect_text_lines(struct packet *p, struct cursor *c);
void dissect_xml(struct packet *p, struct cursor *c);
void dissect_json(struct packet *p, struct cursor *c);
void dissect_png(struct packet *p, struct cursor *c);
void dissect_image_gif(struct packet *p, struct cursor *c);
void dissect_image_jfif(struct packet *p, struct cursor *c);
void dissect_urlencoded_form(struct packet *p, struct cursor *c);
void dissect_media(struct packet *p, struct cursor *c);

/* What the records of one TLS segment say (the first record, the first
 * handshake message, and a hello's extensions). */
struct tls_info {
	uint32_t records;                /* complete or not, in the bytes given */
	uint8_t content_type;            /* of the first record */
	uint16_t version;                /* of the first record */
	bool has_handshake;
	uint8_t handshake_type;          /* first handshake message */
	uint16_t hello_version;          /* legacy version of a Client/ServerHello */
	uint16_t supported_version;      /* highest offered (client) or chosen (server) */
	uint16_t cipher_suite;           /* chosen (ServerHello) */
	struct span sni;                 /* server_name of a ClientHello */
};

bool tls_parse(const uint8_t *data, uint32_t n, struct tls_info *ti);
uint32_t tls_pdu_len(const uint8_t *data, uint32_t avail);
void dissect_tls(struct packet *p, struct cursor *c);

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
void dissect_quic(struct packet *p, struct cursor *c);      /* on QUIC's port */
void dissect_quic_heur(struct packet *p, struct cursor *c); /* elsewhere */

/* Dissects an IP packet whose version is in its first nibble (raw links, tunnels). */
void dissect_ip_any(struct packet *p, struct cursor *c);

#endif
