/* mkdamaged.c — writes damaged.pcap: DNS and UDP datagrams that end before
 * their own lengths say, each way a dissector can run out of bytes, for the
 * golden tests of the exceptions (dissect/packet.h).
 *
 *   mkdamaged DIR      (writes DIR/damaged.pcap)
 *
 * Ethernet, IPv4, pcap µs, snap length 65535.  10.0.0.4 asks 10.0.0.5
 * (port 53) for example.test:
 *   1  a whole query: nothing to say
 *   2  a query whose header counts one additional record that is not
 *      there: the message runs past the datagram (malformed, DNS)
 *   3  frame 1 cut by the capture 4 bytes before its end: short
 *   4  a datagram whose UDP length says 200 bytes past the IP payload: UDP
 *      says so and goes on (no exception)
 *   5  a first IP fragment, the frame shorter than its total length, whose
 *      message goes on past the frame: unreassembled
 *   6  a UDP length of 4, below the header's 8: said, no exception
 *   7  frame 1 cut by the capture 3 bytes into the message: DNS stops at
 *      its ID and flags, before it shows a line (short under UDP)
 *   8  a datagram of 2 bytes to port 53: the same, past the datagram's
 *      end (malformed under UDP)
 */
#include <glib.h>
#include <string.h>

#include "tests/tools/lib/pktgen.h"

#define SEC(x) ((guint64)(x) * PG_NS_PER_SEC)

static const guint8 MAC_CLIENT[6] = {0x02, 0x00, 0x0a, 0x00, 0x00, 0x04};
static const guint8 MAC_SERVER[6] = {0x02, 0x00, 0x0a, 0x00, 0x00, 0x05};

/* A standard query for example.test A with ID and the additional count AR;
 * returns its length in OUT. */
static gsize dns_query(guint8 *out, guint16 id, guint16 ar)
{
	static const guint8 q[] = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1};
	guint8 h[12] = {(guint8)(id >> 8), (guint8)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, (guint8)(ar >> 8), (guint8)ar};
	memcpy(out, h, sizeof h);
	memcpy(out + sizeof h, q, sizeof q);
	return sizeof h + sizeof q;
}

/* An Ethernet/IPv4/UDP frame 40000 -> DPORT carrying PAYLOAD (N bytes). */
static gboolean udp_frame(PgFrame *f, guint16 dport, const guint8 *payload, gsize n, gboolean mf, guint16 id)
{
	pg_frame_reset(f);
	pg_push_eth(f, MAC_SERVER, MAC_CLIENT);
	PgIPv4 ip = {.src = PG_IP4(10, 0, 0, 4), .dst = PG_IP4(10, 0, 0, 5), .ttl = 64, .id = id, .mf = mf};
	pg_push_ipv4(f, &ip);
	pg_push_udp(f, 40000, dport);
	pg_push_data(f, payload, n);
	return pg_frame_finish(f);
}

static void set_udp_length(PgFrame *f, guint16 len)
{
	f->data[14 + 20 + 4] = (guint8)(len >> 8);
	f->data[14 + 20 + 5] = (guint8)len;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		g_printerr("usage: mkdamaged DIR\n");
		return 2;
	}
	g_autofree char *path = g_build_filename(argv[1], "damaged.pcap", NULL);
	g_autoptr(GError) error = NULL;
	PgWriter *w = pg_writer_open_pcap(path, PG_LINKTYPE_ETHERNET, 65535, 0, &error);
	if (!w) {
		g_printerr("mkdamaged: %s\n", error->message);
		return 1;
	}
	static PgFrame f;
	guint8 m[64];
	gboolean ok = TRUE;
	guint64 t = SEC(1700000000);

	gsize n = dns_query(m, 0x1001, 0);
	ok = ok && udp_frame(&f, 53, m, n, FALSE, 1) && pg_writer_write(w, 0, t + SEC(1), f.data, f.len, f.len);
	n = dns_query(m, 0x1002, 1);
	ok = ok && udp_frame(&f, 53, m, n, FALSE, 2) && pg_writer_write(w, 0, t + SEC(2), f.data, f.len, f.len);
	n = dns_query(m, 0x1003, 0);
	ok = ok && udp_frame(&f, 53, m, n, FALSE, 3) &&
	     pg_writer_write(w, 0, t + SEC(3), f.data, (guint32)f.len - 4, f.len);
	static const guint8 junk[16] = {0xde, 0xad, 0xbe, 0xef};
	ok = ok && udp_frame(&f, 40001, junk, sizeof junk, FALSE, 4);
	set_udp_length(&f, (guint16)(8 + sizeof junk + 200));
	ok = ok && pg_writer_write(w, 0, t + SEC(4), f.data, f.len, f.len);
	/* the first fragment holds the header and counts two questions; the
	 * datagram (IP's total length, UDP's length) goes on past the frame */
	n = dns_query(m, 0x1005, 0);
	m[5] = 2;
	ok = ok && udp_frame(&f, 53, m, n, TRUE, 5);
	set_udp_length(&f, (guint16)(8 + 2 * n));
	f.data[14 + 2] = 0, f.data[14 + 3] = (guint8)(20 + 8 + 2 * n);
	ok = ok && pg_writer_write(w, 0, t + SEC(5), f.data, f.len, f.len);
	ok = ok && udp_frame(&f, 40001, junk, sizeof junk, FALSE, 6);
	set_udp_length(&f, 4);
	ok = ok && pg_writer_write(w, 0, t + SEC(6), f.data, f.len, f.len);
	n = dns_query(m, 0x1007, 0);
	ok = ok && udp_frame(&f, 53, m, n, FALSE, 7) &&
	     pg_writer_write(w, 0, t + SEC(7), f.data, 14 + 20 + 8 + 3, f.len);
	ok = ok && udp_frame(&f, 53, m, 2, FALSE, 8) && pg_writer_write(w, 0, t + SEC(8), f.data, f.len, f.len);
	if (!pg_writer_close(w, &error) || !ok) {
		g_printerr("mkdamaged: %s\n", error ? error->message : "a frame did not build");
		return 1;
	}
	return 0;
}
