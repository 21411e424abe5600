/* gencap.c — writes the benchmark capture: about 1 GB, 3 million frames,
 * 250 000 TCP connections (by default) of a realistic mix, as a microsecond
 * pcap on Ethernet.
 *
 *     gencap [-s SEED] [-n CONNECTIONS] [-o FILE]
 *
 * The vantage point is a tap between ~2000 clients (10.16/16, some on
 * 802.1Q VLANs, some with IPv6) and ~300 servers on their usual ports.  For
 * every TCP connection SYN -> SYN-ACK is the tap-to-server round trip (drawn
 * from that server's own distribution, so per-server medians differ) and
 * SYN-ACK -> ACK the tap-to-client one.  Some SYNs are retransmitted, some
 * refused (RST-ACK), some never answered; data flows in slow-start bursts
 * with delayed ACKs and ends with a FIN close.  DNS, NTP, DHT-like UDP on
 * 6881, pings and ARP fill the gaps.
 *
 * How: every flow is scripted in full when it starts, as compact events
 * (time, slot, seq, ack, length, flags) pushed on a min-heap; frames are
 * built from the events in time order into one reused PgFrame, so the bulk
 * path allocates nothing per packet.  The same seed gives the same bytes.
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tests/tools/lib/pktgen.h"

#define NCLIENTS 2000
#define NSERVERS 300
#define T0_SEC G_GUINT64_CONSTANT(1700000000)
#define US(x) ((guint64)(x) * 1000)
#define MS(x) ((guint64)(x) * 1000000)
#define TCP_RATE 300.0           /* TCP connections started per second */

/* ------------------------------------------------------------- random */

/* xoshiro256** (Blackman & Vigna): small, fast and the same everywhere. */
static guint64 rs[4];

static guint64 rotl(guint64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static guint64 rnd(void)
{
	guint64 r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;
	rs[2] ^= rs[0];
	rs[3] ^= rs[1];
	rs[1] ^= rs[2];
	rs[0] ^= rs[3];
	rs[2] ^= t;
	rs[3] = rotl(rs[3], 45);
	return r;
}

static void rnd_seed(guint64 seed)
{
	for (int i = 0; i < 4; i++) {               /* splitmix64 */
		guint64 z = (seed += G_GUINT64_CONSTANT(0x9e3779b97f4a7c15));
		z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xbf58476d1ce4e5b9);
		z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94d049bb133111eb);
		rs[i] = z ^ (z >> 31);
	}
}

static double unif(void)                         /* [0, 1) */
{
	return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0);
}

static guint32 below(guint32 n)                  /* [0, n) */
{
	return (guint32)(((rnd() >> 32) * n) >> 32);
}

static guint32 range(guint32 lo, guint32 hi)     /* [lo, hi] */
{
	return lo + below(hi - lo + 1);
}

static double normal(void)
{
	double u = unif() + 1e-12, v = unif();
	return sqrt(-2.0 * log(u)) * cos(2.0 * G_PI * v);
}

/* Log-normal with the given median: exp(N(ln median, sigma)). */
static double lognormal(double median, double sigma)
{
	return median * exp(sigma * normal());
}

static double expo(double mean)
{
	return -mean * log(1.0 - unif());
}

/* --------------------------------------------------------------- hosts */

/* Services: port, share of the connections, number of servers, and how a
 * connection talks (see talk()). */
typedef enum { P_TLS, P_HTTP, P_SSH, P_RDP, P_SMB, P_RPC, P_DNS, P_SQL, P_IPERF } Proto;

typedef struct {
	guint16 port;
	double share;                /* of all TCP connections */
	guint nservers;
	Proto proto;
} Service;

static const Service services[] = {
	{ 443, 0.52, 150, P_TLS },  { 80, 0.11, 35, P_HTTP },  { 8080, 0.05, 12, P_HTTP },
	{ 8443, 0.03, 8, P_TLS },   { 22, 0.02, 20, P_SSH },   { 3389, 0.02, 10, P_RDP },
	{ 445, 0.05, 10, P_SMB },   { 111, 0.03, 8, P_RPC },   { 53, 0.05, 6, P_DNS },
	{ 3306, 0.06, 12, P_SQL },  { 5432, 0.05, 26, P_SQL }, { 5201, 0.0001, 3, P_IPERF },
};
#define NSERVICES G_N_ELEMENTS(services)

/* Round-trip shapes of a server's leg. */
typedef enum { R_LAN, R_NEAR, R_FAR, R_BIMODAL, R_TAIL } RttShape;

typedef struct {
	guint32 ip4;
	guint8 ip6[16];
	gboolean has6;
	guint svc;                   /* index into services[] */
	RttShape shape;
	double median, median2;      /* seconds; median2 for the bimodal shape */
	double sigma;
	double weight;               /* popularity within its service */
} Server;

typedef struct {
	guint32 ip4;
	guint8 ip6[16];
	gboolean has6;
	guint8 mac[6];
	guint16 vlan;                /* 0: untagged */
	gboolean windows;            /* Windows options: no timestamps, WS 8 */
	double median, sigma;        /* client leg, seconds */
} Client;

static Server servers[NSERVERS];
static Client clients[NCLIENTS];
static guint svc_first[NSERVICES];   /* first server index of each service */
static double svc_cum[NSERVICES];    /* cumulative shares */
static const guint8 MAC_ROUTER[6] = { 0x00, 0x1c, 0x73, 0x10, 0x00, 0x01 };

static guint32 public_ip4(void)
{
	static const guint8 first[] = { 13, 20, 23, 31, 34, 35, 40, 52, 63, 91, 104,
					142, 151, 157, 172, 185, 199, 203, 212 };
	return ((guint32)first[below(sizeof first)] << 24) | (range(1, 254) << 16) |
	       (below(256) << 8) | range(1, 254);
}

