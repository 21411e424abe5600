/* Unit tests of expert items: TCP's items in the order of Wireshark's tree
 * and the lines they hang on, Wireshark's severity and group numbers, and
 * the _ws.expert fields; with HTTP's header lines, the Info they give. */
#include <glib.h>
#include <string.h>

#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/session.h"
#include "dissect/tcp_conv.h"
#include "stats/expert.h"
#include "frame_build.h"

/* A TCP segment 10.0.0.1:1000 -> 10.0.0.2:80 with FLAGS, as tracked. */
static void tcp_packet(struct packet *p, struct frame *f, uint16_t flags, uint32_t ack)
{
	memset(p, 0, sizeof *p);
	*f = (struct frame){.number = 1};
	p->frame = f;
	p->nlayers = 3;
	p->layers[0].proto = PROTO_ETH;
	p->layers[1].proto = PROTO_IP;
	p->layers[2].proto = PROTO_TCP;
	p->ip_layer = 1;
	p->l4_layer = 2;
	p->sport = 1000;
	p->dport = 80;
	p->tcp_flags = flags;
	p->tcp_ack = ack;
	p->tcp_tracked = true;
}

/* The items as "anchor|Severity|summary", one string. */
static void collect(const struct expert_item *it, void *data)
{
	GString *s = data;
	g_string_append_printf(s, "%s%d %s|%s|%s", s->len ? "\n" : "", it->layer, it->anchor ? it->anchor : "-",
			       expert_severity_name(it->severity), it->summary);
}

static char *items_of(const struct packet *p)
{
	GString *s = g_string_new(NULL);
	experts_fill(p, collect, s);
	return g_string_free(s, FALSE);
}

static void test_tcp_order_and_anchors(void)
{
	struct packet p;
	struct frame f;
	/* a SYN with a stray acknowledgment number: the number's line comes
	 * before the flags in the tree, so its note comes first */
	tcp_packet(&p, &f, TH_SYN, 25600);
	g_autofree char *syn = items_of(&p);
	g_assert_cmpstr(syn, ==,
			"2 tcp.ack|Note|The acknowledgment number field is nonzero while the ACK flag is not set\n"
			"2 tcp.flags.syn|Chat|Connection establish request (SYN): server port 80");
	/* a FIN that starts the closing and is sent again */
	tcp_packet(&p, &f, TH_FIN | TH_ACK, 1);
	p.tcp_an_flags = TA_FIN_ACTIVE | TA_RETRANSMISSION;
	g_autofree char *fin = items_of(&p);
	g_assert_cmpstr(fin, ==,
			"2 tcp.flags.fin|Chat|Connection finish (FIN)\n"
			"2 tcp.flags.fin|Note|This frame initiates the connection closing\n"
			"2 tcp.analysis.flags|Note|This frame is a (suspected) retransmission");
	/* a fast retransmission is told as such, then as a retransmission;
	 * a spurious one ahead of an unseen segment's acknowledgment */
	tcp_packet(&p, &f, TH_ACK, 1);
	p.tcp_an_flags = TA_FAST_RETRANSMISSION | TA_RETRANSMISSION;
	g_autofree char *fast = items_of(&p);
	g_assert_cmpstr(fast, ==,
			"2 tcp.analysis.flags|Note|This frame is a (suspected) fast retransmission\n"
			"2 tcp.analysis.flags|Note|This frame is a (suspected) retransmission");
	p.tcp_an_flags = TA_SPURIOUS_RETRANSMISSION | TA_RETRANSMISSION | TA_ACK_LOST_SEGMENT;
	g_autofree char *spurious = items_of(&p);
	g_assert_cmpstr(spurious, ==,
			"2 tcp.analysis.flags|Note|This frame is a (suspected) spurious retransmission\n"
			"2 tcp.analysis.flags|Note|This frame is a (suspected) retransmission\n"
			"2 tcp.analysis.flags|Warning|ACKed segment that wasn't captured (common at capture start)");
	/* a duplicate ACK hangs on its frame line; a reset on its flag */
	tcp_packet(&p, &f, TH_ACK | TH_RST, 1);
	p.tcp_an_flags = TA_DUP_ACK;
	p.tcp_dupack_num = 2;
	g_autofree char *dup = items_of(&p);
	g_assert_cmpstr(dup, ==,
			"2 tcp.flags.reset|Warning|Connection reset (RST)\n"
			"2 tcp.analysis.duplicate_ack_frame|Note|Duplicate ACK (#2)");
	/* untracked: only what the header tells */
	tcp_packet(&p, &f, TH_ACK, 1);
	p.tcp_an_flags = TA_RETRANSMISSION;
	p.tcp_tracked = false;
	g_autofree char *none = items_of(&p);
	g_assert_cmpstr(none, ==, "");
}

static bool collect_value(const struct fvalue *v, void *data)
{
	GString *s = data;
	if (s->len)
		g_string_append_c(s, ',');
	if (v->kind == FV_STRING)
		g_string_append_len(s, (const char *)v->ptr, v->len);
	else
		g_string_append_printf(s, "0x%08" G_GINT64_MODIFIER "x", v->u);
	return true;
}

static char *values_of(const struct packet *p, const char *abbrev, unsigned *n)
{
	const struct proto_def *pd;
	const struct field_def *f = field_lookup(abbrev, &pd);
	g_assert_nonnull(f);
	g_assert_cmpint(pd->id, ==, PROTO_WS_EXPERT);
	GString *s = g_string_new(NULL);
	*n = field_values(p, pd, f, collect_value, s);
	return g_string_free(s, FALSE);
}

static void test_fields(void)
{
	struct packet p;
	struct frame f;
	unsigned n;
	tcp_packet(&p, &f, TH_SYN | TH_ACK, 1);
	p.tcp_an_flags = TA_ZERO_WINDOW;
	g_assert_cmpuint(expert_count(&p), ==, 2);
	g_assert_cmpuint(proto_count(&p, PROTO_WS_EXPERT), ==, 2);
	g_autofree char *msg = values_of(&p, "_ws.expert.message", &n);
	g_assert_cmpuint(n, ==, 2);
	g_assert_cmpstr(msg, ==, "Connection establish acknowledge (SYN+ACK): server port 1000,TCP Zero Window segment");
	g_autofree char *sev = values_of(&p, "_ws.expert.severity", &n);
	g_assert_cmpstr(sev, ==, "0x00200000,0x00600000");
	g_autofree char *grp = values_of(&p, "_ws.expert.group", &n);
	g_assert_cmpstr(grp, ==, "0x02000000,0x02000000");
	/* the names a filter compares with */
	const struct field_def *fs = field_lookup("_ws.expert.severity", NULL);
	g_assert_cmpstr(value_name(fs->vals, 0x00600000), ==, "Warning");
	const struct field_def *fg = field_lookup("_ws.expert.group", NULL);
	g_assert_cmpstr(value_name(fg->vals, expert_group_value(EXPERT_MALFORMED)), ==, "Malformed");
	g_assert_cmpstr(value_name(fg->vals, expert_group_value(EXPERT_PROTOCOL)), ==, "Protocol");
	g_assert_cmpstr(value_name(fg->vals, expert_group_value(EXPERT_RESPONSE_CODE)), ==, "Response");
	/* a frame without items has no _ws.expert */
	tcp_packet(&p, &f, TH_ACK, 1);
	g_assert_cmpuint(proto_count(&p, PROTO_WS_EXPERT), ==, 0);
	g_autofree char *nothing = values_of(&p, "_ws.expert.message", &n);
	g_assert_cmpuint(n, ==, 0);
}

