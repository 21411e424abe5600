/* Unit tests of the dissectors on real-world bytes: the layer stack and key
 * fields, every truncation length (never a crash, truncated not malformed),
 * and lengths that contradict each other (malformed). */
#include <glib.h>
#include <string.h>

#include "dissect/protocol.h"
#include "dissect_test.h"

/* A TCP SYN with MSS, window scale and SACK-permitted (Ethernet, IPv4). */
static const uint8_t syn_frame[] = {
	0xc4, 0x12, 0xf5, 0xff, 0x72, 0xe8, 0x6c, 0xf0, 0x49, 0xb2, 0xde, 0x6e, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x34, 0x13, 0x6d, 0x40, 0x00, 0x80, 0x06, 0x43, 0x6d, 0x0a, 0x00, 0x00, 0x01, 0x51, 0xda,
	0x48, 0x0f, 0xf0, 0x65, 0x00, 0x50, 0x44, 0x2d, 0xf1, 0x7d, 0x00, 0x00, 0x00, 0x00, 0x80, 0x02,
	0x20, 0x00, 0x84, 0xc5, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x08, 0x01, 0x01,
	0x04, 0x02,
};

/* A DNS query over UDP over IPv6 (LINKTYPE_IPV6). */
static const uint8_t dns6_frame[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x25, 0x11, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x26, 0x20, 0x00, 0xfe, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x30, 0x39, 0x00, 0x35, 0x00, 0x25, 0x98, 0xb3,
	0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x65, 0x78, 0x61,
	0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01,
};

static void test_tcp_syn(void)
{
	struct packet p;
	struct frame f;
	char buf[128];
	run_frame(&p, &f, syn_frame, sizeof syn_frame, sizeof syn_frame, LINKTYPE_ETHERNET);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "eth:ip:tcp");
	g_assert_cmpuint(p.flags, ==, 0);
	g_assert_cmpuint(p.ip_version, ==, 4);
	g_assert_cmpuint(p.ip_ttl, ==, 128);
	g_assert_cmpmem(p.ip_src, 4, "\x0a\x00\x00\x01", 4);
	g_assert_cmpmem(p.ip_dst, 4, "\x51\xda\x48\x0f", 4);
	g_assert_cmpuint(p.sport, ==, 61541);
	g_assert_cmpuint(p.dport, ==, 80);
	g_assert_cmpuint(p.tcp_seq, ==, 1143861629u);
	g_assert_cmpuint(p.tcp_flags, ==, TH_SYN);
	g_assert_cmpuint(p.tcp_hdr_len, ==, 32);
	g_assert_cmpuint(p.tcp_len, ==, 0);
	g_assert_cmpuint(p.tcp_mss, ==, 1460);
	g_assert_cmpuint(p.tcp_wscale, ==, 8);
	g_assert_cmpuint(p.tcp_opts, ==, TCPOPT_SEEN_MSS | TCPOPT_SEEN_WS | TCPOPT_SEEN_SACK_PERM);
	/* Fixed-place fields read through the table. */
	const struct field_def *fd = field_lookup("tcp.dstport", NULL);
	uint64_t v;
	g_assert_true(field_read_uint(&p, &p.layers[2], fd, &v));
	g_assert_cmpuint(v, ==, 80);
	g_assert_true(field_read_uint(&p, &p.layers[1], field_lookup("ip.flags.df", NULL), &v));
	g_assert_cmpuint(v, ==, 1);
	g_assert_true(field_read_uint(&p, &p.layers[2], field_lookup("tcp.flags.syn", NULL), &v));
	g_assert_cmpuint(v, ==, 1);
	g_assert_cmpuint(proto_field(&p, PROTO_IP, "ip.len"), ==, 52);
	/* a total length of 0 (segmentation offloaded): the frame's length */
	uint8_t *tso = patched_copy(syn_frame, sizeof syn_frame, 17, 0);
	run_frame(&p, &f, tso, sizeof syn_frame, sizeof syn_frame, LINKTYPE_ETHERNET);
	g_assert_cmpuint(proto_field(&p, PROTO_IP, "ip.len"), ==, sizeof syn_frame - 14);
	g_free(tso);
}

