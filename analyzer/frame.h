/* frame.h — one captured frame as every reader hands it to the pipeline. */
#ifndef ANALYZE_FRAME_H
#define ANALYZE_FRAME_H

#include <stdint.h>

/* Link-layer header types (LINKTYPE_* values as written in capture files). */
enum {
	LINKTYPE_NULL = 0,         /* BSD loopback, host-order family word */
	LINKTYPE_ETHERNET = 1,
	LINKTYPE_PPP = 9,
	LINKTYPE_RAW_OLD = 12,     /* DLT_RAW on some BSDs: raw IP */
	LINKTYPE_RAW_OLD2 = 14,    /* DLT_RAW on OpenBSD: raw IP */
	LINKTYPE_PPP_HDLC = 50,
	LINKTYPE_RAW = 101,        /* raw IPv4 or IPv6 */
	LINKTYPE_LOOP = 108,       /* OpenBSD loopback, network-order family word */
	LINKTYPE_C_HDLC = 104,     /* Cisco HDLC */
	LINKTYPE_IEEE802_11 = 105,
	LINKTYPE_LINUX_SLL = 113,
	LINKTYPE_IEEE802_11_RADIOTAP = 127,
	LINKTYPE_PPI = 192,
	LINKTYPE_IPNET = 226,      /* Solaris ipnet, 24-byte header */
	LINKTYPE_IPV4 = 228,
	LINKTYPE_IPV6 = 229,
	LINKTYPE_DBUS = 231,       /* one D-Bus message */
	LINKTYPE_NFLOG = 239,      /* Linux netfilter log: header + TLVs */
	LINKTYPE_IPOIB = 242,      /* IP over InfiniBand, 4-byte header */
	LINKTYPE_NETLINK = 253,    /* Linux netlink: cooked header + messages */
	LINKTYPE_PKTAP = 258,      /* Apple PKTAP: header naming the inner link type */
	LINKTYPE_VSOCK = 271,      /* Linux vsockmon: vsock header + transport header */
	LINKTYPE_LINUX_SLL2 = 276,

	/* Values above 0xFFFF never appear in pcap or pcapng files (the field is
	 * 16 bits wide there); the reader uses them for records that have no
	 * LINKTYPE_* value of their own. */
	LINKTYPE_NETMON_BASE = 0x10000, /* + a Network Monitor media type */
	LINKTYPE_NETMON_EVENT = LINKTYPE_NETMON_BASE + 0xFFE0,        /* ETW event */
	LINKTYPE_NETMON_NETWORK_INFO = LINKTYPE_NETMON_BASE + 0xFFFB, /* adapter list */
	LINKTYPE_NETMON_FILTER = LINKTYPE_NETMON_BASE + 0xFFFF,       /* filter text */
	LINKTYPE_PCAPNG_CUSTOM = 0x20000,  /* pcapng custom block: data after the PEN */
	LINKTYPE_SYSTEMD_JOURNAL = 0x20001, /* pcapng systemd journal export entry */
	/* Never set on a frame: the name Wireshark gives the layer it puts on a
	 * Network Monitor frame that carries a comment (FRAME_COMMENT), so that
	 * linktype_name() can say it. */
	LINKTYPE_NETMON_HEADER = 0x20002,
};

/* Frame flags. */
enum {
	FRAME_TS_UNKNOWN = 1u << 0, /* the record carried no usable timestamp */
	FRAME_NOT_PACKET = 1u << 1, /* a record that is not a captured packet (pcapng
	                             * custom block, journal entry): Wireshark numbers
	                             * it as a frame, capinfos does not count it */
	FRAME_COMMENT = 1u << 2,    /* the file attaches a comment to this frame
	                             * (pcapng opt_comment, Network Monitor comment) */
	FRAME_NETMON = 1u << 3,     /* read from a Network Monitor file */
	FRAME_PCAPNG = 1u << 4,     /* read from a pcapng file: `interface` is its own */
	FRAME_MARKED = 1u << 5,     /* the user marked it (terminal UI): frame.marked */
};

/* `interface` of a record that belongs to no interface (FRAME_NOT_PACKET). */
#define FRAME_NO_INTERFACE UINT32_MAX

/* A frame as read from a capture file.  `data` belongs to the reader and is
 * valid until the next call that reads from it. */
struct frame {
	uint64_t number;      /* 1-based, as Wireshark counts */
	int64_t ts_ns;        /* nanoseconds since the Unix epoch, modulo 2^64
	                       * outside years 1678..2262: subtract with ts_diff */
	int64_t ts_sec;       /* the same instant in whole seconds, exact where
	                       * ts_ns wraps (saturates only past 2^63 s) ... */
	uint32_t ts_nsec;     /* ... plus nanoseconds, 0..999999999 */
	uint32_t caplen;      /* bytes present in `data` */
	uint32_t len;         /* bytes on the wire */
	uint32_t linktype;    /* LINKTYPE_* of this frame's interface */
	uint32_t interface;   /* index for cap_reader_interface(): pcapng IDBs in
	                       * file order across all sections; 0 for the other
	                       * formats; FRAME_NO_INTERFACE for FRAME_NOT_PACKET */
	uint64_t offset;      /* byte offset of the record in the file */
	uint32_t flags;       /* FRAME_* */
	uint8_t ts_digits;    /* decimals of a second the file records (6 for
	                       * microseconds, 9 nanoseconds); 0: not said (9) */
	const uint8_t *data;  /* caplen bytes */
	/* With FRAME_COMMENT and FRAME_PCAPNG: the packet block's first comment
	 * (UTF-8, not NUL-terminated), valid as long as data is. */
	const uint8_t *comment;
	uint32_t comment_len;
};

/* A - B in nanoseconds for two frames' ts_ns, exact whenever the true
 * difference fits in 292 years (the values may have wrapped). */
static inline int64_t ts_diff(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a - (uint64_t)b);
}

#endif