static void make_server(Server *s, guint svc, guint i)
{
	s->svc = svc;
	s->weight = 1.0 / pow((double)(i + 1), 0.9);   /* Zipf-like popularity */
	double u = unif();
	if (u < 0.15 || services[svc].proto == P_SQL || services[svc].proto == P_IPERF) {
		s->shape = R_LAN;
		s->median = 0.0002 + unif() * 0.0015;
		s->sigma = 0.25;
		s->ip4 = PG_IP4(10, 200, 0, 0) | (range(1, 254) << 8) | range(1, 254);
	} else {
		s->shape = u < 0.55 ? R_NEAR : u < 0.8 ? R_FAR : u < 0.9 ? R_BIMODAL : R_TAIL;
		s->median = s->shape == R_FAR ? 0.070 + unif() * 0.120 : 0.004 + unif() * 0.040;
		s->median2 = s->median * (2.0 + unif() * 3.0);
		s->sigma = s->shape == R_FAR ? 0.05 : 0.12;
		s->ip4 = public_ip4();
	}
	s->has6 = s->shape != R_LAN && unif() < 0.45;
	static const guint8 pre[6] = { 0x20, 0x01, 0x0d, 0xb8 };
	memcpy(s->ip6, pre, 4);
	s->ip6[5] = (guint8)i;
	s->ip6[4] = (guint8)(i >> 8);
	s->ip6[15] = 1;
}

static void make_hosts(void)
{
	guint n = 0;
	double cum = 0, total = 0;
	for (guint k = 0; k < NSERVICES; k++)
		total += services[k].share;
	for (guint k = 0; k < NSERVICES; k++) {
		svc_first[k] = n;
		cum += services[k].share / total;
		svc_cum[k] = cum;
		for (guint i = 0; i < services[k].nservers && n < NSERVERS; i++)
			make_server(&servers[n++], k, i);
	}
	for (guint i = 0; i < NCLIENTS; i++) {
		Client *c = &clients[i];
		c->ip4 = PG_IP4(10, 16, 0, 0) + 2 + (i / 250) * 256 + i % 250;
		guint8 mac[6] = { 0x3c, 0x22, 0xfb, 0x00, (guint8)(i >> 8), (guint8)i };
		memcpy(c->mac, mac, 6);
		c->vlan = unif() < 0.12 ? (guint16)(10 * range(1, 4)) : 0;
		c->windows = unif() < 0.35;
		c->has6 = unif() < 0.4;
		static const guint8 ula[8] = { 0xfd, 0x12, 0x34, 0x56, 0x78, 0x9a, 0, 1 };
		memcpy(c->ip6, ula, 8);
		memset(c->ip6 + 8, 0, 8);
		c->ip6[14] = (guint8)(i >> 8);
		c->ip6[15] = (guint8)i;
		double u = unif();                      /* wired, Wi-Fi, VPN */
		c->median = u < 0.7 ? 0.00006 + unif() * 0.0003 : u < 0.93 ? 0.002 + unif() * 0.006
									  : 0.012 + unif() * 0.02;
		c->sigma = u < 0.7 ? 0.3 : 0.5;
	}
}

/* One sample of a server's leg / a client's leg, in ns. */
static guint64 server_leg(const Server *s)
{
	double m = s->shape == R_BIMODAL && unif() < 0.3 ? s->median2 : s->median;
	double v = lognormal(m, s->sigma);
	if (s->shape == R_TAIL && unif() < 0.05)
		v *= 2.0 + unif() * 8.0;
	return (guint64)(v * 1e9) + 1000;
}

static guint64 client_leg(const Client *c)
{
	return (guint64)(lognormal(c->median, c->sigma) * 1e9) + 1000;
}

static guint pick_server(guint svc)
{
	/* Popularity-weighted choice among the service's servers. */
	guint first = svc_first[svc], n = services[svc].nservers;
	double total = 0;
	for (guint i = 0; i < n; i++)
		total += servers[first + i].weight;
	double x = unif() * total;
	for (guint i = 0; i < n; i++) {
		x -= servers[first + i].weight;
		if (x < 0)
			return first + i;
	}
	return first + n - 1;
}

/* ------------------------------------------------------- events, slots */

/* What kind of flow a slot holds. */
typedef enum { K_TCP, K_DNS, K_NTP, K_DHT, K_PING, K_ARP } Kind;

/* Event bits. */
enum {
	E_FROM_SERVER = 1 << 0,      /* sent by the server / responder */
	E_FIRST = 1 << 1,            /* first segment of a message: aux = its size */
};

/* One frame to write, scripted in advance (48 bytes; no pointers). */
typedef struct {
	guint64 t;                   /* ns since the epoch */
	guint64 order;               /* tie-break: push order, keeps output deterministic */
	guint32 slot;
	guint32 seq, ack;            /* TCP; ICMP sequence; DNS id */
	guint32 aux;                 /* TCP data: size of the whole message */
	guint32 off;                 /* TCP data: offset of this segment in it */
	guint16 len;                 /* TCP payload bytes */
	guint8 flags;                /* TCP flags */
	guint8 bits;                 /* E_* */
} Ev;

/* A flow in progress; freed when its last frame is written. */
typedef struct {
	guint8 kind;                 /* Kind */
	guint8 proto;                /* Proto of a TCP flow */
	gboolean v6;
	guint32 client, server;      /* indexes; server unused by DHT/NTP/DNS */
	guint32 peer4;               /* DNS/NTP/DHT peer address */
	guint16 cport, sport;
	guint32 remaining;           /* frames not yet written */
	guint32 ts_c, ts_s;          /* TCP timestamp clocks at the epoch */
	guint16 ipid_c, ipid_s;
	guint16 name;                /* DNS name index / ping id */
	guint8 dnstype;              /* DNS query type: 1 A, 28 AAAA */
} Slot;

typedef struct {
	Ev *heap;                    /* min-heap on (t, order) */
	gsize nheap, capheap;
	guint64 order;
	Slot *slots;                 /* slot table; free ones listed in freelist */
	gsize nslots, capslots;
	guint32 *freelist;
	gsize nfree, capfree;
} Sched;