static void test_udp_ipv6(void)
{
	struct packet p;
	struct frame f;
	char buf[128];
	run_frame(&p, &f, dns6_frame, sizeof dns6_frame, sizeof dns6_frame, LINKTYPE_IPV6);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "ipv6:udp:dns");
	g_assert_cmpuint(p.ip_version, ==, 6);
	g_assert_cmpuint(p.ip_proto, ==, 17);
	g_assert_cmpuint(p.sport, ==, 12345);
	g_assert_cmpuint(p.dport, ==, 53);
	g_assert_cmpuint(p.flags, ==, 0);
	/* The same packet as LINKTYPE_RAW gets a raw layer first. */
	run_frame(&p, &f, dns6_frame, sizeof dns6_frame, sizeof dns6_frame, LINKTYPE_RAW);
	g_assert_cmpstr(layer_stack(&p, buf, sizeof buf), ==, "raw:ipv6:udp:dns");
}

/* Every capture length of the SYN: no crash, never malformed, truncated
 * exactly when a header is cut, and TCP fields only when all of it is there. */
static void test_every_truncation(void)
{
	for (uint32_t cap = 0; cap <= sizeof syn_frame; cap++) {
		uint8_t *copy = cut_copy(syn_frame, cap);
		struct packet p;
		struct frame f;
		run_frame(&p, &f, copy, cap, sizeof syn_frame, LINKTYPE_ETHERNET);
		g_assert_false(p.flags & PKT_MALFORMED);
		if (cap < sizeof syn_frame)
			g_assert_true(p.flags & PKT_TRUNCATED);
		else
			g_assert_false(p.flags & PKT_TRUNCATED);
		g_assert_cmpint(pkt_has_tcp(&p), ==, cap == sizeof syn_frame);
		g_free(copy);
	}
}

/* The option walk on the SYN's 12 option bytes (frame offsets 54 to 65)
 * replaced: the timestamp read alike wherever it stands, and a kind in the
 * last byte, its length missing, ran out of the header's bytes. */
static void test_tcp_option_walk(void)
{
	static const uint8_t layouts[][12] = {
		{0x01, 0x01, 0x08, 0x0a, 0x01, 0x02, 0x03, 0x04, 0xa0, 0xb0, 0xc0, 0xd0},
		{0x08, 0x0a, 0x01, 0x02, 0x03, 0x04, 0xa0, 0xb0, 0xc0, 0xd0, 0x01, 0x01},
		{0x01, 0x08, 0x0a, 0x01, 0x02, 0x03, 0x04, 0xa0, 0xb0, 0xc0, 0xd0, 0x00},
	};
	uint8_t b[sizeof syn_frame];
	struct packet p;
	struct frame f;
	for (size_t i = 0; i < G_N_ELEMENTS(layouts); i++) {
		memcpy(b, syn_frame, sizeof b);
		memcpy(b + 54, layouts[i], 12);
		run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
		g_assert_cmpuint(p.tcp_opts, ==, TCPOPT_SEEN_TS);
		g_assert_cmpuint(p.tcp_tsval, ==, 0x01020304u);
		g_assert_cmpuint(p.tcp_tsecr, ==, 0xa0b0c0d0u);
		g_assert_cmpint(pkt_exception(&p, NULL), ==, PKT_EXC_NONE);
		g_assert_false(p.layers[2].flags & PKT_BAD_FIELD);
	}
	/* a timestamp option of length 9 is no timestamp */
	memcpy(b, syn_frame, sizeof b);
	memcpy(b + 54, layouts[0], 12);
	b[57] = 9;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_cmpuint(p.tcp_opts, ==, 0);
	/* window scale in the last byte, its length byte past the header */
	memcpy(b, syn_frame, sizeof b);
	b[64] = 0x01, b[65] = 0x03;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_cmpint(pkt_exception(&p, NULL), ==, PKT_EXC_MALFORMED);
	g_assert_true(p.layers[2].flags & PKT_MALFORMED);
	g_assert_cmpuint(p.tcp_opts, ==, TCPOPT_SEEN_MSS | TCPOPT_SEEN_WS);
}

/* A bogus header field is said (PKT_BAD_FIELD) and raises no exception;
 * bytes declared but missing do. */
