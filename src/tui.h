/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui: the dashboard: status bar, the four panes, the readline command line,
 * the help and message detail overlays.
 */
#ifndef WARREN_TUI_H
#define WARREN_TUI_H

#include <stdint.h>

struct app;

enum tui_sort {
	TUI_SORT_NAME,
	TUI_SORT_READY,
	TUI_SORT_UNACKED,
	TUI_SORT_CONSUMERS,
	TUI_SORT_RATE,
	TUI_NSORTS,
};

/* Run the dashboard until quit; returns the exit status. */
int tui_run(struct app *a);

/* Is the dashboard the app's view? (view commands work only there) */
int tui_active(const struct app *a);

enum tui_sort tui_sort_key(const struct app *a);
const char *tui_sort_name(enum tui_sort s);
int tui_sort_parse(const char *name, enum tui_sort *out);
void tui_set_sort(struct app *a, enum tui_sort s);
/* Filter the focused pane (the Messages pane when none has the focus). */
const char *tui_set_filter(struct app *a, const char *text);
void tui_pause(struct app *a, int on);

/* Open the detail view of message number id (or of log entry seq). */
int tui_detail_open(struct app *a, uint64_t id, uint64_t seq);
void tui_queue_detail(struct app *a, const char *name);
void tui_detail_mode(struct app *a, int mode);
/* Type text into the command line for the user (tutorials). */
void tui_prefill(struct app *a, const char *text);
/* The distribution view of queue (NULL: every queue), live. */
int tui_dist_open(struct app *a, const char *queue);

#endif
