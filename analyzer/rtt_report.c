/* rtt_report.c — `analyze rtt` as text: a table of connections, the
 * network-RTT summary, the slowest servers, a histogram. */
#include "analyzer/rtt_report.h"

#include <string.h>

#include "analyzer/cli.h"
#include "analyzer/output.h"

static const char *ms_or_dash(char *buf, int64_t ns)
{
	return ns == RTT_NONE ? "-" : millis_str(buf, ns);
}

static const char *frame_or_dash(char *buf, int64_t frame)
{
	if (frame == RTT_NONE || frame < 0)
		return "-";
	return uint_str(buf, (uint64_t)frame);
}

/* The SYN's answer: the SYN-ACK, or for a refused connection the RST ("R249"). */
static const char *answer_frame(char *buf, const struct rtt_conn *c)
{
	if (c->status != RTT_REFUSED)
		return frame_or_dash(buf, c->synack_frame);
	buf[0] = 'R';
	uint_str(buf + 1, c->rst_frame < 0 ? 0 : (uint64_t)c->rst_frame);
	return buf;
}

static int64_t answer_time(const struct rtt_conn *c)
{
	return c->status == RTT_REFUSED ? c->syn_to_rst : c->syn_to_synack;
}

void rtt_report_heading(char *buf, size_t size)
{
	g_snprintf(buf, size, "%6s  %-24s %-24s %7s %7s %7s %11s %11s %11s %4s  %-13s %-7s %11s", "stream", "client",
		   "server", "syn", "synack", "ack", "syn-synack", "synack-ack", "irtt", "retx", "status", "vantage",
		   "network");
}

/* A frame number, or "-" for none, right-aligned. */
static void lb_frame(struct linebuf *l, int64_t frame, int width)
{
	if (frame == RTT_NONE || frame < 0)
		lb_right(l, "-", width);
	else
		lb_right_uint(l, (uint64_t)frame, width);
}

static void lb_ms(struct linebuf *l, int64_t ns, int width)
{
	if (ns == RTT_NONE)
		lb_right(l, "-", width);
	else
		lb_right_millis(l, ns, width);
}

size_t rtt_report_line(char *buf, size_t size, const struct rtt_conn *c)
{
	char f[24];
	struct linebuf l;
	lb_init(&l, buf, size);
	lb_right_uint(&l, c->stream, 6);
	lb_str(&l, "  ");
	lb_left_addr_port(&l, c->family, c->client, c->client_port, 24);
	lb_str(&l, " ");
	lb_left_addr_port(&l, c->family, c->server, c->server_port, 24);
	lb_str(&l, " ");
	lb_frame(&l, c->syn_frame, 7);
	lb_str(&l, " ");
	if (c->status != RTT_REFUSED)
		lb_frame(&l, c->synack_frame, 7);
	else
		lb_right(&l, answer_frame(f, c), 7);
	lb_str(&l, " ");
	lb_frame(&l, c->ack_frame, 7);
	lb_str(&l, " ");
	lb_ms(&l, answer_time(c), 11);
	lb_str(&l, " ");
	lb_ms(&l, c->synack_to_ack, 11);
	lb_str(&l, " ");
	lb_ms(&l, c->irtt, 11);
	lb_str(&l, " ");
	lb_right_uint(&l, c->syn_count > 0 ? c->syn_count - 1 : 0, 4);
	lb_str(&l, "  ");
	lb_left(&l, rtt_status_name(c->status), 13);
	lb_str(&l, " ");
	lb_left(&l, c->vantage == VANTAGE_UNKNOWN ? "-" : rtt_vantage_name(c->vantage), 7);
	lb_str(&l, " ");
	lb_ms(&l, c->network_rtt, 11);
	return lb_len(&l, buf);
}

static void text_conns(FILE *fp, rtt_state *st, GArray *list, GArray *results)
{
	bool many = results->len > 1;
	char line[RTT_REPORT_LINE];
	rtt_report_heading(line, sizeof line);
	fprintf(fp, "%s%s\n", many ? "file  " : "", line);
	for (guint i = 0; i < list->len; i++) {
		struct rtt_conn c;
		rtt_get(st, g_array_index(list, guint, i), &c);
		if (many)
			fprintf(fp, "%4u  ", c.file + 1);
		size_t n = rtt_report_line(line, sizeof line - 1, &c);
		line[n] = '\n';
		fwrite_unlocked(line, 1, n + 1, fp);
	}
	if (many)
		for (guint i = 0; i < results->len; i++)
			fprintf(fp, "file %u: %s\n", i + 1, g_array_index(results, struct file_result, i).path);
}

