/* follow_stream.h — a followed stream's state and its reading, shared by
 * follow.c (reading the stream in a window, saving and finding) and
 * follow_screen.c (the screen: drawing and keys). */
#ifndef ANALYZE_TUI_FOLLOW_STREAM_H
#define ANALYZE_TUI_FOLLOW_STREAM_H

#include "tui/app.h"
#include "tui/editline.h"
#include "tui/follow.h"

#define FOLLOW_CHUNK (1u << 20) /* payload bytes between checkpoints */
#define WINDOW_CHUNKS 3         /* chunks the window holds at most */
#define LINE_MAX_BYTES 1024     /* an ASCII line is cut there */
#define SCAN_STEP 65536         /* index entries looked at per step */
#define READ_STEP 256           /* frames read per step */

/* Reads a stream's frames in order and gives their payload. */
struct cursor {
	struct tui_reread *rr;     /* owned */
	guint next;                /* the next frame index to look at */
	struct tui_follow_seq seq; /* TCP only */
	bool done;                 /* every frame of the stream given */
	uint64_t bytes;            /* payload bytes given, both sides */
	uint64_t side_bytes[2];    /* payload bytes given, per side */
	uint64_t side_off[2];      /* per side, gaps included: the hex dump's offset */
};

/* Where a cursor was at a frame boundary: reading on from there gives the
 * stream from byte `bytes` on. */
struct checkpoint {
	guint next;
	struct tui_follow_seq seq; /* owned */
	uint64_t bytes, side_bytes[2], side_off[2];
};

/* A run of bytes of one side in `data`, or a gap the capture lacks. */
struct run {
	uint8_t dir;
	uint32_t start, len; /* in data */
	uint32_t missing;    /* a gap of this many bytes (len 0) */
};

/* One line on the screen: bytes of one side, or a gap's note. */
struct line {
	uint8_t dir;
	bool open;        /* more bytes may join it */
	uint32_t start, len;
	uint32_t off;     /* offset of start in its side's bytes (hex dump) */
	uint32_t missing; /* a gap's note */
};

struct follow {
	struct tui_app *app;
	bool tcp;
	guint stream;
	char *side[2];         /* "addr:port" of each side, owned */
	uint8_t addr[2][16];   /* each side's address and port */
	uint8_t family;
	uint16_t port[2];
	bool know_sides;
	struct cursor load;    /* fills the window */
	struct cursor scan;    /* reads the whole stream once: totals, checkpoints */
	GArray *points;        /* struct checkpoint: [k] at the first frame boundary
	                        * with k * FOLLOW_CHUNK bytes or more before it */
	guint win;             /* the checkpoint the window starts at */
	uint64_t win_bytes;    /* stream bytes before the window */
	uint64_t win_off[2];   /* each side's hex offset at the window's start */
	GByteArray *data;      /* the payload in the window, both sides */
	GArray *runs;          /* struct run */
	GArray *lines;         /* struct line */
	uint64_t hex_off[2];   /* bytes of each side laid out (hex dump) */
	uint32_t cap;          /* read no further than this in data */
	bool want_end;         /* G before the stream was counted: go there then */
	int only;              /* -1 both sides shown, else only this side (0 '>', 1 '<') */
	bool hex;
	guint top;             /* first line shown */
	guint height;
	char *error;           /* a frame could not be read, owned */
	/* the prompt (w: save, /: find) and the pass it starts */
	char prompt;           /* 'w' or '/' while the prompt has the keys, else 0 */
	struct tui_editline edit;
	char job;              /* 'w' or '/' while its pass runs, else 0 */
	struct cursor jc;      /* the pass's own cursor */
	int job_only;          /* the sides it takes (fw->only when it began) */
	/* saving: the bytes go to a temporary file renamed to save_path at the end */
	int save_fd;
	char *save_path, *save_tmp; /* owned */
	bool save_replace;     /* the user said a file there may be replaced */
	char *save_ask;        /* a file that exists, awaiting y / n, owned */
	uint64_t saved;
	/* finding: an ASCII text in any case, from stream byte find_from on,
	 * wrapping to the start once */
	char *find_text;       /* owned, lower case */
	uint64_t find_from;
	bool find_wrapped;
	size_t find_have[2];   /* per side: how many bytes of the text match so far */
	uint64_t found;        /* where the match ends (the byte after it) */
	char *last_find;       /* owned: the text searched last */
	uint64_t last_found;   /* where its last match ended, 0: none */
};

/* Lays the window's bytes out in lines again (after a switch of sides or
 * of ASCII and hex). */
void follow_relayout(struct follow *fw);
/* A cursor's output that fills the window (USER: the follow). */
void follow_keep(int dir, const uint8_t *data, uint32_t len, uint32_t missing, void *user);
void follow_cursor_free(struct cursor *c);
/* Reads the window from checkpoint K on, up to CAP bytes (NOW: at once). */
void follow_load_window(struct follow *fw, guint k, uint32_t cap, bool now);
/* The stream byte line AT starts at. */
uint64_t follow_line_abs(const struct follow *fw, guint at);
/* Shows the line holding stream byte AT on top. */
void follow_place(struct follow *fw, uint64_t at);
/* Shows the end of the stream (once it is counted). */
void follow_go_end(struct follow *fw);
/* Stops the save or find pass; begins one for TEXT (the prompt's). */
void follow_job_end(struct follow *fw);
void follow_job_begin(struct follow *fw, const char *text);
/* The answer CH to whether save_ask is replaced. */
void follow_save_answer(struct follow *fw, int ch);
/* The screen's background work: the scan, the window, a save or find. */
bool follow_step(void *self);

#endif