static Sched S;

static gboolean ev_less(const Ev *a, const Ev *b)
{
	return a->t < b->t || (a->t == b->t && a->order < b->order);
}

static void heap_push(Ev e)
{
	if (S.nheap == S.capheap) {
		S.capheap = S.capheap ? S.capheap * 2 : 65536;
		S.heap = g_renew(Ev, S.heap, S.capheap);
	}
	e.order = S.order++;
	gsize i = S.nheap++;
	while (i > 0 && ev_less(&e, &S.heap[(i - 1) / 2])) {
		S.heap[i] = S.heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	S.heap[i] = e;
}

static Ev heap_pop(void)
{
	Ev top = S.heap[0], last = S.heap[--S.nheap];
	gsize i = 0, n = S.nheap;
	for (;;) {
		gsize c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && ev_less(&S.heap[c + 1], &S.heap[c]))
			c++;
		if (!ev_less(&S.heap[c], &last))
			break;
		S.heap[i] = S.heap[c];
		i = c;
	}
	if (n > 0)
		S.heap[i] = last;
	return top;
}

static guint32 slot_new(void)
{
	guint32 id;
	if (S.nfree > 0) {
		id = S.freelist[--S.nfree];
	} else {
		if (S.nslots == S.capslots) {
			S.capslots = S.capslots ? S.capslots * 2 : 4096;
			S.slots = g_renew(Slot, S.slots, S.capslots);
		}
		id = (guint32)S.nslots++;
	}
	memset(&S.slots[id], 0, sizeof(Slot));
	return id;
}

static void slot_release(guint32 id)
{
	if (S.nfree == S.capfree) {
		S.capfree = S.capfree ? S.capfree * 2 : 4096;
		S.freelist = g_renew(guint32, S.freelist, S.capfree);
	}
	S.freelist[S.nfree++] = id;
}

/* Schedule one frame of slot `id` (a TCP data segment: `len` bytes at `off`
 * in a message of `total`). */
static void ev_data(guint32 id, guint64 t, guint8 bits, guint8 flags, guint32 seq, guint32 ack,
		    guint len, guint32 total, guint32 off)
{
	Ev e = { t, 0, id, seq, ack, total, off, (guint16)len, flags, bits };
	S.slots[id].remaining++;
	heap_push(e);
}

/* Schedule a frame without TCP payload. */
static void ev(guint32 id, guint64 t, guint8 bits, guint8 flags, guint32 seq, guint32 ack)
{
	ev_data(id, t, bits, flags, seq, ack, 0, 0, 0);
}

/* ------------------------------------------------------- TCP scripting */

/* Counters for the summary line. */
static struct {
	guint64 tcp, established, refused, unanswered, synretx, udp, other;
} count;

/* One TCP connection while it is being scripted. */
typedef struct {
	guint32 id;                  /* slot */
	const Client *c;
	const Server *s;
	guint32 cseq, sseq;          /* next sequence number of each side */
	guint mss_c, mss_s;          /* payload bytes of a full segment each way */
} Script;

/* Payload bytes in a full 1500-byte IP packet of this connection. */
static guint full_payload(gboolean v6, gboolean ts)
{
	return 1500 - (v6 ? 40 : 20) - 20 - (ts ? 12 : 0);
}

/* Send a message of `bytes` from one side in slow-start bursts (initial
 * window 10, doubling each round trip, at 1 Gbit/s within a burst); the
 * receiver ACKs every second segment one leg later, and the last one unless
 * `piggyback` (a reply follows at once).  Returns when the last segment or
 * ACK passes the tap. */
static guint64 send_msg(Script *sc, gboolean from_server, guint32 bytes, guint64 t,
			gboolean piggyback)
{
	guint mss = from_server ? sc->mss_s : sc->mss_c;
	guint32 *seq = from_server ? &sc->sseq : &sc->cseq;
	guint32 peer = from_server ? sc->cseq : sc->sseq;
	guint8 sbits = from_server ? E_FROM_SERVER : 0, rbits = from_server ? 0 : E_FROM_SERVER;
	guint64 rtt = server_leg(sc->s) + client_leg(sc->c);
	guint64 ser = (guint64)mss * 8, burst = t, last = t, done = t;
	guint cwnd = 10, inburst = 0, unacked = 0;
	guint32 sent = 0;

	while (sent < bytes) {
		guint len = MIN(mss, bytes - sent);
		gboolean end = sent + len == bytes;
		last = burst + inburst * ser;
		ev_data(sc->id, last, sbits | (sent == 0 ? E_FIRST : 0),
			PG_TH_ACK | (end ? PG_TH_PSH : 0), *seq, peer, len, bytes, sent);
		*seq += len;
		sent += len;
		if (++unacked == 2 || (end && !piggyback)) {
			guint64 leg = from_server ? client_leg(sc->c) : server_leg(sc->s);
			ev(sc->id, last + leg, rbits, PG_TH_ACK, peer, *seq);
			done = MAX(done, last + leg);
			unacked = 0;
		}
		if (++inburst == cwnd) {
			burst += MAX(rtt, inburst * ser);
			cwnd = MIN(cwnd * 2, 128u);
			inburst = 0;
		}
	}
	return MAX(done, last);
}

/* A request from the client and the server's reply after one server leg
 * plus `proc`; returns when the client has ACKed the reply. */
static guint64 exchange(Script *sc, guint64 t, guint32 req, guint32 resp, guint64 proc)
{
	guint64 end = send_msg(sc, FALSE, req, t, resp > 0);
	if (resp == 0)
		return end;
	return send_msg(sc, TRUE, resp, end + server_leg(sc->s) + proc, FALSE);
}

static guint32 capped_lognormal(double median, double sigma, guint32 lo, guint32 hi)
{
	double v = lognormal(median, sigma);
	return v < lo ? lo : v > hi ? hi : (guint32)v;
}

static guint dns_size(guint name, guint type, gboolean response);

/* The application part of a connection: rounds of request and reply shaped
 * like the service's protocol.  Returns the time reached. */
