/* pktgen.h — a small packet-crafting library for the test tools: builds
 * frames layer by layer (link, IP, transport, payload) into a caller-owned
 * buffer, fixes up lengths, "next protocol" fields and checksums in one pass,
 * and writes pcap (µs or ns, either byte order) and pcapng files.
 *
 * Nothing here allocates per packet: a PgFrame is reused for every frame and
 * the writer streams through one stdio buffer, so a generator can write a
 * gigabyte in seconds.  Timestamps are nanoseconds since the Unix epoch.
 *
 * Building a frame:
 *
 *     pg_frame_reset(f);
 *     pg_push_eth(f, dst_mac, src_mac);
 *     pg_push_ipv4(f, &ip);            // protocol field set by pg_frame_finish
 *     pg_push_tcp(f, &tcp);
 *     pg_push_data(f, payload, len);
 *     if (!pg_frame_finish(f)) ...;    // lengths, types, checksums
 *     pg_writer_write(w, 0, ts_ns, f->data, f->len, f->len);
 *
 * Layers nest in push order, so an ICMP error quoting an IP+TCP header is
 * pushed as icmp, ipv4, tcp: the quoted headers get their own lengths and
 * checksums, and the ICMP checksum covers them.
 */
#ifndef PKTGEN_H
#define PKTGEN_H

#include <glib.h>

/* Link-layer header types as written in capture files (LINKTYPE_*). */
enum {
	PG_LINKTYPE_NULL = 0,        /* BSD loopback: 4-byte family, host order */
	PG_LINKTYPE_ETHERNET = 1,
	PG_LINKTYPE_RAW_OLD = 12,    /* DLT_RAW value on most systems */
	PG_LINKTYPE_RAW_OLD2 = 14,   /* DLT_RAW value on OpenBSD */
	PG_LINKTYPE_RAW = 101,       /* raw IPv4 or IPv6 */
	PG_LINKTYPE_LINUX_SLL = 113,
	PG_LINKTYPE_LINUX_SLL2 = 276,
};

/* Ethertypes and TPIDs the builders use. */
enum {
	PG_ETH_IPV4 = 0x0800,
	PG_ETH_ARP = 0x0806,
	PG_ETH_VLAN = 0x8100,        /* 802.1Q customer tag */
	PG_ETH_QINQ = 0x88a8,        /* 802.1ad service tag */
	PG_ETH_IPV6 = 0x86dd,
};

/* IP protocol / IPv6 next-header numbers. */
enum {
	PG_IPPROTO_HOPOPTS = 0,
	PG_IPPROTO_ICMP = 1,
	PG_IPPROTO_TCP = 6,
	PG_IPPROTO_UDP = 17,
	PG_IPPROTO_ROUTING = 43,
	PG_IPPROTO_FRAGMENT = 44,
	PG_IPPROTO_ICMPV6 = 58,
	PG_IPPROTO_NONE = 59,
	PG_IPPROTO_DSTOPTS = 60,
};

/* TCP flag bits (the low byte of the flags field). */
enum {
	PG_TH_FIN = 0x01,
	PG_TH_SYN = 0x02,
	PG_TH_RST = 0x04,
	PG_TH_PSH = 0x08,
	PG_TH_ACK = 0x10,
	PG_TH_URG = 0x20,
	PG_TH_ECE = 0x40,
	PG_TH_CWR = 0x80,
};

/* SLL / SLL2 packet types. */
enum {
	PG_SLL_HOST = 0,             /* addressed to this host */
	PG_SLL_BROADCAST = 1,
	PG_SLL_OTHERHOST = 3,
	PG_SLL_OUTGOING = 4,         /* sent by this host */
};

#define PG_FRAME_MAX (65535 + 128) /* largest IP datagram plus link headers */
#define PG_MAX_LAYERS 16
#define PG_NS_PER_SEC G_GUINT64_CONSTANT(1000000000)

/* Build an IPv4 address in host byte order: PG_IP4(10, 0, 0, 1). */
#define PG_IP4(a, b, c, d) \
	(((guint32)(a) << 24) | ((guint32)(b) << 16) | ((guint32)(c) << 8) | (guint32)(d))

/* ---------------------------------------------------------------- frames */

typedef struct {
	guint16 off;                 /* where the layer starts in data[] */
	guint8 kind;                 /* PG_L_* (private to pktgen.c) */
	guint8 aux8;                 /* kind-specific: IPv6 extension type */
	guint16 aux16;               /* kind-specific: VLAN TPID, null AF6 value */
} PgLayer;

/* One frame under construction.  Big (64 KiB): allocate it once, reuse it. */
typedef struct {
	gsize len;                   /* bytes used in data[] */
	guint nlayers;               /* entries used in layers[] */
	gboolean overflow;           /* a push did not fit: the frame is invalid */
	PgLayer layers[PG_MAX_LAYERS];
	guint8 data[PG_FRAME_MAX];
} PgFrame;

