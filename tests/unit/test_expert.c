/* Unit tests of expert items: TCP's items in the order of Wireshark's tree
 * and the lines they hang on, Wireshark's severity and group numbers, and
 * the _ws.expert fields. */
#include <glib.h>
#include <string.h>

#include "dissect/expert.h"
#include "dissect/field.h"
#include "dissect/tcp_conv.h"

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

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/expert/tcp-order-and-anchors", test_tcp_order_and_anchors);
	g_test_add_func("/expert/fields", test_fields);
	g_test_add_func("/expert/label", test_label);
	return g_test_run();
}