static void test_malformed(void)
{
	uint8_t b[sizeof syn_frame];
	struct packet p;
	struct frame f;
	/* IPv4 header length below 20: said, dissection stops */
	memcpy(b, syn_frame, sizeof b);
	b[14] = 0x44;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_true(p.layers[1].flags & PKT_BAD_FIELD);
	g_assert_cmpint(pkt_exception(&p, NULL), ==, PKT_EXC_NONE);
	g_assert_false(pkt_has_tcp(&p));
	/* IPv4 total length shorter than its header */
	memcpy(b, syn_frame, sizeof b);
	b[16] = 0, b[17] = 10;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_true(p.layers[1].flags & PKT_BAD_FIELD);
	g_assert_cmpint(pkt_exception(&p, NULL), ==, PKT_EXC_NONE);
	/* TCP data offset of 4 (16 bytes) */
	memcpy(b, syn_frame, sizeof b);
	b[46] = 0x40;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_true(p.layers[2].flags & PKT_BAD_FIELD);
	g_assert_cmpint(pkt_exception(&p, NULL), ==, PKT_EXC_NONE);
	g_assert_false(pkt_has_tcp(&p));
	/* A TCP option whose length runs past the header: the walk stops */
	memcpy(b, syn_frame, sizeof b);
	b[55] = 40;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_true(p.layers[2].flags & PKT_BAD_FIELD);
	g_assert_cmpint(pkt_exception(&p, NULL), ==, PKT_EXC_NONE);
	/* IPv4 total length beyond the frame: said, and the TCP header is read */
	memcpy(b, syn_frame, sizeof b);
	b[17] = 0x80;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_true(p.layers[1].flags & PKT_BAD_FIELD);
	g_assert_cmpint(pkt_exception(&p, NULL), ==, PKT_EXC_NONE);
	g_assert_true(pkt_has_tcp(&p));
	/* a TCP header the IP datagram declares shorter than 20 bytes: TCP ran
	 * out of bytes it was given (malformed); the same bytes cut by the
	 * capture: short */
	memcpy(b, syn_frame, sizeof b);
	b[16] = 0, b[17] = 30;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	int at;
	g_assert_cmpint(pkt_exception(&p, &at), ==, PKT_EXC_MALFORMED);
	g_assert_cmpint(at, ==, 2);
	memcpy(b, syn_frame, sizeof b);
	run_frame(&p, &f, b, 44, sizeof b, LINKTYPE_ETHERNET);
	g_assert_cmpint(pkt_exception(&p, &at), ==, PKT_EXC_SHORT);
	g_assert_cmpint(at, ==, 2);
}

