/* tshark_text.c — tshark's -z conv, -z endpoints and -z dests,tree layouts. */
#include "analyzer/tshark_text.h"

#include <inttypes.h>
#include <string.h>

#include "analyzer/output.h"

const char *tshark_size(char *buf, uint64_t bytes)
{
	static const char *const units[] = {" k", " M", " G", " T"};
	uint64_t v = bytes;
	int unit = -1;
	/* the largest unit of which there are at least 10 */
	for (int u = 3; u >= 0 && unit < 0; u--) {
		uint64_t scaled = bytes;
		for (int k = 0; k <= u; k++)
			scaled /= 1000;
		if (scaled >= 10) {
			v = scaled;
			unit = u;
		}
	}
	if (unit < 0)
		g_snprintf(buf, 32, "%" PRIu64 " bytes", v);
	else
		g_snprintf(buf, 32, "%" PRIu64 "%sB", v, units[unit]);
	return buf;
}

/* Wireshark keeps a time as whole seconds and nanoseconds of the same sign
 * and turns it into a double from those two. */
static double ns_seconds(int64_t ns)
{
	return (double)(ns / 1000000000) + (double)(ns % 1000000000) / 1000000000;
}

static const char *type_title(ConvType t)
{
	static const char *const titles[] = {"Ethernet", "IPv4", "IPv6", "TCP", "UDP"};
	return titles[t];
}

static bool has_ports(ConvType t)
{
	return t == CONV_TCP || t == CONV_UDP;
}

/* An address as tshark -n shows it, with ":PORT" when WITH_PORT. */
static const char *address(char *buf, const struct conv_addr *a, bool with_port)
{
	char text[64];
	if (a->kind == 0) {
		const uint8_t *m = a->bytes;
		g_snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	} else {
		addr_str(text, a->kind, a->bytes);
	}
	if (with_port)
		g_snprintf(buf, 80, "%s:%u", text, a->port);
	else
		g_strlcpy(buf, text, 80);
	return buf;
}

static const char rule80[] = "================================================================================";

void tshark_conv(FILE *fp, GPtrArray *convs, ConvType type, const char *filter, int64_t origin_ns)
{
	bool ports = has_ports(type);
	const char *pad = ports ? "            " : "";
	int w = ports ? 26 : 20;
	fprintf(fp, "%s\n%s Conversations\nFilter:%s\n", rule80, type_title(type), filter ? filter : "<No Filter>");
	fprintf(fp, "%s                                               |       <-      | |       ->      | "
		"|     Total     |    Relative    |   Duration   |\n", pad);
	fprintf(fp, "%s                                               | Frames  Bytes | | Frames  Bytes | "
		"| Frames  Bytes |      Start     |              |\n", pad);
	for (guint i = 0; i < convs->len; i++) {
		const struct conversation *c = convs->pdata[i];
		char a[80], b[80], rx[32], tx[32], all[32];
		double start = ns_seconds(c->first_ns - origin_ns), stop = ns_seconds(c->last_ns - origin_ns);
		/* "<-" is B to A, "->" A to B, A the source of the first frame */
		fprintf(fp, "%-*s <-> %-*s  %6" PRIu64 " %-9s  %6" PRIu64 " %-9s  %6" PRIu64 " %-9s  %14.9f   %12.4f\n",
			w, address(a, &c->a, ports), w, address(b, &c->b, ports), c->frames_ba,
			tshark_size(rx, c->bytes_ba), c->frames_ab, tshark_size(tx, c->bytes_ab),
			c->frames_ab + c->frames_ba, tshark_size(all, c->bytes_ab + c->bytes_ba), start, stop - start);
	}
	fprintf(fp, "%s\n", rule80);
}

