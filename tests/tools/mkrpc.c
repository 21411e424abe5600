/* mkrpc.c — writes samples/gen/portmap.pcap: ONC RPC (RFC 5531) over TCP
 * with record marking cut every way a stream can cut it, and over UDP; the
 * golden sample of RPC framing, portmap and the program names
 * (samples/gen/ANSWERS.md lists what Wireshark shows).
 *
 *     mkrpc [-v] [DIR]            (DIR defaults to samples/gen)
 *
 * Ethernet, IPv4, pcap µs, every checksum correct.  The client is 10.0.0.4,
 * the RPC server 10.0.0.5.
 *   1 s   TCP 40001 -> 111: GETPORT calls and replies, several records in
 *         one segment, records straddling segments, records in fragments
 *         (in one segment, across two, in three), a reply whose call was
 *         never seen, and last a record mark cut by a segment's end
 *   2 s   TCP 40002 -> 111: 10 000 NULL calls, never answered, in 1200-byte
 *         segments (27 or 28 records each, one straddling each boundary)
 *   3 s   UDP 900 -> 111: GETPORT and NULL, answered; a call to a program
 *         with no name
 *   4 s   a probe of RPC programs as `nmap -sR` makes it: NULL calls to many
 *         program numbers over TCP to port 32771 and over UDP to port 32772,
 *         answered "program unavailable" but for the one that is there
 *   5 s   UDP 901 -> 111: a call sent again, its reply sent again
 */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tests/tools/lib/pgflow.h"
#include "tests/tools/lib/pktgen.h"

#define SEC(x) ((guint64)(x) * PG_NS_PER_SEC)
#define US(x) ((guint64)(x) * 1000)
#define RTT US(200)

enum { PMAP = 100000, NFS = 100003, MOUNT = 100005, NLM = 100021, STATUS = 100024 };
enum { GETPORT = 3, IPPROTO_TCP_ = 6, IPPROTO_UDP_ = 17 };
enum { SUCCESS = 0, PROG_UNAVAIL = 1, PROG_MISMATCH = 2 };

static const guint8 MAC_SERVER[6] = { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x05 };

/* ------------------------------------------------------------ messages */

static void put32(GByteArray *b, guint32 v)
{
	guint8 x[4] = { (guint8)(v >> 24), (guint8)(v >> 16), (guint8)(v >> 8), (guint8)v };
	g_byte_array_append(b, x, 4);
}

/* A call with AUTH_NULL credentials and verifier, no arguments yet. */
static GByteArray *call(guint32 xid, guint32 prog, guint32 vers, guint32 proc)
{
	GByteArray *b = g_byte_array_new();
	guint32 w[] = { xid, 0, 2, prog, vers, proc, 0, 0, 0, 0 };
	for (guint i = 0; i < G_N_ELEMENTS(w); i++)
		put32(b, w[i]);
	return b;
}

/* GETPORT's arguments: the mapping asked for. */
static GByteArray *getport(guint32 xid, guint32 prog, guint32 vers, guint32 prot)
{
	GByteArray *b = call(xid, PMAP, 2, GETPORT);
	put32(b, prog);
	put32(b, vers);
	put32(b, prot);
	put32(b, 0);
	return b;
}

/* An accepted reply with an AUTH_NULL verifier and accept state STAT. */
static GByteArray *reply(guint32 xid, guint32 stat)
{
	GByteArray *b = g_byte_array_new();
	guint32 w[] = { xid, 1, 0, 0, 0, stat };
	for (guint i = 0; i < G_N_ELEMENTS(w); i++)
		put32(b, w[i]);
	return b;
}

static GByteArray *reply_port(guint32 xid, guint32 port)
{
	GByteArray *b = reply(xid, SUCCESS);
	put32(b, port);
	return b;
}

/* Adds message M (freed) to stream S as one record: a single fragment, or
 * two when SPLIT (the bytes of M in the first). */
static void record(GByteArray *s, GByteArray *m, guint split)
{
	if (split && split < m->len) {
		put32(s, split);
		g_byte_array_append(s, m->data, split);
		put32(s, 0x80000000u | (m->len - split));
		g_byte_array_append(s, m->data + split, m->len - split);
	} else {
		put32(s, 0x80000000u | m->len);
		g_byte_array_append(s, m->data, m->len);
	}
	g_byte_array_unref(m);
}

/* ------------------------------------------------------------ TCP */