/* Start a new frame (cheap: does not clear data[]).  Cannot fail. */
void pg_frame_reset(PgFrame *f);

/* Fill in every length, "next protocol" field and checksum, innermost layer
 * first.  Returns FALSE if a push overflowed (the frame must not be used). */
gboolean pg_frame_finish(PgFrame *f);

/* Append zero bytes until the frame is at least `min_len` long (Ethernet
 * padding to 60 bytes, as a receiving host captures short frames).  Call it
 * after pg_frame_finish: IP lengths do not count the padding. */
void pg_frame_pad(PgFrame *f, gsize min_len);

/* ----------------------------------------------------------- link layers */

/* Ethernet II.  The type field is set from the next layer. */
void pg_push_eth(PgFrame *f, const guint8 dst[6], const guint8 src[6]);

/* A VLAN tag: `tpid` is PG_ETH_VLAN (802.1Q) or PG_ETH_QINQ (802.1ad S-tag);
 * it is written into the previous layer's type field.  Push the outer tag
 * first for stacked tags. */
void pg_push_vlan(PgFrame *f, guint16 tpid, guint8 pcp, guint16 vid);

/* Linux cooked capture v1 (16 bytes) with a 6-byte Ethernet source address. */
void pg_push_sll(PgFrame *f, guint8 pkttype, const guint8 src[6]);

/* Linux cooked capture v2 (20 bytes). */
void pg_push_sll2(PgFrame *f, guint8 pkttype, guint32 ifindex, const guint8 src[6]);

/* BSD null/loopback: a 4-byte little-endian address family, 2 for IPv4 and
 * `af6` for IPv6 (24 NetBSD/OpenBSD/Npcap, 28 FreeBSD, 30 macOS). */
void pg_push_null(PgFrame *f, guint32 af6);

/* How one flow is framed on the link, so a tool can push the link layer of
 * either direction with one call (pg_push_link).  Side a is the client. */
typedef struct {
	guint32 linktype;            /* PG_LINKTYPE_* */
	guint8 mac_a[6];             /* side a's MAC (Ethernet, SLL source) */
	guint8 mac_b[6];             /* side b's MAC */
	guint nvlan;                 /* Ethernet only: 0, 1 or 2 tags */
	guint16 vlan_tpid[2];        /* outermost first */
	guint16 vlan_vid[2];         /* VLAN IDs, outermost first */
	guint8 pkttype_a;            /* SLL/SLL2 packet type of frames a sends */
	guint8 pkttype_b;            /* ... and of frames b sends */
	guint32 ifindex;             /* SLL2 interface index */
	guint32 null_af6;            /* BSD null: IPv6 family value (0 means 30) */
} PgLink;

/* Push the link layer of a frame sent by side a (`from_a`) or side b.
 * Raw-IP link types push nothing. */
void pg_push_link(PgFrame *f, const PgLink *l, gboolean from_a);

/* ---------------------------------------------------------------- IP */

typedef struct {
	guint32 src, dst;            /* host byte order, see PG_IP4 */
	guint8 tos;
	guint8 ttl;
	guint8 proto;                /* used only when no known layer follows */
	guint16 id;
	gboolean df, mf;             /* don't fragment, more fragments */
	guint16 frag_off;            /* fragment offset in bytes (multiple of 8) */
	const guint8 *opts;          /* raw options, NULL for none */
	guint opts_len;              /* padded to 4 with EOL; at most 40 */
} PgIPv4;

typedef struct {
	guint8 src[16], dst[16];
	guint8 tclass;
	guint8 hlim;
	guint8 next;                 /* used only when no known layer follows */
	guint32 flow;                /* 20-bit flow label */
} PgIPv6;

void pg_push_ipv4(PgFrame *f, const PgIPv4 *ip);
void pg_push_ipv6(PgFrame *f, const PgIPv6 *ip);

/* IPv6 hop-by-hop (PG_IPPROTO_HOPOPTS) or destination-options
 * (PG_IPPROTO_DSTOPTS) header holding the TLV options `opts` (may be NULL),
 * padded with Pad1/PadN to a multiple of 8 bytes. */
void pg_push_ipv6_opts(PgFrame *f, guint8 type, const guint8 *opts, guint opts_len);

/* IPv6 routing header: type, segments left, then `data` (the type-specific
 * bytes after the first 4; 4 + data_len must be a multiple of 8).  The
 * transport checksum uses the IPv6 header's destination, so keep segments
 * left at 0 unless you fix the checksum yourself. */
void pg_push_ipv6_routing(PgFrame *f, guint8 rtype, guint8 segleft,
			  const guint8 *data, guint data_len);

/* IPv6 fragment header (offset in bytes, multiple of 8). */
void pg_push_ipv6_frag(PgFrame *f, guint16 offset, gboolean more, guint32 ident);

