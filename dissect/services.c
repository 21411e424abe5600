/* services.c — a compact table of well-known ports.  T: TCP only, U: UDP
 * only, B: both.  Sorted by port. */
#include "dissect/services.h"

#include <stddef.h>

enum { T = 1, U = 2, B = 3 };

struct service {
	uint16_t port;
	uint8_t on;
	const char *name;
};

static const struct service services[] = {
	{7, B, "echo"}, {9, B, "discard"}, {13, B, "daytime"}, {20, T, "ftp-data"}, {21, T, "ftp"},
	{22, T, "ssh"}, {23, T, "telnet"}, {25, T, "smtp"}, {37, B, "time"}, {43, T, "whois"},
	{49, B, "tacacs"}, {53, B, "domain"}, {67, U, "bootps"}, {68, U, "bootpc"}, {69, U, "tftp"},
	{70, T, "gopher"}, {79, T, "finger"}, {80, T, "http"}, {88, B, "kerberos"}, {110, T, "pop3"},
	{111, B, "sunrpc"}, {113, T, "ident"}, {119, T, "nntp"}, {123, U, "ntp"}, {135, B, "epmap"},
	{137, U, "netbios-ns"}, {138, U, "netbios-dgm"}, {139, T, "netbios-ssn"}, {143, T, "imap"},
	{161, U, "snmp"}, {162, U, "snmp-trap"}, {179, T, "bgp"}, {194, T, "irc"}, {389, B, "ldap"},
	{427, B, "svrloc"}, {443, B, "https"}, {445, T, "microsoft-ds"}, {464, B, "kpasswd"},
	{465, T, "submissions"}, {500, U, "isakmp"}, {513, T, "login"}, {514, U, "syslog"},
	{515, T, "printer"}, {520, U, "router"}, {546, U, "dhcpv6-client"}, {547, U, "dhcpv6-server"},
	{554, B, "rtsp"}, {587, T, "submission"}, {593, T, "http-rpc-epmap"}, {623, U, "asf-rmcp"},
	{631, T, "ipp"}, {636, T, "ldaps"}, {646, B, "ldp"}, {853, B, "domain-s"}, {873, T, "rsync"},
	{989, T, "ftps-data"}, {990, T, "ftps"}, {993, T, "imaps"}, {995, T, "pop3s"},
	{1080, T, "socks"}, {1194, B, "openvpn"}, {1433, T, "ms-sql-s"}, {1434, U, "ms-sql-m"},
	{1701, U, "l2tp"}, {1723, T, "pptp"}, {1812, U, "radius"}, {1813, U, "radius-acct"},
	{1883, T, "mqtt"}, {1900, U, "ssdp"}, {2049, B, "nfs"}, {2082, T, "cpanel"}, {2181, T, "zookeeper"},
	{2375, T, "docker"}, {2376, T, "docker-s"}, {2379, T, "etcd-client"}, {3128, T, "squid-http"},
	{3268, T, "msft-gc"}, {3269, T, "msft-gc-ssl"}, {3306, T, "mysql"}, {3389, B, "rdp"},
	{3478, U, "stun"}, {3702, U, "ws-discovery"}, {4500, U, "ipsec-nat-t"}, {4789, U, "vxlan"},
	{5060, B, "sip"}, {5061, T, "sips"}, {5222, T, "xmpp-client"}, {5353, U, "mdns"},
	{5355, B, "llmnr"}, {5432, T, "postgresql"}, {5672, T, "amqp"}, {5900, T, "vnc"},
	{5985, T, "wsman"}, {5986, T, "wsmans"}, {6081, U, "geneve"}, {6379, T, "redis"},
	{6443, T, "kubernetes"}, {6881, B, "bittorrent"}, {6882, B, "bittorrent"},
	{6883, B, "bittorrent"}, {6884, B, "bittorrent"}, {6885, B, "bittorrent"},
	{6886, B, "bittorrent"}, {6887, B, "bittorrent"}, {6888, B, "bittorrent"},
	{6889, B, "bittorrent"}, {6969, T, "bittorrent-tracker"}, {8080, T, "http-alt"},
	{8443, T, "https-alt"}, {9092, T, "kafka"}, {9200, T, "elasticsearch"}, {11211, B, "memcache"},
	{17500, U, "db-lsp-disc"}, {27017, T, "mongodb"}, {51820, U, "wireguard"},
};

const char *service_name(uint16_t port, bool tcp)
{
	size_t lo = 0, hi = sizeof services / sizeof services[0];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (services[mid].port == port)
			return (services[mid].on & (tcp ? T : U)) ? services[mid].name : NULL;
		if (services[mid].port < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
