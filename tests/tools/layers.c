/* layers.c — prints every frame's layer stack, one line per frame:
 * "NUMBER<TAB>eth:ip:udp:dns", layers quoted inside an ICMP error in
 * brackets, and _ws.malformed / _ws.short at the end when flagged.  Used to
 * compare dissection with another tool's per-frame protocol list. */
#include <stdio.h>

#include "analyzer/frameloop.h"
#include "dissect/field.h"

static void on_frame(const struct packet *p, void *data)
{
	uint64_t *n = data;
	printf("%" G_GUINT64_FORMAT "\t", ++*n);
	for (int i = 0; i < p->nlayers; i++) {
		const struct layer *l = &p->layers[i];
		const char *name = proto_get((enum proto_id)l->proto)->abbrev;
		printf(l->flags & PKT_IN_ERROR ? "%s[%s]" : "%s%s", i ? ":" : "", name);
	}
	if (p->flags & PKT_MALFORMED)
		fputs(":_ws.malformed", stdout);
	else if (p->flags & PKT_TRUNCATED)
		fputs(":_ws.short", stdout);
	putchar('\n');
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: layers FILE\n", stderr);
		return 2;
	}
	uint64_t n = 0;
	struct loop_counts counts;
	bool opened;
	GError *err = NULL;
	if (!frameloop_run(argv[1], LOOP_APPLICATION, NULL, NULL, on_frame, &n, &counts, &opened, &err)) {
		fprintf(stderr, "layers: %s\n", err->message);
		g_error_free(err);
		return 1;
	}
	return 0;
}