/* Copy one IPv4 fragment of the finished frame `whole` into `out`: the link
 * headers, the IPv4 header of layer `ip_layer` (options without the copy bit
 * dropped after the first fragment) and `len` bytes of the IP payload from
 * `start` (a multiple of 8 unless this is the last piece).  Sets offset, MF,
 * total length and header checksum.  Returns FALSE if the arguments do not
 * describe a fragment of `whole`. */
gboolean pg_ipv4_fragment(const PgFrame *whole, guint ip_layer, PgFrame *out,
			  gsize start, gsize len);

/* ---------------------------------------------------------- transport */

typedef struct {
	guint16 mss;                 /* 0: absent */
	gint8 wscale;                /* -1: absent */
	gboolean sack_perm;
	gboolean ts;                 /* timestamps present */
	guint32 tsval, tsecr;
	guint nsack;                 /* SACK blocks used (at most 4, fewer fit with ts) */
	guint32 sack[4][2];          /* left edge, right edge */
} PgTcpOpts;

#define PG_TCP_OPTS_NONE { 0, -1, FALSE, FALSE, 0, 0, 0, { { 0, 0 } } }

/* Encode options in Linux's order (MSS, SACK-permitted+timestamps or NOPs,
 * NOP+window scale, NOP NOP+SACK) into `out`; returns the length, a multiple
 * of 4 and at most 40 (SACK blocks that do not fit are left out). */
guint pg_tcp_options(const PgTcpOpts *o, guint8 out[40]);

typedef struct {
	guint16 sport, dport;
	guint32 seq, ack;
	guint8 flags;                /* PG_TH_* */
	guint16 window;
	guint16 urg;
	const guint8 *opts;          /* encoded options (pg_tcp_options), or NULL */
	guint opts_len;              /* a multiple of 4, at most 40 */
} PgTcp;

void pg_push_tcp(PgFrame *f, const PgTcp *t);
void pg_push_udp(PgFrame *f, guint16 sport, guint16 dport);

/* ICMP / ICMPv6 header: type, code and the 4 "rest of header" bytes (echo:
 * identifier << 16 | sequence; unreachable: 0). */
void pg_push_icmp(PgFrame *f, guint8 type, guint8 code, guint32 rest);
void pg_push_icmpv6(PgFrame *f, guint8 type, guint8 code, guint32 rest);

/* ARP for Ethernet/IPv4 (op 1 request, 2 reply). */
void pg_push_arp(PgFrame *f, guint16 op, const guint8 sha[6], guint32 spa,
		 const guint8 tha[6], guint32 tpa);

/* Append `len` payload bytes copied from `src`, or zeros when `src` is NULL.
 * Returns where they are in the frame (to fill in place), NULL on overflow. */
guint8 *pg_push_data(PgFrame *f, const void *src, gsize len);

/* ------------------------------------------------------------- checksums */

/* One's-complement sum of `len` bytes, folded to 16 bits, as a big-endian
 * (network) value; combine partial sums with pg_csum_fold. */
guint32 pg_csum_partial(const guint8 *p, gsize len);
/* Fold a 32-bit sum of 16-bit words into 16 bits (not complemented). */
guint16 pg_csum_fold(guint64 sum);

/* ---------------------------------------------------------------- files */

typedef struct PgWriter PgWriter;

/* Flags for pg_writer_open_pcap. */
enum {
	PG_PCAP_NSEC = 1 << 0,       /* nanosecond magic and timestamps */
	PG_PCAP_BIG_ENDIAN = 1 << 1, /* write headers big-endian */
};

/* Create a pcap file with one link type.  Returns a writer (free it with
 * pg_writer_close), or NULL with `error` set if the file cannot be created. */
PgWriter *pg_writer_open_pcap(const char *path, guint32 linktype, guint32 snaplen,
			      guint flags, GError **error);

/* Create a pcapng file: a section header naming `appl` (may be NULL); add
 * interfaces before their first packet.  NULL with `error` set on failure. */
PgWriter *pg_writer_open_pcapng(const char *path, const char *appl, GError **error);

/* Add a pcapng interface (an IDB) with `tsresol` = n meaning 10^-n seconds
 * (0..9), an optional name.  Returns its index; for pcap it returns 0 and
 * writes nothing. */
guint pg_writer_add_interface(PgWriter *w, guint32 linktype, guint32 snaplen,
			      guint8 tsresol, const char *name);

/* Write one packet record: `caplen` bytes of `data`, `wirelen` on the wire,
 * at `ts_ns`.  Errors are sticky and reported by pg_writer_close; returns
 * FALSE once the writer has failed. */
gboolean pg_writer_write(PgWriter *w, guint iface, guint64 ts_ns,
			 const guint8 *data, guint32 caplen, guint32 wirelen);

/* Counters of what has been written so far. */
guint64 pg_writer_frames(const PgWriter *w);
guint64 pg_writer_bytes(const PgWriter *w);  /* file bytes, headers included */

/* Flush and close; frees `w`.  Returns FALSE with `error` set if any write
 * failed.  `w` may be NULL. */
gboolean pg_writer_close(PgWriter *w, GError **error);

#endif
