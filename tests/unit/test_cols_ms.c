/* Unit tests of the packet-list columns of the protocols of Microsoft
 * networks (Network Monitor event records, LDAP, SMB2, DCE/RPC, Kerberos,
 * NetBIOS): each frame is built here and its Protocol and Info texts are
 * those tshark shows for the same bytes. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/ntlmssp.h"
#include "dissect/session.h"
#include "dissect_test.h"

/* The columns of DATA (LEN bytes of LINKTYPE) in PROTO and INFO. */
static void columns_of(const uint8_t *data, uint32_t len, uint32_t linktype, char *proto, GString *info)
{
	struct packet p;
	struct frame f;
	struct columns c = {.info = g_string_new(NULL)};
	run_frame(&p, &f, data, len, len, linktype);
	columns_fill(&c, &p);
	g_strlcpy(proto, c.proto, COL_PROTO_MAX);
	g_string_assign(info, c.info->str);
	g_string_free(c.info, TRUE);
}

/* An ETW event header (40 bytes up to the provider GUID, then the
 * descriptor) from thread 8108 of process 4312, provider GUID G. */
static void netmon_event(uint8_t *b, const uint8_t g[16])
{
	memset(b, 0, 80);
	b[0] = 80;                         /* size */
	b[8] = 0xac, b[9] = 0x1f;          /* thread 8108 */
	b[12] = 0xd8, b[13] = 0x10;        /* process 4312 */
	memcpy(b + 24, g, 16);
}

static void test_netmon(void)
{
	static const uint8_t other[16] = {0x4f, 0xf9, 0x0f, 0xa7, 0x0b, 0x57, 0x79, 0x49,
					  0xba, 0x5c, 0xe5, 0x9c, 0x9f, 0xea, 0xb6, 0x1b};
	static const uint8_t process[16] = {0xd0, 0xa8, 0x6f, 0x3d, 0x05, 0xfe, 0xd0, 0x11,
					    0x9d, 0xda, 0x00, 0xc0, 0x4f, 0xd7, 0xba, 0x7c};
	uint8_t b[80];
	char proto[COL_PROTO_MAX];
	GString *info = g_string_new(NULL);
	netmon_event(b, other);
	columns_of(b, sizeof b, LINKTYPE_NETMON_EVENT, proto, info);
	g_assert_cmpstr(proto, ==, "NetMon Event");
	g_assert_cmpstr(info->str, ==,
			"Thread ID: 8108, Process ID: 4312, Provider ID: a70ff94f-570b-4979-ba5c-e59c9feab61b");
	netmon_event(b, process);
	columns_of(b, sizeof b, LINKTYPE_NETMON_EVENT, proto, info);
	g_assert_cmpstr(proto, ==, "NetMon Process");
	g_assert_cmpstr(info->str, ==, "");
	g_string_free(info, TRUE);
}

/* A system configuration event of OPCODE whose user data (LEN bytes) is
 * DATA, in B (at least 89 + LEN bytes; returns the frame's length). */
static uint32_t netmon_config(uint8_t *b, uint8_t opcode, const uint8_t *data, uint32_t len)
{
	static const uint8_t config[16] = {0x65, 0x3a, 0x85, 0x01, 0x8f, 0x41, 0x36, 0x4f,
					   0xae, 0xfc, 0xdc, 0x0f, 0x1d, 0x2f, 0xd2, 0x35};
	netmon_event(b, config);
	memset(b + 80, 0, 9);
	b[0] = (uint8_t)(89 + len);
	b[45] = opcode;
	b[86] = (uint8_t)len; /* user data length */
	memcpy(b + 89, data, len);
	return 89 + len;
}

static void test_netmon_config(void)
{
	/* a service of process 1016, state 4, tag 0, named "Appinfo" */
	static const uint8_t service[] = {0xf8, 0x03, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0,
					  'A', 0, 'p', 0, 'p', 0, 'i', 0, 'n', 0, 'f', 0, 'o', 0, 0, 0};
	/* interrupt 12: affinity, group, pad, number, description "X" */
	static const uint8_t irq[] = {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0,
				      2, 0, 0, 0, 'X', 0, 0, 0};
	/* a network card: address, its length, indexes, description "N",
	 * addresses "::1;127.0.0.1", DNS servers "" */
	uint8_t nic[20 + 4 + 28 + 2] = {0};
	memcpy(nic + 20, "N\0\0\0", 4);
	for (int i = 0; i < 13; i++)
		nic[24 + 2 * i] = (uint8_t)"::1;127.0.0.1"[i];
	uint8_t b[160];
	char proto[COL_PROTO_MAX];
	GString *info = g_string_new(NULL);
	columns_of(b, netmon_config(b, 15, service, sizeof service), LINKTYPE_NETMON_EVENT, proto, info);
	g_assert_cmpstr(proto, ==, "NetMon System Config");
	g_assert_cmpstr(info->str, ==, "Service: Appinfo, (PID=1016)");
	columns_of(b, netmon_config(b, 21, irq, sizeof irq), LINKTYPE_NETMON_EVENT, proto, info);
	g_assert_cmpstr(info->str, ==, "IRQ: 12");
	columns_of(b, netmon_config(b, 13, nic, sizeof nic), LINKTYPE_NETMON_EVENT, proto, info);
	g_assert_cmpstr(info->str, ==, "IP Addresses: ::1;127.0.0.1");
	/* an event Wireshark does not summarize, and a cut one: no Info */
	columns_of(b, netmon_config(b, 10, irq, sizeof irq), LINKTYPE_NETMON_EVENT, proto, info);
	g_assert_cmpstr(info->str, ==, "");
	columns_of(b, netmon_config(b, 21, irq, 8), LINKTYPE_NETMON_EVENT, proto, info);
	g_assert_cmpstr(info->str, ==, "");
	g_string_free(info, TRUE);
}

