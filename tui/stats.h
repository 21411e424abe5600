/* stats.h — what the statistics screen (stats.c) and its views'
 * rows (stats_views.c) share: the screen's state, its rows and the
 * background counts feeding them. */
#ifndef ANALYZE_TUI_STATS_H
#define ANALYZE_TUI_STATS_H

#include "stats/conv.h"
#include "stats/dests.h"
#include "stats/expert.h"
#include "stats/hierarchy.h"
#include "stats/rtt.h"
#include "tui/app.h"

enum view { V_PHS, V_DESTS, V_CONV, V_ENDPOINTS, V_RTT, V_EXPERT, V_COUNT };
/* The conversation types (T) and the RTT view's orders (o), in turn. */
enum { STATS_CONV_TYPES = 5, STATS_RTT_SORTS = 5 };
extern const ConvType stats_conv_types[STATS_CONV_TYPES];
extern const char *const stats_rtt_sorts[STATS_RTT_SORTS];

/* A row: its text, or (in the views that may have hundreds of thousands of
 * rows) the record it shows, formatted only when in view. */
struct srow {
	char *text;       /* owned; NULL: made from ref when drawn */
	char *filter;     /* owned; NULL: made from ref, or the row has none */
	const void *ref;  /* the view's record: a struct dest, conversation,
	                   * endpoint or rtt_conn; NULL for a text row */
	uint32_t sub;     /* destinations: 0 the address, else the transport
	                   * + 1 and the port's index + 1 (DEST_SUB) */
};
#define DEST_SUB(t, k) (((uint32_t)(t) + 1) | ((uint32_t)(k) << 8))

/* A background pass feeding one listener. */
struct counting {
	struct tui_pass pass;
	bool running, done;
	dests_state *dests;
	conv_state *conv[G_N_ELEMENTS(stats_conv_types)];
	rtt_state *rtt;
	expert_state *expert;
	phs_state *phs;        /* the hierarchy of the frames a filter keeps */
	dfilter *filter;       /* borrowed from the screen: the frames counted, or NULL */
};

struct stats {
	struct tui_app *app;
	enum view view;
	guint conv_type;        /* index in stats_conv_types */
	guint rtt_sort;         /* index in stats_rtt_sorts */
	GArray *rows;           /* struct srow */
	uint64_t dest_total[2]; /* destinations: IPv4 and IPv6 packets */
	char *head;             /* column heading, owned */
	bool stale;             /* rows must be built again */
	uint64_t phs_at;        /* frames counted when the hierarchy rows were built */
	struct counting c[V_COUNT];
	struct tui_scroll scroll;
	guint sel[V_COUNT], top[V_COUNT]; /* each view's place when last left */
	bool restore;           /* put the view at its place once its rows are built */
	dfilter *filter;        /* the filter applied when the screen opened, owned, or
	                         * NULL: the views count the frames it keeps, as
	                         * Wireshark's "limit to display filter" */
	char *filter_text;      /* its text, owned */
	bool finding;           /* the find prompt (/) has the keys */
	struct tui_editline find; /* what to find in the rows' text */
};

/* Conversations and endpoints share one count (V_CONV's). */
struct counting *stats_counting_of(struct stats *s, enum view v);
/* The rows of each view from its listener's state. */
void stats_build_phs(struct stats *s, const phs_state *phs);
void stats_build_dests(struct stats *s, dests_state *d);
void stats_build_conv(struct stats *s, conv_state *cs);
void stats_build_endpoints(struct stats *s, conv_state *cs);
void stats_build_rtt(struct stats *s, rtt_state *st);
void stats_build_expert(struct stats *s, const expert_state *st);
/* The text of ROW (in OUT when it is made from its record). */
const char *stats_row_text(struct stats *s, const struct srow *row, GString *out);
/* The filter of ROW, NULL when it has none; owned by the caller. */
char *stats_row_filter(struct stats *s, const struct srow *row);
/* The filter of conversation CV one way: A to B (A_TO_B) or B to A. */
char *stats_oneway_filter(const struct stats *s, const struct conversation *cv, bool a_to_b);

#endif