static void test_ethernet_padding(void)
{
	/* The SYN padded to 80 bytes: the padding is not TCP payload. */
	uint8_t b[80] = {0};
	memcpy(b, syn_frame, sizeof syn_frame);
	struct packet p;
	struct frame f;
	run_frame(&p, &f, b, sizeof b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_cmpuint(p.flags, ==, 0);
	g_assert_cmpuint(p.tcp_len, ==, 0);
	g_assert_cmpuint(p.nlayers, ==, 3);
}

static void test_unknown_linktype(void)
{
	struct packet p;
	struct frame f;
	run_frame(&p, &f, syn_frame, sizeof syn_frame, sizeof syn_frame, 163);
	g_assert_true(p.flags & PKT_UNDISSECTED);
	g_assert_cmpuint(p.nlayers, ==, 0);
}

/* The table a handoff kind fills. */
static const struct dispatch_table *table_of(uint8_t kind)
{
	switch (kind) {
	case HANDOFF_LINKTYPE: return &linktype_table;
	case HANDOFF_ETHERTYPE: return &ethertype_table;
	case HANDOFF_IP_PROTO: return &ipproto_table;
	case HANDOFF_UDP_PORT: return &udp_port_table;
	case HANDOFF_TCP_PORT: return &tcp_port_table;
	default: return NULL;
	}
}

/* Every registration in every descriptor is the one the engine finds: no
 * two protocols claim a key, a heuristic rank or a conversation kind. */
static void test_handoff_unique(void)
{
	const struct protocol *d;
	GHashTable *ranks = g_hash_table_new(g_direct_hash, g_direct_equal); /* kind<<16|rank -> 1 */
	size_t keys = 0, heur = 0;
	handoff_init();
	for (size_t i = 0; (d = protocol_nth(i)); i++)
		for (const struct handoff *h = d->handoff; h && h->kind != HANDOFF_END; h++) {
			const struct dispatch_table *t = table_of(h->kind);
			if (t) {
				g_assert_cmpuint(h->lo, <=, h->hi);
				for (uint32_t k = h->lo; k <= h->hi; k++, keys++) {
					const struct dispatch_entry *e = dispatch_entry_find(t, k);
					if (!e || e->fn != h->fn)
						g_error("%s %u of '%s' is claimed by another protocol", t->name, k,
							proto_get(d->id < PROTO_COUNT ? d->id : PROTO_FRAME)->abbrev);
					g_assert_cmpint(e->tunnel, ==, (h->flags & HANDOFF_TUNNEL) != 0);
				}
			} else if (h->kind == HANDOFF_UDP_CONV) {
				g_assert_true(udp_conv_dissector(udp_conv_kind((enum proto_id)h->lo)) == h->fn);
			} else if (h->kind == HANDOFF_TCP_CONV) {
				g_assert_true(tcp_conv_dissector(tcp_conv_kind((enum proto_id)h->lo)) == h->fn);
			} else {
				gpointer key = GUINT_TO_POINTER((unsigned)h->kind << 16 | h->lo);
				g_assert_false(g_hash_table_contains(ranks, key));
				g_hash_table_add(ranks, key);
				heur++;
			}
		}
	g_hash_table_destroy(ranks);
	/* every table strictly sorted, every entry from a registration */
	const struct dispatch_table *all[] = {&linktype_table, &ethertype_table, &ipproto_table, &udp_port_table,
					      &tcp_port_table};
	size_t entries = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
		for (size_t j = 1; j < all[i]->n; j++)
			g_assert_cmpuint(all[i]->entries[j - 1].key, <, all[i]->entries[j].key);
		entries += all[i]->n;
	}
	g_assert_cmpuint(entries, ==, keys + 1); /* + the engine's own: pcapng custom blocks */
	g_assert_cmpuint(tcp_heur_list.n + udp_heur_list.n, ==, heur);
	/* a few bindings, as Wireshark has them */
	g_assert_true(dispatch_find(&ethertype_table, 0x86dd) == dissect_ipv6);
	g_assert_true(dispatch_find(&ipproto_table, 17) == dissect_udp);
	g_assert_true(dispatch_find(&tcp_port_table, 6063) == dissect_x11);
	g_assert_null(dispatch_find(&tcp_port_table, 6064));
	g_assert_true(dispatch_entry_find(&udp_port_table, 4789)->tunnel);
	g_assert_false(dispatch_entry_find(&udp_port_table, 53)->tunnel);
	g_assert_true(udp_heur_list.fns[udp_heur_list.n - 1] == dissect_dns_heur); /* the loosest, last */
	g_assert_true(pdu_framing_of(dissect_tls)->together);
	g_assert_null(pdu_framing_of(dissect_udp));
}

/* The depth a filter on NAME (a field or a protocol) needs. */
static int depth_of(const char *name)
{
	const struct proto_def *owner = proto_lookup(name);
	const struct field_def *f = owner ? NULL : field_lookup(name, &owner);
	g_assert_nonnull(owner);
	return field_depth(owner, f);
}

/* Each protocol's descriptor says how deep a filter on it must dissect. */
static void test_field_depth(void)
{
	g_assert_cmpint(depth_of("eth"), ==, DEPTH_TRANSPORT);
	g_assert_cmpint(depth_of("frame.len"), ==, DEPTH_TRANSPORT);
	g_assert_cmpint(depth_of("frame.protocols"), ==, DEPTH_APPLICATION);
	g_assert_cmpint(depth_of("ip.src"), ==, DEPTH_TRANSPORT);
	g_assert_cmpint(depth_of("vxlan.vni"), ==, DEPTH_TRANSPORT);
	g_assert_cmpint(depth_of("tcp.srcport"), ==, DEPTH_TRANSPORT);
	g_assert_cmpint(depth_of("tcp.seq_raw"), ==, DEPTH_TRANSPORT);
	g_assert_cmpint(depth_of("tcp.seq"), ==, DEPTH_TRACKED);
	g_assert_cmpint(depth_of("tcp.stream"), ==, DEPTH_TRACKED);
	g_assert_cmpint(depth_of("tcp.analysis.retransmission"), ==, DEPTH_TRACKED);
	g_assert_cmpint(depth_of("udp.stream"), ==, DEPTH_TRACKED);
	g_assert_cmpint(depth_of("udp.length"), ==, DEPTH_TRANSPORT);
	g_assert_cmpint(depth_of("_ws.col.Info"), ==, DEPTH_TRACKED);
	g_assert_cmpint(depth_of("_ws.expert.message"), ==, DEPTH_TRACKED);
	g_assert_cmpint(depth_of("http"), ==, DEPTH_APPLICATION);
	g_assert_cmpint(depth_of("dns.qry.name"), ==, DEPTH_APPLICATION);
}

