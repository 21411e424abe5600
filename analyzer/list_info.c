/* list_info.c — the summary line of a frame, as a packet list shows it:
 * the columns the protocols of the frame write (dissect/column.c). */
#include "analyzer/list_info.h"

#include "dissect/column.h"

int list_top_layer(const struct packet *p)
{
	for (int i = p->nlayers - 1; i >= 0; i--) {
		uint8_t pr = p->layers[i].proto;
		if (pr != PROTO_DATA && pr != PROTO_TCP_SEGMENTS && pr != PROTO_WS_MALFORMED && pr != PROTO_WS_SHORT &&
		    !(p->layers[i].flags & (PKT_IN_ERROR | PKT_NESTED)))
			return i;
	}
	return -1;
}

void list_line_fill(struct list_line *l, const struct packet *p)
{
	struct columns c = {.info = l->info};
	columns_fill(&c, p);
	g_strlcpy(l->src, c.src, sizeof l->src);
	g_strlcpy(l->dst, c.dst, sizeof l->dst);
	g_strlcpy(l->proto, c.proto, sizeof l->proto);
}