static void handshake(PfOut *o, PfConn *c, const PgLink *l, guint16 cport, guint16 sport, guint n, guint64 t)
{
	pf_conn_init(c, l, cport, sport, 1000000000u + n * 100000000u, 2000000000u + n * 100000000u);
	pf_conn_v4(c, PF_CLIENT, PF_SERVER_LAN);
	pf_syn(o, c, t, "SYN");
	pf_synack(o, c, t + RTT, "SYN-ACK");
	pf_ack(o, c, TRUE, t + RTT + US(20), "ACK (handshake)");
}

/* Sends stream S in segments of the sizes in CUT (0-terminated; the last
 * segment takes what is left), from the client or the server, US(10)
 * apart from *T on. */
static void send_cut(PfOut *o, PfConn *c, gboolean from_client, GByteArray *s, const guint *cut, guint64 *t,
		     const char *note)
{
	guint off = 0;
	for (guint i = 0; off < s->len; i++) {
		guint n = cut[i] && cut[i] < s->len - off ? cut[i] : s->len - off;
		pf_data(o, c, from_client, s->data + off, n, *t, note);
		off += n;
		*t += US(10);
	}
	g_byte_array_unref(s);
}

static const guint whole[] = { 0 }; /* one segment */

/* Connection 1, first: one call, several in a segment, straddling ones. */
static void lookups_whole(PfOut *o, PfConn *c0, guint64 *t0)
{
	PfConn c = *c0;
	guint64 t = *t0;

	/* one call, one reply */
	GByteArray *s = g_byte_array_new();
	record(s, getport(0x1001, NFS, 3, IPPROTO_TCP_), 0);
	send_cut(o, &c, TRUE, s, whole, &t, "GETPORT NFS");
	s = g_byte_array_new();
	record(s, reply_port(0x1001, 2049), 0);
	send_cut(o, &c, FALSE, s, whole, &t, "GETPORT reply");

	/* three calls in one segment, three replies in one segment */
	s = g_byte_array_new();
	record(s, getport(0x1002, MOUNT, 3, IPPROTO_UDP_), 0);
	record(s, getport(0x1003, NLM, 4, IPPROTO_TCP_), 0);
	record(s, call(0x1004, PMAP, 2, 0), 0);
	send_cut(o, &c, TRUE, s, whole, &t, "three calls");
	s = g_byte_array_new();
	record(s, reply_port(0x1002, 635), 0);
	record(s, reply_port(0x1003, 4045), 0);
	record(s, reply(0x1004, SUCCESS), 0);
	send_cut(o, &c, FALSE, s, whole, &t, "three replies");

	/* a call cut after 14 bytes; the next segment ends it, holds a whole
	 * call and the first 30 bytes of a third; the last ends that */
	s = g_byte_array_new();
	record(s, getport(0x1005, STATUS, 1, IPPROTO_UDP_), 0);
	record(s, call(0x1006, PMAP, 2, 0), 0);
	record(s, getport(0x1007, 100011, 1, IPPROTO_UDP_), 0);
	static const guint straddle[] = { 14, 46 + 44 + 30, 0 };
	send_cut(o, &c, TRUE, s, straddle, &t, "straddling calls");
	s = g_byte_array_new();
	record(s, reply_port(0x1005, 1011), 0);
	record(s, reply(0x1006, SUCCESS), 0);
	record(s, reply_port(0x1007, 0), 0);
	static const guint reply_cut[] = { 30, 0 };
	send_cut(o, &c, FALSE, s, reply_cut, &t, "straddling replies");
	*c0 = c;
	*t0 = t;
}

/* Connection 1, then: records in fragments, a reply to no call, a record
 * mark cut by a segment's end. */