static guint64 talk(Script *sc, Proto p, guint64 t)
{
	guint rounds = 1;
	switch (p) {
	case P_TLS:
	case P_HTTP:
		while (rounds < 6 && unif() < 0.15)
			rounds++;
		for (guint i = 0; i < rounds; i++)
			t = exchange(sc, t + (i == 0 ? US(range(100, 2000)) : (guint64)(lognormal(0.02, 1.2) * 1e9)),
				     p == P_HTTP ? range(130, 420) : capped_lognormal(450, 0.5, 60, 16000),
				     capped_lognormal(1000, 1.2, 150, 1000000), US(range(50, 20000)));
		return t;
	case P_SSH:
		for (guint i = 0, n = range(2, 8); i < n; i++)
			t = exchange(sc, t + MS(range(60, 400)), unif() < 0.7 ? 36 : 52,
				     range(36, 400), US(range(100, 3000)));
		return t;
	case P_RDP:
	case P_SMB:
	case P_SQL:
		for (guint i = 0, n = range(1, p == P_RDP ? 8 : p == P_SMB ? 5 : 3); i < n; i++)
			t = exchange(sc, t + US(range(100, p == P_RDP ? 50000 : 8000)), range(50, 400),
				     capped_lognormal(p == P_SQL ? 300 : 900, 1.3, 40, 500000),
				     US(range(50, 5000)));
		return t;
	case P_RPC:
		return exchange(sc, t + US(100), 60, 32, US(range(30, 200)));
	case P_DNS: {
		Slot *sl = &S.slots[sc->id];
		return exchange(sc, t + US(100), 2 + dns_size(sl->name, sl->dnstype, FALSE),
				2 + dns_size(sl->name, sl->dnstype, TRUE), US(range(200, 20000)));
	}
	case P_IPERF:
		t = exchange(sc, t + US(200), 37, 1, US(100));
		return send_msg(sc, FALSE, range(1, 4) * 1000000u, t + MS(5), FALSE) + MS(1);
	}
	return t;
}

/* Handshake with its fates.  Returns FALSE when it never completes. */
static gboolean handshake(Script *sc, guint64 *t)
{
	double u = unif();
	guint32 isn = sc->cseq;
	guint nsyn = u < 0.013 ? range(3, 4) : u < 0.033 ? 2 : u < 0.04 ? 3 : 1;
	static const guint64 backoff[4] = { 0, 1, 3, 7 };  /* seconds after the first */
	for (guint i = 0; i < nsyn; i++)
		ev(sc->id, *t + backoff[i] * PG_NS_PER_SEC, 0, PG_TH_SYN, isn, 0);
	sc->cseq = isn + 1;
	if (u < 0.013) {                                    /* never answered */
		count.unanswered++;
		return FALSE;
	}
	if (nsyn > 1)
		count.synretx++;
	*t += backoff[nsyn - 1] * PG_NS_PER_SEC + server_leg(sc->s);
	if (u > 0.98) {                                     /* refused */
		ev(sc->id, *t, E_FROM_SERVER, PG_TH_RST | PG_TH_ACK, 0, sc->cseq);
		count.refused++;
		return FALSE;
	}
	ev(sc->id, *t, E_FROM_SERVER, PG_TH_SYN | PG_TH_ACK, sc->sseq, sc->cseq);
	sc->sseq++;
	*t += client_leg(sc->c);
	ev(sc->id, *t, 0, PG_TH_ACK, sc->cseq, sc->sseq);
	count.established++;
	return TRUE;
}

/* Close: mostly the client's FIN first, sometimes the server's, now and
 * then an abortive RST-ACK from the client. */
static void teardown(Script *sc, guint64 t)
{
	double u = unif();
	if (u < 0.05) {
		ev(sc->id, t + MS(range(1, 500)), 0, PG_TH_RST | PG_TH_ACK, sc->cseq, sc->sseq);
		return;
	}
	gboolean srv = u < 0.3;
	guint8 a = srv ? E_FROM_SERVER : 0, b = srv ? 0 : E_FROM_SERVER;
	guint32 *sa = srv ? &sc->sseq : &sc->cseq, *sb = srv ? &sc->cseq : &sc->sseq;
	guint64 la = srv ? server_leg(sc->s) : client_leg(sc->c);
	guint64 lb = srv ? client_leg(sc->c) : server_leg(sc->s);
	t += MS(range(1, srv ? 5000 : 300));
	ev(sc->id, t, a, PG_TH_FIN | PG_TH_ACK, *sa, *sb);
	(*sa)++;
	ev(sc->id, t + lb, b, PG_TH_FIN | PG_TH_ACK, *sb, *sa);
	(*sb)++;
	ev(sc->id, t + lb + la, a, PG_TH_ACK, *sa, *sb);
}

static guint pick_service(void)
{
	double u = unif();
	for (guint k = 0; k < NSERVICES; k++)
		if (u < svc_cum[k])
			return k;
	return NSERVICES - 1;
}

/* Script a whole TCP connection starting at `t`. */
static void tcp_flow(guint64 t)
{
	guint svc = pick_service();
	Script sc = { 0 };
	sc.id = slot_new();
	Slot *sl = &S.slots[sc.id];
	guint32 ci = below(NCLIENTS), si = pick_server(svc);
	sc.c = &clients[ci];
	sc.s = &servers[si];
	sl->kind = K_TCP;
	sl->proto = (guint8)services[svc].proto;
	sl->client = ci;
	sl->server = si;
	sl->v6 = sc.c->has6 && sc.s->has6 && unif() < 0.8;
	sl->cport = (guint16)range(32768, 60999);
	sl->sport = services[svc].port;
	sl->ts_c = (guint32)rnd();
	sl->ts_s = (guint32)rnd();
	sl->ipid_c = (guint16)rnd();
	sl->ipid_s = (guint16)rnd();
	sl->name = (guint16)below(64);
	sl->dnstype = unif() < 0.25 ? 28 : 1;
	sc.cseq = (guint32)rnd();
	sc.sseq = (guint32)rnd();
	gboolean ts = !sc.c->windows;
	sc.mss_c = full_payload(sl->v6, ts);
	sc.mss_s = full_payload(sl->v6, ts);
	count.tcp++;
	if (handshake(&sc, &t))
		teardown(&sc, talk(&sc, services[svc].proto, t));
}