/* Ethernet, IPv4, TCP 50000 -> 389: bindRequest(1), empty name, simple. */
static const uint8_t ldap_bind[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x36, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x66, 0xbf, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,
	0x00, 0x02, 0xc3, 0x50, 0x01, 0x85, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x50, 0x18,
	0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x0c, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x03,
	0x04, 0x00, 0x80, 0x00,
};

/* TCP 389 -> 50000: a searchResEntry(2) "dc=x" and its searchResDone. */
static const uint8_t ldap_results[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x45, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x66, 0xb0, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,
	0x00, 0x02, 0x01, 0x85, 0xc3, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x50, 0x18,
	0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x0d, 0x02, 0x01, 0x02, 0x64, 0x08, 0x04, 0x04, 0x64,
	0x63, 0x3d, 0x78, 0x30, 0x00, 0x30, 0x0c, 0x02, 0x01, 0x02, 0x65, 0x07, 0x0a, 0x01, 0x00, 0x04,
	0x00, 0x04, 0x00,
};

/* The SASL buffer of a sealed Kerberos (CFX) token: 113 bytes of which 60
 * are header, rotated checksum and confounder. */
static void ldap_sealed(uint8_t *b, size_t n)
{
	memcpy(b, ldap_bind, 54);
	memset(b + 54, 0xab, n - 54);
	b[17] = (uint8_t)(n - 14);                       /* IP total length */
	b[16] = 0;
	static const uint8_t head[] = {0x00, 0x00, 0x00, 0x71, 0x05, 0x04, 0x06, 0xff, 0x00, 0x00, 0x00, 0x1c};
	memcpy(b + 54, head, sizeof head);
}

