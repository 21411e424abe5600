/* Unit tests of field values (what display filters and field output read)
 * on the generated application sample, samples/gen/apps.pcap, whose answers
 * samples/gen/ANSWERS.md gives: names and types from the registry, every
 * occurrence in frame order, fields at fixed places, fields two others make
 * (ip.addr, tcp.port), fields parsed from text and TLV protocols, and the
 * frame's own fields. */
#include <glib.h>
#include <string.h>

#include "analyzer/frameloop.h"
#include "dissect/dissect.h"
#include "dissect/fieldval.h"

struct want {
	uint64_t frame;
	const char *field;
	const char *values; /* occurrences as text, comma-separated; "" = none */
};

static const struct want wants[] = {
	{1, "dns.qry.name", "www.example.test"},
	{1, "dns.flags.response", "0"},
	{2, "dns.flags.response", "1"},
	{3, "dns.qry.name", "printer.local"},   /* mDNS carries DNS's fields */
	{4, "dns.qry.name", "fileserver"},
	{1, "udp.port", "50001,53"},
	{1, "ip.addr", "10.0.0.4,10.0.0.1"},
	{1, "frame.number", "1"},
	{1, "frame.time_relative", "0"},
	{2, "frame.time_relative", "1234000"},  /* nanoseconds */
	{1, "frame.protocols", "eth:ethertype:ip:udp:dns"},
	{22, "frame.protocols", "eth:ethertype:ip:tcp:dns"}, /* two DNS messages, one protocol */
	{1, "eth.addr", "02:00:0a:00:00:01,02:00:0a:00:00:04"}, /* destination first */
	{1, "eth.ig", "0,0"},                   /* the destination's bit, then the source's */
	{19, "tcp.options.mss_val", "1460"},
	{19, "tcp.options.wscale.shift", "7"},
	{20, "tcp.options.timestamp.tsval", "715001"},
	{20, "tcp.options.timestamp.tsecr", "115000"},
	{21, "tcp.options.mss_val", ""},
	{1, "ip.version", "4"},
	{12, "rpc.version", "2"},
	{68, "rdp.rt_cookie", "Cookie: mstshash=user"}, /* in the COTP connection request */
	{68, "rdp.negReq.requestedProtocols", "3"},
	{68, "cotp.class", "0"},
	{12, "portmap.prog", "100003"},         /* GETPORT asks for NFS ... */
	{13, "portmap.port", "2049"},           /* ... and the reply knows its call */
	{13, "rpc.state_accept", "0"},
	{7, "ntp.xmt", "1700000006000000000"},  /* NTP's 1900 epoch moved to 1970, in ns */
	{7, "ntp.org", "0"},
	{1, "dns.flags.rcode", ""},             /* queries have no reply code */
	{23, "dns.flags.rcode", "0"},
	{23, "dns.resp.name", "www.example.test"},
	{23, "dns.resp.ttl", "300"},
	{23, "dns.a", "192.0.2.10"},
	{24, "dns.resp.type", "28"},
	{22, "dns.qry.name", "www.example.test,www.example.test"},
	{32, "http.request.method", "GET"},
	{32, "http.request", "1"},
	{32, "http.host", "example.test"},
	{32, "http.accept", "*/*"},             /* any header line by its name */
	{32, "http.user_agent", "mkapps"},
	{32, "http.server", ""},
	{32, "tcp.len", "81"},
	{46, "tls.handshake.type", "1"},
	{46, "tls.handshake.extensions_server_name", "example.test"},
	{47, "tls.handshake.type", "2"},
	{47, "http.request", ""},
	{47, "tls.record.content_type", "22,20"}, /* Server Hello chose TLS 1.3, then CCS */
	{48, "tls.record.opaque_type", "23"},   /* ... so encrypted records' type is opaque */
	{48, "tls.record.content_type", ""},
	{49, "tls.record.content_type", "20"},
	{49, "tls.record.opaque_type", "23,23"},
	{1, "tcp.port", ""},
	{84, "rpc.lastfrag", "1"},              /* ONC RPC over TCP: the record mark */
	{84, "rpc.fraglen", "56"},
	{85, "rpc.fraglen", "28"},
	{12, "rpc.fraglen", ""},                /* over UDP there is none */
	{22, "dns.length", "34,34"},            /* DNS over TCP: each message's length */
	{1, "dns.length", ""},
	{6, "dhcp.hw.type", "1,1"},             /* the header's, then option 61's */
	{6, "dhcp.hw.mac_addr", "02:00:0a:00:00:04,02:00:0a:00:00:04"},
	{18, "icmp.ident", "17185"},            /* an echo request has an identifier ... */
	{15, "icmp.ident", ""},                 /* ... a destination unreachable none */
	{12, "rpc.programversion", "2,2"},      /* the program's tree repeats it */
	{11, "snmp.data", "0"},                 /* get-request */
	{11, "snmp.request_id", "305419896"},
	{11, "snmp.error_status", "0"},
	{11, "snmp.error_index", "0"},
	{11, "snmp.name", "1.3.6.1.2.1.1.1.0"}, /* the variable binding's OID */
};

