/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tui_int: the dashboard's private state, shared by tui.c (layout, drawing,
 * the view), tui_keys.c (key sequences) and tui_overlay.c (help, detail).
 */
#ifndef WARREN_TUI_INT_H
#define WARREN_TUI_INT_H

#include <stdint.h>

#include "detail.h"
#include "pane.h"
#include "tui.h"

enum { TUI_CONNS, TUI_QUEUES, TUI_CONSUMERS, TUI_MESSAGES, TUI_NPANES };

enum tui_overlay {
	TUI_OVERLAY_NONE,
	TUI_OVERLAY_HELP,
	TUI_OVERLAY_DETAIL,
	TUI_OVERLAY_DIST,
	TUI_OVERLAY_LIST, /* the rows of the last list / show queue */
};

enum tui_action {
	TUI_ACT_NONE,
	TUI_ACT_HELP,
	TUI_ACT_FOCUS_NEXT,
	TUI_ACT_FOCUS_PREV,
	TUI_ACT_UP,
	TUI_ACT_DOWN,
	TUI_ACT_PGUP,
	TUI_ACT_PGDN,
	TUI_ACT_HOME,
	TUI_ACT_END,
	TUI_ACT_ACK,
	TUI_ACT_NACK,
	TUI_ACT_REJECT,
	TUI_ACT_PAUSE,
	TUI_ACT_FILTER,
	TUI_ACT_SORT,
	TUI_ACT_QUIT,
	TUI_ACT_CLEAR,
	TUI_ACT_REDRAW,
	TUI_ACT_ESCAPE, /* overlays only */
	TUI_ACT_TAB,	/* overlays only */
	TUI_ACT_AGAIN,	/* lesson: the step again (F9) */
	TUI_ACT_BACK,	/* lesson: the step before (F11) */
	TUI_ACT_NEXT,	/* lesson: the next step (F12) */
	TUI_ACT_LAYOUT,	/* the class layout on / off (Shift-F12) */
};

struct tui_geo {
	int y, x, h, w;
};

/* The narration box, laid out for the width (tui_narrate.c). */
struct tui_narration {
	char *title;
	char **text;
	enum tui_color *colors;
	size_t nlines;
};

struct tui {
	struct app *a;
	int rows, cols;
	int too_small;
	struct pane panes[TUI_NPANES];
	struct tui_geo geo[TUI_NPANES];
	int focus; /* -1: the command line */
	enum view_sort sort;
	uint64_t redraw_timer;
	double last_draw;
	int had_matches;

	enum tui_overlay overlay;
	size_t ov_top;
	uint64_t detail_seq; /* the log entry shown */
	enum detail_body detail_mode;
	enum msg_status detail_status;
	struct detail_lines detail;
	char *dist_queue; /* the distribution view's queue, NULL: all */
	struct detail_lines list; /* rows of the last list command */
	uint64_t list_job;	  /* the job whose table the list overlay holds */

	int nar_on;			/* a lesson speaks: the narration box is up */
	struct view_narration nar_src;	/* what it says (copied) */
	struct tui_narration nar;	/* ... wrapped for the width */
	int layout;			/* TUI_LAYOUT_*: the class layout */
};

/* The class layout: on, off, or on while a lesson runs on a screen <= 100 columns. */
enum { TUI_LAYOUT_AUTO, TUI_LAYOUT_CLASS, TUI_LAYOUT_NORMAL };
int tui_class_layout(const struct tui *t);

void tui_draw(struct tui *t);
void tui_layout(struct tui *t);
/* The rows above the narration box and the command line. */
int tui_body_rows(const struct tui *t);

/* tui_narrate.c */
void tui_narrate(struct app *a, const struct view_narration *n);
void tui_narrate_resize(struct tui *t);
int tui_narrate_height(const struct tui *t);
void tui_narrate_draw(struct tui *t);
void tui_narrate_free(struct tui *t);
void tui_dirty(struct tui *t);
struct pane *tui_focused(struct tui *t);
const struct log_entry *tui_selected_entry(struct tui *t);
void tui_settle_selected(struct tui *t, const char *verb);

/* tui_keys.c */
const char *const *tui_keys_sequences(void);
enum tui_action tui_keys_action(struct tui *t, const char *seq);
/* Split raw input into actions for the overlays; returns bytes used. */
size_t tui_keys_parse(const unsigned char *buf, size_t n, enum tui_action *act, int *ch);
/* The help text, one line each, NULL-terminated. */
extern const char *const tui_keys_help[];

/* tui_overlay.c */
void tui_overlay_open(struct tui *t, enum tui_overlay which);
void tui_overlay_close(struct tui *t);
void tui_overlay_draw(struct tui *t);
void tui_overlay_input(struct tui *t, const unsigned char *buf, size_t n);
const struct log_entry *tui_detail_entry(struct tui *t);
/* A list command's rows open (and fill) the list overlay. */
void tui_overlay_row(struct tui *t, const struct log_entry *e);
/* Open the detail view of message number id (or of log entry seq). */
int tui_detail_open(struct app *a, uint64_t id, uint64_t seq);
/* The view's detail operation: message id, its body shown as mode. */
int tui_detail_show(struct app *a, uint64_t id, int mode);
int tui_dist_open(struct app *a, const char *queue);
void tui_pause(struct app *a, int on);

#endif