/* ------------------------------------------------------ other flows */

#define NRESOLVERS 2
#define NNTP 4
static const guint32 resolvers[NRESOLVERS] = { 0x0a090035, 0x0a090036 }; /* 10.9.0.53/54 */
static const guint32 ntp_servers[NNTP] = { 0xc0000201, 0xc0000202, 0xc6336401, 0xcb007101 };
#define GATEWAY PG_IP4(10, 16, 0, 1)

/* Ask a resolver, mostly answered within a few ms. */
static void dns_flow(guint64 t)
{
	guint32 id = slot_new();
	Slot *sl = &S.slots[id];
	sl->kind = K_DNS;
	sl->client = below(NCLIENTS);
	sl->v6 = clients[sl->client].has6 && unif() < 0.3;
	sl->peer4 = resolvers[below(NRESOLVERS)];
	sl->cport = (guint16)range(34000, 60999);   /* above traceroute's 33434.. */
	sl->sport = 53;
	sl->name = (guint16)below(64);
	sl->dnstype = unif() < 0.3 ? 28 : 1;
	guint32 txid = below(65536);
	ev(id, t, 0, 0, txid, 0);
	if (unif() > 0.01)
		ev(id, t + (guint64)(lognormal(0.004, 0.9) * 1e9) + US(100), E_FROM_SERVER, 0, txid, 0);
	count.udp++;
}

/* NTP (client on 123 or an ephemeral port), BitTorrent-DHT-like pings on
 * 6881, ICMP echo series and ARP for the gateway. */
static void other_flow(Kind k, guint64 t)
{
	guint32 id = slot_new();
	Slot *sl = &S.slots[id];
	sl->kind = (guint8)k;
	sl->client = below(NCLIENTS);
	guint64 leg = (guint64)(lognormal(0.03, 0.6) * 1e9);
	switch (k) {
	case K_NTP:
		sl->peer4 = ntp_servers[below(NNTP)];
		sl->cport = unif() < 0.5 ? 123 : (guint16)range(34000, 60999);
		sl->sport = 123;
		ev(id, t, 0, 0, 0, 0);
		ev(id, t + leg, E_FROM_SERVER, 0, 0, 0);
		count.udp++;
		break;
	case K_DHT:
		sl->peer4 = public_ip4();
		sl->cport = 6881;
		sl->sport = (guint16)range(49152, 65535);
		ev(id, t, 0, 0, below(65536), 0);
		if (unif() < 0.7)
			ev(id, t + leg * 3, E_FROM_SERVER, 0, 0, 0);
		count.udp++;
		break;
	case K_PING: {
		sl->server = below(NSERVERS);
		sl->v6 = clients[sl->client].has6 && servers[sl->server].has6 && unif() < 0.5;
		sl->name = (guint16)rnd();
		for (guint i = 0, n = range(1, 4); i < n; i++) {
			guint64 ti = t + i * PG_NS_PER_SEC;
			ev(id, ti, 0, 0, i + 1, 0);
			ev(id, ti + server_leg(&servers[sl->server]), E_FROM_SERVER, 0, i + 1, 0);
		}
		count.other++;
		break;
	}
	default:                                     /* K_ARP */
		ev(id, t, 0, 0, 0, 0);
		ev(id, t + US(range(150, 900)), E_FROM_SERVER, 0, 0, 0);
		count.other++;
		break;
	}
}

/* Start one flow at `t`: TCP 70%, DNS 24%, the rest NTP, DHT, ping, ARP. */
static void new_flow(guint64 t)
{
	double u = unif();
	if (u < 0.70)
		tcp_flow(t);
	else if (u < 0.94)
		dns_flow(t);
	else
		other_flow(u < 0.95 ? K_NTP : u < 0.985 ? K_DHT : u < 0.993 ? K_PING : K_ARP, t);
}

/* --------------------------------------------------------- payloads */

static guint8 pool[65536 + 2048];    /* random payload bytes */

