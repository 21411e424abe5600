/* Unit tests of RDP under its standard security (no TLS): the X.224
 * negotiation, T.125 (MCS) connect and domain PDUs, T.124 (GCC) and RDP's
 * data blocks and send-data PDUs, on one connection built here.  The
 * expected stacks and columns are what tshark 4.0 shows for the same
 * bytes (a frame whose PDU is cut short is checked for its stack only). */
#include <glib.h>
#include <string.h>

#include "dissect/column.h"
#include "dissect/field.h"
#include "dissect/fieldval.h"
#include "dissect/session.h"
#include "tcp_conn_test.h"

static const struct step {
	bool to_server;
	const char *hex;
	const char *stack; /* NULL: not checked */
	const char *cols;  /* NULL: not checked */
} steps[] = {
	{true, "0300002b26e00000000000436f6f6b69653a206d737473686173683d616c6963650d0a0100080003000000",
	 "raw:ip:tcp:tpkt:cotp:rdp", "RDP|Cookie: mstshash=alice, Negotiate Request"},
	{false, "030000130ed000001234000200080000000000",
	 "raw:ip:tcp:tpkt:cotp:rdp", "RDP|Negotiate Response"},
	{true, "030000a402f0807f6581990401010401010101ff301a020122020102020100020101020100020101020300ffff0201023019"
	  "020101020101020101020101020100020101020204200201023020020300ffff020300fc17020300ffff0201010201000201"
	  "01020300ffff0201020435000500147c00012d000800100001c000447563612002c00c00030000000000000003c014000100"
	  "0000726470647200000000008080",
	 "raw:ip:tcp:tpkt:cotp:t125:t124:rdp", "RDP|ClientData"},
	{false, "0300006c02f0807f66620a0100020100301a020122020103020100020101020100020101020300fff8020102043e00050014"
	  "7c00013614760a01010001c0004d63446e28010c080004000800020c140002000000020000000000000000000000030c0c00"
	  "eb030100ec030000",
	 "raw:ip:tcp:tpkt:cotp:t125:t124:rdp", "RDP|ServerData Encryption: 128-bit RC4 (Client Compatible)"},
	{true, "0300000c02f08004010001000300000802f08028",
	 "raw:ip:tcp:tpkt:cotp:t125:tpkt:cotp:t125", "T.125|attachUserRequest "},
	{false, "0300000b02f0802e000006",
	 "raw:ip:tcp:tpkt:cotp:t125", "T.125|attachUserConfirm "},
	{true, "0300000c02f08038000603ef0300000c02f08038000603eb",
	 "raw:ip:tcp:tpkt:cotp:t125:tpkt:cotp:t125", "T.125|channelJoinRequest 1003"},
	{false, "0300000f02f0803e00000603eb03eb",
	 "raw:ip:tcp:tpkt:cotp:t125", "T.125|channelJoinConfirm 1003"},
	{false, "0300000d02f0803e02000603f0",
	 NULL, NULL},
	{true, "0300001e02f08064000603eb701001000000080000000001020304050607",
	 "raw:ip:tcp:tpkt:cotp:t125:rdp", "RDP|SecurityExchange"},
	{true, "0300002a02f08064000603eb701c480000001111111111111111000102030405060708090a0b0c0d0e0f",
	 "raw:ip:tcp:tpkt:cotp:t125:rdp", "RDP|ClientInfo, [Encrypted]"},
	{false, "0300002b02f08068000003eb701d800000002222222222222222ff03100007000000020000000400000000",
	 "raw:ip:tcp:tpkt:cotp:t125:rdp", "RDP|Error Alert"},
	{false, "0300002602f08068000003eb7018080000002222222222222222000102030405060708090a0b",
	 "raw:ip:tcp:tpkt:cotp:t125:rdp", "RDP|[Encrypted]"},
	{true, "0300002602f08064000603ec7018080000003333333333333333000102030405060708090a0b",
	 "raw:ip:tcp:tpkt:cotp:t125:rdp", "RDP|Virtual Channel PDU, [Encrypted]"},
	{true, "0300002002f08064000603eb70120000000033333333333333330600130001ea",
	 "raw:ip:tcp:tpkt:cotp:t125:rdp", "RDP|Confirm Active PDU"},
	{true, "0300000e02f08064000603eb7000",
	 "raw:ip:tcp:tpkt:cotp:t125:rdp", NULL},
	{true, "0300000902f0802180",
	 "raw:ip:tcp:tpkt:cotp:t125", "T.125|disconnectProviderUltimatum "},
};

static bool add_value(const struct fvalue *v, void *data)
{
	GString *s = data;
	g_string_append_printf(s, "%s%" G_GUINT64_FORMAT, s->len ? "," : "", v->u);
	return true;
}