static void test_ldap(void)
{
	char proto[COL_PROTO_MAX];
	GString *info = g_string_new(NULL);
	columns_of(ldap_bind, sizeof ldap_bind, LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(proto, ==, "LDAP");
	g_assert_cmpstr(info->str, ==, "bindRequest(1) \"<ROOT>\" simple ");
	/* two PDUs of one segment: joined by " | ", the entry counted */
	columns_of(ldap_results, sizeof ldap_results, LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(proto, ==, "LDAP");
	g_assert_cmpstr(info->str, ==, "searchResEntry(2) \"dc=x\"  | searchResDone(2) success  [1 result]");
	uint8_t sealed[54 + 117];
	ldap_sealed(sealed, sizeof sealed);
	columns_of(sealed, sizeof sealed, LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(proto, ==, "LDAP");
	g_assert_cmpstr(info->str, ==, "SASL GSS-API Privacy: payload (53 bytes)");
	g_string_free(info, TRUE);
}

/* The GSS-API token of a SASL buffer lies inside the LDAP message's tree:
 * its layers are nested (in frame.protocols, no node of the hierarchy). */
static void test_ldap_sasl_nested(void)
{
	uint8_t sealed[54 + 117];
	ldap_sealed(sealed, sizeof sealed);
	struct packet p;
	struct frame f;
	run_frame(&p, &f, sealed, sizeof sealed, sizeof sealed, LINKTYPE_ETHERNET);
	int ldap = -1;
	for (int i = 0; i < p.nlayers; i++)
		if (p.layers[i].proto == PROTO_LDAP && ldap < 0)
			ldap = i;
	g_assert_cmpint(ldap, >=, 0);
	g_assert_false(p.layers[ldap].flags & PKT_NESTED);
	g_assert_cmpint(p.nlayers, ==, ldap + 3);
	g_assert_cmpint(p.layers[ldap + 1].proto, ==, PROTO_GSS_API);
	g_assert_cmpint(p.layers[ldap + 2].proto, ==, PROTO_SPNEGO_KRB5);
	g_assert_true(p.layers[ldap + 1].flags & PKT_NESTED);
	g_assert_true(p.layers[ldap + 2].flags & PKT_NESTED);
}

/* Ethernet, IPv4, TCP 50000 -> 445, NetBIOS session: an SMB2 Tree Connect
 * request for \\srv\IPC$. */
static const uint8_t smb2_tree[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x88, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x66, 0x6d, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,
	0x00, 0x02, 0xc3, 0x50, 0x01, 0xbd, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x50, 0x18,
	0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x5c, 0xfe, 0x53, 0x4d, 0x42, 0x40, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x01, 0x00,
	0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x48, 0x00,
	0x14, 0x00, 0x5c, 0x00, 0x5c, 0x00, 0x73, 0x00, 0x72, 0x00, 0x76, 0x00, 0x5c, 0x00, 0x49, 0x00,
	0x50, 0x00, 0x43, 0x00, 0x24, 0x00,
};

/* TCP 445 -> 50000: a Session Setup response failed with
 * STATUS_MORE_PROCESSING_REQUIRED (an error body). */
static const uint8_t smb2_setup[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x75, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x66, 0x80, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,
	0x00, 0x02, 0x01, 0xbd, 0xc3, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x50, 0x18,
	0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x49, 0xfe, 0x53, 0x4d, 0x42, 0x40, 0x00,
	0x01, 0x00, 0x16, 0x00, 0x00, 0xc0, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x01, 0x00,
	0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00,
};

static void test_smb2(void)
{
	char proto[COL_PROTO_MAX];
	GString *info = g_string_new(NULL);
	columns_of(smb2_tree, sizeof smb2_tree, LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(proto, ==, "SMB2");
	g_assert_cmpstr(info->str, ==, "Tree Connect Request Tree: \\\\srv\\IPC$");
	columns_of(smb2_setup, sizeof smb2_setup, LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(proto, ==, "SMB2");
	g_assert_cmpstr(info->str, ==, "Session Setup Response, Error: STATUS_MORE_PROCESSING_REQUIRED");
	g_string_free(info, TRUE);
}

/* Ethernet, IPv4 10.0.0.1 -> 10.0.0.2, UDP SPORT -> DPORT around PAYLOAD
 * (LEN bytes) in B; returns the frame's length. */
static uint32_t udp_frame(uint8_t *b, uint16_t sport, uint16_t dport, const uint8_t *payload, uint32_t len)
{
	static const uint8_t head[] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0, 0x45, 0, 0, 0, 0, 1,
				       0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
	memcpy(b, head, sizeof head);
	uint32_t ip_len = 28 + len, sum = 0;
	b[16] = (uint8_t)(ip_len >> 8), b[17] = (uint8_t)ip_len;
	for (int i = 14; i < 34; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	sum = (sum & 0xffff) + (sum >> 16);
	b[24] = (uint8_t)(~sum >> 8), b[25] = (uint8_t)~sum;
	uint8_t *u = b + 34;
	u[0] = (uint8_t)(sport >> 8), u[1] = (uint8_t)sport, u[2] = (uint8_t)(dport >> 8), u[3] = (uint8_t)dport;
	u[4] = (uint8_t)((8 + len) >> 8), u[5] = (uint8_t)(8 + len), u[6] = u[7] = 0;
	memcpy(u + 8, payload, len);
	return 42 + len;
}

/* NAME padded with spaces to 15 bytes and SUFFIX, first-level encoded in
 * B (34 bytes: length, 32 letters, end of name). */
static void nb_name(uint8_t *b, const char *name, uint8_t suffix)
{
	uint8_t raw[16];
	memset(raw, ' ', 15);
	memcpy(raw, name, strlen(name));
	raw[15] = suffix;
	b[0] = 32;
	for (int i = 0; i < 16; i++)
		b[1 + 2 * i] = (uint8_t)('A' + (raw[i] >> 4)), b[2 + 2 * i] = (uint8_t)('A' + (raw[i] & 15));
	b[33] = 0;
}

/* An NBNS message: ID, FLAGS, one question or (ANSWER) one NB record for
 * 10.0.0.ADDR, name NAME<SUFFIX>; returns its length. */
static uint32_t nbns_msg(uint8_t *b, uint16_t flags, bool answer, const char *name, uint8_t suffix, uint8_t addr)
{
	memset(b, 0, 12);
	b[0] = 0x12, b[1] = 0x34, b[2] = (uint8_t)(flags >> 8), b[3] = (uint8_t)flags;
	b[answer ? 7 : 5] = 1;
	nb_name(b + 12, name, suffix);
	static const uint8_t nb_in[] = {0, 0x20, 0, 1};
	memcpy(b + 46, nb_in, 4);
	if (!answer)
		return 50;
	static const uint8_t rr[] = {0, 4, 0x93, 0xe0, 0, 6, 0, 0, 10, 0, 0};
	memcpy(b + 50, rr, sizeof rr);
	b[61] = addr;
	return 62;
}

static void test_nbns(void)
{
	uint8_t m[80], b[160];
	char proto[COL_PROTO_MAX];
	GString *info = g_string_new(NULL);
	uint32_t n = nbns_msg(m, 0x0110, false, "WPAD", 0x00, 0);
	columns_of(b, udp_frame(b, 137, 137, m, n), LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(proto, ==, "NBNS");
	g_assert_cmpstr(info->str, ==, "Name query NB WPAD<00>");
	n = nbns_msg(m, 0x8500, true, "WPAD", 0x00, 5);
	columns_of(b, udp_frame(b, 137, 137, m, n), LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(info->str, ==, "Name query response NB 10.0.0.5");
	/* a refused registration: the error before the record */
	n = nbns_msg(m, 0xae06, true, "HOST-1", 0x20, 7);
	columns_of(b, udp_frame(b, 137, 137, m, n), LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(info->str, ==, "Registration response, Name is owned by another node NB 10.0.0.7");
	/* a refresh whose name is not first-level encoded */
	n = nbns_msg(m, 0x4010, false, "WPAD", 0x00, 0);
	m[14] = 'a';
	columns_of(b, udp_frame(b, 137, 137, m, n), LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(info->str, ==,
			"Refresh NB Illegal NetBIOS name (2nd character not between A and Z in first-level encoding)");
	g_string_free(info, TRUE);
}

/* A KRB-ERROR from the KDC: error-code 25, realm X.ORG, sname krbtgt/X.ORG. */
static const uint8_t krb_error[] = {
	0x7e, 0x4e, 0x30, 0x4c, 0xa0, 0x03, 0x02, 0x01, 0x05, 0xa1, 0x03, 0x02, 0x01, 0x1e, 0xa4, 0x11,
	0x18, 0x0f, 0x32, 0x30, 0x32, 0x34, 0x30, 0x31, 0x30, 0x31, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
	0x5a, 0xa5, 0x03, 0x02, 0x01, 0x00, 0xa6, 0x03, 0x02, 0x01, 0x19, 0xa9, 0x07, 0x1b, 0x05, 0x58,
	0x2e, 0x4f, 0x52, 0x47, 0xaa, 0x1a, 0x30, 0x18, 0xa0, 0x03, 0x02, 0x01, 0x02, 0xa1, 0x11, 0x30,
	0x0f, 0x1b, 0x06, 0x6b, 0x72, 0x62, 0x74, 0x67, 0x74, 0x1b, 0x05, 0x58, 0x2e, 0x4f, 0x52, 0x47,
};

static void test_kerberos(void)
{
	uint8_t m[sizeof krb_error], b[160];
	char proto[COL_PROTO_MAX];
	GString *info = g_string_new(NULL);
	memcpy(m, krb_error, sizeof m);
	columns_of(b, udp_frame(b, 88, 50000, m, sizeof m), LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(proto, ==, "KRB5");
	g_assert_cmpstr(info->str, ==, "KRB Error: KRB5KDC_ERR_PREAUTH_REQUIRED");
	m[42] = 99; /* an error code with no name */
	columns_of(b, udp_frame(b, 88, 50000, m, sizeof m), LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(info->str, ==, "KRB Error: Unknown error code 0x63");
	m[0] = 0x6d, m[13] = 13; /* the same body called a TGS-REP: its type names it */
	columns_of(b, udp_frame(b, 88, 50000, m, sizeof m), LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(info->str, ==, "TGS-REP");
	g_string_free(info, TRUE);
}

/* Ethernet, IPv4 10.0.0.1 -> 10.0.0.2, TCP SPORT -> DPORT (PSH ACK)
 * around PAYLOAD (LEN bytes) in B; returns the frame's length. */
static uint32_t tcp_frame(uint8_t *b, uint16_t sport, uint16_t dport, const uint8_t *payload, uint32_t len)
{
	uint8_t seg[20 + 256] = {0};
	seg[0] = (uint8_t)(sport >> 8), seg[1] = (uint8_t)sport, seg[2] = (uint8_t)(dport >> 8), seg[3] = (uint8_t)dport;
	seg[7] = seg[11] = 1, seg[12] = 0x50, seg[13] = 0x18, seg[14] = 0x20;
	memcpy(seg + 20, payload, len);
	uint32_t n = udp_frame(b, 0, 0, seg, 12 + len); /* the IPv4 header, then the segment over it */
	b[23] = 6;
	b[24] = b[25] = 0;
	uint32_t sum = 0;
	for (int i = 14; i < 34; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	sum = (sum & 0xffff) + (sum >> 16);
	b[24] = (uint8_t)(~sum >> 8), b[25] = (uint8_t)~sum;
	memcpy(b + 34, seg, 20 + len);
	return n;
}

/* A DCE/RPC bind of SRVSVC 3.0 over NDR, and its answer: two results. */
static const uint8_t rpc_bind[] = {
	0x05, 0x00, 0x0b, 0x03, 0x10, 0x00, 0x00, 0x00, 0x48, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
	0xb8, 0x10, 0xb8, 0x10, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
	0xc8, 0x4f, 0x32, 0x4b, 0x70, 0x16, 0xd3, 0x01, 0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88,
	0x03, 0x00, 0x00, 0x00, 0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8, 0x08, 0x00,
	0x2b, 0x10, 0x48, 0x60, 0x02, 0x00, 0x00, 0x00,
};
static const uint8_t rpc_bind_ack[] = {
	0x05, 0x00, 0x0c, 0x03, 0x10, 0x00, 0x00, 0x00, 0x54, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
	0xb8, 0x10, 0xb8, 0x10, 0x34, 0x12, 0x00, 0x00, 0x04, 0x00, 0x31, 0x33, 0x35, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60,
	0x02, 0x00, 0x00, 0x00,
};

static void test_dcerpc(void)
{
	uint8_t b[200];
	char proto[COL_PROTO_MAX];
	GString *info = g_string_new(NULL);
	columns_of(b, tcp_frame(b, 50000, 135, rpc_bind, sizeof rpc_bind), LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(proto, ==, "DCERPC");
	g_assert_cmpstr(info->str, ==, "Bind: call_id: 2, Fragment: Single, 1 context items: SRVSVC V3.0 (32bit NDR)");
	columns_of(b, tcp_frame(b, 135, 50000, rpc_bind_ack, sizeof rpc_bind_ack), LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(info->str, ==,
			"Bind_ack: call_id: 2, Fragment: Single, max_xmit: 4280 max_recv: 4280, 2 results: "
			"Provider rejection, Acceptance");
	g_string_free(info, TRUE);
}

/* An SMB2 command over NetBIOS in OUT: header (command CMD, a response
 * when RESP, STATUS, message MSG, session SES) and BODY (LEN bytes);
 * returns its length. */
static uint32_t smb2_msg(uint8_t *out, uint16_t cmd, bool resp, uint32_t status, uint8_t msg, uint8_t ses,
			 const uint8_t *body, uint32_t len)
{
	memset(out, 0, 68);
	out[3] = (uint8_t)(64 + len);
	uint8_t *h = out + 4;
	memcpy(h, "\xfeSMB", 4);
	h[4] = 64;
	h[8] = (uint8_t)status, h[9] = (uint8_t)(status >> 8), h[10] = (uint8_t)(status >> 16);
	h[11] = (uint8_t)(status >> 24);
	h[12] = (uint8_t)cmd, h[16] = resp ? 1 : 0, h[24] = msg, h[40] = ses;
	memcpy(h + 64, body, len);
	return 68 + len;
}

/* The columns of PAYLOAD (LEN bytes) in a TCP segment from client
 * 10.0.0.1 port PORT to 10.0.0.2 port SERVER (the other way when RESP) with
 * sequence number SEQ, dissected in session S, as "PROTO|INFO" in BUF. */
static const char *tcp_cols(struct dissect_session *s, uint16_t port, uint16_t server, uint32_t seq, bool resp,
			    const uint8_t *payload, uint32_t len, char *buf, size_t n)
{
	static uint8_t b[400];
	static uint64_t number;
	uint32_t flen = resp ? tcp_frame(b, server, port, payload, len) : tcp_frame(b, port, server, payload, len);
	if (resp) { /* from the server's address: swapped (the checksum stays) */
		uint8_t a[4];
		memcpy(a, b + 26, 4), memcpy(b + 26, b + 30, 4), memcpy(b + 30, a, 4);
	}
	b[38] = (uint8_t)(seq >> 24), b[39] = (uint8_t)(seq >> 16), b[40] = (uint8_t)(seq >> 8), b[41] = (uint8_t)seq;
	struct frame f = {.number = ++number, .caplen = flen, .len = flen, .linktype = LINKTYPE_ETHERNET, .data = b};
	struct packet p;
	struct columns c = {.info = g_string_new(NULL)};
	dissect_frame_in(&p, &f, s, false);
	columns_fill(&c, &p);
	g_snprintf(buf, n, "%s|%s", c.proto, c.info->str);
	g_string_free(c.info, TRUE);
	return buf;
}

/* The columns of the SMB2 command (see smb2_msg) over TCP port 445 (see
 * tcp_cols). */
static const char *smb2_cols(struct dissect_session *s, uint16_t port, uint32_t seq, uint16_t cmd, bool resp,
			     uint32_t status, uint8_t msg, uint8_t ses, const uint8_t *body, uint32_t len, char *buf,
			     size_t n)
{
	uint8_t m[256];
	uint32_t mlen = smb2_msg(m, cmd, resp, status, msg, ses, body, len);
	return tcp_cols(s, port, 445, seq, resp, m, mlen, buf, n);
}

/* UTF-16LE of the ASCII text S at B; returns its length in bytes. */
static uint32_t utf16(uint8_t *b, const char *s)
{
	uint32_t n = 0;
	for (; *s; s++)
		b[n++] = (uint8_t)*s, b[n++] = 0;
	return n;
}

static void test_smb2_files(void)
{
	char buf[300];
	struct dissect_session *s = dissect_session_new();
	uint8_t fid[16], body[160];
	memset(fid, 0x11, sizeof fid);
	uint32_t seq_a = 1, seq_b = 1, seq_ra = 1, n;
#define SMB2(port, seq, cmd, resp, status, msg, ses, len) \
	smb2_cols(s, port, seq, cmd, resp, status, msg, ses, body, len, buf, sizeof buf)

	/* Create "srvsvc" on one connection (name at offset 120 from the header) */
	memset(body, 0, sizeof body);
	body[0] = 57, body[44] = 120, body[46] = (uint8_t)utf16(body + 56, "srvsvc");
	g_assert_cmpstr(SMB2(50001, seq_a, 5, false, 0, 5, 7, 68), ==, "SMB2|Create Request File: srvsvc");
	seq_a += 68 + 68;
	memset(body, 0, sizeof body);
	body[0] = 89;
	memcpy(body + 64, fid, 16);
	g_assert_cmpstr(SMB2(50001, seq_ra, 5, true, 0, 5, 7, 88), ==, "SMB2|Create Response File: srvsvc");
	seq_ra += 68 + 88;

	/* the connection uses the file: a read, a getinfo */
	memset(body, 0, sizeof body);
	body[0] = 49, body[5] = 4; /* length 1024 */
	body[8] = 16;             /* offset 16 */
	memcpy(body + 16, fid, 16);
	g_assert_cmpstr(SMB2(50001, seq_a, 8, false, 0, 6, 7, 49), ==, "SMB2|Read Request Len:1024 Off:16 File: srvsvc");
	seq_a += 68 + 49;
	memset(body, 0, sizeof body);
	body[0] = 41, body[2] = 1, body[3] = 5;
	memcpy(body + 24, fid, 16);
	g_assert_cmpstr(SMB2(50001, seq_a, 16, false, 0, 7, 7, 41), ==,
			"SMB2|GetInfo Request FILE_INFO/SMB2_FILE_STANDARD_INFO File: srvsvc");
	seq_a += 68 + 41;
	body[2] = 2, body[3] = 0x42;
	g_assert_cmpstr(SMB2(50001, seq_a, 16, false, 0, 8, 7, 41), ==,
			"SMB2|GetInfo Request FS_INFO/(Level:0x42) File: srvsvc");
	seq_a += 68 + 41;

	/* another session knows no such file; another connection of the same
	 * session does */
	memset(body, 0, sizeof body);
	body[0] = 49;
	memcpy(body + 16, fid, 16);
	g_assert_cmpstr(SMB2(50001, seq_a, 8, false, 0, 9, 8, 49), ==, "SMB2|Read Request Len:0 Off:0");
	seq_a += 68 + 49;
	g_assert_cmpstr(SMB2(50002, seq_b, 8, false, 0, 9, 7, 49), ==, "SMB2|Read Request Len:0 Off:0 File: srvsvc");
	seq_b += 68 + 49;
	g_assert_cmpstr(SMB2(50002, seq_b, 8, false, 0, 10, 8, 49), ==, "SMB2|Read Request Len:0 Off:0");

	/* a find: level and pattern, repeated in its (failed) response */
	memset(body, 0, sizeof body);
	body[0] = 33, body[2] = 0x25, body[24] = 96;
	memcpy(body + 8, fid, 16);
	body[26] = (uint8_t)utf16(body + 32, "*");
	g_assert_cmpstr(SMB2(50001, seq_a, 14, false, 0, 10, 7, 34), ==,
			"SMB2|Find Request File: srvsvc SMB2_FIND_ID_BOTH_DIRECTORY_INFO Pattern: *");
	seq_a += 68 + 34;
	memset(body, 0, sizeof body);
	body[0] = 9;
	g_assert_cmpstr(SMB2(50001, seq_ra, 14, true, 0x80000006, 10, 7, 9), ==,
			"SMB2|Find Response, Error: STATUS_NO_MORE_FILES SMB2_FIND_ID_BOTH_DIRECTORY_INFO Pattern: *");
	seq_ra += 68 + 9;

	/* close; a DFS referral on no file names its path */
	memset(body, 0, sizeof body);
	body[0] = 24;
	memcpy(body + 8, fid, 16);
	g_assert_cmpstr(SMB2(50001, seq_a, 6, false, 0, 11, 7, 24), ==, "SMB2|Close Request File: srvsvc");
	seq_a += 68 + 24;
	memset(body, 0xff, sizeof body);
	memset(body, 0, 8);
	memset(body + 24, 0, 32);
	body[0] = 57, body[4] = 0x94, body[5] = 0x01, body[6] = 0x06; /* FSCTL_DFS_GET_REFERRALS */
	body[24] = 120, body[62] = 0, body[63] = 0;
	n = utf16(body + 58, "\\srv\\share");
	body[58 + n] = body[59 + n] = 0;
	body[28] = (uint8_t)(n + 4);
	body[56] = 4, body[57] = 0; /* max referral level */
	g_assert_cmpstr(SMB2(50001, seq_a, 11, false, 0, 12, 7, 58 + n + 2), ==,
			"SMB2|Ioctl Request FSCTL_DFS_GET_REFERRALS, File: \\srv\\share");
	seq_a += 68 + 58 + n + 2;

	/* NTLMSSP in a session setup's blob, in a response that needs more */
	memset(body, 0, sizeof body);
	body[0] = 25, body[12] = 88, body[14] = 16;
	memcpy(body + 24, "NTLMSSP\0\1\0\0\0", 12);
	g_assert_cmpstr(SMB2(50001, seq_a, 1, false, 0, 1, 0, 40), ==, "SMB2|Session Setup Request, NTLMSSP_NEGOTIATE");
	seq_a += 68 + 40;
	memset(body, 0, sizeof body);
	body[0] = 9, body[4] = 72, body[6] = 20;
	memcpy(body + 8, "\xa1\x12\x30\x10", 4);
	memcpy(body + 12, "NTLMSSP\0\2\0\0\0\0\0\0\0", 16);
	g_assert_cmpstr(SMB2(50001, seq_ra, 1, true, 0xc0000016, 1, 7, 28), ==,
			"SMB2|Session Setup Response, Error: STATUS_MORE_PROCESSING_REQUIRED, NTLMSSP_CHALLENGE");
	/* a failure's body is an error's: no blob */
	seq_ra += 68 + 28;
	g_assert_cmpstr(SMB2(50001, seq_ra, 1, true, 0xc000006d, 2, 7, 28), ==,
			"SMB2|Session Setup Response, Error: STATUS_LOGON_FAILURE");
#undef SMB2
	dissect_session_free(s);
}

/* A DCE/RPC request (call 5, context 0, OPNUM) or its response with STUB
 * (LEN bytes) in B; returns the PDU's length. */
static uint32_t rpc_call(uint8_t *b, bool request, uint16_t opnum, const uint8_t *stub, uint32_t len)
{
	memset(b, 0, 24);
	b[0] = 5, b[2] = request ? 0 : 2, b[3] = 3, b[4] = 0x10;
	b[8] = (uint8_t)(24 + len), b[12] = 5, b[16] = (uint8_t)len;
	if (request)
		b[22] = (uint8_t)opnum;
	memcpy(b + 24, stub, len);
	return 24 + len;
}

/* Operations of the interfaces over DCE/RPC, named once a bind named the
 * interface of their context: the endpoint mapper's Map names the towers'
 * interface and transfer syntax; a response is named from its request. */
static void test_dcerpc_ops(void)
{
	char buf[300];
	uint8_t b[200], bind[sizeof rpc_bind];
	struct dissect_session *s = dissect_session_new();
	static const uint8_t epm_le[16] = {0x08, 0x83, 0xaf, 0xe1, 0x1f, 0x5d, 0xc9, 0x11,
					   0x91, 0xa4, 0x08, 0x00, 0x2b, 0x14, 0xa0, 0xfa};
	memcpy(bind, rpc_bind, sizeof bind);
	memcpy(bind + 32, epm_le, 16);
	g_assert_cmpstr(tcp_cols(s, 50000, 135, 1, false, bind, sizeof bind, buf, sizeof buf), ==,
			"DCERPC|Bind: call_id: 2, Fragment: Single, 1 context items: EPMv4 V3.0 (32bit NDR)");
	g_assert_cmpstr(tcp_cols(s, 50000, 135, 1, true, rpc_bind_ack, sizeof rpc_bind_ack, buf, sizeof buf), ==,
			"DCERPC|Bind_ack: call_id: 2, Fragment: Single, max_xmit: 4280 max_recv: 4280, 2 results: "
			"Provider rejection, Acceptance");
	/* Map: no object, a tower of two UUID floors (DRSUAPI 4, NDR 2) */
	static const uint8_t map[] = {
		1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 50, 0, 0, 0, 50, 0, 0, 0,
		2, 0, 19, 0, 0x0d, 0x35, 0x42, 0x51, 0xe3, 0x06, 0x4b, 0xd1, 0x11, 0xab, 0x04, 0x00, 0xc0, 0x4f,
		0xc2, 0xdc, 0xd2, 4, 0, 2, 0, 0, 0, 19, 0, 0x0d, 0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11,
		0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60, 2, 0, 2, 0, 0, 0,
	};
	uint32_t n = rpc_call(b, true, 3, map, sizeof map);
	g_assert_cmpstr(tcp_cols(s, 50000, 135, 1 + sizeof bind, false, b, n, buf, sizeof buf), ==,
			"EPM|Map request, DRSUAPI, 32bit NDR");
	n = rpc_call(b, false, 0, map + 20, sizeof map - 20);
	g_assert_cmpstr(tcp_cols(s, 50000, 135, 1 + sizeof rpc_bind_ack, true, b, n, buf, sizeof buf), ==,
			"EPM|Map response, DRSUAPI, 32bit NDR");
	n = rpc_call(b, true, 9, map, 4);
	g_assert_cmpstr(tcp_cols(s, 50000, 135, 1 + sizeof bind + 24 + sizeof map, false, b, n, buf, sizeof buf), ==,
			"EPM|Unknown operation 9 request");
	/* SRVSVC on another connection */
	g_assert_cmpstr(tcp_cols(s, 50001, 135, 1, false, rpc_bind, sizeof rpc_bind, buf, sizeof buf), ==,
			"DCERPC|Bind: call_id: 2, Fragment: Single, 1 context items: SRVSVC V3.0 (32bit NDR)");
	n = rpc_call(b, true, 15, map, 8);
	g_assert_cmpstr(tcp_cols(s, 50001, 135, 1 + sizeof rpc_bind, false, b, n, buf, sizeof buf), ==,
			"SRVSVC|NetShareEnumAll request");
	dissect_session_free(s);
}

/* SMB (version 1) over NetBIOS: the command and its direction. */
static void test_smb1(void)
{
	uint8_t m[4 + 35], b[200];
	char proto[COL_PROTO_MAX];
	GString *info = g_string_new(NULL);
	memset(m, 0, sizeof m);
	m[3] = 35;
	memcpy(m + 4, "\xffSMB\x72", 5); /* Negotiate Protocol */
	columns_of(b, tcp_frame(b, 50000, 445, m, sizeof m), LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(proto, ==, "SMB");
	g_assert_cmpstr(info->str, ==, "Negotiate Protocol Request");
	m[8] = 0x2b, m[13] = 0x80; /* an Echo's response */
	columns_of(b, tcp_frame(b, 445, 50000, m, sizeof m), LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(info->str, ==, "Echo Response");
	m[8] = 0xfe;
	columns_of(b, tcp_frame(b, 445, 50000, m, sizeof m), LINKTYPE_ETHERNET, proto, info);
	g_assert_cmpstr(info->str, ==, "Unknown (0xfe) Response");
	g_string_free(info, TRUE);
}

/* A search's "[N results]" counts the entries of the connection, in
 * earlier frames and earlier searches too. */
static void test_ldap_results(void)
{
	static const uint8_t entry[] = {0x30, 0x0c, 0x02, 0x01, 0x05, 0x64, 0x07, 0x04, 0x03, 'c', 'n', '=', 0x30, 0x00};
	static const uint8_t done[] = {0x30, 0x0c, 0x02, 0x01, 0x05, 0x65, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00};
	uint8_t two[sizeof entry + sizeof done];
	char buf[200];
	struct dissect_session *s = dissect_session_new();
	memcpy(two, entry, sizeof entry);
	memcpy(two + sizeof entry, done, sizeof done);
	g_assert_cmpstr(tcp_cols(s, 50000, 389, 1, true, entry, sizeof entry, buf, sizeof buf), ==,
			"LDAP|searchResEntry(5) \"cn=\" ");
	g_assert_cmpstr(tcp_cols(s, 50000, 389, 1 + sizeof entry, true, two, sizeof two, buf, sizeof buf), ==,
			"LDAP|searchResEntry(5) \"cn=\"  | searchResDone(5) success  [2 results]");
	g_assert_cmpstr(tcp_cols(s, 50000, 389, 1 + sizeof entry + sizeof two, true, done, sizeof done, buf, sizeof buf),
			==, "LDAP|searchResDone(5) success  [2 results]");
	dissect_session_free(s);
}

/* A SASL buffer is read once a bind on the connection chose SASL; before,
 * the buffer shows nothing. */
static void test_ldap_sasl_bind(void)
{
	static const uint8_t bind[] = {0x30, 0x18, 0x02, 0x01, 0x01, 0x60, 0x13, 0x02, 0x01, 0x03, 0x04, 0x00, 0xa3,
				       0x0c, 0x04, 0x0a, 'G',  'S',  'S',  '-',  'S',  'P',  'N',  'E',  'G',  'O'};
	uint8_t sealed[4 + 16 + 60] = {0, 0, 0, 76, 0x05, 0x04, 0x02, 0xff};
	char buf[200], before[200];
	struct dissect_session *s = dissect_session_new();
	g_assert_cmpstr(tcp_cols(s, 50000, 389, 1, false, sealed, sizeof sealed, buf, sizeof buf), ==, "LDAP|");
	g_assert_cmpstr(tcp_cols(s, 50000, 389, 1 + sizeof sealed, false, bind, sizeof bind, buf, sizeof buf), ==,
			"LDAP|bindRequest(1) \"<ROOT>\" sasl ");
	/* the same buffer on a connection without a session reads as it does after the bind */
	struct packet p;
	struct frame f;
	struct columns c = {.info = g_string_new(NULL)};
	uint8_t b[200];
	uint32_t n = tcp_frame(b, 50001, 389, sealed, sizeof sealed);
	run_frame(&p, &f, b, n, n, LINKTYPE_ETHERNET);
	columns_fill(&c, &p);
	g_snprintf(before, sizeof before, "%s|%s", c.proto, c.info->str);
	g_string_free(c.info, TRUE);
	g_assert_cmpstr(before, ==, "LDAP|SASL GSS-API Privacy: payload (16 bytes)");
	g_assert_cmpstr(tcp_cols(s, 50000, 389, 1 + sizeof sealed + sizeof bind, false, sealed, sizeof sealed, buf,
				 sizeof buf), ==, before);
	dissect_session_free(s);
}

/* An NTLMSSP AUTHENTICATE message with DOMAIN and USER (UTF-16LE when
 * UNICODE, else OEM) after a header of HLEN bytes (64 with its flags, 52
 * without), in B; returns its length. */
static size_t ntlm_auth(uint8_t *b, size_t hlen, const char *domain, const char *user, bool unicode)
{
	memset(b, 0, hlen);
	memcpy(b, "NTLMSSP", 8);
	b[8] = 3;
	if (hlen >= 64)
		b[60] = unicode ? 0x01 : 0x02;
	size_t at = hlen;
	const char *s[2] = {domain, user};
	for (int k = 0; k < 2; k++) {
		size_t len = strlen(s[k]) * (unicode ? 2 : 1);
		uint8_t *sb = b + 28 + 8 * k;
		sb[0] = sb[2] = (uint8_t)len, sb[4] = (uint8_t)at;
		for (size_t i = 0; s[k][i]; i++) {
			b[at++] = (uint8_t)s[k][i];
			if (unicode)
				b[at++] = 0;
		}
	}
	return at;
}

static void test_ntlmssp(void)
{
	uint8_t b[128];
	char out[80];
	memcpy(b, "NTLMSSP\0\1\0\0\0", 12);
	g_assert_true(ntlmssp_summary(b, 12, out, sizeof out));
	g_assert_cmpstr(out, ==, "NTLMSSP_NEGOTIATE");
	b[8] = 2;
	g_assert_true(ntlmssp_summary(b, 12, out, sizeof out));
	g_assert_cmpstr(out, ==, "NTLMSSP_CHALLENGE");
	b[8] = 9;
	g_assert_true(ntlmssp_summary(b, 12, out, sizeof out));
	g_assert_cmpstr(out, ==, "Unknown NTLMSSP message type");
	g_assert_false(ntlmssp_summary(b, 11, out, sizeof out));
	g_assert_cmpstr(out, ==, "");
	g_assert_false(ntlmssp_summary((const uint8_t *)"NTLMSSX\0\1\0\0\0", 12, out, sizeof out));
	size_t n = ntlm_auth(b, 64, "CORP", "alice", true);
	g_assert_true(ntlmssp_summary(b, n, out, sizeof out));
	g_assert_cmpstr(out, ==, "NTLMSSP_AUTH, User: CORP\\alice");
	/* OEM strings, and an old header without flags (Unicode assumed) */
	n = ntlm_auth(b, 64, "CORP", "bob", false);
	g_assert_true(ntlmssp_summary(b, n, out, sizeof out));
	g_assert_cmpstr(out, ==, "NTLMSSP_AUTH, User: CORP\\bob");
	n = ntlm_auth(b, 52, "D", "u", true);
	g_assert_true(ntlmssp_summary(b, n, out, sizeof out));
	g_assert_cmpstr(out, ==, "NTLMSSP_AUTH, User: D\\u");
	/* anonymous: both empty; a user name cut off by the capture: no user */
	n = ntlm_auth(b, 64, "", "", true);
	g_assert_true(ntlmssp_summary(b, n, out, sizeof out));
	g_assert_cmpstr(out, ==, "NTLMSSP_AUTH, User: \\");
	n = ntlm_auth(b, 64, "CORP", "alice", true);
	g_assert_true(ntlmssp_summary(b, n - 1, out, sizeof out));
	g_assert_cmpstr(out, ==, "NTLMSSP_AUTH");
	/* a small buffer is cut and stays terminated */
	n = ntlm_auth(b, 64, "CORP", "alice", true);
	g_assert_true(ntlmssp_summary(b, n, out, 10));
	g_assert_cmpstr(out, ==, "NTLMSSP_A");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cols-ms/netmon", test_netmon);
	g_test_add_func("/cols-ms/netmon-config", test_netmon_config);
	g_test_add_func("/cols-ms/nbns", test_nbns);
	g_test_add_func("/cols-ms/kerberos", test_kerberos);
	g_test_add_func("/cols-ms/dcerpc", test_dcerpc);
	g_test_add_func("/cols-ms/ldap", test_ldap);
	g_test_add_func("/cols-ms/ldap-sasl-nested", test_ldap_sasl_nested);
	g_test_add_func("/cols-ms/smb2", test_smb2);
	g_test_add_func("/cols-ms/ntlmssp", test_ntlmssp);
	g_test_add_func("/cols-ms/smb2-files", test_smb2_files);
	g_test_add_func("/cols-ms/dcerpc-ops", test_dcerpc_ops);
	g_test_add_func("/cols-ms/smb1", test_smb1);
	g_test_add_func("/cols-ms/ldap-results", test_ldap_results);
	g_test_add_func("/cols-ms/ldap-sasl-bind", test_ldap_sasl_bind);
	return g_test_run();
}
