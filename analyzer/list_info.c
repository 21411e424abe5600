/* list_info.c — the summary line of a frame, as a packet list shows it:
 * the columns the protocols of the frame write (dissect/column.c). */
#include "analyzer/list_info.h"

#include "dissect/column.h"

void list_line_fill(struct list_line *l, const struct packet *p)
{
	struct columns c = {.info = l->info};
	columns_fill(&c, p);
	g_strlcpy(l->src, c.src, sizeof l->src);
	g_strlcpy(l->dst, c.dst, sizeof l->dst);
	g_strlcpy(l->proto, c.proto, sizeof l->proto);
}