static void test_label(void)
{
	struct expert_item it = {EXPERT_WARN, EXPERT_SEQUENCE, 2, "TCP", NULL, "Connection reset (RST)"};
	g_autoptr(GString) s = g_string_new(NULL);
	expert_label(s, &it);
	g_assert_cmpstr(s->str, ==, "Expert Info (Warning/Sequence): Connection reset (RST)");
	g_assert_cmphex(expert_severity_value(EXPERT_CHAT), ==, 0x00200000);
	g_assert_cmphex(expert_severity_value(EXPERT_NOTE), ==, 0x00400000);
	g_assert_cmphex(expert_severity_value(EXPERT_ERROR), ==, 0x00800000);
	g_assert_cmphex(expert_group_value(EXPERT_SEQUENCE), ==, 0x02000000);
}

/* The summary an item was given, kept by the listener. */
static void keep_summary(const struct expert_item *it, void *data)
{
	g_strlcpy(data, it->summary, EXPERT_SUMMARY_MAX + 1);
}

/* Summaries read as printf writes them, cut where Wireshark's label buffer
 * ends: the conversions formatted without printf (%s, %.*s, %u, %d, %lu,
 * %%) at their extremes, and one that printf formats (%04x). */
static void test_summary_format(void)
{
	char got[EXPERT_SUMMARY_MAX + 1];
	struct experts e = {.fn = keep_summary, .data = got};
	char want[EXPERT_SUMMARY_MAX + 1];
	char *long_text = g_strnfill(EXPERT_SUMMARY_MAX + 40, 'x');
#define CHECK(...)                                                                                     \
	do {                                                                                           \
		expert_add(&e, EXPERT_NOTE, EXPERT_PROTOCOL, "TCP", __VA_ARGS__);                      \
		g_snprintf(want, sizeof want, __VA_ARGS__);                                            \
		g_assert_cmpstr(got, ==, want);                                                        \
	} while (0)
	CHECK("plain words");
	CHECK("port %u of %u", 0u, 4294967295u);
	CHECK("%d %d %d", -2147483647 - 1, 0, 2147483647);
	CHECK("%lu bytes", 18446744073709551615ul);
	CHECK("%" G_GUINT64_FORMAT "%%", (guint64)1234567890123);
	CHECK("[%.*s] [%.*s]", 3, "abcdef", 9, "ab");
	CHECK("%s: %s", "Request", "GET / HTTP/1.1\\r\\n");
	CHECK("id 0x%04x", 0x2au);
	CHECK("%s", long_text);
	CHECK("head %s tail %u", long_text, 7u);
	CHECK("%.*s", EXPERT_SUMMARY_MAX + 10, long_text);
	char *cut_fmt = g_strconcat(long_text, " %u", NULL);
	expert_add(&e, EXPERT_NOTE, EXPERT_PROTOCOL, "TCP", cut_fmt, 5u);
	g_snprintf(want, sizeof want, cut_fmt, 5u);
	g_assert_cmpstr(got, ==, want);
	g_assert_cmpuint(strlen(got), ==, EXPERT_SUMMARY_MAX);
#undef CHECK
	g_free(cut_fmt);
	g_free(long_text);
}

/* Counting rows: items that differ only in severity, group, protocol, a
 * middle character or their length are rows of their own, however they
 * interleave (many share a slot of the recently-found rows); each row's
 * count and each severity's total are exact. */
static void test_state_counts(void)
{
	g_autoptr(expert_state) st = expert_new();
	GHashTable *want = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	uint64_t totals[EXPERT_NSEVERITIES] = {0};
	GRand *r = g_rand_new_with_seed(11);
	for (int i = 0; i < 40000; i++) {
		guint k = g_rand_int_range(r, 0, 600);
		uint8_t sev = (uint8_t)(k % 4), group = (uint8_t)(k / 4 % 3);
		const char *proto = k / 12 % 2 ? "TCP" : "HTTP";
		g_autofree char *summary = g_strdup_printf("Connection %c request: server port %u%s", 'a' + k / 24 % 5,
							   k / 120, k % 7 ? "" : "!");
		guint n = 1 + k % 3;
		expert_state_add(st, sev, group, proto, summary, n);
		char *key = g_strdup_printf("%u|%u|%s|%s", sev, group, proto, summary);
		g_hash_table_insert(want, key, GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(want, key)) + n));
		totals[sev] += n;
	}
	guint rows = 0;
	for (int sev = 0; sev < EXPERT_NSEVERITIES; sev++) {
		uint64_t total;
		const GArray *a = expert_rows(st, (enum expert_severity)sev, &total);
		g_assert_cmpuint(total, ==, totals[sev]);
		for (guint i = 0; i < a->len; i++, rows++) {
			const struct expert_row *row = &g_array_index(a, struct expert_row, i);
			g_autofree char *key = g_strdup_printf("%u|%u|%s|%s", row->severity, row->group, row->protocol,
							       row->summary);
			g_assert_cmpuint(row->count, ==, GPOINTER_TO_UINT(g_hash_table_lookup(want, key)));
		}
	}
	g_assert_cmpuint(rows, ==, g_hash_table_size(want));
	g_rand_free(r);
	g_hash_table_destroy(want);
}

/* The items of a frame as "Protocol|Severity|summary" lines. */
static void collect_proto(const struct expert_item *it, void *data)
{
	GString *s = data;
	g_string_append_printf(s, "%s%s|%s|%s", s->len ? "\n" : "", it->protocol, expert_severity_name(it->severity),
			       it->summary);
}

static char *frame_items(const uint8_t *b, uint32_t n, uint32_t linktype)
{
	struct packet p;
	struct frame f;
	GString *s = g_string_new(NULL);
	run_frame(&p, &f, b, n, n, linktype);
	experts_fill(&p, collect_proto, s);
	return g_string_free(s, FALSE);
}

#define TRAILER_NOTE "Note|Didn't find padding of zeros, and an undecoded trailer exists. There may be padding of non-zeros."

/* Bytes after the IP datagram of an Ethernet frame: zeros up to 60 bytes
 * are padding; other bytes are a trailer, which Wireshark notes. */
static void test_ethernet_trailer(void)
{
	struct built f;
	build_ip(&f, 17, 8); /* a UDP header alone: 42 bytes */
	put16(f.b + 34, 40000), put16(f.b + 36, 40001), put16(f.b + 38, 8);
	f.n = 60;
	g_autofree char *padded = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(padded, ==, "");
	f.b[59] = 0x2a; /* one byte that is not zero: no padding, all trailer */
	g_autofree char *trailer = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(trailer, ==, "Ethertype|" TRAILER_NOTE);
	/* a long frame whose bytes after the datagram are all zeros: a
	 * trailer, but of zeros, which Wireshark lets pass */
	build_ip(&f, 17, 60);
	put16(f.b + 34, 40000), put16(f.b + 36, 40001), put16(f.b + 38, 60);
	f.n = 94 + 6;
	g_autofree char *zeros = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(zeros, ==, "");
	f.b[97] = 1;
	g_autofree char *long_trailer = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(long_trailer, ==, "Ethertype|" TRAILER_NOTE);
	/* 802.3: the length field ends the payload, Ethernet says it */
	static const uint8_t llc[] = {1, 0x80, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 3, 0x42, 0x42, 0x03};
	uint8_t b[60];
	memset(b, 0x55, sizeof b);
	memcpy(b, llc, sizeof llc);
	g_autofree char *dot3 = frame_items(b, sizeof b, LINKTYPE_ETHERNET);
	g_assert_cmpstr(dot3, ==, "Ethernet|" TRAILER_NOTE);
	/* behind a VLAN tag the trailer is the tag's, without the note */
	uint8_t v[64] = {0};
	build_ip(&f, 17, 8);
	memcpy(v, f.b, 12);
	v[12] = 0x81, v[13] = 0x00, v[14] = 0, v[15] = 5, v[16] = 0x08, v[17] = 0x00;
	memcpy(v + 18, f.b + 14, 28);
	memset(v + 46, 0x77, sizeof v - 46);
	g_autofree char *tagged = frame_items(v, sizeof v, LINKTYPE_ETHERNET);
	g_assert_cmpstr(tagged, ==, "");
}

