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

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cols-ms/netmon", test_netmon);
	return g_test_run();
}
