/* field.c — the registry of protocols and their field tables. */
#include "dissect/field.h"

#include <glib.h>
#include <string.h>

FIELD_TABLE(frame);
FIELD_TABLE(eth);
FIELD_TABLE(vlan);
FIELD_TABLE(ieee8021ad);
FIELD_TABLE(sll);
FIELD_TABLE(null);
FIELD_TABLE(ppp);
FIELD_TABLE(ppi);
FIELD_TABLE(ipoib);
FIELD_TABLE(llc);
FIELD_TABLE(arp);
FIELD_TABLE(ip);
FIELD_TABLE(ipv6);
FIELD_TABLE(icmp);
FIELD_TABLE(icmpv6);
FIELD_TABLE(tcp);
FIELD_TABLE(udp);
FIELD_TABLE(gre);
FIELD_TABLE(geneve);
FIELD_TABLE(vxlan);
FIELD_TABLE(ipnet);
FIELD_TABLE(pktap);
FIELD_TABLE(mpls);
FIELD_TABLE(netmon_event);
FIELD_TABLE(wlan);
FIELD_TABLE(radiotap);
FIELD_TABLE(ipx);
FIELD_TABLE(ddp);
FIELD_TABLE(netbios);
FIELD_TABLE(isis);
FIELD_TABLE(rip);
FIELD_TABLE(pptp);
FIELD_TABLE(isakmp);
FIELD_TABLE(esp);
FIELD_TABLE(bittorrent);
FIELD_TABLE(bt_dht);
FIELD_TABLE(bt_utp);
FIELD_TABLE(ldap);
FIELD_TABLE(cldap);
FIELD_TABLE(kerberos);
FIELD_TABLE(gss_api);
FIELD_TABLE(spnego);
FIELD_TABLE(tpkt);
FIELD_TABLE(cotp);
FIELD_TABLE(rdp);
FIELD_TABLE(rpc);
FIELD_TABLE(portmap);
FIELD_TABLE(nfs);
FIELD_TABLE(mount);
FIELD_TABLE(dns);
FIELD_TABLE(nbns);
FIELD_TABLE(dhcp);
FIELD_TABLE(dhcpv6);
FIELD_TABLE(ntp);
FIELD_TABLE(snmp);
FIELD_TABLE(syslog);
FIELD_TABLE(igmp);
FIELD_TABLE(stp);
FIELD_TABLE(cdp);
FIELD_TABLE(db_lsp_disc);
FIELD_TABLE(nbss);
FIELD_TABLE(nbdgm);
FIELD_TABLE(smb);
FIELD_TABLE(mailslot);
FIELD_TABLE(browser);
FIELD_TABLE(smb2);
FIELD_TABLE(dcerpc);
FIELD_TABLE(http);
FIELD_TABLE(media);
FIELD_TABLE(png);
FIELD_TABLE(image_gif);
FIELD_TABLE(image_jfif);
FIELD_TABLE(urlencoded_form);
FIELD_TABLE(tls);
FIELD_TABLE(ssh);
FIELD_TABLE(quic);
FIELD_TABLE(gquic);
FIELD_TABLE(loop);
FIELD_TABLE(realtek);
FIELD_TABLE(rrcp);
FIELD_TABLE(rep);
FIELD_TABLE(rldp);
FIELD_TABLE(vsock);
FIELD_TABLE(dbus);
FIELD_TABLE(netlink);
FIELD_TABLE(netlink_route);
FIELD_TABLE(user_dlt);
FIELD_TABLE(bjnp);
FIELD_TABLE(wg);
FIELD_TABLE(rx);
FIELD_TABLE(stun);
FIELD_TABLE(classicstun);
FIELD_TABLE(openflow_v1);
FIELD_TABLE(openflow_v4);
FIELD_TABLE(xmpp);
FIELD_TABLE(ocsp);
FIELD_TABLE(sip);
FIELD_TABLE(rtp);
FIELD_TABLE(rtcp);
FIELD_TABLE(tftp);
FIELD_TABLE(ws_col);
FIELD_TABLE(ws_expert);