struct ctx {
	GHashTable *got; /* "frame/field" -> GString of values */
};

static bool collect(const struct fvalue *v, void *data)
{
	GString *s = data;
	char buf[64];
	if (s->len)
		g_string_append_c(s, ',');
	switch (v->kind) {
	case FV_UINT:
		g_string_append_printf(s, "%" G_GUINT64_FORMAT, v->u);
		break;
	case FV_INT:
	case FV_TIME:
		g_string_append_printf(s, "%" G_GINT64_FORMAT, v->i);
		break;
	case FV_STRING:
		g_string_append_len(s, (const char *)v->ptr, v->len);
		break;
	case FV_IPV4:
		g_snprintf(buf, sizeof buf, "%u.%u.%u.%u", v->ptr[0], v->ptr[1], v->ptr[2], v->ptr[3]);
		g_string_append(s, buf);
		break;
	case FV_ETHER:
		for (uint32_t i = 0; i < v->len; i++)
			g_string_append_printf(s, i ? ":%02x" : "%02x", v->ptr[i]);
		break;
	default:
		g_string_append(s, "?");
	}
	return true;
}

static void on_frame(const struct packet *p, void *data)
{
	struct ctx *c = data;
	for (size_t i = 0; i < G_N_ELEMENTS(wants); i++) {
		if (wants[i].frame != p->frame->number)
			continue;
		const struct proto_def *proto;
		const struct field_def *f = field_lookup(wants[i].field, &proto);
		g_assert_nonnull(f);
		GString *s = g_string_new(NULL);
		field_values(p, proto, f, collect, s);
		g_hash_table_insert(c->got, g_strdup_printf("%" G_GUINT64_FORMAT "/%s", wants[i].frame, wants[i].field),
				    g_string_free(s, FALSE));
	}
}

static void test_apps(void)
{
	struct ctx c = {g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free)};
	struct loop_counts counts;
	bool opened;
	GError *err = NULL;
	g_assert_true(frameloop_run("samples/gen/apps.pcap", LOOP_APPLICATION, NULL, NULL, on_frame, &c, &counts,
				    &opened, &err));
	for (size_t i = 0; i < G_N_ELEMENTS(wants); i++) {
		g_autofree char *key = g_strdup_printf("%" G_GUINT64_FORMAT "/%s", wants[i].frame, wants[i].field);
		const char *got = g_hash_table_lookup(c.got, key);
		g_assert_nonnull(got);
		if (strcmp(got, wants[i].values) != 0)
			g_error("frame %" G_GUINT64_FORMAT " %s: got \"%s\", want \"%s\"", wants[i].frame,
				wants[i].field, got, wants[i].values);
	}
	g_hash_table_destroy(c.got);
}

static void test_presence(void)
{
	struct frame f = {.number = 7, .caplen = 0, .len = 60, .linktype = LINKTYPE_ETHERNET, .data = (const uint8_t *)""};
	struct packet p;
	dissect_frame(&p, &f);
	g_assert_cmpuint(proto_count(&p, PROTO_FRAME), ==, 1);
	g_assert_cmpuint(proto_count(&p, PROTO_TCP), ==, 0);
	const struct proto_def *proto;
	const struct field_def *n = field_lookup("frame.number", &proto);
	GString *s = g_string_new(NULL);
	g_assert_cmpuint(field_values(&p, proto, n, collect, s), ==, 1);
	g_assert_cmpstr(s->str, ==, "7");
	g_string_free(s, TRUE);
}

/* Which fields a plan reads straight from their layers, and which of those
 * are numbers: fixed places in their own protocol's layers (a pair of them
 * too), not the frame's fields, not fields another protocol's layers give as
 * well (IPv6 layers give ip.version), not fields a protocol computes. */
static void test_plan_kinds(void)
{
	static const struct {
		const char *field;
		bool direct, uints;
	} kinds[] = {
		{"tcp.port", true, true},          {"tcp.srcport", true, true},
		{"tcp.flags.syn", true, true},     {"udp.port", true, true},
		{"eth.type", true, true},          {"ip.ttl", true, true},
		{"ip.addr", true, false},          {"ip.src", true, false},
		{"eth.addr", true, false},         {"ipv6.addr", true, false},
		{"ip.version", false, false},      {"tcp.stream", false, false},
		{"tcp.len", false, false},         {"frame.len", false, false},
		{"dns.qry.name", false, false},    {"tcp.analysis.flags", false, false},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
		const struct proto_def *proto;
		const struct field_def *f = field_lookup(kinds[i].field, &proto);
		g_assert_nonnull(f);
		struct field_plan pl;
		field_plan_init(&pl, proto, f);
		if (pl.direct != kinds[i].direct || pl.uints != kinds[i].uints)
			g_error("%s: direct %d numbers %d, want %d %d", kinds[i].field, pl.direct, pl.uints,
				kinds[i].direct, kinds[i].uints);
	}
	struct field_plan none;
	field_plan_init(&none, NULL, NULL);
	g_assert_false(none.direct);
}