static guint64 mix64(guint64 z)
{
	z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static const char *const dns_hosts[8] = { "www", "api", "cdn", "login", "static", "img",
					  "update", "mail" };
static const char *const dns_domains[8] = { "example.com", "example.net", "example.org",
					    "contoso.com", "fabrikam.net", "wikipedia.org",
					    "debian.org", "github.com" };

/* Write a DNS query or answer for name `name` (0..63) into `p` (room for 128
 * bytes); names 60..63 do not exist (NXDOMAIN).  Returns its length. */
static guint dns_write(guint8 *p, guint32 txid, guint name, guint type, gboolean response)
{
	gboolean nx = name >= 60;
	guint n = 12;
	memset(p, 0, 12);
	p[0] = (guint8)(txid >> 8);
	p[1] = (guint8)txid;
	p[2] = response ? 0x81 : 0x01;
	p[3] = response ? (nx ? 0x83 : 0x80) : 0x00;
	p[5] = 1;
	p[7] = response && !nx;
	const char *labels[3] = { dns_hosts[name % 8], dns_domains[name / 8], NULL };
	for (guint i = 0; i < 2; i++) {
		const char *l = labels[i];
		while (*l != '\0') {
			const char *dot = strchr(l, '.');
			guint len = dot != NULL ? (guint)(dot - l) : (guint)strlen(l);
			p[n++] = (guint8)len;
			memcpy(p + n, l, len);
			n += len;
			l += len + (dot != NULL);
		}
	}
	p[n++] = 0;
	guint8 q[4] = { 0, (guint8)type, 0, 1 };
	memcpy(p + n, q, 4);
	n += 4;
	if (response && !nx) {
		guint rdlen = type == 28 ? 16 : 4;
		guint8 rr[12] = { 0xc0, 0x0c, 0, (guint8)type, 0, 1, 0, 0, 0x01, 0x2c, 0, (guint8)rdlen };
		memcpy(p + n, rr, 12);
		n += 12;
		guint64 h = mix64(name + 1);
		for (guint i = 0; i < rdlen; i++)
			p[n++] = (guint8)(h >> (8 * (i % 8)));
		p[n - rdlen] = type == 28 ? 0x20 : (guint8)(104 + h % 50);  /* unicast */
		if (type == 28)
			p[n - 15] = 0x01;
	}
	return n;
}

static guint dns_size(guint name, guint type, gboolean response)
{
	guint8 scratch[128];
	return dns_write(scratch, 0, name, type, response);
}

/* HTTP/1.1 text at the start of a message: a GET whose path pads it to
 * exactly `len` bytes, or a response header announcing the rest of `total`
 * bytes as its body. */
static void http_text(guint8 *p, guint len, guint32 total, gboolean response)
{
	static const char tail[] = " HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: "
				   "Mozilla/5.0\r\nAccept: */*\r\n\r\n";
	if (!response) {
		guint fixed = 5 + sizeof tail - 1;
		if (len < fixed + 1)
			return;
		memcpy(p, "GET /", 5);
		for (guint i = 0; i < len - fixed; i++)
			p[5 + i] = (guint8)"abcdefghijklmnopqrstuvwxyz0123456789/"[i % 37];
		memcpy(p + len - (sizeof tail - 1), tail, sizeof tail - 1);
		return;
	}
	/* The header's length depends on the digits of the body's length: try
	 * each digit count, with one more space if 99 -> 100 has no fixed point. */
	char hdr[160];
	for (guint pad = 0; pad < 2; pad++) {
		for (guint digits = 1; digits < 9; digits++) {
			guint base = sizeof("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: "
					    "application/octet-stream\r\nContent-Length: \r\n\r\n") - 1 + pad;
			guint32 body = total > base + digits ? total - base - digits : 0;
			int n = g_snprintf(hdr, sizeof hdr, "HTTP/1.1 200 OK\r\nServer: nginx%s\r\n"
					   "Content-Type: application/octet-stream\r\n"
					   "Content-Length: %u\r\n\r\n", pad ? " " : "", body);
			if ((guint)n == base + digits) {
				memcpy(p, hdr, MIN((guint)n, len));
				return;
			}
		}
	}
}

/* ONC RPC portmapper GETPORT call (60 bytes with the record mark) or its
 * reply (32 bytes) announcing port 2049. */
static void rpc_write(guint8 *p, guint len, guint32 xid, gboolean reply)
{
	static const guint8 call[60] = {
		0x80, 0, 0, 56, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0x86, 0xa0,
		0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 1, 0x86, 0xa3, 0, 0, 0, 3, 0, 0, 0, 6, 0, 0, 0, 0 };
	static const guint8 rep[32] = {
		0x80, 0, 0, 28, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x01 };
	if (len != (reply ? sizeof rep : sizeof call))
		return;
	memcpy(p, reply ? rep : call, len);
	for (guint i = 0; i < 4; i++)
		p[4 + i] = (guint8)(xid >> (24 - 8 * i));
}

/* TLS application-data record headers for the part [off, off + len) of a
 * message of `total` bytes cut into records of up to 16 KiB; a header may
 * straddle two segments. */
static void tls_records(guint8 *p, guint32 off, guint len, guint32 total)
{
	const guint32 rec = 16384 + 5;
	for (guint32 r = off / rec * rec; r < off + len && r + 5 < total; r += rec) {
		guint32 body = MIN(16384u, total - r - 5);
		guint8 h[5] = { 0x17, 3, 3, (guint8)(body >> 8), (guint8)body };
		for (guint32 i = 0; i < 5; i++)
			if (r + i >= off && r + i < off + len)
				p[r + i - off] = h[i];
	}
}

/* Fill a TCP payload: random bytes, shaped at message starts like the
 * service's protocol. */
static void tcp_payload(guint8 *p, const Ev *e, const Slot *sl)
{
	gboolean from_server = (e->bits & E_FROM_SERVER) != 0;
	memcpy(p, pool + (mix64(e->order) & 0xffff), e->len);
	switch (sl->proto) {
	case P_TLS:
		tls_records(p, e->off, e->len, e->aux);
		break;
	case P_HTTP:
		if (e->bits & E_FIRST)
			http_text(p, e->len, e->aux, from_server);
		break;
	case P_RPC:
		rpc_write(p, e->len, sl->ts_c, from_server);
		break;
	case P_DNS:
		if ((e->bits & E_FIRST) && e->len >= 14) {
			guint n = dns_write(p + 2, sl->ts_c, sl->name, sl->dnstype, from_server);
			p[0] = (guint8)(n >> 8), p[1] = (guint8)n;
		}
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------ frames */

static PgFrame frame;            /* every frame is built here */

/* Ethernet (and the client's VLAN tag) for a frame of client `c`. */
static void push_link(PgFrame *f, const Client *c, gboolean from_server)
{
	pg_push_eth(f, from_server ? c->mac : MAC_ROUTER, from_server ? MAC_ROUTER : c->mac);
	if (c->vlan != 0)
		pg_push_vlan(f, PG_ETH_VLAN, 0, c->vlan);
}

/* IPv4 or IPv6 between the slot's client and `peer4` / `peer6`. */
static void push_ip(PgFrame *f, Slot *sl, gboolean from_server, guint32 peer4,
		    const guint8 *peer6)
{
	const Client *c = &clients[sl->client];
	guint8 ttl = from_server ? 52 : c->windows ? 128 : 64;
	if (sl->v6) {
		PgIPv6 ip = { 0 };
		memcpy(ip.src, from_server ? peer6 : c->ip6, 16);
		memcpy(ip.dst, from_server ? c->ip6 : peer6, 16);
		ip.hlim = ttl;
		ip.flow = (sl->cport * 2654435761u) & 0xfffff;
		pg_push_ipv6(f, &ip);
		return;
	}
	PgIPv4 ip = { 0 };
	ip.src = from_server ? peer4 : c->ip4;
	ip.dst = from_server ? c->ip4 : peer4;
	ip.ttl = ttl;
	ip.id = from_server ? sl->ipid_s++ : sl->ipid_c++;
	ip.df = TRUE;
	pg_push_ipv4(f, &ip);
}

static void build_tcp(PgFrame *f, const Ev *e, Slot *sl)
{
	const Client *c = &clients[sl->client];
	const Server *s = &servers[sl->server];
	gboolean from_server = (e->bits & E_FROM_SERVER) != 0;
	guint32 ms = (guint32)(e->t / 1000000);
	PgTcpOpts o = PG_TCP_OPTS_NONE;
	guint8 opts[40];
	PgTcp th = { 0 };

	if (e->flags & PG_TH_SYN) {
		o.mss = sl->v6 ? 1440 : 1460;
		o.sack_perm = TRUE;
		o.wscale = (gint8)(!from_server && c->windows ? 8 : 7);
	}
	if (!c->windows && !(e->flags & PG_TH_RST)) {
		o.ts = TRUE;
		o.tsval = (from_server ? sl->ts_s : sl->ts_c) + ms;
		o.tsecr = (e->flags & PG_TH_ACK) ? (from_server ? sl->ts_c : sl->ts_s) + ms - 1 : 0;
	}
	th.sport = from_server ? sl->sport : sl->cport;
	th.dport = from_server ? sl->cport : sl->sport;
	th.seq = e->seq;
	th.ack = e->ack;
	th.flags = e->flags;
	th.window = (e->flags & PG_TH_RST) ? 0 : (e->flags & PG_TH_SYN) ? (from_server ? 65160 : 64240)
			: from_server ? 501 : c->windows ? 1026 : 502;
	th.opts = opts;
	th.opts_len = (e->flags & PG_TH_RST) ? 0 : pg_tcp_options(&o, opts);
	push_link(f, c, from_server);
	push_ip(f, sl, from_server, s->ip4, s->ip6);
	pg_push_tcp(f, &th);
	guint8 *p = pg_push_data(f, NULL, e->len);
	if (p != NULL && e->len > 0)
		tcp_payload(p, e, sl);
}

/* NTP client request (mode 3) or server reply (mode 4), 48 bytes. */
static void ntp_write(guint8 *p, guint64 t, gboolean reply)
{
	guint64 sec = t / PG_NS_PER_SEC + G_GUINT64_CONSTANT(2208988800);
	guint64 frac = ((t % PG_NS_PER_SEC) << 32) / PG_NS_PER_SEC;
	memset(p, 0, 48);
	p[0] = reply ? 0x24 : 0x23;
	p[1] = reply ? 2 : 0;
	p[2] = 6;
	p[3] = reply ? 0xe8 : 0xe9;
	guint8 *xmt = p + 40;
	for (guint i = 0; i < 4; i++) {
		xmt[i] = (guint8)(sec >> (24 - 8 * i));
		xmt[4 + i] = (guint8)(frac >> (24 - 8 * i));
	}
	if (reply) {
		p[7] = 0x30;                              /* root delay, dispersion */
		p[11] = 0x40;
		memcpy(p + 12, "\xc0\x00\x02\x0b", 4);    /* reference id */
		memcpy(p + 16, xmt, 8);                   /* reference time */
		p[16] -= 1;
		memcpy(p + 32, xmt, 8);                   /* receive time */
	}
}

/* A bencoded DHT ping query or response with a 20-byte node id. */
static guint dht_write(guint8 *p, guint64 h, gboolean reply)
{
	static const char q1[] = "d1:ad2:id20:", q2[] = "e1:q4:ping1:t2:", q3[] = "1:y1:qe";
	static const char r1[] = "d1:rd2:id20:", r2[] = "e1:t2:", r3[] = "1:y1:re";
	guint n = 0;
	memcpy(p + n, reply ? r1 : q1, sizeof q1 - 1);
	n += sizeof q1 - 1;
	for (guint i = 0; i < 20; i++)
		p[n++] = (guint8)mix64(h + i);
	const char *mid = reply ? r2 : q2;
	memcpy(p + n, mid, strlen(mid));
	n += (guint)strlen(mid);
	p[n++] = 'a' + (guint8)(h % 26);
	p[n++] = 'a' + (guint8)(h / 26 % 26);
	memcpy(p + n, reply ? r3 : q3, sizeof q3 - 1);
	return n + sizeof q3 - 1;
}

static void build_udp(PgFrame *f, const Ev *e, Slot *sl)
{
	static const guint8 resolver6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x53, 0, 0,
					      0, 0, 0, 0, 0, 0, 0, 0x53 };
	gboolean from_server = (e->bits & E_FROM_SERVER) != 0;
	guint8 buf[160];
	guint n;
	push_link(f, &clients[sl->client], from_server);
	push_ip(f, sl, from_server, sl->peer4, resolver6);
	pg_push_udp(f, from_server ? sl->sport : sl->cport, from_server ? sl->cport : sl->sport);
	if (sl->kind == K_DNS) {
		n = dns_write(buf, e->seq, sl->name, sl->dnstype, from_server);
	} else if (sl->kind == K_NTP) {
		ntp_write(buf, e->t, from_server);
		n = 48;
	} else {
		n = dht_write(buf, mix64(sl->peer4), from_server);
	}
	pg_push_data(f, buf, n);
}

static void build_ping(PgFrame *f, const Ev *e, Slot *sl)
{
	const Server *s = &servers[sl->server];
	gboolean from_server = (e->bits & E_FROM_SERVER) != 0;
	guint64 sent = e->t / 1000;                    /* µs, as ping stamps it */
	guint8 data[56];
	for (guint i = 0; i < 56; i++)
		data[i] = (guint8)i;
	for (guint i = 0; i < 8; i++) {
		data[i] = (guint8)((sent / 1000000) >> (8 * i));
		data[8 + i] = (guint8)((sent % 1000000) >> (8 * i));
	}
	push_link(f, &clients[sl->client], from_server);
	push_ip(f, sl, from_server, s->ip4, s->ip6);
	guint32 rest = ((guint32)sl->name << 16) | (e->seq & 0xffff);
	if (sl->v6)
		pg_push_icmpv6(f, from_server ? 129 : 128, 0, rest);
	else
		pg_push_icmp(f, from_server ? 0 : 8, 0, rest);
	pg_push_data(f, data, sizeof data);
}

static void build_arp(PgFrame *f, const Ev *e, Slot *sl)
{
	static const guint8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const guint8 zero[6] = { 0 };
	const Client *c = &clients[sl->client];
	if (e->bits & E_FROM_SERVER) {
		push_link(f, c, TRUE);
		pg_push_arp(f, 2, MAC_ROUTER, GATEWAY, c->mac, c->ip4);
	} else {
		pg_push_eth(f, bcast, c->mac);
		if (c->vlan != 0)
			pg_push_vlan(f, PG_ETH_VLAN, 0, c->vlan);
		pg_push_arp(f, 1, c->mac, c->ip4, zero, GATEWAY);
	}
}

/* Build the frame of event `e`, write it, free its slot after its last frame. */
static gboolean write_ev(PgWriter *w, const Ev *e)
{
	Slot *sl = &S.slots[e->slot];
	pg_frame_reset(&frame);
	switch (sl->kind) {
	case K_TCP:
		build_tcp(&frame, e, sl);
		break;
	case K_PING:
		build_ping(&frame, e, sl);
		break;
	case K_ARP:
		build_arp(&frame, e, sl);
		break;
	default:
		build_udp(&frame, e, sl);
		break;
	}
	if (!pg_frame_finish(&frame))
		return FALSE;
	pg_frame_pad(&frame, 60);
	if (--sl->remaining == 0)
		slot_release(e->slot);
	return pg_writer_write(w, 0, e->t, frame.data, (guint32)frame.len, (guint32)frame.len);
}

/* ---------------------------------------------------------------- main */

static gboolean parse_u64(const char *s, const char *what, guint64 min, guint64 *out)
{
	g_autoptr(GError) error = NULL;
	if (s != NULL && !g_ascii_string_to_unsigned(s, 10, min, G_MAXUINT32, out, &error)) {
		g_printerr("gencap: bad %s '%s': %s\n", what, s, error->message);
		return FALSE;
	}
	return TRUE;
}

/* Generate until `n` TCP connections have started, writing frames in time
 * order: everything scheduled before the next flow's start is final. */
static gboolean generate(PgWriter *w, guint64 n)
{
	guint64 t = T0_SEC * PG_NS_PER_SEC;
	double mean_gap = 0.70 / TCP_RATE;       /* TCP is 70% of flow starts */
	while (count.tcp < n) {
		t += (guint64)(expo(mean_gap) * 1e9) + 1;
		while (S.nheap > 0 && S.heap[0].t <= t) {
			Ev e = heap_pop();
			if (!write_ev(w, &e))
				return FALSE;
		}
		new_flow(t);
	}
	while (S.nheap > 0) {
		Ev e = heap_pop();
		if (!write_ev(w, &e))
			return FALSE;
	}
	return TRUE;
}

int main(int argc, char **argv)
{
	g_autofree char *seed_s = NULL, *n_s = NULL, *out = NULL;
	GOptionEntry entries[] = {
		{ "seed", 's', 0, G_OPTION_ARG_STRING, &seed_s, "random seed (default 1)", "SEED" },
		{ "connections", 'n', 0, G_OPTION_ARG_STRING, &n_s,
		  "TCP connections to generate (default 250000)", "N" },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "output file (default bench.pcap)",
		  "FILE" },
		G_OPTION_ENTRY_NULL
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- write the benchmark capture");
	g_autoptr(GError) error = NULL;
	guint64 seed = 1, n = 250000;
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc > 1) {
		g_printerr("gencap: %s\n", error != NULL ? error->message : "unexpected argument");
		return 2;
	}
	if (!parse_u64(seed_s, "seed", 0, &seed) || !parse_u64(n_s, "connection count", 1, &n))
		return 2;
	const char *path = out != NULL ? out : "bench.pcap";

	gint64 start = g_get_monotonic_time();
	rnd_seed(seed);
	make_hosts();
	for (gsize i = 0; i < sizeof pool; i++)
		pool[i] = (guint8)rnd();
	PgWriter *w = pg_writer_open_pcap(path, PG_LINKTYPE_ETHERNET, 262144, 0, &error);
	if (w == NULL) {
		g_printerr("gencap: %s\n", error->message);
		return 1;
	}
	gboolean built = generate(w, n);
	guint64 frames = pg_writer_frames(w), bytes = pg_writer_bytes(w);
	if (!pg_writer_close(w, &error) || !built) {
		g_printerr("gencap: %s\n", error != NULL ? error->message : "a frame did not fit");
		return 1;
	}
	g_print("gencap: wrote '%s': %" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT
		" bytes; %" G_GUINT64_FORMAT " TCP connections (%" G_GUINT64_FORMAT " established, %"
		G_GUINT64_FORMAT " refused, %" G_GUINT64_FORMAT " unanswered, %" G_GUINT64_FORMAT
		" with SYN retransmissions), %" G_GUINT64_FORMAT " UDP exchanges, %" G_GUINT64_FORMAT
		" ping/ARP flows; %.1f s\n", path, frames, bytes, count.tcp, count.established,
		count.refused, count.unanswered, count.synretx, count.udp, count.other,
		(double)(g_get_monotonic_time() - start) / 1e6);
	g_free(S.heap);
	g_free(S.slots);
	g_free(S.freelist);
	return 0;
}