/* Linux cooked capture: no padding, any other byte after the ARP message
 * is a trailer (the Ethertype dissector's note). */
static void test_sll_trailer(void)
{
	uint8_t b[16 + 28 + 4] = {0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 1, 0, 0, 0x08, 0x06,
				  0, 1, 0x08, 0, 6, 4, 0, 1};
	g_autofree char *zeros = frame_items(b, sizeof b, LINKTYPE_LINUX_SLL);
	g_assert_cmpstr(zeros, ==, "");
	b[sizeof b - 2] = 0x74;
	g_autofree char *trailer = frame_items(b, sizeof b, LINKTYPE_LINUX_SLL);
	g_assert_cmpstr(trailer, ==, "Ethertype|" TRAILER_NOTE);
	g_autofree char *whole = frame_items(b, sizeof b - 4, LINKTYPE_LINUX_SLL);
	g_assert_cmpstr(whole, ==, "");
}

/* A TLS 1.2 record, then bytes of no known content type in the same
 * segment: Wireshark's warning, under TLS whatever the column says, once. */
static void test_tls_unknown_record(void)
{
	static const uint8_t payload[] = {23, 3, 3, 0, 4, 1, 2, 3, 4, /* Application Data */
					  0, 0, 0, 0, 0, 0};              /* type 0 */
	struct built f;
	build_ip(&f, 6, 20 + sizeof payload);
	uint8_t *t = f.b + 34;
	put16(t, 443), put16(t + 2, 50000);
	put32(t + 4, 1000), put32(t + 8, 1);
	t[12] = 5 << 4, t[13] = 0x18; /* PSH, ACK */
	put16(t + 14, 512);
	memcpy(t + 20, payload, sizeof payload);
	char cols[256];
	g_assert_cmpstr(cols_of(&f, cols, sizeof cols), ==, "TLSv1.2|Application Data, Ignored Unknown Record");
	g_autofree char *items = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(items, ==, "TLS|Warning|Ignored Unknown Record");
	/* a record of a known type alone: nothing to say */
	uint8_t tcp[20];
	memcpy(tcp, t, sizeof tcp);
	build_ip(&f, 6, 20 + 9);
	memcpy(f.b + 34, tcp, sizeof tcp);
	memcpy(f.b + 54, payload, 9);
	g_assert_cmpstr(cols_of(&f, cols, sizeof cols), ==, "TLSv1.2|Application Data");
	g_autofree char *none = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(none, ==, "");
}

/* A frame 10.x:80 -> 50000 carrying the LEN bytes of PAYLOAD over TCP,
 * dissected alone. */
static void http_frame(struct built *f, const char *payload, size_t len)
{
	build_ip(f, 6, 20 + (uint32_t)len);
	uint8_t *t = f->b + 34;
	put16(t, 80), put16(t + 2, 50000);
	put32(t + 4, 1000), put32(t + 8, 1);
	t[12] = 5 << 4, t[13] = 0x18; /* PSH, ACK */
	put16(t + 14, 512);
	memcpy(t + 20, payload, len);
}

/* HTTP's header lines: a name that is no token (a blank before the colon)
 * is a warning; an empty line before the message an error, in a
 * continuation too, whose first lines are read as header lines as long as
 * they hold a colon. */
static void test_http_header_lines(void)
{
	static const char resp[] = "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Credentials : true\r\n"
				   "X-Ok: 1\r\n\r\n";
	struct built f;
	char cols[256];
	http_frame(&f, resp, sizeof resp - 1);
	g_assert_cmpstr(cols_of(&f, cols, sizeof cols), ==, "HTTP|HTTP/1.1 200 OK ");
	g_autofree char *items = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(items, ==,
			"HTTP|Chat|HTTP/1.1 200 OK\\r\\n\n"
			"HTTP|Warning|Illegal characters found in header name");
	static const char cont[] = "\r\nvar a = {'k' : 1};\r\nb: 2\r\nreturn a;\r\nc: 3\r\n";
	http_frame(&f, cont, sizeof cont - 1);
	g_assert_cmpstr(cols_of(&f, cols, sizeof cols), ==, "HTTP|Continuation");
	g_autofree char *cont_items = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(cont_items, ==,
			"HTTP|Error|Leading CRLF previous message in the stream may have extra CRLF\n"
			"HTTP|Warning|Illegal characters found in header name");
	/* binary bytes are no lines */
	http_frame(&f, "\x01: x\r\n", 6);
	g_autofree char *bin = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(bin, ==, "");
}

/* Header names: every token character passes, one other byte warns; a
 * lone CR ends a line as an LF does (the line after it is read on its own). */
static void test_http_header_tokens(void)
{
	static const char ok[] = "HTTP/1.1 200 OK\r\n!#$%&'*+-.^_`|~Az09: v\r\n\r\n";
	static const char at[] = "HTTP/1.1 200 OK\r\nX@Y: v\r\n\r\n";
	static const char cr[] = "HTTP/1.1 200 OK\r\nX-A: 1\rB C: 2\r\n\r\n";
	static const char lone[] = "HTTP/1.1 200 OK\r\nX-A\rB C: 2\r\n\r\n";
	struct built f;
	http_frame(&f, ok, sizeof ok - 1);
	g_autofree char *ok_items = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(ok_items, ==, "HTTP|Chat|HTTP/1.1 200 OK\\r\\n");
	http_frame(&f, at, sizeof at - 1);
	g_autofree char *at_items = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(at_items, ==,
			"HTTP|Chat|HTTP/1.1 200 OK\\r\\n\n"
			"HTTP|Warning|Illegal characters found in header name");
	/* "B C: 2" after a lone CR is a line of its own: its name is no token */
	http_frame(&f, cr, sizeof cr - 1);
	g_autofree char *cr_items = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(cr_items, ==,
			"HTTP|Chat|HTTP/1.1 200 OK\\r\\n\n"
			"HTTP|Warning|Illegal characters found in header name");
	/* "X-A" ends at the lone CR, holds no colon: the header lines end there */
	http_frame(&f, lone, sizeof lone - 1);
	g_autofree char *lone_items = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(lone_items, ==, "HTTP|Chat|HTTP/1.1 200 OK\\r\\n");
}

/* An NTLMSSP token in an authentication header line adds its summary to
 * HTTP's Info, after the start line and before the body's media type. */