/* Field tables by enum proto_id; protocols without fields have none. */
static const struct field_table *const tables[PROTO_COUNT] = {
	[PROTO_FRAME] = &frame_table, [PROTO_ETH] = &eth_table, [PROTO_VLAN] = &vlan_table,
	[PROTO_IEEE8021AD] = &ieee8021ad_table, [PROTO_SLL] = &sll_table,
	[PROTO_NULL_LINK] = &null_table, [PROTO_PPP] = &ppp_table, [PROTO_PPI] = &ppi_table,
	[PROTO_IPOIB] = &ipoib_table, [PROTO_LLC] = &llc_table, [PROTO_ARP] = &arp_table,
	[PROTO_IP] = &ip_table, [PROTO_IPV6] = &ipv6_table, [PROTO_ICMP] = &icmp_table,
	[PROTO_ICMPV6] = &icmpv6_table, [PROTO_TCP] = &tcp_table, [PROTO_UDP] = &udp_table,
	[PROTO_GRE] = &gre_table, [PROTO_GENEVE] = &geneve_table, [PROTO_VXLAN] = &vxlan_table,
	[PROTO_IPNET] = &ipnet_table, [PROTO_PKTAP] = &pktap_table, [PROTO_MPLS] = &mpls_table,
	[PROTO_NETMON_EVENT] = &netmon_event_table, [PROTO_WLAN] = &wlan_table,
	[PROTO_RADIOTAP] = &radiotap_table, [PROTO_IPX] = &ipx_table, [PROTO_DDP] = &ddp_table,
	[PROTO_NETBIOS] = &netbios_table, [PROTO_ISIS] = &isis_table, [PROTO_RIP] = &rip_table,
	[PROTO_PPTP] = &pptp_table, [PROTO_ISAKMP] = &isakmp_table, [PROTO_ESP] = &esp_table,
	[PROTO_BITTORRENT] = &bittorrent_table, [PROTO_BT_DHT] = &bt_dht_table, [PROTO_BT_UTP] = &bt_utp_table,
	[PROTO_LDAP] = &ldap_table, [PROTO_CLDAP] = &cldap_table, [PROTO_KERBEROS] = &kerberos_table,
	[PROTO_GSS_API] = &gss_api_table, [PROTO_SPNEGO] = &spnego_table, [PROTO_TPKT] = &tpkt_table,
	[PROTO_COTP] = &cotp_table, [PROTO_RDP] = &rdp_table, [PROTO_RPC] = &rpc_table,
	[PROTO_PORTMAP] = &portmap_table, [PROTO_NFS] = &nfs_table, [PROTO_MOUNT] = &mount_table,
	[PROTO_DNS] = &dns_table, [PROTO_NBNS] = &nbns_table, [PROTO_DHCP] = &dhcp_table,
	[PROTO_DHCPV6] = &dhcpv6_table, [PROTO_NTP] = &ntp_table,
	[PROTO_SNMP] = &snmp_table, [PROTO_SYSLOG] = &syslog_table, [PROTO_IGMP] = &igmp_table,
	[PROTO_STP] = &stp_table, [PROTO_CDP] = &cdp_table, [PROTO_DB_LSP_DISC] = &db_lsp_disc_table,
	[PROTO_NBSS] = &nbss_table, [PROTO_NBDGM] = &nbdgm_table, [PROTO_SMB] = &smb_table,
	[PROTO_MAILSLOT] = &mailslot_table, [PROTO_BROWSER] = &browser_table, [PROTO_SMB2] = &smb2_table,
	[PROTO_DCERPC] = &dcerpc_table,
	[PROTO_HTTP] = &http_table, [PROTO_MEDIA] = &media_table, [PROTO_PNG] = &png_table,
	[PROTO_IMAGE_GIF] = &image_gif_table, [PROTO_IMAGE_JFIF] = &image_jfif_table,
	[PROTO_URLENCODED_FORM] = &urlencoded_form_table, [PROTO_TLS] = &tls_table,
	[PROTO_SSH] = &ssh_table, [PROTO_QUIC] = &quic_table, [PROTO_GQUIC] = &gquic_table,
	[PROTO_LOOP_CTP] = &loop_table, [PROTO_REALTEK] = &realtek_table, [PROTO_RRCP] = &rrcp_table,
	[PROTO_REP] = &rep_table, [PROTO_RLDP] = &rldp_table, [PROTO_VSOCK] = &vsock_table,
	[PROTO_DBUS] = &dbus_table, [PROTO_NETLINK] = &netlink_table, [PROTO_NETLINK_ROUTE] = &netlink_route_table,
	[PROTO_USER_DLT] = &user_dlt_table, [PROTO_BJNP] = &bjnp_table, [PROTO_WG] = &wg_table, [PROTO_RX] = &rx_table, [PROTO_STUN] = &stun_table, [PROTO_CLASSICSTUN] = &classicstun_table, 
	[PROTO_OPENFLOW_V1] = &openflow_v1_table, [PROTO_OPENFLOW_V4] = &openflow_v4_table,
	[PROTO_XMPP] = &xmpp_table, [PROTO_OCSP] = &ocsp_table,
	[PROTO_SIP] = &sip_table, [PROTO_RTP] = &rtp_table, [PROTO_RTCP] = &rtcp_table, [PROTO_TFTP] = &tftp_table,
	[PROTO_WS_COL] = &ws_col_table, [PROTO_WS_EXPERT] = &ws_expert_table,
};

static const char *const proto_abbrevs[PROTO_COUNT] = {
#define PROTO_ABBREV(id, abbrev, name) [PROTO_##id] = abbrev,
	PROTO_LIST(PROTO_ABBREV)
#undef PROTO_ABBREV
};

static const char *const proto_names[PROTO_COUNT] = {
#define PROTO_NAME(id, abbrev, name) [PROTO_##id] = name,
	PROTO_LIST(PROTO_NAME)
#undef PROTO_NAME
};

