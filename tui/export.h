/* export.h — exporting frames to a capture file (see export.c). */
#ifndef ANALYZE_TUI_EXPORT_H
#define ANALYZE_TUI_EXPORT_H

#include "tui/app.h"

/* Opens the export menu on the top line (once indexing has ended). */
void tui_export_begin(struct tui_app *app);
/* Whether the menu or a prompt of the export has the keyboard. */
bool tui_export_prompting(const struct tui_app *app);
void tui_export_draw(struct tui_app *app, int y, int w);
enum tui_act tui_export_key(struct tui_app *app, int ch);
/* Looks at the export being written; says on the status line when it
 * ended.  Returns false: the loop need not hurry for it. */
bool tui_export_step(struct tui_app *app);
/* Stops an export being written and frees its state; safe when none. */
void tui_export_free(struct tui_app *app);

#endif