/* The values of field ABBREV in the frame last dissected in K, "a,b". */
static const char *values_of(struct tcp_conn *k, const char *abbrev)
{
	static char buf[128];
	const struct proto_def *proto;
	const struct field_def *f = field_lookup(abbrev, &proto);
	g_assert_nonnull(f);
	g_autoptr(GString) s = g_string_new(NULL);
	field_values(&k->p, proto, f, add_value, s);
	g_strlcpy(buf, s->str, sizeof buf);
	return buf;
}

/* A whole connection with 128-bit RC4 at level Client Compatible: the
 * connect PDUs, domain PDUs two to a segment (the second nests, its Info
 * replaces the first's), licensing until the error alert, then encrypted
 * PDUs on the I/O channel (1003) and a virtual channel (1004). */
static void test_rdp_standard_security(void)
{
	struct tcp_conn *k = tcp_conn_new(49200, 3389);
	for (size_t i = 0; i < G_N_ELEMENTS(steps); i++) {
		tcp_conn_send_hex(k, steps[i].to_server, steps[i].hex);
		if (steps[i].stack)
			g_assert_cmpstr(k->stack, ==, steps[i].stack);
		if (steps[i].cols)
			g_assert_cmpstr(k->cols, ==, steps[i].cols);
		/* the server's data: encryption and I/O channel; the negotiation's
		 * fields only in the negotiation */
		if (i == 3) {
			g_assert_cmpstr(values_of(k, "rdp.encryptionMethod"), ==, "2");
			g_assert_cmpstr(values_of(k, "rdp.encryptionLevel"), ==, "2");
			g_assert_cmpstr(values_of(k, "rdp.MCSChannelId"), ==, "1003");
			g_assert_cmpstr(values_of(k, "rdp.neg_type"), ==, "");
		}
		if (i == 0)
			g_assert_cmpstr(values_of(k, "rdp.neg_type"), ==, "1");
	}
	tcp_conn_free(k);
}

/* Without the connect PDUs (a capture that starts later) no channel is
 * known to be RDP's: a send-data PDU shows its channel; an MCS PDU cut
 * short names nothing. */
static void test_rdp_midstream(void)
{
	struct tcp_conn *k = tcp_conn_new(49200, 3389);
	tcp_conn_send_hex(k, true, "0300002602f08064000603eb7018080000003333333333333333000102030405060708090a0b");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:tpkt:cotp:t125");
	g_assert_cmpstr(k->cols, ==, "T.125|1003");
	/* no data at all */
	tcp_conn_send_hex(k, true, "0300000e02f08064000603eb7000");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:tpkt:cotp:t125");
	g_assert_cmpstr(k->cols, ==, "T.125|1003");
	/* a channel join request one byte short */
	tcp_conn_send_hex(k, true, "0300000b02f08038000603");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:tpkt:cotp:t125");
	g_assert_true(k->p.flags & PKT_MALFORMED);
	g_assert_cmpstr(k->cols, ==, "T.125|[Malformed Packet]");
	/* COTP data that is no MCS PDU stays data */
	tcp_conn_send_hex(k, true, "0300000b02f080ffffffff");
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:tpkt:cotp:data");
	tcp_conn_free(k);
}

/* A connect PDU over two segments: the first shows only TCP's note, the
 * second the whole PDU. */
static void test_rdp_segments(void)
{
	struct tcp_conn *k = tcp_conn_new(49200, 3389);
	const char *ci = steps[2].hex;
	size_t cut = 200; /* hex digits: the first 100 bytes */
	char first[256];
	g_strlcpy(first, ci, cut + 1);
	tcp_conn_send_hex(k, true, first);
	g_assert_cmpstr(k->cols, ==, "TCP|[TCP segment of a reassembled PDU]");
	tcp_conn_send_hex(k, true, ci + cut);
	g_assert_cmpstr(k->cols, ==, "RDP|ClientData");
	g_assert_nonnull(strstr(k->stack, "tpkt:cotp:t125:t124:rdp"));
	tcp_conn_free(k);
}

/* TLS after the negotiation has no TPKT header: TPKT shows "Continuation". */
static void test_tpkt_continuation(void)
{
	struct tcp_conn *k = tcp_conn_new(49200, 3389);
	tcp_conn_send_hex(k, true, "1603010005010000010000");
	g_assert_cmpstr(k->cols, ==, "TPKT|Continuation");
	tcp_conn_free(k);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/rdp/standard_security", test_rdp_standard_security);
	g_test_add_func("/rdp/midstream", test_rdp_midstream);
	g_test_add_func("/rdp/segments", test_rdp_segments);
	g_test_add_func("/rdp/tpkt_continuation", test_tpkt_continuation);
	return g_test_run();
}