static void lookups_fragments(PfOut *o, PfConn *c0, guint64 *t0)
{
	PfConn c = *c0;
	guint64 t = *t0;
	GByteArray *s;

	/* a record in two fragments in one segment; another in two fragments
	 * that arrive in two segments; a third in three fragments, the last
	 * straddling two segments */
	s = g_byte_array_new();
	record(s, getport(0x1008, 100004, 2, IPPROTO_TCP_), 20);
	send_cut(o, &c, TRUE, s, whole, &t, "two fragments");
	s = g_byte_array_new();
	record(s, getport(0x1009, 100007, 2, IPPROTO_UDP_), 40);
	static const guint frag_cut[] = { 44, 0 };
	send_cut(o, &c, TRUE, s, frag_cut, &t, "fragments in two segments");
	s = g_byte_array_new();
	GByteArray *m = getport(0x100a, 100021, 4, IPPROTO_UDP_);
	guint32 mark1 = 24, mark2 = 24, mark3 = 0x80000000u | (m->len - 48);
	for (guint k = 0; k < 3; k++) {
		put32(s, k == 0 ? mark1 : k == 1 ? mark2 : mark3);
		g_byte_array_append(s, m->data + 24 * k, k < 2 ? 24 : m->len - 48);
	}
	g_byte_array_unref(m);
	static const guint three_cut[] = { 4 + 24 + 4 + 24 + 6, 0 };
	send_cut(o, &c, TRUE, s, three_cut, &t, "three fragments");
	s = g_byte_array_new();
	record(s, reply_port(0x1008, 0), 0);
	record(s, reply_port(0x1009, 0), 0);
	record(s, reply_port(0x100a, 4045), 0);
	send_cut(o, &c, FALSE, s, whole, &t, "replies to the fragmented calls");

	/* a reply to a call never seen */
	s = g_byte_array_new();
	record(s, reply_port(0x0bad, 2049), 0);
	send_cut(o, &c, FALSE, s, whole, &t, "reply without a call");

	/* a record mark cut by the end of a segment: it is not followed, and
	 * the next segment is read as a record of its own whose "mark" asks for
	 * megabytes (so the rest of the direction waits for them) */
	s = g_byte_array_new();
	record(s, call(0x100b, PMAP, 2, 0), 0);
	record(s, getport(0x100c, NFS, 3, IPPROTO_TCP_), 0);
	record(s, call(0x100d, PMAP, 2, 0), 0);
	static const guint mark_cut[] = { 44 + 2, 58, 0 };
	send_cut(o, &c, TRUE, s, mark_cut, &t, "a record mark cut");
	s = g_byte_array_new();
	record(s, reply(0x100b, SUCCESS), 0);
	send_cut(o, &c, FALSE, s, whole, &t, "NULL reply");
	*c0 = c;
	*t0 = t;
}

/* Connection 1: portmap lookups, framed every way. */
static void mk_lookups(PfOut *o, const PgLink *l)
{
	PfConn c;
	guint64 t = SEC(1);
	handshake(o, &c, l, 40001, 111, 0, t);
	t += RTT + US(100);
	lookups_whole(o, &c, &t);
	lookups_fragments(o, &c, &t);
	pf_ack(o, &c, TRUE, t, "ACK");
	pf_close_by_client(o, &c, t + US(100), RTT, US(20));
}

/* Connection 2: a flood of NULL calls nobody answers. */
static void mk_flood(PfOut *o, const PgLink *l)
{
	PfConn c;
	guint64 t = SEC(2);
	handshake(o, &c, l, 40002, 111, 1, t);
	t += RTT + US(100);
	GByteArray *s = g_byte_array_new();
	for (guint32 i = 0; i < 10000; i++)
		record(s, call(0x20000000u + i, PMAP, 2, 0), 0);
	guint off = 0;
	for (guint k = 0; off < s->len; k++) {
		guint n = MIN(1200u, s->len - off);
		pf_data(o, &c, TRUE, s->data + off, n, t, "NULL calls");
		off += n;
		t += US(10);
		if (k % 16 == 15)
			pf_ack(o, &c, FALSE, t, "ACK");
	}
	g_byte_array_unref(s);
	pf_ack(o, &c, FALSE, t, "ACK");
	pf_close_by_client(o, &c, t + US(100), RTT, US(20));
}

/* ------------------------------------------------------------ UDP */

static guint16 ipid = 0x3000;

static void udp(PfOut *o, gboolean from_client, guint16 cport, guint16 sport, GByteArray *m, guint64 t,
		const char *note)
{
	PgIPv4 ip = { 0 };
	ip.src = from_client ? PF_CLIENT : PF_SERVER_LAN;
	ip.dst = from_client ? PF_SERVER_LAN : PF_CLIENT;
	ip.ttl = 64;
	ip.id = ipid++;
	pg_frame_reset(o->f);
	pg_push_eth(o->f, from_client ? MAC_SERVER : PF_MAC_CLIENT, from_client ? PF_MAC_CLIENT : MAC_SERVER);
	pg_push_ipv4(o->f, &ip);
	pg_push_udp(o->f, from_client ? cport : sport, from_client ? sport : cport);
	pg_push_data(o->f, m->data, m->len);
	pf_emit(o, t, note);
	g_byte_array_unref(m);
}

static void mk_udp(PfOut *o)
{
	guint64 t = SEC(3);
	udp(o, TRUE, 900, 111, getport(0x3001, NFS, 3, IPPROTO_UDP_), t, "UDP GETPORT");
	udp(o, FALSE, 900, 111, reply_port(0x3001, 2049), t + RTT, "UDP GETPORT reply");
	udp(o, TRUE, 900, 111, call(0x3002, PMAP, 2, 0), t + US(1000), "UDP NULL");
	udp(o, FALSE, 900, 111, reply(0x3002, SUCCESS), t + US(1200), "UDP NULL reply");
	udp(o, TRUE, 900, 111, call(0x3003, 395001, 1, 0), t + US(2000), "UDP NULL, a program with no name");
	udp(o, FALSE, 900, 111, reply(0x3003, PROG_UNAVAIL), t + US(2200), "UDP program unavailable");
}