/* The registry, completed once: names from PROTO_LIST, sizes from the tables. */
static struct proto_def registry[PROTO_COUNT];
static GHashTable *by_name; /* char* abbrev -> const struct field_def* */
static GHashTable *owner;   /* const struct field_def* -> const struct proto_def* */

static gpointer registry_build(gpointer unused)
{
	(void)unused;
	by_name = g_hash_table_new(g_str_hash, g_str_equal);
	owner = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (int i = 0; i < PROTO_COUNT; i++) {
		registry[i].id = (enum proto_id)i;
		registry[i].abbrev = proto_abbrevs[i];
		registry[i].name = proto_names[i];
		registry[i].fields = tables[i] ? tables[i]->fields : NULL;
		registry[i].n_fields = tables[i] ? tables[i]->n : 0;
		for (size_t j = 0; j < registry[i].n_fields; j++) {
			const struct field_def *f = &registry[i].fields[j];
			g_hash_table_insert(by_name, (gpointer)f->abbrev, (gpointer)f);
			g_hash_table_insert(owner, (gpointer)f, &registry[i]);
		}
	}
	return NULL;
}

static void registry_init(void)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, registry_build, NULL);
}

const struct proto_def *proto_get(enum proto_id id)
{
	registry_init();
	return &registry[id];
}

const struct proto_def *proto_lookup(const char *abbrev)
{
	registry_init();
	for (int i = 0; i < PROTO_COUNT; i++)
		if (strcmp(registry[i].abbrev, abbrev) == 0)
			return &registry[i];
	return NULL;
}

const struct field_def *field_lookup(const char *abbrev, const struct proto_def **proto_out)
{
	registry_init();
	const struct field_def *f = g_hash_table_lookup(by_name, abbrev);
	if (proto_out)
		*proto_out = f ? g_hash_table_lookup(owner, f) : NULL;
	return f;
}

bool field_read_uint(const struct packet *p, const struct layer *layer, const struct field_def *f, uint64_t *out)
{
	if (f->offset == FIELD_VAR || f->size == 0 || f->size > 8)
		return false;
	uint64_t at = (uint64_t)layer->off + f->offset;
	if (at + f->size > p->frame->caplen)
		return false;
	uint64_t v = 0;
	for (unsigned i = 0; i < f->size; i++)
		v = base_le(f->base) ? v | (uint64_t)p->frame->data[at + i] << (8 * i) : v << 8 | p->frame->data[at + i];
	if (f->mask) {
		v &= f->mask;
		v >>= __builtin_ctz(f->mask);
	}
	*out = v;
	return true;
}

const char *value_name(const struct value_string *vals, uint32_t value)
{
	for (; vals && vals->name; vals++)
		if (vals->value == value)
			return vals->name;
	return NULL;
}

int field_depth(const struct proto_def *p, const struct field_def *f)
{
	if (f && (strncmp(f->abbrev, "tcp.stream", 10) == 0 || strcmp(f->abbrev, "udp.stream") == 0 || strncmp(f->abbrev, "tcp.analysis", 12) == 0 ||
		  strncmp(f->abbrev, "tcp.time_", 9) == 0 ||
		  strcmp(f->abbrev, "tcp.seq") == 0 || strcmp(f->abbrev, "tcp.ack") == 0 ||
		  strcmp(f->abbrev, "tcp.nxtseq") == 0 || strcmp(f->abbrev, "tcp.window_size") == 0))
		return 2;
	if (p->id == PROTO_WS_COL || p->id == PROTO_WS_EXPERT)
		return 2; /* the columns and expert items show the analysis of TCP (relative numbers, flags) */
	if (f && strcmp(f->abbrev, "frame.protocols") == 0)
		return 1;
	switch (p->id) {
	/* reached without looking into TCP or UDP payload */
	case PROTO_FRAME: case PROTO_ETH: case PROTO_VLAN: case PROTO_IEEE8021AD: case PROTO_SLL:
	case PROTO_NULL_LINK: case PROTO_RAW: case PROTO_PPP: case PROTO_LLC: case PROTO_ARP:
	case PROTO_IP: case PROTO_IPV6: case PROTO_ICMP: case PROTO_ICMPV6: case PROTO_TCP: case PROTO_UDP:
	case PROTO_GRE: case PROTO_IGMP: case PROTO_MPLS: case PROTO_VXLAN: case PROTO_GENEVE:
		return 0;
	default:
		return 1;
	}
}

const char *field_not_extracted(const char *abbrev)
{
	static const struct {
		const char *abbrev, *why;
	} gaps[] = {
		{"ssh.encrypted_packet", "what Wireshark shows depends on the cipher the session negotiated"},
		{"bt-utp.stream", "uTP connections are not followed"},
	};
	for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++)
		if (strcmp(abbrev, gaps[i].abbrev) == 0)
			return gaps[i].why;
	return NULL;
}