static void text_summary(FILE *fp, const struct rtt_summary *s)
{
	char b[6][32];
	fprintf(fp, "\n%u connection%s: %u established, %u incomplete, %u refused, %u no answer, "
		"%u mid-handshake\n", s->connections, s->connections == 1 ? "" : "s", s->by_status[RTT_ESTABLISHED],
		s->by_status[RTT_INCOMPLETE], s->by_status[RTT_REFUSED], s->by_status[RTT_NO_ANSWER],
		s->by_status[RTT_MID_HANDSHAKE]);
	fprintf(fp, "network RTT (ms) over %u connection%s", s->samples, s->samples == 1 ? "" : "s");
	if (s->retransmitted)
		fprintf(fp, "; %u left out because their SYN was retransmitted (ambiguous)", s->retransmitted);
	fputc('\n', fp);
	if (!s->samples)
		return;
	fprintf(fp, "  min %s  median %s  p90 %s  p99 %s  max %s  mean %s\n", millis_str(b[0], s->min),
		millis_str(b[1], s->median), millis_str(b[2], s->p90), millis_str(b[3], s->p99),
		millis_str(b[4], s->max), millis_str(b[5], s->mean));
}

static void text_servers(FILE *fp, const struct rtt_summary *s, int top)
{
	char a[64], t1[32], t2[32], t3[32];
	guint n = s->servers->len;
	if (top > 0 && n > (guint)top)
		n = (guint)top;
	if (n == 0)
		return;
	fprintf(fp, "\nservers, slowest first (network RTT, ms):\n");
	fprintf(fp, "  %-30s %6s %7s %11s %11s %11s\n", "server", "conns", "samples", "median", "p95", "max");
	for (guint i = 0; i < n; i++) {
		const struct rtt_server *v = &g_array_index(s->servers, struct rtt_server, i);
		fprintf(fp, "  %-30s %6u %7u %11s %11s %11s\n", addr_port_str(a, v->family, v->addr, v->port),
			v->connections, v->samples, ms_or_dash(t1, v->median), ms_or_dash(t2, v->p95),
			ms_or_dash(t3, v->max));
	}
}

static void bucket_label(char *buf, size_t len, guint i)
{
	char lo[32], hi[32];
	if (i == 0) {
		g_snprintf(buf, len, "< %s ms", millis_str(hi, rtt_hist_bound_us(0) * 1000));
		return;
	}
	millis_str(lo, rtt_hist_bound_us(i - 1) * 1000);
	if (i == RTT_HIST_BUCKETS - 1) {
		g_snprintf(buf, len, ">= %s ms", lo);
		return;
	}
	g_snprintf(buf, len, "%s - %s ms", lo, millis_str(hi, rtt_hist_bound_us(i) * 1000));
}

static void text_histogram(FILE *fp, const struct rtt_summary *s)
{
	guint count[RTT_HIST_BUCKETS] = {0}, most = 0;
	if (!s->samples)
		return;
	if (s->histogram)
		memcpy(count, s->histogram, sizeof count);
	for (guint i = 0; !s->histogram && i < s->samples_ns->len; i++)
		count[rtt_hist_bucket(g_array_index(s->samples_ns, int64_t, i))]++;
	guint first = rtt_hist_bucket(s->min), last = rtt_hist_bucket(s->max);
	for (guint i = first; i <= last; i++)
		most = MAX(most, count[i]);
	fprintf(fp, "\nhistogram (network RTT):\n");
	for (guint i = first; i <= last; i++) {
		char label[48];
		bucket_label(label, sizeof label, i);
		guint bar = most ? (count[i] * 40 + most - 1) / most : 0;
		fprintf(fp, "  %-22s %6u ", label, count[i]);
		for (guint k = 0; k < bar; k++)
			fputc('#', fp);
		fputc('\n', fp);
	}
}

void rtt_report_text(FILE *fp, rtt_state *st, GArray *list, const struct rtt_summary *s, GArray *results, int top)
{
	if (s->connections == 0)
		fprintf(fp, "no TCP handshakes found\n");
	else
		text_conns(fp, st, list, results);
	if (top > 0 && s->connections > list->len)
		fprintf(fp, "(the %u slowest of %u connections)\n", list->len, s->connections);
	rtt_report_tail(fp, s, results, top);
}

void rtt_report_tail(FILE *fp, const struct rtt_summary *s, GArray *results, int top)
{
	text_summary(fp, s);
	text_servers(fp, s, top);
	text_histogram(fp, s);
	cli_text_file_notes(fp, results);
}
