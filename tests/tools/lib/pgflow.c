/* pgflow.c — the output queue and the scripted TCP connections of the
 * sample tools (see pgflow.h).  Frames are copied into the queue when they
 * are finished and written sorted by time when the file is closed, so a tool
 * can script one connection after another and still get a time-ordered file.
 */
#include "tests/tools/lib/pgflow.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

gboolean pf_verbose;
const char *pf_outdir = "samples/gen";

static PgFrame shared_frame;     /* 64 KiB: static, reused by every file */

/* The name messages start with. */
static const char *prog(void)
{
	const char *p = g_get_prgname();
	return p != NULL ? p : "pgflow";
}

/* ------------------------------------------------------------ output */

void pf_out_init(PfOut *o, const char *name)
{
	memset(o, 0, sizeof *o);
	o->f = &shared_frame;
	o->name = name;
	o->recs = g_array_new(FALSE, FALSE, sizeof(PfRec));
}

gboolean pf_out_open_pcap(PfOut *o, const char *name, guint32 linktype, guint flags)
{
	g_autofree char *path = g_build_filename(pf_outdir, name, NULL);
	g_autoptr(GError) error = NULL;
	pf_out_init(o, name);
	o->w = pg_writer_open_pcap(path, linktype, 262144, flags, &error);
	if (o->w == NULL)
		g_printerr("%s: %s\n", prog(), error->message);
	return o->w != NULL;
}

gboolean pf_out_open_pcapng(PfOut *o, const char *name, const char *appl)
{
	g_autofree char *path = g_build_filename(pf_outdir, name, NULL);
	g_autoptr(GError) error = NULL;
	pf_out_init(o, name);
	o->w = pg_writer_open_pcapng(path, appl, &error);
	if (o->w == NULL)
		g_printerr("%s: %s\n", prog(), error->message);
	return o->w != NULL;
}

