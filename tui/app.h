/* app.h — what the terminal UI's screens share: the capture's index, the
 * rows on show (all frames or those a filter kept), the panes and the
 * interface every screen has (create, draw, resize, key, help).  Screens
 * never draw on their own: their key handlers say what happened, and the
 * one event loop (tui.c) draws. */
#ifndef ANALYZE_TUI_APP_H
#define ANALYZE_TUI_APP_H

#include <curses.h>
#include <glib.h>
#include <stdbool.h>

#include "analyzer/filter/filter.h"
#include "tui/columns.h"
#include "tui/editline.h"
#include "tui/filterrun.h"
#include "tui/index.h"
#include "tui/scroll.h"

struct tui_rect {
	int y, x, h, w;
};

/* What a key did, for the loop to act on. */
enum tui_act {
	TUI_ACT_NONE,     /* not this screen's key */
	TUI_ACT_DONE,     /* handled */
	TUI_ACT_SELECT,   /* handled; the selected frame changed */
	TUI_ACT_CLOSE,    /* close this screen */
	TUI_ACT_FILTER,   /* apply app->request (a filter text) */
	TUI_ACT_QUIT,
};

struct tui_app;

/* One key and what it does, for the help screen; lists end with {NULL, NULL}. */
struct tui_keyhelp {
	const char *keys;
	const char *what;
};

/* The interface of every screen. */
struct tui_screen {
	const char *title;
	void *(*create)(struct tui_app *app);
	void (*destroy)(void *self);
	void (*draw)(void *self, const struct tui_rect *r, bool focused);
	void (*resize)(void *self, const struct tui_rect *r);
	enum tui_act (*key)(void *self, int ch);
	const struct tui_keyhelp *help;
	bool (*step)(void *self);   /* background work a step at a time, true while
	                             * some remains; NULL when none */
};

extern const struct tui_screen tui_list_screen, tui_detail_screen, tui_bytes_screen, tui_help_screen,
	tui_stats_screen, tui_follow_screen, tui_props_screen, tui_columns_screen, tui_graph_screen;

enum { PANE_LIST, PANE_DETAIL, PANE_BYTES, PANE_COUNT };

/* Where the statistics screen was when it closed, so `s` reopens it there. */
struct tui_stats_place {
	int view;                 /* the view shown */
	guint conv_type, rtt_sort;
	guint sel[8], top[8];     /* per view: the selected row, the first shown */
	char find[128];           /* the text found last in the rows (/) */
};

struct tui_app {
	struct tui_index *idx;
	struct tui_reread *list_rr;    /* reads rows of the list */
	struct tui_reread *detail_rr;  /* reads the selected frame */
	GArray *rows;                  /* guint: frame indexes on show, NULL = every frame */
	GArray *order;                 /* guint: the frame indexes on show sorted, row by row
	                                * (sort.c), NULL = frame order */
	GArray *row_at;                /* guint: frame index -> its row in order (G_MAXUINT:
	                                * not on show), NULL with order */
	struct tui_sort *sort;         /* the column sorted by and its values (sort.c), or NULL */
	char *filter_text;             /* the filter applied, owned, NULL = none */
	struct tui_filter_run *running;/* a filter being applied, or NULL */
	struct tui_scroll list;        /* over the rows on show */
	void *pane[PANE_COUNT];        /* each pane's screen state */
	int focus;                     /* PANE_* with the keyboard */
	bool maximised;                /* the focused pane fills the screen */
	void *overlay;                 /* help or statistics screen on top, or NULL */
	const struct tui_screen *overlay_screen;
	bool editing;                  /* the filter bar has the keyboard */
	bool go_prompt;                /* the go-to-frame prompt has the keyboard */
	bool screen_prompt;            /* a screen's own prompt has the keyboard (follow's
	                                * save and find): the cursor is shown there */
	int prompt_y, prompt_x;        /* where its cursor is */
	struct tui_columns columns;    /* the list's field columns and hidden ones (columns.c) */
	struct tui_editline filter_edit;
	struct tui_editline go_edit;
	char *filter_error;            /* compile error of the text being typed, owned */
	int filter_error_col;          /* its column (1-based), 0 when none */
	char *message;                 /* status line message, owned */
	char *field_name;              /* filter name of the selected tree line, owned */
	int field_off, field_len;      /* bytes of that line in the frame, -1 when none */
	char *request;                 /* filter text a screen asks to apply, owned */
	struct tui_search *search;     /* the search prompt and run (search.c), or NULL */
	struct tui_export *export;     /* the export menu, prompt or run (export.c), or NULL */
	struct tui_save *save;         /* the prompt saving a tree line's bytes (savefile.c), or NULL */
	bool colour;
	char time_format;              /* 'r' relative, 'a' absolute (UTC), 'd' delta, 'D' delta
	                                * from the frame shown before, 'e' epoch,
	                                * 'u' 'U' UTC time / date and time, 'l' 'L' local */
	guint generation;              /* bumped when list rows must be formatted anew */
	struct tui_stats_place stats_place;
	char *menu_filter;             /* the field filter the and/or/not menu is for, owned */
	bool menu_apply;               /* the menu applies (else prepares) */
	guint tree_generation;         /* bumped when the selected frame's tree must be built anew */
};

/* The frame index shown at ROW. */
static inline guint tui_row_frame(const struct tui_app *app, guint row)
{
	if (app->order)
		return g_array_index(app->order, guint, row);
	return app->rows ? g_array_index(app->rows, guint, row) : row;
}
/* The first position of ROWS (frame indexes, ascending) holding FRAME or a
 * later frame (ROWS->len when none) (sort.c). */
guint tui_rows_lower_bound(const GArray *rows, guint frame);
/* The row showing frame index FRAME, G_MAXUINT when it is not on show (sort.c). */
guint tui_row_of(const struct tui_app *app, guint frame);
/* The frame shown before the one on ROW in frame order (what -t dd counts
 * from, whatever the sort), G_MAXUINT when none (sort.c). */
guint tui_frame_before(const struct tui_app *app, guint row);
/* The selected frame's index, or G_MAXUINT when the list is empty. */
guint tui_selected_frame(const struct tui_app *app);

/* A filter made from a tree line, TEXT: applied (APPLY) or put in the
 * filter bar to edit; with MENU, a menu on the status line first asks how
 * to join it to the filter applied (and, or, not). */
void tui_field_filter(struct tui_app *app, const char *text, bool apply, bool menu);

/* Sets the status line message (printf-like). */
void tui_message(struct tui_app *app, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Colours and attributes (theme.c). */
enum tui_colour {
	COL_NORMAL = 0, COL_TCP, COL_UDP, COL_DNS, COL_HTTP, COL_TLS, COL_ARP, COL_ICMP, COL_OTHER,
	COL_RST, COL_RETRANS, COL_BAD, COL_TITLE, COL_OK, COL_ERR, COL_HIGHLIGHT,
	COL_SIDE_A, COL_SIDE_B, /* a followed stream's two sides */
	COL_COUNT
};
void tui_theme_init(bool colour);
attr_t tui_attr(enum tui_colour c);
/* The colour of a packet-list row: trouble first, then the protocol. */
enum tui_colour tui_row_colour(const struct packet *p, uint8_t marks);

/* Draws TEXT at (Y, X), at most W columns, padding with blanks to W. */
void tui_put(int y, int x, int w, const char *text);

/* The columns changed: the rows are formatted anew and the columns saved
 * (a failure said on the status line). */
void tui_columns_changed(struct tui_app *app);

#endif