static void test_http_ntlmssp_info(void)
{
	static const char neg[] = "GET /a HTTP/1.1\r\nHost: x\r\nAuthorization: NTLM TlRMTVNTUAABAAAAB4IIog==\r\n\r\n";
	static const char auth[] = "GET /a HTTP/1.1\r\nAuthorization: NTLM TlRMTVNTUAADAAAAAAAAAEAAAAAAAAAAQAAAAAYABgBA"
				   "AAAABgAGAEYAAAAAAAAATAAAAAAAAABMAAAABYKIokQATwBNAGIAbwBiAA==\r\n\r\n";
	static const char basic[] = "GET /a HTTP/1.1\r\nAuthorization: Basic dTpw\r\n\r\n";
	struct built f;
	char cols[256];
	http_frame(&f, neg, sizeof neg - 1);
	g_assert_cmpstr(cols_of(&f, cols, sizeof cols), ==, "HTTP|GET /a HTTP/1.1 , NTLMSSP_NEGOTIATE");
	http_frame(&f, auth, sizeof auth - 1);
	g_assert_cmpstr(cols_of(&f, cols, sizeof cols), ==, "HTTP|GET /a HTTP/1.1 , NTLMSSP_AUTH, User: DOM\\bob");
	http_frame(&f, basic, sizeof basic - 1);
	g_assert_cmpstr(cols_of(&f, cols, sizeof cols), ==, "HTTP|GET /a HTTP/1.1 ");
}

/* A body in a content coding that cannot be undone: an unknown coding, or
 * gzip bytes that do not inflate; a valid gzip body says nothing. */