/* ------------------------------------------------------------ the probe */

/* Program numbers the probe tries, as nmap's list of RPC programs holds
 * them; the server has STATUS. */
static const guint32 probe_progs[] = {
	100000, 100001, 100002, 100003, 100004, 100005, 100007, 100008, 100009, 100011, 100012, 100021,
	100024, 100026, 100068, 100083, 100099, 100133, 100221, 100227, 100232, 100233, 100235, 100249,
	100300, 150001, 300019, 390113, 805306368, 1073741824,
};

/* A reply to the probe of PROG: the program, or "unavailable". */
static GByteArray *probe_reply(guint32 xid, guint32 prog)
{
	if (prog != STATUS)
		return reply(xid, PROG_UNAVAIL);
	GByteArray *b = reply(xid, PROG_MISMATCH);
	put32(b, 1);
	put32(b, 1);
	return b;
}

static void mk_probe(PfOut *o, const PgLink *l)
{
	PfConn c;
	guint64 t = SEC(4);
	handshake(o, &c, l, 40003, 32771, 2, t);
	t += RTT + US(100);
	for (guint i = 0; i < G_N_ELEMENTS(probe_progs); i++) {
		guint32 xid = 0x4000 + i;
		GByteArray *s = g_byte_array_new();
		record(s, call(xid, probe_progs[i], 0x1234567u, 0), 0);
		send_cut(o, &c, TRUE, s, whole, &t, "probe");
		s = g_byte_array_new();
		record(s, probe_reply(xid, probe_progs[i]), 0);
		send_cut(o, &c, FALSE, s, whole, &t, "probe reply");
	}
	pf_ack(o, &c, TRUE, t, "ACK");
	pf_close_by_client(o, &c, t + US(100), RTT, US(20));
	t += SEC(1) / 2;
	for (guint i = 0; i < G_N_ELEMENTS(probe_progs); i++) {
		guint32 xid = 0x5000 + i;
		udp(o, TRUE, 40004, 32772, call(xid, probe_progs[i], 0x1234567u, 0), t, "UDP probe");
		udp(o, FALSE, 40004, 32772, probe_reply(xid, probe_progs[i]), t + US(50), "UDP probe reply");
		t += US(100);
	}
}

/* A call sent again before its reply, and the reply sent again. */
static void mk_again(PfOut *o)
{
	guint64 t = SEC(5);
	udp(o, TRUE, 901, 111, getport(0x6001, MOUNT, 3, IPPROTO_UDP_), t, "UDP GETPORT");
	udp(o, TRUE, 901, 111, getport(0x6001, MOUNT, 3, IPPROTO_UDP_), t + SEC(1), "the call again");
	udp(o, FALSE, 901, 111, reply_port(0x6001, 635), t + SEC(1) + RTT, "the reply");
	udp(o, FALSE, 901, 111, reply_port(0x6001, 635), t + SEC(1) + 2 * RTT, "the reply again");
}

static gboolean mk_portmap(void)
{
	PfOut o;
	if (!pf_out_open_pcap(&o, "portmap.pcap", PG_LINKTYPE_ETHERNET, 0))
		return FALSE;
	PgLink l = pf_eth_link(MAC_SERVER);
	mk_lookups(&o, &l);
	mk_flood(&o, &l);
	mk_udp(&o);
	mk_probe(&o, &l);
	mk_again(&o);
	return pf_out_close(&o);
}

int main(int argc, char **argv)
{
	GOptionEntry entries[] = {
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &pf_verbose,
		  "print file, frame number, time and role of every frame", NULL },
		G_OPTION_ENTRY_NULL
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("[DIR] - write portmap.pcap (default samples/gen)");
	g_autoptr(GError) error = NULL;
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc > 2) {
		g_printerr("mkrpc: %s\n", error != NULL ? error->message : "too many arguments");
		return 2;
	}
	if (argc == 2)
		pf_outdir = argv[1];
	if (g_mkdir_with_parents(pf_outdir, 0755) != 0) {
		g_printerr("mkrpc: cannot create '%s': %s\n", pf_outdir, g_strerror(errno));
		return 1;
	}
	return mk_portmap() ? 0 : 1;
}
