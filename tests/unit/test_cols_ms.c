/* Unit tests of the packet-list columns of the protocols of Microsoft
 * networks (Network Monitor event records, LDAP, SMB2, DCE/RPC, Kerberos,
 * NetBIOS): each frame is built here and its Protocol and Info texts are
 * those tshark shows for the same bytes. */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
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

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cols-ms/netmon", test_netmon);
	g_test_add_func("/cols-ms/ldap", test_ldap);
	return g_test_run();
}