void tshark_endpoints(FILE *fp, GPtrArray *ends, ConvType type, const char *filter)
{
	bool ports = has_ports(type);
	fprintf(fp, "%s\n%s Endpoints\nFilter:%s\n", rule80, type_title(type), filter ? filter : "<No Filter>");
	fprintf(fp, "                       |  %sPackets  | |  Bytes  | | Tx Packets | | Tx Bytes | "
		"| Rx Packets | | Rx Bytes |\n", ports ? "Port  ||  " : "");
	for (guint i = 0; i < ends->len; i++) {
		const struct endpoint *e = ends->pdata[i];
		char a[80], port[8] = "";
		fprintf(fp, "%-20s      ", address(a, &e->addr, false));
		if (ports) {
			g_snprintf(port, sizeof port, "%u", e->addr.port);
			fprintf(fp, "%5s     ", port);
		}
		fprintf(fp, "%6" PRIu64 "     %9" PRIu64 "     %6" PRIu64 "       %9" PRIu64 "      %6" PRIu64
			"       %9" PRIu64 "   \n", e->tx_frames + e->rx_frames, e->tx_bytes + e->rx_bytes,
			e->tx_frames, e->tx_bytes, e->rx_frames, e->rx_bytes);
	}
	fprintf(fp, "%s\n", rule80);
}

/* dests,tree: Wireshark's plain statistics-tree text ----------------------- */

#define DESTS_TITLE "IPv4 Statistics/Destinations and Ports"
#define DESTS_ROOT "Destinations and Ports" /* the title past its last '/' */
#define TREE_COLUMNS 8

/* The widest name plus its indent: the hidden root at 0, the top node at 1. */
static int name_width(const struct stat_node *n, int indent)
{
	int w = (int)strlen(n->name) + indent;
	for (guint i = 0; n->children && i < n->children->len; i++)
		w = MAX(w, name_width(n->children->pdata[i], indent + 1));
	return w;
}

static void tree_row(FILE *fp, const stat_tree *t, const struct stat_node *n, int indent, int width)
{
	char cols[TREE_COLUMNS][40] = {{0}};
	g_snprintf(cols[0], 40, "%" PRIu64, n->count);
	/* cols 1-3 (average, min, max) stay empty: these nodes count, they do not average */
	double elapsed = stat_tree_elapsed(t);
	if (elapsed != 0)
		g_snprintf(cols[4], 40, "%.4f", (double)(float)n->count / elapsed);
	if (!n->parent)
		g_strlcpy(cols[5], "100%", 40);
	else if (n->parent->count)
		g_snprintf(cols[5], 40, "%.2f%%", (double)n->count * 100.0 / (double)n->parent->count);
	if (n->max_burst) {
		g_snprintf(cols[6], 40, "%.4f", (double)n->max_burst / STAT_BURST_WINDOW_MS);
		g_snprintf(cols[7], 40, "%.3f", n->burst_ms / 1000.0);
	} else {
		g_strlcpy(cols[6], "-", 40);
		g_strlcpy(cols[7], "-", 40);
	}
	fprintf(fp, "%*s%-*s", indent, "", width - indent, n->name);
	for (int i = 0; i < TREE_COLUMNS; i++)
		fprintf(fp, " %-13s", cols[i]);
	fputc('\n', fp);
	g_autoptr(GPtrArray) kids = stat_node_sorted(n);
	for (guint i = 0; i < kids->len; i++)
		tree_row(fp, t, kids->pdata[i], indent + 1, width);
}

void tshark_dests(FILE *fp, const stat_tree *t)
{
	static const char *const names[TREE_COLUMNS] = {"Count", "Average", "Min Val", "Max Val",
							"Rate (ms)", "Percent", "Burst Rate", "Burst Start"};
	const struct stat_node *top = stat_tree_top(t);
	int width = MAX((int)strlen(DESTS_ROOT), name_width(top, 1));
	int rule = width + TREE_COLUMNS * 14;
	g_autofree char *eq = g_strnfill((gsize)rule, '=');
	g_autofree char *dash = g_strnfill((gsize)rule, '-');
	fprintf(fp, "\n%s\n%s:\n%-*s", eq, DESTS_TITLE, width, "Topic / Item");
	for (int i = 0; i < TREE_COLUMNS; i++)
		fprintf(fp, " %-13s", names[i]);
	fprintf(fp, "\n%s\n", dash);
	tree_row(fp, t, top, 0, width);
	fprintf(fp, "\n%s\n", dash);
}
