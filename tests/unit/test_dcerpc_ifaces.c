/* Unit tests of the DCE/RPC interfaces named by their UUID
 * (dissect/dcerpc.c): a BIND over TCP names the interface of its
 * presentation context, and a whole request on that context is a layer of
 * the interface's protocol, as Wireshark's hierarchy shows it. */
#include <glib.h>
#include <string.h>

#include "tcp_conn_test.h"

/* A BIND of context 0 to the Event Logger (82273fdc-..., version 0) and to
 * the DFS namespace interface (4fc742e0-..., version 3). */
static const char bind_eventlog[] = "05000b03100000004800000001000000b810b810000000000100000000000100"
				    "dc3f27822ae3c3183f78827929dc23ea00000000"
				    "045d888aeb1cc9119fe808002b10486002000000";
static const char bind_netdfs[] = "05000b03100000004800000001000000b810b810000000000100000000000100"
				  "e042c74f104acf11827300aa004ae67303000000"
				  "045d888aeb1cc9119fe808002b10486002000000";
/* A request on context 0, opnum 0, 16 bytes of stub. */
static const char request[] = "05000003100000002800000002000000100000000000000000000000000000000000000000000000";

static void check(const char *bind, const char *stack)
{
	struct tcp_conn *k = tcp_conn_new(40000, 135);
	tcp_conn_send_hex(k, true, bind);
	g_assert_cmpstr(k->stack, ==, "raw:ip:tcp:dcerpc");
	tcp_conn_send_hex(k, true, request);
	g_assert_cmpstr(k->stack, ==, stack);
	tcp_conn_free(k);
}

static void test_ifaces(void)
{
	check(bind_eventlog, "raw:ip:tcp:dcerpc:eventlog");
	check(bind_netdfs, "raw:ip:tcp:dcerpc:netdfs");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/dcerpc/interfaces", test_ifaces);
	return g_test_run();
}