static void test_http_decompression(void)
{
	static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: %s\r\n"
				   "Content-Length: %u\r\n\r\n";
	static const uint8_t gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xcb\x48\xcd\xc9\xc9\x57\xc8\x40\x90\x5c"
				    "\x00\x3b\x7c\x8a\xdf\x12\x00\x00\x00";
	static const uint8_t junk[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xff\xff\xff\xff\xff\xff";
	static const struct {
		const char *coding;
		const uint8_t *body;
		uint32_t len;
		const char *items;
	} cases[] = {
		{"gzip", gz, sizeof gz - 1, "HTTP|Chat|HTTP/1.1 200 OK\\r\\n"},
		{"gzip", junk, sizeof junk - 1, "HTTP|Chat|HTTP/1.1 200 OK\\r\\n\nHTTP|Warning|Decompression failed"},
		{"xpress", gz, sizeof gz - 1, "HTTP|Chat|HTTP/1.1 200 OK\\r\\n\nHTTP|Warning|Decompression failed"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char msg[512];
		int n = g_snprintf(msg, sizeof msg, head, cases[i].coding, cases[i].len);
		memcpy(msg + n, cases[i].body, cases[i].len);
		struct built f;
		http_frame(&f, msg, (size_t)n + cases[i].len);
		g_autofree char *items = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
		g_assert_cmpstr(items, ==, cases[i].items);
	}
}

/* A body its media type's image dissector refuses (no signature of that
 * format) is a note, then shown by another format's signature; a JPEG
 * without a JFIF or Exif segment is refused too. */
static void test_http_body_refused(void)
{
	static const char png[] = "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: 12\r\n\r\n"
				  "\x89PNG\r\n\x1a\n\0\0\0\r";
	static const char jpg[] = "HTTP/1.1 200 OK\r\nContent-Type: image/jpg\r\nContent-Length: 12\r\n\r\n"
				  "\xff\xd8\xff\xed\0\x10Photo";
	static const char gif[] = "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: 10\r\n\r\n"
				  "GIF89a\1\0\1\0";
	static const char note[] = "HTTP|Chat|HTTP/1.1 200 OK\\r\\n\n"
				   "HTTP|Note|HTTP body subdissector failed, trying heuristic subdissector";
	struct built f;
	char cols[256];
	http_frame(&f, png, sizeof png - 1);
	g_autofree char *a = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(a, ==, note);
	g_assert_cmpstr(cols_of(&f, cols, sizeof cols), ==, "HTTP|HTTP/1.1 200 OK  (PNG)");
	http_frame(&f, jpg, sizeof jpg - 1);
	g_autofree char *b = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(b, ==, note);
	g_assert_cmpstr(cols_of(&f, cols, sizeof cols), ==, "HTTP|HTTP/1.1 200 OK  (image/jpg)");
	http_frame(&f, gif, sizeof gif - 1);
	g_autofree char *c = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(c, ==, "HTTP|Chat|HTTP/1.1 200 OK\\r\\n");
}

static void collect_group(const struct expert_item *it, void *data)
{
	GString *s = data;
	g_string_append_printf(s, "%s%s|%s|%s|%s", s->len ? "\n" : "", it->protocol, expert_severity_name(it->severity),
			       expert_group_name(it->group), it->summary);
}

/* A pcapng packet comment is a Comment item of the frame; a summary longer
 * than Wireshark's label buffer is cut at 239 bytes. */
static void test_packet_comment(void)
{
	struct built b;
	build_ip(&b, 17, 8);
	put16(b.b + 38, 8);
	char text[300];
	memset(text, 'x', sizeof text);
	memcpy(text, "Step\t1", 6);
	struct packet p;
	struct frame f = {.number = 1, .caplen = b.n, .len = b.n, .linktype = LINKTYPE_ETHERNET, .data = b.b,
			  .flags = FRAME_COMMENT | FRAME_PCAPNG, .comment = (const uint8_t *)text, .comment_len = 20};
	dissect_frame(&p, &f);
	GString *s = g_string_new(NULL);
	experts_fill(&p, collect_group, s);
	g_assert_cmpstr(s->str, ==, "Frame|Comment|Comment|Step\t1xxxxxxxxxxxxxx");
	g_assert_cmpuint(expert_group_value(EXPERT_COMMENT_GROUP), ==, 0x0b000000);
	f.comment_len = sizeof text;
	dissect_frame(&p, &f);
	g_string_truncate(s, 0);
	experts_fill(&p, collect_group, s);
	g_assert_cmpuint(s->len, ==, strlen("Frame|Comment|Comment|") + 239);
	g_string_free(s, TRUE);
	/* a frame without one, or a comment of another format: none */
	f.flags = FRAME_COMMENT;
	dissect_frame(&p, &f);
	g_assert_cmpuint(expert_count(&p), ==, 0);
}

/* An ACK whose SACK option holds the blocks BLOCKS (N pairs of edges). */
static char *sack_items(const uint32_t *blocks, unsigned n)
{
	struct built f;
	uint32_t opt = 4 + 8 * n; /* two NOPs, kind, length, the blocks */
	build_ip(&f, 6, 20 + opt);
	uint8_t *t = f.b + 34;
	put16(t, 50000), put16(t + 2, 80);
	put32(t + 4, 1), put32(t + 8, 1000);
	t[12] = (uint8_t)((20 + opt) / 4 << 4), t[13] = 0x10; /* ACK */
	put16(t + 14, 512);
	t[20] = 1, t[21] = 1, t[22] = 5, t[23] = (uint8_t)(2 + 8 * n);
	for (unsigned i = 0; i < 2 * n; i++)
		put32(t + 24 + 4 * i, blocks[i]);
	return frame_items(f.b, f.n, LINKTYPE_ETHERNET);
}

/* RFC 2883: a first SACK block below the acknowledgment number, or within
 * the second block, reports a duplicate. */
static void test_dsack(void)
{
	static const uint32_t below[] = {900, 1000};
	static const uint32_t above[] = {2000, 3000};
	static const uint32_t within[] = {2000, 2100, 1500, 2500};
	static const uint32_t apart[] = {2000, 2100, 3000, 3100};
	g_autofree char *a = sack_items(below, 1), *b = sack_items(above, 1);
	g_autofree char *c = sack_items(within, 2), *d = sack_items(apart, 2);
	g_assert_cmpstr(a, ==, "TCP|Warning|D-SACK Sequence");
	g_assert_cmpstr(b, ==, "");
	g_assert_cmpstr(c, ==, "TCP|Warning|D-SACK Sequence");
	g_assert_cmpstr(d, ==, "");
}

/* Items of the link and network headers: a group address as Ethernet
 * source, an IPv6 payload length of zero that is no jumbogram (and TCP's
 * exception on the nothing it is then handed). */
static void test_header_items(void)
{
	struct built f;
	build_ip(&f, 17, 8);
	put16(f.b + 34, 40000), put16(f.b + 36, 40001), put16(f.b + 38, 8);
	f.n = 60;
	f.b[6] = 0x01; /* source 01:00:00:00:00:01 */
	g_autofree char *group = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(group, ==,
			"Ethernet|Warning|Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)");
	uint8_t v6[14 + 40 + 20] = {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x86, 0xdd, 0x60};
	v6[14 + 6] = 6, v6[14 + 7] = 64; /* next header TCP; payload length 0 */
	g_autofree char *tso = frame_items(v6, sizeof v6, LINKTYPE_ETHERNET);
	/* TCP, handed no byte, fails at once */
	g_assert_cmpstr(tso, ==,
			"IPv6|Chat|IPv6 payload length equals 0 (maybe because of \"TCP segmentation offload\" (TSO))\n"
			"TCP|Error|Malformed Packet (Exception occurred)");
	v6[14 + 5] = 20; /* as long as its TCP header */
	g_autofree char *whole = frame_items(v6, sizeof v6, LINKTYPE_ETHERNET);
	g_assert_true(strstr(whole, "payload length equals 0") == NULL);
}

/* DHCP's seconds elapsed written little-endian (a low byte of zero, a
 * value over 255): Wireshark's note. */
static void test_dhcp_secs(void)
{
	struct built f;
	build_ip(&f, 17, 8 + 240);
	put16(f.b + 34, 68), put16(f.b + 36, 67), put16(f.b + 38, 8 + 240);
	uint8_t *d = f.b + 42;
	d[0] = 1, d[1] = 1, d[2] = 6;
	put32(d + 236, 0x63825363); /* the magic cookie */
	d[8] = 0x1d, d[9] = 0x00;    /* 29 seconds, little-endian */
	g_autofree char *le = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(le, ==, "DHCP/BOOTP|Note|Seconds elapsed appears to be encoded as little-endian");
	d[8] = 0x00, d[9] = 0x1d;
	g_autofree char *be = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(be, ==, "");
}

/* A DNS message of ID 0x1234 asking for a.test (RESPONSE: the answer, from
 * the server) into F. */
static void dns_frame(struct built *f, bool response)
{
	static const uint8_t q[] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
				    1, 'a', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1};
	build_ip(f, 17, 8 + sizeof q);
	uint8_t *u = f->b + 34;
	put16(u, response ? 53 : 40000), put16(u + 2, response ? 40000 : 53), put16(u + 4, 8 + sizeof q);
	memcpy(u + 8, q, sizeof q);
	if (response) {
		u[8 + 2] = 0x81, u[8 + 3] = 0x80;
		put32(f->b + 26, 0x0a000002), put32(f->b + 30, 0x0a000001);
	}
}

/* Wireshark's transaction tracking: a query repeated unanswered within 5
 * seconds, a second response. */
static void test_dns_retransmission(void)
{
	static const struct {
		bool response;
		int64_t sec;
		const char *items;
	} seq[] = {
		{false, 0, ""},
		{false, 1, "DNS|Warning|DNS query retransmission. Original request in frame 1"},
		{false, 7, ""}, /* more than 5 seconds after the first: a new query */
		{true, 7, ""},
		{true, 8, "DNS|Warning|DNS response retransmission. Original response in frame 4"},
		{false, 8, ""}, /* the last one was answered: a new query */
	};
	struct dissect_session *ses = dissect_session_new();
	struct packet p;
	memset(&p, 0, sizeof p);
	for (size_t i = 0; i < G_N_ELEMENTS(seq); i++) {
		struct built f;
		dns_frame(&f, seq[i].response);
		struct frame fr = {.number = i + 1, .caplen = f.n, .len = f.n, .linktype = LINKTYPE_ETHERNET,
				   .data = f.b, .ts_ns = seq[i].sec * 1000000000LL};
		dissect_frame_in(&p, &fr, ses, false);
		GString *s = g_string_new(NULL);
		experts_fill(&p, collect_proto, s);
		g_assert_cmpstr(s->str, ==, seq[i].items);
		g_string_free(s, TRUE);
	}
	dissect_session_free(ses);
}

/* TCP Fast Open in the experimental option of RFC 6994 (identifier
 * 0xf989): a SYN asking for a cookie shows TFO=R, one carrying a cookie
 * TFO=C and a note; a SYN-ACK's cookie is no note. */
static void test_tcp_fast_open(void)
{
	static const struct {
		const char *opts;
		uint8_t flags;
		const char *cols, *items;
	} cases[] = {
		{"fe04f98901010101", 0x02, "TCP|40000 → 80 [SYN] Seq=7 Win=1024 Len=0 TFO=R",
		 "TCP|Chat|Connection establish request (SYN): server port 80\n"
		 "TCP|Note|The SYN packet does not contain a MSS option"},
		{"fe0af989090909090000", 0x02, "TCP|40000 → 80 [SYN] Seq=7 Win=1024 Len=0 TFO=C",
		 "TCP|Chat|Connection establish request (SYN): server port 80\n"
		 "TCP|Note|TCP SYN with TFO Cookie\n"
		 "TCP|Note|The SYN packet does not contain a MSS option"},
		{"22060909090901010101", 0x12, "TCP|40000 → 80 [SYN, ACK] Seq=7 Ack=0 Win=1024 Len=0 TFO=C",
		 "TCP|Chat|Connection establish acknowledge (SYN+ACK): server port 40000\n"
		 "TCP|Note|The SYN packet does not contain a MSS option"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct built f;
		uint8_t opts[40];
		uint32_t olen = unhex(opts, cases[i].opts);
		olen = (olen + 3) & ~3u;
		build_ip(&f, 6, 20 + olen);
		uint8_t *t = f.b + 34;
		put16(t, 40000), put16(t + 2, 80), put32(t + 4, 7);
		t[12] = (uint8_t)((20 + olen) / 4 << 4), t[13] = cases[i].flags, put16(t + 14, 1024);
		unhex(t + 20, cases[i].opts);
		char buf[256];
		g_assert_cmpstr(cols_of(&f, buf, sizeof buf), ==, cases[i].cols);
		g_autofree char *items = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
		g_assert_cmpstr(items, ==, cases[i].items);
	}
}

/* SIP's header lines: a name it does not know (lowered, up to a NUL), a
 * line with no colon, a Content-Length that is not a plain number, a
 * header with no empty line after it; compact forms and folded lines are
 * known. */
static void test_sip_headers(void)
{
	static const struct {
		const char *msg, *items;
	} cases[] = {
		{"OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h\r\nCall-ID: 1\r\n continued\r\nl: 0\r\n\r\n", ""},
		{"OPTIONS sip:a@b SIP/2.0\r\nX-Custom: 1\r\nCa\0ll: 2\r\nno colon here\r\nContent-Length: 0 \r\n\r\n",
		 "SIP|Note|Unrecognised SIP header (x-custom)\n"
		 "SIP|Note|Unrecognised SIP header (ca)\n"
		 "SIP|Warning|Header has no colon after the name\n"
		 "SIP|Note|Invalid content_length"},
		{"SIP/2.0 200 OK\r\nCSeq: 1 OPTIONS\r\n", "SIP|Warning|Header not terminated by empty line (CRLF)"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct built f;
		const char *m = cases[i].msg;
		uint32_t n = (uint32_t)strlen(m);
		if (i == 1)
			n += (uint32_t)strlen(m + n + 1) + 1; /* past the NUL */
		build_udp(&f, 5060, 5060, m, n);
		g_autofree char *items = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
		g_assert_cmpstr(items, ==, cases[i].items);
	}
}

/* The items of a UDP datagram from SPORT to DPORT carrying the bytes of HEX. */
static char *udp_hex_items(uint16_t sport, uint16_t dport, const char *hex)
{
	struct built f;
	uint8_t m[256];
	g_assert_cmpuint(strlen(hex) / 2, <=, sizeof m);
	uint32_t n = unhex(m, hex);
	build_udp(&f, sport, dport, m, n);
	return frame_items(f.b, f.n, LINKTYPE_ETHERNET);
}

/* DNS records of a type Wireshark has no reader for, with data, are
 * reported one by one; an A record and an empty record of type 0 are not. */
static void test_dns_unread_types(void)
{
	g_autofree char *items = udp_hex_items(53, 40000,
					       "12348180000000030000000000"   /* header: 3 answers, then the root name */
					       "0001000100000e1000040a000001" /* A 10.0.0.1 */
					       "0000000000000000000000"       /* type 0, no data */
					       "0009040001000000000002abcd"); /* type 2308, 2 bytes */
	g_assert_cmpstr(items, ==,
			"DNS|Note|Dissector for DNS Type (2308) code not implemented, Contact Wireshark developers if you "
			"want this supported");
}

/* STUN on its port: each attribute of a type Wireshark does not know, and
 * a message length that is no whole number of words. */
static void test_stun_unknown_attributes(void)
{
	static const struct {
		const char *msg, *items;
	} cases[] = {
		{"00010010" "2112a442" "000000000000000000000001" "8036000411223344" "0006000261620000",
		 "STUN|Warning|Unknown attribute 0x8036"},
		{"0001000e" "2112a442" "000000000000000000000002" "080000026162" "0000" "803300026364",
		 "STUN|Error|Packet length is not multiple of 4 bytes\n"
		 "STUN|Warning|Unknown attribute 0x0800\n"
		 "STUN|Warning|Unknown attribute 0x8033"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *items = udp_hex_items(40000, 3478, cases[i].msg);
		g_assert_cmpstr(items, ==, cases[i].items);
	}
}

/* An IPv4 or TCP option of a kind Wireshark has no reader for, whose
 * length is too short or runs past the options, is reported, and the
 * reading of the options stops there. */
static void test_option_lengths(void)
{
	struct built f;
	/* IPv4, 24-byte header: NOP, kind 10 claiming 161 bytes */
	build_ip(&f, 17, 8);
	memmove(f.b + 38, f.b + 34, 8);
	f.b[14] = 0x46, put16(f.b + 16, 32);
	unhex(f.b + 34, "010aa100");
	put16(f.b + 38, 40000), put16(f.b + 40, 40001), put16(f.b + 42, 8);
	f.n = 60;
	g_autofree char *ip = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(ip, ==, "IPv4|Warning|Unknown (0x0a) (option length = 161 bytes says option goes past end of options)");
	static const struct {
		const char *opts, *item;
	} tcp[] = {
		{"02040218" "0901" "0000", "TCP|Note|Unknown (0x09) (with too-short option length = 1 byte)"},
		{"aaaa0000", "TCP|Note|Unknown (0xaa) (option length = 170 bytes says option goes past end of options)"},
		{"01010101", ""},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(tcp); i++) {
		uint8_t o[40];
		uint32_t olen = unhex(o, tcp[i].opts);
		build_ip(&f, 6, 20 + olen);
		uint8_t *t = f.b + 34;
		put16(t, 40000), put16(t + 2, 80), put32(t + 4, 7), put32(t + 8, 1);
		t[12] = (uint8_t)((20 + olen) / 4 << 4), t[13] = 0x10, put16(t + 14, 1024);
		memcpy(t + 20, o, olen);
		g_autofree char *items = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
		g_assert_cmpstr(items, ==, tcp[i].item);
	}
}

/* An Ethernet ARP packet of OPCODE: sender MAC ending SMAC with 10.0.0.SIP,
 * target MAC ending TMAC (0: all zero) with 10.0.0.TIP. */
static void arp_frame(struct built *f, uint16_t opcode, uint8_t smac, uint8_t sip, uint8_t tmac, uint8_t tip)
{
	static const uint8_t head[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06,
				       0, 1, 0x08, 0x00, 6, 4};
	memset(f->b, 0, sizeof f->b);
	memcpy(f->b, head, sizeof head);
	uint8_t *a = f->b + 14;
	put16(a + 6, opcode);
	a[8] = 2, a[13] = smac;
	put32(a + 14, 0x0a000000u | sip);
	if (tmac)
		a[18] = 2, a[23] = tmac;
	put32(a + 24, 0x0a000000u | tip);
	f->n = 60;
}

/* Duplicate address detection over a file: each IPv4 address keeps the
 * MAC address that first bound it; a sender (and a reply's target) bound
 * to another one is a duplicate, told by an item each and, when it was the
 * last address looked at, in Info.  Gratuitous ARP, announcements and
 * probes are named in Info. */
static void test_arp_duplicates(void)
{
	static const struct {
		uint16_t op;
		uint8_t smac, sip, tmac, tip;
		const char *cols, *items;
	} seq[] = {
		{1, 1, 1, 0, 2, "ARP|Who has 10.0.0.2? Tell 10.0.0.1", ""},
		{2, 2, 2, 1, 1, "ARP|10.0.0.2 is at 02:00:00:00:00:02", ""},
		{1, 1, 1, 0, 2, "ARP|Who has 10.0.0.2? Tell 10.0.0.1", ""},
		/* another host says it is 10.0.0.1 */
		{1, 3, 1, 0, 2, "ARP|Who has 10.0.0.2? Tell 10.0.0.1 (duplicate use of 10.0.0.1 detected!)",
		 "ARP/RARP|Warning|Duplicate IP address configured (10.0.0.1)"},
		/* a reply to it: the sender is fine, the target is the duplicate */
		{2, 2, 2, 3, 1, "ARP|10.0.0.2 is at 02:00:00:00:00:02 (duplicate use of 10.0.0.1 detected!)",
		 "ARP/RARP|Warning|Duplicate IP address configured (10.0.0.1)"},
		/* the duplicate sender, then a fine target: an item, no Info */
		{2, 3, 1, 2, 2, "ARP|10.0.0.1 is at 02:00:00:00:00:03",
		 "ARP/RARP|Warning|Duplicate IP address configured (10.0.0.1)"},
		{1, 4, 4, 0, 4, "ARP|ARP Announcement for 10.0.0.4", ""},
		{1, 4, 4, 9, 4, "ARP|Gratuitous ARP for 10.0.0.4 (Request)", ""},
		{2, 4, 4, 4, 4, "ARP|Gratuitous ARP for 10.0.0.4 (Reply)", ""},
		{1, 5, 0, 0, 4, "ARP|Who has 10.0.0.4? (ARP Probe)", ""},
	};
	struct dissect_session *ses = dissect_session_new();
	struct packet p;
	memset(&p, 0, sizeof p);
	for (size_t i = 0; i < G_N_ELEMENTS(seq); i++) {
		struct built f;
		arp_frame(&f, seq[i].op, seq[i].smac, seq[i].sip, seq[i].tmac, seq[i].tip);
		if (seq[i].sip == 0)
			memset(f.b + 14 + 14, 0, 4);
		struct frame fr = {.number = i + 1, .caplen = f.n, .len = f.n, .linktype = LINKTYPE_ETHERNET,
				   .data = f.b, .ts_ns = (int64_t)i * 1000000000LL};
		dissect_frame_in(&p, &fr, ses, false);
		struct columns c = {.info = g_string_new(NULL)};
		columns_fill(&c, &p);
		g_autofree char *cols = g_strdup_printf("%s|%s", c.proto, c.info->str);
		g_string_free(c.info, TRUE);
		g_assert_cmpstr(cols, ==, seq[i].cols);
		GString *s = g_string_new(NULL);
		experts_fill(&p, collect_proto, s);
		g_assert_cmpstr(s->str, ==, seq[i].items);
		g_string_free(s, TRUE);
	}
	dissect_session_free(ses);
}

/* IPv4: a low TTL to a unicast address, the TTL the Local Network Control
 * Block wants (255 for mDNS, any for LLMNR), a total length past the
 * frame, a version that is no IPv4 one. */
static void test_ipv4_items(void)
{
	struct built f;
	build_ip(&f, 17, 8);
	put16(f.b + 34, 40000), put16(f.b + 36, 40001), put16(f.b + 38, 8);
	f.n = 60;
	f.b[14 + 8] = 2;
	g_autofree char *low = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(low, ==, "IPv4|Note|\"Time To Live\" only 2");
	put32(f.b + 30, 0xe00000fb); /* 224.0.0.251, mDNS */
	f.b[14 + 8] = 1;
	g_autofree char *mdns = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(mdns, ==,
			"IPv4|Note|\"Time To Live\" != 255 for a packet sent to the Local Network Control Block (see RFC 3171)");
	put32(f.b + 30, 0xe00000fc); /* 224.0.0.252, LLMNR: any */
	g_autofree char *llmnr = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(llmnr, ==, "");
	put32(f.b + 30, 0xeffffffa); /* other multicast: no rule */
	g_autofree char *mcast = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(mcast, ==, "");
	build_ip(&f, 17, 8);
	put16(f.b + 34, 40000), put16(f.b + 36, 40001), put16(f.b + 38, 8);
	put16(f.b + 16, 100); /* 100 bytes said, 28 there */
	g_autofree char *longer = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(longer, ==, "IPv4|Error|IPv4 total length exceeds packet length (28 bytes)");
	f.b[14] = 0x55;
	g_autofree char *bogus = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(bogus, ==, "IPv4|Error|Bogus IPv4 version");
}

/* A TCP segment of the connection 10.0.0.1:50000 - 10.0.0.2:443 carrying
 * PAYLOAD (N bytes), FROM_SERVER or not, at SEQ, into F. */
static void tls_segment(struct built *f, bool from_server, uint32_t seq, uint32_t ack, const uint8_t *payload,
			uint32_t n)
{
	build_ip(f, 6, 20 + n);
	uint8_t *t = f->b + 34;
	put16(t, from_server ? 443 : 50000), put16(t + 2, from_server ? 50000 : 443);
	put32(t + 4, seq), put32(t + 8, ack);
	t[12] = 5 << 4, t[13] = 0x18;
	put16(t + 14, 512);
	memcpy(t + 20, payload, n);
	if (from_server)
		put32(f->b + 26, 0x0a000002), put32(f->b + 30, 0x0a000001);
}

/* The items of each segment of a TLS 1.2 handshake, client and server in
 * turn, as "frame:items" lines; CERT: the server sends a Certificate. */
static char *tls_handshake_items(bool cert)
{
	uint8_t ch[5 + 77] = {22, 3, 1, 0, 77, 1, 0, 0, 73, 3, 3};
	ch[5 + 38] = 32; /* a session ID of 32 bytes (zeros past the random) */
	ch[5 + 71] = 0, ch[5 + 72] = 2, ch[5 + 73] = 0xc0, ch[5 + 74] = 0x2f, ch[5 + 75] = 1, ch[5 + 76] = 0;
	uint8_t sh[5 + 74 + 6 + 12] = {22, 3, 3, 0, 74, 2, 0, 0, 70, 3, 3};
	sh[5 + 38] = 32;
	sh[5 + 71] = 0xc0, sh[5 + 72] = 0x2f;
	static const uint8_t ccs[6] = {20, 3, 3, 0, 1, 1};
	static const uint8_t certificate[12] = {22, 3, 3, 0, 7, 11, 0, 0, 3, 0, 0, 0};
	uint32_t shn = 5 + 74;
	memcpy(sh + shn, cert ? certificate : ccs, cert ? sizeof certificate : sizeof ccs);
	shn += cert ? sizeof certificate : sizeof ccs;
	struct {
		bool server;
		const uint8_t *b;
		uint32_t n;
	} seg[] = {{false, ch, sizeof ch}, {true, sh, shn}, {false, ccs, sizeof ccs}, {true, ccs, sizeof ccs}};
	uint32_t seq[2] = {1, 1};
	struct dissect_session *ses = dissect_session_new();
	struct packet p;
	memset(&p, 0, sizeof p);
	GString *out = g_string_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(seg); i++) {
		struct built f;
		int me = seg[i].server;
		tls_segment(&f, seg[i].server, seq[me], seq[!me], seg[i].b, seg[i].n);
		seq[me] += seg[i].n;
		struct frame fr = {.number = i + 1, .caplen = f.n, .len = f.n, .linktype = LINKTYPE_ETHERNET, .data = f.b,
				   .ts_ns = (int64_t)i * 1000000};
		dissect_frame_in(&p, &fr, ses, false);
		GString *s = g_string_new(NULL);
		experts_fill(&p, collect_proto, s);
		if (s->len)
			g_string_append_printf(out, "%zu:%s\n", i + 1, s->str);
		g_string_free(s, TRUE);
	}
	dissect_session_free(ses);
	return g_string_free(out, FALSE);
}

/* A ServerHello followed by the server's ChangeCipherSpec, the client
 * having offered a session ID: resumed.  With a Certificate between: a full
 * handshake, nothing to say. */
static void test_tls_resumption(void)
{
	g_autofree char *resumed = tls_handshake_items(false);
	/* (every change of cipher spec of the server's says so) */
	g_assert_cmpstr(resumed, ==,
			"2:TLS|Note|This session reuses previously negotiated keys (Session resumption)\n"
			"4:TLS|Note|This session reuses previously negotiated keys (Session resumption)\n");
	g_autofree char *full = tls_handshake_items(true);
	g_assert_cmpstr(full, ==, "");
}

/* A DCE/RPC PDU of type PTYPE (0 request, 11 bind) on context CTX, call
 * CALL, in B (little-endian); its length. */
static uint32_t dcerpc_pdu(uint8_t *b, uint8_t ptype, uint16_t ctx, uint32_t call)
{
	uint32_t n = ptype == 11 ? 16 + 12 + 44 : 16 + 8;
	memset(b, 0, n);
	b[0] = 5, b[2] = ptype, b[3] = 0x03, b[4] = 0x10;
	b[8] = (uint8_t)n, b[12] = (uint8_t)call;
	if (ptype == 11) {
		b[16] = b[18] = 0xb8, b[17] = b[19] = 0x10, b[24] = 1; /* one context */
		b[28] = (uint8_t)ctx, b[30] = 1;                    /* one transfer syntax */
		memset(b + 32, 0x11, 16);                           /* an interface of no name */
	} else {
		b[20] = (uint8_t)ctx;
	}
	return n;
}

/* Requests on a context no BIND named: Wireshark's note, with the context. */
static void test_dcerpc_unbound(void)
{
	struct dissect_session *ses = dissect_session_new();
	struct packet p;
	memset(&p, 0, sizeof p);
	static const struct {
		uint8_t ptype;
		uint16_t ctx;
		const char *items;
	} seq[] = {
		{0, 1, "DCERPC|Note|No bind info for interface Context ID 1 - capture start too late?"},
		{11, 1, ""},
		{0, 1, ""},
		{0, 3, "DCERPC|Note|No bind info for interface Context ID 3 - capture start too late?"},
	};
	uint32_t sq = 1;
	for (size_t i = 0; i < G_N_ELEMENTS(seq); i++) {
		uint8_t pdu[128];
		uint32_t n = dcerpc_pdu(pdu, seq[i].ptype, seq[i].ctx, (uint32_t)i + 1);
		struct built f;
		build_ip(&f, 6, 20 + n);
		uint8_t *t = f.b + 34;
		put16(t, 50000), put16(t + 2, 135), put32(t + 4, sq), put32(t + 8, 1);
		t[12] = 5 << 4, t[13] = 0x18, put16(t + 14, 512);
		memcpy(t + 20, pdu, n);
		sq += n;
		struct frame fr = {.number = i + 1, .caplen = f.n, .len = f.n, .linktype = LINKTYPE_ETHERNET, .data = f.b};
		dissect_frame_in(&p, &fr, ses, false);
		GString *s = g_string_new(NULL);
		experts_fill(&p, collect_proto, s);
		g_assert_cmpstr(s->str, ==, seq[i].items);
		g_string_free(s, TRUE);
	}
	dissect_session_free(ses);
}

/* A DNS response in the first fragment of a datagram of 228 bytes that is
 * not reassembled (the frame holds 42 of them): read to the fragment's
 * end, Wireshark's note under DNS and "[BoundErrorUnreassembled Packet]";
 * when the capture cut the frame shorter, its limit instead, and no note
 * (tshark 4.0 says the same of these frames). */
static void test_unreassembled_fragment(void)
{
	struct built f;
	build_ip(&f, 17, 8 + 14);
	put16(f.b + 16, 228);
	f.b[14 + 6] = 0x20; /* more fragments */
	put16(f.b + 34, 53), put16(f.b + 36, 40000), put16(f.b + 38, 200);
	static const uint8_t dns[14] = {0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 5, 'a'};
	memcpy(f.b + 42, dns, sizeof dns);
	g_autofree char *items = frame_items(f.b, f.n, LINKTYPE_ETHERNET);
	g_assert_cmpstr(items, ==,
			"IPv4|Error|IPv4 total length exceeds packet length (42 bytes)\n"
			"DNS|Note|Unreassembled fragment (change preferences to enable reassembly)");
	char cols[256];
	g_assert_cmpstr(cols_of(&f, cols, sizeof cols), ==, "DNS|Standard query response 0x1234[BoundErrorUnreassembled Packet]");
	struct packet p;
	struct frame fr;
	run_frame(&p, &fr, f.b, f.n, f.n + 10, LINKTYPE_ETHERNET); /* 10 bytes the capture left out */
	GString *s = g_string_new(NULL);
	experts_fill(&p, collect_proto, s);
	g_assert_cmpstr(s->str, ==, "IPv4|Error|IPv4 total length exceeds packet length (52 bytes)");
	g_string_free(s, TRUE);
	struct columns c = {.info = g_string_new(NULL)};
	columns_fill(&c, &p);
	g_assert_cmpstr(c.info->str, ==, "Standard query response 0x1234[Packet size limited during capture]");
	g_string_free(c.info, TRUE);
}

/* A SYN to port 80 with the options OPT (N bytes, a multiple of 4). */
static char *syn_items(const uint8_t *opt, uint32_t n)
{
	struct built f;
	build_ip(&f, 6, 20 + n);
	uint8_t *t = f.b + 34;
	put16(t, 40000), put16(t + 2, 80), put32(t + 4, 1000);
	t[12] = (uint8_t)((20 + n) / 4 << 4), t[13] = 0x02;
	put16(t + 14, 512);
	if (n)
		memcpy(t + 20, opt, n);
	return frame_items(f.b, f.n, LINKTYPE_ETHERNET);
}

/* A SYN with options but no MSS among them: Wireshark's note (tshark 4.0
 * says the same of these three SYNs); none without options. */
static void test_syn_without_mss(void)
{
	static const uint8_t sack_perm[] = {1, 1, 4, 2}, mss[] = {2, 4, 5, 0xb4};
	g_autofree char *bare = syn_items(NULL, 0), *no_mss = syn_items(sack_perm, 4), *with = syn_items(mss, 4);
	g_assert_cmpstr(bare, ==, "TCP|Chat|Connection establish request (SYN): server port 80");
	g_assert_cmpstr(no_mss, ==,
			"TCP|Chat|Connection establish request (SYN): server port 80\n"
			"TCP|Note|The SYN packet does not contain a MSS option");
	g_assert_cmpstr(with, ==, "TCP|Chat|Connection establish request (SYN): server port 80");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/expert/tcp-order-and-anchors", test_tcp_order_and_anchors);
	g_test_add_func("/expert/fields", test_fields);
	g_test_add_func("/expert/label", test_label);
	g_test_add_func("/expert/http-header-tokens", test_http_header_tokens);
	g_test_add_func("/expert/summary-format", test_summary_format);
	g_test_add_func("/expert/state-counts", test_state_counts);
	g_test_add_func("/expert/ethernet-trailer", test_ethernet_trailer);
	g_test_add_func("/expert/sll-trailer", test_sll_trailer);
	g_test_add_func("/expert/tls-unknown-record", test_tls_unknown_record);
	g_test_add_func("/expert/packet-comment", test_packet_comment);
	g_test_add_func("/expert/dsack", test_dsack);
	g_test_add_func("/expert/header-items", test_header_items);
	g_test_add_func("/expert/dhcp-secs", test_dhcp_secs);
	g_test_add_func("/expert/dns-retransmission", test_dns_retransmission);
	g_test_add_func("/expert/arp-duplicates", test_arp_duplicates);
	g_test_add_func("/expert/tcp-fast-open", test_tcp_fast_open);
	g_test_add_func("/expert/sip-headers", test_sip_headers);
	g_test_add_func("/expert/dns-unread-types", test_dns_unread_types);
	g_test_add_func("/expert/stun-unknown-attributes", test_stun_unknown_attributes);
	g_test_add_func("/expert/option-lengths", test_option_lengths);
	g_test_add_func("/expert/ipv4-items", test_ipv4_items);
	g_test_add_func("/expert/tls-resumption", test_tls_resumption);
	g_test_add_func("/expert/dcerpc-unbound", test_dcerpc_unbound);
	g_test_add_func("/expert/unreassembled-fragment", test_unreassembled_fragment);
	g_test_add_func("/expert/syn-without-mss", test_syn_without_mss);
	g_test_add_func("/expert/http-header-lines", test_http_header_lines);
	g_test_add_func("/expert/http-ntlmssp-info", test_http_ntlmssp_info);
	g_test_add_func("/expert/http-decompression", test_http_decompression);
	g_test_add_func("/expert/http-body-refused", test_http_body_refused);
	return g_test_run();
}
