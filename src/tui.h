/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui: the dashboard: status bar, the four panes, the readline command line,
 * the help and message detail overlays.
 */
#ifndef WARREN_TUI_H
#define WARREN_TUI_H

#include <stdint.h>

#include "view.h"

struct app;


/* Run the dashboard until quit; returns the exit status. */
int tui_run(struct app *a);

/* Is the dashboard the app's view? (view commands work only there) */
int tui_active(const struct app *a);

/* How the Queues pane is sorted now. */
enum view_sort tui_sort_key(const struct app *a);
/* Enter on a queue's row: show that queue (its name is the argument, never text). */
void tui_queue_detail(struct app *a, const char *name);

#endif