static gint rec_cmp(gconstpointer a, gconstpointer b)
{
	const PfRec *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Write the collected frames in time order and close the file. */
gboolean pf_out_close(PfOut *o)
{
	g_autoptr(GError) error = NULL;
	g_array_sort(o->recs, rec_cmp);
	for (guint i = 0; i < o->recs->len; i++) {
		PfRec *r = &g_array_index(o->recs, PfRec, i);
		guint64 ts = PF_T0 + r->t;
		pg_writer_write(o->w, r->iface, ts, r->bytes, r->len, r->len);
		if (pf_verbose)
			g_print("%s\t%u\t%" G_GUINT64_FORMAT ".%09" G_GUINT64_FORMAT "\t%s\n",
				o->name, i + 1, ts / PG_NS_PER_SEC, ts % PG_NS_PER_SEC, r->note);
		g_free(r->bytes);
	}
	g_array_free(o->recs, TRUE);
	if (!pg_writer_close(o->w, &error)) {
		g_printerr("%s: %s\n", prog(), error->message);
		return FALSE;
	}
	return !o->failed;
}

/* Finish the frame in o->f and queue it for time PF_T0 + `t`. */
void pf_emit(PfOut *o, guint64 t, const char *note)
{
	if (!pg_frame_finish(o->f)) {
		g_printerr("%s: %s: a frame does not fit\n", prog(), o->name);
		o->failed = TRUE;
		return;
	}
	PfRec r = { t, o->recs->len, o->iface, (guint)o->f->len,
		    g_memdup2(o->f->data, o->f->len), note };
	g_array_append_val(o->recs, r);
}

/* ------------------------------------------------------------ TCP flows */

void pf_conn_init(PfConn *c, const PgLink *link, guint16 cport, guint16 sport,
		  guint32 cisn, guint32 sisn)
{
	memset(c, 0, sizeof *c);
	c->link = link;
	c->cport = cport;
	c->sport = sport;
	c->cisn = cisn;
	c->sisn = sisn;
	c->cnxt = cisn;
	c->snxt = sisn;
	c->opts = TRUE;
	c->ipid = (guint16)(cisn >> 8);
}

/* Push the IP layer(s) of a frame of `c` from the client or the server. */
void pf_push_ip(PgFrame *f, PfConn *c, gboolean from_client)
{
	if (!c->v6) {
		PgIPv4 ip = { 0 };
		ip.src = from_client ? c->c4 : c->s4;
		ip.dst = from_client ? c->s4 : c->c4;
		ip.ttl = from_client ? 64 : 56;
		ip.id = c->ipid++;
		ip.df = TRUE;
		ip.opts = c->ip_opts;
		ip.opts_len = c->ip_opts_len;
		c->ip_opts = NULL;
		c->ip_opts_len = 0;
		pg_push_ipv4(f, &ip);
		return;
	}
	PgIPv6 ip = { 0 };
	memcpy(ip.src, from_client ? c->c6 : c->s6, 16);
	memcpy(ip.dst, from_client ? c->s6 : c->c6, 16);
	ip.hlim = from_client ? 64 : 56;
	ip.flow = from_client ? 0x12345 : 0x6789a;
	pg_push_ipv6(f, &ip);
	if (c->ext == PF_EXT_HBH_DST) {
		pg_push_ipv6_opts(f, PG_IPPROTO_HOPOPTS, NULL, 0);
		pg_push_ipv6_opts(f, PG_IPPROTO_DSTOPTS, NULL, 0);
	} else if (c->ext == PF_EXT_SRH_FRAG) {
		guint8 srh[20] = { 0 };          /* last entry 0, flags, tag, 1 segment */
		memcpy(srh + 4, ip.dst, 16);     /* segments left 0: at the final hop */
		pg_push_ipv6_routing(f, 4, 0, srh, sizeof srh);
		pg_push_ipv6_frag(f, 0, FALSE, 0x1000u + c->ipid++); /* atomic */
	}
}

/* Push the IP and TCP headers and payload of one segment of `c` (and the
 * link header when `with_link`).  `sack` adds SACK blocks; the payload is
 * `len` bytes of `bytes`, or a filler pattern when `bytes` is NULL. */
void pf_push_segment(PgFrame *f, PfConn *c, gboolean from_client, gboolean with_link,
		     guint8 flags, guint32 seq, guint32 ack, const void *bytes,
		     guint len, const PgTcpOpts *sack, guint64 t)
{
	PgTcpOpts to = PG_TCP_OPTS_NONE;
	guint8 optbuf[40];
	guint32 now_ms = (guint32)(t / 1000000);

	if (c->opts && !(flags & PG_TH_RST)) {
		to.ts = TRUE;
		to.tsval = (from_client ? 100000u : 700000u) + now_ms;
		to.tsecr = (flags & PG_TH_ACK) ? (from_client ? c->s_ts : c->c_ts) : 0;
		if (flags & PG_TH_SYN) {
			to.mss = 1460;
			to.sack_perm = TRUE;
			to.wscale = 7;
		}
		if (from_client)
			c->c_ts = to.tsval;
		else
			c->s_ts = to.tsval;
	}
	if (sack != NULL) {
		to.nsack = sack->nsack;
		memcpy(to.sack, sack->sack, sizeof to.sack);
	}
	PgTcp th = { 0 };
	th.sport = from_client ? c->cport : c->sport;
	th.dport = from_client ? c->sport : c->cport;
	th.seq = seq;
	th.ack = (flags & PG_TH_ACK) ? ack : 0;
	th.flags = flags;
	if (flags & PG_TH_SYN)
		th.window = from_client ? 64240 : 65160;
	else if (!(flags & PG_TH_RST))
		th.window = from_client ? 502 : 509;
	th.opts = optbuf;
	th.opts_len = pg_tcp_options(&to, optbuf);

	if (with_link)
		pg_push_link(f, c->link, from_client);
	pf_push_ip(f, c, from_client);
	pg_push_tcp(f, &th);
	guint8 *p = pg_push_data(f, bytes, len);
	if (bytes == NULL && p != NULL)
		for (guint i = 0; i < len; i++)
			p[i] = (guint8)('a' + i % 26);
}

/* Build and queue one TCP segment of `c` at `t`. */
void pf_seg(PfOut *o, PfConn *c, gboolean from_client, guint8 flags, guint32 seq,
	    guint32 ack, const void *bytes, guint len, const PgTcpOpts *sack,
	    guint64 t, const char *note)
{
	pg_frame_reset(o->f);
	pf_push_segment(o->f, c, from_client, TRUE, flags, seq, ack, bytes, len, sack, t);
	pf_emit(o, t, note);
}

void pf_syn(PfOut *o, PfConn *c, guint64 t, const char *note)
{
	pf_seg(o, c, TRUE, PG_TH_SYN, c->cisn, 0, NULL, 0, NULL, t, note);
	c->cnxt = c->cisn + 1;
}

void pf_synack(PfOut *o, PfConn *c, guint64 t, const char *note)
{
	pf_seg(o, c, FALSE, PG_TH_SYN | PG_TH_ACK, c->sisn, c->cnxt, NULL, 0, NULL, t, note);
	c->snxt = c->sisn + 1;
}

void pf_ack(PfOut *o, PfConn *c, gboolean from_client, guint64 t, const char *note)
{
	pf_seg(o, c, from_client, PG_TH_ACK, from_client ? c->cnxt : c->snxt,
	       from_client ? c->snxt : c->cnxt, NULL, 0, NULL, t, note);
}

void pf_data(PfOut *o, PfConn *c, gboolean from_client, const void *bytes, guint len,
	     guint64 t, const char *note)
{
	guint32 *nxt = from_client ? &c->cnxt : &c->snxt;
	pf_seg(o, c, from_client, PG_TH_PSH | PG_TH_ACK, *nxt, from_client ? c->snxt : c->cnxt,
	       bytes, len, NULL, t, note);
	*nxt += len;
}

void pf_fin(PfOut *o, PfConn *c, gboolean from_client, guint64 t, const char *note)
{
	guint32 *nxt = from_client ? &c->cnxt : &c->snxt;
	pf_seg(o, c, from_client, PG_TH_FIN | PG_TH_ACK, *nxt, from_client ? c->snxt : c->cnxt,
	       NULL, 0, NULL, t, note);
	*nxt += 1;
}

void pf_rst(PfOut *o, PfConn *c, gboolean from_client, guint64 t, const char *note)
{
	pf_seg(o, c, from_client, PG_TH_RST | PG_TH_ACK, from_client ? c->cnxt : c->snxt,
	       from_client ? c->snxt : c->cnxt, NULL, 0, NULL, t, note);
}

/* The client closes: FIN-ACK, the server's FIN-ACK after `rtt`, last ACK
 * after `cli`. */
void pf_close_by_client(PfOut *o, PfConn *c, guint64 t, guint64 rtt, guint64 cli)
{
	pf_fin(o, c, TRUE, t, "FIN-ACK (client)");
	pf_fin(o, c, FALSE, t + rtt, "FIN-ACK (server)");
	pf_ack(o, c, TRUE, t + rtt + cli, "ACK of FIN");
}

/* ------------------------------------------------------------ addresses */

const guint8 PF_MAC_CLIENT[6] = { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x04 };
const guint8 PF_MAC_SERVER[6] = { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x05 };
const guint8 PF_MAC_ROUTER[6] = { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x01 };

/* Ethernet seen from the client 10.0.0.4: remote peers are behind a router. */
PgLink pf_eth_link(const guint8 peer[6])
{
	PgLink l = { 0 };
	l.linktype = PG_LINKTYPE_ETHERNET;
	memcpy(l.mac_a, PF_MAC_CLIENT, 6);
	memcpy(l.mac_b, peer, 6);
	return l;
}

void pf_ip6(guint8 out[16], guint16 prefix0, guint16 host)
{
	memset(out, 0, 16);
	out[0] = (guint8)(prefix0 >> 8);
	out[1] = (guint8)prefix0;
	out[2] = 0x0d;
	out[3] = 0xb8;
	out[14] = (guint8)(host >> 8);
	out[15] = (guint8)host;
}

void pf_conn_v4(PfConn *c, guint32 cli, guint32 srv)
{
	c->c4 = cli;
	c->s4 = srv;
}

void pf_conn_v6(PfConn *c, guint16 cli, guint16 srv)
{
	c->v6 = TRUE;
	pf_ip6(c->c6, 0x2001, cli);
	pf_ip6(c->s6, 0x2001, srv);
}

int pf_main(int argc, char **argv, const char *file, guint32 linktype, void (*build)(PfOut *o))
{
	GOptionEntry entries[] = {
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &pf_verbose,
		  "print file, frame number, time and role of every frame", NULL },
		G_OPTION_ENTRY_NULL
	};
	g_autofree char *usage = g_strdup_printf("[DIR] - write %s (default samples/gen)", file);
	g_autoptr(GOptionContext) ctx = g_option_context_new(usage);
	g_autoptr(GError) error = NULL;
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc > 2) {
		g_printerr("%s: %s\n", prog(), error != NULL ? error->message : "too many arguments");
		return 2;
	}
	if (argc == 2)
		pf_outdir = argv[1];
	if (g_mkdir_with_parents(pf_outdir, 0755) != 0) {
		g_printerr("%s: cannot create '%s': %s\n", prog(), pf_outdir, g_strerror(errno));
		return 1;
	}
	PfOut o;
	if (!pf_out_open_pcap(&o, file, linktype, 0))
		return 1;
	build(&o);
	return pf_out_close(&o) ? 0 : 1;
}

void pf_udp(PfOut *o, const PfHost *s, const PfHost *d, guint8 ttl, guint16 id, guint16 sport, guint16 dport,
	    const void *b, gsize n, guint64 t, const char *note)
{
	PgIPv4 ip = { 0 };
	ip.src = s->ip;
	ip.dst = d->ip;
	ip.ttl = ttl;
	ip.id = id;
	pg_frame_reset(o->f);
	pg_push_eth(o->f, d->mac, s->mac);
	pg_push_ipv4(o->f, &ip);
	pg_push_udp(o->f, sport, dport);
	pg_push_data(o->f, b, n);
	pf_emit(o, t, note);
}
