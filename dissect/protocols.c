/* protocols.c — the list of protocol descriptors (struct protocol): one
 * line each.  The engine knows a protocol only through this list: its
 * fields, its part in the packet list, its expert items, and where it is
 * handed bytes (the dispatch tables are built from it, handoff.c). */
#include "dissect/protocol.h"
#include "dissect/rpc_progs.h"

#include <glib.h>

#define PROTOCOLS(X)                                                                                   \
	X(eth) X(ip) X(ipv6) X(arp) X(icmp) X(icmpv6) X(tcp) X(udp)                                    \
	X(dns) X(mdns) X(llmnr) X(http) X(ssdp) X(tls) X(sip) X(rtp) X(rtcp) X(tftp)                   \
	X(loop) X(realtek) X(rrcp) X(rep) X(rldp) X(vsock) X(dbus) X(netlink) X(netlink_route)         \
	X(user_dlt) X(bjnp) X(wg) X(xmpp) X(openflow_v1) X(openflow_v4) X(ocsp)                         \
	X(netmon_event) X(netmon_process) X(netmon_system_trace) X(netmon_system_config)                \
	X(ldap) X(cldap) X(gss_api) X(spnego) X(spnego_krb5) X(smb2) X(nbns) X(kerberos) X(dcerpc)      \
	X(epm) X(drsuapi) X(srvsvc) X(lsarpc) X(wkssvc)                                                \
	X(data_text_lines) X(media) X(urlencoded_form) X(xml) X(json) X(png) X(image_gif) X(image_jfif) \
	X(stp) X(isakmp) X(gquic) X(esp) X(bittorrent) X(rx) X(afs)                                      \
	X(dhcp) X(nbdgm) X(snmp) X(syslog) X(ntp) X(dhcpv6) X(bt_dht) X(bt_utp)                         \
	X(sll) X(llc) X(nbss) X(ppp) X(lcp) X(ipcp) X(ipv6cp) X(pap) X(chap) X(gre) X(wlan) X(cdp) X(null) X(cotp) X(rdp) X(mailslot)           \
	X(browser) X(vlan) X(igmp) X(smb) X(rpc) X(quic) X(ssh)              \
	X(frame) X(ieee8021ad) X(ppi) X(ipoib) X(geneve) X(vxlan) X(ipnet) X(pktap) X(mpls) X(radiotap) \
	X(ipx) X(ipxsap) X(ipxrip) X(nbipx) X(nlsp) X(ddp) X(nbp) X(rtmp) X(netbios) X(isis) X(isis_hello) X(isis_lsp) X(isis_csnp) X(isis_psnp) X(rip) X(pptp) X(tpkt) X(db_lsp_disc) X(stun) X(classicstun) X(ws_col) X(ws_expert) \
	X(x11) X(imf) X(raw) X(chdlc) X(nflog) X(dec_dna) X(lat) X(aarp) X(eigrp) X(rdpudp) X(udpencap)   \
	X(ftp) X(ftp_cwd) X(smtp) X(mptcp) X(mysql) X(openflow) X(pkt_comment) \
	X(t125) X(t124) X(mbtcp) X(modbus) X(mbudp) X(bgp) X(telnet) X(vntag) X(teredo) X(mndp) X(resp) \
	X(s7comm) X(dnp3) X(pweth) X(pwach) X(wlan_mgt) X(eapol) X(eap) X(bvlc) X(bacnet) X(bacapp) X(socks)

#define DECLARE(name) extern const struct protocol proto_##name;
PROTOCOLS(DECLARE)
#undef DECLARE

static const struct protocol *const all[] = {
#define ADDRESS(name) &proto_##name,
	PROTOCOLS(ADDRESS)
#undef ADDRESS
};

static const struct protocol *by_id[PROTO_COUNT]; /* enum proto_id -> its descriptor or NULL */

static gpointer index_build(gpointer unused)
{
	(void)unused;
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		if (all[i]->id < PROTO_COUNT)
			by_id[all[i]->id] = all[i];
	/* the ONC RPC programs, from their table */
	const struct protocol *d;
	for (size_t i = 0; (d = rpc_program_protocol(i)); i++)
		by_id[d->id] = d;
	return NULL;
}

const struct protocol *protocol_nth(size_t n)
{
	return n < G_N_ELEMENTS(all) ? all[n] : NULL;
}

const struct protocol *protocol_of(enum proto_id id)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, index_build, NULL);
	return (unsigned)id < PROTO_COUNT ? by_id[id] : NULL;
}
