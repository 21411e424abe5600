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
	{LINKTYPE_C_HDLC, dissect_chdlc},
	{LINKTYPE_IEEE802_11, dissect_wlan},
	{LINKTYPE_LOOP, dissect_loop},
	{LINKTYPE_LINUX_SLL, dissect_sll},
	{LINKTYPE_IEEE802_11_RADIOTAP, dissect_radiotap},
	{147, dissect_user_dlt}, /* LINKTYPE_USER0 .. USER15 */
	{148, dissect_user_dlt},
	{149, dissect_user_dlt},
	{150, dissect_user_dlt},
	{151, dissect_user_dlt},
	{152, dissect_user_dlt},
	{153, dissect_user_dlt},
	{154, dissect_user_dlt},
	{155, dissect_user_dlt},
	{156, dissect_user_dlt},
	{157, dissect_user_dlt},
	{158, dissect_user_dlt},
	{159, dissect_user_dlt},
	{160, dissect_user_dlt},
	{161, dissect_user_dlt},
	{162, dissect_user_dlt},
	{LINKTYPE_PPI, dissect_ppi},
	{LINKTYPE_IPNET, dissect_ipnet},
	{LINKTYPE_IPV4, dissect_raw_ip4},
	{LINKTYPE_IPV6, dissect_raw_ip6},
	{LINKTYPE_DBUS, dissect_dbus},
	{LINKTYPE_NFLOG, dissect_nflog},
	{LINKTYPE_IPOIB, dissect_ipoib},
	{LINKTYPE_NETLINK, dissect_netlink},
	{LINKTYPE_PKTAP, dissect_pktap},
	{LINKTYPE_VSOCK, dissect_vsock},
	{LINKTYPE_LINUX_SLL2, dissect_sll2},
	{LINKTYPE_NETMON_EVENT, dissect_netmon_event},
	{LINKTYPE_PCAPNG_CUSTOM, dissect_data}); /* a custom block is only bytes */

TABLE(ethertype_table, "ethertype",
	{0x0800, dissect_ipv4},
	{0x0806, dissect_arp},
	{0x6003, dissect_dec_dna},
	{0x6004, dissect_lat},
	{0x809b, dissect_ddp},
	{0x80f3, dissect_aarp},
	{0x8100, dissect_vlan},
	{0x8137, dissect_ipx},
	{0x86dd, dissect_ipv6},
	{0x8847, dissect_mpls},
	{0x8848, dissect_mpls},
	{0x8899, dissect_realtek},
	{0x88a8, dissect_vlan},
	{0x9000, dissect_loop_ctp},
	{0x9100, dissect_vlan});

TABLE(ipproto_table, "ip.proto",
	{1, dissect_icmp},
	{2, dissect_igmp},
	{4, dissect_ipv4},
	{6, dissect_tcp},
	{17, dissect_udp},
	{41, dissect_ipv6},
	{47, dissect_gre},
	{50, dissect_esp},
	{58, dissect_icmpv6},
	{88, dissect_eigrp});

TABLE(udp_port_table, "udp.port",
	{53, dissect_dns},
	{67, dissect_dhcp},
	{68, dissect_dhcp},
	{69, dissect_tftp},
	{88, dissect_kerberos_udp},
	{111, dissect_rpc_udp},
	{123, dissect_ntp},
	{137, dissect_nbns},
	{138, dissect_nbdgm},
	{161, dissect_snmp},
	{162, dissect_snmp},
	{389, dissect_cldap},
	{443, dissect_quic},
	{500, dissect_isakmp},
	{514, dissect_syslog},
	{520, dissect_rip},
	{546, dissect_dhcpv6},
	{547, dissect_dhcpv6},
	{1900, dissect_ssdp},
	{3389, dissect_rdpudp},
	{3478, dissect_stun},
	{4500, dissect_udpencap},
	{4789, dissect_vxlan},
	{5060, dissect_sip},
	{5353, dissect_mdns},
	{5355, dissect_llmnr},
	{6081, dissect_geneve},
	{7000, dissect_rx},
	{7001, dissect_rx},
	{7002, dissect_rx},
	{7003, dissect_rx},
	{7004, dissect_rx},
	{7005, dissect_rx},
	{7006, dissect_rx},
	{7007, dissect_rx},
	{7008, dissect_rx},
	{7009, dissect_rx},
	{7021, dissect_rx},
	{8611, dissect_bjnp},
	{8612, dissect_bjnp},
	{8613, dissect_bjnp},
	{8614, dissect_bjnp},
	{17500, dissect_db_lsp_disc});

