/* tables.c — which dissector handles which value: link types, ethertypes,
 * IP protocol numbers, well-known ports.  Keep each table sorted by key. */
#include "dissect/dissect.h"

#define TABLE(var, label, ...)                                                         \
	static const struct dispatch_entry var##_entries[] = {__VA_ARGS__};             \
	const struct dispatch_table var = {label, var##_entries,                        \
		sizeof var##_entries / sizeof var##_entries[0]}

TABLE(linktype_table, "link type",
	{LINKTYPE_NULL, dissect_null},
	{LINKTYPE_ETHERNET, dissect_eth},
	{LINKTYPE_PPP, dissect_ppp},
	{LINKTYPE_RAW_OLD, dissect_raw},
	{LINKTYPE_RAW_OLD2, dissect_raw},
	{LINKTYPE_PPP_HDLC, dissect_ppp},
	{LINKTYPE_RAW, dissect_raw},
	{LINKTYPE_LOOP, dissect_loop},
	{LINKTYPE_LINUX_SLL, dissect_sll},
	{LINKTYPE_PPI, dissect_ppi},
	{LINKTYPE_IPV4, dissect_raw_ip4},
	{LINKTYPE_IPV6, dissect_raw_ip6},
	{LINKTYPE_IPOIB, dissect_ipoib},
	{LINKTYPE_LINUX_SLL2, dissect_sll2});

TABLE(ethertype_table, "ethertype",
	{0x0800, dissect_ipv4},
	{0x0806, dissect_arp},
	{0x8100, dissect_vlan},
	{0x86dd, dissect_ipv6},
	{0x88a8, dissect_vlan},
	{0x9100, dissect_vlan});

TABLE(ipproto_table, "ip.proto",
	{1, dissect_icmp},
	{4, dissect_ipv4},
	{6, dissect_tcp},
	{17, dissect_udp},
	{41, dissect_ipv6},
	{47, dissect_gre},
	{58, dissect_icmpv6});

TABLE(udp_port_table, "udp.port",
	{443, dissect_quic},
	{4789, dissect_vxlan},
	{6081, dissect_geneve});

TABLE(tcp_port_table, "tcp.port",
	{22, dissect_ssh},
	{80, dissect_http},
	{261, dissect_tls},      /* IIOP over TLS */
	{443, dissect_tls},
	{448, dissect_tls},      /* DDM over TLS */
	{465, dissect_tls},      /* SMTP over TLS */
	{563, dissect_tls},      /* NNTP over TLS */
	{614, dissect_tls},      /* SSHell */
	{636, dissect_tls},      /* LDAP over TLS */
	{853, dissect_tls},      /* DNS over TLS */
	{989, dissect_tls},      /* FTP data over TLS */
	{990, dissect_tls},      /* FTP over TLS */
	{992, dissect_tls},      /* Telnet over TLS */
	{993, dissect_tls},      /* IMAP over TLS */
	{994, dissect_tls},      /* IRC over TLS */
	{995, dissect_tls},      /* POP3 over TLS */
	{1900, dissect_http},    /* UPnP */
	{2710, dissect_http},    /* BitTorrent tracker */
	{2869, dissect_http},    /* UPnP events */
	{3128, dissect_http},    /* web proxy */
	{3132, dissect_http},
	{5061, dissect_tls},     /* SIP over TLS */
	{5985, dissect_http},    /* WS-Management */
	{8080, dissect_http},
	{8088, dissect_http},
	{11371, dissect_http});  /* OpenPGP key server */

/* Heuristics, in the order they are tried. */
#define HEURISTICS(var, label, ...)                                                     \
	static const dissector_fn var##_fns[] = {__VA_ARGS__};                          \
	const struct heur_list var = {label, var##_fns, sizeof var##_fns / sizeof var##_fns[0]}

HEURISTICS(tcp_heur_list, "tcp",
	dissect_tls,
	dissect_http_heur);

HEURISTICS(udp_heur_list, "udp",
	dissect_quic_heur);