/* A value as text that tells every kind and byte apart. */
static bool describe(const struct fvalue *v, void *data)
{
	GString *s = data;
	g_string_append_printf(s, "[%u %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT " %a", v->kind, v->u, v->i, v->d);
	for (uint32_t i = 0; v->ptr && i < v->len; i++)
		g_string_append_printf(s, " %02x", v->ptr[i]);
	g_string_append_c(s, ']');
	return true;
}

/* Stops after the first value: a plan stops where field_values() does. */
static bool first_only(const struct fvalue *v, void *data)
{
	describe(v, data);
	return false;
}

struct same_ctx {
	GPtrArray *plans; /* struct field_plan *, one per registered field */
	uint64_t compared, direct;
};

static void check_same(const struct packet *p, const struct field_plan *pl)
{
	g_autoptr(GString) a = g_string_new(NULL), b = g_string_new(NULL);
	unsigned na = field_values(p, pl->proto, pl->f, describe, a);
	unsigned nb = field_plan_values(pl, p, describe, b);
	if (na != nb || strcmp(a->str, b->str) != 0)
		g_error("frame %" G_GUINT64_FORMAT " %s: field_values %u \"%s\", plan %u \"%s\"", p->frame->number,
			pl->f->abbrev, na, a->str, nb, b->str);
	g_string_truncate(a, 0);
	g_string_truncate(b, 0);
	g_assert_cmpuint(field_values(p, pl->proto, pl->f, first_only, a), ==, field_plan_values(pl, p, first_only, b));
	g_assert_cmpstr(a->str, ==, b->str);
	if (!pl->uints)
		return;
	uint64_t u[FIELD_PLAN_MAX];
	unsigned n = field_plan_uints(pl, p, u);
	g_string_truncate(b, 0);
	for (unsigned i = 0; i < n; i++)
		g_string_append_printf(b, "[%u %" G_GUINT64_FORMAT " 0 0x0p+0]", FV_UINT, u[i]);
	g_string_truncate(a, 0);
	field_values(p, pl->proto, pl->f, describe, a);
	g_assert_cmpstr(a->str, ==, b->str);
}

static void on_frame_same(const struct packet *p, void *data)
{
	struct same_ctx *c = data;
	for (guint i = 0; i < c->plans->len; i++) {
		const struct field_plan *pl = c->plans->pdata[i];
		if (!proto_count(p, pl->proto->id))
			continue; /* no layer of its own: both give nothing, or the same protocol-less field */
		check_same(p, pl);
		c->compared++;
		c->direct += pl->direct;
	}
}

/* A plan gives what field_values() gives, for every field of every protocol
 * on every frame of the samples with tunnels, quoted headers in ICMP errors,
 * fragments, VLAN tags, other link types and messages put together from
 * segments. */
static void test_plan_same(void)
{
	static const char *const samples[] = {
		"samples/gen/apps.pcap", "samples/gen/icmp.pcap", "samples/gen/ipv4-options-frag.pcap",
		"samples/gen/rtt-vlan.pcap", "samples/gen/rtt-sll.pcap", "samples/gen/rtt-ipv6.pcap",
		"samples/gen/tcp-reasm.pcap", "samples/gen/voip.pcap", "samples/gen/arp.pcap",
	};
	struct same_ctx c = {g_ptr_array_new_with_free_func(g_free), 0, 0};
	for (int id = 0; id < PROTO_COUNT; id++) {
		const struct proto_def *pd = proto_get((enum proto_id)id);
		for (size_t k = 0; pd && k < pd->n_fields; k++) {
			struct field_plan *pl = g_new(struct field_plan, 1);
			field_plan_init(pl, pd, &pd->fields[k]);
			g_ptr_array_add(c.plans, pl);
		}
	}
	for (size_t i = 0; i < G_N_ELEMENTS(samples); i++) {
		struct loop_counts counts;
		bool opened;
		GError *err = NULL;
		g_assert_true(frameloop_run(samples[i], LOOP_TRACKED, NULL, NULL, on_frame_same, &c, &counts, &opened, &err));
		g_assert_no_error(err);
	}
	g_assert_cmpuint(c.direct, >, 1000);
	g_assert_cmpuint(c.compared, >, c.direct);
	g_ptr_array_free(c.plans, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/fieldval/apps", test_apps);
	g_test_add_func("/fieldval/presence", test_presence);
	g_test_add_func("/fieldval/plan-kinds", test_plan_kinds);
	g_test_add_func("/fieldval/plan-same", test_plan_same);
	return g_test_run();
}
