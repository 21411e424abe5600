/* filterbar.h — the filter bar, the filter applied in the background, and
 * the go-to-frame prompt (see filterbar.c). */
#ifndef ANALYZE_TUI_FILTERBAR_H
#define ANALYZE_TUI_FILTERBAR_H

#include "tui/app.h"

void tui_filterbar_begin(struct tui_app *app);
/* Puts TEXT in the filter bar being edited, not selected, not applied. */
void tui_filterbar_prepare(struct tui_app *app, const char *text);
void tui_filterbar_draw(struct tui_app *app, int y, int w);
enum tui_act tui_filterbar_key(struct tui_app *app, int ch);

/* Applies TEXT (NULL or empty: show every frame): starts a background pass
 * the loop steps with tui_filter_step.  A bad filter only sets the message. */
void tui_filter_apply(struct tui_app *app, const char *text);
/* Runs up to N frames of the pass; returns true while it goes on.  At its
 * end the list shows the frames it kept. */
bool tui_filter_step(struct tui_app *app, guint n);
/* Stops the pass; the list keeps what it showed.  Safe when none runs. */
void tui_filter_cancel(struct tui_app *app);

void tui_goto_begin(struct tui_app *app);
void tui_goto_draw(struct tui_app *app, int y, int w);
enum tui_act tui_goto_key(struct tui_app *app, int ch);

#endif