TABLE(tcp_port_table, "tcp.port",
	{21, dissect_ftp},
	{22, dissect_ssh},
	{25, dissect_smtp},
	{53, dissect_dns_tcp},
	{80, dissect_http},
	{88, dissect_kerberos_tcp},
	{111, dissect_rpc_tcp},
	{135, dissect_dcerpc},
	{139, dissect_nbss},
	{261, dissect_tls_port},  /* IIOP over TLS */
	{389, dissect_ldap},
	{443, dissect_tls_port},
	{445, dissect_nbss},
	{448, dissect_tls_port},  /* DDM over TLS */
	{465, dissect_tls_port},  /* SMTP over TLS */
	{563, dissect_tls_port},  /* NNTP over TLS */
	{587, dissect_smtp},
	{614, dissect_tls_port},  /* SSHell */
	{636, dissect_tls_port},  /* LDAP over TLS */
	{853, dissect_tls_port},  /* DNS over TLS */
	{989, dissect_tls_port},  /* FTP data over TLS */
	{990, dissect_tls_port},  /* FTP over TLS */
	{992, dissect_tls_port},  /* Telnet over TLS */
	{993, dissect_tls_port},  /* IMAP over TLS */
	{994, dissect_tls_port},  /* IRC over TLS */
	{995, dissect_tls_port},  /* POP3 over TLS */
	{1723, dissect_pptp},
	{1900, dissect_http},  /* UPnP */
	{2710, dissect_http},  /* BitTorrent tracker */
	{2869, dissect_http},  /* UPnP events */
	{3128, dissect_http},  /* web proxy */
	{3132, dissect_http},
	{3268, dissect_ldap},
	{3306, dissect_mysql},
	{3389, dissect_tpkt},
	{5061, dissect_tls_port},  /* SIP over TLS */
	{5222, dissect_xmpp},
	{5353, dissect_dns_tcp},
	{5985, dissect_http},  /* WS-Management */
	{6653, dissect_openflow},
	{6881, dissect_bittorrent},
	{6882, dissect_bittorrent},
	{6883, dissect_bittorrent},
	{6884, dissect_bittorrent},
	{6885, dissect_bittorrent},
	{6886, dissect_bittorrent},
	{6887, dissect_bittorrent},
	{6888, dissect_bittorrent},
	{6889, dissect_bittorrent},
	{8080, dissect_http},
	{8088, dissect_http},
	{11371, dissect_http});  /* OpenPGP key server */

/* Heuristics, in the order they are tried. */
#define HEURISTICS(var, label, ...)                                                     \
	static const dissector_fn var##_fns[] = {__VA_ARGS__};                          \
	const struct heur_list var = {label, var##_fns, sizeof var##_fns / sizeof var##_fns[0]}

HEURISTICS(tcp_heur_list, "tcp",
	dissect_rpc_tcp_heur,
	dissect_bittorrent_heur,
	dissect_dcerpc,
	dissect_tls,
	dissect_http_heur,
	dissect_openflow_heur);

/* dissect_bt_utp_heur is left out: a uTP header is too weak a signature to
 * try on every datagram by default.  DNS, the loosest check, comes last. */
HEURISTICS(udp_heur_list, "udp",
	dissect_rpc_udp_heur,
	dissect_bt_dht_heur,
	dissect_quic_heur,
	dissect_wg_heur,
	dissect_stun_heur,
	dissect_sip_heur,
	dissect_tftp_heur,
	dissect_dns_heur);

/* TCP protocols that frame their messages: dissector, framing, and the
 * dissector the rest of the conversation keeps once this one, tried as a
 * heuristic, recognised it (NULL: nothing is kept, each segment is tried
 * afresh), whether whole PDUs in one segment make one layer (TLS
 * records do), and how to follow a PDU whose length its start does not tell. */
const struct pdu_framing tcp_framing[] = {
	{dissect_bittorrent, bittorrent_pdu_len, NULL, false, NULL},
	{dissect_bittorrent_heur, bittorrent_pdu_len, dissect_bittorrent, false, NULL},
	{dissect_dcerpc, dcerpc_pdu_len, NULL, false, NULL},
	{dissect_dns_tcp, dns_tcp_pdu_len, NULL, false, NULL},
	{dissect_http, http_port_pdu_len, NULL, false, http_scan},
	{dissect_http_heur, http_pdu_len, dissect_http, false, http_scan},
	{dissect_kerberos_tcp, kerberos_pdu_len, NULL, false, NULL},
	{dissect_ldap, ldap_pdu_len, NULL, false, NULL},
	{dissect_mysql, mysql_pdu_len, NULL, false, NULL},
	{dissect_nbss, nbss_pdu_len, NULL, false, NULL},
	{dissect_openflow, openflow_pdu_len, NULL, false, NULL},
	{dissect_openflow_heur, openflow_pdu_len, dissect_openflow, false, NULL},
	{dissect_pptp, pptp_pdu_len, NULL, false, NULL},
	{dissect_rpc_tcp, rpc_pdu_len, NULL, false, NULL},
	{dissect_rpc_tcp_heur, rpc_pdu_len, dissect_rpc_tcp, false, NULL},
	{dissect_ssh, ssh_pdu_len, NULL, false, NULL},
	{dissect_tls, tls_pdu_len, NULL, true, NULL},
	{dissect_tls_port, tls_pdu_len, NULL, true, NULL},
	{dissect_tpkt, tpkt_pdu_len, NULL, false, NULL},
	{NULL, NULL, NULL, false, NULL},
};