/* Every descriptor of a protocol with a layer carries its short name, the
 * Protocol column's default and its expert items' protocol; the ids with
 * none get their filter name in capitals. */
static void test_short_names(void)
{
	const struct protocol *d;
	for (size_t i = 0; (d = protocol_nth(i)); i++)
		if (d->id < PROTO_COUNT && (!d->short_name || !d->short_name[0]))
			g_error("'%s' has no short name", proto_get(d->id)->abbrev);
	g_assert_cmpstr(proto_short_name(PROTO_IP), ==, "IPv4");
	g_assert_cmpstr(proto_short_name(PROTO_LCP), ==, "PPP LCP");
	g_assert_cmpstr(proto_short_name(PROTO_ISIS_HELLO), ==, "ISIS HELLO");
	g_assert_cmpstr(proto_short_name(PROTO_IPXSAP), ==, "IPX SAP");
	g_assert_cmpstr(proto_short_name(PROTO_SRVSVC), ==, "SRVSVC");
	g_assert_cmpstr(proto_short_name(PROTO_PORTMAP), ==, "Portmap");
}

/* The generated list: the frame is id 0 (none, in the record's id
 * fields), the other ids follow their filter names, and an id has one
 * descriptor at most, the one protocol_of() gives. */
static void test_protocol_list(void)
{
	g_assert_cmpint(PROTO_FRAME, ==, 0);
	g_assert_cmpstr(proto_get(PROTO_FRAME)->abbrev, ==, "frame");
	for (int id = 2; id < PROTO_COUNT; id++)
		if (strcmp(proto_get((enum proto_id)(id - 1))->abbrev, proto_get((enum proto_id)id)->abbrev) >= 0)
			g_error("'%s' is listed before '%s'", proto_get((enum proto_id)(id - 1))->abbrev,
				proto_get((enum proto_id)id)->abbrev);
	const struct protocol *d;
	size_t seen[PROTO_COUNT] = {0};
	for (size_t i = 0; (d = protocol_nth(i)); i++) {
		if (d->id == PROTO_NO_LAYER)
			continue;
		g_assert_cmpint(d->id, <, PROTO_COUNT);
		if (seen[d->id]++)
			g_error("'%s' has two descriptors", proto_get(d->id)->abbrev);
		g_assert_true(protocol_of(d->id) == d);
	}
	g_assert_true(seen[PROTO_TCP] && seen[PROTO_SIP] && seen[PROTO_DATA]);
	g_assert_true(protocol_of(PROTO_PORTMAP) != NULL); /* the ONC RPC programs' */
	g_assert_null(protocol_of(PROTO_WS_MALFORMED));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/dissect/tcp-syn", test_tcp_syn);
	g_test_add_func("/dissect/udp-ipv6", test_udp_ipv6);
	g_test_add_func("/dissect/every-truncation", test_every_truncation);
	g_test_add_func("/dissect/malformed", test_malformed);
	g_test_add_func("/dissect/tcp-option-walk", test_tcp_option_walk);
	g_test_add_func("/dissect/ethernet-padding", test_ethernet_padding);
	g_test_add_func("/dissect/unknown-linktype", test_unknown_linktype);
	g_test_add_func("/dissect/handoff-unique", test_handoff_unique);
	g_test_add_func("/dissect/field-depth", test_field_depth);
	g_test_add_func("/dissect/short-names", test_short_names);
	g_test_add_func("/dissect/protocol-list", test_protocol_list);
	return g_test_run();
}
