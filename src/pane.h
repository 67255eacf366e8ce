/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pane: one region of the dashboard. Each pane is a file (pane_*.c) that
 * fills in a struct pane_ops; tui.c knows none of them by name beyond the
 * list it lays out. Panes read the model and draw; they never change it.
 */
#ifndef WARREN_PANE_H
#define WARREN_PANE_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>

struct app;
struct pane;

struct pane_ops {
	const char *name; /* "Messages" */
	/* rows the pane has now (before filtering) */
	size_t (*count)(struct pane *p);
	/* the column header line (may be NULL) */
	void (*header)(struct pane *p, WINDOW *w, int y, int cols);
	/* draw row i on line y */
	void (*row)(struct pane *p, WINDOW *w, int y, int cols, size_t i);
	/* does row i contain the filter text? */
	int (*match)(struct pane *p, size_t i, const char *filter);
	/* Enter on row i (may be NULL) */
	void (*activate)(struct pane *p, size_t i);
	/* before drawing: sort, refresh caches (may be NULL) */
	void (*prepare)(struct pane *p);
	/* free what data points to, before data itself is freed (may be NULL) */
	void (*fini)(struct pane *p);
};

struct pane {
	const struct pane_ops *ops;
	struct app *app;
	int y, x, h, w;	   /* where the layout put it (title row included) */
	size_t top;	   /* first visible row */
	size_t sel;	   /* selected row */
	int follow;	   /* keep the newest row selected (Messages) */
	char filter[128];  /* substring filter, "" none */
	int paused;	   /* Messages: the view is frozen */
	uint64_t paused_seq; /* ...at this log entry */
	size_t *rows;	   /* visible rows (after filter), rebuilt per draw */
	size_t nrows, rows_cap;
	void *data;	   /* the pane's own state */
};

extern const struct pane_ops pane_conns_ops, pane_queues_ops, pane_consumers_ops,
	pane_messages_ops;

/* Shared drawing helpers (tui_draw.c). */
void tui_draw_init(int color);
enum tui_color {
	TUI_NORMAL,
	TUI_TITLE,
	TUI_TITLE_FOCUS,
	TUI_OK,
	TUI_WARN,
	TUI_ERROR,
	TUI_DIM,
	TUI_PENDING,
	TUI_ACKED,
	TUI_BAD,
	TUI_REQUEUED,
	TUI_AUTO,
	TUI_SELECT,
	TUI_MINE,
	TUI_NCOLORS,
};
void tui_attr(WINDOW *w, enum tui_color c, int on);
/* Put s at (y, x) cut or padded to exactly cols columns. */
void tui_put(WINDOW *w, int y, int x, int cols, const char *s);
/* A table cell: text made safe and fitted; returns the next x. */
int tui_cell(WINDOW *w, int y, int x, int cols, const char *s);
int tui_num(WINDOW *w, int y, int x, int cols, unsigned long long v);
int tui_cell_bytes(WINDOW *w, int y, int x, int cols, const void *data, size_t len);
int tui_cellf(WINDOW *w, int y, int x, int cols, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
