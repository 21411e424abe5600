/* mkstream.c — writes a capture of one long TCP stream, for following a
 * stream bigger than the terminal UI keeps: 10.0.0.4 asks 192.0.2.10 on
 * port 5201 for a file with a 15-byte request ("GET /big HTTP\r\n") and
 * the server sends MIB mebibytes of numbered lines of 1024 bytes
 * ("line 000000000 " and letters up to the newline), 1408 bytes a
 * segment, the client acknowledging every tenth segment; then the client
 * closes.
 *
 *   mkstream DIR [MIB]     (writes DIR/stream.pcap; MIB 5 by default)
 */
#include <glib.h>

#include "tests/tools/lib/pgflow.h"

#define US(x) ((guint64)(x) * 1000)
#define MS(x) ((guint64)(x) * 1000000)
#define SEGMENT 1408 /* 44 lines */
#define LINE 1024

int main(int argc, char **argv)
{
	guint64 mib = 5;
	if (argc < 2 || argc > 3 ||
	    (argc == 3 && !g_ascii_string_to_unsigned(argv[2], 10, 1, 1024, &mib, NULL))) {
		g_printerr("usage: mkstream DIR [MIB]\n");
		return 2;
	}
	pf_outdir = argv[1];
	PfOut o;
	if (!pf_out_open_pcap(&o, "stream.pcap", PG_LINKTYPE_ETHERNET, 0))
		return 1;
	PgLink wan = pf_eth_link(PF_MAC_ROUTER);
	PfConn c;
	pf_conn_init(&c, &wan, 40400, 5201, 1000000u, 5000000u);
	pf_conn_v4(&c, PF_CLIENT, PF_SERVER_A);
	guint64 t = MS(1000);
	pf_syn(&o, &c, t, "SYN");
	pf_synack(&o, &c, t + MS(10), "SYN-ACK");
	pf_ack(&o, &c, TRUE, t + MS(11), "ACK");
	pf_data(&o, &c, TRUE, "GET /big HTTP\r\n", 15, t + MS(12), "request");
	t += MS(22);
	guint64 total = mib << 20;
	char seg[SEGMENT], line[LINE + 1];
	for (guint64 sent = 0, n = 0; sent < total; n++) {
		guint len = (guint)MIN((guint64)SEGMENT, total - sent);
		for (guint k = 0; k < len; k++) {
			guint64 at = sent + k;
			if (k == 0 || at % LINE == 0) {
				g_snprintf(line, sizeof line, "line %09" G_GUINT64_FORMAT " ", at / LINE);
				for (guint i = 15; i < LINE - 1; i++)
					line[i] = (char)('a' + i % 26);
				line[LINE - 1] = '\n';
			}
			seg[k] = line[at % LINE];
		}
		pf_data(&o, &c, FALSE, seg, len, t, "data");
		sent += len;
		t += US(20);
		if (n % 10 == 9)
			pf_ack(&o, &c, TRUE, t, "ACK");
	}
	pf_ack(&o, &c, TRUE, t + US(10), "ACK");
	pf_close_by_client(&o, &c, t + MS(5), MS(10), MS(1));
	return pf_out_close(&o) ? 0 : 1;
}
