/* mkjump.c — writes a capture in which one host's connection count jumps:
 * 10.0.0.4 opens two HTTPS connections a minute to 10.0.0.5 for twenty
 * minutes, and in the eleventh minute 150 more to 192.0.2.10 (each a
 * complete, short exchange).  `analyze findings` must name the jump, and
 * nothing else.
 *
 *   mkjump DIR      (writes DIR/jump.pcap)
 */
#include <glib.h>

#include "tests/tools/lib/pgflow.h"

#define SEC(x) ((guint64)(x) * PG_NS_PER_SEC)
#define MS(x) ((guint64)(x) * 1000000)

/* One short HTTPS-like exchange from the client at T. */
static void conn(PfOut *o, PgLink *l, guint16 cport, guint32 server, guint64 t)
{
	PfConn c;
	pf_conn_init(&c, l, cport, 443, 1000u * cport, 7000u * cport);
	pf_conn_v4(&c, PF_CLIENT, server);
	pf_syn(o, &c, t, "SYN");
	pf_synack(o, &c, t + MS(2), "SYN-ACK");
	pf_ack(o, &c, TRUE, t + MS(3), "ACK");
	pf_data(o, &c, TRUE, NULL, 200, t + MS(4), "request");
	pf_data(o, &c, FALSE, NULL, 900, t + MS(7), "answer");
	pf_close_by_client(o, &c, t + MS(10), MS(2), MS(1));
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		g_printerr("usage: mkjump DIR\n");
		return 2;
	}
	pf_outdir = argv[1];
	PfOut o;
	if (!pf_out_open_pcap(&o, "jump.pcap", PG_LINKTYPE_ETHERNET, 0))
		return 1;
	PgLink lan = pf_eth_link(PF_MAC_SERVER), wan = pf_eth_link(PF_MAC_ROUTER);
	guint16 port = 40000;
	for (guint m = 0; m < 20; m++) {
		conn(&o, &lan, port++, PF_SERVER_LAN, SEC(60 * m + 5));
		conn(&o, &lan, port++, PF_SERVER_LAN, SEC(60 * m + 35));
		if (m == 10)
			for (guint i = 0; i < 150; i++)
				conn(&o, &wan, port++, PF_SERVER_A, SEC(60 * m + 10) + MS(200 * i));
	}
	return pf_out_close(&o) ? 0 : 1;
}
